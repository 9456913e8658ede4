"""Refresh tokens: rotation on every use, reuse detection, log-out and expiry."""

import pytest

from app.infra.memory import MemoryDatabase
from app.kernel.auth import Caller, Role
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import (
    InMemoryRefreshTokenStore,
    InMemoryUserRepository,
)
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.log_out import LogOut
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.application.refresh_session import RefreshSession
from app.modules.user.application.sessions import Sessions
from app.modules.user.domain.errors import InvalidRefreshTokenError
from app.modules.user.domain.opaque_token import hash_of
from app.modules.user.domain.user import User
from tests.factories import FixedClock


@pytest.fixture
def refresh(
    users: InMemoryUserRepository,
    refresh_tokens: InMemoryRefreshTokenStore,
    sessions: Sessions,
    clock: FixedClock,
    database: MemoryDatabase,
) -> RefreshSession:
    return RefreshSession(users, refresh_tokens, sessions, clock, database.transaction)


@pytest.fixture
def log_out(refresh_tokens: InMemoryRefreshTokenStore, clock: FixedClock) -> LogOut:
    return LogOut(refresh_tokens, clock)


async def test_a_refresh_gives_a_new_pair_and_the_old_token_is_spent(
    refresh: RefreshSession, sessions: Sessions, tokens: JwtTokenService, ada: User
) -> None:
    first = await sessions.start(ada)

    second = await refresh(first.refresh_token)

    assert second.refresh_token != first.refresh_token
    caller = await IdentifyCaller(tokens).authenticate(second.access_token)
    assert caller == Caller(ada.id, Role.USER)
    third = await refresh(second.refresh_token)  # the successor works in turn
    assert third.refresh_token not in {first.refresh_token, second.refresh_token}


async def test_a_reused_token_revokes_the_whole_session(
    refresh: RefreshSession, sessions: Sessions, ada: User
) -> None:
    first = await sessions.start(ada)
    other = await sessions.start(ada)  # another device: a separate session
    second = await refresh(first.refresh_token)

    with pytest.raises(InvalidRefreshTokenError):
        await refresh(first.refresh_token)  # replayed by whoever copied it
    with pytest.raises(InvalidRefreshTokenError):
        await refresh(second.refresh_token)  # so the legitimate successor is dead too

    assert (await refresh(other.refresh_token)).refresh_token


async def test_an_expired_or_unknown_token_is_refused(
    refresh: RefreshSession, sessions: Sessions, clock: FixedClock, ada: User
) -> None:
    session = await sessions.start(ada)
    clock.advance(days=14)

    with pytest.raises(InvalidRefreshTokenError):
        await refresh(session.refresh_token)
    with pytest.raises(InvalidRefreshTokenError):
        await refresh("not-a-token-we-issued")


async def test_a_refresh_carries_the_users_current_role(
    refresh: RefreshSession,
    sessions: Sessions,
    tokens: JwtTokenService,
    users: InMemoryUserRepository,
    clock: FixedClock,
    ada: User,
) -> None:
    session = await sessions.start(ada)
    await PromoteUser(users, clock)(ada.email.value)

    refreshed = await refresh(session.refresh_token)

    caller = await IdentifyCaller(tokens).authenticate(refreshed.access_token)
    assert caller.role is Role.ADMIN


async def test_log_out_ends_that_session_only_and_may_be_repeated(
    refresh: RefreshSession, log_out: LogOut, sessions: Sessions, ada: User
) -> None:
    first = await sessions.start(ada)
    second = await refresh(first.refresh_token)
    other = await sessions.start(ada)

    await log_out(second.refresh_token)
    await log_out(second.refresh_token)
    await log_out("never issued")

    with pytest.raises(InvalidRefreshTokenError):
        await refresh(second.refresh_token)
    assert (await refresh(other.refresh_token)).refresh_token


async def test_a_log_in_clears_the_users_expired_tokens(
    sessions: Sessions, refresh_tokens: InMemoryRefreshTokenStore, clock: FixedClock, ada: User
) -> None:
    old = await sessions.start(ada)
    clock.advance(days=15)

    await sessions.start(ada)

    assert await refresh_tokens.use(hash_of(old.refresh_token), clock.now()) is None
