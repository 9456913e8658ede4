"""SqlResetTokenStore: pending password resets in one table."""

from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, delete, insert, select

from app.infra.database import Row, SqlDatabase
from app.kernel.clock import as_utc
from app.modules.user.adapters.outbound.sql.tables import password_reset_tokens as tokens
from app.modules.user.domain.reset_token import ResetToken

_BY_HASH = select(tokens).where(tokens.c.token_hash == bindparam("token_hash"))
_TAKE = delete(tokens).where(tokens.c.token_hash == bindparam("token_hash")).returning(*tokens.c)
_DROP_USER = delete(tokens).where(tokens.c.user_id == bindparam("user_id"))


class SqlResetTokenStore:
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def replace(self, token: ResetToken) -> None:
        async def drop_and_insert() -> None:
            await self._db.execute(_DROP_USER, {"user_id": token.user_id})
            await self._db.execute(insert(tokens), _row(token))

        await self._db.transaction(drop_and_insert)

    async def get(self, token_hash: str) -> ResetToken | None:
        row = await self._db.one(_BY_HASH, {"token_hash": token_hash})
        return None if row is None else _token(row)

    async def take(self, token_hash: str) -> ResetToken | None:
        row = await self._db.one(_TAKE, {"token_hash": token_hash})
        return None if row is None else _token(row)

    async def drop_user(self, user_id: UUID) -> None:
        await self._db.execute(_DROP_USER, {"user_id": user_id})


def _row(token: ResetToken) -> dict[str, Any]:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "expires_at": token.expires_at,
    }


def _token(row: Row) -> ResetToken:
    return ResetToken(row["token_hash"], row["user_id"], as_utc(row["expires_at"]))
