/*
 * automaton.c: stepping automata (DESIGN.md §2.4): the edge an instant
 * takes, guards and actions, `start` and `after violation`, and the
 * deadline of the current state's invariant.
 */
#include "engine_private.h"
#include "rules.h"

#include <string.h>

/* An automaton's invariant in its current state, after a step at w: the
 * deadline moves when its clock was reset or the state changed. */
void sm__arm_invariant(struct sm__engine *eng, const struct sm__instance *inst,
		       const struct sm__where *w)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	if (!p->has_invariants)
		return;
	struct slot *s = inst->s;
	const int64_t *resets = sm__slot_memory(inst->rt, s) + p->nvars;
	int c = s->phase == SM__RUNNING ? p->inv_clock[s->state] : -1;
	if (c < 0 || resets[c] == SM__CLOCK_UNKNOWN || s->inv_done) {
		sm__deadline_clear(eng, inst);
		return;
	}
	int64_t at = sm__add_saturating(resets[c], p->inv_limit[s->state]);
	int64_t now;
	if (sm__deadline_of(eng, inst, &now) && now == at)
		return;
	*(struct sm__place *)sm__slot_field(s, inst->rt->lay.opened) = sm__place_of(eng, w);
	sm__deadline_set(eng, inst, at);
}

/* What guards and actions read of an instance: its variables and clocks. */
static struct sm__env instance_env(const struct sm__instance *inst, const struct sm__value *slots,
				   const struct sm__where *w)
{
	int64_t *vars = sm__slot_memory(inst->rt, inst->s);
	return (struct sm__env){slots, vars, vars + inst->rt->ir->nvars, w->has_ts, w->ts_ns};
}

/* What an edge's event and guard are tried on: the instant and the
 * instance, the guard's environment, and the values of the tick it took. */
struct trial {
	const struct sm__engine *eng;
	const struct sm__instance *inst;
	struct sm__env env;
};

/* Does the edge's event tick, addressing the instance, with its guard
 * holding on the values of the event's first such tick (then env.slots)? */
static bool edge_takes(void *ud, int edge)
{
	struct trial *t = ud;
	const struct sm__ir_edge *e = &t->inst->rt->ir->edges[edge];
	const struct tick *tk = sm__addressing(t->eng, e->event, t->inst);
	if (!tk)
		return false;
	t->env.slots = t->eng->itick[tk->it].slots;
	return !e->guard || sm__eval_cond(e->guard, &t->env);
}

/*
 * The edge the instance takes (rules.h's sm__edge_choice over the
 * instant's source events, merged in the order edges are tried); -1 when
 * none, else *slots are the values its guard read.
 */
static int take_edge(const struct sm__engine *eng, const struct sm__instance *inst,
		     const struct sm__where *w, const struct sm__value **slots)
{
	struct trial t = {eng, inst, instance_env(inst, NULL, w)};
	int best = -1;
	*slots = NULL;
	for (size_t r = 0; r < eng->nsources; r++) {
		int edge = sm__edge_choice(inst->rt->ir, (int)inst->s->state, eng->sources[r], best,
					   edge_takes, &t);
		if (edge != best) {
			best = edge;
			*slots = t.env.slots;
		}
	}
	return best;
}

/* The first tick of an edge event (not a start event no edge uses) that
 * addresses the instance; NULL: no step.  Its record is what a report shows. */
static const struct tick *first_edge_tick(const struct sm__engine *eng,
					  const struct sm__instance *inst)
{
	for (size_t k = 0; k < eng->nticks; k++) {
		const struct tick *t = &eng->tick[k];
		if (t->event != inst->rt->start_only && sm__hits(t, inst))
			return t;
	}
	return NULL;
}

void sm__after_violation(const struct sm__instance *inst, const struct sm__where *w)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	switch (p->after) {
	case SM__AFTER_IGNORE:
		break;
	case SM__AFTER_RESTART:
		inst->s->state = p->initial;
		sm__fresh_memory(inst->rt, inst->s, w);
		inst->s->phase = p->start_event >= 0 ? SM__WAITING : SM__RUNNING;
		break;
	case SM__AFTER_STOP:
		inst->s->phase = SM__STOPPED;
		break;
	}
}

/*
 * `start on E`: an instance waits for E, which puts it in the initial state
 * and is not taken as a step; `start with E`: E starts it and the instant
 * is then stepped from the initial state (the kernel's da_handle_start_event
 * and da_handle_start_run_event).  Returns whether to step now.
 */
static bool starts(const struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	if (inst->s->phase == SM__RUNNING)
		return true;
	if (inst->s->phase == SM__STOPPED || !sm__addressing(eng, p->start_event, inst))
		return false;
	inst->s->phase = SM__RUNNING;
	inst->s->state = p->initial;
	return p->start_with;
}

struct move sm__automaton_move(const struct sm__engine *eng, const struct sm__instance *inst,
			       const struct sm__where *w)
{
	struct move mv = {false, -1, -1, NULL};
	const struct tick *first = first_edge_tick(eng, inst);
	if (!first)
		return mv; /* only the start event, which no edge uses, ticked */
	mv.step = true;
	mv.edge = take_edge(eng, inst, w, &mv.slots);
	mv.shown = eng->itick[first->it].root;
	return mv;
}

/*
 * An edge's `do` list, in order, every action reading the values before
 * the step (DESIGN.md §2.4): the new values are made apart, then copied in.
 * An assignment without a value (a missing field) keeps the variable as it
 * was, and is counted.
 */
static void run_actions(struct sm__engine *eng, const struct sm__instance *inst,
			const struct sm__ir_edge *e, const struct sm__value *slots,
			const struct sm__where *w)
{
	if (!e->nactions)
		return;
	const struct sm__ir_prop *p = inst->rt->ir;
	struct sm__env env = instance_env(inst, slots, w);
	size_t n = p->nvars + p->nclocks;
	memcpy(eng->scratch, env.vars, n * sizeof *eng->scratch);
	for (size_t k = 0; k < e->nactions; k++) {
		const struct sm__ir_action *a = &e->actions[k];
		if (a->var < 0) {
			eng->scratch[p->nvars + (size_t)a->clock] =
				w->has_ts ? w->ts_ns : SM__CLOCK_UNKNOWN;
			if (p->has_invariants && p->inv_clock[inst->s->state] == a->clock)
				inst->s->inv_done = false; /* a new deadline for this stay */
			continue;
		}
		struct sm__value v = sm__eval(a->value, &env);
		if (v.kind == SM__VAL_INT)
			eng->scratch[a->var] = v.i;
		else
			inst->rt->stats.unknown_actions++;
	}
	memcpy(sm__slot_memory(inst->rt, inst->s), eng->scratch, n * sizeof *eng->scratch);
}

void sm__apply_move(struct sm__engine *eng, const struct sm__instance *inst, struct move mv,
		    const struct sm__where *w)
{
	struct prop_rt *rt = inst->rt;
	struct slot *s = inst->s;
	rt->steps++;
	if (mv.edge < 0) {
		sm__violation(eng, inst, mv.shown, w, false, false);
		sm__remember(eng, inst, mv.shown, (int)s->state, SM__HIST_VIOLATION);
		sm__after_violation(inst, w);
		return;
	}
	const struct sm__ir_edge *e = &rt->ir->edges[mv.edge];
	run_actions(eng, inst, e, mv.slots, w);
	if (e->to != SM__STAY && e->to != s->state) {
		s->state = e->to;
		s->inv_done = false; /* a new stay */
	}
	rt->edge_hits[mv.edge]++;
	sm__slot_set_last(eng, s);
	sm__remember(eng, inst, mv.shown, e->from, (int)s->state);
}

void sm__step_automaton(struct sm__engine *eng, const struct sm__instance *inst,
			const struct sm__where *w)
{
	struct slot *s = inst->s;
	bool waiting = s->phase == SM__WAITING;
	bool step = starts(eng, inst);
	if (waiting && s->phase == SM__RUNNING)
		sm__fresh_memory(inst->rt, s, w); /* watching begins now */
	if (!step) {
		if (s->phase == SM__RUNNING) { /* `start on` just started it */
			sm__slot_set_last(eng, s);
			const struct tick *t = sm__addressing(eng, inst->rt->ir->start_event, inst);
			int shown = t ? eng->itick[t->it].root : eng->tick[0].it;
			sm__remember(eng, inst, shown, SM__HIST_STARTED, (int)s->state);
		}
		sm__arm_invariant(eng, inst, w);
		return;
	}
	struct move mv = sm__automaton_move(eng, inst, w);
	if (mv.step)
		sm__apply_move(eng, inst, mv, w);
	sm__arm_invariant(eng, inst, w);
}
