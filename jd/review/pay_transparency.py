"""Pay-transparency rules: which laws likely apply to a posting, and whether it complies.

Rules are data (jd/data/pay_transparency.json, loaded by jd.review.pay_rules), each with its
source and the date it was last checked. A rule matches the job's location (state or province
codes and names, well-known cities, EU member states) or, for a Remote role whose location names
no state or city, every covered place whose law likely reaches remote roles. We never claim legal
certainty: statuses are "likely required" (in force), "upcoming" (effective date still ahead,
shown with its date) or "expected" (an EU member state whose national law is not confirmed yet),
worked out from the dates on the day of the review; employer-size thresholds are reported, not
assumed. Each finding carries a short `citation` of the rule it applies ("Cleveland Ord. 104-2025,
15+ employees"), every duty the rule lists (pay, benefits, apply-by date, no pay-history
questions...) with whether this posting meets it, and whether one pay figure is enough there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from ..location import parse_locations
from ._data import load
from .pay_rules import (
    EXPECTED,
    LIKELY_REQUIRED,
    UPCOMING,
    Rule,
    citation,
    key,
    requirement_text,
    rules,
    single_figure_text,
    status_note,
    status_on,
    threshold_text,
)

__all__ = [
    "EXPECTED",
    "LIKELY_REQUIRED",
    "UPCOMING",
    "Place",
    "Rule",
    "applicable_rules",
    "parse_place",
    "pay_shown",
    "pay_transparency",
    "rules",
    "rules_for_place",
]

_PAY_HISTORY = re.compile(
    r"\b(?:salary|pay|compensation|wage|earnings)\s+history\b"
    r"|\b(?:current|previous|prior|last)\s+(?:salary|pay|compensation|wage)s?\b",
    re.I,
)
_CANADIAN_EXPERIENCE = re.compile(r"\bcanadian\s+(?:work\s+)?experience\b", re.I)


@cache
def _eu_aliases() -> frozenset[str]:
    return frozenset(key(a) for a in load("pay_transparency")["eu_aliases"])


@dataclass
class Place:
    """What a free-text location tells us."""

    remote: bool = False
    countries: set[str] = field(default_factory=set)
    regions: set[tuple[str, str]] = field(default_factory=set)
    cities: set[str] = field(default_factory=set)
    europe: bool = False

    @property
    def specific(self) -> bool:
        """Names a state, province or city (not just a country or nothing)."""
        return bool(self.regions or self.cities)


def parse_place(location: str | None, remote: bool = False) -> Place:
    """Countries, states/provinces and cities in a location such as 'Denver, CO, USA'.

    Read by jd.location, the parser the JSON-LD address uses too, so both agree; every place of a
    list ("Denver, CO / Seattle, WA") counts, and so does every reading of an ambiguous location
    ("DE": Germany and Delaware), whose rules may then apply.
    """
    places = parse_locations(location)
    place = Place(remote=remote or any(p.remote for p in places))
    for found in (reading for p in places for reading in (p.readings or (p,))):
        if found.country:
            place.countries.add(found.country)
        region = found.region_suffix  # None exactly when there is no region_code
        if found.country and region is not None:
            place.regions.add((found.country, region))
        if found.city:
            place.cities.add(key(found.city))
        if found.area and key(found.area) in _eu_aliases():
            place.europe = True
    return place


def _rule_matches_place(rule: Rule, place: Place) -> bool:
    if rule.country == "EU":
        return place.europe or bool(place.countries & rule.countries)
    if place.countries and rule.country not in place.countries:
        return False
    own_regions = {code for country, code in place.regions if country == rule.country}
    region_hit = bool(own_regions & {r.upper() for r in rule.regions if len(r) == 2})
    city_hit = bool(place.cities & rule.cities)
    if rule.cities_only:
        return city_hit and (not own_regions or region_hit)
    if own_regions:
        return region_hit
    return city_hit


def _rule_covers_remote(rule: Rule, place: Place) -> bool:
    if not rule.remote_counts:
        return False
    if rule.country == "EU":
        return place.europe or not place.countries or bool(place.countries & rule.countries)
    if place.europe and not place.countries:
        return False
    return not place.countries or rule.country in place.countries


def applicable_rules(location: str | None, remote: bool = False) -> list[tuple[Rule, str]]:
    """[(rule, basis)] where basis is 'location' or 'remote'; the EU Directive counts as one rule here."""
    place = parse_place(location, remote)
    found = [(rule, "location") for rule in rules() if _rule_matches_place(rule, place)]
    if place.remote and not place.specific:
        matched = {rule.id for rule, _ in found}
        found += [(r, "remote") for r in rules() if r.id not in matched and _rule_covers_remote(r, place)]
    return found


def _own_rules(rule: Rule, place: Place) -> list[Rule]:
    """The rule for this place: the rule itself, or the rule of each EU member state the place names."""
    named = [state for state in rule.member_states if state.countries & place.countries]
    return named or [rule]


def rules_for_place(location: str | None, remote: bool = False) -> list[tuple[Rule, str]]:
    """[(rule, basis)] as `applicable_rules`, with each named EU member state's own rule in the Directive's place."""
    place = parse_place(location, remote)
    return [(own, basis) for rule, basis in applicable_rules(location, remote) for own in _own_rules(rule, place)]


def pay_shown(job) -> str | None:
    """How the posting shows pay: 'range', 'single' (one fixed figure), 'from', 'up_to', or None."""
    low, high = job.salary_min, job.salary_max
    if low is not None and high is not None:
        return "single" if low == high else "range"
    if low is not None:
        return "from"
    return "up_to" if high is not None else None


def _pay_accepted(rule: Rule, job) -> bool:
    """Does the pay shown meet what this rule accepts (a range, one fixed figure, an hourly rate, a minimum)?"""
    shown = pay_shown(job)
    if shown == "range":
        return True
    if rule.single_figure == "minimum":
        return shown in ("single", "from")
    if shown != "single":
        return False  # "from" and "up to" are open-ended
    period = getattr(job.salary_period, "value", job.salary_period)
    return rule.single_figure == "yes" or (rule.single_figure == "hourly" and period == "hour")


def _range_width_met(job) -> bool | None:
    """Ontario: at most CAD 50,000 wide, unless the top is over CAD 200,000 (then the pay rules do not apply)."""
    shown = pay_shown(job)
    if shown == "single":
        return True
    period = getattr(job.salary_period, "value", job.salary_period)
    if shown != "range" or period != "year":
        return None
    return job.salary_max > 200_000 or job.salary_max - job.salary_min <= 50_000


def _requirement_met(requirement: str, rule: Rule, job, text: str, gendered_terms: int) -> bool | None:
    """True/False when this JD shows whether it meets the requirement, None when only the employer knows."""
    if requirement in ("pay_range", "pay_before_interview", "minimum_pay", "base_pay"):
        return _pay_accepted(rule, job)
    if requirement == "pay_before_start":
        # Due before employment starts, not in the posting: pay shown meets it, none leaves it to confirm.
        return True if _pay_accepted(rule, job) else None
    if requirement == "healthcare_before_interview":
        return True if job.benefits else None  # due before the first interview, not necessarily in the posting
    checks = {
        "benefits": lambda: bool(job.benefits),
        "application_deadline": lambda: job.valid_through is not None,
        "job_description": lambda: True,
        "gender_neutral": lambda: gendered_terms == 0,
        "no_pay_history": lambda: not _PAY_HISTORY.search(text),
        "no_canadian_experience": lambda: not _CANADIAN_EXPERIENCE.search(text),
        "range_width": lambda: _range_width_met(job),
    }
    check = checks.get(requirement)
    return check() if check else None  # vacancy_status, ai_disclosure, promotion_notice: only the employer knows


def _finding(rule: Rule, basis: str, job, text: str, gendered_terms: int, today: date) -> dict:
    requirements = [
        {
            "key": requirement,
            "text": requirement_text(requirement, rule),
            "met": _requirement_met(requirement, rule, job, text, gendered_terms),
        }
        for requirement in rule.requires
    ]
    status = status_on(rule, today)
    note = status_note(rule, status, today)
    return {
        "id": rule.id,
        "jurisdiction": rule.jurisdiction,
        "law": rule.law,
        "citation": citation(rule, status, note),
        "short_citation": rule.citation,
        "status_note": note,
        "basis": basis,
        "status": status,
        "effective": rule.effective.isoformat(),
        "enforced_from": rule.enforced_from.isoformat() if rule.enforced_from else None,
        "applies_to": threshold_text(rule.employer_threshold),
        "employer_threshold": rule.employer_threshold,
        "remote_counts": rule.remote_counts,
        "single_figure": rule.single_figure,
        "single_figure_text": single_figure_text(rule),
        "requirements": requirements,
        "missing": [r["text"] for r in requirements if r["met"] is False],
        "to_confirm": [r["text"] for r in requirements if r["met"] is None],
        "compliant": all(r["met"] is not False for r in requirements),
        "notes": rule.notes,
        "source": rule.source,
        "checked": rule.checked.isoformat(),
    }


def pay_transparency(job, text: str = "", *, gendered_terms: int = 0, today: date | None = None) -> list[dict]:
    """One finding per likely-applicable rule (see the module docstring of jd.review for keys)."""
    if job is None:
        return []
    today = today or date.today()
    remote = getattr(job.work_mode, "value", job.work_mode) == "Remote"
    return [
        _finding(rule, basis, job, text, gendered_terms, today) for rule, basis in rules_for_place(job.location, remote)
    ]
