"""The whole flow once against the real embedded model (llama.cpp + SmolLM2-135M), through gradio_client."""

from __future__ import annotations

import html
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from launch import launched_app, predict_as_new_visitor

from jd.feedback import FeedbackStore
from jd.settings import Settings

pytestmark = pytest.mark.embedded

JOB = {
    "title": "Line Cook",
    "experience": "2+ years",
    "skills": ["Food safety", "Grill station", "Prep"],
    "job_type": "Full-time",
    "work_mode": "On-site",
    "location": "Denver, CO, USA",
    "company": "Harbor Bistro",
}


@pytest.fixture(scope="module")
def embedded_app(embedded_server, tmp_path_factory):
    # A fixed seed keeps the weak model's answers repeatable (the same answer in every run).
    settings = Settings(backend="local", data_dir=tmp_path_factory.mktemp("data"), fallback_to_local=False, seed=3)
    with launched_app(settings) as launched:
        yield launched


def test_embedded_flow_streams_parses_renders_and_stores_feedback(embedded_app):
    client = embedded_app.client
    job = client.submit(JOB, api_name="/responsibilities")
    values = list(job)
    final = job.result()
    assert len(values) >= 2
    bullets = [line for line in final.splitlines() if line.startswith("- ")]
    assert len(bullets) >= 3, final
    posting = json.loads(client.predict(JOB, final, "json-ld", api_name="/job_description"))
    assert posting["title"] == "Line Cook"
    assert bullets[0][2:] in html.unescape(posting["description"])
    markdown = client.predict(JOB, final, "markdown", api_name="/job_description")
    review = client.predict(JOB, markdown, api_name="/review")
    assert 0 <= review["score"] <= 100 and review["fix_first"]
    assert review["readability"]["bullets"] == len(bullets)
    colorado = [rule for rule in review["pay_transparency"] if rule["jurisdiction"] == "Colorado"]
    assert colorado and not colorado[0]["compliant"]  # no pay range given for a Colorado job
    record_id = client.predict(JOB, final, markdown, "helpful", "", api_name="/feedback")
    assert FeedbackStore(embedded_app.settings.data_dir).get(record_id)["job_description"] == markdown


def test_two_visitors_at_once_both_complete(embedded_app):
    with ThreadPoolExecutor(2) as pool:
        results = list(
            pool.map(lambda _: predict_as_new_visitor(embedded_app.url, JOB, api_name="/responsibilities"), range(2))
        )
    for result in results:
        assert sum(line.startswith("- ") for line in result.splitlines()) >= 3, result
