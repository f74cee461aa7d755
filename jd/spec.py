"""The job spec: what a person tells us about a role, checked and normalised.

A job arrives as a dict or a JSON object (from the form, the API or the CLI).
`parse_job` turns it into a frozen `Job` or raises `InvalidJob` listing every
problem at once, each naming its field in plain words.

Decisions worth knowing:
- Empty strings and None both mean "not given".
- Pay (`salary_min` and/or `salary_max`) needs BOTH a currency and a period:
  we never guess that "25" is per hour or per year, so nothing is invented.
  A currency or period given without any pay is kept and simply unused
  (form dropdowns usually have a default).
- Skills may be a list or one string separated by commas, semicolons or new
  lines; duplicates (ignoring case) are dropped, first spelling wins.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import pycountry
from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .errors import InvalidJob, Problem

# ---------------------------------------------------------------------------
# Choices


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


_LANGUAGE_NAMES = {
    Language.ENGLISH: ("English", "English"),
    Language.GERMAN: ("German", "Deutsch"),
    Language.FRENCH: ("French", "Français"),
    Language.SPANISH: ("Spanish", "Español"),
    Language.DUTCH: ("Dutch", "Nederlands"),
    Language.ITALIAN: ("Italian", "Italiano"),
    Language.PORTUGUESE_PT: ("European Portuguese", "Português europeu"),
    Language.PORTUGUESE_BR: ("Brazilian Portuguese", "Português do Brasil"),
    Language.POLISH: ("Polish", "Polski"),
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


def _squash(text: str) -> str:
    """Lower-case and drop spaces, hyphens, underscores: 'Full time' == 'FULL_TIME' == 'full-time'."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


_JOB_TYPE_SPELLINGS: dict[str, JobType] = {}
for _type in reversed(JobType):  # Google's code names the first type that maps to it ("CONTRACTOR": Contract)
    _JOB_TYPE_SPELLINGS[_squash(_type.google)] = _type
for _type in JobType:
    _JOB_TYPE_SPELLINGS[_squash(_type.value)] = _type
_JOB_TYPE_SPELLINGS.update(
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

_WORK_MODE_SPELLINGS = {
    "onsite": WorkMode.ON_SITE,
    "inoffice": WorkMode.ON_SITE,
    "office": WorkMode.ON_SITE,
    "hybrid": WorkMode.HYBRID,
    "remote": WorkMode.REMOTE,
    "fullyremote": WorkMode.REMOTE,
}

_PERIOD_SPELLINGS: dict[str, SalaryPeriod] = {}
for _period, _words in {
    SalaryPeriod.HOUR: ("hour", "hourly", "hr", "perhour", "anhour", "h"),
    SalaryPeriod.DAY: ("day", "daily", "perday", "aday", "d"),
    SalaryPeriod.WEEK: ("week", "weekly", "perweek", "aweek", "wk"),
    SalaryPeriod.MONTH: ("month", "monthly", "permonth", "amonth", "mo"),
    SalaryPeriod.YEAR: ("year", "yearly", "annual", "annually", "peryear", "ayear", "perannum", "pa", "yr"),
}.items():
    for _word in _words:
        _PERIOD_SPELLINGS[_word] = _period

_PAY_BASIS_SPELLINGS = {
    **dict.fromkeys(("gross", "beforetax", "brutto", "brut", "bruto", "brutos", "lordo", "lordi"), PayBasis.GROSS),
    **dict.fromkeys(("net", "aftertax", "netto", "neto", "netos", "netti", "liquido", "líquido"), PayBasis.NET),
}

# ---------------------------------------------------------------------------
# Limits (characters unless said otherwise)

MAX_JOB_CHARS = 10_000  # the whole job as JSON
MAX_SKILLS = 40
MAX_SKILL_CHARS = 60
MAX_UNKNOWN_REPORTED = 5  # unknown fields named one by one in an error; the rest are counted
MAX_PAY = 1_000_000_000  # far above any real salary; catches typos and overflow
# Yearly payments of a monthly salary: 12, 13 (a "13th month"), 14 (Spain, Italy, Portugal), up to 16.
PAYMENTS_PER_YEAR = range(12, 17)
TEXT_LIMITS = {
    "title": 120,
    "experience": 80,
    "company": 120,
    "about_company": 2000,
    "location": 120,
    "benefits": 2000,
    "schedule": 120,
    "apply_at": 300,
}
MULTILINE_FIELDS = frozenset({"about_company", "benefits"})

FIELD_LABELS = {
    "title": "Job title",
    "experience": "Experience",
    "skills": "Skills",
    "nice_to_have": "Nice to have",
    "company": "Company name",
    "about_company": "About the company",
    "job_type": "Job type",
    "work_mode": "Work mode",
    "location": "Location",
    "salary_min": "Minimum pay",
    "salary_max": "Maximum pay",
    "currency": "Currency",
    "salary_period": "Pay period",
    "benefits": "Benefits",
    "schedule": "Working hours",
    "apply_at": "How to apply",
    "tone": "Tone",
    "language": "Language",
    "mwd": "Gender marker in the title",
    "pay_basis": "Gross or net pay",
    "payments_per_year": "Payments per year",
    "consent_line": "Data-protection consent line",
    "date_posted": "Date posted",
    "valid_through": "Apply-by date",
    "occupation": "Occupation (O*NET-SOC code)",
}
JOB_LABEL = "Job"  # problems about the job as a whole

# ---------------------------------------------------------------------------
# Field normalisers. Each takes the raw value and returns the clean one or
# raises _problem(message); the message is shown after the field's label.


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("jd_problem", "{message}", {"message": message})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Bidirectional overrides can make text display differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _clean_text(value: Any, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise _problem("must be text.")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    # Unicode line and paragraph separators break lines in HTML and plain text output too.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").strip()
    allowed = "\n\t" if multiline else ""
    if any((unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in _BIDI_CONTROLS for ch in text):
        if multiline:
            raise _problem("contains control characters; only line breaks and tabs are allowed.")
        raise _problem("contains line breaks or other control characters; please use a single line.")
    if len(text) > limit:
        raise _problem(f"is too long ({len(text)} characters; the limit is {limit}).")
    return text


def _text_field(name: str, *, default: str | None = None):
    limit = TEXT_LIMITS[name]
    multiline = name in MULTILINE_FIELDS

    def normalise(value: Any) -> str | None:
        if _blank(value):
            return default
        return _clean_text(value, limit, multiline=multiline)

    return normalise


def _occupation(value: Any) -> str | None:
    """An O*NET-SOC code such as "35-3023.01" that names an occupation the app knows."""
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise _problem('must be an O*NET-SOC code such as "35-3023.01".')
    from . import occupations  # the data loads on first use, not at import

    code = value.strip()
    if not occupations.is_code(code):
        raise _problem(f'{code[:20]!r} is not an O*NET-SOC code; write it like "35-3023.01".')
    if occupations.get(code) is None:
        raise _problem(f"{code!r} is not an occupation in O*NET {occupations.ONET_RELEASE}; pick one the app suggests.")
    return code


def _title(value: Any) -> str:
    if _blank(value):
        raise _problem("is required; please enter the job title.")
    return _clean_text(value, TEXT_LIMITS["title"])


_SKILL_SEPARATORS = re.compile(r"[,;\n\u2028\u2029]")
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7]\s*)+")


def _skills(value: Any) -> tuple[str, ...]:
    if _blank(value):
        return ()
    if isinstance(value, str):
        items: list[Any] = _SKILL_SEPARATORS.split(value.replace("\r", "\n"))
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise _problem("must be a list of skills or one text separated by commas.")
    skills: list[str] = []
    seen: set[str] = set()
    for item in items:
        if _blank(item):
            continue
        if not isinstance(item, str):
            raise _problem("every skill must be text.")
        skill = _BULLET.sub("", _clean_text(item, 10 * MAX_SKILL_CHARS)).strip()
        if len(skill) > MAX_SKILL_CHARS:
            raise _problem(
                f"the skill '{skill[:30]}...' is too long ({len(skill)} characters; the limit is {MAX_SKILL_CHARS})."
            )
        key = skill.casefold()
        if skill and key not in seen:
            seen.add(key)
            skills.append(skill)
    if len(skills) > MAX_SKILLS:
        raise _problem(f"too many skills ({len(skills)}; the limit is {MAX_SKILLS}). Keep the ones that matter most.")
    return tuple(skills)


def _choice(spellings: Mapping[str, _Choice], allowed: tuple[str, ...], what: str):
    def normalise(value: Any):
        if _blank(value):
            return None
        if not isinstance(value, str):
            raise _problem("must be text.")
        found = spellings.get(_squash(value))
        if found is None:
            raise _problem(f"{value.strip()[:40]!r} is not a known {what}; choose one of: {', '.join(allowed)}.")
        return found

    return normalise


_job_type = _choice(_JOB_TYPE_SPELLINGS, JOB_TYPES, "job type")
_pay_basis = _choice(_PAY_BASIS_SPELLINGS, PAY_BASES, "pay basis")
_work_mode = _choice(_WORK_MODE_SPELLINGS, WORK_MODES, "work mode")
_salary_period = _choice(_PERIOD_SPELLINGS, SALARY_PERIODS, "pay period")


def _tone(value: Any) -> Tone:
    if _blank(value):
        return Tone.PROFESSIONAL
    if isinstance(value, str):
        try:
            return Tone(value.strip().casefold())
        except ValueError:
            pass
        raise _problem(f"{value.strip()[:40]!r} is not a known tone; choose one of: {', '.join(TONES)}.")
    raise _problem("must be text.")


# "pt" alone: Portugal, or Brazil when the job's country is Brazil (parse_job decides, see _regional_language).
_GENERIC_PORTUGUESE = ("pt", "portuguese", "portugues", "português")
_LANGUAGE_SPELLINGS: dict[str, Language] = {}
for _lang in Language:
    for _name in (_lang.value, _lang.english_name, _lang.native_name):
        _LANGUAGE_SPELLINGS[_squash(unicodedata.normalize("NFC", _name))] = _lang
_LANGUAGE_SPELLINGS.update(
    {
        "francais": Language.FRENCH,
        "espanol": Language.SPANISH,
        **dict.fromkeys(_GENERIC_PORTUGUESE, Language.PORTUGUESE_PT),
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


def _language(value: Any) -> Language:
    """A language name (English or its own), or its code, any case: "German", "Deutsch", "de", "de-DE"."""
    if _blank(value):
        return Language.ENGLISH
    if isinstance(value, Language):
        return value
    if not isinstance(value, str):
        raise _problem("must be text.")
    key = _squash(unicodedata.normalize("NFC", value))
    found = _LANGUAGE_SPELLINGS.get(key)
    if found is None and re.fullmatch(r"[a-z]{2}[a-z]{2}", key):  # "de-DE", "pt_BR": the language part decides
        found = _LANGUAGE_SPELLINGS.get(key[:2])
    if found is None:
        names = ", ".join(lang.english_name for lang in Language)
        # The value is not echoed: the field used to be free text, and error messages never repeat hostile input.
        raise _problem(f"is not one of the available output languages: {names}.")
    return found


_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"']+@[^@\s<>()\[\],;:\"']+\.[A-Za-z]{2,}")
_WEB_URL = re.compile(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+", re.IGNORECASE)


def _apply_at(value: Any) -> str | None:
    """Where to apply: a web address (http:// or https://) or an e-mail address."""
    if _blank(value):
        return None
    text = _clean_text(value, TEXT_LIMITS["apply_at"])
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if _EMAIL.fullmatch(text) or _WEB_URL.fullmatch(text):
        return text
    if re.fullmatch(r"www\.[^\s<>\"'`]+\.[^\s<>\"'`]+", text, re.IGNORECASE):
        return "https://" + text
    raise _problem("must be a web address starting with https:// or an e-mail address such as jobs@example.com.")


def _flag(value: Any) -> bool:
    if _blank(value):
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("true", "yes", "1", "on", "false", "no", "0", "off"):
        return value.strip().casefold() in ("true", "yes", "1", "on")
    raise _problem("must be true or false.")


def _currency(value: Any) -> str | None:
    if _blank(value):
        return None
    if not isinstance(value, str):
        raise _problem("must be a three-letter currency code such as USD or EUR.")
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise _problem(f"{value.strip()[:20]!r} is not an ISO 4217 currency code; use a code such as USD, EUR or GBP.")
    return code


_NUMBER_NOISE = re.compile(r"[\s,_'\u00a0\u202f]")


def _pay(value: Any) -> int | float | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _problem("must be a number such as 90000.")
    if isinstance(value, str):
        text = _NUMBER_NOISE.sub("", value)
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
            raise _problem(f"{value.strip()[:20]!r} is not a number; write it like 90000 or 90,000.")
        number = float(text)
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        raise _problem("must be a number such as 90000.")
    if not math.isfinite(number):
        raise _problem("must be a finite number.")
    if number < 0:
        raise _problem("cannot be negative.")
    if number > MAX_PAY:
        raise _problem(f"is too large (the limit is {MAX_PAY:,}).")
    number = round(number, 2)
    return int(number) if number.is_integer() else number


def _payments(value: Any) -> int | None:
    """How many times a year the pay is paid: 12 to 16 ("14" in Spain, Italy, Portugal)."""
    if _blank(value):
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}(\.0*)?\s*", value):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in PAYMENTS_PER_YEAR:
        raise _problem(f"must be a whole number from {PAYMENTS_PER_YEAR[0]} to {PAYMENTS_PER_YEAR[-1]}, e.g. 14.")
    return value


def _date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _problem("must be a date written as YYYY-MM-DD, for example 2026-01-31.")


OptionalText = str | None
Title = Annotated[str, BeforeValidator(_title)]
Skills = Annotated[tuple[str, ...], BeforeValidator(_skills)]


class Job(BaseModel):
    """A validated job spec. Build it with `parse_job`; it cannot be changed afterwards."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Title
    experience: Annotated[OptionalText, BeforeValidator(_text_field("experience"))] = None
    skills: Skills = ()
    nice_to_have: Skills = ()
    company: Annotated[OptionalText, BeforeValidator(_text_field("company"))] = None
    about_company: Annotated[OptionalText, BeforeValidator(_text_field("about_company"))] = None
    job_type: Annotated[JobType | None, BeforeValidator(_job_type)] = None
    work_mode: Annotated[WorkMode | None, BeforeValidator(_work_mode)] = None
    location: Annotated[OptionalText, BeforeValidator(_text_field("location"))] = None
    salary_min: Annotated[int | float | None, BeforeValidator(_pay)] = None
    salary_max: Annotated[int | float | None, BeforeValidator(_pay)] = None
    currency: Annotated[OptionalText, BeforeValidator(_currency)] = None
    salary_period: Annotated[SalaryPeriod | None, BeforeValidator(_salary_period)] = None
    benefits: Annotated[OptionalText, BeforeValidator(_text_field("benefits"))] = None
    schedule: Annotated[OptionalText, BeforeValidator(_text_field("schedule"))] = None
    apply_at: Annotated[OptionalText, BeforeValidator(_apply_at)] = None
    tone: Annotated[Tone, BeforeValidator(_tone)] = Tone.PROFESSIONAL
    language: Annotated[Language, BeforeValidator(_language)] = Language.ENGLISH
    mwd: Annotated[bool, BeforeValidator(_flag)] = True
    pay_basis: Annotated[PayBasis, BeforeValidator(lambda v: _pay_basis(v) or PayBasis.GROSS)] = PayBasis.GROSS
    payments_per_year: Annotated[int | None, BeforeValidator(_payments)] = None
    consent_line: Annotated[bool, BeforeValidator(_flag)] = True
    date_posted: Annotated[date | None, BeforeValidator(_date)] = None
    valid_through: Annotated[date | None, BeforeValidator(_date)] = None
    occupation: Annotated[str | None, BeforeValidator(_occupation)] = None  # O*NET-SOC code (jd/occupations.py)

    @property
    def has_pay(self) -> bool:
        return self.salary_min is not None or self.salary_max is not None

    @property
    def display_title(self) -> str:
        """The title as published: with the language's gender marker ("(m/w/d)", "(H/F)"...) unless
        `mwd` is off or the title already has one (jd/title_markers.py)."""
        from .title_markers import marked_title

        return marked_title(self.title, self.language.value, self.mwd)

    @property
    def apply_is_email(self) -> bool:
        return bool(self.apply_at and _EMAIL.fullmatch(self.apply_at))

    @model_validator(mode="after")
    def _check_together(self) -> Job:
        problems = _cross_field_problems(self.__dict__)
        if problems:
            raise _problem(" ".join(str(p) for p in problems))
        return self


FIELDS: tuple[str, ...] = tuple(Job.model_fields)
# One validator per field: its type with its metadata (the BeforeValidator) put back as Annotated.
_FIELD_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(info.rebuild_annotation()) for name, info in Job.model_fields.items()
}


def _cross_field_problems(values: Mapping[str, Any], invalid: frozenset[str] = frozenset()) -> list[Problem]:
    """Rules that involve two fields; `invalid` fields were already reported, so are not "missing"."""
    problems = []
    low, high = values.get("salary_min"), values.get("salary_max")
    if low is not None and high is not None and low > high:
        problems.append(
            Problem(
                FIELD_LABELS["salary_min"],
                f"is larger than the maximum pay ({low:,} > {high:,}); swap them or fix one.",
            )
        )
    if low is not None or high is not None:
        if values.get("currency") is None and "currency" not in invalid:
            problems.append(Problem(FIELD_LABELS["currency"], "is needed when pay is given (for example USD or EUR)."))
        if values.get("salary_period") is None and "salary_period" not in invalid:
            problems.append(
                Problem(
                    FIELD_LABELS["salary_period"],
                    f"is needed when pay is given; choose one of: {', '.join(SALARY_PERIODS)}.",
                )
            )
    payments, period = values.get("payments_per_year"), values.get("salary_period")
    if payments is not None and period is not None and period not in (SalaryPeriod.MONTH, SalaryPeriod.YEAR):
        problems.append(
            Problem(FIELD_LABELS["payments_per_year"], "applies to monthly or yearly pay only; leave it empty.")
        )
    posted, until = values.get("date_posted"), values.get("valid_through")
    if posted is not None and until is not None and until < posted:
        problems.append(
            Problem(
                FIELD_LABELS["valid_through"],
                f"cannot be before the date posted ({until.isoformat()} is before {posted.isoformat()}).",
            )
        )
    return problems


# ---------------------------------------------------------------------------
# Public API


def _translate(name: str, error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into our own plain messages (never pydantic's wording)."""
    label = FIELD_LABELS[name]
    problems = []
    for detail in error.errors(include_url=False):
        message = detail["ctx"]["message"] if detail["type"] == "jd_problem" else "has a value of the wrong kind."
        problems.append(Problem(label, message))
    return problems or [Problem(label, "is not valid.")]


def _too_large(size: int) -> InvalidJob:
    return InvalidJob([Problem(JOB_LABEL, f"is too large ({size:,} characters; the limit is {MAX_JOB_CHARS:,}).")])


def _load(data: Any) -> dict:
    if isinstance(data, (str, bytes)):
        if len(data) > MAX_JOB_CHARS:
            raise _too_large(len(data))
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            reason = getattr(error, "msg", "cannot be decoded")
            raise InvalidJob([Problem(JOB_LABEL, f"is not valid JSON ({reason}).")]) from None
    if not isinstance(data, Mapping):
        raise InvalidJob([Problem(JOB_LABEL, 'must be an object with fields such as "title".')])
    if not all(isinstance(key, str) for key in data):
        raise InvalidJob([Problem(JOB_LABEL, "field names must be text.")])
    size = len(json.dumps(dict(data), default=str, ensure_ascii=False))
    if size > MAX_JOB_CHARS:
        raise _too_large(size)
    return dict(data)


def parse_job(data: Mapping[str, Any] | str | Job) -> Job:
    """Check and normalise a job; raise `InvalidJob` with one `Problem` per problem found."""
    if isinstance(data, Job):
        return data
    raw = _regional_language(_load(data))
    problems: list[Problem] = []
    unknown = [key for key in raw if key not in Job.model_fields]
    for key in unknown[:MAX_UNKNOWN_REPORTED]:
        hint = difflib.get_close_matches(key, FIELDS, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; known fields are: {', '.join(FIELDS)}."
        problems.append(Problem(key[:40], f"unknown field '{key[:40]}'{suggestion}"))
    if len(unknown) > MAX_UNKNOWN_REPORTED:
        # One line for the rest keeps the message short whatever the input holds.
        more = len(unknown) - MAX_UNKNOWN_REPORTED
        problems.append(Problem(JOB_LABEL, f"{more:,} more unknown field(s); known fields are: {', '.join(FIELDS)}."))
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    for name, adapter in _FIELD_ADAPTERS.items():
        if name not in raw:
            continue
        try:
            values[name] = adapter.validate_python(raw[name])
        except ValidationError as error:
            invalid.add(name)
            problems.extend(_translate(name, error))
    if "title" not in raw:
        problems.append(Problem(FIELD_LABELS["title"], "is required; please enter the job title."))
    problems.extend(_cross_field_problems(values, frozenset(invalid)))
    if problems:
        raise InvalidJob(problems)
    return Job.model_validate(values)


def _regional_language(raw: dict) -> dict:
    """A language given as plain "pt"/"Portuguese" is Brazilian Portuguese for a job in Brazil (by its
    location, or BRL pay without a location), else European Portuguese."""
    value = raw.get("language")
    if not isinstance(value, str) or _squash(unicodedata.normalize("NFC", value)) not in _GENERIC_PORTUGUESE:
        return raw
    from .location import parse_location

    place = raw.get("location")
    country = parse_location(place).country if isinstance(place, str) and place.strip() else None
    brazil = country == "BR" or (country is None and str(raw.get("currency") or "").strip().upper() == "BRL")
    return raw | {"language": (Language.PORTUGUESE_BR if brazil else Language.PORTUGUESE_PT).value}


def job_to_dict(job: Job) -> dict[str, Any]:
    """The job as a JSON-safe dict with the contract's keys; `parse_job` reads it back unchanged."""
    return job.model_dump(mode="json") | {"skills": list(job.skills)}


# The pay line lives with the other output formatting (Babel, gettext) in jd.i18n; re-exported here.
# format_pay(job, language=None): "USD 90,000–120,000 per year", "58.000–70.000 € pro Jahr"; None without pay.
from .i18n import format_pay  # noqa: E402,F401
