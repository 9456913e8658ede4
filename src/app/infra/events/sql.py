"""The outbox on SQLite and PostgreSQL.

On PostgreSQL, relays claim with `FOR UPDATE SKIP LOCKED`: replicas never wait for each
other's rows and never take the same one. SQLite serializes claims by its write lock.
"""

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, bindparam, delete, exists, insert, or_, select, update

from app.infra.database import SqlDatabase
from app.infra.events.outbox import Outbox, OutboxRow
from app.infra.events.schema import handled_events, outbox

_older = outbox.alias("older")
_HEADS = (
    select(outbox.c.id)
    .where(
        outbox.c.parked_at.is_(None),
        outbox.c.next_attempt_at <= bindparam("now"),
        or_(outbox.c.lease_until.is_(None), outbox.c.lease_until < bindparam("now")),
        ~exists().where(
            _older.c.subscriber == outbox.c.subscriber,
            _older.c.key == outbox.c.key,
            _older.c.id < outbox.c.id,
        ),
    )
    .order_by(outbox.c.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    update(outbox)
    .where(outbox.c.id.in_(_HEADS.scalar_subquery()))
    .values(leased_by=bindparam("relay"), lease_until=bindparam("lease_until"))
    .returning(*outbox.c)
)
_HANDLED = select(handled_events.c.event_id).where(
    handled_events.c.subscriber == bindparam("subscriber"),
    handled_events.c.event_id == bindparam("event_id"),
)
_DELETE = delete(outbox).where(outbox.c.id == bindparam("row_id"))
_PARKED = select(outbox).where(outbox.c.parked_at.is_not(None)).order_by(outbox.c.id)


class SqlOutbox(Outbox):
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def add(self, rows: Sequence[OutboxRow]) -> None:
        if rows:
            await self._db.execute(insert(outbox), [asdict(row) for row in rows])

    async def claim(
        self, relay: str, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxRow]:
        params = {"now": now, "limit": limit, "relay": relay, "lease_until": lease_until}
        rows = await self._db.transaction(lambda: self._db.all(_CLAIM, params))
        return sorted((OutboxRow(**row) for row in rows), key=lambda row: row.id)

    async def was_handled(self, subscriber: str, event_id: UUID) -> bool:
        found = await self._db.scalar(_HANDLED, {"subscriber": subscriber, "event_id": event_id})
        return found is not None

    async def complete(self, row: OutboxRow, *, handled_at: datetime) -> None:
        async def record_and_delete() -> None:
            if not await self.was_handled(row.subscriber, row.event_id):
                record = {"subscriber": row.subscriber, "event_id": row.event_id}
                await self._db.execute(insert(handled_events), {**record, "handled_at": handled_at})
            await self._db.execute(_DELETE, {"row_id": row.id})

        await self._db.transaction(record_and_delete)

    async def release(self, row: OutboxRow, *, attempts: int, error: str, at: datetime) -> None:
        await self._update(row.id, attempts=attempts, last_error=error, next_attempt_at=at)

    async def park(self, row: OutboxRow, *, attempts: int, error: str, now: datetime) -> None:
        await self._update(row.id, attempts=attempts, last_error=error, parked_at=now)

    async def parked(self) -> list[OutboxRow]:
        return [OutboxRow(**row) for row in await self._db.all(_PARKED)]

    async def replay(self, row_id: UUID, *, now: datetime) -> bool:
        query = (
            update(outbox)
            .where(and_(outbox.c.id == row_id, outbox.c.parked_at.is_not(None)))
            .values(parked_at=None, attempts=0, next_attempt_at=now, lease_until=None)
        )
        return await self._db.execute(query) == 1

    async def forget_handled(self, before: datetime) -> None:
        await self._db.execute(delete(handled_events).where(handled_events.c.handled_at < before))

    async def _update(self, row_id: UUID, **values: object) -> None:
        cleared = {"lease_until": None, "leased_by": None}
        await self._db.execute(
            update(outbox).where(outbox.c.id == row_id).values(**cleared, **values)
        )
