"""The job description on the page: Generate (every format, its downloads and its review), the one-click
fixes, the out-of-date mark when the job changes after generating, and feedback."""

from __future__ import annotations

import functools
import threading
from typing import Any

import gradio as gr

from . import occupations, service
from .draft import job_filename
from .errors import JDError
from .feedback import FeedbackStore
from .files import download_folder
from .profile import Profile
from .render import FORMATS
from .review import highlight_html
from .review.consistency import warm_up as warm_up_language_model
from .spec import Job
from .ui_common import QUICK, form_values, message, read_job, work_of
from .ui_page import Page
from .ui_recruiter import word_file
from .ui_text import localized, page_code, t
from .workspace import ad_is_current

# Form fields a one-click fix may change (free text typed by the person).
FIXABLE_FIELDS = ("title", "experience", "skills", "nice_to_have", "about_company", "benefits", "schedule")
SUFFIXES = {"markdown": ".md", "html": ".html", "text": ".txt", "json-ld": ".jsonld"}


_warming = threading.Event()


def warm_up() -> None:
    """What the first review needs loads in the background when the first visitor opens the page: the
    review's language model and the occupations' task index (together a few seconds on a cold start)."""
    if not _warming.is_set():
        _warming.set()
        threading.Thread(target=warm_up_language_model, daemon=True, name="jd-language-model").start()
        occupations.warm_up_in_background()


def _write_downloads(job: Job, texts: dict[str, str]) -> dict[str, str]:
    """Each format as a file named after the job ("barista.md", "barista.html"...), in a fresh folder."""
    folder = download_folder()
    paths = {}
    for fmt in FORMATS:
        path = folder / job_filename(job, SUFFIXES[fmt])
        path.write_text(texts[fmt], encoding="utf-8")
        paths[fmt] = str(path)
    return paths


def _fix_label(suggestion: dict) -> str:
    """A fix's name (the choice's value: the same whatever the page's language)."""
    replacement = suggestion["replacement"] or "(remove)"
    return f"{suggestion['term']} → {replacement}"


def _fix_choice(suggestion: dict) -> tuple[str, str]:
    """A fix as shown (in the page's language) and its name."""
    replacement = suggestion["replacement"] or t("remove_fix")
    return f"{suggestion['term']} → {replacement}", _fix_label(suggestion)


# ---- out of date ---------------------------------------------------------------------------------


def mark_inputs(page: Page) -> set:
    return page.form.inputs() | {page.writing.duties, page.writing.summary, page.memory.generated_for}


def mark_outputs(page: Page) -> list:
    ad = page.ad
    return [ad.stale, *ad.downloads.values(), ad.docx]


def marks(page: Page, values: dict) -> dict:
    """The ad is marked out of date (and its downloads hidden) once the work differs from what it was made of."""
    ad, generated_for = page.ad, values[page.memory.generated_for]
    if generated_for is None:
        return {ad.stale: ""}
    current = ad_is_current(generated_for, work_of(page, values))
    shown = gr.update(visible=current)
    return {ad.stale: "" if current else t("ad_outdated"), **dict.fromkeys([*ad.downloads.values(), ad.docx], shown)}


def cleared(page: Page) -> dict:
    """Everything made from a job, emptied: for switching to another job."""
    ad, review, memory = page.ad, page.review, page.memory
    hidden = gr.update(visible=False)
    return {
        ad.status: "",
        ad.stale: "",
        ad.preview: t("ad_empty"),
        **dict.fromkeys(ad.outputs.values(), ""),
        **dict.fromkeys([*ad.downloads.values(), ad.docx], gr.update(value=None, visible=False)),
        review.panel: t("review_empty"),
        review.marked: "",
        review.fixes: gr.update(choices=[], value=[], visible=False),
        review.apply_fixes: hidden,
        review.apply_all: hidden,
        memory.suggestions: [],
        memory.generated_for: None,
        page.feedback.status: "",
    }


def cleared_outputs(page: Page) -> list:
    return list(cleared(page))


# ---- generate ------------------------------------------------------------------------------------


def _review_updates(page: Page, described: service.ReviewedDescription) -> dict:
    review, result = page.review, described.review
    suggestions = result.get("suggestions", [])
    choices = list(dict.fromkeys(_fix_choice(s) for s in suggestions))
    visible = bool(choices)
    return {
        review.panel: service.review_panel(result, page_code()),
        review.marked: highlight_html(described.markdown, result, localized),
        page.memory.suggestions: suggestions,
        review.fixes: gr.update(choices=choices, value=[], visible=visible),
        review.apply_fixes: gr.update(visible=visible),
        review.apply_all: gr.update(visible=visible),
    }


def _generate_event(page: Page, profile: Profile | None) -> dict[str, Any]:
    """Generate the job description in every format, with downloads and its review (the event's arguments)."""
    ad, writing, memory = page.ad, page.writing, page.memory

    def generate_description(values: dict) -> dict:
        duties, summary = values[writing.duties] or "", values[writing.summary] or ""
        try:
            job = read_job(page, values, profile)
            described = service.render_reviewed(job, duties, summary, profile=profile)
            docx = word_file(job, duties, summary, values[memory.session_profile])
        except JDError as error:
            hidden = gr.update(visible=False)
            return {
                ad.preview: message(error),
                ad.status: "",
                **dict.fromkeys([*ad.downloads.values(), ad.docx], hidden),
            }
        files = _write_downloads(job, described.texts)
        return {
            ad.preview: described.markdown,
            ad.status: t("ad_ready", score=described.review["score"]),
            ad.stale: "",
            memory.generated_for: work_of(page, values).digest(),
            **{ad.outputs[fmt]: described.texts[fmt] for fmt in FORMATS},
            **{ad.downloads[fmt]: _download(files[fmt]) for fmt in FORMATS},
            ad.docx: _download(docx),
            **_review_updates(page, described),
        }

    review = page.review
    return {
        "fn": generate_description,
        "inputs": page.form.inputs() | {writing.duties, writing.summary, memory.session_profile},
        "outputs": [
            ad.preview,
            ad.status,
            ad.stale,
            memory.generated_for,
            *ad.outputs.values(),
            *ad.downloads.values(),
            ad.docx,
            review.panel,
            review.marked,
            memory.suggestions,
            review.fixes,
            review.apply_fixes,
            review.apply_all,
        ],
        **QUICK,
    }


def _download(path: str) -> dict:
    from pathlib import Path

    return gr.update(value=path, visible=True, label=t("download", name=Path(path).name))


def _wire_fixes(page: Page, generate: dict[str, Any]) -> None:
    """The fix buttons: apply the chosen fixes (or all) where the words were typed, then generate again."""
    review, writing, memory = page.review, page.writing, page.memory
    fields = page.form.fields()
    fixable = [fields[key] for key in FIXABLE_FIELDS]

    def apply_fixes(values: dict, everything: bool) -> dict:
        chosen = set(values[review.fixes] or ())
        picked = [s for s in values[memory.suggestions] or () if everything or _fix_label(s) in chosen]
        targets = {component: values[component] for component in [*fixable, writing.duties, writing.summary]}
        fixed = service.apply_fixes(targets, picked)
        return {component: text for component, text in fixed.items() if text != targets[component]}

    fix_inputs: set[Any] = set(fixable) | {writing.duties, writing.summary, review.fixes, memory.suggestions}
    for button, everything in ((review.apply_fixes, False), (review.apply_all, True)):
        button.click(
            functools.partial(apply_fixes, everything=everything),
            inputs=fix_inputs,
            outputs=[*fixable, writing.duties, writing.summary],
            **QUICK,
        ).then(**generate)


def _wire_feedback(page: Page, store: FeedbackStore) -> None:
    feedback, writing, memory = page.feedback, page.writing, page.memory

    def send_feedback(values: dict) -> str:
        try:
            service.save_feedback(
                store,
                form_values(page.form, values),
                values[writing.duties] or "",
                values[page.ad.outputs["markdown"]] or "",
                values[feedback.rating],
                values[feedback.reason] or "",
                backend=values[memory.used_backend] or "",
                model=values[memory.used_model] or "",
                consent=bool(values[feedback.consent]),
                raw_responsibilities=values[memory.raw_text] or "",
            )
        except JDError as error:
            return t("feedback_not_saved", message=message(error))
        return t("feedback_saved")

    inputs = page.form.inputs() | {writing.duties, page.ad.outputs["markdown"], memory.raw_text}
    inputs |= {feedback.rating, feedback.reason, feedback.consent, memory.used_backend, memory.used_model}
    feedback.send.click(send_feedback, inputs=inputs, outputs=feedback.status, **QUICK)


def wire(page: Page, store: FeedbackStore, profile: Profile | None) -> None:
    generate = _generate_event(page, profile)
    page.actions.generate.click(**generate)
    _wire_fixes(page, generate)
    _wire_feedback(page, store)
