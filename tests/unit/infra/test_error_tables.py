"""Routes answer domain errors from their own error table, and OpenAPI documents every
status a route can answer, derived from that table and from what the route uses."""

from typing import Annotated

import httpx
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from app.infra.auth import Authentication
from app.infra.error_handlers import install_error_handlers
from app.infra.etags import ExpectedVersion
from app.infra.routes import document, errors
from app.kernel.auth import Caller
from app.kernel.errors import (
    AuthenticationError,
    ConflictError,
    InvalidValueError,
    NotFoundError,
)


class Body(BaseModel):
    name: str


def an_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter()
    auth = Authentication()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    @router.get("/mapped")
    @errors({ConflictError: 409})
    async def mapped() -> None:
        raise ConflictError("Already there.")

    @router.get("/undeclared")
    @errors({ConflictError: 409})
    async def undeclared() -> None:
        raise NotFoundError("No such thing.")

    @router.get("/invalid")
    async def invalid() -> None:
        raise InvalidValueError("name", "Enter a shorter name.")

    @router.get("/unauthenticated")
    async def unauthenticated() -> None:
        raise AuthenticationError

    @router.put("/things/{thing_id}")
    @errors({NotFoundError: 404, ConflictError: 412})
    async def replace(
        thing_id: int,
        body: Body,
        caller: Annotated[Caller, auth.required],
        version: ExpectedVersion,
    ) -> None:
        return None

    app.include_router(document(router))
    return app


async def get(path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=an_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path)


async def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing() -> None:
    response = await get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in response.text


async def test_a_domain_error_gets_the_status_of_the_routes_table() -> None:
    response = await get("/mapped")

    assert response.json() == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": "Already there.",
    }


async def test_a_domain_error_the_route_does_not_declare_is_a_500_not_a_guess() -> None:
    response = await get("/undeclared")

    assert response.status_code == 500
    assert "No such thing" not in response.text


async def test_a_value_objects_error_is_a_422_naming_the_field_on_every_route() -> None:
    response = await get("/invalid")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["name"], "msg": "Enter a shorter name.", "type": "value_error"}
    ]


async def test_a_failed_authentication_is_a_401_asking_for_a_bearer_token() -> None:
    response = await get("/unauthenticated")

    assert (response.status_code, response.headers["www-authenticate"]) == (401, "Bearer")


def test_openapi_lists_the_table_the_dependencies_and_the_framework_statuses() -> None:
    operation = an_app().openapi()["paths"]["/things/{thing_id}"]["put"]

    statuses = set(operation["responses"])

    # 404, 412: the table; 401: authentication; 428: If-Match; 400: an unparseable
    # body; 422: invalid input; 503: the database unreachable.
    assert statuses == {"200", "400", "401", "404", "412", "422", "428", "503"}
    problem = operation["responses"]["412"]["content"]["application/problem+json"]
    assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_a_route_without_input_documents_no_422_or_400() -> None:
    operation = an_app().openapi()["paths"]["/mapped"]["get"]

    assert set(operation["responses"]) == {"200", "409", "503"}
