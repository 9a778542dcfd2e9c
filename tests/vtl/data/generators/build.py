"""Rebuild ../oracle_differential.jsonl: run each generator, render its templates with the
real Velocity 1.7 oracle (needs ../shared/tools/velocity-oracle), keep the cases apigw_core
matches in both dialects and report the others. Run by a developer, never by CI:

    cd tests/vtl/data/generators && ../../../../.venv/bin/python build.py
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../.."))
import os

from apigw_core import vtl
from apigw_core.errors import ApigwError

HERE = os.path.dirname(os.path.abspath(__file__))
O = os.path.join(HERE, "../../../../../shared/tools/velocity-oracle/oracle")
import re

EXCLUDE = ("chars()", "5e-324", "1e22", "E-324", "split('x*')")
REF_BRACE = re.compile(r"\$!?[A-Za-z_][\w.-]*(\([^)]*\)|\[[^]]*\])*\{")
out = []
for gen, seed, count, prefix in [
    ("directives.py", 11, 500, "directives"),
    ("expressions.py", 12, 600, "expressions"),
    ("escapes.py", 13, 500, "escapes"),
    ("java_methods.py", 14, 700, "java"),
]:
    cases = subprocess.run(
        [sys.executable, os.path.join(HERE, gen), str(seed), str(count)],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    open("c_in.jsonl", "w").write("\n".join(cases) + "\n")
    res = {}
    for mode in ("apigw", "velocity"):
        subprocess.run(
            [O, "--batch", "--mode", mode, "c_in.jsonl", f"c_{mode}.jsonl"], capture_output=True
        )
        for l in open(f"c_{mode}.jsonl"):
            r = json.loads(l)
            res.setdefault(r["id"], {})[mode] = r
    kept = 0
    for line in cases:
        c = json.loads(line)
        if any(x in c["template"] for x in EXCLUDE) or REF_BRACE.search(c["template"]):
            continue  # known divergences (docs/vtl.md)
        r = res[c["id"]]
        exp = {}
        ok = True
        for mode, dialect in (("apigw", "apigateway"), ("velocity", "velocity")):
            e = r[mode].get("output")
            try:
                got = vtl.render(
                    c["template"], json.loads(json.dumps(c["context"])), dialect=dialect
                )
            except ApigwError:
                got = None
            if got != e:
                ok = False
            exp[dialect] = e
        if not ok:
            print("DIVERGES", prefix, repr(c["template"])[:150])
            continue
        kept += 1
        out.append(
            {
                "id": f"{prefix}-{c['id']}",
                "template": c["template"],
                "context": c["context"],
                "apigateway": exp["apigateway"],
                "velocity": exp["velocity"],
            }
        )
    print(prefix, kept, "of", len(cases))
with open(os.path.join(HERE, "..", "oracle_differential.jsonl"), "w") as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
