"""Java ``float`` arithmetic on Python floats: rounding to single precision, bits, parsing.

A Java ``Float`` is held as a Python float whose value is exactly a float value (the
runtime's ``JFloat``). Rounding a double to a float is one ``struct`` round trip; integers,
decimals and parsed text round once, from their exact value, as Java does (``(float)`` of a
``long`` is not the float of its double: 2**53 + 2**29 + 1 rounds up to 2**53 + 2**30).
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable
from decimal import Decimal

from apigw_core.vtl.values import JavaException

_FLOAT = struct.Struct("<f")
_INT = struct.Struct("<i")
_MIN_EXP = -149  # the exponent of Float.MIN_VALUE's one bit
FLOAT_MAX = 3.4028234663852886e38


def round_double(x: float) -> float:
    """``(float) x``: round to nearest, ties to even; beyond the range gives infinity."""
    try:
        return float(_FLOAT.unpack(_FLOAT.pack(x))[0])
    except OverflowError:
        return math.copysign(math.inf, x)


def round_ratio(numerator: int, denominator: int) -> float:
    """The float nearest ``numerator / denominator`` (``denominator`` > 0), ties to even."""
    if numerator == 0:
        return 0.0
    negative = numerator < 0
    n = -numerator if negative else numerator
    e = n.bit_length() - denominator.bit_length()
    # floor(log2(n / d)) is e or e - 1
    if (n << -e if e < 0 else n) < (denominator << e if e > 0 else denominator):
        e -= 1
    if e > 127:
        return -math.inf if negative else math.inf
    ulp = max(e - 23, _MIN_EXP)
    if ulp >= 0:
        q, r = divmod(n, denominator << ulp)
        twice, whole = r << 1, denominator << ulp
    else:
        q, r = divmod(n << -ulp, denominator)
        twice, whole = r << 1, denominator
    if twice > whole or (twice == whole and q & 1):
        q += 1
    value = math.ldexp(q, ulp)
    if value > FLOAT_MAX:
        value = math.inf
    return -value if negative else value


def round_int(value: int) -> float:
    """``(float)`` of an int or long, ``BigInteger.floatValue()``."""
    if -(1 << 53) <= value <= 1 << 53:
        return round_double(float(value))  # exact as a double, so rounded once
    return round_ratio(value, 1)


def round_decimal(value: Decimal) -> float:
    """``BigDecimal.floatValue()``: the nearest float to the exact value."""
    if not value.is_finite():  # pragma: no cover - BigDecimal has no NaN or infinity
        return float(value)
    if value.is_zero():
        return 0.0
    adjusted = value.adjusted()
    if adjusted > 40:
        return -math.inf if value.is_signed() else math.inf
    if adjusted < -50:
        return -0.0 if value.is_signed() else 0.0
    return round_ratio(*value.as_integer_ratio())


def to_float(x: object) -> float:
    """``floatValue()`` of any number the engine holds."""
    if isinstance(x, float):
        return round_double(x)
    if isinstance(x, Decimal):
        return round_decimal(x)
    if isinstance(x, int):
        return round_int(x)
    raise TypeError(x)  # pragma: no cover - callers pass numbers


def float_to_int_bits(x: float, raw: bool = False) -> int:
    """``Float.floatToIntBits`` (NaN canonical) or ``floatToRawIntBits``."""
    if x != x and not raw:
        return 0x7FC00000
    return int(_INT.unpack(_FLOAT.pack(x))[0])


def int_bits_to_float(bits: int) -> float:
    """``Float.intBitsToFloat``; a NaN keeps no payload here."""
    return float(_FLOAT.unpack(_INT.pack(((bits + (1 << 31)) % (1 << 32)) - (1 << 31)))[0])


# FloatingDecimal.readJavaFormatString's grammar, for parseDouble and parseFloat alike.
_NUMBER = re.compile(
    r"[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+[fFdD]?)",
    re.ASCII,  # Java takes ASCII digits only (oracle: parseDouble of "٣" throws)
)
_KEPT_DIGITS = 200  # more than any halfway point between two floats needs


def java_number_text(text: str) -> str:
    """``text`` trimmed of characters up to U+0020, if it is a Java floating literal."""
    trimmed = text.strip("".join(chr(i) for i in range(33)))
    if not _NUMBER.fullmatch(trimmed):
        raise JavaException(
            "NumberFormatException",
            "empty String" if not trimmed else f'For input string: "{text}"',
        )
    return trimmed


def parse_float(text: str) -> float:
    """``Float.parseFloat``: trims characters up to U+0020, rounds the exact value once."""
    trimmed = java_number_text(text)
    negative = trimmed.startswith("-")
    body = trimmed.lstrip("+-")
    if body == "NaN":
        return math.nan
    if body == "Infinity":
        return -math.inf if negative else math.inf
    body = body.rstrip("fFdD")
    hexadecimal = body[:2] in ("0x", "0X")
    mantissa, _, exponent_text = (
        body[2:].lower().partition("p") if hexadecimal else (body.lower().partition("e"))
    )
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    exponent = _exponent(exponent_text) - len(fraction) * (4 if hexadecimal else 1)
    if hexadecimal:
        value = _scaled(int(digits or "0", 16), exponent, 2)
    else:
        if len(digits) > _KEPT_DIGITS:
            # a nonzero digit past the kept ones only breaks ties, as a final 1 does
            sticky = digits[_KEPT_DIGITS:].strip("0") != ""
            exponent += len(digits) - _KEPT_DIGITS - sticky
            digits = digits[:_KEPT_DIGITS] + ("1" if sticky else "")
        value = _scaled(int(digits or "0"), exponent, 10)
    return -value if negative else value


def _exponent(text: str) -> int:
    """An exponent's digits; past ten digits only the sign matters."""
    if len(text.lstrip("+-").lstrip("0")) > 10:
        return -(10**12) if text.startswith("-") else 10**12
    return int(text) if text else 0


def _scaled(mantissa: int, exponent: int, base: int) -> float:
    """``mantissa * base**exponent`` rounded to a float; huge exponents end as 0 or inf."""
    if mantissa == 0:
        return 0.0
    size = mantissa.bit_length()
    step = 3 if base == 10 else 1  # a power of ten has over 3 bits per digit
    if exponent >= 0:
        if size - 1 + step * exponent > 130:
            return math.inf
        return round_ratio(mantissa * base**exponent, 1)
    if size + step * exponent < -160:
        return 0.0
    return round_ratio(mantissa, base**-exponent)


def float_hex(x: float, double_hex: Callable[[float], str]) -> str:
    """``Float.toHexString`` from ``Double.toHexString``: a subnormal float is scaled to a
    subnormal double and printed with the float's ``p-126``."""
    if x != 0 and abs(x) < 2.0**-126:
        return double_hex(math.ldexp(x, -896)).replace("p-1022", "p-126")
    return double_hex(x)
