"""Records to plain JSON values and back, checked field by field.

The one conversion used by `--json` output, the export document and the web API.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any

from afterview.errors import InvalidInput


def to_plain(value: Any) -> Any:
    """A record (or list/dict of them) as JSON-ready values: enums by value, times in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_plain(v) for v in value]
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(cls: type, data: Any, where: str = "") -> Any:
    """Build a record of type `cls` from plain values; InvalidInput names the bad field."""
    label = where or cls.__name__
    if not isinstance(data, dict):
        raise InvalidInput(f"{label}: expected an object")
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(names)
    if unknown:
        raise InvalidInput(f"{label}: unknown field {sorted(unknown)[0]!r}")
    values = {}
    for name, field in names.items():
        if name not in data:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:  # type: ignore[misc]
                raise InvalidInput(f"{label}: missing field {name!r}")
            continue
        values[name] = _convert(_hints(cls)[name], data[name], f"{label}.{name}")
    return cls(**values)


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(hint):
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value, where)
    if origin is list:
        if not isinstance(value, list):
            raise InvalidInput(f"{where}: expected a list")
        (item,) = typing.get_args(hint) or (Any,)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if hint is Any:
        return value
    if dataclasses.is_dataclass(hint):
        return from_plain(hint, value, where)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            raise InvalidInput(f"{where}: unknown value {value!r}") from None
    if hint is datetime:
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"{where}: not a date-time: {value!r}") from None
        if moment.tzinfo is None:
            raise InvalidInput(f"{where}: a date-time without a time zone: {value!r}")
        return moment
    if hint is date:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"{where}: not a date: {value!r}") from None
    if hint is bool:
        if not isinstance(value, bool):
            raise InvalidInput(f"{where}: expected true or false")
        return value
    if hint is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(f"{where}: expected a whole number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise InvalidInput(f"{where}: expected text")
        return value
    return value
