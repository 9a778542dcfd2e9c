"""The recorded AWS cases of every step, replayed end to end through ``invoke_method``
(validation, passthrough, binary content handling, Lambda proxy responses): the composition
must give what each step gives alone. Data: data/aws_recorded_cases.json (see recorded.py)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from apigw_core.pipeline import invoke_method

from .recorded import cases, client_request, ids

LAMBDA_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations"


def _mock_method(response_template: str | None = '{"data": "ok"}', **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"statusCode": "200"}
    if response_template is not None:
        entry["responseTemplates"] = {"application/json": response_template}
    return {
        "httpMethod": "ANY",
        "methodIntegration": {
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "integrationResponses": {"200": entry},
        },
        **extra,
    }


VALIDATION = [
    c for c in cases("validation") if c.get("sub_kind") not in ("model_crud", "method_crud")
]


@pytest.mark.parametrize("case", VALIDATION, ids=ids(VALIDATION))
def test_validation_through_invoke(case: dict[str, Any]) -> None:
    """VAL-1 to VAL-7 (recorded), on MOCK and AWS_PROXY methods."""
    inputs = case["inputs"]
    api = {
        "id": "a1234",
        "models": inputs.get("models") or inputs.get("openapi_components"),
        "requestValidators": {"v1": inputs["requestValidator"]},
    }
    validation = {
        "requestValidatorId": "v1",
        "requestModels": inputs["requestModels"],
        "requestParameters": inputs.get("method_requestParameters") or {},
    }
    if inputs["integration_type"] == "AWS_PROXY":
        method = {"httpMethod": "ANY", "methodIntegration": {"type": "AWS_PROXY", "httpMethod": "POST", "uri": LAMBDA_URI}, **validation}  # fmt: skip
    else:
        method = _mock_method(**validation)
    request = client_request(inputs["client_request"], resource=inputs.get("resource_path"))
    response = invoke_method(
        request, method, api, backend=lambda _: {"statusCode": 200, "body": '{"data": "ok"}'}
    )
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    if "body_json" in expected:
        assert json.loads(response["body"]) == expected["body_json"]


PASSTHROUGH = cases("passthrough")


@pytest.mark.parametrize("case", PASSTHROUGH, ids=ids(PASSTHROUGH))
def test_passthrough_through_invoke(case: dict[str, Any]) -> None:
    """PT-1 to PT-3 (recorded): MOCK under each behaviour, and a Lambda without templates."""
    inputs = case["inputs"]
    request = client_request(inputs["client_request"], resource=inputs.get("resource_path"))
    if inputs["integration_type"] == "MOCK":
        method = _mock_method(case["template"]["response_template"])
        method["methodIntegration"]["requestTemplates"] = {
            key: case["template"]["request_template"] for key in inputs["requestTemplates_keys"]
        }
        method["methodIntegration"]["passthroughBehavior"] = inputs["passthroughBehavior"]
        response = invoke_method(request, method, {})
    else:
        method = {"httpMethod": "ANY", "methodIntegration": {"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI, "integrationResponses": {"200": inputs["integration_response"]}}}  # fmt: skip
        response = invoke_method(request, method, {}, backend=lambda r: r["event"])
    assert response["statusCode"] == case["aws_output"]["status"]
    assert json.loads(response["body"]) == case["aws_output"]["body_json"]


def _payload(inputs: dict[str, Any], label: str) -> bytes:
    entry = inputs["payloads"][label]
    return base64.b64decode(entry["b64"]) if "b64" in entry else entry["text"].encode("utf-8")


def _s3_method(inputs: dict[str, Any], *, response_templates: Any = None) -> dict[str, Any]:
    integration: dict[str, Any] = {
        "type": "AWS",
        "httpMethod": "PUT",
        "uri": "arn:aws:apigateway:us-east-1:s3:path/bucket/{object}",
        "passthroughBehavior": inputs["passthroughBehavior"],
        "requestParameters": {
            **inputs["requestParameters"],
            "integration.request.path.object": "method.request.path.object_path",
        },
        "integrationResponses": {"200": {"statusCode": "200"}},
    }
    if inputs.get("direction") == "request":
        integration["contentHandling"] = inputs["contentHandling"]
        integration["requestTemplates"] = inputs["requestTemplates"]
    else:
        entry = integration["integrationResponses"]["200"]
        entry["contentHandling"] = inputs["contentHandling"]
        if response_templates is not None:
            entry["responseTemplates"] = response_templates
    return {"httpMethod": "ANY", "methodIntegration": integration}


BINARY_REQUEST = cases("binary", "contentHandling.request")


@pytest.mark.parametrize("case", BINARY_REQUEST, ids=ids(BINARY_REQUEST))
def test_binary_request_through_invoke(case: dict[str, Any]) -> None:
    """BIN-1 to BIN-5 (recorded, S3 integration): the bytes the integration received, or 500."""
    inputs = case["inputs"]
    request = client_request(
        {
            "method": "PUT",
            "path": "/obj/key",
            "headers": {"Content-Type": inputs["request_content_type"]},
        },
        resource="/obj/{object_path+}",
    )
    request["body"] = _payload(inputs, inputs["request_payload"])
    seen: list[dict[str, Any]] = []
    response = invoke_method(
        request,
        _s3_method(inputs),
        {"binaryMediaTypes": inputs["binaryMediaTypes"]},
        backend=lambda r: seen.append(r) or {"statusCode": 200},
    )
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    if expected["status"] != 200:
        assert seen == []
        return
    body = seen[0]["body"]
    sent = body if isinstance(body, bytes) else body.encode("utf-8")
    if "body_b64" in expected:
        assert sent == base64.b64decode(expected["body_b64"])


BINARY_RESPONSE = cases("binary", "contentHandling.response")


@pytest.mark.parametrize("case", BINARY_RESPONSE, ids=ids(BINARY_RESPONSE))
def test_binary_response_through_invoke(case: dict[str, Any]) -> None:
    """BIN-5, BIN-6 (recorded, S3 integration): the bytes the client received, or 500."""
    inputs = case["inputs"]
    request = client_request(
        {"method": "GET", "path": "/obj/key", "headers": {"Accept": inputs["client_accept"]}},
        resource="/obj/{object_path+}",
    )
    payload = _payload(inputs, inputs["integration_payload"])
    response = invoke_method(
        request,
        _s3_method(inputs, response_templates=inputs["responseTemplates"]),
        {"binaryMediaTypes": inputs["binaryMediaTypes"]},
        backend=lambda _: {
            "statusCode": 200,
            "headers": {"Content-Type": inputs["integration_response_content_type"]},
            "body": payload,
        },
    )
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    if expected["status"] != 200:
        return
    received = (
        base64.b64decode(response["body"])
        if response["isBase64Encoded"]
        else response["body"].encode("utf-8")
    )
    if "body_text" in expected:
        assert response["body"] == expected["body_text"]
    else:
        assert received == base64.b64decode(expected["body_b64"])


PROXY_BINARY = cases("binary", "aws_proxy_binary")


@pytest.mark.parametrize("case", PROXY_BINARY, ids=ids(PROXY_BINARY))
def test_lambda_proxy_binary_through_invoke(case: dict[str, Any]) -> None:
    """BIN-7, BIN-8 (recorded): base64 decoded only when the first Accept value matches."""
    inputs = case["inputs"]
    if inputs.get("direction") != "response":
        pytest.skip("request-direction cases are the proxy event's (test_proxy.py)")
    method = {"httpMethod": "ANY", "methodIntegration": {"type": "AWS_PROXY", "uri": LAMBDA_URI}}
    request = client_request(
        {"method": "GET", "path": "/", "headers": {"Accept": inputs["client_accept"]}}
    )
    response = invoke_method(
        request,
        method,
        {"binaryMediaTypes": inputs["binaryMediaTypes"]},
        backend=lambda _: inputs["lambda_response"],
    )
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    if expected["status"] == 200:
        assert response["isBase64Encoded"] is expected["binary"]
        if not expected["binary"]:
            assert response["body"] == inputs["lambda_response"]["body"]


PROXY_RESPONSES = cases("proxy_event", "rest_v1_lambda_proxy_response")


@pytest.mark.parametrize("case", PROXY_RESPONSES, ids=ids(PROXY_RESPONSES))
def test_lambda_proxy_responses_through_invoke(case: dict[str, Any]) -> None:
    """PR-1 to PR-5 (recorded)."""
    inputs = case["inputs"]
    returned = inputs["lambda_returns"]

    def function(_: dict[str, Any]) -> Any:
        if isinstance(returned, str) and returned.startswith("<"):
            raise RuntimeError("unhandled")  # the recorded function error
        return returned

    method = {"httpMethod": "ANY", "methodIntegration": {"type": "AWS_PROXY", "uri": LAMBDA_URI}}
    client = {"method": "POST", "path": "/", **inputs["client_request"]}
    response = invoke_method(
        client_request(client),
        method,
        {"binaryMediaTypes": inputs.get("binaryMediaTypes")},
        backend=function,
    )
    expected = case["aws_output"]
    assert response["statusCode"] == expected["status"]
    content = expected.get("content", expected.get("body"))
    if isinstance(content, dict):
        assert json.loads(response["body"]) == content
    elif isinstance(content, str) and not content.startswith("<"):
        assert response["body"] == content
    for name, value in (expected.get("headers") or {}).items():
        if name.lower() in (
            "connection",
            "content-length",
            "date",
            "via",
        ) or name.lower().startswith(("x-amz", "x-cache")):
            continue  # the transport's and CloudFront's own headers
        assert response["headers"].get(name) == value, name
