"""``Double.toString`` as OpenJDK 17 prints it (spec §5.2).

Every expected string in ``data/jdk17_doubles.txt`` was printed by OpenJDK 17.0.21's
``Double.toString`` on 2026-11-23, from the double with the listed bits. The rows were
picked so that together they run every line of ``apigw_core/vtl/jdouble.py`` (the long
integer path, the long and big digit loops, Java's wrapped ``long``, the leading-zero and
round-up carries, powers of two, subnormals) and both of ``double_to_string``'s shortcuts.
The tests run without Java.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigw_core.vtl.jdouble import java_digits, java_double_to_string
from apigw_core.vtl.jformat import double_to_string


def jdk_rows(name: str, layout: str) -> list[tuple[float, str]]:
    """The (value, Java's text) rows of ``data/NAME``: big-endian bits in hex, then the text;
    ``layout`` is the ``struct`` format of the value ("<d" or "<f")."""
    rows = []
    for line in (Path(__file__).parent / "data" / name).read_text().splitlines():
        if line and not line.startswith("#"):
            bits, expected = line.split()
            rows.append((struct.unpack(layout, bytes.fromhex(bits)[::-1])[0], expected))
    return rows


ROWS = jdk_rows("jdk17_doubles.txt", "<d")


def test_table_has_every_form() -> None:
    outputs = [expected for _, expected in ROWS]
    assert len(outputs) > 500
    assert any("E-" in out for out in outputs)  # small E-form
    assert any("E" in out and "E-" not in out for out in outputs)  # large E-form
    assert any(out.startswith("0.00") for out in outputs)  # plain, down to 1e-3
    assert any(out.startswith("-") for out in outputs)


@pytest.mark.parametrize(("value", "expected"), ROWS, ids=[e for _, e in ROWS])
def test_double_to_string_matches_jdk17(value: float, expected: str) -> None:
    assert double_to_string(value) == expected


@pytest.mark.parametrize(("value", "expected"), ROWS, ids=[e for _, e in ROWS])
def test_port_matches_jdk17(value: float, expected: str) -> None:
    assert java_double_to_string(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e23, "9.999999999999999E22"),  # 1e23 is an interval end, which the long loop excludes
        (2.82879384806159e17, "2.82879384806159008E17"),  # long integer path, exact digits
        (9.8217e20, "9.821699999999999E20"),
        (1.704248291959488e19, "1.7042482919594881E19"),
        (5e-324, "4.9E-324"),  # two digits in E-form, the nearer pair
        (1e-322, "1.0E-322"),  # leading zero digit carried into a one
        (2.0**-1030, "8.6916947597938E-311"),  # a subnormal power of two, not shortest
        (1e7, "1.0E7"),
        (9999999.999999998, "9999999.999999998"),
        (0.001, "0.001"),
        (0.0009999999999999998, "9.999999999999998E-4"),
        (-1.5e-7, "-1.5E-7"),
        (1732358400.123, "1.732358400123E9"),
    ],
)  # also printed by OpenJDK 17.0.21 on 2026-11-23
def test_known_values(value: float, expected: str) -> None:
    assert double_to_string(value) == expected


def test_digits_and_exponent() -> None:
    assert java_digits(1e23) == ("9999999999999999", 23)
    assert java_digits(0.5) == ("5", 0)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_trip(value: float) -> None:
    text = double_to_string(value)
    assert float(text) == value
    assert math.copysign(1.0, float(text)) == math.copysign(1.0, value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_shortcuts_agree_with_port(value: float) -> None:
    assert double_to_string(value) == java_double_to_string(value)
