from uuid import UUID

from app.kernel.auth import Caller
from app.kernel.clock import Clock
from app.kernel.events import EventPublisher
from app.kernel.transaction import Transaction
from app.modules.user.api.events import UserDeleted
from app.modules.user.application.access import ensure_may_act_on
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.repository import UserRepository


class DeleteUser:
    """Delete an account for good (the user themselves or an admin): its sessions end
    with it. Other modules learn of it from the UserDeleted event."""

    def __init__(
        self,
        users: UserRepository,
        refresh_tokens: RefreshTokenStore,
        clock: Clock,
        transaction: Transaction,
        events: EventPublisher,
    ) -> None:
        self._users = users
        self._refresh_tokens = refresh_tokens
        self._clock = clock
        self._transaction = transaction
        self._events = events

    async def __call__(self, caller: Caller, user_id: UUID) -> None:
        await ensure_may_act_on(self._users, caller, user_id)
        deleted = UserDeleted(occurred_at=self._clock.now(), user_id=user_id)

        async def delete() -> None:
            await self._users.delete(user_id)
            await self._refresh_tokens.revoke_user(user_id)
            await self._events.publish(deleted)

        await self._transaction(delete)
