"""MongoRefreshTokenStore: refresh tokens, one document each, used once at most."""

from datetime import datetime
from typing import Any
from uuid import UUID

from app.infra.mongo import MongoDatabase, unavailable_on_mongo_errors
from app.modules.user.adapters.outbound.mongo.collections import REFRESH_TOKENS
from app.modules.user.domain.refresh_token import RefreshToken


class MongoRefreshTokenStore:
    def __init__(self, database: MongoDatabase) -> None:
        self._db = database
        self._tokens = database.collection(REFRESH_TOKENS.name)

    async def add(self, token: RefreshToken) -> None:
        document = {
            "_id": token.token_hash,
            "user_id": token.user_id,
            "family_id": token.family_id,
            "expires_at": token.expires_at,
            "used_at": token.used_at,
        }
        with unavailable_on_mongo_errors():
            await self._tokens.insert_one(document, session=self._db.session)

    async def use(self, token_hash: str, now: datetime) -> RefreshToken | None:
        with unavailable_on_mongo_errors():
            # Returns the document as it was: used_at None for the one first use.
            document = await self._tokens.find_one_and_update(
                {"_id": token_hash}, {"$set": {"used_at": now}}, session=self._db.session
            )
        return None if document is None else _token(document)

    async def revoke_family(self, family_id: UUID) -> None:
        with unavailable_on_mongo_errors():
            await self._tokens.delete_many({"family_id": family_id}, session=self._db.session)

    async def revoke_user(self, user_id: UUID) -> None:
        with unavailable_on_mongo_errors():
            await self._tokens.delete_many({"user_id": user_id}, session=self._db.session)

    async def drop_expired(self, user_id: UUID, now: datetime) -> None:
        with unavailable_on_mongo_errors():
            await self._tokens.delete_many(
                {"user_id": user_id, "expires_at": {"$lte": now}}, session=self._db.session
            )


def _token(document: dict[str, Any]) -> RefreshToken:
    return RefreshToken(
        token_hash=document["_id"],
        user_id=document["user_id"],
        family_id=document["family_id"],
        expires_at=document["expires_at"],
        used_at=document["used_at"],
    )
