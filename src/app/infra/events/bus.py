"""The platform's EventPublisher, and the subscriptions modules declare."""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.infra.events.codec import to_payload
from app.infra.events.outbox import Outbox, OutboxRow
from app.infra.modules import ModuleError
from app.infra.persistence import Database
from app.kernel.events import IntegrationEvent
from app.kernel.ids import new_id


@dataclass(frozen=True, slots=True)
class Subscription[E: IntegrationEvent]:
    """A module's handler of one event type. `name` is stored with each pending delivery:
    keep it stable (renaming it parks the deliveries under the old name). The handler
    gets each event at least once: make it safe to repeat."""

    name: str
    event: type[E]
    handle: Callable[[E], Awaitable[None]]


def outbox_of(database: Database) -> Outbox:
    from app.infra.events.memory import MemoryOutbox
    from app.infra.events.sql import SqlOutbox

    def mongo(db: Any) -> Outbox:
        from app.infra.events.mongo import MongoOutbox  # PyMongo loads only for MongoDB

        return MongoOutbox(db)

    return database.choose(Outbox, sql=SqlOutbox, mongo=mongo, memory=MemoryOutbox)


class EventBus:
    """Publishes by writing one outbox row per subscriber of the event, in the current
    transaction; the relay (app.infra.events.relay) delivers them after commit."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self.outbox = outbox_of(database)
        self._by_type: dict[str, list[Subscription[Any]]] = {}
        self._by_name: dict[str, Subscription[Any]] = {}

    def subscribe(self, subscriptions: Sequence[Subscription[Any]]) -> None:
        for subscription in subscriptions:
            if subscription.name in self._by_name:
                raise ModuleError(f"two subscriptions are named {subscription.name!r}")
            self._by_name[subscription.name] = subscription
            self._by_type.setdefault(subscription.event.TYPE, []).append(subscription)

    def subscription(self, name: str) -> Subscription[Any] | None:
        return self._by_name.get(name)

    async def publish(self, *events: IntegrationEvent) -> None:
        if not self._database.in_transaction():
            raise RuntimeError("publish events inside the transaction of the state change")
        rows = [
            OutboxRow(
                id=new_id(),
                event_id=event.id,
                subscriber=subscription.name,
                type=event.TYPE,
                version=event.VERSION,
                key=event.key,
                payload=to_payload(event),
                occurred_at=event.occurred_at,
                attempts=0,
                next_attempt_at=event.occurred_at,
            )
            for event in events
            for subscription in self._by_type.get(event.TYPE, [])
        ]
        await self.outbox.add(rows)
