"""The UserRepository port."""

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email


class UserRepository(Protocol):
    """Stores users. Every method is one atomic operation; no method leaves half a write.
    Inside a transaction (app.kernel.transaction) the calls take part in it.

    - `add` raises EmailAlreadyTakenError when the (normalized) email exists; the store
      enforces this itself (a unique index), so concurrent adds of one email let one win.
    - `update` writes `user` only if the stored version equals `user.version`, and returns
      the user with its version incremented. It raises StaleVersionError when the stored
      version differs and UserNotFoundError when the user is gone. Emails never change.
    - `delete` removes the user and raises UserNotFoundError when there is none.
    - `get_many` returns the users of the ids that exist, in no particular order.
    - `list_page` returns up to `limit` users in creation (id) order, after the id `after`.
    Adapters translate their driver's exceptions into these errors.
    """

    async def add(self, user: User) -> None: ...

    async def get(self, user_id: UUID) -> User | None: ...

    async def get_by_email(self, email: Email) -> User | None: ...

    async def get_many(self, user_ids: Sequence[UUID]) -> list[User]: ...

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]: ...

    async def update(self, user: User) -> User: ...

    async def delete(self, user_id: UUID) -> None: ...
