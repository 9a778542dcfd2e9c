"""The reference page shows the code's own $context table."""

from __future__ import annotations

from pathlib import Path

from apigw_core.mapping.context import context_reference_table

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference-mapping.md"


def test_context_table_matches_the_code() -> None:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index("<!-- context-table:start -->\n") + len("<!-- context-table:start -->\n")
    end = text.index("<!-- context-table:end -->")
    assert text[start:end] == context_reference_table(), "regenerate the table in " + str(PAGE)
