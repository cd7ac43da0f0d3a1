/*
 * engine.c: instants, dispatch and the step functions (see engine.h).
 *
 * Instances live in their property's slots (instance.c); their histories in
 * the engine's step log (steplog.h), each instance keeping the number of
 * its last step.
 */
#include "engine_private.h"

#include <stdlib.h>
#include <string.h>

/* Open `within` obligations one instance keeps; more are dropped (counted). */
#define SM__MAX_OBLIGATIONS 64

/* The key of an event: true when it carries every key field. */
static bool event_key(const struct sm__ir_prop *p, int root, const struct sm__value *slots,
		      struct sm__value *key)
{
	bool whole = true;
	for (size_t k = 0; k < p->nkeys; k++) {
		int slot = p->key_slot[(size_t)root * p->nkeys + k];
		key[k] = slot >= 0 ? slots[slot] : (struct sm__value){0};
		whole &= key[k].kind != SM__VAL_NONE;
	}
	return whole;
}

/* ---- places ---- */

static size_t input_slot(const struct sm__engine *eng, const char *name)
{
	return (size_t)sm__mix((uint64_t)(uintptr_t)name) & (eng->capinput_at - 1);
}

static void inputs_grow(struct sm__engine *eng)
{
	eng->capinput_at = eng->capinput_at ? eng->capinput_at * 2 : 16;
	free(eng->input_at);
	eng->input_at = sm__xcalloc(eng->capinput_at, sizeof *eng->input_at);
	for (size_t k = 0; k < eng->ninputs; k++) {
		size_t at = input_slot(eng, eng->inputs[k]);
		while (eng->input_at[at])
			at = (at + 1) & (eng->capinput_at - 1);
		eng->input_at[at] = (uint32_t)k + 1;
	}
}

/* The index of an input name: names are kept by the caller for the
 * monitor's life (and "<emit>" is a literal), so the pointer is the name. */
static uint32_t input_index(struct sm__engine *eng, const char *name)
{
	if (eng->ninputs && eng->inputs[eng->place.input] == name)
		return eng->place.input; /* the same input as the last instant */
	if ((eng->ninputs + 1) * 2 > eng->capinput_at)
		inputs_grow(eng);
	size_t at = input_slot(eng, name);
	for (; eng->input_at[at]; at = (at + 1) & (eng->capinput_at - 1))
		if (eng->inputs[eng->input_at[at] - 1] == name)
			return eng->input_at[at] - 1;
	SM__PUSH(eng->inputs, eng->ninputs, eng->capinputs, name);
	eng->input_at[at] = (uint32_t)eng->ninputs;
	return (uint32_t)eng->ninputs - 1;
}

static struct sm__place place_of(struct sm__engine *eng, const struct sm__where *w)
{
	/* Reports show at most 9 digits (sm__format_time): no more is kept. */
	return (struct sm__place){w->lineno, w->ts_ns, input_index(eng, w->input),
				  w->ts_digits > 9 ? 9 : w->ts_digits, w->has_ts};
}

/* A place as reports read it; it has no losses (only the record being
 * reported has). */
static struct sm__where where_of(const struct sm__engine *eng, const struct sm__place *p)
{
	return (struct sm__where){eng->inputs[p->input], p->line, p->has_ts, p->digits, p->ts,
				  NULL};
}

/* ---- deadlines ---- */

static struct slot *heap_slot(const struct sm__engine *eng, struct deadline d)
{
	return sm__slot_at(&eng->props[d.prop], d.slot);
}

static void heap_put(struct sm__engine *eng, size_t at, struct deadline d)
{
	eng->heap[at] = d;
	*sm__slot_heap_at(&eng->props[d.prop], heap_slot(eng, d)) = (int32_t)at;
}

/* Returns where the entry ended. */
static size_t sift_up(struct sm__engine *eng, size_t at)
{
	struct deadline d = eng->heap[at];
	while (at > 0 && eng->heap[(at - 1) / 2].at > d.at) {
		heap_put(eng, at, eng->heap[(at - 1) / 2]);
		at = (at - 1) / 2;
	}
	heap_put(eng, at, d);
	return at;
}

static void sift_down(struct sm__engine *eng, size_t at)
{
	struct deadline d = eng->heap[at];
	for (;;) {
		size_t c = 2 * at + 1;
		if (c >= eng->nheap)
			break;
		if (c + 1 < eng->nheap && eng->heap[c + 1].at < eng->heap[c].at)
			c++;
		if (eng->heap[c].at >= d.at)
			break;
		heap_put(eng, at, eng->heap[c]);
		at = c;
	}
	heap_put(eng, at, d);
}

static void deadline_clear(struct sm__engine *eng, const struct sm__instance *inst)
{
	int32_t *heap_at = sm__slot_heap_at(inst->rt, inst->s);
	if (*heap_at < 0)
		return;
	size_t at = (size_t)*heap_at;
	*heap_at = -1;
	if (at == --eng->nheap)
		return;
	heap_put(eng, at, eng->heap[eng->nheap]);
	sift_down(eng, sift_up(eng, at));
}

/* Arm (or move) the instance's deadline; the heap has room (sm__instance_for). */
static void deadline_set(struct sm__engine *eng, const struct sm__instance *inst, int64_t at)
{
	int32_t *heap_at = sm__slot_heap_at(inst->rt, inst->s);
	if (*heap_at < 0) {
		eng->heap[eng->nheap] = (struct deadline){at, inst->rt->index, inst->at};
		*heap_at = (int32_t)eng->nheap++;
	}
	size_t k = (size_t)*heap_at;
	eng->heap[k].at = at;
	sift_down(eng, sift_up(eng, k));
}

static bool deadline_of(const struct sm__engine *eng, const struct sm__instance *inst,
			int64_t *at)
{
	if (!inst->rt->lay.heap_at || *sm__slot_heap_at(inst->rt, inst->s) < 0)
		return false;
	*at = eng->heap[*sm__slot_heap_at(inst->rt, inst->s)].at;
	return true;
}

/* t + d, held at the ends of int64 (bounds are checked >= 0 by the resolver,
 * but ts may be anything a trace says). */
static int64_t add_saturating(int64_t t, int64_t d)
{
	if (d >= 0)
		return t > INT64_MAX - d ? INT64_MAX : t + d;
	return t < INT64_MIN - d ? INT64_MIN : t + d;
}

/* An automaton's invariant in its current state, after a step at w: the
 * deadline moves when its clock was reset or the state changed. */
static void arm_invariant(struct sm__engine *eng, const struct sm__instance *inst,
			  const struct sm__where *w)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	if (!p->has_invariants)
		return;
	struct slot *s = inst->s;
	const int64_t *resets = sm__slot_memory(inst->rt, s) + p->nvars;
	int c = s->phase == SM__RUNNING ? p->inv_clock[s->state] : -1;
	if (c < 0 || resets[c] == SM__CLOCK_UNKNOWN || s->inv_done) {
		deadline_clear(eng, inst);
		return;
	}
	int64_t at = add_saturating(resets[c], p->inv_limit[s->state]);
	int64_t now;
	if (deadline_of(eng, inst, &now) && now == at)
		return;
	*(struct sm__place *)sm__slot_field(s, inst->rt->lay.opened) = place_of(eng, w);
	deadline_set(eng, inst, at);
}

/* ---- `within` obligations ---- */

static struct obligations *obligations(const struct sm__instance *inst)
{
	return sm__slot_field(inst->s, inst->rt->lay.obl);
}

/* A `within` instance's deadline: its oldest open obligation's. */
static void arm_within(struct sm__engine *eng, const struct sm__instance *inst)
{
	struct obligations *o = obligations(inst);
	inst->s->state = o->len;
	if (!o->len) {
		deadline_clear(eng, inst);
		return;
	}
	deadline_set(eng, inst, add_saturating(o->ring[o->head].ts, inst->rt->ir->within));
}

/* The oldest obligation is met or missed; the ring goes with the last one. */
static void obligation_close(struct obligations *o)
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

/* ---- history ---- */

/* The journal entry of a tick of this instant, copied in at its first use. */
static uint64_t journal_ref(struct sm__engine *eng, int it)
{
	struct itick *t = &eng->itick[it];
	if (!t->journaled) {
		t->journaled = true;
		t->record = sm__journal_add(&eng->journal, t->event, t->slots,
					    eng->ir->events[t->event].nfields);
	}
	return t->record;
}

/* The seq of the instance's last step, or 0 when the log no longer holds it. */
static uint64_t last_step(const struct sm__engine *eng, const struct sm__instance *inst)
{
	if (!inst->s->has_step)
		return 0;
	return sm__steplog_find(&eng->log, inst->s->last_step, inst->rt->index, inst->at);
}

/* ---- reclamation (DESIGN.md §2.5) ---- */

/*
 * Whether a property's instances may be reclaimed at all.  It needs a key
 * (its one instance is no burden), and every event of its alphabet must
 * carry the whole key: an event lacking a field would reach agreeing
 * instances, reclaimed ones not.  A record may still lack a key field's
 * value: then the property stops reclaiming (partial_seen), and instances
 * reclaimed before are not reached by that record -- the one case where
 * reclaiming shows, documented in doc/language.md §10.  An automaton's
 * clocks start when its instance is created: without `start`, an old
 * instance's never equal a new one's.
 */
static bool may_reclaim(const struct sm__ir *ir, const struct sm__ir_prop *p)
{
	if (!p->nkeys || (p->kind == SM__PROP_AUTOMATON && p->start_event < 0 && p->nclocks))
		return false;
	for (size_t e = 0; e < ir->nevents; e++)
		for (size_t k = 0; p->alphabet[e] && k < p->nkeys; k++)
			if (p->key_slot[e * p->nkeys + k] < 0)
				return false;
	return true;
}

static bool reclaiming(const struct prop_rt *rt)
{
	return rt->reclaims && !rt->partial_seen;
}

static bool all_equal(const int64_t *a, const int64_t *b, size_t n)
{
	return !n || !memcmp(a, b, n * sizeof *a);
}

static bool all_zero(const int64_t *a, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (a[k])
			return false;
	return true;
}

/*
 * Would a new instance for the same key behave exactly as this one from
 * now on, and would this one be satisfied at the end of input?  Then
 * reclaiming it changes no verdict: no deadline to come, and an automaton
 * waiting for its start event (starting resets everything), or in its
 * initial state, final, with its variables as new; a relation with no
 * lead, no open obligation, its clock expressions as new.
 */
static bool as_if_new(const struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	const struct slot *s = inst->s;
	const int64_t *memory = sm__slot_memory(inst->rt, s);
	int64_t at;
	if (deadline_of(eng, inst, &at))
		return false;
	if (p->kind == SM__PROP_AUTOMATON && p->start_event >= 0)
		return s->phase == SM__WAITING;
	if (p->kind == SM__PROP_AUTOMATON)
		return s->phase == SM__RUNNING && s->state == p->initial && p->final[p->initial] &&
		       all_equal(memory, p->var_init, p->nvars);
	return s->state == 0 && !s->drift_warned && all_zero(memory, p->nclock_state);
}

static void candidate(struct sm__engine *eng, uint32_t prop, uint32_t slot)
{
	if (eng->qlen == eng->qcap) { /* double the ring, its entries in order */
		size_t ncap = eng->qcap ? eng->qcap * 2 : 64;
		struct candidate *q = sm__xmalloc(ncap * sizeof *q);
		for (size_t k = 0; k < eng->qlen; k++)
			q[k] = eng->queue[(eng->qhead + k) & (eng->qcap - 1)];
		free(eng->queue);
		eng->queue = q;
		eng->qhead = 0;
		eng->qcap = ncap;
	}
	uint32_t stamp = sm__slot_at(&eng->props[prop], slot)->stamp;
	eng->queue[(eng->qhead + eng->qlen++) & (eng->qcap - 1)] =
		(struct candidate){eng->instant + SM__RECLAIM_AFTER, prop, slot, stamp};
}

/* After a step or a missed deadline: an instance as if new, whose history
 * the log does not hold, is a candidate.  One whose history is held
 * becomes one when its last step is written over (reclaiming it then shows
 * nowhere, not even in a history). */
static void consider(struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct slot *s = inst->s;
	if (!reclaiming(inst->rt) || (s->has_step && s->last_step == (uint32_t)eng->log.seq))
		return; /* the log's newest step is its own: its history is held */
	if (as_if_new(eng, inst) && !last_step(eng, inst))
		candidate(eng, inst->rt->index, inst->at);
}

/* The log is about to write over the step it wrote a ring ago: when that
 * was its instance's last, the instance is a candidate. */
static void outlived(struct sm__engine *eng)
{
	uint64_t seq;
	const struct sm__step *old = sm__steplog_doomed(&eng->log, &seq);
	if (!old || !reclaiming(&eng->props[old->prop]))
		return;
	const struct slot *s = sm__slot_at(&eng->props[old->prop], old->slot);
	if (s->phase != SM__FREE && s->has_step && s->last_step == (uint32_t)seq)
		candidate(eng, old->prop, old->slot);
}

/* At the end of an instant, when no instance is being stepped or reported:
 * the candidates due that have not stepped since and still qualify go. */
static void reclaim_due(struct sm__engine *eng)
{
	for (; eng->qlen && eng->queue[eng->qhead].due <= eng->instant; eng->qlen--) {
		struct candidate c = eng->queue[eng->qhead];
		eng->qhead = (eng->qhead + 1) & (eng->qcap - 1);
		struct sm__instance inst = sm__instance_at(&eng->props[c.prop], c.slot);
		if (inst.s->phase != SM__FREE && inst.s->stamp == c.stamp && reclaiming(inst.rt) &&
		    as_if_new(eng, &inst) && !last_step(eng, &inst))
			sm__reclaim(eng, inst.rt, c.slot);
	}
}

/* The property's stamps were cleared: so are its candidates', those that
 * had stepped since made never to match. */
static void restamp_candidates(struct sm__engine *eng, const struct prop_rt *rt)
{
	for (size_t k = 0; k < eng->qlen; k++) {
		struct candidate *c = &eng->queue[(eng->qhead + k) & (eng->qcap - 1)];
		if (c->prop == rt->index)
			c->stamp = c->stamp == sm__slot_at(rt, c->slot)->stamp ? 0 : UINT32_MAX;
	}
}

/* A step of this instant in the instance's history, shown at tick `it`. */
static void remember(struct sm__engine *eng, const struct sm__instance *inst, int it, int from,
		     int to)
{
	if (!eng->history)
		return; /* --history 0: no log at all */
	outlived(eng);
	struct sm__step step = {.record = journal_ref(eng, it), .prop = inst->rt->index,
				.slot = inst->at, .event = eng->itick[it].event,
				.from = (int16_t)from, .to = (int16_t)to};
	/* The previous step by its 32 bits, unchecked: a history walk checks. */
	uint64_t prev = inst->s->has_step ? sm__steplog_seq(&eng->log, inst->s->last_step) : 0;
	uint64_t seq = sm__steplog_add(&eng->log, eng->instant, &eng->place, prev, step);
	inst->s->last_step = (uint32_t)seq;
	inst->s->has_step = true;
}

/* ---- stepping ---- */

/* The start event of an automaton that no edge uses: it only starts. */
static int start_only_event(const struct sm__ir_prop *p)
{
	if (p->kind != SM__PROP_AUTOMATON || p->start_event < 0)
		return -1;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].event == p->start_event)
			return -1;
	return p->start_event;
}

static bool hits(const struct tick *t, const struct sm__instance *inst)
{
	return t->whole ? t->target == inst->at : sm__slot_key_agrees(inst->rt, inst->s, t->key);
}

/* The first tick of the property's ticks for `event`, or -1. */
static int first_tick(const struct sm__engine *eng, int event)
{
	if (event < 0 || eng->ticked[event] != eng->instant)
		return -1;
	int at = eng->tick_at[event];
	if (at < 0 || (size_t)at >= eng->nticks || eng->tick[at].event != event)
		return -1; /* ticks, but not in this property's alphabet */
	return at;
}

/* The first tick of `event` in this instant that addresses `inst` (of the
 * same event's, the first record's wins), or NULL. */
static const struct tick *addressing(const struct sm__engine *eng, int event,
				     const struct sm__instance *inst)
{
	for (int at = first_tick(eng, event); at >= 0; at = eng->tick[at].next)
		if (hits(&eng->tick[at], inst))
			return &eng->tick[at];
	return NULL;
}

/* A violation shown at the instant's tick `it`. */
static void violation(struct sm__engine *eng, const struct sm__instance *inst, int it,
		      const struct sm__where *w, bool ta, bool tb)
{
	inst->rt->stats.violations++;
	struct sm__violation v = {inst->rt->ir, inst, eng->itick[it].event, eng->itick[it].slots,
				  w, (int)inst->s->state, inst->s->state, ta, tb, NULL};
	eng->hooks.violation(eng->hooks.ud, &v);
}

/*
 * CCSL relations over one instant, with lead = χa − χb before it and ta, tb
 * whether a and b tick now (DESIGN.md §2.3).  Returns false on a violation.
 */
static bool relation_allows(const struct sm__ir_prop *p, int64_t lead, bool ta, bool tb)
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
	case SM__REL_WITHIN: /* a matter of time: step_within */
		return true;
	}
	return false;
}

/*
 * One clock operator over one instant (DESIGN.md §2.3): ta, tb whether its
 * operands tick, *s its state (updated).  Returns whether it ticks.
 */
static bool clock_tick(const struct sm__clock_node *c, int64_t *s, bool ta, bool tb)
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
		bool ta = c->op == SM__C_EVENT ? addressing(eng, c->a, inst) != NULL
					       : eng->clk_out[c->a];
		bool tb = c->b >= 0 && eng->clk_out[c->b];
		int64_t s = c->slot >= 0 ? state[c->slot] : 0;
		eng->clk_out[k] = clock_tick(c, &s, ta, tb);
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
	const struct sm__ir_prop *p = inst->rt->ir;
	size_t lo = root >= 0 ? (size_t)p->clock[root].first : 0;
	size_t hi = root >= 0 ? (size_t)root + 1 : p->nclock;
	for (size_t k = lo; k < hi; k++) {
		if (p->clock[k].op != SM__C_EVENT || !eng->clk_out[k])
			continue;
		const struct tick *t = addressing(eng, p->clock[k].a, inst);
		if (t)
			return t->it;
	}
	return eng->tick[0].it; /* unreachable: a stepped instance has a tick */
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
	struct obligations *o = obligations(inst);
	eval_clocks(eng, inst);
	bool ta = eng->clk_out[p->ca], tb = eng->clk_out[p->cb];
	int shown = ticking_event(eng, tb ? p->cb : p->ca, inst);
	rt->stats.steps++;
	if (tb && o->len)
		obligation_close(o);
	if (ta && !w->has_ts)
		rt->stats.untimed++; /* no time, no deadline */
	else if (ta && !obligation_open(o, &eng->place))
		rt->stats.dropped++;
	arm_within(eng, inst);
	commit_clocks(eng, inst, w);
	sm__slot_set_last(inst->s, &eng->place);
	remember(eng, inst, shown, -1, -1);
}

static void step_relation(struct sm__engine *eng, const struct sm__instance *inst,
			  const struct sm__where *w)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	if (p->rel == SM__REL_WITHIN) {
		step_within(eng, inst, w);
		return;
	}
	eval_clocks(eng, inst);
	bool ta = eng->clk_out[p->ca], tb = eng->clk_out[p->cb];
	int shown = ticking_event(eng, tb ? p->cb : ta ? p->ca : -1, inst);
	inst->rt->stats.steps++;
	if (!relation_allows(p, inst->s->state, ta, tb)) {
		/* The instant is ignored for the instance: the expressions too. */
		violation(eng, inst, shown, w, ta, tb);
		remember(eng, inst, shown, SM__HIST_VIOLATION, SM__HIST_VIOLATION);
		return;
	}
	inst->s->state += (int64_t)ta - (int64_t)tb;
	commit_clocks(eng, inst, w);
	sm__slot_set_last(inst->s, &eng->place);
	remember(eng, inst, shown, -1, -1);
}

/* The order in which an edge is tried: own edges first, then '*' edges. */
static size_t edge_rank(const struct sm__ir_prop *p, int edge)
{
	return p->edges[edge].from == SM__ANY_STATE ? p->nedges + (size_t)edge : (size_t)edge;
}

/* What guards and actions read of an instance: its variables and clocks. */
static struct sm__env instance_env(const struct sm__instance *inst, const struct sm__value *slots,
				   const struct sm__where *w)
{
	int64_t *vars = sm__slot_memory(inst->rt, inst->s);
	return (struct sm__env){slots, vars, vars + inst->rt->ir->nvars, w->has_ts, w->ts_ns};
}

/*
 * The first edge, in the order they are tried, whose event ticks and
 * addresses the instance and whose guard holds (on the values of the
 * event's first tick addressing it); -1 when none, else *slots are those
 * values.  The ticks of several source events are merged in that order.
 */
static int take_edge(const struct sm__engine *eng, const struct sm__instance *inst,
		     const struct sm__where *w, const struct sm__value **slots)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	struct sm__env env = instance_env(inst, NULL, w);
	int best = -1;
	*slots = NULL;
	for (size_t r = 0; r < eng->nsources; r++) {
		/* The state's own edges, then the '*' edges, each in source
		 * order (precomputed by the resolver). */
		struct sm__cands c = sm__ir_candidates(p, (int)inst->s->state, eng->sources[r]);
		for (size_t k = 0; k < c.nown + c.nany; k++) {
			int edge = k < c.nown ? c.own[k] : c.any[k - c.nown];
			if (best >= 0 && edge_rank(p, edge) >= edge_rank(p, best))
				break; /* sorted: nothing better in this list */
			const struct sm__ir_edge *e = &p->edges[edge];
			const struct tick *t = addressing(eng, e->event, inst);
			if (!t)
				continue;
			env.slots = eng->itick[t->it].slots;
			if (!e->guard || sm__eval_cond(e->guard, &env)) {
				best = edge;
				*slots = env.slots;
				break;
			}
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
		if (t->event != eng->start_only && hits(t, inst))
			return t;
	}
	return NULL;
}

static void after_violation(const struct sm__instance *inst, const struct sm__where *w)
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
	if (inst->s->phase == SM__STOPPED || !addressing(eng, p->start_event, inst))
		return false;
	inst->s->phase = SM__RUNNING;
	inst->s->state = p->initial;
	return p->start_with;
}

static struct move automaton_move(const struct sm__engine *eng, const struct sm__instance *inst,
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

static void apply_move(struct sm__engine *eng, const struct sm__instance *inst, struct move mv,
		       const struct sm__where *w)
{
	struct prop_rt *rt = inst->rt;
	struct slot *s = inst->s;
	rt->stats.steps++;
	if (mv.edge < 0) {
		violation(eng, inst, mv.shown, w, false, false);
		remember(eng, inst, mv.shown, (int)s->state, SM__HIST_VIOLATION);
		after_violation(inst, w);
		return;
	}
	const struct sm__ir_edge *e = &rt->ir->edges[mv.edge];
	run_actions(eng, inst, e, mv.slots, w);
	if (e->to != SM__STAY && e->to != s->state) {
		s->state = e->to;
		s->inv_done = false; /* a new stay */
	}
	rt->edge_hits[mv.edge]++;
	sm__slot_set_last(s, &eng->place);
	remember(eng, inst, mv.shown, e->from, (int)s->state);
}

static void step_automaton(struct sm__engine *eng, const struct sm__instance *inst,
			   const struct sm__where *w)
{
	struct slot *s = inst->s;
	bool waiting = s->phase == SM__WAITING;
	bool step = starts(eng, inst);
	if (waiting && s->phase == SM__RUNNING)
		sm__fresh_memory(inst->rt, s, w); /* watching begins now */
	if (!step) {
		if (s->phase == SM__RUNNING) { /* `start on` just started it */
			sm__slot_set_last(s, &eng->place);
			const struct tick *t = addressing(eng, inst->rt->ir->start_event, inst);
			int shown = t ? eng->itick[t->it].root : eng->tick[0].it;
			remember(eng, inst, shown, SM__HIST_STARTED, (int)s->state);
		}
		arm_invariant(eng, inst, w);
		return;
	}
	struct move mv = automaton_move(eng, inst, w);
	if (mv.step)
		apply_move(eng, inst, mv, w);
	arm_invariant(eng, inst, w);
}

/* Ticks of one event that address the instance after its first did:
 * another record's, in the same instant; not stepped over, but counted. */
static void count_coincident(struct sm__engine *eng, const struct sm__instance *inst)
{
	for (size_t k = 0; k < eng->nticks; k++) {
		const struct tick *t = &eng->tick[k];
		if (t->next < 0 || eng->tick_at[t->event] != (int)k)
			continue;
		bool seen = false;
		for (int at = (int)k; at >= 0; at = eng->tick[at].next) {
			if (!hits(&eng->tick[at], inst))
				continue;
			inst->rt->stats.coincident += seen;
			seen = true;
		}
	}
}

/* Has the instance stepped in this instant (then it takes no other step)?
 * Marks it as having stepped. */
static bool stepped_already(const struct sm__instance *inst)
{
	if (inst->s->stamp == inst->rt->epoch)
		return true;
	inst->s->stamp = inst->rt->epoch;
	return false;
}

static void step_instance(struct sm__engine *eng, const struct sm__instance *inst,
			  const struct sm__where *w)
{
	if (inst->s->phase == SM__STOPPED || stepped_already(inst))
		return; /* one step per instance per instant */
	if (eng->multi)
		count_coincident(eng, inst);
	if (inst->rt->ir->kind == SM__PROP_AUTOMATON)
		step_automaton(eng, inst, w);
	else
		step_relation(eng, inst, w);
	consider(eng, inst);
}

/* The ticks of the property's alphabet in this instant, with their keys;
 * the ticks of one event chained in the order of their records. */
static void gather_ticks(struct sm__engine *eng, struct prop_rt *rt)
{
	const struct sm__ir_prop *p = rt->ir;
	eng->nticks = 0;
	eng->multi = false;
	if (eng->nitick > eng->capticks) { /* cold: the widest instant so far */
		eng->capticks = eng->nitick;
		free(eng->tick);
		free(eng->keys);
		eng->tick = sm__xcalloc(eng->capticks, sizeof *eng->tick);
		eng->keys = sm__xcalloc(eng->capticks * SM__MAX_KEYS, sizeof *eng->keys);
	}
	for (size_t r = 0; r < eng->nitick; r++) {
		int e = eng->itick[r].event;
		if (!p->alphabet[e])
			continue;
		size_t n = eng->nticks++;
		struct tick *t = &eng->tick[n];
		struct sm__value *key = &eng->keys[n * SM__MAX_KEYS];
		t->event = e;
		t->it = (int)r;
		t->next = -1;
		t->tail = (int)n;
		t->key = key;
		t->whole = event_key(p, e, eng->itick[r].slots, key);
		rt->partial_seen |= !t->whole;
		t->target = SM__REFUSED;
		for (size_t k = 0; k < p->nkeys; k++)
			if (key[k].kind != SM__VAL_NONE)
				rt->stats.keys_carried |= 1u << k;
		int at = eng->tick_at[e];
		if (at >= 0 && (size_t)at < n && eng->tick[at].event == e) {
			eng->tick[eng->tick[at].tail].next = (int)n;
			eng->tick[at].tail = (int)n;
			eng->multi = true;
		} else {
			eng->tick_at[e] = (int)n;
		}
	}
}

/* An event without the whole key goes to every instance that agrees on the
 * key fields it has (JavaMOP), in creation order; it creates none. */
static void broadcast(struct sm__engine *eng, struct prop_rt *rt, const struct sm__value *key,
		      const struct sm__where *w)
{
	for (struct chain c = sm__agreeing(rt, key); c.at; c.at = c.next[c.at - 1]) {
		struct sm__instance inst = sm__instance_at(rt, c.at - 1);
		step_instance(eng, &inst, w);
	}
}

/*
 * Events without any key field reach every instance, and every instance
 * that no whole key addressed sees the same ticks: the move of a running
 * automaton depends only on its state, so it is worked out once per state
 * and applied to each instance -- unless its guards read the instance's
 * variables or clocks, when each instance works out its own.  Only when
 * each event ticks once (step_property): else each instance counts the
 * ticks that came twice.
 */
static void broadcast_keyless(struct sm__engine *eng, struct prop_rt *rt,
			      const struct sm__where *w)
{
	static const struct sm__value none[SM__MAX_KEYS];
	const struct sm__ir_prop *p = rt->ir;
	for (struct chain c = sm__agreeing(rt, none); c.at; c.at = c.next[c.at - 1]) {
		struct sm__instance inst = sm__instance_at(rt, c.at - 1);
		if (p->kind != SM__PROP_AUTOMATON || inst.s->phase != SM__RUNNING ||
		    p->guards_read_instance) {
			step_instance(eng, &inst, w);
			continue;
		}
		if (stepped_already(&inst))
			continue;
		size_t state = (size_t)inst.s->state;
		if (rt->memo_at[state] != eng->instant) {
			rt->memo_at[state] = eng->instant;
			rt->memo[state] = automaton_move(eng, &inst, w);
		}
		if (rt->memo[state].step)
			apply_move(eng, &inst, rt->memo[state], w);
		arm_invariant(eng, &inst, w);
		consider(eng, &inst);
	}
}

static bool keyless(const struct sm__ir_prop *p, const struct tick *t)
{
	for (size_t k = 0; k < p->nkeys; k++)
		if (t->key[k].kind != SM__VAL_NONE)
			return false;
	return true;
}

/* The property looks at a new instant: a new stamp for the instances it
 * steps, every stamp cleared when the count runs out. */
static void next_epoch(struct sm__engine *eng, struct prop_rt *rt)
{
	if (++rt->epoch < 1u << SM__STAMP_BITS)
		return;
	restamp_candidates(eng, rt);
	sm__clear_stamps(rt);
	rt->epoch = 1;
}

static void step_property(struct sm__engine *eng, struct prop_rt *rt, const struct sm__where *w)
{
	next_epoch(eng, rt);
	gather_ticks(eng, rt);
	/* Whole keys first: they create instances, which partial keys then reach. */
	bool partial = false, all_keyless = true;
	for (size_t k = 0; k < eng->nticks; k++) {
		struct tick *t = &eng->tick[k];
		if (t->whole) {
			t->target = sm__instance_for(eng, rt, t->key, w);
		} else {
			partial = true;
			all_keyless &= keyless(rt->ir, t);
		}
	}
	for (size_t k = 0; k < eng->nticks; k++) {
		if (eng->tick[k].target == SM__REFUSED)
			continue;
		struct sm__instance inst = sm__instance_at(rt, eng->tick[k].target);
		step_instance(eng, &inst, w);
	}
	if (partial && all_keyless && !eng->multi)
		broadcast_keyless(eng, rt, w);
	else if (partial)
		for (size_t k = 0; k < eng->nticks; k++)
			if (!eng->tick[k].whole)
				broadcast(eng, rt, eng->tick[k].key, w);
}

/* The instant's ticks, per match: its source event, then its derived
 * events whose base ticks for the match and whose filter holds on its
 * values (a family lists parents first). */
static void mark_ticks(struct sm__engine *eng, const struct sm__match *m, size_t n)
{
	eng->nitick = eng->nsources = 0;
	for (size_t r = 0; r < n; r++) {
		const struct sm__ir_event *root = &eng->ir->events[m[r].event];
		if (eng->nitick + 1 + root->nfamily > eng->capitick) { /* cold */
			while (eng->nitick + 1 + root->nfamily > eng->capitick)
				eng->capitick *= 2;
			eng->itick = sm__xrealloc(eng->itick, eng->capitick * sizeof *eng->itick);
			eng->sources = sm__xrealloc(eng->sources,
						    eng->capitick * sizeof *eng->sources);
		}
		uint64_t serial = ++eng->serial;
		int at = (int)eng->nitick;
		if (eng->ticked[m[r].event] != eng->instant)
			eng->sources[eng->nsources++] = m[r].event;
		eng->ticked[m[r].event] = eng->instant;
		eng->mark[m[r].event] = serial;
		eng->itick[eng->nitick++] = (struct itick){m[r].event, at, m[r].slots, false, 0};
		for (size_t k = 0; k < root->nfamily; k++) {
			int d = root->family[k];
			const struct sm__ir_event *ev = &eng->ir->events[d];
			struct sm__env env = {m[r].slots, NULL, NULL, false, 0};
			if (eng->mark[ev->base] == serial && sm__eval_cond(ev->where, &env)) {
				eng->ticked[d] = eng->instant;
				eng->mark[d] = serial;
				eng->itick[eng->nitick++] =
					(struct itick){d, at, m[r].slots, false, 0};
			}
		}
	}
}

/*
 * A missed deadline, reported at w: an invariant's (then the property's
 * `after violation` policy applies, and the same deadline is not armed
 * again), or the oldest `within` obligation's (the next one takes over).
 */
static void miss(struct sm__engine *eng, struct deadline d, const struct sm__where *w,
		 enum sm__passed_by by)
{
	struct sm__instance inst = sm__instance_at(&eng->props[d.prop], d.slot);
	const struct sm__ir_prop *p = inst.rt->ir;
	struct slot *s = inst.s;
	struct sm__where opened = where_of(eng, p->kind == SM__PROP_AUTOMATON
				? sm__slot_field(s, inst.rt->lay.opened)
				: &obligations(&inst)->ring[obligations(&inst)->head]);
	struct sm__miss m = {d.at, &opened, by};
	int shown = p->kind == SM__PROP_AUTOMATON ? -1 : p->a;
	struct sm__violation v = {p, &inst, shown, NULL, w, (int)s->state, s->state,
				  false, false, &m};
	inst.rt->stats.violations++;
	if (p->kind == SM__PROP_AUTOMATON) {
		s->inv_done = true;
		eng->hooks.violation(eng->hooks.ud, &v);
		after_violation(&inst, w);
		arm_invariant(eng, &inst, w);
	} else {
		eng->hooks.violation(eng->hooks.ud, &v);
		obligation_close(obligations(&inst));
		arm_within(eng, &inst);
	}
	consider(eng, &inst);
}

/* Every deadline before input time `where` is missed. */
static void pass_deadlines(struct sm__engine *eng, const struct sm__where *where,
			   enum sm__passed_by by)
{
	while (eng->nheap && eng->heap[0].at < where->ts_ns) {
		struct deadline d = eng->heap[0];
		struct sm__instance inst = sm__instance_at(&eng->props[d.prop], d.slot);
		deadline_clear(eng, &inst);
		miss(eng, d, where, by);
	}
}

void sm__engine_advance(struct sm__engine *eng, const struct sm__where *where,
			enum sm__passed_by by)
{
	if (!where->has_ts) {
		eng->untimed += eng->timed;
		return;
	}
	pass_deadlines(eng, where, by);
}

bool sm__engine_next_deadline(const struct sm__engine *eng, int64_t *at)
{
	if (!eng->nheap)
		return false;
	*at = eng->heap[0].at;
	return true;
}

uint64_t sm__engine_untimed(const struct sm__engine *eng)
{
	return eng->untimed;
}

void sm__engine_instant(struct sm__engine *eng, const struct sm__match *m, size_t n,
			const struct sm__where *where)
{
	/* Time first: what was due before this record is missed before it
	 * steps anything (a deadline met exactly at its time is met). */
	sm__engine_advance(eng, where, SM__PASSED_BY_RECORD);
	if (!n)
		return;
	eng->instant++;
	eng->place = place_of(eng, where);
	mark_ticks(eng, m, n);
	for (size_t k = 0; k < n; k++) {
		const struct sm__ir_event *root = &eng->ir->events[m[k].event];
		for (size_t j = 0; j < root->nprops; j++) {
			struct prop_rt *rt = &eng->props[root->props[j]];
			if (rt->stamp == eng->instant)
				continue; /* each property looks at the instant once */
			rt->stamp = eng->instant;
			eng->start_only = rt->start_only;
			step_property(eng, rt, where);
		}
	}
	/* A deadline this instant set that its own time has already passed (a
	 * state entered after its invariant's clock ran out) is missed here. */
	if (where->has_ts)
		pass_deadlines(eng, where, SM__PASSED_BY_RECORD);
	reclaim_due(eng);
}

/* ---- the whole engine ---- */

struct sm__engine *sm__engine_new(const struct sm__ir *ir, unsigned history,
				  uint64_t max_instances, struct sm__engine_hooks hooks)
{
	struct sm__engine *eng = sm__xcalloc(1, sizeof *eng);
	eng->ir = ir;
	eng->history = history;
	if (history)
		sm__steplog_init(&eng->log, history);
	eng->hist = sm__xcalloc(history + 1, sizeof *eng->hist);
	eng->max_instances = max_instances;
	eng->hooks = hooks;
	eng->ticked = sm__xcalloc(ir->nevents + 1, sizeof *eng->ticked);
	eng->mark = sm__xcalloc(ir->nevents + 1, sizeof *eng->mark);
	eng->props = sm__xcalloc(ir->nprops + 1, sizeof *eng->props);
	/* Room for a record's ticks (each event once); an instant of several
	 * records grows them. */
	eng->capitick = eng->capticks = ir->nevents + 1;
	eng->itick = sm__xcalloc(eng->capitick, sizeof *eng->itick);
	eng->sources = sm__xcalloc(eng->capitick, sizeof *eng->sources);
	eng->tick = sm__xcalloc(eng->capticks, sizeof *eng->tick);
	eng->tick_at = sm__xcalloc(ir->nevents + 1, sizeof *eng->tick_at);
	eng->keys = sm__xcalloc(eng->capticks * SM__MAX_KEYS, sizeof *eng->keys);
	size_t memory = 0;
	for (size_t k = 0; k < ir->nprops; k++)
		if (ir->props[k].nvars + ir->props[k].nclocks > memory)
			memory = ir->props[k].nvars + ir->props[k].nclocks;
	eng->scratch = sm__xcalloc(memory + 1, sizeof *eng->scratch);
	size_t nodes = 0, slots = 0;
	for (size_t k = 0; k < ir->nprops; k++) {
		nodes = ir->props[k].nclock > nodes ? ir->props[k].nclock : nodes;
		slots = ir->props[k].nclock_state > slots ? ir->props[k].nclock_state : slots;
	}
	eng->clk_out = sm__xcalloc(nodes + 1, sizeof *eng->clk_out);
	eng->clk_next = sm__xcalloc(slots + 1, sizeof *eng->clk_next);
	for (size_t k = 0; k < ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k];
		rt->ir = &ir->props[k];
		rt->index = (uint32_t)k;
		rt->reclaims = may_reclaim(ir, rt->ir);
		sm__prop_storage_init(rt);
		eng->timed |= sm__has_deadlines(rt->ir) || rt->ir->nclocks;
		rt->start_only = start_only_event(rt->ir);
		rt->memo = sm__xcalloc(rt->ir->nstates + 1, sizeof(struct move));
		rt->memo_at = sm__xcalloc(rt->ir->nstates + 1, sizeof(uint64_t));
		rt->edge_hits = sm__xcalloc(rt->ir->nedges + 1, sizeof(uint64_t));
	}
	return eng;
}

void sm__engine_free(struct sm__engine *eng)
{
	if (!eng)
		return;
	for (size_t k = 0; k < eng->ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k];
		sm__prop_storage_free(rt);
		free(rt->edge_hits);
		free(rt->memo);
		free(rt->memo_at);
	}
	sm__strings_free(eng);
	free(eng->props);
	free(eng->ticked);
	free(eng->mark);
	free(eng->itick);
	free(eng->sources);
	free(eng->tick);
	sm__journal_free(&eng->journal);
	sm__steplog_free(&eng->log);
	free(eng->hist);
	free(eng->inputs);
	free(eng->input_at);
	free(eng->tick_at);
	free(eng->keys);
	free(eng->queue);
	free(eng->scratch);
	free(eng->heap);
	free(eng->clk_out);
	free(eng->clk_next);
	free(eng);
}

static bool satisfied(const struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	int64_t at;
	if (inst->s->phase != SM__RUNNING)
		return true; /* not watching (yet, or any more): nothing to judge */
	if (deadline_of(eng, inst, &at))
		return false; /* an invariant or obligation whose deadline is to come */
	if (p->kind == SM__PROP_AUTOMATON)
		return p->final[inst->s->state];
	/* An alternation is a round that must close: an a still waiting for
	 * its b is pending.  precedes and causes only forbid b running ahead. */
	return !(p->rel == SM__REL_ALTERNATES && inst->s->state > 0);
}

void sm__engine_pending(struct sm__engine *eng,
			void (*fn)(void *ud, const struct sm__pending *p), void *ud)
{
	for (size_t k = 0; k < eng->ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k];
		size_t n;
		uint32_t *order = sm__creation_order(rt, &n);
		for (size_t j = 0; j < n; j++) {
			struct sm__instance inst = sm__instance_at(rt, order ? order[j] : (uint32_t)j);
			if (inst.s->phase == SM__FREE || satisfied(eng, &inst))
				continue;
			rt->stats.pending++;
			struct sm__pending pend = {rt->ir, &inst};
			fn(ud, &pend);
		}
		free(order);
	}
}

bool sm__engine_ever_ticked(const struct sm__engine *eng, int event)
{
	return eng->ticked[event] != 0;
}

void sm__engine_stats(const struct sm__engine *eng, size_t prop, struct sm__prop_stats *out)
{
	*out = eng->props[prop].stats;
	out->edge_hits = eng->props[prop].edge_hits;
}

bool sm__instance_deadline(const struct sm__engine *eng, const struct sm__instance *inst,
			   int64_t *at)
{
	return deadline_of(eng, inst, at);
}

int64_t sm__instance_state(const struct sm__instance *inst)
{
	return inst->s->state;
}

struct sm__where sm__instance_last(const struct sm__engine *eng, const struct sm__instance *inst)
{
	struct sm__place last = sm__slot_last(inst->s);
	return where_of(eng, &last);
}

/* Walk back from the instance's last step, filling eng->hist from its end:
 * the newest `history` steps the log still holds, oldest first. */
size_t sm__instance_history(struct sm__engine *eng, const struct sm__instance *inst,
			    const struct sm__hist_entry **out)
{
	size_t n = 0;
	for (uint64_t seq = last_step(eng, inst); n < eng->history;
	     seq = sm__steplog_prev(&eng->log, seq)) {
		const struct sm__step *s = sm__steplog_get(&eng->log, seq);
		if (!s)
			break;
		struct sm__hist_entry *h = &eng->hist[eng->history - ++n];
		h->where = where_of(eng, sm__steplog_place(&eng->log, s));
		h->record = s->record;
		h->event = s->event;
		h->from = s->from;
		h->to = s->to;
	}
	*out = eng->hist + eng->history - n;
	return n;
}

const struct sm__journal_rec *sm__engine_record(const struct sm__engine *eng,
						const struct sm__hist_entry *h)
{
	return sm__journal_get(&eng->journal, h->record);
}
