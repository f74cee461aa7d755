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
            retry_after=retry_after(error),
        )
    if status >= 500:
        return ServerError(
            f"{where} had a server error (HTTP {status}). Try again in a moment; "
            "if it keeps failing, the model may be down: choose another with JD_MODEL or JD_BACKEND.",
            backend=where,
            status=status,
            retry_after=retry_after(error),
        )
    return BackendError(
        f"{where} rejected the request (HTTP {status}). The job details may be too long for this model, "
        "or the model does not support chat: shorten them, or choose another model with JD_MODEL.",
        backend=where,
    )


def to_backend_error(error: BaseException, backend: Backend, *, got_text: bool, settings: Settings) -> BackendError:
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
            return stalled(backend, settings)
        return timed_out(backend, settings)
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
        return malformed(backend)
    logger.exception("Unexpected error from %s", where)
    return BackendError(f"{where} failed unexpectedly ({type(error).__name__}). Try again.", backend=where)


def request_not_prepared(error: ValueError, backend: Backend) -> BackendError:
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


def malformed(backend: Backend) -> MalformedStream:
    return MalformedStream(
        f"{backend.label} sent something that is not a valid chat-completion stream. "
        "Check that JD_BASE_URL points at an OpenAI-compatible /v1 endpoint, then try again.",
        backend=backend.label,
    )


def timed_out(backend: Backend, settings: Settings) -> BackendTimeout:
    return BackendTimeout(
        f"{backend.label} sent no text within {settings.first_token_timeout:g} s. "
        "It may be busy or still loading the model: try again, or raise JD_TIMEOUT.",
        backend=backend.label,
    )


def stalled(backend: Backend, settings: Settings) -> StreamStalled:
    return StreamStalled(
        f"{backend.label} stopped sending text for more than {settings.stall_timeout:g} s in the middle of the answer. "
        "The text so far is kept; try again to get a complete answer, or raise JD_STALL_TIMEOUT.",
        backend=backend.label,
    )


def incomplete(backend: Backend) -> StreamIncomplete:
    return StreamIncomplete(
        f"{backend.label} ended the answer without saying it was finished, so the text may be cut short. Try again.",
        backend=backend.label,
    )
