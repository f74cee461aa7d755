"""Grounding guard: invented facts in the model's duties are flagged; pay and benefits are removed."""

import pytest

from jd.review.grounding import check_grounding
from jd.spec import parse_job

DENVER_JOB = parse_job(
    {
        "title": "Backend Engineer",
        "experience": "3+ years",
        "skills": ["Python", "PostgreSQL", "AWS"],
        "company": "Acme Analytics",
        "location": "Denver, CO",
        "work_mode": "Hybrid",
        "salary_min": 110000,
        "salary_max": 140000,
        "currency": "USD",
        "salary_period": "year",
        "benefits": "Health insurance, 401(k) match, 20 days PTO",
    }
)

# What SmolLM2-135M tends to write: a duty, then invented requirements, pay, perks and places.
SMALL_MODEL_DUTIES = [
    "Develop and maintain backend services in Python and PostgreSQL",
    "5+ years of experience in backend development",
    "Competitive salary of $120,000 per year",
    "Excellent benefits including 401(k) and health insurance",
    "Work from our office in London",
    "Collaborate with Acme Analytics product teams in Denver",
    "Deploy services on AWS",
]


def by_kind(findings):
    return {(f["kind"], f["text"]) for f in findings}


def test_small_model_output_is_cleaned():
    kept, findings = check_grounding(DENVER_JOB, SMALL_MODEL_DUTIES)
    assert kept == [
        "Develop and maintain backend services in Python and PostgreSQL",
        "5+ years of experience in backend development",
        "Work from our office in London",
        "Collaborate with Acme Analytics product teams in Denver",
        "Deploy services on AWS",
    ]
    assert by_kind(findings) == {
        ("experience", "5+ years of experience"),
        ("pay", "Competitive salary"),
        ("pay", "$120,000"),
        ("benefit", "401(k)"),
        ("benefit", "health insurance"),
        ("location", "London"),
    }
    removed = {f["duty_index"] for f in findings if f["removed"]}
    assert removed == {2, 3}
    for finding in findings:
        assert finding["duty"][finding["start"] : finding["end"]] == finding["text"]
        assert finding["reason"]


def test_reasons_say_what_was_given():
    _, findings = check_grounding(DENVER_JOB, ["Bring 5+ years of experience.", "Travel to London monthly."])
    reasons = {f["kind"]: f["reason"] for f in findings}
    assert "3+ years" in reasons["experience"]
    assert "Denver, CO" in reasons["location"]


def test_facts_from_the_inputs_are_not_flagged():
    duties = [
        "Bring 3+ years of backend experience to the team.",
        "Work with Python, PostgreSQL and AWS every day.",
        "Represent Acme Analytics at meetups in Denver and across Colorado.",
    ]
    kept, findings = check_grounding(DENVER_JOB, duties)
    assert findings == []
    assert kept == duties


def test_repeating_the_given_pay_still_removes_the_duty():
    kept, findings = check_grounding(DENVER_JOB, ["Earn $110,000 to $140,000 per year."])
    assert kept == []
    assert findings[0]["kind"] == "pay" and findings[0]["removed"]
    assert "Repeats your pay" in findings[0]["reason"]


def test_benefits_are_not_flagged_when_the_job_is_about_them():
    job = parse_job({"title": "Benefits Administrator", "skills": ["401(k) administration", "health insurance"]})
    duties = ["Administer 401(k) enrolment and health insurance renewals."]
    assert check_grounding(job, duties) == (duties, [])


@pytest.mark.parametrize(
    "duty, kind, text",
    [
        ("Improve conversion by 25%.", "percentage", "25%"),
        ("Coordinate with partners at Globex Corp.", "organisation", "Globex Corp"),
        ("Integrate with Google services.", "organisation", "Google"),
        ("Manage a $2M budget.", "amount", "$2M"),
        ("Report prices in EUR.", "currency", "EUR"),
        ("Mentor 4 junior engineers.", "number", "4"),
        ("Plan the 2024 roadmap.", "number", "2024"),
        ("Hold a Bachelor's degree in Computer Science.", "qualification", "Bachelor's degree in"),
        ("Get stock options and equity grants.", "benefit", "stock options"),
        ("Support customers in Tokyo and Japan.", "location", "Tokyo"),
    ],
)
def test_each_kind_of_invention(duty, kind, text):
    _, findings = check_grounding(DENVER_JOB, [duty])
    assert (kind, text) in by_kind(findings)


@pytest.mark.parametrize(
    "duty",
    [
        "Keep services running 24/7 with on-call rotations.",
        "Use S3 and EC2 for storage and compute.",
        "Write clear documentation for new team members.",
        "Champion diversity, equity and inclusion in hiring.",
        "Nice to have: experience with Go.",
    ],
)
def test_ordinary_duties_are_left_alone(duty):
    assert check_grounding(DENVER_JOB, [duty]) == ([duty], [])


def test_without_a_job_nothing_is_grounded():
    kept, findings = check_grounding(None, ["Lead a team of 5 in Berlin for $90k a year."])
    assert kept == []
    assert {f["kind"] for f in findings} >= {"pay", "location", "number"}
