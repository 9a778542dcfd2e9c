"""The one error hierarchy of apigw_core.

Every exception the library raises derives from :class:`ApigwError`. Gateway outcomes
(400, 403, 415, 500, 502, ...) are returned as data by the pipeline, never raised.
"""

from __future__ import annotations

from typing import Any


class ApigwError(Exception):
    """Base class of every error raised by apigw_core."""


class ConfigurationError(ApigwError):
    """An API, method or integration configuration is invalid."""


class TemplateError(ApigwError):
    """A template could not be compiled or rendered.

    ``line`` and ``column`` are 1-based (columns count UTF-16 code units, tabs advance to
    the next column of the form 8k+1, as Velocity reports them); ``source_line`` is the
    template line concerned. ``str(error)`` shows that line with a caret. ``template_source``
    is the whole template when known; notebooks then show the lines around the error.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        source_line: str | None = None,
        template_source: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source_line = source_line
        self.template_source = template_source
        super().__init__(self._format())

    def _format(self) -> str:
        if self.line is None:
            return self.message
        text = f"{self.message} (line {self.line}, column {self.column})"
        if self.source_line is not None and self.column is not None:
            caret = _caret_prefix(self.source_line, self.column)
            text += f"\n  {self.source_line.expandtabs(8)}\n  {caret}^"
        return text

    def _repr_markdown_(self) -> str:
        if self.template_source is not None:
            return str(self._view()._repr_markdown_())
        return f"**{type(self).__name__}**\n\n```text\n{self}\n```"

    def _repr_html_(self) -> str:
        if self.template_source is not None:
            return str(self._view()._repr_html_())
        import html

        return f"<pre>{html.escape(f'{type(self).__name__}: {self}')}</pre>"

    def _view(self) -> Any:
        from apigw_core.mapping.display import TemplateErrorView  # the display lives there

        return TemplateErrorView(self, self.template_source or "")


def _caret_prefix(source_line: str, column: int) -> str:
    """Spaces that put a caret under ``column`` of the tab-expanded ``source_line``."""
    return " " * max(column - 1, 0)
