"""The outbox on MongoDB (a replica set: the rows are written in the transaction of the
state change). Relays claim each row with one atomic `find_one_and_update`, so two
relays never hold the same row."""

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

from pymongo import ASCENDING, ReturnDocument

from app.infra.events.outbox import Outbox, OutboxRow
from app.infra.events.schema import HANDLED_EVENTS, OUTBOX
from app.infra.mongo import MongoDatabase, unavailable_on_mongo_errors

Document = dict[str, Any]


class MongoOutbox(Outbox):
    def __init__(self, database: MongoDatabase) -> None:
        self._db = database
        self._rows = database.collection(OUTBOX.name)
        self._handled = database.collection(HANDLED_EVENTS.name)

    async def add(self, rows: Sequence[OutboxRow]) -> None:
        if rows:
            with unavailable_on_mongo_errors():
                await self._rows.insert_many(
                    [_document(row) for row in rows], session=self._db.session
                )

    async def claim(
        self, relay: str, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxRow]:
        due = {
            "parked_at": None,
            "next_attempt_at": {"$lte": now},
            "$or": [{"lease_until": None}, {"lease_until": {"$lt": now}}],
        }
        claimed: list[OutboxRow] = []
        with unavailable_on_mongo_errors():
            # More heads than needed: relays claiming at the same moment race for the
            # first ones, and the loser goes on to the next.
            for head in await self._due_heads(due, limit * 4):
                if len(claimed) == limit:
                    break
                document = await self._rows.find_one_and_update(
                    {"_id": head, **due},  # another relay may have taken it meanwhile
                    {"$set": {"leased_by": relay, "lease_until": lease_until}},
                    return_document=ReturnDocument.AFTER,
                )
                if document is not None:
                    claimed.append(_row(document))
        return claimed

    async def _due_heads(self, due: Document, limit: int) -> list[UUID]:
        """The oldest row of each (subscriber, key), if it is due; oldest first."""
        pipeline: list[Document] = [
            {"$sort": {"_id": ASCENDING}},
            {"$group": {"_id": {"s": "$subscriber", "k": "$key"}, "head": {"$first": "$$ROOT"}}},
            {"$replaceRoot": {"newRoot": "$head"}},
            {"$match": due},
            {"$sort": {"_id": ASCENDING}},
            {"$limit": limit},
            {"$project": {"_id": 1}},
        ]
        cursor = await self._rows.aggregate(pipeline)
        return [head["_id"] async for head in cursor]

    async def was_handled(self, subscriber: str, event_id: UUID) -> bool:
        with unavailable_on_mongo_errors():
            found = await self._handled.find_one({"_id": _handled_id(subscriber, event_id)})
        return found is not None

    async def complete(self, row: OutboxRow, *, handled_at: datetime) -> None:
        if await self.was_handled(row.subscriber, row.event_id):
            with unavailable_on_mongo_errors():
                await self._rows.delete_one({"_id": row.id})
            return
        record = {"_id": _handled_id(row.subscriber, row.event_id), "handled_at": handled_at}

        async def record_and_delete() -> None:
            with unavailable_on_mongo_errors():
                await self._handled.insert_one(record, session=self._db.session)
                await self._rows.delete_one({"_id": row.id}, session=self._db.session)

        await self._db.transaction(record_and_delete)

    async def release(self, row: OutboxRow, *, attempts: int, error: str, at: datetime) -> None:
        await self._set(row.id, attempts=attempts, last_error=error, next_attempt_at=at)

    async def park(self, row: OutboxRow, *, attempts: int, error: str, now: datetime) -> None:
        await self._set(row.id, attempts=attempts, last_error=error, parked_at=now)

    async def parked(self) -> list[OutboxRow]:
        with unavailable_on_mongo_errors():
            cursor = self._rows.find({"parked_at": {"$ne": None}}).sort("_id", ASCENDING)
            return [_row(document) async for document in cursor]

    async def replay(self, row_id: UUID, *, now: datetime) -> bool:
        with unavailable_on_mongo_errors():
            result = await self._rows.update_one(
                {"_id": row_id, "parked_at": {"$ne": None}},
                {
                    "$set": {
                        "parked_at": None,
                        "attempts": 0,
                        "next_attempt_at": now,
                        "lease_until": None,
                    }
                },
            )
        return result.modified_count == 1

    async def forget_handled(self, before: datetime) -> None:
        with unavailable_on_mongo_errors():
            await self._handled.delete_many({"handled_at": {"$lt": before}})

    async def _set(self, row_id: UUID, **values: object) -> None:
        with unavailable_on_mongo_errors():
            await self._rows.update_one(
                {"_id": row_id}, {"$set": {"lease_until": None, "leased_by": None, **values}}
            )


def _handled_id(subscriber: str, event_id: UUID) -> str:
    return f"{subscriber}:{event_id}"


def _document(row: OutboxRow) -> Document:
    fields = asdict(row)
    return {"_id": fields.pop("id"), **fields}


def _row(document: Document) -> OutboxRow:
    fields = dict(document)
    return OutboxRow(id=fields.pop("_id"), **fields)
