"""The method response: status, overrides, header remapping and the final shape
(VPB E.1, E.5, E.7; HDR-2; OV-2 to OV-4)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_core.pipeline import (
    METHOD_RESPONSE_HEADERS,
    GatewayError,
    apply_response_overrides,
    build_method_response,
    method_response_status,
    remap_method_response_headers,
)

from .recorded_invoke import BY_ID

# The 27 standard headers the recorded cases map (ls-other-response-header-remap-*).
STANDARD_HEADERS = [
    "Accept",
    "Accept-Charset",
    "Accept-Encoding",
    "Age",
    "Authorization",
    "Connection",
    "Content-Encoding",
    "Content-Length",
    "Content-MD5",
    "Content-Type",
    "Date",
    "Expect",
    "Host",
    "Max-Forwards",
    "Pragma",
    "Proxy-Authenticate",
    "Range",
    "Referer",
    "Server",
    "TE",
    "Transfer-Encoding",
    "Trailer",
    "Upgrade",
    "User-Agent",
    "Via",
    "Warn",
    "WWW-Authenticate",
]


@pytest.mark.parametrize(
    "case_id", ["ls-other-response-header-remap-http", "ls-other-response-header-remap-aws"]
)
def test_recorded_remapping(case_id: str) -> None:
    """HDR-2 (recorded for HTTP and AWS): all 27 headers, row for row. Values API Gateway
    sets itself (Connection, Content-Length, Date) or that the recording masked (<...>) are
    compared by presence only."""
    assert len(STANDARD_HEADERS) == 27
    headers = {name: [f"response_param_{name}"] for name in STANDARD_HEADERS}
    ours = build_method_response(200, headers, "")["headers"]
    recorded = BY_ID[case_id]["aws_output"]["response_headers"]
    names = {n for h in STANDARD_HEADERS for n in (h, f"x-amzn-Remapped-{h}")}
    expected = {k: v for k, v in recorded.items() if k in names}
    # API Gateway's own Connection/Content-Length/Date are the transport's, not ours (HDR-2).
    own = {"Connection", "Content-Length", "Date"}
    assert {k for k in ours if k not in own} == {k for k in expected if k not in own}
    for name, value in expected.items():
        if name not in own and not value.startswith("<"):
            assert ours[name] == value, name


HDR2_ROWS = [(name, action.value) for name, action in METHOD_RESPONSE_HEADERS.items()] + [
    (name.lower(), "PASS")
    for name in ("Accept", "Accept-Charset", "Accept-Encoding", "Age", "Content-Encoding", "Content-Type", "Pragma", "Range", "Referer", "TE", "Warn", "Via")
]  # fmt: skip


@pytest.mark.parametrize(("header", "action"), HDR2_ROWS)
def test_hdr2_table(header: str, action: str) -> None:
    """HDR-2: renamed x-amzn-Remapped-<H>, dropped (Transfer-Encoding), or sent as set."""
    out = remap_method_response_headers({header: ["v"]})
    expected = {"REMAP": {f"x-amzn-Remapped-{header}": ["v"]}, "DROP": {}, "PASS": {header: ["v"]}}
    assert out == expected[action]


def test_content_type_default() -> None:
    """VPB E.5 / MISC-2: application/json unless mapped; a mapped one is kept."""
    assert build_method_response(200, {}, "x")["headers"] == {"Content-Type": "application/json"}
    mapped = build_method_response(200, {"content-type": ["text/xml"]}, "x")
    assert mapped["headers"] == {"content-type": "text/xml"}


def test_final_shape() -> None:
    response = build_method_response(201, {"X-A": ["1", "2"]}, "body")
    assert response == {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json", "X-A": "1, 2"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "X-A": ["1", "2"]},
        "body": "body",
        "isBase64Encoded": False,
    }
    binary = build_method_response(200, {}, b"\x89PNG")
    assert binary["isBase64Encoded"] is True and binary["body"] == "iVBORw=="
    assert build_method_response(200, {}, None)["body"] == ""


STATUS_ROWS: list[tuple[str, Any, int | str]] = [
    ("E.3: the selected status", None, 200),
    ("OV-1: no status key", {"header": {}}, 200),
    ("OV-2 / E-7: an integer override", {"status": 400}, 400),
    ("MT Q-OV-1: a numeric string", {"status": "444"}, 444),
    ("out of range", {"status": 700}, "500"),
    ("not a number", {"status": "abc"}, "500"),
    ("a boolean", {"status": True}, "500"),
]


@pytest.mark.parametrize(
    ("source", "override", "expected"), STATUS_ROWS, ids=[r[0] for r in STATUS_ROWS]
)
def test_status_override(source: str, override: Any, expected: int | str) -> None:
    status = method_response_status(200, override)
    if expected == "500":
        assert isinstance(status, GatewayError)
        assert status.default_status_code == 500
    else:
        assert status == expected


def test_header_overrides() -> None:
    """VPB E.7 / OV-2: an override replaces the mapped header (any case) or adds one."""
    headers = apply_response_overrides(
        {"X-Note": ["mapped"], "Keep": ["k"]},
        {"header": {"x-note": "override", "foo": "bar", "multi": ["a", "b"], "gone": None}},
    )
    assert headers == {"Keep": ["k"], "x-note": ["override"], "foo": ["bar"], "multi": ["a", "b"]}
    assert apply_response_overrides({"A": ["1"]}, None) == {"A": ["1"]}


def test_overridden_headers_are_remapped_too() -> None:
    headers = apply_response_overrides({}, {"header": {"Date": "x"}})
    assert build_method_response(200, headers, "")["headers"]["x-amzn-Remapped-Date"] == "x"
