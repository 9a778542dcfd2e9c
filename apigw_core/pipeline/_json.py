"""JSON text decoded as ``json`` decodes it, a little faster, and never with a
``RecursionError``: a text nested too deeply for the parser's recursion (about 950 levels,
near Jackson's 1000 of ``StreamReadConstraints``) is malformed JSON, a ``ValueError`` like
any other (a request body is hostile input)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["decode", "loads"]


def _too_deep(text: str) -> json.JSONDecodeError:
    return json.JSONDecodeError("nesting too deep", text, 0)


def decode(decoder: json.JSONDecoder, text: str) -> Any:
    """``decoder.decode(text)``: the same value or the same error. A text that starts with
    its value and has nothing after it (the usual body) skips ``decode``'s two whitespace
    scans; any other text, and any text the scanner stops on, goes through ``decode``."""
    try:
        try:
            value, end = decoder.scan_once(text, 0)  # type: ignore[attr-defined]
        except StopIteration:
            return decoder.decode(text)
        return value if end == len(text) else decoder.decode(text)
    except RecursionError:
        raise _too_deep(text) from None


def loads(text: str, **options: Any) -> Any:
    """``json.loads(text, **options)``, with nesting too deep for it a ``ValueError``."""
    try:
        return json.loads(text, **options)
    except RecursionError:
        raise _too_deep(text) from None
