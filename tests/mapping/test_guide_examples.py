"""Worked examples of the developer guide (spec mapping-templates.md §8), template, input and
output copied from there. Compared as JSON where the output is JSON, otherwise with whitespace
normalised, as §0.4 of that spec says."""

from __future__ import annotations

import json

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
