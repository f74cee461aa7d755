"""What the app and its public API do, as plain functions (no Gradio).

The UI (`jd/ui.py`) and the `gr.api` endpoints are thin wrappers around these,
so every behaviour here is tested without a browser or a server.
"""

from __future__ import annotations

import re
import time
from typing import Any, Callable, Iterator, Mapping

from .errors import InvalidInput, JDError
from .parsing import duties_from_edit, format_duties, parse_duties
from .render import FORMATS, render_job_description, render_job_details, render_review
from .review import check_grounding, review
from .settings import Settings
from .spec import Job, parse_job
from .streaming import stream_responsibilities

# The form's fields in display order; the keys are the public job contract.
JOB_FIELDS = (
    "title",
    "experience",
    "skills",
    "job_type",
    "work_mode",
    "location",
    "company",
    "about_company",
    "salary_min",
    "salary_max",
    "currency",
    "salary_period",
    "benefits",
    "tone",
    "language",
)

MAX_RESPONSIBILITIES_CHARS = 20_000
MAX_REVIEW_CHARS = 50_000
STREAM_UPDATE_INTERVAL = 0.05  # seconds: coalesce token updates (FACTS: halves server cost at scale)


def form_to_job(values: Mapping[str, Any]) -> dict:
    """The form's values as a job dict: empty widgets become "not given"."""
    job = {}
    for key in JOB_FIELDS:
        value = values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        job[key] = value
    return job


def job_details(job_data: Mapping | Job) -> str:
    return render_job_details(parse_job(job_data))


def stream_responsibilities_text(
    job_data: Mapping | Job,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    interval: float = STREAM_UPDATE_INTERVAL,
) -> Iterator[str]:
    """Yields the model's growing raw text, at most every `interval` seconds (and at the end)."""
    job = parse_job(job_data)
    text = ""
    last_sent = 0.0
    pending = False
    try:
        for delta in stream_responsibilities(job, settings, oauth_token=oauth_token, on_notice=on_notice):
            text += delta
            pending = True
            now = time.monotonic()
            if now - last_sent >= interval:
                last_sent = now
                pending = False
                yield text
    except JDError:
        # Show every piece that arrived before the failure: the caller keeps the partial text.
        if pending:
            yield text
        raise
    if pending:
        yield text


def clean_responsibilities(job_data: Mapping | Job, raw_text: str) -> str:
    """The model's raw text as the cleaned list, one "- " bullet per line.

    Duties stating pay or benefits the user never gave are dropped here, before the
    user sees them: pay and benefits come only from the inputs (the user may still
    type such a duty in, and the review will point at it).
    """
    job = parse_job(job_data)
    kept, _ = check_grounding(job, parse_duties(raw_text, skills=job.skills))
    return format_duties(kept)


def _check_responsibilities(responsibilities: str) -> str:
    if not isinstance(responsibilities, str):
        raise InvalidInput("responsibilities must be text, one duty per line.")
    if len(responsibilities) > MAX_RESPONSIBILITIES_CHARS:
        raise InvalidInput(
            f"responsibilities are too long ({len(responsibilities):,} characters; "
            f"the limit is {MAX_RESPONSIBILITIES_CHARS:,}). Shorten the list."
        )
    return responsibilities


def job_description(job_data: Mapping | Job, responsibilities: str, fmt: str = "markdown") -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"fmt must be one of {', '.join(FORMATS)}, not {str(fmt)[:40]!r}.")
    job = parse_job(job_data)
    duties = duties_from_edit(_check_responsibilities(responsibilities))
    return render_job_description(job, duties, fmt)


def all_formats(job_data: Mapping | Job, responsibilities: str) -> dict[str, str]:
    job = parse_job(job_data)
    duties = duties_from_edit(_check_responsibilities(responsibilities))
    return {fmt: render_job_description(job, duties, fmt) for fmt in FORMATS}


_HEADING = re.compile(r"^\s*(#{1,6}\s+|<h[1-6][^>]*>)?(?P<title>.*?)(</h[1-6]>)?\s*:?\s*$")
_BULLET_LINE = re.compile(r"^\s*(?:[-*+\u2022]|\d+[.)])\s+(?P<duty>.+)$")


def duties_in_text(text: str) -> list[str]:
    """The bullets under a "responsibilities" heading, or every bullet if the text has no such heading."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "responsibilit" in line.lower() and not _BULLET_LINE.match(line)),
                 None)
    if start is None:
        return [m["duty"].strip() for m in map(_BULLET_LINE.match, lines) if m]
    duties = []
    for line in lines[start + 1:]:
        match = _BULLET_LINE.match(line)
        if match:
            duties.append(match["duty"].strip())
        elif line.strip() and duties:
            break  # the next section
    return duties


def review_job_description(job_data: Mapping | Job | None, text: str) -> dict:
    """The structured review of a job description's text (keys documented in jd/review/__init__.py)."""
    if not isinstance(text, str):
        raise InvalidInput("text must be the job description as text.")
    if len(text) > MAX_REVIEW_CHARS:
        raise InvalidInput(f"text is too long to review ({len(text):,} characters; the limit is {MAX_REVIEW_CHARS:,}).")
    job = parse_job(job_data) if job_data else None
    return review(job, text, duties_in_text(text))


def review_panel(result: dict) -> str:
    return render_review(result)
