"""The feedback report in the page, for the Space's owner only.

Two ways in, either enough: on a Space, signed in with Hugging Face as one of `settings.owners`
(JD_OWNERS, else the Space's owner), or the JD_ADMIN_TOKEN typed into the page (compared in constant time). With
neither configured the report is off in the page; `python -m jd feedback report` still works on the
machine. Every attempt counts against `ATTEMPTS_PER_MINUTE` per visitor, so the token cannot be
guessed by trying, and a refusal never says which part was wrong.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from typing import Any

from .errors import NotOwner
from .feedback import FeedbackStore
from .feedback_report import feedback_report, report_markdown
from .limits import RateLimiter
from .settings import Settings

ATTEMPTS_PER_MINUTE = 5


def _too_many_attempts(per_minute: int, wait: int) -> str:
    return f"Too many tries at the owner's report ({per_minute} a minute at most). Try again in {wait} seconds."


def attempts_limiter() -> RateLimiter:
    """Counts each visitor's requests for the report (see `owner_report`)."""
    return RateLimiter(ATTEMPTS_PER_MINUTE, refusal=_too_many_attempts)


def _sign_in_works(settings: Settings) -> bool:
    """Hugging Face sign-in exists on a Space (the page shows its button there)."""
    return settings.on_space and bool(settings.owners)


def report_enabled(settings: Settings) -> bool:
    return bool(settings.admin_token) or _sign_in_works(settings)


def how_to_open(settings: Settings) -> str:
    """What the page tells a visitor about the report: who may open it and how."""
    ways = []
    if settings.admin_token:
        ways.append("type the admin token (JD_ADMIN_TOKEN)")
    if _sign_in_works(settings):
        ways.append("sign in with Hugging Face as the Space's owner")
    if not ways:
        return (
            "The feedback report is off here: set JD_ADMIN_TOKEN to open it in the page (on a Space, its owner "
            "can also sign in). On the machine, run: python -m jd feedback report"
        )
    return "To open it, " + " or ".join(ways) + ", then show the report."


def _is_owner(settings: Settings, username: str | None) -> bool:
    name = (username or "").casefold()
    return bool(name) and any(name == owner.casefold() for owner in settings.owners)


def _holds_token(settings: Settings, token: str | None) -> bool:
    typed = (token or "").strip()
    return bool(settings.admin_token and typed) and hmac.compare_digest(
        typed.encode("utf-8"), settings.admin_token.encode("utf-8")
    )


def check_owner(settings: Settings, *, username: str | None, token: str | None) -> None:
    """Raise NotOwner unless the visitor is signed in as an owner or typed the admin token."""
    if not report_enabled(settings):
        raise NotOwner(how_to_open(settings))
    if (_sign_in_works(settings) and _is_owner(settings, username)) or _holds_token(settings, token):
        return
    raise NotOwner(
        "Only the Space's owner can see the feedback report. "
        + (f"You are signed in as {username}, who is not an owner. " if username else "")
        + how_to_open(settings)
    )


@dataclass(frozen=True)
class OwnerReport:
    markdown: str
    figures: dict[str, Any]

    def json_text(self) -> str:
        return json.dumps(self.figures, indent=2, ensure_ascii=False) + "\n"


def owner_report(
    settings: Settings,
    store: FeedbackStore,
    attempts: RateLimiter,
    *,
    visitor: str,
    username: str | None,
    token: str | None,
    since: str | None = None,
) -> OwnerReport:
    """The feedback report for an owner (see `check_owner`); each call counts against the visitor's attempts."""
    attempts.check(visitor)
    check_owner(settings, username=username, token=token)
    figures = feedback_report(store, since=(since or "").strip() or None)
    return OwnerReport(report_markdown(figures), figures)
