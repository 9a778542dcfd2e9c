"""proxy-auth-routing.md ("PAR") part A, the worked examples and tables that show an outcome,
end to end through ``invoke_method`` (aws-observed-behaviour.md wins where it differs)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from apigw_core.pipeline import FunctionError, build_method_request, invoke_method

FUNCTION_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:{name}/invocations"
)
API: dict[str, Any] = {"id": "parexample"}


def _proxy_method(**integration: Any) -> dict[str, Any]:
    return {
        "httpMethod": "GET",
        "methodIntegration": {
            "type": "AWS_PROXY",
            "httpMethod": "POST",
            "uri": FUNCTION_URI.format(name="proxy"),
            **integration,
        },
    }


def _proxy(result: Any, *, api: dict[str, Any] | None = None, **headers: str) -> dict[str, Any]:
    method = _proxy_method()

    def backend(request: dict[str, Any]) -> Any:
        if isinstance(result, Exception):
            raise result
        return result

    request = build_method_request("GET", "/hello", headers=headers or None)
    return invoke_method(request, method, api or API, backend=backend)


# --- A.3: the output format (Examples) and the Node.js idioms table ---------

OUTPUT_ROWS = [
    # (why, function result, status, body)
    ("A-4: every key", {"isBase64Encoded": False, "statusCode": 201, "headers": {"a": "1"}, "multiValueHeaders": {"b": ["2", "3"]}, "body": "{}"}, 201, "{}"),
    ("A-5: statusCode as a string (PR-2)", {"statusCode": "202", "body": "ok"}, 202, "ok"),
    ("idiom: success", {"statusCode": 200, "body": "results"}, 200, "results"),
    ("idiom: client error without an exception", {"statusCode": 400, "body": "Missing parameters of ..."}, 400, "Missing parameters of ..."),
    ("idiom: raise an exception (PR-1, OQ-A5)", RuntimeError("internal server error"), 502, '{"message": "Internal server error"}'),
    ("A.3: any other format is 502 (PR-1)", {"statusCode": 200, "extra": 1}, 502, '{"message": "Internal server error"}'),
    ("A.3: not a JSON object (PR-1)", "a bare string", 502, '{"message": "Internal server error"}'),
    ("console getting-started function", {"statusCode": 200, "body": json.dumps("The API Gateway REST API console is great!")}, 200, '"The API Gateway REST API console is great!"'),
    ("missing statusCode is 200 (PR-2)", {}, 200, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("why", "result", "status", "body"), OUTPUT_ROWS, ids=[r[0] for r in OUTPUT_ROWS]
)
def test_a3_output_format(why: str, result: Any, status: int, body: str) -> None:
    response = _proxy(result)
    assert response["statusCode"] == status
    if status == 502:
        assert json.loads(response["body"]) == json.loads(body)
    else:
        assert response["body"] == body


def test_a4_headers_and_multi_value_headers_merge() -> None:
    """PAR A.3 merge rule, as PR-4 observed it: multi values first, the name cased as in
    multiValueHeaders, joined with ", "."""
    response = _proxy(
        {"statusCode": 200, "headers": {"x-ver": "2"}, "multiValueHeaders": {"X-Ver": ["1"]}}
    )
    assert response["headers"]["X-Ver"] == "1, 2"


def test_hello_world_function() -> None:
    """PAR A.3 (the Hello World tutorial): Content-Type */* and the greeting reach the client."""
    response = _proxy(
        {"statusCode": 200, "headers": {"Content-Type": "*/*"}, "body": "Hello, World"}
    )
    assert (response["statusCode"], response["body"]) == (200, "Hello, World")
    assert response["headers"]["Content-Type"] == "*/*"


@pytest.mark.parametrize(
    ("accept", "binary"), [("image/png", True), ("text/html", False), (None, False)]
)
def test_example_a6_binary_and_text_returns(accept: str | None, binary: bool) -> None:
    """PAR Example A-6 with the A.3 rule: the first Accept media type decides whether the
    base64 body is returned as bytes (BIN-7); otherwise the text is returned unchanged (PR-5)."""
    png = b"\x89PNG\r\n\x1a\n\x00"
    encoded = base64.b64encode(png).decode("ascii")
    api = {**API, "binaryMediaTypes": ["image/png"]}
    headers = {"Accept": accept} if accept else {}
    response = _proxy(
        {"headers": {"Content-Type": "image/png"}, "statusCode": 200, "body": encoded, "isBase64Encoded": True},
        api=api,
        **headers,
    )  # fmt: skip
    assert response["body"] == encoded  # base64 in the result either way
    assert response["isBase64Encoded"] is binary
    text = _proxy(
        {"headers": {"Content-Type": "text/html"}, "statusCode": 200, "body": "<h1>This is text</h1>"},
        api=api,
        **headers,
    )  # fmt: skip
    assert (text["body"], text["isBase64Encoded"]) == ("<h1>This is text</h1>", False)


# --- A.5: Lambda error payloads, matched by selectionPattern against errorMessage --------


def _custom(responses: dict[str, Any]) -> dict[str, Any]:
    return {
        "httpMethod": "GET",
        "methodIntegration": {
            "type": "AWS",
            "httpMethod": "POST",
            "uri": FUNCTION_URI.format(name="custom"),
            "requestTemplates": {"application/json": "{}"},
            "integrationResponses": responses,
        },
    }


ERROR_TEMPLATE = {"application/json": "$input.path('$.errorType'): $input.path('$.errorMessage')"}


@pytest.mark.parametrize(
    "error",
    [
        # Example A-8 (Node.js callback(new Error(...)))
        FunctionError("Malformed input ...", "Error", ["export const handler (/var/task/index.js:3:14)"]),
        # Example A-9 (Python raise Exception(...))
        FunctionError("Malformed input ...", "Exception", [["/var/task/lambda_function.py", 3, "lambda_handler", "raise Exception('Malformed input ...')"]]),
    ],
)  # fmt: skip
def test_examples_a8_a9_error_payloads_select_by_error_message(error: FunctionError) -> None:
    method = _custom(
        {
            "200": {"statusCode": "200"},
            "400": {"statusCode": "400", "selectionPattern": "Malformed.*", "responseTemplates": ERROR_TEMPLATE},
        }
    )  # fmt: skip

    def backend(request: dict[str, Any]) -> Any:
        raise error

    response = invoke_method(build_method_request("GET", "/"), method, API, backend=backend)
    assert (response["statusCode"], response["body"]) == (
        400,
        f"{error.error_type}: Malformed input ...",
    )


def test_example_a10_custom_error_as_json_error_message() -> None:
    """PAR Example A-10: a custom error object arrives as a JSON string in errorMessage; a
    pattern on its text selects the response, and the template can parse it."""
    custom = {
        "errorType": "InternalServerError",
        "httpStatus": 500,
        "requestId": "e5849002-39a0-11e7-a419-5bb5807c9fb2",
        "trace": {"function": "abc()", "line": 123, "file": "abc.js"},
    }
    method = _custom(
        {
            "200": {"statusCode": "200"},
            "500": {
                "statusCode": "500",
                "selectionPattern": '.*"httpStatus":500.*',
                "responseTemplates": {
                    "application/json": "#set($e = $util.parseJson($input.path('$.errorMessage')))$e.errorType at $e.trace.function"
                },
            },
        }
    )  # fmt: skip

    def backend(request: dict[str, Any]) -> Any:
        raise FunctionError(json.dumps(custom, separators=(",", ":")))

    response = invoke_method(build_method_request("GET", "/"), method, API, backend=backend)
    assert (response["statusCode"], response["body"]) == (500, "InternalServerError at abc()")


def test_hdr7_aws_proxy_ignores_mappings() -> None:
    """HDR-7: the Lambda event shows the client's header, not the mapped value; HDR-1's
    forbidden destinations still fail (500)."""
    events: list[dict[str, Any]] = []
    method = _proxy_method(requestParameters={"integration.request.header.x-tenant": "'mapped'"})
    request = build_method_request("GET", "/", headers={"x-tenant": "client"})
    response = invoke_method(
        request, method, API, backend=lambda r: events.append(r["event"]) or {"statusCode": 200}
    )
    assert response["statusCode"] == 200
    assert events[0]["headers"]["x-tenant"] == "client"
    method["methodIntegration"]["requestParameters"] = {"integration.request.header.TE": "'x'"}
    assert invoke_method(request, method, API, backend=lambda r: {})["statusCode"] == 500
