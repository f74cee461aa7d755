"""A fast fake OpenAI-compatible chat-completions server for serving benchmarks (raw asyncio, one thread).

    .venv/bin/python bench/fake_backend.py [--port 0] [--tokens 400] [--rate 50] [--ttft 0]

Streams a fixed answer (warehouse duties, one short word per token, whitespace attached in front as
real tokenizers do) at a fixed token rate: token i leaves at start + ttft + i / rate, so 400 tokens
at 50 tokens/s take 8 s. Then a chunk with `finish_reason` ("stop", or "length" when the request's
`max_tokens` cut the answer) and `data: [DONE]`. HTTP/1.1 with keep-alive and chunked bodies.

Built so that it is never the bottleneck with 128+ streams: one timer task wakes every 10 ms and
writes every stream's due tokens at once (one socket write per stream per tick, no per-token
timers), and each token's SSE line is encoded once at start-up. It measures itself: `GET /stats`
returns how late the last token of each stream left compared with its schedule (`late_ms`), the
most streams open at once and this process's CPU seconds; `POST /stats/reset` clears them.

When started as a script it prints `READY <port>` on stdout once it listens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time

DUTIES = [
    "Receive incoming deliveries, check each load against the paperwork and report damaged or missing goods "
    "to the shift lead straight away.",
    "Operate forklifts and pallet trucks safely to unload, move and stack pallets in the racking, following site "
    "safety rules at all times.",
    "Pick and pack customer orders accurately from handheld scanner lists, keeping a steady pace while checking "
    "every item before it ships.",
    "Carry out regular inventory counts with the team, find the cause of any differences and record the "
    "corrections in the stock system.",
    "Keep aisles, loading bays and workstations clean, tidy and free of hazards so that everyone can work safely "
    "through the whole shift.",
    "Label, wrap and stage outgoing pallets for collection, making sure each shipment carries the right documents "
    "and reaches the right dock.",
    "Replenish pick faces from reserve stock during the shift so that pickers never wait for products and orders "
    "leave on schedule.",
    "Inspect forklifts and handling equipment before each shift, report faults promptly and take unsafe equipment "
    "out of use until repaired.",
    "Process customer returns by checking their condition, sorting them for restock or disposal and updating "
    "inventory records the same day.",
    "Work closely with drivers, supervisors and colleagues to solve problems quickly and hand over clear notes at "
    "the end of every shift.",
    "Load and secure trailers so that goods travel without damage, checking weights and seals before each vehicle "
    "leaves the yard.",
    "Follow manual handling guidance when lifting, use the right aids for heavy items and speak up early about "
    "anything that looks unsafe.",
    "Scan every movement of stock as it happens so the inventory system always shows where each product is and "
    "how many remain.",
    "Put away received goods in their assigned locations quickly and neatly, keeping fast movers near the dispatch "
    "area to save walking.",
    "Support new colleagues during their first weeks by showing them the routines, the equipment and the safe way "
    "to do each task.",
    "Spot slow or damaged stock during daily work and flag it to the team lead so that it can be moved, repaired "
    "or written off.",
    "Help prepare for peak periods by building stock, setting up extra packing stations and adjusting routines "
    "when volumes change.",
    "Suggest improvements to layouts, labels and routines that cut errors and make the warehouse easier to work in.",
]
REPLY = "".join(f"- {duty}\n" for duty in DUTIES)  # exactly 400 tokens with split_tokens
TICK = 0.01  # seconds between the timer's wake-ups


def split_tokens(text: str) -> list[str]:
    """Word-sized pieces that join back to exactly `text` (whitespace stays attached in front)."""
    return re.findall(r"\s*\S+|\s+", text)


def answer_tokens(count: int) -> list[str]:
    """`count` tokens of the reply (repeated from the start when more are asked for)."""
    base = split_tokens(REPLY)
    return [base[i % len(base)] for i in range(count)]


def _chunk(payload: bytes) -> bytes:
    """One piece of an HTTP/1.1 chunked body."""
    return b"%x\r\n%s\r\n" % (len(payload), payload)


class _Stream:
    __slots__ = ("done", "events", "finish", "sent", "start", "writer")

    def __init__(self, writer, events: list[bytes], start: float, finish: bytes, done: asyncio.Future):
        self.writer = writer
        self.events = events
        self.start = start
        self.sent = 0
        self.finish = finish
        self.done = done


class FakeBackend:
    def __init__(self, tokens: int = 400, rate: float = 50.0, ttft: float = 0.0, model: str = "fake-model"):
        self.tokens = answer_tokens(tokens)
        self.rate = rate
        self.ttft = ttft
        self.model = model
        self.created = int(time.time())
        self._events: dict[str, list[bytes]] = {}
        self._streams: list[_Stream] = []
        self._wake = asyncio.Event()
        self.reset()

    def reset(self) -> None:
        self.late_ms: list[float] = []
        self.max_open = 0
        self.requests = 0
        self.cpu_at_reset = time.process_time()

    # --- SSE bodies, encoded once ---------------------------------------------------

    def _line(self, model: str, delta: dict, finish_reason: str | None) -> bytes:
        payload = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        }
        return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"

    def events_for(self, model: str) -> list[bytes]:
        events = self._events.get(model)
        if events is None:
            events = [
                self._line(model, {"role": "assistant", "content": token} if i == 0 else {"content": token}, None)
                for i, token in enumerate(self.tokens)
            ]
            self._events[model] = events
        return events

    # --- the timer ------------------------------------------------------------------

    async def ticker(self) -> None:
        while True:
            if not self._streams:
                self._wake.clear()
                await self._wake.wait()
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            still = []
            for stream in self._streams:
                if stream.done.done():  # the client went away
                    continue
                due = min(len(stream.events), int((now - stream.start) * self.rate) + 1) if now >= stream.start else 0
                if due > stream.sent:
                    data = b"".join(stream.events[stream.sent : due])
                    stream.sent = due
                    if due == len(stream.events):
                        self.late_ms.append((now - (stream.start + (due - 1) / self.rate)) * 1000)
                        data += stream.finish
                    try:
                        stream.writer.write(_chunk(data) + (b"0\r\n\r\n" if due == len(stream.events) else b""))
                    except (ConnectionError, RuntimeError):
                        stream.done.set_result(False)
                        continue
                    if due == len(stream.events):
                        stream.done.set_result(True)
                        continue
                still.append(stream)
            self._streams = still

    # --- HTTP -----------------------------------------------------------------------

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = [*lines[0].split(" ", 2), "", ""][:3]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                body = await reader.readexactly(length) if length else b""
                keep_alive = headers.get("connection", "").lower() != "close"
                path = path.split("?", 1)[0].rstrip("/")
                if method == "POST" and path.endswith("/chat/completions"):
                    await self._chat(body, writer)
                elif method == "GET" and path.endswith("/models"):
                    self._json(writer, 200, {"object": "list", "data": [{"id": self.model, "object": "model"}]})
                elif method == "GET" and path == "/stats":
                    self._json(writer, 200, self.stats())
                elif method == "POST" and path == "/stats/reset":
                    self.reset()
                    self._json(writer, 200, {"ok": True})
                else:
                    self._json(writer, 404, {"error": {"message": f"no route {method} {path}"}})
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()

    def _json(self, writer, status: int, payload) -> None:
        data = json.dumps(payload).encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}.get(status, "OK")
        head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        writer.write(head.encode() + data)

    async def _chat(self, body: bytes, writer) -> None:
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            self._json(writer, 400, {"error": {"message": "body is not JSON"}})
            return
        self.requests += 1
        model = str(request.get("model") or self.model)
        events = self.events_for(model)
        max_tokens = request.get("max_tokens")
        finish_reason = "stop"
        if isinstance(max_tokens, int) and 0 < max_tokens < len(events):
            events = events[:max_tokens]
            finish_reason = "length"
        if not request.get("stream"):
            text = "".join(self.tokens[: len(events)])
            self._json(
                writer,
                200,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": self.created,
                    "model": model,
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}
                    ],
                },
            )
            return
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        finish = self._line(model, {}, finish_reason) + b"data: [DONE]\n\n"
        start = time.perf_counter() + self.ttft
        done = asyncio.get_running_loop().create_future()
        stream = _Stream(writer, events, start, finish, done)
        if self.ttft <= 0:  # the first token leaves at once, not at the next tick
            stream.sent = 1
            writer.write(_chunk(events[0]))
        self._streams.append(stream)
        self.max_open = max(self.max_open, len(self._streams))
        self._wake.set()
        try:
            await done
        finally:
            if not done.done():
                done.set_result(False)

    def stats(self) -> dict:
        late = sorted(self.late_ms)
        return {
            "requests": self.requests,
            "streams_finished": len(late),
            "open_now": len(self._streams),
            "max_open": self.max_open,
            "late_ms_median": late[len(late) // 2] if late else None,
            "late_ms_p95": late[min(len(late) - 1, int(len(late) * 0.95))] if late else None,
            "late_ms_max": late[-1] if late else None,
            "cpu_seconds": time.process_time() - self.cpu_at_reset,
        }


async def serve(host: str, port: int, backend: FakeBackend, ready=None) -> None:
    server = await asyncio.start_server(backend.handle, host, port, backlog=1024)
    ticker = asyncio.create_task(backend.ticker())
    bound = server.sockets[0].getsockname()[1]
    if ready is not None:
        ready(bound)
    async with server:
        try:
            await server.serve_forever()
        finally:
            ticker.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed as READY <port>)")
    parser.add_argument("--tokens", type=int, default=400, help="tokens per answer")
    parser.add_argument("--rate", type=float, default=50.0, help="tokens per second per stream")
    parser.add_argument("--ttft", type=float, default=0.0, help="seconds before the first token")
    args = parser.parse_args()

    def ready(port: int) -> None:
        print(f"READY {port}", flush=True)

    backend_holder = {}

    async def run() -> None:
        backend_holder["b"] = FakeBackend(args.tokens, args.rate, args.ttft)
        await serve(args.host, args.port, backend_holder["b"], ready)

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
