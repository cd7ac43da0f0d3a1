/*
 * engine.c: instants and dispatch (see engine.h): the ticks of an instant,
 * the instances they address (a whole key creates, a partial key reaches
 * the agreeing ones), one step per instance per instant, the history each
 * step leaves, and the engine's life.  Instances live in instance.c;
 * relation.c and automaton.c step them; time.c passes deadlines.
 */
#include "engine_private.h"
#include "rules.h"

#include <stdlib.h>
#include <string.h>

static bool same_fields(const int *a, const int *b, size_t n)
{
	for (size_t k = 0; a != b && k < n; k++) /* not memcmp: n is mostly 1 */
		if (a[k] != b[k])
			return false;
	return true;
}

/* The key the property takes from tick r of the instant (its event's key
 * fields), in eng->keys; read and hashed again only when the property
 * before did not take the same fields. */
static const struct sm__value *tick_key(struct sm__engine *eng, const struct sm__ir_prop *p,
					size_t r)
{
	struct itick *it = &eng->itick[r];
	struct sm__value *key = &eng->keys[r * SM__MAX_KEYS];
	static const int no_fields[1];
	const int *row = p->nkeys ? &p->key_slot[(size_t)it->event * p->nkeys] : no_fields;
	if (it->key_row && it->key_n == p->nkeys && same_fields(it->key_row, row, p->nkeys))
		return key;
	it->key_row = row;
	it->key_n = p->nkeys;
	it->key_carried = 0;
	for (size_t k = 0; k < p->nkeys; k++) {
		key[k] = row[k] >= 0 ? it->slots[row[k]] : (struct sm__value){0};
		if (key[k].kind != SM__VAL_NONE)
			it->key_carried |= 1u << k;
	}
	it->key_whole = it->key_carried == (uint32_t)((1ull << p->nkeys) - 1);
	it->key_hash = sm__key_hash(key, p->nkeys);
	return key;
}

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

struct sm__place sm__place_of(struct sm__engine *eng, const struct sm__where *w)
{
	/* Reports show at most 9 digits (sm__format_time): no more is kept. */
	return (struct sm__place){w->lineno, w->ts_ns, input_index(eng, w->input),
				  w->ts_digits > 9 ? 9 : w->ts_digits, w->has_ts};
}

/* The instant's place, as a slot's last_at keeps it when it fits: what
 * sm__place_of gives, field by field, and the input looked up only when it
 * changed (most instants come from the input of the one before; this runs
 * once an instant, and measured 28 instructions cheaper). */
static void set_place(struct sm__engine *eng, const struct sm__where *where)
{
	if (!eng->ninputs || where->input != eng->place_input) {
		eng->place.input = input_index(eng, where->input);
		eng->place_input = where->input;
	}
	eng->place.line = where->lineno;
	eng->place.ts = where->ts_ns;
	eng->place.digits = where->ts_digits > 9 ? 9 : where->ts_digits;
	eng->place.has_ts = where->has_ts;
	eng->place_far = (eng->place.input >= SM__FAR_INPUT) | (eng->place.line >> SM__LINE_BITS != 0);
	uint64_t digits = eng->place.has_ts ? eng->place.digits : SM__NO_TS;
	eng->place_at = eng->place.line | digits << SM__DIGITS_SHIFT |
			(uint64_t)eng->place.input << SM__INPUT_SHIFT;
}

/* The far places form a list of those let go, through their line. */
void sm__far_forget(struct sm__engine *eng, struct slot *s)
{
	uint64_t at = s->last_at & SM__LINE_MASK;
	eng->far[at].line = eng->far_free;
	eng->far_free = at + 1;
	s->last_at = 0;
}

/* Cold: a line or an input past what last_at holds, now or before. */
void sm__far_last(struct sm__engine *eng, struct slot *s)
{
	if (sm__last_is_far(s->last_at))
		sm__far_forget(eng, s);
	if (!eng->place_far) {
		s->last_at = eng->place_at;
		return;
	}
	uint64_t at = eng->nfar;
	if (eng->far_free) { /* a place let go before */
		at = eng->far_free - 1;
		eng->far_free = eng->far[at].line;
		eng->far[at] = eng->place;
	} else {
		SM__PUSH(eng->far, eng->nfar, eng->capfar, eng->place);
	}
	s->last_at = at | (uint64_t)SM__FAR_INPUT << SM__INPUT_SHIFT;
}

/* The place set_place packed in a word (not a far one), and its time. */
static struct sm__place unpacked_place(uint64_t at, int64_t ts)
{
	unsigned digits = (unsigned)(at >> SM__DIGITS_SHIFT) & SM__NO_TS; /* 4 bits */
	bool has_ts = digits != SM__NO_TS;
	return (struct sm__place){at & SM__LINE_MASK, ts, (uint32_t)(at >> SM__INPUT_SHIFT),
				  (uint8_t)(has_ts ? digits : 0), has_ts};
}

/* The room for an own origin's values, as a report reads them. */
#define OWN_REC (sizeof(struct sm__journal_rec) + SM__OWN_VALUES * sizeof(struct sm__value))

struct sm__place sm__slot_last(const struct sm__engine *eng, const struct slot *s)
{
	uint64_t line = s->last_at & SM__LINE_MASK;
	uint32_t input = (uint32_t)(s->last_at >> SM__INPUT_SHIFT);
	if (input == SM__FAR_INPUT) {
		struct sm__place far = eng->far[line];
		far.ts = s->last_ts;
		far.digits = far.has_ts ? far.digits : 0;
		return far;
	}
	return unpacked_place(s->last_at, s->last_ts);
}

/* A place as reports read it; it has no losses (only the record being
 * reported has). */
struct sm__where sm__where_of(const struct sm__engine *eng, const struct sm__place *p)
{
	return (struct sm__where){eng->inputs[p->input], p->line, p->has_ts, p->digits, p->ts,
				  NULL};
}

/*
 * History shared in a shape.  The plain relations of a shape that share
 * (prop_rt.shares) step alike in a direct instant: the same slot, the same
 * record, after the same steps.  Their keeper (the shape's first property,
 * first in every plan) writes the step; a sharer's instance (slot.shared)
 * writes none and reads its history from the keeper's in the same slot.
 * With 100 relations on the same events, writing a step for each took 20%
 * of the time.  An instance that steps apart -- its violation or another
 * path's step (sm__remember), or its keeper's, or the keeper's instance
 * reclaimed -- keeps its own history from then on, its older steps the
 * keeper's (struct sm__step_owner).  The log's seq counts the steps not
 * written (planned_flush), but a borrowed step is the keeper's, up to one
 * instant's steps older than the sharer's own would have been: at the
 * ring's edge its history ends, and its instance may be reclaimed, that
 * much sooner.  (The edge was never one property's alone: every
 * property's steps fill the ring.)
 */

/* Whose steps the instance's history is read from. */
static struct sm__instance history_holder(const struct sm__engine *eng,
					  const struct sm__instance *inst)
{
	if (!inst->s->shared)
		return *inst;
	struct prop_rt *keeper = &eng->props[inst->rt->shape];
	return (struct sm__instance){keeper, sm__slot_at(keeper, inst->at), inst->at, NULL};
}

static struct sm__step_owner step_owner(const struct sm__instance *inst)
{
	const struct prop_rt *rt = inst->rt;
	return (struct sm__step_owner){rt->index, rt->shares ? rt->shape : rt->index, inst->at};
}

/* The seq of the instance's last step, or 0 when the log no longer holds it. */
uint64_t sm__last_step(const struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__instance h = history_holder(eng, inst);
	return sm__steplog_find(&eng->log, h.s->last_step, step_owner(&h));
}

/* The step keeper k took in this instant (it steps first in it), or NULL. */
static const struct sm__step *keeper_step_now(const struct sm__engine *eng,
					      const struct sm__instance *k)
{
	uint64_t seq = sm__last_step(eng, k);
	return seq > eng->seq_before ? sm__steplog_get(&eng->log, seq) : NULL;
}

/* Sharer s in the keeper's slot at keeps its own history: its last step is
 * the keeper's last before this instant (s steps apart, so it has not
 * stepped in it yet). */
static void unshare_one(struct sm__engine *eng, struct prop_rt *keeper, uint32_t at,
			struct slot *s)
{
	const struct sm__instance k = sm__instance_at(keeper, at);
	const struct sm__step *now = keeper_step_now(eng, &k);
	s->last_step = now ? now->prev : k.s->last_step;
	s->shared = false;
}

void sm__unshare(struct sm__engine *eng, const struct sm__instance *inst)
{
	if (inst->s->shared)
		unshare_one(eng, &eng->props[inst->rt->shape], inst->at, inst->s);
	if (!inst->s->keeps)
		return;
	for (uint32_t k = 0; k < inst->rt->nsharers; k++) {
		struct prop_rt *rt = &eng->props[inst->rt->sharers[k]];
		struct slot *s = inst->at < rt->nslots ? sm__slot_at(rt, inst->at) : NULL;
		if (s && s->shared)
			unshare_one(eng, inst->rt, inst->at, s);
	}
	inst->s->keeps = false;
}

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

/* A violation shown at the instant's tick `it`. */
void sm__violation(struct sm__engine *eng, const struct sm__instance *inst, int it,
		   const struct sm__where *w, bool ta, bool tb)
{
	inst->rt->stats.violations++;
	if (inst->s->shared || inst->s->keeps)
		sm__unshare(eng, inst); /* before its history is read */
	struct sm__violation v = {inst->rt->ir, inst, eng->itick[it].event, eng->itick[it].slots,
				  w, (int)inst->s->state, inst->s->state, ta, tb, NULL};
	eng->hooks.violation(eng->hooks.ud, &v);
}

/* Ticks of one event that address the instance after its first did:
 * another record's, in the same instant; not stepped over, but counted.
 * Rare (an instant of several records): kept out of step_instance, whose
 * every call would otherwise pay for its registers. */
__attribute__((noinline)) static void count_coincident(struct sm__engine *eng, const struct sm__instance *inst)
{
	for (size_t k = 0; k < eng->nticks; k++) {
		const struct tick *t = &eng->tick[k];
		if (t->next < 0 || eng->tick_at[t->event] != (int)k)
			continue;
		bool seen = false;
		for (int at = (int)k; at >= 0; at = eng->tick[at].next) {
			if (!sm__hits(&eng->tick[at], inst))
				continue;
			inst->rt->stats.coincident += seen;
			seen = true;
		}
	}
}

/* Has the instance stepped in this instant (then it takes no other step)? */
static bool stepped_already(const struct sm__instance *inst)
{
	return inst->s->stamp == inst->rt->epoch;
}

/* The instance has stepped in this instant: its stamp says so, and it is
 * considered for reclamation.  The stamp is stored once the step is done,
 * and after `queued` is read: the step reads the flags in the stamp's
 * word, and a read of that word after the store waited for it (as
 * planned_moved's). */
static void stepped(struct sm__engine *eng, const struct sm__instance *inst)
{
	bool consider = inst->rt->considers && !inst->s->queued;
	inst->s->stamp = inst->rt->epoch;
	if (consider)
		sm__consider_unqueued(eng, inst);
}

static void step_instance(struct sm__engine *eng, const struct sm__instance *inst,
			  const struct sm__where *w)
{
	if (inst->s->phase == SM__STOPPED || stepped_already(inst))
		return; /* one step per instance per instant */
	if (eng->multi)
		count_coincident(eng, inst);
	if (inst->rt->ir->kind == SM__PROP_AUTOMATON)
		sm__step_automaton(eng, inst, w);
	else if (inst->rt->plain && eng->nticks == 1)
		sm__step_plain(eng, inst, eng->tick[0].event, eng->tick[0].it, w);
	else
		sm__step_relation(eng, inst, w);
	stepped(eng, inst);
}

/* Cold: the widest instant so far. */
static void room_for_ticks(struct sm__engine *eng)
{
	eng->capticks = eng->nitick;
	free(eng->tick);
	free(eng->keys);
	eng->tick = sm__xcalloc(eng->capticks, sizeof *eng->tick);
	eng->keys = sm__xcalloc(eng->capticks * SM__MAX_KEYS, sizeof *eng->keys);
	for (size_t k = 0; k < eng->nitick; k++)
		eng->itick[k].key_row = NULL; /* its key went with the old keys */
}

/* Tick r of the instant joins the property's ticks, after the others of
 * its event. */
static void add_tick(struct sm__engine *eng, const struct sm__ir_prop *p, size_t r)
{
	int e = eng->itick[r].event;
	size_t n = eng->nticks++;
	struct tick *t = &eng->tick[n];
	t->event = e;
	t->it = (int)r;
	t->next = -1;
	t->tail = (int)n;
	t->key = tick_key(eng, p, r);
	t->whole = eng->itick[r].key_whole;
	t->target = SM__REFUSED;
	eng->ticks_partial |= !t->whole;
	eng->ticks_carried |= eng->itick[r].key_carried;
	int at = eng->tick_at[e];
	if (at >= 0 && (size_t)at < n && eng->tick[at].event == e) {
		eng->tick[eng->tick[at].tail].next = (int)n;
		eng->tick[at].tail = (int)n;
		eng->multi = true;
	} else {
		eng->tick_at[e] = (int)n;
	}
}

/* The ticks of the property's alphabet in this instant, with their keys;
 * the ticks of one event chained in the order of their records.  Those of
 * the property stepped before serve when it has the same shape. */
static void gather_ticks(struct sm__engine *eng, struct prop_rt *rt, const struct sm__where *w)
{
	const struct sm__ir_prop *p = rt->ir;
	if (eng->ticks_instant != eng->instant || eng->ticks_shape != rt->shape) {
		eng->ticks_instant = eng->instant;
		eng->ticks_shape = rt->shape;
		eng->nticks = 0;
		eng->multi = eng->ticks_partial = false;
		eng->ticks_carried = 0;
		if (eng->nitick > eng->capticks)
			room_for_ticks(eng);
		for (size_t r = 0; r < eng->nitick; r++)
			if (p->alphabet[eng->itick[r].event])
				add_tick(eng, p, r);
	}
	/* No more reclaiming once a key lacks a field (sm__may_reclaim); what
	 * it took before is not reached: said. */
	if (eng->ticks_partial && !rt->partial_seen) {
		rt->partial_seen = true;
		rt->considers = false;
		if (rt->stats.reclaimed && eng->hooks.late_partial)
			eng->hooks.late_partial(eng->hooks.ud, rt->ir, rt->stats.reclaimed, w);
	}
	rt->carried |= eng->ticks_carried;
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
			rt->memo[state] = sm__automaton_move(eng, &inst, w);
		}
		if (rt->memo[state].step)
			sm__apply_move(eng, &inst, rt->memo[state], w);
		sm__arm_invariant(eng, &inst, w);
		stepped(eng, &inst);
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
	sm__restamp_candidates(eng, rt);
	sm__clear_stamps(rt);
	rt->epoch = 1;
}

static void step_property(struct sm__engine *eng, struct prop_rt *rt, const struct sm__where *w)
{
	next_epoch(eng, rt);
	gather_ticks(eng, rt, w);
	if (eng->nticks == 1 && eng->tick[0].whole) { /* the common instant: one instance */
		struct tick *t = &eng->tick[0];
		/* t->target: the slot of the property of this shape before, if any */
		t->target = sm__instance_for(eng, rt, t->key, eng->itick[t->it].key_hash, t->target, w);
		if (t->target != SM__REFUSED)
			step_instance(eng, &(struct sm__instance){rt, sm__slot_at(rt, t->target),
								  t->target, NULL},
				      w);
		return;
	}
	/* Whole keys first: they create instances, which partial keys then reach. */
	bool partial = false, all_keyless = true;
	for (size_t k = 0; k < eng->nticks; k++) {
		struct tick *t = &eng->tick[k];
		if (t->whole) {
			t->target = sm__instance_for(eng, rt, t->key, eng->itick[t->it].key_hash,
						     t->target, w);
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
		eng->itick[eng->nitick++] =
			(struct itick){m[r].event, at, m[r].slots, false, 0, root->nfields, NULL};
		for (size_t k = 0; k < root->nfamily; k++) {
			int d = root->family[k];
			const struct sm__ir_event *ev = &eng->ir->events[d];
			struct sm__env env = {m[r].slots, NULL, NULL, false, 0};
			if (eng->mark[ev->base] == serial && sm__eval_cond(ev->where, &env)) {
				eng->ticked[d] = eng->instant;
				eng->mark[d] = serial;
				eng->itick[eng->nitick++] =
					(struct itick){d, at, m[r].slots, false, 0, ev->nfields, NULL};
			}
		}
	}
}

/* An instant of several records, or of events that derive others. */
static void many_ticks_instant(struct sm__engine *eng, const struct sm__match *m, size_t n,
			       const struct sm__where *where)
{
	mark_ticks(eng, m, n);
	for (size_t k = 0; k < n; k++) {
		const struct sm__ir_event *root = &eng->ir->events[m[k].event];
		for (size_t j = 0; j < root->nprops; j++) {
			struct prop_rt *rt = &eng->props[root->props[j]];
			if (rt->stamp == eng->instant || rt->lane)
				continue; /* each property looks at the instant once */
			rt->stamp = eng->instant;
			step_property(eng, rt, where);
		}
	}
}

/* A key's values from the record's (row: the slot of each key field, all
 * known): false when the record lacks one. */
static bool read_key(struct sm__value *key, const struct sm__value *slots, const int *row,
		     size_t nkeys)
{
	bool whole = true;
	for (size_t k = 0; k < nkeys; k++) {
		key[k] = slots[row[k]];
		whole &= key[k].kind != SM__VAL_NONE;
	}
	return whole;
}

/* The slots of the key fields of step ps's property in event e. */
static inline const int *step_row(const struct plan_step *ps, int e)
{
	static const int no_fields[1];
	if (ps->nkeys == 1)
		return &ps->row_in;
	return ps->nkeys ? &ps->rt->ir->key_slot[(size_t)e * ps->nkeys] : no_fields;
}

uint32_t sm__journal_first(struct sm__engine *eng, int it)
{
	return sm__journal_first_here(eng, it);
}

/* The key step ps takes from the record (slots): one field is the
 * record's own value, read in place (copying it cost W1 15 instructions an
 * instant); more are copied side by side into eng->keys.  False when the
 * record lacks one. */
static inline bool step_key(struct sm__engine *eng, const struct plan_step *ps, int e,
			    const struct sm__value *slots, const struct sm__value **key)
{
	if (ps->nkeys == 1) {
		*key = &slots[ps->row_in];
		return (*key)->kind != SM__VAL_NONE;
	}
	*key = eng->keys;
	return read_key(eng->keys, slots, step_row(ps, e), ps->nkeys);
}

/* What every step of a direct instant writes the same, read once (stores
 * into slots could otherwise alias them): the instant's place as slots
 * keep it, and its history: the origin (SM__NO_ORIGIN until the first step
 * copies it in) and the step log's seq, kept here and stored back as it
 * goes; skipped: the steps of sharers since (slot.shared), which the seq
 * counts as if they were written, so that the ring ages as it did. */
#define SM__NO_ORIGIN UINT32_MAX
struct planned {
	uint64_t place_at;
	int64_t ts;
	bool far;
	uint32_t origin;
	uint64_t seq;
	uint32_t skipped;
};

/* The instant's planned, before its first step (its one tick is not
 * journaled yet: one_tick_instant). */
static inline struct planned planned_start(const struct sm__engine *eng)
{
	return (struct planned){eng->place_at, eng->place.ts, eng->place_far, SM__NO_ORIGIN,
				eng->log.seq, 0};
}

/* The log's seq past the sharers' steps, before a call that reads or
 * writes the log. */
static inline void planned_flush(struct sm__engine *eng, struct planned *c)
{
	if (c->skipped) {
		c->seq = sm__steplog_advance(c->seq, c->skipped);
		c->skipped = 0;
		eng->log.seq = c->seq;
	}
}

/* c's seq and origin again, after a call that may have stepped. */
static void planned_reload(const struct sm__engine *eng, struct planned *c)
{
	c->origin = eng->itick[0].journaled ? eng->itick[0].origin : SM__NO_ORIGIN;
	c->seq = eng->log.seq;
}

/* Cold: the instant is ignored for the instance (a violation), as
 * sm__step_plain does it. */
__attribute__((noinline)) static void
planned_violation(struct sm__engine *eng, struct prop_rt *rt, uint32_t at, struct slot *s,
		  const struct sm__where *w)
{
	const struct sm__instance inst = {rt, s, at, NULL};
	int e = eng->itick[0].event; /* the step's ta and tb, computed as plan_step does */
	sm__violation(eng, &inst, 0, w, rt->plain_a == e, rt->plain_b == e);
	sm__remember(eng, &inst, 0, SM__HIST_VIOLATION, SM__HIST_VIOLATION);
	sm__consider(eng, &inst);
}

/* Cold: a step made the instance a candidate for reclamation. */
__attribute__((noinline)) static void planned_consider(struct sm__engine *eng, struct prop_rt *rt,
						       uint32_t at, struct slot *s)
{
	sm__consider_unqueued(eng, &(const struct sm__instance){rt, s, at, NULL});
}

/* The rest of a direct plan's step once its instance moved: its last
 * place, its step in its history (from and to as sm__remember's), and its
 * stamp, its one step in the instant (last: stored before the flags in
 * its word are read, it made each read wait for the store; 100 relations
 * on the same events lost a fifth of their time so), before the instance
 * is queued, which keeps it.  history and own as step_planned's. */
__attribute__((always_inline)) static inline void
planned_moved(struct sm__engine *eng, struct prop_rt *rt, uint32_t at, struct slot *s,
	      struct planned *c, bool history, bool own, int from, int to)
{
	if (__builtin_expect(c->far || sm__last_is_far(s->last_at), 0))
		sm__far_last(eng, s);
	else
		s->last_at = c->place_at;
	s->last_ts = c->ts;
	if (history && !own && s->shared) {
		c->skipped++; /* its keeper's step is its own (sm__unshare) */
	} else if (history) {
		/* put, not sm__steplog_add: a direct instant has one tick, whose
		 * origin is the last one written (see sm__steplog_origin), or
		 * its one step's own */
		if (!own && c->origin == SM__NO_ORIGIN)
			c->origin = eng->itick[0].journaled ? eng->itick[0].origin
							    : sm__journal_first_here(eng, 0);
		c->seq = sm__steplog_advance(c->seq, c->skipped + 1);
		c->skipped = 0;
		eng->log.seq = c->seq;
		if (own)
			sm__steplog_put_own(&eng->log, c->seq, s->last_step, rt->index, at, from, to,
					    c->place_at, c->ts, eng->itick[0].event,
					    eng->itick[0].slots, eng->itick[0].nfields);
		else
			sm__steplog_put(&eng->log, c->seq, s->last_step,
					(struct sm__step){.origin = c->origin, .prop = rt->index,
							  .slot = at, .from = (int16_t)from,
							  .to = (int16_t)to});
		s->last_step = (uint32_t)c->seq;
	}
	/* a store in each branch: a flag kept across one store (as stepped()
	 * keeps it) cost 100 relations 2 instructions a step */
	if (rt->considers && !s->queued) {
		s->stamp = rt->epoch;
		planned_consider(eng, rt, at, s);
	} else {
		s->stamp = rt->epoch;
	}
}

/* A plain automaton's step in a direct plan (step_planned's): its move
 * from its state (automaton_moves), as sm__step_automaton takes a running
 * instance's.  A violation, and an instance not running (waiting for its
 * start event, or stopped by a violation), are stepped the general way
 * (step_property). */
__attribute__((always_inline)) static inline void
planned_move(struct sm__engine *eng, struct prop_rt *rt, uint32_t at, struct slot *s,
	     const struct plan_step *ps, const struct sm__where *w, struct planned *c,
	     bool history, bool own)
{
	const struct plain_move *mv = s->phase == SM__RUNNING ? &ps->moves[s->state] : NULL;
	if (__builtin_expect(!mv || mv->edge < 0, 0)) {
		if (history)
			planned_flush(eng, c);
		step_property(eng, rt, w);
		planned_reload(eng, c);
		return;
	}
	rt->steps++;
	s->state = mv->to;
	rt->edge_hits[mv->edge]++;
	planned_moved(eng, rt, at, s, c, history, own, mv->from, mv->to);
}

/* A direct plan's step of the instance: sm__step_plain with the verdict
 * of each lead worked out when the plan was made, or a plain automaton's
 * move (planned_move), and what the instant shares read from c; history:
 * the engine keeps one; own: the step's origin is its own (struct sm__own,
 * own_origin); automata: the plan's steps are plain automata's; all
 * constants.  Inline: W1's one step. */
__attribute__((always_inline)) static inline void
step_planned(struct sm__engine *eng, struct prop_rt *rt, uint32_t at, struct slot *s,
	     const struct plan_step *ps, const struct sm__where *w, struct planned *c,
	     bool history, bool own, bool automata)
{
	if (automata) {
		planned_move(eng, rt, at, s, ps, w, c, history, own);
		return;
	}
	rt->steps++;
	if (__builtin_expect(s->state < ps->lo || s->state > ps->hi, 0)) {
		s->stamp = rt->epoch; /* its one step in the instant */
		if (history)
			planned_flush(eng, c);
		planned_violation(eng, rt, at, s, w);
		planned_reload(eng, c);
		return;
	}
	s->state += ps->delta;
	planned_moved(eng, rt, at, s, c, history, own, -1, -1);
}

/* The live instance of a one-integer key k (of hash `hash`): its slot's
 * index (and *out the slot), or SM__REFUSED when there is none.  W1's key:
 * sm__instance_for's probe without its general key comparison. */
static inline uint32_t find_int_key(const struct prop_rt *rt, int64_t k, uint32_t hash,
				    struct slot **out)
{
	const uint32_t *table = rt->table;
	size_t mask = rt->cap - 1;
	uint32_t tag = sm__cell_tag(rt->cap);
	for (size_t at = hash & mask;; at = (at + 1) & mask) {
		uint32_t cell = table[at];
		if (!cell)
			return SM__REFUSED;
		if ((cell & tag) != (hash & tag))
			continue;
		uint32_t i = (cell & ~tag) - 1;
		struct slot *s = sm__slot_at(rt, i);
		if ((int64_t)sm__slot_keys(s)[0] == k && sm__key_kind(s, 0) != SM__KEY_STR) {
			*out = s;
			return i;
		}
	}
}

/* A sharer's new instance s shares its keeper's history when the keeper's
 * instance in its slot was made in this instant too and took a plain step
 * (none of its own, no violation): lockstep, the shape not apart. */
static void shares_from_birth(struct sm__engine *eng, struct prop_rt *rt, uint32_t at,
			      struct slot *s)
{
	struct prop_rt *keeper = &eng->props[rt->shape];
	if (rt->apart || at >= keeper->nslots)
		return;
	const struct sm__instance k = sm__instance_at(keeper, at);
	const struct sm__step *step = keeper_step_now(eng, &k);
	s->shared = step && !step->prev && step->from == -1 && step->to == -1;
	k.s->keeps |= s->shared;
}

/* The slot of the instance of a whole key, created when new; hint as
 * sm__instance_for's; int_key: the key is one integer.  SM__REFUSED when
 * --max-instances refused it; else *out is the slot. */
__attribute__((always_inline)) static inline uint32_t
planned_instance(struct sm__engine *eng, struct prop_rt *rt, const struct sm__value *key,
		 uint32_t hash, uint32_t hint, bool int_key, struct slot **out,
		 const struct sm__where *w)
{
	uint32_t at = SM__REFUSED;
	if (hint < rt->nslots && !rt->apart) { /* sm__instance_for's first case */
		*out = sm__slot_at(rt, hint);
		return hint;
	}
	if (int_key && rt->cap)
		at = find_int_key(rt, key[0].i, hash, out);
	if (at == SM__REFUSED) {
		uint32_t made = rt->nslots;
		at = sm__instance_for(eng, rt, key, hash, hint, w);
		if (at != SM__REFUSED) {
			*out = sm__slot_at(rt, at);
			if (rt->shares && rt->nslots != made && at == hint)
				shares_from_birth(eng, rt, at, *out);
		}
	}
	return at;
}

/* An integer read from decimal digits: its kind and hex flag at once. */
static inline bool decimal_int(const struct sm__value *v)
{
	_Static_assert(offsetof(struct sm__value, hex) == offsetof(struct sm__value, kind) + 1,
		       "a value's kind and hex flag: one 16-bit word");
	uint16_t kind_hex;
	memcpy(&kind_hex, &v->kind, sizeof kind_hex);
	return kind_hex == SM__VAL_INT; /* and hex 0 */
}

_Static_assert(SM__OWN_VALUES == 3, "own_origin looks at up to 3 values");

/* Does the direct instant's one step, if it takes one (a plan of one
 * property), keep its origin as its own (struct sm__own): the event's
 * values are few decimal integers, and the place packs in a word (with a
 * time: a place without one keeps its digits as they came). */
static inline bool own_origin(const struct sm__engine *eng, const struct event_plan *plan,
			      const struct sm__value *slots)
{
	if (!plan->own || eng->place_far || !eng->place.has_ts)
		return false;
	bool plain = true;
	switch (plan->nfields) { /* without a loop */
	case 3: plain &= decimal_int(&slots[2]); /* fall through */
	case 2: plain &= decimal_int(&slots[1]); /* fall through */
	case 1: plain &= decimal_int(&slots[0]); /* fall through */
	default: break;
	}
	return plain;
}

/*
 * W1's instant, a plan of one step (direct_steps asks): a step whose one
 * integer key the event carried before and whose instance lives, without
 * direct_steps' loop, its key's kinds or its hint.  False, having changed
 * nothing, for any other.
 */
static inline __attribute__((always_inline)) bool
single_step(struct sm__engine *eng, struct event_plan *plan, const struct sm__where *w,
	    bool history, bool own, bool automata)
{
	struct plan_step *ps = plan->steps;
	struct prop_rt *rt = ps->rt;
	const struct sm__value *key = &eng->itick[0].slots[ps->row_in];
	struct slot *s;
	uint32_t at;
	if (ps->nkeys != 1 || !(ps->again & SM__CARRIED) ||
	    key->kind != SM__VAL_INT || !rt->cap ||
	    (at = find_int_key(rt, key->i, sm__key_hash(key, 1), &s)) == SM__REFUSED)
		return false;
	next_epoch(eng, rt);
	struct planned c = planned_start(eng);
	step_planned(eng, rt, at, s, ps, w, &c, history, own, automata);
	if (history)
		planned_flush(eng, &c);
	return true;
}

/*
 * A one-tick instant of a direct plan (engine_plans): every property a
 * plain relation, or every one a plain automaton (plan->automata), that
 * takes its whole key from the event.  Each steps the instance of its key,
 * read and hashed once for the properties that take the same fields (and
 * found once per shape: the hint), and no tick is gathered -- unless the
 * record lacks a key field: then step_property.  history, own and
 * automata as step_planned's, constants: each case is compiled on its own
 * (a test of own at each step cost 100 relations on the same events 6%).
 */
static inline __attribute__((always_inline)) void
direct_steps(struct sm__engine *eng, int e, struct event_plan *plan, const struct sm__where *w,
	     bool history, bool own, bool automata)
{
	if (plan->n == 1 && single_step(eng, plan, w, history, own, automata))
		return;
	const struct sm__value *slots = eng->itick[0].slots;
	const struct sm__value *key = NULL;
	uint32_t hash = 0, target = SM__REFUSED;
	bool whole = false, int_key = false;
	struct planned c = planned_start(eng);
	for (struct plan_step *ps = plan->steps, *end = ps + plan->n; ps < end; ps++) {
		struct prop_rt *rt = ps->rt;
		if (__builtin_expect(ps->again != SM__AGAIN_ALL || !whole, 0)) {
			if (!(ps->again & SM__SAME_KEY)) {
				whole = step_key(eng, ps, e, slots, &key);
				hash = sm__key_hash(key, ps->nkeys);
				int_key = ps->nkeys == 1 && key[0].kind == SM__VAL_INT;
			}
			if (!(ps->again & SM__SAME_SHAPE))
				target = SM__REFUSED; /* a hint within a shape only */
			if (!whole) {
				if (history)
					planned_flush(eng, &c);
				step_property(eng, rt, w);
				planned_reload(eng, &c);
				continue;
			}
			if (!(ps->again & SM__CARRIED)) { /* once: the event carries them all */
				ps->again |= SM__CARRIED;
				rt->carried |= (uint32_t)((1ull << ps->nkeys) - 1);
			}
		}
		next_epoch(eng, rt);
		struct slot *s = NULL;
		target = planned_instance(eng, rt, key, hash, target, int_key, &s, w);
		if (target != SM__REFUSED)
			step_planned(eng, rt, target, s, ps, w, &c, history, own, automata);
	}
	if (history)
		planned_flush(eng, &c);
}

/* direct_steps' case of history and own for the instant; automata as
 * step_planned's. */
static inline __attribute__((always_inline)) void
direct_cases(struct sm__engine *eng, int e, struct event_plan *plan, const struct sm__where *w,
	     bool automata)
{
	if (!eng->history)
		direct_steps(eng, e, plan, w, false, false, automata);
	else if (own_origin(eng, plan, eng->itick[0].slots))
		direct_steps(eng, e, plan, w, true, true, automata);
	else
		direct_steps(eng, e, plan, w, true, false, automata);
}

static void direct_instant(struct sm__engine *eng, int e, struct event_plan *plan,
			   const struct sm__where *w)
{
	direct_cases(eng, e, plan, w, false);
}

/* direct_instant's for a plan of plain automata: apart, so that the
 * relations' cases keep their registers. */
static __attribute__((noinline)) void direct_moves(struct sm__engine *eng, int e,
						   struct event_plan *plan,
						   const struct sm__where *w)
{
	direct_cases(eng, e, plan, w, true);
}

/*
 * The common instant: one record, of an event that derives none.  Its one
 * tick is marked without mark_ticks' loops, and the properties it steps
 * are its event's plan (engine_plans: its properties, lanes left out),
 * each looked at once.
 */
static void one_tick_instant(struct sm__engine *eng, const struct sm__match *m,
			     const struct sm__where *where)
{
	int e = m->event;
	eng->ticked[e] = eng->instant;
	eng->sources[0] = e;
	eng->nsources = 1;
	struct itick *t = &eng->itick[0]; /* the fields its readers use */
	t->event = e;
	t->root = 0;
	t->slots = m->slots;
	t->journaled = false;
	t->nfields = eng->plans[e].nfields;
	t->key_row = NULL;
	eng->nitick = 1;
	struct event_plan *plan = &eng->plans[e];
	if (plan->direct) {
		direct_instant(eng, e, plan, where);
		return;
	}
	if (plan->automata) { /* after direct's test: the relations' way is W1's */
		direct_moves(eng, e, plan, where);
		return;
	}
	for (size_t j = 0; j < plan->n; j++)
		step_property(eng, plan->steps[j].rt, where);
}

void sm__engine_instant(struct sm__engine *eng, const struct sm__match *m, size_t n,
			const struct sm__where *where)
{
	/* Time first: what was due before this record is missed before it
	 * steps anything (a deadline met exactly at its time is met).  A spec
	 * without deadlines or clocks has none to pass, nor untimed records
	 * to count. */
	eng->seq_before = eng->log.seq;
	if (eng->timed)
		sm__engine_advance(eng, where, SM__PASSED_BY_RECORD);
	if (!n)
		return;
	eng->instant++;
	set_place(eng, where);
	if (n == 1 && eng->plans[m->event].one_tick)
		one_tick_instant(eng, m, where);
	else
		many_ticks_instant(eng, m, n, where);
	/* A deadline this instant set that its own time has already passed (a
	 * state entered after its invariant's clock ran out) is missed here. */
	if (eng->timed && where->has_ts)
		sm__pass_deadlines(eng, where, SM__PASSED_BY_RECORD);
	if (eng->next_due <= eng->instant)
		sm__reclaim_due(eng);
}

/* Does the property take every key field from the event's own values? */
static bool takes_whole_key(const struct sm__ir_prop *p, size_t e)
{
	for (size_t k = 0; k < p->nkeys; k++)
		if (p->key_slot[e * p->nkeys + k] < 0)
			return false;
	return true;
}

/* Does event e move plain automaton p by its state alone: no guard and
 * no action on its edges?  (Its other edges do not matter.) */
static bool moves_plainly(const struct sm__ir_prop *p, int e)
{
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].event == e && (p->edges[k].guard || p->edges[k].nactions))
			return false;
	return true;
}

/* The step of property rt in event e's plan. */
static struct plan_step plan_step(struct prop_rt *rt, int e)
{
	struct plan_step ps = {.rt = rt, .nkeys = (uint8_t)rt->nkeys};
	if (rt->nkeys == 1)
		ps.row_in = rt->ir->key_slot[e];
	if (rt->moves && moves_plainly(rt->ir, e)) {
		ps.automaton = true;
		ps.moves = &rt->moves[(size_t)e * rt->ir->nstates];
		return ps;
	}
	if (!rt->plain)
		return ps;
	bool ta = rt->plain_a == e, tb = rt->plain_b == e;
	ps.delta = (int64_t)ta - (int64_t)tb;
	sm__relation_range(rt->ir, ta, tb, &ps.lo, &ps.hi);
	return ps;
}

_Static_assert(sizeof(struct plan_step) == 40 && sizeof(struct event_plan) == 64,
	       "an event's plan and first step: one cache line");

/* Is the keeper of the step at j (its shape's first property) stepped
 * before it in the plan? */
static bool keeper_first(const struct event_plan *plan, size_t j)
{
	for (size_t k = 0; k < j; k++)
		if (plan->steps[k].rt->index == plan->steps[j].rt->shape)
			return true;
	return false;
}

/* Which properties share their keeper's history (sm__unshare): with a
 * history kept, plain relations of a shape whose first property is one,
 * the engine stepping both (not the lanes), the keeper first in every
 * plan (properties are in order there; the first of a shape has the
 * lowest index). */
static void plan_sharers(struct sm__engine *eng)
{
	for (size_t k = 0; k < eng->ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k], *keeper = &eng->props[rt->shape];
		rt->shares = eng->history && rt != keeper && rt->plain && keeper->plain &&
			     !rt->lane && !keeper->lane;
		keeper->nsharers = 0;
	}
	for (size_t e = 0; e < eng->ir->nevents; e++)
		for (size_t j = 0; j < eng->plans[e].n; j++)
			if (!keeper_first(&eng->plans[e], j))
				eng->plans[e].steps[j].rt->shares = false;
	for (size_t k = 0; k < eng->ir->nprops; k++) {
		struct prop_rt *keeper = &eng->props[eng->props[k].shape];
		if (!eng->props[k].shares)
			continue;
		if (!keeper->sharers)
			keeper->sharers = sm__xcalloc(eng->ir->nprops, sizeof *keeper->sharers);
		keeper->sharers[keeper->nsharers++] = (uint32_t)k;
	}
}

/* Each event's plan: the properties whose alphabet meets its family, those
 * the lanes step left out; direct when each is a plain relation that takes
 * its whole key from the event (direct_instant). */
static void engine_plans(struct sm__engine *eng)
{
	for (size_t e = 0; e < eng->ir->nevents; e++) {
		const struct sm__ir_event *ev = &eng->ir->events[e];
		struct event_plan *plan = &eng->plans[e];
		plan->n = 0;
		plan->one_tick = !ev->nfamily;
		plan->nfields = (uint32_t)ev->nfields;
		plan->direct = true;
		bool relations = true, automata = true;
		for (size_t j = 0; j < ev->nprops; j++) {
			struct prop_rt *rt = &eng->props[ev->props[j]];
			if (rt->lane)
				continue;
			struct plan_step *ps = &plan->steps[plan->n++];
			*ps = plan_step(rt, (int)e);
			if (plan->n > 1) {
				const struct plan_step *before = ps - 1;
				if (before->nkeys == ps->nkeys &&
				    same_fields(step_row(before, (int)e), step_row(ps, (int)e),
						ps->nkeys))
					ps->again |= SM__SAME_KEY;
				if (before->rt->shape == rt->shape)
					ps->again |= SM__SAME_SHAPE;
			}
			relations &= rt->plain;
			automata &= ps->automaton;
			plan->direct &= takes_whole_key(rt->ir, e);
		}
		/* direct: all plain relations; automata: all plain automata */
		plan->automata = plan->direct && automata && plan->n;
		plan->direct &= relations;
		plan->own = eng->history && plan->n == 1 && plan->nfields <= SM__OWN_VALUES;
	}
	plan_sharers(eng);
}

static bool any_edge(void *ud, int edge)
{
	(void)ud;
	(void)edge;
	return true;
}

/*
 * The moves of an automaton without variables or clocks, on a lone tick
 * of each event that addresses a running instance (the one-tick instant
 * of an event that derives none), from each state: the edge
 * sm__edge_choice takes when every edge's event ticks and guard holds.  A
 * direct plan reads those of events whose edges have no guard or action
 * (moves_plainly); a `*` target is the state itself.  A start event no
 * edge uses moves nothing (the general way: it is no step).  NULL for any
 * other property.
 */
static struct plain_move *automaton_moves(const struct sm__ir *ir, const struct sm__ir_prop *p)
{
	if (p->kind != SM__PROP_AUTOMATON || p->nvars || p->nclocks)
		return NULL;
	struct plain_move *moves = sm__xcalloc(ir->nevents * p->nstates + 1, sizeof *moves);
	for (size_t e = 0; e < ir->nevents; e++)
		for (size_t state = 0; state < p->nstates; state++) {
			int edge = sm__edge_choice(p, (int)state, (int)e, -1, any_edge, NULL);
			const struct sm__ir_edge *ed = edge >= 0 ? &p->edges[edge] : NULL;
			moves[e * p->nstates + state] =
				ed ? (struct plain_move){edge, (int16_t)ed->from,
							 (int16_t)(ed->to == SM__STAY ? (int)state
										      : ed->to)}
				   : (struct plain_move){-1, 0, 0};
		}
	return moves;
}

/* Do properties p and q see the same ticks in every instant: the same
 * alphabet, the same key fields taken from each of its events? */
static bool same_ticks(const struct sm__ir *ir, const struct sm__ir_prop *p,
		       const struct sm__ir_prop *q)
{
	if (p->nkeys != q->nkeys)
		return false;
	for (size_t e = 0; e < ir->nevents; e++) {
		if (p->alphabet[e] != q->alphabet[e])
			return false;
		if (p->alphabet[e] &&
		    !same_fields(&p->key_slot[e * p->nkeys], &q->key_slot[e * q->nkeys], p->nkeys))
			return false;
	}
	return true;
}

/* What same_ticks compares, hashed: properties of different signatures
 * see different ticks, and only those of one signature are compared (a
 * hundred properties on distinct events would compare every pair). */
static uint64_t ticks_signature(const struct sm__ir *ir, const struct sm__ir_prop *p)
{
	uint64_t h = sm__mix(SM__HASH_SEED ^ p->nkeys);
	for (size_t e = 0; e < ir->nevents; e++) {
		if (!p->alphabet[e])
			continue;
		h = sm__mix(h ^ e ^ SM__HASH_INT);
		for (size_t k = 0; k < p->nkeys; k++)
			h = sm__mix(h ^ (uint64_t)(int64_t)p->key_slot[e * p->nkeys + k]);
	}
	return h;
}

/* Property k's shape: the first property that sees the same ticks (sig:
 * each property's ticks_signature). */
static uint32_t shape_of(const struct sm__engine *eng, size_t k, const uint64_t *sig)
{
	for (size_t j = 0; j < k; j++)
		if (eng->props[j].shape == j && sig[j] == sig[k] &&
		    same_ticks(eng->ir, eng->props[j].ir, eng->props[k].ir))
			return (uint32_t)j;
	return (uint32_t)k;
}

/* n properties' runtimes, zeroed, aligned as struct prop_rt asks. */
static struct prop_rt *props_new(size_t n)
{
	struct prop_rt *props = sm__xaligned(_Alignof(struct prop_rt), n * sizeof *props);
	return memset(props, 0, n * sizeof *props);
}

struct sm__engine *sm__engine_new(const struct sm__ir *ir, unsigned history,
				  uint64_t max_instances, struct sm__engine_hooks hooks)
{
	struct sm__engine *eng = sm__xcalloc(1, sizeof *eng);
	eng->ir = ir;
	eng->history = history;
	if (history)
		sm__steplog_init(&eng->log, history);
	eng->hist = sm__xcalloc(history + 1, sizeof *eng->hist);
	eng->own_recs = sm__xcalloc(history + 1, OWN_REC);
	eng->max_instances = max_instances;
	eng->hooks = hooks;
	eng->next_due = UINT64_MAX;
	eng->ticked = sm__xcalloc(ir->nevents + 1, sizeof *eng->ticked);
	eng->mark = sm__xcalloc(ir->nevents + 1, sizeof *eng->mark);
	eng->props = props_new(ir->nprops + 1);
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
	eng->clk_it = sm__xcalloc(nodes + 1, sizeof *eng->clk_it);
	eng->clk_next = sm__xcalloc(slots + 1, sizeof *eng->clk_next);
	uint64_t *sig = sm__xcalloc(ir->nprops + 1, sizeof *sig);
	for (size_t k = 0; k < ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k];
		rt->ir = &ir->props[k];
		rt->index = (uint32_t)k;
		rt->nkeys = (uint32_t)rt->ir->nkeys;
		rt->reclaims = rt->considers = sm__may_reclaim(ir, rt->ir);
		sm__prop_storage_init(rt);
		eng->timed |= sm__has_deadlines(rt->ir) || rt->ir->nclocks;
		rt->start_only = start_only_event(rt->ir);
		rt->plain = sm__relation_plain(rt->ir);
		if (rt->plain) {
			rt->plain_a = rt->ir->clock[rt->ir->ca].a;
			rt->plain_b = rt->ir->clock[rt->ir->cb].a;
		}
		sig[k] = ticks_signature(ir, rt->ir);
		rt->shape = shape_of(eng, k, sig);
		rt->memo = sm__xcalloc(rt->ir->nstates + 1, sizeof(struct move));
		rt->memo_at = sm__xcalloc(rt->ir->nstates + 1, sizeof(uint64_t));
		rt->edge_hits = sm__xcalloc(rt->ir->nedges + 1, sizeof(uint64_t));
		rt->moves = automaton_moves(ir, rt->ir);
	}
	free(sig);
	eng->plans = sm__xlines((ir->nevents + 1) * sizeof *eng->plans);
	for (size_t e = 0; e < ir->nevents; e++)
		eng->plans[e].steps = ir->events[e].nprops > 1
					      ? sm__xcalloc(ir->events[e].nprops, sizeof(struct plan_step))
					      : &eng->plans[e].first;
	engine_plans(eng);
	return eng;
}

void sm__engine_free(struct sm__engine *eng)
{
	if (!eng)
		return;
	/* Last first: a shape's first property frees the blocks of slots its
	 * others read to free what their slots hold. */
	for (size_t k = eng->ir->nprops; k-- > 0;) {
		struct prop_rt *rt = &eng->props[k];
		sm__prop_storage_free(rt);
		free(rt->edge_hits);
		free(rt->moves);
		free(rt->sharers);
		free(rt->memo);
		free(rt->memo_at);
	}
	sm__strings_free(eng);
	for (size_t e = 0; e < eng->ir->nevents; e++)
		if (eng->plans[e].steps != &eng->plans[e].first)
			free(eng->plans[e].steps);
	free(eng->plans);
	free(eng->props);
	free(eng->ticked);
	free(eng->mark);
	free(eng->itick);
	free(eng->sources);
	free(eng->tick);
	sm__journal_free(&eng->journal);
	sm__steplog_free(&eng->log);
	free(eng->hist);
	free(eng->own_recs);
	free(eng->inputs);
	free(eng->input_at);
	free(eng->far);
	free(eng->tick_at);
	free(eng->keys);
	free(eng->queue);
	free(eng->scratch);
	free(eng->heap);
	free(eng->clk_out);
	free(eng->clk_it);
	free(eng->clk_next);
	free(eng);
}

static bool satisfied(const struct sm__engine *eng, const struct sm__instance *inst)
{
	const struct sm__ir_prop *p = inst->rt->ir;
	int64_t at;
	if (inst->s->phase != SM__RUNNING)
		return true; /* not watching (yet, or any more): nothing to judge */
	if (sm__deadline_of(eng, inst, &at))
		return false; /* an invariant or obligation whose deadline is to come */
	if (p->kind == SM__PROP_AUTOMATON)
		return p->final[inst->s->state];
	return sm__relation_done(p, inst->s->state);
}

void sm__engine_pending(struct sm__engine *eng,
			void (*fn)(void *ud, const struct sm__pending *p), void *ud)
{
	for (size_t k = 0; k < eng->ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k];
		size_t n;
		uint32_t *order = sm__creation_order(rt, &n);
		for (size_t j = 0; j < n; j++) {
			uint32_t at = order ? order[j] : (uint32_t)j;
			struct sm__instance inst = sm__instance_at(rt, at);
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

void sm__engine_hand_over(struct sm__engine *eng, size_t prop)
{
	eng->props[prop].lane = true;
	engine_plans(eng);
}

void sm__engine_add_lane(struct sm__engine *eng, size_t prop, const struct sm__prop_stats *st,
			 const bool *ticked)
{
	struct sm__prop_stats *to = &eng->props[prop].stats;
	to->instances += st->instances;
	to->violations += st->violations;
	to->pending += st->pending;
	to->refused += st->refused;
	to->reclaimed += st->reclaimed;
	to->steps += st->steps;
	to->keys_carried |= st->keys_carried;
	to->ticks_a += st->ticks_a;
	to->ticks_b += st->ticks_b;
	for (size_t e = 0; ticked && e < eng->ir->nevents; e++)
		if (ticked[e] && !eng->ticked[e])
			eng->ticked[e] = 1;
}

uint64_t *sm__engine_edge_hits(struct sm__engine *eng, size_t prop)
{
	return eng->props[prop].edge_hits;
}

void sm__engine_stats(const struct sm__engine *eng, size_t prop, struct sm__prop_stats *out)
{
	const struct prop_rt *rt = &eng->props[prop];
	*out = rt->stats;
	out->steps += rt->steps;
	out->keys_carried |= rt->carried;
	out->edge_hits = rt->edge_hits;
}

int64_t sm__instance_state(const struct sm__instance *inst)
{
	return inst->lane ? inst->lane->state : inst->s->state;
}

struct sm__where sm__instance_last(const struct sm__engine *eng, const struct sm__instance *inst)
{
	if (inst->lane) /* sm_emit's: no line */
		return (struct sm__where){"<emit>", 0, inst->lane->last_ts >= 0, 9,
					  inst->lane->last_ts, NULL};
	struct sm__place last = sm__slot_last(eng, inst->s);
	return sm__where_of(eng, &last);
}

/* History entry h of the step of seq, whose origin is its own: the values
 * unpacked beside the entry, into own_recs. */
static void own_entry(struct sm__engine *eng, uint64_t seq, struct sm__hist_entry *h)
{
	const struct sm__own *o = &eng->log.own[seq & eng->log.mask];
	struct sm__place place = unpacked_place(o->place_at, o->ts);
	struct sm__journal_rec *rec =
		(struct sm__journal_rec *)(void *)(eng->own_recs + (size_t)(h - eng->hist) * OWN_REC);
	rec->event = o->event;
	rec->nvalues = o->nvalues;
	for (size_t k = 0; k < o->nvalues; k++)
		rec->values[k] = (struct sm__value){.kind = SM__VAL_INT, .i = o->values[k]};
	h->where = sm__where_of(eng, &place);
	h->record = 0;
	h->rec = rec;
	h->event = o->event;
}

/* Walk back from the instance's last step, filling eng->hist from its end:
 * the newest `history` steps the log still holds, oldest first. */
size_t sm__instance_history(struct sm__engine *eng, const struct sm__instance *inst,
			    const struct sm__hist_entry **out, bool *cut)
{
	size_t n = 0;
	*out = eng->hist;
	*cut = false;
	if (inst->lane) { /* the lanes found it (lanes.c) */
		*out = inst->lane->hist;
		*cut = inst->lane->cut;
		return inst->lane->nhist;
	}
	const struct sm__instance holder = history_holder(eng, inst);
	uint64_t seq = sm__last_step(eng, &holder);
	*cut = holder.s->last_step && !seq; /* even its last step is gone */
	for (; seq && n < eng->history; seq = sm__steplog_prev(&eng->log, seq, step_owner(&holder))) {
		const struct sm__step *s = sm__steplog_get(&eng->log, seq);
		/* A step before this one that the log let go: the walk ends
		 * before `history` steps, and a report says so. */
		*cut = s->prev != 0;
		struct sm__hist_entry *h = &eng->hist[eng->history - ++n];
		if (s->origin == SM__OWN_ORIGIN) {
			own_entry(eng, seq, h);
		} else {
			const struct sm__origin *o = sm__steplog_origin_of(&eng->log, s);
			h->where = sm__where_of(eng, &o->place);
			h->record = o->record;
			h->rec = NULL;
			h->event = o->event;
		}
		h->from = s->from;
		h->to = s->to;
	}
	if (n == eng->history)
		*cut = false; /* as many as asked: none missing */
	*out = eng->hist + eng->history - n;
	return n;
}

const struct sm__journal_rec *sm__engine_record(struct sm__engine *eng,
						const struct sm__hist_entry *h)
{
	return h->rec ? h->rec : sm__journal_get(&eng->journal, h->record);
}
