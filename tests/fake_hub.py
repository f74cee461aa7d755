"""A loopback server standing in for the Hugging Face Hub: just what hf_hub_download and model_info use.

Routes (huggingface_hub 2.4.0, file_download.py and hf_api.py):

    GET  /api/models/{org}/{name}[/revision/{rev}]   {"id", "sha", "siblings": [{"rfilename"}]}
    HEAD /{org}/{name}/resolve/{rev}/{file}          ETag, X-Repo-Commit, Content-Length
    GET  /{org}/{name}/resolve/{rev}/{file}          the bytes (honours Range: bytes=N-)

An unknown repo answers 404 with X-Error-Code: RepoNotFound, an unknown file 404 with EntryNotFound,
as the Hub does. A file may misbehave on its GET:

    fault     what the client sees
    --------  ------------------------------------------------------------------
    "drop"    half the bytes, then the socket closes; every retry closes at once
    "stall"   half the bytes, then silence with the connection open (until stop())

Use it as a context manager: `with FakeHub() as hub: hub.add(repo, name, path); hub.url`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

_MODEL_API = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+?)(?:/revision/(?P<rev>[^/]+))?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_CHUNK = 1 << 20


@dataclass
class HubFile:
    source: Path | bytes
    fault: str | None = None

    @property
    def size(self) -> int:
        return len(self.source) if isinstance(self.source, bytes) else self.source.stat().st_size

    def read(self, start: int, end: int):
        """The bytes [start, end) in chunks."""
        if isinstance(self.source, bytes):
            yield self.source[start:end]
            return
        with open(self.source, "rb") as handle:
            handle.seek(start)
            left = end - start
            while left > 0:
                chunk = handle.read(min(_CHUNK, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client was killed mid-download on purpose: no traceback
        super().handle_error(request, client_address)


@dataclass
class FakeHub:
    repos: dict[str, dict[str, HubFile]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    released: threading.Event = field(default_factory=threading.Event)
    sent_half: threading.Event = field(default_factory=threading.Event)  # a faulty GET reached its middle

    def add(self, repo: str, name: str, source: Path | bytes, fault: str | None = None) -> FakeHub:
        self.repos.setdefault(repo, {})[name] = HubFile(source, fault)
        return self

    @staticmethod
    def commit(repo: str) -> str:
        return hashlib.sha1(repo.encode()).hexdigest()

    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeHub

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._route(body=True)

    def do_HEAD(self) -> None:
        self._route(body=False)

    def _route(self, body: bool) -> None:
        path = urlsplit(self.path).path
        self.fake.requests.append((self.command, path))
        if match := _MODEL_API.match(path):
            self._model_info(match["repo"])
        elif match := _RESOLVE.match(path):
            self._resolve(match["repo"], unquote(match["file"]), body)
        else:
            self._error(404, "RepoNotFound", "")

    def _error(self, status: int, code: str, repo: str) -> None:
        data = json.dumps({"error": f"{code} ({self.path})"}).encode()
        self.send_response(status)
        self.send_header("X-Error-Code", code)
        if repo:
            self.send_header("X-Repo-Commit", FakeHub.commit(repo))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _model_info(self, repo: str) -> None:
        files = self.fake.repos.get(repo)
        if files is None:
            self._error(404, "RepoNotFound", "")
            return
        siblings = [{"rfilename": name} for name in files]
        data = json.dumps({"id": repo, "sha": FakeHub.commit(repo), "siblings": siblings}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _resolve(self, repo: str, name: str, body: bool) -> None:
        files = self.fake.repos.get(repo)
        if files is None:
            self._error(404, "RepoNotFound", "")
            return
        hub_file = files.get(name)
        if hub_file is None:
            self._error(404, "EntryNotFound", repo)
            return
        size = hub_file.size
        start = _range_start(self.headers.get("Range"))
        if body and hub_file.fault == "drop" and start:
            self._hang_up()  # a retry: the connection closes before any answer
            return
        self.send_response(206 if start else 200)
        self.send_header("ETag", f'"{hashlib.sha256(f"{repo}/{name}/{size}".encode()).hexdigest()}"')
        self.send_header("X-Repo-Commit", FakeHub.commit(repo))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(size - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.end_headers()
        if body:
            self._send_body(hub_file, start, size)

    def _send_body(self, hub_file: HubFile, start: int, size: int) -> None:
        end = size // 2 if hub_file.fault in ("drop", "stall") else size
        try:
            for chunk in hub_file.read(start, end):
                self.wfile.write(chunk)
            self.wfile.flush()
        except OSError:
            return  # the client went away
        if hub_file.fault == "stall":
            self.fake.sent_half.set()
            self.fake.released.wait(timeout=120)
        if hub_file.fault:
            self.fake.sent_half.set()
            self._hang_up()

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def _range_start(header: str | None) -> int:
    match = re.fullmatch(r"bytes=(\d+)-", (header or "").strip())
    return int(match[1]) if match else 0
