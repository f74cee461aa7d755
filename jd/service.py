"""What the app and its public API do, as plain functions (no Gradio).

The UI (`jd/ui.py`) and the `gr.api` endpoints are thin wrappers around these,
so every behaviour here is tested without a browser or a server.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterator, Mapping

from .errors import InvalidInput
from .parsing import duties_from_edit, format_duties, parse_duties
from .render import FORMATS, render_job_description, render_job_details
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
    for delta in stream_responsibilities(job, settings, oauth_token=oauth_token, on_notice=on_notice):
        text += delta
        pending = True
        now = time.monotonic()
        if now - last_sent >= interval:
            last_sent = now
            pending = False
            yield text
    if pending:
        yield text


def clean_responsibilities(job_data: Mapping | Job, raw_text: str) -> str:
    """The model's raw text as the cleaned list, one "- " bullet per line."""
    job = parse_job(job_data)
    return format_duties(parse_duties(raw_text, skills=job.skills))


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
