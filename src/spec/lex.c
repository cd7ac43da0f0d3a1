/*
 * lex.c: the tokenizer of the spec language (see lex.h).
 *
 * '#' starts a comment to the end of the line.  Newlines are blanks, but
 * each token remembers whether it is the first on its line: the parser uses
 * that to end an expression at a line that starts with an operator, so that
 * `* -> reset on ...` after a guard is a new edge, not a multiplication.
 */
#include "lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *word;
	enum sm__tok kind;
} keywords[] = {
	{"spec", SM__T_SPEC},         {"const", SM__T_CONST},
	{"event", SM__T_EVENT},       {"property", SM__T_PROPERTY},
	{"automaton", SM__T_AUTOMATON}, {"clock", SM__T_CLOCK},
	{"option", SM__T_OPTION},
};

const char *sm__tok_name(enum sm__tok kind)
{
	static const char *names[] = {
		[SM__T_EOF] = "end of file", [SM__T_NAME] = "a name",
		[SM__T_INT] = "a number", [SM__T_DURATION] = "a duration",
		[SM__T_STRING] = "a string", [SM__T_REGEX] = "a /regex/",
		[SM__T_LPAREN] = "'('", [SM__T_RPAREN] = "')'",
		[SM__T_LBRACE] = "'{'", [SM__T_RBRACE] = "'}'",
		[SM__T_COMMA] = "','", [SM__T_COLON] = "':'",
		[SM__T_ASSIGN] = "'='", [SM__T_ARROW] = "'->'",
		[SM__T_DOT] = "'.'", [SM__T_LBRACKET] = "'['",
		[SM__T_RBRACKET] = "']'", [SM__T_DOLLAR] = "a $name",
		[SM__T_STAR] = "'*'", [SM__T_SLASH] = "'/'",
		[SM__T_PERCENT] = "'%'", [SM__T_PLUS] = "'+'",
		[SM__T_MINUS] = "'-'", [SM__T_SHL] = "'<<'", [SM__T_SHR] = "'>>'",
		[SM__T_AMP] = "'&'", [SM__T_CARET] = "'^'", [SM__T_PIPE] = "'|'",
		[SM__T_TILDE] = "'~'", [SM__T_BANG] = "'!'", [SM__T_EQ] = "'=='",
		[SM__T_NE] = "'!='", [SM__T_LT] = "'<'", [SM__T_LE] = "'<='",
		[SM__T_GT] = "'>'", [SM__T_GE] = "'>='", [SM__T_ANDAND] = "'&&'",
		[SM__T_OROR] = "'||'", [SM__T_SPEC] = "'spec'",
		[SM__T_CONST] = "'const'", [SM__T_EVENT] = "'event'",
		[SM__T_PROPERTY] = "'property'", [SM__T_AUTOMATON] = "'automaton'",
		[SM__T_CLOCK] = "'clock'", [SM__T_OPTION] = "'option'",
	};
	return names[kind];
}

void sm__lex_error(struct sm__lexer *lx, struct sm__loc loc, const char *fmt, ...)
{
	if (lx->failed)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sm__error(lx->diags, loc, "%s", msg);
	lx->failed = true;
	lx->has_ahead = false;
	lx->tok.kind = SM__T_EOF;
	lx->pos = (uint32_t)lx->src->len;
}

static struct sm__loc span(const struct sm__lexer *lx, uint32_t off, uint32_t end)
{
	return (struct sm__loc){lx->src, off, end - off};
}

static bool is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Skip blanks, newlines and comments. */
static void skip_blanks(struct sm__lexer *lx)
{
	const char *s = lx->src->text;
	for (;;) {
		char c = s[lx->pos];
		if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->pos++;
		} else if (c == '#') {
			while (lx->pos < lx->src->len && s[lx->pos] != '\n')
				lx->pos++;
		} else {
			return;
		}
	}
}

/* Only blanks stand before pos on its line. */
static bool first_on_line(const struct sm__lexer *lx)
{
	uint32_t k = lx->pos;
	while (k > 0 && (lx->src->text[k - 1] == ' ' || lx->src->text[k - 1] == '\t'))
		k--;
	return k == 0 || lx->src->text[k - 1] == '\n';
}

static int digit_value(char c, int base)
{
	int d = sm__hex_digit(c);
	return d < base ? d : -1;
}

static int64_t unit_ns(const char *u, size_t len)
{
	static const struct {
		const char *name;
		int64_t ns;
	} units[] = {{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}};
	for (size_t k = 0; k < SM__ARRAY_LEN(units); k++)
		if (strlen(units[k].name) == len && memcmp(units[k].name, u, len) == 0)
			return units[k].ns;
	return 0;
}

/* number := DIGITS | '0x' HEXDIGITS, optionally followed by a time unit */
static void lex_number(struct sm__lexer *lx, struct sm__token *t)
{
	const char *s = lx->src->text;
	uint32_t start = lx->pos;
	int base = 10;
	if (s[lx->pos] == '0' && (s[lx->pos + 1] == 'x' || s[lx->pos + 1] == 'X')) {
		base = 16;
		lx->pos += 2;
	}
	uint32_t digits = lx->pos;
	uint64_t v = 0;
	bool overflow = false;
	int d;
	while ((d = digit_value(s[lx->pos], base)) >= 0) {
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			overflow = true;
		v = v * (uint64_t)base + (uint64_t)d;
		lx->pos++;
	}
	uint32_t unit = lx->pos;
	while (is_name_char(s[lx->pos]))
		lx->pos++;
	t->loc = span(lx, start, lx->pos);
	if (lx->pos == digits || (unit < lx->pos && base == 16)) {
		sm__lex_error(lx, t->loc, "malformed number '%.*s'", (int)t->loc.len, s + start);
		return;
	}
	if (overflow) {
		sm__lex_error(lx, t->loc, "number '%.*s' does not fit in 64 bits "
			      "(the largest is 18446744073709551615 or 0xffffffffffffffff)",
			      (int)t->loc.len, s + start);
		return;
	}
	/* Up to 2^64-1, read as its two's-complement value (DESIGN.md §2.2):
	 * 0xffffffffffffffff is -1, as a u64 field compared to it would be. */
	t->kind = SM__T_INT;
	t->i = (int64_t)v;
	if (unit < lx->pos) {
		int64_t ns = unit_ns(s + unit, lx->pos - unit);
		if (!ns) {
			sm__lex_error(lx, span(lx, unit, lx->pos),
				      "unknown unit '%.*s' (expected ns, us, ms or s)",
				      (int)(lx->pos - unit), s + unit);
			return;
		}
		if (v > (uint64_t)(INT64_MAX / ns)) {
			sm__lex_error(lx, t->loc, "duration '%.*s' is too long",
				      (int)t->loc.len, s + start);
			return;
		}
		t->kind = SM__T_DURATION;
		t->i *= ns;
	}
}

static void lex_string(struct sm__lexer *lx, struct sm__token *t)
{
	const char *s = lx->src->text;
	uint32_t start = lx->pos++;
	while (lx->pos < lx->src->len && s[lx->pos] != '"' && s[lx->pos] != '\n') {
		if (s[lx->pos] == '\\' && lx->pos + 1 < lx->src->len && s[lx->pos + 1] != '\n')
			lx->pos++;
		lx->pos++;
	}
	if (lx->pos >= lx->src->len || s[lx->pos] != '"') {
		sm__lex_error(lx, span(lx, start, lx->pos), "unterminated string");
		return;
	}
	lx->pos++;
	t->kind = SM__T_STRING;
	t->loc = span(lx, start, lx->pos);
}

char *sm__lex_string_value(const struct sm__token *t, size_t *len)
{
	const char *s = t->loc.src->text + t->loc.off + 1;
	size_t n = t->loc.len - 2;
	struct sm__buf b = {0};
	sm__buf_reserve(&b, n);
	for (size_t k = 0; k < n; k++) {
		char c = s[k];
		if (c == '\\' && k + 1 < n) {
			c = s[++k];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		sm__buf_addc(&b, c);
	}
	*len = b.len;
	return b.data;
}

/* The longest operator or punctuation at pos. */
static bool lex_punct(struct sm__lexer *lx, struct sm__token *t)
{
	static const struct {
		const char *text;
		enum sm__tok kind;
	} ops[] = {
		{"->", SM__T_ARROW}, {"<<", SM__T_SHL}, {">>", SM__T_SHR},
		{"==", SM__T_EQ},    {"!=", SM__T_NE},  {"<=", SM__T_LE},
		{">=", SM__T_GE},    {"&&", SM__T_ANDAND}, {"||", SM__T_OROR},
		{"(", SM__T_LPAREN}, {")", SM__T_RPAREN}, {"{", SM__T_LBRACE},
		{"}", SM__T_RBRACE}, {",", SM__T_COMMA},  {":", SM__T_COLON},
		{"=", SM__T_ASSIGN}, {"*", SM__T_STAR},   {"/", SM__T_SLASH},
		{"%", SM__T_PERCENT}, {"+", SM__T_PLUS},  {"-", SM__T_MINUS},
		{"&", SM__T_AMP},    {"^", SM__T_CARET},  {"|", SM__T_PIPE},
		{"~", SM__T_TILDE},  {"!", SM__T_BANG},   {"<", SM__T_LT},
		{">", SM__T_GT},     {".", SM__T_DOT},    {"[", SM__T_LBRACKET},
		{"]", SM__T_RBRACKET},
	};
	const char *s = lx->src->text + lx->pos;
	for (size_t k = 0; k < SM__ARRAY_LEN(ops); k++) {
		size_t n = strlen(ops[k].text);
		if (strncmp(s, ops[k].text, n) == 0) {
			t->kind = ops[k].kind;
			t->loc = span(lx, lx->pos, lx->pos + (uint32_t)n);
			lx->pos += (uint32_t)n;
			return true;
		}
	}
	return false;
}

static void lex_name(struct sm__lexer *lx, struct sm__token *t)
{
	uint32_t start = lx->pos;
	while (is_name_char(lx->src->text[lx->pos]))
		lx->pos++;
	t->kind = SM__T_NAME;
	t->loc = span(lx, start, lx->pos);
	for (size_t k = 0; k < SM__ARRAY_LEN(keywords); k++)
		if (sm__str_eq(sm__loc_text(t->loc), keywords[k].word))
			t->kind = keywords[k].kind;
}

/* `$retval`, `$arg1`: the kernel's fetch variables, in kprobe fetches. */
static void lex_dollar(struct sm__lexer *lx, struct sm__token *t)
{
	uint32_t start = lx->pos++;
	while (is_name_char(lx->src->text[lx->pos]))
		lx->pos++;
	t->kind = SM__T_DOLLAR;
	t->loc = span(lx, start, lx->pos);
}

static void lex_token(struct sm__lexer *lx, struct sm__token *t)
{
	memset(t, 0, sizeof *t);
	uint32_t prev_end = lx->pos;
	skip_blanks(lx);
	t->first_on_line = first_on_line(lx);
	t->kind = SM__T_EOF;
	t->loc = span(lx, lx->pos, lx->pos);
	if (lx->failed || lx->pos >= lx->src->len) {
		/* "expected X, found end of file" points just past the last token. */
		if (!lx->failed)
			t->loc = span(lx, prev_end, prev_end);
		return;
	}
	char c = lx->src->text[lx->pos];
	if (is_name_start(c))
		lex_name(lx, t);
	else if (c == '$' && is_name_start(lx->src->text[lx->pos + 1]))
		lex_dollar(lx, t);
	else if (c >= '0' && c <= '9')
		lex_number(lx, t);
	else if (c == '"')
		lex_string(lx, t);
	else if (!lex_punct(lx, t)) {
		struct sm__buf b = {0};
		sm__buf_add_escaped(&b, &c, 1);
		sm__lex_error(lx, span(lx, lx->pos, lx->pos + 1), "unexpected character '%s'",
			      b.data);
		sm__buf_free(&b);
	}
	if (lx->failed)
		t->kind = SM__T_EOF;
}

void sm__lex_init(struct sm__lexer *lx, const struct sm__source *src, struct sm__diags *d)
{
	memset(lx, 0, sizeof *lx);
	lx->src = src;
	lx->diags = d;
	if (memchr(src->text, '\0', src->len)) {
		uint32_t off = (uint32_t)((const char *)memchr(src->text, '\0', src->len) - src->text);
		sm__lex_error(lx, span(lx, off, off + 1),
			      "NUL byte in the spec (is this a binary file?)");
		return;
	}
	sm__lex_next(lx);
}

void sm__lex_next(struct sm__lexer *lx)
{
	if (lx->has_ahead) {
		lx->tok = lx->ahead;
		lx->has_ahead = false;
		return;
	}
	lex_token(lx, &lx->tok);
}

const struct sm__token *sm__lex_peek(struct sm__lexer *lx)
{
	if (!lx->has_ahead) {
		lex_token(lx, &lx->ahead);
		lx->has_ahead = !lx->failed;
		if (lx->failed)
			lx->ahead.kind = SM__T_EOF;
	}
	return &lx->ahead;
}

void sm__lex_regex(struct sm__lexer *lx)
{
	const char *s = lx->src->text;
	uint32_t start = lx->tok.loc.off;
	lx->pos = start + 1;
	lx->has_ahead = false;
	while (lx->pos < lx->src->len && s[lx->pos] != '/' && s[lx->pos] != '\n') {
		if (s[lx->pos] == '\\' && lx->pos + 1 < lx->src->len && s[lx->pos + 1] != '\n')
			lx->pos++;
		lx->pos++;
	}
	if (lx->pos >= lx->src->len || s[lx->pos] != '/') {
		sm__lex_error(lx, span(lx, start, lx->pos),
			      "unterminated regular expression (expected a closing '/')");
		return;
	}
	lx->pos++;
	lx->tok.kind = SM__T_REGEX;
	lx->tok.loc = span(lx, start, lx->pos);
}
