"""Occupations: which O*NET occupation a job is, and what that occupation does.

The data layer is jd/occupation_data.py (jd/data/occupations.json.gz, built by scripts/build_occupations.py
from the sources in jd/data/SOURCES.md); title matching is jd/occupations_match.py and the task profiles used
by the relevance review jd/occupations_profile.py. Nothing is read at import: the first call loads the data,
or `warm_up_in_background()` does so on a thread, as jd/location.py's gazetteer is loaded.

    get("35-3023.01")                 -> Occupation (title, description, core/supplemental tasks, ...)
    match_title("Pharmacy Tech")      -> [Candidate(code, title, score), ...] best first, at most 5
    confidence(candidates)            -> "sure" | "ask"
    occupation_for(job)               -> the job's `occupation`, else its title's best match (or None)

ATTRIBUTION is the text the licences ask the app to show (page footer, README).
"""

from __future__ import annotations

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
    "confidence",
    "get",
    "is_code",
    "match_title",
    "occupation_for",
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
    code = getattr(job, "occupation", None)
    if code:
        return get(code)
    title = getattr(job, "title", None)
    if not title:
        return None
    language = getattr(getattr(job, "language", None), "value", "") or ""
    candidates = match_title(title, language)
    return get(candidates[0].code) if candidates else None


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
