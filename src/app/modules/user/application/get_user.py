from uuid import UUID

from app.kernel.auth import Caller
from app.modules.user.application.access import ensure_may_act_on
from app.modules.user.domain.errors import UserNotFoundError
from app.modules.user.domain.user import User
from app.modules.user.ports.repository import UserRepository


class GetUser:
    """Read one user. Users read themselves; admins read anyone. A user asking for anyone
    else is refused whether or not that user exists, so ids reveal nothing."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, caller: Caller, user_id: UUID) -> User:
        await ensure_may_act_on(self._users, caller, user_id)
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFoundError
        return user
