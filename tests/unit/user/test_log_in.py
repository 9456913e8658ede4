import pytest

from app.infra.rate_limits import LimitsRateLimiter
from app.kernel.auth import Caller, Role
from app.kernel.errors import AuthenticationError
from app.kernel.rate_limit import Limit, RateLimitedError
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import InMemoryUserRepository
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.log_in import LogIn, LogInLimits, LogInRequest
from app.modules.user.application.sessions import Sessions
from app.modules.user.domain.errors import InvalidCredentialsError
from app.modules.user.domain.user import User
from tests.backends import make_settings
from tests.unit.user.conftest import PASSWORD

LIMITS = LogInLimits(per_account=Limit("account", 3, 60), per_client=Limit("client", 5, 60))
HERE, ELSEWHERE = "192.0.2.1", "198.51.100.7"


@pytest.fixture
def log_in(
    users: InMemoryUserRepository, hasher: Argon2PasswordHasher, sessions: Sessions
) -> LogIn:
    return LogIn(users, hasher, sessions, LimitsRateLimiter(make_settings("memory://")), LIMITS)


async def test_log_in_with_the_right_password_gives_a_token_naming_the_user(
    log_in: LogIn, tokens: JwtTokenService, ada: User
) -> None:
    session = await log_in(LogInRequest("ADA@example.com", PASSWORD, HERE))

    assert (session.expires_in, session.refresh_expires_in) == (900, 14 * 86_400)
    caller = await IdentifyCaller(tokens).authenticate(session.access_token)
    assert caller == Caller(ada.id, Role.USER)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ada@example.com", "wrong password!!"),
        ("nobody@example.com", PASSWORD),
        ("not an email", PASSWORD),
        ("ada@example.com", ""),
    ],
)
async def test_log_in_refuses_a_wrong_email_or_password_alike(
    log_in: LogIn, ada: User, email: str, password: str
) -> None:
    with pytest.raises(InvalidCredentialsError, match="Incorrect email or password"):
        await log_in(LogInRequest(email, password, HERE))


async def test_an_unknown_email_is_checked_against_a_real_hash(
    log_in: LogIn, hasher: Argon2PasswordHasher
) -> None:
    for _ in range(2):
        with pytest.raises(InvalidCredentialsError):
            await log_in(LogInRequest("nobody@example.com", PASSWORD, HERE))

    decoy = log_in._decoy_hash
    assert decoy is not None
    assert decoy.startswith("$argon2id$")
    assert not await hasher.verify(PASSWORD, decoy)


async def test_identify_caller_refuses_a_missing_token(tokens: JwtTokenService) -> None:
    with pytest.raises(AuthenticationError, match="Bearer"):
        await IdentifyCaller(tokens).authenticate(None)


async def test_failed_log_ins_are_limited_per_account_whoever_fails(
    log_in: LogIn, ada: User, grace: User
) -> None:
    for client in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        with pytest.raises(InvalidCredentialsError):
            await log_in(LogInRequest("ada@example.com", "wrong password!!", client))

    with pytest.raises(RateLimitedError) as refused:
        await log_in(LogInRequest("ADA@example.com", PASSWORD, HERE))  # even the right one
    assert 1 <= refused.value.retry_after <= 60
    assert await log_in(LogInRequest("grace@example.com", PASSWORD, HERE))  # others unaffected


async def test_failed_log_ins_are_limited_per_client_across_accounts(
    log_in: LogIn, ada: User
) -> None:
    for email in ("a@example.com", "b@example.com", "c@example.com", "d@example.com", "nope"):
        with pytest.raises(InvalidCredentialsError):
            await log_in(LogInRequest(email, PASSWORD, HERE))

    with pytest.raises(RateLimitedError):
        await log_in(LogInRequest("ada@example.com", PASSWORD, HERE))
    assert await log_in(LogInRequest("ada@example.com", PASSWORD, ELSEWHERE))


async def test_successful_log_ins_are_not_counted(log_in: LogIn, ada: User) -> None:
    for _ in range(LIMITS.per_client.amount + 1):
        assert await log_in(LogInRequest("ada@example.com", PASSWORD, HERE))
