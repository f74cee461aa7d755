"""The stable public API (documented in README.md): `gr.api` endpoints that take the job as one object, for
gradio_client and the JavaScript client, and jd.mcp's tools for AI assistants.

Each endpoint parses the job once, here at the edge, and hands a Job down; our errors reach the caller as
gr.Error with the message the page shows.
"""

from __future__ import annotations

import functools
import html
import inspect
from collections.abc import AsyncIterator, Callable
from contextlib import aclosing
from typing import Any

import gradio as gr

from . import mcp, service, ui_recruiter
from .feedback import FeedbackStore
from .limits import RateLimiter, visitor_key
from .render import render_job_details
from .settings import Settings
from .spec import parse_job
from .ui_common import app_errors, warn
from .ui_language import ENGLISH, current_language
from .ui_text import t
from .writing import Writing


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def waiting_message(place: int) -> str:
    """What a visitor waiting for the one-at-a-time model sees (place 2: the next to be served)."""
    return t("waiting", place=_ordinal(place) if current_language() == ENGLISH else place)


def public(fn: Callable) -> Callable:
    """A public endpoint: our errors reach API clients as gr.Error (see `jd.ui_common.app_errors`)."""
    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def astream(*args, **kwargs):
            with app_errors():
                async with aclosing(fn(*args, **kwargs)) as items:
                    async for item in items:
                        yield item

        return astream

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def stream(*args, **kwargs):
            with app_errors():
                yield from fn(*args, **kwargs)

        return stream

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def acall(*args, **kwargs):
            with app_errors():
                return await fn(*args, **kwargs)

        return acall

    @functools.wraps(fn)
    def call(*args, **kwargs):
        with app_errors():
            return fn(*args, **kwargs)

    return call


def token_of(oauth_token: gr.OAuthToken | None) -> str | None:
    return oauth_token.token if oauth_token is not None else None


def visitor_of(settings: Settings) -> Callable[[gr.Request | None, gr.OAuthProfile | None], str]:
    """Who is asking, for per-visitor limits (jd.limits.visitor_key)."""

    def visitor(request: gr.Request | None, profile: gr.OAuthProfile | None) -> str:
        client = getattr(request, "client", None)
        headers = getattr(request, "headers", None) or {}
        username = getattr(profile, "username", None) if profile is not None else None
        return visitor_key(getattr(client, "host", None), headers.get("x-forwarded-for"), username, settings.on_space)

    return visitor


def rate_limit(
    limiter: RateLimiter, settings: Settings, request: gr.Request | None, profile: gr.OAuthProfile | None
) -> Callable[[], None]:
    """Takes one request from this visitor's quota when called (raises VisitorRateLimited)."""
    return functools.partial(limiter.check, visitor_of(settings)(request, profile))


def _job_details(job: dict) -> str:
    """The job-details section (Markdown) composed from the job's facts alone."""
    return render_job_details(parse_job(job))


def _review(job: dict, text: str) -> dict:
    """Structured review of a job description's text for the job (stable keys, see README)."""
    return service.review_text(parse_job(job) if job else None, text)


def occupation(title: str, language: str = "") -> list:
    """The occupations a job title names, best first, at most 5: `{"code", "title", "score"}` each (O*NET-SOC
    code, O*NET's title, 0-1). Pass the code as the job's `occupation`. `language` is the title's language
    (a code such as "de" or a name; "" for any)."""
    return service.occupation_candidates(title, language)


def _model_endpoints(settings: Settings, limiter: RateLimiter) -> tuple[Callable, Callable, Callable]:
    """/responsibilities and /summary (they use the model), and how a tool gets a visitor's token and quota."""

    def for_visitor(
        request: gr.Request, profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None
    ) -> dict[str, Any]:
        """A model call for this visitor: their token and quota; notices reach API callers as warnings
        (gradio_client: a status update with a log)."""
        return {
            "oauth_token": token_of(oauth_token),
            "on_notice": warn,
            "rate_limit": rate_limit(limiter, settings, request, profile),
        }

    async def responsibilities(
        job: dict, request: gr.Request, profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None
    ) -> AsyncIterator[str]:
        """Streams the model's growing text; the final value is the cleaned list, one "- " bullet per line."""
        writing = Writing(parse_job(job), settings, **for_visitor(request, profile, oauth_token))
        place = None
        async with aclosing(writing.__aiter__()) as texts:
            async for text in texts:
                if writing.waiting is None:
                    yield text
                elif writing.waiting != place:  # API clients get their place in line as a log message
                    place = writing.waiting
                    gr.Info(html.escape(waiting_message(place), quote=False))
        for note in writing.result.notices:
            warn(note)
        yield writing.result.text

    async def summary(
        job: dict,
        responsibilities: str,
        request: gr.Request,
        profile: gr.OAuthProfile | None,
        oauth_token: gr.OAuthToken | None,
    ) -> AsyncIterator[str]:
        """The "About the role" summary (2-4 sentences): composed from the job's facts and its responsibilities,
        or drafted by the model where JD_MODEL_SUMMARY allows it (streamed; the last value is final)."""
        texts = service.awrite_summary(
            parse_job(job), responsibilities, settings, **for_visitor(request, profile, oauth_token)
        )
        async with aclosing(texts) as summaries:
            async for text in summaries:
                if text:  # nothing yet while it waits for a one-at-a-time model
                    yield text

    return responsibilities, summary, for_visitor


def public_api(settings: Settings, store: FeedbackStore, backend_label: str, limiter: RateLimiter) -> None:
    """Register every public endpoint (call inside the Blocks). Each raises gr.Error with a readable message."""
    responsibilities, summary, for_visitor = _model_endpoints(settings, limiter)
    profile = service.company_profile(settings)

    def feedback(
        job: dict, responsibilities: str, job_description: str, rating: str, reason: str = "", consent: bool = False
    ) -> str:
        """Stores feedback (rating: "helpful" or "not helpful"; consent: the duties may become a reviewed example)
        and returns the stored record's id."""
        model = service.primary_model(settings)
        return service.save_feedback(
            store, job, responsibilities, job_description, rating, reason, backend=backend_label, model=model,
            consent=consent,
        )  # fmt: skip

    def job_description(job: dict, responsibilities: str, fmt: str = "markdown", summary: str = "") -> str:
        """The final job description in fmt: markdown, html, text or json-ld; an empty summary is composed."""
        return service.render_text(parse_job(job), responsibilities, fmt, summary, profile)

    uses_model = {"concurrency_limit": settings.concurrency, "concurrency_id": "model"}
    quick = {"concurrency_limit": None}
    for api_name, endpoint, limits in (
        ("job_details", _job_details, quick),
        ("review", _review, quick),
        ("responsibilities", responsibilities, uses_model),
        ("summary", summary, uses_model),
        ("job_description", job_description, quick),
        ("feedback", feedback, quick),
    ):
        # These take the job as one object, for gradio_client; AI assistants get jd.mcp's tools instead.
        gr.api(mcp.hide_from_mcp(public(ui_recruiter.with_profile(endpoint, settings))), api_name=api_name, **limits)
    # MCP's counterpart of /occupation is jd.mcp's find_occupation (it adds the first one's suggestions).
    gr.api(mcp.hide_from_mcp(public(occupation)), api_name="occupation", **quick)
    # The MCP tools (public endpoints too): the job as flat simple-typed fields, one finished result per call.
    for tool in mcp.tools(settings, for_visitor):
        gr.api(public(tool.fn), api_name=tool.name, **(uses_model if tool.uses_model else quick))
    ui_recruiter.public_api(settings, app_errors)
