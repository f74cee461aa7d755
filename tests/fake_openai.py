"""A fake OpenAI-compatible chat-completions server that can misbehave on purpose.

It streams a configurable reply as Server-Sent Events on 127.0.0.1, records every
request, and can inject the failures real backends produce:

    fault          what the client sees
    -------------  ---------------------------------------------------------
    "401" "403" "404" "429" "500" "502" "503" "504"
                   that HTTP status with a JSON error body (429 and 503 send
                   Retry-After: <retry_after> when retry_after is set)
    "hang"         headers never come (hangs up to hang_seconds)
    "stall"        after_chunks chunks, then silence with the connection open
    "drop"         after_chunks chunks, then the socket closes mid-body
    "no_finish"    after_chunks chunks, then a clean end without finish_reason/[DONE]
    "malformed"    after_chunks chunks, then a line that is not JSON
    "bad_shape"    after_chunks chunks, then JSON that is not a chunk
    "error_event"  after_chunks chunks, then an {"error": ...} event
    "close"        the connection closes before any response

`fault_count=K` applies the fault to the first K chat requests only (None: all).
`hold(after=N)` makes every stream stop after N text pieces until the test calls `release()`
(`wait_held(k)` waits until k streams are held): tests order events by this, never by sleeping.
`replies=[a, b, ...]` answers the 1st chat request with a, the 2nd with b, ... (the last
one repeats); `faults=[None, "drop", ...]` likewise sets each request's fault (after the
list: none). Both override `reply`/`fault` when given.
A refused connection needs no server: use `closed_port_url()`.

Use it as a context manager (`with FakeOpenAI(reply="...") as fake: fake.base_url`),
through the `fake_openai` pytest fixture, or standalone for benchmarks and
browser tests:

    python tests/fake_openai.py --port 8123 --reply-file reply.txt --delay 0.02
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEFAULT_REPLY = (
    "- Plan and run weekly stock counts with the warehouse team.\n"
    "- Keep pick and pack accuracy above target.\n"
    "- Train new starters on safe forklift use.\n"
)
HTTP_FAULTS = {"401", "403", "404", "429", "500", "502", "503", "504"}
HOLD_CEILING = 120.0  # seconds a held stream waits for release() at most
STREAM_FAULTS = {"hang", "stall", "drop", "no_finish", "malformed", "bad_shape", "error_event", "close"}


def split_tokens(text: str) -> list[str]:
    """Word-sized pieces that join back to exactly `text` (whitespace stays attached)."""
    return re.findall(r"\s*\S+|\s+", text)


def closed_port_url() -> str:
    """A base URL on which nothing listens: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict | None
    at: float
    ended: float | None = None  # when the stream's last text piece had been sent


@dataclass
class FakeConfig:
    reply: str = DEFAULT_REPLY
    tokens_per_chunk: int = 1
    delay: float = 0.0  # seconds before each chunk
    finish_reason: str = "stop"
    fault: str | None = None
    fault_count: int | None = None  # apply the fault to the first K chat requests; None = always
    after_chunks: int = 2  # for the mid-stream faults
    retry_after: float | None = None
    hang_seconds: float = 30.0  # how long "hang" and "stall" last at most
    model: str = "fake-model"
    record: bool = True  # keep RecordedRequests (turn off for long benchmarks)
    replies: tuple[str, ...] | None = None  # per chat request, in order; the last one repeats
    faults: tuple[str | None, ...] | None = None  # per chat request, in order; None after the list
    hold_after: int | None = None  # stop each stream after this many text pieces until release() (see hold)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args):  # quiet
        pass

    def _record(self, body) -> RecordedRequest | None:
        fake = self.server.fake
        if not fake.config.record:
            return None
        record = RecordedRequest(
            self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.monotonic()
        )
        with fake._lock:
            fake.requests.append(record)
        return record

    def _send_json(self, status: int, payload: dict, extra_headers: dict | None = None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._record(None)
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            model = self.server.fake.config.model
            self._send_json(200, {"object": "list", "data": [{"id": model, "object": "model", "owned_by": "fake"}]})
        else:
            self._send_json(404, {"error": {"message": "not found", "type": "not_found"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        record = self._record(body)
        fake = self.server.fake
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        config = fake.config
        with fake._lock:
            fake.chat_requests += 1
            number = fake.chat_requests
        fault = config.fault if (config.fault_count is None or number <= config.fault_count) else None
        if config.faults is not None:
            fault = config.faults[number - 1] if number <= len(config.faults) else None
        reply = config.replies[min(number, len(config.replies)) - 1] if config.replies else config.reply
        if fault in HTTP_FAULTS:
            status = int(fault)
            headers = {}
            if config.retry_after is not None and status in (429, 503):
                headers["Retry-After"] = f"{config.retry_after:g}"
            self._send_json(
                status, {"error": {"message": f"fake {status}", "type": "fake_error", "code": status}}, headers
            )
            return
        if fault == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "hang":
            fake._closing.wait(config.hang_seconds)
            self.close_connection = True
            return
        self._stream(config, fault, body or {}, reply, record)

    def _write_chunk(self, data: bytes):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, payload) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        self._write_chunk(f"data: {text}\n\n".encode())

    def _stream(
        self,
        config: FakeConfig,
        fault: str | None,
        body: dict,
        reply: str | None = None,
        record: RecordedRequest | None = None,
    ):
        fake = self.server.fake
        model = body.get("model") or config.model
        base = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": "fake",
        }
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()
        tokens = split_tokens(config.reply if reply is None else reply)
        pieces = [
            "".join(tokens[i : i + config.tokens_per_chunk]) for i in range(0, len(tokens), config.tokens_per_chunk)
        ]
        try:
            self._event(
                {
                    **base,
                    "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}],
                }
            )
            for sent, piece in enumerate(pieces):
                if fault in STREAM_FAULTS and sent == config.after_chunks:
                    break
                if sent == config.hold_after:
                    fake._hold()
                if config.delay and fake._closing.wait(config.delay):
                    return
                self._event({**base, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            else:  # every piece sent
                if config.hold_after is not None and config.hold_after >= len(pieces):
                    fake._hold()
            if record is not None:
                record.ended = time.monotonic()
            if fault == "stall":
                fake._closing.wait(config.hang_seconds)
                self.close_connection = True
                return
            if fault == "drop":
                # End mid-body: no terminating chunk, so the client sees a broken stream.
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault == "malformed":
                self._event('{"choices": [{"delta": {"content": "oops"')
            elif fault == "bad_shape":
                self._event({"choices": "not a list", "created": 0, "id": "x", "model": model})
            elif fault == "error_event":
                self._event({"error": "the fake model crashed", "error_type": "generation"})
            elif fault != "no_finish":
                self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": config.finish_reason}]})
                self._event("[DONE]")
            self._write_chunk(b"")  # the chunked body's clean end
        except (BrokenPipeError, ConnectionResetError, OSError):
            with fake._lock:
                fake.disconnects += 1
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    fake: FakeOpenAI

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that hung up (a cancelled or timed-out request): expected, not worth a traceback
        super().handle_error(request, client_address)


class FakeOpenAI:
    """The fake server; `configure(...)` changes its behaviour between requests."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", **config):
        self.config = FakeConfig(**config)
        self.requests: list[RecordedRequest] = []
        self.chat_requests = 0
        self.disconnects = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._hold_changed = threading.Condition()
        self._held = 0  # streams waiting for release()
        self._released = False
        self._server = _Server((host, port), _Handler)
        self._server.fake = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def configure(self, **changes) -> FakeOpenAI:
        values = {**self.config.__dict__, **changes}
        self.config = FakeConfig(**values)
        return self

    def hold(self, after: int = 1) -> FakeOpenAI:
        """Every stream from now on stops after `after` text pieces (0: before the first) until `release()`."""
        with self._hold_changed:
            self._released = False
        return self.configure(hold_after=after)

    def release(self) -> None:
        """Held streams go on, and later ones are not held (until the next `hold`)."""
        with self._hold_changed:
            self._released = True
            self._hold_changed.notify_all()

    @property
    def held(self) -> int:
        """How many streams are waiting for `release()` now."""
        with self._hold_changed:
            return self._held

    def wait_held(self, count: int = 1, timeout: float = 60.0) -> bool:
        """Wait until `count` streams are held (True), or `timeout` seconds (False)."""
        with self._hold_changed:
            return self._hold_changed.wait_for(lambda: self._held >= count, timeout)

    def _hold(self) -> None:
        with self._hold_changed:
            if self._released:
                return
            self._held += 1
            self._hold_changed.notify_all()
            # A ceiling, so that a test that forgets to release cannot hang a server thread for ever.
            self._hold_changed.wait_for(lambda: self._released or self._closing.is_set(), HOLD_CEILING)
            self._held -= 1
            self._hold_changed.notify_all()

    def reset(self) -> FakeOpenAI:
        """Back to the default behaviour with an empty record, as if just started (for a shared fake)."""
        self.release()
        with self._hold_changed:
            self._released = False
        with self._lock:
            self.config = FakeConfig()
            self.requests.clear()
            self.chat_requests = 0
            self.disconnects = 0
        return self

    @property
    def chat_log(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == "POST"]

    def start(self) -> FakeOpenAI:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing.set()  # wakes hanging and stalled handlers
        with self._hold_changed:
            self._hold_changed.notify_all()  # and held ones
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Fake OpenAI-compatible streaming server for tests and benchmarks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--reply-file", type=Path, help="text to stream back (default: a short duty list)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each chunk")
    parser.add_argument("--tokens-per-chunk", type=int, default=1)
    parser.add_argument("--fault", choices=sorted(HTTP_FAULTS | STREAM_FAULTS))
    parser.add_argument("--fault-count", type=int, help="apply the fault to the first K requests only")
    parser.add_argument("--after-chunks", type=int, default=2)
    parser.add_argument("--record", action="store_true", help="keep a log of requests (grows without bound)")
    args = parser.parse_args(argv)
    reply = args.reply_file.read_text() if args.reply_file else DEFAULT_REPLY
    fake = FakeOpenAI(
        port=args.port,
        host=args.host,
        reply=reply,
        delay=args.delay,
        tokens_per_chunk=args.tokens_per_chunk,
        fault=args.fault,
        fault_count=args.fault_count,
        after_chunks=args.after_chunks,
        record=args.record,
    )
    print(f"Fake OpenAI server at http://{args.host}:{fake.port}/v1", flush=True)
    try:
        fake._server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        fake._server.server_close()


if __name__ == "__main__":
    main()
