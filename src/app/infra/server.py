"""The HTTP protocol `python -m app serve` runs: uvicorn's, with the request head bounded
where it is parsed.

uvicorn's HTTP/1.1 protocol (httptools) keeps whatever a client sends before the end of
the headers, and waits for it as long as it takes: ten requests of 50 MB of headers take
half a gigabyte, and a few hundred clients that stop half-way hold their connections for
ever. LimitedHttpToolsProtocol refuses, and closes the connection:

- a request line and headers larger than MAX_HEAD_BYTES: 431 (counted as the bytes
  arrive, so that one endless header line is stopped too);
- a URL longer than MAX_URL_BYTES: 414;
- a request head not complete HEAD_TIMEOUT_SECONDS after the connection opened or the
  request began: 408 (a connection that sent nothing is closed without an answer);
- what is not HTTP at all: 400, as uvicorn answers it, but as a problem document.

Bodies are bounded by app.infra.http_limits (ASGI), which holds under any server.
"""

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

if TYPE_CHECKING:
    import asyncio

    from app.infra.config import Settings


@dataclass(frozen=True, slots=True)
class HeadLimits:
    max_head_bytes: int
    max_url_bytes: int
    timeout_seconds: float

    @classmethod
    def of(cls, settings: "Settings") -> "HeadLimits":
        return cls(settings.max_head_bytes, settings.max_url_bytes, settings.head_timeout_seconds)


def refusal(status: int, detail: str) -> bytes:
    """A whole HTTP response carrying a problem document, closing the connection."""
    phrase = HTTPStatus(status).phrase
    body = json.dumps(
        {"type": "about:blank", "title": phrase, "status": status, "detail": detail}
    ).encode()
    head = (
        f"HTTP/1.1 {status} {phrase}\r\ncontent-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\nx-content-type-options: nosniff\r\n"
        "cache-control: no-store\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the request head bounded (see the module)."""

    limits: ClassVar[HeadLimits | None] = None  # set by `python -m app serve`, else Settings()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if LimitedHttpToolsProtocol.limits is None:  # a --reload worker process
            from app.infra.config import Settings

            LimitedHttpToolsProtocol.limits = HeadLimits.of(Settings())
        self._limits = LimitedHttpToolsProtocol.limits
        self.url = b""  # uvicorn sets it when a request begins
        self._in_head = True
        self._head_bytes = 0  # received while a head is incomplete
        self._head_size = 0  # of the current request's line and headers, as parsed
        self._message_completed = False
        self._refused = False
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: "asyncio.Transport") -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._message_completed = False
        super().data_received(data)
        if self._refused or self.transport.is_closing():
            return
        if self._message_completed:
            # This read also held the end of the previous request: count from the next.
            self._head_bytes = 0
        elif self._in_head:  # a head not complete yet: what the parser holds on to
            self._head_bytes += len(data)
            self._check_head_size(self._head_bytes)

    # Parser callbacks: each does nothing once the request is refused.
    def on_message_begin(self) -> None:
        if not self._refused:
            super().on_message_begin()
            self._in_head = True
            self._head_size = 0
            self._start_head_timer()

    def on_url(self, url: bytes) -> None:
        if self._refused:
            return
        super().on_url(url)
        self._head_size += len(url)
        if len(self.url) > self._limits.max_url_bytes:
            limit = self._limits.max_url_bytes
            self._refuse(414, f"The URL is longer than the limit of {limit} bytes.")

    def on_header(self, name: bytes, value: bytes) -> None:
        if self._refused:
            return
        self._head_size += len(name) + len(value) + 4  # ": " and CRLF
        if self._check_head_size(self._head_size):
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if self._refused:
            return
        self._in_head = False
        self._head_bytes = 0
        self._stop_head_timer()
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._refused:
            return
        super().on_message_complete()
        self._in_head = True
        self._message_completed = True

    def _check_head_size(self, size: int) -> bool:
        if size <= self._limits.max_head_bytes:
            return True
        limit = self._limits.max_head_bytes
        self._refuse(431, f"The request line and headers are larger than {limit} bytes.")
        return False

    def _start_head_timer(self) -> None:
        self._stop_head_timer()
        self._head_timer = self.loop.call_later(self._limits.timeout_seconds, self._head_timed_out)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._in_head or self.transport.is_closing():
            return
        if self._head_bytes or self.url:
            timeout = self._limits.timeout_seconds
            self._refuse(408, f"The request head did not arrive within {timeout:g} s.")
        else:  # nothing sent: nobody to answer
            self._refused = True
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """What the parser cannot read gets a problem document too, not plain text."""
        self._refused = True
        self._stop_head_timer()
        self.transport.write(refusal(400, msg))
        self.transport.close()

    def _refuse(self, status: int, detail: str) -> None:
        self._refused = True
        self._stop_head_timer()
        self.logger.warning("Refused a request from %s: %s", self.client, detail)
        self.transport.write(refusal(status, detail))
        self.transport.close()
