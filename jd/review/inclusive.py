"""Exclusionary wording and hype jargon, each with a plainer alternative.

Terms live in jd/data/exclusionary_terms.json: joblint's full rule set and a
few retext-equality entries (both MIT), EEOC guidance and our own entries, each
naming its source. Matching is whole-word and case-insensitive ("her" never
matches inside "other" or "here"); when two terms overlap ("young" inside
"young and dynamic") the longer wins. Entries marked "off" are kept for the
record but not flagged; "only_in_sentence_with", "unless_followed_by" and
"unless_preceded_by" keep ordinary uses ("coffee" for a barista, "competitive
salary") from being flagged.
"""

from __future__ import annotations

import re
from functools import cache

from ._data import load

_GAP_BETWEEN_WORDS = r"[\s,;:\u2013\u2014-]+"  # "work hard, play hard", "man-hours"


def _phrase_pattern(phrase: str, plural: bool) -> str:
    pieces = re.findall(r"\w+|[^\w\s]", phrase)
    pattern = ""
    for index, piece in enumerate(pieces):
        if index:
            both_words = piece[0].isalnum() and pieces[index - 1][-1].isalnum()
            pattern += _GAP_BETWEEN_WORDS if both_words else r"\s*"
        pattern += re.escape(piece)
    if plural:
        pattern += "s?"
    # Whole words only; a leading "(" or "/" needs no word boundary.
    return rf"(?<![\w/]){pattern}(?![\w/])"


@cache
def _rules() -> tuple[dict[str, list[tuple[re.Pattern, dict]]], list[tuple[re.Pattern, dict]]]:
    """Patterns indexed by their first word, so each is tried only where that word occurs."""
    data = load("exclusionary_terms")
    by_first_word: dict[str, list[tuple[re.Pattern, dict]]] = {}
    anywhere: list[tuple[re.Pattern, dict]] = []  # phrases that start with punctuation, e.g. "(s)he"
    for term in data["terms"]:
        if term.get("off"):
            continue
        plural = term.get("plural", False)
        for phrase in term["phrases"]:
            compiled = re.compile(_phrase_pattern(phrase, plural), re.IGNORECASE)
            first = re.match(r"\w+", phrase)
            if first is None:
                anywhere.append((compiled, term))
                continue
            word = first.group().lower()
            for key in {word, word + "s"} if plural and " " not in phrase else {word}:
                by_first_word.setdefault(key, []).append((compiled, term))
    return by_first_word, anywhere


_TOKEN = re.compile(r"\w+")


def category_descriptions() -> dict[str, str]:
    """What each category means, for tooltips and legends."""
    return dict(load("exclusionary_terms")["categories"])


def _word_before(text: str, start: int) -> str:
    match = re.search(r"(\w+)\W*$", text[max(0, start - 40) : start])
    return match.group(1).lower() if match else ""


def _word_after(text: str, end: int) -> str:
    match = re.match(r"\W*?(\w+)", text[end : end + 40])
    return match.group(1).lower() if match else ""


_SENTENCE_END = re.compile(r"[.!?;\n]")


def _sentence_words(text: str, start: int, end: int) -> set[str]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return {w.lower() for w in _TOKEN.findall(text[left : right.start() if right else len(text)])}


def _cancelled(text: str, start: int, end: int, rule: dict) -> bool:
    before = {w.lower() for w in rule.get("unless_preceded_by", ())}
    if before and _word_before(text, start) in before:
        return True
    after = {w.lower() for w in rule.get("unless_followed_by", ())}
    if after and _word_after(text, end) in after:
        return True
    context = rule.get("only_in_sentence_with")
    if not context:
        return False
    return not _sentence_words(text, start, end) & {w.lower() for w in context}


def find_exclusionary(text: str) -> list[dict]:
    """[{term, category, suggestion, start, end, source, rule}] in text order; `term` is the text as written.

    `source` names where the entry comes from (joblint, retext-equality, eeoc, project) and `rule` the
    upstream rule's name, when it has one.
    """
    by_first_word, anywhere = _rules()
    candidates: list[tuple[int, int, dict]] = []
    for pattern, rule in anywhere:
        candidates.extend((m.start(), m.end(), rule) for m in pattern.finditer(text))
    for token in _TOKEN.finditer(text):
        for pattern, rule in by_first_word.get(token.group().lower(), ()):
            match = pattern.match(text, token.start())
            if match:
                candidates.append((match.start(), match.end(), rule))
    candidates = [c for c in candidates if not _cancelled(text, *c)]
    # Longest first, then keep only matches that overlap nothing already kept.
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    kept: list[tuple[int, int, dict]] = []
    for start, end, rule in candidates:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, rule))
    kept.sort(key=lambda c: c[0])
    return [
        {
            "term": text[start:end],
            "category": rule["category"],
            "suggestion": rule["suggestion"],
            "start": start,
            "end": end,
            "source": rule.get("source", ""),
            "rule": rule.get("rule", ""),
        }
        for start, end, rule in kept
    ]
