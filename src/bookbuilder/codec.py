"""Frozen model values to JSON and back, driven by their type hints: a cache stores
what a stage made without spelling out each field of the model twice."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any


def encode(value: Any) -> Any:
    """A JSON-ready form of a dataclass, tuple, Path, date or plain value."""
    if dataclasses.is_dataclass(value):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields set by its constructor, with their types: read once per class
    (`get_type_hints` evaluates every annotation, a thousand times in a large book)."""
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(kind) if f.init)


def decode(kind: Any, data: Any, **given: Any) -> Any:
    """The value of type `kind` that `encode` gave `data` for, with the dataclass fields
    in `given` taken as they are; raises TypeError, KeyError or ValueError when `data`
    does not fit."""
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if dataclasses.is_dataclass(kind):
        fields = [(name, hint) for name, hint in _fields(kind) if name not in given]
        return kind(**given, **{name: decode(hint, data[name]) for name, hint in fields})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if origin in (types.UnionType, typing.Union):
        if data is None and type(None) in arguments:
            return None
        (inner,) = [a for a in arguments if a is not type(None)]
        return decode(inner, data)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(decode(arguments[0], item) for item in data)
        return tuple(decode(a, item) for a, item in zip(arguments, data, strict=True))
    if kind is Path:
        return Path(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind in (str, int, float, bool) and not isinstance(data, kind):
        raise TypeError(f"{data!r} is not {kind.__name__}")
    return data
