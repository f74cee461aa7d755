"""Measure how often a model's role summary states something the inputs do not support.

    .venv/bin/python bench/bench_summary.py [--seed 1] [--out bench/summary_results.json]
    .venv/bin/python bench/bench_summary.py --rescore bench/summary_results.json   # check again, no model

For each of 24 held-out roles (none is one of the prompt's examples) the model first drafts the
duties exactly as the app does (`jd.writing.Writing`, top-ups included), then
a summary from `prompts.build_summary_messages`. `review.grounding.check_summary` flags each
summary's unsupported statements; the rate is the share of summaries with at least one finding.
The rule (jd/summary.py, SUMMARY_UNSUPPORTED_RATE): above 1 in 10, that model's summary is off
by default (JD_MODEL_SUMMARY=auto). Without --base-url this runs the embedded model (real
llama.cpp); with --base-url/--model any OpenAI-compatible server. The JSON keeps every duty list,
raw summary and finding, for the manual read that estimates what the check misses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from jd import summary  # noqa: E402
from jd.backends import choose_backends  # noqa: E402
from jd.prompts import build_summary_messages  # noqa: E402
from jd.review.summary_check import check_summary  # noqa: E402
from jd.settings import Settings  # noqa: E402
from jd.spec import parse_job  # noqa: E402
from jd.streaming import stream_chat  # noqa: E402
from jd.writing import Writing  # noqa: E402

# Held-out roles of many kinds and levels; some carry a company, place or pay the model never
# sees (the summary may not state them unless they are in the inputs).
ROLES = [
    {
        "title": "Dental Hygienist",
        "experience": "2+ years",
        "skills": ["scaling", "patient education"],
        "job_type": "Part-time",
        "work_mode": "On-site",
        "location": "Leeds, UK",
    },
    {
        "title": "Data Analyst",
        "experience": "3 years",
        "skills": ["SQL", "Excel", "dashboards"],
        "job_type": "Full-time",
        "work_mode": "Hybrid",
        "company": "Brightline Energy",
    },
    {"title": "Barista", "skills": ["espresso", "customer service"], "job_type": "Part-time", "work_mode": "On-site"},
    {
        "title": "Plumber",
        "experience": "5+ years",
        "skills": ["pipe fitting", "boiler repair"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "HR Coordinator",
        "experience": "Junior",
        "skills": ["onboarding", "HR records"],
        "job_type": "Full-time",
        "work_mode": "Hybrid",
    },
    {
        "title": "Graphic Designer",
        "skills": ["Figma", "branding", "typography"],
        "job_type": "Contract",
        "work_mode": "Remote",
    },
    {
        "title": "Security Guard",
        "skills": ["patrols", "CCTV monitoring"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Pharmacist",
        "experience": "Senior",
        "skills": ["dispensing", "medication reviews"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Software Tester",
        "experience": "1 year",
        "skills": ["manual testing", "bug reports"],
        "job_type": "Full-time",
        "work_mode": "Remote",
    },
    {
        "title": "Sales Representative",
        "skills": ["prospecting", "CRM"],
        "job_type": "Full-time",
        "work_mode": "Hybrid",
        "company": "Northwind Parcel Co.",
    },
    {
        "title": "Librarian",
        "skills": ["cataloguing", "reader services"],
        "job_type": "Part-time",
        "work_mode": "On-site",
    },
    {
        "title": "Physiotherapist",
        "experience": "4 years",
        "skills": ["rehabilitation", "sports injuries"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Bus Driver",
        "skills": ["passenger safety", "route knowledge"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Event Planner",
        "skills": ["budgeting", "vendor management"],
        "job_type": "Contract",
        "work_mode": "Hybrid",
    },
    {
        "title": "Veterinary Nurse",
        "skills": ["animal care", "anaesthesia monitoring"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {
        "title": "Civil Engineer",
        "experience": "8+ years",
        "skills": ["AutoCAD", "structural design"],
        "job_type": "Full-time",
        "work_mode": "Hybrid",
    },
    {
        "title": "Hotel Receptionist",
        "skills": ["check-in", "bookings"],
        "job_type": "Part-time",
        "work_mode": "On-site",
    },
    {
        "title": "Social Worker",
        "experience": "3-5 years",
        "skills": ["case management", "safeguarding"],
        "job_type": "Full-time",
        "work_mode": "Hybrid",
    },
    {"title": "Carpenter", "skills": ["joinery", "site work"], "job_type": "Temporary", "work_mode": "On-site"},
    {
        "title": "UX Researcher",
        "experience": "Mid-level",
        "skills": ["user interviews", "usability testing"],
        "job_type": "Full-time",
        "work_mode": "Remote",
    },
    {
        "title": "Payroll Specialist",
        "skills": ["payroll processing", "tax filings"],
        "job_type": "Full-time",
        "work_mode": "Hybrid",
    },
    {
        "title": "Laboratory Technician",
        "skills": ["sample preparation", "lab safety"],
        "job_type": "Full-time",
        "work_mode": "On-site",
    },
    {"title": "Gardener", "skills": ["pruning", "lawn care"], "job_type": "Part-time", "work_mode": "On-site"},
    {
        "title": "Courier",
        "skills": ["parcel delivery", "route planning"],
        "job_type": "Full-time",
        "work_mode": "On-site",
        "company": "Northwind Parcel Co.",
    },
]


def run(settings: Settings) -> dict:
    backend = choose_backends(settings)[0]
    rows = []
    for role in ROLES:
        job = parse_job(role)
        start = time.perf_counter()
        writing = Writing(job, settings, interval=3600)
        for _ in writing:
            pass
        duties = list(writing.result.duties)
        summary_raw = "".join(
            stream_chat(
                choose_backends(settings),
                build_summary_messages(job, duties),
                settings.replace(max_tokens=summary.SUMMARY_MAX_TOKENS),
            )
        )
        prose = summary.summary_prose(summary_raw)
        findings = check_summary(job, prose, duties)
        kept, _ = summary.reliable_summary(job, summary_raw, duties)
        rows.append(
            {
                "title": role["title"],
                "job": role,
                "duties": duties,
                "summary": prose,
                "findings": [{k: f[k] for k in ("sentence_index", "text", "kind", "reason")} for f in findings],
                "unsupported": bool(findings),
                "kept_after_check": kept,
                "seconds": round(time.perf_counter() - start, 1),
            }
        )
        print(f"{'FLAG' if findings else 'ok  '} {role['title']}: {prose}", flush=True)
        for f in findings:
            print(f"       - {f['kind']}: {f['text']!r}", flush=True)
    flagged = sum(r["unsupported"] for r in rows)
    rate = flagged / len(rows)
    return {
        "model": backend.model,
        "backend": backend.label,
        "seed": settings.seed,
        "temperature": settings.temperature,
        "roles": len(rows),
        "flagged": flagged,
        "rate": round(rate, 3),
        "summary_on_by_default": rate <= summary.SUMMARY_MAX_RATE,
        "fell_back_to_composed": sum(not r["kept_after_check"] for r in rows),
        "rows": rows,
    }


def rescore(result: dict) -> dict:
    """The stored summaries checked again with the current `check_summary` (no model run)."""
    for row in result["rows"]:
        job = parse_job(row["job"])
        row["summary"] = summary.summary_prose(row["summary"])
        findings = check_summary(job, row["summary"], row["duties"])
        row["findings"] = [{k: f[k] for k in ("sentence_index", "text", "kind", "reason")} for f in findings]
        row["unsupported"] = bool(findings)
        row["kept_after_check"] = summary.reliable_summary(job, row["summary"], row["duties"])[0]
        print(f"{'FLAG' if findings else 'ok  '} {row['title']}: {row['summary']}")
        for f in findings:
            print(f"       - {f['kind']}: {f['text']!r}")
    result["flagged"] = sum(r["unsupported"] for r in result["rows"])
    result["rate"] = round(result["flagged"] / len(result["rows"]), 3)
    result["summary_on_by_default"] = result["rate"] <= summary.SUMMARY_MAX_RATE
    result["fell_back_to_composed"] = sum(not r["kept_after_check"] for r in result["rows"])
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base-url", default="", help="an OpenAI-compatible server instead of the embedded model")
    parser.add_argument("--model", default="")
    parser.add_argument("--api-key", default="")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "summary_results.json")
    parser.add_argument("--rescore", type=Path, help="check the summaries stored in this JSON again (no model)")
    args = parser.parse_args(argv)
    if args.rescore:
        result = rescore(json.loads(args.rescore.read_text(encoding="utf-8")))
        args.out = args.rescore if args.out == ROOT / "bench" / "summary_results.json" else args.out
    elif args.base_url:
        settings = Settings(
            backend="openai",
            base_url=args.base_url,
            model=args.model,
            api_key=args.api_key,
            seed=args.seed,
            fallback_to_local=False,
        )
    else:
        settings = Settings(backend="local", seed=args.seed)
    if not args.rescore:
        result = run(settings)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"\n{result['model']}: {result['flagged']} of {result['roles']} summaries state something unsupported "
        f"(rate {result['rate']:.0%}); the rule allows at most {summary.SUMMARY_MAX_RATE:.0%}: "
        f"summary {'on' if result['summary_on_by_default'] else 'OFF'} by default. "
        f"Fell back to the composed summary: {result['fell_back_to_composed']}. JSON: {args.out}"
    )


if __name__ == "__main__":
    main()
