"""Checking rows of (template, apigateway output, velocity output) printed by the oracle."""

from __future__ import annotations

import copy
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
