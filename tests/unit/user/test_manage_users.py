"""Reading, listing, updating, deleting and promoting users, with their access rules."""

import pytest

from app.infra.memory import MemoryDatabase
from app.kernel.auth import Caller, Role
from app.kernel.ids import new_id
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.memory import (
    InMemoryRefreshTokenStore,
    InMemoryUserRepository,
)
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.list_users import ListUsers
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.application.sessions import Sessions
from app.modules.user.application.update_user import UpdateUser, UpdateUserRequest
from app.modules.user.domain.errors import (
    CurrentPasswordRequiredError,
    NotAllowedError,
    StaleVersionError,
    UserNotFoundError,
    WeakPasswordError,
    WrongCurrentPasswordError,
)
from app.modules.user.domain.opaque_token import hash_of
from app.modules.user.domain.user import User
from tests.events import RecordedEvents
from tests.factories import FixedClock
from tests.unit.user.conftest import PASSWORD


def as_user(user: User) -> Caller:
    return Caller(user.id, Role.USER)


@pytest.fixture
async def admin(users: InMemoryUserRepository, register: RegisterUser, clock: FixedClock) -> Caller:
    """The caller of an admin account that exists in the store."""
    await register(RegisterUserRequest("root@example.com", PASSWORD, "Root"))
    account = await PromoteUser(users, clock)("root@example.com")
    return Caller(account.id, Role.ADMIN)


@pytest.fixture
def update(
    users: InMemoryUserRepository,
    hasher: Argon2PasswordHasher,
    clock: FixedClock,
    database: MemoryDatabase,
    events: RecordedEvents,
    refresh_tokens: InMemoryRefreshTokenStore,
) -> UpdateUser:
    return UpdateUser(users, hasher, refresh_tokens, clock, database.transaction, events)


@pytest.fixture
def delete(
    users: InMemoryUserRepository,
    clock: FixedClock,
    database: MemoryDatabase,
    events: RecordedEvents,
    refresh_tokens: InMemoryRefreshTokenStore,
) -> DeleteUser:
    return DeleteUser(users, refresh_tokens, clock, database.transaction, events)


async def test_a_user_reads_themselves_and_an_admin_reads_anyone(
    users: InMemoryUserRepository, ada: User, admin: Caller
) -> None:
    get = GetUser(users)

    assert await get(as_user(ada), ada.id) == ada
    assert await get(admin, ada.id) == ada


async def test_a_user_reading_another_is_refused_whether_or_not_it_exists(
    users: InMemoryUserRepository, ada: User, grace: User, admin: Caller
) -> None:
    get = GetUser(users)

    with pytest.raises(NotAllowedError):
        await get(as_user(ada), grace.id)
    with pytest.raises(NotAllowedError):
        await get(as_user(ada), new_id())
    with pytest.raises(UserNotFoundError):
        await get(admin, new_id())


async def test_listing_pages_through_every_user_and_is_for_admins_only(
    users: InMemoryUserRepository, register: RegisterUser, ada: User, admin: Caller
) -> None:
    for i in range(4):
        await register(RegisterUserRequest(f"u{i}@example.com", PASSWORD, f"User {i}"))
    list_users = ListUsers(users)

    first = await list_users(admin, limit=3, after=None)
    second = await list_users(admin, limit=3, after=first.next_after)

    assert len(first.items) == 3
    assert first.items[0] == ada
    assert len(second.items) == 3  # ada, root and four more: two full pages
    assert second.next_after is None
    with pytest.raises(NotAllowedError):
        await list_users(as_user(ada), limit=3, after=None)


async def test_a_page_never_exceeds_one_hundred_users(
    users: InMemoryUserRepository, ada: User, admin: Caller
) -> None:
    page = await ListUsers(users)(admin, limit=10_000, after=None)

    assert [u.id for u in page.items] == [ada.id, admin.user_id]


async def test_update_renames_and_rehashes_and_bumps_the_version(
    update: UpdateUser, hasher: Argon2PasswordHasher, clock: FixedClock, ada: User
) -> None:
    clock.advance(minutes=5)
    request = UpdateUserRequest(
        ada.id, 1, full_name="Ada King", password="a new long password", current_password=PASSWORD
    )

    updated = await update(as_user(ada), request)

    assert (updated.full_name.value, updated.version) == ("Ada King", 2)
    assert updated.updated_at == clock.now()
    assert await hasher.verify("a new long password", updated.password_hash)
    assert not await hasher.verify(PASSWORD, updated.password_hash)


async def test_update_from_an_old_version_is_refused_and_changes_nothing(
    update: UpdateUser, users: InMemoryUserRepository, ada: User
) -> None:
    await update(as_user(ada), UpdateUserRequest(ada.id, 1, full_name="First"))

    with pytest.raises(StaleVersionError):
        await update(as_user(ada), UpdateUserRequest(ada.id, 1, full_name="Second"))

    stored = await users.get(ada.id)
    assert stored is not None
    assert stored.full_name.value == "First"


async def test_update_checks_rights_existence_and_password_policy(
    update: UpdateUser, ada: User, grace: User, admin: Caller
) -> None:
    with pytest.raises(NotAllowedError):
        await update(as_user(ada), UpdateUserRequest(grace.id, 1, full_name="Hacked"))
    with pytest.raises(UserNotFoundError):
        await update(admin, UpdateUserRequest(new_id(), 1, full_name="Nobody"))
    with pytest.raises(WeakPasswordError):
        await update(as_user(ada), UpdateUserRequest(ada.id, 1, password="short"))
    assert (await update(admin, UpdateUserRequest(grace.id, 1, full_name="G"))).version == 2


async def test_changing_ones_own_password_needs_the_current_one(
    update: UpdateUser, users: InMemoryUserRepository, hasher: Argon2PasswordHasher, ada: User
) -> None:
    new = "a new long password"

    with pytest.raises(CurrentPasswordRequiredError):
        await update(as_user(ada), UpdateUserRequest(ada.id, 1, full_name="X", password=new))
    with pytest.raises(WrongCurrentPasswordError):
        await update(
            as_user(ada), UpdateUserRequest(ada.id, 1, password=new, current_password="guess!!!")
        )

    stored = await users.get(ada.id)
    assert stored is not None
    assert (stored.version, stored.full_name.value) == (1, "Ada Lovelace")  # nothing written
    assert await hasher.verify(PASSWORD, stored.password_hash)


async def test_an_admin_sets_a_password_without_knowing_the_old_one(
    update: UpdateUser, hasher: Argon2PasswordHasher, ada: User, admin: Caller
) -> None:
    updated = await update(admin, UpdateUserRequest(ada.id, 1, password="set by the admin"))

    assert await hasher.verify("set by the admin", updated.password_hash)


async def test_a_new_password_ends_every_session_of_the_user(
    update: UpdateUser,
    sessions: Sessions,
    refresh_tokens: InMemoryRefreshTokenStore,
    ada: User,
    grace: User,
    admin: Caller,
    clock: FixedClock,
) -> None:
    mine = [await sessions.start(ada), await sessions.start(ada)]
    theirs = await sessions.start(grace)

    await update(admin, UpdateUserRequest(ada.id, 1, password="set by the admin"))

    for session in mine:
        assert await refresh_tokens.use(hash_of(session.refresh_token), clock.now()) is None
    assert await refresh_tokens.use(hash_of(theirs.refresh_token), clock.now()) is not None


async def test_a_new_name_alone_keeps_the_sessions(
    update: UpdateUser,
    sessions: Sessions,
    refresh_tokens: InMemoryRefreshTokenStore,
    ada: User,
    clock: FixedClock,
) -> None:
    session = await sessions.start(ada)

    await update(as_user(ada), UpdateUserRequest(ada.id, 1, full_name="Ada King"))

    assert await refresh_tokens.use(hash_of(session.refresh_token), clock.now()) is not None


async def test_delete_removes_oneself_and_admins_delete_anyone(
    users: InMemoryUserRepository, ada: User, grace: User, admin: Caller, delete: DeleteUser
) -> None:
    with pytest.raises(NotAllowedError):
        await delete(as_user(ada), grace.id)
    await delete(as_user(ada), ada.id)
    await delete(admin, grace.id)

    assert [u.id for u in await users.list_page(limit=10)] == [admin.user_id]
    with pytest.raises(UserNotFoundError):
        await delete(admin, grace.id)


async def test_a_deleted_user_has_no_session_left(
    delete: DeleteUser,
    sessions: Sessions,
    refresh_tokens: InMemoryRefreshTokenStore,
    ada: User,
    admin: Caller,
    clock: FixedClock,
) -> None:
    session = await sessions.start(ada)

    await delete(admin, ada.id)

    assert await refresh_tokens.use(hash_of(session.refresh_token), clock.now()) is None


async def test_promote_makes_an_admin_once_and_is_idempotent(
    users: InMemoryUserRepository, clock: FixedClock, ada: User
) -> None:
    promote = PromoteUser(users, clock)

    promoted = await promote("ADA@example.com")
    again = await promote("ada@example.com")

    assert (promoted.role, promoted.version) == (Role.ADMIN, 2)
    assert again.version == 2
    with pytest.raises(UserNotFoundError):
        await promote("nobody@example.com")


async def test_a_deleted_admins_token_loses_its_power_at_once(
    users: InMemoryUserRepository, ada: User, admin: Caller, delete: DeleteUser
) -> None:
    await delete(admin, admin.user_id)

    with pytest.raises(NotAllowedError):
        await GetUser(users)(admin, ada.id)
    with pytest.raises(NotAllowedError):
        await ListUsers(users)(admin, limit=10, after=None)
    with pytest.raises(NotAllowedError):
        await delete(admin, ada.id)


async def test_an_admin_claim_without_an_admin_account_is_refused(
    users: InMemoryUserRepository, ada: User, grace: User
) -> None:
    forged = Caller(grace.id, Role.ADMIN)  # grace is a plain user

    with pytest.raises(NotAllowedError):
        await GetUser(users)(forged, ada.id)
