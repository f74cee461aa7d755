"""Output languages: gettext catalogs for the templates, and Babel for numbers, money, dates and lists.

Every fixed text of a job description lives in the templates (`_()`, `ngettext()` through
Jinja2's i18n extension); the translations are the gettext catalogs in
jd/locales/<code>/LC_MESSAGES/messages.po, read at run time (no compiled .mo files are
kept: a .po is compiled in memory once per process). English is the source language.

Regenerate the catalog template after changing a template string:

    .venv/bin/pybabel extract -F babel.cfg -o jd/locales/messages.pot .
    .venv/bin/pybabel update -i jd/locales/messages.pot -d jd/locales

This module imports nothing from jd.spec at run time; the pay line itself is a template (templates/pay.txt.j2,
called by jd.render with `pay_parts`).
"""

from __future__ import annotations

import io
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.lists import format_list as _babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import parse_pattern
from babel.support import NullTranslations, Translations

from .parsing import strip_list_marker

if TYPE_CHECKING:  # pragma: no cover
    from .spec import Job

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
SOURCE_LANGUAGE = "en"
DOMAIN = "messages"

# English keeps the ISO code before the amount ("USD 90,000–120,000 per year"): "$" alone is also
# the Canadian, Australian... dollar. Other languages use their locale's own currency format.
_ENGLISH_MONEY_PATTERN = "\u00a4\u00a4 #,##0.00"
_RANGE_DASH = "\u2013"


# Output languages written with a region: Portuguese (Portugal, Brazil). Others are the bare ISO 639-1 code.
_REGIONAL = {"pt": ("PT", "BR")}


def language_code(language: Any) -> str:
    """The output language's code: 'de' for Language.GERMAN, 'de', 'DE' or 'de-AT'; 'pt-BR' for
    'pt_br' (Portuguese alone, or another region, is 'pt-PT'); English for None."""
    text = str(getattr(language, "value", language) or SOURCE_LANGUAGE).strip().replace("_", "-")
    base, _, region = text.partition("-")
    base = base.lower() or SOURCE_LANGUAGE
    regions = _REGIONAL.get(base)
    if regions is None:
        return base
    return f"{base}-{region.upper() if region.upper() in regions else regions[0]}"


def catalog_name(code: str) -> str:
    """The folder and Babel locale of a language code: 'pt-BR' -> 'pt_BR', 'de' -> 'de'."""
    return language_code(code).replace("-", "_")


@lru_cache(maxsize=32)
def get_translations(code: str, domain: str = DOMAIN) -> NullTranslations:
    """The catalog for a language code, compiled in memory from its .po file; English needs none.

    `domain` "messages" is the ads' catalog; "page" is the page's own texts (jd/ui_text.py)."""
    code = language_code(code)
    if code == SOURCE_LANGUAGE:
        return NullTranslations()
    path = LOCALES_DIR / catalog_name(code) / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        raise LookupError(f"No translation catalog for language {code!r} ({path}).")
    with path.open("rb") as po:
        catalog = read_po(po, locale=catalog_name(code), domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def available_languages() -> tuple[str, ...]:
    """English plus every language with a catalog under jd/locales/, as codes ("de", "pt-BR")."""
    found = sorted(p.parent.parent.name.replace("_", "-") for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *found)


@lru_cache(maxsize=16)
def get_locale(code: str) -> Locale:
    return Locale.parse(catalog_name(code))


# ---------------------------------------------------------------------------
# Babel formatting in the output language


def format_list(items: Any, code: str) -> str:
    """'Python, SQL and dbt' / 'Python, SQL und dbt' / 'Python, SQL et dbt'."""
    items = [str(item) for item in items if str(item)]
    if not items:
        return ""
    text = _babel_format_list(items, style="standard", locale=get_locale(code))
    if language_code(code) == "es" and len(items) > 1 and _SPANISH_E.match(items[-1]):
        # Spanish writes "e" for "y" before an "i" sound: "Python e Illustrator" (but "y hielo").
        text = text[: len(text) - len(items[-1])].removesuffix(" y ") + " e " + items[-1]
    return text


_SPANISH_E = re.compile(r"(?:i|hi)(?![aeoué])", re.IGNORECASE)


def format_date(value: date, code: str) -> str:
    """'March 20, 2026' / '20. März 2026' / '20 mars 2026'."""
    return _babel_format_date(value, format="long", locale=get_locale(code))


def _is_whole(number: int | float) -> bool:
    return float(number).is_integer()


def _money_patterns(code: str, whole: bool) -> tuple[str, str]:
    """(pattern with the currency, same pattern without it) for amounts in `code`'s locale."""
    locale = get_locale(code)
    if code == SOURCE_LANGUAGE:
        money = _ENGLISH_MONEY_PATTERN
    else:
        money = locale.currency_formats["standard"].pattern.split(";")[0]
    if whole:
        money = re.sub(r"\.0+", "", money)  # whole amounts have no decimals: "58.000 €", not "58.000,00 €"
    number = money.replace("\u00a4", "").strip(" \u00a0\u202f")
    return money, number


# Languages that leave four-digit numbers ungrouped ("4500 €", "4500 zł"): CLDR's minimumGroupingDigits 2,
# which Babel's pattern formatting does not apply by itself.
_UNGROUPED_BELOW_10000 = frozenset({"es", "pl"})


def _grouped(pattern: str, amount: int | float, code: str) -> str:
    if language_code(code) in _UNGROUPED_BELOW_10000 and abs(amount) < 10_000:
        return pattern.replace("#,##0", "0")
    return pattern


def format_money(amount: int | float, currency: str, code: str, *, whole: bool | None = None) -> str:
    """'USD 90,000' (English), '58.000 €' (German), '25,50 €', '€ 4.500' (Dutch), '4500 €' (Spanish)."""
    whole = _is_whole(amount) if whole is None else whole
    money, _ = _money_patterns(code, whole)
    money = _grouped(money, amount, code)
    return parse_pattern(money).apply(amount, get_locale(code), currency=currency, currency_digits=False)


def format_money_range(low: int | float, high: int | float, currency: str, code: str) -> str:
    """'USD 90,000–120,000', '58.000–70.000 €', '50 000–60 000 €': the currency once, where the locale puts it."""
    whole = _is_whole(low) and _is_whole(high)
    money, number = _money_patterns(code, whole)
    locale = get_locale(code)
    high_money = parse_pattern(_grouped(money, high, code)).apply(
        high, locale, currency=currency, currency_digits=False
    )
    low_number = parse_pattern(_grouped(number, low, code)).apply(low, locale, currency=currency, currency_digits=False)
    high_number = parse_pattern(_grouped(number, high, code)).apply(
        high, locale, currency=currency, currency_digits=False
    )
    return high_money.replace(high_number, f"{low_number}{_RANGE_DASH}{high_number}", 1)


def pay_parts(job: Job, language: Any = None) -> tuple[str, str, str] | None:
    """(kind, amount text, period) for the pay line, or None without pay.

    kind is "exact" (one amount or a range), "from" (minimum only) or "up_to" (maximum only);
    the sentence around the amount is a template's (pay.txt.j2), so it is translated.
    """
    if not job.has_pay or job.currency is None or job.salary_period is None:
        return None
    code = language_code(language if language is not None else job.language)
    low, high = job.salary_min, job.salary_max
    period = job.salary_period.value
    if low is not None and high is not None:
        if low == high:
            return "exact", format_money(low, job.currency, code), period
        return "exact", format_money_range(low, high, job.currency, code), period
    if low is not None:
        return "from", format_money(low, job.currency, code), period
    if high is not None:
        return "up_to", format_money(high, job.currency, code), period
    return None  # not reached: has_pay means one of the two is set


# ---------------------------------------------------------------------------
# Experience in years: read in every output language by jd.experience (names kept here for callers).

from .experience import Years, parse_years  # noqa: E402,F401

_ITEM_SEPARATORS = re.compile(r"[;\n]")


def split_items(value: str | None) -> list[str]:
    """Benefits and the like: one item per line or per ';', list bullets removed, blanks dropped."""
    if not value:
        return []
    items = (strip_list_marker(part) for part in _ITEM_SEPARATORS.split(value))
    return [item for item in items if item]


# ---------------------------------------------------------------------------
# Words inside sentences

# Languages that capitalise nouns: a duty keeps its capital inside a sentence ("Datenmodelle pflegen").
_NOUNS_CAPITALISED = frozenset({"de"})
_VOWELS = "aeiouyàâäæéèêëîïôöœùûüÿáíóú"


def starts_with_vowel(text: str) -> bool:
    """Whether a name or title starts with a vowel letter ("Acme", "Ingénieur"): French elides before it."""
    letters = [ch for ch in str(text) if ch.isalpha()]
    return bool(letters) and letters[0].casefold() in _VOWELS


def inside_sentence(text: str, code: str, keep: Any = ()) -> str:
    """A duty as part of a sentence: closing punctuation dropped and, except in German, its first word
    in lower case when it is an ordinary capitalised word ("Build pipelines" -> "build pipelines";
    "SQL reviews", "PostgreSQL tuning" and the words in `keep` stay as written)."""
    text = str(text).rstrip(" .;:,")
    first = text.split(" ", 1)[0]
    kept = {str(word).casefold() for word in keep}
    if language_code(code) in _NOUNS_CAPITALISED or not first[:1].isupper() or first.casefold() in kept:
        return text
    if first[1:] != first[1:].lower():  # "SQL", "PostgreSQL", "iOS": a name, not a capitalised word
        return text
    return first[:1].lower() + text[1:]


def join_clauses(items: Any, code: str) -> str:
    """Clauses joined by semicolons, French style with a narrow no-break space before each."""
    separator = "\u202f; " if language_code(code) == "fr" else "; "
    return separator.join(str(item) for item in items)


@lru_cache(maxsize=512)
def country_name(alpha_2: str, code: str) -> str:
    """A country's name in the output language from pycountry's ISO 3166-1 translations ("Deutschland")."""
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return alpha_2
    name = getattr(country, "common_name", None) or country.name
    if language_code(code) == SOURCE_LANGUAGE:
        return name
    folder = catalog_name(code)
    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[folder, folder.split("_")[0]], fallback=True
    )
    common = translation.gettext(name)  # "South Korea" has its own entry in some languages
    return common if common != name else translation.gettext(country.name)
