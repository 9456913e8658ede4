"""The RateLimiter contract, in process memory and in a real Redis."""

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from app.infra.logging import configure_logging
from app.infra.rate_limits import LimitsRateLimiter
from app.kernel.rate_limit import Limit, RateLimitedError
from tests.backends import make_settings

THREE = Limit("three", 3, 60)


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[LimitsRateLimiter]:
    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    limiter = LimitsRateLimiter.from_settings(make_settings("memory://", redis_url=redis_url))
    yield limiter
    await limiter.close()


async def test_of_concurrent_acquires_exactly_the_limit_pass(limiter: LimitsRateLimiter) -> None:
    outcomes = await asyncio.gather(
        *(limiter.acquire(THREE, "k") for _ in range(10)), return_exceptions=True
    )

    refused = [o for o in outcomes if isinstance(o, RateLimitedError)]
    assert (outcomes.count(None), len(refused)) == (3, 7)
    assert all(1 <= r.retry_after <= 60 for r in refused)


async def test_keys_and_limits_count_apart(limiter: LimitsRateLimiter) -> None:
    for _ in range(3):
        await limiter.acquire(THREE, "k")

    await limiter.acquire(THREE, "another key")
    await limiter.acquire(Limit("other", 3, 60), "k")
    with pytest.raises(RateLimitedError):
        await limiter.check(THREE, "k")


async def test_failures_are_counted_then_checked(limiter: LimitsRateLimiter) -> None:
    for _ in range(2):
        await limiter.count(THREE, "k")
    await limiter.check(THREE, "k")  # two of three: still open
    await limiter.count(THREE, "k")
    await limiter.count(THREE, "k")  # over the limit: counting never raises

    with pytest.raises(RateLimitedError):
        await limiter.check(THREE, "k")


async def test_an_attempt_stops_counting_once_older_than_the_window(
    limiter: LimitsRateLimiter,
) -> None:
    brief = Limit("brief", 2, 1)
    for _ in range(2):
        await limiter.acquire(brief, "k")
    with pytest.raises(RateLimitedError) as refused:
        await limiter.acquire(brief, "k")

    assert refused.value.retry_after == 1
    await asyncio.sleep(1.05)
    await limiter.acquire(brief, "k")


async def test_an_unreachable_redis_enforces_nothing_and_fails_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = make_settings(
        "memory://", redis_url="redis://127.0.0.1:1/0", redis_timeout_seconds=0.5
    )
    configure_logging(settings)
    logging.getLogger().addHandler(caplog.handler)  # configure_logging replaced the root's
    limiter = LimitsRateLimiter.from_settings(settings)
    try:
        for _ in range(5):
            await limiter.acquire(THREE, "k")
            await limiter.count(THREE, "k")
            await limiter.check(THREE, "k")
    finally:
        await limiter.close()

    warnings = [r for r in caplog.records if "rate_limits_unavailable" in r.getMessage()]
    assert len(warnings) == 15
