from app.kernel.auth import Caller
from app.kernel.errors import AuthenticationError
from app.modules.user.ports.token_service import TokenService


class IdentifyCaller:
    """Tell who sent a request from its bearer token; no token or a bad one is refused.
    The platform's Authenticator: every module's routes authenticate through it."""

    def __init__(self, tokens: TokenService) -> None:
        self._tokens = tokens

    async def authenticate(self, token: str | None) -> Caller:
        if not token:
            raise AuthenticationError("Log in and send the access token as a Bearer token.")
        return self._tokens.verify(token)
