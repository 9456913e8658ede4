"""The Transaction port: several writes that succeed or fail together."""

from collections.abc import Awaitable, Callable
from typing import Protocol


class Transaction(Protocol):
    """Runs `work` atomically: `await transaction(work)`, work being an async function.

    Every repository call on the same database inside `work` takes part in it: when
    `work` returns, its writes are committed together and its result is returned; when it
    raises (or its task is cancelled), none of them remains and the error propagates.
    `work` called inside another transaction joins it.

    When the database reports a conflict with a concurrent transaction that a new attempt
    may not meet (MongoDB does where PostgreSQL waits for the other writer), everything is
    undone and `work` runs again, a few times, before UnavailableError. So `work` does
    database calls and computing only: hash passwords or call other services before.
    """

    async def __call__[T](self, work: Callable[[], Awaitable[T]]) -> T: ...
