"""Gender-coded wording: Gender Decoder's lists and verdicts, without its false hits."""

import pytest

from jd.review.gender import find_coded_words, gender_coding, verdict


def test_strongly_masculine_text_lists_its_words():
    text = (
        "We are looking for an ambitious, competitive and decisive engineer who is "
        "self-confident and can lead under pressure."
    )
    result = gender_coding(text)
    assert result["masculine"] == ["ambitious", "competitive", "decisive", "self-confident", "lead"]
    assert result["feminine"] == []
    assert result["verdict"] == "strongly masculine-coded"


def test_strongly_feminine_text_lists_its_words():
    text = "We value a supportive, collaborative and warm team member who is committed to understanding our customers."
    result = gender_coding(text)
    assert result["feminine"] == ["supportive", "collaborative", "warm", "committed", "understanding"]
    assert result["masculine"] == []
    assert result["verdict"] == "strongly feminine-coded"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("You are an analytical thinker who works well together with others.", "neutral"),
        ("The job involves writing reports on time.", "empty"),
        ("An independent, confident person who can work together with others.", "masculine-coded"),
        ("A kind, honest and loyal colleague who is driven.", "feminine-coded"),
    ],
)
def test_verdicts_follow_gender_decoder(text, expected):
    assert gender_coding(text)["verdict"] == expected


@pytest.mark.parametrize(
    "feminine, masculine, expected",
    [
        (0, 0, "empty"),
        (2, 2, "neutral"),
        (3, 0, "feminine-coded"),
        (4, 0, "strongly feminine-coded"),
        (0, 3, "masculine-coded"),
        (1, 5, "strongly masculine-coded"),
    ],
)
def test_verdict_thresholds(feminine, masculine, expected):
    assert verdict(feminine, masculine) == expected


def test_plain_startswith_false_hits_are_not_counted():
    text = (
        "Responsibilities include minutes of the committee. Our team works "
        "in a kindergarten on all kinds of tasks: confidential documents, "
        "software dependencies, intellectual property and shareholder agreements. Feel free to ask "
        "for a kind of report."
    )
    assert find_coded_words(text) == []
    assert gender_coding(text)["verdict"] == "empty"


def test_whole_words_only():
    assert [m["word"] for m in find_coded_words("Be kind. Kindness matters. Kindergarten is closed.")] == [
        "kind",
        "kindness",
    ]


def test_children_still_counts_as_gender_decoder_does():
    assert [m["word"] for m in find_coded_words("We support children.")] == ["support", "children"]


def test_one_occurrence_counts_once_under_the_longest_stem():
    matches = find_coded_words("A dominant player.")
    assert len(matches) == 1
    assert matches[0]["stem"] == "dominant"


def test_hyphenated_and_apostrophe_forms():
    text = "A self-reliant, co-operative, data-driven leader's mindset; our leader\u2019s role."
    words = [(m["word"], m["coding"]) for m in find_coded_words(text)]
    assert words == [
        ("self-reliant", "masculine"),
        ("co-operative", "feminine"),
        ("driven", "masculine"),
        ("leader's", "masculine"),
        ("leader\u2019s", "masculine"),
    ]


def test_offsets_point_at_the_words():
    text = "Join a competitive, supportive team."
    for match in find_coded_words(text):
        assert text[match["start"] : match["end"]].lower() == match["word"]


def test_counts_every_occurrence():
    result = gender_coding("Lead the team. Lead the project. Support the users.")
    assert result["masculine"] == ["lead"]
    assert result["masculine_count"] == 2
    assert result["feminine_count"] == 1
    assert result["verdict"] == "masculine-coded"


def test_word_list_credits_gender_decoder_and_its_licence():
    from jd.review._data import load

    data = load("gender_coded_words")
    assert "Kat Matfield" in data["_source"] and "MIT License" in data["_licence"]
    assert "Gaucher" in data["_about"]
    assert len(data["masculine"]) >= 40 and len(data["feminine"]) >= 40


@pytest.mark.parametrize(
    "word, stem, coding",
    [
        ("leadership", "lead", "masculine"),
        ("respond", "respon", "feminine"),
        ("response", "respon", "feminine"),
        ("competent", "compet", "masculine"),
        ("competence", "compet", "masculine"),
        ("analyst", "analy", "masculine"),
    ],
)
def test_the_papers_asterisk_accepts_every_ending(word, stem, coding):
    matches = find_coded_words(f"We value {word}.")
    assert [(m["word"], m["stem"], m["coding"]) for m in matches] == [(word, stem, coding)]


def test_every_exception_gives_its_reason():
    from jd.review._data import load

    data = load("gender_coded_words")
    for coding in ("masculine", "feminine"):
        for entry in data[coding]:
            if entry.get("except"):
                assert entry.get("why"), entry


def test_objective_counts_but_objectives_do_not():
    """Appendix A lists "Objective" without an asterisk: the paper counts the word, not "objectives" (goals)."""
    assert [m["word"] for m in find_coded_words("An objective view. Meet quarterly objectives.")] == ["objective"]
    from jd.review._data import load

    entry = next(e for e in load("gender_coded_words")["masculine"] if e["stem"] == "objective")
    assert entry["paper_asterisk"] is False and "without an asterisk" in entry["why"]


def test_the_papers_own_masculine_and_feminine_entries_count():
    """Gaucher et al. (2011), Appendix A lists "Masculine" and "Feminine"; Gender Decoder leaves them out."""
    from jd.review._data import load

    data = load("gender_coded_words")
    for coding in ("masculine", "feminine"):
        entry = next(e for e in data[coding] if e["stem"] == coding)
        assert entry["source"] == "paper"
    result = gender_coding("A masculine or feminine voice.")
    assert (result["masculine"], result["feminine"]) == (["masculine"], ["feminine"])
    assert result["verdict"] == "neutral"
    assert "app/static/documents/Gaucher-Friesen-Kay" in data["_source"]
