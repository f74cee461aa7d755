"""The app's plain functions (no Gradio): form mapping, cleaning with the grounding guard, review of text."""

from __future__ import annotations

import pytest

from jd import service
from jd.errors import InvalidInput, InvalidJob

JOB = {"title": "Line Cook", "location": "Portland, OR, USA", "skills": "Grill, prep"}


def test_form_to_job_drops_empty_widgets():
    values = dict.fromkeys(service.JOB_FIELDS) | {"title": "Cook", "skills": "  ", "salary_min": 0}
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
    text = (
        "## Cook\n\n### Key responsibilities\n\n- Prep food\n- Clean the line\n\n### Requirements\n\n- Skills: Grill\n"
    )
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


def test_responsibilities_result_says_when_fewer_than_six_remain():
    four = "".join(
        f"- {d}.\n"
        for d in (
            "Prepare grill and prep stations before service",
            "Cook orders to the ticket",
            "Keep the kitchen clean and follow food safety rules",
            "Check deliveries and rotate stock",
        )
    )
    cleaned, notice = service.responsibilities_result(JOB, four)
    result = service.responsibilities_result(JOB, four)
    assert result.text == cleaned and len(result.duties) == 4 and result.notices == (notice,)
    assert len(cleaned.splitlines()) == 4
    assert notice == "The model wrote only 4 responsibilities; add more yourself or try Regenerate."
    assert service.responsibilities_result(JOB, "- Cook orders to the ticket\n").notice == (
        "The model wrote only 1 responsibility; add more yourself or try Regenerate."
    )
    assert service.responsibilities_result(JOB, "Sure!").notice.startswith("The model wrote no usable responsibilities")
    assert service.clean_responsibilities(JOB, four) == cleaned


def test_responsibilities_result_keeps_ten_at_most_after_the_guard():
    raw = "- Earn a competitive salary of $65,000 with a yearly bonus.\n" + "".join(
        f"- {verb} the {thing} before every service.\n"
        for verb, thing in (
            ("Clean", "grill"),
            ("Stock", "walk-in fridge"),
            ("Sharpen", "knives"),
            ("Label", "prep containers"),
            ("Check", "fryer oil"),
            ("Sweep", "dining room"),
            ("Fold", "napkins"),
            ("Polish", "glasses"),
            ("Test", "dishwasher"),
            ("Restock", "dry store"),
            ("Wipe", "menus"),
        )
    )
    cleaned, notice = service.responsibilities_result(JOB, raw)
    assert len(cleaned.splitlines()) == 10 and notice is None and "salary" not in cleaned


def test_language_notice_depends_on_the_model_and_language():
    from jd.settings import Settings

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


def test_model_duties_naming_things_never_given_are_left_out():
    """Not only pay and benefits: a product, a place or a figure the inputs never gave drops the duty."""
    raw = (
        "- Prepare grill and prep stations before each service.\n"
        "- Build weekly sales dashboards in Tableau for the owners.\n"
        "- Run the kitchen of our London branch.\n"
        "- Serve 200 covers a night on the grill station.\n"
        "- Keep the kitchen clean and follow food safety rules.\n"
    )
    assert service.clean_responsibilities(JOB, raw).splitlines() == [
        "- Prepare grill and prep stations before each service",
        "- Keep the kitchen clean and follow food safety rules",
    ]
