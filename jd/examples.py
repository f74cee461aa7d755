"""Reviewed examples: helpful feedback, scrubbed and approved by the owner, shown to the model as worked examples.

The loop:

1. A visitor rates a job description "helpful" and ticks the consent box: the record (jd.feedback) offers its
   edited duties and its "About the role" summary as an example **candidate**. Without consent, or rated
   "not helpful", a record is never a candidate.
2. `candidates(store)` (jd/example_review.py, as is step 3) shows each candidate **scrubbed** (jd.scrub:
   e-mail addresses, web addresses, phone numbers, people's names and the company's name replaced) and
   checked by the grounding guard against the facts its card shows (title, experience, skills, job type,
   work mode): a duty or summary sentence that states anything else (pay, places, years, brands, names...)
   is left out, and a candidate left with fewer than MIN_DUTIES duties cannot be approved.
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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .choices import Language
from .errors import ExamplesFileError, InvalidJob, JDError
from .feedback import FeedbackStore
from .files import atomic_file
from .job_card import skills_of
from .occupations import occupation_of
from .prompts import PROMPT_EXAMPLES, Example, example_ids, prompt_fits
from .spec import Job, parse_job

logger = logging.getLogger(__name__)

EXAMPLES_FILENAME = "examples.json"
_LOCK_FILENAME = ".examples.lock"
_FORMAT = 1
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"

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


def _language_of(example: Example) -> Language | None:
    """The example's language as the app reads codes today: records stored as "pt" by older versions still count."""
    try:
        return Language(example.language)
    except ValueError:
        return None


def close_enough(job: Job, example: Example) -> bool:
    """Whether an example is similar enough to the job to replace a built-in example (same language too)."""
    if _language_of(example) is not job.language:
        return False
    score, with_skills = similarity(job, example)
    return score >= (SIMILARITY_THRESHOLD if with_skills else TITLE_ONLY_THRESHOLD)


# --- the approved examples file -------------------------------------------------------------------


_LISTS = ("skills", "duties", "tasks")  # an Example's fields that are lists of text


def example_to_json(example: Example) -> dict:
    data = asdict(example)
    for name in _LISTS:
        data[name] = list(getattr(example, name))
    return data


def _example_from_json(data: Any) -> Example:
    if not isinstance(data, Mapping):
        raise ValueError("an example is not an object")
    known = {name: data[name] for name in Example.__dataclass_fields__ if name in data}
    for name in _LISTS:
        if not isinstance(known.get(name, []), list) or not all(isinstance(v, str) for v in known.get(name, [])):
            raise ValueError(f"an example's {name} is not a list of text")
        known[name] = tuple(known.get(name, ()))
    if not all(isinstance(v, str) for k, v in known.items() if k not in _LISTS):
        raise ValueError("an example field is not text")
    if not known.get("id") or not known.get("title"):
        raise ValueError("an example has no id or no title")
    return Example(**known)


def now_text() -> str:
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
    def editing(self) -> Iterator[dict]:
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


# The facts an example's card shows; the only ones its duties may state.
CARD_INPUTS = ("title", "experience", "skills", "job_type", "work_mode", "language", "tone")


def card_job(inputs: Mapping[str, Any]) -> Job | None:
    """The job the card describes, from the record's inputs; fields that are not valid are left out."""
    fields = {name: inputs[name] for name in CARD_INPUTS if inputs.get(name) not in (None, "", [], ())}
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
        job = card_job(inputs) if isinstance(inputs, Mapping) else None
        if job is None:
            return []
        # With the job's occupation known, the prompt lists tasks and shows only examples that have tasks.
        return example_ids(choose_examples(job, data_dir), tasks=occupation_of(job) is not None)
    except (JDError, ValueError, TypeError) as error:
        logger.warning("Cannot tell which reviewed examples were used: %s", error)
        return []
