"""The Gradio app: declare the layout, then wire events to plain functions.

Domain logic lives in `jd.service` and the modules it calls; this module only
turns widget values into arguments and errors into messages people can read.
"""

from __future__ import annotations

import html
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterator

import gradio as gr

from . import service
from .backends import choose_backends, describe_backend
from .embedded import get_embedded_server
from .errors import BackendError, InvalidJob, JDError
from .feedback import FeedbackStore, JDFlaggingCallback, start_hub_sync
from .http_limits import limit_request_bodies
from .limits import RateLimiter, visitor_key
from .render import FORMATS, markdown_escape
from .review import highlight_html
from .settings import Settings
from .spec import CURRENCIES, JOB_TYPES, SALARY_PERIODS, TONES, WORK_MODES, parse_job

FORMAT_FILES = {"markdown": "job-description.md", "html": "job-description.html", "text": "job-description.txt",
                "json-ld": "job-posting.jsonld"}

DOWNLOAD_FOLDER_SECONDS = 120
CACHE_CLEANUP = (3600, 3600)  # Gradio deletes its copies of downloads after an hour (checked hourly)

EXAMPLES = [
    ["Senior Backend Engineer", "5+ years", "Python, PostgreSQL, AWS, API design", "Full-time", "Hybrid",
     "Denver, CO, USA", "Acme Robotics", "Acme Robotics builds software for warehouse robots.", 140000, 175000,
     "USD", "year", "Health, dental and vision insurance; 401(k) with 4% match", "professional", "English"],
    ["Registered Nurse (Night Shift)", "2+ years in acute care", "Patient assessment, medication administration, EHR",
     "Part-time", "On-site", "Berlin, Germany", "Charité Partner Clinic", "", 3800, 4600, "EUR", "month",
     "30 days paid leave", "friendly", "English"],
    ["Marketing Intern", "", "Social media, copywriting, Canva", "Internship", "Remote", "India", "Brightleaf",
     "Brightleaf makes plant-based snacks.", None, None, None, None, "", "friendly", "English"],
]


def _message(error: JDError | str) -> str:
    """A message as Markdown that shows its text literally (users' text may be hostile)."""
    if isinstance(error, InvalidJob):
        problems = "\n".join(f"- {markdown_escape(problem)}" for problem in error.problems)
        return f"Please fix the job details:\n\n{problems}"
    return markdown_escape(str(error)).replace("\n", "  \n")


def _app_error(error: JDError) -> gr.Error:
    return gr.Error(html.escape(str(error)).replace("\n", "<br>"))


def _warn(notice: str) -> None:
    gr.Warning(html.escape(notice))


def _write_downloads(rendered: dict[str, str]) -> list[str]:
    """Each format as a file in a fresh folder (Gradio copies it to its cache, which it cleans itself)."""
    folder = Path(tempfile.mkdtemp(prefix="jd-"))
    paths = []
    for fmt in FORMATS:
        path = folder / FORMAT_FILES[fmt]
        path.write_text(rendered[fmt], encoding="utf-8")
        paths.append(str(path))
    # Gradio has copied the files once the event ends; remove ours shortly after, so /tmp does not fill up.
    cleanup = threading.Timer(DOWNLOAD_FOLDER_SECONDS, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    cleanup.daemon = True  # never keeps the app from exiting
    cleanup.start()
    return paths


def _token_of(oauth_token: gr.OAuthToken | None) -> str | None:
    return oauth_token.token if oauth_token is not None else None


def _visitor(request: gr.Request | None, profile: gr.OAuthProfile | None, settings: Settings) -> str:
    client = getattr(request, "client", None)
    headers = getattr(request, "headers", None) or {}
    username = getattr(profile, "username", None) if profile is not None else None
    return visitor_key(getattr(client, "host", None), headers.get("x-forwarded-for"), username, settings.on_space)


def _preload_embedded(settings: Settings) -> None:
    """Start the embedded model at launch when it is the primary backend, so the first click is fast."""
    backends = choose_backends(settings)
    if settings.preload_local and backends and backends[0].kind == "local" and not backends[0].base_url:
        server = get_embedded_server(settings)
        threading.Thread(target=_start_quietly, args=(server,), daemon=True, name="jd-preload").start()


def _start_quietly(server) -> None:
    try:
        server.ensure_started()
    except JDError:
        pass  # reported to the visitor on first use, with what to do


def build_app(settings: Settings | None = None) -> gr.Blocks:
    settings = settings or Settings.from_env()
    store = FeedbackStore(settings.data_dir)
    if settings.feedback_dataset:  # also push feedback to a Hub dataset; local storage works either way
        start_hub_sync(store, settings.feedback_dataset, settings.hf_token or None)
    limiter = RateLimiter(settings.rate_limit_per_minute)
    backend_label = describe_backend(settings)

    with gr.Blocks(title="JD Generator", delete_cache=CACHE_CLEANUP) as demo:
        gr.Markdown(
            "# JD Generator\nType the role's facts, let the model draft the key responsibilities, edit them, "
            "and get a complete, fair job description. Pay and benefits come only from what you type."
        )
        if settings.on_space:
            gr.LoginButton("Sign in with Hugging Face to use your own inference quota")

        with gr.Row():
            with gr.Column(scale=3):
                with gr.Tabs():
                    with gr.Tab("Role"):
                        title = gr.Textbox(label="Job title", placeholder="e.g. Senior Backend Engineer",
                                           info="Required. Up to 120 characters.", max_lines=1, elem_id="title")
                        experience = gr.Textbox(label="Experience", placeholder="e.g. 5+ years", max_lines=1,
                                                elem_id="experience")
                        skills = gr.Textbox(label="Skills", placeholder="e.g. Python, PostgreSQL, AWS",
                                            info="Separate with commas or new lines.", lines=2, elem_id="skills")
                        with gr.Row():
                            job_type = gr.Dropdown(label="Job type", choices=list(JOB_TYPES), value=None,
                                                   elem_id="job_type")
                            work_mode = gr.Radio(label="Work mode", choices=list(WORK_MODES), value=None,
                                                 elem_id="work_mode")
                        location = gr.Textbox(label="Location", placeholder="e.g. Denver, CO, USA or Berlin, Germany",
                                              max_lines=1, elem_id="location")
                    with gr.Tab("Company"):
                        company = gr.Textbox(label="Company name", placeholder="e.g. Acme Robotics", max_lines=1,
                                             elem_id="company")
                        about_company = gr.Textbox(label="About the company", lines=3, elem_id="about_company",
                                                   placeholder="Two or three sentences candidates should know.")
                    with gr.Tab("Pay & benefits"):
                        with gr.Row():
                            salary_min = gr.Number(label="Pay from", value=None, minimum=0, elem_id="salary_min")
                            salary_max = gr.Number(label="Pay up to", value=None, minimum=0, elem_id="salary_max")
                        with gr.Row():
                            currency = gr.Dropdown(label="Currency", choices=list(CURRENCIES), value=None,
                                                   allow_custom_value=True, info="ISO 4217 code, e.g. USD",
                                                   elem_id="currency")
                            salary_period = gr.Dropdown(label="Per", choices=list(SALARY_PERIODS), value=None,
                                                        elem_id="salary_period")
                        benefits = gr.Textbox(label="Benefits", lines=2, elem_id="benefits",
                                              placeholder="Only what you actually offer, e.g. 25 days paid leave")
                        gr.Markdown("Many places require a pay range in job posts. Nothing here is ever invented.")
                    with gr.Tab("Options"):
                        tone = gr.Radio(label="Tone", choices=list(TONES), value=TONES[0], elem_id="tone")
                        language = gr.Textbox(label="Output language", value="English", max_lines=1,
                                              elem_id="language")
                        gr.Markdown(f"**Model in use:** {_message(backend_label)}")

                form = [title, experience, skills, job_type, work_mode, location, company, about_company,
                        salary_min, salary_max, currency, salary_period, benefits, tone, language]
                gr.Examples(examples=EXAMPLES, inputs=form, label="Examples: fill the form in one click")

            with gr.Column(scale=2):
                gr.Markdown("### Job details")
                details = gr.Markdown("Type a job title to begin.", elem_id="details")

        with gr.Row():
            write_button = gr.Button("Write responsibilities", variant="primary", elem_id="write")
            stop_button = gr.Button("Stop", variant="stop", elem_id="stop")
            regenerate_button = gr.Button("Regenerate", elem_id="regenerate")
        status = gr.Markdown("", elem_id="status")
        with gr.Row():
            live = gr.Textbox(label="Model output (live)", lines=10, interactive=False, elem_id="live")
            duties = gr.Textbox(label="Key responsibilities — edit freely, one per line", lines=10,
                                interactive=True, elem_id="duties")
        raw_text = gr.State("")
        used_backend = gr.State(backend_label)
        used_model = gr.State(_model_name(settings))

        generate_button = gr.Button("Generate Job Description", variant="primary", elem_id="generate")
        with gr.Row():
            with gr.Column(scale=3):
                preview = gr.Markdown(elem_id="preview")
            with gr.Column(scale=2):
                gr.Markdown("### Review")
                review_summary = gr.Markdown("Generate the job description to see its review.", elem_id="review")
                review_marked = gr.HTML(elem_id="review_text")
        format_boxes: dict[str, gr.Textbox] = {}
        downloads: dict[str, gr.DownloadButton] = {}
        with gr.Tabs():
            for fmt in FORMATS:
                with gr.Tab(fmt.upper() if fmt != "markdown" else "Markdown"):
                    format_boxes[fmt] = gr.Textbox(label=fmt, lines=12, buttons=["copy"], interactive=False,
                                                   elem_id=f"out_{fmt.replace('-', '')}")
                    downloads[fmt] = gr.DownloadButton(f"Download {FORMAT_FILES[fmt]}", visible=False,
                                                       elem_id=f"download_{fmt.replace('-', '')}")

        gr.Markdown("### Was this helpful?")
        with gr.Row():
            rating = gr.Radio(label="Rating", choices=["helpful", "not helpful"], value=None, elem_id="rating")
            reason = gr.Textbox(label="Why? (optional)", max_lines=3, elem_id="reason")
        flag_button = gr.Button("Send feedback", elem_id="flag")
        feedback_status = gr.Markdown("", elem_id="feedback_status")

        # ---- wiring -------------------------------------------------------------------------------
        def read_form(values: dict) -> dict:
            fields = {key: values[component] for key, component in zip(service.JOB_FIELDS, form)}
            for key in ("salary_min", "salary_max"):
                if fields[key] == 0:  # gr.Number turns an empty box into 0 once its tab is shown: not a pay
                    fields[key] = None
            return service.form_to_job(fields)

        def show_details(values: dict) -> str:
            try:
                return service.job_details(read_form(values))
            except JDError as error:
                return _message(error)

        gr.on(
            triggers=[component.change for component in form],
            fn=show_details,
            inputs=set(form),
            outputs=details,
            api_visibility="private",
            show_progress="hidden",
            trigger_mode="always_last",
            concurrency_limit=None,
        )

        def write_responsibilities(values: dict, request: gr.Request, profile: gr.OAuthProfile | None,
                                   oauth_token: gr.OAuthToken | None) -> Iterator[tuple]:
            notices: list[str] = []  # a notice means the embedded model took over from a failing backend
            text = ""
            backends = choose_backends(settings, _token_of(oauth_token))

            def update(duties_value, note: str) -> tuple:
                used = backends[-1] if notices else backends[0]
                return text, duties_value, note, text, used.label, used.model

            try:
                job = read_form(values)
                parse_job(job)  # a bad form must not use up the visitor's quota
                limiter.check(_visitor(request, profile, settings))
                yield update(gr.update(), "Writing responsibilities…")
                for text in service.stream_responsibilities_text(
                    job, settings, oauth_token=_token_of(oauth_token), on_notice=notices.append
                ):
                    yield update(gr.update(), _message(notices[-1]) if notices else "Writing responsibilities…")
                cleaned = service.clean_responsibilities(job, text)
                done = "Done. Edit the list if you like, then generate the job description."
                if not cleaned:
                    done = "The model wrote no usable responsibilities. Try Regenerate, or type them yourself."
                if notices:
                    done = _message(notices[-1]) + "  \n" + done
                yield update(cleaned, done)
            except BackendError as error:
                kept = "" if not text else "  \nThe partial text is kept on the left."
                yield update(gr.update(), "**Could not finish:** " + _message(error) + kept)
            except JDError as error:
                yield update(gr.update(), _message(error))

        # Regenerate asks again with the same inputs: one event for both buttons.
        write_event = gr.on(
            triggers=[write_button.click, regenerate_button.click],
            fn=write_responsibilities,
            inputs=set(form),
            outputs=[live, duties, status, raw_text, used_backend, used_model],
            api_visibility="private",
            concurrency_limit=settings.concurrency,
            concurrency_id="model",
        )

        def stopped() -> str:
            return "Stopped. The text so far is kept; click Write responsibilities to start again."

        # Without an output the status would keep saying "Writing responsibilities…" after Stop.
        stop_button.click(stopped, outputs=status, cancels=[write_event],
                          api_visibility="private", concurrency_limit=None)

        def generate_description(values: dict) -> tuple:
            try:
                job = read_form(values)
                rendered = service.all_formats(job, values[duties] or "")
                result = service.review_job_description(job, rendered["markdown"])
            except JDError as error:
                hidden = [gr.update(visible=False)] * len(FORMATS)
                return (_message(error), gr.update(), gr.update(), *[gr.update()] * len(FORMATS), *hidden)
            files = [gr.update(value=path, visible=True) for path in _write_downloads(rendered)]
            return (rendered["markdown"], service.review_panel(result),
                    highlight_html(rendered["markdown"], result),
                    *[rendered[fmt] for fmt in FORMATS], *files)

        generate_button.click(
            generate_description,
            inputs=set(form) | {duties},
            outputs=[preview, review_summary, review_marked, *format_boxes.values(), *downloads.values()],
            api_visibility="private",
            concurrency_limit=None,
        )

        def review_edit(values: dict) -> tuple:
            """Re-review as the user edits the responsibilities (the review takes a few milliseconds)."""
            try:
                job = read_form(values)
                markdown = service.job_description(job, values[duties] or "", "markdown")
                result = service.review_job_description(job, markdown)
            except JDError:
                return gr.update(), gr.update()  # the form shows its own messages
            return service.review_panel(result), highlight_html(markdown, result)

        duties.change(review_edit, inputs=set(form) | {duties}, outputs=[review_summary, review_marked],
                      api_visibility="private", show_progress="hidden", trigger_mode="always_last",
                      concurrency_limit=None)

        flagging = JDFlaggingCallback(
            store,
            keys=[f"inputs.{key}" for key in service.JOB_FIELDS]
            + ["raw_responsibilities", "responsibilities", "job_description", "rating", "reason", "backend", "model"],
        )
        flag_inputs = [*form, raw_text, duties, format_boxes["markdown"], rating, reason, used_backend, used_model]
        flagging.setup(flag_inputs, str(settings.data_dir))

        def send_feedback(*values: Any) -> str:
            try:
                flagging.flag(list(values))
            except JDError as error:
                return "**Feedback not saved:** " + _message(error)
            return "Thank you: your feedback was saved."

        flag_button.click(send_feedback, inputs=flag_inputs, outputs=feedback_status, api_visibility="private",
                          concurrency_limit=None)

        _public_api(settings, store, backend_label, limiter)

    _preload_embedded(settings)
    demo.queue(max_size=settings.queue_size, default_concurrency_limit=settings.concurrency)
    return limit_request_bodies(demo, settings.max_body_bytes)  # Gradio has no request size limit


def _model_name(settings: Settings) -> str:
    backends = choose_backends(settings)
    return backends[0].model if backends else ""


def _public_api(settings: Settings, store: FeedbackStore, backend_label: str, limiter: RateLimiter) -> None:
    """The stable public API (documented in README.md). Each endpoint raises gr.Error with a readable message."""

    def job_details(job: dict) -> str:
        """The job-details section (Markdown) composed from the job's facts alone."""
        try:
            return service.job_details(job)
        except JDError as error:
            raise _app_error(error) from None

    def responsibilities(job: dict, request: gr.Request, profile: gr.OAuthProfile | None,
                         oauth_token: gr.OAuthToken | None) -> Iterator[str]:
        """Streams the model's growing text; the final value is the cleaned list, one "- " bullet per line."""
        text = ""
        try:
            parse_job(job)
            limiter.check(_visitor(request, profile, settings))
            # API callers get the fallback notice as a warning (gradio_client: a status update with a log).
            for text in service.stream_responsibilities_text(job, settings, oauth_token=_token_of(oauth_token),
                                                             on_notice=_warn):
                yield text
            yield service.clean_responsibilities(job, text)
        except JDError as error:
            raise _app_error(error) from None

    def job_description(job: dict, responsibilities: str, fmt: str = "markdown") -> str:
        """The final job description in fmt: markdown, html, text or json-ld."""
        try:
            return service.job_description(job, responsibilities, fmt)
        except JDError as error:
            raise _app_error(error) from None

    def feedback(job: dict, responsibilities: str, job_description: str, rating: str, reason: str = "") -> str:
        """Stores feedback (rating: "helpful" or "not helpful") and returns the stored record's id."""
        try:
            return store.add(
                {
                    "inputs": service.form_to_job(job) if isinstance(job, dict) else job,
                    "raw_responsibilities": "",
                    "responsibilities": responsibilities,
                    "job_description": job_description,
                    "rating": rating,
                    "reason": reason,
                    "backend": backend_label,
                    "model": _model_name(settings),
                }
            )
        except JDError as error:
            raise _app_error(error) from None

    def review(job: dict, text: str) -> dict:
        """Structured review of a job description's text for the job (stable keys, see README)."""
        try:
            return service.review_job_description(job, text)
        except JDError as error:
            raise _app_error(error) from None

    gr.api(job_details, api_name="job_details", concurrency_limit=None)
    gr.api(review, api_name="review", concurrency_limit=None)
    gr.api(responsibilities, api_name="responsibilities", concurrency_limit=settings.concurrency,
           concurrency_id="model")
    gr.api(job_description, api_name="job_description", concurrency_limit=None)
    gr.api(feedback, api_name="feedback", concurrency_limit=None)
