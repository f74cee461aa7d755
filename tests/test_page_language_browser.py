"""The page in the recruiter's language, in Chromium launched with another locale: the page speaks it from
the first paint, the switch changes every label, tab, server message and the document's `lang`, the output
language follows the page until the recruiter picks another, and axe-core finds nothing on a Polish page.

Every expected text is read from the catalogs (jd.ui_text.text_in), never written here.
"""

from __future__ import annotations

import pytest
from browser import AppPage, chromium_available
from samples import SUPERVISOR_REPLY as REPLY
from test_accessibility_browser import WIDE, axe_violations

from jd.localize import page_catalog
from jd.ui_text import text_in
from jd.ui_top import TABS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

FORM_TABS = ["tab_role", "tab_company", "tab_pay", "tab_apply", "tab_options"]


def open_in(browser, app, locale: str) -> tuple[object, AppPage]:
    """A visitor whose browser speaks `locale` (navigator.language and Accept-Language)."""
    context = browser.new_context(locale=locale, viewport=WIDE)
    return context, AppPage(context.new_page(), app.url).open()


def wait_for_language(ui: AppPage, code: str) -> None:
    """The switch shows `code` and the page's script has applied it."""
    ui.page.wait_for_function(
        "(code) => document.querySelector('#page_language select')?.value === code && window.jdPageLanguage === code",
        arg=code,
    )


def before_field(language: str, key: str) -> str:
    """The text of `key` up to its first {field}: what a status line starts with."""
    return text_in(language, key).split("{")[0].strip()


def tab(ui: AppPage, language: str, key: str) -> None:
    ui.open_tab(text_in(language, key))


def wait_for_tab_names(ui: AppPage, language: str) -> list[str]:
    """Wait until every visible tab carries its name in `language`; returns the names."""
    names = {elem_id: text_in(language, key) for elem_id, key in TABS.items()}
    ui.page.wait_for_function(
        """(names) => [...document.querySelectorAll('button[role=tab]')]
            .filter((button) => button.offsetParent !== null)
            .every((button) => names[button.getAttribute('aria-controls')] === button.innerText.trim())""",
        arg=names,
    )
    return ui.page.evaluate(
        "() => [...document.querySelectorAll('button[role=tab]')].filter((b) => b.offsetParent !== null)"
        ".map((b) => b.innerText.trim())"
    )


def output_choice(ui: AppPage) -> str:
    """The output language's chosen label (the Options tab must be open)."""
    return ui.page.evaluate(
        "() => document.querySelector('#language input[type=radio]:checked')?.closest('label')?.innerText.trim()"
    )


def wait_for_output_choice(ui: AppPage, label: str) -> None:
    ui.page.wait_for_function(
        """(label) => document.querySelector('#language input[type=radio]:checked')
            ?.closest('label')?.innerText.trim() === label""",
        arg=label,
    )


def test_a_german_browser_gets_the_page_in_german_and_the_ad_in_german(app, browser):
    app.fake.configure(reply=REPLY)
    context, ui = open_in(browser, app, "de-DE")
    try:
        wait_for_language(ui, "de")
        assert ui.page.evaluate("() => document.documentElement.lang") == "de"
        ui.wait_for_text("details", text_in("de", "details_empty"))  # written by the server, in German
        assert ui.page.locator("#write").inner_text().strip() == text_in("de", "write")
        assert ui.page.locator("#page_language label").inner_text().strip() == text_in("de", "page_language")
        names = wait_for_tab_names(ui, "de")
        assert text_in("de", "tab_company") in names and "Company" not in names
        tab(ui, "de", "tab_options")
        wait_for_output_choice(ui, text_in("de", "language=de"))  # the ad follows the page

        tab(ui, "de", "tab_role")
        ui.fill("title", "Lagerleiter")
        ui.click("write")
        ui.wait_for_status(before_field("de", "written"), before_field("de", "could_not_finish"))
        assert ui.text("status").startswith(before_field("de", "written"))
        ui.click("generate")
        ui.wait_for_text("ad_status", before_field("de", "ad_ready"))
        german = page_catalog("de")
        panel = ui.wait_for_text("review", german.gettext("Breakdown"))  # the Review panel speaks German too
        assert panel.startswith(german.gettext("Review score") + ":")
        assert german.gettext("Readability") in panel or german.gettext("Length and structure") in panel
        for english in ("Review score", "Breakdown", "Fix first", "Length and structure", "Not checked"):
            assert english not in panel
    finally:
        context.close()


def test_the_switch_changes_every_text_and_keeps_the_recruiters_output_language(app, browser):
    context, ui = open_in(browser, app, "fr-FR")
    try:
        wait_for_language(ui, "fr")
        wait_for_tab_names(ui, "fr")
        tab(ui, "fr", "tab_options")
        wait_for_output_choice(ui, text_in("fr", "language=fr"))
        ui.check("language", text_in("fr", "language=it"))  # the recruiter writes this ad in Italian

        ui.page.select_option("#page_language select", "pl")
        wait_for_language(ui, "pl")
        assert ui.page.evaluate("() => document.documentElement.lang") == "pl"
        ui.wait_for_text("header", text_in("pl", "header").splitlines()[-1][:40])
        wait_for_tab_names(ui, "pl")
        wait_for_output_choice(ui, text_in("pl", "language=it"))  # kept: the recruiter chose it
        ui.wait_for_text("details", text_in("pl", "details_empty"))  # the server's hint follows too
        assert ui.page.locator("#write").inner_text().strip() == text_in("pl", "write")

        tab(ui, "pl", "tab_role")
        ui.fill("title", "Magazynier")
        ui.wait_for_text("details", "Magazynier")
        ui.fill("title", "")  # the server now writes in Polish
        ui.wait_for_text("details", text_in("pl", "details_empty"))

        ui.page.reload()  # the choice is remembered in this browser
        ui.page.locator("#title").get_by_role("textbox").wait_for()
        wait_for_language(ui, "pl")
        wait_for_tab_names(ui, "pl")
    finally:
        context.close()


def test_the_output_language_follows_the_switch_until_the_recruiter_picks_one(app, browser):
    context, ui = open_in(browser, app, "nl-NL")
    try:
        wait_for_language(ui, "nl")
        tab(ui, "nl", "tab_options")
        wait_for_output_choice(ui, text_in("nl", "language=nl"))
        ui.page.select_option("#page_language select", "pt-BR")
        wait_for_language(ui, "pt-BR")
        assert ui.page.evaluate("() => document.documentElement.lang") == "pt-BR"
        wait_for_output_choice(ui, text_in("pt-BR", "language=pt-BR"))
        tab(ui, "pt-BR", "page_bulk")  # the bulk summary's column names follow too
        for column in ("row", "title", "status", "score", "error"):
            ui.wait_for_text("bulk_table", text_in("pt-BR", f"bulk_column={column}"))
        tab(ui, "pt-BR", "page_write")
        ui.page.select_option("#page_language select", "en")
        wait_for_language(ui, "en")
        wait_for_output_choice(ui, text_in("en", "language=en"))
    finally:
        context.close()


def test_axe_finds_no_violation_on_a_polish_page(app, browser):
    app.fake.configure(reply=REPLY)
    context, ui = open_in(browser, app, "pl-PL")
    try:
        wait_for_language(ui, "pl")
        ui.wait_for_text("details", text_in("pl", "details_empty"))
        assert ui.page.evaluate("() => document.documentElement.lang") == "pl"
        found = [f"[load] {line}" for line in axe_violations(ui)]
        for key in FORM_TABS:
            tab(ui, "pl", key)
            found += [f"[{key}] {line}" for line in axe_violations(ui)]
        tab(ui, "pl", "tab_role")
        ui.fill("title", "Kierownik magazynu")
        ui.click("write")
        ui.wait_for_status(before_field("pl", "written"), before_field("pl", "could_not_finish"))
        ui.click("generate")
        ui.wait_for_text("ad_status", before_field("pl", "ad_ready"))
        found += [f"[generated] {line}" for line in axe_violations(ui)]
    finally:
        context.close()
    assert found == []
