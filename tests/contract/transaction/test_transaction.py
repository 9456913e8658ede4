"""The Transaction port on every database: a block's writes are all kept, or none is.

The writes go through a real module's repository, as a use case's would.
"""

import asyncio
from collections.abc import AsyncIterator

import pytest

from app.infra.persistence import Database
from app.modules.user.domain.errors import EmailAlreadyTakenError
from app.modules.user.module import user_repository
from app.modules.user.ports.repository import UserRepository
from tests.backends import Backend
from tests.factories import a_user


@pytest.fixture
async def database(backend: Backend) -> AsyncIterator[Database]:
    database = backend.open()
    yield database
    await database.close()


@pytest.fixture
def users(database: Database) -> UserRepository:
    return user_repository(database)


async def stored(users: UserRepository, *emails: str) -> list[str]:
    found = [await users.get_by_email(a_user(e).email) for e in emails]
    return [user.email.value for user in found if user is not None]


async def test_the_writes_of_a_block_that_ends_normally_are_all_kept(
    database: Database, users: UserRepository
) -> None:
    async with database.transaction():
        await users.add(a_user("ada@example.com"))
        await users.add(a_user("grace@example.com"))

    assert await stored(users, "ada@example.com", "grace@example.com") == [
        "ada@example.com",
        "grace@example.com",
    ]


async def test_when_the_second_write_fails_nothing_of_the_first_remains(
    database: Database, users: UserRepository
) -> None:
    await users.add(a_user("taken@example.com"))

    async def use_case() -> None:
        async with database.transaction():
            await users.add(a_user("ada@example.com"))
            await users.add(a_user("taken@example.com"))

    with pytest.raises(EmailAlreadyTakenError):
        await use_case()

    assert await stored(users, "ada@example.com") == []
    await users.add(a_user("ada@example.com"))  # the email is free, nothing half-written


async def test_an_error_raised_after_the_writes_undoes_them(
    database: Database, users: UserRepository
) -> None:
    user = a_user("ada@example.com")
    await users.add(user)

    async def use_case() -> None:
        async with database.transaction():
            await users.delete(user.id)
            await users.add(a_user("grace@example.com"))
            raise RuntimeError("a business rule refused it")

    with pytest.raises(RuntimeError, match="business rule"):
        await use_case()

    assert await stored(users, "ada@example.com", "grace@example.com") == ["ada@example.com"]


async def test_a_block_inside_another_joins_it(database: Database, users: UserRepository) -> None:
    async def use_case() -> None:
        async with database.transaction():
            async with database.transaction():
                await users.add(a_user("inner@example.com"))
            await users.add(a_user("outer@example.com"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        await use_case()

    assert await stored(users, "inner@example.com", "outer@example.com") == []


async def test_reads_inside_a_block_see_its_own_writes(
    database: Database, users: UserRepository
) -> None:
    async with database.transaction():
        await users.add(a_user("ada@example.com"))
        assert await stored(users, "ada@example.com") == ["ada@example.com"]


async def test_a_cancelled_block_leaves_nothing_and_the_database_stays_usable(
    database: Database, users: UserRepository
) -> None:
    written = asyncio.Event()

    async def slow_use_case() -> None:
        async with database.transaction():
            await users.add(a_user("ada@example.com"))
            written.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(slow_use_case())
    await written.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert await stored(users, "ada@example.com") == []
    await users.add(a_user("grace@example.com"))  # outside any block: committed at once
    assert await stored(users, "grace@example.com") == ["grace@example.com"]


async def test_concurrent_blocks_on_different_data_all_commit(
    database: Database, users: UserRepository
) -> None:
    async def pair(i: int) -> None:
        async with database.transaction():
            await users.add(a_user(f"a{i}@example.com"))
            await asyncio.sleep(0)
            await users.add(a_user(f"b{i}@example.com"))

    await asyncio.gather(*(pair(i) for i in range(8)))

    emails = [f"{p}{i}@example.com" for i in range(8) for p in "ab"]
    assert await stored(users, *emails) == emails
