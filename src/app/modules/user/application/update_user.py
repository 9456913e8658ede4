from dataclasses import dataclass
from uuid import UUID

from app.kernel.auth import Caller
from app.kernel.clock import Clock
from app.kernel.events import EventPublisher
from app.kernel.transaction import Transaction
from app.modules.user.api.events import PasswordChanged
from app.modules.user.application.access import ensure_may_act_on
from app.modules.user.domain.errors import (
    CurrentPasswordRequiredError,
    StaleVersionError,
    UserNotFoundError,
    WrongCurrentPasswordError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import FullName, Password
from app.modules.user.ports.password_hasher import PasswordHasher
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.repository import UserRepository


@dataclass(frozen=True, slots=True)
class UpdateUserRequest:
    user_id: UUID
    expected_version: int
    full_name: str | None = None
    password: str | None = None
    current_password: str | None = None  # required to change one's own password


class UpdateUser:
    """Change a user's full name and/or password (the user themselves or an admin).

    The change applies only to the version the caller read (its ETag): if anyone changed
    the user since, nothing is written and the caller gets 412, so no update is lost.

    Changing one's own password needs the current one (`current_password`: 422 without
    it, 403 when wrong), so a stolen access token cannot take the account over. A new
    password ends every session of the user (their refresh tokens stop working) and is
    announced with the PasswordChanged event (a notice to the owner).
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        refresh_tokens: RefreshTokenStore,
        clock: Clock,
        transaction: Transaction,
        events: EventPublisher,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._refresh_tokens = refresh_tokens
        self._clock = clock
        self._transaction = transaction
        self._events = events

    async def __call__(self, caller: Caller, request: UpdateUserRequest) -> User:
        await ensure_may_act_on(self._users, caller, request.user_id)
        full_name = FullName(request.full_name) if request.full_name is not None else None
        password = Password(request.password) if request.password is not None else None
        user = await self._users.get(request.user_id)
        if user is None:
            raise UserNotFoundError
        if user.version != request.expected_version:
            raise StaleVersionError
        now = self._clock.now()
        if full_name is not None:
            user = user.renamed(full_name, now)
        if password is None:
            return await self._users.update(user)
        if caller.user_id == user.id:
            await self._check_current_password(request.current_password, user)
        user = user.with_password_hash(await self._hasher.hash(password), now)

        async def save() -> User:
            updated = await self._users.update(user)
            await self._refresh_tokens.revoke_user(updated.id)
            await self._events.publish(password_changed(updated))
            return updated

        return await self._transaction(save)

    async def _check_current_password(self, current: str | None, user: User) -> None:
        if current is None:
            raise CurrentPasswordRequiredError
        if not await self._hasher.verify(current, user.password_hash):
            raise WrongCurrentPasswordError


def password_changed(user: User) -> PasswordChanged:
    """The event announcing the user's new password."""
    return PasswordChanged(
        occurred_at=user.updated_at,
        user_id=user.id,
        email=user.email.value,
        full_name=user.full_name.value,
    )
