"""apigw_core's VTL engine against LocalStack's airspeed-ext, in one process, on the same data.

    .venv/bin/python benchmarks/bench_vtl.py [--quick] [--json FILE] [--profile NAME]

Four realistic mapping templates (issue 2, §7) are compiled once and rendered warm by both
engines with identical plain-dict variables; the best of several timeit repeats is reported.
Compile time is measured on the 10 KB template: a fresh ``Template`` (bypassing the cache)
against airspeed's parse (``Template(src).ensure_compiled()``). Outputs are not compared:
airspeed prints Python's ``['a', 'b']`` where Velocity prints ``[a, b]``, keeps whitespace
Velocity removes, and so on.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import pstats
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apigw_core import vtl
from apigw_core.vtl.template import Template


class Util:
    """The simplest possible `$util` stand-in, usable by both engines."""

    __vtl_methods__: ClassVar[dict[str, Callable[..., Any]]] = {
        "escapeJavaScript": lambda self, s: str(s).replace('"', '\\"')
    }

    def escapeJavaScript(self, s: object) -> str:
        return str(s).replace('"', '\\"')


class Input:
    """The simplest possible `$input` stand-in: params() and json() return fixed data."""

    def __init__(self, params: dict[str, dict[str, str]], body: Any) -> None:
        self._params = params
        self._body = body
        self.__vtl_methods__ = {}

    def params(self) -> dict[str, dict[str, str]]:
        return self._params

    def json(self, path: str) -> str:
        return json.dumps(self._body)

    def path(self, path: str) -> Any:
        return self._body


Input.__vtl_methods__ = {  # type: ignore[attr-defined]
    "params": lambda self: self._params,
    "json": lambda self, path: json.dumps(self._body),
    "path": lambda self, path: self._body,
}

PASS_ALL_PARAMETERS = """\
##  The API Gateway console's "Method Request passthrough" template
#set($allParams = $input.params())
{
"body-json" : $input.json('$'),
"params" : {
#foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
"$type" : {
    #foreach($paramName in $params.keySet())
    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
        #if($foreach.hasNext),#end
    #end
}
    #if($foreach.hasNext),#end
#end
},
"stage-variables" : {
#foreach($key in $stageVariables.keySet())
"$key" : "$util.escapeJavaScript($stageVariables.get($key))"
    #if($foreach.hasNext),#end
#end
},
"context" : {
    "account-id" : "$context.identity.accountId",
    "api-id" : "$context.apiId",
    "http-method" : "$context.httpMethod",
    "stage" : "$context.stage",
    "source-ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "request-id" : "$context.requestId",
    "resource-path" : "$context.resourcePath"
    }
}
"""

LOOP_100 = """\
#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot.items)
  {
    "id": "$elem.id",
    "name": "$util.escapeJavaScript($elem.name)",
#if($elem.price > 100)
    "tier": "premium",
#elseif($elem.price > 50)
    "tier": "standard",
#else
    "tier": "budget",
#end
    "tags": "$elem.tags"
  }#if($foreach.hasNext),#end

#end
]
"""

LIST_ADD = """\
#set($out = [])
#foreach($item in $input.path('$').items)
#if($item.active)
#set($ignore = $out.add("{""id"": ""$item.id"", ""n"": $item.n}"))
#end
#end
[#foreach($o in $out)$o#if($foreach.hasNext),#end#end]
"""


def ten_kb_template() -> str:
    """A straight-line 10 KB body transformation with a few conditionals."""
    lines = ["#set($root = $input.path('$'))", "{"]
    i = 0
    while sum(len(line) + 1 for line in lines) < 10_000:
        lines.append(f'  "field{i}": "$util.escapeJavaScript($root.section{i % 7}.value{i})",')
        if i % 10 == 0:
            lines.append(f'  #if($root.flag{i} == "yes")"extra{i}": true,#end')
        i += 1
    lines.append('  "end": 1\n}')
    return "\n".join(lines)


def contexts() -> dict[str, dict[str, Any]]:
    params = {
        "path": {"id": "7"},
        "querystring": {f"q{i}": f"v{i}" for i in range(10)},
        "header": {f"Header-{i}": f"value {i}" for i in range(15)},
    }
    common = {
        "util": Util(),
        "stageVariables": {"env": "dev", "region": "eu-west-1"},
        "context": {
            "identity": {"accountId": "123456789012", "sourceIp": "1.2.3.4", "userAgent": "curl"},
            "apiId": "abc123",
            "httpMethod": "POST",
            "stage": "dev",
            "requestId": "r-1",
            "resourcePath": "/pets/{id}",
        },
    }
    items = [
        {
            "id": i,
            "name": f'item "{i}"',
            "price": i * 1.5,
            "tags": ["a", "b"],
            "active": i % 3 != 0,
            "n": i,
        }
        for i in range(100)
    ]
    root: dict[str, Any] = {
        f"section{k}": {f"value{i}": f"v{i}" for i in range(300)} for k in range(7)
    }
    root.update({f"flag{i}": "yes" for i in range(0, 300, 10)})
    return {
        "pass-all-parameters": {**common, "input": Input(params, {"name": "Rex"})},
        "loop-100": {**common, "input": Input(params, {"items": items})},
        "list-add": {**common, "input": Input(params, {"items": items})},
        "10kb": {**common, "input": Input(params, root)},
    }


TEMPLATES = {
    "pass-all-parameters": PASS_ALL_PARAMETERS,
    "loop-100": LOOP_100,
    "list-add": LIST_ADD,
    "10kb": ten_kb_template(),
}


def best(fn: Callable[[], object], number: int, repeat: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def compile_stages(source: str) -> int:
    """Where compiling goes: lexing and parsing, building the AST, generating Python, and
    Python's own compile()."""
    import builtins

    from apigw_core.vtl import compiler, parser

    def ms(fn: Callable[[], object]) -> float:
        return best(fn, 1, 15) * 1e3

    lex_parse = ms(lambda: parser._Builder(source, 0)._parse())
    ast = ms(lambda: parser.parse(source)) - lex_parse
    tree = parser.parse(source)
    generate = ms(lambda: compiler.compile_to_source(tree, "apigateway"))
    code = compiler.compile_to_source(tree, "apigateway").source
    python = ms(lambda: builtins.compile(code, "<t>", "exec"))
    print(
        f"lex+parse {lex_parse:.1f} ms, AST {ast:.1f} ms, generate {generate:.1f} ms, "
        f"Python compile {python:.1f} ms ({len(code)} characters of Python)"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--profile", choices=sorted(TEMPLATES), help="profile our render")
    parser.add_argument(
        "--stages", action="store_true", help="time each compile stage of the 10 KB template"
    )
    args = parser.parse_args()
    if args.stages:
        return compile_stages(TEMPLATES["10kb"])
    import airspeed  # the peer: pip install airspeed-ext==0.6.9 (make bench does it)

    data = contexts()
    if args.profile:
        template = vtl.compile(TEMPLATES[args.profile])
        profile = cProfile.Profile()
        profile.runcall(lambda: [template.render(data[args.profile]) for _ in range(200)])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return 0
    repeat = 3 if args.quick else 7
    rows = []
    print(f"{'template':22} {'apigw_core µs':>14} {'airspeed µs':>12} {'ratio':>7}")
    for name, source in TEMPLATES.items():
        ours = vtl.compile(source)
        theirs = airspeed.Template(source)
        context = data[name]
        assert ours.render(context) and theirs.merge(context)
        ours_time = best(lambda: ours.render(context), 200, repeat)  # noqa: B023
        theirs_time = best(lambda: theirs.merge(context), 20, repeat)  # noqa: B023
        rows.append(
            {"template": name, "ours_us": ours_time * 1e6, "airspeed_us": theirs_time * 1e6}
        )
        print(
            f"{name:22} {ours_time * 1e6:14.1f} {theirs_time * 1e6:12.1f} {theirs_time / ours_time:6.1f}x"
        )
    ratios = [row["airspeed_us"] / row["ours_us"] for row in rows]
    geomean = math.exp(sum(map(math.log, ratios)) / len(ratios))
    print(f"geometric mean of the ratios: {geomean:.1f}x")

    source = TEMPLATES["10kb"]
    compile_ours = best(lambda: Template(source, "apigateway", vtl.DEFAULT_LIMITS), 1, repeat * 2)
    parse_theirs = best(lambda: airspeed.Template(source).ensure_compiled(), 1, repeat * 2)
    print(
        f"compile the 10 KB template ({len(source)} chars): apigw_core {compile_ours * 1e3:.1f} ms,"
        f" airspeed parse {parse_theirs * 1e3:.1f} ms, ratio {compile_ours / parse_theirs:.2f}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "render": rows,
                    "geometric_mean_ratio": geomean,
                    "compile_10kb_ms": compile_ours * 1e3,
                    "airspeed_parse_10kb_ms": parse_theirs * 1e3,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
