"""Health probes, problem documents for framework errors, and the OpenAPI contract."""

import asyncio

import httpx
import pytest
from sqlalchemy.engine import make_url

from app.__main__ import main
from app.main import create_app
from tests.backends import make_settings
from tests.integration.conftest import assert_problem, serving


async def test_liveness_and_readiness_are_ok_on_a_working_database(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok"}
    assert (await client.get("/health/ready")).json() == {"status": "ok"}


async def test_readiness_is_503_while_the_database_is_down() -> None:
    url = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    async with serving(create_app(make_settings(url))) as client:  # starts despite the outage
        live = await client.get("/health/live")
        ready = await client.get("/health/ready")
        read = await client.post(
            "/api/v1/auth/token",
            data={"username": "ada@example.com", "password": "whatever whatever"},
        )

    assert live.status_code == 200
    assert "unavailable" in str(assert_problem(ready, 503)["detail"])
    assert assert_problem(read, 503)
    assert read.headers["retry-after"] == "5"


async def test_unknown_routes_and_methods_answer_problem_documents(
    client: httpx.AsyncClient,
) -> None:
    assert_problem(await client.get("/nope"), 404)
    assert_problem(await client.put("/api/v1/users"), 405)
    assert_problem(await client.get("/api/v1/users/not-a-uuid"), 404)  # ids are UUIDs


async def test_openapi_documents_every_status_each_route_can_send(
    client: httpx.AsyncClient,
) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    def statuses(path: str, method: str) -> set[str]:
        return set(paths[path][method]["responses"])

    assert {"201", "409", "422"} <= statuses("/api/v1/users", "post")
    assert {"200", "401"} <= statuses("/api/v1/auth/token", "post")
    assert {"200", "401", "403", "422"} <= statuses("/api/v1/users", "get")
    assert {"200", "401", "403", "404"} <= statuses("/api/v1/users/{user_id}", "get")
    assert {"200", "401", "403", "404", "412", "422", "428"} <= statuses(
        "/api/v1/users/{user_id}", "patch"
    )
    assert {"204", "401", "403", "404"} <= statuses("/api/v1/users/{user_id}", "delete")
    assert {"200", "503"} <= statuses("/health/ready", "get")
    problem = paths["/api/v1/users"]["post"]["responses"]["409"]["content"]
    assert "application/problem+json" in problem
    description = paths["/api/v1/users"]["post"]["description"]
    assert "409" in description


@pytest.mark.parametrize(("part", "value"), [("database", "no_such_db"), ("username", "nobody")])
async def test_a_misconfigured_database_is_a_503_and_a_clear_cli_message(
    postgres_url: str,
    part: str,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    parsed = make_url(postgres_url)
    parsed = parsed.set(database=value) if part == "database" else parsed.set(username=value)
    url = parsed.render_as_string(hide_password=False)
    async with serving(create_app(make_settings(url))) as client:
        ready = await client.get("/health/ready")
    monkeypatch.setenv("DATABASE_URL", url)

    assert_problem(ready, 503)
    assert await asyncio.to_thread(main, ["migrate"]) == 1
    assert "does not exist" in capsys.readouterr().err
