"""The page's layout as typed groups of components, one per part of the page.

`layout(...)` declares the page (inside a `gr.Blocks`) and returns a `Page`; event handlers in jd/ui.py,
jd/ui_jobs.py and jd/ui_recruiter.py take the groups they need, so mypy checks every component they read
or update. Layout only: no events here. Every text comes from jd/ui_text.py, declared with `shown` so that the
browser shows it in the page's language (the switch at the top changes it).

On a wide screen the form (left) and the job description with its review (right) sit side by side under
the actions, which stay in view; on a phone the columns stack and every tab is shown (tabs wrap, no
hidden menu). Bulk and the owner's report are pages of their own, at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import gradio as gr

from .render import FORMATS
from .spec import JOB_TYPES, LANGUAGES, SALARY_PERIODS, TONES, WORK_MODES
from .ui_look import DATE_SCRIPT, date_template
from .ui_occupation import OccupationPanel, choice_layout, panel_layout
from .ui_text import RATINGS, choices, everywhere, shown
from .ui_top import top

ROLE_TAB = "role"  # the form's first tab: shown again when another job fills the form
FORMAT_TABS = {"markdown": "tab_markdown", "html": "tab_html", "text": "tab_text", "json-ld": "tab_jsonld"}
FormInput = gr.Textbox | gr.Radio | gr.Number | gr.HTML | gr.Checkbox


def elem(key: str) -> str:
    """The HTML id of a format's box or download ("json-ld" -> "jsonld")."""
    return key.replace("-", "")


@dataclass(frozen=True)
class JobForm:
    """The job's inputs, in display order; each field is named as in the job JSON."""

    title: gr.Textbox
    occupation: gr.Textbox  # hidden: the O*NET-SOC code the recruiter picked (jd/ui_occupation.py)
    experience: gr.Textbox
    skills: gr.Textbox
    nice_to_have: gr.Textbox
    job_type: gr.Radio
    work_mode: gr.Radio
    location: gr.Textbox
    schedule: gr.Textbox
    company: gr.Textbox
    about_company: gr.Textbox
    salary_min: gr.Number
    salary_max: gr.Number
    currency: gr.Textbox
    salary_period: gr.Radio
    benefits: gr.Textbox
    apply_at: gr.Textbox
    valid_through: gr.HTML
    tone: gr.Radio
    language: gr.Radio
    mwd: gr.Checkbox

    def fields(self) -> dict[str, FormInput]:
        """Job field -> its input, in display order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def inputs(self) -> set[Any]:
        return set(self.fields().values())


@dataclass(frozen=True)
class Actions:
    """The actions that stay in view, and the status line (a live region)."""

    write: gr.Button
    stop: gr.Button
    regenerate: gr.Button
    generate: gr.Button
    new_job: gr.Button
    save_draft: gr.Button
    open_draft: gr.UploadButton
    status: gr.Markdown
    draft_status: gr.Markdown
    draft_text: gr.Textbox  # the saved draft's JSON, handed to the browser's download
    draft_name: gr.Textbox
    saved_note: gr.HTML  # "Kept in this browser", once the browser holds the work on screen


@dataclass(frozen=True)
class JobSwitch:
    """Examples, and the question asked before another job replaces unsaved work (with Undo after)."""

    examples: list[gr.Button]
    confirm: gr.Group
    question: gr.Markdown
    replace: gr.Button
    keep: gr.Button
    undo_row: gr.Row
    undo_note: gr.Markdown
    undo: gr.Button


@dataclass(frozen=True)
class Writing:
    """The job details, the model's live text, the editable duties and the summary."""

    details: gr.Markdown
    live: gr.Textbox
    duties: gr.Textbox
    duties_note: gr.Markdown
    summary: gr.Textbox
    compose: gr.Button
    # A summary that follows the job reaches the box through the browser, and only if the box still holds
    # what the server saw: what the person types meanwhile is never overwritten.
    follow_text: gr.Textbox
    follow_seen: gr.Textbox


@dataclass(frozen=True)
class Ad:
    """The job description: shown once, in a tab per format, each with its download."""

    status: gr.Markdown
    stale: gr.Markdown
    preview: gr.Markdown
    outputs: dict[str, gr.Textbox]
    downloads: dict[str, gr.DownloadButton]
    docx: gr.DownloadButton


@dataclass(frozen=True)
class Review:
    panel: gr.Markdown
    fixes: gr.CheckboxGroup
    apply_fixes: gr.Button
    apply_all: gr.Button
    marked: gr.HTML


@dataclass(frozen=True)
class Feedback:
    rating: gr.Radio
    reason: gr.Textbox
    consent: gr.Checkbox
    send: gr.Button
    status: gr.Markdown


@dataclass(frozen=True)
class Options:
    """A visitor's own company profile, for this session."""

    profile_upload: gr.File
    profile_status: gr.Markdown


@dataclass(frozen=True)
class Bulk:
    file: gr.File
    formats: gr.CheckboxGroup
    run: gr.Button
    status: gr.Markdown
    zip: gr.File
    table: gr.Dataframe


@dataclass(frozen=True)
class Memory:
    """What the page keeps per visitor besides the widgets (see jd/workspace.py for what the digests mean)."""

    saved: gr.BrowserState  # the work, kept in the browser across reloads
    kept: gr.State  # digest of the work last loaded or saved (None: not saved anywhere)
    pending: gr.State  # the job waiting for "Replace my job": {"work": ..., "target": ...}
    previous: gr.State  # the work an Undo brings back
    written_for: gr.State  # the facts the duties were written for (jd.workspace.duty_inputs)
    composed: gr.State  # the summary the page last composed (it follows the job until edited)
    generated_for: gr.State  # digest of the work the ad on screen was generated from
    raw_text: gr.State  # the model's own text, for feedback
    used_backend: gr.State
    used_model: gr.State
    page_language: gr.State  # the page's language before the switch last changed it (jd.ui_language)
    suggestions: gr.State  # the review's one-click fixes
    session_profile: gr.State  # a company profile the visitor uploaded


@dataclass(frozen=True)
class Page:
    language: gr.HTML  # the page's language switch; its value is a jd.ui_language.PAGE_LANGUAGES code
    form: JobForm
    form_tabs: gr.Tabs
    actions: Actions
    switch: JobSwitch
    writing: Writing
    ad: Ad
    review: Review
    feedback: Feedback
    options: Options
    bulk: Bulk
    memory: Memory
    occupation: OccupationPanel


# ---- the form -----------------------------------------------------------------------------------


def _text(key: str, *, lines: int = 1, info: str | None = None, placeholder: bool = False, **extra: Any):
    return gr.Textbox(
        label=shown(key),
        info=shown(info) if info else None,
        placeholder=shown(f"{key}_placeholder") if placeholder else None,
        elem_id=key,
        lines=lines,
        max_lines=1 if lines == 1 else None,
        **extra,
    )


def _radio(key: str, values: Any, value: Any = None) -> gr.Radio:
    return gr.Radio(label=shown(key), choices=choices(key, values), value=value, elem_id=key)


def _role_tab() -> tuple[dict[str, Any], OccupationPanel]:
    made: dict[str, Any] = {"title": _text("title", info="title_info", placeholder=True)}
    made["occupation"], status, picker = choice_layout()  # the occupation under the title
    made["experience"] = _text("experience", placeholder=True)
    made["skills"] = _text("skills", lines=2, info="skills_info", placeholder=True)
    made["nice_to_have"] = _text("nice_to_have", lines=2, info="skills_info", placeholder=True)
    occupation = panel_layout(status, picker)  # its suggested duties and skills, under the skills
    made["job_type"] = _radio("job_type", JOB_TYPES)
    made["work_mode"] = _radio("work_mode", WORK_MODES)
    made["location"] = _text("location", placeholder=True)
    made["schedule"] = _text("schedule", placeholder=True)
    return made, occupation


def _company_tab() -> dict[str, Any]:
    return {
        "company": _text("company", placeholder=True),
        "about_company": _text("about_company", lines=3, placeholder=True),
    }


def _pay_tab() -> dict[str, Any]:
    made: dict[str, Any] = {}
    with gr.Row():
        made["salary_min"] = gr.Number(label=shown("salary_min"), value=None, minimum=0, elem_id="salary_min")
        made["salary_max"] = gr.Number(label=shown("salary_max"), value=None, minimum=0, elem_id="salary_max")
    made["currency"] = _text("currency", info="currency_info", placeholder=True)
    made["salary_period"] = _radio("salary_period", SALARY_PERIODS)
    made["benefits"] = _text("benefits", lines=2, info="benefits_info", placeholder=True)
    gr.Markdown(shown("pay_note"))
    return made


def _apply_tab() -> dict[str, Any]:
    return {
        "apply_at": _text("apply_at", placeholder=True),
        "valid_through": gr.HTML(
            "",
            html_template=date_template(everywhere("valid_through"), everywhere("valid_through_help")),
            js_on_load=DATE_SCRIPT,
            elem_id="valid_through",
        ),
    }


def _options_tab(model_label: str) -> tuple[dict[str, Any], Options]:
    made: dict[str, Any] = {
        "tone": gr.Radio(label=shown("tone"), choices=choices("tone", TONES), value=TONES[0], elem_id="tone"),
        "language": _radio("language", LANGUAGES, "en"),
        "mwd": gr.Checkbox(label=shown("mwd"), value=True, info=shown("mwd_info"), elem_id="mwd"),
    }
    gr.Markdown(shown("model_in_use", model=model_label))
    options = Options(
        profile_upload=gr.File(
            label=shown("profile_upload"), file_types=[".toml", ".json"], type="binary", elem_id="profile_upload"
        ),
        profile_status=gr.Markdown("", elem_id="profile_status"),
    )
    return made, options


def _form(model_label: str) -> tuple[JobForm, gr.Tabs, Options, OccupationPanel]:
    made: dict[str, Any] = {}
    with gr.Tabs(elem_id="form_tabs", overflow_behavior="wrap") as tabs:
        with gr.Tab(shown("tab_role"), id=ROLE_TAB, elem_id="tab_role"):
            role, occupation = _role_tab()
            made.update(role)
        with gr.Tab(shown("tab_company"), elem_id="tab_company"):
            made.update(_company_tab())
        with gr.Tab(shown("tab_pay"), elem_id="tab_pay"):
            made.update(_pay_tab())
        with gr.Tab(shown("tab_apply"), elem_id="tab_apply"):
            made.update(_apply_tab())
        with gr.Tab(shown("tab_options"), elem_id="tab_options"):
            options_fields, options = _options_tab(model_label)
            made.update(options_fields)
    return JobForm(**made), tabs, options, occupation


# ---- actions, switching, writing ---------------------------------------------------------------


def _actions() -> Actions:
    with gr.Column(elem_id="actions"):
        with gr.Row(equal_height=True, elem_id="action_buttons"):
            write = gr.Button(shown("write"), variant="primary", min_width=150, elem_id="write")
            stop = gr.Button(shown("stop"), variant="secondary", interactive=False, min_width=80, elem_id="stop")
            regenerate = gr.Button(shown("regenerate"), variant="secondary", min_width=130, elem_id="regenerate")
            generate = gr.Button(shown("generate"), variant="primary", min_width=170, elem_id="generate")
            new_job = gr.Button(shown("new_job"), size="sm", scale=0, min_width=90, elem_id="new_job")
            save_draft = gr.Button(shown("save_draft"), size="sm", scale=0, min_width=90, elem_id="save_draft")
            open_draft = gr.UploadButton(
                shown("open_draft"), size="sm", scale=0, min_width=90, file_types=[".json"], type="binary",
                elem_id="open_draft",
            )  # fmt: skip
        with gr.Row(equal_height=True, elem_id="action_notes"):
            status = gr.Markdown("", elem_id="status")
            draft_status = gr.Markdown("", elem_id="draft_status")
            saved_note = gr.HTML("", elem_id="saved_note", padding=False)
    return Actions(
        write=write,
        stop=stop,
        regenerate=regenerate,
        generate=generate,
        new_job=new_job,
        save_draft=save_draft,
        open_draft=open_draft,
        status=status,
        draft_status=draft_status,
        draft_text=gr.Textbox(visible=False, elem_id="draft_text"),
        draft_name=gr.Textbox(visible=False, elem_id="draft_name"),
        saved_note=saved_note,
    )


def _switch() -> tuple[gr.Group, gr.Markdown, gr.Button, gr.Button, gr.Row, gr.Markdown, gr.Button]:
    """The question before another job replaces unsaved work, and the Undo after a switch (both hidden)."""
    with gr.Group(visible=False, elem_id="switch_confirm") as confirm:
        question = gr.Markdown("", elem_id="switch_text")
        with gr.Row():
            replace = gr.Button(shown("switch_replace"), variant="primary", size="sm", elem_id="switch_replace")
            keep = gr.Button(shown("switch_keep"), size="sm", elem_id="switch_keep")
    with gr.Row(visible=False, elem_id="undo_row", equal_height=True) as undo_row:
        undo_note = gr.Markdown("", elem_id="undo_text")
        undo = gr.Button(shown("undo"), size="sm", scale=0, min_width=100, elem_id="undo")
    return confirm, question, replace, keep, undo_row, undo_note, undo


def _examples(example_titles: list[str]) -> list[gr.Button]:
    with gr.Row(elem_id="examples", equal_height=True):
        gr.Markdown(shown("examples"), elem_id="examples_label")
        return [
            gr.Button(shown("example_button", title=title), size="sm", min_width=120, elem_id=f"example_{index}")
            for index, title in enumerate(example_titles)
        ]


def _writing() -> Writing:
    with gr.Accordion(shown("details_heading"), open=True, elem_id="details_section"):
        details = gr.Markdown(shown("details_empty"), elem_id="details")
    gr.Markdown(f"### {shown('duties_heading')}")
    live = gr.Textbox(label=shown("live"), lines=5, max_lines=12, interactive=False, elem_id="live")
    duties = gr.Textbox(label=shown("duties"), lines=8, interactive=True, elem_id="duties")
    duties_note = gr.Markdown("", elem_id="duties_note")
    summary = gr.Textbox(
        label=shown("summary"), lines=3, interactive=True, info=shown("summary_info"), elem_id="summary"
    )
    compose = gr.Button(shown("compose"), size="sm", elem_id="compose")
    follow_text = gr.Textbox(visible=False, elem_id="follow_text")
    follow_seen = gr.Textbox(visible=False, elem_id="follow_seen")
    return Writing(details, live, duties, duties_note, summary, compose, follow_text, follow_seen)


# ---- the job description, review, feedback -------------------------------------------------------


def _ad() -> Ad:
    gr.Markdown(f"### {shown('ad_heading')}", elem_id="ad_heading")
    status = gr.Markdown("", elem_id="ad_status")
    stale = gr.Markdown("", elem_id="ad_stale")
    outputs: dict[str, gr.Textbox] = {}
    downloads: dict[str, gr.DownloadButton] = {}
    with gr.Tabs(elem_id="ad_tabs", overflow_behavior="wrap"):
        with gr.Tab(shown("tab_preview"), elem_id="tab_preview"):
            preview = gr.Markdown(shown("ad_empty"), elem_id="preview")
        for fmt in FORMATS:
            with gr.Tab(shown(FORMAT_TABS[fmt]), elem_id=f"tab_{elem(fmt)}"):
                outputs[fmt] = gr.Textbox(
                    label=shown(FORMAT_TABS[fmt]),
                    lines=12,
                    buttons=["copy"],
                    interactive=False,
                    elem_id=f"out_{elem(fmt)}",
                )
                downloads[fmt] = gr.DownloadButton(visible=False, elem_id=f"download_{elem(fmt)}")
        with gr.Tab(shown("tab_word"), elem_id="tab_word"):
            gr.Markdown(shown("word_note"))
            docx = gr.DownloadButton(visible=False, elem_id="download_docx")
    return Ad(status, stale, preview, outputs, downloads, docx)


def _review() -> Review:
    gr.Markdown(f"### {shown('review_heading')}")
    panel = gr.Markdown(shown("review_empty"), elem_id="review")
    fixes = gr.CheckboxGroup(label=shown("fixes"), choices=[], elem_id="fixes", visible=False)
    with gr.Row():
        apply_fixes = gr.Button(shown("apply_fixes"), size="sm", elem_id="apply_fixes", visible=False)
        apply_all = gr.Button(shown("apply_all"), size="sm", elem_id="apply_all", visible=False)
    with gr.Accordion(shown("marked"), open=False, elem_id="marked_section"):
        marked = gr.HTML(elem_id="review_text")
    return Review(panel, fixes, apply_fixes, apply_all, marked)


def _feedback() -> Feedback:
    with gr.Accordion(shown("feedback_heading"), open=True, elem_id="feedback_section"):
        rating = gr.Radio(label=shown("rating"), choices=choices("rating", RATINGS), value=None, elem_id="rating")
        reason = gr.Textbox(label=shown("reason"), max_lines=3, elem_id="reason")
        consent = gr.Checkbox(label=shown("consent"), value=False, elem_id="consent")
        send = gr.Button(shown("send_feedback"), elem_id="flag")
        status = gr.Markdown("", elem_id="feedback_status")
    return Feedback(rating, reason, consent, send, status)


def _bulk(formats: list[str]) -> Bulk:
    gr.Markdown(shown("bulk_intro"))
    with gr.Row():
        file = gr.File(label=shown("bulk_file"), file_types=[".csv", ".xlsx"], type="filepath", elem_id="bulk_file")
        chosen = gr.CheckboxGroup(
            label=shown("bulk_formats"), choices=formats, value=["md", "docx"], elem_id="bulk_formats"
        )
    run = gr.Button(shown("bulk_run"), variant="primary", elem_id="bulk_run")
    status = gr.Markdown("", elem_id="bulk_status")
    archive = gr.File(label=shown("bulk_zip"), interactive=False, elem_id="bulk_zip")
    table = gr.Dataframe(
        headers=["row", "title", "status", "score", "error"],
        interactive=False,
        label=shown("bulk_table"),
        elem_id="bulk_table",
        wrap=True,
    )
    return Bulk(file, chosen, run, status, archive, table)


def _memory(saved: gr.BrowserState, model_label: str, model: str) -> Memory:
    return Memory(
        saved=saved,
        kept=gr.State(None),
        pending=gr.State(None),
        previous=gr.State(None),
        written_for=gr.State(None),
        composed=gr.State(None),
        generated_for=gr.State(None),
        raw_text=gr.State(""),
        used_backend=gr.State(model_label),
        used_model=gr.State(model),
        page_language=gr.State("en"),
        suggestions=gr.State([]),
        session_profile=gr.State(None),
    )


@dataclass(frozen=True)
class Setup:
    """What the layout needs to know about the app."""

    model_label: str  # the backend in use, as shown
    model: str  # its model id, for feedback
    example_titles: list[str]
    bulk_formats: list[str]
    saved: gr.BrowserState  # made by the caller: it holds the browser secret


def layout(setup: Setup, owner_section: Any, on_space: bool) -> Page:
    """Declare the page; `owner_section()` lays out the owner's report inside its own tab (it returns whether
    the report is on here)."""
    language = top(on_space)
    with gr.Tabs(elem_id="pages", overflow_behavior="wrap"):
        with gr.Tab(shown("page_write"), elem_id="page_write"):
            actions = _actions()
            asking = _switch()
            with gr.Row(elem_id="workspace", equal_height=False):
                with gr.Column(scale=1, min_width=360, elem_id="form_column"):
                    switch = JobSwitch(_examples(setup.example_titles), *asking)
                    form, form_tabs, options, occupation = _form(setup.model_label)
                    writing = _writing()
                with gr.Column(scale=1, min_width=360, elem_id="ad_column"):
                    ad = _ad()
                    review = _review()
                    feedback = _feedback()
        with gr.Tab(shown("page_bulk"), elem_id="page_bulk"):
            bulk = _bulk(setup.bulk_formats)
        owner_section()
    memory = _memory(setup.saved, setup.model_label, setup.model)
    return Page(
        language, form, form_tabs, actions, switch, writing, ad, review, feedback, options, bulk, memory, occupation
    )
