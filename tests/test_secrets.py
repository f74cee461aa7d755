"""Secret hygiene: the Space's HF token, API keys and URL passwords never leak.

HF_TOKEN is set to a random canary in the environment and in the settings, then every flow
runs (job details, responsibilities, every format, review, feedback, page load, error paths)
on every backend. The canary may only ever travel to Hugging Face; it must not appear in
requests to other hosts, in the page or its config, in any API answer or error message, in
the logs, in the feedback store or its export, or in the exported files.

For the "hf" backend nothing reaches the real Hub: huggingface_hub's shared HTTP client gets a
transport that records each request and answers requests for router.huggingface.co from a
loopback fake (any other non-loopback host is refused).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import secrets
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from browser import AppPage, chromium, chromium_available
from fake_openai import FakeOpenAI, closed_port_url
from gradio_client import Client
from huggingface_hub import constants, set_async_client_factory, set_client_factory
from launch import close_clients, fake_backend_settings, launched_app, new_client
from samples import WAREHOUSE_JOB

from jd import backends
from jd.backends import PLACEHOLDER_API_KEY, Backend, choose_backends, describe_backend, is_loopback_host
from jd.embedded import EmbeddedServer, find_local_model
from jd.feedback import FeedbackStore
from jd.prompts import build_messages
from jd.render import FORMATS
from jd.settings import Settings
from jd.spec import parse_job
from jd.streaming import stream_chat

CANARY = "hf_CANARY" + secrets.token_hex(12)  # the Space's HF_TOKEN
API_KEY = "sk-APIKEY" + secrets.token_hex(8)  # JD_API_KEY of an OpenAI-compatible server
URL_PASSWORD = "URLPASS" + secrets.token_hex(6)  # a password inside JD_BASE_URL
VISITOR_A = "hf_oauth_VISITORA" + secrets.token_hex(8)  # visitors' OAuth tokens
VISITOR_B = "hf_oauth_VISITORB" + secrets.token_hex(8)
HF_HOST = "router.huggingface.co"
WAIT = 30
HANG = 120.0  # seconds the fake's "hang" fault lasts: longer than any timeout set here, so the timeout ends it

JOB = WAREHOUSE_JOB
REPLY = (
    "- Receive, check and store incoming deliveries accurately.\n"
    "- Pick and pack customer orders to the daily plan.\n"
    "- Run cycle counts and report stock differences to the team lead.\n"
)
FAULTS = (
    "401",
    "403",
    "404",
    "429",
    "500",
    "503",
    "malformed",
    "bad_shape",
    "error_event",
    "drop",
    "no_finish",
    "close",
    "hang",
)


@pytest.fixture(autouse=True)
def canary_in_environment(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", CANARY)


@pytest.fixture
def logs(caplog):
    """Every log record of every logger, at DEBUG."""
    caplog.set_level(logging.DEBUG)
    return caplog


def app_settings(fake, data_dir: Path, **changes) -> Settings:
    # Generous for the answers that stream (a loaded machine is slow); the "hang" fault outlasts them.
    values = {"api_key": API_KEY, "hf_token": CANARY, "first_token_timeout": 20.0, "stall_timeout": 20.0}
    values.update(changes)
    return fake_backend_settings(fake, data_dir, **values)


def error_of(call) -> str:
    try:
        call()
    except Exception as error:  # gradio_client's AppError, or any other failure: its text is what users see
        return f"{type(error).__name__}: {error}"
    raise AssertionError("the call was expected to fail")


def every_flow(client: Client, fake: FakeOpenAI | None, *, faults=FAULTS) -> list[str]:
    """Run every public endpoint, good and bad, and return everything the API answered."""
    seen = [client.predict(JOB, api_name="/job_details")]
    job = client.submit(JOB, api_name="/responsibilities")
    seen += [str(output) for output in [job.result(timeout=WAIT * 4), *job.outputs()]]
    duties = seen[-1] or "- Pack customer orders"  # the small embedded model may write no usable list
    for fmt in FORMATS:
        seen.append(client.predict(JOB, duties, fmt, api_name="/job_description"))
    markdown = seen[-len(FORMATS)]
    seen.append(json.dumps(client.predict(JOB, markdown, api_name="/review")))
    seen.append(client.predict(JOB, duties, markdown, "helpful", "clear and fair", api_name="/feedback"))
    seen += [
        error_of(lambda: client.predict({"title": ""}, api_name="/job_details")),
        error_of(lambda: client.predict({"title": "x" * 500, "bogus": 1}, api_name="/responsibilities")),
        error_of(lambda: client.predict(JOB, duties, "pdf", api_name="/job_description")),
        error_of(lambda: client.predict(JOB, duties, markdown, "great", "", api_name="/feedback")),
        error_of(lambda: client.predict(JOB, "x" * 60_000, api_name="/review")),
    ]
    if fake is not None:
        for fault in faults:
            fake.configure(fault=fault, hang_seconds=HANG)
            seen.append(error_of(lambda: client.predict(JOB, api_name="/responsibilities")))
        fake.configure(fault=None)
    return seen


def served_pages(url: str) -> dict[str, str]:
    base = url.rstrip("/")
    pages = {}
    for path in ("/", "/config", "/gradio_api/info", "/gradio_api/openapi.json"):
        try:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                pages[path] = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            pages[path] = f"{error.code} {error.read().decode('utf-8', 'replace')}"
    assert "JD Generator" in pages["/config"]
    return pages


def stored_feedback(data_dir: Path, tmp_path: Path) -> dict[str, str]:
    store = FeedbackStore(data_dir)
    export = tmp_path / "feedback-export.jsonl"
    count = store.export_jsonl(export)
    assert count == store.count() >= 1
    return {"feedback store": json.dumps(store.all()), "feedback export": export.read_text()}


def written(logs, capfd) -> dict[str, str]:
    """What the test wrote to the logs, stdout and stderr (capfd is emptied: call it once, at the end)."""
    output = capfd.readouterr()
    return {"logs": logs.text, "stdout": output.out, "stderr": output.err}


def after_the_flows(answers: list[str], pages: dict[str, str], logs, capfd, data_dir: Path, tmp_path: Path):
    """Every place a secret could have reached: the answers, the served pages, the logs and output, the feedback."""
    return {"responses": "\n".join(answers), **pages, **written(logs, capfd), **stored_feedback(data_dir, tmp_path)}


def requests_text(recorded) -> str:
    return json.dumps([{"path": r.path, "headers": r.headers, "body": r.body} for r in recorded])


def assert_nowhere(secret: str, surfaces: dict[str, str]) -> None:
    leaked = [name for name, text in surfaces.items() if secret in text]
    assert not leaked, f"secret found in: {leaked}"


# ---- openai: an OpenAI-compatible server at JD_BASE_URL --------------------------------------------


def test_openai_backend_never_sees_the_hf_token(make_fake_openai, tmp_path, logs, capfd):
    fake = make_fake_openai(reply=REPLY)
    settings = app_settings(fake, tmp_path / "data")
    with launched_app(settings, fake=fake) as app:
        answers = every_flow(app.client, fake)
        visitor = new_client(app.url, oauth_token=VISITOR_A)  # signed in: still not for this host
        try:
            answers.append(visitor.predict(JOB, api_name="/responsibilities"))
        finally:
            visitor.close()
        pages = served_pages(app.url)
    surfaces = {
        **after_the_flows(answers, pages, logs, capfd, settings.data_dir, tmp_path),
        "settings": repr(settings),
        "backend label": describe_backend(settings),
    }
    to_fake = requests_text(fake.requests)
    assert_nowhere(CANARY, {"requests to the server": to_fake, **surfaces})
    assert_nowhere(VISITOR_A, {"requests to the server": to_fake, **surfaces})
    assert_nowhere(API_KEY, surfaces)  # the key goes to its own server and nowhere else
    chat = fake.chat_log
    assert len(chat) >= 2 + len(FAULTS)
    assert {r.headers.get("authorization") for r in chat} == {f"Bearer {API_KEY}"}


def test_openai_backend_without_a_key_gets_a_placeholder_not_the_hf_token(make_fake_openai, tmp_path):
    # InferenceClient sends $HF_TOKEN to any URL when api_key is empty (FACTS.md): the app must not let it.
    fake = make_fake_openai(reply=REPLY)
    with launched_app(app_settings(fake, tmp_path / "data", api_key=""), fake=fake) as app:
        assert app.client.predict(JOB, api_name="/responsibilities").count("- ") == 3
    assert [r.headers.get("authorization") for r in fake.chat_log] == [f"Bearer {PLACEHOLDER_API_KEY}"]
    assert CANARY not in requests_text(fake.requests)


def test_errors_never_echo_keys_or_url_passwords(make_fake_openai, tmp_path, logs, capfd):
    fake = make_fake_openai(reply=REPLY)
    refused = closed_port_url().replace("http://", f"http://jduser:{URL_PASSWORD}@")
    with_password = fake.base_url.replace("http://", f"http://jduser:{URL_PASSWORD}@")
    messages = []
    for base_url in (refused, with_password):
        settings = app_settings(fake, tmp_path / "data", base_url=base_url)
        with launched_app(settings, fake=fake) as app:
            pages = served_pages(app.url)
            for fault in ("401", "404", "500", "malformed", "hang"):
                fake.configure(fault=fault, hang_seconds=HANG)
                messages.append(error_of(lambda: app.client.predict(JOB, api_name="/responsibilities")))
            fake.configure(fault=None)
        assert_nowhere(URL_PASSWORD, pages)
        assert "127.0.0.1" in pages["/config"]  # the page names the server, without the password
    surfaces = {"error messages": "\n".join(messages), **written(logs, capfd)}
    for secret in (URL_PASSWORD, "jduser:", API_KEY, CANARY):
        assert_nowhere(secret, surfaces)
    basic = "Basic " + base64.b64encode(f"jduser:{URL_PASSWORD}".encode()).decode()
    assert {r.headers.get("authorization") for r in fake.chat_log} == {basic}  # still sent, as Basic auth
    assert any("Could not connect" in message for message in messages)
    assert any("refused the credentials" in message for message in messages)


# ---- local: a running server on this machine, and the embedded model --------------------------------


def test_local_server_and_fallback_never_see_the_hf_token(make_fake_openai):
    """A failing OpenAI-compatible server, then a local server as the fallback (a fake in its place)."""
    failing = make_fake_openai(fault="500")
    local = make_fake_openai(reply=REPLY)
    settings = Settings(hf_token=CANARY, api_key=API_KEY, retries=0, first_token_timeout=60, stall_timeout=60)
    chain = [
        Backend(kind="openai", label="remote", model="m", base_url=failing.base_url, api_key=API_KEY),
        Backend(kind="local", label="local", model="SmolLM2", base_url=local.base_url),  # no key given at all
    ]
    notices = []
    text = "".join(stream_chat(chain, build_messages(parse_job(JOB)), settings, on_notice=notices.append))
    assert text == REPLY and notices
    assert [r.headers.get("authorization") for r in local.chat_log] == [f"Bearer {PLACEHOLDER_API_KEY}"]
    for fake in (failing, local):
        assert CANARY not in requests_text(fake.requests)
    assert API_KEY not in requests_text(local.requests)
    assert CANARY not in " ".join(notices) and API_KEY not in " ".join(notices)


@pytest.mark.embedded
def test_embedded_model_never_sees_the_hf_token(embedded_server, tmp_path, logs, capfd):
    settings = Settings(
        backend="local",
        hf_token=CANARY,
        data_dir=tmp_path / "data",
        preload_local=False,
        max_tokens=120,
        first_token_timeout=60,
        stall_timeout=30,
    )
    with launched_app(settings) as app:
        answers = every_flow(app.client, None)
        pages = served_pages(app.url)
        server_log = embedded_server.log_path.read_text(errors="replace")
    assert "POST /v1/chat/completions" in server_log  # the log is the one that served our requests
    surfaces = after_the_flows(answers, pages, logs, capfd, settings.data_dir, tmp_path)
    assert_nowhere(CANARY, {**surfaces, "llama.cpp server log": server_log})


@pytest.mark.embedded
def test_embedded_server_process_does_not_hold_the_hf_token(embedded_server):
    """The llama.cpp child needs no Hugging Face token or API key, so it does not inherit them."""
    server = EmbeddedServer(find_local_model(Settings()))
    try:
        server.start()
        environ = Path(f"/proc/{server.pid}/environ").read_bytes().decode("utf-8", "replace")
        assert "HF_HUB_OFFLINE" in environ  # the environment was read
        assert CANARY not in environ
        assert CANARY not in server.log_path.read_text(errors="replace")
    finally:
        server.stop()


# ---- hf: Hugging Face Inference Providers, through a loopback stand-in for the router ---------------


class RouterStandIn(httpx2.HTTPTransport):
    """Records every request huggingface_hub sends; serves the HF router's requests from a loopback fake."""

    def __init__(self, fake: FakeOpenAI):
        super().__init__()
        self.fake = fake
        self.seen: list[tuple[str, dict, str]] = []  # (host, headers, body)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.route(request, request.read())
        return super().handle_request(request)

    def route(self, request: httpx2.Request, body: bytes) -> None:
        self.seen.append((request.url.host, dict(request.headers), body.decode("utf-8", "replace")))
        if request.url.host == HF_HOST:
            request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.fake.port)
        elif not is_loopback_host(request.url.host):
            raise httpx2.ConnectError(f"the test allows no request to {request.url.host}")


class AsyncRouterStandIn(httpx2.AsyncHTTPTransport):
    """The same for huggingface_hub's async client, which the app streams with; records into `sync.seen`."""

    def __init__(self, sync: RouterStandIn):
        super().__init__()
        self.sync = sync

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.sync.route(request, await request.aread())
        return await super().handle_async_request(request)


@pytest.fixture
def hf_router(make_fake_openai, monkeypatch):
    fake = make_fake_openai(reply=REPLY, delay=0.03)
    transport = RouterStandIn(fake)
    backends.install_client_factory()  # the app's own factory first, so ours is not replaced later
    set_client_factory(
        lambda: httpx2.Client(
            event_hooks={"request": [backends._loopback_friendly_request_hook]},
            follow_redirects=True,
            timeout=None,
            transport=transport,
        )
    )
    set_async_client_factory(  # one transport per client: each client closes its own when it is done
        lambda: httpx2.AsyncClient(
            event_hooks={"request": [backends._async_loopback_friendly_request_hook]},
            follow_redirects=True,
            timeout=None,
            transport=AsyncRouterStandIn(transport),
        )
    )
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)  # for huggingface_hub in this process only
    yield transport
    set_client_factory(backends._client_factory)
    set_async_client_factory(backends._async_client_factory)


def test_choose_backends_gives_each_visitor_their_own_token_and_only_to_hf():
    hf = Settings(backend="hf", hf_token=CANARY, fallback_to_local=False)
    assert choose_backends(hf)[0].api_key == CANARY
    assert choose_backends(hf, VISITOR_A)[0].api_key == VISITOR_A
    assert choose_backends(hf, VISITOR_B)[0].api_key == VISITOR_B
    assert choose_backends(hf)[0].api_key == CANARY  # nothing stays behind from the visitors
    for settings in (
        Settings(backend="openai", base_url="http://127.0.0.1:9/v1", hf_token=CANARY),
        Settings(backend="local", hf_token=CANARY),
        Settings(backend="auto", base_url="http://127.0.0.1:9/v1", hf_token=CANARY),
        hf.replace(fallback_to_local=True),
    ):
        for backend in choose_backends(settings, VISITOR_A):
            if backend.kind != "hf":
                assert backend.api_key not in (CANARY, VISITOR_A, None, "")


def test_hf_requests_carry_each_visitors_own_token(hf_router, tmp_path, logs, capfd):
    settings = Settings(
        backend="hf",
        hf_token=CANARY,
        fallback_to_local=False,
        retries=0,
        first_token_timeout=60,
        stall_timeout=60,
        data_dir=tmp_path / "data",
        preload_local=False,
    )
    # Three visitors' own titles for one occupation, so the same warehouse duties are on-role for each.
    titles = {"Night Shift Stocker": VISITOR_A, "Order Picker": VISITOR_B, "Stock Associate": None}
    with launched_app(settings) as app:
        clients = {title: new_client(app.url, oauth_token=token) for title, token in titles.items()}
        try:

            def ask(title: str) -> str:  # all three at once, so their requests overlap in the app
                job = {**JOB, "title": title, "occupation": "53-7065.00"}  # Stockers and Order Fillers
                return clients[title].predict(job, api_name="/responsibilities")

            with ThreadPoolExecutor(len(titles)) as pool:
                answers = list(pool.map(ask, [title for title in titles for _ in range(2)]))
            answers += every_flow(app.client, hf_router.fake, faults=("401", "429", "500", "malformed"))
        finally:
            close_clients(clients.values())
        pages = served_pages(app.url)
    # Each visitor got the model's whole answer (the occupation's tasks may follow it to reach six duties).
    replied = [line.rstrip(".") for line in REPLY.splitlines()]
    assert all(answer.splitlines()[:3] == replied for answer in answers[:6]), answers[:6]

    to_router = [(headers, body) for host, headers, body in hf_router.seen if host == HF_HOST]
    # huggingface_hub also asks huggingface.co for its agent-harness list (telemetry, no token): refused here.
    assert to_router and {host for host, _, _ in hf_router.seen} <= {HF_HOST, "huggingface.co"}
    others = json.dumps([(headers, body) for host, headers, body in hf_router.seen if host != HF_HOST])
    assert_nowhere(CANARY, {"other HF requests": others})
    for title, token in titles.items():
        sent = {headers.get("authorization") for headers, body in to_router if title in body}
        assert sent == {f"Bearer {token or CANARY}"}, (title, sent)  # a visitor's own token, else the Space's
    surfaces = after_the_flows(answers, pages, logs, capfd, settings.data_dir, tmp_path)
    for secret in (CANARY, VISITOR_A, VISITOR_B):
        assert_nowhere(secret, surfaces)


def test_a_visitors_token_never_reaches_a_non_hf_fallback(hf_router, make_fake_openai):
    local = make_fake_openai(reply=REPLY)
    hf_router.fake.configure(fault="503")
    settings = Settings(hf_token=CANARY, retries=0, first_token_timeout=60, stall_timeout=60)
    chain = [
        Backend(kind="hf", label="hf", model="meta-llama/Llama-3.1-8B-Instruct", api_key=VISITOR_A),
        Backend(kind="local", label="local", model="SmolLM2", base_url=local.base_url),
    ]
    assert "".join(stream_chat(chain, build_messages(parse_job(JOB)), settings)) == REPLY
    assert [headers.get("authorization") for host, headers, _ in hf_router.seen if host == HF_HOST] == [
        f"Bearer {VISITOR_A}"
    ]
    for secret in (VISITOR_A, CANARY):
        assert secret not in requests_text(local.requests)


# ---- the page in a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed at /usr/bin/chromium")
def test_page_downloads_and_feedback_hold_no_secret(make_fake_openai, tmp_path, logs, capfd):
    fake = make_fake_openai(reply=REPLY)
    base_url = fake.base_url.replace("http://", f"http://jduser:{URL_PASSWORD}@")
    settings = app_settings(fake, tmp_path / "data", base_url=base_url)
    surfaces = {}
    with launched_app(settings, fake=fake) as app, chromium() as browser:
        context = browser.new_context(accept_downloads=True)
        ui = AppPage(context.new_page(), app.url).open()
        surfaces["page source"] = ui.page.content()
        ui.fill("title", "Warehouse Supervisor")
        ui.wait_for_text("details", "Warehouse Supervisor")
        ui.click("write")
        ui.wait_for_value("duties", "- ")
        ui.click("generate")
        ui.wait_for_text("preview", "Warehouse Supervisor")
        for fmt in FORMATS:
            ui.open_tab({"markdown": "Markdown", "html": "HTML", "text": "Text", "json-ld": "JSON-LD"}[fmt])
            with ui.page.expect_download(timeout=10_000) as download:
                ui.click(f"download_{fmt.replace('-', '')}")
            surfaces[f"download {fmt}"] = Path(download.value.path()).read_text(encoding="utf-8")
            assert "Warehouse Supervisor" in surfaces[f"download {fmt}"]
        ui.check("rating", "helpful")
        ui.click("flag")
        ui.wait_for_text("feedback_status", "saved")
        surfaces["page after use"] = ui.page.content() + ui.page.locator("body").inner_text()
        context.close()
    surfaces.update({**written(logs, capfd), **stored_feedback(settings.data_dir, tmp_path)})
    for secret in (CANARY, API_KEY, URL_PASSWORD):
        assert_nowhere(secret, surfaces)
    assert CANARY not in requests_text(fake.requests)
    # The page does say which server answers (its Markdown source escapes "://" so it is not a link).
    assert re.search(r"OpenAI-compatible server at http(\\\\)?://127\.0\.0\.1:\d+/v1", surfaces["page source"])
