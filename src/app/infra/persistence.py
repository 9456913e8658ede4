"""The database a service runs on, as modules see it: one handle, chosen by DATABASE_URL.

A module builds its adapters with `database.choose(sql=..., mongo=..., memory=...)`,
naming a factory for each kind of database it supports; the platform runs migrations,
health checks and transactions on the same handle.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from app.infra.database import SqlDatabase
    from app.infra.memory import MemoryDatabase
    from app.infra.modules import Module
    from app.infra.mongo import MongoDatabase

Kind = Literal["sql", "mongo", "memory"]
_KIND_NAMES = {"sql": "SQL (SQLite, PostgreSQL)", "mongo": "MongoDB", "memory": "memory://"}


class UnsupportedDatabaseError(Exception):
    """A module has no adapter for the database DATABASE_URL selects."""

    def __init__(self, port: str, database: str, supported: Sequence[Kind]) -> None:
        names = ", ".join(_KIND_NAMES[kind] for kind in supported) or "no database"
        super().__init__(f"has no {port} adapter for {database}; it supports {names}")


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

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[None]:
        """The Transaction port (app.kernel.transaction) on this database."""

    @abstractmethod
    async def ping(self) -> None:
        """Raise UnavailableError unless the database answers."""

    @abstractmethod
    async def migrate(self, modules: "Sequence[Module]") -> None:
        """Bring the schema (tables, indexes) of every module up to date; idempotent."""

    @abstractmethod
    async def close(self) -> None:
        """Release the connections; the handle is not used again."""
