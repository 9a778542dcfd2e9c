"""Parameter mapping, request and response side (VPB F.1, E.5, E.7; MT §6, §7; HDR-1 to HDR-8)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    FORBIDDEN_REQUEST_HEADER_MAPPINGS,
    GatewayError,
    GatewayResponseType,
    IntegrationRequestParameters,
    ParameterLocation,
    ParameterSource,
    apply_request_overrides,
    build_method_request,
    check_forbidden_header_mappings,
    check_forbidden_header_overrides,
    map_request_parameters,
    map_response_parameters,
    parse_mapping_expression,
    parse_request_parameters,
    parse_response_parameters,
    render_integration_uri,
)

from .recorded_invoke import BY_ID

S = ParameterSource

REQUEST = build_method_request(
    "POST",
    "/prod/pets/7?q=a&q=b&vendor=acme&version=v2",
    stage="prod",
    resource="/pets/{petId}",
    headers=[
        ("x-user-id", "u1"),
        ("item", "i1"),
        ("item", "i2"),
        ("Content-Type", "application/json"),
    ],
    body='{"petstore": {"pets": [{"name": "Rex", "age": 3}]}, "flag": true, "n": null}',
)
CONTEXT = {"resourceId": "r00t", "identity": {"sourceIp": "203.0.113.9"}, "stage": "prod"}
STAGE = {"env": "dev"}


def _mapped(mapping: dict[str, str], request: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    return map_request_parameters(
        REQUEST if request is None else request,
        mapping,
        context=CONTEXT,
        stage_variables=STAGE,
        **kwargs,
    )


# VPB Table F-1, row for row: (source row, expression, destination, expected values).
TABLE_F1 = [
    ("Method request path", "method.request.path.petId", "integration.request.path.id", {"path": {"id": "7"}}),
    ("Method request query string", "method.request.querystring.vendor", "integration.request.querystring.provider", {"querystring": {"provider": ["acme"]}}),
    ("Multi-value method request query string", "method.request.multivaluequerystring.q", "integration.request.querystring.q", {"querystring": {"q": ["a", "b"]}}),
    ("Method request header", "method.request.header.x-user-id", "integration.request.header.x-userid", {"headers": {"x-userid": ["u1"]}}),
    ("Multi-value method request header", "method.request.multivalueheader.item", "integration.request.header.items", {"headers": {"items": ["i1,i2"]}}),
    ("Method request body", "method.request.body", "integration.request.header.body-header", {"headers": {"body-header": [REQUEST["body"]]}}),
    ("Method request body (JsonPath)", "method.request.body.petstore.pets[0].name", "integration.request.path.pet-name", {"path": {"pet-name": "Rex"}}),
    ("Stage variables", "stageVariables.env", "integration.request.header.env", {"headers": {"env": ["dev"]}}),
    ("Context variables", "context.resourceId", "integration.request.header.ctx", {"headers": {"ctx": ["r00t"]}}),
    ("Static value", "'application/x-amz-json-1.1'", "integration.request.header.Content-Type", {"headers": {"Content-Type": ["application/x-amz-json-1.1"]}}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "expression", "destination", "expected"), TABLE_F1, ids=[r[0] for r in TABLE_F1]
)
def test_table_f1(row: str, expression: str, destination: str, expected: dict[str, Any]) -> None:
    """VPB Table F-1 (every source row), MT §6.2."""
    mapped = _mapped({destination: expression}, integration_type="HTTP")
    assert isinstance(mapped, IntegrationRequestParameters)
    got = {
        "headers": dict(mapped.headers),
        "querystring": dict(mapped.querystring),
        "path": dict(mapped.path),
    }
    assert {k: v for k, v in got.items() if v} == expected


# VPB Table E-1, row for row.
RESPONSE = {
    "statusCode": 302,
    "headers": {"x-app-id": "app-9", "cid": "c-1", "Date": "Thu, 31 Aug 2017 01:07:25 GMT"},
    "multiValueHeaders": {"item": ["a", "b"]},
    "body": '{"redirect": {"url": "https://example.com/next"}, "a": 1, "op": "+"}',
}
TABLE_E1 = [
    ("Integration response header", "integration.response.header.x-app-id", "app-9"),
    ("Integration response header (multi-value)", "integration.response.multivalueheader.item", "a,b"),
    ("Integration response body", "integration.response.body", RESPONSE["body"]),
    ("Integration response body (JsonPath)", "integration.response.body.redirect.url", "https://example.com/next"),
    ("Stage variable", "stageVariables.env", "dev"),
    ("Context variable", "context.identity.sourceIp", "203.0.113.9"),
    ("Static value", "'static value'", "static value"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "expression", "expected"), TABLE_E1, ids=[r[0] for r in TABLE_E1])
def test_table_e1(row: str, expression: str, expected: str) -> None:
    """VPB Table E-1 (every source row), MT §6.2 response side."""
    mapped = map_response_parameters(
        {"method.response.header.h": expression}, RESPONSE, context=CONTEXT, stage_variables=STAGE
    )
    assert mapped == {"h": [expected]}


# MT §6.7 documented mappings M1-M19 (configuration only: our outcome for REQUEST/RESPONSE).
REQUEST_EXAMPLES = [
    ("M1 / F-2", {"integration.request.path.integrationPathParam": "method.request.header.x-user-id"}, {"path": {"integrationPathParam": "u1"}}),
    ("M2 / F-2", {"integration.request.querystring.integrationQueryParam": "method.request.multivaluequerystring.q"}, {"querystring": {"integrationQueryParam": ["a", "b"]}}),
    ("M3 / F-2", {"integration.request.header.body-header": "method.request.body"}, {"headers": {"body-header": [REQUEST["body"]]}}),
    ("M4 / F-2", {"integration.request.path.pet-name": "method.request.body.petstore.pets[0].name"}, {"path": {"pet-name": "Rex"}}),
    ("M8", {"integration.request.querystring.stage": "method.request.querystring.version", "integration.request.header.x-userid": "method.request.header.x-user-id", "integration.request.path.op": "method.request.path.service"}, {"querystring": {"stage": ["v2"]}, "headers": {"x-userid": ["u1"]}}),
    ("M9 / E-4", {"integration.request.path.stage": "method.request.querystring.version", "integration.request.querystring.provider": "method.request.querystring.vendor"}, {"path": {"stage": "v2"}, "querystring": {"provider": ["acme"]}}),
    ("M12 / F-12", {"integration.request.path.id": "method.request.path.petId"}, {"path": {"id": "7"}}),
    ("M15 / F-10 static", {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}, {"headers": {"X-Amz-Invocation-Type": ["Event"]}}),
    ("M15 / F-10 from a header", {"integration.request.header.X-Amz-Invocation-Type": "method.request.header.InvocationType"}, {}),
    ("M16 / F-6", {"integration.request.path.proxy": "method.request.path.proxy"}, {}),
    ("M18", {"integration.request.path.key": "method.request.querystring.vendor"}, {"path": {"key": "acme"}}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "mapping", "expected"), REQUEST_EXAMPLES, ids=[r[0] for r in REQUEST_EXAMPLES]
)
def test_documented_request_mappings(
    source: str, mapping: dict[str, str], expected: dict[str, Any]
) -> None:
    """MT §6.7 / VPB F.1 examples; an absent source is omitted (HDR-6)."""
    mapped = _mapped(mapping, integration_type="HTTP")
    assert isinstance(mapped, IntegrationRequestParameters)
    got = {
        "headers": dict(mapped.headers),
        "querystring": dict(mapped.querystring),
        "path": dict(mapped.path),
    }
    assert {k: v for k, v in got.items() if v} == expected


RESPONSE_EXAMPLES = [
    ("M5 / E-5 (1)", {"method.response.header.location": "integration.response.body.redirect.url"}, {"location": ["https://example.com/next"]}),
    ("M6 / E-5 (2)", {"method.response.header.id": "integration.response.header.x-app-id"}, {"id": ["app-9"]}),
    ("M7 / E-5 (3)", {"method.response.header.items": "integration.response.multivalueheader.item"}, {"items": ["a,b"]}),
    ("M9 / E-4 requestId", {"method.response.header.requestId": "integration.response.header.cid"}, {"requestId": ["c-1"]}),
    ("M9 / E-4 302 Location", {"method.response.header.Location": "integration.response.body.redirect.url"}, {"Location": ["https://example.com/next"]}),
    ("M9 / E-4 default static", {"method.response.header.test-method-response-header": "'static value'"}, {"test-method-response-header": ["static value"]}),
    ("M10 absent header omitted", {"method.response.header.x-user-id": "integration.response.header.x-userid"}, {}),
    ("M13 / E-12 Timestamp", {"method.response.header.Timestamp": "integration.response.header.Date"}, {"Timestamp": ["Thu, 31 Aug 2017 01:07:25 GMT"]}),
    ("M17 / F-9 CORS", {"method.response.header.Access-Control-Allow-Methods": "'*'", "method.response.header.Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'"}, {"Access-Control-Allow-Methods": ["*"], "Access-Control-Allow-Headers": ["Content-Type,X-Amz-Date,Authorization,X-Api-Key"]}),
    ("M19 / E-10 numbers", {"method.response.header.operand_1": "integration.response.body.a", "method.response.header.operator": "integration.response.body.op"}, {"operand_1": ["1"], "operator": ["+"]}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "mapping", "expected"), RESPONSE_EXAMPLES, ids=[r[0] for r in RESPONSE_EXAMPLES]
)
def test_documented_response_mappings(
    source: str, mapping: dict[str, str], expected: dict[str, list[str]]
) -> None:
    """MT §6.7 / VPB E.5 examples."""
    assert map_response_parameters(mapping, RESPONSE, context=CONTEXT) == expected


def test_example_e3_lambda_custom_error_deserialised() -> None:
    """VPB Example E-3 / MT #43: body members of a stringified errorMessage to headers."""
    body = json.dumps(
        {
            "errorMessage": json.dumps(
                {
                    "errorType": "InternalServerError",
                    "httpStatus": 500,
                    "requestId": "e5849002-39a0-11e7-a419-5bb5807c9fb2",
                    "trace": {"function": "abc()", "line": 123, "file": "abc.js"},
                },
                separators=(",", ":"),
            )
        }
    )
    mapping = {
        "method.response.header.error_trace_function": "integration.response.body.errorMessage.trace.function",
        "method.response.header.error_status": "integration.response.body.errorMessage.httpStatus",
        "method.response.header.error_type": "integration.response.body.errorMessage.errorType",
        "method.response.header.error_trace": "integration.response.body.errorMessage.trace",
    }
    mapped = map_response_parameters(mapping, {"body": body}, lambda_error=True)
    assert mapped == {
        "error_trace_function": ["abc()"],
        "error_status": ["500"],
        "error_type": ["InternalServerError"],
        "error_trace": ['{"function":"abc()","line":123,"file":"abc.js"}'],
    }
    # VPB E.5: only for Lambda custom errors; otherwise the member stays a string.
    plain = map_response_parameters(mapping, {"body": body})
    assert "error_type" not in plain


# --- recorded and test-stated rules (HDR-6, HDR-8) --------------------------------------------


def test_recorded_multi_header() -> None:
    """ls-unitclaim-param-mapping-multi-header (HDR-8): last value; multivalueheader joins."""
    case = BY_ID["ls-unitclaim-param-mapping-multi-header"]
    request = build_method_request(
        "GET",
        "/",
        headers=[
            ("testMultiHeader", "value1"),
            ("testMultiHeader", "value2"),
            ("testHeader", "value"),
        ],
    )
    mapped = map_request_parameters(request, case["inputs"]["requestParameters"])
    assert isinstance(mapped, IntegrationRequestParameters)
    expected = case["aws_output"]["mapped"]["header"]
    assert {k: v[0] for k, v in mapped.headers.items()} == expected


def test_recorded_multi_querystring() -> None:
    """ls-unitclaim-param-mapping-multi-qs (HDR-8): last value; multivaluequerystring keeps the list."""
    case = BY_ID["ls-unitclaim-param-mapping-multi-qs"]
    request = build_method_request("GET", "/?" + case["inputs"]["request_query"])
    mapped = map_request_parameters(request, case["inputs"]["requestParameters"])
    assert isinstance(mapped, IntegrationRequestParameters)
    expected = {
        k: v if isinstance(v, list) else [v]
        for k, v in case["aws_output"]["mapped"]["querystring"].items()
    }
    assert dict(mapped.querystring) == expected


def test_recorded_empty_body() -> None:
    """ls-unitclaim-param-mapping-empty-body (IN-1): an empty body maps as "{}"."""
    case = BY_ID["ls-unitclaim-param-mapping-empty-body"]
    mapped = map_request_parameters(
        build_method_request("POST", "/", body=""), case["inputs"]["requestParameters"]
    )
    assert isinstance(mapped, IntegrationRequestParameters)
    assert {k: v[0] for k, v in mapped.headers.items()} == case["aws_output"]["mapped"]["header"]


def test_recorded_response_empty_body() -> None:
    """ls-unitclaim-response-param-mapping-empty-body: integration.response.body of "" is "{}"."""
    case = BY_ID["ls-unitclaim-response-param-mapping-empty-body"]
    mapped = map_response_parameters(case["inputs"]["responseParameters"], {"body": ""})
    assert {k: v[0] for k, v in mapped.items()} == case["aws_output"]["mapped"]["header"]


@pytest.mark.parametrize(
    "expression", ["method.request.body.petstore.pets[0].name", "method.request.body"]
)
def test_recorded_invalid_json_body(expression: str) -> None:
    """ls-unitclaim-json-body-mapping-invalid (HDR-8): 400 Invalid JSON in request body."""
    case = BY_ID["ls-unitclaim-json-body-mapping-invalid"]
    request = build_method_request("POST", "/", body=case["inputs"]["request_body"])
    error = map_request_parameters(request, {"integration.request.header.body_value": expression})
    assert isinstance(error, GatewayError)
    assert error.response_type is GatewayResponseType.BAD_REQUEST_BODY
    assert error.default_status_code == case["aws_output"]["status"]
    assert error.message == case["aws_output"]["message"]


def test_body_that_is_not_json() -> None:
    """HDR-8 note: only a body that looks like JSON is parsed; plain text maps as itself and a
    JSONPath over it finds nothing (omitted, HDR-6)."""
    request = build_method_request("POST", "/", body="a=1&b=2")
    mapped = map_request_parameters(
        request,
        {
            "integration.request.header.all": "method.request.body",
            "integration.request.header.a": "method.request.body.a",
        },
    )
    assert isinstance(mapped, IntegrationRequestParameters)
    assert dict(mapped.headers) == {"all": ["a=1&b=2"]}


JSONPATH_VALUES = [
    ("string", "petstore.pets[0].name", "Rex"),
    ("number", "petstore.pets[0].age", "3"),
    ("boolean", "flag", "true"),
    ("object as compact JSON (MT §6.4)", "petstore.pets[0]", '{"name":"Rex","age":3}'),
    ("array as compact JSON", "petstore.pets[*].name", '["Rex"]'),
    ("null is absent", "n", None),
    ("no match is absent", "missing.path", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "path", "expected"), JSONPATH_VALUES, ids=[r[0] for r in JSONPATH_VALUES]
)
def test_jsonpath_value_formatting(what: str, path: str, expected: str | None) -> None:
    """MT §6.4 value formatting: numbers as decimal text, objects as their JSON string."""
    mapped = _mapped({"integration.request.header.v": f"method.request.body.{path}"})
    assert isinstance(mapped, IntegrationRequestParameters)
    assert mapped.headers.get("v") == (None if expected is None else [expected])


def test_recorded_context_variable_source() -> None:
    """ls-other-http-param-mapping-context-var (HDR-8): context.resourceId is a usable source."""
    case = BY_ID["ls-other-http-param-mapping-context-var"]
    request = build_method_request("GET", "/", headers=case["inputs"]["client_request"]["headers"])
    mapped = map_request_parameters(
        request,
        case["inputs"]["requestParameters"],
        integration_type="HTTP",
        context={"resourceId": "<root resource id>"},
    )
    assert isinstance(mapped, IntegrationRequestParameters)
    got = {k.lower(): v[0] for k, v in mapped.headers.items()}
    assert got == case["aws_output"]["backend_headers_include"]


def test_stage_variables_default_to_the_request() -> None:
    request = build_method_request("GET", "/", stage_variables={"env": "prod"})
    mapped = map_request_parameters(request, {"integration.request.header.e": "stageVariables.env"})
    assert isinstance(mapped, IntegrationRequestParameters)
    assert dict(mapped.headers) == {"e": ["prod"]}


# --- HDR-1: forbidden header destinations ---------------------------------------------------

FORBIDDEN_ROWS = [
    (kind, header, header.lower() in FORBIDDEN_REQUEST_HEADER_MAPPINGS[kind])  # type: ignore[index]
    for kind in ("HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK")
    for header in ("Content-Length", "Transfer-Encoding", "Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE", "Accept", "Upgrade")
]  # fmt: skip


@pytest.mark.parametrize(("kind", "header", "refused"), FORBIDDEN_ROWS)
def test_hdr1_forbidden_headers(kind: str, header: str, refused: bool) -> None:
    """HDR-1 (recorded): Content-Length and Transfer-Encoding everywhere; AWS/AWS_PROXY also
    Authorization, Connection, Expect, Proxy-Authenticate, TE; HTTP accepts those five."""
    expected_refused = header in ("Content-Length", "Transfer-Encoding") or (
        kind in ("AWS", "AWS_PROXY")
        and header in ("Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE")
    )
    assert refused is expected_refused
    mapping = {f"integration.request.header.{header}": "'x'"}
    error = check_forbidden_header_mappings(mapping, kind)
    assert (error is not None) is expected_refused
    result = _mapped(mapping, integration_type=kind)
    if expected_refused:
        assert isinstance(result, GatewayError)
        assert result.response_type is GatewayResponseType.API_CONFIGURATION_ERROR
        assert result.default_status_code == 500
    else:
        assert isinstance(result, IntegrationRequestParameters)


# The same headers set through $context.requestOverride.header in a request template.
# Expected values: LocalStack's AWS-validated IntegrationRequestHandler, which merges the
# overrides into the mapped headers before refusing HDR-1's headers ("Some headers can't be
# modified by parameter mappings or mapping templates"); not recorded in our spec.
OVERRIDE_ROWS = [
    # (integration type, requestOverride.header, refused)
    ("HTTP", {"Content-Length": "5"}, True),
    ("HTTP", {"transfer-encoding": "chunked"}, True),
    ("HTTP", {"TE": "gzip"}, False),
    ("AWS", {"TE": "gzip"}, True),
    ("AWS", {"Authorization": "x"}, True),
    ("MOCK", {"Content-Length": "5"}, True),
    ("MOCK", {"X-Note": "hi"}, False),
    ("HTTP", {}, False),
]


@pytest.mark.parametrize(("kind", "headers", "refused"), OVERRIDE_ROWS)
def test_hdr1_forbidden_header_overrides(kind: str, headers: dict[str, str], refused: bool) -> None:
    error = check_forbidden_header_overrides({"header": headers}, kind)
    assert (error is not None) is refused
    if error is not None:
        assert error.response_type is GatewayResponseType.API_CONFIGURATION_ERROR


def test_hdr1_forbidden_header_override_end_to_end() -> None:
    """The backend is not called; the client gets 500 Internal server error."""
    import apigw_core

    calls: list[Any] = []
    method = {
        "httpMethod": "POST",
        "methodIntegration": {
            "type": "HTTP",
            "httpMethod": "POST",
            "uri": "https://be.example/x",
            "requestTemplates": {
                "application/json": '#set($context.requestOverride.header.Content-Length = "5"){}'
            },
            "integrationResponses": {"200": {"statusCode": "200"}},
        },
    }
    request = build_method_request("POST", "/prod/r", stage="prod", resource="/r")
    out = apigw_core.invoke_method(
        request, method, {"id": "a1"}, backend=lambda r: calls.append(r) or {"statusCode": 200}
    )
    assert out["statusCode"] == 500
    assert json.loads(out["body"]) == {"message": "Internal server error"}
    assert calls == []


# --- grammar: configuration errors -----------------------------------------------------------

GOOD = [
    ("'literal'", "request", S.STATIC, "literal"),
    ("''", "request", S.STATIC, ""),
    ("'it's'", "request", S.STATIC, "it's"),
    ("method.request.path.petId", "request", S.METHOD_REQUEST_PATH, "petId"),
    ("method.request.header.x-amz_$.1", "request", S.METHOD_REQUEST_HEADER, "x-amz_$.1"),
    ("method.request.body", "request", S.METHOD_REQUEST_BODY, None),
    ("method.request.body.a['b c'][0]", "request", S.METHOD_REQUEST_BODY, "a['b c'][0]"),
    ("context.authorizer.principalId", "request", S.CONTEXT, "authorizer.principalId"),
    ("stageVariables.url", "response", S.STAGE_VARIABLES, "url"),
    ("integration.response.header.Content-Type", "response", S.INTEGRATION_RESPONSE_HEADER, "Content-Type"),
    ("integration.response.body", "response", S.INTEGRATION_RESPONSE_BODY, None),
]  # fmt: skip


@pytest.mark.parametrize(("expression", "side", "source", "name"), GOOD, ids=[g[0] for g in GOOD])
def test_parse_valid(expression: str, side: Any, source: ParameterSource, name: str | None) -> None:
    parsed = parse_mapping_expression(expression, side)
    assert (parsed.source, parsed.name) == (source, name)


BAD = [
    ("unquoted static (MT Q-PM-6)", "application/json", "request"),
    ("$context form (MT Q-PM-6)", "$context.requestId", "request"),
    ("empty name", "method.request.header.", "request"),
    ("name with a blank (VPB F.1 regex)", "method.request.header.a b", "request"),
    ("unknown location", "method.request.cookie.a", "request"),
    ("response source on the request side", "integration.response.header.a", "request"),
    ("request source on the response side", "method.request.header.a", "response"),
    ("console plural spelling (MT Q-PM-4)", "integration.response.multivalueheaders.a", "response"),
    ("invalid JSONPath", "method.request.body.a[?(", "request"),
    ("half-quoted", "'abc", "request"),
    ("not a string", 42, "request"),
    ("stage variable with a dot", "stageVariables.a.b", "request"),
]  # fmt: skip


@pytest.mark.parametrize(("why", "expression", "side"), BAD, ids=[b[0] for b in BAD])
def test_parse_invalid_is_configuration_error(why: str, expression: Any, side: Any) -> None:
    """Invalid mapping expressions are configuration errors, never random exceptions."""
    with pytest.raises(ConfigurationError):
        parse_mapping_expression(expression, side)


BAD_DESTINATIONS = [
    {"integration.request.body.x": "'v'"},
    {"integration.request.header": "'v'"},
    {"method.request.header.x": "'v'"},
    {"integration.request.header.x": "nonsense"},
]


@pytest.mark.parametrize("mapping", BAD_DESTINATIONS)
def test_bad_request_destinations(mapping: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        parse_request_parameters(mapping)
    with pytest.raises(ConfigurationError):
        map_request_parameters(REQUEST, mapping)


@pytest.mark.parametrize(
    "mapping",
    [{"method.response.body": "'v'"}, {"header.x": "'v'"}, {"method.response.header.": "'v'"}],
)
def test_bad_response_destinations(mapping: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        parse_response_parameters(mapping)


def test_request_destinations_parsed() -> None:
    parsed = parse_request_parameters({"integration.request.querystring.a.b": "'v'"})
    assert [(loc, name) for loc, name, _ in parsed] == [(ParameterLocation.QUERYSTRING, "a.b")]


# --- overrides (VPB E.7, MT §7) --------------------------------------------------------------


def test_example_e8_header_overrides() -> None:
    """VPB Example E-8 / MT #8: header1 replaced, header3 created, a list is multi-value."""
    mapped = IntegrationRequestParameters(
        headers={"header1": ["header1Val"], "header2": ["header2Val"]}
    )
    result = apply_request_overrides(
        mapped,
        {
            "header": {
                "header3": "header1Valheader2Val",
                "Header1": "foo",
                "multivalueheader": ["foo", "header1Valheader2Val"],
            },
            "path": {},
            "querystring": {},
        },
    )
    assert dict(result.headers) == {
        "header2": ["header2Val"],
        "header3": ["header1Valheader2Val"],
        "Header1": ["foo"],
        "multivalueheader": ["foo", "header1Valheader2Val"],
    }


def test_path_and_query_overrides() -> None:
    """MT §7.2: requestOverride.path / querystring replace the mapped values."""
    mapped = IntegrationRequestParameters(querystring={"a": ["1"]}, path={"id": "7"})
    result = apply_request_overrides(
        mapped, {"header": {}, "querystring": {"a": "2", "b": ["x", "y"]}, "path": {"id": 8}}
    )
    assert dict(result.querystring) == {"a": ["2"], "b": ["x", "y"]}
    assert dict(result.path) == {"id": "8"}


def test_no_override_returns_the_mapping() -> None:
    mapped = IntegrationRequestParameters(headers={"a": ["1"]})
    assert apply_request_overrides(mapped, None) is mapped


# --- the integration URI (VPB F.1, MT §5.3, CTX-4, HDR-6, HDR-8) ----------------------------

URIS = [
    ("F-12 path parameter", "http://petstore-demo-endpoint.execute-api.com/petstore/pets/{id}", {"id": "7"}, {}, "http://petstore-demo-endpoint.execute-api.com/petstore/pets/7"),
    ("F-6c greedy keeps slashes", "http://petstore-demo-endpoint.execute-api.com/petstore/{proxy}", {"proxy": "pets/1"}, {}, "http://petstore-demo-endpoint.execute-api.com/petstore/pets/1"),
    ("EV-3 escapes kept", "https://be.example/u/{id}", {"id": "x%2By+z"}, {}, "https://be.example/u/x%2By+z"),
    ("blank encoded", "https://be.example/u/{id}", {"id": "a b"}, {}, "https://be.example/u/a%20b"),
    ("HDR-6 in the query", "https://be.example/x?v={pv}", {"pv": "1"}, {}, "https://be.example/x?v=1"),
    ("MT 5.3 whole host", "http://${stageVariables.url}", {}, {"url": "example.com/api"}, "http://example.com/api"),
    ("MT 5.3 host then path", "http://${stageVariables.url}/resource/operation", {}, {"url": "h.example"}, "http://h.example/resource/operation"),
    ("MT 5.3 subdomain", "http://${stageVariables.sub}.example.com/resource/operation", {}, {"sub": "beta"}, "http://beta.example.com/resource/operation"),
    ("MT 5.3 path segment", "http://example.com/${stageVariables.seg}/bar", {}, {"seg": "foo"}, "http://example.com/foo/bar"),
    ("MT 5.3 query", "http://example.com/foo?q=${stageVariables.q}", {}, {"q": "1"}, "http://example.com/foo?q=1"),
    ("MT 5.3 Lambda function", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.function}/invocations", {}, {"function": "HelloWorld"}, "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:HelloWorld/invocations"),
    ("MT #49 stage variables in the query", "http://${stageVariables.url}?stageName=${stageVariables.stageName}", {}, {"url": "h.example", "stageName": "beta"}, "http://h.example?stageName=beta"),
    ("undefined stage variable is empty", "http://example.com/${stageVariables.nope}", {}, {}, "http://example.com/"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "uri", "path", "stage", "expected"), URIS, ids=[u[0] for u in URIS]
)
def test_render_integration_uri(
    source: str, uri: str, path: dict[str, str], stage: dict[str, str], expected: str
) -> None:
    assert render_integration_uri(uri, path, stage) == expected


def test_recorded_malformed_stage_variable_left_as_is() -> None:
    """ls-unitclaim-uri-stagevar-bad-format (HDR-8)."""
    case = BY_ID["ls-unitclaim-uri-stagevar-bad-format"]
    rendered = render_integration_uri(
        case["inputs"]["integration_uri"], {}, case["inputs"]["stage_variables"]
    )
    assert rendered == case["aws_output"]["rendered_uri"]


def test_unresolved_path_parameter_is_500() -> None:
    """VPB F.1: a {id} in the URI without integration.request.path.id is an error response."""
    error = render_integration_uri("http://example.com/pets/{id}", {}, {})
    assert isinstance(error, GatewayError)
    assert error.response_type is GatewayResponseType.API_CONFIGURATION_ERROR


HDR5_ROWS = [
    (header, header.lower() not in ("connection", "proxy-authenticate", "te", "via", "expect"))
    for header in ("Accept", "Accept-Charset", "Accept-Encoding", "Age", "Authorization", "Content-Encoding", "Content-MD5", "Content-Type", "Max-Forwards", "Pragma", "Range", "Referer", "Server", "Trailer", "Upgrade", "User-Agent", "Warn", "WWW-Authenticate", "Connection", "Proxy-Authenticate", "TE", "Via", "Expect")
]  # fmt: skip


@pytest.mark.parametrize(("header", "arrives"), HDR5_ROWS)
@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_hdr5_mapped_headers_reach_the_backend(kind: str, header: str, arrives: bool) -> None:
    """HDR-5 (recorded via an echo backend): mapped headers arrive with the mapped value, the
    ones a client cannot send included; Connection, Proxy-Authenticate, TE, Via (and Expect)
    are accepted but never arrive."""
    from apigw_core.pipeline import invoke_method

    method = {
        "httpMethod": "GET",
        "methodIntegration": {
            "type": kind,
            "httpMethod": "GET",
            "uri": "https://echo.example/anything",
            "requestParameters": {f"integration.request.header.{header}": "'mapped'"},
            "integrationResponses": {"200": {"statusCode": "200"}},
        },
    }
    seen: list[dict[str, Any]] = []
    invoke_method(
        build_method_request("GET", "/"),
        method,
        {"id": "api1"},
        backend=lambda r: seen.append(r) or {"statusCode": 200},
    )
    sent = {name.lower(): value for name, value in seen[0]["headers"].items()}
    assert (sent.get(header.lower()) == "mapped") is arrives
