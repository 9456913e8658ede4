"""In-memory adapter of the UserRepository port, for unit tests and demos."""

from dataclasses import replace
from uuid import UUID

from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email


class InMemoryUserRepository:
    """Keeps users in dicts. Each method runs without awaiting, so on one event loop it is
    atomic, like a single database statement. Data is lost when the process ends."""

    def __init__(self) -> None:
        self._by_id: dict[UUID, User] = {}
        self._id_by_email: dict[Email, UUID] = {}

    async def add(self, user: User) -> None:
        if user.email in self._id_by_email:
            raise EmailAlreadyTakenError
        self._by_id[user.id] = user
        self._id_by_email[user.email] = user.id

    async def get(self, user_id: UUID) -> User | None:
        return self._by_id.get(user_id)

    async def get_by_email(self, email: Email) -> User | None:
        user_id = self._id_by_email.get(email)
        return None if user_id is None else self._by_id[user_id]

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        ids = sorted(i for i in self._by_id if after is None or i > after)
        return [self._by_id[i] for i in ids[:limit]]

    async def update(self, user: User) -> User:
        stored = self._by_id.get(user.id)
        if stored is None:
            raise UserNotFoundError
        if stored.version != user.version:
            raise StaleVersionError
        updated = replace(user, version=user.version + 1)
        self._by_id[user.id] = updated
        return updated

    async def delete(self, user_id: UUID) -> None:
        user = self._by_id.pop(user_id, None)
        if user is None:
            raise UserNotFoundError
        del self._id_by_email[user.email]
