"""review(): one JSON-serialisable report with a score, its breakdown and what to fix first."""

import json
import re
from datetime import date

from jd.render import render_job_description
from jd.review import WEIGHTS, highlight_html, review
from jd.spec import parse_job

TODAY = date(2026, 11, 25)
STABLE_KEYS = {"score", "breakdown", "fix_first", "gender_coding", "exclusionary", "readability",
               "pay_transparency", "completeness", "grounding", "kept_duties",
               "language", "checks_skipped", "suggestions"}

GOOD_JOB = parse_job({
    "title": "Registered Nurse", "company": "St Mary's Hospital", "location": "Denver, CO, USA",
    "job_type": "Full-time", "work_mode": "On-site", "experience": "2+ years",
    "skills": ["patient care", "medication administration", "electronic health records"],
    "about_company": "St Mary's is a community hospital that has served Denver families for over a century.",
    "salary_min": 70000, "salary_max": 90000, "currency": "USD", "salary_period": "year",
    "benefits": "Health, dental and vision insurance; retirement plan with match; paid parental leave.",
    "date_posted": "2026-11-20", "valid_through": "2027-01-31",
})
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
BAD_TEXT = ("We want a young and dynamic, competitive, dominant, ambitious and decisive rockstar. "
            "He/she must be a native English speaker and a culture fit.\n"
            + "\n".join(f"- {d}" for d in BAD_DUTIES))


def good_text():
    text = render_job_description(GOOD_JOB, GOOD_DUTIES)
    # Pad to a realistic length with the kind of section real postings have.
    extra = ("\n\n### What we offer\n\n" + "We support your growth with paid training, mentoring from senior nurses "
             "and time to learn new skills on every shift. " * 10)
    return text + extra


def test_result_has_the_stable_keys_and_is_json():
    result = review(GOOD_JOB, good_text(), GOOD_DUTIES, today=TODAY)
    assert set(result) == STABLE_KEYS
    assert json.loads(json.dumps(result)) == result
    assert isinstance(result["score"], int) and 0 <= result["score"] <= 100
    assert set(result["breakdown"]) == set(WEIGHTS)
    assert sum(part["max"] for part in result["breakdown"].values()) == 100


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
    assert fixes[0].startswith("Add a good-faith pay range") and "Colorado" in fixes[0]
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
    result = review({"title": "Cook", "location": "Seattle, WA"}, "Cook meals.", today=TODAY)
    assert result["pay_transparency"][0]["id"] == "US-WA"


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n/mark")), max_size=40),
    raw_spans=st.lists(st.tuples(st.integers(-2, 45), st.integers(-2, 45), st.text(max_size=8)), max_size=5),
)
def test_highlight_is_always_safe_and_keeps_the_text(text, raw_spans):
    import html as html_module

    spans = [{"start": a, "end": b, "title": t} for a, b, t in raw_spans]
    marked = highlight_html(text, spans)
    tags = re.findall(r"<(/?[a-z]+)", marked)
    assert set(tags) <= {"mark", "/mark", "br"}
    plain = re.sub(r"<br>\n", "\n", marked)
    plain = re.sub(r'<mark class="jd-flag" title="[^"]*">|</mark>', "", plain)
    assert html_module.unescape(plain) == text
