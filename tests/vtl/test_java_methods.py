"""The Java method surface templates reach, checked against Apache Velocity 1.7 on JDK 17.

tests/vtl/data/java_methods.jsonl holds templates calling the public methods of each Java class
a template value can be (String, Integer, Long, Double, Float, BigInteger, Boolean, Character,
ArrayList, arrays, LinkedHashMap, map entries and views, iterators, ``$foreach``), with their
overloads, null arguments and exceptions, recorded with the velocity oracle in both modes
(``apigw`` and ``velocity``): each line has the template, its context and the oracle's outcome
per mode (an output, or an error and whether it is a parse or a render error). ``cause`` names
the class. Methods left out on purpose (identity hashes, streams, lambdas, ``getClass``) are
not here; docs/vtl.md lists them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.vtl.oracle_rows import DIALECT_MODES, assert_row_matches, load_rows

CASES = load_rows("java_methods.jsonl")


@pytest.mark.parametrize(("dialect", "mode"), DIALECT_MODES)
@pytest.mark.parametrize("case", CASES, ids=[f"{c['cause']}-{i}" for i, c in enumerate(CASES)])
def test_matches_velocity(case: dict[str, Any], dialect: str, mode: str) -> None:
    assert_row_matches(case, dialect, mode)
