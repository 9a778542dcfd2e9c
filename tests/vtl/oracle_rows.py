"""Checking rows of (template, apigateway output, velocity output) printed by the oracle."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core import vtl
from apigw_core.errors import ApigwError


def assert_renders_like_velocity(
    template: str,
    context: dict[str, Any],
    dialect: str,
    apigateway: str | None,
    velocity: str | None,
) -> None:
    """``template`` renders as the oracle printed in ``dialect`` (``None``: Velocity failed).

    The context is copied, since a template may change what it is given."""
    expected = apigateway if dialect == "apigateway" else velocity
    if expected is None:
        with pytest.raises(ApigwError):
            vtl.render(template, copy.deepcopy(context), dialect=dialect)
    else:
        assert vtl.render(template, copy.deepcopy(context), dialect=dialect) == expected


def load_rows(name: str) -> list[dict[str, Any]]:
    """The rows of ``tests/vtl/data/NAME``, one JSON object a line."""
    path = Path(__file__).parent / "data" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def outcome(template: str, context: dict[str, Any], dialect: str) -> object:
    """What rendering gives: the output, or ``{"error": "parse"|"render"}``."""
    try:
        return vtl.render(template, copy.deepcopy(context), dialect=dialect)
    except vtl.VtlSyntaxError:
        return {"error": "parse"}
    except vtl.VtlRenderError:
        return {"error": "render"}


DIALECT_MODES = [("apigateway", "apigw"), ("velocity", "velocity")]


def assert_row_matches(case: dict[str, Any], dialect: str, mode: str) -> None:
    """A row's ``mode`` outcome (output, or error with its kind) is what ``dialect`` gives."""
    expected = case[mode]
    if isinstance(expected, dict):
        expected = {"error": expected["error"]}
    assert outcome(case["template"], case["context"], dialect) == expected
