"""Pay-transparency rules as data: loading, status on a date, single-figure policy, and the data's age.

Rules live in jd/data/pay_transparency.json with their sources (jd/data/SOURCES.md). Nothing
here knows about places or postings (jd.review.pay_transparency matches those); everything that
depends on time takes `today`, so a rule becomes "likely required" on its effective date without
a code change, and the notice that the data is old appears six months after it was last checked.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import cache

from ..errors import say
from ._data import load
from .words import STATUS_WORDS, data_text

LIKELY_REQUIRED = "likely required"
UPCOMING = "upcoming"
EXPECTED = "expected"

# How much pay a rule accepts instead of a range (the "single_figure" field of each rule).
SINGLE_FIGURE_POLICIES = {
    "yes": say("One fixed pay figure is enough here"),
    "hourly": say("One fixed pay figure is enough here only for hourly pay"),
    "no": say("One pay figure is not enough here"),
    "minimum": say("The lowest pay is what must be shown here (one figure, a range or 'from')"),
}
# The requirement text of the "pay_range" key under each policy ("minimum" rules use their own keys).
_PAY_RANGE_TEXT = {"yes": "pay_or_range", "hourly": "pay_range_or_hourly_rate", "no": "pay_range"}
STALE_AFTER_MONTHS = 6


@dataclass(frozen=True)
class Rule:
    """One pay-transparency rule (a state, province, city, EU member state or the EU Directive)."""

    id: str
    jurisdiction: str
    country: str
    law: str
    effective: date
    employer_threshold: int
    requires: tuple[str, ...]
    remote_counts: bool
    notes: str
    source: str
    checked: date
    single_figure: str = "no"
    single_figure_note: str = ""
    citation: str = ""
    regions: frozenset[str] = frozenset()
    cities: frozenset[str] = frozenset()
    cities_only: bool = False
    countries: frozenset[str] = frozenset()
    enforced_from: date | None = None
    status: str = ""  # "expected" when no national law is confirmed; otherwise worked out from the dates
    planned: str | None = None
    member_states: tuple[Rule, ...] = ()


def key(text: str) -> str:
    """How place names are compared: dots and spacing ignored, case-folded."""
    return " ".join(text.replace(".", " ").split()).casefold()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _rule(data: dict) -> Rule:
    states = tuple(_member_state(data, code, state) for code, state in sorted(data.get("member_states", {}).items()))
    return Rule(
        id=data["id"],
        jurisdiction=data["jurisdiction"],
        country=data["country"],
        law=data["law"],
        effective=date.fromisoformat(data["effective"]),
        employer_threshold=data["employer_threshold"],
        requires=tuple(data["requires"]),
        remote_counts=data["remote_counts"],
        notes=data["notes"],
        source=data["source"],
        checked=date.fromisoformat(data["checked"]),
        single_figure=data.get("single_figure", "no"),
        single_figure_note=data.get("single_figure_note", ""),
        citation=data.get("citation") or data["law"],
        regions=frozenset(key(x) for x in data.get("regions", ())),
        cities=frozenset(key(x) for x in data.get("cities", ())),
        cities_only=data.get("cities_only", False),
        countries=frozenset(data.get("countries", ())),
        enforced_from=_day(data.get("enforced_from")),
        status=EXPECTED if data.get("status") == EXPECTED else "",
        planned=data.get("planned"),
        member_states=states,
    )


def _member_state(parent: dict, code: str, state: dict) -> Rule:
    """An EU member state's own rule: its national law where one is confirmed, else the Directive, 'expected'."""
    return _rule(
        {
            **{k: v for k, v in parent.items() if k not in ("member_states", "status")},
            "id": f"{parent['id']}-{code}",
            "jurisdiction": f"{state['name']} ({parent['jurisdiction']})",
            "countries": [code],
            **{k: v for k, v in state.items() if k in _STATE_FIELDS},
            "status": EXPECTED if state.get("status") == EXPECTED else "",
        }
    )


# What a member state's entry may set for itself; the rest comes from the Directive's rule.
_STATE_FIELDS = frozenset(
    {
        "law",
        "citation",
        "effective",
        "requires",
        "notes",
        "source",
        "checked",
        "planned",
        "single_figure",
        "single_figure_note",
    }
)


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule in the data file (the EU Directive carries its member states in `member_states`)."""
    return tuple(_rule(r) for r in load("pay_transparency")["rules"])


def all_rules() -> tuple[Rule, ...]:
    """Every rule and every EU member state's rule, in the data file's order."""
    return tuple(r for rule in rules() for r in (rule, *rule.member_states))


def status_on(rule: Rule, today: date) -> str:
    """'expected' (no national law confirmed), 'upcoming' (effective date ahead) or 'likely required'."""
    if rule.status == EXPECTED:
        return EXPECTED
    return UPCOMING if rule.effective > today else LIKELY_REQUIRED


def status_note(rule: Rule, status: str, today: date) -> str:
    """What the status means in words: the start date, the enforcement date, or why a law is only expected."""
    if status == UPCOMING:
        return say("from {date}", date=rule.effective.isoformat())
    if status == EXPECTED:
        deadline = rule.effective
        note = (
            say(
                "the Directive's deadline for national law ({date}) has passed; national law is expected",
                date=deadline.isoformat(),
            )
            if deadline <= today
            else say("national law is due by {date}", date=deadline.isoformat())
        )
        return say("{note} (planned from {planned})", note=note, planned=rule.planned) if rule.planned else note
    enforced = rule.enforced_from
    return say("enforced from {date}", date=enforced.isoformat()) if enforced and enforced > today else ""


def citation(rule: Rule, status: str, note: str) -> str:
    """ "Columbus Ord. 2898-2025, 15+ employees (likely required, enforced from 2027-01-01)"."""
    said = STATUS_WORDS.get(status, status)
    if not note:
        return say("{citation} ({status})", citation=rule.citation, status=said)
    if status == EXPECTED:
        return say("{citation} ({status}: {note})", citation=rule.citation, status=said, note=note)
    return say("{citation} ({status}, {note})", citation=rule.citation, status=said, note=note)


def threshold_text(threshold: int) -> str:
    return say("all employers") if threshold <= 1 else say("employers with {threshold}+ employees", threshold=threshold)


def requirement_text(requirement: str, rule: Rule) -> str:
    """The requirement in words; the pay range's wording follows the rule's single-figure policy."""
    texts = load("pay_transparency")["requirement_texts"]
    if requirement == "pay_range":
        return data_text(texts[_PAY_RANGE_TEXT.get(rule.single_figure, "pay_range")])
    return data_text(texts[requirement])


def single_figure_text(rule: Rule) -> str:
    """ "One fixed pay figure is enough here; the law asks for the compensation or a range of compensation."."""
    policy = SINGLE_FIGURE_POLICIES[rule.single_figure]
    if rule.single_figure_note:  # the law's own words: quoted as they are
        return say("{policy}; the law asks for {note}.", policy=policy, note=rule.single_figure_note)
    return say("{policy}.", policy=policy)


def data_checked() -> date:
    """The date by which every rule had last been checked: the oldest `checked` in the data."""
    return min(rule.checked for rule in all_rules())


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def law_data_status(today: date | None = None) -> dict:
    """{checked, stale, note}: when the law data was last checked, and a plain warning once it is old."""
    today = today or date.today()
    checked = data_checked()
    stale = today > _months_later(checked, STALE_AFTER_MONTHS)
    if stale:
        note = say(
            "Law data last checked on {date}: check for newer rules before relying on it.", date=checked.isoformat()
        )
    else:
        note = say("Law data last checked on {date}.", date=checked.isoformat())
    return {"checked": checked.isoformat(), "stale": stale, "note": note}
