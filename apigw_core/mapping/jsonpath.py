"""JSONPath as ``$input.path`` / ``$input.json`` evaluate it (MT §3.2, §3.5; IN-3, IN-4).

API Gateway evaluates paths with Jayway JsonPath; the reference here is Jayway 2.10.0 with
json-smart and its default configuration (docs/reference-mapping.md, "JSONPath"). A definite
path (``$``, ``$.a.b``, ``$['a'][-1]``, ``$.a.length()``) gives one value, or ``None`` when
nothing matches; other paths (wildcards, filters, deep scan, slices, unions) give a list of
every match. A path that Jayway cannot parse raises ``JavaException("InvalidPathException",
...)``; a path that Jayway parses but cannot follow through the document (its
``PathNotFoundException``, or its "can not be applied to primitives" error) matches nothing.

Paths come from templates, so they are parsed by hand (no ``eval``), compiled once into
immutable tokens and cached; evaluation has a work budget, and ``=~`` uses Java's regex syntax
through ``apigw_core.vtl.jregex``. The evaluation follows Jayway's token by token, quirks
included (a deep scan for an index applies the rest of the path to every element, and
``keys()`` gives a set that indexes cannot follow), because templates see its answers.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from apigw_core.mapping.json_values import JsonArray, JsonObject, from_python, java_text, loads
from apigw_core.vtl.runtime import MAX_STRING, check_string_length
from apigw_core.vtl.values import JavaException

_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_$][\w$-]*)|\[\s*(?:'(?P<single>[^'"\\]*)'|(?P<index>-?\d{1,9}))\s*\]"""
)


_JAVA_BLANKS = "".join(map(chr, range(33)))
_JAVA_WHITESPACE = " \t\n\x0b\f\r\x1c\x1d\x1e\x1f"  # Character.isWhitespace, ASCII


def _invalid(text: str, why: str) -> JavaException:
    return JavaException("InvalidPathException", f"{text}: {why}")


@functools.lru_cache(maxsize=1024)
def compile_path(path: str) -> Callable[[Any], Any]:
    """A function from the JSON document to the path's value (``None`` if it matches nothing).

    Raises ``JavaException("InvalidPathException")`` for a path Jayway 2.10.0 cannot parse.
    """
    # Jayway looks at the first character before it trims: " $.a" becomes "$. $.a"
    text = (path if path[:1] in ("$", "@") else "$." + path).strip(_JAVA_BLANKS)
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
    try:
        program = _Program(_Parser(text).tokens())
    except (IndexError, ValueError, KeyError) as error:
        raise _invalid(text, f"Could not parse path: {error}") from None
    return program.read


def is_simple_path(path: str) -> bool:
    """Whether ``path`` is names and indexes only: its value is a part of the document."""
    return type(compile_path(path)) is functools.partial


def _walk(steps: tuple[str | int, ...], document: Any) -> Any:
    """The fast path for names and indexes: every way of not finding is ``None`` in Jayway too."""
    value = document
    for step in steps:
        if isinstance(step, int):
            if not isinstance(value, list) or not -len(value) <= step < len(value):
                return None
            value = value[step]  # negative indexes count from the end, as in Jayway 2.10.0
        else:
            if not isinstance(value, dict) or step not in value:
                return None
            value = value[step]
    return value


# --- parsing (Jayway's PathCompiler) ------------------------------------------------------
# Tokens are tuples: ("prop", names), ("index", indexes), ("slice", from, to), ("wild",),
# ("scan",), ("filter", _Node), ("function", name, arguments).

_Token = tuple[Any, ...]
_FUNCTIONS = frozenset(
    [
        "avg",
        "stddev",
        "sum",
        "min",
        "max",
        "concat",
        "length",
        "size",
        "append",
        "keys",
        "first",
        "last",
        "index",
    ]
)


class _Parser:
    """Jayway 2.10.0's path grammar."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 1

    def fail(self, why: str) -> JavaException:
        return _invalid(self.text, why)

    def char(self, position: int) -> str:
        return self.text[position] if position < len(self.text) else ""

    def significant(self, position: int) -> int:
        """Position of the first non-blank character from ``position`` on."""
        while position < len(self.text) and self.text[position] == " ":
            position += 1
        return position

    def tokens(self) -> tuple[_Token, ...]:
        text = self.text
        if text.endswith("."):
            raise self.fail("Path must not end with a '.' or '..'")
        if len(text) > 1 and text[1] not in ".[":
            raise self.fail("Illegal character, expected '.' or '['")
        tokens: list[_Token] = []
        while self.position < len(text):
            char = text[self.position]
            if char == ".":
                if self.char(self.position + 1) == ".":
                    tokens.append(("scan",))
                    self.position += 2
                else:
                    self.position += 1
                if self.char(self.position) == ".":
                    raise self.fail("Character '.' is not valid")
                continue
            if char == "[":
                tokens.append(self.bracket())
            elif char == "*":
                self.position += 1
                tokens.append(("wild",))
            else:
                tokens.append(self.property_or_function())
            if self.position >= len(text) - 1:
                break  # Jayway's currentIsTail: a last lone character is ignored
        return tuple(tokens)

    def property_or_function(self) -> _Token:
        text = self.text
        start = self.position
        end = start
        while end < len(text) and text[end] not in ".[(":
            if text[end] == " ":
                raise self.fail("Use bracket notion ['my prop'] if your property contains blanks")
            end += 1
        if end == start:
            raise self.fail("Could not parse token")
        name = text[start:end]
        if self.char(end) != "(":
            self.position = end
            return ("prop", (name,))
        depth = 0
        for position in range(end, len(text)):
            depth += {"(": 1, ")": -1}.get(text[position], 0)
            if depth == 0:
                break
        if depth:
            raise self.fail(f"Arguments to function: '{name}' are not closed properly.")
        if text[end + 1] == ")":
            # without arguments Jayway goes on from the `)`, which it then reads as a name
            self.position = end + 1
            return ("function", name, ())
        self.position = end + 1
        return ("function", name, self.parameters(name))

    def parameters(self, name: str) -> tuple[Any, ...]:
        """Jayway's parseFunctionParameters, character by character, oddities included: a
        parameter starts at `{`, `"`, `-`, a digit, `$` or `@` (so `'x'`, `true` and `null`
        are lost), and a comma outside brackets is dropped even inside a string."""
        text = self.text
        kind = ""
        parens, brackets, braces, quotes = 1, 0, 0, 0
        prior = ""
        parameter: list[str] = []
        found: list[Any] = []
        while self.position < len(text):
            char = text[self.position]
            self.position += 1
            if not kind:
                if char in _JAVA_WHITESPACE:
                    continue
                if char in '{"-' or char.isdecimal():
                    kind = "json"
                elif char in "$@":
                    kind = "path"
            if char == '"':
                if prior != "\\" and quotes > 0:
                    quotes -= 1
                else:
                    quotes += 1
            elif char == "(":
                parens += 1
            elif char == "{":
                braces += 1
            elif char == "[":
                brackets += 1
            elif char == "}":
                if not braces:
                    raise self.fail("Unexpected close brace '}'")
                braces -= 1
            elif char == "]":
                if not brackets:
                    raise self.fail("Unexpected close bracket ']'")
                brackets -= 1
            if char == ")":
                parens -= 1
                if parens < 0 or prior == "(":
                    parameter.append(char)
            ends = (char == ")" and parens in (0, 1)) or (char == "," and parens == 1)
            if ends and not (quotes or braces or brackets):
                if kind:
                    found.append(_parameter(self.text, kind, "".join(parameter)))
                    parameter.clear()
                    kind = ""
                if parens == 0:
                    break
            if kind and not (char == "," and not braces and not brackets and parens == 1):
                parameter.append(char)
            prior = char
        if braces or parens or brackets:
            raise self.fail(f"Arguments to function: '{name}' are not closed properly.")
        if name in ("length", "size") and found and isinstance(found[0], _Program):
            found[0] = found[0].counted()
        return tuple(found)

    def bracket(self) -> _Token:
        text = self.text
        first = self.char(self.significant(self.position + 1))
        if first in ("'", '"'):
            return self.names(first)
        if first and (first.isdigit() or first in "-:"):
            close = text.find("]", self.position + 1)
            if close >= 0:
                inner = text[self.position + 1 : close].strip()
                if inner != "*" and all(c.isdigit() or c in ",-: " for c in inner):
                    self.position = close + 1
                    return _slice(self, inner) if ":" in inner else _indexes(self, inner)
        if first == "*":
            close = self.significant(self.significant(self.position + 1) + 1)
            if self.char(close) != "]":
                raise self.fail("Expected wildcard token to end with ']'")
            self.position = close + 1
            return ("wild",)
        if first == "?":
            return self.filter()
        raise self.fail("Could not parse token. Expected ?, ', 0-9, *")

    def names(self, quote: str) -> _Token:
        text = self.text
        names: list[str] = []
        position = self.position + 1
        start = end = 0
        inside = escape = comma = False
        while position < len(text):
            char = text[position]
            if escape:
                escape = False
            elif char == "\\":
                escape = True
            elif char == "]" and not inside:
                if comma:
                    raise self.fail("Found empty property")
                break
            elif char == quote:
                if inside:
                    if self.char(self.significant(position + 1)) not in ("]", ","):
                        raise self.fail("Property must be separated by comma or terminated by ]")
                    end = position
                    names.append(_unescape(text[start:end]))
                    inside = False
                else:
                    start = position + 1
                    inside = True
                    comma = False
            elif char == "," and not inside:
                if comma:
                    raise self.fail("Found empty property")
                comma = True
            position += 1
        if inside:
            raise self.fail(f"Property has not been closed - missing closing {quote}")
        close = text.find("]", end)
        if close < 0 or text[end + 1 : close].strip(" ,"):
            raise self.fail("Property has not been closed - missing closing ]")
        self.position = close + 1
        return ("prop", tuple(names))

    def filter(self) -> _Token:
        text = self.text
        question = text.index("?", self.position)
        opening = self.significant(question + 1)
        if self.char(opening) != "(":
            raise self.fail("Could not parse token. Expected ?, ', 0-9, *")
        closing = _closing_parenthesis(self, opening)
        end = self.significant(closing + 1)
        if closing < 0 or self.char(end) != "]":
            raise self.fail("Could not parse token. Expected ?, ', 0-9, *")
        node = _FilterParser(text, text[opening : closing + 1]).parse()
        self.position = end + 1
        return ("filter", node)


def _closing_parenthesis(parser: _Parser, opening: int) -> int:
    """Jayway's indexOfClosingBracket: skips quoted strings and /regexes/."""
    text = parser.text
    depth = 1
    position = opening + 1
    while position < len(text):
        if text[position] in "'\"/":
            position = _next_unescaped(text, position, text[position])
            if position < 0:
                raise parser.fail("Could not find matching close quote")
            position += 1
            if position >= len(text):
                raise parser.fail("Could not find matching close bracket")
        if text[position] == "(":
            depth += 1
        elif text[position] == ")":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return -1


def _next_unescaped(text: str, start: int, char: str, end: int | None = None) -> int:
    """The next ``char`` after ``start`` that no backslash escapes, or -1."""
    limit = len(text) if end is None else end
    position = start + 1
    escape = False
    while position < limit:
        if escape:
            escape = False
        elif text[position] == "\\":
            escape = True
        elif text[position] == char:
            return position
        position += 1
    return -1


_ESCAPES = {"r": "\r", "f": "\f", "t": "\t", "n": "\n", "b": "\b"}


def _unescape(text: str) -> str:
    """Jayway's Utils.unescape."""
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        position += 1
        if char != "\\":
            out.append(char)
        elif position == len(text):
            out.append("\\")
        elif text[position] == "u":
            digits = text[position + 1 : position + 5]
            if len(digits) < 4 or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise JavaException("JsonPathException", f"Unable to parse unicode value: {digits}")
            out.append(chr(int(digits, 16)))
            position += 5
        else:
            out.append(_ESCAPES.get(text[position], text[position]))
            position += 1
    return "".join(out)


def _java_int(parser: _Parser, text: str) -> int:
    if not re.fullmatch(r"[-+]?\d+", text) or not -(2**31) <= int(text) < 2**31:
        raise parser.fail(f"Failed to parse token: {text}")
    return int(text)


def _indexes(parser: _Parser, inner: str) -> _Token:
    return ("index", tuple(_java_int(parser, part) for part in re.split(r"\s*,\s*", inner)))


def _slice(parser: _Parser, inner: str) -> _Token:
    if " " in inner or "," in inner:
        raise parser.fail(f"Failed to parse SliceOperation: {inner}")
    parts = inner.split(":")
    while parts and not parts[-1]:
        parts.pop()  # Java's String.split drops trailing empty strings
    start = _java_int(parser, parts[0]) if parts and parts[0] else None
    end = _java_int(parser, parts[1]) if len(parts) > 1 and parts[1] else None
    if start is None and end is None:
        raise parser.fail(f"Failed to parse SliceOperation: {inner}")
    return ("slice", start, end)


@dataclass(frozen=True, slots=True)
class _Literal:
    """A JSON function parameter, parsed as json-smart's permissive parser would."""

    value: Any


def _parameter(path: str, kind: str, text: str) -> Any:
    """A function parameter: a compiled path (``$...``/``@...``) or a :class:`_Literal`."""
    if kind == "path":
        return _Program(_Parser(text).tokens())

    try:
        return _Literal(loads(text))
    except ValueError:
        pass
    if text[:1] in ("{", '"'):
        try:  # json-smart stops after a complete object or string
            return _Literal(from_python(json.JSONDecoder().raw_decode(text)[0]))
        except ValueError:
            pass
    return _Literal(text)  # permissive json-smart reads anything else as an unquoted string


# --- filters (Jayway's FilterCompiler) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PathOperand:
    program: _Program
    root: bool  # `$...` rather than `@...`
    exists: bool  # False when written `!@.x`


@dataclass(frozen=True, slots=True)
class _Value:
    """A filter operand: kind is str, num, bool, null, json, list, pattern or undef."""

    kind: str
    value: Any


@dataclass(frozen=True, slots=True)
class _Node:
    kind: str  # "or", "and", "not", "rel"
    parts: tuple[Any, ...]


_OPERATORS = frozenset(
    [
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "=~",
        "===",
        "!==",
        "in",
        "nin",
        "contains",
        "size",
        "empty",
        "subsetof",
        "anyof",
        "noneof",
        "exists",
        "type",
        "matches",
    ]
)
_OPERATOR_CHARS = frozenset("<>=~!")


class _FilterParser:
    def __init__(self, path: str, text: str) -> None:
        self.source = path
        self.text = text
        self.position = 0

    def fail(self, why: str) -> JavaException:
        return _invalid(self.source, f"Failed to parse filter {self.text}: {why}")

    def blanks(self) -> str:
        while self.position < len(self.text) and self.text[self.position] == " ":
            self.position += 1
        return self.text[self.position] if self.position < len(self.text) else ""

    def parse(self) -> _Node:
        node = self.logical("||")
        if self.blanks():
            raise self.fail("Expected end of filter expression")
        return node

    def logical(self, operator: str) -> _Node:
        read: Callable[[], _Node] = self.operand
        if operator == "||":
            read = functools.partial(self.logical, "&&")
        nodes = [read()]
        while True:
            self.blanks()
            if not self.text.startswith(operator, self.position):
                break
            self.position += 2
            nodes.append(read())
        return (
            nodes[0]
            if len(nodes) == 1
            else _Node("or" if operator == "||" else "and", tuple(nodes))
        )

    def operand(self) -> _Node:
        start = self.position
        if self.blanks() == "!":
            self.position += 1
            if self.blanks() in ("$", "@"):
                self.position = start
            else:
                return _Node("not", (self.operand(),))
        if self.blanks() == "(":
            self.position += 1
            node = self.logical("||")
            if self.blanks() != ")":
                raise self.fail("Expected )")
            self.position += 1
            return node
        return self.expression()

    def expression(self) -> _Node:
        left = self.value()
        start = self.position
        try:
            operator = self.operator()
            right = self.value()
            return _Node("rel", (left, operator, right))
        except JavaException:
            self.position = start
        if not isinstance(left, _PathOperand):
            raise self.fail("Expected path node")
        return _Node("rel", (left, "?exists", _Value("bool", left.exists)))

    def operator(self) -> str:
        start = self.position
        char = self.blanks()
        begin = self.position
        if char in _OPERATOR_CHARS:
            while self.position < len(self.text) and self.text[self.position] in _OPERATOR_CHARS:
                self.position += 1
        else:
            while self.position < len(self.text) and self.text[self.position] != " ":
                self.position += 1
        operator = self.text[begin : self.position].lower()
        if operator not in _OPERATORS:
            self.position = start
            raise self.fail(f"Filter operator {operator} is not supported!")
        return operator

    def value(self) -> Any:
        char = self.blanks()
        if char == "!":
            self.position += 1
            if self.blanks() not in ("$", "@"):
                raise self.fail("Unexpected character: !")
            return self.path(negated=True)
        if char in ("$", "@"):
            return self.path(negated=False)
        return self.literal(char)

    def path(self, negated: bool) -> _PathOperand:
        text = self.text
        begin = self.position
        self.position += 1
        while self.position < len(text):
            if text[self.position] == "[":
                close = text.find("]", self.position)
                if close < 0:
                    raise self.fail("Square brackets does not match in filter")
                self.position = close + 1
                if self.position >= len(text):
                    raise self.fail("Unexpected end of filter")
            char = text[self.position]
            if char in _OPERATOR_CHARS or char == " ":
                break
            if char == ")" and not self.function_close(begin):
                break
            self.position += 1
        source = text[begin : self.position]
        program = _Program(_Parser(source).tokens())
        return _PathOperand(program, source.startswith("$"), not negated)

    def function_close(self, begin: int) -> bool:
        position = self.position - 1
        while position >= 0 and self.text[position] == " ":
            position -= 1
        if position < 0 or self.text[position] != "(":
            return False
        return "." in self.text[begin + 1 : position]

    def literal(self, char: str) -> _Value:
        text = self.text
        start = self.position
        if char in ("'", '"'):
            close = _next_unescaped(text, start, char)
            if close < 0:
                raise self.fail("String literal does not have matching quotes")
            self.position = close + 1
            return _Value("str", _unescape(text[start + 1 : close]))
        if char in ("t", "f", "n"):
            word = {"t": "true", "f": "false", "n": "null"}[char]
            if text[start : start + len(word)] != word:
                raise self.fail(f"Expected {word} literal")
            self.position += len(word)
            if word == "null":
                return _Value("null", None)
            return _Value("bool", word == "true")
        if char in ("[", "{"):
            close = _matching(text, start)
            if close < 0:
                raise self.fail("String not closed")
            self.position = close + 1
            literal = _Value("json", text[start : close + 1])
            try:
                return _Value("json", _json(literal))  # parsed once, not per candidate
            except _Invalid:
                # json-smart fails on it each time the filter runs: known now, not parsed
                # again for each candidate (a long literal would take its length each time)
                return _Value("json", _MALFORMED)
        if char == "/":
            return self.pattern()
        while self.position < len(text) and (
            text[self.position].isdigit() or text[self.position] in "-.eE"
        ):
            self.position += 1
        try:
            number = Decimal(text[start : self.position])
        except InvalidOperation:
            raise self.fail("Expected a number") from None
        if not number.is_finite() or not _JAVA_DECIMAL.fullmatch(text[start : self.position]):
            raise self.fail("Expected a number")
        return _Value("num", number)

    def pattern(self) -> _Value:
        text = self.text
        begin = self.position
        close = _next_unescaped(text, begin, "/")
        if close < 0:
            raise self.fail("Pattern not closed")
        while close + 1 < len(text) and text[close + 1].isalpha():
            close += 1  # the flags
        self.position = close + 1
        source = text[begin : self.position]
        first, last = source.index("/"), source.rindex("/")
        flags = "".join(sorted({f for f in source[last + 1 :] if f in "imsxdu"}))
        return _Value("pattern", _regex(self.source, source[first + 1 : last], flags))


def _matching(text: str, start: int) -> int:
    """The bracket closing the JSON literal at ``start``, skipping quoted strings."""
    pairs = {"[": "]", "{": "}"}
    stack: list[str] = []
    position = start
    while position < len(text):
        char = text[position]
        if char in ("'", '"'):
            position = _next_unescaped(text, position, char)
            if position < 0:
                return -1
        elif char in pairs:
            stack.append(pairs[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                return position
        position += 1
    return -1


def _regex(path: str, body: str, flags: str) -> re.Pattern[str]:
    from apigw_core.vtl.jregex import UnsupportedJavaRegex, compile_java_regex

    inline = "".join(f for f in flags if f in "imsx")
    try:
        return compile_java_regex((f"(?{inline})" if inline else "") + body)
    except (JavaException, UnsupportedJavaRegex) as error:
        raise _invalid(path, str(error)) from None


_JAVA_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


# --- evaluation ---------------------------------------------------------------------------


_BUDGET = 1_000_000


class _NotFound(Exception):
    """Jayway's PathNotFoundException."""


class _Invalid(Exception):
    """Jayway's InvalidPathException while evaluating: a filter that throws it does not match."""


class _KeySet(tuple[str, ...]):
    """keys() gives a Java Set: a list only when it is the result, not an array to index."""


class _Run:
    """One evaluation: the document's root, what is left of the work budget, and Jayway's
    per-token "upstream array index" that a deep scan leaves behind.

    Deep scans after deep scans and repeated union indexes multiply the work, in Jayway as
    here; the budget (apigw_core's own) stops a path from a template running away.
    """

    __slots__ = ("remaining", "root", "upstream")

    def __init__(self, root: Any, remaining: int = _BUDGET) -> None:
        self.root = root
        self.remaining = remaining
        self.upstream: dict[tuple[int, int], int] = {}

    def spend(self, steps: int = 1) -> None:
        self.remaining -= steps
        if self.remaining < 0:
            raise JavaException(
                "InvalidPathException", f"evaluation exceeds {_BUDGET} steps (apigw_core's limit)"
            )


def _definite_token(token: _Token, leaf: bool) -> bool:
    kind: str = token[0]
    names: tuple[Any, ...] = token[1] if kind in ("prop", "index") else ()
    if kind == "prop":
        return len(names) == 1 or leaf
    if kind == "index":
        return len(names) == 1
    return kind == "function"


class _Program:
    """A compiled path: Jayway's token chain with each token's leaf and upstream flags."""

    def __init__(self, tokens: tuple[_Token, ...]) -> None:
        self.tokens = tokens
        last = len(tokens) - 1
        self.definite = all(_definite_token(t, n == last) for n, t in enumerate(tokens))
        upstream = [True]
        for number, token in enumerate(tokens[:-1]):
            upstream.append(upstream[-1] and _definite_token(token, number == last))
        self.upstream = tuple(upstream)
        # A path that starts with a deep scan and ends with a function is turned around
        # (Jayway's invertScannerFunctionRelationship): its first function f runs once, at
        # the root, with the path before f as its only parameter (`$..x.f()` is f($..x)),
        # and the rest of the path goes on from f's value; `$..f()` fails as a scan with
        # nothing after it
        self.inverted: _Token | None = None
        self.hoisted = 0
        self.dangling = False
        if len(tokens) > 1 and tokens[0][0] == "scan" and tokens[-1][0] == "function":
            first = next(n for n, token in enumerate(tokens) if token[0] == "function")
            inner = _Program(tokens[:first])
            inner.dangling = tokens[first - 1][0] == "scan"
            if tokens[first][1] in ("length", "size"):
                inner = inner.counted()
            self.inverted = ("function", tokens[first][1], (inner,))
            self.hoisted = first
            self.definite = all(
                _definite_token(t, n == last) for n, t in enumerate(tokens) if n >= first
            )
        before = tokens[-2] if len(tokens) > 1 else None
        self.tail_index = (
            before[1][0] if before and before[0] == "index" and len(before[1]) == 1 else None
        )

    def counted(self) -> _Program:
        """The parameter of length(): Jayway appends a wildcard to it, unless it ends with a
        function, and counts what that finds."""
        if self.tokens and self.tokens[-1][0] == "function":
            return self
        counted = _Program((*self.tokens, ("wild",)))
        counted.dangling = self.dangling
        return counted

    def read(self, document: Any) -> Any:
        """``JsonPath.read``: a value for a definite path, else a list; None for not found."""

        if document is None:
            return None  # Jayway: "json can not be null"
        try:
            found = self.evaluate(document, _Run(document))
        except (_NotFound, _Invalid):
            return None
        if self.definite:
            return _output(found[-1]) if found else None
        return JsonArray(_output(value) for value in found)

    def evaluate(self, document: Any, run: _Run, require: bool = False) -> list[Any]:
        results: list[Any] = []
        if self.dangling:
            raise JavaException("IllegalStateException", "Current path token is a leaf")
        if self.inverted is not None:
            value = _function(self.inverted, document, run)
            results.append(value)
            if self.hoisted + 1 < len(self.tokens):
                _Evaluation(self, run, results, require).token(self.hoisted + 1, value)
        elif not self.tokens:
            results.append(document)
        else:
            _Evaluation(self, run, results, require).token(0, document)
        return results

    def value(self, document: Any, run: _Run) -> Any:
        """``getValue()``: the last result of a definite path, else the list; _NotFound."""
        found = self.evaluate(document, run)
        if self.definite:
            if not found:
                raise _NotFound
            return found[-1]
        return found


def _output(value: Any) -> Any:

    return JsonArray(value) if isinstance(value, _KeySet) else value


class _Evaluation:
    __slots__ = ("program", "require", "results", "run")

    def __init__(self, program: _Program, run: _Run, results: list[Any], require: bool) -> None:
        self.program = program
        self.run = run
        self.results = results
        self.require = require  # Jayway's REQUIRE_PROPERTIES, which its existence checks use

    def next(self, number: int, value: Any) -> None:
        if number + 1 == len(self.program.tokens):
            self.results.append(value)
        else:
            self.token(number + 1, value)

    def token(self, number: int, model: Any) -> None:
        self.run.spend()
        token = self.program.tokens[number]
        kind = token[0]
        upstream = self.program.upstream[number]
        if kind == "prop":
            if not isinstance(model, dict):
                if upstream:
                    raise _NotFound
                return
            names = token[1]
            if len(names) > 1:
                self.run.spend(len(names))  # a union may name one property many times
            if len(names) == 1 or number + 1 < len(self.program.tokens):
                for name in names:
                    self.property(number, model, name, upstream and len(names) == 1)
                return

            if self.require and any(name not in model for name in names):
                raise _NotFound
            self.results.append(JsonObject((n, model[n]) for n in names if n in model))
        elif kind in ("index", "slice"):
            if not isinstance(model, list):
                if upstream:
                    raise _NotFound  # "can only be applied to arrays", or "The path is null"
                return
            if kind == "index":
                indexes = token[1]
                if len(indexes) > 1:
                    # a union may repeat an index: `$[0,0,…][0,0,…]` is k² results
                    self.run.spend(len(indexes))
            else:
                indexes = _slice_indexes(token[1], token[2], len(model))
            for index in indexes:
                self.element(number, model, index)
        elif kind == "wild":
            if isinstance(model, dict):
                for name in list(model):
                    self.property(number, model, name, False)
            elif isinstance(model, list):
                for index in range(len(model)):
                    try:
                        self.element(number, model, index)
                    except _NotFound:
                        if self.require:
                            raise
        elif kind == "scan":
            self.scan(number + 1, model)
        elif kind == "filter":
            if isinstance(model, dict):
                if _accept(token[1], model, self.run):
                    self.next(number, model)
            elif isinstance(model, list):
                for index, item in enumerate(model):
                    if _accept(token[1], item, self.run):
                        self.element(number, model, index)
            elif upstream:
                raise _Invalid  # "Filter can not be applied to primitives"
        else:
            # Jayway adds a function's value to the results wherever it stands, and goes on
            # from it if more of the path follows
            value = _function(token, model, self.run)
            self.results.append(value)
            if number + 1 < len(self.program.tokens):
                self.token(number + 1, value)

    def property(self, number: int, model: dict[str, Any], name: str, definite: bool) -> None:
        if name not in model:
            leaf = number + 1 == len(self.program.tokens)
            if self.require or (definite and not leaf):
                raise _NotFound  # "Missing property in path"
            return
        if number + 1 < len(self.program.tokens):
            self.token(number + 1, model[name])
            return
        # a leaf property after a deep scan's array element: Jayway keeps it only when the
        # token before the leaf is that element's index
        index = self.run.upstream.get((id(self.program), number), -1)
        if index == -1 or self.program.tail_index == index:
            self.results.append(model[name])

    def element(self, number: int, model: list[Any], index: int) -> None:
        effective = index + len(model) if index < 0 else index
        if 0 <= effective < len(model):  # Jayway skips an index out of bounds silently
            try:
                self.next(number, model[effective])
            except JavaException as error:
                # handleArrayIndex: an IndexOutOfBoundsException anywhere further along the
                # path (first() of an empty array, index(5)) is silence too
                if error.java_class != "IndexOutOfBoundsException":
                    raise

    def scan(self, target: int, model: Any) -> None:
        """Jayway's ScanPathToken.walk: the target token at every node that suits it."""
        self.run.spend()
        token = self.program.tokens[target]
        if isinstance(model, dict):
            if self.suits(token, target, model):
                self.token(target, model)
            for value in list(model.values()):
                self.scan(target, value)
        elif isinstance(model, list):
            if self.suits(token, target, model):
                if target + 1 == len(self.program.tokens):
                    self.token(target, model)
                else:
                    # Jayway applies the rest of the path to every element, whatever the
                    # target (an index, a slice, a filter) would have picked
                    for index, item in enumerate(model):
                        self.run.upstream[(id(self.program), target + 1)] = index
                        self.token(target + 1, item)
            for item in model:
                self.scan(target, item)

    def suits(self, token: _Token, target: int, model: Any) -> bool:
        kind = token[0]
        if kind == "prop":
            if not isinstance(model, dict):
                return False
            if not _definite_token(token, target + 1 == len(self.program.tokens)):
                return True
            return all(name in model for name in token[1])
        if kind in ("index", "slice"):
            return isinstance(model, list)
        if kind == "wild":
            return True
        if kind == "filter":
            return _accept(token[1], model, self.run)
        return False


def _slice_indexes(start: int | None, end: int | None, length: int) -> range:
    """Jayway 2.10.0's slices (ArraySliceToken); negative indexes count from the end later."""
    if length == 0:
        return range(0)
    if end is None:
        assert start is not None
        begin = max(0, start + length if start < 0 else start)
        return range(begin, length)
    if start is None:
        return range(0, min(length, end + length if end < 0 else end))
    return range(start, min(length, end))  # [a:b] does not count a negative b from the end


# --- functions ----------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parameters(arguments: tuple[Any, ...], run: _Run) -> list[Any]:
    """Parameter.getValue() of each parameter: a path's value at the document's root (a list
    for an indefinite path; PathNotFoundException for a definite one that finds nothing)."""
    return [
        argument.value if isinstance(argument, _Literal) else argument.value(run.root, run)
        for argument in arguments
    ]


def _flat(values: list[Any]) -> list[Any]:
    """Parameter.toList's view of parameter values: a list gives its elements; nulls drop."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, list) and not isinstance(value, _KeySet):
            out.extend(item for item in value if item is not None)
        elif value is not None:
            out.append(value)
    return out


def _empty_aggregation() -> JavaException:
    return JavaException(
        "JsonPathException", "Aggregation function attempted to calculate value using empty array"
    )


def _function(token: _Token, model: Any, run: _Run) -> Any:
    """Jayway 2.10.0's path functions, applied to ``model``."""
    name, arguments = token[1], token[2]
    if name not in _FUNCTIONS:
        raise JavaException("InvalidPathException", f"Function with name: {name} does not exist.")
    # Jayway evaluates path parameters before the function looks at them, or at its input
    values = _parameters(arguments, run) if arguments and name not in ("length", "size") else []
    if name in ("length", "size"):
        if arguments:
            first = arguments[0]
            if isinstance(first, _Literal):
                raise JavaException("NullPointerException", "a JSON parameter has no path")
            counted = first.value(run.root, run)
            if isinstance(counted, list):
                return len(counted)
        return len(model) if isinstance(model, (list, dict)) else None
    if name in ("avg", "stddev", "sum", "min", "max"):
        numbers = [v for v in model if _is_number(v)] if isinstance(model, list) else []
        if arguments:
            numbers += [v for v in _flat(values) if _is_number(v)]
        if not numbers:
            raise _empty_aggregation()
        return _aggregate(name, [float(n) for n in numbers])
    if name == "keys":
        return _KeySet(model) if isinstance(model, dict) else None
    if name == "concat":
        parts = [v for v in model if isinstance(v, str)] if isinstance(model, list) else []
        if arguments:
            # `$.concat($..*)` prints the document once for every level of it: a running
            # budget of text, as for printing a list (apigw_core.vtl.runtime)
            left = MAX_STRING - sum(map(len, parts))
            for v in _flat(values):
                text = java_text(v, left)
                left -= len(text)
                if left < 0:
                    check_string_length(MAX_STRING + 1)
                parts.append(text)
        check_string_length(sum(map(len, parts)))
        return "".join(parts)
    if name == "append":
        if not isinstance(model, list):
            return model
        return JsonArray([*model, *values])
    # first(), last(), index(i): AbstractSequenceAggregation
    if not isinstance(model, list):
        raise _empty_aggregation()
    if name == "first":
        target = 0
    elif name == "last":
        target = -1
    else:
        numbers = [v for v in _flat(values) if _is_number(v)]
        if not numbers:
            raise JavaException("IndexOutOfBoundsException", "Index 0 out of bounds for length 0")
        target = _java_int_value(numbers[0])
    if target >= 0:
        if target >= len(model):
            raise JavaException(
                "IndexOutOfBoundsException",
                f"Index {target} out of bounds for length {len(model)}",
            )
        return model[target]
    if len(model) + target > 0:  # sic: last() of a one-element array fails
        return model[len(model) + target]
    raise JavaException(
        "JsonPathException", f"Target index:{target} larger than object count:{len(model)}"
    )


def _java_int_value(number: int | float) -> int:
    """Number.intValue(): a double truncates and saturates, a long wraps."""
    if isinstance(number, float):
        if number != number:
            return 0
        return (
            max(-(2**31), min(2**31 - 1, int(number)))
            if math.isfinite(number)
            else (2**31 - 1 if number > 0 else -(2**31))
        )
    return (number + 2**31) % 2**32 - 2**31


def _aggregate(name: str, numbers: list[float]) -> float:
    """The aggregations in Java's double arithmetic, summing left to right."""
    total = 0.0
    if name == "max":
        result = 5e-324  # sic: Jayway starts max() at Double.MIN_VALUE, the least positive
        for number in numbers:
            result = max(result, number)
        return result
    if name == "min":
        result = 1.7976931348623157e308
        for number in numbers:
            result = min(result, number)
        return result
    for number in numbers:
        total += number
    if name == "sum":
        return total
    count = float(len(numbers))
    if name == "avg":
        return total / count
    squares = 0.0
    for number in numbers:
        squares += number * number
    variance = squares / count - total * total / count / count
    return math.sqrt(variance) if variance >= 0 else math.nan


# --- filter evaluation (Jayway's ValueNodes and EvaluatorFactory) --------------------------


def _accept(node: _Node, item: Any, run: _Run) -> bool:
    try:
        return _apply(node, item, run)
    except _Invalid:
        return False  # Jayway's PredicatePathToken.accept


def _apply(node: _Node, item: Any, run: _Run) -> bool:
    if node.kind == "or":
        return any(_apply(part, item, run) for part in node.parts)
    if node.kind == "and":
        return all(_apply(part, item, run) for part in node.parts)
    if node.kind == "not":
        return not _apply(node.parts[0], item, run)
    left, operator, right = node.parts
    if operator == "?exists":
        assert isinstance(left, _PathOperand)
        return _exists(left, item, run) is right.value
    return _relation(_operand(left, item, run), operator, _operand(right, item, run), run)


def _exists(operand: _PathOperand, item: Any, run: _Run) -> bool:
    try:
        # sic: Jayway 2.10.0 checks even a `$...` path's existence in the current item
        found = operand.program.evaluate(item, run, require=True)
    except _NotFound:
        return False
    return bool(found) or not operand.program.definite


def _operand(operand: Any, item: Any, run: _Run) -> _Value:
    if isinstance(operand, _Value):
        return operand
    try:
        value = operand.program.value(run.root if operand.root else item, run)
    except _NotFound:
        return _Value("undef", None)
    return _to_value(value)


def _to_value(value: Any) -> _Value:
    if isinstance(value, bool):
        return _Value("bool", value)
    if isinstance(value, (int, float)):
        return _Value("num", _decimal(value))
    if isinstance(value, str):
        return _Value("str", value)
    if value is None:
        return _Value("null", None)
    if isinstance(value, _KeySet):
        raise JavaException("JsonPathException", "Could not convert a key set to a ValueNode")
    return _Value("json", value)


def _decimal(value: int | float) -> Decimal:
    if isinstance(value, int):
        return Decimal(value)
    from apigw_core.vtl.runtime import to_java_string

    return Decimal(to_java_string(value))  # Jayway: new BigDecimal(Double.toString(x))


_MALFORMED: Any = object()  # a JSON literal json-smart cannot parse


def _json(value: _Value) -> Any:
    """The document value of a JSON operand (a literal is parsed when first needed)."""
    if value.value is _MALFORMED:
        raise _Invalid
    if not isinstance(value.value, str):
        return value.value

    try:
        return loads(value.value)
    except Exception:  # json-smart's parse error ends the filter
        try:
            return loads(re.sub(r"'((?:[^'\\]|\\.)*)'", r'"\1"', value.value))
        except Exception:
            raise _Invalid from None


def _list(value: _Value, run: _Run) -> list[_Value] | None:
    """asValueListNode: the elements of an array; None where Jayway has its undefined node.

    Each element costs a step of the budget: a filter comparing each of 100,000 candidates
    with a 30,000-element literal would otherwise compare 3 * 10^9 times."""
    if value.kind != "json":
        raise _Invalid  # "Expected value list node"
    document = _json(value)
    if not isinstance(document, list):
        return None
    run.spend(len(document))
    if any(isinstance(item, (list, dict)) for item in document):
        # ValueNode.toValueNode knows no nested arrays or objects, and nothing catches that
        raise JavaException("JsonPathException", "Could not determine value type")
    return [_to_value(item) for item in document]


def _text(value: _Value) -> str:
    return str(value.value) if value.kind == "num" else value.value  # BigDecimal.toString


def _equals(left: _Value, right: _Value) -> bool:
    """``left.equals(right)`` of Jayway's value nodes."""
    kind = left.kind
    if kind == "str":
        return right.kind in ("str", "num") and left.value == _text(right)
    if kind == "num":
        if right.kind == "num":
            return bool(left.value == right.value)
        if right.kind == "str":
            try:
                number = Decimal(right.value)
            except InvalidOperation:
                return False
            return number.is_finite() and bool(left.value == number)
        return False
    if kind in ("bool", "null"):
        return right.kind == kind and left.value == right.value
    if kind == "json":
        return right.kind == "json" and _java_equal(_json(left), _json(right))
    if kind == "pattern":
        return right.kind == "pattern" and left.value.pattern == right.value.pattern
    return False


def _java_equal(left: Any, right: Any) -> bool:
    """Java's equals on json-smart values: Integer 1 differs from Double 1.0."""
    if type(left) is not type(right):
        both_int = isinstance(left, int) and isinstance(right, int)
        if not both_int or isinstance(left, bool) or isinstance(right, bool):
            return False
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_java_equal, left, right))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(
            _java_equal(v, right[k]) for k, v in left.items()
        )
    return bool(left == right)


def _order(left: _Value, right: _Value) -> int | None:
    if left.kind == right.kind == "num":
        return int(left.value > right.value) - int(left.value < right.value)
    if left.kind == right.kind == "str":
        mine, theirs = left.value.encode("utf-16-be"), right.value.encode("utf-16-be")
        return int(mine > theirs) - int(mine < theirs)  # String.compareTo: UTF-16 code units
    return None


_ORDERS: dict[str, Callable[[int], bool]] = {
    "<": lambda d: d < 0,
    "<=": lambda d: d <= 0,
    ">": lambda d: d > 0,
    ">=": lambda d: d >= 0,
}


def _relation(left: _Value, operator: str, right: _Value, run: _Run) -> bool:
    if operator in ("==", "!="):
        if left.kind == right.kind == "json":
            equal = _java_equal(_json(left), _json(right))
        else:
            equal = _equals(left, right)
        return equal == (operator == "==")
    if operator in ("===", "!=="):
        equal = left.kind == right.kind and _equals(left, right)
        return equal == (operator == "===")
    if operator in _ORDERS:
        difference = _order(left, right)
        return difference is not None and _ORDERS[operator](difference)
    if operator == "=~":
        return _regex_matches(left, right, run)
    if operator in ("in", "nin"):
        values = _list(right, run)
        found = values is not None and any(_equals(left, v) for v in values)
        return found == (operator == "in")
    if operator == "contains":
        if left.kind == right.kind == "str":
            return right.value in left.value
        if left.kind == "json":
            values = _list(left, run)
            return values is not None and any(_equals(right, v) for v in values)
        return False
    if operator == "size":
        if right.kind != "num":
            return False
        expected = int(right.value)
        if left.kind == "str":
            return len(left.value.encode("utf-16-le")) // 2 == expected
        if left.kind == "json":
            document = _json(left)
            return (len(document) if isinstance(document, list) else -1) == expected
        return False
    if operator == "empty":
        if right.kind != "bool":
            raise _Invalid  # "Expected boolean node"
        if left.kind == "str":
            return (not left.value) is right.value
        if left.kind == "json":
            document = _json(left)
            if isinstance(document, dict):
                raise JavaException(
                    "ClassCastException", "LinkedHashMap cannot be cast to Collection"
                )
            return (not document) is right.value
        return False
    if operator in ("subsetof", "anyof", "noneof"):
        theirs = _list(right, run)  # Jayway reads the right operand first
        if theirs is None:
            return False
        mine = _list(left, run)
        if mine is None:
            return False
        run.spend(len(mine) * len(theirs))
        if operator == "subsetof":
            return all(any(_equals(m, t) for t in theirs) for m in mine)
        anyof = any(_equals(m, t) for m in mine for t in theirs)
        return anyof == (operator == "anyof")
    if operator == "exists":
        if left.kind != "bool" and right.kind != "bool":
            raise JavaException("JsonPathException", "Failed to evaluate exists expression")
        if left.kind != "bool" or right.kind != "bool":
            raise _Invalid  # "Expected boolean node"
        return bool(left.value == right.value)
    raise _Invalid  # type, matches: not supported here


def _regex_matches(left: _Value, right: _Value, run: _Run) -> bool:
    if (left.kind == "pattern") == (right.kind == "pattern"):
        return False
    pattern, other = (left, right) if left.kind == "pattern" else (right, left)
    if other.kind == "json":
        document = _json(other)
        if not isinstance(document, list):
            return pattern.value.fullmatch(_input(other)) is not None
        values = _list(other, run) or []
        return any(pattern.value.fullmatch(_input(v)) is not None for v in values)
    return pattern.value.fullmatch(_input(other)) is not None


def _input(value: _Value) -> str:
    if value.kind in ("str", "num"):
        return _text(value)
    if value.kind == "bool":
        return "true" if value.value else "false"
    return ""


def evaluate(path: str, document: Any) -> Any:
    """The value of ``path`` in ``document``."""
    if document is None:
        return None  # Jayway rejects a null document before it compiles the path
    return compile_path(path)(document)
