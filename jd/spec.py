"""The job spec: what a person tells us about a role, checked and normalised.

A job arrives as a dict or a JSON object (from the form, the API or the CLI).
`parse_job` turns it into a frozen `Job` or raises `InvalidJob` listing every
problem at once, each naming its field in plain words.

Each field's own rule is in jd/job_fields.py, the choices (job types, work modes, tones, pay
periods, languages, currencies) in jd/choices.py; the rules between fields are here.

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
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError, model_validator

from . import job_fields as field
from .choices import (
    CURRENCIES,
    GENERIC_PORTUGUESE,
    JOB_TYPES,
    LANGUAGE_CHOICES,
    LANGUAGES,
    PAY_BASES,
    SALARY_PERIODS,
    TONES,
    WORK_MODES,
    JobType,
    Language,
    PayBasis,
    SalaryPeriod,
    Tone,
    WorkMode,
    squash,
)
from .errors import InvalidJob, Problem, say
from .job_fields import MAX_PAY, MAX_SKILL_CHARS, MAX_SKILLS, MULTILINE_FIELDS, PAYMENTS_PER_YEAR, TEXT_LIMITS

# Names of jd/choices.py and jd/job_fields.py that callers read from here, with the job itself.
__all__ = [
    "CURRENCIES", "FIELDS", "FIELD_LABELS", "JOB_LABEL", "JOB_TYPES", "LANGUAGES", "LANGUAGE_CHOICES", "MAX_DUTIES",
    "MAX_JOB_CHARS", "MAX_PAY", "MAX_SKILLS", "MAX_SKILL_CHARS", "MAX_UNKNOWN_REPORTED", "MIN_DUTIES",
    "MULTILINE_FIELDS", "PAYMENTS_PER_YEAR", "PAY_BASES", "SALARY_PERIODS", "TEXT_LIMITS", "TONES", "WORK_MODES",
    "Job", "JobType", "Language", "PayBasis", "SalaryPeriod", "Tone", "WorkMode", "job_to_dict", "parse_job",
]  # fmt: skip

# ---------------------------------------------------------------------------
# Limits (characters unless said otherwise)

MAX_JOB_CHARS = 10_000  # the whole job as JSON
# The key responsibilities an ad lists: the model's list is cut to MAX_DUTIES, fewer than MIN_DUTIES
# gets a notice, and the review calls a list outside this range too short or too long.
MIN_DUTIES, MAX_DUTIES = 6, 10
MAX_UNKNOWN_REPORTED = 5  # unknown fields named one by one in an error; the rest are counted

# Each field's name in messages (a jd.errors.Text: the page shows it in the recruiter's language).
FIELD_LABELS: dict[str, str] = {
    "title": say("Job title"),
    "experience": say("Experience"),
    "skills": say("Skills"),
    "nice_to_have": say("Nice to have"),
    "company": say("Company name"),
    "about_company": say("About the company"),
    "job_type": say("Job type"),
    "work_mode": say("Work mode"),
    "location": say("Location"),
    "salary_min": say("Minimum pay"),
    "salary_max": say("Maximum pay"),
    "currency": say("Currency"),
    "salary_period": say("Pay period"),
    "benefits": say("Benefits"),
    "schedule": say("Working hours"),
    "apply_at": say("How to apply"),
    "tone": say("Tone"),
    "language": say("Language"),
    "mwd": say("Gender marker in the title"),
    "pay_basis": say("Gross or net pay"),
    "payments_per_year": say("Payments per year"),
    "consent_line": say("Data-protection consent line"),
    "date_posted": say("Date posted"),
    "valid_through": say("Apply-by date"),
    "occupation": say("Occupation (O*NET-SOC code)"),
}
JOB_LABEL = say("Job")  # problems about the job as a whole

OptionalText = str | None
Title = Annotated[str, BeforeValidator(field.title)]
Skills = Annotated[tuple[str, ...], BeforeValidator(field.skills)]


class Job(BaseModel):
    """A validated job spec. Build it with `parse_job`; it cannot be changed afterwards."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Title
    experience: Annotated[OptionalText, BeforeValidator(field.text_field("experience"))] = None
    skills: Skills = ()
    nice_to_have: Skills = ()
    company: Annotated[OptionalText, BeforeValidator(field.text_field("company"))] = None
    about_company: Annotated[OptionalText, BeforeValidator(field.text_field("about_company"))] = None
    job_type: Annotated[JobType | None, BeforeValidator(field.job_type)] = None
    work_mode: Annotated[WorkMode | None, BeforeValidator(field.work_mode)] = None
    location: Annotated[OptionalText, BeforeValidator(field.text_field("location"))] = None
    salary_min: Annotated[int | float | None, BeforeValidator(field.pay)] = None
    salary_max: Annotated[int | float | None, BeforeValidator(field.pay)] = None
    currency: Annotated[OptionalText, BeforeValidator(field.currency)] = None
    salary_period: Annotated[SalaryPeriod | None, BeforeValidator(field.salary_period)] = None
    benefits: Annotated[OptionalText, BeforeValidator(field.text_field("benefits"))] = None
    schedule: Annotated[OptionalText, BeforeValidator(field.text_field("schedule"))] = None
    apply_at: Annotated[OptionalText, BeforeValidator(field.apply_at)] = None
    tone: Annotated[Tone, BeforeValidator(field.tone)] = Tone.PROFESSIONAL
    language: Annotated[Language, BeforeValidator(field.language)] = Language.ENGLISH
    mwd: Annotated[bool, BeforeValidator(field.flag)] = True
    pay_basis: Annotated[PayBasis, BeforeValidator(lambda v: field.pay_basis(v) or PayBasis.GROSS)] = PayBasis.GROSS
    payments_per_year: Annotated[int | None, BeforeValidator(field.payments)] = None
    consent_line: Annotated[bool, BeforeValidator(field.flag)] = True
    date_posted: Annotated[date | None, BeforeValidator(field.date_value)] = None
    valid_through: Annotated[date | None, BeforeValidator(field.date_value)] = None
    occupation: Annotated[str | None, BeforeValidator(field.occupation)] = None  # O*NET-SOC code (jd/occupations.py)

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
        return bool(self.apply_at and field.EMAIL.fullmatch(self.apply_at))

    @model_validator(mode="after")
    def _check_together(self) -> Job:
        problems = _cross_field_problems(self.__dict__)
        if problems:
            raise field.problem(" ".join(str(p) for p in problems))
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
                say(
                    "is larger than the maximum pay ({low} > {high}); swap them or fix one.",
                    low=f"{low:,}",
                    high=f"{high:,}",
                ),
            )
        )
    if low is not None or high is not None:
        if values.get("currency") is None and "currency" not in invalid:
            problems.append(
                Problem(FIELD_LABELS["currency"], say("is needed when pay is given (for example USD or EUR)."))
            )
        if values.get("salary_period") is None and "salary_period" not in invalid:
            problems.append(
                Problem(
                    FIELD_LABELS["salary_period"],
                    say("is needed when pay is given; choose one of: {allowed}.", allowed=", ".join(SALARY_PERIODS)),
                )
            )
    payments, period = values.get("payments_per_year"), values.get("salary_period")
    if payments is not None and period is not None and period not in (SalaryPeriod.MONTH, SalaryPeriod.YEAR):
        problems.append(
            Problem(FIELD_LABELS["payments_per_year"], say("applies to monthly or yearly pay only; leave it empty."))
        )
    posted, until = values.get("date_posted"), values.get("valid_through")
    if posted is not None and until is not None and until < posted:
        problems.append(
            Problem(
                FIELD_LABELS["valid_through"],
                say(
                    "cannot be before the date posted ({until} is before {posted}).",
                    until=until.isoformat(),
                    posted=posted.isoformat(),
                ),
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
        message = detail["ctx"]["message"] if detail["type"] == "jd_problem" else say("has a value of the wrong kind.")
        problems.append(Problem(label, message))
    return problems or [Problem(label, say("is not valid."))]


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
        problems.append(Problem(FIELD_LABELS["title"], say("is required; please enter the job title.")))
    problems.extend(_cross_field_problems(values, frozenset(invalid)))
    if problems:
        raise InvalidJob(problems)
    return Job.model_validate(values)


def _regional_language(raw: dict) -> dict:
    """A language given as plain "pt"/"Portuguese" is Brazilian Portuguese for a job in Brazil (by its
    location, or BRL pay without a location), else European Portuguese."""
    value = raw.get("language")
    if not isinstance(value, str) or squash(unicodedata.normalize("NFC", value)) not in GENERIC_PORTUGUESE:
        return raw
    from .location import parse_location

    place = raw.get("location")
    country = parse_location(place).country if isinstance(place, str) and place.strip() else None
    brazil = country == "BR" or (country is None and str(raw.get("currency") or "").strip().upper() == "BRL")
    return raw | {"language": (Language.PORTUGUESE_BR if brazil else Language.PORTUGUESE_PT).value}


def job_to_dict(job: Job) -> dict[str, Any]:
    """The job as a JSON-safe dict with the contract's keys; `parse_job` reads it back unchanged."""
    return job.model_dump(mode="json") | {"skills": list(job.skills)}
