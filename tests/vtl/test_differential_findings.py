"""Divergences found by differential fuzzing against Apache Velocity 1.7, now fixed.

tests/vtl/data/differential_findings.jsonl holds the minimised cases of three runs (73,000,
185,600 and 406,000 comparisons) of generated mapping-template-like VTL against
shared/tools/velocity-oracle (both modes), and of the divergences listed in docs/vtl.md that
were fixed with them (causes R1-R25: macro contexts, null-argument overloads, UTF-16 regex and
format positions, lexer corners around a lone `$`), those fixed so far: each
line has the template, its context and the oracle's outcome per mode (an output, or an error
and whether it is a parse or a render error). ``cause`` groups them by root cause; P1-P5
came from the peer test suites (tests/vtl/test_peer_suites.py) and variations of them:
`\\uXXXX` decoded before interpolation, bare words as directive arguments, the reference
steps after the word in `$a[0]a[1]`, and the names `$!x` and `${x}` bind as macro parameters
and #define blocks (none a reference reaches); P5 backslashes before references in arguments
(ignored, also before `${`, and gone from the literal text an escaped reference prints).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core import vtl

FINDINGS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "differential_findings.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


def _outcome(template: str, context: dict[str, Any], dialect: str) -> object:
    try:
        return vtl.render(template, copy.deepcopy(context), dialect=dialect)
    except vtl.VtlSyntaxError:
        return {"error": "parse"}
    except vtl.VtlRenderError:
        return {"error": "render"}


@pytest.mark.parametrize(("dialect", "mode"), [("apigateway", "apigw"), ("velocity", "velocity")])
@pytest.mark.parametrize(
    "case", FINDINGS, ids=[f"{c['cause']}-{i}" for i, c in enumerate(FINDINGS)]
)
def test_matches_velocity(case: dict[str, Any], dialect: str, mode: str) -> None:
    expected = case[mode]
    if isinstance(expected, dict):
        expected = {"error": expected["error"]}
    assert _outcome(case["template"], case["context"], dialect) == expected
