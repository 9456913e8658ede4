"""Fixtures shared by every suite: throwaway databases of every kind the service runs on.

- SQLite: a migrated file copied for each test.
- PostgreSQL: TEST_POSTGRES_URL (default: the local server, trust auth); each test run
  creates a database of its own and drops it at the end.
- Redis: TEST_REDIS_URL (default: database 15 of the local server), emptied per test.
- MongoDB: TEST_MONGODB_URL when set (the CI integration job's `mongo` service);
  otherwise a real wire-protocol server that the run starts on a free port and stops at
  the end (tests/mongo_server.py).

A server that cannot be had skips its tests with the reason, except under CI=true,
where they fail: CI never passes without them.
"""

import asyncio
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
import redis
from sqlalchemy.engine import make_url

from app.infra.migrate import upgrade
from app.kernel.errors import UnavailableError
from app.main import mongo_collections, open_database
from tests.backends import MODULES, Backend, execute_postgres, make_settings, unreachable
from tests.mongo_server import SERVER, running_server
from tests.smtp_server import MailServer, running_mail_server

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database of this test run's own, dropped at the end."""
    name = f"hexa_test_{secrets.token_hex(4)}"
    try:
        asyncio.run(execute_postgres(POSTGRES_URL, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        unreachable(f"PostgreSQL at {POSTGRES_URL} is unreachable ({exc!r}); set TEST_POSTGRES_URL")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(make_settings(url))
    yield url
    asyncio.run(execute_postgres(POSTGRES_URL, f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    upgrade(make_settings(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "app.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def mongodb_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A MongoDB database with every module's indexes, on TEST_MONGODB_URL's server or on
    a server started for this run."""
    if url := os.environ.get("TEST_MONGODB_URL"):
        yield _migrated_mongo(url)
        return
    if not SERVER.exists():
        unreachable(f"no MongoDB test server at {SERVER}: `make install` sets it up")
    with running_server(tmp_path_factory.mktemp("mongo") / "server.log") as address:
        yield _migrated_mongo(f"mongodb://{address}/hexa_test")


def _migrated_mongo(url: str) -> str:
    async def migrate() -> None:
        database = open_database(make_settings(url))
        try:
            await database.migrate(mongo_collections(MODULES))
        finally:
            await database.close()

    try:
        asyncio.run(migrate())
    except UnavailableError as exc:
        unreachable(f"MongoDB at {url} is unusable: {exc} ({exc.__cause__!r})")
    return url


@pytest.fixture
def redis_url() -> Iterator[str]:
    """TEST_REDIS_URL (default: database 15 of the local server), emptied before and
    after the test. Give the tests database numbers nothing else uses: each pytest-xdist
    worker takes the one below the last (15, 14, ...)."""
    base = make_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = base.set(database=str(int(base.database or 0) - worker)).render_as_string(False)
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as exc:
        client.close()
        unreachable(f"Redis at {url} is unreachable ({exc!r}); set TEST_REDIS_URL")
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on a free port, recording what it accepts."""
    with running_mail_server() as server:
        yield server


# The stores the service is deployed on; `backend` adds memory:// (unit tests, demos).
SERVER_BACKENDS = ["sqlite", "postgres", "mongo"]


@pytest.fixture(params=["memory", *SERVER_BACKENDS])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Every kind of database, each empty."""
    return backend_named(request.param, request)


def backend_named(name: str, request: pytest.FixtureRequest) -> Backend:
    if name == "sqlite":
        return Backend(name, str(request.getfixturevalue("sqlite_url")))
    if name == "memory":
        return Backend(name, "memory://")
    url = str(request.getfixturevalue({"postgres": "postgres_url", "mongo": "mongodb_url"}[name]))
    backend = Backend(name, url)
    backend.wipe()
    return backend


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per distinct skip reason, with its count: nothing skips unnoticed."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons = Counter(str(report.longrepr[2]) for report in skipped)
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count} skipped: {reason.removeprefix('Skipped: ')}")
