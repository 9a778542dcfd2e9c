"""JSONPath as ``$input.path`` / ``$input.json`` evaluate it (MT §3.2, §3.5; IN-3, IN-4).

API Gateway evaluates paths with Jayway JsonPath; the reference here is Jayway 2.0.0 with its
default configuration (docs/reference-mapping.md, "JSONPath"). A definite path (``$``,
``$.a.b``, ``$['a'][0]``) gives one value, or ``None`` when nothing matches; other paths
(wildcards, filters, deep scan, slices, index unions) give a list of every match. A path that
Jayway cannot parse raises ``JavaException("InvalidPathException", ...)``; a path that
Jayway parses but cannot follow through the document (its ``PathNotFoundException``, or its
"can only be applied to arrays" errors) matches nothing.

Paths come from templates, so they are parsed by hand (no ``eval``), compiled once into an
immutable tuple of steps and cached; evaluation costs at most the size of the document times
the length of the path, and ``=~`` uses Java's regex syntax through ``apigw_core.vtl.jregex``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from apigw_core.vtl.values import JavaException

_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_$][\w$-]*)|\[\s*(?:'(?P<single>[^'\\]*)'|(?P<index>\d+))\s*\]"""
)

_Step = tuple[Any, ...]


def _invalid(text: str, why: str) -> JavaException:
    return JavaException("InvalidPathException", f"{text}: {why}")


@functools.lru_cache(maxsize=1024)
def compile_path(path: str) -> Callable[[Any], Any]:
    """A function from the JSON document to the path's value (``None`` if it matches nothing).

    Raises ``JavaException("InvalidPathException")`` for a path Jayway 2.0.0 cannot parse.
    """
    text = path.strip()
    if not text.startswith("$") and not text.startswith("@"):
        text = "$" + text if text.startswith("[") else "$." + text
    steps: list[str | int] = []
    position = 1
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None:
            break
        if match.group("name") is not None:
            steps.append(match.group("name"))
        elif match.group("index") is not None:
            steps.append(int(match.group("index")))
        else:
            steps.append(match.group("single"))
        position = match.end()
    else:
        return functools.partial(_walk, tuple(steps))
    return _general(text)


def _walk(steps: tuple[str | int, ...], document: Any) -> Any:
    value = document
    for step in steps:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return None
            value = value[step]
        else:
            if not isinstance(value, dict):
                return None
            value = value.get(step)
        if value is None:
            return None
    return value


# --- parsing -----------------------------------------------------------------------------
# Steps are tuples: ("prop", names), ("index", indexes), ("slice", start, end), ("wild",),
# ("scan",) before the step it looks for, ("filter", _Filter).


@dataclass(frozen=True, slots=True)
class _Compare:
    root: bool  # `$...` rather than `@...`
    steps: tuple[_Step, ...]
    operator: str  # "" for an existence test
    right: Any  # _Literal, a compiled regex for =~, or None when =~ has no /regex/
    swapped: bool = False  # written `literal op path`


@dataclass(frozen=True, slots=True)
class _Literal:
    """A filter operand as Jayway 2.0.0 keeps it: its text (quotes removed), or JSON null."""

    text: str
    null: bool


@dataclass(frozen=True, slots=True)
class _Filter:
    alternatives: tuple[tuple[_Compare, ...], ...]  # || of && chains


_NAME_END = frozenset(".[ ")
_INTEGER = re.compile(r"-?\d+")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'\s*(?:,\s*|$)")


class _Parser:
    """Jayway 2.0.0's path grammar, as far as the differential corpus showed it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 1

    def fail(self, why: str) -> JavaException:
        return _invalid(self.text, why)

    def steps(self) -> tuple[_Step, ...]:
        text = self.text
        steps: list[_Step] = []
        while self.position < len(text):
            char = text[self.position]
            if char == ".":
                if text.startswith("..", self.position):
                    self.position += 2
                    if self.position >= len(text):
                        raise self.fail("A path can not end with a scan.")
                    steps.append(("scan",))
                    if text[self.position] == "[":
                        continue
                else:
                    self.position += 1
                    if self.position >= len(text):
                        raise self.fail("Path must not end with a '.'")
                if text[self.position] == "*":
                    self.position += 1
                    steps.append(("wild",))
                else:
                    steps.append(("prop", (self.name(),)))
            elif char == "[":
                steps.append(self.bracket())
            else:
                raise self.fail(f"Could not analyze path component at {char!r}")
        return tuple(steps)

    def name(self) -> str:
        start = self.position
        while self.position < len(self.text) and self.text[self.position] not in _NAME_END:
            self.position += 1
        if self.position < len(self.text) and self.text[self.position] == " ":
            raise self.fail("Space not allowed in path")
        if self.position == start:
            raise self.fail("Empty property name")
        return self.text[start : self.position]

    def bracket(self) -> _Step:
        text = self.text
        if text.startswith("[?(", self.position):
            close = _filter_end(text, self.position + 3)
            if close < 0:
                raise self.fail("Filter brackets are not balanced")
            step: _Step = ("filter", _parse_filter(text, text[self.position + 3 : close]))
            self.position = close + 2
            return step
        close = _bracket_end(text, self.position + 1)
        if close < 0:
            raise self.fail("Brackets are not balanced")
        inner = text[self.position + 1 : close]
        self.position = close + 1
        if inner == "*":
            return ("wild",)
        if inner.startswith("'"):
            names = _quoted_names(inner)
            if names is None:
                raise self.fail(f"Could not analyze path component: [{inner}]")
            return ("prop", names)
        if inner.startswith('"') and inner.endswith('"') and _INTEGER.fullmatch(inner[1:-1]):
            return ("index", (int(inner[1:-1]),))  # Jayway 2.0.0 reads ["0"] as [0]
        if ":" in inner:
            return self.slice(inner)
        items = [item.strip() for item in inner.split(",")]
        if not all(_INTEGER.fullmatch(item) for item in items):
            raise self.fail(f"Could not analyze path component: [{inner}]")
        return ("index", tuple(int(item) for item in items))

    def slice(self, inner: str) -> _Step:
        # Jayway 2.0.0 reads the first two parts and ignores any step
        parts = [part.strip() for part in inner.split(":")]
        start, end = parts[0], parts[1]
        if (not start and not end) or not all(_INTEGER.fullmatch(p) for p in (start, end) if p):
            raise self.fail(f"Failed to parse slice [{inner}]")
        return ("slice", int(start) if start else None, int(end) if end else None)


def _unquoted(text: str, start: int, quotes: str) -> Iterator[int]:
    """Positions from ``start`` on that are outside quotes (any of ``quotes``, ``\\`` escaping)."""
    quote = ""
    position = start
    while position < len(text):
        char = text[position]
        if quote:
            if char == "\\":
                position += 1
            elif char == quote:
                quote = ""
        elif char in quotes:
            quote = char
        else:
            yield position
        position += 1


def _bracket_end(text: str, start: int) -> int:
    """Index of the ``]`` closing a bracket step, skipping quoted names."""
    return next((p for p in _unquoted(text, start, "'") if text[p] == "]"), -1)


def _quoted_names(inner: str) -> tuple[str, ...] | None:
    names: list[str] = []
    position = 0
    while position < len(inner):
        match = _QUOTED.match(inner, position)
        if match is None:
            return None
        names.append(match.group(1).replace("\\'", "'"))
        position = match.end()
    return tuple(names)


def _filter_end(text: str, start: int) -> int:
    """Index of the ``)`` that closes a ``[?(`` filter (followed by ``]``), or -1."""
    depth = 0
    for position in _unquoted(text, start, "'/"):
        if text[position] == "(":
            depth += 1
        elif text[position] == ")":
            if depth == 0:
                return position if text.startswith(")]", position) else -1
            depth -= 1
    return -1


_COMPARISON = re.compile(
    r"\s*(?P<left>[@$](?:'(?:[^'\\]|\\.)*'|[^\s=!<>'])*)\s*"
    r"(?:(?P<op>==|!=|<=|>=|=~|<|>)\s*(?P<right>.*?))?\s*",
    re.S,
)
_SWAPPED = re.compile(
    r"\s*(?P<right>'(?:[^'\\]|\\.)*'|[^\s'=!<>@$]+)\s*(?P<op>==|!=|<=|>=|<|>)\s*"
    r"(?P<left>[@$](?:'(?:[^'\\]|\\.)*'|[^\s=!<>'])*)\s*",
    re.S,
)
_REGEX = re.compile(r"/(?P<body>.*)/(?P<flags>[a-z]*)", re.S)


def _parse_filter(text: str, expression: str) -> _Filter:
    alternatives: list[tuple[_Compare, ...]] = []
    for alternative in _split(expression, "||"):
        chain: list[_Compare] = []
        for part in _split(alternative, "&&"):
            match = _COMPARISON.fullmatch(part) or _SWAPPED.fullmatch(part)
            if match is None:
                raise _invalid(text, f"Space not allowed in path, or no filter in [{part.strip()}]")
            left = match.group("left")
            steps = _Parser(left).steps()
            if not all(s[0] == "prop" or (s[0] == "index" and len(s[1]) == 1) for s in steps):
                raise _invalid(text, f"the predicate path: {left} is not definite")
            operator = match.group("op") or ""
            right: Any = None
            if operator == "=~":
                right = _regex(text, match.group("right"))
            elif operator:
                right = _literal(match.group("right"))
            swapped = match.re is _SWAPPED
            chain.append(_Compare(left[0] == "$", steps, operator, right, swapped))
        alternatives.append(tuple(chain))
    return _Filter(tuple(alternatives))


def _split(expression: str, separator: str) -> list[str]:
    """``expression`` split at ``separator`` outside quotes and regexes."""
    parts: list[str] = []
    start = 0
    for position in _unquoted(expression, 0, "'/"):
        if position >= start and expression.startswith(separator, position):
            parts.append(expression[start:position])
            start = position + len(separator)
    parts.append(expression[start:])
    return parts


def _literal(text: str) -> _Literal:
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return _Literal(text[1:-1].replace("\\'", "'"), False)
    return _Literal(text, text == "null")


def _regex(text: str, source: str) -> re.Pattern[str] | None:
    from apigw_core.vtl.jregex import UnsupportedJavaRegex, compile_java_regex

    match = _REGEX.fullmatch(source)
    if match is None or match.group("flags") not in ("", "i"):
        return None  # Jayway 2.0.0 then fails with a ClassCastException when it compares
    flags = "(?i)" if match.group("flags") else ""
    try:
        return compile_java_regex(flags + match.group("body"))
    except (JavaException, UnsupportedJavaRegex) as error:
        raise _invalid(text, str(error)) from None


# --- evaluation --------------------------------------------------------------------------


_BUDGET = 1_000_000


class _Run:
    """One evaluation: the document's root, and what is left of its work budget.

    Deep scans after deep scans and repeated union indexes multiply the work, in Jayway as
    here; the budget stops a path from a template running away with the request.
    """

    __slots__ = ("remaining", "root")

    def __init__(self, root: Any) -> None:
        self.root = root
        self.remaining = _BUDGET

    def spend(self) -> None:
        self.remaining -= 1
        if self.remaining < 0:
            raise JavaException(
                "InvalidPathException", f"evaluation exceeds {_BUDGET} steps (apigw_core's limit)"
            )


class _NotFound(Exception):
    """Jayway's PathNotFoundException: a wildcard over an array skips the element."""


class _Mismatch(Exception):
    """Jayway's "can only be applied to arrays" / "to primitives": the whole path finds nothing."""


def _general(text: str) -> Callable[[Any], Any]:
    steps = _Parser(text).steps()
    definite = all(s[0] == "prop" or (s[0] == "index" and len(s[1]) == 1) for s in steps)
    return functools.partial(_definite if definite else _indefinite, steps)


def _definite(steps: tuple[_Step, ...], document: Any) -> Any:
    if document is None:
        return None
    try:
        values = list(_follow(steps, 0, document, _Run(document)))
    except (_NotFound, _Mismatch):
        return None
    return values[0] if values else None


def _indefinite(steps: tuple[_Step, ...], document: Any) -> Any:
    from apigw_core.mapping.json_values import JsonArray

    if document is None:
        return None  # Jayway: "root can not be null"
    value = document
    number = 0
    # the definite start of the path: a missing property there finds an empty list
    while steps[number][0] == "prop" and len(steps[number][1]) == 1:
        name = steps[number][1][0]
        if not isinstance(value, dict):
            return None
        if name not in value:
            return JsonArray()
        value = value[name]
        number += 1
        if value is None and steps[number][0] not in ("wild", "scan"):
            return None
    try:
        return JsonArray(_follow(steps, number, value, _Run(document)))
    except (_NotFound, _Mismatch):
        return None


def _follow(steps: tuple[_Step, ...], number: int, value: Any, run: _Run) -> Iterator[Any]:
    """Every value the steps from ``number`` on reach from ``value``."""
    run.spend()
    if number == len(steps):
        yield value
        return
    step = steps[number]
    kind = step[0]
    rest = number + 1
    if kind == "prop":
        names = step[1]
        if len(names) > 1:
            if number > 0 and steps[number - 1][0] == "scan":
                return  # Jayway 2.0.0 finds nothing for ..['a','b']
            if not isinstance(value, dict):
                raise _NotFound
            from apigw_core.mapping.json_values import JsonObject

            present = JsonObject((name, value[name]) for name in names if name in value)
            if rest < len(steps):
                raise JavaException(
                    "InvalidPathException", "Multi properties can only be used as path leafs"
                )
            yield present
            return
        if not isinstance(value, dict) or names[0] not in value:
            raise _NotFound
        yield from _next(steps, rest, value[names[0]], run)
    elif kind == "index":
        if not isinstance(value, list):
            raise _Mismatch
        for index in step[1]:
            if not 0 <= index < len(value):
                raise _NotFound  # negative indexes too: Jayway 2.0.0 does not count from the end
            yield from _next(steps, rest, value[index], run)
    elif kind == "slice":
        if not isinstance(value, list):
            raise _Mismatch
        for index in _slice(step[1], step[2], len(value)):
            yield from _next(steps, rest, value[index], run)
    elif kind == "wild":
        if isinstance(value, dict):
            for child in value.values():
                yield from _next(steps, rest, child, run)
        elif isinstance(value, list):
            for child in value:
                # Jayway skips an array element the rest of the path cannot follow
                try:
                    found = list(_next(steps, rest, child, run))
                except _NotFound:
                    continue
                yield from found
    elif kind == "scan":
        yield from _scan(steps, rest, value, run)
    else:
        if isinstance(value, list):
            candidates: list[Any] = value
        elif isinstance(value, dict):
            candidates = [value]  # a filter on an object tests the object itself
        else:
            raise _Mismatch
        for candidate in candidates:
            if _matches(step[1], candidate, run):
                yield from _next(steps, rest, candidate, run)


def _next(steps: tuple[_Step, ...], number: int, value: Any, run: _Run) -> Iterator[Any]:
    if value is None and number < len(steps) and steps[number][0] not in ("wild", "scan"):
        raise _NotFound  # Jayway: "The path ... is null"
    return _follow(steps, number, value, run)


def _slice(start: int | None, end: int | None, length: int) -> range:
    """Jayway 2.0.0's slices: ``[a:]`` and ``[:b]`` count negatives from the end, ``[a:b]`` not."""
    if end is None:
        assert start is not None
        return range(max(length + start, 0) if start < 0 else start, length)
    if start is None:
        return range(0, max(length + end, 0) if end < 0 else min(end, length))
    indexes = range(start, min(end, length))
    if start < 0 and indexes:
        if not length:
            return range(0)
        raise _NotFound  # "Index out of bounds"
    return indexes


def _scan(steps: tuple[_Step, ...], number: int, value: Any, run: _Run) -> Iterator[Any]:
    """Deep scan: the next step wherever it applies, at ``value`` and at every node below it.

    Unlike the same step outside a scan, nothing the rest of the path cannot follow is skipped.
    """
    step = steps[number]
    kind = step[0]
    rest = number + 1
    pending = [value]
    while pending:
        node = pending.pop()
        run.spend()
        if isinstance(node, dict):
            children = list(node.values())
            if kind == "prop" and len(step[1]) == 1 and step[1][0] in node:
                yield from _next(steps, rest, node[step[1][0]], run)
            elif kind == "wild":
                for child in children:
                    yield from _next(steps, rest, child, run)
            elif kind == "filter" and _matches(step[1], node, run):
                yield from _next(steps, rest, node, run)
        elif isinstance(node, list):
            children = node
            if kind == "wild":
                for child in children:
                    yield from _next(steps, rest, child, run)
            elif kind == "slice" or (kind == "index" and (node or min(step[1]) >= 0)):
                # Jayway 2.0.0 passes over an empty array for a negative index only
                yield from _follow(steps, number, node, run)
        else:
            continue
        pending.extend(reversed(children))


def _matches(where: _Filter, candidate: Any, run: _Run) -> bool:
    # Jayway 2.0.0 evaluates `a && b || c` from the right, stopping as soon as it can: an
    # operand that would throw may never be reached
    return any(
        all(_holds(test, candidate, run) for test in reversed(chain))
        for chain in reversed(where.alternatives)
    )


def _holds(test: _Compare, candidate: Any, run: _Run) -> bool:
    if test.root and not test.operator:
        return False  # Jayway 2.0.0: [?($.x)] never holds
    try:
        found = list(_follow(test.steps, 0, run.root if test.root else candidate, run))
    except (_NotFound, _Mismatch):
        return False
    actual = found[0]
    if not test.operator:
        return actual is not None
    if test.operator == "=~":
        if test.right is None:
            raise JavaException("ClassCastException", "String cannot be cast to Pattern")
        return actual is not None and test.right.fullmatch(_java_text(actual)) is not None
    if test.swapped and not isinstance(actual, str):
        return False  # Jayway 2.0.0 compares `literal op @.x` only with strings
    return _compare(actual, test.operator, test.right)


_JAVA_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _compare(actual: Any, operator: str, literal: _Literal) -> bool:
    """Jayway 2.0.0's comparison: by the type of the document's value, the literal as text."""
    if actual is None:
        return operator == ("==" if literal.null else "!=")
    if literal.null:
        difference = 1
    elif isinstance(actual, bool):
        difference = actual - (literal.text.lower() == "true")
    elif isinstance(actual, (int, float)):
        if _JAVA_DECIMAL.fullmatch(literal.text) is None:
            raise JavaException("NumberFormatException", f"not a number: {literal.text}")
        number = Decimal(actual) if isinstance(actual, int) else Decimal(repr(actual))
        expected = Decimal(literal.text)
        difference = (number > expected) - (number < expected)
    elif isinstance(actual, str):
        # String.compareTo: UTF-16 code units
        mine, theirs = actual.encode("utf-16-be"), literal.text.encode("utf-16-be")
        difference = (mine > theirs) - (mine < theirs)
    else:
        return False  # an array or object is only ever different from null
    return _OUTCOME[operator](difference)


_OUTCOME: dict[str, Callable[[int], bool]] = {
    "==": lambda d: d == 0,
    "!=": lambda d: d != 0,
    "<": lambda d: d < 0,
    "<=": lambda d: d <= 0,
    ">": lambda d: d > 0,
    ">=": lambda d: d >= 0,
}


def _java_text(value: Any) -> str:
    from apigw_core.mapping.json_values import compact_json
    from apigw_core.vtl.runtime import to_java_string

    if isinstance(value, (dict, list)):
        return compact_json(value)  # json-smart prints both as JSON
    return to_java_string(value)


def evaluate(path: str, document: Any) -> Any:
    """The value of ``path`` in ``document``."""
    return compile_path(path)(document)
