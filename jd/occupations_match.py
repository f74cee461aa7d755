"""Job title -> occupation: a small lexical ranker over the title lists of jd/data/occupations.json.gz.

A typed title is reduced to stems by jd.occupations_text (the head decides; qualifiers such as
"(Backend)" or "- Transportation" count for less). Each listed title sharing a stem with it gets
an F-score of the IDF-weighted share of the title the query covers and of the query the title
covers. An occupation's score blends its best title (times the title's weight: 1 for an O*NET or
ESCO title, less for a title naming only a wider group) with how many of its titles use the
query's words, so that "Maintenance Technician", listed under a dozen occupations, goes to the one
whose titles say "maintenance" most.

Words the lists do not know are matched to known words that share their beginning or spelling
("kelnerka" -> "kelner"), and compounds are split into known parts ("Lagermitarbeiter" ->
"lager" + "mitarbeiter"); titles with no known word find nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict

from rapidfuzz import fuzz, process

from .occupation_data import Candidate, _data, built_once
from .occupations_text import TitleTerms, title_terms, words

MAX_CANDIDATES = 5
SURE_SCORE = 0.8  # is_sure: the best candidate scores at least this ...
SURE_MARGIN = 0.08  # ... and leads the second by at least this
LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt", "pl")
QUALIFIER_WEIGHT = 0.35  # a qualifier word counts this much of a head word
BREADTH_FOR = 40  # breadth is weighed for this many occupations with the best titles
BREADTH_WEIGHT = 0.35  # share of the score that comes from how many of the occupation's titles fit
_MIN_PART = 3  # compound modifiers and the prefix spelling neighbours share are at least this long
_MIN_HEAD = 5  # the last part of a compound is at least this long
# Where a language's own titles find little, titles in a related language are tried (cognates such as
# "segretaria" / "secretaria" meet through spelling), their scores discounted.
SISTERS = {"it": ("es", "pt", "fr"), "es": ("pt", "it"), "pt": ("es",), "de": ("nl",), "nl": ("de",)}
SISTER_DISCOUNT = 0.85
COMPOUNDING = ("de", "nl")


class _Index:
    """One language's titles: their stems, an inverted index, IDF weights and each occupation's words."""

    def __init__(self, titles: list[tuple[str, list[tuple[int, float]]]], compounds: bool) -> None:
        self.codes = [codes for _, codes in titles]
        stems = [frozenset(words(title, expand=False)) for title, _ in titles]
        self.vocabulary = frozenset(s for title in stems for s in title)
        self.heads: frozenset[str] = frozenset()
        if compounds:  # German and Dutch write "Lagermitarbeiter", "klantenservicemedewerker"
            endings: dict[str, int] = defaultdict(int)
            for word in self.vocabulary:
                for cut in range(_MIN_PART, len(word) - _MIN_HEAD + 1):
                    endings[word[cut:]] += 1
            self.heads = frozenset(e for e, n in endings.items() if n >= 3) | self.vocabulary
            stems = [title | frozenset(p for s in title for p in self.split(s)) for title in stems]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, title_stems in enumerate(stems):
            for s in title_stems:
                postings[s].append(i)
        self.postings = dict(postings)
        total = len(titles) or 1
        self.idf = {s: math.log(1 + total / len(ids)) for s, ids in postings.items()}
        self.weights = [sum(self.idf[s] for s in title_stems) or 1.0 for title_stems in stems]
        ordered = sorted(self.idf.values())
        self.typical_idf = ordered[len(ordered) // 2] if ordered else 1.0  # what an unknown word is taken to weigh
        self.by_prefix: dict[str, list[str]] = defaultdict(list)  # by the first 3 letters, and by the first 2
        for s in self.idf:
            self.by_prefix[s[:_MIN_PART]].append(s)
            self.by_prefix[s[:2]].append(s)
        bags: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for title_stems, codes in zip(stems, self.codes, strict=True):
            for occupation, weight in codes:
                for s in title_stems:
                    bags[occupation][s] += weight
        self.bags = {occupation: dict(bag) for occupation, bag in bags.items()}
        most: dict[str, float] = defaultdict(float)
        for bag in self.bags.values():
            for s, count in bag.items():
                most[s] = max(most[s], count)
        self.most = {s: math.log1p(count) for s, count in most.items()}

    def split(self, word: str) -> list[str]:
        """A compound's parts: its longest known ending, then the rest ("lagermitarbeiter" -> mitarbeiter, lager)."""
        if not self.heads or len(word) < _MIN_PART + _MIN_HEAD:
            return []
        for cut in range(_MIN_PART, len(word) - _MIN_HEAD + 1):
            head = word[cut:]
            if head in self.heads and head != word:
                modifier = word[:cut]
                modifier = modifier[:-1] if modifier.endswith("s") and modifier[:-1] in self.vocabulary else modifier
                return [head, modifier] if len(modifier) > _MIN_PART else [head]
        return []

    def neighbours(self, word: str) -> list[tuple[str, float]]:
        """Known stems for an unknown one: same beginning ("kelnerk" ~ "kelner") or close spelling."""
        if len(word) < _MIN_PART + 1:
            return []
        near = []
        for known in self.by_prefix.get(word[:_MIN_PART], ()):
            short, long_ = sorted((known, word), key=len)
            if len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3:
                near.append((known, 0.9))
        if not near and len(word) >= 5:
            found = process.extract(word, self.by_prefix.get(word[:2], []) or [], scorer=fuzz.ratio, limit=2)
            near = [(known, score / 100) for known, score, _ in found if score >= 85]
        return near[:2]


def _query(terms: TitleTerms, head: tuple[str, ...], index: _Index, loose: bool) -> tuple[dict[str, float], float]:
    """The query's known stems with their weights, and the weight of the head words nothing matched.

    `loose`: an unknown word may match a compound's parts or a word spelled alike (not for the English
    titles searched along with another language's, where a near-miss is a false friend: "lycée" ~ "lye").
    """
    query: dict[str, float] = {}
    unknown = 0.0
    for stems, weight in ((head, 1.0), (terms.qualifiers, QUALIFIER_WEIGHT)):
        for s in stems:
            found = [(s, 1.0)] if s in index.idf else []
            if not found and loose:
                parts = [(part, 0.9 if i == 0 else 0.6) for i, part in enumerate(index.split(s))]
                found = [(part, share) for part, share in parts if part in index.idf] or index.neighbours(s)
            if not found and weight == 1.0:
                unknown += index.typical_idf
            for known, share in found:
                query[known] = max(query.get(known, 0.0), weight * share)
    return query, unknown


def _title_scores(query: dict[str, float], index: _Index, unknown: float) -> dict[int, float]:
    """Title -> F(0.5) of the IDF-weighted shares of the title and of the query covered (the query's
    unknown head words count as uncovered)."""
    covered: dict[int, float] = defaultdict(float)
    weighted: dict[int, float] = defaultdict(float)
    total = sum(index.idf[s] * w for s, w in query.items()) + unknown or 1.0
    for s, w in query.items():
        idf = index.idf[s]
        for i in index.postings[s]:
            covered[i] += idf
            weighted[i] += idf * w
    scores = {}
    for i, common in covered.items():
        precision, recall = common / index.weights[i], weighted[i] / total
        scores[i] = (1.25 * precision * recall) / (0.25 * precision + recall)
    return scores


def _breadth(query: dict[str, float], index: _Index, occupation: int) -> float:
    """How much the occupation's titles, taken together, use the query's words, against the occupation
    whose titles use each word most (0-1)."""
    bag = index.bags.get(occupation, {})
    total = sum(index.idf[s] * w for s, w in query.items()) or 1.0
    return sum(index.idf[s] * w * math.log1p(bag.get(s, 0.0)) / index.most[s] for s, w in query.items()) / total


class Matcher:
    def __init__(self) -> None:
        data = _data()
        self.occupations = data.occupations
        self.indexes = {
            language: _Index(data.titles.get(language, []), language in COMPOUNDING) for language in LANGUAGES
        }
        self.own_titles = [frozenset(words(o.title, expand=False)) for o in data.occupations]
        # Residual "All Other" occupations (codes ending in 9) and those without tasks rank after a named one.
        self.prior = [0.97 if o.code[5] == "9" or not o.tasks else 1.0 for o in data.occupations]

    def _search(self, name: str, language: str, terms: TitleTerms, head: tuple[str, ...], best: dict, factor: float):
        """Score the occupations one language's titles name into `best` (keeping each one's highest)."""
        index = self.indexes[name]
        query, unknown = _query(terms, head, index, loose=name != "en" or language in ("", "en"))
        if not query:
            return
        titles: dict[int, float] = {}  # occupation -> its best title's score times the title's weight
        for i, score in _title_scores(query, index, unknown).items():
            for occupation, weight in index.codes[i]:
                if score * weight > titles.get(occupation, 0.0):
                    titles[occupation] = score * weight
        # How much an occupation's titles use the query's words is weighed for the best of them only; the
        # rest keep the part their best title earns (they rank far below).
        leading = set(sorted(titles, key=titles.__getitem__, reverse=True)[:BREADTH_FOR])
        for occupation, score in titles.items():
            breadth = _breadth(query, index, occupation) if occupation in leading else 0.0
            value = ((1 - BREADTH_WEIGHT) * score + BREADTH_WEIGHT * breadth) * factor
            best[occupation] = max(best.get(occupation, 0.0), value)

    def _scores(self, terms: TitleTerms, head: tuple[str, ...], language: str) -> dict[int, float]:
        best: dict[int, float] = {}
        if language not in self.indexes:
            for name in LANGUAGES:
                self._search(name, language, terms, head, best, 1.0)
        else:
            for name in dict.fromkeys((language, "en")):
                self._search(name, language, terms, head, best, 1.0)
            if max(best.values(), default=0.0) < 0.75:
                for name in SISTERS.get(language, ()):
                    self._search(name, language, terms, head, best, SISTER_DISCOUNT)
        exact = frozenset(head)
        return {o: s * self.prior[o] + 0.02 * (self.own_titles[o] == exact) for o, s in best.items()}

    def match(self, title: str, language: str = "") -> list[Candidate]:
        if not isinstance(title, str) or not title.strip():
            return []
        terms = title_terms(title)
        if not terms.head:
            return []
        language = (language or "").strip().lower()[:2]
        scores: dict[int, float] = {}
        for head in (terms.head, *terms.alternatives):
            for occupation, score in self._scores(terms, head, language).items():
                scores[occupation] = max(score, scores.get(occupation, 0.0))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.occupations[item[0]].code))
        return [
            Candidate(self.occupations[i].code, self.occupations[i].title, round(min(score, 1.0), 3))
            for i, score in ranked[:MAX_CANDIDATES]
            if score >= 0.2
        ]


matcher = built_once(Matcher)


def is_sure(candidates: list[Candidate]) -> bool:
    if not candidates or candidates[0].score < SURE_SCORE:
        return False
    return len(candidates) == 1 or candidates[0].score - candidates[1].score >= SURE_MARGIN
