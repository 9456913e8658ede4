"""The JWT and Argon2 adapters: what they accept and what they refuse."""

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from pwdlib import PasswordHash

from app.kernel.auth import Caller, Role
from app.kernel.errors import AuthenticationError
from app.kernel.ids import new_id
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.jwt_tokens import CACHE_SIZE, JwtTokenService
from app.modules.user.domain.values import Password
from tests.backends import TEST_SECRET
from tests.factories import FixedClock

CALLER = Caller(new_id(), Role.ADMIN)


def test_a_token_round_trips_the_caller(tokens: JwtTokenService) -> None:
    assert tokens.verify(tokens.issue(CALLER).token) == CALLER


def test_an_expired_token_is_refused(tokens: JwtTokenService) -> None:
    an_hour_ago = FixedClock(datetime.now(UTC) - timedelta(hours=1))
    token = JwtTokenService(TEST_SECRET, timedelta(minutes=15), an_hour_ago).issue(CALLER).token

    with pytest.raises(AuthenticationError):
        tokens.verify(token)


def forge(claims: dict[str, object], key: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not.a.jwt",
        forge(
            {"sub": str(CALLER.user_id), "role": "admin", "iat": 1, "exp": 9e9},
            "another-key-" + "y" * 40,
        ),
        forge(
            {"sub": str(CALLER.user_id), "role": "admin", "iat": 1, "exp": 9e9}, "k" * 64, "HS512"
        ),
        forge({"sub": str(CALLER.user_id), "role": "admin", "iat": 1}),  # no exp
        forge({"sub": str(CALLER.user_id), "role": "admin", "exp": 9e9}),  # no iat
        forge({"role": "admin", "iat": 1, "exp": 9e9}),  # no sub
        forge({"sub": "not-a-uuid", "role": "admin", "iat": 1, "exp": 9e9}),
        forge({"sub": str(CALLER.user_id), "role": "root", "iat": 1, "exp": 9e9}),
        forge({"sub": str(CALLER.user_id), "iat": 1, "exp": 9e9}),  # no role
    ],
    ids=[
        "empty",
        "garbage",
        "other-key",
        "other-alg",
        "no-exp",
        "no-iat",
        "no-sub",
        "bad-sub",
        "bad-role",
        "no-role",
    ],
)
def test_a_tampered_or_incomplete_token_is_refused(tokens: JwtTokenService, token: str) -> None:
    with pytest.raises(AuthenticationError):
        tokens.verify(token)


def test_an_unsigned_alg_none_token_is_refused(tokens: JwtTokenService) -> None:
    legit = tokens.issue(CALLER).token
    header, payload, _ = legit.split(".")
    unsigned_header = jwt.utils.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode()

    with pytest.raises(AuthenticationError):
        tokens.verify(f"{unsigned_header}.{payload}.")
    with pytest.raises(AuthenticationError):
        tokens.verify(f"{header}.{payload}.")


async def test_the_hasher_verifies_its_own_hashes_only(hasher: Argon2PasswordHasher) -> None:
    hashed = await hasher.hash(Password("correct horse battery"))

    assert await hasher.verify("correct horse battery", hashed)
    assert not await hasher.verify("wrong horse battery!", hashed)
    assert not await hasher.verify("correct horse battery", "not-a-hash")
    assert not await hasher.verify("correct horse battery", "$argon2id$v=19$m=1,t=1,p=1$bad")


async def test_no_more_hashes_run_at_once_than_the_concurrency_allows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    running, peak = 0, 0
    lock = threading.Lock()
    original = PasswordHash.hash

    def counting_hash(self: PasswordHash, password: str | bytes, **kwargs: Any) -> str:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            time.sleep(0.02)  # long enough for the others to pile up
            return original(self, password, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(PasswordHash, "hash", counting_hash)
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost_kib=1024, concurrency=2)

    hashes = await asyncio.gather(*(hasher.hash(Password(f"password-{i:04}")) for i in range(8)))

    assert peak == 2
    assert len(set(hashes)) == 8
    assert await hasher.verify("password-0007", hashes[7])


def test_a_token_verified_once_is_not_verified_again_until_it_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    soon = FixedClock(datetime.now(UTC) - timedelta(minutes=15) + timedelta(seconds=2))
    tokens = JwtTokenService(TEST_SECRET, timedelta(minutes=15), soon)
    token = tokens.issue(CALLER).token
    assert tokens.verify(token) == CALLER
    decoded: list[str] = []
    monkeypatch.setattr(jwt, "decode", lambda *args, **kwargs: decoded.append("again"))

    assert tokens.verify(token) == CALLER  # from the cache: no signature check
    time.sleep(2.1)
    with pytest.raises(AuthenticationError):
        tokens.verify(token)  # expired while cached
    assert decoded == []


def test_the_cache_of_verified_tokens_stays_bounded_and_keeps_forgeries_out(
    tokens: JwtTokenService,
) -> None:
    issued = [
        JwtTokenService(TEST_SECRET, timedelta(minutes=15), FixedClock(datetime.now(UTC)))
        .issue(Caller(new_id(), Role.USER))
        .token
        for _ in range(CACHE_SIZE + 50)
    ]
    for token in issued:
        tokens.verify(token)
    for _ in range(100):
        with pytest.raises(AuthenticationError):
            tokens.verify(
                forge({"sub": str(new_id()), "role": "admin", "iat": 1, "exp": 9e9}, "k" * 40)
            )

    assert len(tokens._verified) == CACHE_SIZE
    assert issued[0] not in tokens._verified  # the oldest made room
    assert tokens.verify(issued[0]).role is Role.USER  # and is verified again when it returns
