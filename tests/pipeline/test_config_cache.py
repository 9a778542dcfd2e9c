"""Per-configuration caches: a configuration dict changed in place between calls is never
served from a stale compilation (configurations are plain dicts callers may edit)."""

from __future__ import annotations

from typing import Any

import pytest

from apigw_core.pipeline import (
    UseTemplate,
    build_method_request,
    invoke_method,
    schema_errors,
    select_integration_response,
    select_request_template,
)
from apigw_core.pipeline._config_cache import ConfigCache, ConfigPairCache


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


@pytest.mark.parametrize("flag", [True, False])
def test_booleans_compare_by_type_in_snapshots(flag: bool) -> None:
    cache: ConfigCache[int] = ConfigCache()
    counter = iter(range(10))
    config: dict[str, Any] = {"f": [flag]}
    first = cache.get(config, None, lambda: next(counter))
    assert cache.get(config, None, lambda: next(counter)) == first
    for changed in (int(flag), float(flag), not flag):
        config["f"][0] = changed
        assert cache.get(config, None, lambda: next(counter)) != first
    config["f"][0] = flag
    again = cache.get(config, None, lambda: next(counter))
    assert cache.get(config, None, lambda: next(counter)) == again


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


def test_a_pair_cache_hit_needs_both_objects_unchanged() -> None:
    cache: ConfigPairCache[int] = ConfigPairCache()
    counter = iter(range(10))
    first: dict[str, Any] = {"a": 1}
    second: dict[str, Any] = {"b": [True]}
    value = cache.get(first, second, lambda: next(counter))
    assert cache.get(first, second, lambda: next(counter)) == value
    second["b"][0] = 1
    changed = cache.get(first, second, lambda: next(counter))
    assert changed != value
    first["a"] = 1.0
    assert cache.get(first, second, lambda: next(counter)) != changed
    assert cache.get(dict(first), second, lambda: next(counter)) not in (value, changed)


def test_a_pair_cache_finds_what_get_would_return_without_building() -> None:
    cache: ConfigPairCache[str] = ConfigPairCache()
    first: dict[str, Any] = {"a": 1}
    second: dict[str, Any] = {"b": [True]}
    assert cache.find(first, second) is None
    value = cache.get(first, second, lambda: "built")
    assert cache.find(first, second) == value
    second["b"][0] = 1  # True is not 1
    assert cache.find(first, second) is None
    assert cache.find(dict(first), second) is None


def _mock_method(template: str) -> dict[str, Any]:
    return {
        "httpMethod": "GET",
        "methodResponses": {"200": {"statusCode": "200"}, "404": {"statusCode": "404"}},
        "methodIntegration": {
            "type": "MOCK",
            "requestTemplates": {"application/json": '{"statusCode": 404}'},
            "integrationResponses": {
                "200": {"statusCode": "200", "selectionPattern": ""},
                "404": {
                    "statusCode": "404",
                    "selectionPattern": "404",
                    "responseTemplates": {"application/json": template},
                },
            },
        },
    }


def test_invoke_method_sees_templates_and_selection_edited_between_calls() -> None:
    method = _mock_method("first")
    api = {"id": "a1"}  # the same objects each call, so that cached plans are reused
    request = build_method_request("GET", "/")
    assert invoke_method(request, method, api)["body"] == "first"
    integration = method["methodIntegration"]
    integration["integrationResponses"]["404"]["responseTemplates"]["application/json"] = "second"
    assert invoke_method(request, method, api)["body"] == "second"
    integration["integrationResponses"]["404"]["selectionPattern"] = "5\\d{2}"
    assert invoke_method(request, method, api)["statusCode"] == 200
    integration["requestTemplates"]["application/json"] = '{"statusCode": 500}'
    integration["passthroughBehavior"] = "NEVER"
    plain = build_method_request("GET", "/", headers={"Content-Type": "text/plain"})
    assert invoke_method(plain, method, api)["statusCode"] == 415


def test_a_backend_that_edits_the_method_is_seen_by_the_steps_after_it() -> None:
    method: dict[str, Any] = {
        "httpMethod": "GET",
        "methodIntegration": {
            "type": "HTTP",
            "uri": "https://example.com/",
            "integrationResponses": {
                "200": {
                    "statusCode": "200",
                    "selectionPattern": "",
                    "responseTemplates": {"application/json": "before"},
                }
            },
        },
    }
    api = {"id": "a1"}
    request = build_method_request("GET", "/")

    def backend(_: dict[str, Any]) -> dict[str, Any]:
        responses = method["methodIntegration"]["integrationResponses"]
        responses["200"]["responseTemplates"]["application/json"] = "after"
        return {"statusCode": 200, "body": ""}

    assert invoke_method(request, method, api, backend=lambda _: {"statusCode": 200})["body"] == (
        "before"
    )
    assert invoke_method(request, method, api, backend=backend)["body"] == "after"


def test_a_pair_cache_reuses_no_stale_snapshot_of_the_first_object() -> None:
    cache: ConfigPairCache[int] = ConfigPairCache()
    counter = iter(range(10))
    first: dict[str, Any] = {"a": [1]}
    cache.get(first, {"b": 1}, lambda: next(counter))
    first["a"].append(2)  # edited before it is paired with another second object
    second = {"b": 2}
    value = cache.get(first, second, lambda: next(counter))
    assert cache.get(first, second, lambda: next(counter)) == value
    first["a"].append(3)
    assert cache.get(first, second, lambda: next(counter)) != value


def test_invoke_method_without_an_api_reuses_its_plan_and_sees_edits() -> None:
    method = _mock_method("first")
    request = build_method_request("GET", "/")
    assert invoke_method(request, method, None)["body"] == "first"
    assert invoke_method(request, method, {})["body"] == "first"
    method["methodIntegration"]["integrationResponses"]["404"]["responseTemplates"] = {
        "application/json": "second"
    }
    assert invoke_method(request, method, {})["body"] == "second"
