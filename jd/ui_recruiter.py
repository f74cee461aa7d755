"""The recruiter's features on the page: work kept in the browser, drafts, the company profile,
Word downloads and bulk generation from a spreadsheet.

Layout functions are called from `jd.ui` while it builds the page (`options_layout`, `drafts_layout`,
`word_tab`, `bulk_layout`), then `wire` connects the events and `public_api` registers `/draft`,
`/open_draft` and `/bulk`. Domain logic lives in jd.draft, jd.profile, jd.word and jd.batch.
"""

from __future__ import annotations

import functools
import html
import inspect
import os
import queue
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from . import batch, service
from .draft import draft_to_json, job_filename, load_draft
from .errors import InvalidInput, JDError
from .files import download_file, download_folder
from .mcp import hide_from_mcp
from .profile import Profile, load_profile
from .settings import Settings
from .word import docx_bytes, docx_filename

STORAGE_KEY = "jd-generator-work"
SECRET_FILE = "browser-secret"
SECRET_ENV = "JD_BROWSER_SECRET"
BULK_FORMATS = list(batch.OUTPUT_FORMATS)
BULK_COLUMNS = ["row", "title", "status", "score", "error"]
MAX_API_ROWS = batch.MAX_ROWS


@dataclass
class Recruiter:
    """The recruiter features' components (on `page.recruiter`)."""

    profile: Profile | None = None  # the server's (JD_COMPANY_PROFILE)
    defaults: dict[str, Any] = field(default_factory=dict)  # the form's empty values
    saved: Any = None
    session_profile: Any = None
    profile_upload: Any = None
    profile_status: Any = None
    new_job: Any = None
    save_draft: Any = None
    draft_file: Any = None
    open_draft: Any = None
    draft_status: Any = None
    docx: Any = None
    bulk_file: Any = None
    bulk_formats: Any = None
    bulk_run: Any = None
    bulk_status: Any = None
    bulk_zip: Any = None
    bulk_table: Any = None


# ---- plain helpers ------------------------------------------------------------------------------


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


def server_profile(settings: Settings) -> Profile | None:
    """The company profile JD_COMPANY_PROFILE names (read once), or None."""
    return service.company_profile(settings)


def _profile_applied(job: Any, profile: Profile | None, fill_blanks: bool) -> Any:
    """The job with the profile's fixed fields (and blanks, with fill_blanks); a replaced value is warned about."""
    if profile is None or not isinstance(job, Mapping):
        return job
    applied = profile.apply(job, fill_blanks=fill_blanks)
    if applied.notice:
        gr.Warning(html.escape(applied.notice, quote=False))
    return applied.job


def house_style(page: Any, job: dict) -> dict:
    """A job read from the page's form with the server profile's fixed fields enforced (for jd.ui `_read_form`)."""
    recruiter = getattr(page, "recruiter", None)
    return _profile_applied(job, recruiter.profile if recruiter else None, fill_blanks=False)


def with_profile(fn: Callable, settings: Settings) -> Callable:
    """A public endpoint whose first argument is a job, with the server's company profile applied to it."""
    if server_profile(settings) is None:
        return fn

    def applied(job: Any) -> Any:
        return _profile_applied(job, server_profile(settings), fill_blanks=True)

    if inspect.isasyncgenfunction(fn):

        @functools.wraps(fn)
        async def astream(job, *args, **kwargs):
            async with aclosing(fn(applied(job), *args, **kwargs)) as items:
                async for item in items:
                    yield item

        return astream

    @functools.wraps(fn)
    def call(job, *args, **kwargs):
        return fn(applied(job), *args, **kwargs)

    return call


def _form_values(job: Mapping[str, Any], keys: Any) -> dict[str, Any]:
    """A job object's values as the form's widgets take them (lists as comma-separated text)."""
    values = {}
    for key in keys:
        value = job.get(key)
        values[key] = ", ".join(map(str, value)) if isinstance(value, list) else value
    return values


def _error(error: JDError) -> str:
    return "**" + html.escape(str(error)).replace("\n", "  \n") + "**"


# ---- layout -------------------------------------------------------------------------------------


def _recruiter(page: Any) -> Recruiter:
    if getattr(page, "recruiter", None) is None:
        page.recruiter = Recruiter()
    return page.recruiter


def options_layout(page: Any) -> None:
    """In the Options tab: a visitor's own company profile, for this session."""
    rec = _recruiter(page)
    rec.profile_upload = gr.File(
        label="Upload company profile (TOML or JSON) for this session",
        file_types=[".toml", ".json"],
        type="binary",
        elem_id="profile_upload",
    )
    rec.profile_status = gr.Markdown("", elem_id="profile_status")
    rec.session_profile = gr.State(None)


def drafts_layout(page: Any, settings: Settings) -> None:
    """Under the form: new job, save and open drafts; the work kept in the browser."""
    rec = _recruiter(page)
    rec.profile = server_profile(settings)
    rec.defaults = {key: component.value for key, component in page.form.items()}
    rec.saved = gr.BrowserState(None, storage_key=STORAGE_KEY, secret=browser_secret(settings))
    with gr.Row():
        rec.new_job = gr.Button("New job", size="sm", elem_id="new_job")
        rec.save_draft = gr.Button("Download draft", size="sm", elem_id="save_draft")
        rec.open_draft = gr.UploadButton(
            "Open draft",
            size="sm",
            file_types=[".json"],
            type="binary",
            elem_id="open_draft",
        )
    rec.draft_file = gr.File(label="Draft", visible=False, interactive=False, elem_id="draft_file")
    rec.draft_status = gr.Markdown("", elem_id="draft_status")


def word_tab(page: Any) -> None:
    """A Word tab beside the other formats' downloads (inside jd.ui's results tabs)."""
    rec = _recruiter(page)
    with gr.Tab("Word"):
        gr.Markdown("The same job description as a Word (.docx) file.")
        rec.docx = gr.DownloadButton("Download .docx", visible=False, elem_id="download_docx")


def bulk_layout(page: Any) -> None:
    rec = _recruiter(page)
    with gr.Tabs(), gr.Tab("Bulk: one job description per spreadsheet row"):
        gr.Markdown(
            "Upload a CSV or Excel (.xlsx) file: a header row with the job fields (as in the form), "
            "then one role per row. You get a zip with each role's files and `summary.csv`."
        )
        with gr.Row():
            rec.bulk_file = gr.File(
                label="Roles (CSV or XLSX)",
                file_types=[".csv", ".xlsx"],
                type="filepath",
                elem_id="bulk_file",
            )
            rec.bulk_formats = gr.CheckboxGroup(
                label="Formats",
                choices=BULK_FORMATS,
                value=["md", "docx"],
                elem_id="bulk_formats",
            )
        rec.bulk_run = gr.Button("Generate all", variant="primary", elem_id="bulk_run")
        rec.bulk_status = gr.Markdown("", elem_id="bulk_status")
        rec.bulk_zip = gr.File(label="Job descriptions (zip)", interactive=False, elem_id="bulk_zip")
        rec.bulk_table = gr.Dataframe(
            headers=BULK_COLUMNS,
            interactive=False,
            label="Summary",
            elem_id="bulk_table",
            wrap=True,
        )


# ---- wiring -------------------------------------------------------------------------------------


def _work_components(page: Any) -> list:
    return [*page.form.values(), page.summary, page.duties]


def _restored(page: Any, saved: Any, profile: Profile | None) -> dict:
    """The form, summary and duties from the saved work, else the profile's values, else empty."""
    rec = page.recruiter
    values = dict(rec.defaults)
    summary = duties = ""
    if isinstance(saved, Mapping) and isinstance(saved.get("form"), Mapping):
        values.update({key: saved["form"].get(key) for key in page.form if key in saved["form"]})
        summary, duties = (
            str(saved.get("summary") or ""),
            str(saved.get("duties") or ""),
        )
    elif profile is not None:
        values.update(
            _form_values(
                profile.prefill(),
                [key for key in profile.prefill() if key in page.form],
            )
        )
    fixed = set(profile.fixed) if profile is not None else set()
    if profile is not None:
        values.update(_form_values(profile.prefill(), fixed))
    updates: dict = {
        component: gr.update(value=values[key], interactive=key not in fixed) for key, component in page.form.items()
    }
    return {**updates, page.summary: summary, page.duties: duties}


def _wire_saving(page: Any) -> None:
    rec = page.recruiter
    keys = list(page.form)

    def save(values: dict) -> dict:
        return {
            "form": {key: values[page.form[key]] for key in keys},
            "summary": values[page.summary],
            "duties": values[page.duties],
        }

    gr.on(
        triggers=[component.change for component in _work_components(page)],
        fn=save,
        inputs=set(_work_components(page)),
        outputs=rec.saved,
        api_visibility="private",
        show_progress="hidden",
        trigger_mode="always_last",
        concurrency_limit=None,
    )


def wire(demo: gr.Blocks, page: Any, settings: Settings) -> None:
    """All the recruiter features' events (call inside the Blocks, after jd.ui's own wiring)."""
    rec = page.recruiter
    outputs = _work_components(page)
    _wire_saving(page)

    def restore(saved: Any) -> dict:
        if not saved and rec.profile is None:
            # nothing to restore: leave what the visitor may already be typing alone ({} would count as a value)
            return {outputs[0]: gr.skip()}
        return _restored(page, saved, rec.profile)

    demo.load(
        restore,
        inputs=rec.saved,
        outputs=outputs,
        api_visibility="private",
        show_progress="hidden",
    )

    def new_job(profile: Profile | None) -> dict:
        return {
            **_restored(page, None, profile or rec.profile),
            rec.saved: None,
            rec.draft_status: "",
        }

    rec.new_job.click(
        new_job,
        inputs=rec.session_profile,
        outputs=[*outputs, rec.saved, rec.draft_status],
        api_visibility="private",
        concurrency_limit=None,
    )
    _wire_drafts(page)
    _wire_profile_upload(page)
    _wire_word(page)
    _wire_bulk(page, settings)


def _read_job(page: Any, values: dict) -> dict:
    fields = {key: values[component] for key, component in page.form.items()}
    for key in ("salary_min", "salary_max"):
        if fields[key] == 0:  # an empty gr.Number shows 0
            fields[key] = None
    return house_style(page, service.form_to_job(fields))


def _wire_drafts(page: Any) -> None:
    rec = page.recruiter

    def save(values: dict) -> dict:
        try:
            job = _read_job(page, values)
            text = draft_to_json(job, values[page.summary], values[page.duties])
        except JDError as error:
            return {
                rec.draft_status: _error(error),
                rec.draft_file: gr.update(visible=False),
            }
        path = download_file(job_filename(job), text.encode("utf-8"))
        return {
            rec.draft_status: "Your draft is ready: click the file to download it.",
            rec.draft_file: gr.update(value=path, visible=True),
        }

    rec.save_draft.click(
        save,
        inputs=set(_work_components(page)),
        outputs=[rec.draft_status, rec.draft_file],
        api_visibility="private",
        concurrency_limit=None,
    )

    def open_draft_file(data: bytes | None) -> dict:
        if not data:
            return {rec.draft_status: gr.skip()}
        try:
            draft = load_draft(data)
        except JDError as error:
            return {rec.draft_status: _error(error)}  # nothing else changes
        job = house_style(page, draft.job_data)
        values = _form_values(job, page.form)
        return {
            **{component: values[key] for key, component in page.form.items()},
            page.summary: draft.summary,
            page.duties: draft.duties,
            rec.draft_status: "Draft opened.",
        }

    rec.open_draft.upload(
        open_draft_file,
        inputs=rec.open_draft,
        outputs=[*_work_components(page), rec.draft_status],
        api_visibility="private",
        concurrency_limit=None,
    )


def _wire_profile_upload(page: Any) -> None:
    """A visitor's own profile: its values fill the form and its fixed fields are locked, for this session."""
    rec = page.recruiter

    def use_profile(data: bytes | None) -> dict:
        if not data:
            return {rec.profile_status: gr.skip()}
        try:
            profile = load_profile(data)  # bytes without base_dir: templates_dir is refused
        except JDError as error:
            return {rec.profile_status: _error(error)}
        if rec.profile is not None:  # the server's fixed fields still win
            locked = {name: value for name, value in rec.profile.prefill().items() if name in rec.profile.fixed}
            profile = profile.model_copy(update={**locked, "fixed": (*profile.fixed, *rec.profile.fixed)})
        values = _form_values(profile.prefill(), [key for key in profile.prefill() if key in page.form])
        fixed = set(profile.fixed)
        updates = {
            page.form[key]: gr.update(value=value, interactive=key not in fixed) for key, value in values.items()
        }
        return {
            **updates,
            rec.session_profile: profile,
            rec.profile_status: "Company profile applied.",
        }

    rec.profile_upload.upload(
        use_profile,
        inputs=rec.profile_upload,
        outputs=[*page.form.values(), rec.session_profile, rec.profile_status],
        api_visibility="private",
        concurrency_limit=None,
    )


def _wire_word(page: Any) -> None:
    """The .docx download, made whenever the page shows a new job description."""
    rec = page.recruiter

    def word(values: dict) -> dict:
        try:
            job = _read_job(page, values)
            duties = service.duties_from_text(values[page.duties] or "")
            data = docx_bytes(
                job,
                duties,
                values[page.summary] or None,
                profile=values[rec.session_profile],
            )
        except JDError:
            return {rec.docx: gr.update(visible=False)}
        path = download_file(docx_filename(job), data)
        return {rec.docx: gr.update(value=path, visible=True, label=f"Download {Path(path).name}")}

    page.preview.change(
        word,
        inputs=set(_work_components(page)) | {rec.session_profile},
        outputs=rec.docx,
        api_visibility="private",
        show_progress="hidden",
        concurrency_limit=None,
    )


# ---- bulk ---------------------------------------------------------------------------------------


def _table(report: batch.BatchReport) -> list[list[Any]]:
    return [[r.row, r.title, r.status, r.score, r.error] for r in report.results]


def _profiled(settings: Settings, profile: Profile | None, folder: Path) -> Settings:
    """Settings whose company profile is the visitor's (written as JSON), when they uploaded one."""
    if profile is None:
        return settings
    path = folder / "profile.json"
    path.write_text(
        profile.model_dump_json(exclude_none=True, exclude={"templates_dir"}),
        encoding="utf-8",
    )
    return settings.replace(company_profile=path)


def run_bulk(
    rows: list[batch.Row],
    formats: Any,
    settings: Settings,
    profile: Profile | None = None,
) -> Iterator[tuple[int, int, batch.BatchReport | None]]:
    """Runs the batch in a thread: yields (done, total, None) as roles finish, then (done, total, report).
    Closing the iterator (the visitor left) stops the run."""
    chosen = batch.parse_formats(formats or [])
    work = download_folder("jd-bulk-")
    out_dir = work / "out"
    run_settings = _profiled(settings, profile, work)
    events: queue.Queue = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            report = batch.run_batch(
                rows,
                run_settings,
                out_dir,
                chosen,
                concurrency=min(batch.DEFAULT_CONCURRENCY, settings.concurrency),
                on_progress=lambda result: events.put(("row", result)),
                stop=stop,
            )
            events.put(("done", report))
        except Exception as error:  # raised again in the caller's thread
            events.put(("error", error))

    thread = threading.Thread(target=run, name="jd-bulk", daemon=True)
    thread.start()
    done = 0
    try:
        while True:
            kind, item = events.get()
            if kind == "row":
                done += 1
                yield done, len(rows), None
            elif kind == "error":
                raise item
            else:
                yield done, len(rows), item
                return
    finally:
        stop.set()


def _wire_bulk(page: Any, settings: Settings) -> None:
    rec = page.recruiter

    def bulk_from_file(path: str | None, formats: list[str], profile: Profile | None) -> Iterator[dict]:
        if not path:
            yield {rec.bulk_status: "Upload a CSV or Excel file first."}
            return
        try:
            sheet = batch.read_rows(Path(path))
            notes = "".join(f"  \n{html.escape(warning)}" for warning in sheet.warnings)
            yield {
                rec.bulk_status: f"0 of {len(sheet.rows)} done{notes}",
                rec.bulk_zip: None,
                rec.bulk_table: None,
            }
            for done, total, report in run_bulk(list(sheet.rows), formats, settings, profile):
                if report is None:
                    yield {rec.bulk_status: f"{done} of {total} done{notes}"}
                    continue
                failed = len(report.failures)
                status = f"{report.count(batch.DONE)} of {total} done, {failed} failed.{notes}"
                yield {
                    rec.bulk_status: status,
                    rec.bulk_zip: str(batch.zip_outputs(report.out_dir)),
                    rec.bulk_table: _table(report),
                }
        except JDError as error:
            yield {rec.bulk_status: _error(error)}

    rec.bulk_run.click(
        bulk_from_file,
        inputs=[rec.bulk_file, rec.bulk_formats, rec.session_profile],
        outputs=[rec.bulk_status, rec.bulk_zip, rec.bulk_table],
        api_visibility="private",
        concurrency_limit=2,
        concurrency_id="bulk",
    )


# ---- public API ---------------------------------------------------------------------------------


def _draft(job: dict, summary: str = "", duties: str = "") -> str:
    """The draft file's JSON text for a job, its "About the role" summary and its responsibilities."""
    return draft_to_json(job, summary, duties)


def _open_draft(draft: str) -> dict:
    """A draft's job, summary and responsibilities: {"job": {...}, "summary": "...", "duties": "..."}."""
    opened = load_draft(draft)
    return {"job": opened.job_data, "summary": opened.summary, "duties": opened.duties}


def _bulk_rows(rows: Any) -> list[batch.Row]:
    if not isinstance(rows, list) or not rows:
        raise InvalidInput("rows must be a non-empty list of job objects.")
    if len(rows) > MAX_API_ROWS:
        raise InvalidInput(f"Too many rows ({len(rows)}); the limit is {MAX_API_ROWS}.")
    result = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise InvalidInput(f"Row {number} must be a job object, like the other endpoints take.")
        result.append(
            batch.Row(
                number,
                {key: value for key, value in row.items() if value not in (None, "")},
            )
        )
    return result


def public_api(settings: Settings, app_errors: Callable) -> None:
    """/draft, /open_draft and /bulk (call inside the Blocks; `app_errors` is jd.ui's error context)."""

    def guarded(fn: Callable) -> Callable:
        """Our errors as gr.Error; for gradio_client and the JS client only (assistants get jd.mcp's tools)."""

        @functools.wraps(fn)
        def call(*args, **kwargs):
            with app_errors():
                return fn(*args, **kwargs)

        return hide_from_mcp(call)

    gr.api(
        guarded(with_profile(_draft, settings)),
        api_name="draft",
        concurrency_limit=None,
    )
    gr.api(guarded(_open_draft), api_name="open_draft", concurrency_limit=None)

    rows_in = gr.JSON(visible=False)
    formats_in = gr.JSON(visible=False)
    zip_out = gr.File(visible=False)
    summary_out = gr.JSON(visible=False)

    def bulk(rows: list, formats: list) -> tuple[str, list[dict]]:
        """Writes one job description per row (a list of job objects) in formats (md, html, txt, json-ld,
        docx); returns the zip and the summary (row, title, status, score, error per row; rows numbered from 1)."""
        *_, (_, _, report) = run_bulk(_bulk_rows(rows), formats, settings)
        assert report is not None
        summary = [dict(zip(BULK_COLUMNS, line, strict=True)) for line in _table(report)]
        return str(batch.zip_outputs(report.out_dir)), summary

    trigger = gr.Button(visible=False)
    trigger.click(
        guarded(bulk),
        inputs=[rows_in, formats_in],
        outputs=[zip_out, summary_out],
        api_name="bulk",
        concurrency_limit=2,
        concurrency_id="bulk",
    )
