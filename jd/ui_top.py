"""The top of the page: the skip links, the header and the page's language switch (jd/ui_language.py)."""

from __future__ import annotations

import gradio as gr

from .ui_language import SWITCH_SCRIPT, switch_html
from .ui_look import skip_links, template_safe
from .ui_text import everywhere, in_english, shown

# Every tab of the page (its elem_id) and the key of its name in jd/ui_text.py: the page's script names each in
# the page's language (tests/test_page_language.py checks that every gr.Tab of the app is here).
TABS = {
    "page_write": "page_write",
    "page_bulk": "page_bulk",
    "owner_report": "page_owner",
    **{key: key for key in ("tab_role", "tab_company", "tab_pay", "tab_apply", "tab_options")},
    **{key: key for key in ("tab_preview", "tab_markdown", "tab_html", "tab_text", "tab_jsonld", "tab_word")},
}


def top(on_space: bool) -> gr.HTML:
    """Declare the top of the page; returns the language switch (its value: a PAGE_LANGUAGES code)."""
    gr.HTML(
        skip_links(everywhere("skip_links"), everywhere("skip_to_form"), everywhere("skip_to_ad")),
        elem_id="skip",
        padding=False,
    )
    with gr.Row(elem_id="top", equal_height=True):
        gr.Markdown(shown("header"), elem_id="header")
        language = gr.HTML(
            "",
            html_template=template_safe(switch_html(everywhere("page_language"), _tab_names())),
            js_on_load=SWITCH_SCRIPT,
            elem_id="page_language",
            padding=False,
        )
    if on_space:
        gr.LoginButton(in_english("sign_in"))  # Gradio writes this button's text itself: it stays English
    return language


def _tab_names() -> dict[str, dict[str, str]]:
    return {elem_id: everywhere(key) for elem_id, key in TABS.items()}
