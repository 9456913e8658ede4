"""The databases the targets read: a throwaway PostgreSQL database, an SQLite file, and
the MongoDB wire-protocol server of the tests; each migrated by the app and seeded with
users through the app's own repository adapter (no events, so no emails to send)."""

import asyncio
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from tests.mongo_server import SERVER, running_server

from app.infra.config import Environment, Settings
from app.kernel.auth import Role
from app.kernel.ids import new_id
from app.main import open_database
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email, FullName, Password
from app.modules.user.module import user_repository
from bench.servers import environment

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery staple"  # noqa: S105  # every seeded user's


class MissingError(Exception):
    """Something the benchmark needs is not there; the message says what to do."""


def email(number: int) -> str:
    return f"user{number}@example.com"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database of its own on BENCH_POSTGRES_URL, dropped at the end."""
    name = f"hexa_bench_{secrets.token_hex(4)}"
    try:
        asyncio.run(_postgres(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as exc:
        raise MissingError(
            f"PostgreSQL is needed at {ADMIN_URL} (set BENCH_POSTGRES_URL): {exc}"
        ) from exc
    try:
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql:", "postgresql+asyncpg:")
    finally:
        asyncio.run(_postgres(f'DROP DATABASE "{name}" WITH (FORCE)'))


@contextmanager
def mongo_database(folder: Path) -> Iterator[str]:
    """The tests' MongoDB wire-protocol server (secantusdb, in memory), for the run."""
    if not SERVER.exists():
        raise MissingError(f"the MongoDB test server is missing ({SERVER}): make test-servers")
    with running_server(folder / "mongo-server.log") as address:
        yield f"mongodb://{address}/bench"


def sqlite_database(folder: Path) -> str:
    return f"sqlite+aiosqlite:///{folder / 'app.db'}"


def migrate(database_url: str, folder: Path, settings: Mapping[str, str] | None = None) -> None:
    """`python -m app migrate`, as a deployment runs it before the app starts (with the
    `settings` of the app it migrates for, if given, less the "{port}" of a target)."""
    command = [sys.executable, "-m", "app", "migrate"]
    given = {k: v for k, v in (settings or {}).items() if "{port}" not in v}
    env = environment({**given, "DATABASE_URL": database_url})
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"migrate failed on {database_url}:\n{done.stderr}")


def password_hash() -> str:
    """One Argon2id hash at the production cost, shared by every seeded user."""
    return asyncio.run(_hasher().hash(Password(PASSWORD)))


def seed(database_url: str, users: int, hashed: str) -> None:
    """Add `users` users (user0@example.com, ...), all with PASSWORD."""
    asyncio.run(_seed(database_url, users, hashed))


def verify_seconds(hashed: str, runs: int = 3) -> tuple[float, float]:
    """Wall-clock and CPU seconds of the fastest of a few Argon2id verifications of
    PASSWORD (its 4 lanes run on threads of their own: CPU time counts them all)."""
    timings = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        asyncio.run(_hasher().verify(PASSWORD, hashed))
        timings.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(timings)


def _hasher() -> Argon2PasswordHasher:
    """At the cost production runs with: the settings' defaults, whatever the shell says."""
    fields = Settings.model_fields
    return Argon2PasswordHasher(
        time_cost=fields["password_hash_time_cost"].default,
        memory_cost_kib=fields["password_hash_memory_kib"].default,
    )


async def _seed(database_url: str, count: int, hashed: str) -> None:
    settings = Settings(_env_file=None, app_env=Environment.DEV, database_url=database_url)
    database = open_database(settings)
    users = user_repository(database)
    now = datetime.now(UTC)
    try:
        for number in range(count):
            user = User(
                id=new_id(),
                email=Email(email(number)),
                full_name=FullName(f"User {number}"),
                password_hash=hashed,
                role=Role.USER,
                created_at=now,
                updated_at=now,
            )
            await users.add(user)
    finally:
        await database.close()


async def _postgres(statement: str) -> None:
    conn = await asyncpg.connect(ADMIN_URL, timeout=5)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()
