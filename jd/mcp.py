"""The app's tools for AI assistants (MCP): plain functions with simple typed parameters.

Gradio serves every public API endpoint as an MCP tool at `/gradio_api/mcp/` when the app is
launched with `mcp_server=True`. The function's name is the tool's name, its docstring the tool's
description (each "Args:" line, `name: text`, describes one parameter; "Returns:" is appended to
the description) and its type hints the input schema. So the tools here:

- take the job as flat keyword parameters of simple types (str, float, bool), not one object:
  some MCP clients handle only simple types, and each field gets its own description;
  "" (and 0 for pay) means "not given", as on the page;
- return text: Gradio sends each result as `str(value)`, so a dict would reach the client as a
  Python repr; structured results are JSON text instead;
- do not stream (MCP has no streamed results): the model's text is collected, and notices that
  the page shows as warnings (fewer than 6 duties, a fallback model...) come back in the result;
- raise `JDError` with the app's clear messages; registered through `jd.ui._public`, they reach
  MCP and gradio_client callers as `gr.Error` with the same text as the other endpoints.

The job parameters are listed once (`JOB_PARAMETERS`); `_job_tool` gives each job-taking tool
the real signature, type hints and "Args:" lines Gradio reads.
"""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import gradio as gr

from . import service
from .errors import InvalidInput
from .render import FORMATS, render_job_details
from .settings import Settings
from .spec import FIELDS, JOB_TYPES, LANGUAGES, PAY_BASES, SALARY_PERIODS, TONES, WORK_MODES, Job, parse_job
from .writing import Writing

# for_visitor(request, profile, oauth_token) in jd/ui.py: the keyword arguments of a model call for
# this visitor (oauth_token, rate_limit, on_notice); the tools collect the notices themselves.
Visitor = Callable[[Any, Any, Any], Mapping[str, Any]]


@dataclass(frozen=True)
class JobParameter:
    """One job field as a tool parameter: its type, its "not given" default and its one-line description."""

    name: str
    kind: type
    default: Any
    description: str


JOB_PARAMETERS: tuple[JobParameter, ...] = (
    JobParameter("title", str, "", "The job title, e.g. Senior Backend Engineer (up to 120 characters)."),
    JobParameter("experience", str, "", "Experience asked for, e.g. 5+ years."),
    JobParameter("skills", str, "", "Must-have skills, separated by commas, e.g. Python, PostgreSQL, AWS."),
    JobParameter("nice_to_have", str, "", "Nice-to-have skills, separated by commas."),
    JobParameter("job_type", str, "", f"Employment type, one of: {', '.join(JOB_TYPES)}."),
    JobParameter("work_mode", str, "", f"One of: {', '.join(WORK_MODES)}."),
    JobParameter("location", str, "", "Where the job is: city, region, country, e.g. Denver, CO, USA."),
    JobParameter("schedule", str, "", "Working hours, e.g. Monday to Friday, 9:00-17:30."),
    JobParameter("company", str, "", "The company's name."),
    JobParameter("about_company", str, "", "Two or three sentences about the company that candidates should know."),
    JobParameter("salary_min", float, 0, "Lowest pay as a number (0: none given); pay needs currency and period."),
    JobParameter("salary_max", float, 0, "Highest pay as a number (0: none given); pay needs currency and period."),
    JobParameter("currency", str, "", "ISO 4217 currency code of the pay, e.g. USD or EUR."),
    JobParameter("salary_period", str, "", f"What the pay is per, one of: {', '.join(SALARY_PERIODS)}."),
    JobParameter("benefits", str, "", "Benefits actually offered, separated by semicolons; none are ever invented."),
    JobParameter("apply_at", str, "", "Where to apply: a web address (https://...) or an e-mail address."),
    JobParameter("valid_through", str, "", "Last day to apply, as YYYY-MM-DD."),
    JobParameter("date_posted", str, "", "The day the ad is posted, as YYYY-MM-DD (default: today)."),
    JobParameter("tone", str, TONES[0], f"Writing tone, one of: {', '.join(TONES)}."),
    JobParameter("language", str, "en", f"Language of the ad, a code ({', '.join(LANGUAGES)}) or its name."),
    JobParameter("mwd", bool, True, "Add the ad language's gender marker to the title: (m/w/d), (H/F), (m/v/x)..."),
    JobParameter("pay_basis", str, "gross", f"Whether the pay is before or after tax, one of: {', '.join(PAY_BASES)}."),
    JobParameter("payments_per_year", float, 0, "Payments a year of monthly or yearly pay, 12-16 (0: not said)."),
    JobParameter("consent_line", bool, True, "Italian and Polish ads: ask for consent to process personal data."),
    JobParameter("occupation", str, "", "O*NET-SOC code of the occupation, e.g. 35-3023.01 (blank: from the title)."),
)
PAY_FIELDS = ("salary_min", "salary_max", "payments_per_year")


def job_from(arguments: Mapping[str, Any]) -> Job:
    """The flat tool arguments as a job, parsed (MCP's edge): "" (and 0 for pay) mean "not given"."""
    values = {p.name: arguments.get(p.name, p.default) for p in JOB_PARAMETERS}
    for name in PAY_FIELDS:
        if values[name] == 0 and not isinstance(values[name], bool):
            values[name] = None
    return parse_job(service.form_to_job(values))


def _job_given(arguments: Mapping[str, Any]) -> bool:
    return any(arguments.get(p.name, p.default) != p.default for p in JOB_PARAMETERS)


def _job_signature(fn: Callable, hints: Mapping[str, Any], job_required: bool) -> inspect.Signature:
    """fn's parameters without `job`, with every job field put in: required ones first, then the fields."""
    own = [
        parameter.replace(annotation=hints[name])
        for name, parameter in inspect.signature(fn).parameters.items()
        if name != "job"
    ]
    fields = [
        inspect.Parameter(
            p.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=inspect.Parameter.empty if job_required and p.name == "title" else p.default,
            annotation=p.kind,
        )
        for p in JOB_PARAMETERS
    ]
    required = [p for p in [*own, *fields] if p.default is inspect.Parameter.empty]
    optional = [p for p in [*fields, *own] if p.default is not inspect.Parameter.empty]
    return inspect.Signature([*required, *optional], return_annotation=hints.get("return", Any))


def _job_docstring(fn: Callable, job_required: bool) -> str:
    """fn's docstring with one "Args:" line per job field (Gradio reads one line per parameter)."""
    lines = (inspect.getdoc(fn) or "").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "Args:") + 1
    fields = [f"    {p.name}: {p.description}" for p in JOB_PARAMETERS]
    if job_required:
        fields[0] += " Required."
    return "\n".join([*lines[:at], *fields, *lines[at:]])


def _job_tool(fn: Callable, *, job_required: bool = True) -> Callable[..., Any]:
    """A tool taking the job's fields as flat parameters, calling `fn(job, ...)` with the job parsed (a Job).

    Without `job_required`, the job is None when no field differs from its default.
    """
    hints = typing.get_type_hints(fn)
    signature = _job_signature(fn, hints, job_required)

    def arguments(args: tuple, kwargs: dict) -> tuple[Job | None, dict]:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        job = job_from(values) if job_required or _job_given(values) else None
        return job, {name: value for name, value in values.items() if name not in FIELDS}

    async def async_tool(*args: Any, **kwargs: Any) -> Any:
        job, rest = arguments(args, kwargs)
        return await fn(job, **rest)

    def sync_tool(*args: Any, **kwargs: Any) -> Any:
        job, rest = arguments(args, kwargs)
        return fn(job, **rest)

    # Gradio reads these attributes (typed Any: mypy does not know that functions carry them).
    described: Any = async_tool if inspect.iscoroutinefunction(fn) else sync_tool
    described.__name__ = described.__qualname__ = fn.__name__
    described.__module__ = fn.__module__
    described.__doc__ = _job_docstring(fn, job_required)
    described.__signature__ = signature
    described.__annotations__ = {
        **{name: parameter.annotation for name, parameter in signature.parameters.items()},
        "return": signature.return_annotation,
    }
    return described


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _check_format(format: str) -> str:
    if format not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}, not {str(format)[:40]!r}.")
    return format


# ---- quick tools (no model) ---------------------------------------------------------------------
# Each takes the job parsed; `tools()` gives them the flat job parameters (`_job_tool`): register those.


def check_job(job: Job) -> str:
    """Check a job's facts and return its job-details section (Markdown), or every problem found at once.

    Use it to validate the facts before writing: nothing is written by a model, nothing is invented.

    Args:
    Returns:
        The job-details section in Markdown (title, type, place, pay, skills, how to apply...).
    """
    return render_job_details(job)


def render_job_description(job: Job, responsibilities: str, summary: str = "", format: str = "markdown") -> str:
    """Render the final job ad from the role's facts and a list of responsibilities the user has checked.

    Use it after draft_responsibilities (and the user's edits), or to render the ad in another format. Pay, benefits
    and company facts come only from the parameters: nothing is invented.

    Args:
        responsibilities: The key responsibilities, one per line (a leading "- " is optional).
        summary: The "About the role" paragraph; leave empty to compose it from the facts and responsibilities.
        format: markdown, html, text or json-ld (schema.org JobPosting for job boards).
    Returns:
        The job ad in the chosen format.
    """
    return service.render_text(job, responsibilities, _check_format(format), summary)


def review_job_description(job: Job | None, text: str) -> str:
    """Review any job ad's text for fairness and completeness, offline and in milliseconds.

    Checks gendered and exclusionary wording (with suggested replacements), readability, pay transparency laws
    for the job's location, missing sections, and statements the job's facts do not support. Pass the job's
    facts too (at least its title) for the checks that need them; without them those checks are skipped.

    Args:
        text: The job ad to review (Markdown or plain text, up to 50,000 characters).
    Returns:
        JSON text with score (0-100)
        fix_first (the most important fixes)
        suggestions (each a term, its replacement and its start and end offsets in the text)
        the details of each check: gender_coding, exclusionary, readability, pay_transparency, completeness, grounding
    """
    return _json(service.review_text(job, text))


def find_occupation(title: str, language: str = "") -> str:
    """Find the occupation (O*NET-SOC code) a job title names, to pass as the job's `occupation`.

    With the occupation known, the responsibilities are drafted from its real tasks and checked against
    them, and the ad's JSON-LD names it. When the first candidate is not clearly ahead, ask the user which
    one the job is.

    Args:
        title: The job title as typed, e.g. Sr. Barista (part-time).
        language: The title's language (e.g. de, fr, German), or empty for any.
    Returns:
        JSON text: a list of candidates, best first, at most 5, each with code, title (O*NET's) and score (0-1)
        and, for the first, its duties (O*NET tasks), skills (technologies, hot first) and job_zone
    """
    found = service.occupation_candidates(title, language)
    if found:
        best = service.occupation_suggestions(found[0]["code"])
        found[0] = {**found[0], **{key: best[key] for key in ("duties", "skills", "job_zone")}}
    return _json(found)


# ---- tools that ask the model -------------------------------------------------------------------


async def _last(texts: AsyncGenerator[str, None]) -> str:
    """The last text of a stream (the final one), closing the stream either way."""
    last = ""
    async with aclosing(texts) as items:
        async for text in items:
            last = text
    return last


@dataclass(frozen=True)
class Tool:
    """A tool to register as a public endpoint; `uses_model` ones share the model's concurrency limit."""

    fn: Callable[..., Any]
    uses_model: bool

    @property
    def name(self) -> str:
        return self.fn.__name__


@dataclass(frozen=True)
class _Writer:
    """Writes a job's responsibilities with the app's model for one visitor: their token, one request from their
    quota; cleaned and grounded as on the page. The notices the page shows as warnings are collected instead."""

    settings: Settings
    for_visitor: Visitor

    async def __call__(self, job: Job, *visitor: Any) -> tuple[Writing, list[str]]:
        notices: list[str] = []
        options = {**self.for_visitor(*visitor), "on_notice": notices.append}
        writing = Writing(job, self.settings, **options)
        await _last(writing.__aiter__())
        return writing, notices


def _draft_responsibilities(write: _Writer) -> Callable[..., Any]:
    async def draft_responsibilities(
        job: Job,
        request: gr.Request | None = None,
        profile: gr.OAuthProfile | None = None,
        oauth_token: gr.OAuthToken | None = None,
    ) -> str:
        """Draft 6-10 key responsibilities for a role with the app's language model, checked against the facts.

        The model's list is cleaned (numbering, duplicates) and every duty stating something the facts do not
        support (pay, benefits, products, figures...) is dropped. Show the list to the user to edit, then call
        render_job_description. Takes 5-60 seconds.

        Args:
        Returns:
            JSON text with responsibilities (one "- " bullet per line)
            notices (what to tell the user, e.g. that the model wrote fewer than 6)
            model (which model wrote them)
        """
        writing, notices = await write(job, request, profile, oauth_token)
        result = writing.result
        return _json(
            {
                "responsibilities": result.text,
                "notices": [*notices, *result.notices],
                "model": writing.backend.label,
            }
        )

    return draft_responsibilities


def _create_job_description(write: _Writer) -> Callable[..., Any]:
    async def create_job_description(
        job: Job,
        format: str = "markdown",
        request: gr.Request | None = None,
        profile: gr.OAuthProfile | None = None,
        oauth_token: gr.OAuthToken | None = None,
    ) -> str:
        """Write a complete, fair job ad from a role's facts in one call, and review it.

        The app's language model drafts the key responsibilities; any duty the facts do not support (invented
        pay, benefits, products, figures...) is dropped; the "About the role" summary is composed; the ad is
        rendered and reviewed. Pay, benefits and company facts come only from the parameters: nothing is
        invented. Takes 5-60 seconds.

        Args:
            format: markdown, html, text or json-ld (schema.org JobPosting for job boards).
        Returns:
            JSON text with job_description (the ad in the chosen format)
            format
            responsibilities (one "- " bullet per line)
            summary (the "About the role" paragraph)
            review (score 0-100, fix_first, suggestions: as review_job_description returns them)
            notices (what to tell the user, e.g. that the model wrote fewer than 6 duties)
            model (which model wrote the responsibilities)
        """
        _check_format(format)  # before the model is asked
        writing, notices = await write(job, request, profile, oauth_token)
        result = writing.result
        summary = await _last(writing.asummary())
        described = service.render_reviewed(
            job, result.text, summary, formats=[format], profile=service.company_profile(write.settings)
        )
        return _json(
            {
                "job_description": described.texts[format],
                "format": format,
                "responsibilities": result.text,
                "summary": summary,
                "review": described.review,
                "notices": [*notices, *result.notices],
                "model": writing.backend.label,
            }
        )

    return create_job_description


def tools(settings: Settings, for_visitor: Visitor) -> list[Tool]:
    """Every MCP tool, in the order assistants see them; the model tools write with `for_visitor`'s token and quota."""
    write = _Writer(settings, for_visitor)
    return [
        Tool(_job_tool(_create_job_description(write)), uses_model=True),
        Tool(_job_tool(_draft_responsibilities(write)), uses_model=True),
        Tool(_job_tool(render_job_description), uses_model=False),
        Tool(_job_tool(review_job_description, job_required=False), uses_model=False),
        Tool(_job_tool(check_job), uses_model=False),
        Tool(find_occupation, uses_model=False),
    ]


def hide_from_mcp(fn: Callable) -> Callable:
    """Keep a public API endpoint out of the MCP tool list (it stays callable by gradio_client).

    Gradio lists an endpoint as a tool unless its function's `_mcp_type` (set by `gr.tool`,
    `gr.resource`, `gr.prompt`) says otherwise; "api" is none of those, so `list_tools` skips it.
    tests/test_mcp.py checks the listed tools, so a Gradio upgrade that changes this fails there.
    """
    fn._mcp_type = "api"  # type: ignore[attr-defined]
    return fn
