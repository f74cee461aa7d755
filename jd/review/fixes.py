"""One-click fixes: replacements for flagged terms, and pure functions that apply them.

`build_suggestions(text, exclusionary)` turns exclusionary findings into
`[{id, start, end, term, replacement, category, source}]` with offsets into
`text`. The replacement is one clean alternative: an override from
jd/data/review_fixes.json, else the first plain alternative of the finding's
`suggestion` ("skilled, experienced (name the actual skill)" -> "skilled"),
never advice such as "describe the work instead". "remove" becomes an empty
replacement only where dropping the word leaves a grammatical phrase (an
adjective before its noun: "a young team" -> "a team"); "he/she" becomes
"they" only before a modal or a verb we can conjugate ("he/she is" -> "they are").
Gender-coded words (Gaucher, Friesen & Kay 2011) get no replacement: no
citable public list of context-free neutral alternatives exists (see
jd/data/SOURCES.md), and their advice is to rebalance the wording, not swap words.

`apply_suggestions(text, suggestions)` applies non-overlapping suggestions by
offset; `replace_term(text, term, replacement)` replaces every whole-word
occurrence in free text (for source fields whose offsets differ from the
rendered text). Both keep the case of the first letter ("Rockstar" -> "Skilled").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from ._data import load

SOURCE = "exclusionary_terms"  # the `source` of suggestions built from exclusionary findings

# Advice that is not a word to put in: "describe the work", "state the real hours", "name them"...
_INSTRUCTION = re.compile(r"^(?:remove|describe|state|name|say|use|list|explain|mention|show|tell|write)\b", re.I)
_MODALS = frozenset({"will", "would", "can", "could", "should", "may", "might", "must", "shall", "cannot"})
_THEY_VERBS = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
}
# Before a removed adjective, these leave a broken phrase ("is young" -> "is", "very young" -> "very").
_NOT_BEFORE_REMOVAL = frozenset(
    {
        "is",
        "are",
        "am",
        "be",
        "been",
        "being",
        "was",
        "were",
        "stay",
        "stays",
        "remain",
        "remains",
        "feel",
        "feels",
        "look",
        "looks",
        "seem",
        "seems",
        "become",
        "becomes",
        "very",
        "so",
        "too",
        "quite",
        "rather",
        "fairly",
        "really",
        "pretty",
        "relatively",
        "still",
        "and",
        "or",
        "but",
        "nor",
        "&",
        "yet",
        "not",
        "more",
        "most",
    }
)
_NOT_AFTER_REMOVAL = frozenset(
    {"and", "or", "but", "nor", "to", "at", "in", "of", "for", "with", "enough", "as", "than", "yet", "&"}
)


def _norm(term: str) -> str:
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", term.lower().replace("\u2019", "'")).strip()


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, frozenset[str]]]:
    """(overrides, no_replacement, phrases per suggestion text)."""
    fixes = load("review_fixes")
    phrases: dict[str, set[str]] = {}
    for rule in load("exclusionary_terms")["terms"]:
        phrases.setdefault(rule["suggestion"], set()).update(_norm(p) for p in rule["phrases"])
    overrides = {_norm(k): v for k, v in fixes["replacements"].items()}
    blocked = {_norm(k): v for k, v in fixes["no_replacement"].items()}
    return overrides, blocked, {k: frozenset(v) for k, v in phrases.items()}


def first_plain_alternative(suggestion: str) -> str | None:
    """The first alternative in advice like "skilled, experienced (name the actual skill)"; "" for "remove"."""
    for alternative in re.split(r"[;,]", suggestion or ""):
        alternative = re.sub(r"\([^)]*\)", "", alternative).strip()
        if not alternative:
            continue
        if alternative.lower() == "remove":
            return ""
        if "(" in alternative or ")" in alternative or _INSTRUCTION.match(alternative):
            continue
        return alternative
    return None


def replacement_for(term: str, suggestion: str) -> str | None:
    """The drop-in replacement for `term` as matched, "" to remove it, or None when there is none."""
    overrides, blocked, phrases = _tables()
    key = _norm(term)
    if key in blocked:
        return None
    if key in overrides:
        return overrides[key]
    if key not in phrases.get(suggestion, ()):
        return None  # a form of the phrase (e.g. a plural) we have no inflected replacement for
    return first_plain_alternative(suggestion)


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+(?:['\u2019][^\W\d_]+)?)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+|&)[ \t]*$")


def _removal_span(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """(start, end, replacement) that drops an attributive adjective, or None when that breaks the phrase."""
    following = _NEXT_WORD.match(text, end)
    if following is None or following.group(1).lower() in _NOT_AFTER_REMOVAL:
        return None
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    previous = before.group(1).lower() if before else ""
    if previous in _NOT_BEFORE_REMOVAL:
        return None
    if previous == "a" and following.group(1)[0].lower() in "aeiou":
        return None  # "a young engineer" -> "a engineer"
    if text[start : start + 1].isupper():
        # Sentence start: take the next word along so it gets the capital ("Young people" -> "People").
        return start, following.end(1), following.group(1)
    return start, following.start(1), ""


def _they_span(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return None
    verb = following.group(1).lower().replace("\u2019", "'")
    if verb in _MODALS or (verb.endswith("ed") and len(verb) > 3):
        return start, end, "they"
    if verb in _THEY_VERBS:
        return start, following.end(1), f"they {_THEY_VERBS[verb]}"
    return None


def build_suggestions(text: str, exclusionary: Sequence[Mapping]) -> list[dict]:
    """One suggestion per exclusionary finding that has a clean replacement (see the module docstring)."""
    suggestions = []
    for index, finding in enumerate(exclusionary):
        start, end, term = finding["start"], finding["end"], finding["term"]
        replacement = replacement_for(term, finding["suggestion"])
        if replacement is None:
            continue
        span: tuple[int, int, str] | None = (start, end, replacement)
        if replacement == "":
            span = _removal_span(text, start, end)
        elif replacement == "they" and "/" in term:
            span = _they_span(text, start, end)
        if span is None:
            continue
        suggestions.append(
            {
                "id": f"x{index}",
                "start": span[0],
                "end": span[1],
                "term": term,
                "replacement": span[2],
                "category": finding["category"],
                "source": SOURCE,
            }
        )
    return suggestions


def match_case(original: str, replacement: str) -> str:
    """`replacement` with the case of `original`'s first letter ("Rockstar" -> "Skilled").

    All-capital words of four or more letters stay all capitals ("GUYS" -> "FOLKS"); shorter
    ones are taken for acronyms ("OCD") and leave the replacement as it is.
    """
    letters = [ch for ch in original if ch.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) >= 4 and all(ch.isupper() for ch in letters):
        return replacement.upper()
    if letters[0].isupper() and not all(ch.isupper() for ch in letters):
        return replacement[0].upper() + replacement[1:]
    return replacement


def _valid(suggestion: Mapping, length: int) -> bool:
    start, end = suggestion.get("start"), suggestion.get("end")
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and 0 <= start <= end <= length
        and isinstance(suggestion.get("replacement"), str)
    )


def apply_suggestions(text: str, suggestions: Iterable[Mapping]) -> str:
    """`text` with the suggestions applied; offsets index the original `text`.

    Overlapping suggestions: the earlier one wins (then the longer); the rest are skipped, as
    are suggestions whose offsets do not fit the text. Applied right to left so each offset
    still points at the original text.
    """
    chosen: list[Mapping] = []
    ordered = sorted(
        (s for s in suggestions if _valid(s, len(text))), key=lambda s: (s["start"], s["start"] - s["end"])
    )
    reach = -1
    for suggestion in ordered:
        if suggestion["start"] < reach or (suggestion["start"] == reach and suggestion["start"] == suggestion["end"]):
            continue
        chosen.append(suggestion)
        reach = suggestion["end"]
    for suggestion in reversed(chosen):
        start, end = suggestion["start"], suggestion["end"]
        text = text[:start] + match_case(text[start:end], suggestion["replacement"]) + text[end:]
    return text


def replace_term(text: str, term: str, replacement: str) -> str:
    """Every whole-word, case-insensitive occurrence of `term` in `text` replaced, keeping its case.

    Spaces and hyphens inside `term` match any run of spaces or hyphens ("rock star" finds
    "rock-star"). An empty `replacement` removes the word and the space after it, and gives the
    next word the removed word's capital.
    """
    if not text or not term or not term.strip():
        return text
    pieces = [re.escape(p) for p in re.split(r"[\s\-\u2010-\u2015]+", term.strip()) if p]
    pattern = re.compile(r"(?<![\w])" + r"[\s\-\u2010-\u2015]+".join(pieces) + r"(?![\w])", re.IGNORECASE)
    if replacement:
        return pattern.sub(lambda m: match_case(m.group(), replacement), text)

    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() < position:
            continue
        out.append(text[position : match.start()])
        end = match.end()
        after = re.match(r"[ \t]+", text[end:])
        if after:
            end += after.end()
        elif out and out[-1].endswith((" ", "\t")):
            out[-1] = out[-1].rstrip(" \t")
        position = end
        if match.group()[:1].isupper() and position < len(text) and text[position].islower():
            out.append(text[position].upper())
            position += 1
    out.append(text[position:])
    return "".join(out)
