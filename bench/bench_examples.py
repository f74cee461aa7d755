"""Do reviewed examples help? Held-out roles written with the built-in examples and with approved examples.

The reviewed examples (bench/example_roles.json: one role similar to each held-out role, written as a
visitor's edited duties would read, some with personal data) go through the whole loop: stored as helpful
feedback with consent, scrubbed and checked (jd.example_review.candidates), approved (jd.example_review.approve), then
chosen for each held-out role of bench/quality_roles.json (English ones: the embedded SmolLM2 writes
English only) by jd.examples.choose_examples. Each role is then written twice on the embedded model with
the same seed: "built-in" (the two built-in example roles) and "reviewed" (the chosen examples in their
places). Both arms follow the app's path: one request, up to two top-ups when fewer than 6 duties are
usable (jd.writing.responsibilities_result cleans and grounds), the composed summary, the Markdown ad and the
app's review. Reported per arm: duties, review score, grounding findings, and the share of duties that
repeat a duty of an example shown in that prompt word for word (case and end punctuation aside), and
nearly (rapidfuzz ratio >= 90).

The model is called through the embedded llama.cpp server's OpenAI-compatible HTTP API directly, with
the app's sampling settings, so the comparison does not depend on the streaming layer.

    .venv/bin/python bench/bench_examples.py [--seeds 1] [--roles 10] [--json bench/examples_results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rapidfuzz import fuzz

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jd import service, writing  # noqa: E402
from jd.backends import choose_backends  # noqa: E402
from jd.embedded import get_embedded_server  # noqa: E402
from jd.example_review import approve, candidates  # noqa: E402
from jd.examples import choose_examples, similarity  # noqa: E402
from jd.feedback import FeedbackStore  # noqa: E402
from jd.prompts import STOP, build_messages, build_topup_messages, example_duties, prompt_examples  # noqa: E402
from jd.settings import Settings  # noqa: E402
from jd.spec import MIN_DUTIES, Job, parse_job  # noqa: E402

NEAR_COPY = 90  # rapidfuzz ratio: a duty this close to an example's duty is a near copy


def approved_examples(data_dir: Path, roles: list[dict]) -> None:
    """Store each example role as consented helpful feedback and approve it, as the owner would."""
    store = FeedbackStore(data_dir)
    ids = []
    for role in roles:
        duties = "\n".join(f"- {d}" for d in role["duties"])
        markdown = service.job_description(role["inputs"], duties, "markdown")  # the inputs as the page sends them
        record = {"inputs": role["inputs"], "responsibilities": duties, "job_description": markdown}
        ids.append(store.add({**record, "rating": "helpful", "consent": True}))
    for candidate in candidates(store):
        shown = candidate.example
        left_out = f"; left out: {len(candidate.left_out)}" if candidate.left_out else ""
        print(f"candidate {candidate.short_id} {shown.title}: {len(shown.duties)} duties{left_out}")
    for decision in approve(store, ids):
        print(decision.message)


def ask(server, model: str, messages: list[dict], settings: Settings) -> str:
    """One chat completion from the embedded server, with the app's sampling settings."""
    body = {
        "model": model,
        "messages": messages,
        "max_tokens": settings.max_tokens,
        "temperature": settings.temperature,
        "stop": STOP,
        "seed": settings.seed,
    }
    request = urllib.request.Request(
        f"{server.base_url}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {server.api_key}", "Content-Type": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=600) as response:
        return json.loads(response.read())["choices"][0]["message"]["content"] or ""


def write_duties(job: Job, examples, server, model: str, settings: Settings) -> str:
    """The app's path (jd/writing.py): a first answer, then up to two top-ups while fewer than 6 are usable."""
    text = ask(server, model, build_messages(job, examples), settings)
    for extra in range(1, writing.MAX_TOPUP_REQUESTS + 1):
        duties = list(writing.responsibilities_result(job, text).duties)
        if len(duties) >= MIN_DUTIES:
            break
        topup = settings.replace(
            temperature=max(settings.temperature, writing.TOPUP_MIN_TEMPERATURE), seed=settings.seed + extra
        )
        if duties and extra == 1:
            count = max(writing.TOPUP_TARGET - len(duties), 2)
            messages = build_topup_messages(job, duties, count, examples)
        else:
            messages = build_messages(job, examples)
            topup = topup.replace(temperature=max(settings.temperature, writing.AFRESH_TEMPERATURE))
        text += "\n" + ask(server, model, messages, topup)
    return text


def _key(duty: str) -> str:
    return re.sub(r"\s+", " ", duty).strip().rstrip(".;").casefold()


def copies(duties: list[str], shown: list[str]) -> tuple[int, int]:
    """(word-for-word copies, near copies) of the examples' duties among `duties`."""
    exact = {_key(d) for d in shown}
    word_for_word = sum(_key(d) in exact for d in duties)
    near = sum(any(fuzz.ratio(_key(d), key) >= NEAR_COPY for key in exact) for d in duties)
    return word_for_word, near


def run_arm(job: Job, examples, server, model: str, settings: Settings) -> dict:
    started = time.monotonic()
    text = write_duties(job, examples, server, model, settings)
    result = writing.responsibilities_result(job, text)
    summary = service.composed_summary(job, result.duties)
    markdown = service.render_text(job, result.text, "markdown", summary)
    review = service.review_text(job, markdown)
    shown = [d for example in prompt_examples(examples) for d in example_duties(example)]
    exact, near = copies(list(result.duties), shown)
    return {
        "duties": len(result.duties),
        "score": review["score"],
        "invented": len(review["grounding"]),
        "copied": exact,
        "near_copies": near,
        "seconds": round(time.monotonic() - started, 1),
        "list": list(result.duties),
    }


def _share(rows: list[dict], key: str) -> str:
    total = sum(r["duties"] for r in rows)
    return f"{sum(r[key] for r in rows)}/{total} ({sum(r[key] for r in rows) / total:.0%})" if total else "0/0"


def table(rows: list[dict]) -> str:
    lines = [
        "| Role | Example shown | Arm | Duties | Score | Grounding findings | Copied word for word | Near copies |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['title']} | {r['example']} | {r['arm']} | {r['duties']} | {r['score']} | {r['invented']} "
            f"| {r['copied']} | {r['near_copies']} |"
        )
    for arm in ("built-in", "reviewed"):
        mine = [r for r in rows if r["arm"] == arm]
        lines.append(
            f"| **all ({len(mine)})** | | **{arm}** | mean {statistics.fmean(r['duties'] for r in mine):.1f}, "
            f"min {min(r['duties'] for r in mine)} | median {statistics.median(r['score'] for r in mine)}, "
            f"min {min(r['score'] for r in mine)} | {sum(r['invented'] for r in mine)} "
            f"| {_share(mine, 'copied')} | {_share(mine, 'near_copies')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--roles", type=int, default=10, help="how many held-out roles (English ones, in order)")
    parser.add_argument("--json", default="", help="write the rows here")
    args = parser.parse_args(argv)
    held_out = [r for r in json.loads((ROOT / "bench" / "quality_roles.json").read_text()) if "language" not in r]
    example_roles = json.loads((ROOT / "bench" / "example_roles.json").read_text())["roles"]
    data_dir = Path(tempfile.mkdtemp(prefix="jd-bench-examples-"))
    approved_examples(data_dir, example_roles)

    base = Settings.from_env().replace(backend="local", fallback_to_local=False, data_dir=data_dir)
    server = get_embedded_server(base)
    server.ensure_started()
    model = choose_backends(base)[0].model
    rows = []
    for seed in args.seeds:
        settings = base.replace(seed=seed)
        for role in held_out[: args.roles]:
            job = parse_job(role)
            chosen = choose_examples(job, data_dir)
            shown = ", ".join(f"{e.title} ({similarity(job, e)[0]:.0f})" for e in chosen) or "none close enough"
            for arm, examples in (("built-in", None), ("reviewed", chosen)):
                row = {"title": job.title, "seed": seed, "example": shown, "arm": arm}
                row |= run_arm(job, examples, server, model, settings)
                rows.append(row)
                print(
                    f"{job.title[:28]:28} seed {seed} {arm:9}: {row['duties']:2} duties, score {row['score']:3}, "
                    f"findings {row['invented']}, copied {row['copied']}, near {row['near_copies']} "
                    f"({row['seconds']} s)",
                    flush=True,
                )
    print()
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
