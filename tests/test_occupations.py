"""Occupation data, its build, and title -> occupation matching (no Gradio)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jd import occupations
from jd.errors import InvalidJob
from jd.occupations_text import words
from jd.spec import parse_job

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "data" / "occupations_raw"


def test_build_on_the_fixture(tmp_path):
    out = tmp_path / "occ.json.gz"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_occupations.py"), str(FIXTURE), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "O*NET 26.3: 6 occupations" in run.stdout
    data = json.loads(gzip.decompress(out.read_bytes()))
    rows = {row[0]: row for row in data["occupations"]}
    barista = rows["35-3023.01"]
    assert barista[1] == "Baristas" and barista[3] == 1  # title, job zone
    assert any("hot or cold beverages" in task for task in barista[4])  # a core task
    english = dict(data["titles"]["en"])
    assert "Barista" in english
    assert set(data["titles"]) == {"en", "fr", "es", "nl", "pt", "de", "it", "pl"}
    assert all(data["titles"][lang] for lang in data["titles"])
    # Detailed Work Activities reach the occupation through its tasks; tools are listed by name.
    assert any("beverages" in data["activities"][i].lower() for i in barista[9])
    assert any("espresso" in data["tools"][i].lower() or "coffee" in data["tools"][i].lower() for i in barista[10])
    # Each source reaches its occupation: a Polish ESCO label through the KZiS crosswalk, a German
    # apprenticeship (BIBB) and a curated German title, an ISCO group label with the group's weight.
    index = {row[0]: i for i, row in enumerate(data["occupations"])}
    polish, german = dict(data["titles"]["pl"]), dict(data["titles"]["de"])
    assert dict(polish["kelner"])[index["35-3031.00"]] == 1.0
    assert dict(german["Softwareentwickler"])[index["15-1252.00"]] == 1.0
    assert dict(german["Kellner"])[index["35-3031.00"]] == 1.0
    assert index["35-3031.00"] in dict(dict(data["titles"]["it"])["Camerieri"])
    assert all(0.5 <= weight < 1.0 for _, weight in dict(data["titles"]["it"])["Camerieri"])
    # Same input, same bytes: the data file only changes when the sources do.
    again = tmp_path / "again.json.gz"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_occupations.py"), str(FIXTURE), "--out", str(again)],
        capture_output=True,
        check=True,
    )
    assert again.read_bytes() == out.read_bytes()


def test_build_script_has_help():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_occupations.py"), "--help"], capture_output=True, text=True
    )
    assert run.returncode == 0 and "RAW" in run.stdout


def test_occupation_record():
    barista = occupations.get("35-3023.01")
    assert barista is not None and barista.title == "Baristas"
    assert "Prepare or serve hot or cold beverages, such as coffee, espresso drinks, blended coffees, or teas." in (
        barista.tasks
    )
    assert barista.core_tasks and barista.job_zone is not None and barista.job_zone.number == 1
    assert "Prepare hot or cold beverages." in barista.activities and "Espresso makers" in barista.tools
    beverages = barista.tasks.index(
        "Prepare or serve hot or cold beverages, such as coffee, espresso drinks, blended coffees, or teas."
    )
    assert "Serve food or beverages." in barista.task_activities[beverages]
    assert len(barista.task_activities) == len(barista.tasks)
    assert "high school" in barista.job_zone.education.lower()
    software = occupations.get("15-1252.00")
    assert software is not None and software.hot_technologies
    assert occupations.get("99-9999.99") is None


def test_attribution_names_the_release_and_both_licences():
    assert "O*NET 26.3 Database" in occupations.ATTRIBUTION and "CC BY 4.0" in occupations.ATTRIBUTION
    assert "has not approved, endorsed, or tested these modifications" in occupations.ATTRIBUTION
    assert "ESCO classification of the European Commission" in occupations.ATTRIBUTION


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Sr. Software Engineer (Backend)", "15-1252.00"),
        ("RN - Med/Surg Nights", "29-1141.00"),
        ("CDL-A Truck Driver (OTR)", "53-3032.00"),
        ("Pharmacy Tech", "29-2052.00"),
        ("Server / Waitstaff", "35-3031.00"),
        ("Barista", "35-3023.01"),
    ],
)
def test_recruiter_titles_map_to_their_occupation(title, code):
    candidates = occupations.match_title(title)
    assert code in [c.code for c in candidates[:2]], candidates
    assert 1 <= len(candidates) <= 5
    assert all(0 <= c.score <= 1 for c in candidates)
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_words_that_do_not_decide_the_match_are_ignored():
    plain = occupations.match_title("Pharmacy Technician", "en")[0]
    noisy = occupations.match_title("Senior Pharmacy Technician - Nights, Part-Time, Remote (Contract)", "en")[0]
    assert plain.code == noisy.code == "29-2052.00"


def test_office_and_home_name_the_work_rather_than_the_place():
    # O*NET's titles say "Office Clerks, General" and "Home Health Aides": the words count on both sides.
    assert words("Office Clerk") == ["offic", "clerk"] and words("Home Health Aide") == ["hom", "health", "aid"]
    for title, code in (("Office Clerk", "43-9061.00"), ("Home Health Aide", "31-1121.00")):
        found = occupations.match_title(title, "en")
        assert found[0].code == code and occupations.confidence(found) == "sure", found


@pytest.mark.parametrize(
    ("title", "language", "code"),
    [
        ("Softwareentwickler (m/w/d)", "de", "15-1252.00"),
        ("Koch (m/w/d)", "de", "35-2012.00"),
        ("Kellner/Kellnerin (m/w/d)", "de", "35-3031.00"),
        ("Serveur (H/F)", "fr", "35-3031.00"),
        ("Camarero/a", "es", "35-3031.00"),
        ("Ober", "nl", "35-3031.00"),
        ("Verpleegkundige", "nl", "29-1141.00"),
        ("Cameriere di sala", "it", "35-3031.00"),
        ("Sviluppatore software", "it", "15-1252.00"),
        ("Empregado de mesa", "pt", "35-3031.00"),
        ("Enfermeiro", "pt", "29-1171.00"),
        ("Kelner", "pl", "35-3031.00"),
        ("Kelnerka", "pl", "35-3031.00"),
        ("Kierowca samochodu ciężarowego", "pl", "53-3032.00"),
    ],
)
def test_titles_in_other_languages_map(title, language, code):
    assert code in [c.code for c in occupations.match_title(title, language)[:3]]


@pytest.mark.parametrize(
    ("title", "language", "code"),
    [
        ("Sr. Software Engineer (Backend)", "en", "15-1252.00"),  # was Computer Programmers first
        ("Cameriere di sala", "it", "35-3031.00"),  # was Online Merchants
        ("Kelner", "pl", "35-3031.00"),  # was Brickmasons
        ("Serveur", "fr", "35-3031.00"),  # was a tie with Bartenders
        ("Camarero", "es", "35-3031.00"),
    ],
)
def test_titles_the_first_matcher_missed_come_first(title, language, code):
    assert occupations.match_title(title, language)[0].code == code


def test_title_words():
    from jd.occupations_text import title_terms, words

    terms = title_terms("Sr. Software Engineer (Backend) - Remote, $120k")
    assert terms.head == tuple(words("software engineer")) and terms.qualifiers == tuple(words("backend"))
    assert title_terms("Server / Waitstaff").alternatives == ((words("server")[0],), (words("waitstaff")[0],))
    rn = title_terms("RN - Med/Surg Nights")  # abbreviations expanded; the shift is no qualifier
    assert rn.head == tuple(words("registered nurse")) and rn.qualifiers == tuple(words("medical surgical"))
    assert words("Kellner*in (m/w/d)") == words("Kellner") == ["kellner"]
    assert words("Camarero/a") == words("camarero") and words("Aide-soignant(e)") == words("aide-soignant")
    assert words("Segretaria") == words("segretari")  # the plural meets the singular


def test_compounds_and_spelling_neighbours():
    from jd.occupations_match import matcher

    german = matcher().indexes["de"]
    assert german.split("lagermitarbeiter")[0] == "mitarbeiter"
    polish = matcher().indexes["pl"]
    assert any(known == "kelner" for known, _ in polish.neighbours("kelnerkom"))


def test_confidence():
    assert occupations.confidence(occupations.match_title("Pharmacy Tech", "en")) == "sure"
    assert occupations.confidence(occupations.match_title("Associate", "en")) == "ask"
    assert occupations.confidence([]) == "ask"
    assert occupations.match_title("   ") == [] and occupations.match_title("Senior (m/w/d)") == []


def test_job_occupation_field():
    assert parse_job({"title": "Barista", "occupation": " 35-3023.01 "}).occupation == "35-3023.01"
    assert parse_job({"title": "Barista"}).occupation is None
    with pytest.raises(InvalidJob, match=r"not an O\*NET-SOC code"):
        parse_job({"title": "Barista", "occupation": "barista"})
    with pytest.raises(InvalidJob, match=r"not an occupation in O\*NET 26\.3"):
        parse_job({"title": "Barista", "occupation": "99-9999.99"})


def test_occupation_for_prefers_the_chosen_code():
    job = parse_job({"title": "Barista", "occupation": "35-3011.00"})
    chosen = occupations.occupation_for(job)
    assert chosen is not None and chosen.code == "35-3011.00"
    guessed = occupations.occupation_for(parse_job({"title": "Barista"}))
    assert guessed is not None and guessed.code == "35-3023.01"
