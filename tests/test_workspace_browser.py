"""One job, one state, in a real browser: what the page shows always belongs to the job in the form.

The sequence from the issue that once published another company's job: a German Senior Backend Engineer
ad, then the "Marketing Intern" example, then Generate. Also: switching asks first and offers Undo, New
job on a blank form asks nothing, an ad is marked out of date when its job changes, the summary follows
edited duties until the person edits it, and a draft is saved in one click.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import AppPage, chromium_available, typed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

BACKEND_REPLY = (
    "- Design and build REST APIs in Python for the warehouse robot fleet.\n"
    "- Run PostgreSQL schema migrations safely during the weekly release.\n"
    "- Review pull requests from other engineers and keep the code easy to change.\n"
    "- Keep the AWS services monitored and fix incidents with the on-call rota.\n"
    "- Write clear design notes before building a new service.\n"
    "- Mentor two junior engineers through their first projects.\n"
)
INTERN_REPLY = (
    "- Plan social media posts for the snack brand every week with the marketing lead.\n"
    "- Write short copy for product launches, newsletters and the online shop.\n"
    "- Design simple graphics in Canva for posts and stories.\n"
    "- Track how each post performs and share what you learn in the weekly meeting.\n"
    "- Answer comments and messages from customers in a friendly voice.\n"
    "- Help prepare the monthly report on followers and engagement.\n"
)


@pytest.fixture
def ui(app, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = AppPage(context.new_page(), app.url).open()
    yield page
    context.close()
    assert page.external_requests == []


def write_and_generate(ui: AppPage, fake, reply: str, first_duty: str) -> str:
    fake.configure(reply=reply)
    ui.click("write")
    ui.wait_for_value("duties", first_duty)
    ui.wait_for_status("Done.", "Could not")
    ui.click("generate")
    ui.wait_for_text("ad_status", "Review score")
    return ui.text("preview")


def test_an_example_after_a_german_job_never_makes_a_mixed_ad(ui, app):
    ui.click("example_0")  # Senior Backend Engineer at Acme Robotics
    assert ui.wait_for_value("title", "Senior Backend Engineer") == "Senior Backend Engineer"
    ui.open_tab("Options")
    ui.check("language", "German (Deutsch)")
    ui.open_tab("How to apply")
    ui.fill_date("valid_through", "2027-03-31")
    ui.wait_for_text("details", "2027")
    german = write_and_generate(ui, app.fake, BACKEND_REPLY, "Design and build REST APIs")
    assert "Acme Robotics sucht Sie als Senior Backend Engineer (m/w/d)" in german

    ui.click("example_2")  # Marketing Intern at Brightleaf: the backend job is not saved, so the page asks
    question = ui.wait_for_text("switch_text", "not saved")
    assert "Senior Backend Engineer" in question and "Marketing Intern" in question
    assert ui.page.locator("#title input").input_value() == "Senior Backend Engineer"  # nothing changed yet
    ui.page.wait_for_function("() => document.activeElement?.id === 'switch_replace'")  # focus moves to the answer
    assert ui.page.locator("#switch_replace").get_attribute("aria-describedby") == "switch_text"
    ui.click("switch_replace")
    ui.wait_for_value("title", "Marketing Intern")  # the Role tab is shown with the new job
    ui.wait_for_text("undo_text", "Marketing Intern")
    for elem_id in ("duties", "summary", "live"):
        assert ui.value(elem_id) == "", elem_id  # the previous job's duties and summary are gone
    assert "Generate job description" in ui.text("preview")  # no ad of the previous job
    assert "Review score" not in ui.text("review")
    assert ui.page.locator("#valid_through input").input_value() == ""  # its apply-by date is gone too
    ui.open_tab("Options")
    assert ui.page.locator("#language").get_by_label("English", exact=True).is_checked()
    ui.open_tab("Role")

    intern = write_and_generate(ui, app.fake, INTERN_REPLY, "Plan social media posts")
    assert "Brightleaf is hiring for the position of Marketing Intern" in intern
    for leaked in ("Acme", "Backend", "sucht", "REST APIs", "2027", "(m/w/d)"):
        assert leaked not in intern, leaked
    review = ui.text("review")
    assert "The summary names" not in review and "is in German" not in review

    ui.click("undo")  # the backend job comes back, as it was
    ui.wait_for_value("title", "Senior Backend Engineer")
    assert "Design and build REST APIs" in ui.value("duties")
    assert "Acme Robotics sucht" in ui.value("summary")
    assert "Generate job description" in ui.text("preview")  # the intern's ad does not stay under it


def test_keep_my_job_changes_nothing_and_a_saved_job_switches_without_asking(ui, app, tmp_path):
    ui.fill("title", "Warehouse Supervisor")
    ui.fill("duties", "- Lead the quarterly stock audit.")
    ui.click("example_2")
    ui.wait_for_text("switch_text", "not saved")
    ui.click("switch_keep")
    ui.wait_for_text("status", "Nothing changed")
    assert ui.value("title") == "Warehouse Supervisor"
    assert ui.value("duties") == "- Lead the quarterly stock audit."
    assert not ui.page.locator("#switch_confirm").is_visible()

    with ui.page.expect_download() as caught:  # one click: the draft is saved
        ui.click("save_draft")
    assert caught.value.suggested_filename == "warehouse-supervisor.jd.json"
    saved = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert saved["job"]["title"] == "Warehouse Supervisor"
    assert "quarterly stock audit" in saved["duties"]
    ui.wait_for_text("draft_status", "warehouse-supervisor.jd.json")

    ui.click("example_2")  # saved: no question
    ui.wait_for_value("title", "Marketing Intern")
    assert not ui.page.locator("#switch_confirm").is_visible()


def test_new_job_on_a_blank_form_asks_nothing_and_shows_no_error(ui):
    ui.click("new_job")
    ui.wait_until_idle()  # a button takes no second click while its first is still being answered
    ui.wait_for_text("details", "Type a job title to begin.")
    assert not ui.page.locator("#switch_confirm").is_visible()
    assert "Please fix" not in ui.text("status") + ui.text("details")

    ui.fill("title", "Line Cook")
    ui.wait_for_text("details", "Line Cook")
    ui.click("new_job")
    ui.wait_for_text("switch_text", "a new, empty job")
    ui.click("switch_replace")
    ui.page.wait_for_function("() => document.querySelector('#title input').value === ''")
    ui.wait_for_text("details", "Type a job title to begin.")
    assert "Please fix" not in ui.text("details") + ui.text("status")


def test_the_ad_is_marked_out_of_date_when_its_job_changes(ui, app):
    ui.fill("title", "Warehouse Supervisor")
    ui.fill("skills", "Forklift")
    write_and_generate(ui, app.fake, INTERN_REPLY.replace("snack brand", "warehouse"), "Plan social media posts")
    ui.open_tab("Markdown")
    ui.page.locator("#download_markdown").wait_for(state="visible")
    assert "warehouse-supervisor.md" in ui.page.locator("#download_markdown").inner_text()

    ui.fill("title", "Warehouse Team Lead")
    ui.wait_for_text("ad_stale", "Out of date")
    ui.page.locator("#download_markdown").wait_for(state="hidden")  # no stale file to download
    summary = ui.wait_for_value("summary", "Warehouse Team Lead")  # the summary follows the title
    ui.wait_saved(typed(title="Warehouse Team Lead", skills="Forklift", summary=summary, duties=ui.value("duties")))
    ui.click("generate")
    ui.page.wait_for_function("() => !(document.getElementById('ad_stale')?.innerText || '').includes('Out of date')")
    ui.page.locator("#download_markdown").wait_for(state="visible")
    assert "warehouse-team-lead.md" in ui.page.locator("#download_markdown").inner_text()


def test_the_summary_follows_the_job_until_the_person_edits_it(ui, app):
    ui.fill("title", "Warehouse Supervisor")
    app.fake.configure(reply=INTERN_REPLY)
    ui.click("write")
    ui.wait_for_status("Done.", "Could not")
    assert "social media posts" not in ui.wait_for_value("summary", "Warehouse Supervisor")  # duties not pasted

    ui.fill("title", "Night Shift Supervisor")
    summary = ui.wait_for_value("summary", "Night Shift Supervisor")
    assert "Warehouse Supervisor" not in summary

    ui.fill("summary", "A hands-on lead role in our Leeds warehouse.")
    ui.fill("duties", "- Count the stock in aisle four every Friday.")
    ui.click("generate")
    preview = ui.wait_for_text("preview", "Count the stock in aisle four")
    assert "A hands-on lead role in our Leeds warehouse." in preview
    assert ui.value("summary") == "A hands-on lead role in our Leeds warehouse."  # the person's text stays


def test_duties_are_marked_when_the_facts_they_were_written_for_change(ui, app):
    ui.fill("title", "Warehouse Supervisor")
    app.fake.configure(reply=INTERN_REPLY)
    ui.click("write")
    ui.wait_for_status("Done.", "Could not")
    # The note's own text: Gradio's progress timer for a late quick event may sit in the same block.
    assert ui.page.locator("#duties_note [data-testid=markdown]").inner_text().strip() == ""
    ui.fill("title", "Night Shift Supervisor")
    note = ui.wait_for_text("duties_note", "written before you changed")
    assert "job title" in note
