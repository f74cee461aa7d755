"""Which occupation the job on the page is, and what the page suggests for it (no Gradio here).

The page shows the occupation under the job title and, when the title's match is unsure, asks "Which job is
this?". The recruiter's pick becomes the job's `occupation` (an O*NET-SOC code) and is remembered per title:
typing another title updates the suggestion, and a pick never gives way to a suggestion for the title it was
made for. The occupation's tasks and technologies are offered as suggested duties and skills, each added to
its box with one click; what is already in the box is not offered again.

    choose(title, language, pick)          -> Choice (the occupation in use, the candidates, why)
    kept_pick(picks, title, current)       -> the `occupation` the form keeps after a title change
    remember_pick(picks, title, code)      -> the picks with this title's pick recorded
    not_listed(suggested, listed, limit)   -> suggestions not yet in the box, at most `limit`
    added_duty(text, duty), added_skill(text, skill) -> the box's text with the suggestion added
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import job_fields, occupations
from .parsing import duties_from_edit

PICKED, SURE, ASK, NONE = "picked", "sure", "ask", "none"
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Choice:
    """The occupation the app uses for a title (None until the recruiter picks, when the match is unsure)."""

    state: str  # PICKED (the recruiter's), SURE (the title's clear match), ASK (unsure: pick one), NONE
    occupation: occupations.Occupation | None
    candidates: list[dict[str, Any]] = field(default_factory=list)  # {"code", "title", "score"}, best first
    best: dict[str, Any] | None = None  # the best candidate (shown as a guess while unsure)


def title_key(title: str | None) -> str:
    """A title as picks are remembered by: case and spacing do not make another title."""
    return " ".join((title or "").casefold().split())


def _language_code(language: Any) -> str:
    try:
        return str(job_fields.language(language).value) if language else ""
    except Exception:  # the form's own check reports a bad language; the match then searches every list
        return ""


def choose(title: str | None, language: Any = "", pick: str | None = None) -> Choice:
    """The occupation for a title: the recruiter's pick, else the title's match when it is sure."""
    matches = occupations.match_title(title or "", _language_code(language)) if title_key(title) else []
    found = [match.as_dict() for match in matches]
    best = found[0] if found else None
    chosen = occupations.get(pick) if pick and occupations.is_code(pick) else None
    if chosen is not None:
        if all(candidate["code"] != chosen.code for candidate in found):
            found = [{"code": chosen.code, "title": chosen.title, "score": None}, *found][:MAX_CANDIDATES]
        return Choice(PICKED, chosen, found, best)
    if not found:
        return Choice(NONE, None)
    if occupations.confidence(matches) == "sure":
        return Choice(SURE, occupations.get(found[0]["code"]), found, best)
    return Choice(ASK, None, found, best)


def kept_pick(picks: Mapping[str, str], title: str | None, current: str | None) -> str:
    """The `occupation` to keep once the title changed: this title's pick if the recruiter made one; nothing
    when the current one was picked for another title (the new title gets its own suggestion); else the
    current one (it came with a draft or the job, not from a pick)."""
    key = title_key(title)
    if key in picks:
        return picks[key]
    if current and current in picks.values():
        return ""
    return current or ""


def remember_pick(picks: Mapping[str, str] | None, title: str | None, code: str | None) -> dict[str, str]:
    """The picks with `code` recorded as this title's (an empty code forgets it)."""
    remembered = dict(picks or {})
    key = title_key(title)
    if code:
        remembered[key] = code
    else:
        remembered.pop(key, None)
    return remembered


def _same(text: str) -> str:
    return " ".join(text.casefold().replace(".", " ").split())


def not_listed(suggested: list[str], listed: list[str], limit: int) -> list[str]:
    """The suggestions not yet in the box (compared without case, spacing or full stops), at most `limit`."""
    present = {_same(item) for item in listed}
    return [item for item in suggested if _same(item) not in present][:limit]


def listed_duties(text: str | None) -> list[str]:
    return duties_from_edit(text or "")


def listed_skills(text: str | None) -> list[str]:
    items = job_fields.SKILL_SEPARATORS.split((text or "").replace("\r", "\n"))
    return [item.strip() for item in items if item.strip()]


def added_duty(text: str | None, duty: str) -> str:
    """The duties box with `duty` added as its last line (one "- " bullet a line, as the model's list is)."""
    current = (text or "").rstrip()
    if not_listed([duty], listed_duties(current), 1) == []:
        return text or ""
    return f"{current}\n- {duty}" if current else f"- {duty}"


def added_skill(text: str | None, skill: str) -> str:
    """The skills box with `skill` added at its end, after a comma (or on a new line when it lists by lines)."""
    current = (text or "").rstrip().rstrip(",;").rstrip()
    if not_listed([skill], listed_skills(current), 1) == []:
        return text or ""
    if not current:
        return skill
    return f"{current}\n{skill}" if "\n" in current and "," not in current else f"{current}, {skill}"
