"""Rate limits over HTTP: 429 problems with Retry-After, a moving window, client
addresses from trusted proxies only, and one limit across processes through Redis."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.modules.user.domain.values import Email
from app.modules.user.module import user_repository
from tests.backends import TEST_SECRET, Backend
from tests.integration.conftest import PASSWORD, AppClient, assert_problem
from tests.processes import server_process


def sign_up(email: str) -> dict[str, str]:
    return {"email": email, "password": PASSWORD, "full_name": "Someone"}


def log_in_form(email: str, password: str = PASSWORD) -> dict[str, str]:
    return {"username": email, "password": password}


async def test_registrations_over_the_limit_get_429_and_create_nothing(
    app_client: AppClient, sqlite: Backend
) -> None:
    async with app_client(rate_limit_register_per_client="2/hour") as client:
        created = [
            await client.post("/api/v1/users", json=sign_up(f"u{i}@example.com")) for i in range(2)
        ]
        refused = await client.post("/api/v1/users", json=sign_up("third@example.com"))

    assert [r.status_code for r in created] == [201, 201]
    problem = assert_problem(refused, 429)
    assert "Too many attempts" in str(problem["detail"])
    assert 3500 <= int(refused.headers["retry-after"]) <= 3600
    database = sqlite.open()
    try:
        assert await user_repository(database).get_by_email(Email("third@example.com")) is None
    finally:
        await database.close()


async def test_password_reset_requests_are_limited_per_client(app_client: AppClient) -> None:
    async with app_client(rate_limit_password_reset_per_client="2/hour") as client:
        statuses = [
            (
                await client.post("/api/v1/auth/password-reset", json={"email": "a@example.com"})
            ).status_code
            for _ in range(3)
        ]
    async with app_client(
        peer="192.0.2.11", rate_limit_password_reset_per_client="2/hour"
    ) as other:
        elsewhere = await other.post("/api/v1/auth/password-reset", json={"email": "a@example.com"})

    assert statuses == [202, 202, 429]
    assert elsewhere.status_code == 202


async def test_failed_log_ins_block_an_account_for_the_window_only(app_client: AppClient) -> None:
    async with app_client(rate_limit_login_per_account="3/2 seconds") as client:
        assert (
            await client.post("/api/v1/users", json=sign_up("ada@example.com"))
        ).status_code == 201
        wrong = [
            await client.post(
                "/api/v1/auth/token", data=log_in_form("ada@example.com", "not the password")
            )
            for _ in range(3)
        ]
        blocked = await client.post("/api/v1/auth/token", data=log_in_form("ADA@example.com"))
        await asyncio.sleep(int(blocked.headers["retry-after"]) + 0.1)
        after_the_window = await client.post(
            "/api/v1/auth/token", data=log_in_form("ada@example.com")
        )

    assert [r.status_code for r in wrong] == [401, 401, 401]
    assert_problem(blocked, 429)
    assert 1 <= int(blocked.headers["retry-after"]) <= 2
    assert after_the_window.status_code == 200


async def test_x_forwarded_for_counts_only_from_a_trusted_proxy(app_client: AppClient) -> None:
    async def register(client: httpx.AsyncClient, email: str, forwarded: str) -> int:
        response = await client.post(
            "/api/v1/users", json=sign_up(email), headers={"X-Forwarded-For": forwarded}
        )
        return response.status_code

    async with app_client(rate_limit_register_per_client="1/hour") as direct:
        untrusted = [
            await register(direct, "a@example.com", "203.0.113.1"),
            await register(direct, "b@example.com", "203.0.113.2"),  # the header is ignored
        ]
    async with app_client(
        peer="10.0.0.5", rate_limit_register_per_client="1/hour", trusted_proxies="10.0.0.0/8"
    ) as proxied:
        trusted = [
            await register(proxied, "c@example.com", "203.0.113.1"),
            await register(proxied, "d@example.com", "203.0.113.2"),
            await register(proxied, "e@example.com", "203.0.113.1"),
            # A client prepending a fake address: the proxy's (last) entry is what counts.
            await register(proxied, "f@example.com", "198.51.100.1, 203.0.113.2"),
            await register(proxied, "g@example.com", "198.51.100.2, 203.0.113.3"),
        ]

    assert untrusted == [201, 429]
    assert trusted == [201, 201, 429, 429, 201]


@pytest.mark.parametrize(("store", "expected"), [("redis", 429), ("memory", 200)])
def test_replicas_share_one_limit_through_redis(
    store: str, expected: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Two processes, two failures on each: a limit of four holds only when they count
    together (REDIS_URL); each process's memory sees two."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
        "JWT_SECRET": TEST_SECRET,
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "RATE_LIMIT_LOGIN_PER_ACCOUNT": "4/15 minutes",
        "EVENTS_RELAY": "false",
        "LOG_LEVEL": "WARNING",
    }
    if store == "redis":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    subprocess.run(
        [sys.executable, "-m", "app", "migrate"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    with (
        server_process(env, tmp_path / "a.log") as first,
        server_process(env, tmp_path / "b.log") as second,
    ):
        assert (
            httpx.post(f"{first}/api/v1/users", json=sign_up("ada@example.com")).status_code == 201
        )
        for base in (first, first, second, second):
            response = httpx.post(
                f"{base}/api/v1/auth/token", data=log_in_form("ada@example.com", "not it at all")
            )
            assert response.status_code == 401
        answers = [
            httpx.post(f"{base}/api/v1/auth/token", data=log_in_form("ada@example.com")).status_code
            for base in (first, second)
        ]

    assert answers == [expected, expected]
