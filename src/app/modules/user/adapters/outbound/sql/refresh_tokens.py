"""SqlRefreshTokenStore: refresh tokens in one table, each used once at most."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import bindparam, delete, insert, select, update

from app.infra.database import Row, SqlDatabase
from app.kernel.clock import as_utc
from app.modules.user.adapters.outbound.sql.tables import refresh_tokens as tokens
from app.modules.user.domain.refresh_token import RefreshToken

_INSERT = insert(tokens)
_FIRST_USE = (
    update(tokens)
    .where(tokens.c.token_hash == bindparam("hash"), tokens.c.used_at.is_(None))
    .values(used_at=bindparam("now"))
    .returning(*tokens.c)
)
_BY_HASH = select(tokens).where(tokens.c.token_hash == bindparam("hash"))
_REVOKE_FAMILY = delete(tokens).where(tokens.c.family_id == bindparam("family_id"))
_REVOKE_USER = delete(tokens).where(tokens.c.user_id == bindparam("user_id"))
_EXPIRED = delete(tokens).where(
    tokens.c.user_id == bindparam("user_id"), tokens.c.expires_at <= bindparam("now")
)


class SqlRefreshTokenStore:
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def add(self, token: RefreshToken) -> None:
        await self._db.execute(_INSERT, _row(token))

    async def use(self, token_hash: str, now: datetime) -> RefreshToken | None:
        first = await self._db.one(_FIRST_USE, {"hash": token_hash, "now": now})
        if first is not None:
            return _token(first, used_at=None)  # as it was: unused
        again = await self._db.one(_BY_HASH, {"hash": token_hash})
        return None if again is None else _token(again, used_at=as_utc(again["used_at"]))

    async def revoke_family(self, family_id: UUID) -> None:
        await self._db.execute(_REVOKE_FAMILY, {"family_id": family_id})

    async def revoke_user(self, user_id: UUID) -> None:
        await self._db.execute(_REVOKE_USER, {"user_id": user_id})

    async def drop_expired(self, user_id: UUID, now: datetime) -> None:
        await self._db.execute(_EXPIRED, {"user_id": user_id, "now": now})


def _row(token: RefreshToken) -> dict[str, object]:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "family_id": token.family_id,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
    }


def _token(row: Row, used_at: datetime | None) -> RefreshToken:
    return RefreshToken(
        token_hash=row["token_hash"],
        user_id=row["user_id"],
        family_id=row["family_id"],
        expires_at=as_utc(row["expires_at"]),
        used_at=used_at,
    )
