"""The templates of other VTL engines' test suites, rendered as Apache Velocity 1.7 renders them.

tests/vtl/data/peer_suites.jsonl holds every template and context of velocityjs 2.0.6's mocha
tests (test/*.test.js, extracted by running the suite with ``render`` recording its arguments;
JavaScript functions in a context are dropped), of airspeed_ext 0.6.9's tests
(tests/test_templating.py, recorded the same way; contexts holding Python objects are left
out), and templates written after Velocity 1.7's own junit tests and test/templates/*.vm and
after newer velocityjs (2.1.7) and airspeed (0.7.1) tests, Python-object contexts as JSON.
``source`` names where each row comes from. ``apigateway`` and
``velocity`` are what shared/tools/velocity-oracle (real Velocity 1.7) printed in its apigw and
velocity modes, or ``{"error": kind}`` when Velocity failed (any ApigwError then passes, as in
the conformance scorer). Templates with ``\\#`` were rendered on a fresh engine each: Velocity's
pooled parser remembers macro names across templates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.vtl.oracle_rows import assert_renders_like_velocity

ROWS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "peer_suites.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


def _expected(outcome: Any) -> str | None:
    return None if isinstance(outcome, dict) else str(outcome)


@pytest.mark.parametrize("dialect", ["apigateway", "velocity"])
@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_renders_like_velocity(row: dict[str, Any], dialect: str) -> None:
    assert_renders_like_velocity(
        row["template"],
        row["context"],
        dialect,
        _expected(row["apigateway"]),
        _expected(row["velocity"]),
    )
