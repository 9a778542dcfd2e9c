"""The method response of a non-proxy integration: status, headers and the final shape
(VPB E.1, E.5, E.7; HDR-2; OV-2 to OV-4).

The status is the selected IntegrationResponse's, unless a template set
``$context.responseOverride.status``; the headers are the ``responseParameters`` mappings
with ``$context.responseOverride.header.*`` laid over them, then renamed or dropped as API
Gateway does for method response headers (HDR-2).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from apigw_core.pipeline.enums import GatewayResponseType
from apigw_core.pipeline.gateway_responses import GatewayError
from apigw_core.pipeline.proxy import HeaderAction
from apigw_core.vtl.runtime import to_java_string

__all__ = [
    "DEFAULT_CONTENT_TYPE",
    "METHOD_RESPONSE_HEADERS",
    "apply_response_overrides",
    "build_method_response",
    "method_response_status",
    "remap_method_response_headers",
]

#: The ``Content-Type`` of a method response that maps none (VPB E.5: "API Gateway includes
#: a Content-Type header in all integration responses; by default application/json"; MISC-2).
DEFAULT_CONTENT_TYPE = "application/json"

_R, _D, _P = HeaderAction.REMAP, HeaderAction.DROP, HeaderAction.PASS

#: Mapped method response headers that are not sent as set (HDR-2, recorded for HTTP and
#: AWS integrations): renamed ``x-amzn-Remapped-<name>``, or dropped. Headers not listed
#: (Accept, Accept-Charset, Accept-Encoding, Age, Content-Encoding, Content-Type, Pragma,
#: Range, Referer, TE, Warn, ...) are sent as set.
METHOD_RESPONSE_HEADERS: Mapping[str, HeaderAction] = {
    "authorization": _R, "connection": _R, "content-length": _R, "content-md5": _R,
    "date": _R, "expect": _R, "host": _R, "max-forwards": _R, "proxy-authenticate": _R,
    "server": _R, "trailer": _R, "upgrade": _R, "user-agent": _R, "www-authenticate": _R,
    "transfer-encoding": _D,
}  # fmt: skip


def _values(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [v if isinstance(v, str) else to_java_string(v) for v in items if v is not None]


def apply_response_overrides(
    headers: Mapping[str, list[str]], response_override: Mapping[str, Any] | None
) -> dict[str, list[str]]:
    """Lay ``$context.responseOverride.header.*`` over the mapped headers (VPB E.7).

    An override replaces the mapped header of the same name (case-insensitively); it is sent
    even when the method response does not declare it (OV-2). A list gives several values.
    """
    merged = {name: list(values) for name, values in headers.items()}
    for name, value in ((response_override or {}).get("header") or {}).items():
        values = _values(value)
        for existing in [h for h in merged if h.lower() == str(name).lower()]:
            del merged[existing]
        if values:
            merged[str(name)] = values
    return merged


def method_response_status(
    selected_status: int, response_override: Mapping[str, Any] | None
) -> int | GatewayError:
    """The status the client gets (VPB E.3, E.7; OV-2, OV-4).

    ``$context.responseOverride.status`` wins over the selected IntegrationResponse's status,
    whether set in the request or the response template, even for a status that has no
    method response (OV-2). It may be a number or a numeric string; anything else, or a
    status outside 100-599, is a 500 ``API_CONFIGURATION_ERROR`` (an assumption, MT Q-OV-1).
    """
    override = (response_override or {}).get("status")
    if override is None or override == "":
        return selected_status
    text = override if isinstance(override, str) else to_java_string(override)
    if isinstance(override, bool) or not text.strip().isdigit() or not 100 <= int(text) <= 599:
        return GatewayError(
            GatewayResponseType.API_CONFIGURATION_ERROR,
            "Internal server error",
            log=(
                "Execution failed due to configuration error: "
                f"Invalid status code override: {text}",
            ),
        )
    return int(text)


def remap_method_response_headers(headers: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Rename or drop the headers API Gateway does not send as set (HDR-2).

    ``Authorization`` becomes ``x-amzn-Remapped-Authorization`` and so on for the 14 names
    of :data:`METHOD_RESPONSE_HEADERS`; ``Transfer-Encoding`` is dropped. The transport
    headers API Gateway adds itself (``Connection``, ``Content-Length``, ``Date``) are left
    to the caller.
    """
    out: dict[str, list[str]] = {}
    for name, values in headers.items():
        action = METHOD_RESPONSE_HEADERS.get(name.lower(), HeaderAction.PASS)
        if action is HeaderAction.DROP:
            continue
        target = f"x-amzn-Remapped-{name}" if action is HeaderAction.REMAP else name
        out.setdefault(target, []).extend(values)
    return out


def build_method_response(
    status_code: int,
    headers: Mapping[str, list[str]],
    body: str | bytes | None,
) -> dict[str, Any]:
    """The final response: ``{"statusCode", "headers", "multiValueHeaders", "body",
    "isBase64Encoded"}``.

    ``headers`` are the method response headers (after :func:`apply_response_overrides`);
    they are remapped (:func:`remap_method_response_headers`) and get ``Content-Type:
    application/json`` when none is set (VPB E.5). ``headers`` in the result joins several
    values with ``", "`` as a client sees them; ``multiValueHeaders`` keeps them apart. A
    binary body (``bytes``) is returned base64-encoded with ``isBase64Encoded: true``.
    """
    # remap_method_response_headers and the Content-Type check in one pass (every
    # response pays this): only a header sent as set can be the Content-Type
    final: dict[str, list[str]] = {}
    typed = False
    for name, values in headers.items():
        lowered = name.lower()
        action = METHOD_RESPONSE_HEADERS.get(lowered, _P)
        if action is _P:
            target = name
            typed = typed or lowered == "content-type"
        elif action is _D:
            continue
        else:
            target = f"x-amzn-Remapped-{name}"
        current = final.get(target)
        if current is None:
            final[target] = list(values)
        else:
            current.extend(values)
    if not typed:
        final = {"Content-Type": [DEFAULT_CONTENT_TYPE], **final}
    if type(body) is str:
        text, binary = body, False
    else:
        binary = isinstance(body, bytes)
        text = base64.b64encode(body).decode("ascii") if isinstance(body, bytes) else body or ""
    return {
        "statusCode": status_code,
        "headers": {name: ", ".join(values) for name, values in final.items()},
        "multiValueHeaders": final,
        "body": text,
        "isBase64Encoded": binary,
    }
