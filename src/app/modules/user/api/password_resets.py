"""The PasswordResets interface, for the module that sends reset links."""

from typing import Protocol
from uuid import UUID


class PasswordResets(Protocol):
    """Issues the single-use token of a password reset, when its link is sent.

    `issue` returns a fresh token for the user and makes any earlier one of theirs
    unusable (only the latest link works); it returns None when the user no longer
    exists. Only a hash of the token is stored; it expires after a while (30 minutes by
    default) and works once.
    """

    async def issue(self, user_id: UUID) -> str | None: ...
