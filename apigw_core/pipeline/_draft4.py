"""A fast JSON Schema draft-4 validity check compiled from the prepared models.

``jsonschema`` builds an error object per keyword and a validator per subschema, which costs
tens of microseconds on a small body. Most bodies are valid, so validation first runs this
check, closures compiled once per model, and asks ``jsonschema`` for the error messages
only when it fails. The one rule: when this check says "valid", ``jsonschema``'s
``Draft4Validator`` must find no error (``tests/pipeline/test_draft4.py`` proves agreement
with hypothesis). Whatever it does not model exactly (``id`` scopes, anchors, refs it cannot
resolve, exotic numbers) is either :class:`Unsupported`, making the caller use
``jsonschema`` for that model, or reported invalid, which hands the verdict to ``jsonschema``.
"""

from __future__ import annotations

import numbers
import operator
import re
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

from apigw_core.errors import ConfigurationError

__all__ = ["Check", "Unsupported", "compile_model_check"]

Check = Callable[[Any], bool]

#: ``(url) -> (model name, prepared schema) | None``: how a ``$ref`` URL finds a model.
Documents = Callable[[str], tuple[str, Mapping[str, Any]] | None]


class Unsupported(Exception):
    """The model uses something this checker does not model; use ``jsonschema``."""


def _valid(_: object) -> bool:
    return True


def _is_number(x: object) -> bool:
    kind = type(x)
    if kind is int or kind is float:
        return True
    return kind is not bool and isinstance(x, numbers.Number)


def _is_integer(x: object) -> bool:
    # Draft 4's integer is Python's int, never 1.0 and never a bool (jsonschema's draft-4
    # type checker).
    return isinstance(x, int) and not isinstance(x, bool)


_TYPES: dict[str, Check] = {
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "integer": _is_integer,
    "null": lambda x: x is None,
    "number": _is_number,
    "object": lambda x: isinstance(x, dict),
    "string": lambda x: isinstance(x, str),
}


#: The type tests that are one isinstance test, by their check.
_TYPE_CLASSES: dict[Check, type] = {
    _TYPES["array"]: list,
    _TYPES["boolean"]: bool,
    _TYPES["object"]: dict,
    _TYPES["string"]: str,
}


def _equal(one: object, two: object) -> bool:
    """JSON equality: ``True`` is not ``1``, also inside arrays and objects."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    return one == two


def _unique(items: list[Any]) -> bool:
    if all(type(x) in (str, int, float, bool) or x is None for x in items):
        keys = {(x,) if isinstance(x, bool) else x for x in items}
        return len(keys) == len(items)
    return not any(_equal(items[i], items[j]) for i in range(len(items)) for j in range(i))


def _regex(pattern: object, where: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise Unsupported(where)
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigurationError(
            f"{where}: invalid regular expression {pattern!r} ({exc})"
        ) from None


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _valid
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda x: first(x) and second(x)

    def check(x: object) -> bool:
        for each in checks:  # noqa: SIM110 - a loop is faster than all() over a generator
            if not each(x):
                return False
        return True

    return check


class _Compiler:
    def __init__(self, model: str, documents: Documents, base_url: str) -> None:
        self.model = model
        self.documents = documents
        self.base_url = base_url
        # A ref's check by (document URL, fragment): recursive models compile once.
        self.refs: dict[tuple[str, str], list[Check]] = {}
        # The refs entered since the instance last moved to a property or an item: meeting
        # one again is a loop that never ends (jsonschema recurses until Python gives up).
        self.pending: set[tuple[str, str]] = set()

    # --- references --------------------------------------------------------------------

    def ref(self, ref: object, base: str) -> Check:
        if not isinstance(ref, str):
            raise Unsupported("$ref is not a string")
        if ref.startswith("#"):
            url, fragment = base, ref[1:]
        else:
            url, fragment = urllib.parse.urldefrag(urllib.parse.urljoin(base, ref))
        if fragment and not fragment.startswith("/"):
            raise Unsupported("plain-name fragments (draft-4 id anchors)")
        key = (url, fragment)
        if key in self.pending:
            raise ConfigurationError(
                f"model {self.model!r}: $ref {ref!r} refers back to itself without reaching "
                "a property or an item"
            )
        cell = self.refs.get(key)
        if cell is None:
            cell = self.refs[key] = []
            found = self.documents(url)
            if found is None:
                raise Unsupported(f"unresolvable $ref {ref!r}")
            self.pending.add(key)
            cell.append(self.schema(_pointer(found[1], fragment, found[0]), url))
            self.pending.discard(key)
            return cell[0]
        if cell:
            return cell[0]
        return lambda x: cell[0](x)  # recursion: the target is still being compiled

    # --- one schema --------------------------------------------------------------------

    def schema(self, node: object, base: str) -> Check:
        if not isinstance(node, dict):
            raise Unsupported("a schema that is not an object")
        if "$ref" in node:
            return self.ref(node["$ref"], base)  # draft 4: $ref siblings are ignored
        if isinstance(node.get("id"), str):
            raise Unsupported("id changes the resolution scope")
        fused = _fused_leaf(node)
        if fused is None:
            fused = self.fused_container(node, base)
        if fused is not None:
            return fused
        checks: list[Check] = []
        for keyword, value in node.items():
            build = _KEYWORDS.get(keyword)
            if build is not None:
                check = build(self, value, node, base)
                if check is not _valid:
                    checks.append(check)
        return _all_of(checks)

    def fused_container(self, node: dict[str, Any], base: str) -> Check | None:
        """The check of an object schema with ``required`` and ``properties``, or of an
        array schema with one ``items`` schema, as one closure: what the type test and the
        keyword checks give together (the usual model is such an object, its lists such
        arrays). ``None`` for any other schema."""
        kind = node.get("type")
        keywords = [k for k in node if k in _KEYWORDS]
        if (
            kind == "object"
            and len(keywords) > 1
            and set(keywords) <= {"type", "required", "properties"}
        ):
            required = node.get("required", [])
            properties = node.get("properties", {})
            if not isinstance(required, list) or not isinstance(properties, dict):
                return None
            try:
                wanted = frozenset(required)
            except TypeError:
                return None
            pairs = [(name, self.inner(sub, base)) for name, sub in properties.items()]
            pairs = [(name, check) for name, check in pairs if check is not _valid]

            def check_object(x: object) -> bool:
                if not isinstance(x, dict) or not x.keys() >= wanted:
                    return False
                for name, each in pairs:  # noqa: SIM110 - faster than all() over a generator
                    if name in x and not each(x[name]):
                        return False
                return True

            return check_object
        if (
            kind == "array"
            and set(keywords) == {"type", "items"}
            and isinstance(node["items"], dict)
        ):
            each = self.inner(node["items"], base)
            if each is _valid:
                return _TYPES["array"]
            item_type = _TYPE_CLASSES.get(each)
            if item_type is not None:
                # an item schema that is a type test: isinstance inline, no call per item

                def check_typed(x: object) -> bool:
                    if not isinstance(x, list):
                        return False
                    for item in x:  # noqa: SIM110 - faster than all() over a generator
                        if not isinstance(item, item_type):
                            return False
                    return True

                return check_typed

            def check_array(x: object) -> bool:
                if not isinstance(x, list):
                    return False
                for item in x:  # noqa: SIM110 - faster than all() over a generator
                    if not each(item):
                        return False
                return True

            return check_array
        return None

    def inner(self, node: object, base: str) -> Check:
        """A subschema applied to a property or an item: the instance moves on."""
        pending, self.pending = self.pending, set()
        try:
            return self.schema(node, base)
        finally:
            self.pending = pending

    def many(self, value: object, base: str) -> list[Check]:
        if not isinstance(value, list):
            raise Unsupported("a schema array that is not an array")
        return [self.schema(item, base) for item in value]

    # --- keywords (jsonschema's draft-4 semantics, keyword by keyword) -----------------

    def type_(self, value: object, node: dict[str, Any], base: str) -> Check:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(n in _TYPES for n in names):
            raise Unsupported("type")
        tests = [_TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0]
        return lambda x: any(test(x) for test in tests)

    def properties(self, value: object, node: dict[str, Any], base: str) -> Check:
        if not isinstance(value, dict):
            raise Unsupported("properties")
        pairs = [(name, self.inner(sub, base)) for name, sub in value.items()]
        pairs = [(name, check) for name, check in pairs if check is not _valid]
        if not pairs:
            return _valid

        def check(x: object) -> bool:
            if isinstance(x, dict):
                for name, each in pairs:
                    if name in x and not each(x[name]):
                        return False
            return True

        return check

    def pattern_properties(self, value: object, node: dict[str, Any], base: str) -> Check:
        if not isinstance(value, dict):
            raise Unsupported("patternProperties")
        pairs = [
            (_regex(p, f"model {self.model!r}: patternProperties").search, self.inner(s, base))
            for p, s in value.items()
        ]

        def check(x: object) -> bool:
            if isinstance(x, dict):
                for search, each in pairs:
                    for name, item in x.items():
                        if search(name) and not each(item):
                            return False
            return True

        return check

    def additional_properties(self, value: object, node: dict[str, Any], base: str) -> Check:
        known = node.get("properties", {})
        patterns = node.get("patternProperties", {})
        if not isinstance(known, dict) or not isinstance(patterns, dict):
            raise Unsupported("additionalProperties")
        # jsonschema joins the patterns into one regex for this keyword.
        joined = "|".join(patterns)
        search = (
            _regex(joined, f"model {self.model!r}: patternProperties").search if joined else None
        )
        if isinstance(value, dict):
            sub = self.inner(value, base)
        elif value:
            return _valid
        else:
            sub = None

        def check(x: object) -> bool:
            if isinstance(x, dict):
                for name, item in x.items():
                    if name in known or (search is not None and search(name)):
                        continue
                    if sub is None or not sub(item):
                        return False
            return True

        return check

    def items(self, value: object, node: dict[str, Any], base: str) -> Check:
        if isinstance(value, dict):
            each = self.inner(value, base)
            if each is _valid:
                return _valid

            def check(x: object) -> bool:
                if isinstance(x, list):
                    for item in x:  # faster than all() over a generator
                        if not each(item):
                            return False
                return True

            return check
        tests = self.many(value, base)
        return lambda x: (
            not isinstance(x, list) or all(test(item) for test, item in zip(tests, x, strict=False))
        )

    def additional_items(self, value: object, node: dict[str, Any], base: str) -> Check:
        items = node.get("items", {})
        if isinstance(items, dict):
            return _valid
        if not isinstance(items, list):
            raise Unsupported("items")
        count = len(items)
        if isinstance(value, dict):
            each = self.inner(value, base)
            return lambda x: not isinstance(x, list) or all(each(item) for item in x[count:])
        if value:
            return _valid
        return lambda x: not isinstance(x, list) or len(x) <= count

    def dependencies(self, value: object, node: dict[str, Any], base: str) -> Check:
        if not isinstance(value, dict):
            raise Unsupported("dependencies")
        rules: list[tuple[str, list[Any] | None, Check]] = []
        for name, dependency in value.items():
            if isinstance(dependency, list):
                rules.append((name, dependency, _valid))
            else:
                rules.append((name, None, self.schema(dependency, base)))

        def check(x: object) -> bool:
            if isinstance(x, dict):
                for name, names, each in rules:
                    if name in x:
                        if names is not None:
                            if not all(n in x for n in names):
                                return False
                        elif not each(x):
                            return False
            return True

        return check

    def enum(self, value: object, node: dict[str, Any], base: str) -> Check:
        if not isinstance(value, list):
            raise Unsupported("enum")
        if all(isinstance(v, str) for v in value):
            strings = frozenset(value)
            return lambda x: isinstance(x, str) and x in strings
        options = list(value)
        return lambda x: any(_equal(option, x) for option in options)

    def all_of(self, value: object, node: dict[str, Any], base: str) -> Check:
        return _all_of(self.many(value, base))

    def any_of(self, value: object, node: dict[str, Any], base: str) -> Check:
        tests = self.many(value, base)
        return lambda x: any(test(x) for test in tests)

    def one_of(self, value: object, node: dict[str, Any], base: str) -> Check:
        tests = self.many(value, base)
        return lambda x: sum(1 for test in tests if test(x)) == 1

    def not_(self, value: object, node: dict[str, Any], base: str) -> Check:
        test = self.schema(value, base)
        return lambda x: not test(x)

    def bound(self, value: object, node: dict[str, Any], base: str, keyword: str) -> Check:
        if not _is_number(value) or type(value) not in (int, float):
            raise Unsupported(keyword)
        limit: float = value  # type: ignore[assignment]
        exclusive = bool(
            node.get("exclusiveMinimum" if keyword == "minimum" else "exclusiveMaximum")
        )

        compare: Callable[[Any, Any], bool] = {
            ("minimum", False): operator.ge,
            ("minimum", True): operator.gt,
            ("maximum", False): operator.le,
            ("maximum", True): operator.lt,
        }[keyword, exclusive]

        def check(x: object) -> bool:
            kind = type(x)
            if kind is not int and kind is not float:
                # bool is no number; any other Number goes to jsonschema.
                return kind is bool or not isinstance(x, numbers.Number)
            return compare(x, limit)

        return check

    def multiple_of(self, value: object, node: dict[str, Any], base: str) -> Check:
        if type(value) not in (int, float) or not value > 0:  # type: ignore[operator]
            raise Unsupported("multipleOf")
        divisor: float = value  # type: ignore[assignment]

        def check(x: object) -> bool:
            kind = type(x)
            if kind is not int and kind is not float:
                return kind is bool or not isinstance(x, numbers.Number)
            if isinstance(divisor, float):
                try:
                    quotient = x / divisor  # type: ignore[operator]
                    return int(quotient) == quotient
                except (OverflowError, ValueError):
                    return False  # huge or not finite: jsonschema decides
            return not x % divisor

        return check

    def size(self, value: object, node: dict[str, Any], base: str, keyword: str) -> Check:
        if not _is_integer(value):
            raise Unsupported(keyword)
        limit: int = value  # type: ignore[assignment]
        kind = {"Length": str, "Items": list, "Properties": dict}[keyword[3:]]
        if keyword.startswith("min"):
            return lambda x: not isinstance(x, kind) or len(x) >= limit
        return lambda x: not isinstance(x, kind) or len(x) <= limit

    def pattern(self, value: object, node: dict[str, Any], base: str) -> Check:
        search = _regex(value, f"model {self.model!r}: pattern").search
        return lambda x: not isinstance(x, str) or search(x) is not None

    def required(self, value: object, node: dict[str, Any], base: str) -> Check:
        if not isinstance(value, list):
            raise Unsupported("required")
        names = list(value)
        try:
            wanted = frozenset(names)
        except TypeError:  # a name no dict can hold: the generic test
            return lambda x: not isinstance(x, dict) or all(name in x for name in names)
        # the keys view's >= tests every name in C
        return lambda x: not isinstance(x, dict) or x.keys() >= wanted

    def unique_items(self, value: object, node: dict[str, Any], base: str) -> Check:
        if not value:
            return _valid
        return lambda x: not isinstance(x, list) or _unique(x)


#: The keywords a leaf schema of a type may have to be checked in one closure.
_LEAF_KEYWORDS: dict[str, frozenset[str]] = {
    "string": frozenset({"type", "minLength", "maxLength"}),
    "number": frozenset({"type", "minimum", "maximum"}),
    "integer": frozenset({"type", "minimum", "maximum"}),
}

_BOUNDS: dict[tuple[str, bool], Callable[[Any, Any], bool]] = {
    ("minimum", False): operator.ge,
    ("minimum", True): operator.gt,
    ("maximum", False): operator.le,
    ("maximum", True): operator.lt,
}


def _fused_leaf(node: dict[str, Any]) -> Check | None:
    """The check of a string, number or integer schema with length or bounds, as one
    closure: what the type test and the keyword checks give together, with one call instead
    of three (every property of the usual model is such a leaf). ``None`` for any other
    schema, and for keyword values the keyword builders refuse (they raise as before)."""
    kind = node.get("type")
    allowed = _LEAF_KEYWORDS.get(kind) if type(kind) is str else None
    if allowed is None or len(node) < 2 or any(k in _KEYWORDS and k not in allowed for k in node):
        return None
    if kind == "string":
        if "minLength" not in node and "maxLength" not in node:
            return None
        low, high = node.get("minLength", 0), node.get("maxLength")
        if not _is_integer(low) or (high is not None and not _is_integer(high)):
            return None
        if high is None:
            return lambda x: isinstance(x, str) and len(x) >= low
        limit: int = high
        return lambda x: isinstance(x, str) and low <= len(x) <= limit
    bounds: list[tuple[Callable[[Any, Any], bool], Any]] = []
    for keyword in ("minimum", "maximum"):
        if keyword in node:
            limit = node[keyword]
            if type(limit) not in (int, float):
                return None
            exclusive = bool(node.get("exclusiveM" + keyword[1:]))
            bounds.append((_BOUNDS[keyword, exclusive], limit))
    if not bounds:
        return None
    # bool, and any Number but int and float, fail either way (see bound())
    if len(bounds) == 1:
        ((compare, limit),) = bounds
        if kind == "integer":
            return lambda x: type(x) is int and compare(x, limit)
        return lambda x: (type(x) is int or type(x) is float) and compare(x, limit)
    (low_compare, low), (high_compare, high) = bounds
    if kind == "integer":
        return lambda x: type(x) is int and low_compare(x, low) and high_compare(x, high)
    return lambda x: (
        (type(x) is int or type(x) is float) and low_compare(x, low) and high_compare(x, high)
    )


def _pointer(document: Mapping[str, Any], fragment: str, model: str) -> object:
    """The JSON pointer ``fragment`` in ``document`` (model ``model``), as ``referencing``
    resolves it. A name missing from an object is a configuration error (VAL-5: references
    must resolve)."""
    node: object = document
    if not fragment:
        return node
    for segment in urllib.parse.unquote(fragment[1:]).split("/"):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                raise Unsupported("id changes the resolution scope")
            segment = segment.replace("~1", "/").replace("~0", "~")
            if segment not in node:
                raise ConfigurationError(
                    f"model {model!r}: $ref '#{fragment}' points to nothing in the model"
                )
            node = node[segment]
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            raise Unsupported(f"pointer to nowhere: #{fragment}")
    return node


_Builder = Callable[[_Compiler, object, dict[str, Any], str], Check]

_KEYWORDS: dict[str, _Builder] = {
    "type": _Compiler.type_,
    "properties": _Compiler.properties,
    "patternProperties": _Compiler.pattern_properties,
    "additionalProperties": _Compiler.additional_properties,
    "items": _Compiler.items,
    "additionalItems": _Compiler.additional_items,
    "dependencies": _Compiler.dependencies,
    "enum": _Compiler.enum,
    "allOf": _Compiler.all_of,
    "anyOf": _Compiler.any_of,
    "oneOf": _Compiler.one_of,
    "not": _Compiler.not_,
    "minimum": lambda c, v, n, b: c.bound(v, n, b, "minimum"),
    "maximum": lambda c, v, n, b: c.bound(v, n, b, "maximum"),
    "multipleOf": _Compiler.multiple_of,
    "minLength": lambda c, v, n, b: c.size(v, n, b, "minLength"),
    "maxLength": lambda c, v, n, b: c.size(v, n, b, "maxLength"),
    "minItems": lambda c, v, n, b: c.size(v, n, b, "minItems"),
    "maxItems": lambda c, v, n, b: c.size(v, n, b, "maxItems"),
    "minProperties": lambda c, v, n, b: c.size(v, n, b, "minProperties"),
    "maxProperties": lambda c, v, n, b: c.size(v, n, b, "maxProperties"),
    "pattern": _Compiler.pattern,
    "required": _Compiler.required,
    "uniqueItems": _Compiler.unique_items,
    # "format" is not enforced (VAL-6), "$schema" is dropped, other keys are annotations.
}


def compile_model_check(model: str, url: str, documents: Documents) -> Check:
    """The validity check of the model at ``url`` (its absolute model URL).

    ``documents(url)`` returns ``(name, prepared schema)`` for a model URL, or ``None``.
    Raises :class:`Unsupported` when only ``jsonschema`` can decide, and
    :class:`ConfigurationError` for a regular expression Python cannot compile.
    """
    return _Compiler(model, documents, url).ref(url, url)
