"""Pay transparency: which rules likely apply, and whether a posting complies."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from jd.review._data import load
from jd.review.pay_transparency import applicable_rules, pay_transparency
from jd.spec import parse_job

TODAY = date(2026, 11, 29)

# One location per jurisdiction, written the way people type them.
LOCATIONS = {
    "US-CO": "Denver, CO, USA",
    "US-CA": "San Francisco, California",
    "US-WA": "Seattle WA",
    "US-NY": "Albany, New York",
    "US-NYC": "Brooklyn, NY",
    "US-IL": "Chicago, IL 60601",
    "US-MD": "Baltimore, Maryland",
    "US-HI": "Honolulu, HI",
    "US-DC": "Washington, DC",
    "US-MN": "Minneapolis, MN",
    "US-NJ": "Jersey City, NJ",
    "US-VT": "Burlington, VT",
    "US-MA": "Boston, MA",
    "CA-BC": "Vancouver, BC, Canada",
    "CA-ON": "Toronto, Ontario",
    "US-OH-CLE": "Cleveland, OH",
    "US-OH-CMH": "Columbus, Ohio",
    "US-NJ-JC": "Jersey City, NJ",
    "CA-PE": "Charlottetown, PEI",
    "US-VA": "Richmond, VA",
    "US-ME": "Portland, ME",
    "EU-AT": "Vienna, Austria",
    "EU-LT": "Vilnius, Lithuania",
    "EU-SK": "Bratislava, Slovakia",
    "EU-PL": "Warsaw, Poland",
}


def job(location, *, pay=True, work_mode=None, **extra):
    data = {"title": "Registered Nurse", "location": location, "work_mode": work_mode}
    if pay:
        data.update(
            salary_min=70000,
            salary_max=90000,
            currency="USD",
            salary_period="year",
            benefits="Health insurance and paid leave",
            valid_through="2027-01-31",
        )
    data.update(extra)
    return parse_job(data)


def ids(findings):
    return {f["id"] for f in findings}


@pytest.mark.parametrize("rule_id, location", LOCATIONS.items())
def test_each_jurisdiction_flags_a_job_without_pay(rule_id, location):
    findings = pay_transparency(job(location, pay=False), today=TODAY)
    finding = next(f for f in findings if f["id"] == rule_id)
    assert finding["basis"] == "location"
    assert finding["status"] == "likely required"
    assert finding["compliant"] is False
    pay_keys = ("pay_range", "pay_before_interview", "minimum_pay", "base_pay")
    assert any(r["key"] in pay_keys and r["met"] is False for r in finding["requirements"])
    assert finding["source"].startswith("https://")


@pytest.mark.parametrize("rule_id, location", LOCATIONS.items())
def test_each_jurisdiction_accepts_a_job_with_a_range(rule_id, location):
    findings = pay_transparency(job(location), today=TODAY)
    finding = next(f for f in findings if f["id"] == rule_id)
    assert finding["compliant"] is True, finding["missing"]
    assert finding["missing"] == []


@pytest.mark.parametrize(
    "location",
    ["Austin, TX, USA", "Tokyo, Japan", "London, UK", "Perth, WA, Australia", "Zurich, Switzerland", "Remote, Japan"],
)
def test_places_without_a_rule_are_not_flagged(location):
    assert pay_transparency(job(location, pay=False), today=TODAY) == []


def test_new_york_city_is_also_new_york_state():
    assert ids(pay_transparency(job("New York, NY", pay=False), today=TODAY)) == {"US-NY", "US-NYC"}
    assert ids(pay_transparency(job("Albany, New York", pay=False), today=TODAY)) == {"US-NY"}


def test_a_state_code_beats_a_famous_city_name():
    assert ids(pay_transparency(job("Vancouver, WA", pay=False), today=TODAY)) == {"US-WA"}
    assert ids(pay_transparency(job("London, ON", pay=False), today=TODAY)) == {"CA-ON"}


def test_remote_role_without_location_likely_falls_under_remote_covering_laws():
    findings = pay_transparency(job(None, pay=False, work_mode="Remote"), today=TODAY)
    assert {"US-CO", "US-CA", "US-WA", "US-NY", "US-NYC", "US-IL", "CA-BC", "CA-ON", "EU"} <= ids(findings)
    assert "US-HI" not in ids(findings)  # Hawaii's law says nothing about remote roles
    assert all(f["basis"] == "remote" and not f["compliant"] for f in findings)


def test_remote_us_role_is_limited_to_us_rules():
    findings = pay_transparency(job("Remote, US", pay=False), today=TODAY)
    assert "US-CO" in ids(findings)
    assert all(f["id"].startswith("US-") for f in findings)
    assert all(f["remote_counts"] for f in findings)


def test_remote_role_in_a_named_state_is_that_state():
    assert ids(pay_transparency(job("Remote - Colorado", pay=False), today=TODAY)) == {"US-CO"}


def test_colorado_also_wants_benefits_and_a_closing_date():
    finding = pay_transparency(job("Denver, CO", benefits=None, valid_through=None), today=TODAY)[0]
    assert finding["compliant"] is False
    assert {r["key"] for r in finding["requirements"] if r["met"] is False} == {"benefits", "application_deadline"}


def test_a_single_figure_is_not_a_range():
    single = parse_job(
        {
            "title": "Cook",
            "location": "Seattle, WA",
            "salary_min": 25,
            "currency": "USD",
            "salary_period": "hour",
            "benefits": "Meals",
        }
    )
    finding = pay_transparency(single, today=TODAY)[0]
    assert finding["compliant"] is False and finding["single_figure"] == "no"
    assert finding["missing"] == ["a good-faith pay range (minimum and maximum)"]


def test_ontario_range_no_wider_than_50000_and_no_canadian_experience():
    wide = job("Toronto, ON", salary_min=60000, salary_max=130000, currency="CAD")
    finding = pay_transparency(wide, today=TODAY)[0]
    assert finding["compliant"] is False
    assert "range_width" in {r["key"] for r in finding["requirements"] if r["met"] is False}
    assert finding["to_confirm"]  # vacancy status and AI use: only the employer knows
    narrow = job("Toronto, ON", salary_min=80000, salary_max=120000, currency="CAD")
    text = "Canadian experience is a must."
    finding = pay_transparency(narrow, text, today=TODAY)[0]
    assert [r["key"] for r in finding["requirements"] if r["met"] is False] == ["no_canadian_experience"]


def test_pay_history_questions_break_bc_and_eu_rules():
    text = "Please include your current salary with your application."
    assert pay_transparency(job("Vancouver, BC"), text, today=TODAY)[0]["compliant"] is False
    assert pay_transparency(job("Paris, France"), text, today=TODAY)[0]["compliant"] is False


def test_eu_gender_neutral_wording_requirement_uses_the_count_given():
    assert pay_transparency(job("Madrid, Spain"), gendered_terms=1, today=TODAY)[0]["compliant"] is False


def test_rules_not_yet_in_force_are_upcoming():
    assert pay_transparency(job("Toronto", pay=False), today=date(2025, 6, 1))[0]["status"] == "upcoming"


def test_no_job_no_findings():
    assert pay_transparency(None) == []


def test_findings_are_json_serialisable():
    findings = pay_transparency(job(None, pay=False, work_mode="Remote"), today=TODAY)
    assert len(findings) >= 9
    assert json.loads(json.dumps(findings)) == findings
    checked = {rule["id"]: rule["checked"] for rule in load("pay_transparency")["rules"]}
    assert all(f["checked"] == checked[f["id"]] and f["single_figure_text"] for f in findings)


def test_every_rule_is_complete_and_cited():
    data = load("pay_transparency")
    texts = data["requirement_texts"]
    assert len(data["rules"]) >= 23
    for rule in data["rules"]:
        assert re.fullmatch(r"https://\S+", rule["source"]), rule["id"]
        date.fromisoformat(rule["effective"])
        assert date.fromisoformat(rule["checked"]) <= date.today(), rule["id"]
        assert rule["single_figure"] in ("yes", "hourly", "no", "minimum") and rule["single_figure_note"], rule["id"]
        assert set(rule["requires"]) <= set(texts), rule["id"]
        assert isinstance(rule["remote_counts"], bool)
        assert rule["employer_threshold"] >= 1
    eu = next(r for r in data["rules"] if r["id"] == "EU")
    assert eu["effective"] == "2026-06-07" and len(eu["countries"]) == 27
    assert set(eu["member_states"]) == set(eu["countries"])


def test_applicable_rules_reads_locations_alone():
    assert [r.id for r, _ in applicable_rules("Toronto, ON, CA")] == ["CA-ON"]
    assert [r.id for r, _ in applicable_rules("Los Angeles, CA")] == ["US-CA"]
    assert [r.id for r, _ in applicable_rules("Remote (Europe)")] == ["EU"]


def finding_for(location, rule_id, today=TODAY, **kw):
    return next(f for f in pay_transparency(job(location, pay=False), today=today, **kw) if f["id"] == rule_id)


def test_cleveland_ad_without_pay_is_flagged_with_its_ordinance():
    finding = finding_for("Cleveland, OH", "US-OH-CLE")
    assert finding["status"] == "likely required" and finding["compliant"] is False
    assert finding["citation"].startswith("Cleveland Ord. 104-2025, 15+ employees")
    assert finding["effective"] == "2025-10-27"
    assert "US-OH-CLE" in ids(pay_transparency(job("Cleveland", pay=False), today=TODAY))


def test_columbus_is_in_force_with_enforcement_from_2027():
    finding = finding_for("Columbus, OH", "US-OH-CMH")
    assert finding["status"] == "likely required"
    assert finding["effective"] == "2025-12-03" and finding["enforced_from"] == "2027-01-01"
    assert "2898-2025" in finding["citation"] and "15+" in finding["citation"]


def test_jersey_city_has_its_own_5_employee_rule_besides_new_jersey():
    findings = pay_transparency(job("Jersey City, NJ", pay=False), today=TODAY)
    assert {"US-NJ", "US-NJ-JC"} <= ids(findings)
    assert next(f for f in findings if f["id"] == "US-NJ-JC")["employer_threshold"] == 5
    assert "US-NJ-JC" not in ids(pay_transparency(job("Newark, NJ", pay=False), today=TODAY))


def test_ohio_cities_do_not_cover_the_rest_of_ohio():
    assert pay_transparency(job("Dayton, OH", pay=False), today=TODAY) == []


def test_corrected_statute_citations():
    assert "378-2.8" in finding_for("Honolulu, HI", "US-HI")["citation"]
    vermont = finding_for("Burlington, VT", "US-VT")
    assert "495p" in vermont["law"] and "495p" in vermont["citation"]


def test_every_finding_cites_its_rule_and_status():
    for location in LOCATIONS.values():
        for finding in pay_transparency(job(location, pay=False), today=TODAY):
            assert finding["citation"] and "employ" in finding["citation"], finding
            assert finding["status"] in finding["citation"]


def test_upcoming_rules_say_so_with_their_date():
    early = next(
        f for f in pay_transparency(job("Cleveland, OH", pay=False), today=date(2025, 10, 1)) if f["id"] == "US-OH-CLE"
    )
    assert early["status"] == "upcoming" and "upcoming, from 2025-10-27" in early["citation"]


def test_eu_findings_are_per_member_state_and_expected_until_a_law_is_confirmed():
    berlin = pay_transparency(job("Berlin, Germany", pay=False), today=TODAY)
    assert [f["id"] for f in berlin] == ["EU-DE"]
    assert berlin[0]["status"] == "expected" and berlin[0]["jurisdiction"].startswith("Germany")
    assert berlin[0]["compliant"] is False
    europe = pay_transparency(job("Remote (Europe)", pay=False), today=TODAY)
    assert [(f["id"], f["status"]) for f in europe] == [("EU", "expected")]


def test_an_eu_member_state_with_a_confirmed_law_reports_it():
    # Real data, no monkeypatching: Poland's Labour Code amendment (Dz.U. 2025 poz. 807) is in force.
    finding = pay_transparency(job("Warsaw, Poland", pay=False), today=TODAY)[0]
    assert (finding["id"], finding["status"], finding["effective"]) == ("EU-PL", "likely required", "2025-12-24")
    assert finding["jurisdiction"].startswith("Poland")
    assert "18(3ca)" in finding["citation"] and "Dz.U. 2025 poz. 807" in finding["law"]
    assert finding["compliant"] is False and finding["missing"]
    assert finding["source"].startswith("https://") and "eur-lex" not in finding["source"]
    assert pay_transparency(job("Warsaw, Poland"), today=TODAY)[0]["compliant"] is True


def test_malta_is_partly_in_force_and_wants_pay_before_employment_starts():
    finding = pay_transparency(job("Valletta, Malta", pay=False), today=TODAY)[0]
    assert (finding["id"], finding["status"], finding["effective"]) == ("EU-MT", "likely required", "2025-08-27")
    assert "L.N. 112 of 2025" in finding["citation"]
    # Due before employment starts, not in the posting: to confirm, not missing.
    assert finding["missing"] == [] and finding["to_confirm"] and finding["compliant"] is True
    assert "dier.gov.mt" in finding["source"]


def test_netherlands_is_expected_with_its_planned_date():
    finding = pay_transparency(job("Amsterdam, Netherlands", pay=False), today=TODAY)[0]
    assert (finding["id"], finding["status"]) == ("EU-NL", "expected")
    assert "2027-01-01" in finding["status_note"] and "has passed" in finding["status_note"]


def test_prince_edward_island_requires_pay_in_public_postings():
    finding = finding_for("Charlottetown, PEI", "CA-PE")
    assert finding["status"] == "likely required" and finding["effective"] == "2022-06-01"
    assert finding["employer_threshold"] == 1 and finding["compliant"] is False
    assert "5.9" in finding["citation"]
    assert "CA-PE" in ids(pay_transparency(job("Summerside, Prince Edward Island", pay=False), today=TODAY))
    assert pay_transparency(job("Charlottetown, PE, Canada"), today=TODAY)[0]["compliant"] is True


def test_delaware_is_upcoming_until_september_2027():
    finding = finding_for("Wilmington, DE, USA", "US-DE")
    assert finding["status"] == "upcoming" and finding["effective"] == "2027-09-26"
    assert finding["employer_threshold"] == 26
    assert "HB 105" in finding["citation"] and "upcoming, from 2027-09-26" in finding["citation"]
    later = next(
        f for f in pay_transparency(job("Dover, Delaware", pay=False), today=date(2027, 10, 1)) if f["id"] == "US-DE"
    )
    assert later["status"] == "likely required"


def test_expected_member_states_say_the_deadline_has_passed():
    finding = pay_transparency(job("Berlin, Germany", pay=False), today=TODAY)[0]
    assert finding["status"] == "expected"
    assert "deadline for national law (2026-06-07) has passed" in finding["status_note"]
    assert "national law is expected" in finding["citation"]
    before = pay_transparency(job("Berlin, Germany", pay=False), today=date(2026, 3, 1))[0]
    assert before["status"] == "expected" and "due by 2026-06-07" in before["status_note"]


def test_columbus_shows_its_enforcement_date():
    finding = finding_for("Columbus, OH", "US-OH-CMH")
    assert finding["status_note"] == "enforced from 2027-01-01"
    assert "likely required, enforced from 2027-01-01" in finding["citation"]
    assert finding_for("Columbus, OH", "US-OH-CMH", today=date(2027, 2, 1))["status_note"] == ""


def _cited_sources_table() -> dict[str, tuple[str, str, str]]:
    """{rule id: (source, kind, checked)} from the table in jd/data/SOURCES.md."""
    sources = (Path(__file__).parents[1] / "jd" / "data" / "SOURCES.md").read_text(encoding="utf-8")
    table = sources[sources.index("| rule | source cited | kind | checked |") :].split("\n\n")[0]
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_sources_md_lists_every_rules_source_kind_and_date():
    table = _cited_sources_table()
    data = load("pay_transparency")
    entries = [(r["id"], r) for r in data["rules"]]
    eu = next(r for r in data["rules"] if r["id"] == "EU")
    entries += [(f"EU-{code}", state) for code, state in eu["member_states"].items() if "source" in state]
    assert set(table) == {rule_id for rule_id, _ in entries}
    for rule_id, entry in entries:
        source, kind, checked = table[rule_id]
        assert (source, checked) == (entry["source"], entry["checked"]), rule_id
        says_secondary = "secondary" in entry["notes"]
        assert (kind == "secondary source") == says_secondary, rule_id


# --- issue 23: laws added or corrected on 2026-12-07 -------------------------------------------

REVIEW_DAY = date(2026, 12, 7)


def fixed(location, amount=25, period="hour", currency="USD", **extra):
    """A posting with one fixed pay figure (the same minimum and maximum), benefits and an apply-by date."""
    return job(location, salary_min=amount, salary_max=amount, salary_period=period, currency=currency, **extra)


@pytest.mark.parametrize(
    "location, rule_id, effective, cited",
    [
        ("Richmond, VA", "US-VA", "2026-07-01", "Va. Code §40.1-28.7:12, all employers"),
        ("Portland, ME", "US-ME", "2026-07-13", "Me. LD 54 (H.P. 18), 10+ employees"),
        ("Vienna, Austria", "EU-AT", "2011-03-01", "Austria GlBG §9(2), all employers"),
        ("Vilnius, Lithuania", "EU-LT", "2019-07-27", "Lithuania Labour Code art. 25(6), all employers"),
        ("Bratislava, Slovakia", "EU-SK", "2018-05-01", "Slovakia Act 5/2004 §62(2), all employers"),
    ],
)
def test_new_and_corrected_laws_are_in_force_with_their_citation(location, rule_id, effective, cited):
    findings = pay_transparency(job(location, pay=False), today=REVIEW_DAY)
    assert [f["id"] for f in findings] == [rule_id]
    finding = findings[0]
    assert (finding["status"], finding["effective"]) == ("likely required", effective)
    assert finding["citation"] == f"{cited} (likely required)"
    assert finding["compliant"] is False and finding["missing"]
    assert finding["checked"] == "2026-12-07" and finding["source"].startswith("https://")
    assert "expected" not in finding["citation"]


def test_virginia_also_bans_pay_history_questions():
    text = "Tell us your current salary when you apply."
    finding = pay_transparency(fixed("Richmond, Virginia"), text, today=REVIEW_DAY)[0]
    assert finding["missing"] == ["no questions about the applicant's pay history"]
    assert pay_transparency(fixed("Richmond, Virginia"), "Cook meals.", today=REVIEW_DAY)[0]["compliant"] is True


def test_maine_wants_a_range_and_names_the_uncertain_day():
    finding = pay_transparency(fixed("Portland, ME"), today=REVIEW_DAY)[0]
    assert finding["single_figure"] == "no" and finding["compliant"] is False
    assert "official general effective date could not be read" in finding["notes"]
    assert pay_transparency(job("Portland, ME"), today=REVIEW_DAY)[0]["compliant"] is True
    assert pay_transparency(job("Portland, OR", pay=False), today=REVIEW_DAY) == []


def test_austria_wants_the_minimum_pay_and_a_from_figure_is_enough():
    minimum_only = job("Wien, Österreich", salary_max=None, currency="EUR", salary_period="month")
    finding = pay_transparency(minimum_only, today=REVIEW_DAY)[0]
    assert finding["id"] == "EU-AT" and finding["compliant"] is True
    assert [r["key"] for r in finding["requirements"]] == ["minimum_pay", "gender_neutral"]
    up_to = job("Vienna, Austria", salary_min=None, currency="EUR", salary_period="month")
    assert pay_transparency(up_to, today=REVIEW_DAY)[0]["compliant"] is False
    assert pay_transparency(job("Vienna, Austria"), gendered_terms=1, today=REVIEW_DAY)[0]["compliant"] is False


def test_lithuania_and_slovakia_accept_one_figure():
    for location in ("Vilnius, Lithuania", "Bratislava, Slovakia"):
        assert pay_transparency(fixed(location, 1800, "month", "EUR"), today=REVIEW_DAY)[0]["compliant"] is True
    # Slovakia asks for the base pay amount: "from 1,200" states it; Lithuania asks for an amount or a range.
    from_figure = {"salary_max": None, "currency": "EUR", "salary_period": "month"}
    assert pay_transparency(job("Bratislava, Slovakia", **from_figure), today=REVIEW_DAY)[0]["compliant"] is True
    assert pay_transparency(job("Vilnius, Lithuania", **from_figure), today=REVIEW_DAY)[0]["compliant"] is False


def test_italy_stays_expected_and_malta_partly_in_force():
    italy = pay_transparency(job("Milan, Italy", pay=False), today=REVIEW_DAY)[0]
    assert (italy["id"], italy["status"]) == ("EU-IT", "expected")
    assert "could not be confirmed" in italy["notes"] and "5 February 2026" in italy["notes"]
    malta = pay_transparency(job("Valletta, Malta", pay=False), today=REVIEW_DAY)[0]
    assert (malta["status"], malta["effective"]) == ("likely required", "2025-08-27")
    assert "No full transposition could be confirmed" in malta["notes"]


# --- one pay figure -----------------------------------------------------------------------------


def test_a_single_figure_in_new_york_state_passes():
    finding = pay_transparency(fixed("Albany, NY"), today=REVIEW_DAY)[0]
    assert (finding["id"], finding["single_figure"], finding["compliant"]) == ("US-NY", "yes", True)
    assert finding["missing"] == []
    assert finding["single_figure_text"].startswith("One fixed pay figure is enough here")


def test_a_single_figure_in_new_york_city_passes_too():
    # The Commission's guidance: minimum and maximum may be the same figure when the pay is fixed.
    by_id = {f["id"]: f for f in pay_transparency(fixed("Brooklyn, NY"), today=REVIEW_DAY)}
    assert (by_id["US-NY"]["compliant"], by_id["US-NYC"]["compliant"]) == (True, True)
    assert by_id["US-NYC"]["missing"] == []
    ranged = {f["id"]: f for f in pay_transparency(job("Brooklyn, NY", pay=False), today=REVIEW_DAY)}
    assert ranged["US-NYC"]["compliant"] is False  # no pay at all is still a finding


OPEN_ENDED = "the pay (one fixed figure or a good-faith range; not open-ended 'from' or 'up to')"


def test_an_open_ended_figure_is_not_a_single_figure():
    # "From USD 25 per hour" (a minimum alone) and "Up to ..." are open-ended: no rule that wants pay accepts them.
    from_figure = job("Albany, NY", salary_max=None, salary_period="hour")
    up_to = job("Albany, NY", salary_min=None, salary_period="hour")
    for posting in (from_figure, up_to):
        finding = pay_transparency(posting, today=REVIEW_DAY)[0]
        assert finding["compliant"] is False
        assert finding["missing"] == [OPEN_ENDED]


@pytest.mark.parametrize(
    "location",
    ["Honolulu, HI", "San Francisco, CA"],
)
def test_hourly_only_rules_take_one_fixed_hourly_rate_but_not_a_fixed_salary(location):
    assert pay_transparency(fixed(location, 30, "hour"), today=REVIEW_DAY)[0]["compliant"] is True
    salary = pay_transparency(fixed(location, 90000, "year"), today=REVIEW_DAY)[0]
    assert salary["compliant"] is False
    assert salary["missing"] == ["a good-faith pay range (minimum and maximum), or one fixed hourly rate"]


@pytest.mark.parametrize(
    "location, rule_id",
    [
        ("Montpelier, VT", "US-VT"),
        ("Newark, NJ", "US-NJ"),
        ("Minneapolis, MN", "US-MN"),
        ("Charlottetown, PEI", "CA-PE"),
        ("Vancouver, BC, Canada", "CA-BC"),
        ("Toronto, ON", "CA-ON"),
        ("Denver, CO", "US-CO"),
        ("Chicago, IL", "US-IL"),
        ("Warsaw, Poland", "EU-PL"),
    ],
)
def test_laws_that_accept_one_figure_pass_a_fixed_figure(location, rule_id):
    finding = next(f for f in pay_transparency(fixed(location), today=REVIEW_DAY) if f["id"] == rule_id)
    assert finding["single_figure"] == "yes"
    assert finding["compliant"] is True, finding["missing"]


@pytest.mark.parametrize(
    "location, rule_id",
    [
        ("Seattle, WA", "US-WA"),
        ("Baltimore, MD", "US-MD"),
        ("Washington, DC", "US-DC"),
        ("Boston, MA", "US-MA"),
        ("Cleveland, OH", "US-OH-CLE"),
        ("Jersey City, NJ", "US-NJ-JC"),
    ],
)
def test_laws_that_want_a_range_flag_a_fixed_figure(location, rule_id):
    finding = next(f for f in pay_transparency(fixed(location), today=REVIEW_DAY) if f["id"] == rule_id)
    assert finding["single_figure"] == "no"
    assert "a good-faith pay range (minimum and maximum)" in finding["missing"]


# --- pay-history bans and other duties ------------------------------------------------------------


@pytest.mark.parametrize("location", ["Burlington, VT", "Washington, DC", "Denver, CO", "Los Angeles, CA"])
def test_pay_history_bans_are_listed_and_checked(location):
    ask = "Please send your salary history with your CV."
    finding = pay_transparency(job(location), ask, today=REVIEW_DAY)[0]
    assert "no questions about the applicant's pay history" in finding["missing"]
    clean = pay_transparency(job(location), "Send your CV.", today=REVIEW_DAY)[0]
    assert "no questions about the applicant's pay history" not in clean["missing"]


def test_dc_lists_healthcare_before_the_interview_and_its_code_sections():
    finding = pay_transparency(job("Washington, DC", benefits=None), today=REVIEW_DAY)[0]
    assert finding["citation"].startswith("D.C. Code §32-1453.01")
    assert "§32-1452" in finding["law"]
    healthcare = "the healthcare benefits, disclosed before the first interview (the posting is the simplest place)"
    assert finding["to_confirm"] == [healthcare] and finding["compliant"] is True
    assert pay_transparency(job("Washington, DC"), today=REVIEW_DAY)[0]["to_confirm"] == []


def test_colorado_lists_promotion_notices_benefits_and_the_apply_by_date():
    finding = pay_transparency(job("Denver, CO", benefits=None, valid_through=None), today=REVIEW_DAY)[0]
    assert {r["key"] for r in finding["requirements"]} == {
        "pay_range",
        "benefits",
        "application_deadline",
        "no_pay_history",
        "promotion_notice",
    }
    assert finding["missing"] == [
        "a general description of benefits and other pay (bonuses, commissions)",
        "the date applications are expected to close",
    ]
    assert finding["to_confirm"] == ["the opening also announced to current employees (promotion opportunities)"]


# --- status from the date, and the data's age -----------------------------------------------------


def test_status_follows_a_frozen_clock_before_and_after_the_effective_date():
    before = pay_transparency(job("Richmond, VA", pay=False), today=date(2026, 6, 30))[0]
    assert before["status"] == "upcoming" and before["citation"].endswith("(upcoming, from 2026-07-01)")
    on_the_day = pay_transparency(job("Richmond, VA", pay=False), today=date(2026, 7, 1))[0]
    assert on_the_day["status"] == "likely required" and on_the_day["status_note"] == ""
    days = (date(2026, 7, 12), date(2026, 7, 13))
    maine = [pay_transparency(job("Portland, ME", pay=False), today=day)[0]["status"] for day in days]
    assert maine == ["upcoming", "likely required"]


def test_law_data_shows_its_date_and_says_plainly_when_it_is_old():
    from jd.review.pay_rules import data_checked, law_data_status

    assert data_checked() == date(2026, 12, 7)
    fresh = law_data_status(date(2027, 6, 7))
    assert fresh == {"checked": "2026-12-07", "stale": False, "note": "Law data last checked on 2026-12-07."}
    old = law_data_status(date(2027, 6, 8))
    assert old["stale"] is True
    assert old["note"] == "Law data last checked on 2026-12-07: check for newer rules before relying on it."


def test_the_review_panel_shows_the_data_date_and_the_stale_notice():
    from jd.render import render_review
    from jd.review import review

    fresh = review(job("Richmond, VA"), "Cook meals.", today=REVIEW_DAY)
    assert fresh["law_data"]["note"] == "Law data last checked on 2026-12-07."
    assert "\nLaw data last checked on 2026-12-07.\n" in render_review(fresh)
    old = review(job("Richmond, VA"), "Cook meals.", today=date(2027, 8, 1))
    panel = render_review(old)
    assert "**Law data last checked on 2026-12-07: check for newer rules before relying on it.**" in panel
    assert review(None, "Cook meals.")["law_data"] is None
