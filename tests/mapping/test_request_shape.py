"""Requests that are not proxy events are refused with InvalidRequestError, never an arbitrary
exception; values that are merely loose (numbers, a lone string for a multi-value entry) are
read the way a user means them.

Expected values: the proxy event 1.0 shape (MT §1, proxy-auth-routing.md §A) holds maps of
strings; `requestTime` is CLF with a four-digit year, as Java's `dd/MMM/yyyy:HH:mm:ss Z` prints
it (MT §2.3 #48).
"""

from __future__ import annotations

from typing import Any

import pytest

from apigw_core import ApigwError, render_mapping_template
from apigw_core.mapping import InvalidRequestError, prepare_request

TEMPLATE = "$input.params() $context.identity.userAgent $context.requestTime"

REFUSED: list[tuple[Any, str]] = [
    ("not a dict", "the request must be a dict"),
    (["a"], "the request must be a dict"),
    ({"headers": ["x"]}, "headers must be a map"),
    ({"headers": "x"}, "headers must be a map"),
    ({"multiValueHeaders": "x"}, "multiValueHeaders must be a map"),
    ({"queryStringParameters": [("a", "b")]}, "queryStringParameters must be a map"),
    ({"pathParameters": 7}, "pathParameters must be a map"),
    ({"stageVariables": "env=dev"}, "stageVariables must be a map"),
    ({"requestContext": "x"}, "requestContext must be a map"),
    ({"queryStringParameters": {"q": ["a", "b"]}}, "queryStringParameters values"),
    ({"headers": {"h": {"nested": 1}}}, "headers values"),
    ({"multiValueHeaders": {"h": [["x"]]}}, "multiValueHeaders values"),
    ({"requestContext": {"requestTimeEpoch": 1e30}}, "outside the years 1 to 9999"),
    ({"requestContext": {"requestTimeEpoch": 253402300800000}}, "outside the years 1 to 9999"),
]


@pytest.mark.parametrize(("request_", "message"), REFUSED)
def test_refused_requests(request_: Any, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message) as caught:
        render_mapping_template(TEMPLATE, request_)
    assert isinstance(caught.value, ApigwError)


@pytest.mark.parametrize(("request_", "message"), REFUSED[:9])
def test_prepare_request_refuses_the_same(request_: Any, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        prepare_request(request_)


LOOSE = [
    # numbers and booleans print as Java prints them
    ({"headers": {"a": True, "b": 1.5, "c": 7}}, "{path={}, header={a=true, b=1.5, c=7}, querystring={}}"),
    # a lone string where a list is expected is the one value, for $input and $context alike
    ({"multiValueHeaders": {"User-Agent": "curl/8"}}, "{path={}, header={User-Agent=curl/8}, querystring={}} curl/8"),
]  # fmt: skip


@pytest.mark.parametrize(("request_", "expected"), LOOSE)
def test_loose_values(request_: dict[str, Any], expected: str) -> None:
    out = render_mapping_template(TEMPLATE, request_)["body"]
    assert out.startswith(expected)


@pytest.mark.parametrize(
    ("epoch", "expected"),
    [
        (0, "01/Jan/1970:00:00:00 +0000"),
        (-1, "31/Dec/1969:23:59:59 +0000"),
        (1583349317000, "04/Mar/2020:19:15:17 +0000"),  # MT §2.3's example
        (-62135596800000, "01/Jan/0001:00:00:00 +0000"),  # yyyy pads to four digits
        (253402300799999, "31/Dec/9999:23:59:59 +0000"),
    ],
)
def test_request_time_range(epoch: int, expected: str) -> None:
    context = {"requestContext": {"requestTimeEpoch": epoch}}
    assert render_mapping_template("$context.requestTime", context)["body"] == expected
