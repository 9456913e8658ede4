from app.kernel.auth import Role
from app.kernel.clock import Clock
from app.modules.user.domain.errors import UserNotFoundError
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email
from app.modules.user.ports.repository import UserRepository


class PromoteUser:
    """Give a user the admin role. An operator runs it from the command line; no HTTP
    route can make an admin. Promoting an admin again changes nothing."""

    def __init__(self, users: UserRepository, clock: Clock) -> None:
        self._users = users
        self._clock = clock

    async def __call__(self, email: str) -> User:
        user = await self._users.get_by_email(Email(email))
        if user is None:
            raise UserNotFoundError
        if user.role is Role.ADMIN:
            return user
        return await self._users.update(user.promoted(self._clock.now()))
