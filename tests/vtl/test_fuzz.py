"""Fuzzing the VTL engine with hypothesis (issue 2 §5).

Random soups of VTL fragments, rendered in both dialects, must give a ``str`` or raise an
:class:`ApigwError`; any other exception, or a hang, is a defect. Plain text with no ``$``,
``#`` or backslash is copied verbatim by Velocity (spec §1, W1 of §6), so it must render to
itself. No expected value here comes from the oracle: these are properties every outcome must
have.
"""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigw_core import vtl
from apigw_core.errors import ApigwError
from tests.vtl.test_limits import within

DIALECTS = ("apigateway", "velocity")

FRAGMENTS = [
    "#if(", "#end", "$a", "${", "#foreach($i in [1..3])", "#set($x = ", ")", '"', "'", "#*",
    "*#", "##", "\\", "\\\\", "#macro(m $p)", "#m(", "[", "]", "{", "}", ",", "..", "$!", "#[[",
    "]]#", "#break", "#stop", "#evaluate(", "é", "😀", "\n", "\r\n", "\t", " ", "#else",
    "#elseif(", "#{else}", "#{end}", "$i", "$x", "$p", "$l", "$m", "$s", "$!{a}", "${a}", "$l[0]",
    "$m.k", "$s.length()", "$l.size()", "$l.add($x)", "$m.put('k', $x)", "$foreach.count",
    "$foreach.hasNext", "$velocityCount", "#define($d)", "$d", "#@m()", "$bodyContent", "1",
    "-1", "2.5", "1e3", "true", "false", "==", "!=", "<", ">", "&&", "||", "!", "+", "-", "*",
    "/", "%", "and", "or", "not", "(", "x", "text ", "$", "#", ".", "=", "'a'", '"$a"', "[1, 2]",
    "{'k': 1}", "[1..3]", "#parse(", "#include(", "#literal()", "$s.split(',')",
    "$s.replaceAll('a', 'b')", "$s.substring(", "$a-b", "$nope", "#set($l = [])", "#{if}(",
    "#break($foreach)", "$foreach.parent", "\u2028", "\x00", "\r",
]  # fmt: skip

VARIABLES: dict[str, Any] = {
    "a": "A",
    "l": [1, "two", None, 2.5],
    "m": {"k": "v", "n": None, "l": [1]},
    "s": "a,b,,c",
    "x": 3,
    "i": 2147483647,
}

soups = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40).map(
    "".join
)

_IDENTITY = re.compile(r"@[0-9a-f]+")


def outcome(template: str, dialect: str) -> str | ApigwError:
    """The rendered text, or the ApigwError; anything else escapes and fails the test."""
    try:
        with within(20):
            return vtl.render(template, copy.deepcopy(VARIABLES), dialect=dialect)
    except ApigwError as error:
        return error


@settings(
    max_examples=600,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(soups)
def test_soups_render_or_raise_apigw_errors(template: str) -> None:
    for dialect in DIALECTS:
        result = outcome(template, dialect)
        assert isinstance(result, str | ApigwError)
        if isinstance(result, vtl.VtlSyntaxError):
            assert isinstance(result.line, int) and result.line >= 1
            assert isinstance(result.column, int) and result.column >= 1
            assert isinstance(str(result), str)


@settings(max_examples=300, deadline=timedelta(seconds=5))
@given(soups)
def test_rendering_is_deterministic_and_compile_agrees(template: str) -> None:
    for dialect in DIALECTS:
        first = outcome(template, dialect)
        second = outcome(template, dialect)
        try:
            with within(20):
                compiled: str | ApigwError = vtl.compile(template, dialect=dialect).render(
                    copy.deepcopy(VARIABLES)
                )
        except ApigwError as error:
            compiled = error
        if isinstance(first, str):
            assert isinstance(second, str) and isinstance(compiled, str)
            assert _IDENTITY.sub("@", first) == _IDENTITY.sub("@", second)
            assert _IDENTITY.sub("@", first) == _IDENTITY.sub("@", compiled)
        else:
            assert type(second) is type(first) and type(compiled) is type(first)


@settings(max_examples=300, deadline=timedelta(seconds=5))
@given(soups, soups)
def test_evaluate_of_a_soup_never_escapes(template: str, outer: str) -> None:
    # the soup as a runtime string: #evaluate parses it while rendering (spec §2.6)
    variables = {**VARIABLES, "t": template}
    for dialect in DIALECTS:
        for source in ("#evaluate($t)", outer + "#evaluate($t)"):
            try:
                with within(20):
                    vtl.render(source, copy.deepcopy(variables), dialect=dialect)
            except ApigwError:
                pass


EXPRESSIONS = [
    "1", "-3", "2.5", "$x", "$x + 1", "$x * $i", "$i + 1", "$x / 0", "$x % 2", "$a", "$nope",
    "'s'", '"$a$x"', "[1, $x]", "[]", "{'k': $x}", "[1..$x]", "[$x..1]", "$l", "$m", "$s",
    "$l.size()", "$l.get(0)", "$l.get($x)", "$s.substring(1)", "$s.split(',')", "$m.k", "$m.n",
    "$a == 'A'", "$x > 1 && $l", "!$nope", "$foreach.count", "$p", "$d", "true", "$l.add($x)",
    "$m.put($a, $x)", "$s.replaceAll('[a-c]', '$0$0')", "$a + $x", "$l[-1]", "$i * $i",
]  # fmt: skip

LEAVES = [
    "x", " ", "\n", "$a", "$!nope", "$nope", "${x}", "$l", "$m", "$l[0]", "$foreach.count",
    "$velocityCount", "$p", "$d", "$bodyContent", "#break", "#stop", "\\$a", "\\#end", "##c\n",
    "#*c*#", "#[[$a]]#", "$s.length()", "$x",
]  # fmt: skip


def _block(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    expr = st.sampled_from(EXPRESSIONS)
    return st.one_of(
        st.tuples(expr, children, children).map(lambda t: f"#if({t[0]}){t[1]}#else{t[2]}#end"),
        st.tuples(expr, children).map(lambda t: f"#if({t[0]})\n  {t[1]}\n#end\n"),
        st.tuples(expr, children).map(lambda t: f"#foreach($v in {t[0]}){t[1]}#end"),
        st.tuples(expr, children).map(lambda t: f"#set($x = {t[0]}){t[1]}"),
        st.tuples(children, expr).map(lambda t: f"#macro(mac $p){t[0]}#end#mac({t[1]})"),
        st.tuples(children, children).map(
            lambda t: f"#macro(bm)[$bodyContent]#end#@bm(){t[0]}#end{t[1]}"
        ),
        st.tuples(children).map(lambda t: f"#define($d){t[0]}#end$d$d"),
        st.tuples(children).map(lambda t: f"#set($t = {t[0]!r})#evaluate($t)"),
        st.tuples(expr, children).map(lambda t: f'#set($q = "{t[1]}")$q'),
        st.lists(children, max_size=4).map("".join),
    )


structured = st.recursive(st.sampled_from(LEAVES), _block, max_leaves=12)


@settings(max_examples=400, deadline=timedelta(seconds=5))
@given(structured)
def test_structured_templates_render_or_raise_apigw_errors(template: str) -> None:
    for dialect in DIALECTS:
        result = outcome(template, dialect)
        assert isinstance(result, str | ApigwError)


plain_text = st.text(
    alphabet=st.characters(blacklist_characters="$#\\", blacklist_categories=["Cs"]),
    max_size=200,
)


@settings(max_examples=500, deadline=timedelta(seconds=5))
@given(plain_text)
def test_plain_text_renders_to_itself(text: str) -> None:
    for dialect in DIALECTS:
        assert vtl.render(text, dialect=dialect) == text
        assert vtl.render(text, VARIABLES, dialect=dialect) == text


@settings(max_examples=200, deadline=timedelta(seconds=5))
@given(plain_text, plain_text)
def test_plain_text_around_a_reference_is_kept(before: str, after: str) -> None:
    # W1: references never eat whitespace; `${a}` ends where its brace does
    for dialect in DIALECTS:
        assert vtl.render(before + "${a}" + after, VARIABLES, dialect=dialect) == (
            before + "A" + after
        )
