"""Reading and building the method request (proxy event 1.0 shape), and the enums."""

from __future__ import annotations

from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from apigw_core.errors import ConfigurationError
from apigw_core.mapping import InvalidRequestError
from apigw_core.pipeline import (
    ContentHandling,
    IntegrationType,
    PassthroughBehavior,
    body_bytes,
    build_method_request,
    header_value,
    header_values,
    match_resource,
    parse_query_string,
    query_values,
    split_stage_path,
)
from apigw_core.pipeline import request as _request

QUERY_ROWS = [
    # (raw query, single, multi): EV-1 to EV-3
    (None, None, None),
    ("", None, None),
    ("a=1", {"a": "1"}, {"a": ["1"]}),
    ("c=x&c=y", {"c": "y"}, {"c": ["x", "y"]}),
    ("n=%2B1&m=a+b", {"n": "+1", "m": "a b"}, {"n": ["+1"], "m": ["a b"]}),
    ("d=2023-06-12T18:05:10.123456+00:00", {"d": "2023-06-12T18:05:10.123456 00:00"}, {"d": ["2023-06-12T18:05:10.123456 00:00"]}),
    ("z=abort/#&ignored=1", {"z": "abort/"}, {"z": ["abort/"]}),
    ("flag", {"flag": ""}, {"flag": [""]}),
]  # fmt: skip


@pytest.mark.parametrize(("query", "single", "multi"), QUERY_ROWS)
def test_parse_query_string(
    query: str | None, single: dict[str, str] | None, multi: dict[str, list[str]] | None
) -> None:
    assert parse_query_string(query) == (single, multi)


STAGE_ROWS = [
    # (raw path, stage, (requestContext.path, path)): EV-4, EV-5 and the recorded events
    ("/prod/a/b", "prod", ("/prod/a/b", "/a/b")),
    ("/prod//a", "prod", ("/prod//a", "/a")),
    ("//stage/proxy-value", "stage", ("/stage/proxy-value", "/proxy-value")),
    ("/stage/proxy-value//double-slash", "stage", ("/stage/proxy-value//double-slash", "/proxy-value//double-slash")),
    ("/stage/proxy-value/", "stage", ("/stage/proxy-value/", "/proxy-value/")),
    ("/prod", "prod", ("/prod", "/")),
    ("/a/b?x=1#f", None, ("/a/b", "/a/b")),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "stage", "expected"), STAGE_ROWS)
def test_split_stage_path(raw: str, stage: str | None, expected: tuple[str, str]) -> None:
    assert split_stage_path(raw, stage) == expected


def test_path_outside_the_stage() -> None:
    with pytest.raises(ConfigurationError, match="not under stage"):
        split_stage_path("/other/x", "prod")


RESOURCE_ROWS = [
    # (resource, path, parameters or None)
    ("/", "/", {}),
    ("/", "/a", None),
    ("/hardcoded", "/hardcoded", {}),
    ("/hardcoded", "/hardcoded/", {}),
    ("/nested/{test}", "/nested/value", {"test": "value"}),
    ("/nested/{test}", "/nested/", None),
    ("/{proxy+}", "/proxy-value", {"proxy": "proxy-value"}),
    ("/{proxy+}", "/proxy-value/", {"proxy": "proxy-value"}),
    ("/{proxy+}", "/a//b", {"proxy": "a//b"}),
    ("/{proxy+}", "/", None),
    ("/u/{id}", "/u/x%2By+z", {"id": "x%2By+z"}),
    ("/pets/{petId}", "/pets/5/type", None),
    ("/a/{b}/{proxy+}", "/a/1/x/y", {"b": "1", "proxy": "x/y"}),
]


@pytest.mark.parametrize(("resource", "path", "expected"), RESOURCE_ROWS)
def test_match_resource(resource: str, path: str, expected: dict[str, str] | None) -> None:
    assert match_resource(resource, path) == expected


def test_greedy_parameter_must_be_last() -> None:
    with pytest.raises(ConfigurationError, match="greedy"):
        match_resource("/{proxy+}/child", "/a/child")


def test_build_method_request_shape() -> None:
    request = build_method_request(
        "post",
        "/prod/pets/7?x=1&x=2",
        headers=[("X-A", "1"), ("x-a", "2"), ("B", "3")],
        body="{}",
        stage="prod",
        resource="/pets/{petId}",
        stage_variables={"env": "dev"},
    )
    assert request == {
        "resource": "/pets/{petId}",
        "path": "/pets/7",
        "httpMethod": "POST",
        "headers": {"X-A": "2", "B": "3"},
        "multiValueHeaders": {"X-A": ["1", "2"], "B": ["3"]},
        "queryStringParameters": {"x": "2"},
        "multiValueQueryStringParameters": {"x": ["1", "2"]},
        "requestContext": {
            "path": "/prod/pets/7",
            "resourcePath": "/pets/{petId}",
            "httpMethod": "POST",
            "stage": "prod",
        },
        "pathParameters": {"petId": "7"},
        "stageVariables": {"env": "dev"},
        "body": "{}",
        "isBase64Encoded": False,
    }


def test_non_utf8_body_is_stored_base64() -> None:
    request = build_method_request("POST", "/", body=b"\xff\x00")
    assert (request["body"], request["isBase64Encoded"]) == ("/wA=", True)
    assert body_bytes(request) == b"\xff\x00"


HEADER_ROWS: list[tuple[dict[str, Any], str, list[str]]] = [
    # (request, name, values): case-insensitive names (VPB OQ-33); PAR A.2 merge rule
    ({"headers": {"Content-Type": "a"}}, "content-type", ["a"]),
    ({"multiValueHeaders": {"h": ["1", "2"]}, "headers": {"h": "2"}}, "H", ["1", "2"]),
    ({"multiValueHeaders": {"h": ["1"]}, "headers": {"h": "3"}}, "h", ["1", "3"]),
    ({"headers": {"A": "1", "a": "2"}}, "a", ["1", "2"]),
    ({"headers": {"n": 5, "b": True}}, "b", ["true"]),
    ({}, "x", []),
]


@pytest.mark.parametrize(("request_", "name", "values"), HEADER_ROWS)
def test_header_values(request_: dict[str, Any], name: str, values: list[str]) -> None:
    assert header_values(request_, name) == values
    assert header_value(request_, name) == (values[-1] if values else None)


def test_query_values_are_case_sensitive() -> None:
    request = {
        "queryStringParameters": {"Page": "1"},
        "multiValueQueryStringParameters": {"Page": ["1"]},
    }
    assert (query_values(request, "Page"), query_values(request, "page")) == (["1"], [])


BODY_ROWS: list[tuple[dict[str, Any], bytes | None]] = [
    ({}, None),
    ({"body": None}, None),
    ({"body": "héllo"}, "héllo".encode()),
    ({"body": b"\x00\x01"}, b"\x00\x01"),
    ({"body": "aGkh", "isBase64Encoded": True}, b"hi!"),
    ({"body": "\udcff"}, b"\xff"),  # surrogateescape round trip
]


@pytest.mark.parametrize(("request_", "expected"), BODY_ROWS)
def test_body_bytes(request_: dict[str, Any], expected: bytes | None) -> None:
    assert body_bytes(request_) == expected


def test_body_bytes_errors() -> None:
    # a malformed proxy event, not a configuration mistake
    with pytest.raises(InvalidRequestError, match="not valid base64"):
        body_bytes({"body": "!!", "isBase64Encoded": True})
    with pytest.raises(InvalidRequestError, match="must be str, bytes or None"):
        body_bytes({"body": {"a": 1}})


ENUM_ROWS: list[tuple[Any, object, object]] = [
    (PassthroughBehavior, None, PassthroughBehavior.WHEN_NO_MATCH),
    (PassthroughBehavior, "when_no_templates", PassthroughBehavior.WHEN_NO_TEMPLATES),
    (PassthroughBehavior, "NEVER", PassthroughBehavior.NEVER),
    (ContentHandling, None, None),
    (ContentHandling, "", None),
    (ContentHandling, "CONVERT_TO_TEXT", ContentHandling.CONVERT_TO_TEXT),
    (ContentHandling, "convert_to_binary", ContentHandling.CONVERT_TO_BINARY),
    (IntegrationType, "aws_proxy", IntegrationType.AWS_PROXY),
    (IntegrationType, "MOCK", IntegrationType.MOCK),
]


@pytest.mark.parametrize(("enum", "value", "expected"), ENUM_ROWS)
def test_enum_parsing(enum: Any, value: object, expected: object) -> None:
    assert enum.parse(value) is expected


@pytest.mark.parametrize(
    ("enum", "value"),
    [(PassthroughBehavior, 3), (ContentHandling, "BASE64"), (IntegrationType, None)],
)
def test_enum_parsing_errors(enum: Any, value: object) -> None:
    with pytest.raises(ConfigurationError):
        enum.parse(value)


def test_enum_values_are_aws_strings() -> None:
    assert PassthroughBehavior.WHEN_NO_MATCH == "WHEN_NO_MATCH"
    assert ContentHandling.CONVERT_TO_TEXT == "CONVERT_TO_TEXT"
    assert IntegrationType.HTTP_PROXY.is_proxy and not IntegrationType.MOCK.is_proxy


# --- the one-pass header grouping used on every request --------------------------------

_header_names = st.sampled_from(["A", "a", "B", "b", "Content-Type", "content-type"])
_header_values = st.sampled_from(["1", "2", "x y", ""])


def _slow_grouping(request: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    grouped: dict[str, tuple[str, list[str]]] = {}
    for name, values in _request._multi_map(request, "headers", "multiValueHeaders"):
        entry = grouped.setdefault(name.lower(), (name, []))
        entry[1].extend(values)
    return grouped


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(_header_names, st.lists(_header_values, max_size=2), max_size=4),
    st.dictionaries(_header_names, _header_values, max_size=4),
)
def test_plain_header_grouping_agrees_with_the_general_merge(
    multi: dict[str, list[str]], single: dict[str, str]
) -> None:
    # PAR A.2 merging rules, then case-insensitive grouping under the first spelling: the
    # fast path must give the same result, or decline.
    request = {"headers": single, "multiValueHeaders": multi}
    fast = _request._group_plain_headers(request)
    assert fast is None or fast == _slow_grouping(request)
    assert _request._group_headers(request) == _slow_grouping(request)


def test_pinned_request_reads_are_the_unpinned_ones() -> None:
    request = build_method_request(
        "GET", "/p?a=1&a=2", headers=[("X-A", "1"), ("x-a", "2"), ("Accept", "text/html")]
    )
    expected = (header_values(request, "X-a"), query_values(request, "a"))
    token = _request.pin(request)
    try:
        assert (header_values(request, "X-a"), query_values(request, "a")) == expected
        other = {"headers": {"X-A": "other"}}
        assert header_values(other, "x-a") == ["other"]  # another request is not pinned
    finally:
        _request.unpin(token)


@pytest.mark.parametrize(("request_", "expected"), BODY_ROWS)
def test_pinned_body_bytes_are_the_unpinned_ones(
    request_: dict[str, Any], expected: bytes | None
) -> None:
    token = _request.pin(request_)
    try:
        assert body_bytes(request_) == expected
        assert body_bytes(request_) == expected  # the second read is the kept one
    finally:
        _request.unpin(token)


def test_pinned_body_bytes_errors_every_time() -> None:
    request = {"body": "!!", "isBase64Encoded": True}
    token = _request.pin(request)
    try:
        for _ in range(2):
            with pytest.raises(InvalidRequestError, match="not valid base64"):
                body_bytes(request)
    finally:
        _request.unpin(token)


def _grouped_in_general(request: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    grouped: dict[str, tuple[str, list[str]]] = {}
    for name, values in _request._multi_map(request, "headers", "multiValueHeaders"):
        entry = grouped.setdefault(name.lower(), (name, []))
        entry[1].extend(values)
    return grouped


@pytest.mark.parametrize(
    ("headers", "multi"),
    [
        ({"A": "1", "b": "2"}, {"A": ["1"], "b": ["2"]}),  # mirrored, as built
        ({"A": "1", "a": "2"}, {"A": ["1"], "a": ["2"]}),  # two spellings
        ({"A": "1", "B": "2"}, {"A": ["1"], "B": ["3"]}),  # values differ
        ({"A": "1", "B": "2"}, {"A": ["1"], "B": ["2", "3"]}),  # several values
        ({"A": "1", "B": 2}, {"A": ["1"], "B": [2]}),  # not strings
        ({"B": "2", "A": "1"}, {"A": ["1"], "B": ["2"]}),  # other order
    ],
)
def test_header_grouping_fast_paths_agree_with_the_general_merge(
    headers: dict[str, Any], multi: dict[str, Any]
) -> None:
    request = {"headers": headers, "multiValueHeaders": multi}
    assert _request._group_headers(request) == _grouped_in_general(request)
    assert list(_request._group_headers(request)) == list(_grouped_in_general(request))


_NAMES = st.sampled_from(["A", "a", "B", "content-type", "Content-Type"])
_VALUES = st.sampled_from(["1", "2", ""])


@settings(max_examples=200)
@given(st.dictionaries(_NAMES, _VALUES), st.dictionaries(_NAMES, st.lists(_VALUES, max_size=2)))
def test_header_grouping_agrees_with_the_general_merge(
    headers: dict[str, Any], multi: dict[str, Any]
) -> None:
    for request in (
        {"headers": headers, "multiValueHeaders": multi},
        {"headers": headers, "multiValueHeaders": {k: [v] for k, v in headers.items()}},
    ):
        assert list(_request._group_headers(request).items()) == list(
            _grouped_in_general(request).items()
        )
