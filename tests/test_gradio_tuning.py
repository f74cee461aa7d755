"""jd/gradio_tuning.py: each shortcut gives what Gradio itself gives, so a Gradio upgrade that changes
what a shortcut relies on fails here, not in front of visitors."""

from __future__ import annotations

import ast
import copy
import hashlib
import inspect
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import ClassVar

import gradio as gr
import pytest
from gradio import state_holder

from jd import gradio_tuning
from jd.gradio_tuning import LazyConfigs, LazySessionState
from jd.settings import Settings
from jd.ui import build_app

# Gradio's own SessionState, whatever build_app has installed since.
GRADIO_SESSION_STATE = next(
    cls
    for cls in LazySessionState.__mro__
    if cls.__module__ == "gradio.state_holder" and cls.__name__ == "SessionState"
)


@pytest.fixture(scope="module")
def demo():
    settings = Settings(
        backend="openai", base_url="http://127.0.0.1:9/v1", preload_local=False, fallback_to_local=False
    )
    demo = build_app(settings)
    demo.config = demo.get_config_file()
    return demo


def test_new_sessions_are_lazy_sessions(demo):
    assert state_holder.SessionState is LazySessionState
    holder = state_holder.StateHolder()
    holder.set_blocks(demo)
    assert type(holder["some-session"]) is LazySessionState


def test_a_lazy_session_holds_what_gradios_session_holds(demo):
    ours, gradios = LazySessionState(demo), GRADIO_SESSION_STATE(demo)
    assert vars(ours).keys() == vars(gradios).keys()  # Gradio added or renamed an attribute: mirror it
    for name in vars(gradios):
        if name not in ("blocks_config", "config_values"):
            assert getattr(ours, name) == getattr(gradios, name), name
    assert ours.blocks_config.blocks == gradios.blocks_config.blocks
    assert len(ours.config_values) == len(gradios.config_values)
    assert list(ours.config_values.items()) == list(gradios.config_values.items())  # same configs, same order
    assert list(ours.components) == list(gradios.components)


def test_a_lazy_session_changes_as_gradios_does(demo):
    """The calls Gradio makes while it runs events (gradio/blocks.py), on both kinds of session."""
    ours, gradios = LazySessionState(demo), GRADIO_SESSION_STATE(demo)
    textbox = next(key for key, block in demo.blocks.items() if isinstance(block, gr.Textbox))
    markdown = next(key for key, block in demo.blocks.items() if isinstance(block, gr.Markdown))
    state = next(key for key, block in demo.blocks.items() if isinstance(block, gr.State))
    for session in (ours, gradios):
        session._update_value_in_config(textbox, "typed by the visitor")
        replaced = copy.copy(demo.blocks[markdown])
        replaced.visible = False
        session[markdown] = replaced
        session[state] = {"kept": True}
        session._update_config(markdown)
    assert ours.config_values[textbox]["props"]["value"] == "typed by the visitor"
    assert ours.config_values[markdown]["props"]["visible"] is False
    assert ours[state] == {"kept": True} and state in ours
    assert list(ours.config_values.items()) == list(gradios.config_values.items())


# The Gradio code LazySessionState mirrors, as TESTED_GRADIO has it: SessionState.__init__ (its AST, so
# comments and layout do not count), and every place that builds a session (module, function).
SESSION_INIT_AST_SHA256 = "b9c2a795cf8b6f2800eedacdabe5200af2debb777f32f8ec0c42995b1aab7430"
SESSION_BUILDERS = {
    ("gradio.state_holder", "StateHolder.__getitem__"),  # every visitor's and API call's session: lazy
    ("gradio.blocks", "Blocks.preprocess_data"),
    ("gradio.blocks", "Blocks.postprocess_data"),
    ("gradio.mcp", "GradioMCPServer.create_mcp_server.call_tool"),
    ("gradio.route_utils", "restore_session_state"),
}


def test_the_tuning_is_for_the_gradio_installed():
    assert gr.__version__ == gradio_tuning.TESTED_GRADIO  # an upgrade: check what follows, then update both


def test_gradios_session_code_is_the_code_mirrored():
    source = textwrap.dedent(inspect.getsource(GRADIO_SESSION_STATE.__init__))
    digest = hashlib.sha256(ast.dump(ast.parse(source)).encode()).hexdigest()
    assert digest == SESSION_INIT_AST_SHA256, "SessionState.__init__ changed: mirror it in LazySessionState"


def _session_builders() -> set[tuple[str, str]]:
    """(module, function) of every call of SessionState(...) in Gradio's source."""
    root = Path(gr.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)

        def visit(node: ast.AST, scope: tuple[str, ...], module: str = module) -> None:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                scope = (*scope, node.name)
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if called == "SessionState":
                    found.add((module, ".".join(scope)))
            for child in ast.iter_child_nodes(node):
                visit(child, scope)

        visit(ast.parse(path.read_text(encoding="utf-8")), ())
    return found


def test_every_place_gradio_builds_a_session_is_known_and_the_docstring_says_which_are_lazy(demo):
    assert _session_builders() == SESSION_BUILDERS
    doc = inspect.getdoc(gradio_tuning.build_session_configs_lazily) or ""
    for module, function in SESSION_BUILDERS - {("gradio.state_holder", "StateHolder.__getitem__")}:
        assert function.rsplit(".", 1)[-1] in doc, function
        # These build Gradio's own class through the name they imported: not lazy, as the docstring says.
        assert sys.modules[module].SessionState is GRADIO_SESSION_STATE, module
    assert state_holder.SessionState is LazySessionState and "four places" in doc


class _Config:
    """A stand-in blocks config that records which configs were built."""

    blocks: ClassVar = {1: "a", 2: "b", 3: "c"}

    def __init__(self) -> None:
        self.built: list[int] = []

    def config_for_block(self, key, rendered, block):
        self.built.append(key)
        return {"id": key, "props": {"block": block}}


def _pair() -> tuple[LazyConfigs, dict, _Config]:
    config = _Config()
    return (
        LazyConfigs(config, [1, 2, 3]),
        {key: {"id": key, "props": {"block": b}} for key, b in _Config.blocks.items()},
        config,
    )


def test_lazy_configs_behave_as_a_dict():
    configs, _, config = _pair()
    assert len(configs) == 3 and 2 in configs and 4 not in configs and config.built == []
    assert configs[2] == {"id": 2, "props": {"block": "b"}} and config.built == [2]
    configs[3] = {"id": 3, "replaced": True}
    assert configs.get(3) == {"id": 3, "replaced": True} and configs.get(4, "none") == "none"
    assert config.built == [2]
    assert list(configs) == [1, 2, 3] and config.built == [2, 1]  # the order of the page, each built once
    assert [value["id"] for value in configs.values()] == [1, 2, 3]


# dict's methods that need no config built: they read nothing (construction, hashing, size, ordering
# comparisons, which dicts do not support) or only one key (the lazy ones).
_NOTHING_OR_ONE_KEY = {"__new__", "__init__", "__getattribute__", "__class_getitem__", "__sizeof__", "__doc__"}
_NOTHING_OR_ONE_KEY |= {"__lt__", "__le__", "__gt__", "__ge__", "__getitem__", "__setitem__", "__contains__"}
_NOTHING_OR_ONE_KEY |= {"get", "__len__"}


def test_lazy_configs_cover_every_dict_method():
    """A dict method LazyConfigs does not override would see the configs not built yet."""
    missing = sorted(name for name in vars(dict) if name not in vars(LazyConfigs) and name not in _NOTHING_OR_ONE_KEY)
    assert missing == []


@pytest.mark.parametrize(
    "use",
    [
        lambda d: d.copy(),
        lambda d: (d.pop(2), d.pop(9, "none")),
        lambda d: d.popitem(),
        lambda d: (d.setdefault(1, "x"), d.setdefault(4, "new")),
        lambda d: d.update({2: "changed", 5: "added"}),
        lambda d: d.__delitem__(1),
        lambda d: d.clear(),
        lambda d: list(reversed(d)),
        lambda d: repr(d),
        lambda d: d | {7: "x"},
        lambda d: {7: "x"} | d,
        lambda d: d.__ior__({7: "x"}),
        lambda d: dict(d),
        lambda d: sorted(d.items()),
        lambda d: copy.copy(d),
        lambda d: copy.deepcopy(d),
        lambda d: pickle.loads(pickle.dumps(dict(d))),
        lambda d: (d == {}, d != {}),
    ],
)
def test_every_dict_method_sees_every_config(use):
    configs, eager, _ = _pair()
    result, expected = use(configs), use(eager)
    if isinstance(result, LazyConfigs):
        result = dict(result)
    assert result == expected or (result is None and expected is None)
    assert dict(configs.items()) == eager and len(configs) == len(eager)


def test_lazy_configs_compare_as_the_dicts_they_stand_for():
    configs, eager, _ = _pair()
    other, _, _ = _pair()
    assert configs == eager and eager == configs and configs == other and (configs != other) is False
    other[1] = "changed"
    assert configs != other and configs != {**eager, 1: "changed"}


def test_a_gradio_the_tuning_was_not_tested_against_gets_none_of_it_and_still_works():
    script = textwrap.dedent(
        """
        import logging, sys
        import gradio
        from gradio import state_holder
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        gradio.__version__ = "99.0.0"  # a Gradio jd/gradio_tuning.py was not written for
        gradios_own = state_holder.SessionState
        sys.path.insert(0, "tests")
        from launch import launched_app
        from jd.settings import Settings
        settings = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", preload_local=False,
                            fallback_to_local=False)
        with launched_app(settings) as app:
            details = app.client.predict({"title": "Night Baker"}, api_name="/job_details")
        print("sessions untouched:", state_holder.SessionState is gradios_own)
        print("app works:", "Night Baker" in details)
        """
    )
    root = Path(__file__).resolve().parents[1]
    env = {**__import__("os").environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=root, env=env
    )
    assert "sessions untouched: True" in result.stdout and "app works: True" in result.stdout, result.stderr[-3000:]
    assert "Gradio 99.0.0 is not 6.31.0, the version jd/gradio_tuning.py was written and tested against" in (
        result.stderr
    )


def test_stored_init_signatures_are_the_real_ones(demo):
    gradio_tuning.cache_init_signatures(demo)
    for cls in {type(block) for block in demo.blocks.values()}:
        init = cls.__init__
        if inspect.isfunction(init):
            stored = init.__signature__
            del init.__signature__
            try:
                assert stored == inspect.signature(init), cls
            finally:
                init.__signature__ = stored


def test_launch_runs_as_many_events_at_once_as_asked():
    calls = []

    with gr.Blocks() as demo:
        gr.Markdown("x")
    demo.launch = lambda *args, **kwargs: calls.append(kwargs)  # type: ignore[method-assign]
    gradio_tuning.run_many_events(demo, 160)
    demo.launch(prevent_thread_lock=True)
    demo.launch(max_threads=7)
    assert calls == [{"prevent_thread_lock": True, "max_threads": 160}, {"max_threads": 7}]


def test_without_matplotlib_its_import_fails_at_once_and_with_it_nothing_changes():
    script = (
        "import importlib.util, sys\n"
        "from jd.gradio_tuning import skip_missing_matplotlib\n"
        "installed = importlib.util.find_spec('matplotlib') is not None\n"
        "skip_missing_matplotlib()\n"
        "try:\n"
        "    import matplotlib\n"
        "    print('imported' if installed else 'WRONG: imported a missing package')\n"
        "except ImportError:\n"
        "    print('WRONG: blocked an installed package' if installed else 'refused')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() in ("imported", "refused"), result.stdout + result.stderr
