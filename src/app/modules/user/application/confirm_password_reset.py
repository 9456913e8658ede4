from dataclasses import dataclass

from app.kernel.clock import Clock
from app.kernel.events import EventPublisher
from app.kernel.transaction import Transaction
from app.modules.user.application.update_user import password_changed
from app.modules.user.domain.errors import InvalidResetTokenError
from app.modules.user.domain.opaque_token import hash_of
from app.modules.user.domain.values import Password
from app.modules.user.ports.password_hasher import PasswordHasher
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.repository import UserRepository
from app.modules.user.ports.reset_tokens import ResetTokenStore


@dataclass(frozen=True, slots=True)
class ConfirmPasswordResetRequest:
    token: str
    new_password: str


class ConfirmPasswordReset:
    """Set a new password with the token of a reset link.

    The token works once and expires; a used, expired or unknown one gets 400 and
    changes nothing. The old password stops working at once, and every session of the
    account ends (its refresh tokens stop working).
    """

    def __init__(
        self,
        users: UserRepository,
        tokens: ResetTokenStore,
        refresh_tokens: RefreshTokenStore,
        hasher: PasswordHasher,
        clock: Clock,
        transaction: Transaction,
        events: EventPublisher,
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._refresh_tokens = refresh_tokens
        self._hasher = hasher
        self._clock = clock
        self._transaction = transaction
        self._events = events

    async def __call__(self, request: ConfirmPasswordResetRequest) -> None:
        password = Password(request.new_password)
        token_hash = hash_of(request.token)
        pending = await self._tokens.get(token_hash)  # a forged token costs no hashing
        if pending is None or pending.expired(self._clock.now()):
            raise InvalidResetTokenError
        password_hash = await self._hasher.hash(password)  # slow: outside the transaction

        async def reset() -> None:
            taken = await self._tokens.take(token_hash)  # one of two racing uses wins
            user = await self._users.get(pending.user_id)
            if taken is None or user is None:
                raise InvalidResetTokenError
            updated = await self._users.update(
                user.with_password_hash(password_hash, self._clock.now())
            )
            await self._refresh_tokens.revoke_user(updated.id)
            await self._events.publish(password_changed(updated))

        await self._transaction(reset)
