"""Bounds on a request's body, so that one client cannot take the memory or the time
that every other client needs. ASGI middleware: it holds however the app is served.

- A body larger than MAX_BODY_BYTES gets 413 before it is read: at once when its
  Content-Length says so, and as soon as the bytes received pass the limit otherwise
  (chunked). Nothing more of it is read.
- A body that has not all arrived BODY_TIMEOUT_SECONDS after the app asked for it gets
  408: a client trickling bytes cannot hold a connection and a task for ever.
- A response to a request whose body the app did not read to its end closes the
  connection, so that the rest of that body is never read either.

Each refusal is a problem document with `Connection: close`. The request head (line and
headers) is bounded where it is parsed: app.infra.server.
"""

import asyncio

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.infra.problems import problem_response

_CLOSE = {"Connection": "close"}


class BodyRefusedError(HTTPException):
    """Raised from `receive`: the framework passes HTTP exceptions through untouched, and
    the app's handler answers with the problem document."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(status, detail, headers=_CLOSE)


def too_large(limit: int) -> str:
    return f"The request body is larger than the limit of {limit} bytes."


def _body_of(scope: Scope) -> tuple[bool, int | None]:
    """Whether the request has a body, and the length its Content-Length announces."""
    has_body, declared = False, None
    for name, value in scope["headers"]:
        if name == b"content-length":
            declared = int(value) if value.isdigit() else None
            has_body = has_body or value != b"0"
        elif name == b"transfer-encoding":
            has_body = True
    return has_body, declared


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout_seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        unread, declared = _body_of(scope)
        if declared is not None and declared > self.max_bytes:
            # Before the app runs: the body is never read (nor, with `Expect:
            # 100-continue`, even sent).
            await problem_response(413, too_large(self.max_bytes), headers=_CLOSE)(
                scope, receive, send
            )
            return
        received = 0
        deadline: float | None = None

        async def limited_receive() -> Message:
            nonlocal unread, received, deadline
            if not unread:  # no body, or all of it read: waiting for a disconnect
                return await receive()
            if deadline is None:
                deadline = asyncio.get_running_loop().time() + self.timeout_seconds
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyRefusedError(
                    408, f"The request body did not arrive within {self.timeout_seconds:g} s."
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyRefusedError(413, too_large(self.max_bytes))
                unread = message.get("more_body", False)
            else:
                unread = False  # disconnected
            return message

        async def closing_send(message: Message) -> None:
            if message["type"] == "http.response.start" and unread:
                headers = list(message.get("headers", []))
                if (b"connection", b"close") not in headers:
                    message["headers"] = [*headers, (b"connection", b"close")]
            await send(message)

        await self.app(scope, limited_receive, closing_send)
