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
from datetime import UTC, datetime
from typing import TextIO

from starlette.types import ASGIApp, Scope

from app.infra.observed import ObservedRequests


class AccessLog(ObservedRequests):
    def __init__(self, app: ASGIApp, json_lines: bool, stream: TextIO | None = None) -> None:
        super().__init__(app)
        self.json_lines = json_lines
        self.stream = stream or sys.stdout

    def observed(self, scope: Scope, status: int, seconds: float) -> None:
        millis = seconds * 1000
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
