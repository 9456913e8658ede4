"""Integration events: facts one module tells the others, delivered after commit.

A module publishes the event types in its `api` package, as frozen dataclasses derived
from IntegrationEvent whose fields are plain values (str, int, float, bool, UUID,
datetime, or None). `TYPE` names the event for good; `VERSION` changes when its fields
do. A use case publishes inside the transaction of the state change, so the event is
recorded if and only if the change is committed; the platform delivers it afterwards,
at least once, in order for each `key` (the aggregate the event is about).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol
from uuid import UUID

from app.kernel.ids import new_id


@dataclass(frozen=True, slots=True, kw_only=True)
class IntegrationEvent:
    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1

    occurred_at: datetime
    id: UUID = field(default_factory=new_id)

    @property
    def key(self) -> str:
        """The aggregate the event is about: events of one key arrive in order."""
        raise NotImplementedError


class EventPublisher(Protocol):
    """Records events for delivery after commit. Call it inside the Transaction of the
    state change the events describe; outside one it raises RuntimeError, since the
    event could then be recorded for a change that never happened, or lost."""

    async def publish(self, *events: IntegrationEvent) -> None: ...
