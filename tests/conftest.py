"""Fixtures shared by every suite: settings and throwaway databases.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local server, trust auth). Each test
run creates its own database and drops it afterwards. When the server cannot be reached the
PostgreSQL tests skip with the reason, except under CI=true, where they fail.
"""

import asyncio
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app.infra.config import Settings
from app.infra.migrate import upgrade

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


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated, empty PostgreSQL database of its own for this test run."""
    name = f"hexa_test_{secrets.token_hex(4)}"
    admin = _plain(POSTGRES_URL)
    try:
        asyncio.run(_execute(admin, f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {POSTGRES_URL} is unreachable ({exc!r}); set TEST_POSTGRES_URL"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(make_settings(url))
    yield url
    asyncio.run(_execute(admin, f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _execute(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url, timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


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


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Every database the service supports, one test run each."""
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    url = str(request.getfixturevalue("postgres_url"))
    empty_postgres(url)
    return url


def wipe(url: str) -> None:
    """Empty the users table of a test database (memory:// starts empty anyway)."""
    if url.startswith("postgresql"):
        empty_postgres(url)
    elif url.startswith("sqlite"):
        with closing(sqlite3.connect(url.partition(":///")[2])) as conn, conn:
            conn.execute("DELETE FROM users")
