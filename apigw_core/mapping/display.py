"""How mapping results and template errors show in a notebook (Jupyter's ``_repr_html_`` and
``_repr_markdown_``) and in a traceback (an exception note with the failing line marked)."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from apigw_core.errors import TemplateError

__all__ = ["TemplateErrorView", "explain_error", "result_html", "template_excerpt"]

_CONTEXT_LINES = 3  # template lines shown on each side of the failing one


def template_excerpt(template: str, line: int | None, column: int | None) -> list[str]:
    """Numbered lines around ``line`` (1-based); the failing line is marked ``>`` and followed
    by a caret under ``column``."""
    lines = template.splitlines() or [""]
    if line is None or not 1 <= line <= len(lines):
        first, last = 1, min(len(lines), 2 * _CONTEXT_LINES + 1)
    else:
        first, last = max(1, line - _CONTEXT_LINES), min(len(lines), line + _CONTEXT_LINES)
    width = len(str(last))
    out = []
    for number in range(first, last + 1):
        marker = ">" if number == line else " "
        text = lines[number - 1].expandtabs(8)
        out.append(f"{marker} {number:>{width}} | {text}")
        if number == line and column is not None:
            out.append(f"  {' ' * width} | {' ' * max(column - 1, 0)}^")
    return out


class TemplateErrorView:
    """A template error shown with the template around it, the failing line marked.

    >>> view = explain_error(error, template)   # doctest: +SKIP
    >>> view                                    # in Jupyter: the excerpt, highlighted
    """

    def __init__(self, error: TemplateError, template: str) -> None:
        self.error = error
        self.template = template

    @property
    def excerpt(self) -> list[str]:
        """The numbered template lines around the error."""
        return template_excerpt(self.template, self.error.line, self.error.column)

    def where(self) -> str:
        """``line L, column C`` (or ``""`` when the error has no position)."""
        if self.error.line is None:
            return ""
        return f"line {self.error.line}, column {self.error.column}"

    def attach(self) -> None:
        """Add the excerpt to the exception as a note (shown by tracebacks and Jupyter)."""
        note = "template:\n" + "\n".join(self.excerpt)
        if note not in getattr(self.error, "__notes__", ()):
            self.error.add_note(note)

    def __str__(self) -> str:
        where = f" ({self.where()})" if self.error.line is not None else ""
        head = f"{type(self.error).__name__}: {self.error.message}{where}"
        return head + "\n" + "\n".join(self.excerpt)

    def _repr_markdown_(self) -> str:
        return f"**{type(self.error).__name__}**: {self.error.message}\n\n```text\n" + (
            "\n".join(self.excerpt) + "\n```"
        )

    def _repr_html_(self) -> str:
        rows = []
        for text in self.excerpt:
            style = ""
            if text.startswith(">"):
                style = ' style="background:#fdd;font-weight:bold"'
            elif text.lstrip().startswith("|") or text.rstrip().endswith("^"):
                style = ' style="color:#c00"'
            rows.append(f"<span{style}>{html.escape(text)}</span>")
        where = f" <small>({html.escape(self.where())})</small>" if self.where() else ""
        return (
            f'<div class="apigw-template-error"><b>{type(self.error).__name__}</b>: '
            f"{html.escape(self.error.message)}{where}"
            f'<pre style="margin:4px 0">{"<br>".join(rows)}</pre></div>'
        )


def explain_error(error: TemplateError, template: str) -> TemplateErrorView:
    """A displayable view of ``error`` raised while rendering ``template``."""
    return TemplateErrorView(error, template)


def result_html(result: Mapping[str, Any]) -> str:
    """HTML for a mapping result: the body (pretty JSON when it parses), overrides, problems."""
    body = str(result.get("body", ""))
    shown = body
    try:
        shown = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
        label = "body (JSON, indented for display)"
    except ValueError:
        label = "body"
    parts = [f"<b>{label}</b><pre>{html.escape(shown)}</pre>"]
    for key in ("requestOverride", "responseOverride"):
        value = result.get(key)
        if value and any(value.values()):
            text = json.dumps(value, default=str, ensure_ascii=False)
            parts.append(f"<b>{key}</b> <code>{html.escape(text)}</code><br>")
    for problem in getattr(result, "override_errors", []):
        parts.append(f'<div style="color:#c00">override error: {html.escape(problem)}</div>')
    return '<div class="apigw-mapping-result">' + "".join(parts) + "</div>"
