"""Alembic environment: runs migrations on the async engine of DATABASE_URL.

The tables are the platform's (the event outbox) and every module's (`sql_metadata` of
each app/modules/*/module.py), so
`alembic revision --autogenerate -m "..."` compares all of them with the database. New
revisions get the next sequential id (0001, 0002, ...) unless `--rev-id` says otherwise.
`python -m app migrate` passes the URL in `config.attributes`; the bare `alembic`
command reads it from Settings, like the app.
"""

import asyncio
from collections.abc import Iterable
from typing import Any

from alembic import context
from alembic.operations import MigrationScript
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.infra.config import Settings
from app.main import discover_modules, sql_metadata

target_metadata = sql_metadata(discover_modules())
config = context.config


def _url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else Settings().async_database_url


def _next_revision_id(existing: Iterable[str]) -> str:
    numbers = [int(revision) for revision in existing if revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def _sequential_ids(context: MigrationContext, revision: Any, directives: list[Any]) -> None:
    script = directives[0]
    if isinstance(script, MigrationScript) and getattr(config.cmd_opts, "rev_id", None) is None:
        revisions = ScriptDirectory.from_config(config).walk_revisions()
        script.rev_id = _next_revision_id(r.revision for r in revisions)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        process_revision_directives=_sequential_ids,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_async_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_migrate)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
