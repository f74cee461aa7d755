"""Serving benchmark: many visitors streaming at once, measured as a user meets the app.

    .venv/bin/python bench/bench_serving.py [--quick] [--runs N] [--json PATH] [--profile]

What it does, in one command:

1. starts a fake OpenAI-compatible backend (`bench/fake_backend.py`, asyncio, own process) that streams
   400 short-word tokens at 50 tokens/s (ideal answer: 8 s) with `finish_reason` and `data: [DONE]`;
2. launches the app as a user would (`.venv/bin/python app.py` in a subprocess) with default settings
   except JD_BASE_URL (the fake backend), GRADIO_SERVER_PORT, GRADIO_ANALYTICS_ENABLED=False,
   JD_RATE_LIMIT=0 (the per-visitor anti-abuse limit, off; that is already the default off a Space)
   and JD_DATA_DIR (a temporary folder, so the benchmark leaves no feedback database behind);
3. measures (median, min and max of --runs runs):
   - time to first token reading the backend directly with huggingface_hub.InferenceClient vs through
     the app's public `/responsibilities` API (Gradio's REST call API: POST /gradio_api/call/responsibilities
     then GET /gradio_api/call/responsibilities/<event_id>, SSE); "first token" = the first `generating`
     event with non-empty text; the difference is the TTFT the app adds;
   - one stream's whole time, app / direct;
   - 1, 16, 64 and 128 visitors at once through the app: wall time / ideal, median and p95 time to
     first token, errors (refused, `event: error`, no final list), the app's CPU seconds per stream;
   - cold start (process start -> the app answers HTTP) and the app's resident memory (remote backend);
   - the embedded model (SmolLM2 via llama-cpp-python's server) through the app (JD_BACKEND=local)
     vs `python -m llama_cpp.server` directly: first token and tokens/s, same prompt and max_tokens,
     temperature 0 and a fixed seed; top-ups off (JD_TOPUP_REQUESTS=0) so the app makes one request;
   - rendering every format plus the full review of a ~700-word ad, in-process (what "Generate" runs);
4. prints a table (figure | median | min | max | goal | met?) and writes JSON (default
   bench/serving_results.json) with the machine, the machine's load while it ran and the command line.

`--profile` also records the app during one 64-visitor run with py-spy (collapsed stacks in
bench/profile_64.txt, `--profile-svg` adds bench/profile_64.svg from a second run; both git-ignored)
and prints where the app's CPU time goes, by thread and kind of work. py-spy runs with `--gil` by
default: it samples only the thread holding the GIL, because its idle detection counts threads
blocked in socket reads and lock waits as busy here (`--py-spy-args` changes this).
`--concurrency N` / `--queue-size N` set JD_CONCURRENCY / JD_QUEUE_SIZE for the app (default: the
app's own, 16 and 64); `--skip remote embedded render` leaves parts out; `--keep-logs` keeps the
app's and servers' logs.

A benchmark, not a test: the machine has 2 cores that other work shares; the figures are noisy and
the JSON records the load average and the CPU other processes used during each phase.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():
    PYTHON = Path(sys.executable)
sys.path[:0] = [str(ROOT), str(BENCH)]
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import httpx  # noqa: E402  (gradio's dependency; the async client for many visitors)

API = "responsibilities"
JOB = {
    "title": "Warehouse Associate",
    "experience": "1+ years",
    "skills": "forklift, inventory, order picking, RF scanners",
    "nice_to_have": "reach truck licence, first aid",
    "job_type": "Full-time",
    "work_mode": "On-site",
    "location": "Columbus, OH, USA",
    "schedule": "Monday to Friday, 7:00-15:30",
    "company": "Northwind Logistics",
    "salary_min": 19,
    "salary_max": 23,
    "currency": "USD",
    "salary_period": "hour",
    "benefits": "Health, dental and vision insurance; 401(k) with 4% match; 15 days paid time off",
    "apply_at": "https://northwind-logistics.example/careers/warehouse-associate",
    "tone": "professional",
    "language": "en",
}
# The ad for the render + review figure: the job above with a long company description and
# benefits, and ten duties: about 700 words of Markdown.
AD_JOB = {
    **JOB,
    "about_company": (
        "Northwind Logistics runs three regional distribution centres that deliver groceries, household goods and "
        "medical supplies to more than two hundred stores and clinics across the Midwest. We are a family-owned "
        "business that has grown steadily for twenty years by treating our people, our customers and our suppliers "
        "fairly. Our Columbus site opened last spring and is our newest and largest warehouse, with modern racking, "
        "a clean and well-lit floor, and a team of about one hundred and twenty people on two shifts. We invest in "
        "training, promote from within and ask everyone on the floor for ideas that make the work safer and simpler. "
        "Most of our supervisors started as associates. We measure ourselves on safety first, then accuracy, then "
        "speed, and we celebrate the teams that get all three right. If you like steady, practical work in a team "
        "that looks out for each other, you will fit in well here. We work closely with our drivers and store "
        "teams, and we keep our promises to them: orders that leave on time, complete and undamaged. Our people "
        "tell us they stay because the shifts are predictable, the managers listen, and the work is organised so "
        "that nobody has to rush or cut corners to hit a target. New starters spend their first two weeks with a "
        "buddy who shows them the routines and answers their questions."
    ),
    "benefits": (
        "Health, dental and vision insurance from day one; 401(k) with 4% match; 15 days paid time off plus public "
        "holidays; paid overtime at time and a half; free safety boots and work clothing; paid training and "
        "forklift certification; employee assistance programme; on-site parking"
    ),
    "valid_through": "2027-01-31",
}

# The embedded runs: one title each (see measure_embedded).
EMBEDDED_TITLES = [
    "Warehouse Associate",
    "Forklift Operator",
    "Order Picker",
    "Inventory Clerk",
    "Shipping Associate",
    "Receiving Clerk",
    "Material Handler",
    "Stock Controller",
]

# Goals: the brief's (cold start, memory, embedded ratio, render) and, for streaming, "serve 64
# visitors streaming at once as fast as one" read as: wall time within 5 % of one answer, no errors.
# The goals of the issue "Serve 64 visitors streaming at once as fast as one".
GOALS = {
    "added_ttft_ms": ("<=", 10.0),
    "solo_ratio": ("<=", 1.005),
    "wall_ratio_16": ("<=", 1.02),
    "wall_ratio_64": ("<=", 1.15),
    "ttft_median_64": ("<=", 0.5),
    "wall_ratio_128": ("<=", 1.5),
    "errors_1": ("<=", 0),
    "errors_16": ("<=", 0),
    "errors_64": ("<=", 0),
    "errors_128": ("<=", 0),
    "cold_start_s": ("<=", 6.0),
    "rss_mb": ("<=", 250.0),
    "embedded_ttft_ratio": (">=", 0.95),
    "embedded_rate_ratio": (">=", 0.95),
    "render_review_ms": ("<=", 20.0),
}


# --- small helpers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summary(values: list) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "runs": []}
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def proc_cpu_seconds(pid: int) -> float:
    """utime + stime of a process (not its children), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_memory_mb(pid: int, key: str = "VmRSS") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def machine_busy() -> tuple[float, float]:
    """(busy seconds, total seconds) of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    total = sum(values[:8])
    tick = os.sysconf("SC_CLK_TCK")
    return (total - idle) / tick, total / tick


class LoadMeter:
    """CPU the whole machine used during a phase, and how much of it was not ours."""

    def __init__(self, pids: list[int]):
        self.pids = pids

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.busy0, self.total0 = machine_busy()
        self.ours0 = sum(proc_cpu_seconds(p) for p in self.pids) + time.process_time()
        self.load0 = os.getloadavg()[0]
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t0
        busy, _ = machine_busy()
        ours = sum(proc_cpu_seconds(p) for p in self.pids) + time.process_time()
        self.result = {
            "wall_s": wall,
            "machine_busy_cores": (busy - self.busy0) / wall if wall else None,
            "ours_cores": (ours - self.ours0) / wall if wall else None,
            "others_cores": ((busy - self.busy0) - (ours - self.ours0)) / wall if wall else None,
            "loadavg_1min_start": self.load0,
            "loadavg_1min_end": os.getloadavg()[0],
        }
        return False


def machine_info() -> dict:
    model = ""
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.split("\n")
        dirty = [line[3:] for line in dirty if line.strip()]
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", []
    return {
        "cores": os.cpu_count(),
        "affinity_cores": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git_commit": commit,
        "git_modified_files": dirty,
        "loadavg_at_start": os.getloadavg(),
    }


# --- processes ------------------------------------------------------------------------------------


class Proc:
    """A child process we started, with its output in a log file; stopped by its own pid only."""

    def __init__(self, name: str, command: list[str], env: dict | None = None, log_dir: Path | None = None):
        self.name = name
        self.log = (log_dir or Path(tempfile.mkdtemp(prefix="jd-bench-"))) / f"{name}.log"
        self.started = time.perf_counter()
        self.handle = open(self.log, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=self.handle, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 25) -> str:
        with suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        with suppress(OSError):
            if self.process.stdin:
                self.process.stdin.close()
        self.handle.close()


def start_backend(tokens: int, rate: float, log_dir: Path) -> tuple[Proc, str]:
    port = free_port()
    proc = Proc(
        "fake_backend",
        [
            str(PYTHON),
            str(BENCH / "fake_backend.py"),
            "--port",
            str(port),
            "--tokens",
            str(tokens),
            "--rate",
            str(rate),
        ],
        log_dir=log_dir,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if "READY" in proc.tail(5):
            return proc, f"http://127.0.0.1:{port}"
        if not proc.alive():
            break
        time.sleep(0.05)
    proc.stop()
    raise SystemExit(f"The fake backend did not start:\n{proc.tail()}")


def app_env(port: int, data_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JD_", "GRADIO_"))}
    for secret in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "SPACE_ID"):
        env.pop(secret, None)  # a user's default run on this machine: no token, not a Space
    env.update(
        {
            "GRADIO_SERVER_PORT": str(port),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "JD_RATE_LIMIT": "0",
            "JD_DATA_DIR": str(data_dir),
        }
    )
    env.update(extra)
    return env


def start_app(
    extra_env: dict[str, str], log_dir: Path, name: str = "app", timeout: float = 180
) -> tuple[Proc, str, float]:
    """Launch `python app.py`; return it, its URL, and seconds from process start to the first HTTP answer."""
    port = free_port()
    data_dir = Path(tempfile.mkdtemp(prefix="jd-bench-data-", dir=log_dir))
    env = app_env(port, data_dir, extra_env)
    url = f"http://127.0.0.1:{port}"
    proc = Proc(name, [str(PYTHON), "app.py"], env=env, log_dir=log_dir)
    with httpx.Client(timeout=2.0) as client:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not proc.alive():
                break
            with suppress(httpx.HTTPError):
                if client.get(url + "/").status_code == 200:
                    return proc, url, time.perf_counter() - proc.started
            time.sleep(0.05)
    proc.stop()
    raise SystemExit(f"The app did not start (see {proc.log}):\n{proc.tail()}")


# --- clients --------------------------------------------------------------------------------------


def direct_stream(base_url: str, messages: list[dict], **params) -> dict:
    """One streamed answer read with huggingface_hub.InferenceClient: TTFT, total, tokens, text."""
    from huggingface_hub import InferenceClient

    client = InferenceClient(base_url=base_url, api_key="x")
    start = time.perf_counter()
    first = last = None
    tokens = 0
    text = []
    finish = None
    for chunk in client.chat_completion(messages, stream=True, **params):
        if not chunk.choices:
            continue
        content = chunk.choices[0].delta.content
        if content:
            now = time.perf_counter()
            first = first or now
            last = now
            tokens += 1
            text.append(content)
        finish = chunk.choices[0].finish_reason or finish
    end = time.perf_counter()
    return {
        "ttft": (first - start) if first else None,
        "total": end - start,
        "tokens": tokens,
        "rate": (tokens - 1) / (last - first) if first and last and last > first else None,
        "text": "".join(text),
        "finish_reason": finish,
    }


async def visit(client: httpx.AsyncClient, url: str, job: dict, keep_events: bool = False) -> dict:
    """One visitor through the app's REST call API: POST the job, read the SSE stream to the end."""
    start = time.perf_counter()
    result: dict[str, Any] = {
        "ttft": None,
        "total": None,
        "error": None,
        "events": 0,
        "final": None,
        "last_generating": None,
    }
    try:
        response = await client.post(f"{url}/gradio_api/call/{API}", json={"data": [job]})
        if response.status_code != 200:
            result["error"] = f"POST HTTP {response.status_code}: {response.text[:120]}"
            return result
        event_id = response.json()["event_id"]
        events = []
        async with client.stream("GET", f"{url}/gradio_api/call/{API}/{event_id}") as stream:
            buffer = b""
            async for piece in stream.aiter_raw():
                buffer += piece
                while True:
                    end = buffer.find(b"\n\n")
                    if end < 0:
                        break
                    raw, buffer = buffer[:end], buffer[end + 2 :]
                    name, _, rest = raw.partition(b"\n")
                    name = name.removeprefix(b"event: ").strip()
                    data = rest.removeprefix(b"data: ")
                    now = time.perf_counter()
                    if name == b"generating":
                        result["events"] += 1
                        result["last_generating"] = now - start
                        if keep_events:
                            events.append((now - start, json.loads(data)[0]))
                        if result["ttft"] is None:
                            value = json.loads(data)
                            if value and isinstance(value[0], str) and value[0].strip():
                                result["ttft"] = now - start
                    elif name == b"complete":
                        value = json.loads(data)
                        result["final"] = value[0] if value else None
                        result["total"] = now - start
                        if not (isinstance(result["final"], str) and result["final"].startswith("- ")):
                            result["error"] = f"no list in the final value: {str(result['final'])[:120]!r}"
                    elif name == b"error":
                        result["error"] = f"event: error {data[:160].decode(errors='replace')}"
                        result["total"] = now - start
        if result["total"] is None and result["error"] is None:
            result["error"] = "stream ended without a complete event"
        if keep_events:
            result["event_log"] = events
    except (httpx.HTTPError, ValueError, KeyError) as error:
        stage = "GET stream" if "event_id" in locals() else "POST"
        result["error"] = (
            f"{type(error).__name__}: {str(error)[:120] or repr(error.__cause__ or error.__context__)[:120]} "
            f"({stage}, after {time.perf_counter() - start:.1f} s and {result['events']} updates)"
        )
    if result["total"] is None:
        result["total"] = time.perf_counter() - start
    return result


async def visitors(url: str, count: int, job: dict, keep_events: bool = False) -> tuple[list[dict], float]:
    limits = httpx.Limits(max_connections=4 * count + 8, max_keepalive_connections=4 * count + 8)
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(600.0, connect=30.0)) as client:
        start = time.perf_counter()
        results = await asyncio.gather(*(visit(client, url, job, keep_events) for _ in range(count)))
        return list(results), time.perf_counter() - start


def one_visit(url: str, job: dict, keep_events: bool = False) -> dict:
    return asyncio.run(visitors(url, 1, job, keep_events))[0][0]


def backend_stats(backend_url: str, reset: bool = False) -> dict:
    with httpx.Client(timeout=10) as client:
        if reset:
            client.post(backend_url + "/stats/reset")
            return {}
        return client.get(backend_url + "/stats").json()


# --- phases ----------------------------------------------------------------------------------------


def measure_remote(args, log_dir: Path, results: dict) -> None:
    from jd.prompts import build_messages
    from jd.spec import parse_job

    ideal = args.tokens / args.rate
    backend, backend_url = start_backend(args.tokens, args.rate, log_dir)
    extra = {"JD_BASE_URL": backend_url + "/v1"}
    if args.concurrency:
        extra["JD_CONCURRENCY"] = str(args.concurrency)
    if args.queue_size:
        extra["JD_QUEUE_SIZE"] = str(args.queue_size)
    results["app_env"] = {k: v for k, v in app_env(0, Path("<tmp>"), extra).items() if k.startswith(("JD_", "GRADIO_"))}
    results["app_env"]["GRADIO_SERVER_PORT"] = "<free port>"
    results["app_settings"] = {
        "concurrency": int(extra.get("JD_CONCURRENCY", 16)),
        "queue_size": int(extra.get("JD_QUEUE_SIZE", 64)),
        "rate_limit_per_minute": 0,
        "backend": f"fake OpenAI-compatible, {args.tokens} tokens at {args.rate:g} tokens/s (ideal {ideal:g} s)",
    }
    apps: list[Proc] = []
    try:
        # Cold start and memory: fresh processes; the last one stays up for the rest.
        cold, rss, idle = [], [], []
        for index in range(args.cold_runs):
            app, url, seconds = start_app(extra, log_dir, name=f"app_remote_{index}")
            cold.append(seconds)
            time.sleep(args.settle)  # background warm-up (places gazetteer) finishes
            rss.append(proc_memory_mb(app.pid))
            cpu0 = proc_cpu_seconds(app.pid)
            time.sleep(2.0)
            idle.append((proc_cpu_seconds(app.pid) - cpu0) / 2.0)
            print(f"  cold start {seconds:.2f} s, RSS {rss[-1]:.0f} MB after {args.settle:g} s", flush=True)
            if index < args.cold_runs - 1:
                app.stop()
            else:
                apps.append(app)
        results["cold_start_s"] = summary(cold)
        results["rss_mb"] = summary(rss)
        results["app_idle_cpu_cores"] = summary(idle)
        app = apps[-1]

        # Solo stream: direct vs through the app, interleaved so that drift in the machine's load hits both.
        messages = build_messages(parse_job(JOB))  # what the app sends (the fake answers any prompt alike)
        params = {"max_tokens": 400, "temperature": 0.3}
        direct_stream(backend_url + "/v1", messages, **params)  # warm-up (imports, connection)
        one_visit(url, JOB)
        direct, through = [], []
        with LoadMeter([app.pid, backend.pid]) as meter:
            for run in range(args.runs):
                if run % 2 == 0:
                    direct.append(direct_stream(backend_url + "/v1", messages, **params))
                    through.append(one_visit(url, JOB))
                else:
                    through.append(one_visit(url, JOB))
                    direct.append(direct_stream(backend_url + "/v1", messages, **params))
        for label, items in (("direct", direct), ("app", through)):
            print(
                f"  solo {label}: TTFT "
                + ", ".join(f"{r['ttft'] * 1000:.0f}" for r in items if r["ttft"])
                + " ms; total "
                + ", ".join(f"{r['total']:.2f}" for r in items)
                + " s",
                flush=True,
            )
        results["solo"] = {
            "direct_ttft_ms": summary([r["ttft"] * 1000 for r in direct if r["ttft"]]),
            "app_ttft_ms": summary([r["ttft"] * 1000 for r in through if r["ttft"]]),
            "added_ttft_ms": summary(
                [
                    (a["ttft"] - d["ttft"]) * 1000
                    for d, a in zip(direct, through, strict=True)
                    if a["ttft"] and d["ttft"]
                ]
            ),
            "direct_total_s": summary([r["total"] for r in direct]),
            "app_total_s": summary([r["total"] for r in through]),
            "ratio_app_direct": summary([a["total"] / d["total"] for d, a in zip(direct, through, strict=True)]),
            "app_errors": [r["error"] for r in through if r["error"]],
            "app_update_events": summary([r["events"] for r in through]),
            "load": meter.result,
        }

        # Many visitors at once.
        results["loads"] = {}
        for count in args.loads:
            runs = []
            for _ in range(args.load_runs):
                backend_stats(backend_url, reset=True)
                cpu0, client0 = proc_cpu_seconds(app.pid), time.process_time()
                with LoadMeter([app.pid, backend.pid]) as meter:
                    visits, wall = asyncio.run(visitors(url, count, JOB))
                cpu, client_cpu = proc_cpu_seconds(app.pid) - cpu0, time.process_time() - client0
                stats = backend_stats(backend_url)
                ok = [v for v in visits if not v["error"]]
                errors = Counter(v["error"].split(":")[0] for v in visits if v["error"])
                runs.append(
                    {
                        "wall_s": wall,
                        "wall_ratio": wall / ideal,
                        "ttft_median_s": percentile([v["ttft"] for v in ok], 0.5),
                        "ttft_p95_s": percentile([v["ttft"] for v in ok], 0.95),
                        "total_median_s": percentile([v["total"] for v in ok], 0.5),
                        "total_p95_s": percentile([v["total"] for v in ok], 0.95),
                        "errors": len(visits) - len(ok),
                        "error_kinds": dict(errors),
                        "first_error": next((v["error"] for v in visits if v["error"]), None),
                        "app_cpu_s": cpu,
                        "app_cpu_ms_per_stream": cpu * 1000 / max(len(ok), 1),
                        "app_cpu_cores": cpu / wall,
                        "update_events_median": percentile([v["events"] for v in ok], 0.5),
                        "client_cpu_s": client_cpu,
                        "backend": stats,
                        "load": meter.result,
                    }
                )
                run = runs[-1]
                print(
                    f"  {count:>3} visitors: wall {wall:.2f} s ({run['wall_ratio']:.2f}x ideal), TTFT median "
                    f"{_fmt(run['ttft_median_s'])} s p95 {_fmt(run['ttft_p95_s'])} s, errors {run['errors']} "
                    f"{dict(errors) or ''}, app CPU {cpu:.1f} s ({run['app_cpu_cores']:.2f} cores), backend "
                    f"last-token lateness max {_fmt(stats.get('late_ms_max'), 0)} ms, others' load "
                    f"{meter.result['others_cores']:.2f} cores",
                    flush=True,
                )
            results["loads"][str(count)] = {
                "visitors": count,
                "runs": runs,
                **{
                    key: summary([r[key] for r in runs])
                    for key in (
                        "wall_ratio",
                        "ttft_median_s",
                        "ttft_p95_s",
                        "errors",
                        "app_cpu_ms_per_stream",
                        "app_cpu_cores",
                    )
                },
            }

        if args.profile:
            results["profile"] = profile_64(app, url, log_dir, svg=args.profile_svg, spy_args=args.py_spy_args)
        results["rss_peak_mb_after_loads"] = proc_memory_mb(app.pid, "VmHWM")
    finally:
        for proc in apps:
            proc.stop()
        backend.stop()


def _fmt(value, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def profile_64(app: Proc, url: str, log_dir: Path, svg: bool, spy_args: str) -> dict:
    """py-spy on the app during one 64-visitor run: collapsed stacks, top functions and packages."""
    py_spy = shutil.which("py-spy", path=str(PYTHON.parent)) or shutil.which("py-spy")
    if not py_spy:
        print("  py-spy is not installed: skipping the profile (pip install py-spy)")
        return {"error": "py-spy not installed"}
    out: dict[str, Any] = {}
    formats = [("raw", BENCH / "profile_64.txt")] + ([("flamegraph", BENCH / "profile_64.svg")] if svg else [])
    for fmt, path in formats:
        with open(log_dir / f"py-spy-{fmt}.log", "wb") as log:
            spy = subprocess.Popen(
                [py_spy, "record", "--pid", str(app.pid), *spy_args.split(), "--format", fmt, "-o", str(path)],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )  # fmt: skip
        time.sleep(1.0)  # py-spy attaches
        cpu0, t0 = proc_cpu_seconds(app.pid), time.perf_counter()
        visits, wall = asyncio.run(visitors(url, 64, JOB))
        spy.send_signal(2)  # SIGINT: py-spy writes its output and exits
        cpu, seconds = proc_cpu_seconds(app.pid) - cpu0, time.perf_counter() - t0
        try:
            spy.wait(timeout=60)
        except subprocess.TimeoutExpired:
            spy.kill()
        print(
            f"  profiled 64 visitors ({fmt}, py-spy {spy_args}): wall {wall:.2f} s, errors "
            f"{sum(1 for v in visits if v['error'])}, app CPU {cpu:.1f} s over {seconds:.1f} s"
        )
        out[fmt] = str(path.relative_to(ROOT))
        out[f"{fmt}_app_cpu_s"] = cpu
        out["py_spy_args"] = spy_args
    if (BENCH / "profile_64.txt").exists():
        out["analysis"] = analyse_collapsed(BENCH / "profile_64.txt")
        print_profile(out["analysis"])
    return out


def _frame_function(frame: str) -> tuple[str, str]:
    """("function (file)", package) of one collapsed-stack frame such as "get (queue.py:171)"."""
    name, _, where = frame.partition(" (")
    path = where.rsplit(":", 1)[0].rstrip(")")
    short = path.split("site-packages/")[-1] if "site-packages/" in path else path.split("/work/main/")[-1]
    package = short.split("/")[0] if "/" in short else short.removesuffix(".py")
    if "python3." in path and "site-packages" not in path:
        package = "stdlib:" + Path(path).stem
    return f"{name} ({short})", package


_LEAF_KINDS = (  # (what the deepest matching frame says, markers in the frame), checked from the leaf up
    ("gradio per-update 'import matplotlib' attempt (not installed)", ("MatplotlibBackendMananger", "importlib")),
    ("chunk parsing (json, huggingface_hub dataclasses)", ("json/", "huggingface_hub/inference/_generated",
                                                           "_format_chat_completion_stream_output", "<string>")),
    ("HTTP read (httpx2/httpcore2/h11)", ("httpx2/", "httpcore2/", "h11/", "socket.py", "ssl.py")),
    ("duty parsing + grounding (jd.parsing, jd.review)", ("jd/parsing.py", "jd/review/", "rapidfuzz")),
    ("thread hop: queue/condition wait and wake", ("queue.py", "threading.py", "concurrent/futures")),
    ("jd.streaming loop", ("jd/streaming.py",)),
    ("other jd code (service, ui, backends, spec)", ("jd/",)),
    ("HTTP + SSE (uvicorn/starlette/fastapi/h11)", ("starlette/", "uvicorn/", "fastapi/", "sse_starlette/")),
    ("gradio queue/process_api per update", ("gradio/",)),
    ("pydantic", ("pydantic",)),
    ("anyio thread hand-off", ("anyio/",)),
    ("asyncio scheduling / selectors", ("asyncio/", "selectors.py")),
)  # fmt: skip


def _bucket(stack: str) -> str:
    """Which thread and which kind of work one sampled stack is."""
    frames = stack.split(";")
    if "_read_stream (jd/streaming.py" in stack:
        thread = "reader thread"  # one per stream, iterating InferenceClient's stream
    elif "WorkerThread.run (anyio/" in stack or ("run_sync_iterator_async" in stack and "_run_once" not in stack):
        thread = "generator step (anyio worker)"  # gradio runs each next() of our generator in a thread
    elif "_run_once (asyncio/base_events.py" in stack:
        thread = "event loop"
    else:
        thread = "other/partial stack"
    for frame in reversed(frames):
        for kind, markers in _LEAF_KINDS:
            if any(marker in frame for marker in markers):
                if thread == "event loop" and kind.startswith("HTTP read"):
                    kind = "HTTP + SSE (uvicorn/starlette/fastapi/h11)"  # the server's side of HTTP
                elif thread == "event loop" and kind.startswith("chunk parsing"):
                    kind = "JSON encoding of update messages"
                return f"{thread}: {kind}"
    return f"{thread}: other ({frames[-1].split(' (')[0] if frames else '?'})"


def analyse_collapsed(path: Path, top: int = 25) -> dict:
    self_fn: Counter[str] = Counter()
    incl_fn: Counter[str] = Counter()
    self_pkg: Counter[str] = Counter()
    buckets: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [f for f in stack.split(";") if f]
        if frames and frames[0].startswith(("process ", "thread ")):
            frames = frames[1:]
        if not frames:
            continue
        functions = [_frame_function(f) for f in frames]
        leaf_fn, leaf_pkg = functions[-1]
        self_fn[leaf_fn] += n
        self_pkg[leaf_pkg] += n
        for fn in {fn for fn, _ in functions}:
            incl_fn[fn] += n
        bucket = _bucket(stack)
        buckets[bucket] += n
        threads[bucket.split(":")[0]] += n

    def share(counter: Counter) -> list[tuple[str, int, float]]:
        return [(k, v, 100.0 * v / total) for k, v in counter.most_common(top)]

    return {
        "samples": total,
        "by_thread": share(threads),
        "by_part": share(buckets),
        "self_by_package": share(self_pkg),
        "self_by_function": share(self_fn),
        "inclusive_by_function": share(incl_fn),
    }


def print_profile(analysis: dict) -> None:
    print(f"\n  py-spy samples: {analysis['samples']}")
    for title, key, n in (
        ("by thread", "by_thread", 5),
        ("by thread and kind of work (deepest recognised frame)", "by_part", 16),
        ("self time by package", "self_by_package", 12),
        ("self time by function", "self_by_function", 15),
        ("inclusive time by function", "inclusive_by_function", 25),
    ):
        print(f"  {title}:")
        for name, count, pct in analysis[key][:n]:
            print(f"    {pct:5.1f}%  {count:>6}  {name}")


def measure_embedded(args, log_dir: Path, results: dict) -> None:
    """SmolLM2 through the app (JD_BACKEND=local) vs llama-cpp-python's server directly."""
    from jd.embedded import find_local_model
    from jd.prompts import STOP, build_messages
    from jd.settings import Settings
    from jd.spec import parse_job

    try:
        gguf = find_local_model(Settings())
    except Exception as error:  # reported; the rest of the benchmark still runs
        results["embedded"] = {"error": str(error)}
        print(f"  embedded model unavailable: {error}")
        return
    seed = 1
    port = free_port()
    direct_server = Proc(
        "llama_direct",
        [str(PYTHON), "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "4096"],
        log_dir=log_dir,
    )  # fmt: skip
    direct_url = f"http://127.0.0.1:{port}/v1"
    app = None
    try:
        deadline = time.monotonic() + 120
        with httpx.Client(timeout=2) as client:
            while time.monotonic() < deadline:
                with suppress(httpx.HTTPError):
                    if client.get(direct_url + "/models").status_code == 200:
                        break
                if not direct_server.alive():
                    raise SystemExit(f"llama_cpp.server did not start:\n{direct_server.tail()}")
                time.sleep(0.1)
        extra = {
            "JD_BACKEND": "local",
            "JD_TEMPERATURE": "0",
            "JD_SEED": str(seed),
            "JD_TOPUP_REQUESTS": "0",  # one request per answer, as the direct reference
        }
        app, url, _ = start_app(extra, log_dir, name="app_embedded")
        messages = build_messages(parse_job({**JOB, "title": "Logistics Assistant"}))
        params = {"max_tokens": 400, "temperature": 0.0, "seed": seed, "stop": STOP}
        direct_stream(direct_url, messages, **params)  # warm-up: model pages, caches
        one_visit(url, {**JOB, "title": "Logistics Assistant"})  # warm-up; also waits for the app's preloaded server
        direct, through = [], []
        with LoadMeter([app.pid, direct_server.pid]) as meter:
            for run in range(args.embedded_runs):
                # A different title each run (the same for both): llama.cpp reuses the cached prefix of the
                # previous prompt, so each run prefills the new job card as a new visitor's request would.
                job_run = {**JOB, "title": EMBEDDED_TITLES[run % len(EMBEDDED_TITLES)]}
                # Alternate which goes first, so that a change in the machine's load hits both alike.
                if run % 2 == 0:
                    d = direct_stream(direct_url, build_messages(parse_job(job_run)), **params)
                    a = one_visit(url, job_run, keep_events=True)
                else:
                    a = one_visit(url, job_run, keep_events=True)
                    d = direct_stream(direct_url, build_messages(parse_job(job_run)), **params)
                # The app's updates carry its growing raw text, then the cleaned list (the last update).
                # The answer is complete at the first update that holds the whole direct answer (same
                # prompt, temperature 0, seed); if the texts differ, at the last raw update.
                log = a.get("event_log") or []
                raw = [(t, text) for t, text in log[:-1] if isinstance(text, str)] or log
                done_at, last_text = next(
                    ((t, text) for t, text in raw if text.strip() == d["text"].strip()), raw[-1] if raw else (0, "")
                )
                same = last_text.strip() == d["text"].strip()
                if not same:
                    a["text_difference"] = {"direct": d["text"][:300], "app": last_text[:300]}
                tokens = d["tokens"] if same else max(1, round(d["tokens"] * len(last_text) / max(len(d["text"]), 1)))
                span = done_at - (a["ttft"] or 0)
                a["rate"] = (tokens - 1) / span if a["ttft"] and span > 0 else None
                a["same_text"] = same
                a.pop("event_log", None)
                direct.append(d)
                through.append(a)
                print(
                    f"  embedded: direct TTFT {d['ttft'] * 1000:.0f} ms {d['rate']:.1f} tok/s ({d['tokens']} tokens); "
                    f"app TTFT {_fmt((a['ttft'] or 0) * 1000, 0)} ms {_fmt(a['rate'], 1)} tok/s; same text: {same}",
                    flush=True,
                )
        results["embedded"] = {
            "model": gguf.name,
            "direct_command": f"python -m llama_cpp.server --model {gguf.name} --n_ctx 4096",
            "app_env": extra,
            "params": {k: v for k, v in params.items() if k != "stop"},
            "direct_ttft_ms": summary([d["ttft"] * 1000 for d in direct if d["ttft"]]),
            "app_ttft_ms": summary([a["ttft"] * 1000 for a in through if a["ttft"]]),
            "ttft_ratio": summary([d["ttft"] / a["ttft"] for d, a in zip(direct, through, strict=True) if a["ttft"]]),
            "direct_tokens_per_s": summary([d["rate"] for d in direct if d["rate"]]),
            "app_tokens_per_s": summary([a["rate"] for a in through if a["rate"]]),
            "rate_ratio": summary(
                [a["rate"] / d["rate"] for d, a in zip(direct, through, strict=True) if a["rate"] and d["rate"]]
            ),
            "tokens": summary([d["tokens"] for d in direct]),
            "same_text": [a["same_text"] for a in through],
            "app_errors": [a["error"] for a in through if a["error"]],
            "load": meter.result,
        }
    finally:
        if app is not None:
            app.stop()
        direct_server.stop()


def measure_render(args, results: dict) -> None:
    """All four formats plus the full review (what the Generate button runs), in-process."""
    from fake_backend import DUTIES

    from jd import service
    from jd.review import highlight_html
    from jd.spec import parse_job

    duties = "\n".join(f"- {duty}" for duty in DUTIES[:10])

    def generate() -> tuple[dict, dict]:
        # The Generate button's work: the form parsed, four formats rendered, the Markdown reviewed.
        rendered = service.render_texts(parse_job(AD_JOB), duties, "")
        review = service.review_job_description(AD_JOB, rendered["markdown"])
        service.review_panel(review)
        highlight_html(rendered["markdown"], review)
        return rendered, review

    rendered, review = generate()  # warm-up: templates, word lists, gazetteer
    times = []
    for _ in range(args.render_runs):
        start = time.perf_counter()
        generate()
        times.append((time.perf_counter() - start) * 1000)
    results["render_review"] = {
        "words": len(rendered["markdown"].split()),
        "score": review["score"],
        "ms": summary(times),
        "p90_ms": percentile(times, 0.9),
        "what": "service.render_texts (markdown, html, text, json-ld) + service.review_job_description "
        "+ service.review_panel + review.highlight_html",
    }
    print(
        f"  render + review of a {results['render_review']['words']}-word ad: median {statistics.median(times):.2f} ms"
    )


# --- report ------------------------------------------------------------------------------------------


def _met(key: str, value) -> str:
    if key not in GOALS or value is None:
        return ""
    op, target = GOALS[key]
    return "yes" if (value <= target if op == "<=" else value >= target) else "NO"


def _goal(key: str, unit: str = "") -> str:
    if key not in GOALS:
        return "—"
    op, target = GOALS[key]
    return f"{'≤' if op == '<=' else '≥'} {target:g}{unit}"


def table_rows(results: dict) -> list[dict]:
    rows = []

    def add(name: str, stats: dict | None, key: str = "", unit: str = "", digits: int = 2):
        stats = stats or {}
        rows.append(
            {
                "figure": name,
                "median": stats.get("median"),
                "min": stats.get("min"),
                "max": stats.get("max"),
                "unit": unit,
                "digits": digits,
                "goal": _goal(key, unit),
                "met": _met(key, stats.get("median")),
                "key": key,
            }
        )

    solo = results.get("solo")
    if solo:
        add("TTFT direct (InferenceClient)", solo["direct_ttft_ms"], unit=" ms", digits=0)
        add("TTFT through the app", solo["app_ttft_ms"], unit=" ms", digits=0)
        add("added TTFT (app − direct)", solo["added_ttft_ms"], "added_ttft_ms", " ms", 0)
        add("solo stream total, app / direct", solo["ratio_app_direct"], "solo_ratio", "x")
    for count, load in results.get("loads", {}).items():
        who = f"{count} visitor{'s' if int(count) != 1 else ''}"
        add(f"{who}: wall / ideal", load["wall_ratio"], f"wall_ratio_{count}", "x")
        add(f"{who}: TTFT median", load["ttft_median_s"], f"ttft_median_{count}", " s")
        add(f"{who}: TTFT p95", load["ttft_p95_s"], unit=" s")
        add(f"{who}: errors", load["errors"], f"errors_{count}", digits=0)
        add(f"{who}: app CPU per stream", load["app_cpu_ms_per_stream"], unit=" ms", digits=0)
    if "cold_start_s" in results:
        add("cold start to serving (remote backend)", results["cold_start_s"], "cold_start_s", " s")
        add("app RSS (remote backend, idle after start)", results["rss_mb"], "rss_mb", " MB", 0)
    if results.get("rss_peak_mb_after_loads"):
        peak = results["rss_peak_mb_after_loads"]
        add("app peak RSS after the loads (VmHWM)", {"median": peak, "min": peak, "max": peak}, unit=" MB", digits=0)
    emb = results.get("embedded", {})
    if "direct_ttft_ms" in emb:
        add("embedded TTFT direct (llama_cpp.server)", emb["direct_ttft_ms"], unit=" ms", digits=0)
        add("embedded TTFT through the app", emb["app_ttft_ms"], unit=" ms", digits=0)
        add("embedded TTFT speed, direct / app", emb["ttft_ratio"], "embedded_ttft_ratio", "x")
        add("embedded tokens/s direct", emb["direct_tokens_per_s"], unit=" tok/s", digits=1)
        add("embedded tokens/s through the app", emb["app_tokens_per_s"], unit=" tok/s", digits=1)
        add("embedded tokens/s, app / direct", emb["rate_ratio"], "embedded_rate_ratio", "x")
    if "render_review" in results:
        add(f"render 4 formats + review ({results['render_review']['words']} words)", results["render_review"]["ms"],
            "render_review_ms", " ms")  # fmt: skip
    return rows


def print_table(rows: list[dict]) -> None:
    def cell(value, row) -> str:
        return "—" if value is None else f"{value:.{row['digits']}f}{row['unit']}"

    header = ("figure", "median", "min", "max", "goal", "met?")
    body = [
        (r["figure"], cell(r["median"], r), cell(r["min"], r), cell(r["max"], r), r["goal"], r["met"]) for r in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    print()
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in body:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) + " |")


def print_load(results: dict) -> None:
    """How busy the machine was: CPU cores used by other processes during each phase (of 2 cores)."""
    phases = []
    if "solo" in results:
        phases.append(("solo", [results["solo"]["load"]]))
    for count, load in results.get("loads", {}).items():
        phases.append((f"{count} visitors", [run["load"] for run in load["runs"]]))
    if "load" in results.get("embedded", {}):
        phases.append(("embedded", [results["embedded"]["load"]]))
    if phases:
        print(
            "\nCPU used by other processes while measuring (cores; load average 1 min): "
            + "; ".join(
                f"{name} {statistics.median(m['others_cores'] for m in loads):.2f}"
                f" ({statistics.median(m['loadavg_1min_end'] for m in loads):.1f})"
                for name, loads in phases
            )
        )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 run each, 1 and 16 visitors")
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 5, quick 1)")
    parser.add_argument("--json", type=Path, default=BENCH / "serving_results.json", help="where to write results")
    parser.add_argument("--tokens", type=int, default=400, help="tokens per fake answer")
    parser.add_argument("--rate", type=float, default=50.0, help="fake backend tokens/s per stream")
    parser.add_argument("--loads", type=int, nargs="+", default=None, help="visitor counts (default 1 16 64 128)")
    parser.add_argument("--concurrency", type=int, default=None, help="JD_CONCURRENCY for the app (default: its own)")
    parser.add_argument("--queue-size", type=int, default=None, help="JD_QUEUE_SIZE for the app (default: its own)")
    parser.add_argument("--profile", action="store_true", help="py-spy the app during one 64-visitor run")
    parser.add_argument("--profile-svg", action="store_true", help="with --profile: also a flame graph SVG")
    parser.add_argument("--py-spy-args", default="--rate 200 --gil", help="options for py-spy record")
    parser.add_argument("--keep-logs", action="store_true", help="keep the app's and servers' logs")
    parser.add_argument("--skip", nargs="*", default=[], choices=["remote", "embedded", "render"])
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.loads = args.loads or ([1, 16] if args.quick else [1, 16, 64, 128])
    args.load_runs = max(1, min(args.runs, 3))  # a 128-visitor run takes 40 s or more
    args.cold_runs = max(1, min(args.runs, 3))
    args.embedded_runs = args.runs
    args.render_runs = 20 if args.quick else 200
    args.settle = 1.0 if args.quick else 5.0
    args.profile_svg = args.profile_svg and args.profile
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    started = datetime.now(timezone.utc)
    log_dir = Path(tempfile.mkdtemp(prefix="jd-bench-serving-"))
    machine = machine_info()
    print(
        f"{machine['cores']} cores ({machine['cpu_model']}), Python {machine['python']}, load average "
        f"{', '.join(f'{x:.2f}' for x in machine['loadavg_at_start'])}; logs in {log_dir}",
        flush=True,
    )
    results: dict = {}
    if "remote" not in args.skip:
        print("remote backend (fake, through the app):", flush=True)
        measure_remote(args, log_dir, results)
    if "embedded" not in args.skip:
        print("embedded model:", flush=True)
        measure_embedded(args, log_dir, results)
    if "render" not in args.skip:
        print("render + review:", flush=True)
        measure_render(args, results)
    rows = table_rows(results)
    print_table(rows)
    print_load(results)
    machine["loadavg_at_end"] = os.getloadavg()
    output = {
        "command": shlex.join([".venv/bin/python", *sys.argv]),
        "argv": sys.argv,
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "started": started.isoformat(timespec="seconds"),
        "duration_s": (datetime.now(timezone.utc) - started).total_seconds(),
        "machine": machine,
        "note": "2 shared cores: figures are noisy; see machine.loadavg_* and each phase's load.others_cores",
        "goals": {k: f"{op} {v}" for k, (op, v) in GOALS.items()},
        "table": [{k: v for k, v in row.items() if k not in ("digits",)} for row in rows],
        "results": results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(output, indent=2, default=str) + "\n")
    print(f"\nwrote {args.json}")
    if args.keep_logs:
        print(f"logs kept in {log_dir}")
    else:
        shutil.rmtree(log_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
