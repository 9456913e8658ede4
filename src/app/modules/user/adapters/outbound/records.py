"""The flat record of a user that the SQL row and the MongoDB document share."""

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from app.kernel.auth import Role
from app.kernel.clock import as_utc
from app.kernel.values import restored
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email, FullName


def to_record(user: User) -> dict[str, Any]:
    """Every field but the id, whose key and type each store chooses."""
    return {
        "email": user.email.value,
        "full_name": user.full_name.value,
        "password_hash": user.password_hash,
        "role": user.role.value,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "version": user.version,
    }


def update_fields(user: User) -> dict[str, Any]:
    """What an update writes: the record less what never changes (email, created_at) and
    the version, which the store increments itself."""
    record = to_record(user)
    del record["email"], record["created_at"], record["version"]
    return record


def from_record(user_id: UUID, record: Mapping[str, Any]) -> User:
    """The stored user, as stored: values written under older rules still read back."""
    return User(
        id=user_id,
        email=restored(Email, value=record["email"]),
        full_name=restored(FullName, value=record["full_name"]),
        password_hash=record["password_hash"],
        role=Role(record["role"]),
        created_at=as_utc(record["created_at"]),
        updated_at=as_utc(record["updated_at"]),
        version=record["version"],
    )
