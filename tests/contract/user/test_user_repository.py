"""The UserRepository contract: every adapter must pass every test here."""

import asyncio

import pytest

from app.kernel.auth import Role
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.values import Email, FullName
from app.modules.user.ports.repository import UserRepository
from tests.factories import T0, a_user


async def test_a_stored_user_reads_back_equal_in_every_field(repository: UserRepository) -> None:
    user = a_user()
    await repository.add(user)

    stored = await repository.get(user.id)

    assert stored is not None
    assert (stored.id, stored.email, stored.full_name, stored.role) == (
        user.id,
        user.email,
        user.full_name,
        user.role,
    )
    assert (stored.password_hash, stored.version) == (user.password_hash, 1)
    assert stored.created_at == T0
    assert stored.updated_at == T0


async def test_get_by_email_finds_the_user_whatever_the_case_typed(
    repository: UserRepository,
) -> None:
    user = a_user("grace@example.com")
    await repository.add(user)

    assert await repository.get_by_email(Email("Grace@Example.COM")) == user
    assert await repository.get_by_email(Email("other@example.com")) is None


async def test_get_answers_none_for_an_unknown_id(repository: UserRepository) -> None:
    assert await repository.get(a_user().id) is None


async def test_add_rejects_an_email_already_stored(repository: UserRepository) -> None:
    await repository.add(a_user("ada@example.com"))

    with pytest.raises(EmailAlreadyTakenError):
        await repository.add(a_user("ADA@example.com"))


async def test_of_twenty_concurrent_adds_of_one_email_exactly_one_succeeds(
    repository: UserRepository,
) -> None:
    results = await asyncio.gather(
        *(repository.add(a_user("race@example.com")) for _ in range(20)),
        return_exceptions=True,
    )

    assert results.count(None) == 1
    assert all(isinstance(r, EmailAlreadyTakenError) for r in results if r is not None)


async def test_update_writes_the_change_and_increments_the_version(
    repository: UserRepository,
) -> None:
    user = a_user()
    await repository.add(user)

    updated = await repository.update(user.renamed(FullName("Ada King"), T0).promoted(T0))

    assert updated.version == 2
    stored = await repository.get(user.id)
    assert stored is not None
    assert (stored.full_name.value, stored.role, stored.version) == ("Ada King", Role.ADMIN, 2)


async def test_update_from_a_stale_version_is_refused_and_writes_nothing(
    repository: UserRepository,
) -> None:
    user = a_user()
    await repository.add(user)
    await repository.update(user.renamed(FullName("First Writer"), T0))

    with pytest.raises(StaleVersionError):
        await repository.update(user.renamed(FullName("Second Writer"), T0))

    stored = await repository.get(user.id)
    assert stored is not None
    assert (stored.full_name.value, stored.version) == ("First Writer", 2)


async def test_of_two_concurrent_updates_from_one_version_exactly_one_wins(
    repository: UserRepository,
) -> None:
    user = a_user()
    await repository.add(user)

    results = await asyncio.gather(
        repository.update(user.renamed(FullName("Writer A"), T0)),
        repository.update(user.renamed(FullName("Writer B"), T0)),
        return_exceptions=True,
    )

    assert sum(isinstance(r, StaleVersionError) for r in results) == 1
    stored = await repository.get(user.id)
    assert stored is not None
    assert stored.version == 2


async def test_update_of_a_missing_user_raises_not_found(repository: UserRepository) -> None:
    with pytest.raises(UserNotFoundError):
        await repository.update(a_user())


async def test_delete_removes_the_user_and_frees_the_email(repository: UserRepository) -> None:
    user = a_user()
    await repository.add(user)

    await repository.delete(user.id)

    assert await repository.get(user.id) is None
    await repository.add(a_user(user.email.value))


async def test_delete_of_a_missing_user_raises_not_found(repository: UserRepository) -> None:
    with pytest.raises(UserNotFoundError):
        await repository.delete(a_user().id)


async def test_pages_list_every_user_once_in_creation_order(repository: UserRepository) -> None:
    users = [a_user(f"user{i}@example.com") for i in range(7)]
    for user in users:
        await repository.add(user)

    first = await repository.list_page(limit=3)
    second = await repository.list_page(limit=3, after=first[-1].id)
    last = await repository.list_page(limit=3, after=second[-1].id)

    assert [u.id for u in first + second + last] == [u.id for u in users]
    assert len(last) == 1
    assert await repository.list_page(limit=3, after=last[-1].id) == []


async def test_get_many_returns_the_users_that_exist_and_skips_the_others(
    repository: UserRepository,
) -> None:
    ada, grace = a_user("ada@example.com"), a_user("grace@example.com")
    await repository.add(ada)
    await repository.add(grace)

    found = await repository.get_many([grace.id, a_user().id, ada.id, ada.id])

    assert sorted(u.id for u in found) == sorted([ada.id, grace.id])
    assert await repository.get_many([]) == []
