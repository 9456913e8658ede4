from collections.abc import AsyncIterator

import pytest

from app.modules.user.ports.repository import UserRepository
from tests.conftest import Backend


@pytest.fixture
async def repository(backend: Backend) -> AsyncIterator[UserRepository]:
    """Each adapter of the UserRepository port, on an empty, migrated store."""
    persistence = backend.open()
    if backend.url.startswith("mongodb"):
        await persistence.migrate()  # the unique email index
    yield persistence.users
    await persistence.close()
