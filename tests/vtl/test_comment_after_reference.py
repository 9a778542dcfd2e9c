"""`##` right after a reference: text after a property (also through an index), a comment
otherwise. Expected values were printed by Apache Velocity 1.7 (shared/tools/velocity-oracle,
both modes, with CONTEXT as JSON); found by differential fuzzing.
"""

from __future__ import annotations

import pytest

from tests.vtl.oracle_rows import assert_renders_like_velocity

CONTEXT = {"b": {"tags": ["A", ["X"]], "m": {"k": "v"}}, "l": [{"t": "T"}], "i": 0}

# (template, apigateway output, velocity output), from the oracle
CASES = [
    ("$b.tags[0]## c\nx", "A## c\nx", "A## c\nx"),
    ("$b.tags[1][0]## c\nx", "X## c\nx", "X## c\nx"),
    ("$l[0].t## c\nx", "T## c\nx", "T## c\nx"),
    ("$b.tags[$i]## c\nx", "A## c\nx", "A## c\nx"),
    ("$l[0]## c\nx", "{t=T}x", "{t=T}x"),
    ("${b.tags[0]}## c\nx", "Ax", "Ax"),
    ("$b.m['k']## c\nx", "v## c\nx", "v## c\nx"),
    ("$b.tags.get(0)## c\nx", "Ax", "Ax"),
    ("$b.tags[0] ## c\nx", "A x", "A x"),
]


@pytest.mark.parametrize("dialect", ["apigateway", "velocity"])
@pytest.mark.parametrize(("template", "apigateway", "velocity"), CASES)
def test_matches_velocity(template: str, apigateway: str, velocity: str, dialect: str) -> None:
    assert_renders_like_velocity(template, CONTEXT, dialect, apigateway, velocity)
