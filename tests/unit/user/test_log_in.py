import pytest

from app.kernel.auth import Caller, Role
from app.kernel.errors import AuthenticationError
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import InMemoryUserRepository
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.log_in import LogIn, LogInRequest
from app.modules.user.application.sessions import Sessions
from app.modules.user.domain.errors import InvalidCredentialsError
from app.modules.user.domain.user import User
from tests.unit.user.conftest import PASSWORD


@pytest.fixture
def log_in(
    users: InMemoryUserRepository, hasher: Argon2PasswordHasher, sessions: Sessions
) -> LogIn:
    return LogIn(users, hasher, sessions)


async def test_log_in_with_the_right_password_gives_a_token_naming_the_user(
    log_in: LogIn, tokens: JwtTokenService, ada: User
) -> None:
    session = await log_in(LogInRequest("ADA@example.com", PASSWORD))

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
        await log_in(LogInRequest(email, password))


async def test_an_unknown_email_is_checked_against_a_real_hash(
    log_in: LogIn, hasher: Argon2PasswordHasher
) -> None:
    for _ in range(2):
        with pytest.raises(InvalidCredentialsError):
            await log_in(LogInRequest("nobody@example.com", PASSWORD))

    decoy = log_in._decoy_hash
    assert decoy is not None
    assert decoy.startswith("$argon2id$")
    assert not await hasher.verify(PASSWORD, decoy)


async def test_identify_caller_refuses_a_missing_token(tokens: JwtTokenService) -> None:
    with pytest.raises(AuthenticationError, match="Bearer"):
        await IdentifyCaller(tokens).authenticate(None)
