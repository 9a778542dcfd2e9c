"""``invoke_method`` end to end: MOCK, AWS_PROXY, HTTP, HTTP_PROXY, Lambda custom and the
gateway-response paths, against the guide's worked examples and the recorded cases."""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from typing import Any

import pytest

import apigw_core
from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import FunctionError, build_method_request, invoke_method

from .recorded import BY_ID as RECORDED
from .recorded_invoke import BY_ID, cases

LAMBDA_URI = (
    "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-west-2:123456789012:function:{name}/invocations"
)
API: dict[str, Any] = {"id": "beags1mnid"}


def _method(integration: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"httpMethod": "ANY", "methodIntegration": integration, **extra}


def _mock(request_template: str | None, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    integration: dict[str, Any] = {"type": "MOCK", "integrationResponses": responses}
    if request_template is not None:
        integration["requestTemplates"] = {"application/json": request_template}
    integration.update(extra)
    return integration


def _masked(lines: list[str]) -> list[str]:
    return [
        re.sub(r"^\w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4}", "DDD MMM dd hh:mm:ss UTC yyyy", line)
        for line in lines
    ]


def _messages(lines: list[str]) -> list[str]:
    return [line.split(" : ", 1)[1] for line in lines[1:]]


def test_exported_from_the_package() -> None:
    assert apigw_core.invoke_method is invoke_method


# --- MOCK ---------------------------------------------------------------------------------

E6_REQUEST_TEMPLATE = """{
  #if( $input.params('scope') == "internal" )
    "statusCode": 200
  #else
    "statusCode": 500
  #end
}"""
E6_OK = '{\n    "statusCode": 200,\n    "message": "Go ahead without me"\n}'
E6_ERROR = '{\n    "statusCode": 500,\n    "message": "The invoked method is not supported on the API resource."\n}'
E6_METHOD = _method(
    _mock(
        E6_REQUEST_TEMPLATE,
        {
            "200": {"statusCode": "200", "responseTemplates": {"application/json": E6_OK}},
            "500": {
                "statusCode": "500",
                "selectionPattern": "5\\d{2}",
                "responseTemplates": {"application/json": E6_ERROR},
            },
        },
    ),
    methodResponses={"200": {"statusCode": "200"}, "500": {"statusCode": "500"}},
)


@pytest.mark.parametrize(
    ("query", "status", "body"),
    [("?scope=internal", 200, E6_OK), ("", 500, E6_ERROR), ("?scope=public", 500, E6_ERROR)],
)
def test_example_e6_mock(query: str, status: int, body: str) -> None:
    """VPB Example E-6 / MT #45: the request template picks the status, the response
    template the body; headers {"Content-Type":"application/json"}."""
    request = build_method_request("GET", "/" + query)
    response = invoke_method(request, E6_METHOD, API)
    assert (response["statusCode"], response["body"]) == (status, body)
    assert response["headers"] == {"Content-Type": "application/json"}
    assert response["isBase64Encoded"] is False


PET_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "price": {"type": "number", "maximum": 500}},
}
VALIDATED = _method(
    _mock(
        '#set($pet = $input.path(\'$\'))#set($context.responseOverride.header.X-Pet = $pet.name){"statusCode": #if($pet.price > 100)201#{else}200#end}',
        {
            "200": {"statusCode": "200", "selectionPattern": "", "responseTemplates": {"application/json": '{"saved": "$input.params(\'id\')", "status": "ok"}', "application/xml": "<saved/>"}},
            "201": {"statusCode": "201", "selectionPattern": "201", "responseTemplates": {"application/json": '{"saved": "$input.params(\'id\')", "status": "pricey"}'}},
        },
    ),
    httpMethod="POST",
    requestParameters={"method.request.path.id": True, "method.request.header.x-tenant": True},
    requestModels={"application/json": "Pet"},
    requestValidatorId="all",
    methodResponses={"200": {"statusCode": "200"}, "201": {"statusCode": "201"}},
)  # fmt: skip
VALIDATED_API = {
    "id": "a1b2c3",
    "models": {"Pet": PET_SCHEMA},
    "requestValidators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
}


def _pet_request(body: str | None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    return build_method_request(
        "POST",
        "/prod/pets/7",
        stage="prod",
        resource="/pets/{id}",
        headers={"x-tenant": "t1", "Content-Type": "application/json", **(headers or {})},
        body=body,
    )


@pytest.mark.parametrize(
    ("body", "headers", "status", "expected"),
    [
        ('{"name": "Rex", "price": 10}', {}, 200, '{"saved": "7", "status": "ok"}'),
        ('{"name": "Rex", "price": 300}', {}, 201, '{"saved": "7", "status": "pricey"}'),
        ('{"name": "Rex", "price": 10}', {"Accept": "application/xml"}, 200, "<saved/>"),
        ('{"name": "Rex", "price": 900}', {}, 400, '{"message":"Invalid request body"}'),
        ('{"price": 1}', {}, 400, '{"message":"Invalid request body"}'),
        (None, {}, 400, '{"message":"Invalid request body"}'),
    ],
)
def test_mock_with_validation_and_both_templates(
    body: str | None, headers: dict[str, str], status: int, expected: str
) -> None:
    """VPB A (validation), B.5 (Accept picks the response template), E.8 (MOCK status),
    OV-2 (a response header override from the request template)."""
    response = invoke_method(_pet_request(body, headers), VALIDATED, VALIDATED_API)
    assert (response["statusCode"], response["body"]) == (status, expected)
    if status < 400:
        assert response["headers"]["X-Pet"] == "Rex"
        assert "Request validation succeeded for content type application/json" in _messages(
            response["log"]
        )


def test_missing_parameters_checked_first() -> None:
    """VAL-1, VAL-2: BAD_REQUEST_PARAMETERS before the body."""
    request = build_method_request("POST", "/pets/7", resource="/pets/{id}", body="{}")
    response = invoke_method(request, VALIDATED, VALIDATED_API)
    assert response["statusCode"] == 400
    assert json.loads(response["body"]) == {
        "message": "Missing required request parameters: [x-tenant]"
    }
    assert _messages(response["log"])[-1] == "Method completed with status: 400"


def test_recorded_mock_invalid_json_request_template() -> None:
    """ls-mock-invalid-json-request-template (PT-6): {statusCode: 200} still gives 200, and
    no response template means an empty body."""
    case = RECORDED["ls-mock-invalid-json-request-template"]
    inputs = case["inputs"]
    method = _method(
        _mock(
            case["template"]["request_template"],
            {"200": inputs["integration_response"]},
            requestParameters=inputs["requestParameters"],
        )
    )
    request = build_method_request("GET", inputs["client_request"]["path"])
    response = invoke_method(request, method, API)
    assert response["statusCode"] == case["aws_output"]["status"]
    assert response["body"] == case["aws_output"]["body_text"]


MOCK_OVERRIDE_CASES = cases("vtl", "context.requestOverride") + [
    c for c in cases("vtl", "context.responseOverride") if c["inputs"]["integration_type"] == "MOCK"
]


@pytest.mark.parametrize("case", MOCK_OVERRIDE_CASES, ids=[c["id"] for c in MOCK_OVERRIDE_CASES])
def test_recorded_mock_overrides(case: dict[str, Any]) -> None:
    """OV-2, OV-3 (recorded): overrides from the request template reach the response
    template and the client, with or without a response template."""
    inputs, templates = case["inputs"], case["template"]
    response_entry = dict(
        inputs.get("integration_response") or {"statusCode": "200", "selectionPattern": ""}
    )
    if templates.get("response_template") is not None:
        response_entry["responseTemplates"] = {"application/json": templates["response_template"]}
    method = _method(_mock(templates["request_template"], {"200": response_entry}))
    client = inputs["client_request"]
    request = build_method_request(
        client["method"], client["path"], resource=inputs.get("resource_path")
    )
    response = invoke_method(request, method, API)
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    for name, value in expected.get("headers_include", {}).items():
        assert response["headers"][name] == value
    if "body_json" in expected:
        assert json.loads(response["body"]) == expected["body_json"]
    else:
        assert response["body"] == expected["body_text"]


def test_ov2_status_without_method_response() -> None:
    """OV-2: 418 and X-Note reach the client although only 200 is declared; empty body."""
    method = _method(
        _mock(
            '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Note = "hi"){"statusCode": 200}',
            {"200": {"statusCode": "200"}},
        ),
        methodResponses={"200": {"statusCode": "200"}},
    )
    response = invoke_method(build_method_request("GET", "/"), method, API)
    assert (response["statusCode"], response["headers"]["X-Note"], response["body"]) == (
        418,
        "hi",
        "",
    )


TEST_INVOKE = cases("vtl", "test_invoke")


@pytest.mark.parametrize("case", TEST_INVOKE, ids=[c["id"] for c in TEST_INVOKE])
def test_recorded_test_invoke_logs(case: dict[str, Any]) -> None:
    """MISC-2 (recorded): the MOCK log, line for line (timestamps masked as recorded)."""
    inputs = case["inputs"]
    method = _method(
        _mock(
            '{"statusCode": 200}',
            {
                "200": {
                    "statusCode": "200",
                    "responseTemplates": {"application/json": case["template"]},
                }
            },
        ),
        httpMethod=inputs["httpMethod"],
    )
    target = inputs["pathWithQueryString"]
    if target is None:  # MISC-2: without pathWithQueryString, {name} is literal
        request = build_method_request(
            inputs["httpMethod"], "/pets/{petId}", body=inputs["body"] or None
        )
        request["pathParameters"] = {"petId": "{petId}"}
    else:
        request = build_method_request(
            inputs["httpMethod"], target, resource="/pets/{petId}", body=inputs["body"] or None
        )
    expected = case["aws_output"]
    request_id = expected["log_lines"]["line00"].rsplit(" ", 1)[1]
    request["requestContext"]["requestId"] = request_id
    response = invoke_method(request, method, API)
    assert response["statusCode"] == expected["status"]
    assert json.loads(response["body"]) == expected["body_json"]
    recorded = [line for line in expected["log_lines"].values() if line]
    assert _masked(response["log"]) == recorded


def test_example_f9_cors_options_mock() -> None:
    """VPB Example F-9 (derived): the OPTIONS mock returns the static CORS headers."""
    method = {
        "httpMethod": "OPTIONS",
        "methodResponses": {"200": {"statusCode": "200", "responseParameters": {
            "method.response.header.Access-Control-Allow-Origin": False,
            "method.response.header.Access-Control-Allow-Methods": False,
            "method.response.header.Access-Control-Allow-Headers": False}}},
        "methodIntegration": _mock('{"statusCode": 200}', {"200": {"statusCode": "200", "responseParameters": {
            "method.response.header.Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'",
            "method.response.header.Access-Control-Allow-Methods": "'*'",
            "method.response.header.Access-Control-Allow-Origin": "'*'"}}}),
    }  # fmt: skip
    response = invoke_method(build_method_request("OPTIONS", "/users"), method, API)
    assert response["statusCode"] == 200
    assert response["headers"] == {
        "Content-Type": "application/json",
        "Access-Control-Allow-Headers": "Content-Type,X-Amz-Date,Authorization,X-Api-Key",
        "Access-Control-Allow-Methods": "*",
        "Access-Control-Allow-Origin": "*",
    }
    assert response["body"] == ""


# --- AWS_PROXY ----------------------------------------------------------------------------


def _hello(integration_request: dict[str, Any]) -> dict[str, Any]:
    """The function of VPB Example F-5, in Python."""
    event = integration_request["event"]
    greeter = "World"
    if event.get("greeter"):
        greeter = event["greeter"]
    elif event.get("body"):
        body = json.loads(event["body"])
        if body.get("greeter"):
            greeter = body["greeter"]
    elif (event.get("queryStringParameters") or {}).get("greeter"):
        greeter = event["queryStringParameters"]["greeter"]
    elif (event.get("multiValueHeaders") or {}).get("greeter"):
        greeter = " and ".join(event["multiValueHeaders"]["greeter"])
    elif (event.get("headers") or {}).get("greeter"):
        greeter = event["headers"]["greeter"]
    return {"statusCode": 200, "headers": {"Content-Type": "*/*"}, "body": f"Hello, {greeter}!"}


PROXY_METHOD = _method(
    {"type": "AWS_PROXY", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="HelloWorld")}
)


@pytest.mark.parametrize(
    ("method", "target", "headers", "body"),
    [
        ("GET", "/test/greeting?greeter=jane", {}, None),
        ("GET", "/test/hi", {"content-type": "application/json", "greeter": "jane"}, None),
        ("POST", "/test/hi", {"content-type": "application/json"}, '{ "greeter": "jane" }'),
    ],
)
def test_example_f5_lambda_proxy(
    method: str, target: str, headers: dict[str, str], body: str | None
) -> None:
    """VPB Example F-5: the three curl requests all answer 200 "Hello, jane!"."""
    request = build_method_request(
        method, target, stage="test", resource="/{proxy+}", headers=headers, body=body
    )
    seen: list[dict[str, Any]] = []

    def backend(integration_request: dict[str, Any]) -> dict[str, Any]:
        seen.append(integration_request)
        return _hello(integration_request)

    response = invoke_method(request, PROXY_METHOD, API, backend=backend)
    assert (response["statusCode"], response["body"]) == (200, "Hello, jane!")
    assert response["headers"]["Content-Type"] == "*/*"
    (sent,) = seen
    assert sent["httpMethod"] == "POST" and sent["uri"] == LAMBDA_URI.format(name="HelloWorld")
    assert json.loads(sent["body"]) == sent["event"]
    assert sent["event"]["requestContext"]["path"] == target.split("?")[0]
    messages = _messages(response["log"])
    assert messages[-2:] == [
        "Successfully completed execution",
        "Method completed with status: 200",
    ]


def test_lambda_proxy_stage_variables_and_uri() -> None:
    """MT §5.3: ${stageVariables.function} in the URI; the event carries the variables."""
    method = _method({"type": "AWS_PROXY", "uri": LAMBDA_URI.format(name="${stageVariables.fn}")})
    seen: list[dict[str, Any]] = []
    request = build_method_request("GET", "/")
    invoke_method(
        request,
        method,
        API,
        backend=lambda r: seen.append(r) or {"statusCode": 200},
        stage_variables={"fn": "Beta"},
    )
    assert seen[0]["uri"] == LAMBDA_URI.format(name="Beta")
    assert seen[0]["event"]["stageVariables"] == {"fn": "Beta"}


@pytest.mark.parametrize(
    ("backend_result", "status", "body"),
    [
        ({"statusCode": 200, "extra": 1}, 502, '{"message":"Internal server error"}'),
        ("just a string", 502, '{"message":"Internal server error"}'),
        ({"statusCode": "202"}, 202, ""),
        ({}, 200, ""),
    ],
)
def test_lambda_proxy_result_rules(backend_result: Any, status: int, body: str) -> None:
    """PR-1, PR-2 (recorded) through invoke_method."""
    request = build_method_request("GET", "/")
    response = invoke_method(request, PROXY_METHOD, API, backend=lambda _: backend_result)
    assert (response["statusCode"], response["body"]) == (status, body)


def test_lambda_proxy_function_error_is_502() -> None:
    """PR-1: a function error (the backend raises) is 502 Internal server error."""

    def failing(_: dict[str, Any]) -> Any:
        raise ValueError("boom")

    response = invoke_method(build_method_request("GET", "/"), PROXY_METHOD, API, backend=failing)
    assert (response["statusCode"], response["body"]) == (
        502,
        '{"message":"Internal server error"}',
    )
    assert any("customer function error: boom" in m for m in _messages(response["log"]))


def test_recorded_aws_proxy_get_integration_method() -> None:
    """ls-gwresp-aws-proxy-integration-method-get (GR-6): 500, whatever INTEGRATION_FAILURE says."""
    case = RECORDED["ls-gwresp-aws-proxy-integration-method-get"]
    inputs = case["inputs"]
    method = _method(
        {
            "type": "AWS_PROXY",
            "httpMethod": inputs["integrationHttpMethod"],
            "uri": LAMBDA_URI.format(name="F"),
        }
    )
    api = {"gatewayResponses": inputs["gateway_responses"]}
    request = build_method_request(
        inputs["client_request"]["method"], inputs["client_request"]["path"]
    )
    response = invoke_method(request, method, api, backend=lambda _: {"statusCode": 200})
    assert response["statusCode"] == case["aws_output"]["status"]
    assert json.loads(response["body"]) == case["aws_output"]["body_json"]


def test_validation_applies_to_aws_proxy() -> None:
    """VAL-7: validation also applies to AWS_PROXY methods."""
    method = _method(
        PROXY_METHOD["methodIntegration"],
        requestParameters={"method.request.querystring.q": True},
        requestValidatorId="v",
    )
    api = {"requestValidators": {"v": {"validateRequestParameters": True}}}
    response = invoke_method(build_method_request("GET", "/"), method, api, backend=_hello)
    assert response["statusCode"] == 400


def test_lambda_proxy_binary_response() -> None:
    """BIN-7: base64 decoded when isBase64Encoded and the Accept matches binaryMediaTypes."""
    api = {"binaryMediaTypes": ["audio/ogg"]}
    result = {"body": "T2dn", "isBase64Encoded": True}
    for accept, body, flag in (("audio/ogg", "T2dn", True), ("text/html,audio/ogg", "T2dn", False)):
        request = build_method_request("GET", "/", headers={"Accept": accept})
        response = invoke_method(request, PROXY_METHOD, api, backend=lambda _: result)
        assert (response["body"], response["isBase64Encoded"]) == (body, flag)


# --- recorded invoke-time configuration errors (HDR-1, GR-5) ------------------------------

ILLEGAL = [c for c in RECORDED.values() if c["id"].startswith("ls-gwresp-illegal-header-mapping-")]


@pytest.mark.parametrize("case", ILLEGAL, ids=[c["id"] for c in ILLEGAL])
def test_recorded_illegal_header_mappings(case: dict[str, Any]) -> None:
    """HDR-1 (recorded): 500 Internal server error at invoke time, for each integration type."""
    inputs = case["inputs"]
    kind = inputs["integration_type"]
    (destination,) = inputs["requestParameters"]
    integration: dict[str, Any] = {
        "type": kind,
        "requestParameters": {destination: "'value'"},
        "uri": LAMBDA_URI.format(name="F")
        if kind.startswith("AWS")
        else "https://backend.example/x",
        "integrationResponses": {"200": {"statusCode": "200"}},
    }
    calls: list[Any] = []
    response = invoke_method(
        build_method_request("GET", "/"),
        _method(integration),
        API,
        backend=lambda r: calls.append(r) or {"statusCode": 200},
    )
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    assert json.loads(response["body"]) == expected["body_json"]
    for name, value in expected["headers_include"].items():
        assert response["headers"][name] == value
    assert calls == []


# --- HTTP ---------------------------------------------------------------------------------


def _echo(status: int = 200, headers: dict[str, str] | None = None) -> Any:
    def backend(integration_request: dict[str, Any]) -> dict[str, Any]:
        return {
            "statusCode": status,
            "headers": {"Content-Type": "application/json", **(headers or {})},
            "body": json.dumps({"message": "", "status_code": status}),
        }

    return backend


E11 = _method(
    {
        "type": "HTTP",
        "httpMethod": "GET",
        "uri": "https://backend.example/validation",
        "integrationResponses": {
            "400": {
                "statusCode": "400",
                "responseParameters": {"method.response.header.test-method-response-header": "'static value'"},
                "responseTemplates": {"application/xml": "xml 400 response template", "application/json": "json 400 response template"},
            },
            "200": {"statusCode": "200", "selectionPattern": "2\\d{2}"},
        },
    },
    methodResponses={"200": {"statusCode": "200"}, "400": {"statusCode": "400"}},
)  # fmt: skip


def test_example_e11_http_selection() -> None:
    """VPB Example E-11 (derived): backend 201 → 200 passthrough; 404 → default 400 with the
    static header and the json template (no Accept)."""
    request = build_method_request("GET", "/validation")
    ok = invoke_method(request, E11, API, backend=_echo(201))
    assert ok["statusCode"] == 200
    assert json.loads(ok["body"]) == {"message": "", "status_code": 201}
    error = invoke_method(request, E11, API, backend=_echo(404))
    assert (error["statusCode"], error["body"]) == (400, "json 400 response template")
    assert error["headers"]["test-method-response-header"] == "static value"
    xml = invoke_method(
        build_method_request("GET", "/validation", headers={"Accept": "application/xml"}),
        E11,
        API,
        backend=_echo(404),
    )
    assert xml["body"] == "xml 400 response template"


@pytest.mark.parametrize(
    "case_id", ["ls-selection-http-status-http-200", "ls-selection-http-status-http-400"]
)
def test_recorded_http_status_selection(case_id: str) -> None:
    """SEL-4 (recorded): HTTP with one default response maps every backend status to it."""
    case = BY_ID[case_id]
    inputs = case["inputs"]
    method = _method(
        {
            "type": "HTTP",
            "httpMethod": "POST",
            "uri": "https://httpbin.example/status",
            "integrationResponses": {r["statusCode"]: r for r in inputs["integration_responses"]},
        }
    )
    response = invoke_method(
        build_method_request("GET", "/"), method, API, backend=_echo(inputs["backend_status"])
    )
    assert response["statusCode"] == case["aws_output"]["status"]
    assert json.loads(response["body"]) == case["aws_output"]["body_json"]


def test_example_e12_s3_header_mappings() -> None:
    """VPB Example E-12: Content-Type, Content-Length and Date mapped from S3's headers;
    Content-Length is remapped (HDR-2); 4xx → 400, 5xx → 500, others → 200."""
    integration = {
        "type": "AWS",
        "httpMethod": "GET",
        "uri": "arn:aws:apigateway:us-west-2:s3:path/{bucket}",
        "requestParameters": {"integration.request.path.bucket": "method.request.path.folder"},
        "integrationResponses": {
            "4\\d{2}": {"statusCode": "400", "selectionPattern": "4\\d{2}"},
            "default": {"statusCode": "200", "responseParameters": {
                "method.response.header.Content-Type": "integration.response.header.Content-Type",
                "method.response.header.Content-Length": "integration.response.header.Content-Length",
                "method.response.header.Timestamp": "integration.response.header.Date"}},
            "5\\d{2}": {"statusCode": "500", "selectionPattern": "5\\d{2}"},
        },
    }  # fmt: skip
    seen: list[dict[str, Any]] = []

    def s3(integration_request: dict[str, Any]) -> dict[str, Any]:
        seen.append(integration_request)
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "application/xml", "Content-Length": "12", "Date": "Wed, 01 May 2024 10:00:00 GMT"},
            "body": "<ListBucket/>",
        }  # fmt: skip

    request = build_method_request("GET", "/prod/mybucket", stage="prod", resource="/{folder}")
    response = invoke_method(request, _method(integration), API, backend=s3)
    assert seen[0]["uri"] == "arn:aws:apigateway:us-west-2:s3:path/mybucket"
    assert response["statusCode"] == 200 and response["body"] == "<ListBucket/>"
    assert response["headers"] == {
        "Content-Type": "application/xml",
        "x-amzn-Remapped-Content-Length": "12",
        "Timestamp": "Wed, 01 May 2024 10:00:00 GMT",
    }
    for status, expected in ((403, 400), (503, 500), (302, 200)):
        got = invoke_method(
            request, _method(integration), API, backend=lambda _, s=status: {"statusCode": s}
        )
        assert got["statusCode"] == expected


def test_recorded_http_integration_request() -> None:
    """ls-other-integration-method-http (HDR-4): integrationHttpMethod, no client headers,
    Accept application/json, User-Agent AmazonAPIGateway_<api id>, Content-Type."""
    case = BY_ID["ls-other-integration-method-http"]
    client = case["inputs"]["client_request"]
    request = build_method_request(
        client["method"], "/", headers=client["headers"], body=json.dumps(client["body_json"])
    )
    seen: list[dict[str, Any]] = []
    method = _method(
        {
            "type": "HTTP",
            "httpMethod": "POST",
            "uri": "https://echo.example/post",
            "integrationResponses": {"200": {"statusCode": "200"}},
        }
    )
    invoke_method(request, method, API, backend=lambda r: seen.append(r) or {"statusCode": 200})
    sent = seen[0]
    expected = case["aws_output"]["backend_saw"]
    assert sent["httpMethod"] == expected["method"]
    headers = {k.lower(): v for k, v in sent["headers"].items()}
    for name, value in expected["headers"].items():
        if name == "user-agent":
            value = value.replace("<rest_api_id:1>", API["id"])
        if name == "host":
            value = "echo.example"
        if not value.startswith("<"):
            assert headers[name] == value, name
    assert set(headers) >= set(expected["headers"])
    assert headers["content-length"] == str(len(sent["body"].encode("utf-8")))
    assert json.loads(sent["body"]) == client["body_json"]


# Setting Content-Length, by a mapping (HDR-1) or by requestOverride (LocalStack's handler),
# is a 500: tests/pipeline/test_parameters.py::test_hdr1_forbidden_header_override*
@pytest.mark.parametrize(
    ("body", "length"),
    [("", "0"), ('{"é": 1}', "9")],  # bytes, not characters
)
def test_non_proxy_content_length(body: str, length: str) -> None:
    """HDR-4 (recorded): non-proxy HTTP sends API Gateway's own Content-Length, the length
    in bytes of the integration request body. The console's log (PAR I.3) shows the headers
    without it."""
    integration: dict[str, Any] = {
        "type": "HTTP",
        "httpMethod": "POST",
        "uri": "https://echo.example/post",
        "integrationResponses": {"200": {"statusCode": "200"}},
    }
    seen: list[dict[str, Any]] = []
    request = build_method_request(
        "POST", "/", headers={"Content-Type": "application/json"}, body=body
    )
    response = invoke_method(
        request, _method(integration), API, backend=lambda r: seen.append(r) or {"statusCode": 200}
    )
    lengths = [v for k, v in seen[0]["headers"].items() if k.lower() == "content-length"]
    assert lengths == [length]
    # PAR I.3: the logged endpoint request headers never show it
    (logged,) = [line for line in response["log"] if "Endpoint request headers:" in line]
    assert "Content-Length" not in logged and "Accept=application/json" in logged


def test_recorded_context_variable_mapping_end_to_end() -> None:
    """ls-other-http-param-mapping-context-var (HDR-8) through invoke_method."""
    case = BY_ID["ls-other-http-param-mapping-context-var"]
    inputs = case["inputs"]
    request = build_method_request("GET", "/", headers=inputs["client_request"]["headers"])
    request["requestContext"]["resourceId"] = "<root resource id>"
    seen: list[dict[str, Any]] = []
    method = _method(
        {
            "type": "HTTP",
            "httpMethod": "GET",
            "uri": "https://echo.example/get",
            "requestParameters": inputs["requestParameters"],
            "integrationResponses": {"200": {"statusCode": "200"}},
        }
    )
    invoke_method(request, method, API, backend=lambda r: seen.append(r) or {"statusCode": 200})
    headers = {k.lower(): v for k, v in seen[0]["headers"].items()}
    for name, value in case["aws_output"]["backend_headers_include"].items():
        assert headers[name] == value


def test_http_query_mapping_and_stage_variable_uri() -> None:
    """MT #49 / M11: stage variables in the URI, mapped query parameters appended."""
    method = _method({
        "type": "HTTP", "httpMethod": "GET",
        "uri": "http://${stageVariables.url}/petstore/pets?stageName=${stageVariables.stageName}",
        "requestParameters": {"integration.request.querystring.type": "method.request.querystring.type",
                              "integration.request.querystring.page": "method.request.querystring.page"},
        "integrationResponses": {"200": {"statusCode": "200"}},
    })  # fmt: skip
    seen: list[dict[str, Any]] = []
    request = build_method_request("GET", "/pets?type=dog&page=2&ignored=1")
    invoke_method(
        request,
        method,
        API,
        backend=lambda r: seen.append(r) or {"statusCode": 200},
        stage_variables={"url": "petstore.example", "stageName": "beta"},
    )
    assert seen[0]["uri"] == "http://petstore.example/petstore/pets?stageName=beta&type=dog&page=2"
    assert seen[0]["multiValueQueryStringParameters"] == {"type": ["dog"], "page": ["2"]}


def test_example_e7_status_override() -> None:
    """VPB Example E-7 / MT #7: same body, status 400 from the response template."""
    errors = {"errors": [{"key": "GetPetRequest.petId", "message": "The value is out of range."}]}
    template = '#set($inputRoot = $input.path(\'$\'))\n$input.json("$")\n#if($inputRoot.toString().contains("error"))\n#set($context.responseOverride.status = 400)\n#end\n'
    integration = {"type": "HTTP", "httpMethod": "GET", "uri": "http://petstore.example/pets/{id}",
                   "requestParameters": {"integration.request.path.id": "method.request.path.petId"},
                   "integrationResponses": {"200": {"statusCode": "200"}}}  # fmt: skip
    request = build_method_request("GET", "/pets/-1", resource="/pets/{petId}")
    backend = _backend_json(errors)
    before = invoke_method(request, _method(integration), API, backend=backend)
    assert before["statusCode"] == 200
    integration["integrationResponses"]["200"]["responseTemplates"] = {"application/json": template}
    after = invoke_method(request, _method(integration), API, backend=backend)
    assert after["statusCode"] == 400
    assert json.loads(after["body"]) == errors
    assert _messages(after["log"])[-1] == "Method completed with status: 400"


def _backend_json(payload: Any, status: int = 200) -> Any:
    return lambda _: {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(payload),
    }


def test_example_e4_redirect_location() -> None:
    """VPB Example E-4: a 302 maps Location from the body; 2xx uses the JSON template."""
    integration = {"type": "HTTP", "httpMethod": "POST", "uri": "https://backend.example", "integrationResponses": {
        "2\\d{2}": {"statusCode": "200", "selectionPattern": "2\\d{2}", "responseTemplates": {
            "application/json": '#set ($root=$input.path(\'$\')) { "stage": "$root.name", "user-id": "$root.key" }',
            "application/xml": "#set ($root=$input.path('$')) <stage>$root.name</stage> "}},
        "302": {"statusCode": "302", "selectionPattern": "302", "responseParameters": {"method.response.header.Location": "integration.response.body.redirect.url"}},
        "default": {"statusCode": "400", "responseParameters": {"method.response.header.test-method-response-header": "'static value'"}},
    }}  # fmt: skip
    payload = {"name": "value_1", "key": "value_2", "redirect": {"url": "https://example.com/x"}}
    request = build_method_request("POST", "/")
    ok = invoke_method(request, _method(integration), API, backend=_backend_json(payload))
    assert json.loads(ok["body"]) == {"stage": "value_1", "user-id": "value_2"}
    moved = invoke_method(request, _method(integration), API, backend=_backend_json(payload, 302))
    assert (moved["statusCode"], moved["headers"]["Location"]) == (302, "https://example.com/x")
    bad = invoke_method(request, _method(integration), API, backend=_backend_json(payload, 404))
    assert (bad["statusCode"], bad["headers"]["test-method-response-header"]) == (
        400,
        "static value",
    )


def test_http_binary_response() -> None:
    """BIN-6 through invoke_method: a binary payload with a binary Accept stays bytes."""
    api = {"binaryMediaTypes": ["image/png"]}
    method = _method(
        {
            "type": "HTTP",
            "httpMethod": "GET",
            "uri": "https://img.example/a.png",
            "integrationResponses": {"200": {"statusCode": "200"}},
        }
    )

    def backend(_: dict[str, Any]) -> dict[str, Any]:
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "image/png"},
            "body": b"\x89PNG",
        }

    raw = invoke_method(
        build_method_request("GET", "/", headers={"Accept": "image/png"}),
        method,
        api,
        backend=backend,
    )
    assert (raw["body"], raw["isBase64Encoded"]) == (base64.b64encode(b"\x89PNG").decode(), True)
    text = invoke_method(build_method_request("GET", "/"), method, api, backend=backend)
    assert (text["body"], text["isBase64Encoded"]) == (base64.b64encode(b"\x89PNG").decode(), False)


# --- HTTP_PROXY ---------------------------------------------------------------------------

F6_METHOD = _method({
    "type": "HTTP_PROXY", "httpMethod": "ANY", "passthroughBehavior": "when_no_match",
    "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/{proxy}",
    "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
    "integrationResponses": {"default": {"statusCode": "200"}},
})  # fmt: skip


@pytest.mark.parametrize(
    ("method", "target", "backend_uri", "status"),
    [
        ("GET", "/test/pets", "http://petstore-demo-endpoint.execute-api.com/petstore/pets", 200),
        (
            "GET",
            "/test/pets?type=dog",
            "http://petstore-demo-endpoint.execute-api.com/petstore/pets?type=dog",
            200,
        ),
        (
            "GET",
            "/test/pets/1",
            "http://petstore-demo-endpoint.execute-api.com/petstore/pets/1",
            200,
        ),
        ("POST", "/test/pets", "http://petstore-demo-endpoint.execute-api.com/petstore/pets", 200),
        (
            "GET",
            "/test/pets/cat",
            "http://petstore-demo-endpoint.execute-api.com/petstore/pets/cat",
            400,
        ),
    ],
    ids=["F-6a", "F-6b", "F-6c", "F-6d", "F-6e"],
)
def test_example_f6_http_proxy(method: str, target: str, backend_uri: str, status: int) -> None:
    """VPB Example F-6: the greedy path reaches the backend; its status passes (SEL-4)."""
    body = '{"type" : "dog", "price" : 1001.00}' if method == "POST" else None
    headers = {"Content-Type": "application/json"} if body else {}
    request = build_method_request(
        method, target, stage="test", resource="/{proxy+}", headers=headers, body=body
    )
    seen: list[dict[str, Any]] = []

    def backend(integration_request: dict[str, Any]) -> dict[str, Any]:
        seen.append(integration_request)
        return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": "{}"}

    response = invoke_method(request, F6_METHOD, API, backend=backend)
    assert response["statusCode"] == status
    assert (seen[0]["httpMethod"], seen[0]["uri"]) == (method, backend_uri)
    assert seen[0]["body"] == body


def test_recorded_http_proxy_mapping_merge() -> None:
    """ls-other-http-proxy-param-mapping-merge (HDR-6) end to end."""
    case = RECORDED["ls-other-http-proxy-param-mapping-merge"]
    inputs = case["inputs"]
    client = inputs["client_request"]
    query = "&".join(f"{k}={v}" for k, v in client["query"].items())
    request = build_method_request(
        client["method"], f"{client['path']}?{query}", resource=inputs["resource_path"],
        headers=client["headers"], body=json.dumps(client["body_json"]),
    )  # fmt: skip
    method = _method(
        {
            "type": "HTTP_PROXY",
            "httpMethod": "POST",
            "uri": inputs["integration_uri"].replace("<echo>", "https://echo.example/post"),
            "requestParameters": inputs["requestParameters"],
        }
    )
    seen: list[dict[str, Any]] = []
    invoke_method(request, method, API, backend=lambda r: seen.append(r) or {"statusCode": 200})
    sent = seen[0]
    args = urllib.parse.parse_qs(urllib.parse.urlsplit(sent["uri"]).query)
    assert {k: ",".join(v) for k, v in args.items()} == case["aws_output"]["backend_saw"]["args"]
    headers = {k.lower(): v for k, v in sent["headers"].items()}
    for name in ("foobar", "headervar", "user-agent", "content-type", "accept"):
        assert headers[name] == case["aws_output"]["backend_saw"]["headers"][name]
    assert "testemptyqs" not in {k.lower() for k in args}


@pytest.mark.parametrize(
    "case_id",
    ["ls-selection-http-status-http_proxy-200", "ls-selection-http-status-http_proxy-400"],
)
def test_recorded_http_proxy_status(case_id: str) -> None:
    """SEL-4 (recorded): HTTP_PROXY passes the backend status through."""
    case = RECORDED[case_id]
    method = _method(
        {"type": "HTTP_PROXY", "httpMethod": "GET", "uri": "https://echo.example/status"}
    )
    response = invoke_method(
        build_method_request("GET", "/"),
        method,
        API,
        backend=_echo(case["inputs"]["backend_status"]),
    )
    assert response["statusCode"] == case["aws_output"]["status"]
    assert json.loads(response["body"]) == case["aws_output"]["body_json"]


def test_http_proxy_response_headers_remapped() -> None:
    """HDR-3 (recorded): Connection, Content-Length, Date, Server arrive remapped."""
    method = _method({"type": "HTTP_PROXY", "httpMethod": "GET", "uri": "https://echo.example"})

    def backend(_: dict[str, Any]) -> dict[str, Any]:
        return {
            "statusCode": 200,
            "headers": {"Server": "gunicorn/19.9.0", "Access-Control-Allow-Origin": "*"},
            "body": "{}",
        }

    response = invoke_method(build_method_request("GET", "/"), method, API, backend=backend)
    assert response["headers"]["x-amzn-Remapped-Server"] == "gunicorn/19.9.0"
    assert response["headers"]["Access-Control-Allow-Origin"] == "*"


# --- Lambda custom (AWS) ------------------------------------------------------------------

SELECTION = cases("other", "integration_response_selection")
LAMBDA_SELECTION = [c for c in SELECTION if c["id"].startswith("ls-selection-lambda")]


@pytest.mark.parametrize("case", LAMBDA_SELECTION, ids=[c["id"] for c in LAMBDA_SELECTION])
def test_recorded_lambda_custom_selection(case: dict[str, Any]) -> None:
    """SEL-1, SEL-2 (recorded): errorMessage selects; the error JSON passes as the body."""
    inputs = case["inputs"]
    method = _method({
        "type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="select"),
        "requestTemplates": {"application/json": case["template"]["request_template"]},
        "integrationResponses": {r["statusCode"]: r for r in inputs["integration_responses"]},
    })  # fmt: skip
    expected = case["aws_output"]
    message = (
        expected["body_json"]["errorMessage"] if isinstance(expected["body_json"], dict) else None
    )

    def function(_: dict[str, Any]) -> Any:
        if message is not None:
            raise Exception(message)
        return "Pass"

    request = build_method_request("GET", inputs["client_request"]["path"])
    response = invoke_method(request, method, API, backend=function)
    assert response["statusCode"] == expected["status"]
    body = json.loads(response["body"])
    if message is None:
        assert body == expected["body_json"]
    else:
        assert list(body) == ["errorMessage", "errorType", "requestId", "stackTrace"]
        assert (body["errorMessage"], body["errorType"]) == (message, "Exception")


LAMBDA_TEMPLATES = [
    c
    for c in cases("vtl", "context.responseOverride")
    if c["inputs"]["integration_type"].startswith("AWS")
]


@pytest.mark.parametrize("case", LAMBDA_TEMPLATES, ids=[c["id"] for c in LAMBDA_TEMPLATES])
def test_recorded_lambda_response_template_override(case: dict[str, Any]) -> None:
    """OV-4 (recorded): the response template's status override beats the 200."""
    inputs = case["inputs"]
    method = _method({
        "type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="echo"),
        "requestTemplates": {"application/json": case["template"]["request_template"]},
        "integrationResponses": {"200": {**inputs["integration_response"], "responseTemplates": {"application/json": case["template"]["response_template"]}}},
    })  # fmt: skip
    client = inputs["client_request"]
    request = build_method_request(
        client["method"],
        client["path"],
        headers=client["headers"],
        body=json.dumps(client["body_json"]),
    )
    seen: list[Any] = []

    def function(integration_request: dict[str, Any]) -> Any:
        seen.append(integration_request["event"])
        status = integration_request["event"]["body"]["httpStatus"]
        return {"statusCode": 200, "body": "noerror" if status == "200" else "customerror"}

    response = invoke_method(request, method, API, backend=function)
    assert response["statusCode"] == case["aws_output"]["status"]
    assert json.loads(response["body"]) == case["aws_output"]["body_json"]
    assert seen[0]["apiContext"]["method"] == client["method"]


@pytest.mark.parametrize("case", cases("vtl", "stageVariables"), ids=lambda c: c["id"])
def test_recorded_stage_variables(case: dict[str, Any]) -> None:
    """ENG-1 / CTX-4 (recorded): $stageVariables in a Lambda custom request template."""
    inputs = case["inputs"]
    method = _method({"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="echo"),
                      "requestTemplates": {"application/json": case["template"]},
                      "integrationResponses": {"200": {"statusCode": "200"}}})  # fmt: skip
    request = build_method_request(
        "POST", "/test", body=json.dumps(inputs["client_request"]["body_json"])
    )
    response = invoke_method(
        request,
        method,
        API,
        backend=lambda r: r["event"],
        stage_variables=inputs["stage_variables"],
    )
    assert json.loads(response["body"]) == case["aws_output"]["body_json"]


F1_TEMPLATE = """#set($inputRoot = $input.path('$'))
{
  "city": "$input.params('city')",
  "time": "$input.params('time')",
  "day":  "$input.params('day')",
  "name": "$inputRoot.callerName"
}"""


def test_example_f1_lambda_custom_and_its_log() -> None:
    """VPB Example F-1 / PAR Example I-1: the greeting, and the log's messages in order."""
    method = _method(
        {"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="GetStartedLambdaIntegration"),
         "requestTemplates": {"application/json": F1_TEMPLATE},
         "integrationResponses": {"200": {"statusCode": "200", "selectionPattern": ""}}},
        requestValidatorId="v",
        methodResponses={"200": {"statusCode": "200"}},
    )  # fmt: skip
    api = {"id": "beags1mnid", "requestValidators": {"v": {"validateRequestBody": True}}}

    def function(integration_request: dict[str, Any]) -> Any:
        event = integration_request["event"]
        return {
            "greeting": f"Good {event['time']}, {event['name']} of {event['city']}. Happy {event['day']}!"
        }

    request = build_method_request(
        "POST", "/Seattle?time=morning", resource="/{city}", headers={"day": "Wednesday"},
        body='{ "callerName": "John" }',
    )  # fmt: skip
    request["requestContext"].update(
        requestId="test-invoke-request", requestTimeEpoch=1504141645000
    )
    response = invoke_method(request, method, api, backend=function)
    assert json.loads(response["body"]) == {
        "greeting": "Good morning, John of Seattle. Happy Wednesday!"
    }
    lines = response["log"]
    assert lines[0] == "Execution log for request test-invoke-request"
    assert all(line.startswith("Thu Aug 31 01:07:25 UTC 2017 : ") for line in lines[1:])
    labels = [
        "Starting execution for request: test-invoke-request",
        "HTTP Method: POST, Resource Path: /Seattle",
        "Method request path: {city=Seattle}",
        "Method request query string: {time=morning}",
        "Method request headers: {day=Wednesday}",
        'Method request body before transformations: { "callerName": "John" }',
        "Request validation succeeded for content type application/json",
        "Endpoint request URI: " + LAMBDA_URI.format(name="GetStartedLambdaIntegration"),
        "Endpoint request headers: {",
        'Endpoint request body after transformations: {\n  "city": "Seattle",\n  "time": "morning",\n  "day":  "Wednesday",\n  "name": "John"\n}',
        "Sending request to " + LAMBDA_URI.format(name="GetStartedLambdaIntegration"),
        "Received response. Integration latency: ",
        'Endpoint response body before transformations: {"greeting": "Good morning, John of Seattle. Happy Wednesday!"}',
        "Endpoint response headers: {",
        "Method response body after transformations: ",
        "Method response headers: {Content-Type=application/json}",
        "Successfully completed execution",
        "Method completed with status: 200",
    ]
    messages = _messages(lines)
    assert len(messages) == len(labels)
    for message, label in zip(messages, labels, strict=True):
        assert message.startswith(label), (message, label)


def test_example_e9_greeter() -> None:
    """VPB Example E-9: an unmapped Lambda error comes back as 200 (E.3 rule 9)."""
    method = _method({"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="greeter"),
                      "requestTemplates": {"application/json": '{"greeter":"$input.params(\'greeter\')"}'},
                      "integrationResponses": {"200": {"statusCode": "200", "selectionPattern": ""}}})  # fmt: skip

    def function(integration_request: dict[str, Any]) -> Any:
        greeter = integration_request["event"]["greeter"]
        return f"Hello, {greeter}!" if greeter else "Hello, World"

    jane = invoke_method(
        build_method_request("GET", "/greeting?greeter=jane"), method, API, backend=function
    )
    assert (jane["statusCode"], json.loads(jane["body"])) == (200, "Hello, jane!")
    world = invoke_method(
        build_method_request("GET", "/greeting?greeter="), method, API, backend=function
    )
    assert json.loads(world["body"]) == "Hello, World"

    def missing(_: dict[str, Any]) -> Any:
        raise FunctionError("Missing the required greeter parameter.", "Error", ["at handler"])

    error = invoke_method(build_method_request("GET", "/greeting"), method, API, backend=missing)
    assert error["statusCode"] == 200
    assert json.loads(error["body"])["errorMessage"] == "Missing the required greeter parameter."


def test_example_e3_custom_error_headers_end_to_end() -> None:
    """VPB Example E-3: a stringified error object's members become headers."""
    error = {"errorType": "InternalServerError", "httpStatus": 500, "requestId": "e5849002-39a0-11e7-a419-5bb5807c9fb2",
             "trace": {"function": "abc()", "line": 123, "file": "abc.js"}}  # fmt: skip
    method = _method({"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI.format(name="custom"),
        "integrationResponses": {"default": {"statusCode": "200", "responseParameters": {
            "method.response.header.error_trace_function": "integration.response.body.errorMessage.trace.function",
            "method.response.header.error_status": "integration.response.body.errorMessage.httpStatus",
            "method.response.header.error_type": "integration.response.body.errorMessage.errorType",
            "method.response.header.error_trace": "integration.response.body.errorMessage.trace"}}}})  # fmt: skip

    def function(_: dict[str, Any]) -> Any:
        raise FunctionError(json.dumps(error, separators=(",", ":")))

    response = invoke_method(build_method_request("GET", "/"), method, API, backend=function)
    assert {k: v for k, v in response["headers"].items() if k.startswith("error_")} == {
        "error_trace_function": "abc()",
        "error_status": "500",
        "error_type": "InternalServerError",
        "error_trace": '{"function":"abc()","line":123,"file":"abc.js"}',
    }


# --- gateway-response paths --------------------------------------------------------------


def test_unsupported_media_type_415() -> None:
    """VPB B-5: NEVER refuses a content type without template: 415."""
    method = _method(
        _mock('{"statusCode": 200}', {"200": {"statusCode": "200"}}, passthroughBehavior="NEVER")
    )
    request = build_method_request("POST", "/", headers={"Content-Type": "text/plain"}, body="hi")
    response = invoke_method(request, method, API)
    assert (response["statusCode"], response["body"]) == (
        415,
        '{"message":"Unsupported Media Type"}',
    )
    # not recorded here; LocalStack's handler, checked against AWS, sends BadRequestException
    assert response["headers"]["x-amzn-ErrorType"] == "BadRequestException"


@pytest.mark.parametrize(
    "method",
    [None, {"httpMethod": "POST", "methodIntegration": {"type": "MOCK"}}],
    ids=["no method", "another method"],
)
def test_missing_authentication_token(method: dict[str, Any] | None) -> None:
    """GR-5: an undefined method is 403 Missing Authentication Token; nothing is logged."""
    response = invoke_method(build_method_request("GET", "/"), method, API)
    assert response["statusCode"] == 403
    assert json.loads(response["body"]) == {"message": "Missing Authentication Token"}
    assert response["headers"]["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert response["log"] == []


def test_no_default_integration_response_is_500() -> None:
    """VPB E.3 rule 6 / E.4 row 1, logged as a configuration error."""
    method = _method(
        _mock('{"statusCode": 404}', {"200": {"statusCode": "200", "selectionPattern": "2\\d{2}"}})
    )
    response = invoke_method(build_method_request("GET", "/"), method, API)
    assert (response["statusCode"], response["body"]) == (
        500,
        '{"message":"Internal server error"}',
    )
    assert response["headers"]["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert "No match for output mapping" in _messages(response["log"])[-2]


def test_undeclared_method_response_is_500() -> None:
    """VPB E.1 / E.4 rows 2-3: the selected status needs a method response."""
    method = _method(
        _mock('{"statusCode": 200}', {"200": {"statusCode": "200"}}), methodResponses={}
    )
    assert invoke_method(build_method_request("GET", "/"), method, API)["statusCode"] == 500


def test_template_error_is_500() -> None:
    """ENG-5: a template that fails at invoke time gives 500."""
    method = _method(_mock('{"statusCode": 200} Total: $', {"200": {"statusCode": "200"}}))
    response = invoke_method(build_method_request("GET", "/"), method, API)
    assert response["statusCode"] == 500


def test_customised_default_5xx_applies() -> None:
    """GR-3 / VPB D.3 through invoke_method: a configuration error takes DEFAULT_5XX."""
    api = {
        "gatewayResponses": {
            "DEFAULT_5XX": {
                "statusCode": "599",
                "responseTemplates": {
                    "application/json": '{"oops": "$context.error.responseType"}'
                },
            }
        }
    }
    method = _method(
        _mock('{"statusCode": 404}', {"200": {"statusCode": "200", "selectionPattern": "200"}})
    )
    response = invoke_method(build_method_request("GET", "/"), method, api)
    assert (response["statusCode"], response["body"]) == (
        599,
        '{"oops": "API_CONFIGURATION_ERROR"}',
    )


def test_invalid_json_body_mapping_is_400() -> None:
    """HDR-8: a body mapping over malformed JSON is 400 Invalid JSON in request body."""
    method = _method(
        _mock(
            '{"statusCode": 200}',
            {"200": {"statusCode": "200"}},
            requestParameters={"integration.request.header.b": "method.request.body.a"},
        )
    )
    request = build_method_request("POST", "/", body="\n{wrongjson")
    response = invoke_method(request, method, API)
    assert (response["statusCode"], json.loads(response["body"])) == (
        400,
        {"message": "Invalid JSON in request body"},
    )


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (TimeoutError(), 504, "Endpoint request timed out"),
        (OSError("refused"), 504, "Internal server error"),
    ],
)
def test_backend_failures(error: Exception, status: int, message: str) -> None:
    """Table D-1: INTEGRATION_TIMEOUT and INTEGRATION_FAILURE."""

    def backend(_: dict[str, Any]) -> Any:
        raise error

    method = _method(
        {
            "type": "HTTP",
            "httpMethod": "GET",
            "uri": "https://down.example",
            "integrationResponses": {"200": {"statusCode": "200"}},
        }
    )
    response = invoke_method(build_method_request("GET", "/"), method, API, backend=backend)
    assert (response["statusCode"], json.loads(response["body"])) == (status, {"message": message})


# --- configuration errors raise ----------------------------------------------------------

CONFIG_ERRORS = [
    ("unknown integration type", _method({"type": "SOAP"})),
    ("no methodIntegration", {"httpMethod": "GET"}),
    ("bad selectionPattern", _method(_mock('{"statusCode": 200}', {"200": {"statusCode": "200", "selectionPattern": "("}}))),
    ("bad mapping expression", _method(_mock(None, {"200": {"statusCode": "200"}}, requestParameters={"integration.request.header.a": "nonsense"}))),
    ("bad response mapping", _method(_mock(None, {"200": {"statusCode": "200", "responseParameters": {"method.response.header.a": "method.request.header.a"}}}))),
    ("no backend", _method({"type": "HTTP", "uri": "https://x.example", "integrationResponses": {"200": {"statusCode": "200"}}})),
    ("bad timeoutInMillis", _method(_mock(None, {"200": {"statusCode": "200"}}, timeoutInMillis=40000))),
    ("bad passthroughBehavior", _method(_mock(None, {"200": {"statusCode": "200"}}, passthroughBehavior="SOMETIMES"))),
    ("bad contentHandling", _method(_mock(None, {"200": {"statusCode": "200"}}, contentHandling="CONVERT_TO_XML"))),
]  # fmt: skip


@pytest.mark.parametrize(("why", "method"), CONFIG_ERRORS, ids=[c[0] for c in CONFIG_ERRORS])
def test_configuration_errors_raise(why: str, method: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        invoke_method(build_method_request("GET", "/"), method, API)


def test_backend_returning_garbage_raises() -> None:
    method = _method(
        {
            "type": "HTTP",
            "uri": "https://x.example",
            "integrationResponses": {"200": {"statusCode": "200"}},
        }
    )
    with pytest.raises(ConfigurationError):
        invoke_method(build_method_request("GET", "/"), method, API, backend=lambda _: "nope")


E8_TEMPLATE = """#set($header1Override = "foo")
#set($header3Value = "$input.params('header1')$input.params('header2')")
$input.json("$")
#set($context.requestOverride.header.header3 = $header3Value)
#set($context.requestOverride.header.header1 = $header1Override)
#set($context.requestOverride.header.multivalueheader=[$header1Override, $header3Value])"""


def test_example_e8_request_header_overrides() -> None:
    """VPB Example E-8 / MT #8: the overrides reach the endpoint request, and its log line
    shows the multi-value header as foo,header1Valheader2Val."""
    method = _method({
        "type": "HTTP", "httpMethod": "GET", "uri": "https://petstore.example/pets",
        "passthroughBehavior": "WHEN_NO_TEMPLATES",
        "requestParameters": {"integration.request.header.header1": "method.request.header.header1"},
        "requestTemplates": {"application/json": E8_TEMPLATE},
        "integrationResponses": {"200": {"statusCode": "200"}},
    })  # fmt: skip
    seen: list[dict[str, Any]] = []
    request = build_method_request(
        "GET", "/pets", headers={"header1": "header1Val", "header2": "header2Val"}
    )
    response = invoke_method(
        request, method, API, backend=lambda r: seen.append(r) or {"statusCode": 200}
    )
    headers = seen[0]["multiValueHeaders"]
    assert headers["header1"] == ["foo"]
    assert headers["header3"] == ["header1Valheader2Val"]
    assert headers["multivalueheader"] == ["foo", "header1Valheader2Val"]
    assert headers["x-amzn-apigateway-api-id"] == [API["id"]]
    assert headers["Accept"] == ["application/json"]
    (line,) = [m for m in _messages(response["log"]) if m.startswith("Endpoint request headers")]
    assert "multivalueheader=foo,header1Valheader2Val" in line
    assert "header1=foo" in line and "header3=header1Valheader2Val" in line


def test_recorded_mock_has_no_trace_header() -> None:
    """ls-other-trace-id-propagation (MISC-1): a MOCK response carries no X-Amzn-Trace-Id."""
    case = BY_ID["ls-other-trace-id-propagation"]
    method = _method(_mock('{"statusCode": 200}', {"200": {"statusCode": "200"}}))
    request = build_method_request(
        "GET", "/path", headers={"X-Amzn-Trace-Id": "Root=1-3152b799-8954dae64eda91bc9a23a7e8"}
    )
    response = invoke_method(request, method, API)
    has_trace = any(name.lower() == "x-amzn-trace-id" for name in response["headers"])
    assert has_trace is case["aws_output"]["mock_response_has_x_amzn_trace_id"]


F2_HEADERS = [
    "Age",
    "Accept",
    "Accept-Charset",
    "Accept-Encoding",
    "Authorization",
    "Connection",
    "Content-Encoding",
    "Content-MD5",
    "Date",
    "Expect",
    "Max-Forwards",
    "Pragma",
    "Proxy-Authenticate",
    "Range",
    "Referer",
    "Server",
    "TE",
    "Trailer",
    "Upgrade",
    "User-Agent",
    "Via",
    "Warn",
    "WWW-Authenticate",
]


@pytest.mark.parametrize("header", F2_HEADERS)
def test_table_f2_request_column_http_non_proxy(header: str) -> None:
    """VPB Table F-2's request column for http, as HDR-4 observed it for non-proxy HTTP: no
    client header is forwarded unless mapped; API Gateway sends its own Accept, User-Agent
    and Host (Content-Type is the body's: the client's for a passed-through body)."""
    method = _method({"type": "HTTP", "httpMethod": "POST", "uri": "https://echo.example/post",
                      "integrationResponses": {"200": {"statusCode": "200"}}})  # fmt: skip
    seen: list[dict[str, Any]] = []
    # VPB F.9: a body with a Content-Encoding API Gateway cannot decode is a 415, so that
    # header carries a coding it accepts.
    value = "identity" if header == "Content-Encoding" else "client-value"
    request = build_method_request("POST", "/", headers={header: value}, body="{}")
    invoke_method(request, method, API, backend=lambda r: seen.append(r) or {"statusCode": 200})
    sent = {name.lower(): value for name, value in seen[0]["headers"].items()}
    assert sent.get(header.lower()) != value
    assert sent["accept"] == "application/json"
    assert sent["user-agent"] == f"AmazonAPIGateway_{API['id']}"


# --- overriding the same parameter twice (VPB E.7, MT §7.3 rule 2) -------------------------

RQ, RS = "$context.requestOverride", "$context.responseOverride"
TWICE = [
    ("header twice", f"#set({RQ}.header.X-A = 'a')#set({RQ}.header.X-A = 'b')", "", "requestOverride.header.X-A"),
    ("header twice, other case", f"#set({RQ}.header.X-A = 'a')#set({RQ}.header.x-a = 'a')", "", "requestOverride.header.x-a"),
    ("query string twice", f"#set({RQ}.querystring.q = 1)#set({RQ}.querystring.q = 2)", "", "requestOverride.querystring.q"),
    ("path twice", f"#set({RQ}.path.id = 1)#set({RQ}.path.id = 1)", "", "requestOverride.path.id"),
    ("status twice in the request template", f"#set({RS}.status = 201)#set({RS}.status = 202)", "", "responseOverride.status"),
    ("response header twice in the response template", "", f"#set({RS}.header.H = 1)#set({RS}.header.H = 2)", "responseOverride.header.H"),
    ("status twice in the response template", "", f"#set({RS}.status = 201)#set({RS}.status = 202)", "responseOverride.status"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("why", "request_part", "response_part", "name"), TWICE, ids=[r[0] for r in TWICE]
)
def test_overriding_a_parameter_twice_is_5xx(
    why: str, request_part: str, response_part: str, name: str
) -> None:
    """VPB E.7: "each parameter can be overridden only once; trying to override the same
    parameter several times makes API Gateway return a 5XX"; header names fold case (MT §7.3).
    The request side fails before the backend is called."""
    calls: list[dict[str, Any]] = []
    method = _method(
        {
            "type": "HTTP",
            "httpMethod": "GET",
            "uri": "https://x.example/{id}",
            "requestParameters": {"integration.request.path.id": "'7'"},
            "requestTemplates": {"application/json": request_part + "{}"},
            "integrationResponses": {
                "200": {"statusCode": "200", "responseTemplates": {"application/json": response_part + "{}"}}
            },
        }
    )  # fmt: skip
    response = invoke_method(
        build_method_request("GET", "/"),
        method,
        API,
        backend=lambda r: calls.append(r) or {"statusCode": 200, "body": "{}"},
    )
    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"message": "Internal server error"}
    side = "request" if request_part else "response"
    assert any(
        m.startswith(f"Execution failed due to configuration error: Unable to transform {side}")
        and name in m
        for m in _messages(response["log"])
    )
    assert len(calls) == (0 if request_part else 1)


def test_a_status_set_in_each_template_is_not_twice() -> None:
    """OV-2 with OV-4: a status set in the request template and again in the response
    template is two templates' settings, and the response template's wins."""
    method = _method(
        _mock(
            f'#set({RS}.status = 444){{"statusCode": 200}}',
            {"200": {"statusCode": "200", "responseTemplates": {"application/json": f"#set({RS}.status = 409)done"}}},
        )
    )  # fmt: skip
    response = invoke_method(build_method_request("GET", "/"), method, API)
    assert (response["statusCode"], response["body"]) == (409, "done")
