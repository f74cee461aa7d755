"""Writing a job's key responsibilities with the model: stream, top up, clean and ground the list.

`Writing` is the one way the page, the API, MCP, the command line and batch runs do it: it
streams the model's growing text (`TextStream`), asks again for the missing duties when the
first answer is short (the top-ups), and turns the final text into the list the person gets
(`responsibilities_result`): parsed, near-duplicates dropped, duties that state facts the
inputs do not support dropped, MIN_DUTIES to MAX_DUTIES (jd/spec.py) when the model wrote enough.

When the job's occupation is known (jd/role_tasks.py), the prompts show the model the occupation's
tasks chosen for the role, a drafted duty that matches no task of the occupation is dropped like an
invented fact (and the top-up asks for more), and when the list is still short the occupation's
tasks fill it to MIN_DUTIES (English ads only). Notices say what was dropped or added.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable, Generator, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

from .backends import Backend, choose_backends
from .blocking import iterate_blocking
from .errors import JDError, say, say_plural
from .examples import choose_examples
from .parsing import format_duties, parse_duties
from .prompts import build_messages, build_topup_messages, model_writes_language
from .review import check_grounding
from .role_tasks import RoleTasks, filled, occupation_notices, role_tasks
from .settings import Settings
from .spec import MAX_DUTIES, MIN_DUTIES, Job, Language
from .summary import write_summary
from .text_stream import TextStream, notify

MAX_TOPUP_REQUESTS = 2  # extra "N more" requests when the first answer is short
TOPUP_TARGET = 8  # a top-up asks for enough duties to reach this many
# Top-ups sample at temperature 0.7 at least: on SmolLM2-135M (19 short first answers, one top-up
# each) 16/19 reached 6 duties at 0.7 against 12/19 at 0.3, which copies the listed duties back.
TOPUP_MIN_TEMPERATURE = 0.7
AFRESH_TEMPERATURE = 1.0
_PARSE_LIMIT = 20  # parse more than we keep: the grounding guard may drop some


def cleaned_duties(job: Job, raw_text: str, work: RoleTasks | None = None, *, judge: bool = True) -> list[str]:
    """The model's text as the list the user gets: parsed, near-duplicates dropped, MAX_DUTIES at most.

    A model duty that states anything the inputs do not support (pay, benefits, a product or
    company, a place, years, a qualification, a figure) is dropped, not just flagged: the app
    never invents facts, and the top-up asks for the missing duties. So is a duty that matches no
    task of the job's occupation (`work`, when `judge`: the duties are English). Duties the person
    types are only flagged by the review.
    """
    return _sorted_duties(job, raw_text, work, judge)[0]


def _sorted_duties(job: Job, raw_text: str, work: RoleTasks | None, judge: bool) -> tuple[list[str], int]:
    """(the duties kept, MAX_DUTIES at most; how many were dropped as another job's)."""
    duties = parse_duties(raw_text, skills=job.skills, limit=_PARSE_LIMIT)
    _, findings = check_grounding(job, duties)
    unsupported = {finding["duty_index"] for finding in findings}
    grounded = [duty for index, duty in enumerate(duties) if index not in unsupported]
    if work is None or not judge:
        return grounded[:MAX_DUTIES], 0
    kept = [duty for duty in grounded if not work.off_role(duty)]
    return kept[:MAX_DUTIES], len(grounded) - len(kept)


def judges_duties(job: Job, backend: Backend | None) -> bool:
    """Whether the drafted duties are English, so that O*NET's English tasks can judge them: the ad is in
    English, or the model that wrote them writes English only (it is told so: `language_notice_for`)."""
    if job.language is Language.ENGLISH:
        return True
    return backend is not None and not model_writes_language(backend, job.language)


def language_notice_for(job: Job, backend: Backend) -> str | None:
    """The notice to show when `backend`'s model cannot write the job's language, else None."""
    if model_writes_language(backend, job.language):
        return None
    language = job.language.english_name
    if getattr(backend, "kind", None) == "local":
        return say(
            "The embedded model writes English only: the responsibilities are in English. For {language} duties use "
            "a hosted model (set HF_TOKEN or sign in with Hugging Face).",
            language=language,
        )
    return say(
        "The model {model} writes English only: the responsibilities are in English. For {language} duties use a "
        "hosted model (set HF_TOKEN or sign in with Hugging Face).",
        model=backend.model,
        language=language,
    )


@dataclass(frozen=True)
class ResponsibilitiesResult:
    """The list the user gets from the model's final text, and what to tell them about it."""

    text: str  # the cleaned list, one "- " bullet per line
    duties: tuple[str, ...]
    notices: tuple[str, ...]  # e.g. the model wrote fewer than MIN_DUTIES, or cannot write the job's language

    @property
    def notice(self) -> str | None:
        return " ".join(self.notices) or None


def responsibilities_result(
    job: Job, raw_text: str, backend: Backend | None = None, work: RoleTasks | None = None
) -> ResponsibilitiesResult:
    """The cleaned list (MIN_DUTIES to MAX_DUTIES when the model wrote enough) with notices.

    A notice says when fewer than MIN_DUTIES remain, and, given the `backend` that answered,
    when its model cannot write the job's language (the embedded model writes English only).
    `work` is the job's occupation and its tasks (`jd.role_tasks.role_tasks(job)`, computed when not given).
    """
    work = role_tasks(job) if work is None else work
    duties, dropped = _sorted_duties(job, raw_text, work, judges_duties(job, backend))
    return _result(job, duties, backend, work, dropped)


def _result(
    job: Job, duties: list[str], backend: Backend | None, work: RoleTasks | None = None, dropped: int = 0
) -> ResponsibilitiesResult:
    notices = []
    if backend is not None:
        language = language_notice_for(job, backend)
        if language:
            notices.append(language)
    written = len(duties)
    if not written:
        notices.append(say("The model wrote no usable responsibilities; write them yourself or try Regenerate."))
    elif written < MIN_DUTIES:
        notices.append(
            say_plural(
                "The model wrote only {count} responsibility; add more yourself or try Regenerate.",
                "The model wrote only {count} responsibilities; add more yourself or try Regenerate.",
                written,
            )
        )
    if work is not None:
        duties = filled(job, work, duties)
        notices += occupation_notices(work, dropped, len(duties) - written)
    return ResponsibilitiesResult(format_duties(duties), tuple(duties), tuple(notices))


# --- streaming with top-ups ---------------------------------------------------------------------


def _topup_request(
    job: Job, duties: list[str], settings: Settings, extra: int, tasks: Sequence[str] = ()
) -> tuple[list[dict], Settings]:
    """The messages and settings of top-up request number `extra` (1 or 2), given the usable duties so far
    and the occupation's tasks shown to the model."""
    # Another seed for each request, so a seeded backend does not repeat itself.
    request_settings = settings.replace(
        temperature=max(settings.temperature, TOPUP_MIN_TEMPERATURE),
        seed=None if settings.seed is None else settings.seed + extra,
    )
    if duties and extra == 1:
        count = max(TOPUP_TARGET - len(duties), 2)
        examples = choose_examples(job, settings.data_dir)
        return build_topup_messages(job, duties, count, examples, tasks), request_settings
    # Nothing usable yet, or the listing top-up fell short: ask again from the start with
    # another seed (on SmolLM2-135M, 18 of 19 short answers reached 6 this way, against
    # 16 of 19 with the listing prompt, which the model tends to copy back), sampling more
    # freely so it does not write the first answer again (14 roles x 2 seeds: 27 of 28 lists
    # reached 6 either way; at 1.0, 199 duties in all against 196 at 0.7).
    return build_messages(job, choose_examples(job, settings.data_dir), tasks), request_settings.replace(
        temperature=max(settings.temperature, AFRESH_TEMPERATURE)
    )


class _Duties:
    """The usable duties of a stream's text, cleaned once per text (`cleaned_duties` takes ~5 ms; judging a
    new duty against the occupation ~2 ms). `judge()` says whether the duties are judged (they are English)."""

    def __init__(self, job: Job, stream: TextStream, work: RoleTasks, judge: Callable[[], bool]) -> None:
        self.job = job
        self.stream = stream
        self.work = work
        self.judge = judge
        self._cleaned: tuple[str, list[str], int] | None = None

    def of(self, text: str) -> list[str]:
        if self._cleaned is None or self._cleaned[0] != text:
            self._cleaned = (text, *_sorted_duties(self.job, text, self.work, self.judge()))
        return self._cleaned[1]

    def now(self) -> list[str]:
        return self.of(self.stream.text)

    @property
    def dropped(self) -> int:
        """How many duties of the last text cleaned were dropped as another job's."""
        return self._cleaned[2] if self._cleaned is not None else 0

    def full(self, text: str) -> bool:
        """Whether the text holds as many usable duties as the user gets (a top-up may stop reading)."""
        return len(cleaned_duties(self.job, text, self.work, judge=self.judge())) >= MAX_DUTIES


async def _first_answer(
    job: Job, stream: TextStream, settings: Settings, tasks: Sequence[str] = ()
) -> AsyncGenerator[str, None]:
    messages = build_messages(job, choose_examples(job, settings.data_dir), tasks)
    try:
        async with aclosing(stream.request(messages, settings)) as texts:
            async for text in texts:
                yield text
    except JDError:
        # Show every piece that arrived before the failure: the caller keeps the partial text.
        for text in stream.flush():
            yield text
        raise


async def _top_ups(job: Job, stream: TextStream, duties: _Duties, settings: Settings) -> AsyncGenerator[str, None]:
    for extra in range(1, min(settings.topup_requests, MAX_TOPUP_REQUESTS) + 1):
        if len(duties.now()) >= MIN_DUTIES:
            break
        stream.end_line()
        messages, request_settings = _topup_request(job, duties.now(), settings, extra, duties.work.tasks)
        try:
            async with aclosing(stream.request(messages, request_settings, full=duties.full)) as texts:
                async for text in texts:
                    yield text
        except JDError as error:
            for text in stream.flush():
                yield text
            kept = len(duties.now())
            notify(
                stream.on_notice,
                f"Asking the model for more responsibilities failed: {error.message.rstrip('.')}. "
                f"The {kept} already written {'is' if kept == 1 else 'are'} kept.",
            )
            break


class Writing:
    """One run of writing a job's responsibilities: the one way the page, the API and the CLI do it.

    `admit()` calls `rate_limit()`, which takes the request from the visitor's quota (raising
    VisitorRateLimited). Iterating (`async for`, or plain `for` in synchronous code, through
    `jd.blocking.iterate_blocking`) admits the request if that is not done yet, streams the
    model's growing raw text (top-ups included: when the first answer gives fewer than
    MIN_DUTIES usable duties, up to `settings.topup_requests`, at most 2, follow-up requests
    ask for the missing ones; a top-up stops reading once the list is full), then cleans and
    grounds the list into `result`. A failure in the first request is raised (the partial text
    was yielded first); a failing top-up keeps everything written and says so through
    `on_notice`, as does a failing backend handing over to the next. `text` (the last text
    yielded) and `backend` (the one answering) stay readable after a failure; `waiting` is the
    place in a one-at-a-time model's line while the request waits (a text is yielded at each
    change); `asummary()` then writes the role summary for the list (jd/summary.py).
    """

    def __init__(
        self,
        job: Job,
        settings: Settings,
        *,
        oauth_token: str | None = None,
        on_notice: Callable[[str], None] | None = None,
        rate_limit: Callable[[], None] | None = None,
        interval: float | None = None,
    ) -> None:
        self._given_job = job
        self._setup(settings, oauth_token=oauth_token, on_notice=on_notice, rate_limit=rate_limit, interval=interval)

    def _setup(self, settings: Settings, **options: Any) -> None:
        """Everything but the job (the page façade, jd.service.Writing, gives the job its own way)."""
        unknown = set(options) - {"oauth_token", "on_notice", "rate_limit", "interval"}
        if unknown:
            raise TypeError(f"Writing got unexpected options: {', '.join(sorted(unknown))}")
        self.settings = settings
        self.oauth_token: str | None = options.get("oauth_token")
        self.on_notice: Callable[[str], None] | None = options.get("on_notice")
        self.interval: float | None = options.get("interval")
        self.backends = choose_backends(settings, self.oauth_token)
        self.answering = 0  # index in `backends` of the backend that answers
        self.text = ""
        self._rate_limit: Callable[[], None] | None = options.get("rate_limit")
        self._job: Job | None = None
        self._result: ResponsibilitiesResult | None = None
        self._stream: TextStream | None = None

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

    def _checked_job(self) -> Job:
        return self._given_job

    def admit(self) -> Job:
        """The job, once the visitor's quota allows the request."""
        if self._job is None:
            job = self._checked_job()
            if self._rate_limit is not None:
                self._rate_limit()
            self._job = job
        return self._job

    def _handover(self, index: int) -> None:
        self.answering = index

    async def __aiter__(self) -> AsyncGenerator[str, None]:
        job = self.admit()
        # The occupation data loads on first use (a few seconds): off the event loop.
        work = await asyncio.to_thread(role_tasks, job)
        stream = self._stream = TextStream(self.backends, self.interval, self.on_notice, self._handover)
        duties = _Duties(job, stream, work, lambda: judges_duties(job, self.backend))
        first = _first_answer(job, stream, self.settings, work.tasks)
        for part in (first, _top_ups(job, stream, duties, self.settings)):
            async with aclosing(part) as texts:
                async for text in texts:
                    self.text = text
                    yield text
        for text in stream.flush():
            self.text = text
            yield text
        self._result = _result(job, duties.now(), self.backend, work, duties.dropped)

    def __iter__(self) -> Generator[str, None, None]:
        return iterate_blocking(self.__aiter__())

    async def asummary(self) -> AsyncGenerator[str, None]:
        """The role summary for the list written (`jd.summary.write_summary`): streamed, the last value final."""
        self._stream = None
        texts = write_summary(
            self.admit(),
            list(self.result.duties),
            self.settings,
            oauth_token=self.oauth_token,
            on_notice=self.on_notice,
            interval=self.interval,
            on_stream=self._watch,
        )
        async with aclosing(texts) as summaries:
            async for summary in summaries:
                yield summary

    def _watch(self, stream: TextStream) -> None:
        self._stream = stream
