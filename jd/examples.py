"""Reviewed examples: helpful feedback, scrubbed and approved by the owner, shown to the model as worked examples.

The loop:

1. A visitor rates a job description "helpful" and ticks the consent box: the record (jd.feedback) offers its
   edited duties and its "About the role" summary as an example **candidate**. Without consent, or rated
   "not helpful", a record is never a candidate.
2. `candidates(store)` shows each candidate **scrubbed** (jd.scrub: e-mail addresses, web addresses, phone
   numbers, people's names and the company's name replaced) and checked by the grounding guard against the
   facts its card shows (title, experience, skills, job type, work mode): a duty or summary sentence that
   states anything else (pay, places, years, brands, names...) is left out, and a candidate left with fewer
   than MIN_DUTIES duties cannot be approved.
3. The owner approves or rejects candidates by id (`approve`, `reject`; `python -m jd feedback ...`). An
   approved example is stored, as shown, in `<data_dir>/examples.json` (written atomically, under a lock);
   only approved examples are ever read for a prompt. The file goes to the Hub dataset with the feedback.
4. `choose_examples(job, source)` picks, for a request, the approved examples in the job's language whose
   title and skills are close enough (`similarity`, `close_enough`), closest first, at most PROMPT_EXAMPLES,
   within the prompt budget (jd.prompts.prompt_fits). The prompt builders put them in place of the built-in
   example roles; with none close enough, the built-in ones stay. `jd.prompts.example_ids` and
   `used_example_ids` give the ids used, for the feedback record's `examples_used`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import statistics
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .errors import ExamplesFileError, InvalidJob, JDError, UnknownExample
from .feedback import FeedbackStore
from .files import atomic_file
from .i18n import get_translations
from .parsing import duties_from_edit
from .prompts import (
    PROMPT_EXAMPLES,
    Example,
    example_ids,
    prompt_fits,
    seniority_of,
    skills_of,
    tone_of,
)
from .review.grounding import check_grounding, check_summary, summary_sentences
from .scrub import REPLACEMENTS, scrub
from .spec import MAX_DUTIES, MIN_DUTIES, Job, parse_job

logger = logging.getLogger(__name__)

EXAMPLES_FILENAME = "examples.json"
_LOCK_FILENAME = ".examples.lock"
_FORMAT = 1
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
MIN_ID_PREFIX = 6  # characters of an id the command line accepts
SHORT_ID = 8  # characters of an id shown

# --- similarity ---------------------------------------------------------------------------------

# How close an approved example must be to the requested role. similarity = 0.5 x title score + 0.5 x skills
# score (rapidfuzz token_set_ratio, 0-100; skills: each skill's best match in the other list, averaged both
# ways). Chosen on 40 hand-labelled pairs of roles (tests/data/example_pairs.json: 20 "similar", whose
# duties fit each other, and 20 "different", many sharing a title word, such as Data Analyst / Financial
# Analyst): similar pairs scored 64.0-91.1, different ones 33.4-61.7, so 63 separates all 40. The margin is
# 1-2 points on each side: other roles will see some misses and some wrong matches. A wrong example costs more
# than a missed one (the built-in examples are deliberately unlike any target), so the threshold sits
# above the highest "different" score rather than in the middle.
SIMILARITY_THRESHOLD = 63.0
# When the job or the example has no skills, the title alone decides and must be closer: above the highest
# title score of a "different" pair in the same set (87.0, Lab Technician / IT Technician).
TITLE_ONLY_THRESHOLD = 90.0
_TITLE_WEIGHT = 0.5

# Seniority words dropped from a title before comparing ("Senior Software Engineer" ~ "Software Engineer"),
# except as the title's last word ("Shop Assistant", "Team Lead"). Ours, written for this comparison.
_LEVEL_WORDS = re.compile(
    r"\b(?:junior|jr|senior|sr|trainee|graduate|entry[\s-]level|mid[\s-]level|intern|principal|head|lead|"
    r"assistant|apprentice)\b\.?(?=.*\w)",
    re.IGNORECASE,
)
_GENDER_MARK = re.compile(r"\((?:[mwfdx]\s*/\s*){2}[mwfdx]\)|\(all genders\)", re.IGNORECASE)


def _title_key(title: str) -> str:
    text = _GENDER_MARK.sub(" ", str(title or "")).casefold()
    words = text.split()
    if len(words) > 1:
        text = _LEVEL_WORDS.sub(" ", " ".join(words[:-1])) + " " + words[-1]
    return re.sub(r"\s+", " ", text).strip()


def _skills_score(ours: Sequence[str], theirs: Sequence[str]) -> float | None:
    a = [s.casefold() for s in ours if s.strip()]
    b = [s.casefold() for s in theirs if s.strip()]
    if not a or not b:
        return None
    forward = statistics.fmean(max(fuzz.token_set_ratio(x, y) for y in b) for x in a)
    backward = statistics.fmean(max(fuzz.token_set_ratio(y, x) for x in a) for y in b)
    return (forward + backward) / 2


def similarity(job: Job, example: Example) -> tuple[float, bool]:
    """(score 0-100, whether skills were compared) of an example for a job."""
    title = fuzz.token_set_ratio(_title_key(job.title), _title_key(example.title))
    skills = _skills_score(skills_of(job), example.skills)
    if skills is None:
        return float(title), False
    return _TITLE_WEIGHT * title + (1 - _TITLE_WEIGHT) * skills, True


def close_enough(job: Job, example: Example) -> bool:
    """Whether an example is similar enough to the job to replace a built-in example (same language too)."""
    if example.language != job.language.value:
        return False
    score, with_skills = similarity(job, example)
    return score >= (SIMILARITY_THRESHOLD if with_skills else TITLE_ONLY_THRESHOLD)


# --- the approved examples file -------------------------------------------------------------------


def _example_to_json(example: Example) -> dict:
    data = asdict(example)
    data["skills"], data["duties"] = list(example.skills), list(example.duties)
    return data


def _example_from_json(data: Any) -> Example:
    if not isinstance(data, Mapping):
        raise ValueError("an example is not an object")
    known = {name: data[name] for name in Example.__dataclass_fields__ if name in data}
    for name in ("skills", "duties"):
        if not isinstance(known.get(name, []), list) or not all(isinstance(v, str) for v in known.get(name, [])):
            raise ValueError(f"an example's {name} is not a list of text")
        known[name] = tuple(known.get(name, ()))
    if not all(isinstance(v, str) for k, v in known.items() if k not in ("skills", "duties")):
        raise ValueError("an example field is not text")
    if not known.get("id") or not known.get("title"):
        raise ValueError("an example has no id or no title")
    return Example(**known)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int, int], list[Example]]] = {}


class ExampleBook:
    """The owner's decisions, `<data_dir>/examples.json`: approved examples (as shown) and rejected ids.

    {"format": 1, "approved": [{example fields..., "approved_at": time}], "rejected": [{"id", "rejected_at"}]}
    """

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / EXAMPLES_FILENAME

    def __repr__(self) -> str:
        return f"ExampleBook({str(self.data_dir)!r})"

    def _read(self) -> dict:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = json.dumps({"format": _FORMAT, "approved": [], "rejected": []})
        except (OSError, UnicodeDecodeError) as error:
            raise ExamplesFileError(f"The reviewed examples file {self.path} cannot be read: {error}.") from None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != _FORMAT:
                raise ValueError(f"it is not in format {_FORMAT}")
            data.setdefault("approved", [])
            data.setdefault("rejected", [])
            approved = [_example_from_json(item) for item in data["approved"]]
            rejected = [str(item["id"]) for item in data["rejected"]]
        except (ValueError, KeyError, TypeError) as error:
            raise ExamplesFileError(
                f"The reviewed examples file {self.path} is damaged ({error}); restore it from the Hub dataset "
                "or a backup, or remove it to start again."
            ) from None
        data["approved_examples"], data["rejected_ids"] = approved, rejected
        return data

    def approved(self) -> list[Example]:
        """Every approved example, in the order approved; read again only when the file changed."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise ExamplesFileError(f"The reviewed examples file {self.path} cannot be read: {error}.") from None
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)  # every write is a new file (a rename)
        with _cache_lock:
            cached = _cache.get(self.path)
        if cached is not None and cached[0] == key:
            return list(cached[1])
        examples = self._read()["approved_examples"]
        with _cache_lock:
            _cache[self.path] = (key, examples)
        return list(examples)

    def status(self) -> dict[str, str]:
        """APPROVED or REJECTED for each decided id."""
        data = self._read()
        decided = dict.fromkeys(data["rejected_ids"], REJECTED)
        decided.update({example.id: APPROVED for example in data["approved_examples"]})
        return decided

    @contextlib.contextmanager
    def _editing(self) -> Iterator[dict]:
        """The file's content to change in place, written back atomically; one editor at a time."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            lock = open(self.data_dir / _LOCK_FILENAME, "a+")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise ExamplesFileError(
                f"The reviewed examples file {self.path} cannot be written: {error}. Nothing was changed."
            ) from None
        with lock:
            _lock(lock)
            data = self._read()
            yield data
            content = {"format": _FORMAT, "approved": data["approved"], "rejected": data["rejected"]}
            try:
                _write_atomically(self.path, (json.dumps(content, ensure_ascii=False, indent=1) + "\n").encode())
            except OSError as error:
                raise ExamplesFileError(
                    f"The reviewed examples file {self.path} cannot be written: {error}. Nothing was changed."
                ) from None


def _lock(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # not on POSIX: decisions are made by one person at a time anyway
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _write_atomically(path: Path, content: bytes) -> None:
    with atomic_file(path, "wb") as handle:
        handle.write(content)


def copy_examples(data_dir: Path | str, target: Path | str) -> bool:
    """Copy `<data_dir>/examples.json` to `target` (atomically) when there is one and it differs; True if copied."""
    source = Path(data_dir) / EXAMPLES_FILENAME
    target = Path(target)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return False
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(target, data)
    return True


# --- candidates ---------------------------------------------------------------------------------


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


# The facts an example's card shows; the only ones its duties may state.
_CARD_INPUTS = ("title", "experience", "skills", "job_type", "work_mode", "language", "tone")


def _card_job(inputs: Mapping[str, Any]) -> Job | None:
    """The job the card describes, from the record's inputs; fields that are not valid are left out."""
    fields = {name: inputs[name] for name in _CARD_INPUTS if inputs.get(name) not in (None, "", [], ())}
    if "title" not in fields:
        return None
    try:
        return parse_job(fields)
    except InvalidJob:
        pass
    kept = {"title": fields["title"]}
    for name, value in fields.items():
        try:
            parse_job({**kept, name: value})
        except InvalidJob:
            continue
        kept[name] = value
    try:
        return parse_job(kept)
    except InvalidJob:
        return None


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
    job = _card_job(inputs)
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
    with book._editing() as data:
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
                data["approved"].append({**_example_to_json(candidate.example), "approved_at": _now()})
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
    with book._editing() as data:
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
            data["rejected"].append({"id": record_id, "rejected_at": _now()})
            rejected.add(record_id)
            note = "; it is no longer used in prompts" if withdrawn else ""
            decisions.append(Decision(record_id, REJECTED, f"Rejected {label}{note}."))
    return decisions


# --- choosing examples for a request ------------------------------------------------------------


def _approved_from(source: Any) -> list[Example]:
    if source is None:
        return []
    if isinstance(source, ExampleBook):
        return source.approved()
    if isinstance(source, FeedbackStore):
        return ExampleBook(source.data_dir).approved()
    if isinstance(source, (str, Path)):
        return ExampleBook(source).approved()
    return [example for example in source if isinstance(example, Example)]


def choose_examples(job: Job, source: Any, *, limit: int = PROMPT_EXAMPLES) -> list[Example]:
    """The approved examples to show for `job`, closest first: same language, close enough, within the budget.

    `source` is the data folder (a path), an ExampleBook, a FeedbackStore (its folder) or a list of
    Examples. An unreadable examples file is logged and treated as empty: a request never fails for it.
    Pass the result to jd.prompts.build_messages (and the top-up and summary builders).
    """
    try:
        examples = _approved_from(source)
    except JDError as error:
        logger.warning("Reviewed examples are not used: %s", error)
        return []
    scored = []
    for example in examples:
        if close_enough(job, example):
            scored.append((-similarity(job, example)[0], example.id, example))
    chosen: list[Example] = []
    for _, _, example in sorted(scored, key=lambda item: item[:2]):
        if len(chosen) >= limit:
            break
        if prompt_fits(job, [*chosen, example]):
            chosen.append(example)
    return chosen


def used_example_ids(job_inputs: Any, data_dir: Path | str) -> list[str]:
    """The ids of the reviewed examples a prompt for these job inputs shows (for a feedback record).

    The choice depends only on the job and the approved examples, so this gives the ids the prompt used
    unless an example was approved or rejected in between. Never raises: inputs that are not a valid job
    give [].
    """
    try:
        inputs = json.loads(job_inputs) if isinstance(job_inputs, str) else job_inputs
        if hasattr(inputs, "model_dump"):
            inputs = inputs.model_dump(mode="json")
        job = _card_job(inputs) if isinstance(inputs, Mapping) else None
        return example_ids(choose_examples(job, data_dir)) if job is not None else []
    except (JDError, ValueError, TypeError) as error:
        logger.warning("Cannot tell which reviewed examples were used: %s", error)
        return []


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
