"""Who is calling: the identity every module's use cases act for.

Authentication is a platform service: the module that owns accounts implements
`Authenticator`, and every module's inbound adapters get a `Caller` from it.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from uuid import UUID


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is making a request, as proved by their access token."""

    user_id: UUID
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class Authenticator(Protocol):
    """Proves who sent a bearer token. `authenticate` raises AuthenticationError for a
    missing, malformed, tampered-with or expired token."""

    async def authenticate(self, token: str | None) -> Caller: ...
