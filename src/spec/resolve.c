/*
 * resolve.c: from syntax to a runnable spec.  Checks every name (events,
 * fields, constants, states), folds constants, compiles `from log` patterns,
 * reads the guards of imported DOT models, and builds the tables the engine
 * steps with: each source event's family of derived events, the properties
 * that listen to it, key slots and per-state candidate edges.
 * Errors are collected (not just the first) with the spec's locations.
 */
#include "ir.h"

#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sm__builtin_names[SM__NBUILTINS] = {"ts", "line", "comm", "pid", "cpu"};

enum type { T_UNKNOWN, T_INT, T_STR };

struct resolver {
	struct sm__ir *ir;
	struct sm__diags *d;
	struct sm__ast *ast;
	struct sm__value *consts; /* per ast const, after folding */
	bool *const_ok;
	bool *noted; /* per event: the hint about model guards was given */
};

/* ---- names ---- */

size_t sm__edit_distance(struct sm__str a, struct sm__str b)
{
	size_t row[65];
	if (a.len > 64 || b.len > 64)
		return 99;
	for (size_t j = 0; j <= b.len; j++)
		row[j] = j;
	for (size_t i = 1; i <= a.len; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= b.len; j++) {
			size_t up = row[j];
			size_t cost = a.ptr[i - 1] == b.ptr[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[b.len];
}

/* " (did you mean 'x'?)" when a known name is close, else "". */
static void suggest(struct sm__str name, const struct sm__str *known, size_t n, char *out,
		    size_t cap)
{
	size_t best = 3;
	const struct sm__str *pick = NULL;
	for (size_t k = 0; k < n; k++) {
		size_t dist = sm__edit_distance(name, known[k]);
		if (dist < best && dist < name.len) {
			best = dist;
			pick = &known[k];
		}
	}
	if (pick)
		snprintf(out, cap, " (did you mean '%.*s'?)", (int)pick->len, pick->ptr);
	else
		out[0] = '\0';
}

static int find_event(const struct sm__ir *ir, struct sm__str name)
{
	for (size_t k = 0; k < ir->nevents; k++)
		if (sm__str_eq_str(ir->events[k].name, name))
			return (int)k;
	return -1;
}

static int lookup_event(struct resolver *r, struct sm__ast_name n, const char *what)
{
	int e = find_event(r->ir, n.name);
	if (e >= 0 || n.name.len == 0)
		return e;
	struct sm__str *names = sm__xmalloc(sizeof *names * (r->ir->nevents + 1));
	for (size_t k = 0; k < r->ir->nevents; k++)
		names[k] = r->ir->events[k].name;
	char hint[128];
	suggest(n.name, names, r->ir->nevents, hint, sizeof hint);
	free(names);
	sm__error(r->d, n.loc, "unknown event '%.*s' %s%s", (int)n.name.len, n.name.ptr, what,
		  hint);
	return -1;
}

int sm__ir_field_slot(const struct sm__ir_event *ev, struct sm__str name)
{
	for (size_t k = 0; k < ev->nfields; k++)
		if (sm__str_eq_str(ev->fields[k], name))
			return (int)k;
	for (int k = 0; k < SM__NBUILTINS; k++)
		if (sm__str_eq(name, sm__builtin_names[k]))
			return (int)ev->nfields + k;
	return -1;
}

static int find_const(struct resolver *r, struct sm__str name, size_t before)
{
	for (size_t k = 0; k < before; k++)
		if (sm__str_eq_str(r->ast->consts[k].name.name, name))
			return (int)k;
	return -1;
}

/* ---- expressions ---- */

static void describe_fields(const struct sm__ir_event *ev, struct sm__buf *b)
{
	for (size_t k = 0; k < ev->nfields; k++)
		sm__buf_printf(b, "%s%.*s", k ? ", " : "", (int)ev->fields[k].len,
			       ev->fields[k].ptr);
	if (!ev->nfields)
		sm__buf_adds(b, "none declared");
	sm__buf_adds(b, "; built-in: ts, line, comm, pid, cpu");
}

/* A const reference becomes the constant's value in place. */
static void inline_const(struct sm__expr *e, struct sm__value v)
{
	if (v.kind == SM__VAL_STR) {
		e->op = SM__E_STR;
		e->s.ptr = sm__xstrndup(v.s.ptr, v.s.len);
		e->s.len = v.s.len;
	} else {
		e->op = SM__E_INT;
		e->i = v.i;
	}
}

static enum type resolve_expr(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts);

static enum type resolve_name(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts)
{
	if (ev && (e->slot = sm__ir_field_slot(ev, e->s)) >= 0)
		return T_UNKNOWN;
	int c = find_const(r, e->s, nconsts);
	if (c >= 0) {
		if (!r->const_ok[c])
			return T_UNKNOWN; /* already reported */
		inline_const(e, r->consts[c]);
		return e->op == SM__E_STR ? T_STR : T_INT;
	}
	struct sm__buf b = {0};
	if (ev) {
		sm__buf_printf(&b, "'%.*s' is neither a constant nor a field of event '%.*s' (",
			       (int)e->s.len, e->s.ptr, (int)ev->name.len, ev->name.ptr);
		describe_fields(ev, &b);
		sm__buf_adds(&b, ")");
	} else {
		sm__buf_printf(&b, "unknown constant '%.*s' (constants can use only constants "
				   "declared before them)", (int)e->s.len, e->s.ptr);
	}
	sm__error(r->d, e->loc, "%s", b.data);
	sm__buf_free(&b);
	return T_UNKNOWN;
}

static const char *op_text(enum sm__expr_op op)
{
	static const char *text[] = {
		[SM__E_NOT] = "!", [SM__E_BITNOT] = "~", [SM__E_NEG] = "-",
		[SM__E_MUL] = "*", [SM__E_DIV] = "/", [SM__E_MOD] = "%",
		[SM__E_ADD] = "+", [SM__E_SUB] = "-", [SM__E_SHL] = "<<",
		[SM__E_SHR] = ">>", [SM__E_BITAND] = "&", [SM__E_BITXOR] = "^",
		[SM__E_BITOR] = "|",
	};
	return text[op] ? text[op] : "?";
}

static enum type resolve_expr(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts)
{
	if (!e)
		return T_UNKNOWN;
	switch (e->op) {
	case SM__E_INT: return T_INT;
	case SM__E_STR: return T_STR;
	case SM__E_NAME: return resolve_name(r, e, ev, nconsts);
	default: break;
	}
	enum type a = resolve_expr(r, e->a, ev, nconsts);
	enum type b = e->b ? resolve_expr(r, e->b, ev, nconsts) : T_UNKNOWN;
	switch (e->op) {
	case SM__E_AND: case SM__E_OR: case SM__E_NOT:
		return T_INT;
	case SM__E_EQ: case SM__E_NE: case SM__E_LT:
	case SM__E_LE: case SM__E_GT: case SM__E_GE:
		if (a != T_UNKNOWN && b != T_UNKNOWN && a != b)
			sm__error(r->d, e->loc, "comparing a string with an integer is never true");
		return T_INT;
	default:
		if (a == T_STR || b == T_STR)
			sm__error(r->d, e->loc, "operator '%s' needs integers, not strings",
				  op_text(e->op));
		return T_INT;
	}
}

static void fold_consts(struct resolver *r)
{
	struct sm__ast *ast = r->ast;
	r->consts = sm__xcalloc(ast->nconsts, sizeof *r->consts);
	r->const_ok = sm__xcalloc(ast->nconsts, sizeof *r->const_ok);
	for (size_t k = 0; k < ast->nconsts; k++) {
		struct sm__ast_const *c = &ast->consts[k];
		int dup = find_const(r, c->name.name, k);
		if (dup >= 0) {
			sm__error(r->d, c->name.loc, "constant '%.*s' is already defined",
				  (int)c->name.name.len, c->name.name.ptr);
			continue;
		}
		size_t errors = r->d->nerrors;
		resolve_expr(r, c->value, NULL, k);
		if (r->d->nerrors > errors)
			continue;
		r->consts[k] = sm__eval(c->value, NULL);
		if (r->consts[k].kind == SM__VAL_NONE) {
			sm__error(r->d, c->value->loc, "this constant has no value "
				  "(division by zero or a shift out of 0..63)");
			continue;
		}
		r->const_ok[k] = true;
	}
}

/* ---- events ---- */

static void add_event(struct resolver *r, struct sm__ast_event *ast_ev)
{
	if (find_event(r->ir, ast_ev->name.name) >= 0) {
		sm__error(r->d, ast_ev->name.loc, "event '%.*s' is already declared",
			  (int)ast_ev->name.name.len, ast_ev->name.name.ptr);
		return;
	}
	struct sm__ir_event ev = {0};
	ev.name = ast_ev->name.name;
	ev.loc = ast_ev->name.loc;
	ev.base = -1;
	ev.nfields = ast_ev->nfields;
	ev.fields = sm__xcalloc(ev.nfields, sizeof *ev.fields);
	for (size_t k = 0; k < ast_ev->nfields; k++) {
		for (size_t j = 0; j < k; j++)
			if (sm__str_eq_str(ev.fields[j], ast_ev->fields[k].name))
				sm__error(r->d, ast_ev->fields[k].loc, "field '%.*s' is listed twice",
					  (int)ast_ev->fields[k].name.len,
					  ast_ev->fields[k].name.ptr);
		ev.fields[k] = ast_ev->fields[k].name;
	}
	size_t n = r->ir->nevents;
	r->ir->events = sm__xrealloc(r->ir->events, (n + 1) * sizeof *r->ir->events);
	r->ir->events[n] = ev;
	r->ir->nevents = n + 1;
}

/* Derived events: find each base, reject cycles, inherit the fields. */
static void link_derived(struct resolver *r)
{
	struct sm__ir *ir = r->ir;
	for (size_t k = 0; k < r->ast->nevents; k++) {
		struct sm__ast_event *a = &r->ast->events[k];
		int e = find_event(ir, a->name.name);
		if (!a->derived || e < 0 || ir->events[e].loc.off != a->name.loc.off)
			continue;
		ir->events[e].base = lookup_event(r, a->base, "after '='");
		ir->events[e].where = a->where;
	}
	for (size_t k = 0; k < ir->nevents; k++) {
		int e = (int)k;
		size_t steps = 0;
		while (e >= 0 && ir->events[e].base >= 0 && steps <= ir->nevents) {
			e = ir->events[e].base;
			steps++;
		}
		if (steps > ir->nevents) {
			sm__error(r->d, ir->events[k].loc, "event '%.*s' is derived from itself",
				  (int)ir->events[k].name.len, ir->events[k].name.ptr);
			ir->events[k].base = -1;
			e = (int)k;
		}
		ir->events[k].root = e < 0 ? (int)k : e;
	}
}

static void copy_root_fields(struct sm__ir *ir)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		struct sm__ir_event *ev = &ir->events[k];
		if (ev->base < 0)
			continue;
		const struct sm__ir_event *root = &ir->events[ev->root];
		free(ev->fields);
		ev->nfields = root->nfields;
		ev->fields = sm__xcalloc(root->nfields, sizeof *ev->fields);
		if (root->nfields)
			memcpy(ev->fields, root->fields, root->nfields * sizeof *ev->fields);
	}
}

static size_t depth_of(const struct sm__ir *ir, int e)
{
	size_t d = 0;
	while (ir->events[e].base >= 0 && d <= ir->nevents) {
		e = ir->events[e].base;
		d++;
	}
	return d;
}

/* family: every derived event under a root, shallower ones first, so that
 * a filter's own base has been decided when the filter is evaluated. */
static void build_families(struct sm__ir *ir)
{
	size_t maxdepth = 0;
	for (size_t k = 0; k < ir->nevents; k++) {
		size_t d = depth_of(ir, (int)k);
		if (d > maxdepth)
			maxdepth = d;
	}
	for (size_t depth = 1; depth <= maxdepth; depth++)
		for (size_t k = 0; k < ir->nevents; k++) {
			if (depth_of(ir, (int)k) != depth)
				continue;
			struct sm__ir_event *root = &ir->events[ir->events[k].root];
			root->family = sm__xrealloc(root->family,
						    (root->nfamily + 1) * sizeof(int));
			root->family[root->nfamily++] = (int)k;
		}
}

static void resolve_wheres(struct resolver *r)
{
	for (size_t k = 0; k < r->ir->nevents; k++) {
		struct sm__ir_event *ev = &r->ir->events[k];
		if (ev->where)
			resolve_expr(r, ev->where, ev, r->ast->nconsts);
	}
}

/* ---- bindings ---- */

static struct sm__str member_of(const struct sm__ast_binding *b, struct sm__str field,
				const struct sm__ast_rename **used)
{
	for (size_t k = 0; k < b->nrenames; k++)
		if (sm__str_eq_str(b->renames[k].field.name, field)) {
			*used = &b->renames[k];
			return b->renames[k].source.name;
		}
	*used = NULL;
	return field;
}

static void check_renames(struct resolver *r, const struct sm__ast_binding *b,
			  const struct sm__ir_event *ev)
{
	for (size_t k = 0; k < b->nrenames; k++) {
		struct sm__ast_name f = b->renames[k].field;
		bool declared = false;
		for (size_t j = 0; j < ev->nfields; j++)
			declared |= sm__str_eq_str(ev->fields[j], f.name);
		if (!declared)
			sm__error(r->d, f.loc, "'%.*s' is not a declared field of event '%.*s'",
				  (int)f.name.len, f.name.ptr, (int)ev->name.len, ev->name.ptr);
	}
}

static void compile_log(struct resolver *r, const struct sm__ast_binding *b,
			struct sm__ir_binding *ib, const struct sm__ir_event *ev)
{
	char err[256];
	size_t at;
	struct sm__str *names = NULL;
	ib->re = sm__regex_compile(b->regex, &names, &ib->ngroups, err, sizeof err, &at);
	if (!ib->re) {
		struct sm__loc loc = b->regex_loc;
		if (at != SIZE_MAX) /* the pattern is the literal's text, verbatim */
			loc = (struct sm__loc){loc.src, loc.off + 1 + (uint32_t)at, 1};
		sm__error(r->d, loc, "%s", err);
		return;
	}
	r->ir->has_log = true;
	for (size_t f = 0; f < ev->nfields; f++) {
		const struct sm__ast_rename *used;
		struct sm__str want = member_of(b, ev->fields[f], &used);
		for (size_t g = 0; g < ib->ngroups; g++)
			if (sm__str_eq_str(names[g], want))
				ib->group[f] = (int)g + 1;
		if (!ib->group[f] && sm__ir_field_slot(ev, want) < (int)ev->nfields)
			sm__warning(r->d, b->regex_loc,
				    "no group (?<%.*s>...) gives field '%.*s' of event '%.*s'; "
				    "it will be missing", (int)want.len, want.ptr,
				    (int)ev->fields[f].len, ev->fields[f].ptr,
				    (int)ev->name.len, ev->name.ptr);
	}
	free(names);
}

static void add_binding(struct resolver *r, const struct sm__ast_binding *b, int e)
{
	const struct sm__ir_event *ev = &r->ir->events[e];
	struct sm__ir_binding ib = {0};
	ib.kind = b->kind;
	ib.event = e;
	ib.name = b->name.name;
	ib.member = sm__xcalloc(ev->nfields, sizeof *ib.member);
	ib.group = sm__xcalloc(ev->nfields, sizeof *ib.group);
	check_renames(r, b, ev);
	for (size_t f = 0; f < ev->nfields; f++) {
		const struct sm__ast_rename *used;
		ib.member[f] = member_of(b, ev->fields[f], &used);
	}
	if (b->kind == SM__BIND_LOG)
		compile_log(r, b, &ib, ev);
	size_t n = r->ir->nbindings;
	r->ir->bindings = sm__xrealloc(r->ir->bindings, (n + 1) * sizeof *r->ir->bindings);
	r->ir->bindings[n] = ib;
	r->ir->nbindings = n + 1;
}

static void resolve_bindings(struct resolver *r)
{
	for (size_t k = 0; k < r->ast->nevents; k++) {
		struct sm__ast_event *a = &r->ast->events[k];
		int e = find_event(r->ir, a->name.name);
		if (a->derived || e < 0 || r->ir->events[e].loc.off != a->name.loc.off)
			continue;
		for (size_t b = 0; b < a->nbindings; b++)
			add_binding(r, &a->bindings[b], e);
	}
}

/* ---- properties ---- */

static void resolve_keys(struct resolver *r, const struct sm__ast_property *ap,
			 struct sm__ir_prop *p)
{
	struct sm__ir *ir = r->ir;
	if (ap->nkeys > SM__MAX_KEYS) {
		sm__error(r->d, ap->keys[SM__MAX_KEYS].loc, "at most %d key fields", SM__MAX_KEYS);
		return;
	}
	p->nkeys = ap->nkeys;
	p->keys = sm__xcalloc(ap->nkeys, sizeof *p->keys);
	p->key_slot = sm__xmalloc(sizeof(int) * (ir->nevents * ap->nkeys + 1));
	for (size_t k = 0; k < ap->nkeys; k++) {
		p->keys[k] = ap->keys[k].name;
		bool carried = false;
		for (size_t e = 0; e < ir->nevents; e++) {
			int slot = sm__ir_field_slot(&ir->events[e], p->keys[k]);
			p->key_slot[e * ap->nkeys + k] = slot;
			carried |= p->alphabet[e] && slot >= 0;
		}
		if (!carried)
			sm__error(r->d, ap->keys[k].loc,
				  "no event of '%.*s' has the key field '%.*s'",
				  (int)p->name.len, p->name.ptr, (int)p->keys[k].len,
				  p->keys[k].ptr);
	}
}

static void resolve_relation(struct resolver *r, const struct sm__ast_property *ap,
			     struct sm__ir_prop *p)
{
	p->rel = ap->rel.kind;
	p->a = lookup_event(r, ap->rel.a, "in the relation");
	p->b = lookup_event(r, ap->rel.b, "in the relation");
	p->bound = ap->rel.has_bound ? ap->rel.bound : 0;
	p->rel_text = ap->rel.text;
	if (p->a >= 0)
		p->alphabet[p->a] = true;
	if (p->b >= 0)
		p->alphabet[p->b] = true;
}

static int find_state(const struct sm__ir_prop *p, struct sm__str name)
{
	for (size_t k = 0; k < p->nstates; k++)
		if (sm__str_eq_str(p->states[k], name))
			return (int)k;
	return -1;
}

static int add_state(struct sm__ir_prop *p, struct sm__str name)
{
	int s = find_state(p, name);
	if (s >= 0)
		return s;
	p->states = sm__xrealloc(p->states, (p->nstates + 1) * sizeof *p->states);
	p->final = sm__xrealloc(p->final, (p->nstates + 1) * sizeof *p->final);
	p->states[p->nstates] = name;
	p->final[p->nstates] = false;
	return (int)p->nstates++;
}

/* The hybrid-automaton parts of a DOT model that cannot be honoured yet. */
static void reject_hybrid(struct resolver *r, const struct sm__ast_automaton *aut)
{
	for (size_t k = 0; k < aut->nstates; k++)
		if (aut->states[k].invariant.len)
			sm__error(r->d, aut->states[k].invariant,
				  "clock invariants on states (hybrid automata) are not "
				  "supported yet");
	for (size_t k = 0; k < aut->nedges; k++)
		if (aut->edges[k].reset.len)
			sm__error(r->d, aut->edges[k].reset,
				  "clock resets on edges (hybrid automata) are not supported yet");
}

/* A DOT guard is an expression over the fields of the edge's event. */
static void parse_dot_guard(struct resolver *r, struct sm__ast_edge *ae)
{
	if (!ae->guard_text.len || ae->guard)
		return;
	ae->guard = sm__parse_expr_at(ae->guard_text, r->d);
	ae->guard_loc = ae->guard_text;
}

static void resolve_edge(struct resolver *r, struct sm__ast_edge *ae, struct sm__ir_prop *p,
			 struct sm__ir_edge *ie)
{
	ie->from = ae->from.name.len ? add_state(p, ae->from.name) : SM__ANY_STATE;
	ie->to = ae->to.name.len ? add_state(p, ae->to.name) : SM__STAY;
	ie->event = lookup_event(r, ae->event, "on this edge");
	ie->loc = ae->loc;
	parse_dot_guard(r, ae);
	ie->guard = ae->guard;
	ie->guard_loc = ae->guard_loc;
	if (ie->event < 0)
		return;
	p->alphabet[ie->event] = true;
	size_t errors = r->d->nerrors;
	resolve_expr(r, ie->guard, &r->ir->events[ie->event], r->ast->nconsts);
	if (r->d->nerrors > errors && p->model.len && !r->noted[ie->event]) {
		const struct sm__ir_event *ev = &r->ir->events[ie->event];
		r->noted[ie->event] = true;
		sm__note(r->d, ev->loc, "declare the fields this model's guards use, e.g. "
			 "'event %.*s(FIELD)', to check them", (int)ev->name.len, ev->name.ptr);
	}
}

/* Candidate edges per (state, source event), in the order they are tried. */
static void build_candidates(struct sm__ir *ir, struct sm__ir_prop *p)
{
	size_t cells = p->nstates * ir->nevents;
	p->cand_at = sm__xcalloc(cells + 1, sizeof *p->cand_at);
	size_t n = 0, cap = 0;
	for (size_t s = 0; s < p->nstates; s++)
		for (size_t root = 0; root < ir->nevents; root++) {
			p->cand_at[s * ir->nevents + root] = (int)n;
			for (int pass = 0; pass < 2; pass++)
				for (size_t k = 0; k < p->nedges; k++) {
					const struct sm__ir_edge *e = &p->edges[k];
					bool own = e->from == (int)s;
					bool any = e->from == SM__ANY_STATE;
					if (e->event < 0 || ir->events[e->event].root != (int)root)
						continue;
					if ((pass == 0 && own) || (pass == 1 && any))
						SM__PUSH(p->cand, n, cap, (int)k);
				}
		}
	p->cand_at[cells] = (int)n;
}

static void resolve_automaton(struct resolver *r, struct sm__ast_property *ap,
			      struct sm__ir_prop *p)
{
	struct sm__ast_automaton *aut = &ap->aut;
	if (aut->model)
		p->model = (struct sm__str){aut->model->name, strlen(aut->model->name)};
	reject_hybrid(r, aut);
	if (!aut->initial.name.len) {
		sm__error(r->d, ap->name.loc, "automaton '%.*s' has no 'initial' state",
			  (int)ap->name.name.len, ap->name.name.ptr);
		return;
	}
	p->initial = add_state(p, aut->initial.name);
	for (size_t k = 0; k < aut->nstates; k++)
		add_state(p, aut->states[k].name.name);
	p->edges = sm__xcalloc(aut->nedges, sizeof *p->edges);
	p->nedges = aut->nedges;
	for (size_t k = 0; k < aut->nedges; k++)
		resolve_edge(r, &aut->edges[k], p, &p->edges[k]);
	for (size_t k = 0; k < aut->nstates; k++)
		if (aut->states[k].final)
			p->final[find_state(p, aut->states[k].name.name)] = true;
	if (!aut->has_final)
		p->final[p->initial] = true; /* as in Linux RV */
	if (p->nstates > INT16_MAX)
		sm__error(r->d, ap->name.loc, "automaton '%.*s' has more than %d states",
			  (int)ap->name.name.len, ap->name.name.ptr, INT16_MAX);
	build_candidates(r->ir, p);
}

static void resolve_property(struct resolver *r, struct sm__ast_property *ap)
{
	struct sm__ir *ir = r->ir;
	for (size_t k = 0; k < ir->nprops; k++)
		if (sm__str_eq_str(ir->props[k].name, ap->name.name))
			sm__error(r->d, ap->name.loc, "property '%.*s' is already defined",
				  (int)ap->name.name.len, ap->name.name.ptr);
	struct sm__ir_prop p = {0};
	p.kind = ap->kind;
	p.name = ap->name.name;
	p.loc = ap->name.loc;
	p.alphabet = sm__xcalloc(ir->nevents + 1, sizeof *p.alphabet);
	p.start_event = -1;
	if (ap->kind == SM__PROP_RELATION)
		resolve_relation(r, ap, &p);
	else
		resolve_automaton(r, ap, &p);
	resolve_keys(r, ap, &p);
	ir->props = sm__xrealloc(ir->props, (ir->nprops + 1) * sizeof *ir->props);
	ir->props[ir->nprops++] = p;
}

/* Each source event lists the properties that any of its family moves. */
static void build_listeners(struct sm__ir *ir)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		struct sm__ir_event *root = &ir->events[ir->events[k].root];
		for (size_t pi = 0; pi < ir->nprops; pi++) {
			if (!ir->props[pi].alphabet[k])
				continue;
			bool listed = false;
			for (size_t j = 0; j < root->nprops; j++)
				listed |= root->props[j] == (int)pi;
			if (!listed) {
				root->props = sm__xrealloc(root->props,
							   (root->nprops + 1) * sizeof(int));
				root->props[root->nprops++] = (int)pi;
			}
		}
	}
}

/* DOT models name events the spec may not declare: those become plain
 * events bound by name, with the built-in fields only. */
static void declare_model_events(struct resolver *r)
{
	struct sm__ast *ast = r->ast;
	for (size_t k = 0; k < ast->nprops; k++) {
		struct sm__ast_automaton *aut = &ast->props[k].aut;
		if (!aut->model)
			continue;
		for (size_t e = 0; e < aut->nedges; e++) {
			struct sm__ast_name n = aut->edges[e].event;
			if (find_event(r->ir, n.name) >= 0)
				continue;
			struct sm__ast_event ev = {0};
			ev.name = n;
			ev.implicit = true;
			struct sm__ast_binding b = {0};
			b.kind = SM__BIND_DEFAULT;
			b.name = n;
			SM__PUSH(ev.bindings, ev.nbindings, ev.capbindings, b);
			SM__PUSH(ast->events, ast->nevents, ast->capevents, ev);
			add_event(r, &ast->events[ast->nevents - 1]);
		}
	}
}

bool sm__resolve(struct sm__ast *ast, struct sm__ir *ir, struct sm__diags *d)
{
	memset(ir, 0, sizeof *ir);
	ir->ast = *ast;
	memset(ast, 0, sizeof *ast);
	struct resolver r = {ir, d, &ir->ast, NULL, NULL};
	size_t errors = d->nerrors;
	ir->name = ir->ast.spec_name.name;
	if (ir->ast.title)
		ir->title = (struct sm__str){ir->ast.title, strlen(ir->ast.title)};
	fold_consts(&r);
	for (size_t k = 0; k < ir->ast.nevents; k++)
		add_event(&r, &ir->ast.events[k]);
	declare_model_events(&r);
	link_derived(&r);
	copy_root_fields(ir);
	resolve_wheres(&r);
	build_families(ir);
	resolve_bindings(&r);
	r.noted = sm__xcalloc(ir->nevents + 1, sizeof *r.noted);
	for (size_t k = 0; k < ir->ast.nprops; k++)
		resolve_property(&r, &ir->ast.props[k]);
	build_listeners(ir);
	free(r.consts);
	free(r.const_ok);
	free(r.noted);
	return d->nerrors == errors;
}

void sm__ir_free(struct sm__ir *ir)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		free(ir->events[k].fields);
		free(ir->events[k].family);
		free(ir->events[k].props);
	}
	free(ir->events);
	for (size_t k = 0; k < ir->nbindings; k++) {
		free(ir->bindings[k].member);
		free(ir->bindings[k].group);
		pcre2_code_free(ir->bindings[k].re);
	}
	free(ir->bindings);
	for (size_t k = 0; k < ir->nprops; k++) {
		struct sm__ir_prop *p = &ir->props[k];
		free(p->keys);
		free(p->key_slot);
		free(p->alphabet);
		free(p->states);
		free(p->final);
		free(p->edges);
		free(p->cand_at);
		free(p->cand);
	}
	free(ir->props);
	sm__ast_free(&ir->ast);
	memset(ir, 0, sizeof *ir);
}
