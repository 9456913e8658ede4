from collections.abc import Collection, Mapping
from uuid import UUID

from app.modules.user.api import UserSummary
from app.modules.user.ports.repository import UserRepository

MAX_IDS = 1000


class LookUpUsers:
    """The user module's UserDirectory: summaries of users by id, for other modules."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def summaries(self, user_ids: Collection[UUID]) -> Mapping[UUID, UserSummary]:
        unique = list(dict.fromkeys(user_ids))
        found = []
        for start in range(0, len(unique), MAX_IDS):
            found += await self._users.get_many(unique[start : start + MAX_IDS])
        return {u.id: UserSummary(id=u.id, display_name=u.full_name.value) for u in found}
