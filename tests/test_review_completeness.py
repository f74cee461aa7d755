"""Google for Jobs completeness of the JobPosting the app publishes."""

from datetime import date

from jd.render import build_job_posting
from jd.review.completeness import completeness
from jd.spec import parse_job

DUTIES = ["Care for patients on a busy ward.", "Keep accurate records."]


def messages(result, bucket):
    return [m["message"] for m in result[bucket]]


def fields(result, bucket):
    return {m["field"] for m in result[bucket]}


def test_full_job_has_nothing_required_or_recommended_missing():
    job = parse_job(
        {
            "title": "Registered Nurse",
            "company": "St Mary's Hospital",
            "location": "Denver, CO, USA",
            "job_type": "Full-time",
            "salary_min": 70000,
            "salary_max": 90000,
            "currency": "USD",
            "salary_period": "year",
            "experience": "2+ years",
            "valid_through": "2027-01-31",
        }
    )
    result = completeness(build_job_posting(job, DUTIES, today=date(2026, 11, 25)))
    assert result["missing_required"] == []
    assert result["missing_recommended"] == []


def test_missing_company_and_country_in_plain_words():
    job = parse_job({"title": "Registered Nurse", "location": "Springfield"})
    result = completeness(build_job_posting(job, DUTIES))
    assert "add the company name" in messages(result, "missing_required")
    assert "add a country to the location" in messages(result, "missing_required")
    assert {"baseSalary", "employmentType", "validThrough"} <= fields(result, "missing_recommended")


def test_no_location_at_all():
    result = completeness(build_job_posting(parse_job({"title": "Nurse", "company": "X"}), DUTIES))
    assert fields(result, "missing_required") == {"jobLocation"}


def test_remote_job_needs_the_applicants_country():
    anywhere = parse_job({"title": "Writer", "company": "X", "work_mode": "Remote"})
    result = completeness(build_job_posting(anywhere, DUTIES))
    assert result["remote"] is True
    assert fields(result, "missing_required") == {"applicantLocationRequirements"}
    in_us = parse_job({"title": "Writer", "company": "X", "work_mode": "Remote", "location": "Remote, US"})
    assert completeness(build_job_posting(in_us, DUTIES))["missing_required"] == []


def test_hand_written_posting_missing_everything():
    result = completeness({"@type": "JobPosting"})
    assert fields(result, "missing_required") == {
        "title",
        "description",
        "datePosted",
        "hiringOrganization",
        "jobLocation",
    }


def test_no_posting_means_not_checked():
    assert completeness(None)["checked"] is False
