"""Settings come from the environment; bad values give a message naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from jd.settings import ConfigError, Settings


def test_defaults_need_no_configuration():
    settings = Settings.from_env({})
    assert settings.backend == "auto"
    assert settings.fallback_to_local is True
    assert settings.rate_limit_per_minute == 0  # off locally
    assert settings.seed is None
    assert settings.data_dir == Path("data")
    assert settings.mcp_server is True  # AI assistants can use the app's tools unless JD_MCP=0


def test_every_variable_is_read():
    env = {
        "JD_BACKEND": "OpenAI",
        "JD_BASE_URL": " http://localhost:11434/v1 ",
        "JD_API_KEY": "k",
        "JD_MODEL": "m",
        "JD_PROVIDER": "together",
        "HF_TOKEN": "hf_x",
        "JD_LOCAL_MODEL": "/m.gguf",
        "JD_FALLBACK": "0",
        "JD_TIMEOUT": "5",
        "JD_STALL_TIMEOUT": "2.5",
        "JD_RETRIES": "0",
        "JD_RETRY_BACKOFF": "0.5",
        "JD_MAX_TOKENS": "200",
        "JD_TEMPERATURE": "0",
        "JD_SEED": "7",
        "JD_DATA_DIR": "/tmp/jd",
        "JD_FEEDBACK_DATASET": "me/feedback",
        "JD_CONCURRENCY": "4",
        "JD_QUEUE_SIZE": "8",
        "JD_RATE_LIMIT": "3",
        "JD_PRELOAD": "no",
        "JD_MCP": "0",
    }
    settings = Settings.from_env(env)
    assert (settings.backend, settings.base_url, settings.api_key, settings.model) == (
        "openai",
        "http://localhost:11434/v1",
        "k",
        "m",
    )
    assert (settings.provider, settings.hf_token, settings.local_model) == ("together", "hf_x", "/m.gguf")
    assert settings.fallback_to_local is False and settings.preload_local is False and settings.mcp_server is False
    assert (settings.first_token_timeout, settings.stall_timeout, settings.retries) == (5.0, 2.5, 0)
    assert (settings.max_tokens, settings.temperature, settings.seed) == (200, 0.0, 7)
    assert settings.data_dir == Path("/tmp/jd") and settings.feedback_dataset == "me/feedback"
    assert (settings.concurrency, settings.queue_size, settings.rate_limit_per_minute) == (4, 8, 3)
    assert "hf_x" not in repr(settings) and "'k'" not in repr(settings)  # secrets stay out of logs


def test_rate_limit_is_on_by_default_on_a_space():
    assert Settings.from_env({"SPACE_ID": "owner/jd"}).rate_limit_per_minute == 10


@pytest.mark.parametrize(
    "variable, value",
    [
        ("JD_BACKEND", "gpt"),
        ("JD_TIMEOUT", "soon"),
        ("JD_RETRIES", "-1"),
        ("JD_FALLBACK", "maybe"),
        ("JD_SEED", "x"),
        ("JD_MCP", "maybe"),
    ],
)
def test_bad_values_name_the_variable(variable, value):
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env({variable: value})


def test_the_browser_secret_is_read_through_settings_and_never_shown():
    settings = Settings.from_env({"JD_BROWSER_SECRET": "  s3cret-key  "})
    assert settings.browser_secret == "s3cret-key" and "s3cret" not in repr(settings)
    assert Settings.from_env({}).browser_secret == ""
