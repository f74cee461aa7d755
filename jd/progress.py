"""What the page tells a person while the model works: is the model still loading, how many duties are done.

Plain functions (no Gradio): the page words the messages (jd/ui_text.py).
"""

from __future__ import annotations

from .backends import choose_backends
from .embedded import get_embedded_server
from .parsing import parse_duties
from .settings import Settings


def finished_duties(text: str) -> int:
    """How many duties the model has finished in its growing text: the lines before the last line break
    (the line after it is still being written), counted by the app's one bullet rule."""
    done, _, _ = str(text or "").rpartition("\n")
    return len(parse_duties(done, limit=100)) if done.strip() else 0


def model_loading(settings: Settings) -> bool:
    """The first model to ask is the embedded one and it has not answered yet (it is loading)."""
    backends = choose_backends(settings)
    if not backends or backends[0].kind != "local" or backends[0].base_url:
        return False
    return not get_embedded_server(settings).ready
