"""Occupations: which O*NET occupation a job is, and what that occupation does.

The data layer is jd/occupation_data.py (jd/data/occupations.json.gz, built by scripts/build_occupations.py
from the sources in jd/data/SOURCES.md); title matching is jd/occupations_match.py and the task profiles used
by the relevance review jd/occupations_profile.py. Nothing is read at import: the first call loads the data,
or `warm_up_in_background()` does so on a thread, as jd/location.py's gazetteer is loaded.

    get("35-3023.01")                 -> Occupation (title, description, core/supplemental tasks, ...)
    match_title("Pharmacy Tech")      -> [Candidate(code, title, score), ...] best first, at most 5
    confidence(candidates)            -> "sure" | "ask"
    occupation_for(job)               -> the job's `occupation`, else its title's best match (or None)
    occupation_of(job)                -> the job's `occupation`, else its title's match when sure (or None):
                                         the occupation the app writes, reviews and labels the ad for
    candidates(title, language)       -> [{"code", "title", "score"}, ...] (the public endpoint's answer)
    suggestions(code)                 -> the tasks, hot technologies and job zone the page suggests
    purpose(occupation)               -> what the role is for, from O*NET's description, or None

ATTRIBUTION is the text the licences ask the app to show (page footer, README).
"""

from __future__ import annotations

import re
import threading
from typing import Any

from .occupation_data import (
    ATTRIBUTION,
    DATA_FILE,
    ONET_RELEASE,
    Candidate,
    JobZone,
    Occupation,
    all_occupations,
    get,
    is_code,
)
from .occupations_match import is_sure, matcher
from .occupations_profile import profile_index

__all__ = [
    "ATTRIBUTION",
    "DATA_FILE",
    "ONET_RELEASE",
    "Candidate",
    "JobZone",
    "Occupation",
    "all_occupations",
    "candidates",
    "confidence",
    "get",
    "is_code",
    "match_title",
    "occupation_for",
    "occupation_of",
    "purpose",
    "suggestions",
    "warm_up",
    "warm_up_in_background",
]


def match_title(title: str, language: str = "") -> list[Candidate]:
    """Occupations a job title names, best first, at most 5 (empty when nothing fits).

    `language` ("de", "fr", ...; "" for any) says which title lists to search besides English.
    Seniority, shift, location, contract words and gender markers do not decide the match.
    """
    return matcher().match(title, language)


def confidence(candidates: list[Candidate]) -> str:
    """ "sure" when the best candidate is a clear, strong match; else "ask" (let the recruiter pick)."""
    return "sure" if is_sure(candidates) else "ask"


def occupation_for(job: Any) -> Occupation | None:
    """The job's chosen occupation, else the best match for its title (None when none fits)."""
    return _chosen_or_matched(job, sure_only=False)


def occupation_of(job: Any) -> Occupation | None:
    """The occupation the app drafts, reviews and labels the job for: its chosen `occupation`, else its
    title's best match when that match is sure; None otherwise (the page then asks which job it is)."""
    return _chosen_or_matched(job, sure_only=True)


def _chosen_or_matched(job: Any, sure_only: bool) -> Occupation | None:
    code = getattr(job, "occupation", None)
    if code:
        return get(code)
    title = getattr(job, "title", None)
    if not title:
        return None
    found = match_title(title, getattr(getattr(job, "language", None), "value", "") or "")
    if not found or (sure_only and confidence(found) != "sure"):
        return None
    return get(found[0].code)


def candidates(title: str, language: str = "") -> list[dict[str, Any]]:
    """The occupations a title names as `{"code", "title", "score"}`, best first, at most 5."""
    return [candidate.as_dict() for candidate in match_title(title, language)]


SUGGESTED_SKILLS = 12  # hot technologies first, then the others


def suggestions(occupation: Occupation) -> dict[str, Any]:
    """What the page offers for an occupation, in O*NET's English: its tasks as suggested duties (core
    first), its technologies as suggested skills (O*NET's "hot" ones first) and its job zone's typical
    education, experience and training as a hint (never written into the ad unasked)."""
    zone = occupation.job_zone
    skills = list(dict.fromkeys((*occupation.hot_technologies, *occupation.technology_skills)))
    return {
        "code": occupation.code,
        "title": occupation.title,
        "language": "en",
        "duties": [as_duty(task) for task in occupation.tasks],
        "skills": skills[:SUGGESTED_SKILLS],
        "job_zone": None if zone is None else zone.__dict__.copy(),
    }


def as_duty(task: str) -> str:
    """An O*NET task statement as the ad lists a duty: the same imperative sentence, without its full stop."""
    return " ".join(task.split()).rstrip(".").strip()


def purpose(occupation: Occupation | None) -> str | None:
    """What the role is for, in O*NET's words: the description's first sentence as a clause that follows
    "you will" ("prepare or serve specialty coffee or other beverages"), or None when it does not start with
    a verb O*NET's own tasks start with ("All other ..." occupations, "Includes ...")."""
    if occupation is None or not occupation.description:
        return None
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", occupation.description.strip(), maxsplit=1)[0].rstrip(".").strip()
    words = [word.lower().strip(",") for word in first.split()]
    verbs = _task_verbs()
    starts_with_verb = bool(words) and (
        words[0] in verbs or (len(words) > 1 and words[0].endswith("ly") and words[1] in verbs)  # "Directly supervise"
    )
    if not starts_with_verb or not 3 <= len(words) <= 40:
        return None
    return first[0].lower() + first[1:] if first[1:2].islower() else first


def _task_verbs() -> frozenset[str]:
    """The first words of every O*NET task statement: the imperative verbs O*NET writes tasks with."""
    if not _verbs:
        _verbs.append(frozenset(t.split()[0].lower().strip(",") for o in all_occupations() for t in o.tasks if t))
    return _verbs[0]


_verbs: list[frozenset[str]] = []


def warm_up() -> None:
    """Load the data and build the title and task indexes now (~1 s), so that the first call is fast."""
    matcher()
    profile_index()


_warming: list[threading.Thread] = []
_start_lock = threading.Lock()


def warm_up_in_background() -> None:
    """Start `warm_up` on a daemon thread, once; returns at once."""
    with _start_lock:
        if _warming:
            return
        thread = threading.Thread(target=warm_up, daemon=True, name="jd-occupations")
        _warming.append(thread)
    thread.start()
