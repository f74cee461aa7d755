"""Occupations: how often a typed title maps to the right occupation, how well the relevance review
tells on-role duties from duties of another job, and how long both take.

A script, not a test:

    .venv/bin/python bench/bench_occupations.py                # held-out sets; writes bench/occupations_results.json
    .venv/bin/python bench/bench_occupations.py --set dev -v   # the tuning sets, with every miss printed

Inputs: bench/occupation_titles.json (titles typed as recruiters type them, with the O*NET-SOC codes that
count as right) and bench/occupation_duties.json (duties labelled on-role / off-role for an occupation).
Each has a `dev` half, used while tuning the matcher and the relevance thresholds, and a `test` half that
is only measured. Timings: wall clock (perf_counter) and this thread's CPU time (thread_time), so that a
busy machine shows as a gap between the two rather than as a slower program.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jd import occupations
from jd.review.relevance import check_relevance, task_index
from jd.role_tasks import on_role_draft

HERE = Path(__file__).resolve().parent
TITLES = HERE / "occupation_titles.json"
DUTIES = HERE / "occupation_duties.json"
RESULTS = HERE / "occupations_results.json"
GOALS = {"en_first": 0.90, "en_top3": 0.97, "other_top3": 0.80, "title_p95_ms": 20.0, "relevance_ad_p95_ms": 20.0}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(call) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    result = call()
    return result, (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000


def titles(rows_by_language: dict[str, list[list[str]]], verbose: bool) -> dict:
    """Share right at rank 1 and within the top 3, per language; the time of each mapping."""
    per_language: dict[str, dict] = {}
    walls: list[float] = []
    cpus: list[float] = []
    for language, rows in rows_by_language.items():
        first = top3 = 0
        for title, *codes in rows:
            candidates, wall, cpu = _timed(lambda t=title, lang=language: occupations.match_title(t, lang))
            walls.append(wall)
            cpus.append(cpu)
            found = [c.code for c in candidates]  # type: ignore[attr-defined]
            first += bool(found) and found[0] in codes
            top3 += any(code in codes for code in found[:3])
            if verbose and not (found and found[0] in codes):
                mark = "top3" if any(code in codes for code in found[:3]) else "MISS"
                names = [f"{c.code} {c.title} {c.score}" for c in candidates[:3]]  # type: ignore[attr-defined]
                print(f"  {mark} [{language}] {title!r} want {codes[0]} {occupations.get(codes[0]).title}: {names}")
        per_language[language] = {
            "titles": len(rows),
            "first": round(first / len(rows), 3),
            "top3": round(top3 / len(rows), 3),
        }
    return {
        "languages": per_language,
        "time_ms": {
            "p50_wall": round(statistics.median(walls), 2),
            "p95_wall": round(_percentile(walls, 0.95), 2),
            "p50_cpu": round(statistics.median(cpus), 2),
            "p95_cpu": round(_percentile(cpus, 0.95), 2),
        },
    }


def relevance(cases: list[dict], verbose: bool) -> dict:
    """Precision and recall of the off-role flags; time to check each ad's duties together."""
    tp = fp = fn = tn = 0
    walls: list[float] = []
    cpus: list[float] = []
    for case in cases:
        occupation = occupations.get(case["code"])
        duties = case["on_role"] + case["off_role"]
        findings, wall, cpu = _timed(lambda o=occupation, d=duties: check_relevance(o, d))
        walls.append(wall)
        cpus.append(cpu)
        for finding in findings:  # type: ignore[attr-defined]
            off = finding["duty"] in case["off_role"]
            flagged = not finding["on_role"]
            tp += off and flagged
            fp += flagged and not off
            fn += off and not flagged
            tn += not off and not flagged
            if verbose and off != flagged:
                kind = "FALSE FLAG" if flagged else "MISSED"
                print(f"  {kind} [{case['code']} {occupation.title}] {finding['duty']!r}: score {finding['score']}")
                print(f"      closest: {finding['closest_task'][:100]!r}  fits: {finding.get('fits')}")
    return {
        "occupations": len(cases),
        "on_role_duties": fp + tn,
        "off_role_duties": tp + fn,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "false_flags": fp,
        "missed": fn,
        "time_ms_per_ad": {
            "duties_per_ad": round(statistics.mean(len(c["on_role"]) + len(c["off_role"]) for c in cases), 1),
            "p50_wall": round(statistics.median(walls), 2),
            "p95_wall": round(_percentile(walls, 0.95), 2),
            "p50_cpu": round(statistics.median(cpus), 2),
            "p95_cpu": round(_percentile(cpus, 0.95), 2),
        },
    }


def drafting(cases: list[dict]) -> dict:
    """The writing path's stricter rule for model drafts (jd.role_tasks.on_role_draft): of the duties the review
    keeps, how many off-role ones it still drops and how many on-role ones it drops too."""
    kept_off = dropped_off = kept_on = dropped_on = 0
    for case in cases:
        occupation = occupations.get(case["code"])
        for finding in check_relevance(occupation, case["on_role"] + case["off_role"]):
            if not finding["on_role"]:
                continue
            kept = on_role_draft(occupation, finding["duty"])
            if finding["duty"] in case["off_role"]:
                kept_off, dropped_off = kept_off + kept, dropped_off + (not kept)
            else:
                kept_on, dropped_on = kept_on + kept, dropped_on + (not kept)
    return {
        "off_role_kept_by_review": kept_off + dropped_off,
        "off_role_dropped_from_drafts": dropped_off,
        "on_role_kept_by_review": kept_on + dropped_on,
        "on_role_dropped_from_drafts": dropped_on,
    }


def load_time() -> dict:
    """Seconds to load the data file and build the indexes (a fresh process would pay this once)."""
    _, load_wall, load_cpu = _timed(lambda: occupations.get("35-3023.01"))
    _, index_wall, index_cpu = _timed(occupations.warm_up)
    return {
        "data_file_bytes": occupations.DATA_FILE.stat().st_size,
        "load_s_wall": round(load_wall / 1000, 2),
        "load_s_cpu": round(load_cpu / 1000, 2),
        "indexes_s_wall": round(index_wall / 1000, 2),
        "indexes_s_cpu": round(index_cpu / 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("test", "dev"), default="test", help="which half to run (default: test)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/occupations_results.json")
    args = parser.parse_args(argv)
    started = load_time()
    task_index()
    title_rows = json.loads(TITLES.read_text(encoding="utf-8"))[args.set]
    results: dict = {"set": args.set, "startup": started, "titles": titles(title_rows, args.verbose)}
    if DUTIES.exists():
        duty_cases = json.loads(DUTIES.read_text(encoding="utf-8"))[args.set]
        results["relevance"] = relevance(duty_cases, args.verbose)
        results["drafting"] = drafting(duty_cases)
    results["goals"] = GOALS
    print(json.dumps(results, indent=2))
    if args.set == "test" and not args.no_save:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
