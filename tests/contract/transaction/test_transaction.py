"""The Transaction port on every database: the writes of `work` are all kept, or none is.

The writes go through a real module's repository, as a use case's would.
"""

import asyncio
from collections.abc import AsyncIterator
from functools import partial

import pytest

from app.infra.persistence import Database
from app.modules.user.domain.errors import EmailAlreadyTakenError
from app.modules.user.domain.values import FullName
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


async def test_the_writes_of_work_that_returns_are_all_kept(
    database: Database, users: UserRepository
) -> None:
    async def work() -> str:
        await users.add(a_user("ada@example.com"))
        await users.add(a_user("grace@example.com"))
        return "done"

    assert await database.transaction(work) == "done"

    assert await stored(users, "ada@example.com", "grace@example.com") == [
        "ada@example.com",
        "grace@example.com",
    ]


async def test_when_the_second_write_fails_nothing_of_the_first_remains(
    database: Database, users: UserRepository
) -> None:
    await users.add(a_user("taken@example.com"))

    async def work() -> None:
        await users.add(a_user("ada@example.com"))
        await users.add(a_user("taken@example.com"))

    with pytest.raises(EmailAlreadyTakenError):
        await database.transaction(work)

    assert await stored(users, "ada@example.com") == []
    await users.add(a_user("ada@example.com"))  # the email is free, nothing half-written


async def test_an_error_raised_after_the_writes_undoes_them(
    database: Database, users: UserRepository
) -> None:
    user = a_user("ada@example.com")
    await users.add(user)

    async def work() -> None:
        await users.delete(user.id)
        await users.add(a_user("grace@example.com"))
        raise RuntimeError("a business rule refused it")

    with pytest.raises(RuntimeError, match="business rule"):
        await database.transaction(work)

    assert await stored(users, "ada@example.com", "grace@example.com") == ["ada@example.com"]


async def test_work_inside_a_transaction_joins_it(
    database: Database, users: UserRepository
) -> None:
    async def outer() -> None:
        await database.transaction(lambda: users.add(a_user("inner@example.com")))
        await users.add(a_user("outer@example.com"))
        raise RuntimeError

    with pytest.raises(RuntimeError):
        await database.transaction(outer)

    assert await stored(users, "inner@example.com", "outer@example.com") == []


async def test_reads_inside_a_transaction_see_its_own_writes(
    database: Database, users: UserRepository
) -> None:
    async def work() -> list[str]:
        await users.add(a_user("ada@example.com"))
        return await stored(users, "ada@example.com")

    assert await database.transaction(work) == ["ada@example.com"]


async def test_cancelled_work_leaves_nothing_and_the_database_stays_usable(
    database: Database, users: UserRepository
) -> None:
    written = asyncio.Event()

    async def slow_work() -> None:
        await users.add(a_user("ada@example.com"))
        written.set()
        await asyncio.sleep(30)

    task = asyncio.create_task(database.transaction(slow_work))
    await written.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert await stored(users, "ada@example.com") == []
    await users.add(a_user("grace@example.com"))  # outside any block: committed at once
    assert await stored(users, "grace@example.com") == ["grace@example.com"]


async def test_concurrent_transactions_on_different_data_all_commit(
    database: Database, users: UserRepository
) -> None:
    async def pair(i: int) -> None:
        await users.add(a_user(f"a{i}@example.com"))
        await asyncio.sleep(0)
        await users.add(a_user(f"b{i}@example.com"))

    await asyncio.gather(*(database.transaction(partial(pair, i)) for i in range(8)))

    emails = [f"{p}{i}@example.com" for i in range(8) for p in "ab"]
    assert await stored(users, *emails) == emails


async def test_of_concurrent_transactions_adding_one_email_one_commits_the_others_conflict(
    database: Database, users: UserRepository
) -> None:
    async def register(i: int) -> None:
        await users.add(a_user("race@example.com", full_name=FullName(f"Racer {i}")))
        await users.add(a_user(f"other{i}@example.com"))

    results = await asyncio.gather(
        *(database.transaction(partial(register, i)) for i in range(10)),
        return_exceptions=True,
    )

    # Never a 503: a transaction that met another one (MongoDB) runs again and then finds
    # the email taken, as PostgreSQL and SQLite find it after waiting.
    assert results.count(None) == 1
    assert all(isinstance(r, EmailAlreadyTakenError) for r in results if r is not None)
    winner = results.index(None)
    assert await stored(users, "race@example.com", f"other{winner}@example.com") == [
        "race@example.com",
        f"other{winner}@example.com",
    ]
