"""Where the outbox and the record of handled events are stored: the platform's own
tables and collections, migrated with the modules'."""

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, Text, Uuid

from app.infra.database import new_metadata
from app.infra.modules import MongoCollection, MongoIndex

metadata = new_metadata()

# One row per event and subscriber, deleted once that subscriber has handled it.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Uuid(), primary_key=True),  # UUIDv7: the order rows were written in
    Column("event_id", Uuid(), nullable=False),
    Column("subscriber", String(100), nullable=False),
    Column("type", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("key", String(100), nullable=False),
    Column("payload", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=True),
    Column("parked_at", DateTime(timezone=True), nullable=True),
    Column("lease_until", DateTime(timezone=True), nullable=True),
    Column("leased_by", String(64), nullable=True),
    Index(None, "subscriber", "key", "id"),
)

# The events each subscriber has handled, so a repeated delivery changes nothing.
handled_events = Table(
    "handled_events",
    metadata,
    Column("subscriber", String(100), primary_key=True),
    Column("event_id", Uuid(), primary_key=True),
    Column("handled_at", DateTime(timezone=True), nullable=False),
    Index(None, "handled_at"),
)

OUTBOX = MongoCollection(
    "outbox",
    indexes=(
        MongoIndex("ix_outbox_subscriber_key_id", (("subscriber", 1), ("key", 1), ("_id", 1))),
    ),
)
HANDLED_EVENTS = MongoCollection(
    "handled_events", indexes=(MongoIndex("ix_handled_events_handled_at", (("handled_at", 1),)),)
)
COLLECTIONS = (OUTBOX, HANDLED_EVENTS)
