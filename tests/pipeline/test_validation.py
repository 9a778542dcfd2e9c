"""Request validation (VPB part A, aws-observed-behaviour VAL-1 to VAL-8)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import (
    GatewayResponseType,
    build_method_request,
    find_missing_parameters,
    load_models,
    render_gateway_response,
    schema_errors,
    select_request_model,
    validate_request,
)

from .recorded import cases, client_request, ids

BOTH = {"validateRequestBody": True, "validateRequestParameters": True}
BODY_ONLY = {"validateRequestBody": True, "validateRequestParameters": False}
PARAMS_ONLY = {"validateRequestBody": False, "validateRequestParameters": True}


def _api(
    models: dict[str, Any], validator: dict[str, Any], api_id: str = "a1234"
) -> dict[str, Any]:
    return {"id": api_id, "models": models, "requestValidators": {"v1": validator}}


def _method(**kwargs: Any) -> dict[str, Any]:
    return {"httpMethod": "POST", "requestValidatorId": "v1", **kwargs}


def _post(body: object | None = None, *, raw: bool = False, **kwargs: Any) -> dict[str, Any]:
    text = None if body is None else str(body) if raw else json.dumps(body)
    return build_method_request(kwargs.pop("method", "POST"), "/r", body=text, **kwargs)


# --- recorded cases -----------------------------------------------------------------------

RUNTIME = [c for c in cases("validation") if c.get("sub_kind") not in ("model_crud", "method_crud")]


@pytest.mark.parametrize("case", RUNTIME, ids=ids(RUNTIME))
def test_recorded_validation_case(case: dict[str, Any]) -> None:
    """Every runtime validation case recorded on AWS (source: each case id)."""
    inputs = case["inputs"]
    models = inputs.get("models") or inputs.get("openapi_components")
    api = _api(models, inputs["requestValidator"])
    method = _method(
        requestModels=inputs["requestModels"],
        requestParameters=inputs.get("method_requestParameters") or {},
    )
    request = client_request(inputs["client_request"], resource=inputs.get("resource_path"))
    result = validate_request(request, method, api)
    expected = case["aws_output"]
    if expected["status"] == 200:
        assert result.ok, result
        return
    assert result.error is not None
    response = render_gateway_response(result.error, api, request)
    assert response.status_code == expected["status"]
    assert json.loads(response.body) == expected["body_json"]


def test_recorded_parameter_names_unique() -> None:
    """ls-validation-crud-param-names-unique: one name in two locations is a config error."""
    method = _method(
        requestParameters={
            "method.request.querystring.optional": False,
            "method.request.header.optional": False,
        }
    )
    with pytest.raises(ConfigurationError, match="Parameter names must be unique"):
        validate_request(_post(), method, _api({}, PARAMS_ONLY))


# --- parameters (VPB A.4, VAL-1 to VAL-3) ---------------------------------------------------

PARAMETER_ROWS = [
    # (source, requestParameters, request kwargs, missing names)
    (
        "VAL-2 example",
        {
            "method.request.header.x-tenant": True,
            "method.request.path.shop": True,
            "method.request.querystring.page": True,
        },
        {},
        ["x-tenant", "shop", "page"],
    ),
    ("VPB A-5b", {"method.request.querystring.petType": True}, {}, ["petType"]),
    ("VPB A-5a", {"method.request.querystring.petType": True}, {"query": "petType=dog"}, []),
    ("VPB A-4 item 2: optional", {"method.request.querystring.type": False}, {}, []),
    (
        "VPB A-14: optional type and breed",
        {"method.request.querystring.type": False, "method.request.header.breed": False},
        {"query": "type=dog"},
        [],
    ),
    (
        "VPB A-4 item 3: blank value",
        {"method.request.querystring.q1": True},
        {"query": "q1="},
        ["q1"],
    ),
    (
        "VPB OQ-40: whitespace-only is blank",
        {"method.request.header.h1": True},
        {"headers": {"h1": "  "}},
        ["h1"],
    ),
    (
        "VPB OQ-33: header names case-insensitive",
        {"method.request.header.X-Api": True},
        {"headers": {"x-api": "1"}},
        [],
    ),
    (
        "VPB F.2: query names case-sensitive",
        {"method.request.querystring.Page": True},
        {"query": "page=1"},
        ["Page"],
    ),
    ("VAL-3: path parameter not in resource", {"method.request.path.issuer": True}, {}, ["issuer"]),
    (
        "VPB OQ-39: required multi-value query",
        {"method.request.multivaluequerystring.tag": True},
        {"query": "tag=a&tag=b"},
        [],
    ),
    (
        "VAL-2: sorted within a location",
        {"method.request.header.zeta": True, "method.request.header.alpha": True},
        {},
        ["alpha", "zeta"],
    ),
]


@pytest.mark.parametrize(
    ("source", "parameters", "kwargs", "missing"),
    PARAMETER_ROWS,
    ids=[r[0] for r in PARAMETER_ROWS],
)
def test_missing_parameters(
    source: str, parameters: dict[str, bool], kwargs: dict[str, Any], missing: list[str]
) -> None:
    query = kwargs.pop("query", None)
    request = build_method_request("GET", "/r" + (f"?{query}" if query else ""), **kwargs)
    assert find_missing_parameters(request, parameters) == missing
    result = validate_request(request, _method(requestParameters=parameters), _api({}, PARAMS_ONLY))
    if missing:
        assert result.error is not None
        assert result.error.response_type is GatewayResponseType.BAD_REQUEST_PARAMETERS
        assert (
            result.error.message == f"Missing required request parameters: [{', '.join(missing)}]"
        )
        assert result.error.validation_error_string == result.error.message
    else:
        assert result.ok


def test_parameters_checked_before_body() -> None:
    """VAL-1: both fail, only BAD_REQUEST_PARAMETERS is returned."""
    api = _api({"M": {"type": "object", "required": ["a"]}}, BOTH)
    method = _method(
        requestParameters={"method.request.header.h1": True},
        requestModels={"application/json": "M"},
    )
    result = validate_request(_post({}), method, api)
    assert result.error is not None
    assert result.error.response_type is GatewayResponseType.BAD_REQUEST_PARAMETERS


def test_default_parameter_response_body() -> None:
    """VPB A-5b / D.6: 400 {"message": "Missing required request parameters: [petType]"}."""
    api = _api({}, PARAMS_ONLY)
    request = build_method_request("GET", "/validator")
    result = validate_request(
        request, _method(requestParameters={"method.request.querystring.petType": True}), api
    )
    assert result.error is not None
    response = render_gateway_response(result.error, api, request)
    assert response.status_code == 400
    assert json.loads(response.body) == {
        "message": "Missing required request parameters: [petType]"
    }


# --- body (VPB A.5, VAL-4 to VAL-6) ---------------------------------------------------------

PET_STORE = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "PetStoreModel",
    "type": "object",
    "required": ["price", "type"],
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
        "price": {"type": "number", "minimum": 25.0, "maximum": 500.0},
    },
}
PET_STORE_REF = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "PetStoreModelReUsableRef",
    "required": ["price", "type"],
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
        "price": {"$ref": "#/definitions/Price"},
    },
    "definitions": {"Price": {"type": "number", "minimum": 25.0, "maximum": 500.0}},
}
PET_STORE_PRICE = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "PetStorePrice",
    "type": "number",
    "minimum": 25,
    "maximum": 500,
}
PET_STORE_REF_API = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "PetStoreModelReusableRefAPI",
    "required": ["price", "type"],
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
        "price": {"$ref": "https://apigateway.amazonaws.com/restapis/a1234/models/PetStorePrice"},
    },
}
CONSOLE_PET_STORE = {
    "type": "object",
    "required": ["name", "price", "type"],
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
        "name": {"type": "string"},
        "price": {"type": "number", "minimum": 25.0, "maximum": 500.0},
    },
}
CALC_MODELS = {
    "input": {
        "type": "object",
        "properties": {"a": {"type": "number"}, "b": {"type": "number"}, "op": {"type": "string"}},
        "title": "input",
    },
    "output": {"type": "object", "properties": {"c": {"type": "number"}}, "title": "output"},
    "result": {
        "type": "object",
        "properties": {
            "input": {"$ref": "https://apigateway.amazonaws.com/restapis/restapi-id/models/input"},
            "output": {
                "$ref": "https://apigateway.amazonaws.com/restapis/restapi-id/models/output"
            },
        },
        "title": "result",
    },
}

BODY_EXAMPLES = [
    # (source, models, model name, body, valid?)
    ("VPB A-1", {"PetStoreModel": PET_STORE}, "PetStoreModel", {"id": 1, "type": "dog", "price": 249.99}, True),
    ("VPB A-1 (price too high)", {"PetStoreModel": PET_STORE}, "PetStoreModel", {"type": "dog", "price": 500.5}, False),
    ("VPB A-2", {"R": PET_STORE_REF}, "R", {"id": 1, "type": "dog", "price": 249.99}, True),
    ("VPB A-2 (ref violated)", {"R": PET_STORE_REF}, "R", {"type": "dog", "price": 4}, False),
    ("VPB A-3", {"PetStorePrice": PET_STORE_PRICE, "R": PET_STORE_REF_API}, "R", {"type": "cat", "price": 30}, True),
    ("VPB A-3 (ref violated)", {"PetStorePrice": PET_STORE_PRICE, "R": PET_STORE_REF_API}, "R", {"type": "cat", "price": 3000}, False),
    ("VPB A-5c", {"PetStoreModel": CONSOLE_PET_STORE}, "PetStoreModel", {"id": 2, "name": "Bella", "type": "dog", "price": 400}, True),
    ("VPB A-5d", {"PetStoreModel": CONSOLE_PET_STORE}, "PetStoreModel", {"id": 2, "name": "Bella", "type": "dog", "price": 4000}, False),
    ("VPB A-6c", {"PetStoreModel": CONSOLE_PET_STORE}, "PetStoreModel", {"id": 1, "name": "bella", "type": "dog", "price": 400}, True),
    ("VPB A-6d", {"PetStoreModel": CONSOLE_PET_STORE}, "PetStoreModel", {"id": 1, "name": "bella", "type": "dog", "price": 1000}, False),
    ("VPB A-12 / B-7", CALC_MODELS, "input", {"a": 1, "b": 2, "op": "+"}, True),
    ("VPB A-12 result model", CALC_MODELS, "result", {"input": {"a": 1, "b": 2, "op": "+"}, "output": {"c": 3}}, True),
    ("VPB A-12 result model (violated)", CALC_MODELS, "result", {"input": {"a": "x"}, "output": {"c": 3}}, False),
    ("VAL-6: format not enforced", {"M": {"type": "string", "format": "date-time"}}, "M", "not a date", True),
    ("VPB A.5: draft 4 whatever $schema (const ignored)", {"M": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"a": {"const": 1}}}}, "M", {"a": 2}, True),
    ("VPB A.5: draft 4 integer excludes 1.0", {"M": {"type": "integer"}}, "M", 1.0, False),
    ("VPB A.5: draft 4 booleans are not numbers", {"M": {"type": "number"}}, "M", True, False),
    ("VAL-5: models without $schema", {"M": {"type": "object", "properties": {"n": {"type": "string"}}}}, "M", {"n": "x"}, True),
    ("VPB A.5 item 11: Empty", {}, "Empty", {"anything": [1, 2]}, True),
    ("VPB A.5 item 11: Error", {}, "Error", {"message": 5}, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "models", "model", "body", "valid"), BODY_EXAMPLES, ids=[r[0] for r in BODY_EXAMPLES]
)
def test_body_examples(
    source: str, models: dict[str, Any], model: str, body: object, valid: bool
) -> None:
    api = _api(models, BODY_ONLY)
    result = validate_request(_post(body), _method(requestModels={"application/json": model}), api)
    assert result.ok is valid
    if not valid:
        assert result.error is not None
        assert result.error.response_type is GatewayResponseType.BAD_REQUEST_BODY
        response = render_gateway_response(result.error, api)
        assert (response.status_code, json.loads(response.body)) == (
            400,
            {"message": "Invalid request body"},
        )


APPENDIX_X = json.loads(
    (Path(__file__).parent / "data" / "vpb_appendix_x.json").read_text("utf-8")
)["pairs"]


@pytest.mark.parametrize("pair", APPENDIX_X, ids=[p["example"] for p in APPENDIX_X])
def test_appendix_x_data_is_valid(pair: dict[str, Any]) -> None:
    """VPB Appendix X: every data block is valid against its model."""
    assert schema_errors(pair["data"], "M", {"models": {"M": pair["model"]}}) == []


def test_a13_success_log_with_optional_parameters() -> None:
    """VPB A-13 / A.6: the success line is printed even for a params-only validator."""
    method = _method(
        requestParameters={
            "method.request.querystring.time": False,
            "method.request.header.day": False,
        }
    )
    request = build_method_request(
        "POST",
        "/Seattle?time=morning",
        headers={"day": "Wednesday"},
        body='{ "callerName": "John" }',
    )
    result = validate_request(request, method, _api({}, PARAMS_ONLY))
    assert result.ok
    assert result.log == ("Request validation succeeded for content type application/json",)


OPENAPI_A7_MODELS = {
    "RequestBodyModel": {
        "required": ["name", "price", "type"],
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
            "name": {"type": "string"},
            "price": {"maximum": 500.0, "minimum": 25.0, "type": "number"},
        },
    }
}

A7_ROWS = [
    # (source, method, request kwargs, expected error type or None)
    ("VPB A-7 GET with q1", "GET", {"target": "/validation?q1=cat"}, None),
    ("VPB A-7 GET without q1", "GET", {"target": "/validation"}, "BAD_REQUEST_PARAMETERS"),
    ("VPB A-7 POST valid", "POST", {"headers": {"h1": "x"}, "body": {"name": "n", "type": "dog", "price": 30}}, None),
    ("VPB A-7 POST without h1", "POST", {"body": {"name": "n", "type": "dog", "price": 30}}, "BAD_REQUEST_PARAMETERS"),
    ("VPB A-7 POST bad body", "POST", {"headers": {"h1": "x"}, "body": {"name": "n", "type": "bird", "price": 30}}, "BAD_REQUEST_BODY"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "verb", "kwargs", "expected"), A7_ROWS, ids=[r[0] for r in A7_ROWS]
)
def test_openapi_example_a7(
    source: str, verb: str, kwargs: dict[str, Any], expected: str | None
) -> None:
    """VPB A-7/A-8: GET uses params-only and requires q1; POST uses all, header h1 and a body."""
    api = {
        "id": "x",
        "models": OPENAPI_A7_MODELS,
        "requestValidators": {"all": BOTH, "params-only": PARAMS_ONLY},
    }
    if verb == "GET":
        method = {
            "requestValidatorId": "params-only",
            "requestParameters": {"method.request.querystring.q1": True},
        }
    else:
        method = {
            "requestValidatorId": "all",
            "requestParameters": {"method.request.header.h1": True},
            "requestModels": {"application/json": "RequestBodyModel"},
        }
    body = kwargs.get("body")
    request = build_method_request(
        verb,
        kwargs.get("target", "/validation"),
        headers=kwargs.get("headers"),
        body=None if body is None else json.dumps(body),
    )
    result = validate_request(request, method, api)
    assert (None if result.error is None else result.error.response_type) == expected


MODEL_SELECTION_ROWS = [
    # (source, requestModels, Content-Type, expected (content type, model))
    ("VAL-4: no Content-Type is application/json", {"application/json": "M"}, None, ("application/json", "M")),
    ("VPB A.5 item 5: charset ignored", {"application/json": "M"}, "application/json; charset=UTF-8", ("application/json", "M")),
    ("VPB OQ-5: letter case ignored", {"application/json": "M"}, "Application/JSON", ("application/json", "M")),
    ("VPB A.5 item 3: $default", {"$default": "D"}, "text/plain", ("text/plain", "D")),
    ("VPB A.5 item 5: exact key before $default", {"$default": "D", "text/plain": "T"}, "text/plain", ("text/plain", "T")),
    ("VPB A.5 item 4: no match, no validation", {"application/json": "M"}, "application/xml", ("application/xml", None)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "models", "content_type", "expected"),
    MODEL_SELECTION_ROWS,
    ids=[r[0] for r in MODEL_SELECTION_ROWS],
)
def test_select_request_model(
    source: str, models: dict[str, str], content_type: str | None, expected: tuple[str, str | None]
) -> None:
    headers = {"Content-Type": content_type} if content_type else None
    assert (
        select_request_model(build_method_request("POST", "/", headers=headers), models) == expected
    )


def test_unmatched_content_type_is_not_validated() -> None:
    """VPB A.5 item 4: no model for the content type, the body passes unvalidated."""
    api = _api({"M": {"type": "object", "required": ["a"]}}, BODY_ONLY)
    request = _post("<xml/>", raw=True, headers={"Content-Type": "application/xml"})
    assert validate_request(request, _method(requestModels={"application/json": "M"}), api).ok


EMPTY_BODY_ROWS = [
    # (source, method, schema, body, valid?)
    ("VAL-4: GET without body, required properties", "GET", {"type": "object", "required": ["a"]}, None, False),
    ("VAL-4: no body against an array schema", "POST", {"type": "array"}, None, False),
    ("VAL-4 resolution: no body read as {}", "GET", {"type": "object"}, None, True),
    ("VAL-4 resolution: blank body read as {}", "POST", {"type": "object"}, "  \n", True),
    ("VPB OQ-7: body that is not JSON", "POST", {"type": "object"}, "{wrong", False),
    ("VPB OQ-7: NaN is not JSON", "POST", {"type": "number"}, "NaN", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "verb", "schema", "body", "valid"),
    EMPTY_BODY_ROWS,
    ids=[r[0] for r in EMPTY_BODY_ROWS],
)
def test_empty_and_unparsable_bodies(
    source: str, verb: str, schema: dict[str, Any], body: str | None, valid: bool
) -> None:
    api = _api({"M": schema}, BODY_ONLY)
    request = build_method_request(verb, "/r", body=body)
    assert (
        validate_request(request, _method(requestModels={"application/json": "M"}), api).ok is valid
    )


def test_binary_body_is_read_as_utf8() -> None:
    """BIN-2: invalid bytes become U+FFFD before JSON parsing."""
    api = _api({"M": {"type": "object", "properties": {"s": {"type": "string"}}}}, BODY_ONLY)
    request = build_method_request("POST", "/r", body=b'{"s": "\xff"}')
    assert request["isBase64Encoded"] is True
    assert validate_request(request, _method(requestModels={"application/json": "M"}), api).ok


def test_no_validator_and_disabled_validator() -> None:
    """VPB A.3: no validator, no validation; VAL-7: both flags false checks nothing."""
    method = {"requestParameters": {"method.request.header.h": True}}
    assert validate_request(build_method_request("GET", "/"), method, {}).ok
    disabled = _method(requestParameters={"method.request.header.h": True})
    result = validate_request(build_method_request("GET", "/"), disabled, _api({}, {}))
    assert result.ok
    assert result.log == ()


# --- references (VAL-5) ---------------------------------------------------------------------

RECURSIVE = {
    "Node": {
        "type": "object",
        "required": ["v"],
        "properties": {
            "v": {"type": "integer"},
            "children": {
                "type": "array",
                "items": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Node"},
            },
        },
    }
}


@pytest.mark.parametrize(
    ("body", "valid"),
    [
        ({"v": 1, "children": [{"v": 2, "children": [{"v": 3}]}]}, True),
        ({"v": 1, "children": [{"v": 2, "children": [{"w": 3}]}]}, False),
    ],
)
def test_self_recursive_model(body: object, valid: bool) -> None:
    """VAL-5: recursive refs validate, including violations deep in the recursion."""
    assert (schema_errors(body, "Node", {"id": "x", "models": RECURSIVE}) == []) is valid


def test_openapi_component_refs_are_rewritten() -> None:
    """VAL-5: #/components/schemas/X resolves to model X, as import rewrites it."""
    models = {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "required": ["x"]},
    }
    assert schema_errors({"b": {"x": 1}}, "A", {"models": models}) == []
    assert schema_errors({"b": {}}, "A", {"models": models}) == [
        'object has missing required properties (["x"])'
    ]


def test_model_shapes_accepted() -> None:
    """GetModel items, JSON-text schemas and a GetModels list are all accepted."""
    schema = '{"type": "object", "required": ["a"]}'
    for models in (
        {"M": schema},
        {"M": {"name": "M", "contentType": "application/json", "schema": schema}},
        [{"name": "M", "contentType": "application/json", "schema": schema}],
        {"items": [{"id": "m1", "name": "M", "schema": schema}]},
    ):
        loaded = load_models({"models": models})
        assert loaded["M"] == {"type": "object", "required": ["a"]}
        assert {"Empty", "Error"} <= set(loaded)


CONFIG_ERRORS = [
    ("unknown model", {}, "Missing", "unknown model"),
    ("unknown $ref", {"M": {"$ref": "https://apigateway.amazonaws.com/restapis/x/models/Nope"}}, "M", "unknown model .Nope."),
    ("not draft 4", {"M": {"type": "whatever"}}, "M", "not a valid draft-4 schema"),
    ("not JSON", {"M": "{oops"}, "M", "not valid JSON"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("source", "models", "model", "match"), CONFIG_ERRORS, ids=[r[0] for r in CONFIG_ERRORS]
)
def test_configuration_errors(source: str, models: dict[str, Any], model: str, match: str) -> None:
    api = _api(models, BODY_ONLY)
    with pytest.raises(ConfigurationError, match=match):
        validate_request(_post({}), _method(requestModels={"application/json": model}), api)


def test_unknown_validator_and_bad_parameter_key() -> None:
    with pytest.raises(ConfigurationError, match="requestValidatorId"):
        validate_request(_post(), {"requestValidatorId": "nope"}, _api({}, BOTH))
    with pytest.raises(ConfigurationError, match="illegal method request parameter"):
        validate_request(
            _post(), _method(requestParameters={"method.request.body.x": True}), _api({}, BOTH)
        )


def test_validator_by_list_and_name() -> None:
    """GetRequestValidators items are accepted; a validator's name works as its id."""
    api = {"requestValidators": [{"id": "abc", "name": "params-only", **PARAMS_ONLY}]}
    method = {
        "requestValidatorId": "params-only",
        "requestParameters": {"method.request.header.h": True},
    }
    assert validate_request(build_method_request("GET", "/"), method, api).error is not None


# --- $context.error.validationErrorString (VPB A.5 item 9, OQ-6) ----------------------------

MESSAGE_ROWS = [
    # (schema, instance, message): the wording of the Java validator (inferred, OQ-6)
    ({"type": "object", "required": ["b", "a"]}, {}, 'object has missing required properties (["a","b"])'),
    ({"type": "integer"}, "x", 'instance type (string) does not match any allowed primitive type (allowed: ["integer"])'),
    ({"enum": ["dog", "cat"]}, "bird", 'instance value ("bird") not found in enum (possible values: ["dog","cat"])'),
    ({"maximum": 500.0}, 4000, "numeric instance is greater than the required maximum (maximum: 500.0, found: 4000)"),
    ({"minimum": 25}, 3, "numeric instance is lower than the required minimum (minimum: 25, found: 3)"),
    ({"maximum": 5, "exclusiveMaximum": True}, 5, "numeric instance is not strictly lower than the required maximum 5"),
    ({"minimum": 5, "exclusiveMinimum": True}, 5, "numeric instance is not strictly greater than the required minimum 5"),
    ({"minLength": 3}, "ab", 'string "ab" is too short (length: 2, required minimum: 3)'),
    ({"maxLength": 1}, "ab", 'string "ab" is too long (length: 2, maximum allowed: 1)'),
    ({"pattern": "^a"}, "b", 'ECMA 262 regex "^a" does not match input string "b"'),
    ({"minItems": 1}, [], "array is too short: must have at least 1 elements but instance has 0 elements"),
    ({"maxItems": 1}, [1, 2], "array is too long: must have at most 1 elements but instance has 2 elements"),
    ({"uniqueItems": True}, [1, 1], "array must not contain duplicate elements"),
    ({"minProperties": 1}, {}, "object has too few properties (found 0 but schema requires at least 1)"),
    ({"maxProperties": 0}, {"a": 1}, "object has too many properties (found 1 but schema requires at most 0)"),
    ({"properties": {"a": {}}, "additionalProperties": False}, {"a": 1, "z": 2}, 'object instance has properties which are not allowed by the schema: ["z"]'),
    ({"multipleOf": 3}, 7, "remainder of division is not zero (7 / 3)"),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 1.5, "instance failed to match at least one required schema among 2"),
    ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 1.5, "instance failed to match exactly one schema (matched 0 out of 2)"),
    ({"oneOf": [{"type": "number"}, {"type": "integer"}]}, 1, "instance failed to match exactly one schema (matched 2 out of 2)"),
    ({"not": {"type": "string"}}, "s", "instance matched a schema which it should not have"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("schema", "instance", "message"), MESSAGE_ROWS, ids=[r[2][:40] for r in MESSAGE_ROWS]
)
def test_validation_error_messages(schema: dict[str, Any], instance: object, message: str) -> None:
    assert schema_errors(instance, "M", {"models": {"M": schema}}) == [message]


def test_validation_error_string_in_gateway_response() -> None:
    """VPB D.5: $context.error.validationErrorString reaches a customised BAD_REQUEST_BODY."""
    api = _api({"PetStoreModel": CONSOLE_PET_STORE}, BODY_ONLY)
    api["gatewayResponses"] = {
        "BAD_REQUEST_BODY": {
            "responseTemplates": {
                "application/json": '{"detail": "$context.error.validationErrorString"}'
            }
        }
    }
    body = {"id": 2, "name": "Bella", "type": "dog", "price": 4000}
    result = validate_request(
        _post(body), _method(requestModels={"application/json": "PetStoreModel"}), api
    )
    assert result.error is not None
    response = render_gateway_response(result.error, api)
    assert response.body == (
        '{"detail": "[numeric instance is greater than the required maximum '
        '(maximum: 500.0, found: 4000)]"}'
    )
    assert result.log == (
        "Request body does not match model schema for content type application/json: "
        "[numeric instance is greater than the required maximum (maximum: 500.0, found: 4000)]",
    )


PRESET_ROWS = [
    # VPB A.2 console presets: (label, validator, params checked?, body checked?)
    ("Validate body", BODY_ONLY, False, True),
    ("Validate query string parameters and headers", PARAMS_ONLY, True, False),
    ("Validate body, query string parameters, and headers", BOTH, True, True),
    ("None", None, False, False),
]


@pytest.mark.parametrize(
    ("label", "validator", "params", "body"), PRESET_ROWS, ids=[r[0] for r in PRESET_ROWS]
)
def test_console_presets(
    label: str, validator: dict[str, bool] | None, params: bool, body: bool
) -> None:
    api = _api({"M": {"type": "object", "required": ["a"]}}, validator or {})
    method = {
        "requestParameters": {"method.request.header.h1": True},
        "requestModels": {"application/json": "M"},
    }
    if validator is not None:
        method["requestValidatorId"] = "v1"
    bad_params = validate_request(_post({"a": 1}), method, api)
    bad_body = validate_request(_post({}, headers={"h1": "x"}), method, api)
    assert (bad_params.error is not None) is params
    assert (bad_body.error is not None) is body
