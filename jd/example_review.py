"""The owner's review of example candidates: helpful feedback, scrubbed and checked, approved or rejected.

Steps 2 and 3 of the loop jd/examples.py describes: `candidates(store)` shows each candidate
scrubbed (jd/scrub.py) and checked by the grounding guard against the facts its card shows;
`approve` and `reject` record the owner's decision by id in the examples file (`ExampleBook`);
`describe_candidate` is the command line's listing (`python -m jd feedback examples|approve|reject`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .errors import UnknownExample
from .examples import APPROVED, PENDING, REJECTED, ExampleBook, card_job, example_to_json, now_text
from .feedback import FeedbackStore
from .i18n import get_translations
from .job_card import seniority_of, skills_of, tone_of
from .parsing import duties_from_edit
from .prompts import Example
from .review.grounding import check_grounding
from .review.summary_check import check_summary, summary_sentences
from .scrub import REPLACEMENTS, scrub
from .spec import MAX_DUTIES, MIN_DUTIES, Job

MIN_ID_PREFIX = 6  # characters of an id the command line accepts
SHORT_ID = 8  # characters of an id shown


@dataclass(frozen=True)
class Candidate:
    """A helpful, consented feedback record offered as an example, scrubbed and checked."""

    id: str
    time: str
    status: str  # PENDING, APPROVED or REJECTED
    example: Example  # as it would be stored: scrubbed, with flagged duties and sentences left out
    left_out: tuple[str, ...] = ()  # "text (why)" for each duty or sentence the grounding guard flagged
    replaced: tuple[tuple[str, str], ...] = ()  # (kind, original) for each scrubbed piece
    problem: str = ""  # why it cannot be approved; "" when it can

    @property
    def short_id(self) -> str:
        return self.id[:SHORT_ID]


def _text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)):
        return [str(part).strip() for part in value if str(part).strip()]
    return []


_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def summary_from_description(markdown: str, language: str) -> str:
    """The "About the role" paragraph of a Markdown job description (as the app renders it); "" if none."""
    heading = get_translations(language).gettext("About the role")
    lines = str(markdown or "").splitlines()
    for index, line in enumerate(lines):
        if line.strip().lstrip("#").strip() == heading and line.lstrip().startswith("#"):
            body: list[str] = []
            for following in lines[index + 1 :]:
                if following.lstrip().startswith("#"):
                    break
                body.append(following.strip())
            return _MD_UNESCAPE.sub(r"\1", " ".join(part for part in body if part)).strip()
    return ""


def _grounding_problems(job: Job, duty: str) -> list[str]:
    """Why a duty states something the card does not give: the duty checks, plus names, people and dates."""
    _, findings = check_grounding(job, [duty])
    reasons = [f"{f['text']!r}: {f['reason']}" for f in findings]
    # A duty starts with a verb: in lower case it cannot join a skill into a "name" ("Write SQL queries").
    for finding in check_summary(job, duty[:1].lower() + duty[1:]):
        if finding["kind"] in ("name", "person", "year") and not any(repr(finding["text"]) in r for r in reasons):
            reasons.append(f"{finding['text']!r}: {finding['reason']}")
    return reasons


def _scrubbed_parts(record: Mapping[str, Any], job: Job) -> tuple[list[str], str, str, list[str], list[tuple]]:
    """(duties, summary, title, skills, replaced) of a record, scrubbed."""
    inputs = record.get("inputs") or {}
    company = inputs.get("company") if isinstance(inputs.get("company"), str) else None
    keep = [job.title, *skills_of(job), *_text_list(inputs.get("nice_to_have"))]
    replaced: list[tuple] = []

    def clean(text: str) -> str:
        result = scrub(text, company=company, keep=keep)
        replaced.extend(result.replaced)
        return result.text

    # As many duties as the app's own list holds.
    duties = [clean(d) for d in duties_from_edit(record.get("responsibilities", ""))[:MAX_DUTIES]]
    summary = clean(summary_from_description(record.get("job_description", ""), job.language.value))
    title = clean(job.title)
    skills = [clean(s) for s in skills_of(job)]
    return duties, summary, title, skills, replaced


def _checked(job: Job, duties: list[str], summary: str) -> tuple[list[str], str, list[str]]:
    """(kept duties, kept summary sentences, "text (why)" for each left out) against the card's facts."""
    # The card shows a seniority, never the experience text: "2 years" must not pass as given.
    shown = job.model_copy(update={"experience": None})
    kept, left_out = [], []
    for duty in duties:
        reasons = _grounding_problems(shown, duty)
        if reasons:
            left_out.append(f"{duty} ({'; '.join(reasons)})")
        else:
            kept.append(duty)
    sentences = []
    flagged = {f["sentence_index"]: f for f in check_summary(shown, summary, kept)}
    for index, sentence in enumerate(summary_sentences(summary)):
        if index in flagged:
            left_out.append(f"{sentence} ({flagged[index]['text']!r}: {flagged[index]['reason']})")
        else:
            sentences.append(sentence)
    return kept, " ".join(sentences), left_out


def candidate_from_record(record: Mapping[str, Any], status: str = PENDING) -> Candidate | None:
    """The record as an example candidate, or None: only "helpful" records with consent are candidates."""
    if record.get("rating") != "helpful" or not record.get("consent"):
        return None
    record_id, time = str(record["id"]), str(record.get("time", ""))
    inputs = record.get("inputs")
    inputs = inputs if isinstance(inputs, Mapping) else {}
    job = card_job(inputs)
    if job is None:
        empty = Example(title=str(inputs.get("title") or "?"), duties=(), id=record_id)
        return Candidate(record_id, time, status, empty, problem=_NO_JOB)
    duties, summary, title, skills, replaced = _scrubbed_parts(record, job)
    kept, summary, left_out = _checked(job, duties, summary)
    example = Example(
        title=title,
        duties=tuple(kept),
        seniority=seniority_of(job),
        skills=tuple(skills),
        job_type=job.job_type.value if job.job_type else "",
        work_mode=job.work_mode.value if job.work_mode else "",
        tone=tone_of(job),
        language=job.language.value,
        summary=summary,
        id=record_id,
    )
    problem = "" if len(kept) >= MIN_DUTIES else _too_few(len(kept), len(duties))
    return Candidate(record_id, time, status, example, tuple(left_out), tuple(replaced), problem)


_NO_JOB = "its job details have no valid job title, so there is no card to show it with."


def _too_few(kept: int, given: int) -> str:
    if given != kept:
        return (
            f"only {kept} of its {given} duties are left once those stating facts its card does not give "
            f"are left out (at least {MIN_DUTIES} needed)."
        )
    return f"it has only {kept} duties (at least {MIN_DUTIES} needed)."


def candidates(store: FeedbackStore, book: ExampleBook | None = None) -> list[Candidate]:
    """Every example candidate in the store, oldest first, with its status; approved ones as approved."""
    book = book or ExampleBook(store.data_dir)
    status = book.status()
    approved = {example.id: example for example in book.approved()}
    found = []
    for record in store.all():
        candidate = candidate_from_record(record, status.get(record["id"], PENDING))
        if candidate is None:
            continue
        if candidate.id in approved:  # what is used is what was approved
            candidate = replace(candidate, example=approved[candidate.id])
        found.append(candidate)
    return found


# --- decisions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What approving or rejecting one id did: outcome is APPROVED, REJECTED, "unchanged" or "refused"."""

    id: str
    outcome: str
    message: str


def _resolve(ids: Iterable[str], known: Iterable[str]) -> list[str]:
    """Full ids for ids or unique prefixes (at least MIN_ID_PREFIX characters); UnknownExample otherwise."""
    known = sorted(set(known))
    resolved, problems = [], []
    for given in ids:
        text = str(given).strip().lower()
        matches = [k for k in known if k == text] or [k for k in known if k.startswith(text)]
        if len(text) < MIN_ID_PREFIX and text not in known:
            problems.append(f"{given!r} is too short: give at least {MIN_ID_PREFIX} characters of the id")
        elif not matches:
            problems.append(f"no feedback has the id {given!r}")
        elif len(matches) > 1:
            problems.append(f"{given!r} is the start of {len(matches)} ids: give more of it")
        elif matches[0] not in resolved:
            resolved.append(matches[0])
    if problems:
        raise UnknownExample(
            "Nothing was changed: "
            + "; ".join(problems)
            + ". Run `python -m jd feedback examples` to see the candidates and their ids."
        )
    return resolved


def _label(candidate: Candidate | None, record_id: str) -> str:
    return f"{record_id[:SHORT_ID]} ({candidate.example.title})" if candidate else record_id[:SHORT_ID]


def _not_a_candidate(record: Mapping[str, Any] | None) -> str:
    if record is None:
        return "its feedback record is no longer in the store"
    if record.get("rating") != "helpful":
        return "it was rated not helpful; only helpful feedback can become an example"
    return "the visitor did not agree to their text being used as an example"


def approve(store: FeedbackStore, ids: Iterable[str], book: ExampleBook | None = None) -> list[Decision]:
    """Approve candidates by id (or unique prefix): each is stored as shown by `candidates` and may be used.

    Unknown or ambiguous ids raise UnknownExample before anything changes. A record that is not a
    candidate, or whose candidate has a problem, is refused; one already approved is left unchanged.
    """
    book = book or ExampleBook(store.data_dir)
    records = {record["id"]: record for record in store.all()}
    decisions = []
    with book.editing() as data:
        approved_ids = {item["id"] for item in data["approved"]}
        for record_id in _resolve(ids, [*records, *approved_ids, *data["rejected_ids"]]):
            record = records.get(record_id)
            candidate = candidate_from_record(record) if record else None
            label = _label(candidate, record_id)
            if record_id in approved_ids:
                decisions.append(Decision(record_id, "unchanged", f"{label} was already approved."))
            elif candidate is None:
                decisions.append(
                    Decision(record_id, "refused", f"{label} cannot be approved: {_not_a_candidate(record)}.")
                )
            elif candidate.problem:
                decisions.append(Decision(record_id, "refused", f"{label} cannot be approved: {candidate.problem}"))
            else:
                data["approved"].append({**example_to_json(candidate.example), "approved_at": now_text()})
                data["rejected"] = [item for item in data["rejected"] if item.get("id") != record_id]
                approved_ids.add(record_id)
                decisions.append(
                    Decision(record_id, APPROVED, f"Approved {label}: it may now be shown for similar roles.")
                )
    return decisions


def reject(store: FeedbackStore, ids: Iterable[str], book: ExampleBook | None = None) -> list[Decision]:
    """Reject candidates by id (or unique prefix); an approved one is withdrawn and no longer used.

    Unknown or ambiguous ids raise UnknownExample before anything changes; rejecting twice changes nothing.
    """
    book = book or ExampleBook(store.data_dir)
    records = {record["id"]: record for record in store.all()}
    decisions = []
    with book.editing() as data:
        approved = {item["id"]: item for item in data["approved"]}
        rejected = {str(item.get("id")) for item in data["rejected"]}
        for record_id in _resolve(ids, [*records, *approved, *rejected]):
            record = records.get(record_id)
            candidate = candidate_from_record(record) if record else None
            title = approved[record_id]["title"] if record_id in approved else None
            label = f"{record_id[:SHORT_ID]} ({title})" if title else _label(candidate, record_id)
            if record_id in rejected:
                decisions.append(Decision(record_id, "unchanged", f"{label} was already rejected."))
                continue
            if candidate is None and record_id not in approved:
                decisions.append(
                    Decision(record_id, "refused", f"{label} is not an example candidate: {_not_a_candidate(record)}.")
                )
                continue
            withdrawn = record_id in approved
            data["approved"] = [item for item in data["approved"] if item["id"] != record_id]
            data["rejected"].append({"id": record_id, "rejected_at": now_text()})
            rejected.add(record_id)
            note = "; it is no longer used in prompts" if withdrawn else ""
            decisions.append(Decision(record_id, REJECTED, f"Rejected {label}{note}."))
    return decisions


# --- listing ------------------------------------------------------------------------------------


_KIND_NAMES = {
    "email": ("e-mail address", "e-mail addresses"),
    "website": ("web address", "web addresses"),
    "phone": ("phone number", "phone numbers"),
    "company": ("company name", "company names"),
    "name": ("name", "names"),
}


def _replaced_summary(replaced: Sequence[tuple[str, str]]) -> str:
    counts: dict[str, int] = {}
    for kind, _ in replaced:
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(
        f"{count} {_KIND_NAMES[kind][count > 1]} -> {REPLACEMENTS[kind]!r}" for kind, count in counts.items()
    )


def describe_candidate(candidate: Candidate) -> str:
    """A candidate as plain text for the command line: id, status, card, scrubbed summary and duties."""
    example = candidate.example
    date = candidate.time[:10]
    lines = [f"[{candidate.status}] {candidate.short_id}  {example.title}  ({example.language}, {date})"]
    card = [
        f"{name}: {value}"
        for name, value in (
            ("seniority", example.seniority),
            ("skills", ", ".join(example.skills)),
            ("job type", example.job_type),
            ("work mode", example.work_mode),
        )
        if value
    ]
    if card:
        lines.append("  " + "; ".join(card))
    if example.summary:
        lines.append(f"  Summary: {example.summary}")
    lines += [f"  - {duty}" for duty in example.duties]
    lines += [f"  Left out: {item}" for item in candidate.left_out]
    if candidate.replaced:
        lines.append(f"  Scrubbed: {_replaced_summary(candidate.replaced)}")
    if candidate.problem and candidate.status == PENDING:
        lines.append(f"  Cannot be approved: {candidate.problem}")
    return "\n".join(lines)
