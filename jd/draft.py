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

from .errors import InvalidDraft, InvalidJob, Problem
from .spec import FIELDS, Job, job_to_dict, parse_job

DRAFT_MARKER = "jd_generator_draft"
DRAFT_VERSION = 1
MAX_DRAFT_BYTES = 1_048_576
# The same limits as the service's (jd/service.py), so a draft that opens can also be rendered.
MAX_SUMMARY_CHARS = 2_000
MAX_DUTIES_CHARS = 20_000
DRAFT_LABEL = "Draft"  # problems about the file as a whole
_LABELS = {"job": "Job", "summary": "About the role", "duties": "Responsibilities"}
_OPEN_HINT = "Open a draft file saved by this app."


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
            raise ValueError("contains characters that are not valid Unicode text.")
        if len(value) > limit:
            raise ValueError(f"is too long ({len(value):,} characters; the limit is {limit:,}).")
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
        f"This file is too large to be a draft ({size:,} bytes; the limit is {MAX_DRAFT_BYTES:,}). {_OPEN_HINT}"
    )


def _decode(data: bytes | str) -> Any:
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_big(len(data))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidDraft(f"This file is not a draft: it is not UTF-8 text. {_OPEN_HINT}") from None
    else:
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_DRAFT_BYTES:
            raise _too_big(size)
    try:
        return json.loads(data)
    except RecursionError:
        raise InvalidDraft(f"This file is not a draft: its JSON is nested too deeply. {_OPEN_HINT}") from None
    except ValueError as error:
        where = f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        raise InvalidDraft(f"This file is not a draft: it is not valid JSON{where}. {_OPEN_HINT}") from None


def _foreign(data: Mapping[str, Any]) -> InvalidDraft:
    """Say what a JSON object without the draft marker looks like, so the person knows which file they picked."""
    if data.get("@type") == "JobPosting" or "@context" in data:
        what = "it is schema.org JSON-LD (a job posting for search engines), which cannot be opened for editing"
    elif "title" in data and all(key in FIELDS for key in data):
        what = "it holds a job's fields only (the API and command-line job format), without the summary and duties"
    else:
        what = "it is a JSON object without the draft marker"
    return InvalidDraft(f"This file is not a draft: {what}. {_OPEN_HINT}")


def _check_version(version: Any) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidDraft(f"This file is not a draft: its format number is not valid. {_OPEN_HINT}")
    if version > DRAFT_VERSION:
        shown = f"draft format {version}" if version < 1000 else "a newer draft format"
        raise InvalidDraft(
            f"This draft was saved by a newer version of the app ({shown}); "
            f"this version reads format {DRAFT_VERSION}. Update the app to open it."
        )


def _shape_problems(error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        name = str(detail["loc"][0]) if detail["loc"] else ""
        if detail["type"] == "extra_forbidden":
            problems.append(Problem(DRAFT_LABEL, f"unknown field {name[:40]!r}; a draft has job, summary and duties."))
        elif detail["type"] == "value_error":
            problems.append(Problem(_LABELS.get(name, name), str(detail["ctx"]["error"])))
        elif name == "job":
            problems.append(Problem(_LABELS["job"], 'must be an object with fields such as "title".'))
        else:
            problems.append(Problem(_LABELS.get(name, DRAFT_LABEL), "must be text."))
    return problems


def _validate(data: Mapping[str, Any]) -> Draft:
    try:
        shape = _DraftFile.model_validate(dict(data))
    except ValidationError as error:
        raise InvalidDraft("This draft cannot be opened:", _shape_problems(error)) from None
    try:
        job = parse_job(shape.job)
    except InvalidJob as error:
        raise InvalidDraft("This draft's job details have problems:", error.problems) from None
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
            raise InvalidDraft(f"This is not a draft: it cannot be written as JSON. {_OPEN_HINT}") from None
        if size > MAX_DRAFT_BYTES:
            raise _too_big(size)
    if not isinstance(data, Mapping):
        raise InvalidDraft(
            f"This file is not a draft: a draft is a JSON object, not a list or a single value. {_OPEN_HINT}"
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
        raise InvalidDraft("This draft cannot be saved: the job details have problems:", error.problems) from None
    content = {
        DRAFT_MARKER: DRAFT_VERSION,
        "job": job_to_dict(parsed),
        "summary": summary or "",
        "duties": duties or "",
    }
    try:
        _DraftFile.model_validate(content)
    except ValidationError as error:
        raise InvalidDraft("This draft cannot be saved:", _shape_problems(error)) from None
    return json.dumps(content, indent=2, ensure_ascii=False) + "\n"


def job_filename(job: Job | Mapping[str, Any], suffix: str = ".jd.json") -> str:
    """A safe download name from the job title: "senior-backend-engineer.jd.json" (ASCII letters, digits,
    hyphens; "job" when nothing is left). Word files use the same name with ".docx"."""
    title = parse_job(job).title
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'job'}{suffix}"
