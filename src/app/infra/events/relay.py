"""The relay: delivers the outbox to the subscribers, after commit, at least once.

Every app process runs one (and `python -m app events relay` runs one alone). Leases
keep two relays off the same row; a relay that dies mid-delivery loses its lease when
it expires, and another delivers the row again, hence "at least once".
"""

import asyncio
import random
from contextlib import suppress
from datetime import timedelta

import structlog

from app.infra.config import Settings
from app.infra.events.bus import EventBus
from app.infra.events.codec import from_payload
from app.infra.events.outbox import OutboxRow
from app.kernel.clock import Clock
from app.kernel.errors import UnavailableError
from app.kernel.ids import new_id

log = structlog.get_logger(__name__)
BATCH = 50
_JITTER = random.SystemRandom()


class Relay:
    def __init__(self, bus: EventBus, clock: Clock, settings: Settings, batch: int = BATCH) -> None:
        self._bus = bus
        self._batch = batch
        self._outbox = bus.outbox
        self._clock = clock
        self._settings = settings
        self.name = f"relay-{new_id()}"

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; an unreachable database only delays delivery."""
        cycles = 0
        while not stop.is_set():
            try:
                delivered = await self.run_once()
                if cycles % 1000 == 0:
                    await self._forget_old_handled()
            except UnavailableError as exc:
                log.warning("relay_database_unavailable", error=repr(exc.__cause__ or exc))
                delivered = 0
            except Exception:
                log.exception("relay_failed")
                delivered = 0
            cycles += 1
            if not delivered:
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._settings.events_poll_seconds)

    async def run_once(self) -> int:
        """Claim what is due and deliver it; return how many rows were claimed."""
        now = self._clock.now()
        lease = timedelta(seconds=self._settings.events_lease_seconds)
        rows = await self._outbox.claim(
            self.name, now=now, lease_until=now + lease, limit=self._batch
        )
        for row in rows:
            await self._deliver(row)
        return len(rows)

    async def _deliver(self, row: OutboxRow) -> None:
        subscription = self._bus.subscription(row.subscriber)
        if subscription is None:
            await self._park(row, row.attempts, f"no subscriber named {row.subscriber!r}")
            return
        if await self._outbox.was_handled(row.subscriber, row.event_id):
            await self._outbox.complete(row, handled_at=self._clock.now())
            return
        if (row.type, row.version) != (subscription.event.TYPE, subscription.event.VERSION):
            expected = f"{subscription.event.TYPE} v{subscription.event.VERSION}"
            await self._park(row, row.attempts, f"{row.type} v{row.version}: expects {expected}")
            return
        try:
            event = from_payload(subscription.event, row.payload)
            timeout = self._settings.events_lease_seconds / 2  # done well within the lease
            await asyncio.wait_for(subscription.handle(event), timeout)
        except Exception as exc:  # a subscriber's failure must not stop the others
            await self._failed(row, f"{type(exc).__name__}: {exc}")
            return
        await self._outbox.complete(row, handled_at=self._clock.now())

    async def _failed(self, row: OutboxRow, error: str) -> None:
        attempts = row.attempts + 1
        if attempts >= self._settings.events_max_attempts:
            await self._park(row, attempts, error)
            return
        delay = min(
            self._settings.events_retry_seconds * 2 ** (attempts - 1),
            self._settings.events_retry_max_seconds,
        ) * _JITTER.uniform(0.8, 1.0)  # replicas retrying together spread out
        at = self._clock.now() + timedelta(seconds=delay)
        log.warning(
            "event_delivery_failed", subscriber=row.subscriber, attempts=attempts, error=error
        )
        await self._outbox.release(row, attempts=attempts, error=error, at=at)

    async def _park(self, row: OutboxRow, attempts: int, error: str) -> None:
        log.error("event_parked", row=str(row.id), subscriber=row.subscriber, error=error)
        await self._outbox.park(row, attempts=attempts, error=error, now=self._clock.now())

    async def _forget_old_handled(self) -> None:
        keep = timedelta(days=self._settings.events_handled_days)
        await self._outbox.forget_handled(self._clock.now() - keep)
