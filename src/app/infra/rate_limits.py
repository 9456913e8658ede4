"""Rate limits (the kernel's RateLimiter port) on the `limits` library: in Redis when
REDIS_URL is set, so that every replica counts against one limit; in process memory
otherwise (one process, or a limit per replica).

Routes limit requests per client address with `Depends(rate_limits.per_client(limit))`;
use cases limit what they know about (failed log-ins per account) through the port.
The client address is the peer's, or the one a trusted proxy (TRUSTED_PROXIES) reports.

When Redis cannot be reached the limits are not enforced (and a warning is logged):
an outage of Redis must not turn into an outage of log-ins. The library loads with the
first attempt counted, not at start: a health check does not need it.
"""

import math
import time
from typing import TYPE_CHECKING, Any

import structlog
from fastapi import Depends, Request

from app.infra.config import Settings, rate
from app.infra.routes import answers
from app.kernel.rate_limit import Limit, RateLimitedError

if TYPE_CHECKING:
    from limits import RateLimitItem
    from limits.aio.storage import Storage
    from limits.aio.strategies import MovingWindowRateLimiter
    from limits.util import WindowStats

log = structlog.get_logger(__name__)


class LimitsRateLimiter:
    """A moving-window RateLimiter: an attempt counts for exactly `seconds` after it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._loaded: MovingWindowRateLimiter | None = None
        self._items: dict[Limit, RateLimitItem] = {}
        self._close: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "LimitsRateLimiter":
        return cls(settings)

    @property
    def _strategy(self) -> "MovingWindowRateLimiter":
        if self._loaded is None:
            from limits.aio.strategies import MovingWindowRateLimiter

            self._loaded = MovingWindowRateLimiter(self._storage())
        return self._loaded

    def _storage(self) -> "Storage":
        from limits.aio.storage import MemoryStorage, RedisStorage

        if self._settings.redis_url is None:
            return MemoryStorage()
        from redis.asyncio import ConnectionPool  # only with Redis

        url = self._settings.redis_url.get_secret_value()
        timeout = self._settings.redis_timeout_seconds
        pool = ConnectionPool.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self._close = pool.aclose
        return RedisStorage(
            f"async+{url}",
            implementation="redispy",
            connection_pool=pool,  # type: ignore[arg-type]  # documented, loosely typed
            wrap_exceptions=True,
            key_prefix=f"{self._settings.app_name}:limits",
        )

    async def acquire(self, limit: Limit, key: str) -> None:
        item = self._item(limit)
        if not await self._guarded(self._strategy.hit(item, limit.name, key), True):
            raise RateLimitedError(await self._retry_after(item, limit.name, key))

    async def check(self, limit: Limit, key: str) -> None:
        item = self._item(limit)
        if not await self._guarded(self._strategy.test(item, limit.name, key), True):
            raise RateLimitedError(await self._retry_after(item, limit.name, key))

    async def count(self, limit: Limit, key: str) -> None:
        await self._guarded(self._strategy.hit(self._item(limit), limit.name, key), True)

    async def close(self) -> None:
        if self._close is not None:
            await self._close()

    def _item(self, limit: Limit) -> "RateLimitItem":
        item = self._items.get(limit)
        if item is None:
            from limits import RateLimitItemPerSecond

            item = self._items[limit] = RateLimitItemPerSecond(limit.amount, limit.seconds)
        return item

    async def _retry_after(self, item: "RateLimitItem", *identifiers: str) -> int:
        stats: WindowStats | None = await self._guarded(
            self._strategy.get_window_stats(item, *identifiers), None
        )
        if stats is None:
            return int(item.get_expiry())
        return max(1, math.ceil(stats.reset_time - time.time()))

    @staticmethod
    async def _guarded(call: Any, unavailable: Any) -> Any:
        from limits.errors import StorageError  # loaded by then

        try:
            return await call
        except StorageError as exc:
            log.warning("rate_limits_unavailable", error=repr(exc.storage_error))
            return unavailable


class RateLimits:
    """The platform's rate limiter, and route dependencies limiting per client address."""

    def __init__(self, limiter: LimitsRateLimiter) -> None:
        self.limiter = limiter

    @staticmethod
    def limit(name: str, spec: str) -> Limit:
        """The limit named `name` from a setting's rate, like "10/15 minutes"."""
        return Limit(name, *rate(spec))

    def per_client(self, name: str, spec: str) -> Any:
        """`dependencies=[rate_limits.per_client("sign-ups", "20/hour")]`: each request
        from one client address counts; over the limit, 429 with Retry-After."""
        limit = self.limit(name, spec)

        @answers(429)
        async def limited(request: Request) -> None:
            await self.limiter.acquire(limit, client_address(request))

        return Depends(limited)


def client_address(request: Request) -> str:
    """The client's address: the TCP peer's, or the one a trusted proxy put in
    X-Forwarded-For (the app's ProxyHeadersMiddleware vets which proxies count)."""
    return request.client.host if request.client is not None else "unknown"
