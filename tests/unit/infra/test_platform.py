"""What the platform checks when it wires the modules, before the app serves anything."""

from collections.abc import Collection, Mapping
from uuid import UUID

import pytest

from app.infra.auth import Authentication
from app.infra.config import Settings
from app.infra.memory import MemoryDatabase
from app.infra.modules import Module, ModuleError, Wiring
from app.infra.platform import Platform, PublishedApis
from app.kernel.auth import Caller
from app.kernel.errors import AuthenticationError
from app.main import create_app, discover_modules
from app.modules.user.api import UserDirectory, UserSummary


class Nobody:
    async def authenticate(self, token: str | None) -> Caller:
        raise AuthenticationError


class Directory:
    async def summaries(self, user_ids: Collection[UUID]) -> Mapping[UUID, UserSummary]:
        return {}


async def test_an_api_required_before_it_is_provided_works_once_it_is() -> None:
    apis = PublishedApis()

    users = apis.require(UserDirectory)
    apis.provide(UserDirectory, Directory())
    apis.check()

    assert await users.summaries([]) == {}


def test_an_api_that_no_module_provides_stops_the_start_naming_it() -> None:
    apis = PublishedApis()
    apis.require(UserDirectory)

    with pytest.raises(ModuleError, match="UserDirectory is required, but no module provides"):
        apis.check()


def test_an_api_or_authentication_provided_twice_is_refused() -> None:
    apis, auth = PublishedApis(), Authentication()
    apis.provide(UserDirectory, Directory())
    auth.provide(Nobody())

    with pytest.raises(ModuleError, match="two modules provide UserDirectory"):
        apis.provide(UserDirectory, Directory())
    with pytest.raises(ModuleError, match="two modules provide authentication"):
        auth.provide(Nobody())


def test_an_app_without_a_module_that_authenticates_does_not_start() -> None:
    lonely = Module(name="lonely", description="", wire=lambda _: Wiring())

    with pytest.raises(ModuleError, match="no module provides authentication"):
        create_app(Settings(_env_file=None, database_url="memory://"), modules=[lonely])


def test_a_module_without_an_adapter_for_the_database_stops_the_start_naming_it() -> None:
    def wire(platform: Platform) -> Wiring:
        platform.database.choose(UserDirectory, sql=lambda _: Directory())
        return Wiring()

    sql_only = Module(name="reports", description="", wire=wire)

    with pytest.raises(ModuleError) as refused:
        create_app(
            Settings(_env_file=None, database_url="memory://"),
            database=MemoryDatabase(),
            modules=[*discover_modules(), sql_only],
        )

    assert str(refused.value) == (
        "module 'reports' has no UserDirectory adapter for memory://; it supports "
        "SQL (SQLite, PostgreSQL) (DATABASE_URL)"
    )
