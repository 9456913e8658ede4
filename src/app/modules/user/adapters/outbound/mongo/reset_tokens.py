"""MongoResetTokenStore: pending password resets, one document each."""

from typing import Any
from uuid import UUID

from app.infra.mongo import MongoDatabase, unavailable_on_mongo_errors
from app.modules.user.adapters.outbound.mongo.collections import PASSWORD_RESET_TOKENS
from app.modules.user.domain.reset_token import ResetToken


class MongoResetTokenStore:
    def __init__(self, database: MongoDatabase) -> None:
        self._db = database
        self._tokens = database.collection(PASSWORD_RESET_TOKENS.name)

    async def replace(self, token: ResetToken) -> None:
        document = {
            "_id": token.token_hash,
            "user_id": token.user_id,
            "expires_at": token.expires_at,
        }

        async def drop_and_insert() -> None:
            with unavailable_on_mongo_errors():
                await self._tokens.delete_many({"user_id": token.user_id}, session=self._db.session)
                await self._tokens.insert_one(document, session=self._db.session)

        await self._db.transaction(drop_and_insert)

    async def get(self, token_hash: str) -> ResetToken | None:
        with unavailable_on_mongo_errors():
            document = await self._tokens.find_one({"_id": token_hash}, session=self._db.session)
        return None if document is None else _token(document)

    async def take(self, token_hash: str) -> ResetToken | None:
        with unavailable_on_mongo_errors():
            document = await self._tokens.find_one_and_delete(
                {"_id": token_hash}, session=self._db.session
            )
        return None if document is None else _token(document)

    async def drop_user(self, user_id: UUID) -> None:
        with unavailable_on_mongo_errors():
            await self._tokens.delete_many({"user_id": user_id}, session=self._db.session)


def _token(document: dict[str, Any]) -> ResetToken:
    return ResetToken(document["_id"], document["user_id"], document["expires_at"])
