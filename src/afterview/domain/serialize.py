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
    kind = type(value)
    if kind in _AS_IS:
        return value
    convert = _converters.get(kind)
    if convert is None:
        convert = _converters[kind] = _converter(kind)
    return convert(value)


# What to_plain returns unchanged, and how it converts everything else, by exact type: `--json`
# of a large plan turns hundreds of thousands of values, and a type is looked at only once.
_AS_IS = frozenset({str, int, float, bool, type(None)})
_converters: dict[type, Any] = {}


def _converter(kind: type) -> Any:
    """How to_plain converts a value of this type (the tests in order: records, enums, times...)."""
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return _record_converter(tuple(f.name for f in dataclasses.fields(kind)))
    if issubclass(kind, Enum):
        return _enum_value
    if issubclass(kind, (datetime, date)):
        return _isoformat
    if issubclass(kind, dict):
        return _plain_dict
    if issubclass(kind, (list, tuple, set, frozenset)):
        return _plain_list
    return _same


def _record_converter(names: tuple[str, ...]) -> Any:
    def convert(record: Any) -> dict[str, Any]:
        plain = {}
        for name in names:
            value = getattr(record, name)
            plain[name] = value if type(value) in _AS_IS else to_plain(value)
        return plain

    return convert


def _enum_value(value: Enum) -> Any:
    return value.value


def _isoformat(value: date) -> str:
    return value.isoformat()


def _plain_dict(value: dict) -> dict[str, Any]:
    return {str(k): to_plain(v) for k, v in value.items()}


def _plain_list(value: Any) -> list[Any]:
    return [to_plain(v) for v in value]


def _same(value: Any) -> Any:
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
