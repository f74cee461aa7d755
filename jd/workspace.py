"""One job, one state: which of the page's parts still belong to the job in the form (no Gradio).

A visitor's *work* is the form, the "About the role" summary and the responsibilities. Everything made
from it - the duties the model wrote, the composed summary, the ad, its review and its downloads - belongs
to the work it was made from. The page keeps a digest of that work next to each result and asks here:

- `unsaved(work, kept, blank)`: would switching to another job (an example, an opened draft, New job) lose
  work that is neither blank nor what was last loaded or saved? Then the page asks first.
- `changed_duty_inputs(written_for, form)`: the facts the model was given that changed since it wrote the
  duties (the page marks the duties as written for an earlier form).
- `ad_is_current(generated_for, work)`: does the ad on screen still match the work? (Otherwise it is marked
  out of date and its downloads are hidden.)
- `following_summary(...)`: the summary follows the form and edited duties, unless the person edited it
  (`summary_made` keeps what the page's own summary was made from).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .render import compose_summary
from .spec import Job

# The facts the model is given for the duties (jd.prompts.job_card, the occupation's tasks, the tone and language).
DUTY_INPUTS = ("title", "occupation", "experience", "skills", "job_type", "work_mode", "tone", "language")
FIELD_NAMES = {
    "title": "job title",
    "occupation": "occupation",
    "experience": "experience",
    "skills": "skills",
    "job_type": "job type",
    "work_mode": "work mode",
    "tone": "tone",
    "language": "language",
}


def _plain(value: Any) -> Any:
    """A form value as it counts for "the same work": blanks are one value, numbers are numbers."""
    if value is None or value == "" or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value if isinstance(value, (bool, int, float)) else str(value)
    return float(value)


@dataclass(frozen=True)
class Work:
    """What a visitor has typed: the form's values (job field -> widget value), the summary, the duties."""

    form: Mapping[str, Any] = field(default_factory=dict)
    summary: str = ""
    duties: str = ""

    def digest(self) -> str:
        """Equal work, equal digest (whitespace and blank widgets do not count, nor fields left out)."""
        plain = {key: shown for key, raw in sorted(self.form.items()) if (shown := _plain(raw)) is not None}
        blob = json.dumps([plain, _plain(self.summary), _plain(self.duties)], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]

    def as_dict(self) -> dict[str, Any]:
        """The work as kept in the browser and in the undo slot."""
        return {"form": dict(self.form), "summary": self.summary, "duties": self.duties}

    @classmethod
    def from_dict(cls, data: Any) -> Work | None:
        """Work kept by `as_dict` (from the browser: anything), or None when it is not that shape."""
        if not isinstance(data, Mapping) or not isinstance(data.get("form"), Mapping):
            return None
        return cls(dict(data["form"]), str(data.get("summary") or ""), str(data.get("duties") or ""))


def is_blank(work: Work, defaults: Mapping[str, Any]) -> bool:
    """Nothing typed: the form holds its starting values and there is no summary or duty."""
    return Work(defaults).digest() == Work(work.form).digest() and not (work.summary.strip() or work.duties.strip())


def unsaved(work: Work, kept: str | None, defaults: Mapping[str, Any]) -> bool:
    """Switching jobs would lose this work: it is not blank, and not what was last loaded or saved (`kept`)."""
    return not is_blank(work, defaults) and work.digest() != kept


def duty_inputs(form: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values the model writes the duties from, as kept beside the duties it wrote."""
    return {key: _plain(form.get(key)) for key in DUTY_INPUTS}


def changed_duty_fields(written_for: Mapping[str, Any] | None, form: Mapping[str, Any]) -> list[str]:
    """The job fields among DUTY_INPUTS ("title", "language") that changed since the duties were written for them."""
    if not written_for:
        return []
    now = duty_inputs(form)
    return [key for key in DUTY_INPUTS if written_for.get(key) != now[key]]


def changed_duty_inputs(written_for: Mapping[str, Any] | None, form: Mapping[str, Any]) -> list[str]:
    """The names of the facts ("job title", "language") that changed since the duties were written for them."""
    return [FIELD_NAMES[key] for key in changed_duty_fields(written_for, form)]


def ad_is_current(generated_for: str | None, work: Work) -> bool:
    """The ad on screen was generated from exactly this work (True when there is no ad)."""
    return generated_for is None or generated_for == work.digest()


def summary_made(summary: str, form: Mapping[str, Any], duties: str) -> dict[str, str]:
    """What the page keeps about a summary it composed (or the model wrote): its text and what it was made from."""
    return {"summary": summary, "basis": Work(form, "", duties).digest()}


def following_summary(
    job: Job, duties: list[str], summary: str, made: Mapping[str, str] | None, basis: Mapping[str, Any]
) -> str | None:
    """The summary composed again for the job and its duties, or None to leave it as it is.

    `made` is what `summary_made` kept about the last summary the page made; `basis` holds the form and the
    duties now ({"form": ..., "duties": ...}). A summary the person edited (it differs from the one made) is
    theirs and stays; so does one already made from this very form and these duties.
    """
    made = made or {}
    if summary.strip():
        if _plain(summary) != _plain(made.get("summary")):
            return None
        if Work(basis["form"], "", basis["duties"]).digest() == made.get("basis"):
            return None
    return compose_summary(job, duties) if duties else ""
