"""Error tables of routes, and the OpenAPI responses derived from them.

A route declares beside itself which domain errors become which status:

    @router.post("/api/v1/things", status_code=201)
    @errors({ThingExistsError: 409})
    async def create_thing(...): ...

The problem handler (app.infra.problems) answers with that table. `document` then lists
in OpenAPI every status the route can send: its table's, its dependencies' (`answers`:
401 for authentication, 428 for If-Match, and the headers they require:
`requires_header`), and the framework's own: 400 for a body that
cannot be parsed, 422 for invalid input, 503 while the database is unreachable.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.infra.problems import responses

ErrorMap = Mapping[type[Exception], int]
_tables: dict[Callable[..., Any], ErrorMap] = {}
_answers: dict[Callable[..., Any], frozenset[int]] = {}
_headers: dict[Callable[..., Any], dict[str, Any]] = {}


def errors[F: Callable[..., Any]](table: ErrorMap) -> Callable[[F], F]:
    """Declare the route's error table: the domain errors it answers, with their status."""

    def declare(endpoint: F) -> F:
        _tables[endpoint] = table
        return endpoint

    return declare


def answers[F: Callable[..., Any]](*statuses: int) -> Callable[[F], F]:
    """Declare the problem statuses a dependency may answer (documented on every route
    that depends on it)."""

    def declare(dependency: F) -> F:
        _answers[dependency] = frozenset(statuses)
        return dependency

    return declare


def requires_header[F: Callable[..., Any]](name: str, description: str) -> Callable[[F], F]:
    """Document a request header the dependency requires (it reads the header itself, to
    answer its own status when the header is missing, not a 422)."""

    def declare(dependency: F) -> F:
        _headers[dependency] = {
            "name": name,
            "in": "header",
            "required": True,
            "description": description,
            "schema": {"type": "string", "minLength": 1},
        }
        return dependency

    return declare


def status_for(endpoint: Any, exc: Exception) -> int | None:
    """The status the endpoint's error table gives `exc`, or None."""
    for kind, status in _tables.get(endpoint, {}).items():
        if isinstance(exc, kind):
            return status
    return None


def document(router: APIRouter) -> APIRouter:
    """Add to each route's OpenAPI responses every problem status it can answer."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            missing = sorted(
                _statuses(route) - {int(s) for s in route.responses if str(s).isdigit()}
            )
            route.responses.update(responses(*missing))
            headers = [_headers[call] for call in _calls(route) if call in _headers]
            if headers:
                extra = route.openapi_extra or {}
                route.openapi_extra = {
                    **extra,
                    "parameters": [*extra.get("parameters", []), *headers],
                }
    return router


def _statuses(route: APIRoute) -> set[int]:
    statuses = set(_tables.get(route.endpoint, {}).values()) | {503}
    if route.body_field is not None:
        statuses |= {400, 422}
    for dependant in _flatten(route.dependant):
        if dependant.path_params or dependant.query_params or dependant.header_params:
            statuses.add(422)
    for call in _calls(route):
        statuses |= _answers.get(call, frozenset())
    return statuses


def _calls(route: APIRoute) -> Iterable[Callable[..., Any]]:
    for dependant in _flatten(route.dependant):
        call = getattr(dependant.call, "__func__", dependant.call)
        if call is not None:
            yield call


def _flatten(dependant: Dependant) -> Iterable[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _flatten(sub)
