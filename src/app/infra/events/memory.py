"""The outbox of the memory:// database (tests and demos)."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from app.infra.events.outbox import Outbox, OutboxRow
from app.infra.memory import MemoryDatabase, MemoryTable


class MemoryOutbox(Outbox):
    def __init__(self, database: MemoryDatabase) -> None:
        self._db = database
        self._rows: MemoryTable[UUID, OutboxRow] = database.table("outbox")
        self._handled: MemoryTable[tuple[str, UUID], datetime] = database.table("handled_events")

    async def add(self, rows: Sequence[OutboxRow]) -> None:
        for row in rows:
            self._rows.put(row.id, row)

    async def claim(
        self, relay: str, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxRow]:
        heads: dict[tuple[str, str], OutboxRow] = {}
        for row in sorted(self._rows.values(), key=lambda row: row.id):
            heads.setdefault((row.subscriber, row.key), row)
        claimed = []
        for row in sorted(heads.values(), key=lambda row: row.id):
            leased = row.lease_until is not None and row.lease_until >= now
            if row.parked_at is None and row.next_attempt_at <= now and not leased:
                claimed.append(replace(row, leased_by=relay, lease_until=lease_until))
                self._rows.put(row.id, claimed[-1])
            if len(claimed) == limit:
                break
        return claimed

    async def was_handled(self, subscriber: str, event_id: UUID) -> bool:
        return (subscriber, event_id) in self._handled

    async def complete(self, row: OutboxRow, *, handled_at: datetime) -> None:
        self._handled.put((row.subscriber, row.event_id), handled_at)
        self._rows.pop(row.id)

    async def release(self, row: OutboxRow, *, attempts: int, error: str, at: datetime) -> None:
        self._update(row.id, attempts=attempts, last_error=error, next_attempt_at=at)

    async def park(self, row: OutboxRow, *, attempts: int, error: str, now: datetime) -> None:
        self._update(row.id, attempts=attempts, last_error=error, parked_at=now)

    async def parked(self) -> list[OutboxRow]:
        return sorted(
            (r for r in self._rows.values() if r.parked_at is not None), key=lambda r: r.id
        )

    async def replay(self, row_id: UUID, *, now: datetime) -> bool:
        row = self._rows.get(row_id)
        if row is None or row.parked_at is None:
            return False
        self._update(row_id, parked_at=None, attempts=0, next_attempt_at=now)
        return True

    async def forget_handled(self, before: datetime) -> None:
        for key in self._handled:
            handled_at = self._handled.get(key)
            if handled_at is not None and handled_at < before:
                self._handled.pop(key)

    def _update(self, row_id: UUID, **values: object) -> None:
        row = self._rows.get(row_id)
        if row is not None:
            self._rows.put(row_id, replace(row, lease_until=None, leased_by=None, **values))  # type: ignore[arg-type]
