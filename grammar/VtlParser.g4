/*
 * Parser for Apache Velocity 1.7 templates as Amazon API Gateway runs them.
 * Only apigw_core/vtl/parser.py reads the trees this produces.
 */
parser grammar VtlParser;

options { tokenVocab = VtlLexer; }

template : block EOF ;

// Text tokens and directives sit directly in the block (no `element`/`text` rules): each rule
// level costs a context object and calls in ANTLR's Python runtime.
block
    : ( TEXT | DOLLAR | HASH | HASH_WORD | ESC_RUN | ESC_DIRECTIVE | COMMENT_LINE
      | COMMENT_BLOCK | UNPARSED
      | reference
      | setDirective
      | ifDirective
      | foreachDirective
      | macroDirective
      | defineDirective
      | evaluateDirective
      | parseDirective
      | includeDirective
      | literalDirective
      | breakDirective
      | stopDirective
      | macroCall
      | blockMacroCall
      )*
    ;

reference
    : ( REF | SIMPLE_REF | SIMPLE_CALL ) refStep*
    | REF_FORMAL refStep* FORMAL_CLOSE
    ;

refStep
    : PROP                                  # propertyStep
    | METHOD_OPEN arguments? RPAREN         # methodStep
    | INDEX_OPEN indexValue RBRACK          # indexStep
    ;

arguments : argument ( COMMA argument )* ;

// Velocity 1.7 takes only literals, references, lists, maps and ranges as method arguments
// (`$l.add($i * 2)` is a parse error); a bare word is accepted and evaluates to null.
argument : literal | reference | WORD ;

// `$l[true]` parses and is an invalid reference (oracle).
indexValue : INTEGER | SQ_STRING | DQ_STRING | TRUE | FALSE | reference ;

setDirective : SET_OPEN reference ASSIGN expression RPAREN ;

ifDirective : IF_OPEN expression RPAREN block elseIfBranch* elseBranch? END ;

elseIfBranch : ELSEIF_OPEN expression RPAREN block ;

elseBranch : ELSE block ;

// Velocity never checks the word `in` (spec §1.5), and accepts a missing iterable.
// The iterable is one literal or reference, not an expression (oracle: `$i + 1` is an error).
// A second argument after the iterable is accepted, and Velocity 1.7 then renders that
// argument, not the block, at each step (oracle: `#foreach($v in $l $l)` prints $l each time).
foreachDirective : FOREACH_OPEN reference word? argument? argument? RPAREN block END ;

// A literal parameter is accepted: a slot no reference can name (oracle).
macroDirective : MACRO_OPEN word ( COMMA? macroParameter )* RPAREN block END ;

macroParameter : reference | literal ;

defineDirective : DEFINE_OPEN reference RPAREN block END ;

evaluateDirective : EVALUATE_OPEN expression RPAREN ;

parseDirective : PARSE_OPEN expression RPAREN ;

includeDirective : INCLUDE_OPEN ( expression ( COMMA expression )* )? RPAREN ;

// Velocity 1.7 prints the literal text of #literal's first child: an argument if there is one.
literalDirective : LITERAL_OPEN macroArguments? RPAREN block END ;

breakDirective : BREAK | BREAK_OPEN reference? RPAREN ;

// Velocity ignores an argument to #stop.
stopDirective : STOP | STOP_OPEN argument? RPAREN ;

macroCall : CALL_OPEN macroArguments? RPAREN ;

blockMacroCall : BCALL_OPEN macroArguments? RPAREN block END ;

// Velocity 1.7 lets a comma precede each argument, the first included (`#m(,$a)`), and takes
// no operator words as arguments (`#m(eq)` is a parse error).
macroArguments : COMMA? macroArgument ( COMMA? macroArgument )* ;

macroArgument : literal | reference | WORD ;

word : WORD | TRUE | FALSE | EQ | NE | LT | LE | GT | GE | AND | OR | NOT ;

// One left-recursive rule: ANTLR turns it into precedence climbing, which costs far fewer
// rule invocations per operand than a rule per level (spec §3.2 gives the levels).
expression
    : NOT expression                                    # notExpression
    | expression op=( STAR | SLASH | PERCENT ) expression # binaryExpression
    | expression op=( PLUS | MINUS ) expression         # binaryExpression
    | expression op=( LT | LE | GT | GE ) expression    # binaryExpression
    | expression op=( EQ | NE ) expression              # binaryExpression
    | expression op=AND expression                      # binaryExpression
    | expression op=OR expression                       # binaryExpression
    | primary                                           # primaryExpression
    ;

primary
    : literal                               # literalPrimary
    | reference                             # referencePrimary
    | LPAREN expression RPAREN              # parenPrimary
    ;

literal
    : INTEGER                               # integerLiteral
    | FLOAT                                 # floatLiteral
    | SQ_STRING                             # singleQuotedLiteral
    | DQ_STRING                             # doubleQuotedLiteral
    | TRUE                                  # trueLiteral
    | FALSE                                 # falseLiteral
    | LBRACK rangeEnd RANGE rangeEnd RBRACK # rangeLiteral
    | LBRACK INT_DOTS rangeEnd RBRACK       # rangeLiteral
    | LBRACK ( element ( COMMA element )* )? RBRACK   # listLiteral
    | LBRACE ( mapEntry ( COMMA mapEntry )* )? RBRACE # mapLiteral
    ;

rangeEnd : INTEGER | reference ;

// Velocity 1.7 takes one literal or reference per list element and map key or value: an
// operator, parentheses or `!` there is a parse error (oracle: `[$c + 1]`).
element : literal | reference ;

mapEntry : element COLON element ;
