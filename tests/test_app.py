"""The launched Gradio app through gradio_client, with a fake OpenAI-compatible backend on loopback."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client.exceptions import AppError
from launch import predict_as_new_visitor
from samples import REVIEW_KEYS, WAREHOUSE_JOB

from jd.feedback import FeedbackStore

JOB = WAREHOUSE_JOB

REPLY = (
    "Here are the key responsibilities:\n"
    "1. Receive, check and store incoming deliveries accurately.\n"
    "2. Pick and pack customer orders to the daily plan.\n"
    "3. Run cycle counts and report stock differences.\n"
    "4. Operate forklifts safely and follow site safety rules.\n"
    "5. Keep aisles, docks and work areas clean and clear.\n"
)


def test_job_details_endpoint(app):
    text = app.client.predict(JOB, api_name="/job_details")
    assert "Warehouse Associate" in text
    assert "Acme Logistics" in text
    assert "40,000" in text


def test_bad_job_gives_clear_error_and_app_keeps_serving(app):
    with pytest.raises(AppError) as caught:
        app.client.predict({"title": "", "salary_min": 50, "salary_max": 10}, api_name="/job_details")
    message = str(caught.value)
    assert "title" in message.lower()
    assert "Traceback" not in message
    assert "Warehouse" in app.client.predict(JOB, api_name="/job_details")


def test_responsibilities_streams_then_returns_clean_list(app):
    app.fake.configure(reply=REPLY, delay=0.03)
    job = app.client.submit(JOB, api_name="/responsibilities")
    values = list(job)
    final = job.result()
    assert len(values) >= 3, values  # several partial values, then the cleaned list
    assert values[0] != final
    lines = final.splitlines()
    assert len(lines) == 5
    assert all(line.startswith("- ") for line in lines)
    assert "Here are" not in final
    assert "1." not in final


def test_job_description_in_every_format(app):
    duties = "- Receive and store deliveries.\n- Pick and pack customer orders."
    markdown = app.client.predict(JOB, duties, "markdown", api_name="/job_description")
    assert "Pick and pack customer orders" in markdown
    assert "USD 40,000" in markdown
    html = app.client.predict(JOB, duties, "html", api_name="/job_description")
    assert "<li>Pick and pack customer orders</li>" in html or "<li>Pick and pack customer orders.</li>" in html
    text = app.client.predict(JOB, duties, "text", api_name="/job_description")
    assert "<" not in text and "**" not in text
    posting = json.loads(app.client.predict(JOB, duties, "json-ld", api_name="/job_description"))
    assert posting["@type"] == "JobPosting"
    assert posting["baseSalary"]["value"]["minValue"] == 40000
    with pytest.raises(AppError, match="fmt must be one of"):
        app.client.predict(JOB, duties, "pdf", api_name="/job_description")


def test_feedback_is_stored_and_id_returned(app):
    record_id = app.client.predict(JOB, "- Pick orders.", "# JD", "helpful", "clear", api_name="/feedback")
    record = FeedbackStore(app.settings.data_dir).get(record_id)
    assert record["rating"] == "helpful"
    assert record["reason"] == "clear"
    assert record["inputs"]["title"] == "Warehouse Associate"
    with pytest.raises(AppError, match=r"(?i)rating"):
        app.client.predict(JOB, "- x", "# JD", "meh", api_name="/feedback")


@pytest.mark.parametrize(
    "fault, expected",
    [
        ("401", "(?i)token|key|sign"),
        ("404", "(?i)model"),
        ("500", "(?i)server|backend"),
        ("drop", "(?i)connection|drop"),
    ],
)
def test_backend_failure_is_a_clear_error_and_next_request_works(app, fault, expected):
    app.fake.configure(reply=REPLY, delay=0.01, fault=fault, after_chunks=4, fault_count=1)
    job = app.client.submit(JOB, api_name="/responsibilities")
    with pytest.raises(AppError, match=expected):
        job.result()
    if fault == "drop":
        partial = job.outputs()
        assert partial and partial[-1].strip() and REPLY.startswith(partial[-1])  # text before the drop is kept
    assert app.client.predict(JOB, api_name="/responsibilities").count("- ") == 5


def test_ui_internal_events_are_not_public(app):
    info = app.client.view_api(print_info=False, return_format="dict")
    names = set(info["named_endpoints"])
    assert {"/job_details", "/responsibilities", "/job_description", "/feedback"} <= names
    assert not any(name.startswith(("/write", "/show", "/generate", "/send", "/lambda")) for name in names), names


def test_parallel_streams_all_complete(app):
    app.fake.configure(reply=REPLY, delay=0.02)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: predict_as_new_visitor(app.url, JOB, api_name="/responsibilities"), range(4)))
    assert all(result.count("- ") == 5 for result in results)


def test_review_endpoint_returns_structured_findings(app):
    duties = "- Be a rockstar who owns the warehouse.\n- Pick and pack customer orders."
    text = app.client.predict(JOB, duties, "markdown", api_name="/job_description")
    result = app.client.predict(JOB, text, api_name="/review")
    assert 0 <= result["score"] <= 100
    assert set(result) >= REVIEW_KEYS
    assert any(item["term"].lower() == "rockstar" for item in result["exclusionary"])
    colorado = [rule for rule in result["pay_transparency"] if "Colorado" in rule["jurisdiction"]]
    assert colorado and colorado[0]["status"] == "likely required"
    with pytest.raises(AppError, match=r"(?i)too long"):
        app.client.predict(JOB, "x" * 60_000, api_name="/review")


def test_rate_limit_per_visitor_gives_clear_message(make_fake_openai, tmp_path):
    from launch import fake_backend_settings, launched_app

    fake = make_fake_openai(reply=REPLY)
    with launched_app(fake_backend_settings(fake, tmp_path / "data", rate_limit_per_minute=2)) as limited:
        for _ in range(2):
            assert limited.client.predict(JOB, api_name="/responsibilities").count("- ") == 5
        with pytest.raises(AppError, match="Try again in"):
            limited.client.predict(JOB, api_name="/responsibilities")
        assert len(fake.chat_log) == 2  # the refused call never reached the backend
        assert "Warehouse" in limited.client.predict(JOB, api_name="/job_details")  # other features still work


def test_feedback_is_stored_locally_when_the_hub_dataset_is_unreachable(make_fake_openai, tmp_path):
    from launch import fake_backend_settings, launched_app

    fake = make_fake_openai(reply=REPLY)
    settings = fake_backend_settings(
        fake, tmp_path / "data", feedback_dataset="someone/jd-feedback", hf_token="hf_unused_in_this_test"
    )
    with launched_app(settings) as offline:  # HF_HUB_OFFLINE=1 in tests: the Hub sync cannot start
        record_id = offline.client.predict(JOB, "- Pick orders.", "# JD", "not helpful", "", api_name="/feedback")
    assert FeedbackStore(settings.data_dir).get(record_id)["rating"] == "not helpful"


GERMAN_JOB = {
    "title": "Datenanalyst",
    "experience": "3 Jahre",
    "skills": "SQL, Python, Power BI",
    "job_type": "Full-time",
    "work_mode": "Hybrid",
    "location": "München, Deutschland",
    "company": "Alpenbahn Logistik GmbH",
    "salary_min": 58000,
    "salary_max": 70000,
    "currency": "EUR",
    "salary_period": "year",
    "benefits": "30 Tage Urlaub; Deutschlandticket",
    "apply_at": "https://alpenbahn.example/karriere",
    "valid_through": "2027-01-15",
    "language": "Deutsch",
}
GERMAN_DUTIES = "- Berichte für den Vertrieb erstellen\n- Daten aus SAP prüfen und bereinigen"


def test_summary_endpoint_composes_from_the_inputs_and_duties(app):
    summary = app.client.predict(JOB, REPLY, api_name="/summary")
    assert "Acme Logistics" in summary and "Warehouse Associate" in summary
    # the duties are listed right below it: not pasted into it (issue 20)
    assert "receive, check and store" not in summary.lower()
    assert 2 <= summary.count(". ") + 1 <= 4
    assert "40,000" not in summary  # the summary says what the role is, not the pay


def test_job_description_takes_an_edited_summary(app):
    mine = "You will run the inbound dock of our Denver warehouse."
    text = app.client.predict(JOB, REPLY, "markdown", mine, api_name="/job_description")
    assert mine in text
    composed = app.client.predict(JOB, REPLY, "markdown", "", api_name="/job_description")
    assert mine not in composed and "Acme Logistics" in composed


def test_a_german_job_through_the_api_is_german(app):
    text = app.client.predict(GERMAN_JOB, GERMAN_DUTIES, "markdown", api_name="/job_description")
    assert "## Datenanalyst (m/w/d)" in text
    for heading in ("Ihre Aufgaben", "Ihr Profil", "Wir bieten"):
        assert heading in text
    assert "58.000" in text and "€" in text
    for english in ("Key responsibilities", "What you'll bring", "What we offer", "per year", "equal opportunity"):
        assert english not in text
    review = app.client.predict(GERMAN_JOB, text, api_name="/review")
    assert review["language"] == "de"
    assert (
        review["readability"]["formula"].lower().startswith("flesch")
        and "amstad" in review["readability"]["formula"].lower()
    )
    assert review["readability"]["bullets"] == 2  # found under the German heading
    assert any("not checked for German" in note for note in review["checks_skipped"])


def test_review_returns_fix_suggestions_with_offsets(app):
    text = "We want a rockstar ninja who can hit the ground running."
    review = app.client.predict(JOB, text, api_name="/review")
    suggestions = review["suggestions"]
    assert {s["term"].lower() for s in suggestions} >= {"rockstar", "ninja"}
    for suggestion in suggestions:
        assert text[suggestion["start"] : suggestion["end"]].lower() == suggestion["term"].lower()


def test_an_unknown_language_gets_a_clear_message(app):
    with pytest.raises(AppError) as caught:
        app.client.predict({**JOB, "language": "Klingon"}, api_name="/job_details")
    assert "Language" in str(caught.value) and "German" in str(caught.value)


def test_occupation_endpoint_lists_candidates_best_first(app):
    found = app.client.predict("Server", api_name="/occupation")
    assert 1 < len(found) <= 5
    assert {tuple(sorted(candidate)) for candidate in found} == {("code", "score", "title")}
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    assert "35-3031.00" in [c["code"] for c in found]  # Waiters and Waitresses
    assert app.client.predict("Bäckerin", "de", api_name="/occupation")[0]["title"] == "Bakers"
    with pytest.raises(AppError, match="at most 200 characters"):
        app.client.predict("x" * 201, api_name="/occupation")
    assert app.client.predict("Zzzqx", api_name="/occupation") == []
