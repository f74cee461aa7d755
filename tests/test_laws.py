"""The law table (jd/laws.py) and `python -m jd laws` (jd/laws_cli.py)."""

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jd.cli import main
from jd.laws import law_report, law_table, laws_for_place

DAY = date(2026, 12, 7)
ROOT = Path(__file__).resolve().parents[1]


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(["laws", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_table_has_every_rule_and_member_state_with_its_columns():
    rows = law_table(DAY)
    by_id = {row["id"]: row for row in rows}
    assert {"US-VA", "US-ME", "EU-AT", "EU-LT", "EU-SK", "EU-DE", "CA-ON"} <= set(by_id)
    assert len(rows) == len(by_id) == 23 + 27
    virginia = by_id["US-VA"]
    assert (virginia["status"], virginia["effective"]) == ("in force", "2026-07-01")
    assert virginia["applies_to"] == "all employers"
    assert virginia["must_show"][-1] == "no questions about the applicant's pay history"
    assert virginia["checked"] == "2026-12-07" and virginia["source"].startswith("https://")
    assert by_id["US-DE"]["status"] == "upcoming" and by_id["US-DE"]["status_note"] == "from 2027-09-26"
    assert by_id["EU-DE"]["status"] == "expected"
    assert by_id["US-OH-CMH"]["status_note"] == "enforced from 2027-01-01"


def test_status_in_the_table_moves_with_the_day():
    def virginia(day):
        return next(row for row in law_table(day) if row["id"] == "US-VA")["status"]

    assert (virginia(date(2026, 6, 30)), virginia(date(2026, 7, 1))) == ("upcoming", "in force")


@pytest.mark.parametrize(
    "place, expected",
    [
        ("Richmond, VA", ["US-VA"]),
        ("Portland, ME", ["US-ME"]),
        ("Vienna, Austria", ["EU-AT"]),
        ("Brooklyn, NY", ["US-NY", "US-NYC"]),
        ("Tokyo, Japan", []),
    ],
)
def test_rules_for_one_place_are_the_reviews(place, expected):
    assert [row["id"] for row in laws_for_place(place, DAY)] == expected


def test_a_remote_place_lists_the_laws_that_reach_remote_roles():
    rows = laws_for_place("Remote", DAY)
    assert {"US-CO", "US-CA", "EU"} <= {row["id"] for row in rows}
    assert all(row["basis"] == "remote" for row in rows)


def test_cli_prints_a_markdown_table_with_the_datas_date():
    code, out, err = run("--place", "Richmond, VA", "--on", "2026-12-07")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "# Pay-transparency rules for 'Richmond, VA' on 2026-12-07"
    assert "Law data last checked on 2026-12-07." in lines
    row = next(line for line in lines if line.startswith("| Virginia"))
    assert "| in force | 2026-07-01 | all employers |" in row and row.endswith("| 2026-12-07 |")


def test_cli_json_and_the_stale_notice():
    code, out, _ = run("--json", "--on", "2027-08-01")
    report = json.loads(out)
    assert code == 0 and report["today"] == "2027-08-01" and report["place"] is None
    assert report["law_data"]["stale"] is True
    stale = "Law data last checked on 2026-12-07: check for newer rules before relying on it."
    assert report["law_data"]["note"] == stale
    assert report == law_report(None, date(2027, 8, 1))


def test_cli_says_when_no_rule_matches():
    code, out, _ = run("--place", "Tokyo, Japan", "--on", "2026-12-07")
    assert code == 0 and "No rule in the law data matches this place." in out


def test_cli_refuses_a_bad_date_clearly():
    with pytest.raises(SystemExit) as stopped:
        run("--on", "7 December")
    assert stopped.value.code == 2


def test_python_dash_m_jd_laws_runs():
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    done = subprocess.run(
        [sys.executable, "-m", "jd", "laws", "--place", "Bratislava, Slovakia", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rules"]
    assert [(row["id"], row["status"]) for row in rows] == [("EU-SK", "in force")]
