"""What the feedback says: counts and helpful rates, overall and by group, common complaints, the weekly trend.

`feedback_report(store, since=None)` reads the store (jd.feedback) and returns a JSON-safe dict; `report_markdown`
renders it (the command line prints it, `python -m jd feedback report`; the page can show it to the owner).
Each group (backend, model, language, job family, with or without reviewed examples, ISO week) gives
records, helpful, not_helpful and helpful_rate (helpful / records, 4 decimals; None with no records).

Job family: the job title's words are matched against `FAMILIES`, in order, and the first family with a
matching keyword wins; titles matching none are "Other". Family names are the major groups of the US
Standard Occupational Classification 2018 (https://www.bls.gov/soc/2018/major_groups.htm), some merged
(the two healthcare groups). The keywords are ours: common English job-title words, written for this
report. Managers are "Management" (as in the SOC, whatever they manage); supervisors and leads fall
under what they supervise. Titles in other languages mostly land in "Other" unless they use an English
word ("Software", "Manager").

"Not helpful" reasons are grouped when they are the same text after lower-casing and removing
punctuation at the ends and repeated spaces; reasons written differently count apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from .errors import InvalidInput, InvalidJob
from .feedback import FeedbackStore

OTHER_FAMILY = "Other"
NOT_RECORDED = "(not recorded)"
TOP_REASONS = 10

# (family, keywords as regular expressions matched at word starts in the lower-cased title), first match wins;
# a keyword matches longer words too ("nurs" -> "nursing") unless it ends in \b.
FAMILIES: tuple[tuple[str, str], ...] = (
    ("Management", r"manager|director|head of|chief|(?:ceo|cto|cfo|coo|vp)\b|vice president"),
    (
        "Computer and mathematical",
        r"software|developer|programmer|devops|data (?:scientist|analyst|engineer)|web\b|front[- ]?end|"
        r"back[- ]?end|full[- ]?stack|it\b|cloud|cyber|machine learning|database|sysadmin|"
        r"systems? administrator|network|qa\b|tester|statistician|mathematician",
    ),
    (
        "Healthcare",
        r"nurs|physician|doctor|surgeon|pharmac|therapist|dentist|dental|paramedic|midwi|medical|clinical|"
        r"radiograph|care (?:assistant|worker)|carer|caregiver|healthcare|optometrist|dietitian|psychologist",
    ),
    (
        "Education and library",
        r"teacher|teaching|lecturer|professor|tutor|instructor|school|librarian|educator",
    ),
    (
        "Food preparation and serving",
        r"chef|cook\b|kitchen|barista|waiter|waitress|server\b|bartender|baker|catering|food service|"
        r"restaurant|dishwasher",
    ),
    ("Sales", r"sales|account executive|cashier|retail|shop assistant|store assistant|business development"),
    (
        "Business and financial operations",
        r"accountant|accounting|auditor|finance|financial|analyst|buyer|procurement|recruit|human resources|"
        r"hr\b|payroll|consultant|compliance|bookkeep|actuary|underwriter|controller",
    ),
    (
        "Office and administrative support",
        r"administrat|receptionist|secretary|clerk|office\b|assistant|coordinator|customer (?:service|support)|"
        r"call cent|data entry",
    ),
    (
        "Transportation and material moving",
        r"driver|warehouse|forklift|logistic|courier|pilot|picker|packer|delivery|dispatcher|loader",
    ),
    ("Construction and extraction", r"electrician|plumber|carpenter|construction|roofer|bricklayer|joiner|labourer"),
    ("Installation, maintenance and repair", r"technician|mechanics?\b|maintenance|repair|hvac|fitter|installer"),
    ("Production", r"welder|machinist|operator|assembler|production|manufactur|fabricat"),
    ("Architecture and engineering", r"engineer|engineering|architect|drafter|draughts|surveyor"),
    (
        "Arts, design, entertainment, sports and media",
        r"designer|writer|editor|journalist|photographer|artist|translator|content|marketing|copywriter|"
        r"animator|musician|coach",
    ),
    ("Legal", r"lawyer|solicitor|attorney|paralegal|legal|barrister"),
    ("Community and social service", r"social worker|counsel+or|youth worker|support worker|case worker"),
    ("Protective service", r"security (?:guard|officer)|guard|police|firefighter|lifeguard"),
    ("Building and grounds cleaning and maintenance", r"cleaner|cleaning|janitor|housekeep|gardener|landscap"),
    ("Personal care and service", r"hairdresser|stylist|childcare|nanny|beautician|fitness|personal trainer"),
    ("Life, physical and social science", r"scientist|researcher|chemist|biologist|laborator|lab\b|economist"),
    ("Farming, fishing and forestry", r"farm|agricultur|forestry|fisher"),
)
_FAMILY_PATTERNS = tuple((name, re.compile(rf"\b(?:{keywords})")) for name, keywords in FAMILIES)


def job_family(title: Any) -> str:
    """The job family (SOC 2018 major group) of a job title, or "Other"."""
    text = re.sub(r"\s+", " ", str(title or "").casefold())
    for name, pattern in _FAMILY_PATTERNS:
        if pattern.search(text):
            return name
    return OTHER_FAMILY


@lru_cache(maxsize=256)
def _language_name(value: str) -> str:
    if not value.strip():
        return "English"  # the job's default
    from .spec import parse_job

    try:
        return parse_job({"title": "x", "language": value}).language.english_name
    except InvalidJob:
        return "unknown"


def _language_of(inputs: Any) -> str:
    value = inputs.get("language") if isinstance(inputs, Mapping) else None
    return _language_name(str(value or ""))


def _since(value: date | datetime | str | None) -> str | None:
    """The earliest record time to count, as the store writes times (UTC, ISO 8601)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInput(f"The start date {value!r} is not a date like 2025-01-31.") from None
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value.isoformat()


def _time(record: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(str(record["time"]).replace("Z", "+00:00"))


def _iso_week(moment: datetime | date) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _figures(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    helpful = sum(r["rating"] == "helpful" for r in records)
    return {
        "records": len(records),
        "helpful": helpful,
        "not_helpful": len(records) - helpful,
        "helpful_rate": round(helpful / len(records), 4) if records else None,
    }


def _grouped(records: Sequence[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], str]) -> list[dict[str, Any]]:
    """Figures per group, the largest group first (ties by name)."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    rows = [{"name": name, **_figures(members)} for name, members in groups.items()]
    return sorted(rows, key=lambda row: (-row["records"], row["name"]))


def _weeks(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Figures per ISO week, oldest first, from the first week with a record to the last (empty weeks too)."""
    if not records:
        return []
    by_week: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        by_week.setdefault(_iso_week(_time(record)), []).append(record)
    first = min(_time(r) for r in records).date()
    last = max(_time(r) for r in records).date()
    monday = first - timedelta(days=first.weekday())
    rows = []
    while monday <= last:
        week = _iso_week(monday)
        rows.append({"week": week, **_figures(by_week.get(week, []))})
        monday += timedelta(weeks=1)
    return rows


def _normal_reason(text: str) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().strip(".!?,;:\"'()[] ").casefold()


def _reasons(records: Iterable[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The most common "not helpful" reasons (count, then text) and how many gave none."""
    counts = Counter(_normal_reason(r["reason"]) for r in records if r["rating"] == "not helpful")
    unexplained = counts.pop("", 0)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_REASONS]
    return [{"reason": reason, "count": count} for reason, count in top], unexplained


def feedback_report(store: FeedbackStore, since: date | datetime | str | None = None) -> dict[str, Any]:
    """Figures from every record (or those stored on or after `since`: a date, "2025-01-31" or a datetime)."""
    start = _since(since)
    records = [r for r in store.all() if start is None or str(r["time"]) >= start]
    reasons, unexplained = _reasons(records)
    return {
        "since": start[:10] if start else None,
        **_figures(records),
        "consented_helpful": sum(r["rating"] == "helpful" and bool(r.get("consent")) for r in records),
        "by_backend": _grouped(records, lambda r: r["backend"] or NOT_RECORDED),
        "by_model": _grouped(records, lambda r: r["model"] or NOT_RECORDED),
        "by_language": _grouped(records, lambda r: _language_of(r["inputs"])),
        "by_family": _grouped(records, lambda r: job_family((r["inputs"] or {}).get("title"))),
        "by_examples": _grouped(
            records, lambda r: "with reviewed examples" if r.get("examples_used") else "built-in examples only"
        ),
        "not_helpful_reasons": reasons,
        "not_helpful_without_reason": unexplained,
        "weeks": _weeks(records),
    }


# --- Markdown -----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """User text in a Markdown table cell: escaped, one line, no column breaks."""
    from .render import markdown_escape

    text = re.sub(r"\s+", " ", str(value))
    return markdown_escape(text).replace("|", "\\|")


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _table(title: str, rows: list[dict[str, Any]], key: str = "name") -> list[str]:
    if not rows:
        return []
    column = "Week" if key == "week" else title.split(" by ")[-1].capitalize()
    lines = [
        f"### {title}",
        "",
        f"| {column} | Records | Helpful | Not helpful | Helpful rate |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {_cell(row[key])} | {row['records']} | {row['helpful']} | {row['not_helpful']} "
        f"| {_rate(row['helpful_rate'])} |"
        for row in rows
    ]
    return [*lines, ""]


def report_markdown(report: Mapping[str, Any]) -> str:
    """The report as Markdown: a headline, one table per grouping, the reasons and the weekly trend."""
    period = f" since {report['since']}" if report.get("since") else ""
    lines = [f"## Feedback{period}", ""]
    if not report["records"]:
        return "\n".join([*lines, "No feedback yet."]) + "\n"
    offered = report["consented_helpful"]
    lines += [
        f"**{report['records']}** {_plural(report['records'], 'record')}: **{report['helpful']}** helpful, "
        f"**{report['not_helpful']}** not helpful (helpful rate **{_rate(report['helpful_rate'])}**). "
        f"{offered} helpful {_plural(offered, 'record')} {'offers its' if offered == 1 else 'offer their'} "
        "text as an example (the visitor agreed).",
        "",
    ]
    for title, name in (
        ("Helpful rate by backend", "by_backend"),
        ("Helpful rate by model", "by_model"),
        ("Helpful rate by language", "by_language"),
        ("Helpful rate by job family", "by_family"),
        ("Helpful rate by examples", "by_examples"),
    ):
        lines += _table(title, report[name])
    lines += ["### Most common “not helpful” reasons", ""]
    if report["not_helpful_reasons"]:
        lines += [
            f"{i}. {_cell(item['reason'])} ({item['count']})" for i, item in enumerate(report["not_helpful_reasons"], 1)
        ]
    else:
        lines.append("None given.")
    if report["not_helpful_without_reason"]:
        lines.append(f"\n{report['not_helpful_without_reason']} “not helpful” records gave no reason.")
    lines.append("")
    lines += _table("Trend by ISO week", report["weeks"], key="week")
    return "\n".join(lines).rstrip() + "\n"
