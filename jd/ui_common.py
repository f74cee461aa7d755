"""Helpers every part of the page uses: reading the form as a job (parsed once, here at the edge), showing
errors as text people can read (in the page's language), and the settings of quiet as-you-type events."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import gradio as gr

from . import service
from .errors import InvalidJob, JDError, Problem
from .profile import Profile
from .render import markdown_escape
from .spec import Job, parse_job
from .ui_page import JobForm, Page
from .ui_text import localized, t
from .workspace import Work

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Events that only read and show (details, review, switching, saving the work): outside the queue, so a queue
# full of others' model requests never refuses them (a "busy" toast for typing, work not saved).
QUICK: dict[str, Any] = {"api_visibility": "private", "queue": False}


def problem_text(problem: Problem) -> str:
    """One problem with a field, in the page's language: "Stellenbezeichnung: ist erforderlich; …"."""
    return f"{localized(problem.field)}: {localized(problem.message)}"


def message(error: JDError | str) -> str:
    """A message as Markdown that shows its text literally (users' text may be hostile), in the page's language;
    an error with problems (a job's, a draft's, a profile's) lists them under its headline."""
    problems = getattr(error, "problems", None)
    if isinstance(error, JDError) and problems is not None:
        headline = t("fix_problems") if isinstance(error, InvalidJob) else localized(getattr(error, "headline", ""))
        lines = "\n".join(f"- {markdown_escape(problem_text(problem))}" for problem in problems)
        return f"{markdown_escape(headline)}\n\n{lines}".strip()
    text = error.message if isinstance(error, JDError) else error
    return markdown_escape(localized(text)).replace("\n", "  \n")


def warn(notice: str) -> None:
    gr.Warning(html.escape(localized(notice), quote=False))


@contextlib.contextmanager
def app_errors() -> Iterator[None]:
    """Our errors as gr.Error, with the same clear message the page shows.

    The page's toasts render HTML, so <, > and & are escaped; quotes are harmless in text and stay as
    they are, so that API and MCP clients read "Space's", not "Space&#x27;s".
    """
    try:
        yield
    except JDError as error:
        raise gr.Error(html.escape(str(error), quote=False).replace("\n", "<br>")) from None


def profile_applied(job: Any, profile: Profile | None, fill_blanks: bool) -> Any:
    """The job with the profile's fixed fields (and blanks, with fill_blanks); a replaced value is warned about."""
    if profile is None or not isinstance(job, Mapping):
        return job
    applied = profile.apply(job, fill_blanks=fill_blanks)
    if applied.notice:
        warn(applied.notice)
    return applied.job


def form_values(form: JobForm, values: Mapping[Any, Any]) -> dict[str, Any]:
    """The form's widget values by job field (an empty pay box is "not given", whatever Gradio sends)."""
    fields = {key: values[component] for key, component in form.fields().items()}
    for key in ("salary_min", "salary_max"):
        if fields[key] == 0:  # gr.Number turns an empty box into 0 once its tab is shown: not a pay
            fields[key] = None
    if not (isinstance(fields["valid_through"], str) and ISO_DATE.fullmatch(fields["valid_through"])):
        fields["valid_through"] = None  # the date input sends "" or an ISO date
    return fields


def read_job(page: Page, values: Mapping[Any, Any], profile: Profile | None) -> Job:
    """The form as a checked Job (raises InvalidJob): the one place the page parses a job."""
    job = service.form_to_job(form_values(page.form, values))
    return parse_job(profile_applied(job, profile, fill_blanks=False))


def work_of(page: Page, values: Mapping[Any, Any]) -> Work:
    """The visitor's work as the page holds it now."""
    writing = page.writing
    return Work(form_values(page.form, values), values[writing.summary] or "", values[writing.duties] or "")


def shown_form(form: JobForm, values: Mapping[str, Any]) -> dict[Any, Any]:
    """Job field values (a job object's or a form's) as the widgets take them; missing fields are emptied."""
    updates: dict[Any, Any] = {}
    for key, component in form.fields().items():
        value = values.get(key)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        if key == "valid_through":
            value = value if isinstance(value, str) and ISO_DATE.fullmatch(value) else ""
        updates[component] = value
    return updates


def as_you_type(triggers: list, fn: Callable, inputs: Any, outputs: Any) -> Any:
    """Run `fn` as the person types: quietly, on the latest values only, never queued behind the model.
    Returns the event (for `.then`)."""
    return gr.on(
        triggers=triggers,
        fn=fn,
        inputs=inputs,
        outputs=outputs,
        show_progress="hidden",
        trigger_mode="always_last",
        **QUICK,
    )
