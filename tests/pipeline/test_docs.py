"""The protocol tables in docs/pipeline-*.md are generated from the data they document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from . import doc_tables

DOCS = Path(__file__).resolve().parents[2] / "docs"

TABLES: list[tuple[str, Callable[[], str]]] = [
    ("pipeline-content-handling.md", doc_tables.request_conversions),
    ("pipeline-content-handling.md", doc_tables.response_conversions),
    ("pipeline-content-handling.md", doc_tables.guide_tables),
    ("pipeline-passthrough.md", doc_tables.passthrough_table),
    ("pipeline-gateway-responses.md", doc_tables.gateway_response_types),
    ("pipeline-lambda-proxy.md", doc_tables.proxy_header_tables),
]


@pytest.mark.parametrize(("page", "render"), TABLES, ids=[t[1].__name__ for t in TABLES])
def test_table_in_docs(page: str, render: Callable[[], str]) -> None:
    assert render() in (DOCS / page).read_text("utf-8")
