"""review(): one JSON-serialisable report with a score, its breakdown and what to fix first."""

import json
import re
from datetime import date

from samples import REVIEW_KEYS

from jd.render import render_job_description
from jd.review import WEIGHTS, highlight_html, review
from jd.review.score import RELEVANCE_WEIGHT
from jd.spec import parse_job

TODAY = date(2026, 11, 25)

GOOD_JOB = parse_job(
    {
        "title": "Registered Nurse",
        "company": "St Mary's Hospital",
        "location": "Denver, CO, USA",
        "job_type": "Full-time",
        "work_mode": "On-site",
        "experience": "2+ years",
        "skills": ["patient care", "medication administration", "electronic health records"],
        "about_company": "St Mary's is a community hospital that has served Denver families for over a century.",
        "salary_min": 70000,
        "salary_max": 90000,
        "currency": "USD",
        "salary_period": "year",
        "benefits": "Health, dental and vision insurance; retirement plan with match; paid parental leave.",
        "date_posted": "2026-11-20",
        "valid_through": "2027-01-31",
    }
)
GOOD_DUTIES = [
    "Assess patients on arrival and plan their care with the medical team.",
    "Give medicines safely and record each dose in the electronic health record.",
    "Watch for changes in a patient's condition and act on them quickly.",
    "Explain treatments to patients and families in plain words.",
    "Work with doctors, therapists and social workers to plan safe discharges.",
    "Keep clear, accurate notes for every shift handover.",
    "Help train new nurses and students on the ward.",
]
# The same role with what a weak model and a careless template add.
BAD_JOB = parse_job({"title": "Registered Nurse", "location": "Denver, CO"})
BAD_DUTIES = [
    "5+ years of experience as a rockstar nurse",
    "Competitive salary of $120,000 per year",
    "Work in our London office",
]
BAD_TEXT = (
    "We want a young and dynamic, competitive, dominant, ambitious and decisive rockstar. "
    "He/she must be a native English speaker and a culture fit.\n" + "\n".join(f"- {d}" for d in BAD_DUTIES)
)


def good_text():
    text = render_job_description(GOOD_JOB, GOOD_DUTIES)
    # Pad to a realistic length with the kind of section real postings have.
    extra = (
        "\n\n### What we offer\n\n" + "We support your growth with paid training, mentoring from senior nurses "
        "and time to learn new skills on every shift. " * 10
    )
    return text + extra


def test_result_has_the_stable_keys_and_is_json():
    result = review(GOOD_JOB, good_text(), GOOD_DUTIES, today=TODAY)
    assert set(result) == REVIEW_KEYS
    assert json.loads(json.dumps(result)) == result
    assert isinstance(result["score"], int) and 0 <= result["score"] <= 100
    assert set(result["breakdown"]) == {*WEIGHTS, "relevance"}  # the duties' occupation is known: relevance counts
    assert sum(part["max"] for part in result["breakdown"].values()) == 100 + RELEVANCE_WEIGHT


def test_good_posting_scores_high_with_little_to_fix():
    result = review(GOOD_JOB, good_text(), GOOD_DUTIES, today=TODAY)
    assert result["score"] >= 85, (result["breakdown"], result["fix_first"])
    assert result["pay_transparency"][0]["compliant"] is True
    assert result["grounding"] == []
    assert result["exclusionary"] == []
    assert result["completeness"]["missing_required"] == []


def test_bad_posting_scores_low_and_says_what_to_fix_first():
    result = review(BAD_JOB, BAD_TEXT, BAD_DUTIES, today=TODAY)
    assert result["score"] < 50
    fixes = result["fix_first"]
    assert fixes[0].startswith("Add the pay (one fixed figure or a good-faith range") and "Colorado" in fixes[0]
    assert "left out" in fixes[1]  # the duty that invented pay
    assert "'5+ years of experience' (experience)" in fixes[2] and "'London' (location)" in fixes[2]
    assert any("add the company name" in f for f in fixes)
    assert any(f.startswith("Replace 'young and dynamic'") for f in fixes)
    assert any("strongly masculine-coded" in f for f in fixes)
    assert result["kept_duties"] == ["5+ years of experience as a rockstar nurse", "Work in our London office"]
    assert result["gender_coding"]["verdict"] == "strongly masculine-coded"


def test_text_only_review_leaves_out_job_parts_and_rescales():
    result = review(None, BAD_TEXT)
    assert set(result["breakdown"]) == {"inclusive_language", "readability", "length_and_structure"}
    assert result["pay_transparency"] == [] and result["grounding"] == []
    assert result["completeness"]["checked"] is False
    assert 0 <= result["score"] <= 100


def test_empty_review_does_not_fail():
    result = review(None, "")
    assert result["gender_coding"]["verdict"] == "empty"
    assert result["readability"]["words"] == 0


def test_highlight_marks_findings_and_escapes_everything():
    text = 'A <script>alert("x")</script> rockstar & a "competitive"\nteam'
    result = review(None, text)
    marked = highlight_html(text, result)
    assert "<script>" not in marked and "&lt;script&gt;" in marked
    assert re.findall(r"</?([a-z]+)", marked) and set(re.findall(r"</?([a-z]+)", marked)) <= {"mark", "br"}
    assert ">rockstar</mark>" in marked and ">competitive</mark>" in marked
    assert "&amp;" in marked and "<br>" in marked
    assert 'title="Hype word' in marked


def test_highlight_escapes_titles_and_skips_overlaps():
    spans = [{"start": 0, "end": 5, "title": 'say "hi" <b>'}, {"start": 2, "end": 8, "title": "overlap"}]
    marked = highlight_html("hello world", spans)
    assert marked == '<mark class="jd-flag" title="say &quot;hi&quot; &lt;b&gt;">hello</mark> world'


def test_highlight_ignores_offsets_outside_the_text():
    assert highlight_html("short", [{"start": 3, "end": 99, "title": "x"}]) == "short"


def test_a_job_dict_is_accepted():
    result = review(parse_job({"title": "Cook", "location": "Seattle, WA"}), "Cook meals.", today=TODAY)
    assert result["pay_transparency"][0]["id"] == "US-WA"


# Pay-transparency wording in fix_first and the panel, and the "professionalism" category.
from jd.render import render_review  # noqa: E402
from jd.review._data import load  # noqa: E402
from jd.review.inclusive import category_descriptions  # noqa: E402

REVIEW_DAY = date(2026, 11, 29)


def _no_pay(location):
    return parse_job({"title": "Registered Nurse", "location": location})


def test_fix_first_says_an_eu_deadline_has_passed_and_law_is_expected():
    result = review(_no_pay("Berlin, Germany"), "A short text.", today=REVIEW_DAY)
    pay = next(f for f in result["fix_first"] if "Germany" in f)
    assert "expected in Germany" in pay and "has passed; national law is expected" in pay
    assert "likely required" not in pay and "from 2026-06-07" not in pay
    assert "Directive (EU) 2023/970" in pay
    # An expected rule is not counted as in force: compliance stays full, only the missing range costs points.
    assert result["breakdown"]["pay_transparency"]["points"] == 8
    assert any("not counted" in n for n in result["breakdown"]["pay_transparency"]["notes"])


def test_expected_rules_come_after_rules_in_force():
    result = review(_no_pay("Remote"), "A short text.", today=REVIEW_DAY)
    pay = [f for f in result["fix_first"] if f.startswith("Add ")]
    statuses = [("likely required" in f, "expected in" in f) for f in pay]
    assert statuses[0] == (True, False) and statuses[-1] == (False, True)


def test_columbus_is_likely_required_with_its_enforcement_date():
    result = review(_no_pay("Columbus, OH"), "A short text.", today=REVIEW_DAY)
    assert result["fix_first"][0] == (
        "Add a good-faith pay range (minimum and maximum): likely required in "
        "Columbus, Ohio (Columbus Ord. 2898-2025, 15+ employees, enforced from 2027-01-01)."
    )
    assert "meets 0 of 1" in result["breakdown"]["pay_transparency"]["notes"][1]
    assert "enforced from 2027-01-01" in render_review(result)


def test_upcoming_rules_are_not_likely_required_in_fix_first():
    result = review(_no_pay("Wilmington, Delaware"), "A short text.", today=REVIEW_DAY)
    pay = result["fix_first"][0]
    assert pay.startswith("Add ") and "upcoming in Delaware (Del. HB 105, 26+ employees, from 2027-09-26)" in pay
    assert result["breakdown"]["pay_transparency"]["points"] == 8


def _one_location_per_rule():
    places = {
        "US-OH-CLE": "Cleveland, OH",
        "US-OH-CMH": "Columbus, OH",
        "US-NJ-JC": "Jersey City, NJ",
        "US-NYC": "Brooklyn, NY",
        "US-DC": "Washington, DC",
        "EU": "Remote (Europe)",
    }
    for rule in load("pay_transparency")["rules"]:
        if rule["id"] in places:
            yield rule, places[rule["id"]]
        elif rule["id"] != "EU":
            yield rule, f"{rule['cities'][0] if rule['cities'] else ''}, {rule['regions'][0]}".lstrip(", ")
    eu = next(r for r in load("pay_transparency")["rules"] if r["id"] == "EU")
    for code, state in eu["member_states"].items():
        yield {**eu, **state, "id": f"EU-{code}"}, state["name"]


def test_every_rule_is_cited_in_the_panel_and_in_fix_first():
    for rule, location in _one_location_per_rule():
        result = review(_no_pay(location), "A short text.", today=REVIEW_DAY)
        finding = next((f for f in result["pay_transparency"] if f["id"] == rule["id"]), None)
        assert finding is not None, (rule["id"], location)
        short = finding["short_citation"]
        assert short == rule.get("citation") and "employ" in short, rule["id"]
        assert short in finding["citation"] and finding["status"] in finding["citation"]
        assert short in render_review(result), rule["id"]
        if finding["missing"]:
            assert any(short in f for f in result["fix_first"]), (rule["id"], result["fix_first"])


def test_professionalism_is_described_flagged_and_listed():
    assert "professionalism" in category_descriptions()
    text = "You will write damn good Java Script every day."
    result = review(GOOD_JOB, text, today=TODAY)
    found = {f["term"]: f for f in result["exclusionary"]}
    assert found["damn"]["category"] == found["Java Script"]["category"] == "professionalism"
    assert found["damn"]["why"] == category_descriptions()["professionalism"]
    assert "Remove 'damn' (professionalism)." in result["fix_first"]
    assert "Replace 'Java Script' (professionalism) with 'JavaScript'." in result["fix_first"]  # what the fix puts in
    panel = render_review(result)
    assert "Professionalism" in panel and category_descriptions()["professionalism"] in panel
    assert '"Java Script" → JavaScript' in panel


def test_spelled_out_acronyms_each_get_their_own_acronym():
    result = review(GOOD_JOB, "Write Cascading Style Sheets and Hypertext Markup Language.", today=TODAY)
    assert [(f["term"], f["suggestion"]) for f in result["exclusionary"]] == [
        ("Cascading Style Sheets", "CSS"),
        ("Hypertext Markup Language", "HTML"),
    ]
