"""The TokenService port."""

from dataclasses import dataclass
from typing import Protocol

from app.kernel.auth import Caller


@dataclass(frozen=True, slots=True)
class AccessToken:
    token: str
    expires_in: int  # seconds


class TokenService(Protocol):
    """Issues and checks bearer tokens. `verify` raises AuthenticationError for a token
    that is malformed, tampered with, expired or signed with another algorithm."""

    def issue(self, caller: Caller) -> AccessToken: ...

    def verify(self, token: str) -> Caller: ...
