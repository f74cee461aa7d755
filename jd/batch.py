"""Bulk: one job description per row of a CSV or Excel (.xlsx) file, written to a folder.

`read_rows` reads the file (one role per row, the job fields as columns, row 1 the header) into
`Row`s; `run_batch` writes each role the way the page and the CLI do (`jd.writing.Writing`: stream,
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

import codecs
import csv
import difflib
import hashlib
import io
import json
import logging
import os
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from . import service, word
from .backends import choose_backends
from .blocking import iterate_blocking
from .draft import job_filename
from .errors import InvalidInput, InvalidJob, JDError
from .profile import Profile, load_profile
from .render import render_job_description
from .settings import Settings
from .spec import FIELD_LABELS, FIELDS, Job, parse_job
from .summary import model_summary_enabled
from .writing import Writing

logger = logging.getLogger(__name__)

MAX_ROWS = 500  # roles in one file
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: its parts unpacked, all together
MAX_SHEET_ROWS = 20_000  # rows scanned in all, blank ones included
MAX_COLUMNS = 100
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


class InvalidSpreadsheet(InvalidInput):
    """The roles file cannot be used as a whole (not CSV or .xlsx, empty, too large, no title column...)."""


# --- reading the roles file -------------------------------------------------------------


def _column_key(text: str) -> str:
    """A heading as compared: "Salary Min", "salary_min" and "SALARY-MIN" are the same column."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).casefold())


# Each field by its API name and by the form's label ("Job title", "Minimum pay", "How to apply"...).
COLUMN_NAMES: dict[str, str] = {_column_key(FIELD_LABELS[name]): name for name in FIELDS} | {
    _column_key(name): name for name in FIELDS
}
_FIELD_BY_LABEL = {label: name for name, label in FIELD_LABELS.items()}


@dataclass(frozen=True)
class Row:
    """One role: its row number as the spreadsheet shows it (the header is row 1) and its job fields
    (API names, spec.FIELDS) as given; blank cells are left out."""

    number: int
    values: Mapping[str, Any]

    @property
    def title(self) -> str:
        return " ".join(str(self.values.get("title") or "").split())[:120]


@dataclass(frozen=True)
class Sheet:
    """The roles read from a file, and what the reader ignored (unknown columns...), one line each."""

    rows: tuple[Row, ...]
    warnings: tuple[str, ...] = ()


def _named(filename: str) -> str:
    return repr(Path(filename).name[:80] or "file")


def _check_size(size: int, filename: str) -> None:
    if size == 0:
        raise InvalidSpreadsheet(f"The file {_named(filename)} is empty: put a header row and one row per role in it.")
    if size > MAX_FILE_BYTES:
        raise InvalidSpreadsheet(
            f"The file {_named(filename)} is too large ({size / 1024 / 1024:.1f} MB; "
            f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB). Split it into smaller files."
        )


def read_rows(source: Path | bytes, filename: str | None = None) -> Sheet:
    """The roles in a CSV or .xlsx file (a path, or the file's bytes with its name).

    Row 1 (the first non-blank row) names the columns: job field names (spec.FIELDS) or the form's
    labels, in any case, with spaces, hyphens or underscores. Blank rows are skipped; unknown columns
    are reported in `warnings` and ignored. CSV may be UTF-8 (with or without a BOM), UTF-16 or
    Windows-1252, separated by commas, semicolons (Excel in many countries) or tabs. Raises
    InvalidSpreadsheet for a file that cannot be used (empty, too large, binary, no title column,
    more than MAX_ROWS roles).
    """
    if isinstance(source, (bytes, bytearray)):
        name = filename or "file"
        data = bytes(source)
        _check_size(len(data), name)
    else:
        path = Path(source)
        name = filename or path.name
        try:
            _check_size(path.stat().st_size, name)
            data = path.read_bytes()
        except OSError as error:
            reason = error.strerror or "it cannot be read"
            raise InvalidSpreadsheet(f"Cannot read the file {_named(name)} ({reason}).") from None
    if data.startswith(b"PK\x03\x04"):
        records, warnings = _xlsx_records(data, name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidSpreadsheet(
            f"The file {_named(name)} is in the old Excel format (.xls); save it as .xlsx or CSV and try again."
        )
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise InvalidSpreadsheet(f"The file {_named(name)} is not an Excel .xlsx file; save it again from Excel.")
    else:
        records, warnings = _csv_records(_decode(data, name), name), []
    return _sheet(records, name, warnings)


def _not_a_table(name: str) -> InvalidSpreadsheet:
    return InvalidSpreadsheet(
        f"The file {_named(name)} is not a CSV or Excel file: it holds binary data. "
        "Save the sheet as CSV (UTF-8) or .xlsx and try again."
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_table(name) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")  # Excel's plain "CSV" on Windows
            except UnicodeDecodeError:
                raise _not_a_table(name) from None
    if _CONTROL.search(text):
        raise _not_a_table(name)
    return text


_DELIMITERS = ",;\t"


def _delimiter(text: str) -> str:
    """The separator: the one the header line uses, else csv.Sniffer's guess, else a comma."""
    header = text.lstrip("\r\n").split("\n", 1)[0]
    used = [d for d in _DELIMITERS if d in header]
    if len(used) == 1:
        return used[0]
    sample = text[:65_536]
    try:
        return csv.Sniffer().sniff(sample[: sample.rfind("\n") + 1] or sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return max(used, key=header.count) if used else ","


def _csv_records(text: str, name: str) -> list[list[Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    records = _Records(name)
    try:
        for record in reader:
            records.add(record)
    except csv.Error as error:
        raise InvalidSpreadsheet(
            f"The file {_named(name)} is not a readable CSV file (line {reader.line_num}: {error})."
        ) from None
    return records.items


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _blank_row(record: Sequence[Any]) -> bool:
    return all(_blank(value) for value in record)


class _Records:
    """The file's rows as read, refusing more than MAX_ROWS roles (non-blank rows under the header)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[list[Any]] = []
        self.filled = 0

    def add(self, record: Sequence[Any]) -> None:
        self.items.append(list(record))
        if len(self.items) > MAX_SHEET_ROWS:
            raise InvalidSpreadsheet(
                f"The file {_named(self.name)} has more than {MAX_SHEET_ROWS:,} rows (blank ones included); "
                f"put at most {MAX_ROWS} roles in one file."
            )
        if not _blank_row(record):
            self.filled += 1
            if self.filled > MAX_ROWS + 1:
                raise InvalidSpreadsheet(
                    f"The file {_named(self.name)} has more than {MAX_ROWS} roles; "
                    f"split it into files of {MAX_ROWS} roles at most."
                )


def _xlsx_records(data: bytes, name: str) -> tuple[list[list[Any]], list[str]]:
    not_xlsx = InvalidSpreadsheet(
        f"The file {_named(name)} is not a readable Excel .xlsx file; save it again from Excel."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_xlsx from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise InvalidSpreadsheet(
            f"The file {_named(name)} is too large once unpacked ({unpacked / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_XLSX_UNPACKED_BYTES // 1024 // 1024} MB). Split it into smaller files."
        )
    records = _Records(name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = workbook.worksheets
            if not sheets:
                raise InvalidSpreadsheet(f"The file {_named(name)} has no worksheet.")
            for values in sheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True):
                records.add(values)
        finally:
            workbook.close()
    except JDError:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors...) for a damaged or foreign file
        raise not_xlsx from None
    warnings = []
    if len(sheets) > 1:
        warnings.append(f"Only the first sheet, {sheets[0].title!r}, is read; the workbook has {len(sheets)} sheets.")
    return records.items, warnings


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header(record: Sequence[Any], name: str) -> tuple[dict[int, str], list[str]]:
    """Column index -> job field, and a warning for each column ignored."""
    columns: dict[int, str] = {}
    warnings = []
    for index, heading in enumerate(record):
        text = "" if heading is None else " ".join(str(heading).split())
        if not text:
            continue
        field_name = COLUMN_NAMES.get(_column_key(text))
        if field_name is None:
            hint = difflib.get_close_matches(_column_key(text), FIELDS, n=1)
            advice = f"did you mean '{hint[0]}'?" if hint else f"the job fields are: {', '.join(FIELDS)}."
            warnings.append(f"Column {text[:40]!r} is not a job field and is ignored; {advice}")
        elif field_name in columns.values():
            first = next(i for i, f in columns.items() if f == field_name)
            raise InvalidSpreadsheet(
                f"The file {_named(name)} has two {field_name} columns ({_column_letter(first)} and "
                f"{_column_letter(index)}); keep one."
            )
        else:
            columns[index] = field_name
    if "title" not in columns.values():
        raise InvalidSpreadsheet(
            f"The file {_named(name)} has no title column: its first row must name the columns, "
            "such as title, skills, location (one role per row below it)."
        )
    return columns, warnings


_NUMBER_FIELDS = frozenset({"salary_min", "salary_max"})
_DATE_FIELDS = frozenset({"date_posted", "valid_through"})


def _cell(field_name: str, value: Any) -> Any:
    """A cell's value as the job spec takes it: numbers stay numbers for pay, dates for dates, else text."""
    if isinstance(value, str) or field_name in _NUMBER_FIELDS or (field_name == "mwd" and isinstance(value, bool)):
        return value
    if field_name in _DATE_FIELDS and isinstance(value, (date, datetime)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sheet(records: list[list[Any]], name: str, warnings: list[str]) -> Sheet:
    start = next((i for i, record in enumerate(records) if not _blank_row(record)), None)
    if start is None:
        raise InvalidSpreadsheet(f"The file {_named(name)} is empty: put a header row and one row per role in it.")
    columns, header_warnings = _header(records[start], name)
    warnings = [*warnings, *header_warnings]
    headed = {i for i, heading in enumerate(records[start]) if not _blank(heading)}
    rows = []
    stray = None  # the first row with a value in a column without a heading
    for index in range(start + 1, len(records)):
        record = records[index]
        if _blank_row(record):
            continue
        values = {columns[i]: _cell(columns[i], v) for i, v in enumerate(record) if i in columns and not _blank(v)}
        if stray is None and any(not _blank(v) and i not in headed for i, v in enumerate(record)):
            stray = index + 1
        rows.append(Row(index + 1, values))
    if not rows:
        raise InvalidSpreadsheet(f"The file {_named(name)} has no roles: add one row per role under the header row.")
    if stray is not None:
        warnings.append(f"Row {stray} (and maybe others) has values in columns without a heading; they are ignored.")
    return Sheet(tuple(rows), tuple(warnings))


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
        f"Row {row.number}, {_FIELD_BY_LABEL.get(problem.field, problem.field)}: {problem.message}"
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
