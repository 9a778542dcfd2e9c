"""``$context.requestOverride`` and ``$context.responseOverride`` (MT §7; OV-1..OV-5).

A template writes the overrides through ordinary map assignment. The maps record every
write, so that the rules of MT §7.3 can be checked once the whole template has run (rule 3):
each parameter may be overridden only once (rule 2; header names compared without case),
a status must be a whole number from 100 to 599 (MT Q-OV-1; the range API Gateway allows for
method responses), and values become strings, or lists of strings for multi-value headers
and query parameters (rule 5). :func:`normalise_overrides` applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigw_core.errors import TemplateError
from apigw_core.mapping.json_values import SilentMap
from apigw_core.vtl.runtime import PLAIN_MAPS, to_java_string

__all__ = [
    "HeaderOverrideMap",
    "OverrideError",
    "OverrideMap",
    "ResponseOverrideMap",
    "new_overrides",
    "normalise_overrides",
    "override_status",
]


class OverrideError(TemplateError):
    """An override API Gateway refuses at invoke time (a 5XX; MT §7.3 rule 2, Q-OV-1)."""


class OverrideMap(SilentMap):
    """An override container (``path``, ``querystring``): prints ``""`` as real API Gateway
    does (recorded in ls-vtl-context-keyset-dump) and remembers the names written more than
    once. The bookkeeping starts at the first write, so building one costs a plain dict's."""

    __slots__ = ("repeated", "written")
    fold_case = False
    written: set[str]
    repeated: list[str]

    def __setitem__(self, key: str, value: Any) -> None:
        try:
            written = self.written
        except AttributeError:
            written = self.written = set()
            self.repeated = []
        name = key.lower() if self.fold_case and isinstance(key, str) else key
        if name in written:
            self.repeated.append(str(key))
        else:
            written.add(name)
        super().__setitem__(key, value)


class HeaderOverrideMap(OverrideMap):
    """``header`` overrides: names are compared without case (MT §7.3 rule 2)."""

    __slots__ = ()
    fold_case = True


PLAIN_MAPS.update((OverrideMap, HeaderOverrideMap))  # `$m.name` stays a key lookup


def override_status(value: Any) -> int | None:
    """``responseOverride.status`` as API Gateway takes it: an Integer or a numeric String
    from 100 to 599 (MT §7, Q-OV-1); ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        number = int(value)
    else:
        return None
    return number if 100 <= number <= 599 else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else to_java_string(value)


def _values(where: str, name: str, value: Any, multi: bool, problems: list[str]) -> Any:
    if isinstance(value, list | tuple):
        items = [_text(v) for v in value if v is not None]
        if multi:
            return items
        problems.append(f"{where}.{name} must be a String, not a List")
        return ",".join(items)
    return _text(value)


def _section(where: str, section: Any, multi: bool, problems: list[str]) -> dict[str, Any] | Any:
    kind = type(section)
    # the maps new_overrides makes are told apart without the slower Mapping ABC check
    if (
        kind is not OverrideMap
        and kind is not HeaderOverrideMap
        and kind is not dict
        and not isinstance(section, Mapping)
    ):
        problems.append(f"{where} must be a Map")
        return section
    if kind is not dict and isinstance(section, OverrideMap):
        for name in getattr(section, "repeated", ()):
            problems.append(f"{where}.{name} was overridden more than once (MT §7.3)")
    if not section:
        return {}
    return {
        str(name): value if type(value) is str else _values(where, name, value, multi, problems)
        for name, value in section.items()
        if value is not None
    }


class ResponseOverrideMap(SilentMap):
    """``responseOverride``: prints ``""`` (CTX-3) and counts the writes of ``status``."""

    __slots__ = ("status_writes",)

    def __setitem__(self, key: str, value: Any) -> None:
        if key == "status":
            self.status_writes = getattr(self, "status_writes", 0) + 1
        super().__setitem__(key, value)


PLAIN_MAPS.add(ResponseOverrideMap)


def new_overrides() -> tuple[SilentMap, ResponseOverrideMap]:
    """Fresh ``requestOverride`` and ``responseOverride`` maps with their OV-1 contents."""
    request = SilentMap(path=OverrideMap(), header=HeaderOverrideMap(), querystring=OverrideMap())
    return request, ResponseOverrideMap(header=HeaderOverrideMap())


def normalise_overrides(
    request_override: Any, response_override: Any
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The overrides as API Gateway applies them, and the problems it would answer 5XX for.

    ``header`` and ``querystring`` values become Strings (Java ``toString`` for numbers and
    booleans) or lists of Strings; ``path`` values Strings; ``status`` an int. Values that
    break a rule are kept as the template set them and described in the problem list.
    """
    problems: list[str] = []
    request: dict[str, Any] = {}
    for key, value in (request_override or {}).items():
        if key in ("header", "querystring", "path"):
            request[key] = _section(f"requestOverride.{key}", value, key != "path", problems)
        else:
            request[key] = value
    response: dict[str, Any] = {}
    for key, value in (response_override or {}).items():
        if key == "header":
            response[key] = _section("responseOverride.header", value, True, problems)
        elif key == "status":
            status = override_status(value)
            if status is None:
                problems.append(
                    f"responseOverride.status must be a status code from 100 to 599, "
                    f"not {_text(value)!r}"
                )
                response[key] = value
            else:
                response[key] = status
        else:
            response[key] = value  # OV-3: custom keys are carried as they are
    if getattr(response_override, "status_writes", 0) > 1:
        problems.append("responseOverride.status was overridden more than once (MT §7.3)")
    return request, response, problems
