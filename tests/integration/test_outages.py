"""When the database goes away, and comes back: every request that needs it gets a 503
with Retry-After within the configured deadline (DB_TIMEOUT_SECONDS), readiness says so,
and the service recovers by itself once the database answers again.

Real servers, a real partition: a TCP proxy between the app and the database that
stops forwarding anything (tests/tcp_proxy.py), and a MongoDB server process that is
stopped and started again.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from app.kernel.errors import UnavailableError
from app.main import create_app, open_database
from tests.backends import Backend, make_settings
from tests.integration.conftest import assert_problem, register, serving
from tests.mongo_server import running_server
from tests.tcp_proxy import TcpProxy, proxy_to

DEADLINE = 1.0  # DB_TIMEOUT_SECONDS of these tests
LOG_IN = {"username": "ada@example.com", "password": "correct horse battery staple"}


async def timed(request: asyncio.Future[httpx.Response] | object) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = await request  # type: ignore[misc]
    return response, time.monotonic() - started


async def recovered(client: httpx.AsyncClient, within: float = 15) -> bool:
    for _ in range(int(within / 0.2)):
        if (await client.get("/health/ready")).status_code == 200:
            return True
        await asyncio.sleep(0.2)
    return False


async def settled(proxy: TcpProxy) -> None:
    """Let what the partition left hanging end before the test's loop does: a driver's
    request to cancel a statement that timed out waits on the proxy for an answer."""
    proxy.cut = False
    proxy.drop_connections()
    await asyncio.sleep(0.2)


def through(proxy: TcpProxy, url: str) -> str:
    """The URL, to the proxy; for MongoDB, to that address only (a replica set member
    otherwise tells the driver its own address, and the driver goes around the proxy)."""
    proxied = make_url(url).set(host="127.0.0.1", port=proxy.port)
    if url.startswith("mongodb"):
        proxied = proxied.update_query_dict({"directConnection": "true"})
    return proxied.render_as_string(hide_password=False)


@pytest.fixture
async def partitioned(http_backend: Backend) -> AsyncIterator[tuple[httpx.AsyncClient, TcpProxy]]:
    """The app on PostgreSQL or MongoDB through a proxy that can cut it off."""
    url = make_url(http_backend.url)
    with proxy_to(url.host or "127.0.0.1", url.port or 5432) as proxy:
        settings = make_settings(through(proxy, http_backend.url), db_timeout_seconds=DEADLINE)
        async with serving(create_app(settings)) as client:
            yield client, proxy
            await settled(proxy)


@pytest.mark.parametrize("http_backend", ["postgres", "mongo"], indirect=True)
async def test_a_partitioned_database_is_a_quick_503_then_the_service_recovers(
    partitioned: tuple[httpx.AsyncClient, TcpProxy],
) -> None:
    client, proxy = partitioned
    assert (await register(client)).status_code == 201

    proxy.cut = True
    log_in, log_in_took = await timed(client.post("/api/v1/auth/token", data=LOG_IN))
    ready, ready_took = await timed(client.get("/health/ready"))
    proxy.cut = False

    assert_problem(log_in, 503)
    assert log_in.headers["retry-after"] == "5"
    assert log_in_took < DEADLINE + 0.5
    assert_problem(ready, 503)
    assert ready_took < DEADLINE + 0.5
    assert ready.headers["retry-after"] == "5"
    assert await recovered(client)
    assert (await client.post("/api/v1/auth/token", data=LOG_IN)).status_code == 200


@pytest.mark.parametrize("http_backend", ["postgres", "mongo"], indirect=True)
async def test_a_transaction_cut_off_ends_within_the_deadline(http_backend: Backend) -> None:
    url = make_url(http_backend.url)
    with proxy_to(url.host or "127.0.0.1", url.port or 5432) as proxy:
        settings = make_settings(through(proxy, http_backend.url), db_timeout_seconds=DEADLINE)
        database = open_database(settings)
        try:
            await database.ping()  # a connection in the pool
            proxy.cut = True
            started = time.monotonic()
            with pytest.raises(UnavailableError):
                async with database.begin():
                    await database.ping()
            took = time.monotonic() - started
        finally:
            await settled(proxy)
            await database.close()

    assert took < DEADLINE + 0.5


@pytest.mark.parametrize("http_backend", ["postgres", "mongo"], indirect=True)
async def test_the_first_request_after_a_database_restart_is_served(
    partitioned: tuple[httpx.AsyncClient, TcpProxy],
) -> None:
    """Every pooled connection was closed by the restart while the app was idle: the
    first request must not be the one that finds out (and gets a 503)."""
    client, proxy = partitioned
    assert (await register(client)).status_code == 201
    assert (await client.post("/api/v1/auth/token", data=LOG_IN)).status_code == 200

    proxy.drop_connections()
    await asyncio.sleep(0.3)

    assert (await client.post("/api/v1/auth/token", data=LOG_IN)).status_code == 200
    assert (await client.get("/health/ready")).status_code == 200


@pytest.mark.parametrize("http_backend", ["postgres"], indirect=True)
async def test_readiness_answers_within_its_own_deadline(http_backend: Backend) -> None:
    """The probe's deadline (READY_TIMEOUT_SECONDS), not the requests' (DB_TIMEOUT_SECONDS):
    a kubelet waits a second or so, not as long as a request may."""
    url = make_url(http_backend.url)
    with proxy_to(url.host or "127.0.0.1", url.port or 5432) as proxy:
        settings = make_settings(
            through(proxy, http_backend.url), db_timeout_seconds=3, ready_timeout_seconds=0.5
        )
        async with serving(create_app(settings)) as client:
            assert (await client.get("/health/ready")).status_code == 200
            proxy.cut = True
            ready, took = await timed(client.get("/health/ready"))
            await settled(proxy)

    assert_problem(ready, 503)
    assert took < 1.5


async def test_a_stopped_mongodb_is_a_quick_503_and_a_restarted_one_is_used_again(
    tmp_path: Path,
) -> None:
    with running_server(tmp_path / "first.log") as address:
        settings = make_settings(f"mongodb://{address}/outage", db_timeout_seconds=DEADLINE)
        port = int(address.rpartition(":")[2])
        app = create_app(settings)
        async with serving(app) as client:
            await app.state.platform.database.migrate([])
            assert (await register(client)).status_code == 201
    # The server is stopped: an app started now serves, and answers 503 in time.
    async with serving(create_app(settings)) as client:
        log_in, took = await timed(client.post("/api/v1/auth/token", data=LOG_IN))
        assert_problem(log_in, 503)
        assert took < DEADLINE + 2
        with running_server(tmp_path / "second.log", port=port):
            assert await recovered(client)
            assert (await register(client)).status_code == 201  # a new, empty server
