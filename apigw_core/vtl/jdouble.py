"""``Double.toString`` and ``Float.toString`` as OpenJDK 17 prints them.

JDK 17 formats doubles with the old ``jdk.internal.math.FloatingDecimal`` (JDK 19 replaced
it with a shortest-digits algorithm). The old code is not always shortest: integers in
[2**53, 2**63) print their exact value with only a power-of-two estimate of the noise
digits dropped, the stopping test is symmetric around powers of two, excludes the interval
ends (the big-integer loop includes the upper one), and its 64-bit arithmetic can wrap. This
module follows ``FloatingDecimal.BinaryToASCIIBuffer`` step by step, with Python ints in
place of ``FDBigInteger`` and explicit wraparound where the Java code uses ``long``.
Floats take the same ``dtoa`` with their 24-bit significand (and, for small operands, its
``int`` loop), so they are not always shortest either: 123456789f prints ``1.23456792E8``.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

_EXP_SHIFT = 52  # FloatingDecimal.EXP_SHIFT
_FRACT_HOB = 1 << _EXP_SHIFT
_SIGNIF_MASK = _FRACT_HOB - 1
_EXP_ONE = 1023 << _EXP_SHIFT
_MAX_SMALL_BIN_EXP = 62
_MIN_SMALL_BIN_EXP = -21

# BinaryToASCIIBuffer.N_5_BITS: ceil(log2(5**i)), the bits Java budgets for 5**i.
_N_5_BITS = tuple((5**i - 1).bit_length() for i in range(27))

_DOUBLE_BITS = struct.Struct("<d")
_LONG_BITS = struct.Struct("<q")


def _estimate_dec_exp(fract_bits: int, bin_exp: int) -> int:
    """``BinaryToASCIIBuffer.estimateDecExp``: floor of a tangent-line log10 estimate.

    The estimate is computed in double arithmetic, as Java does, then floored; the tangent
    lies above log10, so the result is the true exponent or one more.
    """
    d2: float = _DOUBLE_BITS.unpack(_LONG_BITS.pack(_EXP_ONE | (fract_bits & _SIGNIF_MASK)))[0]
    d = (d2 - 1.5) * 0.289529654 + 0.176091259 + float(bin_exp) * 0.301029995663981
    # Java floors d by picking its bits apart; |d| < 400, so math.floor is exact.
    return math.floor(d)


def _long_digits(lvalue: int, insignificant: int) -> tuple[list[int], int]:
    """``BinaryToASCIIBuffer.developLongDigits`` from decimal exponent 0.

    Rounds away ``insignificant`` low decimal digits (half up), then drops trailing zeros.
    Returns the digits and the position of the decimal point after the first digit.
    """
    dec_exponent = 0
    if insignificant:
        pow10 = 10**insignificant
        lvalue, residue = divmod(lvalue, pow10)
        dec_exponent = insignificant
        if residue >= pow10 >> 1:
            lvalue += 1
    text = str(lvalue)
    stripped = text.rstrip("0")
    return [ord(c) - 48 for c in stripped], dec_exponent + len(text)


def _dtoa(bin_exp: int, fract_bits: int, n_significant_bits: int) -> tuple[list[int], int]:
    """``BinaryToASCIIBuffer.dtoa`` in compatible format: digits and ``decExponent``.

    ``fract_bits`` has its high bit at position 52; ``bin_exp`` is unbiased.
    """
    tail_zeros = (fract_bits & -fract_bits).bit_length() - 1
    n_fract_bits = _EXP_SHIFT + 1 - tail_zeros
    n_tiny_bits = max(0, n_fract_bits - bin_exp - 1)
    # Java also asks nFractBits + N_5_BITS[nTinyBits] < 64, always true when nTinyBits is 0.
    if _MIN_SMALL_BIN_EXP <= bin_exp <= _MAX_SMALL_BIN_EXP and n_tiny_bits == 0:
        # An integer below 2**63: its exact digits, less those a power-of-two estimate of
        # half an ULP calls noise (Java only does this for nTinyBits == 0).
        insignificant = 0
        if bin_exp > n_significant_bits:
            # insignificantDigitsForPow2: the decimal digits of 2**p2 less one (p2 <= 8 here)
            p2 = bin_exp - n_significant_bits - 1
            if p2 > 1:
                insignificant = len(str(1 << p2)) - 1
        if bin_exp >= _EXP_SHIFT:
            lvalue = fract_bits << (bin_exp - _EXP_SHIFT)
        else:
            lvalue = fract_bits >> (_EXP_SHIFT - bin_exp)
        return _long_digits(lvalue, insignificant)

    # Hard case: value = B / S * 10**dec_exp, with M half an ULP on B's scale.
    dec_exp = _estimate_dec_exp(fract_bits, bin_exp)
    b5 = max(0, -dec_exp)
    b2 = b5 + n_tiny_bits + bin_exp
    s5 = max(0, dec_exp)
    s2 = s5 + n_tiny_bits
    m5 = b5
    m2 = b2 - n_significant_bits
    fract_bits >>= tail_zeros
    b2 -= n_fract_bits - 1
    common2 = min(b2, s2)
    b2 -= common2
    s2 -= common2
    m2 -= common2
    if n_fract_bits == 1:
        # Java halves M at powers of two (the gap below is half the gap above) and then
        # uses it on both sides.
        m2 -= 1
    if m2 < 0:
        b2 -= m2
        s2 -= m2
        m2 = 0
    b_bits = n_fract_bits + b2 + (_N_5_BITS[b5] if b5 < len(_N_5_BITS) else b5 * 3)
    ten_s_bits = s2 + 1 + (_N_5_BITS[s5 + 1] if s5 + 1 < len(_N_5_BITS) else (s5 + 1) * 3)
    # The int-only branch (b_bits < 32) is reached by floats only: a double's B holds 53 bits
    # more than M. The int and long loops differ only in where their arithmetic wraps.
    width = 0
    if b_bits < 64 and ten_s_bits < 64:
        width = 32 if b_bits < 32 and ten_s_bits < 32 else 64
    return _digit_loop(fract_bits * 5**b5 << b2, 5**s5 << s2, 5**m5 << m2, dec_exp, width)


def _forces_second_digit(dec_exp: int) -> bool:
    """E-form output always gets a second digit (the "HACK!" in ``dtoa``)."""
    return dec_exp < -3 or dec_exp >= 8


def _digit_loop(b: int, s: int, m: int, dec_exp: int, width: int) -> tuple[list[int], int]:
    """The digit loop of ``dtoa``, the ``int`` (``width`` 32), ``long`` (64) or the
    ``FDBigInteger`` one (0).

    Each step takes a digit of ``b / s`` and stops once the truncation (``low``) or the
    round-up (``high``) is within ``m`` of the value. Returns the digits and ``decExponent``.
    In the int and long loops 0 <= b < tens < 2**(width - 1), so only ``m * 10`` and
    ``b + m`` can leave the range; a sum that does wraps negative, which makes
    ``b + m > tens`` false.
    """
    tens = s * 10
    half = 1 << (width - 1) if width else 0
    digits: list[int] = []
    first = True
    while True:
        q, b = divmod(b, s)
        b *= 10
        m *= 10
        if not width:
            low = b < m
            high = b + m >= tens  # addAndCmp(...) <= 0, unlike the long loop's strict test
        else:
            if not -half <= m < half:
                m = ((m + half) % (half << 1)) - half
            if m > 0 or first:
                low = b < m
                high = tens < b + m < half
            else:
                # Java's guard for an overflowed m, in the loop only (a wrapped positive m
                # gets through)
                low = high = True
        if not first:
            digits.append(q)
        else:
            first = False
            if q or high:
                digits.append(q)  # a zero that rounds up is kept and carries into a one
            else:
                dec_exp -= 1  # the estimate was one too high
            if _forces_second_digit(dec_exp):
                continue
        if low or high:
            break
    dec_exponent = dec_exp + 1
    # Java's int or long b << 1 may wrap, but subtracting tens brings it back into range.
    low_diff = (b << 1) - tens
    if high and (not low or low_diff > 0 or (low_diff == 0 and digits[-1] & 1)):
        dec_exponent += _round_up(digits)
    return digits, dec_exponent


def _round_up(digits: list[int]) -> int:
    """``BinaryToASCIIBuffer.roundup``: add one to the last digit in place.

    Returns 1 when the carry runs out of the first digit (the exponent grows); the digit
    count never changes, so ``99`` becomes ``10``.
    """
    i = len(digits) - 1
    while digits[i] == 9 and i > 0:
        digits[i] = 0
        i -= 1
    if digits[i] == 9:
        digits[0] = 1
        return 1
    digits[i] += 1
    return 0


def java_digits(x: float) -> tuple[str, int]:
    """The digits OpenJDK 17 prints for finite positive ``x`` and its ``decExponent``.

    The value is ``0.DIGITS * 10**decExponent``, as in ``FloatingDecimal``.
    """
    (bits,) = _LONG_BITS.unpack(_DOUBLE_BITS.pack(x))
    return _unpacked_digits(bits, _EXP_SHIFT, 64, 1023)


def _unpacked_digits(bits: int, exp_shift: int, width: int, bias: int) -> tuple[str, int]:
    """``getBinaryToASCIIConverter`` for a double or float's positive bits, then ``dtoa``.

    A float's significand is moved to the double's position (its high bit at 52), so the
    same ``dtoa`` runs for both.
    """
    fract_bits = bits & ((1 << exp_shift) - 1)
    bin_exp = bits >> exp_shift
    if bin_exp == 0:
        # Subnormal: normalise the fraction.
        leading_zeros = width - fract_bits.bit_length()
        shift = leading_zeros - (width - 1 - exp_shift)
        fract_bits <<= shift
        bin_exp = 1 - shift
        n_significant_bits = width - leading_zeros
    else:
        fract_bits |= 1 << exp_shift
        n_significant_bits = exp_shift + 1
    fract_bits <<= _EXP_SHIFT - exp_shift
    digits, dec_exponent = _dtoa(bin_exp - bias, fract_bits, n_significant_bits)
    return "".join([chr(48 + d) for d in digits]), dec_exponent


def java_double_to_string(x: float) -> str:
    """OpenJDK 17 ``Double.toString(x)`` (``FloatingDecimal.toJavaFormatString``)."""
    return _to_string(x, java_digits)


def _to_string(x: float, digits_of: Callable[[float], tuple[str, int]]) -> str:
    if x != x:
        return "NaN"
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    magnitude = abs(x)
    if magnitude == math.inf:
        return sign + "Infinity"
    if magnitude == 0:
        return sign + "0.0"
    digits, dec_exponent = digits_of(magnitude)
    return sign + format_java(digits, dec_exponent)


def format_java(digits: str, dec_exponent: int) -> str:
    """``BinaryToASCIIBuffer.getChars`` for unsigned ``0.DIGITS * 10**dec_exponent``."""
    if 0 < dec_exponent < 8:
        whole = digits[:dec_exponent]
        if len(whole) < dec_exponent:
            return whole + "0" * (dec_exponent - len(whole)) + ".0"
        return whole + "." + (digits[dec_exponent:] or "0")
    if -3 < dec_exponent <= 0:
        return "0." + "0" * -dec_exponent + digits
    return f"{digits[0]}.{digits[1:] or '0'}E{dec_exponent - 1}"


_FLOAT_BITS = struct.Struct("<f")
_INT_BITS = struct.Struct("<I")


def java_float_digits(x: float) -> tuple[str, int]:
    """:func:`java_digits` for the float value ``x`` (held in a Python float).

    Its 24-bit significand goes through the same ``dtoa``, which may then take its ``int``
    loop.
    """
    (bits,) = _INT_BITS.unpack(_FLOAT_BITS.pack(x))
    return _unpacked_digits(bits, 23, 32, 127)


def java_float_to_string(x: float) -> str:
    """OpenJDK 17 ``Float.toString`` of the float value ``x``."""
    return _to_string(x, java_float_digits)
