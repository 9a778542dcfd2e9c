"""Read the method request, a dict in the Lambda proxy event 1.0 shape (all keys optional).

Header names are looked up case-insensitively (VPB OQ-33 resolved as HTTP does), query
string names case-sensitively (VPB F.2).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from apigw_core.errors import ConfigurationError

Request = Mapping[str, Any]


def _as_str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _multi_map(request: Request, single_key: str, multi_key: str) -> list[tuple[str, list[str]]]:
    """Merge a single-value and a multi-value map, keeping first-seen name order.

    A value present in both maps appears once, from the multi-value map (PAR A.2).
    """
    merged: dict[str, list[str]] = {}
    multi = request.get(multi_key) or {}
    single = request.get(single_key) or {}
    for name, values in multi.items():
        if values is None:
            continue
        items = values if isinstance(values, list | tuple) else [values]
        merged.setdefault(str(name), []).extend(_as_str(v) for v in items if v is not None)
    for name, value in single.items():
        if value is None:
            continue
        text = _as_str(value)
        current = merged.setdefault(str(name), [])
        if text not in current:
            current.append(text)
    return list(merged.items())


def headers_multi(request: Request) -> list[tuple[str, list[str]]]:
    """All request headers as ``(name, values)``; names differing only in case are merged
    under the first spelling seen."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for name, values in _multi_map(request, "headers", "multiValueHeaders"):
        key = name.lower()
        if key in grouped:
            grouped[key][1].extend(values)
        else:
            grouped[key] = (name, list(values))
    return list(grouped.values())


def header_values(request: Request, name: str) -> list[str]:
    """Every value of header ``name`` (case-insensitive), in arrival order."""
    wanted = name.lower()
    for header, values in headers_multi(request):
        if header.lower() == wanted:
            return values
    return []


def header_value(request: Request, name: str) -> str | None:
    """The single value of header ``name``: the last one when repeated (EV-2, HDR-8)."""
    values = header_values(request, name)
    return values[-1] if values else None


def query_multi(request: Request) -> list[tuple[str, list[str]]]:
    """All query string parameters as ``(name, values)`` (already decoded)."""
    return _multi_map(request, "queryStringParameters", "multiValueQueryStringParameters")


def query_values(request: Request, name: str) -> list[str]:
    """Every value of query string parameter ``name`` (case-sensitive)."""
    for key, values in query_multi(request):
        if key == name:
            return values
    return []


def path_parameter(request: Request, name: str) -> str | None:
    """The value of path parameter ``name``, or ``None``."""
    value = (request.get("pathParameters") or {}).get(name)
    return None if value is None else _as_str(value)


def body_bytes(request: Request) -> bytes | None:
    """The request body as the bytes the client sent, or ``None`` when there is none.

    ``body`` may be ``bytes``, or ``str`` (UTF-8; base64 of the bytes when
    ``isBase64Encoded`` is true). Strings decoded with ``surrogateescape`` round-trip.
    """
    body = request.get("body")
    if body is None:
        return None
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if not isinstance(body, str):
        raise ConfigurationError(
            f"request body must be str, bytes or None; got {type(body).__name__}"
        )
    if request.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ConfigurationError(
                "request body is marked isBase64Encoded but is not valid base64"
            ) from exc
    return body.encode("utf-8", "surrogateescape")
