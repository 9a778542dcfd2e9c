"""The REST method pipeline as pure functions (issue 4).

Each step takes plain dicts in the shapes of API Gateway's management API (GetRestApi,
GetMethod, GetGatewayResponse ...) and the method request in Lambda proxy event 1.0 shape,
and returns small frozen dataclasses. Gateway outcomes (400, 403, 415, 500, 502 ...) are
returned as :class:`GatewayError` values, never raised; configuration mistakes raise
:class:`apigw_core.ConfigurationError`.

Steps (see docs/pipeline-*.md):

* the configuration check made before a method runs: :func:`check_configuration`;
* request validation: :func:`validate_request`;
* template selection and passthrough: :func:`select_request_template`,
  :func:`select_response_template`, :func:`parse_mock_status_code`;
* content handling: :func:`decode_request_payload`, :func:`convert_request_body`,
  :func:`convert_response_body`;
* proxies: :func:`build_lambda_proxy_event`, :func:`convert_lambda_proxy_result`,
  :func:`build_http_proxy_request`, :func:`convert_http_proxy_response`;
* gateway responses: :func:`render_gateway_response`;
* parameter mapping: :func:`map_request_parameters`, :func:`apply_request_overrides`,
  :func:`render_integration_uri`, :func:`map_response_parameters`;
* integration responses: :func:`select_integration_response`, :func:`selection_key`,
  :func:`find_method_response`;
* method response: :func:`method_response_status`, :func:`apply_response_overrides`,
  :func:`build_method_response`;
* execution log: :class:`ExecutionLog`;
* the whole method: :func:`invoke_method`.
"""

from apigw_core.pipeline.configuration import check_configuration
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
    decode_request_payload,
)
from apigw_core.pipeline.enums import (
    ContentHandling,
    GatewayResponseType,
    IntegrationType,
    PassthroughBehavior,
    PayloadKind,
)
from apigw_core.pipeline.execution_log import (
    ExecutionLog,
    format_log_map,
    format_log_time,
    mask_authorization,
    truncate_log_message,
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
from apigw_core.pipeline.integration_responses import (
    SelectedIntegrationResponse,
    compile_selection_pattern,
    find_method_response,
    integration_responses,
    is_lambda_custom_integration,
    select_integration_response,
    selection_key,
)
from apigw_core.pipeline.invoke import Backend, FunctionError, invoke_method
from apigw_core.pipeline.media import (
    first_accept_media_type,
    matches_binary_media_types,
    media_type,
)
from apigw_core.pipeline.method_response import (
    METHOD_RESPONSE_HEADERS,
    apply_response_overrides,
    build_method_response,
    method_response_status,
    remap_method_response_headers,
)
from apigw_core.pipeline.parameters import (
    FORBIDDEN_REQUEST_HEADER_MAPPINGS,
    IntegrationRequestParameters,
    MappingExpression,
    ParameterLocation,
    ParameterSource,
    apply_request_overrides,
    check_forbidden_header_mappings,
    check_forbidden_header_overrides,
    map_request_parameters,
    map_response_parameters,
    parse_mapping_expression,
    parse_request_parameters,
    parse_response_parameters,
    render_integration_uri,
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
    "FORBIDDEN_REQUEST_HEADER_MAPPINGS",
    "GATEWAY_RESPONSE_TYPES",
    "GUIDE_REQUEST_TABLE",
    "GUIDE_RESPONSE_TABLE",
    "METHOD_RESPONSE_HEADERS",
    "PASSTHROUGH_TABLE",
    "REQUEST_CONVERSIONS",
    "RESPONSE_CONVERSIONS",
    "Backend",
    "ContentHandling",
    "Conversion",
    "ConvertedPayload",
    "ExecutionLog",
    "FunctionError",
    "GatewayError",
    "GatewayResponse",
    "GatewayResponseType",
    "IntegrationRequestParameters",
    "IntegrationType",
    "MappingExpression",
    "ParameterLocation",
    "ParameterSource",
    "PassThrough",
    "PassthroughBehavior",
    "PayloadKind",
    "ProxyResponse",
    "SelectedIntegrationResponse",
    "UseTemplate",
    "ValidationResult",
    "apply_conversion",
    "apply_request_overrides",
    "apply_response_overrides",
    "body_bytes",
    "build_http_proxy_request",
    "build_lambda_proxy_event",
    "build_method_request",
    "build_method_response",
    "check_configuration",
    "check_forbidden_header_mappings",
    "check_forbidden_header_overrides",
    "classify_accept",
    "classify_payload",
    "compile_selection_pattern",
    "convert_http_proxy_response",
    "convert_lambda_proxy_result",
    "convert_request_body",
    "convert_response_body",
    "decode_base64",
    "decode_request_payload",
    "find_method_response",
    "find_missing_parameters",
    "first_accept_media_type",
    "format_log_map",
    "format_log_time",
    "format_request_time",
    "gateway_error",
    "get_gateway_responses",
    "header_value",
    "header_values",
    "integration_responses",
    "invoke_method",
    "is_lambda_custom_integration",
    "load_models",
    "map_request_parameters",
    "map_response_parameters",
    "mask_authorization",
    "match_resource",
    "matches_binary_media_types",
    "media_type",
    "method_response_status",
    "missing_authentication_token",
    "model_url",
    "parse_mapping_expression",
    "parse_mock_status_code",
    "parse_query_string",
    "parse_request_parameters",
    "parse_response_parameters",
    "put_gateway_response",
    "query_values",
    "remap_method_response_headers",
    "render_gateway_response",
    "render_integration_uri",
    "resolve_gateway_response",
    "schema_errors",
    "select_integration_response",
    "select_request_model",
    "select_request_template",
    "select_response_template",
    "selection_key",
    "split_stage_path",
    "substitute_variables",
    "truncate_log_message",
    "validate_request",
    "validate_request_body",
    "validate_request_parameters",
]
