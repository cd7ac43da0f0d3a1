/*
 * dot.c: reads a Linux RV automaton model written in DOT into an
 * automaton AST (DESIGN.md §2.4, "Linux RV models are imported unchanged").
 *
 * A small tokenizer and a recursive-descent parser read the DOT grammar
 * (statements in any layout, attribute lists, nested braces, comments);
 * the meaning given to the graph is the one the kernel's rvgen gives it
 * (shared/linux-rv/PARSER-NOTES.md):
 *   - a node statement with a shape, its own or a `node [shape = ...]`
 *     default in scope, declares a state; `doublecircle` and `ellipse`
 *     make it final; a state may be declared several times; edges
 *     declare nothing (rvgen reads states from node lines only);
 *   - the node `__init_X` names the initial state X; the edge
 *     `"__init_X" -> "X"` only draws the arrow;
 *   - an edge label is cut at each backslash-n, as written in the file,
 *     into events, each written `event[;guard][;reset(clock)]`;
 *   - a state's label is `name[\ninvariant]`;
 *   - the hybrid parts become what an inline automaton writes: a reset
 *     the edge's action, an invariant the state's, and the clocks they
 *     name are declared (DESIGN.md §2.4);
 *   - every other attribute and statement (`color`, `size`, the rank
 *     block, ...) is a drawing hint and is ignored.
 * Where rvgen would silently read a model differently from its drawing
 * (a ',' in a name, the same event twice on edges leaving one state, a
 * label not naming its state), we report an error instead.
 *
 * Names and texts are spans into the source; nothing is copied.
 */
#include "ast.h"
#include "names.h"
#include "parse.h" /* sm__parse_expr_at: invariants */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MARKER "__init_"
#define MARKER_LEN (sizeof MARKER - 1)
/* The parser recurses once per brace level: bound it. */
#define MAX_DEPTH 64
/* Bytes of input text quoted in a message, at most. */
#define SHOW_MAX 48

enum tok_kind {
	T_EOF,
	T_ERROR,  /* the lexer has reported it; it matches nothing */
	T_ID,     /* bare: letters, digits, '_', '.', bytes >= 0x80; numerals */
	T_STRING, /* "quoted"; the token includes the quotes */
	T_ARROW, T_LBRACE, T_RBRACE, T_LBRACKET, T_RBRACKET, T_SEMI, T_COMMA,
	T_EQUALS,
};

struct token {
	enum tok_kind kind;
	uint32_t off, len;
};

enum shape { SHAPE_NONE, SHAPE_PLAIN, SHAPE_FINAL };

/* The attributes of one statement that mean something (src NULL: absent). */
struct attrs {
	struct sm__loc shape, label;
};

/*
 * A node named again after (or before) its declaration: a state's label
 * line, or the source of the `__init_` arrow.  Checked once the whole
 * graph is read, since DOT does not order declarations and uses.
 */
struct ref {
	struct sm__loc name;
	struct sm__loc invariant; /* len 0: none */
};

struct parser {
	const struct sm__source *src;
	struct sm__diags *d;
	struct sm__ast_automaton *aut;
	struct token tok;      /* the current token */
	uint32_t pos;          /* where the lexer reads next */
	unsigned depth;        /* braces open */
	struct sm__loc graph;  /* the 'digraph' keyword */
	struct sm__loc marker; /* the first "__init_X" declared (src NULL: none) */
	struct ref *refs;
	size_t nrefs, caprefs;
	struct sm__names states; /* name -> index in aut->states */
};

/* A syntax error at the current token; silent on the lexer's error token,
 * which was reported when it was read. */
#define SYNTAX_ERROR(p, ...)                                                  \
	do {                                                                   \
		if ((p)->tok.kind != T_ERROR)                                  \
			sm__error((p)->d, tok_loc(p), __VA_ARGS__);             \
	} while (0)

/* ---- spans and messages ---- */

static struct sm__loc loc_at(const struct parser *p, uint32_t off, uint32_t len)
{
	return (struct sm__loc){p->src, off, len};
}

static bool same_text(struct sm__loc a, struct sm__loc b)
{
	return sm__str_eq_str(sm__loc_text(a), sm__loc_text(b));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Labels are free text; rvgen drops their spaces, we only trim them. */
static struct sm__loc trim(struct sm__loc loc)
{
	const char *t = loc.src->text;
	while (loc.len > 0 && is_blank(t[loc.off])) {
		loc.off++;
		loc.len--;
	}
	while (loc.len > 0 && is_blank(t[loc.off + loc.len - 1]))
		loc.len--;
	return loc;
}

/*
 * Cut *rest at the first `sep`: the text before it goes to *piece and
 * *rest moves past it.  Once no separator is left, *rest itself is the
 * last piece and rest->src becomes NULL.  False when nothing is left.
 */
static bool cut(struct sm__loc *rest, const char *sep, struct sm__loc *piece)
{
	if (!rest->src)
		return false;
	const char *t = rest->src->text + rest->off;
	size_t n = strlen(sep), k = 0;
	while (k + n <= rest->len && memcmp(t + k, sep, n) != 0)
		k++;
	*piece = *rest;
	if (k + n > rest->len) {
		rest->src = NULL;
		return true;
	}
	piece->len = (uint32_t)k;
	rest->off += (uint32_t)(k + n);
	rest->len -= (uint32_t)(k + n);
	return true;
}

/*
 * Input text fit for a message: escaped, since names may hold any byte,
 * and cut short.  Returned by value so that show(x).s can be an argument
 * of sm__error (C11 keeps the array alive for the full expression).
 */
struct shown {
	char s[SHOW_MAX * 4 + sizeof "..."];
};

static struct shown show(struct sm__loc loc)
{
	struct sm__str text = sm__loc_text(loc);
	struct sm__buf b = {0};
	sm__buf_add_escaped(&b, text.ptr, text.len < SHOW_MAX ? text.len : SHOW_MAX);
	if (text.len > SHOW_MAX)
		sm__buf_adds(&b, "...");
	struct shown r;
	memcpy(r.s, b.data ? b.data : "", b.len + 1);
	sm__buf_free(&b);
	return r;
}

static uint32_t line_of(struct sm__loc loc)
{
	uint32_t line, col;
	sm__source_linecol(loc.src, loc.off, &line, &col);
	return line;
}

/* ---- tokenizer ---- */

static bool starts_with(const struct parser *p, uint32_t off, const char *lit)
{
	size_t n = strlen(lit);
	return off + n <= p->src->len && memcmp(p->src->text + off, lit, n) == 0;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* DOT's bare IDs also take '.' (numerals) and any non-ASCII byte. */
static bool is_id_char(char c)
{
	return is_word_char(c) || c == '.' || (unsigned char)c >= 0x80;
}

/* DOT discards a line starting with '#': C preprocessor output. */
static bool at_line_start(const struct parser *p, uint32_t off)
{
	const char *t = p->src->text;
	while (off > 0 && (t[off - 1] == ' ' || t[off - 1] == '\t'))
		off--;
	return off == 0 || t[off - 1] == '\n';
}

static void skip_line(struct parser *p)
{
	while (p->pos < p->src->len && p->src->text[p->pos] != '\n')
		p->pos++;
}

static bool skip_block_comment(struct parser *p)
{
	uint32_t open = p->pos;
	p->pos += 2;
	while (p->pos < p->src->len && !starts_with(p, p->pos, "*/"))
		p->pos++;
	if (p->pos >= p->src->len) {
		sm__error(p->d, loc_at(p, open, 2), "unterminated comment");
		return false;
	}
	p->pos += 2;
	return true;
}

/* Blanks and comments: `//` and `#` to the end of the line, slash-star
 * to star-slash.  False after reporting an unterminated comment. */
static bool skip_blanks(struct parser *p)
{
	while (p->pos < p->src->len) {
		char c = p->src->text[p->pos];
		if (is_blank(c))
			p->pos++;
		else if (starts_with(p, p->pos, "//") ||
			 (c == '#' && at_line_start(p, p->pos)))
			skip_line(p);
		else if (starts_with(p, p->pos, "/*")) {
			if (!skip_block_comment(p))
				return false;
		} else
			break;
	}
	return true;
}

/* A string ends at the first '"' not escaped by a backslash.  A backslash
 * escapes whatever byte follows it, so "a\\" is complete: an escaped
 * backslash, then the closing quote. */
static enum tok_kind lex_string(struct parser *p)
{
	size_t k = p->pos + 1;
	while (k < p->src->len && p->src->text[k] != '"')
		k += p->src->text[k] == '\\' ? 2 : 1;
	if (k >= p->src->len) {
		sm__error(p->d, loc_at(p, p->pos, 1), "unterminated string");
		return T_ERROR;
	}
	p->pos = (uint32_t)k + 1;
	return T_STRING;
}

/* A bare ID, or a numeral such as `-1.5` (a leading '-' is allowed). */
static enum tok_kind lex_id(struct parser *p)
{
	p->pos++;
	while (p->pos < p->src->len && is_id_char(p->src->text[p->pos]))
		p->pos++;
	return T_ID;
}

static enum tok_kind lex_punct(struct parser *p, enum tok_kind kind, uint32_t len)
{
	p->pos += len;
	return kind;
}

static enum tok_kind lex(struct parser *p)
{
	if (p->pos >= p->src->len)
		return T_EOF;
	const char *t = p->src->text + p->pos;
	switch (t[0]) {
	case '{': return lex_punct(p, T_LBRACE, 1);
	case '}': return lex_punct(p, T_RBRACE, 1);
	case '[': return lex_punct(p, T_LBRACKET, 1);
	case ']': return lex_punct(p, T_RBRACKET, 1);
	case ';': return lex_punct(p, T_SEMI, 1);
	case ',': return lex_punct(p, T_COMMA, 1);
	case '=': return lex_punct(p, T_EQUALS, 1);
	case '"': return lex_string(p);
	}
	if (starts_with(p, p->pos, "->"))
		return lex_punct(p, T_ARROW, 2);
	bool numeral = t[0] == '-' && p->pos + 1 < p->src->len &&
		       ((t[1] >= '0' && t[1] <= '9') || t[1] == '.');
	if (numeral || is_id_char(t[0]))
		return lex_id(p);
	sm__error(p->d, loc_at(p, p->pos, 1), "unexpected character '%s'",
		  show(loc_at(p, p->pos, 1)).s);
	return T_ERROR;
}

static void next(struct parser *p)
{
	if (!skip_blanks(p)) {
		p->tok = (struct token){T_ERROR, p->pos, 0};
		return;
	}
	uint32_t start = p->pos;
	enum tok_kind kind = lex(p);
	p->tok = (struct token){kind, start, p->pos - start};
}

static struct sm__loc tok_loc(const struct parser *p)
{
	return loc_at(p, p->tok.off, p->tok.len);
}

static bool is_id(const struct parser *p)
{
	return p->tok.kind == T_ID || p->tok.kind == T_STRING;
}

/* What an ID token stands for: a string without its quotes. */
static struct sm__loc tok_value(const struct parser *p)
{
	if (p->tok.kind == T_STRING)
		return loc_at(p, p->tok.off + 1, p->tok.len - 2);
	return tok_loc(p);
}

/* DOT keywords are bare and case-insensitive: "node" in quotes is a node. */
static bool is_keyword(const struct parser *p, const char *kw)
{
	return p->tok.kind == T_ID && p->tok.len == strlen(kw) &&
	       strncasecmp(p->src->text + p->tok.off, kw, p->tok.len) == 0;
}

/* ---- what the statements mean ---- */

static bool is_identifier(struct sm__str s)
{
	if (s.len == 0 || (s.ptr[0] >= '0' && s.ptr[0] <= '9'))
		return false;
	for (size_t k = 0; k < s.len; k++)
		if (!is_word_char(s.ptr[k]))
			return false;
	return true;
}

/*
 * State, event and clock names must be C identifiers: rvgen turns them
 * into C names, and our specs name events and states with identifiers.
 * rvgen would silently turn a ',' into '_', so that gets its own message.
 */
static bool check_name(struct parser *p, struct sm__loc loc, const char *what)
{
	struct sm__str s = sm__loc_text(loc);
	if (s.len == 0) {
		sm__error(p->d, loc, "missing %s", what);
		return false;
	}
	if (memchr(s.ptr, ',', s.len)) {
		sm__error(p->d, loc, "%s \"%s\" is not supported: rvgen would turn ',' into '_'",
			  what, show(loc).s);
		return false;
	}
	if (!is_identifier(s)) {
		sm__error(p->d, loc, "%s \"%s\" is not an identifier", what, show(loc).s);
		return false;
	}
	return true;
}

static struct sm__ast_name name_at(struct sm__loc loc)
{
	return (struct sm__ast_name){sm__loc_text(loc), loc};
}

static bool is_marker(struct sm__loc id)
{
	return id.len >= MARKER_LEN && memcmp(sm__loc_text(id).ptr, MARKER, MARKER_LEN) == 0;
}

/* The X of "__init_X". */
static struct sm__loc marked_state(struct sm__loc marker)
{
	marker.off += MARKER_LEN;
	marker.len -= MARKER_LEN;
	return marker;
}

static enum shape shape_of(struct sm__loc value)
{
	struct sm__str s = sm__loc_text(value);
	bool final = sm__str_eq(s, "doublecircle") || sm__str_eq(s, "ellipse");
	return final ? SHAPE_FINAL : SHAPE_PLAIN;
}

/* A hash lookup: a model near the state limit must still load in time. */
static struct sm__ast_state *find_state(struct parser *p, struct sm__loc name)
{
	int k = sm__names_get(&p->states, sm__loc_text(name));
	return k < 0 ? NULL : &p->aut->states[k];
}

static void declare_state(struct parser *p, struct sm__loc id, bool final)
{
	struct sm__ast_state *st = find_state(p, id);
	if (st) {
		st->final = st->final || final;
	} else {
		/* A bad name is still recorded: its uses then raise no
		 * second error. */
		check_name(p, id, "state name");
		struct sm__ast_state fresh = {.name = name_at(id), .final = final};
		sm__names_put(&p->states, fresh.name.name, (int)p->aut->nstates);
		SM__PUSH(p->aut->states, p->aut->nstates, p->aut->capstates, fresh);
	}
	if (final)
		p->aut->has_final = true;
}

/* A model has one initial state: a second, different marker would leave
 * it to the order of rvgen's reading which one wins. */
static void declare_marker(struct parser *p, struct sm__loc id)
{
	if (!p->marker.src) {
		p->marker = id;
		p->aut->initial = name_at(marked_state(id));
	} else if (!same_text(p->marker, id)) {
		sm__error(p->d, id, "a second initial-state marker \"%s\" (\"%s\" is at line %u)",
			  show(id).s, show(p->marker).s, line_of(p->marker));
	}
}

/* The label of a state: its name, then at most one invariant after a
 * backslash-n (rvgen reads no more). */
static void read_state_label(struct parser *p, struct sm__loc id, struct sm__loc label)
{
	struct sm__loc rest = label, piece[3];
	int n = 0;
	while (n < 3 && cut(&rest, "\\n", &piece[n]))
		n++;
	if (!same_text(trim(piece[0]), id)) {
		sm__error(p->d, piece[0], "the label of state \"%s\" must start with its name",
			  show(id).s);
		return;
	}
	if (n == 3) {
		sm__error(p->d, piece[2], "the label of state \"%s\" has more than one invariant",
			  show(id).s);
		return;
	}
	struct ref r = {.name = id};
	if (n == 2) {
		r.invariant = trim(piece[1]);
		if (r.invariant.len == 0) {
			sm__error(p->d, piece[1],
				  "expected an invariant after '\\n' in the label of state \"%s\"",
				  show(id).s);
			return;
		}
	}
	SM__PUSH(p->refs, p->nrefs, p->caprefs, r);
}

/*
 * A node statement with a shape declares a state (or the `__init_`
 * marker); one with a label gives a state's label.  Others, such as the
 * rank block's, only place nodes in the drawing.
 */
static void add_node(struct parser *p, struct sm__loc id, enum shape shape,
		     const struct attrs *a)
{
	if (is_marker(id)) {
		if (shape != SHAPE_NONE)
			declare_marker(p, id);
		return;
	}
	if (shape != SHAPE_NONE)
		declare_state(p, id, shape == SHAPE_FINAL);
	if (a->label.src)
		read_state_label(p, id, a->label);
}

/* Where the '(' of a `reset (` is in s, or 0 when s is not a reset.
 * Blanks may come before it: rvgen drops every space of a label. */
static size_t reset_paren(struct sm__str s)
{
	if (s.len < 5 || memcmp(s.ptr, "reset", 5) != 0)
		return 0;
	size_t k = 5;
	while (k < s.len && is_blank(s.ptr[k]))
		k++;
	return k < s.len && s.ptr[k] == '(' ? k : 0;
}

/* reset(CLOCK): `part` is trimmed and reset_paren() found its '('. */
static bool check_reset(struct parser *p, struct sm__loc part, size_t paren,
			struct sm__loc *clock)
{
	if (sm__loc_text(part).ptr[part.len - 1] != ')') {
		sm__error(p->d, part, "expected ')' to close 'reset('");
		return false;
	}
	*clock = trim((struct sm__loc){part.src, part.off + (uint32_t)paren + 1,
				       part.len - (uint32_t)paren - 2});
	return check_name(p, *clock, "clock name");
}

/* A model declares its clocks by naming them: in a reset or an invariant. */
static void declare_clock(struct parser *p, struct sm__loc name)
{
	struct sm__ast_automaton *aut = p->aut;
	for (size_t k = 0; k < aut->nclocks; k++)
		if (same_text(aut->clocks[k].loc, name))
			return;
	SM__PUSH(aut->clocks, aut->nclocks, aut->capclocks, name_at(name));
}

/* One part of a label piece after a ';': a reset or a guard, kept as text
 * for the resolver; an event has at most one of each. */
static bool read_edge_part(struct parser *p, struct sm__ast_edge *e, struct sm__loc part)
{
	struct sm__loc text = trim(part);
	if (text.len == 0) {
		sm__error(p->d, part, "expected a guard or reset(clock) after ';'");
		return false;
	}
	size_t paren = reset_paren(sm__loc_text(text));
	struct sm__loc *slot = paren ? &e->reset : &e->guard_text;
	if (slot->len) {
		sm__error(p->d, text, "a second %s for event \"%s\"", paren ? "reset" : "guard",
			  show(e->event.loc).s);
		return false;
	}
	*slot = text;
	if (!paren)
		return true;
	/* reset(clk) is the edge's action, as `do reset(clk)` inline. */
	struct sm__loc clock;
	if (!check_reset(p, text, paren, &clock))
		return false;
	declare_clock(p, clock);
	struct sm__ast_action a = {.target = name_at(clock), .loc = text};
	SM__PUSH(e->actions, e->nactions, e->capactions, a);
	return true;
}

/* One piece of an edge label: `event[;part[;part]]`, one transition. */
static void add_transition(struct parser *p, struct sm__ast_edge e, struct sm__loc piece)
{
	struct sm__loc rest = piece, part[4];
	int n = 0;
	while (n < 4 && cut(&rest, ";", &part[n]))
		n++;
	if (n == 4) {
		sm__error(p->d, part[3],
			  "too many ';' parts: rvgen reads \"event;guard;reset(clock)\" at most");
		return;
	}
	e.loc = piece;
	e.event = name_at(trim(part[0]));
	if (!check_name(p, e.event.loc, "event name"))
		return;
	for (int k = 1; k < n; k++)
		if (!read_edge_part(p, &e, part[k])) {
			free(e.actions);
			return;
		}
	SM__PUSH(p->aut->edges, p->aut->nedges, p->aut->capedges, e);
}

/* `"__init_X" -> "X"` draws the initial arrow; it must agree with the
 * marker, and its source must be the declared marker (checked later). */
static void add_initial_arrow(struct parser *p, struct sm__loc from, struct sm__loc to)
{
	if (!same_text(marked_state(from), to)) {
		sm__error(p->d, to, "the edge from \"%s\" must lead to \"%s\"", show(from).s,
			  show(marked_state(from)).s);
		return;
	}
	struct ref r = {.name = from};
	SM__PUSH(p->refs, p->nrefs, p->caprefs, r);
}

/* An edge statement: the initial arrow, or one transition per event of its
 * label (events are cut at backslash-n, as written in the file). */
static void add_edge(struct parser *p, struct sm__loc from, struct sm__loc to,
		     const struct attrs *a, struct sm__loc whole)
{
	if (is_marker(from)) {
		add_initial_arrow(p, from, to);
		return;
	}
	if (!a->label.src) {
		sm__error(p->d, whole,
			  "edge \"%s\" -> \"%s\" has no label: expected [label = \"event\"]",
			  show(from).s, show(to).s);
		return;
	}
	struct sm__ast_edge e = {.from = name_at(from), .to = name_at(to)};
	struct sm__loc rest = a->label, piece;
	while (cut(&rest, "\\n", &piece))
		add_transition(p, e, piece);
}

/* ---- parser ---- */

static bool parse_block(struct parser *p, enum shape defaults);

static bool starts_stmt(enum tok_kind kind)
{
	return kind == T_ID || kind == T_STRING || kind == T_LBRACE;
}

/* What may follow a statement: DOT needs no ';' between statements. */
static bool ends_stmt(enum tok_kind kind)
{
	return kind == T_SEMI || kind == T_RBRACE || kind == T_EOF || starts_stmt(kind);
}

static bool parse_value(struct parser *p, struct sm__loc *value)
{
	/* value -> '=' ID */
	next(p);
	if (!is_id(p)) {
		SYNTAX_ERROR(p, "expected a value after '='");
		return false;
	}
	*value = tok_value(p);
	next(p);
	return true;
}

static bool parse_attr(struct parser *p, struct attrs *a)
{
	/* attr -> ID value [',' | ';'] */
	if (!is_id(p)) {
		SYNTAX_ERROR(p, "expected an attribute name or ']'");
		return false;
	}
	struct sm__loc name = tok_value(p), value;
	next(p);
	if (p->tok.kind != T_EQUALS) {
		SYNTAX_ERROR(p, "expected '=' after attribute \"%s\"", show(name).s);
		return false;
	}
	if (!parse_value(p, &value))
		return false;
	/* As in DOT, the last value of an attribute wins. */
	struct sm__str s = sm__loc_text(name);
	if (sm__str_eq(s, "shape"))
		a->shape = value;
	else if (sm__str_eq(s, "label"))
		a->label = value;
	if (p->tok.kind == T_COMMA || p->tok.kind == T_SEMI)
		next(p);
	return true;
}

static bool parse_attr_lists(struct parser *p, struct attrs *a)
{
	/* attr_lists -> { '[' { attr } ']' } */
	while (p->tok.kind == T_LBRACKET) {
		next(p);
		while (p->tok.kind != T_RBRACKET)
			if (!parse_attr(p, a))
				return false;
		next(p);
	}
	return true;
}

static bool parse_edge(struct parser *p, struct sm__loc from, uint32_t start)
{
	/* edge_stmt -> ID '->' ID attr_lists   (after the first ID) */
	next(p);
	if (!is_id(p)) {
		SYNTAX_ERROR(p, "expected a node name after '->'");
		return false;
	}
	struct sm__loc to = tok_value(p);
	struct sm__loc whole = loc_at(p, start, p->tok.off + p->tok.len - start);
	next(p);
	struct attrs a = {0};
	if (!parse_attr_lists(p, &a))
		return false;
	if (p->tok.kind == T_ARROW) {
		SYNTAX_ERROR(p, "chained edges are not supported: write one edge per statement");
		return false;
	}
	add_edge(p, from, to, &a, whole);
	return true;
}

static bool parse_id_stmt(struct parser *p, enum shape defaults)
{
	/* id_stmt -> ID value | ID attr_lists | edge_stmt */
	struct sm__loc id = tok_value(p), ignored;
	uint32_t start = p->tok.off;
	next(p);
	if (p->tok.kind == T_EQUALS)
		return parse_value(p, &ignored); /* a graph attribute */
	if (p->tok.kind == T_ARROW)
		return parse_edge(p, id, start);
	bool bracket = p->tok.kind == T_LBRACKET;
	struct attrs a = {0};
	if (!parse_attr_lists(p, &a))
		return false;
	if (!bracket && !ends_stmt(p->tok.kind)) {
		SYNTAX_ERROR(p, "expected '->' or '[' after node \"%s\"", show(id).s);
		return false;
	}
	add_node(p, id, a.shape.src ? shape_of(a.shape) : defaults, &a);
	return true;
}

static bool parse_defaults(struct parser *p, enum shape *defaults)
{
	/* defaults -> ('graph' | 'node' | 'edge') attr_lists
	 * Only a node shape matters: it makes the node statements after it,
	 * in this block, declare states. */
	bool node = is_keyword(p, "node");
	struct sm__loc keyword = tok_loc(p);
	next(p);
	if (p->tok.kind != T_LBRACKET) {
		SYNTAX_ERROR(p, "expected '[' after '%s'", show(keyword).s);
		return false;
	}
	struct attrs a = {0};
	if (!parse_attr_lists(p, &a))
		return false;
	if (node && a.shape.src)
		*defaults = shape_of(a.shape);
	return true;
}

static bool parse_subgraph(struct parser *p, enum shape defaults)
{
	/* subgraph -> 'subgraph' [ID] block */
	next(p);
	if (is_id(p))
		next(p);
	if (p->tok.kind != T_LBRACE) {
		SYNTAX_ERROR(p, "expected '{' after 'subgraph'");
		return false;
	}
	return parse_block(p, defaults);
}

static bool parse_stmt(struct parser *p, enum shape *defaults)
{
	/* stmt -> block | subgraph | defaults | id_stmt */
	if (p->tok.kind == T_LBRACE)
		return parse_block(p, *defaults);
	if (is_keyword(p, "subgraph"))
		return parse_subgraph(p, *defaults);
	if (is_keyword(p, "node") || is_keyword(p, "edge") || is_keyword(p, "graph"))
		return parse_defaults(p, defaults);
	return parse_id_stmt(p, *defaults);
}

static bool parse_stmt_list(struct parser *p, enum shape *defaults)
{
	/* stmt_list -> { stmt | ';' }   (up to the '}' closing the block) */
	for (;;) {
		if (p->tok.kind == T_RBRACE)
			return true;
		if (p->tok.kind == T_SEMI) {
			next(p);
		} else if (starts_stmt(p->tok.kind)) {
			if (!parse_stmt(p, defaults))
				return false;
		} else {
			SYNTAX_ERROR(p, p->tok.kind == T_EOF
						? "expected '}' before the end of the input"
						: "expected a statement or '}'");
			return false;
		}
	}
}

/* `defaults` is passed by value: as in DOT, a `node [...]` default lasts
 * until the end of its block. */
static bool parse_block(struct parser *p, enum shape defaults)
{
	/* block -> '{' stmt_list '}' */
	if (p->depth == MAX_DEPTH) {
		SYNTAX_ERROR(p, "braces nested more than %d deep", MAX_DEPTH);
		return false;
	}
	p->depth++;
	next(p);
	bool ok = parse_stmt_list(p, &defaults);
	p->depth--;
	if (ok)
		next(p);
	return ok;
}

static bool parse_graph(struct parser *p)
{
	/* graph -> 'digraph' [ID] block EOF */
	if (!is_keyword(p, "digraph")) {
		SYNTAX_ERROR(p, "expected 'digraph'");
		return false;
	}
	p->graph = tok_loc(p);
	next(p);
	if (is_id(p))
		next(p);
	if (p->tok.kind != T_LBRACE) {
		SYNTAX_ERROR(p, "expected '{' to open the graph");
		return false;
	}
	if (!parse_block(p, SHAPE_NONE))
		return false;
	if (p->tok.kind != T_EOF) {
		SYNTAX_ERROR(p, "expected the end of the input after the graph");
		return false;
	}
	return true;
}

/* ---- checks once the whole graph is read ---- */

static void check_initial(struct parser *p)
{
	if (!p->marker.src)
		sm__error(p->d, p->graph,
			  "no initial state: expected a node named \"" MARKER "STATE\"");
	else if (!find_state(p, p->aut->initial.loc))
		sm__error(p->d, p->marker, "initial state \"%s\" is never declared",
			  show(p->aut->initial.loc).s);
}

static void check_ref(struct parser *p, const struct ref *r)
{
	if (is_marker(r->name)) {
		/* No marker at all is reported once, by check_initial. */
		if (p->marker.src && !same_text(r->name, p->marker))
			sm__error(p->d, r->name, "\"%s\" is not the initial-state marker \"%s\"",
				  show(r->name).s, show(p->marker).s);
		return;
	}
	struct sm__ast_state *st = find_state(p, r->name);
	if (!st)
		sm__error(p->d, r->name, "state \"%s\" has a label but is never declared",
			  show(r->name).s);
	else if (r->invariant.len && st->invariant.len)
		sm__error(p->d, r->invariant,
			  "state \"%s\" has a second invariant (first at line %u)",
			  show(r->name).s, line_of(st->invariant));
	else if (r->invariant.len)
		st->invariant = r->invariant;
}

static void check_declared(struct parser *p, struct sm__loc name)
{
	if (!find_state(p, name))
		sm__error(p->d, name, "state \"%s\" is used in an edge but never declared",
			  show(name).s);
}

/* rvgen keeps the last of two transitions for one (state, event) without a
 * word; a model it reads differently from its drawing must not pass. */
static void check_unique_event(struct parser *p, struct sm__names *seen, size_t k)
{
	const struct sm__ast_edge *e = p->aut->edges;
	struct sm__str key[2] = {sm__loc_text(e[k].from.loc), sm__loc_text(e[k].event.loc)};
	int j = sm__names_add(seen, key, 2, (int)k);
	if (j >= 0)
		sm__error(p->d, e[k].event.loc,
			  "event \"%s\" appears twice on edges leaving state \"%s\" (first at line %u)",
			  show(e[k].event.loc).s, show(e[k].from.loc).s, line_of(e[j].event.loc));
}

static void check_edges(struct parser *p)
{
	const struct sm__ast_edge *e = p->aut->edges;
	struct sm__names seen = {0}; /* (from, event) -> first edge */
	for (size_t k = 0; k < p->aut->nedges; k++) {
		/* The events of one edge statement share its ends: check
		 * them once. */
		if (k == 0 || e[k - 1].from.loc.off != e[k].from.loc.off) {
			check_declared(p, e[k].from.loc);
			check_declared(p, e[k].to.loc);
		}
		check_unique_event(p, &seen, k);
	}
	sm__names_free(&seen);
}

/* A state's "\nclk < N" is its invariant, as `invariant STATE: clk < N`
 * inline; the resolver checks its form and binds N. */
static void add_invariants(struct parser *p)
{
	struct sm__ast_automaton *aut = p->aut;
	for (size_t k = 0; k < aut->nstates; k++) {
		const struct sm__ast_state *st = &aut->states[k];
		if (!st->invariant.len)
			continue;
		struct sm__expr *cond = sm__parse_expr_at(st->invariant, p->d);
		if (!cond)
			continue;
		if ((cond->op == SM__E_LT || cond->op == SM__E_LE) && cond->a->op == SM__E_NAME)
			declare_clock(p, cond->a->loc);
		struct sm__ast_invariant inv = {st->name, cond};
		SM__PUSH(aut->invariants, aut->ninvariants, aut->capinvariants, inv);
	}
}

bool sm__dot_read(const struct sm__source *src, struct sm__ast_automaton *aut,
		  struct sm__diags *d)
{
	size_t errors = d->nerrors;
	/* Locations are 32-bit offsets; half the range keeps every sum of
	 * an offset and a length from wrapping. */
	if (src->len > INT32_MAX) {
		sm__error(d, ((struct sm__loc){src, 0, 0}), "model too large: over 2 GiB");
		return false;
	}
	struct parser p = {.src = src, .d = d, .aut = aut};
	next(&p);
	if (parse_graph(&p)) {
		check_initial(&p);
		for (size_t k = 0; k < p.nrefs; k++)
			check_ref(&p, &p.refs[k]);
		check_edges(&p);
		add_invariants(&p);
	}
	free(p.refs);
	sm__names_free(&p.states);
	return d->nerrors == errors;
}
