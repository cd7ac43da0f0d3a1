/*
 * lint.c: warnings about a spec that loads but probably does not say what
 * its author meant (issue 5 §5): automata with states that trap or cannot
 * be reached, `initial`/`final` names no edge uses, states and edges given
 * twice, relations of an event with itself.  They are diagnostics of both
 * `specmon lint` and `specmon check`; a warning never stops a check.
 * Everything here is linear in the size of the spec.
 */
#include "ir.h"

#include "names.h"

#include <stdlib.h>
#include <string.h>

/* ---- relations ---- */

static void lint_relation(const struct sm__ast_property *ap, struct sm__diags *d)
{
	static const char *const verdict[] = {
		[SM__REL_PRECEDES] = "it is violated at the event's first tick",
		[SM__REL_CAUSES] = "it always holds",
		[SM__REL_ALTERNATES] = "it is violated at the event's first tick",
		[SM__REL_SUBCLOCK] = "it always holds",
		[SM__REL_EXCLUDES] = "it is violated at the event's first tick",
		[SM__REL_COINCIDES] = "it always holds",
	};
	struct sm__str a = ap->rel.a.name;
	if (a.len && sm__str_eq_str(a, ap->rel.b.name))
		sm__warning(d, ap->rel.text, "'%.*s' is related with itself: %s",
			    (int)a.len, a.ptr, verdict[ap->rel.kind]);
}

/* ---- automata ---- */

struct states {
	struct sm__loc *loc; /* first mention of each state */
	bool *on_edge;       /* named by some edge */
	bool *reached;       /* from the initial state */
};

static void note_state(struct states *st, int s, struct sm__loc loc, bool on_edge)
{
	if (s < 0)
		return;
	if (!st->loc[s].src)
		st->loc[s] = loc;
	st->on_edge[s] |= on_edge;
}

/* The own edges of state s: p->own[*begin .. *end) (candidate groups are
 * sorted by state). */
static void own_edges(const struct sm__ir_prop *p, int s, int *begin, int *end)
{
	*begin = p->grp[p->grp_at[s]].begin;
	*end = p->grp[p->grp_at[s + 1]].begin;
}

static size_t nany(const struct sm__ir *ir, const struct sm__ir_prop *p)
{
	return (size_t)p->any_at[ir->nevents + 1];
}

/* Breadth-first from the initial state; a '*' edge leads from any reached
 * state, so its target is reached as soon as the initial state is. */
static void reach(const struct sm__ir *ir, const struct sm__ir_prop *p, struct states *st)
{
	int *queue = sm__xmalloc(sizeof *queue * (p->nstates + 1));
	size_t head = 0, tail = 0;
	st->reached[p->initial] = true;
	queue[tail++] = p->initial;
	for (size_t k = 0; k < nany(ir, p); k++) {
		int to = p->edges[p->any[k]].to;
		if (to >= 0 && !st->reached[to]) {
			st->reached[to] = true;
			queue[tail++] = to;
		}
	}
	while (head < tail) {
		int s = queue[head++], begin, end;
		own_edges(p, s, &begin, &end);
		for (int k = begin; k < end; k++) {
			int to = p->edges[p->own[k]].to;
			if (to >= 0 && !st->reached[to]) {
				st->reached[to] = true;
				queue[tail++] = to;
			}
		}
	}
	free(queue);
}

static void lint_states(const struct sm__ir *ir, const struct sm__ir_prop *p,
			const struct states *st, struct sm__diags *d)
{
	const struct sm__str init = p->states[p->initial];
	for (size_t s = 0; s < p->nstates; s++) {
		struct sm__str name = p->states[s];
		int begin, end;
		own_edges(p, (int)s, &begin, &end);
		if (!st->on_edge[s]) {
			char hint[128];
			sm__suggest(name, p->states, p->nstates, hint, sizeof hint);
			sm__warning(d, st->loc[s], "%sstate '%.*s' is on no edge%s",
				    (int)s == p->initial ? "initial " : p->final[s] ? "final " : "",
				    (int)name.len, name.ptr, hint);
		} else if (!st->reached[s]) {
			sm__warning(d, st->loc[s], "state '%.*s' cannot be reached from the "
				    "initial state '%.*s'", (int)name.len, name.ptr,
				    (int)init.len, init.ptr);
		} else if (begin == end && nany(ir, p) == 0 && !p->final[s]) {
			sm__warning(d, st->loc[s], "state '%.*s' is never left and is not final: "
				    "an instance there can only violate or end pending",
				    (int)name.len, name.ptr);
		}
	}
}

/* `final a, a`, and two edges with the same state, event and guard: the
 * second is never taken, since the first always is before it. */
static void lint_twice(const struct sm__ast_automaton *aut, struct sm__diags *d)
{
	struct sm__names seen = {0};
	for (size_t k = 0; k < aut->nstates; k++)
		if (sm__names_put(&seen, aut->states[k].name.name, (int)k) >= 0)
			sm__warning(d, aut->states[k].name.loc, "state '%.*s' is listed twice",
				    (int)aut->states[k].name.name.len,
				    aut->states[k].name.name.ptr);
	sm__names_free(&seen);
	for (size_t k = 0; k < aut->nedges; k++) {
		const struct sm__ast_edge *e = &aut->edges[k];
		struct sm__str key[3] = {e->from.name.len ? e->from.name : (struct sm__str){"*", 1},
					 e->event.name, sm__loc_text(e->guard_loc)};
		int first = sm__names_add(&seen, key, 3, (int)k);
		if (first < 0)
			continue;
		uint32_t line, col;
		const struct sm__loc at = aut->edges[first].loc;
		sm__source_linecol(at.src, at.off, &line, &col);
		sm__warning(d, e->loc, "this edge repeats the one at line %u (same state, event "
			    "and guard), so it is never taken", line);
	}
	sm__names_free(&seen);
}

static void lint_automaton(const struct sm__ir *ir, const struct sm__ast_automaton *aut,
			   const struct sm__ir_prop *p, struct sm__diags *d)
{
	if (!p->nstates || !p->grp_at)
		return;
	struct states st;
	st.loc = sm__xcalloc(p->nstates, sizeof *st.loc);
	st.on_edge = sm__xcalloc(p->nstates, sizeof *st.on_edge);
	st.reached = sm__xcalloc(p->nstates, sizeof *st.reached);
	/* Edges come first: a state's first mention on an edge is where a
	 * warning about it points, except for names only `initial`/`final` use. */
	for (size_t k = 0; k < p->nedges; k++) {
		note_state(&st, p->edges[k].from, aut->edges[k].from.loc, true);
		note_state(&st, p->edges[k].to, aut->edges[k].to.loc, true);
	}
	note_state(&st, p->initial, aut->initial.loc, false);
	struct sm__names index = {0};
	for (size_t s = 0; s < p->nstates; s++)
		sm__names_put(&index, p->states[s], (int)s);
	for (size_t k = 0; k < aut->nstates; k++)
		note_state(&st, sm__names_get(&index, aut->states[k].name.name),
			   aut->states[k].name.loc, false);
	sm__names_free(&index);
	reach(ir, p, &st);
	lint_states(ir, p, &st, d);
	lint_twice(aut, d);
	free(st.loc);
	free(st.on_edge);
	free(st.reached);
}

void sm__lint(const struct sm__ir *ir, struct sm__diags *d)
{
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ast_property *ap = &ir->ast.props[k];
		if (ap->kind == SM__PROP_RELATION)
			lint_relation(ap, d);
		else
			lint_automaton(ir, &ap->aut, &ir->props[k], d);
	}
}
