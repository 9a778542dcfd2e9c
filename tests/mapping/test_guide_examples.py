"""Worked examples of the developer guide (spec mapping-templates.md §8), template, input and
output copied from there. Compared as JSON where the output is JSON, otherwise with whitespace
normalised, as §0.4 of that spec says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apigw_core import render_mapping_template

PETS = json.dumps(
    [
        {"id": 1, "type": "dog", "price": 249.99},
        {"id": 2, "type": "cat", "price": 124.99},
        {"id": 3, "type": "fish", "price": 0.99},
    ]
)


def test_example_1_array_to_descriptions() -> None:
    # §8 #1 (EXPLICIT)
    template = """#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end

#end
]"""
    out = render_mapping_template(template, body=PETS)["body"]
    assert json.loads(out) == [
        {"description": "Item 1 is a dog.", "askingPrice": 249.99},
        {"description": "Item 2 is a cat.", "askingPrice": 124.99},
        {"description": "Item 3 is a fish.", "askingPrice": 0.99},
    ]


def test_example_2_concatenation_and_cut_off() -> None:
    # §8 #2 (EXPLICIT): the output is not JSON, so compare with whitespace normalised
    template = """#set($inputRoot = $input.path('$'))
#set($cheap = 100)
[
#foreach($elem in $inputRoot)
  {
#set($name = "${elem.type}number$elem.id")
    "name" : $name,
    "description" : "Item $elem.id is a $elem.type.",
    #if($elem.price > $cheap )#set ($afford = 'too much!') #{else}#set ($afford = $elem.price)#end
"askingPrice" : $afford
  }#if($foreach.hasNext),#end

#end
]"""
    expected = """[
  {
    "name" : dognumber1,
    "description" : "Item 1 is a dog.",
    "askingPrice" : too much!
  },
  {
    "name" : catnumber2,
    "description" : "Item 2 is a cat.",
    "askingPrice" : too much!
  },
  {
    "name" : fishnumber3,
    "description" : "Item 3 is a fish.",
    "askingPrice" : 0.99
  }
]"""
    out = render_mapping_template(template, body=PETS)["body"]
    assert " ".join(out.split()) == " ".join(expected.split())


def test_parse_json_of_an_error_message() -> None:
    # §4.2 (DOC): parseJson of a JSON-string member; numbers render as JSON numbers
    body = json.dumps({"errorMessage": json.dumps({"key1": "var1", "key2": {"arr": [1, 2, 3]}})})
    template = """#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
{
   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
}"""
    out = render_mapping_template(template, body=body)["body"]
    assert json.loads(out) == {"errorMessageObjKey2ArrVal": 1}


# The remaining §8 examples with an output. Templates, inputs and outputs are read from
# tests/mapping/data/guide_examples.json, copied verbatim from mapping-templates.md §8 (each
# block with the label line the guide puts before it).
GUIDE = json.loads((Path(__file__).parent / "data" / "guide_examples.json").read_text("utf-8"))


def block(number: int, label: str) -> str:
    """The code block of example ``number`` whose label starts with ``label``."""
    for item in GUIDE["examples"][str(number)]["blocks"]:
        if item["label"].startswith(label):
            return str(item["text"])
    raise KeyError((number, label))


def as_json(text: str) -> Any:
    return json.loads(text)


@pytest.mark.parametrize(
    ("number", "template", "source", "output"),
    [
        (3, "Template", "#1:Input", "Output"),  # EXPLICIT; the leading space before #end kept
        (9, "Template", "Input", "Output"),  # EXPLICIT
        (11, "Template", "Input", "Output"),  # EXPLICIT; parent_id > 32 bits is not rendered
        (13, "Template", "Input", "Output"),  # EXPLICIT
        (15, "Template", "Input", "Output"),  # EXPLICIT
    ],
)
def test_output_templates(number: int, template: str, source: str, output: str) -> None:
    if source.startswith("#"):
        other, label = source[1:].split(":")
        body = block(int(other), label)
    else:
        body = block(number, source)
    out = render_mapping_template(block(number, template), body=body)["body"]
    assert as_json(out) == as_json(block(number, output))


@pytest.mark.parametrize(("number", "source"), [(10, 9), (12, 11), (14, 13), (16, 15)])
def test_input_templates_rebuild_their_input(number: int, source: int) -> None:
    # DERIVED in the guide: the input template re-emits the original data of the output
    # example it belongs to, every member with its JSON type (#12: 2345678901 unchanged)
    body = block(source, "Input")
    out = render_mapping_template(block(number, "Template"), body=body)["body"]
    assert as_json(out) == as_json(body)


def test_example_4_follows_the_template_not_the_printed_output() -> None:
    # §8 #4: the guide prints #1's output, which this template cannot produce (§9.9 lists it
    # as a documentation error); the DERIVED output (no period, quoted price) is tested.
    out = render_mapping_template(block(4, "Same template unescaped"), body=PETS)["body"]
    assert as_json(out) == as_json(block(4, "DERIVED output"))


def test_example_5_dynamodb_put_item() -> None:
    body = block(5, "Input")
    out = render_mapping_template(block(5, "Template"), {"body": body})["body"]
    assert as_json(out) == as_json(block(5, "DERIVED output"))


def test_example_6_request_time() -> None:
    out = render_mapping_template(
        block(6, "Template"), {"requestContext": {"requestTime": "04/Mar/2020:19:15:17 +0000"}}
    )["body"]
    assert as_json(out) == as_json(block(6, "DERIVED output"))
    # the same time given as requestTimeEpoch (the Lambda proxy event sample's value)
    out = render_mapping_template(block(6, "Template"), context={"requestTimeEpoch": 1583349317135})
    assert as_json(out["body"]) == as_json(block(6, "DERIVED output"))


def test_example_7_status_override_from_the_body() -> None:
    errors = block(7, "Input")
    out = render_mapping_template(block(7, "Template"), body=errors)
    assert as_json(out["body"]) == as_json(errors)  # the body is unchanged
    assert out["responseOverride"]["status"] == 400
    fine = render_mapping_template(block(7, "Template"), body='{"id": 1}')
    assert "status" not in fine["responseOverride"]


def test_example_8_header_overrides() -> None:
    request = {"headers": {"header1": "header1Val", "header2": "header2Val"}, "body": "{}"}
    out = render_mapping_template(block(8, "Template"), request)
    # the execution log shows header3=header1Valheader2Val, header1=foo and
    # multivalueheader=foo,header1Valheader2Val (a list is a multi-value header, MT §7.3)
    assert out["requestOverride"]["header"] == {
        "header3": "header1Valheader2Val",
        "header1": "foo",
        "multivalueheader": ["foo", "header1Valheader2Val"],
    }
    assert out.override_errors == []


def test_example_18_all_parameters() -> None:
    request = {
        "pathParameters": {"path_name": "path_value"},
        "headers": {"header_name": "header_value"},
        "queryStringParameters": {"querystring_name": "querystring_value"},
    }
    out = render_mapping_template(block(18, "Template"), request)["body"]
    # the guide's shape misses the commas between groups; the template writes them
    assert as_json(out) == {
        "params": {
            "path": {"path_name": "path_value"},
            "header": {"header_name": "header_value"},
            "querystring": {"querystring_name": "querystring_value"},
        }
    }


def test_example_21_params_size_and_json() -> None:
    body = block(21, "Input").split("\n", 1)[1]  # after the request line POST /things/abc
    out = render_mapping_template(
        block(21, "Request template"), {"pathParameters": {"id": "abc"}, "body": body}
    )
    result = as_json(out["body"])
    documented = as_json(block(21, "Documented output"))
    assert result["id"] == documented["id"] and result["count"] == documented["count"]
    # §8 #21 note: escapeJavaScript escapes the double quotes, so G's quoted form gives a
    # JSON string, not the object the guide prints (MT §9.9)
    assert as_json(result["things"]) == documented["things"]


def test_example_22_count() -> None:
    body = json.dumps({"pets": as_json(block(22, "If"))})
    assert render_mapping_template("$input.path('$.pets').count()", body=body)["body"] == "3"


def test_example_24_authorizer_values_are_strings() -> None:
    context = {"authorizer": {"key": "value", "numKey": 1, "boolKey": True}}
    template = (
        "$context.authorizer.key $context.authorizer.numKey $context.authorizer.boolKey "
        "#if($context.authorizer.numKey == '1')string#end"
    )
    assert render_mapping_template(template, context=context)["body"] == "value 1 true string"


def test_example_25_escape_javascript_round_trip() -> None:
    template = block(25, "*Evidence:*").replace("data", "$v")
    out = render_mapping_template('#set($v = "it' + "'" + 's")' + template)["body"]
    assert out == '"input" : "it\'s"'


def test_example_29_lambda_custom_integration() -> None:
    request = {
        "httpMethod": "POST",
        "path": "/Seattle",
        "resource": "/{city}",
        "pathParameters": {"city": "Seattle"},
        "queryStringParameters": {"time": "morning"},
        "headers": {"day": "Wednesday"},
        "body": '{\n    "callerName": "John"\n}',
    }
    out = render_mapping_template(block(29, "Template"), request)["body"]
    assert as_json(out) == as_json(block(29, "Output"))


@pytest.mark.parametrize(
    ("operator", "expected"), [("+", "+"), ("%2F", "/")]
)  # DERIVED renderings of §8 #31: %2F stays encoded in a path parameter
def test_example_31_calc_path_parameters(operator: str, expected: str) -> None:
    request = {"pathParameters": {"operand1": "6", "operand2": "3", "operator": operator}}
    out = render_mapping_template(block(31, "Template"), request)["body"]
    assert as_json(out) == {"a": "6", "b": "3", "op": expected}


def test_example_32_calc_response() -> None:
    body = '{"a": 1, "b": 2, "op": "+", "c": 3}'  # the guide's DERIVED backend reply
    out = render_mapping_template(block(32, "Template"), body=body)["body"]
    assert as_json(out) == as_json(block(32, "Output"))


def test_example_33_calc_summary() -> None:
    body = '{"a":2,"b":3,"op":"+","c":5}'
    out = as_json(render_mapping_template(block(33, "`GET /calc`"), body=body)["body"])
    assert out == {"result": "2, 3, + => 5", "a": "2", "b": "3", "op": "+", "c": "5"}
    # the POST template leaves op unquoted: invalid JSON, sent as it is (IN-8)
    post = render_mapping_template(block(33, "`POST /calc`"), body=body)["body"]
    assert '"op" : +,' in post


def test_example_34_simple_calc() -> None:
    request = {"queryStringParameters": {"a": "1", "b": "2", "op": "add"}}  # GET, no body
    out = render_mapping_template(block(34, "`GET /?a="), request)["body"]
    assert as_json(out) == {"a": 1, "b": 2, "op": "add"}
    mock = render_mapping_template(
        '{ "Message" : "Can\'t $context.httpMethod $context.resourcePath" }',
        {"httpMethod": "GET", "path": "/foo", "resource": "/{a}"},
    )
    assert as_json(mock["body"]) == {"Message": "Can't GET /{a}"}


KINESIS = [
    (36, {"pathParameters": {"stream-name": "myStream"}}, {"StreamName": "myStream"}),
    (
        37,
        {"pathParameters": {"stream-name": "yourStream"}, "body": '{"ShardCount": 5}'},
        {"ShardCount": 5, "StreamName": "yourStream"},
    ),
    (
        37,
        {"pathParameters": {"stream-name": "yourStream"}, "body": "{}"},
        {"ShardCount": 5, "StreamName": "yourStream"},
    ),
    (
        37,
        {"pathParameters": {"stream-name": "yourStream"}, "body": '{"ShardCount": 2}'},
        {"ShardCount": 2, "StreamName": "yourStream"},
    ),
    (
        38,
        {
            "pathParameters": {"stream-name": "myStream"},
            "body": '{\n   "Data": "some data",\n   "PartitionKey": "some key"\n}',
        },
        {"StreamName": "myStream", "Data": "InNvbWUgZGF0YSI=", "PartitionKey": "some key"},
    ),
    (
        40,
        {
            "pathParameters": {"stream-name": "myStream"},
            "queryStringParameters": {"shard-id": "shard-000000000004"},
        },
        {
            "ShardId": "shard-000000000004",
            "ShardIteratorType": "TRIM_HORIZON",
            "StreamName": "myStream",
        },
    ),
    (
        41,
        {"headers": {"Shard-Iterator": "AAAAAAAAAAFYVN3VlFy..."}},
        {"ShardIterator": "AAAAAAAAAAFYVN3VlFy..."},
    ),
    (42, {"queryStringParameters": {"greeter": "me"}}, {"greeter": "me"}),
    (42, {}, {"greeter": ""}),  # IMPLIED: an absent parameter is ""
]


@pytest.mark.parametrize(("number", "request_", "expected"), KINESIS)
def test_kinesis_and_greeter_request_templates(
    number: int, request_: dict[str, Any], expected: dict[str, Any]
) -> None:
    template = GUIDE["examples"][str(number)]["blocks"][0]["text"]
    out = render_mapping_template(template, request_)["body"]
    assert as_json(out) == expected


def test_example_39_put_records() -> None:
    request = {"pathParameters": {"stream-name": "myStream"}, "body": block(39, "Input body")}
    out = render_mapping_template(GUIDE["examples"]["39"]["blocks"][0]["text"], request)
    assert as_json(out["body"]) == {
        "StreamName": "myStream",
        "Records": [
            {"Data": "c29tZSBkYXRh", "PartitionKey": "some key"},
            {"Data": "c29tZSBvdGhlciBkYXRh", "PartitionKey": "some key"},
        ],
    }


@pytest.mark.parametrize(
    ("query", "status"), [({"scope": "internal"}, 200), ({"scope": "public"}, 500), (None, 500)]
)
def test_example_45_mock_status_from_the_query(query: dict[str, str] | None, status: int) -> None:
    out = render_mapping_template(
        block(45, "Integration request template"), {"queryStringParameters": query}
    )
    assert as_json(out["body"]) == {"statusCode": status}
