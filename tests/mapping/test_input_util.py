"""Every ``$input`` and ``$util`` function: the normal case, missing values and odd input.

Sources of the expected values:
* aws-observed-behaviour.md rules (IN-n, UT-n, ENG-n) and mapping-templates.md (MT §n);
* for ``$util``, Java itself, as API Gateway runs it: ``URLEncoder``/``URLDecoder`` (UTF-8),
  ``java.util.Base64`` and commons-lang 2.6 ``StringEscapeUtils.escapeJavaScript`` (UT-4's
  model), evaluated with jshell (OpenJDK 17) on 2026-11-23; the outputs are copied here;
* Java number printing (``Double.toString``) for numbers outside [1e-3, 1e7).
"""

from __future__ import annotations

import pytest

from apigw_core import render_mapping_template
from apigw_core.errors import ApigwError

BODY = (
    '{"s": "text", "n": 7, "f": 2.5, "big": 12345678901234567890, "e": 1e20, "tiny": 1e-5,'
    ' "t": true, "z": null, "u": "Zoë ☃ 😀", "o": {"k": [1, {"x": "y"}]}, "a": [], "q": "it\'s"}'
)


def render(template: str, body: str | None = BODY, **request: object) -> str:
    return render_mapping_template(template, {"body": body, **request})["body"]


INPUT_ROWS = [
    # $input.body (IN-1)
    ("$input.body", '{ "a" :1 }', '{ "a" :1 }'),  # verbatim
    ("$input.body", None, "{}"),  # missing: {}
    ("$input.body", "", "{}"),
    ("$input.body", "not json ☃", "not json ☃"),  # odd: raw text
    ("[$input.body.length()]", "abc", "[3]"),  # a String
    # $input.json (MT §3.2)
    ("$input.json('$.s')", BODY, '"text"'),
    ("$input.json('$.o')", BODY, '{"k":[1,{"x":"y"}]}'),
    ("$input.json('$.u')", BODY, '"Zoë ☃ 😀"'),  # unicode kept
    ("$input.json('$.big')", BODY, "12345678901234567890"),
    ("$input.json('$.e')", BODY, "1.0E20"),  # Java's Double.toString
    ("$input.json('$.tiny')", BODY, "1.0E-5"),
    # Nothing found, or JSON null (IN-3's value) is the empty string written as JSON: what
    # LocalStack's AWS-checked rewrite prints (MT Q-IN-2 is open in our spec; LocalStack's
    # older code printed null).
    ("$input.json('$.z')", BODY, '""'),  # JSON null
    ("[$input.json('$.missing')]", BODY, '[""]'),  # missing
    ("$input.json('$')", "{bad", "{bad"),  # odd: not JSON, the raw text for $
    ("[$input.json('$.a')]", "{bad", '[""]'),
    # Jackson's default parser refuses NaN and Infinity: not JSON, so the raw text for $
    ("$input.json('$')", '{"a": NaN}', '{"a": NaN}'),
    ("[$input.json('$.a')]", '{"a": -Infinity}', '[""]'),
    ("$input.json('$')", '{"a": 1.5, "b": [2, "x y"]}', '{"a":1.5,"b":[2,"x y"]}'),  # compact
    ("$input.json('$.o.k[*]')", BODY, '[1,{"x":"y"}]'),  # several matches: a list
    # $input.json parses the body for itself after $input.path; Java's number printing applies
    (
        "#set($d = $input.path('$.n'))$input.json('$.o') $input.json('$.e')",
        BODY,
        '{"k":[1,{"x":"y"}]} 1.0E20',
    ),
    (
        "$input.json('$.f') $input.json('$.tiny') $input.json('$')",
        '{"f": 2.5, "tiny": 1e-5}',
        '2.5 1.0E-5 {"f":2.5,"tiny":1.0E-5}',
    ),
    ("#set($d = $input.path('$'))$input.json('$')", "{bad", "{bad"),
    # $input.path (IN-2, IN-3, IN-4)
    ("$input.path('$.o')", BODY, '{k=[1,{"x":"y"}]}'),
    ("$input.path('$.o.k')[1].x", BODY, "y"),
    ("$input.path('$.n')", BODY, "7"),
    ("#set($v = $input.path('$.n') + 1)$v", BODY, "8"),  # a number
    ("$input.path('$.f')", BODY, "2.5"),
    ("$input.path('$.e')", BODY, "1.0E20"),
    ("$input.path('$.t')", BODY, "true"),
    ("#if($input.path('$.z') == '')null#end", BODY, "null"),  # IN-3
    ("[$input.path('$.missing.x')]", BODY, "[]"),
    ("[$input.path('$.a')]", BODY, "[[]]"),
    ("$input.path('$.u')", BODY, "Zoë ☃ 😀"),
    ("$input.path('$')", "plain", "plain"),  # odd: not JSON
    ("[$input.path('$.a')]", "plain", "[]"),
    ("$input.path('$')", "[1,2]", "[1,2]"),
    ("$input.path('$')", "42", "42"),  # a bare JSON scalar
    ("[$input.path('$.a')]", '{"a": NaN}', "[]"),  # not JSON for Jackson
    ('#set($i = 1)$input.path("$.o.k[${i}].x")', BODY, "y"),  # IN-4: interpolated path
]


@pytest.mark.parametrize(("template", "body", "expected"), INPUT_ROWS)
def test_input_body_json_path(template: str, body: str | None, expected: str) -> None:
    assert render(template, body) == expected


PARAMS_REQUEST = {
    "pathParameters": {"id": "7", "name": "path-wins"},
    "queryStringParameters": {"name": "query", "q": "red car", "uni": "☃"},
    "multiValueQueryStringParameters": {"many": ["1", "2"]},
    "headers": {"X-Name": "header", "Expect": "100-continue", "X-Num": 5, "X-None": None},
}
PARAMS_ROWS = [
    ("$input.params('id')", "7"),
    ("$input.params('name')", "path-wins"),  # MT §3.4: path, query string, header
    ("$input.params('q')", "red car"),  # IN-5
    ("$input.params('x-name')", "header"),  # header names in any case
    ("$input.params('uni')", "☃"),
    ("$input.params('many')", "2"),  # EV-2: the last value
    ("[$input.params('Expect')]", "[]"),  # IN-6
    ("$input.params('X-Num')", "5"),  # odd: a number header value
    ("[$input.params('X-None')]", "[]"),  # odd: a None header value
    ("[$input.params('nope')]", "[]"),  # IN-5: missing
    ("[$input.params('')]", "[]"),
    ("[$input.params($undefined)]", "[]"),  # odd: a null name
    ("$input.params().keySet()", "[path, header, querystring]"),
    ("$input.params().header.keySet()", "[X-Name, X-Num]"),
    # multi-value names first (EV-2: real events hold each name in both maps)
    ("$input.params().querystring", "{many=2, name=query, q=red car, uni=☃}"),
    ("[$input.params('a', 'b')]", "[]"),  # no such overload
]


@pytest.mark.parametrize(("template", "expected"), PARAMS_ROWS)
def test_input_params(template: str, expected: str) -> None:
    assert render(template, None, **PARAMS_REQUEST) == expected


def test_params_of_an_empty_request() -> None:
    assert render("$input.params()", None) == "{path={}, header={}, querystring={}}"


UTIL_ROWS = [
    # escapeJavaScript (jshell, commons-lang 2.6)
    ("$util.escapeJavaScript($s)", "it's", "it\\'s"),
    ("$util.escapeJavaScript($s)", 'a"b/c\\d', 'a\\"b\\/c\\\\d'),
    ("$util.escapeJavaScript($s)", "tab\there\nnew\r\b\f", "tab\\there\\nnew\\r\\b\\f"),
    ("$util.escapeJavaScript($s)", "ctl\x01\x1f\x7f", "ctl\\u0001\\u001F\x7f"),
    ("$util.escapeJavaScript($s)", "é☃", "\\u00E9\\u2603"),
    ("$util.escapeJavaScript($s)", "😀", "\\uD83D\\uDE00"),
    ("$util.escapeJavaScript($s)", "<script>", "<script>"),
    ("[$util.escapeJavaScript($s)]", "", "[]"),
    ("$util.escapeJavaScript(12)", None, "12"),  # a number is its text
    # urlEncode (jshell, URLEncoder UTF-8; UT-1)
    ("$util.urlEncode($s)", "it's", "it%27s"),
    ("$util.urlEncode($s)", 'a"b/c\\d', "a%22b%2Fc%5Cd"),
    ("$util.urlEncode($s)", "é☃", "%C3%A9%E2%98%83"),
    ("$util.urlEncode($s)", "😀", "%F0%9F%98%80"),
    ("$util.urlEncode($s)", "100%", "100%25"),
    ("$util.urlEncode($s)", "a b*~-._", "a+b*%7E-._"),
    ("$util.urlEncode(5)", None, "5"),
    # urlDecode (jshell, URLDecoder UTF-8)
    ("$util.urlDecode($s)", "a+b%21", "a b!"),
    ("$util.urlDecode($s)", "%E2%98%83", "☃"),
    ("$util.urlDecode($s)", "%C3%A9+%2B", "é +"),
    ("$util.urlDecode($s)", "plain", "plain"),
    # base64Encode (jshell, java.util.Base64 of the UTF-8 bytes; UT-2)
    ("$util.base64Encode($s)", "it's", "aXQncw=="),
    ("$util.base64Encode($s)", "é☃", "w6nimIM="),
    ("$util.base64Encode($s)", "😀", "8J+YgA=="),
    ("[$util.base64Encode($s)]", "", "[]"),
    # base64Decode (jshell, java.util.Base64.getDecoder(), read as UTF-8)
    ("$util.base64Decode($s)", "aGkh", "hi!"),
    ("$util.base64Decode($s)", "4piD", "☃"),
    ("$util.base64Decode($s)", "aGk", "hi"),  # padding is optional
    ("$util.base64Decode($s)", "8J+YgA==", "😀"),
    ("$util.base64Decode($s)", "/w==", "\ufffd"),  # not UTF-8: U+FFFD
    # parseJson (UT-3)
    ("$util.parseJson($s).k", '{"k": "v"}', "v"),
    ("$util.parseJson($s)", '{"k": [1, {"a": null}]}', '{k=[1,{"a":null}]}'),
    ("$util.parseJson($s)[1]", "[1, 2.50]", "2.5"),
    ("$util.parseJson($s)", '"just text"', "just text"),
    ("$util.parseJson($s)", "1e20", "1.0E20"),
    ("[$util.parseJson($s)]", "null", "[]"),
    ("$util.parseJson($s).u", '{"u": "\\u2603"}', "☃"),
    # a null argument is "" in the apigateway dialect (UT-1, ENG-1)
    ("[$util.escapeJavaScript($nope)]", None, "[]"),
    ("[$util.urlEncode($nope)]", None, "[]"),
    ("[$util.urlDecode($nope)]", None, "[]"),
    ("[$util.base64Encode($nope)]", None, "[]"),
    ("[$util.base64Decode($nope)]", None, "[]"),
    ("[$util.noSuchFunction('x')]", None, "[]"),
]


@pytest.mark.parametrize(("template", "value", "expected"), UTIL_ROWS)
def test_util(template: str, value: str | None, expected: str) -> None:
    context = {} if value is None else {"requestContext": {"authorizer": {"s": value}}}
    template = "#set($s = $context.authorizer.s)" + template
    assert render_mapping_template(template, context)["body"] == expected


@pytest.mark.parametrize(
    "template",
    [
        "$util.parseJson('{nope')",  # UT-3: invalid JSON (MT Q-UT-3)
        "$util.parseJson('')",
        "$util.parseJson('[Infinity]')",  # Jackson: non-standard number token
        "$util.parseJson($nope)",  # an undefined argument is "": not JSON either
        "$input.path('$[')",  # not JSONPath
        "$input.json('$.a b')",  # Jayway 2.0.0: Space not allowed in path
        "$input.path('$..')",  # Jayway 2.0.0: A path can not end with a scan
        "$util.urlDecode('100%')",  # jshell: Incomplete trailing escape (%) pattern
        "$util.urlDecode('%zz')",  # jshell: Illegal hex characters in escape (%) pattern
        "$util.base64Decode('a GkK')",  # jshell: Illegal base64 character 20
        "$util.base64Decode('!!!!')",
        "$util.base64Decode('a')",
    ],
)
def test_util_errors(template: str) -> None:
    with pytest.raises(ApigwError):
        render_mapping_template(template)
