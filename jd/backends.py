"""Which model backends to use, and how to talk to them safely.

Three kinds of backend all speak OpenAI-style chat completions through
`huggingface_hub.AsyncInferenceClient` (the app streams with it; `make_client`
gives the synchronous `InferenceClient` under the same rules):

- "hf": Hugging Face Inference Providers, authenticated with the visitor's
  OAuth token or the Space's HF_TOKEN;
- "openai": any OpenAI-compatible server at JD_BASE_URL (vLLM, Ollama, TGI...);
- "local": the embedded llama.cpp server running SmolLM2 (see jd/embedded.py).

Two safety rules live here. The HF token is only ever sent to Hugging Face:
InferenceClient falls back to $HF_TOKEN whenever `api_key` is empty, so every
non-HF client gets an explicit placeholder key. And HF_HUB_OFFLINE=1 must not
stop the app from reaching its own server on this machine, so loopback hosts are
let through huggingface_hub's offline guard while the Hub stays blocked.

The async HTTP client is shared per event loop (`_SharedAsyncClient`), so requests
reuse connections as the synchronous client's do.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import ssl
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, cast
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx2
from huggingface_hub import (
    AsyncInferenceClient,
    InferenceClient,
    constants,
    set_async_client_factory,
    set_client_factory,
)

# Private module on purpose: huggingface_hub 2.4.0 exports set_client_factory but neither these
# hooks nor default_client_factory, and the loopback exception below must wrap the hook itself
# (offline guard, request IDs, debug logging). Re-check on upgrade.
from huggingface_hub.utils._http import async_hf_response_event_hook, hf_request_event_hook

from .embedded import local_model_available, local_model_name
from .errors import BackendUnreachable, say
from .settings import DEFAULT_HF_MODEL, ConfigError, Settings

if TYPE_CHECKING:
    # For type checking only: huggingface_hub has no public name for its provider Literal.
    from huggingface_hub.inference._providers import PROVIDER_OR_POLICY_T

BACKEND_KINDS = ("hf", "openai", "local")
# Sent as the bearer token to servers that need none, so the HF token never is.
PLACEHOLDER_API_KEY = "not-needed"


@dataclass(frozen=True)
class Backend:
    """One place to send chat-completion requests to.

    For kind "local", an empty `base_url` means "the embedded llama.cpp server,
    started on first use"; a non-empty one points at an already running server
    (tests use this to stand in a fake server for the embedded model).
    """

    kind: str
    label: str
    model: str
    base_url: str = ""
    provider: str | None = None
    api_key: str | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.kind not in BACKEND_KINDS:
            raise ValueError(f"Backend kind must be one of {BACKEND_KINDS}, not {self.kind!r}")

    @property
    def is_remote(self) -> bool:
        return self.kind != "local"


def safe_url(url: str) -> str:
    """The URL without user:password, query or fragment, fit to show users."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(invalid URL)"
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _oauth_token_value(oauth_token) -> str:
    """Accept a plain string or Gradio's `gr.OAuthToken` (which has `.token`)."""
    if oauth_token is None:
        return ""
    return str(getattr(oauth_token, "token", oauth_token) or "").strip()


def _local_backend(settings: Settings) -> Backend:
    name = local_model_name(settings)
    return Backend(kind="local", label=f"Embedded {name}", model=name, api_key=PLACEHOLDER_API_KEY)


def _openai_backend(settings: Settings) -> Backend:
    if not settings.base_url:
        raise ConfigError("JD_BACKEND=openai needs JD_BASE_URL, e.g. http://localhost:8000/v1.")
    model = settings.model or "default"
    return Backend(
        kind="openai",
        label=f"OpenAI-compatible server at {safe_url(settings.base_url)} · {model}",
        model=model,
        base_url=settings.base_url,
        api_key=settings.api_key or PLACEHOLDER_API_KEY,
    )


def _hf_backend(settings: Settings, token: str) -> Backend:
    model = settings.model or DEFAULT_HF_MODEL
    provider = settings.provider or None
    where = f"Hugging Face Inference Providers ({provider})" if provider else "Hugging Face Inference Providers"
    # api_key None lets huggingface_hub find a saved login; it only ever goes to HF here.
    return Backend(kind="hf", label=f"{where} · {model}", model=model, provider=provider, api_key=token or None)


def _primary_backend(settings: Settings, oauth_token=None) -> Backend:
    token = _oauth_token_value(oauth_token) or settings.hf_token
    choice = settings.backend
    if choice == "auto":
        if settings.base_url:
            choice = "openai"
        elif token:
            choice = "hf"
        else:
            choice = "local"
    if choice == "openai":
        return _openai_backend(settings)
    if choice == "hf":
        return _hf_backend(settings, token)
    return _local_backend(settings)


def choose_backends(settings: Settings, oauth_token=None) -> list[Backend]:
    """The primary backend, then the embedded model as a fallback when allowed and installed."""
    primary = _primary_backend(settings, oauth_token)
    backends = [primary]
    if primary.is_remote and settings.fallback_to_local and local_model_available(settings):
        backends.append(_local_backend(settings))
    return backends


def describe_backend(settings: Settings) -> str:
    """One line telling users which model writes their text."""
    primary = _primary_backend(settings)
    if primary.kind == "local":
        return f"{primary.label} (offline)"
    return primary.label


# --- HTTP client -----------------------------------------------------------

_factory_lock = threading.Lock()
_factory_installed = False


def _loopback_friendly_request_hook(request: httpx2.Request):
    """huggingface_hub's own request hook, except that loopback hosts pass even offline."""
    if constants.is_offline_mode() and is_loopback_host(request.url.host):
        return None
    return hf_request_event_hook(request)


async def _async_loopback_friendly_request_hook(request: httpx2.Request):
    return _loopback_friendly_request_hook(request)


# The responses received by the request being sent in this task, when `received_responses()` asks.
_received: ContextVar[list[httpx2.Response] | None] = ContextVar("jd_received_responses", default=None)


async def _remember_response(response: httpx2.Response) -> None:
    received = _received.get()
    if received is not None:
        received.append(response)


@contextmanager
def received_responses() -> Iterator[list[httpx2.Response]]:
    """Collects the responses our async client receives in this task (the last one is the final).

    jd/streaming.py reads a stream's lines from the response itself: huggingface_hub's parsing
    of each chunk into its dataclasses costs 59 µs of CPU, json.loads 3 µs. Clients made by
    another factory (tests install their own) collect nothing; huggingface_hub then parses.
    """
    received: list[httpx2.Response] = []
    token = _received.set(received)
    try:
        yield received
    finally:
        _received.reset(token)


def _client_factory() -> httpx2.Client:
    # Same as huggingface_hub's default_client_factory, with the hook above.
    return httpx2.Client(
        event_hooks={"request": [_loopback_friendly_request_hook]},
        follow_redirects=True,
        timeout=None,
    )


@cache
def _tls_context() -> ssl.SSLContext:
    # httpx builds a TLS context for every client it creates (~45 ms of CPU): build it once.
    return ssl.create_default_context()


class _SharedAsyncClient(httpx2.AsyncClient):
    """One event loop's HTTP client, kept open when an AsyncInferenceClient closes (its streams are still closed).

    AsyncInferenceClient enters and exits the client it gets from huggingface_hub; without this
    every request would open a new connection (and a new TLS handshake for Hugging Face).
    """

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info) -> None:
        return None


_shared_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _SharedAsyncClient] = (
    weakref.WeakKeyDictionary()
)


def _async_client_factory() -> httpx2.AsyncClient:
    """The running loop's shared client: huggingface_hub's default async client, with the loopback hook."""
    loop = asyncio.get_running_loop()
    client = _shared_async_clients.get(loop)
    if client is None or client.is_closed:
        client = _shared_async_clients[loop] = _SharedAsyncClient(
            event_hooks={
                "request": [_async_loopback_friendly_request_hook],
                "response": [async_hf_response_event_hook, _remember_response],
            },
            follow_redirects=True,
            timeout=None,
            verify=_tls_context(),
            # No cap on connections (httpx's is 100): Gradio's concurrency limit bounds the streams.
            limits=httpx2.Limits(max_connections=None, max_keepalive_connections=32),
        )
    return client


async def close_async_client() -> None:
    """Close the running loop's shared client (the synchronous API does, before its private loop ends)."""
    client = _shared_async_clients.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.aclose()


def install_client_factory() -> None:
    """Make huggingface_hub's HTTP clients reach loopback servers in offline mode (once)."""
    global _factory_installed
    with _factory_lock:
        if not _factory_installed:
            set_client_factory(_client_factory)
            set_async_client_factory(_async_client_factory)
            _factory_installed = True


def check_reachable_offline(backend: Backend) -> None:
    """Raise a clear error if HF_HUB_OFFLINE would block this backend."""
    if not constants.is_offline_mode():
        return
    if backend.kind == "hf" or not is_loopback_host(urlsplit(backend.base_url).hostname or ""):
        raise BackendUnreachable(
            say(
                "HF_HUB_OFFLINE=1 blocks requests to {where}. Unset HF_HUB_OFFLINE to use it, or use the embedded "
                "model (JD_BACKEND=local) or a server on this machine.",
                where=backend.label,
            ),
            backend=backend.label,
            retryable=False,  # retrying cannot help while offline mode is on
        )


def _client_arguments(backend: Backend, timeout: float | None) -> dict:
    """InferenceClient's arguments for this backend; the HF token is never given to a non-HF URL."""
    if backend.kind == "hf":
        # JD_PROVIDER is free text: huggingface_hub checks the name on each request, and
        # stream_errors.request_not_prepared turns its ValueError for an unknown one into advice.
        provider = cast("PROVIDER_OR_POLICY_T | None", backend.provider)
        return {"provider": provider, "api_key": backend.api_key or None, "timeout": timeout}
    if not backend.base_url:
        raise ValueError("A non-HF backend needs a base_url (resolve the embedded server first).")
    base_url, headers = _credentials_out_of_url(backend.base_url)
    return {
        "base_url": base_url,
        "api_key": backend.api_key or PLACEHOLDER_API_KEY,
        "headers": headers or None,
        "timeout": timeout,
    }


def make_client(backend: Backend, timeout: float | None) -> InferenceClient:
    """An InferenceClient for this backend; the HF token is never given to a non-HF URL."""
    install_client_factory()
    return InferenceClient(**_client_arguments(backend, timeout))


def make_async_client(backend: Backend, timeout: float | None) -> AsyncInferenceClient:
    """An AsyncInferenceClient for this backend (the one the app streams with); same rules as `make_client`."""
    install_client_factory()
    return AsyncInferenceClient(**_client_arguments(backend, timeout))


def _credentials_out_of_url(url: str) -> tuple[str, dict[str, str]]:
    """The URL without user:password, and the Basic auth header they stand for.

    httpx would send them as Basic auth anyway, but it also logs every request's full URL
    (INFO "HTTP Request: POST http://user:password@..."), so the password must not be in it.
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, {}
    credentials = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
    basic = base64.b64encode(credentials.encode("utf-8")).decode("ascii")
    bare = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
    return bare, {"Authorization": f"Basic {basic}"}
