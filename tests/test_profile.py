"""The company profile (house style) and the templates folder that overrides built-in templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jd.errors import InvalidProfile
from jd.profile import MAX_PROFILE_BYTES, PROFILE_JOB_FIELDS, Profile, load_profile
from jd.render import DEFAULT_TEMPLATES_DIR, build_job_posting, compose_summary, render_job_description
from jd.settings import ConfigError, Settings
from jd.spec import Job, Language, Tone, WorkMode, parse_job

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "company_profile.toml"
DUTIES = ["Bake bread", "Train apprentices"]
EN_STATEMENT = "We hire bakers of every background & <all> ages."
DE_STATEMENT = "Wir stellen Bäcker jeder Herkunft ein."
SETTINGS = {
    "company": "Acme Bakery",
    "about_company": "Bread since 1901.",
    "benefits": "Free bread\nBike leasing",
    "apply_at": "jobs@acme.example",
    "tone": "friendly",
    "language": "German",
    "work_mode": "on site",
    "currency": "eur",
    "fixed": ["company", "apply_at"],
    "equal_opportunity": {"en": EN_STATEMENT, "DE": DE_STATEMENT},
}
TOML = """
company = "Acme Bakery"
about_company = "Bread since 1901."
benefits = \"\"\"Free bread
Bike leasing\"\"\"
apply_at = "jobs@acme.example"
tone = "friendly"
language = "German"
work_mode = "on site"
currency = "eur"
fixed = ["company", "apply_at"]

[equal_opportunity]
en = "We hire bakers of every background & <all> ages."
DE = "Wir stellen Bäcker jeder Herkunft ein."
"""


def profile_problems(data: bytes, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(InvalidProfile) as caught:
        load_profile(data, **kwargs)
    assert str(caught.value).startswith("The company profile")
    return [(p.field, p.message) for p in caught.value.problems]


def settings_bytes(**changes) -> bytes:
    return json.dumps(SETTINGS | changes).encode()


# --- reading and checking ---------------------------------------------------------------------


def test_toml_and_json_give_the_same_profile(tmp_path: Path):
    (tmp_path / "house.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "house.json").write_text(json.dumps(SETTINGS), encoding="utf-8")
    from_toml = load_profile(tmp_path / "house.toml")
    assert from_toml == load_profile(str(tmp_path / "house.json")) == load_profile(TOML.encode())
    assert from_toml == load_profile(settings_bytes())  # bytes: JSON recognised by its "{"


def test_values_are_normalised_by_the_job_spec_rules():
    profile = load_profile(settings_bytes())
    assert (profile.tone, profile.language, profile.work_mode, profile.currency) == (
        Tone.FRIENDLY,
        Language.GERMAN,
        WorkMode.ON_SITE,
        "EUR",
    )
    assert profile.fixed == ("company", "apply_at")


def test_prefill_gives_the_form_values_under_the_api_field_names():
    prefill = load_profile(settings_bytes()).prefill()
    assert prefill == {
        "company": "Acme Bakery",
        "about_company": "Bread since 1901.",
        "benefits": "Free bread\nBike leasing",
        "apply_at": "jobs@acme.example",
        "tone": "friendly",
        "language": "de",
        "work_mode": "On-site",
        "currency": "EUR",
    }
    assert set(prefill) <= set(PROFILE_JOB_FIELDS)
    parse_job({"title": "Baker", **prefill})  # a valid job as it stands


def test_the_example_profile_is_valid_and_finds_its_templates():
    profile = load_profile(EXAMPLE)
    assert profile.company == "Acme Robotics" and "company" in profile.fixed
    assert profile.templates_dir == (ROOT / "examples" / "house_templates").resolve()
    assert profile.equal_opportunity_for("de") and profile.equal_opportunity_for(Language.ENGLISH)


def test_an_empty_profile_sets_nothing():
    profile = load_profile(b"")
    assert profile.prefill() == {} and profile.fixed == () and profile.templates_dir is None
    assert profile.apply({"title": "Baker"}).job == {"title": "Baker"}


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"apply_at": "call us"}, "apply_at", "must be a web address"),
        ({"currency": "XYZ"}, "currency", "not an ISO 4217 currency code"),
        ({"tone": "grumpy"}, "tone", "not a known tone"),
        ({"language": "Klingon"}, "language", "available output languages"),
        ({"company": "A\nB"}, "company", "single line"),
        ({"company": ["Acme"]}, "company", "must be text"),
        ({"mwd": "maybe"}, "mwd", "true or false"),
        ({"equal_opportunity": {"xx": "Hi"}}, "equal_opportunity", "not a language code"),
        ({"equal_opportunity": {"en": ""}}, "equal_opportunity", "is empty"),
        ({"equal_opportunity": {"en": "a\x00b"}}, "equal_opportunity", "control characters"),
        ({"equal_opportunity": {"en": "x" * 2001}}, "equal_opportunity", "too long"),
        ({"equal_opportunity": {"en": 5}}, "equal_opportunity", "must be text"),
        ({"equal_opportunity": "We are fair."}, "equal_opportunity", "by language code"),
        ({"fixed": "company"}, "fixed", "must be a list"),
        ({"fixed": ["compnay"]}, "fixed", "did you mean 'company'"),
        ({"fixed": ["title"]}, "fixed", "set per job"),
        ({"fixed": ["schedule"]}, "fixed", "schedule cannot be fixed without a value"),
        ({"templates_dir": 5}, "templates_dir", "folder path"),
    ],
)
def test_each_wrong_setting_is_named_with_a_plain_message(changes, field, words):
    problems = profile_problems(settings_bytes(**changes), base_dir=ROOT)
    assert len(problems) == 1, problems
    assert problems[0][0] == field and words in problems[0][1], problems


def test_unknown_and_per_job_settings_are_refused_with_a_hint():
    problems = profile_problems(settings_bytes(compnay="Acme", title="Baker", colour="red"))
    messages = " ".join(message for _, message in problems)
    assert "did you mean 'company'" in messages
    assert "'title' is set per job" in messages
    assert "unknown setting 'colour'; known settings are:" in messages


def test_every_problem_is_reported_at_once():
    problems = profile_problems(settings_bytes(apply_at="nope", currency="XYZ", tone="grumpy"))
    assert {field for field, _ in problems} == {"apply_at", "currency", "tone"}


@pytest.mark.parametrize(
    "data, words",
    [
        (b"company = \nbenefits = 1", "is not valid TOML (Invalid value (at line 1, column 11))"),
        (b'{"company": }', "is not valid JSON (Expecting value at line 1, column 13)"),
        (b"[1, 2]", "is not valid TOML"),
        (b"\xff\xfe", "is not UTF-8 text"),
        (b" " * (MAX_PROFILE_BYTES + 1), "is too large"),
        (b"[" * 5000 + b"]" * 5000, "is not valid TOML"),
    ],
)
def test_unreadable_content_is_reported(data, words):
    assert any(words in message for _, message in profile_problems(data))


def test_a_json_file_must_hold_an_object(tmp_path: Path):
    path = tmp_path / "house.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidProfile) as caught:
        load_profile(path)
    assert "'house.json'" in str(caught.value) and "must be a JSON object" in str(caught.value)


def test_a_missing_file_is_reported(tmp_path: Path):
    with pytest.raises(InvalidProfile) as caught:
        load_profile(tmp_path / "nowhere.toml")
    assert "'nowhere.toml'" in str(caught.value) and "cannot be read" in str(caught.value)


def test_templates_dir_is_relative_to_the_profile_file(tmp_path: Path):
    (tmp_path / "house").mkdir()
    (tmp_path / "profile.toml").write_text('templates_dir = "house"', encoding="utf-8")
    assert load_profile(tmp_path / "profile.toml").templates_dir == (tmp_path / "house").resolve()
    (tmp_path / "broken.toml").write_text('templates_dir = "missing"', encoding="utf-8")
    with pytest.raises(InvalidProfile, match="'missing' does not exist"):
        load_profile(tmp_path / "broken.toml")


def test_an_uploaded_profile_cannot_point_at_server_folders(tmp_path: Path):
    problems = profile_problems(b'templates_dir = "/etc"')
    assert problems == [("templates_dir", "can only be set in a profile file on the server (JD_COMPANY_PROFILE).")]
    (tmp_path / "house").mkdir()
    assert load_profile(b'templates_dir = "house"', base_dir=tmp_path).templates_dir == (tmp_path / "house").resolve()


# --- applying the profile to a job -------------------------------------------------------------


def test_fixed_fields_replace_what_the_visitor_sent_and_are_reported():
    profile = load_profile(settings_bytes())
    sent = {"title": "Baker", "company": "Evil Corp", "apply_at": "mailto:JOBS@acme.example", "tone": "concise"}
    applied = profile.apply(sent)
    assert applied.job["company"] == "Acme Bakery" and applied.job["apply_at"] == "jobs@acme.example"
    assert applied.overridden == ("company", "apply_at")
    assert applied.notice == "The company profile sets Company name and How to apply; the value you gave was replaced."
    assert applied.job["tone"] == "concise"  # not fixed: the visitor's choice stands
    assert sent["company"] == "Evil Corp"  # the input is not changed
    assert parse_job(applied.job).company == "Acme Bakery"


def test_the_same_value_spelled_differently_is_not_an_override():
    profile = load_profile(settings_bytes(fixed=["company", "tone", "language"]))
    applied = profile.apply({"title": "Baker", "company": "Acme Bakery", "tone": "Friendly", "language": "de-DE"})
    assert applied.overridden == () and applied.notice is None


def test_blank_fields_are_filled_from_the_profile_unless_the_form_was_prefilled():
    profile = load_profile(settings_bytes())
    filled = profile.apply({"title": "Baker", "benefits": "  ", "work_mode": None}).job
    assert filled["benefits"] == "Free bread\nBike leasing" and filled["work_mode"] == "On-site"
    assert filled["language"] == "de" and filled["currency"] == "EUR"
    kept = profile.apply({"title": "Baker", "benefits": "", "company": ""}, fill_blanks=False).job
    assert kept["benefits"] == "" and kept["company"] == "Acme Bakery"  # fixed still applies
    assert "work_mode" not in kept


def test_fixed_values_are_applied_even_when_the_visitor_sent_garbage():
    profile = load_profile(settings_bytes())
    applied = profile.apply({"title": "Baker", "company": ["not", "text"], 42: "odd key"})
    assert applied.job["company"] == "Acme Bakery" and applied.overridden == ("company",)


def test_equal_opportunity_statement_per_language():
    profile = load_profile(settings_bytes())
    assert profile.equal_opportunity_for(Language.ENGLISH) == EN_STATEMENT
    assert profile.equal_opportunity_for("de") == DE_STATEMENT
    assert profile.equal_opportunity_for("fr") is None
    assert profile.equal_opportunity_for(None) == EN_STATEMENT  # English by default, as jobs are


# --- rendering with a profile ------------------------------------------------------------------


def job_dict_for(language: str) -> dict:
    return {"title": "Baker", "company": "Acme Bakery", "language": language}


def job_for(language: str) -> Job:
    return parse_job(job_dict_for(language))


def test_render_uses_the_profiles_statement_in_every_format():
    profile = load_profile(settings_bytes())
    markdown = render_job_description(job_for("en"), DUTIES, "markdown", profile=profile)
    assert markdown.rstrip().endswith("We hire bakers of every background & \\<all\\> ages.")
    assert "is an equal opportunity employer" not in markdown
    html = render_job_description(job_for("en"), DUTIES, "html", profile=profile)
    assert "<p>We hire bakers of every background &amp; &lt;all&gt; ages.</p>" in html
    text = render_job_description(job_for("de"), DUTIES, "text", profile=profile)
    assert text.rstrip().endswith(DE_STATEMENT)
    posting = build_job_posting(job_for("de"), DUTIES, profile=profile)
    assert DE_STATEMENT in posting["description"]


def test_a_language_without_a_statement_keeps_the_apps_own():
    profile = load_profile(settings_bytes())
    french = render_job_description(job_for("fr"), DUTIES, "text", profile=profile)
    assert french == render_job_description(job_for("fr"), DUTIES, "text")


def test_without_a_profile_the_output_is_unchanged():
    empty = load_profile(b"")
    for fmt in ("markdown", "html", "text"):
        assert render_job_description(job_for("en"), DUTIES, fmt, profile=empty) == render_job_description(
            job_for("en"), DUTIES, fmt
        )


def test_the_example_profile_renders_in_every_language():
    profile = load_profile(EXAMPLE)
    for language in Language:
        job = parse_job(profile.apply({"title": "Robot Technician", "language": language.value}).job)
        markdown = render_job_description(job, DUTIES, "markdown", profile=profile)
        # The example's override puts "What we offer" before the responsibilities.
        assert markdown.index("- 401(k) with 4% match") < markdown.index("- Bake bread")


# --- templates folder override ----------------------------------------------------------------


def override_folder(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "override"
    folder.mkdir(parents=True, exist_ok=True)
    source = (DEFAULT_TEMPLATES_DIR / name).read_text(encoding="utf-8")
    assert old in source
    (folder / name).write_text(source.replace(old, new), encoding="utf-8")
    return folder


def test_an_overriding_template_changes_only_its_own_output(tmp_path: Path):
    folder = override_folder(tmp_path, "job_description.md.j2", '### {{ _("Key responsibilities") }}', "### Your day")
    profile = load_profile(f'templates_dir = "{folder.name}"'.encode(), base_dir=tmp_path)
    markdown = render_job_description(job_for("en"), DUTIES, "markdown", profile=profile)
    assert "### Your day\n\n- Bake bread" in markdown and "Key responsibilities" not in markdown
    # Not overridden: the text format, the phrases and the role summary still come from templates/.
    text = render_job_description(job_for("en"), DUTIES, "text", profile=profile)
    assert "Key responsibilities" in text
    assert "is an equal opportunity employer" in markdown and "About the role" in markdown
    # Other renders in the same process are not affected (one environment per folder).
    assert "Key responsibilities" in render_job_description(job_for("en"), DUTIES, "markdown")


def test_overridden_macros_reach_every_format_and_the_summary(tmp_path: Path):
    override_folder(tmp_path, "pay.txt.j2", '_("%(amount)s per year", amount=amount)', '"%s a year, gross" % amount')
    override_folder(tmp_path, "role_summary.txt.j2", "{% if purpose %}", "Come and bake with us.\n{% if purpose %}")
    profile = load_profile(b'templates_dir = "override"', base_dir=tmp_path)
    job = parse_job(
        job_dict_for("en") | {"salary_min": 40000, "salary_max": 50000, "currency": "EUR", "salary_period": "year"}
    )
    markdown = render_job_description(job, DUTIES, "markdown", profile=profile)
    assert "Pay: EUR 40,000–50,000 a year, gross" in markdown
    assert "Come and bake with us." in compose_summary(job, DUTIES, profile=profile)


def test_an_overriding_html_template_is_still_autoescaped(tmp_path: Path):
    folder = tmp_path / "override"
    folder.mkdir()
    (folder / "job_description.html.j2").write_text("<h2>{{ job.display_title }}</h2>\n", encoding="utf-8")
    profile = load_profile(b'templates_dir = "override"', base_dir=tmp_path)
    html = render_job_description(parse_job({"title": "<script>alert(1)</script>"}), [], "html", profile=profile)
    assert html == "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>\n"


def test_jd_templates_dir_overrides_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = override_folder(tmp_path, "job_description.md.j2", '### {{ _("Key responsibilities") }}', "### Your day")
    monkeypatch.setenv("JD_TEMPLATES_DIR", str(folder))
    assert "### Your day" in render_job_description(job_for("en"), DUTIES, "markdown")
    assert "Key responsibilities" in render_job_description(job_for("en"), DUTIES, "text")  # from templates/


def test_the_profiles_folder_wins_over_jd_templates_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    env_folder = override_folder(
        tmp_path / "a", "job_description.md.j2", '### {{ _("Key responsibilities") }}', "### A"
    )
    override_folder(tmp_path / "b", "job_description.md.j2", '### {{ _("Key responsibilities") }}', "### B")
    monkeypatch.setenv("JD_TEMPLATES_DIR", str(env_folder))
    profile = load_profile(b'templates_dir = "b/override"', base_dir=tmp_path)
    assert "### B" in render_job_description(job_for("en"), DUTIES, "markdown", profile=profile)
    assert "### A" in render_job_description(job_for("en"), DUTIES, "markdown")


# --- settings -------------------------------------------------------------------------------


def test_settings_read_the_profile_and_templates_paths(tmp_path: Path):
    settings = Settings.from_env({"JD_COMPANY_PROFILE": str(EXAMPLE), "JD_TEMPLATES_DIR": str(tmp_path)})
    assert settings.company_profile == EXAMPLE and settings.templates_dir == tmp_path
    assert isinstance(load_profile(settings.company_profile), Profile)
    defaults = Settings.from_env({})
    assert defaults.company_profile is None and defaults.templates_dir is None


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("JD_COMPANY_PROFILE", "/no/such/profile.toml", "must name an existing file"),
        ("JD_COMPANY_PROFILE", str(ROOT), "must name an existing file"),
        ("JD_TEMPLATES_DIR", "/no/such/folder", "must name an existing folder"),
    ],
)
def test_settings_report_a_path_that_does_not_exist(name, value, words):
    with pytest.raises(ConfigError, match=f"{name} {words}"):
        Settings.from_env({name: value})
