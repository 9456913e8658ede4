"""The current time, as a port so that use cases can be tested at any instant."""

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the current time. Always timezone-aware, in UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, to the millisecond: the finest precision every supported database
    keeps (MongoDB stores milliseconds), so a timestamp reads back as it was written."""

    def now(self) -> datetime:
        now = datetime.now(UTC)
        return now.replace(microsecond=now.microsecond // 1000 * 1000)


def as_utc(value: datetime) -> datetime:
    """Attach UTC to a naive timestamp read back from a store that keeps no time zone;
    every timestamp this application writes is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
