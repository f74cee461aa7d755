"""jd/gradio_tuning.py: each shortcut gives what Gradio itself gives, so a Gradio upgrade that changes
what a shortcut relies on fails here, not in front of visitors."""

from __future__ import annotations

import copy
import inspect
import subprocess
import sys
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


def test_lazy_configs_behave_as_a_dict():
    built = []

    class Config:
        blocks: ClassVar = {1: "a", 2: "b", 3: "c"}

        @staticmethod
        def config_for_block(key, rendered, block):
            built.append(key)
            return {"id": key, "props": {"block": block}}

    configs = LazyConfigs(Config, [1, 2, 3])
    assert len(configs) == 3 and 2 in configs and 4 not in configs and built == []
    assert configs[2] == {"id": 2, "props": {"block": "b"}} and built == [2]
    configs[3] = {"id": 3, "replaced": True}
    assert configs.get(3) == {"id": 3, "replaced": True} and configs.get(4, "none") == "none"
    assert built == [2]
    assert list(configs) == [1, 2, 3] and built == [2, 1]  # the order of the page, each built once
    assert [value["id"] for value in configs.values()] == [1, 2, 3]


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
