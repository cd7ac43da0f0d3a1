/*
 * c_gen.c: a resolved spec as C (`specmon gen c`, doc/gen.md).
 *
 * The generated source is the spec's tables (events and their derived
 * families, key slots, automata's edges in the order they are tried,
 * relations' clock nodes), its expressions compiled to C (filters, guards,
 * actions: one switch each), and the runtime of src/gen/runtime/, which steps
 * them as the engine does (src/engine: the same instants, dispatch,
 * three-valued logic and deadlines).  Memory is fixed: the header declares
 * the monitor with every pool sized by the options, so the caller places it
 * (static, on a heap, in a kernel module) and nothing is allocated.
 */
#include "c_gen.h"

#include <inttypes.h>
#include <string.h>

/* ---- what is supported ---- */

/* Values are integers: a string literal, or the string built-in `comm`,
 * has no meaning in the generated monitor. */
static void check_expr(const struct sm__expr *e, size_t nfields, struct sm__diags *d)
{
	if (!e)
		return;
	if (e->op == SM__E_STR)
		sm__error(d, e->loc, "gen c: string values are not supported (the generated "
			  "monitor's values are integers)");
	else if (e->op == SM__E_NAME && e->slot == (int)nfields + SM__BI_COMM)
		sm__error(d, e->loc, "gen c: the built-in field comm is a string, which the "
			  "generated monitor does not have (its values are integers)");
	check_expr(e->a, nfields, d);
	check_expr(e->b, nfields, d);
}

static size_t root_nfields(const struct sm__ir *ir, int event)
{
	return ir->events[ir->events[event].root].nfields;
}

bool sm__gen_c_supported(const struct sm__ir *ir, struct sm__diags *d)
{
	size_t before = d->n;
	for (size_t k = 0; k < ir->nevents; k++)
		check_expr(ir->events[k].where, root_nfields(ir, (int)k), d);
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		for (size_t j = 0; j < p->nedges; j++) {
			const struct sm__ir_edge *e = &p->edges[j];
			check_expr(e->guard, root_nfields(ir, e->event), d);
			for (size_t a = 0; a < e->nactions; a++)
				check_expr(e->actions[a].value, root_nfields(ir, e->event), d);
		}
		for (size_t e = 0; e < ir->nevents; e++)
			for (size_t j = 0; p->alphabet[e] && j < p->nkeys; j++)
				if (p->key_slot[e * p->nkeys + j] == (int)root_nfields(ir, (int)e) + SM__BI_COMM) {
					sm__error(d, p->loc, "gen c: key field comm is a string, which the "
						  "generated monitor does not have (its values are integers)");
					return false;
				}
	}
	return d->n == before;
}

/* ---- text ---- */

/* The runtime's text with the prefix in place of its stand-in, "smrt". */
static void add_runtime(struct sm__buf *b, const char *text, const char *prefix)
{
	for (const char *at; (at = strstr(text, "smrt")); text = at + 4) {
		sm__buf_add(b, text, (size_t)(at - text));
		sm__buf_adds(b, prefix);
	}
	sm__buf_adds(b, text);
}

/* A C string literal of s. */
static void add_cstring(struct sm__buf *b, struct sm__str s)
{
	sm__buf_addc(b, '"');
	for (size_t k = 0; k < s.len; k++) {
		unsigned char c = (unsigned char)s.ptr[k];
		if (c == '"' || c == '\\')
			sm__buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f || c == '?') /* '?': no trigraphs */
			sm__buf_printf(b, "\\%03o", c);
		else
			sm__buf_addc(b, (char)c);
	}
	sm__buf_addc(b, '"');
}

/* An identifier from a name: other bytes become '_'. */
static void add_ident(struct sm__buf *b, struct sm__str s)
{
	for (size_t k = 0; k < s.len; k++) {
		char c = s.ptr[k];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_';
		sm__buf_addc(b, ok ? c : '_');
	}
}

/* "spec.sm:14": where a rule is, for reports. */
static void add_place(struct sm__buf *b, struct sm__loc loc)
{
	struct sm__buf t = {0};
	if (loc.src) {
		uint32_t line, col;
		sm__source_linecol(loc.src, loc.off, &line, &col);
		sm__buf_printf(&t, "%s:%u", loc.src->name, line);
	}
	add_cstring(b, (struct sm__str){t.data ? t.data : "", t.len});
	sm__buf_free(&t);
}

static void add_int(struct sm__buf *b, int64_t v)
{
	if (v == INT64_MIN)
		sm__buf_adds(b, "INT64_MIN");
	else
		sm__buf_printf(b, "INT64_C(%" PRId64 ")", v);
}

/* ---- expressions ---- */

static void add_expr(struct sm__buf *b, const struct sm__expr *e, size_t nfields)
{
	static const char cmp[] = {[SM__E_EQ - SM__E_EQ] = 0, 1, 2, 3, 4, 5};
	switch (e->op) {
	case SM__E_INT:
		sm__buf_adds(b, "rt_int(");
		add_int(b, e->i);
		sm__buf_addc(b, ')');
		return;
	case SM__E_NAME:
		if (e->slot < 0)
			sm__buf_adds(b, "rt_none()");
		else
			sm__buf_printf(b, "rt_slot(t, %zu, %d, w)", nfields, e->slot);
		return;
	case SM__E_VAR:
		sm__buf_printf(b, "rt_int(vars[%d])", e->slot);
		return;
	case SM__E_CLOCK:
		sm__buf_printf(b, "rt_clock(resets, %d, w)", e->slot);
		return;
	case SM__E_NOT: case SM__E_BITNOT: case SM__E_NEG:
	case SM__E_U8: case SM__E_U16: case SM__E_U32: {
		const char *op = e->op == SM__E_NOT ? "'!'" : e->op == SM__E_BITNOT ? "'~'"
				 : e->op == SM__E_NEG ? "'-'" : e->op == SM__E_U8 ? "8"
				 : e->op == SM__E_U16 ? "16" : "32";
		sm__buf_printf(b, "rt_unary(%s, ", op);
		add_expr(b, e->a, nfields);
		sm__buf_addc(b, ')');
		return;
	}
	case SM__E_AND: case SM__E_OR:
		sm__buf_adds(b, e->op == SM__E_AND ? "rt_and(" : "rt_or(");
		break;
	case SM__E_EQ: case SM__E_NE: case SM__E_LT: case SM__E_LE: case SM__E_GT: case SM__E_GE:
		sm__buf_printf(b, "rt_cmp(%d, ", cmp[e->op - SM__E_EQ]);
		break;
	default: {
		static const char *const ops[] = {
			[SM__E_MUL] = "'*'", [SM__E_DIV] = "'/'", [SM__E_MOD] = "'%'",
			[SM__E_ADD] = "'+'", [SM__E_SUB] = "'-'", [SM__E_SHL] = "'<'",
			[SM__E_SHR] = "'>'", [SM__E_BITAND] = "'&'", [SM__E_BITXOR] = "'^'",
			[SM__E_BITOR] = "'|'"};
		sm__buf_printf(b, "rt_arith(%s, ", ops[e->op]);
		break;
	}
	}
	add_expr(b, e->a, nfields);
	sm__buf_adds(b, ", ");
	add_expr(b, e->b, nfields);
	sm__buf_addc(b, ')');
}

/* ---- sizes ---- */

struct sizes {
	size_t max_keys, max_memory, max_family, max_nodes, max_slots;
	size_t instances, table, obligations;
	bool deadlines;
};

static uint32_t table_size(uint32_t cap)
{
	uint32_t t = 4;
	while (t < 2 * cap)
		t *= 2;
	return t;
}

static uint32_t pool_size(const struct sm__ir_prop *p, const struct sm__gen_c_options *o)
{
	return p->nkeys ? o->instances : 1;
}

static size_t max_size(size_t a, size_t b)
{
	return a > b ? a : b;
}

static struct sizes measure(const struct sm__ir *ir, const struct sm__gen_c_options *o)
{
	struct sizes z = {1, 1, 0, 1, 1, 0, 0, 0, false};
	for (size_t k = 0; k < ir->nevents; k++)
		z.max_family = max_size(z.max_family, ir->events[k].nfamily);
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		uint32_t cap = pool_size(p, o);
		z.max_keys = max_size(z.max_keys, p->nkeys);
		z.max_memory = max_size(z.max_memory, p->nvars + p->nclocks + p->nclock_state);
		z.max_nodes = max_size(z.max_nodes, p->nclock);
		z.max_slots = max_size(z.max_slots, p->nclock_state);
		z.instances += cap;
		z.table += table_size(cap);
		bool within = p->kind == SM__PROP_RELATION && p->rel == SM__REL_WITHIN;
		z.obligations += within ? (size_t)cap * o->obligations : 0;
		z.deadlines |= within || (p->kind == SM__PROP_AUTOMATON && p->has_invariants);
	}
	z.instances = max_size(z.instances, 1); /* no array is empty */
	z.table = max_size(z.table, 1);
	z.obligations = max_size(z.obligations, 1);
	return z;
}

/* ---- the header ---- */

static void header(const struct sm__ir *ir, const struct sm__gen_c_options *o,
		   const struct sizes *z, struct sm__buf *h)
{
	const char *P = o->prefix;
	sm__buf_printf(h, "/* %s.h: a monitor of spec ", P);
	sm__buf_add(h, ir->name.ptr, ir->name.len);
	sm__buf_printf(h, ", generated by specmon gen c (doc/gen.md).\n"
		       " * Self-contained: no libc, no allocation; the caller places the monitor. */\n"
		       "#ifndef %s_H\n#define %s_H\n\n"
		       "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n", P, P);
	sm__buf_printf(h, "/* Events (the ids %s_emit takes) and the slots of their fields. */\n"
		       "enum {\n", P);
	for (size_t k = 0; k < ir->nevents; k++) {
		sm__buf_printf(h, "\t%s_EV_", P);
		add_ident(h, ir->events[k].name);
		sm__buf_printf(h, " = %zu,\n", k);
	}
	sm__buf_printf(h, "\t%s_NEVENTS = %zu\n};\n\nenum {\n", P, ir->nevents);
	for (size_t k = 0; k < ir->nevents; k++) {
		const struct sm__ir_event *ev = &ir->events[k];
		if (ev->base >= 0)
			continue; /* a derived event has its base's fields */
		for (size_t f = 0; f < ev->nfields; f++) {
			sm__buf_printf(h, "\t%s_F_", P);
			add_ident(h, ev->name);
			sm__buf_addc(h, '_');
			add_ident(h, ev->fields[f]);
			sm__buf_printf(h, " = %zu,\n", f);
		}
	}
	sm__buf_printf(h, "\t%s_MAX_FIELDS = 64\n};\n\nenum {\n", P);
	for (size_t k = 0; k < ir->nprops; k++) {
		sm__buf_printf(h, "\t%s_PROP_", P);
		add_ident(h, ir->props[k].name);
		sm__buf_printf(h, " = %zu,\n", k);
	}
	sm__buf_printf(h, "\t%s_NPROPS = %zu\n};\n\n", P, ir->nprops);
	sm__buf_printf(h, "/* Sizes, fixed at generation (specmon gen c --instances, --matches,\n"
		       " * --obligations). */\n"
		       "#define %s_INSTANCES %u          /* per property with a key */\n"
		       "#define %s_MAX_MATCHES %u        /* source events per instant */\n"
		       "#define %s_MAX_OBLIGATIONS %u    /* open `within` obligations per instance */\n"
		       "#define %s_MAX_TICKS %zu\n#define %s_MAX_KEYS %zu\n#define %s_MAX_MEMORY %zu\n"
		       "#define %s_MAX_NODES %zu\n#define %s_MAX_SLOTS %zu\n"
		       "#define %s_POOL %zu\n#define %s_TABLE %zu\n#define %s_OBLIGATIONS %zu\n"
		       "#define %s_HAS_DEADLINES %d\n\n",
		       P, o->instances, P, o->matches, P, o->obligations, P,
		       (size_t)o->matches * (1 + z->max_family), P, z->max_keys, P, z->max_memory,
		       P, z->max_nodes, P, z->max_slots, P, z->instances, P, z->table, P,
		       z->obligations, P, z->deadlines);
	add_runtime(h, sm__c_runtime_api, P);
	sm__buf_printf(h, "\n#endif\n");
}

/* ---- the source: tables ---- */

static void add_name_array(struct sm__buf *c, const char *what, size_t k, const struct sm__str *names,
			   size_t n)
{
	sm__buf_printf(c, "static const char *const rt_%s_%zu[] = {", what, k);
	for (size_t j = 0; j < n; j++) {
		sm__buf_adds(c, j ? ", " : "");
		add_cstring(c, names[j]);
	}
	sm__buf_adds(c, n ? "};\n" : "0};\n");
}

static void event_tables(const struct sm__ir *ir, struct sm__buf *c)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		const struct sm__ir_event *ev = &ir->events[k];
		add_name_array(c, "fields", k, ev->fields, ev->nfields);
		sm__buf_printf(c, "static const int rt_family_%zu[] = {", k);
		for (size_t j = 0; j < ev->nfamily; j++)
			sm__buf_printf(c, "%s%d", j ? ", " : "", ev->family[j]);
		sm__buf_adds(c, ev->nfamily ? "};\n" : "0};\n");
	}
	sm__buf_adds(c, "\nstatic const struct rt_event rt_events[] = {\n");
	for (size_t k = 0; k < ir->nevents; k++) {
		const struct sm__ir_event *ev = &ir->events[k];
		sm__buf_adds(c, "\t{");
		add_cstring(c, ev->name);
		sm__buf_printf(c, ", %zu, rt_fields_%zu, %d, %zu, rt_family_%zu},\n", ev->nfields, k,
			       ev->base, ev->base >= 0 ? 0 : ev->nfamily, k);
	}
	sm__buf_adds(c, "\t{0, 0, 0, -1, 0, 0} /* the end: no array is empty */\n};\n\n");
}

static int start_only_event(const struct sm__ir_prop *p)
{
	if (p->start_event < 0)
		return -1;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].event == p->start_event)
			return -1;
	return p->start_event;
}

/* The edges to try in each state: its own in source order, then the '*'
 * ones in source order (DESIGN.md §2.4); rows padded with 0xffff. */
static size_t edge_order(const struct sm__ir_prop *p, size_t k, struct sm__buf *c)
{
	size_t any = 0, norder = 0;
	for (size_t e = 0; e < p->nedges; e++)
		any += p->edges[e].from == SM__ANY_STATE;
	for (size_t s = 0; s < p->nstates; s++) {
		size_t own = 0;
		for (size_t e = 0; e < p->nedges; e++)
			own += p->edges[e].from == (int)s;
		norder = max_size(norder, own + any);
	}
	norder = max_size(norder, 1);
	sm__buf_printf(c, "static const uint16_t rt_order_%zu[] = {\n", k);
	for (size_t s = 0; s < p->nstates; s++) {
		size_t n = 0;
		sm__buf_addc(c, '\t');
		for (int pass = 0; pass < 2; pass++)
			for (size_t e = 0; e < p->nedges; e++)
				if (p->edges[e].from == (pass ? SM__ANY_STATE : (int)s))
					sm__buf_printf(c, "%s%zu", n++ ? ", " : "", e);
		for (; n < norder; n++)
			sm__buf_printf(c, "%s0xffff", n ? ", " : "");
		sm__buf_adds(c, ",\n");
	}
	sm__buf_adds(c, "};\n");
	return norder;
}

struct ids {
	int guard, action; /* the next ones */
};

static void automaton_tables(const struct sm__ir_prop *p, size_t k, struct ids *ids,
			     struct sm__buf *c, size_t *norder)
{
	add_name_array(c, "states", k, p->states, p->nstates);
	sm__buf_printf(c, "static const unsigned char rt_final_%zu[] = {", k);
	for (size_t s = 0; s < p->nstates; s++)
		sm__buf_printf(c, "%s%d", s ? ", " : "", p->final[s]);
	sm__buf_printf(c, "};\nstatic const struct rt_edge rt_edges_%zu[] = {\n", k);
	for (size_t e = 0; e < p->nedges; e++) {
		const struct sm__ir_edge *ed = &p->edges[e];
		sm__buf_printf(c, "\t{%d, %d, %d, %d, %d},\n", ed->from, ed->to, ed->event,
			       ed->guard ? ids->guard++ : -1, ed->nactions ? ids->action++ : -1);
	}
	sm__buf_adds(c, p->nedges ? "};\n" : "\t{0, 0, 0, 0, 0}};\n");
	*norder = edge_order(p, k, c);
	sm__buf_printf(c, "static const int64_t rt_var_init_%zu[] = {", k);
	for (size_t v = 0; v < p->nvars; v++) {
		sm__buf_adds(c, v ? ", " : "");
		add_int(c, p->var_init[v]);
	}
	sm__buf_adds(c, p->nvars ? "};\n" : "0};\n");
	if (!p->has_invariants)
		return;
	sm__buf_printf(c, "static const int rt_inv_clock_%zu[] = {", k);
	for (size_t s = 0; s < p->nstates; s++)
		sm__buf_printf(c, "%s%d", s ? ", " : "", p->inv_clock[s]);
	sm__buf_printf(c, "};\nstatic const int64_t rt_inv_limit_%zu[] = {", k);
	for (size_t s = 0; s < p->nstates; s++) {
		sm__buf_adds(c, s ? ", " : "");
		add_int(c, p->inv_limit[s]);
	}
	sm__buf_printf(c, "};\nstatic const char *const rt_inv_text_%zu[] = {", k);
	for (size_t s = 0; s < p->nstates; s++) {
		sm__buf_adds(c, s ? ", " : "");
		add_cstring(c, sm__loc_text(p->inv_loc[s]));
	}
	sm__buf_printf(c, "};\nstatic const char *const rt_inv_place_%zu[] = {", k);
	for (size_t s = 0; s < p->nstates; s++) {
		sm__buf_adds(c, s ? ", " : "");
		add_place(c, p->inv_loc[s]);
	}
	sm__buf_adds(c, "};\n");
}

static void relation_tables(const struct sm__ir_prop *p, size_t k, struct sm__buf *c)
{
	static const int ops[] = {[SM__C_EVENT] = 0, [SM__C_UNION] = 1, [SM__C_INTER] = 2,
				  [SM__C_MINUS] = 3, [SM__C_INF] = 4, [SM__C_SUP] = 5,
				  [SM__C_DELAYED] = 6, [SM__C_FILTERED] = 7, [SM__C_SAMPLED] = 8};
	sm__buf_printf(c, "static const struct rt_node rt_nodes_%zu[] = {\n", k);
	for (size_t n = 0; n < p->nclock; n++) {
		const struct sm__clock_node *x = &p->clock[n];
		sm__buf_printf(c, "\t{%d, %d, %d, %d, %d, ", ops[x->op], x->a, x->b, x->first,
			       x->slot);
		add_int(c, x->n);
		sm__buf_adds(c, ", ");
		if (x->op == SM__C_FILTERED)
			add_cstring(c, (struct sm__str){x->word, (size_t)x->prefix + x->period});
		else
			sm__buf_adds(c, "0");
		sm__buf_printf(c, ", %" PRIu32 ", %" PRIu32 "},\n", x->prefix, x->period);
	}
	sm__buf_adds(c, "};\n");
}

static void common_tables(const struct sm__ir *ir, const struct sm__ir_prop *p, size_t k,
			  struct sm__buf *c)
{
	add_name_array(c, "keys", k, p->keys, p->nkeys);
	sm__buf_printf(c, "static const unsigned char rt_alphabet_%zu[] = {", k);
	for (size_t e = 0; e < ir->nevents; e++)
		sm__buf_printf(c, "%s%d", e ? ", " : "", p->alphabet[e]);
	sm__buf_printf(c, "};\nstatic const int rt_key_slot_%zu[] = {", k);
	for (size_t j = 0; j < ir->nevents * p->nkeys; j++)
		sm__buf_printf(c, "%s%d", j ? ", " : "", p->key_slot[j]);
	sm__buf_adds(c, p->nkeys ? "};\n" : "0};\n");
}

static void prop_entry(const struct sm__ir_prop *p, size_t k, const struct sm__gen_c_options *o,
		       size_t *base, size_t *tbase, size_t *obase, size_t norder,
		       struct sm__buf *c)
{
	uint32_t cap = pool_size(p, o);
	bool automaton = p->kind == SM__PROP_AUTOMATON;
	bool within = !automaton && p->rel == SM__REL_WITHIN;
	sm__buf_adds(c, "\t{.name = ");
	add_cstring(c, p->name);
	sm__buf_printf(c, ", .kind = %s, .nkeys = %zu, .keys = rt_keys_%zu,\n"
		       "\t .alphabet = rt_alphabet_%zu, .key_slot = rt_key_slot_%zu,\n"
		       "\t .base = %zu, .cap = %u, .tbase = %zu, .tcap = %u, .obase = %zu,\n"
		       "\t .has_deadlines = %d,\n",
		       automaton ? "RT_AUTOMATON" : "RT_RELATION", p->nkeys, k, k, k, *base, cap,
		       *tbase, table_size(cap), *obase,
		       within || (automaton && p->has_invariants));
	*base += cap;
	*tbase += table_size(cap);
	*obase += within ? (size_t)cap * o->obligations : 0;
	if (automaton) {
		static const char *const after[] = {"RT_AFTER_IGNORE", "RT_AFTER_RESTART",
						    "RT_AFTER_STOP"};
		sm__buf_printf(c, "\t .nstates = %zu, .initial = %d, .start_event = %d, "
			       ".start_only = %d, .start_with = %d, .after = %s,\n"
			       "\t .states = rt_states_%zu, .final = rt_final_%zu, "
			       ".edges = rt_edges_%zu, .order = rt_order_%zu, .norder = %zu,\n"
			       "\t .nvars = %zu, .nclocks = %zu, .has_invariants = %d, "
			       ".var_init = rt_var_init_%zu",
			       p->nstates, p->initial, p->start_event, start_only_event(p),
			       p->start_with, after[p->after], k, k, k, k, norder, p->nvars,
			       p->nclocks, p->has_invariants, k);
		if (p->has_invariants)
			sm__buf_printf(c, ",\n\t .inv_clock = rt_inv_clock_%zu, .inv_limit = "
				       "rt_inv_limit_%zu,\n\t .inv_text = rt_inv_text_%zu, "
				       ".inv_place = rt_inv_place_%zu", k, k, k, k);
		sm__buf_adds(c, "},\n");
		return;
	}
	static const char *const rel[] = {
		[SM__REL_PRECEDES] = "RT_PRECEDES", [SM__REL_CAUSES] = "RT_CAUSES",
		[SM__REL_ALTERNATES] = "RT_ALTERNATES", [SM__REL_SUBCLOCK] = "RT_SUBCLOCK",
		[SM__REL_EXCLUDES] = "RT_EXCLUDES", [SM__REL_COINCIDES] = "RT_COINCIDES",
		[SM__REL_WITHIN] = "RT_WITHIN"};
	sm__buf_printf(c, "\t .rel = %s, .nnodes = %zu, .nslots = %zu, .ca = %d, .cb = %d, "
		       ".a_is_expr = %d, .b_is_expr = %d,\n\t .nodes = rt_nodes_%zu, .bound = ",
		       rel[p->rel], p->nclock, p->nclock_state, p->ca, p->cb, p->a < 0, p->b < 0, k);
	add_int(c, p->bound);
	sm__buf_adds(c, ", .within = ");
	add_int(c, p->within);
	sm__buf_adds(c, ",\n\t .a_text = ");
	add_cstring(c, p->a_text);
	sm__buf_adds(c, ", .b_text = ");
	add_cstring(c, p->b_text);
	sm__buf_adds(c, ",\n\t .rel_text = ");
	add_cstring(c, sm__loc_text(p->rel_text));
	sm__buf_adds(c, ", .place = ");
	add_place(c, p->rel_text);
	sm__buf_adds(c, "},\n");
}

static void prop_tables(const struct sm__ir *ir, const struct sm__gen_c_options *o,
			struct sm__buf *c)
{
	struct ids ids = {0, 0};
	size_t *norder = sm__xcalloc(ir->nprops + 1, sizeof *norder);
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		common_tables(ir, p, k, c);
		if (p->kind == SM__PROP_AUTOMATON)
			automaton_tables(p, k, &ids, c, &norder[k]);
		else
			relation_tables(p, k, c);
		sm__buf_addc(c, '\n');
	}
	sm__buf_adds(c, "static const struct rt_prop rt_props[] = {\n");
	size_t base = 0, tbase = 0, obase = 0;
	for (size_t k = 0; k < ir->nprops; k++)
		prop_entry(&ir->props[k], k, o, &base, &tbase, &obase, norder[k], c);
	sm__buf_adds(c, "\t{.name = 0} /* the end: no array is empty */\n};\n\n");
	free(norder);
}

/* ---- the source: the spec's expressions ---- */

static void filters(const struct sm__ir *ir, const char *P, struct sm__buf *c)
{
	sm__buf_printf(c, "/* Derived events: does the filter hold on the values of the tick? */\n"
		       "static bool rt_filter(int event, const struct %s_tick *t, "
		       "const struct %s_where *w)\n{\n\t(void)t;\n\t(void)w;\n\tswitch (event) {\n",
		       P, P);
	for (size_t k = 0; k < ir->nevents; k++) {
		const struct sm__ir_event *ev = &ir->events[k];
		if (!ev->where)
			continue;
		sm__buf_printf(c, "\tcase %zu: /* ", k);
		add_ident(c, ev->name);
		sm__buf_adds(c, " */\n\t\treturn rt_true(");
		add_expr(c, ev->where, root_nfields(ir, (int)k));
		sm__buf_adds(c, ");\n");
	}
	sm__buf_adds(c, "\tdefault:\n\t\treturn false;\n\t}\n}\n\n");
}

static void guards(const struct sm__ir *ir, const char *P, struct sm__buf *c)
{
	sm__buf_printf(c, "/* Guards: does the edge's guard hold? */\n"
		       "static bool rt_guard(int guard, const struct %s_tick *t, const int64_t *vars,\n"
		       "\t\t     const int64_t *resets, const struct %s_where *w)\n{\n"
		       "\t(void)t;\n\t(void)vars;\n\t(void)resets;\n\t(void)w;\n\tswitch (guard) {\n",
		       P, P);
	int id = 0;
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		for (size_t e = 0; p->kind == SM__PROP_AUTOMATON && e < p->nedges; e++) {
			if (!p->edges[e].guard)
				continue;
			sm__buf_printf(c, "\tcase %d: /* ", id++);
			add_ident(c, p->name);
			sm__buf_printf(c, ", edge %zu */\n\t\treturn rt_true(", e);
			add_expr(c, p->edges[e].guard, root_nfields(ir, p->edges[e].event));
			sm__buf_adds(c, ");\n");
		}
	}
	sm__buf_adds(c, "\tdefault:\n\t\treturn false;\n\t}\n}\n\n");
}

static void actions(const struct sm__ir *ir, const char *P, struct sm__buf *c)
{
	sm__buf_printf(c, "/* Actions: `do` lists, reading the values before the step. */\n"
		       "static void rt_actions(struct %s_monitor *m, int actions, "
		       "const struct %s_tick *t,\n\t\t       struct %s_instance *s, "
		       "const struct %s_where *w)\n{\n\t(void)t;\n\tswitch (actions) {\n",
		       P, P, P, P);
	int id = 0;
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		for (size_t e = 0; p->kind == SM__PROP_AUTOMATON && e < p->nedges; e++) {
			const struct sm__ir_edge *ed = &p->edges[e];
			if (!ed->nactions)
				continue;
			sm__buf_printf(c, "\tcase %d: { /* ", id++);
			add_ident(c, p->name);
			sm__buf_printf(c, ", edge %zu */\n\t\tconst int64_t *vars = s->mem, "
				       "*resets = s->mem + %zu;\n\t\t(void)vars;\n\t\t(void)resets;\n",
				       e, p->nvars);
			for (size_t a = 0; a < ed->nactions; a++) {
				const struct sm__ir_action *act = &ed->actions[a];
				if (act->var < 0) {
					sm__buf_printf(c, "\t\trt_reset(m, &rt_props[%zu], s, %d, w);\n",
						       k, act->clock);
					continue;
				}
				sm__buf_printf(c, "\t\trt_assign(m, %d, ", act->var);
				add_expr(c, act->value, root_nfields(ir, ed->event));
				sm__buf_adds(c, ");\n");
			}
			sm__buf_adds(c, "\t\treturn;\n\t}\n");
		}
	}
	sm__buf_adds(c, "\tdefault:\n\t\t(void)m;\n\t\t(void)s;\n\t\t(void)w;\n\t\treturn;\n\t}\n}\n\n");
}

void sm__gen_c(const struct sm__ir *ir, const struct sm__gen_c_options *o, struct sm__buf *h,
	       struct sm__buf *c)
{
	struct sizes z = measure(ir, o);
	header(ir, o, &z, h);
	sm__buf_printf(c, "/* %s.c: a monitor of spec ", o->prefix);
	sm__buf_add(c, ir->name.ptr, ir->name.len);
	sm__buf_adds(c, ", generated by specmon gen c (doc/gen.md). */\n");
	add_runtime(c, sm__c_runtime_head, o->prefix);
	event_tables(ir, c);
	prop_tables(ir, o, c);
	filters(ir, o->prefix, c);
	guards(ir, o->prefix, c);
	actions(ir, o->prefix, c);
	add_runtime(c, sm__c_runtime_body, o->prefix);
}
