"""Bulk: one job description per row of a CSV or Excel (.xlsx) file, written to a folder.

`read_rows` (jd/roles_file.py) reads the file (one role per row, the job fields as columns, row 1
the header) into `Row`s; `run_batch` writes each role the way the page and the CLI do (`jd.writing.Writing`: stream,
top up, clean, ground; then the role summary, the formats and the review) into an output folder,
a few roles at a time; `zip_outputs` packs the folder for a download. No Gradio here, so a page
tab and an API endpoint can use the same functions as `python -m jd batch`.

Resuming: each role's files are written atomically (a temporary file, then a rename) and the role
is then recorded in the folder's state file (STATE_NAME), keyed by its row number and a hash of the
row's values, the formats and the company profile. A run with the same file and folder skips the
roles recorded there (an edited row gets another hash, so it is written again, and its old files
are removed), so an interrupted run (Ctrl-C, or the process killed) continues where it stopped and
writes every role once. `summary.csv` is rewritten at the end of every run and lists every row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import service, word
from .backends import choose_backends
from .blocking import iterate_blocking
from .draft import job_filename
from .errors import InvalidInput, InvalidJob, JDError
from .profile import Profile, load_profile
from .render import render_job_description
from .roles_file import FIELD_BY_LABEL, Row
from .roles_file import MAX_FILE_BYTES as MAX_FILE_BYTES  # the roles file's names, for batch's callers
from .roles_file import MAX_ROWS as MAX_ROWS
from .roles_file import InvalidSpreadsheet as InvalidSpreadsheet
from .roles_file import Sheet as Sheet
from .roles_file import read_rows as read_rows
from .settings import Settings
from .spec import Job, parse_job
from .summary import model_summary_enabled
from .writing import Writing

logger = logging.getLogger(__name__)

DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 16
STATE_NAME = "batch-state.jsonl"
SUMMARY_NAME = "summary.csv"
ZIP_NAME = "job-descriptions.zip"
_PART = ".part"  # temporary files: ".<name>.<pid>.<thread>.part", renamed when complete
_STREAM_INTERVAL = 0.25  # seconds between the model's updates: a batch shows none of them

# Output formats: the name used on the command line -> (jd.render format, or None for Word; file extension).
OUTPUT_FORMATS: dict[str, tuple[str | None, str]] = {
    "md": ("markdown", ".md"),
    "html": ("html", ".html"),
    "txt": ("text", ".txt"),
    "json-ld": ("json-ld", ".jsonld"),
    "docx": (None, ".docx"),
}
_FORMAT_ALIASES = {"markdown": "md", "text": "txt", "jsonld": "json-ld", "json": "json-ld", "word": "docx"}

SUMMARY_COLUMNS = ("row", "title", "status", "files", "score", "fix_first", "error", "notes")
DONE, FAILED, TO_DO = "done", "failed", "to do"


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """The output formats asked for ("md,docx" or a list), as OUTPUT_FORMATS names, each once."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen: list[str] = []
    for item in items:
        name = str(item).strip().lower().lstrip(".")
        if not name:
            continue  # "md,docx," or "md, ,docx"
        name = _FORMAT_ALIASES.get(name, name)
        if name not in OUTPUT_FORMATS:
            raise InvalidInput(
                f"Unknown output format {str(item).strip()[:20]!r}; choose from: {', '.join(OUTPUT_FORMATS)}."
            )
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise InvalidInput(f"Choose at least one output format: {', '.join(OUTPUT_FORMATS)}.")
    return tuple(chosen)


# --- one role -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    """What became of one row: `status` is DONE, FAILED or TO_DO (the run stopped before it)."""

    row: int
    title: str
    status: str
    files: tuple[str, ...] = ()  # names in the output folder
    score: int | None = None
    fix_first: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # "Row 7, salary_min: ..." - each names the row, and the field when one is wrong
    notices: tuple[str, ...] = ()  # e.g. the model wrote fewer than 6 responsibilities
    before: bool = False  # done in an earlier run, skipped in this one
    key: str = ""

    @property
    def error(self) -> str:
        return " | ".join(self.errors)


class _Stopped(Exception):
    """The run is stopping: the role being written is left for the next run."""


def _last(stream: Iterable[str], stopping: Callable[[], bool]) -> str | None:
    """The last value of a stream of texts; stops early when told to."""
    iterator = iter(stream)
    last = None
    try:
        for value in iterator:
            last = value
            if stopping():
                raise _Stopped
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
    return last


def _row_problems(row: Row, error: InvalidJob) -> tuple[str, ...]:
    """Each problem as "Row 7, salary_min: <what is wrong>", the field by its column (API) name."""
    return tuple(
        f"Row {row.number}, {FIELD_BY_LABEL.get(problem.field, problem.field)}: {problem.message}"
        for problem in error.problems
    )


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{_PART}")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Task:
    """Everything a worker needs besides the row."""

    settings: Settings
    out_dir: Path
    formats: tuple[str, ...]
    profile: Profile | None
    stops: tuple[threading.Event, ...]  # the caller's, and the run's own (set when it ends early)

    def stopping(self) -> bool:
        return any(stop.is_set() for stop in self.stops)


def _texts(job: Job, duties: Sequence[str], summary: str | None, task: _Task) -> tuple[dict[str, bytes], dict]:
    """Each requested format's file content, and the review of the Markdown."""
    profile = task.profile
    markdown = render_job_description(job, duties, "markdown", summary=summary, profile=profile)
    files: dict[str, bytes] = {}
    for name in task.formats:
        fmt, _ = OUTPUT_FORMATS[name]
        if fmt is None:
            files[name] = word.docx_bytes(job, duties, summary, profile=profile)
        else:
            text = (
                markdown
                if fmt == "markdown"
                else render_job_description(job, duties, fmt, summary=summary, profile=profile)
            )
            files[name] = text.encode("utf-8")
    return files, service.review_text(job, markdown)


def _write_role(row: Row, key: str, task: _Task) -> RowResult:
    """Writes one role's files; a bad row or a failing backend is this row's FAILED result."""
    failed = RowResult(row.number, row.title, FAILED, key=key)
    if task.stopping():
        return RowResult(row.number, row.title, TO_DO, key=key)
    notices: list[str] = []
    values = dict(row.values)
    if task.profile is not None:
        applied = task.profile.apply(values, fill_blanks=True)
        values = applied.job
        notices.extend([applied.notice] if applied.notice else [])
    try:
        job = parse_job(values)  # batch's edge: each row is checked once
        writing = Writing(job, task.settings, on_notice=notices.append, interval=_STREAM_INTERVAL)
        _last(writing, task.stopping)
        # Without the model's summary, the Markdown composes it (with the profile's templates, if any).
        model_summary = model_summary_enabled(task.settings, writing.backend)
        summary = _last(iterate_blocking(writing.asummary()), task.stopping) if model_summary else None
        duties = list(writing.result.duties)
        files, review = _texts(job, duties, summary, task)
        base = f"{row.number:03d}-{job_filename(job, '')}"
        names = []
        for name, data in files.items():
            names.append(base + OUTPUT_FORMATS[name][1])
            _write_atomic(task.out_dir / names[-1], data)
    except _Stopped:
        return RowResult(row.number, row.title, TO_DO, key=key)
    except InvalidJob as error:
        return replace(failed, errors=_row_problems(row, error), notices=tuple(notices))
    except JDError as error:
        return replace(failed, errors=(f"Row {row.number}: {error}",), notices=tuple(notices))
    except OSError as error:
        reason = error.strerror or str(error)
        return replace(failed, errors=(f"Row {row.number}: its files cannot be written ({reason}).",))
    except Exception as error:  # a bug must not cost the other roles; the log has the traceback
        logger.exception("Row %s failed unexpectedly", row.number)
        return replace(failed, errors=(f"Row {row.number}: failed unexpectedly ({type(error).__name__}).",))
    return RowResult(
        row.number,
        row.title,
        DONE,
        files=tuple(names),
        score=review.get("score"),
        fix_first=tuple(review.get("fix_first") or ()),
        notices=tuple(notices + list(writing.result.notices)),
        key=key,
    )


# --- the state file -----------------------------------------------------------------------


class _State:
    """The roles done, one JSON line each, appended as they complete (the last line for a row wins).

    A line cut short by a killed process is ignored; `compact` rewrites the file with one line per row.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_NAME
        self.out_dir = out_dir
        self.entries: dict[int, dict] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput(f"Cannot read the batch state file {str(self.path)!r} ({error}).") from None
        for line in lines:
            try:
                entry = json.loads(line)
                self.entries[int(entry["row"])] = entry
            except (ValueError, KeyError, TypeError):
                continue

    def done(self, row: Row, key: str) -> RowResult | None:
        """The row's result from an earlier run, when it is recorded with this key and its files are all there."""
        entry = self.entries.get(row.number)
        if not entry or entry.get("key") != key or entry.get("status") != DONE:
            return None
        files = tuple(entry.get("files") or ())
        if not files or not all((self.out_dir / name).is_file() for name in files):
            return None
        return RowResult(
            row.number,
            str(entry.get("title") or row.title),
            DONE,
            files=files,
            score=entry.get("score"),
            fix_first=tuple(entry.get("fix_first") or ()),
            notices=tuple(entry.get("notices") or ()),
            before=True,
            key=key,
        )

    def record(self, result: RowResult) -> None:
        """A row written (or failed) in this run: its old files that are not its new ones go, then the line."""
        if result.status == TO_DO:
            return
        old = self.entries.get(result.row)
        if old is not None:
            for name in set(old.get("files") or ()) - set(result.files):
                (self.out_dir / Path(name).name).unlink(missing_ok=True)
        entry = _entry(result)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.entries[result.row] = entry

    def compact(self) -> None:
        lines = [json.dumps(self.entries[row], ensure_ascii=False) + "\n" for row in sorted(self.entries)]
        _write_atomic(self.path, "".join(lines).encode("utf-8"))


def _entry(result: RowResult) -> dict:
    entry: dict[str, Any] = {"row": result.row, "key": result.key, "status": result.status, "title": result.title}
    if result.status == DONE:
        entry |= {"files": list(result.files), "score": result.score}
        entry |= {"fix_first": list(result.fix_first), "notices": list(result.notices)}
    return entry


# --- the batch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchReport:
    """Every row's result, in row order, and where the summary is."""

    results: tuple[RowResult, ...]
    out_dir: Path
    summary_path: Path
    stopped: bool = False

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    @property
    def done_before(self) -> int:
        return sum(1 for result in self.results if result.before)

    @property
    def failures(self) -> tuple[RowResult, ...]:
        return tuple(result for result in self.results if result.status == FAILED)


def row_key(row: Row, formats: Sequence[str], profile: Profile | None = None) -> str:
    """The hash that says whether a role recorded as done is still done: its values, the formats, the profile."""
    content = {
        "values": dict(row.values),
        "formats": list(formats),
        "profile": profile.model_dump(mode="json") if profile is not None else None,
    }
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _prepare(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for leftover in out_dir.glob(f".*{_PART}"):  # from a run that was killed mid-write
            leftover.unlink(missing_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InvalidInput(f"Cannot use the output folder {str(out_dir)!r} ({reason}).") from None


@dataclass
class _Progress:
    on_progress: Callable[[RowResult], None] | None
    results: dict[int, RowResult] = field(default_factory=dict)

    def add(self, result: RowResult) -> None:
        self.results[result.row] = result
        if self.on_progress is not None:
            self.on_progress(result)


def run_batch(
    rows: Sequence[Row],
    settings: Settings,
    out_dir: Path,
    formats: str | Sequence[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_start: Callable[[int, int], None] | None = None,
    on_progress: Callable[[RowResult], None] | None = None,
    stop: threading.Event | None = None,
) -> BatchReport:
    """Writes each role's files into `out_dir`, `concurrency` roles at a time, then `summary.csv`.

    Roles recorded as done by an earlier run into the same folder (same row, values, formats and
    company profile) are skipped; `on_start(done_before, to_do)` is told how many of each, then
    `on_progress(result)` each role's result as it completes (both in the calling thread). A bad row
    or a failing backend fails only that row. Setting `stop` ends the run early: the roles not
    written are left TO_DO for the next run. The company profile (settings.company_profile) fills
    what rows leave blank and sets its fixed fields. Raises JDError only for the batch as a whole
    (a bad profile or setting, a folder that cannot be written).
    """
    formats = parse_formats(formats)
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise InvalidInput(f"concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}.")
    choose_backends(settings)  # a setting the backend cannot use fails the batch, not every row
    profile = load_profile(settings.company_profile) if settings.company_profile else None
    out_dir = Path(out_dir)
    _prepare(out_dir)
    state = _State(out_dir)
    halt = threading.Event()  # set when this thread is interrupted: the workers stop too
    task = _Task(settings, out_dir, formats, profile, (halt,) if stop is None else (halt, stop))
    progress = _Progress(on_progress)
    keys = {row.number: row_key(row, formats, profile) for row in rows}
    to_do = []
    for row in rows:
        previous = state.done(row, keys[row.number])
        if previous is None:
            to_do.append(row)
        else:
            progress.results[row.number] = previous
    if on_start is not None:
        on_start(len(progress.results), len(to_do))
    executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="jd-batch")
    try:
        futures: list[Future[RowResult]] = [executor.submit(_write_role, row, keys[row.number], task) for row in to_do]
        for future in as_completed(futures):
            result = future.result()
            state.record(result)
            progress.add(result)
    except BaseException:
        halt.set()
        raise
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
    state.compact()
    results = tuple(progress.results[row.number] for row in rows)
    summary_path = write_summary(out_dir, results)
    return BatchReport(results, out_dir, summary_path, stopped=any(r.status == TO_DO for r in results))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading = + - @ would start a formula (CSV injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_summary(out_dir: Path, results: Iterable[RowResult]) -> Path:
    """`summary.csv` in `out_dir` (UTF-8 with a BOM, so Excel reads it right): one line per row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(SUMMARY_COLUMNS)
    for result in results:
        writer.writerow(
            [
                result.row,
                _safe_cell(result.title),
                result.status,
                " ".join(result.files),
                "" if result.score is None else result.score,
                _safe_cell(" | ".join(result.fix_first)),
                _safe_cell(result.error),
                _safe_cell(" | ".join(result.notices)),
            ]
        )
    path = Path(out_dir) / SUMMARY_NAME
    _write_atomic(path, buffer.getvalue().encode("utf-8-sig"))
    return path


def zip_outputs(out_dir: Path) -> Path:
    """The folder's job descriptions and summary.csv in one zip (ZIP_NAME, in the folder); its path."""
    out_dir = Path(out_dir)
    path = out_dir / ZIP_NAME
    skipped = {ZIP_NAME, STATE_NAME}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(out_dir.iterdir()):
            if item.is_file() and item.name not in skipped and not item.name.startswith("."):
                archive.write(item, item.name)
    _write_atomic(path, buffer.getvalue())
    return path
