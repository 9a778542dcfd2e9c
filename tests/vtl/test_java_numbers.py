"""MathUtils' calculation bases, as Velocity 1.7 runs them (spec §3.3).

Velocity picks a base per operation: Long for two integers, BigInteger when either is one,
Double for a Double, and BigDecimal for a BigInteger with a non-integer (exact, printed by
``BigDecimal.toString``). An int of 19 or more digits is a BigInteger, as Jackson reads JSON and
so as real Velocity sees such data; a 19-digit integer *literal* is a Long. Every expected value
was printed by Apache Velocity 1.7 (shared/tools/velocity-oracle, both modes, with CONTEXT as
JSON); ``None`` means Velocity fails with a render error.
"""

from __future__ import annotations

import pytest

from apigw_core import vtl
from tests.vtl.oracle_rows import assert_renders_like_velocity

CONTEXT = {
    "i": 2147483647,
    "L": 999999999999999999,
    "B19": 1000000000000000000,
    "B": 9223372036854775808,
    "mB": -9223372036854775809,
    "d": 1.5,
    "t": 0.1,
    "mL": -9223372036854775808,
    "big": 3000000000,
    "nb": -3000000000,
}

# (template, apigateway output, velocity output), from the oracle
CASES = [
    ("#set($r = $B19 + 1.0)$r", "1000000000000000001", "1000000000000000001"),
    ("#set($r = $L + 1.0)$r", "1.0E18", "1.0E18"),
    ("#set($r = $B19 + 1)$r", "1000000000000000001", "1000000000000000001"),
    (
        "#set($r = $B19 * 0.1)$r",
        "100000000000000005.5511151231257827021181583404541015625000000000000000000",
        "100000000000000005.5511151231257827021181583404541015625000000000000000000",
    ),
    ("#set($r = $B / 3.0)$r", "3074457345618258603", "3074457345618258603"),
    ("#set($r = $B / 7.0)$r", "1317624576693539401", "1317624576693539401"),
    ("#set($r = $mB / 2.0)$r", "-4611686018427387904", "-4611686018427387904"),
    ("#set($r = ($B + 0.5) / 2)$r", "4611686018427387904.2", "4611686018427387904.2"),
    ("#set($r = ($B + 0.5) / 4)$r", "2305843009213693952.1", "2305843009213693952.1"),
    ("#set($r = ($B + 0.25) / 2)$r", "4611686018427387904.12", "4611686018427387904.12"),
    ("#set($r = ($B + 1.5) % 2)$r", None, None),
    ("#set($r = $B * 0.0)$r", "0", "0"),
    ("#set($r = ($B - $B) * -1.5)$r", "0.0", "0.0"),
    ("#set($r = $B + -9223372036854775808.0)$r", "0", "0"),
    ("#set($r = ($B * 1.0) / 0)$r|", "|", "$r|"),
    ("#set($r = $B19 % 7)$r", "1", "1"),
    ("#set($r = (0 - $B19) % 7)$r", "6", "6"),
    ("#set($r = $B19 % -7)$r", None, None),
    ("#set($r = $mL / -1)$r", "9223372036854775808", "9223372036854775808"),
    ("#set($r = $mL * -1)$r", "9223372036854775808", "9223372036854775808"),
    ("#set($r = $mL - 1)$r", "-9223372036854775809", "-9223372036854775809"),
    ("#set($r = $i * $i)$r", "4611686014132420609", "4611686014132420609"),
    ("#set($r = $i * $i + 0.5)$r", "4.6116860141324206E18", "4.6116860141324206E18"),
    ("#set($r = 1000000000000000000 + 0.5)$r", "1.0E18", "1.0E18"),
    ("#set($r = 10000000000000000000 + 0.5)$r", "10000000000000000000.5", "10000000000000000000.5"),
    ("#if($B + 0.5 == $B + 0.50)T#{else}F#end", "T", "T"),
    ("#if(($B + 0.5) > $B)T#{else}F#end", "T", "T"),
    (
        "$B19.hashCode() $B.hashCode() $mB.hashCode() $L.hashCode()",
        "1436164013 -2147483648 2147483647 -1434236596",
        "1436164013 -2147483648 2147483647 -1434236596",
    ),
    (
        "#set($r = $B + 0.5)$r.hashCode() $r.intValue() $r.longValue() $r.doubleValue()",
        "149111 0 -9223372036854775808 9.223372036854776E18",
        "149111 0 -9223372036854775808 9.223372036854776E18",
    ),
    ("#set($r = $B + 0.5)$r.equals($r) $r.compareTo($r)", "true 0", "true 0"),
    (
        "#set($r = [$big..$big])$r #set($q = [$nb..$nb])$q #set($z = [$B19..$B19])$z",
        "[-1294967296][1294967296][-1486618624]",
        "[-1294967296][1294967296][-1486618624]",
    ),
    (
        "#set($m = 0 - 9223372036854775807 - 1)$m #set($r = $m / -1)$r #set($r = $m % -1)$r #set($r = $m * -1)$r",
        "-9223372036854775808-92233720368547758080-9223372036854775808",
        "-9223372036854775808-92233720368547758080-9223372036854775808",
    ),
    (
        "#set($r = $B * $t)$r",
        "922337203685477632.0000000000000000000000000000000000000000000000000000000",
        "922337203685477632.0000000000000000000000000000000000000000000000000000000",
    ),
    (
        "#set($r = $B19 - 0.000001)$r",
        "999999999999999999.999999000000000000000045251888174113741314386061276309192180633544921875",
        "999999999999999999.999999000000000000000045251888174113741314386061276309192180633544921875",
    ),
    (
        "#set($x = $B + 0.5)#set($r = $x * 0.0000001)$r",
        "922337203685.47753911249999999999999773740559129431293428069693618454039096832275390625",
        "922337203685.47753911249999999999999773740559129431293428069693618454039096832275390625",
    ),
    ("#set($r = ($B + 0.5) * 0.0)$r", "0.0", "0.0"),
]


@pytest.mark.parametrize("dialect", ["apigateway", "velocity"])
@pytest.mark.parametrize(("template", "apigateway", "velocity"), CASES)
def test_matches_velocity(
    template: str, apigateway: str | None, velocity: str | None, dialect: str
) -> None:
    assert_renders_like_velocity(template, CONTEXT, dialect, apigateway, velocity)


@pytest.mark.parametrize(
    ("template", "java_exception"),
    [
        ("#set($r = ($B + 1.5) % 2)$r", "ArithmeticException"),
        ("#set($r = $B19 % -7)$r", "ArithmeticException"),
    ],
)
def test_errors_name_the_java_exception(template: str, java_exception: str) -> None:
    with pytest.raises(vtl.VtlRenderError) as caught:
        vtl.render(template, CONTEXT)
    assert caught.value.java_exception == java_exception
