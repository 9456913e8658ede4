"""The user module's published events survive their stored form unchanged."""

from datetime import UTC, datetime

import pytest

from app.infra.events.codec import from_payload, to_payload
from app.kernel.events import IntegrationEvent
from app.kernel.ids import new_id
from app.modules.user.api import (
    PasswordChanged,
    PasswordResetRequested,
    UserDeleted,
    UserRegistered,
)

AT = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
USER = new_id()
EVENTS = [
    UserRegistered(occurred_at=AT, user_id=USER, email="ada@example.com", full_name="Ada"),
    PasswordChanged(occurred_at=AT, user_id=USER, email="ada@example.com", full_name="Ada"),
    PasswordResetRequested(occurred_at=AT, user_id=USER, email="a@example.com", full_name="A"),
    UserDeleted(occurred_at=AT, user_id=USER),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.TYPE)
def test_each_event_round_trips_through_its_stored_form(event: IntegrationEvent) -> None:
    restored = from_payload(type(event), to_payload(event))

    assert restored == event
    assert restored.key == str(USER)  # in order per user


def test_event_types_are_named_uniquely_and_versioned() -> None:
    assert len({e.TYPE for e in EVENTS}) == len(EVENTS)
    assert all(e.TYPE.startswith("user.") and e.VERSION == 1 for e in EVENTS)
    assert len({e.id for e in EVENTS}) == len(EVENTS)
