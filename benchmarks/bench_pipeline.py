"""invoke_method on a MOCK method with request validation (parameters and a body model) and
both templates, against the cost of the two template renders alone (issue 4's benchmark).

    .venv/bin/python benchmarks/bench_pipeline.py [--json FILE] [--repeat N]

The pipeline's own overhead is invoke_method's time minus the two renders' time: validation,
template selection, content handling, parameter mapping, integration response selection,
the method response, the gateway-response machinery it does not need and the execution log.
Each figure is the best of N repeats (default 7) of 300 calls; on a shared machine
``--repeat 40`` gives steadier figures.
"The two renders on one prepared request" is, for information, what invoke_method's own
renders cost: it derives $context and $input.params() once for both templates.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import apigw_core
from apigw_core.mapping import prepare_request
from apigw_core.pipeline import build_method_request, validate_request

REQUEST_TEMPLATE = """\
#set($pet = $input.path('$'))
#set($context.requestOverride.header.X-Tenant = $input.params('x-tenant'))
{
  "statusCode": #if($pet.price > 1000)400#{else}200#end,
  "id": "$input.params('id')",
  "name": "$util.escapeJavaScript($pet.name)",
  "tags": $input.json('$.tags')
}"""

RESPONSE_TEMPLATE = """\
#set($root = $input.path('$'))
{
  "id": "$input.params('id')",
  "tenant": "$context.requestOverride.header.X-Tenant",
  "stage": "$context.stage",
  "requestId": "$context.requestId",
  "saved": true
}"""

PET = {
    "type": "object",
    "required": ["name", "price"],
    "properties": {
        "name": {"type": "string", "maxLength": 64},
        "price": {"type": "number", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}

METHOD = {
    "httpMethod": "POST",
    "requestParameters": {"method.request.path.id": True, "method.request.header.x-tenant": True},
    "requestModels": {"application/json": "Pet"},
    "requestValidatorId": "all",
    "methodResponses": {"200": {"statusCode": "200"}, "400": {"statusCode": "400"}},
    "methodIntegration": {
        "type": "MOCK",
        "passthroughBehavior": "NEVER",
        "requestParameters": {"integration.request.header.x-id": "method.request.path.id"},
        "requestTemplates": {"application/json": REQUEST_TEMPLATE},
        "integrationResponses": {
            "200": {
                "statusCode": "200",
                "selectionPattern": "",
                "responseParameters": {"method.response.header.X-Stage": "context.stage"},
                "responseTemplates": {"application/json": RESPONSE_TEMPLATE},
            },
            "400": {"statusCode": "400", "selectionPattern": "4\\d{2}"},
        },
    },
}
API = {
    "id": "a1b2c3d4e5",
    "models": {"Pet": PET},
    "requestValidators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
}
REQUEST = build_method_request(
    "POST",
    "/prod/pets/7?verbose=1",
    stage="prod",
    resource="/pets/{id}",
    headers={
        "Content-Type": "application/json",
        "Accept": "application/json",
        "x-tenant": "acme",
        **{f"Header-{i}": f"value {i}" for i in range(10)},
    },
    body=json.dumps({"name": "Rex", "price": 120, "tags": ["a", "b", "c"]}),
)


def _best(function: object, number: int, repeat: int) -> float:
    """Best per-call time in microseconds over several repeats."""
    timer = timeit.Timer(function)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--repeat", type=int, default=7, help="repeats of 300 calls (best kept)")
    args = parser.parse_args()

    response = apigw_core.invoke_method(REQUEST, METHOD, API)
    assert response["statusCode"] == 200, response
    request_render = apigw_core.render_mapping_template(REQUEST_TEMPLATE, REQUEST)
    carried = {
        "requestOverride": request_render["requestOverride"],
        "responseOverride": request_render["responseOverride"],
    }

    def renders() -> object:
        first = apigw_core.render_mapping_template(REQUEST_TEMPLATE, REQUEST)
        return apigw_core.render_mapping_template(
            RESPONSE_TEMPLATE, REQUEST, body="", context=carried
        ), first

    def prepared_renders() -> object:
        # what invoke_method does: $context and $input.params() derived once for both
        prepared = prepare_request(REQUEST)
        first = apigw_core.render_mapping_template(REQUEST_TEMPLATE, prepared)
        return apigw_core.render_mapping_template(
            RESPONSE_TEMPLATE, prepared, body="", context=carried
        ), first

    def pipeline() -> object:
        return apigw_core.invoke_method(REQUEST, METHOD, API)

    def validation() -> object:
        return validate_request(REQUEST, METHOD, API)

    number = 300
    render_us = _best(renders, number, args.repeat)
    invoke_us = _best(pipeline, number, args.repeat)
    validate_us = _best(validation, number, args.repeat)
    prepared_us = _best(prepared_renders, number, args.repeat)
    overhead = invoke_us - render_us
    print(f"{'measure':44} {'µs per call':>12}")
    print(f"{'the two template renders alone':44} {render_us:12.1f}")
    print(f"{'invoke_method (MOCK, validation, both)':44} {invoke_us:12.1f}")
    print(
        f"{'pipeline overhead (invoke_method - renders)':44} {overhead:12.1f}  ({overhead / invoke_us:.0%})"
    )
    # the public step looks its configuration up and reads the request itself: it costs
    # more than the validation inside invoke_method, so it is no part of the overhead
    print(f"{'validate_request alone (the public step)':44} {validate_us:12.1f}")
    print(f"{'the two renders on one prepared request':44} {prepared_us:12.1f}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "renders_us": render_us,
                    "invoke_method_us": invoke_us,
                    "overhead_us": overhead,
                    "validate_request_us": validate_us,
                    "prepared_renders_us": prepared_us,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
