"""An occupation's O*NET tasks for one role: which to show the model, and which a drafted duty covers.

O*NET lists an occupation's tasks in no order of importance, and some occupations have thirty, so the
prompt shows a few chosen for the role (`choose_tasks`): those sharing most (IDF-weighted) words with
the role's title, skills and nice-to-haves, then with the occupation's own description (its core),
short ones before long ones. A junior role is not shown managers' tasks ("Supervise ...", "Direct
...") - the prompt asks juniors to assist and learn.

`covered_tasks` says which tasks a list of duties already does (a duty as close to a task as the
relevance review's TASK_MATCH), so that tasks filling a short list never repeat a duty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .occupation_data import Occupation
from .occupations_profile import duty_terms, is_managerial, profile_index, stems

PROMPT_TASKS = 8  # tasks shown to the model for the role
MAX_TASK_WORDS = 30  # longer task statements are left out: the ad's duties are 8-20 words
DESCRIPTION_SHARE = 0.5  # how much a task's closeness to the occupation's description counts beside the role's words
SHORT_TASK = 6  # a task of fewer words ranks lower ...
SHORT_TASK_SHARE = 0.6  # ... its closeness counted this much
COVERED = 0.5  # cosine of a duty with a task at or above which the task is done by the duty (relevance's TASK_MATCH)
# Tasks that direct other people's work, left out for junior roles (their first word, O*NET's imperative).
MANAGERS_VERBS = frozenset(
    "supervise direct manage oversee lead hire recruit train evaluate appraise discipline delegate assign".split()
)


def _weights(text: str, idf: dict[str, float]) -> dict[str, float]:
    return {s: idf.get(s, 0.0) for s in set(stems(text))}


def _cosine(one: dict[str, float], other: dict[str, float]) -> float:
    dot = sum(w * other[s] for s, w in one.items() if s in other)
    norms = math.sqrt(sum(w * w for w in one.values()) * sum(w * w for w in other.values()))
    return dot / norms if norms else 0.0


def choose_tasks(occupation: Occupation, role_words: str, *, level: str = "", n: int = PROMPT_TASKS) -> list[str]:
    """Up to `n` of the occupation's tasks for the role: core before supplemental (as O*NET marks them),
    the closest to the role's own words (`role_words`: its title, skills...) and to the occupation's
    description first; tasks that direct others last, and none for a junior or intern `level` (unless
    the occupation itself supervises)."""
    idf = profile_index().unit_idf
    role = _weights(role_words, idf)
    core = _weights(occupation.description, idf)
    leads = is_managerial(occupation) or level in ("lead", "senior")
    junior = level in ("junior", "intern") and not is_managerial(occupation)
    supplemental = len(occupation.core_tasks)

    def rank(item: tuple[int, str]) -> tuple[bool, bool, float]:
        index, task = item
        words = _weights(task, idf)
        closeness = _cosine(words, role) + DESCRIPTION_SHARE * _cosine(words, core)
        if len(task.split()) < SHORT_TASK:
            closeness *= SHORT_TASK_SHARE  # "Take out garbage": true, but says little about the job
        directs = task.split()[0].lower() in MANAGERS_VERBS
        return index >= supplemental, directs and not leads, -closeness

    usable = [
        (index, task)
        for index, task in enumerate(occupation.tasks)
        if len(task.split()) <= MAX_TASK_WORDS and not (junior and task.split()[0].lower() in MANAGERS_VERBS)
    ]
    return [task for _, task in sorted(usable, key=rank)[: max(0, n)]]


def covered_tasks(occupation: Occupation, duties: Sequence[str]) -> set[int]:
    """The positions (in `occupation.tasks`) of the tasks the duties already do."""
    index = profile_index()
    position = index.position[occupation.code]
    covered: set[int] = set()
    for duty in duties:
        similarity = index.unit_similarity(duty_terms(duty), position)
        covered.update(i for i, value in enumerate(similarity) if value >= COVERED)
    return covered
