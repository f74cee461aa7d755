"""What the app tells a person when a model backend fails: every error the client raises, as a BackendError.

jd/streaming.py reads the model; each way a request can fail (refused credentials, an unknown
model, rate limits, server errors, timeouts, a dropped or malformed stream) becomes one of the
errors in jd/errors.py here, with a message that says what to do.
"""

from __future__ import annotations

import email.utils
import logging
import time

import httpx2
from huggingface_hub.errors import (
    HfHubHTTPError,
    InferenceTimeoutError,
    OfflineModeIsEnabled,
    OverloadedError,
    TextGenerationError,
)

from .backends import Backend
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
    say,
)
from .settings import Settings

logger = logging.getLogger(__name__)

MAX_RETRY_AFTER = 10.0  # seconds; a longer Retry-After is capped, not obeyed


def retry_after(error: HfHubHTTPError) -> float | None:
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


def _refused(backend: Backend, status: int) -> AuthFailed:
    where = backend.label
    if backend.kind == "hf":
        message = say(
            "{where} refused the credentials (HTTP {status}). Check HF_TOKEN, or sign in with Hugging Face; "
            "the token needs the “Inference Providers” permission and access to {model}.",
            where=where,
            status=status,
            model=backend.model,
        )
    else:
        message = say(
            "{where} refused the credentials (HTTP {status}). Check JD_API_KEY (the key this server expects).",
            where=where,
            status=status,
        )
    return AuthFailed(message, backend=where)


def _unknown_model(backend: Backend) -> ModelNotFound:
    where = backend.label
    if backend.kind == "hf":
        message = say(
            "{where} does not know the model “{model}” (HTTP 404). Check JD_MODEL, or pick a model that "
            "Inference Providers serve.",
            where=where,
            model=backend.model,
        )
    else:
        message = say(
            "{where} does not know the model “{model}” (HTTP 404). Check JD_MODEL and JD_BASE_URL.",
            where=where,
            model=backend.model,
        )
    return ModelNotFound(message, backend=where)


def _rate_limited(error: HfHubHTTPError, backend: Backend) -> RateLimited:
    where = backend.label
    if backend.kind == "hf":
        message = say(
            "{where} is rate-limiting requests (HTTP 429). Wait a minute and try again, or sign in to use your "
            "own quota.",
            where=where,
        )
    else:
        message = say("{where} is rate-limiting requests (HTTP 429). Wait a minute and try again.", where=where)
    return RateLimited(message, backend=where, retry_after=retry_after(error))


def _http_error(error: HfHubHTTPError, backend: Backend) -> BackendError:
    response = getattr(error, "response", None)
    status = response.status_code if response is not None else 0
    where = backend.label
    if status in (401, 403):
        return _refused(backend, status)
    if status == 404:
        return _unknown_model(backend)
    if status == 429:
        return _rate_limited(error, backend)
    if status >= 500:
        return ServerError(
            say(
                "{where} had a server error (HTTP {status}). Try again in a moment; if it keeps failing, the model "
                "may be down: choose another with JD_MODEL or JD_BACKEND.",
                where=where,
                status=status,
            ),
            backend=where,
            status=status,
            retry_after=retry_after(error),
        )
    return BackendError(
        say(
            "{where} rejected the request (HTTP {status}). The job details may be too long for this model, or the "
            "model does not support chat: shorten them, or choose another model with JD_MODEL.",
            where=where,
            status=status,
        ),
        backend=where,
    )


def _unreachable(backend: Backend) -> BackendUnreachable:
    where = backend.label
    if backend.kind == "hf":
        message = say("Could not connect to {where}. Check the network connection.", where=where)
    else:
        message = say(
            "Could not connect to {where}. Check that the server is running and JD_BASE_URL is right.", where=where
        )
    return BackendUnreachable(message, backend=where)


def _dropped(backend: Backend, got_text: bool) -> StreamDropped:
    where = backend.label
    if got_text:
        message = say(
            "The connection to {where} broke in the middle of the answer. The text so far is kept; try again to "
            "get the rest.",
            where=where,
        )
    else:
        message = say("The connection to {where} broke before any text arrived. Try again in a moment.", where=where)
    # A reset before any text is as good as a refused connection.
    return StreamDropped(message, backend=where, retryable=not got_text)


def _generation_failed(error: TextGenerationError, backend: Backend, got_text: bool) -> ServerError:
    where = backend.label
    overloaded = isinstance(error, OverloadedError)
    if overloaded:
        message = say(
            "{where} reported an error while writing the answer (the model is overloaded). Try again in a "
            "moment; if it keeps failing, choose another model with JD_MODEL or JD_BACKEND.",
            where=where,
        )
    else:
        message = say(
            "{where} reported an error while writing the answer. Try again in a moment; if it keeps failing, "
            "choose another model with JD_MODEL or JD_BACKEND.",
            where=where,
        )
    status = 503 if overloaded else 500
    return ServerError(message, backend=where, status=status, retryable=overloaded and not got_text)


def to_backend_error(error: BaseException, backend: Backend, *, got_text: bool, settings: Settings) -> BackendError:
    """Map anything the client raised to a user-facing BackendError."""
    where = backend.label
    if isinstance(error, BackendError):
        return error
    if isinstance(error, OfflineModeIsEnabled):
        return BackendUnreachable(
            say(
                "HF_HUB_OFFLINE=1 blocks requests to {where}. Unset HF_HUB_OFFLINE to use it, or use the embedded "
                "model (JD_BACKEND=local).",
                where=where,
            ),
            backend=where,
            retryable=False,  # retrying cannot help while offline mode is on
        )
    if isinstance(error, HfHubHTTPError):
        return _http_error(error, backend)
    if isinstance(error, (InferenceTimeoutError, httpx2.TimeoutException)):
        if got_text:
            return stalled(backend, settings)
        return timed_out(backend, settings)
    if isinstance(error, httpx2.ConnectError):
        return _unreachable(backend)
    if isinstance(error, (httpx2.TransportError, httpx2.StreamError)):
        return _dropped(backend, got_text)
    if isinstance(error, TextGenerationError):
        return _generation_failed(error, backend, got_text)
    if isinstance(error, (ValueError, TypeError, KeyError, AttributeError, IndexError)):
        # json.JSONDecodeError is a ValueError; bad chunk shapes surface as the others.
        return malformed(backend)
    logger.exception("Unexpected error from %s", where)
    return BackendError(
        say("{where} failed unexpectedly ({kind}). Try again.", where=where, kind=type(error).__name__), backend=where
    )


def request_not_prepared(error: ValueError, backend: Backend) -> BackendError:
    """huggingface_hub refused to build the request (no token, model not served by the provider...)."""
    detail = str(error)
    if "api_key" in detail or "token" in detail.lower():
        return AuthFailed(
            say(
                "No Hugging Face token for {where}. Set HF_TOKEN or sign in with Hugging Face, or use the embedded "
                "model (JD_BACKEND=local).",
                where=backend.label,
            ),
            backend=backend.label,
        )
    # These messages name the model and provider, never a token.
    return BackendError(
        say(
            "{where} cannot take this request: {detail} Choose another model with JD_MODEL or another provider with "
            "JD_PROVIDER.",
            where=backend.label,
            detail=detail[:300],
        ),
        backend=backend.label,
    )


def malformed(backend: Backend) -> MalformedStream:
    return MalformedStream(
        say(
            "{where} sent something that is not a valid chat-completion stream. Check that JD_BASE_URL points at an "
            "OpenAI-compatible /v1 endpoint, then try again.",
            where=backend.label,
        ),
        backend=backend.label,
    )


def timed_out(backend: Backend, settings: Settings) -> BackendTimeout:
    return BackendTimeout(
        say(
            "{where} sent no text within {seconds} s. It may be busy or still loading the model: try again, or raise "
            "JD_TIMEOUT.",
            where=backend.label,
            seconds=f"{settings.first_token_timeout:g}",
        ),
        backend=backend.label,
    )


def stalled(backend: Backend, settings: Settings) -> StreamStalled:
    return StreamStalled(
        say(
            "{where} stopped sending text for more than {seconds} s in the middle of the answer. The text so far is "
            "kept; try again to get a complete answer, or raise JD_STALL_TIMEOUT.",
            where=backend.label,
            seconds=f"{settings.stall_timeout:g}",
        ),
        backend=backend.label,
    )


def incomplete(backend: Backend) -> StreamIncomplete:
    return StreamIncomplete(
        say(
            "{where} ended the answer without saying it was finished, so the text may be cut short. Try again.",
            where=backend.label,
        ),
        backend=backend.label,
    )
