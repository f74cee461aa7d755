"""Every backend fault as a person sees it: one Chromium, one launched app, the fake reconfigured per case.

For each case in fault_cases.py: the status line explains what happened and what to do, the
live panel keeps exactly the text that arrived (none when the failure came first), the
editable list is left alone, and the next click with the fault cleared fills it with bullets.
"""

from __future__ import annotations

import pytest
from browser import AppPage, chromium_available
from fault_cases import CASES, PARTIAL, fault_settings, missing_words
from launch import launched_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


def case_word(case) -> str:
    """The case's name without digits ("401" -> "eab"): the grounding guard drops duties with invented figures."""
    return "".join(chr(ord("a") + int(ch)) if ch.isdigit() else ch for ch in case.name)


def recovery_reply(case) -> str:
    """A reply unique to the case, so the test sees this click's bullets and not an earlier one's."""
    return (
        f"- Check the {case_word(case)} dock schedule before each shift.\n"
        "- Count the stock in aisle four every Friday.\n"
    )


@pytest.fixture(scope="module")
def ui(flaky, browser, tmp_path_factory):
    settings = fault_settings(flaky, tmp_path_factory.mktemp("faults-browser") / "data")
    with launched_app(settings, fake=flaky) as app:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = AppPage(context.new_page(), app.url).open()
        page.fill("title", "Warehouse Supervisor")
        page.fill("skills", "Forklift, stock control")
        page.fill("location", "Leeds, UK")
        yield page
        context.close()
        assert page.external_requests == [], "the page must not reach outside the machine"
        assert page.dialogs == []


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fault_in_the_browser(case, ui, flaky):
    duties_before = ui.value("duties")
    flaky.inject(case)
    ui.click("write")
    status = ui.wait_for_status("Could not finish", *case.happened, every=True)
    assert "Done." not in status
    assert missing_words(status, case) == [], status
    assert "Traceback" not in status
    assert ui.value("live") == (PARTIAL if case.mid_stream else "")
    if case.mid_stream:
        assert "partial text is kept" in status
    assert ui.value("duties") == duties_before  # nothing half-done went into the editable list

    flaky.clear(reply=recovery_reply(case))
    ui.click("write")
    duties = ui.wait_for_value("duties", f"{case_word(case)} dock schedule")
    assert "Done." in ui.wait_for_status("Done.")
    assert duties.splitlines() == [
        f"- Check the {case_word(case)} dock schedule before each shift",
        "- Count the stock in aisle four every Friday",
    ]
    assert ui.value("live") == recovery_reply(case)
