"""Bearer-token authentication: a platform service every module's routes use.

The module that owns accounts provides the `Authenticator` (app.kernel.auth) and serves
the token endpoint at TOKEN_URL; any route asks for the caller with
`caller: Annotated[Caller, auth.required]`, which answers 401 without a valid token.
"""

from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from app.infra.modules import ModuleError
from app.infra.routes import answers
from app.kernel.auth import Authenticator, Caller

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105
_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


class Authentication:
    def __init__(self) -> None:
        self._authenticator: Authenticator | None = None

    def provide(self, authenticator: Authenticator) -> None:
        """Called by the one module that authenticates callers, when it is wired."""
        if self._authenticator is not None:
            raise ModuleError("two modules provide authentication; keep one")
        self._authenticator = authenticator

    def check(self) -> None:
        if self._authenticator is None:
            raise ModuleError(
                "no module provides authentication; the user module does "
                "(platform.auth.provide in its module.py)"
            )

    @answers(401)
    async def caller(self, token: Annotated[str | None, Depends(_bearer)]) -> Caller:
        """The caller proved by the request's bearer token (401 without one)."""
        assert self._authenticator is not None  # noqa: S101  # check() runs at start-up
        return await self._authenticator.authenticate(token)

    @property
    def required(self) -> Any:
        """`caller: Annotated[Caller, auth.required]` in a route's parameters."""
        return Depends(self.caller)
