"""Source text to AST. The only module that touches ANTLR parse trees.

Parsing runs ANTLR's SLL prediction first and falls back to full LL only when SLL fails, the
standard two-stage strategy. Whitespace gobbling (spec §6) and escapes (spec §1.3) are resolved
here, so the AST holds exactly the text Velocity would print.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

from antlr4 import CommonTokenStream, InputStream, Token
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorListener import ErrorListener
from antlr4.error.Errors import ParseCancellationException
from antlr4.error.ErrorStrategy import BailErrorStrategy
from antlr4.tree.Tree import TerminalNode

from apigw_core.vtl import nodes as n
from apigw_core.vtl._antlr.VtlLexer import VtlLexer
from apigw_core.vtl._antlr.VtlParser import VtlParser
from apigw_core.vtl.errors import VtlRenderError, VtlSyntaxError
from apigw_core.vtl.jstring import unescape_unicode
from apigw_core.vtl.values import JavaException

__all__ = ["DIRECTIVES", "parse"]

P = VtlParser

DIRECTIVES = frozenset(
    (
        "set", "if", "elseif", "else", "end", "foreach", "macro", "define", "evaluate",
        "parse", "include", "literal", "break", "stop",
    )
)  # fmt: skip
# Directives that cannot stand without `(...)`: a bare `#if` is a syntax error, not text.
# A bare `#set` is text and a bare `#include` includes nothing (oracle).
_NEEDS_ARGUMENTS = frozenset(
    ("if", "elseif", "foreach", "macro", "define", "evaluate", "parse", "literal")
)
_GOBBLE = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_OPERATORS = {
    P.OR: "or", P.AND: "and", P.EQ: "==", P.NE: "!=", P.LT: "<", P.LE: "<=", P.GT: ">",
    P.GE: ">=", P.PLUS: "+", P.MINUS: "-", P.STAR: "*", P.SLASH: "/", P.PERCENT: "%",
}  # fmt: skip
_DIRECTIVE_CONTEXTS = (
    P.SetDirectiveContext, P.IfDirectiveContext, P.ForeachDirectiveContext,
    P.MacroDirectiveContext, P.DefineDirectiveContext, P.EvaluateDirectiveContext,
    P.ParseDirectiveContext, P.IncludeDirectiveContext, P.LiteralDirectiveContext,
    P.BreakDirectiveContext, P.StopDirectiveContext, P.MacroCallContext,
    P.BlockMacroCallContext,
)  # fmt: skip


def parse(source: str, *, fast_lexer: bool = True) -> n.Template:
    """Parse a whole template. Raises :class:`VtlSyntaxError` as Velocity 1.7 would.

    ``fast_lexer=False`` runs only ANTLR's generated rules (tests compare the two).
    """
    builder = _Builder(source, 0, fast_lexer=fast_lexer)
    body = builder.template()
    return n.Template(1, 1, body, tuple(builder.macros.values()), frozenset(builder.features))


_TEXT_RUN = re.compile(r"[^$#\\]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_GENERIC_DIRECTIVES = frozenset(
    (
        VtlLexer.FOREACH_OPEN, VtlLexer.MACRO_OPEN, VtlLexer.DEFINE_OPEN, VtlLexer.EVALUATE_OPEN,
        VtlLexer.PARSE_OPEN, VtlLexer.INCLUDE_OPEN, VtlLexer.LITERAL_OPEN, VtlLexer.BREAK_OPEN,
        VtlLexer.STOP_OPEN, VtlLexer.BREAK, VtlLexer.STOP, VtlLexer.CALL_OPEN, VtlLexer.BCALL_OPEN,
    )
)  # fmt: skip
# A lone `$` or `#` right before one of these vanishes (oracle: `$#if(true)x#end` is `x`).
_SWALLOWING_DIRECTIVES = frozenset(
    (VtlLexer.IF_OPEN, VtlLexer.ELSEIF_OPEN, VtlLexer.ELSE, VtlLexer.END, VtlLexer.SET_OPEN)
)
_REFERENCE_STARTS = frozenset(
    (VtlLexer.REF, VtlLexer.REF_FORMAL, VtlLexer.SIMPLE_REF, VtlLexer.SIMPLE_CALL)
)
_WORD = re.compile(r"[a-zA-Z_][a-zA-Z0-9_\-]*")
_STEP_AHEAD = re.compile(r"\.[a-zA-Z]|\[")
_CALL_AFTER_COMMENT = re.compile(r"\.[a-zA-Z][a-zA-Z0-9_\-]*\([^)]*\)")
_GOBBLE_AHEAD = re.compile(r"[ \t]*(?:\r\n|\n|\r)")
_BLANKS = re.compile(r"[ \t\r\n]+")
_ID = r"[a-zA-Z_][a-zA-Z0-9_\-]*"
_PID = r"[a-zA-Z][a-zA-Z0-9_\-]*"
# `$name.prop.prop` with nothing else: one token (SIMPLE_REF) instead of one per step
_SIMPLE_REF = re.compile(rf"\$!?{_ID}((?:\.{_PID})*)")
# `$name.prop.method(ARG).prop`, ARG a simple reference, a plain string or an integer, as
# mapping templates write `$util.escapeJavaScript($a.b)` and `$input.path('$.x')`: one token
# (SIMPLE_CALL) instead of six. Groups: head properties, method, the four ARG kinds, tail.
_SIMPLE_CALL = re.compile(
    rf"\$!?{_ID}((?:\.{_PID})*)\.({_PID})\("
    rf"(?:(\$!?{_ID}(?:\.{_PID})*)|('[^']*')|(\"[^\"$#\\]*\")|(-?[0-9]+))?"
    rf"\)((?:\.{_PID})*)"
)
_EXPRESSION_MODES = frozenset((VtlLexer.EXPR, VtlLexer.REF_E))
_REF_TEXT_RUN = re.compile(r"[^$#\\.\[ \t][^$#\\.\[]*")


_SET_AHEAD = re.compile(r"[ \t\r\n]*#(?:set|\{set\})")
_DIRECTIVE_WORD = re.compile(r"#@?(\{[a-zA-Z_][a-zA-Z0-9_]*\}|[a-zA-Z_][a-zA-Z0-9_]*)")


def _call_name(opener: str) -> str:
    """The macro name in a `#name(`, `#{name}(` or `#@name(` token."""
    return opener.lstrip("#@{").split("}")[0].split("(")[0].rstrip(" \t\r\n")


class _FastLexer(VtlLexer):  # type: ignore[misc]
    """The generated lexer, with a fast path for runs of plain template text.

    ANTLR's Python runtime simulates its DFA one character at a time. In template text only
    the TEXT rule can match a run of characters other than ``$ # \\`` (after a reference, one
    not starting with a blank or ``.``/``[``), so such a run is cut out with a regex instead;
    the tokens are exactly those of the generated lexer (tests/vtl/test_lexer.py checks).
    """

    def __init__(self, source: str, fast: bool = True) -> None:
        super().__init__(InputStream(source), _NoOutput())
        self._source = source
        self._use_fast_paths = fast
        self._after_property = False
        self._after_set = False
        self._set_depth = -1
        self._set_after_property = False
        self._after_marker = -1
        self._literal_calls: set[int] = set()  # offsets of directives that print as text
        self._reference_comments: set[int] = set()  # offsets of `#*` right after `$a` or `$a.b`
        # offsets of text tokens of their own right after a reference (`{`, `}`, `)word`)
        self._split_texts: set[int] = set()
        self._previous_text = ""  # the previous token on the default channel
        self._word_references: set[int] = set()  # offsets of the words of `$a[0]a[1]`
        self._index_stack: list[bool] = []  # _after_property at each open `[` of a text reference

    def nextToken(self) -> Any:
        in_reference = self._mode == VtlLexer.REF_T
        token = self._next_token()
        kind = token.type
        if kind == VtlLexer.COMMENT_BLOCK:
            self._comment_end(token)
            if in_reference:
                self._reference_comments.add(token.start)
        elif (
            in_reference and kind == VtlLexer.TEXT and token.text[0] in "{}" and len(token.text) > 1
        ):
            # right after `$a` a brace is a token of its own in Velocity 1.7, so blanks after it
            # begin a token and go before #set (oracle: `$y}\t#set($d = 1)|` is `Y}|`)
            self._resize(token, 1)
            self._split_texts.add(token.start)
        elif (
            in_reference
            and kind == VtlLexer.TEXT
            and self._previous_text[-1:] in (")", "]")
            and (word := _WORD.match(token.text)) is not None
        ):
            # after `$a.m()` or `$a[0]` a word is a token of its own, and the `.b`, `.m(...)`
            # and `[...]` after it are parsed as a reference's and vanish (oracle:
            # `$s.length()a.b|` is `5a|`, `$l[0]a[1]b[2]x` is `1abx`, `$l[0]a #set(...)` `1a`)
            if word.end() < len(token.text):
                self._resize(token, word.end())
            self._split_texts.add(token.start)
            if _STEP_AHEAD.match(self._source, token.stop + 1):
                token.type = kind = VtlLexer.SIMPLE_REF  # the builder prints it as text
                self._word_references.add(token.start)
                self.pushMode(VtlLexer.REF_T)
        if self._after_marker == token.start and kind in _GENERIC_DIRECTIVES:
            # `$#foreach(...)`, `#$#mm()`: after a lone `$` or `#` Velocity 1.7 prints these
            # directives as text (oracle-checked); a literal macro call does exactly that
            token.type = VtlLexer.CALL_OPEN if token.text.endswith("(") else VtlLexer.HASH_WORD
            kind = token.type
            self._literal_calls.add(token.start)
        if kind == VtlLexer.COMMENT_LINE and self._after_property:
            # Velocity 1.7 does not see `##` as a comment right after `$a.b`: two characters
            # of text, and what follows is template again (oracle: `$a.b## $c` prints `$c`)
            token.type = VtlLexer.TEXT
            self._resize(token, 2)
        if token.channel == Token.DEFAULT_CHANNEL:
            self._previous_text = token.text
            self._after_marker = token.stop + 1 if kind in (VtlLexer.DOLLAR, VtlLexer.HASH) else -1
            if (
                kind == VtlLexer.SET_OPEN
                and self._modeStack
                and self._modeStack[-1] == VtlLexer.REF_T
            ):
                self._set_depth = len(self._modeStack)  # a #set opened inside `$ref` state
                self._set_after_property = self._after_property
            self._after_set = (
                kind == VtlLexer.RPAREN
                and self._mode == VtlLexer.REF_T
                and len(self._modeStack) == self._set_depth - 1
            )
            if self._after_set:
                self._set_depth = -1
                self._after_property = self._set_after_property
                return token
            if kind == VtlLexer.INDEX_OPEN and self._modeStack[-1:] == [VtlLexer.REF_T]:
                self._index_stack.append(self._after_property)
            elif kind == VtlLexer.RBRACK and self._mode == VtlLexer.REF_T and self._index_stack:
                # `$a.b[0]## c` keeps `##` as text, like `$a.b## c` (oracle)
                self._after_property = self._index_stack.pop()
                return token
            self._after_property = (
                kind == VtlLexer.PROP
                or (kind == VtlLexer.SIMPLE_REF and "." in token.text)
                or (kind == VtlLexer.SIMPLE_CALL and not token.text.endswith(")"))
            )
        return token

    def _next_token(self) -> Any:
        if self._use_fast_paths and not self._hitEOF:
            mode = self._mode
            start = self._input._index
            source = self._source
            char = source[start] if start < len(source) else ""
            if char == "$" and mode != VtlLexer.REF_F:
                kind = VtlLexer.SIMPLE_CALL
                match = _SIMPLE_CALL.match(source, start)
                if match is not None:
                    tail = match.group(7)
                    end = match.end()
                    if tail and source.startswith("(", end):
                        end = match.start(7) + tail.rindex(".")  # leave `.m(` to ANTLR
                else:
                    kind = VtlLexer.SIMPLE_REF
                    match = _SIMPLE_REF.match(source, start)
                    if match is not None:
                        end = match.end()
                        if source.startswith("(", end) and match.group(1):
                            end = match.start(1) + match.group(1).rindex(".")  # `.m(` to ANTLR
                if match is not None:
                    # a reference ends the one before it and starts its own mode
                    if mode == VtlLexer.REF_T or mode == VtlLexer.REF_E:
                        self.popMode()
                    self.pushMode(VtlLexer.REF_E if mode in _EXPRESSION_MODES else VtlLexer.REF_T)
                    return self._fast(start, end, kind, Token.DEFAULT_CHANNEL)
            elif mode == 0:
                match = _TEXT_RUN.match(source, start)
                if match is not None:
                    return self._fast(start, match.end(), VtlLexer.TEXT, Token.DEFAULT_CHANNEL)
            elif mode == VtlLexer.REF_T and self._after_set:
                # Velocity 1.7 stays inside `$ref` across the line break a `$ref #set(...)`
                # swallows, so a `[` on the next line is an index (spec §7.1)
                self._after_set = False
                match = _GOBBLE_AHEAD.match(source, start)
                if match is not None:
                    return self._fast(start, match.end(), VtlLexer.TEXT, Token.DEFAULT_CHANNEL)
                return self._next_token()
            elif mode == VtlLexer.REF_T:
                match = _REF_TEXT_RUN.match(source, start)
                if match is not None:
                    self.popMode()
                    return self._fast(start, match.end(), VtlLexer.TEXT, Token.DEFAULT_CHANNEL)
            elif mode in _EXPRESSION_MODES and char in " \t\r\n":
                match = _BLANKS.match(source, start)
                if match is not None:
                    if mode == VtlLexer.REF_E:
                        self.popMode()
                    return self._fast(start, match.end(), VtlLexer.WS, Token.HIDDEN_CHANNEL)
        token = super().nextToken()
        kind = token.type
        if kind == VtlLexer.CALL_OPEN or kind == VtlLexer.BCALL_OPEN:
            word = _DIRECTIVE_WORD.match(token.text)
            name = word.group(1).strip("{}") if word else ""
            if word and name == "set":
                # `#set\t(`: not #set (only spaces may precede its `(`) but a call of an
                # undefined macro `set`, printed as written (oracle)
                self._literal_calls.add(token.start)
            elif word and name in DIRECTIVES:
                # `#end(` or `#else (`: the word alone, and `(` is text again
                self._retreat(token, word.end())
                token.type = {
                    "end": VtlLexer.END,
                    "else": VtlLexer.ELSE,
                    "break": VtlLexer.BREAK,
                    "stop": VtlLexer.STOP,
                }.get(name, VtlLexer.HASH_WORD)
        elif kind == VtlLexer.METHOD_OPEN and _SET_AHEAD.match(self._source, token.stop + 1):
            # Velocity reads `$a.b(#set(...)` as the property `$a.b` then text (Velocity631)
            self._retreat(token, len(token.text) - 1)
            token.type = VtlLexer.PROP
        return token

    def _fast(self, start: int, end: int, kind: int, channel: int) -> Any:
        """Emit the token ``source[start:end]`` without running ANTLR's simulator."""
        interp = self._interp
        self._tokenStartCharIndex = start
        self._tokenStartLine = interp.line
        self._tokenStartColumn = interp.column
        newline = self._source.rfind("\n", start, end)
        if newline >= 0:
            interp.line += self._source.count("\n", start, end)
            interp.column = end - newline - 1
        else:
            interp.column += end - start
        self._input._index = end
        self._type = kind
        self._channel = channel
        self._text = None
        self._token = None
        if end >= len(self._source):
            self._hitEOF = True
        return self.emit()

    def _comment_end(self, token: Any) -> None:
        """Inside a `#* *#` comment Velocity reads `#*` as a pair, so its `*` closes nothing:
        `a#*#*#b` is one unterminated comment (oracle). Move the end where that puts it."""
        source = self._source
        i = token.start + 2
        while i < len(source):
            if source.startswith("#*", i):
                i += 2
            elif source.startswith("*#", i):
                i += 2
                break
            else:
                i += 1
        end = min(i, len(source))
        if end != token.stop + 1:
            self._resize(token, end - token.start)

    def _retreat(self, token: Any, length: int) -> None:
        """Shorten ``token`` to ``length`` characters, undoing the mode it pushed."""
        self._resize(token, length)
        self.popMode()

    def _resize(self, token: Any, length: int) -> None:
        """Make ``token`` ``length`` characters long and carry on lexing after it."""
        token.stop = token.start + length - 1
        token.text = self._source[token.start : token.stop + 1]
        self._input._index = token.stop + 1
        self._hitEOF = token.stop + 1 >= len(self._source)
        consumed = token.text
        newline = consumed.rfind("\n")
        self._interp.line = token.line + consumed.count("\n")
        self._interp.column = (
            len(consumed) - newline - 1 if newline >= 0 else token.column + len(consumed)
        )


class _NoOutput:
    """ANTLR writes warnings to a stream; the library never prints."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


class _Raise(ErrorListener):  # type: ignore[misc]
    def __init__(self, builder: _Builder) -> None:
        self.builder = builder

    def syntaxError(
        self, recognizer: Any, offending: Any, line: int, column: int, msg: str, e: Any
    ) -> None:
        if offending is None:  # a lexer error: `column` is on the current line
            offset = self.builder.offset_of(line, column)
            raise self.builder.error(f"Lexical error: {msg}", offset)
        if offending.type == Token.EOF:
            # Velocity points at the last character of the template, not past it
            raise self.builder.error('Encountered "<EOF>"', max(offending.start - 1, 0))
        source = self.builder.source
        if offending.text == "." and (word := _WORD_AFTER_DOT.match(source, offending.stop + 1)):
            # `'a,b'.split(',')`: Velocity's lexer takes the dot, and fails at the word (oracle)
            raise self.builder.error(f'Encountered "{word.group()}"', offending.stop + 1)
        if (
            offending.text == "#"
            and source.startswith("##", offending.start)
            and _in_method_arguments(recognizer.getInputStream().tokens, offending.tokenIndex)
        ):
            # a `##` comment inside method arguments: Velocity's lexer takes it and fails at
            # what follows the line break (oracle; in directive arguments it fails at `##`)
            newline = _LINE_BREAK.search(source, offending.start)
            if newline is not None and newline.end() < len(source):
                raise self.builder.error("Encountered a comment in arguments", newline.end())
        raise self.builder.error(f'Encountered "{offending.text}"', offending.start)


_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_OPENERS = frozenset((P.METHOD_OPEN, P.LPAREN, P.LBRACK, P.LBRACE, P.INDEX_OPEN))
_CLOSERS = frozenset((P.RPAREN, P.RBRACK, P.RBRACE))


def _in_method_arguments(tokens: list[Any], index: int) -> bool:
    """Is the token at ``index`` inside the parentheses of a method call?"""
    depth = 0
    for token in reversed(tokens[:index]):
        if token.type in _CLOSERS:
            depth += 1
        elif token.type in _OPENERS or token.text.endswith("("):
            if depth == 0:
                return bool(token.type == P.METHOD_OPEN)
            depth -= 1
    return False


_BLANKS_AFTER = re.compile(r"[ \t\r\n]*")
_WORD_AFTER_DOT = re.compile(r"[a-zA-Z][a-zA-Z0-9_\-]*")


class _Builder:
    """Parses one source (a template or a string literal's body) and builds its AST."""

    def __init__(
        self, source: str, base: int, root: _Builder | None = None, *, fast_lexer: bool = True
    ) -> None:
        self.source = source
        self.fast_lexer: bool = root.fast_lexer if root else fast_lexer
        self.base = base  # offset of `source` inside the root template
        self.root = root or self
        self.macros: dict[str, n.MacroDefinition] = root.macros if root else {}
        self.macro_names: set[str] = root.macro_names if root else set()
        self.features: set[str] = root.features if root else set()
        self.unterminated_comment = False
        if root is None:
            self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", source)]
            self.plain = "\t" not in source and _ASTRAL.search(source) is None

    # ---- positions and errors ----

    def offset_of(self, line: int, column: int) -> int:
        root = self.root
        start = root.line_starts[line - 1] if line - 1 < len(root.line_starts) else 0
        return start + column - self.base

    def position(self, offset: int) -> tuple[int, int]:
        """Velocity's (line, column) of an offset into this builder's source."""
        root = self.root
        absolute = offset + self.base
        index = bisect.bisect_right(root.line_starts, absolute) - 1
        start = root.line_starts[index]
        if root.plain:  # no tabs, nothing beyond the BMP: columns are plain offsets
            return index + 1, absolute - start + 1
        column = 1
        for char in root.source[start:absolute]:
            if char == "\t":
                column = ((column - 1) // 8 + 1) * 8 + 1
            else:
                column += 2 if ord(char) > 0xFFFF else 1
        return index + 1, column

    def source_line(self, line: int) -> str:
        root = self.root
        start = root.line_starts[line - 1]
        end = root.line_starts[line] if line < len(root.line_starts) else len(root.source)
        return root.source[start:end].rstrip("\r\n")

    def error(self, message: str, offset: int) -> VtlSyntaxError:
        line, column = self.position(offset)
        return VtlSyntaxError(message, line=line, column=column, source_line=self.source_line(line))

    def at(self, token: Any) -> tuple[int, int]:
        return self.position(token.start)

    # ---- parsing ----

    def template(self) -> n.Block:
        tree, stream = self._parse()
        self.stream = stream
        self._collect_macro_names(stream)
        return self.block(tree.block(), gobble=False)

    def _parse(self) -> tuple[Any, Any]:
        lexer = _FastLexer(self.source, self.fast_lexer)
        self.literal_calls = lexer._literal_calls
        self.reference_comments = lexer._reference_comments
        self.split_texts = lexer._split_texts
        self.word_references = lexer._word_references
        self.marked_sets: set[int] = set()  # offsets of #set chained to a lone `$` (above)
        lexer.removeErrorListeners()
        lexer.addErrorListener(_Raise(self))
        stream = CommonTokenStream(lexer)
        stream.fill()  # lexing up front is markedly faster than on demand
        parser = VtlParser(stream)
        parser.removeErrorListeners()
        parser._interp.predictionMode = PredictionMode.SLL
        parser._errHandler = BailErrorStrategy()
        try:
            return parser.template(), stream
        except ParseCancellationException:
            stream.seek(0)
            parser.reset()
            parser.addErrorListener(_Raise(self))
            parser._interp.predictionMode = PredictionMode.LL
            from antlr4.error.ErrorStrategy import DefaultErrorStrategy

            parser._errHandler = DefaultErrorStrategy()
            return parser.template(), stream

    def _collect_macro_names(self, stream: Any) -> None:
        # Macros take effect at parse time, so `\#m()` and calls before the definition see them.
        tokens = stream.tokens
        for i, token in enumerate(tokens):
            if token.type == P.MACRO_OPEN:
                for following in tokens[i + 1 :]:
                    if following.channel == 0:
                        if following.type == P.WORD:
                            self.macro_names.add(following.text)
                        break

    # ---- blocks ----

    def block(self, ctx: Any, *, gobble: bool) -> n.Block:
        line, column = self.at(ctx.start) if ctx.start is not None else (1, 1)
        items: list[n.Statement] = []
        text: list[str] = []  # pending literal text
        text_at: tuple[int, int] = (line, column)
        escapes = 0  # a pending run of backslashes
        # W4 (spec §6): blanks before #set vanish when they begin a lexer token, that is when
        # no TEXT token runs into them. `strippable` is how many trailing characters qualify.
        strippable = lone_marker = 0
        after_text_token = False

        def flush() -> None:
            nonlocal text
            if text:
                items.append(n.Text(text_at[0], text_at[1], "".join(text)))
                text = []

        def add_text(value: str, token: Any) -> None:
            nonlocal text_at
            if not text:
                text_at = self.at(token)
            text.append(value)

        for child in ctx.getChildren():
            if isinstance(child, TerminalNode):
                token = child.symbol
                kind = token.type
                value = self.text_token(token)
                if kind == P.DOLLAR and escapes and not value:
                    escapes = 0  # `\$` glued to a swallowed run goes with it
                if kind == P.DOLLAR and escapes and value == "$" and self.before_reference(token):
                    # `\$$a` prints as `\$a` does: the `$` goes; an even run halves (oracle)
                    if escapes % 2:
                        continue
                    escapes //= 2
                if escapes and kind != P.ESC_RUN:
                    if kind == P.HASH_WORD and token.text[1:].strip("{}") == "include":
                        escapes //= 2  # a bare #include is a directive: halves, as before one
                    add_text("\\" * escapes, token)
                    escapes = 0
                if kind == P.HASH_WORD and value[1:].strip("{}") in self.macro_names:
                    if escapes:
                        add_text("\\" * (escapes // 2), token)
                        escapes = 0
                    flush()
                    line_, column_ = self.at(token)
                    self.features.add("call")
                    items.append(
                        n.MacroCall(line_, column_, value[1:].strip("{}"), (), None, value)
                    )
                    gobble = after_text_token = False
                    strippable = lone_marker = 0
                    continue
                if kind == P.ESC_RUN:
                    escapes += len(token.text)
                    gobble = after_text_token = False
                    strippable = lone_marker = 0
                    continue
                if kind == P.COMMENT_BLOCK and token.start in self.reference_comments:
                    self.check_reference_resumes(token)
                if kind in (P.COMMENT_LINE, P.COMMENT_BLOCK):
                    if kind == P.COMMENT_LINE and len(value) > 2 and value.endswith(("#", "$")):
                        self.check_not_last(token)  # `## see #` or `##a$` ending the template
                    flush()
                    gobble = after_text_token = False
                    strippable = lone_marker = 0
                    continue
                boundary = not after_text_token
                if gobble and kind == P.TEXT:
                    match = _GOBBLE.match(value)
                    if match:
                        value = value[match.end() :]
                        boundary = True
                        self.extend_call_source(items, match.group())
                gobble = False
                if value:
                    add_text(value, token)
                blank = kind == P.TEXT and not value.strip(" \t")
                # a lone `$` or `#` before the blanks goes too (oracle: `$  #set(...)|` is `|`)
                marker = lone_marker if blank and boundary else 0
                strippable = len(value) + marker if blank and boundary else 0
                # a glued run of them counts whole (oracle: `x$$ #set(...)y` is `xy`)
                lone_marker = lone_marker + len(value) if kind in (P.DOLLAR, P.HASH) else 0
                after_text_token = kind == P.TEXT and token.start not in self.split_texts
                continue

            gobble = after_text_token = False
            lone_marker = 0
            if isinstance(child, P.ReferenceContext):
                if child.start.start in self.word_references:
                    add_text(child.start.text, child.start)  # its steps vanish (lexer above)
                    continue
                node = self.output(child, escapes)
                escapes = strippable = 0
                flush()
                items.append(node)
                continue

            # a directive
            is_set = isinstance(child, P.SetDirectiveContext)
            if is_set and self.after_marker(child.start):
                self.check_after_marked_set(child)
            if escapes:
                # spec §1.3: an even run prints half its backslashes, except before #set, a
                # braced macro call, and a call of a macro that does not exist (oracle-checked)
                keep = is_set or (
                    isinstance(child, P.MacroCallContext | P.BlockMacroCallContext)
                    and (
                        _call_name(child.start.text) not in self.macro_names
                        or child.start.text.startswith("#{")  # a braced call keeps them all
                    )
                )
                add_text("\\" * (escapes if keep else escapes // 2), child.start)
                escapes = strippable = 0
            if is_set and strippable:
                joined = "".join(text)[:-strippable]
                text = [joined] if joined else []
            strippable = 0
            flush()
            statement = self.directive(child)
            if statement is not None:
                items.append(statement)
            gobble = self.ends_with_gobble(child) and not (
                # an undefined `#@name()...#end` prints as written, line break too (oracle)
                isinstance(child, P.BlockMacroCallContext)
                and _call_name(child.start.text) not in self.macro_names
            )

        if escapes:
            # before the #end/#else that closes this block, an even run prints half (oracle)
            closing = self.stream.tokens[ctx.stop.tokenIndex + 1] if ctx.stop is not None else None
            closes = closing is not None and closing.type in (P.END, P.ELSE, P.ELSEIF_OPEN)
            add_text("\\" * (escapes // 2 if closes else escapes), ctx.stop)
        flush()
        return n.Block(line, column, tuple(items))

    @staticmethod
    def extend_call_source(items: list[n.Statement], gobbled: str) -> None:
        """An undefined macro prints its call with the line break its `)` took (checked with
        the oracle: `#mm($a)` + newline prints both)."""
        if items and isinstance(items[-1], n.MacroCall) and items[-1].body is None:
            items[-1] = dataclasses.replace(items[-1], source=items[-1].source + gobbled)

    @staticmethod
    def ends_with_gobble(ctx: Any) -> bool:
        # W2/W3: a closing `)`, `#else` or `#end` takes the rest of its line if it is blank.
        stop = ctx.stop
        return stop is not None and stop.type in (P.RPAREN, P.END)

    def swallowed(self, token: Any) -> bool:
        """Is this `$` or `#` part of a glued run of them (`$`, `$!`, `#`, `\\$`) that ends
        right before #if/#else/#elseif/#end/#set or a `#*` comment? Velocity 1.7's lexer reads
        each as a MORE prefix of the next token, so the whole run vanishes with it (oracle:
        `#if(true)a$$#end` is `a`, `a\\$#*c*#b` is `ab`)."""
        tokens = self.stream.tokens
        while True:
            following = tokens[token.tokenIndex + 1]
            if following.start != token.stop + 1:
                return False
            if following.type == P.ESC_RUN:
                following = tokens[following.tokenIndex + 1]  # `\$` is one MORE prefix
                if following.type != P.DOLLAR:
                    return False
            elif following.type not in (P.DOLLAR, P.HASH):
                return following.type in _SWALLOWING_DIRECTIVES or following.type == P.COMMENT_BLOCK
            token = following

    def text_token(self, token: Any) -> str:
        kind = token.type
        value: str = token.text
        if kind == P.TEXT and value == "##":
            self.check_not_last(token)  # the `##` after `$a.b` (lexer) ending the template
        if kind == P.DOLLAR or kind == P.HASH:
            self.check_not_last(token)
            if self.swallowed(token):
                return ""
            last = token
            while (following := self.stream.tokens[last.tokenIndex + 1]).type == P.DOLLAR:
                last = following  # through a glued run of `$`: `$!$$a` is `$!$A` (oracle)
            after = self.source[last.stop + 1 : last.stop + 2]
            if (
                following.type in _REFERENCE_STARTS
                or after in ("#", "{", "}", "[")
                or (after == "." and last is not token and last.text == "$")
            ):
                # `$!$a`, `$!#x`, `$!##c`, `$!{`, `$!}`, `$![` and `$!$.` keep the `!`; `$!$)`
                # and `$!.` do not (oracle)
                return value
            return value[0]  # `$!5` prints `$5` (spec §1.2)
        if kind == P.HASH_WORD:
            name = value[1:].strip("{}")
            if name in self.macro_names:
                return value  # a call without arguments; block() turns it into a MacroCall
            if name in _NEEDS_ARGUMENTS:
                raise self.error(f'Encountered "{value}" without its arguments', token.start)
            return "" if name == "include" else value
        if kind == P.ESC_DIRECTIVE:
            slashes = len(value) - len(value.lstrip("\\"))
            name = value[slashes + 1 :].strip("{}")
            if name in DIRECTIVES or name in self.macro_names:
                return "\\" * (slashes // 2) + value[slashes:]
            return value
        if kind == P.COMMENT_BLOCK:
            if len(value) < 4 or not value.endswith("*#"):  # it runs to the end
                if self.root is not self:
                    self.unterminated_comment = True  # a "..." string: it is all empty (oracle)
                elif value in ("#*", "#*#") and token.stop == len(self.source) - 1:
                    raise self.error("Lexical error: unterminated comment", token.stop + 1)
            return ""
        if kind == P.UNPARSED:
            if len(value) < 6 or not value.endswith("]]#"):
                raise self.error("Lexical error: unterminated #[[ ]]#", len(self.source))
            return value[3:-3]
        return value

    def before_reference(self, token: Any) -> bool:
        """Does a reference start right after ``token`` and any lone `$` glued to it?"""
        tokens = self.stream.tokens
        following = tokens[token.tokenIndex + 1]
        while following.start == token.stop + 1 and following.type == P.DOLLAR:
            if following.text != "$":
                return False
            token, following = following, tokens[following.tokenIndex + 1]
        return following.start == token.stop + 1 and following.type in (
            P.REF, P.SIMPLE_REF, P.SIMPLE_CALL, P.REF_FORMAL
        )  # fmt: skip

    def after_marker(self, start: Any) -> bool:
        """Does a lone `$` or `$!` (blanks between) come right before this #set, or a #set
        that did?"""
        if self.source.index("#", start.start) in self.marked_sets:
            return True
        previous = self.stream.tokens[start.tokenIndex - 1] if start.tokenIndex else None
        if previous is not None and previous.type == P.TEXT and not previous.text.strip(" \t"):
            previous = self.stream.tokens[previous.tokenIndex - 1] if previous.tokenIndex else None
        return previous is not None and previous.type == P.DOLLAR  # `# #set` is not (oracle)

    def check_after_marked_set(self, ctx: Any) -> None:
        """`$#set($a = 1)[x]`: the lone `$` left Velocity 1.7's lexer in a reference, so a `[`
        right after the #set (or after the line break its `)` takes) is a parse error, as
        after `$ref #set(...)` (oracle); so is one after a #set that follows at once."""
        i = ctx.stop.stop + 1
        if blank := _GOBBLE.match(self.source, i):
            i = blank.end()
        if self.source.startswith("[", i):
            raise self.error('Encountered "["', i)
        if _SET_AHEAD.match(self.source, i):
            self.marked_sets.add(self.source.index("#", i))

    def check_reference_resumes(self, comment: Any) -> None:
        """After `$a#* c *#` Velocity 1.7's lexer is still in the reference: `[` or a method
        call's `)` there is a parse error (oracle: `$a#* c *#.length()`, `$a#*c*#[0]`)."""
        start = comment.stop + 1
        if self.source.startswith("[", start):
            raise self.error('Encountered "["', start)
        call = _CALL_AFTER_COMMENT.match(self.source, start)
        if call is not None:
            raise self.error('Encountered ")"', call.end() - 1)

    def check_not_last(self, token: Any) -> None:
        # spec §1.2: a `$`, `$!` or `#` ending the template is a parse error
        if token.stop == len(self.source) - 1 and self.root is self:
            raise self.error("Lexical error: Encountered <EOF>", token.stop + 1)

    # ---- directives ----

    def directive(self, ctx: Any) -> n.Statement | None:
        line, column = self.at(ctx.start)
        if isinstance(ctx, P.SetDirectiveContext):
            return n.Set(line, column, self.reference(ctx.reference()), self.expr(ctx.expression()))
        if isinstance(ctx, P.IfDirectiveContext):
            branches = [(self.expr(ctx.expression()), self.block(ctx.block(), gobble=True))]
            for branch in ctx.elseIfBranch():
                branches.append(
                    (self.expr(branch.expression()), self.block(branch.block(), gobble=True))
                )
            otherwise = ctx.elseBranch()
            return n.If(
                line,
                column,
                tuple(branches),
                self.block(otherwise.block(), gobble=True) if otherwise else None,
            )
        if isinstance(ctx, P.ForeachDirectiveContext):
            variable = self.reference(ctx.reference())
            arguments = ctx.argument()
            self.reject_words(ctx, arguments, 2)
            iterable = arguments[0] if arguments else None
            # without the (unchecked) word, `#foreach($i $l)` walks nothing (spec §7.1)
            if ctx.word() is None:
                iterable = None
            each_step = self.block(ctx.block(), gobble=True)
            if len(arguments) == 2:  # the extra argument is what each step renders (oracle)
                extra = self.argument(arguments[1])
                outputs: tuple[n.Statement, ...] = ()
                if isinstance(extra, n.Reference):
                    outputs = (n.Output(extra.line, extra.column, extra, 0),)
                each_step = n.Block(extra.line, extra.column, outputs)
            return n.Foreach(
                line,
                column,
                variable.name,
                self.argument(iterable) if iterable is not None else None,
                each_step,
                ctx.word() is None and not arguments,
            )
        if isinstance(ctx, P.MacroDirectiveContext):
            name = self.directive_word(ctx.word().start)
            parameters = tuple(
                self.binding_name(p.reference()) if p.reference() else f"\x00{i}"
                for i, p in enumerate(ctx.macroParameter())
            )
            macro_body = self.block(ctx.block(), gobble=True)
            # the body starts after the line break its `)` takes: where Velocity locates a
            # MacroOverflowException of a call of this macro (oracle)
            start = ctx.block().start
            if start is not None and start.type == P.TEXT and (blank := _GOBBLE.match(start.text)):
                body_line, body_column = self.position(start.start + blank.end())
                macro_body = dataclasses.replace(macro_body, line=body_line, column=body_column)
            definition = n.MacroDefinition(line, column, name, parameters, macro_body)
            self.macros.pop(name, None)  # the last definition wins
            self.macros[name] = definition
            return None
        if isinstance(ctx, P.DefineDirectiveContext):
            self.features.add("define")
            return n.Define(
                line,
                column,
                self.binding_name(ctx.reference()),
                self.block(ctx.block(), gobble=True),
            )
        if isinstance(ctx, P.EvaluateDirectiveContext):
            expression = self.expr(ctx.expression())
            if not isinstance(expression, n.StringLiteral | n.InterpolatedString | n.Reference):
                raise self.error(
                    "#evaluate() argument must be a string literal or reference", ctx.start.start
                )
            self.features.add("evaluate")
            return n.Evaluate(line, column, expression)
        if isinstance(ctx, P.ParseDirectiveContext):
            return n.Load(line, column, "parse", (self.expr(ctx.expression()),))
        if isinstance(ctx, P.IncludeDirectiveContext):
            if not ctx.expression():
                return None  # `#include()` includes nothing (oracle)
            return n.Load(line, column, "include", tuple(self.expr(e) for e in ctx.expression()))
        if isinstance(ctx, P.LiteralDirectiveContext):
            return self.literal_directive(ctx, line, column)
        if isinstance(ctx, P.BreakDirectiveContext):
            scope = ctx.reference()
            return n.Break(line, column, self.reference(scope) if scope is not None else None)
        if isinstance(ctx, P.StopDirectiveContext):
            self.reject_words(ctx, [ctx.argument()] if ctx.argument() else [], 0)
            return n.Stop(line, column)
        if isinstance(ctx, P.MacroCallContext | P.BlockMacroCallContext):
            name = _call_name(ctx.start.text)
            arguments = ctx.macroArguments()
            written = arguments.macroArgument() if arguments else []
            args = tuple(self.macro_argument(a) for a in written)
            argument_sources = tuple(
                None
                if isinstance(arg, n.IntegerLiteral | n.FloatLiteral | n.BooleanLiteral)
                else self.written(a.start.start, a)
                for a, arg in zip(written, args, strict=True)
            )
            body = None
            self.features.add("call")
            if isinstance(ctx, P.BlockMacroCallContext):
                self.features.add("block_call")
                body = self.block(ctx.block(), gobble=True)
            source = self.written(ctx.start.start, ctx)
            if ctx.start.start in self.literal_calls:
                name = ""  # no macro has this name, so the call prints as text
            return n.MacroCall(line, column, name, args, body, source, argument_sources)
        raise AssertionError(f"unknown directive {type(ctx).__name__}")  # pragma: no cover

    def written(self, start: int, ctx: Any) -> str:
        """The source from ``start`` to the end of ``ctx`` as Velocity prints it literally: the
        backslashes before a reference inside it go (oracle: `\\$m.get(\\$k)` prints
        `$m.get($k)`, an undefined `#m(\\$a)` `#m($a)`)."""
        end = ctx.stop.stop + 1
        if "\\" not in self.source[start:end]:
            return self.source[start:end]
        pieces = []
        for token in self.stream.tokens[ctx.start.tokenIndex : ctx.stop.tokenIndex + 1]:
            kind = token.type
            if kind in (P.REF, P.REF_FORMAL) and token.text[0] == "\\" and token.start >= start:
                pieces.append(self.source[start : token.start])
                start = token.start + len(token.text) - len(token.text.lstrip("\\"))
        pieces.append(self.source[start:end])
        return "".join(pieces)

    def binding_name(self, ctx: Any) -> str:
        """The name a macro parameter or a #define binds: Velocity takes the token as written
        without its `$`, so `$!x`, `${x}` and `$!{x}` bind names no reference reaches (oracle:
        `#macro(m ${x})$x#end#m(1)` prints `$x`)."""
        reference = self.reference(ctx)
        if reference.source.startswith(("$!", "${")):
            return "\x00" + reference.source
        return reference.name

    def reject_words(self, ctx: Any, arguments: Any, first: int) -> None:
        """A bare word is no argument of a directive (Velocity's parser: `#stop(x)` is "Invalid
        arg #0 in directive #stop"); ``first`` is the position of ``arguments[0]``."""
        for position, argument in enumerate(arguments, first):
            if argument.WORD() is not None:
                name = _call_name(ctx.start.text)
                message = f"Invalid arg #{position} in directive #{name}"
                raise self.error(message, ctx.start.stop)

    def literal_directive(self, ctx: Any, line: int, column: int) -> n.Statement:
        """#literal prints its first child's literal text (Velocity 1.7, oracle-checked)."""
        arguments = ctx.macroArguments()
        if arguments is not None:
            self.reject_words(ctx, arguments.macroArgument(), 0)
            first = arguments.macroArgument(0)
            return n.Text(line, column, self.source[first.start.start : first.stop.stop + 1])
        # The body as its tokens print: block comments go, a line comment is `##` and its
        # line break.
        pieces = []
        for token in self.stream.tokens[ctx.RPAREN().symbol.tokenIndex + 1 : ctx.stop.tokenIndex]:
            if token.type == P.COMMENT_LINE:
                text = token.text
                pieces.append("##" + text[len(text.rstrip("\r\n")) :])
            elif token.type != P.COMMENT_BLOCK:
                pieces.append(token.text)
        text = "".join(pieces)
        gobbled = _GOBBLE.match(text)  # W2: the `)` of #literal() takes a blank line end
        text = text[gobbled.end() :] if gobbled else text
        if not text:  # Velocity 1.7's #literal fails on an empty body when the template loads
            line_, column_ = self.at(ctx.start)
            raise VtlRenderError(
                'NullPointerException: Cannot read field "kind" because "t" is null',
                java_exception="NullPointerException",
                line=line_,
                column=column_,
                source_line=self.source_line(line_),
            )
        return n.Text(line, column, text)

    def macro_argument(self, ctx: Any) -> n.Expression:
        if ctx.literal() is not None:
            return self.literal(ctx.literal())
        if ctx.reference() is not None:
            return self.reference(ctx.reference())
        line, column = self.at(ctx.start)
        return n.Word(line, column, self.directive_word(ctx.start))

    def directive_word(self, token: Any) -> str:
        """A word in a directive's arguments: no `-`, unlike a reference name (oracle)."""
        text: str = token.text
        if "-" in text:
            raise self.error('Encountered "-"', token.start + text.index("-"))
        return text

    # ---- references ----

    def output(self, ctx: Any, escapes: int) -> n.Output:
        reference = self.reference(ctx, in_text=True)
        return n.Output(reference.line, reference.column, reference, escapes)

    def reference(self, ctx: Any, *, in_text: bool = False) -> n.Reference:
        line, column = self.at(ctx.start)
        head: str = ctx.start.text.lstrip("\\")  # `\$a` in arguments is `$a`
        silent = head.startswith("$!")
        name = head.lstrip("$!{")
        steps: list[n.Step] = []
        if ctx.start.type == P.SIMPLE_CALL:
            reference = self.simple_call(ctx, line, column, silent)
        else:
            if ctx.start.type == P.SIMPLE_REF and "." in name:
                name = self.simple_steps(name, ctx.start.start + len(head) - len(name), steps)
            for step in ctx.refStep():
                steps.append(self.reference_step(step))
            start = ctx.start.start + len(ctx.start.text) - len(head)
            source = self.written(start, ctx)
            reference = n.Reference(line, column, name, tuple(steps), silent, source)
        self.check_step_names(reference, in_text and ctx.start.type != P.REF_FORMAL)
        return reference

    def check_step_names(self, reference: n.Reference, in_text: bool) -> None:
        """`$m.true` is a parse error: `true` and `false` are keywords after a dot. Velocity
        points at the word in text, at the dot elsewhere (oracle)."""
        for step in reference.steps:
            if isinstance(step, n.Property | n.Method) and step.name in ("true", "false"):
                offset = self.offset_of(step.line, step.column) + in_text
                word = step.name if in_text else "."
                raise self.error(f'Encountered "{word}"', offset)

    def reference_step(self, step: Any) -> n.Step:
        s_line, s_column = self.at(step.start)
        if isinstance(step, P.PropertyStepContext):
            return n.Property(s_line, s_column, step.start.text[1:])
        if isinstance(step, P.MethodStepContext):
            arguments = step.arguments()
            if arguments is None and step.stop.start != step.start.stop + 1:
                # `$a.m( )`: blanks alone between the parentheses are an error (oracle)
                raise self.error('Encountered ")"', step.stop.start)
            args = tuple(self.argument(a) for a in arguments.argument()) if arguments else ()
            return n.Method(s_line, s_column, step.start.text[1:-1], args)
        return n.Index(s_line, s_column, self.index_value(step.indexValue()))

    def simple_steps(self, text: str, offset: int, steps: list[n.Step]) -> str:
        """Append the properties of ``name.p.q`` (at ``offset``) to ``steps``; return name."""
        name, *properties = text.split(".")
        offset += len(name)
        for prop in properties:
            s_line, s_column = self.position(offset)
            steps.append(n.Property(s_line, s_column, prop))
            offset += len(prop) + 1
        return name

    def simple_call(self, ctx: Any, line: int, column: int, silent: bool) -> n.Reference:
        """Unfold a SIMPLE_CALL token into the nodes the generated rules would build."""
        token = ctx.start
        start = token.start
        match = _SIMPLE_CALL.fullmatch(token.text)
        assert match is not None
        steps: list[n.Step] = []
        name = self.simple_steps(
            token.text[2 if silent else 1 : match.end(1)], start + (2 if silent else 1), steps
        )
        m_line, m_column = self.position(start + match.start(2) - 1)
        args: tuple[n.Expression, ...] = ()
        if match.group(3) is not None:
            ref_steps: list[n.Step] = []
            text = match.group(3)
            ref_silent = text.startswith("$!")
            offset = start + match.start(3) + (2 if ref_silent else 1)
            ref_name = self.simple_steps(text.lstrip("$!"), offset, ref_steps)
            a_line, a_column = self.position(start + match.start(3))
            argument = n.Reference(a_line, a_column, ref_name, tuple(ref_steps), ref_silent, text)
            self.check_step_names(argument, False)
            args = (argument,)
        elif match.group(6) is not None:
            a_line, a_column = self.position(start + match.start(6))
            args = (n.IntegerLiteral(a_line, a_column, int(match.group(6))),)
        else:
            group = 4 if match.group(4) is not None else 5
            if match.group(group) is not None:
                a_line, a_column = self.position(start + match.start(group))
                args = (n.StringLiteral(a_line, a_column, match.group(group)[1:-1]),)
        steps.append(n.Method(m_line, m_column, match.group(2), args))
        if match.group(7):
            self.simple_steps(match.group(7), start + match.start(7), steps)
        for step in ctx.refStep():
            steps.append(self.reference_step(step))
        source = self.source[start : ctx.stop.stop + 1]
        return n.Reference(line, column, name, tuple(steps), silent, source)

    def argument(self, ctx: Any) -> n.Expression:
        if ctx.literal() is not None:
            return self.literal(ctx.literal())
        if ctx.reference() is not None:
            return self.reference(ctx.reference())
        line, column = self.at(ctx.start)
        return n.Word(line, column, None)  # 1.7 passes a bare word as null

    def index_value(self, ctx: Any) -> n.Expression:
        line, column = self.at(ctx.start)
        token = ctx.start
        if ctx.reference() is not None:
            return self.reference(ctx.reference())
        if token.type == P.INTEGER:
            return n.IntegerLiteral(line, column, int(token.text))
        if token.type in (P.TRUE, P.FALSE):
            return n.BooleanLiteral(line, column, token.type == P.TRUE)
        return self.string(token)

    # ---- expressions ----

    def expr(self, ctx: Any) -> n.Expression:
        if isinstance(ctx, P.BinaryExpressionContext):
            line, column = self.at(ctx.op)
            left, right = ctx.expression()
            end = _BLANKS_AFTER.match(self.source, ctx.stop.stop + 1).end()  # type: ignore[union-attr]
            return n.Binary(
                line,
                column,
                _OPERATORS[ctx.op.type],
                self.expr(left),
                self.expr(right),
                self.source[ctx.op.stop + 1 : end],
            )
        if isinstance(ctx, P.PrimaryExpressionContext):
            return self.expr(ctx.primary())
        if isinstance(ctx, P.NotExpressionContext):
            line, column = self.at(ctx.start)
            return n.Not(line, column, self.expr(ctx.expression()))
        if isinstance(ctx, P.LiteralPrimaryContext):
            return self.literal(ctx.literal())
        if isinstance(ctx, P.ReferencePrimaryContext):
            return self.reference(ctx.reference())
        if isinstance(ctx, P.ParenPrimaryContext):
            line, column = self.at(ctx.start)
            inner = self.source[ctx.start.stop + 1 : ctx.stop.start]
            return n.Parenthesized(line, column, self.expr(ctx.expression()), inner)
        raise AssertionError(f"unknown expression {type(ctx).__name__}")  # pragma: no cover

    def literal(self, ctx: Any) -> n.Expression:
        line, column = self.at(ctx.start)
        token = ctx.start
        if isinstance(ctx, P.IntegerLiteralContext):
            return n.IntegerLiteral(line, column, int(token.text))
        if isinstance(ctx, P.FloatLiteralContext):
            return n.FloatLiteral(line, column, float(token.text))
        if isinstance(ctx, P.SingleQuotedLiteralContext | P.DoubleQuotedLiteralContext):
            return self.string(token)
        if isinstance(ctx, P.TrueLiteralContext):
            return n.BooleanLiteral(line, column, True)
        if isinstance(ctx, P.FalseLiteralContext):
            return n.BooleanLiteral(line, column, False)
        if isinstance(ctx, P.RangeLiteralContext):
            ends = [self.range_end(e) for e in ctx.rangeEnd()]
            dots = ctx.INT_DOTS()
            if dots is not None:
                ends.insert(0, n.IntegerLiteral(line, column, int(dots.getText().rstrip("."))))
            source = self.source[ctx.start.start : ctx.stop.stop + 1]
            return n.RangeLiteral(line, column, ends[0], ends[1], source)
        if isinstance(ctx, P.ListLiteralContext):
            items = tuple(self.element(e) for e in ctx.element())
            if not items and ctx.stop.start != ctx.start.start + 1:
                raise self.error('Encountered "]"', ctx.stop.start)  # `[ ]` (spec §3.1)
            return n.ListLiteral(line, column, items)
        if isinstance(ctx, P.MapLiteralContext):
            entries = tuple(
                (self.element(e.element(0)), self.element(e.element(1))) for e in ctx.mapEntry()
            )
            return n.MapLiteral(line, column, entries)
        raise AssertionError(f"unknown literal {type(ctx).__name__}")  # pragma: no cover

    def element(self, ctx: Any) -> n.Expression:
        if ctx.reference() is not None:
            return self.reference(ctx.reference())
        return self.literal(ctx.literal())

    def range_end(self, ctx: Any) -> n.Expression:
        if ctx.reference() is not None:
            return self.reference(ctx.reference())
        line, column = self.at(ctx.start)
        return n.IntegerLiteral(line, column, int(ctx.start.text))

    def string(self, token: Any) -> n.Expression:
        line, column = self.at(token)
        raw: str = token.text
        if raw[0] == "'":
            return n.StringLiteral(line, column, raw[1:-1].replace("''", "'"))
        body = raw[1:-1]
        if "\\u" in body:
            # ASTStringLiteral.init decodes `\uXXXX` before it interpolates, when the template
            # loads: a bad escape fails the whole template, and an interpolated value's `\u`
            # stays as it is (oracle: `"$a"` with $a = `\u0041` is `\u0041`)
            try:
                body = unescape_unicode(body)
            except JavaException as thrown:
                raise VtlRenderError(
                    str(thrown),
                    java_exception=thrown.java_class,
                    line=line,
                    column=column,
                    source_line=self.source_line(line),
                ) from None
        body = body.replace('""', '"')
        if "$" not in raw and "#" not in raw:
            return n.StringLiteral(line, column, body)
        # doubled quotes and escapes shift offsets, so positions inside such strings are
        # approximate
        inner = _Builder(body, self.base + token.start + 1, self.root)
        try:
            body_block = inner.template()
            if inner.unterminated_comment:
                return n.StringLiteral(line, column, "")
            return n.InterpolatedString(line, column, body_block)
        except VtlSyntaxError as error:
            # Velocity parses the string when it is evaluated and points at the literal
            raise self.error(error.message, token.start) from None
