"""Gateway responses (VPB part D, PAR C.14, aws-observed-behaviour GR-1 to GR-6)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    BUILTIN_TEMPLATE,
    GATEWAY_RESPONSE_TYPES,
    GatewayError,
    GatewayResponseType,
    build_method_request,
    gateway_error,
    get_gateway_responses,
    missing_authentication_token,
    put_gateway_response,
    render_gateway_response,
    resolve_gateway_response,
    substitute_variables,
)

from .recorded import BY_ID, cases, ids

T = GatewayResponseType

# VPB Table D-1 / GR-1: (type, default status, falls back to)
TABLE_D1 = [
    (T.ACCESS_DENIED, 403, T.DEFAULT_4XX),
    (T.API_CONFIGURATION_ERROR, 500, T.DEFAULT_5XX),
    (T.AUTHORIZER_CONFIGURATION_ERROR, 500, T.DEFAULT_5XX),
    (T.AUTHORIZER_FAILURE, 500, T.DEFAULT_5XX),
    (T.BAD_REQUEST_PARAMETERS, 400, T.DEFAULT_4XX),
    (T.BAD_REQUEST_BODY, 400, T.DEFAULT_4XX),
    (T.DEFAULT_4XX, None, None),
    (T.DEFAULT_5XX, None, None),
    (T.EXPIRED_TOKEN, 403, T.DEFAULT_4XX),
    (T.INTEGRATION_FAILURE, 504, T.DEFAULT_5XX),
    (T.INTEGRATION_TIMEOUT, 504, T.DEFAULT_5XX),
    (T.INVALID_API_KEY, 403, T.DEFAULT_4XX),
    (T.INVALID_SIGNATURE, 403, T.DEFAULT_4XX),
    (T.MISSING_AUTHENTICATION_TOKEN, 403, T.DEFAULT_4XX),
    (T.QUOTA_EXCEEDED, 429, T.DEFAULT_4XX),
    (T.REQUEST_TOO_LARGE, 413, T.DEFAULT_4XX),
    (T.RESOURCE_NOT_FOUND, 404, T.DEFAULT_4XX),
    (T.THROTTLED, 429, T.DEFAULT_4XX),
    (T.UNAUTHORIZED, 401, T.DEFAULT_4XX),  # fallback not stated (VPB OQ-22), resolved so
    (T.UNSUPPORTED_MEDIA_TYPE, 415, T.DEFAULT_4XX),
    (T.WAF_FILTERED, 403, T.DEFAULT_4XX),
]


def test_21_types() -> None:
    assert len(TABLE_D1) == len(GatewayResponseType) == len(GATEWAY_RESPONSE_TYPES) == 21


@pytest.mark.parametrize(
    ("kind", "status", "fallback"), TABLE_D1, ids=[r[0].value for r in TABLE_D1]
)
def test_table_d1(
    kind: GatewayResponseType, status: int | None, fallback: GatewayResponseType | None
) -> None:
    info = GATEWAY_RESPONSE_TYPES[kind]
    assert (info.status_code, info.fallback) == (status, fallback)


DEFAULT_CASES = cases("gateway_response", "defaults")


@pytest.mark.parametrize("case", DEFAULT_CASES, ids=ids(DEFAULT_CASES))
def test_recorded_default_definitions(case: dict[str, Any]) -> None:
    """GR-1: each type's GetGatewayResponse on a fresh API, as recorded."""
    kind = case["id"].removeprefix("ls-gwresp-default-").upper()
    view = resolve_gateway_response(kind)
    assert {k: v for k, v in view.items() if k != "responseType"} == case["aws_output"]


@pytest.mark.parametrize(
    ("kind", "status", "fallback"), TABLE_D1, ids=[r[0].value for r in TABLE_D1]
)
def test_default_rendering(kind: GatewayResponseType, status: int | None, fallback: object) -> None:
    """GR-1: every built-in body is {"message":<text>} from the built-in template."""
    error = gateway_error(kind)
    response = render_gateway_response(error)
    default = {T.DEFAULT_4XX: 400, T.DEFAULT_5XX: 500}
    assert response.status_code == (status if status is not None else default[kind])
    assert json.loads(response.body) == {"message": GATEWAY_RESPONSE_TYPES[kind].message}
    assert response.headers["Content-Type"] == "application/json"


CUSTOMISATION = BY_ID["ls-gwresp-default5xx-inheritance"]
PUT_TEMPLATE = CUSTOMISATION["aws_output"]["put_results"]["put-gateway-response-all-value"][
    "responseTemplates"
]
PUT_PARAMS = CUSTOMISATION["aws_output"]["put_results"]["put-gateway-response-all-value"][
    "responseParameters"
]
DEFAULT_5XX_PUT = {
    "responseType": "DEFAULT_5XX",
    "statusCode": "599",
    "responseParameters": {
        "gatewayresponse.header.x-request-header": "method.request.header.Accept"
    },
    "responseTemplates": PUT_TEMPLATE,
}
AUTHORIZER_FAILURE_PUT = {
    "responseType": "AUTHORIZER_FAILURE",
    "responseParameters": {"gatewayresponse.header.foo": "'bar'"},
}
PUTS = [
    ("put-gateway-response-all-value", {"responseType": "MISSING_AUTHENTICATION_TOKEN", "statusCode": "404", "responseParameters": PUT_PARAMS, "responseTemplates": PUT_TEMPLATE}),
    ("put-gateway-response-status-only", {"responseType": "MISSING_AUTHENTICATION_TOKEN", "statusCode": "404"}),
    ("put-gateway-response-response-parameters-only", {"responseType": "MISSING_AUTHENTICATION_TOKEN", "responseParameters": {"gatewayresponse.header.x-request-header": "method.request.header.Accept"}}),
    ("put-gateway-response-response-templates-only", {"responseType": "MISSING_AUTHENTICATION_TOKEN", "responseTemplates": PUT_TEMPLATE}),
    ("put-gateway-response-default-5xx", DEFAULT_5XX_PUT),
    ("put-gateway-response-default-ignored", AUTHORIZER_FAILURE_PUT),
]  # fmt: skip


@pytest.mark.parametrize(("key", "put"), PUTS, ids=[p[0] for p in PUTS])
def test_recorded_puts_replace_the_entry(key: str, put: dict[str, Any]) -> None:
    """GR-2 (ls-gwresp-default5xx-inheritance put_results): a put replaces the whole entry."""
    assert put_gateway_response(put) == CUSTOMISATION["aws_output"]["put_results"][key]


AFTER = CUSTOMISATION["aws_output"]["get_after"]
API_AFTER = {
    "gatewayResponses": {
        "MISSING_AUTHENTICATION_TOKEN": put_gateway_response(PUTS[3][1]),
        "DEFAULT_5XX": put_gateway_response(DEFAULT_5XX_PUT),
        "AUTHORIZER_FAILURE": put_gateway_response(AUTHORIZER_FAILURE_PUT),
    }
}


@pytest.mark.parametrize("kind", sorted(AFTER))
def test_recorded_inheritance_after_puts(kind: str) -> None:
    """GR-3, GR-4 (get_after of the same case): uncustomised 5xx types inherit DEFAULT_5XX
    while reporting defaultResponse true; a put type keeps its own status."""
    view = get_gateway_responses(API_AFTER)[kind]
    assert {k: view[k] for k in AFTER[kind]} == AFTER[kind]


def test_inherited_5xx_renders_599_with_the_header() -> None:
    """GR-3 at run time: an API_CONFIGURATION_ERROR answers 599 with DEFAULT_5XX's header."""
    request = build_method_request("GET", "/", headers={"Accept": "application/json"})
    response = render_gateway_response(gateway_error(T.API_CONFIGURATION_ERROR), API_AFTER, request)
    assert response.status_code == 599
    assert response.headers["x-request-header"] == "application/json"
    other = render_gateway_response(gateway_error(T.AUTHORIZER_FAILURE), API_AFTER, request)
    assert other.status_code == 500
    assert other.headers["foo"] == "bar"
    assert "x-request-header" not in other.headers


ROUTING = cases("gateway_response", "missing_authentication_token")


@pytest.mark.parametrize("case", ROUTING, ids=ids(ROUTING))
def test_recorded_missing_authentication_token(case: dict[str, Any]) -> None:
    """GR-5: unknown path or method, 403 Missing Authentication Token (never 404/405)."""
    response = render_gateway_response(missing_authentication_token())
    expected = case["aws_output"]
    assert response.status_code == expected["status"]
    assert json.loads(response.body) == expected["body_json"]
    for name, value in expected["headers_include"].items():
        assert response.headers[name] == value


CONFIG_ERRORS = cases("gateway_response", "api_configuration_error") + cases(
    "gateway_response", "integration_failure"
)


@pytest.mark.parametrize("case", CONFIG_ERRORS, ids=ids(CONFIG_ERRORS))
def test_recorded_internal_server_error(case: dict[str, Any]) -> None:
    """GR-5, GR-6: a configuration error at invoke time is 500 Internal server error."""
    api = {"gatewayResponses": case["inputs"].get("gateway_responses") or {}}
    response = render_gateway_response(gateway_error(T.API_CONFIGURATION_ERROR), api)
    expected = case["aws_output"]
    assert response.status_code == expected["status"]
    assert json.loads(response.body) == expected["body_json"]
    for name, value in expected.get("headers_include", {}).items():
        assert response.headers[name] == value


# --- resolution rules (VPB D.3, GR-2 to GR-4) ---------------------------------------------------

RESOLUTION_ROWS = [
    # (source, gatewayResponses, type, status, header present?)
    ("D.3 step 3: built-in", {}, T.BAD_REQUEST_BODY, 400, False),
    ("D.3 step 2: DEFAULT_4XX params, own status", {"DEFAULT_4XX": {"responseParameters": {"gatewayresponse.header.h": "'v'"}}}, T.BAD_REQUEST_BODY, 400, True),
    ("D.3 step 2: DEFAULT_4XX status replaces", {"DEFAULT_4XX": {"statusCode": "418"}}, T.THROTTLED, 418, False),
    ("D.3 step 2: DEFAULT_4XX leaves 5xx alone", {"DEFAULT_4XX": {"statusCode": "418"}}, T.INTEGRATION_TIMEOUT, 504, False),
    ("D.3 step 1 / GR-4: own put wins, no merge", {"DEFAULT_4XX": {"statusCode": "418", "responseParameters": {"gatewayresponse.header.h": "'v'"}}, "THROTTLED": {"statusCode": "420"}}, T.THROTTLED, 420, False),
    ("GR-4: own put without status keeps the type default", {"DEFAULT_4XX": {"statusCode": "418"}, "THROTTLED": {"responseParameters": {}}}, T.THROTTLED, 429, False),
    ("VPB OQ-22: UNAUTHORIZED inherits DEFAULT_4XX", {"DEFAULT_4XX": {"statusCode": "499"}}, T.UNAUTHORIZED, 499, False),
    ("VPB D.4: REQUEST_TOO_LARGE cannot be customised", {"REQUEST_TOO_LARGE": {"statusCode": "400"}, "DEFAULT_4XX": {"statusCode": "499"}}, T.REQUEST_TOO_LARGE, 413, False),
    ("defaultResponse true entries are views, not puts", {"THROTTLED": {"statusCode": "400", "defaultResponse": True}}, T.THROTTLED, 429, False),
    ("VPB D-2: integer statusCode accepted", {"MISSING_AUTHENTICATION_TOKEN": {"statusCode": 404}}, T.MISSING_AUTHENTICATION_TOKEN, 404, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "responses", "kind", "status", "header"),
    RESOLUTION_ROWS,
    ids=[r[0] for r in RESOLUTION_ROWS],
)
def test_resolution(
    source: str, responses: dict[str, Any], kind: GatewayResponseType, status: int, header: bool
) -> None:
    response = render_gateway_response(gateway_error(kind), {"gatewayResponses": responses})
    assert response.status_code == status
    assert ("h" in response.headers) is header


def test_gateway_responses_as_items_list() -> None:
    api = {"gatewayResponses": {"items": [{"responseType": "THROTTLED", "statusCode": "420"}]}}
    assert render_gateway_response(gateway_error(T.THROTTLED), api).status_code == 420


def test_502_of_a_malformed_proxy_result() -> None:
    """PR-1: 502 {"message":"Internal server error"}; modelled as DEFAULT_5XX with status 502,
    so a DEFAULT_5XX status customisation applies to it as to every 5xx (VPB Table D-1)."""
    error = GatewayError(T.DEFAULT_5XX, "Internal server error", status_code=502)
    response = render_gateway_response(error)
    assert (response.status_code, response.body) == (502, '{"message":"Internal server error"}')
    assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    custom = {"gatewayResponses": {"DEFAULT_5XX": {"statusCode": "599"}}}
    assert render_gateway_response(error, custom).status_code == 599


# --- worked examples (VPB D.8) ------------------------------------------------------------------

D2_API = {
    "gatewayResponses": {
        "MISSING_AUTHENTICATION_TOKEN": {
            "statusCode": 404,
            "responseParameters": {
                "gatewayresponse.header.x-request-path": "method.input.params.petId",
                "gatewayresponse.header.x-request-query": "method.input.params.q",
                "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
                "gatewayresponse.header.x-request-header": "method.input.params.Accept",
            },
            "responseTemplates": {
                "application/json": '{\n     "message": $context.error.messageString,\n     "type":  "$context.error.responseType",\n     "stage":  "$context.stage",\n     "resourcePath":  "$context.resourcePath",\n     "stageVariables.a":  "$stageVariables.a",\n     "statusCode": "\'404\'"\n}'
            },
        }
    }
}


def _petstore_request() -> dict[str, Any]:
    request = build_method_request(
        "GET",
        "/custErr/pets/5?q=1",
        headers={"Accept": "*/*", "x-amzn-RequestId": "123344566"},
        stage="custErr",
        resource="/pets/{petId}",
        stage_variables={"a": "a"},
    )
    return request


def test_example_d2_openapi_customisation() -> None:
    """VPB D-2 (PAR C-33): status 404, headers from method.input.params, body by substitution."""
    response = render_gateway_response(missing_authentication_token(), D2_API, _petstore_request())
    assert response.status_code == 404
    assert response.headers["x-request-path"] == "5"
    assert response.headers["x-request-query"] == "1"
    assert response.headers["Access-Control-Allow-Origin"] == "a.b.c"
    assert response.headers["x-request-header"] == "*/*"
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert json.loads(response.body) == {
        "message": "Missing Authentication Token",
        "type": "MISSING_AUTHENTICATION_TOKEN",
        "stage": "custErr",
        "resourcePath": "/pets/{petId}",
        "stageVariables.a": "a",
        "statusCode": "'404'",
    }


def test_example_d1_console_customisation() -> None:
    """VPB D-1 (PAR C-31/C-32): the facts OQ-30 keeps (status, headers, substituted values);
    the printed body itself is inconsistent with its template, so substitution is textual."""
    api = {
        "gatewayResponses": {
            "MISSING_AUTHENTICATION_TOKEN": {
                "statusCode": "404",
                "responseParameters": {
                    "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
                    "gatewayresponse.header.x-request-id": "method.request.header.x-amzn-RequestId",
                    "gatewayresponse.header.x-request-path": "method.request.path.petId",
                    "gatewayresponse.header.x-request-query": "method.request.querystring.q",
                },
                "responseTemplates": {
                    "application/json": '{\n     "message":"$context.error.messageString",\n     "type": "$context.error.responseType",\n     "statusCode": "\'404\'",\n     "stage": "$context.stage",\n     "resourcePath": "$context.resourcePath",\n     "stageVariables.a": "$stageVariables.a"\n}'
                },
            }
        }
    }
    response = render_gateway_response(missing_authentication_token(), api, _petstore_request())
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert response.headers["Access-Control-Allow-Origin"] == "a.b.c"
    assert response.headers["x-request-id"] == "123344566"
    assert response.headers["x-request-path"] == "5"
    assert response.headers["x-request-query"] == "1"
    assert response.body == (
        '{\n     "message":""Missing Authentication Token"",\n     "type": "MISSING_AUTHENTICATION_TOKEN",'
        '\n     "statusCode": "\'404\'",\n     "stage": "custErr",\n     "resourcePath": "/pets/{petId}",'
        '\n     "stageVariables.a": "a"\n}'
    )


D3_API = {
    "gatewayResponses": {
        "DEFAULT_4XX": {
            "responseParameters": {
                "gatewayresponse.header.Access-Control-Allow-Origin": "'domain.com'"
            },
            "responseTemplates": {"application/json": '{"message": test 4xx b }'},
        },
        "INVALID_API_KEY": {
            "statusCode": "429",
            "responseTemplates": {"application/json": '{"message": test forbidden }'},
        },
    }
}

D3_ROWS = [
    # (type, status, body, Access-Control-Allow-Origin): VPB D-3 expected outcomes (derived, D.3)
    (T.BAD_REQUEST_BODY, 400, '{"message": test 4xx b }', "domain.com"),
    (T.MISSING_AUTHENTICATION_TOKEN, 403, '{"message": test 4xx b }', "domain.com"),
    (T.UNSUPPORTED_MEDIA_TYPE, 415, '{"message": test 4xx b }', "domain.com"),
    (T.INVALID_API_KEY, 429, '{"message": test forbidden }', None),  # OQ-23 resolved by GR-4
    (T.API_CONFIGURATION_ERROR, 500, '{"message":"Internal server error"}', None),
]


@pytest.mark.parametrize(
    ("kind", "status", "body", "origin"), D3_ROWS, ids=[r[0].value for r in D3_ROWS]
)
def test_example_d3(kind: GatewayResponseType, status: int, body: str, origin: str | None) -> None:
    response = render_gateway_response(gateway_error(kind), D3_API)
    assert (response.status_code, response.body) == (status, body)
    assert response.headers.get("Access-Control-Allow-Origin") == origin


def test_example_d4() -> None:
    """VPB D-4: status 456, header api-key from the request header api-key."""
    api = {
        "gatewayResponses": {
            "INVALID_API_KEY": {
                "statusCode": "456",
                "responseParameters": {
                    "gatewayresponse.header.api-key": "method.request.header.api-key"
                },
                "responseTemplates": {"application/json": '{"message": "Bad api-key" }'},
            }
        }
    }
    request = build_method_request("GET", "/", headers={"api-key": "k-123"})
    response = render_gateway_response(gateway_error(T.INVALID_API_KEY), api, request)
    assert (response.status_code, response.body) == (456, '{"message": "Bad api-key" }')
    assert response.headers["api-key"] == "k-123"


def test_example_d5() -> None:
    """VPB D-5: static, header, path and query sources."""
    api = {
        "gatewayResponses": {
            "DEFAULT_4XX": {
                "responseParameters": {
                    "gatewayresponse.header.Access-Control-Allow-Origin": "'*.example.domain'",
                    "gatewayresponse.header.from-request-header": "method.request.header.Accept",
                    "gatewayresponse.header.from-request-path": "method.request.path.petId",
                    "gatewayresponse.header.from-request-query": "method.request.querystring.qname",
                }
            }
        }
    }
    request = build_method_request(
        "GET", "/pets/7?qname=x", headers={"Accept": "text/html"}, resource="/pets/{petId}"
    )
    headers = render_gateway_response(gateway_error(T.BAD_REQUEST_BODY), api, request).headers
    assert headers["Access-Control-Allow-Origin"] == "*.example.domain"
    assert headers["from-request-header"] == "text/html"
    assert headers["from-request-path"] == "7"
    assert headers["from-request-query"] == "x"


D6_ROWS = [
    (
        '{ "message": $context.error.messageString, "type":$context.error.responseType, "statusCode": \'488\' }',
        '{ "message": "Missing Authentication Token", "type":MISSING_AUTHENTICATION_TOKEN, "statusCode": \'488\' }',
    ),
    ("{ \"message\": 'API-specific errors' }", "{ \"message\": 'API-specific errors' }"),
]


@pytest.mark.parametrize(("template", "body"), D6_ROWS)
def test_example_d6(template: str, body: str) -> None:
    """VPB D-6: expected output derived from D.5."""
    api = {
        "gatewayResponses": {
            "MISSING_AUTHENTICATION_TOKEN": {"responseTemplates": {"application/json": template}}
        }
    }
    assert render_gateway_response(missing_authentication_token(), api).body == body


def test_example_d7_default_body() -> None:
    """VPB D-7 / D.6: {"message":"Missing Authentication Token"} by default."""
    assert render_gateway_response(missing_authentication_token()).body == (
        '{"message":"Missing Authentication Token"}'
    )


# --- substitution (VPB D.4, D.5, OQ-27) ---------------------------------------------------------

VARIABLES = {
    "context": {
        "stage": "prod",
        "error": {"message": 'say "hi"', "messageString": '"say \\"hi\\""'},
        "identity": {"sourceIp": "1.2.3.4"},
        "flag": True,
    },
    "stageVariables": {"env": "dev"},
}

SUBSTITUTION_ROWS = [
    ("$context.stage", "prod"),
    ("${context.stage}", "prod"),
    ("$!context.stage", "prod"),
    ("[$context.nope]", "[]"),  # ENG-1: unknown prints ""
    ("$context.identity.sourceIp", "1.2.3.4"),
    ("[$context.identity]", "[]"),  # CTX-3: a map prints ""
    ("$context.flag", "true"),
    ("$stageVariables.env/${stageVariables.env}", "dev/dev"),
    ("$stageVariables.missing.", "."),
    ("$context.stage.", "prod."),
    ("#if($context.stage)x#end", "#if(prod)x#end"),  # not VTL: directives stay as text
    ("$input.body $util.x $foo", "$input.body $util.x $foo"),
    ("$context.error.messageString", '"say \\"hi\\""'),
]


@pytest.mark.parametrize(("template", "expected"), SUBSTITUTION_ROWS)
def test_substitute_variables(template: str, expected: str) -> None:
    assert substitute_variables(template, VARIABLES) == expected


ERROR_VARIABLE_ROWS = [
    # (variable, value): VPB D.5
    ("$context.error.message", "Invalid request body"),
    ("$context.error.messageString", '"Invalid request body"'),
    ("$context.error.responseType", "BAD_REQUEST_BODY"),
    ("$context.error.validationErrorString", "[detail]"),
]


@pytest.mark.parametrize(("variable", "value"), ERROR_VARIABLE_ROWS)
def test_context_error_variables(variable: str, value: str) -> None:
    api = {
        "gatewayResponses": {"DEFAULT_4XX": {"responseTemplates": {"application/json": variable}}}
    }
    error = GatewayError(
        T.BAD_REQUEST_BODY, "Invalid request body", validation_error_string="[detail]"
    )
    assert render_gateway_response(error, api).body == value


def test_null_message_prints_null() -> None:
    """PAR OQ-C5: an authorizer configuration error answers {"message": null}."""
    assert (
        render_gateway_response(gateway_error(T.AUTHORIZER_CONFIGURATION_ERROR)).body
        == '{"message":null}'
    )


def test_context_and_stage_variables_from_the_request() -> None:
    request = build_method_request("GET", "/prod/x", stage="prod", stage_variables={"a": "b"})
    api = {
        "gatewayResponses": {
            "DEFAULT_4XX": {
                "responseTemplates": {
                    "application/json": "$context.stage $stageVariables.a $context.requestId"
                }
            }
        }
    }
    body = render_gateway_response(
        gateway_error(T.THROTTLED), api, request, context={"requestId": "r-1"}
    ).body
    assert body == "prod b r-1"


TEMPLATE_CHOICE_ROWS = [
    # (Accept, body): VPB OQ-26 resolved with the response-template rules (B.5, PT-5)
    ("application/xml", "<xml/>"),
    ("application/json", "json"),
    (None, "json"),
    ("image/png", "json"),
]


@pytest.mark.parametrize(("accept", "body"), TEMPLATE_CHOICE_ROWS)
def test_template_chosen_by_accept(accept: str | None, body: str) -> None:
    api = {
        "gatewayResponses": {
            "DEFAULT_4XX": {
                "responseTemplates": {"application/xml": "<xml/>", "application/json": "json"}
            }
        }
    }
    request = build_method_request("GET", "/", headers={"Accept": accept} if accept else None)
    response = render_gateway_response(gateway_error(T.THROTTLED), api, request)
    assert response.body == body
    assert response.headers["Content-Type"] == (
        "application/xml" if body == "<xml/>" else "application/json"
    )


def test_mapping_with_absent_source_is_omitted() -> None:
    api = {
        "gatewayResponses": {
            "DEFAULT_4XX": {
                "responseParameters": {"gatewayresponse.header.x": "method.request.header.nope"}
            }
        }
    }
    assert "x" not in render_gateway_response(gateway_error(T.THROTTLED), api).headers


def test_mapping_sources() -> None:
    api = {
        "gatewayResponses": {
            "DEFAULT_4XX": {
                "responseParameters": {
                    "gatewayresponse.header.a": "method.request.multivalueheader.h",
                    "gatewayresponse.header.b": "method.request.multivaluequerystring.q",
                    "gatewayresponse.header.c": "context.stage",
                    "gatewayresponse.header.d": "stageVariables.v",
                    "gatewayresponse.querystring.e": "'ignored'",
                }
            }
        }
    }
    request = build_method_request(
        "GET",
        "/s/x?q=1&q=2",
        headers=[("h", "x"), ("h", "y")],
        stage="s",
        stage_variables={"v": "w"},
    )
    headers = render_gateway_response(gateway_error(T.THROTTLED), api, request).headers
    assert (headers["a"], headers["b"], headers["c"], headers["d"]) == ("x,y", "1,2", "s", "w")
    assert "e" not in headers


CONFIG_ERROR_ROWS = [
    ({"NOT_A_TYPE": {}}, "unknown gateway response type"),
    ({"THROTTLED": {"statusCode": "abc"}}, "statusCode must be a number"),
    ({"THROTTLED": {"statusCode": "99"}}, "not an HTTP status"),
    ({"THROTTLED": {"responseParameters": {"gatewayresponse.header.x": "$input.body"}}}, "illegal gateway response parameter"),
]  # fmt: skip


@pytest.mark.parametrize(("responses", "match"), CONFIG_ERROR_ROWS)
def test_configuration_errors(responses: dict[str, Any], match: str) -> None:
    with pytest.raises(ConfigurationError, match=match):
        render_gateway_response(gateway_error(T.THROTTLED), {"gatewayResponses": responses})


def test_as_dict_shape() -> None:
    final = render_gateway_response(missing_authentication_token()).as_dict()
    assert final["statusCode"] == 403
    assert final["multiValueHeaders"]["Content-Type"] == ["application/json"]
    assert final["isBase64Encoded"] is False
    assert BUILTIN_TEMPLATE == '{"message":$context.error.messageString}'


def _d7_errors() -> list[tuple[str, GatewayError | object, GatewayResponseType, int]]:
    from apigw_core.pipeline import (
        convert_lambda_proxy_result,
        convert_request_body,
        select_request_template,
        validate_request,
    )

    api = {
        "models": {"M": {"type": "object", "required": ["a"]}},
        "requestValidators": {
            "v": {"validateRequestBody": True, "validateRequestParameters": True}
        },
    }
    params = validate_request(
        build_method_request("GET", "/"),
        {"requestValidatorId": "v", "requestParameters": {"method.request.querystring.q": True}},
        api,
    )
    body = validate_request(
        build_method_request("POST", "/", body="{}"),
        {"requestValidatorId": "v", "requestModels": {"$default": "M"}},
        api,
    )
    return [
        ("no resource/method", missing_authentication_token(), T.MISSING_AUTHENTICATION_TOKEN, 403),
        ("required parameter missing", params.error, T.BAD_REQUEST_PARAMETERS, 400),
        ("body fails model", body.error, T.BAD_REQUEST_BODY, 400),
        ("no template, strict passthrough", select_request_template("text/plain", {"application/json": "t"}, "NEVER"), T.UNSUPPORTED_MEDIA_TYPE, 415),
        ("base64 decoding fails", convert_request_body(b"not base64!", "text/plain", binary_media_types=[], content_handling="CONVERT_TO_BINARY"), T.API_CONFIGURATION_ERROR, 500),
        ("Lambda proxy output in the wrong format", convert_lambda_proxy_result({"oops": 1}), T.DEFAULT_5XX, 502),
        ("API key required and missing", gateway_error(T.INVALID_API_KEY), T.INVALID_API_KEY, 403),
        ("integration timeout", gateway_error(T.INTEGRATION_TIMEOUT), T.INTEGRATION_TIMEOUT, 504),
        ("payload over 10 MB", gateway_error(T.REQUEST_TOO_LARGE), T.REQUEST_TOO_LARGE, 413),
        ("throttled", gateway_error(T.THROTTLED), T.THROTTLED, 429),
        ("AWS WAF blocks", gateway_error(T.WAF_FILTERED), T.WAF_FILTERED, 403),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("condition", "error", "kind", "status"), _d7_errors(), ids=[r[0] for r in _d7_errors()]
)
def test_table_d7(condition: str, error: object, kind: GatewayResponseType, status: int) -> None:
    """VPB D.7: which failure produces which gateway response (rows for the steps of this
    package, and the types other steps raise)."""
    assert isinstance(error, GatewayError)
    assert error.response_type is kind
    assert render_gateway_response(error).status_code == status
