"""Refuse HTTP request bodies above a size bound before they are read into memory.

Gradio 6.31 reads a request's whole body into memory with no limit: a 20 MB POST to
`/gradio_api/queue/join` or `/gradio_api/call/<api>` is accepted with 200 and parsed
before any of our checks run, and `/gradio_api/upload` takes files of any size. Our
largest legitimate request (feedback with a full job description) is a few hundred
kilobytes, so a bound of 1 MiB (JD_MAX_BODY_BYTES) costs nothing and stops one
visitor from making the app hold gigabytes.

`BodySizeLimit` is a plain ASGI middleware: a declared Content-Length over the bound
is refused with 413 before a byte of the body is read; a body without one (chunked)
is counted as it streams and refused as soon as it crosses the bound.
`limit_request_bodies(demo, max_bytes)` makes `demo.launch()` install it, which is
how Hugging Face Spaces start the app (`python app.py`).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware import Middleware

DEFAULT_MAX_BODY_BYTES = 1_048_576  # 1 MiB


def too_large_message(max_bytes: int) -> str:
    return (
        f"The request is too large: this app accepts at most {max_bytes:,} bytes per request. "
        "Shorten the text and try again."
    )


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body crosses the bound.

    An HTTPException, so FastAPI passes it through its body parsing (it turns other
    exceptions into a vague 400) and Starlette answers 413 with our message.
    """

    def __init__(self, max_bytes: int):
        super().__init__(status_code=413, detail=too_large_message(max_bytes))


class BodySizeLimit:
    """ASGI middleware: 413 for HTTP request bodies larger than `max_bytes`."""

    def __init__(self, app, max_bytes: int = DEFAULT_MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send)  # the body is never read
            return

        received = 0
        response_started = False

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message):
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if not response_started:  # a route that let it escape: answer here
                await self._refuse(send)

    async def _refuse(self, send) -> None:
        body = json.dumps({"detail": too_large_message(self.max_bytes)}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server rejects a malformed length itself
    return None


def limit_request_bodies(demo, max_bytes: int = DEFAULT_MAX_BODY_BYTES):
    """Make every `demo.launch(...)` serve the app behind BodySizeLimit; returns demo.

    Gradio builds its FastAPI app inside `launch()`, and FastAPI only accepts middleware
    before the first request, so the middleware goes in through launch's `app_kwargs`.
    Apps that mount the Blocks on their own FastAPI app add `BodySizeLimit` themselves.
    """
    launch = demo.launch

    @functools.wraps(launch)
    def launch_with_body_limit(*args: Any, app_kwargs: dict | None = None, **kwargs: Any):
        app_kwargs = dict(app_kwargs or {})
        app_kwargs["middleware"] = [Middleware(BodySizeLimit, max_bytes=max_bytes), *app_kwargs.get("middleware", [])]
        return launch(*args, app_kwargs=app_kwargs, **kwargs)

    demo.launch = launch_with_body_limit
    return demo
