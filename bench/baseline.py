"""The yardstick of docs/performance.md: the same read written the way most tutorials
write it, with an AsyncSession per request (so BEGIN, SELECT, ROLLBACK), dependencies
for the token and the session, and a pydantic response model. The app must be at least
as fast as this; the hand-tuned reference (bench/reference.py) is the ceiling.

Same contract as the app's `GET /api/v1/users/me` (claims, body, ETag).

Run: DATABASE_URL=postgresql+asyncpg://... JWT_SECRET=... uvicorn bench.baseline:app
"""

import os
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated
from uuid import UUID

import jwt
from fastapi import Depends, FastAPI, HTTPException, Response
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine(os.environ["DATABASE_URL"], pool_size=20, max_overflow=0)
sessions = async_sessionmaker(engine)
bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token")
app = FastAPI()


class UserOut(BaseModel):
    id: UUID
    email: str
    full_name: str
    role: str
    created_at: datetime
    updated_at: datetime


async def session() -> AsyncIterator[AsyncSession]:
    async with sessions() as opened:
        yield opened


async def caller_id(token: Annotated[str, Depends(bearer)]) -> UUID:
    try:
        claims = jwt.decode(
            token,
            os.environ["JWT_SECRET"],
            algorithms=["HS256"],
            options={"require": ["sub", "role", "iat", "exp"]},
        )
        return UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"}) from exc


@app.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/api/v1/users/me")
async def read_me(
    user_id: Annotated[UUID, Depends(caller_id)],
    db: Annotated[AsyncSession, Depends(session)],
    response: Response,
) -> UserOut:
    query = text("SELECT * FROM users WHERE id = :id")
    row = (await db.execute(query, {"id": user_id})).mappings().first()
    if row is None:
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})
    response.headers["ETag"] = f'"{row["version"]}"'
    return UserOut.model_validate(dict(row))
