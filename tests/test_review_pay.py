"""Pay transparency: which rules likely apply, and whether a posting complies."""

import json
import re
from datetime import date

import pytest

from jd.review._data import load
from jd.review.pay_transparency import applicable_rules, pay_transparency
from jd.spec import parse_job

TODAY = date(2026, 11, 25)

# One location per jurisdiction, written the way people type them.
LOCATIONS = {
    "US-CO": "Denver, CO, USA",
    "US-CA": "San Francisco, California",
    "US-WA": "Seattle WA",
    "US-NY": "Albany, New York",
    "US-NYC": "Brooklyn, NY",
    "US-IL": "Chicago, IL 60601",
    "US-MD": "Baltimore, Maryland",
    "US-HI": "Honolulu, HI",
    "US-DC": "Washington, DC",
    "US-MN": "Minneapolis, MN",
    "US-NJ": "Jersey City, NJ",
    "US-VT": "Burlington, VT",
    "US-MA": "Boston, MA",
    "CA-BC": "Vancouver, BC, Canada",
    "CA-ON": "Toronto, Ontario",
    "EU": "Berlin, Germany",
}


def job(location, *, pay=True, work_mode=None, **extra):
    data = {"title": "Registered Nurse", "location": location, "work_mode": work_mode}
    if pay:
        data.update(salary_min=70000, salary_max=90000, currency="USD", salary_period="year",
                    benefits="Health insurance and paid leave", valid_through="2027-01-31")
    data.update(extra)
    return parse_job(data)


def ids(findings):
    return {f["id"] for f in findings}


@pytest.mark.parametrize("rule_id, location", LOCATIONS.items())
def test_each_jurisdiction_flags_a_job_without_pay(rule_id, location):
    findings = pay_transparency(job(location, pay=False), today=TODAY)
    finding = next(f for f in findings if f["id"] == rule_id)
    assert finding["basis"] == "location"
    assert finding["status"] == "likely required"
    assert finding["compliant"] is False
    assert any(r["key"] in ("pay_range", "pay_before_interview") and r["met"] is False for r in finding["requirements"])
    assert finding["source"].startswith("https://")


@pytest.mark.parametrize("rule_id, location", LOCATIONS.items())
def test_each_jurisdiction_accepts_a_job_with_a_range(rule_id, location):
    findings = pay_transparency(job(location), today=TODAY)
    finding = next(f for f in findings if f["id"] == rule_id)
    assert finding["compliant"] is True, finding["missing"]
    assert finding["missing"] == []


@pytest.mark.parametrize("location", ["Austin, TX, USA", "Tokyo, Japan", "London, UK", "Perth, WA, Australia",
                                      "Zurich, Switzerland", "Remote, Japan"])
def test_places_without_a_rule_are_not_flagged(location):
    assert pay_transparency(job(location, pay=False), today=TODAY) == []


def test_new_york_city_is_also_new_york_state():
    assert ids(pay_transparency(job("New York, NY", pay=False), today=TODAY)) == {"US-NY", "US-NYC"}
    assert ids(pay_transparency(job("Albany, New York", pay=False), today=TODAY)) == {"US-NY"}


def test_a_state_code_beats_a_famous_city_name():
    assert ids(pay_transparency(job("Vancouver, WA", pay=False), today=TODAY)) == {"US-WA"}
    assert ids(pay_transparency(job("London, ON", pay=False), today=TODAY)) == {"CA-ON"}


def test_remote_role_without_location_likely_falls_under_remote_covering_laws():
    findings = pay_transparency(job(None, pay=False, work_mode="Remote"), today=TODAY)
    assert {"US-CO", "US-CA", "US-WA", "US-NY", "US-NYC", "US-IL", "CA-BC", "CA-ON", "EU"} <= ids(findings)
    assert "US-HI" not in ids(findings)  # Hawaii's law says nothing about remote roles
    assert all(f["basis"] == "remote" and not f["compliant"] for f in findings)


def test_remote_us_role_is_limited_to_us_rules():
    findings = pay_transparency(job("Remote, US", pay=False), today=TODAY)
    assert "US-CO" in ids(findings)
    assert all(f["id"].startswith("US-") for f in findings)
    assert all(f["remote_counts"] for f in findings)


def test_remote_role_in_a_named_state_is_that_state():
    assert ids(pay_transparency(job("Remote - Colorado", pay=False), today=TODAY)) == {"US-CO"}


def test_colorado_also_wants_benefits_and_a_closing_date():
    finding = pay_transparency(job("Denver, CO", benefits=None, valid_through=None), today=TODAY)[0]
    assert finding["compliant"] is False
    assert {r["key"] for r in finding["requirements"] if r["met"] is False} == {"benefits", "application_deadline"}


def test_a_single_figure_is_not_a_range():
    single = parse_job({"title": "Cook", "location": "Seattle, WA", "salary_min": 25, "currency": "USD",
                        "salary_period": "hour", "benefits": "Meals"})
    assert pay_transparency(single, today=TODAY)[0]["compliant"] is False


def test_ontario_range_no_wider_than_50000_and_no_canadian_experience():
    wide = job("Toronto, ON", salary_min=60000, salary_max=130000, currency="CAD")
    finding = pay_transparency(wide, today=TODAY)[0]
    assert finding["compliant"] is False
    assert "range_width" in {r["key"] for r in finding["requirements"] if r["met"] is False}
    assert finding["to_confirm"]  # vacancy status and AI use: only the employer knows
    narrow = job("Toronto, ON", salary_min=80000, salary_max=120000, currency="CAD")
    text = "Canadian experience is a must."
    finding = pay_transparency(narrow, text, today=TODAY)[0]
    assert [r["key"] for r in finding["requirements"] if r["met"] is False] == ["no_canadian_experience"]


def test_pay_history_questions_break_bc_and_eu_rules():
    text = "Please include your current salary with your application."
    assert pay_transparency(job("Vancouver, BC"), text, today=TODAY)[0]["compliant"] is False
    assert pay_transparency(job("Paris, France"), text, today=TODAY)[0]["compliant"] is False


def test_eu_gender_neutral_wording_requirement_uses_the_count_given():
    assert pay_transparency(job("Madrid, Spain"), gendered_terms=1, today=TODAY)[0]["compliant"] is False


def test_rules_not_yet_in_force_are_upcoming():
    finding = pay_transparency(job("Dublin, Ireland", pay=False), today=date(2026, 1, 1))[0]
    assert finding["status"] == "upcoming"
    assert pay_transparency(job("Toronto", pay=False), today=date(2025, 6, 1))[0]["status"] == "upcoming"


def test_no_job_no_findings():
    assert pay_transparency(None) == []


def test_findings_are_json_serialisable():
    json.dumps(pay_transparency(job(None, pay=False, work_mode="Remote"), today=TODAY))


def test_every_rule_is_complete_and_cited():
    data = load("pay_transparency")
    texts = data["requirement_texts"]
    assert len(data["rules"]) >= 16
    for rule in data["rules"]:
        assert re.fullmatch(r"https://\S+", rule["source"]), rule["id"]
        date.fromisoformat(rule["effective"])
        assert set(rule["requires"]) <= set(texts), rule["id"]
        assert isinstance(rule["remote_counts"], bool)
        assert rule["employer_threshold"] >= 1
    eu = next(r for r in data["rules"] if r["id"] == "EU")
    assert eu["effective"] == "2026-06-07" and len(eu["countries"]) == 27


def test_applicable_rules_reads_locations_alone():
    assert [r.id for r, _ in applicable_rules("Toronto, ON, CA")] == ["CA-ON"]
    assert [r.id for r, _ in applicable_rules("Los Angeles, CA")] == ["US-CA"]
    assert [r.id for r, _ in applicable_rules("Remote (Europe)")] == ["EU"]
