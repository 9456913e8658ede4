"""SqlUserRepository: one statement per operation, no ORM on the request path."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast
from uuid import UUID

from sqlalchemy import RowMapping, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.infra.database import unavailable_on_driver_errors
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
_BY_ID = select(users).where(users.c.id == bindparam("id"))
_BY_EMAIL = select(users).where(users.c.email == bindparam("email"))
_FIRST_PAGE = select(users).order_by(users.c.id).limit(bindparam("limit"))
_NEXT_PAGE = _FIRST_PAGE.where(users.c.id > bindparam("after"))
_ID_EXISTS = select(users.c.id).where(users.c.id == bindparam("id"))
_DELETE = delete(users).where(users.c.id == bindparam("id"))


class SqlUserRepository:
    """Runs every operation as a single statement on an autocommit engine (see
    app.infra.database.create_engine): one round trip for a read (no BEGIN/ROLLBACK pair)
    and no write left half done. Uniqueness and optimistic locking are decided by the
    database itself (unique index, `WHERE version = :v`)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, user: User) -> None:
        with _translated():
            async with self._engine.connect() as conn:
                await conn.execute(insert(users), _to_row(user))

    async def get(self, user_id: UUID) -> User | None:
        return await self._one(_BY_ID, {"id": user_id})

    async def get_by_email(self, email: Email) -> User | None:
        return await self._one(_BY_EMAIL, {"email": email.value})

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        query, params = (
            (_FIRST_PAGE, {"limit": limit})
            if after is None
            else (_NEXT_PAGE, {"limit": limit, "after": after})
        )
        with _translated():
            async with self._engine.connect() as conn:
                rows = (await conn.execute(query, params)).mappings().all()
        return [_to_user(row) for row in rows]

    async def update(self, user: User) -> User:
        query = (
            update(users)
            .where(users.c.id == user.id, users.c.version == user.version)
            .values(**update_fields(user), version=users.c.version + 1)
            .returning(*users.c)
        )
        with _translated():
            async with self._engine.connect() as conn:
                updated = (await conn.execute(query)).mappings().first()
                if updated is not None:
                    return _to_user(updated)
                exists = await conn.scalar(_ID_EXISTS, {"id": user.id})
        raise StaleVersionError if exists else UserNotFoundError

    async def delete(self, user_id: UUID) -> None:
        with _translated():
            async with self._engine.connect() as conn:
                result = await conn.execute(_DELETE, {"id": user_id})
        if result.rowcount == 0:
            raise UserNotFoundError

    async def _one(self, query: Any, params: dict[str, Any]) -> User | None:
        with _translated():
            async with self._engine.connect() as conn:
                row = (await conn.execute(query, params)).mappings().first()
        return None if row is None else _to_user(row)


@contextmanager
def _translated() -> Iterator[None]:
    with unavailable_on_driver_errors():
        try:
            yield
        except IntegrityError as exc:
            if "email" in str(exc.orig):
                raise EmailAlreadyTakenError from exc
            raise


def _to_row(user: User) -> dict[str, Any]:
    return {"id": user.id, **to_record(user)}


def _to_user(row: RowMapping) -> User:
    return from_record(row["id"], cast(Mapping[str, Any], row))  # RowMapping is a Mapping
