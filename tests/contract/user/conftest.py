from collections.abc import AsyncIterator

import pytest

from app.modules.user.module import user_repository
from app.modules.user.ports.repository import UserRepository
from tests.backends import Backend


@pytest.fixture
async def repository(backend: Backend) -> AsyncIterator[UserRepository]:
    """The UserRepository adapter the module wires for each kind of database, on an empty,
    migrated store."""
    database = backend.open()
    yield user_repository(database)
    await database.close()
