"""The VTL case tables of tests/vtl/cases/, run in both dialects.

Each case file groups the cases of one section of shared/spec/vtl-dialect.md: every example of
the spec (``"origin": "spec §X"``) and cases added to explore the edges of each rule
(``"origin": "added"``). The expected values were recorded from Apache Velocity 1.7 itself
(shared/tools/velocity-oracle, ``--mode apigw`` for ``apigateway`` and ``--mode velocity`` for
``velocity``) by tests/vtl/cases/regenerate.py, never from the spec's text or from our engine;
cases whose ``source`` is ``"spec §X (not oracle-checkable)"`` state what apigw_core must do
where it deliberately differs from the oracle. These tests need nothing outside the repository.

An expected error passes when any :class:`ApigwError` subclass is raised; any other exception
fails. Outcomes kept different on purpose are in :data:`DIVERGENCES`; engine defects still open
are in :data:`KNOWN_ENGINE_BUGS` (strict xfail, so a fix must remove its entry).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from apigw_core import vtl
from apigw_core.errors import ApigwError

CASES_DIR = Path(__file__).parent / "cases"
DIALECTS = ("apigateway", "velocity")

_OUTCOME_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {
            "type": "object",
            "properties": {"output": {"type": "string"}},
            "required": ["output"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "error": {"enum": ["parse", "render"]},
                "line": {"type": "integer", "minimum": 1},
                "column": {"type": "integer", "minimum": 1},
                "java_exception": {"type": "string"},
                "message": {"type": "string"},
            },
            "required": ["error"],
            "additionalProperties": False,
        },
    ]
}

CASE_FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["group", "title", "spec", "provenance", "cases"],
    "properties": {
        "group": {"type": "string"},
        "title": {"type": "string"},
        "spec": {"type": "string"},
        "provenance": {"type": "string"},
        "cases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "template", "context", "expected", "source", "origin"],
                "properties": {
                    "id": {"type": "string", "pattern": r"^[a-z_]+\.[A-Za-z0-9_.-]+$"},
                    "template": {"type": "string"},
                    "context": {"type": "object"},
                    "expected": {
                        "type": "object",
                        "required": list(DIALECTS),
                        "properties": {dialect: _OUTCOME_SCHEMA for dialect in DIALECTS},
                        "additionalProperties": False,
                    },
                    "source": {
                        "type": "string",
                        "pattern": r"^(oracle|spec §[0-9.]+ \(not oracle-checkable\))$",
                    },
                    "origin": {"type": "string"},
                    "note": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}

# Outcomes apigw_core keeps different from Velocity 1.7 on purpose (docs/vtl.md, "Known
# divergences"). Keys are case ids (both dialects) or "id@dialect"; these cases are skipped.
_SANDBOX = "sandbox: `class`/getClass() are invalid references in apigw_core (spec §4.1)"
_DOCUMENTED = "documented in docs/vtl.md (Known divergences): "
DIVERGENCES: dict[str, str] = {
    "arithmetic.widen.25": _SANDBOX,
    "directive_foreach.foreach-var.22": _SANDBOX,
    "literals.number.38": _SANDBOX,
    "properties_methods.property.12": _SANDBOX,
    "properties_methods.property.13": _SANDBOX,
    "tostring_doubles.tostring.21": _SANDBOX,
    "tostring_doubles.tostring.23": _SANDBOX,
    "traps.more.30": _SANDBOX,
    "errors.spec-7_1.10": _DOCUMENTED
    + "after `$ref #set(...)` Velocity's lexer silently drops `[...]`; the error case is kept",
    "escapes.misc.34": _DOCUMENTED + "Velocity's lexer drops a lone `\\$` before a backslash",
}

# Engine defects found by these tables, still open. Each entry documents one failing case:
# expected (oracle) vs what the engine gives. Fixing the engine turns the strict xfail into a
# failure: remove the entry then.
KNOWN_ENGINE_BUGS: dict[str, str] = {
    # --- comments and unparsed blocks (§1.4)
    # --- #define / #evaluate / #include / #literal (§2.6)
    # --- the other test files of tests/vtl (keys "file::what", used through engine_bug())
}


def engine_bug(key: str) -> list[pytest.MarkDecorator]:
    """The strict xfail mark of a :data:`KNOWN_ENGINE_BUGS` entry, for the other test files."""
    reason = KNOWN_ENGINE_BUGS.get(key)
    return [pytest.mark.xfail(strict=True, reason=f"engine bug: {reason}")] if reason else []


_ARRAY_HASH = re.compile(r"(\[L[\w.$]+;@)[0-9a-f]+")


def normalize(text: str) -> str:
    """Drop Java array identity hashes, which differ from run to run (spec §5.1)."""
    return _ARRAY_HASH.sub(r"\1", text)


def load_tables() -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(CASES_DIR.glob("*.json"))
    ]


TABLES = load_tables()
CASES: list[dict[str, Any]] = [case for table in TABLES for case in table["cases"]]


def _reason(table: dict[str, str], case_id: str, dialect: str) -> str | None:
    return table.get(f"{case_id}@{dialect}") or table.get(case_id)


def _params() -> Iterator[Any]:
    for case in CASES:
        for dialect in DIALECTS:
            marks: list[pytest.MarkDecorator] = []
            divergence = _reason(DIVERGENCES, case["id"], dialect)
            bug = _reason(KNOWN_ENGINE_BUGS, case["id"], dialect)
            if divergence:
                marks.append(pytest.mark.skip(reason=f"deliberate divergence: {divergence}"))
            elif bug:
                marks.append(pytest.mark.xfail(strict=True, reason=f"engine bug: {bug}"))
            yield pytest.param(case, dialect, id=f"{case['id']}@{dialect}", marks=marks)


@pytest.mark.parametrize(("case", "dialect"), list(_params()))
def test_case(case: dict[str, Any], dialect: str) -> None:
    expected = case["expected"][dialect]
    # templates may change the lists and maps they are given ($l.add(...)): render a copy
    context = copy.deepcopy(case["context"])
    if "error" in expected:
        with pytest.raises(ApigwError):
            vtl.render(case["template"], context, dialect=dialect)
    else:
        got = vtl.render(case["template"], context, dialect=dialect)
        assert normalize(got) == normalize(expected["output"])


def test_tables_follow_the_schema() -> None:
    for table in TABLES:
        jsonschema.validate(table, CASE_FILE_SCHEMA)


def test_ids_are_unique_and_lists_are_current() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for table in (DIVERGENCES, KNOWN_ENGINE_BUGS):
        for key in table:
            assert "::" in key or key.split("@")[0] in known, f"{key} names no case"
    assert not set(DIVERGENCES) & set(KNOWN_ENGINE_BUGS)


def test_every_spec_section_has_cases() -> None:
    groups = {table["group"] for table in TABLES}
    assert {"lexical", "escapes", "comments", "whitespace", "errors", "traps"} <= groups
    assert len(CASES) >= 600
