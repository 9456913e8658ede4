"""The token of a password reset, as stored: only its hash."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class ResetToken:
    """A user's pending password reset. The token itself goes only into the link sent to
    the user; the store keeps its SHA-256 (a random 256-bit token needs no slow hash)."""

    token_hash: str
    user_id: UUID
    expires_at: datetime

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at
