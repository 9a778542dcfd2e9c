"""The messages of the most common wrongly shaped inputs (issue 4): each row puts one bad
value into the working MOCK method, API or request of ``test_hostile_shapes`` (or gives a
backend's answer) and names the error ``invoke_method`` raises and a fragment of its message,
which names the field concerned."""

from __future__ import annotations

from typing import Any

import pytest

import apigw_core
from apigw_core import ConfigurationError
from apigw_core.mapping import InvalidRequestError

from .test_hostile_shapes import API, LAMBDA_URI, METHOD, REQUEST, _method_for, _replace

#: (path of the value replaced, the bad value, the error, a fragment of its message)
MISTAKES: list[tuple[tuple[str, ...], Any, type[Exception], str]] = [
    # the request: not a proxy event 1.0
    (("request", "headers"), "Content-Type: application/json", InvalidRequestError, "headers must be a map or null, not str"),
    (("request", "multiValueHeaders"), 1, InvalidRequestError, "multiValueHeaders must be a map or null, not int"),
    (("request", "queryStringParameters"), [["q", "1"]], InvalidRequestError, "queryStringParameters must be a map or null, not list"),
    (("request", "stageVariables"), 1, InvalidRequestError, "stageVariables must be a map or null, not int"),
    (("request", "requestContext"), "prod", InvalidRequestError, "requestContext must be a map or null, not str"),
    (("request", "requestContext"), {"requestTimeEpoch": "yesterday"}, InvalidRequestError, "requestTimeEpoch must be a whole number of ms, got 'yesterday'"),
    (("request", "body"), {"name": "Rex"}, InvalidRequestError, "request body must be str, bytes or None; got dict"),
    (("request", "isBase64Encoded"), True, InvalidRequestError, "marked isBase64Encoded but is not valid base64"),
    # the method
    (("method", "methodIntegration"), None, ConfigurationError, "the method has no methodIntegration"),
    (("method", "methodIntegration", "type"), "LAMBDA", ConfigurationError, "integration type must be one of AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK; got 'LAMBDA'"),
    (("method", "methodIntegration", "timeoutInMillis"), 30000, ConfigurationError, "timeoutInMillis must be 50..29000; got 30000"),
    (("method", "methodIntegration", "passthroughBehavior"), "ALWAYS", ConfigurationError, "passthroughBehavior must be one of"),
    (("method", "methodIntegration", "requestTemplates"), "{}", ConfigurationError, "requestTemplates must map media types to templates"),
    (("method", "methodIntegration", "integrationResponses"), "200", ConfigurationError, "integrationResponses must be a map of status code to response"),
    (("method", "methodIntegration", "integrationResponses", "200"), "200", ConfigurationError, "integration response '200' must be an object"),
    (("method", "methodIntegration", "integrationResponses", "200", "selectionPattern"), "(", ConfigurationError, "invalid selectionPattern '('"),
    (("method", "methodIntegration", "integrationResponses", "200", "statusCode"), "OK", ConfigurationError, "statusCode must be an HTTP status code; got 'OK'"),
    (("method", "methodIntegration", "integrationResponses", "200", "responseTemplates"), ["application/json"], ConfigurationError, "integration response 200: responseTemplates must map"),
    (("method", "methodIntegration", "integrationResponses", "200", "responseParameters"), {"method.response.header.X": "body"}, ConfigurationError, "invalid mapping expression 'body'"),
    (("method", "requestParameters"), ["method.request.header.x-id"], ConfigurationError, "requestParameters must map method.request.* names to booleans"),
    (("method", "requestParameters"), {"header.x-id": True}, ConfigurationError, "illegal method request parameter 'header.x-id'"),
    (("method", "requestModels"), {"application/json": "Dog"}, ConfigurationError, "requestModels['application/json']: unknown model 'Dog'"),
    (("method", "requestModels"), "Pet", ConfigurationError, "requestModels must map content types to model names"),
    (("method", "requestValidatorId"), "none", ConfigurationError, "requestValidatorId 'none' is not in api['requestValidators']"),
    (("method", "methodResponses"), ["200"], ConfigurationError, "methodResponses[0] must be an object; got '200'"),
    (("method",), "GET /pets", ConfigurationError, "method (a GetMethod response) must be a map; got 'GET /pets'"),
    # the API
    (("api",), ["a1b2c3d4e5"], ConfigurationError, "api (a GetRestApi response) must be a map"),
    (("api", "models", "Pet"), {"type": "objekt"}, ConfigurationError, "model 'Pet' is not a valid draft-4 schema"),
    (("api", "binaryMediaTypes"), "image/png", ConfigurationError, "binaryMediaTypes must be a list of media types"),
    (("api", "requestValidators"), "all", ConfigurationError, "api['requestValidators'] must be a map of id to validator; got 'all'"),
    (("api", "gatewayResponses"), "DEFAULT_4XX", ConfigurationError, "api['gatewayResponses'] must be a map of type to response"),
    (("api", "gatewayResponses"), ["DEFAULT_4XX"], ConfigurationError, "api['gatewayResponses'] items must be GetGatewayResponse objects"),
    (("api", "gatewayResponses", "NOT_A_TYPE"), {}, ConfigurationError, "unknown gateway response type 'NOT_A_TYPE'"),
    (("api", "gatewayResponses", "DEFAULT_4XX", "statusCode"), "4XX", ConfigurationError, "gateway response DEFAULT_4XX: statusCode must be a number; got '4XX'"),
    (("api", "gatewayResponses", "DEFAULT_4XX", "responseTemplates"), "x", ConfigurationError, "gateway response DEFAULT_4XX: responseTemplates must be a map of strings to strings; got 'x'"),
    (("api", "gatewayResponses", "DEFAULT_4XX", "responseParameters"), {"gatewayresponse.header.X": 1}, ConfigurationError, "responseParameters must be a map of strings to strings"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "error", "message"), MISTAKES)
def test_a_common_mistake_is_reported_by_name(
    path: tuple[str, ...], value: Any, error: type[Exception], message: str
) -> None:
    roots = _replace(path, value)
    with pytest.raises(error) as caught:
        apigw_core.invoke_method(roots["request"], roots["method"], roots["api"])
    assert message in str(caught.value)
    assert isinstance(caught.value, apigw_core.ApigwError)


#: (the call's arguments besides the request, method and API, the error, a fragment)
ARGUMENTS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"request": None}, InvalidRequestError, "the request must be a dict in the Lambda proxy event 1.0 shape, not NoneType"),
    ({"request": "GET /pets"}, InvalidRequestError, "the request must be a dict in the Lambda proxy event 1.0 shape, not str"),
    ({"stage_variables": "env=dev"}, ConfigurationError, "stage_variables must be a map; got 'env=dev'"),
    ({"method": _method_for("HTTP"), "backend": "https://example.com"}, ConfigurationError, "a HTTP integration needs a backend callable; got 'https://example.com'"),
]  # fmt: skip


@pytest.mark.parametrize(("arguments", "error", "message"), ARGUMENTS)
def test_a_wrong_argument_is_reported_by_name(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    call: dict[str, Any] = {"request": REQUEST, "method": METHOD, "api": API, **arguments}
    with pytest.raises(error) as caught:
        apigw_core.invoke_method(**call)
    assert message in str(caught.value)


#: (integration, the backend's answer, the error and a fragment, or the response's status)
ANSWERS: list[tuple[str, Any, tuple[type[Exception], str] | int]] = [
    # an HTTP endpoint always answers with an HTTP message: another shape is the caller's
    ("HTTP", "OK", (ConfigurationError, "the backend of an HTTP, HTTP_PROXY or AWS integration must return a dict")),
    ("HTTP", {"statusCode": "OK"}, (ConfigurationError, "backend statusCode must be an HTTP status; got 'OK'")),
    ("HTTP_PROXY", {"statusCode": 200, "headers": "a: b"}, (ConfigurationError, "backend headers must be a map or null; got 'a: b'")),
    ("HTTP_PROXY", {"statusCode": 200, "multiValueHeaders": ["a"]}, (ConfigurationError, "backend multiValueHeaders must be a map or null")),
    ("HTTP", {"statusCode": 200, "body": {"raw": b"\xff"}}, (ConfigurationError, "backend body is not JSON")),
    ("HTTP", {"statusCode": 200, "isBase64Encoded": True, "body": "!!"}, (ConfigurationError, "backend body is isBase64Encoded but not base64")),
    # PR-1: a Lambda proxy result of the wrong shape is 502
    ("AWS_PROXY", "OK", 502),
    ("AWS_PROXY", {"statusCode": 200, "extra": 1}, 502),
    ("AWS_PROXY", {"statusCode": "OK"}, 502),
    ("AWS_PROXY", {"statusCode": 200, "multiValueHeaders": {"a": "b"}}, 502),
    # a result Lambda cannot marshal is a function error (Runtime.MarshalError): 502
    ("AWS_PROXY", {"statusCode": 200, "body": b"\xff"}, 502),
    # a Lambda custom integration takes any JSON value
    ("AWS (Lambda)", ["any", "JSON", 1], 200),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "answer", "expected"), ANSWERS)
def test_a_backend_answer_of_the_wrong_shape(
    kind: str, answer: Any, expected: tuple[type[Exception], str] | int
) -> None:
    method = _method_for(kind)
    if isinstance(expected, int):
        response = apigw_core.invoke_method(REQUEST, method, API, backend=lambda _: answer)
        assert response["statusCode"] == expected, response
        return
    error, message = expected
    with pytest.raises(error) as caught:
        apigw_core.invoke_method(REQUEST, method, API, backend=lambda _: answer)
    assert message in str(caught.value)


def test_a_lambda_result_that_is_no_json_fails_the_function() -> None:
    """A custom integration's function error payload names Lambda's Runtime.MarshalError,
    and a selectionPattern can match it."""
    method = _method_for("AWS (Lambda)")
    assert method["methodIntegration"]["uri"] == LAMBDA_URI
    method["methodIntegration"]["integrationResponses"]["400"]["selectionPattern"] = (
        "Unable to marshal.*"
    )
    method["methodResponses"]["400"] = {"statusCode": "400"}
    response = apigw_core.invoke_method(REQUEST, method, API, backend=lambda _: {b"key": 1})
    assert response["statusCode"] == 400, response
    assert any("Runtime.MarshalError" in line for line in response["log"]), response["log"]


def test_a_request_parameter_without_values_is_not_sent_by_http_proxy() -> None:
    """``multiValueHeaders`` and ``multiValueQueryStringParameters`` may hold an empty list:
    the parameter is not forwarded (it failed with an IndexError)."""
    request = {
        **REQUEST,
        "multiValueHeaders": {**REQUEST["multiValueHeaders"], "X-Empty": []},
        "multiValueQueryStringParameters": {"empty": []},
    }
    sent: list[dict[str, Any]] = []

    def backend(integration_request: dict[str, Any]) -> dict[str, Any]:
        sent.append(integration_request)
        return {"statusCode": 200}

    response = apigw_core.invoke_method(request, _method_for("HTTP_PROXY"), API, backend=backend)
    assert response["statusCode"] == 200, response
    assert "X-Empty" not in sent[0]["multiValueHeaders"]
    assert "empty" not in sent[0]["uri"], sent[0]["uri"]
