"""Messages made with jd.errors.say in one of the page's languages, from the page's gettext catalog
(jd/locales/<code>/LC_MESSAGES/page.po). Domain code: the page (jd/ui_text.py) and the Review panel's
template (jd/render.py `render_review`) both show messages through `localized`."""

from __future__ import annotations

from typing import Any

from .errors import Text, english_list
from .i18n import SOURCE_LANGUAGE, format_list, get_translations, language_code

PAGE_DOMAIN = "page"


def page_catalog(code: str) -> Any:
    """The page's catalog for an output-language code ("de", "pt-BR"); English has none."""
    return get_translations(code, domain=PAGE_DOMAIN)


def listed(items: list[str], code: str) -> str:
    """Items joined as the language lists them ("title and skills", "Titel und Fähigkeiten")."""
    return english_list(items) if language_code(code) == SOURCE_LANGUAGE else format_list(items, code)


def localized(message: object, code: str) -> str:
    """A message in the language `code`: a jd.errors.Text (made with `say`) from the page's catalog, its values
    too; anything else as it is (a name, a text the person typed, a message no catalog has)."""
    if not isinstance(message, Text):
        return str(message)
    catalog = page_catalog(code)
    if message.plural is not None and message.number is not None:
        template = catalog.ngettext(message.template, message.plural, message.number)
    else:
        template = catalog.gettext(message.template)
    values = {name: _value(value, code) for name, value in message.values.items()}
    try:
        return str(template).format(**values)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong field: the English is still right
        return str(message)


def _value(value: Any, code: str) -> str:
    if isinstance(value, list):
        return listed([localized(item, code) for item in value], code)
    return localized(value, code)
