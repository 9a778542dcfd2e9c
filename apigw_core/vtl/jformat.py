"""Java number formatting and parsing: ``Double.toString``, ``Integer.parseInt``,
``Integer.toString(i, radix)`` and ``String.format``."""

from __future__ import annotations

import decimal
import math
import re
import struct
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from apigw_core.vtl.errors import VtlLimitError
from apigw_core.vtl.jdouble import java_double_to_string
from apigw_core.vtl.jfloat import java_number_text
from apigw_core.vtl.jstring import java_substring, utf16_length
from apigw_core.vtl.values import JavaException

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


# Why JDK 17's FloatingDecimal.dtoa prints repr's digits on the shortcuts below: integers
# under 2**53 take its long path with no digit dropped, their exact and shortest form; other
# values take its digit loop, which yields the shortest digits strictly within half an ULP,
# the nearest of them, as repr does. It differs only when an interval end is a decimal of
# at most 17 digits (from 2**52 up), for powers of two (it narrows the interval above; those
# in [1e-3, 1e7) are short exact decimals either way), for subnormals, and where its long
# arithmetic wraps (only m, for 2**-9 <= x < 2**-7, where Java's guard answers right). The
# E-form's forced second digit leaves one-digit values to the port. Checked against JDK 17.
_MIN_NORMAL = 2.0**-1022
_TWO_53 = 2.0**53


def double_to_string(x: float) -> str:
    """Java's ``Double.toString`` exactly as OpenJDK 17 prints it (spec §5.2).

    JDK 17 prints the shortest round-trip digits (Python's ``repr``) for every double in
    [1e-3, 1e7), and for normal doubles below 2**53 that are not powers of two and need
    at least two digits; those take Python's ``repr``. The rest (large values, subnormals,
    powers of two, one-digit values) go through the port of JDK 17's ``FloatingDecimal``
    in :mod:`apigw_core.vtl.jdouble`, which the module docstring there explains.
    """
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    text = repr(x)
    magnitude = abs(x)
    if 1e-3 <= magnitude < 1e7:
        if "e" in text:  # Python writes 1e-05 style only outside this range, but be safe
            text = format(x, "f")
        return text if "." in text else text + ".0"
    if _MIN_NORMAL <= magnitude < _TWO_53 and math.frexp(magnitude)[0] != 0.5:
        scientific = _scientific_repr(text)
        if scientific is not None:
            return scientific
    return java_double_to_string(x)


def _scientific_repr(text: str) -> str | None:
    """Python's shortest ``repr`` digits in Java's E-form, or None for a single digit.

    With one shortest digit Java still prints two, the pair nearest the exact value
    (``2.0E-5``, but ``4.9E-324``), which the JDK 17 port decides.
    """
    sign = "-" if text[0] == "-" else ""
    body = text[len(sign) :]
    mantissa, _, exponent = body.partition("e")
    if exponent:
        digits = mantissa.replace(".", "", 1)
        point = int(exponent)
    else:
        whole, _, fraction = body.partition(".")
        if whole != "0":
            digits = (whole + fraction).rstrip("0")
            point = len(whole) - 1
        else:
            digits = fraction.lstrip("0")
            point = len(digits) - len(fraction) - 1
    if len(digits) < 2:
        return None
    return f"{sign}{digits[0]}.{digits[1:]}E{point}"


def java_int_to_string(value: int, radix: int = 10) -> str:
    """``Integer.toString(i, radix)`` / ``Long.toString``: radixes outside 2..36 mean 10."""
    if not 2 <= radix <= 36:
        radix = 10
    if value == 0:
        return "0"
    if value.bit_length() > 14_284:  # more than 4300 decimal digits: quadratic below
        from apigw_core.vtl.runtime import huge_number

        raise huge_number()
    negative = value < 0
    value = -value if negative else value
    out = []
    while value:
        value, digit = divmod(value, radix)
        out.append(_DIGITS[digit])
    return ("-" if negative else "") + "".join(reversed(out))


def _number_format(text: str, radix: int) -> JavaException:
    suffix = "" if radix == 10 else f" under radix {radix}"
    return JavaException("NumberFormatException", f'For input string: "{text}"{suffix}')


def _parse_integer(text: str, radix: int, lo: int, hi: int) -> int:
    if not 2 <= radix <= 36:
        raise JavaException("NumberFormatException", f"radix {radix} out of range")
    body = text[1:] if text[:1] in ("+", "-") else text
    if not body:
        raise _number_format(text, radix)
    value = 0
    for char in body:
        digit = _digit(char, radix)
        if digit < 0:
            raise _number_format(text, radix)
        value = value * radix + digit
        if value > hi + 1:  # out of range already, as Java finds digit by digit
            raise _number_format(text, radix)
    if text[0] == "-":
        value = -value
    if not lo <= value <= hi:
        raise _number_format(text, radix)
    return value


def _digit(char: str, radix: int) -> int:
    # Character.digit: Unicode decimal digits count, as do ASCII and full-width letters
    if char.isdecimal():
        value = int(char)
    elif "a" <= char.lower() <= "z" and char.isascii():
        value = ord(char.lower()) - ord("a") + 10
    elif "\uff21" <= char <= "\uff3a" or "\uff41" <= char <= "\uff5a":
        value = (ord(char) - 0xFF21 if char <= "\uff3a" else ord(char) - 0xFF41) + 10
    else:
        return -1
    return value if value < radix else -1


def parse_int(text: str, radix: int = 10) -> int:
    """``Integer.parseInt``: an optional sign and digits, within 32 bits."""
    return _parse_integer(text, radix, INT_MIN, INT_MAX)


def parse_long(text: str, radix: int = 10) -> int:
    """``Long.parseLong``: an optional sign and digits, within 64 bits."""
    return _parse_integer(text, radix, LONG_MIN, LONG_MAX)


def parse_double(text: str) -> float:
    """``Double.parseDouble``: trims characters up to U+0020, Java's literal syntax."""
    trimmed = java_number_text(text)
    body = trimmed.rstrip("fFdD") if not trimmed.endswith(("NaN", "Infinity")) else trimmed
    if "x" in body.lower() and "p" in body.lower():
        return float.fromhex(body)
    if body.lstrip("+-") == "NaN":
        return math.nan
    if body.lstrip("+-") == "Infinity":
        return -math.inf if body.startswith("-") else math.inf
    return float(body)


# ---- String.format ----

_SPECIFIER = re.compile(
    r"%(?:(?P<index>\d+\$|<)?(?P<flags>[-#+ 0,(]*)(?P<width>\d+)?(?:\.(?P<precision>\d+))?"
    r"(?P<conversion>[bBhHsScCdoxXeEfgGaA%n])|(?P<bad>.?))",
    re.DOTALL,
)


MAX_FIELD = 1_000_000  # widest format width or precision honoured

# Decimal arithmetic that never rounds: Java's Formatter never runs out of digits (`%.30f` of
# 1e300), and BigDecimal's add, subtract and multiply are exact.
WIDE_DECIMAL = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


def java_format(
    fmt: str,
    args: Sequence[object] | None,
    tostring: Callable[[object], str],
) -> str:
    """``String.format(fmt, args...)`` for the conversions mapping templates use.

    ``args=None`` is a null argument array (Velocity passes one for a single null vararg):
    every specifier then formats null.
    """
    with decimal.localcontext(WIDE_DECIMAL):
        return _format(fmt, args, tostring)


def _format(fmt: str, args: Sequence[object] | None, tostring: Callable[[object], str]) -> str:
    out: list[str] = []
    position = 0
    ordinary = 0  # the next argument for specifiers without an index
    previous = -1
    for match in _SPECIFIER.finditer(fmt):
        out.append(fmt[position : match.start()])
        position = match.end()
        if match.group("bad") is not None:
            bad = match.group("bad") or "%"
            raise JavaException("UnknownFormatConversionException", f"Conversion = '{bad}'")
        conversion = match.group("conversion")
        flags = match.group("flags") or ""
        width = int(match.group("width")) if match.group("width") else None
        precision = int(match.group("precision")) if match.group("precision") else None
        if max(width or 0, precision or 0) > MAX_FIELD:
            # Java would build the text; a hostile template must not get to (issue 2 §5)
            raise VtlLimitError(
                f"a String.format width or precision above {MAX_FIELD} ({match.group()})"
            )
        if conversion == "n":
            out.append("\n")
            continue
        if conversion == "%":
            out.append(_justify("%", width, flags))
            continue
        index = match.group("index")
        if index == "<":
            argument_index = previous
        elif index:
            argument_index = int(index[:-1]) - 1
        else:
            argument_index = ordinary
            ordinary += 1
        if args is not None and not 0 <= argument_index < len(args):
            raise JavaException(
                "MissingFormatArgumentException", f"Format specifier '{match.group()}'"
            )
        previous = argument_index
        value = None if args is None else args[argument_index]
        text = _convert(conversion, value, flags, width, precision, tostring)
        out.append(_justify(text, width, flags))
    out.append(fmt[position:])
    return "".join(out)


def _justify(text: str, width: int | None, flags: str) -> str:
    # Java pads to a width in UTF-16 units: an emoji counts 2 (oracle: `%5s` pads it with 3)
    if width is None or (length := utf16_length(text)) >= width:
        return text
    padding = " " * (width - length)
    return text + padding if "-" in flags else padding + text


def _cut(text: str, precision: int | None) -> str:
    """The first ``precision`` UTF-16 units, as Java's Formatter cuts (oracle: `%.1s` of an
    emoji is its lone high half, printed `?`)."""
    if precision is None or precision >= len(text) * 2:
        return text
    return java_substring(text, 0, min(precision, utf16_length(text)))


def _java_class(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "java.lang.Boolean"
    if isinstance(value, int):
        return "java.lang.Integer"
    if isinstance(value, float):
        return "java.lang.Double" if type(value) is float else "java.lang.Float"
    if isinstance(value, str):
        return "java.lang.String"
    return "java.lang.Object"


def _mismatch(conversion: str, value: object) -> JavaException:
    return JavaException(
        "IllegalFormatConversionException", f"{conversion} != {_java_class(value)}"
    )


def _convert(
    conversion: str,
    value: object,
    flags: str,
    width: int | None,
    precision: int | None,
    tostring: Callable[[object], str],
) -> str:
    upper = conversion.isupper()
    kind = conversion.lower()
    if value is None and kind != "b":
        text = "null"[:precision] if precision is not None else "null"  # `%.2f` of null: `nu`
        return text.upper() if upper else text
    if kind == "s":
        text = _cut("null" if value is None else tostring(value), precision)  # `nul` too
    elif kind == "b":
        text = _cut("false" if value is None or value is False else "true", precision)
    elif kind == "h":
        text = "null" if value is None else format(java_hash(value) & 0xFFFFFFFF, "x")
    elif kind == "c":
        if value is None:
            text = "null"
        elif isinstance(value, str) and type(value) is not str:  # a Character
            text = value
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 0x110000:
            text = chr(value)
        else:
            raise _mismatch(conversion, value)
    elif kind in "dox":
        if value is None:
            text = "null"
        elif not isinstance(value, int) or isinstance(value, bool):
            raise _mismatch(conversion, value)
        else:
            text = _format_integer(kind, value, flags)
    elif kind in "efga":
        if value is None:
            text = "null"
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise _mismatch(conversion, value)
        elif isinstance(value, int):
            raise _mismatch(conversion, value)  # Java does not widen Integer for %f
        else:
            text = _format_float(kind, value, flags, precision)
    else:  # pragma: no cover - the regex admits nothing else
        raise JavaException("UnknownFormatConversionException", f"Conversion = '{conversion}'")
    if "0" in flags and width is not None and kind in "doxefga" and text != "null":
        sign = text[0] if text[:1] in "+- (" else ""
        body = text[len(sign) :]
        text = sign + body.rjust(width - len(sign), "0")
    return text.upper() if upper else text


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",".join(parts)


def _format_integer(kind: str, value: int, flags: str) -> str:
    if kind == "d":
        digits = str(abs(value))
        if "," in flags:
            digits = _group(digits)
        return _signed(digits, value < 0, flags)
    bits = 32 if INT_MIN <= value <= INT_MAX else 64 if LONG_MIN <= value <= LONG_MAX else 0
    if value < 0 and bits:
        value += 1 << bits  # Integer and Long print their two's complement
    text = format(value, "o" if kind == "o" else "x")
    if "#" in flags:
        # a negative BigInteger keeps its sign in front: `-0x8000000000000001`
        sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
        text = sign + ("0" if kind == "o" else "0x") + text
    return text


def _signed(digits: str, negative: bool, flags: str) -> str:
    if negative:
        return f"({digits})" if "(" in flags else "-" + digits
    if "+" in flags:
        return "+" + digits
    if " " in flags:
        return " " + digits
    return digits


def _format_float(kind: str, value: float, flags: str, precision: int | None) -> str:
    if value != value or value in (math.inf, -math.inf):
        text = "NaN" if value != value else "Infinity"
        return _signed(text, value < 0, flags) if value == value else text
    negative = math.copysign(1.0, value) < 0
    magnitude = abs(value)
    # Java rounds the shortest decimal form half-up, not the binary value
    exact = Decimal(repr(magnitude))
    if kind == "f":
        digits = _fixed(exact, 6 if precision is None else precision)
        if "," in flags:
            whole, _, fraction = digits.partition(".")
            digits = _group(whole) + ("." + fraction if fraction else "")
    elif kind == "e":
        digits = _scientific(exact, 6 if precision is None else precision)
    elif kind == "g":
        p = 6 if precision is None else max(precision, 1)
        if magnitude != 0 and (magnitude < 1e-4 or magnitude >= 10**p):
            digits = _scientific(exact, p - 1)
        else:
            digits = _fixed(exact, max(p - 1 - (exact.adjusted() if magnitude else 0), 0))
    elif precision is None:
        # Double.toHexString: no trailing zeros in the fraction, no `+` in the exponent
        mantissa, _, exponent = float.hex(magnitude).partition("p")
        whole, _, fraction = mantissa.partition(".")
        digits = f"{whole}.{fraction.rstrip('0') or '0'}p{int(exponent)}"
    else:
        digits = float.hex(magnitude)
    return _signed(digits, negative, flags)


def _fixed(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):f}"


def _scientific(value: Decimal, places: int) -> str:
    if value == 0:
        mantissa, exponent = Decimal(0).quantize(Decimal(1).scaleb(-places)), 0
    else:
        exponent = value.adjusted()
        mantissa = value.scaleb(-exponent)
        mantissa = mantissa.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if mantissa >= 10:
            mantissa = (mantissa / 10).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            exponent += 1
    sign = "-" if exponent < 0 else "+"
    return f"{mantissa:f}e{sign}{abs(exponent):02d}"


def java_hash(value: object) -> int:
    """``hashCode()`` of a template value, as a signed 32-bit int."""
    if isinstance(value, str):
        h = 0
        for unit in _utf16_units(value):
            h = (31 * h + unit) & 0xFFFFFFFF
        return _signed32(h)
    if isinstance(value, bool):
        return 1231 if value else 1237
    if isinstance(value, int):
        from apigw_core.vtl.runtime import BIGINTEGER, INTEGER, int_kind

        kind = int_kind(value)  # the hash is the class's: a Long -1 hashes to 0, not -1
        if kind == INTEGER:
            return value
        if kind == BIGINTEGER:
            return java_biginteger_hash(value)
        bits = value & 0xFFFFFFFFFFFFFFFF
        return _signed32(bits ^ (bits >> 32))
    if isinstance(value, float):
        if type(value) is not float:  # a Float: floatToIntBits
            return int(value.__vtl_hash__())  # type: ignore[attr-defined]
        bits = (
            0x7FF8000000000000
            if value != value
            else struct.unpack(">q", struct.pack(">d", value))[0] & 0xFFFFFFFFFFFFFFFF
        )
        return _signed32(bits ^ (bits >> 32))
    if isinstance(value, list | dict):
        return _container_hash(value, {})
    own = getattr(type(value), "__vtl_hash__", None)  # map keys and entries (runtime)
    if own is not None:
        return int(own(value))
    return _signed32(id(value) & 0xFFFFFFFF)


def _container_hash(value: list[Any] | dict[Any, Any], memo: dict[int, Any]) -> int:
    """``List.hashCode()`` or ``Map.hashCode()``.

    A list or map met twice is hashed once (``memo``, by identity, for this call only): a list
    holding the same list twice, nested 60 deep, has 2^60 elements to walk but only 60
    distinct lists. Nothing changes during the call, so the hash is the one Java computes."""
    if isinstance(value, list):
        h = 1
        for item in value:
            h = (31 * h + _member_hash(item, memo)) & 0xFFFFFFFF
        return _signed32(h)
    total = 0
    for key, item in value.items():
        total += (0 if key is None else java_hash(key)) ^ _member_hash(item, memo)
    return _signed32(total & 0xFFFFFFFF)


def _member_hash(item: Any, memo: dict[int, Any]) -> int:
    if isinstance(item, list | dict):
        seen = memo.get(id(item))
        if seen is None:
            seen = memo[id(item)] = (item, _container_hash(item, memo))
        return int(seen[1])
    return 0 if item is None else java_hash(item)


def java_biginteger_hash(value: int) -> int:
    """``BigInteger.hashCode()``: over the magnitude's 32-bit words, times the sign."""
    h = 0
    magnitude = abs(value)
    for shift in range((magnitude.bit_length() + 31) // 32 * 32 - 32, -1, -32):
        h = (31 * h + ((magnitude >> shift) & 0xFFFFFFFF)) & 0xFFFFFFFF
    return _signed32(-h if value < 0 else h)


def java_bigdecimal_hash(value: Decimal) -> int:
    """``BigDecimal.hashCode()``: 31 times the unscaled value's hash, plus the scale."""
    sign, digits, exponent = value.as_tuple()
    unscaled = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    return _signed32(31 * java_biginteger_hash(unscaled) - int(exponent))


def _utf16_units(value: str) -> list[int]:
    data = value.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _signed32(h: int) -> int:
    h &= 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h
