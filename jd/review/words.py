"""The review's words for its own labels (a finding's category or kind, a verdict, a rule's status), made with
`say` so that the Review panel shows them in the page's language; the review's data keeps the English keys."""

from __future__ import annotations

from ..errors import Text, say


def data_text(text: str) -> Text:
    """A sentence from a data file (jd/data/*.json) shown in the page's language: scripts/page_catalog.py puts the
    data's sentences (DATA_TEXTS there) in the page's catalog."""
    return Text(text, {})


# jd/data/exclusionary_terms.json's categories.
CATEGORY_WORDS = {
    "jargon": say("jargon"),
    "age": say("age"),
    "language": say("language"),
    "culture": say("culture"),
    "ability": say("ability"),
    "gender": say("gender"),
    "professionalism": say("professionalism"),
}
# jd/review/grounding.py's kinds of invented detail.
KIND_WORDS = {
    "pay": say("pay"),
    "amount": say("amount"),
    "currency": say("currency"),
    "percentage": say("percentage"),
    "experience": say("experience"),
    "benefit": say("benefit"),
    "location": say("location"),
    "organisation": say("organisation"),
    "qualification": say("qualification"),
    "number": say("number"),
}
# Gender coding's verdicts (jd/review/gender.py).
VERDICT_WORDS = {
    "strongly masculine-coded": say("strongly masculine-coded"),
    "masculine-coded": say("masculine-coded"),
    "neutral": say("neutral"),
    "feminine-coded": say("feminine-coded"),
    "strongly feminine-coded": say("strongly feminine-coded"),
    "empty": say("empty"),
}
# A pay-transparency rule's status (jd/review/pay_rules.py).
STATUS_WORDS = {
    "likely required": say("likely required"),
    "upcoming": say("upcoming"),
    "expected": say("expected"),
}
