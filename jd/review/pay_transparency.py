"""Pay-transparency rules: which laws likely apply to a posting, and whether it complies.

Rules are data (jd/data/pay_transparency.json), each with its source. A rule
matches the job's location (state or province codes and names, well-known
cities, EU member states) or, for a Remote role whose location names no state
or city, every covered place whose law likely reaches remote roles. We never
claim legal certainty: statuses are "likely required" (in force) or
"upcoming" (effective date still ahead), and employer-size thresholds are
reported, not assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pycountry

from ._data import load

LIKELY_REQUIRED = "likely required"
UPCOMING = "upcoming"

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
    for country in ("US", "CA"):
        for sub in pycountry.subdivisions.get(country_code=country):
            code = sub.code.split("-")[1]
            regions[_key(sub.name)] = (country, code)
            regions[code] = (country, code)  # codes are matched case-sensitively (upper case)
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


def _region(part: str) -> tuple[str, str] | None:
    _, regions, _, _ = _gazetteer()
    stripped = part.strip()
    if stripped.replace(".", "").isupper() and len(stripped.replace(".", "")) == 2:
        return regions.get(stripped.replace(".", ""))
    return regions.get(_key(stripped))


def parse_place(location: str | None, remote: bool = False) -> Place:
    """Read countries, states/provinces and cities out of a location such as 'Denver, CO, USA'."""
    countries_by_name, _, cities_by_name, eu_aliases = _gazetteer()
    text = location or ""
    place = Place(remote=remote or bool(_REMOTE_WORDS.search(text)))
    text = _REMOTE_WORDS.sub(" ", text)
    parts = [_POSTCODE.sub(" ", p).strip() for p in _SEPARATORS.split(text)]
    parts = [p for p in parts if re.search(r"[^\W\d_]", p)]
    explicit: set[str] = set()
    localities: list[str] = []
    for index, part in enumerate(parts):
        key = _key(part)
        if key in eu_aliases:
            place.europe = True
        elif (region := _region(part)) and not (index == 0 and len(parts) > 1 and _region(parts[1])):
            # States before countries: "Atlanta, Georgia" is in the US.
            place.regions.add(region)
            if index == 0:
                localities.append(key)  # "New York" is a state and a city
        elif key in countries_by_name:
            explicit.add(countries_by_name[key])
        else:
            words = part.split()
            if len(words) > 1 and (region := _region(words[-1])):  # "Seattle WA", "Washington DC"
                place.regions.add(region)
                localities.append(_key(" ".join(words[:-1])))
            if len(words) > 1 and (region := _region(" ".join(words[-2:]))) and len(words) > 2:
                place.regions.add(region)
            localities.append(key)
    place.cities = set(localities)
    provinces = {r for r in place.regions if r[0] == "CA"}
    if provinces and ("US", "CA") in place.regions and not explicit:
        place.regions.discard(("US", "CA"))  # "Toronto, ON, CA": CA is Canada, not California
        explicit.add("CA")
    if explicit:
        place.countries = explicit
        place.regions = {r for r in place.regions if r[0] in explicit}
    else:
        place.countries = {country for country, _ in place.regions}
        for city in localities:
            if not place.countries and city in cities_by_name:
                place.countries.add(cities_by_name[city])
    return place


def _rule_matches_place(rule: Rule, place: Place) -> bool:
    if rule.country == "EU":
        return place.europe or bool(place.countries & rule.countries)
    if place.countries and rule.country not in place.countries:
        return False
    own_regions = {code for country, code in place.regions if country == rule.country}
    region_names = {r for r in rule.regions}
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


def pay_transparency(job, text: str = "", *, gendered_terms: int = 0, today: date | None = None) -> list[dict]:
    """One finding per likely-applicable rule (see the module docstring of jd.review for keys)."""
    if job is None:
        return []
    today = today or date.today()
    texts = load("pay_transparency")["requirement_texts"]
    remote = getattr(job.work_mode, "value", job.work_mode) == "Remote"
    findings = []
    for rule, basis in applicable_rules(job.location, remote):
        requirements = [
            {"key": key, "text": texts[key], "met": _requirement_met(key, job, text, gendered_terms)}
            for key in rule.requires
        ]
        findings.append(
            {
                "id": rule.id,
                "jurisdiction": rule.jurisdiction,
                "law": rule.law,
                "basis": basis,
                "status": UPCOMING if rule.effective > today else LIKELY_REQUIRED,
                "effective": rule.effective.isoformat(),
                "applies_to": _threshold_text(rule.employer_threshold),
                "employer_threshold": rule.employer_threshold,
                "remote_counts": rule.remote_counts,
                "requirements": requirements,
                "missing": [r["text"] for r in requirements if r["met"] is False],
                "to_confirm": [r["text"] for r in requirements if r["met"] is None],
                "compliant": all(r["met"] is not False for r in requirements),
                "notes": rule.notes,
                "source": rule.source,
            }
        )
    return findings
