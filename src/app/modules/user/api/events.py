"""The integration events the user module publishes. Subscribe to them; never change a
published version's fields: add a new type or version instead."""

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from app.kernel.events import IntegrationEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegistered(IntegrationEvent):
    TYPE: ClassVar[str] = "user.registered"
    VERSION: ClassVar[int] = 1

    user_id: UUID
    email: str
    full_name: str

    @property
    def key(self) -> str:
        return str(self.user_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class PasswordChanged(IntegrationEvent):
    """The password of an account changed: by its owner, an admin, or a reset."""

    TYPE: ClassVar[str] = "user.password_changed"
    VERSION: ClassVar[int] = 1

    user_id: UUID
    email: str
    full_name: str

    @property
    def key(self) -> str:
        return str(self.user_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class PasswordResetRequested(IntegrationEvent):
    """Someone asked to reset the password of an existing account. The event carries no
    token: whoever sends the link asks PasswordResets for one when it sends it, so a
    usable token is never stored."""

    TYPE: ClassVar[str] = "user.password_reset_requested"
    VERSION: ClassVar[int] = 1

    user_id: UUID
    email: str
    full_name: str

    @property
    def key(self) -> str:
        return str(self.user_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class UserDeleted(IntegrationEvent):
    TYPE: ClassVar[str] = "user.deleted"
    VERSION: ClassVar[int] = 1

    user_id: UUID

    @property
    def key(self) -> str:
        return str(self.user_id)
