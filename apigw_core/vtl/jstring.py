"""``java.lang.String`` operations on Python strings.

Java strings are UTF-16: ``length()``, indexes and ``charAt`` count code units, so a character
outside the Basic Multilingual Plane counts twice (spec §4.3). Strings made only of BMP
characters, the common case, take the direct Python path.
"""

from __future__ import annotations

import re

from apigw_core.vtl.values import JavaException

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _is_bmp(s: str) -> bool:
    return s.isascii() or _ASTRAL.search(s) is None


def _split_astral(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _units(s: str) -> str:
    """``s`` with each astral character split into its two surrogates (one str char each)."""
    return _ASTRAL.sub(_split_astral, s)


def join_units(units: str) -> str:
    """Reassemble surrogate pairs produced by :func:`_units`; lone halves stay as they are."""
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def utf16_length(s: str) -> int:
    """``String.length()``."""
    if _is_bmp(s):
        return len(s)
    return len(s) + len(_ASTRAL.findall(s))


def _bounds_error(message: str) -> JavaException:
    return JavaException("StringIndexOutOfBoundsException", message)


def java_substring(s: str, begin: int, end: int | None = None) -> str:
    """``String.substring(begin[, end])``: throws out of range."""
    units = utf16_units(s)
    length = len(units)
    stop = length if end is None else end
    if begin < 0 or stop > length or begin > stop:
        raise _bounds_error(f"begin {begin}, end {stop}, length {length}")
    return units[begin:stop] if units is s else join_units(units[begin:stop])


def java_char_at(s: str, index: int) -> str:
    """``String.charAt(index)``: one UTF-16 code unit (a lone surrogate for astral chars)."""
    units = utf16_units(s)
    if not 0 <= index < len(units):
        raise _bounds_error(f"Index {index} out of bounds for length {len(units)}")
    return units[index]


def _needle(target: str | int) -> str:
    if isinstance(target, int):
        if 0 <= target < 0x110000:
            return chr(target) if target < 0x10000 else _units(chr(target))
        return "\x00\x00invalid"  # matches nothing, as Java's indexOf of an invalid code point
    return target if _is_bmp(target) else _units(target)


def java_index_of(s: str, target: str | int, from_index: int = 0) -> int:
    """``String.indexOf``: an ``int`` target is a character code."""
    units = utf16_units(s)
    # a start past the end finds "" at the end (oracle: `"42".indexOf("", 5)` is 2)
    return units.find(_needle(target), min(max(from_index, 0), len(units)))


def java_last_index_of(s: str, target: str | int, from_index: int | None = None) -> int:
    """``String.lastIndexOf``."""
    units = utf16_units(s)
    needle = _needle(target)
    if from_index is None:
        return units.rfind(needle)
    if from_index < 0:
        return -1
    return units.rfind(needle, 0, from_index + len(needle))


def java_trim(s: str) -> str:
    """``String.trim()``: strips characters up to U+0020 only."""
    start, end = 0, len(s)
    while start < end and s[start] <= " ":
        start += 1
    while end > start and s[end - 1] <= " ":
        end -= 1
    return s[start:end]


def java_to_upper(s: str) -> str:
    """``String.toUpperCase()`` (full case mapping: ``ß`` becomes ``SS``)."""
    return s.upper()


def java_to_lower(s: str) -> str:
    """``String.toLowerCase()`` (Python and Java agree on final sigma and dotted I)."""
    return s.lower()


def java_hash_code(s: str) -> int:
    """``String.hashCode()``: 32-bit, over UTF-16 code units."""
    h = 0
    for unit in utf16_units(s):
        h = (31 * h + ord(unit)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


def java_compare_to(a: str, b: str) -> int:
    """``String.compareTo``: the difference of the first differing code units, else lengths."""
    ua = utf16_units(a)
    ub = utf16_units(b)
    for x, y in zip(ua, ub, strict=False):
        if x != y:
            return ord(x) - ord(y)
    return len(ua) - len(ub)


# Simple (one-char) lower-case mappings where Python only has a longer full mapping
_SIMPLE_LOWER = {"\u0130": "i"}  # `İ`


def _char_case(char: str, upper: bool) -> str:
    # Character.toUpperCase/toLowerCase: one char to one char, so `ß` stays `ß`
    mapped = char.upper() if upper else _SIMPLE_LOWER.get(char) or char.lower()
    return mapped if len(mapped) == 1 else char


def java_compare_ignore_case(a: str, b: str) -> int:
    """``String.compareToIgnoreCase``: per UTF-16 unit, upper then lower case."""
    ua = utf16_units(a)
    ub = utf16_units(b)
    for x, y in zip(ua, ub, strict=False):
        if x != y:
            x, y = _char_case(x, True), _char_case(y, True)
            if x != y:
                x, y = _char_case(x, False), _char_case(y, False)
                if x != y:
                    return ord(x) - ord(y)
    return len(ua) - len(ub)


def java_equals_ignore_case(a: str, b: str) -> bool:
    """``String.equalsIgnoreCase``: per character, upper then lower case compared."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y:
            x, y = _char_case(x, True), _char_case(y, True)
            if x != y and _char_case(x, False) != _char_case(y, False):
                return False
    return True


def java_contains(s: str, target: str) -> bool:
    """``String.contains``."""
    return target in s


def java_starts_with(s: str, prefix: str, offset: int = 0) -> bool:
    """``String.startsWith(prefix[, offset])``."""
    units = utf16_units(s)
    if offset < 0 or offset > len(units):
        return False
    return units.startswith(_needle(prefix), offset)


def java_replace(s: str, target: str, replacement: str) -> str:
    """``String.replace(CharSequence, CharSequence)``: literal; an empty target inserts the
    replacement between every UTF-16 unit and at both ends (splitting surrogate pairs)."""
    if not target and not _is_bmp(s):
        return join_units(_units(s).replace("", replacement))
    return s.replace(target, replacement)


def utf16_units(s: str) -> str:
    """``s`` as Java sees it: each character outside the BMP as two surrogate characters."""
    return s if _is_bmp(s) else _units(s)


def unescape_unicode(text: str) -> str:
    r"""Velocity's ``\uXXXX`` decoding of a double-quoted string (spec §3.1).

    Like ASTStringLiteral.unescape it takes the four characters after each ``\u`` and parses
    them with ``Integer.parseInt(s, 16)``, so a short or bad escape throws."""
    from apigw_core.vtl.jformat import parse_int

    u = text.find("\\u")
    if u < 0:
        return text
    out = []
    last = 0
    while u >= 0:
        out.append(text[last:u])
        if u + 6 > len(text):
            raise JavaException(
                "StringIndexOutOfBoundsException", f"begin {u + 2}, end {u + 6}, length {len(text)}"
            )
        out.append(chr(parse_int(text[u + 2 : u + 6], 16) & 0xFFFF))  # the (char) cast
        last = u + 6
        u = text.find("\\u", last)
    out.append(text[last:])
    return "".join(out)


# ---- Character.isWhitespace, strip, lines and indentation (JDK 11-15 String methods) ----

# Character.isWhitespace: the space separators but the no-break ones, the line and paragraph
# separators, and the ASCII controls \t \n \v \f \r and \x1c-\x1f (Unicode 13, JDK 17)
_JAVA_WHITESPACE = frozenset(
    " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)


def java_is_whitespace(char: str) -> bool:
    """``Character.isWhitespace`` of one character (``\\u00a0`` is not whitespace)."""
    return char in _JAVA_WHITESPACE


def _first_non_blank(s: str) -> int:
    i = 0
    while i < len(s) and s[i] in _JAVA_WHITESPACE:
        i += 1
    return i


def _last_non_blank(s: str) -> int:
    """The index after the last non-whitespace character."""
    i = len(s)
    while i > 0 and s[i - 1] in _JAVA_WHITESPACE:
        i -= 1
    return i


def java_strip(s: str, leading: bool = True, trailing: bool = True) -> str:
    """``strip()``, ``stripLeading()``, ``stripTrailing()``: ``Character.isWhitespace``."""
    start = _first_non_blank(s) if leading else 0
    end = _last_non_blank(s) if trailing else len(s)
    return s[start:end] if start < end else ""


def java_is_blank(s: str) -> bool:
    return _first_non_blank(s) == len(s)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def java_lines(s: str) -> list[str]:
    """``String.lines()``: split at ``\\n``, ``\\r`` and ``\\r\\n``; no empty last line."""
    lines = _LINE_BREAK.split(s)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def java_indent(s: str, n: int) -> str:
    """``String.indent(n)``: each line indented or outdented, each ending with ``\\n``."""
    if not s:
        return ""
    lines = java_lines(s)
    if n > 0:
        lines = [" " * n + line for line in lines]
    elif n == -(2**31):
        lines = [java_strip(line, trailing=False) for line in lines]
    elif n < 0:
        lines = [line[min(-n, _first_non_blank(line)) :] for line in lines]
    return "".join(line + "\n" for line in lines)


def java_strip_indent(s: str) -> str:
    """``String.stripIndent()``: the incidental indentation of a text block removed."""
    if not s:
        return ""
    opt_out = s[-1] in "\n\r"
    lines = java_lines(s)
    outdent = 0
    if not opt_out:
        outdent = 2**31 - 1
        for line in lines:
            leading = _first_non_blank(line)
            if leading != len(line):
                outdent = min(outdent, leading)
        if java_is_blank(lines[-1]):
            outdent = min(outdent, len(lines[-1]))
    out = []
    for line in lines:
        first, last = _first_non_blank(line), _last_non_blank(line)
        out.append("" if first > last else line[min(outdent, first) : last])
    return "\n".join(out) + ("\n" if opt_out else "")


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " "}


def java_translate_escapes(s: str) -> str:
    """``String.translateEscapes()``: Java's escapes, octal and line continuations; no
    ``\\u`` (an ``IllegalArgumentException``, as is any other escape)."""
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        i += 1
        if ch != "\\":
            out.append(ch)
            continue
        ch = s[i] if i < n else "\0"
        i += 1
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch in "'\"\\":
            out.append(ch)
        elif "0" <= ch <= "7":
            limit = min(i + (2 if ch <= "3" else 1), n)
            code = ord(ch) - 48
            while i < limit and "0" <= s[i] <= "7":
                code = (code << 3) | (ord(s[i]) - 48)
                i += 1
            out.append(chr(code))
        elif ch == "\n":
            continue
        elif ch == "\r":
            if i < n and s[i] == "\n":
                i += 1
        else:
            raise JavaException(
                "IllegalArgumentException", f"Invalid escape sequence: \\{ch} \\\\u{ord(ch):04X}"
            )
    return "".join(out)


def java_region_matches(
    s: str, ignore_case: bool, offset: int, other: str, other_offset: int, length: int
) -> bool:
    """``String.regionMatches([ignoreCase,] toffset, other, ooffset, len)`` in UTF-16 units."""
    units, other_units = utf16_units(s), utf16_units(other)
    if (
        other_offset < 0
        or offset < 0
        or offset > len(units) - length
        or other_offset > len(other_units) - length
    ):
        return False
    if length <= 0:
        return True
    a = units[offset : offset + length]
    b = other_units[other_offset : other_offset + length]
    return java_equals_ignore_case(a, b) if ignore_case else a == b


def _is_high(unit: str) -> bool:
    return "\ud800" <= unit < "\udc00"


def _is_low(unit: str) -> bool:
    return "\udc00" <= unit <= "\udfff"


def java_code_point_before(s: str, index: int) -> int:
    units = utf16_units(s)
    if index < 1 or index > len(units):
        raise _bounds_error(f"String index out of range: {index}")
    low = units[index - 1]
    if _is_low(low) and index >= 2 and _is_high(units[index - 2]):
        return 0x10000 + ((ord(units[index - 2]) - 0xD800) << 10) + (ord(low) - 0xDC00)
    return ord(low)


def java_code_point_count(s: str, begin: int, end: int) -> int:
    units = utf16_units(s)
    if begin < 0 or end > len(units) or begin > end:
        raise JavaException("IndexOutOfBoundsException")
    count = end - begin
    for i in range(begin, end - 1):
        if _is_high(units[i]) and _is_low(units[i + 1]):
            count -= 1
    return count


def java_offset_by_code_points(s: str, index: int, offset: int) -> int:
    units = utf16_units(s)
    length = len(units)
    if index < 0 or index > length:
        raise JavaException("IndexOutOfBoundsException")
    i = index
    if offset >= 0:
        for _ in range(offset):
            if i >= length:
                raise JavaException("IndexOutOfBoundsException")
            i += 2 if _is_high(units[i]) and i + 1 < length and _is_low(units[i + 1]) else 1
    else:
        for _ in range(-offset):
            if i <= 0:
                raise JavaException("IndexOutOfBoundsException")
            i -= 2 if _is_low(units[i - 1]) and i >= 2 and _is_high(units[i - 2]) else 1
    return i
