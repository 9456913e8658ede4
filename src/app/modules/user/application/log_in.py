from dataclasses import dataclass

from app.kernel.rate_limit import Limit, RateLimiter
from app.modules.user.application.sessions import Session, Sessions
from app.modules.user.domain.errors import InvalidCredentialsError, InvalidEmailError
from app.modules.user.domain.values import Email, Password
from app.modules.user.ports.password_hasher import PasswordHasher
from app.modules.user.ports.repository import UserRepository


@dataclass(frozen=True, slots=True)
class LogInRequest:
    email: str
    password: str
    client: str  # the client's address, which failed attempts are counted against


@dataclass(frozen=True, slots=True)
class LogInLimits:
    """Failed log-ins allowed per account and per client address in a moving window."""

    per_account: Limit
    per_client: Limit


class LogIn:
    """Exchange an email and password for a bearer access token and a refresh token.

    A wrong email and a wrong password get the same 401 answer, in about the same time.
    The access token carries the user's id and role and lives briefly (15 minutes by
    default); the refresh token (14 days) gets the next pair from POST /auth/refresh.

    Failed attempts are limited per account and per client address (429 with
    Retry-After once either limit is used up, the right password included). The window
    moves: an attempt stops counting once it is older than the window, so failures
    nobody repeats never lock anyone out for longer than that.
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        sessions: Sessions,
        limiter: RateLimiter,
        limits: LogInLimits,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._sessions = sessions
        self._limiter = limiter
        self._limits = limits
        self._decoy_hash: str | None = None

    async def __call__(self, request: LogInRequest) -> Session:
        await self._limiter.check(self._limits.per_client, request.client)
        try:
            email = Email(request.email)
        except InvalidEmailError:
            await self._limiter.count(self._limits.per_client, request.client)
            raise InvalidCredentialsError from None
        await self._limiter.check(self._limits.per_account, email.value)
        user = await self._users.get_by_email(email)
        stored_hash = user.password_hash if user else await self._decoy()
        if not await self._hasher.verify(request.password, stored_hash) or user is None:
            await self._limiter.count(self._limits.per_client, request.client)
            await self._limiter.count(self._limits.per_account, email.value)
            raise InvalidCredentialsError
        return await self._sessions.start(user)

    async def _decoy(self) -> str:
        # Verified when the email is unknown, so that a wrong email costs as long as a
        # wrong password and response times do not tell which accounts exist.
        if self._decoy_hash is None:
            self._decoy_hash = await self._hasher.hash(Password("decoy-password-never-matches"))
        return self._decoy_hash
