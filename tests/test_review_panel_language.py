"""The Review panel in the page's language (no Gradio): its headings, the breakdown, the fix-first list and every
finding come from the page's catalogs (jd/locales/*/LC_MESSAGES/page.po); only text quoted from the ad, law
citations, place names and the laws' own words stay as they are. The review's data (API, MCP, CLI) stays English.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from babel.messages.pofile import read_po

from jd.i18n import LOCALES_DIR
from jd.localize import page_catalog
from jd.render import render_review
from jd.review import review
from jd.service import render_texts
from jd.spec import parse_job

TODAY = date(2026, 12, 7)
DUTIES = [
    "Planung der Lieferungen mit 5 Jahren Erfahrung",
    "Führung des Teams und 20% Bonus",
    "Pflege des Lagers in Paris",
]
JOBS = {
    "de": {"title": "Lagerleiter", "company": "Acme", "location": "Berlin, Germany", "language": "de"},
    "pl": {"title": "Kierownik magazynu", "company": "Acme", "location": "Warszawa, Poland", "language": "pl"},
}
FIELD = re.compile(r"\{[^{}]*\}")


def review_messages() -> list[str]:
    """The English of every message the Review panel can show: its template's texts, the review's findings, and
    the data sentences it quotes (requirement texts, category descriptions)."""
    with (LOCALES_DIR / "page.pot").open("rb") as pot:
        catalog = read_po(pot)
    wanted = ("templates/review.md.j2", "jd/review/", "jd/data/")
    return [
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id and any(where.startswith(wanted) for where, _ in message.locations)
    ]


def english_fragments(code: str) -> set[str]:
    """Fixed English fragments (two words or more between fields) that the language's translation does not keep."""
    catalog = page_catalog(code)
    found = set()
    for msgid in review_messages():
        translated = catalog.gettext(msgid)
        for part in FIELD.split(msgid):
            fragment = part.strip(" .,;:()'\"-")
            if len(fragment.split()) >= 2 and fragment not in translated:
                found.add(fragment)
    return found


def reviewed(code: str) -> dict:
    job = parse_job(JOBS[code] | {"salary_min": 50000, "salary_max": 60000, "currency": "EUR", "salary_period": "year"})
    markdown = render_texts(job, "\n".join(DUTIES), None, ["markdown"])["markdown"]
    return review(job, markdown, DUTIES, today=TODAY)


def without_quotes(panel: str, result: dict) -> str:
    """The panel without what it quotes: the ad's text, the laws' citations, names and own words."""
    quoted = [*DUTIES, *(f["text"] for f in result["grounding"]), "Google for Jobs"]
    for rule in result["pay_transparency"]:
        quoted += [rule["jurisdiction"], rule["short_citation"], rule["law"], rule.get("source", "")]
        note = re.search(r"the law asks for (.*)\.$", rule["single_figure_text"])
        quoted += [note.group(1)] if note else []
    for text in sorted(filter(None, quoted), key=len, reverse=True):
        panel = panel.replace(text, " ").replace(text.replace("_", "\\_"), " ")
    return panel


@pytest.mark.parametrize("code", ["de", "pl"])
def test_a_review_panel_shows_no_english_fixed_text_on_a_german_or_polish_page(code):
    result = reviewed(code)
    assert result["pay_transparency"] and result["grounding"] and result["fix_first"]  # every section shows
    panel = render_review(result, code)
    catalog = page_catalog(code)
    headings = ("Review score", "Fix first", "Breakdown", "Not checked", "Pay transparency", "Facts you did not give")
    for heading in headings:
        assert catalog.gettext(heading) in panel and catalog.gettext(heading) != heading
    shown = without_quotes(panel, result)
    left = sorted(fragment for fragment in english_fragments(code) if fragment in shown)
    assert left == [], shown
    assert re.search(r"\b(?:the|and|you|your|not|with|for)\b", shown) is None, shown


def test_the_review_data_and_the_english_panel_stay_english():
    result = reviewed("de")
    data = json.dumps(result)
    assert "not checked for German" in data and "too short" in data and "Law data last checked on" in data
    assert any(item.startswith("Check details the model added") for item in result["fix_first"])
    assert json.loads(data)["fix_first"] == result["fix_first"]  # plain strings in JSON
    english = render_review(result)
    assert english == render_review(result, "en")
    assert "### Review score: " in english and "**Breakdown**" in english and "not legal advice" in english
    assert "Years of experience you did not give" in english or "A number that is not in your inputs" in english


def test_the_panel_template_stays_editable_its_texts_are_in_the_page_catalog():
    messages = review_messages()
    for text in ("Review score", "Fix first", "Wording to change", "Facts you did not give", "To confirm:"):
        assert text in messages


def test_the_marked_texts_titles_follow_the_page_and_stay_english_by_default():
    from jd.localize import localized
    from jd.review import highlight_html

    text = "We want a rockstar ninja who works hard."
    result = review(None, text)
    assert result["exclusionary"]
    english, german = highlight_html(text, result), highlight_html(text, result, lambda m: localized(m, "de"))
    assert " Try: " in english and " Try: " not in german
    assert page_catalog("de").gettext("{why} Try: {suggestion}").split("{why}")[1].split("{")[0] in german
