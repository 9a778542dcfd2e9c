"""``$context``: every variable of apigw_core.mapping.CONTEXT_VARIABLES read from a template,
when the request gives it, when nothing does (the default), and with odd input.

Expected values come from shared/spec/aws-observed-behaviour.md (CTX-n, EV-n; rule ids in the
comments), shared/spec/mapping-templates.md (MT §2) and the AWS recording
ls-vtl-context-keyset-dump of shared/conformance/aws-recorded-cases.json, copied here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from apigw_core import render_mapping_template
from apigw_core.mapping import CONTEXT_KEYS, CONTEXT_VARIABLES, IDENTITY_KEYS, build_context
from apigw_core.mapping.context import InvalidRequestError

REQUEST: dict[str, Any] = {
    "httpMethod": "POST",
    "path": "/pets/7",
    "resource": "/pets/{id}",
    "headers": {"User-Agent": "curl/8", "Host": "api.example.com"},
    "pathParameters": {"id": "7"},
}


def render(template: str, request: dict[str, Any] | None = None, **kwargs: Any) -> str:
    return render_mapping_template(template, REQUEST if request is None else request, **kwargs)[
        "body"
    ]


GIVEN = {
    "resourceId": "r1x2y3",
    "resourcePath": "/pets/{id}",
    "httpMethod": "PATCH",
    "extendedRequestId": "Ext=",
    "requestTime": "04/Mar/2020:19:15:17 +0000",
    "path": "/prod/pets/7",
    "accountId": "111111111111",
    "protocol": "HTTP/2.0",
    "stage": "prod",
    "domainPrefix": "pre",
    "requestTimeEpoch": 1583349317135,
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "domainName": "pre.example.com",
    "deploymentId": "dep1",
    "apiId": "beags1mnid",
    "identity": {
        "cognitoIdentityPoolId": "pool",
        "accountId": "222222222222",
        "cognitoIdentityId": "cid",
        "caller": "AIDAXXX",
        "sourceIp": "203.0.113.9",
        "principalOrgId": "o-abc",
        "accessKey": "AKIA",
        "cognitoAuthenticationType": "authenticated",
        "cognitoAuthenticationProvider": "cognito-idp.example",
        "userArn": "arn:aws:iam::222222222222:user/u",
        "userAgent": "agent/1",
        "user": "AIDAUSER",
        "apiKey": "key-value",
        "apiKeyId": "key-id",
        "clientCert": {"subjectDN": "www.example.com", "validity": {"notAfter": "Aug 5 2021"}},
    },
    "authorizer": {
        "principalId": "user",
        "numKey": 1,
        "boolKey": True,
        "claims": {"sub": "abc", "custom:role": "admin"},
    },
    "awsEndpointRequestId": "aws-req",
    "error": {"message": "Missing Authentication Token", "responseType": "MISSING_AUTH"},
    "wafResponseCode": "WAF_ALLOW",
    "webaclArn": "arn:aws:wafv2:acl",
    "xrayTraceId": "Root=1-abc",
}

# (variable, what requestContext=GIVEN prints, what a bare request prints)
ROWS: list[tuple[str, str, str]] = [
    ("resourceId", "r1x2y3", "abc123"),
    ("resourcePath", "/pets/{id}", "/"),
    ("httpMethod", "PATCH", "GET"),
    ("extendedRequestId", "Ext=", "AAAAAAAAAAAAAAA="),
    ("requestTime", "04/Mar/2020:19:15:17 +0000", "01/Jan/1970:00:00:00 +0000"),
    ("path", "/prod/pets/7", "/test/"),
    ("accountId", "111111111111", "123456789012"),
    ("protocol", "HTTP/2.0", "HTTP/1.1"),
    ("requestOverride", "", ""),  # CTX-3
    ("requestOverride.header", "", ""),  # recorded: the containers print "" too
    ("requestOverride.path", "", ""),
    ("requestOverride.querystring", "", ""),
    ("stage", "prod", "test"),
    ("domainPrefix", "pre", "a1b2c3d4e5"),
    ("requestTimeEpoch", "1583349317135", "0"),
    ("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "00000000-0000-0000-0000-000000000000"),
    ("identity", "", ""),  # CTX-3
    ("identity.cognitoIdentityPoolId", "pool", ""),  # CTX-2: null prints ""
    ("identity.accountId", "222222222222", ""),
    ("identity.cognitoIdentityId", "cid", ""),
    ("identity.caller", "AIDAXXX", ""),
    ("identity.sourceIp", "203.0.113.9", "127.0.0.1"),
    ("identity.principalOrgId", "o-abc", ""),
    ("identity.accessKey", "AKIA", ""),
    ("identity.cognitoAuthenticationType", "authenticated", ""),
    ("identity.cognitoAuthenticationProvider", "cognito-idp.example", ""),
    ("identity.userArn", "arn:aws:iam::222222222222:user/u", ""),
    ("identity.userAgent", "agent/1", ""),
    ("identity.user", "AIDAUSER", ""),
    ("identity.apiKey", "key-value", ""),  # MT §2.3 #22: null without a key
    ("identity.apiKeyId", "key-id", ""),
    ("identity.clientCert", "{subjectDN=www.example.com, validity={notAfter=Aug 5 2021}}", ""),
    ("domainName", "pre.example.com", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"),
    ("deploymentId", "dep1", "abcdef"),
    ("responseOverride", "", ""),
    ("responseOverride.header", "", ""),
    ("responseOverride.status", "", ""),  # OV-1: absent until set
    ("apiId", "beags1mnid", "a1b2c3d4e5"),
    ("authorizer", "{principalId=user, numKey=1, boolKey=true, claims=}", ""),
    ("authorizer.principalId", "user", ""),
    ("authorizer.claims", "", ""),  # MT §2.1: the bare variable is null
    ("authorizer.<key>", "1|true|abc|admin", "|||"),
    ("awsEndpointRequestId", "aws-req", ""),
    ("error.message", "Missing Authentication Token", ""),
    ("error.messageString", '"Missing Authentication Token"', ""),  # MT §2.3 #15
    ("error.responseType", "MISSING_AUTH", ""),
    ("error.validationErrorString", "", ""),
    ("wafResponseCode", "WAF_ALLOW", ""),
    ("webaclArn", "arn:aws:wafv2:acl", ""),
    ("xrayTraceId", "Root=1-abc", ""),
]

_SPECIAL = {
    "authorizer.<key>": "$context.authorizer.numKey|$context.authorizer.boolKey|"
    "$context.authorizer.claims.sub|$context.authorizer.claims['custom:role']",
}


def _template(name: str) -> str:
    return _SPECIAL.get(name, "$context." + name)


def test_every_variable_of_the_table_is_tested() -> None:
    assert [row[0] for row in ROWS] == [v.name for v in CONTEXT_VARIABLES]


@pytest.mark.parametrize(("name", "given", "default"), ROWS, ids=[r[0] for r in ROWS])
def test_variable_given_by_the_request(name: str, given: str, default: str) -> None:
    assert render(_template(name), {"requestContext": GIVEN}) == given


@pytest.mark.parametrize(("name", "given", "default"), ROWS, ids=[r[0] for r in ROWS])
def test_variable_missing(name: str, given: str, default: str) -> None:
    assert render(_template(name), {}) == default


@pytest.mark.parametrize(("name", "given", "default"), ROWS, ids=[r[0] for r in ROWS])
def test_variable_given_by_the_caller(name: str, given: str, default: str) -> None:
    # the caller's context= sets or adds any value, as requestContext does
    assert render(_template(name), {}, context=GIVEN) == given


# Values API Gateway derives from the request itself.
DERIVED = [
    ("httpMethod", {"httpMethod": "DELETE"}, "DELETE"),  # MT §2.3 #20
    ("resourcePath", {"resource": "/{proxy+}", "path": "/a/b"}, "/{proxy+}"),  # CTX-4
    ("resourcePath", {"path": "/a/b"}, "/a/b"),  # no resource template given
    ("path", {"path": "/orders"}, "/test/orders"),  # CTX-4: /<stage><path>
    ("path", {"path": "/orders", "requestContext": {"stage": "prod"}}, "/prod/orders"),
    ("identity.userAgent", {"headers": {"user-agent": "ua/2"}}, "ua/2"),  # any case
    ("identity.userAgent", {"multiValueHeaders": {"User-Agent": ["a", "b"]}}, "b"),
    (
        "identity.sourceIp",
        {"headers": {"X-Forwarded-For": "198.51.100.7, 10.0.0.1"}},
        "198.51.100.7",
    ),
    ("domainName", {"headers": {"Host": "api.example.com"}}, "api.example.com"),  # #12
    ("domainPrefix", {"headers": {"Host": "api.example.com"}}, "api"),  # #13
    (
        "requestId",
        {"headers": {"X-Amzn-RequestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}},
        "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    ),  # MT §2.1: a client may set it with a UUID
    ("requestId", {"headers": {"X-Amzn-RequestId": "123"}}, "00000000-0000-0000-0000-000000000000"),
    (
        "requestTime",
        {"requestContext": {"requestTimeEpoch": 1583349317135}},
        "04/Mar/2020:19:15:17 +0000",
    ),
]


@pytest.mark.parametrize(("name", "request_", "expected"), DERIVED)
def test_derived_from_the_request(name: str, request_: dict[str, Any], expected: str) -> None:
    assert render("$context." + name, request_) == expected


def test_derived_values_follow_the_callers() -> None:
    out = render(
        "$context.path $context.requestTime $context.domainPrefix",
        {"path": "/x"},
        context={"stage": "v2", "requestTimeEpoch": 86_400_000, "domainName": "d.example.com"},
    )
    assert out == "/v2/x 02/Jan/1970:00:00:00 +0000 d"


# Odd input: what the template sees.
ODD = [
    ("requestTimeEpoch", {"requestContext": {"requestTimeEpoch": "1000"}}, "1000"),  # text
    ("requestTimeEpoch", {"requestContext": {"requestTimeEpoch": 2000.0}}, "2000"),
    ("stage", {"requestContext": {"stage": None}}, "test"),  # None means not given
    ("stage", {"requestContext": {"stage": ""}}, ""),  # an empty stage is kept
    ("identity.sourceIp", {"requestContext": {"identity": None}}, "127.0.0.1"),
    ("identity.sourceIp", {"requestContext": {"identity": "nonsense"}}, "127.0.0.1"),
    ("identity.userAgent", {"headers": {"User-Agent": None}}, ""),
    ("identity.userAgent", {"headers": {"User-Agent": 5}}, "5"),
    ("identity.userAgent", {"headers": {"User-Agent": "Mözilla ☃"}}, "Mözilla ☃"),
    ("identity.sourceIp", {"headers": {"X-Forwarded-For": ""}}, "127.0.0.1"),
    ("authorizer.n", {"requestContext": {"authorizer": {"n": 1.5}}}, "1.5"),
    ("authorizer.principalId", {"requestContext": {"authorizer": "not a map"}}, ""),
    (
        "error.messageString",
        {"requestContext": {"error": {"message": 'say "hi"'}}},
        '"say \\"hi\\""',
    ),
    ("path", {"path": "/a%2Fb+c"}, "/test/a%2Fb+c"),  # EV-3: escapes are kept
    ("resourcePath", {"resource": "", "path": ""}, "/"),
]


@pytest.mark.parametrize(("name", "request_", "expected"), ODD)
def test_odd_input(name: str, request_: dict[str, Any], expected: str) -> None:
    assert render("$context." + name, request_) == expected


@pytest.mark.parametrize("epoch", ["soon", True, 1.5, [1]])
def test_a_request_time_epoch_that_is_not_a_whole_number_is_refused(epoch: object) -> None:
    with pytest.raises(InvalidRequestError):
        build_context({"requestContext": {"requestTimeEpoch": epoch}})


def test_key_order_ctx_1_and_ctx_2() -> None:
    context = build_context(REQUEST)
    assert tuple(context) == CONTEXT_KEYS
    assert tuple(context["identity"]) == IDENTITY_KEYS
    assert render("$context.keySet()") == "[" + ", ".join(CONTEXT_KEYS) + "]"
    assert render("$context.identity.keySet().size()") == "12"


def test_added_keys_come_after_the_eighteen() -> None:
    context = build_context({"requestContext": GIVEN})
    assert tuple(context)[: len(CONTEXT_KEYS)] == CONTEXT_KEYS
    assert list(context)[len(CONTEXT_KEYS) :] == [
        "authorizer",
        "awsEndpointRequestId",
        "error",
        "wafResponseCode",
        "webaclArn",
        "xrayTraceId",
    ]
    assert list(context["identity"])[12:] == ["apiKey", "apiKeyId", "clientCert"]


def test_without_an_authorizer_its_key_set_is_empty() -> None:
    # ls-vtl-context-keyset-dump: iterating $context.authorizer.keySet() yields nothing
    assert render("[#foreach($k in $context.authorizer.keySet())$k#end]") == "[]"
    assert render("#if($context.authorizer.claims == '')null#end") == "null"


KEYSET_DUMP = (
    '{"context": {#foreach( $key in $context.keySet() )"$key": "$context.get($key)"'
    '#if($foreach.hasNext),#end#end},"identity": {#foreach( $key in $context.identity.keySet() )'
    '"$key": "$context.identity.get($key)"#if($foreach.hasNext),#end#end},"requestOverride": '
    '{#foreach( $key in $context.requestOverride.keySet() )"$key": '
    '"$context.requestOverride.get($key)"#if($foreach.hasNext),#end#end},"responseOverride": '
    '{#foreach( $key in $context.responseOverride.keySet() )"$key": '
    '"$context.responseOverride.get($key)"#if($foreach.hasNext),#end#end}}'
)


def test_recorded_keyset_dump() -> None:
    # ls-vtl-context-keyset-dump (recorded on AWS; its masked values replaced by ours)
    request = {
        "httpMethod": "POST",
        "path": "/sqs",
        "resource": "/sqs",
        "headers": {"User-Agent": "python/requests/tests"},
        "requestContext": {"stage": "testing", "accountId": "111111111111"},
    }
    out = json.loads(render(KEYSET_DUMP, request))
    assert list(out["context"]) == list(CONTEXT_KEYS)
    for key in ("requestOverride", "identity", "responseOverride"):
        assert out["context"][key] == ""
    assert out["context"]["path"] == "/testing/sqs"
    assert out["context"]["resourcePath"] == "/sqs"
    assert out["context"]["protocol"] == "HTTP/1.1"
    assert out["identity"] == {
        key: {"sourceIp": "127.0.0.1", "userAgent": "python/requests/tests"}.get(key, "")
        for key in IDENTITY_KEYS
    }
    assert out["requestOverride"] == {"path": "", "header": "", "querystring": ""}
    assert out["responseOverride"] == {"header": ""}


def test_the_request_context_is_not_modified() -> None:
    given = {"stage": "s", "identity": {"sourceIp": "1.1.1.1"}}
    build_context({"requestContext": given}, {"identity": {"sourceIp": "2.2.2.2"}})
    assert given == {"stage": "s", "identity": {"sourceIp": "1.1.1.1"}}
