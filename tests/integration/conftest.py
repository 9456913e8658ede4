"""HTTP end to end: the real app, through its lifespan, on a real database."""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from app.main import Persistence, create_app, promote_user
from tests.conftest import SERVER_BACKENDS, Backend, backend_named, make_settings

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=SERVER_BACKENDS)
def http_backend(request: pytest.FixtureRequest) -> Backend:
    """The databases the service is deployed on; memory:// is for unit tests only."""
    return backend_named(request.param, request)


@pytest.fixture
async def store(http_backend: Backend) -> Persistence:
    persistence = http_backend.open()
    await persistence.migrate()
    return persistence


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (start-up, then closing the store) around a client of it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
async def client(store: Persistence, http_backend: Backend) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(create_app(make_settings(http_backend.url), persistence=store)) as client:
        yield client


Promote = Callable[[str], Awaitable[None]]


@pytest.fixture
def promote(store: Persistence) -> Promote:
    """Make a registered user an admin, as an operator does (the CLI's use case)."""

    async def run(email: str) -> None:
        await promote_user(store.users)(email)

    return run


async def register(
    client: httpx.AsyncClient, email: str = "ada@example.com", name: str = "Ada Lovelace"
) -> httpx.Response:
    body = {"email": email, "password": PASSWORD, "full_name": name}
    return await client.post("/api/v1/users", json=body)


async def token_for(client: httpx.AsyncClient, email: str = "ada@example.com") -> str:
    response = await client.post(
        "/api/v1/auth/token", data={"username": email, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def signed_up(client: httpx.AsyncClient, email: str = "ada@example.com") -> tuple[str, str]:
    """Register `email` and log in; return the user's id and auth token."""
    created = await register(client, email)
    assert created.status_code == 201, created.text
    return str(created.json()["id"]), await token_for(client, email)


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["type"] == "about:blank"
    return body
