"""Errors whose messages are what users see.

Every failure the app reports is a `JDError`; `str(error)` is a complete,
plain-text sentence that says what happened and what to do. The UI escapes it
before display, the CLI prints it, the API returns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Text(str):
    """A message a person reads, in English, that remembers how it was made, so that the page can show it in
    the recruiter's language (jd.ui_text.localized): `template` with `{name}` fields and its `values`, and for
    a counted thing `plural` (the template for other counts than one) and `number` (the count).

    Everywhere else (API, MCP, CLI, logs) it is the plain English sentence. Make one with `say` or `say_plural`;
    `scripts/page_catalog.py` collects every template into the page's catalogs (jd/locales/*/LC_MESSAGES/page.po).
    """

    template: str
    plural: str | None
    number: int | None
    values: dict[str, Any]

    def __new__(cls, template: str, values: dict[str, Any], plural: str | None = None, number: int | None = None):
        chosen = plural if plural is not None and number != 1 else template
        shown = {name: english_list(value) if isinstance(value, list) else value for name, value in values.items()}
        made = super().__new__(cls, chosen.format(**shown))
        made.template, made.plural, made.number, made.values = template, plural, number, values
        return made

    def __getnewargs__(self) -> tuple[Any, ...]:  # copies and pickles are Texts too
        return (self.template, self.values, self.plural, self.number)


def english_list(items: list[Any]) -> str:
    """'a', 'a and b', 'a, b and c' (a list value of a Text; the page lists it in its own language)."""
    names = [str(item) for item in items]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""


def say(template: str, **values: Any) -> Text:
    """A message for people: `say("is too long (the limit is {limit}).", limit=120)`. A value may be a Text
    (translated too) or a list (listed in the page's language: "a, b and c")."""
    return Text(template, values)


def say_plural(singular: str, plural: str, count: int, **values: Any) -> Text:
    """A message with a count: `say_plural("{count} row failed.", "{count} rows failed.", n)` ({count} is filled)."""
    return Text(singular, {"count": count, **values}, plural, count)


class JDError(Exception):
    """Base class: the message is meant for the person using the app."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input field."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidJob(JDError):
    """The job spec has one or more problems; each names its field."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"Please fix the job details:\n{lines}")


class InvalidInput(JDError):
    """A request argument other than the job (format, rating, text size...) is wrong."""


class BackendError(JDError):
    """The model backend failed.

    `retryable` errors are retried before the first token; `retry_after` is the wait
    in seconds the backend asked for (its Retry-After header), or None. Each class
    has a default for `retryable`; pass it to override that for one error.
    """

    retryable: bool = False  # the class default; subclasses that are worth a retry say True
    retry_after: float | None = None

    def __init__(
        self,
        message: str,
        *,
        backend: str = "",
        retryable: bool | None = None,
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.backend = backend
        if retryable is not None:
            self.retryable = retryable
        self.retry_after = retry_after


class AuthFailed(BackendError):
    """401/403: the token is missing, wrong, or lacks access to the model."""


class ModelNotFound(BackendError):
    """404: the model name is unknown to the backend."""


class RateLimited(BackendError):
    """429: the backend's quota or rate limit was hit."""

    retryable = True


class ServerError(BackendError):
    """5xx from the backend; by default 502/503/504 are worth a retry."""

    def __init__(
        self,
        message: str,
        *,
        backend: str = "",
        status: int = 500,
        retryable: bool | None = None,
        retry_after: float | None = None,
    ):
        if retryable is None:
            retryable = status in (502, 503, 504)
        super().__init__(message, backend=backend, retryable=retryable, retry_after=retry_after)
        self.status = status


class BackendUnreachable(BackendError):
    """Connection refused or name not resolved: nothing answered."""

    retryable = True


class BackendTimeout(BackendError):
    """No answer (no first token) within the timeout."""

    retryable = True


class StreamStalled(BackendError):
    """The stream started, then no token arrived within the stall timeout."""


class StreamDropped(BackendError):
    """The connection broke in the middle of the stream."""


class StreamIncomplete(BackendError):
    """The stream ended without a finish reason: the text may be cut short."""


class MalformedStream(BackendError):
    """The backend sent something that is not a valid stream chunk."""


class EmbeddedModelUnavailable(BackendError):
    """The embedded llama.cpp model cannot be started here."""


class FeedbackNotSaved(JDError):
    """The feedback store refused the write (full disk, read-only folder...)."""


class VisitorRateLimited(JDError):
    """One visitor asked too often (the model, or the owner's report); protects the shared quota."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class NotOwner(JDError):
    """Someone who is not the Space's owner (nor holds JD_ADMIN_TOKEN) asked for an owner-only page."""


def _with_problems(message: str, problems: list[Problem]) -> str:
    lines = "\n".join(f"- {p}" for p in problems)
    return f"{message}\n{lines}" if problems else message


class InvalidDraft(JDError):
    """A saved draft cannot be opened (not JSON, not a draft, a newer format, or wrong contents).

    `problems` names each wrong field, the job's included (as InvalidJob does); it may be empty; `headline` is
    the message before them.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        self.headline = message
        super().__init__(_with_problems(message, self.problems))


class InvalidProfile(JDError):
    """The company profile (house style) has one or more problems; each names its setting."""

    def __init__(self, problems: list[Problem], source: str | None = None):
        self.problems = list(problems)
        self.headline = say("{source} has problems; please fix them:", source=source or say("The company profile"))
        super().__init__(_with_problems(self.headline, self.problems))


class UnknownExample(JDError):
    """An example id given to approve or reject matches no feedback record (or more than one)."""


class ExamplesFileError(JDError):
    """The reviewed examples file (`<data dir>/examples.json`) cannot be read or written, or is damaged."""


class ModelPullFailed(JDError):
    """`python -m jd model pull` could not get a usable GGUF model (unknown repo or file, not a GGUF...)."""


class HubUnreachable(ModelPullFailed):
    """The Hugging Face Hub could not be reached (no connection, HF_HUB_OFFLINE=1) or the download broke off."""
