"""Enumerations of API Gateway's own configuration strings.

Every member's value is the exact string AWS's management API uses, so a member compares
equal to the string found in pasted configuration (``ContentHandling.CONVERT_TO_TEXT ==
"CONVERT_TO_TEXT"``).
"""

from __future__ import annotations

import enum

from apigw_core.errors import ConfigurationError

__all__ = [
    "ContentHandling",
    "GatewayResponseType",
    "IntegrationType",
    "PassthroughBehavior",
    "PayloadKind",
]


class PassthroughBehavior(enum.StrEnum):
    """``Integration.passthroughBehavior`` (VPB B.3)."""

    WHEN_NO_MATCH = "WHEN_NO_MATCH"
    WHEN_NO_TEMPLATES = "WHEN_NO_TEMPLATES"
    NEVER = "NEVER"

    @classmethod
    def parse(cls, value: object) -> PassthroughBehavior:
        """Read a configured value; unset means ``WHEN_NO_MATCH``.

        The OpenAPI spellings (``when_no_match`` ...) are accepted as well (VPB B.3, PT-1).
        """
        if value is None or value == "":
            # VPB B.3: put-integration without the option returns WHEN_NO_MATCH; PT-3.
            return cls.WHEN_NO_MATCH
        if isinstance(value, str):
            member = cls._value2member_map_.get(value) or cls._value2member_map_.get(value.upper())
            if member is not None:
                return member  # type: ignore[return-value]
        raise ConfigurationError(
            f"passthroughBehavior must be one of WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER; got {value!r}"
        )


class ContentHandling(enum.StrEnum):
    """``contentHandling`` of an Integration or IntegrationResponse (VPB C.3).

    Unset is represented by ``None``, never by a member.
    """

    CONVERT_TO_TEXT = "CONVERT_TO_TEXT"
    CONVERT_TO_BINARY = "CONVERT_TO_BINARY"

    @classmethod
    def parse(cls, value: object) -> ContentHandling | None:
        """Read a configured value; ``None`` or ``""`` means unset (passthrough)."""
        if value is None or value == "":
            return None
        if isinstance(value, str):
            member = cls._value2member_map_.get(value) or cls._value2member_map_.get(value.upper())
            if member is not None:
                return member  # type: ignore[return-value]
        raise ConfigurationError(
            f"contentHandling must be CONVERT_TO_TEXT, CONVERT_TO_BINARY or unset; got {value!r}"
        )


class IntegrationType(enum.StrEnum):
    """``Integration.type`` (VPB 0.5, PAR A.1)."""

    AWS = "AWS"
    AWS_PROXY = "AWS_PROXY"
    HTTP = "HTTP"
    HTTP_PROXY = "HTTP_PROXY"
    MOCK = "MOCK"

    @classmethod
    def parse(cls, value: object) -> IntegrationType:
        """Read a configured value; the OpenAPI lower-case spellings are accepted."""
        if isinstance(value, str):
            member = cls._value2member_map_.get(value) or cls._value2member_map_.get(value.upper())
            if member is not None:
                return member  # type: ignore[return-value]
        raise ConfigurationError(
            f"integration type must be one of AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK; got {value!r}"
        )

    @property
    def is_proxy(self) -> bool:
        """Whether the whole request is passed through (VPB B.1)."""
        return self in (IntegrationType.AWS_PROXY, IntegrationType.HTTP_PROXY)


class GatewayResponseType(enum.StrEnum):
    """The 21 gateway response types (VPB Table D-1, GR-1)."""

    ACCESS_DENIED = "ACCESS_DENIED"
    API_CONFIGURATION_ERROR = "API_CONFIGURATION_ERROR"
    AUTHORIZER_CONFIGURATION_ERROR = "AUTHORIZER_CONFIGURATION_ERROR"
    AUTHORIZER_FAILURE = "AUTHORIZER_FAILURE"
    BAD_REQUEST_PARAMETERS = "BAD_REQUEST_PARAMETERS"
    BAD_REQUEST_BODY = "BAD_REQUEST_BODY"
    DEFAULT_4XX = "DEFAULT_4XX"
    DEFAULT_5XX = "DEFAULT_5XX"
    EXPIRED_TOKEN = "EXPIRED_TOKEN"
    INTEGRATION_FAILURE = "INTEGRATION_FAILURE"
    INTEGRATION_TIMEOUT = "INTEGRATION_TIMEOUT"
    INVALID_API_KEY = "INVALID_API_KEY"
    INVALID_SIGNATURE = "INVALID_SIGNATURE"
    MISSING_AUTHENTICATION_TOKEN = "MISSING_AUTHENTICATION_TOKEN"
    QUOTA_EXCEEDED = "QUOTA_EXCEEDED"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND"
    THROTTLED = "THROTTLED"
    UNAUTHORIZED = "UNAUTHORIZED"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    WAF_FILTERED = "WAF_FILTERED"


class PayloadKind(enum.StrEnum):
    """How API Gateway classifies a payload or an ``Accept`` value (VPB C.1, BIN-1, BIN-6)."""

    TEXT = "TEXT"
    BINARY = "BINARY"
