"""The review's consistency check (jd/review/consistency.py): an ad whose parts belong to another job."""

from __future__ import annotations

import pytest

from jd import service
from jd.review import review
from jd.review.consistency import consistency, identify, summary_of
from jd.review.score import MIXED_AD_CAP
from jd.spec import parse_job

INTERN = parse_job(
    {
        "title": "Marketing Intern",
        "company": "Brightleaf",
        "skills": "Social media, copywriting",
        "job_type": "Internship",
        "work_mode": "Remote",
        "location": "India",
    }
)
INTERN_DUTIES = (
    "- Plan social media posts for our snack brand every week\n"
    "- Write short copy for product launches and newsletters\n"
    "- Track how each post performs and share what you learn with the team"
)
GERMAN = parse_job({"title": "Datenanalyst", "company": "Alpenbahn Logistik", "language": "de"})
GERMAN_DUTIES = (
    "- Erstellen Sie wöchentliche Berichte zu Lieferzeiten und Beständen für den Vertrieb\n"
    "- Prüfen und bereinigen Sie Daten aus dem Lagerverwaltungssystem"
)
ENGLISH_DUTIES = (
    "- Create weekly reports on delivery times and stock levels for the sales team\n"
    "- Check and clean the data that comes from the warehouse system"
)
LEAKED_SUMMARY = "Acme Robotics sucht Sie als Senior Backend Engineer (m/w/d). Die Stelle ist Vollzeit und hybrid."


def reviewed(job, duties: str, summary: str = "") -> dict:
    text = service.job_description(job, duties, "markdown", summary)
    return review(job, text, service.duties_in_text(text, job.language))


def test_an_ad_of_one_job_has_no_findings_in_english_and_german():
    assert reviewed(INTERN, INTERN_DUTIES)["consistency"] == []
    assert reviewed(GERMAN, GERMAN_DUTIES)["consistency"] == []


def test_the_summary_of_another_job_is_flagged_for_company_title_and_language():
    result = reviewed(INTERN, INTERN_DUTIES, LEAKED_SUMMARY)
    kinds = {finding["kind"]: finding for finding in result["consistency"]}
    assert set(kinds) == {"company", "title", "language"}
    assert "'Acme Robotics'" in kinds["company"]["reason"] and "'Brightleaf'" in kinds["company"]["reason"]
    assert "Senior Backend Engineer" in kinds["title"]["reason"] and "Marketing Intern" in kinds["title"]["reason"]
    assert kinds["language"]["reason"] == "The summary is in German; the ad is in English."
    assert result["score"] <= MIXED_AD_CAP
    assert result["fix_first"][0].startswith("The summary names 'Acme Robotics'")


def test_without_the_leak_the_same_ad_scores_above_the_cap():
    assert reviewed(INTERN, INTERN_DUTIES)["score"] > MIXED_AD_CAP


def test_a_summary_naming_no_company_for_a_job_without_one_is_fine_and_another_company_is_not():
    job = parse_job({"title": "Line Cook"})
    text = "We are hiring for the position of Line Cook. Northgate Foods is hiring for the position of Line Cook."
    found = consistency(job, text)
    assert [f["kind"] for f in found] == ["company"]
    assert "this job gives no company" in found[0]["reason"]


@pytest.mark.parametrize(
    "company, sentence",
    [
        ("J.P. Morgan", "Morgan is hiring for the position of Analyst."),  # cut short at a dot
        ("Acme Robotics GmbH", "Acme Robotics is hiring for the position of Analyst."),
        ("Acme", "Acme Robotics is hiring for the position of Analyst (m/w/d)."),
    ],
)
def test_names_that_hold_each_other_are_the_same_company(company, sentence):
    job = parse_job({"title": "Analyst", "company": company})
    assert consistency(job, sentence) == []


def test_english_duties_in_a_german_ad_are_flagged_as_another_language():
    result = reviewed(GERMAN, ENGLISH_DUTIES)
    parts = {(f["kind"], f["part"]) for f in result["consistency"]}
    assert ("language", "responsibilities") in parts
    advice = next(item for item in result["fix_first"] if item.startswith("The responsibilities are in English"))
    assert "Write it in German" in advice


def test_identify_answers_only_for_enough_confident_text():
    assert identify("Kubernetes, AWS") is None  # too short to tell
    assert identify("Entwickeln Sie Dashboards in Power BI für die Leitung der Standorte und Teams.") == "de"
    assert identify("Plan each shift's picking and packing for a team of eight associates.") == "en"


def test_summary_of_finds_the_about_the_role_paragraph_in_the_ads_language():
    text = service.job_description(GERMAN, GERMAN_DUTIES, "markdown", "Ein kurzer Satz über die Stelle.")
    assert summary_of(text, "de") == "Ein kurzer Satz über die Stelle."
    assert summary_of("No headings here.", "en") == ""


def test_no_job_means_nothing_to_compare():
    assert consistency(None, LEAKED_SUMMARY) == []


def test_the_wording_advice_names_what_the_fix_button_applies():
    result = review(INTERN, "We want a rockstar who loves social media and writes short copy every day.")
    suggestion = next(s for s in result["suggestions"] if s["term"].lower() == "rockstar")
    finding = next(f for f in result["exclusionary"] if f["term"].lower() == "rockstar")
    assert finding["fix"] == suggestion["replacement"]
    advice = next(item for item in result["fix_first"] if "rockstar" in item)
    assert f"with '{suggestion['replacement']}'" in advice
    assert f"→ {suggestion['replacement']}" in service.review_panel(result)
