from app.kernel.clock import Clock
from app.kernel.transaction import Transaction
from app.modules.user.application.sessions import Session, Sessions
from app.modules.user.domain.errors import InvalidRefreshTokenError
from app.modules.user.domain.opaque_token import hash_of
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.repository import UserRepository


class RefreshSession:
    """Exchange a refresh token for a new access token and a new refresh token.

    Each refresh token works once: the answer carries its successor. A token used a
    second time means it was copied; the whole session is then revoked (its every refresh
    token) and the answer is 401, so the thief and the owner both have to log in again.
    The new access token carries the user's current role.
    """

    def __init__(
        self,
        users: UserRepository,
        refresh_tokens: RefreshTokenStore,
        sessions: Sessions,
        clock: Clock,
        transaction: Transaction,
    ) -> None:
        self._users = users
        self._refresh_tokens = refresh_tokens
        self._sessions = sessions
        self._clock = clock
        self._transaction = transaction

    async def __call__(self, refresh_token: str) -> Session:
        now = self._clock.now()

        async def rotate() -> Session | None:
            presented = await self._refresh_tokens.use(hash_of(refresh_token), now)
            if presented is None:
                return None
            if presented.used_at is not None or presented.expired(now):
                await self._refresh_tokens.revoke_family(presented.family_id)
                return None
            user = await self._users.get(presented.user_id)
            if user is None:
                return None
            return await self._sessions.next(user, presented.family_id)

        # The revocation of a replayed token commits; only then is the caller refused.
        session = await self._transaction(rotate)
        if session is None:
            raise InvalidRefreshTokenError
        return session
