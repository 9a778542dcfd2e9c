"""The invoke_method pages: the complete example of docs/run-a-method.md runs and prints what
the page shows, and the tables of the step pages match the data they document."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from apigw_core.pipeline import FORBIDDEN_REQUEST_HEADER_MAPPINGS, METHOD_RESPONSE_HEADERS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_run_a_method_example() -> None:
    page = (DOCS / "run-a-method.md").read_text("utf-8")
    code, output = re.search(
        r"## A complete example.*?```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", page, re.S
    ).groups()  # type: ignore[union-attr]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "run-a-method.md", "exec"), {})
    assert printed.getvalue() == output


def test_forbidden_header_table() -> None:
    page = (DOCS / "pipeline-parameter-mapping.md").read_text("utf-8")
    for kind, names in FORBIDDEN_REQUEST_HEADER_MAPPINGS.items():
        assert f"| `{kind.value}` | {', '.join(sorted(names))} |" in page


def test_method_response_header_table() -> None:
    page = (DOCS / "pipeline-method-response.md").read_text("utf-8")
    remapped = sorted(n for n, a in METHOD_RESPONSE_HEADERS.items() if a.value == "REMAP")
    row = re.search(r"\| (Authorization, .*?) \| renamed", page).group(1)  # type: ignore[union-attr]
    assert sorted(name.lower() for name in row.split(", ")) == remapped
    dropped = [n for n, a in METHOD_RESPONSE_HEADERS.items() if a.value == "DROP"]
    assert dropped == ["transfer-encoding"] and "| Transfer-Encoding | dropped |" in page
