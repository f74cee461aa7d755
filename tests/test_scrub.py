"""Scrubbing: personal data and the company's name never survive into an example; ordinary text does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from jd.scrub import MAX_PHONE_DIGITS, scrub


def scrubbed(text: str, **kwargs) -> str:
    return scrub(text, **kwargs).text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Send CVs to jane.smith@riverside.co.uk today.", "Send CVs to [email] today."),
        ("Mail JOBS+nurse@Example.org.", "Mail [email]."),
        ("Write to first_last-99@mail.example.com or hr@x.io", "Write to [email] or [email]"),
    ],
)
def test_email_addresses_are_replaced(text, expected):
    assert scrubbed(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Apply at https://riverside.example/jobs?id=4.", "Apply at [website]."),
        ("See http://acme.com/careers, then call.", "See [website], then call."),
        ("Read www.acme.co.uk/about before the interview.", "Read [website] before the interview."),
        ("Book shifts on rota.acme.com daily.", "Book shifts on [website] daily."),
        ("Visit riverside-clinic.co.uk/jobs.", "Visit [website]."),
        ("Our site acme.de has the forms.", "Our site [website] has the forms."),
        ("Use ftp://files.acme.com/upload for scans.", "Use [website] for scans."),
    ],
)
def test_web_addresses_with_and_without_scheme_are_replaced(text, expected):
    assert scrubbed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Build services with ASP.NET and Node.js, e.g. for clients, i.e. partners.",
        "Use socket.io and Vue.js for live dashboards.",
        "Manage stock levels. It matters.",
        "Work 24/7 on call in three 12-hour shifts.",
        "Pay of 30 000 - 40 000 per year is set by the client.",
        "Start on 01/02/2024 or 2024-03-31 and finish by 31.12.2025.",
        "Keep records for 1000000 items across 250 stores.",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert scrubbed(text) == text


@pytest.mark.parametrize(
    "number",
    [
        "+44 20 7946 0958",  # international, spaces
        "+1 (555) 123-4567",  # international with area code in brackets
        "+49 (0)30 1234567",  # international with the trunk 0 in brackets
        "+33 6 12 34 56 78",
        "0044 20 7946 0958",  # 00 international prefix
        "+48 600-700-800",
        "020 7946 0958",  # national, trunk 0
        "06 12 34 56 78",
        "0612345678",
        "030/1234567",
        "(555) 123-4567",  # North American with area code in brackets
        "555-123-4567",
        "555.123.4567",
        "555 123 4567",
    ],
)
def test_phone_numbers_in_international_and_national_forms_are_replaced(number):
    assert scrubbed(f"Questions? Ring {number} or write.") == "Questions? Ring [phone] or write."
    assert scrubbed(f"{number} is the ward's line.") == "[phone] is the ward's line."


@pytest.mark.parametrize("lead", ["Phone: ", "Tel. ", "call ", "Mobile ", "WhatsApp "])
def test_a_short_local_number_after_a_phone_word_is_replaced(lead):
    assert scrubbed(f"{lead}7946 0958 for rota changes.") == f"{lead}[phone] for rota changes."


def test_a_number_longer_than_e164_allows_is_not_taken_for_a_phone_number():
    digits = "0" + "1" * MAX_PHONE_DIGITS  # 16 digits
    assert scrubbed(f"Batch {digits} shipped.") == f"Batch {digits} shipped."


@pytest.mark.parametrize(
    "text, expected, name",
    [
        ("Contact Jane Smith about rotas.", "Contact [name] about rotas.", "Jane Smith"),
        ("contact jane smith about rotas.", "contact jane smith about rotas.", None),  # lower case: a known limit
        ("Ask for Sarah at reception.", "Ask for [name] at reception.", "Sarah"),
        ("ask for Dr. Amelia Okafor-Jones on arrival.", "ask for [name] on arrival.", "Dr. Amelia Okafor-Jones"),
        ("Report to Mr. Brown each morning.", "Report to [name] each morning.", "Mr. Brown"),
        ("Report to Mr Brown each morning.", "Report to [name] each morning.", "Mr Brown"),
        ("Reports directly to Tom O'Neill.", "Reports directly to [name].", "Tom O'Neill"),
        ("Speak with McDonald before ordering.", "Speak with [name] before ordering.", "McDonald"),
        ("Shadow J. Smith during induction.", "Shadow [name] during induction.", "J. Smith"),
        ("Email Priya when stock runs low.", "Email [name] when stock runs low.", "Priya"),
        ("Supervised by Ms Patel, plan the week.", "Supervised by [name], plan the week.", "Ms Patel"),
        ("Contact HR Manager Jane Smith first.", "Contact HR Manager [name] first.", "Jane Smith"),
    ],
)
def test_names_after_a_title_or_a_pointing_phrase_are_replaced(text, expected, name):
    result = scrub(text)
    assert result.text == expected
    assert [original for kind, original in result.replaced if kind == "name"] == ([name] if name else [])


def test_every_name_in_a_list_after_a_pointing_phrase_is_replaced():
    assert scrubbed("Contact Anna, Tom Lee or Sue Park.") == "Contact [name], [name] or [name]."
    assert scrubbed("Work with Anna & Tom on rotas.") == "Work with [name] & [name] on rotas."


@pytest.mark.parametrize(
    "text",
    [
        "Report to the Head Chef at the start of each shift.",
        "Contact HR about leave and Payroll about overtime.",
        "Work with Marketing and Sales Managers on campaigns.",
        "Call Monday to Friday between shifts.",
        "Ask Reception for visitor badges.",
    ],
)
def test_roles_teams_and_days_after_a_pointing_phrase_are_kept(text):
    assert scrubbed(text) == text


def test_tools_named_in_the_skills_are_not_names():
    text = "Work with Epic daily and work with Jira weekly."
    assert scrubbed(text, keep=["Epic EHR"]) == "Work with Epic daily and work with [name] weekly."  # Jira: a limit
    assert scrubbed(text, keep=["Epic EHR", "Jira"]) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Join Riverside Clinic as a nurse.", "Join the company as a nurse."),
        ("The RIVERSIDE CLINIC team meets daily.", "The company team meets daily."),
        ("Follow riverside clinic's policies.", "Follow the company's policies."),
        ("Riverside   Clinic Ltd is growing.", "The company is growing."),
        ("Train at Riverside Clinic Ltd. Then lead.", "Train at the company. Then lead."),
        ("Visit Riversidex or RiversideClinic.", "Visit Riversidex or RiversideClinic."),
    ],
)
def test_the_company_name_is_replaced_in_any_case_and_form(text, expected):
    assert scrubbed(text, company="Riverside Clinic Ltd") == expected


def test_a_one_word_company_name_that_is_also_a_word_is_replaced_only_when_capitalised():
    text = "Plan the next step with Next staff. NEXT runs stores."
    assert scrubbed(text, company="Next") == "Plan the next step with the company staff. The company runs stores."


def test_replacements_are_listed_in_order_with_their_kind():
    result = scrub(
        "Contact Jane Smith (jane@acme.com, +44 20 7946 0958) at Acme, acme.com.", company="Acme", keep=["welding"]
    )
    assert result.text == "Contact [name] ([email], [phone]) at the company, [website]."
    assert result.replaced == (
        ("email", "jane@acme.com"),
        ("website", "acme.com"),
        ("phone", "+44 20 7946 0958"),
        ("company", "Acme"),
        ("name", "Jane Smith"),
    )


_LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum()
)
_DOMAIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=2, max_size=12).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum()
)


@settings(max_examples=examples(200), deadline=None)
@given(local=_LOCAL, domain=_DOMAIN, tld=st.sampled_from(["com", "org", "co.uk", "de", "example"]))
def test_no_generated_email_address_survives(local, domain, tld):
    address = f"{local}@{domain}.{tld}"
    result = scrubbed(f"Questions to {address}, please.")
    assert address not in result
    assert "[email]" in result


@settings(max_examples=examples(200), deadline=None)
@given(
    country=st.integers(1, 999),
    groups=st.lists(st.integers(10, 9999), min_size=2, max_size=4),
    separator=st.sampled_from([" ", "-", ".", ""]),
)
def test_no_generated_international_number_survives(country, groups, separator):
    number = f"+{country} " + separator.join(str(g) for g in groups)
    digits = sum(ch.isdigit() for ch in number)
    result = scrubbed(f"Ring {number} today.")
    if 7 <= digits <= MAX_PHONE_DIGITS:
        assert result == "Ring [phone] today."
