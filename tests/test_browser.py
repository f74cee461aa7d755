"""The app in a real browser (Debian's chromium via Playwright) against the fake OpenAI-compatible backend.

One app and one browser (tests/conftest.py `app` and `browser`) serve the whole module; each test opens its
own page in a new browser context and sets the fake backend's behaviour first.
Set JD_UPDATE_SCREENSHOT=1 to refresh docs/screenshot.png (1366 px wide) and docs/screenshot-narrow.png (390 px).
"""

from __future__ import annotations

import json
import os
import re
import struct
import time
import urllib.request
from pathlib import Path

import pytest
from browser import AppPage, chromium_available, serve_page
from samples import SUPERVISOR_REPLY as REPLY
from waiting import wait_until

from jd.feedback import FeedbackStore

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

DOCS = Path(__file__).resolve().parent.parent / "docs"
SCREENSHOT = DOCS / "screenshot.png"
SCREENSHOT_NARROW = DOCS / "screenshot-narrow.png"
EMBED_PAGE = DOCS / "embed.html"
SPACE_URL = "https://your-name-jd-generator.hf.space"  # the placeholder in docs/embed.html
GRADIO_LOADER = re.compile(r"https://gradio\.s3-us-west-2\.amazonaws\.com/[0-9.]+/gradio\.js")

EDITED_DUTY = "Lead the quarterly stock audit"


@pytest.fixture
def fake(app):
    """The module's fake backend (tests/conftest.py `app`), answering with REPLY."""
    return app.fake.configure(reply=REPLY)


@pytest.fixture
def ui(app, browser, fake):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = AppPage(context.new_page(), app.url).open()
    yield page
    context.close()
    assert page.external_requests == [], "the page must not reach outside the machine"


def in_view(ui: AppPage, elem_id: str) -> bool:
    """The element is wholly inside the window without scrolling."""
    box = ui.page.locator(f"#{elem_id}").bounding_box()
    size = ui.page.viewport_size
    return (
        bool(box)
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def fill_role(ui: AppPage, title: str = "Warehouse Supervisor") -> None:
    ui.fill("title", title)
    ui.fill("skills", "Forklift, stock control, team leadership")
    ui.check("job_type", "Full-time")
    ui.check("work_mode", "On-site")
    ui.fill("location", "Leeds, UK")


def save_for_readme(shot: Path, target: Path) -> None:
    """A 256-colour copy: the UI has few colours, and it is under half the size of the full-colour PNG."""
    from PIL import Image  # Pillow comes with Gradio

    with Image.open(shot) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(target, optimize=True)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_whole_flow_as_a_person(ui, app, fake, tmp_path):
    fake.configure(delay=0.02)
    assert in_view(ui, "write") and in_view(ui, "generate")  # the main actions, without scrolling at 1366x768
    fill_role(ui)
    ui.fill_form(
        {
            "company": "Northgate Logistics",
            "about_company": "Northgate runs three regional warehouses for independent food shops.",
            "salary_min": 32000,
            "salary_max": 36000,
            "currency": "GBP",
            "salary_period": "year",
            "benefits": "25 days paid leave; Pension with 5% employer contribution",
            "apply_at": "https://northgate.example/careers",
            "valid_through": "2027-01-31",
        }
    )

    details = ui.wait_for_text("details", "36,000")
    for fact in (
        "Warehouse Supervisor",
        "Northgate Logistics",
        "Leeds, UK",
        "On-site",
        "Full-time",
        "Forklift",
        "GBP 32,000",
    ):
        assert fact in details

    ui.record_values("live")
    ui.click("write")
    duties = ui.wait_for_value("duties", "- ")
    assert "Done." in ui.wait_for_status("Done.", "Could not")
    seen = [value for value in ui.recorded_values("live") if value]
    assert seen[-1].strip() == REPLY.strip()
    partial = [value for value in seen[:-1] if REPLY.startswith(value) and value.strip() != REPLY.strip()]
    assert len(partial) >= 1, f"no intermediate state was shown while streaming: {seen}"
    lines = duties.splitlines()
    assert len(lines) == 6 and all(line.startswith("- ") for line in lines), duties

    lines[2] = f"- {EDITED_DUTY}"
    ui.fill("duties", "\n".join(lines))
    ui.click("generate")
    preview = ui.wait_for_text("preview", EDITED_DUTY)
    assert "Train new starters" not in preview  # the edit replaced that bullet
    assert "Warehouse Supervisor" in preview and "GBP 32,000" in preview
    for section in (
        "About Northgate Logistics",
        "About the role",
        "Key responsibilities",
        "What you'll bring",
        "What we offer",
        "How to apply",
    ):
        assert section in preview
    assert "Northgate Logistics is hiring" in ui.value("summary")  # composed when the duties arrived
    assert "Pension with 5% employer contribution" in preview and "January 31, 2027" in preview

    # The ad appears once: no other visible text on the page repeats it (the duties box holds it as a value).
    elsewhere = ui.page.evaluate(
        """(duty) => [...document.querySelectorAll('gradio-app *')].filter((e) => e.childElementCount === 0
            && e.offsetParent && e.textContent.includes(duty) && !e.closest('#preview')).length""",
        EDITED_DUTY,
    )
    assert elsewhere == 0
    ui.open_tab("Role")  # the screenshots show the form's first tab
    ui.page.mouse.move(0, 0)
    ui.page.evaluate("() => window.scrollTo(0, 0)")
    assert in_view(ui, "write") and in_view(ui, "generate")
    shot = tmp_path / "screenshot.png"
    ui.page.screenshot(path=str(shot), full_page=True)
    width, height = png_size(shot)
    assert width == 1366 and height > 768
    ui.page.set_viewport_size({"width": 390, "height": 844})  # a phone: every tab shown, nothing wider
    ui.page.wait_for_function("() => document.documentElement.scrollWidth <= 390")
    for tab in ("Role", "Company", "Pay & benefits", "How to apply", "Options", "Preview", "Word", "Bulk"):
        ui.page.get_by_role("tab", name=tab, exact=True).wait_for(state="visible")  # shown, not in a "..." menu
    narrow = tmp_path / "screenshot-narrow.png"
    ui.page.screenshot(path=str(narrow), full_page=True)
    assert png_size(narrow)[0] == 390
    if os.environ.get("JD_UPDATE_SCREENSHOT") == "1":
        save_for_readme(shot, SCREENSHOT)
        save_for_readme(narrow, SCREENSHOT_NARROW)
    ui.page.set_viewport_size({"width": 1366, "height": 768})

    ui.open_tab("HTML")
    html_out = ui.wait_for_value("out_html", EDITED_DUTY)
    assert f"<li>{EDITED_DUTY}" in html_out
    ui.open_tab("JSON-LD")
    posting = json.loads(ui.wait_for_value("out_jsonld", EDITED_DUTY))
    assert posting["@type"] == "JobPosting"
    assert EDITED_DUTY in posting["description"]
    assert posting["baseSalary"]["currency"] == "GBP"

    ui.check("rating", "helpful")
    ui.fill("reason", "Saved me an hour")
    ui.click("flag")
    assert "feedback was saved" in ui.wait_for_text("feedback_status", "saved")

    records = [r for r in FeedbackStore(app.settings.data_dir).all() if r["reason"] == "Saved me an hour"]
    assert len(records) == 1
    record = records[0]
    assert record["rating"] == "helpful"
    assert EDITED_DUTY in record["responsibilities"]
    assert "Train new starters" not in record["responsibilities"]
    assert "Train new starters" in record["raw_responsibilities"]  # the model's own text is kept too
    assert EDITED_DUTY in record["job_description"]
    assert ui.dialogs == []


def test_backend_failure_keeps_partial_text_and_page_keeps_working(ui, fake):
    fake.configure(fault="drop", after_chunks=8, delay=0.01)
    fill_role(ui)
    ui.click("write")
    status = ui.wait_for_status("Done.", "Could not")
    assert "Could not finish" in status
    assert "broke in the middle of the answer" in status
    assert "Traceback" not in status
    partial = ui.value("live")
    assert partial and REPLY.startswith(partial) and len(partial) < len(REPLY)
    assert ui.value("duties") == ""  # nothing half-done was put in the editable list

    fake.configure(fault=None)
    ui.click("write")
    duties = ui.wait_for_value("duties", "- ")
    assert "Done." in ui.wait_for_status("Done.", "Could not")
    assert len(duties.splitlines()) == 6
    assert ui.value("live").strip() == REPLY.strip()


def test_stop_ends_the_stream_and_app_still_works(ui, fake):
    fake.configure(delay=0.2)
    disconnects_before = fake.disconnects
    fill_role(ui)
    ui.click("write")
    ui.page.wait_for_function("() => (document.querySelector('#live textarea')?.value || '').trim().length > 0")
    ui.click("stop")

    assert wait_until(lambda: fake.disconnects > disconnects_before), "the backend stream was not closed after Stop"
    assert "Stopped" in ui.wait_for_status("Stopped")  # the stop event can lag on a busy machine
    stopped_at = ui.value("live")
    time.sleep(1.0)  # not an order: five more tokens would have arrived by now, had the stream gone on
    assert ui.value("live") == stopped_at
    assert len(stopped_at) < len(REPLY)
    assert ui.value("duties") == ""

    fake.configure(delay=0.0)
    ui.click("write")
    duties = ui.wait_for_value("duties", "- ")
    assert len(duties.splitlines()) == 6


def test_hostile_text_never_runs_in_the_page(ui, fake):
    fake.configure(
        reply=(
            "- Keep the <script>window.__xss=1;alert(1)</script> stock records up to date.\n"
            "- Read the [click](javascript:window.__xss=1;alert(1)) safety guide every month.\n"
            '- Check deliveries <img src=x onerror="window.__xss=1;alert(1)"> against orders.\n'
        )
    )
    hostile_title = '<img src=x onerror="window.__xss=1;alert(1)">'
    ui.fill("title", hostile_title)
    ui.fill("skills", "<b onmouseover=alert(1)>Forklift</b>")
    ui.fill("location", "Leeds, UK")
    assert hostile_title in ui.wait_for_text("details", "Leeds")  # shown as text, not as an element
    ui.click("write")
    ui.wait_for_value("duties", "- ")
    ui.wait_for_status("Done.", "Could not")
    ui.click("generate")
    ui.page.wait_for_function("() => (document.getElementById('preview')?.innerText || '').includes('Leeds')")
    ui.check("rating", "not helpful")
    ui.fill("reason", '"><svg onload=alert(1)>')
    ui.click("flag")
    ui.wait_for_text("feedback_status", "saved")
    ui.page.mouse.move(300, 300)  # hover across the page, in case a handler waits for it
    ui.page.wait_for_timeout(300)

    assert ui.page.evaluate("() => typeof window.__xss") == "undefined"
    assert ui.dialogs == []
    assert hostile_title in ui.text("preview")
    dangerous = ui.page.evaluate(  # anything in the app that could run code
        """() => [...document.querySelectorAll('gradio-app *')]
            .filter(e => e.tagName === 'SCRIPT' || [...e.attributes].some(a => a.name.startsWith('on'))
                    || (e.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript:'))
            .map(e => e.outerHTML)"""
    )
    assert dangerous == []


def test_embed_page_shows_the_app_in_an_iframe_and_as_a_web_component(app, browser):
    """docs/embed.html, served from another origin, with the Space URL and Gradio's CDN pointed at the local app."""
    page_html = EMBED_PAGE.read_text(encoding="utf-8")
    assert SPACE_URL in page_html and GRADIO_LOADER.search(page_html)
    app_url = app.url.rstrip("/")
    page_html = page_html.replace(SPACE_URL, app_url)
    # The CDN's gradio.js only imports the frontend bundle; the app serves the same bundle itself.
    app_index = urllib.request.urlopen(app.url).read().decode()
    bundle = re.search(r'src="\./(assets/index-[^"]+\.js)"', app_index).group(1)
    loader = f'import("{app_url}/{bundle}");'

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(route):
        url = route.request.url
        if GRADIO_LOADER.fullmatch(url):
            route.fulfill(
                body=loader, content_type="application/javascript", headers={"Access-Control-Allow-Origin": "*"}
            )
        elif url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)
    # Another port is another origin: the iframe really is cross-origin, as on a company's own site.
    with serve_page(page_html) as careers:
        try:
            page = context.new_page()
            page.set_default_timeout(20_000)
            page.goto(careers)

            component = page.locator("gradio-app")
            component.scroll_into_view_if_needed()
            component.locator("#title").get_by_role("textbox").fill("Night Shift Picker")
            component.locator("#details").get_by_text("Night Shift Picker").wait_for()

            frame = page.frame_locator("iframe.careers-frame")
            page.locator("iframe.careers-frame").scroll_into_view_if_needed()
            frame.locator("#title").get_by_role("textbox").fill("Forklift Driver")
            frame.locator("#details").get_by_text("Forklift Driver").wait_for()
            assert page.evaluate("() => document.title") == "Careers at Northgate Logistics"
            inner = page.locator("iframe.careers-frame").element_handle().content_frame()
            wait_until_frame_fits(page, inner)  # the frame takes the app's height: nothing falls below it
            page.set_viewport_size({"width": 800, "height": 900})  # an 800 px page: the app stacks, grows
            wait_until_frame_fits(page, inner)
        finally:
            context.close()
    assert outside == [], "the embed page must not need anything but the app and Gradio's loader"


def wait_until_frame_fits(page, inner, timeout: float = 20.0) -> None:
    """Wait until the iframe is as tall as the app inside it (the app posts its height; embed.html applies it)."""
    deadline = time.monotonic() + timeout
    while True:
        app_height = inner.evaluate("() => document.querySelector('gradio-app').getBoundingClientRect().height")
        frame_height = page.evaluate(
            "() => document.querySelector('iframe.careers-frame').getBoundingClientRect().height"
        )
        if app_height > 600 and abs(frame_height - app_height) <= 2:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the frame is {frame_height} px tall, the app {app_height} px")
        page.wait_for_timeout(100)  # polling the condition, not waiting a fixed time


GERMAN_REPLY = (
    "- Erstellen Sie wöchentliche Berichte zu Lieferzeiten und Beständen für den Vertrieb.\n"
    "- Prüfen und bereinigen Sie Daten aus dem Lagerverwaltungssystem.\n"
    "- Entwickeln Sie Dashboards in Power BI für die Leitung der Standorte.\n"
    "- Beantworten Sie Datenfragen der Fachabteilungen schnell und verständlich.\n"
    "- Dokumentieren Sie Datenquellen, Kennzahlen und Abfragen im Team-Wiki.\n"
    "- Stimmen Sie neue Auswertungen mit den Kolleginnen und Kollegen aus der Planung ab.\n"
)
ENGLISH_FIXED_TEXT = (
    "Key responsibilities",
    "What you'll bring",
    "What we offer",
    "How to apply",
    "About the role",
    "per year",
    "equal opportunity",
    "is hiring",
)


def test_whole_flow_in_german(ui, fake):
    """A German ad from a German form: German headings and sentences, German pay, (m/w/d) in the title."""
    fake.configure(reply=GERMAN_REPLY)
    ui.fill_form(
        {
            "title": "Datenanalyst",
            "skills": "SQL, Python, Power BI",
            "job_type": "Full-time",
            "work_mode": "Hybrid",
            "location": "München, Deutschland",
            "company": "Alpenbahn Logistik GmbH",
            "about_company": "Alpenbahn Logistik plant Güterzüge zwischen Deutschland und Italien.",
            "salary_min": 58000,
            "salary_max": 70000,
            "currency": "EUR",
            "salary_period": "year",
            "benefits": "30 Tage Urlaub; Deutschlandticket",
            "apply_at": "karriere@alpenbahn.example",
            "language": "German (Deutsch)",
        }
    )
    ui.wait_for_text("details", "Alpenbahn")

    ui.click("write")
    ui.wait_for_value("duties", "- Erstellen Sie")
    assert "Done." in ui.wait_for_status("Done.", "Could not")
    summary = ui.wait_for_value("summary", "Datenanalyst (m/w/d)")
    assert "Alpenbahn Logistik GmbH sucht" in summary

    ui.click("generate")
    preview = ui.wait_for_text("preview", "Ihre Aufgaben")
    assert "Datenanalyst (m/w/d)" in preview
    for heading in (
        "Über Alpenbahn Logistik GmbH",
        "Über die Stelle",
        "Ihr Profil",
        "Wir bieten",
        "So bewerben Sie sich",
    ):
        assert heading in preview
    assert "58.000" in preview and "70.000" in preview and "€ brutto pro Jahr" in preview
    for english in ENGLISH_FIXED_TEXT:
        assert english not in preview, english
    review = ui.wait_for_text("review", "German")
    assert "not checked for German" in review and "Amstad" in review
    ui.open_tab("HTML")
    assert "<h3>Ihre Aufgaben</h3>" in ui.wait_for_value("out_html", "Ihre Aufgaben")


def test_review_fixes_apply_where_the_words_were_typed(ui, fake):
    fake.configure(reply=REPLY.replace("Lead daily safety walks", "Be a rockstar who leads daily safety walks"))
    fill_role(ui)
    ui.click("write")
    ui.wait_for_value("duties", "rockstar")
    ui.wait_for_status("Done.", "Could not")
    ui.click("generate")
    ui.wait_for_text("preview", "rockstar")
    fixes = ui.page.locator("#fixes")
    fixes.wait_for(state="visible")
    assert "rockstar" in fixes.inner_text().lower()
    ui.click("apply_all")
    ui.wait_for_text("preview", "Be a skilled professional who leads")
    assert "rockstar" not in ui.value("duties").lower()
    assert "rockstar" not in ui.text("preview").lower()
    ui.page.wait_for_function("() => !(document.getElementById('review_text')?.innerText || '').includes('rockstar')")
