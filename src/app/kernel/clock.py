"""The current time, as a port so that use cases can be tested at any instant."""

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Tells the current time. Always timezone-aware, in UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)
