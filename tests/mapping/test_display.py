"""How results and template errors display in a notebook (``_repr_html_``,
``_repr_markdown_``) and in tracebacks (the exception note)."""

from __future__ import annotations

import pytest

from apigw_core import TemplateError, render_mapping_template
from apigw_core.mapping import explain_error

TEMPLATE = "line 1\nline 2\n#set($x = $input.params('a').substring(5))\nline 4\n"


def _error(template: str = TEMPLATE) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        render_mapping_template(template, {"queryStringParameters": {"a": "abc"}})
    return caught.value


def test_the_error_carries_the_template_with_the_line_marked() -> None:
    error = _error()
    (note,) = error.__notes__
    lines = note.splitlines()
    assert lines[0] == "template:"
    assert "> 3 | #set($x = $input.params('a').substring(5))" in lines
    caret = lines[lines.index("> 3 | #set($x = $input.params('a').substring(5))") + 1]
    assert caret.rstrip().endswith("^") and caret.index("^") > caret.index("|")


def test_error_view_html_and_markdown() -> None:
    error = _error()
    view = explain_error(error, TEMPLATE)
    html = view._repr_html_()
    assert "background:#fdd" in html and "substring(5)" in html
    assert f"line {error.line}, column {error.column}" in html
    markdown = view._repr_markdown_()
    assert markdown.startswith(f"**{type(error).__name__}**")
    assert "> 3 |" in markdown
    assert str(view).splitlines()[0].endswith(f"(line {error.line}, column {error.column})")


def test_syntax_error_far_down_a_long_template_shows_only_its_neighbourhood() -> None:
    template = "".join(f"text {i}\n" for i in range(1, 30)) + "#if(true\n"
    error = _error(template)
    view = explain_error(error, template)
    numbers = [line.split("|")[0].strip(" >") for line in view.excerpt if "|" in line]
    assert "1" not in numbers and "29" in numbers
    assert any(line.startswith(">") for line in view.excerpt)


def test_html_escapes_the_template() -> None:
    template = "<b>#if(</b>"
    html = explain_error(_error(template), template)._repr_html_()
    assert "&lt;b&gt;" in html and "<b>#if" not in html


def test_result_displays_body_overrides_and_problems() -> None:
    out = render_mapping_template(
        '{"a": 1}#set($context.responseOverride.status = 700)'
        "#set($context.requestOverride.header.X = '<y>')"
    )
    html = out._repr_html_()
    assert "body (JSON, indented for display)" in html and "&quot;a&quot;: 1" in html
    assert "requestOverride" in html and "&lt;y&gt;" in html
    assert "override error" in html and "700" in html
    markdown = out._repr_markdown_()
    assert '{"a": 1}' in markdown and "**override error:**" in markdown


def test_result_html_of_a_non_json_body() -> None:
    html = render_mapping_template("Action=Send&Body=<x>")._repr_html_()
    assert "<b>body</b>" in html and "&lt;x&gt;" in html and "responseOverride" not in html
