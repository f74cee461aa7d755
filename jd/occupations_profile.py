"""What each occupation's own words are, for judging whether a duty belongs to it (jd/review/relevance.py).

An occupation's profile is the bag of English stems (Snowball) of its O*NET title, description,
tasks, Detailed Work Activities, tools and technology skills and its English job titles. A duty is
scored against every profile at once (`ProfileIndex.scores`): the IDF-weighted share of the duty's
words the profile uses, each word's use saturating as it recurs. The duty's main clause counts in
full; a trailing phrase after a preposition ("... in the hospital kitchen") counts half, since it
says where or for whom rather than what.

`ProfileIndex.unit_similarity` compares a duty with single task statements (cosine of IDF-weighted
stems), to name the closest task. `ProfileIndex.doers_elsewhere` looks at the duty's action instead of
its words one by one: a verb of its main clause and a word it acts on, used together by one task statement
("write" and "code"), which no task of the occupation, of its SOC minor group or of its related occupations
uses together but tasks of several occupations of one other minor group do ("Write code for the restaurant's
online ordering system" for a waiter: Computer occupations, however much "restaurant" and "order" are the
waiter's words).
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations

import numpy as np
import snowballstemmer

from .occupation_data import Occupation, _data, all_occupations, built_once
from .occupations_text import fold

CONTEXT_WEIGHT = 0.5  # a word after the first preposition counts this much
TITLE_TERMS_WEIGHT = 1.0  # each English job title of the occupation, as if it were a task
TOOL_WEIGHT = 0.5  # a tool or technology the occupation uses
_STOP = frozenset(
    """a an the and or of to in on at by for from with into as such other their them they this that these those is
    are be being been was were will would can could may might must should do does did have has had having it its
    our your you we us i me my who whom which what when where while how all any each both few more most some no
    not only own same so than too very just also etc e g ie including include includes ensure make provide using
    use used per via within across upon over under about after before during through up down out off new well
    based help assist support keep work working role job""".split()
)
_WORD = re.compile(r"[a-z][a-z0-9+#]*")
_PREPOSITION = re.compile(r"\b(?:in|at|on|for|to|from|during|across|throughout|within|under|before|after|with)\b")
_EXAMPLES = re.compile(r"\b(?:such as|like|e\.g\.|including|for example|for instance)\b")
ACTION_DOERS = 4  # doers_elsewhere: at least this many occupations' tasks use two of the duty's words together,
ACTION_GROUP = 4  # at least this many of them in one SOC minor group that is not the occupation's or its relatives'
CLOSE_RELATIVES = 5  # O*NET lists related occupations closest first; the first five are its "Primary-Short" tier
RELATIVE_SHARE = 0.8  # a word two close relatives use counts this much as the occupation's own
_english = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    with _stem_lock:  # the Snowball stemmer object keeps state between calls
        return _english.stemWord(word)


def stems(text: str) -> list[str]:
    """English stems of the words that say what is done (stop words and one-letter words left out)."""
    return [_stem(w) for w in _WORD.findall(fold(text)) if w not in _STOP and len(w) > 1]


def duty_terms(duty: str) -> dict[str, float]:
    """The duty's stems with their weights: the main clause 1, what follows the first preposition less."""
    text = fold(duty)
    match = _PREPOSITION.search(text)
    main = stems(text[: match.start()]) if match else stems(text)
    if len(main) < 2:  # "Work with doctors ...": the preposition starts the substance
        return dict.fromkeys(stems(text), 1.0)
    terms = dict.fromkeys(main, 1.0)
    for s in stems(text[match.end() :]) if match else ():
        terms.setdefault(s, CONTEXT_WEIGHT)
    return terms


def examples_of(duty: str) -> dict[str, float]:
    """The stems of the examples a duty gives ("... specialty drinks, such as craft beer or wine"), or {}."""
    match = _EXAMPLES.search(fold(duty))
    return dict.fromkeys(stems(fold(duty)[match.end() :]), 1.0) if match else {}


def is_managerial(occupation: Occupation) -> bool:
    """Management occupations (SOC major group 11) and first-line supervisors."""
    return occupation.code.startswith("11-") or occupation.title.startswith("First-Line Supervisors")


class ProfileIndex:
    def __init__(self, occupations: list[Occupation], english_titles: dict[int, list[str]]) -> None:
        self.occupations = occupations
        self.position = {o.code: i for i, o in enumerate(occupations)}
        bags = [self._bag(o, english_titles.get(i, [])) for i, o in enumerate(occupations)]
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for s in bag:
                df[s] += 1
        total = len(occupations) or 1
        self.idf = {s: math.log(1 + total / n) for s, n in df.items()}
        self.unknown_idf = math.log(1 + total)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, bag in enumerate(bags):
            for s, count in bag.items():
                use = math.log1p(count)
                postings[s].append((i, use / (use + 1.0)))
        # Each stem's occupations and how much each uses it, as arrays: a duty is scored in a few numpy steps.
        self.postings = {
            s: (np.array([i for i, _ in found], dtype=np.int32), np.array([u for _, u in found]))
            for s, found in postings.items()
        }
        self.size = len(occupations)
        families: dict[str, list[int]] = defaultdict(list)
        for i, o in enumerate(occupations):
            families[o.code[:7]].append(i)
        self.families = dict(families)
        task_stems = [[frozenset(stems(t)) for t in o.tasks] for o in occupations]
        unit_df: dict[str, int] = defaultdict(int)
        for tasks in task_stems:
            for task in tasks:
                for s in task:
                    unit_df[s] += 1
        # Which task statements use each stem, and whose task each one is (for doers_elsewhere).
        self.task_owner = [i for i, tasks in enumerate(task_stems) for _ in tasks]
        first_words = (stems(task.split()[0]) for o in occupations for task in o.tasks if task.strip())
        self.task_verbs = frozenset(found[0] for found in first_words if found)  # "write", "develop", ...
        using: dict[str, set[int]] = defaultdict(set)
        for n, task in enumerate(task for tasks in task_stems for task in tasks):
            for s in task:
                using[s].add(n)
        self.tasks_using = {s: frozenset(found) for s, found in using.items()}
        units = sum(map(len, task_stems)) or 1
        self.unit_idf = {s: math.log(1 + units / n) for s, n in unit_df.items()}
        # Each task as its stems' squared IDF weights, with the norm, for cosines with a duty.
        self.tasks = [
            [
                ({s: self.unit_idf[s] ** 2 for s in task}, math.sqrt(sum(self.unit_idf[s] ** 2 for s in task)) or 1.0)
                for task in tasks
            ]
            for tasks in task_stems
        ]

    @staticmethod
    def _bag(o: Occupation, titles: list[str]) -> dict[str, float]:
        bag: dict[str, float] = defaultdict(float)
        parts = [(o.title, 2.0), (o.description, 1.0)]
        parts += [(text, 1.0) for text in (*o.tasks, *o.activities)]
        parts += [(text, TOOL_WEIGHT) for text in (*o.tools, *o.hot_technologies, *o.technology_skills)]
        parts += [(title, TITLE_TERMS_WEIGHT) for title in titles]
        for text, weight in parts:
            for s in set(stems(text)):
                bag[s] += weight
        return bag

    def family(self, code: str) -> list[int]:
        """The occupation and those sharing its O*NET-SOC detailed code ("35-3023.01" with "35-3023.00")."""
        return self.families.get(code[:7], [])

    def scores(self, terms: dict[str, float]) -> np.ndarray:
        """How fully each occupation's profile uses the duty's words (0-1, IDF-weighted), by position."""
        total = sum(self.idf.get(s, self.unknown_idf) * w for s, w in terms.items()) or 1.0
        found = np.zeros(self.size)
        for s, w in terms.items():
            if s in self.postings:
                ids, uses = self.postings[s]
                found[ids] += self.idf[s] * w / total * uses
        return found

    def own_score(self, terms: dict[str, float], family: list[int], relatives: list[int]) -> float:
        """How fully the occupation's own words - its family's, and those at least two of its close relatives
        share (discounted) - use the duty's words, on the scale of `scores`."""
        total = sum(self.idf.get(s, self.unknown_idf) * w for s, w in terms.items()) or 1.0
        found = 0.0
        for s, w in terms.items():
            if s not in self.postings:
                continue
            ids, uses = self.postings[s]
            use = np.zeros(self.size)
            use[ids] = uses
            own = float(use[family].max()) if family else 0.0
            shared = np.sort(use[relatives]) if len(relatives) > 1 else None
            neighbourhood = RELATIVE_SHARE * float(shared[-2]) if shared is not None else 0.0
            found += self.idf[s] * w * max(own, neighbourhood)
        return found / total

    def doers_elsewhere(self, terms: dict[str, float], code: str, related: list[int]) -> list[int]:
        """The occupations of one SOC minor group whose tasks do what the duty's main clause does (a verb and a
        word it acts on, together in one task statement), when no task of the occupation `code`, its family,
        its minor group or its `related` occupations does it and that group is none of theirs; else []."""
        main = [s for s, w in terms.items() if w == 1.0 and s in self.tasks_using]
        mine = {*self.family(code), *related}
        groups = {self.occupations[i].code[:4] for i in mine}  # "15-1": SOC minor group 15-1200
        found: list[int] = []
        for a, b in combinations(main, 2):
            if a not in self.task_verbs and b not in self.task_verbs:
                continue  # two nouns are a topic, not an action
            doers = {self.task_owner[n] for n in self.tasks_using[a] & self.tasks_using[b]}
            if doers & mine or any(self.occupations[i].code[:4] == code[:4] for i in doers):
                return []  # the occupation's own kind of work does this too
            if found or len(doers) < ACTION_DOERS:
                continue
            elsewhere = Counter(g for i in doers if (g := self.occupations[i].code[:4]) not in groups)
            group, count = max(elsewhere.items(), key=lambda item: item[1], default=("", 0))
            if count >= ACTION_GROUP:
                found = [i for i in doers if self.occupations[i].code[:4] == group]
        return found

    def unit_similarity(self, terms: dict[str, float], i: int) -> list[float]:
        """Cosine of the duty with each task of occupation `i` (IDF over all task statements)."""
        unknown = 10.0  # a word no task uses weighs like the rarest
        duty_norm = math.sqrt(sum((self.unit_idf.get(s, unknown) * w) ** 2 for s, w in terms.items())) or 1.0
        out = []
        for weights, norm in self.tasks[i]:
            dot = sum(weights[s] * w for s, w in terms.items() if s in weights)
            out.append(dot / (duty_norm * norm))
        return out


def _build() -> ProfileIndex:
    titles: dict[int, list[str]] = defaultdict(list)
    for title, codes in _data().titles.get("en", []):
        for i, weight in codes:
            if weight >= 0.95:  # the occupation's own, alternate and reported titles
                titles[i].append(title)
    return ProfileIndex(all_occupations(), titles)


# The index, built on first use (~3 s) or by jd.occupations.warm_up.
profile_index = built_once(_build)
