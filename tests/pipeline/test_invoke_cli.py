"""``apigw-core invoke`` (apigw_core/pipeline/cli.py, wired into apigw_core/cli.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "invoke"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    status = main(["invoke", *argv])
    captured = capsys.readouterr()
    return status, json.loads(captured.out) if captured.out else None, captured.err


def _files(*names: str) -> list[str]:
    return [str(EXAMPLES / name) for name in names]


def test_mock_example_with_log(capsys: pytest.CaptureFixture[str]) -> None:
    method, api, request = _files("method.json", "api.json", "request.json")
    status, response, err = _run(
        capsys, "--method", method, "--api", api, "--request", request, "--log"
    )
    assert status == 0
    assert response["statusCode"] == 200
    assert response["headers"] == {"Content-Type": "application/json", "X-Tenant": "acme"}
    assert json.loads(response["body"]) == {"id": "7", "saved": True}
    assert "log" not in response
    lines = err.splitlines()
    assert lines[0] == "Execution log for request c0ffee00-0000-4000-8000-000000000001"
    assert lines[-1] == "Sat Jun 01 12:00:00 UTC 2024 : Method completed with status: 200"


def test_mock_example_outcomes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The same method: a price above 500 selects 4\\d{2}; a body failing the model is a
    customised BAD_REQUEST_BODY."""
    request = json.loads((EXAMPLES / "request.json").read_text("utf-8"))
    method, api = _files("method.json", "api.json")
    outcomes = (
        ('{"name": "Rex", "price": 900}', '{"message": "too expensive"}'),
        # Substitution is textual (VPB D.4), so the detail's quotes are not escaped.
        (
            '{"name": "Rex"}',
            '{"message": "Invalid request body", "detail": '
            '"[object has missing required properties (["price"])]"}',
        ),
    )
    for body, expected in outcomes:
        request["body"] = body
        path = tmp_path / "request.json"
        path.write_text(json.dumps(request), "utf-8")
        status, response, err = _run(
            capsys, "--method", method, "--api", api, "--request", str(path)
        )
        assert status == 0 and err == ""
        assert (response["statusCode"], response["body"]) == (400, expected)


def test_lambda_proxy_with_mock_response(capsys: pytest.CaptureFixture[str]) -> None:
    method, api, request, result = _files(
        "lambda-method.json", "api.json", "request.json", "lambda-result.json"
    )
    status, response, _ = _run(
        capsys, "--method", method, "--api", api, "--request", request,
        "--mock-response", result, "--stage-variable", "fn=pets-dev",
    )  # fmt: skip
    assert status == 0
    assert (response["statusCode"], response["headers"]["Location"]) == (201, "/pets/8")


def test_function_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--function-error: the mocked Lambda fails; a Lambda proxy answers 502 (PR-1)."""
    error = tmp_path / "error.json"
    error.write_text(json.dumps({"errorMessage": "boom", "errorType": "Error"}), "utf-8")
    method, api, request = _files("lambda-method.json", "api.json", "request.json")
    status, response, _ = _run(
        capsys, "--method", method, "--api", api, "--request", request,
        "--mock-response", str(error), "--function-error",
    )  # fmt: skip
    assert status == 0 and response["statusCode"] == 502


def test_missing_backend_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    method, api, request = _files("lambda-method.json", "api.json", "request.json")
    status, response, err = _run(capsys, "--method", method, "--api", api, "--request", request)
    assert status == 1 and response is None
    assert "needs a backend" in err


def test_unreadable_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    status, _, err = _run(capsys, "--method", str(bad), "--api", str(bad), "--request", str(bad))
    assert status == 2 and err.startswith("error:")


def test_render_still_works(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The invoke subcommand leaves ``apigw-core render`` alone."""
    template = tmp_path / "t.vtl"
    template.write_text("$context.httpMethod", "utf-8")
    assert main(["render", str(template)]) == 0
    assert capsys.readouterr().out.strip() == "GET"
