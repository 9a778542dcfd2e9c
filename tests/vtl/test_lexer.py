"""The lexer's regex fast paths must not change what the generated ANTLR rules produce."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apigw_core.errors import TemplateError
from apigw_core.vtl.parser import parse

FRAGMENTS = [
    "#if(", "#end", "$a", "$a.b", "$!a.b.c", ".c(", "${", "}", "#foreach($i in [1..3])",
    "#set($x = ", ")", '"', "'", "#*", "*#", "##", "\\", "\\\\", "#macro(m $p)", "#m(", "[",
    "]", "{", ",", "..", "$!", "#[[", "]]#", "#break", "#stop", "text ", " ", "\t", "\n", ".",
    "é😀", "#{else}", "#else", "-", "x", "(", "1", "2.5", "==", "#elseif(", "$i", "#end(",
    # shapes of the SIMPLE_CALL token: `$a.b.m(ARG).c`
    ".m(", "$u.esc($a.b)", "$i.path('$.x')", '$x.f("k")', "$l.get(-1)", "$o.m()", ".q",
    "'", "$!a.m($!b)", "$a.m($b)(", "$a.m('x').n(",
]  # fmt: skip


def _outcome(source: str, fast: bool) -> object:
    try:
        return parse(source, fast_lexer=fast)
    except TemplateError as error:
        # the offending token's text may differ (`$a.b` is one token on the fast path)
        return (type(error), error.line, error.column)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_fast_paths_build_the_same_tree(source: str) -> None:
    assert _outcome(source, True) == _outcome(source, False)


@pytest.mark.parametrize(
    "source",
    [
        "ab\n  $x.y.z $x.m()",
        "ab\n  $u.esc($a.b.c).d $!u.esc($!a)x $i.path('$.a\n b').c $l.get(-12) $m.f(\"k\")",
        "#set($x = $u.e($a.b).c)#if($i.p('$') == 1)$o.m().n(1)#end",
        "$a.m($b.c)(x) $a.m('x').n('y') $a.m('x').n.o($p)",
    ],
)
def test_compound_tokens_keep_positions(source: str) -> None:
    fast = parse(source, fast_lexer=True)
    slow = parse(source, fast_lexer=False)
    assert fast == slow
