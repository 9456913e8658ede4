"""`python -m app ...` as an operator runs it."""

import os
import subprocess
import sys

import pytest

from app.__main__ import main


@pytest.mark.usefixtures("sqlite_env")
def test_migrate_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0
    assert "schema is up to date" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["nonsense"], ["user"], ["user", "nonsense"], []])
def test_an_unknown_or_incomplete_command_gets_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)

    assert exit_.value.code == 2
    assert "usage: python -m app" in capsys.readouterr().err


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
    assert "schema is up to date" in capsys.readouterr().out


def test_the_module_runs_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0
    for command in ("serve", "migrate", "user"):
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
