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
)
from apigw_core.mapping.display import TemplateErrorView, explain_error, result_html
from apigw_core.mapping.json_values import JsonArray, JsonObject, SilentMap, parse_json
from apigw_core.mapping.overrides import OverrideError, normalise_overrides
from apigw_core.mapping.variables import HIDDEN_HEADERS, UTIL, InputVariable
from apigw_core.vtl import compile as compile_template

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
    "SilentMap",
    "TemplateErrorView",
    "build_context",
    "explain_error",
    "method_request_params",
    "parse_json",
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


def _strings(values: Mapping[str, Any] | None) -> dict[str, str]:
    if not values:
        return {}
    return {str(k): v if type(v) is str else str(v) for k, v in values.items() if v is not None}


def _single_and_multi(
    single: Mapping[str, Any] | None, multi: Mapping[str, Any] | None
) -> dict[str, str]:
    """Reconcile the single- and multi-value forms: the single value wins, else the last of
    the multi values (EV-2, HDR-8)."""
    if not multi:
        return _strings(single)
    last: dict[str, str] = {}
    for key, items in multi.items():
        if isinstance(items, list | tuple):
            present = [v for v in items if v is not None]
            if present:
                last[str(key)] = str(present[-1])
        elif items is not None:
            last[str(key)] = str(items)
    last.update(_strings(single))
    return last


def method_request_params(request: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``$input.params()``: path, header and querystring maps (MT §3.3; IN-6 hides some headers)."""
    headers = _single_and_multi(request.get("headers"), request.get("multiValueHeaders"))
    query = _single_and_multi(
        request.get("queryStringParameters"), request.get("multiValueQueryStringParameters")
    )
    for name in [h for h in headers if h.lower() in HIDDEN_HEADERS]:
        del headers[name]
    # plain dicts: they print as Java maps and take the engine's inline Map fast paths
    return {
        "path": _strings(request.get("pathParameters")),
        "header": headers,
        "querystring": query,
    }


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
    request: Mapping[str, Any] | None = None,
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

    The result's ``requestOverride`` and ``responseOverride`` follow API Gateway's rules
    (:func:`apigw_core.mapping.overrides.normalise_overrides`); what it would refuse is listed
    in ``result.override_errors``, or raised as :class:`OverrideError` with
    ``strict_overrides=True``. A template error (:class:`apigw_core.TemplateError`) carries a
    note with the template around the failing line; :func:`explain_error` displays it in a
    notebook.
    """
    request = request or {}
    text = _payload(body if body is not None else request.get("body"))
    stage = stage_variables if stage_variables is not None else request.get("stageVariables")
    ctx = build_context(request, context)
    variables = {
        "input": InputVariable(text, method_request_params(request)),
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
    if problems and strict_overrides:
        raise OverrideError(problems[0])
    return MappingResult(
        body=rendered,
        requestOverride=request_override,
        responseOverride=response_override,
        context=ctx,
        override_errors=problems,
    )
