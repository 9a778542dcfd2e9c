"""Mapping templates rendered as API Gateway renders them: ``$input``, ``$util``, ``$context``,
``$stageVariables`` and the request/response overrides.

>>> import apigw_core
>>> out = apigw_core.render_mapping_template(
...     '{"id": "$input.params(\\'id\\')", "name": "$input.path(\\'$.name\\')"}',
...     {"httpMethod": "POST", "path": "/pets/7", "resource": "/pets/{id}",
...      "pathParameters": {"id": "7"}, "body": '{"name": "Rex"}'})
>>> out["body"]
'{"id": "7", "name": "Rex"}'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from apigw_core.errors import TemplateError
from apigw_core.mapping.context import (
    CONTEXT_KEYS,
    CONTEXT_VARIABLES,
    IDENTITY_KEYS,
    ContextVariable,
    InvalidRequestError,
    build_context,
    context_base,
    instantiate_context,
)
from apigw_core.mapping.display import TemplateErrorView, explain_error, result_html
from apigw_core.mapping.json_values import JsonArray, JsonObject, SilentMap, parse_json
from apigw_core.mapping.overrides import OverrideError, normalise_overrides
from apigw_core.mapping.variables import HIDDEN_HEADERS, UTIL, InputVariable
from apigw_core.vtl import compile as compile_template
from apigw_core.vtl.runtime import to_java_string

__all__ = [
    "CONTEXT_KEYS",
    "CONTEXT_VARIABLES",
    "IDENTITY_KEYS",
    "ContextVariable",
    "InvalidRequestError",
    "JsonArray",
    "JsonObject",
    "MappingResult",
    "OverrideError",
    "PreparedRequest",
    "SilentMap",
    "TemplateErrorView",
    "build_context",
    "explain_error",
    "method_request_params",
    "parse_json",
    "prepare_request",
    "render_mapping_template",
]


class MappingResult(dict[str, Any]):
    """``render_mapping_template``'s result: ``body``, ``requestOverride``,
    ``responseOverride`` and ``context``, as a dict that displays itself in a notebook.

    ``override_errors`` lists the overrides API Gateway would refuse with a 5XX (MT §7.3):
    an override set twice, a status outside 100-599, a list where a String is needed.
    """

    override_errors: list[str]

    def __init__(self, *args: Any, override_errors: list[str] | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.override_errors = override_errors or []

    def _repr_markdown_(self) -> str:
        overrides = {k: self[k] for k in ("requestOverride", "responseOverride")}
        text = f"```\n{self['body']}\n```\n\noverrides: `{json.dumps(overrides, default=str)}`"
        for problem in self.override_errors:
            text += f"\n\n**override error:** {problem}"
        return text

    def _repr_html_(self) -> str:
        return result_html(self)


# proxy event 1.0 fields that hold maps (or null)
_MAP_FIELDS = (
    "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
    "pathParameters", "stageVariables", "requestContext",
)  # fmt: skip


def check_request(request: Any) -> Mapping[str, Any]:
    """The method request, if it has the Lambda proxy event 1.0 shape where this module
    reads it; else :class:`InvalidRequestError` (never an arbitrary exception)."""
    if request is None:
        return {}
    if type(request) is not dict and not isinstance(request, Mapping):  # the ABC test is slow
        raise InvalidRequestError(
            f"the request must be a dict in the Lambda proxy event 1.0 shape, not "
            f"{type(request).__name__}"
        )
    for field in _MAP_FIELDS:
        value = request.get(field)
        if value is not None and type(value) is not dict and not isinstance(value, Mapping):
            raise InvalidRequestError(f"{field} must be a map or null, not {type(value).__name__}")
    return request


def _text(value: Any, field: str) -> str:
    """A parameter value: text. Numbers and booleans are taken as Java prints them (a
    convenience); a list or a map in a single-value field is not a proxy event."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return to_java_string(value)
    raise InvalidRequestError(f"{field} values must be strings, not {type(value).__name__}")


def _strings(values: Mapping[str, Any] | None, field: str) -> dict[str, str]:
    if not values:
        return {}
    return {
        str(k): v if type(v) is str else _text(v, field) for k, v in values.items() if v is not None
    }


def _single_and_multi(request: Mapping[str, Any], field: str, multi_field: str) -> dict[str, str]:
    """Reconcile the single- and multi-value forms: the single value wins, else the last of
    the multi values (EV-2, HDR-8)."""
    single, multi = request.get(field), request.get(multi_field)
    if not multi:
        return _strings(single, field)
    last: dict[str, str] = {}
    for key, items in multi.items():
        if type(items) is list and len(items) == 1 and type(items[0]) is str:
            last[key if type(key) is str else str(key)] = items[0]  # the usual entry
        elif isinstance(items, list | tuple):
            present = [v for v in items if v is not None]
            if present:
                last[str(key)] = _text(present[-1], multi_field)
        elif items is not None:
            last[str(key)] = _text(items, multi_field)
    last.update(_strings(single, field))
    return last


def method_request_params(
    request: Mapping[str, Any],
    grouped_headers: Mapping[str, tuple[str, list[str]]] | None = None,
) -> dict[str, dict[str, str]]:
    """``$input.params()``: path, header and querystring maps (MT §3.3; IN-6 hides some
    headers). ``grouped_headers`` as for :func:`prepare_request`."""
    if grouped_headers is not None:
        # lower-case names are at hand: IN-6's hidden headers drop out without lower()
        headers = {
            name: values[0]
            for key, (name, values) in grouped_headers.items()
            if key not in HIDDEN_HEADERS
        }
    else:
        headers = _single_and_multi(request, "headers", "multiValueHeaders")
        for name in [h for h in headers if h.lower() in HIDDEN_HEADERS]:
            del headers[name]
    query = _single_and_multi(request, "queryStringParameters", "multiValueQueryStringParameters")
    # plain dicts: they print as Java maps and take the engine's inline Map fast paths
    return {
        "path": _strings(request.get("pathParameters"), "pathParameters"),
        "header": headers,
        "querystring": query,
    }


_OVERRIDE_KEYS = frozenset(("requestOverride", "responseOverride"))


def _plain_request_context(given: Any) -> bool:
    """Whether merging override-only ``context=`` values into this ``requestContext`` gives
    the same ``$context`` as reading it unmerged: true when it holds no override keys and
    no maps that :func:`build_context` would copy (``authorizer`` is rebuilt anyway)."""
    if not given:
        return True
    if not isinstance(given, Mapping):
        return False
    for key, value in given.items():
        if key in _OVERRIDE_KEYS:
            return False
        if (
            isinstance(value, Mapping)
            and key != "authorizer"
            and (key != "identity" or any(isinstance(v, Mapping) for v in value.values()))
        ):
            return False
    return True


class PreparedRequest:
    """A method request read once for several :func:`render_mapping_template` calls.

    Pass it as the ``request`` of each call (a request template, then the response
    template): ``$context`` and ``$input.params()`` are derived from the request once and
    every render still gets its own copies, so a result is the same as with the plain
    request. Build it with :func:`prepare_request`; the request must not change while it is
    in use.
    """

    __slots__ = ("_base", "_grouped", "_is_plain", "_params", "request")

    def __init__(
        self,
        request: Mapping[str, Any] | None,
        grouped_headers: Mapping[str, tuple[str, list[str]]] | None = None,
    ) -> None:
        self.request: Mapping[str, Any] = check_request(request)
        self._params: dict[str, dict[str, str]] | None = None
        self._base: dict[str, Any] | None = None
        self._is_plain: bool | None = None
        self._grouped = grouped_headers

    def _plain(self) -> bool:
        if self._is_plain is None:
            self._is_plain = _plain_request_context(self.request.get("requestContext"))
        return self._is_plain

    def params(self) -> dict[str, dict[str, str]]:
        """A fresh copy of :func:`method_request_params` for this request."""
        params = self._params
        if params is None:
            params = self._params = method_request_params(self.request, self._grouped)
        return {
            "path": dict(params["path"]),
            "header": dict(params["header"]),
            "querystring": dict(params["querystring"]),
        }

    def context(self, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """A fresh ``$context``, equal to ``build_context(request, extra)``."""
        request = self.request
        given = request.get("requestContext")
        if not extra:
            carried_request = carried_response = None
            if given:
                carried_request = given.get("requestOverride")
                carried_response = given.get("responseOverride")
        elif extra.keys() <= _OVERRIDE_KEYS and self._plain():
            # what build_context's merge would carry: copies of the caller's maps
            carried_request = extra.get("requestOverride")
            carried_response = extra.get("responseOverride")
        else:
            return build_context(request, extra)
        base = self._base
        if base is None:
            base = self._base = context_base(request, given or {}, self._grouped)
        return instantiate_context(
            base, carried_request, carried_response, copy=True, copy_carried=bool(extra)
        )


def prepare_request(
    request: Mapping[str, Any] | None,
    grouped_headers: Mapping[str, tuple[str, list[str]]] | None = None,
) -> PreparedRequest:
    """Read a method request once for several renders (see :class:`PreparedRequest`).

    ``grouped_headers``, for a caller that has read the headers already (``invoke_method``):
    lower-case name to ``(name, [value])``, one entry per header, where the request's
    ``headers`` and ``multiValueHeaders`` agree on every name and value."""
    return PreparedRequest(request, grouped_headers)


def _payload(value: Any) -> str:
    """The text ``$input`` reads: bytes as UTF-8 with U+FFFD for bad bytes (BIN-2); a dict or
    list given instead of JSON text is serialised (a convenience: proxy events hold text)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    raise InvalidRequestError(f"the body must be a str, bytes or None, not {type(value).__name__}")


def render_mapping_template(
    template: str,
    request: Mapping[str, Any] | PreparedRequest | None = None,
    *,
    body: str | bytes | None = None,
    stage_variables: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    dialect: str = "apigateway",
    strict_overrides: bool = False,
) -> MappingResult:
    """Render a mapping template against a method request (proxy-event-1.0 shaped dict).

    ``body`` is what ``$input`` sees (the integration response's body for a response
    template); it defaults to the request's body. ``$input.params()`` and ``$context`` always
    describe the method request. ``context`` is merged into ``$context``: pass a previous
    result's ``"context"`` to read request-template overrides from a response template (OV-3).
    ``request`` may be a :class:`PreparedRequest` (:func:`prepare_request`), so that several
    templates rendered on one method request derive ``$context`` and ``$input.params()`` once.

    The result's ``requestOverride`` and ``responseOverride`` follow API Gateway's rules
    (:func:`apigw_core.mapping.overrides.normalise_overrides`); what it would refuse is listed
    in ``result.override_errors``, or raised as :class:`OverrideError` with
    ``strict_overrides=True``. A template error (:class:`apigw_core.TemplateError`) carries a
    note with the template around the failing line; :func:`explain_error` displays it in a
    notebook.
    """
    rendered, ctx, request_override, response_override, problems = render_parts(
        template, request, body, stage_variables, context, dialect
    )
    if problems and strict_overrides:
        raise OverrideError(problems[0])
    return MappingResult(
        body=rendered,
        requestOverride=request_override,
        responseOverride=response_override,
        context=ctx,
        override_errors=problems,
    )


def render_parts(
    template: str,
    request: Mapping[str, Any] | PreparedRequest | None,
    body: str | bytes | None,
    stage_variables: Mapping[str, Any] | None,
    context: Mapping[str, Any] | None,
    dialect: str = "apigateway",
) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], list[str]]:
    """:func:`render_mapping_template`'s result as a tuple: ``(body, context,
    requestOverride, responseOverride, override_errors)``, for callers that need no
    :class:`MappingResult` (``invoke_method``)."""
    if isinstance(request, PreparedRequest):
        prepared: PreparedRequest | None = request
        request = request.request
    else:
        prepared = None
        request = check_request(request)
    text = _payload(body if body is not None else request.get("body"))
    stage = stage_variables if stage_variables is not None else request.get("stageVariables")
    if prepared is None:
        ctx = build_context(request, context)
        params = method_request_params(request)
    else:
        ctx = prepared.context(context)
        params = prepared.params()
    variables = {
        "input": InputVariable(text, params),
        "util": UTIL,
        "context": ctx,
        "stageVariables": dict(stage) if stage else {},
    }
    try:
        rendered = compile_template(template, dialect=dialect).render(variables)
    except TemplateError as error:
        explain_error(error, template).attach()
        raise
    request_override, response_override, problems = normalise_overrides(
        ctx.get("requestOverride"), ctx.get("responseOverride")
    )
    return rendered, ctx, request_override, response_override, problems
