"""What a module gives the platform, and what the platform gives a module.

Every module has a `module.py` whose `module` attribute is a `Module`: its name, its
schema (SQL tables, MongoDB collections and indexes), its CLI commands, and `wire`, which
takes the `Platform` and returns the module's routers, health checks and close hooks.
The composition root (app.main) discovers the modules and derives everything from them:
the app, the CLI, migrations, event subscriptions and the tests' wipes.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from sqlalchemy import MetaData

if TYPE_CHECKING:
    from app.infra.events.bus import Subscription
    from app.infra.platform import Platform

Step = Callable[[], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class MongoIndex:
    """An index of a MongoDB collection; `keys` pairs a field with 1 (ascending) or -1."""

    name: str
    keys: tuple[tuple[str, int], ...]
    unique: bool = False


@dataclass(frozen=True, slots=True)
class MongoCollection:
    name: str
    indexes: tuple[MongoIndex, ...] = ()


@dataclass(frozen=True, slots=True)
class Argument:
    name: str
    help: str


CommandResult = tuple[int, str]  # exit status, the line to print


@dataclass(frozen=True, slots=True)
class Command:
    """`python -m app <module> <name> ARGUMENTS...`. `run` gets the platform and the
    arguments by name; it returns the exit status and the line to print."""

    name: str
    help: str
    run: "Callable[[Platform, Mapping[str, str]], Awaitable[CommandResult]]"
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class Wiring:
    """The running parts of a module, built by its `wire(platform)`."""

    routers: Sequence[APIRouter] = ()
    subscriptions: "Sequence[Subscription[Any]]" = ()  # integration events it handles
    health_checks: Sequence[Step] = ()  # each raises UnavailableError when it fails
    close: Sequence[Step] = ()


@dataclass(frozen=True, slots=True)
class Module:
    name: str
    description: str
    wire: "Callable[[Platform], Wiring]"
    sql_metadata: MetaData | None = None
    mongo_collections: tuple[MongoCollection, ...] = ()
    commands: tuple[Command, ...] = field(default=())


class ModuleError(Exception):
    """A module cannot run as configured; the message names it and says why."""
