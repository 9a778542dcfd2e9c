"""Errors raised by the VTL engine."""

from __future__ import annotations

from apigw_core.errors import TemplateError


class VtlError(TemplateError):
    """Base class of VTL compile and render errors."""


class VtlSyntaxError(VtlError):
    """The template is not valid Velocity 1.7 (Velocity rejects it before rendering)."""


class VtlRenderError(VtlError):
    """Rendering failed: a Java method threw, ``#parse``/``#include`` was used, and so on.

    ``java_exception`` names the Java exception Velocity would have raised, such as
    ``IndexOutOfBoundsException``.
    """

    def __init__(
        self,
        message: str,
        *,
        java_exception: str | None = None,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
    ) -> None:
        self.java_exception = java_exception
        super().__init__(message, line=line, column=column, source_line=source_line)


class VtlLimitError(VtlRenderError):
    """A configured safety limit was exceeded (iterations, depth, output or template size)."""
