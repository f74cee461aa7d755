"""Job title -> occupation: a small lexical ranker over the title lists of jd/data/occupations.json.gz.

A title is folded (lower case, no accents), stripped of gender markers ("(m/w/d)", "(H/F)",
"*in"), abbreviations are expanded from `ABBREVIATIONS` ("RN" -> "registered nurse"), and words
that say nothing about the occupation (`IGNORED`: seniority, shift, contract, place words) are
dropped. Each word is cut to a crude stem so that plurals and gendered endings meet.

Every listed title sharing a word with the query is scored by the IDF-weighted share of its
words the query covers and of the query's words it covers; titles that share no word are
reached by rapidfuzz on the whole string (typos, compounds). An occupation's score is its best
title's score times the title's weight (1 for O*NET and ESCO titles; lower for titles that name
only an ISCO group).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import defaultdict

from rapidfuzz import fuzz, process

from .occupations import Candidate, _data

MAX_CANDIDATES = 5
SURE_SCORE = 0.8  # is_sure: the best candidate scores at least this ...
SURE_MARGIN = 0.08  # ... and leads the second by at least this
_FUZZY_BELOW = 0.75  # rapidfuzz is asked too when the lexical best is under this
LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt", "pl")

# Abbreviations recruiters type, expanded before matching (whole words, after folding).
ABBREVIATIONS = {
    "sr": "",
    "jr": "",
    "snr": "",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "lvn": "licensed vocational nurse",
    "cna": "nursing assistant",
    "np": "nurse practitioner",
    "crna": "nurse anesthetist",
    "med surg": "medical surgical",
    "icu": "intensive care",
    "er": "emergency",
    "cdl a": "tractor trailer truck",
    "cdl b": "truck",
    "cdl": "truck",
    "otr": "long haul",
    "tech": "technician",
    "techs": "technician",
    "mgr": "manager",
    "asst": "assistant",
    "admin": "administrative",
    "exec": "executive",
    "acct": "accountant",
    "cpa": "accountant",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "swe": "software engineer",
    "sde": "software developer",
    "devops": "devops engineer",
    "qa": "quality assurance",
    "hr": "human resources",
    "pm": "project manager",
    "csr": "customer service representative",
    "dba": "database administrator",
    "ux": "user experience designer",
    "ui": "user interface designer",
    "hvac": "heating air conditioning",
    "ma": "medical assistant",
    "cma": "medical assistant",
    "phlebotomist": "phlebotomist",
    "pharm": "pharmacy",
    "rep": "representative",
    "reps": "representative",
    "coord": "coordinator",
    "spec": "specialist",
    "ops": "operations",
    "dir": "director",
    "vp": "vice president",
    "cfo": "chief financial officer",
    "cto": "chief technology officer",
    "ceo": "chief executive",
    "it": "information technology",
    "emt": "emergency medical technician",
    "slp": "speech language pathologist",
    "ot": "occupational therapist",
    "dpt": "physical therapist",
    "bdr": "business development representative",
    "sdr": "sales development representative",
    "fe": "front end",
    "be": "back end",
}

# Words that do not decide the occupation: seniority, shift, contract, place and hiring words.
IGNORED = frozenset(
    """senior junior lead principal staff associate entry level mid i ii iii iv v 1 2 3 4 5 1st 2nd 3rd
    night nights day days evening evenings weekend weekends overnight overnights shift shifts swing rotating
    full part time ft pt prn per diem temp temporary contract contractor seasonal permanent fixed term
    remote hybrid onsite site office home based travel traveling travelling local
    urgent urgently hiring immediate immediately start now needed wanted new bonus sign on signon pay
    hour hourly week weekly year yearly k usd eur
    the a an of and or for to in at with on by from
    der die das und fur im in mit von zum zur bei
    le la les de du des et en au aux pour avec
    el los las del y con para por
    het een en van voor met bij
    il lo gli di della delle dei e con per
    o os as do da dos das e com para em
    i w z na do dla oraz
    teilzeit vollzeit befristet unbefristet nachtschicht
    cdi cdd temps partiel plein nuit jour
    jornada completa parcial tiempo indefinido noche
    deeltijd voltijd nacht
    tempo pieno parziale determinato indeterminato notte
    integral noturno
    etat pelny czas nocna""".split()
)

_GENDER_MARKERS = re.compile(
    r"\(\s*[a-z]{1,3}(?:\s*[/|,]\s*[a-z]{1,3}){1,3}\s*\)"  # (m/w/d) (H/F) (f/m/x) (k/m) (m/f)
    r"|\((?:all genders|alle geschlechter|gn\*?|w/m/d|m/w/x)\)"
    r"|\*in(?:nen)?\b|:in(?:nen)?\b|_in(?:nen)?\b|/-?in(?:nen)?\b|\(in\)|/-?frau\b"
    r"|/\s*(?:a|o|e|ka|x)\b"  # Spanish/Portuguese/Italian/Polish slash endings: camarero/a
)
_WORD = re.compile(r"[a-z0-9+#]+")


def fold(text: str) -> str:
    """Lower case without accents; "ß" -> "ss"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ł", "l").replace("Ł", "L"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _expand(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in ABBREVIATIONS and i + 1 < len(words):
            out.extend(ABBREVIATIONS[pair].split())
            i += 2
            continue
        out.extend(ABBREVIATIONS.get(words[i], words[i]).split())
        i += 1
    return out


def stem(word: str) -> str:
    """A crude stem shared by the eight languages: plural "s" and a final vowel go, German "-in"/"-innen" too."""
    if len(word) > 6 and word.endswith("innen"):
        word = word[:-5]
    elif len(word) > 5 and word.endswith(("erin", "eurin", "istin", "antin", "entin")):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word[-1] in "aeio":
        word = word[:-1]
    return word


def words(title: str, *, expand: bool = True) -> list[str]:
    """The stems that decide a title's occupation, in order."""
    text = _GENDER_MARKERS.sub(" ", fold(title))
    text = re.sub(r"\$\s*[\d.,]+\w*", " ", text)  # "$25/hr"
    tokens = _WORD.findall(text.replace("&", " and "))
    if expand:
        tokens = _expand(tokens)
    return [stem(t) for t in tokens if t not in IGNORED and not t.isdigit()]


class _Index:
    """One language's titles: their stems, an inverted index and IDF weights."""

    def __init__(self, titles: list[tuple[str, list[tuple[int, float]]]]) -> None:
        self.codes = [codes for _, codes in titles]
        stems = [frozenset(words(title, expand=False)) for title, _ in titles]
        self.strings = [" ".join(sorted(s)) for s in stems]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, title_stems in enumerate(stems):
            for s in title_stems:
                postings[s].append(i)
        self.postings = dict(postings)
        total = len(titles) or 1
        self.idf = {s: math.log(1 + total / len(ids)) for s, ids in postings.items()}
        self.unknown_idf = math.log(1 + total)
        self.weights = [sum(self.idf[s] for s in title_stems) or 1.0 for title_stems in stems]

    def lexical(self, query: frozenset[str]) -> dict[int, float]:
        """Title index -> F(0.5) of the IDF-weighted shares of the title and of the query covered."""
        shared: dict[int, float] = defaultdict(float)
        query_weight = 0.0
        for s in query:
            weight = self.idf.get(s, self.unknown_idf)
            query_weight += weight
            for i in self.postings.get(s, ()):
                shared[i] += weight
        scores = {}
        for i, common in shared.items():
            precision, recall = common / self.weights[i], common / query_weight
            scores[i] = (1.25 * precision * recall) / (0.25 * precision + recall)
        return scores

    def fuzzy(self, query: frozenset[str], limit: int = 10) -> dict[int, float]:
        """Titles close in spelling (typos, compounds, endings the stemmer misses)."""
        found = process.extract(" ".join(sorted(query)), self.strings, scorer=fuzz.ratio, limit=limit, score_cutoff=75)
        return {i: 0.9 * score / 100 for _, score, i in found}


class Matcher:
    def __init__(self) -> None:
        data = _data()
        self.occupations = data.occupations
        self.indexes = {language: _Index(data.titles.get(language, [])) for language in LANGUAGES}
        self.own_titles = [frozenset(words(o.title, expand=False)) for o in data.occupations]

    def _scores(self, query: frozenset[str], language: str) -> dict[int, float]:
        languages = [language, "en"] if language in self.indexes and language != "en" else ["en"]
        if not language:
            languages = list(LANGUAGES)
        best: dict[int, float] = {}
        support: dict[int, int] = defaultdict(int)
        for name in languages:
            index = self.indexes[name]
            scores = index.lexical(query)
            if not scores or max(scores.values()) < _FUZZY_BELOW:
                for i, score in index.fuzzy(query).items():
                    scores[i] = max(score, scores.get(i, 0.0))
            top = max(scores.values(), default=0.0)
            for i, score in scores.items():
                for occupation, weight in index.codes[i]:
                    value = score * weight
                    if value > best.get(occupation, 0.0):
                        best[occupation] = value
                    if value >= 0.95 * top:
                        support[occupation] += 1
        # Ties (a title several occupations share) go to the occupation whose own O*NET title it is,
        # then to the one named by more matching titles.
        return {
            o: min(1.0, s) + 0.03 * (self.own_titles[o] == query) + 0.004 * min(support[o], 5) for o, s in best.items()
        }

    def match(self, title: str, language: str = "") -> list[Candidate]:
        if not isinstance(title, str) or not title.strip():
            return []
        query = frozenset(words(title[:200]))
        if not query:
            return []
        language = (language or "").strip().lower()[:2]
        scores = self._scores(query, language)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.occupations[item[0]].code))
        return [
            Candidate(self.occupations[i].code, self.occupations[i].title, round(min(score, 1.0), 3))
            for i, score in ranked[:MAX_CANDIDATES]
            if score >= 0.2
        ]


_lock = threading.Lock()
_matchers: list[Matcher] = []


def matcher() -> Matcher:
    if not _matchers:
        with _lock:
            if not _matchers:
                _matchers.append(Matcher())
    return _matchers[0]


def is_sure(candidates: list[Candidate]) -> bool:
    if not candidates or candidates[0].score < SURE_SCORE:
        return False
    return len(candidates) == 1 or candidates[0].score - candidates[1].score >= SURE_MARGIN
