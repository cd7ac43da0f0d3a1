/*
 * lex.h: the tokenizer of the spec language.  Tokens are spans of the
 * source; the lexer keeps one token of lookahead (sm__lex_peek) for the
 * few places where the grammar needs two.  Regular-expression literals are
 * context-dependent, so the parser asks for one explicitly (sm__lex_regex)
 * when it sees the '/' that opens it.
 */
#ifndef SM_LEX_H
#define SM_LEX_H

#include "diag.h"

enum sm__tok {
	SM__T_EOF, SM__T_NAME, SM__T_INT, SM__T_DURATION, SM__T_STRING, SM__T_REGEX,
	/* punctuation */
	SM__T_LPAREN, SM__T_RPAREN, SM__T_LBRACE, SM__T_RBRACE, SM__T_COMMA,
	SM__T_COLON, SM__T_ASSIGN, SM__T_ARROW,
	/* only `from kprobe` fetches use these (FETCH, doc/language.md) */
	SM__T_DOT, SM__T_LBRACKET, SM__T_RBRACKET, SM__T_DOLLAR, /* `$retval` */
	/* operators */
	SM__T_STAR, SM__T_SLASH, SM__T_PERCENT, SM__T_PLUS, SM__T_MINUS,
	SM__T_SHL, SM__T_SHR, SM__T_AMP, SM__T_CARET, SM__T_PIPE, SM__T_TILDE,
	SM__T_BANG, SM__T_EQ, SM__T_NE, SM__T_LT, SM__T_LE, SM__T_GT, SM__T_GE,
	SM__T_ANDAND, SM__T_OROR,
	/* keywords that start a declaration (reserved) */
	SM__T_SPEC, SM__T_CONST, SM__T_EVENT, SM__T_PROPERTY, SM__T_AUTOMATON,
	SM__T_CLOCK, SM__T_OPTION,
};

struct sm__token {
	enum sm__tok kind;
	struct sm__loc loc;
	bool first_on_line; /* nothing but blanks/comments before it on its line */
	int64_t i;          /* SM__T_INT; SM__T_DURATION in nanoseconds */
};

struct sm__lexer {
	const struct sm__source *src;
	uint32_t pos;
	struct sm__token tok;   /* the current token */
	struct sm__token ahead; /* valid when has_ahead */
	bool has_ahead;
	bool failed;            /* after the first error every token is EOF */
	struct sm__diags *diags;
};

void sm__lex_init(struct sm__lexer *lx, const struct sm__source *src, struct sm__diags *d);
void sm__lex_next(struct sm__lexer *lx);
const struct sm__token *sm__lex_peek(struct sm__lexer *lx);
/* The current token is '/': read the rest of a /regex/ literal into tok. */
void sm__lex_regex(struct sm__lexer *lx);
/* Report an error at loc; from then on the lexer yields only EOF. */
void sm__lex_error(struct sm__lexer *lx, struct sm__loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A token kind as the user would write it, for messages: "'->'", "a name". */
const char *sm__tok_name(enum sm__tok kind);
/* Decode the contents of a string token (escapes resolved), owned. */
char *sm__lex_string_value(const struct sm__token *t, size_t *len);

#endif
