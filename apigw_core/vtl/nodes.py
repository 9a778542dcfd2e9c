"""The VTL abstract syntax tree: frozen dataclasses carrying 1-based line and column.

Built by :mod:`apigw_core.vtl.parser` (the only module that sees ANTLR parse trees) and
consumed by :mod:`apigw_core.vtl.compiler`. Columns are Velocity's: UTF-16 code units, with a
tab advancing to the next column of the form 8k+1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Node:
    line: int
    column: int


# ---- expressions ----


@dataclass(frozen=True, slots=True)
class IntegerLiteral(Node):
    value: int


@dataclass(frozen=True, slots=True)
class FloatLiteral(Node):
    value: float


@dataclass(frozen=True, slots=True)
class StringLiteral(Node):
    """A single-quoted string, or a double-quoted one with nothing to interpolate."""

    value: str


@dataclass(frozen=True, slots=True)
class InterpolatedString(Node):
    """A double-quoted string containing ``$`` or ``#``: a little template (spec §3.1)."""

    body: Block


@dataclass(frozen=True, slots=True)
class BooleanLiteral(Node):
    value: bool


@dataclass(frozen=True, slots=True)
class ListLiteral(Node):
    items: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class RangeLiteral(Node):
    start: Expression
    end: Expression
    source: str = ""  # as written: what a null range adds to a concatenation (oracle)


@dataclass(frozen=True, slots=True)
class MapLiteral(Node):
    entries: tuple[tuple[Expression, Expression], ...]


@dataclass(frozen=True, slots=True)
class Property(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Method(Node):
    name: str
    arguments: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class Index(Node):
    value: Expression


Step: TypeAlias = Property | Method | Index


@dataclass(frozen=True, slots=True)
class Reference(Node):
    """``$name.steps``; ``source`` is the text Velocity prints for an invalid reference."""

    name: str
    steps: tuple[Step, ...]
    silent: bool
    source: str


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Expression


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """An operator, normalised: ``or and == != < <= > >= + - * / %``."""

    operator: str
    left: Expression
    right: Expression
    # What a concatenation prints when this is null: Velocity's node literal, the text after
    # the operator through the blanks that follow (oracle: `"a" + $n / 0` is `a 0`)
    source: str = ""


@dataclass(frozen=True, slots=True)
class Parenthesized(Node):
    expression: Expression
    source: str = ""  # the text inside the parentheses, printed by a concatenation for null


@dataclass(frozen=True, slots=True)
class Word(Node):
    """A bare word passed to a macro (its text) or to a method (``None``: null)."""

    value: str | None


Expression: TypeAlias = (
    IntegerLiteral
    | FloatLiteral
    | StringLiteral
    | InterpolatedString
    | BooleanLiteral
    | ListLiteral
    | RangeLiteral
    | MapLiteral
    | Reference
    | Not
    | Binary
    | Parenthesized
    | Word
)


# ---- statements ----


@dataclass(frozen=True, slots=True)
class Text(Node):
    value: str


@dataclass(frozen=True, slots=True)
class Output(Node):
    """A reference rendered into the output, after ``escapes`` backslashes (spec §1.3)."""

    reference: Reference
    escapes: int


@dataclass(frozen=True, slots=True)
class Set(Node):
    target: Reference
    value: Expression


@dataclass(frozen=True, slots=True)
class If(Node):
    branches: tuple[tuple[Expression, Block], ...]
    otherwise: Block | None


@dataclass(frozen=True, slots=True)
class Foreach(Node):
    variable: str
    iterable: Expression | None
    body: Block
    # `#foreach($l)`: Velocity reads a third argument that is not there when it runs
    incomplete: bool = False


@dataclass(frozen=True, slots=True)
class MacroDefinition(Node):
    name: str
    parameters: tuple[str, ...]
    body: Block


@dataclass(frozen=True, slots=True)
class MacroCall(Node):
    """``#name(args)`` or, with ``body``, ``#@name(args)body#end``."""

    name: str
    arguments: tuple[Expression, ...]
    body: Block | None
    source: str
    # each argument as written, None for numbers and booleans (which Velocity does not keep)
    argument_sources: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Define(Node):
    name: str
    body: Block


@dataclass(frozen=True, slots=True)
class Evaluate(Node):
    expression: Expression


@dataclass(frozen=True, slots=True)
class Load(Node):
    """``#parse`` or ``#include``: API Gateway has no resource loader."""

    directive: str
    arguments: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class Break(Node):
    scope: Reference | None


@dataclass(frozen=True, slots=True)
class Stop(Node):
    pass


Statement: TypeAlias = (
    Text
    | Output
    | Set
    | If
    | Foreach
    | MacroDefinition
    | MacroCall
    | Define
    | Evaluate
    | Load
    | Break
    | Stop
)


@dataclass(frozen=True, slots=True)
class Block(Node):
    body: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Template(Node):
    body: Block
    macros: tuple[MacroDefinition, ...]
    # The kinds of MacroCall ("call", "block_call"), Evaluate and Define nodes anywhere in the
    # template, noted by the parser so the compiler need not walk the tree; None: unknown.
    features: frozenset[str] | None = None
