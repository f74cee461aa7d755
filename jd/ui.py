"""The Gradio app: declare the layout (jd/ui_page.py), then wire events to plain functions.

Domain logic lives in `jd.service` and the modules it calls; the page parses the form into a Job once per
event (jd/ui_common.py `read_job`) and hands that Job down. This module wires what the model does (write,
stop, compose) and what follows the form as the person types (the details, the summary, the duties' note);
jd/ui_results.py wires the job description, its review and feedback; jd/ui_jobs.py switching jobs, drafts and
the work kept in the browser (with the ad's out-of-date marks); jd/ui_recruiter.py the company profile and
bulk; jd/ui_api.py the public API.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import gradio as gr

from . import gradio_tuning, progress, service, ui_api, ui_jobs, ui_occupation, ui_owner, ui_recruiter, ui_results
from .backends import describe_backend
from .errors import BackendError, JDError
from .feedback import FeedbackStore
from .feedback_hub import start_hub_sync
from .http_limits import limit_request_bodies
from .limits import RateLimiter
from .profile import Profile
from .render import compose_summary, render_job_details
from .settings import Settings
from .spec import MAX_DUTIES, MIN_DUTIES
from .ui_api import waiting_message
from .ui_common import QUICK, as_you_type, form_values, message, read_job
from .ui_language import output_default, remember
from .ui_look import dressed
from .ui_page import Page, Setup, layout
from .ui_text import i18n, listed, t
from .workspace import changed_duty_fields, duty_inputs, following_summary, summary_made
from .writing import Writing

CACHE_CLEANUP = (3600, 3600)  # Gradio deletes its copies of downloads after an hour (checked hourly)
# Events besides the model's (as-you-type details and review, generate, feedback) that may run at once.
QUICK_EVENT_SLOTS = 40


def writing_message(text: str) -> str:
    """Progress a person can read: which responsibility the model is writing now."""
    done = progress.finished_duties(text)
    goal, most = MIN_DUTIES, MAX_DUTIES
    if done >= goal:
        return t("writing_more", done=min(done + 1, most), most=most)
    return t("writing_count", done=done + 1, goal=goal)


class _Changes:
    """Only the outputs whose values changed since the last update: each value sent costs the server work."""

    def __init__(self) -> None:
        self._sent: dict[Any, Any] = {}

    def __call__(self, values: dict) -> dict:
        changed = {key: value for key, value in values.items() if key not in self._sent or self._sent[key] != value}
        self._sent.update(changed)
        return changed


def _locked(page: Page, writing: bool) -> dict:
    """Write, Write them again and Generate cannot act while the model writes (Stop can: see `_wire_writing`)."""
    actions = page.actions
    shown = gr.update(interactive=not writing)
    return dict.fromkeys([actions.write, actions.regenerate, actions.generate], shown)


# ---- as the person types ------------------------------------------------------------------------


def _follow(page: Page, values: dict, job: Any) -> dict:
    """The summary composed again when it follows the job and the duties (jd.workspace.following_summary)."""
    writing, memory = page.writing, page.memory
    form = form_values(page.form, values)
    duties, summary = values[writing.duties] or "", values[writing.summary] or ""
    try:
        listed = service.duties_from_text(duties)
    except JDError:
        return {}
    basis = {"form": form, "duties": duties}
    followed = following_summary(job, listed, summary, values[memory.composed], basis)
    if followed is None or followed == summary:
        return {}
    made = summary_made(followed, form, duties)
    return {writing.follow_text: followed, writing.follow_seen: summary, memory.composed: made}


# Runs in the browser after a follow: the new summary only replaces what the server saw (compare and swap).
APPLY_FOLLOW = "(text, seen, current) => (seen !== null && seen === current) ? text : current"
NO_FOLLOW = "\u0001"  # follow_seen when there is nothing to apply: no summary equals it


def _apply_follow(page: Page, event: Any) -> None:
    writing = page.writing
    event.then(
        None,
        inputs=[writing.follow_text, writing.follow_seen, writing.summary],
        outputs=[writing.summary],
        js=APPLY_FOLLOW,
        show_progress="hidden",
    )


def _wire_form_changes(page: Page, profile: Profile | None) -> None:
    """The details, the summary (it follows the job until edited) and the duties' note, as the work changes (the
    ad's out-of-date marks come with the saved work: jd/ui_jobs.py `_wire_browser`)."""
    writing, memory = page.writing, page.memory

    def refresh(values: dict) -> dict:
        updates: dict[Any, Any] = {writing.duties_note: "", writing.follow_seen: NO_FOLLOW}
        form = form_values(page.form, values)
        if not (form.get("title") or "").strip():
            updates[writing.details] = t("details_empty")  # a blank form is a start, not an error
        else:
            try:
                job = read_job(page, values, profile)
                updates[writing.details] = render_job_details(job)
                updates |= _follow(page, values, job)
            except JDError as error:
                updates[writing.details] = message(error)
        changed = (
            changed_duty_fields(values[memory.written_for], form) if (values[writing.duties] or "").strip() else []
        )
        if changed:
            updates[writing.duties_note] = t("duties_outdated", fields=listed([t(f"fact={key}") for key in changed]))
        return updates

    following = [writing.follow_text, writing.follow_seen, memory.composed]
    inputs = page.form.inputs() | {writing.duties, writing.summary, memory.composed, memory.written_for}
    outputs = [writing.details, writing.duties_note, *following]
    triggers = [c.change for c in page.form.fields().values()]
    _apply_follow(page, as_you_type(triggers, refresh, inputs, outputs))

    def follow_duties(values: dict) -> dict:
        """The duties changed: a summary the person has not edited follows them."""
        try:
            job = read_job(page, values, profile)
        except JDError:
            return {writing.follow_seen: NO_FOLLOW}
        return _follow(page, values, job) or {writing.follow_seen: NO_FOLLOW}

    follow_inputs = page.form.inputs() | {writing.duties, writing.summary, memory.composed}
    _apply_follow(page, as_you_type([writing.duties.change], follow_duties, follow_inputs, following))


# ---- the model ----------------------------------------------------------------------------------


def _writer(page: Page, settings: Settings, limiter: RateLimiter, profile: Profile | None):
    writing, memory, status = page.writing, page.memory, page.actions.status

    async def write_responsibilities(
        values: dict, request: gr.Request, oauth_profile: gr.OAuthProfile | None, oauth_token: gr.OAuthToken | None
    ) -> AsyncIterator[dict]:
        notices: list[str] = []  # fallback to the embedded model, a failed top-up...
        changes = _Changes()
        try:
            job = read_job(page, values, profile)
        except JDError as error:
            yield changes({status: message(error)})
            return
        run = Writing(
            job,
            settings,
            oauth_token=ui_api.token_of(oauth_token),
            on_notice=notices.append,
            rate_limit=ui_api.rate_limit(limiter, settings, request, oauth_profile),
        )

        def update(note: str, more: dict | None = None) -> dict:
            used = run.backend
            shown = {writing.live: run.text, status: note, memory.raw_text: run.text}
            return changes({**shown, memory.used_backend: used.label, memory.used_model: used.model, **(more or {})})

        def doing(default: str) -> str:
            if run.waiting is not None:
                return waiting_message(run.waiting)
            return message(notices[-1]) if notices else default

        try:
            run.admit()  # a bad form must not use up the visitor's quota
            first = t("loading_model") if progress.model_loading(settings) else t("writing_start")
            yield update(first, {writing.duties_note: "", **_locked(page, True)})
            # aclosing: Stop or a visitor who leaves closes the backend's connection at once.
            async with aclosing(run.__aiter__()) as texts:
                async for text in texts:
                    yield update(doing(writing_message(text)))
            form = form_values(page.form, values)
            written = {writing.duties: run.result.text, memory.written_for: duty_inputs(form)}
            yield update(t("writing_summary"), written)
            async with aclosing(run.asummary()) as summaries:
                async for summary in summaries:
                    made = summary_made(summary, form, run.result.text)
                    yield update(doing(t("writing_summary")), {writing.summary: summary, memory.composed: made})
            lines = [message(note) for note in [*notices, *run.result.notices]]
            if run.result.duties:
                lines.append(t("written", count=len(run.result.duties)))
            yield update("  \n".join(lines), {**written, **_locked(page, False)})
        except BackendError as error:
            kept = "  \n" + t("partial_kept") if run.text else ""
            yield update(t("could_not_finish", message=message(error)) + kept, _locked(page, False))
        except JDError as error:
            yield update(message(error), _locked(page, False))

    return write_responsibilities


def _wire_writing(page: Page, settings: Settings, limiter: RateLimiter, profile: Profile | None) -> Any:
    """Write, Write them again and Enter in the title start the model; Stop ends it. Returns the write event.

    While the model writes, the writing event disables the buttons that start it and Generate, and enables
    them again when it ends (done or failed); Stop enables them too. Stop itself is enabled by an event of its
    own just before the writing (an output of the writing event could not be clicked while it runs), and a
    click a full queue refuses changes nothing.
    """
    writing, memory, actions = page.writing, page.memory, page.actions
    triggers = [actions.write.click, actions.regenerate.click, page.form.title.submit]
    quiet = {"show_progress": "hidden", "api_visibility": "private"}
    stop_on = gr.on(
        triggers=triggers, fn=lambda: gr.update(interactive=True), outputs=actions.stop, queue=False, **quiet
    )
    write_event = stop_on.then(
        _writer(page, settings, limiter, profile),
        inputs=page.form.inputs(),
        outputs=[
            writing.live,
            writing.duties,
            writing.summary,
            writing.duties_note,
            actions.status,
            memory.raw_text,
            memory.used_backend,
            memory.used_model,
            memory.composed,
            memory.written_for,
            actions.write,
            actions.regenerate,
            actions.generate,
        ],
        api_visibility="private",
        concurrency_limit=settings.concurrency,
        concurrency_id="model",
        # The status line tells the progress in words; Gradio's timer on every output (the duties' note, the
        # buttons) only repeated it.
        show_progress_on=[writing.live],
    )
    stop_off = {"fn": lambda: gr.update(interactive=False), "outputs": actions.stop, "queue": False, **quiet}
    write_event.then(**stop_off)

    def stopped() -> dict:
        return {actions.status: t("stopped"), actions.stop: gr.update(interactive=False), **_locked(page, False)}

    # Without an output the status would keep saying "Writing responsibilities…" after Stop.
    stop_outputs = [actions.status, actions.stop, *_locked(page, False)]
    actions.stop.click(stopped, outputs=stop_outputs, cancels=[write_event], **QUICK)

    return write_event


def _wire_compose(page: Page, profile: Profile | None) -> None:
    """Compose the summary again from the inputs and the duties (it then follows them again)."""
    writing, memory, actions = page.writing, page.memory, page.actions

    def compose(values: dict) -> dict:
        try:
            job = read_job(page, values, profile)
            summary = compose_summary(job, service.duties_from_text(values[writing.duties] or ""))
        except JDError as error:
            return {actions.status: message(error)}
        made = summary_made(summary, form_values(page.form, values), values[writing.duties] or "")
        return {writing.summary: summary, memory.composed: made}

    writing.compose.click(
        compose,
        inputs=page.form.inputs() | {writing.duties},
        outputs=[writing.summary, memory.composed, actions.status],
        **QUICK,
    )


def _wire_language(page: Page) -> None:
    """The switch (or the browser, on load) set the page's language: the server writes in it from now on, and
    the output language follows it unless the recruiter picked another (jd.ui_language.output_default)."""
    form, memory = page.form, page.memory

    def page_language(values: dict, request: gr.Request) -> dict:
        language = remember(getattr(request, "session_hash", None), values[page.language])
        updates: dict[Any, Any] = {memory.page_language: language}
        chosen = output_default(language, values[memory.page_language], values[form.language])
        if chosen is not None:
            updates[form.language] = chosen
        if not (values[form.title] or "").strip():  # the blank form's hint, in the new language
            updates[page.writing.details] = t("details_empty")
        return updates | {page.bulk.table: ui_recruiter.table_in_language(values[page.bulk.table])}

    page.language.change(
        page_language,
        inputs={page.language, memory.page_language, form.language, form.title, page.bulk.table},
        outputs=[memory.page_language, form.language, page.writing.details, page.bulk.table],
        show_progress="hidden",
        **QUICK,
    )


def build_app(settings: Settings | None = None) -> gr.Blocks:
    settings = settings or Settings.from_env()
    store = FeedbackStore(settings.data_dir)
    if settings.feedback_dataset:  # also push feedback to a Hub dataset; local storage works either way
        start_hub_sync(store, settings.feedback_dataset, settings.hf_token or None)
    limiter = RateLimiter(settings.rate_limit_per_minute)
    backend_label = describe_backend(settings)
    profile = service.company_profile(settings)  # the server's (JD_COMPANY_PROFILE): enforced on every job

    with gr.Blocks(title=t("app_title"), delete_cache=CACHE_CLEANUP) as demo:
        setup = Setup(
            model_label=backend_label,
            model=service.primary_model(settings),
            example_titles=ui_jobs.example_titles(),
            bulk_formats=ui_recruiter.BULK_FORMATS,
            saved=ui_jobs.browser_store(settings),
        )
        owner = functools.partial(ui_owner.report_section, settings, store, ui_api.visitor_of(settings))
        page = layout(setup, owner, settings.on_space)
        ui_occupation.footer()  # O*NET's and ESCO's attribution, at the foot of the page
        _wire_language(page)
        _wire_form_changes(page, profile)
        write_event = _wire_writing(page, settings, limiter, profile)
        _wire_compose(page, profile)
        ui_results.wire(page, store, profile)
        ui_jobs.wire(demo, page, profile, cancels=[write_event])
        ui_recruiter.wire(page, settings, profile)
        form = page.form
        ui_occupation.wire(
            page.occupation,
            ui_occupation.Fields(form.title, form.language, form.occupation, form.skills, page.writing.duties),
        )
        ui_api.public_api(settings, store, backend_label, limiter)
        # The place gazetteer and the review's language model load when the first visitor opens the page.
        demo.load(service.warm_up_places, show_progress="hidden", queue=False, api_visibility="private")
        demo.load(ui_results.warm_up, show_progress="hidden", queue=False, api_visibility="private")

    service.warm_up(settings)  # the embedded model, when it is the primary backend: loading starts now
    demo.queue(max_size=settings.queue_size, default_concurrency_limit=settings.concurrency)
    gradio_tuning.tune(demo, settings.concurrency + QUICK_EVENT_SLOTS)
    # Gradio has no request size limit; the page's texts in every language go to the browser with the page.
    return dressed(limit_request_bodies(demo, settings.max_body_bytes), i18n())
