"""A native speaker's checklist, per output language: exact sentences for every job type, work mode, pay shape,
experience from 0 to 20 years and company names with a vowel, in every format (Markdown, HTML, text, JSON-LD,
Word), and no English word of the catalogs left in a non-English ad. Pure rendering: no Gradio.

Each language is one test that renders its whole table and reports every wrong row at once.
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date

import docx
import pytest
from language_checklist import CHECKLIST, TYPES

from jd import i18n
from jd.equal_treatment import wording_for
from jd.experience import parse_years
from jd.render import build_job_posting, render_job_description
from jd.spec import parse_job
from jd.title_markers import has_marker, marked_title
from jd.word import docx_bytes

TODAY = date(2026, 3, 2)
PAY_ROWS = [
    {"salary_min": 58000, "salary_max": 70000, "currency": "EUR", "salary_period": "year"},
    {"salary_min": 18.5, "currency": "EUR", "salary_period": "hour"},
    {"salary_max": 4500, "currency": "EUR", "salary_period": "month", "pay_basis": "net"},
    {"salary_min": 400, "salary_max": 400, "currency": "EUR", "salary_period": "day"},
    {"salary_min": 3000, "salary_max": 3000, "currency": "EUR", "salary_period": "month", "payments_per_year": 14},
]


def formats(job, word: bool) -> dict[str, str]:
    """The ad's visible text in each format, with markup and escapes removed."""
    texts = {
        "markdown": render_job_description(job, [], "markdown").replace("\\", ""),
        "text": render_job_description(job, [], "text"),
        "html": html.unescape(re.sub(r"<[^>]+>", "\n", render_job_description(job, [], "html"))),
        "json-ld": html.unescape(re.sub(r"<[^>]+>", "\n", build_job_posting(job, [], today=TODAY)["description"])),
    }
    if word:
        document = docx.Document(io.BytesIO(docx_bytes(job, [], today=TODAY)))
        texts["word"] = "\n".join(p.text for p in document.paragraphs)
    return texts


def rows(code: str) -> list[tuple[str, dict, str]]:
    """(what, job changes, exact sentence) for one language."""
    want = CHECKLIST[code]
    city = want["city"]
    table = [
        (f"type {kind}", {"job_type": kind}, sentence) for kind, sentence in zip(TYPES, want["types"], strict=True)
    ]
    table += [(f"mode {mode}", {"work_mode": mode, "location": city}, text) for mode, text in want["modes"].items()]
    table += [(f"pay {i}", changes, line) for i, (changes, line) in enumerate(zip(PAY_ROWS, want["pay"], strict=True))]
    table += [(f"{n} years", {"experience": f"{n} years"}, want["years"](n)) for n in range(1, 21)]
    table += [
        ("0 years", {"experience": "0 years"}, want["zero"]),
        ("at least", {"experience": "3+ years"}, want["at_least"]),
        ("range", {"experience": "2-4 years"}, want["range"]),
        ("typed experience", {"experience": want["typed"].split(": ", 1)[-1].split("\u00a0: ")[-1]}, want["typed"]),
        ("skills", {"skills": "Python, SQL"}, want["skills"]),
        ("company", {"company": "Nordwind", "about_company": "x"}, want["about"][0]),
        ("vowel company", {"company": "Acme", "about_company": "x"}, want["about"][1]),
        ("no company", {"about_company": "x"}, want["about_us"]),
        ("hiring", {"company": "Nordwind"}, want["hiring"][0]),
        ("hiring, no company", {}, want["hiring"][1]),
        ("statement", {"location": city}, want["statement"]),
        *[("extra line", {"location": city}, line) for line in want["extras"]],
    ]
    return table


@pytest.mark.parametrize("code", list(CHECKLIST))
def test_every_sentence_reads_as_a_native_recruiter_writes_it(code):
    want = CHECKLIST[code]
    base = {"title": want["title"], "language": code}
    wrong = []
    for index, (what, changes, sentence) in enumerate(rows(code)):
        job = parse_job(base | changes)
        for fmt, text in formats(job, word=index % 4 == 0).items():
            if sentence not in text:
                wrong.append(f"{what} [{fmt}]: expected {sentence!r}")
        assert job.display_title == want["marked"]
    assert not wrong, f"{code}: {len(wrong)} wrong:\n" + "\n".join(wrong[:30])


# Words of the English catalog text that must not reach a non-English ad (user text is in the ad's language).
ENGLISH_WORDS = {
    "about", "role", "responsibilities", "bring", "offer", "apply", "position", "hiring", "experience", "skilled",
    "gross", "net", "per", "year", "years", "month", "hour", "week", "day", "from", "up", "pay", "paid", "instalments",
    "work", "hybrid", "remote", "site", "place", "working", "hours", "main", "duties", "this", "full-time",
    "part-time", "contract", "temporary", "seasonal", "internship", "apprenticeship", "volunteer", "welcome",
    "application", "applications", "discrimination", "send", "online", "please", "required", "least", "the", "we",
}  # fmt: skip
# Words spelled the same in the language itself ("hybrid" in German, "per" in Dutch and Italian).
NATIVE_TOO = {"de": {"hybrid"}, "fr": {"discrimination"}, "nl": {"per"}, "it": {"per"}}


@pytest.mark.parametrize("code", list(CHECKLIST))
def test_no_english_word_is_left_in_any_format(code):
    want = CHECKLIST[code]
    job = {
        "title": want["title"], "language": code, "company": "Nordwind", "about_company": "x", "job_type": "Full-time",
        "work_mode": "Hybrid", "location": want["city"], "experience": "3+ years", "skills": "Python, SQL",
        "apply_at": "jobs@nordwind.example", "valid_through": "2026-04-01", **PAY_ROWS[4],
    }  # fmt: skip
    leftovers = {}
    for fmt, text in formats(parse_job(job), word=True).items():
        words = set(re.findall(r"[a-z][a-z-]+", text.lower())) - {"jobs", "nordwind", "example", "python", "sql"}
        words -= NATIVE_TOO.get(code, set())
        if words & ENGLISH_WORDS:
            leftovers[fmt] = sorted(words & ENGLISH_WORDS)
    assert not leftovers, (code, leftovers)


@pytest.mark.parametrize("code", list(CHECKLIST))
def test_json_ld_has_no_english(code):
    want = CHECKLIST[code]
    job = parse_job(
        {
            "title": want["title"],
            "language": code,
            "work_mode": "Remote",
            "location": want["city"],
            "experience": "mindestens 3 Jahre",
        }
    )
    posting = build_job_posting(job, [], today=TODAY)
    assert posting["applicantLocationRequirements"] == {"@type": "Country", "name": want["remote_country"]}
    assert posting["experienceRequirements"] == {
        "@type": "OccupationalExperienceRequirements",
        "monthsOfExperience": 36,
    }
    assert posting["title"] == want["marked"]


@pytest.mark.parametrize(
    "typed, years",
    [
        ("mindestens 3 Jahre", (3, None, True)), ("3 ans minimum", (3, None, True)),
        ("al menos 2 años", (2, None, True)), ("minimaal 3 jaar", (3, None, True)), ("almeno 2 anni", (2, None, True)),
        ("pelo menos 2 anos", (2, None, True)), ("co najmniej 2 lata", (2, None, True)), ("5+ years", (5, None, True)),
        ("2 à 4 ans d'expérience", (2, 4, False)), ("od 2 do 4 lat", (2, 4, False)), ("1 Jahr", (1, None, False)),
        ("keine Berufserfahrung", (0, None, False)), ("3 years in retail", None), ("Python", None),
    ],
)  # fmt: skip
def test_the_experience_field_is_read_in_every_language(typed, years):
    found = parse_years(typed)
    assert (found and (found["low"], found["high"], found["at_least"])) == years or (found is None and years is None)


@pytest.mark.parametrize(
    "title", ["Datenanalyst (gn)", "Datenanalyst*in", "m/w/d", "Koch (m/w/div)", "Koch (w/m/d)", "Koch (m/f/d)",
              "Lehrer:in", "Vendeur H/F", "Vendeur (F/H)", "Ingénieur(e)", "Développeur·se", "Camarero/a",
              "Vendedor(a)", "Koch/Köchin", "Baker (all genders)"],
)  # fmt: skip
def test_a_marker_the_title_already_has_is_never_doubled(title):
    assert has_marker(title)
    for code in ("de", "fr", "es", "nl", "it", "pl", "pt-PT"):
        assert marked_title(title, code) == title


@pytest.mark.parametrize("title", ["Data Engineer", "CI/CD Engineer", "UI/UX Designer", "Manager/in-house"])
def test_titles_without_a_marker_get_one_and_it_can_be_switched_off(title):
    assert not has_marker(title)
    assert parse_job({"title": title, "language": "nl"}).display_title == f"{title} (m/v/x)"
    assert parse_job({"title": title, "language": "nl", "mwd": False}).display_title == title
    assert parse_job({"title": title, "language": "en"}).display_title == title


def test_portuguese_alone_picks_the_country_and_old_drafts_still_load():
    assert parse_job({"title": "T", "language": "pt"}).language.value == "pt-PT"
    assert parse_job({"title": "T", "language": "pt", "location": "Recife"}).language.value == "pt-BR"
    assert parse_job({"title": "T", "language": "Portuguese", "location": "Porto"}).language.value == "pt-PT"
    assert i18n.language_code("pt") == "pt-PT" and i18n.catalog_name("pt-br") == "pt_BR"


def test_the_statement_follows_the_country_else_the_language():
    def statement(language: str, location: str | None = None) -> str:
        return wording_for(parse_job({"title": "T", "language": language, "location": location}), language).statement

    assert (statement("de"), statement("de", "Lyon"), statement("en", "Berlin"), statement("en")) == (
        "DE", "general", "DE", "US")  # fmt: skip
    assert (statement("fr", "Bruxelles"), statement("pt-BR", "Lisboa"), statement("it", "Roma")) == (
        "general",
        "general",
        "IT",
    )


def test_a_profile_statement_replaces_only_the_statement(tmp_path):
    from jd.profile import load_profile

    profile = load_profile(b'[equal_opportunity]\nfr = "Chez Nordwind, chacun a sa chance."\npt = "Todos bem-vindos."')
    french = render_job_description(
        parse_job({"title": "Vendeur", "language": "fr", "location": "Lyon"}), [], "text", profile=profile
    )
    assert "Chez Nordwind, chacun a sa chance." in french and "L1132-1" not in french
    assert "Ce poste est ouvert aux personnes en situation de handicap." in french  # the disability line stays
    brazil = render_job_description(parse_job({"title": "Vendedor", "language": "pt-BR"}), [], "text", profile=profile)
    assert "Todos bem-vindos." in brazil
    german = render_job_description(parse_job({"title": "Koch", "language": "de"}), [], "text", profile=profile)
    assert "unabhängig von ethnischer Herkunft" in german  # no statement in German: the built-in one


def test_the_consent_line_can_be_switched_off():
    job = {"title": "Analityk", "language": "pl"}
    assert "RODO" in render_job_description(parse_job(job), [], "text")
    assert "RODO" not in render_job_description(parse_job(job | {"consent_line": False}), [], "text")


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"payments_per_year": 14, "salary_period": "hour"}, "monthly or yearly pay only"),
        ({"payments_per_year": 20}, "from 12 to 16"),
        ({"pay_basis": "after lunch"}, "not a known pay basis"),
    ],
)
def test_new_pay_fields_explain_their_problems(changes, words):
    from jd.errors import InvalidJob

    with pytest.raises(InvalidJob) as caught:
        parse_job({"title": "T", "salary_min": 10, "currency": "EUR", "salary_period": "month"} | changes)
    assert words in str(caught.value)


def test_new_fields_round_trip_through_the_job_json():
    job = parse_job({"title": "T", "pay_basis": "Brutto", "payments_per_year": "14", "consent_line": "no"})
    assert (job.pay_basis.value, job.payments_per_year, job.consent_line) == ("gross", 14, False)
    from jd.spec import job_to_dict

    assert parse_job(json.loads(json.dumps(job_to_dict(job)))) == job
