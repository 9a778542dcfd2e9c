"""render_mapping_template end to end against airspeed-ext with the simplest $input/$util
stand-ins (issue 3's benchmark), in one process on the same request.

    .venv/bin/python benchmarks/bench_mapping.py

The last line times what neither side can avoid for `$input.json('$')`: parsing the body and
writing it back as compact JSON with the standard library's C code. airspeed's time divided
by it bounds the speed-up that any renderer built on the standard library can reach on
pass-all-parameters, even if everything else it does were free.
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_vtl import PASS_ALL_PARAMETERS, Input, Util

import apigw_core

TRANSFORM = """\
#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot.items)
  {"id": "$elem.id", "name": "$util.escapeJavaScript($elem.name)", "tier": #if($elem.price > 100)"premium"#{else}"budget"#end}#if($foreach.hasNext),#end

#end
]
"""

ITEMS = {"items": [{"id": i, "name": f"item {i}", "price": i * 1.5} for i in range(100)]}
REQUEST = {
    "httpMethod": "POST",
    "path": "/pets/7",
    "resource": "/pets/{id}",
    "headers": {f"Header-{i}": f"value {i}" for i in range(15)},
    "queryStringParameters": {f"q{i}": f"v{i}" for i in range(10)},
    "pathParameters": {"id": "7"},
    "body": json.dumps(ITEMS),
}


def main() -> int:
    import airspeed

    params = {
        "path": REQUEST["pathParameters"],
        "querystring": REQUEST["queryStringParameters"],
        "header": REQUEST["headers"],
    }
    context = {"httpMethod": "POST", "stage": "test", "identity": {"sourceIp": "127.0.0.1"}}
    print(f"{'template':22} {'apigw_core µs':>14} {'airspeed µs':>12} {'ratio':>7}")
    peer_us: dict[str, float] = {}
    for name, template in (
        ("pass-all-parameters", PASS_ALL_PARAMETERS),
        ("transform-100", TRANSFORM),
    ):

        def ours(template: str = template) -> object:
            return apigw_core.render_mapping_template(
                template, REQUEST, stage_variables={"env": "dev"}
            )

        peer = airspeed.Template(template)

        def theirs(peer: airspeed.Template = peer) -> object:
            # the simplest stand-ins, built per request as an emulator would
            data = {
                "input": Input(params, json.loads(REQUEST["body"])),
                "util": Util(),
                "context": context,
                "stageVariables": {"env": "dev"},
            }
            return peer.merge(data)

        ours()
        theirs()
        # best of several repeats, both sides alternating, so that load on a shared machine
        # hits both alike
        a = b = float("inf")
        for _ in range(7):
            a = min(a, timeit.timeit(ours, number=100) / 100)
            b = min(b, timeit.timeit(theirs, number=20) / 20)
        print(f"{name:22} {a * 1e6:14.1f} {b * 1e6:12.1f} {b / a:6.1f}x")
        peer_us[name] = b

    body = REQUEST["body"]

    def round_trip() -> object:
        return json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":"))

    floor = min(timeit.repeat(round_trip, number=100, repeat=7)) / 100
    bound = peer_us["pass-all-parameters"] / floor
    print(
        f"{'body JSON round trip':22} {floor * 1e6:14.1f} {'':12} "
        f"(bounds pass-all-parameters at {bound:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
