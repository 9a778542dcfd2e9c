"""Apache Velocity 1.7 (VTL) in the dialect Amazon API Gateway runs.

>>> from apigw_core import vtl
>>> vtl.render('#foreach($i in $items)$i.name#if($foreach.hasNext),#end#end',
...            {"items": [{"name": "a"}, {"name": "b"}]})
'a,b'

``dialect="apigateway"`` (the default) applies API Gateway's rule that an invalid reference
renders ``""``; ``dialect="velocity"`` is stock Velocity 1.7. Templates are compiled once
(:func:`compile` caches) and rendered many times; see docs/vtl.md.
"""

from apigw_core.vtl.errors import VtlError, VtlLimitError, VtlRenderError, VtlSyntaxError
from apigw_core.vtl.template import DEFAULT_LIMITS, Limits, Template, compile, render
from apigw_core.vtl.values import VOID, JavaException, NoSuchMethod

__all__ = [
    "DEFAULT_LIMITS",
    "VOID",
    "JavaException",
    "Limits",
    "NoSuchMethod",
    "Template",
    "VtlError",
    "VtlLimitError",
    "VtlRenderError",
    "VtlSyntaxError",
    "compile",
    "render",
]
