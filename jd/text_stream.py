"""The model's text as it grows over one or more requests, handed out at a pace the server can bear.

`TextStream` is shared by the two things a model writes: the key responsibilities (jd/writing.py,
with its top-up requests) and the role summary (jd/summary.py). It counts itself in `STREAMING`
while it streams, because the more streams run at once, the less often each one sends an update
(jd/limits.py).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing

from .backends import Backend
from .limits import Gauge, update_interval
from .settings import Settings
from .streaming import Waiting, astream_events

logger = logging.getLogger(__name__)

# Streams sending text now, in this process: the more there are, the less often each updates (jd/limits.py).
STREAMING = Gauge()


def notify(on_notice: Callable[[str], None] | None, message: str) -> None:
    """Tell the person through `on_notice`; with nobody to tell, log it."""
    if on_notice is not None:
        on_notice(message)
    else:
        logger.warning("%s", message)


class TextStream:
    """The model's text, growing over one or more requests, handed out at most every `interval` seconds.

    `interval` None adapts it to the number of streams running (`jd.limits.update_interval`);
    the first text and the last are never held back. `answering` is the index in `backends` of
    the backend that answers: when a failing one hands over to the next, `on_handover(answering)`
    is told and the notice goes to `on_notice`. `waiting` is the request's place in the line of a
    one-at-a-time model while it waits (each change is handed out too), else None.
    """

    def __init__(
        self,
        backends: list[Backend],
        interval: float | None,
        on_notice: Callable[[str], None] | None = None,
        on_handover: Callable[[int], None] | None = None,
    ) -> None:
        self.backends = backends
        self.interval = interval
        self.on_notice = on_notice
        self.on_handover = on_handover
        self.answering = 0
        self.text = ""
        self.waiting: int | None = None
        self.pending = False  # text not handed out yet
        self._last_sent = -math.inf  # the first text is due at once, whatever the clock reads
        self._counted = False

    def _handover(self, message: str) -> None:
        self.answering += 1
        if self.on_handover is not None:
            self.on_handover(self.answering)
        notify(self.on_notice, message)

    def _due(self) -> bool:
        """Whether the text is to be handed out now (the interval since the last time has passed)."""
        now = time.monotonic()
        interval = self.interval if self.interval is not None else update_interval(STREAMING.value)
        if now - self._last_sent < interval:
            return False
        self._last_sent = now
        self.pending = False
        return True

    async def request(
        self, messages: list[dict], settings: Settings, full: Callable[[str], bool] | None = None
    ) -> AsyncGenerator[str, None]:
        """Adds one request's answer to the text; stops reading at a line's end once `full(text)` holds."""
        events = astream_events(self.backends[self.answering :], messages, settings, self._handover)
        self._count(True)  # from the start: a stream's setup costs the server as much as its updates
        try:
            async with aclosing(events) as pieces:
                async for delta in pieces:
                    if isinstance(delta, Waiting):  # waiting in line sends (almost) no updates
                        self._count(False)
                        self.waiting = delta.place
                        yield self.text
                        continue
                    self._count(True)
                    self.waiting = None
                    self.text += delta
                    self.pending = True
                    if full is not None and "\n" in delta and full(self.text[: self.text.rfind("\n") + 1]):
                        self.text = self.text[: self.text.rfind("\n") + 1]
                        break
                    if self._due():
                        yield self.text
        finally:
            self.waiting = None
            self._count(False)

    def _count(self, streaming: bool) -> None:
        """Counts this stream in STREAMING while it streams (the update interval depends on how many do)."""
        if streaming != self._counted:
            self._counted = streaming
            STREAMING.add(1 if streaming else -1)

    def end_line(self) -> None:
        """The next answer starts on a line of its own."""
        if self.text and not self.text.endswith("\n"):
            self.text += "\n"
            self.pending = True

    def flush(self) -> list[str]:
        """The text, if some of it was not handed out yet (`for text in stream.flush(): yield text`)."""
        if not self.pending:
            return []
        self.pending = False
        return [self.text]
