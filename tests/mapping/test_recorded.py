"""Mapping templates recorded on real Amazon API Gateway, replayed through
``render_mapping_template``. Data: tests/mapping/data/aws_recorded_vtl.json, copied from
shared/conformance/aws-recorded-cases.json (each case keeps its id)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core import render_mapping_template

DATA = json.loads((Path(__file__).parent / "data" / "aws_recorded_vtl.json").read_text("utf-8"))
CASES = {case["id"]: case for case in DATA["cases"]}


def _by_kind(kind: str, needs: str | None = None) -> list[dict[str, Any]]:
    """Cases of one kind; ``needs`` keeps those recorded with that harness input (the others,
    such as the SQS round trips, need the whole pipeline)."""
    return [
        case
        for case in DATA["cases"]
        if case["sub_kind"] == kind
        and (needs is None or needs in case["inputs"] or needs in case["template"])
    ]


# The AWS harness (in each case's inputs): the request template copies the client's JSON into
# requestOverride.path.body; the response template parses it back with $util.parseJson.
HARNESS = '#set($context.requestOverride.path.body = $input.body) {"statusCode": 200,}'


@pytest.mark.parametrize("case", _by_kind("vtl_core"), ids=lambda case: case["id"])
def test_vtl_core(case: dict[str, Any]) -> None:
    inputs = case["inputs"]
    request = {"httpMethod": "POST", "path": "/", "body": json.dumps(inputs["variables"])}
    first = render_mapping_template(HARNESS, request)
    out = render_mapping_template(
        inputs["aws_wrapped_response_template"], request, body="{}", context=first["context"]
    )["body"]
    if inputs.get("ignore_whitespaces"):
        assert " ".join(out.split()) == " ".join(case["aws_output"].split())
    else:
        assert out == case["aws_output"]


@pytest.mark.parametrize(
    "case", _by_kind("input.path", "integration_response_body_json"), ids=lambda case: case["id"]
)
def test_input_path_printing(case: dict[str, Any]) -> None:
    body = json.dumps(case["inputs"]["integration_response_body_json"])
    assert render_mapping_template(case["template"], body=body)["body"] == case["aws_output"]


@pytest.mark.parametrize(
    "case", _by_kind("input.body", "request_template"), ids=lambda case: case["id"]
)
def test_input_body_through_request_and_response(case: dict[str, Any]) -> None:
    client = case["inputs"]["client_request"]
    body = client.get("body_text", json.dumps(client["body_json"]) if "body_json" in client else "")
    templates = case["template"]
    # the HTTP integration echoes what the request template produced
    sent = render_mapping_template(templates["request_template"], {"body": body})["body"]
    out = render_mapping_template(templates["response_template"], {"body": body}, body=sent)
    assert out["body"] == case["aws_output"]["body_text"]


@pytest.mark.parametrize("case", _by_kind("stageVariables"), ids=lambda case: case["id"])
def test_stage_variables(case: dict[str, Any]) -> None:
    out = render_mapping_template(
        case["template"], {"body": "{}"}, stage_variables=case["inputs"]["stage_variables"]
    )
    assert json.loads(out["body"]) == case["aws_output"]["body_json"]


@pytest.mark.parametrize(
    "case_id",
    [
        "ls-vtl-mock-requestoverride-to-response-path1",
        "ls-vtl-mock-requestoverride-to-response-path2",
        "ls-vtl-mock-requestoverride-to-response-whatever",
        "ls-vtl-mock-responseoverride-in-request-with-response-template",
        "ls-vtl-mock-map-assignation",
    ],
)
def test_overrides_carry_from_request_to_response_template(case_id: str) -> None:
    # OV-3: what the request template sets on the overrides is readable in the response template
    case = CASES[case_id]
    inputs = case["inputs"]
    request = {
        "httpMethod": inputs["client_request"]["method"],
        "path": inputs["client_request"]["path"],
        "pathParameters": inputs.get("path_parameters"),
    }
    first = render_mapping_template(case["template"]["request_template"], request)
    second = render_mapping_template(
        case["template"]["response_template"], request, body=first["body"], context=first["context"]
    )
    assert json.loads(second["body"]) == case["aws_output"]["body_json"]
    if "headers_include" in case["aws_output"]:
        assert second["responseOverride"]["header"] == case["aws_output"]["headers_include"]
        assert second["responseOverride"]["status"] == case["aws_output"]["status"]
