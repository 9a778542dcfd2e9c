"""``$context`` for a REST API mapping template.

:data:`CONTEXT_VARIABLES` is the table of every variable the REST API guide lists for mapping
templates (MT §2.3, availability RT, plus ``xrayTraceId`` from the older list), with where
each value comes from; docs/reference-mapping.md is generated from it. :func:`build_context`
builds the map itself. Rules cite mapping-templates.md (MT §n) and aws-observed-behaviour.md
(CTX-n, OV-n, EV-n); where they disagree, the observed behaviour wins.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigw_core.errors import ApigwError
from apigw_core.mapping.json_values import JsonObject, SilentMap
from apigw_core.mapping.overrides import new_overrides
from apigw_core.vtl.runtime import to_java_string

__all__ = [
    "CONTEXT_KEYS",
    "CONTEXT_VARIABLES",
    "DEFAULT_REQUEST_ID",
    "IDENTITY_KEYS",
    "ContextVariable",
    "InvalidRequestError",
    "SilentMap",
    "build_context",
    "context_reference_table",
    "merge",
    "request_time",
]


class InvalidRequestError(ApigwError, ValueError):
    """A method request (or ``context=`` value) that no API Gateway request could have."""


# CTX-1: the keys real API Gateway shows, in its order (no authorizer, no API key).
CONTEXT_KEYS = (
    "resourceId", "resourcePath", "httpMethod", "extendedRequestId", "requestTime", "path",
    "accountId", "protocol", "requestOverride", "stage", "domainPrefix", "requestTimeEpoch",
    "requestId", "identity", "domainName", "deploymentId", "responseOverride", "apiId",
)  # fmt: skip
# CTX-2: the twelve identity keys, in order.
IDENTITY_KEYS = (
    "cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "sourceIp",
    "principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider",
    "userArn", "userAgent", "user",
)  # fmt: skip

DEFAULT_REQUEST_ID = "00000000-0000-0000-0000-000000000000"
DEFAULT_API_ID = "a1b2c3d4e5"
DEFAULT_STAGE = "test"
DEFAULT_SOURCE_IP = "127.0.0.1"


@dataclass(frozen=True)
class ContextVariable:
    """One ``$context`` variable: what a template reads and where the value comes from."""

    name: str
    """The dotted name after ``$context.``."""
    type: str
    """What a template gets: ``String``, ``Long``, ``Map``."""
    source: str
    """Where :func:`build_context` takes the value from, in order, when the caller gives none."""
    listed: bool
    """Whether ``$context.keySet()`` (or the parent map's ``keySet()``) lists it by default."""
    spec: str
    """The spec rules behind it."""


_V = ContextVariable
CONTEXT_VARIABLES: tuple[ContextVariable, ...] = (
    _V("resourceId", "String", "`requestContext.resourceId`, else `abc123`", True, "MT §2.3 #50"),
    _V(
        "resourcePath",
        "String",
        "`requestContext.resourcePath`, else `resource`, else `path`, else `/`",
        True,
        "MT §2.3 #51, CTX-4",
    ),
    _V(
        "httpMethod",
        "String",
        "`requestContext.httpMethod`, else `httpMethod`, else `GET`",
        True,
        "MT §2.3 #20",
    ),
    _V(
        "extendedRequestId",
        "String",
        "`requestContext.extendedRequestId`, else `AAAAAAAAAAAAAAA=`",
        True,
        "MT §2.3 #19",
    ),
    _V(
        "requestTime",
        "String",
        "`requestContext.requestTime`, else `requestTimeEpoch` in CLF (`dd/MMM/yyyy:HH:mm:ss +0000`)",
        True,
        "MT §2.3 #48",
    ),
    _V(
        "path",
        "String",
        "`requestContext.path`, else `/<stage><path>`",
        True,
        "MT §2.3 #40, CTX-4, EV-4",
    ),
    _V(
        "accountId", "String", "`requestContext.accountId`, else `123456789012`", True, "MT §2.3 #1"
    ),
    _V(
        "protocol",
        "String",
        "`requestContext.protocol`, else `HTTP/1.1`",
        True,
        "MT §2.3 #41, CTX-4",
    ),
    _V(
        "requestOverride",
        "Map",
        '`{path={}, header={}, querystring={}}`; prints `""`',
        True,
        "MT §7, OV-1, CTX-3",
    ),
    _V("requestOverride.header", "Map", "`{}`, set by the template", True, "MT §2.3 #43, OV-1"),
    _V("requestOverride.path", "Map", "`{}`, set by the template", True, "MT §2.3 #44, OV-1"),
    _V(
        "requestOverride.querystring", "Map", "`{}`, set by the template", True, "MT §2.3 #45, OV-1"
    ),
    _V("stage", "String", "`requestContext.stage`, else `test`", True, "MT §2.3 #53"),
    _V(
        "domainPrefix",
        "String",
        "`requestContext.domainPrefix`, else the first label of `domainName`",
        True,
        "MT §2.3 #13",
    ),
    _V(
        "requestTimeEpoch",
        "Long",
        "`requestContext.requestTimeEpoch` (milliseconds), else `0`: the core reads no clock",
        True,
        "MT §2.3 #49",
    ),
    _V(
        "requestId",
        "String",
        "`requestContext.requestId`, else a UUID-shaped `X-Amzn-RequestId` header, "
        f"else `{DEFAULT_REQUEST_ID}`",
        True,
        "MT §2.1, §2.3 #42",
    ),
    _V(
        "identity", "Map", 'the twelve keys below, in that order; prints `""`', True, "CTX-2, CTX-3"
    ),
    _V(
        "identity.cognitoIdentityPoolId",
        "String",
        "`requestContext.identity`, else null",
        True,
        "MT §2.3 #34, CTX-2",
    ),
    _V("identity.accountId", "String", "`requestContext.identity`, else null", True, "MT §2.3 #21"),
    _V(
        "identity.cognitoIdentityId",
        "String",
        "`requestContext.identity`, else null",
        True,
        "MT §2.3 #33",
    ),
    _V("identity.caller", "String", "`requestContext.identity`, else null", True, "MT §2.3 #24"),
    _V(
        "identity.sourceIp",
        "String",
        "`requestContext.identity`, else the first `X-Forwarded-For` address, "
        f"else `{DEFAULT_SOURCE_IP}`",
        True,
        "MT §2.1, §2.3 #36",
    ),
    _V(
        "identity.principalOrgId",
        "String",
        "`requestContext.identity`, else null",
        True,
        "MT §2.3 #35",
    ),
    _V("identity.accessKey", "String", "`requestContext.identity`, else null", True, "CTX-2"),
    _V(
        "identity.cognitoAuthenticationType",
        "String",
        "`requestContext.identity`, else null",
        True,
        "MT §2.3 #32",
    ),
    _V(
        "identity.cognitoAuthenticationProvider",
        "String",
        "`requestContext.identity`, else null",
        True,
        "MT §2.3 #31",
    ),
    _V("identity.userArn", "String", "`requestContext.identity`, else null", True, "MT §2.3 #39"),
    _V(
        "identity.userAgent",
        "String",
        "`requestContext.identity`, else the `User-Agent` header, else null",
        True,
        "MT §2.3 #38",
    ),
    _V("identity.user", "String", "`requestContext.identity`, else null", True, "MT §2.3 #37"),
    _V(
        "identity.apiKey",
        "String",
        "`requestContext.identity` only (null, and not listed, without an API key)",
        False,
        "MT §2.3 #22, CTX-2",
    ),
    _V(
        "identity.apiKeyId",
        "String",
        "`requestContext.identity` only (not listed without an API key)",
        False,
        "MT §2.3 #23, CTX-2",
    ),
    _V(
        "identity.clientCert",
        "Map",
        "`requestContext.identity` only (mutual TLS: `clientCertPem`, `subjectDN`, `issuerDN`, "
        "`serialNumber`, `validity.notBefore`, `validity.notAfter`)",
        False,
        "MT §2.3 #25-#30",
    ),
    _V(
        "domainName",
        "String",
        "`requestContext.domainName`, else the `Host` header, else "
        "`<apiId>.execute-api.us-east-1.amazonaws.com`",
        True,
        "MT §2.3 #12",
    ),
    _V("deploymentId", "String", "`requestContext.deploymentId`, else `abcdef`", True, "EV-7"),
    _V("responseOverride", "Map", '`{header={}}`; prints `""`', True, "MT §7, OV-1, CTX-3"),
    _V("responseOverride.header", "Map", "`{}`, set by the template", True, "MT §2.3 #46, OV-1"),
    _V(
        "responseOverride.status",
        "Integer",
        "absent until the template sets it",
        False,
        "MT §2.3 #47, OV-1",
    ),
    _V("apiId", "String", f"`requestContext.apiId`, else `{DEFAULT_API_ID}`", True, "MT §2.3 #2"),
    _V(
        "authorizer",
        "Map",
        "`requestContext.authorizer` only; not listed without an authorizer (CTX-1, CTX-3)",
        False,
        "MT §2.1, §2.3 #3-#6",
    ),
    _V(
        "authorizer.principalId",
        "String",
        "`requestContext.authorizer`",
        False,
        "MT §2.3 #5",
    ),
    _V(
        "authorizer.claims",
        "Map",
        '`requestContext.authorizer` (Cognito); prints `""`: the bare variable is null',
        False,
        "MT §2.1, §2.3 #3, #4",
    ),
    _V(
        "authorizer.<key>",
        "String",
        '`requestContext.authorizer`; numbers and booleans become strings (`1` → `"1"`)',
        False,
        "MT §2.1, §2.3 #6",
    ),
    _V(
        "awsEndpointRequestId",
        "String",
        "the caller's `context=` only (AWS integrations, after the call)",
        False,
        "MT §2.3 #8",
    ),
    _V(
        "error.message",
        "String",
        "the caller's `context=` only (gateway responses)",
        False,
        "MT §2.3 #14",
    ),
    _V(
        "error.messageString",
        "String",
        "the caller's `context=`, else `error.message` as a JSON string",
        False,
        "MT §2.3 #15, VPB D.5",
    ),
    _V("error.responseType", "String", "the caller's `context=` only", False, "MT §2.3 #16"),
    _V(
        "error.validationErrorString",
        "String",
        "the caller's `context=` only",
        False,
        "MT §2.3 #17",
    ),
    _V(
        "wafResponseCode",
        "String",
        "`requestContext` only (unset without a web ACL)",
        False,
        "MT §2.3 #54",
    ),
    _V(
        "webaclArn",
        "String",
        "`requestContext` only (unset without a web ACL)",
        False,
        "MT §2.3 #55",
    ),
    _V(
        "xrayTraceId",
        "String",
        "`requestContext` only (not in the key set, CTX-1)",
        False,
        "MT §2.3 #56, §2.5",
    ),
)
del _V

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# header names build_context reads, lower-cased
_WANTED_HEADERS = frozenset(("host", "user-agent", "x-forwarded-for", "x-amzn-requestid"))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# requestTime is printed for years 1 to 9999; beyond, the epoch is refused
_EPOCH_RANGE = (-62135596800000, 253402300799999)


@functools.lru_cache(maxsize=256)
def request_time(epoch_ms: int) -> str:
    """``requestTime`` for an epoch in milliseconds: CLF ``dd/MMM/yyyy:HH:mm:ss +0000`` in
    UTC (MT §2.3 #48, PAR A.2), e.g. ``04/Mar/2020:19:15:17 +0000``."""
    days, rest = divmod(epoch_ms // 1000, 86400)
    hour, rest = divmod(rest, 3600)
    minute, second = divmod(rest, 60)
    # Civil date from days since 1970-01-01 (H. Hinnant's algorithm): no clock, no locale,
    # any year; month names from a table, not strftime's locale-dependent %b.
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return f"{day:02d}/{_MONTHS[month - 1]}/{year:04d}:{hour:02d}:{minute:02d}:{second:02d} +0000"


def request_epoch(value: Any) -> int:
    """``requestTimeEpoch`` as a Long: whole numbers, also as text, in the years 1 to 9999;
    anything else is an :class:`InvalidRequestError`."""
    if type(value) is int:
        epoch = value
    elif (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, str) and value.strip().lstrip("-").isdigit()
    ):
        epoch = int(value)
    else:
        raise InvalidRequestError(f"requestTimeEpoch must be a whole number of ms, got {value!r}")
    if not _EPOCH_RANGE[0] <= epoch <= _EPOCH_RANGE[1]:
        raise InvalidRequestError(
            f"requestTimeEpoch {epoch} is outside the years 1 to 9999 that requestTime can show"
        )
    return epoch


def _headers(request: Mapping[str, Any]) -> dict[str, str]:
    """The few headers build_context derives values from, by lower-cased name (last value)."""
    found: dict[str, str] = {}
    for key, values in (request.get("multiValueHeaders") or {}).items():
        lowered = str(key).lower()
        if lowered in _WANTED_HEADERS and values:
            # a lone string is the one value, as method_request_params reads it
            found[lowered] = values if isinstance(values, str) else str(values[-1])
    for key, value in (request.get("headers") or {}).items():
        lowered = str(key).lower()
        if lowered in _WANTED_HEADERS and value is not None:
            found[lowered] = str(value)
    return found


def merge(target: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Deep-merge caller values into a context map (maps merge, anything else replaces)."""
    for key, value in extra.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            merge(current, value)
        elif isinstance(value, Mapping):
            target[key] = copy_map(value)
        else:
            target[key] = value


def _carry(target: dict[str, Any], carried: Mapping[str, Any], copy: bool = False) -> None:
    """Values an earlier template set, put back without counting as new writes; with
    ``copy``, maps among them are copied (as :func:`copy_map` would have copied them)."""
    for key, value in carried.items():
        current = target.get(key)
        if isinstance(current, dict) and (type(value) is dict or isinstance(value, Mapping)):
            for name, item in value.items():
                if copy and type(item) is not str and isinstance(item, Mapping):
                    item = copy_map(item)
                dict.__setitem__(current, name, item)
        else:
            if copy and isinstance(value, Mapping):
                value = copy_map(value)
            dict.__setitem__(target, key, value)


def copy_map(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of nested maps as plain dicts (other values shared), as ``context=`` is merged."""
    return {
        k: v if type(v) is str else copy_map(v) if isinstance(v, Mapping) else v
        for k, v in value.items()
    }


def _stringified(value: Any) -> Any:
    """MT §2.1: a Lambda authorizer's context values reach templates as strings."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return SilentMap((str(k), _stringified(v)) for k, v in value.items())
    if isinstance(value, bool | int | float):
        return to_java_string(value)
    return value


def _authorizer(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    out = JsonObject()
    for key, item in value.items():
        if key == "claims" and isinstance(item, Mapping):
            # MT §2.1: bare $context.authorizer.claims is null, so it prints ""
            out[key] = SilentMap((str(k), _stringified(v)) for k, v in item.items())
        else:
            out[str(key)] = _stringified(item)
    return out


def build_context(
    request: Mapping[str, Any], extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``$context`` for a method request, in the key order real API Gateway shows (CTX-1).

    Values come from the request's ``requestContext`` deep-merged with ``extra`` (the
    caller's ``context=``), else are derived from the request where API Gateway derives them
    (``httpMethod``, ``resourcePath``, ``path``, ``identity.userAgent``, ``identity.sourceIp``,
    ``domainName``), else are deterministic defaults (:data:`CONTEXT_VARIABLES` lists each
    rule). Derived values follow the caller's: a ``stage`` given in ``extra`` changes
    ``path``, a ``requestTimeEpoch`` changes ``requestTime``. The core reads no clock:
    ``requestTimeEpoch`` defaults to 0. A ``None`` value means "not given".

    Keys the caller adds (``authorizer``, ``error``, ...) come after the eighteen of CTX-1;
    identity keys after the twelve of CTX-2. Raises :class:`InvalidRequestError` for a
    ``requestTimeEpoch`` that is not a whole number.
    """
    given_context = request.get("requestContext")
    if extra:
        given: Mapping[str, Any] = copy_map(given_context) if given_context else {}
        merge(given, extra)  # type: ignore[arg-type]
    else:
        given = given_context or {}
    base = context_base(request, given)
    return instantiate_context(base, given.get("requestOverride"), given.get("responseOverride"))


def context_base(
    request: Mapping[str, Any],
    given: Mapping[str, Any],
    grouped_headers: Mapping[str, tuple[str, list[str]]] | None = None,
) -> dict[str, Any]:
    """The parts of ``$context`` read from the request and ``given`` (its merged
    ``requestContext``), before :func:`instantiate_context` adds the maps a template may
    change: the overrides are ``None``, ``authorizer`` and ``error`` as given.
    ``grouped_headers`` as for :func:`apigw_core.mapping.prepare_request`."""
    get = given.get
    if grouped_headers is None:
        headers = _headers(request)
    else:
        headers = {
            key: grouped_headers[key][1][-1] for key in _WANTED_HEADERS if key in grouped_headers
        }

    stage = get("stage")
    if stage is None:
        stage = DEFAULT_STAGE
    concrete = request.get("path") or "/"
    epoch_given = get("requestTimeEpoch")
    epoch = 0 if epoch_given is None else request_epoch(epoch_given)
    api_id = get("apiId") or DEFAULT_API_ID
    domain = (
        get("domainName") or headers.get("host") or f"{api_id}.execute-api.us-east-1.amazonaws.com"
    )
    request_id = get("requestId")
    if request_id is None:
        header_id = headers.get("x-amzn-requestid", "")
        # MT §2.1: a client may set the request id with a UUID in X-Amzn-RequestId
        request_id = header_id if _UUID.fullmatch(header_id) else DEFAULT_REQUEST_ID

    identity_given = get("identity")
    if not isinstance(identity_given, Mapping):
        identity_given = {}
    identity = SilentMap.fromkeys(IDENTITY_KEYS)
    for key, value in identity_given.items():
        if value is not None or key not in identity:
            identity[key] = value
    if identity["sourceIp"] is None:
        forwarded = headers.get("x-forwarded-for", "").split(",")[0].strip()
        identity["sourceIp"] = forwarded or DEFAULT_SOURCE_IP
    if identity["userAgent"] is None:
        identity["userAgent"] = headers.get("user-agent")

    requested = get("requestTime")
    context: dict[str, Any] = {
        "resourceId": get("resourceId") or "abc123",
        "resourcePath": get("resourcePath") or request.get("resource") or concrete,
        "httpMethod": get("httpMethod") or request.get("httpMethod") or "GET",
        "extendedRequestId": get("extendedRequestId") or "AAAAAAAAAAAAAAA=",
        "requestTime": requested if requested is not None else request_time(epoch),
        "path": get("path") or f"/{stage}{concrete}",  # CTX-4, EV-4
        "accountId": get("accountId") or "123456789012",
        "protocol": get("protocol") or "HTTP/1.1",
        "requestOverride": None,
        "stage": stage,
        "domainPrefix": get("domainPrefix") or str(domain).split(".")[0],
        "requestTimeEpoch": epoch,
        "requestId": request_id,
        "identity": identity,
        "domainName": domain,
        "deploymentId": get("deploymentId") or "abcdef",
        "responseOverride": None,
        "apiId": api_id,
    }
    if len(given) > 0:
        for key, value in given.items():
            if key not in context and value is not None:
                context[key] = value
    return context


def instantiate_context(
    base: dict[str, Any],
    carried_request: Any,
    carried_response: Any,
    *,
    copy: bool = False,
    copy_carried: bool = False,
) -> dict[str, Any]:
    """``$context`` from :func:`context_base`'s result: fresh override maps holding the
    carried overrides (OV-1, OV-3), ``authorizer`` and ``error`` converted. With ``copy``,
    ``base`` is left as it is so that it can serve again; otherwise it becomes the result.
    With ``copy_carried``, maps within the carried overrides are copied, not shared."""
    if copy:
        context = dict(base)
        context["identity"] = SilentMap(base["identity"])
    else:
        context = base
    request_override, response_override = new_overrides()  # OV-1
    if isinstance(carried_request, Mapping):
        _carry(request_override, carried_request, copy_carried)  # OV-3: the earlier overrides
    if isinstance(carried_response, Mapping):
        _carry(response_override, carried_response, copy_carried)
    context["requestOverride"] = request_override
    context["responseOverride"] = response_override
    if len(context) > 18:  # keys beyond CTX-1's eighteen: the caller's
        if "authorizer" in context:
            context["authorizer"] = _authorizer(context["authorizer"])
        error = context.get("error")
        if isinstance(error, Mapping):
            error = context["error"] = JsonObject(error)
            message = error.get("message")
            if error.get("messageString") is None and isinstance(message, str):
                # VPB D.5, MT §2.3 #15: the message as a quoted string
                error["messageString"] = json.dumps(message, ensure_ascii=False)
    return context


def context_reference_table() -> str:
    """The Markdown table of :data:`CONTEXT_VARIABLES` that docs/reference-mapping.md shows."""
    rows = [
        "| variable | type | listed by `keySet()` | value when the caller gives none | spec |",
        "|---|---|---|---|---|",
    ]
    for variable in CONTEXT_VARIABLES:
        listed = "yes" if variable.listed else "no"
        rows.append(
            f"| `$context.{variable.name}` | {variable.type} | {listed} | "
            f"{variable.source.replace('|', '&#124;')} | {variable.spec} |"
        )
    return "\n".join(rows) + "\n"
