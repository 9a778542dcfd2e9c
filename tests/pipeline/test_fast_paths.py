"""The shortcuts ``invoke_method`` takes on its common path give what the general code
gives: text bodies converted without a bytes round trip, log maps formatted directly, MOCK
mappings left unevaluated, the validator run from the plan, renders without a
``MappingResult`` and carried overrides copied as they are carried."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apigw_core.mapping import (
    build_context,
    prepare_request,
    render_mapping_template,
    render_parts,
)
from apigw_core.pipeline import (
    ExecutionLog,
    build_method_request,
    format_log_map,
    invoke_method,
    parse_mock_status_code,
)
from apigw_core.pipeline import request as _request
from apigw_core.pipeline.content import (
    Conversion,
    _configuration_error,
    _converted_body,
    apply_conversion,
)
from apigw_core.pipeline.invoke import _headers_for_log, _pairs_for_log, _raw_body

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
