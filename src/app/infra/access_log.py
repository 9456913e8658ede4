"""The access log: one line per request, written without going through `logging`.

uvicorn's own access line costs a logging record, a formatter and a JSON renderer per
request, a tenth of the CPU of a fast read. This middleware writes the same kind of line
(JSON in staging and production, readable in dev) straight to the log stream, after the
answer is sent: method, path (no query string: it may carry secrets), status, duration.
uvicorn's access logger is kept silent (app.infra.logging), so ACCESS_LOG=false means no
access line at all, under `python -m app serve` and the uvicorn command alike.
"""

import json
import sys
import time
from datetime import UTC, datetime
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class AccessLog:
    def __init__(self, app: ASGIApp, json_lines: bool, stream: TextIO | None = None) -> None:
        self.app = app
        self.json_lines = json_lines
        self.stream = stream or sys.stdout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # what the client sees if the app fails before answering
        start = time.perf_counter()

        async def send_and_record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record_status)
        finally:
            self._write(scope, status, (time.perf_counter() - start) * 1000)

    def _write(self, scope: Scope, status: int, millis: float) -> None:
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        method, path = scope["method"], scope["path"]
        if self.json_lines:
            line = json.dumps(
                {
                    "event": "request",
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": round(millis, 2),
                    "level": "info",
                    "logger": "app.access",
                    "timestamp": now,
                }
            )
        else:
            line = f"{now} [info     ] {method} {path} {status} {millis:.1f}ms [app.access]"
        self.stream.write(line + "\n")
        self.stream.flush()
