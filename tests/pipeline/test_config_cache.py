"""Per-configuration caches: a configuration dict changed in place between calls is never
served from a stale compilation (configurations are plain dicts callers may edit)."""

from __future__ import annotations

from typing import Any

from apigw_core.pipeline import (
    UseTemplate,
    build_method_request,
    invoke_method,
    schema_errors,
    select_integration_response,
    select_request_template,
)
from apigw_core.pipeline._config_cache import ConfigCache


def test_a_hit_needs_the_same_object_with_the_same_content() -> None:
    cache: ConfigCache[int] = ConfigCache()
    built: list[int] = []

    def build() -> int:
        built.append(1)
        return len(built)

    config: dict[str, Any] = {"a": [1, {"b": "c"}]}
    assert cache.get(config, None, build) == 1
    assert cache.get(config, None, build) == 1
    assert cache.get(dict(config), None, build) == 2  # an equal copy is another object
    config["a"][1]["b"] = "d"
    assert cache.get(config, None, build) == 3
    assert cache.get(config, "other key", build) == 4


def test_numbers_compare_by_type_in_snapshots() -> None:
    cache: ConfigCache[int] = ConfigCache()
    counter = iter(range(10))
    config: dict[str, Any] = {"n": 1}
    first = cache.get(config, None, lambda: next(counter))
    for changed in (True, 1.0, 1):
        config["n"] = changed
        assert cache.get(config, None, lambda: next(counter)) != first


def test_models_edited_in_place_are_recompiled() -> None:
    schema: dict[str, Any] = {"type": "object", "required": ["a"]}
    api = {"models": {"M": schema}}
    assert schema_errors({}, "M", api) == ['object has missing required properties (["a"])']
    schema["required"] = ["b"]
    assert schema_errors({}, "M", api) == ['object has missing required properties (["b"])']
    schema["required"].append("c")
    assert schema_errors({}, "M", api) == ['object has missing required properties (["b","c"])']


def test_bool_and_number_edits_in_a_model_are_seen() -> None:
    schema: dict[str, Any] = {"enum": [1]}
    api = {"models": {"M": schema}}
    assert schema_errors(1, "M", api) == []
    schema["enum"][0] = True  # JSON's true is not 1 (draft 4)
    assert schema_errors(1, "M", api) != []
    assert schema_errors(True, "M", api) == []
    limit: dict[str, Any] = {"minimum": 5}
    api = {"models": {"M": limit}}
    assert schema_errors(1, "M", api) == [
        "numeric instance is lower than the required minimum (minimum: 5, found: 1)"
    ]
    limit["minimum"] = 5.0
    assert schema_errors(1, "M", api) == [
        "numeric instance is lower than the required minimum (minimum: 5.0, found: 1)"
    ]


def test_selection_and_templates_edited_in_place_are_seen() -> None:
    integration: dict[str, Any] = {
        "integrationResponses": {
            "200": {"statusCode": "200", "selectionPattern": ""},
            "400": {"statusCode": "400", "selectionPattern": "4\\d{2}"},
        }
    }
    assert select_integration_response(integration, "404").status_code == 400  # type: ignore[union-attr]
    integration["integrationResponses"]["400"]["selectionPattern"] = "5\\d{2}"
    assert select_integration_response(integration, "404").status_code == 200  # type: ignore[union-attr]
    templates = {"application/json": "a"}
    first = select_request_template(None, templates, "NEVER")
    templates["application/json"] = "b"
    second = select_request_template(None, templates, "NEVER")
    assert isinstance(first, UseTemplate) and isinstance(second, UseTemplate)
    assert (first.template, second.template) == ("a", "b")


def test_invoke_method_sees_a_method_edited_between_calls() -> None:
    method: dict[str, Any] = {
        "httpMethod": "GET",
        "requestParameters": {"method.request.querystring.q": True},
        "requestValidatorId": "v",
        "methodIntegration": {
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "integrationResponses": {"200": {"statusCode": "200", "selectionPattern": ""}},
        },
    }
    api = {"requestValidators": {"v": {"validateRequestParameters": True}}}
    request = build_method_request("GET", "/")
    assert invoke_method(request, method, api)["statusCode"] == 400
    method["requestParameters"]["method.request.querystring.q"] = False
    assert invoke_method(request, method, api)["statusCode"] == 200
    api["requestValidators"]["v"]["validateRequestParameters"] = True
    method["requestParameters"]["method.request.header.h"] = True
    assert invoke_method(request, method, api)["statusCode"] == 400
