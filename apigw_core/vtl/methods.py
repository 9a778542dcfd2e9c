"""The Java methods templates may call, per Java type (spec §4.3). Nothing else is reachable.

Each table maps a Java method name to ``fn(self, *args)``. A function raises
:class:`NoSuchMethod` when no overload accepts the arguments' runtime types (Velocity then
treats the call as an invalid reference) and :class:`JavaException` where Java would throw.
Overloads follow Java: an ``int`` parameter takes only an ``Integer``, a ``long`` an
``Integer`` or ``Long``; narrowing and conversions are never applied (spec §4.2).
"""

from __future__ import annotations

import functools
import math
import struct
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from apigw_core.vtl import jfloat, jformat, jregex, jstring
from apigw_core.vtl.jdouble import java_float_to_string
from apigw_core.vtl.runtime import (
    BIGINTEGER,
    INT_MAX,
    INT_MIN,
    INTEGER,
    LONG,
    MAX_BIGINTEGER_BITS,
    MAX_COLLECTION,
    MAX_SHIFT_BITS,
    DefinedBlock,
    ForeachScope,
    JavaArray,
    JavaChar,
    JavaIterator,
    JBigInteger,
    JFloat,
    JLong,
    MapEntry,
    MapView,
    bigint_overflow,
    check_collection_size,
    check_string,
    check_string_length,
    int_kind,
    int_value,
    java_equals,
    key_set,
    make_int,
    map_key,
    to_double,
    to_java_string,
    unwrap_key,
)
from apigw_core.vtl.values import VOID, JavaException, NoSuchMethod

Method = Callable[..., Any]
_T = TypeVar("_T")


# ---- argument checks: Java's applicable overloads for runtime classes ----


def _int(x: Any) -> int:
    """An ``int`` parameter: only an Integer fits."""
    if type(x) is int and INT_MIN <= x <= INT_MAX:
        return x
    raise NoSuchMethod


def _long(x: Any) -> int:
    if isinstance(x, int) and type(x) is not bool and int_kind(x) <= LONG:
        return int(x)
    raise NoSuchMethod


def _double(x: Any) -> float:
    if type(x) is float or type(x) is JFloat:
        return float(x)
    if isinstance(x, int) and type(x) is not bool and int_kind(x) <= LONG:
        return float(x)
    raise NoSuchMethod


def _float(x: Any) -> float:
    """A ``float`` parameter: a Float, or an Integer or Long widened (not a Double)."""
    if type(x) is JFloat:
        return float(x)
    if isinstance(x, int) and type(x) is not bool and int_kind(x) <= LONG:
        return jfloat.round_int(x)
    raise NoSuchMethod


def _str(x: Any) -> str | None:
    """A ``String``/``CharSequence`` parameter: a String, or null; not a Character (oracle:
    `$s.contains($s.charAt(1))` finds no method)."""
    if x is None or (isinstance(x, str) and type(x) is not JavaChar):
        return x
    raise NoSuchMethod


def _nn(x: _T | None) -> _T:
    if x is None:
        raise JavaException("NullPointerException")
    return x


def _char_or_str(x: Any) -> str | int:
    if isinstance(x, str):
        return x
    return _int(x)


def _none(*args: Any) -> None:
    if args:
        raise NoSuchMethod


# ---- Object ----


def _equals(self: Any, other: Any) -> bool:
    return java_equals(self, other)


def _to_string_or_wrong_arity(fn: Method) -> Method:
    """``toString`` with arguments that fit none of its static overloads: Velocity 1.7's
    MethodMap takes the no-parameter ``toString()`` as applicable to any arguments, and Java's
    reflection then throws (oracle: `$l.toString(1)` and `$i.toString('a')`)."""

    def call(x: Any, *args: Any) -> str:
        try:
            return fn(x, *args)  # type: ignore[no-any-return]
        except NoSuchMethod:
            if not args:
                raise
            raise JavaException("IllegalArgumentException", "wrong number of arguments") from None

    return call


@_to_string_or_wrong_arity
def _to_string(self: Any, *args: Any) -> str:
    _none(*args)
    return to_java_string(self)


@_to_string_or_wrong_arity
def _monitor(self: Any, *timeout: Any) -> NoReturn:
    """``wait``, ``notify`` and ``notifyAll``: the template never holds the object's monitor
    (oracle: `IllegalMonitorStateException`; a negative timeout is checked first)."""
    if len(timeout) > 2:
        raise NoSuchMethod
    millis = [_long(timeout[0])] if timeout else []
    nanos = [_int(timeout[1])] if len(timeout) == 2 else []
    if millis and millis[0] < 0:
        raise JavaException("IllegalArgumentException", "timeout value is negative")
    if nanos and not 0 <= nanos[0] <= 999999:
        raise JavaException("IllegalArgumentException", "nanosecond timeout value out of range")
    raise JavaException("IllegalMonitorStateException", "current thread is not owner")


def _no_timeout(self: Any) -> NoReturn:
    raise JavaException("IllegalMonitorStateException", "current thread is not owner")


_OBJECT: dict[str, Method] = {
    "equals": _equals,
    "toString": _to_string,
    "wait": _monitor,
    "notify": _no_timeout,
    "notifyAll": _no_timeout,
}


# ---- String ----


# Each method checks every argument's type before any null: a null argument with a wrong
# other argument finds no method rather than throwing (oracle: `$s.indexOf($null, 'a')`).


def _needle(x: Any, start: tuple[Any, ...]) -> tuple[str | int, tuple[int, ...]]:
    """indexOf's parameters: an ``int`` char or a String, then ints; a null String throws
    only once the other arguments fit."""
    needle: str | int | None = _int(x) if isinstance(x, int) else _str(x)
    begins = tuple(_int(b) for b in start)
    if needle is None:
        raise JavaException("NullPointerException")
    return needle, begins


def _s_index_of(s: str, target: Any, *start: Any) -> int:
    needle, begins = _needle(target, start)
    return jstring.java_index_of(s, needle, *begins)


def _s_last_index_of(s: str, target: Any, *start: Any) -> int:
    needle, begins = _needle(target, start)
    return jstring.java_last_index_of(s, needle, *begins)


def _s_substring(s: str, begin: Any, *end: Any) -> str:
    if end:
        return jstring.java_substring(s, _int(begin), _int(end[0]))
    return jstring.java_substring(s, _int(begin))


def _s_replace(s: str, target: Any, replacement: Any) -> str:
    if (type(target) is JavaChar) != (type(replacement) is JavaChar):
        raise NoSuchMethod  # replace(char, char) or replace(CharSequence, CharSequence)
    if isinstance(target, str) and isinstance(replacement, str):
        # size the result before building it, so a hostile replace cannot exhaust memory
        growth = len(replacement) - len(target)
        if growth > 0:
            count = s.count(target) if target else len(s) + 1
            check_string_length(len(s) + count * growth)
        return jstring.java_replace(s, target, replacement)
    if isinstance(target, str | None) and isinstance(replacement, str | None):
        raise JavaException("NullPointerException")  # one of them is null
    raise NoSuchMethod


def _s_split(s: str, regex: Any, *limit: Any) -> JavaArray:
    pattern, limits = _str(regex), [_int(x) for x in limit]
    pattern = _nn(pattern)
    if not pattern:  # empty matches fall between UTF-16 units, halving an emoji (oracle)
        s = jstring.utf16_units(s)
    parts = jregex.java_split(s, pattern, *limits)
    check_collection_size(len(parts))
    return JavaArray(parts)


def _s_format(s: str, fmt: Any, *args: Any) -> str:
    # String.format is static: `$s.format('%05d', 42)` works through any String (spec §9).
    if fmt is None and args and isinstance(args[0], str):
        # format(Locale, String, Object...) is applicable too, and Velocity prefers the longer
        # parameter list (MethodMap.moreSpecific; oracle: `$s.format($null, 'a')` is `a`)
        fmt, args = args[0], args[1:]
    return _format_varargs(_nn(_str(fmt)), args)


def _format_varargs(fmt: str, args: tuple[Any, ...]) -> str:
    """``String.format(fmt, Object...)`` as Velocity calls it: a lone array is the varargs,
    a lone null a null array."""
    if len(args) == 1 and type(args[0]) is JavaArray:
        args = tuple(args[0])
    return check_string(jformat.java_format(fmt, None if args == (None,) else args, to_java_string))


def _s_join(s: str, delimiter: Any, *elements: Any) -> str:
    # String.join(CharSequence, Iterable) or String.join(CharSequence, CharSequence...)
    sep = _str(delimiter)
    if elements == (None,):
        raise NoSuchMethod  # both overloads fit a lone null: ambiguous for Velocity (oracle)
    if len(elements) == 1 and isinstance(elements[0], list | MapView):
        sep = _nn(sep)  # Java checks the delimiter before casting the elements
        items = _collection(elements[0])
        for item in items:  # an Iterable<? extends CharSequence>: each element is cast (oracle)
            if item is not None and (not isinstance(item, str) or isinstance(item, JavaChar)):
                _class_cast(item, "java.lang.CharSequence")
    elif all(e is None or (isinstance(e, str) and type(e) is not JavaChar) for e in elements):
        items = list(elements)
    else:
        raise NoSuchMethod
    return check_string(_nn(sep).join(to_java_string(e) for e in items))


def _s_equals_ignore_case(s: str, other: Any) -> bool:
    other = _str(other)
    return other is not None and jstring.java_equals_ignore_case(s, other)


def _s_compare_to(s: str, other: Any) -> int:
    if other is not None and (not isinstance(other, str) or type(other) is JavaChar):
        _class_cast(other, "java.lang.String")  # compareTo(Object), the bridge (oracle)
    return jstring.java_compare_to(s, _nn(_str(other)))


def _s_compare_to_ignore_case(s: str, other: Any) -> int:
    return jstring.java_compare_ignore_case(s, _nn(_str(other)))


def _class_cast(value: Any, target: str) -> NoReturn:
    raise JavaException(
        "ClassCastException", f"{_java_class_name(value)} cannot be cast to {target}"
    )


def _java_class_name(value: Any) -> str:
    if isinstance(value, bool):
        return "java.lang.Boolean"
    if isinstance(value, int):
        return ("java.lang.Integer", "java.lang.Long", "java.math.BigInteger")[int_kind(value)]
    if isinstance(value, float):
        return "java.lang.Float" if type(value) is JFloat else "java.lang.Double"
    if isinstance(value, str):
        return "java.lang.Character" if isinstance(value, JavaChar) else "java.lang.String"
    if isinstance(value, dict):
        return "java.util.LinkedHashMap"
    if isinstance(value, list):
        return "java.util.ArrayList"
    return "java.lang.Object"


def _s_concat(s: str, other: Any) -> str:
    return check_string(s + _nn(_str(other)))


def _s_repeat(s: str, count: Any) -> str:
    times = _int(count)
    if times < 0:
        raise JavaException("IllegalArgumentException", f"count is negative: {times}")
    if len(s) * times > 10 * 1024 * 1024:
        raise JavaException("OutOfMemoryError", "repeat would exceed the string size limit")
    return s * times


def _s_value_of(s: str, *args: Any) -> str:
    if len(args) != 1 and all(type(c) is JavaChar for c in args):
        return "".join(args)  # valueOf(char[]) by Velocity's varargs rule: none, or Characters
    value, bounds = args[0], args[1:]
    if bounds:  # valueOf(char[], int, int)
        return _s_copy_value_of(s, value, *bounds)
    return to_java_string(value)


def _s_matches(s: str, regex: Any) -> bool:
    return jregex.java_matches(s, _nn(_str(regex)))


def _s_replace_all(s: str, regex: Any, replacement: Any) -> str:
    pattern, text = _str(regex), _str(replacement)
    return check_string(jregex.java_replace_all(s, _nn(pattern), text))


def _s_replace_first(s: str, regex: Any, replacement: Any) -> str:
    pattern, text = _str(regex), _str(replacement)
    return check_string(jregex.java_replace_first(s, _nn(pattern), _nn(text)))


def _s_starts_with(s: str, prefix: Any, *offset: Any) -> bool:
    text, offsets = _str(prefix), [_int(x) for x in offset]
    if offsets and offsets[0] < 0:
        return False  # Java tests the offset before reading the prefix (oracle: a null one)
    return jstring.java_starts_with(s, _nn(text), *offsets)


def _s_content_equals(s: str, other: Any) -> bool:
    # contentEquals(CharSequence) or contentEquals(StringBuffer): a null is the StringBuffer
    return s == _nn(_str(other))


def _s_region_matches(s: str, *args: Any) -> bool:
    # regionMatches(int, String, int, int) or regionMatches(boolean, int, String, int, int)
    ignore_case = False
    if len(args) == 5:
        if type(args[0]) is not bool:
            raise NoSuchMethod
        ignore_case, args = args[0], args[1:]
    if len(args) != 4:
        raise NoSuchMethod
    offset, other, other_offset, length = _int(args[0]), _str(args[1]), _int(args[2]), _int(args[3])
    return jstring.java_region_matches(s, ignore_case, offset, _nn(other), other_offset, length)


def _no_locale(s: str, args: tuple[Any, ...]) -> str:
    """``toLowerCase(Locale)``/``toUpperCase(Locale)``: a template has no Locale but null."""
    if not args:
        return s
    if args == (None,):
        raise JavaException("NullPointerException")
    raise NoSuchMethod


def _s_formatted(s: str, *args: Any) -> str:
    # formatted(Object...): String.format(this, args)
    return _format_varargs(s, args)


def _s_indent(s: str, n: Any) -> str:
    count = _int(n)
    if count > 0:
        check_string_length(len(s) + count * (s.count("\n") + s.count("\r") + 1))
    return jstring.java_indent(s, count)


def _s_copy_value_of(s: str, *args: Any) -> str:
    # copyValueOf(char[][, int, int]): no template value is a char[]; a null one throws, and
    # none at all is an empty varargs array (Velocity 1.7's varargs rule; oracle)
    if all(type(c) is JavaChar for c in args):  # the varargs char[] (oracle)
        return "".join(args)
    chars, bounds = args[0], args[1:]
    if len(bounds) not in (0, 2) or chars is not None:
        raise NoSuchMethod
    for bound in bounds:
        _int(bound)
    raise JavaException("NullPointerException")


STRING: dict[str, Method] = {
    **_OBJECT,
    "length": lambda s: jstring.utf16_length(s),
    "isEmpty": lambda s: len(s) == 0,
    "isBlank": lambda s: jstring.java_is_blank(s),
    "contains": lambda s, t: jstring.java_contains(s, _nn(_str(t))),
    "startsWith": _s_starts_with,
    "endsWith": lambda s, p: s.endswith(_nn(_str(p))),
    "indexOf": _s_index_of,
    "lastIndexOf": _s_last_index_of,
    "substring": _s_substring,
    "codePointAt": lambda s, i: (
        ord(jstring.java_char_at(s, _int(i)))
        if not "\ud800" <= jstring.java_char_at(s, _int(i)) < "\udc00"
        else ord(jstring.java_substring(s, _int(i), _int(i) + 2))
    ),
    "charAt": lambda s, i: JavaChar(jstring.java_char_at(s, _int(i))),
    "replace": _s_replace,
    "replaceAll": _s_replace_all,
    "replaceFirst": _s_replace_first,
    "matches": _s_matches,
    "split": _s_split,
    "toLowerCase": _to_string_or_wrong_arity(lambda s, *a: jstring.java_to_lower(_no_locale(s, a))),
    "toUpperCase": _to_string_or_wrong_arity(lambda s, *a: jstring.java_to_upper(_no_locale(s, a))),
    "trim": lambda s: jstring.java_trim(s),
    "strip": lambda s: jstring.java_strip(s),
    "stripLeading": lambda s: jstring.java_strip(s, trailing=False),
    "stripTrailing": lambda s: jstring.java_strip(s, leading=False),
    "stripIndent": lambda s: jstring.java_strip_indent(s),
    "indent": _s_indent,
    "translateEscapes": lambda s: jstring.java_translate_escapes(s),
    "intern": lambda s: s,
    "contentEquals": _s_content_equals,
    "regionMatches": _s_region_matches,
    "codePointBefore": lambda s, i: jstring.java_code_point_before(s, _int(i)),
    "codePointCount": lambda s, a, b: jstring.java_code_point_count(s, _int(a), _int(b)),
    "offsetByCodePoints": lambda s, i, n: jstring.java_offset_by_code_points(s, _int(i), _int(n)),
    "subSequence": lambda s, a, b: jstring.java_substring(s, _int(a), _int(b)),
    "formatted": _s_formatted,
    "copyValueOf": _s_copy_value_of,
    "equalsIgnoreCase": _s_equals_ignore_case,
    "compareTo": _s_compare_to,
    "compareToIgnoreCase": _s_compare_to_ignore_case,
    "concat": _s_concat,
    "hashCode": lambda s: jstring.java_hash_code(s),
    "format": _s_format,
    "join": _s_join,
    "valueOf": _s_value_of,
    "repeat": _s_repeat,
}


# ---- List ----


def _index_error(index: int, size: int) -> JavaException:
    return JavaException(
        "IndexOutOfBoundsException", f"Index {index} out of bounds for length {size}"
    )


def _l_get(items: list[Any], index: Any) -> Any:
    i = _int(index)
    if not 0 <= i < len(items):
        raise _index_error(i, len(items))
    return items[i]


def _l_add(items: list[Any], *args: Any) -> Any:
    if len(args) == 1:
        items.append(args[0])
        return True
    if len(args) == 2:
        i = _int(args[0])
        if not 0 <= i <= len(items):
            raise _index_error(i, len(items))
        items.insert(i, args[1])
        return VOID
    raise NoSuchMethod


def _l_add_all(items: list[Any], *args: Any) -> bool:
    if len(args) == 1:
        other = _collection(args[0])
        check_collection_size(len(items) + len(other))
        items.extend(other)
        return bool(other)
    if len(args) == 2:
        i = _int(args[0])
        other = _collection(args[1])
        if not 0 <= i <= len(items):
            raise _index_error(i, len(items))
        check_collection_size(len(items) + len(other))
        items[i:i] = other
        return bool(other)
    raise NoSuchMethod


def _collection(x: Any) -> list[Any]:
    """A ``Collection`` argument: a list, or a map's keySet/values/entrySet view; an array is
    none (oracle: `$a.addAll($s.split(','))` is an invalid reference)."""
    if isinstance(x, list) and not isinstance(x, JavaArray):
        return list(x)
    if type(x) is MapView:
        return x.items()
    if x is None:
        raise JavaException("NullPointerException")
    raise NoSuchMethod


def _l_index_of(items: list[Any], value: Any) -> int:
    for i, item in enumerate(items):
        if java_equals(value, item) if value is not None else item is None:
            return i
    return -1


def _l_last_index_of(items: list[Any], value: Any) -> int:
    for i in range(len(items) - 1, -1, -1):
        item = items[i]
        if java_equals(value, item) if value is not None else item is None:
            return i
    return -1


def _l_remove(items: list[Any], value: Any) -> Any:
    if type(value) is int and INT_MIN <= value <= INT_MAX:
        if not 0 <= value < len(items):
            raise _index_error(value, len(items))
        return items.pop(value)
    i = _l_index_of(items, value)
    if i < 0:
        return False
    del items[i]
    return True


def _l_set(items: list[Any], index: Any, value: Any) -> Any:
    i = _int(index)
    if not 0 <= i < len(items):
        raise _index_error(i, len(items))
    old = items[i]
    items[i] = value
    return old


def _l_sub_list(items: list[Any], start: Any, end: Any) -> list[Any]:
    a, b = _int(start), _int(end)
    if a > b:
        raise JavaException("IllegalArgumentException", f"fromIndex({a}) > toIndex({b})")
    if a < 0 or b > len(items):
        raise JavaException("IndexOutOfBoundsException", f"fromIndex: {a}, toIndex: {b}")
    return items[a:b]


def _l_clear(items: list[Any]) -> Any:
    items.clear()
    return VOID


def _l_sort(items: list[Any], comparator: Any) -> Any:
    """``sort(null)``: ArrayList sorts its own array, so a comparison that throws leaves it
    part sorted; an array (List.sort) sorts a copy and writes it back only when done."""
    if comparator is not None:
        raise NoSuchMethod  # no Comparator can be written in a template
    if isinstance(items, JavaArray):
        done = list(items)
        _java_sort(done)
        items[:] = done
    else:
        _java_sort(items)
    return VOID


def _l_ensure_capacity(items: list[Any], capacity: Any) -> Any:
    """ArrayList.ensureCapacity: an array longer than HotSpot's limit (Integer.MAX_VALUE - 2)
    cannot be made (oracle: 2147483647); smaller ones need only the heap, not modelled."""
    if _int(capacity) > INT_MAX - 2:
        raise JavaException("OutOfMemoryError", "Requested array size exceeds VM limit")
    return VOID


def _java_sort(items: list[Any]) -> None:
    """ComparableTimSort as Java runs it on fewer than 32 elements (a run, then a binary
    insertion sort), so that the comparison that throws is Java's (oracle: `[1, 'x'].sort($null)`
    is Integer's ClassCastException, not the null's NullPointerException after it); longer
    lists are sorted with the same comparison by Python's TimSort."""
    n = len(items)
    if n < 2:  # Java sorts a single element without comparing it (oracle: [null])
        return
    if n >= 32:
        items.sort(key=functools.cmp_to_key(_natural_compare))
        return
    run = 2
    if _natural_compare(items[1], items[0]) < 0:
        while run < n and _natural_compare(items[run], items[run - 1]) < 0:
            run += 1
        items[:run] = items[run - 1 :: -1]
    else:
        while run < n and _natural_compare(items[run], items[run - 1]) >= 0:
            run += 1
    for start in range(run, n):
        pivot, left, right = items[start], 0, start
        while left < right:
            mid = (left + right) >> 1
            if _natural_compare(pivot, items[mid]) < 0:
                right = mid
            else:
                left = mid + 1
        items[left + 1 : start + 1] = items[left:start]
        items[left] = pivot


_NOT_COMPARABLE = ("java.util.ArrayList", "java.util.LinkedHashMap", "java.lang.Object")


def _natural_compare(x: Any, y: Any) -> int:
    """``x.compareTo(y)`` of Comparable elements: only of the same class (a ClassCastException
    otherwise, even Integer with Long), a null throwing NullPointerException."""
    if x is None:
        raise JavaException("NullPointerException")
    cls = _java_class_name(x)
    if cls in _NOT_COMPARABLE:
        _class_cast(x, "java.lang.Comparable")
    if y is None:
        raise JavaException("NullPointerException")
    if _java_class_name(y) != cls:
        _class_cast(y, cls)
    if isinstance(x, str):
        return jstring.java_compare_to(x, y)
    if isinstance(x, float):
        return _double_compare(x, y)
    return int((x > y) - (x < y))


def _l_contains_all(items: list[Any], other: Any) -> bool:
    return all(_l_index_of(items, x) >= 0 for x in _collection(other))


def _l_remove_all(items: list[Any], other: Any) -> bool:
    drop = _collection(other)
    kept = [x for x in items if _l_index_of(drop, x) < 0]
    changed = len(kept) != len(items)
    items[:] = kept
    return changed


def _l_retain_all(items: list[Any], other: Any) -> bool:
    keep = _collection(other)
    kept = [x for x in items if _l_index_of(keep, x) >= 0]
    changed = len(kept) != len(items)
    items[:] = kept
    return changed


@_to_string_or_wrong_arity
def _l_list_iterator(items: list[Any], *index: Any) -> JavaIterator:
    if len(index) > 1:
        raise NoSuchMethod
    start = _int(index[0]) if index else 0
    if not 0 <= start <= len(items):
        raise JavaException("IndexOutOfBoundsException", f"Index: {start}, Size: {len(items)}")
    return JavaIterator(items, start, fixed=type(items) is JavaArray, listing=True)


class JavaObjectArray(JavaArray):
    """The ``Object[]`` of ``toArray()``: a copy, printed as its identity."""

    __slots__ = ()

    def __vtl_str__(self) -> str:
        return f"[Ljava.lang.Object;@{id(self) & 0xFFFFFFF:x}"


def _l_to_array(items: list[Any], *array: Any) -> JavaArray:
    """``toArray()``, or ``toArray(T[])``: an array the template holds is filled in place when
    long enough (a null after the elements) and returned, else a new one of its type is; other
    arguments are passed as a new Object[] (Velocity's varargs rule; oracle)."""
    if not array:
        return JavaObjectArray(items)
    if array == (None,):
        raise JavaException("NullPointerException")
    if len(array) == 1 and isinstance(array[0], JavaArray):
        given: JavaArray = array[0]  # an array the template holds: filled in place
    else:
        given = JavaObjectArray(array)
    if len(given) < len(items):  # a new array of the given one's type
        given = (
            JavaObjectArray([None] * len(items))
            if type(given) is JavaObjectArray
            else JavaArray([None] * len(items))
        )
    for i, item in enumerate(items):
        if type(given) is JavaArray and item is not None and type(item) is not str:
            # a String[] stores only Strings (the elements before are stored; oracle)
            raise JavaException("ArrayStoreException", _java_class_name(item))
        given[i] = item
    if len(given) > len(items):
        given[len(items)] = None
    return given


def _needs_lambda(arity: int) -> Method:
    """Methods of ``arity`` parameters, the last a Predicate, Consumer or function: a template
    can only pass null there (other arities find no method; oracle: `$m.compute()`)."""

    def call(receiver: Any, *args: Any) -> NoReturn:
        if len(args) == arity and args[-1] is None:
            raise JavaException("NullPointerException")
        raise NoSuchMethod

    return call


LIST: dict[str, Method] = {
    **_OBJECT,
    "hashCode": lambda items: jformat.java_hash(items),
    "size": lambda items: len(items),
    "isEmpty": lambda items: not items,
    "get": _l_get,
    "contains": lambda items, x: _l_index_of(items, x) >= 0,
    "containsAll": _l_contains_all,
    "indexOf": _l_index_of,
    "lastIndexOf": _l_last_index_of,
    "subList": _l_sub_list,
    "clear": _l_clear,
    "iterator": lambda items: JavaIterator(items, fixed=type(items) is JavaArray),
    "listIterator": _l_list_iterator,
    "clone": lambda items: list(items),
    "ensureCapacity": _l_ensure_capacity,
    "trimToSize": lambda items: VOID,
    "toArray": _l_to_array,
    "removeIf": _needs_lambda(1),
    "forEach": _needs_lambda(1),
    "replaceAll": _needs_lambda(1),
    "add": _l_add,
    "addAll": _l_add_all,
    "set": _l_set,
    "remove": _l_remove,
    "removeAll": _l_remove_all,
    "retainAll": _l_retain_all,
    "sort": _l_sort,
}


def _unsupported(*args: Any) -> NoReturn:
    raise JavaException("UnsupportedOperationException")


def _view_add_all(view: MapView, other: Any) -> bool:
    """AbstractCollection.addAll: add() each element, which throws; nothing to add is false."""
    if _collection(other):
        _unsupported()
    return False


def _identity_hash(x: Any) -> int:
    raise NoSuchMethod  # Object.hashCode: an identity, nothing a template can rely on


def _view_hash(view: MapView) -> int:
    if view.kind == "values":
        _identity_hash(view)
    # Set.hashCode: the sum of the elements' hashes, in 32 bits
    total = sum(0 if x is None else jformat.java_hash(x) for x in view.items()) & 0xFFFFFFFF
    return total - (1 << 32) if total > INT_MAX else total


# Map.keySet(), values() and entrySet(): live views with Collection's methods, no get(int)
# (oracle: `$m.keySet().get(0)` is an invalid reference; `remove` writes through).
VIEW: dict[str, Method] = {
    **_OBJECT,
    "size": lambda view: len(view.source),
    "isEmpty": lambda view: not view.source,
    "contains": lambda view, x: view.contains(x),
    "containsAll": lambda view, other: all(view.contains(x) for x in _collection(other)),
    "remove": lambda view, x: view.remove(x),
    "hashCode": lambda view: _view_hash(view),
    "removeAll": lambda view, other: view.remove_all(_collection(other)),
    "retainAll": lambda view, other: view.remove_all(_collection(other), keep=True),
    "clear": lambda view: view.source.clear() or VOID,
    "iterator": lambda view: JavaIterator(view.items(), source=view.source, keys=list(view.source)),
    "toArray": lambda view, *array: _l_to_array(view.items(), *array),
    "removeIf": _needs_lambda(1),
    "forEach": _needs_lambda(1),
    "add": lambda view, x: _unsupported(),
    "addAll": _view_add_all,
}


# An array (``split``, ``toArray``): Velocity 1.7 calls the array's own Object methods, and
# the List methods on an ArrayListWrapper, an AbstractList whose get/set/size reach the array
# (java.lang.reflect.Array: ArrayIndexOutOfBoundsException) and whose changes of size throw
# UnsupportedOperationException once AbstractList/AbstractCollection's loops reach an element
# (spec §4.3; oracle: `$a.remove('zz')` is false, `$a.clear()` throws only when not empty).


def _array_index(items: list[Any], index: Any) -> int:
    i = _int(index)
    if not 0 <= i < len(items):
        raise JavaException("ArrayIndexOutOfBoundsException")
    return i


def _a_set(items: list[Any], index: Any, value: Any) -> Any:
    i = _array_index(items, index)
    if type(items) is JavaArray and value is not None and type(value) is not str:
        # a String[] (split) stores only Strings (java.lang.reflect.Array.set; oracle)
        raise JavaException("IllegalArgumentException", "array element type mismatch")
    old, items[i] = items[i], value
    return old


def _a_add(items: list[Any], *args: Any) -> NoReturn:
    if len(args) == 2:
        _int(args[0])  # add(int, E)
    elif len(args) != 1:
        raise NoSuchMethod
    _unsupported()


def _a_add_all(items: list[Any], *args: Any) -> bool:
    if len(args) == 2:  # AbstractList.addAll(int, Collection): the index is checked first
        i = _int(args[0])
        if args[1] is not None:
            _collection(args[1])
        if not 0 <= i <= len(items):
            raise JavaException("IndexOutOfBoundsException", f"Index: {i}, Size: {len(items)}")
    elif len(args) != 1:
        raise NoSuchMethod
    if _collection(args[-1]):
        _unsupported()
    return False


def _a_remove(items: list[Any], value: Any) -> bool:
    if type(value) is int and INT_MIN <= value <= INT_MAX:
        _unsupported()  # AbstractList.remove(int)
    if _l_index_of(items, value) >= 0:
        _unsupported()
    return False


def _a_remove_all(items: list[Any], other: Any, *, keep: bool = False) -> bool:
    found = _collection(other)
    if any((_l_index_of(found, x) >= 0) != keep for x in items):
        _unsupported()
    return False


def _a_clear(items: list[Any]) -> Any:
    if items:
        _unsupported()
    return VOID


ARRAY: dict[str, Method] = {
    **{k: v for k, v in LIST.items() if k not in ("clone", "ensureCapacity", "trimToSize")},
    "hashCode": _identity_hash,
    "get": lambda items, index: items[_array_index(items, index)],
    "set": _a_set,
    "add": _a_add,
    "addAll": _a_add_all,
    "remove": _a_remove,
    "removeAll": _a_remove_all,
    "retainAll": lambda items, other: _a_remove_all(items, other, keep=True),
    "clear": _a_clear,
}


# ---- Map ----


def _m_put(m: dict[Any, Any], key: Any, value: Any) -> Any:
    k = map_key(key)
    old = m.get(k)
    m[k] = value
    return old


def _m_remove(m: dict[Any, Any], key: Any, *value: Any) -> Any:
    if not value:
        return m.pop(map_key(key), None)
    # Map.remove(key, value), Java 8's default method
    k = map_key(key)
    if len(value) > 1 or k not in m or not java_equals(m[k], value[0]):
        if len(value) > 1:
            raise NoSuchMethod
        return False
    del m[k]
    return True


def _m_put_all(m: dict[Any, Any], other: Any) -> Any:
    if not isinstance(other, dict):
        if other is None:
            raise JavaException("NullPointerException")
        raise NoSuchMethod
    if len(m) + len(other) > MAX_COLLECTION:  # only when it may grow too large
        check_collection_size(len(m) + sum(k not in m for k in other))
    m.update(other)
    return VOID


def _m_clear(m: dict[Any, Any]) -> Any:
    m.clear()
    return VOID


def _m_put_if_absent(m: dict[Any, Any], key: Any, value: Any) -> Any:
    k = map_key(key)
    old = m.get(k)
    if old is None:
        m[k] = value
    return old


def _m_contains_value(m: dict[Any, Any], value: Any) -> bool:
    return any(java_equals(value, v) if value is not None else v is None for v in m.values())


def _m_replace(m: dict[Any, Any], key: Any, *values: Any) -> Any:
    # replace(K, V) -> the old value, or replace(K, V, V) -> whether it was replaced
    k = map_key(key)
    if len(values) == 1:
        if k not in m:
            return None
        old = m[k]
        m[k] = values[0]
        return old
    if len(values) != 2:
        raise NoSuchMethod
    old_value, new_value = values
    if k not in m or not (java_equals(m[k], old_value) or (m[k] is None and old_value is None)):
        return False
    m[k] = new_value
    return True


MAP: dict[str, Method] = {
    **_OBJECT,
    "replace": _m_replace,
    "clone": lambda m: dict(m),
    "compute": _needs_lambda(2),
    "computeIfAbsent": _needs_lambda(2),
    "computeIfPresent": _needs_lambda(2),
    "merge": _needs_lambda(3),
    "forEach": _needs_lambda(1),
    "replaceAll": _needs_lambda(1),
    "hashCode": lambda m: jformat.java_hash(m),
    "get": lambda m, k: m.get(map_key(k)),
    "getOrDefault": lambda m, k, d: m.get(map_key(k), d) if map_key(k) in m else d,
    "put": _m_put,
    "putIfAbsent": _m_put_if_absent,
    "remove": _m_remove,
    "containsKey": lambda m, k: map_key(k) in m,
    "containsValue": _m_contains_value,
    "size": lambda m: len(m),
    "isEmpty": lambda m: not m,
    "clear": _m_clear,
    "putAll": _m_put_all,
    "keySet": key_set,
    "values": lambda m: MapView(m, "values"),
    "entrySet": lambda m: MapView(m, "entries"),
}


# ---- numbers and booleans ----


def _long_value(x: Any) -> int:
    v = int(x) & 0xFFFFFFFFFFFFFFFF
    v = v - (1 << 64) if v >= 1 << 63 else v
    return make_int(v, LONG)


def _double_to_int(x: float, bits: int) -> int:
    # Java's (int)/(long) cast of a double: NaN is 0, out-of-range saturates.
    if x != x:
        return 0
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if x == math.inf or x >= hi:
        return hi
    if x == -math.inf or x <= lo:
        return lo
    return int(x)


def _n_compare_to(x: Any, other: Any) -> int:
    if isinstance(x, int):  # the Java class: a context Long and a Long literal are alike
        same = isinstance(other, int) and type(other) is not bool
        same = same and int_kind(x) == int_kind(other)
    else:
        same = type(other) is type(x)
    if not same:
        if isinstance(other, int | float) and not isinstance(other, bool):
            # compareTo(Object) is found, and the cast to the receiver's class fails (oracle)
            raise JavaException("ClassCastException", "cannot compare numbers of two classes")
        if other is None:  # compareTo(Integer) and friends take the null (oracle)
            raise JavaException("NullPointerException")
        _class_cast(other, _java_class_name(x))  # compareTo(Object), the bridge (oracle)
    return (x > other) - (x < other)  # type: ignore[no-any-return]


@_to_string_or_wrong_arity
def _integer_to_string(x: Any, *args: Any) -> str:
    # `toString(int)` is the static Integer.toString(int) (spec §4.3).
    if not args:
        return to_java_string(x)
    if len(args) == 1:
        return jformat.java_int_to_string(_int(args[0]))
    if len(args) == 2:
        return jformat.java_int_to_string(_int(args[0]), _int(args[1]))
    raise NoSuchMethod


@_to_string_or_wrong_arity
def _long_to_string(x: Any, *args: Any) -> str:
    if not args:
        return to_java_string(x)
    if len(args) == 1:
        return jformat.java_int_to_string(_long(args[0]))
    if len(args) == 2:
        return jformat.java_int_to_string(_long(args[0]), _int(args[1]))
    raise NoSuchMethod


@_to_string_or_wrong_arity
def _double_to_string(x: Any, *args: Any) -> str:
    # the static Double.toString(double) takes any number that widens to a double (oracle)
    if len(args) > 1:
        raise NoSuchMethod
    return to_java_string(_double(args[0]) if args else x)


@_to_string_or_wrong_arity
def _boolean_to_string(x: Any, *args: Any) -> str:
    if len(args) > 1 or (args and type(args[0]) is not bool):
        raise NoSuchMethod
    return to_java_string(args[0] if args else x)


def _parse_int(x: Any, s: Any, *radix: Any) -> int:
    if len(radix) == 3:
        return _parse_range(jformat.parse_int, s, radix)
    text, radixes = _str(s), [_int(r) for r in radix]
    return jformat.parse_int(_nn_number_format(text), *radixes)


def _parse_long(x: Any, s: Any, *radix: Any) -> int:
    if len(radix) == 3:
        return make_int(_parse_range(jformat.parse_long, s, radix), LONG)
    text, radixes = _str(s), [_int(r) for r in radix]
    return make_int(jformat.parse_long(_nn_number_format(text), *radixes), LONG)


def _nn_number_format(s: str | None) -> str:
    if s is None:
        raise JavaException("NumberFormatException", "Cannot parse null string: null")
    return s


def _integer_value_of(x: Any, value: Any, *radix: Any) -> int:
    if value is None or isinstance(value, str):  # null fits valueOf(String) only
        return _parse_int(x, value, *radix)
    if radix:
        raise NoSuchMethod
    return _int(value)


# ---- the static methods of Integer, Long, Double and Boolean (reached through any instance) ----


def _bits_of(width: int) -> Callable[[int], int]:
    mask = (1 << width) - 1
    return lambda v: v & mask


def _signed(value: int, width: int) -> int:
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


def _java_int(value: int, width: int) -> int:
    """A Java int (width 32) or long (width 64) result of ``value``, wrapped."""
    return _signed(value, width) if width == 32 else make_int(_signed(value, 64), LONG)


def _divide_unsigned(a: int, b: int, width: int, remainder: bool) -> int:
    mask = (1 << width) - 1
    if b == 0:
        raise JavaException("ArithmeticException", "/ by zero")
    ua, ub = a & mask, b & mask
    return _java_int(ua % ub if remainder else ua // ub, width)


def _highest_one_bit(v: int, width: int) -> int:
    u = v & ((1 << width) - 1)
    return _java_int(1 << (u.bit_length() - 1) if u else 0, width)


def _leading_zeros(v: int, width: int) -> int:
    return width - (v & ((1 << width) - 1)).bit_length()


def _trailing_zeros(v: int, width: int) -> int:
    u = v & ((1 << width) - 1)
    return width if u == 0 else (u & -u).bit_length() - 1


def _reverse_bits(v: int, width: int) -> int:
    return _java_int(int(format(v & ((1 << width) - 1), f"0{width}b")[::-1], 2), width)


def _reverse_bytes(v: int, width: int) -> int:
    u = v & ((1 << width) - 1)
    return _java_int(int.from_bytes(u.to_bytes(width // 8, "big"), "little"), width)


def _rotate(v: int, distance: int, width: int, left: bool) -> int:
    u, d = v & ((1 << width) - 1), distance & (width - 1)
    if not left:
        d = (width - d) & (width - 1)
    return _java_int((u << d) | (u >> (width - d)), width)


def _parse_unsigned(x: Any, s: Any, *radix: Any, width: int) -> int:
    radixes = [_int(r) for r in radix]  # the types first: a null with a Double finds no method
    text = _nn_number_format(_str(s))
    if text.startswith("-"):
        raise JavaException(
            "NumberFormatException", f'Illegal leading minus sign on unsigned string "{text}".'
        )
    value = jformat.parse_long(text, *radixes) if len(text) < 13 else _parse_wide(text, *radixes)
    if value >> width:
        raise JavaException(
            "NumberFormatException",
            f'String value "{text}" exceeds range of unsigned {"int" if width == 32 else "long"}.',
        )
    return _java_int(value, width)


def _parse_wide(text: str, radix: int = 10) -> int:
    """Digits beyond a long, for the unsigned parsers (checked against the range after)."""
    if not 2 <= radix <= 36:
        raise JavaException("NumberFormatException", f"radix {radix} out of range")
    body = text[1:] if text[:1] == "+" else text
    try:
        if not body or not body.isascii() or not body.isalnum():
            raise ValueError
        return int(body, radix)
    except ValueError:
        raise JavaException("NumberFormatException", f'For input string: "{text}"') from None


def _decode(x: Any, s: Any, width: int) -> int:
    """``Integer.decode`` / ``Long.decode``: sign, then ``0x``, ``0X``, ``#`` or ``0``."""
    text = _nn(_str(s))
    if not text:
        raise JavaException("NumberFormatException", "Zero length string")
    parse = jformat.parse_int if width == 32 else jformat.parse_long
    index, negative, radix = 0, False, 10
    if text[0] in "+-":
        negative, index = text[0] == "-", 1
    if text.startswith(("0x", "0X"), index):
        radix, index = 16, index + 2
    elif text.startswith("#", index):
        radix, index = 16, index + 1
    elif text.startswith("0", index) and len(text) > index + 1:
        radix, index = 8, index + 1
    if text.startswith(("-", "+"), index):
        raise JavaException("NumberFormatException", "Sign character in wrong position")
    try:
        value = parse(text[index:], radix)
        value = -value if negative else value
    except JavaException:
        value = parse(("-" if negative else "") + text[index:], radix)
    return value if width == 32 else make_int(value, LONG)


def _parse_range(parse: Callable[..., int], s: Any, args: tuple[Any, ...]) -> int:
    """``parseInt(CharSequence, beginIndex, endIndex, radix)`` and the Long one."""
    text = _str(s)
    begin, end, radix = (_int(a) for a in args)
    text = _nn(text)
    if begin < 0 or begin > end or end > len(text):
        raise JavaException("IndexOutOfBoundsException")
    return parse(text[begin:end], radix)


def _hash_static(instance_hash: Method, arg: Callable[[Any], Any]) -> Method:
    """``hashCode()``, or the static ``hashCode(value)`` of an argument."""

    @_to_string_or_wrong_arity
    def call(x: Any, *args: Any) -> int:
        if not args:
            return instance_hash(x)  # type: ignore[no-any-return]
        if len(args) > 1:
            raise NoSuchMethod
        return instance_hash(arg(args[0]))  # type: ignore[no-any-return]

    return call


def _int_statics(width: int, arg: Callable[[Any], int]) -> dict[str, Method]:
    return {
        "bitCount": lambda x, a: bin(arg(a) & ((1 << width) - 1)).count("1"),
        "compare": lambda x, a, b: (arg(a) > arg(b)) - (arg(a) < arg(b)),
        "compareUnsigned": lambda x, a, b: (
            (_bits_of(width)(arg(a)) > _bits_of(width)(arg(b)))
            - (_bits_of(width)(arg(a)) < _bits_of(width)(arg(b)))
        ),
        "divideUnsigned": lambda x, a, b: _divide_unsigned(arg(a), arg(b), width, False),
        "remainderUnsigned": lambda x, a, b: _divide_unsigned(arg(a), arg(b), width, True),
        "highestOneBit": lambda x, a: _highest_one_bit(arg(a), width),
        "lowestOneBit": lambda x, a: _java_int(arg(a) & -arg(a), width),
        "numberOfLeadingZeros": lambda x, a: _leading_zeros(arg(a), width),
        "numberOfTrailingZeros": lambda x, a: _trailing_zeros(arg(a), width),
        "reverse": lambda x, a: _reverse_bits(arg(a), width),
        "reverseBytes": lambda x, a: _reverse_bytes(arg(a), width),
        "rotateLeft": lambda x, a, d: _rotate(arg(a), _int(d), width, True),
        "rotateRight": lambda x, a, d: _rotate(arg(a), _int(d), width, False),
        "signum": lambda x, a: (arg(a) > 0) - (arg(a) < 0),
        "toUnsignedString": lambda x, a, *r: (
            jformat.java_int_to_string(_bits_of(width)(arg(a)), *[_int(v) for v in r[:1]])
            if len(r) < 2
            else _none(*r)
        ),
        "decode": lambda x, s: _decode(x, s, width),
    }


_NUMBER: dict[str, Method] = {
    **_OBJECT,
    "intValue": lambda x: int_value(x) if not isinstance(x, float) else _double_to_int(x, 32),
    "longValue": lambda x: _long_value(x if not isinstance(x, float) else _double_to_int(x, 64)),
    "doubleValue": lambda x: to_double(x),
    "floatValue": lambda x: JFloat(jfloat.to_float(x)),
    "shortValue": lambda x: (
        ((int(x) + 2**15) % 2**16) - 2**15
        if not isinstance(x, float)
        else ((_double_to_int(x, 32) + 2**15) % 2**16) - 2**15
    ),
    "byteValue": lambda x: (
        ((int(x) + 128) % 256) - 128
        if not isinstance(x, float)
        else ((_double_to_int(x, 32) + 128) % 256) - 128
    ),
    "compareTo": _n_compare_to,
    "hashCode": lambda x: jformat.java_hash(x),
}

INTEGER_METHODS: dict[str, Method] = {
    **_NUMBER,
    **_int_statics(32, _int),
    "hashCode": _hash_static(lambda x: jformat.java_hash(x), _int),
    "toUnsignedLong": lambda x, a: make_int(_int(a) & 0xFFFFFFFF, LONG),
    "parseUnsignedInt": lambda x, s, *r: _parse_unsigned(x, s, *r, width=32),
    "toString": _integer_to_string,
    "parseInt": _parse_int,
    "valueOf": _integer_value_of,
    "max": lambda x, a, b: max(_int(a), _int(b)),
    "min": lambda x, a, b: min(_int(a), _int(b)),
    "sum": lambda x, a, b: int_value(_int(a) + _int(b)),
    "toHexString": lambda x, a: format(_int(a) & 0xFFFFFFFF, "x"),
    "toBinaryString": lambda x, a: format(_int(a) & 0xFFFFFFFF, "b"),
    "toOctalString": lambda x, a: format(_int(a) & 0xFFFFFFFF, "o"),
}

LONG_METHODS: dict[str, Method] = {
    **_NUMBER,
    **_int_statics(64, _long),
    "hashCode": _hash_static(
        lambda x: _signed((x & 0xFFFFFFFFFFFFFFFF) ^ ((x & 0xFFFFFFFFFFFFFFFF) >> 32), 32), _long
    ),
    "parseUnsignedLong": lambda x, s, *r: _parse_unsigned(x, s, *r, width=64),
    "toString": _long_to_string,
    "parseLong": _parse_long,
    "valueOf": lambda x, s, *r: (
        _parse_long(x, s, *r)
        if s is None or isinstance(s, str)
        else make_int(_long(s), LONG)
        if not r
        else _none(*r)
    ),
    "max": lambda x, a, b: max(_long(a), _long(b)),
    "min": lambda x, a, b: min(_long(a), _long(b)),
    "sum": lambda x, a, b: _long_value(_long(a) + _long(b)),
    "toHexString": lambda x, a: format(_long(a) & 0xFFFFFFFFFFFFFFFF, "x"),
    "toBinaryString": lambda x, a: format(_long(a) & 0xFFFFFFFFFFFFFFFF, "b"),
    "toOctalString": lambda x, a: format(_long(a) & 0xFFFFFFFFFFFFFFFF, "o"),
}


@_to_string_or_wrong_arity
def _biginteger_to_string(x: Any, *radix: Any) -> str:
    # BigInteger.toString(radix): a sign and lower-case digits; a radix outside 2..36 is 10
    if not radix:
        return to_java_string(x)
    if len(radix) > 1:
        raise NoSuchMethod
    return jformat.java_int_to_string(int(x), _int(radix[0]))


def _big(x: Any) -> int:
    """A ``BigInteger`` parameter: only a BigInteger fits (no Integer or Long widens)."""
    if isinstance(x, int) and type(x) is not bool and int_kind(x) == BIGINTEGER:
        return int(x)
    raise NoSuchMethod


def _big_result(value: int) -> int:
    return make_int(value, BIGINTEGER)


def _big_divide(a: int, b: int, remainder: bool) -> int:
    if b == 0:
        raise JavaException("ArithmeticException", "BigInteger divide by zero")
    q = abs(a) // abs(b)
    q = -q if (a < 0) != (b < 0) else q
    return _big_result(a - q * b if remainder else q)


def _big_mod(a: int, m: int) -> int:
    if m <= 0:
        raise JavaException("ArithmeticException", "BigInteger: modulus not positive")
    return _big_result(a % m)


def _big_pow(a: int, exponent: int) -> int:
    if exponent < 0:
        raise JavaException("ArithmeticException", "Negative exponent")
    if a not in (-1, 0, 1) and abs(a).bit_length() * exponent > MAX_BIGINTEGER_BITS:
        raise bigint_overflow()
    return _big_result(a**exponent)


def _big_multiply(a: int, b: int) -> int:
    if a.bit_length() + b.bit_length() > MAX_BIGINTEGER_BITS:
        raise bigint_overflow()
    return _big_result(a * b)


def _big_sqrt(a: int) -> int:
    if a < 0:
        raise JavaException("ArithmeticException", "Negative BigInteger")
    return _big_result(math.isqrt(a))


def _big_exact(a: int, width: int) -> int:
    if not -(1 << (width - 1)) <= a < 1 << (width - 1):
        kind = "int" if width == 32 else "long"
        raise JavaException("ArithmeticException", f"BigInteger out of {kind} range")
    return a if width == 32 else make_int(a, LONG)


def _big_bit(a: int, n: int) -> bool:
    if n < 0:
        raise JavaException("ArithmeticException", "Negative bit address")
    return bool((a >> n) & 1)


def _big_shift(a: int, n: int, left: bool) -> int:
    n = n if left else -n
    # the result's size is bounded, not the distance: repeated shifts must not grow past it
    if n > 0 and a and a.bit_length() + n > MAX_SHIFT_BITS:
        raise bigint_overflow()
    return _big_result(a << n if n >= 0 else a >> -n)


BIGINTEGER_METHODS: dict[str, Method] = {
    **_NUMBER,
    "abs": lambda x: _big_result(abs(int(x))),
    "negate": lambda x: _big_result(-int(x)),
    "signum": lambda x: (x > 0) - (x < 0),
    "add": lambda x, y: _big_result(int(x) + _big(y)),
    "subtract": lambda x, y: _big_result(int(x) - _big(y)),
    "multiply": lambda x, y: _big_multiply(int(x), _big(y)),
    "divide": lambda x, y: _big_divide(int(x), _big(y), False),
    "remainder": lambda x, y: _big_divide(int(x), _big(y), True),
    "mod": lambda x, y: _big_mod(int(x), _big(y)),
    "gcd": lambda x, y: _big_result(math.gcd(int(x), _big(y))),
    "min": lambda x, y: x if int(x) <= _big(y) else y,
    "max": lambda x, y: x if int(x) >= _big(y) else y,
    "pow": lambda x, n: _big_pow(int(x), _int(n)),
    "sqrt": lambda x: _big_sqrt(int(x)),
    "bitLength": lambda x: (int(x) if x >= 0 else ~int(x)).bit_length(),
    "bitCount": lambda x: bin(int(x) if x >= 0 else ~int(x)).count("1"),
    "testBit": lambda x, n: _big_bit(int(x), _int(n)),
    "getLowestSetBit": lambda x: (int(x) & -int(x)).bit_length() - 1,
    "shiftLeft": lambda x, n: _big_shift(int(x), _int(n), True),
    "shiftRight": lambda x, n: _big_shift(int(x), _int(n), False),
    "and": lambda x, y: _big_result(int(x) & _big(y)),
    "or": lambda x, y: _big_result(int(x) | _big(y)),
    "xor": lambda x, y: _big_result(int(x) ^ _big(y)),
    "andNot": lambda x, y: _big_result(int(x) & ~_big(y)),
    "not": lambda x: _big_result(~int(x)),
    "intValueExact": lambda x: _big_exact(int(x), 32),
    "longValueExact": lambda x: _big_exact(int(x), 64),
    "valueOf": lambda x, v: _big_result(_long(v)),
    "hashCode": lambda x: jformat.java_biginteger_hash(int(x)),
    "toString": _biginteger_to_string,
}

BIGDECIMAL_METHODS: dict[str, Method] = {
    **_NUMBER,
    "hashCode": lambda x: jformat.java_bigdecimal_hash(x),
    "scale": lambda x: -int(x.as_tuple().exponent),
}


def _parse_double(x: Any, s: Any) -> float:
    text = _str(s)
    if text is None:
        raise JavaException("NullPointerException")
    return jformat.parse_double(text)


_DOUBLE, _LONG = struct.Struct("<d"), struct.Struct("<q")


def _value_tests(arg: Callable[[Any], float]) -> dict[str, Method]:
    """isNaN()/isInfinite() of the value, or the static ``isNaN(double)`` (``float``) of an
    argument."""

    def value(x: Any, args: tuple[Any, ...]) -> float:
        if len(args) > 1:
            raise NoSuchMethod
        return arg(args[0]) if args else x

    return {
        "isNaN": _to_string_or_wrong_arity(lambda x, *a: value(x, a) != value(x, a)),
        "isInfinite": _to_string_or_wrong_arity(lambda x, *a: value(x, a) in (math.inf, -math.inf)),
    }


DOUBLE_METHODS: dict[str, Method] = {
    **_NUMBER,
    **_value_tests(_double),
    "parseDouble": _parse_double,
    "valueOf": lambda x, s: _parse_double(x, s) if s is None or isinstance(s, str) else _double(s),
    "toString": _double_to_string,
    "compareTo": lambda x, o: _double_compare(x, o) if type(o) is float else _n_compare_to(x, o),
    "hashCode": _hash_static(lambda x: jformat.java_hash(x), _double),
    "compare": lambda x, a, b: _double_compare(_double(a), _double(b)),
    "isFinite": lambda x, a: math.isfinite(_double(a)),
    "max": lambda x, a, b: _double_max(_double(a), _double(b), True),
    "min": lambda x, a, b: _double_max(_double(a), _double(b), False),
    "sum": lambda x, a, b: _double(a) + _double(b),
    "toHexString": lambda x, a: _double_hex(_double(a)),
    "doubleToLongBits": lambda x, a: make_int(_double_bits(_double(a), raw=False), LONG),
    "doubleToRawLongBits": lambda x, a: make_int(_double_bits(_double(a), raw=True), LONG),
    "longBitsToDouble": lambda x, a: _DOUBLE.unpack(_LONG.pack(_long(a)))[0],
}


def _parse_float(x: Any, s: Any) -> JFloat:
    text = _str(s)
    if text is None:
        raise JavaException("NullPointerException")
    return JFloat(jfloat.parse_float(text))


@_to_string_or_wrong_arity
def _float_to_string(x: Any, *args: Any) -> str:
    # the static Float.toString(float) takes a Float, Integer or Long (oracle)
    if len(args) > 1:
        raise NoSuchMethod
    return java_float_to_string(_float(args[0]) if args else x)


FLOAT_METHODS: dict[str, Method] = {
    **_NUMBER,
    **_value_tests(_float),
    "parseFloat": _parse_float,
    "valueOf": lambda x, s: (
        _parse_float(x, s) if s is None or isinstance(s, str) else JFloat(_float(s))
    ),
    "toString": _float_to_string,
    "compareTo": lambda x, o: _double_compare(x, o) if type(o) is JFloat else _n_compare_to(x, o),
    "hashCode": _hash_static(jfloat.float_to_int_bits, _float),
    "compare": lambda x, a, b: _double_compare(_float(a), _float(b)),
    "isFinite": lambda x, a: math.isfinite(_float(a)),
    "max": lambda x, a, b: JFloat(_double_max(_float(a), _float(b), True)),
    "min": lambda x, a, b: JFloat(_double_max(_float(a), _float(b), False)),
    "sum": lambda x, a, b: JFloat(jfloat.round_double(_float(a) + _float(b))),
    "toHexString": lambda x, a: jfloat.float_hex(_float(a), _double_hex),
    "floatToIntBits": lambda x, a: jfloat.float_to_int_bits(_float(a)),
    "floatToRawIntBits": lambda x, a: jfloat.float_to_int_bits(_float(a), raw=True),
    "intBitsToFloat": lambda x, a: JFloat(jfloat.int_bits_to_float(_int(a))),
}


def _double_bits(x: float, raw: bool) -> int:
    if x != x and not raw:
        return 0x7FF8000000000000  # doubleToLongBits: the canonical NaN
    return int(_LONG.unpack(_DOUBLE.pack(x))[0])


def _double_max(a: float, b: float, larger: bool) -> float:
    """Math.max/min: NaN wins, and 0.0 is above -0.0."""
    if a != a or b != b:
        return math.nan
    if a == b == 0:
        negative = math.copysign(1, a) < 0 or math.copysign(1, b) < 0
        if larger:
            negative = math.copysign(1, a) < 0 and math.copysign(1, b) < 0
        return -0.0 if negative else 0.0
    return max(a, b) if larger else min(a, b)


def _double_hex(x: float) -> str:
    """``Double.toHexString``: ``0x1.8p0``, subnormals as ``0x0.…p-1022``."""
    if x != x:
        return "NaN"
    if x in (math.inf, -math.inf):
        return "Infinity" if x > 0 else "-Infinity"
    bits = _double_bits(x, raw=True) & 0x7FFFFFFFFFFFFFFF
    sign = "-" if math.copysign(1, x) < 0 else ""
    if bits == 0:
        return sign + "0x0.0p0"
    fraction = format(bits & 0xFFFFFFFFFFFFF, "013x").rstrip("0") or "0"
    exponent = bits >> 52
    if exponent == 0:
        return f"{sign}0x0.{fraction}p-1022"
    return f"{sign}0x1.{fraction}p{exponent - 1023}"


def _double_compare(x: float, y: float) -> int:
    """Double.compare: -0.0 below 0.0, NaN above everything and equal to itself."""
    if x != x or y != y:
        return (x != x) - (y != y)
    if x == y:
        return (math.copysign(1, x) > math.copysign(1, y)) - (
            math.copysign(1, x) < math.copysign(1, y)
        )
    return (x > y) - (x < y)


def _bool(x: Any) -> bool:
    if type(x) is bool:
        return x
    raise NoSuchMethod


def _parse_boolean(x: Any, s: Any) -> bool:
    text = _str(s)
    return text is not None and text.lower() == "true"


BOOLEAN_METHODS: dict[str, Method] = {
    **_OBJECT,
    "booleanValue": lambda b: b,
    "toString": _boolean_to_string,
    "compareTo": lambda b, o: (
        (b > o) - (b < o)
        if type(o) is bool
        else _class_cast(o, "java.lang.Boolean")
        if o is not None
        else _nn(o)
    ),
    "parseBoolean": _parse_boolean,
    "valueOf": lambda b, s: s if type(s) is bool else _parse_boolean(b, s),
    "hashCode": _hash_static(lambda b: 1231 if b else 1237, lambda b: _bool(b)),
    "compare": lambda b, x, y: (_bool(x) > _bool(y)) - (_bool(x) < _bool(y)),
    "logicalAnd": lambda b, x, y: _bool(x) & _bool(y),
    "logicalOr": lambda b, x, y: _bool(x) | _bool(y),
    "logicalXor": lambda b, x, y: _bool(x) ^ _bool(y),
}


# ---- engine objects ----


def _scope_parent(scope: ForeachScope) -> Any:
    return scope.parent


def _on_scope_map(method: Method) -> Method:
    return lambda scope, *args: method(scope.map(), *args)


def _scope_equals(scope: ForeachScope, other: Any) -> bool:
    return java_equals(scope.map(), other.map() if isinstance(other, ForeachScope) else other)


FOREACH_METHODS: dict[str, Method] = {
    # the Map methods of Velocity's Scope, on what the template put into it
    # (an AbstractMap: no public clone; oracle)
    **{name: _on_scope_map(method) for name, method in MAP.items() if name != "clone"},
    "equals": _scope_equals,
    "getCount": lambda f: f.index + 1,
    "getIndex": lambda f: f.index,
    "hasNext": lambda f: f.has_next(),
    "getHasNext": lambda f: f.has_next(),
    "isFirst": lambda f: f.index == 0,
    "getFirst": lambda f: f.index == 0,
    "isLast": lambda f: not f.has_next(),
    "getLast": lambda f: not f.has_next(),
    "getParent": _scope_parent,
    "getTopmost": lambda f: f.topmost(),
}


def _entry_set_value(entry: MapEntry, value: Any) -> Any:
    old = entry.value
    entry.value = value
    entry.map[entry.key] = value
    return old


ENTRY_METHODS: dict[str, Method] = {
    **_OBJECT,
    "hashCode": lambda e: e.__vtl_hash__(),
    "getKey": lambda e: unwrap_key(e.key),
    "getValue": lambda e: e.value,
    "setValue": _entry_set_value,
}


def _void(method: Callable[..., object], *args: Any) -> Any:
    method(*args)
    return VOID


def _listing(op: Method) -> Method:
    """A ListIterator method: an Iterator has none, whatever the arguments (oracle:
    `$a.iterator().previous(1)` is invalid, `$a.listIterator().previous(1)` a wrong arity)."""

    def call(it: JavaIterator, *args: Any) -> Any:
        if not it.listing:
            raise NoSuchMethod
        return op(it, *args)

    return call


ITERATOR_METHODS: dict[str, Method] = {
    **_OBJECT,  # equals (identity) and toString, as every Java object has them
    "hasNext": lambda it: it.has_next(),
    "next": lambda it: it.next_item(),
    "remove": lambda it: _void(it.remove),
    # ListIterator's (Velocity sees the runtime class, ArrayList$ListItr)
    "hasPrevious": _listing(lambda it: it.has_previous()),
    "previous": _listing(lambda it: it.previous_item()),
    "nextIndex": _listing(lambda it: it.next_index()),
    "previousIndex": _listing(lambda it: it.next_index() - 1),
    "set": _listing(lambda it, value: _void(it.set_item, value)),
    "add": _listing(lambda it, value: _void(it.add_item, value)),
}


def _char(x: Any) -> str:
    if type(x) is not JavaChar:
        raise NoSuchMethod
    return x


def _c_compare_to(c: str, other: Any) -> int:
    """compareTo(Character), through the bridge compareTo(Object): any other value is a
    ClassCastException, a null a NullPointerException (oracle)."""
    if other is None:
        raise JavaException("NullPointerException")
    if type(other) is not JavaChar:
        _class_cast(other, "java.lang.Character")
    return ord(c) - ord(other)


def _c_to_string(c: str, *args: Any) -> str:
    """toString(), or the static toString(char) and toString(int codePoint)."""
    if not args:
        return str(c)  # a String, no longer a Character
    if len(args) > 1:
        raise NoSuchMethod
    if type(args[0]) is JavaChar:
        return str(args[0])
    point = _int(args[0])
    if not 0 <= point <= 0x10FFFF:
        raise JavaException(
            "IllegalArgumentException", f"Not a valid Unicode code point: 0x{point & 0xFFFFFFFF:X}"
        )
    return chr(point)


CHARACTER_METHODS: dict[str, Method] = {
    **_OBJECT,
    "charValue": lambda c: c,
    "compareTo": _c_compare_to,
    "hashCode": _hash_static(lambda c: ord(c), _char),
    "toString": _to_string_or_wrong_arity(_c_to_string),
}

_BUILTIN: dict[type, Mapping[str, Method]] = {
    JavaChar: CHARACTER_METHODS,
    str: STRING,
    list: LIST,
    JavaArray: ARRAY,
    dict: MAP,
    bool: BOOLEAN_METHODS,
    float: DOUBLE_METHODS,
    JFloat: FLOAT_METHODS,
    JLong: LONG_METHODS,
    JBigInteger: BIGINTEGER_METHODS,
    Decimal: BIGDECIMAL_METHODS,
    ForeachScope: FOREACH_METHODS,
    MapEntry: ENTRY_METHODS,
    JavaIterator: ITERATOR_METHODS,
    MapView: VIEW,
    DefinedBlock: DefinedBlock.__vtl_methods__,
}


_BY_KIND = {INTEGER: INTEGER_METHODS, LONG: LONG_METHODS, BIGINTEGER: BIGINTEGER_METHODS}


def table_for(t: type) -> Mapping[str, Method]:
    """The method table of Python type ``t``; user classes supply ``__vtl_methods__``."""
    if t is int:
        return _IntDispatch()
    table = _BUILTIN.get(t)
    if table is not None:
        return table
    custom: Mapping[str, Method] = getattr(t, "__vtl_methods__", None) or {}
    for base in t.__mro__[1:]:
        inherited = _BUILTIN.get(base)
        if inherited is not None:
            return {**inherited, **custom}
    return dict(custom)


class _IntDispatch(Mapping[str, Method]):
    """A plain ``int`` is an Integer, Long or BigInteger depending on its value."""

    def __getitem__(self, name: str) -> Method:
        def dispatch(x: int, *args: Any) -> Any:
            method = _BY_KIND[int_kind(x)].get(name)
            if method is None:
                raise NoSuchMethod
            return method(x, *args)

        if not any(name in table for table in _BY_KIND.values()):
            raise KeyError(name)
        return dispatch

    def __iter__(self) -> Any:
        return iter(set().union(*_BY_KIND.values()))

    def __len__(self) -> int:
        return len(set().union(*_BY_KIND.values()))
