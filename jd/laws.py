"""The law table: every pay-transparency rule with its status on a day, or the rules for one place.

The rules and their dates are jd.review.pay_rules'; the place matching is jd.review.pay_transparency's
(the review uses the same). `python -m jd laws` prints this table (jd/laws_cli.py).
"""

from __future__ import annotations

from datetime import date

from .review.pay_rules import (
    EXPECTED,
    LIKELY_REQUIRED,
    UPCOMING,
    Rule,
    all_rules,
    law_data_status,
    requirement_text,
    single_figure_text,
    status_note,
    status_on,
    threshold_text,
)
from .review.pay_transparency import rules_for_place

# A table of laws says whether each law is in force; a review says a duty is "likely required".
STATUS_WORDS = {LIKELY_REQUIRED: "in force", UPCOMING: "upcoming", EXPECTED: "expected"}


def law_row(rule: Rule, today: date) -> dict:
    """One rule as a row: jurisdiction, status on `today`, dates, threshold, what must be shown, source, checked."""
    status = status_on(rule, today)
    return {
        "id": rule.id,
        "jurisdiction": rule.jurisdiction,
        "status": STATUS_WORDS[status],
        "status_note": status_note(rule, status, today),
        "effective": rule.effective.isoformat(),
        "enforced_from": rule.enforced_from.isoformat() if rule.enforced_from else None,
        "employer_threshold": rule.employer_threshold,
        "applies_to": threshold_text(rule.employer_threshold),
        "must_show": [requirement_text(requirement, rule) for requirement in rule.requires],
        "single_figure": rule.single_figure,
        "single_figure_text": single_figure_text(rule),
        "law": rule.law,
        "citation": rule.citation,
        "source": rule.source,
        "checked": rule.checked.isoformat(),
    }


def law_table(today: date | None = None) -> list[dict]:
    """Every rule, EU member states included, as rows with their status on `today` (default: today)."""
    today = today or date.today()
    return [law_row(rule, today) for rule in all_rules()]


def laws_for_place(place: str, today: date | None = None) -> list[dict]:
    """The rules that likely apply to a location such as "Richmond, VA" or "Remote", each with its `basis`."""
    today = today or date.today()
    return [{**law_row(rule, today), "basis": basis} for rule, basis in rules_for_place(place)]


def law_report(place: str | None = None, today: date | None = None) -> dict:
    """{today, place, law_data, rules}: the whole table, or the rules for `place`, with the data's age."""
    today = today or date.today()
    rows = laws_for_place(place, today) if place is not None else law_table(today)
    return {"today": today.isoformat(), "place": place, "law_data": law_data_status(today), "rules": rows}
