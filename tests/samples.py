"""Inputs and expectations that several test modules share."""

from __future__ import annotations

# Every key of review()'s result (documented in jd/review/__init__.py), from every way of asking for one.
REVIEW_KEYS = frozenset(
    {
        "score",
        "breakdown",
        "fix_first",
        "gender_coding",
        "exclusionary",
        "readability",
        "pay_transparency",
        "completeness",
        "grounding",
        "relevance",
        "kept_duties",
        "language",
        "checks_skipped",
        "suggestions",
        "consistency",
        "law_data",
    }
)

# A full warehouse job in Colorado (a pay-transparency state), as the app's form sends it.
WAREHOUSE_JOB = {
    "title": "Warehouse Associate",
    "experience": "1+ years",
    "skills": "Forklift, inventory counts",
    "job_type": "Full-time",
    "work_mode": "On-site",
    "location": "Denver, CO, USA",
    "company": "Acme Logistics",
    "salary_min": 40000,
    "salary_max": 48000,
    "currency": "USD",
    "salary_period": "year",
}

# A model answer for the warehouse supervisor in the browser tests: six good duties.
SUPERVISOR_REPLY = (
    "- Plan each shift's picking, packing and dispatch work for a team of eight associates.\n"
    "- Run weekly cycle counts and resolve stock differences with the purchasing team.\n"
    "- Train new starters on safe forklift use and the site's manual handling rules.\n"
    "- Track pick accuracy and on-time dispatch, and report weekly to the operations manager.\n"
    "- Coordinate inbound deliveries with carriers and keep the loading docks clear.\n"
    "- Lead daily safety walks and log every near miss in the incident system.\n"
)
