"""The roles file of a batch run: a CSV or Excel (.xlsx) file, one role per row, the job fields as columns.

`read_rows` reads it (row 1 the header; a column is a job field by its API name or the form's
label, "salary_min" or "Minimum pay") into `Row`s, refusing a file it cannot use as a whole with
`InvalidSpreadsheet` and noting what it ignored (unknown columns...) as the Sheet's warnings.
The values stay as given: each row's job is parsed where the batch writes it (jd/batch.py).
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from .errors import InvalidInput, JDError
from .spec import FIELD_LABELS, FIELDS

MAX_ROWS = 500  # roles in one file
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip: its parts unpacked, all together
MAX_SHEET_ROWS = 20_000  # rows scanned in all, blank ones included
MAX_COLUMNS = 100


class InvalidSpreadsheet(InvalidInput):
    """The roles file cannot be used as a whole (not CSV or .xlsx, empty, too large, no title column...)."""


def _column_key(text: str) -> str:
    """A heading as compared: "Salary Min", "salary_min" and "SALARY-MIN" are the same column."""
    return re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", text).casefold())


# Each field by its API name and by the form's label ("Job title", "Minimum pay", "How to apply"...).
COLUMN_NAMES: dict[str, str] = {_column_key(FIELD_LABELS[name]): name for name in FIELDS} | {
    _column_key(name): name for name in FIELDS
}
FIELD_BY_LABEL = {label: name for name, label in FIELD_LABELS.items()}


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
