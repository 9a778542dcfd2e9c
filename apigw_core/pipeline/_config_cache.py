"""Per-configuration compiled state, cached by the identity of the configuration object.

Configurations are plain dicts that callers may mutate between calls, so identity alone is
not a safe key. An entry keeps a reference to the object (its ``id`` cannot be reused while
cached) and a deep snapshot; a lookup hits only when the object is the same one and still
equals the snapshot. Numbers and booleans in the snapshot compare by type as well as value:
``True`` is not ``1`` and ``1`` is not ``1.0`` for a schema's ``enum`` or a message that
prints the number.
"""

from __future__ import annotations

import functools
import operator
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["ConfigCache", "ConfigPairCache"]

V = TypeVar("V")


class _Exact:
    """A snapshot number or boolean: equal only to a value of the same type."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self.value) and other == self.value

    __hash__ = None  # type: ignore[assignment]


class _ExactTrue:
    """A snapshot ``True``: equal only to ``True``, compared in C (a config's flags are
    mostly booleans, and every lookup compares them)."""

    __slots__ = ()
    __eq__ = functools.partial(operator.is_, True)
    __hash__ = None  # type: ignore[assignment]


class _ExactFalse:
    """A snapshot ``False``: equal only to ``False`` (see :class:`_ExactTrue`)."""

    __slots__ = ()
    __eq__ = functools.partial(operator.is_, False)
    __hash__ = None  # type: ignore[assignment]


_TRUE, _FALSE = _ExactTrue(), _ExactFalse()


class _Never:
    """A snapshot of a value that cannot be copied reliably: never equal, never cached."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def _snapshot(value: object) -> object:
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is bool:
        return _TRUE if value else _FALSE
    if kind is int or kind is float:
        return _Exact(value)
    if kind is dict:
        return {key: _snapshot(item) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind is list:
        return [_snapshot(item) for item in value]  # type: ignore[attr-defined]
    if kind is tuple:
        return tuple(_snapshot(item) for item in value)  # type: ignore[attr-defined]
    return _Never()


class ConfigCache(Generic[V]):
    """A small cache of values built from configuration objects (see the module docs)."""

    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._entries: dict[tuple[int, Hashable], tuple[object, object, V]] = {}
        self._lock = threading.Lock()

    def get(self, config: object, extra: Hashable, build: Callable[[], V]) -> V:
        """The value for ``config`` (and the hashable ``extra``), built on a miss."""
        key = (id(config), extra)
        entry = self._entries.get(key)
        if entry is not None and entry[0] is config and entry[1] == config:
            return entry[2]
        value = build()
        snapshot = _snapshot(config)
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = (config, snapshot, value)
        return value


class ConfigPairCache(Generic[V]):
    """:class:`ConfigCache` for a value built from two configuration objects: a hit needs
    both to be the same objects, each equal to its snapshot."""

    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._entries: dict[tuple[int, int], tuple[object, object, object, object, V]] = {}
        # the latest snapshot of each first object: one paired with a new second object
        # (a fresh API dict per call, say) is not copied again
        self._firsts: dict[int, tuple[object, object]] = {}
        self._lock = threading.Lock()

    def find(self, first: object, second: object) -> V | None:
        """The value for ``first`` and ``second`` if cached, else ``None`` (for a caller
        that would make a builder closure per lookup; values are never ``None``)."""
        entry = self._entries.get((id(first), id(second)))
        if (
            entry is not None
            and entry[0] is first
            and entry[1] is second
            and entry[2] == first
            and entry[3] == second
        ):
            return entry[4]
        return None

    def get(self, first: object, second: object, build: Callable[[], V]) -> V:
        """The value for ``first`` and ``second``, built on a miss."""
        found = self.find(first, second)
        if found is not None:
            return found
        key = (id(first), id(second))
        value = build()
        known = self._firsts.get(id(first))
        if known is not None and known[0] is first and known[1] == first:
            first_snapshot = known[1]
        else:
            first_snapshot = _snapshot(first)
        second_snapshot = _snapshot(second)
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.pop(next(iter(self._entries)))
            if len(self._firsts) >= self._size:
                self._firsts.pop(next(iter(self._firsts)))
            self._entries[key] = (first, second, first_snapshot, second_snapshot, value)
            self._firsts[id(first)] = (first, first_snapshot)
        return value
