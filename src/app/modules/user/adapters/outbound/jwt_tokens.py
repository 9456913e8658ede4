"""JWT adapter of the TokenService port, on PyJWT (HS256)."""

from datetime import timedelta
from uuid import UUID

import jwt

from app.kernel.auth import Caller, Role
from app.kernel.clock import Clock
from app.kernel.errors import AuthenticationError
from app.modules.user.ports.token_service import AccessToken

_ALGORITHM = "HS256"  # pinned: a token naming any other algorithm, `none` included, fails


class JwtTokenService:
    """Signs `sub` (user id), `role`, `iat` and `exp`; all four are required on the way in.
    `clock` dates new tokens; PyJWT checks `exp` against the wall clock."""

    def __init__(self, secret: str, ttl: timedelta, clock: Clock) -> None:
        self._secret = secret
        self._ttl = ttl
        self._clock = clock

    def issue(self, caller: Caller) -> AccessToken:
        now = self._clock.now()
        claims = {
            "sub": str(caller.user_id),
            "role": caller.role.value,
            "iat": now,
            "exp": now + self._ttl,
        }
        token = jwt.encode(claims, self._secret, algorithm=_ALGORITHM)
        return AccessToken(token=token, expires_in=int(self._ttl.total_seconds()))

    def verify(self, token: str) -> Caller:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                options={"require": ["exp", "iat", "sub"]},
            )
            return Caller(user_id=UUID(claims["sub"]), role=Role(claims["role"]))
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
            raise AuthenticationError from exc
