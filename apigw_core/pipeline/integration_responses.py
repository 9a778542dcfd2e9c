"""Integration response selection (VPB E.2 to E.4, MT §1.1.1, SEL-1 to SEL-4).

A non-proxy integration's result is matched against the ``selectionPattern`` of each
IntegrationResponse: the HTTP status for HTTP, AWS service and MOCK integrations, the
``errorMessage`` of a failed function for Lambda custom integrations. Patterns are Java
regular expressions that must match the **whole** string (VPB E.3 rule 2). No match falls
back to the default response (blank pattern); no default is an invalid configuration, a
500 returned as data (rule 6).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline._config_cache import ConfigCache
from apigw_core.pipeline._shapes import config_map
from apigw_core.pipeline.enums import GatewayResponseType, IntegrationType
from apigw_core.pipeline.gateway_responses import GatewayError
from apigw_core.vtl.jregex import UnsupportedJavaRegex, compile_java_regex
from apigw_core.vtl.values import JavaException

__all__ = [
    "SelectedIntegrationResponse",
    "compile_selection_pattern",
    "find_method_response",
    "integration_responses",
    "is_lambda_custom_integration",
    "select_integration_response",
    "selection_key",
]

# VPB F.7, PAR A.1: a Lambda integration's URI is the function's invocation ARN.
_LAMBDA_URI = re.compile(r"^arn:aws[\w-]*:apigateway:[^:]*:lambda:path/")


def is_lambda_custom_integration(integration: Mapping[str, Any]) -> bool:
    """Whether an integration is a Lambda custom (non-proxy) integration: type ``AWS`` and a
    Lambda invocation URI (PAR A.1). Its patterns match ``errorMessage`` (SEL-1)."""
    if IntegrationType.parse(integration.get("type")) is not IntegrationType.AWS:
        return False
    return _LAMBDA_URI.match(str(integration.get("uri") or "")) is not None


def compile_selection_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a ``selectionPattern`` as the Java regular expression it is (VPB E.3 rule 1).

    An invalid pattern (Java's ``PatternSyntaxException``) or one that cannot be translated
    faithfully raises :class:`ConfigurationError`.
    """
    if not isinstance(pattern, str):
        raise ConfigurationError(f"selectionPattern must be a string; got {pattern!r}")
    try:
        return compile_java_regex(pattern)
    except JavaException as error:
        raise ConfigurationError(
            f"invalid selectionPattern {pattern!r}: {error.java_class}: {error.message}"
        ) from None
    except UnsupportedJavaRegex as error:
        raise ConfigurationError(f"invalid selectionPattern {pattern!r}: {error}") from None


def _status_code(value: object, where: str) -> str:
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    if not (text.isdigit() and 100 <= int(text) <= 599):
        raise ConfigurationError(f"{where}: statusCode must be an HTTP status code; got {value!r}")
    return str(int(text))


def integration_responses(integration: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The integration's ``integrationResponses`` as a list in configuration order.

    Accepts the GetMethod/GetIntegration shape (a map keyed by status code) or a list of
    IntegrationResponse objects. Each entry's ``statusCode`` must be an HTTP status and its
    ``selectionPattern``, if any, a valid Java regex; otherwise :class:`ConfigurationError`.
    """
    return [dict(response) for response, _ in _parsed_responses(integration)]


def _parsed_responses(
    integration: Mapping[str, Any],
) -> tuple[tuple[dict[str, Any], re.Pattern[str] | None], ...]:
    """Each IntegrationResponse, checked once per configuration, with its compiled pattern."""
    raw = config_map(integration, "methodIntegration").get("integrationResponses")
    if raw is None:
        return ()
    return _RESPONSES.get(raw, None, lambda: _parse_responses(raw))


def _parse_responses(raw: object) -> tuple[tuple[dict[str, Any], re.Pattern[str] | None], ...]:
    entries: list[tuple[object, object]]
    if isinstance(raw, Mapping):
        entries = list(raw.items())
    elif isinstance(raw, list):
        entries = [(None, item) for item in raw]
    else:
        raise ConfigurationError("integrationResponses must be a map of status code to response")
    result: list[tuple[dict[str, Any], re.Pattern[str] | None]] = []
    for key, entry in entries:
        if not isinstance(entry, Mapping):
            raise ConfigurationError(f"integration response {key!r} must be an object")
        status = entry.get("statusCode", key)
        response = dict(entry)
        response["statusCode"] = _status_code(status, f"integration response {key or status!r}")
        pattern = response.get("selectionPattern")
        compiled = None if pattern in (None, "") else compile_selection_pattern(pattern)
        result.append((response, compiled))
    return tuple(result)


_RESPONSES: ConfigCache[tuple[tuple[dict[str, Any], re.Pattern[str] | None], ...]] = ConfigCache()


def selection_key(
    integration: Mapping[str, Any],
    status_code: int | None,
    *,
    error_message: object = None,
    function_error: bool = False,
) -> str | None:
    """What the ``selectionPattern`` regexes are matched against (VPB E.2, E.3).

    * Lambda custom integrations: the ``errorMessage`` of a failed function (SEL-1), its
      JSON text when it is not a string; ``None`` for a success (no ``errorMessage``).
    * HTTP, AWS service and MOCK integrations: the status code as text (SEL-4; for MOCK the
      status its request template produced).
    """
    if is_lambda_custom_integration(integration):
        if not function_error:
            return None
        if error_message is None:
            return None
        if isinstance(error_message, str):
            return error_message
        return json.dumps(error_message, separators=(",", ":"))
    return str(200 if status_code is None else status_code)


@dataclass(frozen=True)
class SelectedIntegrationResponse:
    """The IntegrationResponse chosen for an integration result.

    ``response`` is the IntegrationResponse (``statusCode`` normalised to a string);
    ``is_default`` tells whether it was chosen as the default response.
    """

    response: Mapping[str, Any]
    is_default: bool

    @property
    def status_code(self) -> int:
        """The method response status it maps to."""
        return int(self.response["statusCode"])


def select_integration_response(
    integration: Mapping[str, Any], key: str | None, *, status_code: int | None = None
) -> SelectedIntegrationResponse | GatewayError:
    """Choose the IntegrationResponse for a selection ``key`` (VPB E.3).

    The patterns are tried in configuration order and the first whose Java regex matches
    the **whole** key wins (rule 2; SEL-3: with ``.*x.*`` and ``.+`` both matching, the
    first configured wins). A ``None`` key (a successful Lambda) is matched as the empty
    string, so ``.*`` catches it and ``.+`` does not (rule 7, SEL-1). A blank pattern marks
    the default response, used when nothing matches (rule 6). With no match and no default:
    500 ``API_CONFIGURATION_ERROR`` (rule 6, E.4); ``status_code``, the integration's
    status, only goes into that error's log line.
    """
    subject = "" if key is None else key
    default: dict[str, Any] | None = None
    for response, pattern in _parsed_responses(integration):
        if pattern is None:
            if default is None:
                default = response
            continue
        if pattern.fullmatch(subject) is not None:
            return SelectedIntegrationResponse(dict(response), False)
    if default is not None:
        return SelectedIntegrationResponse(dict(default), True)
    return GatewayError(
        GatewayResponseType.API_CONFIGURATION_ERROR,
        "Internal server error",
        log=(
            # Wording as real API Gateway logs it (EXT, not in the guide).
            "Execution failed due to configuration error: No match for output mapping and "
            "no default output mapping configured. Endpoint Response Status Code: "
            f"{status_code if status_code is not None else key}",
        ),
    )


def _method_responses(raw: object) -> dict[str, Mapping[str, Any]]:
    """The MethodResponses by status code, the first of a repeated status winning."""
    items: list[tuple[object, object]]
    if isinstance(raw, Mapping):
        items = list(raw.items())
    elif isinstance(raw, list):
        items = [(None, entry) for entry in raw]
    else:
        raise ConfigurationError("methodResponses must be a map of status code to response")
    declared: dict[str, Mapping[str, Any]] = {}
    for index, (key, entry) in enumerate(items):
        if not isinstance(entry, Mapping):
            where = f"methodResponses[{index}]" if key is None else f"method response {key!r}"
            raise ConfigurationError(f"{where} must be an object; got {entry!r}")
        status = entry.get("statusCode", key)
        declared.setdefault(_status_code(status, f"method response {key or status!r}"), entry)
    return declared


_METHOD_RESPONSES: ConfigCache[dict[str, Mapping[str, Any]]] = ConfigCache()


def find_method_response(
    method: Mapping[str, Any], status_code: int
) -> Mapping[str, Any] | GatewayError | None:
    """The MethodResponse for ``status_code`` (VPB E.1, E.4).

    ``method["methodResponses"]`` (a map keyed by status code, or a list) must declare the
    status, or the client gets 500 ``API_CONFIGURATION_ERROR`` although the backend call
    succeeded (E.1, E.3 rule 8). When the method has no ``methodResponses`` key at all the
    check is skipped and ``None`` is returned (the configuration is taken as not given).
    """
    raw = config_map(method, "method").get("methodResponses")
    if raw is None:
        return None
    declared = _METHOD_RESPONSES.get(raw, None, lambda: _method_responses(raw))
    found = declared.get(str(status_code))
    if found is not None:
        return found
    return GatewayError(
        GatewayResponseType.API_CONFIGURATION_ERROR,
        "Internal server error",
        log=(
            # Wording as real API Gateway logs it (EXT, not in the guide).
            "Execution failed due to configuration error: Output mapping refers to an "
            f"invalid method response: {status_code}",
        ),
    )
