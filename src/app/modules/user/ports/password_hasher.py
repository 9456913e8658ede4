"""The PasswordHasher port."""

from typing import Protocol

from app.modules.user.domain.values import Password


class PasswordHasher(Protocol):
    """One-way hashes passwords. Hashing is deliberately slow, so adapters run it off the
    event loop. `verify` returns False for a wrong password or a malformed hash; it never
    raises for bad input."""

    async def hash(self, password: Password) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool: ...
