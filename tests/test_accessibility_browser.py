"""WCAG 2.1 AA in a real browser: axe-core finds nothing, the controls and focus ring can be seen, and the
whole flow works by keyboard alone, on a wide screen and on a phone.

axe-core is pinned in tests/a11y/package.json (installed by .ci/run with `npm ci`); it runs the WCAG 2.0 and
2.1 A and AA rules over the page after load, with every tab opened, and after a job description is made.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import AppPage, chromium_available
from samples import SUPERVISOR_REPLY as REPLY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

AXE = Path(__file__).resolve().parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FORM_TABS = ["Role", "Company", "Pay & benefits", "How to apply", "Options"]
AD_TABS = ["Preview", "Markdown", "HTML", "Text", "JSON-LD", "Word"]
WIDE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def axe_violations(ui: AppPage) -> list[str]:
    """Every WCAG 2.0/2.1 A and AA violation axe-core finds on the page as it is now, one line each."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/a11y")
    # Gradio fades outputs while an event runs: measure colours once nothing is pending or animating.
    ui.wait_until_idle()
    if not ui.page.evaluate("() => typeof window.axe === 'object'"):
        ui.page.add_script_tag(path=str(AXE))
    result = ui.page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary'][:200]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def open_page(browser, app, viewport: dict) -> tuple[object, AppPage]:
    context = browser.new_context(viewport=viewport)
    return context, AppPage(context.new_page(), app.url).open()


def every_tab(ui: AppPage, names: list[str]) -> list[str]:
    found = []
    for name in names:
        ui.open_tab(name)
        found += [f"[{name}] {line}" for line in axe_violations(ui)]
    return found


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366px", "390px"])
def test_axe_finds_no_violation_after_load_in_every_tab_and_after_generating(app, browser, viewport):
    app.fake.configure(reply=REPLY)
    context, ui = open_page(browser, app, viewport)
    try:
        ui.wait_for_text("details", "Type a job title")
        found = [f"[load] {line}" for line in axe_violations(ui)]
        found += every_tab(ui, FORM_TABS)
        ui.open_tab("Role")
        ui.fill("title", "Warehouse Supervisor")
        ui.fill("skills", "Forklift, stock control")
        ui.click("write")
        ui.wait_for_status("Done.", "Could not")
        ui.click("generate")
        ui.wait_for_text("ad_status", "Review score")
        found += [f"[generated] {line}" for line in axe_violations(ui)]
        found += every_tab(ui, AD_TABS)
        ui.page.get_by_text("Show where the findings are in the text").click()
        found += [f"[findings] {line}" for line in axe_violations(ui)]
        ui.click("example_2")  # the question before replacing unsaved work
        ui.wait_for_text("switch_text", "not saved")
        found += [f"[asking] {line}" for line in axe_violations(ui)]
        ui.open_tab("Bulk")
        found += [f"[bulk] {line}" for line in axe_violations(ui)]
    finally:
        context.close()
    assert found == []


def test_the_owners_report_page_has_no_violation(make_fake_openai, browser, tmp_path):
    from launch import fake_backend_settings, launched_app

    fake = make_fake_openai()
    with launched_app(fake_backend_settings(fake, tmp_path / "data", admin_token="a-long-owner-token-1234")) as app:
        context, ui = open_page(browser, app, WIDE)
        try:
            ui.open_tab("Feedback report")
            ui.page.locator("#owner_show").wait_for()
            assert axe_violations(ui) == []
        finally:
            context.close()


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def contrast(one: str, two: str) -> float:
    """WCAG 2.1 contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: the page's are opaque)."""
    lights = []
    for colour in (one, two):
        red, green, blue = (float(x) for x in re.findall(r"[\d.]+", colour)[:3])
        lights.append(0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue))
    high, low = max(lights), min(lights)
    return (high + 0.05) / (low + 0.05)


def test_controls_and_the_focus_ring_stand_out_3_to_1(app, browser):
    context, ui = open_page(browser, app, WIDE)
    try:
        background = ui.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        for selector in ("#title input", "#skills textarea", "#location input", "#job_type input[type=radio]"):
            border = ui.page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).borderTopColor")
            assert contrast(border, background) >= 3, (selector, border, background)
        ui.page.keyboard.press("Tab")
        ui.page.keyboard.press("Tab")
        ui.page.keyboard.press("Tab")  # past the skip links to a control
        ring = ui.page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineColor]; }"
        )
        assert ring[0] != "none" and contrast(ring[1], background) >= 3, ring
    finally:
        context.close()


def press(ui: AppPage, key: str, times: int = 1) -> None:
    for _ in range(times):
        ui.page.keyboard.press(key)


def focused(ui: AppPage) -> str:
    """The focused element: its id, else the id of the closest element that has one."""
    return ui.page.evaluate("() => { const e = document.activeElement; return e.id || e.closest('[id]')?.id || ''; }")


def tab_to(ui: AppPage, elem_id: str, *, back: bool = False, limit: int = 150) -> None:
    """Press Tab (Shift+Tab with back=True) until the focus is in the element with this id, as a person would."""
    for _ in range(limit):
        if ui.page.evaluate("(id) => !!document.getElementById(id)?.contains(document.activeElement)", elem_id):
            return
        ui.page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached #{elem_id} (focus is on #{focused(ui)})")


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366px", "390px"])
def test_the_whole_flow_by_keyboard_alone(app, browser, viewport):
    app.fake.configure(reply=REPLY)
    context, ui = open_page(browser, app, viewport)
    try:
        page = ui.page
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Skip to the job form"
        page.keyboard.press("Enter")  # the skip link lands in the job title
        assert page.evaluate("() => document.activeElement.closest('#title') !== null")
        page.keyboard.type("Warehouse Supervisor")
        tab_to(ui, "skills")
        page.keyboard.type("Forklift, stock control")
        tab_to(ui, "job_type")  # a radio group is one Tab stop; the arrow keys choose
        press(ui, "ArrowRight")
        assert page.locator("#job_type").get_by_label("Part-time", exact=True).is_checked()
        ui.wait_for_text("details", "Part-time")  # the page has taken the choice, as a person sees
        press(ui, "ArrowLeft")
        assert page.locator("#job_type").get_by_label("Full-time", exact=True).is_checked()
        ui.wait_for_text("details", "Full-time")
        assert page.evaluate("() => document.activeElement.closest('#job_type') !== null")  # the update kept focus
        page.keyboard.press("Tab")
        assert ui.page.evaluate("() => document.activeElement.closest('#work_mode') !== null")  # one stop, then on

        tab_to(ui, "title", back=True)  # Enter in the title writes the responsibilities
        page.keyboard.press("Enter")
        ui.wait_for_value("duties", "- ")
        ui.wait_for_status("Done.", "Could not")

        tab_to(ui, "generate", back=True)  # the actions come before the form
        page.keyboard.press("Enter")
        ui.wait_for_text("ad_status", "Review score")
        assert "Warehouse Supervisor" in ui.text("preview")

        tab_to(ui, "rating")
        press(ui, "Space")
        assert page.locator("#rating").get_by_label("helpful", exact=True).is_checked()
        tab_to(ui, "flag")
        page.keyboard.press("Enter")
        ui.wait_for_text("feedback_status", "saved")
        assert ui.dialogs == []
    finally:
        context.close()


def test_status_and_progress_are_announced_through_live_regions(app, browser):
    app.fake.configure(reply=REPLY, delay=0.05)  # about four seconds of writing
    context, ui = open_page(browser, app, WIDE)
    try:
        for elem_id in ("status", "ad_status", "draft_status"):
            ui.page.wait_for_function(
                "(id) => document.getElementById(id)?.getAttribute('aria-live') === 'polite'", arg=elem_id
            )
        assert ui.page.locator("#live textarea").is_editable() is False  # read-only, yet it can be focused
        ui.page.locator("#live textarea").focus()
        assert focused(ui) == "live" or ui.page.evaluate("() => document.activeElement.closest('#live') !== null")
        ui.fill("title", "Warehouse Supervisor")
        ui.page.evaluate(
            """() => { window.__said = []; new MutationObserver(() => window.__said.push(
                document.getElementById('status').innerText)).observe(document.getElementById('status'),
                {subtree: true, childList: true, characterData: true}); }"""
        )
        assert ui.page.locator("#stop").is_disabled()
        ui.click("write")
        ui.page.wait_for_function(  # while the model writes only Stop can act
            "() => !document.querySelector('#stop').disabled && document.querySelector('#generate').disabled"
            " && document.querySelector('#write').disabled && document.querySelector('#regenerate').disabled"
        )
        ui.wait_for_status("Done.")
        ui.page.wait_for_function(
            "() => document.querySelector('#stop').disabled && !document.querySelector('#generate').disabled"
        )
        said = ui.page.evaluate("() => window.__said")
        assert any(re.search(r"Writing responsibility \d of 6", text) for text in said), said
    finally:
        context.close()
