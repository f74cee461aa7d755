from __future__ import annotations

import threading

import pytest

from jd.errors import VisitorRateLimited
from jd.limits import RateLimiter, visitor_key


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_limit_per_visitor_in_a_sliding_minute():
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    for _ in range(3):
        limiter.check("a")
    with pytest.raises(VisitorRateLimited, match="Try again in 60 seconds"):
        limiter.check("a")
    limiter.check("b")  # other visitors are not affected
    clock.now += 30
    with pytest.raises(VisitorRateLimited, match="Try again in 30 seconds"):
        limiter.check("a")
    clock.now += 30.1
    limiter.check("a")  # the window slid past the first calls


def allowed(limiter: RateLimiter, visitor: str) -> bool:
    try:
        limiter.check(visitor)
    except VisitorRateLimited:
        return False
    return True


def test_zero_means_off():
    off = RateLimiter(0)
    assert all(allowed(off, "a") for _ in range(1000))
    on = RateLimiter(1)
    assert [allowed(on, "a") for _ in range(2)] == [True, False]  # the same check refuses when the limit is on


def test_concurrent_calls_never_exceed_the_limit():
    limiter = RateLimiter(50)
    allowed = []

    def worker():
        for _ in range(20):
            try:
                limiter.check("same")
                allowed.append(1)
            except VisitorRateLimited:
                pass

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 50


def test_visitor_key():
    assert visitor_key("10.0.0.1", "1.2.3.4, 10.0.0.1", "alice", True) == "user:alice"
    assert visitor_key("10.0.0.1", "1.2.3.4, 10.0.0.1", None, True) == "ip:1.2.3.4"
    # A visitor who types their own X-Forwarded-For only adds entries on the left: the proxy's entry wins.
    assert visitor_key("10.0.0.1", "6.6.6.6, 1.2.3.4", None, True) == "ip:1.2.3.4"
    assert visitor_key("10.0.0.1", "not-an-ip, 10.1.1.1", None, True) == "ip:10.0.0.1"
    assert visitor_key("127.0.0.1", "1.2.3.4", None, False) == "ip:127.0.0.1"  # not behind a proxy: header ignored
