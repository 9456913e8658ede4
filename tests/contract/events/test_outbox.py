"""The event outbox and its relay on every database: delivered after commit, at least
once, in order per aggregate, retried, parked and replayed, one relay at a time."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar
from uuid import UUID

import pytest

from app.infra.events.bus import EventBus, Subscription
from app.infra.events.relay import Relay
from app.infra.persistence import Database
from app.kernel.events import IntegrationEvent
from app.kernel.ids import new_id
from tests.backends import Backend
from tests.factories import FixedClock


@dataclass(frozen=True, slots=True, kw_only=True)
class Happened(IntegrationEvent):
    TYPE: ClassVar[str] = "test.happened"

    subject: UUID
    step: int

    @property
    def key(self) -> str:
        return str(self.subject)


class Subscriber:
    """Records what it handled; fails the first `failures` times it is called."""

    def __init__(self, failures: int = 0) -> None:
        self.handled: list[Happened] = []
        self.failures = failures

    async def __call__(self, event: Happened) -> None:
        await asyncio.sleep(0.001)  # as slow as a network call: relays overlap
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the mail server is down")
        self.handled.append(event)


@pytest.fixture
async def database(backend: Backend) -> AsyncIterator[Database]:
    database = backend.open()
    yield database
    await database.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


def a_relay(bus: EventBus, clock: FixedClock, backend: Backend, batch: int = 50) -> Relay:
    settings = backend.settings(events_retry_seconds=10.0, events_max_attempts=3)
    return Relay(bus, clock, settings, batch=batch)


def bus_with(database: Database, **subscribers: Subscriber) -> EventBus:
    bus = EventBus(database)
    bus.subscribe([Subscription(name, Happened, handle) for name, handle in subscribers.items()])
    return bus


async def publish(database: Database, bus: EventBus, clock: FixedClock, *events: Happened) -> None:
    await database.transaction(lambda: bus.publish(*events))


def happened(clock: FixedClock, subject: UUID | None = None, step: int = 1) -> Happened:
    return Happened(occurred_at=clock.now(), subject=subject or new_id(), step=step)


async def test_an_event_is_delivered_to_each_subscriber_once_after_commit(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    first, second = Subscriber(), Subscriber()
    bus = bus_with(database, first=first, second=second)
    event = happened(clock)
    await publish(database, bus, clock, event)

    await a_relay(bus, clock, backend).run_once()
    await a_relay(bus, clock, backend).run_once()

    assert first.handled == [event]
    assert second.handled == [event]


async def test_an_event_of_a_rolled_back_change_is_never_delivered(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    subscriber = Subscriber()
    bus = bus_with(database, s=subscriber)

    async def work() -> None:
        await bus.publish(happened(clock))
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await database.transaction(work)
    await a_relay(bus, clock, backend).run_once()

    assert subscriber.handled == []


async def test_publishing_outside_a_transaction_is_refused(database: Database) -> None:
    bus = bus_with(database, s=Subscriber())

    with pytest.raises(RuntimeError, match="inside the transaction"):
        await bus.publish(happened(FixedClock()))


async def test_a_failed_delivery_is_retried_later_and_blocks_only_its_own_aggregate(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    subscriber = Subscriber(failures=1)
    bus = bus_with(database, s=subscriber)
    subject, other = new_id(), new_id()
    await publish(database, bus, clock, happened(clock, subject, 1), happened(clock, subject, 2))
    await publish(database, bus, clock, happened(clock, other, 1))
    relay = a_relay(bus, clock, backend)

    await relay.run_once()  # subject's first event fails; its second waits; other's goes
    await relay.run_once()  # nothing is due before the backoff has passed
    assert [(e.subject, e.step) for e in subscriber.handled] == [(other, 1)]

    clock.advance(seconds=11)
    await relay.run_once()
    await relay.run_once()
    assert [(e.subject, e.step) for e in subscriber.handled] == [
        (other, 1),
        (subject, 1),
        (subject, 2),
    ]


async def test_after_the_last_attempt_a_delivery_is_parked_until_replayed(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    subscriber = Subscriber(failures=3)
    bus = bus_with(database, s=subscriber)
    event = happened(clock)
    await publish(database, bus, clock, event)
    relay = a_relay(bus, clock, backend)
    for _ in range(3):
        await relay.run_once()
        clock.advance(hours=1)

    [parked] = await bus.outbox.parked()
    await relay.run_once()
    assert subscriber.handled == []
    assert (parked.event_id, parked.attempts) == (event.id, 3)
    assert parked.last_error == "RuntimeError: the mail server is down"

    assert await bus.outbox.replay(parked.id, now=clock.now())
    await relay.run_once()
    assert subscriber.handled == [event]
    assert await bus.outbox.parked() == []
    assert not await bus.outbox.replay(parked.id, now=clock.now())  # nothing left to replay


async def test_a_delivery_held_by_a_relay_that_died_is_taken_over_when_its_lease_ends(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    subscriber = Subscriber()
    bus = bus_with(database, s=subscriber)
    event = happened(clock)
    await publish(database, bus, clock, event)
    now = clock.now()
    await bus.outbox.claim("dead-relay", now=now, lease_until=now + timedelta(seconds=60), limit=10)

    await a_relay(bus, clock, backend).run_once()
    assert subscriber.handled == []
    clock.advance(seconds=61)
    await a_relay(bus, clock, backend).run_once()
    assert subscriber.handled == [event]


async def test_an_event_its_subscriber_already_handled_is_not_handled_again(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    subscriber = Subscriber()
    bus = bus_with(database, s=subscriber)
    event = happened(clock)
    await publish(database, bus, clock, event)
    await a_relay(bus, clock, backend).run_once()

    await publish(database, bus, clock, event)  # the same event again, as a crash could
    await a_relay(bus, clock, backend).run_once()

    assert subscriber.handled == [event]
    assert await bus.outbox.claim("x", now=clock.now(), lease_until=clock.now(), limit=10) == []


async def test_two_relays_racing_deliver_each_event_exactly_once(
    backend: Backend, clock: FixedClock
) -> None:
    subscriber = Subscriber()
    databases = (
        [backend.open(), backend.open()] if backend.name != "memory" else [backend.open()] * 2
    )
    buses = [bus_with(db, s=subscriber) for db in databases]
    events = [happened(clock, new_id()) for _ in range(40)]
    await publish(databases[0], buses[0], clock, *events)

    async def drain(bus: EventBus) -> None:
        relay = a_relay(bus, clock, backend, batch=3)  # many small claims, interleaved
        for _ in range(len(events)):
            if not await relay.run_once():
                return
            await asyncio.sleep(0)

    try:
        await asyncio.gather(drain(buses[0]), drain(buses[1]))
    finally:
        for db in set(databases):
            await db.close()

    assert sorted(e.id for e in subscriber.handled) == sorted(e.id for e in events)


async def test_claims_made_at_the_same_moment_never_share_a_row(
    backend: Backend, clock: FixedClock
) -> None:
    databases = (
        [backend.open(), backend.open()] if backend.name != "memory" else [backend.open()] * 2
    )
    buses = [bus_with(db, s=Subscriber()) for db in databases]
    await publish(databases[0], buses[0], clock, *(happened(clock) for _ in range(60)))
    now, later = clock.now(), clock.now() + timedelta(minutes=1)

    claimed: list[UUID] = []
    try:
        for _ in range(30):
            batches = await asyncio.gather(
                *(
                    bus.outbox.claim(f"relay-{i}", now=now, lease_until=later, limit=4)
                    for i, bus in enumerate(buses)
                )
            )
            claimed += [row.id for batch in batches for row in batch]
            if len(claimed) >= 60:
                break
    finally:
        for db in set(databases):
            await db.close()

    assert len(claimed) == len(set(claimed)) == 60


async def test_parked_deliveries_never_hold_up_those_of_other_aggregates(
    database: Database, clock: FixedClock, backend: Backend
) -> None:
    subscriber = Subscriber(failures=9)
    bus = bus_with(database, s=subscriber)
    await publish(database, bus, clock, *(happened(clock) for _ in range(3)))
    relay = a_relay(bus, clock, backend, batch=2)
    for _ in range(6):
        await relay.run_once()
        clock.advance(hours=1)
    assert len(await bus.outbox.parked()) == 3

    fresh = happened(clock)
    await publish(database, bus, clock, fresh)
    await relay.run_once()

    assert subscriber.handled == [fresh]
