"""AST to Python source, compiled once into a code object (the Jinja route to speed).

Each template becomes a module of plain functions: ``root(R, v, w, S)`` renders the template,
and one function per macro. ``R`` is :mod:`apigw_core.vtl.runtime`, ``v`` the variables dict,
``w`` the output list's ``append`` and ``S`` the per-render state. Every function returns the
number of characters it wrote so the output limit holds without a check per write.

A reference compiles to a chain of walrus assignments that stops at the first null. In the
``apigateway`` dialect the chain's null becomes ``""`` wherever the value is used (spec §0.2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from apigw_core.vtl import nodes as n
from apigw_core.vtl.runtime import INTEGER, make_int

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# (method, arity) -> (exact Python type, inline code): the commonest calls on plain lists and
# dicts skip the method tables. `{t}` is the target, `{a}` the argument, `{k}` a temporary.
# Map keys other than str and int need Java's key equality, so they take the general path.
_INLINE_METHODS: dict[tuple[str, int], tuple[str, str]] = {
    ("add", 1): ("list", "({t}.append({a}) or True)"),
    ("size", 0): ("list", "len({t})"),
    ("isEmpty", 0): ("list", "(not {t})"),
    ("get", 1): (
        "dict",
        "({t}.get({k}) if type({k} := {a}) is str else R.call_method({t}, 'get', ({k},)))",
    ),
    ("containsKey", 1): (
        "dict",
        "(({k} in {t}) if type({k} := {a}) is str else R.call_method({t}, 'containsKey', ({k},)))",
    ),
    ("keySet", 0): ("dict", "R.key_set({t})"),
}

APIGATEWAY = "apigateway"
VELOCITY = "velocity"


_COMPARISONS = {
    "<": "R.less",
    "<=": "R.less_equal",
    ">": "R.greater",
    ">=": "R.greater_equal",
}
_ARITHMETIC = {
    "-": "R.subtract",
    "*": "R.multiply",
    "/": "R.divide",
    "%": "R.modulo",
}


@dataclass(frozen=True, slots=True)
class CompiledSource:
    """Python source for a template plus the template position of each generated line."""

    source: str
    positions: tuple[tuple[int, int], ...]
    constants: tuple[Any, ...]
    # (name, function, parameters, where its body starts)
    macros: tuple[tuple[str, str, tuple[str, ...], tuple[int, int]], ...]


class _Function:
    def __init__(self, name: str, parameters: frozenset[str]) -> None:
        self.name = name
        self.parameters = parameters  # macro parameters, read through the P frame


class Compiler:
    """Turns a :class:`nodes.Template` into :class:`CompiledSource` for one dialect."""

    def __init__(self, dialect: str) -> None:
        self.apigw = dialect == APIGATEWAY
        self.lines: list[str] = []
        self.positions: list[tuple[int, int]] = []
        self.constants: list[Any] = []
        self.indent = 0
        self.counter = 0
        self.position = (1, 1)
        self.function = _Function("root", frozenset())
        self.locals: dict[str, str] = {}  # template variables held in Python locals
        self.loop_vars: list[str] = []  # the variables of the loops around, in this function
        self.loop_scopes: dict[str, tuple[str, str]] = {}  # scope local -> (index, items)
        self.dynamic = False  # macros, #define or #evaluate can rebind any variable
        self.blocks = False  # #define or #@macro bodies can print through references
        self.loop_depth = 0
        self.nested = 0  # depth of nested_block bodies, which may run many times

    # ---- output helpers ----

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)
        self.positions.append(self.position)

    @contextmanager
    def indented(self) -> Iterator[None]:
        self.indent += 1
        try:
            yield
        finally:
            self.indent -= 1

    def temp(self, prefix: str = "t") -> str:
        self.counter += 1
        return f"_{prefix}{self.counter}"

    def constant(self, value: Any) -> str:
        self.constants.append(value)
        return f"K[{len(self.constants) - 1}]"

    def at(self, node: n.Node) -> None:
        self.position = (node.line, node.column)

    @property
    def cold(self) -> bool:
        """Is this code run at most once per render? There, compact helper calls beat inline
        fast paths: the generated Python compiles several times faster (docs/performance.md)."""
        return self.loop_depth == 0 and self.nested == 0 and self.function.name == "root"

    # ---- entry points ----

    def compile_template(self, template: n.Template) -> CompiledSource:
        features = template.features
        if features is None:
            self.dynamic = bool(template.macros) or _has_dynamic(template.body)
            self.blocks = any(
                isinstance(x, n.Define) or (isinstance(x, n.MacroCall) and x.body is not None)
                for x in _walk(template.body)
            ) or any(_has_dynamic(m.body) for m in template.macros)
        else:  # the parser's note, read conservatively: features of macro bodies included
            self.dynamic = bool(template.macros or features)
            self.blocks = bool(
                features & {"define", "block_call"} or (template.macros and features)
            )
        macros = []
        for i, macro in enumerate(template.macros):
            fname = f"macro_{i}"
            self.compile_macro(fname, macro)
            macros.append(
                (macro.name, fname, macro.parameters, (macro.body.line, macro.body.column))
            )
        self.emit_function("root", "R, v, w, S", template.body, frozenset())
        return CompiledSource(
            "\n".join(self.lines) + "\n",
            tuple(self.positions),
            tuple(self.constants),
            tuple(macros),
        )

    def compile_macro(self, fname: str, macro: n.MacroDefinition) -> None:
        self.emit_function(fname, "R, v, w, S, P", macro.body, frozenset(macro.parameters))

    def emit_function(
        self, fname: str, signature: str, body: n.Block, parameters: frozenset[str]
    ) -> None:
        outer, outer_locals, outer_depth = self.function, self.locals, self.loop_depth
        outer_vars, self.loop_vars = self.loop_vars, []
        self.function = _Function(fname, parameters)
        self.locals, self.loop_depth = {}, 0
        self.emit(f"def {fname}({signature}):")
        with self.indented():
            self.emit("n = 0; _mi = S.max_iterations; _mo = S.max_output; _pm = R.PLAIN_MAPS")
            self.block(body)
            self.emit("return n")
        self.function, self.locals, self.loop_depth = outer, outer_locals, outer_depth
        self.loop_vars = outer_vars

    # ---- statements ----

    def block(self, block: n.Block) -> None:
        segment: list[n.Text | n.Output] = []
        for statement in block.body:
            if isinstance(statement, n.Text) or (
                isinstance(statement, n.Output) and statement.escapes == 0
            ):
                segment.append(statement)
                continue
            self.segment(segment)
            segment = []
            self.statement(statement)
        self.segment(segment)

    def segment(self, parts: list[n.Text | n.Output]) -> None:
        """Write a run of text and references with one concatenation and one append."""
        if not parts:
            return
        if self.blocks and len(parts) > 1:
            # a #define body may #stop while printing; what came before it must be out already
            for part in parts:
                self.segment([part])
            return
        if len(parts) == 1 and isinstance(parts[0], n.Text):
            self.statement(parts[0])
            return
        # One piece per generated line, so an error points at its own template line.
        text = self.temp("s")
        self.at(parts[0])
        self.emit(f"{text} = (")
        first = True
        for part in parts:
            if isinstance(part, n.Text):
                if not part.value:
                    continue
                piece = repr(part.value)
            else:
                piece = self.output_text(part.reference)
            self.at(part)
            self.emit(f"    {'' if first else '+ '}{piece}")
            first = False
        self.emit(f"); w({text}); n += len({text})")

    def output_text(self, ref: n.Reference) -> str:
        """An expression for the text a reference renders as (spec §0.2, §5)."""
        t = self.temp()
        chain = self.chain(ref)
        if self.apigw:
            # the reference as written, for a #define block nested too deep in itself
            literal = f", '', {'' if ref.silent else ref.source!r}" if self.blocks else ""
            if self.cold:
                return f"({t} if type({t} := {chain}) is str else R.output_text({t}, S{literal}))"
            return (
                f"({t} if type({t} := {chain}) is str else "
                f"str({t}) if type({t}) is int else R.output_text({t}, S{literal}))"
            )
        invalid = repr("" if ref.silent else ref.source)
        if ref.name in self.function.parameters and not ref.steps and not ref.silent:
            # stock Velocity prints a null argument as the caller wrote it (oracle-checked)
            invalid = f"P.get({_SOURCE_PREFIX + ref.name!r}, {invalid})"
        return f"({t} if type({t} := {chain}) is str else R.output_text({t}, S, {invalid}))"

    def statement(self, node: n.Statement) -> None:
        self.at(node)
        if isinstance(node, n.Text):
            if node.value:
                self.emit(f"w({node.value!r}); n += {len(node.value)}")
        elif isinstance(node, n.Output):
            self.output(node)
        elif isinstance(node, n.Set):
            self.set(node)
        elif isinstance(node, n.If):
            self.if_(node)
        elif isinstance(node, n.Foreach):
            self.foreach(node)
        elif isinstance(node, n.MacroCall):
            self.macro_call(node)
        elif isinstance(node, n.Define):
            self.define(node)
        elif isinstance(node, n.Evaluate):
            # inside a macro the evaluated template sees the macro's parameters (oracle)
            self.emit(f"n += R.evaluate(S, v, w, {self.value(node.expression)})")
        elif isinstance(node, n.Load):
            args = "".join(self.value(a) + ", " for a in node.arguments)
            text = self.temp("s")
            # #include takes only strings and references (oracle: `#include(1)` is an error)
            bad = node.directive == "include" and not isinstance(
                node.arguments[0], n.StringLiteral | n.InterpolatedString | n.Reference
            )
            self.emit(
                f"{text} = R.load(S, {node.directive!r}, ({args}){', True' if bad else ''}); "
                f"w({text}); n += len({text})"
            )
        elif isinstance(node, n.Break):
            if node.scope is None:
                self.emit("raise R.BreakSignal(None)")
            else:
                self.emit(f"raise R.BreakSignal(R.scope_of({self.value(node.scope)}))")
        elif isinstance(node, n.Stop):
            self.emit("raise R.StopSignal()")
        else:  # pragma: no cover - MacroDefinition is hoisted by the parser
            raise AssertionError(type(node).__name__)

    def output(self, node: n.Output) -> None:
        ref = node.reference
        value = self.temp()
        self.emit(f"{value} = {self.chain(ref)}")
        escapes = node.escapes
        half = "\\" * (escapes // 2)
        if escapes % 2:
            # An odd run prints the reference's source (spec §1.3); a plain `$p` of a macro
            # parameter prints the caller's argument as written (oracle: `\$p` gives `$a`).
            source = repr(ref.source)
            if ref.source == "$" + ref.name and ref.name in self.function.parameters:
                source = f"P.get({_SOURCE_PREFIX + ref.name!r}, {source})"
            if self.apigw:
                self.emit(f"{value} = {half!r} + {source}")
            else:
                self.emit(
                    f"{value} = {half!r} + ({source} if {value} is not None else '\\\\' + {source})"
                )
            self.emit(f"w({value}); n += len({value})")
            return
        if half:
            self.emit(f"w({half!r}); n += {len(half)}")
        text = self.temp("s")
        self.emit(f"if {value} is not None:")
        with self.indented():
            self.emit(f"{text} = {value} if type({value}) is str else R.render_value({value}, S)")
            self.emit(f"w({text}); n += len({text})")
        if not self.apigw:
            # stock Velocity prints an even run whole before an invalid reference (§1.3)
            invalid = half + ("" if ref.silent else ref.source)
            if not invalid:
                return
            self.emit("else:")
            with self.indented():
                self.emit(f"w({invalid!r}); n += {len(invalid)}")

    def set(self, node: n.Set) -> None:
        target = node.target
        value = self.temp()
        self.emit(f"{value} = {self.value(node.value)}")
        if not target.steps and (target.silent or target.source.startswith("${")):
            return  # `#set(${q} = 1)` and `#set($!q = 1)` assign nothing (oracle)
        self.emit(f"if {value} is not None:")
        with self.indented():
            if not target.steps:
                # in a macro, v is a MacroContext: the global of that name changes too (oracle)
                self.emit(f"v[{target.name!r}] = {value}")
                return
            *path, last = target.steps
            owner = self.temp()
            prefix = n.Reference(target.line, target.column, target.name, tuple(path), False, "")
            self.emit(f"{owner} = {self.chain(prefix)}")
            if isinstance(last, n.Index):
                index = self.value(last.value)
                self.emit(f"if {owner} is not None: R.set_index({owner}, {index}, {value})")
            else:
                # a method as the last step sets the property of its name (oracle:
                # `#set($m.get('k') = 2)` puts the key "get")
                self.emit(
                    f"if {owner} is not None: R.set_property({owner}, {last.name!r}, {value})"
                )

    def if_(self, node: n.If) -> None:
        keyword = "if"
        for condition, body in node.branches:
            self.emit(f"{keyword} {self.condition(condition)}:")
            keyword = "elif"
            with self.indented():
                self.body(body)
        if node.otherwise is not None and node.otherwise.body:
            self.emit("else:")
            with self.indented():
                self.body(node.otherwise)

    def body(self, block: n.Block) -> None:
        """A Python suite: the block, or ``pass`` when it emits nothing."""
        before = len(self.lines)
        self.block(block)
        if len(self.lines) == before:
            self.emit("pass")

    def foreach(self, node: n.Foreach) -> None:
        if node.incomplete:  # oracle: `#foreach($l)x#end` fails as it runs
            self.emit("raise R.incomplete_foreach()")
            return
        # Python allows 20 nested blocks per function and a loop uses two, so every few
        # levels a loop moves into a nested function of its own.
        if self.loop_depth and self.loop_depth % _LOOPS_PER_FUNCTION == 0:
            fname = self.temp("g")
            self.emit(f"def {fname}():")
            with self.indented():
                self.emit("nonlocal n, v")
                self.loop_depth += 1
                self.foreach_loop(node)
                self.loop_depth -= 1
            self.emit(f"{fname}()")
            return
        self.loop_depth += 1
        try:
            self.foreach_loop(node)
        finally:
            self.loop_depth -= 1

    def foreach_loop(self, node: n.Foreach) -> None:
        scope = self.temp("f")
        items = self.temp("l")
        index = self.temp("i")
        item = self.temp("x")
        saved = self.temp("c")
        size = self.temp("z")
        iterable = self.value(node.iterable) if node.iterable is not None else "None"
        var = node.variable
        # With nothing dynamic in the body (macros, #evaluate, #define), only the body can
        # rebind the loop's variables, so reads of them compile to Python locals.
        # Nor can a loop inside one over the same name: that one may hold a null (NullHolder).
        static = not self.dynamic and not _rebinds(node.body, var) and var not in self.loop_vars
        source = self.temp("m")
        self.emit(f"{items}, {size}, {source}, {source}_z = R.walk({iterable})")
        self.emit(f"{scope} = R.ForeachScope({items}, v.get('foreach'))")
        self.emit(f"{saved} = R.enter_foreach(S, v, {var!r}, {scope})")
        self.emit(f"{index} = 0")
        holder = self.temp("h")
        if not static:
            # a null element: the body runs in a NullHolder, as in Velocity (runtime.NullHolder)
            self.emit(f"{holder} = v; {holder}_n = None")
        self.emit("try:")
        with self.indented():
            self.emit(f"while {index} != len({items}):")  # Java's hasNext(): cursor != size
            with self.indented():
                # a walked map's size is checked too (keySet() and friends; oracle)
                self.emit(
                    f"if len({items}) != {size} or {index} >= _mi or n > _mo or "
                    f"({source} is not None and len({source}) != {source}_z): "
                    f"R.loop_guard(S, {items}, {size}, {index}, n, {source}, {source}_z)"
                )
                self.emit(f"{item} = {items}[{index}]; {scope}.index = {index}; {index} += 1")
                if not static:
                    self.emit(f"v = {holder}")
                self.emit(f"v[{var!r}] = {item}")
                if not static:
                    self.emit(f"v['velocityCount'] = {index}")
                    self.emit(f"v['velocityHasNext'] = {index} != len({items})")
                    self.emit(f"if {item} is None:")
                    with self.indented():
                        self.emit(f"if {holder}_n is None: {holder}_n = R.NullHolder(v, {var!r})")
                        self.emit(f"v = {holder}_n")
                outer = dict(self.locals)
                if static:
                    self.locals[var] = item
                    self.locals["foreach"] = scope
                    self.locals["velocityCount"] = index
                    self.locals["velocityHasNext"] = f"({index} != len({items}))"
                    self.loop_scopes[scope] = (index, items)
                else:
                    for name in (var, "foreach", "velocityCount", "velocityHasNext"):
                        self.locals.pop(name, None)
                self.loop_vars.append(var)
                self.block(node.body)
                self.loop_vars.pop()
                self.locals = outer
        self.emit(f"except R.BreakSignal as {scope}_b:")
        with self.indented():
            self.emit(f"if {scope}_b.scope is not None and {scope}_b.scope is not {scope}: raise")
        self.emit("finally:")
        with self.indented():
            if not static:
                self.emit(f"v = {holder}")
            self.emit(f"R.leave_foreach(v, {var!r}, {saved})")

    def macro_call(self, node: n.MacroCall) -> None:
        # a by-name argument yields its reference's raw value: a null stays null, so the
        # parameter's own chain breaks as a whole (`$x.length()` is "", not 0; oracle)
        thunks = ", ".join(
            f"lambda: {self.chain(a) if isinstance(a, n.Reference) else self.value(a)}"
            for a in node.arguments
        )
        body = "None"
        if node.body is not None:
            body = self.nested_block(node.body)
        sources = node.argument_sources or tuple(
            a.source if isinstance(a, n.Reference) else None for a in node.arguments
        )
        words = [a for a in node.arguments if isinstance(a, n.Word)]
        if words:
            # a bare word fails the call of a defined macro; Velocity names the last one
            self.at(words[-1])
        invalid = f", {words[-1].value!r}" if words else ""
        self.emit(
            f"n += R.call_macro(S, v, w, {node.name!r}, ({thunks}{',' if thunks else ''}), "
            f"{body}, {node.source!r}, {sources!r}{invalid})"
        )

    def define(self, node: n.Define) -> None:
        block = self.nested_block(node.body)
        self.emit(f"v[{node.name!r}] = R.DefinedBlock({block}, S, {('$' + node.name)!r}, v)")

    def nested_block(self, body: n.Block, *, scope: bool = True) -> str:
        """A nested function rendering ``body`` to a string (define, body content, strings).

        A ``#define`` or ``#@macro`` body is a scope: ``#break`` ends just the body. In a
        string literal (``scope=False``) ``#break`` and ``#stop`` go on out (oracle)."""
        fname = self.temp("b")
        # a block renders in the context it is given (runtime.DefinedBlock)
        self.emit(f"def {fname}({'v' if scope else ''}):")
        outer_depth, self.loop_depth = self.loop_depth, 0
        self.nested += 1
        with self.indented():
            if not scope and any(isinstance(x, n.Foreach) for x in _walk(body)):
                self.emit("nonlocal v")  # a loop over a null element rebinds it (foreach_loop)
            self.emit(
                "_o = []; w = _o.append; n = 0; _mi = S.max_iterations; _mo = S.max_output; "
                "_pm = R.PLAIN_MAPS"
            )
            if scope:
                self.emit("try:")
                with self.indented():
                    self.emit("pass")
                    self.block(body)
                # #break ends just this body; #stop ends everything but keeps what it printed
                self.emit("except R.BreakSignal as _e:")
                with self.indented():
                    self.emit("if _e.scope is not None: raise")
                self.emit("except R.StopSignal as _e:")
                with self.indented():
                    self.emit("_e.partial = ''.join(_o) + _e.partial; raise")
            else:
                self.block(body)
            self.emit("if n > S.max_output: R.output_overflow(S)")
            self.emit("return ''.join(_o)")
        self.loop_depth = outer_depth
        self.nested -= 1
        return fname

    # ---- expressions ----

    def chain(self, ref: n.Reference) -> str:
        """An expression for the reference's value, ``None`` when its chain breaks."""
        steps = ref.steps
        local = self.locals.get(ref.name)
        if local is not None:
            head = local
            if ref.name == "foreach" and steps and isinstance(steps[0], n.Property):
                # $foreach.count and friends of a static loop read its locals directly
                index, items = self.loop_scopes[local]
                direct = {
                    "count": index,
                    "index": f"({index} - 1)",
                    "hasNext": f"(True is ({index} != len({items})))",
                    "first": f"(True is ({index} == 1))",
                    "last": f"(True is ({index} == len({items})))",
                }.get(steps[0].name)
                if direct is not None:
                    head, steps = direct, steps[1:]
        else:
            head = f"v.get({ref.name!r})"
        # Each step passes null through (the runtime returns None for a None target), so
        # the chain needs no test per step; method arguments are evaluated only for a
        # non-null target, as in Velocity.
        expression = head
        simple = _IDENTIFIER.fullmatch(head) is not None
        if self.cold:
            return self.cold_chain(expression, simple, steps)
        for step in steps:
            expression = self.step(step, expression, simple)
            simple = False
        return expression

    def step(self, step: n.Step, expression: str, simple: bool) -> str:
        """One step on ``expression``, which is evaluated once (through a temporary unless it
        is a plain name), with inline fast paths."""
        if simple:
            subject, bound = expression, expression
        else:
            t = self.temp()
            subject, bound = f"({t} := {expression})", t
        if isinstance(step, n.Property):
            return (
                f"({bound}.get({step.name!r}) if type({subject}) in _pm "
                f"else R.get_property({bound}, {step.name!r}))"
            )
        if isinstance(step, n.Method):
            return self.method(step, subject, bound)
        index = self.value(step.value)
        return f"(None if {subject} is None else R.get_index({bound}, {index}))"

    def cold_chain(self, expression: str, simple: bool, steps: tuple[n.Step, ...]) -> str:
        """:meth:`chain` for code run once per render: runs of properties become one
        ``R.props`` call, and a method whose arguments have no effects needs no null test."""
        i = 0
        while i < len(steps):
            step = steps[i]
            if isinstance(step, n.Property):
                names: list[str] = []
                while i < len(steps) and len(names) < 3:
                    prop = steps[i]
                    if not isinstance(prop, n.Property):
                        break
                    names.append(repr(prop.name))
                    i += 1
                expression = f"R.props({expression}, {', '.join(names)})"
                simple = False
                continue
            i += 1
            if isinstance(step, n.Method) and all(map(_is_pure, step.arguments)):
                args = [self.value(a) for a in step.arguments]
                if len(args) == 1:
                    expression = f"R.call_method1({expression}, {step.name!r}, {args[0]})"
                elif not args:
                    expression = f"R.call_method0({expression}, {step.name!r})"
                else:
                    args_tuple = "".join(a + ", " for a in args)
                    expression = f"R.call_method({expression}, {step.name!r}, ({args_tuple}))"
            else:
                expression = self.step(step, expression, simple)
            simple = False
        return expression

    def method(self, step: n.Method, subject: str, bound: str) -> str:
        """A method call; common List and Map methods run inline on plain lists and dicts."""
        args = [self.value(a) for a in step.arguments]
        call = f"R.call_method({bound}, {step.name!r}, ({''.join(a + ', ' for a in args)}))"
        inline = _INLINE_METHODS.get((step.name, len(args)))
        if inline is not None:
            kind, template = inline
            fast = template.format(t=bound, a=args[0] if args else "", k=self.temp())
            return f"({fast} if type({subject}) is {kind} else {call})"
        if len(args) == 1:
            call = f"R.call_method1({bound}, {step.name!r}, {args[0]})"
        if args:
            return f"(None if {subject} is None else {call})"
        return f"R.call_method0({subject}, {step.name!r})"

    def value(self, expr: n.Expression) -> str:
        """An expression for the value of ``expr`` (null references already handled)."""
        if isinstance(expr, n.Reference):
            steps = expr.steps
            if (
                self.apigw
                and self.cold
                and 0 < len(steps) <= 3
                and all(isinstance(step, n.Property) for step in steps)
                and expr.name not in self.locals
            ):
                names = ", ".join(repr(step.name) for step in steps if isinstance(step, n.Property))
                return f"R.props_or_empty(v.get({expr.name!r}), {names})"
            chain = self.chain(expr)
            if self.apigw:
                t = self.temp()
                return f"('' if ({t} := {chain}) is None else {t})"
            return chain
        if isinstance(expr, n.IntegerLiteral):
            value = make_int(expr.value, INTEGER)  # a 19-digit literal is a Long, not BigInteger
            return repr(value) if type(value) is int else self.constant(value)
        if isinstance(expr, n.FloatLiteral):
            return self.constant(expr.value)
        if isinstance(expr, n.StringLiteral):
            return repr(expr.value)
        if isinstance(expr, n.BooleanLiteral):
            return repr(expr.value)
        if isinstance(expr, n.Word):
            return repr(expr.value)
        if isinstance(expr, n.InterpolatedString):
            pieces: list[str] = []
            for part in expr.body.body:
                if isinstance(part, n.Text):
                    if part.value:
                        pieces.append(repr(part.value))
                elif isinstance(part, n.Output) and not part.escapes:
                    pieces.append(self.output_text(part.reference))
                else:
                    break
            else:  # only text and references: one concatenation, no nested function
                return f"R.interpolated({' + '.join(pieces) or repr('')})"
            return f"R.interpolated({self.nested_block(expr.body, scope=False)}())"
        if isinstance(expr, n.ListLiteral):
            return "[" + "".join(self.value(i) + ", " for i in expr.items) + "]"
        if isinstance(expr, n.RangeLiteral):
            return f"R.make_range({self.value(expr.start)}, {self.value(expr.end)})"
        if isinstance(expr, n.MapLiteral):
            entries = "".join(f"({self.value(k)}, {self.value(v)}), " for k, v in expr.entries)
            return f"R.make_map(({entries}))"
        if isinstance(expr, n.Parenthesized):
            return self.value(expr.expression)
        if isinstance(expr, n.Not):
            return f"(not {self.condition(expr.operand)})"
        if isinstance(expr, n.Binary):
            return self.binary(expr)
        raise AssertionError(type(expr).__name__)  # pragma: no cover

    def binary(self, expr: n.Binary) -> str:
        op = expr.operator
        if op == "and":
            return f"({self.condition(expr.left)} and {self.condition(expr.right)})"
        if op == "or":
            return f"({self.condition(expr.left)} or {self.condition(expr.right)})"
        left, right = self.value(expr.left), self.value(expr.right)
        if op in ("==", "!="):
            test = f"R.velocity_equals({left}, {right})"
            return test if op == "==" else f"(not {test})"
        if op in _COMPARISONS:
            # null and "" compare as false alike, so the apigateway wrapper is not needed
            if isinstance(expr.left, n.Reference):
                left = self.chain(expr.left)
            if isinstance(expr.right, n.Reference):
                right = self.chain(expr.right)
            if isinstance(expr.right, n.IntegerLiteral | n.FloatLiteral):
                # Fast path for the common `$x > 1`; other types go through the runtime, and
                # so does a NaN for `<=` and `>=`, which find it equal to anything (R.less).
                t = self.temp()
                nan = f" and {t} == {t}" if op in ("<=", ">=") else ""
                return (
                    f"(({t} {op} {right}) if type({t} := {left}) is int or "
                    f"(type({t}) is float{nan}) else {_COMPARISONS[op]}({t}, {right}))"
                )
            return f"{_COMPARISONS[op]}({left}, {right})"
        if op == "+":
            sources = (self.source_of(expr.left), self.source_of(expr.right))
            if sources == ("", ""):
                return f"R.add({left}, {right})"
            return f"R.add({left}, {right}, {sources[0]!r}, {sources[1]!r})"
        return f"{_ARITHMETIC[op]}({left}, {right})"

    def source_of(self, expr: n.Expression) -> str:
        """What a null operand of a concatenation contributes (§3.3): a reference its source
        in stock Velocity ("" in API Gateway's), arithmetic Velocity's node literal."""
        if isinstance(expr, n.Parenthesized) and isinstance(expr.expression, n.Reference):
            expr = expr.expression
        if isinstance(expr, n.Reference):
            return "" if self.apigw else expr.source
        if isinstance(expr, n.Binary | n.Parenthesized | n.RangeLiteral):
            return expr.source
        return ""

    def condition(self, expr: n.Expression) -> str:
        """A Python bool per Velocity's truthiness (spec §3.5)."""
        if isinstance(expr, n.Reference):
            chain = self.chain(expr)
            if chain.startswith(_BOOLEAN_LOCALS):  # `$foreach.hasNext` of a static loop
                return chain
            if self.apigw:  # null became "", which is true (spec §0.2)
                return f"({chain} is not False)"
            t = self.temp()
            return f"(({t} := {self.chain(expr)}) is not None and {t} is not False)"
        if isinstance(expr, n.BooleanLiteral):
            return repr(expr.value)
        if isinstance(expr, n.Not):
            return f"(not {self.condition(expr.operand)})"
        if isinstance(expr, n.Parenthesized):
            return self.condition(expr.expression)
        if isinstance(expr, n.Binary) and expr.operator not in ("+", "-", "*", "/", "%"):
            return self.binary(expr)
        # Velocity never evaluates literals or arithmetic as a condition: they are false and
        # their operands do not run (oracle: `#if($l.get(99) - 1)` does not throw).
        return "False"


def _children(node: object) -> Iterator[n.Node]:
    """Every AST node directly inside ``node``, expressions included."""
    for field in getattr(node, "__dataclass_fields__", ()):
        value = getattr(node, field)
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, n.Node):
                yield item
            elif isinstance(item, tuple):
                stack.extend(item)


def _is_pure(expr: n.Expression) -> bool:
    """Can evaluating ``expr`` have no effect? (Then it may run even when unused.)"""
    if isinstance(expr, n.Reference):
        return all(isinstance(step, n.Property) for step in expr.steps)
    return isinstance(
        expr, n.StringLiteral | n.IntegerLiteral | n.FloatLiteral | n.BooleanLiteral | n.Word
    )


def _walk(node: n.Node) -> Iterator[n.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


def _has_dynamic(node: n.Node) -> bool:
    return any(isinstance(x, n.MacroCall | n.Evaluate | n.Define) for x in _walk(node))


_LOOPS_PER_FUNCTION = 6
_BOOLEAN_LOCALS = "(True is ("  # marks a chain that is a plain Python bool
_SOURCE_PREFIX = "\x00"  # frame key prefix for an argument's source text
_LOOP_NAMES = frozenset(("foreach", "velocityCount", "velocityHasNext"))


def _rebinds(body: n.Block, var: str) -> bool:
    """Does ``body`` #set the loop variable (or a loop name) itself, or loop over it?"""
    return any(
        (
            isinstance(x, n.Set)
            and not x.target.steps
            and (x.target.name == var or x.target.name in _LOOP_NAMES)
        )
        or (isinstance(x, n.Foreach) and x.variable == var)
        for x in _walk(body)
    )


def compile_to_source(template: n.Template, dialect: str) -> CompiledSource:
    """Compile a parsed template to Python source for ``dialect``."""
    return Compiler(dialect).compile_template(template)
