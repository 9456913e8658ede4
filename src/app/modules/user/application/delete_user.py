from uuid import UUID

from app.modules.user.domain.errors import NotAllowedError
from app.modules.user.domain.user import Caller
from app.modules.user.ports.repository import UserRepository


class DeleteUser:
    """Delete an account for good (the user themselves or an admin)."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, caller: Caller, user_id: UUID) -> None:
        if not caller.may_act_on(user_id):
            raise NotAllowedError
        await self._users.delete(user_id)
