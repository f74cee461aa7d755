"""What a new user gets with no edits: the app's own review of ads written by the embedded model.

For each held-out role in bench/quality_roles.json (many kinds, English, German and French), this runs
the app's service path exactly as the page does — stream the responsibilities (with top-up), compose the
summary, render, review — on the embedded SmolLM2-135M model, and reports words, responsibilities,
review score and anything the grounding guard flags (details the inputs never gave).

    .venv/bin/python bench/bench_quality.py [--seeds 1 2] [--json bench/results/quality.json]

Goals (issue "Write a complete, publishable job description"): every ad >= 6 responsibilities and >= 250
words, median >= 350 words, median score >= 90 and none below 80, nothing invented.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jd import service  # noqa: E402
from jd.render import compose_summary  # noqa: E402
from jd.review.readability import words  # noqa: E402
from jd.settings import Settings  # noqa: E402
from jd.spec import parse_job  # noqa: E402
from jd.writing import Writing  # noqa: E402


def run_role(role: dict, settings: Settings) -> dict:
    job = parse_job(role)
    started = time.monotonic()
    writing = Writing(job, settings)
    for _ in writing:
        pass
    result = writing.result
    summary = compose_summary(job, list(result.duties))
    markdown = service.render_text(job, result.text, "markdown", summary)
    review = service.review_text(job, markdown)
    invented = [f"{f['kind']}: {f['text']}" for f in review["grounding"]]
    return {
        "title": job.title,
        "language": job.language.value,
        "seconds": round(time.monotonic() - started, 1),
        "responsibilities": len(result.duties),
        "words": len(words(markdown)),
        "score": review["score"],
        "invented": invented,
        "notices": result.notices,
        "fix_first": review["fix_first"][:3],
        "markdown": markdown,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--roles", default=str(ROOT / "bench" / "quality_roles.json"))
    parser.add_argument("--json", default="", help="write the results here")
    parser.add_argument("--show", action="store_true", help="print each ad")
    args = parser.parse_args(argv)
    roles = json.loads(Path(args.roles).read_text(encoding="utf-8"))
    rows = []
    for seed in args.seeds:
        settings = Settings.from_env().replace(backend="local", seed=seed, fallback_to_local=False)
        for role in roles:
            row = run_role(role, settings) | {"seed": seed}
            rows.append(row)
            print(
                f"{row['title'][:32]:32} {row['language']} seed {seed}: {row['responsibilities']:2} duties, "
                f"{row['words']:4} words, score {row['score']:3}, invented {len(row['invented'])} "
                f"({row['seconds']} s)",
                flush=True,
            )
            if args.show:
                print(row["markdown"])
    scores = [r["score"] for r in rows]
    word_counts = [r["words"] for r in rows]
    summary = {
        "ads": len(rows),
        "min_responsibilities": min(r["responsibilities"] for r in rows),
        "median_responsibilities": statistics.median(r["responsibilities"] for r in rows),
        "min_words": min(word_counts),
        "median_words": statistics.median(word_counts),
        "min_score": min(scores),
        "median_score": statistics.median(scores),
        "ads_with_invented_details": sum(bool(r["invented"]) for r in rows),
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"summary": summary, "rows": rows}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
