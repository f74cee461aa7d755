"""Durable feedback store behind the app's flag button.

Each piece of feedback is one row in a SQLite database (`<data_dir>/feedback.sqlite3`),
written by one INSERT inside its own transaction, in WAL mode with `synchronous=FULL`.
A record the store has acknowledged (returned an id for) is committed and fsynced; a crash
in the middle of a write leaves the database as it was before that write (SQLite's atomic
commit). Gradio's CSVLogger loses rows under concurrent flags, which is why this exists.

This module is the store alone: no Gradio, no Hub. jd/service.py's `save_feedback` is how the page
and the API add a record; jd/feedback_hub.py optionally pushes a JSONL export (and the reviewed
examples file, jd/examples.py) to a private Hub dataset.

The schema has a version (SQLite `user_version`). Version 2 added `consent` (the visitor agreed
that their edited text may become a reviewed example) and `examples_used` (the ids of the reviewed
examples the prompt showed); a store written by version 1 gains both columns, as "no" and "none",
in one transaction the first time it is opened.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import FeedbackNotSaved, InvalidInput, say
from .files import atomic_file

logger = logging.getLogger(__name__)

DB_FILENAME = "feedback.sqlite3"

RATINGS = ("helpful", "not helpful")
MAX_TEXT_CHARS = 100_000  # model output, edited duties, final JD, job inputs as JSON
MAX_REASON_CHARS = 2_000
MAX_LABEL_CHARS = 500  # backend, model, format

# The first columns of a record (schema version 1), as stored and as returned; every one is text.
FIRST_COLUMNS = (
    "id",
    "time",
    "inputs",
    "raw_responsibilities",
    "responsibilities",
    "job_description",
    "rating",
    "reason",
    "backend",
    "model",
    "format",
)
# Columns added in schema version 2 (issue "Close the feedback loop"): whether the visitor agreed that their
# edited summary and duties may become an example (0 or 1), and the ids of the reviewed examples the prompt
# used (a JSON list of text). Records stored before version 2 read as no consent and no examples.
REVIEW_COLUMNS = ("consent", "examples_used")
RECORD_COLUMNS = FIRST_COLUMNS + REVIEW_COLUMNS
MAX_EXAMPLES_USED = 10
_EXAMPLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TEXT_LIMITS = {
    "raw_responsibilities": MAX_TEXT_CHARS,
    "responsibilities": MAX_TEXT_CHARS,
    "job_description": MAX_TEXT_CHARS,
    "reason": MAX_REASON_CHARS,
    "backend": MAX_LABEL_CHARS,
    "model": MAX_LABEL_CHARS,
    "format": MAX_LABEL_CHARS,
}
_FIELD_NAMES = {
    "inputs": "job details",
    "raw_responsibilities": "model's responsibilities",
    "responsibilities": "edited responsibilities",
    "job_description": "job description",
    "rating": "rating",
    "reason": "reason",
    "backend": "backend",
    "model": "model",
    "format": "format",
    "consent": "consent",
    "examples_used": "list of examples used",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    time TEXT NOT NULL,
    inputs TEXT NOT NULL CHECK (json_valid(inputs)),
    raw_responsibilities TEXT NOT NULL,
    responsibilities TEXT NOT NULL,
    job_description TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('helpful', 'not helpful')),
    reason TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    format TEXT NOT NULL,
    consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    examples_used TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(examples_used))
)
"""
# Columns each later schema version adds to a store created by an earlier one (ALTER TABLE ... ADD COLUMN).
_MIGRATIONS = {
    2: (
        ("consent", "INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1))"),
        ("examples_used", "TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(examples_used))"),
    ),
}
_SCHEMA_VERSION = 2

# Messages people see when their feedback could not be stored.
_NOT_SAVED_FULL = say("Your feedback was not saved: the server's disk is full. Please try again later.")
_NOT_SAVED_READ_ONLY = say(
    "Your feedback was not saved: the feedback folder is read-only. The site owner needs to make JD_DATA_DIR writable."
)
_NOT_SAVED_NO_FOLDER = say(
    "Your feedback was not saved: the feedback folder cannot be created. The site owner needs to point JD_DATA_DIR "
    "to a writable folder."
)
_NOT_SAVED_BUSY = say("Your feedback was not saved: the feedback store is busy. Please try again in a moment.")
_NOT_SAVED_OTHER = say("Your feedback was not saved because of a storage error. Please try again later.")

_SQLITE_FULL = ("SQLITE_FULL",)
_SQLITE_READ_ONLY = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")
_SQLITE_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")


def _not_saved(error: BaseException) -> FeedbackNotSaved:
    """Translate a storage failure into the message the person flagging sees."""
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith(_SQLITE_FULL) or "disk is full" in str(error):
            return FeedbackNotSaved(_NOT_SAVED_FULL)
        if name.startswith(_SQLITE_READ_ONLY):
            return FeedbackNotSaved(_NOT_SAVED_READ_ONLY)
        if name.startswith(_SQLITE_BUSY):
            return FeedbackNotSaved(_NOT_SAVED_BUSY)
        return FeedbackNotSaved(_NOT_SAVED_OTHER)
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return FeedbackNotSaved(_NOT_SAVED_FULL)
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return FeedbackNotSaved(_NOT_SAVED_READ_ONLY)
        if error.errno in (errno.ENOTDIR, errno.EEXIST, errno.ENOENT):
            return FeedbackNotSaved(_NOT_SAVED_NO_FOLDER)
    return FeedbackNotSaved(_NOT_SAVED_OTHER)


def _utf8_text(value: str, field: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"The {_FIELD_NAMES[field]} contains characters that are not valid text.") from None
    return value


def _checked_text(record: Mapping[str, Any], field: str) -> str:
    value = record.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"The {_FIELD_NAMES[field]} must be text.")
    limit = _TEXT_LIMITS[field]
    if len(value) > limit:
        raise InvalidInput(
            f"The {_FIELD_NAMES[field]} is too long ({len(value):,} characters; the limit is {limit:,})."
        )
    return _utf8_text(value, field)


def _checked_rating(value: Any) -> str:
    rating = value.strip().lower() if isinstance(value, str) else value
    if rating not in RATINGS:
        raise InvalidInput(say('The rating must be "helpful" or "not helpful".'))
    return rating


def _inputs_json(value: Any) -> str:
    """The job inputs as JSON text of one object."""
    if value is None:
        value = {}
    elif hasattr(value, "model_dump"):  # a pydantic model such as jd.spec.Job
        value = value.model_dump(mode="json")
    elif isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise InvalidInput("The job details must be a JSON object.") from None
    if not isinstance(value, Mapping):
        raise InvalidInput("The job details must be a JSON object.")
    try:
        text = json.dumps(dict(value), ensure_ascii=False, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError):
        raise InvalidInput("The job details must contain only text, numbers, lists and objects.") from None
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"The job details are too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}).")
    return _utf8_text(text, "inputs")


_YES = ("true", "yes", "on", "1")
_NO = ("false", "no", "off", "0", "")


def _checked_consent(value: Any) -> int:
    """A tick box's value as 0 or 1: True/False, None (not ticked), 0/1 or "yes"/"no"-like text."""
    if value is None or isinstance(value, bool):
        return int(bool(value))
    if isinstance(value, int) and value in (0, 1):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES + _NO:
        return int(value.strip().lower() in _YES)
    raise InvalidInput("The consent must be yes or no (a ticked or unticked box).")


def _checked_examples_used(value: Any) -> str:
    """The ids of the examples a prompt used, as a JSON list: from a list, or text separated by commas or spaces."""
    if value is None:
        ids: list[Any] = []
    elif isinstance(value, str):
        ids = [part for part in re.split(r"[\s,]+", value) if part]
    elif isinstance(value, (list, tuple)):
        ids = list(value)
    else:
        raise InvalidInput("The list of examples used must be a list of example ids.")
    if len(ids) > MAX_EXAMPLES_USED or not all(isinstance(i, str) and _EXAMPLE_ID.fullmatch(i) for i in ids):
        raise InvalidInput(
            f"The list of examples used must hold at most {MAX_EXAMPLES_USED} example ids "
            "(letters, digits, '-' and '_')."
        )
    return json.dumps(ids)


def _row_to_record(row: sqlite3.Row) -> dict:
    record = {field: row[field] for field in RECORD_COLUMNS}
    record["inputs"] = json.loads(record["inputs"])
    record["consent"] = bool(record["consent"])
    record["examples_used"] = json.loads(record["examples_used"])
    return record


def _is_current(conn: sqlite3.Connection) -> bool:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
    return set(RECORD_COLUMNS) <= columns and conn.execute("PRAGMA user_version").fetchone()[0] >= _SCHEMA_VERSION


def _create_or_migrate(conn: sqlite3.Connection) -> None:
    """Create the table, or bring a store written by an older version up to `_SCHEMA_VERSION`.

    One write transaction, so two processes opening an old store at once cannot both add a
    column; a store from a newer version is left as it is (its extra columns are not read).
    """
    if _is_current(conn):  # the usual case: no write transaction needed
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}
        for version in sorted(_MIGRATIONS):
            for name, definition in _MIGRATIONS[version]:
                if name not in columns:
                    conn.execute(f"ALTER TABLE feedback ADD COLUMN {name} {definition}")
        if conn.execute("PRAGMA user_version").fetchone()[0] < _SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()


def _write_lock(path: Path) -> threading.Lock:
    """One lock per database file for the writers of this process."""
    with _write_locks_guard:
        return _write_locks.setdefault(str(path.resolve()), threading.Lock())


class FeedbackStore:
    """Feedback records in `<data_dir>/feedback.sqlite3`; safe across threads and processes.

    Nothing touches the disk until the first operation (or `check()`), so an app can start
    with an unusable folder and still tell each person clearly that feedback was not saved.
    `max_pages` caps the database size in pages (SQLite `max_page_count`): tests use it to
    produce a genuine "database or disk is full".
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        max_pages: int | None = None,
        busy_timeout: float = 10.0,
    ):
        if data_dir is None:
            from .settings import Settings

            data_dir = Settings.from_env().data_dir
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_FILENAME
        self.max_pages = max_pages
        self.busy_timeout = busy_timeout
        self._ready = False
        self._ready_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FeedbackStore({str(self.data_dir)!r})"

    # -- connections -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # A connection per call: nothing is shared between threads, and a failed call
        # cannot leave a connection in a half-open transaction for the next one.
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
            if self.max_pages is not None:
                conn.execute(f"PRAGMA max_page_count = {int(self.max_pages)}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _prepare(self) -> None:
        """Create the folder, the database and its table once per store object."""
        with self._ready_lock:
            if self._ready:
                return
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if not self.data_dir.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(self.data_dir))
            with contextlib.closing(self._connect()) as conn:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode != "wal":
                    logger.warning("Feedback store %s runs in %s mode, not WAL.", self.path, mode)
                _create_or_migrate(conn)
            self._ready = True

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A fresh connection; storage failures become FeedbackNotSaved with a plain message."""
        try:
            self._prepare()
            with contextlib.closing(self._connect()) as conn:
                yield conn
        except (sqlite3.Error, OSError) as error:
            logger.error("Feedback store %s failed: %r", self.path, error)
            raise _not_saved(error) from error

    def check(self) -> None:
        """Raise FeedbackNotSaved now if the store cannot be written (e.g. at app start)."""
        with _write_lock(self.path), self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")

    # -- writing -----------------------------------------------------------------------

    def add(self, record: Mapping[str, Any], *, at: datetime | None = None) -> str:
        """Store one record durably and return its id; raise rather than lose it.

        Accepted keys: inputs (job as a mapping, pydantic model or JSON text),
        raw_responsibilities, responsibilities, job_description, rating ("helpful" or
        "not helpful", required), reason, backend, model, format, consent (the visitor agreed
        that their edited summary and duties may become a reviewed example; default no) and
        examples_used (ids of the reviewed examples the prompt used; default none).
        `id` and `time` are set here: `time` is now, or `at` (an aware datetime) when importing.
        """
        if not isinstance(record, Mapping):
            raise InvalidInput("Feedback must be a set of named fields.")
        unknown = sorted(set(record) - set(RECORD_COLUMNS[2:]))
        if unknown:
            raise InvalidInput(f"Unknown feedback field(s): {', '.join(map(str, unknown))}.")
        if at is not None and at.utcoffset() is None:
            raise InvalidInput("The feedback time must include its time zone.")
        when = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
        record_id = uuid.uuid4().hex
        values: dict[str, str | int] = {
            "id": record_id,
            "time": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "inputs": _inputs_json(record.get("inputs")),
            "rating": _checked_rating(record.get("rating")),
            "consent": _checked_consent(record.get("consent")),
            "examples_used": _checked_examples_used(record.get("examples_used")),
        }
        for field in _TEXT_LIMITS:
            values[field] = _checked_text(record, field)

        columns = ", ".join(RECORD_COLUMNS)
        placeholders = ", ".join(f":{field}" for field in RECORD_COLUMNS)
        # Writers in this process take turns here: SQLite's busy handler polls, so under a burst on a busy
        # machine one thread could lose every race for 10 s and refuse a visitor's feedback as "busy".
        with _write_lock(self.path), self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(f"INSERT INTO feedback ({columns}) VALUES ({placeholders})", values)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        return record_id

    # -- reading -----------------------------------------------------------------------

    def get(self, record_id: str) -> dict:
        """The record with this id; KeyError if there is none."""
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {', '.join(RECORD_COLUMNS)} FROM feedback WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None:
            raise KeyError(record_id)
        return _row_to_record(row)

    def all(self) -> list[dict]:
        """Every record, oldest first."""
        with self._connection() as conn:
            rows = conn.execute(f"SELECT {', '.join(RECORD_COLUMNS)} FROM feedback ORDER BY seq").fetchall()
        return [_row_to_record(row) for row in rows]

    def count(self) -> int:
        with self._connection() as conn:
            return conn.execute("SELECT count(*) FROM feedback").fetchone()[0]

    def export_jsonl(self, path: Path | str) -> int:
        """Write every record as one JSON line to `path`, atomically; return how many.

        The file is written next to its destination, fsynced, then renamed over it, so a
        reader (or the Hub uploader) sees either the previous export or the complete new one.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with atomic_file(path) as handle, self._connection() as conn:
            conn.execute("BEGIN")  # one snapshot for the whole export
            for row in conn.execute(f"SELECT {', '.join(RECORD_COLUMNS)} FROM feedback ORDER BY seq"):
                handle.write(json.dumps(_row_to_record(row), ensure_ascii=False) + "\n")
                written += 1
            conn.execute("COMMIT")
        return written
