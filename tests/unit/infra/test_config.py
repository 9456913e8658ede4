import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from limits import parse
from pydantic import ValidationError

from app.infra.config import DEV_JWT_SECRET, Settings, rate

STRONG = "0n6WmZ3kq_Yv9TfhR2xLpB7sDc1uJ8aE4gNQ"  # random, 36 characters


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_dev_runs_on_embedded_sqlite_with_the_dev_secret() -> None:
    config = settings(app_env="dev")

    assert config.async_database_url == "sqlite+aiosqlite:///./var/app.db"
    assert config.jwt_secret.get_secret_value() == DEV_JWT_SECRET
    assert not config.json_logs


@pytest.mark.parametrize("env", ["staging", "production"])
@pytest.mark.parametrize("secret", [None, "short", DEV_JWT_SECRET, "CHANGE-ME"])
def test_staging_and_production_refuse_a_missing_short_or_example_secret(
    env: str, secret: str | None
) -> None:
    values: dict[str, object] = {"app_env": env}
    if secret is not None:
        values["jwt_secret"] = secret

    with pytest.raises(ValidationError, match="JWT_SECRET must be set"):
        settings(**values)


@pytest.mark.parametrize(
    "secret",
    [
        "a" * 32,
        "passwordpasswordpasswordpassword",
        "abcdefghijklmnopqrstuvwxyz0123456789",
        "qwertyuiopasdfghjklzxcvbnm1234567890",
        "Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3xx",
    ],
)
def test_production_refuses_a_long_secret_made_of_repeats_words_or_patterns(secret: str) -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET is too easy to guess"):
        settings(app_env="production", jwt_secret=secret, smtp_host="smtp.example.com")


def test_production_starts_with_a_strong_secret_and_logs_json() -> None:
    config = settings(app_env="production", jwt_secret=STRONG, smtp_host="smtp.example.com")

    assert config.json_logs
    assert STRONG not in repr(config)


@pytest.mark.parametrize("host", [None, ""])
def test_staging_and_production_refuse_to_start_without_an_smtp_server(host: str | None) -> None:
    with pytest.raises(ValidationError, match="SMTP_HOST must be set when APP_ENV=staging"):
        settings(app_env="staging", jwt_secret=STRONG, smtp_host=host)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("postgres://u@db/app", "postgresql+asyncpg://u@db/app"),
        ("sqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
        ("memory://", "memory://"),
    ],
)
def test_plain_database_urls_get_the_async_driver(given: str, expected: str) -> None:
    assert settings(database_url=given).async_database_url == expected


def test_an_unsupported_database_scheme_is_refused_with_the_supported_ones() -> None:
    with pytest.raises(ValidationError, match="postgresql\\+asyncpg://"):
        settings(database_url="mysql://u@db/app")


def test_the_sqlite_path_is_known_only_for_file_databases() -> None:
    assert str(settings(database_url="sqlite:///var/x.db?mode=rwc").sqlite_path) == "var/x.db"
    assert settings(database_url="sqlite+aiosqlite:///:memory:").sqlite_path is None
    assert settings(database_url="memory://").sqlite_path is None


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "staging")
    monkeypatch.setenv("JWT_SECRET", STRONG)
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("SMTP_HOST", "smtp.example.com")

    config = settings()

    assert (config.app_env.value, config.port) == ("staging", 9000)


def test_blank_optional_settings_mean_unset() -> None:
    config = settings(
        sentry_dsn="", log_json="", app_env="staging", jwt_secret=STRONG, smtp_host="smtp"
    )

    assert config.sentry_dsn is None
    assert config.json_logs


def test_env_example_lists_every_setting() -> None:
    example = (Path(__file__).parents[3] / ".env.example").read_text()

    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))

    assert {name.upper() for name in Settings.model_fields} - listed == set()


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("10/15 minutes", (10, 900)), ("20/hour", (20, 3600)), ("5 per 2 days", (5, 172_800))],
)
def test_a_rate_is_an_amount_per_a_number_of_seconds(spec: str, expected: tuple[int, int]) -> None:
    assert rate(spec) == expected


@given(
    st.from_regex(
        r"\s?[0-9]{1,4}\s?(/|per| per )\s?([0-9]{1,3})?\s?"
        r"(second|Minute|hours|day|month|year|week)s?\s?",
        fullmatch=True,
    )
    | st.text(max_size=20)
)
def test_a_rate_reads_as_the_limits_library_reads_it(spec: str) -> None:
    """The settings read rates without loading the library, which counts them later."""
    try:
        item = parse(spec)
    except ValueError:
        with pytest.raises(ValueError, match="is not a rate"):
            rate(spec)
        return
    assert rate(spec) == (item.amount, item.get_expiry())
