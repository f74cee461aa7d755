"""Drive the Gradio app in Debian's chromium with Playwright's sync API, as a person would.

Only the system chromium is used (never `playwright install`), with the flags that keep it
quiet on a machine without network. Element ids are the `elem_id`s set in `jd/ui.py`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jd.workspace import Work

CHROMIUM = os.environ.get("JD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed when running as root (CI containers)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps trying to reach Google's services on a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A bound on waits for conditions, not a delay: generous, since CI machines and a shared machine are slow.
TIMEOUT_MS = 45_000


# The form's fields (elem_ids in jd/ui.py) and the tab each is on.
FORM_TABS = {
    **dict.fromkeys(
        ("title", "experience", "skills", "nice_to_have", "job_type", "work_mode", "location", "schedule"), "Role"
    ),
    **dict.fromkeys(("company", "about_company"), "Company"),
    **dict.fromkeys(("salary_min", "salary_max", "currency", "salary_period", "benefits"), "Pay & benefits"),
    **dict.fromkeys(("apply_at", "valid_through"), "How to apply"),
    **dict.fromkeys(("tone", "language", "mwd"), "Options"),
}
NUMBERS = {"salary_min", "salary_max"}
DATES = {"valid_through"}
RADIOS = {"job_type", "work_mode", "salary_period", "tone", "language"}


def typed(**form) -> Work:
    """The work a visitor has after typing these fields into a fresh form, with the summary and duties given."""
    summary, duties = form.pop("summary", ""), form.pop("duties", "")
    return Work({"tone": "professional", "language": "en", "mwd": True, **form}, summary, duties)


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)


@contextmanager
def chromium() -> Iterator[object]:
    """A headless chromium Browser, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve_page(html: str) -> Iterator[str]:
    """Serve one HTML page on its own loopback port (another origin than the app); yields its URL.

    A real server, not a Playwright route: Chromium's local-network-access checks block a page that
    did not come from a loopback address from calling the app on 127.0.0.1.
    """
    body = html.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class AppPage:
    """One visitor's tab on the app, with the few gestures the tests need."""

    def __init__(self, page, url: str):
        self.page = page
        self.url = url
        self.dialogs: list[str] = []
        self.external_requests: list[str] = []
        page.set_default_timeout(TIMEOUT_MS)
        page.on("dialog", self._on_dialog)
        page.on("request", self._on_request)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _on_request(self, request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            self.external_requests.append(request.url)

    def open(self) -> AppPage:
        self.page.goto(self.url)
        self.page.locator("#title").get_by_role("textbox").wait_for()
        return self

    # ---- form gestures ---------------------------------------------------------------------
    def open_tab(self, name: str) -> None:
        self.page.get_by_role("tab", name=name, exact=True).click()

    def fill(self, elem_id: str, value: str) -> None:
        self.page.locator(f"#{elem_id}").get_by_role("textbox").fill(value)

    def fill_number(self, elem_id: str, value: float) -> None:
        box = self.page.locator(f"#{elem_id} input[type=number]")
        box.fill(str(value))
        box.blur()  # gr.Number sends its value on blur/enter

    def fill_date(self, elem_id: str, iso_date: str) -> None:
        """Type a date ("2027-01-31") into the page's native date input."""
        box = self.page.locator(f"#{elem_id} input[type=date]")
        box.fill(iso_date)
        box.blur()

    def fill_form(self, values: dict) -> None:
        """Fill form fields (elem_id -> value) tab by tab, each with the gesture its widget takes."""
        for tab in dict.fromkeys(FORM_TABS[key] for key in values):
            self.open_tab(tab)
            for key, value in values.items():
                if FORM_TABS[key] != tab:
                    continue
                if key in NUMBERS:
                    self.fill_number(key, value)
                elif key in DATES:
                    self.fill_date(key, value)
                elif key in RADIOS:
                    self.check(key, value)
                else:
                    self.fill(key, value)

    def check(self, elem_id: str, choice: str) -> None:
        """Select a gr.Radio choice by its label."""
        self.page.locator(f"#{elem_id}").get_by_label(choice, exact=True).check()

    def click(self, elem_id: str) -> None:
        self.page.locator(f"#{elem_id}").click()

    # ---- reading the page ------------------------------------------------------------------
    def value(self, elem_id: str) -> str:
        return self.page.locator(f"#{elem_id}").get_by_role("textbox").input_value()

    def text(self, elem_id: str) -> str:
        return self.page.locator(f"#{elem_id}").inner_text()

    def wait_for_text(self, elem_id: str, fragment: str, timeout_ms: int = TIMEOUT_MS) -> str:
        """Wait until the element's visible text contains fragment; returns that text."""
        self.page.wait_for_function(
            "([id, fragment]) => (document.getElementById(id)?.innerText || '').includes(fragment)",
            arg=[elem_id, fragment],
            timeout=timeout_ms,
        )
        return self.text(elem_id)

    def wait_for_status(self, *fragments: str, every: bool = False, timeout_ms: int = TIMEOUT_MS) -> str:
        """Wait until the status line holds one of fragments, or with every=True all of them (case ignored).

        Pass the words of the outcome you wait for ("Done.", "Could not"), so the wait ends when
        this click's event has, not at an earlier click's status. Returns the status text.
        """
        self.page.wait_for_function(
            "([fragments, every]) => {"
            " const s = (document.getElementById('status')?.innerText || '').toLowerCase();"
            " const seen = (f) => s.includes(f.toLowerCase());"
            " return every ? fragments.every(seen) : fragments.some(seen); }",
            arg=[list(fragments), every],
            timeout=timeout_ms,
        )
        return self.text("status")

    def wait_for_value(self, elem_id: str, fragment: str, timeout_ms: int = TIMEOUT_MS) -> str:
        """Wait until the textbox's value contains fragment; returns the value."""
        self.page.wait_for_function(
            "([id, fragment]) => (document.querySelector(`#${id} textarea, #${id} input`)?.value || '')"
            ".includes(fragment)",
            arg=[elem_id, fragment],
            timeout=timeout_ms,
        )
        return self.value(elem_id)

    def record_values(self, elem_id: str, every_ms: int = 15) -> None:
        """Start sampling a textbox's value in the page; `recorded_values` returns the distinct values seen."""
        self.page.evaluate(
            """([id, every]) => {
                const seen = window.__jdSamples = window.__jdSamples || {};
                const values = seen[id] = [];
                setInterval(() => {
                    const box = document.querySelector(`#${id} textarea, #${id} input`);
                    const value = box ? box.value : null;
                    if (value !== null && values[values.length - 1] !== value) values.push(value);
                }, every);
            }""",
            [elem_id, every_ms],
        )

    def wait_until_idle(self, timeout_ms: int = 2 * TIMEOUT_MS) -> None:
        """Wait until no event is pending or running (Gradio's status classes) and no animation runs; on a
        timeout, say which elements were still busy."""
        try:
            self.page.wait_for_function(
                "() => !document.querySelector('.pending, .generating, .translucent')"
                " && document.getAnimations().every((a) => a.playState !== 'running')",
                timeout=timeout_ms,
            )
        except Exception:
            busy = self.page.evaluate(
                """() => ({
                    busy: [...document.querySelectorAll('.pending, .generating, .translucent')]
                        .map((e) => `${e.closest('[id]')?.id || '?'}: ${e.className}`),
                    animations: document.getAnimations().filter((a) => a.playState === 'running')
                        .map((a) => `${a.effect?.target?.closest?.('[id]')?.id || '?'}: ${a.animationName || ''}`),
                })"""
            )
            raise AssertionError(f"the page never settled: {busy}") from None

    def wait_saved(self, work: Work) -> None:
        """Wait until the page says this very work is kept in the browser (and the ad's marks are set for it).

        The page marks its "kept in this browser" note with the digest of the work it stored, in the same update
        that hands the browser the stored value and marks the ad out of date or not. Waiting for the storage to
        stop changing instead timed out on a loaded machine: each save stores a new ciphertext (BrowserState
        encrypts with a fresh nonce) and saves of earlier keystrokes were still arriving.
        """
        try:
            # Every keystroke starts several quick events (details, summary, save): on a loaded machine the
            # save of the last one can take a while, so the bound on this wait is generous.
            marker = self.page.locator(f'#saved_note .jd-saved[data-digest="{work.digest()}"]')
            marker.wait_for(state="attached", timeout=60_000)
        except Exception:
            shown = self.page.locator("#saved_note").inner_html()
            values = {
                key: self.page.locator(f"#{key} textarea, #{key} input").first.input_value()
                for key in ("title", "skills", "duties", "summary")
            }
            raise AssertionError(f"saved note {shown!r} for the page's {values}, expected {work}") from None
        assert self.page.evaluate("() => Object.keys(localStorage).some((k) => k.includes('jd-generator-work'))")

    def recorded_values(self, elem_id: str) -> list[str]:
        return json.loads(self.page.evaluate("(id) => JSON.stringify(window.__jdSamples[id])", elem_id))
