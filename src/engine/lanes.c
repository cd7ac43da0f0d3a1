/*
 * lanes.c: the concurrent path of sm_emit (see lanes.h).
 *
 * Each emit is one instant.  Which events tick (the source event and the
 * derived events whose filters hold) is worked out on the caller's stack;
 * each lane property the event reaches then finds its instance (the
 * property's only one, or by key in a stripe chosen by the key's hash),
 * takes the stripe's spin lock, steps it (a relation's lead, an automaton's
 * state), counts the step and releases the lock.  The order in which two
 * threads step one instance is the order in which they take its lock; each
 * step is exact for that order.  A violation copies the instance's key and
 * state, and is reported after the lock is released.
 */
#include "lanes.h"

#include "engine_private.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define STRIPE_BITS 10
#define NSTRIPES (1u << STRIPE_BITS)
/* Event counts: one row per thread, for the first NROWS - 1 threads; the
 * threads after them share the last row, which they add to atomically. */
#define NROWS 64
/* What a lane evaluates on the stack: the ticks of an instant, clock nodes. */
#define MAX_TICKS 64
#define MAX_NODES 64
#define STOPPED INT64_MIN /* an automaton's state after `after violation stop` */

struct inst {
	uint64_t hash;
	uint64_t serial; /* order of creation, for the pending reports */
	int64_t state;   /* relation: lead; automaton: state, or STOPPED */
	int64_t last_ts; /* -1: the last step had no time */
	struct sm__value key[];
};

/* A stripe: a spin lock, its table of instances (open addressing), and what
 * its steps counted.  Aligned so that two stripes share no cache line. */
struct stripe {
	_Alignas(64) atomic_flag lock;
	struct inst **cell;
	size_t cap, count;
	uint64_t steps, ticks_a, ticks_b;
	uint64_t *edge_hits; /* coverage only */
};

struct lane {
	const struct sm__ir_prop *p;
	struct inst *_Atomic global; /* a property without `per`: its instance */
	atomic_uint_fast64_t instances, refused, violations;
	uint64_t pending; /* counted at the end */
	atomic_bool refused_told;
	struct stripe *stripe; /* NSTRIPES */
};

struct sm__lanes {
	const struct sm__ir *ir;
	uint64_t max_instances;
	struct sm__lane_hooks hooks;
	struct lane **of;   /* per property: its lane, or NULL */
	int **reach;        /* per source event: its lane properties, -1 ended */
	char *rows;         /* NROWS rows: per event, then the total; row_size apart */
	size_t row_size;
	atomic_uint_fast64_t *fields;  /* per event: fields seen */
	atomic_bool *ticked;           /* per event */
	atomic_uint_fast64_t serial;
};

/* ---- eligibility ---- */

static bool clock_fits(const struct sm__ir_prop *p)
{
	if (p->rel == SM__REL_WITHIN || p->nclock_state || p->nclock > MAX_NODES)
		return false;
	for (size_t k = 0; k < p->nclock; k++) {
		enum sm__clock_op op = p->clock[k].op;
		if (op != SM__C_EVENT && op != SM__C_UNION && op != SM__C_INTER &&
		    op != SM__C_MINUS)
			return false;
	}
	return true;
}

/* Every event of p's alphabet, and every source event that reaches p,
 * carries the whole key, and few enough events tick with it: no partial
 * key to broadcast. */
static bool keys_fit(const struct sm__ir *ir, const struct sm__ir_prop *p, size_t index)
{
	for (size_t e = 0; e < ir->nevents; e++) {
		const struct sm__ir_event *ev = &ir->events[e];
		bool reaches = false;
		for (size_t j = 0; j < ev->nprops; j++)
			reaches |= (size_t)ev->props[j] == index;
		reaches &= ev->base < 0;
		if (!reaches && !p->alphabet[e])
			continue;
		if (ev->nfamily + 1 > MAX_TICKS)
			return false;
		for (size_t k = 0; k < p->nkeys; k++)
			if (p->key_slot[e * p->nkeys + k] < 0)
				return false;
	}
	return true;
}

static bool fits(const struct sm__ir *ir, size_t index)
{
	const struct sm__ir_prop *p = &ir->props[index];
	if (!keys_fit(ir, p, index))
		return false;
	if (p->kind == SM__PROP_RELATION)
		return clock_fits(p);
	return p->start_event < 0 && !p->nvars && !p->nclocks && !p->has_invariants;
}

/* ---- life ---- */

struct sm__lanes *sm__lanes_new(const struct sm__ir *ir, uint64_t max_instances, bool coverage,
				struct sm__lane_hooks hooks)
{
	struct sm__lanes *l = sm__xcalloc(1, sizeof *l);
	l->ir = ir;
	l->max_instances = max_instances;
	l->hooks = hooks;
	l->of = sm__xcalloc(ir->nprops + 1, sizeof *l->of);
	for (size_t k = 0; k < ir->nprops; k++) {
		if (!fits(ir, k))
			continue;
		struct lane *ln = sm__xcalloc(1, sizeof *ln);
		ln->p = &ir->props[k];
		ln->stripe = aligned_alloc(64, NSTRIPES * sizeof *ln->stripe);
		if (!ln->stripe)
			sm__xcalloc((size_t)-1, 1); /* out of memory: as every allocation */
		memset(ln->stripe, 0, NSTRIPES * sizeof *ln->stripe);
		for (size_t s = 0; s < NSTRIPES; s++) {
			atomic_flag_clear(&ln->stripe[s].lock);
			if (coverage && ln->p->nedges)
				ln->stripe[s].edge_hits = sm__xcalloc(ln->p->nedges,
								      sizeof(uint64_t));
		}
		l->of[k] = ln;
	}
	l->reach = sm__xcalloc(ir->nevents + 1, sizeof *l->reach);
	for (size_t e = 0; e < ir->nevents; e++) {
		const struct sm__ir_event *ev = &ir->events[e];
		l->reach[e] = sm__xcalloc(ev->nprops + 1, sizeof(int));
		size_t n = 0;
		for (size_t j = 0; j < ev->nprops; j++)
			if (l->of[ev->props[j]])
				l->reach[e][n++] = ev->props[j];
		l->reach[e][n] = -1;
	}
	l->row_size = ((ir->nevents + 1) * sizeof(atomic_uint_fast64_t) + 63) / 64 * 64;
	l->rows = aligned_alloc(64, NROWS * l->row_size);
	if (!l->rows)
		sm__xcalloc((size_t)-1, 1);
	memset(l->rows, 0, NROWS * l->row_size);
	l->fields = sm__xcalloc(ir->nevents + 1, sizeof *l->fields);
	l->ticked = sm__xcalloc(ir->nevents + 1, sizeof *l->ticked);
	return l;
}

static void lane_free(struct lane *ln)
{
	for (size_t s = 0; s < NSTRIPES; s++) {
		struct stripe *st = &ln->stripe[s];
		for (size_t k = 0; k < st->cap; k++) {
			if (!st->cell[k])
				continue;
			for (size_t j = 0; j < ln->p->nkeys; j++)
				if (st->cell[k]->key[j].kind == SM__VAL_STR)
					free((char *)(uintptr_t)st->cell[k]->key[j].s.ptr);
			free(st->cell[k]);
		}
		free(st->cell);
		free(st->edge_hits);
	}
	free(ln->stripe);
	free(ln);
}

void sm__lanes_free(struct sm__lanes *l)
{
	if (!l)
		return;
	for (size_t k = 0; k < l->ir->nprops; k++)
		if (l->of[k])
			lane_free(l->of[k]);
	for (size_t e = 0; e < l->ir->nevents; e++)
		free(l->reach[e]);
	free(l->reach);
	free(l->of);
	free(l->rows);
	free(l->fields);
	free(l->ticked);
	free(l);
}

bool sm__lanes_has(const struct sm__lanes *l, size_t prop)
{
	return l->of[prop] != NULL;
}

/* ---- counting, per thread ---- */

static atomic_int next_row;
static _Thread_local int my_row = -1;

static atomic_uint_fast64_t *row_at(const struct sm__lanes *l, int r)
{
	return (atomic_uint_fast64_t *)(void *)(l->rows + (size_t)r * l->row_size);
}

/* A thread's own row takes a plain load and store (no other thread writes
 * it); the shared last row an atomic add. */
static void count(struct sm__lanes *l, size_t at)
{
	if (my_row < 0) {
		int r = atomic_fetch_add_explicit(&next_row, 1, memory_order_relaxed);
		my_row = r < NROWS - 1 ? r : NROWS - 1;
	}
	atomic_uint_fast64_t *c = &row_at(l, my_row)[at];
	if (my_row < NROWS - 1)
		atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
				      memory_order_relaxed);
	else
		atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

uint64_t sm__lanes_events(const struct sm__lanes *l, uint64_t *per_event)
{
	size_t n = l->ir->nevents;
	uint64_t total = 0;
	if (per_event)
		memset(per_event, 0, n * sizeof *per_event);
	for (int r = 0; r < NROWS; r++) {
		atomic_uint_fast64_t *row = row_at(l, r);
		total += atomic_load_explicit(&row[n], memory_order_relaxed);
		for (size_t e = 0; per_event && e < n; e++)
			per_event[e] += atomic_load_explicit(&row[e], memory_order_relaxed);
	}
	return total;
}

uint64_t sm__lanes_fields_seen(const struct sm__lanes *l, int event)
{
	return atomic_load_explicit(&l->fields[event], memory_order_relaxed);
}

bool sm__lanes_ticked(const struct sm__lanes *l, int event)
{
	return atomic_load_explicit(&l->ticked[event], memory_order_relaxed);
}

/* Set once: a load, and a store the first time only. */
static void note_ticked(struct sm__lanes *l, int event)
{
	if (!atomic_load_explicit(&l->ticked[event], memory_order_relaxed))
		atomic_store_explicit(&l->ticked[event], true, memory_order_relaxed);
}

static void note_fields(struct sm__lanes *l, int event, const struct sm__value *slots)
{
	const struct sm__ir_event *ev = &l->ir->events[event];
	uint64_t seen = 0;
	for (size_t f = 0; f < ev->nfields && f < 64; f++)
		seen |= (uint64_t)(slots[f].kind != SM__VAL_NONE) << f;
	uint64_t had = atomic_load_explicit(&l->fields[event], memory_order_relaxed);
	if ((had | seen) != had)
		atomic_fetch_or_explicit(&l->fields[event], seen, memory_order_relaxed);
}

/* ---- the instant's ticks ---- */

struct ticks {
	int ev[MAX_TICKS];
	size_t n;
};

static bool ticks_has(const struct ticks *t, int event)
{
	for (size_t k = 0; k < t->n; k++)
		if (t->ev[k] == event)
			return true;
	return false;
}

/* The source event, then its derived events whose base ticks and whose
 * filter holds (a family lists parents first). */
static void mark_ticks(struct sm__lanes *l, int event, const struct sm__value *slots,
		       struct ticks *t)
{
	const struct sm__ir_event *root = &l->ir->events[event];
	t->n = 0;
	t->ev[t->n++] = event;
	note_ticked(l, event);
	for (size_t k = 0; k < root->nfamily && t->n < MAX_TICKS; k++) {
		int d = root->family[k];
		const struct sm__ir_event *ev = &l->ir->events[d];
		struct sm__env env = {slots, NULL, NULL, false, 0};
		if (ticks_has(t, ev->base) && sm__eval_cond(ev->where, &env)) {
			t->ev[t->n++] = d;
			note_ticked(l, d);
		}
	}
}

/* ---- instances ---- */

static void lock(struct stripe *s)
{
	while (atomic_flag_test_and_set_explicit(&s->lock, memory_order_acquire))
		;
}

static void unlock(struct stripe *s)
{
	atomic_flag_clear_explicit(&s->lock, memory_order_release);
}

static uint64_t key_hash(const struct sm__value *key, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	for (size_t k = 0; k < n; k++) {
		uint64_t v = key[k].kind == SM__VAL_STR ? sm__hash_bytes(key[k].s.ptr, key[k].s.len)
							: (uint64_t)key[k].i;
		h = sm__mix(h ^ v ^ ((uint64_t)key[k].kind << 56));
	}
	return h;
}

static bool key_equal(const struct sm__value *a, const struct sm__value *b, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (a[k].kind != b[k].kind)
			return false;
		if (a[k].kind == SM__VAL_STR ? a[k].s.len != b[k].s.len ||
						       memcmp(a[k].s.ptr, b[k].s.ptr, a[k].s.len)
					     : a[k].i != b[k].i)
			return false;
	}
	return true;
}

static struct inst **probe(struct stripe *s, const struct sm__value *key, size_t nkeys,
			   uint64_t hash)
{
	size_t mask = s->cap - 1;
	for (size_t at = (hash >> STRIPE_BITS) & mask;; at = (at + 1) & mask) {
		struct inst *i = s->cell[at];
		if (!i || (i->hash == hash && key_equal(i->key, key, nkeys)))
			return &s->cell[at];
	}
}

static void stripe_grow(struct stripe *s)
{
	size_t old = s->cap;
	struct inst **cell = s->cell;
	s->cap = old ? old * 2 : 8;
	s->cell = sm__xcalloc(s->cap, sizeof *s->cell);
	for (size_t k = 0; k < old; k++) {
		if (!cell[k])
			continue;
		size_t at = (cell[k]->hash >> STRIPE_BITS) & (s->cap - 1);
		while (s->cell[at])
			at = (at + 1) & (s->cap - 1);
		s->cell[at] = cell[k];
	}
	free(cell);
}

static struct inst *inst_new(struct sm__lanes *l, const struct lane *ln,
			     const struct sm__value *key, uint64_t hash)
{
	const struct sm__ir_prop *p = ln->p;
	struct inst *i = sm__xmalloc(sizeof *i + p->nkeys * sizeof *i->key);
	i->hash = hash;
	i->serial = atomic_fetch_add_explicit(&l->serial, 1, memory_order_relaxed);
	i->state = p->kind == SM__PROP_AUTOMATON ? p->initial : 0;
	i->last_ts = -1;
	for (size_t k = 0; k < p->nkeys; k++) {
		i->key[k] = key[k];
		if (key[k].kind == SM__VAL_STR)
			i->key[k].s.ptr = sm__xstrndup(key[k].s.ptr, key[k].s.len);
	}
	return i;
}

/* Under --max-instances, may one more instance be made? Told once when not. */
static bool may_create(struct sm__lanes *l, struct lane *ln, const struct sm__where *w)
{
	if (!l->max_instances)
		return true;
	if (atomic_fetch_add_explicit(&ln->instances, 1, memory_order_relaxed) < l->max_instances)
		return true;
	atomic_fetch_sub_explicit(&ln->instances, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&ln->refused, 1, memory_order_relaxed);
	if (!atomic_exchange(&ln->refused_told, true) && l->hooks.refused)
		l->hooks.refused(l->hooks.ud, ln->p, w);
	return false;
}

/* The instance of the key, with its stripe locked; NULL (unlocked) when
 * --max-instances refused it. */
static struct inst *find_locked(struct sm__lanes *l, struct lane *ln, const struct sm__value *key,
				const struct sm__where *w, struct stripe **sp)
{
	size_t nkeys = ln->p->nkeys;
	struct inst *g = nkeys ? NULL : atomic_load_explicit(&ln->global, memory_order_acquire);
	uint64_t hash = g ? g->hash : key_hash(key, nkeys);
	struct stripe *s = *sp = &ln->stripe[hash & (NSTRIPES - 1)];
	lock(s);
	if (g)
		return g;
	if (s->cap) {
		struct inst **at = probe(s, key, nkeys, hash);
		if (*at)
			return *at;
	}
	if (!may_create(l, ln, w)) {
		unlock(s);
		return NULL;
	}
	if (!l->max_instances)
		atomic_fetch_add_explicit(&ln->instances, 1, memory_order_relaxed);
	if ((s->count + 1) * 2 > s->cap)
		stripe_grow(s);
	struct inst *i = *probe(s, key, nkeys, hash) = inst_new(l, ln, key, hash);
	s->count++;
	if (!nkeys)
		atomic_store_explicit(&ln->global, i, memory_order_release);
	return i;
}

/* ---- stepping ---- */

/* What a violation report needs, copied under the lock. */
struct seen {
	bool violated;
	int shown;       /* the event the report shows */
	int64_t state;   /* before the step */
	bool ta, tb;
	struct sm__lane_view view;
};

/* A relation's sides in this instant: its clock nodes, bottom-up. */
static int step_relation(const struct sm__ir_prop *p, struct inst *i, const struct ticks *t,
			 struct stripe *s, struct seen *seen)
{
	bool out[MAX_NODES];
	for (size_t k = 0; k < p->nclock; k++) {
		const struct sm__clock_node *c = &p->clock[k];
		bool a = c->op == SM__C_EVENT ? ticks_has(t, c->a) : out[c->a];
		bool b = c->b >= 0 && c->op != SM__C_EVENT && out[c->b];
		out[k] = c->op == SM__C_EVENT ? a : c->op == SM__C_UNION ? a || b
					  : c->op == SM__C_INTER ? a && b : a && !b;
	}
	bool ta = out[p->ca], tb = out[p->cb];
	int root = tb ? p->cb : ta ? p->ca : -1;
	size_t lo = root >= 0 ? (size_t)p->clock[root].first : 0;
	size_t hi = root >= 0 ? (size_t)root + 1 : p->nclock;
	seen->shown = t->ev[0];
	for (size_t k = lo; k < hi; k++)
		if (p->clock[k].op == SM__C_EVENT && out[k]) {
			seen->shown = p->clock[k].a;
			break;
		}
	s->steps++;
	s->ticks_a += ta;
	s->ticks_b += tb;
	int64_t lead = i->state;
	bool ok;
	switch (p->rel) {
	case SM__REL_PRECEDES:
		ok = (!tb || lead > 0) && (!p->bound || lead + ta - tb <= p->bound);
		break;
	case SM__REL_CAUSES: ok = lead + ta - tb >= 0; break;
	case SM__REL_ALTERNATES: ok = (!tb || lead > 0) && lead + ta <= 1; break;
	case SM__REL_SUBCLOCK: ok = !ta || tb; break;
	case SM__REL_EXCLUDES: ok = !(ta && tb); break;
	case SM__REL_COINCIDES: ok = ta == tb; break;
	default: ok = true; break;
	}
	seen->ta = ta;
	seen->tb = tb;
	seen->state = lead;
	if (!ok)
		return -1;
	i->state = lead + ta - tb;
	return 0;
}

/* The first edge, own edges then '*' edges, whose event ticks and whose
 * guard holds on the event's values; -1 when none. */
static int take_edge(const struct sm__ir_prop *p, int64_t state, int root, const struct ticks *t,
		     const struct sm__value *slots, const struct sm__where *w)
{
	struct sm__cands c = sm__ir_candidates(p, (int)state, root);
	struct sm__env env = {slots, NULL, NULL, w->has_ts, w->ts_ns};
	for (size_t k = 0; k < c.nown + c.nany; k++) {
		int edge = k < c.nown ? c.own[k] : c.any[k - c.nown];
		const struct sm__ir_edge *e = &p->edges[edge];
		if (ticks_has(t, e->event) && (!e->guard || sm__eval_cond(e->guard, &env)))
			return edge;
	}
	return -1;
}

static int step_automaton(const struct sm__ir_prop *p, struct inst *i, const struct ticks *t,
			  const struct sm__value *slots, const struct sm__where *w,
			  struct stripe *s, struct seen *seen)
{
	if (i->state == STOPPED)
		return 1; /* `after violation stop`: nothing more */
	s->steps++;
	seen->shown = t->ev[0];
	seen->state = i->state;
	int edge = take_edge(p, i->state, t->ev[0], t, slots, w);
	if (edge < 0) {
		if (p->after == SM__AFTER_RESTART)
			i->state = p->initial;
		else if (p->after == SM__AFTER_STOP)
			i->state = STOPPED;
		return -1;
	}
	const struct sm__ir_edge *e = &p->edges[edge];
	if (e->to != SM__STAY)
		i->state = e->to;
	if (s->edge_hits)
		s->edge_hits[edge]++;
	return 0;
}

static void report(struct sm__lanes *l, const struct sm__ir_prop *p, const struct seen *seen,
		   const struct sm__value *slots, const struct sm__where *w)
{
	struct sm__instance inst = {.lane = &seen->view};
	atomic_fetch_add_explicit(&l->of[p - l->ir->props]->violations, 1, memory_order_relaxed);
	struct sm__violation v = {p, &inst, seen->shown, slots, w, (int)seen->state, seen->state,
				  seen->ta, seen->tb, NULL};
	l->hooks.violation(l->hooks.ud, &v);
}

static void step_lane(struct sm__lanes *l, struct lane *ln, const struct ticks *t,
		      const struct sm__value *slots, const struct sm__where *w)
{
	const struct sm__ir_prop *p = ln->p;
	bool stepped = false; /* only by an event of its alphabet */
	for (size_t k = 0; k < t->n; k++)
		stepped |= p->alphabet[t->ev[k]];
	if (!stepped)
		return;
	struct sm__value key[SM__MAX_KEYS];
	for (size_t k = 0; k < p->nkeys; k++)
		key[k] = slots[p->key_slot[(size_t)t->ev[0] * p->nkeys + k]];
	struct stripe *s;
	struct inst *i = find_locked(l, ln, key, w, &s);
	if (!i)
		return;
	struct seen seen = {0};
	int r = p->kind == SM__PROP_AUTOMATON ? step_automaton(p, i, t, slots, w, s, &seen)
					      : step_relation(p, i, t, s, &seen);
	if (r == 0)
		i->last_ts = w->has_ts ? w->ts_ns : -1;
	if (r < 0) {
		/* The key is the instance's own copy: it lives as long as the lanes. */
		seen.view = (struct sm__lane_view){i->key, p->nkeys, seen.state, i->last_ts};
	}
	unlock(s);
	if (r < 0)
		report(l, p, &seen, slots, w);
}

void sm__lanes_emit(struct sm__lanes *l, int event, const struct sm__value *slots,
		    const struct sm__where *w)
{
	count(l, (size_t)event);
	count(l, l->ir->nevents);
	note_fields(l, event, slots);
	const int *reach = l->reach[event];
	if (reach[0] < 0 && !l->ir->events[event].nfamily)
		return;
	struct ticks t;
	mark_ticks(l, event, slots, &t);
	for (; *reach >= 0; reach++)
		step_lane(l, l->of[*reach], &t, slots, w);
}

/* ---- the end ---- */

static bool satisfied(const struct sm__ir_prop *p, const struct inst *i)
{
	if (p->kind == SM__PROP_AUTOMATON)
		return i->state == STOPPED || p->final[i->state];
	return !(p->rel == SM__REL_ALTERNATES && i->state > 0);
}

static int by_serial(const void *a, const void *b)
{
	const struct inst *x = *(struct inst *const *)a, *y = *(struct inst *const *)b;
	return (x->serial > y->serial) - (x->serial < y->serial);
}

void sm__lanes_pending(struct sm__lanes *l, void (*fn)(void *ud, const struct sm__pending *p),
		       void *ud)
{
	for (size_t k = 0; k < l->ir->nprops; k++) {
		struct lane *ln = l->of[k];
		if (!ln)
			continue;
		struct inst **all = NULL;
		size_t n = 0, cap = 0;
		for (size_t s = 0; s < NSTRIPES; s++)
			for (size_t c = 0; c < ln->stripe[s].cap; c++) {
				struct inst *i = ln->stripe[s].cell[c];
				if (i && !satisfied(ln->p, i))
					SM__PUSH(all, n, cap, i);
			}
		if (n)
			qsort(all, n, sizeof *all, by_serial);
		ln->pending = n;
		for (size_t j = 0; j < n; j++) {
			struct sm__lane_view view = {all[j]->key, ln->p->nkeys, all[j]->state,
						     all[j]->last_ts};
			struct sm__instance inst = {.lane = &view};
			struct sm__pending pend = {ln->p, &inst};
			fn(ud, &pend);
		}
		free(all);
	}
}

void sm__lanes_stats(const struct sm__lanes *l, size_t prop, struct sm__prop_stats *out)
{
	const struct lane *ln = l->of[prop];
	*out = (struct sm__prop_stats){0};
	if (!ln)
		return;
	out->instances = atomic_load(&ln->instances);
	out->refused = atomic_load(&ln->refused);
	out->violations = atomic_load(&ln->violations);
	out->pending = ln->pending;
	for (size_t s = 0; s < NSTRIPES; s++) {
		const struct stripe *st = &ln->stripe[s];
		out->steps += st->steps;
		out->ticks_a += st->ticks_a;
		out->ticks_b += st->ticks_b;
	}
	if (out->instances)
		out->keys_carried = (uint32_t)((1ull << ln->p->nkeys) - 1);
}

/* Coverage: the lane's edge hits added to hits (nedges of them). */
void sm__lanes_edge_hits(const struct sm__lanes *l, size_t prop, uint64_t *hits)
{
	const struct lane *ln = l->of[prop];
	for (size_t s = 0; ln && s < NSTRIPES; s++)
		for (size_t e = 0; ln->stripe[s].edge_hits && e < ln->p->nedges; e++)
			hits[e] += ln->stripe[s].edge_hits[e];
}
