"""$input, $util and $context rules, one table per variable. Expected values come from
shared/spec/aws-observed-behaviour.md (rule ids in comments) and mapping-templates.md (MT §)."""

from __future__ import annotations

import json

import pytest

from apigw_core import render_mapping_template
from apigw_core.errors import ApigwError
from apigw_core.mapping import build_context

REQUEST = {
    "httpMethod": "POST",
    "path": "/pets/7",
    "resource": "/pets/{id}",
    "headers": {
        "Content-Type": "application/json",
        "User-Agent": "curl/8",
        "Expect": "100-continue",
    },
    "queryStringParameters": {"q": "red car", "id": "from-query"},
    "pathParameters": {"id": "7"},
    "body": '{"pet": {"kind": "cat", "legs": 4}, "ids": [{"n": 1}, {"n": 2}], "note": null, "tags": []}',
}


def render(template: str, **kwargs: object) -> str:
    return render_mapping_template(template, REQUEST, **kwargs)["body"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("$input.path('$.pet')", "{kind=cat, legs=4}"),  # IN-2
        ("$input.path('$.ids')", '[{"n":1},{"n":2}]'),  # IN-2
        ("$input.path('$.ids')[1]", "{n=2}"),  # IN-2
        ("$input.path('$.pet').toString()", "{kind=cat, legs=4}"),  # IN-2
        ("[$input.path('$.tags')]", "[[]]"),  # IN-3
        ("#if($input.path('$.note') == '')E#end", "E"),  # IN-3
        ("[$input.path('$.missing.deeper')]", "[]"),  # IN-3
        ("$input.path('$.ids').size() $input.path('$.ids').count()", "2 2"),  # IN-4, MT §3.5
        ("$input.json('$.pet')", '{"kind":"cat","legs":4}'),  # MT §3.2: JSON text
        ("$input.json('$.pet.kind')", '"cat"'),  # MT §3.2: strings keep their quotes
        ("$input.params('id')", "7"),  # MT §3.4: path before query string
        ("$input.params('q')", "red car"),  # IN-5
        ("[$input.params('nope')]", "[]"),  # IN-5
        ("[$input.params('Expect')]", "[]"),  # IN-6: hidden header
        ("$input.params('content-type')", "application/json"),
        ("$input.params().path.id", "7"),  # IN-7
        ("$input.params().keySet()", "[path, header, querystring]"),  # MT §3.3 documented order
        ("[$input.body.x]", "[]"),  # IN-1: the body is a string
    ],
)
def test_input(template: str, expected: str) -> None:
    assert render(template) == expected


def test_empty_body_is_braces() -> None:
    # IN-1
    assert render_mapping_template("Msg=$input.body", {"body": ""})["body"] == "Msg={}"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('$util.urlEncode(\'{"k": "a b"}\')', "%7B%22k%22%3A+%22a+b%22%7D"),  # UT-1
        ("[$util.urlEncode($nope)]", "[]"),  # UT-1
        ("$util.urlDecode('a+b%21')", "a b!"),  # MT §4.4
        ("$util.base64Encode('hi!')", "aGkh"),  # UT-2
        ("$util.parseJson($util.base64Decode('eyJrIjoidiJ9')).k", "v"),  # UT-2
        (
            '#set($o = $util.parseJson(\'{"n": 7, "ok": false}\'))#set($r = $o.n % 4)$r#if($o.ok)T#{else} F#end',
            "3 F",
        ),  # UT-3
        ('$util.escapeJavaScript("it\'s")', "it\\'s"),  # MT §4.1, UT-4
        ('$util.escapeJavaScript("it\'s").replaceAll("\\\\\'","\'")', "it's"),  # MT §4.1 recipe
        ("$util.escapeJavaScript('a\"b/c')", 'a\\"b\\/c'),  # UT-4 model
    ],
)
def test_util(template: str, expected: str) -> None:
    assert render(template) == expected


def test_parse_json_of_invalid_text_is_an_error() -> None:
    with pytest.raises(ApigwError):
        render("$util.parseJson('{nope')")


def test_context_key_order_and_identity() -> None:
    context = build_context(REQUEST)
    # CTX-1 and CTX-2
    assert list(context)[:4] == ["resourceId", "resourcePath", "httpMethod", "extendedRequestId"]
    assert list(context)[-1] == "apiId"
    assert len(context["identity"]) == 12
    assert render("$context.identity.userAgent|$context.resourcePath|$context.path") == (
        "curl/8|/pets/{id}|/test/pets/7"  # CTX-4
    )
    # CTX-3: the nested maps print as ""
    assert render("[$context.identity][$context.requestOverride][$context.protocol]") == (
        "[][][HTTP/1.1]"
    )


def test_context_accepts_caller_values() -> None:
    out = render_mapping_template(
        "$context.requestId $context.authorizer.principalId $context.identity.sourceIp",
        REQUEST,
        context={
            "requestId": "r-1",
            "authorizer": {"principalId": "me"},
            "identity": {"sourceIp": "9.9.9.9"},
        },
    )
    assert out["body"] == "r-1 me 9.9.9.9"


def test_overrides_are_returned() -> None:
    # OV-1, OV-2, OV-5
    template = (
        "#set($context.responseOverride.status = 418)"
        "#set($context.responseOverride.header.X-Note = 'hi')"
        "#set($context.requestOverride.querystring['k'] = 'v')"
        "$context.requestOverride.header.put('H', 'x')"
    )
    out = render_mapping_template(template, REQUEST)
    assert out["body"] == ""
    assert out["responseOverride"] == {"header": {"X-Note": "hi"}, "status": 418}
    assert out["requestOverride"] == {"path": {}, "header": {"H": "x"}, "querystring": {"k": "v"}}
    assert json.loads(json.dumps(out["requestOverride"]))["querystring"] == {"k": "v"}
