"""Gradio settings and shortcuts that the serving benchmark (bench/bench_serving.py) showed to matter.

Gradio does some work for every new session (each API call is one) and every update it sends
that this page does not need. Each function here removes one such cost without changing what
Gradio does or returns; tests/test_gradio_tuning.py checks each against Gradio's own behaviour,
so an upgrade that changes what they rely on fails there.

`tune(demo, slots)` applies them. The shortcuts into Gradio's internals (lazy session configs,
stored signatures) are applied only on TESTED_GRADIO, the version they were written and tested
against: on any other, a warning says so and the app runs as Gradio itself does (slower under
load, nothing else changes). To move to a new Gradio: run tests/test_gradio_tuning.py, mirror
what changed, update TESTED_GRADIO and the fingerprints there, and measure again.
"""

from __future__ import annotations

import functools
import importlib.util
import inspect
import logging
import os
import sys
from collections.abc import Callable, Iterable
from copy import copy
from typing import Any

import gradio as gr
from gradio import state_holder

logger = logging.getLogger(__name__)

TESTED_GRADIO = "6.31.0"


def tune(demo: gr.Blocks, slots: int) -> None:
    run_many_events(demo, slots)  # a launch option of Gradio's own: right on every version
    skip_missing_matplotlib()  # Python's import rules only
    if gr.__version__ != TESTED_GRADIO:
        logger.warning(
            "Gradio %s is not %s, the version jd/gradio_tuning.py was written and tested against: its shortcuts "
            "into Gradio's internals (lazy session configs, stored signatures) are off, and the app runs as "
            "Gradio itself does. Run tests/test_gradio_tuning.py against this Gradio, then update TESTED_GRADIO.",
            gr.__version__,
            TESTED_GRADIO,
        )
        return
    cache_init_signatures(demo)
    build_session_configs_lazily()


def run_many_events(demo: gr.Blocks, slots: int) -> None:
    """Make `demo.launch()` run up to `slots` events at once (unless it is given max_threads).

    Gradio's queue runs at most `max_threads` events at once, async ones included (40 by
    default), whatever their concurrency limits say; it is a launch option, so it goes in here.
    """
    launch = demo.launch

    @functools.wraps(launch)
    def launch_with_slots(*args: Any, **kwargs: Any):
        kwargs.setdefault("max_threads", slots)
        return launch(*args, **kwargs)

    demo.launch = launch_with_slots  # type: ignore[method-assign]


def cache_init_signatures(demo: gr.Blocks) -> None:
    """Store each component class's `__init__` signature on it, where `inspect.signature` looks first.

    Gradio builds a component's config from `inspect.signature(cls.__init__)` each time: 25 ms of
    CPU for this page's blocks, 5 ms with the signatures stored. They are the same signatures.
    """
    for cls in {type(block) for block in demo.blocks.values()}:
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if inspect.isfunction(init) and not hasattr(init, "__signature__"):
                init.__signature__ = inspect.signature(init)  # type: ignore[attr-defined]


class LazyConfigs(dict):
    """`SessionState.config_values` with each block's config built when it is first read.

    Gradio builds the config of every block of the page for each new session, though a session
    reads only those of the outputs its events update (and all of them only for a deep link).
    For this page that was 9 ms of CPU, a quarter of the app's work per API call. The configs
    built are the same, from the session's own blocks at the time they are read; blocks the
    session replaces are rebuilt on replacement either way (SessionState.__setitem__).

    Reading one key (`[]`, `get`, `in`, `len`) builds at most that key's config; every other dict
    method (iteration, views, copy, pop, update, comparison, repr...) builds them all first, in
    the page's order, and then acts as dict does (tests/test_gradio_tuning.py checks every method).
    """

    def __init__(self, blocks_config: Any, ids: Iterable[int]):
        super().__init__()
        self._blocks_config = blocks_config
        self._order = list(ids)
        self._pending = set(self._order)

    def _build(self, key: int) -> None:
        self._pending.discard(key)
        config = self._blocks_config.config_for_block(key, [], self._blocks_config.blocks[key])
        super().__setitem__(key, config)

    def _build_all(self) -> None:
        if not self._pending:
            return
        for key in [key for key in self._order if key in self._pending]:
            self._build(key)
        built = dict(super().items())  # then in the page's order, as Gradio's dict is
        super().clear()
        super().update({key: built.pop(key) for key in self._order if key in built})
        super().update(built)

    def __getitem__(self, key: int) -> Any:
        if key in self._pending:
            self._build(key)
        return super().__getitem__(key)

    def __setitem__(self, key: int, value: Any) -> None:
        self._pending.discard(key)
        super().__setitem__(key, value)

    def __contains__(self, key: object) -> bool:
        return key in self._pending or super().__contains__(key)

    def get(self, key: int, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 (dict.get would skip the build)

    def __len__(self) -> int:
        return len(self._pending) + super().__len__()

    def clear(self) -> None:
        self._pending.clear()
        super().clear()

    def __eq__(self, other: object) -> bool:
        self._build_all()
        if isinstance(other, LazyConfigs):
            other._build_all()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # as dict's (defining __eq__ would otherwise drop it silently)

    @classmethod
    def fromkeys(cls, iterable: Iterable[Any], value: Any = None) -> dict:
        return dict.fromkeys(iterable, value)  # a plain dict: nothing to build


def _building_all(name: str) -> Callable[..., Any]:
    """dict's method `name`, on a LazyConfigs whose configs are all built first."""
    method = getattr(dict, name)

    @functools.wraps(method)
    def built_first(self: LazyConfigs, *args: Any, **kwargs: Any) -> Any:
        self._build_all()
        return method(self, *args, **kwargs)

    return built_first


# Every other dict method that reads or changes the configs as a whole.
_BUILD_ALL_FIRST = (
    "__iter__", "keys", "values", "items", "__reversed__", "__repr__", "copy", "pop", "popitem", "setdefault",
    "update", "__delitem__", "__or__", "__ror__", "__ior__", "__reduce__", "__reduce_ex__",
)  # fmt: skip
for _name in _BUILD_ALL_FIRST:
    setattr(LazyConfigs, _name, _building_all(_name))


class LazySessionState(state_holder.SessionState):
    """Gradio's SessionState (gradio/state_holder.py), with LazyConfigs for its config values."""

    def __init__(self, blocks: gr.Blocks):  # mirrors SessionState.__init__ of TESTED_GRADIO, checked by a test
        self.blocks_config = copy(blocks.default_config)
        ids = [key for key in self.blocks_config.blocks if key in blocks.blocks]
        self.config_values = LazyConfigs(self.blocks_config, ids)
        self.state_data: dict[int, Any] = {}
        self._state_ttl = {}
        self.is_closed = False
        self.STATE_TTL_WHEN_CLOSED = 1 if os.getenv("GRADIO_IS_E2E_TEST", None) else 3600


def build_session_configs_lazily() -> None:
    """Sessions that Gradio's StateHolder creates get a LazySessionState.

    That is every visitor's session and every API call's: gradio/state_holder.py looks the class
    up in its own module. Gradio also builds a SessionState through its own imported name in
    four places, which keep building every config as Gradio does: `Blocks.preprocess_data` and
    `Blocks.postprocess_data` when they are given no session (a Blocks called directly), the MCP
    server's `call_tool` (gradio/mcp.py) and `restore_session_state` (gradio/route_utils.py).
    tests/test_gradio_tuning.py lists every place and fails when Gradio adds or moves one.
    """
    state_holder.SessionState = LazySessionState  # type: ignore[misc]


def skip_missing_matplotlib() -> None:
    """When matplotlib is not installed, say so once in sys.modules, so `import matplotlib` fails at once.

    Gradio tries `import matplotlib` twice for every update it sends (to switch its backend
    around the call); without matplotlib each try searches sys.path again: 9.5 % of the app's
    CPU with 64 visitors streaming. A None entry makes the import raise ImportError at once,
    as Python documents; nothing changes where matplotlib is installed.
    """
    if "matplotlib" not in sys.modules and importlib.util.find_spec("matplotlib") is None:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]
