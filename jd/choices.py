"""The choices a job's fields take: job types, work modes, tones, pay periods, output languages, currencies.

Each is a str enum whose value is what the form and the API show, with the other spellings people
type ("full time", "FULL_TIME", "hourly", "Deutsch", "de-DE") that `jd.spec.parse_job` accepts.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

import pycountry

from .errors import say


class _Choice(str, Enum):
    """A str enum that prints as its display value (enum.StrEnum needs Python 3.11; we support 3.10)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class JobType(_Choice):
    """Employment type; `.google` is schema.org/Google's employmentType code."""

    FULL_TIME = "Full-time"
    PART_TIME = "Part-time"
    CONTRACT = "Contract"
    FREELANCE = "Freelance"
    TEMPORARY = "Temporary"
    SEASONAL = "Seasonal"
    INTERNSHIP = "Internship"
    APPRENTICESHIP = "Apprenticeship"
    VOLUNTEER = "Volunteer"
    PER_DIEM = "Per diem"
    OTHER = "Other"

    @property
    def google(self) -> str:
        return _GOOGLE_EMPLOYMENT_TYPES[self]


_GOOGLE_EMPLOYMENT_TYPES = {
    JobType.FULL_TIME: "FULL_TIME",
    JobType.PART_TIME: "PART_TIME",
    JobType.CONTRACT: "CONTRACTOR",
    JobType.FREELANCE: "CONTRACTOR",
    JobType.TEMPORARY: "TEMPORARY",
    JobType.SEASONAL: "TEMPORARY",
    JobType.INTERNSHIP: "INTERN",
    # Google has no apprenticeship type; an apprentice is employed while training, so "OTHER" rather than INTERN.
    JobType.APPRENTICESHIP: "OTHER",
    JobType.VOLUNTEER: "VOLUNTEER",
    JobType.PER_DIEM: "PER_DIEM",
    JobType.OTHER: "OTHER",
}


class WorkMode(_Choice):
    ON_SITE = "On-site"
    HYBRID = "Hybrid"
    REMOTE = "Remote"


class Tone(_Choice):
    PROFESSIONAL = "professional"
    FRIENDLY = "friendly"
    CONCISE = "concise"


class SalaryPeriod(_Choice):
    """Pay period; `.unit_text` is schema.org's unitText."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"

    @property
    def unit_text(self) -> str:
        return self.value.upper()


class PayBasis(_Choice):
    """Whether the pay is stated before (gross) or after (net) tax and social contributions."""

    GROSS = "gross"
    NET = "net"


class Language(_Choice):
    """Output language; the value is its ISO 639-1 code (also the gettext catalog's and Babel's locale)."""

    ENGLISH = "en"
    GERMAN = "de"
    FRENCH = "fr"
    SPANISH = "es"
    DUTCH = "nl"
    ITALIAN = "it"
    PORTUGUESE_PT = "pt-PT"
    PORTUGUESE_BR = "pt-BR"
    POLISH = "pl"

    @classmethod
    def _missing_(cls, value: object) -> Language | None:
        """Codes in any case ("DE", "pt_BR"); "pt" (older versions' value) is European Portuguese
        (a job's country may pick Brazil: see parse_job)."""
        if isinstance(value, str):
            key = value.strip().replace("_", "-").lower()
            found = {lang.value.lower(): lang for lang in cls} | {"pt": cls.PORTUGUESE_PT}
            return found.get(key)
        return None

    @property
    def english_name(self) -> str:
        return _LANGUAGE_NAMES[self][0]

    @property
    def native_name(self) -> str:
        return _LANGUAGE_NAMES[self][1]


# (English name, own name). The English name is a jd.errors.Text: inside a message the page shows it in the
# recruiter's language, written as it stands inside a sentence ("allemand", "niemiecki").
_LANGUAGE_NAMES = {
    Language.ENGLISH: (say("English"), "English"),
    Language.GERMAN: (say("German"), "Deutsch"),
    Language.FRENCH: (say("French"), "Français"),
    Language.SPANISH: (say("Spanish"), "Español"),
    Language.DUTCH: (say("Dutch"), "Nederlands"),
    Language.ITALIAN: (say("Italian"), "Italiano"),
    Language.PORTUGUESE_PT: (say("European Portuguese"), "Português europeu"),
    Language.PORTUGUESE_BR: (say("Brazilian Portuguese"), "Português do Brasil"),
    Language.POLISH: (say("Polish"), "Polski"),
}
# Dropdown choices: (label, value); the label shows both names, e.g. "German (Deutsch)".
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (lang.english_name if lang is Language.ENGLISH else f"{lang.english_name} ({lang.native_name})", lang.value)
    for lang in Language
)

JOB_TYPES: tuple[str, ...] = tuple(t.value for t in JobType)
WORK_MODES: tuple[str, ...] = tuple(m.value for m in WorkMode)
TONES: tuple[str, ...] = tuple(t.value for t in Tone)
SALARY_PERIODS: tuple[str, ...] = tuple(p.value for p in SalaryPeriod)
LANGUAGES: tuple[str, ...] = tuple(lang.value for lang in Language)
PAY_BASES: tuple[str, ...] = tuple(b.value for b in PayBasis)

_COMMON_CURRENCIES = (
    "USD", "EUR", "GBP", "CAD", "AUD", "INR", "JPY", "CHF", "CNY", "SGD", "SEK", "NZD", "BRL", "MXN", "ZAR",
)  # fmt: skip
# Common codes first for dropdowns, then every other ISO 4217 code pycountry knows.
CURRENCIES: tuple[str, ...] = _COMMON_CURRENCIES + tuple(
    sorted(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in _COMMON_CURRENCIES)
)


def squash(text: str) -> str:
    """Lower-case and drop spaces, hyphens, underscores: 'Full time' == 'FULL_TIME' == 'full-time'."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


JOB_TYPE_SPELLINGS: dict[str, JobType] = {}
for _type in reversed(JobType):  # Google's code names the first type that maps to it ("CONTRACTOR": Contract)
    JOB_TYPE_SPELLINGS[squash(_type.google)] = _type
for _type in JobType:
    JOB_TYPE_SPELLINGS[squash(_type.value)] = _type
JOB_TYPE_SPELLINGS.update(
    {
        "contractor": JobType.CONTRACT,
        "freelancer": JobType.FREELANCE,
        "apprentice": JobType.APPRENTICESHIP,
        "traineeship": JobType.APPRENTICESHIP,
        "season": JobType.SEASONAL,
        "intern": JobType.INTERNSHIP,
        "temp": JobType.TEMPORARY,
        "perdiem": JobType.PER_DIEM,
        "volunteering": JobType.VOLUNTEER,
    }
)

WORK_MODE_SPELLINGS = {
    "onsite": WorkMode.ON_SITE,
    "inoffice": WorkMode.ON_SITE,
    "office": WorkMode.ON_SITE,
    "hybrid": WorkMode.HYBRID,
    "remote": WorkMode.REMOTE,
    "fullyremote": WorkMode.REMOTE,
}

PERIOD_SPELLINGS: dict[str, SalaryPeriod] = {}
for _period, _words in {
    SalaryPeriod.HOUR: ("hour", "hourly", "hr", "perhour", "anhour", "h"),
    SalaryPeriod.DAY: ("day", "daily", "perday", "aday", "d"),
    SalaryPeriod.WEEK: ("week", "weekly", "perweek", "aweek", "wk"),
    SalaryPeriod.MONTH: ("month", "monthly", "permonth", "amonth", "mo"),
    SalaryPeriod.YEAR: ("year", "yearly", "annual", "annually", "peryear", "ayear", "perannum", "pa", "yr"),
}.items():
    for _word in _words:
        PERIOD_SPELLINGS[_word] = _period

PAY_BASIS_SPELLINGS = {
    **dict.fromkeys(("gross", "beforetax", "brutto", "brut", "bruto", "brutos", "lordo", "lordi"), PayBasis.GROSS),
    **dict.fromkeys(("net", "aftertax", "netto", "neto", "netos", "netti", "liquido", "líquido"), PayBasis.NET),
}

# "pt" alone: Portugal, or Brazil when the job's country is Brazil (parse_job decides, see _regional_language).
GENERIC_PORTUGUESE = ("pt", "portuguese", "portugues", "português")
LANGUAGE_SPELLINGS: dict[str, Language] = {}
for _lang in Language:
    for _name in (_lang.value, _lang.english_name, _lang.native_name):
        LANGUAGE_SPELLINGS[squash(unicodedata.normalize("NFC", _name))] = _lang
LANGUAGE_SPELLINGS.update(
    {
        "francais": Language.FRENCH,
        "espanol": Language.SPANISH,
        **dict.fromkeys(GENERIC_PORTUGUESE, Language.PORTUGUESE_PT),
        "ptpt": Language.PORTUGUESE_PT,
        "ptbr": Language.PORTUGUESE_BR,
        "portugal": Language.PORTUGUESE_PT,
        "brazil": Language.PORTUGUESE_BR,
        "portuguesdobrasil": Language.PORTUGUESE_BR,
        "portuguesbrasileiro": Language.PORTUGUESE_BR,
        "castellano": Language.SPANISH,
        "flemish": Language.DUTCH,
        "vlaams": Language.DUTCH,
    }
)
