"""Pay-transparency rules: which laws likely apply to a posting, and whether it complies.

Rules are data (jd/data/pay_transparency.json), each with its source. A rule
matches the job's location (state or province codes and names, well-known
cities, EU member states) or, for a Remote role whose location names no state
or city, every covered place whose law likely reaches remote roles. We never
claim legal certainty: statuses are "likely required" (in force),
"upcoming" (effective date still ahead, shown with its date) or "expected"
(an EU member state whose transposing law is not confirmed yet), and
employer-size thresholds are reported, not assumed. Each finding carries a
short `citation` of the rule it applies ("Cleveland Ord. 104-2025, 15+
employees").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pycountry

from ..location import parse_locations
from ._data import load

LIKELY_REQUIRED = "likely required"
UPCOMING = "upcoming"
EXPECTED = "expected"

_REMOTE_WORDS = re.compile(r"\b(?:fully\s+)?(?:remote|anywhere|worldwide|work\s+from\s+home|wfh|distributed)\b", re.I)
_SEPARATORS = re.compile(r"[,;/|()\[\]\n]|\s[-\u2013\u2014]\s")
_POSTCODE = re.compile(r"\b\d[\d\- ]{2,}\b")
_PAY_HISTORY = re.compile(
    r"\b(?:salary|pay|compensation|wage|earnings)\s+history\b"
    r"|\b(?:current|previous|prior|last)\s+(?:salary|pay|compensation|wage)s?\b",
    re.I,
)
_CANADIAN_EXPERIENCE = re.compile(r"\bcanadian\s+(?:work\s+)?experience\b", re.I)


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", text.replace(".", " ")).strip().casefold()


@dataclass(frozen=True)
class Rule:
    id: str
    jurisdiction: str
    country: str
    regions: frozenset[str]
    cities: frozenset[str]
    cities_only: bool
    countries: frozenset[str]
    law: str
    effective: date
    employer_threshold: int
    requires: tuple[str, ...]
    remote_counts: bool
    notes: str
    source: str
    citation: str = ""
    enforced_from: date | None = None
    status: str = ""  # "expected" when no law is confirmed; otherwise worked out from the date
    member_states: tuple[tuple[str, dict], ...] = ()


@cache
def rules() -> tuple[Rule, ...]:
    data = load("pay_transparency")
    return tuple(
        Rule(
            id=r["id"],
            jurisdiction=r["jurisdiction"],
            country=r["country"],
            regions=frozenset(_key(x) for x in r.get("regions", ())),
            cities=frozenset(_key(x) for x in r.get("cities", ())),
            cities_only=r.get("cities_only", False),
            countries=frozenset(r.get("countries", ())),
            law=r["law"],
            effective=date.fromisoformat(r["effective"]),
            employer_threshold=r["employer_threshold"],
            requires=tuple(r["requires"]),
            remote_counts=r["remote_counts"],
            notes=r["notes"],
            source=r["source"],
            citation=r.get("citation", ""),
            enforced_from=date.fromisoformat(r["enforced_from"]) if r.get("enforced_from") else None,
            status=r.get("status", ""),
            member_states=tuple(sorted(r.get("member_states", {}).items())),
        )
        for r in data["rules"]
    )


@cache
def _gazetteer() -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, str], frozenset[str]]:
    """(country names -> alpha-2, region names/codes -> (country, code), city -> alpha-2, EU aliases)."""
    data = load("pay_transparency")
    countries: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                countries[_key(value)] = country.alpha_2
    for alpha_2, aliases in data["country_aliases"].items():
        for alias in aliases:
            countries[_key(alias)] = alpha_2
    regions: dict[str, tuple[str, str]] = {}
    for alpha_2 in ("US", "CA"):
        for sub in pycountry.subdivisions.get(country_code=alpha_2):
            code = sub.code.split("-")[1]
            regions[_key(sub.name)] = (alpha_2, code)
            regions[code] = (alpha_2, code)  # codes are matched case-sensitively (upper case)
    for rule in rules():
        for name in rule.regions:
            if rule.country in ("US", "CA"):
                code = rule.id.split("-")[1] if rule.id.count("-") == 1 else ""
                if code and name.upper() != name:
                    regions.setdefault(name, (rule.country, code if code != "NYC" else "NY"))
    cities: dict[str, str] = {}
    for alpha_2, names in data["cities"].items():
        if alpha_2.startswith("_"):
            continue
        for name in names:
            cities[_key(name)] = alpha_2
    return countries, regions, cities, frozenset(_key(a) for a in data["eu_aliases"])


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
    eu_aliases = _gazetteer()[3]
    places = parse_locations(location)
    place = Place(remote=remote or any(p.remote for p in places))
    for found in (reading for p in places for reading in (p.readings or (p,))):
        if found.country:
            place.countries.add(found.country)
        region = found.region_suffix  # None exactly when there is no region_code
        if found.country and region is not None:
            place.regions.add((found.country, region))
        if found.city:
            place.cities.add(_key(found.city))
        if found.area and _key(found.area) in eu_aliases:
            place.europe = True
    return place


def _rule_matches_place(rule: Rule, place: Place) -> bool:
    if rule.country == "EU":
        return place.europe or bool(place.countries & rule.countries)
    if place.countries and rule.country not in place.countries:
        return False
    own_regions = {code for country, code in place.regions if country == rule.country}
    region_names = set(rule.regions)
    region_hit = bool(own_regions & {r.upper() for r in region_names if len(r) == 2})
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
    """[(rule, basis)] where basis is 'location' or 'remote'."""
    place = parse_place(location, remote)
    found = [(rule, "location") for rule in rules() if _rule_matches_place(rule, place)]
    if place.remote and not place.specific:
        matched = {rule.id for rule, _ in found}
        found += [(r, "remote") for r in rules() if r.id not in matched and _rule_covers_remote(r, place)]
    return found


def _requirement_met(key: str, job, text: str, gendered_terms: int) -> bool | None:
    """True/False when this JD shows whether it meets the requirement, None when it cannot."""
    full_range = job.salary_min is not None and job.salary_max is not None
    if key in ("pay_range", "pay_before_interview"):
        return full_range
    if key == "pay_before_start":
        # Due before employment starts, not in the posting: a range here meets it, none leaves it to confirm.
        return True if full_range else None
    if key == "benefits":
        return bool(job.benefits)
    if key == "application_deadline":
        return job.valid_through is not None
    if key == "job_description":
        return True
    if key == "gender_neutral":
        return gendered_terms == 0
    if key == "no_pay_history":
        return not _PAY_HISTORY.search(text)
    if key == "no_canadian_experience":
        return not _CANADIAN_EXPERIENCE.search(text)
    if key == "range_width":
        period = getattr(job.salary_period, "value", job.salary_period)
        if not full_range or period != "year":
            return None
        return job.salary_max > 200_000 or job.salary_max - job.salary_min <= 50_000
    return None  # vacancy_status, ai_disclosure: only the employer knows


def _threshold_text(threshold: int) -> str:
    return "all employers" if threshold <= 1 else f"employers with {threshold}+ employees"


def _status(status: str, effective: date, today: date) -> str:
    if status == EXPECTED:
        return EXPECTED
    return UPCOMING if effective > today else LIKELY_REQUIRED


def _status_note(status: str, variant: dict, today: date) -> str:
    """What the status means in words: the enforcement date, the start date, or why a law is only expected."""
    if status == UPCOMING:
        return f"from {variant['effective'].isoformat()}"
    if status == EXPECTED:
        deadline = variant["effective"]
        note = (
            f"the Directive's deadline for national law ({deadline.isoformat()}) has passed; national law is expected"
            if deadline <= today
            else f"national law is due by {deadline.isoformat()}"
        )
        planned = variant.get("planned")
        return note + (f" (planned from {planned})" if planned else "")
    enforced = variant["enforced_from"]
    return f"enforced from {enforced.isoformat()}" if enforced and enforced > today else ""


def _citation(short: str, status: str, note: str) -> str:
    """ "Columbus Ord. 2898-2025, 15+ employees (likely required, enforced from 2027-01-01)"."""
    if not note:
        return f"{short} ({status})"
    return f"{short} ({status}: {note})" if status == EXPECTED else f"{short} ({status}, {note})"


def _variants(rule: Rule, place: Place) -> list[dict]:
    """What the rule says for this place: one entry, or one per named EU member state."""
    base = {
        "id": rule.id,
        "jurisdiction": rule.jurisdiction,
        "law": rule.law,
        "citation": rule.citation or rule.law,
        "effective": rule.effective,
        "enforced_from": rule.enforced_from,
        "status": rule.status,
        "requires": rule.requires,
        "planned": None,
        "notes": rule.notes,
        "source": rule.source,
    }
    states = dict(rule.member_states)
    named = sorted(place.countries & set(states)) if states else []
    if not named:
        return [base]
    variants = []
    for code in named:
        state = states[code]
        effective = date.fromisoformat(state["effective"]) if state.get("effective") else rule.effective
        variants.append(
            {
                **base,
                "id": f"{rule.id}-{code}",
                "jurisdiction": f"{state['name']} ({rule.jurisdiction})",
                "law": state.get("law", rule.law),
                "citation": state.get("citation", base["citation"]),
                "effective": effective,
                "status": EXPECTED if state.get("status") == EXPECTED else "",
                "requires": tuple(state.get("requires", rule.requires)),
                "planned": state.get("planned"),
                "notes": state.get("notes", rule.notes),
                "source": state.get("source", rule.source),
            }
        )
    return variants


def pay_transparency(job, text: str = "", *, gendered_terms: int = 0, today: date | None = None) -> list[dict]:
    """One finding per likely-applicable rule (see the module docstring of jd.review for keys)."""
    if job is None:
        return []
    today = today or date.today()
    texts = load("pay_transparency")["requirement_texts"]
    remote = getattr(job.work_mode, "value", job.work_mode) == "Remote"
    place = parse_place(job.location, remote)
    findings = []
    for rule, basis in applicable_rules(job.location, remote):
        for variant in _variants(rule, place):
            requirements = [
                {"key": key, "text": texts[key], "met": _requirement_met(key, job, text, gendered_terms)}
                for key in variant["requires"]
            ]
            status = _status(variant["status"], variant["effective"], today)
            note = _status_note(status, variant, today)
            enforced = variant["enforced_from"]
            findings.append(
                {
                    "id": variant["id"],
                    "jurisdiction": variant["jurisdiction"],
                    "law": variant["law"],
                    "citation": _citation(variant["citation"], status, note),
                    "short_citation": variant["citation"],
                    "status_note": note,
                    "basis": basis,
                    "status": status,
                    "effective": variant["effective"].isoformat(),
                    "enforced_from": enforced.isoformat() if enforced else None,
                    "applies_to": _threshold_text(rule.employer_threshold),
                    "employer_threshold": rule.employer_threshold,
                    "remote_counts": rule.remote_counts,
                    "requirements": requirements,
                    "missing": [r["text"] for r in requirements if r["met"] is False],
                    "to_confirm": [r["text"] for r in requirements if r["met"] is None],
                    "compliant": all(r["met"] is not False for r in requirements),
                    "notes": variant["notes"],
                    "source": variant["source"],
                }
            )
    return findings
