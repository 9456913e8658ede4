"""MongoDB (PyMongo's native async API): the client, transactions, indexes, outages.

Adapters take collections from `MongoDatabase.collection` and pass `session=db.session`
to every operation, so that inside `transaction()` they take part in it.

Multi-document transactions need a replica set (a single node is enough) or a sharded
cluster; on a standalone server MongoDB makes only single-document writes atomic. The
service therefore refuses a standalone server: readiness and `migrate` say so.
"""

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import ConnectionFailure, ExecutionTimeout, OperationFailure, PyMongoError

from app.infra.config import Settings
from app.infra.persistence import Database, Kind, TransientConflictError
from app.kernel.errors import UnavailableError

if TYPE_CHECKING:
    from app.infra.modules import MongoCollection

Document = dict[str, Any]
_ACCESS_DENIED = {13, 18}  # Unauthorized, AuthenticationFailed
STANDALONE = (
    "MongoDB at DATABASE_URL is a standalone server; multi-document transactions need a "
    "replica set. Start mongod with --replSet (one node is enough) or use Atlas."
)


class MongoDatabase(Database):
    kind: ClassVar[Kind] = "mongo"
    name = "MongoDB"

    def __init__(self, client: AsyncMongoClient[Document], database: str) -> None:
        self.client = client
        self.db = client[database]
        self._session: ContextVar[AsyncClientSession | None] = ContextVar("mongo_tx", default=None)

    def collection(self, name: str) -> AsyncCollection[Document]:
        return self.db[name]

    @property
    def session(self) -> AsyncClientSession | None:
        """The session of the transaction this task is in; None outside one."""
        return self._session.get()

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[None]:
        with unavailable_on_mongo_errors():
            async with self.client.start_session() as session, await session.start_transaction():
                token = self._session.set(session)
                try:
                    yield
                finally:
                    self._session.reset(token)

    def in_transaction(self) -> bool:
        return self._session.get() is not None

    async def ping(self) -> None:
        with unavailable_on_mongo_errors():
            hello = await self.client.admin.command("hello")
        if "setName" not in hello and hello.get("msg") != "isdbgrid":
            raise UnavailableError(STANDALONE)

    async def migrate(self, collections: "Sequence[MongoCollection]") -> None:
        """Create the collections' indexes; existing ones are left as they are."""
        await self.ping()
        with unavailable_on_mongo_errors():
            for collection in collections:
                for index in collection.indexes:
                    await self.db[collection.name].create_index(
                        list(index.keys), name=index.name, unique=index.unique
                    )

    async def close(self) -> None:
        await self.client.close()


def open_mongo(settings: Settings) -> MongoDatabase:
    return MongoDatabase(create_client(settings), settings.mongodb_database)


def create_client(settings: Settings) -> AsyncMongoClient[Document]:
    """Build the client for DATABASE_URL. It connects in the background, on first use."""
    return AsyncMongoClient(
        settings.database_url,
        tz_aware=True,
        uuidRepresentation="standard",
        # A deadline for every operation, transactions included: a server that stops
        # answering gives UnavailableError (503) then, rather than hanging the request.
        timeoutMS=int(settings.db_timeout_seconds * 1000),
        serverSelectionTimeoutMS=int(settings.db_timeout_seconds * 1000),
        connectTimeoutMS=int(settings.db_timeout_seconds * 1000),
        maxPoolSize=settings.db_pool_size * 2,
        appname="hexa-monolith",
    )


@contextmanager
def unavailable_on_mongo_errors() -> Iterator[None]:
    """Turn an unreachable or timed-out MongoDB into UnavailableError (HTTP 503)."""
    try:
        yield
    except (ConnectionFailure, ExecutionTimeout) as exc:
        raise UnavailableError from exc
    except PyMongoError as exc:
        if isinstance(exc, OperationFailure) and exc.code in _ACCESS_DENIED:
            raise UnavailableError from exc  # wrong credentials or rights: fix DATABASE_URL
        if exc.has_error_label("TransientTransactionError"):  # a write conflict: retry
            raise TransientConflictError from exc
        raise
