"""apigw_core: Amazon API Gateway's request and response semantics, transport-free.

See the README and docs/ for the tour; the VTL engine is :mod:`apigw_core.vtl`.
"""

from apigw_core.errors import ApigwError, ConfigurationError, TemplateError
from apigw_core.mapping import render_mapping_template
from apigw_core.pipeline.invoke import invoke_method

__all__ = [
    "ApigwError",
    "ConfigurationError",
    "TemplateError",
    "invoke_method",
    "render_mapping_template",
]
__version__ = "0.1.0"
