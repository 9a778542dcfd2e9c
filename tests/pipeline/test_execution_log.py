"""The execution log's line grammar (PAR I.2, VPB Example F-1, MISC-2)."""

from __future__ import annotations

import pytest

from apigw_core.pipeline import (
    ExecutionLog,
    format_log_map,
    format_log_time,
    mask_authorization,
    truncate_log_message,
)

TIMES = [
    ("F-1 / I-1", 1504141645000, "Thu Aug 31 01:07:25 UTC 2017"),
    ("I-2", 1683633002000, "Tue May 09 11:50:02 UTC 2023"),
    ("I-3", 1683632963000, "Tue May 09 11:49:23 UTC 2023"),
    ("epoch", 0, "Thu Jan 01 00:00:00 UTC 1970"),
]


@pytest.mark.parametrize(("source", "epoch", "expected"), TIMES, ids=[t[0] for t in TIMES])
def test_timestamp(source: str, epoch: int, expected: str) -> None:
    """PAR I.2: Java Date.toString() in UTC, two-digit day."""
    assert format_log_time(epoch) == expected


MAPS = [
    ("I.2: empty map", {}, "{}"),
    ("I.2: none", None, "{}"),
    ("F-1: path", {"city": "Seattle"}, "{city=Seattle}"),
    ("F-1: two entries", {"a": "1", "b": "2"}, "{a=1, b=2}"),
    ("E-8: a multi-value header", {"multivalueheader": ["foo", "header1Valheader2Val"]}, "{multivalueheader=foo,header1Valheader2Val}"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "values", "expected"), MAPS, ids=[m[0] for m in MAPS])
def test_map(source: str, values: dict[str, object] | None, expected: str) -> None:
    assert format_log_map(values) == expected


def test_truncation() -> None:
    """PAR I.2 / OQ-I2: 1,021 characters, then " [TRUNCATED]"."""
    assert truncate_log_message("x" * 1021) == "x" * 1021
    assert truncate_log_message("x" * 1500) == "x" * 1021 + " [TRUNCATED]"


def test_authorization_masking() -> None:
    """PAR I.2: all but the last 6 characters masked (Example I-1 ends in ...338c72)."""
    value = "AWS4-HMAC-SHA256 Credential=abc/338c72"
    assert mask_authorization(value) == "*" * (len(value) - 6) + "338c72"
    assert mask_authorization("abc") == "abc"


def test_lines() -> None:
    """PAR I.2: the header line, then '<timestamp> : <message>'."""
    log = ExecutionLog("test-request", 1504141645000)
    log.add("Starting execution for request: test-request")
    log.extend(["Method completed with status: 200"])
    assert log.messages == [
        "Starting execution for request: test-request",
        "Method completed with status: 200",
    ]
    assert log.lines() == [
        "Execution log for request test-request",
        "Thu Aug 31 01:07:25 UTC 2017 : Starting execution for request: test-request",
        "Thu Aug 31 01:07:25 UTC 2017 : Method completed with status: 200",
    ]


def test_add_truncates() -> None:
    log = ExecutionLog("r")
    log.add("x" * 1021)
    log.add("y" * 1022)
    assert log.messages == ["x" * 1021, "y" * 1021 + " [TRUNCATED]"]
