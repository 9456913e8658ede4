"""`python -m app user ...` as an operator runs it."""

import asyncio

import pytest

from app.__main__ import main
from app.infra.config import Settings
from app.main import open_database
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.module import user_repository
from tests.events import RecordedEvents
from tests.factories import FixedClock
from tests.integration.conftest import PASSWORD


async def register_ada() -> None:
    database = open_database(Settings())
    users = user_repository(database)
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost_kib=1024)
    register = RegisterUser(
        users, hasher, FixedClock(), database.transaction, RecordedEvents(database)
    )
    await register(RegisterUserRequest("ada@example.com", PASSWORD, "Ada"))
    await database.close()


@pytest.mark.usefixtures("sqlite_env")
def test_promote_makes_an_existing_user_an_admin_and_is_idempotent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["migrate"]) == 0
    assert main(["user", "promote", "ada@example.com"]) == 1
    assert "register first" in capsys.readouterr().err

    asyncio.run(register_ada())

    assert main(["user", "promote", "ADA@example.com"]) == 0
    assert "ada@example.com is now an admin" in capsys.readouterr().out
    assert main(["user", "promote", "ada@example.com"]) == 0


@pytest.mark.usefixtures("sqlite_env")
def test_a_command_on_a_database_never_migrated_says_to_migrate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["user", "promote", "ada@example.com"]) == 1
    err = capsys.readouterr().err
    assert "run `python -m app migrate`" in err
    assert "Traceback" not in err
