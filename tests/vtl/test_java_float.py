"""``Float.toString`` as OpenJDK 17 prints it, and Java's float rounding and parsing.

Every expected string in ``data/jdk17_floats.txt`` was printed by OpenJDK 17.0.21's
``Float.toString`` from the float with the listed bits; the rows are a sample of 313,459
floats (random bit patterns, the edge significands of every exponent, the first 5000
subnormals, decimal powers and their neighbours) that all matched. The tests run without Java.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigw_core.vtl import jfloat
from apigw_core.vtl.jdouble import java_float_digits, java_float_to_string
from tests.vtl.test_java_double import jdk_rows

ROWS = jdk_rows("jdk17_floats.txt", "<f")


def test_table_has_every_form() -> None:
    outputs = [expected for _, expected in ROWS]
    assert len(outputs) > 500
    assert "1.4E-45" in outputs and "3.4028235E38" in outputs
    assert any("E-" in out for out in outputs)
    assert any(out.startswith("-") for out in outputs)


@pytest.mark.parametrize(("value", "expected"), ROWS, ids=[e for _, e in ROWS])
def test_float_to_string_matches_jdk17(value: float, expected: str) -> None:
    assert java_float_to_string(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (123456792.0, "1.23456792E8"),  # the long integer path, exact digits
        (0.10000000149011612, "0.1"),
        (1e10, "1.0E10"),
        (2.0**-149, "1.4E-45"),
        (16777216.0, "1.6777216E7"),
        (3.4028234663852886e38, "3.4028235E38"),
    ],
)  # also printed by OpenJDK 17.0.21
def test_known_values(value: float, expected: str) -> None:
    assert java_float_to_string(value) == expected


def test_digits_and_exponent() -> None:
    assert java_float_digits(0.5) == ("5", 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2**53 + 2**29 + 1, 2.0**53 + 2**30),  # not the float of the double (2**53)
        (-(2**53 + 2**29 + 1), -(2.0**53 + 2**30)),
        (2**24 + 1, 2.0**24),
        (2**128, math.inf),
        (2**128 - 2**103, math.inf),  # halfway past MAX_VALUE rounds to infinity
        (2**128 - 2**103 - 1, jfloat.FLOAT_MAX),
    ],
)
def test_int_rounds_once(value: int, expected: float) -> None:
    assert jfloat.round_int(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.4028235e38", "3.4028235E38"),
        ("3.4028236e38", "Infinity"),
        ("1e-46", "0.0"),
        ("7.006492321624086e-46", "1.4E-45"),  # just above half of MIN_VALUE
        ("  -0x1.000001p0f ", "-1.0"),
        ("0x1.0000010000000000001p0", "1.0000001"),  # not the double's tie
        ("1.00000005960464477539062500001", "1.0000001"),
        ("1.000000059604644775390625", "1.0"),  # an exact tie, to even
        ("1e999999999999999", "Infinity"),
        ("." + "0" * 1000 + "1", "0.0"),
        ("1" * 300 + "e-300", "0.11111111"),
        ("NaN", "NaN"),
        ("-Infinity", "-Infinity"),
        ("1d", "1.0"),
    ],
)  # Float.parseFloat in OpenJDK 17.0.21
def test_parse_float(text: str, expected: str) -> None:
    assert java_float_to_string(jfloat.parse_float(text)) == expected


@pytest.mark.parametrize("text", ["", "x", "1e", "0x1", "Inf", "1f1"])
def test_parse_float_rejects(text: str) -> None:
    with pytest.raises(jfloat.JavaException):
        jfloat.parse_float(text)


@given(st.floats(width=32, allow_nan=False, allow_infinity=False))
def test_round_trip(value: float) -> None:
    text = java_float_to_string(value)
    assert jfloat.parse_float(text) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_double_agrees_with_exact_rounding(value: float) -> None:
    assert jfloat.round_double(value) == jfloat.round_ratio(*value.as_integer_ratio())
