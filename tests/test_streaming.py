"""stream_chat against a fake OpenAI-compatible server: text, failures, retries, fallback."""

from __future__ import annotations

import threading
import time

import pytest
from fake_openai import DEFAULT_REPLY, closed_port_url, split_tokens
from waiting import wait_until

from jd import stream_errors
from jd.backends import Backend
from jd.errors import (
    AuthFailed,
    BackendTimeout,
    BackendUnreachable,
    MalformedStream,
    ModelNotFound,
    RateLimited,
    ServerError,
    StreamDropped,
    StreamIncomplete,
    StreamStalled,
)
from jd.prompts import STOP
from jd.settings import Settings
from jd.streaming import stream_chat

MESSAGES = [{"role": "system", "content": "List duties."}, {"role": "user", "content": "Warehouse lead"}]
FAST = Settings(
    first_token_timeout=2.0, stall_timeout=1.0, retries=2, retry_backoff=0.05, max_tokens=123, temperature=0.4
)


def remote(fake_or_url, label="Test server", model="test-model", api_key="test-key") -> Backend:
    url = fake_or_url if isinstance(fake_or_url, str) else fake_or_url.base_url
    return Backend(kind="openai", label=label, model=model, base_url=url, api_key=api_key)


def local(fake) -> Backend:
    return Backend(kind="local", label="Embedded stand-in", model="smol", base_url=fake.base_url, api_key="not-needed")


def collect(backends, settings=FAST, on_notice=None):
    """Run stream_chat; return (pieces, error) so partial text can be checked after a failure."""
    pieces: list[str] = []
    try:
        for piece in stream_chat(backends, MESSAGES, settings, on_notice):
            pieces.append(piece)
    except Exception as error:
        return pieces, error
    return pieces, None


def test_streams_the_whole_reply_in_pieces_and_sends_the_real_model_name(fake_openai):
    pieces, error = collect([remote(fake_openai)])
    assert error is None
    assert "".join(pieces) == DEFAULT_REPLY
    assert len(pieces) == len(split_tokens(DEFAULT_REPLY))
    (request,) = fake_openai.chat_log
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "test-model"
    assert request.body["stream"] is True
    assert request.body["max_tokens"] == 123
    assert request.body["temperature"] == pytest.approx(0.4)
    assert request.body["stop"] == STOP  # a model that opens a new job card or chat turn is done
    assert request.body["messages"] == MESSAGES
    assert request.headers["authorization"] == "Bearer test-key"


def test_finish_reason_length_counts_as_a_complete_answer(fake_openai):
    fake_openai.configure(finish_reason="length")
    pieces, error = collect([remote(fake_openai)])
    assert error is None and "".join(pieces) == DEFAULT_REPLY


@pytest.mark.parametrize(
    "fault, error_class, advice",
    [
        ("401", AuthFailed, "JD_API_KEY"),
        ("403", AuthFailed, "JD_API_KEY"),
        ("404", ModelNotFound, "JD_MODEL"),
        ("500", ServerError, "Try again"),
    ],
)
def test_non_retryable_http_errors_fail_at_once_with_advice(fake_openai, fault, error_class, advice):
    fake_openai.configure(fault=fault)
    pieces, error = collect([remote(fake_openai)])
    assert type(error) is error_class
    assert advice in str(error)
    assert f"HTTP {fault}" in str(error)
    assert "Test server" in str(error)
    assert pieces == []
    assert len(fake_openai.chat_log) == 1  # not retried


def test_server_error_carries_its_status(fake_openai):
    fake_openai.configure(fault="503")
    _, error = collect([remote(fake_openai)])
    assert isinstance(error, ServerError) and error.status == 503
    assert len(fake_openai.chat_log) == 1 + FAST.retries


def test_rate_limit_is_retried_and_then_succeeds(fake_openai):
    fake_openai.configure(fault="429", fault_count=1)
    pieces, error = collect([remote(fake_openai)])
    assert error is None and "".join(pieces) == DEFAULT_REPLY
    assert len(fake_openai.chat_log) == 2


def test_rate_limit_that_persists_is_reported_after_the_retries(fake_openai):
    fake_openai.configure(fault="429")
    _, error = collect([remote(fake_openai)], FAST.replace(retries=1))
    assert isinstance(error, RateLimited)
    assert "try again" in str(error).lower()
    assert len(fake_openai.chat_log) == 2


def test_retry_after_header_sets_the_wait(fake_openai):
    fake_openai.configure(fault="429", fault_count=1, retry_after=0.4)
    _, error = collect([remote(fake_openai)], FAST.replace(retry_backoff=0.0))
    assert error is None
    first, second = fake_openai.chat_log
    assert second.at - first.at >= 0.35


def test_a_long_retry_after_is_capped(fake_openai, monkeypatch):
    monkeypatch.setattr(stream_errors, "MAX_RETRY_AFTER", 0.2)
    fake_openai.configure(fault="503", fault_count=1, retry_after=3600)
    started = time.monotonic()
    _, error = collect([remote(fake_openai)])
    assert error is None
    assert time.monotonic() - started < 2.0


def test_retries_back_off_exponentially(fake_openai):
    fake_openai.configure(fault="502")
    _, error = collect([remote(fake_openai)], FAST.replace(retries=2, retry_backoff=0.2))
    assert isinstance(error, ServerError) and error.status == 502
    times = [request.at for request in fake_openai.chat_log]
    assert len(times) == 3
    assert times[1] - times[0] >= 0.18
    assert times[2] - times[1] >= 0.38


def test_no_answer_before_the_first_token_timeout_is_a_backend_timeout(fake_openai):
    fake_openai.configure(fault="hang")
    settings = FAST.replace(first_token_timeout=0.3, stall_timeout=5.0, retries=1)
    started = time.monotonic()
    pieces, error = collect([remote(fake_openai)], settings)
    assert isinstance(error, BackendTimeout)
    assert "JD_TIMEOUT" in str(error) and "0.3 s" in str(error)
    assert pieces == []
    assert len(fake_openai.chat_log) == 2
    # Our own deadline fired, not the HTTP client's backstop (which is set past the stall timeout).
    assert time.monotonic() - started < 2.0


def test_a_timeout_on_the_first_attempt_is_retried(fake_openai):
    fake_openai.configure(fault="hang", fault_count=1)
    pieces, error = collect([remote(fake_openai)], FAST.replace(first_token_timeout=0.3))
    assert error is None and "".join(pieces) == DEFAULT_REPLY
    assert len(fake_openai.chat_log) == 2


def test_silence_mid_stream_is_a_stall_and_keeps_the_partial_text(fake_openai):
    fake_openai.configure(fault="stall", after_chunks=3)
    settings = FAST.replace(first_token_timeout=5.0, stall_timeout=0.3)
    started = time.monotonic()
    pieces, error = collect([remote(fake_openai)], settings)
    assert isinstance(error, StreamStalled)
    assert "JD_STALL_TIMEOUT" in str(error) and "text so far is kept" in str(error)
    assert "".join(pieces) == "".join(split_tokens(DEFAULT_REPLY)[:3])
    assert len(fake_openai.chat_log) == 1  # never retried after text
    assert time.monotonic() - started < 2.0


def test_first_token_timeout_is_not_a_limit_on_the_whole_answer(fake_openai):
    fake_openai.configure(delay=0.1)  # ~20 pieces: about 2 s in all
    settings = FAST.replace(first_token_timeout=0.5, stall_timeout=0.5)
    pieces, error = collect([remote(fake_openai)], settings)
    assert error is None and "".join(pieces) == DEFAULT_REPLY


def test_refused_connection_is_unreachable_after_retries():
    settings = FAST.replace(retries=2, retry_backoff=0.1)
    started = time.monotonic()
    _, error = collect([remote(closed_port_url())], settings)
    assert isinstance(error, BackendUnreachable)
    assert "JD_BASE_URL" in str(error) and "running" in str(error)
    assert time.monotonic() - started >= 0.1 + 0.2 - 0.02  # both backoffs were waited


def test_connection_dropped_mid_stream_keeps_the_partial_text(fake_openai):
    fake_openai.configure(fault="drop", after_chunks=2)
    pieces, error = collect([remote(fake_openai)])
    assert isinstance(error, StreamDropped)
    assert "text so far is kept" in str(error)
    assert "".join(pieces) == "".join(split_tokens(DEFAULT_REPLY)[:2])
    assert len(fake_openai.chat_log) == 1


def test_connection_closed_before_any_answer_is_retried(fake_openai):
    fake_openai.configure(fault="close", fault_count=1)
    pieces, error = collect([remote(fake_openai)])
    assert error is None and "".join(pieces) == DEFAULT_REPLY
    assert len(fake_openai.chat_log) == 2


def test_clean_end_without_finish_reason_is_never_reported_as_done(fake_openai):
    fake_openai.configure(fault="no_finish", after_chunks=4)
    pieces, error = collect([remote(fake_openai)])
    assert isinstance(error, StreamIncomplete)
    assert "cut short" in str(error) and "Try again" in str(error)
    assert len(pieces) == 4


@pytest.mark.parametrize("fault", ["malformed", "bad_shape"])
def test_garbage_in_the_stream_is_malformed(fake_openai, fault):
    fake_openai.configure(fault=fault, after_chunks=1)
    pieces, error = collect([remote(fake_openai)])
    assert isinstance(error, MalformedStream)
    assert "JD_BASE_URL" in str(error)
    assert len(pieces) == 1


def test_an_error_event_in_the_stream_is_a_server_error(fake_openai):
    fake_openai.configure(fault="error_event", after_chunks=2)
    pieces, error = collect([remote(fake_openai)])
    assert isinstance(error, ServerError)
    assert "reported an error" in str(error)
    assert len(pieces) == 2


def test_messages_never_show_url_credentials_or_keys():
    url = closed_port_url().replace("http://", "http://alice:s3cret-pw@") + "?key=s3cret-query"
    from jd.backends import choose_backends

    settings = FAST.replace(base_url=url, api_key="sk-s3cret-key", retries=0, fallback_to_local=False)
    (backend,) = choose_backends(settings)
    _, error = collect([backend], settings)
    assert isinstance(error, BackendUnreachable)
    assert "s3cret" not in str(error)
    assert "127.0.0.1" in str(error)


# --- fallback ---------------------------------------------------------------


def test_falls_back_to_the_local_backend_with_a_notice(make_fake_openai):
    primary = make_fake_openai(fault="401")
    stand_in = make_fake_openai(reply="- Local duty one.\n- Local duty two.\n")
    notices: list[str] = []
    pieces, error = collect([remote(primary, label="Primary API"), local(stand_in)], on_notice=notices.append)
    assert error is None
    assert "".join(pieces) == "- Local duty one.\n- Local duty two.\n"
    assert len(notices) == 1
    assert notices[0].startswith("Primary API failed: Primary API refused the credentials")
    assert notices[0].endswith("Using the embedded model instead.")
    assert len(primary.chat_log) == 1 and len(stand_in.chat_log) == 1


def test_fallback_happens_after_the_primary_retries_are_used_up(make_fake_openai):
    primary = make_fake_openai(fault="503")
    stand_in = make_fake_openai()
    notices: list[str] = []
    pieces, error = collect([remote(primary), local(stand_in)], FAST.replace(retries=1), notices.append)
    assert error is None and "".join(pieces) == DEFAULT_REPLY
    assert len(primary.chat_log) == 2
    assert "HTTP 503" in notices[0]


def test_unreachable_primary_falls_back():
    with_fake = __import__("fake_openai").FakeOpenAI(reply="ok then").start()
    try:
        notices: list[str] = []
        pieces, error = collect([remote(closed_port_url()), local(with_fake)], FAST.replace(retries=0), notices.append)
        assert error is None and "".join(pieces) == "ok then"
        assert "Could not connect" in notices[0]
    finally:
        with_fake.stop()


def test_no_fallback_once_text_was_yielded(make_fake_openai):
    primary = make_fake_openai(fault="drop", after_chunks=2)
    stand_in = make_fake_openai()
    notices: list[str] = []
    pieces, error = collect([remote(primary), local(stand_in)], on_notice=notices.append)
    assert isinstance(error, StreamDropped)
    assert len(pieces) == 2
    assert notices == [] and stand_in.chat_log == []


def test_the_last_backends_error_is_raised_when_all_fail(make_fake_openai):
    primary = make_fake_openai(fault="404")
    stand_in = make_fake_openai(fault="500")
    notices: list[str] = []
    _, error = collect([remote(primary), local(stand_in)], on_notice=notices.append)
    assert isinstance(error, ServerError)
    assert len(notices) == 1


# --- stopping and concurrency -------------------------------------------------


def test_stopping_early_closes_the_http_stream(fake_openai):
    fake_openai.configure(reply="word " * 300, delay=0.02)
    stream = stream_chat([remote(fake_openai)], MESSAGES, FAST)
    taken = [next(stream) for _ in range(3)]
    assert taken == ["word", " word", " word"]
    stream.close()
    assert wait_until(lambda: fake_openai.disconnects > 0)
    assert fake_openai.disconnects == 1


def _run_concurrently(backend, count=2, settings=FAST):
    results: list = [None] * count
    finished_at: list[float] = [0.0] * count

    def run(index):
        results[index] = collect([backend], settings)
        finished_at[index] = time.monotonic()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, finished_at


def test_local_backend_requests_are_served_one_at_a_time(fake_openai):
    fake_openai.configure(delay=0.02)
    results, finished_at = _run_concurrently(local(fake_openai))
    assert all(error is None and "".join(pieces) == DEFAULT_REPLY for pieces, error in results)
    _first, second = sorted(request.at for request in fake_openai.chat_log)
    assert second >= min(finished_at) - 0.05  # the second request waited for the first answer


def test_remote_backend_requests_run_in_parallel(fake_openai):
    fake_openai.configure(delay=0.02)
    results, finished_at = _run_concurrently(remote(fake_openai))
    assert all(error is None for _, error in results)
    _first, second = sorted(request.at for request in fake_openai.chat_log)
    assert second < min(finished_at) - 0.1


def test_writing_sends_the_jobs_prompt_to_the_configured_backend(fake_openai, tmp_path):
    from jd.prompts import build_messages
    from jd.spec import parse_job
    from jd.writing import Writing

    job = parse_job({"title": "Warehouse Team Lead", "skills": ["forklift", "stock control"]})
    settings = FAST.replace(
        base_url=fake_openai.base_url,
        model="served-model",
        fallback_to_local=False,
        topup_requests=0,
        data_dir=tmp_path,
    )
    assert list(Writing(job, settings))[-1] == DEFAULT_REPLY
    (request,) = fake_openai.chat_log
    assert request.body["messages"] == build_messages(job)
    assert request.body["model"] == "served-model"
