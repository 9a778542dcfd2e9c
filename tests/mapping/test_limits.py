"""Mapping templates on hostile values: ``$util`` and ``$input`` on shared nested lists, deep
and large bodies, and JSONPath whose work or text would have no end (docs/vtl.md Limits).

Every case must end in milliseconds with an :class:`ApigwError`, never an internal error, a
hang or an exhausted memory; the sizes are the smallest that show each limit.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from apigw_core import ApigwError, render_mapping_template
from apigw_core.mapping import json_values
from apigw_core.mapping.json_values import to_json_text
from apigw_core.vtl import VtlLimitError
from tests.vtl.test_limits import within


def render(template: str, body: str = "") -> str:
    return str(render_mapping_template(template, {"body": body})["body"])


# a list holding the same list twice, 60 deep, its leaf a 128 KiB string: 2^60 leaves
_SHARED = (
    '#set($x = "a")#foreach($i in [1..17])#set($x = "$x$x")#end'
    "#set($l = [$x])#foreach($i in [1..60])#set($l = [$l, $l])#end"
)


@pytest.mark.parametrize(
    "call",
    [
        "$util.escapeJavaScript($l)",
        "$util.base64Encode($l)",
        "$util.urlEncode($l)",
        "$util.urlDecode($l)",
        "$util.base64Decode($l)",
        "$util.parseJson($l)",
    ],
)
def test_util_on_a_shared_nested_list_stops_at_the_string_limit(call: str) -> None:
    with within(10), pytest.raises(VtlLimitError, match="max_string_length"):
        render(f"{_SHARED}{call}.length()")


def test_to_json_text_keeps_a_running_budget() -> None:
    shared: list[Any] = ["a" * 100_000]
    for _ in range(60):
        shared = [shared, shared]
    with within(10), pytest.raises(VtlLimitError, match="max_string_length"):
        to_json_text(shared)
    with within(10), pytest.raises(VtlLimitError, match="max_string_length"):
        to_json_text({"k": shared})
    assert to_json_text({"k": [1, "x", None]}) == '{"k":[1,"x",null]}'


def test_parsed_json_printing_shared_lists_stops_at_the_string_limit() -> None:
    # JsonArray prints through to_json_text (a list of parsed JSON holding a shared list)
    template = _SHARED + "#set($j = $util.parseJson('[1]'))#set($ok = $j.add($l))$j"
    with within(10), pytest.raises(VtlLimitError, match="max_string_length"):
        render(template)


@pytest.mark.parametrize(
    "body", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000]
)
def test_a_body_too_deep_for_the_parser_is_not_json(body: str) -> None:
    # as everywhere a body is parsed (pipeline): its text, never "rendering recursed too deeply"
    with within(10):
        assert render("$input.json('$')", body) == body
        assert render("$input.path('$')", body) == body
        assert render("$input.json('$.a')|$input.path('$.a')|", body) == '""||'
    with within(10), pytest.raises(ApigwError, match="JsonParseException"):
        render("$util.parseJson($input.body)", body)


def test_a_filter_against_a_long_literal_spends_the_path_budget() -> None:
    # 2000 candidates each compared with a 1000-element literal: 2,000,000 comparisons
    body = json.dumps({"a": [{"b": i} for i in range(2000)]})
    literal = "[" + ",".join(["-1"] * 1000) + "]"
    for operator in ("in", "nin", "anyof", "noneof", "subsetof"):
        left = "@.b" if operator in ("in", "nin") else "[@.b]"
        path = f"$.a[?({left} {operator} {literal})]"
        with within(10), pytest.raises(ApigwError, match="exceeds 1000000 steps"):
            render(f"$input.json('{path}')", body)
    assert render("$input.json('$.a[?(@.b in [1, 2])].b')", body) == "[1,2]"


def test_concat_of_a_deep_scan_stops_at_the_string_limit() -> None:
    # $..* finds every level of a 60-deep array: the 200,000-character string 60 times
    body = "[" * 60 + json.dumps("x" * 200_000) + "]" * 60
    for method in ("json", "path"):
        with within(10), pytest.raises(VtlLimitError, match="max_string_length"):
            render(f"$input.{method}('$.concat($..*)')", body)
    assert render("$input.json('$.concat($[0][0])')", '[["ab"]]') == '"ab"'


@pytest.mark.parametrize(
    ("path", "small"),
    [
        ("$..*", '[["ab"],"ab"]'),
        ("$[" + ",".join(["0"] * 100) + "]", "[" + ",".join(['["ab"]'] * 100) + "]"),
        ("$.append($..*)", '[["ab"],[["ab"],"ab"]]'),
    ],
)
def test_json_text_repeating_the_document_is_refused_before_it_is_built(
    path: str, small: str
) -> None:
    # 60 or 100 times a 200,000-character string; 9 MB bodies made gigabytes
    body = "[" * 60 + json.dumps("x" * 200_000) + "]" * 60
    with within(10), pytest.raises(VtlLimitError, match="max_string_length"):
        render(f"$input.json('{path}')", body)
    assert render(f"$input.json('{path}')", '[["ab"]]') == small


def test_check_json_length_measures_each_shared_value_once_and_refuses_cycles() -> None:
    check = json_values.check_json_length
    leaf = ["a" * 100]
    shared: list[Any] = leaf
    for _ in range(60):
        shared = [shared, shared]
    with within(10), pytest.raises(VtlLimitError):
        check(shared)
    check([leaf] * 1000)  # 100 KiB of text: fine
    check({"k": [leaf] * 1000, "m": {"n": leaf}})
    cycle: list[Any] = [1]
    cycle.append(cycle)
    with within(10), pytest.raises(VtlLimitError):
        check(cycle)


@pytest.mark.parametrize(
    "template",
    [
        # a template makes the document $input.path gave it hold itself
        '#set($d = $input.path("$"))#set($x = $d.put("self", $d))$input.json("$")',
        # or, without a cycle, a list holding itself twice 40 deep (2^40 copies) under $.x
        '#set($d = $input.path("$"))#set($a = [1])#foreach($i in [1..40])#set($a = [$a, $a])#end'
        '#set($x = $d.put("x", $a))$input.json("$")',
    ],
    ids=["cycle", "shared"],
)
def test_input_json_reads_the_body_not_a_document_the_template_changed(template: str) -> None:
    """$input.json writes the body's JSON (MT §3.2), not what a template did to the document
    $input.path returned: no hang, no gigabytes."""
    with within(10):
        assert render(template, '{"k": 1}') == '{"k":1}'


def test_a_union_repeating_indexes_spends_the_path_budget() -> None:
    """`$[0,0,…][0,0,…]` makes k² results from a path of length k: each union spends one step
    per index, so 5000 of each stop at the budget instead of running for half a minute."""
    union = ",".join(["0"] * 5000)
    with within(10), pytest.raises(ApigwError, match="exceeds 1000000 steps"):
        render(f"$input.path('$[{union}][{union}]').size()", "[[1]]")


def test_check_json_length_is_a_lower_bound_for_numbers() -> None:
    """4,000,000 one-digit numbers are 8 MB of JSON: under 10 MiB, so printed, not refused."""
    json_values.check_json_length([1] * 4_000_000)
