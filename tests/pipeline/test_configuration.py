"""Configuration checked before a method runs (issue 4: "a bad regex in selectionPattern, an
unknown model or an illegal mapping expression must never surface as a random exception").

Every row is a configuration API Gateway's control plane refuses. The request misses a
required parameter, so it would stop at validation (400) before most of the configuration is
used: the error must come from the up-front check, as a ConfigurationError.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from apigw_core import ApigwError
from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import build_method_request, check_configuration, invoke_method

METHOD: dict[str, Any] = {
    "httpMethod": "POST",
    "requestValidatorId": "all",
    "requestParameters": {"method.request.header.x-required": True},
    "requestModels": {"application/json": "Pet"},
    "methodResponses": {"200": {"statusCode": "200"}},
    "methodIntegration": {
        "type": "MOCK",
        "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "requestParameters": {"integration.request.header.x-id": "method.request.path.id"},
        "integrationResponses": {
            "200": {
                "statusCode": "200",
                "selectionPattern": "",
                "responseParameters": {"method.response.header.X-Stage": "context.stage"},
                "responseTemplates": {"application/json": "{}"},
            }
        },
    },
}
API: dict[str, Any] = {
    "id": "a1b2c3d4e5",
    "models": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
    "requestValidators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
}
REQUEST = build_method_request("POST", "/pets", headers={"Content-Type": "application/json"})


def _integration(config: dict[str, Any]) -> dict[str, Any]:
    return config["methodIntegration"]  # type: ignore[no-any-return]


def _response(config: dict[str, Any]) -> dict[str, Any]:
    return _integration(config)["integrationResponses"]["200"]  # type: ignore[no-any-return]


# (why, change to the method, change to the api, message pattern)
ROWS: list[tuple[str, Any, Any, str]] = [
    ("bad selectionPattern regex (VPB E.3)", lambda m: _response(m).update(selectionPattern="("), None, "invalid selectionPattern"),
    ("selectionPattern not a string", lambda m: _response(m).update(selectionPattern=4), None, "selectionPattern must be a string"),
    ("unknown model in requestModels (VPB A.5)", lambda m: m.update(requestModels={"application/json": "Nope"}), None, "unknown model 'Nope'"),
    ("unknown model without a validator", lambda m: m.update(requestValidatorId=None, requestModels={"text/plain": "Nope"}), None, "unknown model 'Nope'"),
    ("model that is not draft 4", None, lambda a: a["models"].update(Pet={"type": "whatever"}), "not a valid draft-4 schema"),
    ("model referencing an unknown model (VAL-5)", None, lambda a: a["models"].update(Pet={"$ref": "Dog"}), "unknown model 'Dog'"),
    ("model with a $ref to nothing", None, lambda a: a["models"].update(Pet={"items": {"$ref": "#/definitions/x"}}), "points to nothing"),
    ("model with a bad pattern", None, lambda a: a["models"].update(Pet={"pattern": "(("}), "not a valid draft-4 schema|regular expression"),
    ("model with a bad patternProperties regex", None, lambda a: a["models"].update(Pet={"patternProperties": {"(": {}}}), "regular expression"),
    ("an unused model is checked too", None, lambda a: a["models"].update(Other={"type": 7}), "not a valid draft-4 schema"),
    ("models not JSON", None, lambda a: a["models"].update(Pet="{oops"), "not valid JSON"),
    ("illegal request mapping expression (VPB F.1)", lambda m: _integration(m).update(requestParameters={"integration.request.header.a": "nonsense"}), None, "invalid mapping expression"),
    ("illegal request mapping destination", lambda m: _integration(m).update(requestParameters={"integration.response.header.a": "'x'"}), None, "invalid integration request parameter"),
    ("invalid JSONPath in a body mapping (MT §6.4)", lambda m: _integration(m).update(requestParameters={"integration.request.header.a": "method.request.body.a[?("}), None, "invalid JSONPath"),
    ("illegal response mapping expression (VPB E.5)", lambda m: _response(m).update(responseParameters={"method.response.header.a": "method.request.header.a"}), None, "invalid mapping expression"),
    ("illegal response mapping destination", lambda m: _response(m).update(responseParameters={"integration.response.header.a": "'x'"}), None, "invalid response parameter"),
    ("illegal method request parameter key", lambda m: m.update(requestParameters={"method.request.cookie.c": True}), None, "illegal method request parameter"),
    ("one name in two locations (VAL-8)", lambda m: m.update(requestParameters={"method.request.header.a": True, "method.request.querystring.a": False}), None, "unique across"),
    ("unknown requestValidatorId (VPB A.3)", lambda m: m.update(requestValidatorId="nope"), None, "requestValidatorId 'nope'"),
    ("integration response status not HTTP", lambda m: _response(m).update(statusCode="2000"), None, "statusCode must be an HTTP status"),
    ("method response status not HTTP", lambda m: m.update(methodResponses={"abc": {}}), None, "statusCode must be an HTTP status"),
    ("requestTemplates not a map", lambda m: _integration(m).update(requestTemplates=["x"]), None, "requestTemplates must map"),
    ("responseTemplates value not a string", lambda m: _response(m).update(responseTemplates={"application/json": 1}), None, "must be a template string"),
    ("response contentHandling unknown (VPB C.3)", lambda m: _response(m).update(contentHandling="CONVERT_TO_XML"), None, "contentHandling"),
    ("integration contentHandling unknown", lambda m: _integration(m).update(contentHandling="X"), None, "contentHandling"),
    ("passthroughBehavior unknown (VPB B.3)", lambda m: _integration(m).update(passthroughBehavior="SOMETIMES"), None, "passthroughBehavior"),
    ("integration type unknown", lambda m: _integration(m).update(type="SOAP"), None, "integration type"),
    ("timeoutInMillis out of range (VPB F.10)", lambda m: _integration(m).update(timeoutInMillis=29001), None, "timeoutInMillis"),
    ("uri not a string", lambda m: _integration(m).update(uri=7), None, "uri must be a string"),
    ("no methodIntegration", lambda m: m.pop("methodIntegration"), None, "no methodIntegration"),
    ("binaryMediaTypes not strings (BIN-1)", None, lambda a: a.update(binaryMediaTypes=[1]), "binaryMediaTypes"),
    ("unknown gateway response type (VPB D.1)", None, lambda a: a.update(gatewayResponses={"NOPE": {}}), "unknown gateway response type"),
    ("gateway response status not a number", None, lambda a: a.update(gatewayResponses={"DEFAULT_4XX": {"statusCode": "abc"}}), "statusCode must be a number"),
    ("illegal gateway response mapping (VPB D.4)", None, lambda a: a.update(gatewayResponses={"DEFAULT_5XX": {"responseParameters": {"gatewayresponse.header.a": "nonsense"}}}), "illegal gateway response parameter"),
]  # fmt: skip


def _configs(change_method: Any, change_api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    method, api = copy.deepcopy(METHOD), copy.deepcopy(API)
    if change_method is not None:
        change_method(method)
    if change_api is not None:
        change_api(api)
    return method, api


def test_the_base_configuration_is_valid() -> None:
    check_configuration(METHOD, API)
    assert invoke_method(REQUEST, METHOD, API)["statusCode"] == 400  # x-required is missing


@pytest.mark.parametrize(
    ("why", "change_method", "change_api", "message"), ROWS, ids=[r[0] for r in ROWS]
)
def test_configuration_errors_are_reported_up_front(
    why: str, change_method: Any, change_api: Any, message: str
) -> None:
    method, api = _configs(change_method, change_api)
    with pytest.raises(ConfigurationError, match=message) as caught:
        invoke_method(REQUEST, method, api)
    assert isinstance(caught.value, ApigwError)
    with pytest.raises(ConfigurationError, match=message):
        check_configuration(method, api)


def test_a_configuration_fixed_in_place_is_accepted_again() -> None:
    method, api = _configs(lambda m: _response(m).update(selectionPattern="("), None)
    with pytest.raises(ConfigurationError):
        invoke_method(REQUEST, method, api)
    _response(method)["selectionPattern"] = ""
    assert invoke_method(REQUEST, method, api)["statusCode"] == 400
