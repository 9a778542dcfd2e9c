"""The protocol by which Python values behave as Java objects inside templates.

Plain JSON-like values need nothing: ``dict`` is a ``LinkedHashMap``, ``list`` an
``ArrayList``, ``str`` a ``String``, ``bool`` a ``Boolean``, ``int`` an ``Integer``/``Long``/
``BigInteger`` by magnitude, ``float`` a ``Double`` and ``None`` null.

A class (including a ``list`` or ``dict`` subclass) can take control of its Java behaviour:

* ``__vtl_str__(self) -> str`` is its Java ``toString()``; the engine uses it wherever
  Velocity calls ``toString()``: rendering, ``"..."`` interpolation, ``+``, the ``==``
  fallback, and when printed inside ordinary lists and maps.
* ``__vtl_methods__``: a mapping from Java method name to a Python function
  ``fn(self, *args)``. For ``list``/``dict`` subclasses it is consulted before the
  built-in List/Map methods. A function raises :class:`NoSuchMethod` when no overload
  accepts the arguments (the call is then an invalid reference), raises
  :class:`JavaException` when the Java method would throw (a render error), and returns
  :data:`VOID` for a ``void`` method. Property access ``$x.foo`` calls ``getFoo``,
  ``getfoo`` or ``isFoo`` from this table, as Velocity's introspection does.

Nothing else of a Python object is reachable from a template.
"""

from __future__ import annotations

from typing import Any, Final


class NoSuchMethod(Exception):
    """Raised by a method implementation when no overload fits the arguments."""


class JavaException(Exception):
    """Raised by a method implementation where the Java method would throw.

    ``java_class`` is the simple name of the Java exception, e.g.
    ``"StringIndexOutOfBoundsException"``.
    """

    def __init__(self, java_class: str, message: str = "") -> None:
        self.java_class = java_class
        self.message = message
        super().__init__(f"{java_class}: {message}" if message else java_class)


class _Void:
    __slots__ = ()

    def __repr__(self) -> str:
        return "VOID"


VOID: Final[Any] = _Void()
"""Returned by a method implementation for a Java ``void`` method; Velocity renders ``""``."""
