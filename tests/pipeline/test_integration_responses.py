"""Integration response selection (VPB E.2 to E.4, MT §1.1.1, SEL-1 to SEL-4)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    GatewayError,
    GatewayResponseType,
    SelectedIntegrationResponse,
    compile_selection_pattern,
    find_method_response,
    integration_responses,
    is_lambda_custom_integration,
    select_integration_response,
    selection_key,
)

from .recorded_invoke import BY_ID

LAMBDA_URI = "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:F/invocations"


def _integration(responses: list[tuple[str, str | None]], **extra: Any) -> dict[str, Any]:
    items: dict[str, Any] = {}
    for status, pattern in responses:
        entry: dict[str, Any] = {"statusCode": status}
        if pattern is not None:
            entry["selectionPattern"] = pattern
        items[status] = entry
    return {"type": "HTTP", "integrationResponses": items, **extra}


def _status(integration: dict[str, Any], key: str | None) -> int | str:
    selected = select_integration_response(integration, key)
    if isinstance(selected, GatewayError):
        assert selected.response_type is GatewayResponseType.API_CONFIGURATION_ERROR
        return "500 config"
    return selected.status_code


# (source, responses in configuration order, key, expected status)
SELECTION_ROWS = [
    ("E.3 rule 5 / E-1: 2\\d{2} maps all 2xx", [("200", "2\\d{2}"), ("500", "")], "201", 200),
    ("E-1: 2\\d{2} does not match 404", [("200", "2\\d{2}"), ("500", "")], "404", 500),
    ("E.3 rule 2: the whole string must match", [("400", "4"), ("200", "")], "404", 200),
    ("E.3 rule 2: a partial pattern fails", [("400", "Malformed"), ("200", "")], "Malformed input ...", 200),
    ("E-2: Malformed.* matches the whole message", [("400", "Malformed.*"), ("200", "")], "Malformed input ...", 400),
    ("E-1: .*Invalid request.* (case matters)", [("400", ".*Invalid request.*"), ("200", "")], "Bad: Invalid request here", 400),
    ("E-1: .*Invalid request.* vs 'Invalid Request'", [("400", ".*Invalid request.*"), ("200", "")], "Invalid Request", 200),
    ("E.3 rule 4: + with a newline fails", [("400", ".+"), ("200", "")], "line1\nline2", 200),
    ("E-1: (\\n|.)+ catches newlines", [("400", "(\\n|.)+"), ("200", "")], "line1\nline2", 400),
    ("E.3 rule 6: no match takes the default", [("400", "4\\d{2}"), ("200", "")], "503", 200),
    ("E.3 rule 6 / E.4: no match, no default", [("400", "4\\d{2}")], "503", "500 config"),
    ("E.3 rule 7: .* matches null (a Lambda success)", [("200", ""), ("500", ".*")], None, 500),
    ("SEL-1: .+ does not match a success", [("200", ""), ("500", ".+")], None, 200),
    ("SEL-1: '200' never matches a success", [("200", ""), ("504", "200")], None, 200),
    ("SEL-3: the first configured match wins", [("200", ""), ("405", ".*x.*"), ("502", ".+")], "an x here", 405),
    ("E-9: a selectionPattern of '' is the default", [("200", "")], "anything", 200),
    ("E.2: no selectionPattern key is the default", [("200", None), ("400", "4\\d{2}")], "302", 200),
    ("E-11: backend 201 → 200", [("400", None), ("200", "2\\d{2}")], "201", 200),
    ("E-11: backend 404 → default 400", [("400", None), ("200", "2\\d{2}")], "404", 400),
    ("E-12: 4\\d{2} → 400", [("400", "4\\d{2}"), ("200", None), ("500", "5\\d{2}")], "403", 400),
    ("E-12: 5\\d{2} → 500", [("400", "4\\d{2}"), ("200", None), ("500", "5\\d{2}")], "503", 500),
    ("E-12: undeclared status → default 200", [("400", "4\\d{2}"), ("200", None), ("500", "5\\d{2}")], "302", 200),
    ("E-13: default is the error response", [("500", None), ("200", "2\\d{2}")], "404", 500),
    ("E-13: 2xx → 200", [("500", None), ("200", "2\\d{2}")], "204", 200),
    ("E-6 / E.8: MOCK 5\\d{2}", [("200", None), ("500", "5\\d{2}")], "500", 500),
    ("E.3 rule 1: Java \\d is ASCII only", [("200", "\\d+"), ("400", "")], "٣", 400),
    ("E.3 rule 1: Java $ then an unmatched final newline", [("200", "ok$"), ("400", "")], "ok\n", 400),
    ("E.3 rule 1: Java . stops at \u2028", [("200", ".+"), ("400", "")], "a\u2028b", 400),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "responses", "key", "expected"), SELECTION_ROWS, ids=[r[0] for r in SELECTION_ROWS]
)
def test_selection(
    source: str, responses: list[tuple[str, str | None]], key: str | None, expected: int | str
) -> None:
    assert _status(_integration(responses), key) == expected


def test_default_flag() -> None:
    selected = select_integration_response(_integration([("200", ""), ("400", "4\\d{2}")]), "404")
    assert isinstance(selected, SelectedIntegrationResponse)
    assert (selected.status_code, selected.is_default) == (400, False)
    selected = select_integration_response(_integration([("200", ""), ("400", "4\\d{2}")]), "302")
    assert isinstance(selected, SelectedIntegrationResponse)
    assert selected.is_default


def test_missing_default_log_line() -> None:
    """E.4 row 1: invalid configuration (500); the log line names the endpoint status."""
    error = select_integration_response(_integration([("400", "4\\d{2}")]), "503", status_code=503)
    assert isinstance(error, GatewayError)
    assert error.default_status_code == 500
    assert error.log == (
        "Execution failed due to configuration error: No match for output mapping and no "
        "default output mapping configured. Endpoint Response Status Code: 503",
    )


# --- the selection key (VPB E.2, E.3; SEL-1, SEL-4) --------------------------------------------

KEY_ROWS = [
    ("E.2: HTTP matches the status", {"type": "HTTP"}, 404, None, False, "404"),
    ("E.2: AWS service matches the status", {"type": "AWS", "uri": "arn:aws:apigateway:us-east-1:s3:path/{bucket}"}, 403, None, False, "403"),
    ("SEL-4: MOCK matches its request template's status", {"type": "MOCK"}, 500, None, False, "500"),
    ("SEL-1: Lambda error matches errorMessage", {"type": "AWS", "uri": LAMBDA_URI}, 200, "quota hit", True, "quota hit"),
    ("SEL-1: Lambda success has no key", {"type": "AWS", "uri": LAMBDA_URI}, 200, None, False, None),
    ("E.3 rule 7: Lambda error without message is null", {"type": "AWS", "uri": LAMBDA_URI}, 200, None, True, None),
    ("E-3: a non-string errorMessage as JSON", {"type": "AWS", "uri": LAMBDA_URI}, 200, {"a": 1}, True, '{"a":1}'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "integration", "status", "message", "failed", "expected"),
    KEY_ROWS,
    ids=[r[0] for r in KEY_ROWS],
)
def test_selection_key(
    source: str,
    integration: dict[str, Any],
    status: int,
    message: object,
    failed: bool,
    expected: str | None,
) -> None:
    key = selection_key(integration, status, error_message=message, function_error=failed)
    assert key == expected


@pytest.mark.parametrize(
    ("integration", "expected"),
    [
        ({"type": "AWS", "uri": LAMBDA_URI}, True),
        ({"type": "aws", "uri": LAMBDA_URI}, True),
        ({"type": "AWS_PROXY", "uri": LAMBDA_URI}, False),
        ({"type": "AWS", "uri": "arn:aws:apigateway:us-east-1:sqs:path/123/q"}, False),
        ({"type": "HTTP", "uri": "https://example.com"}, False),
    ],
)
def test_is_lambda_custom_integration(integration: dict[str, Any], expected: bool) -> None:
    """PAR A.1: type AWS with a Lambda invocation URI."""
    assert is_lambda_custom_integration(integration) is expected


@pytest.mark.parametrize(
    "case_id",
    [
        "ls-selection-lambda-errormessage-200",
        "ls-selection-lambda-errormessage-400",
        "ls-selection-lambda-errormessage-500",
    ],
)
def test_recorded_lambda_selection(case_id: str) -> None:
    """SEL-1 (recorded): patterns are matched against errorMessage, never a status."""
    case = BY_ID[case_id]
    integration = {
        "type": "AWS",
        "uri": LAMBDA_URI,
        "integrationResponses": case["inputs"]["integration_responses"],
    }
    body = case["aws_output"]["body_json"]
    failed = isinstance(body, dict)
    key = selection_key(
        integration,
        200,
        error_message=body["errorMessage"] if failed else None,
        function_error=failed,
    )
    assert _status(integration, key) == case["aws_output"]["status"]


@pytest.mark.parametrize(
    "case_id", ["ls-selection-http-status-http-200", "ls-selection-http-status-http-400"]
)
def test_recorded_http_selection(case_id: str) -> None:
    """SEL-4 (recorded): HTTP with only a default maps every status to it."""
    case = BY_ID[case_id]
    integration = {"type": "HTTP", "integrationResponses": case["inputs"]["integration_responses"]}
    key = selection_key(integration, case["inputs"]["backend_status"])
    assert _status(integration, key) == case["aws_output"]["status"]


# --- configuration errors ------------------------------------------------------------------

BAD_PATTERNS = ["(", "[a-", "a{2,1}", "*x", "(?<name", "\\k<nope>"]


@pytest.mark.parametrize("pattern", BAD_PATTERNS)
def test_bad_selection_pattern(pattern: str) -> None:
    """A bad regex in selectionPattern is a ConfigurationError (Java PatternSyntaxException)."""
    with pytest.raises(ConfigurationError, match="selectionPattern"):
        compile_selection_pattern(pattern)
    with pytest.raises(ConfigurationError):
        select_integration_response(_integration([("200", ""), ("400", pattern)]), "400")


@pytest.mark.parametrize(
    "responses",
    [
        {"200": {"statusCode": "abc"}},
        {"200": {"statusCode": "99"}},
        {"200": "not an object"},
        [{"selectionPattern": ""}],
        "not a map",
        {"200": {"statusCode": True}},
    ],
)
def test_bad_integration_responses(responses: Any) -> None:
    with pytest.raises(ConfigurationError):
        integration_responses({"integrationResponses": responses})


def test_integration_responses_shapes() -> None:
    """GetMethod's map keyed by status (statusCode taken from the key if missing) or a list."""
    assert integration_responses({"integrationResponses": {"200": {}}}) == [{"statusCode": "200"}]
    listed = integration_responses({"integrationResponses": [{"statusCode": 201}]})
    assert listed == [{"statusCode": "201"}]
    assert integration_responses({}) == []


# --- method responses (VPB E.1, E.4) -------------------------------------------------------


METHOD_RESPONSE_ROWS = [
    ("E.1: declared status", {"methodResponses": {"200": {"statusCode": "200"}}}, 200, "ok"),
    ("E.4 row 2: selected status has no method response", {"methodResponses": {"200": {"statusCode": "200"}}}, 400, "500"),
    ("E.4 row 3: no method response at all", {"methodResponses": {}}, 200, "500"),
    ("methodResponses not given: not checked", {}, 400, "unchecked"),
    ("a list of MethodResponse", {"methodResponses": [{"statusCode": 201}]}, 201, "ok"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "method", "status", "expected"),
    METHOD_RESPONSE_ROWS,
    ids=[r[0] for r in METHOD_RESPONSE_ROWS],
)
def test_find_method_response(
    source: str, method: dict[str, Any], status: int, expected: str
) -> None:
    found = find_method_response(method, status)
    if expected == "500":
        assert isinstance(found, GatewayError)
        assert found.default_status_code == 500
        assert found.log == (
            "Execution failed due to configuration error: Output mapping refers to an "
            f"invalid method response: {status}",
        )
    elif expected == "unchecked":
        assert found is None
    else:
        assert isinstance(found, dict)


def test_bad_method_responses() -> None:
    with pytest.raises(ConfigurationError):
        find_method_response({"methodResponses": {"x": {"statusCode": "abc"}}}, 200)
    with pytest.raises(ConfigurationError):
        find_method_response({"methodResponses": 5}, 200)
