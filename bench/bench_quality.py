"""What a new user gets with no edits: the app's own review of ads written by the embedded model.

For each held-out role in bench/quality_roles.json (many kinds, English, German and French), this runs
the app's service path exactly as the page does — stream the responsibilities (with top-up), compose the
summary, render, review — on the embedded SmolLM2-135M model, and reports words, responsibilities,
review score and anything the grounding guard flags (details the inputs never gave).

    .venv/bin/python bench/bench_quality.py [--seeds 1 2] [--json bench/results/quality.json]

Goals (issue "Write a complete, publishable job description"): every ad >= 6 responsibilities and >= 250
words, median >= 350 words, median score >= 90 and none below 80, nothing invented.

Occupations (issue 20): bench/occupation_roles.json adds four roles (barista, warehouse shift supervisor,
staff accountant, ICU nurse) and names the O*NET-SOC code a recruiter would pick for every title. Each ad's
duties are judged against that occupation with the app's own relevance check (jd.review.relevance), in
every language (the embedded model writes English duties even for a German ad). Goal: every ad keeps 6-10
duties and every kept duty is on-role. `--no-picks` leaves the code out of the job (only a sure title match
then tells the app the occupation; the code still judges the duties). The same script runs on an older
checkout for "before": `cp bench/bench_quality.py bench/*roles.json OLD/bench/ && cd OLD && python bench/...`.
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
from jd.occupations import get as occupation  # noqa: E402
from jd.render import compose_summary  # noqa: E402
from jd.review.readability import words  # noqa: E402
from jd.review.relevance import check_relevance  # noqa: E402
from jd.settings import Settings  # noqa: E402
from jd.spec import parse_job  # noqa: E402
from jd.writing import Writing  # noqa: E402


def _same(duty: str, task: str) -> bool:
    return duty.strip().rstrip(".").casefold() == task.strip().rstrip(".").casefold()


def judged(code: str | None, duties: list[str]) -> dict:
    """The duties judged against the occupation a recruiter would pick (the app's own relevance check)."""
    known = occupation(code) if code else None
    if known is None:
        return {"occupation": None}
    findings = check_relevance(known, duties)
    return {
        "occupation": f"{known.code} {known.title}",
        "on_role": sum(f["on_role"] for f in findings),
        "off_role": [f["duty"] for f in findings if not f["on_role"]],
        "task_copies": sum(any(_same(d, t) for t in known.tasks) for d in duties),
    }


def run_role(role: dict, settings: Settings, code: str | None = None, pick: bool = True) -> dict:
    job = parse_job(role | ({"occupation": code} if code and pick else {}))
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
        "duties": list(result.duties),
        "summary": summary,
        "words": len(words(markdown)),
        "score": review["score"],
        "invented": invented,
        "notices": result.notices,
        "fix_first": review["fix_first"][:3],
        "markdown": markdown,
    } | judged(code, list(result.duties))


def _roles(args: argparse.Namespace) -> tuple[list[dict], dict[str, str]]:
    roles = json.loads(Path(args.roles).read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    if args.occupations:
        extra = json.loads(Path(args.occupations).read_text(encoding="utf-8"))
        roles, codes = roles + extra["roles"], extra["occupations"]
    return roles, codes


def _figures(rows: list[dict]) -> dict:
    scores = [r["score"] for r in rows]
    word_counts = [r["words"] for r in rows]
    counts = [r["responsibilities"] for r in rows]
    judged_rows = [r for r in rows if r.get("occupation")]
    kept = sum(r["responsibilities"] for r in judged_rows)
    on_role = sum(r["on_role"] for r in judged_rows)
    return {
        "ads": len(rows),
        "min_responsibilities": min(counts),
        "median_responsibilities": statistics.median(counts),
        "ads_with_6_to_10": sum(6 <= n <= 10 for n in counts),
        "min_words": min(word_counts),
        "median_words": statistics.median(word_counts),
        "min_score": min(scores),
        "median_score": statistics.median(scores),
        "ads_with_invented_details": sum(bool(r["invented"]) for r in rows),
        "judged_ads": len(judged_rows),
        "kept_duties": kept,
        "on_role_duties": on_role,
        "on_role_rate": round(on_role / kept, 3) if kept else None,
        "ads_all_on_role": sum(not r["off_role"] for r in judged_rows),
        "duties_copied_from_tasks": sum(r["task_copies"] for r in judged_rows),
        "median_seconds": statistics.median(r["seconds"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--roles", default=str(ROOT / "bench" / "quality_roles.json"))
    parser.add_argument("--occupations", default=str(ROOT / "bench" / "occupation_roles.json"), help="'' for none")
    parser.add_argument("--no-picks", action="store_true", help="leave the picked occupation out of the job")
    parser.add_argument("--json", default="", help="write the results here")
    parser.add_argument("--show", action="store_true", help="print each ad")
    args = parser.parse_args(argv)
    roles, codes = _roles(args)
    rows = []
    for seed in args.seeds:
        settings = Settings.from_env().replace(backend="local", seed=seed, fallback_to_local=False)
        for role in roles:
            row = run_role(role, settings, codes.get(role["title"]), pick=not args.no_picks) | {"seed": seed}
            rows.append(row)
            on_role = f", on-role {row['on_role']}/{row['responsibilities']}" if row.get("occupation") else ""
            print(
                f"{row['title'][:32]:32} {row['language']} seed {seed}: {row['responsibilities']:2} duties{on_role}, "
                f"{row['words']:4} words, score {row['score']:3}, invented {len(row['invented'])} "
                f"({row['seconds']} s)",
                flush=True,
            )
            for duty in row.get("off_role", ()):
                print(f"    off-role: {duty}")
            if args.show:
                print(row["markdown"])
    summary = _figures(rows)
    print(json.dumps(summary, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"summary": summary, "rows": rows}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
