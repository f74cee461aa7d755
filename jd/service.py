"""What the app and its public API do, as plain functions (no Gradio).

The page and the `gr.api` endpoints (`jd/ui.py`) and the command line (`jd/cli.py`)
are thin wrappers around these, so every behaviour here is tested without a browser
or a server, and the three go the same way: check the input, take the request from
the visitor's quota, stream, clean, ground and render.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import re
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import location
from .backends import Backend, choose_backends
from .embedded import get_embedded_server
from .errors import InvalidInput, JDError
from .examples import choose_examples, used_example_ids
from .feedback import FeedbackStore
from .i18n import get_translations, language_code
from .limits import MIN_UPDATE_INTERVAL, Gauge, update_interval
from .parsing import duties_from_edit, format_duties, parse_duties
from .profile import Profile, load_profile
from .prompts import build_messages, build_summary_messages, build_topup_messages, model_writes_language
from .render import FORMATS, compose_summary, render_job_description, render_job_details, render_review
from .review import check_grounding, review
from .review.fixes import replace_term
from .review.grounding import check_summary, summary_sentences
from .settings import Settings
from .spec import FIELDS, Job, parse_job
from .streaming import Waiting, astream_events, iterate_blocking

logger = logging.getLogger(__name__)

# Every job field (the public job contract); the form's display order lives in jd/ui.py.
JOB_FIELDS = FIELDS

MAX_RESPONSIBILITIES_CHARS = 20_000
MAX_REVIEW_CHARS = 50_000
STREAM_UPDATE_INTERVAL = MIN_UPDATE_INTERVAL  # seconds between one stream's updates when it streams alone
# Streams sending text now, in this process: the more there are, the less often each updates (jd/limits.py).
STREAMING = Gauge()


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


MIN_RESPONSIBILITIES, MAX_RESPONSIBILITIES = 6, 10  # the list the user gets (the review checks 6-10 too)
MAX_TOPUP_REQUESTS = 2  # extra "N more" requests when the first answer is short
TOPUP_TARGET = 8  # a top-up asks for enough duties to reach this many
# Top-ups sample at temperature 0.7 at least: on SmolLM2-135M (19 short first answers, one top-up
# each) 16/19 reached 6 duties at 0.7 against 12/19 at 0.3, which copies the listed duties back.
TOPUP_MIN_TEMPERATURE = 0.7
AFRESH_TEMPERATURE = 1.0
_PARSE_LIMIT = 20  # parse more than we keep: the grounding guard may drop some


def _cleaned_duties(job: Job, raw_text: str) -> list[str]:
    """The model's text as the list the user gets: parsed, near-duplicates dropped, 10 at most.

    A model duty that states anything the inputs do not support (pay, benefits, a product or
    company, a place, years, a qualification, a figure) is dropped, not just flagged: the app
    never invents facts, and the top-up asks for the missing duties. Duties the person types
    are only flagged by the review.
    """
    duties = parse_duties(raw_text, skills=job.skills, limit=_PARSE_LIMIT)
    _, findings = check_grounding(job, duties)
    unsupported = {finding["duty_index"] for finding in findings}
    return [duty for index, duty in enumerate(duties) if index not in unsupported][:MAX_RESPONSIBILITIES]


def _notify(on_notice: Callable[[str], None] | None, message: str) -> None:
    if on_notice is not None:
        on_notice(message)
    else:
        logger.warning("%s", message)


def language_notice_for(job: Job, backend) -> str | None:
    """The notice to show when `backend`'s model cannot write the job's language, else None."""
    if model_writes_language(backend, job.language):
        return None
    language = job.language.english_name
    who = "The embedded model" if getattr(backend, "kind", None) == "local" else f"The model {backend.model}"
    return (
        f"{who} writes English only: the responsibilities are in English. For {language} duties use a "
        "hosted model (set HF_TOKEN or sign in with Hugging Face)."
    )


def language_notice(job_data: Mapping | Job, settings: Settings, *, oauth_token: str | None = None) -> str | None:
    """Before streaming: whether the configured model cannot write the chosen language, as a notice."""
    job = parse_job(job_data)
    return language_notice_for(job, choose_backends(settings, oauth_token)[0])


class _TextStream:
    """The model's text, growing over one or more requests, handed out at most every `interval` seconds.

    `interval` None adapts it to the number of streams running (`jd.limits.update_interval`);
    the first text and the last are never held back. `answering` is the index in `backends` of
    the backend that answers: when a failing one hands over to the next, `on_handover(answering)`
    is told and the notice goes to `on_notice`. `waiting` is the request's place in the line of a
    one-at-a-time model while it waits (each change is handed out too), else None.
    """

    def __init__(
        self,
        backends: list[Backend],
        interval: float | None,
        on_notice: Callable[[str], None] | None = None,
        on_handover: Callable[[int], None] | None = None,
    ) -> None:
        self.backends = backends
        self.interval = interval
        self.on_notice = on_notice
        self.on_handover = on_handover
        self.answering = 0
        self.text = ""
        self.waiting: int | None = None
        self.pending = False  # text not handed out yet
        self._last_sent = -math.inf  # the first text is due at once, whatever the clock reads
        self._cleaned: tuple[str, list[str]] | None = None
        self._counted = False

    def cleaned(self, job: Job) -> list[str]:
        """The text so far as the list the user gets (`_cleaned_duties`, ~5 ms: not done twice for one text)."""
        if self._cleaned is None or self._cleaned[0] != self.text:
            self._cleaned = (self.text, _cleaned_duties(job, self.text))
        return self._cleaned[1]

    def _handover(self, message: str) -> None:
        self.answering += 1
        if self.on_handover is not None:
            self.on_handover(self.answering)
        _notify(self.on_notice, message)

    def _due(self) -> bool:
        """Whether the text is to be handed out now (the interval since the last time has passed)."""
        now = time.monotonic()
        interval = self.interval if self.interval is not None else update_interval(STREAMING.value)
        if now - self._last_sent < interval:
            return False
        self._last_sent = now
        self.pending = False
        return True

    async def request(
        self, messages: list[dict], settings: Settings, full: Callable[[str], bool] | None = None
    ) -> AsyncGenerator[str, None]:
        """Adds one request's answer to the text; stops reading at a line's end once `full(text)` holds."""
        events = astream_events(self.backends[self.answering :], messages, settings, self._handover)
        self._count(True)  # from the start: a stream's setup costs the server as much as its updates
        try:
            async with aclosing(events) as pieces:
                async for delta in pieces:
                    if isinstance(delta, Waiting):  # waiting in line sends (almost) no updates
                        self._count(False)
                        self.waiting = delta.place
                        yield self.text
                        continue
                    self._count(True)
                    self.waiting = None
                    self.text += delta
                    self.pending = True
                    if full is not None and "\n" in delta and full(self.text[: self.text.rfind("\n") + 1]):
                        self.text = self.text[: self.text.rfind("\n") + 1]
                        break
                    if self._due():
                        yield self.text
        finally:
            self.waiting = None
            self._count(False)

    def _count(self, streaming: bool) -> None:
        """Counts this stream in STREAMING while it streams (the update interval depends on how many do)."""
        if streaming != self._counted:
            self._counted = streaming
            STREAMING.add(1 if streaming else -1)

    def end_line(self) -> None:
        """The next answer starts on a line of its own."""
        if self.text and not self.text.endswith("\n"):
            self.text += "\n"
            self.pending = True

    def flush(self) -> list[str]:
        """The text, if some of it was not handed out yet (`for text in stream.flush(): yield text`)."""
        if not self.pending:
            return []
        self.pending = False
        return [self.text]


def _topup_request(job: Job, duties: list[str], settings: Settings, extra: int) -> tuple[list[dict], Settings]:
    """The messages and settings of top-up request number `extra` (1 or 2), given the usable duties so far."""
    # Another seed for each request, so a seeded backend does not repeat itself.
    request_settings = settings.replace(
        temperature=max(settings.temperature, TOPUP_MIN_TEMPERATURE),
        seed=None if settings.seed is None else settings.seed + extra,
    )
    if duties and extra == 1:
        return build_topup_messages(
            job, duties, max(TOPUP_TARGET - len(duties), 2), choose_examples(job, settings.data_dir)
        ), request_settings
    # Nothing usable yet, or the listing top-up fell short: ask again from the start with
    # another seed (on SmolLM2-135M, 18 of 19 short answers reached 6 this way, against
    # 16 of 19 with the listing prompt, which the model tends to copy back), sampling more
    # freely so it does not write the first answer again (14 roles x 2 seeds: 27 of 28 lists
    # reached 6 either way; at 1.0, 199 duties in all against 196 at 0.7).
    return build_messages(job, choose_examples(job, settings.data_dir)), request_settings.replace(
        temperature=max(settings.temperature, AFRESH_TEMPERATURE)
    )


def _full(job: Job, text: str) -> bool:
    """Whether the text holds as many usable duties as the user gets (a top-up may stop reading)."""
    return len(_cleaned_duties(job, text)) >= MAX_RESPONSIBILITIES


async def _stream_text(job: Job, stream: _TextStream, settings: Settings) -> AsyncGenerator[str, None]:
    """`astream_responsibilities_text` on a given `_TextStream` (its backends chosen, its callbacks set)."""
    try:
        async with aclosing(
            stream.request(build_messages(job, choose_examples(job, settings.data_dir)), settings)
        ) as texts:
            async for text in texts:
                yield text
    except JDError:
        # Show every piece that arrived before the failure: the caller keeps the partial text.
        for text in stream.flush():
            yield text
        raise
    for extra in range(1, min(settings.topup_requests, MAX_TOPUP_REQUESTS) + 1):
        duties = stream.cleaned(job)
        if len(duties) >= MIN_RESPONSIBILITIES:
            break
        stream.end_line()
        messages, request_settings = _topup_request(job, duties, settings, extra)
        try:
            async with aclosing(
                stream.request(messages, request_settings, full=functools.partial(_full, job))
            ) as texts:
                async for text in texts:
                    yield text
        except JDError as error:
            for text in stream.flush():
                yield text
            kept = len(stream.cleaned(job))
            _notify(
                stream.on_notice,
                f"Asking the model for more responsibilities failed: {error.message.rstrip('.')}. "
                f"The {kept} already written {'is' if kept == 1 else 'are'} kept.",
            )
            break
    for text in stream.flush():
        yield text


async def astream_responsibilities_text(
    job_data: Mapping | Job,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    interval: float | None = None,
) -> AsyncGenerator[str, None]:
    """Yields the model's growing raw text, at most every `interval` seconds (and at the end).

    `interval` None adapts it to the number of streams running (`jd.limits.update_interval`).
    When the first answer gives fewer than 6 usable duties, up to `settings.topup_requests`
    (at most 2) follow-up requests ask the same model for the missing ones; each answer is
    appended after a newline, so the text keeps growing in the same panel. A top-up stops
    reading once the list holds 10. A failure in the first request is raised (the partial
    text was yielded first); a failure in a top-up keeps everything written so far and is
    reported through `on_notice`, as is a failing backend handing over to the next. Turn the
    final text into the list with `responsibilities_result` (which also gives the notice for a
    model that cannot write the job's language); `Writing` does both, as the app and the CLI do.
    """
    job = parse_job(job_data)
    stream = _TextStream(choose_backends(settings, oauth_token), interval, on_notice)
    async with aclosing(_stream_text(job, stream, settings)) as texts:
        async for text in texts:
            yield text


def stream_responsibilities_text(
    job_data: Mapping | Job,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    interval: float | None = None,
) -> Generator[str, None, None]:
    """`astream_responsibilities_text` for synchronous callers."""
    return iterate_blocking(
        astream_responsibilities_text(
            job_data, settings, oauth_token=oauth_token, on_notice=on_notice, interval=interval
        )
    )


@dataclass(frozen=True)
class ResponsibilitiesResult:
    """The list the user gets from the model's final text, and what to tell them about it.

    Unpacks as `(text, notice)`: `cleaned, notice = responsibilities_result(job, raw)`.
    """

    text: str  # the cleaned list, one "- " bullet per line
    duties: tuple[str, ...]
    notices: tuple[str, ...]  # e.g. the model wrote fewer than 6, or cannot write the job's language

    @property
    def notice(self) -> str | None:
        return " ".join(self.notices) or None

    def __iter__(self):
        return iter((self.text, self.notice))


def responsibilities_result(job_data: Mapping | Job, raw_text: str, backend=None) -> ResponsibilitiesResult:
    """The cleaned list (6-10 when the model wrote enough) with notices.

    A notice says when fewer than 6 remain, and, given the `backend` that answered,
    when its model cannot write the job's language (the embedded model writes English only).
    """
    job = parse_job(job_data)
    return _result(job, _cleaned_duties(job, raw_text), backend)


def _result(job: Job, duties: list[str], backend) -> ResponsibilitiesResult:
    notices = []
    if backend is not None:
        language = language_notice_for(job, backend)
        if language:
            notices.append(language)
    if not duties:
        notices.append("The model wrote no usable responsibilities; write them yourself or try Regenerate.")
    elif len(duties) < MIN_RESPONSIBILITIES:
        noun = "responsibility" if len(duties) == 1 else "responsibilities"
        notices.append(f"The model wrote only {len(duties)} {noun}; add more yourself or try Regenerate.")
    return ResponsibilitiesResult(format_duties(duties), tuple(duties), tuple(notices))


def clean_responsibilities(job_data: Mapping | Job, raw_text: str) -> str:
    """The model's raw text as the cleaned list, one "- " bullet per line.

    Duties stating pay or benefits the user never gave are dropped here, before the
    user sees them: pay and benefits come only from the inputs (the user may still
    type such a duty in, and the review will point at it).
    """
    return responsibilities_result(job_data, raw_text).text


class Writing:
    """One run of writing a job's responsibilities: the one way the page, the API and the CLI do it.

    `admit()` checks the job (raising InvalidJob), then calls `rate_limit()`, which takes the
    request from the visitor's quota (raising VisitorRateLimited): a bad job never uses up the quota.
    Iterating (`async for`, or plain `for` in synchronous code) admits the job if that is not done
    yet, streams the model's growing raw text (`astream_responsibilities_text`, top-ups included),
    then cleans and grounds the list into `result`. `text` (the last text yielded) and `backend`
    (the one answering) stay readable after a failure; `waiting` is the place in a one-at-a-time
    model's line while the request waits (a text is yielded at each change); `summary()` /
    `asummary()` then write the role summary for the list.
    """

    def __init__(
        self,
        job_data: Mapping | Job,
        settings: Settings,
        *,
        oauth_token: str | None = None,
        on_notice: Callable[[str], None] | None = None,
        rate_limit: Callable[[], None] | None = None,
        interval: float | None = None,
    ) -> None:
        self.settings = settings
        self.oauth_token = oauth_token
        self.on_notice = on_notice
        self.interval = interval
        self.backends = choose_backends(settings, oauth_token)
        self.answering = 0  # index in `backends` of the backend that answers
        self.text = ""
        self._job_data = job_data
        self._rate_limit = rate_limit
        self._job: Job | None = None
        self._result: ResponsibilitiesResult | None = None
        self._stream: _TextStream | None = None

    @property
    def backend(self) -> Backend:
        return self.backends[self.answering]

    @property
    def waiting(self) -> int | None:
        """The place in the line of a one-at-a-time model (2: next) while the request waits, else None."""
        return self._stream.waiting if self._stream is not None else None

    @property
    def result(self) -> ResponsibilitiesResult:
        if self._result is None:
            raise RuntimeError("the responsibilities are not written yet: iterate over Writing first")
        return self._result

    def admit(self) -> Job:
        """The checked job, once the visitor's quota allows the request."""
        if self._job is None:
            job = parse_job(self._job_data)
            if self._rate_limit is not None:
                self._rate_limit()
            self._job = job
        return self._job

    def _handover(self, index: int) -> None:
        self.answering = index

    async def __aiter__(self) -> AsyncGenerator[str, None]:
        job = self.admit()
        self._stream = _TextStream(self.backends, self.interval, self.on_notice, self._handover)
        async with aclosing(_stream_text(job, self._stream, self.settings)) as texts:
            async for text in texts:
                self.text = text
                yield text
        self._result = _result(job, self._stream.cleaned(job), self.backend)

    def __iter__(self) -> Generator[str, None, None]:
        return iterate_blocking(self.__aiter__())

    async def asummary(self) -> AsyncGenerator[str, None]:
        """The role summary for the list written (see `asummary_text`): streamed, the last value final."""
        self._stream = None
        texts = asummary_text(
            self.admit(),
            self.result.duties,
            self.settings,
            oauth_token=self.oauth_token,
            on_notice=self.on_notice,
            interval=self.interval,
            on_stream=self._watch,
        )
        async with aclosing(texts) as summaries:
            async for summary in summaries:
                yield summary

    def summary(self) -> Generator[str, None, None]:
        """`asummary` for synchronous callers."""
        return iterate_blocking(self.asummary())

    def _watch(self, stream: _TextStream) -> None:
        self._stream = stream


def _check_responsibilities(responsibilities: str) -> str:
    if not isinstance(responsibilities, str):
        raise InvalidInput("responsibilities must be text, one duty per line.")
    if len(responsibilities) > MAX_RESPONSIBILITIES_CHARS:
        raise InvalidInput(
            f"responsibilities are too long ({len(responsibilities):,} characters; "
            f"the limit is {MAX_RESPONSIBILITIES_CHARS:,}). Shorten the list."
        )
    return responsibilities


MAX_SUMMARY_CHARS = 2_000


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


def composed_summary(job_data: Mapping | Job, duties: Iterable[str] | str = ()) -> str:
    """ "About the role" composed from the inputs and the duties alone: always correct, never invented.

    `duties` is a list, or the edited list as text (one duty per line).
    """
    duties = duties_from_text(duties) if isinstance(duties, str) else list(duties)
    return compose_summary(parse_job(job_data), duties)


@functools.cache
def _company_profile(path: Path | None) -> Profile | None:
    return load_profile(path) if path else None


def company_profile(settings: Settings) -> Profile | None:
    """The company profile JD_COMPANY_PROFILE names (read once per path), or None."""
    return _company_profile(settings.company_profile)


def _render(
    job_data: Mapping | Job,
    responsibilities: str,
    summary: str | None,
    formats: Iterable[str],
    profile: Profile | None = None,
) -> dict[str, str]:
    job = parse_job(job_data)
    duties = duties_from_text(responsibilities)
    summary = _check_summary(summary)
    return {fmt: render_job_description(job, duties, fmt, summary=summary, profile=profile) for fmt in formats}


def job_description(
    job_data: Mapping | Job,
    responsibilities: str,
    fmt: str = "markdown",
    summary: str | None = None,
    profile: Profile | None = None,
) -> str:
    """The final text in `fmt`; an empty `summary` is composed from the inputs. A company `profile` brings its
    equal-opportunity statement and templates folder."""
    if fmt not in FORMATS:
        raise InvalidInput(f"fmt must be one of {', '.join(FORMATS)}, not {str(fmt)[:40]!r}.")
    return _render(job_data, responsibilities, summary, [fmt], profile)[fmt]


def all_formats(
    job_data: Mapping | Job, responsibilities: str, summary: str | None = None, profile: Profile | None = None
) -> dict[str, str]:
    return _render(job_data, responsibilities, summary, FORMATS, profile)


@dataclass(frozen=True)
class ReviewedDescription:
    """A job description in the formats asked for (Markdown always) and the review of its Markdown."""

    texts: dict[str, str]
    review: dict

    @property
    def markdown(self) -> str:
        return self.texts["markdown"]


def reviewed_description(
    job_data: Mapping | Job,
    responsibilities: str,
    summary: str | None = None,
    formats: Iterable[str] = FORMATS,
    profile: Profile | None = None,
) -> ReviewedDescription:
    """The job description in `formats` and its review (of the Markdown, which is always rendered)."""
    job = parse_job(job_data)
    texts = _render(job, responsibilities, summary, dict.fromkeys(["markdown", *formats]), profile)
    return ReviewedDescription(texts, review_job_description(job, texts["markdown"]))


def apply_fixes(texts: Mapping[Any, str], suggestions) -> dict[Any, str]:
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


_BULLET_LINE = re.compile(r"^\s*(?:[-*+\u2022]|\d+[.)])\s+(?P<duty>.+)$")


def _duty_headings(language) -> tuple[str, ...]:
    """How the responsibilities heading starts: English, and the job's language as its catalog writes it."""
    headings = ["responsibilit"]
    if language is not None:
        headings.append(get_translations(language_code(language)).gettext("Key responsibilities").casefold())
    return tuple(headings)


def duties_in_text(text: str, language=None) -> list[str]:
    """The bullets under the responsibilities heading, or every bullet if the text has no such heading."""
    lines = text.splitlines()
    headings = _duty_headings(language)
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if any(h in line.casefold() for h in headings) and not _BULLET_LINE.match(line)
        ),
        None,
    )
    if start is None:
        return [m["duty"].strip() for m in map(_BULLET_LINE.match, lines) if m]
    duties = []
    for line in lines[start + 1 :]:
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
    return review(job, text, duties_in_text(text, job.language if job else None))


def review_panel(result: dict) -> str:
    return render_review(result)


# --- the role summary ---------------------------------------------------------------

# Share of summaries with an unsupported statement, measured by bench/bench_summary.py
# (check_summary's findings on held-out roles); "auto" uses a model's own summary only at
# 1 in 10 or below. Models not listed here are unmeasured: "auto" keeps them off too.
SUMMARY_UNSUPPORTED_RATE: dict[str, float] = {
    # bench/bench_summary.py --seed 1, 24 roles: 12 flagged (each states a job type or work mode that
    # is not the one given, e.g. "full-time, on-site" for a part-time or remote job); a manual read of
    # 10 found 3 more the check misses ("data analysis assistant" for a 3-year analyst, an invented
    # "off-line" guard, "other duties ... not listed here"). Off by default.
    "SmolLM2-135M-Instruct": 0.5,
}
SUMMARY_MAX_RATE = 0.1
SUMMARY_MAX_SENTENCES = 3
SUMMARY_MAX_TOKENS = 160


def _measured_rate(model: str) -> float | None:
    name = str(model or "").casefold()
    for measured, rate in SUMMARY_UNSUPPORTED_RATE.items():
        if measured.casefold() in name:
            return rate
    return None


def model_summary_enabled(settings: Settings, backend=None, *, oauth_token: str | None = None) -> bool:
    """JD_MODEL_SUMMARY: "on", "off", or "auto" (on only for a model measured reliable enough)."""
    if settings.model_summary == "on":
        return True
    if settings.model_summary == "off":
        return False
    backend = backend or choose_backends(settings, oauth_token)[0]
    rate = _measured_rate(backend.model)
    return rate is not None and rate <= SUMMARY_MAX_RATE


_SUMMARY_LABEL = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?\s*(?:role\s+)?summary\s*:?\s*(?:\*\*)?\s*:?\s*", re.IGNORECASE)


_CARD_ECHO = re.compile(r"(?:^|(?<=\s))(?:Duty|Title|Seniority|Skills|Job type|Work mode)\s*:", re.IGNORECASE)


def _summary_prose(text: str) -> str:
    """The model's summary as one paragraph: no heading or label, no bullets, no markup.

    Where the model starts echoing the card ("Duty: ...", "Title: ..."), the summary has ended.
    """
    text = _CARD_ECHO.split(str(text or ""), maxsplit=1)[0]
    lines = []
    for line in str(text or "").splitlines():
        line = _SUMMARY_LABEL.sub("", line).strip()
        line = re.sub(r"^(?:[-*\u2022]|\d+[.)])\s+", "", line)
        line = re.sub(r"[*_`#<>]", "", line).strip()
        if line:
            lines.append(line)
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def reliable_summary(job_data: Mapping | Job, text: str, duties=()) -> tuple[str, list[dict]]:
    """(the summary's supported sentences, up to 3, joined; check_summary's findings on the whole text)."""
    job = parse_job(job_data)
    duties = duties_from_edit(duties) if isinstance(duties, str) else list(duties or ())
    prose = _summary_prose(text)
    findings = check_summary(job, prose, duties)
    flagged = {f["sentence_index"] for f in findings}
    sentences = [s for i, s in enumerate(summary_sentences(prose)) if i not in flagged and s[-1:] in ".!?"]
    return " ".join(sentences[:SUMMARY_MAX_SENTENCES]), findings


async def asummary_text(
    job_data: Mapping | Job,
    duties,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    interval: float | None = None,
    on_stream: Callable[[_TextStream], None] | None = None,
) -> AsyncGenerator[str, None]:
    """The role summary: the model's (streamed, then grounding-checked) when enabled, else the composed one.

    `duties` is a list or the edited "- " text. With the model's summary, the growing text
    is yielded as it arrives; the last value is the final summary: the model's sentences
    that `check_summary` finds nothing wrong with, or, when none is left (or the model
    fails, or cannot write the job's language), the summary composed from the inputs,
    with a notice. Without it, the composed summary is the only value.
    """
    job = parse_job(job_data)
    duties = duties_from_edit(duties) if isinstance(duties, str) else [str(d) for d in duties or ()]
    # Only models whose summaries are enabled may write it: no fallback to one that is not.
    backends = [
        b
        for b in choose_backends(settings, oauth_token)
        if model_summary_enabled(settings, b) and model_writes_language(b, job.language)
    ]
    if not backends:
        yield compose_summary(job, duties)
        return
    request_settings = settings.replace(max_tokens=min(settings.max_tokens, SUMMARY_MAX_TOKENS))
    stream = _TextStream(backends, interval, on_notice)
    if on_stream is not None:
        on_stream(stream)
    try:
        async with aclosing(
            stream.request(
                build_summary_messages(job, duties, choose_examples(job, settings.data_dir)), request_settings
            )
        ) as texts:
            async for text in texts:
                yield text
    except JDError as error:
        _notify(
            on_notice,
            f"The model's role summary failed: {error.message.rstrip('.')}. "
            "The summary composed from your inputs is used instead.",
        )
        yield compose_summary(job, duties)
        return
    yield _final_summary(job, stream.text, duties, on_notice)


def _final_summary(job: Job, text: str, duties: list[str], on_notice: Callable[[str], None] | None) -> str:
    """The model's supported sentences, else the composed summary; a notice says what was left out."""
    summary, findings = reliable_summary(job, text, duties)
    if not summary:
        _notify(
            on_notice,
            "The model's role summary stated things your inputs do not support; "
            "the summary composed from your inputs is used instead.",
        )
        return compose_summary(job, duties)
    dropped = len({f["sentence_index"] for f in findings})
    if dropped:
        _notify(
            on_notice,
            f"Left out {dropped} sentence{'s' if dropped > 1 else ''} of the model's role summary "
            "that your inputs do not support.",
        )
    return summary


def summary_text(
    job_data: Mapping | Job,
    duties,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    interval: float | None = None,
) -> Generator[str, None, None]:
    """`asummary_text` for synchronous callers."""
    return iterate_blocking(
        asummary_text(job_data, duties, settings, oauth_token=oauth_token, on_notice=on_notice, interval=interval)
    )


async def awrite_summary(
    job_data: Mapping | Job,
    responsibilities: str | None,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    rate_limit: Callable[[], None] | None = None,
) -> AsyncGenerator[str, None]:
    """The role summary for the job and its edited list (one duty per line), as `asummary_text` writes it.

    The job and the list are checked first; `rate_limit()` (the visitor's quota, raising
    VisitorRateLimited) is called only when a model writes the summary: composing it costs nothing.
    """
    job = parse_job(job_data)
    duties = duties_from_text(responsibilities or "")
    if rate_limit is not None and model_summary_enabled(settings, oauth_token=oauth_token):
        rate_limit()
    async with aclosing(asummary_text(job, duties, settings, oauth_token=oauth_token, on_notice=on_notice)) as texts:
        async for text in texts:
            yield text


def write_summary(
    job_data: Mapping | Job,
    responsibilities: str | None,
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    rate_limit: Callable[[], None] | None = None,
) -> Generator[str, None, None]:
    """`awrite_summary` for synchronous callers."""
    return iterate_blocking(
        awrite_summary(
            job_data, responsibilities, settings, oauth_token=oauth_token, on_notice=on_notice, rate_limit=rate_limit
        )
    )


# --- feedback and start-up --------------------------------------------------------------


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
) -> str:
    """Stores feedback on a job description (rating "helpful" or "not helpful"); returns the record's id."""
    return store.add(
        {
            "inputs": form_to_job(job_data) if isinstance(job_data, dict) else job_data,
            "raw_responsibilities": "",
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
