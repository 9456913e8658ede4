from datetime import timedelta
from uuid import UUID

from app.kernel.clock import Clock
from app.modules.user.domain.opaque_token import hash_of, new_opaque_token
from app.modules.user.domain.reset_token import ResetToken
from app.modules.user.ports.repository import UserRepository
from app.modules.user.ports.reset_tokens import ResetTokenStore


class IssueResetToken:
    """The user module's PasswordResets (its api): a fresh single-use token, stored only
    as a hash, replacing the user's earlier one."""

    def __init__(
        self, users: UserRepository, tokens: ResetTokenStore, clock: Clock, ttl: timedelta
    ) -> None:
        self._users = users
        self._tokens = tokens
        self._clock = clock
        self._ttl = ttl

    async def issue(self, user_id: UUID) -> str | None:
        if await self._users.get(user_id) is None:
            return None
        token = new_opaque_token()
        expires_at = self._clock.now() + self._ttl
        await self._tokens.replace(ResetToken(hash_of(token), user_id, expires_at))
        return token
