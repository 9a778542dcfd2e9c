"""The shape checks at the entry of the public step functions (issue 4): a configuration
part that is not a map raises :class:`ConfigurationError`, a request that is not a Lambda
proxy event 1.0 :class:`InvalidRequestError`, each naming what it got, where the step would
otherwise fail on it with an arbitrary exception. ``invoke_method`` makes these checks once
(the configuration's cached, the request's in one pass) and calls the steps' inner parts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apigw_core.errors import ConfigurationError
from apigw_core.mapping import check_request

__all__ = ["check_request", "config_map", "optional_map"]


def config_map(value: object, what: str) -> Mapping[str, Any]:
    """``value``, a map; else :class:`ConfigurationError` naming ``what``."""
    if type(value) is not dict and not isinstance(value, Mapping):
        raise ConfigurationError(f"{what} must be a map; got {value!r}")
    return value


def optional_map(value: object, what: str) -> Mapping[str, Any] | None:
    """``value``, a map or ``None``; else :class:`ConfigurationError` naming ``what``."""
    return None if value is None else config_map(value, what)
