"""SQL databases: what the adapters call (`SqlDatabase`), and SQLite.

Adapters run SQLAlchemy Core statements through `SqlDatabase.one/all/execute/scalar`;
they never open connections themselves. Outside a transaction each statement
autocommits on its own: a read is one round trip, with no BEGIN/ROLLBACK around it.
Inside `transaction()` every statement of the task runs on the transaction's
connection. PostgreSQL runs the same statements on asyncpg (app.infra.postgres).
"""

import asyncio
from abc import abstractmethod
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sqlalchemy import Executable, MetaData, event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from app.infra.config import Settings
from app.infra.persistence import Database, Kind
from app.kernel.errors import UnavailableError

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

    from app.infra.modules import MongoCollection

# Constraint names every module's tables get, so migrations name them the same on every
# database and autogenerate can compare them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Params = Mapping[str, Any]
Row = Mapping[str, Any]  # a result row: its columns by name
NOT_MIGRATED = "The database has no tables yet: run `python -m app migrate` (make migrate)."


def new_metadata() -> MetaData:
    """The MetaData of one module's tables."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class SqlDatabase(Database):
    """What SQL adapters run their statements on. Integrity violations (a unique index)
    arrive as SQLAlchemy's IntegrityError, whatever the driver."""

    kind: ClassVar[Kind] = "sql"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        # The connection of the task's transaction, if one is open (`bound`).
        self._current: ContextVar[Any] = ContextVar(f"{type(self).__name__}_tx", default=None)

    def in_transaction(self) -> bool:
        return self._current.get() is not None

    @contextmanager
    def bound(self, connection: Any) -> Iterator[None]:
        """Every statement of this task runs on `connection` until the block ends."""
        token = self._current.set(connection)
        try:
            yield
        finally:
            self._current.reset(token)

    @abstractmethod
    async def one(self, statement: Executable, params: Params | None = None) -> Row | None:
        """The first row of the result, or None."""

    @abstractmethod
    async def all(self, statement: Executable, params: Params | None = None) -> Sequence[Row]: ...

    @abstractmethod
    async def execute(
        self, statement: Executable, params: Params | Sequence[Params] | None = None
    ) -> int:
        """Run a write (once per mapping when `params` is a list); return the number of
        rows it matched."""

    @abstractmethod
    async def scalar(self, statement: Executable, params: Params | None = None) -> Any: ...

    async def ping(self) -> None:
        await self.scalar(text("SELECT 1"))

    async def migrate(self, collections: "Sequence[MongoCollection]") -> None:
        from app.infra import migrate  # Alembic loads only when migrating

        # Alembic runs its own event loop, so it gets a thread of its own.
        with unavailable_on_driver_errors():
            await asyncio.to_thread(migrate.upgrade, self._settings)


def open_sql(settings: Settings) -> SqlDatabase:
    if settings.async_database_url.startswith("postgresql"):
        from app.infra.postgres import PostgresDatabase

        return PostgresDatabase(settings)
    return SqliteDatabase(settings)


class SqliteDatabase(SqlDatabase):
    """SQLite through SQLAlchemy's async engine on aiosqlite."""

    name = "SQLite"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.engine = create_sqlite_engine(settings)

    async def one(self, statement: Executable, params: Params | None = None) -> Row | None:
        async with self._connection() as conn:
            return cast(Row | None, (await conn.execute(statement, params)).mappings().first())

    async def all(self, statement: Executable, params: Params | None = None) -> Sequence[Row]:
        async with self._connection() as conn:
            return cast(Sequence[Row], (await conn.execute(statement, params)).mappings().all())

    async def execute(
        self, statement: Executable, params: Params | Sequence[Params] | None = None
    ) -> int:
        async with self._connection() as conn:
            return (await conn.execute(statement, params)).rowcount

    async def scalar(self, statement: Executable, params: Params | None = None) -> Any:
        async with self._connection() as conn:
            return await conn.scalar(statement, params)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[None]:
        with unavailable_on_driver_errors():
            async with self.engine.connect() as conn:
                # See _begin_immediately: the write lock from the start.
                await conn.execution_options(isolation_level="SERIALIZABLE")
                async with conn.begin():
                    with self.bound(conn):
                        yield

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator["AsyncConnection"]:
        current = self._current.get()
        if current is not None:
            yield current
            return
        with unavailable_on_driver_errors():
            async with self.engine.connect() as conn:
                yield conn


def create_sqlite_engine(settings: Settings) -> "AsyncEngine":
    """The engine of an SQLite DATABASE_URL: autocommit unless a transaction begins.
    (Imported here: a service on PostgreSQL runs on asyncpg and never loads it.)"""
    from sqlalchemy.ext.asyncio import create_async_engine

    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        settings.async_database_url,
        # How long a writer waits for another one's lock before a 503.
        connect_args={"timeout": settings.db_timeout_seconds},
        isolation_level="AUTOCOMMIT",
        pool_reset_on_return=None,  # nothing to roll back between autocommitted statements
        hide_parameters=True,  # bound values (emails, password hashes) stay out of logs
    )
    event.listen(engine.sync_engine, "connect", _tune_sqlite)
    event.listen(engine.sync_engine, "begin", _begin_immediately)
    return engine


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; writers wait for each other (busy timeout)
    # instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediately(conn: Any) -> None:
    # SQLite's default BEGIN takes locks on first use; a transaction that reads and then
    # writes can then fail at once with "database is locked" when another writer got
    # ahead. BEGIN IMMEDIATE queues for the write lock up front, on the busy timeout.
    # Autocommitted statements "begin" too, in SQLAlchemy's bookkeeping only: skip them.
    if conn.get_execution_options().get("isolation_level") == "SERIALIZABLE":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def unavailable_on_driver_errors() -> Iterator[None]:
    """Turn a lost or refused database connection into UnavailableError (HTTP 503)."""
    try:
        yield
    except DBAPIError as exc:
        if "no such table" in str(exc.orig) or getattr(exc.orig, "sqlstate", None) == "42P01":
            raise UnavailableError(NOT_MIGRATED) from exc
        if isinstance(exc, (OperationalError, InterfaceError)):
            raise UnavailableError from exc
        # No statement: the connection itself failed (unknown database or role, server
        # starting or stopping). Errors of a statement are bugs and stay errors.
        if exc.statement is None or exc.connection_invalidated:
            raise UnavailableError from exc
        raise
    except (PoolTimeoutError, OSError, TimeoutError) as exc:
        raise UnavailableError from exc
