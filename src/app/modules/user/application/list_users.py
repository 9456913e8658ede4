from dataclasses import dataclass
from uuid import UUID

from app.kernel.auth import Caller
from app.modules.user.application.access import ensure_admin
from app.modules.user.domain.user import User
from app.modules.user.ports.repository import UserRepository

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class UserPage:
    items: list[User]
    next_after: UUID | None  # pass back as `after` for the next page; None on the last


class ListUsers:
    """List users, oldest first, a page at a time (admins only).

    At most 100 users a page; follow `next_after` to the next page. Keyset pagination keeps
    every page as cheap as the first and never skips or repeats a user under inserts.
    """

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, caller: Caller, *, limit: int, after: UUID | None) -> UserPage:
        await ensure_admin(self._users, caller)
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        # One extra row tells whether another page follows, without a count query.
        rows = await self._users.list_page(limit=limit + 1, after=after)
        items = rows[:limit]
        next_after = items[-1].id if len(rows) > limit else None
        return UserPage(items=items, next_after=next_after)
