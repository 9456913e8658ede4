"""Events to and from their stored form: JSON with the fields by name."""

import json
from dataclasses import fields
from datetime import datetime
from types import NoneType, UnionType
from typing import Any, get_args, get_type_hints
from uuid import UUID

from app.kernel.events import IntegrationEvent


def to_payload(event: IntegrationEvent) -> str:
    return json.dumps({f.name: _plain(getattr(event, f.name)) for f in fields(event)})


def from_payload[E: IntegrationEvent](kind: type[E], payload: str) -> E:
    values = json.loads(payload)
    typed: dict[str, Any] = {
        name: _typed(hint, values[name]) for name, hint in _hints(kind).items()
    }
    return kind(**typed)


def _plain(value: object) -> object:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _typed(hint: Any, value: object) -> object:
    if value is None:
        return None
    if isinstance(hint, UnionType):  # X | None
        (hint,) = [arg for arg in get_args(hint) if arg is not NoneType]
    if hint is UUID:
        return UUID(str(value))
    if hint is datetime:
        return datetime.fromisoformat(str(value))
    return value


def _hints(kind: type) -> dict[str, Any]:
    if kind not in _HINTS:
        hints = get_type_hints(kind)
        _HINTS[kind] = {f.name: hints[f.name] for f in fields(kind)}
    return _HINTS[kind]


_HINTS: dict[type, dict[str, Any]] = {}
