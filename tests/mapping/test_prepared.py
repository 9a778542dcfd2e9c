"""``prepare_request``: a prepared method request renders exactly as the plain one.

Every template of the recorded cases (tests/mapping/data, tests/pipeline/data) is rendered as a
request template and then as a response template carrying its overrides, once with the plain
request and once with a :class:`PreparedRequest`; results must be identical, types included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from apigw_core import ApigwError, render_mapping_template
from apigw_core.mapping import (
    PreparedRequest,
    build_context,
    method_request_params,
    prepare_request,
)

ROOT = Path(__file__).parent.parent
DATA_FILES = (
    ROOT / "mapping" / "data" / "aws_recorded_vtl.json",
    ROOT / "pipeline" / "data" / "aws_recorded_cases.json",
    ROOT / "pipeline" / "data" / "aws_recorded_invoke_cases.json",
)


def _templates(case: Mapping[str, Any]) -> Iterator[str]:
    template = case.get("template")
    if isinstance(template, str):
        yield template
    elif isinstance(template, Mapping):
        yield from (t for t in template.values() if isinstance(t, str))
    inputs = case.get("inputs") or {}
    if isinstance(inputs.get("aws_wrapped_response_template"), str):
        yield inputs["aws_wrapped_response_template"]
    for key in ("requestTemplates", "responseTemplates"):
        if isinstance(inputs.get(key), Mapping):
            yield from (t for t in inputs[key].values() if isinstance(t, str))


def _request(case: Mapping[str, Any]) -> dict[str, Any]:
    inputs = case.get("inputs") or {}
    client = inputs.get("client_request") or {}
    if "body_text" in client:
        body = client["body_text"]
    elif "body_json" in client:
        body = json.dumps(client["body_json"])
    else:
        body = json.dumps(inputs.get("variables", {}))
    headers = client.get("headers") or {}
    query = client.get("query")
    return {
        "httpMethod": client.get("method", "POST"),
        "path": client.get("path", "/"),
        "resource": inputs.get("resource_path"),
        "headers": headers or None,
        "multiValueHeaders": {k: [v] for k, v in headers.items()} or None,
        "queryStringParameters": query or None,
        "pathParameters": inputs.get("path_parameters"),
        "body": body,
    }


# A request whose requestContext has everything build_context treats specially.
RICH_REQUEST: dict[str, Any] = {
    "httpMethod": "POST",
    "path": "/pets/7",
    "resource": "/pets/{id}",
    "headers": {"Host": "h.example", "User-Agent": "ua", "X-Forwarded-For": "1.2.3.4, 5.6.7.8"},
    "multiValueHeaders": {"Accept": ["a/b", "c/d"], "Connection": ["close"]},
    "queryStringParameters": {"q": "1"},
    "multiValueQueryStringParameters": {"q": ["0", "1"], "r": ["x"]},
    "pathParameters": {"id": "7"},
    "stageVariables": {"env": "dev"},
    "body": '{"name": "Rex", "tags": ["a"]}',
    "requestContext": {
        "stage": "prod",
        "requestId": "rid",
        "requestTimeEpoch": 1504141645000,
        "identity": {"caller": "me", "apiKey": "k"},
        "authorizer": {"principalId": "p", "n": 1, "claims": {"sub": "s", "n": 2}},
        "custom": "value",
    },
}

CASES = [
    pytest.param(template, _request(case), id=f"{path.stem}:{case['id']}:{index}")
    for path in DATA_FILES
    for case in json.loads(path.read_text("utf-8"))["cases"]
    for index, template in enumerate(_templates(case))
]


def same(a: Any, b: Any) -> bool:
    """Equal with the same types at every level and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _outcome(template: str, request: Any, **kw: Any) -> Any:
    try:
        result = render_mapping_template(template, request, **kw)
    except ApigwError as error:
        return type(error), str(error)
    return dict(result), result.override_errors


def _check_both_ways(template: str, request: dict[str, Any]) -> None:
    prepared = prepare_request(request)
    first = _outcome(template, request)
    assert same(first, _outcome(template, prepared))
    if isinstance(first, tuple) and isinstance(first[0], dict):
        carried = {k: first[0][k] for k in ("requestOverride", "responseOverride")}
        for context in (carried, first[0]["context"], {**carried, "stage": "other"}):
            plain = _outcome(template, request, body='{"a": [1, 2]}', context=context)
            again = _outcome(template, prepared, body='{"a": [1, 2]}', context=context)
            assert same(plain, again)


@pytest.mark.parametrize(("template", "request_"), CASES)
def test_recorded_templates_render_the_same_prepared(
    template: str, request_: dict[str, Any]
) -> None:
    _check_both_ways(template, request_)
    _check_both_ways(template, RICH_REQUEST)


CONTEXTS: list[Any] = [
    None,
    {},
    {"stage": "prod", "requestTimeEpoch": "1000"},
    RICH_REQUEST["requestContext"],
    {"identity": {"clientCert": {"subjectDN": "cn"}}},
    {"error": {"message": "bad"}, "extra": {"nested": {"x": 1}}},
    # maps of other types show whether context= made build_context copy them
    {"identity": {"clientCert": MappingProxyType({"subjectDN": "cn"})}},
    {"extra": MappingProxyType({"x": 1}), "error": MappingProxyType({"message": "m"})},
    {"requestOverride": {"header": {"A": "1"}}, "responseOverride": {"status": 201}},
]
EXTRAS: list[Any] = [
    None,
    {},
    {"requestOverride": {"header": {"X": "1"}, "path": {}, "querystring": {}}},
    {"responseOverride": {"header": {}, "status": 202}, "requestOverride": None},
    {"requestOverride": {"header": {"X": {"deep": "1"}}}},
    {"stage": "beta"},
    {"error": {"message": "m"}, "requestOverride": {"path": {"p": "1"}}},
]


@pytest.mark.parametrize("given", CONTEXTS)
@pytest.mark.parametrize("extra", EXTRAS)
def test_prepared_context_is_build_context(given: Any, extra: Any) -> None:
    request = {**RICH_REQUEST, "requestContext": given}
    prepared = PreparedRequest(request)
    for _ in range(2):  # the second call reuses what the first derived
        assert same(prepared.context(extra), build_context(request, extra))


def test_each_render_gets_its_own_maps() -> None:
    prepared = prepare_request(RICH_REQUEST)
    template = (
        "#set($context.requestOverride.header.X = 'v')#set($context.identity.caller = 'x')"
        "#set($h = $input.params().header)$h.put('Host', 'changed')"
        "#set($context.authorizer.claims.sub = 'changed')"
    )
    render_mapping_template(template, prepared)
    second = render_mapping_template("$input.params('Host') $context.identity.caller", prepared)
    assert second["body"] == "h.example me"
    assert same(second["context"], build_context(RICH_REQUEST))
    assert same(prepared.params(), method_request_params(RICH_REQUEST))


GROUPED_REQUEST: dict[str, Any] = {
    "httpMethod": "POST",
    "path": "/pets/7",
    "headers": {
        "Host": "api.example.com",
        "User-Agent": "curl/8",
        "X-Forwarded-For": "198.51.100.1, 10.0.0.1",
        "X-Amzn-RequestId": "11111111-2222-3333-4444-555555555555",
        "Content-Length": "12",  # IN-6: hidden from $input.params()
        "x-tenant": "acme",
    },
    "queryStringParameters": {"q": "1"},
}
GROUPED_REQUEST["multiValueHeaders"] = {k: [v] for k, v in GROUPED_REQUEST["headers"].items()}


def test_grouped_headers_give_what_the_request_gives() -> None:
    # what invoke_method passes for a request whose two header maps agree
    grouped = {k.lower(): (k, [v]) for k, v in GROUPED_REQUEST["headers"].items()}
    prepared = prepare_request(GROUPED_REQUEST, grouped)
    assert prepared.params() == method_request_params(GROUPED_REQUEST)
    assert "Content-Length" not in prepared.params()["header"]
    context = prepared.context()
    assert context == build_context(GROUPED_REQUEST)
    assert context["identity"]["sourceIp"] == "198.51.100.1"
    assert context["domainName"] == "api.example.com"
    assert context["requestId"] == "11111111-2222-3333-4444-555555555555"
