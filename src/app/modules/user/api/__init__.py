"""What the user module publishes to other modules. Import nothing else of it.

- `UserDirectory`: look users up by id (their display name, for instance).
- `PasswordResets`: the token of a password-reset link, when the link is sent.
- Integration events: `UserRegistered`, `PasswordChanged`, `PasswordResetRequested`,
  `UserDeleted`.
"""

from app.modules.user.api.directory import UserDirectory, UserSummary
from app.modules.user.api.events import (
    PasswordChanged,
    PasswordResetRequested,
    UserDeleted,
    UserRegistered,
)
from app.modules.user.api.password_resets import PasswordResets

__all__ = [
    "PasswordChanged",
    "PasswordResetRequested",
    "PasswordResets",
    "UserDeleted",
    "UserDirectory",
    "UserRegistered",
    "UserSummary",
]
