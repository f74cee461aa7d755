"""The app's plain functions (no Gradio): form mapping, cleaning with the grounding guard, review of text."""

from __future__ import annotations

import pytest

from jd import service
from jd.errors import InvalidInput, InvalidJob

JOB = {"title": "Line Cook", "location": "Portland, OR, USA", "skills": "Grill, prep"}


def test_form_to_job_drops_empty_widgets():
    values = {key: None for key in service.JOB_FIELDS} | {"title": "Cook", "skills": "  ", "salary_min": 0}
    assert service.form_to_job(values) == {"title": "Cook", "salary_min": 0}


def test_clean_responsibilities_drops_invented_pay_and_benefits():
    raw = (
        "Here are the responsibilities:\n"
        "1. Prepare grill and prep stations before each service.\n"
        "2. Earn a competitive salary of $65,000 with a yearly bonus.\n"
        "3. Enjoy free health insurance and 401(k) matching.\n"
        "4. Keep the kitchen clean and follow food safety rules.\n"
    )
    cleaned = service.clean_responsibilities(JOB, raw)
    assert cleaned.splitlines() == [
        "- Prepare grill and prep stations before each service",
        "- Keep the kitchen clean and follow food safety rules",
    ]


def test_duties_in_text_reads_the_responsibilities_section():
    text = "## Cook\n\n### Key responsibilities\n\n- Prep food\n- Clean the line\n\n### Requirements\n\n- Skills: Grill\n"
    assert service.duties_in_text(text) == ["Prep food", "Clean the line"]
    assert service.duties_in_text("- One\n* Two\n3. Three\nplain") == ["One", "Two", "Three"]


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
