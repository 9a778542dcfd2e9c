"""Worked examples and table rows of validation-passthrough-binary.md ("VPB") that no other
test replays, run end to end through ``invoke_method``."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from typing import Any

import pytest

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    FunctionError,
    build_method_request,
    classify_payload,
    decode_request_payload,
    invoke_method,
    model_url,
)
from apigw_core.pipeline.content import MAX_PAYLOAD_BYTES
from apigw_core.pipeline.enums import GatewayResponseType, PayloadKind

# --- Example A-9: the CloudFormation sample, validators on HTTP_PROXY methods -----------

A9_API: dict[str, Any] = {
    "id": "a9sample01",
    "models": {
        "RequestBodyModelId": {
            "$schema": "http://json-schema.org/draft-04/schema#",
            "title": "RequestBodyModelId",
            "properties": {"id": {"type": "integer"}},
        },
        "RequestBodyModel": {
            "$schema": "http://json-schema.org/draft-04/schema#",
            "title": "RequestBodyModel",
            "required": ["price", "name", "type"],
            "type": "object",
            "properties": {
                "id": {"$ref": model_url("a9sample01", "RequestBodyModelId")},
                "price": {"type": "number", "minimum": 25, "maximum": 500},
                "name": {"type": "string"},
                "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
            },
        },
    },
    "requestValidators": {
        "GETValidator": {"name": "params-only", "validateRequestBody": False, "validateRequestParameters": True},
        "POSTValidator": {"name": "body-only", "validateRequestBody": True, "validateRequestParameters": False},
    },
}  # fmt: skip
A9_INTEGRATION = {
    "type": "HTTP_PROXY",
    "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/pets/",
}
A9_GET = {
    "httpMethod": "GET",
    "requestValidatorId": "GETValidator",
    "requestParameters": {"method.request.querystring.q1": True},
    "methodIntegration": {**A9_INTEGRATION, "httpMethod": "GET"},
}
A9_POST = {
    "httpMethod": "POST",
    "requestValidatorId": "POSTValidator",
    "requestModels": {"application/json": "RequestBodyModel"},
    "methodIntegration": {**A9_INTEGRATION, "httpMethod": "POST"},
}
A9_ROWS = [
    # (method, target, body, status, message): VPB A.4, A.5, OQ-38 (proxies are validated)
    (A9_GET, "/validation", None, 400, "Missing required request parameters: [q1]"),
    (A9_GET, "/validation?q1=", None, 400, "Missing required request parameters: [q1]"),
    (A9_GET, "/validation?q1=cat", None, 200, None),
    (A9_POST, "/validation", '{"name": "Rex", "type": "dog", "price": 100}', 200, None),
    (A9_POST, "/validation", '{"name": "Rex", "type": "dog", "price": 100, "id": 7}', 200, None),
    # RequestBodyModelId is an object schema: it constrains only an object `id`, so a
    # string passes and an object whose own `id` is not an integer fails (draft 4).
    (A9_POST, "/validation", '{"name": "Rex", "type": "dog", "price": 100, "id": "7"}', 200, None),
    (A9_POST, "/validation", '{"name": "Rex", "type": "dog", "price": 100, "id": {"id": "7"}}', 400, "Invalid request body"),
    (A9_POST, "/validation", '{"name": "Rex", "type": "bird", "price": 100}', 400, "Invalid request body"),
    (A9_POST, "/validation", '{"name": "Rex", "type": "dog", "price": 501}', 400, "Invalid request body"),
    (A9_POST, "/validation", '{"type": "dog", "price": 100}', 400, "Invalid request body"),
    (A9_POST, "/validation?q1=", '{"name": "Rex", "type": "dog", "price": 25}', 200, None),
]  # fmt: skip


@pytest.mark.parametrize(("method", "target", "body", "status", "message"), A9_ROWS)
def test_example_a9_validators_on_http_proxy(
    method: dict[str, Any], target: str, body: str | None, status: int, message: str | None
) -> None:
    calls: list[dict[str, Any]] = []
    request = build_method_request(
        method["httpMethod"],
        target,
        headers={"Content-Type": "application/json"},
        body=body,
        resource="/validation",
    )
    response = invoke_method(
        request,
        method,
        A9_API,
        backend=lambda r: calls.append(r) or {"statusCode": 200, "body": "[]"},
    )
    assert response["statusCode"] == status
    if message is None:
        assert len(calls) == 1 and response["body"] == "[]"
    else:
        assert calls == [] and json.loads(response["body"]) == {"message": message}


# --- Example C-9: a "Convert to text" template reads the binary body as base64 ----------


def test_example_c9_convert_to_text_template() -> None:
    """VPB C-9 with Table C-1: a binary payload under CONVERT_TO_TEXT reaches the template
    as base64 text, so ``$input.body`` is the base64 of the image."""
    image = bytes(range(256))
    method = {
        "httpMethod": "POST",
        "methodIntegration": {
            "type": "HTTP",
            "httpMethod": "POST",
            "uri": "https://thumbnails.example/",
            "contentHandling": "CONVERT_TO_TEXT",
            "requestTemplates": {
                "image/jpeg": '{\n  "operation": "thumbnail",\n  "base64Image": "$input.body"\n}'
            },
            "integrationResponses": {"200": {"statusCode": "200"}},
        },
    }
    api = {"id": "c9example", "binaryMediaTypes": ["image/jpeg"]}
    calls: list[dict[str, Any]] = []
    request = build_method_request("POST", "/", headers={"Content-Type": "image/jpeg"}, body=image)
    response = invoke_method(
        request, method, api, backend=lambda r: calls.append(r) or {"statusCode": 200}
    )
    assert response["statusCode"] == 200
    assert json.loads(calls[0]["body"]) == {
        "operation": "thumbnail",
        "base64Image": base64.b64encode(image).decode("ascii"),
    }


# --- Examples C-13 and C-14: binaryMediaTypes as OpenAPI and the Node SDK set them --------


@pytest.mark.parametrize(
    ("binary_media_types", "content_type", "kind"),
    [
        (["application/octet", "image/jpeg"], "image/jpeg", PayloadKind.BINARY),  # C-13
        (["application/octet", "image/jpeg"], "application/octet", PayloadKind.BINARY),  # C-13
        (["application/octet", "image/jpeg"], "application/octet-stream", PayloadKind.TEXT),
        (["*"], "application/json", PayloadKind.BINARY),  # C-14: '*' makes everything binary
    ],
)
def test_examples_c13_c14_binary_media_types(
    binary_media_types: list[str], content_type: str, kind: PayloadKind
) -> None:
    assert classify_payload(content_type, binary_media_types) is kind


# --- Examples C-15 and C-16: CONVERT_TO_TEXT on a Lambda integration with a JSON body ------


def test_examples_c15_c16_convert_to_text_leaves_json_text_alone() -> None:
    """VPB C-15/C-16 with Table C-1 row 1: a text payload under CONVERT_TO_TEXT is passed as
    UTF-8 text, so the application/json template reads it as JSON."""
    method = {
        "httpMethod": "GET",
        "methodIntegration": {
            "type": "AWS",
            "httpMethod": "POST",
            "uri": "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/"
            "arn:aws:lambda:us-west-2:123456789012:function:Calc/invocations",
            "contentHandling": "CONVERT_TO_TEXT",
            "requestTemplates": {"application/json": "{\"a\": $input.json('$.a')}"},
            "integrationResponses": {"200": {"statusCode": "200"}},
        },
    }
    events: list[Any] = []
    request = build_method_request(
        "GET", "/calc", headers={"Content-Type": "application/json"}, body='{"a": 2}'
    )
    response = invoke_method(
        request, method, {"id": "c15calc"}, backend=lambda r: events.append(r["event"]) or 4
    )
    assert (response["statusCode"], response["body"], events) == (200, "4", [{"a": 2}])


# --- Table D-7 ("conditions and the gateway response they produce"), end to end ---------

MOCK_OK = {"statusCode": "200", "selectionPattern": ""}


def _mock(**integration: Any) -> dict[str, Any]:
    return {
        "httpMethod": "POST",
        "methodResponses": {"200": {"statusCode": "200"}},
        "methodIntegration": {
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "integrationResponses": {"200": MOCK_OK},
            **integration,
        },
    }


def _validated(**method: Any) -> dict[str, Any]:
    return {**_mock(), "requestValidatorId": "all", **method}


D7_API: dict[str, Any] = {
    "id": "d7table01",
    "models": {"M": {"type": "object", "required": ["a"]}},
    "requestValidators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
}

D7_ROWS: list[tuple[str, dict[str, Any] | None, dict[str, Any], Any, int, str]] = [
    ("no method matches", None, {}, None, 403, "Missing Authentication Token"),
    ("required parameter missing", _validated(requestParameters={"method.request.querystring.q": True}), {}, None, 400, "Missing required request parameters: [q]"),
    ("body fails model", _validated(requestModels={"application/json": "M"}), {}, None, 400, "Invalid request body"),
    ("no template, NEVER", _mock(requestTemplates={"text/plain": "x"}, passthroughBehavior="NEVER"), {}, None, 415, "Unsupported Media Type"),
    ("unsupported Content-Encoding", _mock(), {"Content-Encoding": "br"}, None, 415, "Unsupported Media Type"),
    ("body not encoded as declared", _mock(), {"Content-Encoding": "gzip"}, None, 415, "Unsupported Media Type"),
    ("base64 decoding fails", _mock(contentHandling="CONVERT_TO_BINARY", requestTemplates={}, passthroughBehavior="WHEN_NO_MATCH"), {}, None, 500, "Internal server error"),
    ("no match and no default", _mock(integrationResponses={"400": {"statusCode": "400", "selectionPattern": "4\\d{2}"}}), {}, None, 500, "Internal server error"),
    ("selected status has no method response", {**_mock(integrationResponses={"201": {"statusCode": "201"}}), "methodResponses": {"200": {"statusCode": "200"}}}, {}, None, 500, "Internal server error"),
    ("same parameter overridden twice", _mock(requestTemplates={"application/json": "#set($context.requestOverride.header.a = 1)#set($context.requestOverride.header.a = 2){}"}), {}, None, 500, "Internal server error"),
    ("Lambda proxy output in the wrong format", {"httpMethod": "POST", "methodIntegration": {"type": "AWS_PROXY", "httpMethod": "POST", "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations"}}, {}, lambda r: {"statusCode": 200, "oops": 1}, 502, "Internal server error"),
    ("integration timeout", {"httpMethod": "POST", "methodIntegration": {"type": "HTTP", "httpMethod": "POST", "uri": "https://slow.example", "integrationResponses": {"200": MOCK_OK}}}, {}, TimeoutError, 504, "Endpoint request timed out"),
    ("payload over 10 MB", _mock(), {}, "large", 413, "Request Too Long"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("why", "method", "headers", "backend", "status", "message"),
    D7_ROWS,
    ids=[row[0] for row in D7_ROWS],
)
def test_table_d7_conditions(
    why: str,
    method: dict[str, Any] | None,
    headers: dict[str, str],
    backend: Any,
    status: int,
    message: str,
) -> None:
    """VPB D.7, one row each. The rows for API keys, authorizers, throttling, WAF and the
    1,600-byte ARN are outside one method's execution (VPB F.12: test invoke skips them)."""
    body: str | bytes = '{"b": 1}' if "Content-Encoding" not in headers else b"not gzip"
    if backend == "large":
        body, backend = b"{" + b" " * MAX_PAYLOAD_BYTES + b"}", None
    if backend is TimeoutError:

        def backend(request: dict[str, Any]) -> Any:
            raise TimeoutError

    request = build_method_request(
        "POST", "/", headers={"Content-Type": "application/json", **headers}, body=body
    )
    response = invoke_method(request, method, D7_API, backend=backend)
    assert response["statusCode"] == status
    assert json.loads(response["body"]) == {"message": message}


# --- VPB F.9: request payload decompression ----------------------------------------------

PET = b'{"type": "dog", "price": 249.99}'


@pytest.mark.parametrize(
    ("encoding", "payload", "expected"),
    [
        ("gzip", gzip.compress(PET), PET),  # Example F-7's compressed call
        ("deflate", zlib.compress(PET), PET),
        ("deflate", zlib.compress(PET)[2:-4], PET),  # raw deflate, as some clients send it
        ("identity", PET, PET),
        ("GZIP", gzip.compress(PET), PET),  # codings are case-insensitive (RFC 9110)
        ("gzip, identity", gzip.compress(PET), PET),
        (None, PET, PET),
        ("br", PET, GatewayResponseType.UNSUPPORTED_MEDIA_TYPE),
        ("gzip", PET, GatewayResponseType.UNSUPPORTED_MEDIA_TYPE),
        ("deflate", b"\x00\x01", GatewayResponseType.UNSUPPORTED_MEDIA_TYPE),
    ],
)
def test_f9_request_decompression(
    encoding: str | None, payload: bytes, expected: bytes | GatewayResponseType
) -> None:
    result = decode_request_payload(payload, encoding)
    if isinstance(expected, bytes):
        assert result == expected
    else:
        assert getattr(result, "response_type", None) is expected


def test_f9_small_payloads_are_not_decompressed_under_minimum_compression_size() -> None:
    """VPB F.9: "payloads smaller than the value are neither compressed nor decompressed"."""
    compressed = gzip.compress(PET)
    assert decode_request_payload(compressed, "gzip", minimum_compression_size=10**6) == compressed
    assert decode_request_payload(compressed, "gzip", minimum_compression_size=0) == PET


def test_example_f7_compressed_call_end_to_end() -> None:
    """VPB Example F-7: the gzip body is mapped as the JSON it holds."""
    method = _mock(
        requestTemplates={"application/json": '{"statusCode": 200}'},
        integrationResponses={
            "200": {**MOCK_OK, "responseTemplates": {"application/json": "$input.params('x')"}}
        },
    )
    method["methodIntegration"]["type"] = "HTTP"
    method["methodIntegration"]["uri"] = "https://pets.example"
    method["methodIntegration"]["httpMethod"] = "POST"
    method["methodIntegration"]["requestTemplates"] = {
        "application/json": "$input.path('$.type') $input.path('$.price')"
    }
    calls: list[dict[str, Any]] = []
    request = build_method_request(
        "POST",
        "/pets",
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        body=gzip.compress(PET),
    )
    response = invoke_method(
        request, method, {"id": "f7pets"}, backend=lambda r: calls.append(r) or {"statusCode": 200}
    )
    assert response["statusCode"] == 200
    assert calls[0]["body"] == "dog 249.99"


# --- Table F-3: the quotas that bear on one method's execution --------------------------


@pytest.mark.parametrize(
    ("timeout", "ok"), [(50, True), (29000, True), (None, True), (49, False), (29001, False)]
)
def test_table_f3_integration_timeout(timeout: int | None, ok: bool) -> None:
    """Table F-3 "Integration timeout: 50 milliseconds – 29 seconds" (VPB F.10)."""
    method = _mock(timeoutInMillis=timeout)
    request = build_method_request("POST", "/")
    if ok:
        assert invoke_method(request, method, {})["statusCode"] == 200
    else:
        with pytest.raises(ConfigurationError, match="timeoutInMillis"):
            invoke_method(request, method, {})


def test_table_f3_payload_size() -> None:
    """Table F-3 "Payload size: 10 MB": 10,485,760 bytes pass, one more is 413."""
    at_limit = b"x" * MAX_PAYLOAD_BYTES
    assert decode_request_payload(at_limit, None) == at_limit
    over = decode_request_payload(at_limit + b"x", None)
    assert getattr(over, "response_type", None) is GatewayResponseType.REQUEST_TOO_LARGE


def test_function_error_is_exported() -> None:
    assert FunctionError("x").payload("id")["errorMessage"] == "x"


# --- Example F-3: all parameters as JSON, through a whole method ---------------------------

F3_TEMPLATE = """#set($allParams = $input.params())
{
  "params" : {
    #foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
    "$type" : {
      #foreach($paramName in $params.keySet())
      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
      #if($foreach.hasNext),#end
      #end
    }
    #if($foreach.hasNext),#end
    #end
  }
}"""


def test_example_f3_all_parameters_template() -> None:
    """VPB Example F-3's output shape: path, header and querystring maps of the method
    request (headers API Gateway hides from templates excluded, IN-6)."""
    method = {
        "httpMethod": "GET",
        "methodIntegration": {
            "type": "HTTP",
            "httpMethod": "POST",
            "uri": "https://echo.example/",
            "requestTemplates": {"application/json": F3_TEMPLATE},
            "integrationResponses": {"200": {"statusCode": "200"}},
        },
    }
    calls: list[dict[str, Any]] = []
    request = build_method_request(
        "GET",
        "/things/abc?q=1&q=2",
        headers={"X-Note": 'say "hi"'},
        resource="/things/{id}",
    )
    response = invoke_method(
        request,
        method,
        {"id": "f3params"},
        backend=lambda r: calls.append(r) or {"statusCode": 200},
    )
    assert response["statusCode"] == 200
    assert json.loads(calls[0]["body"]) == {
        "params": {
            "path": {"id": "abc"},
            "header": {"X-Note": 'say "hi"'},
            "querystring": {"q": "2"},
        }
    }
