"""Template selection and the passthrough decision (VPB part B, PT-1 to PT-6), and the
status code of a MOCK integration (VPB E.8, PT-6).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import _json
from apigw_core.pipeline._config_cache import ConfigCache
from apigw_core.pipeline.enums import GatewayResponseType, IntegrationType, PassthroughBehavior
from apigw_core.pipeline.gateway_responses import GatewayError
from apigw_core.pipeline.media import (
    DEFAULT_MEDIA_TYPE,
    first_accept_media_type,
    media_type,
    select_template_key,
)

__all__ = [
    "PASSTHROUGH_TABLE",
    "PassThrough",
    "UseTemplate",
    "parse_mock_status_code",
    "select_request_template",
    "select_response_template",
]


@dataclass(frozen=True)
class UseTemplate:
    """Render ``template``, the ``requestTemplates``/``responseTemplates`` entry ``key``.

    ``content_type`` is the media type the key was looked up with.
    """

    content_type: str
    key: str
    template: str


@dataclass(frozen=True)
class PassThrough:
    """Send the body untransformed. ``content_type`` is the media type looked up."""

    content_type: str


#: VPB Table B-3 as data: (templates defined?, template for the content type?) and the
#: behavior give "template", "passthrough" or "415". Rows 1-2 are Tables B-1/B-2 (guide),
#: row 3 is derived (VPB OQ-10: NEVER without templates rejects).
PASSTHROUGH_TABLE: Mapping[tuple[bool, bool], Mapping[PassthroughBehavior, str]] = {
    (True, True): {
        PassthroughBehavior.WHEN_NO_MATCH: "template",
        PassthroughBehavior.WHEN_NO_TEMPLATES: "template",
        PassthroughBehavior.NEVER: "template",
    },
    (True, False): {
        PassthroughBehavior.WHEN_NO_MATCH: "passthrough",
        PassthroughBehavior.WHEN_NO_TEMPLATES: "415",
        PassthroughBehavior.NEVER: "415",
    },
    (False, False): {
        PassthroughBehavior.WHEN_NO_MATCH: "passthrough",
        PassthroughBehavior.WHEN_NO_TEMPLATES: "passthrough",
        PassthroughBehavior.NEVER: "415",
    },
}


def _templates(value: object, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"{what} must map media types to templates")
    for key, template in value.items():
        if not isinstance(key, str) or not (template is None or isinstance(template, str)):
            raise ConfigurationError(f"{what}[{key!r}] must be a template string")
    return value


def select_request_template(
    content_type: str | None,
    request_templates: Mapping[str, Any] | None,
    passthrough_behavior: object = None,
    *,
    integration_type: object = None,
) -> UseTemplate | PassThrough | GatewayError:
    """Decide what happens to a request body: template, passthrough or 415 (VPB B.7).

    * ``content_type``: the request's ``Content-Type``; only the media type counts, and
      letter case is ignored (VPB B.2, B-4); absent means ``application/json`` (B.2, PT-1).
    * ``request_templates``: the integration's ``requestTemplates``.
    * ``passthrough_behavior``: the integration's ``passthroughBehavior``; unset is
      ``WHEN_NO_MATCH`` (VPB B.3, PT-3); the OpenAPI lower-case spellings are accepted.
    * ``integration_type``: ``AWS_PROXY`` and ``HTTP_PROXY`` always pass through (VPB B.1).

    A matching template is always applied (PT-2). An empty (or null) one counts as no
    template for that media type (VPB OQ-45): the body passes through under
    ``WHEN_NO_MATCH``, and ``WHEN_NO_TEMPLATES`` and ``NEVER`` refuse it, as LocalStack's
    AWS-validated handler does and as the guide has it for an empty response template
    (VPB B.5 item 7). The refusal is ``UNSUPPORTED_MEDIA_TYPE`` (415).
    """
    wanted = media_type(content_type) or DEFAULT_MEDIA_TYPE
    behavior = PassthroughBehavior.parse(passthrough_behavior)
    if integration_type is not None and IntegrationType.parse(integration_type).is_proxy:
        _templates(request_templates, "requestTemplates")
        return PassThrough(wanted)
    # The decision depends on configuration and media type only: made once, then shared
    # (the results are frozen).
    return _REQUEST_DECISIONS.get(
        request_templates,
        (wanted, behavior),
        lambda: _request_decision(request_templates, wanted, behavior),
    )


def _request_decision(
    request_templates: Mapping[str, Any] | None, wanted: str, behavior: PassthroughBehavior
) -> UseTemplate | PassThrough | GatewayError:
    templates = _templates(request_templates, "requestTemplates")
    key = select_template_key(templates, wanted, fallback=False)
    if key is not None and not templates[key]:
        # VPB OQ-45: an empty template is no template (LocalStack's AWS-validated handler;
        # the guide's rule for an empty response template, B.5 item 7). The map still
        # counts as having templates, so WHEN_NO_TEMPLATES refuses.
        key = None
    decision = PASSTHROUGH_TABLE[bool(templates), key is not None][behavior]
    if decision == "template" and key is not None:
        return UseTemplate(wanted, key, templates[key])
    if decision == "passthrough":
        return PassThrough(wanted)
    return GatewayError(GatewayResponseType.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type")


_REQUEST_DECISIONS: ConfigCache[UseTemplate | PassThrough | GatewayError] = ConfigCache(512)


def select_response_template(
    response_templates: Mapping[str, Any] | None, accept: str | None
) -> UseTemplate | PassThrough:
    """Pick the response template by the request's ``Accept`` (VPB B.5, PT-5).

    Only the first ``Accept`` value counts (VPB C.2, applied here too: OQ-12); absent means
    ``application/json``. A miss falls back to the ``application/json`` template, then to
    the first one in configuration order (OQ-13). No templates, or an empty selected
    template, means the payload passes unmapped (B.5 item 7).
    """
    wanted = first_accept_media_type(accept) or DEFAULT_MEDIA_TYPE
    return _RESPONSE_DECISIONS.get(
        response_templates, wanted, lambda: _response_decision(response_templates, wanted)
    )


def _response_decision(
    response_templates: Mapping[str, Any] | None, wanted: str
) -> UseTemplate | PassThrough:
    templates = _templates(response_templates, "responseTemplates")
    key = select_template_key(templates, wanted, fallback=True)
    if key is None or not templates[key]:
        return PassThrough(wanted)
    return UseTemplate(wanted, key, templates[key])


_RESPONSE_DECISIONS: ConfigCache[UseTemplate | PassThrough] = ConfigCache(512)


_DECODER = json.JSONDecoder()

_STATUS = re.compile(r"""["']?\bstatusCode\b["']?\s*:\s*["']?\s*(-?\d+)""")


def _as_status(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def parse_mock_status_code(rendered: str | bytes | None) -> int:
    """The status a MOCK integration answers with, read from its integration request body.

    The rendered request template normally is ``{"statusCode": 200}`` (VPB E.8), but API
    Gateway is lenient (PT-6): the body need not be JSON (``{statusCode: 200}`` as CDK
    generates it), and ``"200"`` as a string, single quotes, blanks and line breaks (E-6)
    all work. The first ``statusCode`` found wins. Without a usable ``statusCode`` (no
    template, an empty body, ``{}``) the answer is 200 (VPB OQ-43, suggested resolution).
    """
    if rendered is None:
        return 200
    text = rendered.decode("utf-8", "replace") if isinstance(rendered, bytes) else rendered
    try:
        parsed = _json.decode(_DECODER, text)  # json.loads without its per-call checks
    except ValueError:
        parsed = None
    if type(parsed) is dict and "statusCode" in parsed:  # json.loads makes plain dicts
        status = _as_status(parsed["statusCode"])
        if status is not None:
            return status
    match = _STATUS.search(text)
    if match is not None:
        return int(match.group(1))
    return 200
