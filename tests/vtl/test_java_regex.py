"""Java regex corners: line anchors around CRLF, and Unicode blocks (spec §4.4).

Java's `^` and `$` treat CRLF as one line break and `^` never matches at the end of the input;
`\\p{InBlock}` names a Unicode block. Expected values were printed by Apache Velocity 1.7
(shared/tools/velocity-oracle, both modes, with CONTEXT as JSON).
"""

from __future__ import annotations

import pytest

from apigw_core import vtl
from tests.vtl.oracle_rows import assert_renders_like_velocity

CONTEXT = {
    "nl": "a\nb\r\nc",
    "e": "",
    "t": "x\r\n",
    "u": "a\u2028b\rc\n",
    "c": "caf\u00e9 \u0416 \u3042 \u4e2d\U0001f600!",
}

# (template, apigateway output, velocity output), from the oracle
CASES = [
    ("$nl.replaceAll('(?m)^', '>')", ">a\n>b\r\n>c", ">a\n>b\r\n>c"),
    ("$nl.replaceAll('(?m)$', '<')", "a<\nb<\r\nc<", "a<\nb<\r\nc<"),
    ("[$e.replaceAll('(?m)^', '>')]", "[]", "[]"),
    ("[$e.replaceAll('(?m)$', '<')]", "[<]", "[<]"),
    ("[$t.replaceAll('(?m)^', '>')]", "[>x\r\n]", "[>x\r\n]"),
    ("[$t.replaceAll('(?m)$', '<')]", "[x<\r\n<]", "[x<\r\n<]"),
    ("[$u.replaceAll('(?m)^', '>')]", "[>a\u2028>b\r>c\n]", "[>a\u2028>b\r>c\n]"),
    ("[$u.replaceAll('(?m)$', '<')]", "[a<\u2028b<\rc<\n<]", "[a<\u2028b<\rc<\n<]"),
    ("[$t.replaceAll('$', '<')]", "[x<\r\n<]", "[x<\r\n<]"),
    ("[$nl.replaceAll('(?m)^b', 'B')]", "[a\nB\r\nc]", "[a\nB\r\nc]"),
    ("[$nl.split('(?m)$').size()]", "[3]", "[3]"),
    (
        "$c.replaceAll('[\\p{InLatin-1Supplement}]', '?')|",
        "caf? \u0416 \u3042 \u4e2d\U0001f600!|",
        "caf? \u0416 \u3042 \u4e2d\U0001f600!|",
    ),
    (
        "$c.replaceAll('\\p{InCyrillic}', '?')|",
        "caf\u00e9 ? \u3042 \u4e2d\U0001f600!|",
        "caf\u00e9 ? \u3042 \u4e2d\U0001f600!|",
    ),
    (
        "$c.replaceAll('\\p{InHiragana}', '?')|",
        "caf\u00e9 \u0416 ? \u4e2d\U0001f600!|",
        "caf\u00e9 \u0416 ? \u4e2d\U0001f600!|",
    ),
    (
        "$c.replaceAll('\\p{InCJK_Unified_Ideographs}', '?')|",
        "caf\u00e9 \u0416 \u3042 ?\U0001f600!|",
        "caf\u00e9 \u0416 \u3042 ?\U0001f600!|",
    ),
    (
        "$c.replaceAll('\\p{InBasic Latin}', '_')|",
        "___\u00e9_\u0416_\u3042_\u4e2d\U0001f600_|",
        "___\u00e9_\u0416_\u3042_\u4e2d\U0001f600_|",
    ),
    (
        "$c.replaceAll('\\p{InEmoticons}', 'E')|",
        "caf\u00e9 \u0416 \u3042 \u4e2dE!|",
        "caf\u00e9 \u0416 \u3042 \u4e2dE!|",
    ),
    ("$c.replaceAll('[^\\p{InBasicLatin}]', '')|", "caf   !|", "caf   !|"),
    ("$c.replaceAll('\\P{InBasicLatin}', '')|", "caf   !|", "caf   !|"),
]


@pytest.mark.parametrize("dialect", ["apigateway", "velocity"])
@pytest.mark.parametrize(("template", "apigateway", "velocity"), CASES)
def test_matches_velocity(template: str, apigateway: str, velocity: str, dialect: str) -> None:
    assert_renders_like_velocity(template, CONTEXT, dialect, apigateway, velocity)


def test_an_untranslatable_construct_is_a_located_render_error() -> None:
    # Java accepts `\G`; the engine refuses it rather than match differently (docs/vtl.md),
    # and the refusal is a VtlRenderError at the call, not an internal error
    with pytest.raises(vtl.VtlRenderError, match="unsupported Java regular expression") as info:
        vtl.render("x\n$s.replaceAll('\\G', '-')", {"s": "a"})
    assert (info.value.line, info.value.column) == (2, 1)
