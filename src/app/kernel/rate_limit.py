"""The RateLimiter port: how many attempts a key (an account, a client address) may make
in a window, against guessing and flooding."""

from dataclasses import dataclass
from typing import Protocol

from app.kernel.errors import DomainError


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `amount` attempts in any `seconds`-long window. `name` keeps the counts of
    different limits apart for the same key."""

    name: str
    amount: int
    seconds: int


class RateLimitedError(DomainError):
    """The limit is used up; `retry_after` seconds from now an attempt counts again."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts; retry in {retry_after} seconds.")
        self.retry_after = retry_after


class RateLimiter(Protocol):
    """Counts attempts per (limit, key) in a moving window.

    - `acquire` counts one attempt, or raises RateLimitedError (counting nothing) when the
      window already holds `amount`; of concurrent calls, no more than `amount` pass.
    - `check` raises RateLimitedError when the window is full, counting nothing;
      `count` counts one attempt and never raises: for limits on failures, checked
      before the attempt and counted only when it fails.
    """

    async def acquire(self, limit: Limit, key: str) -> None: ...

    async def check(self, limit: Limit, key: str) -> None: ...

    async def count(self, limit: Limit, key: str) -> None: ...
