"""Output languages: every language and format, the gettext catalogs, Babel formatting, the role summary."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from jd import i18n
from jd.equal_treatment import EXTRA_LINES, STATEMENT_LANGUAGES
from jd.render import (
    DEFAULT_TEMPLATES_DIR,
    FORMATS,
    build_job_posting,
    compose_summary,
    get_environment,
    render_job_description,
)
from jd.spec import Language, parse_job

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 3, 2)
OTHER_LANGUAGES = [lang.value for lang in Language if lang is not Language.ENGLISH]
# User text without English phrases, so any English left in a translated output is ours.
FULL = {
    "title": "Data Engineer", "experience": "5+ years", "skills": "Python, PostgreSQL, AWS",
    "nice_to_have": "Kafka; Terraform", "company": "Acme", "about_company": "Acme GmbH, Berlin.",
    "job_type": "Full-time", "work_mode": "Hybrid", "location": "Berlin", "salary_min": 58000,
    "salary_max": 70000, "currency": "EUR", "salary_period": "year", "benefits": "Jobticket; Bahncard\nKita",
    "schedule": "Mo–Fr 9–17", "apply_at": "jobs@acme.example", "date_posted": "2026-02-20",
    "valid_through": "2026-03-20",
}  # fmt: skip
DUTIES = ["Pipelines", "Dashboards", "Datenmodelle"]
SECTION_MSGIDS = ["About the role", "Key responsibilities", "What you'll bring", "Nice to have", "What we offer",
                  "How to apply"]  # fmt: skip


def messages() -> list[str | tuple]:
    """Every message of the templates, extracted the way `pybabel extract -F babel.cfg` does."""
    method_map = [("**.j2", "jinja2")]
    options = {"**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    method_map = [("review.md.j2", "ignore"), *method_map]  # the Review panel's texts are the page's (page.po)
    found = [message for _, _, message, _, _ in extract_from_dir(str(DEFAULT_TEMPLATES_DIR), method_map, options)]
    assert len(found) > 40
    return found


def catalog(code: str):
    with (i18n.LOCALES_DIR / i18n.catalog_name(code) / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=i18n.catalog_name(code))


def translate(code: str, msgid: str) -> str:
    return i18n.get_translations(code).gettext(msgid)


def fixed_fragments(msgid: str) -> list[str]:
    """The fixed text of a message between its placeholders, only fragments of two words or more."""
    parts = re.split(r"%\(\w+\)s", msgid)
    return [p.strip(" .,;:()") for p in parts if len(p.strip(" .,;:()").split()) >= 2]


def render(language: str, fmt: str, **changes) -> str:
    job = parse_job(FULL | {"language": language} | changes)
    return render_job_description(job, DUTIES, fmt, today=TODAY)


# --- catalogs ---------------------------------------------------------------------------------


def country_messages(code: str) -> set[str]:
    """The statements and extra lines of the countries that do not write in `code` (left untranslated)."""
    english = get_environment("en").get_template("phrases.txt.j2").module
    job = parse_job({"title": "T", "company": "%(company)s"})
    found = set()
    for country, languages in STATEMENT_LANGUAGES.items():
        if code not in languages:
            found.add(str(english.equal_treatment(country, job)).strip())
            found.update(str(english.extra_line(name)).strip() for name in EXTRA_LINES.get(country, ()))
    found.add(str(english.equal_treatment("US", parse_job({"title": "T"}))).strip())
    return found - {
        str(english.equal_treatment(c, job)).strip() for c, langs in STATEMENT_LANGUAGES.items() if code in langs
    }


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_template_message_has_a_translation(code):
    translated = {message.id if isinstance(message.id, str) else message.id[0]: message for message in catalog(code)}
    foreign = country_messages(code)
    for message in messages():
        key = message if isinstance(message, str) else message[0]
        assert key in translated, f"{code}: no entry for {key!r} (run pybabel extract/update)"
        if key in foreign:
            continue  # another country's statement: never rendered in this language
        strings = translated[key].string
        strings = [strings] if isinstance(strings, str) else list(strings)
        assert strings and all(s.strip() for s in strings), f"{code}: empty translation for {key!r}"
        assert not translated[key].fuzzy, f"{code}: fuzzy translation for {key!r}"


def test_the_catalog_template_is_up_to_date():
    with (i18n.LOCALES_DIR / "messages.pot").open("rb") as pot:
        kept = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert kept == {m if isinstance(m, str) else m[0] for m in messages()}


def test_no_compiled_catalogs_are_kept():
    assert not list(i18n.LOCALES_DIR.rglob("*.mo"))
    assert set(i18n.available_languages()) == {lang.value for lang in Language}


def test_babel_cfg_names_the_templates():
    assert "jinja2" in (ROOT / "babel.cfg").read_text(encoding="utf-8")


# --- every language, every format --------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", [lang.value for lang in Language])
def test_every_language_and_format_has_every_section(code, fmt):
    text = render(code, fmt)
    if fmt == "json-ld":
        posting = json.loads(text)
        assert posting["validThrough"] == "2026-03-20" and posting["workHours"] == "Mo–Fr 9–17"
        assert posting["applicationContact"] == {"@type": "ContactPoint", "email": "jobs@acme.example"}
        text = posting["description"]
    text = text.replace("&#39;", "'")
    headings = [translate(code, msgid) for msgid in SECTION_MSGIDS]
    about = i18n.get_translations(code).pgettext("before a vowel", "About %(company)s") % {"company": "Acme"}
    positions = [text.find(h) for h in [about, *headings]]
    assert all(p >= 0 for p in positions), (code, fmt, positions)
    assert positions == sorted(positions), (code, fmt)
    for fact in ("Pipelines", "Kafka", "Terraform", "Jobticket", "Bahncard", "Kita", "jobs", "Mo–Fr 9–17"):
        assert fact in text, (code, fmt, fact)
    for item in ("Jobticket", "Bahncard", "Kita"):  # benefits split on ";" and new lines, one per line
        assert not re.search(rf"{item}\s*[;,]", text)
    general = translate(code, "We welcome applications from everyone and consider them without discrimination on any "
                              "ground protected by law.")  # fmt: skip
    statement = translate(code, "We welcome every application, regardless of ethnic origin, sex, religion or belief, "
                                "disability, age or sexual identity.") if code in ("en", "de") else general  # fmt: skip
    assert statement in text, (code, fmt)


@pytest.mark.parametrize("fmt", ["markdown", "html", "text", "json-ld"])
@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_no_english_sentence_is_left_in_a_translated_output(code, fmt):
    text = render(code, fmt)
    if fmt == "json-ld":
        text = json.loads(text)["description"]
    text = text.replace("&#39;", "'")
    for message in messages():
        for msgid in [message] if isinstance(message, str) else [m for m in message if m]:
            for fragment in fixed_fragments(msgid):
                if fragment in translate(code, msgid if isinstance(message, str) else message[0]):
                    continue  # the same words in both languages ("per week" is Dutch too)
                assert fragment not in text, (code, fmt, fragment)


# --- Babel formatting -------------------------------------------------------------------------


def test_pay_in_the_locale():
    assert "- Vergütung: 58.000\u201370.000\u00a0€ brutto pro Jahr\n" in render("de", "text")
    assert "Rémunération\u00a0: 50\u202f000\u201360\u202f000\u00a0€ brut annuel\n" in render(
        "fr", "text", salary_min=50000, salary_max=60000
    )
    assert "- Pay: EUR 58,000\u201370,000 per year\n" in render("en", "text")
    assert "- Vergütung: ab 25,50\u00a0€ brutto pro Stunde\n" in render(
        "de", "text", salary_min=25.5, salary_max=None, salary_period="hour"
    )
    assert "58\u00a0000\u201370\u00a0000\u00a0€ ilíquidos por ano" in render("pt-PT", "text")


def test_dates_and_lists_in_the_locale():
    assert "bis zum 20. März 2026" in render("de", "text")
    assert "20 mars 2026" in render("fr", "text")
    assert "Python, PostgreSQL und AWS" in render("de", "text")
    assert "Python, PostgreSQL et AWS" in render("fr", "text")


def test_polish_plurals():
    assert "- Co najmniej 5 lat doświadczenia\n" in render("pl", "text")
    assert "- Co najmniej 2 lata doświadczenia\n" in render("pl", "text", experience="2+ years")
    assert "- 1 rok doświadczenia\n" in render("pl", "text", experience="1 year")
    assert "- 22 lata doświadczenia\n" in render("pl", "text", experience="22 lata")


# --- (m/w/d) --------------------------------------------------------------------------------------


def test_german_title_carries_mwd():
    assert render("de", "markdown").startswith("## Data Engineer (m/w/d)\n")
    assert json.loads(render("de", "json-ld"))["title"] == "Data Engineer (m/w/d)"
    assert render("de", "text", mwd=False).startswith("Data Engineer\n")
    assert render("de", "text", title="Data Engineer (w/m/d)").startswith("Data Engineer (w/m/d)\n")
    assert "(m/w/d)" not in render("fr", "text")


# --- the role summary ---------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜÀ-Ý])", text.strip()) if s]


@pytest.mark.parametrize("code", [lang.value for lang in Language])
def test_composed_summary_is_four_sentences_of_input_facts(code):
    job = parse_job(FULL | {"language": code, "company": "Acme"})
    summary = compose_summary(job, DUTIES)
    assert len(sentences(summary)) == 4, summary
    for fact in ("Acme", "Data Engineer", "Berlin", "Mo–Fr 9–17"):
        assert fact in summary, (code, fact)
    assert not any(duty.lower() in summary.lower() for duty in DUTIES)  # the duties are listed below it (issue 20)
    numbers = set(re.findall(r"\d+", summary))
    assert numbers <= {"9", "17"}, summary  # no number that is not in the inputs


def test_english_summary_reads_naturally():
    summary = compose_summary(parse_job(FULL), DUTIES)
    assert summary == (
        "Acme is hiring for the position of Data Engineer. This is a full-time position. The work is hybrid; "
        "place of work: Berlin. Working hours: Mo–Fr 9–17."
    )


def test_a_given_summary_replaces_the_composed_one():
    job = parse_job(FULL | {"language": "de"})
    for fmt in ("markdown", "html", "text"):
        text = render_job_description(job, DUTIES, fmt, summary="Ein  eigener\nText.")
        assert "Ein eigener Text." in text and "sucht Sie als" not in text
    assert (
        "Ein eigener Text." in build_job_posting(job, DUTIES, today=TODAY, summary="Ein eigener Text.")["description"]
    )
    assert "sucht Sie als" in render_job_description(job, DUTIES, "text", summary="  ")


# --- sections left out ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [lang.value for lang in Language])
def test_empty_sections_are_left_out(code):
    job = parse_job({"title": "Bäcker", "language": code})
    text = render_job_description(job, [], "markdown")
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == [f"### {translate(code, 'About the role')}"]
    posting = build_job_posting(job, [], today=TODAY)
    for absent in ("validThrough", "workHours", "applicationContact", "baseSalary"):
        assert absent not in posting


def test_web_address_to_apply_is_plain_text():
    job = parse_job(FULL | {"apply_at": "https://acme.example/jobs/1"})
    html = render_job_description(job, DUTIES, "html")
    assert "Apply online at https://acme.example/jobs/1." in html and "<a" not in html
    assert "https\\://acme.example/jobs/1" in render_job_description(job, DUTIES, "markdown")
    assert build_job_posting(job, DUTIES, today=TODAY)["applicationContact"] == {
        "@type": "ContactPoint", "url": "https://acme.example/jobs/1"}  # fmt: skip


@pytest.mark.parametrize("code", [lang.value for lang in Language])
@pytest.mark.parametrize(
    "job_type, msgid",
    [
        ("Freelance", "This is a freelance engagement."),
        ("Seasonal", "This is a seasonal position."),
        ("Apprenticeship", "This is an apprenticeship."),
    ],
)
def test_the_newer_job_types_are_written_in_every_language(code, job_type, msgid):
    text = render(code, "text", job_type=job_type)
    assert translate(code, msgid) in text
