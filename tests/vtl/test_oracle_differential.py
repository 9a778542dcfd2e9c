"""Randomly generated templates rendered by real Apache Velocity 1.7, both dialects.

tests/vtl/data/oracle_differential.jsonl holds templates made by four generators (directives
and whitespace, expressions and arithmetic, escapes and macros, Java String/regex/format
methods) with the outputs of shared/tools/velocity-oracle (``--mode apigw`` for
``apigateway``, ``--mode velocity`` for ``velocity``); ``null`` means Velocity raised an error.
Cases that hit a documented divergence (docs/vtl.md) were left out when the file was built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core import vtl
from apigw_core.errors import ApigwError

DATA = Path(__file__).parent / "data" / "oracle_differential.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("dialect", ["apigateway", "velocity"])
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_matches_velocity(case: dict[str, Any], dialect: str) -> None:
    expected = case[dialect]
    context = json.loads(json.dumps(case["context"]))  # a fresh copy: templates mutate it
    if expected is None:
        with pytest.raises(ApigwError):
            vtl.render(case["template"], context, dialect=dialect)
    else:
        assert vtl.render(case["template"], context, dialect=dialect) == expected
