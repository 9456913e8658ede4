"""What a log-in or a refresh gives: a short-lived access token and a refresh token."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from app.kernel.auth import Caller
from app.kernel.clock import Clock
from app.kernel.ids import new_id
from app.modules.user.domain.opaque_token import hash_of, new_opaque_token
from app.modules.user.domain.refresh_token import RefreshToken
from app.modules.user.domain.user import User
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.token_service import TokenService


@dataclass(frozen=True, slots=True)
class Session:
    access_token: str
    expires_in: int  # seconds
    refresh_token: str
    refresh_expires_in: int  # seconds


class Sessions:
    """Issues the tokens of a session: a new one at log-in, the next pair at a refresh."""

    def __init__(
        self, tokens: TokenService, refresh_tokens: RefreshTokenStore, clock: Clock, ttl: timedelta
    ) -> None:
        self._tokens = tokens
        self._refresh_tokens = refresh_tokens
        self._clock = clock
        self._ttl = ttl

    async def start(self, user: User) -> Session:
        await self._refresh_tokens.drop_expired(user.id, self._clock.now())
        return await self.next(user, family_id=new_id())

    async def next(self, user: User, family_id: UUID) -> Session:
        refresh = new_opaque_token()
        expires_at = self._clock.now() + self._ttl
        await self._refresh_tokens.add(
            RefreshToken(hash_of(refresh), user.id, family_id, expires_at)
        )
        access = self._tokens.issue(Caller(user_id=user.id, role=user.role))
        return Session(
            access_token=access.token,
            expires_in=access.expires_in,
            refresh_token=refresh,
            refresh_expires_in=int(self._ttl.total_seconds()),
        )
