"""One-click fixes: suggestions with offsets from review(), and the pure functions that apply them."""

import json

import pytest

from jd.review import highlight_html, review
from jd.review._data import load
from jd.review.fixes import (
    apply_suggestions,
    build_suggestions,
    first_plain_alternative,
    match_case,
    replace_term,
    replacement_for,
)

SUGGESTION_KEYS = {"id", "start", "end", "term", "replacement", "category", "source"}


def fix(start, end, replacement, sid="s"):
    return {
        "id": sid,
        "start": start,
        "end": end,
        "term": "",
        "replacement": replacement,
        "category": "jargon",
        "source": "test",
    }


# --- Choosing the replacement -----------------------------------------------------------------


@pytest.mark.parametrize(
    "advice, expected",
    [
        ("skilled, experienced (name the actual skill)", "skilled"),
        ("highly effective engineer (say what effective means here)", "highly effective engineer"),
        ("shares our values (name them); culture add", "shares our values"),
        ("remove; describe the work instead of the people", ""),
        ("describe the task (e.g. 'moves boxes up to 20 kg')", None),
        ("state the experience the job needs instead", None),
        ("they", "they"),
    ],
)
def test_first_plain_alternative(advice, expected):
    assert first_plain_alternative(advice) == expected


def test_every_term_in_the_data_gets_a_clean_replacement_or_none():
    for rule in load("exclusionary_terms")["terms"]:
        for phrase in rule["phrases"]:
            replacement = replacement_for(phrase, rule["suggestion"])
            if replacement is None:
                continue
            assert "(" not in replacement and ";" not in replacement and "," not in replacement, (phrase, replacement)
            assert not replacement.lower().startswith(("describe", "state ", "name ", "remove")), (phrase, replacement)


def test_plurals_get_an_inflected_replacement_or_none():
    assert replacement_for("ninjas", "expert, skilled") == "experts"
    assert replacement_for("rockstars", "skilled, experienced (name the actual skill)") == "skilled people"
    assert replacement_for("salesmen", "salesperson, sales representative") == "salespeople"
    assert replacement_for("unicorns", "describe the specific mix of skills you need") is None
    assert replacement_for("crazy", "very, intense, surprising") is None  # no single word fits every use


def test_review_returns_suggestions_with_offsets_into_the_text():
    text = "We need a Rockstar. Hey guys, his/her code matters. Crazy hours, digital natives welcome."
    result = review(text=text)
    assert json.loads(json.dumps(result)) == result
    suggestions = result["suggestions"]
    assert all(set(s) == SUGGESTION_KEYS for s in suggestions)
    assert len({s["id"] for s in suggestions}) == len(suggestions)
    by_term = {s["term"]: s for s in suggestions}
    assert by_term["Rockstar"]["replacement"] == "skilled professional"  # a noun for a noun: "a skilled" would not read
    assert text[by_term["Rockstar"]["start"] : by_term["Rockstar"]["end"]] == "Rockstar"
    assert by_term["guys"]["replacement"] == "folks"
    assert by_term["his/her"]["replacement"] == "their"
    assert {"Crazy", "digital natives"}.isdisjoint(by_term)  # advice, not a word to swap
    # The full advice stays on the finding.
    rockstar = next(f for f in result["exclusionary"] if f["term"] == "Rockstar")
    assert rockstar["suggestion"].startswith("skilled, experienced")
    assert all(s["source"] == "exclusionary_terms" for s in suggestions)


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("We are a young team.", "We are a team."),
        ("Young people welcome.", "People welcome."),
        ("A youthful culture.", "A culture."),
        ("Our team is young.", None),  # predicative: dropping it breaks the sentence
        ("We are young and curious.", None),
        ("We hire a young engineer.", None),  # "a engineer"
        ("A very young team.", None),
    ],
)
def test_remove_only_where_the_sentence_stays_grammatical(text, fixed):
    suggestions = review(text=text)["suggestions"]
    if fixed is None:
        assert suggestions == []
    else:
        assert apply_suggestions(text, suggestions) == fixed


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("He/she will lead.", "They will lead."),
        ("If he/she is ready, apply.", "If they are ready, apply."),
        ("Then s/he has the keys.", "Then they have the keys."),
        ("He/she works here.", None),  # no conjugation we can do safely
    ],
)
def test_he_she_becomes_they_only_with_a_verb_we_can_agree(text, fixed):
    suggestions = review(text=text)["suggestions"]
    if fixed is None:
        assert suggestions == []
    else:
        assert apply_suggestions(text, suggestions) == fixed


def test_gender_coded_words_get_no_replacement():
    result = review(text="A competitive, dominant and decisive leader.")
    assert result["gender_coding"]["masculine_count"] >= 3
    assert result["suggestions"] == []


# --- apply_suggestions -----------------------------------------------------------------------


def test_apply_one():
    assert apply_suggestions("a ninja coder", [fix(2, 7, "expert")]) == "a expert coder"


def test_apply_all_keeps_offsets_after_earlier_replacements():
    text = "ninja and rockstar and guru"
    suggestions = [fix(0, 5, "skilled expert"), fix(10, 18, "pro"), fix(23, 27, "specialist")]
    assert apply_suggestions(text, suggestions) == "skilled expert and pro and specialist"
    assert apply_suggestions(text, reversed(suggestions)) == "skilled expert and pro and specialist"


def test_overlapping_suggestions_keep_the_earlier_then_longer():
    text = "young and dynamic team"
    suggestions = [fix(0, 5, "X"), fix(0, 17, "motivated"), fix(10, 17, "Y")]
    assert apply_suggestions(text, suggestions) == "motivated team"
    assert apply_suggestions("abcdef", [fix(1, 4, "X"), fix(3, 5, "Y")]) == "aXef"


def test_case_of_the_first_letter_is_kept():
    assert apply_suggestions("Rockstar wanted", [fix(0, 8, "skilled")]) == "Skilled wanted"
    assert apply_suggestions("a rockstar", [fix(2, 10, "skilled")]) == "a skilled"
    assert apply_suggestions("GUYS!", [fix(0, 4, "folks")]) == "FOLKS!"
    assert match_case("OCD", "detail-oriented") == "detail-oriented"  # an acronym: leave it be
    assert match_case("english", "English") == "English"  # never lower-cases a replacement


def test_a_term_occurring_twice():
    text = "ninja, ninja"
    result = review(text=text)
    assert len(result["suggestions"]) == 2
    assert apply_suggestions(text, result["suggestions"]) == "expert, expert"


def test_unicode_text_offsets_are_code_points():
    text = "Équipe 🚀 cherche un rockstar — naïve ninja"
    result = review(text=text)
    fixed = apply_suggestions(text, result["suggestions"])
    assert fixed == "Équipe 🚀 cherche un skilled professional — naïve expert"


def test_invalid_suggestions_are_skipped():
    text = "a ninja"
    bad = [
        fix(-1, 3, "x"),
        fix(2, 99, "x"),
        fix(5, 2, "x"),
        {"start": "2", "end": 7, "replacement": "x"},
        {"start": 2, "end": 7, "replacement": None},
        {"start": True, "end": 7, "replacement": "x"},
    ]
    assert apply_suggestions(text, bad) == text
    assert apply_suggestions(text, []) == text
    assert apply_suggestions("", [fix(0, 0, "")]) == ""


# --- replace_term ----------------------------------------------------------------------------


def test_replace_term_whole_words_case_insensitive_case_preserving():
    text = "Rockstar wanted. Our rockstar team; rockstars and ROCKSTAR. Not a rockstarlike word."
    assert replace_term(text, "rockstar", "skilled") == (
        "Skilled wanted. Our skilled team; rockstars and SKILLED. Not a rockstarlike word."
    )


def test_replace_term_spaces_and_hyphens_match_each_other():
    assert replace_term("a rock-star and a rock  star", "rock star", "pro") == "a pro and a pro"


def test_replace_term_removal_takes_the_space_and_passes_on_the_capital():
    assert replace_term("Young people and a young team.", "young", "") == "People and a team."
    assert replace_term("We are young", "young", "") == "We are"


def test_replace_term_unicode_and_edge_cases():
    assert (
        replace_term("Él es un ninja; ninja-level ñandú", "ninja", "experto") == "Él es un experto; experto-level ñandú"
    )
    assert replace_term("", "ninja", "x") == ""
    assert replace_term("ninja", "", "x") == "ninja"
    assert replace_term("a.b ninja", ".", "x") == "a.b ninja"  # no word boundary around "." inside a word
    assert replace_term("his/her", "his/her", "their") == "their"


# --- End to end ------------------------------------------------------------------------------


def test_apply_all_then_review_again_has_no_exclusionary_findings_and_no_lower_score():
    text = (
        "We want a rockstar developer and ninjas who crush it. Hey guys: he/she will join a young team, "
        "so his/her salesman instincts matter. A native English speaker and a culture fit. "
        "You do a sanity check on every release and work with the chairman.\n"
        "- Write code\n- Review code\n- Ship features\n- Mentor people\n- Plan work\n- Fix bugs\n"
    )
    before = review(text=text)
    assert len(before["exclusionary"]) >= 10
    assert len(before["suggestions"]) == len(before["exclusionary"])
    fixed = apply_suggestions(text, before["suggestions"])
    after = review(text=fixed)
    assert after["exclusionary"] == []
    assert after["score"] >= before["score"]
    assert after["breakdown"]["inclusive_language"]["points"] > before["breakdown"]["inclusive_language"]["points"]


def test_one_at_a_time_with_a_fresh_review_gives_the_same_text_as_all_at_once():
    text = "A rockstar, ninjas, and guys with his/her manpower."
    all_at_once = apply_suggestions(text, review(text=text)["suggestions"])
    current = text
    while pending := review(text=current)["suggestions"]:
        current = apply_suggestions(current, pending[:1])
    assert current == all_at_once


def test_highlight_marks_fixable_findings():
    text = "A rockstar with crazy ideas."
    result = review(text=text)
    marked = highlight_html(text, result)
    assert "jd-fixable" in marked
    assert "One-click fix: &#x27;skilled professional&#x27;" in marked
    crazy = marked[marked.index("crazy") - 200 : marked.index("crazy")]
    assert "jd-fixable" not in crazy.rsplit("<mark", 1)[-1]


def test_build_suggestions_without_findings():
    assert build_suggestions("anything", []) == []
