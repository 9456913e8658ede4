"""What the user module publishes to other modules. Import nothing else of it.

- `UserDirectory`: look users up by id (their display name, for instance).
"""

from app.modules.user.api.directory import UserDirectory, UserSummary

__all__ = ["UserDirectory", "UserSummary"]
