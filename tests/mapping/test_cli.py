"""The `apigw-core render` command (the only part that reads files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apigw_core.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_render_example(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["render", str(EXAMPLES / "transform.vtl"), "--request", str(EXAMPLES / "request.json")]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert json.loads(out)["tags"] == ["A", "B"]


def test_stage_variables_and_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.vtl"
    template.write_text("$stageVariables.env#set($context.responseOverride.status = 201)")
    assert main(["render", str(template), "--stage-variable", "env=dev", "--show-overrides"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "dev\n"
    assert json.loads(captured.err)["responseOverride"]["status"] == 201


def test_template_error_shows_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.vtl"
    template.write_text("line one\n#if(true\n")
    assert main(["render", str(template)]) == 1
    err = capsys.readouterr().err
    assert "#if(true" in err and "^" in err
