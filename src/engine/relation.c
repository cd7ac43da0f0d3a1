/*
 * relation.c: stepping CCSL relations (DESIGN.md §2.3): a relation's lead
 * over one instant, its clock expressions, and `within` obligations.
 */
#include "engine_private.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

/* Open `within` obligations one instance keeps; more are dropped (counted). */
#define SM__MAX_OBLIGATIONS 64

struct obligations *sm__obligations(const struct sm__instance *inst)
{
	return sm__slot_field(inst->s, inst->rt->lay.obl);
}

/* A `within` instance's deadline: its oldest open obligation's. */
void sm__arm_within(struct sm__engine *eng, const struct sm__instance *inst)
{
	struct obligations *o = sm__obligations(inst);
	inst->s->state = o->len;
	if (!o->len) {
		sm__deadline_clear(eng, inst);
		return;
	}
	sm__deadline_set(eng, inst, sm__add_saturating(o->ring[o->head].ts, inst->rt->ir->within));
}

/* The oldest obligation is met or missed; the ring goes with the last one. */
void sm__obligation_close(struct obligations *o)
{
	o->head = (uint16_t)((o->head + 1) % o->cap);
	if (--o->len)
		return;
	free(o->ring);
	*o = (struct obligations){0};
}

/* Open an obligation at place; false when SM__MAX_OBLIGATIONS are open.
 * The ring is allocated at the first and doubles, in order, as needed. */
static bool obligation_open(struct obligations *o, const struct sm__place *place)
{
	if (o->len == SM__MAX_OBLIGATIONS)
		return false;
	if (o->len == o->cap) {
		uint16_t ncap = o->cap ? (uint16_t)(o->cap * 2) : 4;
		struct sm__place *ring = sm__xmalloc(ncap * sizeof *ring);
		for (uint16_t k = 0; k < o->len; k++)
			ring[k] = o->ring[(o->head + k) % o->cap];
		free(o->ring);
		*o = (struct obligations){ring, 0, o->len, ncap};
	}
	o->ring[(o->head + o->len++) % o->cap] = *place;
	return true;
}

/* A relation's clock-expression state: its memory after variables and
 * clocks (which relations do not have). */
static int64_t *clock_state(const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	return sm__slot_memory(inst->rt, inst->s) + p->nvars + p->nclocks;
}

/* Evaluate a relation's clock nodes for one instance, bottom-up. */
static void eval_clocks(struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	const int64_t *state = clock_state(inst);
	eng->clk_drift = -1;
	for (size_t k = 0; k < p->nclock; k++) {
		const struct sm__clock_node *c = &p->clock[k];
		if (c->op == SM__C_EVENT) { /* a is an event: its tick, kept for ticking_event */
			const struct tick *t = sm__addressing(eng, c->a, inst);
			eng->clk_it[k] = t ? t->it : -1;
			eng->clk_out[k] = t != NULL;
			continue;
		}
		bool ta = eng->clk_out[c->a];
		bool tb = c->b >= 0 && eng->clk_out[c->b];
		int64_t s = c->slot >= 0 ? state[c->slot] : 0;
		eng->clk_out[k] = sm__clock_tick(c, &s, ta, tb);
		if (c->slot < 0)
			continue;
		eng->clk_next[c->slot] = s;
		if ((c->op == SM__C_INF || c->op == SM__C_SUP) &&
		    (s > SM__CLOCK_DRIFT_LIMIT || s < -SM__CLOCK_DRIFT_LIMIT))
			eng->clk_drift = (int)k;
	}
}

/* The tick a report shows: of the first event that ticks under node `root`
 * (all nodes when root < 0), from the last evaluation; an index in itick. */
static int ticking_event(const struct sm__engine *eng, int root, const struct sm__instance *inst)
{
	int k = sm__shown_node(inst->rt->ir, eng->clk_out, root);
	return k >= 0 ? eng->clk_it[k] : eng->tick[0].it; /* a stepped instance has a tick */
}

/* The instant is allowed: keep the expressions' new state. */
static void commit_clocks(struct sm__engine *eng, const struct sm__instance *inst,
			  const struct sm__where *w)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	if (p->nclock_state)
		memcpy(clock_state(inst), eng->clk_next, p->nclock_state * sizeof(int64_t));
	if (eng->clk_drift >= 0 && !inst->s->drift_warned) {
		inst->s->drift_warned = true;
		if (eng->hooks.drift)
			eng->hooks.drift(eng->hooks.ud, p, inst, &p->clock[eng->clk_drift], w);
	}
}

/* `b within D after a` in one instant: a b meets the oldest obligation
 * opened before (first in, first met; none is fine), then an a opens one:
 * "the next b" after an a is a later one. */
static void step_within(struct sm__engine *eng, const struct sm__instance *inst,
			const struct sm__where *w)
{
	struct prop_rt *rt = inst->rt;
	const struct sm__ir_prop *p = rt->ir;
	struct obligations *o = sm__obligations(inst);
	eval_clocks(eng, inst);
	bool ta = eng->clk_out[p->ca], tb = eng->clk_out[p->cb];
	int shown = ticking_event(eng, tb ? p->cb : p->ca, inst);
	rt->steps++;
	if (tb && o->len)
		sm__obligation_close(o);
	if (ta && !w->has_ts)
		rt->stats.untimed++; /* no time, no deadline */
	else if (ta && !obligation_open(o, &eng->place))
		rt->stats.dropped++;
	sm__arm_within(eng, inst);
	commit_clocks(eng, inst, w);
	sm__slot_set_last(eng, inst->s);
	sm__remember(eng, inst, shown, -1, -1);
}

bool sm__relation_plain(const struct sm__ir_prop *p)
{
	return p->kind == SM__PROP_RELATION && p->rel != SM__REL_WITHIN && p->nclock == 2 &&
	       p->clock[p->ca].op == SM__C_EVENT && p->clock[p->cb].op == SM__C_EVENT;
}

/* Whether each side of the relation ticks for the instance in this
 * instant, and the tick a report shows. */
struct sides {
	bool ta, tb;
	int shown;
};

static struct sides clock_sides(struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	eval_clocks(eng, inst);
	bool ta = eng->clk_out[p->ca], tb = eng->clk_out[p->cb];
	return (struct sides){ta, tb, ticking_event(eng, tb ? p->cb : ta ? p->ca : -1, inst)};
}

void sm__step_relation(struct sm__engine *eng, const struct sm__instance *inst,
		       const struct sm__where *w)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	if (p->rel == SM__REL_WITHIN) {
		step_within(eng, inst, w);
		return;
	}
	struct sides sd = clock_sides(eng, inst);
	inst->rt->steps++;
	if (!sm__relation_allows(p, inst->s->state, sd.ta, sd.tb)) {
		/* The instant is ignored for the instance: the expressions too. */
		sm__violation(eng, inst, sd.shown, w, sd.ta, sd.tb);
		sm__remember(eng, inst, sd.shown, SM__HIST_VIOLATION, SM__HIST_VIOLATION);
		return;
	}
	inst->s->state += (int64_t)sd.ta - (int64_t)sd.tb;
	commit_clocks(eng, inst, w);
	sm__slot_set_last(eng, inst->s);
	sm__remember(eng, inst, sd.shown, -1, -1);
}
