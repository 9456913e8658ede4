"""MongoUserRepository: one document per user, keyed by its id."""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.infra.mongo import MongoDatabase, unavailable_on_mongo_errors
from app.modules.user.adapters.outbound.mongo.collections import USERS
from app.modules.user.adapters.outbound.records import from_record, to_record, update_fields
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email

Document = dict[str, Any]


class MongoUserRepository:
    """Stores a user as one document whose `_id` is its UUIDv7 (so `_id` order is creation
    order). The unique index on `email` settles registration races; updates filter on
    `version`, so a stale writer matches nothing."""

    def __init__(self, database: MongoDatabase) -> None:
        self._db = database
        self._users = database.collection(USERS.name)

    async def add(self, user: User) -> None:
        with _translated():
            await self._users.insert_one(_to_document(user), session=self._db.session)

    async def get(self, user_id: UUID) -> User | None:
        with _translated():
            document = await self._users.find_one({"_id": user_id}, session=self._db.session)
        return None if document is None else _to_user(document)

    async def get_by_email(self, email: Email) -> User | None:
        with _translated():
            document = await self._users.find_one({"email": email.value}, session=self._db.session)
        return None if document is None else _to_user(document)

    async def get_many(self, user_ids: Sequence[UUID]) -> list[User]:
        if not user_ids:
            return []
        with _translated():
            cursor = self._users.find({"_id": {"$in": list(user_ids)}}, session=self._db.session)
            return [_to_user(d) async for d in cursor]

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        query = {} if after is None else {"_id": {"$gt": after}}
        with _translated():
            cursor = self._users.find(query, session=self._db.session)
            documents = await cursor.sort("_id", ASCENDING).limit(limit).to_list(limit)
        return [_to_user(d) for d in documents]

    async def update(self, user: User) -> User:
        with _translated():
            updated = await self._users.find_one_and_update(
                {"_id": user.id, "version": user.version},
                {"$set": update_fields(user), "$inc": {"version": 1}},
                return_document=ReturnDocument.AFTER,
                session=self._db.session,
            )
            if updated is not None:
                return _to_user(updated)
            exists = await self._users.find_one(
                {"_id": user.id}, {"_id": 1}, session=self._db.session
            )
        raise StaleVersionError if exists else UserNotFoundError

    async def delete(self, user_id: UUID) -> None:
        with _translated():
            result = await self._users.delete_one({"_id": user_id}, session=self._db.session)
        if result.deleted_count == 0:
            raise UserNotFoundError


@contextmanager
def _translated() -> Iterator[None]:
    with unavailable_on_mongo_errors():
        try:
            yield
        except DuplicateKeyError as exc:
            if "email" in str(exc.details or exc):
                raise EmailAlreadyTakenError from exc
            raise


def _to_document(user: User) -> Document:
    return {"_id": user.id, **to_record(user)}


def _to_user(document: Mapping[str, Any]) -> User:
    return from_record(document["_id"], document)
