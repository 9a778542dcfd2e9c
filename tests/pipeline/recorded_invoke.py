"""The recorded cases the invoke_method tests replay, copied into
``data/aws_recorded_invoke_cases.json`` (origin: /work/shared/conformance/aws-recorded-cases.json,
see the file's "origin" key). The tests never read /work/shared at run time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_DATA = json.loads(
    (Path(__file__).parent / "data" / "aws_recorded_invoke_cases.json").read_text("utf-8")
)
CASES: list[dict[str, Any]] = _DATA["cases"]
BY_ID: dict[str, dict[str, Any]] = {case["id"]: case for case in CASES}


def cases(kind: str, sub_kind: str | None = None) -> list[dict[str, Any]]:
    """The copied cases of one kind (and sub-kind)."""
    return [
        case
        for case in CASES
        if case["kind"] == kind and (sub_kind is None or case.get("sub_kind") == sub_kind)
    ]
