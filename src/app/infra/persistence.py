"""The database a service runs on, as modules see it: one handle, chosen by DATABASE_URL.

A module builds its adapters with `database.choose(sql=..., mongo=..., memory=...)`,
naming a factory for each kind of database it supports; the platform runs migrations,
health checks and transactions on the same handle.
"""

import asyncio
import random
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, ClassVar, Literal

from app.kernel.errors import UnavailableError

if TYPE_CHECKING:
    from app.infra.database import SqlDatabase
    from app.infra.memory import MemoryDatabase
    from app.infra.modules import MongoCollection
    from app.infra.mongo import MongoDatabase

Kind = Literal["sql", "mongo", "memory"]
ATTEMPTS = 5
_JITTER = random.SystemRandom()
_KIND_NAMES = {"sql": "SQL (SQLite, PostgreSQL)", "mongo": "MongoDB", "memory": "memory://"}


class UnsupportedDatabaseError(Exception):
    """A module has no adapter for the database DATABASE_URL selects."""

    def __init__(self, port: str, database: str, supported: Sequence[Kind]) -> None:
        names = ", ".join(_KIND_NAMES[kind] for kind in supported) or "no database"
        super().__init__(f"has no {port} adapter for {database}; it supports {names}")


class TransientConflictError(Exception):
    """A transaction met a concurrent one; running it again may succeed."""


class Database(ABC):
    """Base of the database handles. Nothing connects until first used."""

    kind: ClassVar[Kind]
    name: str  # what to call it in messages: "SQLite", "PostgreSQL", "MongoDB", "memory"

    def choose[R](
        self,
        port: type[R],
        *,
        sql: "Callable[[SqlDatabase], R] | None" = None,
        mongo: "Callable[[MongoDatabase], R] | None" = None,
        memory: "Callable[[MemoryDatabase], R] | None" = None,
    ) -> R:
        """Build the adapter of `port` with the factory for this kind of database; raise
        UnsupportedDatabaseError when the caller named none for it."""
        factories: dict[Kind, Callable[..., R] | None] = {
            "sql": sql,
            "mongo": mongo,
            "memory": memory,
        }
        factory = factories[self.kind]
        if factory is None:
            supported = [kind for kind, given in factories.items() if given is not None]
            raise UnsupportedDatabaseError(port.__name__, self.name, supported)
        return factory(self)

    async def transaction[T](self, work: Callable[[], Awaitable[T]]) -> T:
        """The Transaction port (app.kernel.transaction) on this database."""
        if self.in_transaction():
            return await work()  # joins the transaction already open in this task
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self.begin():
                    return await work()
            except TransientConflictError as exc:
                if attempt == ATTEMPTS:
                    raise UnavailableError(
                        "The database is busy with conflicting writes; retry."
                    ) from exc.__cause__
                await asyncio.sleep(_JITTER.uniform(0.005, 0.02) * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    @abstractmethod
    def begin(self) -> AbstractAsyncContextManager[None]:
        """One attempt at a transaction: commit on exit, undo on an exception. Raises
        TransientConflictError when a concurrent transaction got in the way."""

    @abstractmethod
    def in_transaction(self) -> bool:
        """Whether the current task is inside `transaction()`."""

    @abstractmethod
    async def ping(self) -> None:
        """Raise UnavailableError unless the database answers."""

    @abstractmethod
    async def migrate(self, collections: "Sequence[MongoCollection]") -> None:
        """Bring the schema up to date; idempotent. SQL databases run the Alembic
        migrations (every module's tables); MongoDB creates `collections`' indexes."""

    @abstractmethod
    async def close(self) -> None:
        """Release the connections; the handle is not used again."""
