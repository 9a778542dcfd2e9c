"""Gateway responses: the errors API Gateway generates itself (VPB part D, PAR C.14).

Every pipeline step reports a gateway outcome as a :class:`GatewayError` value. This module
turns it into the response the client gets: the effective configuration of its type
(:func:`resolve_gateway_response`), the header mappings and the body template, rendered by
simple variable substitution, not VTL (VPB D.1, D.4, D.5).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import request as _request
from apigw_core.pipeline._shapes import check_request, config_map, optional_map
from apigw_core.pipeline.enums import GatewayResponseType
from apigw_core.pipeline.media import first_accept_media_type, select_template_key

__all__ = [
    "BUILTIN_TEMPLATE",
    "GATEWAY_RESPONSE_TYPES",
    "GatewayError",
    "GatewayResponse",
    "GatewayResponseTypeInfo",
    "gateway_error",
    "get_gateway_responses",
    "missing_authentication_token",
    "put_gateway_response",
    "render_gateway_response",
    "resolve_gateway_response",
    "substitute_variables",
]

T = GatewayResponseType

#: The body template of every built-in gateway response (GR-1, recorded on AWS).
BUILTIN_TEMPLATE = '{"message":$context.error.messageString}'


@dataclass(frozen=True)
class GatewayResponseTypeInfo:
    """One row of :data:`GATEWAY_RESPONSE_TYPES`."""

    status_code: int | None
    """Default status (Table D-1, GR-1); ``None`` for DEFAULT_4XX/DEFAULT_5XX."""
    fallback: GatewayResponseType | None
    """The type it inherits from when not customised itself (Table D-1, GR-3)."""
    message: str | None
    """Default ``$context.error.message``."""
    error_type: str | None
    """The ``x-amzn-ErrorType`` header sent with it."""
    evidence: str
    """Where the message and error type come from."""


_4 = T.DEFAULT_4XX
_5 = T.DEFAULT_5XX

#: The 21 types as data: status, fallback, default message and ``x-amzn-ErrorType``.
#: Statuses and fallbacks: Table D-1 and GR-1 (recorded). Messages marked EXT are widely
#: known AWS strings that no recording in our spec shows (PAR OQ-C5, OQ-D3).
GATEWAY_RESPONSE_TYPES: Mapping[GatewayResponseType, GatewayResponseTypeInfo] = {
    T.ACCESS_DENIED: GatewayResponseTypeInfo(
        403, _4, "User is not authorized to access this resource with an explicit deny",
        "AccessDeniedException", "EXT (PAR OQ-C5)"),
    T.API_CONFIGURATION_ERROR: GatewayResponseTypeInfo(
        500, _5, "Internal server error", "InternalServerErrorException",
        "recorded (GR-5, ls-gwresp-illegal-header-mapping-*)"),
    T.AUTHORIZER_CONFIGURATION_ERROR: GatewayResponseTypeInfo(
        500, _5, None, "AuthorizerConfigurationException", "EXT (PAR OQ-C5: {\"message\": null})"),
    T.AUTHORIZER_FAILURE: GatewayResponseTypeInfo(
        500, _5, None, "AuthorizerFailureException", "EXT (PAR OQ-C5, blog log)"),
    T.BAD_REQUEST_PARAMETERS: GatewayResponseTypeInfo(
        400, _4, "Missing required request parameters: []", "BadRequestException",
        "recorded message shape (VAL-2); error type EXT"),
    T.BAD_REQUEST_BODY: GatewayResponseTypeInfo(
        400, _4, "Invalid request body", "BadRequestException",
        "recorded message (VAL-4); error type EXT"),
    T.DEFAULT_4XX: GatewayResponseTypeInfo(None, None, None, None, "Table D-1"),
    T.DEFAULT_5XX: GatewayResponseTypeInfo(
        None, None, "Internal server error", "InternalServerErrorException",
        "recorded 502 body (PR-1); error type EXT (PAR OQ-A4)"),
    T.EXPIRED_TOKEN: GatewayResponseTypeInfo(
        403, _4, "The security token included in the request is expired",
        "ExpiredTokenException", "EXT"),
    T.INTEGRATION_FAILURE: GatewayResponseTypeInfo(
        504, _5, "Internal server error", "InternalServerErrorException", "EXT"),
    T.INTEGRATION_TIMEOUT: GatewayResponseTypeInfo(
        504, _5, "Endpoint request timed out", "InternalServerErrorException", "EXT"),
    T.INVALID_API_KEY: GatewayResponseTypeInfo(
        403, _4, "Forbidden", "ForbiddenException", "EXT (PAR OQ-D3)"),
    T.INVALID_SIGNATURE: GatewayResponseTypeInfo(
        403, _4, "The request signature we calculated does not match the signature you provided",
        "InvalidSignatureException", "EXT"),
    T.MISSING_AUTHENTICATION_TOKEN: GatewayResponseTypeInfo(
        403, _4, "Missing Authentication Token", "MissingAuthenticationTokenException",
        "recorded (GR-5, ls-gwresp-routing-*)"),
    T.QUOTA_EXCEEDED: GatewayResponseTypeInfo(
        429, _4, "Limit Exceeded", "LimitExceededException", "EXT (PAR OQ-D3)"),
    T.REQUEST_TOO_LARGE: GatewayResponseTypeInfo(
        413, _4, "Request Too Long", "RequestTooLongException", "EXT"),
    T.RESOURCE_NOT_FOUND: GatewayResponseTypeInfo(
        404, _4, "Not Found", "NotFoundException", "EXT"),
    T.THROTTLED: GatewayResponseTypeInfo(
        429, _4, "Too Many Requests", "TooManyRequestsException", "EXT (PAR OQ-D3)"),
    # VPB OQ-22: Table D-1 names no fallback for UNAUTHORIZED; DEFAULT_4XX as for every 4xx.
    T.UNAUTHORIZED: GatewayResponseTypeInfo(
        401, _4, "Unauthorized", "UnauthorizedException", "EXT (PAR OQ-C5)"),
    T.UNSUPPORTED_MEDIA_TYPE: GatewayResponseTypeInfo(
        415, _4, "Unsupported Media Type", "BadRequestException",
        "EXT; error type as LocalStack's AWS-checked handler has it"),
    T.WAF_FILTERED: GatewayResponseTypeInfo(
        403, _4, "Forbidden", "WAFFilteredException", "EXT"),
}  # fmt: skip


@dataclass(frozen=True)
class GatewayError:
    """A gateway outcome reported by a pipeline step: data, never raised.

    ``status_code`` is set only for errors whose status is not their type's default (the
    502 of a malformed Lambda proxy result is a ``DEFAULT_5XX`` with status 502).
    ``log`` holds the execution-log lines explaining the failure.
    """

    response_type: GatewayResponseType
    message: str | None
    status_code: int | None = None
    validation_error_string: str | None = None
    log: tuple[str, ...] = field(default=())

    @property
    def default_status_code(self) -> int:
        """The status before any customisation: ``status_code`` or the type's default."""
        if self.status_code is not None:
            return self.status_code
        status = GATEWAY_RESPONSE_TYPES[self.response_type].status_code
        if status is None:
            return 400 if self.response_type is T.DEFAULT_4XX else 500
        return status


_UNSET: Any = object()


def gateway_error(
    response_type: GatewayResponseType | str,
    message: str | None = _UNSET,
    *,
    status_code: int | None = None,
    validation_error_string: str | None = None,
    log: tuple[str, ...] = (),
) -> GatewayError:
    """Build a :class:`GatewayError`; ``message`` defaults to the type's default message."""
    kind = _parse_type(response_type)
    if message is _UNSET:
        message = GATEWAY_RESPONSE_TYPES[kind].message
    return GatewayError(kind, message, status_code, validation_error_string, tuple(log))


def missing_authentication_token() -> GatewayError:
    """The error for an unknown resource or a method not defined on it.

    Always 403 ``{"message":"Missing Authentication Token"}``, never 404 or 405 (GR-5,
    VPB D.7, recorded as ls-gwresp-routing-not-found / -wrong-method).
    """
    return gateway_error(T.MISSING_AUTHENTICATION_TOKEN)


@dataclass(frozen=True)
class GatewayResponse:
    """The response a client receives for a :class:`GatewayError`."""

    status_code: int
    headers: Mapping[str, str]
    body: str
    response_type: GatewayResponseType

    def as_dict(self) -> dict[str, Any]:
        """The final response in the shape ``invoke_method`` returns."""
        return {
            "statusCode": self.status_code,
            "headers": dict(self.headers),
            "multiValueHeaders": {k: [v] for k, v in self.headers.items()},
            "body": self.body,
            "isBase64Encoded": False,
        }


# --- configuration -----------------------------------------------------------------------


def _parse_type(value: object) -> GatewayResponseType:
    if isinstance(value, str):
        try:
            return GatewayResponseType(value.upper())
        except ValueError:
            pass
    raise ConfigurationError(f"unknown gateway response type {value!r}")


def _parse_status(value: object, where: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ConfigurationError(f"{where}: statusCode must be a number; got {value!r}")
    try:
        status = int(str(value))
    except ValueError:
        raise ConfigurationError(f"{where}: statusCode must be a number; got {value!r}") from None
    if not 100 <= status <= 599:
        raise ConfigurationError(f"{where}: statusCode {status} is not an HTTP status")
    return status


def _builtin(kind: GatewayResponseType) -> dict[str, Any]:
    status = GATEWAY_RESPONSE_TYPES[kind].status_code
    return {
        "responseType": kind.value,
        "statusCode": None if status is None else str(status),
        "responseParameters": {},
        "responseTemplates": {"application/json": BUILTIN_TEMPLATE},
        "defaultResponse": True,
    }


def put_gateway_response(put: Mapping[str, Any]) -> dict[str, Any]:
    """The entry stored by ``PutGatewayResponse``: the put replaces the whole entry, and
    fields left out revert to the type's built-in values, status included (GR-2).

    ``put`` has the request's keys (``responseType``, ``statusCode``,
    ``responseParameters``, ``responseTemplates``). The result is the GetGatewayResponse
    shape with ``defaultResponse: False``.
    """
    kind = _parse_type(config_map(put, "the gateway response").get("responseType"))
    entry = _builtin(kind)
    status = _parse_status(put.get("statusCode"), f"gateway response {kind}")
    if status is not None:
        entry["statusCode"] = str(status)
    for name in ("responseParameters", "responseTemplates"):
        if put.get(name) is not None:
            entry[name] = _string_map(put[name], f"gateway response {kind}: {name}")
    entry["defaultResponse"] = False
    return entry


def _string_map(value: object, where: str) -> dict[str, str]:
    """A map of strings to strings (responseParameters, responseTemplates), copied."""
    if not isinstance(value, Mapping) or not all(
        type(k) is str and type(v) is str for k, v in value.items()
    ):
        raise ConfigurationError(f"{where} must be a map of strings to strings; got {value!r}")
    return dict(value)


def _customised(api: Mapping[str, Any] | None) -> dict[GatewayResponseType, dict[str, Any]]:
    """The entries of ``api["gatewayResponses"]`` that were put (``defaultResponse`` false
    or absent). Accepts a type-keyed map or a GetGatewayResponses ``items`` list."""
    raw = (optional_map(api, "api") or {}).get("gatewayResponses") or {}
    if isinstance(raw, Mapping) and not isinstance(raw.get("items"), list):
        pairs = list(raw.items())
    else:
        items = raw["items"] if isinstance(raw, Mapping) else raw
        if not isinstance(items, list):
            raise ConfigurationError("api['gatewayResponses'] must be a map of type to response")
        if not all(isinstance(e, Mapping) for e in items):
            raise ConfigurationError(
                "api['gatewayResponses'] items must be GetGatewayResponse objects"
            )
        pairs = [(e.get("responseType"), e) for e in items]
    result: dict[GatewayResponseType, dict[str, Any]] = {}
    for key, entry in pairs:
        kind = _parse_type(key)
        if not isinstance(entry, Mapping):
            raise ConfigurationError(f"gateway response {kind} must be an object")
        if entry.get("defaultResponse") is True:
            continue
        result[kind] = put_gateway_response({**entry, "responseType": kind.value})
    return result


def _effective(
    kind: GatewayResponseType,
    customised: Mapping[GatewayResponseType, Mapping[str, Any]],
    default_status: int | None,
) -> tuple[int | None, dict[str, Any], dict[str, Any], bool]:
    """(status, responseParameters, responseTemplates, defaultResponse) of a type."""
    info = GATEWAY_RESPONSE_TYPES[kind]
    if kind is T.REQUEST_TOO_LARGE:
        # VPB D.4: customising REQUEST_TOO_LARGE is not supported.
        return default_status, {}, {"application/json": BUILTIN_TEMPLATE}, True
    own = customised.get(kind)
    if own is not None:
        # GR-4: a type that was put does not merge; a missing status is the type's own.
        status = _parse_status(own.get("statusCode"), f"gateway response {kind}")
        return (
            default_status if status is None else status,
            dict(own["responseParameters"]),
            dict(own["responseTemplates"]),
            False,
        )
    fallback = info.fallback
    if fallback is None and default_status is not None and info.status_code is None:
        fallback = _4 if default_status < 500 else _5
    parent = customised.get(fallback) if fallback is not None else None
    if parent is not None:
        # GR-3, VPB D.3: an uncustomised type inherits DEFAULT_4XX/5XX, its status if set.
        status = _parse_status(parent.get("statusCode"), f"gateway response {fallback}")
        return (
            default_status if status is None else status,
            dict(parent["responseParameters"]),
            dict(parent["responseTemplates"]),
            True,
        )
    return default_status, {}, {"application/json": BUILTIN_TEMPLATE}, True


def resolve_gateway_response(
    response_type: GatewayResponseType | str, api: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The GetGatewayResponse view of one type for ``api`` (GR-1 to GR-4).

    A type that was not put shows the values it inherits from a customised DEFAULT_4XX or
    DEFAULT_5XX while still reporting ``defaultResponse: True`` (GR-3).
    """
    kind = _parse_type(response_type)
    status, params, templates, is_default = _effective(
        kind, _customised(api), GATEWAY_RESPONSE_TYPES[kind].status_code
    )
    return {
        "responseType": kind.value,
        "statusCode": None if status is None else str(status),
        "responseParameters": params,
        "responseTemplates": templates,
        "defaultResponse": is_default,
    }


def get_gateway_responses(api: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """All 21 types as :func:`resolve_gateway_response` shows them (GetGatewayResponses)."""
    return {kind.value: resolve_gateway_response(kind, api) for kind in GatewayResponseType}


# --- rendering ---------------------------------------------------------------------------

_VARIABLE = re.compile(
    r"\$!?(?:\{(?P<braced>(?:context|stageVariables)(?:\.[A-Za-z0-9_-]+)+)\}"
    r"|(?P<bare>(?:context|stageVariables)(?:\.[A-Za-z0-9_]+)+))"
)


def _lookup(variables: Mapping[str, Any], dotted: str) -> object:
    current: object = variables
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def _render_value(value: object) -> str:
    if value is None or isinstance(value, Mapping | list | tuple):
        # ENG-1: absent and null print "". CTX-3: nested maps print "" when interpolated.
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def substitute_variables(template: str, variables: Mapping[str, Any]) -> str:
    """Simple variable substitution of a gateway-response template (VPB D.4, PAR C.14).

    ``$context.a.b``, ``${context.a.b}``, ``$stageVariables.x`` and ``${stageVariables.x}``
    are replaced by their value from ``variables`` (keys ``context`` and
    ``stageVariables``); an unknown one by ``""``. Nothing else is interpreted: ``#set``,
    ``#if``, ``$input`` and quotes stay as written (VPB D.1: not VTL; OQ-27 resolved this way).
    """

    def replace(match: re.Match[str]) -> str:
        return _render_value(_lookup(variables, match.group("braced") or match.group("bare")))

    return _VARIABLE.sub(replace, template)


def _error_context(error: GatewayError) -> dict[str, Any]:
    message = error.message
    return {
        "message": message,
        # VPB D.5: messageString is the message wrapped in double quotes.
        "messageString": "null" if message is None else json.dumps(message, ensure_ascii=False),
        "responseType": error.response_type.value,
        "validationErrorString": error.validation_error_string,
    }


def _mapping_value(
    expression: object,
    request: Mapping[str, Any],
    context: Mapping[str, Any],
    stage_variables: Mapping[str, Any],
) -> str | None:
    """Evaluate a gateway-response parameter mapping expression (VPB D.4)."""
    if not isinstance(expression, str):
        raise ConfigurationError(
            f"gateway response parameter value must be a string: {expression!r}"
        )
    text = expression.strip()
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return text[1:-1]
    parts = text.split(".")
    if text.startswith("method.request.") and len(parts) >= 4:
        where, name = parts[2], ".".join(parts[3:])
        if where == "header":
            return _request.header_value(request, name)
        if where == "multivalueheader":
            values = _request.header_values(request, name)
            return ",".join(values) if values else None
        if where == "querystring":
            query = _request.query_values(request, name)
            return query[-1] if query else None
        if where == "multivaluequerystring":
            query = _request.query_values(request, name)
            return ",".join(query) if query else None
        if where == "path":
            return _request.path_parameter(request, name)
    if text.startswith("method.input.params.") and len(parts) >= 4:
        # VPB OQ-25: the OpenAPI example's form; looked up as $input.params(x) is (IN-5).
        name = ".".join(parts[3:])
        query = _request.query_values(request, name)
        for value in (
            _request.path_parameter(request, name),
            query[-1] if query else None,
            _request.header_value(request, name),
        ):
            if value is not None:
                return value
        return None
    if text.startswith("context.") and len(parts) >= 2:
        found = _lookup(context, ".".join(parts[1:]))
        return None if found is None else _render_value(found)
    if text.startswith("stageVariables.") and len(parts) == 2:
        found = stage_variables.get(parts[1])
        return None if found is None else _render_value(found)
    raise ConfigurationError(
        f"illegal gateway response parameter mapping expression {expression!r}"
    )


def render_gateway_response(
    error: GatewayError,
    api: Mapping[str, Any] | None = None,
    request: Mapping[str, Any] | None = None,
    *,
    context: Mapping[str, Any] | None = None,
    stage_variables: Mapping[str, Any] | None = None,
) -> GatewayResponse:
    """The response the client gets for ``error`` on ``api`` (VPB D.3 to D.6, GR-1 to GR-5).

    * Status and configuration: :func:`resolve_gateway_response` rules, starting from
      ``error.default_status_code``.
    * Headers: ``Content-Type`` (the selected template's key), ``x-amzn-ErrorType``
      (GR-5), then the ``gatewayresponse.header.*`` mappings; a mapping whose source is
      absent is omitted. Sources: ``'literal'``, ``method.request.{header, multivalueheader,
      querystring, multivaluequerystring, path}.X``, ``method.input.params.X``,
      ``context.X``, ``stageVariables.X``.
    * Body: the template chosen by the request's first ``Accept`` value as for response
      templates (VPB OQ-26 resolved by B.5), rendered by :func:`substitute_variables` with
      ``$context.error.*`` added to ``context``.

    ``request`` is the method request (proxy event 1.0 shape); its ``requestContext`` and
    ``stageVariables`` are used when ``context``/``stage_variables`` are not given.
    """
    request = check_request(request)
    ctx: dict[str, Any] = dict(request.get("requestContext") or {})
    ctx.update(optional_map(context, "context") or {})
    ctx["error"] = _error_context(error)
    given = optional_map(stage_variables, "stage_variables")
    stage_vars = dict(given if given is not None else request.get("stageVariables") or {})

    info = GATEWAY_RESPONSE_TYPES[error.response_type]
    status, params, templates, _ = _effective(
        error.response_type, _customised(api), error.default_status_code
    )
    if status is None:
        status = error.default_status_code

    key = select_template_key(
        templates, first_accept_media_type(_request.header_value(request, "Accept")), fallback=True
    )
    body = (
        ""
        if key is None
        else substitute_variables(
            str(templates[key]),
            {
                "context": ctx,
                "stageVariables": stage_vars,
            },
        )
    )

    headers: dict[str, str] = {"Content-Type": key or "application/json"}
    error_type = info.error_type or GATEWAY_RESPONSE_TYPES[_4 if status < 500 else _5].error_type
    if error_type is not None:
        headers["x-amzn-ErrorType"] = error_type
    prefix = "gatewayresponse.header."
    for target, expression in params.items():
        if not target.startswith(prefix):
            # VPB OQ-24: path/querystring positions have no meaning on a response.
            continue
        value = _mapping_value(expression, request, ctx, stage_vars)
        if value is None:
            continue
        name = target[len(prefix) :]
        for existing in [h for h in headers if h.lower() == name.lower()]:
            del headers[existing]
        headers[name] = value
    return GatewayResponse(status, headers, body, error.response_type)
