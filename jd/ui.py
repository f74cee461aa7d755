"""The Gradio app: declare the layout, then wire events to plain functions.

Domain logic lives in `jd.service` and the modules it calls; this module only
turns widget values into arguments and errors into messages people can read.
The form is one mapping of job field -> component (`Page.form`), so the field
order lives in one place; handlers return dicts of component -> new value.
"""

from __future__ import annotations

import contextlib
import functools
import html
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from . import gradio_tuning, mcp, service, ui_owner, ui_recruiter
from .backends import describe_backend
from .errors import BackendError, InvalidJob, JDError
from .feedback import FeedbackStore
from .feedback_hub import start_hub_sync
from .files import download_folder
from .http_limits import limit_request_bodies
from .limits import RateLimiter, visitor_key
from .render import FORMATS, markdown_escape
from .review import highlight_html
from .settings import Settings
from .spec import CURRENCIES, JOB_TYPES, LANGUAGE_CHOICES, SALARY_PERIODS, TONES, WORK_MODES

FORMAT_FILES = {
    "markdown": "job-description.md",
    "html": "job-description.html",
    "text": "job-description.txt",
    "json-ld": "job-posting.jsonld",
}

CACHE_CLEANUP = (3600, 3600)  # Gradio deletes its copies of downloads after an hour (checked hourly)
# Form fields a one-click fix may change (free text typed by the person).
FIXABLE_FIELDS = ("title", "experience", "skills", "nice_to_have", "about_company", "benefits", "schedule")
# Events besides the model's (as-you-type details and review, generate, feedback) that may run at once.
QUICK_EVENT_SLOTS = 40
WRITING = "Writing responsibilities…"
WRITING_SUMMARY = "Writing the summary…"

EXAMPLES: list[dict[str, Any]] = [
    {
        "title": "Senior Backend Engineer",
        "experience": "5+ years",
        "skills": "Python, PostgreSQL, AWS, API design",
        "nice_to_have": "Kubernetes, event-driven systems",
        "job_type": "Full-time",
        "work_mode": "Hybrid",
        "location": "Denver, CO, USA",
        "schedule": "Monday to Friday, flexible hours",
        "company": "Acme Robotics",
        "about_company": "Acme Robotics builds software for warehouse robots.",
        "salary_min": 140000,
        "salary_max": 175000,
        "currency": "USD",
        "salary_period": "year",
        "benefits": "Health, dental and vision insurance; 401(k) with 4% match; 25 days paid leave",
        "apply_at": "https://acme-robotics.example/careers",
        "tone": "professional",
        "language": "en",
    },
    {
        "title": "Pflegefachkraft Intensivstation",
        "experience": "2 Jahre Berufserfahrung in der Intensivpflege",
        "skills": "Intensivpflege, Beatmung, Dokumentation im KIS",
        "job_type": "Part-time",
        "work_mode": "On-site",
        "location": "Berlin, Germany",
        "schedule": "30 Stunden pro Woche im Dreischichtsystem",
        "company": "Klinik am See",
        "about_company": "Die Klinik am See ist ein Krankenhaus mit 400 Betten.",
        "salary_min": 3800,
        "salary_max": 4600,
        "currency": "EUR",
        "salary_period": "month",
        "benefits": "30 Tage Urlaub; Jobticket; Betriebliche Altersvorsorge",
        "apply_at": "karriere@klinik-am-see.example",
        "tone": "friendly",
        "language": "de",
    },
    {
        "title": "Marketing Intern",
        "skills": "Social media, copywriting, Canva",
        "job_type": "Internship",
        "work_mode": "Remote",
        "location": "India",
        "company": "Brightleaf",
        "about_company": "Brightleaf makes plant-based snacks.",
        "tone": "friendly",
        "language": "en",
    },
]


def _message(error: JDError | str) -> str:
    """A message as Markdown that shows its text literally (users' text may be hostile)."""
    if isinstance(error, InvalidJob):
        problems = "\n".join(f"- {markdown_escape(problem)}" for problem in error.problems)
        return f"Please fix the job details:\n\n{problems}"
    return markdown_escape(str(error)).replace("\n", "  \n")


def _warn(notice: str) -> None:
    gr.Warning(html.escape(notice, quote=False))


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def waiting_message(place: int) -> str:
    """What a visitor waiting for the one-at-a-time model sees (place 2: the next to be served)."""
    return f"Waiting for the model: you are {_ordinal(place)} in line…"


class _Changes:
    """Only the outputs whose values changed since the last update: each value sent costs the server work."""

    def __init__(self) -> None:
        self._sent: dict[Any, Any] = {}

    def __call__(self, values: dict) -> dict:
        changed = {key: value for key, value in values.items() if key not in self._sent or self._sent[key] != value}
        self._sent.update(changed)
        return changed


@contextlib.contextmanager
def _app_errors() -> Iterator[None]:
    """Our errors as gr.Error, with the same clear message the page shows.

    The page's toasts render HTML, so <, > and & are escaped; quotes are harmless in text and stay as
    they are, so that API and MCP clients read "Space's", not "Space&#x27;s".
    """
    try:
        yield
    except JDError as error:
        raise gr.Error(html.escape(str(error), quote=False).replace("\n", "<br>")) from None


def _public(fn: Callable) -> Callable:
    """A public endpoint: our errors reach API clients as gr.Error (see `_app_errors`)."""
    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def astream(*args, **kwargs):
            with _app_errors():
                async with aclosing(fn(*args, **kwargs)) as items:
                    async for item in items:
                        yield item

        return astream

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def stream(*args, **kwargs):
            with _app_errors():
                yield from fn(*args, **kwargs)

        return stream

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def acall(*args, **kwargs):
            with _app_errors():
                return await fn(*args, **kwargs)

        return acall

    @functools.wraps(fn)
    def call(*args, **kwargs):
        with _app_errors():
            return fn(*args, **kwargs)

    return call


def _write_downloads(rendered: dict[str, str]) -> list[str]:
    """Each format as a file in a fresh download folder (Gradio copies it to its cache, which it cleans itself)."""
    folder = download_folder()
    paths = []
    for fmt in FORMATS:
        path = folder / FORMAT_FILES[fmt]
        path.write_text(rendered[fmt], encoding="utf-8")
        paths.append(str(path))
    return paths


def _token_of(oauth_token: gr.OAuthToken | None) -> str | None:
    return oauth_token.token if oauth_token is not None else None


def _visitor(settings: Settings, request: gr.Request | None, profile: gr.OAuthProfile | None) -> str:
    """Who is asking, for per-visitor limits (jd.limits.visitor_key)."""
    client = getattr(request, "client", None)
    headers = getattr(request, "headers", None) or {}
    username = getattr(profile, "username", None) if profile is not None else None
    return visitor_key(getattr(client, "host", None), headers.get("x-forwarded-for"), username, settings.on_space)


def _rate_limit(
    limiter: RateLimiter, settings: Settings, request: gr.Request | None, profile: gr.OAuthProfile | None
) -> Callable[[], None]:
    """Takes one request from this visitor's quota when called (raises VisitorRateLimited)."""
    return functools.partial(limiter.check, _visitor(settings, request, profile))


# ---- layout -------------------------------------------------------------------------------------


@dataclass
class Page:
    """The page's components; `form` maps each job field to its input, in display order."""

    form: dict[str, Any] = field(default_factory=dict)
    details: Any = None
    write: Any = None
    stop: Any = None
    regenerate: Any = None
    status: Any = None
    live: Any = None
    duties: Any = None
    summary: Any = None
    compose: Any = None
    generate: Any = None
    preview: Any = None
    review: Any = None
    review_marked: Any = None
    fixes: Any = None
    apply_fixes: Any = None
    apply_all: Any = None
    outputs: dict[str, Any] = field(default_factory=dict)
    downloads: dict[str, Any] = field(default_factory=dict)
    rating: Any = None
    reason: Any = None
    consent: Any = None
    flag: Any = None
    feedback_status: Any = None
    raw_text: Any = None
    used_backend: Any = None
    used_model: Any = None
    suggestions: Any = None
    recruiter: Any = None  # jd.ui_recruiter.Recruiter: drafts, saved work, profile, Word, bulk


def _role_tab(form: dict[str, Any]) -> None:
    form["title"] = gr.Textbox(
        label="Job title",
        placeholder="e.g. Senior Backend Engineer",
        info="Required. Up to 120 characters.",
        max_lines=1,
        elem_id="title",
    )
    form["experience"] = gr.Textbox(label="Experience", placeholder="e.g. 5+ years", max_lines=1, elem_id="experience")
    form["skills"] = gr.Textbox(
        label="Skills (must-have)",
        placeholder="e.g. Python, PostgreSQL, AWS",
        info="Separate with commas or new lines.",
        lines=2,
        elem_id="skills",
    )
    form["nice_to_have"] = gr.Textbox(
        label="Nice to have",
        placeholder="e.g. Kubernetes, Spanish",
        info="Separate with commas or new lines.",
        lines=1,
        elem_id="nice_to_have",
    )
    with gr.Row():
        form["job_type"] = gr.Dropdown(label="Job type", choices=list(JOB_TYPES), value=None, elem_id="job_type")
        form["work_mode"] = gr.Radio(label="Work mode", choices=list(WORK_MODES), value=None, elem_id="work_mode")
    form["location"] = gr.Textbox(
        label="Location", placeholder="e.g. Denver, CO, USA or Berlin, Germany", max_lines=1, elem_id="location"
    )
    form["schedule"] = gr.Textbox(
        label="Working hours", placeholder="e.g. Monday to Friday, 9:00-17:30", max_lines=1, elem_id="schedule"
    )


def _company_tab(form: dict[str, Any]) -> None:
    form["company"] = gr.Textbox(label="Company name", placeholder="e.g. Acme Robotics", max_lines=1, elem_id="company")
    form["about_company"] = gr.Textbox(
        label="About the company",
        lines=3,
        elem_id="about_company",
        placeholder="Two or three sentences candidates should know.",
    )


def _pay_tab(form: dict[str, Any]) -> None:
    with gr.Row():
        form["salary_min"] = gr.Number(label="Pay from", value=None, minimum=0, elem_id="salary_min")
        form["salary_max"] = gr.Number(label="Pay up to", value=None, minimum=0, elem_id="salary_max")
    with gr.Row():
        form["currency"] = gr.Dropdown(
            label="Currency",
            choices=list(CURRENCIES),
            value=None,
            allow_custom_value=True,
            info="ISO 4217 code, e.g. USD",
            elem_id="currency",
        )
        form["salary_period"] = gr.Dropdown(
            label="Per", choices=list(SALARY_PERIODS), value=None, elem_id="salary_period"
        )
    form["benefits"] = gr.Textbox(
        label="Benefits",
        lines=2,
        elem_id="benefits",
        info="One per line or separated by semicolons.",
        placeholder="Only what you actually offer, e.g. 25 days paid leave",
    )
    gr.Markdown("Many places require a pay range in job posts. Nothing here is ever invented.")


def _apply_tab(form: dict[str, Any]) -> None:
    form["apply_at"] = gr.Textbox(
        label="Apply at",
        max_lines=1,
        elem_id="apply_at",
        placeholder="https://example.com/careers/123 or jobs@example.com",
    )
    form["valid_through"] = gr.Textbox(
        label="Apply by", max_lines=1, elem_id="valid_through", placeholder="YYYY-MM-DD, e.g. 2027-01-31"
    )


def _options_tab(form: dict[str, Any], backend_label: str) -> None:
    form["tone"] = gr.Radio(label="Tone", choices=list(TONES), value=TONES[0], elem_id="tone")
    form["language"] = gr.Dropdown(
        label="Output language", choices=list(LANGUAGE_CHOICES), value="en", elem_id="language"
    )
    form["mwd"] = gr.Checkbox(
        label="German titles: add (m/w/d)",
        value=True,
        elem_id="mwd",
        info="German ads name all genders in the title (AGG).",
    )
    gr.Markdown(f"**Model in use:** {_message(backend_label)}")


def _form_layout(page: Page, backend_label: str) -> None:
    """The form's tabs, then one-click examples; fills `page.form` in display order."""
    form = page.form
    with gr.Tabs():
        with gr.Tab("Role"):
            _role_tab(form)
        with gr.Tab("Company"):
            _company_tab(form)
        with gr.Tab("Pay & benefits"):
            _pay_tab(form)
        with gr.Tab("How to apply"):
            _apply_tab(form)
        with gr.Tab("Options"):
            _options_tab(form, backend_label)
            ui_recruiter.options_layout(page)
    gr.Examples(
        examples=[[example.get(key) for key in form] for example in EXAMPLES],
        inputs=list(form.values()),
        label="Examples: fill the form in one click",
    )


def _writing_layout(page: Page, settings: Settings, backend_label: str) -> None:
    with gr.Row():
        page.write = gr.Button("Write responsibilities", variant="primary", elem_id="write")
        page.stop = gr.Button("Stop", variant="stop", elem_id="stop")
        page.regenerate = gr.Button("Regenerate", elem_id="regenerate")
    page.status = gr.Markdown("", elem_id="status")
    with gr.Row():
        page.live = gr.Textbox(label="Model output (live)", lines=10, interactive=False, elem_id="live")
        page.duties = gr.Textbox(
            label="Key responsibilities — edit freely, one per line", lines=10, interactive=True, elem_id="duties"
        )
    page.summary = gr.Textbox(
        label="About the role — edit freely",
        lines=3,
        interactive=True,
        elem_id="summary",
        info="Composed from your inputs and the responsibilities. Left empty, it is composed when you generate.",
    )
    page.compose = gr.Button("Compose the summary again from the inputs", size="sm", elem_id="compose")
    page.raw_text = gr.State("")
    page.used_backend = gr.State(backend_label)
    page.used_model = gr.State(service.primary_model(settings))
    page.suggestions = gr.State([])


def _results_layout(page: Page) -> None:
    page.generate = gr.Button("Generate Job Description", variant="primary", elem_id="generate")
    with gr.Row():
        with gr.Column(scale=3):
            page.preview = gr.Markdown(elem_id="preview")
        with gr.Column(scale=2):
            gr.Markdown("### Review")
            page.review = gr.Markdown("Generate the job description to see its review.", elem_id="review")
            page.fixes = gr.CheckboxGroup(label="Suggested fixes", choices=[], elem_id="fixes", visible=False)
            with gr.Row():
                page.apply_fixes = gr.Button("Apply selected fixes", size="sm", elem_id="apply_fixes", visible=False)
                page.apply_all = gr.Button("Apply all fixes", size="sm", elem_id="apply_all", visible=False)
            page.review_marked = gr.HTML(elem_id="review_text")
    with gr.Tabs():
        for fmt in FORMATS:
            with gr.Tab(fmt.upper() if fmt != "markdown" else "Markdown"):
                page.outputs[fmt] = gr.Textbox(
                    label=fmt, lines=12, buttons=["copy"], interactive=False, elem_id=f"out_{fmt.replace('-', '')}"
                )
                page.downloads[fmt] = gr.DownloadButton(
                    f"Download {FORMAT_FILES[fmt]}", visible=False, elem_id=f"download_{fmt.replace('-', '')}"
                )
        ui_recruiter.word_tab(page)


def _feedback_layout(page: Page) -> None:
    gr.Markdown("### Was this helpful?")
    with gr.Row():
        page.rating = gr.Radio(label="Rating", choices=["helpful", "not helpful"], value=None, elem_id="rating")
        page.reason = gr.Textbox(label="Why? (optional)", max_lines=3, elem_id="reason")
        page.consent = gr.Checkbox(
            label="You may use my edited duties, with personal details removed, as an example for similar roles",
            value=False,
            elem_id="consent",
        )
    page.flag = gr.Button("Send feedback", elem_id="flag")
    page.feedback_status = gr.Markdown("", elem_id="feedback_status")


def _layout(settings: Settings, backend_label: str) -> Page:
    page = Page()
    gr.Markdown(
        "# JD Generator\nType the role's facts, let the model draft the key responsibilities, edit them, "
        "and get a complete, fair job description. Pay and benefits come only from what you type."
    )
    if settings.on_space:
        gr.LoginButton("Sign in with Hugging Face to use your own inference quota")
    with gr.Row():
        with gr.Column(scale=3):
            _form_layout(page, backend_label)
            ui_recruiter.drafts_layout(page, settings)
        with gr.Column(scale=2):
            gr.Markdown("### Job details")
            page.details = gr.Markdown("Type a job title to begin.", elem_id="details")
    _writing_layout(page, settings, backend_label)
    _results_layout(page)
    _feedback_layout(page)
    ui_recruiter.bulk_layout(page)
    return page


# ---- wiring -------------------------------------------------------------------------------------


def _read_form(page: Page, values: dict) -> dict:
    fields = {key: values[component] for key, component in page.form.items()}
    for key in ("salary_min", "salary_max"):
        if fields[key] == 0:  # gr.Number turns an empty box into 0 once its tab is shown: not a pay
            fields[key] = None
    return ui_recruiter.house_style(page, service.form_to_job(fields))


def _fix_label(suggestion: dict) -> str:
    replacement = suggestion["replacement"] or "(remove)"
    return f"{suggestion['term']} → {replacement}"


def _as_you_type(triggers: list, fn: Callable, inputs: Any, outputs: Any) -> None:
    """Run `fn` as the person types: quietly, on the latest values only, never queued behind the model."""
    gr.on(
        triggers=triggers,
        fn=fn,
        inputs=inputs,
        outputs=outputs,
        api_visibility="private",
        show_progress="hidden",
        trigger_mode="always_last",
        concurrency_limit=None,
    )


def _wire_details(page: Page) -> None:
    def show_details(values: dict) -> str:
        try:
            return service.job_details(_read_form(page, values))
        except JDError as error:
            return _message(error)

    _as_you_type(
        [component.change for component in page.form.values()], show_details, set(page.form.values()), page.details
    )


def _wire_writing(page: Page, settings: Settings, limiter: RateLimiter) -> None:
    async def write_responsibilities(
        values: dict, request: gr.Request, profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None
    ) -> AsyncIterator[dict]:
        notices: list[str] = []  # fallback to the embedded model, a failed top-up...
        writing = service.Writing(
            _read_form(page, values),
            settings,
            oauth_token=_token_of(oauth_token),
            on_notice=notices.append,
            rate_limit=_rate_limit(limiter, settings, request, profile),
        )
        changes = _Changes()

        def update(note: str, more: dict | None = None) -> dict:
            used = writing.backend
            text = writing.text
            return changes(
                {
                    page.live: text,
                    page.status: note,
                    page.raw_text: text,
                    page.used_backend: used.label,
                    page.used_model: used.model,
                    **(more or {}),
                }
            )

        def progress(doing: str) -> str:
            if writing.waiting is not None:
                return waiting_message(writing.waiting)
            return _message(notices[-1]) if notices else doing

        try:
            writing.admit()  # a bad form must not use up the visitor's quota
            yield update(WRITING)
            # aclosing: Stop or a visitor who leaves closes the backend's connection at once.
            async with aclosing(writing.__aiter__()) as texts:
                async for _ in texts:
                    yield update(progress(WRITING))
            duties = {page.duties: writing.result.text}
            yield update(WRITING_SUMMARY, duties)
            async with aclosing(writing.asummary()) as summaries:
                async for summary in summaries:
                    yield update(progress(WRITING_SUMMARY), {**duties, page.summary: summary})
            lines = [_message(note) for note in [*notices, *writing.result.notices]]
            if writing.result.duties:
                lines.append("Done. Edit the list and the summary if you like, then generate the job description.")
            yield update("  \n".join(lines), duties)
        except BackendError as error:
            kept = "" if not writing.text else "  \nThe partial text is kept on the left."
            yield update("**Could not finish:** " + _message(error) + kept)
        except JDError as error:
            yield update(_message(error))

    # Regenerate asks again with the same inputs: one event for both buttons.
    write_event = gr.on(
        triggers=[page.write.click, page.regenerate.click],
        fn=write_responsibilities,
        inputs=set(page.form.values()),
        outputs=[page.live, page.duties, page.summary, page.status, page.raw_text, page.used_backend, page.used_model],
        api_visibility="private",
        concurrency_limit=settings.concurrency,
        concurrency_id="model",
    )

    def stopped() -> str:
        return "Stopped. The text so far is kept; click Write responsibilities to start again."

    # Without an output the status would keep saying "Writing responsibilities…" after Stop.
    page.stop.click(
        stopped, outputs=page.status, cancels=[write_event], api_visibility="private", concurrency_limit=None
    )


def _wire_compose(page: Page) -> None:
    def compose(values: dict) -> dict:
        try:
            return {page.summary: service.composed_summary(_read_form(page, values), values[page.duties] or "")}
        except JDError as error:
            return {page.status: _message(error)}

    page.compose.click(
        compose,
        inputs=set(page.form.values()) | {page.duties},
        outputs=[page.summary, page.status],
        api_visibility="private",
        concurrency_limit=None,
    )


def _review_outputs(page: Page) -> list:
    return [page.review, page.review_marked, page.suggestions, page.fixes, page.apply_fixes, page.apply_all]


def _review_updates(page: Page, described: service.ReviewedDescription) -> dict:
    result = described.review
    suggestions = result.get("suggestions", [])
    choices = list(dict.fromkeys(_fix_label(s) for s in suggestions))
    visible = bool(choices)
    return {
        page.review: service.review_panel(result),
        page.review_marked: highlight_html(described.markdown, result),
        page.suggestions: suggestions,
        page.fixes: gr.update(choices=choices, value=[], visible=visible),
        page.apply_fixes: gr.update(visible=visible),
        page.apply_all: gr.update(visible=visible),
    }


def _profile(page: Page) -> Any:
    """The server's company profile (JD_COMPANY_PROFILE), for its statement and templates in every format."""
    return page.recruiter.profile if page.recruiter else None


def _generate_event(page: Page) -> dict[str, Any]:
    """Generate the job description in every format, with downloads and its review (the event's arguments)."""

    def generate_description(values: dict) -> dict:
        try:
            described = service.reviewed_description(
                _read_form(page, values), values[page.duties] or "", values[page.summary] or "", profile=_profile(page)
            )
        except JDError as error:
            return {page.preview: _message(error), **{page.downloads[fmt]: gr.update(visible=False) for fmt in FORMATS}}
        files = dict(zip(FORMATS, _write_downloads(described.texts), strict=False))
        return {
            page.preview: described.markdown,
            **{page.outputs[fmt]: described.texts[fmt] for fmt in FORMATS},
            **{page.downloads[fmt]: gr.update(value=files[fmt], visible=True) for fmt in FORMATS},
            **_review_updates(page, described),
        }

    return {
        "fn": generate_description,
        "inputs": set(page.form.values()) | {page.duties, page.summary},
        "outputs": [page.preview, *page.outputs.values(), *page.downloads.values(), *_review_outputs(page)],
        "api_visibility": "private",
        "concurrency_limit": None,
    }


def _wire_generating(page: Page) -> None:
    generate = _generate_event(page)
    page.generate.click(**generate)

    def review_edit(values: dict) -> dict:
        """Re-review as the user edits the responsibilities or the summary (a few milliseconds)."""
        try:
            described = service.reviewed_description(
                _read_form(page, values),
                values[page.duties] or "",
                values[page.summary] or "",
                formats=["markdown"],
                profile=_profile(page),
            )
        except JDError:
            return {page.review: gr.skip()}  # the form shows its own messages ({} would count as one value)
        return _review_updates(page, described)

    _as_you_type([page.duties.change, page.summary.change], review_edit, generate["inputs"], _review_outputs(page))
    _wire_fixes(page, generate)


def _wire_fixes(page: Page, generate: dict[str, Any]) -> None:
    """The fix buttons: apply the chosen fixes (or all), then generate again."""
    fixable = [page.form[key] for key in FIXABLE_FIELDS]

    def apply_fixes(values: dict, everything: bool) -> dict:
        """Apply the chosen fixes where the words were typed (form, duties, summary); the review then re-runs."""
        chosen = set(values[page.fixes] or ())
        picked = [s for s in values[page.suggestions] or () if everything or _fix_label(s) in chosen]
        targets = {component: values[component] for component in [*fixable, page.duties, page.summary]}
        fixed = service.apply_fixes(targets, picked)
        return {component: text for component, text in fixed.items() if text != targets[component]}

    fix_inputs = set(fixable) | {page.duties, page.summary, page.fixes, page.suggestions}
    for button, everything in ((page.apply_fixes, False), (page.apply_all, True)):
        button.click(
            functools.partial(apply_fixes, everything=everything),
            inputs=fix_inputs,
            outputs=[*fixable, page.duties, page.summary],
            api_visibility="private",
            concurrency_limit=None,
        ).then(**generate)


def _wire_feedback(page: Page, store: FeedbackStore, backend_label: str) -> None:
    feedback_inputs = {
        *page.form.values(),
        page.raw_text,
        page.duties,
        page.outputs["markdown"],
        page.rating,
        page.reason,
        page.consent,
        page.used_backend,
        page.used_model,
    }

    def send_feedback(values: dict) -> str:
        try:
            service.save_feedback(
                store,
                {key: values[component] for key, component in page.form.items()},
                values[page.duties] or "",
                values[page.outputs["markdown"]] or "",
                values[page.rating],
                values[page.reason] or "",
                backend=values[page.used_backend] or backend_label,
                model=values[page.used_model] or "",
                consent=bool(values[page.consent]),
                raw_responsibilities=values[page.raw_text] or "",
            )
        except JDError as error:
            return "**Feedback not saved:** " + _message(error)
        return "Thank you: your feedback was saved."

    page.flag.click(
        send_feedback,
        inputs=feedback_inputs,
        outputs=page.feedback_status,
        api_visibility="private",
        concurrency_limit=None,
    )


def build_app(settings: Settings | None = None) -> gr.Blocks:
    settings = settings or Settings.from_env()
    store = FeedbackStore(settings.data_dir)
    if settings.feedback_dataset:  # also push feedback to a Hub dataset; local storage works either way
        start_hub_sync(store, settings.feedback_dataset, settings.hf_token or None)
    limiter = RateLimiter(settings.rate_limit_per_minute)
    backend_label = describe_backend(settings)

    with gr.Blocks(title="JD Generator", delete_cache=CACHE_CLEANUP) as demo:
        page = _layout(settings, backend_label)
        _wire_details(page)
        _wire_writing(page, settings, limiter)
        _wire_compose(page)
        _wire_generating(page)
        _wire_feedback(page, store, backend_label)
        _public_api(settings, store, backend_label, limiter)
        ui_recruiter.wire(demo, page, settings)
        ui_recruiter.public_api(settings, _app_errors)
        ui_owner.report_section(settings, store, functools.partial(_visitor, settings), _app_errors)
        # The place gazetteer loads when the first visitor opens the page, not at start-up.
        demo.load(service.warm_up_places, api_visibility="private", queue=False, show_progress="hidden")

    service.warm_up(settings)  # the embedded model, when it is the primary backend
    demo.queue(max_size=settings.queue_size, default_concurrency_limit=settings.concurrency)
    gradio_tuning.tune(demo, settings.concurrency + QUICK_EVENT_SLOTS)
    return limit_request_bodies(demo, settings.max_body_bytes)  # Gradio has no request size limit


# ---- public API ---------------------------------------------------------------------------------


def _job_details(job: dict) -> str:
    """The job-details section (Markdown) composed from the job's facts alone."""
    return service.job_details(job)


def _review(job: dict, text: str) -> dict:
    """Structured review of a job description's text for the job (stable keys, see README)."""
    return service.review_job_description(job, text)


def _public_api(settings: Settings, store: FeedbackStore, backend_label: str, limiter: RateLimiter) -> None:
    """The stable public API (documented in README.md). Each endpoint raises gr.Error with a readable message."""

    def for_visitor(
        request: gr.Request, profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None
    ) -> dict[str, Any]:
        """A model call for this visitor: their token and quota; notices reach API callers as warnings
        (gradio_client: a status update with a log)."""
        rate_limit = _rate_limit(limiter, settings, request, profile)
        return {"oauth_token": _token_of(oauth_token), "on_notice": _warn, "rate_limit": rate_limit}

    async def responsibilities(
        job: dict, request: gr.Request, profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None
    ) -> AsyncIterator[str]:
        """Streams the model's growing text; the final value is the cleaned list, one "- " bullet per line."""
        writing = service.Writing(job, settings, **for_visitor(request, profile, oauth_token))
        place = None
        async with aclosing(writing.__aiter__()) as texts:
            async for text in texts:
                if writing.waiting is None:
                    yield text
                elif writing.waiting != place:  # API clients get their place in line as a log message
                    place = writing.waiting
                    gr.Info(html.escape(waiting_message(place), quote=False))
        for note in writing.result.notices:
            _warn(note)
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
        texts = service.awrite_summary(job, responsibilities, settings, **for_visitor(request, profile, oauth_token))
        async with aclosing(texts) as summaries:
            async for text in summaries:
                if text:  # nothing yet while it waits for a one-at-a-time model
                    yield text

    def feedback(
        job: dict, responsibilities: str, job_description: str, rating: str, reason: str = "", consent: bool = False
    ) -> str:
        """Stores feedback (rating: "helpful" or "not helpful"; consent: the duties may become a reviewed example)
        and returns the stored record's id."""
        model = service.primary_model(settings)
        return service.save_feedback(
            store,
            job,
            responsibilities,
            job_description,
            rating,
            reason,
            backend=backend_label,
            model=model,
            consent=consent,
        )

    def job_description(job: dict, responsibilities: str, fmt: str = "markdown", summary: str = "") -> str:
        """The final job description in fmt: markdown, html, text or json-ld; an empty summary is composed."""
        return service.job_description(job, responsibilities, fmt, summary, service.company_profile(settings))

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
        gr.api(mcp.hide_from_mcp(_public(ui_recruiter.with_profile(endpoint, settings))), api_name=api_name, **limits)
    # The MCP tools (public endpoints too): the job as flat simple-typed fields, one finished result per call.
    for tool in mcp.tools(settings, for_visitor):
        gr.api(_public(tool.fn), api_name=tool.name, **(uses_model if tool.uses_model else quick))
