"""HTTP end to end: the real app, through its lifespan, on a real database."""

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from app.main import create_app, open_persistence, promote_user
from tests.conftest import make_settings

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def real_database_url(request: pytest.FixtureRequest) -> str:
    from tests.conftest import empty_postgres

    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    url = str(request.getfixturevalue("postgres_url"))
    empty_postgres(url)
    return url


@pytest.fixture
async def client(real_database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(real_database_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


Promote = Callable[[str], Awaitable[None]]


@pytest.fixture
def promote(real_database_url: str) -> Promote:
    """Make a registered user an admin, as an operator does (the CLI's use case)."""

    async def run(email: str) -> None:
        persistence = open_persistence(make_settings(real_database_url))
        try:
            await promote_user(persistence.users)(email)
        finally:
            await persistence.close()

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
