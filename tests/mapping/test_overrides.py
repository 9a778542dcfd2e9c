"""``$context.requestOverride`` / ``responseOverride``: types, bounds and repeated writes.

Rules: shared/spec/mapping-templates.md §7 (MT §7.3 rules 2, 3 and 5; Q-OV-1 for the status
type, left open there: a whole number or numeric String from 100 to 599 is our reading, the
range API Gateway accepts for method response status codes) and aws-observed-behaviour.md
OV-1..OV-5 (recorded on AWS).
"""

from __future__ import annotations

from typing import Any

import pytest

from apigw_core import render_mapping_template
from apigw_core.mapping import OverrideError
from apigw_core.mapping.overrides import normalise_overrides, override_status

RO = "$context.responseOverride"
QO = "$context.requestOverride"

# (why, template, expected requestOverride, expected responseOverride, problems)
ROWS: list[tuple[str, str, dict[str, Any], dict[str, Any], int]] = [
    (
        "OV-1: untouched",
        "",
        {"path": {}, "header": {}, "querystring": {}},
        {"header": {}},
        0,
    ),
    (
        "MT §7.2: an Integer status",
        f"#set({RO}.status = 400)",
        {"path": {}, "header": {}, "querystring": {}},
        {"header": {}, "status": 400},
        0,
    ),
    (
        "Q-OV-1: a numeric String status",
        f"#set({RO}.status = '201')",
        {"path": {}, "header": {}, "querystring": {}},
        {"header": {}, "status": 201},
        0,
    ),
    ("status 99 is out of range", f"#set({RO}.status = 99)", {}, {"status": 99}, 1),
    ("status 600 is out of range", f"#set({RO}.status = 600)", {}, {"status": 600}, 1),
    ("a decimal status", f"#set({RO}.status = 200.0)", {}, {"status": 200.0}, 1),
    ("a word status", f"#set({RO}.status = 'OK')", {}, {"status": "OK"}, 1),
    ("a boolean status", f"#set({RO}.status = true)", {}, {"status": True}, 1),
    (
        "MT §7.3 rule 2: status set twice",
        f"#set({RO}.status = 400)#set({RO}.status = 401)",
        {},
        {"status": 401},
        1,
    ),
    (
        "header values become Strings",
        f"#set({RO}.header.X-Count = 5)#set({RO}.header.X-Ok = true)",
        {},
        {"header": {"X-Count": "5", "X-Ok": "true"}},
        0,
    ),
    (
        "MT §7.3 rule 5: a List is a multi-value header",
        f"#set({QO}.header.multi = ['foo', 1])",
        {"header": {"multi": ["foo", "1"]}},
        {},
        0,
    ),
    (
        "a List is a repeated query parameter",
        f"#set({QO}.querystring.q = ['a', 'b'])",
        {"querystring": {"q": ["a", "b"]}},
        {},
        0,
    ),
    (
        "a path parameter is one String",
        f"#set({QO}.path.id = ['a', 'b'])",
        {"path": {"id": "a,b"}},
        {},
        1,
    ),
    ("a number path parameter", f"#set({QO}.path.id = 7)", {"path": {"id": "7"}}, {}, 0),
    (
        "unicode is kept",
        f"#set({QO}.header.X-Name = 'Zoë ☃')",
        {"header": {"X-Name": "Zoë ☃"}},
        {},
        0,
    ),
    ("an empty value is kept", f"#set({QO}.querystring.e = '')", {"querystring": {"e": ""}}, {}, 0),
    (
        "MT §7.3 rule 2: a header set twice, names compared without case",
        f"#set({QO}.header.X-A = '1')#set({QO}.header.x-a = '2')",
        {"header": {"X-A": "1", "x-a": "2"}},
        {},
        1,
    ),
    (
        "query names keep their case",
        f"#set({QO}.querystring.a = '1')#set({QO}.querystring.A = '2')",
        {"querystring": {"a": "1", "A": "2"}},
        {},
        0,
    ),
    (
        "OV-5: put() counts as a write",
        f"{QO}.querystring.put('k', 'v')#set({QO}.querystring.k = 'w')",
        {"querystring": {"k": "w"}},
        {},
        1,
    ),
    (
        "OV-3: custom keys are kept as set",
        f"#set({RO}.myKey = 'x')",
        {},
        {"header": {}, "myKey": "x"},
        0,
    ),
]


@pytest.mark.parametrize(
    ("why", "template", "request_override", "response_override", "problems"),
    ROWS,
    ids=[row[0] for row in ROWS],
)
def test_override_rules(
    why: str,
    template: str,
    request_override: dict[str, Any],
    response_override: dict[str, Any],
    problems: int,
) -> None:
    out = render_mapping_template(template + "body")
    assert out["body"] == "body"
    for key, value in request_override.items():
        assert out["requestOverride"][key] == value
    for key, value in response_override.items():
        assert out["responseOverride"][key] == value
    assert len(out.override_errors) == problems
    if problems:
        with pytest.raises(OverrideError):
            render_mapping_template(template, strict_overrides=True)


def test_the_template_reads_what_it_set() -> None:
    # OV-3: a status set earlier prints as its digits; the result holds the rule's int
    out = render_mapping_template(f"#set({RO}.status = '202')[{RO}.status]")
    assert out["body"] == "[202]"
    assert out["responseOverride"]["status"] == 202
    assert out["context"]["responseOverride"]["status"] == "202"


def test_carried_overrides_are_not_writes_of_the_response_template() -> None:
    # OV-2 + OV-4: the request template sets the status, the response template sets it again
    first = render_mapping_template(f"#set({RO}.status = 444)")
    second = render_mapping_template(
        f"#set({RO}.status = 409){RO}.status", context=first["context"]
    )
    assert second["body"] == "409"
    assert second["responseOverride"]["status"] == 409
    assert second.override_errors == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(200, 200), (599, 599), (100, 100), ("404", 404), (" 404 ", 404), ("4O4", None),
     ("٤٠٤", None), (-200, None), (None, None), ([200], None)],
)  # fmt: skip
def test_override_status(value: object, expected: int | None) -> None:
    assert override_status(value) == expected


def test_normalise_odd_containers() -> None:
    request, response, problems = normalise_overrides({"header": "nope", "path": None}, None)
    assert request == {"header": "nope", "path": None}
    assert response == {}
    assert problems == [
        "requestOverride.header must be a Map",
        "requestOverride.path must be a Map",
    ]
