"""Java regular expressions (``java.util.regex``) on Python's ``re``.

``String.matches``, ``replaceAll``, ``replaceFirst`` and ``split`` take Java patterns
(spec §4.4). A pattern is translated once into an equivalent Python pattern: Java's
ASCII-only ``\\d \\w \\s``, its ``.`` and ``$`` that know all of Java's line terminators,
``\\Q...\\E``, ``\\p{...}`` classes, nested character classes and named groups. Invalid patterns
throw Java's ``PatternSyntaxException`` (a render error); a construct with no faithful
translation raises :class:`UnsupportedJavaRegex` rather than matching differently.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from apigw_core.vtl import jstring
from apigw_core.vtl.errors import VtlRenderError
from apigw_core.vtl.values import JavaException

__all__ = [
    "UnsupportedJavaRegex",
    "compile_java_regex",
    "java_matches",
    "java_replace_all",
    "java_replace_first",
    "java_split",
]


class UnsupportedJavaRegex(VtlRenderError):
    """The Java pattern uses a construct apigw_core cannot translate faithfully."""

    def __init__(self, pattern: str, construct: str | None = None, **located: Any) -> None:
        # with one argument it is the message: Template._locate rebuilds errors that way
        message = pattern
        if construct is not None:
            message = f"unsupported Java regular expression construct {construct!r} in {pattern!r}"
        super().__init__(message, **located)


_TERMINATORS = "\\n\\r\\u0085\\u2028\\u2029"
_DOT = f"[^{_TERMINATORS}]"
# Java's `$` and `\Z` without MULTILINE: at the end or before a final line break (not inside a
# final CRLF)
_END = f"(?:(?=(?:\\r\\n|[{_TERMINATORS}])?\\Z)(?!(?<=\\r)\\n))"
# MULTILINE `$` and `^` treat CRLF as one line break: never between its \r and \n (Java)
# and `^` never matches at the end of the input, even an empty one.
_MULTILINE_END = "(?:(?=[\\r\\u0085\\u2028\\u2029]|\\Z)|(?<!\\r)(?=\\n))"
_MULTILINE_START = "(?:(?:\\A|(?<=[\\n\\u0085\\u2028\\u2029])|(?<=\\r)(?!\\n))(?!\\Z))"
_CLASS_ESCAPES = {
    "d": "0-9",
    "w": "a-zA-Z_0-9",
    "s": " \\t\\n\\x0b\\f\\r",
    "h": " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000",
    "v": "\\n\\x0b\\f\\r\\x85\\u2028\\u2029",
}
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
}
_SIMPLE_ESCAPES = {"t": "\\t", "n": "\\n", "r": "\\r", "f": "\\f", "a": "\\x07", "e": "\\x1b"}


def _syntax(message: str, pattern: str, index: int) -> JavaException:
    return JavaException("PatternSyntaxException", f"{message} near index {index}\n{pattern}")


@functools.lru_cache(maxsize=64)
def _category(name: str) -> str:
    """A Python class body for a Unicode general category such as ``L`` or ``Lu``."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith(name):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(
        _class_char(chr(a)) if a == b else f"{_class_char(chr(a))}-{_class_char(chr(b))}"
        for a, b in ranges
    )


def _class_char(char: str) -> str:
    return (
        "\\" + char if char in "\\]^-[" else char if char.isprintable() else f"\\U{ord(char):08x}"
    )


# Unicode blocks for `\p{InName}` (Character.UnicodeBlock): the ones text in mapping templates
# plausibly meets. Names compare without case, spaces, hyphens and underscores.
_BLOCKS: dict[str, tuple[int, int]] = {
    "basiclatin": (0x0000, 0x007F), "latin1supplement": (0x0080, 0x00FF),
    "latinextendeda": (0x0100, 0x017F), "latinextendedb": (0x0180, 0x024F),
    "ipaextensions": (0x0250, 0x02AF), "spacingmodifierletters": (0x02B0, 0x02FF),
    "combiningdiacriticalmarks": (0x0300, 0x036F), "greek": (0x0370, 0x03FF),
    "greekandcoptic": (0x0370, 0x03FF), "cyrillic": (0x0400, 0x04FF),
    "armenian": (0x0530, 0x058F), "hebrew": (0x0590, 0x05FF), "arabic": (0x0600, 0x06FF),
    "devanagari": (0x0900, 0x097F), "thai": (0x0E00, 0x0E7F), "hanguljamo": (0x1100, 0x11FF),
    "latinextendedadditional": (0x1E00, 0x1EFF), "greekextended": (0x1F00, 0x1FFF),
    "generalpunctuation": (0x2000, 0x206F), "superscriptsandsubscripts": (0x2070, 0x209F),
    "currencysymbols": (0x20A0, 0x20CF), "letterlikesymbols": (0x2100, 0x214F),
    "numberforms": (0x2150, 0x218F), "arrows": (0x2190, 0x21FF),
    "mathematicaloperators": (0x2200, 0x22FF), "boxdrawing": (0x2500, 0x257F),
    "geometricshapes": (0x25A0, 0x25FF), "miscellaneoussymbols": (0x2600, 0x26FF),
    "dingbats": (0x2700, 0x27BF), "cjksymbolsandpunctuation": (0x3000, 0x303F),
    "hiragana": (0x3040, 0x309F), "katakana": (0x30A0, 0x30FF),
    "cjkunifiedideographs": (0x4E00, 0x9FFF), "hangulsyllables": (0xAC00, 0xD7AF),
    "privateusearea": (0xE000, 0xF8FF), "cjkcompatibilityideographs": (0xF900, 0xFAFF),
    "halfwidthandfullwidthforms": (0xFF00, 0xFFEF), "specials": (0xFFF0, 0xFFFF),
    "miscellaneoussymbolsandpictographs": (0x1F300, 0x1F5FF), "emoticons": (0x1F600, 0x1F64F),
}  # fmt: skip


def _block(name: str) -> str | None:
    key = re.sub(r"[\s_-]", "", name).lower()
    if key not in _BLOCKS:
        return None
    low, high = _BLOCKS[key]
    return f"\\U{low:08x}-\\U{high:08x}"


# Java's Unicode general categories (Character.getType), one letter or two
_CATEGORIES = frozenset(
    ("L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P",
     "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "S", "Sm", "Sc", "Sk", "So", "Z", "Zs", "Zl",
     "Zp", "C", "Cc", "Cf", "Co")
)  # fmt: skip


def _property(pattern: str, name: str, index: int) -> str:
    """The class body of ``\\p{name}``."""
    if name.startswith("In") and (block := _block(name[2:])) is not None:
        return block
    bare = name[2:] if name.startswith("Is") else name
    if name in _POSIX:
        return _POSIX[name]
    if bare in ("Alphabetic", "Letter"):
        return _category("L")
    if bare in _CATEGORIES:
        return _category(bare)
    if name in ("javaLowerCase", "IsLowercase"):
        return _category("Ll")
    if name in ("javaUpperCase", "IsUppercase"):
        return _category("Lu")
    if name in ("javaWhitespace", "IsWhite_Space"):
        return " \\t\\n\\x0b\\f\\r\\x1c-\\x1f\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000"
    raise UnsupportedJavaRegex(pattern, f"\\p{{{name}}}")


class _Translator:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.i = 0
        self.multiline = False
        self.dotall = False
        self.comments = False
        self.groups = 0
        self.names: list[str] = []

    def error(self, message: str) -> JavaException:
        return _syntax(message, self.pattern, self.i)

    def translate(self) -> str:
        prefix = self.leading_flags()
        body = self.sequence(top=True)
        return prefix + body

    def leading_flags(self) -> str:
        # Java allows inline flags anywhere; Python only at the start, so only those are taken.
        match = re.match(r"\(\?([imsuxdU]+)\)", self.pattern)
        if not match:
            return ""
        flags = match.group(1)
        self.i = match.end()
        self.multiline = "m" in flags
        self.dotall = "s" in flags
        self.comments = "x" in flags
        python = "".join(f for f in flags if f in "ix")
        return f"(?{python})" if python else ""

    def sequence(self, top: bool = False) -> str:
        out: list[str] = []
        p = self.pattern
        while self.i < len(p):
            c = p[self.i]
            if c == ")":
                if top:
                    raise self.error("Unmatched closing ')'")
                return "".join(out)
            self.i += 1
            if c == "\\":
                out.append(self.escape(in_class=False))
            elif c == "[":
                out.append(self.class_expression())
            elif c == "(":
                out.append(self.group())
            elif c == ".":
                out.append("(?s:.)" if self.dotall else _DOT)
            elif c == "$":
                out.append(_MULTILINE_END if self.multiline else _END)
            elif c == "^":
                out.append(_MULTILINE_START if self.multiline else "^")
            elif c in "*+?":
                if not out:
                    raise self.error(f"Dangling meta character '{c}'")
                out.append(c + self.quantifier_suffix())
            elif c == "{":
                match = re.compile(r"(\d+)(,(\d*))?\}").match(p, self.i)
                if not match or not out:
                    raise self.error("Illegal repetition")
                self.i = match.end()
                out.append("{" + match.group() + self.quantifier_suffix())
            elif c == "#" and self.comments:
                end = p.find("\n", self.i)
                self.i = len(p) if end < 0 else end + 1
            elif c.isspace() and self.comments:
                continue
            elif c in "|":
                out.append("|")
            else:
                out.append(re.escape(c))
        if not top:
            raise self.error("Unclosed group")
        return "".join(out)

    def quantifier_suffix(self) -> str:
        p = self.pattern
        if self.i < len(p) and p[self.i] in "?+":
            self.i += 1
            return p[self.i - 1]
        return ""

    def group(self) -> str:
        p = self.pattern
        if p.startswith("?", self.i):
            match = re.compile(
                r"\?(<(?P<name>[a-zA-Z][a-zA-Z0-9]*)>|[:=!>]|<=|<!|[imsuxdU-]+:)"
            ).match(p, self.i)
            if not match:
                if re.compile(r"\?[imsuxdU-]+\)").match(p, self.i):
                    raise UnsupportedJavaRegex(p, "inline flags after the start")
                raise self.error("Unknown inline modifier")
            self.i = match.end()
            name = match.group("name")
            if name is not None:
                if name in self.names:
                    raise self.error(f"Named capturing group <{name}> is already defined")
                self.names.append(name)
                self.groups += 1
                opener = f"(?P<{name}>"
            elif match.group().endswith(":") and len(match.group()) > 2:
                flags = match.group()[1:-1]
                if "-" in flags or set(flags) - set("ix"):
                    raise UnsupportedJavaRegex(p, f"(?{flags}:")
                opener = f"(?{flags}:"
            else:
                opener = "(" + match.group()
        else:
            self.groups += 1
            opener = "("
        body = self.sequence()
        self.i += 1  # the ')'
        return opener + body + ")"

    def escape(self, in_class: bool) -> str:
        p = self.pattern
        if self.i >= len(p):
            raise self.error("Unexpected internal error")
        c = p[self.i]
        self.i += 1
        if c in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[c] if in_class else f"[{_CLASS_ESCAPES[c]}]"
        if c.lower() in _CLASS_ESCAPES and c.isupper():
            if in_class:
                raise UnsupportedJavaRegex(p, f"\\{c} inside a class")
            return f"[^{_CLASS_ESCAPES[c.lower()]}]"
        if c in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[c]
        if c in "pP":
            match = re.compile(r"\{([\w -]+)\}|([A-Z])").match(p, self.i)
            if not match:
                raise self.error("Unknown character property name")
            self.i = match.end()
            body = _property(p, match.group(1) or match.group(2), self.i)
            if in_class:
                if c == "P":
                    raise UnsupportedJavaRegex(p, "\\P inside a class")
                return body
            return f"[{'^' if c == 'P' else ''}{body}]"
        if c == "Q":
            end = p.find("\\E", self.i)
            literal = p[self.i :] if end < 0 else p[self.i : end]
            self.i = len(p) if end < 0 else end + 2
            return "".join(_class_char(x) for x in literal) if in_class else re.escape(literal)
        if c == "x":
            match = re.compile(r"\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2})").match(p, self.i)
            if not match:
                raise self.error("Illegal hexadecimal escape sequence")
            self.i = match.end()
            return (
                _class_char(chr(int(match.group(1) or match.group(2), 16)))
                if in_class
                else re.escape(chr(int(match.group(1) or match.group(2), 16)))
            )
        if c == "u":
            match = re.compile(r"[0-9a-fA-F]{4}").match(p, self.i)
            if not match:
                raise self.error("Illegal Unicode escape sequence")
            self.i = match.end()
            code = int(match.group(), 16)
            # an escaped surrogate pair is the one astral character (Java's Pattern.u())
            low = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE).match(p, self.i)
            if 0xD800 <= code < 0xDC00 and low:
                self.i = low.end()
                code = 0x10000 + ((code - 0xD800) << 10) + int(low.group(1), 16) - 0xDC00
            char = chr(code)
            return _class_char(char) if in_class else re.escape(char)
        if c == "0":
            match = re.compile(r"[0-3]?[0-7]{1,2}").match(p, self.i)
            if not match:
                raise self.error("Illegal octal escape sequence")
            self.i = match.end()
            char = chr(int(match.group(), 8))
            return _class_char(char) if in_class else re.escape(char)
        if c == "c":
            if self.i >= len(p):
                raise self.error("Illegal control escape sequence")
            self.i += 1
            char = chr(ord(p[self.i - 1]) ^ 64)
            return _class_char(char) if in_class else re.escape(char)
        if not in_class:
            if c in "bB":
                return "\\" + c
            if c == "A":
                return "\\A"
            if c == "z":
                return "\\Z"
            if c == "Z":
                return _END
            if c == "R":
                return "(?:\\r\\n|[\\n\\x0b\\f\\r\\x85\\u2028\\u2029])"
            if c == "G":
                raise UnsupportedJavaRegex(p, "\\G")
            if c == "k":
                match = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)>").match(p, self.i)
                if not match or match.group(1) not in self.names:
                    raise self.error("named capturing group is missing trailing '>'")
                self.i = match.end()
                return f"(?P={match.group(1)})"
            if c.isdigit():
                # Java takes more digits only while the group exists
                number = int(c)
                while (
                    self.i < len(p)
                    and p[self.i].isdigit()
                    and number * 10 + int(p[self.i]) <= self.groups
                ):
                    number = number * 10 + int(p[self.i])
                    self.i += 1
                return f"(?:\\{number})" if number <= self.groups else "(?!)"
        if c.isalnum():
            raise self.error("Illegal/unsupported escape sequence")
        return _class_char(c) if in_class else re.escape(c)

    def class_expression(self) -> str:
        """A Java class as a Python expression; ``A&&B`` becomes ``(?=B)A``."""
        body, intersected = self.char_class()
        if intersected is None:
            return f"[{body}]"
        return f"(?:(?={intersected})[{body}])"

    def char_class(self) -> tuple[str, str | None]:
        """The body of a Java class, flattening nested classes (unions), and the expression
        of the class it is intersected with, if any."""
        p = self.pattern
        out: list[str] = []
        intersected: str | None = None
        if p.startswith("^", self.i):
            out.append("^")
            self.i += 1
        first = True
        while True:
            if self.i >= len(p):
                raise self.error("Unclosed character class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            self.i += 1
            first = False
            if c == "\\":
                out.append(self.escape(in_class=True))
            elif c == "[":
                if p.startswith("^", self.i):
                    raise UnsupportedJavaRegex(p, "a negated class nested in a class")
                nested, nested_and = self.char_class()
                if nested_and is not None:
                    raise UnsupportedJavaRegex(p, "an intersection nested in a class")
                out.append(nested)
            elif c == "&" and p.startswith("&", self.i):
                self.i += 1
                right = self.intersection_operand()
                intersected = right if intersected is None else f"(?={intersected}){right}"
                break
            elif c == "-":
                out.append(
                    "-"
                    if out and out[-1] not in ("^",) and self.i < len(p) and p[self.i] != "]"
                    else "\\-"
                )
            else:
                out.append(_class_char(c))
        body = "".join(out)
        if body in ("", "^"):
            raise self.error("Unclosed character class")
        return body, intersected

    def intersection_operand(self) -> str:
        """What follows ``&&``, through the enclosing class's ``]``, as an expression."""
        p = self.pattern
        if p.startswith("[", self.i):
            self.i += 1
            operand = self.class_expression()
            if not p.startswith("]", self.i):
                raise UnsupportedJavaRegex(p, "class intersection with more after it")
            self.i += 1
            return operand
        body, intersected = self.char_class()  # `[a-z&&def]`: the rest is a class body
        return f"[{body}]" if intersected is None else f"(?:(?={intersected})[{body}])"


@functools.lru_cache(maxsize=512)
def compile_java_regex(pattern: str) -> re.Pattern[str]:
    """Compile a Java pattern to an equivalent Python pattern (cached)."""
    translator = _Translator(pattern)
    python = translator.translate()
    try:
        return re.compile(python)
    except re.error as error:
        raise _syntax(str(error), pattern, error.pos or 0) from None


def java_matches(s: str, regex: str) -> bool:
    """``String.matches``: the whole string must match."""
    return compile_java_regex(regex).fullmatch(s) is not None


@functools.lru_cache(maxsize=512)
def _replacement(regex: str, replacement: str) -> Callable[[re.Match[str]], str]:
    """Java's ``appendReplacement`` rules: ``$n``, ``${name}``, ``\\x`` escapes."""
    compiled = compile_java_regex(regex)
    groups = compiled.groups
    names = compiled.groupindex
    parts: list[str | int] = []
    literal: list[str] = []
    i = 0
    while i < len(replacement):
        c = replacement[i]
        if c == "\\":
            i += 1
            if i >= len(replacement):
                raise JavaException(
                    "IllegalArgumentException", "character to be escaped is missing"
                )
            literal.append(replacement[i])
            i += 1
        elif c == "$":
            i += 1
            if i >= len(replacement):
                raise JavaException(
                    "IllegalArgumentException", "Illegal group reference: group index is missing"
                )
            if replacement[i] == "{":
                end = replacement.find("}", i)
                name = replacement[i + 1 : end] if end > 0 else ""
                if end < 0 or not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9]*", name):
                    raise JavaException(
                        "IllegalArgumentException", "named capturing group is missing trailing '}'"
                    )
                if name not in names:
                    raise JavaException(
                        "IllegalArgumentException", f"No group with name {{{name}}}"
                    )
                reference: int = names[name]
                i = end + 1
            elif replacement[i].isdigit():
                reference = int(replacement[i])
                i += 1
                while (
                    i < len(replacement)
                    and replacement[i].isdigit()
                    and reference * 10 + int(replacement[i]) <= groups
                ):
                    reference = reference * 10 + int(replacement[i])
                    i += 1
                if reference > groups:
                    raise JavaException("IndexOutOfBoundsException", f"No group {reference}")
            else:
                raise JavaException("IllegalArgumentException", "Illegal group reference")
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(reference)
        else:
            literal.append(c)
            i += 1
    if literal:
        parts.append("".join(literal))
    if all(isinstance(part, str) for part in parts):
        constant = "".join(parts)  # type: ignore[arg-type]
        return lambda match: constant

    def expand(match: re.Match[str]) -> str:
        return "".join(
            part if isinstance(part, str) else (match.group(part) or "") for part in parts
        )

    return expand


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_Found = tuple[int, int, re.Match[str]]  # start and end in UTF-16 units, and the match


# A pattern with an astral character or a surrogate in it is searched by Java's StartS,
# which steps over the second half of a pair (Pattern.isSupplementary)
_SUPPLEMENTARY = re.compile(
    r"[\ud800-\udfff\U00010000-\U0010ffff]|\\u[dD][89a-fA-F]|\\x\{0*[1-9a-fA-F][0-9a-fA-F]{4}"
)


def _find_all(pattern: re.Pattern[str], s: str, regex: str) -> Iterator[_Found]:
    """The matches Java's ``Matcher.find()`` loop gives, at UTF-16 unit positions.

    Java tries every UTF-16 position, so a zero-width match, or a step of one unit after one,
    can fall between the halves of an astral character (oracle: `"a😀b".replaceAll("x*",
    "-")` is `-a-?-?-b-`). Python's positions are code points: each middle is tried on a
    copy of ``s`` with that one character split."""
    astral = [m.start() for m in _ASTRAL.finditer(s)]
    if not astral:
        for m in pattern.finditer(s):
            yield m.start(), m.end(), m
        return
    units = [0] * (len(s) + 1)  # s index -> UTF-16 position
    for i, c in enumerate(s):
        units[i + 1] = units[i] + (2 if c > "\uffff" else 1)
    index = {u: i for i, u in enumerate(units)}
    middles = {units[j] + 1: j for j in astral}
    scan = astral if _SUPPLEMENTARY.search(regex) is None else []
    k = 0
    while k <= units[-1]:
        found = _at_middle(pattern, s, middles[k], units) if k in middles else None
        if found is None:
            start = index[k] if k in index else middles[k] + 1
            searched = pattern.search(s, start)
            stop = len(s) if searched is None else searched.start()
            for j in scan[bisect.bisect_left(scan, start) :]:
                if j >= stop or (found := _at_middle(pattern, s, j, units)) is not None:
                    break
            if found is None:
                if searched is None:
                    return
                found = units[searched.start()], units[searched.end()], searched
        yield found
        k = found[1] + 1 if found[0] == found[1] else found[1]


def _at_middle(pattern: re.Pattern[str], s: str, j: int, units: list[int]) -> _Found | None:
    """A match starting between the halves of the astral character ``s[j]``, if any."""
    split = s[:j] + jstring.utf16_units(s[j]) + s[j + 1 :]
    m = pattern.match(split, j + 1)
    if m is None:
        return None
    start = units[j] + 1
    return start, start + jstring.utf16_length(m.group()), m


def java_replace_all(s: str, regex: str, replacement: str | None) -> str:
    """``String.replaceAll``; a bad or null replacement throws only once something matched
    (oracle: `"abc".replaceAll("z", null)` is `abc`)."""
    pattern = compile_java_regex(regex)
    bmp = jstring.utf16_units(s) is s
    found = None if bmp else list(_find_all(pattern, s, regex))
    if (pattern.search(s) is None) if found is None else not found:
        return s
    if replacement is None:
        raise JavaException("NullPointerException")
    expand = _replacement(regex, replacement)
    # Bound the result before building it. Matches do not overlap, so all the groups one
    # `$n` inserts add up to at most the input's length.
    if len(replacement) > 1:
        matches = sum(1 for _ in pattern.finditer(s)) if found is None else len(found)
        bound = len(s) * (1 + replacement.count("$")) + matches * len(replacement)
        if bound > _MAX_RESULT:
            _refuse(bound)
    if found is None:
        return pattern.sub(expand, s)
    return _rebuild(s, found, expand)


def java_replace_first(s: str, regex: str, replacement: str) -> str:
    """``String.replaceFirst``."""
    pattern = compile_java_regex(regex)
    if jstring.utf16_units(s) is not s:
        first = next(_find_all(pattern, s, regex), None)
        return s if first is None else _rebuild(s, [first], _replacement(regex, replacement))
    if pattern.search(s) is None:
        return s
    return pattern.sub(_replacement(regex, replacement), s, count=1)


def _rebuild(s: str, found: list[_Found], expand: Callable[[re.Match[str]], str]) -> str:
    """``s`` with each match replaced, cutting at UTF-16 positions."""
    units = jstring.utf16_units(s)
    pieces: list[str] = []
    end = 0
    for start, stop, match in found:
        pieces += (units[end:start], jstring.utf16_units(expand(match)))
        end = stop
    pieces.append(units[end:])
    return jstring.join_units("".join(pieces))


_META = ".$|()[{^?*+\\"
_MAX_RESULT = 10 * 1024 * 1024  # the engine's string limit (runtime.MAX_STRING)


def _refuse(size: int) -> None:
    from apigw_core.vtl.runtime import check_string_length

    check_string_length(size)


def java_split(s: str, regex: str, limit: int = 0) -> list[str]:
    """``String.split(regex[, limit])`` with Java's rules for empty strings (spec §4.4)."""
    if len(regex) == 1 and regex not in _META:
        parts = s.split(regex, limit - 1) if limit > 0 else s.split(regex)
        if len(parts) == 1:
            return [s]
    else:
        found = _pattern_split(s, regex, limit)
        if found is None:
            return [s]
        parts = found
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()
    return parts


def _pattern_split(s: str, regex: str, limit: int) -> list[str] | None:
    # java.util.regex.Pattern.split, step by step, cutting at UTF-16 positions
    units = jstring.utf16_units(s)
    index = 0
    limited = limit > 0
    parts: list[str] = []
    for start, end, _ in _find_all(compile_java_regex(regex), s, regex):
        if not limited or len(parts) < limit - 1:
            if index == 0 and start == 0 and end == 0:
                continue  # no leading empty string for a zero-width match at the start
            parts.append(units[index:start])
            index = end
        elif len(parts) == limit - 1:
            parts.append(units[index:])
            index = end
            break
    if index == 0:
        return None
    if not limited or len(parts) < limit:
        parts.append(units[index:])
    return parts if units is s else [jstring.join_units(part) for part in parts]
