"""Wiring of the user module: accounts, log-in, and the platform's authentication."""

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from app.infra.modules import Argument, Command, CommandResult, Module, Wiring
from app.infra.persistence import Database
from app.infra.platform import Platform
from app.modules.user.adapters.inbound import cli
from app.modules.user.adapters.inbound.http.auth_router import AuthUseCases, auth_router
from app.modules.user.adapters.inbound.http.router import UserUseCases, user_router
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import (
    InMemoryRefreshTokenStore,
    InMemoryResetTokenStore,
    InMemoryUserRepository,
)
from app.modules.user.adapters.outbound.mongo.collections import COLLECTIONS
from app.modules.user.adapters.outbound.sql.refresh_tokens import SqlRefreshTokenStore
from app.modules.user.adapters.outbound.sql.repository import SqlUserRepository
from app.modules.user.adapters.outbound.sql.reset_tokens import SqlResetTokenStore
from app.modules.user.adapters.outbound.sql.tables import metadata
from app.modules.user.api import PasswordResets, UserDirectory
from app.modules.user.application.confirm_password_reset import ConfirmPasswordReset
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.issue_reset_token import IssueResetToken
from app.modules.user.application.list_users import ListUsers
from app.modules.user.application.log_in import LogIn, LogInLimits
from app.modules.user.application.log_out import LogOut
from app.modules.user.application.look_up_users import LookUpUsers
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.application.refresh_session import RefreshSession
from app.modules.user.application.register_user import RegisterUser
from app.modules.user.application.request_password_reset import RequestPasswordReset
from app.modules.user.application.sessions import Sessions
from app.modules.user.application.update_user import UpdateUser
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.repository import UserRepository
from app.modules.user.ports.reset_tokens import ResetTokenStore

if TYPE_CHECKING:
    from app.infra.mongo import MongoDatabase


def user_repository(database: Database) -> UserRepository:
    """The UserRepository adapter for the database DATABASE_URL selects."""
    return database.choose(
        UserRepository,
        sql=SqlUserRepository,
        mongo=_mongo_users,
        memory=InMemoryUserRepository,
    )


def reset_token_store(database: Database) -> ResetTokenStore:
    """The ResetTokenStore adapter for the database DATABASE_URL selects."""
    return database.choose(
        ResetTokenStore,
        sql=SqlResetTokenStore,
        mongo=_mongo_reset_tokens,
        memory=InMemoryResetTokenStore,
    )


# The MongoDB adapters import PyMongo, which a service on SQL never needs to load.
def _mongo_users(database: "MongoDatabase") -> UserRepository:
    from app.modules.user.adapters.outbound.mongo.repository import MongoUserRepository

    return MongoUserRepository(database)


def _mongo_reset_tokens(database: "MongoDatabase") -> ResetTokenStore:
    from app.modules.user.adapters.outbound.mongo.reset_tokens import MongoResetTokenStore

    return MongoResetTokenStore(database)


def refresh_token_store(database: Database) -> RefreshTokenStore:
    """The RefreshTokenStore adapter for the database DATABASE_URL selects."""
    return database.choose(
        RefreshTokenStore,
        sql=SqlRefreshTokenStore,
        mongo=_mongo_refresh_tokens,
        memory=InMemoryRefreshTokenStore,
    )


def _mongo_refresh_tokens(database: "MongoDatabase") -> RefreshTokenStore:
    from app.modules.user.adapters.outbound.mongo.refresh_tokens import MongoRefreshTokenStore

    return MongoRefreshTokenStore(database)


def wire(platform: Platform) -> Wiring:
    settings, clock, events = platform.settings, platform.clock, platform.events
    transaction = platform.database.transaction
    users = user_repository(platform.database)
    reset_tokens = reset_token_store(platform.database)
    refresh_tokens = refresh_token_store(platform.database)
    hasher = Argon2PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost_kib=settings.password_hash_memory_kib,
        concurrency=settings.password_hash_concurrency,
    )
    secret = settings.jwt_secret.get_secret_value()
    tokens = JwtTokenService(secret, timedelta(seconds=settings.jwt_ttl_seconds), clock)
    reset_ttl = timedelta(minutes=settings.password_reset_ttl_minutes)
    refresh_ttl = timedelta(seconds=settings.refresh_ttl_seconds)
    sessions = Sessions(tokens, refresh_tokens, clock, refresh_ttl)
    rate_limits = platform.rate_limits
    log_in_limits = LogInLimits(
        per_account=rate_limits.limit("log-in-per-account", settings.rate_limit_login_per_account),
        per_client=rate_limits.limit("log-in-per-client", settings.rate_limit_login_per_client),
    )
    register_limit = rate_limits.per_client(
        "register-per-client", settings.rate_limit_register_per_client
    )
    reset_limit = rate_limits.per_client(
        "password-reset-per-client", settings.rate_limit_password_reset_per_client
    )
    platform.auth.provide(IdentifyCaller(tokens))
    platform.apis.provide(UserDirectory, LookUpUsers(users))
    platform.apis.provide(PasswordResets, IssueResetToken(users, reset_tokens, clock, reset_ttl))
    users_api = UserUseCases(
        register=RegisterUser(users, hasher, clock, transaction, events),
        get=GetUser(users),
        list=ListUsers(users),
        update=UpdateUser(users, hasher, refresh_tokens, clock, transaction, events),
        delete=DeleteUser(users, refresh_tokens, clock, transaction, events),
    )
    auth_api = AuthUseCases(
        log_in=LogIn(users, hasher, sessions, rate_limits.limiter, log_in_limits),
        refresh=RefreshSession(users, refresh_tokens, sessions, clock, transaction),
        log_out=LogOut(refresh_tokens, clock),
        request_reset=RequestPasswordReset(users, clock, transaction, events),
        confirm_reset=ConfirmPasswordReset(
            users, reset_tokens, refresh_tokens, hasher, clock, transaction, events
        ),
    )
    routers = [
        user_router(users_api, platform.auth, register_limit),
        auth_router(auth_api, reset_limit),
    ]
    return Wiring(routers=routers)


async def _promote(platform: Platform, args: Mapping[str, str]) -> CommandResult:
    use_case = PromoteUser(user_repository(platform.database), platform.clock)
    return await cli.promote(use_case, args["email"])


module = Module(
    name="user",
    description="Accounts, log-in and bearer tokens; authenticates callers for every module.",
    wire=wire,
    sql_metadata=metadata,
    mongo_collections=COLLECTIONS,
    commands=(
        Command(
            "promote",
            "give an existing user the admin role",
            run=_promote,
            arguments=(Argument("email", "the user's email"),),
        ),
    ),
)
