"""Which job the page shows: the examples, New job, drafts (save in one click, open), Undo, and the work kept
in the browser across reloads.

Switching to another job replaces the whole work (form, summary, duties) and clears everything made from
the previous one (jd/ui_results.py `cleared`). When the current work is not saved (jd/workspace.py
`unsaved`), the page asks first; after a switch, Undo brings the previous work back.
"""

from __future__ import annotations

import functools
import html
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import gradio as gr

from .draft import draft_to_json, job_filename, load_draft
from .errors import JDError
from .profile import Profile
from .settings import Settings
from .ui_common import QUICK, message, profile_applied, read_job, shown_form, work_of
from .ui_language import current_language, output_language
from .ui_page import ROLE_TAB, Page
from .ui_results import cleared, mark_inputs, mark_outputs, marks
from .ui_text import t
from .workspace import Work, duty_inputs, is_blank, unsaved

STORAGE_KEY = "jd-generator-work"
SECRET_FILE = "browser-secret"
SECRET_ENV = "JD_BROWSER_SECRET"

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


def example_titles() -> list[str]:
    return [example["title"] for example in EXAMPLES]


def browser_secret(settings: Settings) -> str:
    """JD_BROWSER_SECRET, else a secret kept in the data folder (made once), so saved work survives restarts."""
    given = os.environ.get(SECRET_ENV, "").strip()
    if given:
        return given
    path = Path(settings.data_dir) / SECRET_FILE
    try:
        if path.is_file():
            text = path.read_text(encoding="utf-8").strip()
            if text:
                return text
        path.parent.mkdir(parents=True, exist_ok=True)
        text = secrets.token_urlsafe(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        return text
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="utf-8").strip()
    except OSError:  # a read-only data folder: saved work lasts until the app restarts
        return secrets.token_urlsafe(32)


def browser_store(settings: Settings) -> gr.BrowserState:
    """The visitor's work, kept (encrypted) in their browser's localStorage."""
    return gr.BrowserState(None, storage_key=STORAGE_KEY, secret=browser_secret(settings))


def defaults_of(page: Page) -> dict[str, Any]:
    """The form's starting values by job field (a new job is written in the page's language)."""
    values = {key: component.value for key, component in page.form.fields().items()}
    return {**values, "language": output_language(current_language())}


def _widget_values(job: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, Any]:
    """A job object's values as the form's widgets hold them (lists as comma-separated text), else defaults."""
    values = dict(defaults)
    for key in defaults:
        if job.get(key) not in (None, ""):
            value = job[key]
            values[key] = ", ".join(map(str, value)) if isinstance(value, list) else value
    return values


def _starting_work(page: Page, profile: Profile | None) -> Work:
    """A new job: the form's starting values, filled from the company profile when there is one."""
    return Work(_widget_values(profile.prefill() if profile else {}, defaults_of(page)))


def saved_note(work: Work) -> str:
    """ "Kept in this browser", marked with the digest of the work it kept: it shows once the browser holds it
    (and the ad's out-of-date marks for that work, which come in the same answer)."""
    return f'<p class="jd-saved" data-digest="{work.digest()}">{html.escape(t("kept_in_browser"))}</p>'


def _title_of(work: Work) -> str:
    return str(work.form.get("title") or "").strip() or t("untitled")


# ---- switching ----------------------------------------------------------------------------------


def _shown(page: Page, work: Work, profile: Profile | None) -> dict:
    """The work on the page; fields the profile fixes take its value and are locked."""
    values = dict(work.form)
    fixed = set(profile.fixed) if profile is not None else set()
    if profile is not None:
        values.update(_widget_values(profile.prefill(), {key: values.get(key) for key in fixed}))
    shown = shown_form(page.form, values)
    updates = {
        component: gr.update(value=shown[component], interactive=key not in fixed)
        for key, component in page.form.fields().items()
    }
    return {**updates, page.writing.summary: work.summary, page.writing.duties: work.duties}


def switch_outputs(page: Page) -> list:
    writing, memory, switch, actions = page.writing, page.memory, page.switch, page.actions
    return [
        *page.form.fields().values(),
        page.form_tabs,
        writing.summary,
        writing.duties,
        writing.live,
        writing.duties_note,
        actions.status,
        actions.draft_status,
        switch.confirm,
        switch.question,
        switch.undo_row,
        switch.undo_note,
        memory.saved,
        memory.kept,
        memory.pending,
        memory.previous,
        memory.written_for,
        memory.composed,
        memory.raw_text,
        *cleared(page),
    ]


def _switched(page: Page, current: Work, target: Work, label: str, profile: Profile | None) -> dict:
    """Show `target` (described as `label`) instead of `current`, with everything made from `current` cleared."""
    writing, memory, switch, actions = page.writing, page.memory, page.switch, page.actions
    keep_undo = not is_blank(current, defaults_of(page))
    return {
        **_shown(page, target, profile),
        **cleared(page),
        page.form_tabs: gr.Tabs(selected=ROLE_TAB),
        writing.live: "",
        writing.duties_note: "",
        actions.status: "",
        actions.draft_status: "",
        switch.confirm: gr.update(visible=False),
        switch.question: "",
        switch.undo_row: gr.update(visible=keep_undo),
        switch.undo_note: t("switched", target=label) if keep_undo else "",
        memory.saved: target.as_dict(),
        memory.kept: target.digest(),
        memory.pending: None,
        memory.previous: current.as_dict() if keep_undo else None,
        memory.written_for: duty_inputs(target.form) if target.duties.strip() else None,
        memory.composed: None,
        memory.raw_text: "",
    }


def _asked(page: Page, current: Work, target: Work, label: str) -> dict:
    """The question before replacing unsaved work; nothing else changes yet."""
    switch, memory = page.switch, page.memory
    return {
        switch.confirm: gr.update(visible=True),
        switch.question: t("switch_ask", current=_title_of(current), target=label),
        memory.pending: {"work": target.as_dict(), "target": label},
        page.actions.status: "",
    }


def _to(page: Page, values: dict, target: Work, label: str, profile: Profile | None) -> dict:
    """Switch to `target`, asking first when the current work would be lost."""
    current = work_of(page, values)
    if unsaved(current, values[page.memory.kept], defaults_of(page)):
        return _asked(page, current, target, label)
    return _switched(page, current, target, label, profile)


def _inputs(page: Page) -> set:
    writing, memory = page.writing, page.memory
    return page.form.inputs() | {writing.summary, writing.duties, memory.kept, memory.pending, memory.previous}


def _focus(element_id: str) -> str:
    """Browser code that moves keyboard focus to an element once the event's update has shown it."""
    return (
        "() => { let tries = 60; const step = () => {"
        f" const el = document.getElementById('{element_id}');"
        " if (el && el.offsetParent) el.focus(); else if (tries-- > 0) requestAnimationFrame(step); };"
        " requestAnimationFrame(step); }"
    )


def _wire_switching(page: Page, profile: Profile | None, cancels: list) -> None:
    switch, memory, actions = page.switch, page.memory, page.actions
    outputs = switch_outputs(page)

    def example(values: dict, index: int) -> dict:
        target = Work(_widget_values(EXAMPLES[index], defaults_of(page)))
        return _to(page, values, target, t("target_example", title=EXAMPLES[index]["title"]), profile)

    for index, button in enumerate(switch.examples):
        button.click(
            functools.partial(example, index=index), inputs=_inputs(page), outputs=outputs, cancels=cancels, **QUICK
        ).then(None, js=_focus("switch_replace"))

    def new_job(values: dict) -> dict:
        starting = _starting_work(page, values[memory.session_profile] or profile)
        return _to(page, values, starting, t("target_new"), profile)

    actions.new_job.click(
        new_job, inputs=_inputs(page) | {memory.session_profile}, outputs=outputs, cancels=cancels, **QUICK
    ).then(None, js=_focus("switch_replace"))

    def replace(values: dict) -> dict:
        pending = values[memory.pending] or {}
        target = Work.from_dict(pending.get("work"))
        if target is None:
            return {switch.confirm: gr.update(visible=False)}
        return _switched(page, work_of(page, values), target, str(pending.get("target") or ""), profile)

    switch.replace.click(replace, inputs=_inputs(page), outputs=outputs, **QUICK)

    def keep() -> dict:
        return {switch.confirm: gr.update(visible=False), memory.pending: None, actions.status: t("switch_kept")}

    switch.keep.click(keep, outputs=[switch.confirm, memory.pending, actions.status], **QUICK)

    def undo(values: dict) -> dict:
        previous = Work.from_dict(values[memory.previous])
        if previous is None:
            return {switch.undo_row: gr.update(visible=False)}
        updates = _switched(page, work_of(page, values), previous, _title_of(previous), profile)
        undone = {switch.undo_row: gr.update(visible=False), memory.previous: None, memory.kept: None}
        return {**updates, **undone, actions.status: t("undone")}

    switch.undo.click(undo, inputs=_inputs(page), outputs=outputs, cancels=cancels, **QUICK)


# ---- drafts -------------------------------------------------------------------------------------


def _wire_drafts(page: Page, profile: Profile | None, cancels: list) -> None:
    actions, memory, writing = page.actions, page.memory, page.writing

    def save(values: dict) -> dict:
        """The draft's JSON and file name for the browser to save (one click); the work counts as saved."""
        try:
            job = read_job(page, values, profile)
            text = draft_to_json(job, values[writing.summary], values[writing.duties])
        except JDError as error:
            return {actions.draft_status: message(error), actions.draft_text: "", actions.draft_name: ""}
        name = job_filename(job)
        return {
            actions.draft_status: t("draft_saved", name=name),
            actions.draft_text: text,
            actions.draft_name: name,
            memory.kept: work_of(page, values).digest(),
        }

    actions.save_draft.click(
        save,
        inputs=page.form.inputs() | {writing.summary, writing.duties},
        outputs=[actions.draft_status, actions.draft_text, actions.draft_name, memory.kept],
        **QUICK,
    ).then(None, inputs=[actions.draft_name, actions.draft_text], js="(name, text) => window.jdDownload(name, text)")

    def open_draft_file(values: dict) -> dict:
        data = values[actions.open_draft]
        if not data:
            return {actions.draft_status: gr.skip()}
        try:
            draft = load_draft(data)
        except JDError as error:
            return {actions.draft_status: message(error)}  # nothing else changes
        job = profile_applied(draft.job_data, profile, fill_blanks=False)
        target = Work(_widget_values(job, defaults_of(page)), draft.summary, draft.duties)
        updates = _to(page, values, target, t("target_draft", title=_title_of(target)), profile)
        switched = memory.kept in updates  # else the page asks first
        return {**updates, actions.draft_status: t("draft_opened") if switched else ""}

    actions.open_draft.upload(
        open_draft_file,
        inputs=_inputs(page) | {actions.open_draft},
        outputs=switch_outputs(page),
        cancels=cancels,
        **QUICK,
    ).then(None, js=_focus("switch_replace"))


# ---- the work kept in the browser ----------------------------------------------------------------


def _wire_browser(demo: gr.Blocks, page: Page, profile: Profile | None) -> None:
    writing, memory = page.writing, page.memory
    work_components = [*page.form.fields().values(), writing.summary, writing.duties]

    def save(values: dict) -> dict:
        """Keep the work in the browser and mark the ad made from other work out of date, in one answer: a
        separate answer for the marks could arrive after a newer ad's and hide its downloads."""
        work = work_of(page, values)
        return {memory.saved: work.as_dict(), page.actions.saved_note: saved_note(work), **marks(page, values)}

    gr.on(
        triggers=[component.change for component in work_components],
        fn=save,
        inputs=set(work_components) | mark_inputs(page),
        outputs=[memory.saved, page.actions.saved_note, *mark_outputs(page)],
        show_progress="hidden",
        trigger_mode="always_last",
        **QUICK,
    )

    def restore(saved: Any) -> dict:
        work = Work.from_dict(saved)
        if work is None and profile is None:
            # nothing to restore: leave what the visitor may already be typing alone ({} would count as a value)
            return {writing.summary: gr.skip()}
        if work is None:
            work = _starting_work(page, profile)
        return _shown(page, Work({**defaults_of(page), **work.form}, work.summary, work.duties), profile)

    demo.load(restore, inputs=memory.saved, outputs=work_components, show_progress="hidden", **QUICK)


def wire(demo: gr.Blocks, page: Page, profile: Profile | None, cancels: list) -> None:
    """Switching jobs, drafts and the work kept in the browser (call inside the Blocks)."""
    _wire_switching(page, profile, cancels)
    _wire_drafts(page, profile, cancels)
    _wire_browser(demo, page, profile)
