"""In-process stand-ins for servers these machines may lack."""

from typing import Any

from mongomock_motor import AsyncMongoMockClient


class FakeMongoClient:
    """mongomock-motor behind the slice of PyMongo's AsyncMongoClient the app uses.

    The fake's collections speak PyMongo's async collection API (awaitable insert_one,
    find_one, find_one_and_update, delete_one, create_index; find().sort().limit()
    .to_list()) and raise pymongo's DuplicateKeyError on a unique index. Where the fake
    differs from PyMongo (its close() is not a coroutine), this wrapper adapts it, so the
    application code stays pure PyMongo.
    """

    def __init__(self) -> None:
        self._client: Any = AsyncMongoMockClient(tz_aware=True)

    def __getitem__(self, name: str) -> Any:
        return self._client[name]

    @property
    def admin(self) -> Any:
        return self._client.admin

    async def close(self) -> None:
        self._client.close()
