"""The app's plain functions (no Gradio): form mapping, cleaning with the grounding guard, review of text."""

from __future__ import annotations

import pytest

from jd import service
from jd.errors import InvalidInput, InvalidJob, VisitorRateLimited
from jd.feedback import FeedbackStore
from jd.i18n import get_translations
from jd.settings import Settings
from jd.spec import FIELDS, parse_job

JOB = {"title": "Line Cook", "location": "Portland, OR, USA", "skills": "Grill, prep"}


def test_form_to_job_drops_empty_widgets():
    values = dict.fromkeys(FIELDS) | {"title": "Cook", "skills": "  ", "salary_min": 0}
    assert service.form_to_job(values) == {"title": "Cook", "salary_min": 0}


def test_the_review_reads_the_duties_under_the_responsibilities_heading_in_the_jobs_language():
    text = "## Cook\n\n### Key responsibilities\n\n- Prep food\n- Clean the line\n\n### Requirements\n\n" + "".join(
        f"- Skill {i}: Grill\n" for i in range(8)
    )
    assert service.review_text(parse_job(JOB), text)["readability"]["bullets"] == 2
    german = parse_job(JOB | {"language": "de"})
    heading = get_translations("de").gettext("Key responsibilities")
    text = f"## Koch\n\n### {heading}\n\n– Speisen vorbereiten\n– Die Linie reinigen\n\n### Profil\n\n- Grill\n"
    assert service.review_text(german, text)["readability"]["bullets"] == 2


def test_review_job_description_checks_inputs():
    result = service.review_job_description(JOB, "### Key responsibilities\n\n- Work in our London kitchen\n")
    assert any(finding["kind"] == "location" for finding in result["grounding"])
    with pytest.raises(InvalidInput):
        service.review_job_description(JOB, "x" * (service.MAX_REVIEW_CHARS + 1))
    with pytest.raises(InvalidJob):
        service.review_job_description({"title": ""}, "text")


def test_job_description_rejects_unknown_format_and_huge_lists():
    with pytest.raises(InvalidInput, match="fmt must be one of"):
        service.job_description(JOB, "- a", "pdf")
    with pytest.raises(InvalidInput, match="too long"):
        service.job_description(JOB, "- a\n" * 10_000)


def test_language_notice_depends_on_the_model_and_language():
    remote = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", model="big-model", fallback_to_local=False)
    assert service.language_notice(dict(JOB, language="de"), remote) is None
    small = remote.replace(model="SmolLM2-135M-Instruct")
    assert "writes English only" in service.language_notice(dict(JOB, language="de"), small)
    assert service.language_notice(JOB, small) is None


def test_form_to_job_keeps_every_job_field():
    values = {
        "title": "Cook",
        "nice_to_have": "Pastry",
        "schedule": "Evenings",
        "apply_at": "jobs@example.com",
        "mwd": False,
        "language": "de",
        "valid_through": "2027-01-31",
    }
    assert service.form_to_job(values) == values


def test_the_page_facades_give_what_the_job_versions_give():
    job = parse_job(JOB)
    duties = "- Prep food for the grill station\n- Clean the line after service"
    assert service.job_description(JOB, duties, "text") == service.render_text(job, duties, "text")
    described = service.reviewed_description(JOB, duties, "", formats=["html"])
    assert described.texts == service.render_texts(job, duties, "", ["markdown", "html"])
    assert described.review == service.review_text(job, described.markdown)
    assert service.review_job_description({}, "Cook meals.") == service.review_text(None, "Cook meals.")
    assert service.composed_summary(JOB, duties) == service.composed_summary(job, service.duties_from_text(duties))


def test_the_page_writing_checks_the_form_before_the_quota():
    settings = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", fallback_to_local=False)
    taken = []
    writing = service.Writing({"title": ""}, settings, rate_limit=lambda: taken.append(1))
    with pytest.raises(InvalidJob):
        writing.admit()
    assert taken == []

    def over_quota() -> None:
        raise VisitorRateLimited("Too many requests.")

    writing = service.Writing(JOB, settings, rate_limit=over_quota)
    with pytest.raises(VisitorRateLimited):
        writing.admit()


def test_feedback_keeps_the_models_own_text_and_the_examples_used(tmp_path):
    store = FeedbackStore(tmp_path)
    record_id = service.save_feedback(
        store,
        {"title": "Cook", "skills": ""},
        "- Prep food",
        "# Cook",
        "helpful",
        "",
        backend="fake",
        model="m",
        raw_responsibilities="1. Prep food",
    )
    record = store.get(record_id)
    assert record["inputs"] == {"title": "Cook"}
    assert record["raw_responsibilities"] == "1. Prep food" and record["examples_used"] == []
