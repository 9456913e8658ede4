"""SqlUserRepository: one statement per operation, no ORM on the request path."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.infra.database import unavailable_on_driver_errors
from app.kernel.clock import as_utc
from app.modules.user.adapters.outbound.sql.tables import users
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email, FullName, Role


class SqlUserRepository:
    """Runs every operation as a single autocommitted statement: one round trip for a read
    (no BEGIN/ROLLBACK pair) and no write left half done. Uniqueness and optimistic
    locking are decided by the database itself (unique index, `WHERE version = :v`)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def add(self, user: User) -> None:
        with _translated():
            async with self._engine.connect() as conn:
                await conn.execute(insert(users).values(**_to_row(user)))

    async def get(self, user_id: UUID) -> User | None:
        return await self._one(select(users).where(users.c.id == user_id))

    async def get_by_email(self, email: Email) -> User | None:
        return await self._one(select(users).where(users.c.email == email.value))

    async def list_page(self, *, limit: int, after: UUID | None = None) -> list[User]:
        query = select(users).order_by(users.c.id).limit(limit)
        if after is not None:
            query = query.where(users.c.id > after)
        with _translated():
            async with self._engine.connect() as conn:
                rows = (await conn.execute(query)).mappings().all()
        return [_to_user(row) for row in rows]

    async def update(self, user: User) -> User:
        row = _to_row(user)
        del row["id"], row["email"], row["created_at"], row["version"]
        query = (
            update(users)
            .where(users.c.id == user.id, users.c.version == user.version)
            .values(**row, version=users.c.version + 1)
            .returning(*users.c)
        )
        with _translated():
            async with self._engine.connect() as conn:
                updated = (await conn.execute(query)).mappings().first()
                if updated is not None:
                    return _to_user(updated)
                exists = await conn.scalar(select(users.c.id).where(users.c.id == user.id))
        raise StaleVersionError if exists else UserNotFoundError

    async def delete(self, user_id: UUID) -> None:
        with _translated():
            async with self._engine.connect() as conn:
                result = await conn.execute(delete(users).where(users.c.id == user_id))
        if result.rowcount == 0:
            raise UserNotFoundError

    async def _one(self, query: Any) -> User | None:
        with _translated():
            async with self._engine.connect() as conn:
                row = (await conn.execute(query)).mappings().first()
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
    return {
        "id": user.id,
        "email": user.email.value,
        "full_name": user.full_name.value,
        "password_hash": user.password_hash,
        "role": user.role.value,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "version": user.version,
    }


def _to_user(row: RowMapping) -> User:
    return User(
        id=row["id"],
        email=Email(row["email"]),
        full_name=FullName(row["full_name"]),
        password_hash=row["password_hash"],
        role=Role(row["role"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        version=row["version"],
    )
