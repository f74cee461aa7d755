"""What the app and its public API do, as plain façades over the modules that do the work (no Gradio).

The page and the `gr.api` endpoints (jd/ui.py), MCP (jd/mcp.py), the command line (jd/cli.py) and
batch runs (jd/batch.py) call these, so every behaviour is tested without a browser or a server and
all go the same way: check the input, take the request from the visitor's quota, write
(jd/writing.py, jd/summary.py), render (jd/render.py) and review (jd/review/).

A job is parsed once, at the edge (`jd.spec.parse_job`), and passed on as a `Job`. The façades
marked "page façade" still take the form's dict and parse it themselves, for jd/ui*.py: they go
once the page passes a `Job` (PAGE: switch the call to the `Job` version named in each).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import AsyncGenerator, Callable, Iterable, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import location, occupations
from .backends import choose_backends
from .embedded import get_embedded_server
from .errors import InvalidInput, JDError
from .examples import used_example_ids
from .feedback import FeedbackStore
from .i18n import get_translations, language_code
from .job_card import seniority_of
from .job_fields import language as language_field
from .occupation_tasks import choose_tasks
from .parsing import duties_from_edit, duties_in_text
from .profile import Profile, load_profile
from .render import FORMATS, compose_summary, render_job_description, render_job_details, render_review
from .review import review
from .review.fixes import replace_term
from .settings import Settings
from .spec import FIELDS, Job, Language, parse_job
from .summary import model_summary_enabled, write_summary
from .writing import Writing as _Writing
from .writing import language_notice_for

MAX_RESPONSIBILITIES_CHARS = 20_000
MAX_SUMMARY_CHARS = 2_000
MAX_REVIEW_CHARS = 50_000


def form_to_job(values: Mapping[str, Any]) -> dict:
    """The form's values as a job dict: empty widgets become "not given"."""
    job = {}
    for key in FIELDS:
        value = values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        job[key] = value
    return job


# --- checking what the person typed -------------------------------------------------------------


def _check_responsibilities(responsibilities: str) -> str:
    if not isinstance(responsibilities, str):
        raise InvalidInput("responsibilities must be text, one duty per line.")
    if len(responsibilities) > MAX_RESPONSIBILITIES_CHARS:
        raise InvalidInput(
            f"responsibilities are too long ({len(responsibilities):,} characters; "
            f"the limit is {MAX_RESPONSIBILITIES_CHARS:,}). Shorten the list."
        )
    return responsibilities


def _check_summary(summary: str | None) -> str | None:
    """The person's (or model's) summary, or None to compose one from the inputs."""
    if summary is None:
        return None
    if not isinstance(summary, str):
        raise InvalidInput("summary must be text.")
    if len(summary) > MAX_SUMMARY_CHARS:
        raise InvalidInput(
            f"summary is too long ({len(summary):,} characters; the limit is {MAX_SUMMARY_CHARS:,}). Shorten it."
        )
    return " ".join(summary.split()) or None


def duties_from_text(responsibilities: str) -> list[str]:
    """The edited list (one duty per line, bullets optional) as duties."""
    return duties_from_edit(_check_responsibilities(responsibilities))


# --- rendering and reviewing --------------------------------------------------------------------


@functools.cache
def _company_profile(path: Path | None) -> Profile | None:
    return load_profile(path) if path else None


def company_profile(settings: Settings) -> Profile | None:
    """The company profile JD_COMPANY_PROFILE names (read once per path), or None."""
    return _company_profile(settings.company_profile)


def render_texts(
    job: Job,
    responsibilities: str,
    summary: str | None = None,
    formats: Iterable[str] = FORMATS,
    profile: Profile | None = None,
) -> dict[str, str]:
    """The job description in each of `formats` (jd.render.FORMATS); an empty `summary` is composed from the
    inputs. A company `profile` brings its equal-opportunity statement and templates folder."""
    duties = duties_from_text(responsibilities)
    summary = _check_summary(summary)
    return {fmt: render_job_description(job, duties, fmt, summary=summary, profile=profile) for fmt in formats}


def render_text(
    job: Job, responsibilities: str, fmt: str = "markdown", summary: str | None = None, profile: Profile | None = None
) -> str:
    """The job description in `fmt` (see `render_texts`)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"fmt must be one of {', '.join(FORMATS)}, not {str(fmt)[:40]!r}.")
    return render_texts(job, responsibilities, summary, [fmt], profile)[fmt]


@dataclass(frozen=True)
class ReviewedDescription:
    """A job description in the formats asked for (Markdown always) and the review of its Markdown."""

    texts: dict[str, str]
    review: dict

    @property
    def markdown(self) -> str:
        return self.texts["markdown"]


def render_reviewed(
    job: Job,
    responsibilities: str,
    summary: str | None = None,
    formats: Iterable[str] = FORMATS,
    profile: Profile | None = None,
) -> ReviewedDescription:
    """The job description in `formats` and its review (of the Markdown, which is always rendered)."""
    texts = render_texts(job, responsibilities, summary, dict.fromkeys(["markdown", *formats]), profile)
    return ReviewedDescription(texts, review_text(job, texts["markdown"]))


def _duty_headings(language: Language | None) -> tuple[str, ...]:
    """How the responsibilities heading starts: English, and the job's language as its catalog writes it."""
    headings = ["responsibilit"]
    if language is not None:
        headings.append(get_translations(language_code(language)).gettext("Key responsibilities"))
    return tuple(headings)


def review_text(job: Job | None, text: str) -> dict:
    """The structured review of a job description's text (keys documented in jd/review/__init__.py)."""
    if not isinstance(text, str):
        raise InvalidInput("text must be the job description as text.")
    if len(text) > MAX_REVIEW_CHARS:
        raise InvalidInput(f"text is too long to review ({len(text):,} characters; the limit is {MAX_REVIEW_CHARS:,}).")
    return review(job, text, duties_in_text(text, _duty_headings(job.language if job else None)))


def review_panel(result: dict, language: str | None = None) -> str:
    """The Review panel's Markdown in the page's language (an output-language code; English by default)."""
    return render_review(result, language)


def apply_fixes(texts: Mapping[Any, str], suggestions: Iterable[Mapping[str, Any]]) -> dict[Any, str]:
    """Each text (form fields, duties, summary: where the person typed the words) with the fixes applied.

    Offsets in a review's suggestions index the rendered description, not these texts, so each
    fix is applied by its term, wherever it was typed.
    """
    fixed = {key: text or "" for key, text in texts.items()}
    for suggestion in suggestions:
        term, replacement = suggestion.get("term"), suggestion.get("replacement")
        if not isinstance(term, str) or not isinstance(replacement, str):
            continue
        fixed = {key: replace_term(text, term, replacement) for key, text in fixed.items()}
    return fixed


# --- occupations (issue 20): the page's picker and suggestions, the `/occupation` endpoint ----------

MAX_TITLE_CHARS = 200


def occupation_candidates(title: str, language: str = "") -> list[dict[str, Any]]:
    """The occupations a job title names, best first, at most 5: `[{"code", "title", "score"}]` (O*NET-SOC
    code, O*NET's English title, 0-1). `language` is the ad's language (a code or name, "" for any): titles
    in that language are searched besides English. [] when nothing fits."""
    if not isinstance(title, str) or len(title) > MAX_TITLE_CHARS:
        raise InvalidInput(f"The job title must be text of at most {MAX_TITLE_CHARS} characters.")
    code = ""
    if isinstance(language, str) and language.strip():
        try:
            code = language_field(language).value
        except ValueError as error:
            raise InvalidInput(f"The language {error}") from None
    return occupations.candidates(title, code)


def occupation_suggestions(code: str, job_data: Mapping | Job | None = None) -> dict[str, Any]:
    """What the page suggests for an occupation (O*NET's English): `{"code", "title", "language", "duties"
    (its tasks, as duties), "skills" (its technologies, hot ones first), "job_zone" ({number, name,
    education, experience, training}: a hint for the recruiter, never written into the ad)}`. Given the
    job, the duties closest to the role come first (those the model is shown)."""
    occupation = occupations.get(code) if isinstance(code, str) and occupations.is_code(code.strip()) else None
    if occupation is None:
        release = occupations.ONET_RELEASE
        raise InvalidInput(f"Unknown occupation: give an O*NET-SOC code of O*NET {release}, such as 35-3023.01.")
    found = occupations.suggestions(occupation)
    if job_data:
        job = parse_job(job_data)
        words = " ".join((job.title, *job.skills, *job.nice_to_have))
        first = choose_tasks(occupation, words, level=seniority_of(job), n=len(occupation.tasks))
        ordered = first + [task for task in occupation.tasks if task not in first]
        found["duties"] = [occupations.as_duty(task) for task in ordered]
    return found


# --- page façades: the form's dict parsed here (PAGE: pass a Job and call the Job version) --------


def job_details(job_data: Mapping | Job) -> str:
    """Page façade of `jd.render.render_job_details(job)`: the job-details section (Markdown)."""
    return render_job_details(parse_job(job_data))


def job_description(
    job_data: Mapping | Job,
    responsibilities: str,
    fmt: str = "markdown",
    summary: str | None = None,
    profile: Profile | None = None,
) -> str:
    """Page façade of `render_text(job, ...)`."""
    return render_text(parse_job(job_data), responsibilities, fmt, summary, profile)


def reviewed_description(
    job_data: Mapping | Job,
    responsibilities: str,
    summary: str | None = None,
    formats: Iterable[str] = FORMATS,
    profile: Profile | None = None,
) -> ReviewedDescription:
    """Page façade of `render_reviewed(job, ...)`."""
    return render_reviewed(parse_job(job_data), responsibilities, summary, formats, profile)


def review_job_description(job_data: Mapping | Job | None, text: str) -> dict:
    """Page façade of `review_text(job, text)` (the job may be left out: None or {})."""
    return review_text(parse_job(job_data) if job_data else None, text)


def composed_summary(job_data: Mapping | Job, duties: Sequence[str] | str = ()) -> str:
    """Page façade of `jd.render.compose_summary(job, duties)`: "About the role" from the inputs and the duties
    alone, always correct, never invented. `duties` is a list, or the edited list as text (one duty per line)."""
    duties = duties_from_text(duties) if isinstance(duties, str) else list(duties)
    return compose_summary(parse_job(job_data), duties)


def language_notice(job_data: Mapping | Job, settings: Settings, *, oauth_token: str | None = None) -> str | None:
    """Page façade of `jd.writing.language_notice_for`: before streaming, whether the configured model cannot
    write the chosen language, as a notice."""
    return language_notice_for(parse_job(job_data), choose_backends(settings, oauth_token)[0])


class Writing(_Writing):
    """Page façade of `jd.writing.Writing`: takes the form's dict, which `admit()` parses before it takes
    the visitor's quota (raising InvalidJob first: a bad form never uses up the quota)."""

    def __init__(self, job_data: Mapping | Job, settings: Settings, **options: Any) -> None:
        """`options` as for jd.writing.Writing: oauth_token, on_notice, rate_limit, interval."""
        self._job_data = job_data
        self._setup(settings, **options)

    def _checked_job(self) -> Job:
        return parse_job(self._job_data)


async def awrite_summary(
    job_data: Mapping | Job,
    responsibilities: str | None,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    rate_limit: Callable[[], None] | None = None,
) -> AsyncGenerator[str, None]:
    """Page façade of `jd.summary.write_summary`: the role summary for the job and its edited list (one duty
    per line). The job and the list are checked first; `rate_limit()` (the visitor's quota, raising
    VisitorRateLimited) is called only when a model writes the summary: composing it costs nothing."""
    job = parse_job(job_data)
    duties = duties_from_text(responsibilities or "")
    if rate_limit is not None and model_summary_enabled(settings, oauth_token=oauth_token):
        rate_limit()
    async with aclosing(write_summary(job, duties, settings, oauth_token=oauth_token, on_notice=on_notice)) as texts:
        async for text in texts:
            yield text


# --- feedback and start-up ----------------------------------------------------------------------


def primary_model(settings: Settings) -> str:
    """The model that writes first ("" when there is none)."""
    backends = choose_backends(settings)
    return backends[0].model if backends else ""


def save_feedback(
    store: FeedbackStore,
    job_data: Any,
    responsibilities: str,
    job_description: str,
    rating: str,
    reason: str,
    *,
    backend: str,
    model: str,
    consent: bool = False,
    raw_responsibilities: str = "",
) -> str:
    """Stores feedback on a job description (rating "helpful" or "not helpful"); returns the record's id.

    `job_data` is kept as given (the form's dict without its empty fields, or a Job): feedback on a
    job that does not parse is still worth keeping. `raw_responsibilities` is the model's own text.
    """
    return store.add(
        {
            "inputs": form_to_job(job_data) if isinstance(job_data, dict) else job_data,
            "raw_responsibilities": raw_responsibilities,
            "responsibilities": responsibilities,
            "job_description": job_description,
            "rating": rating,
            "reason": reason,
            "backend": backend,
            "model": model,
            "consent": consent,
            "examples_used": used_example_ids(job_data, store.data_dir),
        }
    )


def warm_up(settings: Settings) -> None:
    """At start-up, load in the background what the first visitor would otherwise wait for.

    The embedded model starts now when it is the primary backend, so the first click is fast.
    The place gazetteer waits for the first visitor (`warm_up_places`): it holds ~90 MB.
    """
    backends = choose_backends(settings)
    if settings.preload_local and backends and backends[0].kind == "local" and not backends[0].base_url:
        server = get_embedded_server(settings)
        threading.Thread(target=_start_quietly, args=(server,), daemon=True, name="jd-preload").start()


_places_warming = threading.Event()


def warm_up_places() -> None:
    """Load the place gazetteer (about a second, ~90 MB) in the background, once.

    The page calls this when a visitor opens it, so the gazetteer is ready before they type a
    location; an app nobody uses does not hold it, and it does not slow the start-up down.
    """
    if not _places_warming.is_set():
        _places_warming.set()
        threading.Thread(target=location.warm_up, daemon=True, name="jd-places").start()


def _start_quietly(server) -> None:
    with contextlib.suppress(JDError):  # reported to the visitor on first use, with what to do
        server.ensure_started()
