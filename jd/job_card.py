"""The facts a model is shown about a job (its "card"), and how user text is cleaned before it is.

Every card is data between <job> and </job> in the prompt (jd/prompts.py). User text is cleaned
here so that it can never close that block, forge a chat role or reach the system message; years
of experience become a level (junior, mid-level, senior...), so the model never sees a number to
repeat. Pay, benefits and the company blurb are never on the card: a model that never sees them
cannot restate (or garble) them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .spec import TONES, Tone

DEFAULT_TONE = Tone.PROFESSIONAL.value
DEFAULT_LANGUAGE = "English"

_FIELD_LIMIT = 120
MAX_CARD_SKILLS = 12
SKILL_LIMIT = 60

# Chat-template and prompt-format markers of common model families. Angle
# brackets are removed afterwards anyway; these patterns also catch the
# bracket-free forms ("[INST]", "### System:", "system:" at the start).
_ROLE_MARKERS = re.compile(
    r"<\|[^|>]{0,40}\|>"  # ChatML / Llama-3 / Phi: <|im_start|>, <|system|>, <|eot_id|>
    r"|</?\s*(?:job|s|system|user|assistant|sys)\s*>"  # our delimiters and similar tags
    r"|<<\s*/?\s*SYS\s*>>"  # Llama-2 system block
    r"|\[\s*/?\s*INST\s*\]"  # Llama-2 / Mistral instruction tags
    r"|#{2,}\s*(?:system|user|assistant|instruction|response|input)\s*:?"  # Alpaca style
    r"|\b(?:im_start|im_end|endoftext|eot_id|start_header_id|end_header_id)\b",
    re.IGNORECASE,
)
_LEADING_ROLE = re.compile(r"^\s*(?:system|user|assistant)\s*:\s*", re.IGNORECASE)


def clean_field(value: Any, limit: int = _FIELD_LIMIT) -> str:
    """One line of plain text that cannot break out of the <job> block."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(getattr(value, "value", value)))
    # Control and format characters (newlines, bidi overrides, zero-width) would
    # let a field forge new card lines or hide text from the person reviewing it.
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    previous = None
    while previous != text:  # removing one marker may join the halves of another
        previous = text
        text = _ROLE_MARKERS.sub(" ", text)
        text = _LEADING_ROLE.sub("", text)
    text = text.replace("<", " ").replace(">", " ")
    text = re.sub(r"\s+", " ", text).strip(" :-")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return text


def _enum_text(value: Any) -> str:
    return clean_field(getattr(value, "value", value), 40)


def tone_of(job: Any) -> str:
    tone = str(getattr(getattr(job, "tone", None), "value", getattr(job, "tone", None)) or "").strip().lower()
    return tone if tone in TONES else DEFAULT_TONE


def language_of(job: Any) -> str:
    """The output language's English name ("German"): the spec has already validated it."""
    language = getattr(job, "language", None)
    name = getattr(language, "english_name", None)
    return name if isinstance(name, str) and name else DEFAULT_LANGUAGE


_LEVEL_WORDS = (
    ("intern", ("intern", "internship", "placement", "work experience")),
    ("junior", ("junior", "jr", "entry", "graduate", "trainee", "apprentice", "assistant", "associate")),
    ("lead", ("lead", "principal", "head", "chief", "director", "manager", "supervisor")),
    ("senior", ("senior", "sr", "expert", "experienced")),
    ("mid-level", ("mid", "intermediate", "mid-level")),
)


def _level_from_words(text: str) -> str:
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", text.lower()))
    for level, keys in _LEVEL_WORDS:
        if any((" " in key and key in text.lower()) or key in words for key in keys):
            return level
    return ""


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*\+?\s*(months?|mos?\b|weeks?)?", re.IGNORECASE)


def _level_from_years(text: str) -> str:
    # "6 months" is half a year, not six years.
    numbers = [
        float(n) / (12 if unit.lower().startswith("mo") else 52 if unit else 1) for n, unit in _DURATION.findall(text)
    ]
    if not numbers:
        return ""
    years = min(numbers)
    if years < 2:
        return "junior"
    if years < 5:
        return "mid-level"
    return "senior"


def seniority_of(job: Any) -> str:
    """The role's level as one word; years become a level so the model never sees them."""
    experience = getattr(job, "experience", None)
    experience_text = str(getattr(experience, "value", experience) or "")
    for level in (
        _level_from_words(experience_text),
        _level_from_years(experience_text),
        _level_from_words(str(getattr(job, "title", "") or "")),
    ):
        if level:
            return level
    return ""


def skills_of(job: Any) -> list[str]:
    skills = getattr(job, "skills", None) or ()
    if isinstance(skills, str):
        skills = skills.split(",")
    cleaned: list[str] = []
    for skill in skills:
        text = clean_field(skill, SKILL_LIMIT)
        if text and text.lower() not in (s.lower() for s in cleaned):
            cleaned.append(text)
    return cleaned[:MAX_CARD_SKILLS]


def job_card(job: Any) -> dict[str, str]:
    """The facts the model may use, already cleaned; nothing about pay, benefits or the company blurb."""
    return {
        "Title": clean_field(getattr(job, "title", None)),
        "Seniority": seniority_of(job),
        "Skills": ", ".join(skills_of(job)),
        "Job type": _enum_text(getattr(job, "job_type", None)),
        "Work mode": _enum_text(getattr(job, "work_mode", None)),
    }
