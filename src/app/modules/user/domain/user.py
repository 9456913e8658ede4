"""The User entity."""

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from app.kernel.auth import Role
from app.modules.user.domain.values import Email, FullName


@dataclass(frozen=True, slots=True, eq=False)
class User:
    """A registered account. Two users are the same user when their ids are equal.

    `version` counts committed changes; a repository refuses an update made from an older
    version, so concurrent writers cannot overwrite each other.
    """

    id: UUID
    email: Email
    full_name: FullName
    password_hash: str
    role: Role
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, User) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"User(id={self.id!s}, email={self.email!s}, role={self.role.value})"

    def renamed(self, full_name: FullName, now: datetime) -> "User":
        return replace(self, full_name=full_name, updated_at=now)

    def with_password_hash(self, password_hash: str, now: datetime) -> "User":
        return replace(self, password_hash=password_hash, updated_at=now)

    def promoted(self, now: datetime) -> "User":
        return replace(self, role=Role.ADMIN, updated_at=now)
