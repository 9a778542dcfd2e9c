"""Markdown renderings of the pipeline's protocol tables (the docs embed them verbatim;
``test_docs.py`` checks they are in sync with the data)."""

from __future__ import annotations

from apigw_core.pipeline import (
    GATEWAY_RESPONSE_TYPES,
    GUIDE_REQUEST_TABLE,
    GUIDE_RESPONSE_TABLE,
    PASSTHROUGH_TABLE,
    REQUEST_CONVERSIONS,
    RESPONSE_CONVERSIONS,
)
from apigw_core.pipeline.proxy import (
    HTTP_PROXY_RESPONSE_HEADERS,
    LAMBDA_PROXY_REQUEST_DROPPED_HEADERS,
    LAMBDA_PROXY_RESPONSE_HEADERS,
)


def _ch(value: object) -> str:
    return "unset" if value is None else f"`{value}`"


def request_conversions() -> str:
    lines = ["| payload | contentHandling | conversion |", "|---|---|---|"]
    for (payload, handling), conversion in REQUEST_CONVERSIONS.items():
        lines.append(f"| {payload.value.lower()} | {_ch(handling)} | `{conversion.value}` |")
    return "\n".join(lines)


def response_conversions() -> str:
    lines = ["| payload | Accept | contentHandling | conversion |", "|---|---|---|---|"]
    for (payload, accept, handling), conversion in RESPONSE_CONVERSIONS.items():
        lines.append(
            f"| {payload.value.lower()} | {accept.value.lower()} | {_ch(handling)} | `{conversion.value}` |"
        )
    return "\n".join(lines)


def guide_tables() -> str:
    lines = [
        "| table | row | payload | Accept | binaryMediaTypes | contentHandling | guide says | conversion |"
    ]
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, table in (("C-1", GUIDE_REQUEST_TABLE), ("C-2", GUIDE_RESPONSE_TABLE)):
        for row in table:
            lines.append(
                f"| {name} | {row.row} | {row.payload} | {row.accept or '—'} | {row.binary_media_types} "
                f"| {_ch(row.content_handling)} | {row.result} | `{row.conversion.value}` |"
            )
    return "\n".join(lines)


def passthrough_table() -> str:
    lines = [
        "| templates defined | template for the content type | WHEN_NO_MATCH | WHEN_NO_TEMPLATES | NEVER |",
        "|---|---|---|---|---|",
    ]
    for (defined, matching), row in PASSTHROUGH_TABLE.items():
        cells = " | ".join(row[b] for b in row)
        lines.append(f"| {'yes' if defined else 'no'} | {'yes' if matching else 'no'} | {cells} |")
    return "\n".join(lines)


def gateway_response_types() -> str:
    lines = [
        "| type | status | falls back to | default message | x-amzn-ErrorType | evidence |",
        "|---|---|---|---|---|---|",
    ]
    for kind, info in GATEWAY_RESPONSE_TYPES.items():
        fallback = info.fallback.value if info.fallback else "—"
        lines.append(
            f"| `{kind.value}` | {info.status_code or '—'} | {fallback} | {info.message or 'null'} "
            f"| {info.error_type or '—'} | {info.evidence} |"
        )
    return "\n".join(lines)


def proxy_header_tables() -> str:
    lines = ["| header | Lambda proxy response | HTTP_PROXY response |", "|---|---|---|"]
    for name in sorted(set(LAMBDA_PROXY_RESPONSE_HEADERS) | set(HTTP_PROXY_RESPONSE_HEADERS)):
        lam = LAMBDA_PROXY_RESPONSE_HEADERS.get(name)
        http = HTTP_PROXY_RESPONSE_HEADERS.get(name)
        lines.append(
            f"| {name} | {lam.value if lam else 'PASS'} | {http.value if http else 'PASS'} |"
        )
    dropped = ", ".join(sorted(LAMBDA_PROXY_REQUEST_DROPPED_HEADERS))
    return "\n".join(lines) + f"\n\nDropped from the Lambda proxy event: {dropped}."
