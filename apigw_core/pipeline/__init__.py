"""The REST method pipeline as pure functions (issue 4).

Each step takes plain dicts in the shapes of API Gateway's management API (GetRestApi,
GetMethod, GetGatewayResponse ...) and the method request in Lambda proxy event 1.0 shape,
and returns small frozen dataclasses. Gateway outcomes (400, 403, 415, 500, 502 ...) are
returned as :class:`GatewayError` values, never raised; configuration mistakes raise
:class:`apigw_core.ConfigurationError`.

Steps (see docs/pipeline-*.md):

* request validation: :func:`validate_request`;
* template selection and passthrough: :func:`select_request_template`,
  :func:`select_response_template`, :func:`parse_mock_status_code`;
* content handling: :func:`convert_request_body`, :func:`convert_response_body`;
* proxies: :func:`build_lambda_proxy_event`, :func:`convert_lambda_proxy_result`,
  :func:`build_http_proxy_request`, :func:`convert_http_proxy_response`;
* gateway responses: :func:`render_gateway_response`.
"""

from apigw_core.pipeline.content import (
    GUIDE_REQUEST_TABLE,
    GUIDE_RESPONSE_TABLE,
    REQUEST_CONVERSIONS,
    RESPONSE_CONVERSIONS,
    Conversion,
    ConvertedPayload,
    apply_conversion,
    classify_accept,
    classify_payload,
    convert_request_body,
    convert_response_body,
    decode_base64,
)
from apigw_core.pipeline.enums import (
    ContentHandling,
    GatewayResponseType,
    IntegrationType,
    PassthroughBehavior,
    PayloadKind,
)
from apigw_core.pipeline.gateway_responses import (
    BUILTIN_TEMPLATE,
    GATEWAY_RESPONSE_TYPES,
    GatewayError,
    GatewayResponse,
    gateway_error,
    get_gateway_responses,
    missing_authentication_token,
    put_gateway_response,
    render_gateway_response,
    resolve_gateway_response,
    substitute_variables,
)
from apigw_core.pipeline.media import (
    first_accept_media_type,
    matches_binary_media_types,
    media_type,
)
from apigw_core.pipeline.proxy import (
    ProxyResponse,
    build_http_proxy_request,
    build_lambda_proxy_event,
    convert_http_proxy_response,
    convert_lambda_proxy_result,
    format_request_time,
)
from apigw_core.pipeline.request import (
    body_bytes,
    build_method_request,
    header_value,
    header_values,
    match_resource,
    parse_query_string,
    query_values,
    split_stage_path,
)
from apigw_core.pipeline.selection import (
    PASSTHROUGH_TABLE,
    PassThrough,
    UseTemplate,
    parse_mock_status_code,
    select_request_template,
    select_response_template,
)
from apigw_core.pipeline.validation import (
    ValidationResult,
    find_missing_parameters,
    load_models,
    model_url,
    schema_errors,
    select_request_model,
    validate_request,
    validate_request_body,
    validate_request_parameters,
)

__all__ = [
    "BUILTIN_TEMPLATE",
    "GATEWAY_RESPONSE_TYPES",
    "GUIDE_REQUEST_TABLE",
    "GUIDE_RESPONSE_TABLE",
    "PASSTHROUGH_TABLE",
    "REQUEST_CONVERSIONS",
    "RESPONSE_CONVERSIONS",
    "ContentHandling",
    "Conversion",
    "ConvertedPayload",
    "GatewayError",
    "GatewayResponse",
    "GatewayResponseType",
    "IntegrationType",
    "PassThrough",
    "PassthroughBehavior",
    "PayloadKind",
    "ProxyResponse",
    "UseTemplate",
    "ValidationResult",
    "apply_conversion",
    "body_bytes",
    "build_http_proxy_request",
    "build_lambda_proxy_event",
    "build_method_request",
    "classify_accept",
    "classify_payload",
    "convert_http_proxy_response",
    "convert_lambda_proxy_result",
    "convert_request_body",
    "convert_response_body",
    "decode_base64",
    "find_missing_parameters",
    "first_accept_media_type",
    "format_request_time",
    "gateway_error",
    "get_gateway_responses",
    "header_value",
    "header_values",
    "load_models",
    "match_resource",
    "matches_binary_media_types",
    "media_type",
    "missing_authentication_token",
    "model_url",
    "parse_mock_status_code",
    "parse_query_string",
    "put_gateway_response",
    "query_values",
    "render_gateway_response",
    "resolve_gateway_response",
    "schema_errors",
    "select_request_model",
    "select_request_template",
    "select_response_template",
    "split_stage_path",
    "substitute_variables",
    "validate_request",
    "validate_request_body",
    "validate_request_parameters",
]
