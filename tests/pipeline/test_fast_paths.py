"""The shortcuts ``invoke_method`` takes on its common path give what the general code
gives: text bodies converted without a bytes round trip, log maps formatted directly, MOCK
mappings left unevaluated, the validator run from the plan, renders without a
``MappingResult`` and carried overrides copied as they are carried."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apigw_core.mapping import (
    build_context,
    prepare_request,
    render_mapping_template,
    render_parts,
)
from apigw_core.pipeline import (
    ExecutionLog,
    _json,
    build_method_request,
    format_log_map,
    invoke_method,
    parse_mock_status_code,
)
from apigw_core.pipeline import request as _request
from apigw_core.pipeline.content import (
    MAX_PAYLOAD_BYTES,
    Conversion,
    _configuration_error,
    _converted_body,
    apply_conversion,
    decode_request_payload,
)
from apigw_core.pipeline.execution_log import log_lines
from apigw_core.pipeline.invoke import (
    _headers_for_log,
    _Invocation,
    _mock,
    _other_method,
    _pairs_for_log,
    _plain_payload,
    _plan,
    _query_for_log,
    _raw_body,
    _start_messages,
)
from apigw_core.pipeline.method_response import (
    build_method_response,
    remap_method_response_headers,
)
from apigw_core.pipeline.parameters import (
    _lookup,
    _map_response_parsed,
    _scalar_variable,
    parse_response_parameters,
)
from apigw_core.pipeline.validation import (
    _JSON,
    _ModelSet,
    _quick_check,
    _request_error,
    _required_parameters,
)

TEXT = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\udcff\udc80é{}"))


def _general(body: bytes | str | None, conversion: Conversion, templated: bool) -> object:
    """What the conversion gave before the shortcut (``_convert_request``'s body)."""
    result = apply_conversion(conversion, body)
    if result is None:
        return _configuration_error("Unable to transform request: body is not base64")
    if isinstance(result, bytes) and templated:
        return _configuration_error("Unable to transform request: a template cannot read binary")
    return result


@given(
    body=st.none() | TEXT | st.binary(max_size=40),
    conversion=st.sampled_from(Conversion),
    templated=st.booleans(),
)
def test_converted_body_is_the_conversion_of_the_bytes(
    body: bytes | str | None, conversion: Conversion, templated: bool
) -> None:
    assert _converted_body(body, conversion, templated, "request") == _general(
        body, conversion, templated
    )


@given(body=st.none() | TEXT | st.binary(max_size=40), base64_encoded=st.booleans())
def test_raw_body_converts_as_the_request_bytes(
    body: bytes | str | None, base64_encoded: bool
) -> None:
    message = {"body": body, "isBase64Encoded": base64_encoded}
    try:
        expected = apply_conversion(Conversion.UTF8_TEXT, _request.body_bytes(message))
    except Exception as error:  # invalid base64 is the caller's configuration error
        with pytest.raises(type(error)):
            _raw_body(message)
        return
    assert apply_conversion(Conversion.UTF8_TEXT, _raw_body(message)) == expected


PAIRS = st.lists(
    st.tuples(st.text(min_size=1), st.lists(st.text(), max_size=3)),
    max_size=5,
    unique_by=lambda pair: pair[0],
)


@given(pairs=PAIRS)
def test_pairs_print_as_format_log_map(pairs: list[tuple[str, list[str]]]) -> None:
    assert _pairs_for_log(pairs) == format_log_map(dict(pairs))


@given(pairs=PAIRS)
def test_headers_print_as_format_log_map_with_authorization_masked(
    pairs: list[tuple[str, list[str]]],
) -> None:
    masked = [
        (name, ["*" * max(len(",".join(v)) - 6, 0) + ",".join(v)[-6:]])
        if name.lower() == "authorization"
        else (name, v)
        for name, v in pairs
    ]
    assert _headers_for_log(pairs) == format_log_map(dict(masked))


def test_log_keeps_its_lines_formatted() -> None:
    log = ExecutionLog("r-1", 1504141645000)
    log.extend(["a" * 1022, "b"])
    log.add("c")
    assert log.lines() == [
        "Execution log for request r-1",
        "Thu Aug 31 01:07:25 UTC 2017 : " + "a" * 1021 + " [TRUNCATED]",
        "Thu Aug 31 01:07:25 UTC 2017 : b",
        "Thu Aug 31 01:07:25 UTC 2017 : c",
    ]
    assert log.messages == ["a" * 1021 + " [TRUNCATED]", "b", "c"]
    assert (log.request_id, log.epoch_millis) == ("r-1", 1504141645000)
    with pytest.raises(AttributeError):
        log.request_id = "other"  # type: ignore[misc]


@given(
    messages=st.lists(st.sampled_from(["", "m", "a" * 1021, "b" * 1022, "é" * 2000]), max_size=4),
    epoch=st.sampled_from([0, 1504141645000]),
)
def test_log_lines_at_the_end_are_the_logs_lines(messages: list[str], epoch: int) -> None:
    log = ExecutionLog("r-1", epoch)
    log.extend(messages)
    assert log_lines("r-1", epoch, messages) == log.lines()


# --- MOCK mappings ---------------------------------------------------------------------

MOCK_MAPPINGS = {
    "integration.request.path.p": "method.request.path.missing",
    "integration.request.querystring.q": "method.request.multivaluequerystring.q",
    "integration.request.header.h": "method.request.header.x-absent",
    "integration.request.header.m": "method.request.multivalueheader.Accept",
    "integration.request.header.s": "'static'",
}


def _mock_method(mappings: dict[str, str] | None) -> dict[str, Any]:
    integration: dict[str, Any] = {
        "type": "MOCK",
        "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "integrationResponses": {"200": {"statusCode": "200"}},
    }
    if mappings is not None:
        integration["requestParameters"] = mappings
    return {"httpMethod": "ANY", "methodIntegration": integration}


@pytest.mark.parametrize(
    "request_",
    [
        build_method_request("GET", "/"),
        build_method_request("POST", "/x?q=1&q=2", headers={"Accept": ["a", "b"]}, body="{"),
    ],
)
def test_mock_mappings_that_cannot_fail_change_nothing(request_: dict[str, Any]) -> None:
    assert invoke_method(request_, _mock_method(MOCK_MAPPINGS), {}) == invoke_method(
        request_, _mock_method(None), {}
    )


def test_mock_mappings_that_can_fail_are_still_evaluated() -> None:
    body_mapping = {**MOCK_MAPPINGS, "integration.request.header.b": "method.request.body.a"}
    request = build_method_request("POST", "/", body="{not json")
    assert invoke_method(request, _mock_method(body_mapping), {})["statusCode"] == 400
    refused = {**MOCK_MAPPINGS, "integration.request.header.Content-Length": "'5'"}
    assert invoke_method(request, _mock_method(refused), {})["statusCode"] == 500


# --- validation from the plan ----------------------------------------------------------


@pytest.mark.parametrize("flags", [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize("body", ['{"a": 1}', "{}", "[", None])
def test_plan_validation_logs_as_validate_request(flags: tuple[bool, bool], body: Any) -> None:
    method = {
        **_mock_method(None),
        "requestValidatorId": "v",
        "requestParameters": {"method.request.header.x-need": True},
        "requestModels": {"application/json": "M"},
    }
    api = {
        "models": {"M": {"type": "object", "required": ["a"]}},
        "requestValidators": {
            "v": {"validateRequestParameters": flags[0], "validateRequestBody": flags[1]}
        },
    }
    request = build_method_request("POST", "/", body=body, headers={"x-need": "1"})
    lines = [line.split(" : ", 1)[-1] for line in invoke_method(request, method, api)["log"]]
    succeeded = "Request validation succeeded for content type application/json"
    body_fails = flags[1] and body != '{"a": 1}'
    assert (succeeded in lines) == (any(flags) and not body_fails)


# --- renders ---------------------------------------------------------------------------

TEMPLATES = [
    "$input.json('$')",
    "#set($context.responseOverride.status = 201)$context.requestOverride",
    "#set($context.requestOverride.header.a = 1)#set($context.requestOverride.header.A = 2)",
    "#set($context.responseOverride.status = 'x')",
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_render_parts_are_the_mapping_result(template: str) -> None:
    request = build_method_request("POST", "/", body='{"a": [1]}')
    result = render_mapping_template(template, request)
    assert render_parts(template, prepare_request(request), None, None, None) == (
        result["body"],
        result["context"],
        result["requestOverride"],
        result["responseOverride"],
        result.override_errors,
    )


def test_carried_overrides_are_copied_not_shared() -> None:
    request = build_method_request("GET", "/")
    nested = {"deep": "1"}
    custom = {"k": ["v"]}
    extra = {
        "requestOverride": {"header": {"X": nested}},
        "responseOverride": {"custom": custom, "header": {}},
    }
    context = prepare_request(request).context(extra)
    assert context == build_context(request, extra)
    assert context["requestOverride"]["header"]["X"] == nested
    assert context["requestOverride"]["header"]["X"] is not nested
    assert context["responseOverride"]["custom"] is not custom


@pytest.mark.parametrize(
    ("rendered", "status"),
    [
        ('\ufeff{"statusCode": 201}', 201),
        ('{"statusCode": 2e2}', 200),
        ('{"statusCode": 404} trailing', 404),
        (json.dumps({"statusCode": "302"}), 302),
    ],
)
def test_mock_status_parsing_is_unchanged(rendered: str, status: int) -> None:
    assert parse_mock_status_code(rendered) == status


# --- the MOCK fast path ----------------------------------------------------------------

REQUEST_TEMPLATES = [
    '{"statusCode": 200}',
    '{"statusCode": 404}',
    "#set($x = $input.path('$'))"
    '{"statusCode": #if($x.price > 1000)400#{else}200#end, "n": "$x.name"}',
    "#set($context.requestOverride.header.X-T = $input.params('x-t'))"
    "#set($context.responseOverride.header.X-R = 'r')"
    '{"statusCode": 200}',
    '#set($context.responseOverride.status = 201){"statusCode": 200}',
    '#set($context.responseOverride.status = "nope"){"statusCode": 200}',
    "#set($context.requestOverride.header.a = 1)#set($context.requestOverride.header.A = 2)",
    "$input.json('$.tags')",
    "#if(",
    "$util.parseJson('[')",
    "",
]
RESPONSE_TEMPLATES = [
    None,
    '{"id": "$input.params(\'id\')", "stage": "$context.stage"}',
    "$context.requestOverride.header.X-T",
    "#set($context.responseOverride.header.Content-Type = 'text/plain')plain",
    "#set($context.responseOverride.status = 999)",
    "#foreach(",
]
RESPONSE_PARAMETERS = [
    None,
    {"method.response.header.X-Stage": "context.stage"},
    {"method.response.header.X-S": "'static'", "method.response.header.X-V": "stageVariables.v"},
    {"method.response.header.X-B": "integration.response.body"},
]


@st.composite
def mock_configurations(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    integration: dict[str, Any] = {"type": "MOCK"}
    template = draw(st.sampled_from([*REQUEST_TEMPLATES, None]))
    if template is not None:
        integration["requestTemplates"] = {
            draw(st.sampled_from(["application/json", "text/plain"])): template
        }
    behavior = draw(st.sampled_from([None, "WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"]))
    if behavior is not None:
        integration["passthroughBehavior"] = behavior
    if draw(st.booleans()):
        integration["contentHandling"] = draw(
            st.sampled_from(["CONVERT_TO_TEXT", "CONVERT_TO_BINARY"])
        )
    responses: dict[str, Any] = {}
    for status, pattern in (("200", ""), ("400", "4\\d{2}"), ("500", "5\\d{2}")):
        if status != "200" and draw(st.booleans()):
            continue
        response: dict[str, Any] = {"statusCode": status, "selectionPattern": pattern}
        response_template = draw(st.sampled_from(RESPONSE_TEMPLATES))
        if response_template is not None:
            response["responseTemplates"] = {"application/json": response_template}
        parameters = draw(st.sampled_from(RESPONSE_PARAMETERS))
        if parameters is not None:
            response["responseParameters"] = parameters
        responses[status] = response
    integration["integrationResponses"] = responses
    method: dict[str, Any] = {"httpMethod": "ANY", "methodIntegration": integration}
    if draw(st.booleans()):
        declared = draw(st.sampled_from([["200"], ["200", "400", "500"], ["400"]]))
        method["methodResponses"] = {s: {"statusCode": s} for s in declared}
    api: dict[str, Any] = {"id": "a1b2c3d4e5"}
    if draw(st.booleans()):
        method["requestValidatorId"] = "v"
        method["requestParameters"] = {"method.request.header.x-t": True}
        method["requestModels"] = {"application/json": "Pet"}
        api["models"] = {"Pet": {"type": "object", "required": ["name"]}}
        body, parameters = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
        api["requestValidators"] = {
            "v": {"validateRequestBody": body, "validateRequestParameters": parameters}
        }
    return method, api


MOCK_REQUESTS = st.builds(
    lambda content_type, accept, body, tenant, variables: build_method_request(
        "POST",
        "/prod/pets/7?verbose=1",
        stage="prod",
        resource="/pets/{id}",
        headers={
            **({"Content-Type": content_type} if content_type else {}),
            **({"Accept": accept} if accept else {}),
            **({"x-t": tenant} if tenant is not None else {}),
        },
        body=body,
        stage_variables=variables,
    ),
    st.sampled_from([None, "application/json", "text/plain", "image/png"]),
    st.sampled_from([None, "application/json", "text/plain"]),
    st.sampled_from(
        [None, "", '{"name": "Rex", "price": 5, "tags": ["a"]}', '{"price": 2000}', "{bad", "é"]
    ),
    st.sampled_from([None, "acme", " "]),
    st.sampled_from([None, {"v": "1"}]),
)


def _general_path(request: dict[str, Any], method: Any, api: Any) -> dict[str, Any]:
    token = _request.pin(request)
    try:
        plan = _plan(method, api)
        return _Invocation(request, method, api, None, None, plan).run()
    finally:
        _request.unpin(token)


def _fast_path(request: dict[str, Any], method: Any, api: Any) -> dict[str, Any] | None:
    token = _request.pin(request)
    try:
        return _mock(request, method, api, None, _plan(method, api))
    finally:
        _request.unpin(token)


@given(configuration=mock_configurations(), request=MOCK_REQUESTS)
def test_mock_fast_path_answers_as_the_general_path(
    configuration: tuple[dict[str, Any], dict[str, Any]], request: dict[str, Any]
) -> None:
    method, api = configuration
    try:
        expected: Any = _general_path(request, method, api)
    except Exception as error:  # a configuration error: the fast path raises it too
        with pytest.raises(type(error)):
            _fast_path(request, method, api)
            _fast_path(request, method, api)  # once the plan's memos are filled
        return
    for _ in range(2):  # the first call fills the plan's memos
        fast = _fast_path(request, method, api)
        assert fast is None or fast == expected
    assert invoke_method(request, method, api) == expected


def test_the_benchmark_method_takes_the_mock_fast_path() -> None:
    method = _mock_method(None)
    method["methodIntegration"]["integrationResponses"]["200"]["responseParameters"] = {
        "method.response.header.X-Stage": "context.stage"
    }
    request = build_method_request("POST", "/", body='{"a": 1}')
    fast = _fast_path(request, method, {})
    assert fast is not None
    assert fast == _general_path(request, method, {})


JSON_TEXTS = st.one_of(
    st.recursive(
        st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=6,
    ).map(json.dumps),
    st.text(alphabet=' \n\t{}[]":,0123456789.eE-+tfnaulrsNI\ufeff\\', max_size=20),
)


@pytest.mark.parametrize("decoder", [json.JSONDecoder(), _JSON])
@given(text=JSON_TEXTS, padding=st.sampled_from(["", " ", "\n", "x"]))
def test_json_decode_is_the_decoders(decoder: json.JSONDecoder, text: str, padding: str) -> None:
    for candidate in (text, padding + text, text + padding):
        try:
            expected: Any = ("value", decoder.decode(candidate))
        except ValueError as error:
            expected = ("error", type(error), str(error))
        try:
            found: Any = ("value", _json.decode(decoder, candidate))
        except ValueError as error:
            found = ("error", type(error), str(error))
        assert repr(found) == repr(expected)


HEADER_NAMES = st.sampled_from(
    ["Authorization", "authorization", "X-A", "x-a", "Content-Type", "Host", "Accept"]
)


@given(
    headers=st.lists(st.tuples(HEADER_NAMES, st.text(max_size=12)), max_size=6),
    body=st.none() | TEXT | st.binary(max_size=20),
    mirrored=st.booleans(),
)
def test_start_messages_of_a_pinned_request_are_the_general_ones(
    headers: list[tuple[str, str]], body: bytes | str | None, mirrored: bool
) -> None:
    request = build_method_request("POST", "/p?q=1", headers=headers, body=body)
    if not mirrored and request["multiValueHeaders"]:
        request["multiValueHeaders"] = {
            name: [*values, "extra"] for name, values in request["multiValueHeaders"].items()
        }
    general = _start_messages(request, "r", None)  # no mirrored grouping to use
    token = _request.pin(request)
    try:
        assert _start_messages(request, "r", _request.mirrored_headers(request)) == general
    finally:
        _request.unpin(token)


def _headers_before(headers: dict[str, list[str]]) -> dict[str, list[str]]:
    """build_method_response's headers as they were made before the remapping and the
    Content-Type check merged."""
    remapped = remap_method_response_headers(headers)
    final: dict[str, list[str]] = {}
    if not any(name.lower() == "content-type" for name in remapped):
        final["Content-Type"] = ["application/json"]
    final.update(remapped)
    return final


@given(
    headers=st.dictionaries(
        HEADER_NAMES
        | st.sampled_from(["Transfer-Encoding", "content-TYPE", "x-amzn-Remapped-Host", "Date"]),
        st.lists(st.text(max_size=5), max_size=3),
        max_size=6,
    ),
    body=st.none() | st.text(max_size=5) | st.binary(max_size=5),
)
def test_method_response_is_built_as_before(
    headers: dict[str, list[str]], body: str | bytes | None
) -> None:
    built = build_method_response(200, headers, body)
    final = _headers_before(headers)
    assert list(built["multiValueHeaders"].items()) == list(final.items())
    assert built["headers"] == {name: ", ".join(values) for name, values in final.items()}
    binary = isinstance(body, bytes)
    assert built["isBase64Encoded"] is binary
    assert built["body"] == (base64.b64encode(body).decode() if binary else body or "")  # type: ignore[arg-type]
    for values in built["multiValueHeaders"].values():
        assert all(values is not given for given in headers.values())  # copies


@given(
    key=st.sampled_from(["stage", "identity.sourceIp", "missing", "a.b.c", "n"]),
    context=st.none()
    | st.fixed_dictionaries(
        {},
        optional={
            "stage": st.text(max_size=3),
            "identity": st.fixed_dictionaries({}, optional={"sourceIp": st.text(max_size=3)}),
            "n": st.integers() | st.booleans() | st.none(),
        },
    ),
)
def test_context_mappings_read_as_the_dotted_lookup(
    key: str, context: dict[str, Any] | None
) -> None:
    parsed = parse_response_parameters({"method.response.header.X": f"context.{key}"})
    mapped = _map_response_parsed(parsed, {"statusCode": 200}, context, None, False)
    value = _scalar_variable(_lookup(context, key))
    assert mapped == ({} if value is None else {"X": [value]})


QUERY_VALUES = st.sampled_from(["1", "", "a b", "1", 2, None, True])


@given(
    single=st.none()
    | st.dictionaries(st.sampled_from(["q", "r", "s", 1]), QUERY_VALUES, max_size=3),
    multi=st.none()
    | st.dictionaries(
        st.sampled_from(["q", "r", "s", 1]),
        st.none() | st.lists(QUERY_VALUES, max_size=2) | QUERY_VALUES,
        max_size=3,
    ),
    mirror=st.booleans(),
)
def test_query_log_line_is_the_merged_one(
    single: dict[Any, Any] | None, multi: dict[Any, Any] | None, mirror: bool
) -> None:
    if mirror and single is not None:
        multi = {name: [value] for name, value in single.items()}
    request = {"queryStringParameters": single, "multiValueQueryStringParameters": multi}
    assert _query_for_log(request) == _pairs_for_log(_request.query_multi(request))


def test_query_log_line_of_the_usual_request() -> None:
    request = build_method_request("GET", "/p?b=2&a=1&a=3")
    assert _query_for_log(request) == "{b=2, a=1,3}"
    assert _query_for_log(build_method_request("GET", "/p?b=2&a=x")) == "{b=2, a=x}"


@given(
    body=st.none() | TEXT | st.binary(max_size=20) | st.just("x" * (MAX_PAYLOAD_BYTES + 1)),
    base64_encoded=st.booleans(),
    encoding=st.sampled_from([None, "", " ", "gzip", "identity", "br"]),
)
def test_a_plain_payload_is_decoded_as_it_is(
    body: bytes | str | None, base64_encoded: bool, encoding: str | None
) -> None:
    headers = {"Content-Encoding": encoding} if encoding is not None else {}
    request = build_method_request("POST", "/", headers=headers)
    request.update(body=body, isBase64Encoded=base64_encoded)
    if not _plain_payload(request):
        return
    raw = _request.body_bytes(request)
    decoded = decode_request_payload(
        raw, _request.header_value(request, "Content-Encoding") if raw else None
    )
    assert decoded is raw
    assert isinstance(body, str) and raw == body.encode()


# --- the validator's quick test --------------------------------------------------------

QUICK_MODELS = {
    "Pet": {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "maxLength": 3}, "n": {"type": "integer"}},
    },
    "Loose": {"type": "array"},
    "Bad": {"$ref": "#/definitions/missing"},
    "Odd": {"type": "object", "id": "scope"},  # only jsonschema decides
}
QUICK_PARAMETERS = {
    "method.request.header.X-Need": True,
    "method.request.path.id": True,
    "method.request.querystring.q": True,
    "method.request.multivalueheader.x-multi": False,
}


@settings(max_examples=300, deadline=None)
@given(
    flags=st.sampled_from([(True, False), (False, True), (True, True)]),
    required=st.lists(st.sampled_from(sorted(QUICK_PARAMETERS)), unique=True),
    model=st.sampled_from([None, *QUICK_MODELS]),
    header=st.none() | st.sampled_from(["", " ", "v", "\t"]),
    path_id=st.none() | st.sampled_from(["", " ", "7", 7, True]),
    query=st.none() | st.sampled_from(["", "1"]),
    body=st.none()
    | st.sampled_from(
        [
            "",
            "  ",
            '{"name": "Rex"}',
            '{"name": "Rex"}\n',
            '{"name": "Rex"} x',
            ' {"name": "a"}',
            '{"name": "Rexy"}',
            '{"name": "é"}',
            '\ufeff{"name": "a"}',
            '{"name": "a", "n": 1.0}',
            '{"name": "a", "n": NaN}',
            "[1]",
            "[",
            '{"name": "a"}\x0b',
        ]
    )
    | st.binary(max_size=8),
    base64_encoded=st.booleans(),
)
def test_the_quick_validator_passes_only_what_passes(
    flags: tuple[bool, bool],
    required: list[str],
    model: str | None,
    header: str | None,
    path_id: object,
    query: str | None,
    body: str | bytes | None,
    base64_encoded: bool,
) -> None:
    models = _ModelSet({**QUICK_MODELS}, "api")
    parameters = {name: QUICK_PARAMETERS[name] for name in required}
    wanted = _required_parameters(parameters)
    request = build_method_request(
        "POST",
        "/" + ("?q=" + query if query is not None else ""),
        headers={"X-Need": header} if header is not None else None,
    )
    request.update(
        body=body,
        isBase64Encoded=base64_encoded,
        pathParameters=None if path_id is None else {"id": path_id},
    )
    quick = _quick_check(flags, wanted, model, models)
    token = _request.pin(request)
    try:
        try:
            error = _request_error(request, "application/json", model, {}, flags, wanted, models)
        except Exception as exception:  # a configuration error, or a body that is no text
            with pytest.raises(type(exception)):
                if not quick(request, _request.header_index(request)):
                    raise exception from None
            return
        if quick(request, _request.header_index(request)):
            assert error is None
    finally:
        _request.unpin(token)


def test_the_quick_validator_passes_the_usual_request() -> None:
    models = _ModelSet({**QUICK_MODELS}, "api")
    wanted = _required_parameters(QUICK_PARAMETERS)
    request = build_method_request(
        "POST", "/p?q=1", headers={"x-need": "v"}, body='{"name": "Rex", "n": 2}\n'
    )
    request["pathParameters"] = {"id": "7"}
    token = _request.pin(request)
    try:
        index = _request.header_index(request)
        assert _quick_check((True, True), wanted, "Pet", models)(request, index)
        assert not _quick_check((True, True), wanted, "Odd", models)(request, index)
    finally:
        _request.unpin(token)


METHOD_NAMES = st.none() | st.sampled_from(["GET", "get", "POST", "ANY", "any", "", 1])


@given(declared=METHOD_NAMES, wanted=METHOD_NAMES)
def test_the_method_check_is_the_upper_case_comparison(declared: Any, wanted: Any) -> None:
    request = {"httpMethod": wanted}
    upper = str(declared or "ANY").upper()
    other = str(wanted or "").upper()
    refused = upper != "ANY" and bool(other) and upper != other
    assert _other_method(declared, request) is refused
    if type(declared) is str and declared == wanted:  # the shortcut invoke_method takes
        assert not refused
