"""The ResetTokenStore port."""

from typing import Protocol
from uuid import UUID

from app.modules.user.domain.reset_token import ResetToken


class ResetTokenStore(Protocol):
    """Stores pending password resets, at most one per user. Every method is atomic;
    inside a transaction the calls take part in it.

    - `replace` stores `token`, dropping any earlier one of the same user.
    - `get` finds a token by its hash, or None.
    - `take` removes the token of that hash and returns it, or returns None when there is
      none (never stored, or already taken): of two concurrent takes, one gets it.
    - `drop_user` removes the user's token, if any.
    """

    async def replace(self, token: ResetToken) -> None: ...

    async def get(self, token_hash: str) -> ResetToken | None: ...

    async def take(self, token_hash: str) -> ResetToken | None: ...

    async def drop_user(self, user_id: UUID) -> None: ...
