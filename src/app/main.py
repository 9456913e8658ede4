"""The composition root: builds every adapter and use case from Settings."""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import sentry_sdk
import structlog
from fastapi import FastAPI

from app.infra import database
from app.infra.config import Settings
from app.infra.health import health_router
from app.infra.logging import configure_logging
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


async def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class Persistence:
    users: UserRepository
    ping: Callable[[], Awaitable[None]]
    close: Callable[[], Awaitable[None]]


def open_persistence(settings: Settings) -> Persistence:
    """Pick the repository adapters from the scheme of DATABASE_URL."""
    if settings.async_database_url.startswith("memory://"):
        return Persistence(InMemoryUserRepository(), _nothing, _nothing)
    engine = database.create_engine(settings)
    return Persistence(SqlUserRepository(engine), partial(database.ping, engine), engine.dispose)


def user_use_cases(settings: Settings, users: UserRepository, clock: Clock) -> UserUseCases:
    hasher = Argon2PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost_kib=settings.password_hash_memory_kib,
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


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application. Nothing connects until the first request."""
    settings = settings or Settings()
    configure_logging(settings)
    if settings.sentry_dsn is not None:
        sentry_sdk.init(
            dsn=settings.sentry_dsn.get_secret_value(),
            environment=settings.app_env.value,
            send_default_pii=False,
        )
    persistence = open_persistence(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await persistence.ping()
        except UnavailableError as exc:
            log.error("database_unavailable_at_startup", error=repr(exc.__cause__))
        yield
        await persistence.close()

    app = FastAPI(
        title="hexa-monolith",
        version="0.1.0",
        description="A FastAPI modular monolith in hexagonal architecture.",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    app.include_router(health_router(persistence.ping))
    app.include_router(user_router(user_use_cases(settings, persistence.users, SystemClock())))
    return app
