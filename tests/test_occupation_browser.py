"""The occupation on the page, in a real Chromium: "Which job is this?" when the title's match is unsure, the
pick kept per title and carried into the ad, a suggested duty added by keyboard in one step, and axe-core
finding nothing with every new part shown."""

from __future__ import annotations

import pytest
from browser import AppPage, chromium_available
from test_accessibility_browser import WIDE, axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

WAITERS = "Waiters and Waitresses (35-3031.00)"


def visible(ui: AppPage, elem_id: str) -> None:
    ui.page.locator(f"#{elem_id}").wait_for(state="visible")


def test_pick_the_job_add_a_suggested_duty_by_keyboard_and_the_ad_names_the_pick(app, browser):
    context = browser.new_context(viewport=WIDE)
    ui = AppPage(context.new_page(), app.url).open()
    try:
        ui.fill("title", "Server")  # a counter worker or a waiter? The page asks
        ui.wait_for_text("occupation_status", "not sure yet")
        visible(ui, "occupation_picker")
        assert ui.page.locator("#occupation_suggestions").is_hidden()  # nothing suggested for a guess
        found = [f"[asking] {line}" for line in axe_violations(ui)]

        ui.check("occupation_picker", WAITERS)
        ui.wait_for_text("occupation_status", f"{WAITERS}, as you chose")
        visible(ui, "suggest_duty_0")
        ui.wait_for_text("job_zone_hint", "never written into the ad")
        found += [f"[suggesting] {line}" for line in axe_violations(ui)]
        assert found == []

        first = ui.text("suggest_duty_0").removeprefix("Add duty: ").strip()
        ui.page.locator("#suggest_duty_0").focus()
        ui.page.keyboard.press("Enter")
        assert ui.wait_for_value("duties", first) == f"- {first}"
        ui.wait_for_text("occupation_note", first)  # a live region tells a screen reader what was added
        # The added duty is not offered again; the next one takes its place under the keyboard's focus.
        ui.page.wait_for_function(
            "(first) => !document.getElementById('suggest_duty_0').innerText.includes(first)", arg=first
        )
        assert ui.page.evaluate("() => document.activeElement.id") == "suggest_duty_0"

        ui.fill("title", "Staff Accountant")  # another job: its own suggestion, the pick is not carried over
        ui.wait_for_text("occupation_status", "Accountants")
        ui.fill("title", "Server")  # the same title again: the recruiter's pick comes back
        ui.wait_for_text("occupation_status", f"{WAITERS}, as you chose")

        ui.click("generate")
        ui.wait_for_text("ad_status", "Review score")
        ui.open_tab("JSON-LD")
        assert '"codeValue": "35-3031.00"' in ui.wait_for_value("out_jsonld", "occupationalCategory")
        assert ui.page.locator("#footer").inner_text().count("O*NET") >= 1
        assert "ESCO" in ui.text("footer")
    finally:
        context.close()
