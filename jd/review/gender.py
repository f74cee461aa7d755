"""Gender-coded wording (Gaucher, Friesen & Kay 2011), as scored by Gender Decoder.

Gender Decoder (Kat Matfield, MIT) counts words that start with a masculine or
feminine stem and reports `feminine - masculine`. Its plain `startswith` gives
false hits ("responsibilities" -> respon*, "leadership" -> lead*,
"committee" -> commit*), so each stem here may list exceptions, and words are
whole tokens: "kind" matches "kind" and "kindness", never "kindergarten".
One occurrence of a word counts once, under its longest matching stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._data import load

# Words, keeping hyphens and apostrophes inside them: "self-confident", "team's".
WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")

MASCULINE = "masculine"
FEMININE = "feminine"


@dataclass(frozen=True)
class _Stem:
    stem: str
    coding: str
    exceptions: tuple[str, ...]
    unless_followed_by: frozenset[str]

    def matches(self, word: str, next_word: str) -> bool:
        return (
            word.startswith(self.stem)
            and not word.startswith(self.exceptions)
            and next_word not in self.unless_followed_by
        )


def _load_stems() -> tuple[dict[str, list[_Stem]], tuple[_Stem, ...]]:
    data = load("gender_coded_words")
    by_prefix: dict[str, list[_Stem]] = {}
    hyphenated = []
    for coding in (MASCULINE, FEMININE):
        for entry in data[coding]:
            stem = _Stem(
                entry["stem"],
                coding,
                tuple(entry.get("except", ())),
                frozenset(entry.get("unless_followed_by", ())),
            )
            if "-" in stem.stem:
                hyphenated.append(stem)
            else:
                by_prefix.setdefault(stem.stem[:3], []).append(stem)
    # Longest stem first, so "dominant" wins over "domina".
    for stems in by_prefix.values():
        stems.sort(key=lambda s: -len(s.stem))
    hyphenated.sort(key=lambda s: -len(s.stem))
    return by_prefix, tuple(hyphenated)


_BY_PREFIX, _HYPHENATED = _load_stems()


def _normalise(token: str) -> str:
    word = token.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


def _match(word: str, next_word: str) -> _Stem | None:
    for stem in _BY_PREFIX.get(word[:3], ()):
        if stem.matches(word, next_word):
            return stem
    return None


def find_coded_words(text: str) -> list[dict]:
    """Every gender-coded word in `text`: {word, stem, coding, start, end}, in text order."""
    tokens = [(m.group(), m.start()) for m in WORD.finditer(text)]
    found = []
    for index, (token, start) in enumerate(tokens):
        next_word = _normalise(tokens[index + 1][0]) if index + 1 < len(tokens) else ""
        word = _normalise(token)
        if "-" in word:
            whole = next((s for s in _HYPHENATED if s.matches(word, next_word)), None)
            if whole is not None:
                found.append(_hit(token, whole, start, start + len(token)))
                continue
            # Not a coded compound: judge each part, as Gender Decoder does.
            offset = start
            parts = token.split("-")
            for position, part in enumerate(parts):
                follower = _normalise(parts[position + 1]) if position + 1 < len(parts) else next_word
                stem = _match(_normalise(part), follower) if part else None
                if stem is not None:
                    found.append(_hit(part, stem, offset, offset + len(part)))
                offset += len(part) + 1
            continue
        stem = _match(word, next_word)
        if stem is not None:
            found.append(_hit(token, stem, start, start + len(token)))
    return found


def _hit(token: str, stem: _Stem, start: int, end: int) -> dict:
    return {"word": token.lower(), "stem": stem.stem, "coding": stem.coding, "start": start, "end": end}


def verdict(feminine: int, masculine: int) -> str:
    """Gender Decoder's verdict from the two counts of coded words."""
    score = feminine - masculine
    if score == 0:
        return "neutral" if feminine else "empty"
    if score > 3:
        return "strongly feminine-coded"
    if score > 0:
        return "feminine-coded"
    if score < -3:
        return "strongly masculine-coded"
    return "masculine-coded"


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def gender_coding(text: str) -> dict:
    """{verdict, masculine: [words], feminine: [words], masculine_count, feminine_count, matches}."""
    matches = find_coded_words(text)
    masculine = [m["word"] for m in matches if m["coding"] == MASCULINE]
    feminine = [m["word"] for m in matches if m["coding"] == FEMININE]
    return {
        "verdict": verdict(len(feminine), len(masculine)),
        "masculine": _unique(masculine),
        "feminine": _unique(feminine),
        "masculine_count": len(masculine),
        "feminine_count": len(feminine),
        "matches": matches,
    }
