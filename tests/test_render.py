"""Rendering: every format, sections from the inputs only, JSON-LD for Google, escaping of hostile text."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from html_check import parse_html
from markdown_it import MarkdownIt

from jd.errors import InvalidInput
from jd.render import (
    DEFAULT_TEMPLATES_DIR,
    FORMATS,
    build_job_posting,
    markdown_escape,
    parse_location,
    render_job_description,
    render_job_details,
)
from jd.spec import parse_job

TODAY = date(2026, 3, 2)
FULL = parse_job(
    {
        "title": "Senior Data Engineer",
        "experience": "5+ years",
        "skills": "Python, SQL, dbt",
        "company": "Acme Analytics",
        "about_company": "We help shops understand their sales.",
        "job_type": "Full-time",
        "work_mode": "Hybrid",
        "location": "Denver, CO, USA",
        "salary_min": 90000,
        "salary_max": 120000,
        "currency": "USD",
        "salary_period": "year",
        "benefits": "Health insurance\nPaid parental leave",
        "date_posted": "2026-02-20",
        "valid_through": "2026-03-20",
    }
)
MINIMAL = parse_job({"title": "Baker"})
DUTIES = ["Build and maintain data pipelines", "Review SQL models with analysts"]

HTML_TAGS = {"h2", "h3", "p", "ul", "li", "strong", "em"}
DESCRIPTION_TAGS = {"p", "ul", "li"}


def markdown_to_html(text: str) -> str:
    # CommonMark with raw HTML enabled: anything that is not escaped would come through as a tag.
    return MarkdownIt("commonmark", {"html": True}).render(text)


# --- formats and sections ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("job", [FULL, MINIMAL], ids=["full", "minimal"])
def test_every_format_renders(job, fmt):
    text = render_job_description(job, DUTIES, fmt, today=TODAY)
    assert job.title in text
    assert text.endswith("\n") and "\n\n\n" not in text


def test_full_markdown_has_every_section_in_order():
    text = render_job_description(FULL, DUTIES, "markdown")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "## Senior Data Engineer",
        "### About Acme Analytics",
        "### About the role",
        "### Key responsibilities",
        "### What you'll bring",
        "### What we offer",
        "### How to apply",
    ]
    assert "- Build and maintain data pipelines" in text
    assert "- At least 5 years of experience\n" in text
    assert "- Skilled in Python, SQL, and dbt\n" in text
    assert "- Pay: USD 90,000\u2013120,000 per year" in text and "- Paid parental leave" in text
    assert "Please apply by March 20, 2026." in text
    # The work mode is a condition of the job, in "About the role", not an offer.
    offers = text[text.index("### What we offer") : text.index("### How to apply")]
    assert "hybrid" not in offers.lower() and "The work is hybrid; place of work: Denver, CO, USA." in text
    assert "Acme Analytics is an equal opportunity employer." in text


def test_role_sentence_uses_only_the_inputs():
    text = render_job_description(FULL, DUTIES, "text")
    assert (
        "Acme Analytics is hiring for the position of Senior Data Engineer. This is a full-time position. "
        "The work is hybrid; place of work: Denver, CO, USA.\n" in text
    )
    intern = parse_job({"title": "Design Intern", "job_type": "INTERN", "work_mode": "on site"})
    assert "This is an internship. The work is on site.\n" in render_job_description(intern, [], "text")
    remote = parse_job({"title": "Writer", "work_mode": "remote", "location": "Remote (US)"})
    text = render_job_description(remote, [], "text")
    assert "We are hiring for the position of Writer. The work is fully remote (Remote (US)).\n" in text


def test_minimal_job_has_no_invented_sections():
    for fmt in ("markdown", "html", "text"):
        text = render_job_description(MINIMAL, [], fmt)
        for absent in ("About us", "Key responsibilities", "bring", "Nice to have", "offer", "Pay", "per year", "USD",
                       "apply", "This is", "The work", "Main duties", "experience"):  # fmt: skip
            assert absent not in text, (fmt, absent)
        assert "About the role" in text
        assert "We are an equal opportunity employer." in text
        assert "We are hiring for the position of Baker." in text


def test_no_pay_section_without_pay_and_pay_never_invented():
    job = parse_job({"title": "Chef", "company": "Bistro", "currency": "EUR", "salary_period": "hour"})
    for fmt in ("markdown", "html", "text"):
        text = render_job_description(job, DUTIES, fmt)
        assert "Pay" not in text and "EUR" not in text and "per hour" not in text
    assert "baseSalary" not in build_job_posting(job, DUTIES, today=TODAY)
    assert "Pay" not in render_job_details(job)


def test_benefits_alone_get_an_offer_section():
    job = parse_job({"title": "Chef", "benefits": "- Free meals\n- Bike lease; Gym"})
    text = render_job_description(job, [], "markdown")
    assert "### What we offer\n\n- Free meals\n- Bike lease\n- Gym\n" in text and "Pay:" not in text


def test_pay_alone_gets_an_offer_section():
    job = parse_job({"title": "Chef", "salary_min": "25", "currency": "eur", "salary_period": "hourly"})
    text = render_job_description(job, [], "markdown")
    assert "### What we offer\n\n- Pay: from EUR 25 per hour\n\n" in text


def test_empty_duties_leave_out_the_responsibilities_section():
    assert "Key responsibilities" not in render_job_description(FULL, ["", "  "], "markdown")


def test_duties_are_one_line_each():
    text = render_job_description(MINIMAL, ["Bake bread\nevery\tmorning"], "text")
    assert "- Bake bread every morning" in text


def test_duties_must_be_a_list():
    with pytest.raises(InvalidInput):
        render_job_description(MINIMAL, "Bake bread", "markdown")
    with pytest.raises(InvalidInput):
        render_job_description(MINIMAL, [1, 2], "markdown")


@pytest.mark.parametrize("fmt", ["pdf", "", "MARKDOWN2", None])
def test_unknown_format_is_refused(fmt):
    with pytest.raises(InvalidInput) as caught:
        render_job_description(FULL, DUTIES, fmt)
    assert "markdown, html, text, json-ld" in str(caught.value)


def test_format_names_ignore_case():
    assert render_job_description(FULL, DUTIES, "HTML") == render_job_description(FULL, DUTIES, "html")


def test_html_uses_only_the_allowed_tags():
    html = render_job_description(FULL, DUTIES, "html")
    parsed = parse_html(html)
    assert set(parsed.tags) <= HTML_TAGS and not parsed.attrs
    assert parsed.tags[:2] == ["h2", "h3"]


def test_text_has_no_markup():
    text = render_job_description(FULL, DUTIES, "text")
    assert "<" not in text and "#" not in text and "**" not in text
    assert "- Review SQL models with analysts" in text


# --- job details ---------------------------------------------------------------------------


def test_job_details_full():
    text = render_job_details(FULL)
    assert text.splitlines() == [
        "- **Job title:** Senior Data Engineer",
        "- **Company:** Acme Analytics",
        "- **Location:** Denver, CO, USA (Hybrid)",
        "- **Job type:** Full-time",
        "- **Experience:** 5+ years",
        "- **Skills:** Python, SQL, dbt",
        "- **Pay:** USD 90,000\u2013120,000 per year",
        "- **Benefits:** Health insurance; Paid parental leave",
        "- **Apply by:** March 20, 2026",
    ]


def test_job_details_minimal_and_work_mode_only():
    assert render_job_details(MINIMAL) == "- **Job title:** Baker\n"
    remote = parse_job({"title": "Baker", "work_mode": "remote"})
    assert "- **Work mode:** Remote" in render_job_details(remote)


# --- JSON-LD --------------------------------------------------------------------------------


def test_json_ld_required_fields_for_a_full_job():
    posting = build_job_posting(FULL, DUTIES, today=TODAY)
    assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
    assert posting["title"] == "Senior Data Engineer"
    assert posting["datePosted"] == "2026-02-20"  # the job's own date wins over today
    assert posting["validThrough"] == "2026-03-20"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Acme Analytics"}
    assert posting["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Denver",
            "addressRegion": "CO",
            "addressCountry": "US",
        },
    }
    assert "jobLocationType" not in posting
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 90000, "maxValue": 120000, "unitText": "YEAR"},
    }
    assert posting["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": 60,
    }
    assert posting["skills"] == "Python, SQL, dbt"


def test_json_ld_description_is_p_ul_li_html():
    description = build_job_posting(FULL, DUTIES, today=TODAY)["description"]
    parsed = parse_html(description)
    assert set(parsed.tags) == DESCRIPTION_TAGS and not parsed.attrs
    assert "Build and maintain data pipelines" in description


def test_json_ld_minimal_job():
    posting = build_job_posting(MINIMAL, [], today=TODAY)
    assert posting["title"] == "Baker" and posting["datePosted"] == "2026-03-02" and posting["description"]
    for absent in ("hiringOrganization", "jobLocation", "baseSalary", "employmentType", "validThrough",
                   "jobLocationType", "skills", "experienceRequirements"):  # fmt: skip
        assert absent not in posting


def test_json_ld_date_posted_defaults_to_the_real_today():
    before = date.today()
    posted = build_job_posting(MINIMAL, [])["datePosted"]
    assert posted in {before.isoformat(), date.today().isoformat()}


@pytest.mark.parametrize(
    "location, address",
    [
        ("Denver, CO, USA", {"addressLocality": "Denver", "addressRegion": "CO", "addressCountry": "US"}),
        ("Berlin, Germany", {"addressLocality": "Berlin", "addressCountry": "DE"}),
        ("London, UK", {"addressLocality": "London", "addressCountry": "GB"}),
        ("Springfield", {"addressLocality": "Springfield"}),
    ],
)
def test_json_ld_location(location, address):
    job = parse_job({"title": "T", "location": location, "work_mode": "On-site"})
    posting = build_job_posting(job, [], today=TODAY)
    assert posting["jobLocation"]["address"] == {"@type": "PostalAddress", **address}


@pytest.mark.parametrize("mode", ["On-site", "Hybrid", "Remote", None])
def test_telecommute_only_for_remote(mode):
    job = parse_job({"title": "T", "location": "Berlin, Germany", "work_mode": mode})
    posting = build_job_posting(job, [], today=TODAY)
    if mode == "Remote":
        assert posting["jobLocationType"] == "TELECOMMUTE"
        assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": "Germany"}
    else:
        assert "jobLocationType" not in posting and "applicantLocationRequirements" not in posting
        assert posting["jobLocation"]["address"]["addressCountry"] == "DE"


def test_remote_with_only_a_country_has_no_place():
    job = parse_job({"title": "T", "location": "Remote (US)", "work_mode": "remote"})
    posting = build_job_posting(job, [], today=TODAY)
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"]["name"] == "United States"
    assert "jobLocation" not in posting
    anywhere = build_job_posting(parse_job({"title": "T", "location": "Remote"}), [], today=TODAY)
    assert anywhere["jobLocationType"] == "TELECOMMUTE"
    assert "applicantLocationRequirements" not in anywhere and "jobLocation" not in anywhere


@pytest.mark.parametrize(
    "pay, value",
    [
        ({"salary_min": 25, "salary_period": "hour"}, {"minValue": 25, "unitText": "HOUR"}),
        ({"salary_max": 5000, "salary_period": "month"}, {"maxValue": 5000, "unitText": "MONTH"}),
    ],
)
def test_base_salary_only_has_what_was_given(pay, value):
    job = parse_job({"title": "T", "currency": "EUR"} | pay)
    salary = build_job_posting(job, [], today=TODAY)["baseSalary"]
    assert salary == {"@type": "MonetaryAmount", "currency": "EUR", "value": {"@type": "QuantitativeValue", **value}}


def test_json_ld_text_is_the_posting_and_safe_in_a_script_tag():
    hostile = parse_job({"title": "</script><script>alert(1)</script>", "company": "<!-- x"})
    text = render_job_description(hostile, ["</script>"], "json-ld", today=TODAY)
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == build_job_posting(hostile, ["</script>"], today=TODAY)
    assert json.loads(text)["title"] == "\u2039/script>\u2039script>alert(1)\u2039/script>"  # no markup in text fields
    full = render_job_description(FULL, DUTIES, "json-ld", today=TODAY)
    assert json.loads(full) == build_job_posting(FULL, DUTIES, today=TODAY)
    assert '\n  "title"' in full  # indented


# --- hostile input in every field ------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '" onmouseover="alert(1)'
TEMPLATE = "{{ 7*7 }}"
LINK = "[x](javascript:alert(1))"
IMAGE = "![i](http://evil.example/x.png)"
IMG_TAG = "<img src=x onerror=alert(1)>"
HOSTILE = [SCRIPT, ATTRIBUTE, TEMPLATE, LINK, IMAGE, IMG_TAG]
# 112 characters: fits the 120-character fields (the image one is in the multi-line fields and skills).
HOSTILE_TEXT = " ".join([SCRIPT, ATTRIBUTE, TEMPLATE, LINK, IMG_TAG])

HOSTILE_JOB = parse_job(
    {
        "title": HOSTILE_TEXT,
        "experience": f"{SCRIPT} {TEMPLATE} {LINK}",
        "skills": HOSTILE,
        "company": HOSTILE_TEXT,
        "about_company": "\n".join(HOSTILE),
        "location": HOSTILE_TEXT,
        "benefits": "\n".join(HOSTILE),
        "schedule": HOSTILE_TEXT,
        "apply_at": "https://evil.example/x_y*z*[a](b)",
        "job_type": "Contract",
        "work_mode": "Remote",
        "salary_min": 10,
        "currency": "USD",
        "salary_period": "hour",
    }
)
HOSTILE_DUTIES = [*HOSTILE, HOSTILE_TEXT]


def test_hostile_html_is_escaped_everywhere():
    html = render_job_description(HOSTILE_JOB, HOSTILE_DUTIES, "html", today=TODAY)
    parsed = parse_html(html)
    assert set(parsed.tags) <= HTML_TAGS, parsed.tags
    assert not parsed.attrs
    assert "49" not in html and "{{ 7*7 }}" in html
    text = "".join(parsed.text)
    for hostile in HOSTILE:  # shown literally, as text
        assert hostile in text


def test_hostile_markdown_cannot_make_links_images_or_html():
    markdown = render_job_description(HOSTILE_JOB, HOSTILE_DUTIES, "markdown", today=TODAY)
    details = render_job_details(HOSTILE_JOB)
    for source in (markdown, details):
        assert "49" not in source
        parsed = parse_html(markdown_to_html(source))
        assert set(parsed.tags) <= HTML_TAGS, parsed.tags  # no a, img, script, code
        assert not parsed.attrs
        shown = "".join(parsed.text)
        for hostile in (SCRIPT, TEMPLATE, LINK, IMAGE, IMG_TAG):
            assert hostile in shown


def test_hostile_text_is_kept_literally():
    text = render_job_description(HOSTILE_JOB, HOSTILE_DUTIES, "text", today=TODAY)
    assert "49" not in text
    for hostile in HOSTILE:
        assert hostile in text


def test_hostile_json_ld():
    posting = build_job_posting(HOSTILE_JOB, HOSTILE_DUTIES, today=TODAY)
    parsed = parse_html(posting["description"])
    assert set(parsed.tags) <= DESCRIPTION_TAGS and not parsed.attrs
    assert posting["title"] == HOSTILE_TEXT.replace("<", "\u2039")  # text fields carry no markup (see render.py)
    text = render_job_description(HOSTILE_JOB, HOSTILE_DUTIES, "json-ld", today=TODAY)
    assert "49" not in text and "</" not in text


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("![a](b)", "![a](b)"),
        ("<b>bold</b>", "<b>bold</b>"),
        ("<https://evil.example>", "<https://evil.example>"),
        ("&lt;script&gt;", "&lt;script&gt;"),
        ("# heading", "# heading"),
        ("- item", "- item"),
        ("1. first", "1. first"),
        ("> quote", "> quote"),
        ("*em* _em_ `code`", "*em* _em_ `code`"),
        ("back\\slash", "back\\slash"),
        ("5+ years, C++, Node.js", "5+ years, C++, Node.js"),
    ],
)
def test_markdown_escape_shows_text_literally(raw, shown):
    html = markdown_to_html(markdown_escape(raw))
    parsed = parse_html(html)
    assert set(parsed.tags) == {"p"}
    assert "".join(parsed.text).strip() == shown


def test_markdown_escape_leaves_plain_text_readable():
    assert markdown_escape("5+ years of Python, SQL and Node.js!") == "5+ years of Python, SQL and Node.js!"


# --- templates ------------------------------------------------------------------------------


def test_every_template_starts_with_a_header_comment():
    templates = sorted(DEFAULT_TEMPLATES_DIR.glob("*.j2"))
    assert {t.name for t in templates} >= {
        "details.md.j2", "job_description.md.j2", "job_description.html.j2", "job_description.txt.j2",
    }  # fmt: skip
    for template in templates:
        assert template.read_text(encoding="utf-8").startswith("{#"), template.name


def test_templates_dir_can_be_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "my-templates"
    shutil.copytree(DEFAULT_TEMPLATES_DIR, folder)
    path = folder / "job_description.txt.j2"
    edited = path.read_text(encoding="utf-8").replace("Key responsibilities", "What you will do")
    path.write_text(edited, encoding="utf-8")
    monkeypatch.setenv("JD_TEMPLATES_DIR", str(folder))
    assert "What you will do" in render_job_description(FULL, DUTIES, "text")
    monkeypatch.delenv("JD_TEMPLATES_DIR")
    assert "Key responsibilities" in render_job_description(FULL, DUTIES, "text")


# --- location parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Denver, CO, USA", ("Denver", "CO", "US")),
        ("Denver, CO", ("Denver", "CO", "US")),
        ("Austin, Texas", ("Austin", "Texas", "US")),
        ("New York, NY 10001", ("New York", "NY", "US")),
        ("Berlin, Germany", ("Berlin", None, "DE")),
        ("10115 Berlin, Germany", ("Berlin", None, "DE")),
        ("Munich, Bavaria, Germany", ("Munich", "Bavaria", "DE")),
        ("London, UK", ("London", None, "GB")),
        ("London, England", ("London", None, "GB")),
        ("Toronto, ON, Canada", ("Toronto", "ON", "CA")),
        ("São Paulo, Brazil", ("São Paulo", None, "BR")),
        ("Germany", (None, None, "DE")),
        ("Paris", ("Paris", None, "FR")),  # the gazetteer: Paris, France by far the biggest Paris
        ("Remote", (None, None, None)),
        ("Remote (US)", (None, None, "US")),
        ("Remote - EU", (None, None, None)),
        ("Hybrid - Amsterdam, Netherlands", ("Amsterdam", None, "NL")),
        ("", (None, None, None)),
        (None, (None, None, None)),
    ],
)
def test_parse_location(text, expected):
    place = parse_location(text)
    assert (place["locality"], place["region"], place["country"]) == expected
