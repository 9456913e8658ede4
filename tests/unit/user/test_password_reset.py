"""Resetting a forgotten password: asking, the token, and confirming, on memory."""

from datetime import timedelta

import pytest

from app.infra.memory import MemoryDatabase
from app.kernel.ids import new_id
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.memory import (
    InMemoryRefreshTokenStore,
    InMemoryResetTokenStore,
    InMemoryUserRepository,
)
from app.modules.user.api import PasswordChanged, PasswordResetRequested
from app.modules.user.application.confirm_password_reset import (
    ConfirmPasswordReset,
    ConfirmPasswordResetRequest,
)
from app.modules.user.application.issue_reset_token import IssueResetToken
from app.modules.user.application.request_password_reset import RequestPasswordReset
from app.modules.user.domain.errors import InvalidResetTokenError, WeakPasswordError
from app.modules.user.domain.opaque_token import hash_of
from app.modules.user.domain.user import User
from tests.events import RecordedEvents
from tests.factories import FixedClock
from tests.unit.user.conftest import PASSWORD

NEW = "a brand new passphrase"


@pytest.fixture
def reset_tokens(database: MemoryDatabase) -> InMemoryResetTokenStore:
    return InMemoryResetTokenStore(database)


@pytest.fixture
def issue(
    users: InMemoryUserRepository, reset_tokens: InMemoryResetTokenStore, clock: FixedClock
) -> IssueResetToken:
    return IssueResetToken(users, reset_tokens, clock, timedelta(minutes=30))


@pytest.fixture
def confirm(
    users: InMemoryUserRepository,
    reset_tokens: InMemoryResetTokenStore,
    hasher: Argon2PasswordHasher,
    clock: FixedClock,
    database: MemoryDatabase,
    events: RecordedEvents,
    refresh_tokens: InMemoryRefreshTokenStore,
) -> ConfirmPasswordReset:
    return ConfirmPasswordReset(
        users, reset_tokens, refresh_tokens, hasher, clock, database.transaction, events
    )


async def test_asking_for_an_existing_account_publishes_the_request_and_others_nothing(
    users: InMemoryUserRepository,
    clock: FixedClock,
    database: MemoryDatabase,
    events: RecordedEvents,
    ada: User,
) -> None:
    request = RequestPasswordReset(users, clock, database.transaction, events)
    events.published.clear()  # ada's registration

    for email in ["nobody@example.com", "not an email", "ADA@example.com"]:
        await request(email)

    assert events.published == [
        PasswordResetRequested(
            occurred_at=clock.now(),
            id=events.published[0].id,
            user_id=ada.id,
            email="ada@example.com",
            full_name="Ada Lovelace",
        )
    ]


async def test_only_a_hash_of_the_token_is_stored_and_a_new_one_replaces_it(
    issue: IssueResetToken, reset_tokens: InMemoryResetTokenStore, ada: User
) -> None:
    first = await issue.issue(ada.id)
    second = await issue.issue(ada.id)

    assert first is not None
    assert second is not None
    assert await reset_tokens.get(first) is None  # stored only as a hash
    assert await reset_tokens.get(hash_of(first)) is None  # replaced
    stored = await reset_tokens.get(hash_of(second))
    assert stored is not None
    assert stored.user_id == ada.id
    assert await issue.issue(new_id()) is None  # no such user: no token


async def test_a_token_sets_a_new_password_once_and_announces_it(
    issue: IssueResetToken,
    confirm: ConfirmPasswordReset,
    users: InMemoryUserRepository,
    hasher: Argon2PasswordHasher,
    events: RecordedEvents,
    ada: User,
) -> None:
    token = await issue.issue(ada.id)
    assert token is not None
    events.published.clear()  # ada's registration

    await confirm(ConfirmPasswordResetRequest(token, NEW))

    stored = await users.get(ada.id)
    assert stored is not None
    assert await hasher.verify(NEW, stored.password_hash)
    assert not await hasher.verify(PASSWORD, stored.password_hash)
    assert [type(e) for e in events.published] == [PasswordChanged]
    with pytest.raises(InvalidResetTokenError):
        await confirm(ConfirmPasswordResetRequest(token, "yet another passphrase"))


async def test_an_expired_forged_or_replaced_token_changes_nothing(
    issue: IssueResetToken,
    confirm: ConfirmPasswordReset,
    users: InMemoryUserRepository,
    clock: FixedClock,
    ada: User,
) -> None:
    replaced = await issue.issue(ada.id)
    expired = await issue.issue(ada.id)
    assert replaced is not None
    assert expired is not None
    clock.advance(minutes=30)

    for token in [expired, replaced, "forged"]:
        with pytest.raises(InvalidResetTokenError):
            await confirm(ConfirmPasswordResetRequest(token, NEW))

    assert await users.get(ada.id) == ada
    assert (await users.get(ada.id)).version == 1  # type: ignore[union-attr]


async def test_a_weak_new_password_is_refused_before_the_token_is_used(
    issue: IssueResetToken, confirm: ConfirmPasswordReset, ada: User
) -> None:
    token = await issue.issue(ada.id)
    assert token is not None

    with pytest.raises(WeakPasswordError):
        await confirm(ConfirmPasswordResetRequest(token, "short"))
    await confirm(ConfirmPasswordResetRequest(token, NEW))  # still usable
