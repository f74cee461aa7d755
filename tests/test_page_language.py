"""The page's own language, without Gradio: every catalog complete, the switch's codes, the output language's
default, and the page's texts and the domain's messages read from the catalogs.

The page's texts are gettext catalogs (jd/locales/<code>/LC_MESSAGES/page.po, made by scripts/page_catalog.py);
these tests read them with Babel, as a translator's tool would.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from jd.i18n import get_translations
from jd.spec import LANGUAGES
from jd.ui_language import PAGE_LANGUAGES, _accepted, output_default, output_language, page_language

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "jd" / "locales"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/page.po"))
FIELD = re.compile(r"\{[^{}]*\}")
MARKUP = re.compile(r"\*\*|^#+ |`", re.MULTILINE)


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name, domain="page")


def _template():
    with (LOCALES / "page.pot").open("rb") as handle:
        return read_po(handle, domain="page")


def _forms(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def test_there_is_a_page_catalog_for_every_page_language_but_english():
    folders = {path.parent.parent.name for path in CATALOGS}
    wanted = {output_language(code).replace("-", "_") for code in PAGE_LANGUAGES} - {"en"}
    assert folders == wanted == {"de", "fr", "es", "nl", "it", "pt_BR", "pt_PT", "pl"}


def test_the_catalogs_are_up_to_date_with_the_page_and_the_domain():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from page_catalog import main
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert main(["--check"]) == 0, "run scripts/page_catalog.py and translate what it adds"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_every_text_is_translated_with_its_fields_and_markup_kept(path):
    catalog = _catalog(path)
    template = _template()
    problems = []
    for source in template:
        if not source.id:
            continue
        message = catalog.get(source.id, context=source.context)
        where = source.context or _forms(source.id)[0][:60]
        if message is None or message.fuzzy or not all(_forms(message.string)):
            problems.append(f"untranslated: {where}")
            continue
        fields = set(FIELD.findall("".join(_forms(source.id))))
        for form in _forms(message.string):
            # A singular may say "one" instead of {count}; no other field may be lost, none added.
            if not fields - {"{count}"} <= set(FIELD.findall(form)) <= fields:
                problems.append(f"fields differ: {where}: {form[:80]}")
            if sorted(MARKUP.findall(form)) != sorted(MARKUP.findall(_forms(source.id)[0])):
                problems.append(f"markup differs: {where}: {form[:80]}")
        if isinstance(source.id, tuple) and len(_forms(message.string)) != catalog.num_plurals:
            problems.append(f"plural forms: {where}: {len(_forms(message.string))} of {catalog.num_plurals}")
    assert problems == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_a_catalog_holds_no_text_the_page_no_longer_has(path):
    template_ids = {(message.context, _forms(message.id)[0]) for message in _template() if message.id}
    extra = [
        message.id
        for message in _catalog(path)
        if message.id and (message.context, _forms(message.id)[0]) not in template_ids
    ]
    assert extra == []


def test_the_translations_differ_from_the_english_where_the_words_should():
    """A copied English text is not a translation: these differ in every language."""
    english = {message.context: message.id for message in _template() if message.context}
    for path in CATALOGS:
        catalog = _catalog(path)
        for key in ("generate", "write", "tab_company", "page_language", "details_empty", "written"):
            message = catalog.get(english[key], context=key)
            assert _forms(message.string)[0] != _forms(message.id)[0], (path.parent.parent.name, key)


# ---- the switch's codes and the output language ------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("fr_CA", "fr"),
        ("pt-BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("pt-PT", "pt"),
        ("pt", "pt"),
        ("nl-BE", "nl"),
        ("pl-PL", "pl"),
        ("EN-gb", "en"),
        ("ja-JP", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_browser_language_picks_one_of_the_page_languages(given, expected):
    assert page_language(given) == expected


def test_each_page_language_writes_ads_in_an_output_language_the_app_has():
    outputs = {code: output_language(code) for code in PAGE_LANGUAGES}
    assert outputs["pt"] == "pt-PT" and outputs["pt-BR"] == "pt-BR" and outputs["de"] == "de"
    assert set(outputs.values()) <= set(LANGUAGES)


def test_the_output_language_follows_the_page_until_the_recruiter_picks_another():
    assert output_default("de", "en", "en") == "de"  # untouched: follows
    assert output_default("fr", "de", "de") == "fr"
    assert output_default("pt", "en", None) == "pt-PT"
    assert output_default("de", "en", "it") is None  # the recruiter chose Italian: kept
    assert output_default("en", "de", "it") is None
    assert output_default("de", "de", "de") is None  # nothing to change


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("ja,fr;q=0.5,de;q=0.7", "de"),  # Japanese is not a page language; German ranks above French
        ("en-US,en;q=0.9", "en"),
        ("ja", None),
        ("", None),
        ("pt-BR;q=bad,pl", "pl"),
    ],
)
def test_accept_language_picks_the_visitors_best_page_language(header, expected):
    assert _accepted(header) == expected


# ---- reading the catalogs at run time ----------------------------------------------------------------


def test_the_page_catalogs_are_read_at_run_time_with_plurals():
    polish = get_translations("pl", domain="page")
    singular, plural = (
        "Done. {count} responsibility written: edit it and the summary if you like, then generate the job description.",
        "Done. {count} responsibilities written: edit them and the summary if you like, then generate the job "
        "description.",
    )
    one, few, many = (polish.npgettext("written", singular, plural, n) for n in (1, 3, 5))
    assert len({one, few, many}) == 3 and "{count}" in few
    assert get_translations("de", domain="page").pgettext("generate", "Generate job description") != (
        "Generate job description"
    )


def test_every_domain_message_is_in_every_catalog():
    """Messages the domain makes with jd.errors.say (they have no key) are translated like the page's texts."""
    template = [message for message in _template() if message.id and not message.context]
    assert len(template) > 50
    for path in CATALOGS:
        catalog = _catalog(path)
        missing = [source.id for source in template if not all(_forms(getattr(catalog.get(source.id), "string", "")))]
        assert missing == [], path.parent.parent.name
