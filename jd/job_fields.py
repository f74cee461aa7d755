"""Each job field's own rule: a normaliser that takes the raw value and returns the clean one, or raises
`problem(message)`; the message is shown after the field's label (jd/spec.py collects them all).

Decisions worth knowing: empty strings and None both mean "not given"; skills may be a list or one
string separated by commas, semicolons or new lines (duplicates, ignoring case, dropped, the first
spelling wins); text keeps no control characters and no bidirectional overrides.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pycountry
from pydantic_core import PydanticCustomError

from . import occupation_data  # its data loads on first use, not at import
from .choices import (
    JOB_TYPE_SPELLINGS,
    JOB_TYPES,
    LANGUAGE_SPELLINGS,
    PAY_BASES,
    PAY_BASIS_SPELLINGS,
    PERIOD_SPELLINGS,
    SALARY_PERIODS,
    TONES,
    WORK_MODE_SPELLINGS,
    WORK_MODES,
    Language,
    Tone,
    _Choice,
    squash,
)
from .errors import Text, say
from .parsing import strip_list_marker

# Limits of each field (characters unless said otherwise).
MAX_SKILLS = 40
MAX_SKILL_CHARS = 60
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


def problem(message: str | Text) -> PydanticCustomError:
    return PydanticCustomError("jd_problem", "{message}", {"message": message})


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Bidirectional overrides can make text display differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: Any, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise problem(say("must be text."))
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    # Unicode line and paragraph separators break lines in HTML and plain text output too.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").strip()
    allowed = "\n\t" if multiline else ""
    if any((unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in BIDI_CONTROLS for ch in text):
        if multiline:
            raise problem(say("contains control characters; only line breaks and tabs are allowed."))
        raise problem(say("contains line breaks or other control characters; please use a single line."))
    if len(text) > limit:
        raise problem(say("is too long ({length} characters; the limit is {limit}).", length=len(text), limit=limit))
    return text


def text_field(name: str, *, default: str | None = None):
    limit = TEXT_LIMITS[name]
    multiline = name in MULTILINE_FIELDS

    def normalise(value: Any) -> str | None:
        if blank(value):
            return default
        return clean_text(value, limit, multiline=multiline)

    return normalise


def title(value: Any) -> str:
    if blank(value):
        raise problem(say("is required; please enter the job title."))
    return clean_text(value, TEXT_LIMITS["title"])


def occupation(value: Any) -> str | None:
    """An O*NET-SOC code such as "35-3023.01" that names an occupation the app knows."""
    if blank(value):
        return None
    if not isinstance(value, str):
        raise problem(say('must be an O*NET-SOC code such as "35-3023.01".'))
    code = value.strip()
    if not occupation_data.is_code(code):
        raise problem(say('{code} is not an O*NET-SOC code; write it like "35-3023.01".', code=repr(code[:20])))
    if occupation_data.get(code) is None:
        release = occupation_data.ONET_RELEASE
        raise problem(
            say(
                "{code} is not an occupation in O*NET {release}; pick one the app suggests.",
                code=repr(code),
                release=release,
            )
        )
    return code


SKILL_SEPARATORS = re.compile(r"[,;\n\u2028\u2029]")


def skills(value: Any) -> tuple[str, ...]:
    if blank(value):
        return ()
    if isinstance(value, str):
        items: list[Any] = SKILL_SEPARATORS.split(value.replace("\r", "\n"))
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        raise problem(say("must be a list of skills or one text separated by commas."))
    skills: list[str] = []
    seen: set[str] = set()
    for item in items:
        if blank(item):
            continue
        if not isinstance(item, str):
            raise problem(say("every skill must be text."))
        skill = strip_list_marker(clean_text(item, 10 * MAX_SKILL_CHARS))
        if len(skill) > MAX_SKILL_CHARS:
            raise problem(
                say(
                    "the skill '{skill}...' is too long ({length} characters; the limit is {limit}).",
                    skill=skill[:30],
                    length=len(skill),
                    limit=MAX_SKILL_CHARS,
                )
            )
        key = skill.casefold()
        if skill and key not in seen:
            seen.add(key)
            skills.append(skill)
    if len(skills) > MAX_SKILLS:
        raise problem(
            say(
                "too many skills ({count}; the limit is {limit}). Keep the ones that matter most.",
                count=len(skills),
                limit=MAX_SKILLS,
            )
        )
    return tuple(skills)


def choice(spellings: Mapping[str, _Choice], allowed: tuple[str, ...], what: Text):
    def normalise(value: Any):
        if blank(value):
            return None
        if not isinstance(value, str):
            raise problem(say("must be text."))
        found = spellings.get(squash(value))
        if found is None:
            raise problem(_not_known(value, what, allowed))
        return found

    return normalise


def _not_known(value: str, what: Text, allowed: tuple[str, ...]) -> Text:
    return say(
        "{value} is not a known {what}; choose one of: {allowed}.",
        value=repr(value.strip()[:40]),
        what=what,
        allowed=", ".join(allowed),
    )


job_type = choice(JOB_TYPE_SPELLINGS, JOB_TYPES, say("job type"))
pay_basis = choice(PAY_BASIS_SPELLINGS, PAY_BASES, say("pay basis"))
work_mode = choice(WORK_MODE_SPELLINGS, WORK_MODES, say("work mode"))
salary_period = choice(PERIOD_SPELLINGS, SALARY_PERIODS, say("pay period"))


def tone(value: Any) -> Tone:
    if blank(value):
        return Tone.PROFESSIONAL
    if isinstance(value, str):
        try:
            return Tone(value.strip().casefold())
        except ValueError:
            pass
        raise problem(_not_known(value, say("tone"), TONES))
    raise problem(say("must be text."))


def language(value: Any) -> Language:
    """A language name (English or its own), or its code, any case: "German", "Deutsch", "de", "de-DE"."""
    if blank(value):
        return Language.ENGLISH
    if isinstance(value, Language):
        return value
    if not isinstance(value, str):
        raise problem(say("must be text."))
    key = squash(unicodedata.normalize("NFC", value))
    found = LANGUAGE_SPELLINGS.get(key)
    if found is None and re.fullmatch(r"[a-z]{2}[a-z]{2}", key):  # "de-DE", "pt_BR": the language part decides
        found = LANGUAGE_SPELLINGS.get(key[:2])
    if found is None:
        names = ", ".join(lang.english_name for lang in Language)
        # The value is not echoed: the field used to be free text, and error messages never repeat hostile input.
        raise problem(say("is not one of the available output languages: {names}.", names=names))
    return found


EMAIL = re.compile(r"[^@\s<>()\[\],;:\"']+@[^@\s<>()\[\],;:\"']+\.[A-Za-z]{2,}")
WEB_URL = re.compile(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+", re.IGNORECASE)


def apply_at(value: Any) -> str | None:
    """Where to apply: a web address (http:// or https://) or an e-mail address."""
    if blank(value):
        return None
    text = clean_text(value, TEXT_LIMITS["apply_at"])
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if EMAIL.fullmatch(text) or WEB_URL.fullmatch(text):
        return text
    if re.fullmatch(r"www\.[^\s<>\"'`]+\.[^\s<>\"'`]+", text, re.IGNORECASE):
        return "https://" + text
    raise problem(say("must be a web address starting with https:// or an e-mail address such as jobs@example.com."))


def flag(value: Any) -> bool:
    if blank(value):
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("true", "yes", "1", "on", "false", "no", "0", "off"):
        return value.strip().casefold() in ("true", "yes", "1", "on")
    raise problem(say("must be true or false."))


def currency(value: Any) -> str | None:
    if blank(value):
        return None
    if not isinstance(value, str):
        raise problem(say("must be a three-letter currency code such as USD or EUR."))
    code = value.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise problem(
            say(
                "{value} is not an ISO 4217 currency code; use a code such as USD, EUR or GBP.",
                value=repr(value.strip()[:20]),
            )
        )
    return code


_NUMBER_NOISE = re.compile(r"[\s,_'\u00a0\u202f]")


def pay(value: Any) -> int | float | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        raise problem(say("must be a number such as 90000."))
    if isinstance(value, str):
        text = _NUMBER_NOISE.sub("", value)
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
            raise problem(
                say("{value} is not a number; write it like 90000 or 90,000.", value=repr(value.strip()[:20]))
            )
        number = float(text)
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        raise problem(say("must be a number such as 90000."))
    if not math.isfinite(number):
        raise problem(say("must be a finite number."))
    if number < 0:
        raise problem(say("cannot be negative."))
    if number > MAX_PAY:
        raise problem(say("is too large (the limit is {limit}).", limit=f"{MAX_PAY:,}"))
    number = round(number, 2)
    return int(number) if number.is_integer() else number


def payments(value: Any) -> int | None:
    """How many times a year the pay is paid: 12 to 16 ("14" in Spain, Italy, Portugal)."""
    if blank(value):
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}(\.0*)?\s*", value):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in PAYMENTS_PER_YEAR:
        raise problem(
            say(
                "must be a whole number from {low} to {high}, e.g. 14.",
                low=PAYMENTS_PER_YEAR[0],
                high=PAYMENTS_PER_YEAR[-1],
            )
        )
    return value


def date_value(value: Any) -> date | None:
    if blank(value):
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
    raise problem(say("must be a date written as YYYY-MM-DD, for example 2026-01-31."))
