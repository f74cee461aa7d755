"""The recruiter's features in a real browser: work kept across reloads, New job, drafts, the Word download."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from browser import AppPage, chromium_available, typed
from samples import SUPERVISOR_REPLY as REPLY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

TITLE = "Warehouse Supervisor"
DUTIES = "- Lead the quarterly stock audit.\n- Plan each shift's picking and packing."


@pytest.fixture
def context(app, browser):
    app.fake.configure(reply=REPLY)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def open_page(context, url: str) -> AppPage:
    return AppPage(context.new_page(), url).open()


def test_work_survives_a_reload_new_job_clears_it_and_other_visitors_do_not_see_it(app, browser, context):
    ui = open_page(context, app.url)
    ui.fill("title", TITLE)
    ui.fill("skills", "Forklift, stock control")
    ui.fill("duties", DUTIES)
    ui.wait_for_value("summary", TITLE)  # the summary follows the job first: the person then writes over it
    ui.fill("summary", "A hands-on lead role.")
    ui.wait_saved(typed(title=TITLE, skills="Forklift, stock control", duties=DUTIES, summary="A hands-on lead role."))
    ui.page.close()

    again = open_page(context, app.url)  # a new tab in the same browser: the tab was closed
    assert again.wait_for_value("title", TITLE) == TITLE
    assert again.value("skills") == "Forklift, stock control"
    assert again.wait_for_value("duties", "quarterly stock audit") == DUTIES
    assert again.value("summary") == "A hands-on lead role."

    stranger = browser.new_context()
    try:
        other = open_page(stranger, app.url)
        other.page.wait_for_timeout(1000)  # its own load event has run
        assert other.value("title") == ""
        assert other.value("duties") == ""
    finally:
        stranger.close()

    again.click("new_job")  # the restored work is not saved anywhere else: the page asks first
    again.wait_for_text("switch_text", "not saved")
    again.click("switch_replace")
    again.page.wait_for_function("() => document.querySelector('#title input, #title textarea').value === ''")
    assert again.value("duties") == ""
    assert again.value("summary") == ""
    again.wait_saved(typed())
    again.page.reload()
    again.page.locator("#title").get_by_role("textbox").wait_for()
    again.wait_for_text("details", "Type a job title to begin.")
    assert again.value("title") == ""
    assert again.value("duties") == ""


def test_word_download_after_generate_opens_in_word(app, context):
    ui = open_page(context, app.url)
    ui.fill("title", TITLE)
    ui.fill("skills", "Forklift, stock control")
    ui.fill("duties", DUTIES)
    summary = ui.wait_for_value("summary", TITLE)  # the summary follows the title and the duties
    ui.wait_saved(typed(title=TITLE, skills="Forklift, stock control", duties=DUTIES, summary=summary))
    ui.click("generate")
    ui.wait_for_text("preview", TITLE)
    ui.page.get_by_role("tab", name="Word", exact=True).click()
    button = ui.page.locator("#download_docx")
    button.wait_for(state="visible")
    with ui.page.expect_download() as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename == "warehouse-supervisor.docx"
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert TITLE in text
    assert "Lead the quarterly stock audit" in text


def test_a_foreign_file_opened_as_a_draft_changes_nothing(app, context, tmp_path):
    ui = open_page(context, app.url)
    ui.fill("title", TITLE)
    foreign = tmp_path / "posting.json"
    foreign.write_text(json.dumps({"@context": "https://schema.org", "@type": "JobPosting"}), encoding="utf-8")
    with ui.page.expect_file_chooser() as chooser:
        ui.click("open_draft")
    chooser.value.set_files(str(foreign))
    ui.wait_for_text("draft_status", "This file is not a draft")
    assert ui.value("title") == TITLE


PROFILE = """
company = "Acme Robotics"
apply_at = "https://acme.example/careers"
fixed = ["company"]
"""


def test_company_profile_prefills_the_form_and_locks_fixed_fields(make_fake_openai, browser, tmp_path):
    from launch import fake_backend_settings, launched_app

    profile = tmp_path / "profile.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    fake = make_fake_openai(reply=REPLY)
    settings = fake_backend_settings(fake, tmp_path / "data", company_profile=profile)
    context = browser.new_context()
    try:
        with launched_app(settings, fake=fake) as app:
            ui = open_page(context, app.url)
            ui.open_tab("Company")
            assert ui.wait_for_value("company", "Acme Robotics") == "Acme Robotics"
            assert ui.page.locator("#company").get_by_role("textbox").is_disabled()
            ui.open_tab("How to apply")
            assert ui.value("apply_at") == "https://acme.example/careers"
            assert ui.page.locator("#apply_at").get_by_role("textbox").is_enabled()  # not fixed: editable
    finally:
        context.close()


ROLES_CSV = (
    "title,skills,salary_min,salary_max,currency,salary_period\n"
    "Warehouse Associate,Forklift,30000,36000,GBP,year\n"
    "Shift Lead,Team leadership,90000,1000,GBP,year\n"
    "Picker,Order picking,,,,\n"
)


def test_bulk_tab_gives_a_zip_and_names_the_bad_row(app, context, tmp_path):
    roles = tmp_path / "roles.csv"
    roles.write_text(ROLES_CSV, encoding="utf-8")
    ui = open_page(context, app.url)
    ui.open_tab("Bulk")
    ui.page.locator("#bulk_file input[type=file]").set_input_files(str(roles))
    ui.page.locator("#bulk_formats").get_by_label("docx", exact=True).uncheck()
    ui.click("bulk_run")
    status = ui.wait_for_text("bulk_status", "failed", timeout_ms=60_000)
    assert "2 of 3 done, 1 failed." in status
    table = ui.wait_for_text("bulk_table", "Row 3, salary")
    assert "Warehouse Associate" in table and "Picker" in table
    with ui.page.expect_download() as caught:
        ui.page.locator("#bulk_zip a").first.click()
    with zipfile.ZipFile(caught.value.path()) as archive:
        names = archive.namelist()
    assert sorted(name for name in names if name.endswith(".md")) == ["002-warehouse-associate.md", "004-picker.md"]
    assert "summary.csv" in names


def test_a_downloaded_draft_opens_again_after_new_job(app, context, tmp_path):
    ui = open_page(context, app.url)
    ui.fill("title", TITLE)
    ui.fill("duties", DUTIES)
    ui.wait_for_value("summary", TITLE)  # the summary follows the job first: the person then writes over it
    ui.fill("summary", "A hands-on lead role.")
    with ui.page.expect_download() as caught:  # one click
        ui.click("save_draft")
    assert caught.value.suggested_filename == "warehouse-supervisor.jd.json"
    ui.wait_for_text("draft_status", "Draft saved as warehouse-supervisor.jd.json")
    saved = tmp_path / caught.value.suggested_filename
    caught.value.save_as(saved)

    ui.click("new_job")  # the draft is saved: no question
    ui.page.wait_for_function("() => document.querySelector('#title input, #title textarea').value === ''")
    assert not ui.page.locator("#switch_confirm").is_visible()
    with ui.page.expect_file_chooser() as chooser:
        ui.click("open_draft")
    chooser.value.set_files(str(saved))
    ui.wait_for_text("draft_status", "Draft opened.")
    assert ui.wait_for_value("title", TITLE) == TITLE
    assert ui.value("duties") == DUTIES
    assert ui.value("summary") == "A hands-on lead role."
