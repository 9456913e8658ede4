"""The token of a password reset, as stored: only its hash."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ResetToken:
    """A user's pending password reset. The token itself goes only into the link sent to
    the user; the store keeps its hash (app.modules.user.domain.opaque_token)."""

    token_hash: str
    user_id: UUID
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at
