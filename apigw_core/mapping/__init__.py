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

from collections.abc import Mapping
from typing import Any

from apigw_core.mapping.json_values import JsonArray, JsonObject, parse_json
from apigw_core.mapping.variables import (
    CONTEXT_KEYS,
    HIDDEN_HEADERS,
    IDENTITY_KEYS,
    UTIL,
    InputVariable,
    SilentMap,
    merge,
)
from apigw_core.vtl import compile as compile_template

__all__ = [
    "JsonArray",
    "JsonObject",
    "MappingResult",
    "build_context",
    "method_request_params",
    "parse_json",
    "render_mapping_template",
]

_DEFAULT_REQUEST_ID = "00000000-0000-0000-0000-000000000000"


class MappingResult(dict[str, Any]):
    """``render_mapping_template``'s result: a dict that displays itself in a notebook."""

    def _repr_markdown_(self) -> str:
        overrides = {k: self[k] for k in ("requestOverride", "responseOverride")}
        return f"```\n{self['body']}\n```\n\noverrides: `{overrides}`"


def _single_and_multi(
    single: Mapping[str, Any] | None, multi: Mapping[str, Any] | None
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Reconcile the single- and multi-value forms: the single value is the last one."""
    values: dict[str, list[str]] = {}
    for key, items in (multi or {}).items():
        values[key] = [str(v) for v in (items or [])]
    for key, value in (single or {}).items():
        if value is not None and key not in values:
            values[key] = [str(value)]
    last = {key: items[-1] for key, items in values.items() if items}
    for key, value in (single or {}).items():
        if value is not None:
            last[key] = str(value)
    return last, values


def method_request_params(request: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``$input.params()``: path, header and querystring maps (MT §3.3; IN-6 hides some headers)."""
    headers, _ = _single_and_multi(request.get("headers"), request.get("multiValueHeaders"))
    query, _ = _single_and_multi(
        request.get("queryStringParameters"), request.get("multiValueQueryStringParameters")
    )
    path = {k: str(v) for k, v in (request.get("pathParameters") or {}).items() if v is not None}
    visible = {k: v for k, v in headers.items() if k.lower() not in HIDDEN_HEADERS}
    # plain dicts: they print as Java maps and take the engine's inline Map fast paths
    return {"path": path, "header": visible, "querystring": query}


def _header(request: Mapping[str, Any], name: str) -> str | None:
    for key, value in (request.get("headers") or {}).items():
        if key.lower() == name.lower():
            return str(value)
    for key, values in (request.get("multiValueHeaders") or {}).items():
        if key.lower() == name.lower() and values:
            return str(values[-1])
    return None


def _request_time(epoch_ms: int) -> str:
    import datetime

    moment = datetime.datetime.fromtimestamp(epoch_ms / 1000, tz=datetime.UTC)
    return moment.strftime("%d/%b/%Y:%H:%M:%S +0000")


def build_context(
    request: Mapping[str, Any], extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``$context`` for a method request, in the key order real API Gateway shows (CTX-1).

    Values come from the request's ``requestContext`` where it has them, are derived from the
    request where API Gateway derives them, and are otherwise deterministic defaults. The core
    reads no clock: ``requestTimeEpoch`` defaults to 0 unless ``extra`` or the request sets it.
    ``extra`` is deep-merged last, so callers can set or add anything.
    """
    given: Mapping[str, Any] = request.get("requestContext") or {}
    stage = str(given.get("stage") or "test")
    resource = str(
        request.get("resource") or given.get("resourcePath") or request.get("path") or "/"
    )
    concrete = str(request.get("path") or "/")
    epoch = int(given.get("requestTimeEpoch") or 0)
    api_id = str(given.get("apiId") or "a1b2c3d4e5")
    host = _header(request, "Host")
    domain = str(given.get("domainName") or host or f"{api_id}.execute-api.us-east-1.amazonaws.com")
    identity_given: Mapping[str, Any] = given.get("identity") or {}
    identity = SilentMap((key, identity_given.get(key)) for key in IDENTITY_KEYS)
    identity["sourceIp"] = identity_given.get("sourceIp") or "127.0.0.1"
    identity["userAgent"] = identity_given.get("userAgent") or _header(request, "User-Agent")
    values: dict[str, Any] = {
        "resourceId": given.get("resourceId") or "abc123",
        "resourcePath": resource,
        "httpMethod": str(request.get("httpMethod") or given.get("httpMethod") or "GET"),
        "extendedRequestId": given.get("extendedRequestId") or "AAAAAAAAAAAAAAA=",
        "requestTime": given.get("requestTime") or _request_time(epoch),
        "path": given.get("path") or f"/{stage}{concrete}",  # CTX-4
        "accountId": given.get("accountId") or "123456789012",
        "protocol": given.get("protocol") or "HTTP/1.1",
        "requestOverride": SilentMap(path={}, header={}, querystring={}),  # OV-1
        "stage": stage,
        "domainPrefix": given.get("domainPrefix") or domain.split(".")[0],
        "requestTimeEpoch": epoch,
        "requestId": given.get("requestId") or _DEFAULT_REQUEST_ID,
        "identity": identity,
        "domainName": domain,
        "deploymentId": given.get("deploymentId") or "abcdef",
        "responseOverride": SilentMap(header={}),
        "apiId": api_id,
    }
    context = {key: values[key] for key in CONTEXT_KEYS}
    for key, value in given.items():  # authorizer and anything else the caller knows
        if key not in context:
            context[key] = value
    if extra:
        merge(context, extra)
    for key in ("requestOverride", "responseOverride", "identity"):
        if isinstance(context.get(key), dict) and not isinstance(context[key], SilentMap):
            context[key] = SilentMap(context[key])
    return context


def render_mapping_template(
    template: str,
    request: Mapping[str, Any] | None = None,
    *,
    body: str | None = None,
    stage_variables: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    dialect: str = "apigateway",
) -> MappingResult:
    """Render a mapping template against a method request (proxy-event-1.0 shaped dict).

    ``body`` is what ``$input`` sees (the integration response's body for a response
    template); it defaults to the request's body. ``$input.params()`` and ``$context`` always
    describe the method request. ``context`` is merged into ``$context``: pass a previous
    result's ``"context"`` to read request-template overrides from a response template (OV-3).
    """
    request = request or {}
    payload = body if body is not None else request.get("body")
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else (payload or "")
    stage = stage_variables if stage_variables is not None else request.get("stageVariables")
    ctx = build_context(request, context)
    variables = {
        "input": InputVariable(text, method_request_params(request)),
        "util": UTIL,
        "context": ctx,
        "stageVariables": dict(stage or {}),
    }
    rendered = compile_template(template, dialect=dialect).render(variables)
    return MappingResult(
        body=rendered,
        requestOverride=ctx.get("requestOverride"),
        responseOverride=ctx.get("responseOverride"),
        context=ctx,
    )
