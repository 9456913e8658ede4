"""The ResetTokenStore and RefreshTokenStore contracts: every adapter passes them."""

import asyncio
from datetime import timedelta

from app.kernel.ids import new_id
from app.modules.user.domain.opaque_token import hash_of, new_opaque_token
from app.modules.user.domain.refresh_token import RefreshToken
from app.modules.user.domain.reset_token import ResetToken
from app.modules.user.ports.refresh_tokens import RefreshTokenStore
from app.modules.user.ports.reset_tokens import ResetTokenStore
from tests.factories import T0


def a_refresh_token(**changes: object) -> RefreshToken:
    values: dict[str, object] = {
        "token_hash": hash_of(new_opaque_token()),
        "user_id": new_id(),
        "family_id": new_id(),
        "expires_at": T0 + timedelta(days=14),
        **changes,
    }
    return RefreshToken(**values)  # type: ignore[arg-type]


async def test_a_refresh_tokens_first_use_returns_it_unused_and_later_ones_used(
    refresh_tokens: RefreshTokenStore,
) -> None:
    token = a_refresh_token()
    await refresh_tokens.add(token)

    first = await refresh_tokens.use(token.token_hash, T0)
    second = await refresh_tokens.use(token.token_hash, T0 + timedelta(minutes=1))

    assert first == token  # every field read back, used_at None
    assert second is not None
    assert second.used_at == T0
    assert second.expires_at == token.expires_at
    assert await refresh_tokens.use(hash_of("never issued"), T0) is None


async def test_of_concurrent_uses_of_one_refresh_token_exactly_one_is_first(
    refresh_tokens: RefreshTokenStore,
) -> None:
    token = a_refresh_token()
    await refresh_tokens.add(token)

    uses = await asyncio.gather(*(refresh_tokens.use(token.token_hash, T0) for _ in range(5)))

    assert sum(1 for use in uses if use is not None and use.used_at is None) == 1


async def test_revoking_a_family_or_a_user_leaves_the_others(
    refresh_tokens: RefreshTokenStore,
) -> None:
    user, other_user = new_id(), new_id()
    family, other_family = new_id(), new_id()
    in_family = [a_refresh_token(user_id=user, family_id=family) for _ in range(2)]
    same_user = a_refresh_token(user_id=user, family_id=other_family)
    someone_else = a_refresh_token(user_id=other_user)
    for token in [*in_family, same_user, someone_else]:
        await refresh_tokens.add(token)

    await refresh_tokens.revoke_family(family)

    assert [await refresh_tokens.use(t.token_hash, T0) for t in in_family] == [None, None]
    assert await refresh_tokens.use(same_user.token_hash, T0) == same_user

    await refresh_tokens.revoke_user(user)

    assert await refresh_tokens.use(same_user.token_hash, T0) is None
    assert await refresh_tokens.use(someone_else.token_hash, T0) == someone_else


async def test_dropping_expired_tokens_keeps_live_ones_and_other_users(
    refresh_tokens: RefreshTokenStore,
) -> None:
    user = new_id()
    expired = a_refresh_token(user_id=user, expires_at=T0)
    live = a_refresh_token(user_id=user, expires_at=T0 + timedelta(seconds=1))
    elsewhere = a_refresh_token(expires_at=T0)
    for token in (expired, live, elsewhere):
        await refresh_tokens.add(token)

    await refresh_tokens.drop_expired(user, T0)

    assert await refresh_tokens.use(expired.token_hash, T0) is None
    assert await refresh_tokens.use(live.token_hash, T0) == live
    assert await refresh_tokens.use(elsewhere.token_hash, T0) == elsewhere


def a_reset_token(**changes: object) -> ResetToken:
    values: dict[str, object] = {
        "token_hash": hash_of(new_opaque_token()),
        "user_id": new_id(),
        "expires_at": T0 + timedelta(hours=1),
        **changes,
    }
    return ResetToken(**values)  # type: ignore[arg-type]


async def test_a_new_reset_token_replaces_the_users_earlier_one(
    reset_tokens: ResetTokenStore,
) -> None:
    first = a_reset_token()
    second = a_reset_token(user_id=first.user_id)
    other = a_reset_token()

    for token in (first, second, other):
        await reset_tokens.replace(token)

    assert await reset_tokens.get(first.token_hash) is None
    assert await reset_tokens.get(second.token_hash) == second
    assert await reset_tokens.get(other.token_hash) == other


async def test_a_reset_token_is_taken_once_even_concurrently(
    reset_tokens: ResetTokenStore,
) -> None:
    token = a_reset_token()
    await reset_tokens.replace(token)

    taken = await asyncio.gather(*(reset_tokens.take(token.token_hash) for _ in range(5)))

    assert [t for t in taken if t is not None] == [token]
    assert await reset_tokens.get(token.token_hash) is None


async def test_dropping_a_users_reset_token_leaves_the_others(
    reset_tokens: ResetTokenStore,
) -> None:
    mine, theirs = a_reset_token(), a_reset_token()
    for token in (mine, theirs):
        await reset_tokens.replace(token)

    await reset_tokens.drop_user(mine.user_id)
    await reset_tokens.drop_user(new_id())  # nothing to drop is fine

    assert await reset_tokens.get(mine.token_hash) is None
    assert await reset_tokens.get(theirs.token_hash) == theirs
