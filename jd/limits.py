"""Per-visitor rate limit on model calls, so one visitor cannot spend everybody's inference quota."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from .errors import VisitorRateLimited

WINDOW_SECONDS = 60.0
MAX_TRACKED_VISITORS = 10_000  # bounded memory: the least recently seen visitors are forgotten first


class RateLimiter:
    """At most `per_minute` calls per visitor in any 60-second window; 0 turns the limit off."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
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
                raise VisitorRateLimited(
                    f"You have asked for {self.per_minute} answers in the last minute, the most one visitor may, "
                    f"to keep the shared model quota fair. Try again in {wait} seconds; "
                    "editing and generating the job description still work meanwhile."
                )
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
