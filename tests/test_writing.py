"""jd/writing.py without a model: the model's final text as the list the person gets (cleaned and grounded).

Streaming, top-ups and the Writing run against a fake server are in tests/test_topup.py."""

from __future__ import annotations

from jd.spec import MAX_DUTIES, parse_job
from jd.writing import responsibilities_result

JOB = parse_job({"title": "Line Cook", "location": "Portland, OR, USA", "skills": "Grill, prep"})


def test_invented_pay_and_benefits_are_dropped():
    raw = (
        "Here are the responsibilities:\n"
        "1. Prepare grill and prep stations before each service.\n"
        "2. Earn a competitive salary of $65,000 with a yearly bonus.\n"
        "3. Enjoy free health insurance and 401(k) matching.\n"
        "4. Keep the kitchen clean and follow food safety rules.\n"
    )
    assert responsibilities_result(JOB, raw).text.splitlines() == [
        "- Prepare grill and prep stations before each service",
        "- Keep the kitchen clean and follow food safety rules",
    ]


def test_the_result_says_when_fewer_than_six_remain():
    four = "".join(
        f"- {d}.\n"
        for d in (
            "Prepare grill and prep stations before service",
            "Cook orders to the ticket",
            "Keep the kitchen clean and follow food safety rules",
            "Check deliveries and rotate stock",
        )
    )
    result = responsibilities_result(JOB, four)
    assert len(result.duties) == 4 and result.text.splitlines() == [f"- {duty}" for duty in result.duties]
    notice = "The model wrote only 4 responsibilities; add more yourself or try Regenerate."
    assert result.notices == (notice,) and result.notice == notice
    assert responsibilities_result(JOB, "- Cook orders to the ticket\n").notice == (
        "The model wrote only 1 responsibility; add more yourself or try Regenerate."
    )
    assert responsibilities_result(JOB, "Sure!").notice.startswith("The model wrote no usable responsibilities")


def test_the_result_keeps_ten_at_most_after_the_guard():
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
    result = responsibilities_result(JOB, raw)
    assert len(result.text.splitlines()) == MAX_DUTIES == 10 and result.notice is None and "salary" not in result.text


def test_model_duties_naming_things_never_given_are_left_out():
    """Not only pay and benefits: a product, a place or a figure the inputs never gave drops the duty."""
    raw = (
        "- Prepare grill and prep stations before each service.\n"
        "- Build weekly sales dashboards in Tableau for the owners.\n"
        "- Run the kitchen of our London branch.\n"
        "- Serve 200 covers a night on the grill station.\n"
        "- Keep the kitchen clean and follow food safety rules.\n"
    )
    assert responsibilities_result(JOB, raw).text.splitlines() == [
        "- Prepare grill and prep stations before each service",
        "- Keep the kitchen clean and follow food safety rules",
    ]
