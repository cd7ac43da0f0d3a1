/*
 * time.c: deadlines (DESIGN.md §2.3 `within`, §2.4 invariants).  Pending
 * deadlines are in a binary min-heap, so that a record costs one
 * comparison when nothing is due; input time passing one is a missed
 * deadline, reported and then handled by its property.
 */
#include "engine_private.h"

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

void sm__deadline_clear(struct sm__engine *eng, const struct sm__instance *inst)
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
void sm__deadline_set(struct sm__engine *eng, const struct sm__instance *inst, int64_t at)
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

bool sm__deadline_of(const struct sm__engine *eng, const struct sm__instance *inst,
		     int64_t *at)
{
	if (!inst->rt->lay.heap_at || *sm__slot_heap_at(inst->rt, inst->s) < 0)
		return false;
	*at = eng->heap[*sm__slot_heap_at(inst->rt, inst->s)].at;
	return true;
}

/* t + d, held at the ends of int64 (bounds are checked >= 0 by the resolver,
 * but ts may be anything a trace says). */
int64_t sm__add_saturating(int64_t t, int64_t d)
{
	if (d >= 0)
		return t > INT64_MAX - d ? INT64_MAX : t + d;
	return t < INT64_MIN - d ? INT64_MIN : t + d;
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
	struct sm__where opened = sm__where_of(eng, p->kind == SM__PROP_AUTOMATON
					       ? sm__slot_field(s, inst.rt->lay.opened)
				: &sm__obligations(&inst)->ring[sm__obligations(&inst)->head]);
	struct sm__miss m = {d.at, &opened, by};
	int shown = p->kind == SM__PROP_AUTOMATON ? -1 : p->a;
	struct sm__violation v = {p, &inst, shown, NULL, w, (int)s->state, s->state,
				  false, false, &m};
	inst.rt->stats.violations++;
	if (p->kind == SM__PROP_AUTOMATON) {
		s->inv_done = true;
		eng->hooks.violation(eng->hooks.ud, &v);
		sm__after_violation(&inst, w);
		sm__arm_invariant(eng, &inst, w);
	} else {
		eng->hooks.violation(eng->hooks.ud, &v);
		sm__obligation_close(sm__obligations(&inst));
		sm__arm_within(eng, &inst);
	}
	sm__consider(eng, &inst);
}

/* Every deadline before input time `where` is missed. */
void sm__pass_deadlines(struct sm__engine *eng, const struct sm__where *where,
			enum sm__passed_by by)
{
	while (eng->nheap && eng->heap[0].at < where->ts_ns) {
		struct deadline d = eng->heap[0];
		struct sm__instance inst = sm__instance_at(&eng->props[d.prop], d.slot);
		sm__deadline_clear(eng, &inst);
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
	sm__pass_deadlines(eng, where, by);
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

bool sm__instance_deadline(const struct sm__engine *eng, const struct sm__instance *inst,
			   int64_t *at)
{
	if (inst->lane)
		return false; /* lanes have no deadlines */
	return sm__deadline_of(eng, inst, at);
}
