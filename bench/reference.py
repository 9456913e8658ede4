"""The reference: the app's authenticated read written by hand for speed, the real limit
of FastAPI on this machine. `make bench` reports every target as a fraction of it.

Same contract as `GET /api/v1/users/me`: a bearer token checked by PyJWT (HS256, the
same secret; `sub`, `role`, `iat` and `exp` required), one row of the same `users` table,
the same JSON body as the app's UserOut, and the version as ETag. Everything else is
cut: one raw asyncpg pool (its statement cache prepares `SELECT ... WHERE id = $1` once
per connection), no dependency injection, no response model, no middleware, no metrics,
and uvicorn runs it without an access log.

Run: DATABASE_URL=postgresql://... JWT_SECRET=... uvicorn bench.reference:app
"""

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from uuid import UUID

import asyncpg
import jwt
from fastapi import FastAPI, Request, Response
from jwt.types import Options

SECRET = os.environ["JWT_SECRET"]
DSN = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://", 1)
POOL_SIZE = 20  # the app's DB_POOL_SIZE default
READ = "SELECT id, email, full_name, role, created_at, updated_at, version FROM users WHERE id = $1"
ROLES = frozenset({"user", "admin"})
REQUIRED: Options = {"require": ["sub", "role", "iat", "exp"]}
JSON = "application/json"
pool: asyncpg.Pool


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    global pool  # one pool per process, built on the server's event loop
    pool = await asyncpg.create_pool(DSN, min_size=1, max_size=POOL_SIZE)
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan, openapi_url=None)


@app.get("/health/live")
async def live() -> Response:
    return Response(b'{"status":"ok"}', media_type=JSON)


@app.get("/api/v1/users/me")
async def read_me(request: Request) -> Response:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    try:
        if scheme.lower() != "bearer":
            raise ValueError(scheme)
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], options=REQUIRED)
        user_id = UUID(claims["sub"])
        if claims["role"] not in ROLES:
            raise ValueError(claims["role"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return _unauthorized()
    row = await pool.fetchrow(READ, user_id)
    if row is None:  # a token outliving its account, as the app answers it
        return _unauthorized()
    body = {
        "id": str(row["id"]),
        "email": row["email"],
        "full_name": row["full_name"],
        "role": row["role"],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, media_type=JSON, headers={"ETag": f'"{row["version"]}"'})


def _iso(moment: datetime) -> str:
    # As pydantic writes an aware UTC datetime ("Z", microseconds only when non-zero).
    return moment.isoformat().replace("+00:00", "Z")


def _unauthorized() -> Response:
    return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
