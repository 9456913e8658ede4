"""`python -m app ...` as an operator runs it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.__main__ import main
from tests.integration.conftest import PASSWORD


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "APP_ENV": "dev",
        "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "LOG_LEVEL": "WARNING",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # away from any developer's .env


async def register_ada() -> None:
    from app.infra.config import Settings
    from app.kernel.clock import SystemClock
    from app.main import open_persistence, user_use_cases
    from app.modules.user.application.register_user import RegisterUserRequest

    settings = Settings()
    persistence = open_persistence(settings)
    use_cases = user_use_cases(settings, persistence.users, SystemClock())
    await use_cases.register(RegisterUserRequest("ada@example.com", PASSWORD, "Ada"))
    await persistence.close()


@pytest.mark.usefixtures("sqlite_env")
def test_migrate_is_idempotent_and_promote_makes_an_admin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0
    assert main(["users", "promote", "ada@example.com"]) == 1
    assert "register first" in capsys.readouterr().err

    import asyncio

    asyncio.run(register_ada())

    assert main(["users", "promote", "ADA@example.com"]) == 0
    assert "ada@example.com is now an admin" in capsys.readouterr().out
    assert main(["users", "promote", "ada@example.com"]) == 0  # idempotent


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"APP_ENV": "production", "JWT_SECRET": "short-but-real-value"}, "JWT_SECRET must be set"),
        ({"DATABASE_URL": "mysql://x"}, "not supported"),
    ],
)
def test_bad_settings_stop_the_cli_with_a_message_not_a_traceback(
    env: dict[str, str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert main(["migrate"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "real-value" not in err  # a rejected secret is never echoed


def test_memory_database_needs_no_migration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "memory://")

    assert main(["migrate"]) == 0
    assert "latest migration" in capsys.readouterr().out


def test_the_module_runs_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0
    for command in ("serve", "migrate", "users"):
        assert command in result.stdout


@pytest.mark.parametrize(("ci", "outcome", "code"), [("true", "1 error", 1), ("", "1 skipped", 0)])
def test_an_unreachable_postgres_fails_under_ci_and_skips_elsewhere(
    ci: str, outcome: str, code: int
) -> None:
    env = {**os.environ, "CI": ci, "TEST_POSTGRES_URL": "postgresql+asyncpg://x@127.0.0.1:1/x"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-cov",
            "tests/contract/user/test_user_repository.py::"
            "test_get_answers_none_for_an_unknown_id[postgres]",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == code
    assert outcome in result.stdout, result.stdout
    assert "is unreachable" in result.stdout
