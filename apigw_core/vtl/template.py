"""Compiled templates, their cache, limits and the render entry point."""

from __future__ import annotations

import builtins
import functools
import re
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from apigw_core.vtl import runtime as R
from apigw_core.vtl.compiler import APIGATEWAY, VELOCITY, compile_to_source
from apigw_core.vtl.errors import VtlError, VtlLimitError, VtlRenderError, VtlSyntaxError
from apigw_core.vtl.parser import parse

DIALECTS: Final = (APIGATEWAY, VELOCITY)
MAX_NESTING: Final = 100  # roughly what Python's default recursion limit allows


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for untrusted templates; each overrun raises :class:`VtlLimitError`.

    The defaults follow API Gateway where it publishes a quota (1000 ``#foreach`` iterations,
    300 KB mapping templates, 10 MB payloads) and Velocity 1.7 elsewhere (macro depth 20).
    """

    max_foreach_iterations: int = 1000
    max_total_iterations: int = 1_000_000
    max_macro_depth: int = 20
    max_evaluate_depth: int = 20
    max_output_length: int = 10 * 1024 * 1024
    max_template_length: int = 1024 * 1024


DEFAULT_LIMITS: Final = Limits()


class Template:
    """A compiled template: immutable, and safe to render from many threads at once."""

    __slots__ = ("_positions", "dialect", "limits", "macro_functions", "root", "source")

    def __init__(self, source: str, dialect: str, limits: Limits) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"dialect must be one of {DIALECTS}, not {dialect!r}")
        if len(source) > limits.max_template_length:
            raise VtlLimitError(
                f"the template has {len(source)} characters, more than "
                f"{limits.max_template_length} (limit max_template_length)"
            )
        self.source = source
        self.dialect = dialect
        self.limits = limits
        try:
            compiled = compile_to_source(parse(source), dialect)
            code = builtins.compile(compiled.source, f"<vtl {id(self):x}>", "exec")
        except VtlError as error:
            error.template_source = source
            raise
        except (RecursionError, MemoryError, SyntaxError):
            # Python's own recursion and block limits; Velocity has none (docs/vtl.md)
            raise VtlLimitError(
                f"the template nests directives or parentheses more than about {MAX_NESTING} deep"
            ) from None
        namespace: dict[str, Any] = {"K": compiled.constants, "__positions__": compiled.positions}
        namespace["__template_source__"] = source
        exec(code, namespace)
        self.root: Callable[..., int] = namespace["root"]
        self.macro_functions: Mapping[
            str, tuple[Callable[..., int], tuple[str, ...], tuple[int, int]]
        ] = types.MappingProxyType(
            {name: (namespace[fname], params, at) for name, fname, params, at in compiled.macros}
        )
        self._positions = compiled.positions

    def render(self, variables: Mapping[str, Any] | None = None) -> str:
        """Render with ``variables`` (plain JSON-like Python values; see the module docs)."""
        v: dict[str, Any] = dict(variables) if variables else {}
        out: list[str] = []
        state = R.RenderState(self.dialect == APIGATEWAY, dict(self.macro_functions), self.limits)
        state.context = v
        try:
            count = self.root(R, v, out.append, state)
        except R.StopSignal as stop:
            out.append(stop.partial)
            count = sum(map(len, out))
        except R.BreakSignal:
            count = sum(map(len, out))  # #break outside any scope ends the template
        except VtlError as error:
            located = self._locate(error)
            located.template_source = self.source
            raise located from None
        except RecursionError:
            raise VtlLimitError("rendering recursed too deeply") from None
        except ValueError as error:
            if "integer string conversion" not in str(error):
                raise self._internal(error) from error
            # Python (3.11+) converts an int of more than 4300 digits to or from text only
            # when asked process-wide; such a number is a limit here (docs/vtl.md)
            raise R.huge_number() from None
        except Exception as error:  # a defect of ours must still surface as an ApigwError
            raise self._internal(error) from error
        if count > self.limits.max_output_length:
            R.output_overflow(state)
        text = "".join(out)
        if not text.isascii() and _LONE_SURROGATE.search(text):
            text = _encode_like_java(text)
        return text

    def _internal(self, error: Exception) -> VtlError:
        failure = VtlRenderError(f"internal error while rendering: {error!r}")
        failure.__traceback__ = error.__traceback__
        located = self._locate(failure)
        located.template_source = self.source
        return located

    def _locate(self, error: VtlError) -> VtlError:
        """Attach the template position of the innermost generated frame to ``error``, or
        complete the position it already has."""
        if error.source_line is not None:
            return error
        line, column = error.line, error.column
        tb = None if line is not None else error.__traceback__
        while tb is not None:
            positions = tb.tb_frame.f_globals.get("__positions__")
            source = tb.tb_frame.f_globals.get("__template_source__")
            if (
                positions is not None
                and source == self.source
                and 0 < tb.tb_lineno <= len(positions)
            ):
                line, column = positions[tb.tb_lineno - 1]
            tb = tb.tb_next
        if line is None:
            return error
        lines = self.source.splitlines() or [""]
        source_line = lines[line - 1] if line - 1 < len(lines) else ""
        kwargs: dict[str, Any] = {"line": line, "column": column, "source_line": source_line}
        if isinstance(error, VtlRenderError):
            located: VtlError = type(error)(
                error.message, java_exception=error.java_exception, **kwargs
            )
        else:
            located = type(error)(error.message, **kwargs)
        return located

    def __repr__(self) -> str:
        preview = self.source if len(self.source) <= 40 else self.source[:37] + "..."
        return f"<Template {preview!r} dialect={self.dialect}>"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _encode_like_java(text: str) -> str:
    """Pairs split by UTF-16 indexing are rejoined; a lone surrogate becomes ``?``, as Java
    writes it to UTF-8 (oracle: `$s.charAt(1)` of an emoji prints `?`)."""
    data = text.encode("utf-16-le", "surrogatepass")
    out = []
    i = 0
    while i < len(data):
        unit = int.from_bytes(data[i : i + 2], "little")
        if 0xD800 <= unit < 0xDC00 and i + 4 <= len(data):
            low = int.from_bytes(data[i + 2 : i + 4], "little")
            if 0xDC00 <= low < 0xE000:
                out.append(chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
                i += 4
                continue
        out.append("?" if 0xD800 <= unit < 0xE000 else chr(unit))
        i += 2
    return "".join(out)


@functools.lru_cache(maxsize=512)
def _cached(source: str, dialect: str, limits: Limits) -> Template:
    return Template(source, dialect, limits)


def compile(source: str, *, dialect: str = APIGATEWAY, limits: Limits = DEFAULT_LIMITS) -> Template:
    """Compile ``source`` once; the result is cached by source, dialect and limits."""
    return _cached(source, dialect, limits)


def render(
    source: str,
    variables: Mapping[str, Any] | None = None,
    *,
    dialect: str = APIGATEWAY,
    limits: Limits = DEFAULT_LIMITS,
) -> str:
    """Render ``source`` with ``variables`` as API Gateway's Velocity would."""
    return _cached(source, dialect, limits).render(variables)


def compile_for_evaluate(source: str, state: R.RenderState) -> Template:
    """The template ``#evaluate`` runs; its syntax errors surface as render errors."""
    dialect = APIGATEWAY if state.apigw else VELOCITY
    try:
        return _cached(source, dialect, state.limits)
    except VtlSyntaxError as error:
        raise VtlRenderError(f"#evaluate: {error}", java_exception="ParseErrorException") from None
