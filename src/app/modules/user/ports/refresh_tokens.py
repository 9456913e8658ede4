"""The RefreshTokenStore port."""

from datetime import datetime
from typing import Protocol
from uuid import UUID

from app.modules.user.domain.refresh_token import RefreshToken


class RefreshTokenStore(Protocol):
    """Stores refresh tokens by hash. Every method is atomic; inside a transaction the
    calls take part in it.

    - `use` marks the token of that hash used at `now` and returns it as it was before:
      `used_at` None for a first use; set when it had been used already. Of two
      concurrent uses of one token, one gets `used_at` None. None when there is no such
      token (never issued, or revoked).
    - `revoke_family` removes every token of a session; `revoke_user`, of every session of
      the user; `drop_expired` removes the user's tokens expired at `now`.
    """

    async def add(self, token: RefreshToken) -> None: ...

    async def use(self, token_hash: str, now: datetime) -> RefreshToken | None: ...

    async def revoke_family(self, family_id: UUID) -> None: ...

    async def revoke_user(self, user_id: UUID) -> None: ...

    async def drop_expired(self, user_id: UUID, now: datetime) -> None: ...
