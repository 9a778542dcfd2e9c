"""Parameter mapping, request and response side (VPB F.1 and E.5, MT §6, HDR-1 to HDR-8).

``Integration.requestParameters`` maps ``integration.request.{path,querystring,header}.NAME``
destinations to source expressions read from the method request; an IntegrationResponse's
``responseParameters`` maps ``method.response.header.NAME`` destinations to sources read from
the integration response. The key is the destination, the value the source (MT §6). A
mapping whose source resolves to nothing is omitted (HDR-6).

Syntax errors in an expression are configuration mistakes and raise
:class:`apigw_core.ConfigurationError`; what API Gateway only finds at invoke time (a
forbidden header, HDR-1; a JSON body that does not parse, HDR-8) is returned as a
:class:`GatewayError`.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from apigw_core.errors import ConfigurationError
from apigw_core.mapping.jsonpath import compile_path
from apigw_core.pipeline import _json
from apigw_core.pipeline import request as _request
from apigw_core.pipeline._config_cache import ConfigCache
from apigw_core.pipeline._shapes import check_request
from apigw_core.pipeline.enums import GatewayResponseType, IntegrationType
from apigw_core.pipeline.gateway_responses import GatewayError
from apigw_core.vtl.runtime import to_java_string
from apigw_core.vtl.values import JavaException

__all__ = [
    "FORBIDDEN_REQUEST_HEADER_MAPPINGS",
    "MAPPED_HEADERS_NEVER_SENT",
    "IntegrationRequestParameters",
    "MappingExpression",
    "ParameterLocation",
    "ParameterSource",
    "apply_request_overrides",
    "check_forbidden_header_mappings",
    "check_forbidden_header_overrides",
    "map_request_parameters",
    "map_response_parameters",
    "parse_mapping_expression",
    "parse_request_parameters",
    "parse_response_parameters",
    "render_integration_uri",
]


class ParameterSource(enum.StrEnum):
    """The kinds of mapping source, named by their expression prefix (VPB Tables F-1, E-1)."""

    METHOD_REQUEST_PATH = "method.request.path"
    METHOD_REQUEST_QUERYSTRING = "method.request.querystring"
    METHOD_REQUEST_MULTIVALUEQUERYSTRING = "method.request.multivaluequerystring"
    METHOD_REQUEST_HEADER = "method.request.header"
    METHOD_REQUEST_MULTIVALUEHEADER = "method.request.multivalueheader"
    METHOD_REQUEST_BODY = "method.request.body"
    INTEGRATION_RESPONSE_HEADER = "integration.response.header"
    INTEGRATION_RESPONSE_MULTIVALUEHEADER = "integration.response.multivalueheader"
    INTEGRATION_RESPONSE_BODY = "integration.response.body"
    CONTEXT = "context"
    STAGE_VARIABLES = "stageVariables"
    STATIC = "'STATIC_VALUE'"


class ParameterLocation(enum.StrEnum):
    """Where an integration request parameter goes (``integration.request.<location>.NAME``)."""

    PATH = "path"
    QUERYSTRING = "querystring"
    HEADER = "header"


S = ParameterSource

_REQUEST_SOURCES = frozenset(
    {
        S.METHOD_REQUEST_PATH, S.METHOD_REQUEST_QUERYSTRING,
        S.METHOD_REQUEST_MULTIVALUEQUERYSTRING, S.METHOD_REQUEST_HEADER,
        S.METHOD_REQUEST_MULTIVALUEHEADER, S.METHOD_REQUEST_BODY, S.CONTEXT,
        S.STAGE_VARIABLES, S.STATIC,
    }
)  # fmt: skip
_RESPONSE_SOURCES = frozenset(
    {
        S.INTEGRATION_RESPONSE_HEADER, S.INTEGRATION_RESPONSE_MULTIVALUEHEADER,
        S.INTEGRATION_RESPONSE_BODY, S.CONTEXT, S.STAGE_VARIABLES, S.STATIC,
    }
)  # fmt: skip
_NAMED = {
    S.METHOD_REQUEST_PATH, S.METHOD_REQUEST_QUERYSTRING, S.METHOD_REQUEST_MULTIVALUEQUERYSTRING,
    S.METHOD_REQUEST_HEADER, S.METHOD_REQUEST_MULTIVALUEHEADER, S.INTEGRATION_RESPONSE_HEADER,
    S.INTEGRATION_RESPONSE_MULTIVALUEHEADER,
}  # fmt: skip

# VPB F.1 / MT §6.1: PARAM_NAME must match ^[a-zA-Z0-9._$-]+$ (the guide prints a stray `]`).
_PARAM_NAME = re.compile(r"[a-zA-Z0-9._$-]+")
# Context paths (context.identity.sourceIp) and stage variable names (MT §5, Q-SV-3).
_VARIABLE_PATH = re.compile(r"[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*")
_STAGE_VARIABLE = re.compile(r"[A-Za-z0-9_-]+")

#: Integration request headers whose mapping is a 500 at invoke time, per integration type
#: (HDR-1, recorded: Content-Length and Transfer-Encoding everywhere; AWS and AWS_PROXY also
#: refuse Authorization, Connection, Expect, Proxy-Authenticate and TE, which HTTP accepts).
FORBIDDEN_REQUEST_HEADER_MAPPINGS: Mapping[IntegrationType, frozenset[str]] = {
    IntegrationType.HTTP: frozenset({"content-length", "transfer-encoding"}),
    IntegrationType.HTTP_PROXY: frozenset({"content-length", "transfer-encoding"}),
    IntegrationType.MOCK: frozenset({"content-length", "transfer-encoding"}),
    IntegrationType.AWS: frozenset(
        {"content-length", "transfer-encoding", "authorization", "connection", "expect",
         "proxy-authenticate", "te"}
    ),
    IntegrationType.AWS_PROXY: frozenset(
        {"content-length", "transfer-encoding", "authorization", "connection", "expect",
         "proxy-authenticate", "te"}
    ),
}  # fmt: skip

#: Mapped integration request headers that are accepted but never reach an HTTP backend
#: (HDR-5, recorded: Connection, Proxy-Authenticate, TE, Via; Expect did not arrive either).
MAPPED_HEADERS_NEVER_SENT: frozenset[str] = frozenset(
    {"connection", "proxy-authenticate", "te", "via", "expect"}
)


@dataclass(frozen=True)
class MappingExpression:
    """A parsed source expression.

    ``name`` is the parameter or variable name, the JSONPath of a body source (without the
    leading ``$.``; ``None`` for the whole body), the dotted ``$context`` path, or the
    literal of a static value.
    """

    source: ParameterSource
    name: str | None
    expression: str


def parse_mapping_expression(
    expression: str, side: Literal["request", "response"] = "request"
) -> MappingExpression:
    """Parse one source expression of ``requestParameters`` (``side="request"``, VPB Table
    F-1) or ``responseParameters`` (``side="response"``, Table E-1).

    * ``'text'``: a static value, the text between the quotes (MT §6.3);
    * ``method.request.{path,querystring,multivaluequerystring,header,multivalueheader}.NAME``
      (request side) and ``integration.response.{header,multivalueheader}.NAME`` (response
      side), ``NAME`` matching ``^[a-zA-Z0-9._$-]+$`` (VPB F.1);
    * ``method.request.body`` / ``integration.response.body``, optionally followed by
      ``.JSONPath`` without the leading ``$`` (MT §6.4);
    * ``context.VARIABLE`` (dotted, e.g. ``context.identity.sourceIp``) and
      ``stageVariables.NAME``.

    Anything else raises :class:`ConfigurationError` (an invalid mapping expression), as does
    an invalid JSONPath.
    """
    if not isinstance(expression, str):
        raise ConfigurationError(f"mapping expression must be a string; got {expression!r}")
    if side not in ("request", "response"):
        raise ConfigurationError(f"side must be 'request' or 'response'; got {side!r}")
    return _parse_expression(expression, side)


@functools.lru_cache(maxsize=1024)
def _parse_expression(expression: str, side: str) -> MappingExpression:
    text = expression.strip()
    allowed = _REQUEST_SOURCES if side == "request" else _RESPONSE_SOURCES
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return MappingExpression(S.STATIC, text[1:-1], expression)
    for body in (S.METHOD_REQUEST_BODY, S.INTEGRATION_RESPONSE_BODY):
        if body in allowed and (text == body or text.startswith(body + ".")):
            path = text[len(body) + 1 :] or None
            if path is not None:
                try:
                    compile_path(path)
                except JavaException as error:
                    raise ConfigurationError(
                        f"invalid JSONPath in mapping expression {expression!r}: {error.message}"
                    ) from None
            return MappingExpression(body, path, expression)
    for source in _NAMED & allowed:
        if text.startswith(source + "."):
            name = text[len(source) + 1 :]
            if _PARAM_NAME.fullmatch(name) is None:
                break
            return MappingExpression(source, name, expression)
    head, _, rest = text.partition(".")
    if head == S.CONTEXT and _VARIABLE_PATH.fullmatch(rest):
        return MappingExpression(S.CONTEXT, rest, expression)
    if head == S.STAGE_VARIABLES and _STAGE_VARIABLE.fullmatch(rest):
        return MappingExpression(S.STAGE_VARIABLES, rest, expression)
    raise ConfigurationError(
        f"invalid mapping expression {expression!r} in {side} parameters "
        f"(expected one of: {', '.join(sorted(s.value for s in allowed))})"
    )


def parse_request_parameters(
    request_parameters: Mapping[str, Any] | None,
) -> list[tuple[ParameterLocation, str, MappingExpression]]:
    """Parse ``Integration.requestParameters``: ``(location, name, source)`` per entry.

    Keys must be ``integration.request.{path,querystring,header}.NAME`` (VPB F.1, MT §6.2);
    anything else raises :class:`ConfigurationError`.
    """
    return list(parsed_request_parameters(request_parameters))


def parsed_request_parameters(
    request_parameters: Mapping[str, Any] | None,
) -> tuple[tuple[ParameterLocation, str, MappingExpression], ...]:
    """:func:`parse_request_parameters`, shared per configuration (do not mutate)."""
    if request_parameters is None:
        return ()
    return _PARSED_REQUEST.get(request_parameters, None, lambda: _parse_request(request_parameters))


def _parse_request(
    request_parameters: object,
) -> tuple[tuple[ParameterLocation, str, MappingExpression], ...]:
    if not isinstance(request_parameters, Mapping):
        raise ConfigurationError("integration requestParameters must be an object")
    parsed: list[tuple[ParameterLocation, str, MappingExpression]] = []
    for key, value in request_parameters.items():
        location, name = _request_destination(str(key))
        parsed.append((location, name, parse_mapping_expression(value, "request")))
    return tuple(parsed)


_PARSED_REQUEST: ConfigCache[tuple[tuple[ParameterLocation, str, MappingExpression], ...]] = (
    ConfigCache()
)


@functools.lru_cache(maxsize=1024)
def _request_destination(key: str) -> tuple[ParameterLocation, str]:
    prefix = "integration.request."
    if key.startswith(prefix):
        where, dot, name = key[len(prefix) :].partition(".")
        if dot and name and where in ("path", "querystring", "header"):
            return ParameterLocation(where), name
    raise ConfigurationError(
        f"invalid integration request parameter {key!r}: expected "
        "integration.request.{path|querystring|header}.NAME"
    )


def parse_response_parameters(
    response_parameters: Mapping[str, Any] | None,
) -> list[tuple[str, MappingExpression]]:
    """Parse an IntegrationResponse's ``responseParameters``: ``(header name, source)``.

    Keys must be ``method.response.header.NAME``, the only destination (VPB E.2, MT §6.2).
    """
    if response_parameters is None:
        return []
    return list(
        _PARSED_RESPONSE.get(
            response_parameters, None, lambda: _parse_response(response_parameters)
        )
    )


def _parse_response(response_parameters: object) -> tuple[tuple[str, MappingExpression], ...]:
    if not isinstance(response_parameters, Mapping):
        raise ConfigurationError("integration responseParameters must be an object")
    prefix = "method.response.header."
    parsed: list[tuple[str, MappingExpression]] = []
    for key, value in response_parameters.items():
        name = str(key)[len(prefix) :] if str(key).startswith(prefix) else ""
        if not name:
            raise ConfigurationError(
                f"invalid response parameter {key!r}: expected method.response.header.NAME"
            )
        parsed.append((name, parse_mapping_expression(value, "response")))
    return tuple(parsed)


_PARSED_RESPONSE: ConfigCache[tuple[tuple[str, MappingExpression], ...]] = ConfigCache()


# --- values ------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A JSON or VTL value as a parameter value (MT §6.4): strings as they are, numbers in
    their decimal form, objects and arrays as compact JSON; ``null`` is absent."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return to_java_string(value)


def _lookup(root: Mapping[str, Any] | None, dotted: str) -> object:
    current: object = root
    for part in dotted.split("."):
        if type(current) is not dict and not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


_NO_JSON: Any = object()


class _InvalidJson(Exception):
    pass


class _Body:
    """A body read once for mapping: raw text, and its JSON document on demand."""

    __slots__ = ("_document", "_request", "_text")

    def __init__(self, request: Mapping[str, Any]) -> None:
        self._request = request  # read on first use: most mappings take no body
        self._text: str | None = None
        self._document: Any = None

    @property
    def text(self) -> str:
        if self._text is None:
            raw = _request.body_bytes(self._request)
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw or ""
            # IN-1 / ls-unitclaim-param-mapping-empty-body: an empty body maps as "{}".
            self._text = text if text else "{}"
        return self._text

    def document(self, *, strict: bool) -> Any:
        if self._document is None:
            try:
                self._document = _json.loads(self.text)
            except ValueError:
                self._document = _NO_JSON
        if self._document is _NO_JSON and strict and self.text.lstrip()[:1] in ("{", "[", "'", '"'):
            # HDR-8: a body that looks like JSON but does not parse is a 400.
            raise _InvalidJson
        return self._document

    def value(self, path: str | None, *, strict: bool, deserialize: bool = False) -> str | None:
        if path is None:
            if strict:
                self.document(strict=True)
            return self.text
        document = self.document(strict=strict)
        if document is _NO_JSON:
            return None
        if deserialize:
            document = _deserialized(document)
        return _text(compile_path(path)(document))


def _deserialized(document: Any) -> Any:
    """VPB E.5, MT §6.4: for Lambda custom errors the stringified ``errorMessage`` object is
    deserialised before body-to-header mappings."""
    if isinstance(document, Mapping) and isinstance(document.get("errorMessage"), str):
        try:
            inner = _json.loads(document["errorMessage"])
        except ValueError:
            return document
        if isinstance(inner, Mapping | list):
            return {**document, "errorMessage": inner}
    return document


def _invalid_json_error() -> GatewayError:
    # HDR-8 (stated by a test): 400 "Invalid JSON in request body".
    return GatewayError(
        GatewayResponseType.BAD_REQUEST_BODY,
        "Invalid JSON in request body",
        log=("Execution failed: Invalid JSON in request body",),
    )


@dataclass(frozen=True)
class IntegrationRequestParameters:
    """The mapped integration request parameters: header and query values (a list per
    name, several values for a multi-value source or override) and path parameters."""

    headers: Mapping[str, list[str]] = field(default_factory=dict)
    querystring: Mapping[str, list[str]] = field(default_factory=dict)
    path: Mapping[str, str] = field(default_factory=dict)


def _request_value(
    source: MappingExpression,
    request: Mapping[str, Any],
    body: _Body,
    context: Mapping[str, Any] | None,
    stage_variables: Mapping[str, Any] | None,
) -> str | list[str] | None:
    kind, name = source.source, source.name or ""
    if kind is S.STATIC:
        return name
    if kind is S.METHOD_REQUEST_PATH:
        return _request.path_parameter(request, name)
    if kind is S.METHOD_REQUEST_QUERYSTRING:
        values = _request.query_values(request, name)
        return values[-1] if values else None  # HDR-8: a repeated name gives the last value
    if kind is S.METHOD_REQUEST_MULTIVALUEQUERYSTRING:
        values = _request.query_values(request, name)
        return list(values) if values else None  # HDR-8: the list is kept
    if kind is S.METHOD_REQUEST_HEADER:
        return _request.header_value(request, name)
    if kind is S.METHOD_REQUEST_MULTIVALUEHEADER:
        values = _request.header_values(request, name)
        return ",".join(values) if values else None  # HDR-8: "a,b"
    if kind is S.METHOD_REQUEST_BODY:
        return body.value(source.name, strict=True)
    if kind is S.CONTEXT:
        return _scalar_variable(_lookup(context, name))
    return _scalar_variable((stage_variables or {}).get(name))


def _scalar_variable(value: object) -> str | None:
    if type(value) is str:
        return value
    if value is None or isinstance(value, Mapping):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return to_java_string(value) if not isinstance(value, str) else value


def check_forbidden_header_mappings(
    request_parameters: Mapping[str, Any] | None, integration_type: object
) -> GatewayError | None:
    """The 500 ``API_CONFIGURATION_ERROR`` for a header destination API Gateway refuses at
    invoke time (HDR-1, recorded; :data:`FORBIDDEN_REQUEST_HEADER_MAPPINGS`), whatever the
    source; ``None`` when there is none. It applies to ``AWS_PROXY`` too, which otherwise
    ignores mappings (HDR-7)."""
    kind = IntegrationType.parse(integration_type)
    if request_parameters is None:
        return None
    return _FORBIDDEN.get(
        request_parameters, kind, lambda: _forbidden_mapping(request_parameters, kind)
    )


def _forbidden_mapping(
    request_parameters: Mapping[str, Any], kind: IntegrationType
) -> GatewayError | None:
    forbidden = FORBIDDEN_REQUEST_HEADER_MAPPINGS[kind]
    for location, name, _ in parsed_request_parameters(request_parameters):
        if location is ParameterLocation.HEADER and name.lower() in forbidden:
            return GatewayError(
                GatewayResponseType.API_CONFIGURATION_ERROR,
                "Internal server error",
                log=(
                    "Execution failed due to configuration error: "
                    f"Invalid mapping expression specified: integration.request.header.{name}",
                ),
            )
    return None


_FORBIDDEN: ConfigCache[GatewayError | None] = ConfigCache()


def check_forbidden_header_overrides(
    request_override: Mapping[str, Any] | None, integration_type: object
) -> GatewayError | None:
    """The same 500 for a request template that sets one of those headers through
    ``$context.requestOverride.header`` (HDR-1's set for the integration type; letter case
    ignored); ``None`` when it sets none.

    Not recorded in our spec: LocalStack's AWS-validated ``IntegrationRequestHandler``
    merges the overrides into the mapped headers before its check ("Some headers can't be
    modified by parameter mappings or mapping templates. AWS will raise if those were
    present."), which replaced our guess that API Gateway silently regenerates them.
    """
    if not request_override:
        return None
    headers = request_override.get("header")
    if not headers or (type(headers) is not dict and not isinstance(headers, Mapping)):
        return None
    kind = (
        integration_type
        if type(integration_type) is IntegrationType
        else IntegrationType.parse(integration_type)
    )
    forbidden = FORBIDDEN_REQUEST_HEADER_MAPPINGS[kind]
    for name in headers:
        if (name if type(name) is str else str(name)).lower() in forbidden:
            return GatewayError(
                GatewayResponseType.API_CONFIGURATION_ERROR,
                "Internal server error",
                log=(
                    f"Execution failed due to configuration error: {name} header already present",
                ),
            )
    return None


def map_request_parameters(
    request: Mapping[str, Any],
    request_parameters: Mapping[str, Any] | None,
    *,
    integration_type: object = None,
    context: Mapping[str, Any] | None = None,
    stage_variables: Mapping[str, Any] | None = None,
) -> IntegrationRequestParameters | GatewayError:
    """Evaluate ``Integration.requestParameters`` against the method request (VPB F.1).

    * ``request``: the method request (proxy event 1.0 shape).
    * ``request_parameters``: the integration's ``requestParameters``.
    * ``integration_type``: decides which header destinations are forbidden (HDR-1).
    * ``context``: the ``$context`` map for ``context.X`` sources.
    * ``stage_variables``: for ``stageVariables.X`` (default: the request's).

    Rules: a repeated header or query parameter gives its last value; ``multivalueheader``
    gives the values joined with ``,``; ``multivaluequerystring`` keeps the list (HDR-8);
    ``method.request.body`` is the raw body, ``{}`` when empty (IN-1); a JSONPath result is
    formatted as MT §6.4 says; a source that resolves to nothing is omitted (HDR-6).

    Returned as data: a forbidden header destination is 500 ``API_CONFIGURATION_ERROR``
    whatever its source (HDR-1); a body source over a body that looks like JSON but does not
    parse is 400 ``Invalid JSON in request body`` (HDR-8).
    """
    request = check_request(request)
    parsed = parsed_request_parameters(request_parameters)
    if not parsed:
        return IntegrationRequestParameters()
    if integration_type is not None:
        refused = check_forbidden_header_mappings(request_parameters, integration_type)
        if refused is not None:
            return refused
    return _map_parsed(request, parsed, context, stage_variables)


def _map_parsed(
    request: Mapping[str, Any],
    parsed: tuple[tuple[ParameterLocation, str, MappingExpression], ...],
    context: Mapping[str, Any] | None,
    stage_variables: Mapping[str, Any] | None,
) -> IntegrationRequestParameters | GatewayError:
    """:func:`map_request_parameters` once the mappings are parsed and allowed."""
    if stage_variables is None:
        stage_variables = request.get("stageVariables")
    body = _Body(request)
    headers: dict[str, list[str]] = {}
    query: dict[str, list[str]] = {}
    path: dict[str, str] = {}
    for location, name, source in parsed:
        try:
            value = _request_value(source, request, body, context, stage_variables)
        except _InvalidJson:
            return _invalid_json_error()
        if value is None:
            continue  # HDR-6: a mapping whose source is absent is omitted
        values = value if isinstance(value, list) else [value]
        if location is ParameterLocation.HEADER:
            headers[name] = [",".join(values)]
        elif location is ParameterLocation.QUERYSTRING:
            query[name] = list(values)
        else:
            path[name] = ",".join(values)
    return IntegrationRequestParameters(headers, query, path)


def _override_values(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [v if isinstance(v, str) else to_java_string(v) for v in items if v is not None]


def apply_request_overrides(
    parameters: IntegrationRequestParameters, request_override: Mapping[str, Any] | None
) -> IntegrationRequestParameters:
    """Lay the request template's ``$context.requestOverride`` over the mapped parameters.

    ``requestOverride.header|querystring|path.NAME`` replace the mapped value of the same
    name (VPB E.7, MT §7.2; header names compared case-insensitively); a list gives several
    values (a multi-value header, MT §7.3 rule 5, or a repeated query parameter).
    """
    if not request_override:
        return parameters
    headers = {k: list(v) for k, v in parameters.headers.items()}
    query = {k: list(v) for k, v in parameters.querystring.items()}
    path = dict(parameters.path)
    for name, value in (request_override.get("header") or {}).items():
        values = _override_values(value)
        for existing in [h for h in headers if h.lower() == str(name).lower()]:
            del headers[existing]
        if values:
            headers[str(name)] = values
    for name, value in (request_override.get("querystring") or {}).items():
        values = _override_values(value)
        query.pop(str(name), None)
        if values:
            query[str(name)] = values
    for name, value in (request_override.get("path") or {}).items():
        values = _override_values(value)
        if values:
            path[str(name)] = ",".join(values)
    return IntegrationRequestParameters(headers, query, path)


_STAGE_VARIABLE_REFERENCE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_-]+)\}")
_URI_PARAMETER = re.compile(r"(?<!\$)\{([^{}/?#&=]+)\}")
_PATH_SAFE = "/%!$&'()*+,;=:@-._~"


def render_integration_uri(
    uri: str | None,
    path_parameters: Mapping[str, str] | None = None,
    stage_variables: Mapping[str, Any] | None = None,
) -> str | GatewayError:
    """The integration URI with ``${stageVariables.x}`` and ``{name}`` filled in.

    * ``${stageVariables.x}`` is substituted at call time (CTX-4, MT §5.3); an undefined
      variable is empty (ENG-1 applied here too; an inference); a malformed ``${...}`` is
      left as it is (HDR-8).
    * ``{name}`` anywhere in the URI, its query included, takes the integration request path
      parameter ``name`` (HDR-6, VPB F.1), percent-encoding what a URI cannot hold (existing
      escapes and ``/`` are kept, so a greedy ``{proxy}`` keeps its slashes, F-6).
    * A ``{name}`` with no value is a 500 ``API_CONFIGURATION_ERROR`` (VPB F.1: "clients get
      an error response").
    """
    text = uri or ""
    variables = stage_variables or {}
    text = _STAGE_VARIABLE_REFERENCE.sub(
        lambda m: _scalar_variable(variables.get(m.group(1))) or "", text
    )
    params = path_parameters or {}
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = params.get(name)
        if value is None:
            missing.append(name)
            return match.group(0)
        return urllib.parse.quote(value, safe=_PATH_SAFE)

    text = _URI_PARAMETER.sub(fill, text)
    if missing:
        return GatewayError(
            GatewayResponseType.API_CONFIGURATION_ERROR,
            "Internal server error",
            log=(
                "Execution failed due to configuration error: "
                f"Unable to resolve integration URI parameters {missing} in {text}",
            ),
        )
    return text


def map_response_parameters(
    response_parameters: Mapping[str, Any] | None,
    integration_response: Mapping[str, Any],
    *,
    context: Mapping[str, Any] | None = None,
    stage_variables: Mapping[str, Any] | None = None,
    lambda_error: bool = False,
) -> dict[str, list[str]]:
    """Evaluate an IntegrationResponse's ``responseParameters`` (VPB E.5, Table E-1).

    * ``integration_response``: ``{"headers", "multiValueHeaders", "body"}`` of the
      integration response (body ``str`` or ``bytes``).
    * ``lambda_error``: the response is a Lambda custom integration's error, whose
      stringified ``errorMessage`` object is deserialised for body-to-header mappings (VPB
      E.5, Example E-3).

    Returns ``{header name: [value]}`` in configuration order. ``integration.response.header``
    is looked up case-insensitively and gives the last value; ``multivalueheader`` joins the
    values with ``,``; ``integration.response.body`` is the raw body, ``{}`` when empty
    (ls-unitclaim-response-param-mapping-empty-body); a JSONPath over a body that is not JSON
    finds nothing. Absent sources are omitted.
    """
    return _map_response_parsed(
        parse_response_parameters(response_parameters),
        integration_response,
        context,
        stage_variables,
        lambda_error,
    )


def _map_response_parsed(
    parsed: list[tuple[str, MappingExpression]],
    integration_response: Mapping[str, Any],
    context: Mapping[str, Any] | None,
    stage_variables: Mapping[str, Any] | None,
    lambda_error: bool,
) -> dict[str, list[str]]:
    """:func:`map_response_parameters` once the mappings are parsed."""
    if not parsed:
        return {}
    body: _Body | None = None  # made on first use: most mappings take no body
    mapped: dict[str, list[str]] = {}
    for name, source in parsed:
        kind, key = source.source, source.name or ""
        value: str | None
        if kind is S.STATIC:
            value = key
        elif kind is S.INTEGRATION_RESPONSE_HEADER:
            value = _request.header_value(integration_response, key)
        elif kind is S.INTEGRATION_RESPONSE_MULTIVALUEHEADER:
            values = _request.header_values(integration_response, key)
            value = ",".join(values) if values else None
        elif kind is S.INTEGRATION_RESPONSE_BODY:
            if body is None:
                body = _Body(integration_response)
            value = body.value(source.name, strict=False, deserialize=lambda_error)
        elif kind is S.CONTEXT:
            # _lookup of a name without dots (context.stage, context.requestId): one get
            found = (
                context.get(key)
                if type(context) is dict and "." not in key
                else _lookup(context, key)
            )
            value = _scalar_variable(found)
        else:
            value = _scalar_variable((stage_variables or {}).get(key))
        if value is not None:
            mapped[name] = [value]
    return mapped
