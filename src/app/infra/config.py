"""Settings: the only place that reads the environment (and `.env`)."""

import re
from enum import StrEnum
from functools import cached_property
from ipaddress import ip_network
from pathlib import Path
from typing import Annotated, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me-0123456789"  # noqa: S105
_EXAMPLE_SECRETS = {DEV_JWT_SECRET, "change-me", "changeme", "secret", "your-secret-here"}
_MIN_SECRET_LENGTH = 32
_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}


_SCHEMES = {"memory", "sqlite+aiosqlite", "postgresql+asyncpg", "mongodb", "mongodb+srv"}


# A rate in the `limits` library's notation, one rate: "10/15 minutes", "20 per hour".
_RATE = re.compile(
    r"\s*([0-9]+)\s*(?:/|per)\s*([0-9]+)?\s*(second|minute|hour|day|month|year)s?\s*",
    re.IGNORECASE,
)
_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86_400}
_PERIODS |= {"month": 30 * _PERIODS["day"], "year": 360 * _PERIODS["day"]}  # as `limits`


def rate(value: str) -> tuple[int, int]:
    """(amount, seconds) of a rate like "10/15 minutes" or "20 per hour"."""
    match = _RATE.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not a rate like '10/15 minutes' or '20/hour'")
    amount, multiple, period = match.groups()
    return int(amount), (int(multiple or 0) or 1) * _PERIODS[period.lower()]  # 0: 1


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def comma_list(value: str) -> list[str]:
    """The entries of a comma-separated setting."""
    return [entry.strip() for entry in value.split(",") if entry.strip()]


_MIN_SECRET_GUESSES_LOG10 = 30  # ~100 bits: what a random 32-character key carries


def _check_jwt_secret(secret: str, env: "Environment") -> None:
    """Outside dev, the JWT key must be long and random: not an example value, not a
    repeated character, not words or keyboard patterns (zxcvbn's estimate of the
    guesses needed, on its first 72 characters)."""
    from zxcvbn import zxcvbn  # loaded only where the check runs

    generate = "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
    if len(secret) < _MIN_SECRET_LENGTH or secret.lower() in _EXAMPLE_SECRETS:
        raise ValueError(
            f"JWT_SECRET must be set to a random value of at least {_MIN_SECRET_LENGTH} "
            f"characters when APP_ENV={env.value}; {generate}"
        )
    if zxcvbn(secret[:72])["guesses_log10"] < _MIN_SECRET_GUESSES_LOG10:
        raise ValueError(
            f"JWT_SECRET is too easy to guess for APP_ENV={env.value} (repeated characters, "
            f"words or patterns); {generate}"
        )


class Environment(StrEnum):
    DEV = "dev"
    STAGING = "staging"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every setting, with the environment variable of the same name in upper case."""

    # hide_input_in_errors: an invalid setting is reported without echoing any value,
    # which could be (part of) a secret, into logs.
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    app_env: Environment = Environment.DEV
    app_name: str = "hexa-monolith"  # in emails and the API documentation
    database_url: str = "sqlite+aiosqlite:///./var/app.db"
    jwt_secret: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_ttl_seconds: Annotated[int, Field(ge=60, le=86_400)] = 900
    refresh_ttl_seconds: Annotated[int, Field(ge=300, le=90 * 86_400)] = 14 * 86_400
    password_hash_time_cost: Annotated[int, Field(ge=1)] = 3
    password_hash_memory_kib: Annotated[int, Field(ge=8)] = 65_536
    password_hash_concurrency: Annotated[int, Field(ge=1, le=64)] = 2
    log_level: str = "INFO"
    log_json: bool | None = None  # default: JSON outside dev, readable lines in dev
    access_log: bool = True  # one line per request; turn off when the ingress logs them
    telemetry: bool = False  # FastAPI's native OpenTelemetry, to the OTEL_* collector
    sentry_dsn: SecretStr | None = None
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65_535)] = 8000
    db_pool_size: Annotated[int, Field(ge=1)] = 20
    db_timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 5.0
    ready_timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 2.0  # /health/ready
    # What a client may send (app.infra.http_limits): larger is refused before it is read
    # (413, 414, 431); a request head or body slower than its deadline is cut off (408).
    max_body_bytes: Annotated[int, Field(ge=1024)] = 1_048_576
    max_head_bytes: Annotated[int, Field(ge=1024)] = 32_768  # request line and headers
    max_url_bytes: Annotated[int, Field(ge=256)] = 8_192
    head_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 10.0
    body_timeout_seconds: Annotated[float, Field(gt=0, le=3600)] = 30.0
    password_reset_ttl_minutes: Annotated[int, Field(ge=1, le=1440)] = 30
    # The page of your front end that reads `?token=` and asks for the new password.
    password_reset_url: str = "http://127.0.0.1:8000/reset-password"  # noqa: S105  # a URL
    # Email: SMTP when SMTP_HOST is set (required outside dev); else .eml files in MAIL_DIR.
    smtp_host: str | None = None
    smtp_port: Annotated[int, Field(ge=1, le=65_535)] = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_tls: bool = True  # STARTTLS
    smtp_ssl: bool = False  # TLS from the first byte (port 465)
    smtp_timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 10.0
    emails_from: str = "hexa-monolith <no-reply@example.com>"
    mail_dir: Path = Path("var/mail")
    # Integration events (app.infra.events): every app process runs a relay unless
    # EVENTS_RELAY=false (then run `python -m app events relay` somewhere).
    events_relay: bool = True
    events_poll_seconds: Annotated[float, Field(gt=0, le=60)] = 0.5
    events_max_attempts: Annotated[int, Field(ge=1, le=100)] = 8
    events_retry_seconds: Annotated[float, Field(gt=0)] = 2.0  # doubles at each attempt
    events_retry_max_seconds: Annotated[float, Field(gt=0)] = 600.0
    events_lease_seconds: Annotated[float, Field(gt=0, le=3600)] = 60.0
    events_handled_days: Annotated[int, Field(ge=1)] = 7
    # Rate limits ("N/period": "10/15 minutes", "20/hour"), counted in Redis when
    # REDIS_URL is set (one limit across replicas), else in each process's memory.
    redis_url: SecretStr | None = None  # redis://host:6379/0 (rediss:// for TLS)
    redis_timeout_seconds: Annotated[float, Field(gt=0, le=30)] = 1.0
    rate_limit_login_per_account: str = "10/15 minutes"  # failed log-ins
    rate_limit_login_per_client: str = "30/15 minutes"  # failed log-ins
    rate_limit_register_per_client: str = "20/hour"
    rate_limit_password_reset_per_client: str = "10/hour"  # noqa: S105  # a rate
    # Exposure. Interactive docs (/docs, /redoc, /openapi.json): default on in dev only.
    docs_enabled: bool | None = None
    metrics_port: Annotated[int, Field(ge=1, le=65_535)] | None = None  # /metrics only there
    cors_origins: str = ""  # browser origins allowed to call the API, comma-separated
    # Proxies whose X-Forwarded-For gives the client address (rate limits, logs): IPs or
    # networks, comma-separated. Empty: the TCP peer is the client.
    trusted_proxies: str = ""

    @field_validator(
        "sentry_dsn",
        "log_json",
        "smtp_host",
        "smtp_user",
        "smtp_password",
        "redis_url",
        "metrics_port",
        "docs_enabled",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `SENTRY_DSN=` in an env file or a secret with an empty key means "not set".
        return None if value == "" else value

    @field_validator(
        "rate_limit_login_per_account",
        "rate_limit_login_per_client",
        "rate_limit_register_per_client",
        "rate_limit_password_reset_per_client",
        mode="after",
    )
    @classmethod
    def _a_rate(cls, value: str) -> str:
        rate(value)
        return value

    @field_validator("trusted_proxies", mode="after")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for entry in comma_list(value):
            try:
                ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network") from None
        return value

    @field_validator("cors_origins", mode="after")
    @classmethod
    def _origins(cls, value: str) -> str:
        for origin in comma_list(value):
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    f"{origin!r} is not an origin like https://app.example.com (scheme, host "
                    "and optional port; no path)"
                )
        return value

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.app_env is not Environment.DEV:
            _check_jwt_secret(self.jwt_secret.get_secret_value(), self.app_env)
        if self.app_env is not Environment.DEV and self.smtp_host is None:
            raise ValueError(
                f"SMTP_HOST must be set when APP_ENV={self.app_env.value}: the service sends "
                "email (welcome, password reset); set SMTP_HOST, SMTP_PORT, SMTP_USER, "
                "SMTP_PASSWORD and EMAILS_FROM"
            )
        scheme = self.database_url.partition("://")[0]
        if scheme not in {*_SCHEMES, *_DRIVERS}:
            raise ValueError(
                f"DATABASE_URL scheme {scheme!r} is not supported; use mongodb://, "
                "mongodb+srv://, sqlite+aiosqlite://, postgresql+asyncpg:// or memory://"
            )
        if self.is_mongodb and not self.mongodb_database:
            raise ValueError(
                "DATABASE_URL must name the database for MongoDB, "
                "like mongodb://db:27017/hexa_monolith"
            )
        return self

    @cached_property
    def async_database_url(self) -> str:
        """DATABASE_URL with the async driver filled in (postgresql:// -> +asyncpg)."""
        scheme, sep, rest = self.database_url.partition("://")
        return f"{_DRIVERS.get(scheme, scheme)}{sep}{rest}"

    @property
    def is_mongodb(self) -> bool:
        return self.database_url.startswith(("mongodb://", "mongodb+srv://"))

    @property
    def mongodb_database(self) -> str:
        """The database named in the path of a MongoDB URL ('' when there is none)."""
        after_hosts = self.database_url.partition("://")[2].partition("/")[2]
        return after_hosts.partition("?")[0]

    @property
    def show_docs(self) -> bool:
        return (
            self.docs_enabled if self.docs_enabled is not None else self.app_env is Environment.DEV
        )

    @property
    def json_logs(self) -> bool:
        return self.log_json if self.log_json is not None else self.app_env is not Environment.DEV

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of an SQLite URL, None for other databases or in-memory SQLite."""
        prefix = "sqlite+aiosqlite:///"
        url = self.async_database_url
        if not url.startswith(prefix) or url[len(prefix) :] in {"", ":memory:"}:
            return None
        return Path(url[len(prefix) :].partition("?")[0])
