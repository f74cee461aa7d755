"""The experience field read in every output language: "5+ years", "mindestens 3 Jahre", "3 ans minimum",
"al menos 2 años", "minimaal 3 jaar", "almeno 2 anni", "pelo menos 2 anos", "co najmniej 2 lata".

`parse_years` gives the years as numbers, so the ad can write them in its own language with the right
plural ("1 rok", "2 lata", "5 lat") and JSON-LD can state `monthsOfExperience`. Text that says more
than a number of years ("3 years in retail") is not read: the ad then quotes it as typed, so nothing
the person wrote is lost.
"""

from __future__ import annotations

import re
from typing import TypedDict

MAX_YEARS = 60


class Years(TypedDict):
    """Experience in years: low, high (a range) or at_least (a minimum, "5+ years")."""

    low: int
    high: int | None
    at_least: bool


# Words before the number that make it a minimum ("at least 3 years").
_AT_LEAST_BEFORE = (
    r"at\s+least|min(?:imum|\.)?(?:\s+of)?|more\s+than|over|"  # English
    r"mindestens|ab|mehr\s+als|über|"  # German
    r"au\s+moins|plus\s+de|"  # French
    r"al\s+menos|m[íi]nimo(?:\s+de)?|m[áa]s\s+de|"  # Spanish, Portuguese
    r"minimaal|ten\s+minste|minstens|meer\s+dan|"  # Dutch
    r"almeno|minimo(?:\s+di)?|oltre|"  # Italian
    r"pelo\s+menos|no\s+m[íi]nimo|"  # Portuguese
    r"co\s+najmniej|powyżej|od"  # Polish
)
# Words after the number that make it a minimum ("3 years or more", "3 ans minimum").
_AT_LEAST_AFTER = (
    r"\+|or\s+more|plus|oder\s+mehr|und\s+mehr|ou\s+plus|minimum|o\s+m[áa]s|como\s+m[íi]nimo|of\s+meer|"
    r"minimaal|o\s+pi[ùu]|minimo|ou\s+mais|no\s+m[íi]nimo|lub\s+więcej|i\s+więcej|minimum"
)
_RANGE = r"-|–|—|to|bis|à|a|y|e|tot|t/m|do|and"
_UNIT = (
    r"years?|yrs?\.?|jahre?n?|jahr|ans?|ann[ée]es?|años?|jaar|anni|anno|anos?|"
    r"lat[a]?|rok(?:u|i)?"
)
# What may follow the unit: only words that say "of (work) experience" in one of the languages.
_EXPERIENCE_WORDS = (
    r"(?:of\s+)?(?:relevant\s+|professional\s+|work\s+)?experience|"
    r"(?:einschlägige\s+)?(?:berufs)?erfahrung|"
    r"d['’]\s*exp[ée]rience(?:\s+professionnelle)?|"
    r"de\s+experiencia(?:\s+profesional)?|"
    r"(?:relevante\s+)?(?:werk)?ervaring|"
    r"di\s+esperienza(?:\s+professionale)?|"
    r"de\s+experi[êe]ncia(?:\s+profissional)?|"
    r"doświadczenia(?:\s+zawodowego)?"
)
_BEFORE_RANGE = r"(?:between|zwischen|entre|tussen|tra|fra|da|de|od|von)\s+"
_YEARS = re.compile(
    rf"^(?:(?P<before>{_AT_LEAST_BEFORE})\s*)?(?:{_BEFORE_RANGE})?"
    rf"(?P<low>\d{{1,2}})\s*(?P<plus>\+)?"
    rf"(?:\s*(?:{_RANGE})\s*(?P<high>\d{{1,2}})\s*\+?)?"
    rf"\s*(?:{_UNIT})(?:\s*(?P<after>{_AT_LEAST_AFTER}))?"
    rf"(?:\s+(?:{_EXPERIENCE_WORDS}))?(?:\s*(?P<after2>{_AT_LEAST_AFTER}))?$",
    re.IGNORECASE,
)
_NONE = re.compile(
    r"^(?:none|no(?:\s+prior|\s+previous)?\s+experience(?:\s+required|\s+needed)?|not\s+required|entry[\s-]level|"
    r"keine(?:\s+(?:berufs)?erfahrung)?(?:\s+erforderlich|\s+nötig)?|"
    r"aucune(?:\s+exp[ée]rience)?(?:\s+requise)?|débutant(?:e|·e)?s?(?:\s+accepté(?:e|·e)?s?)?|"
    r"sin\s+experiencia(?:\s+previa)?|ninguna|"
    r"geen(?:\s+(?:werk)?ervaring)?(?:\s+nodig|\s+vereist)?|"
    r"nessuna(?:\s+esperienza)?(?:\s+richiesta)?|"
    r"sem\s+experi[êe]ncia(?:\s+pr[ée]via)?|nenhuma|"
    r"bez\s+doświadczenia|brak(?:\s+wymagań)?)$",
    re.IGNORECASE,
)


def parse_years(text: str | None) -> Years | None:
    """'5+ years' -> low 5, at least; '3-5 Jahre' -> low 3, high 5; 'keine Erfahrung' -> low 0; else None."""
    if not text:
        return None
    clean = " ".join(str(text).replace("\u00a0", " ").split()).strip(" .;:!")
    if _NONE.match(clean):
        return {"low": 0, "high": None, "at_least": False}
    match = _YEARS.match(clean)
    if not match:
        return None
    low = int(match["low"])
    high = int(match["high"]) if match["high"] else None
    if low > MAX_YEARS or (high is not None and high > MAX_YEARS):
        return None
    if high is not None and high <= low:
        high = None
    at_least = bool(match["before"] or match["plus"] or match["after"] or match["after2"])
    return {"low": low, "high": high, "at_least": at_least and high is None}


def months_of_experience(years: Years) -> int:
    """schema.org `monthsOfExperience`: the least experience asked for, in months."""
    return years["low"] * 12
