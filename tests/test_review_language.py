"""The review knows the text's language: English-only checks say so, readability uses each language's formula."""

import json
from datetime import date

import pytest

from jd.render import render_review
from jd.review import WEIGHTS, resolve_language, review
from jd.review.readability import FORMULAS, count_bullets, count_syllables_in, readability
from jd.spec import Language, parse_job

TODAY = date(2026, 11, 25)

GERMAN = (
    "## Ihre Aufgaben\n\n- Sie entwickeln unsere Software weiter.\n- Sie testen neue Funktionen.\n\n"
    "Wir suchen einen dominanten Rockstar mit Erfahrung. Das Team ist jung und motiviert."
)


def test_language_comes_from_the_argument_then_the_job_then_english():
    job = parse_job({"title": "Entwickler", "language": "de"})
    assert resolve_language(None, job) == "de"
    assert resolve_language("fr", job) == "fr"
    assert review(text="Text.")["language"] == "en"
    assert review(text="Text.", language=Language.DUTCH)["language"] == "nl"
    assert resolve_language("pt-BR") == "pt"
    assert resolve_language("German") == "de"
    with pytest.raises(ValueError):
        resolve_language("xx")


def test_english_word_lists_are_never_applied_to_german():
    result = review(text=GERMAN, language="de")
    assert json.loads(json.dumps(result)) == result
    gender = result["gender_coding"]
    assert gender == {
        "verdict": "not checked",
        "checked": False,
        "note": "not checked for German",
        "masculine": [],
        "feminine": [],
        "masculine_count": 0,
        "feminine_count": 0,
        "matches": [],
    }
    assert result["exclusionary"] == [] and result["suggestions"] == []  # "Rockstar" is not flagged
    assert "gender-coded wording: not checked for German" in result["checks_skipped"]
    assert "exclusionary and jargon terms: not checked for German" in result["checks_skipped"]
    assert "inclusive_language" not in result["breakdown"]
    assert not any("masculine" in item or "Replace" in item for item in result["fix_first"])


def test_english_checks_run_for_english():
    result = review(text="A dominant rockstar.")
    assert result["gender_coding"]["checked"] is True and result["gender_coding"]["verdict"] != "not checked"
    assert result["exclusionary"] and result["checks_skipped"] == []
    assert "inclusive_language" in result["breakdown"]


def test_a_part_not_checked_is_left_out_and_the_others_scale_up():
    result = review(text=GERMAN, language="de")
    parts = result["breakdown"]
    assert set(parts) == {"readability", "length_and_structure"}
    top = sum(p["max"] for p in parts.values())
    assert top == WEIGHTS["readability"] + WEIGHTS["length_and_structure"]
    assert result["score"] == round(100 * sum(p["points"] for p in parts.values()) / top)


def test_polish_is_not_rated_and_its_readability_part_drops_out():
    text = "## Zakres obowiązków\n\n- Tworzysz oprogramowanie.\n- Testujesz aplikacje.\n- Piszesz dokumentację.\n"
    result = review(text=text, language="pl")
    read = result["readability"]
    assert read["rated"] is False and read["note"] == "not rated for Polish"
    assert read["reading_ease"] is None and read["formula"] is None
    assert read["words"] == 8 and read["bullets"] == 3  # counts work in every language
    assert "readability" not in result["breakdown"]
    assert "readability: not rated for Polish" in result["checks_skipped"]


def test_the_review_panel_shows_what_was_not_checked():
    panel = render_review(review(text=GERMAN, language="de"))
    assert "not checked for German" in panel
    assert "Not checked" in panel
    assert "Not checked" not in render_review(review(text="A plain English text."))


def test_pay_wording_checks_become_to_confirm_outside_english():
    job = parse_job(
        {
            "title": "Pflegekraft",
            "location": "Denver, CO, USA",
            "salary_min": 70000,
            "salary_max": 90000,
            "currency": "USD",
            "salary_period": "year",
            "benefits": "Health insurance",
        }
    )
    german = review(job, "Text ohne Angaben.", today=TODAY, language="de")
    english = review(job, "Text.", today=TODAY)
    assert german["pay_transparency"] and english["pay_transparency"]
    for rule in german["pay_transparency"]:
        for requirement in rule["requirements"]:
            if requirement["key"] in ("gender_neutral", "no_pay_history", "no_canadian_experience"):
                assert requirement["met"] is None
                assert requirement["text"] in rule["to_confirm"]
    assert any("pay-transparency wording" in note for note in german["checks_skipped"])


# --- Readability per language ----------------------------------------------------------------


@pytest.mark.parametrize(
    "language, base, per_sentence, per_syllable",
    [
        ("en", 206.835, 1.015, 84.6),
        ("de", 180.0, 1.0, 58.5),
        ("fr", 207.0, 1.015, 73.6),
        ("es", 206.84, 1.02, 60.0),
        ("nl", 206.835, 0.93, 77.0),
        ("pt", 248.835, 1.015, 84.6),
    ],
)
def test_flesch_family_formulas_use_their_published_coefficients(language, base, per_sentence, per_syllable):
    text = "Wir testen. Sie lesen viel." if language != "en" else "We test. You read a lot."
    result = readability(text, language=language)
    words, sentences, syllables = result["words"], result["sentences"], result["syllables"]
    expected = base - per_sentence * words / sentences - per_syllable * syllables / words
    assert result["reading_ease"] == pytest.approx(expected, abs=0.06)
    assert result["flesch_reading_ease"] == result["reading_ease"]
    assert result["formula"] == FORMULAS[language].name and result["language"] == language
    assert (result["grade_level"] is not None) == (language == "en")


def test_gulpease_counts_letters_not_syllables():
    text = "Il gatto dorme. La casa è grande."  # 7 words, 2 sentences, 25 letters
    result = readability(text, language="it")
    assert (result["words"], result["sentences"], result["letters"]) == (7, 2, 25)
    assert result["reading_ease"] == pytest.approx(89 + (300 * 2 - 10 * 25) / 7, abs=0.06)
    assert result["flesch_reading_ease"] is None and result["syllables"] is None
    assert result["ease_scale"] == {"full_at": 60, "zero_at": 40}


def test_gulpease_scores_with_its_own_bands():
    easy = review(text="Il gatto dorme. La casa è grande. Il sole è caldo.", language="it")
    assert easy["breakdown"]["readability"]["points"] == WEIGHTS["readability"]
    hard = (
        "La responsabilizzazione organizzativa dell'infrastruttura interdipartimentale "
        "nell'ottimizzazione sistematica dei procedimenti amministrativi e regolamentari."
    )
    assert review(text=hard, language="it")["breakdown"]["readability"]["points"] == 0


@pytest.mark.parametrize(
    "language, word, syllables",
    [
        ("de", "Verantwortung", 4),
        ("de", "Aufgaben", 3),
        ("fr", "responsabilités", 6),
        ("es", "responsabilidades", 7),
        ("nl", "ontwikkelaar", 4),
        ("it", "sviluppatore", 5),
        ("pt", "responsabilidades", 7),
        ("pl", "doświadczenie", 4),
        ("de", "2025", 1),
        ("de", "", 0),
    ],
)
def test_syllables_from_hyphenation_dictionaries(language, word, syllables):
    assert count_syllables_in(word, language) == syllables


def test_harder_german_text_scores_lower():
    easy = readability("Du hilfst dem Team. Du schreibst Code. Du testest ihn.", language="de")
    hard = readability(
        "Die Verantwortlichkeitsübernahme für infrastrukturelle Optimierungsmaßnahmen "
        "erfordert interdisziplinäre Koordinationsfähigkeit.",
        language="de",
    )
    assert easy["reading_ease"] > 70 > 20 > hard["reading_ease"]


@pytest.mark.parametrize(
    "heading",
    [
        "## Ihre Aufgaben",
        "### Vos missions",
        "## Tus funciones",
        "## Responsabilidades",
        "## Taken",
        "## Verantwoordelijkheden",
        "## Responsabilità",
        "## Zakres obowiązków",
        "## Obowiązki",
        "## Deine Aufgaben",
        "## Vos responsabilités",
    ],
)
def test_localized_duties_headings_count_their_bullets(heading):
    text = (
        f"## Intro\n\n- not a duty\n\n{heading}\n\n"
        + "".join(f"- item {i}\n" for i in range(7))
        + "\n## Profil\n\n- x\n"
    )
    assert count_bullets(text) == 7


def test_duties_given_decide_the_bullet_count_in_any_language():
    assert readability("Ein Text.", duties=["a", "b", "c", "d", "e", "f"], language="de")["bullets"] == 6
