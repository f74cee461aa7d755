"""Drafts: saving a job with its summary and duties, and opening it again exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jd.draft import (
    DRAFT_MARKER,
    DRAFT_VERSION,
    MAX_DRAFT_BYTES,
    MAX_DUTIES_CHARS,
    MAX_SUMMARY_CHARS,
    Draft,
    draft_to_json,
    job_filename,
    load_draft,
)
from jd.errors import InvalidDraft, JDError
from jd.render import build_job_posting
from jd.spec import job_to_dict, parse_job

ROOT = Path(__file__).resolve().parent.parent
FULL = {
    "title": "Senior Data Engineer",
    "experience": "5+ years",
    "skills": ["Python", "SQL", "dbt"],
    "nice_to_have": ["Airflow"],
    "company": "Acme Analytics",
    "about_company": "We help shops understand their sales.\n\nFounded by two analysts.",
    "job_type": "Full-time",
    "work_mode": "Hybrid",
    "location": "Denver, CO, USA",
    "salary_min": 90000.5,
    "salary_max": 120000,
    "currency": "USD",
    "salary_period": "year",
    "benefits": "Health insurance\n401(k) match",
    "schedule": "Monday to Friday",
    "apply_at": "jobs@acme.example",
    "tone": "friendly",
    "language": "de",
    "mwd": False,
    "date_posted": "2026-01-05",
    "valid_through": "2026-02-05",
}
SUMMARY = "Acme sucht Sie.\nZweite Zeile mit **Sternchen** und <b>HTML</b>."
DUTIES = "- Build pipelines\n- Review {{ 7*7 }} code\n\n* Mentor juniors\t(tab)"


def test_round_trip_gives_back_the_same_job_summary_and_duties():
    text = draft_to_json(FULL, SUMMARY, DUTIES)
    draft = load_draft(text)
    assert isinstance(draft, Draft)
    assert draft.job == parse_job(FULL)
    assert (draft.summary, draft.duties) == (SUMMARY, DUTIES)
    assert draft.job_data == job_to_dict(parse_job(FULL))
    # Saving what was opened writes the same file again.
    assert draft_to_json(draft.job, draft.summary, draft.duties) == text


def test_file_is_pretty_utf8_json_with_the_format_marker_first():
    text = draft_to_json({"title": "Bäcker", "language": "German"}, "Über uns", "- Brot backen")
    assert text.startswith('{\n  "jd_generator_draft": 1,\n')
    assert "Bäcker" in text and "\\u" not in text  # readable, not \u-escaped
    content = json.loads(text.encode("utf-8"))
    assert list(content) == [DRAFT_MARKER, "job", "summary", "duties"]
    assert content["job"]["language"] == "de"


def test_opens_bytes_with_a_byte_order_mark_and_an_already_read_object():
    text = draft_to_json(FULL, SUMMARY, DUTIES)
    assert load_draft(b"\xef\xbb\xbf" + text.encode("utf-8")).duties == DUTIES
    assert load_draft(json.loads(text)).summary == SUMMARY


def test_summary_and_duties_may_be_left_out():
    draft = load_draft({DRAFT_MARKER: 1, "job": {"title": "Baker"}})
    assert (draft.job.title, draft.summary, draft.duties) == ("Baker", "", "")
    assert load_draft(draft_to_json({"title": "Baker"}, None, None)).summary == ""


@settings(max_examples=60, deadline=None)
@given(summary=st.text(max_size=300), duties=st.text(max_size=300))
def test_any_text_round_trips_exactly(summary, duties):
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in summary + duties):
        with pytest.raises(InvalidDraft):
            draft_to_json({"title": "Baker"}, summary, duties)
        return
    text = draft_to_json({"title": "Baker"}, summary, duties)
    draft = load_draft(text.encode("utf-8"))
    assert (draft.summary, draft.duties) == (summary, duties)


# --- files that are not drafts ------------------------------------------------------------------


def message_of(data) -> str:
    with pytest.raises(InvalidDraft) as caught:
        load_draft(data)
    assert isinstance(caught.value, JDError)
    return str(caught.value)


@pytest.mark.parametrize("data", [b"{not json", "", b"\xff\xfe\x00garbage", "[1, 2", "<html></html>"])
def test_not_json_is_refused(data):
    message = message_of(data)
    assert message.startswith("This file is not a draft") and "Open a draft file saved by this app." in message


def test_invalid_json_says_where():
    assert "line 2, column 1" in message_of('{"a": 1,\n}')


def test_a_json_ld_job_posting_is_named():
    posting = build_job_posting(parse_job(FULL), ["Build pipelines"])
    assert "schema.org JSON-LD" in message_of(json.dumps(posting))


def test_a_bare_job_file_is_named():
    example = (ROOT / "examples" / "job.json").read_bytes()
    assert "job's fields only" in message_of(example)


@pytest.mark.parametrize("data", ['{"hello": "world"}', "[]", '"text"', "42", "null"])
def test_other_json_is_not_a_draft(data):
    assert message_of(data).startswith("This file is not a draft")


def test_a_newer_format_asks_to_update_the_app():
    message = message_of({DRAFT_MARKER: DRAFT_VERSION + 1, "job": {"title": "Baker"}, "future": []})
    assert "newer version" in message and f"format {DRAFT_VERSION + 1}" in message and "Update the app" in message


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, None, [1]])
def test_a_bad_format_number_is_refused(version):
    assert "format number is not valid" in message_of({DRAFT_MARKER: version, "job": {"title": "Baker"}})


def test_an_invalid_job_lists_every_problem_by_field():
    data = {DRAFT_MARKER: 1, "job": {"title": "", "currency": "XYZ", "salary_min": 5, "colour": "red"}}
    with pytest.raises(InvalidDraft) as caught:
        load_draft(data)
    fields = [problem.field for problem in caught.value.problems]
    assert {"Job title", "Currency", "colour"} <= set(fields)
    assert str(caught.value).startswith("This draft's job details have problems:\n- ")


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"summary": 5}, "About the role", "must be text"),
        ({"duties": ["a", "b"]}, "Responsibilities", "must be text"),
        ({"job": "Baker"}, "Job", "must be an object"),
        ({"job": None}, "Job", "must be an object"),
        ({"notes": "hi"}, "Draft", "unknown field 'notes'"),
        ({"summary": "x" * (MAX_SUMMARY_CHARS + 1)}, "About the role", "too long"),
        ({"duties": "x" * (MAX_DUTIES_CHARS + 1)}, "Responsibilities", "too long"),
    ],
)
def test_wrong_types_and_sizes_name_the_field(changes, field, words):
    data = {DRAFT_MARKER: 1, "job": {"title": "Baker"}} | changes
    with pytest.raises(InvalidDraft) as caught:
        load_draft(json.dumps(data))
    assert [p.field for p in caught.value.problems] == [field]
    assert words in caught.value.problems[0].message


def test_too_big_a_file_is_refused_before_it_is_parsed():
    padding = " " * (MAX_DRAFT_BYTES + 1)
    for data in (padding.encode(), padding + "{}", {DRAFT_MARKER: 1, "job": {"title": "B"}, "summary": padding}):
        assert "too large to be a draft" in message_of(data)


def test_deeply_nested_json_is_refused_cleanly():
    assert "not a draft" in message_of("[" * 100_000 + "]" * 100_000)


def test_messages_do_not_repeat_hostile_keys_unbounded():
    key = "<script>alert(1)</script>" + "x" * 200
    message = message_of({DRAFT_MARKER: 1, "job": {"title": "Baker"}, key: 1})
    assert "x" * 100 not in message


def test_a_draft_that_could_not_be_opened_is_not_saved():
    with pytest.raises(InvalidDraft) as caught:
        draft_to_json({"title": "Baker"}, "x" * (MAX_SUMMARY_CHARS + 1), "")
    assert caught.value.problems[0].field == "About the role"
    with pytest.raises(InvalidDraft) as caught:
        draft_to_json({"title": ""}, "", "")
    assert str(caught.value).startswith("This draft cannot be saved")


@pytest.mark.parametrize(
    "title, name",
    [
        ("Senior Backend Engineer", "senior-backend-engineer.jd.json"),
        ("Bäckerin (m/w/d)", "backerin-m-w-d.jd.json"),
        ("../../etc/passwd", "etc-passwd.jd.json"),
        ("数据工程师", "job.jd.json"),
    ],
)
def test_file_names_are_safe(title, name):
    assert job_filename({"title": title}) == name
    assert job_filename({"title": title}, ".docx") == name.replace(".jd.json", ".docx")
