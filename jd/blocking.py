"""The one bridge from synchronous code (the command line, batch runs, benchmarks) to the async core.

The model is read by async generators (jd/streaming.py, jd/writing.py, jd/summary.py), which the
page and the API iterate on Gradio's event loop. Synchronous callers iterate the same generators
through `iterate_blocking`, so both go the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Generator
from typing import TypeVar

from .backends import close_async_client

T = TypeVar("T")


def iterate_blocking(agen: AsyncGenerator[T, None]) -> Generator[T, None, None]:
    """Drive an async generator from synchronous code, on a private event loop in this thread.

    Closing the returned generator (or leaving a `for` loop early) closes `agen` on that loop,
    so its connections close too. Not for use inside a running event loop: iterate `agen` there.
    """
    loop = asyncio.new_event_loop()
    step: asyncio.Future | None = None
    try:
        while True:
            step = asyncio.ensure_future(agen.__anext__(), loop=loop)
            try:
                item = loop.run_until_complete(step)
            except StopAsyncIteration:
                return
            yield item
    finally:
        try:
            if step is not None and not step.done():  # interrupted mid-step (e.g. Ctrl-C): unwind it
                step.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    loop.run_until_complete(step)
            with contextlib.suppress(RuntimeError):
                loop.run_until_complete(agen.aclose())
            loop.run_until_complete(close_async_client())
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
