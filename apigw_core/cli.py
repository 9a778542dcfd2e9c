"""The ``apigw-core`` command: render a mapping template from files.

The only part of apigw_core that reads files or the clock.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from apigw_core.errors import ApigwError
from apigw_core.mapping import render_mapping_template
from apigw_core.pipeline.cli import add_invoke_command, run_invoke

EPILOG = """\
example:
  apigw-core render examples/passthrough.vtl --request examples/request.json \\
      --stage-variable env=dev --show-overrides

The request file is a method request in the Lambda proxy event 1.0 shape: httpMethod, path,
resource, headers, queryStringParameters, pathParameters, body, ... (all optional).
"""


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected K=V, got {text!r}")
    return key, value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="apigw-core",
        description="Amazon API Gateway's mapping templates, rendered locally.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser(
        "render",
        help="render a mapping template against a method request",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    render.add_argument("template", type=Path, help="the mapping template (VTL) file")
    render.add_argument("--request", type=Path, help="method request JSON (proxy event 1.0 shape)")
    render.add_argument(
        "--body", type=Path, help="payload $input sees (default: the request's body)"
    )
    render.add_argument(
        "--stage-variable", type=_key_value, action="append", default=[], metavar="K=V"
    )
    render.add_argument("--context-json", type=Path, help="values merged into $context")
    render.add_argument(
        "--show-overrides", action="store_true", help="also print requestOverride/responseOverride"
    )
    render.add_argument("--dialect", choices=("apigateway", "velocity"), default="apigateway")
    add_invoke_command(commands)  # apigw_core/pipeline/cli.py
    return parser


def _load_json(path: Path | None) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``apigw-core``; returns the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "invoke":
        return run_invoke(args)
    try:
        result = render_mapping_template(
            args.template.read_text(encoding="utf-8"),
            _load_json(args.request),
            body=args.body.read_text(encoding="utf-8") if args.body else None,
            stage_variables=dict(args.stage_variable) or None,
            context=_load_json(args.context_json),
            dialect=args.dialect,
        )
    except ApigwError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(result["body"])
    if args.show_overrides:
        overrides = {k: result[k] for k in ("requestOverride", "responseOverride")}
        print(json.dumps(overrides, indent=2, default=str), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
