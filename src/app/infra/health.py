"""Liveness and readiness probes."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.infra.problems import responses, unavailable_response
from app.kernel.errors import UnavailableError

Check = Callable[[], Awaitable[None]]


def health_router(checks: Sequence[Check], timeout_seconds: float) -> APIRouter:
    """/health/live, and /health/ready running `checks` (the database's ping, each
    module's) at once: 503 when one fails or they have not all answered in time."""
    router = APIRouter(prefix="/health", tags=["health"])
    abandoned: set[asyncio.Future[list[None]]] = set()

    def forget(probe: asyncio.Future[list[None]]) -> None:
        abandoned.discard(probe)
        if not probe.cancelled():
            probe.exception()  # a check that failed after all: nobody is waiting for it

    async def run_checks() -> None:
        # Answer within the deadline: a check cut off may take longer to clean up (a
        # driver cancelling its query on the server), so it is left to finish alone.
        probe = asyncio.gather(*(check() for check in checks))
        done, _ = await asyncio.wait({probe}, timeout=timeout_seconds)
        if not done:
            probe.cancel()
            abandoned.add(probe)
            probe.add_done_callback(forget)
            raise UnavailableError(f"The checks did not answer within {timeout_seconds:g} s.")
        probe.result()

    @router.get("/live", summary="Liveness: the process serves requests")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/ready",
        summary="Readiness: the database answers",
        responses=responses(503),
        response_model=dict[str, str],
    )
    async def ready() -> JSONResponse | dict[str, str]:
        try:
            await run_checks()
        except UnavailableError as exc:
            return unavailable_response(str(exc))
        return {"status": "ok"}

    return router
