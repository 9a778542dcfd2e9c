"""Read the method request, a dict in the Lambda proxy event 1.0 shape (all keys optional).

Header names are looked up case-insensitively (VPB OQ-33 resolved as HTTP does), query
string names case-sensitively (VPB F.2).
"""

from __future__ import annotations

import base64
import binascii
import contextvars
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from apigw_core.errors import ConfigurationError
from apigw_core.mapping import InvalidRequestError, check_request

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
    if type(multi) is not dict or type(single) is not dict:
        check_request(request)  # a map of another type, or the error naming the field
    for name, values in multi.items():
        if type(name) is not str:
            name = str(name)
        # Hot path (every request has headers): one plain string.
        if type(values) is list and len(values) == 1 and type(values[0]) is str:
            texts = [values[0]]
        elif values is None:
            continue
        else:
            items = values if isinstance(values, list | tuple) else [values]
            texts = [v if type(v) is str else _as_str(v) for v in items if v is not None]
        current = merged.get(name)
        if current is None:
            merged[name] = texts
        else:
            current.extend(texts)
    for name, value in single.items():
        if value is None:
            continue
        if type(name) is not str:
            name = str(name)
        text = value if type(value) is str else _as_str(value)
        current = merged.get(name)
        if current is None:
            merged[name] = [text]
        elif text not in current:
            current.append(text)
    return list(merged.items())


def _group_headers(request: Request) -> dict[str, tuple[str, list[str]]]:
    """Headers by lower-case name: ``(first spelling seen, values)``."""
    grouped = _group_plain_headers(request)
    if grouped is not None:
        return grouped
    grouped = {}
    for name, values in _multi_map(request, "headers", "multiValueHeaders"):
        key = name.lower()
        entry = grouped.get(key)
        if entry is None:
            grouped[key] = (name, values)
        else:
            entry[1].extend(values)
    return grouped


def _group_plain_headers(request: Request) -> dict[str, tuple[str, list[str]]] | None:
    """:func:`_group_headers` in one pass for the usual request (string names and values,
    one value per multi-value entry, no two spellings of a name); ``None`` otherwise."""
    multi = request.get("multiValueHeaders") or {}
    single = request.get("headers") or {}
    if type(multi) is dict and type(single) is dict and multi.keys() == single.keys():
        grouped = _group_mirrored_headers(multi, single)
        if grouped is not None:
            return grouped
    elif type(multi) is not dict or type(single) is not dict:
        check_request(request)  # a map of another type, or the error naming the field
    grouped = {}
    for name, values in multi.items():
        if type(values) is not list or len(values) != 1 or type(values[0]) is not str:
            return None
        key = name.lower() if type(name) is str else None
        if key is None or key in grouped:
            return None
        grouped[key] = (name, [values[0]])
    for name, value in single.items():
        if type(name) is not str or type(value) is not str:
            return None
        key = name.lower()
        entry = grouped.get(key)
        if entry is None:
            grouped[key] = (name, [value])
        elif entry[0] != name:
            return None
        elif value not in entry[1]:
            entry[1].append(value)
    return grouped


def _group_mirrored_headers(
    multi: dict[Any, Any], single: dict[Any, Any]
) -> dict[str, tuple[str, list[str]]] | None:
    """:func:`_group_plain_headers` for maps with the same names, each with one value the
    same in both (what ``build_method_request`` makes): one pass; ``None`` otherwise."""
    # one comprehension: every request pays this, header by header; the one-value lists are
    # the request's own (readers never change them)
    grouped = {
        name.lower(): (name, values)
        for name, values in multi.items()
        if type(name) is str
        and type(values) is list
        and len(values) == 1
        and type(value := values[0]) is str
        # the same object is usual (build_method_request's maps share their strings)
        and (single[name] is value or single[name] == value)
    }
    # an entry left out, or two spellings of a name sharing one, make the lengths differ
    return grouped if len(grouped) == len(multi) else None


def _headers_multi(request: Request) -> list[tuple[str, list[str]]]:
    return list(_group_headers(request).values())


class _View:
    """The parsed headers and query string of one method request, computed once for all
    the steps of an ``invoke_method`` call (they read them many times)."""

    __slots__ = ("_body", "_headers", "_query", "index", "mirrored", "request")

    def __init__(self, request: Request) -> None:
        self.request = request
        multi, single = request.get("multiValueHeaders"), request.get("headers")
        mirrored = None
        if type(multi) is dict and type(single) is dict and multi.keys() == single.keys():
            mirrored = _group_mirrored_headers(multi, single)
        # the usual request (build_method_request's): the grouping prepare_request can reuse
        self.mirrored = mirrored
        self.index = mirrored if mirrored is not None else _group_headers(request)
        self._headers: list[tuple[str, list[str]]] | None = None  # made on first use
        self._query: list[tuple[str, list[str]]] | None = None
        self._body: bytes | _Unset | None = _UNSET

    @property
    def headers(self) -> list[tuple[str, list[str]]]:
        if self._headers is None:
            self._headers = list(self.index.values())
        return self._headers

    @property
    def query(self) -> list[tuple[str, list[str]]]:
        if self._query is None:
            self._query = _multi_map(
                self.request, "queryStringParameters", "multiValueQueryStringParameters"
            )
        return self._query


class _Unset:
    __slots__ = ()


_UNSET = _Unset()

_PINNED: contextvars.ContextVar[_View | None] = contextvars.ContextVar(
    "apigw_core_pinned_request", default=None
)


def pin(request: Request) -> contextvars.Token[_View | None]:
    """Parse ``request`` once and let the readers below reuse the result, in this context,
    until :func:`unpin`. Only for a request that is not mutated meanwhile."""
    return _PINNED.set(_View(request))


def unpin(token: contextvars.Token[_View | None]) -> None:
    """Undo :func:`pin` (or :func:`unpin_all`)."""
    _PINNED.reset(token)


def unpin_all() -> contextvars.Token[_View | None]:
    """Stop reusing any pinned request, until the returned token is passed to :func:`unpin`."""
    return _PINNED.set(None)


def _view(request: Request) -> _View | None:
    view = _PINNED.get()
    return view if view is not None and view.request is request else None


def headers_multi(request: Request) -> list[tuple[str, list[str]]]:
    """All request headers as ``(name, values)``; names differing only in case are merged
    under the first spelling seen. The result is shared: do not mutate it."""
    view = _view(request)
    return view.headers if view is not None else _headers_multi(request)


def mirrored_headers(request: Request) -> dict[str, tuple[str, list[str]]] | None:
    """The pinned request's headers by lower-case name, ``(name, [value])``, when its
    ``headers`` and ``multiValueHeaders`` agree on every name and value (what
    :func:`apigw_core.mapping.prepare_request` can reuse); else ``None``."""
    view = _view(request)
    return view.mirrored if view is not None else None


def pinned_headers(
    request: Request,
) -> tuple[dict[str, tuple[str, list[str]]], dict[str, tuple[str, list[str]]] | None]:
    """:func:`header_index` and :func:`mirrored_headers` in one call."""
    view = _view(request)
    return (view.index, view.mirrored) if view is not None else (_group_headers(request), None)


def header_index(request: Request) -> dict[str, tuple[str, list[str]]]:
    """The request's headers by lower-case name, ``(first spelling seen, values)``. The
    result is shared: do not mutate it."""
    view = _view(request)
    return view.index if view is not None else _group_headers(request)


def header_values(request: Request, name: str) -> list[str]:
    """Every value of header ``name`` (case-insensitive), in arrival order."""
    view = _view(request)
    entry = (view.index if view is not None else _group_headers(request)).get(name.lower())
    return entry[1] if entry is not None else []


def header_value(request: Request, name: str) -> str | None:
    """The single value of header ``name``: the last one when repeated (EV-2, HDR-8)."""
    view = _PINNED.get()  # header_values inlined: this is the most frequent reader
    index = view.index if view is not None and view.request is request else _group_headers(request)
    entry = index.get(name.lower())
    return entry[1][-1] if entry is not None and entry[1] else None


def query_multi(request: Request) -> list[tuple[str, list[str]]]:
    """All query string parameters as ``(name, values)`` (already decoded)."""
    view = _view(request)
    if view is not None:
        return view.query
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
    view = _view(request)
    if view is None:
        return _body_bytes(request)
    if isinstance(view._body, _Unset):
        view._body = _body_bytes(request)
    return view._body


def _body_bytes(request: Request) -> bytes | None:
    body = request.get("body")
    if body is None:
        return None
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if not isinstance(body, str):
        raise InvalidRequestError(
            f"request body must be str, bytes or None; got {type(body).__name__}"
        )
    if request.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidRequestError(
                "request body is marked isBase64Encoded but is not valid base64"
            ) from exc
    return body.encode("utf-8", "surrogateescape")


# --- building a method request from raw HTTP --------------------------------------------

_GREEDY = re.compile(r"^\{([^{}+]+)\+\}$")
_PARAM = re.compile(r"^\{([^{}+]+)\}$")


def parse_query_string(
    query: str | None,
) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """``(queryStringParameters, multiValueQueryStringParameters)`` of a raw query string.

    Values are form-decoded: ``+`` is a space and ``%2B`` a ``+`` (EV-3). A repeated name
    keeps its **last** value in the single-value map and all values, in order, in the
    multi-value one (EV-2). A ``#fragment`` is dropped (EV-3). No query gives
    ``(None, None)``, never empty maps (EV-1).
    """
    if query is None:
        return None, None
    query = query.split("#", 1)[0]
    multi: dict[str, list[str]] = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        multi.setdefault(name, []).append(value)
    if not multi:
        return None, None
    return {name: values[-1] for name, values in multi.items()}, multi


def split_stage_path(raw_path: str, stage: str | None) -> tuple[str, str]:
    """``(stage_path, path)`` of a raw request path (EV-4, EV-5).

    ``stage_path`` is ``requestContext.path``: the stage included, slashes before the stage
    collapsed, ``//`` after it kept. ``path`` excludes the stage and collapses a ``//``
    right after it; ``//`` further in and a trailing slash are kept.
    ``"/prod//a/b/"`` with stage ``prod`` gives ``("/prod//a/b/", "/a/b/")``.
    """
    raw_path = raw_path.split("#", 1)[0].split("?", 1)[0]
    stage_path = "/" + raw_path.lstrip("/")
    if not stage:
        return stage_path, stage_path
    prefix = "/" + stage
    if stage_path == prefix:
        return stage_path, "/"
    if not stage_path.startswith(prefix + "/"):
        raise ConfigurationError(f"path {raw_path!r} is not under stage {stage!r}")
    return stage_path, "/" + stage_path[len(prefix) :].lstrip("/")


def match_resource(resource: str, path: str) -> dict[str, str] | None:
    """The path parameters of ``path`` on resource template ``resource``, or ``None`` if the
    path does not fit.

    ``{name}`` takes one non-empty segment; a final greedy ``{name+}`` takes the rest,
    ``//`` kept and one trailing slash stripped (EV-5). Values keep their percent-escapes
    (EV-3). A trailing slash on the path is ignored for matching.
    """
    parts = [p for p in resource.strip("/").split("/") if p] if resource.strip("/") else []
    rest = path[1:] if path.startswith("/") else path
    params: dict[str, str] = {}
    for index, part in enumerate(parts):
        greedy = _GREEDY.match(part)
        if greedy is not None:
            if index != len(parts) - 1:
                raise ConfigurationError(f"greedy path parameter must be last in {resource!r}")
            value = rest[:-1] if rest.endswith("/") else rest
            if not value:
                return None
            params[greedy.group(1)] = value
            return params
        segment, _, rest = rest.partition("/")
        single = _PARAM.match(part)
        if single is not None:
            if not segment:
                return None
            params[single.group(1)] = segment
        elif segment != part:
            return None
    return params if rest == "" else None


def build_method_request(
    http_method: str,
    raw_path: str,
    *,
    headers: Mapping[str, str | list[str]] | list[tuple[str, str]] | None = None,
    body: bytes | str | None = None,
    stage: str | None = None,
    resource: str | None = None,
    stage_variables: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The method request, in proxy event 1.0 shape, for a raw HTTP request.

    ``raw_path`` is the request target as sent (``/prod/pets/7?x=1``), the stage included
    when ``stage`` is given. ``resource`` is the matched resource template; its path
    parameters are extracted (:func:`match_resource`). Query decoding follows
    :func:`parse_query_string`, paths :func:`split_stage_path`. A body that is not UTF-8 is
    stored base64-encoded with ``isBase64Encoded`` true.
    """
    target = raw_path.split("#", 1)[0]
    path_part, _, query = target.partition("?")
    stage_path, path = split_stage_path(path_part, stage)
    single_query, multi_query = parse_query_string(query if "?" in target else None)

    multi_headers: dict[str, list[str]] = {}
    pairs: list[tuple[str, str]] = []
    if isinstance(headers, Mapping):
        for name, value in headers.items():
            pairs.extend((name, v) for v in (value if isinstance(value, list) else [value]))
    elif headers is not None:
        pairs = list(headers)
    first_spelling: dict[str, str] = {}  # one lookup per header, not a scan: linear time
    for name, value in pairs:
        existing = first_spelling.setdefault(name.lower(), name)
        multi_headers.setdefault(existing, []).append(value)

    path_parameters = match_resource(resource, path) if resource is not None else None
    body_text: str | None
    encoded = False
    if isinstance(body, bytes):
        try:
            body_text = body.decode("utf-8")
        except UnicodeDecodeError:
            body_text, encoded = base64.b64encode(body).decode("ascii"), True
    else:
        body_text = body
    return {
        "resource": resource,
        "path": path,
        "httpMethod": http_method.upper(),
        "headers": {k: v[-1] for k, v in multi_headers.items()} or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": single_query,
        "multiValueQueryStringParameters": multi_query,
        "requestContext": {
            key: value
            for key, value in (
                ("path", stage_path if stage else None),
                ("resourcePath", resource),
                ("httpMethod", http_method.upper()),
                ("stage", stage),
            )
            if value is not None
        },
        "pathParameters": path_parameters or None,
        "stageVariables": dict(stage_variables) if stage_variables else None,
        "body": body_text,
        "isBase64Encoded": encoded,
    }
