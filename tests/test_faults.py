"""Every backend fault, against the real launched app, through its public API (gradio_client).

For each of the eleven cases in fault_cases.py: the caller gets an AppError that says what
happened and what to do, keeps the text that arrived before a mid-stream failure, and the next
request succeeds once the fault is gone. Retries and the fallback behave as jd/streaming.py
defines them: only failures before the first token are retried (429, 503, timeout, refused)
or handed to the embedded model, which the caller is told about.
"""

from __future__ import annotations

import dataclasses
import logging

import pytest
from fake_openai import split_tokens
from fault_cases import (
    CASE_BY_NAME,
    CASES,
    PARTIAL,
    REPLY,
    REPLY_BULLETS,
    RETRIES,
    STALL_TIMEOUT,
    FlakyBackend,
    RetryLog,
    fault_settings,
    missing_words,
)
from gradio_client.exceptions import AppError
from launch import launched_app, warnings_of

from jd.backends import choose_backends
from jd.prompts import build_messages
from jd.spec import parse_job
from jd.streaming import stream_chat

JOB = {
    "title": "Warehouse Associate",
    "skills": "Forklift, inventory counts",
    "job_type": "Full-time",
    "work_mode": "On-site",
    "location": "Denver, CO, USA",
}
BEFORE_FIRST_TOKEN = [case for case in CASES if not case.mid_stream]
RETRYABLE = [case for case in CASES if case.retried]
MID_STREAM = [case for case in CASES if case.mid_stream]


@pytest.fixture(scope="module")
def app(flaky, tmp_path_factory):
    settings = fault_settings(flaky, tmp_path_factory.mktemp("faults") / "data")
    with launched_app(settings, fake=flaky) as launched:
        yield launched


@pytest.fixture
def retry_log():
    logger = logging.getLogger("jd.streaming")
    handler = RetryLog()
    previous = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(previous)


def expected_attempts(case) -> int:
    """Requests the fake should see: one, or one plus the retries; none when the connection is refused."""
    if case.fault is None:
        return 0
    return 1 + RETRIES if case.retried else 1


def run(client, **submit):
    """Submit /responsibilities; returns (result or None, AppError message or None, partial outputs, job)."""
    job = client.submit(JOB, api_name="/responsibilities", **submit)
    try:
        return job.result(timeout=30), None, job.outputs(), job
    except AppError as error:
        return None, str(error), job.outputs(), job


def run_case(app, case, **inject):
    """Inject `case` into the app's flaky backend, submit once, clear the fault.

    Returns run()'s (result, AppError message, partial outputs, job) and the requests the backend saw.
    """
    flaky = app.fake
    flaky.inject(case, **inject)
    before = flaky.requests
    try:
        result, message, outputs, job = run(app.client)
    finally:
        flaky.clear()
    return result, message, outputs, job, flaky.requests - before


# --- every fault, fallback off ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fault_is_explained_partial_text_kept_and_next_request_works(case, app, flaky, retry_log):
    flaky.inject(case)
    before = flaky.requests
    result, message, outputs, _ = run(app.client)

    assert result is None and message is not None, f"{case}: the call must fail, it returned {result!r}"
    assert missing_words(message, case) == [], message
    assert "Traceback" not in message and "Error:" not in message
    if case.mid_stream:
        assert outputs[-1] == PARTIAL, f"the text received before the failure is lost: {outputs}"
        assert all(PARTIAL.startswith(value) for value in outputs)
    else:
        assert outputs == []
    assert flaky.requests - before == expected_attempts(case)
    assert retry_log.retries == (RETRIES if case.retried else 0)

    flaky.clear()
    assert app.client.predict(JOB, api_name="/responsibilities") == REPLY_BULLETS
    assert flaky.requests - before == expected_attempts(case) + 1


@pytest.mark.parametrize("case", RETRYABLE, ids=str)
def test_one_retryable_failure_is_retried_and_the_user_gets_a_normal_answer(case, app, flaky, retry_log):
    before = flaky.requests
    flaky.inject(case, times=1)
    if case.fault is None:
        retry_log.on_first_retry(flaky.relay.accept)  # the server comes back while the engine waits to retry
    result, message, _, job = run(app.client)
    flaky.clear()
    assert message is None, message
    assert result == REPLY_BULLETS
    assert retry_log.retries == 1
    assert flaky.requests - before == (1 if case.fault is None else 2)
    assert warnings_of(job) == []


@pytest.mark.parametrize("case", [CASE_BY_NAME[name] for name in ("401", "404", "500")], ids=str)
def test_errors_retrying_cannot_fix_are_not_retried(case, app, retry_log):
    # The fault strikes once: a retry would succeed.
    _, message, _, _, requests = run_case(app, case, times=1)
    assert message is not None and missing_words(message, case) == []
    assert requests == 1
    assert retry_log.retries == 0


def test_a_stream_without_finish_reason_is_never_reported_as_done(app):
    """All the text arrives, then a clean end without finish_reason: still not a finished answer."""
    result, message, outputs, _, _ = run_case(app, CASE_BY_NAME["no_finish"], after_chunks=len(split_tokens(REPLY)) + 1)
    assert result is None
    assert "without saying it was finished" in message
    assert outputs[-1] == REPLY  # the raw text is shown, but never the cleaned "done" list
    assert REPLY_BULLETS not in outputs


# --- fallback to the embedded model ---------------------------------------------------------------


# The stall timeout applies to the embedded model's answer too: on a loaded machine llama.cpp can pause for
# more than a second between tokens, so the fallback app allows this much (the remote's stall lasts longer).
FALLBACK_STALL_TIMEOUT = 10.0


def for_fallback(case):
    """The case as the fallback app words it (its stall timeout is FALLBACK_STALL_TIMEOUT)."""
    if case.fault != "stall":
        return case
    happened = tuple(w.replace(f"{STALL_TIMEOUT:g} s", f"{FALLBACK_STALL_TIMEOUT:g} s") for w in case.happened)
    return dataclasses.replace(case, happened=happened)


@pytest.fixture(scope="module")
def fallback_app(embedded_server, tmp_path_factory):
    backend = FlakyBackend(hang_seconds=3 * FALLBACK_STALL_TIMEOUT)
    settings = fault_settings(
        backend,
        tmp_path_factory.mktemp("fallback") / "data",
        fallback_to_local=True,
        max_tokens=96,
        stall_timeout=FALLBACK_STALL_TIMEOUT,
    )
    backends = choose_backends(settings)
    assert [b.kind for b in backends] == ["openai", "local"], "the embedded model must be the fallback here"
    # The first prompt on a cold llama.cpp server can take tens of seconds on a busy CI machine; later ones
    # reuse its cached prompt prefix (first token in ~0.1 s), so the 1.5 s first-token timeout stays fair.
    warm = settings.replace(first_token_timeout=180.0, stall_timeout=60.0)
    assert "".join(stream_chat(backends[1:], build_messages(parse_job(JOB)), warm)).strip()
    try:
        with launched_app(settings, fake=backend) as launched:
            yield launched
    finally:
        backend.stop()


@pytest.mark.embedded
@pytest.mark.parametrize("case", BEFORE_FIRST_TOKEN, ids=str)
def test_failure_before_the_first_token_falls_back_to_the_embedded_model_with_a_notice(case, fallback_app, retry_log):
    result, message, _, job, requests = run_case(fallback_app, case)

    assert message is None, message
    lines = result.splitlines()
    assert lines and all(line.startswith("- ") for line in lines), result
    assert result != REPLY_BULLETS  # the embedded model wrote it, not the failing server
    notices = warnings_of(job)
    handovers = [n for n in notices if n.endswith("Using the embedded model instead.")]
    assert len(handovers) == 1, notices
    # Besides the handover, only the short-list notice may follow (the suite turns the top-up off).
    assert all(n is handovers[0] or n.startswith("The model wrote only") for n in notices), notices
    notice = notices[0]
    assert notice is handovers[0] and "failed" in notice
    assert missing_words(notice, case) == [], notice  # the notice carries the whole explanation
    assert requests == expected_attempts(case)
    assert retry_log.retries == (RETRIES if case.retried else 0)

    job = fallback_app.client.submit(JOB, api_name="/responsibilities")
    assert job.result(timeout=30) == REPLY_BULLETS
    assert warnings_of(job) == []


@pytest.mark.embedded
@pytest.mark.parametrize("case", MID_STREAM, ids=str)
def test_no_fallback_once_text_arrived(case, fallback_app, retry_log):
    case = for_fallback(case)
    result, message, outputs, job, requests = run_case(fallback_app, case)
    assert result is None and missing_words(message, case) == []
    assert outputs[-1] == PARTIAL
    assert warnings_of(job) == []
    assert requests == 1 and retry_log.retries == 0
