"""In-memory adapter of the UserRepository port, for unit tests and demos."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from app.infra.memory import MemoryDatabase, MemoryTable
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.refresh_token import RefreshToken
from app.modules.user.domain.reset_token import ResetToken
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email


class InMemoryUserRepository:
    """Keeps users in the memory database's tables: one by id, one index by email."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._by_id: MemoryTable[UUID, User] = database.table("users")
        self._id_by_email: MemoryTable[Email, UUID] = database.table("users_by_email")

    async def add(self, user: User) -> None:
        if user.email in self._id_by_email:
            raise EmailAlreadyTakenError
        self._by_id.put(user.id, user)
        self._id_by_email.put(user.email, user.id)

    async def get(self, user_id: UUID) -> User | None:
        return self._by_id.get(user_id)

    async def get_by_email(self, email: Email) -> User | None:
        user_id = self._id_by_email.get(email)
        return None if user_id is None else self._by_id.get(user_id)

    async def get_many(self, user_ids: Sequence[UUID]) -> list[User]:
        unique = dict.fromkeys(user_ids)
        return [user for i in unique if (user := self._by_id.get(i)) is not None]

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        ids = sorted(i for i in self._by_id if after is None or i > after)
        return [user for i in ids[:limit] if (user := self._by_id.get(i)) is not None]

    async def update(self, user: User) -> User:
        stored = self._by_id.get(user.id)
        if stored is None:
            raise UserNotFoundError
        if stored.version != user.version:
            raise StaleVersionError
        updated = replace(user, version=user.version + 1)
        self._by_id.put(user.id, updated)
        return updated

    async def delete(self, user_id: UUID) -> None:
        user = self._by_id.pop(user_id)
        if user is None:
            raise UserNotFoundError
        self._id_by_email.pop(user.email)


class InMemoryResetTokenStore:
    """Pending password resets in the memory database, by hash."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._by_hash: MemoryTable[str, ResetToken] = database.table("password_reset_tokens")

    async def replace(self, token: ResetToken) -> None:
        await self.drop_user(token.user_id)
        self._by_hash.put(token.token_hash, token)

    async def get(self, token_hash: str) -> ResetToken | None:
        return self._by_hash.get(token_hash)

    async def take(self, token_hash: str) -> ResetToken | None:
        return self._by_hash.pop(token_hash)

    async def drop_user(self, user_id: UUID) -> None:
        for token in self._by_hash.values():
            if token.user_id == user_id:
                self._by_hash.pop(token.token_hash)


class InMemoryRefreshTokenStore:
    """Refresh tokens in the memory database, by hash."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._by_hash: MemoryTable[str, RefreshToken] = database.table("refresh_tokens")

    async def add(self, token: RefreshToken) -> None:
        self._by_hash.put(token.token_hash, token)

    async def use(self, token_hash: str, now: datetime) -> RefreshToken | None:
        token = self._by_hash.get(token_hash)
        if token is not None:
            self._by_hash.put(token_hash, token.used(now))
        return token

    async def revoke_family(self, family_id: UUID) -> None:
        self._drop(lambda token: token.family_id == family_id)

    async def revoke_user(self, user_id: UUID) -> None:
        self._drop(lambda token: token.user_id == user_id)

    async def drop_expired(self, user_id: UUID, now: datetime) -> None:
        self._drop(lambda token: token.user_id == user_id and token.expired(now))

    def _drop(self, matches: Callable[[RefreshToken], bool]) -> None:
        for token in self._by_hash.values():
            if matches(token):
                self._by_hash.pop(token.token_hash)
