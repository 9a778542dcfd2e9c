"""Errors of the VTL engine: classes, positions and messages (spec §7, issue 2 §2 and §4).

Positions are Velocity's: lines count from 1 (``\\n``, ``\\r\\n`` or a lone ``\\r`` ends one),
columns count UTF-16 code units from 1 and a tab moves to the next column of the form 8k+1.
Every expected position here was recorded from Velocity 1.7 (shared/tools/velocity-oracle):
the literal table below by hand, the parametrized ones from the ``line``/``column`` of the
case tables (tests/vtl/cases, written by regenerate.py) and, for render errors, from the
``[line L, column C]`` in the first line of the oracle's message.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest

from apigw_core import vtl
from apigw_core.errors import ApigwError, TemplateError
from tests.vtl.test_spec_cases import CASES, DIVERGENCES, engine_bug

# Spec §7.1 and the tab/UTF-16 rules: (template, line, column), positions from the oracle
SPEC_POSITIONS = [
    ("Hello $", 1, 8),
    ("#if(true)a", 1, 10),
    ("#set($p = 'a,b'.split(','))", 1, 17),
    ("${a|'b'}", 1, 4),
    ("line1\nline2\n#if($x\nline4", 4, 1),
    ("\tx #if(true a#end", 1, 20),
    ("😀 #if(true a#end", 1, 13),
    ("$l #set($d = 1)[$d]", 1, 16),
    ("#set\t($a = 1)", 1, 13),
    ("$l[1 + 0]", 1, 6),
    ("$a#", 1, 4),
    ("\\#", 1, 3),
    ("a#*", 1, 4),
    ("a#[[x]]b", 1, 9),
    ("#if(true)a#endb", 1, 15),
    ("#if(true)a#else b#else c#end", 1, 18),
    ("#macro(f $n)#if($n > 0)#f($n - 1)#end#end", 1, 30),
    ('#set($a = "a\\"b")', 1, 15),
    ("#set($a = - 5)", 1, 11),
    ("#set($a = null)", 1, 11),
    ("#if(TRUE)x#end", 1, 5),
    ("#set($a = [1, 2,])", 1, 17),
    ("#set($c = $a -1)", 1, 14),
    ("\t\ta\t#if(", 1, 28),
    ("a\r\nb\r\n#end", 3, 1),
    ("a\rb\r#end", 3, 1),
    ("😀😀 #end", 1, 6),
    ("\t😀\t#end", 1, 17),
    ("é #end", 1, 3),
]

_POSITION = re.compile(r"\[line (\d+), column (\d+)\]")


def _outcome(case: dict[str, Any], dialect: str) -> ApigwError | str:
    try:
        return vtl.render(case["template"], copy.deepcopy(case["context"]), dialect=dialect)
    except ApigwError as error:
        return error


def _syntax_error(template: str) -> vtl.VtlSyntaxError:
    """The engine's syntax error for ``template``; a template it accepts is test_spec_cases'."""
    try:
        vtl.compile(template, dialect="velocity")
    except vtl.VtlSyntaxError as error:
        return error
    pytest.skip("the engine accepts it: a failure of test_spec_cases (KNOWN_ENGINE_BUGS)")


def _bug(kind: str, case_id: str) -> list[pytest.MarkDecorator]:
    return engine_bug(f"test_errors.py::{kind}::{case_id}")


def _error_cases(kind: str) -> Iterator[tuple[dict[str, Any], str, dict[str, Any]]]:
    """(case, dialect, expected) for every expected error of ``kind`` in the case tables."""
    for case in CASES:
        if case["id"] in DIVERGENCES or "#evaluate" in case["template"]:
            continue  # an #evaluate error is positioned in the evaluated string
        for dialect in ("apigateway", "velocity"):
            expected = case["expected"][dialect]
            if expected.get("error") == kind and case["source"] == "oracle":
                yield case, dialect, expected


# ---------------------------------------------------------------- classes


def test_the_error_hierarchy() -> None:
    assert issubclass(vtl.VtlError, ApigwError)
    assert issubclass(vtl.VtlError, TemplateError)
    assert issubclass(vtl.VtlSyntaxError, vtl.VtlError)
    assert issubclass(vtl.VtlRenderError, vtl.VtlError)
    assert issubclass(vtl.VtlLimitError, vtl.VtlRenderError)
    assert not issubclass(vtl.VtlSyntaxError, vtl.VtlRenderError)


@pytest.mark.parametrize(
    ("source", "variables", "error", "java_exception"),
    [
        # oracle: each is a render error with this innermost Java exception
        ("$l[5]", {"l": ["a", "b"]}, vtl.VtlRenderError, "IndexOutOfBoundsException"),
        ("$s.substring(6)", {"s": "Hello"}, vtl.VtlRenderError, "StringIndexOutOfBoundsException"),
        ("$s.replaceAll('(', 'x')", {"s": "Hello"}, vtl.VtlRenderError, "PatternSyntaxException"),
        ("$s.replaceAll('l', '$')", {"s": "Hello"}, vtl.VtlRenderError, "IllegalArgumentException"),
        ("$i.parseInt('x')", {"i": 1}, vtl.VtlRenderError, "NumberFormatException"),
        ("#set($d = $s.split(',').add('z'))", {"s": "a,b"}, vtl.VtlRenderError, None),
        ("#foreach($i in $l)#set($d = $l.add(1))#end", {"l": [1]}, vtl.VtlRenderError, None),
        ("#parse('x.vm')", {}, vtl.VtlRenderError, None),
        ("#include('x.vm')", {}, vtl.VtlRenderError, None),
        ("#evaluate('#if(')", {}, vtl.VtlRenderError, None),
        ("#macro(m)#m()#end#m()", {}, vtl.VtlLimitError, None),
    ],
)
def test_render_errors_are_render_errors(
    source: str, variables: dict[str, Any], error: type[Exception], java_exception: str | None
) -> None:
    for dialect in ("apigateway", "velocity"):
        with pytest.raises(error) as caught:
            vtl.render(source, copy.deepcopy(variables), dialect=dialect)
        assert isinstance(caught.value, ApigwError)
        if java_exception is not None:
            assert isinstance(caught.value, vtl.VtlRenderError)
            assert caught.value.java_exception == java_exception


@pytest.mark.parametrize(("source", "line", "column"), SPEC_POSITIONS)
def test_syntax_errors_are_syntax_errors(source: str, line: int, column: int) -> None:
    for dialect in ("apigateway", "velocity"):
        with pytest.raises(vtl.VtlSyntaxError):
            vtl.render(source, {"l": ["a"], "a": 1}, dialect=dialect)
        with pytest.raises(vtl.VtlSyntaxError):
            vtl.compile(source, dialect=dialect)


# ---------------------------------------------------------------- positions of syntax errors


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        pytest.param(source, line, column, id=repr(source), marks=_bug("spec-position", source))
        for source, line, column in SPEC_POSITIONS
    ],
)
def test_syntax_error_position_is_velocitys(source: str, line: int, column: int) -> None:
    with pytest.raises(vtl.VtlSyntaxError) as caught:
        vtl.compile(source)
    assert (caught.value.line, caught.value.column) == (line, column)


def _position_params() -> Iterator[Any]:
    seen: set[str] = set()
    for case, _dialect, expected in _error_cases("parse"):
        if case["id"] in seen or "line" not in expected:
            continue
        seen.add(case["id"])
        yield pytest.param(case, expected, id=case["id"], marks=_bug("line", case["id"]))


@pytest.mark.parametrize(("case", "expected"), list(_position_params()))
def test_syntax_error_line_matches_velocity_in_every_table(
    case: dict[str, Any], expected: dict[str, Any]
) -> None:
    error = _syntax_error(case["template"])
    assert error.line == expected["line"]


def _column_params() -> Iterator[Any]:
    for case, dialect, expected in _error_cases("parse"):
        if dialect != "velocity" or "line" not in expected:
            continue
        if not (case["id"].startswith("errors.") or case["origin"].startswith("spec")):
            continue
        yield pytest.param(case, expected, id=case["id"], marks=_bug("column", case["id"]))


@pytest.mark.parametrize(("case", "expected"), list(_column_params()))
def test_syntax_error_column_matches_velocity_for_spec_and_error_cases(
    case: dict[str, Any], expected: dict[str, Any]
) -> None:
    error = _syntax_error(case["template"])
    assert (error.line, error.column) == (expected["line"], expected["column"])


# ---------------------------------------------------------------- render errors


def _render_params() -> Iterator[Any]:
    for case, dialect, expected in _error_cases("render"):
        position = _POSITION.search(expected.get("message", ""))
        if position is None:
            continue
        yield pytest.param(
            case,
            dialect,
            int(position[1]),
            id=f"{case['id']}@{dialect}",
            marks=_bug("render-line", case["id"]),
        )


@pytest.mark.parametrize(("case", "dialect", "line"), list(_render_params()))
def test_render_error_carries_the_line_of_the_failure(
    case: dict[str, Any], dialect: str, line: int
) -> None:
    result = _outcome(case, dialect)
    if isinstance(result, str):
        pytest.skip("the engine renders it: a failure of test_spec_cases (KNOWN_ENGINE_BUGS)")
    if isinstance(result, vtl.VtlSyntaxError):
        pytest.skip("rejected at compile time instead (docs/vtl.md: both are errors)")
    assert isinstance(result, vtl.VtlRenderError)
    assert result.line == line
    assert result.source_line is not None
    assert result.source_line == case["template"].splitlines()[line - 1]


def _java_exception_params() -> Iterator[Any]:
    for case, dialect, expected in _error_cases("render"):
        if "java_exception" not in expected:
            continue
        yield pytest.param(
            case,
            dialect,
            expected["java_exception"],
            id=f"{case['id']}@{dialect}",
            marks=_bug("java-exception", case["id"]),
        )


@pytest.mark.parametrize(("case", "dialect", "java_exception"), list(_java_exception_params()))
def test_render_error_names_velocitys_java_exception(
    case: dict[str, Any], dialect: str, java_exception: str
) -> None:
    result = _outcome(case, dialect)
    if isinstance(result, str):
        pytest.skip("the engine renders it: a failure of test_spec_cases (KNOWN_ENGINE_BUGS)")
    if isinstance(result, vtl.VtlSyntaxError | vtl.VtlLimitError):
        pytest.skip("a syntax or limit error stands for Velocity's exception here")
    assert isinstance(result, vtl.VtlRenderError)
    assert result.java_exception == java_exception


_RENDER_POSITIONS = {
    # oracle: `at case-1[line L, column C]` in the render error
    "method-on-line-2": ("a\nb $l.get(5)", {"l": [1]}, 2, 6),
    "in-foreach": ("#foreach($i in [1])\n  $s.substring(9)\n#end", {"s": "abc"}, 2, 6),
    "in-set": ("x\n\n  #set($x = $s.charAt(9))", {"s": "abc"}, 3, 16),
    "index-on-line-2": ("ok\n$l[2]", {"l": [1]}, 2, 3),
    "in-macro-body": ("#macro(m)\n$s.substring(9)#end\nx\n#m()", {"s": "abc"}, 2, 4),
}


@pytest.mark.parametrize(
    ("source", "variables", "line", "column"),
    [
        pytest.param(*values, id=name, marks=_bug("render-position", name))
        for name, values in _RENDER_POSITIONS.items()
    ],
)
def test_render_error_position(
    source: str, variables: dict[str, Any], line: int, column: int
) -> None:
    with pytest.raises(vtl.VtlRenderError) as caught:
        vtl.render(source, copy.deepcopy(variables))
    assert caught.value.line == line
    assert caught.value.source_line == source.splitlines()[line - 1]


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        # oracle: `at case-1[line L, column C]`, where the body of the macro whose call went
        # one deeper than 20 starts (after the line break its `)` takes)
        ("#macro(a)#b()#end\n#macro(b)#c()#end\n#macro(c)#a()#end\n#a()", 3, 10),
        ("#macro(a)#b()#end\n#macro(b)#c()#end\n#macro(c)#a()#end\n#b()", 1, 10),
        ("#macro(m)\nx#m()#end#m()", 2, 1),
        ("#macro( m )#m()#end#m()", 1, 12),
        ("#macro(m)#end#macro(m)#m()#end#m()", 1, 23),
    ],
)
def test_macro_overflow_is_located_where_velocity_locates_it(
    source: str, line: int, column: int
) -> None:
    with pytest.raises(vtl.VtlLimitError) as caught:
        vtl.render(source)
    assert caught.value.java_exception == "MacroOverflowException"
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.source_line == source.splitlines()[line - 1]


# ---------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("source", "line", "column", "culprit"),
    [
        ("#set($a = [1, 2,])", 1, 17, "]"),
        ("line1\nline2\n#if($x\nline4", 4, 1, "l"),
        ("\tx #if(true a#end", 1, 20, "a"),
        ("x\n\t\t#set($c = $a -1)", 2, 30, "-"),
    ],
)
def test_message_shows_the_line_and_a_caret(
    source: str, line: int, column: int, culprit: str
) -> None:
    with pytest.raises(vtl.VtlSyntaxError) as caught:
        vtl.compile(source)
    error = caught.value
    text = str(error)
    shown = source.splitlines()[line - 1].expandtabs(8)
    lines = text.splitlines()
    shown_at = [
        i for i in range(len(lines) - 1) if shown in lines[i] and lines[i + 1].strip() == "^"
    ]
    assert shown_at, text
    index = shown_at[-1]
    caret_line = lines[index + 1]
    prefix = lines[index].index(shown)
    assert caret_line.index("^") - prefix == column - 1, text
    assert shown[column - 1] == culprit
    assert error.source_line == source.splitlines()[line - 1]


@pytest.mark.parametrize(
    "source", [pytest.param("a\n  $s.substring(9)\nb", marks=_bug("message", "render"))]
)
def test_render_error_message_shows_the_line(source: str) -> None:
    with pytest.raises(vtl.VtlRenderError) as caught:
        vtl.render(source, {"s": "abc"})
    text = str(caught.value)
    assert "$s.substring(9)" in text
    assert "^" in text


@pytest.mark.parametrize(
    ("source", "variables"),
    [
        ("line one\n#if($a\nline three", {}),  # a syntax error
        ("line one\n$s.substring(9)\nline three", {"s": "abc"}),  # a Java exception
    ],
)
def test_errors_carry_the_template_for_notebooks(source: str, variables: dict[str, str]) -> None:
    with pytest.raises(TemplateError) as caught:
        vtl.render(source, variables)
    error = caught.value
    assert error.template_source == source
    # the notebook view shows the lines around the error, the failing one marked
    assert f"> {error.line} |" in error._repr_markdown_()
    assert "line one" in error._repr_html_()
    assert "line three" in error._repr_html_()
