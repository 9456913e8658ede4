"""Bearer-token authentication and the ETag / If-Match helpers of the user API."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.infra.problems import ProblemError
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.domain.errors import InvalidTokenError
from app.modules.user.domain.user import Caller, User

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105
bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


def caller_dependency(identify: IdentifyCaller) -> Callable[..., Awaitable[Caller]]:
    """A FastAPI dependency that answers 401 unless the request bears a valid token."""

    async def current_caller(token: Annotated[str | None, Depends(bearer)]) -> Caller:
        try:
            return identify(token)
        except InvalidTokenError as exc:
            raise ProblemError(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc

    return current_caller


def etag(user: User) -> str:
    return f'"{user.version}"'


def version_from_if_match(if_match: str | None) -> int:
    """The version an If-Match header asks for; -1 (matches nothing) when it names none of
    ours. A missing header answers 428: updates must say which version they change."""
    if if_match is None or if_match.strip() == "*":
        raise ProblemError(
            428, "Send If-Match with the ETag of the user you read, so no update is lost."
        )
    tag = if_match.strip()
    digits = tag[1:-1] if len(tag) > 2 and tag[0] == tag[-1] == '"' else ""
    return int(digits) if digits.isdigit() and len(digits) < 10 else -1
