"""Feedback through the running app: nothing acknowledged is lost, and a failed save is never called "saved".

The app runs as its own process (`python app.py`, as on a Space) where a test needs to crash it or
load it from many clients, and in-process (`tests/launch.py`) elsewhere. The backend is the fake
OpenAI-compatible server; feedback never calls it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from launch import call_over_http, fake_backend_settings, free_port, http_client, launched_app, new_client

from jd.feedback import DB_FILENAME, FIRST_COLUMNS, FeedbackStore

REPO_ROOT = Path(__file__).resolve().parents[1]

JOB = {"title": "Night Shift Nurse", "company": "Riverside Clinic", "skills": "Triage, IV therapy"}
DUTIES = "- Triage incoming patients.\n- Give medication safely."
DESCRIPTION = "## Night Shift Nurse\n\nRiverside Clinic is hiring."

# Gradio's queue warns about pandas deprecations on every call: not ours to fix here.
pytestmark = pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated")


# ---------------------------------------------------------------------------------------------
# Helpers


def send_feedback(client: Client, reason: str, *, job: dict | None = None, timeout: float = 30) -> str:
    """One /feedback call; returns the id the app acknowledged."""
    job = client.submit(job or JOB, DUTIES, DESCRIPTION, "helpful", reason, api_name="/feedback")
    return job.result(timeout=timeout)


def raw_rows(db_path: Path) -> list[dict]:
    """The stored rows read with plain sqlite3 (not through our store), to check what is really on disk."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(row) for row in conn.execute("SELECT * FROM feedback ORDER BY seq")]
    return rows


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def assert_complete(row: dict) -> None:
    """Every field present and of its type; the JSON field parses to an object."""
    assert set(FIRST_COLUMNS) <= set(row)
    assert len(row["id"]) == 32
    assert isinstance(json.loads(row["inputs"]), dict)
    assert row["rating"] in ("helpful", "not helpful")
    for field in FIRST_COLUMNS[3:]:
        assert isinstance(row[field], str), field
    assert row["responsibilities"] == DUTIES and row["job_description"] == DESCRIPTION


def wait_until_serving(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "gradio_api/info", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the app did not start within {timeout} s:\n{log.read_text()[-3000:]}")


@contextmanager
def app_process(data_dir: Path, fake, log: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """`python app.py` as deployed, configured only through the environment; yields (process, url)."""
    port = free_port()
    env = {
        **os.environ,
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_OFFLINE": "1",
        "JD_DATA_DIR": str(data_dir),
        "JD_BACKEND": "openai",
        "JD_BASE_URL": fake.base_url,
        "JD_API_KEY": "test-key",
        "JD_MODEL": "fake-model",
        "JD_FALLBACK": "0",
        "JD_PRELOAD": "0",
    }
    with open(log, "a") as output:
        process = subprocess.Popen(
            [sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, process, log)
        yield process, url
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


# ---------------------------------------------------------------------------------------------
# Many visitors at once


def test_32_visitors_by_50_flags_through_the_api_are_all_stored(fake_openai, tmp_path):
    threads, per_thread = 32, 50
    data_dir = tmp_path / "data"
    with app_process(data_dir, fake_openai, tmp_path / "app.log") as (_, url):
        start = threading.Barrier(threads)

        def visitor(number: int) -> list[tuple[str, str]]:
            # Plain HTTP calls (launch.call_over_http): gradio_client 2.7.2 cancelled a call by itself here
            # under load, when the server closed the session's event stream as the next call was submitted.
            with http_client() as http:
                start.wait()
                return [
                    (
                        call_over_http(
                            url,
                            "/feedback",
                            {**JOB, "experience": f"{number}/{i}"},
                            DUTIES,
                            DESCRIPTION,
                            "helpful",
                            f"{number}:{i}",
                            False,  # consent: plain HTTP sends every parameter, defaults included
                            http=http,
                        ),
                        f"{number}:{i}",
                    )
                    for i in range(per_thread)
                ]

        with ThreadPoolExecutor(threads) as pool:
            acknowledged = [pair for pairs in pool.map(visitor, range(threads)) for pair in pairs]

    ids = [record_id for record_id, _ in acknowledged]
    assert len(ids) == threads * per_thread == 1600
    assert len(set(ids)) == 1600  # distinct ids
    assert integrity(data_dir / DB_FILENAME) == "ok"
    rows = raw_rows(data_dir / DB_FILENAME)
    assert len(rows) == 1600  # all stored, nothing extra
    stored = {row["id"]: row for row in rows}
    for record_id, reason in acknowledged:
        row = stored[record_id]
        assert_complete(row)
        assert row["reason"] == reason  # each id holds the record that was sent with it
        assert json.loads(row["inputs"])["experience"] == reason.replace(":", "/")


# ---------------------------------------------------------------------------------------------
# A crash


def test_app_killed_mid_run_keeps_every_acknowledged_record(fake_openai, tmp_path):
    data_dir, log = tmp_path / "data", tmp_path / "app.log"
    writers, kill_after = 8, 200
    acknowledged: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()

    with app_process(data_dir, fake_openai, log) as (process, url):

        def writer(number: int) -> None:
            client = new_client(url)
            i = 0
            try:
                while True:
                    try:
                        record_id = send_feedback(client, f"{number}:{i}", timeout=15)
                    except Exception as error:  # the server died under us: this call was not acknowledged
                        with lock:
                            failures.append(repr(error))
                        return
                    with lock:
                        acknowledged.append(record_id)
                        if len(acknowledged) >= kill_after:
                            enough.set()
                    i += 1
            finally:
                client.close()

        workers = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(writers)]
        for worker in workers:
            worker.start()
        assert enough.wait(timeout=120), f"only {len(acknowledged)} acknowledged:\n{log.read_text()[-2000:]}"
        process.send_signal(signal.SIGKILL)  # writers are mid-call: some records are in flight
        process.wait(timeout=15)
        for worker in workers:
            worker.join(timeout=60)
        assert not any(worker.is_alive() for worker in workers), "a client hung after the server was killed"

    assert process.returncode == -signal.SIGKILL
    assert len(failures) == writers  # every writer saw the crash
    db_path = data_dir / DB_FILENAME
    assert integrity(db_path) == "ok"
    rows = raw_rows(db_path)
    stored = {row["id"] for row in rows}
    assert [record_id for record_id in acknowledged if record_id not in stored] == []  # none lost
    assert len(stored) - len(acknowledged) <= writers  # at most the calls in flight were stored unacknowledged
    for row in rows:
        assert_complete(row)
    print(
        f"killed: {len(acknowledged)} acknowledged, {len(stored)} stored, "
        f"{len(stored) - len(acknowledged)} stored while in flight, 0 lost"
    )

    # The app starts again on the store the crash left behind and keeps adding to it.
    with app_process(data_dir, fake_openai, log) as (_, url):
        client = new_client(url)
        try:
            after = send_feedback(client, "after restart")
        finally:
            client.close()
    assert FeedbackStore(data_dir).get(after)["reason"] == "after restart"
    assert FeedbackStore(data_dir).count() == len(rows) + 1
    assert integrity(db_path) == "ok"


# ---------------------------------------------------------------------------------------------
# Storage that cannot be written


def assert_refused(client: Client, expected: str) -> str:
    with pytest.raises(AppError) as raised:
        send_feedback(client, "this must not be reported as saved")
    message = str(raised.value)
    assert "not saved" in message and expected in message, message
    assert "Traceback" not in message
    assert "Night Shift Nurse" in client.predict(JOB, api_name="/job_details")  # the rest of the app still works
    return message


def test_data_dir_under_a_regular_file_is_reported_through_the_api(fake_openai, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with launched_app(fake_backend_settings(fake_openai, blocker / "data")) as app:
        assert_refused(app.client, "feedback folder cannot be created")
    assert blocker.read_text() == "a file where the data folder should be"


@pytest.fixture
def read_only_folder(tmp_path, make_read_only) -> Path:
    """A data folder holding a store with one record, made genuinely unwritable."""
    folder = tmp_path / "data"
    FeedbackStore(folder).add({"rating": "helpful", "reason": "before"})
    make_read_only(folder)
    return folder


def test_read_only_data_dir_is_reported_through_the_api(fake_openai, read_only_folder):
    with launched_app(fake_backend_settings(fake_openai, read_only_folder)) as app:
        assert_refused(app.client, "read-only")
    # Read without writing anything (a WAL database normally needs its -shm file writable).
    with sqlite3.connect(f"file:{read_only_folder / DB_FILENAME}?immutable=1", uri=True) as conn:
        assert conn.execute("SELECT reason FROM feedback").fetchall() == [("before",)]


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A genuinely full disk: a 256 KB tmpfs (needs mount permission, e.g. root in a privileged container)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_full_disk_is_reported_through_the_api_and_earlier_records_survive(fake_openai, small_disk):
    saved: list[str] = []
    big = {**JOB, "about_company": "x" * 1900}
    with launched_app(fake_backend_settings(fake_openai, small_disk / "data")) as app:
        with pytest.raises(AppError) as raised:
            for i in range(200):
                job = app.client.submit(big, DUTIES, DESCRIPTION * 400, "helpful", str(i), api_name="/feedback")
                saved.append(job.result(timeout=30))
        message = str(raised.value)
        assert "not saved" in message and "disk is full" in message, message
        assert "Night Shift Nurse" in app.client.predict(JOB, api_name="/job_details")
    assert 1 <= len(saved) < 200
    print(f"full disk: {len(saved)} records saved before the disk was full")
    assert [r["id"] for r in FeedbackStore(small_disk / "data").all()] == saved
    assert integrity(small_disk / "data" / DB_FILENAME) == "ok"


# ---------------------------------------------------------------------------------------------
# The UI's "Send feedback" button in a real browser


@pytest.mark.browser
@pytest.mark.parametrize("storage", ["writable", "under a regular file"])
def test_send_feedback_button_says_saved_only_when_it_was(fake_openai, tmp_path, storage, browser):
    from browser import AppPage

    if storage == "writable":
        data_dir = tmp_path / "data"
    else:
        (tmp_path / "blocker").write_text("")
        data_dir = tmp_path / "blocker" / "data"

    with launched_app(fake_backend_settings(fake_openai, data_dir)) as app:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            ui = AppPage(context.new_page(), app.url).open()
            ui.fill("title", "Night Shift Nurse")
            ui.check("rating", "not helpful")
            ui.fill("reason", "Too generic")
            ui.click("flag")
            if storage == "writable":
                status = ui.wait_for_text("feedback_status", "Thank you")
                assert "saved" in status and "not saved" not in status
            else:
                status = ui.wait_for_text("feedback_status", "Feedback not saved:")
                assert "feedback folder cannot be created" in status
                assert "Thank you" not in status
            assert ui.external_requests == []
        finally:
            context.close()

    if storage == "writable":
        (record,) = FeedbackStore(data_dir).all()
        assert record["rating"] == "not helpful" and record["reason"] == "Too generic"
        assert record["inputs"]["title"] == "Night Shift Nurse"
        assert record["backend"] and record["model"] == "fake-model"
    else:
        assert not data_dir.exists()
