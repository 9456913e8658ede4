"""SqlUserRepository: one statement per operation, no ORM on the request path."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from uuid import UUID

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.infra.database import Row, SqlDatabase
from app.modules.user.adapters.outbound.records import from_record, to_record, update_fields
from app.modules.user.adapters.outbound.sql.tables import users
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email

# Built once: SQLAlchemy then reuses their compiled form and cache keys on every call.
_INSERT = insert(users)
_BY_ID = select(users).where(users.c.id == bindparam("id"))
_BY_EMAIL = select(users).where(users.c.email == bindparam("email"))
_BY_IDS = select(users).where(users.c.id.in_(bindparam("ids", expanding=True)))
_FIRST_PAGE = select(users).order_by(users.c.id).limit(bindparam("limit"))
_NEXT_PAGE = _FIRST_PAGE.where(users.c.id > bindparam("after"))
_ID_EXISTS = select(users.c.id).where(users.c.id == bindparam("id"))
_DELETE = delete(users).where(users.c.id == bindparam("id"))


class SqlUserRepository:
    """Runs every operation as a single statement (see app.infra.database). Uniqueness and
    optimistic locking are decided by the database itself (unique index,
    `WHERE version = :v`)."""

    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    async def add(self, user: User) -> None:
        with _translated():
            await self._db.execute(_INSERT, {"id": user.id, **to_record(user)})

    async def get(self, user_id: UUID) -> User | None:
        row = await self._db.one(_BY_ID, {"id": user_id})
        return None if row is None else _to_user(row)

    async def get_by_email(self, email: Email) -> User | None:
        row = await self._db.one(_BY_EMAIL, {"email": email.value})
        return None if row is None else _to_user(row)

    async def get_many(self, user_ids: Sequence[UUID]) -> list[User]:
        if not user_ids:
            return []
        return [_to_user(row) for row in await self._db.all(_BY_IDS, {"ids": list(user_ids)})]

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        if after is None:
            rows = await self._db.all(_FIRST_PAGE, {"limit": limit})
        else:
            rows = await self._db.all(_NEXT_PAGE, {"limit": limit, "after": after})
        return [_to_user(row) for row in rows]

    async def update(self, user: User) -> User:
        query = (
            update(users)
            .where(users.c.id == user.id, users.c.version == user.version)
            .values(**update_fields(user), version=users.c.version + 1)
            .returning(*users.c)
        )
        updated = await self._db.one(query)
        if updated is not None:
            return _to_user(updated)
        exists = await self._db.scalar(_ID_EXISTS, {"id": user.id})
        raise StaleVersionError if exists else UserNotFoundError

    async def delete(self, user_id: UUID) -> None:
        if await self._db.execute(_DELETE, {"id": user_id}) == 0:
            raise UserNotFoundError


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        if "email" in str(exc.orig):
            raise EmailAlreadyTakenError from exc
        raise


def _to_user(row: Row) -> User:
    return from_record(row["id"], row)
