"""Content handling: text or binary, and the conversions between them (VPB part C,
BIN-1 to BIN-8).

A payload is *text* or *binary* by its media type against the API's
``binaryMediaTypes`` (BIN-1, BIN-6). ``contentHandling`` (unset, ``CONVERT_TO_TEXT``,
``CONVERT_TO_BINARY``) then picks one :class:`Conversion` from the tables below, which are
the observed tables BIN-3 and BIN-6 kept as data. A converted body is ``str`` when it is
text and ``bytes`` when it is binary: bodies are bytes where the gateway sees bytes.
"""

from __future__ import annotations

import base64
import binascii
import enum
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from apigw_core.pipeline.enums import ContentHandling, GatewayResponseType, PayloadKind
from apigw_core.pipeline.gateway_responses import GatewayError, gateway_error
from apigw_core.pipeline.media import first_accept_media_type, matches_binary_media_types

__all__ = [
    "GUIDE_REQUEST_TABLE",
    "GUIDE_RESPONSE_TABLE",
    "REQUEST_CONVERSIONS",
    "RESPONSE_CONVERSIONS",
    "Conversion",
    "ConvertedPayload",
    "GuideRow",
    "apply_conversion",
    "classify_accept",
    "classify_payload",
    "convert_request_body",
    "convert_response_body",
    "decode_base64",
    "decode_request_payload",
    "request_conversion",
    "response_conversion",
]

TEXT, BINARY = PayloadKind.TEXT, PayloadKind.BINARY
TO_TEXT, TO_BINARY = ContentHandling.CONVERT_TO_TEXT, ContentHandling.CONVERT_TO_BINARY


class Conversion(enum.StrEnum):
    """What happens to a payload's bytes."""

    UTF8_TEXT = "UTF8_TEXT"
    """Read as UTF-8 text; each invalid byte becomes U+FFFD (BIN-2)."""
    BASE64_DECODE = "BASE64_DECODE"
    """Read as UTF-8 text holding base64 and decode it to bytes; 500 if it is not base64 (BIN-4)."""
    BASE64_ENCODE = "BASE64_ENCODE"
    """Encode the bytes as single-line, padded, standard-alphabet base64 text (BIN-3)."""
    UNCHANGED = "UNCHANGED"
    """Keep the bytes as they are (binary)."""


#: Request side, BIN-3 (recorded; VPB Table C-1 made precise): (payload, contentHandling).
REQUEST_CONVERSIONS: Mapping[tuple[PayloadKind, ContentHandling | None], Conversion] = {
    (TEXT, None): Conversion.UTF8_TEXT,
    (TEXT, TO_TEXT): Conversion.UTF8_TEXT,
    (TEXT, TO_BINARY): Conversion.BASE64_DECODE,
    (BINARY, None): Conversion.UNCHANGED,
    (BINARY, TO_TEXT): Conversion.BASE64_ENCODE,
    (BINARY, TO_BINARY): Conversion.UNCHANGED,
}

#: Response side, BIN-6 (recorded; confirms VPB Table C-2): (payload, Accept, contentHandling).
RESPONSE_CONVERSIONS: Mapping[
    tuple[PayloadKind, PayloadKind, ContentHandling | None], Conversion
] = {
    (TEXT, TEXT, None): Conversion.UTF8_TEXT,
    (TEXT, TEXT, TO_TEXT): Conversion.UTF8_TEXT,
    (TEXT, TEXT, TO_BINARY): Conversion.BASE64_DECODE,
    (TEXT, BINARY, None): Conversion.BASE64_DECODE,
    (TEXT, BINARY, TO_TEXT): Conversion.UTF8_TEXT,
    (TEXT, BINARY, TO_BINARY): Conversion.BASE64_DECODE,
    (BINARY, TEXT, None): Conversion.BASE64_ENCODE,
    (BINARY, TEXT, TO_TEXT): Conversion.BASE64_ENCODE,
    (BINARY, TEXT, TO_BINARY): Conversion.UNCHANGED,
    (BINARY, BINARY, None): Conversion.UNCHANGED,
    (BINARY, BINARY, TO_TEXT): Conversion.BASE64_ENCODE,
    (BINARY, BINARY, TO_BINARY): Conversion.UNCHANGED,
}


@dataclass(frozen=True)
class GuideRow:
    """One row of the developer guide's conversion tables (VPB C.4, C.5), kept verbatim.

    ``accept`` is ``None`` for request rows. ``conversion`` is what the row's last column
    means in terms of :class:`Conversion`.
    """

    row: int
    payload: str
    accept: str | None
    binary_media_types: str
    content_handling: ContentHandling | None
    result: str
    conversion: Conversion


_U = "Undefined"
_S = "Set with matching media types"

#: VPB Table C-1, row for row.
GUIDE_REQUEST_TABLE: tuple[GuideRow, ...] = (
    GuideRow(1, "Text data", None, _U, None, "UTF8-encoded string", Conversion.UTF8_TEXT),
    GuideRow(2, "Text data", None, _U, TO_BINARY, "Base64-decoded binary blob", Conversion.BASE64_DECODE),
    GuideRow(3, "Text data", None, _U, TO_TEXT, "UTF8-encoded string", Conversion.UTF8_TEXT),
    GuideRow(4, "Text data", None, _S, None, "Text data", Conversion.UTF8_TEXT),
    GuideRow(5, "Text data", None, _S, TO_BINARY, "Base64-decoded binary blob", Conversion.BASE64_DECODE),
    GuideRow(6, "Text data", None, _S, TO_TEXT, "Text data", Conversion.UTF8_TEXT),
    GuideRow(7, "Binary data", None, _S, None, "Binary data", Conversion.UNCHANGED),
    GuideRow(8, "Binary data", None, _S, TO_BINARY, "Binary data", Conversion.UNCHANGED),
    GuideRow(9, "Binary data", None, _S, TO_TEXT, "Base64-encoded string", Conversion.BASE64_ENCODE),
)  # fmt: skip

#: VPB Table C-2, row for row.
GUIDE_RESPONSE_TABLE: tuple[GuideRow, ...] = (
    GuideRow(1, "Text or binary data", "A text type", _U, None, "UTF8-encoded string", Conversion.UTF8_TEXT),
    GuideRow(2, "Text or binary data", "A text type", _U, TO_BINARY, "Base64-decoded blob", Conversion.BASE64_DECODE),
    GuideRow(3, "Text or binary data", "A text type", _U, TO_TEXT, "UTF8-encoded string", Conversion.UTF8_TEXT),
    GuideRow(4, "Text data", "A text type", _S, None, "Text data", Conversion.UTF8_TEXT),
    GuideRow(5, "Text data", "A text type", _S, TO_BINARY, "Base64-decoded blob", Conversion.BASE64_DECODE),
    GuideRow(6, "Text data", "A text type", _S, TO_TEXT, "UTF8-encoded string", Conversion.UTF8_TEXT),
    GuideRow(7, "Text data", "A binary type", _S, None, "Base64-decoded blob", Conversion.BASE64_DECODE),
    GuideRow(8, "Text data", "A binary type", _S, TO_BINARY, "Base64-decoded blob", Conversion.BASE64_DECODE),
    GuideRow(9, "Text data", "A binary type", _S, TO_TEXT, "UTF8-encoded string", Conversion.UTF8_TEXT),
    GuideRow(10, "Binary data", "A text type", _S, None, "Base64-encoded string", Conversion.BASE64_ENCODE),
    GuideRow(11, "Binary data", "A text type", _S, TO_BINARY, "Binary data", Conversion.UNCHANGED),
    GuideRow(12, "Binary data", "A text type", _S, TO_TEXT, "Base64-encoded string", Conversion.BASE64_ENCODE),
    GuideRow(13, "Binary data", "A binary type", _S, None, "Binary data", Conversion.UNCHANGED),
    GuideRow(14, "Binary data", "A binary type", _S, TO_BINARY, "Binary data", Conversion.UNCHANGED),
    GuideRow(15, "Binary data", "A binary type", _S, TO_TEXT, "Base64-encoded string", Conversion.BASE64_ENCODE),
)  # fmt: skip


@dataclass(frozen=True)
class ConvertedPayload:
    """A converted body: ``str`` for text, ``bytes`` for binary, and how it was obtained."""

    body: str | bytes
    conversion: Conversion
    payload: PayloadKind
    accept: PayloadKind | None = None

    @property
    def is_binary(self) -> bool:
        """Whether the converted body is binary (``bytes``)."""
        return isinstance(self.body, bytes)


def classify_payload(
    content_type: str | None, binary_media_types: Iterable[str] | None
) -> PayloadKind:
    """A payload is binary iff its ``Content-Type`` matches ``binaryMediaTypes`` (BIN-1,
    BIN-6); with no list everything is text."""
    return BINARY if matches_binary_media_types(content_type, binary_media_types) else TEXT


def classify_accept(accept: str | None, binary_media_types: Iterable[str] | None) -> PayloadKind:
    """The ``Accept`` side is binary iff its first value matches (BIN-6, BIN-8); no
    ``Accept`` is text (BIN-7, VPB OQ-41)."""
    return classify_payload(first_accept_media_type(accept), binary_media_types)


def request_conversion(payload: PayloadKind, content_handling: object) -> Conversion:
    """The request-side conversion (BIN-3)."""
    return REQUEST_CONVERSIONS[payload, ContentHandling.parse(content_handling)]


def response_conversion(
    payload: PayloadKind, accept: PayloadKind, content_handling: object
) -> Conversion:
    """The response-side conversion (BIN-6)."""
    return RESPONSE_CONVERSIONS[payload, accept, ContentHandling.parse(content_handling)]


_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def decode_base64(text: str) -> bytes | None:
    """Decode standard-alphabet base64 as API Gateway does, or ``None`` if it is not base64.

    No whitespace or other characters are tolerated (BIN-4: an English sentence fails);
    padding is optional but must be complete when present, as with Java's
    ``Base64.getDecoder()`` (an assumption: VPB §16.1 leaves padding open).
    """
    if _BASE64.fullmatch(text) is None:
        return None
    stripped = text.rstrip("=")
    if (len(text) != len(stripped) and len(text) % 4) or len(stripped) % 4 == 1:
        return None
    try:
        return base64.b64decode(stripped + "=" * (-len(stripped) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _as_bytes(body: bytes | str | None) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8", "surrogateescape")
    return bytes(body)


def apply_conversion(conversion: Conversion, body: bytes | str | None) -> str | bytes | None:
    """Apply one conversion to a body (``str`` input is taken as its UTF-8 bytes).

    Returns ``None`` when ``BASE64_DECODE`` meets text that is not base64.
    """
    raw = _as_bytes(body)
    if conversion is Conversion.UTF8_TEXT:
        return raw.decode("utf-8", "replace")
    if conversion is Conversion.BASE64_ENCODE:
        return base64.b64encode(raw).decode("ascii")
    if conversion is Conversion.BASE64_DECODE:
        return decode_base64(raw.decode("utf-8", "replace"))
    return raw


def _configuration_error(detail: str) -> GatewayError:
    # VPB C.6: a failed conversion is an API configuration error (500).
    return GatewayError(
        GatewayResponseType.API_CONFIGURATION_ERROR,
        "Internal server error",
        log=(f"Execution failed due to configuration error: {detail}",),
    )


def convert_request_body(
    body: bytes | str | None,
    content_type: str | None,
    *,
    binary_media_types: Iterable[str] | None,
    content_handling: object = None,
    template_applies: bool = False,
) -> ConvertedPayload | GatewayError:
    """Convert the method request body into the integration request body (BIN-3, BIN-5).

    * ``body``: the bytes the client sent (``None``: no body).
    * ``content_type``: the request's ``Content-Type`` header.
    * ``binary_media_types``: the API's ``binaryMediaTypes``.
    * ``content_handling``: the Integration's ``contentHandling``.
    * ``template_applies``: whether a request template will be rendered on the result
      (see :func:`apigw_core.pipeline.select_request_template`).

    Conversion runs before the template, and a template never receives binary: a binary
    result with ``template_applies`` is a 500 (BIN-5, recorded for ``CONVERT_TO_BINARY``;
    the same rule is applied to a binary payload left unchanged). Text that is not base64
    under ``CONVERT_TO_BINARY`` is a 500 (BIN-4). Both are ``API_CONFIGURATION_ERROR``.
    """
    payload = classify_payload(content_type, binary_media_types)
    return _convert_request(
        body, payload, request_conversion(payload, content_handling), template_applies
    )


def _convert_request(
    body: bytes | str | None, payload: PayloadKind, conversion: Conversion, template_applies: bool
) -> ConvertedPayload | GatewayError:
    """:func:`convert_request_body` once the payload is classified and the conversion known."""
    result = _converted_body(body, conversion, template_applies, "request")
    if isinstance(result, GatewayError):
        return result
    return ConvertedPayload(result, conversion, payload)


def _converted_body(
    body: bytes | str | None, conversion: Conversion, template_applies: bool, side: str
) -> str | bytes | GatewayError:
    """The converted body of a request or response (``side``), or the conversion's error."""
    if conversion is Conversion.UTF8_TEXT and type(body) is str and body.isascii():
        return body  # its UTF-8 bytes decode to the same text
    result = apply_conversion(conversion, body)
    if result is None:
        return _configuration_error(f"Unable to transform {side}: body is not base64")
    if isinstance(result, bytes) and template_applies:
        return _configuration_error(f"Unable to transform {side}: a template cannot read binary")
    return result


def convert_response_body(
    body: bytes | str | None,
    content_type: str | None,
    accept: str | None,
    *,
    binary_media_types: Iterable[str] | None,
    content_handling: object = None,
    template_applies: bool = False,
) -> ConvertedPayload | GatewayError:
    """Convert the integration response body into the method response body (BIN-6, BIN-5).

    * ``body``: the integration response's bytes.
    * ``content_type``: the integration response's ``Content-Type`` (classifies the payload).
    * ``accept``: the method request's ``Accept`` header (only its first value counts).
    * ``content_handling``: the IntegrationResponse's ``contentHandling``.
    * ``template_applies``: whether a response template will be rendered on the result.

    As on the request side, a binary result with a template (BIN-5, recorded for
    ``CONVERT_TO_BINARY``) and invalid base64 (BIN-4) give 500 ``API_CONFIGURATION_ERROR``.
    """
    payload = classify_payload(content_type, binary_media_types)
    accept_kind = classify_accept(accept, binary_media_types)
    conversion = response_conversion(payload, accept_kind, content_handling)
    return _convert_response(body, payload, accept_kind, conversion, template_applies)


def _convert_response(
    body: bytes | str | None,
    payload: PayloadKind,
    accept_kind: PayloadKind,
    conversion: Conversion,
    template_applies: bool,
) -> ConvertedPayload | GatewayError:
    """:func:`convert_response_body` once both sides are classified and the conversion
    known."""
    result = _converted_body(body, conversion, template_applies, "response")
    if isinstance(result, GatewayError):
        return result
    return ConvertedPayload(result, conversion, payload, accept_kind)


#: The largest payload API Gateway accepts: 10 MB (VPB Table F-3, D.7 "Payload > 10 MB"),
#: read as 10,485,760 bytes, the upper bound of ``minimumCompressionSize`` (VPB F.9).
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024

#: The content codings API Gateway decodes (VPB F.9).
CONTENT_CODINGS = ("deflate", "gzip", "identity")


def _decompress(coding: str, data: bytes) -> bytes | None:
    if coding == "identity":
        return data
    try:
        if coding == "gzip":
            return zlib.decompress(data, 16 + zlib.MAX_WBITS)
        try:
            return zlib.decompress(data)  # deflate as HTTP means it: zlib-wrapped
        except zlib.error:
            return zlib.decompress(data, -zlib.MAX_WBITS)  # raw deflate, as some clients send
    except zlib.error:
        return None


def decode_request_payload(
    body: bytes | None,
    content_encoding: str | None,
    *,
    minimum_compression_size: object = None,
) -> bytes | GatewayError | None:
    """The method request payload as the pipeline reads it (VPB F.9, D.7).

    * A payload over :data:`MAX_PAYLOAD_BYTES` is 413 ``REQUEST_TOO_LARGE``.
    * ``Content-Encoding`` ``gzip``, ``deflate`` or ``identity`` (a list is undone last coding
      first) is decoded; any other coding, or a payload that is not encoded as declared, is
      415 ``UNSUPPORTED_MEDIA_TYPE`` (the type is the suggested answer to VPB OQ-29).
    * With the API's ``minimumCompressionSize`` set, a payload smaller than it is not
      decoded (VPB F.9; whether that setting gates requests at all is VPB OQ-44).

    ``body`` is returned as it is when there is nothing to do (no body, no coding).
    """
    if body is not None and len(body) > MAX_PAYLOAD_BYTES:
        return gateway_error(GatewayResponseType.REQUEST_TOO_LARGE)
    if not body or content_encoding is None or not content_encoding.strip():
        return body
    if (
        isinstance(minimum_compression_size, int)
        and not isinstance(minimum_compression_size, bool)
        and len(body) < minimum_compression_size
    ):
        return body
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    data: bytes | None = body
    for coding in reversed(codings):
        if coding not in CONTENT_CODINGS or data is None:
            data = None
            break
        data = _decompress(coding, data)
    if data is None:
        return gateway_error(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE)
    return data
