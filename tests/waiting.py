"""Waiting for a condition, never for a fixed time: the one helper the tests share."""

from __future__ import annotations

import time
from collections.abc import Callable

CEILING = 60.0  # seconds: a bound for a hang on a slow, loaded machine, not an expected duration


def wait_until(condition: Callable[[], object], ceiling: float = CEILING, every: float = 0.02) -> bool:
    """True as soon as `condition()` is true; False if it is still false after `ceiling` seconds."""
    deadline = time.monotonic() + ceiling
    while not condition():
        if time.monotonic() > deadline:
            return bool(condition())
        time.sleep(every)
    return True
