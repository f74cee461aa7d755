"""Time review() on a ~700-word job description: is it fast enough to run on every keystroke?

A script, not a test:  .venv/bin/python bench/bench_review.py [runs]
Prints the median time per review in ms and its ratio to a 100 ms per-keystroke budget.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jd.render import render_job_description
from jd.review import review
from jd.spec import parse_job

BUDGET_MS = 100.0

JOB = parse_job(
    {
        "title": "Senior Data Engineer",
        "company": "Northwind Analytics",
        "location": "Denver, CO, USA",
        "job_type": "Full-time",
        "work_mode": "Hybrid",
        "experience": "5+ years",
        "skills": ["Python", "SQL", "Apache Spark", "Airflow", "AWS", "dbt", "Kafka"],
        "about_company": (
            "Northwind Analytics helps regional hospitals plan staff and supplies with clear, timely data."
        ),
        "salary_min": 140000,
        "salary_max": 175000,
        "currency": "USD",
        "salary_period": "year",
        "benefits": "Health, dental and vision insurance; 401(k) with 4% match; 25 days PTO; parental leave.",
        "valid_through": "2027-02-28",
    }
)
DUTIES = [
    "Design, build and run batch and streaming pipelines in Python, Spark and Kafka.",
    "Model clean, tested tables in dbt that analysts and data scientists can trust.",
    "Schedule and monitor workflows in Airflow, and fix failures before users notice.",
    "Work with hospital partners to understand their data and agree on clear definitions.",
    "Review code and mentor engineers through pairing and thoughtful feedback.",
    "Improve the cost and speed of our AWS data platform with measured changes.",
    "Write short design notes and keep runbooks current for the on-call rotation.",
    "Lead incident reviews that focus on systems, not blame.",
    # Invented details, as a small model writes them, so the grounding guard has work to do.
    "5+ years of experience in a competitive, fast-paced environment in London",
    "Competitive salary of $150,000 per year plus bonus",
]
FILLER = (
    "Our team works closely with clinicians, operations staff and product managers. "
    "We value clear writing, careful testing and steady delivery over heroics. "
    "You will help shape how we collect, check and share data so that people can make good decisions quickly. "
    "We support flexible hours, and we plan work so that evenings and weekends stay free. "
)


def build_text() -> str:
    text = render_job_description(JOB, DUTIES)
    section = "\n\n### How we work\n\n"
    while len(text.split()) < 700:
        text += section + FILLER
        section = "\n\n"
    return text


def main(runs: int = 200) -> None:
    text = build_text()
    review(JOB, text, DUTIES, today=date(2026, 11, 25))  # warm caches (data files, compiled patterns)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        review(JOB, text, DUTIES, today=date(2026, 11, 25))
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"review() of a {len(text.split())}-word description, {runs} runs")
    print(f"median {median:.2f} ms  (p90 {statistics.quantiles(times, n=10)[-1]:.2f} ms)")
    print(f"ratio to the {BUDGET_MS:.0f} ms per-keystroke budget: {median / BUDGET_MS:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
