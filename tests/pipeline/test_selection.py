"""Template selection, passthrough and MOCK status (VPB part B and E.8, PT-1 to PT-6)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    PASSTHROUGH_TABLE,
    GatewayError,
    GatewayResponseType,
    PassThrough,
    PassthroughBehavior,
    UseTemplate,
    parse_mock_status_code,
    render_gateway_response,
    select_request_template,
    select_response_template,
)

from .recorded import BY_ID, cases, ids

WNM, WNT, NEVER = "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"
JSON_T = {"application/json": "json template"}
XML_T = {"application/xml": "xml template"}


def _outcome(decision: UseTemplate | PassThrough | GatewayError) -> str:
    if isinstance(decision, UseTemplate):
        return "T"
    if isinstance(decision, PassThrough):
        return "P"
    assert decision.response_type is GatewayResponseType.UNSUPPORTED_MEDIA_TYPE
    return "R415"


# (source, requestTemplates, Content-Type, WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER)
DECISION_ROWS = [
    ("VPB Table B-1: none", JSON_T, None, "T", "T", "T"),
    ("VPB Table B-1: application/json", JSON_T, "application/json", "T", "T", "T"),
    ("VPB Table B-1: application/xml", JSON_T, "application/xml", "P", "R415", "R415"),
    ("VPB Table B-2: none", XML_T, None, "P", "R415", "R415"),
    ("VPB Table B-2: application/json", XML_T, "application/json", "P", "R415", "R415"),
    ("VPB Table B-2: application/xml", XML_T, "application/xml", "T", "T", "T"),
    ("VPB Table B-3: no templates", {}, "application/xml", "P", "P", "R415"),
    ("VPB Table B-3: no templates (None)", None, None, "P", "P", "R415"),
    ("VPB B-4: charset ignored", JSON_T, "application/json; charset=UTF-8", "T", "T", "T"),
    ("VPB B.2 / OQ-9: letter case ignored", JSON_T, "Application/JSON", "T", "T", "T"),
    ("PT-4: charset without space", JSON_T, "application/json;charset=utf-8", "T", "T", "T"),
    ("VPB B.2: key with parameters matches", {"application/json; charset=utf-8": "t"}, "application/json", "T", "T", "T"),
    ("VPB OQ-9: wildcard keys are literal", {"*/*": "t"}, "text/plain", "P", "R415", "R415"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "templates", "content_type", "wnm", "wnt", "never"),
    DECISION_ROWS,
    ids=[r[0] for r in DECISION_ROWS],
)
def test_passthrough_decision(
    source: str,
    templates: dict[str, str] | None,
    content_type: str | None,
    wnm: str,
    wnt: str,
    never: str,
) -> None:
    for behavior, expected in ((WNM, wnm), (WNT, wnt), (NEVER, never)):
        assert _outcome(select_request_template(content_type, templates, behavior)) == expected, (
            behavior
        )


@pytest.mark.parametrize(
    ("key", "behavior"),
    [(k, b) for k, row in PASSTHROUGH_TABLE.items() for b in row],
    ids=lambda v: str(v),
)
def test_passthrough_table_b3_cells(key: tuple[bool, bool], behavior: PassthroughBehavior) -> None:
    """Every cell of PASSTHROUGH_TABLE (VPB Table B-3) as seen through the function."""
    defined, matching = key
    templates = {"application/json": "t"} if defined else {}
    content_type = "application/json" if matching else "text/plain"
    expected = {"template": "T", "passthrough": "P", "415": "R415"}[
        PASSTHROUGH_TABLE[key][behavior]
    ]
    assert _outcome(select_request_template(content_type, templates, behavior)) == expected


def test_selected_template_and_key() -> None:
    decision = select_request_template("application/json; charset=UTF-8", JSON_T, None)
    assert decision == UseTemplate("application/json", "application/json", "json template")


def test_default_behavior_is_when_no_match() -> None:
    """VPB B.3 / PT-3: unset passthroughBehavior acts as WHEN_NO_MATCH."""
    assert _outcome(select_request_template("application/xml", JSON_T, None)) == "P"
    assert _outcome(select_request_template("application/xml", JSON_T, "")) == "P"


@pytest.mark.parametrize("spelling", ["when_no_templates", "When_No_Templates"])
def test_openapi_spellings(spelling: str) -> None:
    """VPB B.3 / PT-1: OpenAPI lower-case values are accepted."""
    assert _outcome(select_request_template("application/xml", JSON_T, spelling)) == "R415"


def test_invalid_configuration() -> None:
    with pytest.raises(ConfigurationError, match="passthroughBehavior"):
        select_request_template(None, JSON_T, "SOMETIMES")
    with pytest.raises(ConfigurationError, match="requestTemplates"):
        select_request_template(None, {"application/json": 3}, None)
    with pytest.raises(ConfigurationError, match="integration type"):
        select_request_template(None, JSON_T, None, integration_type="LAMBDA")


@pytest.mark.parametrize("integration_type", ["AWS_PROXY", "HTTP_PROXY", "aws_proxy"])
def test_proxies_always_pass_through(integration_type: str) -> None:
    """VPB B.1: proxy integrations pass the whole request, whatever the templates."""
    assert (
        _outcome(
            select_request_template("text/plain", JSON_T, NEVER, integration_type=integration_type)
        )
        == "P"
    )


# VPB OQ-45: an empty or null request template is no template. Expected values from
# LocalStack's AWS-validated IntegrationRequestHandler.get_request_template (a falsy
# template falls to the passthrough rules, the non-empty map still counting as "has
# templates") and the guide's rule for an empty response template (VPB B.5 item 7).
EMPTY_TEMPLATE_ROWS = [
    # (templates, behaviour, expected outcome)
    ({"application/json": ""}, WNM, "P"),
    ({"application/json": ""}, WNT, "R415"),
    ({"application/json": ""}, NEVER, "R415"),
    ({"application/json": None}, WNM, "P"),
    ({"application/json": None}, NEVER, "R415"),
    ({"application/json": "", "text/plain": "t"}, WNM, "P"),
]


@pytest.mark.parametrize(("templates", "behavior", "expected"), EMPTY_TEMPLATE_ROWS)
def test_empty_request_template_is_no_template(
    templates: dict[str, Any], behavior: str, expected: str
) -> None:
    assert _outcome(select_request_template(None, templates, behavior)) == expected


def test_415_gateway_response() -> None:
    """VPB B.3 / D.7: the refusal is UNSUPPORTED_MEDIA_TYPE, status 415."""
    decision = select_request_template("text/plain", JSON_T, NEVER)
    assert isinstance(decision, GatewayError)
    response = render_gateway_response(decision)
    assert response.status_code == 415
    assert response.body == '{"message":"Unsupported Media Type"}'


WORKED_EXAMPLES = [
    # (source, Content-Type, templates, behavior, outcome)
    ("VPB B-5: NEVER rejects other types", "text/plain", {"application/json": "ddb"}, NEVER, "R415"),
    ("VPB B-5: NEVER applies application/json", "application/json", {"application/json": "ddb"}, NEVER, "T"),
    ("VPB B-6: GET has no templates (HTTP, default)", None, None, None, "P"),
    ("VPB B-6: POST text/plain, NEVER", "text/plain", {"application/json": "ddb"}, NEVER, "R415"),
    ("VPB B-6: POST without Content-Type, NEVER", None, {"application/json": "ddb"}, NEVER, "T"),
    ("VPB B-7: when_no_templates, no templates", "application/json", None, "when_no_templates", "P"),
    ("VPB B-8 / E-6: mock template keyed application/json, no Content-Type", None, {"application/json": "{...}"}, None, "T"),
    ("PT-1: NEVER, POST without body or headers", None, JSON_T, NEVER, "T"),
    ("PT-1: WHEN_NO_TEMPLATES, GET", None, JSON_T, WNT, "T"),
    ("PT-3: no templates, WHEN_NO_MATCH, no Content-Type", None, None, WNM, "P"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "content_type", "templates", "behavior", "outcome"),
    WORKED_EXAMPLES,
    ids=[r[0] for r in WORKED_EXAMPLES],
)
def test_worked_examples(
    source: str,
    content_type: str | None,
    templates: dict[str, str] | None,
    behavior: str | None,
    outcome: str,
) -> None:
    assert _outcome(select_request_template(content_type, templates, behavior)) == outcome


PASSTHROUGH_CASES = cases("passthrough")


@pytest.mark.parametrize("case", PASSTHROUGH_CASES, ids=ids(PASSTHROUGH_CASES))
def test_recorded_passthrough_cases(case: dict[str, Any]) -> None:
    """PT-2 and PT-3 as recorded: a matching template is always applied; no templates pass."""
    inputs = case["inputs"]
    headers = inputs["client_request"].get("headers") or {}
    templates = (
        dict.fromkeys(inputs["requestTemplates_keys"], "t")
        if "requestTemplates_keys" in inputs
        else inputs.get("requestTemplates")
    )
    behavior = inputs["passthroughBehavior"].split(" ")[0]
    decision = select_request_template(headers.get("Content-Type"), templates, behavior)
    assert _outcome(decision) == ("T" if templates else "P")


# --- response templates (VPB B.5, PT-5) ---------------------------------------------------------

RESPONSE_ROWS = [
    # (source, responseTemplates, Accept, selected key or None for passthrough)
    ("VPB B-3 row 1", {"application/xml": "x"}, "application/xml", "application/xml"),
    ("VPB B-3 row 2: first existing template", {"application/xml": "x"}, None, "application/xml"),
    ("VPB B-3 row 3: empty application/json template", {"application/xml": "x", "application/json": ""}, None, None),
    ("VPB B.5 item 2: no Accept", {"application/xml": "x", "application/json": "j"}, None, "application/json"),
    ("PT-5: image/png falls back to application/json", {"application/json": "j"}, "image/png", "application/json"),
    ("PT-5: */* falls back to application/json", {"text/html": "h", "application/json": "j"}, "*/*", "application/json"),
    ("VPB B.5 item 4: first template without application/json", {"text/html": "h", "text/xml": "x"}, "image/png", "text/html"),
    ("VPB C.2: only the first Accept value", {"text/html": "h", "application/xml": "x"}, "application/xml,text/html", "application/xml"),
    ("VPB B.5 item 5: no templates", {}, "application/json", None),
    ("VPB B.5 item 6: parameters ignored", {"application/xml": "x", "application/json": "j"}, "application/xml; q=0.9", "application/xml"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "templates", "accept", "key"), RESPONSE_ROWS, ids=[r[0] for r in RESPONSE_ROWS]
)
def test_select_response_template(
    source: str, templates: dict[str, str], accept: str | None, key: str | None
) -> None:
    decision = select_response_template(templates, accept)
    if key is None:
        assert isinstance(decision, PassThrough)
    else:
        assert isinstance(decision, UseTemplate)
        assert (decision.key, decision.template) == (key, templates[key])


# --- MOCK status (VPB E.8, PT-6) -----------------------------------------------------------------

MOCK_ROWS = [
    # (source, rendered request template, status)
    ("VPB E.8: 200", '{"statusCode": 200}', 200),
    ("VPB E.8: 500", '{"statusCode": 500}', 500),
    ("VPB E-6 internal (rendered)", '{\n  \n    "statusCode": 200\n  \n}', 200),
    ("VPB E-6 other (rendered)", '{\n  \n    "statusCode": 500\n  \n}', 500),
    ("PT-6: unquoted key (CDK)", "{statusCode: 200}", 200),
    ("PT-6: unquoted key, 404", "{ statusCode: 404 }", 404),
    ("numeric string", '{"statusCode": "201"}', 201),
    ("single quotes", "{'statusCode': 202}", 202),
    ("trailing comma", '{"statusCode": 418,}', 418),
    ("extra keys", '{"message": "hi", "statusCode": 503}', 503),
    ("recorded passthrough template", '{"statusCode":200}', 200),
    ("VPB OQ-43: no statusCode", "{}", 200),
    ("VPB OQ-43: empty template output", "", 200),
    ("VPB OQ-43: not JSON at all", "hello", 200),
    ("bytes", b'{"statusCode": 302}', 302),
]  # fmt: skip


@pytest.mark.parametrize(("source", "rendered", "status"), MOCK_ROWS, ids=[r[0] for r in MOCK_ROWS])
def test_parse_mock_status_code(source: str, rendered: str | bytes, status: int) -> None:
    assert parse_mock_status_code(rendered) == status


def test_mock_without_request_template() -> None:
    """VPB E.8: without a request template the default integration response (200) is used."""
    assert parse_mock_status_code(None) == 200


def test_recorded_mock_invalid_json_request_template() -> None:
    """ls-mock-invalid-json-request-template: {statusCode: 200} selects the 2\\d{2} response."""
    case = BY_ID["ls-mock-invalid-json-request-template"]
    assert parse_mock_status_code("{statusCode: 200}") == case["aws_output"]["status"]
