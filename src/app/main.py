"""The composition root: builds every adapter and use case from Settings."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import structlog
from fastapi import FastAPI

from app.infra import database
from app.infra.config import Settings
from app.infra.health import health_router
from app.infra.logging import configure_logging
from app.infra.metrics import install_metrics
from app.infra.problems import install_problem_handlers
from app.kernel.clock import Clock, SystemClock
from app.kernel.errors import UnavailableError
from app.modules.user.adapters.inbound.http.router import UserUseCases, user_router
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import InMemoryUserRepository
from app.modules.user.adapters.outbound.sql.repository import SqlUserRepository
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.list_users import ListUsers
from app.modules.user.application.log_in import LogIn
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.application.register_user import RegisterUser
from app.modules.user.application.update_user import UpdateUser
from app.modules.user.ports.repository import UserRepository

log = structlog.get_logger(__name__)
Step = Callable[[], Awaitable[None]]


async def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class Persistence:
    users: UserRepository
    ping: Step  # raises UnavailableError when the database does not answer
    migrate: Step  # brings the schema or indexes up to date; idempotent
    close: Step


def open_persistence(settings: Settings, *, mongo_client: Any = None) -> Persistence:
    """Pick the repository adapters from the scheme of DATABASE_URL. Tests may pass a
    `mongo_client` with PyMongo's async API (an in-process fake) instead of a real one."""
    if settings.async_database_url.startswith("memory://"):
        return Persistence(InMemoryUserRepository(), _nothing, _nothing, _nothing)
    if settings.is_mongodb:
        # Imported here: a service on SQL never pays PyMongo's import time at start-up.
        from app.infra import mongo
        from app.modules.user.adapters.outbound.mongo import MongoUserRepository

        client = mongo_client if mongo_client is not None else mongo.create_client(settings)
        users = MongoUserRepository(client[settings.mongodb_database]["users"])
        return Persistence(users, partial(mongo.ping, client), users.create_indexes, client.close)
    engine = database.create_engine(settings)

    async def upgrade() -> None:
        from app.infra import migrate  # Alembic loads only when migrating

        # Alembic runs its own event loop, so it gets a thread of its own.
        with database.unavailable_on_driver_errors():
            await asyncio.to_thread(migrate.upgrade, settings)

    return Persistence(
        SqlUserRepository(engine), partial(database.ping, engine), upgrade, engine.dispose
    )


def user_use_cases(settings: Settings, users: UserRepository, clock: Clock) -> UserUseCases:
    hasher = Argon2PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost_kib=settings.password_hash_memory_kib,
        concurrency=settings.password_hash_concurrency,
    )
    secret = settings.jwt_secret.get_secret_value()
    tokens = JwtTokenService(secret, timedelta(seconds=settings.jwt_ttl_seconds), clock)
    return UserUseCases(
        register=RegisterUser(users, hasher, clock),
        log_in=LogIn(users, hasher, tokens),
        identify=IdentifyCaller(tokens),
        get=GetUser(users),
        list=ListUsers(users),
        update=UpdateUser(users, hasher, clock),
        delete=DeleteUser(users),
    )


def promote_user(users: UserRepository) -> PromoteUser:
    return PromoteUser(users, SystemClock())


def create_app(
    settings: Settings | None = None, *, persistence: Persistence | None = None
) -> FastAPI:
    """Build the application. Nothing connects until the first request."""
    settings = settings or Settings()
    configure_logging(settings)
    if settings.sentry_dsn is not None:
        import sentry_sdk  # only when reporting is on: it patches the framework it finds

        sentry_sdk.init(
            dsn=settings.sentry_dsn.get_secret_value(),
            environment=settings.app_env.value,
            send_default_pii=False,
        )
    store = persistence or open_persistence(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await store.ping()
        except UnavailableError as exc:
            # Serve anyway: liveness stays green, readiness answers 503 until it recovers.
            log.error("database_unavailable_at_startup", error=str(exc.__cause__ or exc))
        yield
        await store.close()

    app = FastAPI(
        title="hexa-monolith",
        version="0.1.0",
        description="A FastAPI modular monolith in hexagonal architecture.",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    install_metrics(app)
    app.include_router(health_router(store.ping))
    app.include_router(user_router(user_use_cases(settings, store.users, SystemClock())))
    return app
