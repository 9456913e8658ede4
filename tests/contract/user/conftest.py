from collections.abc import AsyncIterator

import pytest

from app.main import open_persistence
from app.modules.user.ports.repository import UserRepository
from tests.conftest import make_settings


@pytest.fixture
async def repository(database_url: str) -> AsyncIterator[UserRepository]:
    """The UserRepository adapter that DATABASE_URL selects, on an empty store."""
    persistence = open_persistence(make_settings(database_url))
    yield persistence.users
    await persistence.close()
