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
from typing import TYPE_CHECKING, Any, TypedDict

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


def language_code(language: Any) -> str:
    """'de' for Language.GERMAN, 'de' or 'DE'; English for None."""
    code = str(getattr(language, "value", language) or SOURCE_LANGUAGE).strip().lower()
    return code or SOURCE_LANGUAGE


@lru_cache(maxsize=16)
def get_translations(code: str) -> NullTranslations:
    """The catalog for a language code, compiled in memory from its .po file; English needs none."""
    code = language_code(code)
    if code == SOURCE_LANGUAGE:
        return NullTranslations()
    path = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        raise LookupError(f"No translation catalog for language {code!r} ({path}).")
    with path.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def available_languages() -> tuple[str, ...]:
    """English plus every language with a catalog under jd/locales/."""
    found = sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *found)


@lru_cache(maxsize=16)
def get_locale(code: str) -> Locale:
    return Locale.parse(language_code(code))


# ---------------------------------------------------------------------------
# Babel formatting in the output language


def format_list(items: Any, code: str) -> str:
    """'Python, SQL and dbt' / 'Python, SQL und dbt' / 'Python, SQL et dbt'."""
    items = [str(item) for item in items if str(item)]
    if not items:
        return ""
    return _babel_format_list(items, style="standard", locale=get_locale(code))


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


def format_money(amount: int | float, currency: str, code: str, *, whole: bool | None = None) -> str:
    """'USD 90,000' (English), '58.000 €' (German), '25,50 €', '€ 4.500' (Dutch)."""
    whole = _is_whole(amount) if whole is None else whole
    money, _ = _money_patterns(code, whole)
    return parse_pattern(money).apply(amount, get_locale(code), currency=currency, currency_digits=False)


def format_money_range(low: int | float, high: int | float, currency: str, code: str) -> str:
    """'USD 90,000–120,000', '58.000–70.000 €', '50 000–60 000 €': the currency once, where the locale puts it."""
    whole = _is_whole(low) and _is_whole(high)
    money, number = _money_patterns(code, whole)
    locale = get_locale(code)
    high_money = parse_pattern(money).apply(high, locale, currency=currency, currency_digits=False)
    low_number = parse_pattern(number).apply(low, locale, currency=currency, currency_digits=False)
    high_number = parse_pattern(number).apply(high, locale, currency=currency, currency_digits=False)
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
# Experience in years, so the sentence around it can be translated

_YEARS = re.compile(
    r"^\s*(?:at\s+least\s+|min(?:imum|\.)?\s+)?(?P<low>\d{1,2})\s*(?P<plus>\+|\s*or\s+more)?"
    r"(?:\s*(?:-|\u2013|to)\s*(?P<high>\d{1,2})\s*\+?)?"
    r"\s*(?:years?|yrs?\.?)(?:\s+of)?(?:\s+(?:relevant\s+|professional\s+|work\s+)?experience)?\s*\.?\s*$",
    re.IGNORECASE,
)


class Years(TypedDict):
    """Experience in years, as `parse_years` reads it."""

    low: int
    high: int | None
    at_least: bool


def parse_years(text: str | None) -> Years | None:
    """'5+ years' -> {low: 5, high: None, at_least: True}; '3-5 years' -> low 3, high 5; else None."""
    if not text:
        return None
    match = _YEARS.match(text)
    if not match:
        return None
    low = int(match["low"])
    high = int(match["high"]) if match["high"] else None
    if high is not None and high <= low:
        high = None
    return {"low": low, "high": high, "at_least": bool(match["plus"]) and high is None}


_ITEM_SEPARATORS = re.compile(r"[;\n]")


def split_items(value: str | None) -> list[str]:
    """Benefits and the like: one item per line or per ';', list bullets removed, blanks dropped."""
    if not value:
        return []
    items = (strip_list_marker(part) for part in _ITEM_SEPARATORS.split(value))
    return [item for item in items if item]
