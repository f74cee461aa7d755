"""The feedback store keeps every acknowledged record, whole, and says clearly when it cannot."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import BaseModel

from jd import service
from jd.errors import FeedbackNotSaved, InvalidInput
from jd.feedback import (
    DB_FILENAME,
    FIRST_COLUMNS,
    MAX_REASON_CHARS,
    MAX_TEXT_CHARS,
    RECORD_COLUMNS,
    FeedbackStore,
)
from jd.feedback_hub import EXPORT_FILENAME, start_hub_sync

REPO_ROOT = Path(__file__).resolve().parents[1]


def full_record(**changes) -> dict:
    record = {
        "inputs": {"title": "Staff Nurse", "company": "Riverside Clinic", "skills": ["triage", "IV therapy"]},
        "raw_responsibilities": "- Triage patients\n- Give medication",
        "responsibilities": "- Triage incoming patients\n- Administer medication safely",
        "job_description": "# Staff Nurse\n\nRiverside Clinic is hiring...",
        "rating": "helpful",
        "reason": "Clear and specific.",
        "backend": "hf",
        "model": "meta-llama/Llama-3.1-8B-Instruct",
        "format": "markdown",
    }
    record.update(changes)
    return record


def assert_whole(record: dict) -> None:
    """A record as a reader must see it: every field present, typed, inputs a JSON object."""
    assert tuple(record) == RECORD_COLUMNS == (*FIRST_COLUMNS, "consent", "examples_used")
    assert len(record["id"]) == 32 and int(record["id"], 16) >= 0
    assert datetime.fromisoformat(record["time"].replace("Z", "+00:00")).tzinfo is not None
    assert isinstance(record["inputs"], dict)
    assert record["rating"] in ("helpful", "not helpful")
    for field in FIRST_COLUMNS[3:]:
        assert isinstance(record[field], str)
    assert isinstance(record["consent"], bool)
    assert isinstance(record["examples_used"], list) and all(isinstance(i, str) for i in record["examples_used"])


def integrity(db_path: Path) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "data")


# -- basic behaviour ---------------------------------------------------------------------


def test_round_trip_keeps_every_field(store):
    before = datetime.now(timezone.utc)
    record_id = store.add(full_record())
    saved = store.get(record_id)

    assert_whole(saved)
    assert saved["id"] == record_id
    assert {k: v for k, v in saved.items() if k not in ("id", "time")} == {
        **full_record(),
        "consent": False,
        "examples_used": [],
    }
    saved_time = datetime.fromisoformat(saved["time"].replace("Z", "+00:00"))
    assert saved_time.utcoffset().total_seconds() == 0
    assert before.replace(microsecond=0) <= saved_time <= datetime.now(timezone.utc)
    assert store.all() == [saved]
    assert store.count() == 1
    assert (store.data_dir / DB_FILENAME).is_file()
    assert integrity(store.path) == "ok"


def test_records_come_back_oldest_first_and_unknown_ids_raise(store):
    ids = [store.add(full_record(reason=f"r{i}")) for i in range(5)]
    assert [r["id"] for r in store.all()] == ids
    assert [r["reason"] for r in store.all()] == [f"r{i}" for i in range(5)]
    with pytest.raises(KeyError):
        store.get("0" * 32)


def test_optional_fields_default_to_empty(store):
    saved = store.get(store.add({"rating": "not helpful"}))
    assert saved["inputs"] == {}
    assert saved["reason"] == saved["job_description"] == saved["model"] == ""
    assert saved["consent"] is False and saved["examples_used"] == []


@pytest.mark.parametrize(
    "given, stored",
    [(True, True), (False, False), (None, False), (1, True), (0, False), ("yes", True), (" On ", True), ("", False)],
)
def test_consent_is_stored_as_yes_or_no(store, given, stored):
    assert store.get(store.add(full_record(consent=given)))["consent"] is stored


@pytest.mark.parametrize(
    "given, stored",
    [
        (None, []),
        ([], []),
        (["a1b2c3", "d4e5f6"], ["a1b2c3", "d4e5f6"]),
        (("x_1",), ["x_1"]),
        ("a1b2c3, d4e5f6", ["a1b2c3", "d4e5f6"]),
        ("", []),
    ],
)
def test_examples_used_is_stored_as_a_list_of_ids(store, given, stored):
    assert store.get(store.add(full_record(examples_used=given)))["examples_used"] == stored


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"consent": "maybe"}, "consent must be yes or no"),
        ({"consent": 2}, "consent must be yes or no"),
        ({"consent": [True]}, "consent must be yes or no"),
        ({"examples_used": 7}, "list of example ids"),
        ({"examples_used": ["ok", 3]}, "at most 10 example ids"),
        ({"examples_used": ["has space"]}, "at most 10 example ids"),
        ({"examples_used": ["'; DROP TABLE feedback; --"]}, "at most 10 example ids"),
        ({"examples_used": [f"id{i}" for i in range(11)]}, "at most 10 example ids"),
    ],
)
def test_bad_consent_or_examples_used_is_refused(store, changes, message):
    with pytest.raises(InvalidInput, match=message):
        store.add(full_record(**changes))
    assert store.count() == 0


def test_a_record_can_be_stored_with_its_own_time(store):
    moment = datetime(2025, 3, 9, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
    saved = store.get(store.add(full_record(), at=moment))
    assert saved["time"] == "2025-03-10T01:30:00.000Z"
    with pytest.raises(InvalidInput, match="time zone"):
        store.add(full_record(), at=datetime(2025, 3, 9, 12, 0))


# -- schema versions ---------------------------------------------------------------------

# The table as version 1 of the store created it (before consent and examples_used).
VERSION_1_SCHEMA = """
CREATE TABLE feedback (
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
    format TEXT NOT NULL
)
"""


def make_version_1_store(folder: Path, rows: int) -> list[str]:
    folder.mkdir(parents=True)
    ids = [f"{i:032x}" for i in range(1, rows + 1)]
    with contextlib.closing(sqlite3.connect(folder / DB_FILENAME)) as conn, conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(VERSION_1_SCHEMA)
        conn.execute("PRAGMA user_version = 1")
        for i, record_id in enumerate(ids):
            conn.execute(
                "INSERT INTO feedback VALUES (NULL, ?, '2024-05-01T10:00:00.000Z', ?, '', '- Duty', '# JD', "
                "'helpful', ?, 'local', 'SmolLM2', 'markdown')",
                (record_id, json.dumps({"title": f"Role {i}"}), f"old {i}"),
            )
    return ids


def test_a_version_1_store_is_migrated_and_keeps_every_record(tmp_path):
    ids = make_version_1_store(tmp_path / "data", rows=3)
    store = FeedbackStore(tmp_path / "data")

    old = store.all()
    assert [r["id"] for r in old] == ids
    for i, record in enumerate(old):
        assert_whole(record)
        assert (record["reason"], record["inputs"]) == (f"old {i}", {"title": f"Role {i}"})
        assert record["consent"] is False and record["examples_used"] == []
    new_id = store.add(full_record(consent=True, examples_used=["abc123"]))
    assert store.get(new_id)["consent"] is True
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        columns = [row[1] for row in conn.execute("PRAGMA table_info(feedback)")]
    assert columns == ["seq", *RECORD_COLUMNS]
    assert integrity(store.path) == "ok"


def test_many_processes_opening_a_version_1_store_at_once_migrate_it_once(tmp_path):
    make_version_1_store(tmp_path / "data", rows=1)
    script = "import sys; from jd.feedback import FeedbackStore; FeedbackStore(sys.argv[1]).add({'rating': 'helpful'})"
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "data")], cwd=REPO_ROOT, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [w.communicate(timeout=120)[1].decode() for w in writers]
    assert [w.returncode for w in writers] == [0, 0, 0, 0], errors
    assert FeedbackStore(tmp_path / "data").count() == 5
    assert integrity(tmp_path / "data" / DB_FILENAME) == "ok"


def test_inputs_accept_json_text_and_pydantic_models(store):
    class Job(BaseModel):
        title: str
        salary_min: int | None = None

    from_text = store.get(store.add(full_record(inputs='{"title": "Welder", "years": 3}')))
    from_model = store.get(store.add(full_record(inputs=Job(title="Baker", salary_min=30000))))
    assert from_text["inputs"] == {"title": "Welder", "years": 3}
    assert from_model["inputs"] == {"title": "Baker", "salary_min": 30000}


def test_rating_is_normalised_but_nothing_else_is_accepted(store):
    assert store.get(store.add(full_record(rating=" Not Helpful ")))["rating"] == "not helpful"


@pytest.mark.parametrize("rating", [None, "", "good", "unhelpful", "helpful!", 1, True, ["helpful"]])
def test_invalid_rating_is_refused(store, rating):
    with pytest.raises(InvalidInput, match='"helpful" or "not helpful"'):
        store.add(full_record(rating=rating))
    assert store.count() == 0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"job_description": "x" * (MAX_TEXT_CHARS + 1)}, "job description is too long"),
        ({"raw_responsibilities": "x" * (MAX_TEXT_CHARS + 1)}, "model's responsibilities is too long"),
        ({"reason": "x" * (MAX_REASON_CHARS + 1)}, "reason is too long"),
        ({"model": "m" * 501}, "model is too long"),
        ({"inputs": {"notes": "x" * MAX_TEXT_CHARS}}, "job details are too long"),
        ({"inputs": "not json"}, "job details must be a JSON object"),
        ({"inputs": ["a", "list"]}, "job details must be a JSON object"),
        ({"inputs": {"when": object()}}, "job details must contain only"),
        ({"inputs": {"x": float("nan")}}, "job details must contain only"),
        ({"responsibilities": 42}, "edited responsibilities must be text"),
        ({"reason": "broken \ud800 surrogate"}, "not valid text"),
        ({"id": "mine"}, "Unknown feedback field"),
        ({"stars": 5}, "Unknown feedback field"),
    ],
)
def test_bad_fields_are_refused_with_a_clear_message(store, changes, message):
    with pytest.raises(InvalidInput, match=message):
        store.add(full_record(**changes))
    assert store.count() == 0


def test_limits_are_inclusive(store):
    record_id = store.add(full_record(job_description="x" * MAX_TEXT_CHARS, reason="r" * MAX_REASON_CHARS))
    assert len(store.get(record_id)["job_description"]) == MAX_TEXT_CHARS


def test_default_folder_comes_from_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("JD_DATA_DIR", str(tmp_path / "from-env"))
    store = FeedbackStore()
    store.add(full_record())
    assert (tmp_path / "from-env" / DB_FILENAME).is_file()


def test_store_is_in_wal_mode_with_full_sync(store):
    store.add(full_record())
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store._connection() as conn:  # the settings every store connection runs with
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_importing_the_store_does_not_import_gradio():
    code = "import sys, jd.feedback; print('gradio' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# -- concurrency and crashes --------------------------------------------------------------


def run_writers(threads: int, write) -> list[BaseException]:
    """Start `threads` threads at once, each calling write(worker number); the errors they raised."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            start.wait()
            write(worker)
        except BaseException as error:  # surfaced by the caller
            errors.append(error)

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


def test_32_threads_by_50_adds_keep_every_record(store):
    # The store's default busy timeout (10 s): writers of one process take turns before SQLite's lock, so
    # however loaded the machine, no visitor's feedback is refused because 31 others were writing.
    threads, per_thread = 32, 50
    ids: list[str] = []
    ids_lock = threading.Lock()

    def write(worker: int) -> None:
        for i in range(per_thread):
            record_id = store.add(full_record(reason=f"{worker}:{i}", inputs={"worker": worker, "i": i}))
            with ids_lock:
                ids.append(record_id)

    errors = run_writers(threads, write)
    assert errors == []
    records = store.all()
    assert len(records) == store.count() == threads * per_thread == 1600
    assert len({r["id"] for r in records}) == 1600
    assert sorted(r["id"] for r in records) == sorted(ids)
    for r in records:
        assert_whole(r)
        worker, i = map(int, r["reason"].split(":"))
        assert r["inputs"] == {"worker": worker, "i": i}
    assert {r["reason"] for r in records} == {f"{w}:{i}" for w in range(threads) for i in range(per_thread)}
    assert integrity(store.path) == "ok"


def test_writers_of_one_process_never_wait_on_sqlites_lock(tmp_path):
    # No busy timeout at all: a writer that met SQLite's lock held by another thread would fail at once.
    # Writers of one process take turns before it, so none does, whatever the machine's speed.
    store = FeedbackStore(tmp_path / "data", busy_timeout=0.0)
    threads, per_thread = 16, 20

    def write(worker: int) -> None:
        for i in range(per_thread):
            store.add(full_record(reason=f"{worker}:{i}"))

    assert run_writers(threads, write) == []
    assert store.count() == threads * per_thread


def test_a_reader_during_writes_sees_only_whole_records(store):
    writers, per_writer = 8, 40
    big = "duty " * 4000  # ~20 KB per record, so writes span several pages
    done = threading.Event()
    seen_counts: list[int] = []
    problems: list[str] = []

    def writer(worker: int) -> None:
        for i in range(per_writer):
            store.add(full_record(job_description=big, reason=f"{worker}:{i}", inputs={"worker": worker}))

    def reader() -> None:
        while not done.is_set():
            records = store.all()
            seen_counts.append(len(records))
            for r in records:
                try:
                    assert_whole(r)
                    assert r["job_description"] == big
                    assert r["inputs"] == {"worker": int(r["reason"].split(":")[0])}
                except AssertionError as error:
                    problems.append(f"{r.get('id')}: {error!r}")

    reading = threading.Thread(target=reader)
    reading.start()
    workers = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    done.set()
    reading.join()

    assert problems == []
    assert len(seen_counts) >= 2
    assert seen_counts == sorted(seen_counts)  # records never disappear
    assert store.count() == writers * per_writer


WRITER_SCRIPT = """
import sys
from jd.feedback import FeedbackStore
store = FeedbackStore(sys.argv[1])
big = "x" * 60000
i = 0
while True:
    record_id = store.add({"rating": "helpful", "job_description": big, "reason": str(i), "inputs": {"i": i}})
    print(record_id, flush=True)
    i += 1
"""


@pytest.mark.parametrize("kill_after", [5, 60, 150])
def test_sigkill_mid_run_loses_no_acknowledged_record(tmp_path, kill_after):
    data_dir = tmp_path / "data"
    acknowledged: list[str] = []
    for _ in range(2):  # the second writer starts on the store a killed writer left behind
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER_SCRIPT, str(data_dir)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(kill_after):
            line = writer.stdout.readline()
            assert line.endswith("\n"), writer.stderr.read()
            acknowledged.append(line.strip())
        writer.send_signal(signal.SIGKILL)  # the writer is busy adding the next records
        # Read on through stdout itself: readline() may have buffered more lines, which communicate() would skip.
        tail = writer.stdout.read()
        writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        # Ids printed in full before the kill were acknowledged too; a cut-off line was not.
        acknowledged += [line.strip() for line in tail.splitlines(keepends=True) if line.endswith("\n")]

        assert integrity(data_dir / DB_FILENAME) == "ok"
        stored = {r["id"]: r for r in FeedbackStore(data_dir).all()}
        assert [i for i in acknowledged if i not in stored] == []
        assert len(stored) - len(acknowledged) in (0, 1)  # at most the one committed but not yet printed
        for record in stored.values():
            assert_whole(record)
            assert len(record["job_description"]) == 60000
            assert record["inputs"] == {"i": int(record["reason"])}


# -- failures that must be reported, never hidden ----------------------------------------


def test_folder_under_a_regular_file_cannot_be_created(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    store = FeedbackStore(blocker / "data")
    with pytest.raises(FeedbackNotSaved, match="feedback folder cannot be created") as raised:
        store.add(full_record())
    assert "was not saved" in str(raised.value)
    with pytest.raises(FeedbackNotSaved):
        store.check()


def test_data_dir_that_is_a_file_is_reported(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("oops")
    with pytest.raises(FeedbackNotSaved, match="feedback folder cannot be created"):
        FeedbackStore(blocker).add(full_record())


def test_read_only_empty_folder_is_reported(tmp_path, make_read_only):
    folder = tmp_path / "data"
    folder.mkdir()
    make_read_only(folder)
    store = FeedbackStore(folder)
    with pytest.raises(FeedbackNotSaved, match="feedback folder is read-only"):
        store.add(full_record())
    with pytest.raises(FeedbackNotSaved, match="read-only"):
        store.check()


def test_store_that_became_read_only_refuses_new_records(tmp_path, make_read_only):
    folder = tmp_path / "data"
    FeedbackStore(folder).add(full_record())
    make_read_only(folder)
    store = FeedbackStore(folder)
    with pytest.raises(FeedbackNotSaved, match="was not saved"):
        store.add(full_record(reason="should not be reported as saved"))


def test_subfolder_of_a_read_only_folder_cannot_be_created(tmp_path, make_read_only):
    folder = tmp_path / "parent"
    folder.mkdir()
    make_read_only(folder)
    with pytest.raises(FeedbackNotSaved, match="read-only"):
        FeedbackStore(folder / "data").add(full_record())


def test_full_disk_is_reported_and_earlier_records_survive(tmp_path):
    store = FeedbackStore(tmp_path / "data", max_pages=40)  # 40 pages of 4 KB = 160 KB
    saved = []
    with pytest.raises(FeedbackNotSaved, match="disk is full"):
        for i in range(100):
            saved.append(store.add(full_record(job_description="x" * 30_000, reason=str(i))))
    assert 1 <= len(saved) < 100
    assert [r["id"] for r in store.all()] == saved
    assert integrity(store.path) == "ok"
    # Small records still fit, and the database grows again once the cap is lifted.
    roomy = FeedbackStore(tmp_path / "data")
    roomy.add(full_record(job_description="x" * 30_000))
    assert roomy.count() == len(saved) + 1


# -- export -----------------------------------------------------------------------------


def test_export_writes_every_record_as_json_lines_atomically(store, tmp_path):
    ids = [store.add(full_record(reason=f"r{i}")) for i in range(3)]
    target = tmp_path / "out" / "feedback.jsonl"
    target.parent.mkdir()
    target.write_text("old export\n")

    assert store.export_jsonl(target) == 3
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == store.all()
    assert [json.loads(line)["id"] for line in lines] == ids
    assert os.listdir(target.parent) == ["feedback.jsonl"]  # no temporary file left behind


def test_failed_export_keeps_the_previous_file(tmp_path):
    target = tmp_path / "feedback.jsonl"
    target.write_text("previous export\n")
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with pytest.raises(FeedbackNotSaved):
        FeedbackStore(blocker / "data").export_jsonl(target)
    assert target.read_text() == "previous export\n"
    assert sorted(os.listdir(tmp_path)) == ["blocker", "feedback.jsonl"]


# -- the flag button's path: jd.service.save_feedback ---------------------------------------------


def send(store: FeedbackStore, job: dict, rating: str = "helpful", **changes) -> str:
    values = {
        "responsibilities": "- Weld steel frames",
        "job_description": "# Welder",
        "reason": "Too short",
        "backend": "local",
        "model": "SmolLM2-135M",
        "raw_responsibilities": "- weld",
    } | changes
    return service.save_feedback(
        store,
        job,
        values.pop("responsibilities"),
        values.pop("job_description"),
        rating,
        values.pop("reason"),
        **values,
    )


def test_the_flag_button_stores_the_pages_values(tmp_path):
    store = FeedbackStore(tmp_path / "flags")
    first_id = send(store, {"title": "Welder", "skills": "", "salary_min": None}, "not helpful")
    send(store, {"title": "Welder"})
    records = store.all()
    assert [record["id"] for record in records][:1] == [first_id] and len(records) == 2
    first = records[0]
    assert_whole(first)
    assert first["inputs"] == {"title": "Welder"}  # the form's empty widgets are "not given"
    assert (first["raw_responsibilities"], first["responsibilities"]) == ("- weld", "- Weld steel frames")
    assert first["job_description"] == "# Welder" and first["rating"] == "not helpful"
    assert (first["backend"], first["model"], first["reason"]) == ("local", "SmolLM2-135M", "Too short")


def test_the_flag_button_refuses_a_bad_rating_and_stores_nothing(tmp_path):
    store = FeedbackStore(tmp_path / "data")
    for rating in ("meh", None):
        with pytest.raises(InvalidInput):
            send(store, {"title": "Baker"}, rating)
    assert store.count() == 0


def test_the_flag_button_reports_a_store_that_cannot_save(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(FeedbackNotSaved):
        send(FeedbackStore(tmp_path / "file" / "flags"), {"title": "Baker"})


# -- Hub sync ---------------------------------------------------------------------------


def _recording_hf_api():
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoUrl

    class RecordingHfApi(HfApi):
        """A real HfApi whose two network calls used by CommitScheduler are recorded instead."""

        def __init__(self):
            super().__init__(endpoint="http://127.0.0.1:9", token="hf_not_a_real_token")
            self.repos: list[dict] = []
            self.commits: list[dict] = []

        def create_repo(self, repo_id, **kwargs):
            self.repos.append({"repo_id": repo_id, **kwargs})
            return RepoUrl(f"https://huggingface.co/datasets/{repo_id}", endpoint="https://huggingface.co")

        def create_commit(self, repo_id, operations, **kwargs):
            files = {}
            for operation in operations:
                with operation.as_file() as handle:
                    files[operation.path_in_repo] = handle.read().decode("utf-8")
            self.commits.append({"repo_id": repo_id, "files": files, **kwargs})
            return f"commit-{len(self.commits)}"

    return RecordingHfApi()


def test_hub_sync_pushes_a_jsonl_export_only_when_there_is_something_new(store):
    api = _recording_hf_api()
    first_ids = [store.add(full_record(reason=f"r{i}")) for i in range(2)]

    scheduler = start_hub_sync(store, "someone/jd-feedback", token="hf_x", every_minutes=60, hf_api=api)
    assert scheduler is not None
    try:
        deadline = time.monotonic() + 30
        while not hasattr(scheduler, "last_future") and time.monotonic() < deadline:
            time.sleep(0.01)
        scheduler.last_future.result(timeout=30)  # the push made when the scheduler starts
        scheduler.trigger().result(timeout=30)  # nothing new: no second commit

        assert api.repos == [
            {"repo_id": "someone/jd-feedback", "private": True, "repo_type": "dataset", "exist_ok": True}
        ]
        assert len(api.commits) == 1
        commit = api.commits[0]
        assert commit["repo_id"] == "someone/jd-feedback" and commit["repo_type"] == "dataset"
        assert list(commit["files"]) == [EXPORT_FILENAME]
        assert [json.loads(line)["id"] for line in commit["files"][EXPORT_FILENAME].splitlines()] == first_ids

        third = store.add(full_record(rating="not helpful"))
        scheduler.trigger().result(timeout=30)
        assert len(api.commits) == 2
        pushed = [json.loads(line) for line in api.commits[1]["files"][EXPORT_FILENAME].splitlines()]
        assert [r["id"] for r in pushed] == [*first_ids, third]
        assert pushed == store.all()
        assert scheduler.folder_path == (store.data_dir / "hub_export").resolve()
    finally:
        scheduler.stop()


def test_hub_sync_on_an_empty_store_commits_nothing(store):
    api = _recording_hf_api()
    scheduler = start_hub_sync(store, "someone/jd-feedback", token=None, every_minutes=60, hf_api=api)
    try:
        scheduler.trigger().result(timeout=30)
        assert api.commits == []
    finally:
        scheduler.stop()


def test_hub_sync_unreachable_hub_returns_none_and_keeps_feedback_local(store, caplog):
    from huggingface_hub import HfApi

    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline_api = HfApi(endpoint=f"http://127.0.0.1:{port}", token="hf_not_a_real_token")

    with caplog.at_level(logging.WARNING, logger="jd.feedback"):
        scheduler = start_hub_sync(store, "someone/jd-feedback", token="hf_x", hf_api=offline_api)
    assert scheduler is None
    assert "still saved" in caplog.text and "someone/jd-feedback" in caplog.text
    store.add(full_record())
    assert store.count() == 1


def test_hub_sync_pushes_the_reviewed_examples_file_with_the_feedback(store):
    from jd.examples import EXAMPLES_FILENAME

    api = _recording_hf_api()
    store.add(full_record())
    examples_file = store.data_dir / EXAMPLES_FILENAME
    examples_file.write_text('{"format": 1, "approved": [], "rejected": [{"id": "abc123", "rejected_at": "x"}]}\n')

    scheduler = start_hub_sync(store, "someone/jd-feedback", token="hf_x", every_minutes=60, hf_api=api)
    try:
        scheduler.trigger().result(timeout=30)
        assert len(api.commits) == 1
        assert sorted(api.commits[0]["files"]) == sorted([EXPORT_FILENAME, EXAMPLES_FILENAME])
        assert api.commits[0]["files"][EXAMPLES_FILENAME] == examples_file.read_text()

        scheduler.trigger().result(timeout=30)  # nothing changed: nothing pushed
        assert len(api.commits) == 1

        examples_file.write_text('{"format": 1, "approved": [], "rejected": []}\n')
        scheduler.trigger().result(timeout=30)
        assert len(api.commits) == 2
        assert list(api.commits[1]["files"]) == [EXAMPLES_FILENAME]
        assert api.commits[1]["files"][EXAMPLES_FILENAME] == examples_file.read_text()
    finally:
        scheduler.stop()


NURSE_DUTIES = "\n".join(
    f"- {duty}"
    for duty in (
        "Assess patients on admission and record their observations in the care plan",
        "Give medication safely and check every prescription before each round",
        "Dress wounds and monitor healing, reporting any concerns to the nurse in charge",
        "Support patients and families with clear explanations of each treatment",
        "Hand over each patient's condition clearly at the end of every shift",
        "Keep the ward's equipment clean, stocked and ready for use",
    )
)


def test_the_flag_button_stores_consent_and_notes_the_reviewed_examples_used(tmp_path):
    from jd.example_review import approve

    store = FeedbackStore(tmp_path / "data")
    example_id = store.add(
        {
            "inputs": {"title": "Staff Nurse", "skills": "patient care, medication administration"},
            "responsibilities": NURSE_DUTIES,
            "rating": "helpful",
            "consent": True,
        }
    )
    assert [d.outcome for d in approve(store, [example_id])] == ["approved"]

    send(store, {"title": "Registered Nurse", "skills": "patient care, medication administration"}, consent=True)
    send(store, {"title": "Welder", "skills": "MIG welding"}, "not helpful", consent=False)

    nurse, welder = store.all()[1:]
    assert (nurse["consent"], nurse["examples_used"]) == (True, [example_id])
    assert (welder["consent"], welder["examples_used"]) == (False, [])
