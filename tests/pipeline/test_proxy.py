"""Lambda proxy event and result, HTTP_PROXY (PAR part A, aws-observed-behaviour EV-1 to EV-7,
PR-1 to PR-5, BIN-7, HDR-3, HDR-4, HDR-6, SEL-4)."""

from __future__ import annotations

import base64
import json
import urllib.parse
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigw_core.pipeline import (
    GatewayError,
    GatewayResponseType,
    ProxyResponse,
    build_http_proxy_request,
    build_lambda_proxy_event,
    build_method_request,
    convert_http_proxy_response,
    convert_lambda_proxy_result,
    format_request_time,
    match_resource,
    render_gateway_response,
    split_stage_path,
)

from .recorded import BY_ID, cases, ids

# PAR Example A-2: the top-level keys of the event.
EVENT_KEYS = [
    "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
    "multiValueQueryStringParameters", "requestContext", "pathParameters", "stageVariables",
    "body", "isBase64Encoded",
]  # fmt: skip
# EV-7: requestContext keys without an authorizer; CTX-2: identity keys.
CONTEXT_KEYS = {
    "accountId", "apiId", "deploymentId", "domainName", "domainPrefix", "extendedRequestId",
    "httpMethod", "identity", "path", "protocol", "requestId", "requestTime", "requestTimeEpoch",
    "resourceId", "resourcePath", "stage",
}  # fmt: skip
IDENTITY_KEYS = {
    "cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "sourceIp",
    "principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider",
    "userArn", "userAgent", "user",
}  # fmt: skip


def _route(path: str, resources: list[str]) -> str:
    """Static resources before greedy ones (VPB F.6), as the recorded API had them."""
    for resource in sorted(resources, key=lambda r: "+}" in r):
        if match_resource(resource, path) is not None:
            return resource
    raise AssertionError(f"no resource for {path}")


def _event_for(case: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    inputs, expected = case["inputs"], case["aws_output"]["lambda_event"]
    client = inputs["client_request"]
    stage = expected["requestContext"]["stage"]
    raw = client.get("raw_url_path_and_query") or client["path"]
    if client.get("query"):
        raw += "?" + urllib.parse.urlencode(client["query"])
    _, path = split_stage_path(raw.split("?")[0].split("#")[0], stage)
    resources = [r.split(" ")[0] for r in inputs.get("resources", [])] or [inputs["resource_path"]]
    request = build_method_request(
        client["method"],
        raw,
        headers=client.get("headers"),
        body=client.get("body_text"),
        stage=stage,
        resource=_route(path, resources),
    )
    event = build_lambda_proxy_event(
        request, {"id": "api"}, request_context={"identity": {"sourceIp": "203.0.113.9"}}
    )
    return event, expected


EVENT_CASES = [c for c in cases("proxy_event") if "lambda_event" in c["aws_output"]]


def _placeholder(value: object) -> bool:
    return isinstance(value, str) and value.startswith("<") and value.endswith(">")


@pytest.mark.parametrize("case", EVENT_CASES, ids=ids(EVENT_CASES))
def test_recorded_lambda_proxy_event(case: dict[str, Any]) -> None:
    """Every recorded v1 event: same keys, paths, parameters, body, headers and context.

    Infrastructure headers (CloudFront, X-Forwarded-*, Host, Via, trace id) come from the
    edge, not from the client, and are not produced; placeholders are not compared.
    """
    event, expected = _event_for(case)
    assert list(event) == EVENT_KEYS
    assert set(event) == set(expected)
    for key in (
        "path", "resource", "httpMethod", "pathParameters", "queryStringParameters",
        "multiValueQueryStringParameters", "stageVariables", "isBase64Encoded",
    ):  # fmt: skip
        assert event[key] == expected[key], key
    if expected["body"] is None:
        assert event["body"] is None
    else:
        assert json.loads(event["body"]) == expected["body"]
    for name, value in (event["headers"] or {}).items():
        assert expected["headers"][name] == value, name
        assert expected["multiValueHeaders"][name] == event["multiValueHeaders"][name]
    context, expected_context = event["requestContext"], expected["requestContext"]
    assert set(context) == set(expected_context) == CONTEXT_KEYS
    for key in ("path", "resourcePath", "stage", "httpMethod", "protocol"):
        assert context[key] == expected_context[key], key
    assert set(context["identity"]) == set(expected_context["identity"]) == IDENTITY_KEYS
    for key, value in expected_context["identity"].items():
        if not _placeholder(value):
            assert context["identity"][key] == value, key


def test_recorded_header_casing() -> None:
    """EV-6 (ls-proxy-event-v1-with-params-encoding-multi): aUThorization arrives as Authorization."""
    event, _ = _event_for(BY_ID["ls-proxy-event-v1-with-params-encoding-multi"])
    assert event["headers"]["Authorization"] == "Bearer token123;API key456"
    assert "aUThorization" not in event["headers"]
    event, _ = _event_for(BY_ID["ls-proxy-event-v1-without-trailing-slash"])
    assert event["headers"]["tEsT-HEADeR"] == "aValUE"


# Client headers of ls-vtl-input-params-header-visibility-http (the 27-header recording's
# request, reused by ls-other-proxy-forwarded-headers-*).
CLIENT_HEADERS = {
    "Accept": "application/json", "Accept-Charset": "UTF-8", "Accept-Encoding": "br",
    "Age": "request_Age", "Authorization": "Unauthorized", "Connection": "close",
    "Content-Encoding": "deflate", "Content-MD5": "request_Content-MD5",
    "Content-Type": "application/json", "Date": "request_Date", "Expect": "100-continue",
    "Max-Forwards": "2", "Pragma": "cache", "Proxy-Authenticate": "Basic",
    "Range": "bytes=500-999", "Referer": "https://example.com/", "Server": "https://example.com/",
    "TE": "deflate", "Trailer": "Expires", "Transfer-Encoding": "chunked", "Upgrade": "HTTP/2.0",
    "User-Agent": "localStack/0.0", "Via": "p.example.net", "Warn": "299 localStack/0.0",
    "WWW-Authenticate": "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
}  # fmt: skip
EDGE_HEADERS = {
    "Host",
    "X-Amzn-Trace-Id",
    "X-Forwarded-For",
    "X-Forwarded-Port",
    "X-Forwarded-Proto",
}


def test_recorded_aws_proxy_forwarded_headers() -> None:
    """HDR-4 (ls-other-proxy-forwarded-headers-aws_proxy): IN-6's 12 headers are dropped."""
    expected = BY_ID["ls-other-proxy-forwarded-headers-aws_proxy"]["aws_output"][
        "headers_seen_by_integration"
    ]
    event = build_lambda_proxy_event(build_method_request("GET", "/", headers=CLIENT_HEADERS))
    assert set(event["headers"]) == set(expected) - EDGE_HEADERS
    for name, value in event["headers"].items():
        assert _placeholder(expected[name]) or expected[name] == value


def test_recorded_http_proxy_forwarded_headers() -> None:
    """HDR-4 (ls-other-proxy-forwarded-headers-http_proxy): also Content-Encoding and Via are
    dropped; Content-Length regenerated; X-Amzn-Apigateway-Api-Id and the trace id added."""
    case = BY_ID["ls-other-proxy-forwarded-headers-http_proxy"]["aws_output"]
    request = build_method_request("GET", "/", headers=CLIENT_HEADERS)
    backend = build_http_proxy_request(
        request, {"type": "HTTP_PROXY", "httpMethod": "GET", "uri": "https://echo.example/anything"},
        {"id": "abc123"}, trace_id="Root=1-x",
    )  # fmt: skip
    expected = case["headers_seen_by_integration"]
    assert set(backend["headers"]) == set(expected)
    for name, value in backend["headers"].items():
        assert _placeholder(expected[name]) or expected[name] == value, name
    response = convert_http_proxy_response(
        {
            "statusCode": 200,
            "headers": {
                "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Origin": "*",
                "Connection": "keep-alive", "Content-Length": "790", "Content-Type": "application/json",
                "Date": "Wed, 11 Dec 2024 15:28:54 GMT", "Server": "gunicorn/19.9.0",
            },
            "body": "{}",
        }
    )  # fmt: skip
    client = case["client_response_headers"]
    for name, value in response.headers.items():
        assert _placeholder(client[name]) or client[name] == value, name
    assert {
        "x-amzn-Remapped-Connection",
        "x-amzn-Remapped-Content-Length",
        "x-amzn-Remapped-Server",
    } <= set(response.headers)


def test_recorded_http_proxy_parameter_merge() -> None:
    """HDR-6 (ls-other-http-proxy-param-mapping-merge): URI-template values first, the client's
    next, mapped ones last; a mapped header replaces the client's."""
    case = BY_ID["ls-other-http-proxy-param-mapping-merge"]
    client = case["inputs"]["client_request"]
    request = build_method_request(
        "POST", "/foobar?testQueryString=foo&testVar=bar", headers=client["headers"],
        body=json.dumps(client["body_json"]), resource="/{pathVariable}",
    )  # fmt: skip
    backend = build_http_proxy_request(
        request,
        {"type": "HTTP_PROXY", "httpMethod": "POST"},
        uri="https://echo.example/post?testVar=foobar&testQs=bar",
        mapped_headers={"headerVar": "mapped-value"},
        mapped_query={"queryString": "foo", "testQs": "foo"},
    )
    args = {k: ",".join(v) for k, v in backend["multiValueQueryStringParameters"].items()}
    assert args == case["aws_output"]["backend_saw"]["args"]
    seen = case["aws_output"]["backend_saw"]["headers"]
    ours = {k.lower(): v for k, v in backend["headers"].items()}
    for name in ("content-length", "content-type", "foobar", "headervar", "user-agent", "accept"):
        assert ours[name] == seen[name], name
    base, _, query = backend["uri"].partition("?")
    assert base == "https://echo.example/post"
    assert urllib.parse.parse_qs(query) == backend["multiValueQueryStringParameters"]


def test_recorded_http_proxy_integration_method() -> None:
    """ls-other-integration-method-http_proxy: the backend method is the integration's."""
    request = build_method_request("PUT", "/x", headers={"user-Agent": "test/integration"})
    backend = build_http_proxy_request(request, {"httpMethod": "POST", "uri": "https://b.example/"})
    assert backend["httpMethod"] == "POST"
    assert backend["headers"]["user-Agent"] == "test/integration"  # HTTP_PROXY keeps the client's
    any_method = build_http_proxy_request(
        request, {"httpMethod": "ANY", "uri": "https://b.example/"}
    )
    assert any_method["httpMethod"] == "PUT"


@pytest.mark.parametrize("status", [200, 400])
def test_recorded_http_proxy_status_passthrough(status: int) -> None:
    """SEL-4 (ls-selection-http-status-http_proxy-*): the backend status passes through."""
    case = BY_ID[f"ls-selection-http-status-http_proxy-{status}"]
    body = json.dumps({"message": "", "status_code": status})
    response = convert_http_proxy_response(
        {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": body}
    )
    assert response.status_code == case["aws_output"]["status"]
    assert json.loads(response.body) == case["aws_output"]["body_json"]


def test_http_proxy_binary_body_stays_bytes() -> None:
    api = {"binaryMediaTypes": ["image/png"]}
    png = b"\x89PNG\xff"
    response = convert_http_proxy_response(
        {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": png}, api
    )
    assert response.body == png
    text = convert_http_proxy_response(
        {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": b"A\xffB"}, api
    )
    assert text.body == "A\ufffdB"
    request = build_method_request("POST", "/", headers={"Content-Type": "image/png"}, body=png)
    assert build_http_proxy_request(request, {"uri": "https://b.example/"}, api)["body"] == png


# --- the event rules ------------------------------------------------------------------------------

EVENT_ROWS = [
    # (source, raw target, stage, resource, expected subset of the event)
    ("EV-3", "/dev/u/x%2By+z?n=%2B1&m=a+b", "dev", "/u/{id}",
     {"path": "/u/x%2By+z", "pathParameters": {"id": "x%2By+z"}, "queryStringParameters": {"n": "+1", "m": "a b"}}),
    ("EV-3: fragment never arrives", "/dev/u/1?a=1#frag&b=2", "dev", "/u/{id}", {"queryStringParameters": {"a": "1"}}),
    ("EV-4", "/prod/a/b", "prod", "/{proxy+}", {"path": "/a/b", "pathParameters": {"proxy": "a/b"}, "resource": "/{proxy+}"}),
    ("EV-5: // after the stage", "/prod//a", "prod", "/a", {"path": "/a", "pathParameters": None}),
    ("EV-5: // inside the greedy part", "/prod/a//b", "prod", "/{proxy+}", {"path": "/a//b", "pathParameters": {"proxy": "a//b"}}),
    ("EV-5: trailing slash", "/prod/a/", "prod", "/{proxy+}", {"path": "/a/", "pathParameters": {"proxy": "a"}}),
    ("EV-2", "/p/r?c=x&c=y", "p", "/r", {"queryStringParameters": {"c": "y"}, "multiValueQueryStringParameters": {"c": ["x", "y"]}}),
    ("EV-1", "/p/r", "p", "/r", {"queryStringParameters": None, "multiValueQueryStringParameters": None, "pathParameters": None, "stageVariables": None, "body": None, "isBase64Encoded": False}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "target", "stage", "resource", "expected"),
    EVENT_ROWS,
    ids=[r[0] for r in EVENT_ROWS],
)
def test_event_rules(
    source: str, target: str, stage: str, resource: str, expected: dict[str, Any]
) -> None:
    event = build_lambda_proxy_event(
        build_method_request("GET", target, stage=stage, resource=resource)
    )
    assert {k: event[k] for k in expected} == expected


def test_ev4_request_context_path_includes_the_stage() -> None:
    """EV-4, EV-5: requestContext.path keeps the stage and a // after it."""
    event = build_lambda_proxy_event(
        build_method_request("GET", "/prod//a", stage="prod", resource="/a")
    )
    assert (event["path"], event["requestContext"]["path"]) == ("/a", "/prod//a")
    plain = build_lambda_proxy_event(
        {"httpMethod": "GET", "path": "/a/b"}, request_context={"stage": "prod"}
    )
    assert plain["requestContext"]["path"] == "/prod/a/b"


def test_ev6_dropped_and_canonical_headers() -> None:
    request = build_method_request(
        "GET",
        "/",
        headers={"content-length": "3", "connection": "close", "user-agent": "ua", "x-mY-hdr": "1"},
    )
    event = build_lambda_proxy_event(request)
    assert event["headers"] == {"User-Agent": "ua", "x-mY-hdr": "1"}
    assert event["multiValueHeaders"] == {"User-Agent": ["ua"], "x-mY-hdr": ["1"]}
    assert event["requestContext"]["identity"]["userAgent"] == "ua"


def test_ev7_request_context_defaults() -> None:
    """EV-7: 16 keys, no authorizer, identity keys null except sourceIp and userAgent."""
    event = build_lambda_proxy_event(build_method_request("GET", "/"), {"id": "a1b2"})
    context = event["requestContext"]
    assert set(context) == CONTEXT_KEYS
    assert "authorizer" not in context
    assert context["apiId"] == "a1b2"
    assert context["protocol"] == "HTTP/1.1"
    assert all(v is None for v in context["identity"].values())


def test_request_context_from_arguments() -> None:
    """PAR A.2: the caller supplies ids and time; requestTime follows requestTimeEpoch."""
    request = build_method_request(
        "GET", "/my/path", headers={"Host": "id.execute-api.us-east-1.amazonaws.com"}
    )
    event = build_lambda_proxy_event(
        request,
        {"id": "id"},
        request_context={
            "accountId": "123456789012",
            "requestId": "id=",
            "requestTimeEpoch": 1583349317135,
            "stage": "$default",
            "authorizer": {"principalId": "me"},
            "identity": {"sourceIp": "IP"},
        },
    )
    context = event["requestContext"]
    assert context["requestTime"] == "04/Mar/2020:19:15:17 +0000"  # PAR Example A-2
    assert context["domainName"] == "id.execute-api.us-east-1.amazonaws.com"
    assert context["domainPrefix"] == "id"
    assert context["authorizer"] == {"principalId": "me"}
    assert context["identity"]["sourceIp"] == "IP"
    assert context["path"] == "/my/path"  # PAR Example A-2: no prefix for $default
    staged = build_lambda_proxy_event(request, request_context={"stage": "prod"})
    assert staged["requestContext"]["path"] == "/prod/my/path"


@pytest.mark.parametrize(
    ("types", "content_type", "body", "expected_body", "encoded"),
    [
        ([], "application/json", b'{"a":1}', '{"a":1}', False),
        (["image/png"], "image/png", b"\x89PNG", base64.b64encode(b"\x89PNG").decode(), True),
        (["*/*"], "application/json", b"{}", "e30=", True),
        ([], "text/plain", b"A\xffB", "A\ufffdB", False),
    ],
)
def test_event_body(
    types: list[str], content_type: str, body: bytes, expected_body: str, encoded: bool
) -> None:
    """VPB OQ-17 resolution: base64 iff Content-Type matches binaryMediaTypes; BIN-2 for text."""
    request = build_method_request("POST", "/", headers={"Content-Type": content_type}, body=body)
    event = build_lambda_proxy_event(request, {"binaryMediaTypes": types})
    assert (event["body"], event["isBase64Encoded"]) == (expected_body, encoded)


def test_format_request_time_examples() -> None:
    assert format_request_time(1583349317135) == "04/Mar/2020:19:15:17 +0000"
    assert format_request_time(0) == "01/Jan/1970:00:00:00 +0000"
    assert format_request_time(951782400000) == "29/Feb/2000:00:00:00 +0000"


@given(st.integers(min_value=0, max_value=253402300799999))
def test_format_request_time_matches_datetime(millis: int) -> None:
    expected = datetime.fromtimestamp(millis // 1000, tz=UTC)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert format_request_time(millis) == (
        f"{expected.day:02d}/{months[expected.month - 1]}/{expected.year:04d}:"
        f"{expected.hour:02d}:{expected.minute:02d}:{expected.second:02d} +0000"
    )


_TOKEN = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-",
    min_size=1,
    max_size=12,
)
_VALUE = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=16)


@given(st.dictionaries(_TOKEN, st.lists(_VALUE, min_size=1, max_size=3), max_size=8))
def test_header_round_trip(headers: dict[str, list[str]]) -> None:
    """Every client header (names unique ignoring case) shows in multiValueHeaders with all
    its values and in headers with its last value, unless IN-6 drops it (EV-2, EV-6, HDR-4)."""
    unique: dict[str, list[str]] = {}
    for name, values in headers.items():
        if name.lower() not in {n.lower() for n in unique}:
            unique[name] = values
    pairs = [(name, value) for name, values in unique.items() for value in values]
    event = build_lambda_proxy_event(build_method_request("GET", "/", headers=pairs))
    canonical = {"authorization": "Authorization", "user-agent": "User-Agent"}
    dropped = {
        "connection", "content-length", "content-md5", "expect", "max-forwards",
        "proxy-authenticate", "server", "te", "transfer-encoding", "trailer", "upgrade",
        "www-authenticate",
    }  # fmt: skip
    expected = {
        canonical.get(name.lower(), name): values
        for name, values in unique.items()
        if name.lower() not in dropped
    }
    assert (event["multiValueHeaders"] or {}) == expected
    assert (event["headers"] or {}) == {name: values[-1] for name, values in expected.items()}


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=6),
        st.lists(st.text(max_size=6), min_size=1, max_size=3),
        max_size=5,
    )
)
def test_query_round_trip(query: dict[str, list[str]]) -> None:
    """A form-encoded query decodes back to the same values (EV-2, EV-3)."""
    target = "/?" + urllib.parse.urlencode(query, doseq=True) if query else "/"
    event = build_lambda_proxy_event(build_method_request("GET", target))
    assert event["multiValueQueryStringParameters"] == (query or None)
    assert event["queryStringParameters"] == ({k: v[-1] for k, v in query.items()} or None)


# --- the function's result (PR-1 to PR-5, BIN-7) ---------------------------------------------

RESPONSE_CASES = cases("proxy_event", "rest_v1_lambda_proxy_response")
FUNCTION_ERROR = {
    "errorMessage": "boom",
    "errorType": "Exception",
    "requestId": "r",
    "stackTrace": [],
}


@pytest.mark.parametrize("case", RESPONSE_CASES, ids=ids(RESPONSE_CASES))
def test_recorded_lambda_proxy_results(case: dict[str, Any]) -> None:
    inputs, expected = case["inputs"], case["aws_output"]
    returned = inputs["lambda_returns"]
    function_error = isinstance(returned, str) and returned.startswith("<")
    request = build_method_request(
        inputs["client_request"]["method"], "/", headers=inputs["client_request"].get("headers")
    )
    result = convert_lambda_proxy_result(
        FUNCTION_ERROR if function_error else returned,
        request,
        {"binaryMediaTypes": inputs.get("binaryMediaTypes") or []},
        function_error=function_error,
    )
    content = expected.get("content", expected.get("body"))
    if expected["status"] == 502:
        assert isinstance(result, GatewayError)
        response = render_gateway_response(result)
        assert (response.status_code, json.loads(response.body)) == (502, content)
        return
    assert isinstance(result, ProxyResponse)
    assert (result.status_code, result.body) == (expected["status"], content)
    for name, value in result.headers.items():
        assert expected.get("headers", {name: value})[name] == value, name


BINARY_CASES = cases("binary", "aws_proxy_binary")


@pytest.mark.parametrize("case", BINARY_CASES, ids=ids(BINARY_CASES))
def test_recorded_lambda_proxy_binary(case: dict[str, Any]) -> None:
    """BIN-7, BIN-8: decoded iff isBase64Encoded and the first Accept value matches."""
    inputs, expected = case["inputs"], case["aws_output"]
    accept = inputs["client_accept"]
    request = build_method_request("GET", "/", headers={"Accept": accept} if accept else None)
    result = convert_lambda_proxy_result(
        inputs["lambda_response"], request, {"binaryMediaTypes": inputs["binaryMediaTypes"]}
    )
    if expected["status"] == 500:
        assert isinstance(result, GatewayError)
        assert result.response_type is GatewayResponseType.API_CONFIGURATION_ERROR
        return
    assert isinstance(result, ProxyResponse)
    body = inputs["lambda_response"]["body"]
    if expected["binary"]:
        assert result.body == base64.b64decode(body)
    else:
        assert result.body == body


RESULT_ROWS = [
    # (source, result, Accept, binaryMediaTypes, status or 502/500, body, headers subset)
    ("PR-1 example: unknown key", {"statusCode": 200, "extra": 1}, None, [], 502, None, {}),
    ("PR-1: bare string", "done", None, [], 502, None, {}),
    ("PR-1: list", [1], None, [], 502, None, {}),
    ("PR-1: non-list multiValueHeaders", {"multiValueHeaders": {"a": "b"}}, None, [], 502, None, {}),
    ("PR-1: non-numeric statusCode", {"statusCode": "abc"}, None, [], 502, None, {}),
    ("PR-1: boolean statusCode", {"statusCode": True}, None, [], 502, None, {}),
    ("PR-2: numeric string", {"statusCode": "202"}, None, [], 202, "", {}),
    ("PR-2: missing statusCode", {}, None, [], 200, "", {"Content-Type": "application/json"}),
    ("PR-3: headers null", {"statusCode": 200, "headers": None}, None, [], 200, "", {}),
    ("PR-3: true is sent as true", {"headers": {"b": True, "f": False}}, None, [], 200, "", {"b": "true", "f": "false"}),
    ("PR-3: own Content-Type kept", {"headers": {"content-type": "text/html"}, "body": "<p>"}, None, [], 200, "<p>", {"content-type": "text/html"}),
    ("PR-4 example", {"multiValueHeaders": {"X-Ver": ["1"]}, "headers": {"x-ver": "2"}}, None, [], 200, "", {"X-Ver": "1, 2"}),
    ("PAR A.3: identical pair appears once", {"multiValueHeaders": {"a": ["1", "2"]}, "headers": {"A": "2"}}, None, [], 200, "", {"a": "1, 2"}),
    ("BIN-7 example: Accept audio/ogg", {"body": "T2dn", "isBase64Encoded": True}, "audio/ogg", ["audio/ogg"], 200, b"Ogg", {}),
    ("BIN-7 example: first Accept is text/html", {"body": "T2dn", "isBase64Encoded": True}, "text/html,audio/ogg", ["audio/ogg"], 200, "T2dn", {}),
    ("BIN-7: no Accept", {"body": "T2dn", "isBase64Encoded": True}, None, ["audio/ogg"], 200, "T2dn", {}),
    ("BIN-7: invalid base64 with a match", {"body": "not base64!", "isBase64Encoded": True}, "audio/ogg", ["audio/ogg"], 500, None, {}),
    ("VPB C-10 PNG branch with */*", {"headers": {"Content-Type": "image/png"}, "statusCode": 200, "body": "iVBORw==", "isBase64Encoded": True}, "text/html,image/png", ["*/*"], 200, base64.b64decode("iVBORw=="), {"Content-Type": "image/png"}),
    ("VPB C-10 text branch", {"headers": {"Content-Type": "text/html"}, "statusCode": 200, "body": "<h1>This is text</h1>"}, "text/html", ["*/*"], 200, "<h1>This is text</h1>", {}),
    ("PAR A.3: Hello World", {"statusCode": 200, "headers": {"Content-Type": "*/*"}, "body": "Hello, John!"}, None, [], 200, "Hello, John!", {}),
    ("Table F-2 lambda: Server remapped", {"headers": {"Server": "me", "Via": "x"}}, None, [], 200, "", {"x-amzn-Remapped-Server": "me"}),
    # HDR-2/HDR-3 (recorded for HTTP, AWS, HTTP_PROXY): a backend Content-Length is remapped
    ("HDR-2/HDR-3: Content-Length remapped", {"headers": {"Content-Length": "99"}, "body": "hi"}, None, [], 200, "hi", {"x-amzn-Remapped-Content-Length": "99"}),
    ("assumption: object body", {"body": {"a": 1}}, None, [], 502, None, {}),
    ("assumption: number body", {"body": 5}, None, [], 200, "5", {}),
    ("assumption: status out of range", {"statusCode": 99}, None, [], 502, None, {}),
    ("raw payload bytes", b'{"statusCode": 201, "body": "x"}', None, [], 201, "x", {}),
    ("raw payload not JSON", b"{oops", None, [], 502, None, {}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "result", "accept", "types", "status", "body", "headers"),
    RESULT_ROWS,
    ids=[r[0] for r in RESULT_ROWS],
)
def test_result_rules(
    source: str,
    result: object,
    accept: str | None,
    types: list[str],
    status: int,
    body: object,
    headers: dict[str, str],
) -> None:
    request = build_method_request("GET", "/", headers={"Accept": accept} if accept else None)
    converted = convert_lambda_proxy_result(result, request, {"binaryMediaTypes": types})
    if status in (500, 502):
        assert isinstance(converted, GatewayError)
        assert converted.default_status_code == status
        return
    assert isinstance(converted, ProxyResponse)
    assert (converted.status_code, converted.body) == (status, body)
    for name, value in headers.items():
        assert converted.headers[name] == value
    if "Via" in str(result):
        assert "Via" not in converted.headers
    if "Content-Length" in str(result):
        assert "Content-Length" not in converted.headers


def test_function_error_is_502() -> None:
    """PR-1: an unhandled exception in the function gives 502."""
    error = convert_lambda_proxy_result(FUNCTION_ERROR, function_error=True)
    assert isinstance(error, GatewayError)
    response = render_gateway_response(error)
    assert (response.status_code, response.body) == (502, '{"message":"Internal server error"}')
    assert "boom" in error.log[0]


def test_proxy_response_as_dict() -> None:
    request = build_method_request("GET", "/", headers={"Accept": "audio/ogg"})
    converted = convert_lambda_proxy_result(
        {"body": "T2dn", "isBase64Encoded": True, "multiValueHeaders": {"a": ["1", "2"]}},
        request,
        {"binaryMediaTypes": ["audio/ogg"]},
    )
    assert isinstance(converted, ProxyResponse)
    assert converted.as_dict() == {
        "statusCode": 200,
        "headers": {"a": "1, 2", "Content-Type": "application/json"},
        "multiValueHeaders": {"a": ["1", "2"], "Content-Type": ["application/json"]},
        "body": "T2dn",
        "isBase64Encoded": True,
    }
