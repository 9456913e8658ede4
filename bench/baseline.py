"""The yardstick: a minimal hand-written FastAPI endpoint that checks a JWT and reads one
row with async SQLAlchemy + asyncpg, written the way most tutorials write it (an
AsyncSession per request). `python -m app` must serve the same read at least as fast.

Run: DATABASE_URL=postgresql+asyncpg://... JWT_SECRET=... uvicorn bench.baseline:app
"""

import os
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine(os.environ["DATABASE_URL"], pool_size=10)
sessions = async_sessionmaker(engine)
bearer = OAuth2PasswordBearer(tokenUrl="token")
app = FastAPI()


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/me")
async def me(token: Annotated[str, Depends(bearer)]) -> dict[str, Any]:
    try:
        claims = jwt.decode(token, os.environ["JWT_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError as exc:
        raise HTTPException(401) from exc
    async with sessions() as session:
        query = text("SELECT id, email, full_name, role FROM users WHERE id = :id")
        row = (await session.execute(query, {"id": claims["sub"]})).mappings().first()
    if row is None:
        raise HTTPException(404)
    return {"id": str(row["id"]), **{k: row[k] for k in ("email", "full_name", "role")}}
