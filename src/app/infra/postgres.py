"""PostgreSQL on asyncpg: the adapters' SQLAlchemy Core statements, compiled once and run
as prepared statements on a raw asyncpg pool.

What SQLAlchemy's async engine adds per statement (a greenlet bridge, result objects, an
isolation check at checkout) costs as much CPU as the query itself; here a read is one
`fetchrow` of a statement prepared once per connection. The adapters do not change:
they pass the same Core statements and parameters as on SQLite, and integrity errors
still arrive as SQLAlchemy's IntegrityError.
"""

import asyncio
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, cast
from weakref import WeakKeyDictionary

import asyncpg
from sqlalchemy import ClauseElement, Executable
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.compiler import SQLCompiler

from app.infra.config import Settings
from app.infra.database import NOT_MIGRATED, Params, Row, SqlDatabase
from app.infra.persistence import TransientConflictError
from app.kernel.errors import UnavailableError

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]
_EXPANDING = re.compile(r"IN \(__\[POSTCOMPILE_(\w+)\]\)")
_CONFLICTS = {"40001", "40P01"}  # serialization failure, deadlock: run the work again


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters, in $1, $2, ... order
    values: dict[str, Any]  # those the statement holds itself (`.values(x=1)`, `col + 1`)


class PostgresDatabase(SqlDatabase):
    name = "PostgreSQL"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._dsn = settings.async_database_url.replace("postgresql+asyncpg://", "postgresql://")
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()
        self._compiled: WeakKeyDictionary[Executable, _Compiled] = WeakKeyDictionary()

    async def one(self, statement: Executable, params: Params | None = None) -> Row | None:
        compiled, args = self._prepare(statement, params)
        async with self._connection() as conn:
            record: Row | None = await conn.fetchrow(compiled.sql, *args)
        return record

    async def all(self, statement: Executable, params: Params | None = None) -> Sequence[Row]:
        compiled, args = self._prepare(statement, params)
        async with self._connection() as conn:
            records: list[Row] = await conn.fetch(compiled.sql, *args)
        return records

    async def execute(
        self, statement: Executable, params: Params | Sequence[Params] | None = None
    ) -> int:
        if isinstance(params, Sequence):  # many rows at once
            compiled = self._compile(statement)
            rows = [[{**compiled.values, **p}[name] for name in compiled.names] for p in params]
            async with self._connection() as conn:
                await conn.executemany(compiled.sql, rows)
            return len(rows)
        compiled, args = self._prepare(statement, params)
        async with self._connection() as conn:
            status: str = await conn.execute(compiled.sql, *args)
        return int(status.rpartition(" ")[2] or 0)  # "UPDATE 1", "DELETE 0", "INSERT 0 1"

    async def scalar(self, statement: Executable, params: Params | None = None) -> Any:
        compiled, args = self._prepare(statement, params)
        async with self._connection() as conn:
            return await conn.fetchval(compiled.sql, *args)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[None]:
        async with self._acquired() as conn, conn.transaction(isolation="read_committed"):
            with self.bound(conn):
                yield

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        current = self._current.get()
        if current is not None:
            with _translated():
                yield current
            return
        async with self._acquired() as conn:
            yield conn

    @asynccontextmanager
    async def _acquired(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection, within the deadline, with errors translated."""
        pool = await self._open()
        with _translated():
            async with pool.acquire(timeout=self._settings.db_timeout_seconds) as conn:
                try:
                    yield conn
                except (TimeoutError, asyncpg.InterfaceError, OSError):
                    # Cut off by its deadline, or the link is gone: asyncpg would hold the
                    # release until the server acknowledged a cancel, a second deadline.
                    conn.terminate()
                    raise

    async def _open(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    with _translated():
                        self._pool = await self._create_pool()
        return self._pool

    async def _create_pool(self) -> asyncpg.Pool:
        timeout = self._settings.db_timeout_seconds
        return await asyncpg.create_pool(
            self._dsn,
            min_size=0,  # connect on demand: nothing connects before the first query
            max_size=self._settings.db_pool_size,
            timeout=timeout,  # to connect
            # Every statement's deadline, in the client: a database that stops answering
            # (a partition drops packets and tells nobody) gives a 503 then, not a hang.
            command_timeout=timeout,
            # The same on the server, which also frees what a statement held.
            server_settings={"statement_timeout": str(int(timeout * 1000))},
            max_inactive_connection_lifetime=1800,
            # asyncpg resets every connection it takes back (RESET ALL, UNLISTEN *, ...):
            # a round trip per statement here. Nothing here changes a session's state
            # (no SET, LISTEN, cursor or advisory lock), and asyncpg still rolls back a
            # transaction left open; so the reset itself is skipped.
            reset=_nothing_to_reset,
        )

    def _prepare(self, statement: Executable, params: Params | None) -> tuple[_Compiled, list[Any]]:
        compiled = self._compile(statement)
        values = {**compiled.values, **params} if params else compiled.values
        return compiled, [values[name] for name in compiled.names]

    def _compile(self, statement: Executable) -> _Compiled:
        found = self._compiled.get(statement)
        if found is None:
            found = self._compiled[statement] = _compile(statement)
        return found


async def _nothing_to_reset(connection: asyncpg.Connection) -> None:
    return None


def _compile(statement: Executable) -> _Compiled:
    """The SQL of `statement` for asyncpg; an expanding IN becomes `= ANY($n)`, one array."""
    compiled = cast(ClauseElement, statement).compile(dialect=_DIALECT)
    assert isinstance(compiled, SQLCompiler)  # noqa: S101  # Core statements only
    names = tuple(compiled.positiontup or ())
    expanding = [name for name in names if compiled.binds[name].expanding]
    ordered = tuple(name for name in names if name not in expanding) + tuple(expanding)
    sql = compiled.string
    for name in expanding:
        sql = sql.replace(f"IN (__[POSTCOMPILE_{name}])", f"= ANY(${ordered.index(name) + 1})")
    if _EXPANDING.search(sql):
        raise ValueError(f"cannot run {sql!r} on asyncpg")
    held = {
        name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required
    }
    return _Compiled(sql, ordered, held)


@contextmanager
def _translated() -> Iterator[None]:
    """asyncpg's errors as the platform's: unreachable or timed out, UnavailableError (503);
    a lost conflict, TransientConflictError (run again); a constraint, IntegrityError."""
    try:
        yield
    except asyncpg.IntegrityConstraintViolationError as exc:
        raise IntegrityError(None, None, exc) from exc
    except asyncpg.UndefinedTableError as exc:
        raise UnavailableError(NOT_MIGRATED) from exc
    except asyncpg.PostgresError as exc:
        if exc.sqlstate in _CONFLICTS:
            raise TransientConflictError from exc
        if exc.sqlstate[:2] in {"08", "28", "3D", "53", "57"}:  # connection, auth, db, load
            raise UnavailableError from exc
        raise
    except (asyncpg.InterfaceError, OSError, TimeoutError) as exc:
        raise UnavailableError from exc
