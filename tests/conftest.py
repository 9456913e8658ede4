"""Fixtures shared by every suite: settings and throwaway databases.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local server, trust auth). Each test
run creates its own database and drops it afterwards. When the server cannot be reached the
PostgreSQL tests skip with the reason, except under CI=true, where they fail.

MongoDB: the Mongo adapter always runs on an in-process fake (`mongo-fake`), and also on a
real server (`mongo`) when TEST_MONGODB_URL names one, as in the CI integration job; without
it those tests skip, saying so. Under CI=true a named but unreachable server fails them.
"""

import asyncio
import os
import secrets
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app.infra.config import Settings
from app.infra.migrate import upgrade
from app.infra.mongo import create_client as create_mongo_client
from app.infra.mongo import ping as mongo_ping
from app.kernel.errors import UnavailableError
from app.main import Persistence, open_persistence
from tests.fakes import FakeMongoClient

MONGODB_URL = os.environ.get("TEST_MONGODB_URL", "")
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
TEST_SECRET = "test-secret-" + "x" * 40


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for tests: cheap password hashing, no `.env` file."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "app_env": "dev",
        "jwt_secret": TEST_SECRET,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
        "log_level": "WARNING",
        **overrides,
    }
    return Settings(_env_file=None, **values)


def unreachable(reason: str) -> None:
    """Skip on a laptop without the server; fail in CI, where it must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _execute(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url, timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database of this test run's own, dropped at the end."""
    name = f"hexa_test_{secrets.token_hex(4)}"
    admin = _plain(POSTGRES_URL)
    try:
        asyncio.run(_execute(admin, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        unreachable(f"PostgreSQL at {POSTGRES_URL} is unreachable ({exc!r}); set TEST_POSTGRES_URL")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(make_settings(url))
    yield url
    asyncio.run(_execute(admin, f'DROP DATABASE "{name}" WITH (FORCE)'))


def empty_postgres(url: str) -> None:
    asyncio.run(_execute(_plain(url), "TRUNCATE users"))


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


async def _drop_users(url: str) -> None:
    client = create_mongo_client(make_settings(url))
    try:
        await mongo_ping(client)
        await client[make_settings(url).mongodb_database].drop_collection("users")
    finally:
        await client.close()


@pytest.fixture(scope="session")
def real_mongodb_url() -> str:
    """TEST_MONGODB_URL, checked to answer."""
    if not MONGODB_URL:
        pytest.skip(
            "no real MongoDB here: set TEST_MONGODB_URL=mongodb://host:27017/db to run the "
            "Mongo adapter against one (the CI integration job does); the in-process fake "
            "ran the same tests"
        )
    try:
        asyncio.run(_drop_users(MONGODB_URL))
    except UnavailableError as exc:
        unreachable(f"MongoDB at {MONGODB_URL} is unreachable ({exc.__cause__!r})")
    return MONGODB_URL


@dataclass(frozen=True)
class Backend:
    """One database the service supports, to be opened empty by a test."""

    url: str
    mongo_client: Callable[[], Any] | None = None  # builds the Mongo client, fake or real

    def open(self) -> Persistence:
        client = self.mongo_client() if self.mongo_client is not None else None
        return open_persistence(make_settings(self.url), mongo_client=client)

    def wipe(self) -> None:
        if self.url.startswith("postgresql"):
            empty_postgres(self.url)
        elif self.url.startswith("sqlite"):
            with closing(sqlite3.connect(self.url.partition(":///")[2])) as conn, conn:
                conn.execute("DELETE FROM users")
        elif self.mongo_client is not FakeMongoClient and self.url.startswith("mongodb"):
            asyncio.run(_drop_users(self.url))


# The stores the service is deployed on; `backend` adds memory:// (unit tests, demos).
SERVER_BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    "mongo-fake",
    pytest.param("mongo", marks=pytest.mark.mongodb),
]


@pytest.fixture(params=["memory", *SERVER_BACKENDS])
def backend(request: pytest.FixtureRequest) -> Backend:
    """Every adapter of the UserRepository port, each on an empty store."""
    return backend_named(request.param, request)


def backend_named(name: str, request: pytest.FixtureRequest) -> Backend:
    if name == "sqlite":
        return Backend(str(request.getfixturevalue("sqlite_url")))
    if name == "postgres":
        url = str(request.getfixturevalue("postgres_url"))
        empty_postgres(url)
        return Backend(url)
    if name == "mongo-fake":
        return Backend("mongodb://in-process-fake/hexa_test", FakeMongoClient)
    if name == "mongo":
        url = str(request.getfixturevalue("real_mongodb_url"))
        asyncio.run(_drop_users(url))
        return Backend(url, partial(create_mongo_client, make_settings(url)))
    return Backend("memory://")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per distinct skip reason, with its count: nothing skips unnoticed."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons = Counter(str(report.longrepr[2]) for report in skipped)
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count} skipped: {reason.removeprefix('Skipped: ')}")
