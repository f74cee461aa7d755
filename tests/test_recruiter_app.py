"""The recruiter's endpoints through gradio_client: drafts, the company profile, bulk generation."""

from __future__ import annotations

import csv
import html
import io
import json
import zipfile
from pathlib import Path

import pytest
from gradio_client.exceptions import AppError
from launch import fake_backend_settings, launched_app, warnings_of
from samples import WAREHOUSE_JOB

from jd.draft import load_draft

REPLY = (
    "1. Receive, check and store incoming deliveries accurately.\n"
    "2. Pick and pack customer orders to the daily plan.\n"
    "3. Run cycle counts and report stock differences.\n"
    "4. Operate forklifts safely and follow site safety rules.\n"
    "5. Keep aisles, docks and work areas clean and clear.\n"
    "6. Load outgoing trucks in the right order.\n"
)
DUTIES = "- Receive and store deliveries.\n- Pick and pack customer orders."
PROFILE = """
company = "Acme Robotics"
apply_at = "https://acme.example/careers"
benefits = "30 days of paid time off"
fixed = ["company", "apply_at"]

[equal_opportunity]
en = "Acme Robotics hires on merit alone and welcomes every applicant."
"""


def test_draft_round_trip_is_unchanged(app):
    summary = "A hands-on role in our Denver warehouse."
    text = app.client.predict(WAREHOUSE_JOB, summary, DUTIES, api_name="/draft")
    assert json.loads(text)["jd_generator_draft"] == 1
    opened = app.client.predict(text, api_name="/open_draft")
    assert opened["summary"] == summary
    assert opened["duties"] == DUTIES
    assert opened["job"] == load_draft(text).job_data
    assert opened["job"]["title"] == WAREHOUSE_JOB["title"]
    assert opened["job"]["salary_min"] == WAREHOUSE_JOB["salary_min"]
    # Saved again, the opened draft gives the same file.
    assert app.client.predict(opened["job"], opened["summary"], opened["duties"], api_name="/draft") == text


def test_foreign_json_gets_the_clear_error(app):
    posting = json.dumps({"@context": "https://schema.org", "@type": "JobPosting", "title": "Dev"})
    with pytest.raises(AppError) as caught:
        app.client.predict(posting, api_name="/open_draft")
    message = html.unescape(str(caught.value))
    assert "This file is not a draft" in message
    assert "JSON-LD" in message
    assert "Traceback" not in message
    with pytest.raises(AppError, match="not valid JSON"):
        app.client.predict("{not json", api_name="/open_draft")


def test_a_draft_with_a_bad_job_is_refused(app):
    with pytest.raises(AppError, match="title"):
        app.client.predict({"title": ""}, "", "", api_name="/draft")


@pytest.fixture
def profile_app(make_fake_openai, tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    fake = make_fake_openai(reply=REPLY)
    with launched_app(fake_backend_settings(fake, tmp_path / "data", company_profile=profile), fake=fake) as app:
        yield app


def test_profile_fixed_field_is_enforced_with_a_notice(profile_app):
    client = profile_app.client
    job = client.submit({**WAREHOUSE_JOB, "company": "Someone Else"}, "", DUTIES, api_name="/draft")
    draft = json.loads(job.result())
    assert draft["job"]["company"] == "Acme Robotics"
    assert draft["job"]["apply_at"] == "https://acme.example/careers"
    assert draft["job"]["benefits"] == "30 days of paid time off"  # a blank filled from the profile
    assert any("The company profile sets Company" in warning for warning in warnings_of(job))
    # The service's endpoints take the profile's value too.
    text = client.predict({**WAREHOUSE_JOB, "company": "Someone Else"}, DUTIES, "markdown", api_name="/job_description")
    assert "Acme Robotics" in text
    assert "Someone Else" not in text


def test_bulk_writes_the_good_rows_and_names_the_bad_one(app):
    app.fake.configure(reply=REPLY)
    rows = [{**WAREHOUSE_JOB, "title": f"Warehouse Associate {n}"} for n in range(1, 6)]
    rows[2] = {**rows[2], "salary_min": 90000, "salary_max": 1000}
    zip_path, summary = app.client.predict(rows, ["md", "docx"], api_name="/bulk")
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        listed = list(csv.DictReader(io.StringIO(archive.read("summary.csv").decode("utf-8-sig"))))
    assert len([name for name in names if name.endswith(".md")]) == 4
    assert len([name for name in names if name.endswith(".docx")]) == 4
    assert [line["status"] for line in listed] == ["done", "done", "failed", "done", "done"]
    assert [line["row"] for line in summary] == [1, 2, 3, 4, 5]
    bad = summary[2]
    assert bad["status"] == "failed"
    assert bad["error"].startswith("Row 3, salary")
    assert all(line["score"] is not None for line in summary if line["status"] == "done")
    assert Path(zip_path).name == "job-descriptions.zip"


def test_bulk_refuses_what_is_not_a_list_of_jobs(app):
    with pytest.raises(AppError, match="list of job objects"):
        app.client.predict([], ["md"], api_name="/bulk")
    with pytest.raises(AppError, match="Unknown output format"):
        app.client.predict([WAREHOUSE_JOB], ["pdf"], api_name="/bulk")


def test_the_profiles_statement_reaches_every_format_of_the_api(profile_app):
    for fmt in ("markdown", "html", "text", "json-ld"):
        text = profile_app.client.predict(WAREHOUSE_JOB, DUTIES, fmt, api_name="/job_description")
        assert "hires on merit alone" in text, fmt
        assert "equal opportunity employer" not in text.lower(), fmt
