"""Exclusionary wording and jargon, with suggestions and offsets."""

import pytest

from jd.review.inclusive import category_descriptions, find_exclusionary


@pytest.mark.parametrize(
    "text, term, category",
    [
        ("We need a rockstar developer.", "rockstar", "jargon"),
        ("Are you a coding Ninja?", "Ninja", "jargon"),
        ("Our SEO guru will help you.", "guru", "jargon"),
        ("Be a superstar.", "superstar", "jargon"),
        ("You will be our hero.", "hero", "jargon"),
        ("A data wizard.", "wizard", "jargon"),
        ("We are hunting for a unicorn.", "unicorn", "jargon"),
        ("Ideal for digital natives.", "digital natives", "age"),
        ("Join a young and dynamic team.", "young and dynamic", "age"),
        ("Perfect for recent graduates.", "recent graduates", "age"),
        ("We are a young team.", "young", "age"),
        ("Native English speaker required.", "Native English speaker", "language"),
        ("We hire for culture fit.", "culture fit", "culture"),
        ("We work hard, play hard.", "work hard, play hard", "culture"),
        ("Must be able to stand for 8 hours.", "Must be able to stand", "ability"),
        ("This pace is crazy.", "crazy", "ability"),
        ("That idea is lame.", "lame", "ability"),
        ("Find blind spots early.", "blind spots", "ability"),
        ("He/she will report to the CTO.", "He/she", "gender"),
        ("He or she will report to the CTO.", "He or she", "gender"),
        ("Update his/her records.", "his/her", "gender"),
        ("Our top salesman.", "salesman", "gender"),
        ("Reports to the chairman.", "chairman", "gender"),
        ("Plan manpower for the site.", "manpower", "gender"),
        ("Hey guys, join us!", "guys", "gender"),
    ],
)
def test_each_term_is_found_with_offsets_and_a_suggestion(text, term, category):
    findings = find_exclusionary(text)
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding["term"] == term
    assert text[finding["start"] : finding["end"]] == term
    assert finding["category"] == category
    assert finding["suggestion"]


def test_longest_overlapping_phrase_wins():
    findings = find_exclusionary("A native English speaker in a young and dynamic team.")
    assert [f["term"] for f in findings] == ["native English speaker", "young and dynamic"]


@pytest.mark.parametrize(
    "text",
    [
        "Run the setup wizard to configure the printer.",
        "Our youngest product line ships in May.",
        "The chairperson and the salesperson met.",
        "Heroic efforts are not required; we plan sensibly.",
        "They will report to the head of sales.",
        "Write clean, tested Python and review pull requests.",
    ],
)
def test_no_false_hits(text):
    assert find_exclusionary(text) == []


def test_every_category_is_described():
    described = category_descriptions()
    for text in ("rockstar", "young", "native speaker", "culture fit", "crazy", "guys"):
        assert find_exclusionary(text)[0]["category"] in described


def test_term_list_cites_its_sources():
    from jd.review._data import load

    sources = " ".join(load("exclusionary_terms")["_sources"])
    assert "joblint" in sources and "retext-equality" in sources and "MIT" in sources
