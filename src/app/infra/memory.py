"""The memory:// database: tables in dicts, for unit tests and demos.

Each operation of a MemoryTable runs without awaiting, so on one event loop it is atomic,
like a single database statement. A transaction keeps an undo log and replays it
backwards when the block fails: its writes are all kept or all undone. Other tasks see
them before the commit (no isolation), which is fine for tests and demos only.
"""

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, ClassVar

from app.infra.persistence import Database, Kind

if TYPE_CHECKING:
    from app.infra.modules import MongoCollection

Undo = Callable[[], None]
_MISSING = object()


class MemoryTable[K, V]:
    """A dict whose writes take part in the database's transactions."""

    def __init__(self, database: "MemoryDatabase") -> None:
        self._rows: dict[K, V] = {}
        self._database = database

    def get(self, key: K) -> V | None:
        return self._rows.get(key)

    def __contains__(self, key: K) -> bool:
        return key in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._rows))

    def values(self) -> Iterator[V]:
        return iter(list(self._rows.values()))

    def put(self, key: K, value: V) -> None:
        previous = self._rows.get(key, _MISSING)
        self._rows[key] = value
        self._database.record(lambda: self._restore(key, previous))

    def pop(self, key: K) -> V | None:
        previous = self._rows.pop(key, _MISSING)
        if previous is _MISSING:
            return None
        self._database.record(lambda: self._restore(key, previous))
        return previous  # type: ignore[return-value]  # not _MISSING here

    def _restore(self, key: K, previous: object) -> None:
        if previous is _MISSING:
            self._rows.pop(key, None)
        else:
            self._rows[key] = previous  # type: ignore[assignment]  # a V put earlier


class MemoryDatabase(Database):
    kind: ClassVar[Kind] = "memory"
    name = "memory://"

    def __init__(self) -> None:
        self._tables: dict[str, MemoryTable[object, object]] = {}
        self._undo: ContextVar[list[Undo] | None] = ContextVar("memory_tx", default=None)

    def table[K, V](self, name: str) -> MemoryTable[K, V]:
        """The table called `name`, created empty on first use."""
        return self._tables.setdefault(name, MemoryTable(self))  # type: ignore[return-value]

    def record(self, undo: Undo) -> None:
        log = self._undo.get()
        if log is not None:
            log.append(undo)

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[None]:
        log: list[Undo] = []
        token = self._undo.set(log)
        try:
            yield
        except BaseException:
            for undo in reversed(log):
                undo()
            raise
        finally:
            self._undo.reset(token)

    def in_transaction(self) -> bool:
        return self._undo.get() is not None

    async def ping(self) -> None:
        return None

    async def migrate(self, collections: "Sequence[MongoCollection]") -> None:
        return None

    async def close(self) -> None:
        return None
