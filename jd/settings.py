"""Settings read from the environment (every variable is documented in README.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TypeVar

from .errors import JDError

DEFAULT_HF_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
BACKEND_CHOICES = ("auto", "hf", "openai", "local")
MODEL_SUMMARY_CHOICES = ("auto", "on", "off")


class ConfigError(JDError):
    """An environment variable has a value the app cannot use."""


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true/false), not {value!r}.")


_Number = TypeVar("_Number", int, float)


def _number(value: str, name: str, kind: type[_Number], minimum: float) -> _Number:
    try:
        number = kind(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {value!r}.") from None
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value!r}.")
    return number


def _existing(value: str, name: str, *, folder: bool) -> Path | None:
    """A path that must exist (checked at start-up, so a typo is reported before the first visitor)."""
    if not value.strip():
        return None
    path = Path(value.strip()).expanduser()
    if folder and not path.is_dir():
        raise ConfigError(f"{name} must name an existing folder; {str(path)!r} is not one.")
    if not folder and not path.is_file():
        raise ConfigError(f"{name} must name an existing file; {str(path)!r} is not one.")
    return path


MIN_ADMIN_TOKEN_LENGTH = 16


def _admin_token(value: str) -> str:
    """JD_ADMIN_TOKEN opens the owner's report to whoever types it: a short one could be guessed."""
    token = value.strip()
    if token and len(token) < MIN_ADMIN_TOKEN_LENGTH:
        raise ConfigError(
            f"JD_ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_LENGTH} characters long, so that nobody can guess it "
            '(make one with: python -c "import secrets; print(secrets.token_urlsafe(24))").'
        )
    return token


def _owners(env: Mapping[str, str]) -> tuple[str, ...]:
    """JD_OWNERS (Hugging Face usernames, separated by commas or spaces), else the Space's owner.

    Spaces set SPACE_AUTHOR_NAME (and SPACE_ID, "owner/name"). A Space owned by an organization
    has the organization's name there, which no one signs in as: list the members in JD_OWNERS.
    """
    listed = [name for name in re.split(r"[,\s]+", env.get("JD_OWNERS", "")) if name]
    if listed:
        return tuple(listed)
    author = env.get("SPACE_AUTHOR_NAME", "").strip() or env.get("SPACE_ID", "").partition("/")[0].strip()
    return (author,) if author else ()


@dataclass(frozen=True)
class Settings:
    backend: str = "auto"
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    model: str = ""
    provider: str = ""
    hf_token: str = field(default="", repr=False)
    local_model: str = ""
    fallback_to_local: bool = True
    first_token_timeout: float = 60.0
    stall_timeout: float = 30.0
    retries: int = 2
    retry_backoff: float = 1.0
    max_tokens: int = 400
    temperature: float = 0.3
    seed: int | None = None
    data_dir: Path = Path("data")
    feedback_dataset: str = ""
    # Streams at once: a remote backend is I/O-bound, so many; the embedded model still answers
    # one at a time, the others waiting in its line (jd/streaming.py) and told their place.
    concurrency: int = 128
    queue_size: int = 256
    rate_limit_per_minute: int = 0
    preload_local: bool = True
    max_body_bytes: int = 1_048_576  # bigger HTTP request bodies get 413 (jd/http_limits.py)
    on_space: bool = False
    # Extra "N more" requests when the first answer has fewer than 6 duties (0 turns top-ups off).
    topup_requests: int = 2
    # Model-drafted role summary: "auto" uses it only for models measured reliable (jd/summary.py).
    model_summary: str = "auto"
    # House style (jd/profile.py) and a folder of templates overriding the built-in ones (jd/render.py).
    company_profile: Path | None = None
    templates_dir: Path | None = None
    # The MCP server at /gradio_api/mcp/ (the tools in jd/mcp.py); JD_MCP=0 turns it off.
    mcp_server: bool = True
    # Who may see the feedback report in the page (jd/owner.py): whoever types this token, and these
    # Hugging Face users signed in (JD_OWNERS, else the Space's owner).
    admin_token: str = field(default="", repr=False)
    # The key that encrypts saved work in the visitor's browser (jd/ui_recruiter.py); "": one kept in data_dir.
    browser_secret: str = field(default="", repr=False)
    owners: tuple[str, ...] = ()

    def __post_init__(self):
        if self.model_summary not in MODEL_SUMMARY_CHOICES:
            raise ConfigError(
                f"JD_MODEL_SUMMARY must be one of {', '.join(MODEL_SUMMARY_CHOICES)}, not {self.model_summary!r}."
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        on_space = bool(env.get("SPACE_ID"))
        backend = env.get("JD_BACKEND", "auto").strip().lower() or "auto"
        if backend not in BACKEND_CHOICES:
            raise ConfigError(f"JD_BACKEND must be one of {', '.join(BACKEND_CHOICES)}, not {backend!r}.")
        rate_default = "10" if on_space else "0"
        model_summary = env.get("JD_MODEL_SUMMARY", "auto").strip().lower() or "auto"
        return cls(
            backend=backend,
            base_url=env.get("JD_BASE_URL", "").strip(),
            api_key=env.get("JD_API_KEY", "").strip(),
            model=env.get("JD_MODEL", "").strip(),
            provider=env.get("JD_PROVIDER", "").strip(),
            hf_token=(env.get("HF_TOKEN") or env.get("HUGGING_FACE_HUB_TOKEN") or "").strip(),
            local_model=env.get("JD_LOCAL_MODEL", "").strip(),
            fallback_to_local=_flag(env.get("JD_FALLBACK", "1"), "JD_FALLBACK"),
            first_token_timeout=_number(env.get("JD_TIMEOUT", "60"), "JD_TIMEOUT", float, 0.1),
            stall_timeout=_number(env.get("JD_STALL_TIMEOUT", "30"), "JD_STALL_TIMEOUT", float, 0.1),
            retries=_number(env.get("JD_RETRIES", "2"), "JD_RETRIES", int, 0),
            retry_backoff=_number(env.get("JD_RETRY_BACKOFF", "1.0"), "JD_RETRY_BACKOFF", float, 0),
            max_tokens=_number(env.get("JD_MAX_TOKENS", "400"), "JD_MAX_TOKENS", int, 16),
            temperature=_number(env.get("JD_TEMPERATURE", "0.3"), "JD_TEMPERATURE", float, 0),
            seed=_number(env["JD_SEED"], "JD_SEED", int, 0) if env.get("JD_SEED", "").strip() else None,
            data_dir=Path(env.get("JD_DATA_DIR", "data")),
            feedback_dataset=env.get("JD_FEEDBACK_DATASET", "").strip(),
            concurrency=_number(env.get("JD_CONCURRENCY", "128"), "JD_CONCURRENCY", int, 1),
            queue_size=_number(env.get("JD_QUEUE_SIZE", "256"), "JD_QUEUE_SIZE", int, 1),
            rate_limit_per_minute=_number(env.get("JD_RATE_LIMIT", rate_default), "JD_RATE_LIMIT", int, 0),
            preload_local=_flag(env.get("JD_PRELOAD", "1"), "JD_PRELOAD"),
            max_body_bytes=_number(env.get("JD_MAX_BODY_BYTES", "1048576"), "JD_MAX_BODY_BYTES", int, 1024),
            on_space=on_space,
            topup_requests=_number(env.get("JD_TOPUP_REQUESTS", "2"), "JD_TOPUP_REQUESTS", int, 0),
            model_summary=model_summary,
            company_profile=_existing(env.get("JD_COMPANY_PROFILE", ""), "JD_COMPANY_PROFILE", folder=False),
            templates_dir=_existing(env.get("JD_TEMPLATES_DIR", ""), "JD_TEMPLATES_DIR", folder=True),
            mcp_server=_flag(env.get("JD_MCP", "1"), "JD_MCP"),
            admin_token=_admin_token(env.get("JD_ADMIN_TOKEN", "")),
            browser_secret=env.get("JD_BROWSER_SECRET", "").strip(),
            owners=_owners(env),
        )

    def replace(self, **changes) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Settings(**values)
