"""Regenerate the expected values of the VTL case tables from the real Velocity 1.7 oracle.

For developers only: CI never runs this, and the tests never need it (they read the stored
``expected`` values). It needs the steering checkout's ``shared/`` beside this repository, with
``shared/tools/velocity-oracle/oracle`` (Apache Velocity 1.7 on OpenJDK 17, see its README).

    .venv/bin/python tests/vtl/cases/regenerate.py            # rewrite every case file
    .venv/bin/python tests/vtl/cases/regenerate.py --check    # report changes, write nothing
    .venv/bin/python tests/vtl/cases/regenerate.py lexical.json escapes.json

Every case whose ``source`` is ``"oracle"`` is rendered in both oracle modes (``apigw`` for the
``apigateway`` dialect, ``velocity`` for ``velocity``) and its ``expected`` object is replaced by
what the oracle answered:

* ``{"output": "..."}`` when Velocity rendered the template;
* ``{"error": "parse", "line": L, "column": C, "message": "..."}`` when Velocity rejected it
  (``message`` is the first line of Velocity's message);
* ``{"error": "render", "java_exception": "X", "message": "..."}`` when rendering threw
  (``X`` is the innermost Java exception of the chain the oracle prints).

Cases with any other ``source`` (``"spec §X (not oracle-checkable)"``) are left untouched.

To add a case, append ``{"id": "<group>.<tag>.<n>", "template": ..., "context": {...},
"expected": null, "source": "oracle", "origin": "added"}`` to the right file and run this
script: it fills ``expected``. Never write an expected value by hand for an oracle case.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_ORACLE = HERE.parents[3] / "shared" / "tools" / "velocity-oracle" / "oracle"
MODES = {"apigateway": "apigw", "velocity": "velocity"}

# Java arrays print as [Ljava.lang.String;@<identity hash>; the hash changes on every run
_ARRAY_HASH = re.compile(r"(\[L[\w.$]+;@)[0-9a-f]+")
_CASE_NAME = re.compile(r"case-\d+\[")
_POSITION = re.compile(r"\[line (\d+), column (\d+)\]")
_JAVA_EXCEPTION = re.compile(r"(?:^|<- )(\w+(?:Exception|Error))\b")


def expectation(answer: dict[str, Any]) -> dict[str, Any]:
    """Turn one oracle answer line into the stored ``expected`` form."""
    if "output" in answer:
        return {"output": answer["output"]}
    kind = answer.get("error_kind", "render")
    message: str = answer.get("error", "")
    # the oracle names the n-th template of a batch case-n; a single run names it case-1
    first_line = _CASE_NAME.sub("case-1[", message.split("\n", 1)[0])
    result: dict[str, Any] = {"error": kind}
    if kind == "parse":
        position = _POSITION.search(message)
        if position:
            result["line"] = int(position[1])
            result["column"] = int(position[2])
    elif kind == "render":
        exceptions = _JAVA_EXCEPTION.findall(message)
        if exceptions:
            result["java_exception"] = exceptions[-1]
    result["message"] = first_line
    return result


def same(old: Any, new: dict[str, Any]) -> bool:
    """Whether a stored expectation equals a new one, up to array identity hashes."""

    def key(value: Any) -> str:
        return _ARRAY_HASH.sub(r"\1", json.dumps(value, sort_keys=True))

    return key(old) == key(new)


def run_oracle(oracle: Path, mode: str, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Render ``cases`` in one oracle batch; returns the answers by case id."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        target = Path(tmp) / "out.jsonl"
        with source.open("w", encoding="utf-8") as stream:
            for case in cases:
                line = {"id": case["id"], "template": case["template"], "context": case["context"]}
                stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        run = subprocess.run(
            [str(oracle), "--batch", "--mode", mode, str(source), str(target)],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise SystemExit(f"the oracle failed ({run.returncode}):\n{run.stderr}")
        answers = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return {answer["id"]: answer for answer in answers}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("files", nargs="*", help="case files to refresh (default: all)")
    parser.add_argument("--oracle", type=Path, default=DEFAULT_ORACLE)
    parser.add_argument("--check", action="store_true", help="report changes, write nothing")
    args = parser.parse_args(argv)
    if not args.oracle.exists():
        print(f"oracle not found: {args.oracle}", file=sys.stderr)
        return 2
    paths = [HERE / name for name in args.files] or sorted(HERE.glob("*.json"))
    changed = 0
    for path in paths:
        table = json.loads(path.read_text(encoding="utf-8"))
        cases = [case for case in table["cases"] if case.get("source") == "oracle"]
        answers = {dialect: run_oracle(args.oracle, mode, cases) for dialect, mode in MODES.items()}
        for case in cases:
            expected = {dialect: expectation(answers[dialect][case["id"]]) for dialect in MODES}
            if not same(case.get("expected"), expected):
                changed += 1
                print(f"{path.name}: {case['id']}: {case.get('expected')} -> {expected}")
                case["expected"] = expected
        if not args.check:
            text = json.dumps(table, ensure_ascii=False, indent=2) + "\n"
            path.write_text(text, encoding="utf-8")
    print(f"{changed} case(s) changed", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
