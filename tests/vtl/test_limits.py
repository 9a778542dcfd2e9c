"""Safety limits of the VTL engine (issue 2 §5, spec §2.3 and §2.5).

The oracle (Velocity 1.7) enforces none of these except the macro depth of 20, so most of the
expected behaviour comes from the issue and the spec, not from the oracle:

* ``#foreach`` stops at API Gateway's published quota of 1000 iterations per run of a loop:
  iteration 1001 raises, exactly 1000 is fine (spec §2.3, product decision of issue 2 §5);
* macro calls nest at most 20 deep, the 21st call failing (Velocity's ``velocimacro.max.depth``,
  checked with the oracle: ``#f(19)`` below renders, ``#f(20)`` is a MacroOverflowException);
* ``#evaluate`` recursion, output and string size, and template size are bounded so that an
  untrusted template can neither hang nor exhaust memory (issue 2 §5).

Every overrun is a :class:`VtlLimitError`, which is an :class:`ApigwError`.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from apigw_core import vtl
from apigw_core.errors import ApigwError
from tests.vtl.test_spec_cases import engine_bug

DIALECTS = ("apigateway", "velocity")


class Hang(BaseException):  # not an Exception: no engine handler can catch it
    """Raised by :func:`within` when rendering takes too long."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail instead of hanging when the body runs longer than ``seconds``."""

    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(source: str, variables: dict[str, Any] | None = None, **options: Any) -> str:
    return vtl.render(source, variables, **options)


# ---------------------------------------------------------------- #foreach quota (spec §2.3)


def test_default_quota_is_1000() -> None:
    assert vtl.Limits().max_foreach_iterations == 1000
    assert vtl.DEFAULT_LIMITS.max_foreach_iterations == 1000


@pytest.mark.parametrize("dialect", DIALECTS)
def test_exactly_1000_iterations_are_fine(dialect: str) -> None:
    assert render("#foreach($i in [1..1000])x#end", dialect=dialect) == "x" * 1000
    assert render("#foreach($i in $l)$i#end", {"l": [7] * 1000}, dialect=dialect) == "7" * 1000
    values = {str(k): 1 for k in range(1000)}
    assert render("#foreach($v in $m)$v#end", {"m": values}, dialect=dialect) == "1" * 1000
    assert render("#foreach($i in [1..1000])#end$foreach.count|", dialect=dialect) in (
        "|",
        "$foreach.count|",
    )


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    ("source", "variables"),
    [
        ("#foreach($i in [1..1001])x#end", {}),
        ("#foreach($i in [1001..1])x#end", {}),
        ("#foreach($i in [0..1000])#end", {}),
        ("#foreach($i in $l)#end", {"l": list(range(1001))}),
        ("#foreach($v in $m)#end", {"m": {str(k): k for k in range(1001)}}),
        ("#foreach($k in $m.keySet())#end", {"m": {str(k): k for k in range(1001)}}),
        ("#foreach($i in $l.iterator())#end", {"l": list(range(1001))}),
        ("#foreach($i in $s.split(','))#end", {"s": ",".join(["x"] * 1001)}),
        ("#set($l = [])#foreach($i in [1..1001])#set($d = $l.add($i))#end", {}),
        ("#foreach($i in [1..1000])x#end#foreach($i in [1..1001])y#end", {}),
        ("#evaluate('#foreach($i in [1..1001])#end')", {}),
        ("#macro(m)#foreach($i in [1..1001])#end#end#m()", {}),
        ("#define($d)#foreach($i in [1..1001])#end#end$d", {}),
    ],
)
def test_iteration_1001_raises(source: str, variables: dict[str, Any], dialect: str) -> None:
    with pytest.raises(vtl.VtlLimitError):
        render(source, variables, dialect=dialect)


def test_the_limit_error_is_an_apigw_error_naming_the_limit() -> None:
    with pytest.raises(vtl.VtlLimitError) as caught:
        render("#foreach($i in [1..1001])#end")
    assert isinstance(caught.value, vtl.VtlRenderError)
    assert isinstance(caught.value, vtl.VtlError)
    assert isinstance(caught.value, ApigwError)
    assert "1000" in str(caught.value)


def test_a_loop_that_breaks_before_iteration_1001_is_fine() -> None:
    # the quota is on iterations started, not on the size of what is walked (spec §2.3)
    assert render("#foreach($i in [1..5000])#if($i == 3)#break#end$i#end") == "12"
    source = "#foreach($i in [1..1001])#if($foreach.count == 1000)#break#end#end|"
    assert render(source) == "|"


def test_nested_loops_count_separately() -> None:
    source = "#foreach($i in [1..3])#foreach($j in [1..1000])#end$i#end"
    assert render(source) == "123"
    source = "#foreach($i in [1..1000])#foreach($j in [1..2])#end#end|"
    assert render(source) == "|"
    with pytest.raises(vtl.VtlLimitError):
        render("#foreach($i in [1..2])#foreach($j in [1..1001])#end#end")


def test_a_loop_that_runs_again_starts_from_zero() -> None:
    assert render("#macro(m)#foreach($i in [1..600])#end#end#m()#m()#m()|") == "|"
    looped = "#foreach($k in [1..2])#foreach($i in [1..1000])#end#end|"
    assert render(looped) == "|"
    template = vtl.compile("#foreach($i in $l)#end|")
    for _ in range(3):  # a new render starts from zero too
        assert template.render({"l": list(range(1000))}) == "|"


@pytest.mark.parametrize("limit", [1, 5, 1500])
def test_the_quota_is_configurable(limit: int) -> None:
    limits = vtl.Limits(max_foreach_iterations=limit)
    assert render(f"#foreach($i in [1..{limit}])x#end", limits=limits) == "x" * limit
    with pytest.raises(vtl.VtlLimitError):
        render(f"#foreach($i in [1..{limit + 1}])x#end", limits=limits)
    template = vtl.compile("#foreach($i in $l)#end|", limits=limits)
    assert template.render({"l": [0] * limit}) == "|"
    with pytest.raises(vtl.VtlLimitError):
        template.render({"l": [0] * (limit + 1)})


def test_total_iterations_are_bounded_and_configurable() -> None:
    limits = vtl.Limits(max_total_iterations=100)
    with pytest.raises(vtl.VtlLimitError), within(10):
        render("#foreach($i in [1..20])#foreach($j in [1..20])#end#end", limits=limits)
    assert render("#foreach($i in [1..5])#foreach($j in [1..5])#end#end|", limits=limits) == "|"


def _fan_out(kind: str, levels: int = 9, width: int = 10) -> str:
    """A template doing ``width ** levels`` steps of ``kind`` with no loop and no output."""
    if kind == "macro":
        parts = ["#macro(m0)#end"]
        parts += [f"#macro(m{i}){f'#m{i - 1}()' * width}#end" for i in range(1, levels + 1)]
        return "".join(parts) + f"#m{levels}()"
    if kind == "argument":  # each read of $x reads the caller's $x ten times
        parts = ["#macro(a0 $x)#set($q = $x)#end"]
        for i in range(1, levels + 1):
            parts.append(f"#macro(a{i} $x)#a{i - 1}([{', '.join(['$x'] * width)}])#end")
        return "".join(parts) + f"#a{levels}(1)"
    if kind == "define":
        parts = ["#define($d0)#end"]
        parts += [
            f'#define($d{i})#set($x = "{f"$d{i - 1}" * width}")#end' for i in range(1, levels + 1)
        ]
        return "".join(parts) + f"$d{levels}"
    assert kind == "evaluate"
    parts = ["#set($e0 = '')"]
    for i in range(1, levels + 1):
        parts.append(f"#set($e{i} = '{f'#evaluate($e{i - 1})' * width}')")
    return "".join(parts) + f"#evaluate($e{levels})"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("kind", ["macro", "argument", "define", "evaluate"])
def test_fan_out_without_loops_spends_the_total_budget(kind: str, dialect: str) -> None:
    # 10^9 macro calls, argument reads, #define or #evaluate renders: no loop, no output, no
    # depth beyond 10, so nothing else stops them
    limits = vtl.Limits(max_total_iterations=10_000)
    with within(10), pytest.raises(vtl.VtlLimitError, match="limit max_total_iterations"):
        render(_fan_out(kind), dialect=dialect, limits=limits)


def test_the_default_budget_stops_a_macro_fan_out_in_about_a_second() -> None:
    with within(20), pytest.raises(vtl.VtlLimitError, match="at a call of #m0"):
        render(_fan_out("macro"))


@pytest.mark.parametrize(
    ("source", "steps"),
    [
        ("#macro(m)#end" + "#m()" * 10, 10),
        ("#macro(m)#end#foreach($i in [1..5])#m()#end", 10),
        ("#macro(m $x)$x$x#end#m(1)", 3),  # the call and two reads of its argument
        ("#define($d)#end$d$d$d.toString()", 3),
        ("#set($t = '')#evaluate($t)#evaluate($t)", 2),
    ],
)
def test_calls_renders_and_iterations_share_one_budget(source: str, steps: int) -> None:
    render(source, limits=vtl.Limits(max_total_iterations=steps))
    with pytest.raises(vtl.VtlLimitError, match="limit max_total_iterations"):
        render(source, limits=vtl.Limits(max_total_iterations=steps - 1))


def test_evaluate_compiles_at_most_a_template_s_worth_of_distinct_text() -> None:
    # parsing is slow (about 10 µs a character): 1000 distinct 650-character strings took 6 s
    limits = vtl.Limits(max_template_length=2000)
    body = "#set($t = '#set($a = 1)')#foreach($i in [1..4])#set($t = \"$t$t\")#end"
    distinct = body + '#foreach($i in [1..20])#evaluate("$t$i")#end'
    with within(10), pytest.raises(vtl.VtlLimitError, match="limit max_template_length"):
        render(distinct, limits=limits)
    # the same text again is compiled once a render, and costs nothing more
    same = body + "#foreach($i in [1..1000])#evaluate($t)#end$a"
    assert render(same, limits=limits) == "1"


# ---------------------------------------------------------------- macro depth (spec §2.5)

_COUNTDOWN = "#macro(f $n)#if($n > 0)#set($k = $n - 1)#f($k)#end#end"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_macro_depth_20_as_velocity(dialect: str) -> None:
    # oracle: #f(19) (20 nested calls) renders, #f(20) is MacroOverflowException
    assert render(_COUNTDOWN + "#f(19)ok", dialect=dialect) == "ok"
    with pytest.raises(vtl.VtlLimitError):
        render(_COUNTDOWN + "#f(20)ok", dialect=dialect)


@pytest.mark.parametrize(
    "source",
    [
        "#macro(m)#m()#end#m()",
        "#macro(a)#b()#end#macro(b)#a()#end#a()",
        "#macro(m $x)#m($x)#end#m(1)",
        "#macro(m)#foreach($i in [1])#m()#end#end#m()",
        '#macro(m)#evaluate("#m()")#end#m()',  # oracle: MacroOverflowException
        "#macro(m)#@m()x#end#end#m()",
    ],
)
def test_unbounded_macro_recursion_raises(source: str) -> None:
    for dialect in DIALECTS:
        with within(10), pytest.raises(vtl.VtlLimitError):
            render(source, dialect=dialect)


def test_macro_depth_is_configurable() -> None:
    limits = vtl.Limits(max_macro_depth=5)
    assert render(_COUNTDOWN + "#f(4)ok", limits=limits) == "ok"
    with pytest.raises(vtl.VtlLimitError):
        render(_COUNTDOWN + "#f(5)ok", limits=limits)
    deeper = vtl.Limits(max_macro_depth=60)
    assert render(_COUNTDOWN + "#f(50)ok", limits=deeper) == "ok"


# ---------------------------------------------------------------- #evaluate depth (spec §2.6)


@pytest.mark.parametrize(
    ("source", "variables"),
    [
        ("#set($t = '#evaluate($t)')#evaluate($t)", {}),
        ("#evaluate($t)", {"t": "#evaluate($t)"}),
        ("#evaluate($t)", {"t": "x#evaluate($t)"}),
        ("#evaluate($a)", {"a": "#evaluate($b)", "b": "#evaluate($a)"}),
        ("#set($t = '#set($u = \"$t\")#evaluate($u)')#evaluate($t)", {}),
    ],
)
def test_evaluate_recursion_raises_and_does_not_hang(
    source: str, variables: dict[str, Any]
) -> None:
    # Velocity never ends these (the oracle times out); apigw_core must stop them
    for dialect in DIALECTS:
        with within(10), pytest.raises(ApigwError):
            render(source, variables, dialect=dialect)


def test_evaluate_recursion_is_a_limit_error() -> None:
    with within(10), pytest.raises(vtl.VtlLimitError):
        render("#set($t = '#evaluate($t)')#evaluate($t)")


def _nested_evaluate(depth: int) -> tuple[str, dict[str, str]]:
    """A template whose #evaluate calls nest ``depth`` deep, printing ``x`` at the bottom."""
    variables = {"t0": "x"}
    for level in range(1, depth):
        variables[f"t{level}"] = f"#evaluate($t{level - 1})"
    return f"#evaluate($t{depth - 1})", variables


def test_evaluate_depth_is_configurable() -> None:
    source, variables = _nested_evaluate(3)
    assert render(source, variables) == "x"
    assert render(source, variables, limits=vtl.Limits(max_evaluate_depth=10)) == "x"
    deep_source, deep_variables = _nested_evaluate(12)
    with pytest.raises(vtl.VtlLimitError):
        render(deep_source, deep_variables, limits=vtl.Limits(max_evaluate_depth=10))


# ---------------------------------------------------------------- output and string size


_GROWTH = {
    "interpolation": '#set($s = "xxxxxxxxxx")#foreach($i in [1..40])#set($s = "$s$s")#end$s',
    "plus": "#set($s = 'xxxxxxxxxx')#foreach($i in [1..40])#set($s = $s + $s)#end$s",
    "concat": "#set($s = 'xxxxxxxxxx')#foreach($i in [1..40])#set($s = $s.concat($s))#end",
    "replace": "#set($s = 'xx')#foreach($i in [1..40])#set($s = $s.replace('x', $s))#end",
    "replaceAll": "#set($s = 'xx')#foreach($i in [1..40])#set($s = $s.replaceAll('x', $s))#end",
    "triple": '#set($s = "x")#foreach($i in [1..40])#set($s = "$s$s$s")#end',
    "macro": '#macro(d $x)#set($s = "$x$x")#end#set($s = "xy")#foreach($i in [1..40])#d($s)#end',
    "evaluate": '#set($s = "xxxxxxxxxx")#foreach($i in [1..40])#set($s = "#evaluate($s)$s")#end',
}


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(source, id=name, marks=engine_bug(f"test_limits.py::growth-{name}"))
        for name, source in _GROWTH.items()
    ],
)
def test_exponential_growth_raises_quickly(source: str) -> None:
    for dialect in DIALECTS:
        started = time.monotonic()
        with within(20), pytest.raises(vtl.VtlLimitError):
            render(source, dialect=dialect)
        # the other growth patterns stop within 0.2 s; building a multi-GB string takes seconds
        assert time.monotonic() - started < 1


def test_output_growth_by_many_writes_raises() -> None:
    big = "x" * 20_000
    with within(20), pytest.raises(vtl.VtlLimitError):
        render("#foreach($i in [1..1000])$big#end", {"big": big})
    with within(20), pytest.raises(vtl.VtlLimitError):
        render("#foreach($i in [1..1000])#foreach($j in [1..1000])xxxxxxxxxxxxxxx#end#end")


def test_output_limit_is_configurable() -> None:
    limits = vtl.Limits(max_output_length=100)
    assert render("#foreach($i in [1..100])x#end", limits=limits) == "x" * 100
    assert render("$s", {"s": "y" * 100}, limits=limits) == "y" * 100
    with pytest.raises(vtl.VtlLimitError):
        render("#foreach($i in [1..101])x#end", limits=limits)
    with pytest.raises(vtl.VtlLimitError):
        render("$s", {"s": "y" * 101}, limits=limits)
    with pytest.raises(vtl.VtlLimitError):
        render("x" * 101, limits=limits)


def test_default_output_limit_allows_a_large_payload() -> None:
    # 1 MB of output is a normal API Gateway payload (the default limit is 10 MiB)
    payload = "z" * 1_000_000
    assert render("$p", {"p": payload}) == payload


# ---------------------------------------------------------------- template size and nesting


def test_template_size_is_configurable() -> None:
    limits = vtl.Limits(max_template_length=10)
    assert render("0123456789", limits=limits) == "0123456789"
    with pytest.raises(vtl.VtlLimitError):
        render("0123456789A", limits=limits)
    with pytest.raises(vtl.VtlLimitError):
        vtl.compile("0123456789A", limits=limits)


def test_a_template_over_the_default_size_is_rejected_quickly() -> None:
    source = "x" * (vtl.DEFAULT_LIMITS.max_template_length + 1)
    started = time.monotonic()
    with pytest.raises(vtl.VtlLimitError):
        vtl.compile(source)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "source",
    [
        "#if(true)" * 3000 + "x" + "#end" * 3000,
        "#foreach($i in [1])" * 3000 + "x" + "#end" * 3000,
        "#set($a = " + "(" * 5000 + "1" + ")" * 5000 + ")$a",
        "#set($a = " + "[" * 5000 + "]" * 5000 + ")$a",
        "#set($a = " + "{'k': " * 3000 + "1" + "}" * 3000 + ")$a",
        "#set($a = " + "!" * 5000 + "true)$a",
        "#set($a = 1" + " + 1" * 20000 + ")$a",
        "$a" + ".b" * 20000,
        "#macro(m $x)$x#end" + "#m(" * 3000 + ")" * 3000,
        '#set($a = "' + "#if(true)" * 2000 + "#end" * 2000 + '")',
    ],
)
def test_deep_nesting_never_escapes_as_a_python_error(source: str) -> None:
    # Velocity has no nesting limit; apigw_core may render or raise, but only an ApigwError
    for dialect in DIALECTS:
        with within(30):
            try:
                result = render(source, {"a": {"b": None}}, dialect=dialect)
            except ApigwError:
                continue
            assert isinstance(result, str)


@pytest.mark.parametrize("spec", ["%.1000001f", "%1000001s", "%-1000001d"])
def test_a_huge_format_field_is_refused(spec: str) -> None:
    # Java would build a string of a million characters and more; the engine refuses first
    with pytest.raises(vtl.VtlLimitError, match=r"String\.format"):
        vtl.render(f"$s.format('{spec}', 1)", {"s": ""})


def test_format_precision_is_not_bounded_by_decimal_defaults() -> None:
    # 301 digits then 30 zeros: Python's default 28-digit decimal context would fail here
    # (oracle: Velocity prints 1e300 in full)
    assert vtl.render("$s.format('%.30f', $d)", {"s": "", "d": 1e300}).endswith("." + "0" * 30)


# ---------------------------------------------------------------- shared nested structures

# `#set($l = [$l, $l])` 30 times makes 31 lists in memory but 2^30 elements to walk: each
# of these would take hours without the limit or the memo below. The leaf is a 100 KiB
# string, so printing passes 10 MiB after about 100 leaves and stops in milliseconds.
_DAG = "#set($l = [$s])#foreach($i in [1..30])#set($l = [$l, $l])#end"
_DAG2 = "#set($k = [$s])#foreach($i in [1..30])#set($k = [$k, $k])#end"
_MAP_DAG = "#set($m = {'x': $s})#foreach($i in [1..30])#set($m = {'a': $m, 'b': $m})#end"


@pytest.mark.parametrize(
    "source",
    [
        _DAG + "$l",
        _DAG + '#set($t = "$l")',
        _DAG + "$l.toString().length()",
        _DAG + "#set($t = $l + '')",
        _MAP_DAG + "$m",
        _MAP_DAG + "$m.toString().length()",
        _MAP_DAG + "$m.entrySet()",
        _DAG + "#set($j = {'x': $l})$j",
    ],
)
def test_printing_a_shared_structure_stops_at_the_string_limit(source: str) -> None:
    with within(10), pytest.raises(vtl.VtlLimitError, match="max_string_length"):
        render(source, {"s": "x" * 100_000})


def test_hash_and_equality_of_shared_structures_are_java_s_and_fast() -> None:
    variables = {"s": "x"}
    with within(10):
        # the values Java computes (hashCode: 31 * h + h for the two halves, in 32 bits)
        expected = 31 + 120
        for _ in range(30):
            expected = (31 * (31 + expected) + expected) & 0xFFFFFFFF
        expected -= (1 << 32) if expected > 2**31 - 1 else 0
        assert render(_DAG + "$l.hashCode()", variables) == str(expected)
        source = _DAG + _DAG2 + "$l.equals($k) $l.contains($k) $l.indexOf($l[0]) ${l.equals($k[0])}"
        assert render(source, variables) == "true false 0 false"
        assert render(
            _DAG + _DAG2 + "#set($d = $k.add(1))$l.equals($k) $k.equals($l)", variables
        ) == ("false false")
        assert (
            render(_DAG + "#set($k = {$l: 1})$k.containsKey($l) $k.get($l)", variables) == "true 1"
        )
        assert render(_MAP_DAG + "$m.hashCode() $m.equals($m.clone())", variables).endswith("true")


def test_a_list_that_holds_itself_still_recurses_too_deeply() -> None:
    assert render("#set($l = [])#set($d = $l.add($l))$l") == "[(this Collection)]"
    with pytest.raises(vtl.VtlLimitError, match="recursed too deeply"):
        render("#set($l = [])#set($d = $l.add($l))$l.hashCode()")


# ---------------------------------------------------------------- collection size


@pytest.mark.parametrize(
    "source",
    [
        "#set($l = [1])#foreach($i in [1..60])#set($d = $l.addAll($l))#end",
        "#set($l = [1])#foreach($i in [1..60])#set($d = $l.addAll(0, $l))#end",
        "#set($m = {'a': 1})#set($l = [1])#foreach($i in [1..60])#set($d = $l.addAll($m.values()))"
        "#set($d = $l.addAll($l))#end",
        "#set($l = [1..1000000])#set($d = $l.add(0))#set($d = $l.addAll([1]))",
        "#set($s = ',x')#foreach($i in [1..21])#set($s = $s + $s)#end#set($a = $s.split(','))",
    ],
)
def test_a_collection_cannot_grow_beyond_a_million_elements(source: str) -> None:
    with within(10), pytest.raises(vtl.VtlLimitError, match="max_collection_size"):
        render(source)


def test_put_all_is_bounded_and_counts_only_new_keys() -> None:
    variables = {"m": {str(k): k for k in range(600_000)}}
    with within(10):
        assert render("#set($d = $m.putAll($m))$m.size()", variables) == "600000"
        source = (
            "#set($n = {})#set($d = $n.putAll($m))#set($d = $n.put('x', 1))#set($d = $m.putAll($n))"
        )
        with pytest.raises(vtl.VtlLimitError, match="max_collection_size"):
            render(
                source + "#set($d = $m.put('y', 1))", {"m": {f"k{k}": k for k in range(1_000_000)}}
            )


# ---------------------------------------------------------------- huge numbers

_BIG = "#set($x = 10000000000000000000)"


@pytest.mark.parametrize(
    ("source", "error", "match"),
    [
        # squaring doubles the size: 40 squarings would need 2^40 * 64 bits
        (_BIG + "#foreach($i in [1..40])#set($x = $x * $x)#end", vtl.VtlRenderError, "overflow"),
        (
            _BIG + "#foreach($i in [1..40])#set($x = $x.multiply($x))#end",
            vtl.VtlRenderError,
            "overflow",
        ),
        (_BIG + "$x.pow(1000000)", vtl.VtlRenderError, "overflow"),
        # Python refuses int -> text beyond 4300 digits, and is quadratic above
        (_BIG + "$x.pow(5000)", vtl.VtlLimitError, "max_number_digits"),
        (_BIG + "$x.pow(5000).toString(7)", vtl.VtlLimitError, "max_number_digits"),
        (
            _BIG + "#set($y = $x.shiftLeft(8000000))#set($z = $y * 1.5)",
            vtl.VtlLimitError,
            "max_number_digits",
        ),
    ],
)
def test_huge_integers_are_refused_quickly(source: str, error: type, match: str) -> None:
    with within(10), pytest.raises(error, match=match):
        render(source)


def test_parsing_a_million_digits_stops_at_the_first_overflow() -> None:
    digits = "1" * 1_000_000  # int(digits) digit by digit is quadratic: minutes
    for call in ("$n.parseInt($s)", "$n.valueOf($s)", "$n.parseInt($s, 7)"):
        with within(10), pytest.raises(vtl.VtlRenderError, match="NumberFormatException"):
            render(call, {"n": 0, "s": digits})
    assert render("$n.parseInt('2147483647') $n.parseInt('-2147483648')", {"n": 0}) == (
        "2147483647 -2147483648"
    )
