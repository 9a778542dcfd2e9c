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

from typing import Any

import pytest

from tests.vtl.oracle_rows import DIALECT_MODES, assert_row_matches, load_rows

FINDINGS = load_rows("differential_findings.jsonl")


@pytest.mark.parametrize(("dialect", "mode"), DIALECT_MODES)
@pytest.mark.parametrize(
    "case", FINDINGS, ids=[f"{c['cause']}-{i}" for i, c in enumerate(FINDINGS)]
)
def test_matches_velocity(case: dict[str, Any], dialect: str, mode: str) -> None:
    assert_row_matches(case, dialect, mode)
