from collections.abc import AsyncIterator

import pytest

from app.infra.persistence import Database
from app.modules.user.module import refresh_token_store, reset_token_store, user_repository
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.repository import UserRepository
from app.modules.user.ports.reset_tokens import ResetTokenStore
from tests.backends import Backend


@pytest.fixture
async def database(backend: Backend) -> AsyncIterator[Database]:
    """An empty, migrated store of each kind of database."""
    database = backend.open()
    yield database
    await database.close()


@pytest.fixture
def repository(database: Database) -> UserRepository:
    """The UserRepository adapter the module wires for each kind of database."""
    return user_repository(database)


@pytest.fixture
def reset_tokens(database: Database) -> ResetTokenStore:
    return reset_token_store(database)


@pytest.fixture
def refresh_tokens(database: Database) -> RefreshTokenStore:
    return refresh_token_store(database)
