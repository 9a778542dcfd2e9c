"""Access to the recorded AWS cases copied into ``data/aws_recorded_cases.json``.

Origin: /work/shared/conformance/aws-recorded-cases.json (see the file's "origin" key); the
tests never read /work/shared at run time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from apigw_core.pipeline import build_method_request

_DATA = json.loads((Path(__file__).parent / "data" / "aws_recorded_cases.json").read_text("utf-8"))
CASES: list[dict[str, Any]] = _DATA["cases"]
BY_ID: dict[str, dict[str, Any]] = {case["id"]: case for case in CASES}


def cases(kind: str, sub_kind: str | None = None) -> list[dict[str, Any]]:
    """The recorded cases of one kind (and sub-kind)."""
    return [
        case
        for case in CASES
        if case["kind"] == kind and (sub_kind is None or case.get("sub_kind") == sub_kind)
    ]


def ids(selected: list[dict[str, Any]]) -> list[str]:
    """Test ids for ``pytest.mark.parametrize``."""
    return [case["id"] for case in selected]


def client_request(
    client: dict[str, Any], *, resource: str | None = None, stage: str | None = None
) -> dict[str, Any]:
    """The method request for a recorded ``client_request``."""
    raw_path = client.get("raw_url_path_and_query") or client.get("path") or "/"
    query = client.get("query")
    if query:
        raw_path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    body: str | None = None
    if "body_json" in client:
        body = json.dumps(client["body_json"])
    elif client.get("body_text") is not None:
        body = client["body_text"]
    return build_method_request(
        client.get("method", "GET"),
        raw_path,
        headers=client.get("headers") or {},
        body=body,
        stage=stage,
        resource=resource,
    )
