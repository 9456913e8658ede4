"""Argon2id adapter of the PasswordHasher port, on pwdlib."""

import asyncio
from collections.abc import Callable

from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher

from app.modules.user.domain.values import Password


class Argon2PasswordHasher:
    """Hashes with Argon2id in worker threads, so a log-in storm does not stall the event
    loop. The defaults follow RFC 9106's second recommendation (64 MiB, 3 passes).

    Each hash holds `memory_cost_kib` of memory while it runs, so at most `concurrency`
    run at once; the others wait. Memory for hashing is then bounded by
    concurrency x memory_cost, whatever the number of requests (size the pod with it).
    """

    def __init__(
        self, *, time_cost: int = 3, memory_cost_kib: int = 65536, concurrency: int = 2
    ) -> None:
        hasher = Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=4)
        self._hash = PasswordHash((hasher,))
        self._slots = asyncio.Semaphore(concurrency)

    async def hash(self, password: Password) -> str:
        return await self._run(self._hash.hash, password.value)

    async def verify(self, password: str, password_hash: str) -> bool:
        try:
            return await self._run(self._hash.verify, password, password_hash)
        except (UnknownHashError, ValueError):
            return False

    async def _run[T](self, work: Callable[..., T], *args: str) -> T:
        async with self._slots:
            return await asyncio.to_thread(work, *args)
