"""MongoDB client factory (PyMongo's native async API) and outage translation."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import ConnectionFailure, ExecutionTimeout, OperationFailure

from app.infra.config import Settings
from app.kernel.errors import UnavailableError

_ACCESS_DENIED = {13, 18}  # Unauthorized, AuthenticationFailed

Document = dict[str, Any]


def create_client(settings: Settings) -> AsyncMongoClient[Document]:
    """Build the client for DATABASE_URL. It connects in the background, on first use."""
    return AsyncMongoClient(
        settings.database_url,
        tz_aware=True,
        uuidRepresentation="standard",
        serverSelectionTimeoutMS=int(settings.db_timeout_seconds * 1000),
        connectTimeoutMS=int(settings.db_timeout_seconds * 1000),
        maxPoolSize=settings.db_pool_size * 2,
        appname="hexa-monolith",
    )


async def ping(client: Any) -> None:
    """Run the `ping` command; raise UnavailableError when no server answers."""
    with unavailable_on_mongo_errors():
        await client.admin.command("ping")


@contextmanager
def unavailable_on_mongo_errors() -> Iterator[None]:
    """Turn an unreachable or timed-out MongoDB into UnavailableError (HTTP 503)."""
    try:
        yield
    except (ConnectionFailure, ExecutionTimeout) as exc:
        raise UnavailableError from exc
    except OperationFailure as exc:
        if exc.code in _ACCESS_DENIED:  # wrong credentials or rights: fix DATABASE_URL
            raise UnavailableError from exc
        raise
