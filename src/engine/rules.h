/*
 * rules.h: the step rules of relations and automata (DESIGN.md §2.3, §2.4),
 * one definition used by both steppers: the engine (relation.c,
 * automaton.c, engine.c) and the lanes of sm_emit (lanes.c).  What differs
 * between them is where an instance's state lives and how ticks are found,
 * never what a tick does to a state.
 */
#ifndef SM_RULES_H
#define SM_RULES_H

#include "ir.h"

/*
 * CCSL relations over one instant, with lead = χa − χb before it and ta, tb
 * whether a and b tick now.  Returns false on a violation; the lead after
 * an allowed instant is lead + ta − tb.
 */
static inline bool sm__relation_allows(const struct sm__ir_prop *p, int64_t lead, bool ta,
				       bool tb)
{
	switch (p->rel) {
	case SM__REL_PRECEDES: /* χb(n) ≤ χa(n−1), and the bound on χa − χb */
		return (!tb || lead > 0) && (!p->bound || lead + ta - tb <= p->bound);
	case SM__REL_CAUSES: /* χb(n) ≤ χa(n) */
		return lead + ta - tb >= 0;
	case SM__REL_ALTERNATES: /* a ≺ b and b ≺ a delayed by one: 0 ≤ lead ≤ 1 */
		return (!tb || lead > 0) && lead + ta <= 1;
	case SM__REL_SUBCLOCK:
		return !ta || tb;
	case SM__REL_EXCLUDES:
		return !(ta && tb);
	case SM__REL_COINCIDES:
		return ta == tb;
	case SM__REL_WITHIN: /* a matter of time: relation.c's step_within */
		return true;
	}
	return false;
}

/*
 * The leads at which a relation allows an instant with these ticks: from
 * *lo to *hi (lo > hi: none), the same verdict as sm__relation_allows,
 * for a stepper that knows ta and tb before it reads the lead (the lanes'
 * fast path).  tests/unit/test_threads.c checks the two agree.
 */
static inline void sm__relation_range(const struct sm__ir_prop *p, bool ta, bool tb, int64_t *lo,
				      int64_t *hi)
{
	*lo = INT64_MIN;
	*hi = INT64_MAX;
	bool never = false;
	switch (p->rel) {
	case SM__REL_PRECEDES:
		*lo = tb ? 1 : INT64_MIN;
		*hi = p->bound ? p->bound - ta + tb : INT64_MAX;
		break;
	case SM__REL_CAUSES: *lo = (int64_t)tb - ta; break;
	case SM__REL_ALTERNATES:
		*lo = tb ? 1 : INT64_MIN;
		*hi = 1 - (int64_t)ta;
		break;
	case SM__REL_SUBCLOCK: never = ta && !tb; break;
	case SM__REL_EXCLUDES: never = ta && tb; break;
	case SM__REL_COINCIDES: never = ta != tb; break;
	case SM__REL_WITHIN: break;
	}
	if (never) {
		*lo = 1;
		*hi = 0;
	}
}

/* Is a relation with this lead satisfied at the end?  An alternation is a
 * round that must close: an a still waiting for its b is pending; precedes
 * and causes only forbid b running ahead. */
static inline bool sm__relation_done(const struct sm__ir_prop *p, int64_t lead)
{
	return !(p->rel == SM__REL_ALTERNATES && lead > 0);
}

/*
 * One clock operator over one instant: ta, tb whether its operands tick,
 * *s its state (updated; operators without state leave it).  Returns
 * whether it ticks.
 */
static inline bool sm__clock_tick(const struct sm__clock_node *c, int64_t *s, bool ta, bool tb)
{
	int64_t d = *s;
	switch (c->op) {
	case SM__C_EVENT: return ta;
	case SM__C_UNION: return ta || tb;
	case SM__C_INTER: return ta && tb;
	case SM__C_MINUS: return ta && !tb;
	case SM__C_INF: /* χ = max(χa, χb), d = χa − χb: the one ahead moves it */
		*s = d + ta - tb;
		return d > 0 ? ta : d < 0 ? tb : ta || tb;
	case SM__C_SUP: /* χ = min(χa, χb): the one behind moves it */
		*s = d + ta - tb;
		return d > 0 ? tb : d < 0 ? ta : ta && tb;
	case SM__C_DELAYED: /* ticks of a seen, up to n: then every a ticks */
		*s = d + (ta && d < c->n);
		return ta && d >= c->n;
	case SM__C_FILTERED: { /* d: the position of a's next tick in the word */
		if (!ta)
			return false;
		int64_t len = (int64_t)c->prefix + c->period;
		bool letter = d < len && c->word[d] == '1';
		*s = d + 1 < len ? d + 1 : c->period ? c->prefix : len; /* len: past the end */
		return letter;
	}
	case SM__C_SAMPLED: /* d: a ticked since b's last tick (or with it) */
		*s = !tb && (d || ta);
		return tb && (d || ta);
	}
	return false;
}

/* The event node a report shows: the first that ticks (out[k]) under node
 * root (all nodes when root < 0); -1 when none does. */
static inline int sm__shown_node(const struct sm__ir_prop *p, const bool *out, int root)
{
	size_t lo = root >= 0 ? (size_t)p->clock[root].first : 0;
	size_t hi = root >= 0 ? (size_t)root + 1 : p->nclock;
	for (size_t k = lo; k < hi; k++)
		if (p->clock[k].op == SM__C_EVENT && out[k])
			return (int)k;
	return -1;
}

/* The order in which an edge is tried: own edges first, then '*' edges. */
static inline size_t sm__edge_rank(const struct sm__ir_prop *p, int edge)
{
	return p->edges[edge].from == SM__ANY_STATE ? p->nedges + (size_t)edge : (size_t)edge;
}

/*
 * The edge an automaton in `state` takes among the candidates of source
 * event root (its own edges, then '*' edges, each in source order): the
 * first that `takes` accepts (its event ticks for the instance and its
 * guard holds), if it ranks before best (-1: none yet); else best.  Called
 * once per source event of the instant, best carried along.
 */
static inline int sm__edge_choice(const struct sm__ir_prop *p, int state, int root, int best,
				  bool (*takes)(void *ud, int edge), void *ud)
{
	struct sm__cands c = sm__ir_candidates(p, state, root);
	for (size_t k = 0; k < c.nown + c.nany; k++) {
		int edge = k < c.nown ? c.own[k] : c.any[k - c.nown];
		if (best >= 0 && sm__edge_rank(p, edge) >= sm__edge_rank(p, best))
			break; /* sorted: nothing better in this list */
		if (takes(ud, edge))
			return edge;
	}
	return best;
}

#endif
