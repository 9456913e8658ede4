"""A recording EventPublisher for unit tests: what a use case published, and whether it
published inside a transaction, as the port requires."""

from app.infra.persistence import Database
from app.kernel.events import IntegrationEvent


class RecordedEvents:
    def __init__(self, database: Database) -> None:
        self._database = database
        self.published: list[IntegrationEvent] = []

    async def publish(self, *events: IntegrationEvent) -> None:
        if not self._database.in_transaction():
            raise RuntimeError("publish events inside the transaction of the state change")
        self.published += events
