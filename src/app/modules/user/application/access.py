"""Who may act on whom: the access rules shared by the use cases."""

from uuid import UUID

from app.kernel.auth import Caller, Role
from app.modules.user.domain.errors import NotAllowedError
from app.modules.user.ports.repository import UserRepository


async def ensure_may_act_on(users: UserRepository, caller: Caller, user_id: UUID) -> None:
    """Users act on themselves; admins act on anyone. A token's admin claim is confirmed
    against the store, so a deleted admin's token loses its power at once, not at expiry."""
    if caller.user_id == user_id:
        return
    await ensure_admin(users, caller)


async def ensure_admin(users: UserRepository, caller: Caller) -> None:
    if not caller.is_admin:
        raise NotAllowedError
    account = await users.get(caller.user_id)
    if account is None or account.role is not Role.ADMIN:
        raise NotAllowedError
