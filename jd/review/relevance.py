"""Relevance: does each duty belong to the job's occupation?

Every duty is scored against every occupation's profile (jd/occupations_profile.py: the O*NET tasks,
work activities, tools, technology and English job titles of each occupation). The occupation's own
score counts the words of its family (occupations sharing its O*NET-SOC detailed code: Baristas with
Fast Food and Counter Workers) and, discounted, the words at least two of its close relatives share
(greeting guests is shared by the barista's neighbours, beer only by the bartender's helpers).

A duty is on-role when it matches one of the occupation's tasks closely (`TASK_MATCH`), when no
occupation claims its words (`CLAIMED`: "Work as part of a friendly team" is everyone's), or when the
occupation's own score comes near the best other occupation's (`RATIO`) - unless
  * it is managers' work: most of its best fits manage or supervise and this occupation does not
    ("Oversee the company's day-to-day operations" for a staff accountant), or
  * its examples belong elsewhere ("serving specialty drinks, such as craft beer or wine" for a barista), or
  * its action is another kind of work's: a verb of its main clause and a word it acts on that no task of
    the occupation, of its SOC minor group or of an occupation O*NET relates to it uses together, but tasks
    of several occupations of one other minor group do, one of them among the duty's best fits ("Write code
    for the restaurant's online ordering system" for a waiter, "Develop software applications" for a medical
    assistant; jd.occupations_profile.ProfileIndex.doers_elsewhere), however many of its other words
    ("restaurant", "order") are the occupation's.
Otherwise it is flagged, naming the occupation it fits better when one clearly claims it.

Each finding names the occupation's closest task: the task sharing most of the duty's words, else the
task doing the O*NET work activity of the task the duty fits best elsewhere (craft beer -> Bartenders'
"Serve wine, and bottled or draft beer" -> "Serve food or beverages" -> the barista's "Prepare or serve
hot or cold beverages ..."), else the first core task.

    check_relevance(occupation, duties) -> [{"duty", "on_role", "closest_task", "score", "fits"}]
    is_on_role(occupation, duty)        -> bool        (for the writing path: keep or drop a draft duty)
    core_tasks(occupation, n)           -> [task]      (to fill a short list)

`score` is the occupation's own score over the best one's (1: no occupation uses the duty's words more).
Thresholds were set on the dev half of bench/occupation_duties.json; the bench measures the held-out
half (precision and recall of the flags, time per ad).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import say
from ..occupations import Occupation, occupation_of
from ..occupations_profile import (
    CLOSE_RELATIVES,
    ProfileIndex,
    duty_terms,
    examples_of,
    is_managerial,
    profile_index,
)

RATIO = 0.4  # the occupation's score / the best occupation's score at or above which a duty is on-role
TASK_MATCH = 0.5  # cosine with one of the occupation's tasks at or above which a duty is on-role
CLAIMED = 0.2  # below this best score, no occupation claims the duty's words: it cannot be another job's
CLOSEST = 0.1  # cosine a task needs to be named closest by shared words
RANKED = 20  # the other occupations kept, best first, for the checks below
NAME_FIT = 0.3  # a better fit is named only when it claims the duty's words at least this much
FIT_TASK_SHARE = 0.5  # naming the better fit: its closest task's cosine counts this much beside its score
FITS_AMONG = 15  # the occupations (best scores first) searched for the task a flagged duty fits best
LEVEL_OF_5 = 3  # a duty whose five best fits include this many managerial occupations (the occupation
LEVEL_CLAIM = 0.3  # not being one) and whose best score is at least LEVEL_CLAIM belongs to managers, unless
LEVEL_RATIO = 0.8  # the occupation's own score is this close to the best
MANAGER_LEADS = 0.6  # so does a duty a managerial occupation fits best with at least this score
LANGUAGES = ("", "en")  # O*NET's tasks are English; duties in other languages are not judged


def task_index() -> ProfileIndex:
    """The index relevance uses (built once; jd.occupations.warm_up builds it ahead of time)."""
    return profile_index()


def _task_fits(index: ProfileIndex, terms: dict[str, float], candidates: list[int]) -> list[tuple[float, int, int]]:
    """(cosine, occupation, task) of each candidate occupation's task closest to the duty, best first."""
    found = []
    for i in candidates:
        similarity = index.unit_similarity(terms, i)
        if similarity and max(similarity) > 0:
            found.append((max(similarity), i, similarity.index(max(similarity))))
    return sorted(found, reverse=True)


def _closest(index: ProfileIndex, occupation: Occupation, terms: dict[str, float], fits: list) -> tuple[str, float]:
    """The occupation's task closest to the duty: by shared words, else the one doing a work activity that the
    task of another occupation the duty fits does, else the first core task. With its cosine."""
    similarity = index.unit_similarity(terms, index.position[occupation.code])
    if not similarity:
        return "", 0.0
    best = similarity.index(max(similarity))
    if similarity[best] >= CLOSEST:
        return occupation.tasks[best], similarity[best]
    doing: dict[str, int] = {}
    for n, links in enumerate(occupation.task_activities):  # O*NET lists the most important tasks first
        for activity in links:
            doing.setdefault(activity, n)
    for _, other, task in fits:
        for activity in index.occupations[other].task_activities[task]:
            if activity in doing:
                return occupation.tasks[doing[activity]], similarity[doing[activity]]
    return occupation.tasks[0], similarity[0]


def _assess(
    index: ProfileIndex, occupation: Occupation, terms: dict[str, float]
) -> tuple[float, float, list[int], Any]:
    """(own score / best score, best score, other occupations best first, every occupation's score)."""
    family = index.family(occupation.code)
    relatives = [index.position[c] for c in occupation.related[:CLOSE_RELATIVES] if c in index.position]
    scores = index.scores(terms)
    scores[family] = 0.0
    best = np.argpartition(-scores, RANKED)[:RANKED]
    ranked = [int(i) for i in best[np.argsort(-scores[best])] if scores[i] > 0]
    mine = index.own_score(terms, family, relatives)
    top = max(mine, float(scores[ranked[0]]) if ranked else 0.0)
    return (mine / top if top else 1.0), top, ranked, scores


def _managers_fit_better(index: ProfileIndex, occupation: Occupation, ratio: float, top: float, ranked: list[int]):
    """The managerial occupations (best first) a duty fits when most of its best fits manage or supervise and
    this occupation does not ("Oversee the company's day-to-day operations" for a staff accountant); else []."""
    if is_managerial(occupation) or top < LEVEL_CLAIM or ratio >= LEVEL_RATIO:
        return []
    managers = [i for i in ranked[:5] if is_managerial(index.occupations[i])]
    if len(managers) >= LEVEL_OF_5 or (managers and managers[0] == ranked[0] and top >= MANAGER_LEADS):
        return managers
    return []


def judge(occupation: Occupation, duty: str) -> dict:
    """One duty's finding: {duty, on_role, closest_task, score, fits}."""
    index = task_index()
    terms = duty_terms(duty)
    ratio, top, ranked, scores = _assess(index, occupation, terms)
    own = index.unit_similarity(terms, index.position[occupation.code])
    task_score = max(own, default=0.0)
    on_role = task_score >= TASK_MATCH or top < CLAIMED or ratio >= RATIO
    candidates: list[int] = []  # the occupations the duty fits better, when it is another job's
    if on_role and task_score < TASK_MATCH:
        candidates = _managers_fit_better(index, occupation, ratio, top, ranked)
        examples = examples_of(duty)
        if not candidates and examples:  # "... such as craft beer or wine": the examples say what it is about
            example_ratio, example_top, example_ranked, scores = _assess(index, occupation, examples)
            if example_top >= CLAIMED and example_ratio < RATIO:
                candidates = example_ranked
        if not candidates:  # "Write code for the restaurant's ordering system": what it does is another job's
            related = [index.position[c] for c in occupation.related if c in index.position]
            doers = set(index.doers_elsewhere(terms, occupation.code, related))
            candidates = [i for i in ranked if i in doers]  # and the duty's words fit them best too
        on_role = not candidates
    elif not on_role:
        candidates = ranked
    fits = _task_fits(index, terms, candidates[:FITS_AMONG]) if candidates or task_score < CLOSEST else []
    if task_score < CLOSEST and not fits:
        fits = _task_fits(index, terms, ranked[:FITS_AMONG])
    closest, _ = _closest(index, occupation, terms, fits)
    # The occupation named: the one whose words and closest task together fit the duty best.
    fit_of = {other: similarity for similarity, other, _ in fits}
    leader = max(candidates[:FITS_AMONG], key=lambda i: scores[i] + FIT_TASK_SHARE * fit_of.get(i, 0.0), default=None)
    return {
        "duty": duty,
        "on_role": on_role,
        "closest_task": closest,
        "score": round(min(1.0, ratio), 3),
        "fits": index.occupations[leader].title if leader is not None and scores[leader] >= NAME_FIT else None,
    }


def check_relevance(occupation: Occupation | None, duties: list[str]) -> list[dict]:
    """A finding per duty (see `judge`); [] when the occupation is unknown."""
    if occupation is None:
        return []
    return [judge(occupation, duty) for duty in duties if isinstance(duty, str) and duty.strip()]


def is_on_role(occupation: Occupation, duty: str) -> bool:
    """Whether a drafted duty belongs to the occupation (the writing path drops it when not)."""
    return bool(judge(occupation, duty)["on_role"])


def claimed(occupation: Occupation, duty: str) -> bool:
    """Whether some occupation claims the duty's words (its best score reaches CLAIMED); "Work as part of a
    friendly team" is nobody's, so it cannot be another job's."""
    _, top, _, _ = _assess(task_index(), occupation, duty_terms(duty))
    return top >= CLAIMED


def core_tasks(occupation: Occupation, n: int = 10) -> list[str]:
    """The occupation's first `n` core tasks (O*NET lists them most important first), then supplemental."""
    return list(occupation.tasks[: max(0, n)])


def message(finding: dict, occupation: Occupation) -> str:
    """ "'Master the art of craft beer' matches no task of Baristas; closest: 'Prepare or serve ...'"."""
    closest = finding["closest_task"]
    short = closest if len(closest) <= 140 else closest[:137].rstrip() + "..."
    if finding.get("fits"):
        return say(
            "'{duty}' fits {fits} better than {occupation}; closest task: '{task}'",
            duty=finding["duty"],
            fits=finding["fits"],
            occupation=occupation.title,
            task=short,
        )
    return say(
        "'{duty}' matches no task of {occupation}; closest: '{task}'",
        duty=finding["duty"],
        occupation=occupation.title,
        task=short,
    )


def relevance_findings(job, duties: list[str]) -> list[dict]:
    """review()'s `relevance`: findings for the job's occupation, else its title's sure match; [] otherwise
    (also [] for an ad not written in English, whose duties O*NET's English tasks cannot judge)."""
    if job is None or not duties:
        return []
    language = getattr(getattr(job, "language", None), "value", "") or ""
    if language not in LANGUAGES:
        return []
    occupation = occupation_of(job)
    if occupation is None:
        return []
    return [
        {**f, "message": "" if f["on_role"] else message(f, occupation)} for f in check_relevance(occupation, duties)
    ]
