"""The company profile: a house style the app's owner sets once, in one TOML or JSON file.

It gives company-wide job fields (company name and description, benefits, where to apply, default
tone and language...), an equal-opportunity statement per output language, the fields visitors may
not change (`fixed`) and optionally a folder of templates that override the built-in ones.
examples/company_profile.toml shows every setting.

Job fields are checked by the job spec's own rules (jd/spec.py), so a profile value is valid exactly
when the same value typed in the form would be. Problems name the setting as written in the file.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .errors import InvalidProfile, Problem, say
from .spec import FIELD_LABELS, FIELDS, Job, JobType, Language, SalaryPeriod, Tone, WorkMode

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 (requirements.txt installs tomli there)
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

# Job fields that describe the company rather than one job; the others (title, skills, pay...) are per job.
PROFILE_JOB_FIELDS: tuple[str, ...] = (
    "company", "about_company", "job_type", "work_mode", "location", "currency", "salary_period",
    "benefits", "schedule", "apply_at", "tone", "language", "mwd",
)  # fmt: skip
PROFILE_SETTINGS: tuple[str, ...] = (*PROFILE_JOB_FIELDS, "equal_opportunity", "fixed", "templates_dir")
MAX_PROFILE_BYTES = 100_000
MAX_STATEMENT_CHARS = 2_000
PROFILE_LABEL = say("Company profile")  # problems about the file as a whole


def _problem(message: str, setting: str | None = None) -> PydanticCustomError:
    context = {"message": message} | ({"setting": setting} if setting else {})
    return PydanticCustomError("jd_problem", "{message}", context)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _job_field(name: str):
    """The job spec's validator for one field; a blank value means "not set" (None)."""
    adapter: TypeAdapter[Any] = TypeAdapter(Job.model_fields[name].rebuild_annotation())

    def check(value: Any) -> Any:
        if _blank(value):
            return None
        try:
            return adapter.validate_python(value)
        except ValidationError as error:
            detail = error.errors(include_url=False)[0]
            message = detail["ctx"]["message"] if detail["type"] == "jd_problem" else "has a value of the wrong kind."
            raise _problem(message) from None

    return BeforeValidator(check)


def _statement(code: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _problem(f"the statement for {code!r} must be text.")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text):
        raise _problem(f"the statement for {code!r} contains control characters; only line breaks are allowed.")
    if not text:
        raise _problem(f"the statement for {code!r} is empty; write one or leave the language out.")
    if len(text) > MAX_STATEMENT_CHARS:
        raise _problem(f"the statement for {code!r} is too long ({len(text):,} characters; the limit is 2,000).")
    return text


def _statements(value: Any) -> dict[Language, str]:
    """{"en": "...", "de": "..."}: one statement per output language, keyed by its code; "pt" is both
    Portuguese variants unless "pt-PT" or "pt-BR" has its own."""
    if not isinstance(value, Mapping):
        raise _problem('must be a table of statements by language code, for example en = "...".')
    codes = ", ".join(lang.value for lang in Language)
    statements: dict[Language, str] = {}
    shared: dict[Language, str] = {}
    for key, text in value.items():
        code = key.strip() if isinstance(key, str) else ""
        try:
            language = Language(code) if code.replace("_", "-").lower() != "pt" else None
        except ValueError:
            raise _problem(f"{str(key)[:20]!r} is not a language code; use one of: {codes}.") from None
        if language is None:
            shared = dict.fromkeys((Language.PORTUGUESE_PT, Language.PORTUGUESE_BR), _statement("pt", text))
        else:
            statements[language] = _statement(code, text)
    return shared | statements


def _fixed(value: Any) -> tuple[str, ...]:
    if _blank(value):
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise _problem('must be a list of field names, for example ["company", "apply_at"].')
    names: list[str] = []
    for item in value:
        name = item.strip()
        if name not in PROFILE_JOB_FIELDS:
            raise _problem(_not_a_profile_field(name))
        if name not in names:
            names.append(name)
    return tuple(names)


def _not_a_profile_field(name: str) -> str:
    shown = repr(name[:40])
    if name in FIELDS:
        return f"{shown} is set per job, not in the company profile."
    hint = difflib.get_close_matches(name, PROFILE_JOB_FIELDS, n=1)
    return f"{shown} is not a job field" + (f"; did you mean {hint[0]!r}?" if hint else ".")


class Profile(BaseModel):
    """A validated company profile. Build it with `load_profile`; it cannot be changed afterwards."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    company: Annotated[str | None, _job_field("company")] = None
    about_company: Annotated[str | None, _job_field("about_company")] = None
    job_type: Annotated[JobType | None, _job_field("job_type")] = None
    work_mode: Annotated[WorkMode | None, _job_field("work_mode")] = None
    location: Annotated[str | None, _job_field("location")] = None
    currency: Annotated[str | None, _job_field("currency")] = None
    salary_period: Annotated[SalaryPeriod | None, _job_field("salary_period")] = None
    benefits: Annotated[str | None, _job_field("benefits")] = None
    schedule: Annotated[str | None, _job_field("schedule")] = None
    apply_at: Annotated[str | None, _job_field("apply_at")] = None
    tone: Annotated[Tone | None, _job_field("tone")] = None
    language: Annotated[Language | None, _job_field("language")] = None
    mwd: Annotated[bool | None, _job_field("mwd")] = None
    equal_opportunity: Annotated[dict[Language, str], BeforeValidator(_statements)] = {}
    fixed: Annotated[tuple[str, ...], BeforeValidator(_fixed)] = ()
    templates_dir: Path | None = None

    @field_validator("templates_dir", mode="before")
    @classmethod
    def _folder(cls, value: Any, info: ValidationInfo) -> Path | None:
        """Relative to the profile file's folder; only a profile read from the server's disk may name one."""
        if _blank(value):
            return None
        if not isinstance(value, (str, Path)):
            raise _problem("must be a folder path written as text.")
        base = (info.context or {}).get("base_dir")
        if base is None:
            raise _problem("can only be set in a profile file on the server (JD_COMPANY_PROFILE).")
        folder = (Path(base) / value).resolve()
        if not folder.is_dir():
            raise _problem(f"the folder {folder.name[:60]!r} does not exist (it is read relative to the profile).")
        return folder

    @model_validator(mode="after")
    def _fixed_have_values(self) -> Profile:
        missing = [name for name in self.fixed if getattr(self, name) is None]
        if missing:
            raise _problem(f"{', '.join(missing)} cannot be fixed without a value; set it in the profile.", "fixed")
        return self

    def prefill(self) -> dict[str, Any]:
        """The form's starting values: the profile's job fields under the API's job field names, JSON-safe."""
        return self.model_dump(mode="json", include=set(PROFILE_JOB_FIELDS), exclude_none=True)

    def apply(self, job_data: Mapping[str, Any], *, fill_blanks: bool = True) -> AppliedProfile:
        """The job with the house style applied: fixed fields always take the profile's value (whatever the
        visitor sent); with `fill_blanks`, the profile's other fields fill what the visitor left empty (the
        API and batch; a form already prefilled by `prefill` passes False, so a cleared field stays empty)."""
        values = self.prefill()
        job = dict(job_data)
        overridden = []
        for name, value in values.items():
            given = job.get(name)
            if name in self.fixed:
                if not _blank(given) and not self._same(name, given):
                    overridden.append(name)
                job[name] = value
            elif fill_blanks and _blank(given):
                job[name] = value
        return AppliedProfile(job, tuple(overridden))

    def _same(self, name: str, given: Any) -> bool:
        try:
            sent = Profile.model_validate({name: given}).prefill()
        except ValidationError:
            return False
        return sent == {name: self.prefill()[name]}

    def equal_opportunity_for(self, language: Language | str | None) -> str | None:
        """The profile's equal-opportunity statement for an output language (None: the app's own statement)."""
        try:
            wanted = Language(getattr(language, "value", language) or Language.ENGLISH.value)
        except ValueError:
            return None
        return self.equal_opportunity.get(wanted)


class AppliedProfile(NamedTuple):
    """`Profile.apply`'s answer: the job dict to use and the fixed fields whose sent value was replaced."""

    job: dict[str, Any]
    overridden: tuple[str, ...]

    @property
    def notice(self) -> str | None:
        """A sentence for the person whose values were replaced (None when nothing was)."""
        if not self.overridden:
            return None
        labels = [FIELD_LABELS[name] for name in self.overridden]
        return say("The company profile sets {fields}; the value you gave was replaced.", fields=labels)


# ---------------------------------------------------------------------------
# Reading the file


def _problems(error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        name = str(detail["loc"][0]) if detail["loc"] else ""
        context = detail.get("ctx") or {}
        if detail["type"] == "extra_forbidden":
            problems.append(Problem(PROFILE_LABEL, _unknown_setting(name)))
        elif detail["type"] == "jd_problem":
            problems.append(Problem(context.get("setting") or name or PROFILE_LABEL, context["message"]))
        else:
            problems.append(Problem(name or PROFILE_LABEL, "has a value of the wrong kind."))
    return problems


def _unknown_setting(name: str) -> str:
    if name in FIELDS:
        return _not_a_profile_field(name)
    hint = difflib.get_close_matches(name, PROFILE_SETTINGS, n=1)
    known = f"did you mean {hint[0]!r}?" if hint else f"known settings are: {', '.join(PROFILE_SETTINGS)}."
    return f"unknown setting {name[:40]!r}; {known}"


def _parse(text: str, as_json: bool) -> Any:
    try:
        return json.loads(text) if as_json else tomllib.loads(text)
    except RecursionError:
        raise InvalidProfile([Problem(PROFILE_LABEL, "is nested too deeply.")]) from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InvalidProfile([Problem(PROFILE_LABEL, f"is not valid JSON ({error.msg} at {where}).")]) from None
    except tomllib.TOMLDecodeError as error:
        reason = str(error).splitlines()[0][:200]
        raise InvalidProfile([Problem(PROFILE_LABEL, f"is not valid TOML ({reason}).")]) from None


def _read(path: Path, source_name: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise InvalidProfile([_too_large(size)], source_name)
        return path.read_bytes()
    except OSError as error:
        reason = error.strerror or "it cannot be read"
        raise InvalidProfile([Problem(PROFILE_LABEL, f"cannot be read ({reason}).")], source_name) from None


def _too_large(size: int) -> Problem:
    return Problem(PROFILE_LABEL, f"is too large ({size:,} bytes; the limit is {MAX_PROFILE_BYTES:,}).")


def load_profile(source: str | os.PathLike[str] | bytes, *, base_dir: str | os.PathLike[str] | None = None) -> Profile:
    """Read a company profile from a file path (TOML or JSON, by extension or content) or from its bytes.

    `templates_dir` is read relative to the file's folder (or `base_dir` for bytes); a profile given as
    bytes without `base_dir` (an upload) may not name one. Raises `InvalidProfile` listing every problem.
    """
    if isinstance(source, bytes):
        data, source_name, suffix = source, say("The company profile"), ""
        if len(data) > MAX_PROFILE_BYTES:
            raise InvalidProfile([_too_large(len(data))])
    else:
        path = Path(source)
        source_name = say("The company profile {name}", name=repr(path.name[:60]))
        data, suffix = _read(path, source_name), path.suffix.lower()
        base_dir = path.resolve().parent if base_dir is None else base_dir
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidProfile([Problem(PROFILE_LABEL, "is not UTF-8 text.")], source_name) from None
    as_json = suffix == ".json" or (suffix != ".toml" and text.lstrip().startswith("{"))
    try:
        raw = _parse(text, as_json)
    except InvalidProfile as error:
        raise InvalidProfile(error.problems, source_name) from None
    if not isinstance(raw, Mapping):
        raise InvalidProfile([Problem(PROFILE_LABEL, "must be a JSON object of settings.")], source_name)
    context = {"base_dir": None if base_dir is None else Path(base_dir)}
    try:
        return Profile.model_validate(dict(raw), context=context)
    except ValidationError as error:
        raise InvalidProfile(_problems(error), source_name) from None
