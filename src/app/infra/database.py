"""SQL databases (SQLite, PostgreSQL): the engine, statement execution and transactions.

Adapters run SQLAlchemy Core statements through `SqlDatabase`; they never open
connections themselves. Outside a transaction each statement autocommits on its own: a
read is one round trip, with no BEGIN/ROLLBACK around it. Inside `transaction()` every
statement of the task runs on the transaction's connection.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Executable, MetaData, RowMapping, event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from app.infra.config import Settings
from app.infra.persistence import Database, Kind, TransientConflictError
from app.kernel.errors import UnavailableError

if TYPE_CHECKING:
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
NOT_MIGRATED = "The database has no tables yet: run `python -m app migrate` (make migrate)."
_CONFLICTS = {"40001", "40P01"}  # serialization failure, deadlock: try the transaction again


def new_metadata() -> MetaData:
    """The MetaData of one module's tables."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class SqlDatabase(Database):
    """SQLite or PostgreSQL through one async SQLAlchemy engine."""

    kind: ClassVar[Kind] = "sql"

    def __init__(self, engine: AsyncEngine, settings: Settings) -> None:
        self.engine = engine
        self.name = "SQLite" if engine.dialect.name == "sqlite" else "PostgreSQL"
        self._settings = settings
        self._current: ContextVar[AsyncConnection | None] = ContextVar("sql_tx", default=None)
        # SQLite: take the write lock when the transaction starts, so two transactions
        # never deadlock upgrading read locks; writers queue on the busy timeout instead.
        self._isolation = "SERIALIZABLE" if self.name == "SQLite" else "READ COMMITTED"

    async def one(self, statement: Executable, params: Params | None = None) -> RowMapping | None:
        """The first row of the result, or None."""
        async with self._connection() as conn:
            return (await conn.execute(statement, params)).mappings().first()

    async def all(
        self, statement: Executable, params: Params | None = None
    ) -> Sequence[RowMapping]:
        async with self._connection() as conn:
            return (await conn.execute(statement, params)).mappings().all()

    async def execute(
        self, statement: Executable, params: Params | Sequence[Params] | None = None
    ) -> int:
        """Run a write (once per mapping when `params` is a list); return the number of
        rows it matched."""
        async with self._connection() as conn:
            return (await conn.execute(statement, params)).rowcount

    async def scalar(self, statement: Executable, params: Params | None = None) -> Any:
        async with self._connection() as conn:
            return await conn.scalar(statement, params)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[None]:
        with unavailable_on_driver_errors():
            async with self.engine.connect() as conn:
                await conn.execution_options(isolation_level=self._isolation)
                async with conn.begin():
                    token = self._current.set(conn)
                    try:
                        yield
                    finally:
                        self._current.reset(token)

    def in_transaction(self) -> bool:
        return self._current.get() is not None

    async def ping(self) -> None:
        await self.scalar(text("SELECT 1"))

    async def migrate(self, collections: "Sequence[MongoCollection]") -> None:
        from app.infra import migrate  # Alembic loads only when migrating

        # Alembic runs its own event loop, so it gets a thread of its own.
        with unavailable_on_driver_errors():
            await asyncio.to_thread(migrate.upgrade, self._settings)

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection]:
        current = self._current.get()
        if current is not None:
            yield current
            return
        with unavailable_on_driver_errors():
            async with self.engine.connect() as conn:
                yield conn


def open_sql(settings: Settings) -> SqlDatabase:
    return SqlDatabase(create_engine(settings), settings)


def create_engine(settings: Settings) -> AsyncEngine:
    """Build the engine for DATABASE_URL. Nothing connects until the first query.

    Connections autocommit unless a transaction asks otherwise (SqlDatabase.transaction).
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
        event.listen(engine.sync_engine, "begin", _begin_immediately)
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
            "timeout": settings.db_timeout_seconds,  # to connect
            # Every statement's deadline, in the client: a database that stops answering
            # (a partition drops packets and tells nobody) gives a 503 then, not a hang.
            "command_timeout": settings.db_timeout_seconds,
            # The same on the server, which also frees what a statement held.
            "server_settings": {"statement_timeout": str(int(settings.db_timeout_seconds * 1000))},
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
    """Turn a lost or refused database connection into UnavailableError (HTTP 503), and a
    transaction that lost a conflict (deadlock, serialization) into a transient one."""
    try:
        yield
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) in _CONFLICTS:
            raise TransientConflictError from exc
        if getattr(exc.orig, "sqlstate", None) == "42P01" or "no such table" in str(exc.orig):
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
