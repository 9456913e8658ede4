"""Alembic environment: runs migrations on the async engine of DATABASE_URL.

`python -m app migrate` passes the URL in `config.attributes`; the bare `alembic` command
(for `alembic revision --autogenerate`) reads it from Settings, like the app.
"""

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app.infra.config import Settings
from app.modules.user.adapters.outbound.sql.tables import metadata as user_metadata

target_metadata = [user_metadata]
config = context.config


def _url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else Settings().async_database_url


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
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
