"""The Transaction port: several writes that succeed or fail together."""

from contextlib import AbstractAsyncContextManager
from typing import Protocol


class Transaction(Protocol):
    """Makes a block of writes atomic: `async with transaction(): ...`.

    Every repository call on the same database inside the block takes part in it: when the
    block ends normally its writes are committed together; when it raises (or its task is
    cancelled) none of them remains. A block inside another joins the outer one. Reads
    inside the block see its own writes. Keep slow work (hashing, network calls) outside:
    the block holds database locks while it runs.
    """

    def __call__(self) -> AbstractAsyncContextManager[None]: ...
