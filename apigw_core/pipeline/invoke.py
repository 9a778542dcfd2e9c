"""``invoke_method``: one REST API method run from end to end, the composition of the
pipeline's steps (VPB 0.6, MT §1.1, PAR 0.5).

The integration is MOCK, or a backend the caller supplies as a function that receives the
integration request as a plain dict. The result is the response the client gets, with the
execution log the console's test invoke would print.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from apigw_core.errors import ConfigurationError, TemplateError
from apigw_core.mapping import (
    InvalidRequestError,
    OverrideError,
    prepare_request,
    render_parts,
)
from apigw_core.mapping.context import request_epoch
from apigw_core.pipeline import _json
from apigw_core.pipeline import request as _request
from apigw_core.pipeline._config_cache import ConfigPairCache
from apigw_core.pipeline._shapes import optional_map
from apigw_core.pipeline.configuration import check_configuration, check_maps
from apigw_core.pipeline.content import (
    MAX_PAYLOAD_BYTES,
    Conversion,
    _converted_body,
    classify_accept,
    classify_payload,
    decode_request_payload,
    request_conversion,
    response_conversion,
)
from apigw_core.pipeline.enums import GatewayResponseType, IntegrationType, PayloadKind
from apigw_core.pipeline.execution_log import (
    ExecutionLog,
    format_log_map,
    log_lines,
    mask_authorization,
)
from apigw_core.pipeline.gateway_responses import (
    GatewayError,
    gateway_error,
    missing_authentication_token,
    render_gateway_response,
)
from apigw_core.pipeline.integration_responses import (
    SelectedIntegrationResponse,
    find_method_response,
    is_lambda_custom_integration,
    select_integration_response,
    selection_key,
)
from apigw_core.pipeline.method_response import (
    apply_response_overrides,
    build_method_response,
    method_response_status,
)
from apigw_core.pipeline.parameters import (
    MAPPED_HEADERS_NEVER_SENT,
    IntegrationRequestParameters,
    MappingExpression,
    ParameterSource,
    _map_parsed,
    _map_response_parsed,
    apply_request_overrides,
    check_forbidden_header_mappings,
    check_forbidden_header_overrides,
    parse_response_parameters,
    parsed_request_parameters,
    render_integration_uri,
)
from apigw_core.pipeline.proxy import (
    build_http_proxy_request,
    build_lambda_proxy_event,
    convert_http_proxy_response,
    convert_lambda_proxy_result,
)
from apigw_core.pipeline.selection import (
    PassThrough,
    UseTemplate,
    parse_mock_status_code,
    select_request_template,
    select_response_template,
)
from apigw_core.pipeline.validation import (
    QuickCheck,
    _model_set,
    _quick_check,
    _request_error,
    _required_parameters,
    _select_model,
    _succeeded,
    request_validator,
)

__all__ = ["Backend", "FunctionError", "invoke_method"]

#: ``$context.requestId`` when the request has none (the value ``build_context`` uses).
DEFAULT_REQUEST_ID = "00000000-0000-0000-0000-000000000000"

#: The backend callable: it receives the integration request and returns the integration's
#: answer (see :func:`invoke_method`).
Backend = Callable[[dict[str, Any]], Any]


class FunctionError(Exception):
    """Raised by a backend standing for a Lambda function that failed (an unhandled error).

    Any other exception a Lambda backend raises is read the same way, with
    ``str(exception)`` as ``errorMessage`` and the class name as ``errorType``.
    """

    def __init__(
        self,
        error_message: str | None,
        error_type: str = "Exception",
        stack_trace: list[Any] | None = None,
    ) -> None:
        self.error_message = error_message
        self.error_type = error_type
        self.stack_trace = list(stack_trace or [])
        super().__init__(error_message)

    def payload(self, request_id: str | None) -> dict[str, Any]:
        """The error payload Lambda returns (VPB Example E-2, SEL-2)."""
        return {
            "errorMessage": self.error_message,
            "errorType": self.error_type,
            "requestId": request_id,
            "stackTrace": self.stack_trace,
        }


class _Failed(Exception):
    """A step returned a :class:`GatewayError`; unwinds to the gateway response."""

    def __init__(self, error: GatewayError) -> None:
        self.error = error
        super().__init__(error.message)


def _ok(value: Any) -> Any:
    if isinstance(value, GatewayError):
        raise _Failed(value)
    return value


def _raw_body(message: Mapping[str, Any]) -> bytes | str | None:
    """A request's or integration result's body as the content conversions take it: text
    stands for its UTF-8 bytes (what :func:`_request.body_bytes` would encode)."""
    body = message.get("body")
    if type(body) is str and not message.get("isBase64Encoded"):
        return body
    return _request.body_bytes(message)


def _text(body: bytes | str | None) -> str:
    if body is None:
        return ""
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else body


def _pairs_for_log(pairs: Iterable[tuple[str, list[str]]]) -> str:
    """Parsed query parameters as the log prints them: :func:`format_log_map` of their dict
    (the values are strings, as the request readers make them)."""
    return "{" + ", ".join([f"{name}={','.join(values)}" for name, values in pairs]) + "}"


def _query_for_log(request: Mapping[str, Any]) -> str:
    """The query string as the log prints it: :func:`_pairs_for_log` of the merged maps.
    The usual request's maps (none, or the same names with one same string each, as
    ``build_method_request`` makes them) are printed without merging them."""
    multi = request.get("multiValueQueryStringParameters")
    single = request.get("queryStringParameters")
    if not multi and not single:
        return "{}"
    if type(multi) is dict and type(single) is dict and multi.keys() == single.keys():
        parts = []  # a loop: a query string has few parameters
        for name, values in multi.items():
            if type(name) is not str or type(values) is not list or len(values) != 1:
                break
            value = values[0]
            if type(value) is not str or (single[name] is not value and single[name] != value):
                break
            parts.append(f"{name}={value}")
        else:
            return "{" + ", ".join(parts) + "}"
    return _pairs_for_log(_request.query_multi(request))


def _headers_for_log(headers: Iterable[tuple[str, list[str]]]) -> str:
    """Headers as the log prints them (PAR I.2): a Java map, ``Authorization`` masked. The
    values are strings (the request readers make them so)."""
    parts = [
        f"{name}={mask_authorization(','.join(values))}"
        if len(name) == 13 and name.lower() == "authorization"  # len: skip most lower()s
        else f"{name}={','.join(values)}"
        for name, values in headers
    ]
    return "{" + ", ".join(parts) + "}"


def _lambda_method_error(integration: Mapping[str, Any]) -> GatewayError | None:
    method = integration.get("httpMethod")
    if method is None or str(method).upper() == "POST":
        return None
    # VPB F.7: a Lambda integration's HTTP method must be POST; GR-6 (recorded): GET gives
    # 500 at call time, whatever INTEGRATION_FAILURE says.
    return gateway_error(
        GatewayResponseType.API_CONFIGURATION_ERROR,
        log=(
            "Execution failed due to configuration error: Lambda integrations must use "
            f"httpMethod POST; got {method}",
        ),
    )


def _backend_failure(error: Exception) -> GatewayError:
    if isinstance(error, TimeoutError):
        return gateway_error(
            GatewayResponseType.INTEGRATION_TIMEOUT,
            log=("Execution failed due to a timeout error",),
        )
    return gateway_error(
        GatewayResponseType.INTEGRATION_FAILURE,
        log=(f"Execution failed due to an integration error: {type(error).__name__}: {error}",),
    )


def _http_response(value: object) -> dict[str, Any]:
    """A backend's HTTP-like answer, normalised: ``statusCode`` (int), ``headers``,
    ``multiValueHeaders``, ``body`` (bytes, str or None). An HTTP endpoint always answers
    with an HTTP message, so an answer of another shape is the caller's mistake."""
    if not isinstance(value, Mapping):
        raise ConfigurationError(
            "the backend of an HTTP, HTTP_PROXY or AWS integration must return a dict "
            f"{{statusCode, headers, multiValueHeaders, body, isBase64Encoded}}; got {value!r}"
        )
    status = value.get("statusCode", 200)
    text = str(status).strip() if not isinstance(status, bool) else ""
    if not text.isdigit() or not 100 <= int(text) <= 599:
        raise ConfigurationError(f"backend statusCode must be an HTTP status; got {status!r}")
    for field in ("headers", "multiValueHeaders"):
        if value.get(field) is not None and not isinstance(value[field], Mapping):
            raise ConfigurationError(f"backend {field} must be a map or null; got {value[field]!r}")
    body = value.get("body")
    if isinstance(body, Mapping | list):
        try:
            body = json.dumps(body)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"backend body is not JSON: {exc}") from None
    elif body is not None and not isinstance(body, str | bytes):
        body = str(body)
    if value.get("isBase64Encoded") and isinstance(body, str):
        try:
            body = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ConfigurationError("backend body is isBase64Encoded but not base64") from exc
    return {
        "statusCode": int(text),
        "headers": dict(value.get("headers") or {}),
        "multiValueHeaders": dict(value.get("multiValueHeaders") or {}),
        "body": body,
        "integrationLatency": value.get("integrationLatency", 0),
    }


def _lambda_payload(result: object) -> bytes | str:
    """A Lambda function's result as the payload the Invoke API returns: ``bytes`` are the
    raw payload, anything else is JSON-encoded (a string result arrives quoted, SEL-2). A
    result that is not JSON fails the function, as Lambda's runtimes report it."""
    if isinstance(result, bytes | bytearray):
        return bytes(result)
    try:
        return json.dumps(result)
    except (TypeError, ValueError) as exc:
        raise FunctionError(f"Unable to marshal response: {exc}", "Runtime.MarshalError") from None


#: Mapping sources whose evaluation cannot fail: the request's path, query string and
#: headers (already read for the log) and static values.
_INFALLIBLE_SOURCES = frozenset(
    {
        ParameterSource.STATIC,
        ParameterSource.METHOD_REQUEST_PATH,
        ParameterSource.METHOD_REQUEST_QUERYSTRING,
        ParameterSource.METHOD_REQUEST_MULTIVALUEQUERYSTRING,
        ParameterSource.METHOD_REQUEST_HEADER,
        ParameterSource.METHOD_REQUEST_MULTIVALUEHEADER,
    }
)

#: Entries a plan memoises per table: bounded, as the keys come from clients' headers.
_PLAN_MEMO_SIZE = 64


#: (selection key, Accept, the integration response's Content-Type) -> the selected
#: response (its method response declared), its parsed responseParameters,
#: select_response_template's choice and the response conversion
_ResponseMemo = tuple[
    SelectedIntegrationResponse,
    list[tuple[str, MappingExpression]],
    UseTemplate | PassThrough,
    Conversion,
]


#: Content-Type -> the media type and model validation picks (select_request_model), the
#: quick test of a request and the line that logs its success
_ValidationMemo = tuple[str, str | None, QuickCheck, str]


class _Plan:
    """What ``invoke_method`` derives from one method and API, once: the configuration
    check passed, and the decisions that depend on the configuration and a header value
    only. One snapshot comparison per call (``_PLANS``) stands for the lookups each step
    function would make; the memos are used only while no backend has run, since a backend
    callable may edit the configuration."""

    __slots__ = (
        "body_models",
        "kind",
        "lambda_custom",
        "mappings",
        "models",
        "needs_context",
        "request_decisions",
        "request_models",
        "required",
        "responses",
        "validator",
    )

    def __init__(self, method: Mapping[str, Any], api: Mapping[str, Any]) -> None:
        check_configuration(method, api)
        integration = method["methodIntegration"]
        self.kind = IntegrationType.parse(integration.get("type"))
        self.lambda_custom = is_lambda_custom_integration(integration)
        # VPB A.3: a method without requestValidatorId is not validated; nor is one whose
        # validator checks nothing (then no log line either).
        flags = request_validator(method, api)
        self.validator = flags if method.get("requestValidatorId") not in (None, "") else None
        if self.validator is not None and not any(flags):
            self.validator = None
        self.request_models = method.get("requestModels")
        # Content-Type -> see body_model
        self.body_models: dict[str | None, _ValidationMemo] = {}
        self.required = _required_parameters(method.get("requestParameters"))
        self.models = _model_set(api)
        mapping = integration.get("requestParameters")
        parsed = parsed_request_parameters(mapping)
        # map_request_parameters before any mapping is evaluated: nothing to map (None),
        # HDR-1's refusal of a forbidden header, or the parsed mappings
        self.mappings: GatewayError | tuple[Any, ...] | None = (
            (check_forbidden_header_mappings(mapping, self.kind) or parsed) if parsed else None
        )
        # MOCK sends the mapped parameters nowhere; only a mapping that can fail (a body that
        # is not JSON, HDR-8) or is refused (HDR-1) needs evaluating.
        if (
            self.kind is IntegrationType.MOCK
            and not isinstance(self.mappings, GatewayError)
            and all(source.source in _INFALLIBLE_SOURCES for _, _, source in parsed)
        ):
            self.mappings = None
        # $context is built for parameter mapping only when a context.X source needs it.
        self.needs_context = any(
            source.source is ParameterSource.CONTEXT for _, _, source in parsed
        )
        # Content-Type -> select_request_template's decision, the payload's kind and the
        # request conversion
        self.request_decisions: dict[
            str | None, tuple[UseTemplate | PassThrough | GatewayError, PayloadKind, Conversion]
        ] = {}
        # see _ResponseMemo
        self.responses: dict[tuple[str | None, str | None, str | None], _ResponseMemo] = {}

    def request_memo(
        self, content_type: str | None, integration: Mapping[str, Any], api: Mapping[str, Any]
    ) -> tuple[UseTemplate | PassThrough | GatewayError, PayloadKind, Conversion]:
        """select_request_template's decision, the payload's kind and the request
        conversion for a request's ``Content-Type``."""
        memo = self.request_decisions.get(content_type)
        if memo is None:
            payload = classify_payload(content_type, api.get("binaryMediaTypes"))
            memo = (
                select_request_template(
                    content_type,
                    integration.get("requestTemplates"),
                    integration.get("passthroughBehavior"),
                ),
                payload,
                request_conversion(payload, integration.get("contentHandling")),
            )
            _memo(self.request_decisions, content_type, memo)
        return memo

    def body_model(self, header: str | None) -> _ValidationMemo:
        """The media type and model validation picks for a ``Content-Type`` value, the
        quick test of a request with it (``_quick_check``) and its success line."""
        selected = self.body_models.get(header)
        if selected is None:
            content_type, model = _select_model(header, self.request_models)
            assert self.validator is not None
            quick = _quick_check(self.validator, self.required, model, self.models)
            selected = (content_type, model, quick, _succeeded(content_type))
            _memo(self.body_models, header, selected)
        return selected

    def response_memo(
        self,
        result: Mapping[str, Any],
        key: str | None,
        accept: str | None,
        content_type: str | None,
        configuration: tuple[Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]],
        memoise: bool,
    ) -> _ResponseMemo:
        """The integration response selected for ``result`` (its method response declared:
        else :class:`_Failed`) and what the response side derives from it and ``Accept``;
        ``configuration`` is the method, its integration and the API."""
        memo_key = (key, accept, content_type) if memoise else None
        memo = self.responses.get(memo_key) if memo_key is not None else None
        if memo is None:
            method, integration, api = configuration
            selected = _ok(
                select_integration_response(integration, key, status_code=result["statusCode"])
            )
            _ok(find_method_response(method, selected.status_code))
            binary_media_types = api.get("binaryMediaTypes")
            payload = classify_payload(content_type, binary_media_types)
            accept_kind = classify_accept(accept, binary_media_types)
            memo = (
                selected,
                parse_response_parameters(selected.response.get("responseParameters")),
                select_response_template(selected.response.get("responseTemplates"), accept),
                response_conversion(payload, accept_kind, selected.response.get("contentHandling")),
            )
            if memo_key is not None:
                _memo(self.responses, memo_key, memo)
        return memo


_PLANS: ConfigPairCache[_Plan] = ConfigPairCache()

#: The API of a call given none: one object, so that its plans are found again (read only).
_NO_API: Mapping[str, Any] = {}


def _plan(method: Mapping[str, Any], api: Mapping[str, Any]) -> _Plan:
    return _PLANS.get(method, api, lambda: _Plan(method, api))


def _memo(table: dict[Any, Any], key: object, value: object) -> None:
    if len(table) < _PLAN_MEMO_SIZE:
        table[key] = value


def _stage_variables(
    request: Mapping[str, Any], stage_variables: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The stage variables of a call: the caller's, else the request's."""
    return dict(
        stage_variables if stage_variables is not None else request.get("stageVariables") or {}
    )


def _new_log(request: Mapping[str, Any]) -> ExecutionLog:
    return ExecutionLog(*_log_identity(request))


def _log_identity(request: Mapping[str, Any]) -> tuple[str, int]:
    """The request id and time an execution log of ``request`` shows."""
    given = request.get("requestContext") or {}
    request_id = given.get("requestId") or DEFAULT_REQUEST_ID
    epoch = given.get("requestTimeEpoch")
    # read as $context reads it: a whole number the log's date can show, else its error
    return (
        request_id if type(request_id) is str else str(request_id),
        request_epoch(epoch) if epoch else 0,
    )


def _start_messages(
    request: Mapping[str, Any],
    request_id: str,
    mirrored: Mapping[str, tuple[str, list[str]]] | None,
) -> tuple[str, ...]:
    """PAR I.2 messages 1 to 6 (MISC-2); ``mirrored`` is the request's
    :func:`_request.mirrored_headers`."""
    if mirrored is not None and "authorization" not in mirrored:
        # the usual request: one value per header and none to mask
        headers = "{" + ", ".join([f"{name}={values[0]}" for name, values in mirrored.values()])
        headers += "}"
    else:
        headers = _headers_for_log(_request.headers_multi(request))
    body = request.get("body")
    if type(body) is not str or not body.isascii() or request.get("isBase64Encoded"):
        body = _text(_request.body_bytes(request))
    # else the bytes' UTF-8 decoding, without the round trip
    return (
        f"Starting execution for request: {request_id}",
        f"HTTP Method: {request.get('httpMethod') or ''}, "
        f"Resource Path: {request.get('path') or ''}",
        f"Method request path: {format_log_map(request.get('pathParameters'))}",
        f"Method request query string: {_query_for_log(request)}",
        f"Method request headers: {headers}",
        "Method request body before transformations: " + body,
    )


def _finish_messages(response: Mapping[str, Any]) -> tuple[str, ...]:
    """PAR I.2 messages 15 to 18."""
    return (
        f"Method response body after transformations: {response['body']}",
        f"Method response headers: {format_log_map(response['multiValueHeaders'])}",
        "Successfully completed execution",
        f"Method completed with status: {response['statusCode']}",
    )


def _validation(
    plan: _Plan,
    request: Mapping[str, Any],
    api: Mapping[str, Any],
    header: str | None,
    index: Mapping[str, tuple[str, list[str]]],
) -> str | GatewayError:
    """The request validator's outcome (VAL-1 to VAL-7): its error, which carries its own
    log lines, or the line that logs its success (VPB A.6). ``header`` is the request's
    ``Content-Type``, ``index`` its :func:`_request.header_index`; the plan has a
    validator."""
    content_type, model, quick, succeeded = plan.body_model(header)
    if quick(request, index):
        return succeeded
    validator = plan.validator
    assert validator is not None
    error = _request_error(request, content_type, model, api, validator, plan.required, plan.models)
    return error if error is not None else succeeded


class _Invocation:
    """The state of one ``invoke_method`` call."""

    def __init__(
        self,
        request: Mapping[str, Any],
        method: Mapping[str, Any],
        api: Mapping[str, Any],
        backend: Backend | None,
        stage_variables: Mapping[str, Any] | None,
        plan: _Plan,
    ) -> None:
        # $context and $input.params() derived once for both templates; first, as it checks
        # the request's maps
        self.prepared = prepare_request(request, _request.mirrored_headers(request))
        self.request = request
        self.method = method
        self.api = api
        self.backend = backend
        self.stage_variables = _stage_variables(request, stage_variables)
        self.log = _new_log(request)
        integration = method.get("methodIntegration")
        if type(integration) is not dict and not isinstance(integration, Mapping):
            raise ConfigurationError("the method has no methodIntegration")
        self.integration: Mapping[str, Any] = integration
        self.plan = plan
        self.kind = plan.kind
        # the plan's memos hold until a backend runs
        self.trusted = True

    # --- helpers ----------------------------------------------------------------------

    @functools.cached_property
    def context(self) -> dict[str, Any]:
        """``$context`` for mapping sources and gateway responses, built on first use."""
        return self.prepared.context()

    def header(self, name: str) -> str | None:
        """The client's header ``name`` (the last value when repeated, HDR-8)."""
        return _request.header_value(self.request, name)

    def render(
        self, template: str, body: str, context: Mapping[str, Any] | None, side: str
    ) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
        """Render a request or response template (``side``) on the method request:
        ``(body, $context, requestOverride, responseOverride)``."""
        try:
            text, ctx, request_override, response_override, problems = render_parts(
                template, self.prepared, body, self.stage_variables, context
            )
            if problems:
                # VPB E.7: a parameter overridden twice, or a status that is no status
                # code, is refused with a 5XX once the template has run (MT §7.3).
                raise OverrideError(problems[0])
            return text, ctx, request_override, response_override
        except TemplateError as error:
            # ENG-3, ENG-5: template errors surface at invoke time as 500.
            raise _Failed(
                gateway_error(
                    GatewayResponseType.API_CONFIGURATION_ERROR,
                    log=(
                        "Execution failed due to configuration error: Unable to transform "
                        f"{side}: {error.message}",
                    ),
                )
            ) from None

    def call_backend(self, integration_request: dict[str, Any]) -> Any:
        if not callable(self.backend):
            raise ConfigurationError(
                f"a {self.kind} integration needs a backend callable; got {self.backend!r}"
            )
        # The backend may read or even change the request: it sees no pinned view, and the
        # steps after it parse the request afresh.
        token = _request.unpin_all()
        self.trusted = False
        try:
            return self.backend(integration_request)
        finally:
            _request.unpin(token)
            _request.pin(self.request)
            self.prepared = prepare_request(self.request, _request.mirrored_headers(self.request))

    def log_endpoint_request(self, uri: str, headers: Mapping[str, list[str]], body: str) -> None:
        # PAR I.2 messages 8 to 11. The logged header maps (PAR I.3) never show the
        # Content-Length the request is sent with (HDR-4): the transport adds it.
        logged = [item for item in headers.items() if item[0].lower() != "content-length"]
        self.log.add(f"Endpoint request URI: {uri}")
        self.log.add(f"Endpoint request headers: {_headers_for_log(logged)}")
        self.log.add(f"Endpoint request body after transformations: {body}")
        self.log.add(f"Sending request to {uri}")

    def log_endpoint_response(
        self, body: str, headers: Mapping[str, Any], latency: object = 0
    ) -> None:
        # PAR I.2 messages 12 to 14.
        self.log.add(f"Received response. Integration latency: {latency} ms")
        self.log.add(f"Endpoint response body before transformations: {body}")
        self.log.add(f"Endpoint response headers: {format_log_map(headers)}")

    def finish(self, response: dict[str, Any]) -> dict[str, Any]:
        self.log.extend(_finish_messages(response))
        response["log"] = self.log.lines()
        return response

    def fail(self, error: GatewayError) -> dict[str, Any]:
        self.log.extend(error.log)
        response = render_gateway_response(
            error,
            self.api,
            self.request,
            context=self.context,
            stage_variables=self.stage_variables,
        ).as_dict()
        self.log.add(f"Method completed with status: {response['statusCode']}")
        response["log"] = self.log.lines()
        return response

    # --- the pipeline -----------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        self.log.extend(
            _start_messages(
                self.request, self.log.request_id, _request.mirrored_headers(self.request)
            )
        )
        try:
            content_type = self.header("Content-Type")
            if self.plan.validator is not None:
                self.validate(content_type)
            if self.kind is IntegrationType.AWS_PROXY:
                return self.lambda_proxy()
            if self.kind is IntegrationType.HTTP_PROXY:
                return self.http_proxy()
            return self.non_proxy(content_type)
        except _Failed as failed:
            return self.fail(failed.error)

    def validate(self, header: str | None) -> None:
        """The request validator (VAL-1 to VAL-7), its outcome logged (VPB A.6); ``header``
        is the request's ``Content-Type``."""
        index = _request.header_index(self.request)
        self.log.add(_ok(_validation(self.plan, self.request, self.api, header, index)))

    def mapped_parameters(self) -> IntegrationRequestParameters:
        mappings = self.plan.mappings
        if mappings is None:
            return IntegrationRequestParameters()
        if isinstance(mappings, GatewayError):
            raise _Failed(mappings)
        context = self.context if self.plan.needs_context else None
        return _ok(_map_parsed(self.request, mappings, context, self.stage_variables))  # type: ignore[no-any-return]

    def lambda_proxy(self) -> dict[str, Any]:
        # HDR-7: mappings are ignored, but HDR-1's forbidden headers still fail.
        _ok(check_forbidden_header_mappings(self.integration.get("requestParameters"), self.kind))
        _ok(_lambda_method_error(self.integration))
        uri = _ok(render_integration_uri(self.integration.get("uri"), {}, self.stage_variables))
        event = build_lambda_proxy_event(
            self.request, self.api, stage_variables=self.stage_variables or None
        )
        body = json.dumps(event)
        integration_request: dict[str, Any] = {
            "type": self.kind.value,
            "httpMethod": "POST",
            "uri": uri,
            "headers": {},
            "multiValueHeaders": {},
            "queryStringParameters": None,
            "multiValueQueryStringParameters": None,
            "body": body,
            "isBase64Encoded": False,
            "event": event,
        }
        self.log_endpoint_request(uri, {}, body)
        function_error = False
        try:
            result = self.call_backend(integration_request)
            payload = _lambda_payload(result)
        except ConfigurationError:
            raise
        except Exception as error:
            failure = error if isinstance(error, FunctionError) else _function_error(error)
            result, function_error = failure.payload(self.log.request_id), True
            payload = _error_payload(failure, self.log.request_id)
        self.log_endpoint_response(_text(payload), {})
        converted = _ok(
            convert_lambda_proxy_result(
                result, self.request, self.api, function_error=function_error
            )
        )
        return self.finish(converted.as_dict())

    def http_proxy(self) -> dict[str, Any]:
        mapped = self.mapped_parameters()
        uri = _ok(
            render_integration_uri(self.integration.get("uri"), mapped.path, self.stage_variables)
        )
        proxied = build_http_proxy_request(
            self.request,
            self.integration,
            self.api,
            uri=uri,
            mapped_headers={name: ",".join(values) for name, values in mapped.headers.items()},
            mapped_query={name: list(values) for name, values in mapped.querystring.items()},
            trace_id=self.header("X-Amzn-Trace-Id"),
        )
        query = proxied["multiValueQueryStringParameters"]
        integration_request = {
            "type": self.kind.value,
            **proxied,
            "queryStringParameters": {k: v[-1] for k, v in query.items()} if query else None,
        }
        self.log_endpoint_request(
            proxied["uri"], proxied["multiValueHeaders"], _text(proxied["body"])
        )
        try:
            answer = self.call_backend(integration_request)
        except ConfigurationError:
            raise
        except Exception as error:
            raise _Failed(_backend_failure(error)) from None
        response = _http_response(answer)
        self.log_endpoint_response(
            _text(response["body"]),
            {**response["headers"], **response["multiValueHeaders"]},
            response["integrationLatency"],
        )
        return self.finish(convert_http_proxy_response(response, self.api).as_dict())

    def non_proxy(self, content_type: str | None) -> dict[str, Any]:
        request, integration, api = self.request, self.integration, self.api
        mapped = self.mapped_parameters()
        memo = self.plan.request_memo(content_type, integration, api)
        decision = _ok(memo[0])
        templated = isinstance(decision, UseTemplate)
        # convert_request_body with the memoised classification
        body: str | bytes = _ok(_converted_body(_raw_body(request), memo[2], templated, "request"))
        carried: dict[str, Any] | None = None
        request_override: Mapping[str, Any] | None = None
        if isinstance(decision, UseTemplate):
            body, context, request_override, response_override = self.render(
                decision.template, _text(body), None, "request"
            )
            # HDR-1's forbidden headers set through requestOverride fail too (LocalStack).
            _ok(check_forbidden_header_overrides(request_override, self.kind))
            # The render built $context from the same request: reuse it for mapping sources.
            self.__dict__.setdefault("context", context)
            carried = {"requestOverride": request_override, "responseOverride": response_override}
        function_error = False
        if self.kind is IntegrationType.MOCK:
            # VPB E.8, PT-6: the status comes from the rendered request body; no backend,
            # no endpoint lines in the log (MISC-2), and an empty integration response body.
            # The mapped parameters go nowhere (their errors were raised above).
            status = parse_mock_status_code(body if templated else None)
            result: dict[str, Any] = {"statusCode": status, "headers": {}, "body": ""}
            key: str | None = str(status)  # selection_key of a MOCK integration
        else:
            parameters = apply_request_overrides(mapped, request_override)
            lambda_custom = is_lambda_custom_integration(integration)
            if lambda_custom:
                _ok(_lambda_method_error(integration))
            integration_request = self.integration_request(
                parameters, body, decision.content_type if templated else content_type
            )
            if lambda_custom:
                integration_request["event"] = _event(body)
            self.log_endpoint_request(
                integration_request["uri"],
                integration_request["multiValueHeaders"],
                _text(body),
            )
            result, function_error = self.call_non_proxy(integration_request, lambda_custom)
            self.log_endpoint_response(
                _text(result["body"]),
                {**result["headers"], **result["multiValueHeaders"]},
                result.get("integrationLatency", 0),
            )
            error_message = None
            if function_error:
                error_message = json.loads(result["body"]).get("errorMessage")
            key = selection_key(
                integration,
                result["statusCode"],
                error_message=error_message,
                function_error=function_error,
            )
        return self.integration_response(result, key, carried, function_error)

    def integration_request(
        self,
        parameters: IntegrationRequestParameters,
        body: str | bytes,
        content_type: str | None,
    ) -> dict[str, Any]:
        """The request sent to an HTTP or AWS backend (HDR-4, HDR-5)."""
        request, integration = self.request, self.integration
        uri = _ok(
            render_integration_uri(integration.get("uri"), parameters.path, self.stage_variables)
        )
        query = {name: list(values) for name, values in parameters.querystring.items()}
        if query:
            encoded = urllib.parse.urlencode([(k, v) for k, vs in query.items() for v in vs])
            uri = f"{uri}&{encoded}" if "?" in uri else f"{uri}?{encoded}"
        method = str(integration.get("httpMethod") or "POST").upper()
        if method == "ANY":
            method = str(request.get("httpMethod") or "GET").upper()
        headers: dict[str, list[str]] = {}
        for name, values in parameters.headers.items():
            # HDR-5: some mapped headers never arrive (a mapping or override of
            # Content-Length is HDR-1's 500 before this)
            if name.lower() not in MAPPED_HEADERS_NEVER_SENT:
                headers[name] = list(values)

        def default(name: str, value: str | None) -> None:
            if value is not None and not any(h.lower() == name.lower() for h in headers):
                headers[name] = [value]

        # HDR-4: no unmapped client header is forwarded; API Gateway adds its own.
        api_id = self.api.get("id") or self.context.get("apiId")
        default("x-amzn-apigateway-api-id", str(api_id) if api_id else None)
        default("Accept", "application/json")  # HDR-4, HDR-5, VPB F.2
        # HDR-4 (HTTP), Example F-1 (Lambda): User-Agent AmazonAPIGateway_<api id>.
        default("User-Agent", f"AmazonAPIGateway_{api_id}" if api_id else None)
        if self.kind is IntegrationType.HTTP:
            default("Host", urllib.parse.urlsplit(uri).netloc or None)
        raw = body.encode("utf-8") if isinstance(body, str) else body
        if raw:
            default("Content-Type", content_type or "application/json")
        headers["Content-Length"] = [str(len(raw))]  # HDR-4: the body API Gateway sends
        default("X-Amzn-Trace-Id", self.header("X-Amzn-Trace-Id"))
        return {
            "type": self.kind.value,
            "httpMethod": method,
            "uri": uri,
            "headers": {name: ",".join(values) for name, values in headers.items()},
            "multiValueHeaders": headers,
            "queryStringParameters": {k: v[-1] for k, v in query.items()} or None,
            "multiValueQueryStringParameters": query or None,
            "body": body,
            "isBase64Encoded": False,
        }

    def call_non_proxy(
        self, integration_request: dict[str, Any], lambda_custom: bool
    ) -> tuple[dict[str, Any], bool]:
        try:
            answer = self.call_backend(integration_request)
            payload = _lambda_payload(answer) if lambda_custom else b""
        except ConfigurationError:
            raise
        except Exception as error:
            if not lambda_custom:
                raise _Failed(_backend_failure(error)) from None
            failure = error if isinstance(error, FunctionError) else _function_error(error)
            # VPB E.2: a Lambda custom integration's result is a 200 integration response,
            # a failed function's error payload included (SEL-2).
            return {
                "statusCode": 200,
                "headers": {"Content-Type": "application/json"},
                "multiValueHeaders": {},
                "body": _error_payload(failure, self.log.request_id),
            }, True
        if lambda_custom:
            return {
                "statusCode": 200,
                "headers": {"Content-Type": "application/json"},
                "multiValueHeaders": {},
                "body": payload,
            }, False
        return _http_response(answer), False

    def integration_response(
        self,
        result: Mapping[str, Any],
        key: str | None,
        carried: Mapping[str, Any] | None,
        function_error: bool,
    ) -> dict[str, Any]:
        """Steps 5 and 8: selection, response parameters, template, overrides."""
        integration = self.integration
        accept = self.header("Accept")
        content_type = (
            _request.header_value(result, "Content-Type")
            if result.get("headers") or result.get("multiValueHeaders")
            else None  # a MOCK integration's answer
        )
        # a Lambda error message is no bounded key: not memoised
        memo = self.plan.response_memo(
            result,
            key,
            accept,
            content_type,
            (self.method, integration, self.api),
            self.trusted and key is not None and not self.plan.lambda_custom,
        )
        selected, mappings, choice, conversion = memo
        # map_response_parameters with the memoised parsing
        headers = _map_response_parsed(
            mappings, result, self.context, self.stage_variables, function_error
        )
        templated = isinstance(choice, UseTemplate)
        # convert_response_body with the memoised classification
        body: str | bytes = _ok(
            _converted_body(_raw_body(result), conversion, templated, "response")
        )
        response_override: Mapping[str, Any] | None = (carried or {}).get("responseOverride")
        if isinstance(choice, UseTemplate):
            body, _, _, response_override = self.render(
                choice.template, _text(body), carried, "response"
            )
        status = _ok(method_response_status(selected.status_code, response_override))
        if response_override and response_override.get("header"):
            headers = apply_response_overrides(headers, response_override)
        # else the mapped headers as they are: build_method_response copies them
        return self.finish(build_method_response(status, headers, body))


def _mock(
    request: Mapping[str, Any],
    method: Mapping[str, Any],
    api: Mapping[str, Any],
    stage_variables: Mapping[str, Any] | None,
    plan: _Plan,
) -> dict[str, Any] | None:
    """:meth:`_Invocation.run` for a MOCK integration whose every step succeeds, in one
    function: the same steps in the same order, without the invocation's state. ``None``,
    with nothing shown, where a step fails (a gateway or template error): the general path
    then does it all again and reports the failure."""
    integration = method.get("methodIntegration")
    if type(integration) is not dict:
        return None
    # header_value's lookups, the index read once
    client_headers, mirrored = _request.pinned_headers(request)
    prepared = prepare_request(request, mirrored)  # next: it checks the request's maps
    variables = _stage_variables(request, stage_variables)
    # the log's messages, made into lines at the end (ExecutionLog's, in one pass)
    request_id, epoch = _log_identity(request)
    messages = [*_start_messages(request, request_id, mirrored)]
    entry = client_headers.get("content-type")
    header = entry[1][-1] if entry is not None and entry[1] else None
    if plan.validator is not None:
        outcome = _validation(plan, request, api, header, client_headers)
        if type(outcome) is not str:
            return None
        messages.append(outcome)
    decision, _, conversion = plan.request_memo(header, integration, api)
    if isinstance(decision, GatewayError):
        return None
    templated = isinstance(decision, UseTemplate)
    converted = _converted_body(_raw_body(request), conversion, templated, "request")
    if isinstance(converted, GatewayError):
        return None
    body: str | bytes = converted
    carried: dict[str, Any] | None = None
    response_override: Mapping[str, Any] | None = None
    context: dict[str, Any] | None = None
    try:
        if isinstance(decision, UseTemplate):
            body, context, request_override, response_override, problems = render_parts(
                decision.template, prepared, _text(body), variables, None
            )
            if problems or (
                request_override
                and request_override.get("header")
                and check_forbidden_header_overrides(request_override, IntegrationType.MOCK)
            ):
                return None
            carried = {"requestOverride": request_override, "responseOverride": response_override}
        status = parse_mock_status_code(body if templated else None)
        result = {"statusCode": status, "headers": {}, "body": ""}
        entry = client_headers.get("accept")
        accept = entry[1][-1] if entry is not None and entry[1] else None
        key = str(status)
        selected, mappings, choice, conversion = plan.responses.get(
            (key, accept, None)
        ) or plan.response_memo(result, key, accept, None, (method, integration, api), True)
        if context is None:
            context = prepared.context()  # read when the general path reads it
        headers = _map_response_parsed(mappings, result, context, variables, False)
        converted = _converted_body("", conversion, isinstance(choice, UseTemplate), "response")
        if isinstance(converted, GatewayError):
            return None
        body = converted
        if isinstance(choice, UseTemplate):
            body, _, _, response_override, problems = render_parts(
                choice.template, prepared, _text(body), variables, carried
            )
            if problems:
                return None
    except (_Failed, TemplateError):
        return None
    final = (
        selected.status_code  # no status override: method_response_status without a call
        if not response_override or response_override.get("status") is None
        else method_response_status(selected.status_code, response_override)
    )
    if type(final) is not int:
        return None
    if response_override and response_override.get("header"):
        headers = apply_response_overrides(headers, response_override)
    response = build_method_response(final, headers, body)
    messages.extend(_finish_messages(response))
    response["log"] = log_lines(request_id, epoch, messages)
    return response


def _error_payload(failure: FunctionError, request_id: str) -> str:
    """A failed function's error payload as JSON; values a caller gave of no JSON type (a
    bytes ``error_message``) as their text, since Lambda reports errors as text."""
    return json.dumps(failure.payload(request_id), default=str)


def _function_error(error: Exception) -> FunctionError:
    return FunctionError(str(error), type(error).__name__, [])


def _event(body: str | bytes) -> Any:
    """The event a Lambda custom integration's function receives: the integration request
    body parsed as JSON, or the text itself when it is not JSON."""
    text = _text(body)
    try:
        return _json.loads(text)
    except ValueError:
        return text


def _unlogged(
    error: GatewayError,
    api: Mapping[str, Any],
    request: Mapping[str, Any],
    stage_variables: Mapping[str, Any] | None,
) -> dict[str, Any]:
    response = render_gateway_response(
        error, api, request, stage_variables=stage_variables
    ).as_dict()
    response["log"] = []
    return response


def _plain_payload(request: Mapping[str, Any]) -> bool:
    """Whether :func:`decode_request_payload` would return the request's payload as it is
    without encoding it: an ASCII text body (its length is its size in bytes) within the
    limit, empty or without ``Content-Encoding``."""
    body = request.get("body")
    return (
        type(body) is str
        and body.isascii()
        and not request.get("isBase64Encoded")
        and len(body) <= MAX_PAYLOAD_BYTES
        and (not body or _request.header_value(request, "Content-Encoding") is None)
    )


def _other_method(declared: object, request: Mapping[str, Any]) -> bool:
    """Whether a method declared with ``httpMethod`` ``declared`` is not the request's
    (``ANY`` is every method, a request without one is any method's)."""
    wanted = str(request.get("httpMethod") or "").upper()
    declared = str(declared or "ANY").upper()
    return bool(declared != "ANY" and wanted and declared != wanted)


def _check_arguments(method: object, api: object, stage_variables: object) -> None:
    """:class:`ConfigurationError` unless ``method`` and ``api`` are maps or ``None`` and
    ``stage_variables`` a map or ``None``."""
    check_maps(_NO_API if method is None else method, _NO_API if api is None else api)
    optional_map(stage_variables, "stage_variables")


def invoke_method(
    request: Mapping[str, Any],
    method: Mapping[str, Any] | None,
    api: Mapping[str, Any] | None,
    backend: Backend | None = None,
    stage_variables: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Run one REST API method from end to end; returns the client's response and the log.

    * ``request``: the method request in the Lambda proxy event 1.0 shape
      (:func:`apigw_core.pipeline.build_method_request` builds it); its ``requestContext``
      supplies ``requestId``, ``requestTimeEpoch`` and the other ``$context`` values.
    * ``method``: a GetMethod response, ``methodIntegration`` included. ``None``, or an
      ``httpMethod`` other than the request's (and not ``ANY``), is 403 Missing
      Authentication Token (GR-5).
    * ``api``: a GetRestApi response plus ``models``, ``requestValidators`` and
      ``gatewayResponses``.
    * ``backend``: the integration, as a function of the integration request dict
      (``type``, ``httpMethod``, ``uri``, ``headers``, ``multiValueHeaders``,
      ``queryStringParameters``, ``multiValueQueryStringParameters``, ``body`` as ``str`` or
      ``bytes``, ``isBase64Encoded``; plus ``event`` for Lambda integrations). It returns:
      for ``AWS_PROXY`` the function's result; for a Lambda custom integration (``AWS``
      with a Lambda URI) the function's result, any JSON value; for ``HTTP``,
      ``HTTP_PROXY`` and other ``AWS`` integrations ``{"statusCode", "headers",
      "multiValueHeaders", "body", "isBase64Encoded"}``. A Lambda backend signals a failed
      function by raising (:class:`FunctionError` or any exception); an HTTP backend that
      raises ``TimeoutError`` gives 504 ``INTEGRATION_TIMEOUT``, any other exception 504
      ``INTEGRATION_FAILURE``. MOCK needs no backend.
    * ``stage_variables``: the stage's variables (default: the request's).

    Returns ``{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded",
    "log"}``; a binary body is base64 with ``isBase64Encoded`` true. Gateway outcomes (400,
    403, 415, 500, 502, 504 ...) are responses; configuration mistakes raise
    :class:`apigw_core.ConfigurationError`.
    """
    if type(request) is not dict and not isinstance(request, Mapping):
        raise InvalidRequestError(
            "the request must be a dict in the Lambda proxy event 1.0 shape, not "
            + type(request).__name__
        )
    # The request's maps are checked where they are first read: by the header readers
    # (pin) and by prepare_request, which each path calls before reading the others.
    if type(method) is not dict or type(api) is not dict or stage_variables is not None:
        _check_arguments(method, api, stage_variables)
    api = api or _NO_API
    token = _request.pin(request)  # every step reads the same parsed headers and query
    try:
        if not _plain_payload(request):
            raw = _request.body_bytes(request)
            decoded = decode_request_payload(
                raw,
                _request.header_value(request, "Content-Encoding") if raw else None,
                minimum_compression_size=api.get("minimumCompressionSize"),
            )
            if isinstance(decoded, GatewayError):
                # VPB F.9: size and content coding are checked before the API and stage
                # are identified; such errors are not logged.
                return _unlogged(decoded, api, request, stage_variables)
            if decoded is not raw:
                request = {**request, "body": decoded, "isBase64Encoded": False}
                _request.pin(request)  # undone with the outer token
        declared = None if method is None else method.get("httpMethod")
        if method is None or (
            # the request's own method, the same text, needs no upper-casing
            (type(declared) is not str or declared != request.get("httpMethod"))
            and _other_method(declared, request)
        ):
            # GR-5, VPB F.6: an undefined method is 403 Missing Authentication Token;
            # routing fails before execution starts, so there is no execution log.
            return _unlogged(missing_authentication_token(), api, request, stage_variables)
        # Issue 4: a wrong configuration is reported whatever path this request would take.
        plan = _PLANS.find(method, api) or _plan(method, api)
        if plan.kind is IntegrationType.MOCK and plan.mappings is None:
            response = _mock(request, method, api, stage_variables, plan)
            if response is not None:
                return response
        return _Invocation(request, method, api, backend, stage_variables, plan).run()
    finally:
        _request.unpin(token)
