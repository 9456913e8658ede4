"""Bearer-token authentication: a platform service every module's routes use.

The module that owns accounts provides the `Authenticator` (app.kernel.auth) and serves
the token endpoint at TOKEN_URL; any route asks for the caller with
`caller: Annotated[Caller, auth.required]`, which answers 401 without a valid token.
"""

from typing import Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from app.infra.modules import ModuleError
from app.infra.routes import answers
from app.kernel.auth import Authenticator, Caller

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105


class _BearerCaller(OAuth2PasswordBearer):
    """The OpenAPI security scheme (OAuth2 password flow) and the dependency that turns the
    request's bearer token into the caller, in one: one dependency to solve per request."""

    def __init__(self, authentication: "Authentication") -> None:
        super().__init__(tokenUrl=TOKEN_URL, auto_error=False)
        self._authentication = authentication

    async def __call__(self, request: Request) -> Caller:  # type: ignore[override]
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        bearer = token.strip() if scheme.lower() == "bearer" else None
        authenticator = self._authentication.authenticator
        assert authenticator is not None  # noqa: S101  # Authentication.check at start-up
        return await authenticator.authenticate(bearer or None)


class Authentication:
    def __init__(self) -> None:
        self.authenticator: Authenticator | None = None
        self._caller = answers(401)(_BearerCaller(self))

    def provide(self, authenticator: Authenticator) -> None:
        """Called by the one module that authenticates callers, when it is wired."""
        if self.authenticator is not None:
            raise ModuleError("two modules provide authentication; keep one")
        self.authenticator = authenticator

    def check(self) -> None:
        if self.authenticator is None:
            raise ModuleError(
                "no module provides authentication; the user module does "
                "(platform.auth.provide in its module.py)"
            )

    @property
    def required(self) -> Any:
        """`caller: Annotated[Caller, auth.required]` in a route's parameters."""
        return Depends(self._caller)
