"""The outbox: events waiting for their subscribers, and how a relay takes them.

Publishing writes one row per subscriber of the event, in the transaction of the state
change. A relay claims rows (a lease, so one relay at a time handles a row, whatever
the number of replicas), hands each to its subscriber, and then deletes it and records
the event as handled, in one transaction. A failure is retried later with backoff;
after the last attempt the row is parked, for an operator to see and replay. Only the
oldest row of each (subscriber, key) is ever claimable: a subscriber sees the events of
one aggregate in the order they were published.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: UUID
    event_id: UUID
    subscriber: str
    type: str
    version: int
    key: str
    payload: str
    occurred_at: datetime
    attempts: int
    next_attempt_at: datetime
    last_error: str | None = None
    parked_at: datetime | None = None
    lease_until: datetime | None = None
    leased_by: str | None = None


class Outbox(ABC):
    """The outbox on one database. `add` must run inside a transaction."""

    @abstractmethod
    async def add(self, rows: Sequence[OutboxRow]) -> None: ...

    @abstractmethod
    async def claim(
        self, relay: str, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxRow]:
        """Lease up to `limit` rows due at `now`, each the oldest of its (subscriber,
        key) and leased by no other relay; oldest first."""

    @abstractmethod
    async def was_handled(self, subscriber: str, event_id: UUID) -> bool: ...

    @abstractmethod
    async def complete(self, row: OutboxRow, *, handled_at: datetime) -> None:
        """Delete the row and record its event as handled by its subscriber, together."""

    @abstractmethod
    async def release(self, row: OutboxRow, *, attempts: int, error: str, at: datetime) -> None:
        """Give the row back for another attempt at `at`."""

    @abstractmethod
    async def park(self, row: OutboxRow, *, attempts: int, error: str, now: datetime) -> None:
        """Stop retrying the row until an operator replays it."""

    @abstractmethod
    async def parked(self) -> list[OutboxRow]: ...

    @abstractmethod
    async def replay(self, row_id: UUID, *, now: datetime) -> bool:
        """Make a parked row due now, with its attempts reset; False if there is none."""

    @abstractmethod
    async def forget_handled(self, before: datetime) -> None:
        """Drop the record of events handled before `before`."""
