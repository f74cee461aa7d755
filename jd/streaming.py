"""The one path by which model text reaches the app: streamed chat completions.

`astream_chat` yields text pieces as they arrive and turns every way a backend
can fail into a `jd.errors.BackendError` whose message says what to do (jd/stream_errors.py);
`stream_chat` is the same for synchronous callers (benchmarks, tests), through the one
bridge from synchronous code (`jd.blocking.iterate_blocking`).

How the timeouts work: each wait for the next chunk has a deadline, so we can name
what went wrong: no text within `first_token_timeout` of sending the request is a
`BackendTimeout` (retried, then the fallback), no text within `stall_timeout` of
the previous piece is a `StreamStalled` (the text so far is kept). The HTTP
client's own timeout is only a backstop. The stream and its connection are
closed in a `finally`, so a caller that stops early (Stop, a visitor who leaves,
a cancelled task) closes the backend's connection at once.

A "local" backend serves one request at a time: requests wait in a `Line` and,
from `astream_events`, learn their place in it (`Waiting`) while they wait.

Retries and the fallback happen only before the first piece of text: once text
was yielded, an error propagates and the caller keeps the partial text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from contextlib import aclosing
from dataclasses import dataclass, replace
from typing import TypeVar

import httpx2

# Private on purpose: the error an {"error": ...} stream event stands for, exactly as huggingface_hub
# raises it when it parses the stream itself (see _chunks). Re-check on upgrade.
from huggingface_hub.inference._common import _parse_text_generation_error

from . import stream_errors
from .backends import (
    Backend,
    check_reachable_offline,
    make_async_client,
    received_responses,
)
from .blocking import iterate_blocking
from .embedded import get_embedded_server
from .errors import (
    BackendError,
    say,
)
from .limits import Line
from .prompts import STOP
from .settings import Settings

logger = logging.getLogger(__name__)

# After finish_reason only [DONE] (or a usage chunk) should follow; don't wait long for it.
_AFTER_FINISH_GRACE = 2.0

T = TypeVar("T")


@dataclass(frozen=True)
class Waiting:
    """Yielded by `astream_events` while the request waits for a one-at-a-time model: 2 is next in line."""

    place: int


_url_lines: dict[str, Line] = {}
_url_lines_guard = threading.Lock()


def _line_for(backend: Backend, settings: Settings) -> Line | None:
    """The line this backend's requests wait in; None for remote backends, which serve many at once."""
    if backend.kind != "local":
        return None
    if backend.base_url:
        # An already running local server (tests, or one started elsewhere): still one at a time.
        with _url_lines_guard:
            return _url_lines.setdefault(backend.base_url, Line())
    return get_embedded_server(settings).line


async def _ready(backend: Backend, settings: Settings) -> Backend:
    """The backend ready to call: the embedded server started (in a thread: it can take seconds)."""
    if backend.kind != "local" or backend.base_url:
        return backend
    server = get_embedded_server(settings)
    if not server.running:
        await asyncio.get_running_loop().run_in_executor(None, server.ensure_started)
    return replace(backend, base_url=server.base_url, api_key=server.api_key)


# --- one request -------------------------------------------------------------


class _DeadlinePassed(Exception):
    """Our own deadline for the next piece passed."""


class _Deadline:
    """The deadline for a stream's next piece: the wait for a piece is cancelled when it passes.

    One timer per deadline rather than one per chunk (a timer per chunk, as `asyncio.timeout`
    sets, was the biggest cost of the event loop with 64 streams): moving the deadline later
    only records it, and a timer that fires early sets itself again for the new time.
    """

    def __init__(self, seconds: float) -> None:
        self._loop = asyncio.get_running_loop()
        self.when = self._loop.time() + seconds
        self._timer: asyncio.TimerHandle | None = None
        self._waiter: asyncio.Task | None = None
        self._fired = False

    def move(self, seconds: float, *, earlier_only: bool = False) -> None:
        """The deadline is now `seconds` from now (called between waits); `earlier_only`: unless it is sooner."""
        when = self._loop.time() + seconds
        if earlier_only and when >= self.when:
            return
        self.when = when
        if self._timer is not None and self._timer.when() > when:
            self.cancel()  # set again for the earlier time at the next wait

    async def wait(self, awaitable: Awaitable[T]) -> T:
        """`await awaitable`, or raise _DeadlinePassed when the deadline passes first."""
        task = asyncio.current_task()
        if task is None or self._loop.time() >= self.when:
            _discard(awaitable)
            raise _DeadlinePassed
        cancelling = 0
        if sys.version_info >= (3, 11):
            cancelling = task.cancelling()
        self._waiter = task
        if self._timer is None:
            self._timer = self._loop.call_at(self.when, self._check)
        try:
            return await awaitable
        except asyncio.CancelledError:
            if not self._fired:
                raise
            # Our cancel, unless the task was also cancelled from outside (as asyncio.timeout decides).
            if sys.version_info >= (3, 11) and task.uncancel() > cancelling:
                raise
            raise _DeadlinePassed from None
        finally:
            self._waiter = None
            self._fired = False

    def _check(self) -> None:
        self._timer = None
        if self._waiter is None:
            return  # between waits: the next wait sets the timer again
        if self._loop.time() < self.when:  # moved later since the timer was set
            self._timer = self._loop.call_at(self.when, self._check)
            return
        self._fired = True
        self._waiter.cancel()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _discard(awaitable: Awaitable) -> None:
    close = getattr(awaitable, "close", None)  # a coroutine never awaited would warn
    if close is not None:
        close()


def _extract(chunk: Mapping) -> tuple[str, str | None]:
    """(text, finish_reason) from one chunk (a dict, or huggingface_hub's dict subclass); raises on a bad shape."""
    choices = chunk.get("choices")
    if not isinstance(choices, list):
        raise TypeError("chunk without a choices list")
    if not choices:  # e.g. a final usage-only chunk
        return "", None
    choice = choices[0]
    delta = choice.get("delta")
    text = delta.get("content") if delta is not None else None
    if text is not None and not isinstance(text, str):
        raise TypeError("delta.content is not text")
    return text or "", choice.get("finish_reason")


async def _chunks(stream, response: httpx2.Response | None) -> AsyncGenerator[Mapping, None]:
    """The stream's chunks: parsed here from the response's lines, or by huggingface_hub without the response.

    The same rules as huggingface_hub's parser: lines other than "data:" are skipped, "[DONE]"
    ends the stream, an {"error": ...} event raises its TextGenerationError.
    """
    if response is None:  # a client without our response hook (see backends.received_responses)
        async for chunk in stream:
            yield chunk
        return
    async for line in response.aiter_lines():
        line = line.strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        payload = json.loads(data)
        if payload.get("error") is not None:
            raise _parse_text_generation_error(payload["error"], payload.get("error_type"))
        yield payload


async def _open_stream(client, backend: Backend, messages: list[dict], settings: Settings, deadline: _Deadline):
    """Send the request; once the headers arrived: huggingface_hub's chunk stream, and the response if we got it."""
    try:
        with received_responses() as received:
            stream = await deadline.wait(
                client.chat_completion(
                    messages,
                    model=backend.model,
                    stream=True,
                    max_tokens=settings.max_tokens,
                    temperature=settings.temperature,
                    stop=STOP,
                    seed=settings.seed,  # None: not sent; a number: repeatable answers where the backend allows
                ),
            )
        return stream, received[-1] if received else None
    except _DeadlinePassed:
        raise stream_errors.timed_out(backend, settings) from None
    except ValueError as error:  # huggingface_hub could not build the request
        raise stream_errors.request_not_prepared(error, backend) from error
    except Exception as error:
        logger.warning("%s failed: %s", backend.label, type(error).__name__)
        raise stream_errors.to_backend_error(error, backend, got_text=False, settings=settings) from error


async def _read(backend: Backend, messages: list[dict], settings: Settings) -> AsyncGenerator[str, None]:
    """One request to a ready backend; yields text; raises BackendError; always closes the connection."""
    check_reachable_offline(backend)
    # No HTTP timeout: our deadlines cancel every wait (an HTTP read timeout sets a timer per chunk).
    client = make_async_client(backend, timeout=None)
    deadline = _Deadline(settings.first_token_timeout)
    stream = chunks = None
    got_text = finished = False
    try:
        stream, response = await _open_stream(client, backend, messages, settings, deadline)
        chunks = _chunks(stream, response)
        while True:
            try:
                text, finish_reason = _extract(await deadline.wait(chunks.__anext__()))
            except StopAsyncIteration:
                if not finished:
                    raise stream_errors.incomplete(backend) from None
                return
            except _DeadlinePassed:
                if finished:
                    return  # the answer is complete; only the [DONE] marker is late
                raise (
                    stream_errors.stalled(backend, settings) if got_text else stream_errors.timed_out(backend, settings)
                ) from None
            except Exception as error:
                if finished:
                    return  # trouble after the model said it was done does not spoil the answer
                logger.warning("%s failed: %s", backend.label, type(error).__name__)
                raise stream_errors.to_backend_error(error, backend, got_text=got_text, settings=settings) from error
            if text and not finished:
                got_text = True
                deadline.move(settings.stall_timeout)
                yield text
            if finish_reason:
                finished = True
                deadline.move(_AFTER_FINISH_GRACE, earlier_only=True)
    finally:
        deadline.cancel()
        # Closing the response closes its connection: the backend stops writing for nobody.
        for generator in (chunks, stream):
            if generator is not None:
                with contextlib.suppress(Exception):
                    await generator.aclose()
        with contextlib.suppress(Exception):
            await client.close()


async def _attempt(backend: Backend, messages: list[dict], settings: Settings) -> AsyncGenerator[str | Waiting, None]:
    """One request to one backend, after waiting for its turn at a one-at-a-time model."""
    line = _line_for(backend, settings)
    ticket = line.join() if line is not None else None
    try:
        if ticket is not None:
            while not ticket.served:
                yield Waiting(ticket.place)
                await ticket.moved()
        ready = await _ready(backend, settings)
        async with aclosing(_read(ready, messages, settings)) as pieces:
            async for piece in pieces:
                yield piece
    finally:
        if ticket is not None:
            ticket.leave()


def _retry_delay(error: BackendError, attempt: int, settings: Settings) -> float:
    if error.retry_after is not None:
        return error.retry_after
    return min(settings.retry_backoff * 2**attempt, stream_errors.MAX_RETRY_AFTER)


async def _stream_with_retries(
    backend: Backend, messages: list[dict], settings: Settings
) -> AsyncGenerator[str | Waiting, None]:
    attempt = 0
    while True:
        got_text = False
        try:
            async with aclosing(_attempt(backend, messages, settings)) as pieces:
                async for piece in pieces:
                    got_text = got_text or isinstance(piece, str)
                    yield piece
            return
        except BackendError as error:
            if got_text or not error.retryable or attempt >= settings.retries:
                raise
            delay = _retry_delay(error, attempt, settings)
            logger.info("Retrying %s in %.1f s after %s", backend.label, delay, type(error).__name__)
            await asyncio.sleep(delay)
            attempt += 1


async def astream_events(
    backends: list[Backend],
    messages: list[dict],
    settings: Settings,
    on_notice: Callable[[str], None] | None = None,
) -> AsyncGenerator[str | Waiting, None]:
    """`astream_chat`, and a `Waiting` each time the request's place in a local model's line changes."""
    if not backends:
        raise ValueError("stream_chat needs at least one backend")
    for index, backend in enumerate(backends):
        got_text = False
        try:
            async with aclosing(_stream_with_retries(backend, messages, settings)) as pieces:
                async for piece in pieces:
                    got_text = got_text or isinstance(piece, str)
                    yield piece
            return
        except BackendError as error:
            if got_text or index == len(backends) - 1:
                raise
            following = backends[index + 1]
            if on_notice is not None:
                on_notice(_handing_over(backend, error, following))


def _handing_over(backend: Backend, error: BackendError, following: Backend) -> str:
    """What the person is told when the next backend answers instead (`error.message` is a whole sentence)."""
    if following.kind == "local":
        return say(
            "{where} failed: {reason} Using the embedded model instead.", where=backend.label, reason=error.message
        )
    return say(
        "{where} failed: {reason} Using {instead} instead.",
        where=backend.label,
        reason=error.message,
        instead=following.label,
    )


async def astream_chat(
    backends: list[Backend],
    messages: list[dict],
    settings: Settings,
    on_notice: Callable[[str], None] | None = None,
) -> AsyncGenerator[str, None]:
    """Yield the answer's text pieces from the first backend that starts answering.

    A backend that fails before its first piece (after retries) hands over to the
    next one, with a notice; a failure after text was yielded is raised as is.
    """
    async with aclosing(astream_events(backends, messages, settings, on_notice)) as events:
        async for piece in events:
            if isinstance(piece, str):
                yield piece


# --- the synchronous API -------------------------------------------------------


def stream_chat(
    backends: list[Backend],
    messages: list[dict],
    settings: Settings,
    on_notice: Callable[[str], None] | None = None,
) -> Generator[str, None, None]:
    """`astream_chat` for synchronous callers: the same pieces, errors and notices."""
    return iterate_blocking(astream_chat(backends, messages, settings, on_notice))
