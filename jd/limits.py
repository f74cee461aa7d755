"""Limits on model use: the per-visitor rate limit (so one visitor cannot spend everybody's inference
quota), the update rate of streams, and the line in front of a model that serves one request at a time."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from .errors import VisitorRateLimited, say

WINDOW_SECONDS = 60.0
MAX_TRACKED_VISITORS = 10_000  # bounded memory: the least recently seen visitors are forgotten first


def _too_many_answers(per_minute: int, wait: int) -> str:
    return say(
        "You have asked for {per_minute} answers in the last minute, the most one visitor may, to keep the shared "
        "model quota fair. Try again in {wait} seconds; editing and generating the job description still work "
        "meanwhile.",
        per_minute=per_minute,
        wait=wait,
    )


class RateLimiter:
    """At most `per_minute` calls per visitor in any 60-second window; 0 turns the limit off.

    `refusal(per_minute, wait_seconds)` words the message of the VisitorRateLimited it raises.
    """

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        refusal: Callable[[int, int], str] | None = None,
    ):
        self.per_minute = per_minute
        self._clock = clock
        self._refusal = refusal or _too_many_answers
        self._calls: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, visitor: str) -> None:
        """Count one call for `visitor`, or raise VisitorRateLimited (the call is then not counted)."""
        if self.per_minute <= 0:
            return
        now = self._clock()
        with self._lock:
            calls = self._calls.pop(visitor, None) or deque()
            while calls and now - calls[0] >= WINDOW_SECONDS:
                calls.popleft()
            if len(calls) >= self.per_minute:
                self._calls[visitor] = calls
                wait = max(1, math.ceil(WINDOW_SECONDS - (now - calls[0])))
                raise VisitorRateLimited(self._refusal(self.per_minute, wait), retry_after=wait)
            calls.append(now)
            self._calls[visitor] = calls
            while len(self._calls) > MAX_TRACKED_VISITORS:
                self._calls.popitem(last=False)


def _client_from_forwarded(forwarded_for: str) -> str | None:
    """The rightmost public address in X-Forwarded-For.

    Proxies append the address they saw, so entries to the left can be typed by the
    visitor (spoofed); the rightmost public one was written by the platform's proxy.
    Private and loopback hops (the platform's own proxies) are skipped.
    """
    for entry in reversed(forwarded_for.split(",")):
        candidate = entry.strip()
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if address.is_global:
            return candidate
    return None


def visitor_key(host: str | None, forwarded_for: str | None, username: str | None, behind_proxy: bool) -> str:
    """Who is asking: the signed-in user, else the client address (from the proxy's X-Forwarded-For on a Space)."""
    if username:
        return f"user:{username}"
    if behind_proxy and forwarded_for:
        client = _client_from_forwarded(forwarded_for)
        if client:
            return f"ip:{client}"
    return f"ip:{host or 'unknown'}"


# --- how often a stream updates the page -----------------------------------------------------

# Every update costs the server Gradio's per-update work (queue, session state, SSE): measured with
# bench/bench_serving.py, 0.3 ms of CPU on the API with 16 visitors, more on the page (each output is
# post-processed in a thread) and more when streams are few (no batching), ~2 ms before this design.
# So updates are coalesced to a total budget across all streams: with few streams each gets
# MIN_UPDATE_INTERVAL, with many the interval grows (64 streams: 0.32 s, 128: 0.64 s).
UPDATES_PER_SECOND = 200  # all streams together: well under a tenth of a core on the API
MIN_UPDATE_INTERVAL = 0.05  # one visitor alone: 20 updates a second look fluid
MAX_UPDATE_INTERVAL = 1.0  # beyond this the text no longer looks live


def update_interval(active_streams: int, budget: float = UPDATES_PER_SECOND) -> float:
    """Seconds between one stream's updates when `active_streams` stream at once (the first text is never held)."""
    return min(max(active_streams / budget, MIN_UPDATE_INTERVAL), MAX_UPDATE_INTERVAL)


class Gauge:
    """How many of something are going on now, across threads (e.g. streams sending text)."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self, delta: int) -> None:
        with self._lock:
            self.value += delta


# --- taking turns at a model that serves one request at a time -------------------------------


class Ticket:
    """One request's place in a `Line`: `place` 1 is being served, 2 is next, and so on."""

    def __init__(self, line: Line, loop: asyncio.AbstractEventLoop, place: int) -> None:
        self.place = place
        self._line = line
        self._loop = loop
        self._changed = asyncio.Event()

    @property
    def served(self) -> bool:
        return self.place == 1

    async def moved(self) -> int:
        """Wait until the place changes; the new place."""
        await self._changed.wait()
        self._changed.clear()
        return self.place

    def leave(self) -> None:
        """Give up the turn, or the place in line (call it exactly once, in a `finally`)."""
        self._line._leave(self)

    def _notify(self) -> None:
        # Called from whichever thread freed a place; the waiter's loop may be another one.
        with contextlib.suppress(RuntimeError):  # that loop is closed: its waiter is gone
            self._loop.call_soon_threadsafe(self._changed.set)


class Line:
    """First come, first served access to something that serves one request at a time.

    Unlike a lock it tells each waiter its place as the line moves. It works across threads
    and event loops: the app's loop and the private loops of the synchronous API share it.
    """

    def __init__(self) -> None:
        self._tickets: list[Ticket] = []  # [0] is being served
        self._guard = threading.Lock()

    def __len__(self) -> int:
        return len(self._tickets)

    def join(self) -> Ticket:
        """A ticket at the end of the line (call from a coroutine; `leave()` it when done)."""
        with self._guard:
            ticket = Ticket(self, asyncio.get_running_loop(), len(self._tickets) + 1)
            self._tickets.append(ticket)
        return ticket

    def _leave(self, ticket: Ticket) -> None:
        with self._guard:
            if ticket not in self._tickets:
                return
            index = self._tickets.index(ticket)
            del self._tickets[index]
            moved = self._tickets[index:]
            for place, waiting in enumerate(moved, start=index + 1):
                waiting.place = place
        for waiting in moved:
            waiting._notify()
