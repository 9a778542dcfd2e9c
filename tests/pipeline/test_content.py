"""Content handling and binary media types (VPB part C, aws-observed-behaviour BIN-1 to BIN-8)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    GUIDE_REQUEST_TABLE,
    GUIDE_RESPONSE_TABLE,
    REQUEST_CONVERSIONS,
    RESPONSE_CONVERSIONS,
    ContentHandling,
    Conversion,
    ConvertedPayload,
    GatewayError,
    GatewayResponseType,
    PassThrough,
    PayloadKind,
    UseTemplate,
    classify_accept,
    convert_request_body,
    convert_response_body,
    decode_base64,
    first_accept_media_type,
    matches_binary_media_types,
    media_type,
    select_request_template,
    select_response_template,
)
from apigw_core.pipeline.content import GuideRow

from .recorded import cases, ids

TEXT, BINARY = PayloadKind.TEXT, PayloadKind.BINARY
TO_TEXT, TO_BINARY = ContentHandling.CONVERT_TO_TEXT, ContentHandling.CONVERT_TO_BINARY


def _bytes(body: str | bytes) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


# --- media types (VPB B.2, C.2, BIN-8) --------------------------------------------------------

MEDIA_TYPE_ROWS = [
    ("application/json; charset=UTF-8", "application/json"),  # VPB B-4
    ("Application/JSON", "application/json"),
    ("  text/plain  ", "text/plain"),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("value", "expected"), MEDIA_TYPE_ROWS)
def test_media_type(value: str | None, expected: str | None) -> None:
    assert media_type(value) == expected


ACCEPT_ROWS = [
    # (Accept header, first media type): VPB C.2, C-3, BIN-8
    ("image/webp,image/*,*/*;q=0.8", "image/webp"),
    ("image/png,*/*;q=0.5", "image/png"),
    ("text/html, image/png", "text/html"),
    ("audio/ogg;q=0.9", "audio/ogg"),
    (None, None),
    ("", None),
]


@pytest.mark.parametrize(("accept", "expected"), ACCEPT_ROWS)
def test_first_accept_media_type(accept: str | None, expected: str | None) -> None:
    assert first_accept_media_type(accept) == expected


BINARY_MATCH_ROWS = [
    # (value, binaryMediaTypes, binary?, source)
    ("font/woff2", ["font/*", "image/png"], True, "BIN-8 example"),
    ("image/*", ["font/*", "image/png"], False, "BIN-8 example"),
    ("image/png", ["font/*", "image/png"], True, "BIN-8 example (image/png,*/*;q=0.5)"),
    ("text/html", ["font/*", "image/png"], False, "BIN-8 example (text/html,image/png)"),
    ("application/zip", ["application/*"], True, "BIN-8: type/* entry"),
    ("application/*", ["application/*"], True, "BIN-8: Accept application/* matches entry application/*"),
    ("*/*", ["image/png"], False, "BIN-8: wildcard Accept matches nothing concrete"),
    ("*/test", ["*/test"], False, "BIN-8: */x entry never matches, not even */x"),
    ("random/test", ["*/test"], False, "BIN-8: */x entry never matches"),
    ("application", ["application/*"], False, "BIN-8: value without /"),
    ("image/png", [], False, "BIN-1: empty list, everything is text"),
    ("image/png", None, False, "BIN-1: no list"),
    (None, ["image/png"], False, "VPB OQ-41: no value is text"),
    ("image/png", ["*/*"], True, "VPB C.2: */* covers all (documented, not recorded)"),
    ("text/plain", ["*"], True, "VPB C.2: * (Node SDK example, not recorded)"),
    ("IMAGE/PNG", ["image/png"], True, "media types are case-insensitive (VPB OQ-14 resolution)"),
    ("image/png; charset=x", ["image/png"], True, "parameters ignored (VPB C.8)"),
    ("image/webp", ["image/webp"], True, "VPB C-3"),
    ("image/jpeg", ["image/webp"], False, "VPB C-3"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "types", "binary", "source"),
    BINARY_MATCH_ROWS,
    ids=[f"{r[0]}-{r[3]}" for r in BINARY_MATCH_ROWS],
)
def test_matches_binary_media_types(
    value: str | None, types: list[str] | None, binary: bool, source: str
) -> None:
    assert matches_binary_media_types(value, types) is binary


def test_example_c3_only_first_accept_counts() -> None:
    """VPB C-3: with Accept image/webp,image/*,*/*;q=0.8 only image/webp is looked at."""
    accept = "image/webp,image/*,*/*;q=0.8"
    assert classify_accept(accept, ["image/*"]) is BINARY  # image/webp matches image/*
    assert classify_accept(accept, ["image/jpeg"]) is TEXT
    assert classify_accept(accept, ["image/webp"]) is BINARY


# --- the conversion tables (BIN-3, BIN-6) ------------------------------------------------------

SAMPLE_BYTES = b"\x89PNG\xff\x00ok"
SAMPLE_B64 = base64.b64encode(SAMPLE_BYTES).decode()


def _expected(conversion: Conversion, body: bytes) -> str | bytes:
    return {
        Conversion.UTF8_TEXT: lambda: body.decode("utf-8", "replace"),
        Conversion.BASE64_DECODE: lambda: base64.b64decode(body),
        Conversion.BASE64_ENCODE: lambda: base64.b64encode(body).decode(),
        Conversion.UNCHANGED: lambda: body,
    }[conversion]()


@pytest.mark.parametrize(("key", "conversion"), list(REQUEST_CONVERSIONS.items()), ids=str)
def test_request_table_bin3(
    key: tuple[PayloadKind, ContentHandling | None], conversion: Conversion
) -> None:
    """BIN-3, each cell: text is image/png with an empty list, binary is image/png listed."""
    payload, handling = key
    types = ["image/png"] if payload is BINARY else []
    body = SAMPLE_B64.encode() if conversion is Conversion.BASE64_DECODE else SAMPLE_BYTES
    result = convert_request_body(
        body, "image/png", binary_media_types=types, content_handling=handling
    )
    assert isinstance(result, ConvertedPayload)
    assert (result.payload, result.conversion) == (payload, conversion)
    assert result.body == _expected(conversion, body)


@pytest.mark.parametrize(("key", "conversion"), list(RESPONSE_CONVERSIONS.items()), ids=str)
def test_response_table_bin6(
    key: tuple[PayloadKind, PayloadKind, ContentHandling | None], conversion: Conversion
) -> None:
    """BIN-6, each cell: payload binary iff its Content-Type is listed, Accept likewise."""
    payload, accept, handling = key
    types = ["image/png", "audio/ogg"]
    content_type = "image/png" if payload is BINARY else "application/json"
    accept_header = "audio/ogg" if accept is BINARY else "text/html"
    body = SAMPLE_B64.encode() if conversion is Conversion.BASE64_DECODE else SAMPLE_BYTES
    result = convert_response_body(
        body, content_type, accept_header, binary_media_types=types, content_handling=handling
    )
    assert isinstance(result, ConvertedPayload)
    assert (result.payload, result.accept, result.conversion) == (payload, accept, conversion)
    assert result.body == _expected(conversion, body)


def _guide_inputs(row: GuideRow) -> list[tuple[str, list[str] | None]]:
    """Concrete (Content-Type, binaryMediaTypes) pairs that fit a guide row's description."""
    if row.binary_media_types == "Undefined":
        return [("text/plain", None), ("image/png", None), ("image/png", [])]
    if row.payload == "Binary data":
        return [("image/png", ["image/png"]), ("image/png", ["image/*"])]
    return [("text/plain", ["image/png"]), ("application/json", ["image/png"])]


@pytest.mark.parametrize(
    "row", GUIDE_REQUEST_TABLE, ids=[f"C-1 row {r.row}" for r in GUIDE_REQUEST_TABLE]
)
def test_guide_table_c1(row: GuideRow) -> None:
    """VPB Table C-1, row for row (rows 4-6 read as "text type not in the list", BIN-1)."""
    body = SAMPLE_B64.encode() if row.conversion is Conversion.BASE64_DECODE else SAMPLE_BYTES
    for content_type, types in _guide_inputs(row):
        result = convert_request_body(
            body, content_type, binary_media_types=types, content_handling=row.content_handling
        )
        assert isinstance(result, ConvertedPayload)
        assert result.conversion is row.conversion
        assert result.body == _expected(row.conversion, body)
        assert REQUEST_CONVERSIONS[result.payload, row.content_handling] is row.conversion


@pytest.mark.parametrize(
    "row", GUIDE_RESPONSE_TABLE, ids=[f"C-2 row {r.row}" for r in GUIDE_RESPONSE_TABLE]
)
def test_guide_table_c2(row: GuideRow) -> None:
    """VPB Table C-2, row for row ("a text type" Accept is not in the list)."""
    body = SAMPLE_B64.encode() if row.conversion is Conversion.BASE64_DECODE else SAMPLE_BYTES
    accepts = ["audio/ogg"] if row.accept == "A binary type" else ["text/html", None]
    for content_type, types in _guide_inputs(row):
        for accept in accepts:
            binary_list = None if types is None else [*types, "audio/ogg"]
            result = convert_response_body(
                body, content_type, accept, binary_media_types=binary_list,
                content_handling=row.content_handling,
            )  # fmt: skip
            assert isinstance(result, ConvertedPayload)
            assert result.conversion is row.conversion, (content_type, accept)
            assert result.body == _expected(row.conversion, body)


# --- recorded binary cases --------------------------------------------------------------------


def _payload(inputs: dict[str, Any], label: str) -> bytes:
    entry = inputs["payloads"][label]
    return base64.b64decode(entry["b64"]) if "b64" in entry else entry["text"].encode("utf-8")


REQUEST_CASES = cases("binary", "contentHandling.request")


@pytest.mark.parametrize("case", REQUEST_CASES, ids=ids(REQUEST_CASES))
def test_recorded_request_conversion(case: dict[str, Any]) -> None:
    """Every recorded request-side case: the bytes the integration received, or 500."""
    inputs = case["inputs"]
    decision = select_request_template(
        inputs["request_content_type"], inputs["requestTemplates"], inputs["passthroughBehavior"]
    )
    result = convert_request_body(
        _payload(inputs, inputs["request_payload"]),
        inputs["request_content_type"],
        binary_media_types=inputs["binaryMediaTypes"],
        content_handling=inputs["contentHandling"],
        template_applies=isinstance(decision, UseTemplate),
    )
    expected = case["aws_output"]
    if expected["status"] == 500:
        assert isinstance(result, GatewayError)
        assert result.response_type is GatewayResponseType.API_CONFIGURATION_ERROR
        return
    assert isinstance(result, ConvertedPayload)
    assert _bytes(result.body) == base64.b64decode(expected["body_b64"])


RESPONSE_CASES = cases("binary", "contentHandling.response")


@pytest.mark.parametrize("case", RESPONSE_CASES, ids=ids(RESPONSE_CASES))
def test_recorded_response_conversion(case: dict[str, Any]) -> None:
    """Every recorded response-side case: the bytes the client received, or 500."""
    inputs = case["inputs"]
    decision = select_response_template(inputs["responseTemplates"], inputs["client_accept"])
    result = convert_response_body(
        _payload(inputs, inputs["integration_payload"]),
        inputs["integration_response_content_type"],
        inputs["client_accept"],
        binary_media_types=inputs["binaryMediaTypes"],
        content_handling=inputs["contentHandling"],
        template_applies=isinstance(decision, UseTemplate),
    )
    expected = case["aws_output"]
    if expected["status"] == 500:
        assert isinstance(result, GatewayError)
        assert result.response_type is GatewayResponseType.API_CONFIGURATION_ERROR
        return
    assert isinstance(result, ConvertedPayload)
    if "body_text" in expected:
        # The recorded template is {"data": "$input.body"}; $input.body is the converted text.
        assert isinstance(decision, UseTemplate) and isinstance(result.body, str)
        assert decision.template.replace("$input.body", result.body) == expected["body_text"]
    else:
        assert _bytes(result.body) == base64.b64decode(expected["body_b64"])


# --- spec rules and examples -------------------------------------------------------------------

INVALID_UTF8 = bytes.fromhex("41FF42")


@pytest.mark.parametrize("handling", [None, TO_TEXT])
def test_bin2_invalid_utf8_request_and_response(handling: ContentHandling | None) -> None:
    """BIN-2: bytes 41 FF 42 sent as text/plain arrive as 41 EF BF BD 42."""
    request = convert_request_body(
        INVALID_UTF8, "text/plain", binary_media_types=None, content_handling=handling
    )
    response = convert_response_body(
        INVALID_UTF8, "text/plain", None, binary_media_types=None, content_handling=handling
    )
    for result in (request, response):
        assert isinstance(result, ConvertedPayload)
        assert _bytes(result.body) == bytes.fromhex("41EFBFBD42")


@pytest.mark.parametrize("side", ["request", "response"])
def test_bin4_convert_to_binary_on_english_text(side: str) -> None:
    """BIN-4 / VPB C.6: CONVERT_TO_BINARY on text that is not base64 is a 500."""
    body = b"This is an English sentence."
    if side == "request":
        result = convert_request_body(
            body, "text/plain", binary_media_types=[], content_handling=TO_BINARY
        )
    else:
        result = convert_response_body(
            body, "text/plain", "text/plain", binary_media_types=[], content_handling=TO_BINARY
        )
    assert isinstance(result, GatewayError)
    assert result.response_type is GatewayResponseType.API_CONFIGURATION_ERROR
    assert result.default_status_code == 500


BIN5_ROWS = [
    # (source, side, handling, Content-Type, Accept, template applies, outcome)
    ("BIN-5 request: CONVERT_TO_BINARY + matching template", "request", TO_BINARY, "application/json", None, True, "500"),
    ("BIN-5 request: CONVERT_TO_BINARY, no matching template", "request", TO_BINARY, "image/png", None, False, "binary"),
    ("BIN-5 response: CONVERT_TO_BINARY + template", "response", TO_BINARY, "application/json", "image/png", True, "500"),
    ("BIN-5 response: CONVERT_TO_TEXT + template reads text", "response", TO_TEXT, "application/json", "image/png", True, "text"),
    ("BIN-5 generalised: binary left unchanged + template", "request", None, "image/png", None, True, "500"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "side", "handling", "content_type", "accept", "template", "outcome"),
    BIN5_ROWS,
    ids=[r[0] for r in BIN5_ROWS],
)
def test_bin5_conversion_runs_before_the_template(
    source: str,
    side: str,
    handling: ContentHandling | None,
    content_type: str,
    accept: str | None,
    template: bool,
    outcome: str,
) -> None:
    types = ["image/png"]
    if side == "request":
        result = convert_request_body(
            SAMPLE_B64, content_type, binary_media_types=types if handling is None else [],
            content_handling=handling, template_applies=template,
        )  # fmt: skip
    else:
        result = convert_response_body(
            SAMPLE_B64, content_type, accept, binary_media_types=types,
            content_handling=handling, template_applies=template,
        )  # fmt: skip
    if outcome == "500":
        assert isinstance(result, GatewayError)
    else:
        assert isinstance(result, ConvertedPayload)
        assert result.is_binary is (outcome == "binary")


DECODE_ROWS = [
    ("aGkh", b"hi!"),  # UT-2 example
    ("eyJrIjoidiJ9", b'{"k":"v"}'),  # UT-2 example
    ("aGk=", b"hi"),
    ("aGk", b"hi"),  # padding optional (Java basic decoder)
    ("", b""),
    ("aGk==", None),
    ("aG k=", None),  # BIN-4: no whitespace
    ("aGkh\n", None),
    ("-_8=", None),  # URL-safe alphabet rejected
    ("a", None),
    ("èé+à)(", None),  # ls-binary-aws-proxy-response-bad-base64
]


@pytest.mark.parametrize(("text", "expected"), DECODE_ROWS)
def test_decode_base64(text: str, expected: bytes | None) -> None:
    assert decode_base64(text) == expected


RAW = b"[raw bytes]"
RAW_B64 = "W3JhdyBieXRlc10="
S3_TYPES = ["application/octet-stream", "image/jpeg"]

GUIDE_EXAMPLES = [
    # (source, side, body, Content-Type, Accept, binaryMediaTypes, handling, template, expected body)
    ("VPB C-6: octet-stream to a JSON property", "request", RAW, "application/octet-stream", None, ["application/octet-stream"], TO_TEXT, '{"body": "$input.body"}', '{"body": "W3JhdyBieXRlc10="}'),
    ("VPB C-7: base64 from Lambda to a blob", "response", RAW_B64.encode(), "application/json", "text/html", ["application/octet-stream"], TO_BINARY, None, RAW),
    ("VPB C-8: binary passthrough to S3", "request", RAW, "application/octet-stream", None, ["application/octet-stream"], TO_BINARY, None, RAW),
    ("VPB C-11a (C-2 #13)", "response", RAW, "image/jpeg", "application/octet-stream", S3_TYPES, None, None, RAW),
    ("VPB C-11b (C-2 #10, then template)", "response", RAW, "image/jpeg", "application/json", S3_TYPES, None, '{\n   "image": "$input.body"\n}', '{\n   "image": "W3JhdyBieXRlc10="\n}'),
    ("VPB C-11c (C-1 #8)", "request", RAW, "application/octet-stream", "application/json", S3_TYPES, TO_BINARY, None, RAW),
    ("VPB C-11d (C-1 #5)", "request", RAW_B64.encode(), "application/json", "application/json", S3_TYPES, TO_BINARY, None, RAW),
    ("VPB C-12a (C-2 #7, template left out: see docs)", "response", RAW_B64.encode(), "application/json", "application/octet-stream", S3_TYPES, None, None, RAW),
    ("VPB C-12b", "response", RAW_B64.encode(), "application/json", "application/json", S3_TYPES, None, '{"image": "$input.body"}', '{"image": "W3JhdyBieXRlc10="}'),
    ("VPB C-12c (C-1 #9)", "request", RAW, "application/octet-stream", "application/json", S3_TYPES, TO_TEXT, None, RAW_B64),
    ("VPB C-12d (C-1 #6)", "request", RAW_B64.encode(), "application/json", "application/json", S3_TYPES, TO_TEXT, "{}", RAW_B64),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "source",
        "side",
        "body",
        "content_type",
        "accept",
        "types",
        "handling",
        "template",
        "expected",
    ),
    GUIDE_EXAMPLES,
    ids=[r[0] for r in GUIDE_EXAMPLES],
)
def test_guide_examples(
    source: str,
    side: str,
    body: bytes,
    content_type: str,
    accept: str | None,
    types: list[str],
    handling: ContentHandling | None,
    template: str | None,
    expected: str | bytes,
) -> None:
    """Worked examples of VPB C.9; a template that only reads $input.body is applied by
    substitution here (the VTL engine is another layer)."""
    if side == "request":
        result = convert_request_body(
            body, content_type, binary_media_types=types, content_handling=handling,
            template_applies=template is not None,
        )  # fmt: skip
    else:
        result = convert_response_body(
            body, content_type, accept, binary_media_types=types, content_handling=handling,
            template_applies=template is not None,
        )  # fmt: skip
    assert isinstance(result, ConvertedPayload)
    output = result.body
    if template is not None and template != "{}":
        assert isinstance(output, str)
        output = template.replace("$input.body", output)
    assert output == expected


def test_example_c12a_with_its_template_is_500() -> None:
    """VPB C-12a configures a response template; with it BIN-5 (observed) gives 500, which
    wins over the guide's "raw bytes" (docs/pipeline-content-handling.md)."""
    decision = select_response_template(
        {"application/json": '{"image": "$input.body"}'}, "application/octet-stream"
    )
    assert isinstance(decision, UseTemplate)  # PT-5: the application/json fallback
    result = convert_response_body(
        RAW_B64, "application/json", "application/octet-stream", binary_media_types=S3_TYPES,
        template_applies=True,
    )  # fmt: skip
    assert isinstance(result, GatewayError)


def test_example_c12c_passthrough_decision() -> None:
    """VPB C-12c / OQ-20: octet-stream with only an application/json template passes through."""
    decision = select_request_template("application/octet-stream", {"application/json": "{}"}, None)
    assert isinstance(decision, PassThrough)


def test_unknown_content_handling_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="contentHandling"):
        convert_request_body(b"", None, binary_media_types=None, content_handling="CONVERT_TO_HEX")


def test_no_body_is_empty() -> None:
    result = convert_request_body(None, None, binary_media_types=None)
    assert isinstance(result, ConvertedPayload)
    assert result.body == ""


@given(st.binary())
def test_convert_to_text_then_to_binary_round_trips(data: bytes) -> None:
    """A binary body base64-encoded by CONVERT_TO_TEXT decodes back by CONVERT_TO_BINARY."""
    encoded = convert_request_body(
        data, "image/png", binary_media_types=["image/png"], content_handling=TO_TEXT
    )
    assert isinstance(encoded, ConvertedPayload) and isinstance(encoded.body, str)
    decoded = convert_request_body(
        encoded.body, "text/plain", binary_media_types=["image/png"], content_handling=TO_BINARY
    )
    assert isinstance(decoded, ConvertedPayload)
    assert decoded.body == data


@given(st.text())
def test_text_payload_is_unchanged(text: str) -> None:
    """BIN-3: valid UTF-8 text passes as the same text (surrogates excluded by UTF-8)."""
    raw = text.encode("utf-8", "surrogatepass")
    result = convert_request_body(raw, "text/plain", binary_media_types=["image/png"])
    assert isinstance(result, ConvertedPayload)
    assert result.body == raw.decode("utf-8", "replace")
