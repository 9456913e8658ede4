"""Wiring of the user module: accounts, log-in, and the platform's authentication."""

from collections.abc import Mapping
from datetime import timedelta

from app.infra.modules import Argument, Command, CommandResult, Module, Wiring
from app.infra.persistence import Database
from app.infra.platform import Platform
from app.modules.user.adapters.inbound import cli
from app.modules.user.adapters.inbound.http.router import UserUseCases, user_router
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.adapters.outbound.memory import InMemoryUserRepository
from app.modules.user.adapters.outbound.mongo.collections import COLLECTIONS
from app.modules.user.adapters.outbound.mongo.repository import MongoUserRepository
from app.modules.user.adapters.outbound.sql.repository import SqlUserRepository
from app.modules.user.adapters.outbound.sql.tables import metadata
from app.modules.user.api import UserDirectory
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.list_users import ListUsers
from app.modules.user.application.log_in import LogIn
from app.modules.user.application.look_up_users import LookUpUsers
from app.modules.user.application.promote_user import PromoteUser
from app.modules.user.application.register_user import RegisterUser
from app.modules.user.application.update_user import UpdateUser
from app.modules.user.ports.repository import UserRepository


def user_repository(database: Database) -> UserRepository:
    """The UserRepository adapter for the database DATABASE_URL selects."""
    return database.choose(
        UserRepository,
        sql=SqlUserRepository,
        mongo=MongoUserRepository,
        memory=InMemoryUserRepository,
    )


def wire(platform: Platform) -> Wiring:
    settings = platform.settings
    users = user_repository(platform.database)
    hasher = Argon2PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost_kib=settings.password_hash_memory_kib,
        concurrency=settings.password_hash_concurrency,
    )
    secret = settings.jwt_secret.get_secret_value()
    tokens = JwtTokenService(secret, timedelta(seconds=settings.jwt_ttl_seconds), platform.clock)
    platform.auth.provide(IdentifyCaller(tokens))
    platform.apis.provide(UserDirectory, LookUpUsers(users))
    use_cases = UserUseCases(
        register=RegisterUser(users, hasher, platform.clock),
        log_in=LogIn(users, hasher, tokens),
        get=GetUser(users),
        list=ListUsers(users),
        update=UpdateUser(users, hasher, platform.clock),
        delete=DeleteUser(users),
    )
    return Wiring(routers=[user_router(use_cases, platform.auth)])


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
