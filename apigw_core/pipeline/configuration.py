"""The configuration check made before a method runs (issue 4).

A method or API configuration that API Gateway's control plane would refuse raises
:class:`apigw_core.ConfigurationError` whatever path a request takes: a bad
``selectionPattern`` is reported even for a request that fails validation first, an unknown
model even for a method without a request validator. Each part is checked once per
configuration dict (see ``_config_cache.py``), so the check costs a few microseconds per call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline._config_cache import ConfigCache
from apigw_core.pipeline._shapes import config_map
from apigw_core.pipeline.enums import (
    ContentHandling,
    GatewayResponseType,
    IntegrationType,
    PassthroughBehavior,
)
from apigw_core.pipeline.gateway_responses import gateway_error, render_gateway_response
from apigw_core.pipeline.integration_responses import _method_responses, _parsed_responses
from apigw_core.pipeline.parameters import parse_response_parameters, parsed_request_parameters
from apigw_core.pipeline.selection import _templates
from apigw_core.pipeline.validation import _model_set, _required_parameters, request_validator

__all__ = ["check_configuration"]


def check_configuration(method: Mapping[str, Any], api: Mapping[str, Any]) -> None:
    """Raise :class:`ConfigurationError` if ``method`` (GetMethod) or ``api`` (GetRestApi plus
    ``models``, ``requestValidators``, ``gatewayResponses``) is not a valid configuration.

    Checked: the integration's ``type``, ``timeoutInMillis`` (50 to 29,000),
    ``passthroughBehavior``, ``contentHandling``, request templates and mapping expressions
    (VPB F.1, MT §6.2); every IntegrationResponse's status code, ``selectionPattern`` (a Java
    regex, VPB E.3), ``responseParameters``, ``responseTemplates`` and ``contentHandling``;
    ``methodResponses``; the method's ``requestParameters`` keys (VAL-8: a name in one
    location only); that ``requestValidatorId`` and every ``requestModels`` name exist; every
    model (draft 4, its regular expressions, its references to other models, VAL-5);
    ``binaryMediaTypes``; and the gateway responses (types, status codes, mapping
    expressions, VPB D.4).

    Shapes (issue 4): ``method``, ``api`` and each part read are maps, lists or strings as
    the management API gives them; ``requestParameters``, ``requestModels``,
    ``requestTemplates``, ``responseParameters`` and ``responseTemplates`` map strings to
    strings (booleans for the method's ``requestParameters``); ``integrationResponses``,
    ``methodResponses``, ``requestValidators``, ``models`` and ``gatewayResponses`` are maps
    (or GetX ``items`` lists) of objects; ``binaryMediaTypes`` is a list of strings. A part of
    another shape raises :class:`ConfigurationError` naming it, never an arbitrary exception.
    """
    check_maps(method, api)
    _METHODS.get(method, None, lambda: _check_method(method))
    models = _check_api(api)
    request_validator(method, api)  # the validator id must exist (cached)
    for content_type, name in (method.get("requestModels") or {}).items():
        if name not in models:
            raise ConfigurationError(
                f"requestModels[{content_type!r}]: unknown model {name!r}: it is not in "
                "api['models']"
            )


def check_maps(method: object, api: object) -> None:
    """Raise :class:`ConfigurationError` unless ``method`` and ``api`` are maps."""
    config_map(method, "method (a GetMethod response)")
    config_map(api, "api (a GetRestApi response)")


def _check_method(method: Mapping[str, Any]) -> bool:
    _required_parameters(method.get("requestParameters"))
    models = method.get("requestModels")
    if models is not None and (
        not isinstance(models, Mapping) or not all(isinstance(v, str) for v in models.values())
    ):
        raise ConfigurationError("requestModels must map content types to model names")
    if method.get("methodResponses") is not None:
        _method_responses(method["methodResponses"])
    integration = method.get("methodIntegration")
    if not isinstance(integration, Mapping):
        raise ConfigurationError("the method has no methodIntegration")
    IntegrationType.parse(integration.get("type"))
    check_timeout(integration.get("timeoutInMillis"))
    PassthroughBehavior.parse(integration.get("passthroughBehavior"))
    ContentHandling.parse(integration.get("contentHandling"))
    _templates(integration.get("requestTemplates"), "requestTemplates")
    parsed_request_parameters(integration.get("requestParameters"))
    uri = integration.get("uri")
    if uri is not None and not isinstance(uri, str):
        raise ConfigurationError(f"integration uri must be a string; got {uri!r}")
    for response, _ in _parsed_responses(integration):
        where = f"integration response {response['statusCode']}"
        parse_response_parameters(response.get("responseParameters"))
        _templates(response.get("responseTemplates"), f"{where}: responseTemplates")
        ContentHandling.parse(response.get("contentHandling"))
    return True


def check_timeout(timeout: object) -> None:
    """``timeoutInMillis``: absent, or an integer from 50 to 29,000 (VPB 0.5, F.10)."""
    if timeout is None:
        return
    if isinstance(timeout, bool) or not isinstance(timeout, int) or not 50 <= timeout <= 29000:
        raise ConfigurationError(f"timeoutInMillis must be 50..29000; got {timeout!r}")


def _check_api(api: Mapping[str, Any]) -> frozenset[str]:
    """The API-wide checks; returns the model names. Each part is cached on its own dict,
    so a request compares the parts it uses, not the whole API."""
    binary = api.get("binaryMediaTypes")
    if binary is not None and (
        not isinstance(binary, list) or not all(isinstance(t, str) for t in binary)
    ):
        raise ConfigurationError("binaryMediaTypes must be a list of media types")
    responses = api.get("gatewayResponses")
    _GATEWAY_RESPONSES.get(responses, None, lambda: _check_gateway_responses(api))
    return _model_set(api).check_all()  # metaschema, regular expressions, references


def _check_gateway_responses(api: Mapping[str, Any]) -> bool:
    for kind in GatewayResponseType:
        # Rendering each type once on an empty request checks its status code, mapping
        # expressions and templates; the result is not used.
        render_gateway_response(gateway_error(kind), api, {})
    return True


_METHODS: ConfigCache[bool] = ConfigCache()
_GATEWAY_RESPONSES: ConfigCache[bool] = ConfigCache()
