"""Java semantics for the values compiled templates compute with.

Python values stand for Java objects directly (see :mod:`apigw_core.vtl.values`), so a
variables dict is never converted. This module holds what the generated code calls:
``toString``, arithmetic with Java's widening, comparisons, property and method resolution,
and the ``#foreach`` scope. Rules cite ``shared/spec/vtl-dialect.md`` sections.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from apigw_core.vtl import jfloat
from apigw_core.vtl.errors import VtlLimitError, VtlRenderError
from apigw_core.vtl.jdouble import java_float_to_string
from apigw_core.vtl.jformat import WIDE_DECIMAL, double_to_string, java_hash
from apigw_core.vtl.values import VOID, JavaException, NoSuchMethod

INT_MIN: Final = -(2**31)
INT_MAX: Final = 2**31 - 1
LONG_MIN: Final = -(2**63)
LONG_MAX: Final = 2**63 - 1

# ---- Java integer kinds (spec §0.1, §3.3) ----


class JLong(int):
    """An ``int`` that is a Java ``Long`` although its value would fit an ``Integer``."""

    __slots__ = ()


class JBigInteger(int):
    """An ``int`` that is a ``BigInteger`` although its value would fit a ``Long``."""

    __slots__ = ()


def _float_operand(other: object) -> object:
    """The other side of a comparison with a Float, as Velocity's MathUtils.compare sees it:
    an Integer or Long becomes a float (``floatValue()``), anything else compares exactly
    (a Double as doubles, a BigInteger or BigDecimal as BigDecimals)."""
    if type(other) is JLong or (type(other) is int and -BIG_DIGITS < other < BIG_DIGITS):
        return jfloat.round_int(other)
    return other


class JFloat(float):
    """A ``java.lang.Float``: a float value held in a Python float.

    Only methods make one (``floatValue()``, ``Float.valueOf`` …); literals stay Integer,
    Long or Double. ``<`` and friends follow MathUtils.compare; ``==`` is the runtime's.
    """

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return float(self) < _float_operand(other)  # type: ignore[operator]

    def __le__(self, other: object) -> bool:
        return float(self) <= _float_operand(other)  # type: ignore[operator]

    def __gt__(self, other: object) -> bool:
        return float(self) > _float_operand(other)  # type: ignore[operator]

    def __ge__(self, other: object) -> bool:
        return float(self) >= _float_operand(other)  # type: ignore[operator]

    def __vtl_hash__(self) -> int:
        return jfloat.float_to_int_bits(self)


def make_float(value: float) -> JFloat:
    """A Float of the double ``value`` rounded to float."""
    return JFloat(jfloat.round_double(value))


INTEGER, LONG, BIGINTEGER = 0, 1, 2
# A plain int of 19 digits or more is a BigInteger: that is how Jackson reads a JSON integer,
# and so how real Velocity sees such data (oracle: 10**18 is java.math.BigInteger, 10**18 - 1
# java.lang.Long). A Long computed that large is tagged JLong.
BIG_DIGITS: Final = 10**18


def to_double(x: Any) -> float:
    """``Number.doubleValue()``: a number too large for a double is an infinity, as Java's
    ``BigInteger.doubleValue`` gives (Python's ``float`` raises)."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def int_kind(x: int) -> int:
    """0 for Integer, 1 for Long, 2 for BigInteger."""
    t = type(x)
    if t is JLong:
        return LONG
    if t is JBigInteger:
        return BIGINTEGER
    if INT_MIN <= x <= INT_MAX:
        return INTEGER
    if -BIG_DIGITS < x < BIG_DIGITS:
        return LONG
    return BIGINTEGER


def make_int(value: int, kind: int) -> int:
    """An int of at least ``kind``, widened further if ``value`` overflows it."""
    if kind == BIGINTEGER or not LONG_MIN <= value <= LONG_MAX:
        return value if value <= -BIG_DIGITS or value >= BIG_DIGITS else JBigInteger(value)
    if INT_MIN <= value <= INT_MAX:
        return value if kind == INTEGER else JLong(value)
    return value if -BIG_DIGITS < value < BIG_DIGITS else JLong(value)


def is_number(x: object) -> bool:
    t = type(x)
    return (t is int or t is float or t is JLong or t is JBigInteger or t is Decimal) or (
        isinstance(x, int | float) and t is not bool
    )


# BigInteger's range ends at 2^Integer.MAX_VALUE bits in Java. Here a product (`*`,
# multiply, pow) ends at 1 Mbit: multiplying is super-linear (Karatsuba in Python), so squaring
# in a loop must stop while one step still takes milliseconds. Shifts, linear, end at 80 Mbit.
MAX_BIGINTEGER_BITS: Final = 1_000_000
MAX_SHIFT_BITS: Final = 80 * 1024 * 1024  # a shift's result


def bigint_overflow() -> JavaException:
    return JavaException("ArithmeticException", "BigInteger would overflow supported range")


# ---- BigDecimal (MathUtils' last calculation base) ----


def to_decimal(x: Any) -> Decimal:
    """MathUtils.toBigDecimal: exact for BigInteger, through ``doubleValue()`` otherwise."""
    if type(x) is Decimal:
        return x
    if isinstance(x, int) and int_kind(x) == BIGINTEGER:
        if x.bit_length() > MAX_NUMBER_BITS:
            raise huge_number()
        return Decimal(int(x))
    value = float(x)
    if value != value or value in (math.inf, -math.inf):
        raise _thrown(JavaException("NumberFormatException", "Infinite or NaN"))
    return Decimal(value)


def _decimal_result(value: Decimal) -> Decimal:
    return value.copy_abs() if value.is_zero() else value  # BigDecimal has no -0


def _decimal_divide(a: Decimal, b: Decimal) -> Decimal:
    """``a.divide(b, ROUND_HALF_DOWN)``: the dividend's scale, halves toward zero."""
    exponent = int(a.as_tuple().exponent)
    scaled = Fraction(a) / Fraction(b) / Fraction(10) ** exponent
    whole, rest = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * rest > scaled.denominator:
        whole += 1
    unscaled = -whole if scaled < 0 else whole
    return _decimal_result(Decimal(f"{unscaled}E{exponent}"))


def _decimal_arith(op: str, a: Decimal, b: Decimal) -> Any:
    if op == "+":
        return _decimal_result(WIDE_DECIMAL.add(a, b))
    if op == "-":
        return _decimal_result(WIDE_DECIMAL.subtract(a, b))
    if op == "*":
        return _decimal_result(WIDE_DECIMAL.multiply(a, b))
    if b.is_zero():
        return None  # division or modulo by zero gives null (spec §3.3)
    if op == "/":
        return _decimal_divide(a, b)
    raise _thrown(
        JavaException("ArithmeticException", "Cannot calculate the modulo of BigDecimals.")
    )


# ---- toString (spec §5) ----


class JavaArray(list[Any]):
    """A Java ``String[]`` (from ``split``): fixed size, prints its identity (spec §5.1)."""

    __slots__ = ()

    def __vtl_str__(self) -> str:
        return f"[Ljava.lang.String;@{id(self) & 0xFFFFFFF:x}"


class JavaChar(str):
    """A ``Character`` (from ``charAt``): prints as itself, but ``+`` does not concatenate
    it and it never equals a String (oracle-checked)."""

    __slots__ = ()


class MapEntry:
    """A ``Map.Entry`` from ``entrySet()``: prints ``k=v``."""

    __slots__ = ("key", "map", "value")

    def __init__(self, key: Any, value: Any, owner: dict[Any, Any]) -> None:
        self.key = key
        self.value = value
        self.map = owner

    def __vtl_str__(self) -> str:
        return f"{to_java_string(unwrap_key(self.key))}={to_java_string(self.value)}"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MapEntry)
            and java_equals(self.key, other.key)
            and java_equals(self.value, other.value)
        )

    __hash__ = None  # type: ignore[assignment]

    def __vtl_hash__(self) -> int:
        """Map.Entry.hashCode(): the key's hash XOR the value's."""
        key, value = unwrap_key(self.key), self.value
        return (0 if key is None else java_hash(key)) ^ (0 if value is None else java_hash(value))


class JavaKey:
    """A map key whose Java equality differs from Python's (``true``, ``1.0``; spec §3.1)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __vtl_hash__(self) -> int:
        return java_hash(self.value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not JavaKey:
            return False
        if isinstance(self.value, JavaArray):  # an array equals only itself
            return self.value is other.value
        if _by_content(self.value):  # Floats by bits, the rest by Java's equals
            return java_equals(self.value, other.value)
        return type(other.value) is type(self.value) and bool(other.value == self.value)

    def __hash__(self) -> int:
        if isinstance(self.value, JavaArray):
            return id(self.value)
        if type(self.value) is MapView:
            return 0  # a keySet or entrySet equals another by content: one bucket for all
        if _by_content(self.value):
            return java_hash(self.value)
        return hash((type(self.value).__name__, self.value))


def _by_content(value: Any) -> bool:
    """Collections, Floats, entries and views: keys equal by Java's ``equals``."""
    return isinstance(value, list | dict | JFloat) or type(value).__hash__ is None


def map_key(key: Any) -> Any:
    """The dict key standing for the Java key ``key``."""
    t = type(key)
    if t is str or t is int:
        return key
    if (
        t is bool
        or t is float
        or t is JLong
        or t is JBigInteger
        or t is JFloat
        or isinstance(key, list | dict)
        or t.__hash__ is None  # map entries and keySet/values/entrySet views
    ):
        return JavaKey(key)
    return key


def unwrap_key(key: Any) -> Any:
    return key.value if type(key) is JavaKey else key


def to_java_string(x: Any) -> str:
    """Java ``String.valueOf(x)``: what Velocity prints for a value (spec §5.1)."""
    convert = _TO_STRING.get(type(x))
    if convert is not None:
        return convert(x)
    if x is None:
        return "null"
    return _to_string_slow(x)


def _to_string_slow(x: Any) -> str:
    custom = getattr(type(x), "__vtl_str__", None)
    if custom is not None:
        return custom(x)  # type: ignore[no-any-return]
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return int.__repr__(x)
    if isinstance(x, float):
        return _double_to_string(x)
    if isinstance(x, str):
        return str.__str__(x)
    if isinstance(x, dict):
        return _map_str(x)
    if isinstance(x, list | tuple):
        return _list_str(x)
    return f"java.lang.Object@{id(x) & 0xFFFFFFF:x}"


def _double_to_string(x: float) -> str:
    return double_to_string(x)


def _map_str(m: Mapping[Any, Any]) -> str:
    return _map_text(m, MAX_STRING)


def _list_str(items: list[Any] | tuple[Any, ...]) -> str:
    return _list_text(items, MAX_STRING)


# Printing a list or map keeps a running budget of the characters still allowed and stops as
# soon as the text would pass it: a list that holds the same list twice, nested 60 deep, has
# 2^60 elements to print, and must fail after 10 MiB of text, not after 2^60 steps. Every
# element printed costs at least one character (its separator or brackets), so the work is
# bounded by the budget too.


def _map_text(m: Mapping[Any, Any], left: int) -> str:
    parts = []
    for k, v in m.items():
        key = k.value if type(k) is JavaKey else k
        if type(key) is not str:
            key = "(this Map)" if k is m else _element_text(key, left - 3)
        left -= len(key) + 3  # the separator ", " or the braces, and "="
        value = v if type(v) is str else "(this Map)" if v is m else _element_text(v, left)
        left -= len(value)
        if left < 0:
            check_string_length(MAX_STRING + 1)
        parts.append(f"{key}={value}")
    return "{" + ", ".join(parts) + "}"


def _list_text(items: list[Any] | tuple[Any, ...], left: int) -> str:
    parts = []
    for e in items:
        if type(e) is not str:
            e = "(this Collection)" if e is items else _element_text(e, left - 2)
        left -= len(e) + 2  # the separator ", " or the brackets
        if left < 0:
            check_string_length(MAX_STRING + 1)
        parts.append(e)
    return "[" + ", ".join(parts) + "]"


def _element_text(x: Any, left: int) -> str:
    """``x`` printed inside a list or map, within ``left`` characters."""
    t = type(x)
    if t is list:
        return _list_text(x, left)
    if t is dict:
        return _map_text(x, left)
    return to_java_string(x)


_TO_STRING: dict[type, Callable[[Any], str]] = {
    str: str.__str__,
    bool: lambda b: "true" if b else "false",
    int: int.__repr__,
    float: double_to_string,
    JFloat: java_float_to_string,
    Decimal: Decimal.__str__,  # BigDecimal.toString is the same scientific notation
    dict: _map_str,
    list: _list_str,
}


# ---- equality and comparison (spec §3.4) ----


def _java_class(x: Any) -> Any:
    t = type(x)
    if t is int or t is JLong or t is JBigInteger:
        return (int, int_kind(x))
    return t


def java_equals(a: Any, b: Any) -> bool:
    """Java ``a.equals(b)`` for the values a template can hold."""
    if a is b:
        return True
    if a is None or b is None or isinstance(a, JavaArray) or isinstance(b, JavaArray):
        return False  # an array equals only itself
    ta, tb = type(a), type(b)
    if ta is str or tb is str:
        return ta is tb and a == b
    if ta is bool or tb is bool:
        return ta is tb and a == b
    if isinstance(a, int) and isinstance(b, int):
        return int_kind(a) == int_kind(b) and int(a) == int(b)
    if isinstance(a, int | float) and isinstance(b, int | float) and ta is not tb:
        return False  # Integer.equals(Double) is false
    if ta is Decimal or tb is Decimal:
        # BigDecimal.equals: the same value and the same scale
        return ta is tb and a == b and a.as_tuple().exponent == b.as_tuple().exponent
    if ta is JFloat and tb is JFloat:
        # Float.equals compares floatToIntBits
        return jfloat.float_to_int_bits(a) == jfloat.float_to_int_bits(b)
    if ta is float and tb is float:
        # Double.equals compares bits: NaN equals NaN, 0.0 differs from -0.0
        return (a == b and math.copysign(1, a) == math.copysign(1, b)) or (a != a and b != b)
    if (isinstance(a, list) and isinstance(b, list)) or (
        isinstance(a, dict) and isinstance(b, dict)
    ):
        return _containers_equal(a, b, None)
    return bool(a == b)


def _containers_equal(a: Any, b: Any, memo: set[tuple[int, int]] | None) -> bool:
    """``List.equals`` or ``Map.equals`` of two lists or two maps.

    A pair of lists or maps found equal is not compared again (``memo``, by identity, for this
    call only): two lists each holding the same list twice, nested 60 deep, have 2^60 element
    pairs but only 60 distinct pairs of lists. A difference anywhere ends the whole call, so
    only equal pairs are remembered, and the answer is Java's."""
    if len(a) != len(b):
        return False
    if isinstance(a, list):
        pairs: Any = zip(a, b, strict=True)
    else:
        pairs = []
        for k, x in a.items():
            if k not in b:
                return False
            pairs.append((x, b[k]))
    for x, y in pairs:
        if x is y:
            continue
        if (isinstance(x, list) and isinstance(y, list)) or (
            isinstance(x, dict) and isinstance(y, dict)
        ):
            if memo is None:
                memo = set()
            pair = (id(x), id(y))
            if pair not in memo:
                if not _containers_equal(x, y, memo):
                    return False
                memo.add(pair)
        elif not java_equals(x, y):
            return False
    return True


def velocity_equals(a: Any, b: Any) -> bool:
    """The ``==`` operator: null rules, numbers by value, same class by ``equals``, else
    ``toString`` (spec §3.4)."""
    if a is None or b is None:
        return a is None and b is None
    ta, tb = type(a), type(b)
    if ta is str and tb is str:
        return a == b  # type: ignore[no-any-return]
    a_num, b_num = is_number(a), is_number(b)
    if a_num and b_num:
        return numbers_equal(a, b)
    if ta is tb or (not a_num and not b_num and _same_family(a, b)):
        return java_equals(a, b)
    return to_java_string(a) == to_java_string(b)


def _same_family(a: Any, b: Any) -> bool:
    # `isAssignableFrom` either way: JSON lists are Lists, JSON maps are Maps.
    return (isinstance(a, list) and isinstance(b, list)) or (
        isinstance(a, dict) and isinstance(b, dict)
    )


def numbers_equal(a: Any, b: Any) -> bool:
    if _decimal_base(a, b):
        return to_decimal(a) == to_decimal(b)
    # Velocity compares a Double with anything as doubles, and NaN equals any number (above)
    if type(a) is float or type(b) is float:
        x, y = to_double(a), to_double(b)
        return x == y or x != x or y != y
    if type(a) is JFloat or type(b) is JFloat:  # compared as floats (MathUtils.compare)
        x, y = jfloat.to_float(a), jfloat.to_float(b)
        return x == y or x != x or y != y
    return bool(a == b)


# Velocity's MathUtils.compare finds a NaN neither less nor greater, so equal to any number:
# `<` and `>` are false, `<=`, `>=` and `==` true (oracle: `$nan <= 1` and `$nan == 1`).


def less(a: Any, b: Any) -> bool:
    return is_number(a) and is_number(b) and bool(a < b)


def less_equal(a: Any, b: Any) -> bool:
    return is_number(a) and is_number(b) and (bool(a <= b) or a != a or b != b)


def greater(a: Any, b: Any) -> bool:
    return is_number(a) and is_number(b) and bool(a > b)


def greater_equal(a: Any, b: Any) -> bool:
    return is_number(a) and is_number(b) and (bool(a >= b) or a != a or b != b)


# ---- arithmetic (spec §3.3) ----


def _int_result(value: int, a: int, b: int) -> int:
    kind = max(int_kind(a), int_kind(b))
    return make_int(value, kind)


def add(a: Any, b: Any, left_source: str = "", right_source: str = "") -> Any:
    """``a + b``; the sources are what a null reference contributes to a concatenation."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        r = a + b
        if INT_MIN <= r <= INT_MAX and INT_MIN <= a <= INT_MAX and INT_MIN <= b <= INT_MAX:
            return r  # Integer + Integer, the common case
        return _int_result(r, a, b)
    if ta is str or tb is str:
        left = left_source if a is None else to_java_string(a)
        right = right_source if b is None else to_java_string(b)
        return check_string(left + right)
    return _arith("+", a, b)


def subtract(a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        r = a - b
        if INT_MIN <= r <= INT_MAX and INT_MIN <= a <= INT_MAX and INT_MIN <= b <= INT_MAX:
            return r
        return _int_result(r, a, b)
    return _arith("-", a, b)


def multiply(a: Any, b: Any) -> Any:
    return _arith("*", a, b)


def divide(a: Any, b: Any) -> Any:
    return _arith("/", a, b)


def modulo(a: Any, b: Any) -> Any:
    return _arith("%", a, b)


def _decimal_base(a: Any, b: Any) -> bool:
    """MathUtils.findCalculationBase is BigDecimal: a BigDecimal, or a BigInteger with a
    non-integer (``$big + 1.0`` is exact in Velocity)."""
    ta, tb = type(a), type(b)
    if ta is Decimal or tb is Decimal:
        return True
    a_int, b_int = isinstance(a, int), isinstance(b, int)
    if a_int and b_int:
        return False
    return (a_int and int_kind(a) == BIGINTEGER) or (b_int and int_kind(b) == BIGINTEGER)


def _arith(op: str, a: Any, b: Any) -> Any:
    if not (is_number(a) and is_number(b)):
        return None
    if _decimal_base(a, b):
        return _decimal_arith(op, to_decimal(a), to_decimal(b))
    if type(a) is float or type(b) is float:
        x, y = to_double(a), to_double(b)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            try:
                return x * y
            except OverflowError:  # pragma: no cover - float multiply does not raise
                return math.inf
        if y == 0:
            return None  # division or modulo by zero gives null (spec §3.3)
        if op == "/":
            return x / y
        if x in (math.inf, -math.inf):
            return math.nan  # Java's % of an infinity (math.fmod raises)
        return math.fmod(x, y)
    if type(a) is JFloat or type(b) is JFloat:
        return _float_arith(op, jfloat.to_float(a), jfloat.to_float(b))
    x, y = int(a), int(b)
    big = int_kind(a) == BIGINTEGER or int_kind(b) == BIGINTEGER
    if op == "+":
        r = x + y
    elif op == "-":
        r = x - y
    elif op == "*":
        if big and x.bit_length() + y.bit_length() > MAX_BIGINTEGER_BITS:
            raise _thrown(bigint_overflow())
        r = x * y
        if not big and not LONG_MIN <= r <= LONG_MAX:
            # MathUtils detects overflow by `result / y != x` on the wrapped product, which
            # misses Long.MIN_VALUE * -1 (oracle: it stays -9223372036854775808)
            wrapped = (r + (1 << 63)) % (1 << 64) - (1 << 63)
            if wrapped == LONG_MIN and y == -1:
                return _int_result(wrapped, a, b)
    else:
        if y == 0:
            return None
        q = abs(x) // abs(y)
        if (x < 0) != (y < 0):
            q = -q
        if op == "/":
            r = LONG_MIN if q == -LONG_MIN and not big else q  # Long.MIN_VALUE / -1 wraps
        elif big:
            if y < 0:  # BigInteger.mod, not remainder
                raise _thrown(
                    JavaException("ArithmeticException", "BigInteger: modulus not positive")
                )
            r = x % y
        else:
            r = x - q * y
    return make_int(r, BIGINTEGER) if big else _int_result(r, a, b)


def _float_arith(op: str, x: float, y: float) -> JFloat | None:
    """MathUtils' float base: an Integer, Long or Float with a Float (no Double) gives a
    Float. A double computes each operation of two floats exactly before one rounding."""
    if op == "+":
        return make_float(x + y)
    if op == "-":
        return make_float(x - y)
    if op == "*":
        return make_float(x * y)
    if y == 0:
        return None  # division or modulo by zero gives null (spec §3.3)
    if op == "/":
        return make_float(x / y)
    if x != x or y != y or x in (math.inf, -math.inf):
        return JFloat(math.nan)
    return JFloat(math.fmod(x, y))


# ---- strings ----

MAX_STRING: Final = 10 * 1024 * 1024


def check_string_length(length: int) -> None:
    """Refuse a string of ``length`` before it is built."""
    if length > MAX_STRING:
        raise VtlLimitError(
            f"a string would grow beyond {MAX_STRING} characters (limit max_string_length)"
        )


# Python converts an int of more than 4300 decimal digits to or from text only after a
# process-wide opt-in (sys.set_int_max_str_digits), and then in quadratic time; Java would
# print it. The same bound applies to the radix loop of toString(radix) and to decimal
# arithmetic, whose conversion is quadratic too.
MAX_NUMBER_DIGITS: Final = 4300
MAX_NUMBER_BITS: Final = 14_284  # 4300 decimal digits


def huge_number() -> VtlLimitError:
    return VtlLimitError(
        f"a number of more than {MAX_NUMBER_DIGITS} digits cannot be turned into text or a "
        "BigDecimal (limit max_number_digits)"
    )


def check_string(s: str) -> str:
    if len(s) > MAX_STRING:
        raise VtlLimitError(
            f"a string grew beyond {MAX_STRING} characters (limit max_string_length)"
        )
    return s


# ---- properties, methods and indexes (spec §4) ----

_methods_cache: dict[type, Mapping[str, Callable[..., Any]]] = {}


def method_table(t: type) -> Mapping[str, Callable[..., Any]]:
    table = _methods_cache.get(t)
    if table is None:
        from apigw_core.vtl.methods import table_for

        table = table_for(t)
        _methods_cache[t] = table
    return table


# dict and its subclasses without getters of their own (parsed JSON objects, override maps):
# `$m.name` is a key lookup. Generated code tests membership inline, so a JSON object takes
# the same fast path as a map built by the template.
PLAIN_MAPS: set[type] = {dict}

# type -> property name -> (getter, argument): getter None means "no such property", and the
# argument, when not _NO_ARGUMENT, is passed to the getter (Map.get(name), get(String)).
_accessors: dict[type, dict[str, tuple[Callable[..., Any] | None, Any]]] = {}
_NO_ARGUMENT: Final[Any] = object()


def get_property(x: Any, name: str) -> Any:
    """``$x.name`` (spec §4.1): ``getName()``, a map key, ``get(String)``, ``isName()``."""
    t = type(x)
    if t in PLAIN_MAPS:
        return x.get(name)
    if x is None:
        return None
    by_name = _accessors.get(t)
    if by_name is None:
        by_name = _accessors[t] = {}
    accessor = by_name.get(name)
    if accessor is None:
        accessor = by_name[name] = _resolve_accessor(t, name)
    getter, argument = accessor
    if getter is None:
        return None
    try:
        result = getter(x) if argument is _NO_ARGUMENT else getter(x, argument)
    except (NoSuchMethod, TypeError, JavaException) as error:
        return _failed(error)
    return "" if result is VOID else result


# Property chains for code that runs once per render: one call instead of an inline test per
# step keeps the generated Python small, which is most of the compile time (docs/performance.md).
# The `text_` forms give the apigateway dialect's "" for null (spec §0.2).


def props(x: Any, a: str, b: str | None = None, c: str | None = None) -> Any:
    """``$x.a``, ``$x.a.b`` or ``$x.a.b.c``; ``None`` when the chain breaks."""
    x = x.get(a) if type(x) is dict else get_property(x, a)
    if b is None:
        return x
    x = x.get(b) if type(x) is dict else get_property(x, b)
    if c is None:
        return x
    return x.get(c) if type(x) is dict else get_property(x, c)


def props_or_empty(x: Any, a: str, b: str | None = None, c: str | None = None) -> Any:
    """:func:`props`, with ``""`` for null; written out, not a call of it, because a
    straight-line template makes one of these per reference (the 10 KB benchmark)."""
    x = x.get(a) if type(x) is dict else get_property(x, a)
    if b is not None:
        x = x.get(b) if type(x) is dict else get_property(x, b)
        if c is not None:
            x = x.get(c) if type(x) is dict else get_property(x, c)
    return "" if x is None else x


def _resolve_accessor(t: type, name: str) -> tuple[Callable[..., Any] | None, Any]:
    table = method_table(t)
    capital = name[0].upper() + name[1:]
    getter = table.get("get" + capital) or table.get("get" + name)
    if getter is not None:
        return getter, _NO_ARGUMENT
    if issubclass(t, dict):
        return _map_get, name
    getter = table.get("get")
    if getter is not None and not issubclass(t, list):
        return getter, name
    getter = table.get("is" + capital)
    if getter is not None:
        return getter, _NO_ARGUMENT
    return None, _NO_ARGUMENT


def _map_get(m: Mapping[str, Any], name: str) -> Any:
    return m.get(name)


def _method(x: Any, name: str) -> Callable[..., Any] | None:
    table = _methods_cache.get(type(x))
    if table is None:
        table = method_table(type(x))
    return table.get(name)


def call_method(x: Any, name: str, args: tuple[Any, ...]) -> Any:
    """``$x.name(args)``: ``None`` when no method fits or it returns null (spec §4.2)."""
    if x is None:
        return None
    fn = _method(x, name)
    if fn is None:
        return None
    try:
        result = fn(x, *args)
    except (NoSuchMethod, TypeError, JavaException) as error:
        return _failed(error)
    return "" if result is VOID else result


# call_method for one and for no argument: the commonest calls skip the tuple and *args.


def call_method0(x: Any, name: str) -> Any:
    if x is None:
        return None
    table = _methods_cache.get(type(x))
    fn = (table if table is not None else method_table(type(x))).get(name)
    if fn is None:
        return None
    try:
        result = fn(x)
    except (NoSuchMethod, TypeError, JavaException) as error:
        return _failed(error)
    return "" if result is VOID else result


def call_method1(x: Any, name: str, argument: Any) -> Any:
    if x is None:
        return None
    table = _methods_cache.get(type(x))
    fn = (table if table is not None else method_table(type(x))).get(name)
    if fn is None:
        return None
    try:
        result = fn(x, argument)
    except (NoSuchMethod, TypeError, JavaException) as error:
        return _failed(error)
    return "" if result is VOID else result


def _failed(error: Exception) -> None:
    """A method call that raised: no fitting overload is an invalid reference (``None``), a
    Java exception is a render error, anything else is a defect and propagates."""
    if isinstance(error, NoSuchMethod):
        return None
    if isinstance(error, JavaException):
        raise _thrown(error) from None
    if isinstance(error, TypeError) and _is_arity_error(error):
        return None  # no overload with this many parameters
    raise error


def _thrown(error: JavaException) -> VtlRenderError:
    return VtlRenderError(
        f"{error.java_class}: {error.message}" if error.message else error.java_class,
        java_exception=error.java_class,
    )


def _invoke(fn: Callable[..., Any], x: Any, args: tuple[Any, ...]) -> Any:
    try:
        result = fn(x, *args)
    except (NoSuchMethod, TypeError, JavaException) as error:
        return _failed(error)
    return "" if result is VOID else result


def _is_arity_error(error: TypeError) -> bool:
    """Did the call fail for the number of arguments? Arguments given to a method that takes
    none are Velocity's "wrong number of arguments" render error (oracle: `$s.length(1)`);
    otherwise no overload fits and the reference is invalid."""
    text = str(error)
    if "takes 1 positional argument but" in text:
        raise VtlRenderError(
            "IllegalArgumentException: wrong number of arguments",
            java_exception="IllegalArgumentException",
        ) from None
    return "positional argument" in text or "required" in text


def get_index(x: Any, index: Any) -> Any:
    """``$x[index]`` (spec §1.1): ``get`` on lists and maps; negative counts from the end."""
    if isinstance(x, list):
        if type(index) is not int or not INT_MIN <= index <= INT_MAX:
            return None  # only get(int): a Long or anything else finds no method
        size = len(x)
        i = index + size if index < 0 else index
        if not 0 <= i < size:
            kind = (
                "ArrayIndexOutOfBoundsException"
                if type(x) is JavaArray
                else "IndexOutOfBoundsException"
            )
            raise VtlRenderError(
                f"{kind}: Index {index} out of bounds for length {size}", java_exception=kind
            )
        return x[i]
    if type(index) is int and INT_MIN <= index < 0 and x is not None:
        # Velocity counts a negative index from the end through size() (oracle)
        if isinstance(x, dict):
            index += len(x)
        else:
            size_of = _method(x, "size")
            if size_of is None:
                raise VtlRenderError(
                    f"VelocityException: A 'size()' method required for negative value "
                    f"{index} does not exist",
                    java_exception="VelocityException",
                )
            index += size_of(x)
    if isinstance(x, dict):
        return x.get(map_key(index))
    return call_method(x, "get", (index,))


def set_property(target: Any, name: str, value: Any) -> None:
    """``#set($x.name = value)``: ``put`` on a map, else a ``setName`` method (spec §2.1)."""
    if isinstance(target, dict):
        target[name] = value
        return
    table = method_table(type(target))
    setter = table.get("set" + name[0].upper() + name[1:])
    if setter is not None:
        _invoke(setter, target, (value,))
    elif (put := table.get("put")) is not None:  # Velocity's PutExecutor: put(name, value)
        _invoke(put, target, (name, value))


def set_index(target: Any, index: Any, value: Any) -> None:
    if isinstance(target, list):
        if isinstance(index, int) and type(index) is not bool:
            size = len(target)
            i = index + size if index < 0 else index
            if not 0 <= i < size:
                raise VtlRenderError(
                    f"IndexOutOfBoundsException: Index {index} out of bounds for length {size}",
                    java_exception="IndexOutOfBoundsException",
                )
            target[i] = value
        return
    if isinstance(target, dict):
        target[map_key(index)] = value


# ---- literals ----


def make_range(start: Any, end: Any) -> list[int] | None:
    """``[m..n]`` (spec §3.1): Doubles truncate, any other non-integer makes it null."""
    bounds = []
    for bound in (start, end):
        if type(bound) is float or (isinstance(bound, float) and type(bound) is not bool):
            if bound != bound or bound in (math.inf, -math.inf):
                return None
            bounds.append(max(INT_MIN, min(INT_MAX, int(bound))))  # (int) saturates
        elif isinstance(bound, int | Decimal) and type(bound) is not bool:
            bounds.append(int_value(bound))  # intValue() keeps the low 32 bits (oracle)
        else:
            return None
    lo, hi = bounds
    if hi - lo > RANGE_LIMIT or lo - hi > RANGE_LIMIT:
        raise VtlLimitError(f"a range [{lo}..{hi}] has more than {RANGE_LIMIT} elements")
    return list(range(lo, hi + 1)) if lo <= hi else list(range(lo, hi - 1, -1))


RANGE_LIMIT: Final = 1_000_000
# The most elements a list or map may reach by a method that adds many at once (addAll,
# putAll, split): `$l.addAll($l)` doubles a list, so 60 of them would need 2^60 elements.
# `add` and `put` are not checked: they add one element per call, so what they build grows
# only as fast as the render runs, and the hot path stays a plain append.
MAX_COLLECTION: Final = RANGE_LIMIT


def check_collection_size(size: int) -> None:
    """Refuse to grow a list or map to ``size`` elements, before it is built."""
    if size > MAX_COLLECTION:
        raise VtlLimitError(
            f"a list or map would grow beyond {MAX_COLLECTION} elements (limit max_collection_size)"
        )


def int_value(value: Any) -> int:
    """Java's ``intValue()`` of an integral number: the low 32 bits, signed."""
    low = int(value) & 0xFFFFFFFF
    return low - (1 << 32) if low > INT_MAX else low


def make_map(entries: tuple[tuple[Any, Any], ...]) -> dict[Any, Any]:
    result: dict[Any, Any] = {}
    for key, value in entries:
        result[map_key(key)] = value
    return result


# ---- control flow ----


class BreakSignal(Exception):
    """``#break``: ends the innermost scope, or the scope it names (spec §2.4)."""

    def __init__(self, scope: Any = None) -> None:
        self.scope = scope


def scope_of(value: Any) -> Any:
    """The scope ``#break($scope)`` names: anything else is a render error (oracle)."""
    if isinstance(value, ForeachScope):
        return value
    raise VtlRenderError(
        f"VelocityException: {to_java_string(value)!r} is not a valid Scope instance",
        java_exception="VelocityException",
    )


class StopSignal(Exception):
    """``#stop``: ends all rendering (or the current ``#evaluate``).

    ``partial`` carries what a ``#define`` body had rendered before it stopped.
    """

    def __init__(self) -> None:
        super().__init__()
        self.partial = ""


class ForeachScope:
    """``$foreach``: the state of one run of a ``#foreach`` loop (spec §2.3)."""

    __slots__ = ("index", "items", "parent", "size", "storage")

    def __init__(self, items: list[Any], parent: Any) -> None:
        self.items = items
        self.index = -1
        self.size = len(items)
        self.parent = parent if isinstance(parent, ForeachScope) else None
        self.storage: dict[Any, Any] | None = None

    def map(self) -> dict[Any, Any]:
        """Velocity's Scope is also a Map, empty until a template puts into it (oracle:
        `$foreach.size()` is 0, `#set($foreach.a = 1)` makes it `{a=1}`)."""
        if self.storage is None:
            self.storage = {}
        return self.storage

    def has_next(self) -> bool:
        return self.index + 1 < len(self.items)

    def __vtl_str__(self) -> str:
        return to_java_string(self.storage) if self.storage else "{}"

    def topmost(self) -> ForeachScope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


class MapView:
    """``keySet()``, ``values()`` or ``entrySet()`` of a map: a live view, as in Java.

    It has no ``get(int)`` or index (it is a Set or Collection), ``remove`` and ``clear``
    write through to the map, ``add`` throws, and it sees later changes to the map. ``#foreach``
    walks a snapshot and checks the map's size at each step (see :func:`loop_guard`)."""

    __slots__ = ("kind", "source")

    def __init__(self, source: dict[Any, Any], kind: str) -> None:
        self.source = source
        self.kind = kind  # "keys", "values" or "entries"

    def items(self) -> list[Any]:
        """The elements now, in map order."""
        source = self.source
        if self.kind == "keys":
            return [k.value if type(k) is JavaKey else k for k in source]
        if self.kind == "values":
            return list(source.values())
        return [MapEntry(k, v, source) for k, v in source.items()]

    def __vtl_str__(self) -> str:
        # Java hands out one view per map, and a view that holds itself prints it so
        # (oracle: `$m.put($m.keySet(), 1)` prints `{..., [a, (this Collection)]=1}`)
        return _list_str([x if not self._is_me(x) else "(this Collection)" for x in self.items()])

    def _is_me(self, x: Any) -> bool:
        return type(x) is MapView and x.source is self.source and x.kind == self.kind

    def __eq__(self, other: object) -> bool:
        # Set equality for keys and entries; a values() collection is equal only to itself,
        # and Java hands out one view per map
        if not isinstance(other, MapView) or self.kind != other.kind:
            return False
        if self.kind == "values":
            return self.source is other.source
        mine, theirs = self.items(), other.items()
        return len(mine) == len(theirs) and all(
            any(java_equals(x, y) for y in theirs) for x in mine
        )

    __hash__ = None  # type: ignore[assignment]

    def contains(self, item: Any) -> bool:
        if self.kind == "keys":
            return map_key(item) in self.source
        return any(java_equals(x, item) for x in self.items())

    def remove(self, item: Any) -> bool:
        """Java's view ``remove``: the map loses the key, the first entry with the value, or
        the entry."""
        source = self.source
        if self.kind == "keys":
            key = map_key(item)
            if key in source:
                del source[key]
                return True
            return False
        for key, value in list(source.items()):
            if self.kind == "values" and java_equals(value, item):
                del source[key]
                return True
            if self.kind == "entries" and java_equals(MapEntry(key, value, source), item):
                del source[key]
                return True
        return False

    def remove_all(self, others: list[Any], keep: bool = False) -> bool:
        """``removeAll`` (or, with ``keep``, ``retainAll``): entries go from the map."""
        source = self.source
        changed = False
        for key, element in zip(list(source), self.items(), strict=True):
            if any(java_equals(element, other) for other in others) != keep:
                del source[key]
                changed = True
        return changed


def walk(value: Any) -> tuple[list[Any], int, dict[Any, Any] | None, int]:
    """What ``#foreach`` walks, its size, and the map behind it (if any) with that map's size,
    which the loop checks at each step as Java's iterators do."""
    items = iterable_items(value)
    source = value if isinstance(value, dict) else value.source if type(value) is MapView else None
    return items, len(items), source, 0 if source is None else len(source)


def iterable_items(value: Any) -> list[Any]:
    """What ``#foreach`` walks: lists, map values, iterators; else nothing (spec §2.3)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    if type(value) is MapView:
        return value.items()
    if isinstance(value, JavaIterator):
        return value.drain()
    return []


class JavaIterator:
    """A ``java.util.Iterator`` or ``ListIterator`` over a list (``$list.iterator()``,
    ``listIterator([index])``) or over a map view's elements, walked with a cursor as
    ``ArrayList.Itr`` walks it: ``remove``, ``set`` and ``add`` write through to the list
    (to the map for a view, whose ``keys`` are given), an array's list is fixed-size."""

    __slots__ = ("_cursor", "_items", "_keys", "_last", "_map", "fixed", "listing")

    def __init__(
        self,
        items: list[Any],
        start: int = 0,
        *,
        source: dict[Any, Any] | None = None,
        keys: list[Any] | None = None,
        fixed: bool = False,
        listing: bool = False,
    ) -> None:
        self._items = items
        self._cursor = start
        self._last = -1
        self._map = source
        self._keys = keys
        self.fixed = fixed
        self.listing = listing  # a ListIterator: previous, set, add

    def drain(self) -> list[Any]:
        rest = self._items[self._cursor :]
        self._cursor = len(self._items)
        return rest

    def next_item(self) -> Any:
        i = self._cursor
        if i >= len(self._items):
            raise JavaException("NoSuchElementException")
        self._cursor, self._last = i + 1, i
        return self._items[i]

    def has_next(self) -> bool:
        return self._cursor < len(self._items)

    def previous_item(self) -> Any:
        i = self._cursor - 1
        if i < 0:
            raise JavaException("NoSuchElementException")
        self._cursor = self._last = i
        return self._items[i]

    def has_previous(self) -> bool:
        return self._cursor > 0

    def next_index(self) -> int:
        return self._cursor

    def _check_last(self) -> int:
        if self.fixed:
            raise JavaException("UnsupportedOperationException")
        if self._last < 0:
            raise JavaException("IllegalStateException")
        return self._last

    def remove(self) -> None:
        last = self._check_last()
        if self._keys is not None and self._map is not None:
            key = self._keys.pop(last)
            self._map.pop(key, None)
        del self._items[last]
        self._cursor, self._last = last, -1

    def set_item(self, value: Any) -> None:
        if self._last < 0:
            raise JavaException("IllegalStateException")
        self._items[self._last] = value

    def add_item(self, value: Any) -> None:
        if self.fixed:
            raise JavaException("UnsupportedOperationException")
        self._items.insert(self._cursor, value)
        self._cursor += 1
        self._last = -1


def loop_guard(
    state: RenderState,
    items: list[Any],
    size: int,
    index: int,
    written: int,
    source: dict[Any, Any] | None = None,
    source_size: int = 0,
) -> None:
    """Raise whichever of the loop's checks failed (list or map changed, quota, output size).

    A map that gained or lost a key is a ConcurrentModificationException at the next step;
    after the last one the loop has already ended, as Java's iterator has (oracle)."""
    if len(items) != size or (source is not None and len(source) != source_size):
        raise concurrent_modification()
    if index >= state.max_iterations:
        raise too_many_iterations(state)
    output_overflow(state)


def incomplete_foreach() -> VtlRenderError:
    """``#foreach($l)``: Velocity 1.7's Foreach reads its third argument, which is missing."""
    return VtlRenderError(
        "ArrayIndexOutOfBoundsException: #foreach without `in` and a list",
        java_exception="ArrayIndexOutOfBoundsException",
    )


def concurrent_modification() -> VtlRenderError:
    return VtlRenderError(
        "ConcurrentModificationException: the list or map changed while #foreach walked it",
        java_exception="ConcurrentModificationException",
    )


def too_much_work(state: RenderState, where: str) -> VtlLimitError:
    """``max_total_iterations`` is spent: loop iterations, macro calls, reads of a macro's
    by-name arguments, ``#define`` and ``#evaluate`` renders all count (docs/vtl.md Limits).
    Macros calling each other need no loop to do 10^8 calls, nor any output."""
    return VtlLimitError(
        f"the template ran more than {state.limits.max_total_iterations} steps in all (loop "
        "iterations, macro calls and argument reads, #define and #evaluate renders) at "
        f"{where} (limit max_total_iterations)"
    )


def too_many_iterations(state: RenderState) -> VtlLimitError:
    limit = state.max_iterations
    return VtlLimitError(
        f"#foreach exceeded {limit} iterations (API Gateway's quota; limit max_foreach_iterations)"
    )


_MISSING: Final[Any] = object()
_LOOP_NAMES: Final = ("foreach", "velocityCount", "velocityHasNext")


def enter_foreach(
    state: RenderState, v: dict[str, Any], var: str, scope: ForeachScope
) -> tuple[Any, ...]:
    """Save what a loop overwrites; it is put back when the loop ends (spec §2.3)."""
    state.iterations += min(len(scope.items), state.max_iterations + 1)
    if state.iterations > state.limits.max_total_iterations:
        raise too_much_work(state, "a #foreach")
    get = v.get
    saved = (
        get(var, _MISSING),
        get("foreach", _MISSING),
        get("velocityCount", _MISSING),
        get("velocityHasNext", _MISSING),
    )
    v["foreach"] = scope
    return saved


def leave_foreach(v: dict[str, Any], var: str, saved: tuple[Any, ...]) -> None:
    for name, value in zip((var, *_LOOP_NAMES), saved, strict=True):
        if name == "foreach" and not isinstance(v.get("foreach"), ForeachScope):
            continue  # a `#set($foreach = ...)` in the loop outlives it (Directive.postRender)
        if value is _MISSING:
            v.pop(name, None)
        else:
            v[name] = value


# ---- macros, #define, #evaluate, #parse ----


class NullHolder(dict[str, Any]):
    """The variables of a ``#foreach`` step whose element is null: Velocity 1.7's
    ``Foreach.NullHolderContext``. The loop variable reads as null even after a ``#set`` or an
    inner loop gives it a value, until something removes it (an inner loop over the same
    name ending), and again once a null is put there; everything else passes through. One
    per run of the loop (oracle:
    `#foreach($k in [1, $null])#set($k = 5)$k,#end` is `5,,`)."""

    __slots__ = ("active", "inner", "key")

    def __init__(self, inner: dict[str, Any], key: str) -> None:
        super().__init__()
        self.inner = inner
        self.key = key
        self.active = True

    def get(self, name: str, default: Any = None) -> Any:
        if self.active and name == self.key:
            return default
        return self.inner.get(name, default)

    def __setitem__(self, name: str, value: Any) -> None:
        if value is None and name == self.key:
            self.active = True  # an inner loop's null element makes it hold again (oracle)
        self.inner[name] = value

    def pop(self, name: str, default: Any = None) -> Any:
        if name == self.key:
            self.active = False
        return self.inner.pop(name, default)


class RenderState:
    """Everything one render needs besides the variables: dialect, macros, limits, depth."""

    __slots__ = (
        "apigw",
        "context",
        "depth",
        "evaluated",
        "evaluated_length",
        "iterations",
        "limits",
        "macros",
        "max_iterations",
        "max_output",
    )

    def __init__(self, apigw: bool, macros: dict[str, Any], limits: Any) -> None:
        self.apigw = apigw
        self.macros = macros
        self.limits = limits
        self.max_output = limits.max_output_length
        self.max_iterations = limits.max_foreach_iterations
        self.depth = 0
        self.iterations = 0
        # the templates #evaluate compiled in this render, by source, and their total length
        self.evaluated: dict[str, Any] | None = None
        self.evaluated_length = 0
        self.context: dict[str, Any] = {}  # the variables of the code running now


class MacroContext(dict[str, Any]):
    """The variables a macro body sees: Velocity 1.7's ``ProxyVMContext`` (checked against its
    bytecode and the oracle). The dict holds what was set during the call; a read falls back
    to the parameter's argument, evaluated again in the caller's context (call by name, spec
    §2.5), and then to the caller's variables, so a macro sees its callers' parameters
    (`#macro(b $y)#c()#end#macro(c)$y#end#b(1)` prints 1). A #set writes here and through
    to every caller, the template's variables included."""

    __slots__ = ("arguments", "inner", "state")

    def __init__(
        self, inner: dict[str, Any], arguments: dict[str, Any], state: RenderState
    ) -> None:
        super().__init__()
        self.inner = inner
        self.arguments = arguments
        self.state = state

    def get(self, name: str, default: Any = None) -> Any:
        value = dict.get(self, name)
        if value is not None:
            return value
        thunk = self.arguments.get(name)
        if thunk is None:
            return self.inner.get(name, default)
        state = self.state
        state.iterations += 1
        if state.iterations > state.limits.max_total_iterations:
            raise too_much_work(state, f"a read of the macro argument ${name}")
        outer, state.context = state.context, self.inner
        try:
            value = thunk()
        finally:
            state.context = outer
        return default if value is None else value

    def __setitem__(self, name: str, value: Any) -> None:
        dict.__setitem__(self, name, value)
        self.inner[name] = value

    def pop(self, name: str, default: Any = None) -> Any:
        dict.pop(self, name, None)
        self.arguments.pop(name, None)  # ProxyVMContext.remove drops the argument too
        return self.inner.pop(name, default)


def call_macro(
    state: RenderState,
    v: dict[str, Any],
    w: Callable[[str], None],
    name: str,
    thunks: tuple[Callable[[], Any], ...],
    body: Callable[[dict[str, Any]], str] | None,
    source: str,
    sources: tuple[str | None, ...] = (),
    invalid_arg: str | None = None,
) -> int:
    macro = state.macros.get(name)
    if macro is None:
        w(source)  # an undefined macro prints its call (spec §2.5)
        return len(source)
    if invalid_arg is not None:  # a bare word argument (oracle: RuntimeMacro.init throws)
        message = f"Invalid arg '{invalid_arg}' in macro #{name}"
        raise _thrown(JavaException("TemplateInitException", message))
    function, parameters, (line, column) = macro
    if state.depth >= state.limits.max_macro_depth:
        # located where the called macro's body starts, as Velocity does (oracle)
        raise VtlLimitError(
            f"macro calls nested more than {state.limits.max_macro_depth} deep "
            "(Velocity's MacroOverflowException; limit max_macro_depth)",
            java_exception="MacroOverflowException",
            line=line,
            column=column,
        )
    state.iterations += 1
    if state.iterations > state.limits.max_total_iterations:
        raise too_much_work(state, f"a call of #{name}")
    frame: dict[str, Any] = dict(zip(parameters, thunks, strict=False))
    context = MacroContext(v, frame, state)
    frame = dict(frame)
    for parameter, text in zip(parameters, sources, strict=False):
        if text is not None:
            frame["\x00" + parameter] = text  # the argument as written
    if body is not None:
        # a local of this call only (VelocimacroProxy's localPut)
        dict.__setitem__(context, "bodyContent", DefinedBlock(body, state, "$bodyContent", v))
    outer, state.context = state.context, context
    state.depth += 1
    try:
        return function(_SELF, context, w, state, frame)  # type: ignore[no-any-return]
    except BreakSignal as signal:
        if signal.scope is not None:
            raise
        return 0
    finally:
        state.depth -= 1
        state.context = outer


class DefinedBlock:
    """A ``#define`` or ``#@`` body: rendered afresh each time it is printed (spec §2.6).

    Velocity's ``Block.Reference``: printed, it renders in the context of the place that
    prints it (so inside a macro it sees the macro's parameters); its ``toString()`` renders
    in the context where the block was made (oracle)."""

    __slots__ = ("context", "depth", "render", "source", "state")

    # Velocity's directive.define.max.depth: a block may be inside its own rendering twice;
    # the third time its toString() is null and the reference prints as written (oracle:
    # `#define($d)x$d#end$d` is `xx$d`).
    MAX_DEPTH: Final = 2

    def __init__(
        self,
        render: Callable[[dict[str, Any]], str],
        state: RenderState,
        source: str,
        context: dict[str, Any],
    ) -> None:
        self.render = render
        self.state = state
        self.source = source
        self.context = context
        self.depth = 0

    __vtl_methods__: Final = {"toString": lambda block: block.to_string()}

    def to_string(self, context: dict[str, Any] | None = None) -> str | None:
        """The body rendered now (in ``context``, by default its own), or ``None`` when nested
        too deep in itself."""
        if self.depth >= self.MAX_DEPTH:
            return None
        state = self.state
        if state.depth >= state.limits.max_macro_depth:
            raise VtlLimitError("#define blocks nested too deep (limit max_macro_depth)")
        state.iterations += 1
        if state.iterations > state.limits.max_total_iterations:
            raise too_much_work(state, f"a render of {self.source}")
        if context is None:
            context = self.context
        outer, state.context = state.context, context
        self.depth += 1
        state.depth += 1
        try:
            return self.render(context)
        finally:
            self.depth -= 1
            state.depth -= 1
            state.context = outer

    def __vtl_str__(self) -> str:
        text = self.to_string()
        return self.source if text is None else text


def render_value(x: Any, state: RenderState) -> str:
    return check_string(to_java_string(x))


def output_text(x: Any, state: RenderState, invalid: str = "", literal: str | None = None) -> str:
    """What a rendered reference prints: ``invalid`` for null (spec §0.2), else toString.

    A value whose toString() is null prints ``literal``, the reference as written (or nothing
    when silent), in both dialects: API Gateway's rule is not asked about it (oracle)."""
    if x is None:
        return invalid
    if type(x) is DefinedBlock:
        text = x.to_string(state.context)  # printed: in the printing context (Block.Reference)
        if text is None:  # `literal` is unknown in an #evaluate'd string: assume `$name`
            if not state.apigw:
                return invalid  # stock Velocity passes the reference as written, or ""
            return literal if literal is not None else x.source
        return check_string(text)
    convert = _TO_STRING.get(type(x))
    text = convert(x) if convert is not None else _to_string_slow(x)
    if len(text) > MAX_STRING:
        check_string(text)
    return text


def interpolated(text: str) -> str:
    """A double-quoted string's value (its ``\\uXXXX`` were decoded before it was parsed)."""
    if len(text) > MAX_STRING:
        check_string(text)
    return text


def key_set(m: dict[Any, Any]) -> MapView:
    """``Map.keySet()``: a live view of the keys."""
    return MapView(m, "keys")


def output_overflow(state: RenderState) -> None:
    raise VtlLimitError(
        f"the output grew beyond {state.max_output} characters (limit max_output_length)"
    )


def evaluate(
    state: RenderState,
    v: dict[str, Any],
    w: Callable[[str], None],
    value: Any,
) -> int:
    """``#evaluate``: parse and render a string now, in this context (spec §2.6); in a macro,
    the macro's (a :class:`MacroContext`)."""
    if value is None:
        return 0
    from apigw_core.vtl.template import compile_for_evaluate

    source = to_java_string(value)
    evaluated = state.evaluated
    if evaluated is None:
        evaluated = state.evaluated = {}
    template = evaluated.get(source)
    if template is None:
        # Parsing takes about 10 µs a character: #evaluate of many distinct strings may
        # compile, in all, as much as one template may hold. Each is compiled once a render,
        # whatever the process-wide cache keeps.
        state.evaluated_length += len(source)
        if state.evaluated_length > state.limits.max_template_length:
            raise VtlLimitError(
                f"#evaluate compiled more than {state.limits.max_template_length} characters "
                "in all (limit max_template_length)"
            )
        template = evaluated[source] = compile_for_evaluate(source, state)
    if state.depth >= state.limits.max_evaluate_depth:
        raise VtlLimitError(
            f"#evaluate nested more than {state.limits.max_evaluate_depth} deep "
            "(limit max_evaluate_depth)"
        )
    state.iterations += 1
    if state.iterations > state.limits.max_total_iterations:
        raise too_much_work(state, "an #evaluate")
    state.macros.update(template.macro_functions)
    state.depth += 1
    try:
        return template.root(_SELF, v, w, state)
    except (StopSignal, BreakSignal):
        return 0
    finally:
        state.depth -= 1


def load(
    state: RenderState, directive: str, args: tuple[Any, ...], bad_argument: bool = False
) -> str:
    """``#parse``/``#include``: API Gateway has no resource loader (spec §2.6).

    Stock Velocity skips a null ``#parse`` and prints a comment for a null ``#include``.
    """
    if bad_argument:
        message = f"invalid #{directive}() argument '{to_java_string(args[0])}'"
        raise VtlRenderError(f"VelocityException: {message}", java_exception="VelocityException")
    if not state.apigw and args and args[0] is None:
        if directive == "include":
            return "<!-- include error : error with arg 0 please see log. see error log -->"
        return ""
    raise VtlRenderError(
        f"ResourceNotFoundException: #{directive} cannot load "
        f"'{to_java_string(args[0]) if args else ''}': API Gateway has no template loader",
        java_exception="ResourceNotFoundException",
    )


_SELF: Final[Any] = sys.modules[__name__]
