"""Liveness and readiness probes."""

from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.infra.problems import responses, unavailable_response
from app.kernel.errors import UnavailableError

Ping = Callable[[], Awaitable[None]]


def health_router(ping: Ping) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

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
            await ping()
        except UnavailableError as exc:
            return unavailable_response(str(exc))
        return {"status": "ok"}

    return router
