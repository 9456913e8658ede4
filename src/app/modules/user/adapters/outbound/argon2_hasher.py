"""Argon2id adapter of the PasswordHasher port, on pwdlib."""

import asyncio

from pwdlib import PasswordHash
from pwdlib.exceptions import UnknownHashError
from pwdlib.hashers.argon2 import Argon2Hasher

from app.modules.user.domain.values import Password


class Argon2PasswordHasher:
    """Hashes with Argon2id in a worker thread, so a log-in storm does not stall the event
    loop. The defaults follow RFC 9106's second recommendation (64 MiB, 3 passes)."""

    def __init__(self, *, time_cost: int = 3, memory_cost_kib: int = 65536) -> None:
        hasher = Argon2Hasher(time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=4)
        self._hash = PasswordHash((hasher,))

    async def hash(self, password: Password) -> str:
        return await asyncio.to_thread(self._hash.hash, password.value)

    async def verify(self, password: str, password_hash: str) -> bool:
        try:
            return await asyncio.to_thread(self._hash.verify, password, password_hash)
        except (UnknownHashError, ValueError):
            return False
