"""JSON nested too deeply for the parser (a request body or a function's answer is hostile
input) is malformed JSON at every step that parses it, never a ``RecursionError``: the
outcome each step gives any other malformed JSON. Python's parser stops near 950 levels,
Jackson (``StreamReadConstraints``) at 1000; 100,000 levels are beyond both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from apigw_core.pipeline import build_method_request, invoke_method

DEEP = "[" * 100_000 + "]" * 100_000
LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"
)


def _method(integration: dict[str, Any], **method: Any) -> dict[str, Any]:
    return {
        "httpMethod": "POST",
        "methodResponses": {"200": {"statusCode": "200"}},
        "methodIntegration": {
            "integrationResponses": {"200": {"statusCode": "200"}},
            **integration,
        },
        **method,
    }


def _request(body: str = DEEP) -> dict[str, Any]:
    return build_method_request(
        "POST", "/", headers={"Content-Type": "application/json"}, body=body
    )


SEEN: list[Any] = []

CASES: list[tuple[str, dict[str, Any], dict[str, Any], Callable[[Any], Any] | None, int]] = [
    (
        # VAL-4: a body that is not JSON fails a body model: 400 Invalid request body
        "validated body",
        _method(
            {"type": "MOCK", "requestTemplates": {"application/json": '{"statusCode": 200}'}},
            requestModels={"application/json": "M"},
            requestValidatorId="v",
        ),
        {
            "id": "a1",
            "models": {"M": {"type": "array", "items": {"type": "array"}}},
            "requestValidators": {"v": {"validateRequestBody": True}},
        },
        None,
        400,
    ),
    (
        # HDR-8: a body JSONPath mapping over a body that looks like JSON and does not parse
        "body JSONPath mapping",
        _method(
            {
                "type": "HTTP",
                "httpMethod": "POST",
                "uri": "https://example.com/",
                "requestParameters": {"integration.request.header.x-a": "method.request.body.a"},
            }
        ),
        {"id": "a1"},
        lambda request: {"statusCode": 200, "body": ""},
        400,
    ),
    (
        # a Lambda custom integration's function gets the text when it is not JSON
        "Lambda custom event",
        _method({"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI}),
        {"id": "a1"},
        lambda request: SEEN.append(request["event"]) or {"ok": True},
        200,
    ),
]


@pytest.mark.parametrize(
    ("method", "api", "backend", "status"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_deep_request_body_is_malformed_json(
    method: dict[str, Any], api: dict[str, Any], backend: Any, status: int
) -> None:
    SEEN.clear()
    response = invoke_method(_request(), method, api, backend=backend)
    assert response["statusCode"] == status
    assert SEEN in ([], [DEEP])


def test_a_deep_lambda_proxy_answer_is_malformed() -> None:
    """PR-1: a proxy function's answer that is not a JSON object is 502."""
    method = _method({"type": "AWS_PROXY", "httpMethod": "POST", "uri": LAMBDA_URI})
    response = invoke_method(
        _request("{}"), method, {"id": "a1"}, backend=lambda request: DEEP.encode()
    )
    assert response["statusCode"] == 502
