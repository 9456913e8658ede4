"""The platform: what every module's wiring receives."""

from dataclasses import dataclass, field
from typing import Any, cast

from app.infra.auth import Authentication
from app.infra.config import Settings
from app.infra.events.bus import EventBus
from app.infra.modules import ModuleError
from app.infra.persistence import Database
from app.infra.rate_limits import LimitsRateLimiter, RateLimits
from app.kernel.clock import Clock, SystemClock


class PublishedApis:
    """The implementations of the query interfaces modules publish in their `api`.

    The publishing module provides an implementation when it is wired; a module that uses
    it requires it when it is wired, in any order: what `require` returns looks the
    implementation up on first use. `check` (at start-up) fails for anything required
    that no module provides.
    """

    def __init__(self) -> None:
        self._provided: dict[type, object] = {}
        self._required: set[type] = set()

    def provide[T](self, interface: type[T], implementation: T) -> None:
        if interface in self._provided:
            raise ModuleError(f"two modules provide {interface.__name__}")
        self._provided[interface] = implementation

    def require[T](self, interface: type[T]) -> T:
        self._required.add(interface)
        return cast(T, _Deferred(self._provided, interface))

    def check(self) -> None:
        for interface in self._required - set(self._provided):
            raise ModuleError(f"{interface.__qualname__} is required, but no module provides it")


class _Deferred:
    __slots__ = ("_interface", "_provided")

    def __init__(self, provided: dict[type, object], interface: type) -> None:
        self._provided = provided
        self._interface = interface

    def __getattr__(self, name: str) -> Any:
        return getattr(self._provided[self._interface], name)


@dataclass(frozen=True, slots=True)
class Platform:
    settings: Settings
    database: Database
    clock: Clock = field(default_factory=SystemClock)
    auth: Authentication = field(default_factory=Authentication)
    apis: PublishedApis = field(default_factory=PublishedApis)
    events: EventBus = field(init=False)  # the EventPublisher of every module
    rate_limits: RateLimits = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", EventBus(self.database))
        limiter = LimitsRateLimiter.from_settings(self.settings)
        object.__setattr__(self, "rate_limits", RateLimits(limiter))
