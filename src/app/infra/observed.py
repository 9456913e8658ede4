"""What the access log and the metrics both watch: each HTTP request's final status and
how long the app took to answer it."""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ObservedRequests:
    """ASGI middleware that calls `observed` once per HTTP request, after the answer:
    with the status sent (500 when the app failed before answering) and the seconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

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
            self.observed(scope, status, time.perf_counter() - start)

    def observed(self, scope: Scope, status: int, seconds: float) -> None:
        raise NotImplementedError
