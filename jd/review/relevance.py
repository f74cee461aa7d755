"""Relevance: does each duty belong to the job's occupation?

Each duty is compared with every O*NET task statement by an IDF-weighted cosine of their word
stems (jd.occupations_match.words, English stop words left out). A duty is on-role when it is
close enough (`ON_ROLE`) to a task of the occupation or of one O*NET lists as related (a barista
who "takes orders at the register" does a cashier's task too). Otherwise it is flagged, with
the occupation's closest task, and - when it fits a task elsewhere - the occupation it fits.

    check_relevance(occupation, duties) -> [{"duty", "on_role", "closest_task", "score", ...}]
    is_on_role(occupation, duty)        -> bool        (for the writing path: keep or drop a draft duty)
    core_tasks(occupation, n)           -> [task]      (to fill a short list)

Thresholds were set on the labelled examples in tests/test_review_relevance.py (on-role duties
in many styles, off-role duties from other jobs): see bench/bench_occupations.py for timing.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from dataclasses import dataclass

from ..occupations import Occupation, all_occupations, confidence, get, match_title
from ..occupations_text import words

ON_ROLE = 0.2  # cosine at or above which a duty matches a task
NEAR = 0.1  # a duty this close to the occupation's own tasks may match a related occupation's task
BETTER = 0.15  # a task elsewhere this much closer than the occupation's own: the duty belongs there
COVERED = 0.6  # share (IDF-weighted) of the duty's words found in the occupation's own texts
_STOP = frozenset(
    """such as or and the a an to of for in on with by from at into other as be their them they this that
    using use used all any may including include includes e g etc ensure make provide""".split()
)


def _stems(text: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for stem in words(text, expand=False):
        if stem not in _STOP and len(stem) > 1:
            counts[stem] += 1
    return counts


@dataclass(frozen=True)
class _Task:
    occupation: int
    text: str
    stems: frozenset[str]
    norm: float


class _TaskIndex:
    def __init__(self, occupations: list[Occupation]) -> None:
        self.occupations = occupations
        self.position = {o.code: i for i, o in enumerate(occupations)}
        texts = [(i, task) for i, o in enumerate(occupations) for task in o.tasks]
        bags = [frozenset(_stems(task)) for _, task in texts]
        df: dict[str, int] = defaultdict(int)
        for bag in bags:
            for stem in bag:
                df[stem] += 1
        total = len(bags) or 1
        self.idf = {stem: math.log(1 + total / n) for stem, n in df.items()}
        self.unknown_idf = math.log(1 + total)
        self.tasks = [
            _Task(i, text, bag, math.sqrt(sum(self.idf[s] ** 2 for s in bag)) or 1.0)
            for (i, text), bag in zip(texts, bags, strict=False)
        ]
        postings: dict[str, list[int]] = defaultdict(list)
        for t, task in enumerate(self.tasks):
            for stem in task.stems:
                postings[stem].append(t)
        self.postings = dict(postings)
        self.vocabulary: list[frozenset[str]] = [
            frozenset(_stems(" ".join((o.title, o.description, *o.tasks)))) for o in occupations
        ]

    def coverage(self, duty: str, occupation: int) -> float:
        """IDF-weighted share of the duty's words that the occupation's title, description or tasks use."""
        bag = frozenset(_stems(duty))
        total = sum(self.idf.get(s, self.unknown_idf) for s in bag)
        found = sum(self.idf.get(s, self.unknown_idf) for s in bag & self.vocabulary[occupation])
        return found / total if total else 1.0

    def similarities(self, duty: str) -> dict[int, float]:
        """Task index -> cosine with the duty (tasks sharing no stem are left out)."""
        bag = frozenset(_stems(duty))
        norm = math.sqrt(sum(self.idf.get(s, self.unknown_idf) ** 2 for s in bag)) or 1.0
        dot: dict[int, float] = defaultdict(float)
        for stem in bag:
            weight = self.idf.get(stem)
            if weight is None:
                continue
            for t in self.postings[stem]:
                dot[t] += weight * weight
        return {t: value / (norm * self.tasks[t].norm) for t, value in dot.items()}


_lock = threading.Lock()
_indexes: list[_TaskIndex] = []


def task_index() -> _TaskIndex:
    if not _indexes:
        with _lock:
            if not _indexes:
                _indexes.append(_TaskIndex(all_occupations()))
    return _indexes[0]


def _family(index: _TaskIndex, occupation: Occupation) -> set[int]:
    """The occupation, those O*NET lists as related, and those in its SOC broad group ("35-3023")."""
    family = {index.position[occupation.code]}
    family.update(index.position[c] for c in occupation.related if c in index.position)
    family.update(i for i, o in enumerate(index.occupations) if o.code[:7] == occupation.code[:7])
    return family


def _verdict(own: float, family: float, family_other: float, elsewhere: float, covered: float) -> bool:
    """On-role? `family`: best of related occupations; `family_other`: best outside the family."""
    if own >= ON_ROLE:
        return True
    better_elsewhere = elsewhere >= max(ON_ROLE, own + BETTER)
    if covered >= COVERED and not better_elsewhere:
        return True
    return family >= ON_ROLE and own >= NEAR and family_other < max(ON_ROLE, own + BETTER)


def judge(occupation: Occupation, duty: str) -> dict:
    """One duty's finding: {duty, on_role, closest_task, score, fits}."""
    index = task_index()
    own = index.position[occupation.code]
    family = _family(index, occupation)
    own_best, closest, family_best, outside_best, elsewhere_best, other = 0.0, "", 0.0, 0.0, 0.0, -1
    for t, sim in index.similarities(duty).items():
        task = index.tasks[t]
        if task.occupation == own:
            if sim > own_best:
                own_best, closest = sim, task.text
            continue
        if task.occupation in family:
            family_best = max(family_best, sim)
        else:
            outside_best = max(outside_best, sim)
        if sim > elsewhere_best:
            elsewhere_best, other = sim, task.occupation
    if not closest:  # no shared word: show the occupation's first core task
        closest = occupation.tasks[0] if occupation.tasks else ""
    covered = index.coverage(duty, own)
    on_role = _verdict(own_best, family_best, outside_best, elsewhere_best, covered)
    fits = index.occupations[other].title if not on_role and elsewhere_best >= max(ON_ROLE, own_best + BETTER) else None
    return {
        "duty": duty,
        "on_role": on_role,
        "closest_task": closest,
        "score": round(min(own_best, 1.0), 3),
        "fits": fits,
    }


def check_relevance(occupation: Occupation | None, duties: list[str]) -> list[dict]:
    """A finding per duty (see `judge`); [] when the occupation is unknown."""
    if occupation is None:
        return []
    return [judge(occupation, duty) for duty in duties if isinstance(duty, str) and duty.strip()]


def is_on_role(occupation: Occupation, duty: str) -> bool:
    """Whether a drafted duty belongs to the occupation (the writing path drops it when not)."""
    return bool(judge(occupation, duty)["on_role"])


def core_tasks(occupation: Occupation, n: int = 10) -> list[str]:
    """The occupation's first `n` core tasks (O*NET lists them most important first), then supplemental."""
    return list(occupation.tasks[: max(0, n)])


def message(finding: dict, occupation: Occupation) -> str:
    """ "'Master the art of craft beer' matches no task of Baristas; closest: 'Prepare or serve ...'"."""
    closest = finding["closest_task"]
    short = closest if len(closest) <= 90 else closest[:87].rstrip() + "..."
    if finding.get("fits"):
        return f"'{finding['duty']}' fits {finding['fits']} better than {occupation.title}; closest task: '{short}'"
    return f"'{finding['duty']}' matches no task of {occupation.title}; closest: '{short}'"


def relevance_findings(job, duties: list[str]) -> list[dict]:
    """review()'s `relevance`: findings for the job's occupation, else its title's sure match; [] otherwise."""
    if job is None or not duties:
        return []
    occupation = get(job.occupation) if getattr(job, "occupation", None) else None
    if occupation is None:
        language = getattr(getattr(job, "language", None), "value", "") or ""
        candidates = match_title(job.title, language)
        if confidence(candidates) != "sure":
            return []
        occupation = get(candidates[0].code)
    if occupation is None:
        return []
    return [
        {**f, "message": "" if f["on_role"] else message(f, occupation)} for f in check_relevance(occupation, duties)
    ]
