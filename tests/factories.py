"""Builders of domain objects for tests."""

from datetime import UTC, datetime, timedelta

from app.kernel.auth import Role
from app.kernel.ids import new_id
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email, FullName

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


class FixedClock:
    """A clock that stands still until moved."""

    def __init__(self, now: datetime = T0) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def a_user(email: str = "ada@example.com", role: Role = Role.USER, **changes: object) -> User:
    values: dict[str, object] = {
        "id": new_id(),
        "email": Email(email),
        "full_name": FullName("Ada Lovelace"),
        "password_hash": "$argon2id$not-a-real-hash",
        "role": role,
        "created_at": T0,
        "updated_at": T0,
        **changes,
    }
    return User(**values)  # type: ignore[arg-type]
