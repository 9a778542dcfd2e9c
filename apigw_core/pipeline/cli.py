"""The ``apigw-core invoke`` subcommand: run one REST method from JSON files.

Like the rest of the command line, the only part of the pipeline that reads files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from apigw_core.errors import ApigwError
from apigw_core.pipeline.invoke import FunctionError, invoke_method

__all__ = ["add_invoke_command", "run_invoke"]

EPILOG = """\
example:
  apigw-core invoke --method method.json --api api.json --request request.json --log

METHOD.json is a GetMethod response (methodIntegration included); API.json a GetRestApi
response plus "models", "requestValidators" and "gatewayResponses"; REQUEST.json the method
request in the Lambda proxy event 1.0 shape. --mock-response gives the backend's answer: for
AWS_PROXY and Lambda custom integrations the function's result, otherwise
{"statusCode", "headers", "body"}. MOCK integrations need none.
"""


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected K=V, got {text!r}")
    return key, value


def add_invoke_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``invoke`` to an ``argparse`` subparsers object; returns its parser."""
    invoke = subparsers.add_parser(
        "invoke",
        help="run a REST API method end to end (MOCK or a mocked backend)",
        description="Run one REST API method as API Gateway would and print the response.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    invoke.add_argument("--method", type=Path, required=True, help="GetMethod JSON")
    invoke.add_argument("--api", type=Path, required=True, help="GetRestApi JSON (+ models ...)")
    invoke.add_argument("--request", type=Path, required=True, help="method request JSON")
    invoke.add_argument(
        "--mock-response", type=Path, help="the backend's answer (JSON) for non-MOCK integrations"
    )
    invoke.add_argument(
        "--function-error",
        action="store_true",
        help="the mocked Lambda function fails: --mock-response is its error payload",
    )
    invoke.add_argument(
        "--stage-variable", type=_key_value, action="append", default=[], metavar="K=V"
    )
    invoke.add_argument("--log", action="store_true", help="also print the execution log")
    return invoke  # type: ignore[no-any-return]


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def run_invoke(args: argparse.Namespace) -> int:
    """Run ``apigw-core invoke``: print the response as JSON, and with ``--log`` the log
    (to standard error). Returns the exit status (1 for a configuration error, 2 for
    unreadable input)."""
    try:
        method, api, request = _load(args.method), _load(args.api), _load(args.request)
        answer = _load(args.mock_response) if args.mock_response else None
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    def backend(_: dict[str, Any]) -> Any:
        if args.function_error:
            payload = answer if isinstance(answer, dict) else {"errorMessage": answer}
            raise FunctionError(
                payload.get("errorMessage"),
                str(payload.get("errorType") or "Exception"),
                payload.get("stackTrace"),
            )
        return answer

    try:
        response = invoke_method(
            request,
            method,
            api,
            backend=backend if args.mock_response else None,
            stage_variables=dict(args.stage_variable) or None,
        )
    except ApigwError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    log = response.pop("log")
    print(json.dumps(response, indent=2, ensure_ascii=False))
    if args.log:
        print("\n".join(log), file=sys.stderr)
    return 0
