"""``$input``, ``$util`` and ``$context`` as API Gateway builds them for a mapping template.

Rules cite shared/spec/mapping-templates.md (MT §n) and aws-observed-behaviour.md (IN-n, UT-n,
CTX-n, OV-n); where they disagree, the observed behaviour wins.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import urllib.parse
from collections.abc import Callable
from typing import Any, ClassVar

from apigw_core.mapping.json_values import (
    check_json_length,
    compact_json,
    dumps,
    loads,
    parse_json,
    reject_constant,
)
from apigw_core.mapping.jsonpath import evaluate, is_simple_path
from apigw_core.vtl.runtime import to_java_string
from apigw_core.vtl.values import JavaException, NoSuchMethod

# IN-6: headers a template never sees through $input.params, whatever the client sent.
HIDDEN_HEADERS = frozenset(
    h.lower()
    for h in (
        "Connection", "Content-Length", "Content-MD5", "Expect", "Max-Forwards",
        "Proxy-Authenticate", "Server", "TE", "Transfer-Encoding", "Trailer", "Upgrade",
        "WWW-Authenticate",
    )
)  # fmt: skip

_NOT_JSON = object()


#: `$input.json` of a path that finds nothing.
_JSON_EMPTY = '""'


class _JavaNumber(Exception):
    """A float that Java prints differently from Python: the body takes the slow path."""


def _plain_float(text: str) -> float:
    value = float(text)
    # Java's Double.toString and Python's repr agree on [1e-3, 1e7) (docs/vtl.md)
    if value != 0.0 and not 1e-3 <= abs(value) < 1e7:
        raise _JavaNumber
    return value


# one decoder for every body: building one per call costs more than a small body's parse
_PLAIN_DECODER = json.JSONDecoder(parse_float=_plain_float, parse_constant=reject_constant)


class InputVariable:
    """``$input``: the payload (request or integration response) and the method request's
    parameters (MT §3; IN-1..IN-7)."""

    __slots__ = ("_body", "_document", "_params", "_plain")

    def __init__(self, body: str, params: dict[str, dict[str, str]]) -> None:
        self._body = body if body else "{}"  # IN-1: an empty body is `{}`
        self._params = params
        self._document: Any = None
        self._plain: Any = None

    def document(self) -> Any:
        """The body parsed as JSON once, on first use; a non-JSON body is its raw text."""
        if self._document is None:
            try:
                self._document = loads(self._body)
            except (ValueError, RecursionError):
                # nested too deeply for Python's parser (about 950 levels; Jackson stops at
                # 1000): malformed JSON, as everywhere a body is parsed (docs/vtl.md Limits)
                self._document = _NOT_JSON
        return self._document

    def path(self, path: str) -> Any:
        document = self.document()
        if document is _NOT_JSON:
            return self._body if path.strip() == "$" else None
        return evaluate(path, document)

    def json(self, path: str) -> Any:
        if self._plain is None:
            # A parse of its own, never `$input.path`'s document: a template may change that
            # one (put, add), and `$input.json` reads the body. Nothing reaches this one, so
            # it cannot hold itself; only paths that repeat parts of it need measuring.
            try:
                # plain dicts and lists are enough to serialise: no JsonObject wrapping
                self._plain = (_PLAIN_DECODER.decode(self._body), False)
            except _JavaNumber:
                try:
                    self._plain = (loads(self._body), True)  # numbers Java prints its way
                except (ValueError, RecursionError):
                    self._plain = _NOT_JSON
            except (ValueError, RecursionError):
                self._plain = _NOT_JSON
        if self._plain is _NOT_JSON:
            return self._body if path.strip() == "$" else _JSON_EMPTY
        document, java_numbers = self._plain
        value = evaluate(path, document)
        if value is None:
            # Nothing found (or JSON null): the empty string `$input.path` gives (IN-3: it
            # equals both "" and null) written as JSON, as LocalStack's AWS-checked rewrite
            # prints it (its older code printed null).
            return _JSON_EMPTY
        if not is_simple_path(path) and isinstance(value, list | dict):
            # `$[0,0,0,…]`, `$..*` or append() repeat parts of the document (docs/vtl.md)
            check_json_length(value)
        if java_numbers:
            return dumps(value)  # Java's digits where a number needs them
        return compact_json(value)

    def params(self, *name: Any) -> Any:
        if not name:
            return self._params
        if len(name) != 1:
            raise NoSuchMethod
        key = to_java_string(name[0]) if name[0] is not None else ""
        # MT §3.4: path, then query string, then header; IN-5: an unknown name is ""
        for location in ("path", "querystring"):
            value = self._params[location].get(key)
            if value is not None:
                return value
        lowered = key.lower()
        for header, value in self._params["header"].items():
            if header.lower() == lowered:
                return value
        return ""

    __vtl_methods__: ClassVar[dict[str, Callable[..., Any]]] = {
        "getBody": lambda self: self._body,
        "json": lambda self, path: self.json(_path_text(path)),
        "path": lambda self, path: self.path(_path_text(path)),
        "params": lambda self, *name: self.params(*name),
    }

    def __vtl_str__(self) -> str:
        return "InputVariable"


def _path_text(path: Any) -> str:
    if not isinstance(path, str):
        raise NoSuchMethod
    return path


def escape_javascript(text: str) -> str:
    """``$util.escapeJavaScript``: Java-style escapes, ``'`` included (MT §4.1, UT-4 model)."""
    return _escape_javascript_method(None, text)


def _escape_javascript_method(self: Any, value: Any) -> str:
    # the commonest $util call, often once per item: the escaping is inline, one call less
    text = value if type(value) is str else _java_text_argument(value)
    # chained str.replace is much faster than str.translate for the few characters involved
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"').replace("/", "\\/")
    if escaped.isascii() and escaped.isprintable():
        return escaped
    return _SPECIAL.sub(_unicode_escape, escaped)


def _java_text_argument(value: Any) -> str:
    if value is None:
        raise JavaException("NullPointerException")
    return value if isinstance(value, str) else to_java_string(value)


def _unicode_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _CONTROL_NAMES:
        return _CONTROL_NAMES[char]
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04X}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}"


_CONTROL_NAMES = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# commons-lang 2.6 escapeJavaScript (UT-4's model): controls and everything above 0x7f as
# \uXXXX (checked with that library); DEL itself stays as it is
_SPECIAL = re.compile("[\x00-\x1f\x80-\U0010ffff]")


def url_encode(text: str) -> str:
    """``$util.urlEncode``: Java's ``URLEncoder`` (form encoding, UTF-8, upper-case hex; UT-1)."""
    # Python keeps `~` unencoded, Java's URLEncoder does not
    return urllib.parse.quote_plus(text, safe="*-._").replace("~", "%7E")


def url_decode(text: str) -> str:
    """``$util.urlDecode``: ``+`` is a space; a bad escape throws like ``URLDecoder``."""
    index = text.find("%")
    while index >= 0:
        digits = text[index + 1 : index + 3]
        if len(digits) < 2:
            raise JavaException(
                "IllegalArgumentException", "URLDecoder: Incomplete trailing escape (%) pattern"
            )
        if any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise JavaException(
                "IllegalArgumentException",
                "URLDecoder: Illegal hex characters in escape (%) pattern",
            )
        index = text.find("%", index + 3)
    return urllib.parse.unquote_plus(text, encoding="utf-8", errors="replace")


def base64_encode(text: str) -> str:
    """``$util.base64Encode``: the UTF-8 bytes, standard alphabet, padded, one line (UT-2)."""
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")


def base64_decode(text: str) -> str:
    """``$util.base64Decode``: a string, read as UTF-8 (UT-2). Like Java's basic
    ``Base64.getDecoder()``: the standard alphabet only, no whitespace, padding optional."""
    if len(text) % 4 and not text.endswith("="):
        text += "=" * (-len(text) % 4)
    try:
        data = base64.b64decode(text.encode("ascii", "replace"), validate=True)
    except (binascii.Error, ValueError) as error:
        raise JavaException("IllegalArgumentException", str(error)) from None
    return data.decode("utf-8", "replace")


def _string_argument(fn: Callable[[str], Any]) -> Callable[..., Any]:
    def method(self: Any, value: Any) -> Any:
        return fn(_java_text_argument(value))

    return method


class UtilVariable:
    """``$util`` (MT §4; UT-1..UT-4)."""

    __slots__ = ()

    __vtl_methods__: ClassVar[dict[str, Callable[..., Any]]] = {
        "escapeJavaScript": _escape_javascript_method,
        "parseJson": _string_argument(parse_json),
        "urlEncode": _string_argument(url_encode),
        "urlDecode": _string_argument(url_decode),
        "base64Encode": _string_argument(base64_encode),
        "base64Decode": _string_argument(base64_decode),
    }

    def __vtl_str__(self) -> str:
        return "UtilVariable"


UTIL = UtilVariable()
