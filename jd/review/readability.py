"""Readability and length: reading ease with each language's own formula, word and bullet counts.

Written here rather than taken from textstat: textstat >= 0.7.10 downloads
CMUdict at first use (fails offline) and older releases pull GPL data.

English syllables come from a rule-based heuristic (vowel groups, silent
endings, split vowel pairs) with a short list of exceptions;
tests/test_review_readability.py checks it against dictionary counts. Other
languages use pyphen's hyphenation dictionaries (shipped inside the pyphen
wheel, no download): syllables ~ hyphenation points + 1. That is an
approximation: hyphenation patterns skip some syllable boundaries (e.g.
French "ex-pé-rience" is 3 pieces for 4 spoken syllables), so scores lean
slightly easy. Sources and dates for every formula: jd/data/SOURCES.md.

Formulas (ASL = words per sentence, ASW = syllables per word):
    en  Flesch (1948)                     206.835 - 1.015 ASL - 84.6 ASW
        Flesch-Kincaid grade (1975)       0.39 ASL + 11.8 ASW - 15.59 (English only)
    de  Flesch-Amstad (Amstad 1978)       180 - ASL - 58.5 ASW
    fr  Kandel & Moles (1958)             207 - 1.015 ASL - 73.6 ASW
    es  Fernandez Huerta (1959), with the correction published by Gwillim Law (2011):
                                          206.84 - 1.02 ASL - 60 ASW
    nl  Flesch-Douma (Douma 1960)         206.835 - 0.93 ASL - 77 ASW
    pt  Flesch adapted by Martins et al. (1996)  248.835 - 1.015 ASL - 84.6 ASW
    it  Gulpease (GULP, Lucisano & Piemontese 1988), letters not syllables:
                                          89 + (300 sentences - 10 letters) / words
    pl  no formula confirmed: "not rated for Polish"; counts still work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import pyphen

from ..errors import say
from ..parsing import list_item
from ..spec import MAX_DUTIES, MIN_DUTIES

GOOD_WORDS = (300, 700)  # common advice for job ads: long enough to inform, short enough to finish
GOOD_BULLETS = (MIN_DUTIES, MAX_DUTIES)

# Words the rules below get wrong that are common in job descriptions.
_SYLLABLE_EXCEPTIONS = {
    "business": 2,
    "businesses": 3,
    "every": 2,
    "everyone": 3,
    "everything": 3,
    "evening": 2,
    "maybe": 2,
    "area": 3,
    "areas": 3,
    "idea": 3,
    "ideas": 3,
    "ideal": 3,
    "create": 2,
    "creates": 2,
    "created": 3,
    "creating": 3,
    "creation": 3,
    "creative": 3,
    "creativity": 5,
    "react": 2,
    "reactive": 3,
    "realistic": 4,
    "reality": 4,
    "recipe": 3,
    "senior": 2,
    "junior": 2,
    "million": 2,
    "millions": 2,
    "billion": 2,
    "opinion": 3,
    "opinions": 3,
    "union": 2,
    "onion": 2,
    "being": 2,
    "science": 2,
    "sciences": 3,
    "friend": 1,
    "friends": 1,
    "friendly": 2,
    "field": 1,
    "fields": 1,
    "quiet": 2,
    "diet": 2,
    "client": 2,
    "clients": 2,
    "efficient": 3,
    "efficiently": 4,
    "sufficient": 3,
    "ancient": 2,
    "patient": 2,
    "patients": 2,
    "orient": 3,
    "oriented": 4,
    "piece": 1,
    "achieve": 2,
    "believe": 2,
    "review": 2,
    "reviews": 2,
    "reviewed": 2,
    "reviewing": 3,
    "view": 1,
    "views": 1,
    "fluent": 2,
    "fluency": 3,
    "influence": 3,
    "create's": 2,
    "ratio": 3,
    "scenario": 4,
    "scenarios": 4,
    "via": 2,
    "whereas": 2,
    "someone": 2,
    "somewhere": 2,
    "sometimes": 2,
    "themselves": 2,
    "something": 2,
    "anyone": 3,
    "lifestyle": 2,
    "likely": 2,
    "lively": 2,
    "safety": 2,
    "ninety": 2,
    "wholesale": 2,
    "statement": 2,
    "statements": 2,
    "management": 3,
    "engagement": 3,
    "requirement": 3,
    "requirements": 3,
    "achievement": 3,
    "achievements": 3,
    "involvement": 3,
    "movement": 2,
    "measurement": 3,
    "improvement": 3,
    "improvements": 3,
    "advertisement": 4,
    "nowadays": 3,
    "hybrid": 2,
    "coordinate": 4,
    "coordinator": 5,
    "cooperate": 4,
    "cooperation": 5,
    "cooperative": 4,
    "poem": 2,
    "being's": 2,
    "naive": 2,
    "deal": 1,
    "real": 1,
    "really": 2,
    "api": 3,
    "apis": 3,
    "ui": 2,
    "ux": 2,
    "ai": 2,
}

_VOWEL_GROUP = re.compile(r"(?:[aeiou]|y(?![aeiou]))+")  # y before a vowel is a consonant ("year")
# Vowel pairs usually said as two syllables, with the contexts where they are not.
_SPLIT_PAIRS = (
    re.compile(r"(?<![cts])ia"),  # media, trial; not social, initial, Asia
    re.compile(r"io(?![nru])"),  # radio, period, studio; not action, senior, various (handled below)
    re.compile(r"(?<![ctx])iou"),  # various, previous; not delicious, ambitious, anxious
    re.compile(r"(?<![qg])ua"),  # usual, actual, graduate; not quality, language
    re.compile(r"(?<!p)eo"),  # video, geography; not people
    re.compile(r"(?<![ct])ie(?=[rnt])"),  # client, experience, easier; not patient, efficient
    re.compile(r"uo"),  # fluorescent, duo
    re.compile(r"uu"),  # vacuum
    re.compile(r"(?<=[^aeiouy])ii"),  # skiing
)


@lru_cache(maxsize=16384)
def count_syllables(word: str) -> int:
    """Syllables in one English word (heuristic; 0 for a token with no letters)."""
    lowered = word.lower().replace("\u2019", "'")
    if lowered in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[lowered]
    w = re.sub(r"[^a-z]", "", lowered)
    if not w:
        return 1 if any(ch.isdigit() for ch in word) else 0
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    if len(w) <= 3:
        return 1 if re.search(r"[aeiouy]", w) else max(1, len(w))  # "TV" -> 2 is rare; 1 is safer
    count = len(_VOWEL_GROUP.findall(w))
    for pair in _SPLIT_PAIRS:
        count += len(pair.findall(w))
    # Silent endings: make, roles, worked (but not table, wanted, boxes, free).
    if w.endswith("e") and w[-2] not in "aeiouy" and not re.search(r"[^aeiouy]le$", w):
        count -= 1
    elif w.endswith("es") and w[-3] not in "aeiouysxzcg" and not w.endswith(("ches", "shes")):
        if not re.search(r"[^aeiouy]les$", w):
            count -= 1
    elif (w.endswith("ed") and w[-3] not in "aeiouytd") or (w.endswith("ely") and len(w) > 5 and w[-4] not in "aeiouy"):
        count -= 1
    return max(1, count)


_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019.\-][A-Za-z0-9\u00c0-\u024f]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_MARKDOWN_NOISE = re.compile(r"^\s{0,3}#{1,6}\s*|^\s*>\s?|\*\*|__|`|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|\[", re.M)


def plain_text(text: str) -> str:
    """Markdown/HTML-ish text reduced to words and sentence ends for counting."""
    text = re.sub(r"<[^>]+>", " ", text)
    return _MARKDOWN_NOISE.sub("", text)


def words(text: str) -> list[str]:
    return _WORD.findall(plain_text(text))


def sentences(text: str) -> list[str]:
    """Sentences; each line (bullet, heading) ends one, so lists do not make a giant sentence."""
    parts = _SENTENCE_END.split(plain_text(text))
    return [p for p in parts if _WORD.search(p)]


# Headings over the list of duties, in the languages ads are written in ("Ihre Aufgaben",
# "Vos missions", "Tus funciones", "Taken", "Responsabilità", "Zakres obowiązków"...).
_DUTIES_HEADING = re.compile(
    r"responsibilit|what you.ll do|duties|your role|the role"
    r"|aufgaben|verantwortlichkeiten|t\u00e4tigkeiten"
    r"|\b(?:vos|tes|les|principales) missions|missions principales|responsabilit|responsabilidad"
    r"|vos t\u00e2ches|votre r\u00f4le"
    r"|funciones|tareas|tu rol|atribui\u00e7\u00f5es|atividades|o que vais fazer|o que voc\u00ea vai fazer"
    r"|\btaken\b|verantwoordelijkheden|wat ga je doen|jouw rol"
    r"|mansioni|compiti|attivit\u00e0|il tuo ruolo"
    r"|obowi\u0105zk|zakres obowi\u0105zk|twoje zadania|zadania",
    re.I,
)


def count_bullets(text: str) -> int:
    """Bullets under the responsibilities heading if there is one, else all bullet lines."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if _DUTIES_HEADING.search(line) and list_item(line) is None:
            count = 0
            for following in lines[index + 1 :]:
                if list_item(following) is not None:
                    count += 1
                elif following.strip() and count:
                    break  # the next section starts
            if count:
                return count
    return sum(1 for line in lines if list_item(line) is not None)


def _range_verdict(value: int, good: tuple[int, int], low: str, high: str) -> str:
    if value < good[0]:
        return low
    if value > good[1]:
        return high
    return say("good")


# ---------------------------------------------------------------------------------------------
# Formulas per language

FLESCH_BANDS = (
    (90, say("very easy")),
    (80, say("easy")),
    (70, say("fairly easy")),
    (60, say("plain English")),
    (50, say("fairly difficult")),
    (30, say("difficult")),
)
# The adaptations publish the same bands; Flesch's "plain English" is their "standard" (Douma's
# "normaal", Fernandez Huerta's "normal (para adulto)").
ADAPTED_BANDS = tuple((floor, say("standard") if label == "plain English" else label) for floor, label in FLESCH_BANDS)
# Gulpease's published bands: below 80 hard for readers with primary schooling, below 60 with
# lower-secondary, below 40 with upper-secondary schooling.
GULPEASE_BANDS = ((80, say("easy")), (60, say("fairly easy")), (40, say("fairly difficult")))


@dataclass(frozen=True)
class Formula:
    """A reading-ease formula: `base - per_sentence * ASL - per_syllable * ASW` unless `letters`.

    `full_at`/`zero_at`: reading ease at which the score's readability part is full/zero
    (jd/review/score.py). The Flesch adaptations were each calibrated to Flesch's 0-100 scale
    and bands, so they keep Flesch's thresholds (50 and 10); Gulpease has its own bands and
    takes their published boundaries (60: no longer hard for lower-secondary readers; 40: hard
    even for upper-secondary readers), which is stricter than Flesch 50 (10th-12th grade).
    """

    name: str
    base: float = 0.0
    per_sentence: float = 0.0
    per_syllable: float = 0.0
    letters: bool = False
    full_at: float = 50
    zero_at: float = 10
    bands: tuple = FLESCH_BANDS


FORMULAS: dict[str, Formula] = {
    "en": Formula("Flesch reading ease", 206.835, 1.015, 84.6),
    "de": Formula("Flesch-Amstad", 180.0, 1.0, 58.5, bands=ADAPTED_BANDS),
    "fr": Formula("Kandel & Moles", 207.0, 1.015, 73.6, bands=ADAPTED_BANDS),
    "es": Formula("Fernández Huerta", 206.84, 1.02, 60.0, bands=ADAPTED_BANDS),
    "nl": Formula("Flesch-Douma", 206.835, 0.93, 77.0, bands=ADAPTED_BANDS),
    "pt": Formula("Flesch (Martins et al.)", 248.835, 1.015, 84.6, bands=ADAPTED_BANDS),
    "it": Formula("Gulpease", letters=True, full_at=60, zero_at=40, bands=GULPEASE_BANDS),
}
LANGUAGE_NAMES = {
    "en": say("English"),
    "de": say("German"),
    "fr": say("French"),
    "es": say("Spanish"),
    "nl": say("Dutch"),
    "it": say("Italian"),
    "pt": say("Portuguese"),
    "pl": say("Polish"),
}
# pyphen dictionaries shipped in the wheel (checked with pyphen 0.18.1).
_HYPHENATION = {"de": "de_DE", "fr": "fr", "es": "es", "nl": "nl_NL", "it": "it_IT", "pt": "pt_PT", "pl": "pl_PL"}


@cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    # left/right 1: hyphenation's typographic minimums (2-3 letters) would hide real syllables.
    return pyphen.Pyphen(lang=_HYPHENATION[language], left=1, right=1)


@lru_cache(maxsize=32768)
def count_syllables_in(word: str, language: str = "en") -> int:
    """Syllables in one word of `language`: the English heuristic, or hyphenation points + 1."""
    if language == "en" or language not in _HYPHENATION:
        return count_syllables(word)
    parts = [p for p in re.split(r"['\u2019.\-]", word) if p]
    letters = [p for p in parts if any(ch.isalpha() for ch in p)]
    if not letters:
        return 1 if any(ch.isdigit() for ch in word) else 0
    dictionary = _hyphenator(language)
    return sum(len(dictionary.positions(p.lower())) + 1 for p in letters)


def ease_label(ease: float, formula: Formula = FORMULAS["en"]) -> str:
    """The formula's own bands for its reading-ease score (Flesch's by default)."""
    for floor, label in formula.bands:
        if ease >= floor:
            return label
    return say("difficult") if formula.bands is GULPEASE_BANDS else say("very difficult")


def readability(text: str, duties=(), language: str = "en") -> dict:
    """Reading ease with `language`'s formula, plus word, sentence and bullet counts (keys: jd.review)."""
    language = language if language in LANGUAGE_NAMES else "en"
    formula = FORMULAS.get(language)
    tokens = words(text)
    word_count = len(tokens)
    sentence_list = sentences(text)
    sentence_count = max(1, len(sentence_list))
    bullets = len(duties) if duties else count_bullets(text)
    result: dict[str, Any] = {
        "language": language,
        "formula": formula.name if formula else None,
        "rated": formula is not None,
        "note": "" if formula else say("not rated for {language}", language=LANGUAGE_NAMES[language]),
        "reading_ease": None,
        "flesch_reading_ease": None,
        "grade_level": None,
        "ease_label": None,
        "ease_scale": {"full_at": formula.full_at, "zero_at": formula.zero_at} if formula else None,
        "words": word_count,
        "sentences": len(sentence_list),
        "syllables": None,
        "length_verdict": _range_verdict(word_count, GOOD_WORDS, say("too short"), say("too long")),
        "good_words": list(GOOD_WORDS),
        "bullets": bullets,
        "bullets_verdict": _range_verdict(bullets, GOOD_BULLETS, say("too few"), say("too many")),
        "good_bullets": list(GOOD_BULLETS),
    }
    if formula is None:
        return result
    per_sentence = word_count / sentence_count if word_count else 0.0
    if formula.letters:
        letters = sum(sum(ch.isalnum() for ch in t) for t in tokens)
        ease = 89 + (300 * sentence_count - 10 * letters) / word_count if word_count else 0.0
        result["letters"] = letters
    else:
        syllables = sum(count_syllables_in(t, language) for t in tokens)
        per_word = syllables / word_count if word_count else 0.0
        ease = (
            formula.base - formula.per_sentence * per_sentence - formula.per_syllable * per_word if word_count else 0.0
        )
        result["syllables"] = syllables
        result["flesch_reading_ease"] = round(ease, 1)  # Flesch's formula or its adaptation (see `formula`)
        if language == "en":
            grade = 0.39 * per_sentence + 11.8 * per_word - 15.59 if word_count else 0.0
            result["grade_level"] = round(grade, 1)
    result["reading_ease"] = round(ease, 1)
    result["ease_label"] = ease_label(ease, formula)
    return result
