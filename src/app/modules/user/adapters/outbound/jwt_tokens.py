"""JWT adapter of the TokenService port, on PyJWT (HS256)."""

import time
from collections import OrderedDict
from datetime import timedelta
from uuid import UUID

import jwt

from app.kernel.auth import Caller, Role
from app.kernel.clock import Clock
from app.kernel.errors import AuthenticationError
from app.modules.user.ports.token_service import AccessToken

_ALGORITHM = "HS256"  # pinned: a token naming any other algorithm, `none` included, fails
CACHE_SIZE = 4096


class JwtTokenService:
    """Signs `sub` (user id), `role`, `iat` and `exp`; all four are required on the way in.
    `clock` dates new tokens; PyJWT checks `exp` against the wall clock.

    Verifying a signature costs tens of microseconds; a client sends the same token with
    each request until it expires. So tokens already verified are remembered with their
    caller and expiry, the `CACHE_SIZE` most recent ones: a repeat costs a dict lookup.
    Only verified tokens enter the cache, so a flood of forged ones cannot grow it, and a
    flood of valid ones only pushes the oldest out.
    """

    def __init__(self, secret: str, ttl: timedelta, clock: Clock) -> None:
        self._secret = secret
        self._ttl = ttl
        self._clock = clock
        self._verified: OrderedDict[str, tuple[Caller, float]] = OrderedDict()

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
        known = self._verified.get(token)
        if known is not None:
            caller, expires = known
            if time.time() < expires:
                self._verified.move_to_end(token)
                return caller
            del self._verified[token]
            raise AuthenticationError
        caller, expires = self._decode(token)
        self._verified[token] = (caller, expires)
        if len(self._verified) > CACHE_SIZE:
            self._verified.popitem(last=False)
        return caller

    def _decode(self, token: str) -> tuple[Caller, float]:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                options={"require": ["exp", "iat", "sub"]},
            )
            caller = Caller(user_id=UUID(claims["sub"]), role=Role(claims["role"]))
            return caller, float(claims["exp"])
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as exc:
            raise AuthenticationError from exc
