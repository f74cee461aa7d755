"""The recruiter's features on the page: the company profile, Word downloads and bulk generation from a
spreadsheet, and their public endpoints `/draft`, `/open_draft` and `/bulk`.

Domain logic lives in jd.draft, jd.profile, jd.word and jd.batch; drafts and the work kept in the browser are
in jd/ui_jobs.py.
"""

from __future__ import annotations

import functools
import html
import inspect
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import aclosing
from pathlib import Path
from typing import Any

import gradio as gr

from . import batch, service
from .draft import draft_to_json, load_draft
from .errors import InvalidInput, JDError
from .files import download_file, download_folder
from .mcp import hide_from_mcp
from .profile import Profile, load_profile
from .settings import Settings
from .spec import Job, parse_job
from .ui_common import QUICK, message, profile_applied
from .ui_page import Page
from .ui_text import BULK_COLUMNS, t
from .word import docx_bytes, docx_filename

BULK_FORMATS = list(batch.OUTPUT_FORMATS)

MAX_API_ROWS = batch.MAX_ROWS


def with_profile(fn: Callable, settings: Settings) -> Callable:
    """A public endpoint whose first argument is a job, with the server's company profile applied to it."""
    profile = service.company_profile(settings)
    if profile is None:
        return fn

    def applied(job: Any) -> Any:
        return profile_applied(job, profile, fill_blanks=True)

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


def word_file(job: Job, duties: str, summary: str, profile: Profile | None) -> str:
    """The job description as a Word file named after the job ("barista.docx"); returns its path."""
    data = docx_bytes(job, service.duties_from_text(duties), summary or None, profile=profile)
    return download_file(docx_filename(job), data)


def _wire_profile_upload(page: Page, server_profile: Profile | None) -> None:
    """A visitor's own profile: its values fill the form and its fixed fields are locked, for this session."""
    options, memory = page.options, page.memory
    fields = page.form.fields()

    def use_profile(data: bytes | None) -> dict:
        if not data:
            return {options.profile_status: gr.skip()}
        try:
            profile = load_profile(data)  # bytes without base_dir: templates_dir is refused
        except JDError as error:
            return {options.profile_status: message(error)}
        if server_profile is not None:  # the server's fixed fields still win
            locked = {name: value for name, value in server_profile.prefill().items() if name in server_profile.fixed}
            profile = profile.model_copy(update={**locked, "fixed": (*profile.fixed, *server_profile.fixed)})
        fixed = set(profile.fixed)
        updates: dict[Any, Any] = {}
        for key, value in profile.prefill().items():
            if key in fields:
                shown = ", ".join(map(str, value)) if isinstance(value, list) else value
                updates[fields[key]] = gr.update(value=shown, interactive=key not in fixed)
        return {**updates, memory.session_profile: profile, options.profile_status: t("profile_applied")}

    options.profile_upload.upload(
        use_profile,
        inputs=options.profile_upload,
        outputs=[*fields.values(), memory.session_profile, options.profile_status],
        **QUICK,
    )


# ---- bulk ---------------------------------------------------------------------------------------


def _table(report: batch.BatchReport) -> list[list[Any]]:
    return [[r.row, r.title, r.status, r.score, r.error] for r in report.results]


def _shown_table(report: batch.BatchReport) -> dict[str, Any]:
    """The summary table as the page shows it: headers and statuses in the page's language."""
    rows = [
        [row, title, t(f"bulk_status={status}"), score, error] for row, title, status, score, error in _table(report)
    ]
    return {"headers": [t(f"bulk_column={column}") for column in BULK_COLUMNS], "data": rows}


def table_in_language(table: Any) -> dict[str, Any]:
    """The summary table after the page's language changed: its headers in the new language, its rows kept."""
    rows = table.values.tolist() if hasattr(table, "values") else list((table or {}).get("data") or [])
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    return {"headers": [t(f"bulk_column={column}") for column in BULK_COLUMNS], "data": rows}


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


def _wire_bulk(page: Page, settings: Settings) -> None:
    bulk = page.bulk

    def bulk_from_file(path: str | None, formats: list[str], profile: Profile | None) -> Iterator[dict]:
        if not path:
            yield {bulk.status: t("bulk_no_file")}
            return
        try:
            sheet = batch.read_rows(Path(path))
            notes = "".join(f"  \n{html.escape(warning)}" for warning in sheet.warnings)
            total = len(sheet.rows)
            yield {bulk.status: t("bulk_progress", done=0, total=total) + notes, bulk.zip: None, bulk.table: None}
            for done, total, report in run_bulk(list(sheet.rows), formats, settings, profile):
                if report is None:
                    yield {bulk.status: t("bulk_progress", done=done, total=total) + notes}
                    continue
                status = t("bulk_done", done=report.count(batch.DONE), total=total, failed=len(report.failures))
                yield {
                    bulk.status: status + notes,
                    bulk.zip: str(batch.zip_outputs(report.out_dir)),
                    bulk.table: _shown_table(report),
                }
        except JDError as error:
            yield {bulk.status: message(error)}

    bulk.run.click(
        bulk_from_file,
        inputs=[bulk.file, bulk.formats, page.memory.session_profile],
        outputs=[bulk.status, bulk.zip, bulk.table],
        api_visibility="private",
        concurrency_limit=2,
        concurrency_id="bulk",
    )


def wire(page: Page, settings: Settings, server_profile: Profile | None) -> None:
    """The company profile upload and bulk generation (call inside the Blocks)."""
    _wire_profile_upload(page, server_profile)
    _wire_bulk(page, settings)


# ---- public API ---------------------------------------------------------------------------------


def _draft(job: dict, summary: str = "", duties: str = "") -> str:
    """The draft file's JSON text for a job, its "About the role" summary and its responsibilities."""
    return draft_to_json(parse_job(job), summary, duties)


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
