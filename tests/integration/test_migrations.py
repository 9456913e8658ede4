"""The migrations build exactly the tables the modules declare, on SQLite and PostgreSQL:
a table changed without its migration fails here, not in production."""

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Integer, MetaData, Table
from sqlalchemy.ext.asyncio import create_async_engine

from app.infra.database import new_metadata
from app.main import sql_metadata
from tests.backends import MODULES

METADATA = sql_metadata(MODULES)


def differences(connection: Connection, metadata: list[MetaData]) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))  # type: ignore[arg-type]


async def differences_at(url: str, metadata: list[MetaData]) -> list[object]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(differences, metadata)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("fixture", ["sqlite_url", "postgres_url"])
def test_the_migrated_schema_is_exactly_what_the_modules_declare(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    url = str(request.getfixturevalue(fixture))

    assert asyncio.run(differences_at(url, METADATA)) == []


def test_a_table_changed_without_a_migration_is_a_difference(sqlite_url: str) -> None:
    drifted = new_metadata()
    Table("users", drifted, Column("id", Integer, primary_key=True))  # every column changed
    Table("planted", drifted, Column("id", Integer, primary_key=True))

    others = [metadata for metadata in METADATA if "users" not in metadata.tables]

    found = asyncio.run(differences_at(sqlite_url, [*others, drifted]))

    added = [d[1].name for d in found if isinstance(d, tuple) and d[0] == "add_table"]
    assert added == ["planted"]
    assert len(found) > 1  # and the columns of users
