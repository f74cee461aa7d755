"""Backend choice, descriptions, the HF token's safety, and offline mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fake_openai import DEFAULT_REPLY

from jd.backends import (
    PLACEHOLDER_API_KEY,
    Backend,
    choose_backends,
    describe_backend,
    is_loopback_host,
    make_client,
    safe_url,
)
from jd.embedded import local_model_available
from jd.settings import DEFAULT_HF_MODEL, ConfigError, Settings
from jd.streaming import stream_chat

ROOT = Path(__file__).resolve().parents[1]
CANARY = "hf_CANARYdoNotSendThisTokenAnywhere0123"
ENV_CANARY = "hf_ENVCANARYdoNotSendThisEither456789"
MESSAGES = [{"role": "user", "content": "hi"}]
NO_FALLBACK = Settings(fallback_to_local=False)


def test_auto_with_a_base_url_picks_the_openai_compatible_server():
    settings = NO_FALLBACK.replace(base_url="http://gpu-box:8000/v1", hf_token=CANARY)
    (backend,) = choose_backends(settings)
    assert backend.kind == "openai"
    assert backend.model == "default"
    assert backend.api_key == PLACEHOLDER_API_KEY  # never the HF token
    assert backend.label == "OpenAI-compatible server at http://gpu-box:8000/v1 · default"


def test_openai_backend_uses_the_configured_key_and_model():
    settings = NO_FALLBACK.replace(base_url="http://gpu-box:8000/v1", api_key="sk-123", model="qwen2.5:7b")
    (backend,) = choose_backends(settings)
    assert (backend.api_key, backend.model) == ("sk-123", "qwen2.5:7b")
    assert "sk-123" not in repr(backend)


def test_auto_with_a_token_picks_hugging_face():
    (backend,) = choose_backends(NO_FALLBACK.replace(hf_token=CANARY))
    assert backend.kind == "hf"
    assert backend.model == DEFAULT_HF_MODEL
    assert backend.api_key == CANARY
    assert backend.provider is None
    assert CANARY not in repr(backend)


def test_the_visitors_oauth_token_comes_before_the_spaces_token():
    class OAuthToken:  # the shape of gr.OAuthToken
        token = "hf_visitor"

    settings = NO_FALLBACK.replace(hf_token=CANARY, provider="together", model="Qwen/Qwen2.5-7B-Instruct")
    assert choose_backends(settings, oauth_token="hf_visitor")[0].api_key == "hf_visitor"
    (backend,) = choose_backends(settings, oauth_token=OAuthToken())
    assert backend.api_key == "hf_visitor"
    assert backend.provider == "together"
    assert backend.label == "Hugging Face Inference Providers (together) · Qwen/Qwen2.5-7B-Instruct"


def test_auto_without_url_or_token_is_local():
    (backend,) = choose_backends(NO_FALLBACK)
    assert backend.kind == "local"
    assert backend.base_url == ""  # the embedded server, started on first use
    assert backend.api_key == PLACEHOLDER_API_KEY


def test_explicit_choice_wins_over_auto():
    settings = NO_FALLBACK.replace(backend="local", base_url="http://gpu-box:8000/v1", hf_token=CANARY)
    assert [b.kind for b in choose_backends(settings)] == ["local"]
    with pytest.raises(ConfigError, match="JD_BASE_URL"):
        choose_backends(NO_FALLBACK.replace(backend="openai"))


def test_the_local_fallback_follows_a_remote_primary_only_when_the_model_can_run():
    settings = Settings(hf_token=CANARY)
    kinds = [b.kind for b in choose_backends(settings)]
    assert kinds == (["hf", "local"] if local_model_available(settings) else ["hf"])
    assert [b.kind for b in choose_backends(settings.replace(fallback_to_local=False))] == ["hf"]
    missing = settings.replace(local_model="/nonexistent/model.gguf")
    assert [b.kind for b in choose_backends(missing)] == ["hf"]
    # A local primary has nothing to fall back to.
    assert [b.kind for b in choose_backends(Settings(backend="local"))] == ["local"]


def test_describe_backend():
    assert describe_backend(Settings()) == "Embedded SmolLM2-135M-Instruct (offline)"
    assert describe_backend(Settings(hf_token=CANARY)) == f"Hugging Face Inference Providers · {DEFAULT_HF_MODEL}"
    assert (
        describe_backend(Settings(base_url="http://user:pw@10.0.0.5:8080/v1/?token=x", model="llama3"))
        == "OpenAI-compatible server at http://10.0.0.5:8080/v1 · llama3"
    )


def test_safe_url_drops_credentials_query_and_fragment():
    assert safe_url("https://bob:secret@example.com:8443/v1/?api_key=secret#frag") == "https://example.com:8443/v1"
    assert safe_url("http://[::1]:8000/v1") == "http://[::1]:8000/v1"


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("api.localhost", True),
        ("10.0.0.1", False),
        ("huggingface.co", False),
        ("localhost.example.com", False),
        ("", False),
    ],
)
def test_is_loopback_host(host, loopback):
    assert is_loopback_host(host) is loopback


def test_backend_kind_is_checked():
    with pytest.raises(ValueError):
        Backend(kind="ollama", label="x", model="y")


# --- the HF token never leaves for a non-HF server ---------------------------------


def test_hf_token_is_never_sent_to_openai_or_local_servers(make_fake_openai, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", ENV_CANARY)
    monkeypatch.setenv("HUGGING_FACE_HUB_TOKEN", ENV_CANARY)
    openai_server = make_fake_openai()
    local_server = make_fake_openai()
    settings = Settings(hf_token=CANARY, base_url=openai_server.base_url, fallback_to_local=False)
    (chosen,) = choose_backends(settings)
    backends = [
        chosen,
        Backend(kind="openai", label="no key", model="m", base_url=openai_server.base_url, api_key=""),
        Backend(kind="openai", label="none key", model="m", base_url=openai_server.base_url, api_key=None),
        Backend(kind="local", label="local", model="m", base_url=local_server.base_url, api_key=None),
    ]
    for backend in backends:
        assert "".join(stream_chat([backend], MESSAGES, settings)) == DEFAULT_REPLY
    recorded = openai_server.chat_log + local_server.chat_log
    assert len(recorded) == 4
    for request in recorded:
        assert request.headers["authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"
        assert CANARY not in json.dumps(request.headers) and ENV_CANARY not in json.dumps(request.headers)


def test_the_hf_backend_does_use_the_token(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", ENV_CANARY)
    (backend,) = choose_backends(NO_FALLBACK.replace(hf_token=CANARY))
    client = make_client(backend, timeout=5)
    assert client.token == CANARY
    assert client.model is None  # goes to the HF router, not a custom URL


# --- HF_HUB_OFFLINE ----------------------------------------------------------------

OFFLINE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from huggingface_hub import constants, get_session
    from huggingface_hub.errors import OfflineModeIsEnabled
    from jd.backends import Backend
    from jd.errors import BackendUnreachable
    from jd.settings import Settings
    from jd.streaming import stream_chat

    url = sys.argv[1]
    result = {"offline": constants.is_offline_mode()}
    settings = Settings(retries=0, first_token_timeout=5)
    messages = [{"role": "user", "content": "hi"}]
    for kind in ("openai", "local"):
        backend = Backend(kind=kind, label=kind, model="m", base_url=url, api_key="k")
        result[kind] = "".join(stream_chat([backend], messages, settings))
    try:
        far = Backend(kind="openai", label="Far server", model="m", base_url="http://203.0.113.7:8000/v1", api_key="k")
        list(stream_chat([far], messages, settings))
        result["far"] = "no error"
    except BackendUnreachable as error:
        result["far"] = str(error)
    try:
        list(stream_chat([Backend(kind="hf", label="HF", model="m/m", api_key="hf_x")], messages, settings))
        result["hf"] = "no error"
    except BackendUnreachable as error:
        result["hf"] = str(error)
    try:
        get_session().get("https://huggingface.co/api/whoami-v2")
        result["hub"] = "reached"
    except OfflineModeIsEnabled:
        result["hub"] = "blocked"
    print(json.dumps(result))
    """
)


def test_offline_mode_still_reaches_loopback_servers_but_not_others(fake_openai):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT, fake_openai.base_url],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["offline"] is True
    assert result["openai"] == DEFAULT_REPLY and result["local"] == DEFAULT_REPLY
    assert "HF_HUB_OFFLINE" in result["far"] and "Far server" in result["far"]
    assert "HF_HUB_OFFLINE" in result["hf"]
    assert result["hub"] == "blocked"
    assert len(fake_openai.chat_log) == 2  # the far and HF requests were refused before leaving
