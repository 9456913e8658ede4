"""Rebuilding value objects from storage."""

from typing import Any


def restored[V](cls: type[V], **fields: Any) -> V:
    """Rebuild a value object from stored fields without validating them again.

    Stored data was valid under the rules of the day it was written; a rule tightened
    since (a shorter maximum length, a stricter pattern) must not make it unreadable.
    New input is validated by the constructor as usual.
    """
    value = object.__new__(cls)
    for name, field in fields.items():
        object.__setattr__(value, name, field)
    return value
