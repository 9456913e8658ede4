"""Every protected route refuses a missing, tampered, expired or unsigned token with 401."""

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from tests.backends import TEST_SECRET
from tests.integration.conftest import assert_problem, bearer, signed_up

PROTECTED = [
    ("GET", "/api/v1/users/me"),
    ("GET", "/api/v1/users"),
    ("GET", "/api/v1/users/{id}"),
    ("PATCH", "/api/v1/users/{id}"),
    ("DELETE", "/api/v1/users/{id}"),
]


def bad_tokens(user_id: str, good: str) -> dict[str, dict[str, str]]:
    now = datetime.now(UTC)
    claims = {"sub": user_id, "role": "admin", "iat": now, "exp": now + timedelta(minutes=5)}
    expired = {**claims, "iat": now - timedelta(hours=2), "exp": now - timedelta(hours=1)}
    header, payload, _ = good.split(".")
    none_header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()
    return {
        "missing": {},
        "not-bearer": {"Authorization": f"Basic {good}"},
        "garbage": bearer("garbage"),
        "wrong-key": bearer(jwt.encode(claims, "another-secret-" + "z" * 40, algorithm="HS256")),
        "expired": bearer(jwt.encode(expired, TEST_SECRET, algorithm="HS256")),
        "alg-none": bearer(f"{none_header}.{payload}."),
        "signature-stripped": bearer(f"{header}.{payload}."),
    }


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_protected_routes_refuse_bad_tokens_with_401(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    user_id, token = await signed_up(client)

    for name, headers in bad_tokens(user_id, token).items():
        response = await client.request(
            method,
            path.format(id=user_id),
            headers={**headers, "If-Match": '"1"'},
            json={"full_name": "X"} if method == "PATCH" else None,
        )
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer", name

    still_there = await client.get("/api/v1/users/me", headers=bearer(token))
    assert (still_there.json()["full_name"], still_there.headers["etag"]) == ("Ada Lovelace", '"1"')
