"""Launch the real Gradio app in-process on a free loopback port, for gradio_client and browser tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from gradio_client import Client

from jd.settings import Settings
from jd.ui import build_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LaunchedApp:
    url: str
    client: Client
    settings: Settings
    fake: object | None = None


@contextmanager
def launched_app(settings: Settings, fake=None) -> Iterator[LaunchedApp]:
    demo = build_app(settings)
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(), quiet=True)
    client = Client(url, verbose=False)
    try:
        yield LaunchedApp(url=url, client=client, settings=settings, fake=fake)
    finally:
        client.close()
        demo.close()


def fake_backend_settings(fake, data_dir, **changes) -> Settings:
    """Settings that point the app at a fake OpenAI-compatible server, with short timeouts and no fallback."""
    values = {
        "backend": "openai",
        "base_url": fake.base_url,
        "api_key": "test-key",
        "model": "fake-model",
        "fallback_to_local": False,
        "retries": 0,
        "first_token_timeout": 5.0,
        "stall_timeout": 2.0,
        "data_dir": data_dir,
        "preload_local": False,
        "topup_requests": 0,  # one request per click, so the suites can count them; tests/test_topup.py turns it on
    }
    values.update(changes)
    return Settings(**values)


def predict_as_new_visitor(url: str, *args, api_name: str):
    """One call from a fresh Client: a gradio_client Client shared between threads can cancel a call by itself."""
    client = Client(url, verbose=False)
    try:
        return client.predict(*args, api_name=api_name)
    finally:
        client.close()
