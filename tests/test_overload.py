"""Overload and abuse: a full queue, one visitor asking too often, oversized inputs and request bodies.

The app runs on loopback against the fake OpenAI-compatible backend. Every wait is bounded, so a
hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest
from browser import AppPage, chromium, chromium_available, typed
from fake_openai import FakeOpenAI
from gradio_client import Client
from gradio_client.exceptions import AppError
from gradio_client.utils import QueueError
from launch import close_clients, fake_backend_settings, launched_app, new_client
from waiting import wait_until

from jd.feedback import MAX_REASON_CHARS, MAX_TEXT_CHARS, FeedbackStore
from jd.http_limits import DEFAULT_MAX_BODY_BYTES, BodySizeLimit
from jd.service import MAX_RESPONSIBILITIES_CHARS, MAX_REVIEW_CHARS
from jd.settings import Settings
from jd.spec import MAX_JOB_CHARS

JOB = {"title": "Warehouse Associate", "skills": "Forklift, inventory counts", "location": "Denver, CO, USA"}
REPLY = (
    "- Receive, check and store incoming deliveries accurately.\n"
    "- Pick and pack customer orders to the daily plan.\n"
    "- Run cycle counts and report stock differences to the team lead.\n"
    "- Operate forklifts safely and follow the site safety rules.\n"
)
BUSY = "Queue is full! Please try again."  # gradio_client's QueueError for a full Gradio queue
BROWSER_BUSY = "This application is currently busy. Please try again."  # Gradio's toast in the page
TRY_AGAIN = re.compile(r"Try again in \d+ seconds")
WAIT = 30  # seconds: the longest any single call may take in these tests


# ---- a full queue ------------------------------------------------------------------------------


def waiting_in_queue(url: str) -> int:
    """How many events wait in Gradio's queue (running ones are not counted)."""
    return httpx.get(url + "gradio_api/queue/status", timeout=5).json()["queue_size"]


@pytest.fixture(scope="module")
def tiny_queue(tmp_path_factory):
    """One answer at a time and one place in the queue (launched once for the module's queue tests)."""
    with FakeOpenAI() as fake:
        data_dir = tmp_path_factory.mktemp("tiny-queue") / "data"
        with launched_app(fake_backend_settings(fake, data_dir, concurrency=1, queue_size=1), fake=fake) as launched:
            yield launched


@pytest.fixture
def tiny_queue_app(tiny_queue):
    # Every answer stops after its first piece until the test releases it: the queue stays full meanwhile.
    tiny_queue.fake.reset().configure(reply=REPLY).hold(after=1)
    yield tiny_queue
    tiny_queue.fake.release()


@pytest.fixture
def slow_fake(tiny_queue_app):
    return tiny_queue_app.fake


def test_requests_beyond_the_queue_are_refused_quickly_and_the_app_recovers(tiny_queue_app, slow_fake):
    visitors = 6
    clients = [new_client(tiny_queue_app.url) for _ in range(visitors)]

    released = threading.Event()

    def ask(client: Client) -> tuple[str, bool, str]:
        """(outcome, whether the running answer was still held when this one came back, result or message)."""
        try:
            result = client.submit(JOB, api_name="/responsibilities").result(timeout=WAIT)
            return "served", not released.is_set(), result
        except QueueError as error:
            return "busy", not released.is_set(), str(error)

    try:
        with ThreadPoolExecutor(visitors) as pool:
            futures = [pool.submit(ask, client) for client in clients]
            assert slow_fake.wait_held(1), "no request reached the backend"
            # Everybody has an answer, except the one held at the backend and the one waiting in the queue.
            settled = wait_until(
                lambda: sum(f.done() for f in futures) + 1 + waiting_in_queue(tiny_queue_app.url) == visitors
            )
            released.set()
            slow_fake.release()
            outcomes = [future.result() for future in futures]
    finally:
        close_clients(clients)
    assert settled, outcomes

    served = [o for o in outcomes if o[0] == "served"]
    busy = [o for o in outcomes if o[0] == "busy"]
    # One answer runs, one waits in the queue: everybody else is told the app is busy.
    assert 1 <= len(served) <= 2, outcomes
    assert len(busy) == visitors - len(served), outcomes
    assert {message for _, _, message in busy} == {BUSY}
    assert all(while_held for _, while_held, _ in busy), "a refused request must not wait for the running one"
    assert all(result.count("- ") == 4 for _, _, result in served)
    assert slow_fake.chat_requests == len(served), "refused requests never reach the backend"

    # After the burst the app serves normally, with nothing left over from the refused requests.
    assert tiny_queue_app.client.predict(JOB, api_name="/responsibilities").count("- ") == 4
    assert "Warehouse Associate" in tiny_queue_app.client.predict(JOB, api_name="/job_details")


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_a_full_queue_shows_the_busy_message_in_the_page(tiny_queue_app, slow_fake):
    with chromium() as browser:
        context = browser.new_context()
        ui = AppPage(context.new_page(), tiny_queue_app.url).open()
        ui.fill("title", "Warehouse Supervisor")
        ui.wait_for_text("details", "Warehouse Supervisor")

        holders = [new_client(tiny_queue_app.url) for _ in range(2)]
        try:
            # One after the other: two joining at once could find the first still in the one queue slot.
            jobs = [holders[0].submit(JOB, api_name="/responsibilities")]
            assert wait_until(lambda: slow_fake.chat_requests == 1), "the first request should be running"
            jobs.append(holders[1].submit(JOB, api_name="/responsibilities"))
            assert wait_until(lambda: waiting_in_queue(tiny_queue_app.url) == 1), "the second should wait behind it"
            # Typing, the details and the saved work answer outside the queue: a full queue refuses none of them.
            ui.fill("title", "Night Shift Supervisor")
            ui.wait_for_text("details", "Night Shift Supervisor")
            ui.wait_saved(typed(title="Night Shift Supervisor"))
            ui.click("write")
            toast = ui.page.get_by_text(BROWSER_BUSY)
            toast.first.wait_for(timeout=WAIT * 1000)
            assert toast.count() == 1, "only the click the queue refused says so"
            assert slow_fake.chat_requests == 1, "the refused click must not reach the backend"
            slow_fake.release()
            assert all(job.result(timeout=WAIT).count("- ") == 4 for job in jobs)
        finally:
            slow_fake.release()
            close_clients(holders)

        # The same page works once the queue has room again.
        ui.click("write")
        assert ui.wait_for_value("duties", "- ").count("- ") == 4
        context.close()
        assert ui.external_requests == []


# ---- per-visitor rate limit ----------------------------------------------------------------------


def test_rate_limit_is_on_by_default_on_a_space_and_off_locally():
    assert Settings.from_env({"SPACE_ID": "someone/jd-generator"}).rate_limit_per_minute == 10
    assert Settings.from_env({}).rate_limit_per_minute == 0
    assert Settings.from_env({"SPACE_ID": "someone/jd-generator", "JD_RATE_LIMIT": "0"}).rate_limit_per_minute == 0


@pytest.fixture
def simulated_space(space_sign_in):
    """What a Space looks like to the app (its sign-in), without reaching Hugging Face."""
    space_sign_in("mock")


def xff_client(url: str, address: str) -> Client:
    return new_client(url, headers={"X-Forwarded-For": address})


@pytest.mark.parametrize("on_space", [True, False], ids=["space", "local"])
def test_rate_limit_per_visitor_over_the_api(on_space, make_fake_openai, tmp_path, monkeypatch, request):
    limit = 3
    if on_space:
        request.getfixturevalue("simulated_space")
    else:
        # uvicorn itself trusts X-Forwarded-For from loopback peers (FORWARDED_ALLOW_IPS defaults to
        # 127.0.0.1): stop that, so these loopback clients look like direct visitors from the internet.
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", "192.0.2.1")
    fake = make_fake_openai(reply=REPLY)
    settings = fake_backend_settings(fake, tmp_path / "data", rate_limit_per_minute=limit, on_space=on_space)
    with launched_app(settings, fake=fake) as app:
        first, same, other = (xff_client(app.url, ip) for ip in ("203.0.113.7", "203.0.113.7", "198.51.100.9"))
        try:
            for _ in range(limit):
                assert first.predict(JOB, api_name="/responsibilities").count("- ") == 4
            started = time.monotonic()
            with pytest.raises(AppError) as refused:
                same.predict(JOB, api_name="/responsibilities")
            # Refused, not made to wait for a free slot (that would take most of the minute's window).
            assert time.monotonic() - started < 30
            message = str(refused.value)
            assert TRY_AGAIN.search(message), message
            assert "Traceback" not in message
            assert fake.chat_requests == limit, "a refused call must not reach the backend"
            # Features that do not use the model keep working for the limited visitor.
            assert "Warehouse Associate" in same.predict(JOB, api_name="/job_details")

            if on_space:  # behind the Space's proxy, another address is another visitor
                assert other.predict(JOB, api_name="/responsibilities").count("- ") == 4
                assert fake.chat_requests == limit + 1
            else:  # a direct client cannot escape the limit by sending a header
                with pytest.raises(AppError, match=TRY_AGAIN):
                    other.predict(JOB, api_name="/responsibilities")
                assert fake.chat_requests == limit
        finally:
            close_clients((first, same, other))


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_rate_limit_in_the_page(make_fake_openai, tmp_path):
    fake = make_fake_openai(reply=REPLY)
    with (
        launched_app(fake_backend_settings(fake, tmp_path / "data", rate_limit_per_minute=2), fake=fake) as app,
        chromium() as browser,
    ):
        context = browser.new_context()
        ui = AppPage(context.new_page(), app.url).open()
        ui.fill("title", "Warehouse Supervisor")
        ui.wait_for_text("details", "Warehouse Supervisor")
        for attempt, plan in enumerate(("first", "second"), start=1):
            # Each answer names its own plan, so the wait below sees this click's list, not the previous one.
            fake.configure(reply=REPLY.replace("the daily plan", f"the {plan} plan"))
            ui.click("write")
            assert wait_until(lambda attempt=attempt: fake.chat_requests == attempt)
            ui.wait_for_value("duties", f"the {plan} plan")
            assert "Done." in ui.wait_for_status("Done.")
        ui.click("regenerate")  # Regenerate asks the model too, and shares the limit
        status = ui.wait_for_text("status", "Try again in")
        assert TRY_AGAIN.search(status), status
        assert ui.value("duties").count("- ") == 4, "the last good list is kept"
        assert fake.chat_requests == 2  # the refusal shown was decided before any request
        ui.click("generate")  # the rest of the page still works
        assert "Warehouse Supervisor" in ui.wait_for_text("preview", "Warehouse Supervisor")
        context.close()


# ---- oversized inputs ------------------------------------------------------------------------------

BIG_JOB = {
    "title": "Warehouse Associate",
    "skills": ", ".join(["Forklift"] * 10),
    "about_company": "x" * 2000,
    "benefits": "y" * 2000,
    "extra": "z" * MAX_JOB_CHARS,
}

OVERSIZED = [  # (endpoint, arguments, what the message must say)
    ("/job_details", (BIG_JOB,), f"limit is {MAX_JOB_CHARS:,}"),
    ("/responsibilities", (BIG_JOB,), f"limit is {MAX_JOB_CHARS:,}"),
    ("/job_description", (BIG_JOB, "- Pack orders", "markdown"), f"limit is {MAX_JOB_CHARS:,}"),
    (
        "/job_description",
        (JOB, "- " + "a" * MAX_RESPONSIBILITIES_CHARS, "markdown"),
        f"limit is {MAX_RESPONSIBILITIES_CHARS:,}",
    ),
    ("/review", (BIG_JOB, "Pack orders."), f"limit is {MAX_JOB_CHARS:,}"),
    ("/review", (JOB, "a" * (MAX_REVIEW_CHARS + 1)), f"limit is {MAX_REVIEW_CHARS:,}"),
    (
        "/feedback",
        (JOB, "- Pack orders", "text", "helpful", "r" * (MAX_REASON_CHARS + 1)),
        f"limit is {MAX_REASON_CHARS:,}",
    ),
    ("/feedback", (JOB, "- " + "a" * MAX_TEXT_CHARS, "text", "helpful", ""), f"limit is {MAX_TEXT_CHARS:,}"),
    ("/feedback", (JOB, "- Pack orders", "j" * (MAX_TEXT_CHARS + 1), "helpful", ""), f"limit is {MAX_TEXT_CHARS:,}"),
    ("/feedback", ({**JOB, "about_company": "q" * MAX_TEXT_CHARS}, "- Pack", "text", "helpful", ""), "limit is"),
]


def test_every_endpoint_refuses_oversized_inputs_clearly(app):
    stored = FeedbackStore(app.settings.data_dir).count()  # the module's app is shared: count what this test adds
    for endpoint, arguments, expected in OVERSIZED:
        with pytest.raises(AppError) as refused:
            app.client.predict(*arguments, api_name=endpoint)
        message = str(refused.value)
        assert expected in message and "too" in message, (endpoint, message[:300])
        assert len(message) < 600, "the message must not echo the oversized input"
    assert app.fake.chat_requests == 0, "an oversized job never reaches the model"
    assert FeedbackStore(app.settings.data_dir).count() == stored, "an oversized call stores no feedback"
    assert "Warehouse Associate" in app.client.predict(JOB, api_name="/job_details")


def test_the_largest_legitimate_request_fits_the_body_limit(app):
    """Feedback at every field's limit is well under JD_MAX_BODY_BYTES, so the limit costs users nothing."""
    full = "- " + "a" * (MAX_TEXT_CHARS - 2)
    record_id = app.client.predict(JOB, full, full, "not helpful", "r" * MAX_REASON_CHARS, api_name="/feedback")
    stored = FeedbackStore(app.settings.data_dir).get(record_id)
    assert stored["job_description"] == full and len(stored["reason"]) == MAX_REASON_CHARS


# ---- oversized HTTP bodies -------------------------------------------------------------------------

TWENTY_MB = 20 * 1024 * 1024
TOO_LARGE = f"accepts at most {DEFAULT_MAX_BODY_BYTES:,} bytes"


def raw_request(url: str, head: str, body_chunks=(), read_timeout: float = 10.0) -> tuple[bytes, int]:
    """Send a request by hand (headers, then as much body as the server takes); returns (response, bytes sent)."""
    parts = urlsplit(url)
    sent = 0
    with socket.create_connection((parts.hostname, parts.port), timeout=read_timeout) as sock:
        sock.sendall(head.encode())
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the server stopped reading and closed: that is the point
        response = b""
        try:
            while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
                data = sock.recv(65536)
                if not data:
                    break
                response += data
        except OSError:
            pass
    return response, sent


@pytest.mark.parametrize(
    "path",
    ["/gradio_api/queue/join", "/gradio_api/call/job_details", "/gradio_api/call/feedback", "/gradio_api/upload"],
)
def test_a_huge_declared_body_is_refused_before_it_is_read(app, path):
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {TWENTY_MB}\r\n\r\n"
    )
    # Not one byte of the body is sent: a server that waited for it would answer nothing at all.
    response, _ = raw_request(app.url.rstrip("/"), head, read_timeout=60)
    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert TOO_LARGE.encode() in response


def test_a_huge_chunked_body_is_cut_off_and_the_app_keeps_serving(app):
    head = (
        "POST /gradio_api/call/job_details HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"x" * 65536
    chunks = [b"%x\r\n%s\r\n" % (len(piece), piece)] * (TWENTY_MB // len(piece)) + [b"0\r\n\r\n"]
    response, _ = raw_request(app.url.rstrip("/"), head, chunks, read_timeout=60)
    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert TOO_LARGE.encode() in response
    assert "Warehouse Associate" in app.client.predict(JOB, api_name="/job_details")


def test_gradio_client_sees_413_for_a_body_over_the_limit(app):
    with pytest.raises(httpx.HTTPStatusError) as refused:
        app.client.predict(JOB, "a" * (2 * DEFAULT_MAX_BODY_BYTES), api_name="/review")
    assert refused.value.response.status_code == 413
    assert TOO_LARGE in refused.value.response.json()["detail"]


def test_the_limit_is_configurable(make_fake_openai, tmp_path):
    fake = make_fake_openai(reply=REPLY)
    assert Settings.from_env({"JD_MAX_BODY_BYTES": "4096"}).max_body_bytes == 4096
    with launched_app(fake_backend_settings(fake, tmp_path / "data", max_body_bytes=4096), fake=fake) as small:
        assert "Warehouse Associate" in small.client.predict(JOB, api_name="/job_details")
        with pytest.raises(httpx.HTTPStatusError) as refused:
            small.client.predict(JOB, "a" * 5000, api_name="/review")
        assert "at most 4,096 bytes" in refused.value.response.json()["detail"]


def test_the_middleware_stops_reading_a_streamed_body_at_the_bound():
    """Driven as an ASGI app: it pulls no more than the bound (plus one chunk) from a 20 MB stream."""
    pulled = 0
    piece = b"x" * 65536

    async def receive():
        nonlocal pulled
        pulled += len(piece)
        return {"type": "http.request", "body": piece, "more_body": pulled < TWENTY_MB}

    async def app(scope, receive, send):  # an endpoint that reads the whole body, as Gradio's do
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/gradio_api/queue/join", "headers": []}
    asyncio.run(BodySizeLimit(app, max_bytes=DEFAULT_MAX_BODY_BYTES)(scope, receive, send))
    assert pulled <= DEFAULT_MAX_BODY_BYTES + len(piece)
    assert sent[0]["status"] == 413
    assert TOO_LARGE.encode() in sent[1]["body"]
