"""Proxy integrations: the Lambda proxy event 1.0 and the conversion of the function's
result (PAR part A, EV-1 to EV-7, PR-1 to PR-5), and HTTP_PROXY pass-through (VPB F.8,
HDR-3, HDR-4, HDR-6, SEL-4).
"""

from __future__ import annotations

import base64
import enum
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigw_core.errors import ConfigurationError

# $context.requestTime, as the proxy event's requestContext carries it (PAR A.2)
from apigw_core.mapping.context import request_time as format_request_time
from apigw_core.pipeline import _json
from apigw_core.pipeline import request as _request
from apigw_core.pipeline._shapes import check_request, config_map, optional_map
from apigw_core.pipeline.content import classify_accept, classify_payload, decode_base64
from apigw_core.pipeline.enums import GatewayResponseType, PayloadKind
from apigw_core.pipeline.gateway_responses import GatewayError
from apigw_core.pipeline.parameters import MAPPED_HEADERS_NEVER_SENT

__all__ = [
    "HTTP_PROXY_REQUEST_DROPPED_HEADERS",
    "HTTP_PROXY_RESPONSE_HEADERS",
    "LAMBDA_PROXY_REQUEST_DROPPED_HEADERS",
    "LAMBDA_PROXY_RESPONSE_HEADERS",
    "LAMBDA_PROXY_RESULT_KEYS",
    "HeaderAction",
    "ProxyResponse",
    "build_http_proxy_request",
    "build_lambda_proxy_event",
    "convert_http_proxy_response",
    "convert_lambda_proxy_result",
    "format_request_time",
]


class HeaderAction(enum.StrEnum):
    """What API Gateway does with a response header (VPB Table F-2 vocabulary)."""

    PASS = "PASS"
    DROP = "DROP"
    REMAP = "REMAP"
    """Renamed ``x-amzn-Remapped-<name>`` (HDR-2, HDR-3)."""


#: Client headers a Lambda proxy event never shows (HDR-4: the 12 headers of IN-6).
LAMBDA_PROXY_REQUEST_DROPPED_HEADERS: frozenset[str] = frozenset(
    {
        "connection", "content-length", "content-md5", "expect", "max-forwards",
        "proxy-authenticate", "server", "te", "transfer-encoding", "trailer", "upgrade",
        "www-authenticate",
    }
)  # fmt: skip

#: Client headers HTTP_PROXY does not forward (HDR-4: IN-6's 12, plus Content-Encoding and
#: Via; Content-Length is regenerated).
HTTP_PROXY_REQUEST_DROPPED_HEADERS: frozenset[str] = LAMBDA_PROXY_REQUEST_DROPPED_HEADERS | {
    "content-encoding",
    "via",
}

_R, _D = HeaderAction.REMAP, HeaderAction.DROP

#: Lambda proxy response headers that are not passed as is (VPB Table F-2 "lambda" column,
#: PAR A.4; not recorded for AWS_PROXY). Content-Length is the exception: the guide's
#: "passthrough" is overruled by HDR-2 and HDR-3, which recorded a backend Content-Length
#: as ``x-amzn-Remapped-Content-Length`` for HTTP, AWS and HTTP_PROXY alike, API Gateway
#: sending its own length (an inference for AWS_PROXY).
LAMBDA_PROXY_RESPONSE_HEADERS: Mapping[str, HeaderAction] = {
    "authorization": _R, "connection": _R, "content-length": _R, "content-md5": _R,
    "date": _R, "expect": _D, "host": _D, "max-forwards": _R, "proxy-authenticate": _D,
    "server": _R, "te": _D, "transfer-encoding": _D, "trailer": _D, "upgrade": _D,
    "user-agent": _R, "via": _D, "www-authenticate": _R,
}  # fmt: skip

#: HTTP_PROXY response headers that are not passed as is: Table F-2 "http_proxy" column,
#: with HDR-3 (recorded) for Connection, Content-Length, Date and Server.
HTTP_PROXY_RESPONSE_HEADERS: Mapping[str, HeaderAction] = LAMBDA_PROXY_RESPONSE_HEADERS

#: The keys a Lambda proxy result may have (PR-1).
LAMBDA_PROXY_RESULT_KEYS = frozenset(
    {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}
)

# EV-6: these two always arrive in canonical form, whatever the client's casing.
_CANONICAL = {"authorization": "Authorization", "user-agent": "User-Agent"}

_IDENTITY_KEYS = (
    "accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
    "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
    "principalOrgId", "sourceIp", "user", "userAgent", "userArn",
)  # fmt: skip


def _none_if_empty(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return dict(value) if value else None


def build_lambda_proxy_event(
    request: Mapping[str, Any],
    api: Mapping[str, Any] | None = None,
    *,
    stage_variables: Mapping[str, str] | None = None,
    request_context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The Lambda proxy integration event, format 1.0, for a method request (PAR A.2).

    * ``request``: the method request (proxy event 1.0 shape, e.g. from
      :func:`apigw_core.pipeline.build_method_request`).
    * ``api``: GetRestApi (``id``, ``binaryMediaTypes``).
    * ``stage_variables``: the stage's variables (default: ``request["stageVariables"]``).
    * ``request_context``: values for ``requestContext`` (``requestId``,
      ``requestTimeEpoch``, ``accountId``, ``sourceIp`` inside ``identity``, an
      ``authorizer`` ...), laid over ``request["requestContext"]``. Time and ids are
      never invented: what is not given is ``null``.

    Rules: the keys of PAR Example A-2; empty maps and an absent body are ``null`` (EV-1);
    header names keep the client's casing except ``Authorization`` and ``User-Agent``
    (EV-6) and the 12 headers of IN-6 are dropped (HDR-4); a repeated header or query
    parameter has its last value in the single-value map (EV-2); a body whose
    ``Content-Type`` matches ``binaryMediaTypes`` is base64 with ``isBase64Encoded``
    true (VPB OQ-17), other bodies are UTF-8 text with invalid bytes replaced (BIN-2);
    ``requestContext`` has the 16 keys of EV-7, ``path`` with the stage (EV-4), no
    ``authorizer`` unless given.
    """
    request = check_request(request)
    api = optional_map(api, "api") or {}
    stage_variables = optional_map(stage_variables, "stage_variables")
    request_context = optional_map(request_context, "request_context")
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, values in _request.headers_multi(request):
        if name.lower() in LAMBDA_PROXY_REQUEST_DROPPED_HEADERS or not values:
            continue
        name = _CANONICAL.get(name.lower(), name)
        headers[name] = values[-1]
        multi_headers[name] = list(values)

    query = _request.query_multi(request)
    single_query = {name: values[-1] for name, values in query if values}
    multi_query = {name: list(values) for name, values in query if values}

    raw_body = _request.body_bytes(request)
    body: str | None = None
    is_base64 = False
    if raw_body:
        if (
            classify_payload(
                headers.get("Content-Type") or _request.header_value(request, "Content-Type"),
                api.get("binaryMediaTypes"),
            )
            is PayloadKind.BINARY
        ):
            body, is_base64 = base64.b64encode(raw_body).decode("ascii"), True
        else:
            body = raw_body.decode("utf-8", "replace")

    stage_vars = stage_variables if stage_variables is not None else request.get("stageVariables")
    given: dict[str, Any] = dict(request.get("requestContext") or {})
    given.update(request_context or {})
    resource = request.get("resource") or given.get("resourcePath")
    path = request.get("path") or "/"
    stage = given.get("stage")
    domain = given.get("domainName") or _request.header_value(request, "Host")
    epoch = given.get("requestTimeEpoch")
    identity: dict[str, Any] = dict.fromkeys(_IDENTITY_KEYS)
    identity["userAgent"] = _request.header_value(request, "User-Agent")
    identity.update(given.get("identity") or {})
    context: dict[str, Any] = {
        "accountId": None,
        "apiId": api.get("id"),
        "deploymentId": None,
        "domainName": domain,
        "domainPrefix": domain.split(".", 1)[0] if isinstance(domain, str) else None,
        "extendedRequestId": None,
        "httpMethod": request.get("httpMethod"),
        # EV-4: with the stage; the "$default" stage has no path prefix (PAR Example A-2).
        "path": f"/{stage}{path}" if stage and stage != "$default" else path,
        "protocol": "HTTP/1.1",
        "requestId": None,
        "requestTime": format_request_time(int(epoch)) if isinstance(epoch, int) else None,
        "requestTimeEpoch": epoch,
        "resourceId": None,
        "resourcePath": resource,
        "stage": stage,
    }
    context.update({k: v for k, v in given.items() if k != "identity"})
    context["identity"] = {key: identity[key] for key in sorted(identity)}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": request.get("httpMethod"),
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": single_query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "requestContext": {key: context[key] for key in sorted(context)},
        "pathParameters": _none_if_empty(request.get("pathParameters")),
        "stageVariables": _none_if_empty(stage_vars),
        "body": body,
        "isBase64Encoded": is_base64,
    }


@dataclass(frozen=True)
class ProxyResponse:
    """A method response produced by a proxy integration.

    ``body`` is ``str`` for text and ``bytes`` for binary. ``headers`` holds each header's
    values joined with ``", "`` as a client sees them (PR-4); ``multi_value_headers`` the
    separate values.
    """

    status_code: int
    headers: Mapping[str, str]
    multi_value_headers: Mapping[str, list[str]]
    body: str | bytes

    def as_dict(self) -> dict[str, Any]:
        """The final response shape; a binary body is base64 with ``isBase64Encoded``."""
        binary = isinstance(self.body, bytes)
        body = (
            base64.b64encode(self.body).decode("ascii")
            if isinstance(self.body, bytes)
            else self.body
        )
        return {
            "statusCode": self.status_code,
            "headers": dict(self.headers),
            "multiValueHeaders": {k: list(v) for k, v in self.multi_value_headers.items()},
            "body": body,
            "isBase64Encoded": binary,
        }


def _malformed(detail: str) -> GatewayError:
    # PR-1: 502 {"message":"Internal server error"}; log wording from PAR A.3 (EXT).
    return GatewayError(
        GatewayResponseType.DEFAULT_5XX,
        "Internal server error",
        status_code=502,
        log=(
            f"Execution failed due to configuration error: Malformed Lambda proxy response ({detail})",
        ),
    )


class _Malformed(Exception):
    pass


def _scalar(value: object, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        # PR-3: true is sent as "true".
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise _Malformed(f"{where} must be a string")


def _status(value: object) -> int:
    if value is None:
        return 200  # PR-2: a missing statusCode means 200.
    if isinstance(value, bool):
        raise _Malformed("statusCode must be a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())  # PR-2: "202" is accepted.
    if not isinstance(value, int):
        raise _Malformed("statusCode must be a number")
    if not 100 <= value <= 599:
        raise _Malformed(f"statusCode {value} is not an HTTP status")
    return value


def _merge_headers(result: Mapping[str, Any]) -> dict[str, list[str]]:
    """``multiValueHeaders`` first, then ``headers`` (PR-4); names case-insensitive, cased as
    first seen; a pair present in both maps appears once (PAR A.3)."""
    merged: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    from_multi: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        key = names.setdefault(name.lower(), name)
        merged.setdefault(key, []).append(value)

    multi = result.get("multiValueHeaders")
    if multi is not None:
        if not isinstance(multi, Mapping):
            raise _Malformed("multiValueHeaders must be an object")
        for name, values in multi.items():
            if not isinstance(values, list):
                raise _Malformed(f"multiValueHeaders[{name!r}] must be a list")  # PR-1
            for value in values:
                text = _scalar(value, f"multiValueHeaders[{name!r}]")
                if text is not None:
                    add(str(name), text)
                    from_multi.setdefault(str(name).lower(), []).append(text)
    single = result.get("headers")
    if single is not None:
        if not isinstance(single, Mapping):
            raise _Malformed("headers must be an object")
        for name, value in single.items():
            text = _scalar(value, f"headers[{name!r}]")
            if text is not None and text not in from_multi.get(str(name).lower(), []):
                add(str(name), text)
    return merged


def _apply_header_actions(
    headers: Mapping[str, list[str]], actions: Mapping[str, HeaderAction]
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, values in headers.items():
        action = actions.get(name.lower(), HeaderAction.PASS)
        if action is HeaderAction.DROP:
            continue
        out[f"x-amzn-Remapped-{name}" if action is HeaderAction.REMAP else name] = list(values)
    return out


def _finish(status: int, headers: dict[str, list[str]], body: str | bytes) -> ProxyResponse:
    if not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = ["application/json"]  # PR-3, PAR A.1
    return ProxyResponse(status, {k: ", ".join(v) for k, v in headers.items()}, headers, body)


def convert_lambda_proxy_result(
    result: object,
    request: Mapping[str, Any] | None = None,
    api: Mapping[str, Any] | None = None,
    *,
    function_error: bool = False,
) -> ProxyResponse | GatewayError:
    """Turn a Lambda proxy function's result into the method response (PAR A.3, PR-1 to PR-5).

    * ``result``: the function's JSON result, decoded; ``bytes`` are taken as the raw
      payload and decoded here.
    * ``request``: the method request (its ``Accept`` decides binary, BIN-7).
    * ``api``: GetRestApi (``binaryMediaTypes``).
    * ``function_error``: the invocation reported a function error (unhandled exception).

    502 ``{"message":"Internal server error"}`` (a ``DEFAULT_5XX`` with status 502) for: a
    function error, a result that is not a JSON object, a key other than the five allowed,
    a non-numeric ``statusCode``, a ``multiValueHeaders`` value that is not a list
    (PR-1). Lenient: ``statusCode`` may be a numeric string and defaults to 200 (PR-2);
    ``headers: null`` is fine and booleans print as ``true`` (PR-3). ``multiValueHeaders``
    and ``headers`` merge, multi values first (PR-4). A missing ``Content-Type`` is
    ``application/json`` and a missing body is empty (PR-3). The body is base64-decoded
    only when ``isBase64Encoded`` is true and the first ``Accept`` value matches
    ``binaryMediaTypes`` (BIN-7); then invalid base64 is a 500.

    Assumptions (not recorded, §16.11): a status outside 100-599, an object or array
    ``body`` and an object header value are malformed; number bodies and header values are
    stringified; ``null`` header values are skipped.
    """
    request = check_request(request)
    optional_map(api, "api")
    if function_error:
        message = result.get("errorMessage") if isinstance(result, Mapping) else None
        error = _malformed("function error")
        return GatewayError(
            error.response_type,
            error.message,
            error.status_code,
            log=(
                f"Lambda execution failed with status 200 due to customer function error: {message}",
            ),
        )
    if isinstance(result, bytes | bytearray):
        try:
            result = _json.loads(bytes(result).decode("utf-8"))
        except ValueError:
            return _malformed("payload is not JSON")
    if not isinstance(result, Mapping):
        return _malformed("result is not a JSON object")
    unknown = sorted(set(result) - LAMBDA_PROXY_RESULT_KEYS)
    if unknown:
        return _malformed(f"unknown keys {unknown}")
    try:
        status = _status(result.get("statusCode"))
        headers = _merge_headers(result)
        body_value = result.get("body")
        if isinstance(body_value, Mapping | list | tuple):
            raise _Malformed("body must be a string")
        body = _scalar(body_value, "body") or ""
        flag = result.get("isBase64Encoded")
        if isinstance(flag, str) and flag.lower() in ("true", "false"):
            flag = flag.lower() == "true"
        if flag is not None and not isinstance(flag, bool):
            raise _Malformed("isBase64Encoded must be a boolean")
    except _Malformed as exc:
        return _malformed(str(exc))
    accept = _request.header_value(request or {}, "Accept")
    out_body: str | bytes = body
    if flag and classify_accept(accept, (api or {}).get("binaryMediaTypes")) is PayloadKind.BINARY:
        decoded = decode_base64(body)
        if decoded is None:
            return GatewayError(
                GatewayResponseType.API_CONFIGURATION_ERROR,
                "Internal server error",
                log=(
                    "Execution failed due to configuration error: Unable to base64-decode the body",
                ),
            )
        out_body = decoded
    return _finish(status, _apply_header_actions(headers, LAMBDA_PROXY_RESPONSE_HEADERS), out_body)


def build_http_proxy_request(
    request: Mapping[str, Any],
    integration: Mapping[str, Any],
    api: Mapping[str, Any] | None = None,
    *,
    uri: str | None = None,
    mapped_headers: Mapping[str, str] | None = None,
    mapped_query: Mapping[str, str | list[str]] | None = None,
    trace_id: str | None = None,
) -> dict[str, Any]:
    """The request an HTTP_PROXY integration sends to its backend (VPB F.8, HDR-4, HDR-6).

    * ``uri``: the integration URI already rendered by parameter mapping (default:
      ``integration["uri"]``); its own query comes first.
    * ``mapped_headers`` / ``mapped_query``: the values of the integration's
      ``requestParameters`` (HDR-6: a mapped header replaces the client's, a mapped query
      value is added after the client's).
    * ``trace_id``: the ``X-Amzn-Trace-Id`` to send.

    The method is ``integration["httpMethod"]`` (the client's for ``ANY``). Client headers
    are forwarded except IN-6's 12, ``Content-Encoding`` and ``Via``; ``Content-Length``
    is regenerated and ``X-Amzn-Apigateway-Api-Id`` added (HDR-4); ``Host`` names the
    backend (Table F-2). Query values are re-encoded. The body is the client's, bytes
    for a binary ``Content-Type``, else UTF-8 text (BIN-2).

    Returns ``{"httpMethod", "uri", "headers", "multiValueHeaders",
    "multiValueQueryStringParameters", "body", "isBase64Encoded"}``; ``uri`` carries the
    final query string.
    """
    request = check_request(request)
    integration = config_map(integration, "integration")
    api = optional_map(api, "api") or {}
    method = str(integration.get("httpMethod") or "ANY").upper()
    if method == "ANY":
        method = str(request.get("httpMethod") or "GET").upper()
    target = uri if uri is not None else str(integration.get("uri") or "")
    base, _, own_query = target.partition("?")

    query: dict[str, list[str]] = {}
    for name, value in urllib.parse.parse_qsl(own_query, keep_blank_values=True):
        query.setdefault(name, []).append(value)
    for name, values in _request.query_multi(request):
        if values:  # a parameter without values is not sent (as in the Lambda proxy event)
            query.setdefault(name, []).extend(values)
    for name, mapped in (mapped_query or {}).items():
        if mapped != []:
            query.setdefault(name, []).extend(mapped if isinstance(mapped, list) else [mapped])

    multi: dict[str, list[str]] = {}
    for name, values in _request.headers_multi(request):
        lowered = name.lower()
        if lowered in HTTP_PROXY_REQUEST_DROPPED_HEADERS or lowered == "host" or not values:
            continue  # a header without values is not sent (as in the Lambda proxy event)
        if mapped_headers and any(lowered == m.lower() for m in mapped_headers):
            continue
        multi[name] = list(values)
    for name, value in (mapped_headers or {}).items():
        # HDR-5: mapped headers arrive, even those the client cannot send (IN-6), except
        # Connection, Proxy-Authenticate, TE, Via and Expect; Content-Length is regenerated.
        if name.lower() not in MAPPED_HEADERS_NEVER_SENT | {"content-length", "host"}:
            multi[name] = [value]

    raw = _request.body_bytes(request) or b""
    body: str | bytes | None = None
    if raw:
        content_type = _request.header_value(request, "Content-Type")
        if classify_payload(content_type, api.get("binaryMediaTypes")) is PayloadKind.BINARY:
            body = raw
        else:
            body = raw.decode("utf-8", "replace")
    length = len(body.encode("utf-8") if isinstance(body, str) else body or b"")
    host = urllib.parse.urlsplit(base).netloc
    if host:
        multi["Host"] = [host]
    multi["Content-Length"] = [str(length)]
    if api.get("id"):
        multi["X-Amzn-Apigateway-Api-Id"] = [str(api["id"])]
    if trace_id:
        multi["X-Amzn-Trace-Id"] = [trace_id]
    encoded_query = urllib.parse.urlencode(
        [(name, value) for name, values in query.items() for value in values]
    )
    return {
        "httpMethod": method,
        "uri": f"{base}?{encoded_query}" if encoded_query else base,
        "headers": {name: values[-1] for name, values in multi.items()},
        "multiValueHeaders": multi,
        "multiValueQueryStringParameters": query or None,
        "body": body,
        "isBase64Encoded": False,
    }


def convert_http_proxy_response(
    response: Mapping[str, Any],
    api: Mapping[str, Any] | None = None,
) -> ProxyResponse:
    """The method response of an HTTP_PROXY integration (SEL-4, HDR-3).

    ``response``: ``{"statusCode", "headers", "multiValueHeaders", "body",
    "isBase64Encoded"}`` from the backend. The status passes through (SEL-4). Connection,
    Content-Length, Date and Server arrive as ``x-amzn-Remapped-*`` (HDR-3), other headers
    follow Table F-2's http_proxy column. A body whose ``Content-Type`` matches
    ``binaryMediaTypes`` stays bytes; other bodies become UTF-8 text with invalid bytes
    replaced (BIN-2; the Accept side is not consulted, an inference).
    """
    response = config_map(response, "the HTTP response")
    text = str(response.get("statusCode") or 200)
    if not text.isdigit() or not 100 <= int(text) <= 599:
        raise ConfigurationError(f"statusCode must be an HTTP status; got {text!r}")
    status = int(text)
    optional_map(api, "api")
    headers: dict[str, list[str]] = {}
    for name, values in _request.headers_multi(response):
        headers[name] = list(values)
    raw = _request.body_bytes(response) or b""
    content_type = _request.header_value(response, "Content-Type")
    body: str | bytes = raw
    if classify_payload(content_type, (api or {}).get("binaryMediaTypes")) is PayloadKind.TEXT:
        body = raw.decode("utf-8", "replace")
    return _finish(status, _apply_header_actions(headers, HTTP_PROXY_RESPONSE_HEADERS), body)
