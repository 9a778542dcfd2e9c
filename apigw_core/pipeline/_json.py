"""JSON text decoded as ``json.JSONDecoder.decode`` decodes it, a little faster."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["decode"]


def decode(decoder: json.JSONDecoder, text: str) -> Any:
    """``decoder.decode(text)``: the same value or the same error. A text that starts with
    its value and has nothing after it (the usual body) skips ``decode``'s two whitespace
    scans; any other text, and any text the scanner stops on, goes through ``decode``."""
    try:
        value, end = decoder.scan_once(text, 0)  # type: ignore[attr-defined]
    except StopIteration:
        return decoder.decode(text)
    return value if end == len(text) else decoder.decode(text)
