"""Drafts: a job, its "About the role" summary and its duties saved as one JSON file, and opened again.

A draft is the API's job object (`jd.spec.job_to_dict`) plus the two texts a person edits, under a
format marker that says which version of the format wrote it:

    {"jd_generator_draft": 1, "job": {...}, "summary": "...", "duties": "- ...\\n- ..."}

`load_draft` reads only files written that way; anything else (a JSON-LD JobPosting, a bare job,
a newer format) is refused with a message that says what the file is and what to do.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictInt, StrictStr, ValidationError

from .errors import InvalidDraft, InvalidJob, Problem, say
from .spec import FIELDS, Job, job_to_dict, parse_job

DRAFT_MARKER = "jd_generator_draft"
DRAFT_VERSION = 1
MAX_DRAFT_BYTES = 1_048_576
# The same limits as the service's (jd/service.py), so a draft that opens can also be rendered.
MAX_SUMMARY_CHARS = 2_000
MAX_DUTIES_CHARS = 20_000
DRAFT_LABEL = say("Draft")  # problems about the file as a whole
_LABELS = {"job": say("Job"), "summary": say("About the role"), "duties": say("Responsibilities")}


class Draft(BaseModel):
    """A validated draft: the job, the summary ("" when the person left it to be composed) and the duties text."""

    model_config = ConfigDict(frozen=True)

    job: Job
    summary: str = ""
    duties: str = ""

    @property
    def job_data(self) -> dict[str, Any]:
        """The job as the API's JSON object (what the form and the service functions take)."""
        return job_to_dict(self.job)


def _text(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if any(unicodedata.category(ch) == "Cs" for ch in value):  # cannot be written as UTF-8
            raise ValueError(say("contains characters that are not valid Unicode text."))
        if len(value) > limit:
            raise ValueError(
                say("is too long ({length} characters; the limit is {limit}).", length=len(value), limit=limit)
            )
        return value

    return AfterValidator(check)


class _DraftFile(BaseModel):
    """The file's shape. The job itself is checked by `parse_job`, whose messages name each field."""

    model_config = ConfigDict(extra="forbid")

    jd_generator_draft: StrictInt
    job: dict[str, Any]
    summary: Annotated[StrictStr, _text(MAX_SUMMARY_CHARS)] = ""
    duties: Annotated[StrictStr, _text(MAX_DUTIES_CHARS)] = ""


def _too_big(size: int) -> InvalidDraft:
    return InvalidDraft(
        say(
            "This file is too large to be a draft ({size} bytes; the limit is {limit}). Open a draft file saved by "
            "this app.",
            size=f"{size:,}",
            limit=f"{MAX_DRAFT_BYTES:,}",
        )
    )


def _decode(data: bytes | str) -> Any:
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_big(len(data))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidDraft(
                say("This file is not a draft: it is not UTF-8 text. Open a draft file saved by this app.")
            ) from None
    else:
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_DRAFT_BYTES:
            raise _too_big(size)
    try:
        return json.loads(data)
    except RecursionError:
        raise InvalidDraft(
            say("This file is not a draft: its JSON is nested too deeply. Open a draft file saved by this app.")
        ) from None
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError):
            raise InvalidDraft(
                say(
                    "This file is not a draft: it is not valid JSON (line {line}, column {column}). Open a draft file "
                    "saved by this app.",
                    line=error.lineno,
                    column=error.colno,
                )
            ) from None
        raise InvalidDraft(
            say("This file is not a draft: it is not valid JSON. Open a draft file saved by this app.")
        ) from None


def _foreign(data: Mapping[str, Any]) -> InvalidDraft:
    """Say what a JSON object without the draft marker looks like, so the person knows which file they picked."""
    if data.get("@type") == "JobPosting" or "@context" in data:
        return InvalidDraft(
            say(
                "This file is not a draft: it is schema.org JSON-LD (a job posting for search engines), which cannot "
                "be opened for editing. Open a draft file saved by this app."
            )
        )
    if "title" in data and all(key in FIELDS for key in data):
        return InvalidDraft(
            say(
                "This file is not a draft: it holds a job's fields only (the API and command-line job format), "
                "without the summary and duties. Open a draft file saved by this app."
            )
        )
    return InvalidDraft(
        say(
            "This file is not a draft: it is a JSON object without the draft marker. Open a draft file saved by this "
            "app."
        )
    )


def _check_version(version: Any) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidDraft(
            say("This file is not a draft: its format number is not valid. Open a draft file saved by this app.")
        )
    if version > DRAFT_VERSION:
        if version < 1000:
            raise InvalidDraft(
                say(
                    "This draft was saved by a newer version of the app (draft format {version}); this version reads "
                    "format {known}. Update the app to open it.",
                    version=version,
                    known=DRAFT_VERSION,
                )
            )
        raise InvalidDraft(
            say(
                "This draft was saved by a newer version of the app (a newer draft format); this version reads "
                "format {known}. Update the app to open it.",
                known=DRAFT_VERSION,
            )
        )


def _shape_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        name = str(detail["loc"][0]) if detail["loc"] else ""
        if detail["type"] == "extra_forbidden":
            problems.append(
                Problem(
                    DRAFT_LABEL,
                    say("unknown field {name}; a draft has job, summary and duties.", name=repr(name[:40])),
                )
            )
        elif detail["type"] == "value_error":
            reason = detail["ctx"]["error"]
            problems.append(Problem(_LABELS.get(name, name), reason.args[0] if reason.args else str(reason)))
        elif name == "job":
            problems.append(Problem(_LABELS["job"], say('must be an object with fields such as "title".')))
        else:
            problems.append(Problem(_LABELS.get(name, DRAFT_LABEL), say("must be text.")))
    return problems


def _validate(data: Mapping[str, Any]) -> Draft:
    try:
        shape = _DraftFile.model_validate(dict(data))
    except ValidationError as error:
        raise InvalidDraft(say("This draft cannot be opened:"), _shape_problems(error)) from None
    try:
        job = parse_job(shape.job)
    except InvalidJob as error:
        raise InvalidDraft(say("This draft's job details have problems:"), error.problems) from None
    return Draft(job=job, summary=shape.summary, duties=shape.duties)


def load_draft(data: bytes | str | Mapping[str, Any]) -> Draft:
    """Open a draft from the file's bytes or text, or from the JSON object already read;
    raise `InvalidDraft` saying what is wrong (its `problems` name each field, the job's included)."""
    if isinstance(data, (bytes, str)):
        data = _decode(data)
    elif isinstance(data, Mapping):
        try:
            size = len(json.dumps(dict(data), default=str, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        except (TypeError, ValueError, RecursionError):  # keys that are not text, or a loop
            raise InvalidDraft(
                say("This is not a draft: it cannot be written as JSON. Open a draft file saved by this app.")
            ) from None
        if size > MAX_DRAFT_BYTES:
            raise _too_big(size)
    if not isinstance(data, Mapping):
        raise InvalidDraft(
            say(
                "This file is not a draft: a draft is a JSON object, not a list or a single value. Open a draft file "
                "saved by this app."
            )
        )
    if DRAFT_MARKER not in data:
        raise _foreign(data)
    _check_version(data[DRAFT_MARKER])
    return _validate(data)


def draft_to_json(job: Job | Mapping[str, Any], summary: str | None = "", duties: str | None = "") -> str:
    """The draft as pretty JSON text (write it as UTF-8); `load_draft` gives back the same job, summary and
    duties. Raises `InvalidDraft` for what `load_draft` would refuse, so no draft is saved that cannot be opened."""
    try:
        parsed = parse_job(job)
    except InvalidJob as error:
        raise InvalidDraft(say("This draft cannot be saved: the job details have problems:"), error.problems) from None
    content = {
        DRAFT_MARKER: DRAFT_VERSION,
        "job": job_to_dict(parsed),
        "summary": summary or "",
        "duties": duties or "",
    }
    try:
        _DraftFile.model_validate(content)
    except ValidationError as error:
        raise InvalidDraft(say("This draft cannot be saved:"), _shape_problems(error)) from None
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


def job_filename(job: Job | Mapping[str, Any], suffix: str = ".jd.json") -> str:
    """A safe download name from the job title: "senior-backend-engineer.jd.json" (ASCII letters, digits,
    hyphens; "job" when nothing is left). Word files use the same name with ".docx"."""
    title = parse_job(job).title
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'job'}{suffix}"
