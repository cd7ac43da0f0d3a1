/*
 * parse.c: the recursive-descent parser of the spec language.  Each parse
 * function opens with the grammar rule it reads.  After the first error the
 * lexer yields only end-of-file, so every loop winds down by itself and the
 * partial tree is freed as usual; no longjmp.
 */
#include "parse.h"

#include "lex.h"
#include "names.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The height of an expression tree and the nesting of the parser's own
 * recursion (parentheses, unary operators, right operands), as SQLite's
 * SQLITE_MAX_EXPR_DEPTH: deeper input is an error, not a stack overflow. */
#define MAX_DEPTH 1000

/* A file read by `include`, by identity: the same file reached by two
 * paths is still one file. */
struct included {
	dev_t dev;
	ino_t ino;
	struct sm__loc at; /* the include's path string (none for the top file) */
};

struct parser {
	struct sm__lexer lx;
	struct sm__ast *ast;
	struct sm__diags *d;
	int depth; /* parentheses open in the current expression */
	int nesting;
	/* Includes: the parser of the including file (NULL: the top file), and
	 * every file read so far, shared by all the parsers of one spec. */
	struct parser *outer;
	int levels;
	struct included *file; /* this parser's file; NULL: not on disk */
	struct included **seen;
	size_t *nseen, *capseen;
};

/* ---- helpers ---- */

static const struct sm__token *tok(struct parser *p)
{
	return &p->lx.tok;
}

static bool at(struct parser *p, enum sm__tok kind)
{
	return tok(p)->kind == kind;
}

static bool at_word(struct parser *p, const char *word)
{
	return at(p, SM__T_NAME) && sm__str_eq(sm__loc_text(tok(p)->loc), word);
}

static void next(struct parser *p)
{
	sm__lex_next(&p->lx);
}

/* "found 'x'" for messages: the token's text, or what kind it is. */
static void describe_found(struct parser *p, char *out, size_t cap)
{
	const struct sm__token *t = tok(p);
	if (t->kind == SM__T_EOF) {
		snprintf(out, cap, "end of file");
		return;
	}
	struct sm__str text = sm__loc_text(t->loc);
	struct sm__buf b = {0};
	sm__buf_add_escaped(&b, text.ptr, text.len > 40 ? 40 : text.len);
	snprintf(out, cap, "'%s%s'", b.data ? b.data : "", text.len > 40 ? "..." : "");
	sm__buf_free(&b);
}

static void expected(struct parser *p, const char *what)
{
	char found[128];
	describe_found(p, found, sizeof found);
	sm__lex_error(&p->lx, tok(p)->loc, "expected %s, found %s", what, found);
}

static bool accept(struct parser *p, enum sm__tok kind)
{
	if (!at(p, kind))
		return false;
	next(p);
	return true;
}

static void expect(struct parser *p, enum sm__tok kind, const char *context)
{
	if (accept(p, kind))
		return;
	char what[160];
	snprintf(what, sizeof what, "%s%s", sm__tok_name(kind), context);
	expected(p, what);
}

/* Lua's check_match: an unclosed bracket names the line that opened it. */
static void expect_closing(struct parser *p, enum sm__tok kind, struct sm__loc open)
{
	if (accept(p, kind))
		return;
	uint32_t line, col;
	sm__source_linecol(open.src, open.off, &line, &col);
	char what[96];
	snprintf(what, sizeof what, "%s (to close %s at line %u)", sm__tok_name(kind),
		 sm__tok_name(kind == SM__T_RPAREN ? SM__T_LPAREN : SM__T_LBRACE), line);
	expected(p, what);
}

static void expect_closing_bracket(struct parser *p, struct sm__loc open)
{
	if (accept(p, SM__T_RBRACKET))
		return;
	uint32_t line, col;
	sm__source_linecol(open.src, open.off, &line, &col);
	char what[64];
	snprintf(what, sizeof what, "']' (to close '[' at line %u)", line);
	expected(p, what);
}

static struct sm__ast_name take_name(struct parser *p, const char *what)
{
	struct sm__ast_name n = {{"", 0}, tok(p)->loc};
	if (!at(p, SM__T_NAME)) {
		expected(p, what);
		return n;
	}
	n.name = sm__loc_text(tok(p)->loc);
	next(p);
	return n;
}

static struct sm__loc join(struct sm__loc a, struct sm__loc b)
{
	if (b.off + b.len < a.off)
		return a;
	a.len = b.off + b.len - a.off;
	return a;
}

/* ---- expressions (DESIGN.md §2.2) ---- */

static struct sm__expr *new_expr(enum sm__expr_op op, struct sm__loc loc)
{
	struct sm__expr *e = sm__xcalloc(1, sizeof *e);
	e->op = op;
	e->loc = loc;
	e->slot = -1;
	e->height = 1;
	return e;
}

/* Binding power of a binary operator token; 0: not a binary operator. */
static int binary_level(enum sm__tok kind, enum sm__expr_op *op)
{
	static const struct {
		enum sm__tok tok;
		enum sm__expr_op op;
		int level;
	} table[] = {
		{SM__T_OROR, SM__E_OR, 1},     {SM__T_ANDAND, SM__E_AND, 2},
		{SM__T_EQ, SM__E_EQ, 3},       {SM__T_NE, SM__E_NE, 3},
		{SM__T_LT, SM__E_LT, 3},       {SM__T_LE, SM__E_LE, 3},
		{SM__T_GT, SM__E_GT, 3},       {SM__T_GE, SM__E_GE, 3},
		{SM__T_PIPE, SM__E_BITOR, 4},  {SM__T_CARET, SM__E_BITXOR, 5},
		{SM__T_AMP, SM__E_BITAND, 6},  {SM__T_SHL, SM__E_SHL, 7},
		{SM__T_SHR, SM__E_SHR, 7},     {SM__T_PLUS, SM__E_ADD, 8},
		{SM__T_MINUS, SM__E_SUB, 8},   {SM__T_STAR, SM__E_MUL, 9},
		{SM__T_SLASH, SM__E_DIV, 9},   {SM__T_PERCENT, SM__E_MOD, 9},
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(table); k++)
		if (table[k].tok == kind) {
			*op = table[k].op;
			return table[k].level;
		}
	return 0;
}

#define COMPARISON_LEVEL 3

/*
 * Habits from C and Python, named as such where an operator was due: an
 * operand followed on its line by '=', 'and' or 'or' cannot be anything
 * else (a new statement starts a line).  Returns true after the error.
 */
static bool c_habit(struct parser *p)
{
	static const struct {
		const char *word, *message;
	} habits[] = {
		{"and", "'and' is written '&&'"},
		{"or", "'or' is written '||'"},
	};
	if (tok(p)->first_on_line && p->depth == 0)
		return false;
	if (at(p, SM__T_ASSIGN)) {
		sm__lex_error(&p->lx, tok(p)->loc, "'=' assigns; use '==' to compare");
		return true;
	}
	for (size_t k = 0; k < SM__ARRAY_LEN(habits); k++)
		if (at_word(p, habits[k].word)) {
			sm__lex_error(&p->lx, tok(p)->loc, "%s", habits[k].message);
			return true;
		}
	return false;
}

/* `not x`: a name followed on its line by the start of an operand. */
static bool not_habit(struct parser *p)
{
	if (!at_word(p, "not"))
		return false;
	const struct sm__token *after = sm__lex_peek(&p->lx);
	if (after->first_on_line)
		return false;
	switch (after->kind) {
	case SM__T_NAME: case SM__T_INT: case SM__T_STRING: case SM__T_LPAREN:
	case SM__T_BANG: case SM__T_TILDE: case SM__T_MINUS:
		sm__lex_error(&p->lx, tok(p)->loc, "'not' is written '!'");
		return true;
	default:
		return false;
	}
}

static struct sm__expr *expr(struct parser *p);

static void too_deep(struct parser *p, struct sm__loc at)
{
	sm__lex_error(&p->lx, at, "expression nested too deeply (more than %d levels)",
		      MAX_DEPTH);
}

/* One more level of the parser's recursion, for the operator or '(' at
 * `at`; pair with p->nesting--. */
static bool enter(struct parser *p, struct sm__loc at)
{
	if (++p->nesting <= MAX_DEPTH)
		return true;
	too_deep(p, at);
	return false;
}

/* A node's height from its operands' heights; `a + a + ... + a` is a loop
 * in the parser but a deep tree all the same.  `at` is the operator, for
 * the error. */
static int height_over(struct parser *p, int ha, int hb, struct sm__loc at)
{
	int h = 1 + (ha > hb ? ha : hb);
	if (h > MAX_DEPTH)
		too_deep(p, at);
	return h;
}

static void set_height(struct parser *p, struct sm__expr *e, struct sm__loc at)
{
	e->height = height_over(p, e->a ? e->a->height : 0, e->b ? e->b->height : 0, at);
}

/* args := '(' [ expr { ',' expr } ] ')', as a chain of SM__E_ARG nodes */
static struct sm__expr *call_args(struct parser *p, struct sm__expr *call)
{
	struct sm__loc open = tok(p)->loc;
	next(p);
	p->depth++;
	struct sm__expr **tail = &call->a;
	int n = 0;
	if (!at(p, SM__T_RPAREN))
		do {
			if (++n > SM__MAX_ARGS) {
				sm__lex_error(&p->lx, tok(p)->loc, "more than %d arguments",
					      SM__MAX_ARGS);
				break;
			}
			struct sm__expr *arg = new_expr(SM__E_ARG, tok(p)->loc);
			arg->a = expr(p);
			arg->loc = arg->a->loc;
			*tail = arg;
			tail = &arg->b;
		} while (accept(p, SM__T_COMMA));
	p->depth--;
	struct sm__loc close = tok(p)->loc;
	expect_closing(p, SM__T_RPAREN, open);
	call->loc = join(call->loc, close);
	return call;
}

/* The heights of an argument chain, last first: set_height needs them. */
static void chain_heights(struct parser *p, struct sm__expr *arg)
{
	if (!arg)
		return;
	chain_heights(p, arg->b);
	set_height(p, arg, arg->loc);
}

/* primary := INT | DURATION | STRING | NAME [ args ] | '(' expr ')' */
static struct sm__expr *primary(struct parser *p)
{
	struct sm__token t = *tok(p);
	struct sm__expr *e;
	switch (t.kind) {
	case SM__T_INT:
	case SM__T_DURATION: /* nanoseconds, as the lexer read them */
		e = new_expr(SM__E_INT, t.loc);
		e->i = t.i;
		next(p);
		return e;
	case SM__T_STRING: {
		e = new_expr(SM__E_STR, t.loc);
		size_t len;
		char *s = sm__lex_string_value(&t, &len);
		e->s = (struct sm__str){s, len};
		next(p);
		return e;
	}
	case SM__T_NAME:
		if (not_habit(p))
			break;
		e = new_expr(SM__E_NAME, t.loc);
		e->s = sm__loc_text(t.loc);
		next(p);
		if (at(p, SM__T_LPAREN) && !tok(p)->first_on_line) {
			e->op = SM__E_CALL;
			if (enter(p, t.loc))
				call_args(p, e);
			p->nesting--;
			chain_heights(p, e->a);
			set_height(p, e, t.loc);
		}
		return e;
	case SM__T_LPAREN: {
		next(p);
		if (!enter(p, t.loc)) {
			p->nesting--;
			break;
		}
		p->depth++;
		e = expr(p);
		p->depth--;
		p->nesting--;
		struct sm__loc close = p->lx.tok.loc; /* the ')', when it is there */
		expect_closing(p, SM__T_RPAREN, t.loc);
		e->loc = join(t.loc, close);
		return e;
	}
	default:
		expected(p, "an expression (a number, a string, a name or '(')");
		break;
	}
	return new_expr(SM__E_INT, t.loc);
}

/* unary := ( '!' | '~' | '-' ) unary | primary */
static struct sm__expr *unary(struct parser *p)
{
	enum sm__expr_op op;
	switch (tok(p)->kind) {
	case SM__T_BANG: op = SM__E_NOT; break;
	case SM__T_TILDE: op = SM__E_BITNOT; break;
	case SM__T_MINUS: op = SM__E_NEG; break;
	default: return primary(p);
	}
	struct sm__expr *e = new_expr(op, tok(p)->loc);
	next(p);
	if (enter(p, e->loc))
		e->a = unary(p);
	p->nesting--;
	if (e->a)
		e->loc = join(e->loc, e->a->loc);
	set_height(p, e, e->loc);
	return e;
}

/*
 * binary := unary { BINOP binary }, by precedence climbing over the table
 * above (bitwise binds tighter than comparison, as in Go and Python).
 * An operator that starts a line, outside parentheses, ends the
 * expression: the line is a new statement.
 */
static struct sm__expr *binary(struct parser *p, int min_level)
{
	struct sm__expr *left = unary(p);
	bool compared = false;
	for (;;) {
		enum sm__expr_op op;
		int level = binary_level(tok(p)->kind, &op);
		if (level == 0 && c_habit(p))
			break;
		if (level == 0 || level < min_level)
			break;
		if (tok(p)->first_on_line && p->depth == 0)
			break;
		if (level == COMPARISON_LEVEL && compared) {
			sm__lex_error(&p->lx, tok(p)->loc,
				      "comparisons do not chain; join them with '&&'");
			break;
		}
		compared = level == COMPARISON_LEVEL;
		struct sm__loc op_loc = tok(p)->loc;
		next(p);
		struct sm__expr *e = new_expr(op, left->loc);
		e->a = left;
		if (enter(p, op_loc))
			e->b = binary(p, level + 1);
		p->nesting--;
		if (e->b)
			e->loc = join(e->loc, e->b->loc);
		set_height(p, e, op_loc);
		left = e;
	}
	return left;
}

/* expr := binary */
static struct sm__expr *expr(struct parser *p)
{
	return binary(p, 1);
}

/* Point a tree parsed from a padded copy back at the real source: the
 * offsets are the same, only the text differs. */
static void rehome(struct sm__expr *e, const struct sm__source *view,
		   const struct sm__source *real)
{
	if (!e)
		return;
	e->loc.src = real;
	if (e->op == SM__E_NAME || e->op == SM__E_CALL)
		e->s.ptr = real->text + (e->s.ptr - view->text);
	rehome(e->a, view, real);
	rehome(e->b, view, real);
}

struct sm__expr *sm__parse_expr_at(struct sm__loc loc, struct sm__diags *d)
{
	/* A view of the located text as its own source, so that errors can be
	 * mapped back by offset. */
	struct parser p = {0};
	struct sm__source view = *loc.src;
	view.len = loc.off + loc.len;
	char *text = sm__xstrndup(loc.src->text, view.len);
	memset(text, ' ', loc.off);
	for (uint32_t k = 0; k < loc.off; k++)
		if (loc.src->text[k] == '\n')
			text[k] = '\n';
	view.text = text;
	size_t before = d->nerrors;
	struct sm__diags local = {0};
	sm__lex_init(&p.lx, &view, &local);
	struct sm__expr *e = expr(&p);
	if (!p.lx.failed && !at(&p, SM__T_EOF))
		expected(&p, "the end of the guard");
	/* Re-home the diagnostics on the real source. */
	for (size_t k = 0; k < local.n; k++) {
		struct sm__loc l = local.v[k].loc;
		l.src = loc.src;
		sm__diag_add(d, local.v[k].severity, l, "%s", local.v[k].msg);
	}
	sm__diags_free(&local);
	if (d->nerrors > before) {
		sm__expr_free(e);
		free(text);
		return NULL;
	}
	rehome(e, &view, loc.src);
	free(text);
	return e;
}

/* ---- declarations ---- */

/* keys := NAME | '(' NAME { ',' NAME } ')' */
static void per_keys(struct parser *p, struct sm__ast_property *prop)
{
	if (!at_word(p, "per"))
		return;
	next(p);
	if (at(p, SM__T_LPAREN)) {
		struct sm__loc open = tok(p)->loc;
		next(p);
		do {
			struct sm__ast_name k = take_name(p, "a key field name");
			SM__PUSH(prop->keys, prop->nkeys, prop->capkeys, k);
		} while (accept(p, SM__T_COMMA));
		expect_closing(p, SM__T_RPAREN, open);
	} else {
		struct sm__ast_name k = take_name(p, "a key field name after 'per'");
		SM__PUSH(prop->keys, prop->nkeys, prop->capkeys, k);
	}
}

/* spec_decl := 'spec' NAME [ STRING ] */
static void spec_decl(struct parser *p)
{
	struct sm__loc kw = tok(p)->loc;
	next(p);
	if (p->outer) {
		sm__lex_error(&p->lx, kw, "a 'spec' line in an included file (the file that "
			      "includes it names the spec)");
		return;
	}
	if (p->ast->spec_name.name.len) {
		sm__lex_error(&p->lx, kw, "a second 'spec' line (the spec is already named '%.*s')",
			      (int)p->ast->spec_name.name.len, p->ast->spec_name.name.ptr);
		return;
	}
	p->ast->spec_name = take_name(p, "the spec's name after 'spec'");
	if (at(p, SM__T_STRING)) {
		size_t len;
		free(p->ast->title);
		p->ast->title = sm__lex_string_value(tok(p), &len);
		next(p);
	}
}

/* const_decl := 'const' NAME '=' expr */
static void const_decl(struct parser *p)
{
	next(p);
	struct sm__ast_const c = {0};
	c.name = take_name(p, "the constant's name after 'const'");
	expect(p, SM__T_ASSIGN, " after the constant's name");
	c.value = expr(p);
	SM__PUSH(p->ast->consts, p->ast->nconsts, p->ast->capconsts, c);
}

/* renames := '{' NAME '=' NAME { [ ',' ] NAME '=' NAME } '}' */
static void renames(struct parser *p, struct sm__ast_binding *b)
{
	struct sm__loc open = tok(p)->loc;
	next(p);
	while (!at(p, SM__T_RBRACE) && !at(p, SM__T_EOF)) {
		struct sm__ast_rename r;
		r.field = take_name(p, "an event field name in '{ field = source_field }'");
		expect(p, SM__T_ASSIGN, " between the field and the source field it comes from");
		r.source = take_name(p, "the source field's name");
		SM__PUSH(b->renames, b->nrenames, b->caprenames, r);
		accept(p, SM__T_COMMA);
	}
	expect_closing(p, SM__T_RBRACE, open);
}

/* returning := 'returning' NAME [ 'per' NAME ]   (the entry event, the task member) */
static void returning(struct parser *p, struct sm__ast_binding *b)
{
	if (!at_word(p, "returning"))
		return;
	next(p);
	b->returns = take_name(p, "the entry event's name after 'returning'");
	if (!at_word(p, "per"))
		return;
	next(p);
	b->task = take_name(p, "the task's field name after 'per'");
}

/* ---- kprobe fetches (`from kprobe FUNC { field = FETCH }`) ---- */

static struct sm__fetch *fetch(struct parser *p);

static struct sm__fetch *fetch_node(enum sm__fetch_op op, struct sm__loc loc,
				    struct sm__fetch *a)
{
	struct sm__fetch *f = sm__xcalloc(1, sizeof *f);
	f->op = op;
	f->loc = loc;
	f->a = a;
	f->height = a ? a->height + 1 : 1;
	return f;
}

/* container_of := 'container_of' '(' fetch ',' 'struct' NAME ',' NAME { '.' NAME } ')' */
static struct sm__fetch *container_of(struct parser *p)
{
	struct sm__loc start = tok(p)->loc;
	next(p);
	struct sm__loc open = tok(p)->loc;
	expect(p, SM__T_LPAREN, " after 'container_of'");
	struct sm__fetch *f = fetch_node(SM__F_CONTAINER_OF, start, fetch(p));
	expect(p, SM__T_COMMA, " after container_of's pointer");
	if (at_word(p, "struct"))
		next(p);
	else
		expected(p, "'struct' and the containing type's name");
	f->name = take_name(p, "the containing struct's name");
	expect(p, SM__T_COMMA, " after the struct's name");
	do {
		struct sm__ast_name m = take_name(p, "the member's name");
		SM__PUSH(f->path, f->npath, f->cappath, m);
	} while (accept(p, SM__T_DOT));
	f->loc = join(start, tok(p)->loc);
	expect_closing(p, SM__T_RPAREN, open);
	return f;
}

/* fetch_primary := NAME | '$' NAME | container_of | '(' fetch ')' */
static struct sm__fetch *fetch_primary(struct parser *p)
{
	struct sm__loc at_loc = tok(p)->loc;
	if (!enter(p, at_loc))
		return NULL;
	struct sm__fetch *f = NULL;
	if (at_word(p, "container_of")) {
		f = container_of(p);
	} else if (at(p, SM__T_NAME) || at(p, SM__T_DOLLAR)) {
		f = fetch_node(at(p, SM__T_NAME) ? SM__F_ARG : SM__F_VAR, at_loc, NULL);
		f->name = (struct sm__ast_name){sm__loc_text(at_loc), at_loc};
		next(p);
	} else if (at(p, SM__T_LPAREN)) {
		next(p);
		f = fetch(p);
		expect_closing(p, SM__T_RPAREN, at_loc);
	} else {
		expected(p, "an argument's name, $retval or container_of(...)");
	}
	p->nesting--;
	return f;
}

/* fetch := fetch_primary { '->' NAME | '.' NAME | '[' INT ']' } */
static struct sm__fetch *fetch(struct parser *p)
{
	struct sm__fetch *f = fetch_primary(p);
	while (f && (at(p, SM__T_ARROW) || at(p, SM__T_DOT) || at(p, SM__T_LBRACKET))) {
		struct sm__loc op = tok(p)->loc;
		if (f->height >= MAX_DEPTH) {
			too_deep(p, op);
			break;
		}
		if (accept(p, SM__T_LBRACKET)) {
			f = fetch_node(SM__F_INDEX, f->loc, f);
			if (at(p, SM__T_INT) && tok(p)->i >= 0)
				f->index = tok(p)->i;
			else
				expected(p, "an array index (a number)");
			next(p);
			f->loc = join(f->loc, tok(p)->loc);
			expect_closing_bracket(p, op);
			continue;
		}
		f = fetch_node(at(p, SM__T_ARROW) ? SM__F_ARROW : SM__F_DOT, f->loc, f);
		next(p);
		f->name = take_name(p, "a member's name");
		f->loc = join(f->loc, f->name.loc);
	}
	return f;
}

/* fetches := '{' NAME [ '=' fetch ] [ ':' NAME ] { [ ',' ] ... } '}' */
static void fetches(struct parser *p, struct sm__ast_binding *b)
{
	struct sm__loc open = tok(p)->loc;
	next(p);
	while (!at(p, SM__T_RBRACE) && !at(p, SM__T_EOF)) {
		struct sm__ast_fetch f = {0};
		f.field = take_name(p, "an event field name in '{ field = FETCH }'");
		if (accept(p, SM__T_ASSIGN)) {
			f.fetch = fetch(p);
		} else { /* `{ status }`: the argument of the field's name */
			f.fetch = fetch_node(SM__F_ARG, f.field.loc, NULL);
			f.fetch->name = f.field;
		}
		if (accept(p, SM__T_COLON))
			f.type = take_name(p, "a fetch type (u8, s32, x64, string...) after ':'");
		SM__PUSH(b->fetches, b->nfetches, b->capfetches, f);
		accept(p, SM__T_COMMA);
	}
	expect_closing(p, SM__T_RBRACE, open);
}

/* probe_clause := ( 'kprobe' | 'kretprobe' ) NAME [ 'as' NAME ] [ fetches ] */
static void probe_clause(struct parser *p, struct sm__ast_event *ev, struct sm__ast_binding *b)
{
	b->kind = at_word(p, "kprobe") ? SM__BIND_KPROBE : SM__BIND_KRETPROBE;
	next(p);
	b->func = take_name(p, "the probed function's name");
	b->name = ev->name;
	if (at_word(p, "as")) {
		next(p);
		b->name = take_name(p, "the probe's event name after 'as'");
	}
	if (at(p, SM__T_LBRACE))
		fetches(p, b);
}

/* tracepoint_clause := 'tracepoint' NAME ':' NAME [ renames ] */
static void tracepoint_clause(struct parser *p, struct sm__ast_binding *b)
{
	b->kind = SM__BIND_TRACEPOINT;
	next(p);
	b->system = take_name(p, "the tracepoint's system (SYS:NAME, e.g. sched:sched_switch)");
	expect(p, SM__T_COLON, " between the tracepoint's system and name");
	b->name = take_name(p, "the tracepoint's name");
	if (at(p, SM__T_LBRACE))
		renames(p, b);
}

/* from_clause := 'from' ( 'ftrace' NAME | 'json' ( NAME | STRING ) | 'qemu' NAME
 *                        | 'log' REGEX ) [ renames ] [ returning ]
 *              | 'from' ( probe_clause | tracepoint_clause ) [ returning ] */
static void from_clause(struct parser *p, struct sm__ast_event *ev)
{
	next(p);
	struct sm__ast_binding b = {0};
	if (at_word(p, "kprobe") || at_word(p, "kretprobe")) {
		probe_clause(p, ev, &b);
		returning(p, &b);
		SM__PUSH(ev->bindings, ev->nbindings, ev->capbindings, b);
		return;
	}
	if (at_word(p, "tracepoint")) {
		tracepoint_clause(p, &b);
		returning(p, &b);
		SM__PUSH(ev->bindings, ev->nbindings, ev->capbindings, b);
		return;
	}
	if (at_word(p, "ftrace") || at_word(p, "json") || at_word(p, "qemu")) {
		b.kind = at_word(p, "ftrace") ? SM__BIND_FTRACE
			 : at_word(p, "json") ? SM__BIND_JSON : SM__BIND_QEMU;
		next(p);
		if (at(p, SM__T_STRING)) {
			b.name.loc = tok(p)->loc;
			b.name.loc.off++;
			b.name.loc.len -= 2;
			b.name.name = sm__loc_text(b.name.loc);
			next(p);
		} else {
			b.name = take_name(p, "the record's event name");
		}
	} else if (at_word(p, "log")) {
		b.kind = SM__BIND_LOG;
		next(p);
		if (!at(p, SM__T_SLASH)) {
			expected(p, "a /regular expression/ after 'from log'");
			return;
		}
		sm__lex_regex(&p->lx);
		if (p->lx.failed)
			return;
		b.regex_loc = tok(p)->loc;
		struct sm__str body = sm__loc_text(b.regex_loc);
		b.regex = sm__xstrndup(body.ptr + 1, body.len - 2);
		next(p);
	} else {
		expected(p, "'ftrace', 'json', 'qemu', 'log', 'kprobe', 'kretprobe' or "
			 "'tracepoint' after 'from'");
		return;
	}
	if (at(p, SM__T_LBRACE))
		renames(p, &b);
	returning(p, &b);
	SM__PUSH(ev->bindings, ev->nbindings, ev->capbindings, b);
}

/* field_list := '(' [ NAME { ',' NAME } ] ')' */
static void field_list(struct parser *p, struct sm__ast_event *ev)
{
	struct sm__loc open = tok(p)->loc;
	next(p);
	if (!at(p, SM__T_RPAREN)) {
		do {
			struct sm__ast_name f = take_name(p, "a field name");
			SM__PUSH(ev->fields, ev->nfields, ev->capfields, f);
		} while (accept(p, SM__T_COMMA));
	}
	expect_closing(p, SM__T_RPAREN, open);
}

/*
 * event_decl := 'event' NAME [ field_list ]
 *               ( '=' NAME 'where' expr | from_clause { from_clause }
 *                 | [ renames ] [ returning ] )
 */
static void event_decl(struct parser *p)
{
	next(p);
	struct sm__ast_event ev = {0};
	ev.name = take_name(p, "the event's name after 'event'");
	if (at(p, SM__T_LPAREN))
		field_list(p, &ev);
	if (at(p, SM__T_ASSIGN)) {
		if (ev.nfields)
			sm__lex_error(&p->lx, ev.fields[0].loc,
				      "a derived event has the fields of its base event; "
				      "drop the field list");
		next(p);
		ev.derived = true;
		ev.base = take_name(p, "the base event's name after '='");
		if (!at_word(p, "where"))
			expected(p, "'where' and a condition (event NAME = BASE where EXPR)");
		else
			next(p);
		ev.where = expr(p);
	} else {
		/* The error ends the parse; the event is still kept, to be freed. */
		if (at(p, SM__T_SLASH) || at_word(p, "log"))
			sm__lex_error(&p->lx, tok(p)->loc, "expected '%s' before the regular "
				      "expression", at_word(p, "log") ? "from" : "from log");
		while (at_word(p, "from"))
			from_clause(p, &ev);
		if (ev.nbindings == 0) {
			struct sm__ast_binding b = {0};
			b.kind = SM__BIND_DEFAULT;
			b.name = ev.name;
			if (at(p, SM__T_LBRACE))
				renames(p, &b);
			returning(p, &b);
			SM__PUSH(ev.bindings, ev.nbindings, ev.capbindings, b);
		}
	}
	SM__PUSH(p->ast->events, p->ast->nevents, p->ast->capevents, ev);
}

static const struct {
	const char *word;
	enum sm__relation_kind kind;
} relation_words[] = {
	{"precedes", SM__REL_PRECEDES},   {"causes", SM__REL_CAUSES},
	{"alternatesWith", SM__REL_ALTERNATES}, {"subclockOf", SM__REL_SUBCLOCK},
	{"excludes", SM__REL_EXCLUDES},   {"coincidesWith", SM__REL_COINCIDES},
};

static bool relation_word(struct parser *p, enum sm__relation_kind *kind)
{
	for (size_t k = 0; k < SM__ARRAY_LEN(relation_words); k++)
		if (at_word(p, relation_words[k].word)) {
			*kind = relation_words[k].kind;
			return true;
		}
	return false;
}

/* Not a relation word: say which one was meant, if one is close. */
static void expected_relation(struct parser *p)
{
	struct sm__str known[SM__ARRAY_LEN(relation_words)];
	for (size_t k = 0; k < SM__ARRAY_LEN(relation_words); k++)
		known[k] = (struct sm__str){relation_words[k].word, strlen(relation_words[k].word)};
	char hint[128] = "";
	if (at(p, SM__T_NAME))
		sm__suggest(sm__loc_text(tok(p)->loc), known, SM__ARRAY_LEN(known), hint,
			    sizeof hint);
	char found[128];
	describe_found(p, found, sizeof found);
	sm__lex_error(&p->lx, tok(p)->loc, "expected a relation (precedes, causes, "
		      "alternatesWith, subclockOf, excludes, coincidesWith), found %s%s",
		      found, hint);
}

/* ---- clock expressions (DESIGN.md §2.3) ---- */

static struct sm__clock_expr *clock_expr(struct parser *p);

static struct sm__clock_expr *new_clock(enum sm__clock_op op, struct sm__loc loc)
{
	struct sm__clock_expr *c = sm__xcalloc(1, sizeof *c);
	c->op = op;
	c->loc = loc;
	c->height = 1;
	return c;
}

/* c's height from its operands, bounded as for expressions. */
static void clock_height(struct parser *p, struct sm__clock_expr *c, struct sm__loc at)
{
	c->height = height_over(p, c->a ? c->a->height : 0, c->b ? c->b->height : 0, at);
}

/* A binary node over left and the operand parsed by `operand`. */
static struct sm__clock_expr *clock_binary(struct parser *p, enum sm__clock_op op,
					   struct sm__clock_expr *left,
					   struct sm__clock_expr *(*operand)(struct parser *))
{
	struct sm__loc op_loc = tok(p)->loc;
	next(p);
	struct sm__clock_expr *c = new_clock(op, left->loc);
	c->a = left;
	if (enter(p, op_loc))
		c->b = operand(p);
	p->nesting--;
	if (c->b)
		c->loc = join(c->loc, c->b->loc);
	clock_height(p, c, op_loc);
	return c;
}

/* inf_sup := ( 'inf' | 'sup' ) '(' clock_expr ',' clock_expr ')' */
static struct sm__clock_expr *inf_sup(struct parser *p)
{
	struct sm__clock_expr *c = new_clock(at_word(p, "inf") ? SM__C_INF : SM__C_SUP,
					     tok(p)->loc);
	next(p);
	struct sm__loc open = tok(p)->loc;
	expect(p, SM__T_LPAREN, c->op == SM__C_INF ? " after 'inf'" : " after 'sup'");
	if (enter(p, open)) {
		p->depth++;
		c->a = clock_expr(p);
		expect(p, SM__T_COMMA, " between the two clocks");
		c->b = clock_expr(p);
		p->depth--;
	}
	p->nesting--;
	struct sm__loc close = tok(p)->loc;
	expect_closing(p, SM__T_RPAREN, open);
	c->loc = join(c->loc, close);
	clock_height(p, c, c->loc);
	return c;
}

/* clock_primary := NAME | inf_sup | '(' clock_expr ')' */
static struct sm__clock_expr *clock_primary(struct parser *p)
{
	struct sm__token t = *tok(p);
	if ((at_word(p, "inf") || at_word(p, "sup")) &&
	    sm__lex_peek(&p->lx)->kind == SM__T_LPAREN)
		return inf_sup(p);
	if (t.kind == SM__T_LPAREN) {
		next(p);
		struct sm__clock_expr *c = NULL;
		if (enter(p, t.loc)) {
			p->depth++;
			c = clock_expr(p);
			p->depth--;
		}
		p->nesting--;
		if (!c)
			return new_clock(SM__C_EVENT, t.loc);
		struct sm__loc close = tok(p)->loc;
		expect_closing(p, SM__T_RPAREN, t.loc);
		c->loc = join(t.loc, close);
		return c;
	}
	struct sm__clock_expr *c = new_clock(SM__C_EVENT, t.loc);
	c->name = take_name(p, "an event or clock name, 'inf(', 'sup(' or '('");
	return c;
}

/* The error at letter k of a filteredBy word (the string token `at`). */
static void word_error(struct parser *p, struct sm__loc at, size_t k, const char *msg)
{
	struct sm__loc l = {at.src, at.off + 1 + (uint32_t)k, 1};
	if (k + 2 >= at.len) /* past the letters: the closing quote */
		l.off = at.off + at.len - 1;
	sm__lex_error(&p->lx, l, "%s", msg);
}

/*
 * word := { '0' | '1' } [ '(' ( '0' | '1' ) { '0' | '1' } ')' ]   (inside quotes)
 * CCSL's binary words u(v)^ω: u once, then v forever; without (v), no tick
 * after u.  Read from the token's text, so that errors point at the letter.
 */
static void filter_word(struct parser *p, struct sm__clock_expr *c)
{
	struct sm__loc at = tok(p)->loc;
	struct sm__str text = sm__loc_text(at);
	const char *w = text.ptr + 1;
	size_t n = text.len >= 2 ? text.len - 2 : 0, len = 0, open = 0;
	enum { ONCE, REPEATED, CLOSED } part = ONCE;
	c->word = sm__xmalloc(n + 1);
	for (size_t k = 0; k < n && !p->lx.failed; k++) {
		if ((w[k] == '0' || w[k] == '1') && part != CLOSED) {
			c->word[len++] = w[k];
		} else if (w[k] == '(' && part == ONCE) {
			part = REPEATED, open = k;
			c->prefix = (uint32_t)len;
		} else if (w[k] == ')' && part == REPEATED) {
			if (len == c->prefix)
				word_error(p, at, k, "the repeated part '()' of a filteredBy "
						     "word is empty");
			part = CLOSED;
		} else if (part == CLOSED) {
			word_error(p, at, k, "nothing may follow the repeated part '(...)' "
					     "of a filteredBy word");
		} else {
			word_error(p, at, k, "expected '0', '1' or '(' in a filteredBy word "
					     "(a binary word such as \"0(01)\")");
		}
	}
	if (part == REPEATED && !p->lx.failed)
		word_error(p, at, open, "expected ')' to close this '(' of the filteredBy word");
	if (part == ONCE)
		c->prefix = (uint32_t)len;
	c->period = (uint32_t)len - c->prefix;
	c->word[len] = '\0';
	if (len == 0 && !p->lx.failed)
		word_error(p, at, 0, "a filteredBy word needs at least one letter ('0' or '1')");
	next(p);
}

/* clock_postfix := clock_primary { 'delayedFor' INT | 'filteredBy' STRING
 *                                 | 'sampledOn' clock_primary } */
static struct sm__clock_expr *clock_postfix(struct parser *p)
{
	struct sm__clock_expr *c = clock_primary(p);
	for (;;) {
		enum sm__clock_op op;
		if (at_word(p, "sampledOn")) {
			c = clock_binary(p, SM__C_SAMPLED, c, clock_primary);
			continue;
		}
		if (at_word(p, "delayedFor"))
			op = SM__C_DELAYED;
		else if (at_word(p, "filteredBy"))
			op = SM__C_FILTERED;
		else
			return c;
		struct sm__clock_expr *e = new_clock(op, c->loc);
		e->a = c;
		next(p);
		e->loc = join(e->loc, tok(p)->loc);
		if (op == SM__C_DELAYED) {
			e->n = tok(p)->i;
			if (at(p, SM__T_INT) && e->n < 1)
				sm__lex_error(&p->lx, tok(p)->loc, "'delayedFor' needs a positive "
					      "number of ticks");
			expect(p, SM__T_INT, " after 'delayedFor' (how many ticks late, 1 or more)");
		} else if (at(p, SM__T_STRING)) {
			filter_word(p, e);
		} else {
			expected(p, "a binary word in quotes after 'filteredBy', e.g. \"0(01)\"");
		}
		clock_height(p, e, e->loc);
		c = e;
	}
}

/* clock_term := clock_postfix { '*' clock_postfix } */
static struct sm__clock_expr *clock_term(struct parser *p)
{
	struct sm__clock_expr *c = clock_postfix(p);
	while (at(p, SM__T_STAR))
		c = clock_binary(p, SM__C_INTER, c, clock_postfix);
	return c;
}

/* clock_expr := clock_term { ( '+' | '-' ) clock_term }   (left to right) */
static struct sm__clock_expr *clock_expr(struct parser *p)
{
	struct sm__clock_expr *c = clock_term(p);
	while (at(p, SM__T_PLUS) || at(p, SM__T_MINUS))
		c = clock_binary(p, at(p, SM__T_PLUS) ? SM__C_UNION : SM__C_MINUS, c, clock_term);
	return c;
}

/* clock := clock_expr; a single name is also kept as the side's name. */
static struct sm__clock_expr *clock_ref(struct parser *p, struct sm__ast_name *name)
{
	struct sm__clock_expr *c = clock_expr(p);
	if (c->op == SM__C_EVENT && c->loc.off == c->name.loc.off)
		*name = c->name;
	else
		*name = (struct sm__ast_name){{"", 0}, c->loc};
	return c;
}

/* within := clock 'within' DURATION 'after' clock   (DESIGN.md §2.3) */
static void within(struct parser *p, struct sm__ast_property *prop, struct sm__loc start)
{
	next(p);
	prop->rel.kind = SM__REL_WITHIN;
	prop->rel.within = tok(p)->i;
	if (!at(p, SM__T_DURATION)) {
		expected(p, "a duration with its unit (ns, us, ms or s) after 'within'");
		return;
	}
	next(p);
	if (!at_word(p, "after")) {
		expected(p, "'after' and the event that opens the obligation");
		return;
	}
	next(p);
	prop->rel.b = prop->rel.a; /* the response, written first */
	prop->rel.cb = prop->rel.ca;
	prop->rel.ca = clock_ref(p, &prop->rel.a);
	prop->rel.text = join(start, prop->rel.ca->loc);
}

/* relation := clock RELATION clock [ 'bound' INT ] | within */
static void relation(struct parser *p, struct sm__ast_property *prop)
{
	struct sm__loc start = tok(p)->loc;
	prop->kind = SM__PROP_RELATION;
	prop->rel.ca = clock_ref(p, &prop->rel.a);
	if (at_word(p, "within")) {
		within(p, prop, start);
		return;
	}
	if (!relation_word(p, &prop->rel.kind)) {
		expected_relation(p);
		return;
	}
	next(p);
	prop->rel.cb = clock_ref(p, &prop->rel.b);
	struct sm__loc end = prop->rel.cb->loc;
	if (at_word(p, "bound")) {
		if (prop->rel.kind != SM__REL_PRECEDES)
			sm__lex_error(&p->lx, tok(p)->loc, "'bound' goes with 'precedes' only");
		next(p);
		prop->rel.has_bound = true;
		prop->rel.bound = tok(p)->i;
		end = tok(p)->loc;
		expect(p, SM__T_INT, " after 'bound' (the most ticks a may lead b by)");
		if (prop->rel.has_bound && prop->rel.bound < 1 && !p->lx.failed)
			sm__lex_error(&p->lx, end, "the bound must be at least 1");
	}
	prop->rel.text = join(start, end);
}

/* title := [ STRING ]   (what a report prints as "rule: TITLE") */
static void title(struct parser *p, struct sm__ast_property *prop)
{
	if (!at(p, SM__T_STRING))
		return;
	size_t len;
	prop->title = sm__lex_string_value(tok(p), &len);
	next(p);
}

/* property_decl := 'property' NAME [ 'per' keys ] title ':' relation */
static void property_decl(struct parser *p)
{
	next(p);
	struct sm__ast_property prop = {0};
	prop.name = take_name(p, "the property's name after 'property'");
	per_keys(p, &prop);
	title(p, &prop);
	expect(p, SM__T_COLON, prop.title ? " after the property's title"
					   : " before the property's relation");
	relation(p, &prop);
	SM__PUSH(p->ast->props, p->ast->nprops, p->ast->capprops, prop);
}

/* state := NAME | '*'   (an empty name stands for '*') */
static struct sm__ast_name state_ref(struct parser *p)
{
	if (at(p, SM__T_STAR)) {
		struct sm__ast_name any = {{"", 0}, tok(p)->loc};
		next(p);
		return any;
	}
	return take_name(p, "a state name or '*'");
}

/* action := 'reset' '(' NAME ')' | NAME '=' expr */
static void action(struct parser *p, struct sm__ast_edge *e)
{
	struct sm__ast_action a = {0};
	struct sm__loc start = tok(p)->loc;
	if (at_word(p, "reset") && sm__lex_peek(&p->lx)->kind == SM__T_LPAREN) {
		next(p);
		struct sm__loc open = tok(p)->loc;
		next(p);
		a.target = take_name(p, "the clock to reset");
		a.loc = join(start, tok(p)->loc);
		expect_closing(p, SM__T_RPAREN, open);
	} else {
		a.target = take_name(p, "an action: 'VARIABLE = EXPR' or 'reset(CLOCK)'");
		expect(p, SM__T_ASSIGN, " after the variable of an action");
		a.value = expr(p);
		a.loc = join(start, a.value->loc);
	}
	SM__PUSH(e->actions, e->nactions, e->capactions, a);
}

/* edge := state '->' state 'on' NAME [ 'when' expr ] [ 'do' action { ',' action } ] */
static void edge(struct parser *p, struct sm__ast_automaton *aut)
{
	struct sm__ast_edge e = {0};
	e.from = state_ref(p);
	expect(p, SM__T_ARROW, " between the two states of an edge");
	e.to = state_ref(p);
	if (!at_word(p, "on"))
		expected(p, "'on' and the event of the edge");
	else
		next(p);
	e.event = take_name(p, "the edge's event name after 'on'");
	e.loc = join(e.from.loc, e.event.loc);
	if (at_word(p, "when")) {
		next(p);
		e.guard = expr(p);
		e.guard_loc = e.guard->loc;
		e.loc = join(e.loc, e.guard_loc);
	}
	if (at_word(p, "do")) {
		next(p);
		do
			action(p, &e);
		while (accept(p, SM__T_COMMA));
	}
	SM__PUSH(aut->edges, aut->nedges, aut->capedges, e);
}

/* final_list := 'final' NAME { ',' NAME } */
static void final_list(struct parser *p, struct sm__ast_automaton *aut)
{
	next(p);
	aut->has_final = true;
	do {
		struct sm__ast_state s = {0};
		s.name = take_name(p, "a state name after 'final'");
		s.final = true;
		SM__PUSH(aut->states, aut->nstates, aut->capstates, s);
	} while (accept(p, SM__T_COMMA));
}

/* var_decl := 'var' NAME '=' expr { ',' NAME '=' expr } */
static void var_decl(struct parser *p, struct sm__ast_automaton *aut)
{
	next(p);
	do {
		struct sm__ast_var v = {0};
		v.name = take_name(p, "a variable name after 'var'");
		expect(p, SM__T_ASSIGN, " and the variable's initial value");
		v.init = expr(p);
		SM__PUSH(aut->vars, aut->nvars, aut->capvars, v);
	} while (accept(p, SM__T_COMMA));
}

/* clocks_decl := 'clock' NAME { ',' NAME }   (in an automaton) */
static void clocks_decl(struct parser *p, struct sm__ast_automaton *aut)
{
	next(p);
	do {
		struct sm__ast_name c = take_name(p, "a clock name after 'clock'");
		SM__PUSH(aut->clocks, aut->nclocks, aut->capclocks, c);
	} while (accept(p, SM__T_COMMA));
}

/* invariant_decl := 'invariant' NAME ':' expr */
static void invariant_decl(struct parser *p, struct sm__ast_automaton *aut)
{
	next(p);
	struct sm__ast_invariant inv = {0};
	inv.state = take_name(p, "a state name after 'invariant'");
	expect(p, SM__T_COLON, " after the invariant's state");
	inv.cond = expr(p);
	SM__PUSH(aut->invariants, aut->ninvariants, aut->capinvariants, inv);
}

/* A clause that may be given once: the second names the line of the first. */
static bool first_clause(struct parser *p, struct sm__loc kw, struct sm__ast_name prev)
{
	if (!prev.name.len)
		return true;
	uint32_t line, col;
	sm__source_linecol(prev.loc.src, prev.loc.off, &line, &col);
	struct sm__str word = sm__loc_text(kw);
	sm__lex_error(&p->lx, kw, "a second '%.*s' clause (the first is at line %u)",
		      (int)word.len, word.ptr, line);
	return false;
}

/* start_clause := 'start' ( 'on' | 'with' ) NAME */
static void start_clause(struct parser *p, struct sm__ast_automaton *aut)
{
	struct sm__loc kw = tok(p)->loc;
	next(p);
	if (!first_clause(p, kw, aut->start))
		return;
	if (!at_word(p, "on") && !at_word(p, "with")) {
		expected(p, "'on' or 'with' and an event after 'start'");
		return;
	}
	aut->start_with = at_word(p, "with");
	next(p);
	aut->start = take_name(p, "the start event's name");
}

/* after_clause := 'after' 'violation' ( 'ignore' | 'restart' | 'stop' ) */
static void after_clause(struct parser *p, struct sm__ast_automaton *aut)
{
	struct sm__loc kw = tok(p)->loc;
	next(p);
	if (!first_clause(p, kw, aut->after))
		return;
	if (!at_word(p, "violation")) {
		expected(p, "'violation' after 'after'");
		return;
	}
	next(p);
	if (!at_word(p, "ignore") && !at_word(p, "restart") && !at_word(p, "stop")) {
		expected(p, "'ignore', 'restart' or 'stop' after 'after violation'");
		return;
	}
	aut->after = take_name(p, "a policy");
}

/* A clause keyword, not a state of the same name starting an edge. */
static bool at_clause(struct parser *p, const char *word)
{
	return at_word(p, word) && sm__lex_peek(&p->lx)->kind != SM__T_ARROW;
}

/* automaton_item := 'initial' NAME | final_list | start_clause | after_clause
 *                 | var_decl | clocks_decl | invariant_decl | edge */
static void automaton_item(struct parser *p, struct sm__ast_automaton *aut)
{
	if (at(p, SM__T_CLOCK)) {
		clocks_decl(p, aut);
	} else if (at_clause(p, "var")) {
		var_decl(p, aut);
	} else if (at_clause(p, "invariant")) {
		invariant_decl(p, aut);
	} else if (at_clause(p, "start")) {
		start_clause(p, aut);
	} else if (at_clause(p, "after")) {
		after_clause(p, aut);
	} else if (at_clause(p, "initial")) {
		struct sm__loc kw = tok(p)->loc;
		next(p);
		if (aut->initial.name.len)
			sm__lex_error(&p->lx, kw, "a second 'initial' state");
		aut->initial = take_name(p, "the initial state's name");
	} else if (at_clause(p, "final")) {
		final_list(p, aut);
	} else if (at(p, SM__T_NAME) || at(p, SM__T_STAR)) {
		edge(p, aut);
	} else {
		expected(p, "'initial', 'final', 'start', 'after', 'var', 'clock', "
			    "'invariant', an edge 'STATE -> STATE on EVENT' or '}'");
	}
}

/* Load `from "x.dot"`, relative to the spec's folder. */
static void dot_model(struct parser *p, struct sm__ast_automaton *aut)
{
	struct sm__token t = *tok(p);
	next(p);
	size_t len;
	char *rel = sm__lex_string_value(&t, &len);
	struct sm__buf path = {0};
	const char *name = p->lx.src->name, *slash = strrchr(name, '/');
	if (rel[0] != '/' && slash)
		sm__buf_add(&path, name, (size_t)(slash - name) + 1);
	sm__buf_adds(&path, rel);
	free(rel);
	aut->from_loc = t.loc;
	aut->model = sm__source_load(path.data);
	if (!aut->model)
		sm__lex_error(&p->lx, t.loc, "cannot read model '%s': %s", path.data,
			      sm__source_strerror(errno));
	else if (!sm__dot_read(aut->model, aut, p->d))
		p->lx.failed = true, p->lx.tok.kind = SM__T_EOF;
	sm__buf_free(&path);
}

/* param := NAME '=' expr   (a value for a name the model uses) */
static void model_param(struct parser *p, struct sm__ast_automaton *aut)
{
	struct sm__ast_param b = {0};
	b.name = take_name(p, "a parameter name");
	for (size_t k = 0; k < aut->nparams; k++)
		if (sm__str_eq_str(aut->params[k].name.name, b.name.name))
			sm__lex_error(&p->lx, b.name.loc, "parameter '%.*s' is already bound",
				      (int)b.name.name.len, b.name.name.ptr);
	expect(p, SM__T_ASSIGN, " after the parameter's name");
	b.value = expr(p);
	SM__PUSH(aut->params, aut->nparams, aut->capparams, b);
}

/* model_block := '{' { start_clause | after_clause | param [','] } '}'
 * (after a DOT model) */
static void model_block(struct parser *p, struct sm__ast_automaton *aut)
{
	struct sm__loc open = tok(p)->loc;
	next(p);
	while (!at(p, SM__T_RBRACE) && !at(p, SM__T_EOF)) {
		if (at(p, SM__T_NAME) && sm__lex_peek(&p->lx)->kind == SM__T_ASSIGN) {
			model_param(p, aut);
			accept(p, SM__T_COMMA);
		} else if (at_clause(p, "start")) {
			start_clause(p, aut);
		} else if (at_clause(p, "after")) {
			after_clause(p, aut);
		} else {
			expected(p, "'start', 'after', a parameter 'NAME = VALUE' or '}' in the "
				    "block after a model");
		}
	}
	expect_closing(p, SM__T_RBRACE, open);
}

/* automaton_decl := 'automaton' NAME [ 'per' keys ] title
 *                   ( 'from' STRING [ model_block ] | '{' { automaton_item } '}' ) */
static void automaton_decl(struct parser *p)
{
	next(p);
	struct sm__ast_property prop = {0};
	prop.kind = SM__PROP_AUTOMATON;
	prop.name = take_name(p, "the automaton's name after 'automaton'");
	per_keys(p, &prop);
	title(p, &prop);
	if (at_word(p, "from")) {
		next(p);
		if (at(p, SM__T_STRING)) {
			dot_model(p, &prop.aut);
			if (at(p, SM__T_LBRACE))
				model_block(p, &prop.aut);
		} else
			expected(p, "the model's file name in quotes after 'from'");
	} else if (at(p, SM__T_LBRACE)) {
		struct sm__loc open = tok(p)->loc;
		next(p);
		while (!at(p, SM__T_RBRACE) && !at(p, SM__T_EOF))
			automaton_item(p, &prop.aut);
		expect_closing(p, SM__T_RBRACE, open);
	} else {
		expected(p, "'{' or 'from \"model.dot\"'");
	}
	SM__PUSH(p->ast->props, p->ast->nprops, p->ast->capprops, prop);
}

/* option_decl := 'option' 'instants' '=' ( 'record' | 'timestamp' )
 * Given twice, the values must agree: a spec cannot say both. */
static void option_decl(struct parser *p)
{
	next(p);
	if (!at_word(p, "instants")) {
		expected(p, "an option name (instants)");
		return;
	}
	next(p);
	expect(p, SM__T_ASSIGN, " after 'option instants'");
	struct sm__loc at = tok(p)->loc;
	bool timestamp = at_word(p, "timestamp");
	if (!timestamp && !at_word(p, "record")) {
		expected(p, "'timestamp' or 'record' (what one instant is)");
		return;
	}
	next(p);
	if (p->ast->instants_set && p->ast->instants_timestamp != timestamp) {
		uint32_t line, col;
		sm__source_linecol(p->ast->instants_loc.src, p->ast->instants_loc.off, &line, &col);
		sm__lex_error(&p->lx, at, "'option instants' was set otherwise at line %u", line);
		return;
	}
	p->ast->instants_set = true;
	p->ast->instants_timestamp = timestamp;
	p->ast->instants_loc = at;
}

/* clock_decl := 'clock' NAME '=' clock_expr */
static void clock_decl(struct parser *p)
{
	next(p);
	struct sm__ast_clock c = {0};
	c.name = take_name(p, "the clock's name after 'clock'");
	expect(p, SM__T_ASSIGN, " after the clock's name (clock NAME = EXPRESSION)");
	c.expr = clock_expr(p);
	SM__PUSH(p->ast->clocks, p->ast->nclocks, p->ast->capclocks, c);
}

/* def_decl := 'def' NAME '(' [ NAME { ',' NAME } ] ')' '=' expr */
static void def_decl(struct parser *p)
{
	next(p);
	struct sm__ast_def def = {0};
	def.name = take_name(p, "the helper's name after 'def'");
	struct sm__loc open = tok(p)->loc;
	expect(p, SM__T_LPAREN, " and the helper's parameters after its name");
	if (!at(p, SM__T_RPAREN) && !p->lx.failed)
		do {
			struct sm__ast_name n = take_name(p, "a parameter name");
			SM__PUSH(def.params, def.nparams, def.capparams, n);
		} while (accept(p, SM__T_COMMA));
	expect_closing(p, SM__T_RPAREN, open);
	expect(p, SM__T_ASSIGN, " and the helper's expression after its parameters");
	def.body = expr(p);
	SM__PUSH(p->ast->defs, p->ast->ndefs, p->ast->capdefs, def);
}

/* Includes nest at most this deep (a chain of distinct files). */
#define MAX_INCLUDE_LEVELS 32

void sm__library_folders(struct sm__buf *dirs)
{
	const char *env = getenv("SPECMON_PATH");
	if (env && *env)
		sm__buf_printf(dirs, "%s:", env);
#ifdef SM_SPECS_DIR
	sm__buf_printf(dirs, "%s:", SM_SPECS_DIR);
#endif
#ifdef SM_INSTALLED_SPECS_DIR
	sm__buf_adds(dirs, SM_INSTALLED_SPECS_DIR);
#endif
}

/* dir/rel if it exists (dir "" is the current folder). */
static bool try_folder(const char *dir, size_t len, const char *rel, struct sm__buf *path)
{
	path->len = 0;
	if (len)
		sm__buf_printf(path, "%.*s%s", (int)len, dir, dir[len - 1] == '/' ? "" : "/");
	sm__buf_adds(path, rel);
	struct stat st;
	return stat(path->data, &st) == 0;
}

/* Find `include "rel"`: next to the including file, then in the library
 * folders.  False with the folders searched in *tried. */
static bool find_include(struct parser *p, const char *rel, struct sm__buf *path,
			 struct sm__buf *tried)
{
	const char *name = p->lx.src->name, *slash = strrchr(name, '/');
	size_t own = slash ? (size_t)(slash - name) + 1 : 0;
	if (rel[0] == '/' || try_folder(name, own, rel, path))
		return true;
	sm__buf_printf(tried, "%.*s", (int)own, own ? name : ".");
	struct sm__buf dirs = {0};
	sm__library_folders(&dirs);
	bool found = false;
	for (const char *d = dirs.data; d && *d && !found;) {
		size_t len = strcspn(d, ":");
		if (len) {
			found = try_folder(d, len, rel, path);
			sm__buf_printf(tried, ", %.*s", (int)len, d);
		}
		d += len + (d[len] == ':');
	}
	sm__buf_free(&dirs);
	return found;
}

/* "a.sm -> b.sm -> a.sm": the includes open from the top file to here. */
static void include_chain(const struct parser *p, struct sm__buf *b)
{
	if (p->outer)
		include_chain(p->outer, b);
	sm__buf_printf(b, "%s -> ", p->lx.src->name);
}

/* A cycle or a second include of one file: an error, true. */
static bool include_again(struct parser *p, const struct stat *st, struct sm__loc at,
			  const char *path)
{
	for (const struct parser *q = p; q; q = q->outer)
		if (q->file && q->file->dev == st->st_dev && q->file->ino == st->st_ino) {
			struct sm__buf chain = {0};
			include_chain(p, &chain);
			sm__lex_error(&p->lx, at, "include cycle: %s%s", chain.data, path);
			sm__buf_free(&chain);
			return true;
		}
	for (size_t k = 0; k < *p->nseen; k++) {
		const struct included *f = &(*p->seen)[k];
		if (f->dev != st->st_dev || f->ino != st->st_ino || !f->at.src)
			continue;
		uint32_t line, col;
		sm__source_linecol(f->at.src, f->at.off, &line, &col);
		sm__lex_error(&p->lx, at, "'%s' is included twice (first at %s:%u:%u)", path,
			      f->at.src->name, line, col);
		return true;
	}
	return false;
}

static void parse_file(struct parser *p, const struct sm__source *src, struct included *file);

/* Read an included file into the same tree, with its own lexer. */
static void include_file(struct parser *p, const char *path, struct sm__loc at)
{
	struct stat st;
	int err = stat(path, &st) != 0 ? errno : 0;
	if (err || !S_ISREG(st.st_mode)) { /* not a FIFO or a device: it may never end */
		sm__lex_error(&p->lx, at, "cannot include '%s': %s", path,
			      err ? sm__source_strerror(err) : "not a regular file");
		return;
	}
	if (include_again(p, &st, at, path))
		return;
	struct sm__source *src = sm__source_load(path);
	if (!src) {
		sm__lex_error(&p->lx, at, "cannot include '%s': %s", path,
			      sm__source_strerror(errno));
		return;
	}
	SM__PUSH(p->ast->includes, p->ast->nincludes, p->ast->capincludes, src);
	struct included f = {st.st_dev, st.st_ino, at};
	SM__PUSH(*p->seen, *p->nseen, *p->capseen, f);
	struct parser inner = {.ast = p->ast, .d = p->d, .outer = p, .levels = p->levels + 1,
			       .seen = p->seen, .nseen = p->nseen, .capseen = p->capseen};
	size_t before = p->d->nerrors;
	parse_file(&inner, src, &f);
	if (p->d->nerrors > before) {
		sm__note(p->d, at, "in the file included here");
		p->lx.failed = true, p->lx.tok.kind = SM__T_EOF;
	}
}

/* include_decl := 'include' STRING */
static void include_decl(struct parser *p)
{
	next(p);
	if (!at(p, SM__T_STRING)) {
		expected(p, "the included file's name in quotes after 'include'");
		return;
	}
	struct sm__loc at = tok(p)->loc;
	size_t len;
	char *rel = sm__lex_string_value(tok(p), &len);
	next(p);
	struct sm__buf path = {0}, tried = {0};
	if (p->levels >= MAX_INCLUDE_LEVELS)
		sm__lex_error(&p->lx, at, "includes nested too deeply (more than %d levels)",
			      MAX_INCLUDE_LEVELS);
	else if (strlen(rel) != len || !len)
		sm__lex_error(&p->lx, at, "not a file name");
	else if (!find_include(p, rel, &path, &tried))
		sm__lex_error(&p->lx, at, "cannot find '%s' (searched: %s)", rel, tried.data);
	else
		include_file(p, path.data, at);
	free(rel);
	sm__buf_free(&path);
	sm__buf_free(&tried);
}

/* declaration := spec_decl | const_decl | event_decl | property_decl
 *              | automaton_decl | clock_decl | option_decl | def_decl
 *              | include_decl */
static void declaration(struct parser *p)
{
	switch (tok(p)->kind) {
	case SM__T_SPEC: spec_decl(p); break;
	case SM__T_CONST: const_decl(p); break;
	case SM__T_EVENT: event_decl(p); break;
	case SM__T_PROPERTY: property_decl(p); break;
	case SM__T_AUTOMATON: automaton_decl(p); break;
	case SM__T_OPTION: option_decl(p); break;
	case SM__T_CLOCK: clock_decl(p); break;
	default:
		if (at_word(p, "def"))
			def_decl(p);
		else if (at_word(p, "include"))
			include_decl(p);
		else
			expected(p, "a declaration (spec, include, const, def, event, clock, "
				    "property or automaton)");
		break;
	}
}

/* spec := { declaration } EOF */
static void parse_file(struct parser *p, const struct sm__source *src, struct included *file)
{
	p->file = file;
	sm__lex_init(&p->lx, src, p->d);
	while (!at(p, SM__T_EOF))
		declaration(p);
}

bool sm__parse(const struct sm__source *src, struct sm__ast *ast, struct sm__diags *d)
{
	struct included *seen = NULL;
	size_t nseen = 0, capseen = 0;
	struct parser p = {.ast = ast, .d = d, .seen = &seen, .nseen = &nseen,
			   .capseen = &capseen};
	memset(ast, 0, sizeof *ast);
	ast->src = src;
	size_t before = d->nerrors;
	/* The top file, when it is on disk, is part of any include cycle. */
	struct stat st;
	struct included top = {0};
	bool on_disk = stat(src->name, &st) == 0;
	if (on_disk)
		top = (struct included){st.st_dev, st.st_ino, {0}};
	parse_file(&p, src, on_disk ? &top : NULL);
	free(seen);
	return d->nerrors == before;
}

/* ---- freeing ---- */

void sm__expr_free(struct sm__expr *e)
{
	if (!e)
		return;
	sm__expr_free(e->a);
	sm__expr_free(e->b);
	if (e->op == SM__E_STR)
		free((char *)e->s.ptr);
	free(e);
}

void sm__clock_expr_free(struct sm__clock_expr *c)
{
	if (!c)
		return;
	sm__clock_expr_free(c->a);
	sm__clock_expr_free(c->b);
	free(c->word);
	free(c);
}

void sm__ast_automaton_free(struct sm__ast_automaton *aut)
{
	for (size_t k = 0; k < aut->nedges; k++) {
		sm__expr_free(aut->edges[k].guard);
		for (size_t a = 0; a < aut->edges[k].nactions; a++)
			sm__expr_free(aut->edges[k].actions[a].value);
		free(aut->edges[k].actions);
	}
	free(aut->edges);
	for (size_t k = 0; k < aut->nvars; k++)
		sm__expr_free(aut->vars[k].init);
	free(aut->vars);
	free(aut->clocks);
	for (size_t k = 0; k < aut->ninvariants; k++)
		sm__expr_free(aut->invariants[k].cond);
	free(aut->invariants);
	free(aut->states);
	for (size_t k = 0; k < aut->nparams; k++)
		sm__expr_free(aut->params[k].value);
	free(aut->params);
	sm__source_free(aut->model);
	memset(aut, 0, sizeof *aut);
}

void sm__fetch_free(struct sm__fetch *f)
{
	while (f) { /* a chain: the parser bounds its length, not the stack here */
		struct sm__fetch *a = f->a;
		free(f->path);
		free(f);
		f = a;
	}
}

void sm__ast_free(struct sm__ast *ast)
{
	for (size_t k = 0; k < ast->nconsts; k++)
		sm__expr_free(ast->consts[k].value);
	free(ast->consts);
	for (size_t k = 0; k < ast->nevents; k++) {
		struct sm__ast_event *ev = &ast->events[k];
		for (size_t b = 0; b < ev->nbindings; b++) {
			free(ev->bindings[b].regex);
			free(ev->bindings[b].renames);
			for (size_t f = 0; f < ev->bindings[b].nfetches; f++)
				sm__fetch_free(ev->bindings[b].fetches[f].fetch);
			free(ev->bindings[b].fetches);
		}
		free(ev->bindings);
		free(ev->fields);
		sm__expr_free(ev->where);
	}
	free(ast->events);
	for (size_t k = 0; k < ast->nclocks; k++)
		sm__clock_expr_free(ast->clocks[k].expr);
	free(ast->clocks);
	for (size_t k = 0; k < ast->nprops; k++) {
		sm__clock_expr_free(ast->props[k].rel.ca);
		sm__clock_expr_free(ast->props[k].rel.cb);
		free(ast->props[k].keys);
		free(ast->props[k].title);
		sm__ast_automaton_free(&ast->props[k].aut);
	}
	free(ast->props);
	for (size_t k = 0; k < ast->ndefs; k++) {
		free(ast->defs[k].params);
		sm__expr_free(ast->defs[k].body);
	}
	free(ast->defs);
	for (size_t k = 0; k < ast->nincludes; k++)
		sm__source_free(ast->includes[k]);
	free(ast->includes);
	free(ast->title);
	memset(ast, 0, sizeof *ast);
}
