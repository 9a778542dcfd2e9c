"""JSONPath as ``$input.path`` / ``$input.json`` evaluate it (MT §3.2, §3.5; IN-3, IN-4).

A definite path (``$``, ``$.a.b``, ``$['a'][0]``) gives one value, or ``None`` when nothing
matches; other paths (wildcards, filters, recursive descent, slices, unions) give a list of
every match, as Jayway JsonPath does. Definite paths are evaluated directly; the rest go
through ``jsonpath-ng``. Compiled paths are cached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from apigw_core.vtl.values import JavaException

_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_$][\w$-]*)"""
    r"""|\[\s*(?:'(?P<single>(?:[^'\\]|\\.)*)'|"(?P<double>(?:[^"\\]|\\.)*)"|(?P<index>-?\d+))\s*\]"""
)


@functools.lru_cache(maxsize=1024)
def compile_path(path: str) -> Callable[[Any], Any]:
    """A function from the JSON document to the path's value (``None`` if it matches nothing)."""
    text = path.strip()
    if not text.startswith("$"):
        text = "$." + text if text and not text.startswith("[") else "$" + text
    steps: list[str | int] = []
    position = 1
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None:
            return _general(text)
        if match.group("name") is not None:
            steps.append(match.group("name"))
        elif match.group("index") is not None:
            steps.append(int(match.group("index")))
        else:
            steps.append(match.group("single") or match.group("double") or "")
        position = match.end()
    return functools.partial(_walk, tuple(steps))


def _walk(steps: tuple[str | int, ...], document: Any) -> Any:
    value = document
    for step in steps:
        if isinstance(step, int):
            if not isinstance(value, list):
                return None
            index = step + len(value) if step < 0 else step
            if not 0 <= index < len(value):
                return None
            value = value[index]
        else:
            if not isinstance(value, dict):
                return None
            value = value.get(step)
        if value is None:
            return None
    return value


def _general(text: str) -> Callable[[Any], Any]:
    if "`" in text:
        # jsonpath-ng's named operators (`len`, `keys`, `this`) are not JSONPath for Jayway
        raise JavaException("InvalidPathException", f"{text}: unexpected character '`'")
    try:
        from jsonpath_ng.ext.parser import parse as parse_jsonpath

        expression = parse_jsonpath(text)
    except Exception as error:  # jsonpath-ng raises assorted exception types
        raise JavaException("InvalidPathException", f"{text}: {error}") from None

    def evaluate(document: Any) -> Any:
        from apigw_core.mapping.json_values import JsonArray

        return JsonArray(match.value for match in expression.find(document))

    return evaluate


def evaluate(path: str, document: Any) -> Any:
    """The value of ``path`` in ``document``."""
    return compile_path(path)(document)
