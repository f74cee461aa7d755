"""How long the embedded model takes to read the duties prompt, without and with the occupation's tasks (issue 20).

    .venv/bin/python bench/bench_prompt_time.py [--runs 3]

For each role, the prompt as it was (no tasks) and the prompt with the occupation's tasks (jd.role_tasks) are sent
in turn to the real embedded SmolLM2-135M (llama.cpp), asking for one token, so the time to the first token is the
time to read the prompt. They alternate, so no request reuses the previous one's cached prefix and load on the
machine falls on both alike. Prints the estimated prompt size (characters / 4) and the median seconds of each, and
their ratio from this one run. A script, not a test: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jd.backends import choose_backends  # noqa: E402
from jd.embedded import get_embedded_server  # noqa: E402
from jd.prompts import build_messages, estimate_tokens  # noqa: E402
from jd.role_tasks import role_tasks  # noqa: E402
from jd.settings import Settings  # noqa: E402
from jd.spec import parse_job  # noqa: E402
from jd.streaming import stream_chat  # noqa: E402


def first_token_seconds(messages: list[dict], settings: Settings) -> float:
    start = time.perf_counter()
    for _ in stream_chat(choose_backends(settings), messages, settings):
        return time.perf_counter() - start
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    extra = json.loads((ROOT / "bench" / "occupation_roles.json").read_text(encoding="utf-8"))
    jobs = [parse_job(role | {"occupation": extra["occupations"][role["title"]]}) for role in extra["roles"]]
    settings = Settings(backend="local", data_dir=Path(tempfile.mkdtemp()), preload_local=False, seed=1)
    settings = settings.replace(max_tokens=1, fallback_to_local=False)
    get_embedded_server(settings).ensure_started()
    first_token_seconds(build_messages(jobs[0]), settings)  # warm-up
    before: list[float] = []
    after: list[float] = []
    sizes: list[tuple[int, int]] = []
    for job in jobs:
        plain, with_tasks = build_messages(job), build_messages(job, None, role_tasks(job).tasks)
        sizes.append((estimate_tokens(plain), estimate_tokens(with_tasks)))
        for _ in range(args.runs):
            before.append(first_token_seconds(plain, settings))
            after.append(first_token_seconds(with_tasks, settings))
    old, new = statistics.median(before), statistics.median(after)
    print(
        json.dumps(
            {
                "prompt_tokens_estimated": {
                    "without_tasks": [size[0] for size in sizes],
                    "with_tasks": [size[1] for size in sizes],
                },
                "first_token_s_median": {"without_tasks": round(old, 3), "with_tasks": round(new, 3)},
                "ratio": round(new / old, 2),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
