"""JSONPath as ``$input.path`` / ``$input.json`` evaluate it (MT §3.2, §3.5; IN-3, IN-4).

API Gateway evaluates paths with Jayway JsonPath; the reference here is Jayway 2.0.0 with its
default configuration (docs/reference-mapping.md, "JSONPath"). A definite path (``$``,
``$.a.b``, ``$['a'][0]``) gives one value, or ``None`` when nothing matches; other paths
(wildcards, filters, deep scan, slices, index unions) give a list of every match. A path that
Jayway cannot parse raises ``JavaException("InvalidPathException", ...)``; a path that
Jayway parses but cannot follow through the document (its ``PathNotFoundException``, or its
"can only be applied to arrays" errors) matches nothing.

Paths come from templates, so they are parsed by hand (no ``eval``), compiled once into an
immutable tuple of steps and cached; evaluation visits each node of the document at most once
per step, and ``=~`` uses Java's regex syntax through ``apigw_core.vtl.jregex``.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from apigw_core.vtl.values import JavaException

_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_$][\w$-]*)|\[\s*(?:'(?P<single>[^'\\]*)'|(?P<index>\d+))\s*\]"""
)

_Step = tuple[Any, ...]


class _NotFound(Exception):
    """Jayway's PathNotFoundException (or a runtime type mismatch): the path matches nothing."""


def _invalid(text: str, why: str) -> JavaException:
    return JavaException("InvalidPathException", f"{text}: {why}")


@functools.lru_cache(maxsize=1024)
def compile_path(path: str) -> Callable[[Any], Any]:
    """A function from the JSON document to the path's value (``None`` if it matches nothing).

    Raises ``JavaException("InvalidPathException")`` for a path Jayway 2.0.0 cannot parse.
    """
    text = path.strip()
    if not text.startswith("$") and not text.startswith("@"):
        text = "$." + text
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


@dataclass(frozen=True, slots=True)
class _Compare:
    left: tuple[str, tuple[_Step, ...]]  # ("@" or "$", steps)
    operator: str  # "" for an existence test
    right: Any  # a literal, or a compiled regex for =~


@dataclass(frozen=True, slots=True)
class _Filter:
    alternatives: tuple[tuple[_Compare, ...], ...]  # || of && chains


_NAME_END = frozenset(".[ ")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 1

    def fail(self, why: str) -> JavaException:
        return _invalid(self.text, why)

    def steps(self, end: int | None = None) -> tuple[_Step, ...]:
        text = self.text
        stop = len(text) if end is None else end
        steps: list[_Step] = []
        while self.position < stop:
            char = text[self.position]
            if char == ".":
                if text.startswith("..", self.position):
                    self.position += 2
                    if self.position >= stop:
                        raise self.fail("A path can not end with a scan.")
                    steps.append(("scan",))
                    if text[self.position] == "[":
                        continue
                else:
                    self.position += 1
                    if self.position >= stop:
                        raise self.fail("path must not end with a '.'")
                if text[self.position] == "*":
                    self.position += 1
                    steps.append(("wild",))
                    continue
                steps.append(("prop", (self.name(stop),)))
            elif char == "[":
                steps.append(self.bracket(stop))
            else:
                raise self.fail(f"unexpected character {char!r}")
        return tuple(steps)

    def name(self, stop: int) -> str:
        start = self.position
        while self.position < stop and self.text[self.position] not in _NAME_END:
            self.position += 1
        if self.position < stop and self.text[self.position] == " ":
            raise self.fail("Space not allowed in path")
        if self.position == start:
            raise self.fail("empty property name")
        return self.text[start : self.position]

    def bracket(self, stop: int) -> _Step:
        text = self.text
        close = text.find("]", self.position)
        if text.startswith("[?(", self.position):
            close = _filter_end(text, self.position + 3)
            if close < 0:
                raise self.fail("unclosed filter")
            step: _Step = ("filter", _parse_filter(text, text[self.position + 3 : close]))
            self.position = close + 2
            return step
        if close < 0 or close >= stop:
            raise self.fail("unclosed '['")
        inner = text[self.position + 1 : close].strip()
        self.position = close + 1
        if inner == "*":
            return ("wild",)
        if inner.startswith("'"):
            names = _quoted_names(inner)
            if names is None:
                raise self.fail(f"Could not analyze path component: [{inner}]")
            return ("prop", names)
        if ":" in inner:
            parts = inner.split(":")
            if len(parts) != 2 or not all(
                _INTEGER.fullmatch(p.strip()) for p in parts if p.strip()
            ):
                raise self.fail(f"bad slice [{inner}]")
            if not parts[0].strip() and not parts[1].strip():
                raise self.fail(f"bad slice [{inner}]")
            start = int(parts[0]) if parts[0].strip() else None
            end = int(parts[1]) if parts[1].strip() else None
            return ("slice", start, end)
        items = [item.strip() for item in inner.split(",")]
        if not all(_INTEGER.fullmatch(item) for item in items):
            raise self.fail(f"Could not analyze path component: [{inner}]")
        return ("index", tuple(int(item) for item in items))


_INTEGER = re.compile(r"-?\d+")
_QUOTED = re.compile(r"'([^']*)'\s*(,\s*|$)")


def _quoted_names(inner: str) -> tuple[str, ...] | None:
    names: list[str] = []
    position = 0
    while position < len(inner):
        match = _QUOTED.match(inner, position)
        if match is None:
            return None
        names.append(match.group(1))
        position = match.end()
    return tuple(names)


def _filter_end(text: str, start: int) -> int:
    """Index of the ``)`` that closes a ``[?(`` filter (followed by ``]``), or -1."""
    depth = 0
    quote = ""
    position = start
    while position < len(text):
        char = text[position]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'/":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return position if text.startswith(")]", position) else -1
            depth -= 1
        position += 1
    return -1


_COMPARISON = re.compile(
    r"\s*(?P<left>[@$](?:'[^']*'|[^\s=!<>'])*)\s*(?:(?P<op>==|!=|<=|>=|<|>|=~)\s*(?P<right>.*?))?\s*$",
    re.S,
)
_LITERAL = re.compile(r"'(?P<string>[^']*)'|(?P<number>-?\d+(?:\.\d+)?)|(?P<word>true|false|null)")


def _parse_filter(text: str, expression: str) -> _Filter:
    alternatives: list[tuple[_Compare, ...]] = []
    for alternative in expression.split("||"):
        chain: list[_Compare] = []
        for part in alternative.split("&&"):
            match = _COMPARISON.fullmatch(part)
            if match is None:
                raise _invalid(text, f"can not parse filter [{expression}]")
            left = match.group("left")
            parser = _Parser(left)
            relative = ("@" if left[0] == "@" else "$", parser.steps())
            operator = match.group("op") or ""
            right: Any = None
            if operator == "=~":
                right = _regex(text, match.group("right"))
            elif operator:
                literal = _LITERAL.fullmatch(match.group("right"))
                if literal is None:
                    raise _invalid(text, f"can not parse filter value {match.group('right')!r}")
                right = _literal(literal)
            chain.append(_Compare(relative, operator, right))
        alternatives.append(tuple(chain))
    return _Filter(tuple(alternatives))


def _literal(match: re.Match[str]) -> Any:
    if match.group("string") is not None:
        return match.group("string")
    if match.group("number") is not None:
        return _Number(match.group("number"))
    return {"true": True, "false": False, "null": None}[match.group("word")]


@dataclass(frozen=True, slots=True)
class _Number:
    """A number literal in a filter, kept as written: Jayway compares it as text or decimal."""

    text: str


def _regex(text: str, source: str) -> re.Pattern[str]:
    from apigw_core.vtl.jregex import UnsupportedJavaRegex, compile_java_regex

    match = re.fullmatch(r"/(.*)/([a-z]*)", source.strip(), re.S)
    if match is None:
        raise _invalid(text, f"bad regex {source!r}")
    flags = "(?i)" if "i" in match.group(2) else ""
    try:
        return compile_java_regex(flags + match.group(1))
    except (JavaException, UnsupportedJavaRegex) as error:
        raise _invalid(text, str(error)) from None


# --- evaluation --------------------------------------------------------------------------


def _general(text: str) -> Callable[[Any], Any]:
    steps = _Parser(text).steps()
    definite = all(s[0] == "prop" or (s[0] == "index" and len(s[1]) == 1) for s in steps)
    return functools.partial(_definite if definite else _indefinite, steps)


def _definite(steps: tuple[_Step, ...], document: Any) -> Any:
    try:
        values = list(_follow(steps, 0, document, True))
    except _NotFound:
        return None
    return values[0] if values else None


def _indefinite(steps: tuple[_Step, ...], document: Any) -> Any:
    from apigw_core.mapping.json_values import JsonArray

    if document is None:
        return None
    try:
        return JsonArray(_follow(steps, 0, document, False))
    except _NotFound:
        return None


def _follow(steps: tuple[_Step, ...], number: int, value: Any, strict: bool) -> Iterator[Any]:
    """Every value the steps from ``number`` on reach from ``value``."""
    if number == len(steps):
        yield value
        return
    step = steps[number]
    kind = step[0]
    rest = number + 1
    if kind == "prop":
        names = step[1]
        if not isinstance(value, dict):
            if strict or value is not None:
                raise _NotFound
            return
        if len(names) > 1:
            # Jayway 2.0.0: several names only as the last step, and never after a deep scan
            if number > 0 and steps[number - 1][0] == "scan":
                return
            if rest < len(steps):
                raise JavaException(
                    "InvalidPathException", "Multi properties can only be used as path leafs"
                )
            yield {name: value[name] for name in names if name in value}
            return
        if names[0] not in value:
            if strict:
                raise _NotFound
            return
        child = value[names[0]]
        if child is None and rest < len(steps):
            raise _NotFound
        yield from _follow(steps, rest, child, strict)
    elif kind == "index":
        if not isinstance(value, list):
            raise _NotFound
        for index in step[1]:
            if not 0 <= index < len(value):
                raise _NotFound
            yield from _follow(steps, rest, value[index], strict)
    elif kind == "slice":
        if not isinstance(value, list):
            raise _NotFound
        start, end = step[1], step[2]
        if start is not None and start < 0:
            start = max(len(value) + start, 0)
        if end is not None and end < 0:
            end = len(value) + end
        for child in value[slice(start, end)]:
            yield from _follow(steps, rest, child, False)
    elif kind == "wild":
        if isinstance(value, dict):
            # Jayway 2.0.0 gives up when a member of an object cannot take the next step
            for child in value.values():
                if rest < len(steps) and not isinstance(child, (dict, list)):
                    raise _NotFound
                yield from _follow(steps, rest, child, False)
        elif isinstance(value, list):
            for child in value:
                yield from _follow(steps, rest, child, False)
    elif kind == "scan":
        yield from _scan(steps, rest, value)
    else:
        yield from _filtered(steps, rest, step[1], value)


def _scan(steps: tuple[_Step, ...], number: int, value: Any) -> Iterator[Any]:
    """Deep scan: the next step applied at ``value`` and at every node below it."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, (dict, list)):
            # a node the next step cannot take contributes nothing; the scan goes on below it
            with contextlib.suppress(_NotFound):
                yield from _follow(steps, number, node, False)
            children = list(node.values() if isinstance(node, dict) else node)
            pending.extend(reversed(children))


def _filtered(steps: tuple[_Step, ...], number: int, where: _Filter, value: Any) -> Iterator[Any]:
    if isinstance(value, list):
        candidates: list[Any] = value
    elif isinstance(value, dict):
        candidates = [value]
    else:
        raise _NotFound
    for candidate in candidates:
        if any(all(_holds(test, candidate) for test in chain) for chain in where.alternatives):
            yield from _follow(steps, number, candidate, False)


_MISSING = object()


def _holds(test: _Compare, candidate: Any) -> bool:
    root, steps = test.left
    if root == "$":
        return False
    try:
        found = list(_follow(steps, 0, candidate, True))
    except _NotFound:
        found = []
    actual = found[0] if found else _MISSING
    if not test.operator:
        return actual is not _MISSING
    if actual is _MISSING:
        return False
    if test.operator == "=~":
        return isinstance(actual, str) and test.right.fullmatch(actual) is not None
    return _compare(actual, test.operator, test.right)


def _compare(actual: Any, operator: str, expected: Any) -> bool:
    if (
        isinstance(expected, _Number)
        and isinstance(actual, (int, float))
        and not isinstance(actual, bool)
    ):
        difference = (actual > float(expected.text)) - (actual < float(expected.text))
    elif isinstance(expected, (str, _Number)) and isinstance(actual, str):
        text = expected if isinstance(expected, str) else expected.text
        difference = (actual > text) - (actual < text)
    else:
        equal = actual == expected and type(actual) is type(expected)
        if operator == "==":
            return equal
        if operator == "!=":
            return not equal
        return False
    return {
        "==": difference == 0,
        "!=": difference != 0,
        "<": difference < 0,
        "<=": difference <= 0,
        ">": difference > 0,
        ">=": difference >= 0,
    }[operator]


def evaluate(path: str, document: Any) -> Any:
    """The value of ``path`` in ``document``."""
    return compile_path(path)(document)
