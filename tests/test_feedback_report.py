"""The feedback report: every figure on a known store, the Markdown rendering and the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from jd import cli
from jd.errors import InvalidInput
from jd.feedback import FeedbackStore
from jd.feedback_report import OTHER_FAMILY, feedback_report, job_family, report_markdown

ROOT = Path(__file__).resolve().parents[1]
LLAMA, SMOL, GPT = "meta-llama/Llama-3.1-8B-Instruct", "SmolLM2-135M-Instruct", "gpt-4o-mini"

# (time, title, language, backend, model, rating, reason, consent, examples_used)
RECORDS = [
    ("2025-01-06T10:00", "Staff Nurse", "en", "hf", LLAMA, "helpful", "", True, ["aaaaaa"]),
    ("2025-01-07T09:00", "Registered Nurse", "de", "hf", LLAMA, "not helpful", "Too generic.", True, []),
    ("2025-01-12T23:59", "Line Cook", "English", "local", SMOL, "not helpful", "  too   generic ", False, []),
    ("2025-01-20T08:00", "Software Engineer", "fr", "local", SMOL, "helpful", "", True, []),
    ("2025-01-21T08:00", "Welder", "", "openai", GPT, "not helpful", "Wrong language!", False, ["bbbbbb"]),
    ("2025-01-22T08:00", "Pflegefachkraft", "Deutsch", "", "", "not helpful", "", False, []),
    ("2024-12-31T12:00", "Sales Manager", "en", "hf", LLAMA, "helpful", "Clear", True, []),  # ISO week 2025-W01
]


def row(name, records, helpful, rate, key="name"):
    return {key: name, "records": records, "helpful": helpful, "not_helpful": records - helpful, "helpful_rate": rate}


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    store = FeedbackStore(tmp_path / "data")
    for time, title, language, backend, model, rating, reason, consent, used in RECORDS:
        store.add(
            {
                "inputs": {"title": title, "language": language},
                "rating": rating,
                "reason": reason,
                "backend": backend,
                "model": model,
                "consent": consent,
                "examples_used": used,
            },
            at=datetime.fromisoformat(time).replace(tzinfo=timezone.utc),
        )
    return store


def test_every_figure_of_a_known_store(store):
    assert feedback_report(store) == {
        "since": None,
        "records": 7,
        "helpful": 3,
        "not_helpful": 4,
        "helpful_rate": 0.4286,
        "consented_helpful": 3,
        "by_backend": [
            row("hf", 3, 2, 0.6667),
            row("local", 2, 1, 0.5),
            row("(not recorded)", 1, 0, 0.0),
            row("openai", 1, 0, 0.0),
        ],
        "by_model": [
            row(LLAMA, 3, 2, 0.6667),
            row(SMOL, 2, 1, 0.5),
            row("(not recorded)", 1, 0, 0.0),
            row(GPT, 1, 0, 0.0),
        ],
        "by_language": [row("English", 4, 2, 0.5), row("German", 2, 0, 0.0), row("French", 1, 1, 1.0)],
        "by_family": [
            row("Healthcare", 2, 1, 0.5),
            row("Computer and mathematical", 1, 1, 1.0),
            row("Food preparation and serving", 1, 0, 0.0),
            row("Management", 1, 1, 1.0),
            row("Other", 1, 0, 0.0),
            row("Production", 1, 0, 0.0),
        ],
        "by_examples": [row("built-in examples only", 5, 2, 0.4), row("with reviewed examples", 2, 1, 0.5)],
        "not_helpful_reasons": [{"reason": "too generic", "count": 2}, {"reason": "wrong language", "count": 1}],
        "not_helpful_without_reason": 1,
        "weeks": [
            row("2025-W01", 1, 1, 1.0, key="week"),
            row("2025-W02", 3, 1, 0.3333, key="week"),
            row("2025-W03", 0, 0, None, key="week"),
            row("2025-W04", 3, 1, 0.3333, key="week"),
        ],
    }


def test_since_keeps_the_records_from_that_day_on(store):
    report = feedback_report(store, since="2025-01-12")
    assert (report["since"], report["records"], report["helpful"], report["helpful_rate"]) == ("2025-01-12", 4, 1, 0.25)
    assert report["weeks"] == [
        row("2025-W02", 1, 0, 0.0, key="week"),
        row("2025-W03", 0, 0, None, key="week"),
        row("2025-W04", 3, 1, 0.3333, key="week"),
    ]
    assert report["not_helpful_reasons"] == [
        {"reason": "too generic", "count": 1},
        {"reason": "wrong language", "count": 1},
    ]
    later = feedback_report(store, since=datetime(2025, 1, 21, 8, 0, tzinfo=timezone.utc))
    assert later["records"] == 2
    assert feedback_report(store, since="2026-01-01")["records"] == 0


@pytest.mark.parametrize("since", ["last week", "2025-13-01", "31/01/2025"])
def test_a_start_that_is_not_a_date_is_refused_clearly(store, since):
    with pytest.raises(InvalidInput, match=r"is not a date like 2025-01-31"):
        feedback_report(store, since=since)


def test_an_empty_store(tmp_path):
    report = feedback_report(FeedbackStore(tmp_path / "data"))
    assert (report["records"], report["helpful_rate"], report["weeks"], report["by_backend"]) == (0, None, [], [])
    assert report_markdown(report) == "## Feedback\n\nNo feedback yet.\n"


def test_the_report_is_json_safe(store):
    report = feedback_report(store)
    assert json.loads(json.dumps(report)) == report


def test_markdown_shows_the_figures(store):
    text = report_markdown(feedback_report(store))
    assert text.startswith(
        "## Feedback\n\n**7** records: **3** helpful, **4** not helpful (helpful rate **43%**). "
        "3 helpful records offer their text as an example (the visitor agreed).\n"
    )
    assert "| Backend | Records | Helpful | Not helpful | Helpful rate |" in text
    assert "| hf | 3 | 2 | 1 | 67% |" in text
    assert "| Job family | Records | Helpful | Not helpful | Helpful rate |" in text
    assert "| with reviewed examples | 2 | 1 | 1 | 50% |" in text
    assert "1. too generic (2)\n2. wrong language (1)\n" in text
    assert "1 “not helpful” records gave no reason." in text
    assert "| 2025-W03 | 0 | 0 | 0 | – |" in text


def test_markdown_escapes_what_visitors_and_owners_typed(tmp_path):
    store = FeedbackStore(tmp_path / "data")
    store.add({"rating": "not helpful", "reason": "<img src=x onerror=alert(1)> | **bold**", "model": "a|b"})
    text = report_markdown(feedback_report(store))
    assert text.count("<img") == text.count("\\<img") == 1 and "**bold**" not in text
    assert "| a\\|b | 1 | 0 | 1 | 0% |" in text
    assert "1. \\<img src=x onerror=alert(1)\\> \\| \\*\\*bold\\*\\* (1)" in text


@pytest.mark.parametrize(
    "title, family",
    [
        ("ICU Registered Nurse", "Healthcare"),
        ("Restaurant Manager", "Management"),
        ("Warehouse Supervisor", "Transportation and material moving"),
        ("Data Analyst", "Computer and mathematical"),
        ("Financial Analyst", "Business and financial operations"),
        ("Senior Backend Developer (m/w/d)", "Computer and mathematical"),
        ("Primary School Teacher", "Education and library"),
        ("Teaching Assistant", "Education and library"),
        ("Shop Assistant", "Sales"),
        ("Customer Support Specialist", "Office and administrative support"),
        ("Apprentice Electrician", "Construction and extraction"),
        ("Wind Turbine Technician", "Installation, maintenance and repair"),
        ("Mechanical Engineer", "Architecture and engineering"),
        ("Junior Graphic Designer", "Arts, design, entertainment, sports and media"),
        ("Line Cook", "Food preparation and serving"),
        ("Paralegal", "Legal"),
        ("Softwareentwickler", "Computer and mathematical"),  # an English word at the start of a compound
        ("Pflegefachkraft", OTHER_FAMILY),  # other languages: a known limit
        ("", OTHER_FAMILY),
        (None, OTHER_FAMILY),
    ],
)
def test_job_family_from_the_title(title, family):
    assert job_family(title) == family


def run(argv, data_dir) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([*argv, "--data-dir", str(data_dir)], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_prints_markdown_or_json(store):
    code, out, _ = run(["feedback", "report"], store.data_dir)
    assert code == 0 and out == report_markdown(feedback_report(store))
    code, out, _ = run(["feedback", "report", "--json", "--since", "2025-01-12"], store.data_dir)
    assert code == 0 and json.loads(out) == feedback_report(store, since="2025-01-12")
    code, out, err = run(["feedback", "report", "--since", "soon"], store.data_dir)
    assert (code, out) == (cli.EXIT_BAD_INPUT, "")
    assert err == "Error: The start date 'soon' is not a date like 2025-01-31.\n"


def test_python_dash_m_jd_feedback_report_runs_as_a_program(store):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JD_")} | {"JD_DATA_DIR": str(store.data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "jd", "feedback", "report", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["records"] == 7


@pytest.mark.parametrize(
    "title, family",
    [
        ("Cook", "Food preparation and serving"),  # not "COO"
        ("Police Officer", "Protective service"),  # not "office"
        ("Personal Trainer", "Personal care and service"),
        ("COO", "Management"),
        ("Car Mechanic", "Installation, maintenance and repair"),
    ],
)
def test_short_keywords_match_whole_words_only(title, family):
    assert job_family(title) == family
