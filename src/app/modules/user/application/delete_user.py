from uuid import UUID

from app.kernel.auth import Caller
from app.modules.user.application.access import ensure_may_act_on
from app.modules.user.ports.repository import UserRepository


class DeleteUser:
    """Delete an account for good (the user themselves or an admin)."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, caller: Caller, user_id: UUID) -> None:
        await ensure_may_act_on(self._users, caller, user_id)
        await self._users.delete(user_id)
