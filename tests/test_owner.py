"""The feedback report for the Space's owner: who may open it (jd/owner.py), the `/feedback_report`
endpoint of the running app, and the page's section in Chromium, by admin token and by Hugging Face sign-in.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import httpx
import pytest
from gradio_client.exceptions import AppError
from launch import fake_backend_settings, launched_app, new_client

from jd.errors import InvalidInput, NotOwner, VisitorRateLimited
from jd.feedback import FeedbackStore
from jd.feedback_report import feedback_report
from jd.owner import ATTEMPTS_PER_MINUTE, attempts_limiter, check_owner, how_to_open, owner_report, report_enabled
from jd.settings import ConfigError, Settings

TOKEN = "owner-token-" + "k3Jq9vXw2LmP"  # 24 characters
OWNER = "jd-owner"
# Gradio's queue warns about pandas deprecations on every call: not ours to fix here.
pytestmark = pytest.mark.filterwarnings("ignore:.*no_silent_downcasting", "ignore:The copy keyword is deprecated")

REFUSED = "Only the Space's owner can see the feedback report."
# (time, title, rating, reason, backend)
RECORDS = [
    ("2025-03-03T10:00", "Staff Nurse", "helpful", "", "hf"),
    ("2025-03-04T10:00", "Line Cook", "not helpful", "Too generic.", "local"),
    ("2025-03-11T10:00", "Software Engineer", "not helpful", "too generic", "local"),
    ("2025-03-12T10:00", "Welder", "helpful", "", "local"),
]


def fill(store: FeedbackStore) -> FeedbackStore:
    for time, title, rating, reason, backend in RECORDS:
        store.add(
            {"inputs": {"title": title}, "rating": rating, "reason": reason, "backend": backend, "model": "m"},
            at=datetime.fromisoformat(time).replace(tzinfo=timezone.utc),
        )
    return store


@pytest.fixture
def store(tmp_path) -> FeedbackStore:
    return fill(FeedbackStore(tmp_path / "data"))


# ---- settings -----------------------------------------------------------------------------------


def test_the_owners_are_jd_owners_else_the_spaces_owner():
    assert Settings.from_env({"SPACE_ID": "ann/jd", "SPACE_AUTHOR_NAME": "ann"}).owners == ("ann",)
    assert Settings.from_env({"SPACE_ID": "ann/jd"}).owners == ("ann",)
    assert Settings.from_env({"SPACE_ID": "acme/jd", "JD_OWNERS": "ann, bob  cy"}).owners == ("ann", "bob", "cy")
    assert Settings.from_env({}).owners == ()


def test_a_short_admin_token_is_refused_at_start_and_the_token_is_never_printed():
    with pytest.raises(ConfigError, match="JD_ADMIN_TOKEN must be at least 16 characters"):
        Settings.from_env({"JD_ADMIN_TOKEN": "letmein"})
    settings = Settings.from_env({"JD_ADMIN_TOKEN": f"  {TOKEN} "})
    assert settings.admin_token == TOKEN
    assert TOKEN not in repr(settings)


# ---- who may open it ----------------------------------------------------------------------------


def test_the_admin_token_opens_it_and_nothing_else_does():
    settings = Settings(admin_token=TOKEN)
    check_owner(settings, username=None, token=TOKEN)
    check_owner(settings, username=None, token=f" {TOKEN}\n")  # pasted with spaces
    for wrong in ("", None, TOKEN[:-1], TOKEN + "x", TOKEN.upper()):
        with pytest.raises(NotOwner) as refused:
            check_owner(settings, username=None, token=wrong)
        assert str(refused.value).startswith(REFUSED)
        assert TOKEN not in str(refused.value)
    with pytest.raises(NotOwner):  # outside a Space nobody signs in: a username is not enough
        check_owner(Settings(admin_token=TOKEN, owners=(OWNER,)), username=OWNER, token="")


def test_on_a_space_the_owner_signed_in_opens_it_and_others_are_told_who_they_are():
    settings = Settings(on_space=True, owners=(OWNER, "Second-Owner"))
    check_owner(settings, username=OWNER, token="")
    check_owner(settings, username="second-owner", token="")  # Hugging Face names ignore case
    with pytest.raises(NotOwner, match=r"You are signed in as visitor42, who is not an owner\."):
        check_owner(settings, username="visitor42", token="")
    with pytest.raises(NotOwner, match="sign in with Hugging Face as the Space's owner"):
        check_owner(settings, username=None, token=TOKEN)  # no admin token configured: a token is no way in


def test_with_nothing_configured_the_report_is_off_in_the_page():
    for settings in (Settings(), Settings(owners=(OWNER,)), Settings(on_space=True)):
        assert not report_enabled(settings)
        with pytest.raises(NotOwner, match="The feedback report is off here") as refused:
            check_owner(settings, username=OWNER, token=TOKEN)
        assert "python -m jd feedback report" in str(refused.value)
    assert report_enabled(Settings(admin_token=TOKEN))
    assert report_enabled(Settings(on_space=True, owners=(OWNER,)))
    assert how_to_open(Settings(admin_token=TOKEN, on_space=True, owners=(OWNER,))) == (
        "To open it, type the admin token (JD_ADMIN_TOKEN) or sign in with Hugging Face as the Space's owner, "
        "then show the report."
    )


# ---- the report -----------------------------------------------------------------------------------


def test_the_owners_report_has_the_stores_figures(store):
    report = owner_report(
        Settings(admin_token=TOKEN), store, attempts_limiter(), visitor="a", username=None, token=TOKEN
    )
    assert report.figures == feedback_report(store)
    assert report.figures["records"] == 4 and report.figures["helpful"] == 2
    assert json.loads(report.json_text()) == report.figures
    assert "**4** records: **2** helpful, **2** not helpful (helpful rate **50%**)" in report.markdown
    assert "1. too generic (2)" in report.markdown
    since = owner_report(
        Settings(admin_token=TOKEN),
        store,
        attempts_limiter(),
        visitor="a",
        username=None,
        token=TOKEN,
        since=" 2025-03-10 ",
    )
    assert since.figures["records"] == 2 and since.markdown.startswith("## Feedback since 2025-03-10")
    with pytest.raises(InvalidInput):
        owner_report(
            Settings(admin_token=TOKEN),
            store,
            attempts_limiter(),
            visitor="a",
            username=None,
            token=TOKEN,
            since="last week",
        )


def test_every_attempt_counts_so_the_token_cannot_be_guessed_by_trying(store):
    settings, attempts = Settings(admin_token=TOKEN), attempts_limiter()
    for guess in range(ATTEMPTS_PER_MINUTE):
        with pytest.raises(NotOwner):
            owner_report(settings, store, attempts, visitor="guesser", username=None, token=f"guess-{guess}")
    with pytest.raises(VisitorRateLimited, match=r"Too many tries .* Try again in \d+ seconds") as limited:
        owner_report(settings, store, attempts, visitor="guesser", username=None, token=TOKEN)
    assert limited.value.retry_after and limited.value.retry_after > 0
    # another visitor (the owner elsewhere) is not locked out by the guesser
    assert owner_report(settings, store, attempts, visitor="owner", username=None, token=TOKEN).figures["records"] == 4


# ---- the running app --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def owner_app(tmp_path_factory):
    from fake_openai import FakeOpenAI

    data = tmp_path_factory.mktemp("owner") / "data"
    fill(FeedbackStore(data))
    with FakeOpenAI() as fake, launched_app(fake_backend_settings(fake, data, admin_token=TOKEN), fake=fake) as app:
        yield app


def test_the_endpoint_gives_the_owner_the_report_and_its_json(owner_app):
    markdown, json_file = owner_app.client.predict(TOKEN, "", api_name="/feedback_report")
    store = FeedbackStore(owner_app.settings.data_dir)
    with open(json_file, encoding="utf-8") as handle:
        assert json.load(handle) == feedback_report(store)
    assert "**4** records" in markdown and "| local | 3 | 1 | 2 | 33% |" in markdown


def test_the_endpoint_refuses_a_visitor_without_showing_a_figure(owner_app):
    visitor = new_client(owner_app.url)
    try:
        with pytest.raises(AppError) as refused:
            visitor.predict("a-guess-at-the-token", "", api_name="/feedback_report")
    finally:
        visitor.close()
    message = str(refused.value)
    assert message.startswith(REFUSED) and "type the admin token" in message
    assert "records" not in message and "&#x27;" not in message


def test_the_report_is_neither_documented_nor_in_the_page_for_visitors(owner_app):
    api = owner_app.client.view_api(print_info=False, return_format="dict")
    assert "/feedback_report" not in api["named_endpoints"]
    config = httpx.get(owner_app.url + "config", timeout=10).text
    assert TOKEN not in config and "Too generic" not in config
    section = next(c for c in json.loads(config)["components"] if c.get("props", {}).get("elem_id") == "owner_report")
    assert section["props"]["visible"] is True  # its own page, at the top


def test_without_a_token_or_a_space_the_section_is_hidden_and_the_endpoint_says_why(app):
    config = httpx.get(app.url + "config", timeout=10).json()
    section = next(c for c in config["components"] if c.get("props", {}).get("elem_id") == "owner_report")
    assert section["props"]["visible"] is False
    with pytest.raises(AppError, match="The feedback report is off here"):
        app.client.predict("", "", api_name="/feedback_report")


# ---- the page ---------------------------------------------------------------------------------------


def open_report_section(page) -> None:
    page.get_by_role("tab", name="Feedback report", exact=True).click()
    page.locator("#owner_show").wait_for()


@pytest.mark.browser
def test_the_owner_types_the_token_and_sees_the_report(owner_app, browser):
    from browser import AppPage

    context = browser.new_context()
    try:
        ui = AppPage(context.new_page(), owner_app.url).open()
        open_report_section(ui.page)
        ui.fill("owner_token", "not-the-token-at-all")
        ui.click("owner_show")
        ui.page.get_by_text(REFUSED).first.wait_for()
        assert "records" not in ui.text("owner_report_text")
        assert ui.page.locator("#owner_token input").input_value() == "not-the-token-at-all"  # nothing lost

        ui.fill("owner_token", TOKEN)
        ui.fill("owner_since", "2025-03-10")
        ui.click("owner_show")
        text = ui.wait_for_text("owner_report_text", "Helpful rate by backend")
        assert "Feedback since 2025-03-10" in text and "2 records" in text
        link = ui.page.locator("#owner_report_json a[download='feedback-report.json']")
        link.wait_for()
        figures = ui.page.request.get(link.get_attribute("href")).json()
        assert figures["since"] == "2025-03-10" and figures["records"] == 2
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("username, sees_report", [(OWNER, True), ("visitor42", False)], ids=["owner", "visitor"])
def test_on_a_space_signing_in_as_the_owner_opens_the_report(
    username, sees_report, space_sign_in, make_fake_openai, tmp_path, browser
):
    from browser import AppPage

    space_sign_in(username)
    fake = make_fake_openai()
    data = tmp_path / "data"
    fill(FeedbackStore(data))
    settings = fake_backend_settings(fake, data, on_space=True, owners=(OWNER,))
    with launched_app(settings, fake=fake) as app:
        context = browser.new_context()
        try:
            ui = AppPage(context.new_page(), app.url).open()
            assert ui.page.locator("#owner_token").is_hidden()  # no admin token configured: sign-in only
            ui.page.get_by_role("button", name="Sign in with Hugging Face").click()
            ui.page.get_by_role("button", name=re.compile("^Logout")).wait_for()  # Gradio's signed-in button
            ui.page.locator("#title").get_by_role("textbox").wait_for()
            open_report_section(ui.page)
            ui.click("owner_show")
            if sees_report:
                assert "**" not in ui.wait_for_text("owner_report_text", "4 records")
            else:
                ui.page.get_by_text(f"You are signed in as {username}, who is not an owner.").first.wait_for()
                assert "records" not in ui.text("owner_report_text")
        finally:
            context.close()
