"""JSON values as API Gateway's templates see them (aws-observed-behaviour.md IN-2, UT-3).

``$input.path(...)`` and ``$util.parseJson(...)`` return Maps and Lists that print their own
way: an object prints Java-style (``{kind=cat, legs=4}``), an array as compact JSON
(``[{"n":1},{"n":2}]``) even inside an object, and an object taken out of an array Java-style
again. Otherwise they are ordinary Maps and Lists for the VTL engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

from apigw_core.vtl.jformat import double_to_string
from apigw_core.vtl.runtime import MAX_STRING, PLAIN_MAPS, check_string_length, to_java_string
from apigw_core.vtl.values import JavaException


def _count(value: Any) -> int:
    return len(value)


class JsonObject(dict[str, Any]):
    """A JSON object: a ``LinkedHashMap`` that prints ``{k=v}``."""

    __slots__ = ()
    # `count()` is documented for arrays and `size()` for objects; both work on both (MT §3.5)
    __vtl_methods__: ClassVar[dict[str, Callable[..., Any]]] = {"count": _count}

    def __vtl_str__(self) -> str:
        return java_map_text(self, MAX_STRING, java_text)


def java_map_text(value: dict[Any, Any], left: int, text: Callable[[Any, int], str]) -> str:
    """``{k=v, …}`` with ``text(v, left)`` for each value, keeping a running budget of
    ``left`` characters, as for plain maps (apigw_core.vtl.runtime)."""
    parts = []
    for k, v in value.items():
        part = f"{k}={text(v, left)}"
        left -= len(part) + 2
        if left < 0:
            check_string_length(MAX_STRING + 1)
        parts.append(part)
    return "{" + ", ".join(parts) + "}"


PLAIN_MAPS.add(JsonObject)  # its only method is count(): properties are keys


class SilentMap(JsonObject):
    """A ``$context`` member map that prints ``""`` when interpolated (CTX-3)."""

    __slots__ = ()

    def __vtl_str__(self) -> str:
        return ""


PLAIN_MAPS.add(SilentMap)


class JsonArray(list[Any]):
    """A JSON array: a ``List`` that prints as compact JSON."""

    __slots__ = ()
    __vtl_methods__: ClassVar[dict[str, Callable[..., Any]]] = {"count": _count}

    def __vtl_str__(self) -> str:
        return to_json_text(self)


def java_text(value: Any, left: int = MAX_STRING) -> str:
    """String.valueOf of a parsed JSON value: maps print as ``{k=v}``, arrays as JSON (IN-2);
    more than ``left`` characters is a VtlLimitError."""
    kind = type(value)
    if kind is dict or kind is JsonObject:
        return java_map_text(value, left, java_text)
    if kind is list or kind is JsonArray:
        return to_json_text(value, left)
    text = to_java_string(value)  # and maps that print their own way ($context's)
    if len(text) > left:
        check_string_length(MAX_STRING + 1)
    return text


def to_json_text(value: Any, left: int = MAX_STRING) -> str:
    """Compact JSON text of a value, numbers as Java prints them.

    Arrays and objects are built with a running budget of ``left`` characters: a list holding
    the same list twice, nested 60 deep, fails after 10 MiB of text, not after 2^60 steps."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return double_to_string(value) if value == value and abs(value) != float("inf") else "null"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            key = to_json_text(str(k))
            left -= len(key) + 2  # the separator or the braces, and ":"
            text = key + ":" + to_json_text(v, left)
            left -= len(text) - len(key)
            if left < 0:
                check_string_length(MAX_STRING + 1)
            parts.append(text)
        return "{" + ",".join(parts) + "}"
    if isinstance(value, list | tuple):
        parts = []
        for v in value:
            text = to_json_text(v, left - 1)
            left -= len(text) + 1  # the separator or the brackets
            if left < 0:
                check_string_length(MAX_STRING + 1)
            parts.append(text)
        return "[" + ",".join(parts) + "]"
    return json.dumps(to_java_string(value), ensure_ascii=False)


def from_python(value: Any) -> Any:
    """Wrap parsed JSON (dicts and lists) as :class:`JsonObject` / :class:`JsonArray`."""
    if isinstance(value, dict):
        return JsonObject((k, from_python(v)) for k, v in value.items())
    if isinstance(value, list):
        return JsonArray(from_python(v) for v in value)
    return value


def _wrap_arrays(value: Any) -> Any:
    """Turn the lists of a document parsed with ``object_pairs_hook=JsonObject`` into
    :class:`JsonArray`, iteratively (documents can be deep and large)."""
    if type(value) is list:
        value = JsonArray(value)
    stack = [value]
    while stack:
        node = stack.pop()
        pairs = node.items() if type(node) is JsonObject else enumerate(node)
        for key, item in list(pairs) if type(node) is JsonArray else pairs:
            kind = type(item)
            if kind is list:
                node[key] = wrapped = JsonArray(item)
                stack.append(wrapped)
            elif kind is JsonObject:
                stack.append(item)
    return value


def reject_constant(name: str) -> Any:
    """``json.loads`` hook: Jackson's default parser refuses ``NaN`` and ``Infinity``."""
    raise ValueError(f"invalid JSON literal {name}")


def loads(text: str) -> Any:
    """Parse JSON into :class:`JsonObject` / :class:`JsonArray` values."""
    value = _DOCUMENT_DECODER.decode(text)
    if type(value) is JsonObject or type(value) is list:
        value = _wrap_arrays(value)
    return value


# built once: json.loads with hooks builds a decoder per call, which costs more than a
# small body's parse
_DOCUMENT_DECODER = json.JSONDecoder(object_pairs_hook=JsonObject, parse_constant=reject_constant)


def parse_json(text: str) -> Any:
    """``$util.parseJson``: invalid JSON throws, as Jackson does (a render error)."""
    try:
        return loads(text)
    except (ValueError, RecursionError) as error:
        raise JavaException("JsonParseException", str(error)) from None


_PLAIN_FLOAT = (1e-3, 1e7)
# Parsed JSON is never circular: skipping the check makes the C encoder a sixth faster.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def compact_json(value: Any) -> str:
    """Compact JSON text of parsed JSON whose floats Python and Java print alike."""
    return _COMPACT.encode(value)


def dumps(value: Any) -> str:
    """Compact JSON text; the C encoder is used unless a number needs Java's formatting."""
    if _needs_java_numbers(value):
        return to_json_text(value)
    return _COMPACT.encode(value)


def check_json_length(value: Any, limit: int = MAX_STRING) -> None:
    """Refuse, before it is built, compact JSON text of ``value`` longer than ``limit``.

    A JSONPath result may hold the same part of the document many times (``$[0,0,0,…]``) or
    parts inside each other (``$..*``): its text can be the document's length times the number
    of results, gigabytes, which the C encoder would build before anything could check it.
    Each list or dict is measured once, remembered by identity, so this takes time linear in
    the distinct values. Strings count their characters and quotes, numbers their digits: a
    lower bound of the text (escapes add to it)."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()  # measured now: met again inside itself, the text never ends
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, ready = stack.pop()
        kind = type(node)
        if not (issubclass(kind, dict) or issubclass(kind, list)):
            continue
        if ready:
            total = len(node) + 1  # the brackets and the separators
            is_dict = issubclass(kind, dict)
            for item in node.values() if is_dict else node:
                total += sizes[id(item)] if id(item) in sizes else _scalar_length(item)
            if is_dict:
                total += sum(len(str(key)) + 3 for key in node)  # quotes and colon
            if total > limit:
                check_string_length(MAX_STRING + 1)
            sizes[id(node)] = total
            open_.discard(id(node))
        elif id(node) in open_:
            check_string_length(MAX_STRING + 1)
        elif id(node) not in sizes:
            open_.add(id(node))
            stack.append((node, True))
            children = node.values() if issubclass(kind, dict) else node
            stack.extend((item, False) for item in children if id(item) not in sizes)


def _scalar_length(value: Any) -> int:
    if type(value) is str:
        return len(value) + 2
    if value is None or value is True:
        return 4  # null, true
    if value is False:
        return 5
    return 1  # a number: at least one digit (a lower bound, as promised)


def _needs_java_numbers(value: Any) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is float:
            magnitude = abs(node)
            if not (_PLAIN_FLOAT[0] <= magnitude < _PLAIN_FLOAT[1]) and magnitude != 0.0:
                return True
            if node != node:
                return True
        elif kind is JsonObject or kind is dict:
            stack.extend(node.values())
        elif kind is JsonArray or kind is list:
            stack.extend(node)
    return False
