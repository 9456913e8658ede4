from app.kernel.clock import Clock
from app.modules.user.domain.opaque_token import hash_of
from app.modules.user.ports.refresh_tokens import RefreshTokenStore


class LogOut:
    """End the session of a refresh token: it and every token of its session stop
    working. An unknown or revoked token changes nothing (logging out twice is fine).
    Access tokens already issued keep working until they expire (15 minutes by default)."""

    def __init__(self, refresh_tokens: RefreshTokenStore, clock: Clock) -> None:
        self._refresh_tokens = refresh_tokens
        self._clock = clock

    async def __call__(self, refresh_token: str) -> None:
        presented = await self._refresh_tokens.use(hash_of(refresh_token), self._clock.now())
        if presented is not None:
            await self._refresh_tokens.revoke_family(presented.family_id)
