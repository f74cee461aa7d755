"""The eleven backend faults the app must survive, and a backend stand-in that can produce each one.

Shared by tests/test_faults.py (gradio_client) and tests/test_faults_browser.py (Chromium).
Each case says what the engine (jd/streaming.py) does with it and which words the user
must read: some that say what happened, some that say what to do.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from fake_openai import DEFAULT_REPLY, FakeOpenAI, split_tokens
from tcp_relay import TcpRelay

from jd.settings import Settings

FIRST_TOKEN_TIMEOUT = 1.5
STALL_TIMEOUT = 1.0
RETRIES = 2
AFTER_CHUNKS = 3  # mid-stream faults strike after this many text pieces
CHUNK_DELAY = 0.01  # below the app's 50 ms update interval: the last pieces arrive between updates
HANG_SECONDS = 3.0  # how long the fake holds a hung or stalled connection

# A normal, full answer (6 duties), so a recovered request gets no "only N responsibilities" notice.
REPLY = DEFAULT_REPLY + (
    "- Check incoming deliveries against orders and report damaged goods.\n"
    "- Keep aisles, docks and racking clear, clean and safe.\n"
    "- Load outgoing trucks in route order and confirm each dispatch.\n"
)
PARTIAL = "".join(split_tokens(REPLY)[:AFTER_CHUNKS])  # "- Plan and"
REPLY_BULLETS = "\n".join(line.rstrip(".") for line in REPLY.strip().splitlines())


@dataclass(frozen=True)
class FaultCase:
    name: str
    fault: str | None  # the fake's fault; None for "refused" (the relay refuses instead)
    happened: tuple[str, ...]  # words saying what went wrong
    to_do: tuple[str, ...]  # words saying what to do about it
    retried: bool  # retried before the first token (and handed to the fallback after)
    mid_stream: bool  # text arrives before the failure

    def __str__(self) -> str:
        return self.name


CASES = (
    FaultCase("401", "401", ("refused the credentials", "HTTP 401"), ("Check JD_API_KEY",), False, False),
    FaultCase("404", "404", ("does not know the model", "HTTP 404"), ("Check JD_MODEL", "JD_BASE_URL"), False, False),
    FaultCase("429", "429", ("rate-limiting", "HTTP 429"), ("Wait a minute and try again",), True, False),
    FaultCase("500", "500", ("server error", "HTTP 500"), ("Try again in a moment", "choose another"), False, False),
    FaultCase("503", "503", ("server error", "HTTP 503"), ("Try again in a moment", "choose another"), True, False),
    FaultCase(
        "timeout", "hang", (f"sent no text within {FIRST_TOKEN_TIMEOUT:g} s",), ("try again", "JD_TIMEOUT"), True, False
    ),
    FaultCase(
        "stall",
        "stall",
        (f"stopped sending text for more than {STALL_TIMEOUT:g} s", "middle of the answer"),
        ("text so far is kept", "try again", "JD_STALL_TIMEOUT"),
        False,
        True,
    ),
    FaultCase(
        "refused", None, ("Could not connect",), ("Check that the server is running", "JD_BASE_URL"), True, False
    ),
    FaultCase(
        "drop", "drop", ("broke in the middle of the answer",), ("text so far is kept", "try again"), False, True
    ),
    FaultCase(
        "no_finish",
        "no_finish",
        ("ended the answer without saying it was finished", "cut short"),
        ("Try again",),
        False,
        True,
    ),
    FaultCase(
        "malformed",
        "malformed",
        ("not a valid chat-completion stream",),
        ("Check that JD_BASE_URL points at an OpenAI-compatible /v1 endpoint",),
        False,
        True,
    ),
)
CASE_BY_NAME = {case.name: case for case in CASES}


def missing_words(message: str, case: FaultCase) -> list[str]:
    """The case's expected words that `message` lacks (case-insensitive)."""
    lowered = message.lower()
    return [word for word in (*case.happened, *case.to_do) if word.lower() not in lowered]


class FlakyBackend:
    """A fake OpenAI-compatible server behind a relay: every fault on one fixed URL."""

    def __init__(self, **config):
        config = {
            "reply": REPLY,
            "delay": CHUNK_DELAY,
            "after_chunks": AFTER_CHUNKS,
            "hang_seconds": HANG_SECONDS,
            **config,
        }
        self.fake = FakeOpenAI(**config).start()
        self.relay = TcpRelay(self.fake.port)

    @property
    def base_url(self) -> str:
        return self.relay.base_url

    @property
    def requests(self) -> int:
        """Chat requests that reached the server so far."""
        return len(self.fake.chat_log)

    def inject(self, case: FaultCase, times: int | None = None, **config) -> None:
        """Make the next `times` requests (None: all until `clear`) fail as `case` says."""
        if case.fault is None:
            self.relay.refuse()
            return
        self.relay.accept()  # in case an earlier test left it refusing
        count = None if times is None else self.fake.chat_requests + times
        self.fake.configure(
            **{"reply": REPLY, "after_chunks": AFTER_CHUNKS, **config, "fault": case.fault, "fault_count": count}
        )

    def clear(self, **config) -> None:
        self.relay.accept()
        self.fake.configure(
            **{"fault": None, "fault_count": None, "reply": REPLY, "after_chunks": AFTER_CHUNKS, **config}
        )

    def stop(self) -> None:
        self.relay.refuse()
        self.fake.stop()


def fault_settings(backend: FlakyBackend, data_dir: Path, **changes) -> Settings:
    """The app against the flaky backend, with the engine's retries and small timeouts."""
    values = {
        "backend": "openai",
        "base_url": backend.base_url,
        "api_key": "test-key",
        "model": "fake-model",
        "fallback_to_local": False,
        "retries": RETRIES,
        "retry_backoff": 0.05,
        "first_token_timeout": FIRST_TOKEN_TIMEOUT,
        "stall_timeout": STALL_TIMEOUT,
        "data_dir": data_dir,
        "preload_local": False,
        "topup_requests": 0,  # one request per click: the cases count them
    }
    values.update(changes)
    return Settings(**values)


class RetryLog(logging.Handler):
    """Counts the engine's "Retrying ..." log lines (jd.streaming logs one before each retry)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.retries = 0
        self._on_first = None
        self._lock = threading.Lock()

    def on_first_retry(self, action) -> None:
        """Run `action` in the engine's thread when it logs its first retry (before it sleeps)."""
        self._on_first = action

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith("Retrying"):
            return
        with self._lock:
            self.retries += 1
            action, self._on_first = self._on_first, None
        if action is not None:
            action()
