/*
 * Lexer for Apache Velocity 1.7 templates as Amazon API Gateway runs them.
 * The rules follow ../docs/vtl.md and the dialect spec; regenerate with grammar/generate.sh.
 *
 * Modes:
 *   DEFAULT_MODE  template text
 *   REF_T         just after a reference in text: `.name`, `.name(` and `[` continue it,
 *                 anything else ends it (every DEFAULT rule is repeated with popMode)
 *   REF_F         inside `${...}`
 *   EXPR          directive arguments, method arguments, indexes and literals; every opening
 *                 bracket pushes EXPR and every closing bracket pops it
 *   REF_E         just after a reference inside EXPR (every EXPR rule repeated with popMode)
 *
 * Whitespace gobbling (spec §6) is done by the AST builder, which sees the token boundaries.
 * The lexer has no predicates, so ANTLR can cache its whole DFA. Two context checks that
 * Velocity makes are done by apigw_core/vtl/parser.py on the tokens instead: `#name(` is a
 * macro call only if name is not a directive, and `.name(` is not a method call when `#set`
 * follows the parenthesis.
 */
lexer grammar VtlLexer;

// Emitted only by apigw_core/vtl/parser.py's lexer subclass: `$a.b.c` as one token, and
// `$a.b.m(ARG).c` (ARG a simple reference, a plain string or an integer) as one token.
tokens { SIMPLE_REF, SIMPLE_CALL }

fragment ID      : [a-zA-Z_] [a-zA-Z0-9_\-]* ;
fragment PID     : [a-zA-Z] [a-zA-Z0-9_\-]* ;
fragment DNAME   : [a-zA-Z_] [a-zA-Z0-9_]* ;
fragment NL      : '\r\n' | '\n' | '\r' ;
fragment WSC     : [ \t\r\n] ;
fragment DIGITS  : [0-9]+ ;
fragment EXP     : [eE] [+\-]? DIGITS ;

fragment D_SET      : '#' ( 'set' | '{set}' ) ' '* '(' ;
fragment D_IF       : '#' ( 'if' | '{if}' ) WSC* '(' ;
fragment D_ELSEIF   : '#' ( 'elseif' | '{elseif}' ) WSC* '(' ;
fragment D_FOREACH  : '#' ( 'foreach' | '{foreach}' ) WSC* '(' ;
fragment D_MACRO    : '#' ( 'macro' | '{macro}' ) WSC* '(' ;
fragment D_DEFINE   : '#' ( 'define' | '{define}' ) WSC* '(' ;
fragment D_EVALUATE : '#' ( 'evaluate' | '{evaluate}' ) WSC* '(' ;
fragment D_PARSE    : '#' ( 'parse' | '{parse}' ) WSC* '(' ;
fragment D_INCLUDE  : '#' ( 'include' | '{include}' ) WSC* '(' ;
fragment D_LITERAL  : '#' ( 'literal' | '{literal}' ) WSC* '(' ;
fragment D_BREAK    : '#' ( 'break' | '{break}' ) ;
fragment D_STOP     : '#' ( 'stop' | '{stop}' ) ;
fragment D_ELSE     : '#' ( 'else' | '{else}' ) ;
fragment D_END      : '#' ( 'end' | '{end}' ) ;
fragment D_CALL     : '#' ( DNAME | '{' DNAME '}' ) WSC* '(' ;
fragment D_BCALL    : '#@' ( DNAME | '{' DNAME '}' ) WSC* '(' ;
fragment D_WORD     : '#' ( DNAME | '{' DNAME '}' ) ;
fragment C_LINE     : '##' ~[\r\n]* NL? ;
fragment C_BLOCK    : '#*' .*? ( '*#' | EOF ) ;
fragment UNPARSED_B : '#[[' .*? ( ']]#' | EOF ) ;
fragment E_DIR      : ( '\\\\' )* '\\#' ( DNAME | '{' DNAME '}' ) ;

// ---- template text ----
COMMENT_LINE    : C_LINE ;
COMMENT_BLOCK   : C_BLOCK ;
UNPARSED        : UNPARSED_B ;
SET_OPEN        : D_SET -> pushMode(EXPR) ;
IF_OPEN         : D_IF -> pushMode(EXPR) ;
ELSEIF_OPEN     : D_ELSEIF -> pushMode(EXPR) ;
FOREACH_OPEN    : D_FOREACH -> pushMode(EXPR) ;
MACRO_OPEN      : D_MACRO -> pushMode(EXPR) ;
DEFINE_OPEN     : D_DEFINE -> pushMode(EXPR) ;
EVALUATE_OPEN   : D_EVALUATE -> pushMode(EXPR) ;
PARSE_OPEN      : D_PARSE -> pushMode(EXPR) ;
INCLUDE_OPEN    : D_INCLUDE -> pushMode(EXPR) ;
LITERAL_OPEN    : D_LITERAL -> pushMode(EXPR) ;
BREAK_OPEN      : D_BREAK WSC* '(' -> pushMode(EXPR) ;
STOP_OPEN       : D_STOP WSC* '(' -> pushMode(EXPR) ;
BREAK           : D_BREAK ;
STOP            : D_STOP ;
ELSE            : D_ELSE ;
END             : D_END ;
CALL_OPEN       : D_CALL -> pushMode(EXPR) ;
BCALL_OPEN      : D_BCALL -> pushMode(EXPR) ;
HASH_WORD       : D_WORD ;
HASH            : '#' ;
ESC_DIRECTIVE   : E_DIR ;
ESC_RUN         : '\\'+ ;
REF             : '$' '!'? ID -> pushMode(REF_T) ;
REF_FORMAL      : '$' '!'? '{' ID -> pushMode(REF_F) ;
DOLLAR          : '$' '!'? ;
TEXT            : ~[$#\\]+ ;

// ---- after a reference in text ----
mode REF_T;
METHOD_OPEN     : '.' PID '(' -> pushMode(EXPR) ;
PROP            : '.' PID ;
INDEX_OPEN      : '[' -> pushMode(EXPR) ;
// Velocity 1.7 stays in reference state across `$ref #set(...)` (spec §7.1): no popMode here.
T_SET_OPEN      : [ \t]* D_SET -> type(SET_OPEN), pushMode(EXPR) ;
T_COMMENT_LINE  : C_LINE -> type(COMMENT_LINE), popMode ;
T_COMMENT_BLOCK : C_BLOCK -> type(COMMENT_BLOCK), popMode ;
T_UNPARSED      : UNPARSED_B -> type(UNPARSED), popMode ;
T_IF_OPEN       : D_IF -> type(IF_OPEN), popMode, pushMode(EXPR) ;
T_ELSEIF_OPEN   : D_ELSEIF -> type(ELSEIF_OPEN), popMode, pushMode(EXPR) ;
T_FOREACH_OPEN  : D_FOREACH -> type(FOREACH_OPEN), popMode, pushMode(EXPR) ;
T_MACRO_OPEN    : D_MACRO -> type(MACRO_OPEN), popMode, pushMode(EXPR) ;
T_DEFINE_OPEN   : D_DEFINE -> type(DEFINE_OPEN), popMode, pushMode(EXPR) ;
T_EVALUATE_OPEN : D_EVALUATE -> type(EVALUATE_OPEN), popMode, pushMode(EXPR) ;
T_PARSE_OPEN    : D_PARSE -> type(PARSE_OPEN), popMode, pushMode(EXPR) ;
T_INCLUDE_OPEN  : D_INCLUDE -> type(INCLUDE_OPEN), popMode, pushMode(EXPR) ;
T_LITERAL_OPEN  : D_LITERAL -> type(LITERAL_OPEN), popMode, pushMode(EXPR) ;
T_BREAK_OPEN    : D_BREAK WSC* '(' -> type(BREAK_OPEN), popMode, pushMode(EXPR) ;
T_STOP_OPEN     : D_STOP WSC* '(' -> type(STOP_OPEN), popMode, pushMode(EXPR) ;
T_BREAK         : D_BREAK -> type(BREAK), popMode ;
T_STOP          : D_STOP -> type(STOP), popMode ;
T_ELSE          : D_ELSE -> type(ELSE), popMode ;
T_END           : D_END -> type(END), popMode ;
T_CALL_OPEN     : D_CALL -> type(CALL_OPEN), popMode, pushMode(EXPR) ;
T_BCALL_OPEN    : D_BCALL -> type(BCALL_OPEN), popMode, pushMode(EXPR) ;
T_HASH_WORD     : D_WORD -> type(HASH_WORD), popMode ;
T_HASH          : '#' -> type(HASH), popMode ;
T_ESC_DIRECTIVE : E_DIR -> type(ESC_DIRECTIVE), popMode ;
T_ESC_RUN       : '\\'+ -> type(ESC_RUN), popMode ;
T_REF           : '$' '!'? ID -> type(REF), popMode, pushMode(REF_T) ;
T_REF_FORMAL    : '$' '!'? '{' ID -> type(REF_FORMAL), popMode, pushMode(REF_F) ;
T_DOLLAR        : '$' '!'? -> type(DOLLAR), popMode ;
T_DOT           : '.' -> type(TEXT), popMode ;
T_TEXT          : ~[$#\\.[]+ -> type(TEXT), popMode ;

// ---- inside ${...} ----
mode REF_F;
F_METHOD_OPEN   : '.' PID '(' -> type(METHOD_OPEN), pushMode(EXPR) ;
F_PROP          : '.' PID -> type(PROP) ;
F_INDEX_OPEN    : '[' -> type(INDEX_OPEN), pushMode(EXPR) ;
FORMAL_CLOSE    : '}' -> popMode ;
F_ERROR         : . -> type(ERROR_CHAR) ;

// ---- expressions ----
mode EXPR;
WS              : WSC+ -> channel(HIDDEN) ;
LPAREN          : '(' -> pushMode(EXPR) ;
RPAREN          : ')' -> popMode ;
LBRACK          : '[' -> pushMode(EXPR) ;
RBRACK          : ']' -> popMode ;
LBRACE          : '{' -> pushMode(EXPR) ;
RBRACE          : '}' -> popMode ;
E_REF           : '$' '!'? ID -> type(REF), pushMode(REF_E) ;
// In arguments a backslash before a reference is ignored (oracle: `#set(\$z = 1)` sets $z,
// `#if(\${a})` tests $a).
E_ESC_REF       : '\\'+ '$' '!'? ID -> type(REF), pushMode(REF_E) ;
E_REF_FORMAL    : '\\'* '$' '!'? '{' ID -> type(REF_FORMAL), pushMode(REF_F) ;
DQ_STRING       : '"' ( ~'"' | '""' )* '"' ;
SQ_STRING       : '\'' ( ~'\'' | '\'\'' )* '\'' ;
FLOAT           : '-'? ( DIGITS '.' DIGITS EXP? | '.' DIGITS EXP? | DIGITS EXP | DIGITS '.' ) ;
INTEGER         : '-'? DIGITS ;
// `5.` is a Double, so `[1..3]` needs its own token for the integer and the dots.
INT_DOTS        : '-'? DIGITS '..' ;
RANGE           : '..' ;
COMMA           : ',' ;
COLON           : ':' ;
EQ              : '==' | 'eq' ;
NE              : '!=' | 'ne' ;
LE              : '<=' | 'le' ;
GE              : '>=' | 'ge' ;
LT              : '<' | 'lt' ;
GT              : '>' | 'gt' ;
AND             : '&&' | 'and' ;
OR              : '||' | 'or' ;
NOT             : '!' | 'not' ;
ASSIGN          : '=' ;
PLUS            : '+' ;
MINUS           : '-' ;
STAR            : '*' ;
SLASH           : '/' ;
PERCENT         : '%' ;
TRUE            : 'true' ;
FALSE           : 'false' ;
WORD            : [a-zA-Z_] [a-zA-Z0-9_\-]* ;
ERROR_CHAR      : . ;

// ---- after a reference inside an expression ----
mode REF_E;
R_METHOD_OPEN   : '.' PID '(' -> type(METHOD_OPEN), pushMode(EXPR) ;
R_PROP          : '.' PID -> type(PROP) ;
R_INDEX_OPEN    : '[' -> type(INDEX_OPEN), pushMode(EXPR) ;
R_WS            : WSC+ -> type(WS), channel(HIDDEN), popMode ;
R_LPAREN        : '(' -> type(LPAREN), popMode, pushMode(EXPR) ;
R_RPAREN        : ')' -> type(RPAREN), popMode, popMode ;
R_RBRACK        : ']' -> type(RBRACK), popMode, popMode ;
R_LBRACE        : '{' -> type(LBRACE), popMode, pushMode(EXPR) ;
R_RBRACE        : '}' -> type(RBRACE), popMode, popMode ;
R_REF           : '$' '!'? ID -> type(REF), popMode, pushMode(REF_E) ;
R_ESC_REF       : '\\'+ '$' '!'? ID -> type(REF), popMode, pushMode(REF_E) ;
R_REF_FORMAL    : '\\'* '$' '!'? '{' ID -> type(REF_FORMAL), popMode, pushMode(REF_F) ;
R_DQ_STRING     : '"' ( ~'"' | '""' )* '"' -> type(DQ_STRING), popMode ;
R_SQ_STRING     : '\'' ( ~'\'' | '\'\'' )* '\'' -> type(SQ_STRING), popMode ;
R_FLOAT         : '-'? ( DIGITS '.' DIGITS EXP? | '.' DIGITS EXP? | DIGITS EXP | DIGITS '.' ) -> type(FLOAT), popMode ;
R_INTEGER       : '-'? DIGITS -> type(INTEGER), popMode ;
R_INT_DOTS      : '-'? DIGITS '..' -> type(INT_DOTS), popMode ;
R_RANGE         : '..' -> type(RANGE), popMode ;
R_COMMA         : ',' -> type(COMMA), popMode ;
R_COLON         : ':' -> type(COLON), popMode ;
R_EQ            : ( '==' | 'eq' ) -> type(EQ), popMode ;
R_NE            : ( '!=' | 'ne' ) -> type(NE), popMode ;
R_LE            : ( '<=' | 'le' ) -> type(LE), popMode ;
R_GE            : ( '>=' | 'ge' ) -> type(GE), popMode ;
R_LT            : ( '<' | 'lt' ) -> type(LT), popMode ;
R_GT            : ( '>' | 'gt' ) -> type(GT), popMode ;
R_AND           : ( '&&' | 'and' ) -> type(AND), popMode ;
R_OR            : ( '||' | 'or' ) -> type(OR), popMode ;
R_NOT           : ( '!' | 'not' ) -> type(NOT), popMode ;
R_ASSIGN        : '=' -> type(ASSIGN), popMode ;
R_PLUS          : '+' -> type(PLUS), popMode ;
R_MINUS         : '-' -> type(MINUS), popMode ;
R_STAR          : '*' -> type(STAR), popMode ;
R_SLASH         : '/' -> type(SLASH), popMode ;
R_PERCENT       : '%' -> type(PERCENT), popMode ;
R_TRUE          : 'true' -> type(TRUE), popMode ;
R_FALSE         : 'false' -> type(FALSE), popMode ;
R_WORD          : [a-zA-Z_] [a-zA-Z0-9_\-]* -> type(WORD), popMode ;
R_ERROR_CHAR    : . -> type(ERROR_CHAR), popMode ;
