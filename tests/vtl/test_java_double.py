"""``Double.toString`` as OpenJDK 17 prints it (spec §5.2).

Every expected string in ``data/jdk17_doubles.txt`` was printed by OpenJDK 17.0.21's
``Double.toString`` on 2026-11-23, from the double with the listed bits. The rows were
picked so that together they run every line of ``apigw_core/vtl/jdouble.py`` (the long
integer path, the long and big digit loops, Java's wrapped ``long``, the leading-zero and
round-up carries, powers of two, subnormals) and both of ``double_to_string``'s shortcuts.
The tests run without Java.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from apigw_core.vtl.jdouble import java_digits, java_double_to_string

DATA = Path(__file__).parent / "data" / "jdk17_doubles.txt"


def _rows() -> list[tuple[float, str]]:
    rows = []
    for line in DATA.read_text().splitlines():
        if line and not line.startswith("#"):
            bits, expected = line.split()
            rows.append((struct.unpack("<d", bytes.fromhex(bits)[::-1])[0], expected))
    return rows


ROWS = _rows()


def test_table_has_every_form() -> None:
    outputs = [expected for _, expected in ROWS]
    assert len(outputs) > 500
    assert any("E-" in out for out in outputs)  # small E-form
    assert any("E" in out and "E-" not in out for out in outputs)  # large E-form
    assert any(out.startswith("0.00") for out in outputs)  # plain, down to 1e-3
    assert any(out.startswith("-") for out in outputs)


@pytest.mark.parametrize(("value", "expected"), ROWS, ids=[e for _, e in ROWS])
def test_port_matches_jdk17(value: float, expected: str) -> None:
    assert java_double_to_string(value) == expected


def test_digits_and_exponent() -> None:
    assert java_digits(1e23) == ("9999999999999999", 23)
    assert java_digits(0.5) == ("5", 0)
