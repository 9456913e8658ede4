"""A refresh token, as stored: its hash, whose session it continues, and whether it was used."""

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class RefreshToken:
    """One link of a session's chain. Each refresh uses the presented token once and
    gives a new one of the same `family` (the session, from its log-in on): a token used
    a second time was stolen or replayed, and its whole family is revoked.

    The token itself goes only to the client; the store keeps its SHA-256 (a random
    256-bit token needs no slow hash), like a reset token's.
    """

    token_hash: str
    user_id: UUID
    family_id: UUID
    expires_at: datetime
    used_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def used(self, now: datetime) -> "RefreshToken":
        return replace(self, used_at=now)
