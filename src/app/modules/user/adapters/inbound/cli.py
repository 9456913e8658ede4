"""Driving command-line adapter of the user module: `python -m app user ...`."""

from app.infra.modules import CommandResult
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.domain.errors import InvalidEmailError, UserNotFoundError


async def promote(use_case: PromoteUser, email: str) -> CommandResult:
    """Run the promotion; return the exit status and the line to print."""
    try:
        user = await use_case(email)
    except (UserNotFoundError, InvalidEmailError):
        return 1, f"No user has the email {email!r}; register first, then promote."
    return 0, f"{user.email} is now an admin (applies from their next log-in)."
