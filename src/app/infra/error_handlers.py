"""How exceptions become problem answers (RFC 9457), in one place for every module.

Domain errors get the status of the route's error table (app.infra.routes); without an
entry there, a value object's error is a 422, a failed authentication a 401 and a used-up
rate limit a 429 with Retry-After. A domain
error that the route does not declare is a bug: it is logged and answered 500.
"""

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from app.infra.problems import ProblemError, problem_response, unavailable_response
from app.infra.routes import status_for
from app.kernel.errors import AuthenticationError, DomainError, InvalidValueError, UnavailableError
from app.kernel.rate_limit import RateLimitedError

log = structlog.get_logger(__name__)
_BEARER = {"WWW-Authenticate": "Bearer"}


async def _on_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)  # registered for DomainError only
    status = status_for(getattr(request.scope.get("route"), "endpoint", None), exc)
    if status is not None:
        return problem_response(status, str(exc), headers=_BEARER if status == 401 else None)
    if isinstance(exc, InvalidValueError):
        errors = [{"loc": [exc.field], "msg": str(exc), "type": "value_error"}]
        return problem_response(422, "The request is not valid; see `errors`.", errors=errors)
    if isinstance(exc, AuthenticationError):
        return problem_response(401, str(exc), headers=_BEARER)
    log.error("undeclared_domain_error", error=type(exc).__name__, path=request.url.path)
    return problem_response(500, "Something went wrong on our side.")


async def _on_rate_limited(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimitedError)
    return problem_response(429, str(exc), headers={"Retry-After": str(exc.retry_after)})


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.detail, headers=exc.headers)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = exc.headers
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    return problem_response(exc.status_code, exc.detail, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method of every route at this path. The router answers 405 from the first
    route whose path matches, so its `Allow` would list that route's methods alone
    (GET /users and POST /users are two routes)."""
    path = request.scope["path"]
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods and route.path_regex.fullmatch(path):
            methods |= route.methods
    return ", ".join(sorted(methods))


async def _on_invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
    detail = "The request is not valid; see `errors`."
    return problem_response(422, detail, errors=jsonable_encoder(errors))


async def _on_unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.warning("dependency_unavailable", error=repr(exc.__cause__ or exc))
    return unavailable_response(str(exc))


async def _on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", exc_info=exc)
    return problem_response(500, "Something went wrong on our side.")


def install_error_handlers(app: FastAPI) -> None:
    """Render domain, framework and unexpected errors as problem documents."""
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RateLimitedError, _on_rate_limited)
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_invalid)
    app.add_exception_handler(UnavailableError, _on_unavailable)
    app.add_exception_handler(Exception, _on_unexpected)
