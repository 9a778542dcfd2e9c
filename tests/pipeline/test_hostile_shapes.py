"""Wrongly shaped requests and configurations never surface as arbitrary exceptions (issue 4:
"a bad regex in selectionPattern, an unknown model or an illegal mapping expression must never
surface as a random exception").

Each example takes a working MOCK method, API and request, replaces one value anywhere in
them with a random JSON-like value, and runs ``invoke_method``: the result must be a response,
or the call must raise an :class:`apigw_core.ApigwError` (``ConfigurationError`` for the
configuration, ``InvalidRequestError`` for the request). The same for a backend of each
integration type answering with a random value (a Lambda's answer is always a response, 502
where PR-1 says so), and for the exported step functions given one bad value.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apigw_core
from apigw_core import pipeline
from apigw_core.pipeline import build_method_request
from apigw_core.pipeline.invoke import FunctionError

METHOD: dict[str, Any] = {
    "httpMethod": "POST",
    "authorizationType": "NONE",
    "apiKeyRequired": False,
    "requestParameters": {"method.request.header.x-id": True, "method.request.querystring.q": False},
    "requestModels": {"application/json": "Pet"},
    "requestValidatorId": "all",
    "methodResponses": {"200": {"statusCode": "200", "responseParameters": {"method.response.header.X-Id": True}}},
    "methodIntegration": {
        "type": "MOCK",
        "httpMethod": "POST",
        "uri": "https://example.com/{id}",
        "passthroughBehavior": "WHEN_NO_TEMPLATES",
        "contentHandling": "CONVERT_TO_TEXT",
        "timeoutInMillis": 29000,
        "cacheKeyParameters": [],
        "requestParameters": {"integration.request.header.x-id": "method.request.header.x-id"},
        "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "integrationResponses": {
            "200": {
                "statusCode": "200",
                "selectionPattern": "",
                "responseParameters": {"method.response.header.X-Id": "'7'"},
                "responseTemplates": {"application/json": "$input.json('$')"},
            },
            "400": {"statusCode": "400", "selectionPattern": "4\\d{2}"},
        },
    },
}  # fmt: skip
API: dict[str, Any] = {
    "id": "a1b2c3d4e5",
    "binaryMediaTypes": ["image/png"],
    "minimumCompressionSize": None,
    "models": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
    "requestValidators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
    "gatewayResponses": {
        "DEFAULT_4XX": {"statusCode": "400", "responseTemplates": {"application/json": '{"m": $context.error.messageString}'}}
    },
}  # fmt: skip
REQUEST: dict[str, Any] = build_method_request(
    "POST",
    "/prod/pets?q=1",
    stage="prod",
    resource="/pets",
    headers={"Content-Type": "application/json", "x-id": "7"},
    body='{"name": "Rex"}',
)

ROOTS = {"method": METHOD, "api": API, "request": REQUEST}


def _paths(value: Any, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))


PATHS = sorted(p for name, root in ROOTS.items() for p in _paths(root, (name,)) if len(p) > 1)

JSON_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "200", "MOCK", "application/json", "(", "'", "$", "method.request.path.x"])
    | st.text(max_size=4),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=3), children, max_size=2),
    max_leaves=4,
)  # fmt: skip


def _replace(path: tuple[str, ...], value: Any, given: dict[str, Any] = ROOTS) -> dict[str, Any]:
    roots = copy.deepcopy(given)
    target: Any = roots
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return roots


def test_the_base_case_works() -> None:
    response = apigw_core.invoke_method(REQUEST, METHOD, API)
    assert response["statusCode"] == 200, response


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=JSON_LIKE)
def test_one_bad_value_is_a_response_or_an_apigw_error(path: tuple[str, ...], value: Any) -> None:
    _response_or_apigw_error(_replace(path, value))


def _response_or_apigw_error(roots: dict[str, Any], backend: Any = None) -> None:
    try:
        response = apigw_core.invoke_method(
            roots["request"], roots["method"], roots["api"], backend=backend
        )
    except apigw_core.ApigwError:
        return
    assert isinstance(response["statusCode"], int)
    assert isinstance(response["body"], str)


# --- a backend of each integration type returning random JSON-like values ----------------

LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
)
#: integration type, URI
BACKENDS = {
    "HTTP": ("HTTP", "https://example.com/pets"),
    "HTTP_PROXY": ("HTTP_PROXY", "https://example.com/pets"),
    "AWS (Lambda)": ("AWS", LAMBDA_URI),
    "AWS (S3)": ("AWS", "arn:aws:apigateway:us-east-1:s3:path/bucket/key"),
    "AWS_PROXY": ("AWS_PROXY", LAMBDA_URI),
}

RESULT_KEYS = st.sampled_from(
    ["statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "errorMessage", "x"]
)
#: JSON-like values biased towards the shape of a backend's answer, bytes included (a
#: Lambda payload or an HTTP body may be bytes; nested they are no JSON)
RESULTS = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "x", "200", "eA==", "!!", "application/json", "image/png"])
    | st.binary(max_size=3),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(RESULT_KEYS, children, max_size=4),
    max_leaves=6,
)  # fmt: skip


def _method_for(kind: str) -> dict[str, Any]:
    method = copy.deepcopy(METHOD)
    integration = method["methodIntegration"]
    integration["type"], integration["uri"] = BACKENDS[kind]
    return method


#: a well-formed answer of each backend
ANSWERS: dict[str, Any] = {
    "HTTP": {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"},
    "HTTP_PROXY": {"statusCode": 200, "body": "{}"},
    "AWS (Lambda)": {"saved": True},
    "AWS (S3)": {"statusCode": 200, "body": "{}"},
    "AWS_PROXY": {"statusCode": 200, "body": "{}"},
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(BACKENDS)), path=st.sampled_from(PATHS), value=JSON_LIKE)
def test_one_bad_value_with_a_backend_is_a_response_or_an_apigw_error(
    kind: str, path: tuple[str, ...], value: Any
) -> None:
    """The same on the paths of the other integration types, the backend answering well."""
    roots = _replace(path, value, {**ROOTS, "method": _method_for(kind)})
    _response_or_apigw_error(roots, lambda _: ANSWERS[kind])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(BACKENDS)),
    result=RESULTS,
    fails=st.sampled_from([None, "FunctionError", "ValueError"]),
)
def test_any_backend_answer_is_a_response_or_an_apigw_error(
    kind: str, result: Any, fails: str | None
) -> None:
    def backend(integration_request: dict[str, Any]) -> Any:
        if fails == "FunctionError":
            raise FunctionError(result)
        if fails == "ValueError":
            raise ValueError(result)
        return result

    try:
        response = apigw_core.invoke_method(REQUEST, _method_for(kind), API, backend=backend)
    except apigw_core.ConfigurationError:
        # only an HTTP-like backend can answer with what no HTTP endpoint would send
        assert kind in ("HTTP", "HTTP_PROXY", "AWS (S3)")
        return
    assert isinstance(response["statusCode"], int)
    assert isinstance(response["body"], str)
    malformed = not isinstance(result, dict) or bool({"x", "errorMessage"} & set(result))
    if kind == "AWS_PROXY" and (fails is not None or (malformed and type(result) is not bytes)):
        # PR-1: a function error, a result that is no JSON object, an unknown key
        assert response["statusCode"] == 502, response


# --- the step functions ---------------------------------------------------------------------

RESULT = {"statusCode": 200, "headers": {"a": "b"}, "multiValueHeaders": {"c": ["d"]}, "body": "{}"}
GATEWAY_PUT = {"responseType": "DEFAULT_4XX", "statusCode": "400", "responseTemplates": {"a": "b"}}
STEP_ROOTS: dict[str, Any] = {
    "request": REQUEST, "method": METHOD, "api": API, "result": RESULT,
    "stage_variables": {"v": "1"}, "put": GATEWAY_PUT,
}  # fmt: skip


def _integration(roots: dict[str, Any]) -> Any:
    method = roots["method"]
    return method.get("methodIntegration") if isinstance(method, dict) else method


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else value
    return value


STEPS: dict[str, Callable[[dict[str, Any]], object]] = {
    "check_configuration": lambda r: pipeline.check_configuration(r["method"], r["api"]),
    "validate_request": lambda r: pipeline.validate_request(r["request"], r["method"], r["api"]),
    "select_request_model": lambda r: pipeline.select_request_model(
        r["request"], _get(r["method"], "requestModels")
    ),
    "find_missing_parameters": lambda r: pipeline.find_missing_parameters(
        r["request"], _get(r["method"], "requestParameters")
    ),
    "load_models": lambda r: pipeline.load_models(r["api"]),
    "schema_errors": lambda r: pipeline.schema_errors({"name": 1}, "Pet", r["api"]),
    "build_lambda_proxy_event": lambda r: pipeline.build_lambda_proxy_event(
        r["request"], r["api"], stage_variables=r["stage_variables"]
    ),
    "convert_lambda_proxy_result": lambda r: pipeline.convert_lambda_proxy_result(
        r["result"], r["request"], r["api"]
    ),
    "build_http_proxy_request": lambda r: pipeline.build_http_proxy_request(
        r["request"], _integration(r), r["api"]
    ),
    "convert_http_proxy_response": lambda r: pipeline.convert_http_proxy_response(
        r["result"], r["api"]
    ),
    "render_gateway_response": lambda r: pipeline.render_gateway_response(
        pipeline.gateway_error("BAD_REQUEST_BODY"),
        r["api"],
        r["request"],
        stage_variables=r["stage_variables"],
    ),
    "get_gateway_responses": lambda r: pipeline.get_gateway_responses(r["api"]),
    "put_gateway_response": lambda r: pipeline.put_gateway_response(r["put"]),
    "select_integration_response": lambda r: pipeline.select_integration_response(
        _integration(r), "200", status_code=200
    ),
    "find_method_response": lambda r: pipeline.find_method_response(r["method"], 200),
    "map_request_parameters": lambda r: pipeline.map_request_parameters(
        r["request"],
        _get(_integration(r), "requestParameters"),
        stage_variables=r["stage_variables"],
    ),
    "map_response_parameters": lambda r: pipeline.map_response_parameters(
        _get(_integration(r), "integrationResponses", "200", "responseParameters"),
        r["result"],
        stage_variables=r["stage_variables"],
    ),
}
STEP_PATHS = sorted(p for name, root in STEP_ROOTS.items() for p in _paths(root, (name,)))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step=st.sampled_from(sorted(STEPS)), path=st.sampled_from(STEP_PATHS), value=JSON_LIKE)
def test_a_step_given_one_bad_value_returns_or_raises_an_apigw_error(
    step: str, path: tuple[str, ...], value: Any
) -> None:
    with contextlib.suppress(apigw_core.ApigwError):
        STEPS[step](_replace(path, value, STEP_ROOTS))
