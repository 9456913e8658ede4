"""MongoDB adapter of the UserRepository port, on PyMongo's native async API.

Typed against the few collection methods it uses (UserCollection), which PyMongo's
AsyncCollection provides; so does the in-process fake the contract suite runs on.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, Self
from uuid import UUID

from pymongo import ASCENDING, ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.infra.mongo import unavailable_on_mongo_errors
from app.modules.user.adapters.outbound.records import from_record, to_record, update_fields
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email

Document = dict[str, Any]


class UserCursor(Protocol):
    def sort(self, key_or_list: Any, direction: Any = None) -> Self: ...

    def limit(self, limit: int) -> Self: ...

    async def to_list(self, length: int | None = None) -> list[Document]: ...


class UserCollection(Protocol):
    async def insert_one(self, document: Document) -> Any: ...

    async def find_one(self, filter: Any | None = None, *args: Any, **kwargs: Any) -> Any: ...

    def find(self, *args: Any, **kwargs: Any) -> Any: ...

    async def find_one_and_update(
        self, filter: Mapping[str, Any], update: Any, *args: Any, **kwargs: Any
    ) -> Any: ...

    async def delete_one(self, filter: Mapping[str, Any], *args: Any, **kwargs: Any) -> Any: ...

    async def create_index(self, keys: Any, *args: Any, **kwargs: Any) -> str: ...


class MongoUserRepository:
    """Stores a user as one document keyed by its id (a UUIDv7 string, so `_id` order is
    creation order). The unique index on `email` settles registration races; updates
    filter on `version`, so a stale writer matches nothing."""

    def __init__(self, users: UserCollection) -> None:
        self._users = users

    async def create_indexes(self) -> None:
        """Create the indexes (idempotent: existing ones are left as they are)."""
        with unavailable_on_mongo_errors():
            await self._users.create_index(
                [("email", ASCENDING)], unique=True, name="uq_users_email"
            )

    async def add(self, user: User) -> None:
        with _translated():
            await self._users.insert_one(_to_document(user))

    async def get(self, user_id: UUID) -> User | None:
        with _translated():
            document = await self._users.find_one({"_id": str(user_id)})
        return None if document is None else _to_user(document)

    async def get_by_email(self, email: Email) -> User | None:
        with _translated():
            document = await self._users.find_one({"email": email.value})
        return None if document is None else _to_user(document)

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        query = {} if after is None else {"_id": {"$gt": str(after)}}
        with _translated():
            cursor: UserCursor = self._users.find(query)
            documents = await cursor.sort("_id", ASCENDING).limit(limit).to_list(limit)
        return [_to_user(d) for d in documents]

    async def update(self, user: User) -> User:
        with _translated():
            updated = await self._users.find_one_and_update(
                {"_id": str(user.id), "version": user.version},
                {"$set": update_fields(user), "$inc": {"version": 1}},
                return_document=ReturnDocument.AFTER,
            )
            if updated is not None:
                return _to_user(updated)
            exists = await self._users.find_one({"_id": str(user.id)}, {"_id": 1})
        raise StaleVersionError if exists else UserNotFoundError

    async def delete(self, user_id: UUID) -> None:
        with _translated():
            result = await self._users.delete_one({"_id": str(user_id)})
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
    return {"_id": str(user.id), **to_record(user)}


def _to_user(document: Mapping[str, Any]) -> User:
    return from_record(UUID(document["_id"]), document)
