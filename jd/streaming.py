"""The one path by which model text reaches the app: streamed chat completions.

`stream_chat` yields text pieces as they arrive and turns every way a backend
can fail into a `jd.errors.BackendError` whose message says what to do.

How the timeouts work: a helper thread reads the HTTP stream and hands each
chunk over a queue with its arrival time, so the generator can wait with two
different deadlines and name what went wrong: no text within
`first_token_timeout` of sending the request is a `BackendTimeout` (retried, then
the fallback), no text within `stall_timeout` of the previous piece is a
`StreamStalled` (the text so far is kept). The HTTP client's own timeout is only
a backstop that ends the reader thread. The reader owns the connection and
closes it; when the caller stops early it sees the stop flag at the next chunk.

Retries and the fallback happen only before the first piece of text: once text
was yielded, an error propagates and the caller keeps the partial text.
"""

from __future__ import annotations

import email.utils
import logging
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import replace

import httpx2
from huggingface_hub.errors import (
    HfHubHTTPError,
    InferenceTimeoutError,
    OfflineModeIsEnabled,
    OverloadedError,
    TextGenerationError,
)

from .backends import Backend, check_reachable_offline, choose_backends, make_client
from .errors import (
    AuthFailed,
    BackendError,
    BackendTimeout,
    BackendUnreachable,
    MalformedStream,
    ModelNotFound,
    RateLimited,
    ServerError,
    StreamDropped,
    StreamIncomplete,
    StreamStalled,
)
from .prompts import STOP
from .settings import Settings

logger = logging.getLogger(__name__)

MAX_RETRY_AFTER = 10.0  # seconds; a longer Retry-After is capped, not obeyed
# After finish_reason only [DONE] (or a usage chunk) should follow; don't wait long for it.
_AFTER_FINISH_GRACE = 2.0
# Extra time the HTTP client's own timeout allows beyond ours, so ours fire first.
_BACKSTOP_MARGIN = 1.0

_url_locks: dict[str, threading.Lock] = {}
_url_locks_guard = threading.Lock()


def _lock_for_url(url: str) -> threading.Lock:
    with _url_locks_guard:
        return _url_locks.setdefault(url, threading.Lock())


@contextmanager
def _endpoint(backend: Backend, settings: Settings) -> Iterator[Backend]:
    """The backend ready to call; for "local", held one request at a time."""
    if backend.kind != "local":
        yield backend
    elif backend.base_url:
        # An already running local server (tests, or one started elsewhere): still one at a time.
        with _lock_for_url(backend.base_url):
            yield backend
    else:
        from .embedded import get_embedded_server

        server = get_embedded_server(settings)
        with server.serving():
            yield replace(backend, base_url=server.base_url, api_key=server.api_key)


# --- failure mapping -------------------------------------------------------


def _retry_after(error: HfHubHTTPError) -> float | None:
    response = getattr(error, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _http_error(error: HfHubHTTPError, backend: Backend) -> BackendError:
    response = getattr(error, "response", None)
    status = response.status_code if response is not None else 0
    where = backend.label
    if status in (401, 403):
        if backend.kind == "hf":
            advice = (
                "Check HF_TOKEN, or sign in with Hugging Face; the token needs the "
                f"“Inference Providers” permission and access to {backend.model}."
            )
        else:
            advice = "Check JD_API_KEY (the key this server expects)."
        return AuthFailed(f"{where} refused the credentials (HTTP {status}). {advice}", backend=where)
    if status == 404:
        return ModelNotFound(
            f"{where} does not know the model “{backend.model}” (HTTP 404). "
            "Check JD_MODEL"
            + (" and JD_BASE_URL." if backend.kind != "hf" else ", or pick a model that Inference Providers serve."),
            backend=where,
        )
    if status == 429:
        return RateLimited(
            f"{where} is rate-limiting requests (HTTP 429). Wait a minute and try again"
            + (", or sign in to use your own quota." if backend.kind == "hf" else "."),
            backend=where,
            retry_after=_retry_after(error),
        )
    if status >= 500:
        return ServerError(
            f"{where} had a server error (HTTP {status}). Try again in a moment; "
            "if it keeps failing, the model may be down: choose another with JD_MODEL or JD_BACKEND.",
            backend=where,
            status=status,
            retry_after=_retry_after(error),
        )
    return BackendError(
        f"{where} rejected the request (HTTP {status}). The job details may be too long for this model, "
        "or the model does not support chat: shorten them, or choose another model with JD_MODEL.",
        backend=where,
    )


def _to_backend_error(error: BaseException, backend: Backend, *, got_text: bool, settings: Settings) -> BackendError:
    """Map anything the client raised to a user-facing BackendError."""
    where = backend.label
    if isinstance(error, BackendError):
        return error
    if isinstance(error, OfflineModeIsEnabled):
        return BackendUnreachable(
            f"HF_HUB_OFFLINE=1 blocks requests to {where}. Unset HF_HUB_OFFLINE to use it, "
            "or use the embedded model (JD_BACKEND=local).",
            backend=where,
            retryable=False,  # retrying cannot help while offline mode is on
        )
    if isinstance(error, HfHubHTTPError):
        return _http_error(error, backend)
    if isinstance(error, (InferenceTimeoutError, httpx2.TimeoutException)):
        if got_text:
            return _stalled(backend, settings)
        return _timed_out(backend, settings)
    if isinstance(error, httpx2.ConnectError):
        advice = (
            "Check the network connection."
            if backend.kind == "hf"
            else "Check that the server is running and JD_BASE_URL is right."
        )
        return BackendUnreachable(f"Could not connect to {where}. {advice}", backend=where)
    if isinstance(error, (httpx2.TransportError, httpx2.StreamError)):
        return StreamDropped(
            f"The connection to {where} broke "
            + (
                "in the middle of the answer. The text so far is kept; try again to get the rest."
                if got_text
                else "before any text arrived. Try again in a moment."
            ),
            backend=where,
            retryable=not got_text,  # a reset before any text is as good as a refused connection
        )
    if isinstance(error, TextGenerationError):
        status = 503 if isinstance(error, OverloadedError) else 500
        return ServerError(
            f"{where} reported an error while writing the answer"
            + (" (the model is overloaded)" if status == 503 else "")
            + ". Try again in a moment; if it keeps failing, choose another model with JD_MODEL or JD_BACKEND.",
            backend=where,
            status=status,
            retryable=status == 503 and not got_text,
        )
    if isinstance(error, (ValueError, TypeError, KeyError, AttributeError, IndexError)):
        # json.JSONDecodeError is a ValueError; bad chunk shapes surface as the others.
        return _malformed(backend)
    logger.exception("Unexpected error from %s", where)
    return BackendError(f"{where} failed unexpectedly ({type(error).__name__}). Try again.", backend=where)


def _request_not_prepared(error: ValueError, backend: Backend) -> BackendError:
    """huggingface_hub refused to build the request (no token, model not served by the provider...)."""
    detail = str(error)
    if "api_key" in detail or "token" in detail.lower():
        return AuthFailed(
            f"No Hugging Face token for {backend.label}. Set HF_TOKEN or sign in with Hugging Face, "
            "or use the embedded model (JD_BACKEND=local).",
            backend=backend.label,
        )
    # These messages name the model and provider, never a token.
    return BackendError(
        f"{backend.label} cannot take this request: {detail[:300]} "
        "Choose another model with JD_MODEL or another provider with JD_PROVIDER.",
        backend=backend.label,
    )


def _malformed(backend: Backend) -> MalformedStream:
    return MalformedStream(
        f"{backend.label} sent something that is not a valid chat-completion stream. "
        "Check that JD_BASE_URL points at an OpenAI-compatible /v1 endpoint, then try again.",
        backend=backend.label,
    )


def _timed_out(backend: Backend, settings: Settings) -> BackendTimeout:
    return BackendTimeout(
        f"{backend.label} sent no text within {settings.first_token_timeout:g} s. "
        "It may be busy or still loading the model: try again, or raise JD_TIMEOUT.",
        backend=backend.label,
    )


def _stalled(backend: Backend, settings: Settings) -> StreamStalled:
    return StreamStalled(
        f"{backend.label} stopped sending text for more than {settings.stall_timeout:g} s in the middle of the answer. "
        "The text so far is kept; try again to get a complete answer, or raise JD_STALL_TIMEOUT.",
        backend=backend.label,
    )


def _incomplete(backend: Backend) -> StreamIncomplete:
    return StreamIncomplete(
        f"{backend.label} ended the answer without saying it was finished, so the text may be cut short. Try again.",
        backend=backend.label,
    )


# --- one request -------------------------------------------------------------


def _extract(chunk) -> tuple[str, str | None]:
    """(text, finish_reason) from one stream chunk; raises on a bad shape."""
    choices = chunk.choices
    if choices is None or not isinstance(choices, list):
        raise TypeError("chunk without a choices list")
    if not choices:  # e.g. a final usage-only chunk
        return "", None
    choice = choices[0]
    delta = choice.delta
    text = getattr(delta, "content", None) if delta is not None else None
    if text is not None and not isinstance(text, str):
        raise TypeError("delta.content is not text")
    return text or "", choice.finish_reason


def _read_stream(
    client, backend: Backend, messages, settings: Settings, inbox: queue.SimpleQueue, stop: threading.Event
):
    """Reader thread: send the request, pass each chunk on with its arrival time, close at the end."""
    phase = "request"
    try:
        stream = client.chat_completion(
            messages,
            model=backend.model,
            stream=True,
            max_tokens=settings.max_tokens,
            temperature=settings.temperature,
            stop=STOP,
            seed=settings.seed,  # None: not sent; a number makes answers repeatable where the backend supports it
        )
        phase = "stream"
        for chunk in stream:
            if stop.is_set():
                break
            inbox.put(("chunk", time.monotonic(), _extract(chunk)))
        else:
            inbox.put(("end", time.monotonic(), None))
    except BaseException as error:  # everything is reported to the caller's thread
        if phase == "request" and isinstance(error, ValueError):
            error = _request_not_prepared(error, backend)
        inbox.put(("error", time.monotonic(), error))
    finally:
        client.close()  # closes the HTTP response, hence the connection


def _attempt(backend: Backend, messages: list[dict], settings: Settings) -> Generator[str, None, None]:
    """One request to one backend; yields text; raises BackendError."""
    with _endpoint(backend, settings) as ready:
        check_reachable_offline(ready)
        client = make_client(
            ready, timeout=max(settings.first_token_timeout, settings.stall_timeout) + _BACKSTOP_MARGIN
        )
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        stop = threading.Event()
        reader = threading.Thread(
            target=_read_stream,
            args=(client, ready, messages, settings, inbox, stop),
            name="jd-stream-reader",
            daemon=True,
        )
        reader.start()
        got_text = False
        finished = False
        deadline = time.monotonic() + settings.first_token_timeout
        try:
            while True:
                try:
                    kind, arrived, value = inbox.get(timeout=max(deadline - time.monotonic(), 0.0))
                except queue.Empty:
                    if finished:
                        return  # the answer is complete; only the [DONE] marker is late
                    raise (_stalled(backend, settings) if got_text else _timed_out(backend, settings)) from None
                if kind == "chunk":
                    text, finish_reason = value
                    if text and not finished:
                        got_text = True
                        deadline = arrived + settings.stall_timeout
                        yield text
                    if finish_reason:
                        finished = True
                        deadline = min(deadline, time.monotonic() + _AFTER_FINISH_GRACE)
                elif kind == "end":
                    if not finished:
                        raise _incomplete(backend)
                    return
                else:
                    if finished:
                        return  # trouble after the model said it was done does not spoil the answer
                    logger.warning("%s failed: %s", backend.label, type(value).__name__)
                    raise _to_backend_error(value, backend, got_text=got_text, settings=settings) from value
        finally:
            stop.set()


def _retry_delay(error: BackendError, attempt: int, settings: Settings) -> float:
    if error.retry_after is not None:
        return error.retry_after
    return min(settings.retry_backoff * 2**attempt, MAX_RETRY_AFTER)


def _stream_with_retries(backend: Backend, messages: list[dict], settings: Settings) -> Generator[str, None, None]:
    attempt = 0
    while True:
        got_text = False
        try:
            for text in _attempt(backend, messages, settings):
                got_text = True
                yield text
            return
        except BackendError as error:
            if got_text or not error.retryable or attempt >= settings.retries:
                raise
            delay = _retry_delay(error, attempt, settings)
            logger.info("Retrying %s in %.1f s after %s", backend.label, delay, type(error).__name__)
            time.sleep(delay)
            attempt += 1


def stream_chat(
    backends: list[Backend],
    messages: list[dict],
    settings: Settings,
    on_notice: Callable[[str], None] | None = None,
) -> Generator[str, None, None]:
    """Yield the answer's text pieces from the first backend that starts answering.

    A backend that fails before its first piece (after retries) hands over to the
    next one, with a notice; a failure after text was yielded is raised as is.
    """
    if not backends:
        raise ValueError("stream_chat needs at least one backend")
    for index, backend in enumerate(backends):
        got_text = False
        try:
            for text in _stream_with_retries(backend, messages, settings):
                got_text = True
                yield text
            return
        except BackendError as error:
            if got_text or index == len(backends) - 1:
                raise
            following = backends[index + 1]
            instead = "the embedded model" if following.kind == "local" else following.label
            if on_notice is not None:
                on_notice(f"{backend.label} failed: {error.message.rstrip('.')}. Using {instead} instead.")


def stream_responsibilities(
    job,
    settings: Settings,
    *,
    oauth_token=None,
    on_notice: Callable[[str], None] | None = None,
) -> Generator[str, None, None]:
    """Stream the model's list of duties for a job."""
    from .prompts import build_messages

    return stream_chat(choose_backends(settings, oauth_token), build_messages(job), settings, on_notice)
