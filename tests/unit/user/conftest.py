from datetime import timedelta

import pytest

from app.infra.memory import MemoryDatabase
from app.kernel.clock import SystemClock
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import (
    InMemoryRefreshTokenStore,
    InMemoryUserRepository,
)
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.application.sessions import Sessions
from app.modules.user.domain.user import User
from tests.backends import TEST_SECRET
from tests.events import RecordedEvents
from tests.factories import FixedClock

PASSWORD = "correct horse battery staple"


@pytest.fixture
def database() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
def users(database: MemoryDatabase) -> InMemoryUserRepository:
    return InMemoryUserRepository(database)


@pytest.fixture
def events(database: MemoryDatabase) -> RecordedEvents:
    return RecordedEvents(database)


@pytest.fixture
def refresh_tokens(database: MemoryDatabase) -> InMemoryRefreshTokenStore:
    return InMemoryRefreshTokenStore(database)


@pytest.fixture
def sessions(
    tokens: JwtTokenService, refresh_tokens: InMemoryRefreshTokenStore, clock: FixedClock
) -> Sessions:
    return Sessions(tokens, refresh_tokens, clock, timedelta(days=14))


@pytest.fixture
def hasher() -> Argon2PasswordHasher:
    return Argon2PasswordHasher(time_cost=1, memory_cost_kib=1024)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def tokens() -> JwtTokenService:
    # PyJWT checks `exp` against the wall clock, so tokens are issued on it too.
    return JwtTokenService(TEST_SECRET, timedelta(minutes=15), SystemClock())


@pytest.fixture
def register(
    users: InMemoryUserRepository,
    hasher: Argon2PasswordHasher,
    clock: FixedClock,
    database: MemoryDatabase,
    events: RecordedEvents,
) -> RegisterUser:
    return RegisterUser(users, hasher, clock, database.transaction, events)


@pytest.fixture
async def ada(register: RegisterUser) -> User:
    return await register(RegisterUserRequest("ada@example.com", PASSWORD, "Ada Lovelace"))


@pytest.fixture
async def grace(register: RegisterUser) -> User:
    return await register(RegisterUserRequest("grace@example.com", PASSWORD, "Grace Hopper"))
