"""The UserDirectory query interface, for other modules."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True, slots=True)
class UserSummary:
    """What other modules may know of a user."""

    id: UUID
    display_name: str


class UserDirectory(Protocol):
    """Looks users up by id, for other modules. Read-only.

    `summaries` returns an entry for each id that names an existing user and leaves out
    the others (deleted or never existed); one call answers many ids, so listing things
    with their owners costs one lookup, not one per thing.
    """

    async def summaries(self, user_ids: Collection[UUID]) -> Mapping[UUID, UserSummary]: ...
