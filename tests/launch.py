"""Launch the real Gradio app in-process on a free loopback port, for gradio_client and browser tests."""

from __future__ import annotations

import asyncio
import html
import json
import socket
import ssl
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from gradio_client import Client
from gradio_client.exceptions import AppError

from jd.settings import Settings
from jd.ui import build_app

# One TLS context for every test client. gradio_client makes a new httpx connection for each call,
# and httpx builds a TLS context for each (loading the CA bundle: ~40 ms of CPU) even for http://
# URLs, which cost the suite minutes. The apps under test are plain http on loopback anyway.
_TLS = ssl.create_default_context()


# httpx's default of 5 s per request is less than a loaded machine needs (8 clients connecting at once
# timed out at load 12). Gradio sends a heartbeat on its event streams every 15 s, so no stream is idle this long.
CLIENT_TIMEOUT = httpx.Timeout(120.0)


def new_client(url: str, **options) -> Client:
    """A quiet gradio_client Client for an app under test (options: headers, oauth_token, httpx_kwargs...)."""
    options["httpx_kwargs"] = {"timeout": CLIENT_TIMEOUT, **options.get("httpx_kwargs", {})}
    return Client(url, verbose=False, ssl_verify=_TLS, **options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_on_a_free_port(demo, attempts: int = 5, **options) -> str:
    """demo.launch on a free loopback port; returns its URL.

    Another process (a second pytest-xdist worker) can take the port between free_port() and the
    launch: Gradio then raises OSError, and another free port is tried.
    """
    for attempt in range(attempts):
        try:
            _, url, _ = demo.launch(
                prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(), quiet=True, **options
            )
            return url
        except OSError as error:
            if "Cannot find empty port" not in str(error) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@dataclass
class LaunchedApp:
    url: str
    client: Client
    settings: Settings
    fake: object | None = None


@contextmanager
def launched_app(settings: Settings, fake=None) -> Iterator[LaunchedApp]:
    demo = build_app(settings)
    url = launch_on_a_free_port(demo)
    client = new_client(url)
    try:
        yield LaunchedApp(url=url, client=client, settings=settings, fake=fake)
    finally:
        try:
            demo.close()  # first: then the client's heartbeat stream ends and close() need not wait for it
        finally:
            client.close()


def fake_model_settings(fake, **changes) -> Settings:
    """Settings that point at a fake OpenAI-compatible server, with no retries and no fallback.

    The timeouts are what a loaded machine needs, and never fire in a test that does not inject a fault:
    a test holds the fake's answer (`fake.hold()`) as long as it needs. Tests of timeouts set their own.
    """
    values = {
        "backend": "openai",
        "base_url": fake.base_url,
        "api_key": "test-key",
        "model": "fake-model",
        "fallback_to_local": False,
        "retries": 0,
        "first_token_timeout": 60.0,
        "stall_timeout": 60.0,
        "preload_local": False,
    }
    values.update(changes)
    return Settings(**values)


def fake_backend_settings(fake, data_dir, **changes) -> Settings:
    """fake_model_settings for a launched app: its data folder, and one request per click."""
    # topup_requests=0: the suites can count requests; tests/test_topup.py turns it on
    return fake_model_settings(fake, **{"data_dir": data_dir, "topup_requests": 0, **changes})


def close_clients(clients: Iterable[Client]) -> None:
    """Close gradio_client Clients all at once: each close() waits up to a second for its heartbeat stream."""
    clients = list(clients)
    if clients:
        with ThreadPoolExecutor(len(clients)) as pool:
            list(pool.map(Client.close, clients))


def predict_as_new_visitor(url: str, *args, api_name: str):
    """One call from a fresh Client: a gradio_client Client shared between threads can cancel a call by itself."""
    client = new_client(url)
    try:
        return client.predict(*args, api_name=api_name)
    finally:
        client.close()


def call_over_http(url: str, api_name: str, *args, http: httpx.Client | None = None, timeout: float = 120.0):
    """One call through Gradio's REST API (POST, then read its event stream); returns the first output.
    Give every parameter: unlike gradio_client, the REST API fills in no defaults. `http`: a client to
    reuse (its connections stay open between calls).

    For many calls from many threads: gradio_client 2.7.2 can cancel a call by itself when the server
    closes a session's event stream just as the next call is submitted (seen under load), and plain
    HTTP has no session to race on. A refusal (gr.Error) raises AppError with its message, as the client does.
    """
    if http is None:
        with httpx.Client(timeout=timeout, verify=_TLS) as own:  # one TLS context: see _TLS
            return call_over_http(url, api_name, *args, http=own)
    endpoint = f"{url.rstrip('/')}/gradio_api/call/{api_name.strip('/')}"
    event_id = http.post(endpoint, json={"data": list(args)}).raise_for_status().json()["event_id"]
    with http.stream("GET", f"{endpoint}/{event_id}") as response:
        event = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.removeprefix("event:").strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = json.loads(line.removeprefix("data:"))
                if event == "error":
                    raise AppError(str(data.get("error") if isinstance(data, dict) else data))
                return data[0]
    raise AssertionError(f"{api_name}: the event stream ended without a result")


def http_client(timeout: float = 120.0) -> httpx.Client:
    """An httpx client for call_over_http, with the suite's shared TLS context (see _TLS)."""
    return httpx.Client(timeout=timeout, verify=_TLS)


def warnings_of(job) -> list[str]:
    """The warnings (gr.Warning) the app sent with this finished job, as plain text."""

    async def drain() -> list[str]:
        return [
            html.unescape(update.log[0])
            async for update in job
            if getattr(update, "log", None) and update.log[1] == "warning"
        ]

    return asyncio.run(drain())
