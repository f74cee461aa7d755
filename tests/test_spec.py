"""The job spec: normalising accepted spellings and reporting every problem in plain words."""

from __future__ import annotations

import json
from datetime import date

import pycountry
import pytest
from pydantic import ValidationError

from jd.errors import InvalidJob
from jd.render import render_job_details
from jd.spec import (
    CURRENCIES,
    FIELD_LABELS,
    FIELDS,
    JOB_TYPES,
    MAX_JOB_CHARS,
    SALARY_PERIODS,
    TEXT_LIMITS,
    TONES,
    WORK_MODES,
    Job,
    JobType,
    Language,
    SalaryPeriod,
    Tone,
    WorkMode,
    job_to_dict,
    parse_job,
)

CONTRACT_KEYS = {
    "title", "experience", "skills", "company", "about_company", "job_type", "work_mode", "location",
    "salary_min", "salary_max", "currency", "salary_period", "benefits", "tone", "language",
    "date_posted", "valid_through", "nice_to_have", "schedule", "apply_at", "mwd", "pay_basis",
    "payments_per_year", "consent_line",
    "occupation",
}  # fmt: skip


def pay_line(job) -> str | None:
    """The pay line as the job details show it, after its label (jd.render formats it: templates/pay.txt.j2)."""
    prefix = "- **Pay:** "
    lines = [line[len(prefix) :] for line in render_job_details(job).splitlines() if line.startswith(prefix)]
    return lines[0] if lines else None


FULL = {
    "title": "Senior Data Engineer",
    "experience": "5+ years",
    "skills": "Python, SQL, dbt",
    "company": "Acme Analytics",
    "about_company": "We help shops understand their sales.\n\nFounded by two analysts.",
    "job_type": "Full-time",
    "work_mode": "Hybrid",
    "location": "Denver, CO, USA",
    "salary_min": "90,000",
    "salary_max": 120000,
    "currency": "USD",
    "salary_period": "year",
    "benefits": "Health insurance\n401(k) match",
    "nice_to_have": "Airflow; Spanish",
    "schedule": "Monday to Friday",
    "apply_at": "https://acme-analytics.example/jobs/42",
    "tone": "friendly",
    "language": "English",
    "mwd": True,
    "date_posted": "2026-01-05",
    "valid_through": "2026-02-05",
}


def problems_of(data) -> list:
    with pytest.raises(InvalidJob) as caught:
        parse_job(data)
    return caught.value.problems


def only_problem(data):
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


# --- accepted input ---------------------------------------------------------------------


def test_full_job_is_normalised():
    job = parse_job(FULL)
    assert job.title == "Senior Data Engineer"
    assert job.skills == ("Python", "SQL", "dbt")
    assert job.job_type is JobType.FULL_TIME and job.job_type.google == "FULL_TIME"
    assert job.work_mode is WorkMode.HYBRID
    assert job.salary_min == 90000 and job.salary_max == 120000
    assert job.currency == "USD" and job.salary_period is SalaryPeriod.YEAR
    assert job.tone is Tone.FRIENDLY
    assert job.date_posted == date(2026, 1, 5) and job.valid_through == date(2026, 2, 5)
    assert job.has_pay


def test_title_only_gets_defaults():
    job = parse_job({"title": "  Nurse  "})
    assert job.title == "Nurse"
    assert job.tone is Tone.PROFESSIONAL and job.language is Language.ENGLISH
    assert job.skills == () and not job.has_pay
    assert job.company is None and job.job_type is None


def test_empty_strings_mean_not_given():
    data = dict.fromkeys(CONTRACT_KEYS, "") | {"title": "Baker"}
    job = parse_job(data)
    assert job.experience is None and job.company is None and job.location is None
    assert job.salary_min is None and job.currency is None and job.date_posted is None
    assert job.tone is Tone.PROFESSIONAL and job.language is Language.ENGLISH and job.skills == ()


def test_none_means_not_given():
    job = parse_job({"title": "Baker", "company": None, "skills": None, "salary_max": None, "tone": None})
    assert job.company is None and job.skills == () and job.tone is Tone.PROFESSIONAL


def test_json_text_is_accepted():
    assert parse_job(json.dumps(FULL)) == parse_job(FULL)


def test_a_job_is_returned_unchanged():
    job = parse_job(FULL)
    assert parse_job(job) is job


@pytest.mark.parametrize(
    "spelling, expected",
    [
        ("full-time", JobType.FULL_TIME), ("Full time", JobType.FULL_TIME), ("FULL_TIME", JobType.FULL_TIME),
        ("fulltime", JobType.FULL_TIME), ("part time", JobType.PART_TIME), ("PART_TIME", JobType.PART_TIME),
        ("contract", JobType.CONTRACT), ("CONTRACTOR", JobType.CONTRACT), ("temporary", JobType.TEMPORARY),
        ("INTERN", JobType.INTERNSHIP), ("internship", JobType.INTERNSHIP), ("VOLUNTEER", JobType.VOLUNTEER),
        ("per diem", JobType.PER_DIEM), ("PER_DIEM", JobType.PER_DIEM), ("other", JobType.OTHER),
    ],
)  # fmt: skip
def test_job_type_spellings(spelling, expected):
    assert parse_job({"title": "T", "job_type": spelling}).job_type is expected


def test_every_job_type_has_a_google_code():
    assert [t.google for t in JobType] == [
        "FULL_TIME", "PART_TIME", "CONTRACTOR", "CONTRACTOR", "TEMPORARY", "TEMPORARY", "INTERN", "OTHER",
        "VOLUNTEER", "PER_DIEM", "OTHER",
    ]  # fmt: skip
    assert {t.google for t in JobType} <= {
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "TEMPORARY",
        "INTERN",
        "VOLUNTEER",
        "PER_DIEM",
        "OTHER",
    }  # Google's employmentType values


@pytest.mark.parametrize(
    "spelling, expected",
    [("onsite", WorkMode.ON_SITE), ("On site", WorkMode.ON_SITE), ("ON-SITE", WorkMode.ON_SITE),
     ("hybrid", WorkMode.HYBRID), ("REMOTE", WorkMode.REMOTE)],
)  # fmt: skip
def test_work_mode_spellings(spelling, expected):
    assert parse_job({"title": "T", "work_mode": spelling}).work_mode is expected


@pytest.mark.parametrize(
    "spelling, expected",
    [("hourly", "hour"), ("Hour", "hour"), ("daily", "day"), ("weekly", "week"), ("monthly", "month"),
     ("yearly", "year"), ("annual", "year"), ("per year", "year"), ("Per Hour", "hour")],
)  # fmt: skip
def test_salary_period_spellings(spelling, expected):
    job = parse_job({"title": "T", "salary_min": 10, "currency": "EUR", "salary_period": spelling})
    assert job.salary_period.value == expected


@pytest.mark.parametrize("code", ["usd", "Eur", "GBP", "isk", "XOF"])
def test_currency_codes_are_case_insensitive(code):
    assert parse_job({"title": "T", "currency": code}).currency == code.upper()


def test_every_iso_currency_is_accepted_and_offered():
    codes = {c.alpha_3 for c in pycountry.currencies}
    assert set(CURRENCIES) == codes and len(CURRENCIES) == len(codes)
    assert CURRENCIES[:3] == ("USD", "EUR", "GBP")
    for code in codes:
        assert parse_job({"title": "T", "currency": code}).currency == code


@pytest.mark.parametrize(
    "raw, expected",
    [("90,000", 90000), ("90000", 90000), (" 90 000 ", 90000), ("25.50", 25.5), (25, 25), (25.0, 25),
     ("1,234.567", 1234.57), ("0", 0)],
)  # fmt: skip
def test_pay_numbers(raw, expected):
    job = parse_job({"title": "T", "salary_min": raw, "currency": "USD", "salary_period": "hour"})
    assert job.salary_min == expected


def test_tone_choices():
    assert parse_job({"title": "T", "tone": "Concise"}).tone is Tone.CONCISE
    assert TONES == ("professional", "friendly", "concise")


def test_choice_lists_for_dropdowns():
    assert JOB_TYPES == (
        "Full-time", "Part-time", "Contract", "Freelance", "Temporary", "Seasonal", "Internship", "Apprenticeship",
        "Volunteer", "Per diem", "Other",
    )  # fmt: skip
    assert WORK_MODES == ("On-site", "Hybrid", "Remote")
    assert SALARY_PERIODS == ("hour", "day", "week", "month", "year")
    for job_type in JOB_TYPES:
        assert parse_job({"title": "T", "job_type": job_type}).job_type.value == job_type


def test_currency_or_period_without_pay_is_kept_but_no_pay():
    job = parse_job({"title": "T", "currency": "USD", "salary_period": "year"})
    assert not job.has_pay and pay_line(job) is None


# --- skills --------------------------------------------------------------------------------


def test_skills_string_is_split_trimmed_and_deduplicated():
    job = parse_job({"title": "T", "skills": " Python ,sql;\nPYTHON, ,\n\n- dbt\nSQL "})
    assert job.skills == ("Python", "sql", "dbt")


def test_skills_list_is_trimmed_and_deduplicated():
    job = parse_job({"title": "T", "skills": [" C++ ", "c++", "", "C#", "Node.js"]})
    assert job.skills == ("C++", "C#", "Node.js")
    assert isinstance(job.skills, tuple)


def test_skill_limits():
    ok = parse_job({"title": "T", "skills": [f"skill {i}" for i in range(40)] + ["skill 0"]})
    assert len(ok.skills) == 40
    problem = only_problem({"title": "T", "skills": [f"skill {i}" for i in range(41)]})
    assert problem.field == "Skills" and "too many" in problem.message and "40" in problem.message
    problem = only_problem({"title": "T", "skills": "Python, " + "x" * 61})
    assert problem.field == "Skills" and "too long" in problem.message and "60" in problem.message
    assert parse_job({"title": "T", "skills": ["y" * 60]}).skills == ("y" * 60,)


def test_skills_of_the_wrong_kind():
    assert only_problem({"title": "T", "skills": [1, 2]}).field == "Skills"
    assert only_problem({"title": "T", "skills": {"a": 1}}).field == "Skills"


# --- problems, each naming its field --------------------------------------------------------


@pytest.mark.parametrize(
    "changes, label, words",
    [
        ({"title": ""}, "Job title", "required"),
        ({"title": "   "}, "Job title", "required"),
        ({"title": "x" * 121}, "Job title", "121 characters; the limit is 120"),
        ({"title": "Chef\nCook"}, "Job title", "single line"),
        ({"title": "Chef\x00"}, "Job title", "control characters"),
        ({"title": "Chef\u202eefeehc"}, "Job title", "control characters"),
        ({"title": 42}, "Job title", "text"),
        ({"experience": "x" * 81}, "Experience", "limit is 80"),
        ({"company": "c" * 121}, "Company name", "limit is 120"),
        ({"company": "Acme\tInc"}, "Company name", "control characters"),
        ({"about_company": "a" * 2001}, "About the company", "limit is 2000"),
        ({"about_company": "bell\x07"}, "About the company", "control characters"),
        ({"location": "l" * 121}, "Location", "limit is 120"),
        ({"benefits": "b" * 2001}, "Benefits", "limit is 2000"),
        ({"language": "Klingon"}, "Language", "not one of the available output languages"),
        ({"apply_at": "javascript:alert(1)"}, "How to apply", "web address"),
        ({"mwd": "perhaps"}, "Gender marker in the title", "true or false"),
        ({"job_type": "gig"}, "Job type", ", ".join(JOB_TYPES)),
        ({"work_mode": "moon"}, "Work mode", "On-site, Hybrid, Remote"),
        ({"tone": "angry"}, "Tone", "professional, friendly, concise"),
        ({"currency": "XYZ"}, "Currency", "ISO 4217"),
        ({"currency": "dollars"}, "Currency", "ISO 4217"),
        ({"salary_period": "fortnight"}, "Pay period", "hour, day, week, month, year"),
        ({"salary_min": -1}, "Minimum pay", "negative"),
        ({"salary_max": "-5"}, "Maximum pay", "negative"),
        ({"salary_min": "ninety"}, "Minimum pay", "not a number"),
        ({"salary_max": True}, "Maximum pay", "number"),
        ({"salary_max": float("nan")}, "Maximum pay", "finite"),
        ({"salary_max": 10**12}, "Maximum pay", "too large"),
        ({"salary_min": 130000}, "Minimum pay", "larger than the maximum"),
        ({"currency": ""}, "Currency", "needed when pay is given"),
        ({"salary_period": None}, "Pay period", "needed when pay is given"),
        ({"date_posted": "5 January"}, "Date posted", "YYYY-MM-DD"),
        ({"valid_through": "2026-13-01"}, "Apply-by date", "YYYY-MM-DD"),
        ({"valid_through": "2026-01-01"}, "Apply-by date", "before the date posted"),
    ],
)
def test_each_problem_names_its_field(changes, label, words):
    problem = only_problem(FULL | changes)
    assert problem.field == label
    assert words in problem.message
    assert str(problem).startswith(label + ": ")


def test_multiline_fields_allow_line_breaks_and_tabs():
    job = parse_job({"title": "T", "about_company": "Line one\r\nLine\ttwo", "benefits": "a\n\tb"})
    assert job.about_company == "Line one\nLine\ttwo"
    assert job.benefits == "a\n\tb"


def test_limits_are_inclusive():
    data = {name: "x" * limit for name, limit in TEXT_LIMITS.items()}
    data["apply_at"] = "https://example.com/" + "x" * (TEXT_LIMITS["apply_at"] - len("https://example.com/"))
    job = parse_job(data)
    assert len(job.title) == 120 and len(job.about_company) == 2000 and len(job.apply_at) == 300


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("German", "de"),
        ("deutsch", "de"),
        ("DE", "de"),
        ("de-DE", "de"),
        ("Français", "fr"),
        ("francais", "fr"),
        ("es", "es"),
        ("Español", "es"),
        ("Nederlands", "nl"),
        ("italian", "it"),
        ("pt_BR", "pt-BR"),
        ("Polski", "pl"),
        ("", "en"),
        (None, "en"),
        ("en-GB", "en"),
    ],
)
def test_language_accepts_names_and_codes(typed, expected):
    assert parse_job({"title": "T", "language": typed}).language.value == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("https://jobs.example.com/42?ref=x", "https://jobs.example.com/42?ref=x"),
        ("www.example.com/careers", "https://www.example.com/careers"),
        ("jobs@example.com", "jobs@example.com"),
        ("mailto:jobs@example.com", "jobs@example.com"),
    ],
)
def test_apply_at_takes_a_web_address_or_an_email(typed, expected):
    job = parse_job({"title": "T", "apply_at": typed})
    assert job.apply_at == expected
    assert job.apply_is_email == ("@" in expected)


@pytest.mark.parametrize(
    "typed",
    [
        "javascript:alert(1)",
        "ftp://example.com/x",
        "call us",
        "data:text/html,x",
        "https://",
        "jobs@",
        "<script>@x.com",
    ],
)
def test_apply_at_refuses_anything_else(typed):
    assert only_problem({"title": "T", "apply_at": typed}).field == "How to apply"


@pytest.mark.parametrize(
    "changes, title",
    [
        ({"language": "de"}, "Data Analyst (m/w/d)"),
        ({"language": "de", "mwd": False}, "Data Analyst"),
        ({"language": "de", "mwd": "no"}, "Data Analyst"),
        ({"language": "en"}, "Data Analyst"),
        ({"language": "fr"}, "Data Analyst (H/F)"),
    ],
)
def test_german_titles_carry_mwd_unless_turned_off(changes, title):
    assert parse_job({"title": "Data Analyst"} | changes).display_title == title


@pytest.mark.parametrize(
    "marked", ["Data Analyst (w/m/d)", "Data Analyst (m/f/d)", "Data Analyst (all genders)", "Data Analyst (M/W/D)"]
)
def test_a_title_already_marked_for_all_genders_is_not_marked_twice(marked):
    assert parse_job({"title": marked, "language": "de"}).display_title == marked


def test_nice_to_have_is_a_list_like_skills():
    job = parse_job({"title": "T", "nice_to_have": "Spanish; dbt\nAirflow, spanish"})
    assert job.nice_to_have == ("Spanish", "dbt", "Airflow")


def test_missing_title_key():
    problem = only_problem({"company": "Acme"})
    assert problem.field == "Job title" and "required" in problem.message


def test_unknown_field_is_named_with_a_suggestion():
    problems = problems_of({"titel": "Chef"})
    messages = [str(p) for p in problems]
    assert any("unknown field 'titel'" in m and "'title'" in m for m in messages)
    assert any(p.field == "Job title" for p in problems)  # and the real title is still missing


def test_unknown_field_without_a_close_match_lists_the_fields():
    problem = only_problem({"title": "T", "zzz": 1})
    assert "unknown field 'zzz'" in problem.message and "salary_min" in problem.message


def test_all_problems_are_reported_at_once():
    problems = problems_of(
        {
            "title": "",
            "salary_min": 200,
            "salary_max": 100,
            "job_type": "gig",
            "work_mode": "moon",
            "currency": "ABC",
            "salary_period": "fortnight",
            "skills": ["ok", "z" * 70],
            "nickname": "x",
            "date_posted": "2026-05-01",
            "valid_through": "2026-04-01",
        }
    )
    fields = [p.field for p in problems]
    for label in ("Job title", "Minimum pay", "Job type", "Work mode", "Currency", "Pay period", "Skills",
                  "nickname", "Apply-by date"):  # fmt: skip
        assert label in fields, (label, problems)
    # An invalid currency is reported once, not again as "missing".
    assert fields.count("Currency") == 1 and fields.count("Pay period") == 1
    error = InvalidJob(problems)
    assert str(error).count("\n- ") == len(problems)


def test_pay_needs_currency_and_period():
    problems = problems_of({"title": "T", "salary_max": 50})
    assert {p.field for p in problems} == {"Currency", "Pay period"}


def test_whole_job_size_limit():
    big = {"title": "T", "about_company": "a" * 2000, "benefits": "b" * 2000}
    parse_job(big)  # well under the limit
    huge = {"title": "T", "skills": ["s" * 50] * 400}
    problem = only_problem(huge)
    assert problem.field == "Job" and "too large" in problem.message
    assert only_problem(json.dumps(huge)).field == "Job"
    # Text that long is refused before JSON parsing.
    assert "too large" in only_problem("x" * (MAX_JOB_CHARS + 1)).message


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '"title"', "null"])
def test_bad_json_is_one_problem(text):
    problem = only_problem(text)
    assert problem.field == "Job"


def test_non_mapping_input():
    assert only_problem(["title"]).field == "Job"
    assert only_problem({1: "x"}).field == "Job"


def test_messages_never_leak_pydantic_wording():
    problems = problems_of({"title": [], "skills": 5, "job_type": 3, "salary_min": [], "date_posted": 7, "tone": 1})
    assert len(problems) == 6
    for problem in problems:
        text = str(problem)
        assert "Input should" not in text and "validation error" not in text and "type=" not in text
        assert problem.field in FIELD_LABELS.values()


# --- the Job object -----------------------------------------------------------------------


def test_job_is_frozen():
    job = parse_job(FULL)
    with pytest.raises(ValidationError):
        job.title = "Other"
    assert job.skills == ("Python", "SQL", "dbt")


def test_job_constructor_validates_too():
    with pytest.raises(ValidationError):
        Job(title="T", salary_min=10)
    with pytest.raises(ValidationError):
        Job(title="T", titel="x")


def test_job_to_dict_round_trips_and_is_json_safe():
    job = parse_job(FULL)
    data = job_to_dict(job)
    assert set(data) == CONTRACT_KEYS == set(FIELDS)
    assert data["job_type"] == "Full-time" and data["salary_period"] == "year"
    assert data["skills"] == ["Python", "SQL", "dbt"] and data["date_posted"] == "2026-01-05"
    assert parse_job(json.loads(json.dumps(data))) == job
    minimal = parse_job({"title": "T"})
    assert parse_job(job_to_dict(minimal)) == minimal


@pytest.mark.parametrize(
    "pay, expected",
    [
        ({"salary_min": 90000, "salary_max": 120000}, "USD 90,000\u2013120,000 per year"),
        ({"salary_min": 80000}, "from USD 80,000 per year"),
        ({"salary_max": "120,000"}, "up to USD 120,000 per year"),
        ({"salary_min": 25, "salary_max": 25, "currency": "EUR", "salary_period": "hourly"}, "EUR 25 per hour"),
        ({"salary_min": 25.5, "currency": "EUR", "salary_period": "hour"}, "from EUR 25.50 per hour"),
        ({"salary_min": 0, "salary_max": 0}, "USD 0 per year"),
    ],
)
def test_the_pay_line(pay, expected):
    job = parse_job({"title": "T", "currency": "USD", "salary_period": "year"} | pay)
    assert pay_line(job) == expected


def test_no_pay_line_without_pay():
    assert pay_line(parse_job({"title": "T"})) is None


@pytest.mark.parametrize(
    "typed, shown, google",
    [
        ("Apprenticeship", "Apprenticeship", "OTHER"),
        ("apprentice", "Apprenticeship", "OTHER"),
        ("freelance", "Freelance", "CONTRACTOR"),
        ("Freelancer", "Freelance", "CONTRACTOR"),
        ("contractor", "Contract", "CONTRACTOR"),
        ("CONTRACTOR", "Contract", "CONTRACTOR"),
        ("seasonal", "Seasonal", "TEMPORARY"),
        ("full time", "Full-time", "FULL_TIME"),
        ("FULL_TIME", "Full-time", "FULL_TIME"),
        ("internship", "Internship", "INTERN"),
        ("TEMPORARY", "Temporary", "TEMPORARY"),
        ("OTHER", "Other", "OTHER"),
    ],
)
def test_common_job_types_and_spellings_are_accepted(typed, shown, google):
    job = parse_job({"title": "T", "job_type": typed})
    assert job.job_type.value == shown and job.job_type.google == google
