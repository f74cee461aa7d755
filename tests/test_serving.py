"""Serving many visitors: the update rate, the line in front of a one-at-a-time model, and the async path.

The async streaming path (jd/streaming.py) is what the app runs on its event loop; these tests
drive it directly, as Gradio does, and through the launched app.
"""

from __future__ import annotations

import asyncio
import html
import math
import threading
import time

import httpx2
import pytest
from fake_openai import DEFAULT_REPLY
from launch import fake_backend_settings, launched_app, new_client
from waiting import wait_until

from jd import backends, service, streaming
from jd.backends import Backend, close_async_client
from jd.blocking import iterate_blocking
from jd.limits import MAX_UPDATE_INTERVAL, MIN_UPDATE_INTERVAL, UPDATES_PER_SECOND, Line, update_interval
from jd.settings import Settings
from jd.streaming import Waiting, astream_chat, astream_events
from jd.ui import waiting_message

MESSAGES = [{"role": "user", "content": "List duties."}]
# Long timeouts: the tests hold the fake's answers as long as they need, and no timeout may fire meanwhile.
FAST = Settings(first_token_timeout=60.0, stall_timeout=60.0, retries=0, fallback_to_local=False)


def remote(fake) -> Backend:
    return Backend(kind="openai", label="Test server", model="m", base_url=fake.base_url, api_key="k")


def local(fake) -> Backend:
    return Backend(kind="local", label="Embedded stand-in", model="smol", base_url=fake.base_url, api_key="k")


def run(scenario):
    """asyncio.run(scenario()), closing the loop's HTTP client at the end as the app does when it stops."""

    async def main():
        try:
            return await scenario()
        finally:
            await close_async_client()

    return asyncio.run(main())


# --- how often a stream updates ----------------------------------------------------------------


def test_one_stream_updates_often_and_many_share_a_bounded_rate():
    assert update_interval(0) == update_interval(1) == MIN_UPDATE_INTERVAL
    intervals = [update_interval(n) for n in range(1, 2000)]
    assert intervals == sorted(intervals)  # more streams never update more often
    for streams in (16, 64, 128, 200, 500):
        interval = update_interval(streams)
        # All streams together stay within the budget (the floor only matters for a few streams).
        assert streams / interval <= max(UPDATES_PER_SECOND, streams / MIN_UPDATE_INTERVAL) + 1e-9
        assert interval <= MAX_UPDATE_INTERVAL  # the text still looks live
    assert update_interval(64) == pytest.approx(64 / UPDATES_PER_SECOND)
    assert update_interval(100_000) == MAX_UPDATE_INTERVAL


def test_the_first_text_is_sent_at_once_and_the_last_is_never_held_back(fake_openai):
    # An endless interval: only the first text and the final one are sent, whatever the clock reads
    # (it once held the first back on machines up for less than the interval).
    # The backend sends its first piece, then waits for this test: the first text cannot be more than it.
    fake_openai.hold(after=1)
    settings = FAST.replace(base_url=fake_openai.base_url, topup_requests=0)
    texts = iter(service.Writing({"title": "Stock Clerk"}, settings, interval=math.inf))
    assert next(texts) == "-"  # sent while the rest of the answer is still to come
    fake_openai.release()
    assert list(texts) == [DEFAULT_REPLY]


# --- the line ----------------------------------------------------------------------------------


def test_a_line_serves_in_order_and_tells_each_waiter_its_place():
    async def scenario():
        line = Line()
        first, second, third = line.join(), line.join(), line.join()
        assert [first.place, second.place, third.place] == [1, 2, 3]
        assert first.served and not second.served
        second.leave()  # gave up waiting
        assert await asyncio.wait_for(third.moved(), 30) == 2
        first.leave()
        assert await asyncio.wait_for(third.moved(), 30) == 1 and third.served
        third.leave()
        assert len(line) == 0

    run(scenario)


def test_a_line_is_shared_by_event_loops_in_other_threads():
    line = Line()
    order: list[str] = []
    holding, second_waits, done = threading.Event(), threading.Event(), threading.Event()

    async def visitor(name: str, hold: threading.Event | None) -> None:
        ticket = line.join()
        try:
            while not ticket.served:
                second_waits.set()
                await asyncio.wait_for(ticket.moved(), 60)
            order.append(name)
            holding.set()
            if hold is not None:  # served until the other thread says so
                await asyncio.to_thread(hold.wait, 60)
        finally:
            ticket.leave()

    first = threading.Thread(target=asyncio.run, args=(visitor("first", done),))
    first.start()
    assert holding.wait(60)
    second = threading.Thread(target=asyncio.run, args=(visitor("second", None),))
    second.start()
    assert second_waits.wait(60)  # the second is in line behind the first, on its own event loop
    assert order == ["first"]
    done.set()
    first.join(60)
    second.join(60)
    assert order == ["first", "second"] and len(line) == 0


# --- the async path ------------------------------------------------------------------------------


def test_cancelling_the_async_stream_closes_the_backend_connection(fake_openai):
    """What Stop or a visitor who leaves does in the app: the task reading the stream is cancelled."""
    fake_openai.configure(reply="word " * 300, delay=0.02)

    async def scenario():
        pieces: list[str] = []

        async def read():
            async for piece in astream_chat([remote(fake_openai)], MESSAGES, FAST):
                pieces.append(piece)

        task = asyncio.create_task(read())
        while len(pieces) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return pieces

    assert len(run(scenario)) >= 3
    assert wait_until(lambda: fake_openai.disconnects > 0)
    assert fake_openai.disconnects == 1


def test_closing_the_async_stream_early_closes_the_backend_connection(fake_openai):
    fake_openai.configure(reply="word " * 300, delay=0.02)

    async def scenario():
        stream = astream_chat([remote(fake_openai)], MESSAGES, FAST)
        taken = [await stream.__anext__() for _ in range(3)]
        await stream.aclose()
        return taken

    assert run(scenario) == ["word", " word", " word"]
    assert wait_until(lambda: fake_openai.disconnects > 0)
    assert fake_openai.disconnects == 1


def test_a_second_request_to_a_local_model_learns_its_place_then_gets_its_answer(fake_openai):
    fake_openai.hold(after=1)  # the first answer stops after one piece until the second has joined the line

    async def scenario():
        async def events(into: list):
            async for event in astream_events([local(fake_openai)], MESSAGES, FAST):
                into.append(event)
            return into

        first_events: list = []
        second_events: list = []
        first = asyncio.create_task(events(first_events))
        assert await asyncio.to_thread(fake_openai.wait_held, 1)  # the first is being served
        second = asyncio.create_task(events(second_events))
        await until(lambda: second_events)
        assert second_events == [Waiting(2)] and fake_openai.chat_requests == 1  # it waits, the backend idle
        fake_openai.release()
        return await first, await second

    first, second = run(scenario)
    assert "".join(first) == DEFAULT_REPLY and not any(isinstance(e, Waiting) for e in first)
    assert second[0] == Waiting(2)
    assert "".join(e for e in second if isinstance(e, str)) == DEFAULT_REPLY


def test_requests_to_remote_backends_never_wait_in_a_line(fake_openai):
    fake_openai.hold(after=1)  # no answer can finish until all three requests are being answered at once

    async def scenario():
        streams = [astream_events([remote(fake_openai)], MESSAGES, FAST) for _ in range(3)]
        tasks = [asyncio.create_task(_collect(stream)) for stream in streams]
        all_at_once = await asyncio.to_thread(fake_openai.wait_held, 3)
        fake_openai.release()
        return all_at_once, await asyncio.gather(*tasks)

    all_at_once, results = run(scenario)
    assert all_at_once, f"only {fake_openai.held} of 3 requests were answered at once"
    for events in results:
        assert all(isinstance(e, str) for e in events) and "".join(events) == DEFAULT_REPLY


async def _collect(stream) -> list:
    return [event async for event in stream]


async def until(condition, ceiling: float = 60.0) -> None:
    """Wait (on the event loop) until `condition()` is true; fail after `ceiling` seconds."""
    deadline = time.monotonic() + ceiling
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await asyncio.sleep(0.01)


def test_the_app_parses_the_stream_itself_and_huggingface_hub_does_without_our_client(fake_openai, monkeypatch):
    """huggingface_hub's per-chunk parsing costs 20 times json.loads: our HTTP client hands us the response."""
    from huggingface_hub import set_async_client_factory
    from huggingface_hub.inference import _common

    def not_used(line):
        raise AssertionError("huggingface_hub parsed a chunk")

    with monkeypatch.context() as patched:
        patched.setattr(_common, "_format_chat_completion_stream_output", not_used)
        assert "".join(iterate_blocking(astream_chat([remote(fake_openai)], MESSAGES, FAST))) == DEFAULT_REPLY
    # Another client factory (as tests install): huggingface_hub parses, with the same result.
    backends.install_client_factory()
    set_async_client_factory(lambda: httpx2.AsyncClient(timeout=None))
    try:
        assert "".join(iterate_blocking(astream_chat([remote(fake_openai)], MESSAGES, FAST))) == DEFAULT_REPLY
    finally:
        set_async_client_factory(backends._async_client_factory)


# --- the app ---------------------------------------------------------------------------------------


def test_waiting_message_names_the_place():
    assert waiting_message(2) == "Waiting for the model: you are 2nd in line…"
    assert waiting_message(3) == "Waiting for the model: you are 3rd in line…"
    assert waiting_message(11) == "Waiting for the model: you are 11th in line…"
    assert waiting_message(22) == "Waiting for the model: you are 22nd in line…"


def test_the_second_of_two_visitors_at_once_is_told_it_waits_for_the_local_model(
    make_fake_openai, tmp_path, monkeypatch
):
    """The embedded model answers one request at a time: the second visitor learns its place in line."""
    fake = make_fake_openai()
    fake.hold(after=1)  # the first answer waits until the second visitor is in line
    stand_in = local(fake)
    monkeypatch.setattr(backends, "_local_backend", lambda settings: stand_in)
    settings = fake_backend_settings(fake, tmp_path / "data", backend="local", base_url="")
    with launched_app(settings) as app:
        first_client, second_client = new_client(app.url), new_client(app.url)
        try:
            first = first_client.submit({"title": "Stock Clerk"}, api_name="/responsibilities")
            assert fake.wait_held(1), "the first request never reached the model"
            second = second_client.submit({"title": "Stock Clerk"}, api_name="/responsibilities")
            assert wait_until(lambda: len(line_of(stand_in)) == 2), "the second visitor never joined the line"
            assert fake.chat_requests == 1
            fake.release()
            assert first.result(timeout=60).startswith("- ")
            assert second.result(timeout=60).startswith("- ")
            infos = _infos(second)
        finally:
            first_client.close()
            second_client.close()
    assert "Waiting for the model: you are 2nd in line…" in infos
    one, two = fake.chat_log
    assert one.ended is not None and two.at > one.ended  # the second request was sent after the first answer


def line_of(backend: Backend):
    """The line requests to this one-at-a-time backend wait in (jd.streaming keeps one per local server)."""
    return streaming._line_for(backend, FAST)


def _infos(job) -> list[str]:
    """The info messages (gr.Info) the app sent with this finished job, as plain text."""

    async def drain() -> list[str]:
        return [
            html.unescape(update.log[0])
            async for update in job
            if getattr(update, "log", None) and update.log[1] == "info"
        ]

    return asyncio.run(drain())


def test_the_page_tells_the_second_of_two_writers_its_place_in_line(make_fake_openai, tmp_path, monkeypatch):
    """The page's Write handler, driven as Gradio's event loop drives it: the second visitor's status says it waits."""
    from jd.ui import build_app

    fake = make_fake_openai()
    fake.hold(after=1)  # the first answer waits until the second writer is told its place
    stand_in = local(fake)
    monkeypatch.setattr(backends, "_local_backend", lambda settings: stand_in)
    settings = fake_backend_settings(fake, tmp_path / "data", backend="local", base_url="", model_summary="off")
    demo = build_app(settings)
    write = next(f for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "write_responsibilities")
    by_id = {getattr(c, "elem_id", None): c for c in write.inputs}
    values = dict.fromkeys(write.inputs) | {by_id["title"]: "Stock Clerk", by_id["tone"]: "professional"}
    status = next(c for c in write.outputs if getattr(c, "elem_id", None) == "status")

    async def visitor(statuses: list[str]) -> None:
        async for update in write.fn(values, None, None, None):
            if status in update:
                statuses.append(update[status])

    async def scenario():
        first: list[str] = []
        second: list[str] = []
        first_task = asyncio.create_task(visitor(first))
        assert await asyncio.to_thread(fake.wait_held, 1)
        second_task = asyncio.create_task(visitor(second))
        await until(lambda: any("in line" in text for text in second))
        fake.release()
        await first_task
        await second_task
        return first, second

    first, second = run(scenario)
    assert waiting_message(2) in second and not any("in line" in text for text in first)
    assert first[-1].endswith("then generate the job description.")
    assert second[-1].endswith("then generate the job description.")
