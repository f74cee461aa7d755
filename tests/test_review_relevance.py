"""The review's relevance part: duties compared with the occupation's O*NET tasks (no Gradio)."""

from __future__ import annotations

import pytest

from jd import occupations
from jd.review import review
from jd.review.relevance import check_relevance, core_tasks, is_on_role

# Labelled examples (on-role written in several styles / off-role from other jobs) the thresholds were set on.
CASES = {
    "35-3023.01": (
        [
            "Prepare espresso drinks, lattes and cappuccinos",
            "Take customer orders and handle cash and card payments",
            "Keep the coffee bar clean and stocked",
            "Restock cups, lids and pastries",
            "Clean and sanitize the espresso machine and grinders",
            "Recommend drinks and pastries to guests",
        ],
        [
            "Master the art of craft beer with a pint",
            "Write unit tests for backend services",
            "Administer medications to patients",
            "Operate a forklift to move pallets",
        ],
    ),
    "13-2011.00": (
        [
            "Prepare monthly journal entries and account reconciliations",
            "Reconcile bank statements and general ledger accounts",
            "Prepare financial statements and reports",
            "Assist with audits and tax filings",
            "Maintain accounts payable and receivable records",
        ],
        ["Steam milk for lattes", "Drive a tractor-trailer on long-haul routes"],
    ),
    "29-1141.03": (
        [
            "Monitor patients' vital signs and report changes",
            "Administer medications and IV therapy",
            "Document patient care in the electronic health record",
            "Educate patients and families about care plans",
        ],
        ["Pour latte art", "Build shelving units in the warehouse"],
    ),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_on_role_duties_pass_and_off_role_duties_are_flagged(code):
    occupation = occupations.get(code)
    on, off = CASES[code]
    findings = check_relevance(occupation, on + off)
    assert [f["duty"] for f in findings] == on + off
    assert [f["on_role"] for f in findings] == [True] * len(on) + [False] * len(off)
    for finding in findings:
        assert finding["closest_task"] in occupation.tasks
        assert 0 <= finding["score"] <= 1


def test_flag_names_the_closest_task_of_the_occupation():
    job = {"title": "Barista", "company": "Bean There", "location": "Portland, OR"}
    duties = ["Prepare espresso drinks, lattes and cappuccinos", "Assemble Kubernetes clusters for payments"]
    result = review(job, "We are hiring a barista.", duties)
    flagged = [f for f in result["relevance"] if not f["on_role"]]
    assert [f["duty"] for f in flagged] == ["Assemble Kubernetes clusters for payments"]
    assert "of Baristas" in flagged[0]["message"] or "than Baristas" in flagged[0]["message"]
    assert flagged[0]["closest_task"] in occupations.get("35-3023.01").tasks
    assert set(result["relevance"][0]) >= {"duty", "on_role", "closest_task", "score"}
    assert any("duties of another job" in action for action in result["fix_first"])


def test_the_score_drops_for_a_duty_of_another_job():
    job = {"title": "Barista", "company": "Bean There", "location": "Portland, OR"}
    good = ["Prepare espresso drinks, lattes and cappuccinos", "Take customer orders and handle cash and card payments"]
    clean = review(job, "We are hiring a barista.", [*good, "Clean and sanitize the espresso machine and grinders"])
    mixed = review(job, "We are hiring a barista.", [*good, "Master the art of craft beer with a pint"])
    assert clean["breakdown"]["relevance"]["points"] == 10
    assert mixed["breakdown"]["relevance"]["points"] < 10
    assert mixed["score"] < clean["score"]


def test_the_chosen_occupation_wins_over_the_title():
    job = {"title": "Barista", "occupation": "13-2011.00"}
    findings = review(job, "text", ["Prepare financial statements and reports"])["relevance"]
    assert findings[0]["on_role"] is True


def test_no_occupation_no_relevance():
    assert review({"title": "Associate"}, "text", ["Do things"])["relevance"] == []
    assert review(None, "text", ["Do things"])["relevance"] == []
    assert "relevance" not in review({"title": "Associate"}, "text", ["Do things"])["breakdown"]


def test_helpers_for_the_writing_path():
    barista = occupations.get("35-3023.01")
    assert is_on_role(barista, "Serve hot and cold drinks to customers")
    assert not is_on_role(barista, "Operate a forklift to move pallets")
    assert core_tasks(barista, 3) == list(barista.tasks[:3])
    assert core_tasks(barista, 0) == []
