"""The fast draft-4 validity check agrees with jsonschema's Draft4Validator (VPB A.5).

Request validation runs the compiled check first and asks jsonschema for messages only when
it fails, so "valid" must mean exactly what jsonschema means. Random schemas from a small
grammar, every draft-4 validation keyword included, meet random JSON instances.
"""

from __future__ import annotations

from typing import Any

import hypothesis.strategies as st
import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings

from apigw_core.errors import ConfigurationError
from apigw_core.pipeline import schema_errors
from apigw_core.pipeline.validation import _ModelSet, model_url

NAMES = ["a", "b", "c", "ab"]
TYPES = ["array", "boolean", "integer", "null", "number", "object", "string"]
PATTERNS = ["^a", "b$", "a+b", "^$", "[0-9]", "^(a|b)*$"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.0, 0.5, 1.0, 1.5, -2.0, 2.5, 1e300]),
    st.text("ab1", max_size=3),
)
instances = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(NAMES), inner, max_size=4)
    ),
    max_leaves=12,
)
numbers = st.one_of(st.integers(-3, 3), st.sampled_from([0.5, 1.0, 1.5, -2.0]))
positive = st.one_of(st.integers(1, 3), st.sampled_from([0.5, 1.5, 0.1]))
counts = st.integers(0, 3)


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    keywords = st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(
                st.sampled_from(TYPES), st.lists(st.sampled_from(TYPES), min_size=1, max_size=3)
            ),
            "enum": st.lists(scalars | st.lists(scalars, max_size=2), min_size=1, max_size=4),
            "minimum": numbers,
            "maximum": numbers,
            "exclusiveMinimum": st.booleans(),
            "exclusiveMaximum": st.booleans(),
            "multipleOf": positive,
            "minLength": counts,
            "maxLength": counts,
            "pattern": st.sampled_from(PATTERNS),
            "minItems": counts,
            "maxItems": counts,
            "uniqueItems": st.booleans(),
            "minProperties": counts,
            "maxProperties": counts,
            "required": st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
            "format": st.sampled_from(["email", "date-time", "ipv4"]),
        },
    ).map(_draft4_dependencies)
    # One leaf in four is a reference: to a definition, the model itself, another model.
    refs = st.sampled_from(["#/definitions/d", "#", "N", "#/definitions/d/items"])
    return keywords | keywords | keywords | st.fixed_dictionaries({"$ref": refs})


def _draft4_dependencies(schema: dict[str, Any]) -> dict[str, Any]:
    # Draft 4: exclusiveMinimum requires minimum, exclusiveMaximum requires maximum.
    if "exclusiveMinimum" in schema and "minimum" not in schema:
        del schema["exclusiveMinimum"]
    if "exclusiveMaximum" in schema and "maximum" not in schema:
        del schema["exclusiveMaximum"]
    return schema


def _composite(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    both = st.tuples(_leaf(), st.fixed_dictionaries(
        {},
        optional={
            "properties": st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
            "patternProperties": st.dictionaries(st.sampled_from(PATTERNS), inner, max_size=2),
            "additionalProperties": st.booleans() | inner,
            "items": inner | st.lists(inner, max_size=3),
            "additionalItems": st.booleans() | inner,
            "dependencies": st.dictionaries(
                st.sampled_from(NAMES),
                inner | st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True),
                max_size=2,
            ),
            "allOf": st.lists(inner, min_size=1, max_size=3),
            "anyOf": st.lists(inner, min_size=1, max_size=3),
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "not": inner,
        },
    ))  # fmt: skip
    return both.map(lambda pair: {**pair[0], **pair[1]})


schemas = st.recursive(_leaf(), _composite, max_leaves=6)


def _models(schema: dict[str, Any], definition: dict[str, Any], other: dict[str, Any]) -> _ModelSet:
    return _ModelSet({"M": {**schema, "definitions": {"d": definition}}, "N": other}, "api")


def _jsonschema_valid(models: _ModelSet, instance: object) -> bool:
    return not any(True for _ in models.validator("M").iter_errors(instance))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schemas, schemas, _leaf(), st.lists(instances, min_size=1, max_size=6))
def test_fast_check_agrees_with_jsonschema(
    schema: dict[str, Any], definition: dict[str, Any], other: dict[str, Any], data: list[Any]
) -> None:
    models = _models(schema, definition, other)
    try:
        check = models.check("M")
    except ConfigurationError:
        assume(False)  # not a valid draft-4 schema: rejected before any validation
        raise
    assume(check is not None)  # a $ref to nowhere: jsonschema decides (and raises)
    for instance in data:
        try:
            expected = _jsonschema_valid(models, instance)
        except RecursionError:
            continue  # a $ref cycle that never consumes input: both recurse
        assert check(instance) is expected, instance


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ({"type": "integer"}, 1.0, False),  # draft 4: 1.0 is not an integer
        ({"type": "number"}, True, False),
        ({"enum": [1]}, True, False),
        ({"enum": [[1]]}, [True], False),
        ({"enum": [1]}, 1.0, True),
        ({"uniqueItems": True}, [1, 1.0], False),
        ({"uniqueItems": True}, [1, True], True),
        ({"uniqueItems": True}, [[1], [True]], True),
        ({"multipleOf": 0.1}, 0.3, False),  # float division, as jsonschema does
        ({"multipleOf": 2}, 4.0, True),
        ({"maximum": 1e308, "multipleOf": 0.5}, 10**400, False),
        ({"additionalItems": False}, [1, 2], True),  # no items array: nothing is additional
        ({"items": [{}], "additionalItems": False}, [1, 2], False),
        ({"properties": {"a": {}}, "patternProperties": {"^b": {}}, "additionalProperties": False}, {"a": 1, "bc": 2}, True),
        ({"dependencies": {"a": ["b"]}}, {"a": 1}, False),
        ({"oneOf": [{}, {}]}, 1, False),
        ({"format": "email"}, "not an email", True),  # VAL-6: format is not enforced
        ({"$ref": "#/definitions/x", "type": "string", "definitions": {"x": {}}}, 1, True),
    ],
)  # fmt: skip
def test_fast_check_examples(schema: dict[str, Any], instance: object, valid: bool) -> None:
    models = _ModelSet({"M": schema}, "api")
    check = models.check("M")
    assert check is not None
    assert check(instance) is valid
    assert _jsonschema_valid(models, instance) is valid


@pytest.mark.parametrize(
    "schema",
    [
        {"id": "http://example.com/s", "properties": {"a": {"$ref": "#/definitions/x"}}},
        {"properties": {"a": {"$ref": "#anchor"}}},
        {"properties": {"a": {"$ref": "https://example.com/other"}}},
    ],
)
def test_unsupported_models_fall_back_to_jsonschema(schema: dict[str, Any]) -> None:
    assert _ModelSet({"M": schema}, "api").check("M") is None


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"properties": {"a": {"$ref": "#/definitions/missing"}}}, "points to nothing"),
        ({"items": {"$ref": model_url("api", "Nope")}}, "unknown model 'Nope'"),
        ({"not": {"$ref": "Nope"}}, "unknown model 'Nope'"),  # relative to the model's URL
    ],
)
def test_unresolvable_references_are_configuration_errors(
    schema: dict[str, Any], message: str
) -> None:
    # VAL-5: references between models must resolve; reported when the model is compiled,
    # whether or not a body reaches the reference.
    with pytest.raises(ConfigurationError, match=message):
        schema_errors({}, "M", {"id": "api", "models": {"M": schema}})


def test_model_references_resolve_by_any_api_id() -> None:
    # VAL-5: an absolute model URL with another API's id still names this API's model.
    models = {
        "M": {"properties": {"n": {"$ref": model_url("other", "N")}}},
        "N": {"type": "string"},
    }
    model_set = _ModelSet(models, "api")
    check = model_set.check("M")
    assert check is not None
    assert check({"n": "x"}) and not check({"n": 1})
    assert schema_errors({"n": 1}, "M", {"id": "api", "models": models}) != []


@pytest.mark.parametrize(
    "schema",
    [
        {"patternProperties": {"(": {}}},
        {"patternProperties": {"#": {}, "(?i)a": {}}, "additionalProperties": False},
    ],
)
def test_bad_regex_is_a_configuration_error(schema: dict[str, Any]) -> None:
    # The configuration is checked when the model is compiled, not when a body happens to
    # reach the keyword (issue 4: never a random exception).
    with pytest.raises(ConfigurationError, match="regular expression"):
        schema_errors({}, "M", {"models": {"M": schema}})


def test_jsonschema_still_words_the_messages() -> None:
    api = {"models": {"M": {"type": "object", "required": ["a"]}}}
    assert schema_errors({}, "M", api) == ['object has missing required properties (["a"])']
    assert jsonschema.Draft4Validator({"required": ["a"]}).is_valid({}) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "#"},
        {"allOf": [{"$ref": "#"}]},
        {"anyOf": [{"type": "string"}, {"not": {"$ref": "#/definitions/a"}}], "definitions": {"a": {"$ref": "#"}}},
        {"dependencies": {"a": {"$ref": "#"}}},
    ],
)  # fmt: skip
def test_a_reference_loop_that_never_moves_on_is_a_configuration_error(
    schema: dict[str, Any],
) -> None:
    # jsonschema would recurse until Python (or its Rust map) gives up, on some instances.
    with pytest.raises(ConfigurationError, match="refers back to itself"):
        schema_errors({"a": 1}, "M", {"models": {"M": schema}})


def test_recursion_through_properties_and_items_is_fine() -> None:
    tree = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#"}}},
        "additionalProperties": {"$ref": "#"},
    }
    api = {"models": {"Tree": tree}}
    assert schema_errors({"children": [{"children": []}], "x": {}}, "Tree", api) == []
    assert schema_errors({"children": [1]}, "Tree", api) != []


#: Leaf schemas the checker fuses into one closure (a type with its length or bounds), and
#: values for them that are not JSON too (a bool, another Number, a str subclass).
fusable_leaves = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("string")},
        optional={"minLength": counts, "maxLength": counts, "description": st.just("d")},
    ),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["number", "integer"])},
        optional={
            "minimum": numbers,
            "maximum": numbers,
            "exclusiveMinimum": st.booleans(),
            "exclusiveMaximum": st.booleans(),
            "title": st.just("t"),
        },
    ).map(_draft4_dependencies),
)


class _Text(str):
    pass


others = st.one_of(
    st.sampled_from([True, False, float("nan"), float("inf"), 10**400, _Text("ab")]),
    st.decimals(allow_nan=False, places=1, min_value=-4, max_value=4),
)


@settings(max_examples=300, deadline=None)
@given(fusable_leaves, st.lists(instances, max_size=6), st.lists(others, max_size=3))
def test_fused_leaf_checks_agree_with_jsonschema(
    schema: dict[str, Any], data: list[Any], other: list[Any]
) -> None:
    models = _models({"properties": {"a": schema}, **schema}, {}, {})
    check = models.check("M")
    assert check is not None
    for instance in data:
        for value in (instance, {"a": instance}):
            assert check(value) is _jsonschema_valid(models, value), value
    for instance in other:
        for value in (instance, {"a": instance}):
            # beyond JSON, "invalid" may hand the verdict to jsonschema; "valid" must hold
            assert not check(value) or _jsonschema_valid(models, value), value


#: Object schemas with required and properties, and array schemas with one items schema,
#: which the checker fuses into one closure; an array of a plain type tests its items inline.
fusable_containers = st.recursive(
    fusable_leaves | st.fixed_dictionaries({"type": st.sampled_from(TYPES)}) | st.just({}),
    lambda inner: (
        st.fixed_dictionaries(
            {"type": st.just("object")},
            optional={
                "required": st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
                "properties": st.dictionaries(st.sampled_from(NAMES), inner, max_size=3),
                "title": st.just("t"),
            },
        )
        | st.fixed_dictionaries({"type": st.just("array"), "items": inner})
    ),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(fusable_containers, st.lists(instances, max_size=6), st.lists(others, max_size=3))
def test_fused_container_checks_agree_with_jsonschema(
    schema: dict[str, Any], data: list[Any], other: list[Any]
) -> None:
    models = _models(schema, {}, {})
    check = models.check("M")
    assert check is not None
    for instance in [*data, [data], {"a": data, "b": "a"}]:
        assert check(instance) is _jsonschema_valid(models, instance), instance
    for instance in other:
        for value in (instance, [instance], {"a": instance, "b": [instance]}):
            assert not check(value) or _jsonschema_valid(models, value), value


def test_fused_containers_take_subclasses_of_their_types() -> None:
    models = _models(
        {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "array", "items": {"type": "string"}}},
        },
        {},
        {},
    )
    check = models.check("M")
    assert check is not None
    assert check({"a": [_Text("x"), "y"]}) is _jsonschema_valid(models, {"a": [_Text("x")]}) is True
    assert not check({"a": ["x", 1]})
    assert not check({"b": []})
