"""Top-level code and loop code compile to different Python shapes; both must mean the same.

Code that runs once per render compiles to compact helper calls (R.props, unguarded
method calls with effect-free arguments) because that halves compile time; code in loops and
macros keeps inline fast paths. Each template here renders at the top level, inside a
one-pass #foreach and inside a macro, and must give what Apache Velocity 1.7 printed
(shared/tools/velocity-oracle, both modes; None means Velocity fails).
"""

from __future__ import annotations

import pytest

from tests.vtl.oracle_rows import assert_renders_like_velocity

CONTEXT = {
    "a": "A",
    "m": {"k": "K", "n": {"o": {"p": {"q": "deep"}}}},
    "l": [1, "two", None],
    "s": "abc",
    "i": 7,
}

# (template, apigateway output, velocity output), from the oracle
CASES = [
    ("#set($l2=[])$nothing.m($l2.add(1))$l2", "[]", "$nothing.m($l2.add(1))[]"),
    ("$nothing.m($x.y)|$!nothing.a.b.c|", "||", "$nothing.m($x.y)||"),
    (
        "$m.k|$m.n.o|$m.n.o.p|$m.n.o.p.q|$m.n.o.p.q.length()|$m.n.o.p.q.r|",
        "K|{p={q=deep}}|{q=deep}|deep|4||",
        "K|{p={q=deep}}|{q=deep}|deep|4|$m.n.o.p.q.r|",
    ),
    ("$m.nope.o|$!m.nope.o.p.q|${m.n.o.p.q}|$!{m.x.y}|", "||deep||", "$m.nope.o||deep||"),
    ("$s.concat($m.k)|$s.concat($m.nope)|$s.concat($nope.x.y)|", "abcK|abc|abc|", None),
    ("$s.concat($m.n.o.p.q)|$m.get('k')|$m.n.get('o').p.q|", "abcdeep|K|deep|", "abcdeep|K|deep|"),
    ("$l.get(0)|$l.get(2)|$l.size()|", "1||3|", "1|$l.get(2)|3|"),
    ("$l.get($i)|", None, None),
    ("#set($x = $m.n.o.p.q)$x|#set($y = $m.nope.z)$y|", "deep||", "deep|$y|"),
    ("#if($m.n.o.p.q == 'deep')T#{else}F#end|#if($m.nope.z)T#{else}F#end|", "T|T|", "T|F|"),
    (
        "$s.substring(1, 2)|$s.replace('b', $m.k)|$a.length()|$i.toString().length()|",
        "b|aKc|1|1|",
        "b|aKc|1|1|",
    ),
    ("$m.k.toLowerCase().length()|$m.n.o.p.q.substring(1).toUpperCase()|", "1|EEP|", "1|EEP|"),
    ("$i|$l|$m.n|", "7|[1, two, null]|{o={p={q=deep}}}|", "7|[1, two, null]|{o={p={q=deep}}}|"),
]

PLACEMENTS = {
    "top level": "BODY",
    "loop": "#foreach($once in [1])BODY#end",
    "macro": "#macro(body)BODY#end#body()",
}


@pytest.mark.parametrize("placement", sorted(PLACEMENTS))
@pytest.mark.parametrize("dialect", ["apigateway", "velocity"])
@pytest.mark.parametrize(("template", "apigateway", "velocity"), CASES)
def test_same_meaning_in_every_placement(
    template: str, apigateway: str | None, velocity: str | None, dialect: str, placement: str
) -> None:
    source = PLACEMENTS[placement].replace("BODY", template)
    assert_renders_like_velocity(source, CONTEXT, dialect, apigateway, velocity)
