"""Time jd.location on warm indexes: is it fast enough for the review, which runs on every keystroke?

A script, not a test (timings vary with the machine):  .venv/bin/python bench/bench_location.py [rounds]
Prints the time of an uncached and of a cached parse, and each one's ratio to its budget
(5 ms uncached, 0.5 ms cached: what tests/test_location.py asserted before timing left the tests).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jd import location

UNCACHED_BUDGET_MS = 5.0
CACHED_BUDGET_MS = 0.5


def per_call_ms(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        location.parse_locations(text)
    return (time.perf_counter() - started) * 1000 / len(texts)


def main(rounds: int = 5) -> None:
    started = time.perf_counter()
    location.warm_up()
    print(f"warm-up (indexes built once): {(time.perf_counter() - started) * 1000:.0f} ms")
    uncached, cached = [], []
    for r in range(rounds):
        # New texts each round (the cache holds 2,048): half US, half German addresses, as typed.
        texts = [f"Springfield {r}-{i}, MO" for i in range(50)] + [f"Town{r}-{i}, Berlin, DE" for i in range(50)]
        uncached.append(per_call_ms(texts))
        cached.append(per_call_ms(["Denver, CO, USA"] * 1000))
    for name, values, budget in (
        ("uncached parse", uncached, UNCACHED_BUDGET_MS),
        ("cached parse", cached, CACHED_BUDGET_MS),
    ):
        median = statistics.median(values)
        ratio = median / budget
        print(f"{name}: median {median * 1000:.1f} µs over {rounds} rounds; {ratio:.3f}x its {budget:g} ms budget")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
