"""Benchmark the embedded model directly, through the app's API, and from a click in a real browser.

    .venv/bin/python bench/bench_embedded.py [--runs 3]

Prints time to first token (TTFT), tokens/s, the app's overhead as ratios measured in this one run,
click-to-first-token in headless Chromium, and resident memory of the app and the llama.cpp server.
A script, not a test: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from jd.backends import choose_backends  # noqa: E402
from jd.embedded import get_embedded_server  # noqa: E402
from jd.prompts import build_messages  # noqa: E402
from jd.settings import Settings  # noqa: E402
from jd.spec import parse_job  # noqa: E402
from jd.streaming import stream_chat  # noqa: E402

JOB = {
    "title": "Line Cook",
    "experience": "2+ years",
    "skills": "Food safety, grill, prep",
    "job_type": "Full-time",
    "work_mode": "On-site",
    "location": "Portland, OR, USA",
}


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_stream(chunks) -> tuple[float, float, int]:
    """(seconds to first chunk, total seconds, chunk count) of an iterator of text."""
    start = time.perf_counter()
    first = None
    count = 0
    for _ in chunks:
        count += 1
        if first is None:
            first = time.perf_counter() - start
    return first or float("nan"), time.perf_counter() - start, count


def browser_click_to_first_token(url: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    if not Path("/usr/bin/chromium").exists():
        return []
    seconds = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page()
        page.goto(url)
        page.locator("#title textarea, #title input").first.fill("Line Cook")
        for _ in range(runs):
            page.evaluate("document.querySelector('#live textarea').value = ''")
            start = time.perf_counter()
            page.locator("#write").click()
            page.wait_for_function("document.querySelector('#live textarea').value.trim().length > 0", timeout=60000)
            seconds.append(time.perf_counter() - start)
            page.wait_for_function("!document.querySelector('#status').innerText.includes('Writing')", timeout=120000)
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # A fixed seed: every run writes the same answer, so direct and through-the-app times compare.
    settings = Settings(backend="local", data_dir=Path(tempfile.mkdtemp()), preload_local=False, seed=3)
    job = parse_job(JOB)
    server = get_embedded_server(settings)
    start = time.perf_counter()
    server.ensure_started()
    print(f"embedded server start: {time.perf_counter() - start:.2f} s")
    timed_stream(stream_chat(choose_backends(settings), build_messages(job), settings))  # warm-up

    direct = [
        timed_stream(stream_chat(choose_backends(settings), build_messages(job), settings)) for _ in range(args.runs)
    ]
    ttft = statistics.median(r[0] for r in direct)
    rate = statistics.median(r[2] / (r[1] - r[0]) for r in direct)
    print(
        f"direct: TTFT median {ttft:.3f} s; {rate:.1f} chunks/s (≈ tokens/s); "
        f"answer {statistics.median(r[1] for r in direct):.2f} s"
    )

    from launch import launched_app

    with launched_app(settings) as app:
        api = []
        for _ in range(args.runs):
            job_handle = app.client.submit(JOB, api_name="/responsibilities")
            api.append(timed_stream(job_handle))
        api_ttft = statistics.median(r[0] for r in api)
        api_total = statistics.median(r[1] for r in api)
        print(
            f"through gradio_client: first partial {api_ttft:.3f} s (ratio to direct TTFT "
            f"{api_ttft / ttft:.2f}); whole answer {api_total:.2f} s (ratio "
            f"{api_total / statistics.median(r[1] for r in direct):.2f})"
        )
        clicks = browser_click_to_first_token(app.url, args.runs)
        if clicks:
            print(
                f"browser click -> first token visible: median {statistics.median(clicks):.3f} s "
                f"(runs: {', '.join(f'{c:.2f}' for c in clicks)})"
            )
        print(f"memory: app process {rss_mb():.0f} MB RSS; llama.cpp server {rss_mb(server.pid):.0f} MB RSS")
    server.stop()


if __name__ == "__main__":
    main()
