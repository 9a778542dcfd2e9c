"""Media types: ``Content-Type``/``Accept`` parsing, ``binaryMediaTypes`` matching and the
choice of a template key among a ``requestTemplates``/``responseTemplates`` map.

Pure string functions shared by every pipeline step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from apigw_core.errors import ConfigurationError

__all__ = [
    "DEFAULT_MEDIA_TYPE",
    "first_accept_media_type",
    "matches_binary_media_types",
    "media_type",
    "select_template_key",
]

#: The media type assumed when a request has no ``Content-Type`` or ``Accept`` (VPB B.2, B.5).
DEFAULT_MEDIA_TYPE = "application/json"


def media_type(value: str | None) -> str | None:
    """The bare media type of a header value: parameters dropped, blanks stripped, lower case.

    ``"Application/JSON; charset=UTF-8"`` gives ``"application/json"``; an absent or blank
    value gives ``None``. Only the MIME type counts when selecting templates (VPB B.2); media
    types are case-insensitive (RFC 9110 §8.3.1).
    """
    if value is None:
        return None
    bare = value.split(";", 1)[0].strip().lower()
    return bare or None


def first_accept_media_type(accept: str | None) -> str | None:
    """The one ``Accept`` value API Gateway looks at: the first comma-separated one.

    Its ``;q=`` and other parameters are ignored (VPB C.2, BIN-8). ``"image/webp,image/*"``
    gives ``"image/webp"``; an absent or blank header gives ``None``.
    """
    if accept is None:
        return None
    return media_type(accept.split(",", 1)[0])


def matches_binary_media_types(value: str | None, binary_media_types: Iterable[str] | None) -> bool:
    """Whether a ``Content-Type`` or ``Accept`` value is binary for an API (BIN-1, BIN-8).

    ``value`` is a single media type (use :func:`first_accept_media_type` for ``Accept``);
    parameters are ignored. An entry matches when:

    * it equals the value (case-insensitively);
    * it is ``type/*`` and the value has that type (``application/*`` matches
      ``application/zip`` and ``application/*``);
    * it is ``*/*`` or ``*``, which match everything (VPB C.2, documented; not recorded).

    Never matching (BIN-8): a value without ``/``; an entry with a wildcard type other than
    ``*/*`` (``*/test``), even against an identical value; a wildcard value (``image/*``,
    ``*/*``) against a concrete entry.
    """
    bare = media_type(value)
    if bare is None or "/" not in bare:
        return False
    value_type, value_subtype = bare.split("/", 1)
    if isinstance(binary_media_types, str) or not isinstance(binary_media_types, Iterable | None):
        raise ConfigurationError(f"binaryMediaTypes must be a list; got {binary_media_types!r}")
    for raw_entry in binary_media_types or ():
        if type(raw_entry) is not str:
            raise ConfigurationError(f"binaryMediaTypes entries must be strings; got {raw_entry!r}")
        entry = media_type(raw_entry)
        if entry is None:
            continue
        if entry in ("*/*", "*"):
            return True
        if "/" not in entry:
            continue
        entry_type, entry_subtype = entry.split("/", 1)
        if entry_type == "*":
            continue
        if entry_type == value_type and entry_subtype in ("*", value_subtype):
            return True
    return False


def select_template_key(
    templates: Mapping[str, object],
    wanted: str | None,
    *,
    fallback: bool,
) -> str | None:
    """The key of ``templates`` that serves the media type ``wanted``.

    ``wanted`` is a bare media type (``None`` means absent, read as ``application/json``,
    VPB B.2/B.5). A key matches when it is equal, or equal after :func:`media_type`
    normalisation (parameters and letter case ignored). Wildcard keys get no special
    meaning (VPB OQ-9 left open; literal match chosen).

    With ``fallback`` (response and gateway-response templates, VPB B.5 and PT-5), a miss
    falls back to the ``application/json`` key, then to the first key in configuration
    order (OQ-13). Without it (request templates) a miss gives ``None``.
    """
    if not templates:
        return None
    key = wanted or DEFAULT_MEDIA_TYPE
    if key in templates:
        return key
    for candidate in templates:
        if media_type(candidate) == key:
            return candidate
    if not fallback:
        return None
    for candidate in templates:
        if media_type(candidate) == DEFAULT_MEDIA_TYPE:
            return candidate
    return next(iter(templates))
