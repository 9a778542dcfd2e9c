"""Request validation: required parameters, then the body against its model (VPB part A,
VAL-1 to VAL-8).

Models are JSON Schema **draft 4** whatever their ``$schema`` says (VPB A.5), validated
with ``jsonschema``'s ``Draft4Validator``; ``format`` is not enforced (VAL-6). Models
reference each other as ``https://apigateway.amazonaws.com/restapis/{id}/models/{name}``
(VAL-5).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import attrs
import jsonschema
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT4

from apigw_core.errors import ConfigurationError
from apigw_core.mapping.json_values import reject_constant
from apigw_core.pipeline import _json
from apigw_core.pipeline import request as _request
from apigw_core.pipeline._config_cache import ConfigCache
from apigw_core.pipeline._draft4 import Check, Unsupported, compile_model_check
from apigw_core.pipeline._shapes import check_request, config_map, optional_map
from apigw_core.pipeline.enums import GatewayResponseType
from apigw_core.pipeline.gateway_responses import GatewayError
from apigw_core.pipeline.media import DEFAULT_MEDIA_TYPE, media_type

__all__ = [
    "BUILTIN_MODELS",
    "MODEL_URL_PREFIX",
    "ValidationResult",
    "find_missing_parameters",
    "load_models",
    "model_url",
    "request_validator",
    "schema_errors",
    "select_request_model",
    "validate_request",
    "validate_request_body",
    "validate_request_parameters",
]

#: The prefix of a model's absolute URL (VPB A.5 item 6, VAL-5).
MODEL_URL_PREFIX = "https://apigateway.amazonaws.com/restapis/"

_MODEL_URL = re.compile(r"^https://apigateway\.amazonaws\.com/restapis/([^/]*)/models/([^/#?]+)")

#: The models every API has (VPB A.5 item 11).
BUILTIN_MODELS: Mapping[str, Mapping[str, Any]] = {
    "Empty": {"type": "object", "title": "Empty Schema"},
    "Error": {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Error Schema",
        "type": "object",
        "properties": {"message": {"type": "string"}},
    },
}


def _subresources(contents: Any) -> Iterator[Any]:
    return (each for each in DRAFT4.subresources_of(contents) if isinstance(each, Mapping))


#: Draft 4 as ``referencing`` knows it, except that a property list in ``dependencies`` is not
#: crawled as a schema: referencing 0.37 does so once the first dependency is a schema, and
#: the crawl a cross-model ``$ref`` starts then fails with AttributeError.
_SPEC = attrs.evolve(DRAFT4, subresources_of=_subresources)  # type: ignore[misc]  # attrs-made, unstubbed

_PARAMETER_KEY = re.compile(
    r"^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$"
)


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate_request`.

    ``error`` is a ``BAD_REQUEST_PARAMETERS`` or ``BAD_REQUEST_BODY`` gateway error, or
    ``None`` when the request may proceed. ``content_type`` is the media type used to pick
    the model (``application/json`` when the request has none, VAL-4); ``model`` the model
    name validated against, if any. ``log`` holds execution-log lines.
    """

    error: GatewayError | None
    content_type: str
    model: str | None = None
    log: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether validation passed (or was not enabled)."""
        return self.error is None


def model_url(api_id: str, name: str) -> str:
    """The absolute URL by which a model of API ``api_id`` is referenced (VPB A.5 item 6)."""
    return f"{MODEL_URL_PREFIX}{api_id}/models/{name}"


# --- configuration -----------------------------------------------------------------------


def _schema_document(name: str, value: object) -> dict[str, Any]:
    if isinstance(value, Mapping) and isinstance(value.get("schema"), str | Mapping):
        keys = set(value)
        if keys <= {"id", "name", "description", "schema", "contentType"}:
            value = value["schema"]
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ConfigurationError(f"model {name!r}: schema is not valid JSON ({exc})") from None
    if not isinstance(value, Mapping):
        raise ConfigurationError(f"model {name!r}: schema must be a JSON object")
    return dict(value)


def load_models(api: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The API's models by name, built-in ``Empty`` and ``Error`` included.

    ``api["models"]`` maps a name to its schema document; a schema given as JSON text, a
    GetModel response (``{"name", "contentType", "schema": "<json>"}``) and a GetModels
    ``items`` list are accepted too.
    """
    raw = config_map(api, "api").get("models") or {}
    pairs: list[tuple[str, object]]
    if isinstance(raw, Mapping) and isinstance(raw.get("items"), list):
        raw = raw["items"]
    if isinstance(raw, list):
        pairs = []
        for item in raw:
            if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
                raise ConfigurationError("each model in a models list needs a 'name'")
            pairs.append((item["name"], item))
    elif isinstance(raw, Mapping):
        pairs = [(str(k), v) for k, v in raw.items()]
    else:
        raise ConfigurationError("api['models'] must map model names to schemas")
    models = {name: dict(schema) for name, schema in BUILTIN_MODELS.items()}
    for name, value in pairs:
        models[name] = _schema_document(name, value)
    return models


def request_validator(method: Mapping[str, Any], api: Mapping[str, Any]) -> tuple[bool, bool]:
    """``(validateRequestParameters, validateRequestBody)`` in force for ``method``.

    A method without ``requestValidatorId`` is not validated (VPB A.3). The id is looked up
    in ``api["requestValidators"]`` (an id-keyed map, or GetRequestValidators ``items``;
    a validator's ``name`` is accepted as well).
    """
    validator_id = method.get("requestValidatorId")
    if validator_id in (None, ""):
        return False, False
    validators = api.get("requestValidators")
    key = validator_id if isinstance(validator_id, str) else repr(validator_id)
    return _VALIDATOR_FLAGS.get(validators, key, lambda: _validator_flags(validators, validator_id))


def _validator_flags(validators: object, validator_id: object) -> tuple[bool, bool]:
    raw = validators or {}
    if isinstance(raw, Mapping) and isinstance(raw.get("items"), list):
        raw = raw["items"]
    entries: list[tuple[object, Mapping[str, Any]]] = []
    if isinstance(raw, list):
        entries = [(item.get("id"), item) for item in raw if isinstance(item, Mapping)]
    elif isinstance(raw, Mapping):
        entries = [(k, v) for k, v in raw.items() if isinstance(v, Mapping)]
    else:
        raise ConfigurationError(
            f"api['requestValidators'] must be a map of id to validator; got {validators!r}"
        )
    found = next((v for k, v in entries if k == validator_id), None)
    if found is None:
        found = next((v for _, v in entries if v.get("name") == validator_id), None)
    if found is None:
        raise ConfigurationError(
            f"requestValidatorId {validator_id!r} is not in api['requestValidators']"
        )
    return bool(found.get("validateRequestParameters")), bool(found.get("validateRequestBody"))


_VALIDATOR_FLAGS: ConfigCache[tuple[bool, bool]] = ConfigCache()


def _required_parameters(
    request_parameters: Mapping[str, Any] | None,
) -> tuple[tuple[str, str], ...]:
    """``(location, name)`` of the required parameters, in reporting order.

    VAL-2: headers, then path, then query string; that is also the order of the sorted
    ``method.request.<loc>.<name>`` keys, which is the rule used (it also orders names
    within a location, which the recordings do not show).
    """
    return _REQUIRED.get(request_parameters, None, lambda: _parse_required(request_parameters))


def _parse_required(request_parameters: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    if request_parameters is not None and not isinstance(request_parameters, Mapping):
        raise ConfigurationError(
            f"requestParameters must map method.request.* names to booleans; got "
            f"{request_parameters!r}"
        )
    seen: dict[tuple[str, str], str] = {}
    required: list[tuple[str, str]] = []
    for key in sorted(request_parameters or {}, key=str):
        match = _PARAMETER_KEY.match(key) if type(key) is str else None
        if match is None:
            raise ConfigurationError(
                f"illegal method request parameter {key!r}: expected "
                "method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.NAME"
            )
        location, name = match.groups()
        if location in ("path", "querystring", "header"):
            # VAL-8 (recorded control-plane check).
            previous = seen.get(("basic", name))
            if previous is not None and previous != location:
                raise ConfigurationError(
                    f"parameter {name!r}: Parameter names must be unique across querystring, header and path"
                )
            seen[("basic", name)] = location
        flag = (request_parameters or {})[key]
        if flag is True or flag == "true":
            required.append((location, name))
    return tuple(required)


_REQUIRED: ConfigCache[tuple[tuple[str, str], ...]] = ConfigCache()


# --- parameters --------------------------------------------------------------------------


def find_missing_parameters(
    request: Mapping[str, Any], request_parameters: Mapping[str, Any] | None
) -> list[str]:
    """Names of the required parameters that are absent or blank, in API Gateway's order.

    Header names match case-insensitively, query string names case-sensitively. A
    multi-value location is satisfied by any non-blank value (VPB OQ-39). A required path
    parameter that the resource path does not declare is always missing (VAL-3).
    """
    request = check_request(request)
    return _missing_parameters(request, _required_parameters(request_parameters))


def _missing_parameters(
    request: Mapping[str, Any], required: tuple[tuple[str, str], ...]
) -> list[str]:
    missing: list[str] = []
    for location, name in required:
        if location in ("header", "multivalueheader"):
            values = _request.header_values(request, name)
        elif location in ("querystring", "multivaluequerystring"):
            values = _request.query_values(request, name)
        else:
            value = _request.path_parameter(request, name)
            values = [] if value is None else [value]
        for value in values:
            # VPB A.4 item 3: "present and not blank"; whitespace-only counts as blank
            # (OQ-40). The values are strings.
            if value and not value.isspace():
                break
        else:
            missing.append(name)
    return missing


def validate_request_parameters(
    request: Mapping[str, Any], method: Mapping[str, Any]
) -> GatewayError | None:
    """The ``BAD_REQUEST_PARAMETERS`` error when required parameters are missing (VPB A.4).

    Message: ``Missing required request parameters: [a, b]`` with all missing names,
    comma-and-space separated, without location (VAL-2).
    """
    method = config_map(method, "method")
    return _parameters_error(find_missing_parameters(request, method.get("requestParameters")))


def _parameters_error(missing: list[str]) -> GatewayError | None:
    if not missing:
        return None
    message = f"Missing required request parameters: [{', '.join(missing)}]"
    return GatewayError(
        GatewayResponseType.BAD_REQUEST_PARAMETERS,
        message,
        validation_error_string=message,
        log=(f"Request validation failed: {message}",),
    )


# --- body --------------------------------------------------------------------------------


def select_request_model(
    request: Mapping[str, Any], request_models: Mapping[str, Any] | None
) -> tuple[str, str | None]:
    """``(content_type, model_name)`` for the request's body (VPB A.5 items 2 to 5).

    The key is the ``Content-Type`` media type, parameters and letter case ignored;
    ``application/json`` when there is none (VAL-4). An exact key wins, then ``$default``;
    otherwise ``model_name`` is ``None`` and the body is not validated.
    """
    request = check_request(request)
    models = optional_map(request_models, "requestModels")
    return _select_model(_request.header_value(request, "Content-Type"), models)


def _select_model(
    header: str | None, request_models: Mapping[str, Any] | None
) -> tuple[str, str | None]:
    """:func:`select_request_model` for the request's ``Content-Type`` value ``header``."""
    content_type = media_type(header) or DEFAULT_MEDIA_TYPE
    models = request_models or {}
    if content_type in models:
        return content_type, str(models[content_type])
    for key, name in models.items():
        if media_type(key) == content_type:
            return content_type, str(name)
    if "$default" in models:
        return content_type, str(models["$default"])
    return content_type, None


_SUBSCHEMA_MAPS = ("properties", "patternProperties", "definitions", "dependencies")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMA_SINGLE = ("not", "additionalProperties", "additionalItems")


def _pointer_exists(document: Mapping[str, Any], pointer: str) -> bool:
    node: object = document
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def _prepare(node: object, root: Mapping[str, Any], models: Mapping[str, Any], url: str) -> object:
    """Copy a schema for validation: ``$schema`` dropped (draft 4 always, VPB A.5), and
    ``#/components/schemas/X`` or ``#/definitions/X`` pointing at another model rewritten
    to the model URL, as OpenAPI import does (VAL-5)."""
    if isinstance(node, list):
        return [_prepare(item, root, models, url) for item in node]
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$schema":
            continue
        if key == "$ref" and isinstance(value, str):
            out[key] = _rewrite_ref(value, root, models, url)
        elif key in _SUBSCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {k: _prepare(v, root, models, url) for k, v in value.items()}
        elif key in _SUBSCHEMA_LISTS or key in _SUBSCHEMA_SINGLE or key == "items":
            out[key] = _prepare(value, root, models, url)
        else:
            out[key] = value
    return out


def _rewrite_ref(ref: str, root: Mapping[str, Any], models: Mapping[str, Any], url: str) -> str:
    for prefix in ("#/components/schemas/", "#/definitions/"):
        if ref.startswith(prefix):
            name = ref[len(prefix) :]
            if not _pointer_exists(root, ref[1:]) and name in models:
                return url.rsplit("/", 1)[0] + "/" + name
    return ref


class _ModelSet:
    """One API's models, each prepared, checked against the draft-4 metaschema and compiled
    on first use: the fast validity check, and ``jsonschema``'s validator for messages."""

    def __init__(self, models: Mapping[str, dict[str, Any]], api_id: str) -> None:
        self.models = models
        self.api_id = api_id
        self._prepared: dict[str, Any] = {}
        self._validators: dict[str, Any] = {}
        self._checks: dict[str, Check | None] = {}
        self._all: frozenset[str] | None = None

    def prepared(self, name: str) -> Any:
        if name not in self._prepared:
            document = self.models[name]
            schema = _prepare(document, document, self.models, model_url(self.api_id, name))
            try:
                jsonschema.Draft4Validator.check_schema(schema)
            except jsonschema.SchemaError as exc:
                raise ConfigurationError(
                    f"model {name!r} is not a valid draft-4 schema: {exc.message}"
                ) from None
            self._prepared[name] = schema
        return self._prepared[name]

    def _known(self, model: str) -> None:
        if model not in self.models:
            raise ConfigurationError(f"unknown model {model!r}: it is not in api['models']")

    def _document(self, url: str, root: str) -> tuple[str, Any] | None:
        if url == model_url(self.api_id, root):
            return root, self.prepared(root)
        match = _MODEL_URL.match(url)
        if match is None:
            return None
        if match.group(2) not in self.models:
            raise ConfigurationError(
                f"model {root!r} references the unknown model {match.group(2)!r} ({url})"
            )
        # VAL-5: any API id in the URL resolves against this API's models.
        return match.group(2), self.prepared(match.group(2))

    def check_all(self) -> frozenset[str]:
        """Compile every model (raising :class:`ConfigurationError` for a bad one); the
        names of the models."""
        if self._all is None:
            for name in self.models:
                self.check(name)
            self._all = frozenset(self.models)
        return self._all

    def check(self, model: str) -> Check | None:
        """The fast validity check of ``model``; ``None`` where only jsonschema decides."""
        if model not in self._checks:
            self._known(model)
            check: Check | None
            try:
                check = compile_model_check(
                    model, model_url(self.api_id, model), lambda url: self._document(url, model)
                )
            except Unsupported:
                check = None
            self._checks[model] = check
        return self._checks[model]

    def validator(self, model: str) -> Any:  # jsonschema.Draft4Validator
        """``jsonschema``'s validator of ``model``, which details the violations."""
        if model not in self._validators:
            self._known(model)

            def retrieve(uri: str) -> referencing.Resource[Any]:
                found = self._document(uri, model)
                if found is None:
                    raise referencing.exceptions.NoSuchResource(uri)
                return _SPEC.create_resource(found[1])

            url = model_url(self.api_id, model)
            registry: referencing.Registry[Any] = referencing.Registry(retrieve=retrieve)  # type: ignore[call-arg]
            registry = registry.with_resource(url, _SPEC.create_resource(self.prepared(model)))
            self._validators[model] = jsonschema.Draft4Validator(
                {"$ref": url}, registry=registry, format_checker=None
            )
        return self._validators[model]


@functools.lru_cache(maxsize=256)
def _model_set_by_value(models_json: str, api_id: str) -> _ModelSet:
    """Memoised by value, as ``vtl.compile`` is: checking a draft-4 schema against the
    metaschema costs far more than validating a body."""
    return _ModelSet(json.loads(models_json), api_id)


def _load_model_set(api: Mapping[str, Any], api_id: str) -> _ModelSet:
    models = load_models(api)
    try:
        key = json.dumps(models, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"api['models'] must be JSON data: {exc}") from None
    return _model_set_by_value(key, api_id)


_MODEL_SETS: ConfigCache[_ModelSet] = ConfigCache()


def _model_set(api: Mapping[str, Any]) -> _ModelSet:
    """The compiled models of ``api``: by identity while ``api['models']`` is unchanged,
    else by value."""
    api_id = str(api.get("id") or "api")
    return _MODEL_SETS.get(api.get("models"), api_id, lambda: _load_model_set(api, api_id))


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _number(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _message(error: Any) -> str:
    """One violation in the wording of the Java validator API Gateway uses (inferred;
    VPB OQ-6 leaves ``validationErrorString`` unrecorded)."""
    keyword, expected, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = sorted(p for p in expected if p not in instance)
        return f"object has missing required properties ({_compact(missing)})"
    if keyword == "type":
        allowed = sorted([expected] if isinstance(expected, str) else expected)
        return (
            f"instance type ({_json_type(instance)}) does not match any allowed primitive "
            f"type (allowed: {_compact(allowed)})"
        )
    if keyword == "enum":
        return (
            f"instance value ({_compact(instance)}) not found in enum "
            f"(possible values: {_compact(expected)})"
        )
    if keyword == "maximum":
        if error.schema.get("exclusiveMaximum") and instance == expected:
            return f"numeric instance is not strictly lower than the required maximum {_number(expected)}"
        return (
            "numeric instance is greater than the required maximum "
            f"(maximum: {_number(expected)}, found: {_number(instance)})"
        )
    if keyword == "minimum":
        if error.schema.get("exclusiveMinimum") and instance == expected:
            return f"numeric instance is not strictly greater than the required minimum {_number(expected)}"
        return (
            "numeric instance is lower than the required minimum "
            f"(minimum: {_number(expected)}, found: {_number(instance)})"
        )
    simple: dict[str, Callable[[], str]] = {
        "minLength": lambda: f"string {_compact(instance)} is too short (length: {len(instance)}, required minimum: {expected})",
        "maxLength": lambda: f"string {_compact(instance)} is too long (length: {len(instance)}, maximum allowed: {expected})",
        "pattern": lambda: f"ECMA 262 regex {_compact(expected)} does not match input string {_compact(instance)}",
        "minItems": lambda: f"array is too short: must have at least {expected} elements but instance has {len(instance)} elements",
        "maxItems": lambda: f"array is too long: must have at most {expected} elements but instance has {len(instance)} elements",
        "uniqueItems": lambda: "array must not contain duplicate elements",
        "minProperties": lambda: f"object has too few properties (found {len(instance)} but schema requires at least {expected})",
        "maxProperties": lambda: f"object has too many properties (found {len(instance)} but schema requires at most {expected})",
        "multipleOf": lambda: f"remainder of division is not zero ({_number(instance)} / {_number(expected)})",
        "anyOf": lambda: f"instance failed to match at least one required schema among {len(expected)}",
        "not": lambda: "instance matched a schema which it should not have",
    }  # fmt: skip
    if keyword in simple:
        return simple[keyword]()
    if keyword == "additionalProperties":
        allowed_names = set(error.schema.get("properties", {}))
        patterns = list(error.schema.get("patternProperties", {}))
        extra = sorted(
            k
            for k in instance
            if k not in allowed_names and not any(re.search(p, k) for p in patterns)
        )
        return (
            f"object instance has properties which are not allowed by the schema: {_compact(extra)}"
        )
    if keyword == "oneOf":
        matched = 0 if "is not valid under any" in error.message else 2
        return f"instance failed to match exactly one schema (matched {matched} out of {len(expected)})"
    return str(error.message)


def _iter_errors(validator: Any, instance: object) -> Iterator[Any]:
    try:
        yield from validator.iter_errors(instance)
    except referencing.exceptions.Unresolvable as exc:
        raise ConfigurationError(
            f"a model references an unknown model or definition: {exc}"
        ) from None


def schema_errors(instance: object, model: str, api: Mapping[str, Any]) -> list[str]:
    """The violations of ``instance`` against model ``model`` of ``api`` (empty: valid).

    Raises :class:`ConfigurationError` for an unknown model, an unresolvable ``$ref`` or a
    schema that is not draft 4.
    """
    return _schema_errors(_model_set(config_map(api, "api")), instance, model)


def _schema_errors(models: _ModelSet, instance: object, model: str) -> list[str]:
    check = models.check(model)
    try:
        if check is not None and check(instance):
            return []
        errors = list(_iter_errors(models.validator(model), instance))
    except RecursionError:
        raise ConfigurationError(
            f"model {model!r} refers to itself without consuming the instance"
        ) from None
    messages: list[str] = []
    seen_required: set[tuple[object, ...]] = set()
    for error in errors:
        if error.validator == "required":
            # One message per object, all missing properties together.
            where = tuple(error.absolute_path)
            if where in seen_required:
                continue
            seen_required.add(where)
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return messages


_JSON = json.JSONDecoder(parse_constant=reject_constant)


def validate_request_body(
    request: Mapping[str, Any], method: Mapping[str, Any], api: Mapping[str, Any]
) -> tuple[str, str | None, GatewayError | None]:
    """Validate the body against the model for its content type (VPB A.5, VAL-4 to VAL-6).

    Returns ``(content_type, model_name, error)``. Without a model for the content type
    nothing is checked. An absent, empty or blank body is validated as ``{}`` (VAL-4: it
    fails a schema with required properties and an array schema; IN-1: an empty body reads
    as ``{}``). A body that is not JSON fails. Bytes are decoded as UTF-8, invalid bytes
    replaced (BIN-2).
    """
    method, api = config_map(method, "method"), config_map(api, "api")
    content_type, model = select_request_model(request, method.get("requestModels"))
    return content_type, model, _body_error(request, content_type, model, api)


def _body_error(
    request: Mapping[str, Any],
    content_type: str,
    model: str | None,
    api: Mapping[str, Any],
    models: _ModelSet | None = None,
) -> GatewayError | None:
    """The body's error; ``models`` are ``api``'s compiled models when already known."""
    if model is None:
        return None
    if models is None:
        models = _model_set(api)
    body = request.get("body")
    if type(body) is str and body.isascii() and not request.get("isBase64Encoded"):
        text = body  # the bytes' UTF-8 decoding, without the round trip
    else:
        text = (_request.body_bytes(request) or b"").decode("utf-8", "replace")
    messages: list[str]
    # strip() reads the whole body; a first character that is no blank settles it
    if not text or (text[0].isspace() and text.strip() == ""):
        messages = _schema_errors(models, {}, model)
    else:
        try:
            # json.loads builds a decoder per call; it also words a leading BOM's error.
            instance = (
                _json.decode(_JSON, text)
                if text[:1] != "\ufeff"
                else _json.loads(text, parse_constant=reject_constant)
            )
        except ValueError as exc:
            messages = [f"Invalid JSON in request body: {exc}"]
        else:
            messages = _schema_errors(models, instance, model)
    if not messages:
        return None
    detail = f"[{', '.join(messages)}]"
    return GatewayError(
        GatewayResponseType.BAD_REQUEST_BODY,
        "Invalid request body",
        validation_error_string=detail,
        log=(
            f"Request body does not match model schema for content type {content_type}: {detail}",
        ),
    )


def validate_request(
    request: Mapping[str, Any], method: Mapping[str, Any], api: Mapping[str, Any]
) -> ValidationResult:
    """Run the method's request validator on ``request`` (VPB A.7, VAL-1 to VAL-7).

    * ``request``: the method request in proxy event 1.0 shape.
    * ``method``: a GetMethod response (``requestValidatorId``, ``requestParameters``,
      ``requestModels``).
    * ``api``: a GetRestApi response plus ``models`` and ``requestValidators``.

    Parameters are checked first; if they fail, the body is not checked and only
    ``BAD_REQUEST_PARAMETERS`` is returned (VAL-1). Validation applies to every integration
    type, proxies included (VAL-7); a validator with both flags false checks nothing.
    """
    request = check_request(request)
    method, api = config_map(method, "method"), config_map(api, "api")
    flags = request_validator(method, api)
    token = _request.pin(request)  # the model choice and the parameters read one grouping
    try:
        return _validate(request, method, api, flags)
    finally:
        _request.unpin(token)


def _validate(
    request: Mapping[str, Any],
    method: Mapping[str, Any],
    api: Mapping[str, Any],
    flags: tuple[bool, bool],
    required: tuple[tuple[str, str], ...] | None = None,
    models: _ModelSet | None = None,
) -> ValidationResult:
    """:func:`validate_request` with the validator's ``flags`` given, and the required
    parameters and compiled models when the caller has them (``invoke_method``'s plan)."""
    check_parameters, check_body = flags
    content_type, model = select_request_model(request, method.get("requestModels"))
    if not (check_parameters or check_body):
        return ValidationResult(None, content_type)
    if required is None:
        required = _required_parameters(method.get("requestParameters"))
    error = _request_error(request, content_type, model, api, flags, required, models)
    if not check_body or (
        error is not None and error.response_type is GatewayResponseType.BAD_REQUEST_PARAMETERS
    ):
        model = None  # the body was not validated
    if error is not None:
        return ValidationResult(error, content_type, model, error.log)
    # VPB A.6: printed even when only parameters are validated.
    return ValidationResult(None, content_type, model, (_succeeded(content_type),))


#: ``(request, its header index) -> whether it passes`` (see :func:`_quick_check`).
QuickCheck = Callable[[Mapping[str, Any], Mapping[str, tuple[str, list[str]]]], bool]


def _never(request: Mapping[str, Any], index: Mapping[str, tuple[str, list[str]]]) -> bool:
    return False


def _quick_check(
    flags: tuple[bool, bool],
    required: tuple[tuple[str, str], ...],
    model: str | None,
    models: _ModelSet,
) -> QuickCheck:
    """A test that a request passes the validator, in one call for the usual request (its
    parameters present, a plain ASCII JSON body that passes the compiled check): ``True``
    only where :func:`_request_error` finds no error; ``False`` where it may find one, or
    where this test does not follow the request's shape (a blank or encoded body, a path
    parameter that is not text), leaving the verdict and its wording to
    :func:`_request_error`. ``index`` is the request's :func:`_request.header_index`."""
    check_parameters, check_body = flags
    headers: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    if check_parameters:
        headers = tuple(n.lower() for where, n in required if where.endswith("header"))
        queries = tuple(n for where, n in required if where.endswith("querystring"))
        paths = tuple(n for where, n in required if where == "path")
    check: Check | None = None
    if check_body and model is not None:
        try:
            check = models.check(model)
        except ConfigurationError:
            check = None  # _request_error raises it where it gets that far
        if check is None:
            return _never  # jsonschema decides
    scan = _JSON.scan_once  # type: ignore[attr-defined]

    def quick(request: Mapping[str, Any], index: Mapping[str, tuple[str, list[str]]]) -> bool:
        for key in headers:
            entry = index.get(key)
            if entry is None or not _present(entry[1]):
                return False
        for name in queries:
            if not _present(_request.query_values(request, name)):
                return False
        if paths:
            given = request.get("pathParameters") or {}
            for name in paths:
                value = given.get(name)
                if type(value) is not str or not value or value.isspace():
                    return False
        if check is not None:
            body = request.get("body")
            if (
                type(body) is not str
                or not body
                or not body.isascii()
                or request.get("isBase64Encoded")
            ):
                return False
            try:
                # _json.decode's fast case: the value starts the text; JSONDecoder.decode
                # allows only these blanks after it
                instance, end = scan(body, 0)
                if end != len(body) and body[end:].strip(" \t\n\r"):
                    return False
                return check(instance)
            except (StopIteration, ValueError, RecursionError):
                return False
        return True

    return quick


def _present(values: list[str]) -> bool:
    """Whether a parameter's values hold one that is not blank (VPB A.4 item 3, OQ-40)."""
    for value in values:  # noqa: SIM110 - a loop is faster than any() over a generator
        if value and not value.isspace():
            return True
    return False


def _succeeded(content_type: str) -> str:
    """The log line of a request that passed its validator (VPB A.6)."""
    return f"Request validation succeeded for content type {content_type}"


def _request_error(
    request: Mapping[str, Any],
    content_type: str,
    model: str | None,
    api: Mapping[str, Any],
    flags: tuple[bool, bool],
    required: tuple[tuple[str, str], ...],
    models: _ModelSet | None = None,
) -> GatewayError | None:
    """The validator's error for ``request``, whose body's media type and model are known:
    parameters first, then the body (VAL-1)."""
    check_parameters, check_body = flags
    if check_parameters:
        missing = _missing_parameters(request, required)
        if missing:
            return _parameters_error(missing)
    if check_body:
        return _body_error(request, content_type, model, api, models)
    return None
