"""The owner's feedback report on the page: a page of its own at the top ("Feedback report"), shown where the
report can be opened (JD_ADMIN_TOKEN set, or on a Space with an owner), and the undocumented
`/feedback_report` endpoint behind it (token, since → report Markdown, report JSON file). Who may see it is
decided in jd.owner.
"""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from . import owner
from .feedback import FeedbackStore
from .files import download_file
from .mcp import hide_from_mcp
from .settings import Settings
from .ui_common import app_errors
from .ui_text import shown

REPORT_FILE = "feedback-report.json"


def report_section(
    settings: Settings,
    store: FeedbackStore,
    visitor_of: Callable[[gr.Request | None, gr.OAuthProfile | None], str],
) -> None:
    """Lay out and wire the report's page (call inside the page's top-level gr.Tabs)."""
    attempts = owner.attempts_limiter()
    with gr.Tab(shown("page_owner"), visible=owner.report_enabled(settings), elem_id="owner_report"):
        gr.Markdown(shown("owner_intro", how=owner.how_to_open(settings)))
        with gr.Row():
            token = gr.Textbox(
                label=shown("owner_token"),
                type="password",
                max_lines=1,
                elem_id="owner_token",
                visible=bool(settings.admin_token),
            )
            since = gr.Textbox(label=shown("owner_since"), max_lines=1, elem_id="owner_since")
        show = gr.Button(shown("owner_show"), elem_id="owner_show")
        report = gr.Markdown("", elem_id="owner_report_text")
        figures = gr.File(label=shown("owner_json"), elem_id="owner_report_json")

    def feedback_report(
        token: str, since: str, request: gr.Request, profile: gr.OAuthProfile | None
    ) -> tuple[str, str]:
        """The feedback report (Markdown, and its figures as a JSON file) for the Space's owner only."""
        with app_errors():
            result = owner.owner_report(
                settings,
                store,
                attempts,
                visitor=visitor_of(request, profile),
                username=getattr(profile, "username", None),
                token=token,
                since=since,
            )
        return result.markdown, download_file(REPORT_FILE, result.json_text().encode("utf-8"))

    show.click(
        hide_from_mcp(feedback_report),
        inputs=[token, since],
        outputs=[report, figures],
        api_name="feedback_report",
        api_visibility="undocumented",
        concurrency_limit=None,
    )
