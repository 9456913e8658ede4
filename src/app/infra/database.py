"""SQLAlchemy async engine factory and the translation of driver outages."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.infra.config import Settings
from app.kernel.errors import UnavailableError


def create_engine(settings: Settings) -> AsyncEngine:
    """Build the engine for DATABASE_URL. Nothing connects until the first query.

    Connections autocommit: each statement is its own transaction, so a read is one round
    trip, with no BEGIN/ROLLBACK around it. Code that needs several statements in one
    transaction asks for it: `engine.execution_options(isolation_level="READ COMMITTED")`.
    """
    url = settings.async_database_url
    common: dict[str, Any] = {
        "isolation_level": "AUTOCOMMIT",
        "pool_reset_on_return": None,  # nothing to roll back between autocommitted statements
        "hide_parameters": True,  # bound values (emails, password hashes) stay out of logs
    }
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **common)
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return engine
    return create_async_engine(
        url,
        # A fixed pool: short statements make the checked-out count hover around
        # pool_size, and an overflow would open and close a connection per request.
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_timeout=settings.db_timeout_seconds,
        pool_recycle=1800,
        connect_args={
            "timeout": settings.db_timeout_seconds,
            # Enforced by the server: no per-query timer in the client.
            "server_settings": {"statement_timeout": "30000"},
        },
        **common,
    )


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; writers wait for each other (busy timeout)
    # instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


async def ping(engine: AsyncEngine) -> None:
    """Run `SELECT 1`; raise UnavailableError when the database does not answer."""
    with unavailable_on_driver_errors():
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))


@contextmanager
def unavailable_on_driver_errors() -> Iterator[None]:
    """Turn a lost or refused database connection into UnavailableError (HTTP 503)."""
    try:
        yield
    except (OperationalError, InterfaceError, PoolTimeoutError, OSError, TimeoutError) as exc:
        raise UnavailableError from exc
    except DBAPIError as exc:
        # No statement: the connection itself failed (unknown database or role, server
        # starting or stopping). Errors of a statement are bugs and stay errors.
        if exc.statement is None or exc.connection_invalidated:
            raise UnavailableError from exc
        raise
