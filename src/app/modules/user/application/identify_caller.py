from app.modules.user.domain.errors import InvalidTokenError
from app.modules.user.domain.user import Caller
from app.modules.user.ports.token_service import TokenService


class IdentifyCaller:
    """Tell who sent a request from its bearer token; no token or a bad one is refused."""

    def __init__(self, tokens: TokenService) -> None:
        self._tokens = tokens

    def __call__(self, token: str | None) -> Caller:
        if not token:
            raise InvalidTokenError("Log in and send the access token as a Bearer token.")
        return self._tokens.verify(token)
