"""The databases the tests run on, opened empty and wiped from the modules' own schema.

Nothing here names a table or a collection: the list comes from every module's
`module.py` (its SQL metadata and MongoDB collections), so a new module's tests get
clean stores without an edit here.
"""

import asyncio
import os
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app.infra.config import Settings
from app.infra.persistence import Database
from app.main import discover_modules, mongo_collections, open_database, sql_metadata

MODULES = discover_modules()
TEST_SECRET = "J3irzG1Qneok-zij2g0vPCtxzWnnm7aE2KHw_P_u9bRd6EO0"  # random, as production needs
MAIL_DIR = Path(tempfile.gettempdir()) / "hexa-monolith-test-mail"
TABLES = [t.name for metadata in sql_metadata(MODULES) for t in reversed(metadata.sorted_tables)]
COLLECTIONS = [collection.name for collection in mongo_collections(MODULES)]


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for tests: cheap password hashing, no `.env` file."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "app_env": "dev",
        "jwt_secret": TEST_SECRET,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
        "log_level": "WARNING",
        "mail_dir": MAIL_DIR,  # emails of tests that do not look at them
        **overrides,
    }
    return Settings(_env_file=None, **values)


def unreachable(reason: str) -> None:
    """Skip on a laptop without the server; fail in CI, where it must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def plain_postgres_url(url: str) -> str:
    """The URL as asyncpg takes it (no `+asyncpg` driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def execute_postgres(url: str, statement: str) -> None:
    conn = await asyncpg.connect(plain_postgres_url(url), timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _empty_mongo(url: str) -> None:
    database = open_database(make_settings(url))
    try:
        db = database.db  # type: ignore[attr-defined]  # a MongoDatabase here
        await asyncio.gather(*(db[name].delete_many({}) for name in COLLECTIONS))
    finally:
        await database.close()


@dataclass(frozen=True)
class Backend:
    """One database the service supports, to be opened empty by a test."""

    name: str  # memory, sqlite, postgres or mongo
    url: str

    def settings(self, **overrides: object) -> Settings:
        return make_settings(self.url, **overrides)

    def open(self) -> Database:
        return open_database(self.settings())

    def wipe(self) -> None:
        """Delete every row and document of every module (the schema stays)."""
        if self.name == "postgres" and TABLES:
            asyncio.run(execute_postgres(self.url, f"TRUNCATE {', '.join(TABLES)}"))
        elif self.name == "sqlite":
            with closing(sqlite3.connect(self.url.partition(":///")[2])) as conn, conn:
                for table in TABLES:
                    conn.execute(f'DELETE FROM "{table}"')  # noqa: S608  # names from metadata
        elif self.name == "mongo":
            asyncio.run(_empty_mongo(self.url))
