"""HTTP end to end: the real app, through its lifespan, on a real database."""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.infra.persistence import Database
from app.kernel.clock import SystemClock
from app.main import create_app
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.module import user_repository
from tests.backends import Backend
from tests.conftest import SERVER_BACKENDS, backend_named

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=SERVER_BACKENDS)
def http_backend(request: pytest.FixtureRequest) -> Backend:
    """The databases the service is deployed on; memory:// is for unit tests only."""
    return backend_named(request.param, request)


@pytest.fixture
def database(http_backend: Backend) -> Database:
    """The app's database handle; the app closes it when its lifespan ends."""
    return http_backend.open()


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (start-up, then closing the store) around a client of it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
async def client(database: Database, http_backend: Backend) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(create_app(http_backend.settings(), database=database)) as client:
        yield client


AppClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def sqlite(request: pytest.FixtureRequest) -> Backend:
    """For what does not depend on the database: SQLite, the quickest to set up."""
    return backend_named("sqlite", request)


@pytest.fixture
def app_client(sqlite: Backend) -> AppClient:
    """`async with app_client(peer="192.0.2.1", **settings) as client`: a client of an
    app built with these settings (on SQLite), connecting from `peer`."""

    @asynccontextmanager
    async def client(
        peer: str = "192.0.2.10", **settings: object
    ) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(sqlite.settings(**settings), database=sqlite.open())
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=(peer, 4321))
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                yield http

    return client


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of an operator running `python -m app` on SQLite."""
    for name, value in {
        "APP_ENV": "dev",
        "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "LOG_LEVEL": "WARNING",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # away from any developer's .env


Promote = Callable[[str], Awaitable[None]]


@pytest.fixture
def promote(database: Database) -> Promote:
    """Make a registered user an admin, as an operator does (the CLI's use case)."""

    async def run(email: str) -> None:
        await PromoteUser(user_repository(database), SystemClock())(email)

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
