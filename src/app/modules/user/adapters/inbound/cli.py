"""Driving command-line adapter of the user module: `python -m app users ...`."""

import argparse

from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.domain.errors import InvalidEmailError, UserNotFoundError


def add_user_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    users = commands.add_parser("users", help="manage user accounts")
    actions = users.add_subparsers(dest="action", required=True)
    promote = actions.add_parser("promote", help="give an existing user the admin role")
    promote.add_argument("email")


async def promote(use_case: PromoteUser, email: str) -> tuple[int, str]:
    """Run the promotion; return the exit status and the line to print."""
    try:
        user = await use_case(email)
    except (UserNotFoundError, InvalidEmailError):
        return 1, f"No user has the email {email!r}; register first, then promote."
    return 0, f"{user.email} is now an admin (applies from their next log-in)."
