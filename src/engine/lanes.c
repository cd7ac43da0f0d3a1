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
#include "rules.h"

#include <linux/membarrier.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STRIPE_BITS 10
#define NSTRIPES (1u << STRIPE_BITS)
/* Counts: one row per thread, for NROWS - 1 threads at a time (a thread
 * that ends gives its row back: take_row); the threads beyond them share
 * the last row, which they add to atomically. */
#define NROWS 64
_Static_assert(NROWS <= 64, "an instance's rows are one 64-bit word (struct inst)");
#define ROW_ALIGN 128 /* a row's alignment and size's multiple: a pair of lines */
/* What a lane evaluates on the stack: the ticks of an instant, clock nodes. */
#define MAX_TICKS 64
#define MAX_NODES 64
#define STOPPED INT64_MIN /* an automaton's state after `after violation stop` */
#define DEAD (INT64_MIN + 1) /* a reclaimed instance's: no step takes it (plan_event) */
/* Instances come in chunks of FIRST_CHUNK, doubling to LAST_CHUNK. */
#define FIRST_CHUNK 4
#define LAST_CHUNK 1024
#define KEY_SEED 0x9e3779b97f4a7c15ull /* key_hash's start */

/* An instance: its state word, changed by compare-and-swap (a relation's
 * lead, an automaton's state), so that stepping takes no lock; rows, the
 * threads' rows whose rings may hold its steps (mark_row), so that a report
 * reads those rings alone; the rest is written before the instance is
 * published in its stripe's table.  Its key's hash is not kept (the
 * cell's tag spares most key compares; a table that grows hashes its keys
 * again): a one-field key's instance stays one cache line.  Reclaimed
 * (its state DEAD), its room is made another instance of the same lane,
 * the next generation: its rows are kept, as the rings may still hold the
 * steps of the earlier ones, which a report tells by their generation. */
struct inst {
	_Atomic int64_t state;
	_Atomic int64_t last_ts; /* of its last step, negative: none or no time */
	_Atomic uint64_t rows;   /* bit r < NROWS - 1: row r's ring may hold its steps;
				  * QUEUED: it waits in a reclaim queue */
	_Atomic uint64_t born;   /* serial << GEN_BITS | generation: the order of its
				  * creation (pending reports), which use of its room */
	struct sm__value key[];
};
#define QUEUED (1ull << (NROWS - 1)) /* the shared row, which keeps no ring */
#define GEN_BITS 16
#define GEN_MASK ((1u << GEN_BITS) - 1)

/* A stripe's table of instances (open addressing), read without a lock:
 * a full table is replaced by one twice its size, and kept (older) until
 * the end, as a reader may still be on it. */
struct table {
	size_t cap;
	struct table *older;
	/* 0, or an instance and its tag (cell_of); from a cache line's start
	 * (stripe_grow), so that the eight cells of a run of keys share one
	 * (int_key_hash) */
	_Alignas(64) _Atomic uintptr_t cell[];
};

/* A cell holds its instance's address (64-byte aligned: carve) or'ed with
 * the top CELL_TAG_BITS of its hash, so that a probe passes over the cells
 * of other keys without loading their instances: with many instances,
 * each of those loads is a cache miss. */
#define CELL_TAG_BITS 6
#define CELL_TAG (((uintptr_t)1 << CELL_TAG_BITS) - 1)

static inline uintptr_t tag_of(uint64_t hash)
{
	return (uintptr_t)(hash >> (64 - CELL_TAG_BITS));
}

static inline uintptr_t cell_of(const struct inst *i, uint64_t hash)
{
	return (uintptr_t)i | tag_of(hash);
}

static inline struct inst *inst_in(uintptr_t cell)
{
	return (struct inst *)(cell & ~CELL_TAG);
}

/* Instances are carved from chunks (no allocation per instance), on
 * cache-line boundaries: an instance of a one-field key is one line. */
struct chunk {
	struct chunk *next;
	size_t cap, used;
	_Alignas(64) char mem[];
};

/* A stripe: its table, and what creating an instance in it takes: its
 * spin lock, its count, and the chunks of the threads that share the last
 * row (carve).  Aligned so that two stripes share no cache line. */
struct stripe {
	_Alignas(64) struct table *_Atomic table;
	atomic_flag lock;
	size_t count;
	struct chunk *chunks;
};

/* Regrets are watched on one key in GONE_SAMPLE (by its hash), so that a
 * lane's GONE_SLOTS fingerprints remember the keys of some four million
 * instances reclaimed. */
#define GONE_SLOTS (1u << 16)
#define GONE_SAMPLE 64u

/* Reclaimed instances' rooms, ready for new ones: a row's, per lane. */
struct pool {
	struct inst **room;
	size_t n, cap;
};

/* A lane's counts in a thread's row, from its row_at on. */
enum { AT_STEPS, AT_TICKS_A, AT_TICKS_B, AT_MADE, AT_RECLAIMED, AT_EDGES /* per edge: hits */ };

/* A lane: a property stepped here.  row_at: where its counts are in a
 * thread's row (enum above). */
struct lane {
	const struct sm__ir_prop *p;
	size_t inst_size;
	size_t row_at;
	struct inst *_Atomic global; /* a property without `per`: its instance */
	size_t cache_at; /* a one-field key: where its cache is in a thread's (CACHE_SLOTS) */
	atomic_uint_fast64_t refused, violations;
	atomic_int_fast64_t live; /* instances now, under --max-instances */
	uint64_t pending; /* counted at the end */
	atomic_bool refused_told;
	bool reclaims;             /* its instances may be reclaimed (sm__lanes_start) */
	atomic_bool partial_seen;  /* an emit lacked a key field: no more reclaiming */
	_Atomic uint32_t *gone;    /* reclaims: GONE_SLOTS fingerprints of keys reclaimed */
	struct stripe *stripe; /* NSTRIPES */
	struct chunk *own[NROWS - 1]; /* per row: the instances its thread made (carve) */
	struct pool pool[NROWS - 1];  /* per row: rooms its thread reclaimed (sweep) */
	struct pool spare;            /* rooms beyond a row's need, for any row (let_go) */
	atomic_flag spare_lock;
	atomic_size_t spares;         /* spare.n, read without the lock */
};

/* How the lean step finds a relation's instance: the property's only
 * one, by one key field (an integer: lookup_int), by any key. */
enum lean { LEAN_NO, LEAN_GLOBAL, LEAN_ONE_KEY, LEAN_KEY };

/* What an emit of a source event steps, worked out once: the lanes it
 * reaches, and, when no derived event can tick with it (derived false),
 * whether each relation's sides tick (the clock nodes evaluated once). */
struct target {
	struct lane *ln;
	bool ta, tb;
	enum lean lean; /* how lean_step finds the instance of a relation (LEAN_NO: an automaton) */
	int64_t lo, hi; /* lean: the leads that allow it (sm__relation_range) */
	int64_t delta;  /* lean: what a step adds to the lead (ta - tb) */
	size_t row_at; /* where lean_step counts its steps in a thread's row */
	size_t cache_at; /* LEAN_ONE_KEY: its lane's cache_at */
	int key_field;  /* a one-field key: the event's field that holds it */
	uint64_t what;  /* lean_step's history record: what_of(event, -1, -1) */
	size_t hist_values; /* values it keeps at most (0: the event has too many fields) */
	bool queues; /* lean: a step may make the instance idle (queue_if_idle) */
};

struct plan {
	bool derived;
	bool fast;           /* sm__lanes_fast */
	uint64_t key_fields; /* bit f: field f is some target's key */
	size_t n;
	struct target *to;
};

/*
 * History (lanes.h): each thread's steps go to its own ring, of its row:
 * no atomic read-modify-write, nothing per instance, no formatting.  A
 * step is a raw record of words, written in place at the ring's head:
 *
 *     value 0 .. value n-1   the emit's integers, in the order given
 *     ts                     -1: none
 *     places                 byte f: the value of declared field f
 *                            (0xff: none), the site's arg_of as it is
 *     what                   event | generation << 16 | from << 32 | to << 48
 *                            (16 bits each: the instance's generation, rec_close)
 *     tagged instance        the instance, its low bits n and the flags
 *
 * The last word, written last, says how long the record is, so a report
 * walks a ring back from its head.  A record never wraps: one that would
 * is put at the ring's start, after a pad word at its end.  A report on
 * another thread copies a record, then reads the head again: when the
 * writer came within a ring of the record, the copy may be torn and is
 * dropped.  Every word is a release store read with acquire, so that
 * seeing a rewritten word implies seeing the head that came before it
 * (plain moves on x86-64, no data race for ThreadSanitizer).
 */
#define RING_PER_HISTORY 8192u /* a ring's words per step of history asked */
#define RING_MAX (1u << 23)
#define HIST_VALUES 8 /* integer values kept per step, of the first fields */
#define REC_FIXED 4   /* words of a record besides its values */
#define REC_MAX (HIST_VALUES + REC_FIXED)
/* The tagged instance's low bits (instances are 64-byte aligned). */
#define TAG_N 0xfu        /* values in the record (TAG_PAD: a pad word) */
#define TAG_CREATED 0x10u /* this step made the instance: none before it */
#define TAG_OPAQUE 0x20u  /* the values are not kept (a string, too many fields) */
#define TAG_BITS 6
#define TAG_PAD TAG_N /* a pad word; its length above TAG_BITS */
#define NO_PLACES UINT64_MAX /* places when no field has a value */

struct ring {
	atomic_uint_fast64_t head; /* words written since the start */
	_Atomic uint64_t w[];      /* ring_size */
};

/* A record's `what` word but the generation: the event shown (fewer than
 * 2^16: fits), from and to as the engine's history has them (steplog.h). */
static inline uint64_t what_of(int shown, int from, int to)
{
	return (uint16_t)shown | (uint64_t)(uint16_t)from << 32 | (uint64_t)(uint16_t)to << 48;
}

/*
 * A thread's cache of one-field integer keys' instances: per such lane,
 * CACHE_SLOTS instances, each in the slot its key hashes to, so that a
 * lean step finds a key it met before with one load and a compare instead
 * of the stripe's table (a hash, three loads one after the other).  Only
 * the thread that has the row reads and writes it: plain memory (a thread
 * that takes a row given back inherits it, after the release and acquire
 * of take_row).  A slot may name an instance reclaimed since, or whose
 * room is now another key's (reclaiming, below): a hit reads the state
 * first (acquire), and takes a DEAD one for a miss; any other state was
 * stored after its key was (inst_new), so the key compared is the one
 * that state is of.  It costs a thread 8 KB per such lane, made at its
 * first emit of any kind (doc/api.md).
 */
#define CACHE_BITS 10
#define CACHE_SLOTS (1u << CACHE_BITS)

/*
 * Reclaiming (DESIGN.md §2.5).  A keyed instance back in a state where a
 * new one would behave the same (idle: lead 0, an automaton's final
 * initial state) is queued, once (QUEUED), by the thread that made it or
 * stepped it there, in its row's queue.  When its delay are queued
 * (SM__RECLAIM_QUEUE at first), the oldest SM__RECLAIM_BATCH are looked
 * at (sweep): one still idle is made DEAD by compare-and-swap under its
 * stripe's lock (a step racing it fails, or makes it fail) and taken out
 * of the table; any other waits for its next idle state.
 *
 * Its room is reused once no thread can be on it: every emit running
 * when it went has ended (grace).  An emit counts up its row's busy word
 * when it starts and when it ends (odd: running), plain stores; after
 * the instances went, one membarrier makes every running thread pass a
 * full barrier, so that an emit that started before it shows as
 * running, and one that starts after it sees them gone.  The threads
 * that share the last row count themselves in and out of shared_busy.
 * The rooms go to the reclaiming thread's pool, and beyond its need to
 * the lane's spares, for any thread (let_go).  A thread's cache keeps
 * naming a reclaimed instance: see above.
 *
 * A key made again soon after its instance went is a regret (its
 * fingerprint is in the lane's `gone`, for one key in GONE_SAMPLE): where
 * a quarter of a batch's worth come back between two sweeps, the
 * thread's delay doubles, so that a large set of keys met in turn is kept
 * rather than reclaimed and made again each round; a key per request
 * never comes back, and the delay stays.
 */
unsigned sm__reclaim_queue_test;
bool sm__membarrier_refused_test;

struct retired {
	struct lane *ln;
	struct inst *i;
};

struct retired_list {
	struct retired *at;
	size_t n, cap;
};

/* A row's queue and the instances it reclaimed, its thread's alone. */
struct reclaim {
	struct retired *queue; /* a ring of cap from head, n of them */
	size_t head, n, cap;
	size_t delay;           /* instances queued before the oldest are looked at */
	uint64_t regrets_seen;  /* the lanes' regrets at the last sweep */
	struct retired_list next;  /* gone, their grace not begun */
	struct retired_list limbo; /* gone, in their grace, which began when */
	uint64_t busy[NROWS - 1];  /* each row's busy word read */
	bool shared_busy;          /* threads of the shared row were emitting */
};

struct sm__lanes {
	const struct sm__ir *ir;
	uint64_t max_instances;
	bool coverage, one_thread;
	unsigned history;
	size_t ring_size; /* words, a power of two */
	struct sm__lane_hooks hooks;
	struct ring *_Atomic ring[NROWS]; /* per row, made by its thread (history on) */
	struct inst **cache[NROWS];       /* per row, made and read by the thread that has it */
	struct reclaim *reclaim[NROWS];   /* per row, as cache */
	atomic_int_fast64_t shared_busy;  /* emits of the shared row's threads running */
	size_t busy_at;                   /* in a row: its busy word (struct reclaim) */
	atomic_uint_fast64_t regrets;     /* watched keys made again after they were reclaimed */
	size_t cache_slots;               /* a thread's cache: CACHE_SLOTS per lane of one key */
	struct lane **of;   /* per property: its lane, or NULL */
	struct plan *plan;  /* per source event */
	char *rows;         /* NROWS rows: per event, then per lane; row_size apart */
	size_t row_size;
	size_t solo_at;     /* in a row, from here per event: emit_site's emits, each an
			     * emit and the lean step of the event's one target */
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
	if (ir->nevents > 0xffff || !keys_fit(ir, p, index)) /* what_of */
		return false;
	if (p->kind == SM__PROP_RELATION)
		return clock_fits(p);
	return p->start_event < 0 && !p->nvars && !p->nclocks && !p->has_invariants;
}

/* ---- ticks ---- */

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

/* A relation's sides in an instant: its clock nodes, bottom-up (none has
 * state: clock_fits); out[k] whether node k ticks. */
static void eval_sides(const struct sm__ir_prop *p, const struct ticks *t, bool *out)
{
	for (size_t k = 0; k < p->nclock; k++) {
		const struct sm__clock_node *c = &p->clock[k];
		int64_t none = 0;
		bool a = c->op == SM__C_EVENT ? ticks_has(t, c->a) : out[c->a];
		bool b = c->op != SM__C_EVENT && c->b >= 0 && out[c->b];
		out[k] = sm__clock_tick(c, &none, a, b);
	}
}

/* ---- life ---- */

/* May an emit of the event skip the slots (sm__lanes_fast)?  Only keys
 * are read: no derived event, no guard on the event's edges, keys among
 * the first 16 declared fields. */
static void plan_fast(const struct sm__lanes *l, int event, struct plan *pl)
{
	const struct sm__ir_event *ev = &l->ir->events[event];
	pl->fast = !pl->derived && ev->nfields <= 16;
	for (size_t j = 0; j < pl->n; j++) {
		const struct sm__ir_prop *p = pl->to[j].ln->p;
		for (size_t k = 0; k < p->nkeys; k++) {
			int slot = p->key_slot[(size_t)event * p->nkeys + k];
			pl->fast &= slot >= 0 && (size_t)slot < ev->nfields && slot < 16;
			if (slot >= 0 && slot < 64)
				pl->key_fields |= 1ull << slot;
		}
		for (size_t k = 0; p->kind == SM__PROP_AUTOMATON && k < p->nedges; k++)
			pl->fast &= p->edges[k].event != event || !p->edges[k].guard;
	}
}

static void plan_event(struct sm__lanes *l, int event)
{
	const struct sm__ir_event *ev = &l->ir->events[event];
	struct plan *pl = &l->plan[event];
	pl->derived = ev->nfamily > 0;
	pl->to = sm__xcalloc(ev->nprops + 1, sizeof *pl->to);
	struct ticks alone = {{event}, 1};
	for (size_t j = 0; j < ev->nprops; j++) {
		struct lane *ln = l->of[ev->props[j]];
		if (!ln || (!pl->derived && !ln->p->alphabet[event]))
			continue;
		struct target *to = &pl->to[pl->n++];
		to->ln = ln;
		to->lean = ln->p->kind != SM__PROP_RELATION ? LEAN_NO
			   : !ln->p->nkeys		     ? LEAN_GLOBAL
			   : ln->p->nkeys == 1		     ? LEAN_ONE_KEY
							     : LEAN_KEY;
		to->row_at = l->ir->nevents + 1 + l->row_size++;
		if (ln->p->kind == SM__PROP_RELATION) {
			bool out[MAX_NODES];
			eval_sides(ln->p, &alone, out);
			to->ta = out[ln->p->ca];
			to->tb = out[ln->p->cb];
			sm__relation_range(ln->p, to->ta, to->tb, &to->lo, &to->hi);
			if (to->lo <= DEAD)
				to->lo = DEAD + 1; /* a reclaimed instance takes no lean step */
			to->delta = (int64_t)to->ta - to->tb;
		}
		to->key_field = ln->p->nkeys ? ln->p->key_slot[(size_t)event * ln->p->nkeys] : -1;
		to->cache_at = ln->cache_at;
		to->what = what_of(event, -1, -1);
		to->hist_values = ev->nfields > HIST_VALUES ? 0 : HIST_VALUES;
	}
	plan_fast(l, event, pl);
}

static struct lane *lane_new(struct sm__lanes *l, const struct sm__ir_prop *p)
{
	struct lane *ln = sm__xcalloc(1, sizeof *ln);
	ln->p = p;
	ln->inst_size = (sizeof(struct inst) + p->nkeys * sizeof(struct sm__value) + 63) / 64 * 64;
	ln->row_at = l->ir->nevents + 1 + l->row_size;
	l->row_size += AT_EDGES + (l->coverage ? p->nedges : 0);
	if (p->kind == SM__PROP_RELATION && p->nkeys == 1) {
		ln->cache_at = l->cache_slots;
		l->cache_slots += CACHE_SLOTS;
	}
	return ln;
}

/* May reclaims use membarrier (grace)?  (Registered for the process;
 * again for each monitor, which costs a system call.) */
static bool membarrier_ready(void)
{
	return !sm__membarrier_refused_test &&
	       syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
}

void sm__lanes_start(struct sm__lanes *l)
{
	l->rows = memset(sm__xaligned(ROW_ALIGN, NROWS * l->row_size), 0, NROWS * l->row_size);
	/* one thread at a time: no emit runs while one reclaims */
	bool grace = l->one_thread || membarrier_ready();
	for (size_t k = 0; k < l->ir->nprops; k++) {
		struct lane *ln = l->of[k];
		if (!ln)
			continue;
		ln->reclaims = grace && ln->p->nkeys;
		if (ln->reclaims)
			ln->gone = sm__xcalloc(GONE_SLOTS, sizeof *ln->gone);
		else if (ln->p->nkeys && l->hooks.no_reclaim)
			l->hooks.no_reclaim(l->hooks.ud, ln->p);
		ln->stripe = sm__xlines(NSTRIPES * sizeof *ln->stripe);
		for (size_t s = 0; s < NSTRIPES; s++)
			atomic_flag_clear(&ln->stripe[s].lock);
		atomic_flag_clear(&ln->spare_lock);
	}
	for (size_t e = 0; e < l->ir->nevents; e++)
		for (size_t k = 0; k < l->plan[e].n; k++) {
			struct target *to = &l->plan[e].to[k];
			to->queues = to->ln->reclaims && to->delta;
		}
}

struct sm__lanes *sm__lanes_new(const struct sm__ir *ir, struct sm__lane_options opt,
				struct sm__lane_hooks hooks)
{
	struct sm__lanes *l = sm__xcalloc(1, sizeof *l);
	l->ir = ir;
	l->max_instances = opt.max_instances;
	l->coverage = opt.coverage;
	l->history = opt.history;
	for (l->ring_size = 1; l->ring_size < RING_MAX && l->ring_size < RING_PER_HISTORY * (size_t)opt.history;)
		l->ring_size *= 2;
	l->one_thread = opt.one_thread;
	l->hooks = hooks;
	l->of = sm__xcalloc(ir->nprops + 1, sizeof *l->of);
	for (size_t k = 0; k < ir->nprops; k++)
		if (fits(ir, k))
			l->of[k] = lane_new(l, &ir->props[k]);
	l->plan = sm__xcalloc(ir->nevents + 1, sizeof *l->plan);
	for (size_t e = 0; e < ir->nevents; e++)
		if (ir->events[e].base < 0)
			plan_event(l, (int)e);
	/* A row: per event, one word spare, the lanes' counts, then per event
	 * emit_site's emits (solo_at); whole pairs of lines (ROW_ALIGN), so
	 * that two threads' rows share no line, nor a pair the adjacent-line
	 * prefetcher moves together. */
	l->busy_at = ir->nevents; /* the word spare */
	l->solo_at = ir->nevents + 1 + l->row_size;
	l->row_size = ((l->solo_at + ir->nevents) * sizeof(atomic_uint_fast64_t) + ROW_ALIGN - 1) /
		      ROW_ALIGN * ROW_ALIGN;
	l->fields = sm__xcalloc(ir->nevents + 1, sizeof *l->fields);
	l->ticked = sm__xcalloc(ir->nevents + 1, sizeof *l->ticked);
	return l;
}

static void chunks_free(struct chunk *c)
{
	for (struct chunk *next; c; c = next) {
		next = c->next;
		free(c);
	}
}

/* The strings an instance's key holds (inst_new copied them). */
static void keys_free(const struct lane *ln, const struct inst *i)
{
	for (size_t j = 0; j < ln->p->nkeys; j++)
		if (i->key[j].kind == SM__VAL_STR)
			free((char *)(uintptr_t)i->key[j].s.ptr);
}

static void lane_free(struct lane *ln)
{
	for (size_t s = 0; ln->stripe && s < NSTRIPES; s++) {
		struct stripe *st = &ln->stripe[s];
		struct table *t = atomic_load_explicit(&st->table, memory_order_relaxed);
		for (size_t k = 0; t && k < t->cap; k++) {
			struct inst *i = inst_in(atomic_load_explicit(&t->cell[k], memory_order_relaxed));
			if (i)
				keys_free(ln, i);
		}
		while (t) {
			struct table *older = t->older;
			free(t);
			t = older;
		}
		chunks_free(st->chunks);
	}
	for (int r = 0; r < NROWS - 1; r++) {
		chunks_free(ln->own[r]);
		free(ln->pool[r].room);
	}
	free(ln->spare.room);
	free(ln->stripe);
	free(ln->gone);
	free(ln);
}

/* Instances taken out of their tables but not let go of: their keys'
 * strings, and the list. */
static void retired_free(struct retired_list *list)
{
	for (size_t k = 0; k < list->n; k++)
		keys_free(list->at[k].ln, list->at[k].i);
	free(list->at);
}

static void reclaim_free(struct reclaim *rc)
{
	if (!rc)
		return;
	retired_free(&rc->next);
	retired_free(&rc->limbo);
	free(rc->queue);
	free(rc);
}

void sm__lanes_free(struct sm__lanes *l)
{
	if (!l)
		return;
	for (int r = 0; r < NROWS; r++)
		reclaim_free(l->reclaim[r]);
	for (size_t k = 0; k < l->ir->nprops; k++)
		if (l->of[k])
			lane_free(l->of[k]);
	for (size_t e = 0; e < l->ir->nevents; e++)
		free(l->plan[e].to);
	free(l->plan);
	free(l->of);
	free(l->rows);
	free(l->fields);
	free(l->ticked);
	for (int r = 0; r < NROWS; r++) {
		free(atomic_load_explicit(&l->ring[r], memory_order_relaxed));
		free(l->cache[r]);
	}
	free(l);
}

bool sm__lanes_has(const struct sm__lanes *l, size_t prop)
{
	return l->of[prop] != NULL;
}

bool sm__lanes_fast(const struct sm__lanes *l, int event, uint64_t *key_fields)
{
	*key_fields = l->plan[event].key_fields;
	return l->plan[event].fast;
}

/* ---- counting, per thread ---- */

/* initial-exec: no call to find it, in the shared library too */
static _Thread_local int my_row __attribute__((tls_model("initial-exec"))) = -1;

/*
 * Rows are the process's, not a monitor's: a thread has the same row in
 * every lanes.  Bit r of rows_taken: a live thread has row r (< NROWS - 1).
 * A thread that ends gives its row back (give_row, the destructor of
 * row_key), so that threads made and ended over and over, as a pool does,
 * keep rows of their own instead of all sharing the last one after 63.
 * The next thread to take the row inherits its counts (sums: they just go
 * on), its caches (rooms are never freed while lanes live, and a reused
 * one is told: see the cache), its rings (the new thread's steps come
 * after the old one's), its chunks of instances (lane.own: it carves on
 * where the old one stopped) and its reclaim queue and pools.  What
 * the old thread wrote there happens before the new one reads it: the
 * release of the row (fetch_and) and the acquire of its take
 * (compare-and-swap).
 */
static _Atomic uint64_t rows_taken;
static pthread_key_t row_key;
static bool row_key_made;
static pthread_once_t row_key_once = PTHREAD_ONCE_INIT;

/* The thread ends.  It forgets its row first: should another key's
 * destructor emit after this one, the thread takes a row anew instead of
 * writing to one that is no longer its own. */
static void give_row(void *row_plus_1)
{
	uint64_t bit = 1ull << ((uintptr_t)row_plus_1 - 1);
	my_row = -1;
	atomic_fetch_and_explicit(&rows_taken, ~bit, memory_order_release);
}

static void make_row_key(void)
{
	row_key_made = pthread_key_create(&row_key, give_row) == 0;
}

/* The library is unloaded (dlclose) or the process ends: threads that
 * end after this keep their rows rather than call give_row, whose code
 * may be gone. */
__attribute__((destructor)) static void drop_row_key(void)
{
	if (row_key_made)
		pthread_key_delete(row_key);
}

/* The lowest free row, taken, and given back when the thread ends; or
 * the shared last row when none is free.  (Without a thread key, the row
 * stays taken when the thread ends, as it would be for ever.) */
static int take_row(void)
{
	pthread_once(&row_key_once, make_row_key);
	uint64_t taken = atomic_load_explicit(&rows_taken, memory_order_relaxed);
	const uint64_t own = (1ull << (NROWS - 1)) - 1;
	int r;
	do {
		if (!(~taken & own))
			return NROWS - 1;
		r = __builtin_ctzll(~taken & own);
	} while (!atomic_compare_exchange_weak_explicit(&rows_taken, &taken, taken | 1ull << r,
							memory_order_acquire, memory_order_relaxed));
	if (row_key_made)
		pthread_setspecific(row_key, (void *)(uintptr_t)(r + 1));
	return r;
}

static atomic_uint_fast64_t *row_at(const struct sm__lanes *l, int r)
{
	return (atomic_uint_fast64_t *)(void *)(l->rows + (size_t)r * l->row_size);
}

/* Is row r a thread's own (taken, and not the shared last one)? */
static inline bool own_row(int r)
{
	return r >= 0 && r < NROWS - 1;
}

/* Before the thread with row r (its own) writes a step of i in its ring:
 * i's rows say so, for the reports (gather).  Where a step finds its
 * instance by the thread's cache, the row was marked when the instance
 * went in: the hot path does not look. */
static void mark_row(struct inst *i, int r)
{
	uint64_t bit = 1ull << r;
	if (!(atomic_load_explicit(&i->rows, memory_order_relaxed) & bit))
		atomic_fetch_or_explicit(&i->rows, bit, memory_order_release);
}

/* This thread's row, and whether it shares it (the last one). */
static atomic_uint_fast64_t *my_counts(const struct sm__lanes *l, bool *shared)
{
	if (my_row < 0)
		my_row = take_row();
	*shared = my_row == NROWS - 1;
	return row_at(l, my_row);
}

/* A thread's own row takes a plain load and store (no other thread writes
 * it); the shared last row an atomic add. */
static inline void add(atomic_uint_fast64_t *c, bool shared, uint64_t n)
{
	if (!shared)
		atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
				      memory_order_relaxed);
	else
		atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/* A row's sum over threads. */
static uint64_t summed(const struct sm__lanes *l, size_t at)
{
	uint64_t n = 0;
	for (int r = 0; r < NROWS; r++)
		n += atomic_load_explicit(&row_at(l, r)[at], memory_order_relaxed);
	return n;
}

/* Emits of source event e: counted per event, or, by emit_site, once
 * for the emit and its one lean step (solo_at). */
static uint64_t emitted(const struct sm__lanes *l, size_t e)
{
	return summed(l, e) + summed(l, l->solo_at + e);
}

uint64_t sm__lanes_events(const struct sm__lanes *l, uint64_t *per_event)
{
	uint64_t total = 0;
	for (size_t e = 0; e < l->ir->nevents; e++) {
		uint64_t n = emitted(l, e);
		total += n;
		if (per_event)
			per_event[e] = n;
	}
	return total;
}

uint64_t sm__lanes_fields_seen(const struct sm__lanes *l, int event)
{
	return atomic_load_explicit(&l->fields[event], memory_order_relaxed);
}

bool sm__lanes_ticked(const struct sm__lanes *l, int event)
{
	/* A source event ticked when it was emitted. */
	return atomic_load_explicit(&l->ticked[event], memory_order_relaxed) ||
	       (l->ir->events[event].base < 0 && emitted(l, (size_t)event));
}

/* Set once: a load, and a store the first time only. */
static void note_ticked(struct sm__lanes *l, int event)
{
	if (!atomic_load_explicit(&l->ticked[event], memory_order_relaxed))
		atomic_store_explicit(&l->ticked[event], true, memory_order_relaxed);
}

/* Fields seen: a load, and an atomic or when some are new. */
static void note_fields(struct sm__lanes *l, int event, uint64_t seen)
{
	uint64_t had = atomic_load_explicit(&l->fields[event], memory_order_relaxed);
	if ((had | seen) != had)
		atomic_fetch_or_explicit(&l->fields[event], seen, memory_order_relaxed);
}

/* The source event, then its derived events whose base ticks and whose
 * filter holds (a family lists parents first). */
static void mark_ticks(struct sm__lanes *l, int event, const struct sm__value *slots,
		       struct ticks *t)
{
	const struct sm__ir_event *root = &l->ir->events[event];
	t->n = 0;
	t->ev[t->n++] = event;
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

/* A spin lock: a stripe's, or a lane's spares'. */
static void lock(atomic_flag *f)
{
	while (atomic_flag_test_and_set_explicit(f, memory_order_acquire))
		;
}

static void unlock(atomic_flag *f)
{
	atomic_flag_clear_explicit(f, memory_order_release);
}

/* One value of a key into its hash h (v: the integer, or the string's hash). */
static inline uint64_t key_hash_step(uint64_t h, uint64_t v, int kind)
{
	return sm__mix(h ^ v ^ ((uint64_t)kind << 56));
}

/*
 * A one-field integer key's hash.  Keys that differ only in their low
 * GROUP_BITS (a run of request ids, of queue indexes) share a stripe and
 * lie side by side in its table, on one cache line of cells: where
 * instances are many, keys met in order then find their cells with one
 * cache miss a run, not one a key.  Their tags take those bits too, so
 * that they still differ.
 */
#define GROUP_BITS 3
#define GROUP_MASK ((1u << GROUP_BITS) - 1)
_Static_assert(GROUP_BITS <= CELL_TAG_BITS, "a run's keys have tags of their own");

static inline uint64_t int_key_hash(int64_t v)
{
	uint64_t low = (uint64_t)v & GROUP_MASK;
	uint64_t h = key_hash_step(KEY_SEED, (uint64_t)v >> GROUP_BITS, SM__VAL_INT);
	h &= ~((uint64_t)GROUP_MASK << STRIPE_BITS);
	return (h | low << STRIPE_BITS) ^ low << (64 - GROUP_BITS);
}

static uint64_t key_hash(const struct sm__value *key, size_t n)
{
	if (n == 1 && key[0].kind == SM__VAL_INT)
		return int_key_hash(key[0].i);
	uint64_t h = KEY_SEED;
	for (size_t k = 0; k < n; k++) {
		uint64_t v = key[k].kind == SM__VAL_STR ? sm__hash_bytes(key[k].s.ptr, key[k].s.len)
							: (uint64_t)key[k].i;
		h = key_hash_step(h, v, key[k].kind);
	}
	return h;
}

static bool value_equal(const struct sm__value *a, const struct sm__value *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind == SM__VAL_STR ? a->s.len == b->s.len && !memcmp(a->s.ptr, b->s.ptr, a->s.len)
				      : a->i == b->i;
}

static bool key_equal(const struct sm__value *a, const struct sm__value *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!value_equal(&a[k], &b[k]))
			return false;
	return true;
}

/* Does the instance's key agree with a partial key: equal on every field
 * the partial key has? */
static bool key_agrees(const struct inst *i, const struct sm__value *key, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (key[k].kind != SM__VAL_NONE && !value_equal(&i->key[k], &key[k]))
			return false;
	return true;
}

/* The cell of the key in t: its instance's, or the empty one it would go
 * in; *seen: what the probe read there (its instance, or 0).  Read once:
 * without the stripe's lock, a second read of an empty cell may find the
 * instance of another key, made since. */
static _Atomic uintptr_t *probe(struct table *t, const struct sm__value *key, size_t nkeys,
				uint64_t hash, uintptr_t *seen)
{
	size_t mask = t->cap - 1;
	uintptr_t tag = tag_of(hash);
	for (size_t at = (hash >> STRIPE_BITS) & mask;; at = (at + 1) & mask) {
		uintptr_t c = atomic_load_explicit(&t->cell[at], memory_order_acquire);
		if (!c || ((c & CELL_TAG) == tag && key_equal(inst_in(c)->key, key, nkeys))) {
			*seen = c;
			return &t->cell[at];
		}
	}
}

/* The instance of the key, without a lock, or NULL when it is not (yet)
 * in the table. */
static struct inst *lookup(struct stripe *s, const struct sm__value *key, size_t nkeys,
			   uint64_t hash)
{
	struct table *t = atomic_load_explicit(&s->table, memory_order_acquire);
	uintptr_t seen = 0;
	if (t)
		probe(t, key, nkeys, hash, &seen);
	return inst_in(seen);
}

/* Under the stripe's lock: a table twice the size, published; the old one
 * is kept for readers still on it.  Keys of nkeys fields. */
static void stripe_grow(struct stripe *s, size_t nkeys)
{
	struct table *old = atomic_load_explicit(&s->table, memory_order_relaxed);
	size_t cap = old ? old->cap * 2 : 8;
	struct table *t = sm__xlines(sizeof *t + cap * sizeof t->cell[0]);
	t->cap = cap;
	t->older = old;
	for (size_t k = 0; old && k < old->cap; k++) {
		uintptr_t c = atomic_load_explicit(&old->cell[k], memory_order_relaxed);
		if (!c)
			continue;
		size_t at = (key_hash(inst_in(c)->key, nkeys) >> STRIPE_BITS) & (cap - 1);
		while (atomic_load_explicit(&t->cell[at], memory_order_relaxed))
			at = (at + 1) & (cap - 1);
		atomic_store_explicit(&t->cell[at], c, memory_order_relaxed);
	}
	atomic_store_explicit(&s->table, t, memory_order_release);
}

/* Under the stripe's lock: instance i, whose key hashes to hash, out of
 * the table.  The cells after it that may fill its place move back one by
 * one (no tombstone is left to lengthen probes); a reader without the
 * lock may miss a key while it moves, and then looks again under the lock
 * (instance_of). */
static void table_remove(struct stripe *s, const struct inst *i, uint64_t hash, size_t nkeys)
{
	struct table *t = atomic_load_explicit(&s->table, memory_order_relaxed);
	size_t mask = t->cap - 1, hole = (hash >> STRIPE_BITS) & mask;
	while (inst_in(atomic_load_explicit(&t->cell[hole], memory_order_relaxed)) != i)
		hole = (hole + 1) & mask;
	for (size_t at = (hole + 1) & mask;; at = (at + 1) & mask) {
		uintptr_t c = atomic_load_explicit(&t->cell[at], memory_order_relaxed);
		if (!c)
			break;
		size_t home = (key_hash(inst_in(c)->key, nkeys) >> STRIPE_BITS) & mask;
		if (((at - home) & mask) >= ((at - hole) & mask)) { /* the hole is on its way */
			atomic_store_explicit(&t->cell[hole], c, memory_order_release);
			hole = at;
		}
	}
	atomic_store_explicit(&t->cell[hole], 0, memory_order_release);
}

/* ---- reclaiming (see struct reclaim) ---- */

/* Would a new instance behave as one in this state?  A relation whose
 * lead no rule reads (subclockOf, excludes, coincidesWith) always would. */
static bool idle_state(const struct sm__ir_prop *p, int64_t state)
{
	if (p->kind == SM__PROP_AUTOMATON)
		return state == p->initial && p->final[p->initial];
	bool lead_read = p->rel == SM__REL_PRECEDES || p->rel == SM__REL_CAUSES ||
			 p->rel == SM__REL_ALTERNATES;
	return !lead_read || state == 0;
}

/* A watched key's slot in its lane's `gone`, or NULL: one key in
 * GONE_SAMPLE is watched; and its fingerprint there (never 0: empty). */
static _Atomic uint32_t *gone_slot(const struct lane *ln, uint64_t hash)
{
	if (!ln->gone || (hash >> 40) % GONE_SAMPLE)
		return NULL;
	return &ln->gone[(hash >> STRIPE_BITS) & (GONE_SLOTS - 1)]; /* a run's own (int_key_hash) */
}

static uint32_t fingerprint(uint64_t hash)
{
	return (uint32_t)(hash >> 32) | 1;
}

static atomic_uint_fast64_t *busy_word(const struct sm__lanes *l, int r)
{
	return &row_at(l, r)[l->busy_at];
}

/* An own row's busy word counted up when an emit starts, and again when
 * it ends, with a compiler barrier on the inside of each: no read of an
 * instance moves out of the emit.  False when the row is in an emit
 * already (the reactor emits, within a report): that one is inside it. */
static inline bool busy_begin(atomic_uint_fast64_t *b)
{
	uint64_t v = atomic_load_explicit(b, memory_order_relaxed);
	if (v & 1)
		return false;
	atomic_store_explicit(b, v + 1, memory_order_release);
	atomic_signal_fence(memory_order_seq_cst);
	return true;
}

static inline void busy_end(atomic_uint_fast64_t *b)
{
	atomic_signal_fence(memory_order_seq_cst);
	atomic_store_explicit(b, atomic_load_explicit(b, memory_order_relaxed) + 1,
			      memory_order_release);
}

/* An emit starts (returns the thread's row; *began: busy_begin's answer)
 * and ends: what grace waits for. */
static int emit_begin(struct sm__lanes *l, bool *began)
{
	int r = my_row;
	if (r < 0)
		r = my_row = take_row();
	*began = true;
	if (own_row(r))
		*began = busy_begin(busy_word(l, r));
	else
		atomic_fetch_add_explicit(&l->shared_busy, 1, memory_order_seq_cst);
	return r;
}

static void emit_end(struct sm__lanes *l, int r, bool began)
{
	if (own_row(r) && began)
		busy_end(busy_word(l, r));
	else if (!own_row(r))
		atomic_fetch_sub_explicit(&l->shared_busy, 1, memory_order_release);
}

/* The grace of the instances just gone begins: every running thread
 * passes a barrier (one thread at a time: none runs), then which rows
 * were in an emit.  False when membarrier failed: they are kept. */
static bool grace_begin(struct sm__lanes *l, struct reclaim *rc)
{
	if (!l->one_thread && syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0))
		return false;
	for (int r = 0; r < NROWS - 1; r++)
		rc->busy[r] = atomic_load_explicit(busy_word(l, r), memory_order_acquire);
	rc->shared_busy = atomic_load_explicit(&l->shared_busy, memory_order_acquire) != 0;
	return true;
}

/* Has every emit that was running when the grace began ended? */
static bool grace_over(struct sm__lanes *l, struct reclaim *rc)
{
	for (int r = 0; r < NROWS - 1; r++)
		if (r != my_row && rc->busy[r] & 1 &&
		    atomic_load_explicit(busy_word(l, r), memory_order_acquire) == rc->busy[r])
			return false;
	if (rc->shared_busy)
		rc->shared_busy = atomic_load_explicit(&l->shared_busy, memory_order_acquire) != 0;
	return !rc->shared_busy;
}

static void retired_push(struct retired_list *list, struct lane *ln, struct inst *i)
{
	SM__PUSH(list->at, list->n, list->cap, ((struct retired){ln, i}));
}

/* Instance i, idle in `state`, made DEAD and taken out of its table, under
 * its stripe's lock; false when a step came first.  Its key is read as
 * published: the thread that queued it found it in an emit. */
static bool retire(struct sm__lanes *l, struct lane *ln, struct inst *i, int64_t state)
{
	size_t nkeys = ln->p->nkeys;
	uint64_t hash = key_hash(i->key, nkeys);
	struct stripe *s = &ln->stripe[hash & (NSTRIPES - 1)];
	lock(&s->lock);
	/* none once an emit lacked a key field: it may be reading the tables */
	bool gone = !atomic_load_explicit(&ln->partial_seen, memory_order_seq_cst) &&
		    atomic_compare_exchange_strong_explicit(&i->state, &state, DEAD,
							    memory_order_seq_cst,
							    memory_order_relaxed);
	if (gone) {
		_Atomic uint32_t *slot = gone_slot(ln, hash);
		if (slot)
			atomic_store_explicit(slot, fingerprint(hash), memory_order_relaxed);
		table_remove(s, i, hash, nkeys);
		s->count--;
		if (l->max_instances)
			atomic_fetch_sub_explicit(&ln->live, 1, memory_order_relaxed);
		add(&row_at(l, my_row)[ln->row_at + AT_RECLAIMED], false, 1);
	}
	unlock(&s->lock);
	return gone;
}

static void enqueue(struct reclaim *rc, struct lane *ln, struct inst *i)
{
	rc->queue[(rc->head + rc->n++) & (rc->cap - 1)] = (struct retired){ln, i};
}

/* A queued instance looked at: reclaimed when idle, else no longer queued
 * (a step to an idle state queues it again).  Whether it is idle is read
 * again once QUEUED is cleared, and QUEUED once the step is made (both
 * sequentially consistent): one of them sees the other. */
static void consider(struct sm__lanes *l, struct reclaim *rc, struct lane *ln, struct inst *i)
{
	const struct sm__ir_prop *p = ln->p;
	int64_t state = atomic_load_explicit(&i->state, memory_order_seq_cst);
	bool may = !atomic_load_explicit(&ln->partial_seen, memory_order_relaxed);
	if (may && idle_state(p, state) && retire(l, ln, i, state)) {
		retired_push(&rc->next, ln, i);
		return;
	}
	atomic_fetch_and_explicit(&i->rows, ~QUEUED, memory_order_seq_cst);
	state = atomic_load_explicit(&i->state, memory_order_seq_cst);
	if (may && idle_state(p, state) &&
	    !(atomic_fetch_or_explicit(&i->rows, QUEUED, memory_order_seq_cst) & QUEUED))
		enqueue(rc, ln, i);
}

/* Rooms from one pool to another: n of them, the last ones. */
static void rooms_move(struct pool *from, struct pool *to, size_t n)
{
	for (; n; n--)
		SM__PUSH(to->room, to->n, to->cap, from->room[--from->n]);
}

/* The spares' lock released, their count told to carve. */
static void unlock_spare(struct lane *ln)
{
	atomic_store_explicit(&ln->spares, ln->spare.n, memory_order_relaxed);
	unlock(&ln->spare_lock);
}

/* Instances past their grace: their strings freed, their rooms pooled.
 * A row that has more than it may soon need shares them (spare): where
 * one thread makes the keys and another closes them, the rooms the
 * second reclaims are the first's to reuse. */
static void let_go(struct retired_list *list)
{
	for (size_t k = 0; k < list->n; k++) {
		struct lane *ln = list->at[k].ln;
		struct pool *pool = &ln->pool[my_row];
		keys_free(ln, list->at[k].i);
		SM__PUSH(pool->room, pool->n, pool->cap, list->at[k].i);
		if (pool->n > 2 * SM__RECLAIM_BATCH) {
			lock(&ln->spare_lock);
			rooms_move(pool, &ln->spare, pool->n - SM__RECLAIM_BATCH);
			unlock_spare(ln);
		}
	}
	list->n = 0;
}

/* The queue holds its delay: the rooms whose grace is over pooled, the
 * oldest SM__RECLAIM_BATCH looked at, the delay doubled where reclaimed
 * keys came back, and the grace of those gone begun. */
static __attribute__((noinline)) void sweep(struct sm__lanes *l, struct reclaim *rc)
{
	if (rc->limbo.n && grace_over(l, rc))
		let_go(&rc->limbo);
	for (size_t k = 0; k < SM__RECLAIM_BATCH && rc->n; k++) {
		struct retired c = rc->queue[rc->head];
		rc->head = (rc->head + 1) & (rc->cap - 1);
		rc->n--;
		consider(l, rc, c.ln, c.i);
	}
	uint64_t regrets = atomic_load_explicit(&l->regrets, memory_order_relaxed);
	if ((regrets - rc->regrets_seen) * GONE_SAMPLE * 4 > SM__RECLAIM_BATCH &&
	    rc->delay < SM__RECLAIM_MOST)
		rc->delay *= 2;
	rc->regrets_seen = regrets;
	if (!rc->limbo.n && rc->next.n && grace_begin(l, rc)) {
		struct retired_list t = rc->limbo;
		rc->limbo = rc->next;
		rc->next = t;
	}
}

/* The queue twice its size (its delay grew), its entries in order. */
static __attribute__((noinline)) void queue_grow(struct reclaim *rc)
{
	struct retired *q = sm__xcalloc(2 * rc->cap, sizeof *q);
	for (size_t k = 0; k < rc->n; k++)
		q[k] = rc->queue[(rc->head + k) & (rc->cap - 1)];
	free(rc->queue);
	rc->queue = q;
	rc->head = 0;
	rc->cap *= 2;
}

/* Queue i (idle) unless it is: its first queueing, by this thread's row. */
static __attribute__((noinline)) void queue_slow(struct sm__lanes *l, struct lane *ln,
						 struct inst *i)
{
	int r = my_row;
	if (!own_row(r) || atomic_fetch_or_explicit(&i->rows, QUEUED, memory_order_seq_cst) & QUEUED)
		return;
	struct reclaim *rc = l->reclaim[r];
	if (!rc) {
		rc = l->reclaim[r] = sm__xcalloc(1, sizeof *rc);
		rc->cap = rc->delay = sm__reclaim_queue_test ? sm__reclaim_queue_test
							     : SM__RECLAIM_QUEUE;
		rc->queue = sm__xcalloc(rc->cap, sizeof *rc->queue);
	}
	if (rc->n >= rc->delay)
		sweep(l, rc);
	if (rc->n == rc->cap)
		queue_grow(rc);
	enqueue(rc, ln, i);
}

/* i was stepped into an idle state (or made): queued, if not yet. */
static inline void became_idle(struct sm__lanes *l, struct lane *ln, struct inst *i)
{
	if (ln->reclaims && !(atomic_load_explicit(&i->rows, memory_order_seq_cst) & QUEUED))
		queue_slow(l, ln, i);
}

/* A lean step made lead `next`: queued when that is idle and it is not
 * yet.  One branch, on both at once, nearly always false (QUEUED is
 * nearly always set): whether a step ends idle follows the events'
 * order, which no predictor knows, and a branch on it alone cost the
 * per-key bench a third of its time.  The empty asm keeps the compiler
 * from splitting the test into two branches again. */
static inline __attribute__((always_inline)) void
queue_if_idle(struct sm__lanes *l, const struct target *to, struct inst *i, int64_t next)
{
	uint64_t rows = atomic_load_explicit(&i->rows, memory_order_seq_cst);
	uint64_t want = ~rows & QUEUED & -(uint64_t)(next == 0);
	__asm__("" : "+r"(want));
	if (__builtin_expect(want != 0, 0) && to->queues)
		queue_slow(l, to->ln, i);
}

/* ---- making instances ---- */

/* One emit as the lanes see it. */
struct emit {
	struct sm__lanes *l;
	int event;
	const struct sm__value *slots; /* NULL: the values are vals' */
	const struct sm__emit_vals *vals;
	const struct sm__where *w;
	const struct ticks *t; /* NULL: the source event alone ticks */
	atomic_uint_fast64_t *row;
	bool shared;
	bool *violated;
	const struct inst *created; /* the instance this emit made, if any */
};

/*
 * Under the stripe's lock: room for one instance, a reclaimed one's first
 * (*reused).  A thread with a row of its own carves it from its own
 * chunks, so that instances two threads made never lie side by side: on
 * distinct keys, each thread's steps would otherwise pull the other's
 * lines away (the prefetchers fetch lines in pairs and more), which made
 * two threads no faster than one.  The threads that share the last row
 * carve from the stripe's chunks.
 */
static struct inst *carve(struct lane *ln, struct stripe *s, bool *reused)
{
	struct pool *pool = own_row(my_row) ? &ln->pool[my_row] : NULL;
	if (pool && !pool->n && atomic_load_explicit(&ln->spares, memory_order_relaxed)) {
		lock(&ln->spare_lock);
		rooms_move(&ln->spare, pool,
			   ln->spare.n < SM__RECLAIM_BATCH ? ln->spare.n : SM__RECLAIM_BATCH);
		unlock_spare(ln);
	}
	/* a room whose generation would come round to 0 again is not
	 * reused: a ring may still hold a step of the first one (gather) */
	while (pool && pool->n) {
		struct inst *i = pool->room[--pool->n];
		*reused = (atomic_load_explicit(&i->born, memory_order_relaxed) & GEN_MASK) != GEN_MASK;
		if (*reused)
			return i;
	}
	*reused = false;
	struct chunk **head = pool ? &ln->own[my_row] : &s->chunks;
	struct chunk *c = *head;
	if (!c || c->used == c->cap) {
		size_t cap = c ? (c->cap * 2 < LAST_CHUNK ? c->cap * 2 : LAST_CHUNK) : FIRST_CHUNK;
		struct chunk *n = aligned_alloc(64, sizeof *n + cap * ln->inst_size);
		if (!n)
			sm__xcalloc((size_t)-1, 1); /* out of memory: as every allocation */
		*n = (struct chunk){c, cap, 0};
		*head = c = n;
	}
	return (struct inst *)(void *)(c->mem + c->used++ * ln->inst_size);
}

/* A new instance of the key.  In a reclaimed one's room, the next
 * generation: a thread's cache may still name the room, and reads its
 * state first (see the cache), so the state is stored last. */
static struct inst *inst_new(struct sm__lanes *l, struct lane *ln, struct stripe *s,
			     const struct sm__value *key)
{
	const struct sm__ir_prop *p = ln->p;
	bool reused;
	struct inst *i = carve(ln, s, &reused);
	uint64_t serial = atomic_fetch_add_explicit(&l->serial, 1, memory_order_relaxed);
	uint64_t gen = reused ? (atomic_load_explicit(&i->born, memory_order_relaxed) + 1) & GEN_MASK
			      : 0;
	for (size_t k = 0; k < p->nkeys; k++) {
		i->key[k] = key[k];
		if (key[k].kind == SM__VAL_STR)
			i->key[k].s.ptr = sm__xstrndup(key[k].s.ptr, key[k].s.len);
	}
	atomic_store_explicit(&i->last_ts, -1, memory_order_relaxed);
	/* every thread steps a property's only instance: every ring; a key's
	 * rows are marked as threads step it, its creator's too (mark_row),
	 * and kept from its room's earlier generations */
	if (reused)
		atomic_fetch_and_explicit(&i->rows, ~QUEUED, memory_order_relaxed);
	else
		atomic_store_explicit(&i->rows, p->nkeys ? 0 : ~0ull, memory_order_relaxed);
	atomic_store_explicit(&i->born, serial << GEN_BITS | gen, memory_order_relaxed);
	atomic_store_explicit(&i->state, p->kind == SM__PROP_AUTOMATON ? p->initial : 0,
			      memory_order_release);
	return i;
}

/* Under --max-instances, may one more instance be made? Told once when not. */
static bool may_create(struct sm__lanes *l, struct lane *ln, const struct sm__where *w)
{
	if (!l->max_instances ||
	    atomic_fetch_add_explicit(&ln->live, 1, memory_order_relaxed) < (int64_t)l->max_instances)
		return true;
	atomic_fetch_sub_explicit(&ln->live, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&ln->refused, 1, memory_order_relaxed);
	if (!atomic_exchange(&ln->refused_told, true) && l->hooks.refused)
		l->hooks.refused(l->hooks.ud, ln->p, w);
	return false;
}

/* The instance of a whole key, created when new (under its stripe's lock,
 * published with a release store); NULL when --max-instances refused it.
 * locked: look under the lock only (the one found without it was DEAD). */
static struct inst *instance_of(const struct emit *e, struct lane *ln, const struct sm__value *key,
				bool locked, bool *created)
{
	struct sm__lanes *l = e->l;
	size_t nkeys = ln->p->nkeys;
	struct inst *g = nkeys ? NULL : atomic_load_explicit(&ln->global, memory_order_acquire);
	if (g)
		return g;
	uint64_t hash = key_hash(nkeys ? key : NULL, nkeys);
	struct stripe *s = &ln->stripe[hash & (NSTRIPES - 1)];
	struct inst *i = nkeys && !locked ? lookup(s, key, nkeys, hash) : NULL;
	if (i)
		return i;
	lock(&s->lock);
	i = lookup(s, key, nkeys, hash); /* again: another thread may have made it */
	if (i || !may_create(l, ln, e->w)) {
		unlock(&s->lock);
		return i;
	}
	add(&e->row[ln->row_at + AT_MADE], e->shared, 1);
	_Atomic uint32_t *slot = gone_slot(ln, hash);
	if (slot && atomic_load_explicit(slot, memory_order_relaxed) == fingerprint(hash))
		atomic_fetch_add_explicit(&l->regrets, 1, memory_order_relaxed); /* back soon */
	struct table *t = atomic_load_explicit(&s->table, memory_order_relaxed);
	if ((s->count + 1) * 2 > (t ? t->cap : 0)) {
		stripe_grow(s, nkeys);
		t = atomic_load_explicit(&s->table, memory_order_relaxed);
	}
	i = inst_new(l, ln, s, key);
	*created = true;
	uintptr_t seen;
	atomic_store_explicit(probe(t, key, nkeys, hash, &seen), cell_of(i, hash),
			      memory_order_release);
	s->count++;
	if (!nkeys)
		atomic_store_explicit(&ln->global, i, memory_order_release);
	unlock(&s->lock);
	became_idle(l, ln, i); /* as new: looked at when its turn comes */
	return i;
}

/* ---- stepping ---- */

/* A time as kept (any negative: none) as reports have it (-1: none). */
static int64_t time_of(int64_t ts_ns)
{
	return ts_ns >= 0 ? ts_ns : -1;
}

static struct sm__value val_of(const struct sm__emit_vals *a, size_t f);

/* Field f's value in the emit. */
static struct sm__value value_of(const struct emit *e, size_t f)
{
	return e->slots ? e->slots[f] : val_of(e->vals, f);
}

/* Field f's value among an emit's values in place. */
static struct sm__value val_of(const struct sm__emit_vals *a, size_t f)
{
	struct sm__value v = {SM__VAL_NONE, 0, 0, {0}};
	if (a->arg_of[f] < 0)
		return v;
	size_t at = (size_t)a->arg_of[f] * a->stride;
	const char *str = *(const char *const *)(const void *)(a->s + at);
	v.kind = str ? SM__VAL_STR : SM__VAL_INT;
	v.i = str ? 0 : *(const int64_t *)(const void *)(a->i + at);
	if (str)
		v.s = (struct sm__str){str, strlen(str)};
	return v;
}

/* The emit's slots, made from its values when it has none (a report). */
static const struct sm__value *slots_of(const struct emit *e, struct sm__value *own)
{
	if (e->slots)
		return e->slots;
	const struct sm__ir_event *ev = &e->l->ir->events[e->event];
	memset(own, 0, sm__ir_nslots(ev) * sizeof *own);
	for (size_t f = 0; f < ev->nfields; f++)
		own[f] = value_of(e, f);
	if (e->w->has_ts)
		own[ev->nfields + SM__BI_TS] = (struct sm__value){SM__VAL_INT, 0, e->w->ts_ns, {0}};
	return own;
}

/* ---- history ---- */

/* Field f of the emit as a history step keeps it: 1 with *v for an
 * integer, 0 when it has no value, -1 for a string (not kept).  The
 * caller's values are read in place: no sm__value is built, no strlen. */
static int step_value(const struct emit *e, size_t f, int64_t *v)
{
	if (e->slots) {
		*v = e->slots[f].i;
		return e->slots[f].kind == SM__VAL_STR ? -1 : e->slots[f].kind == SM__VAL_INT;
	}
	const struct sm__emit_vals *a = e->vals;
	if (a->arg_of[f] < 0)
		return 0;
	size_t at = (size_t)a->arg_of[f] * a->stride;
	if (*(const char *const *)(const void *)(a->s + at))
		return -1;
	*v = *(const int64_t *)(const void *)(a->i + at);
	return 1;
}

/* This thread's cache (its own row), made at its first emit; one slot more
 * than the lanes need, so that it is never NULL once made (emit_site
 * takes a made cache for a thread warmed up, global relations too). */
static __attribute__((noinline)) struct inst **cache_new(struct sm__lanes *l)
{
	return l->cache[my_row] = sm__xcalloc(l->cache_slots + 1, sizeof *l->cache[my_row]);
}

/* This thread's ring, made at its first step with history on; NULL for
 * the threads that share the last row: they keep no history. */
static __attribute__((noinline)) struct ring *ring_new(struct sm__lanes *l)
{
	struct ring *ring = sm__xcalloc(1, sizeof *ring + l->ring_size * sizeof ring->w[0]);
	atomic_store_explicit(&l->ring[my_row], ring, memory_order_release);
	return ring;
}

static inline struct ring *my_ring(struct sm__lanes *l, bool shared)
{
	if (shared)
		return NULL;
	struct ring *ring = atomic_load_explicit(&l->ring[my_row], memory_order_relaxed);
	return ring ? ring : ring_new(l);
}

static inline __attribute__((always_inline)) void put(_Atomic uint64_t *w, uint64_t v)
{
	atomic_store_explicit(w, v, memory_order_release);
}

/* Room for a record of n values at r's head, in one piece (after a pad
 * word when the ring's end is too near); *at: its position. */
static inline _Atomic uint64_t *rec_room(struct ring *r, size_t size, size_t n, uint64_t *at)
{
	uint64_t p = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t off = p & (size - 1);
	if (off + n + REC_FIXED > size) {
		put(&r->w[size - 1], (uint64_t)(size - off) << TAG_BITS | TAG_PAD);
		p += size - off;
		off = 0;
	}
	*at = p;
	return &r->w[off];
}

/* The record's last words (w: its first), then the head past it. */
static inline __attribute__((always_inline)) void
rec_close(struct ring *r, _Atomic uint64_t *w, uint64_t at, size_t n,
			     int64_t ts, uint64_t places, uint64_t what, const struct inst *i,
			     unsigned tag)
{
	uint64_t gen = atomic_load_explicit(&i->born, memory_order_relaxed) & GEN_MASK;
	put(&w[n], (uint64_t)ts);
	put(&w[n + 1], places);
	put(&w[n + 2], what | gen << 16);
	put(&w[n + 3], (uint64_t)(uintptr_t)i | tag | n);
	atomic_store_explicit(&r->head, at + n + REC_FIXED, memory_order_release);
}

/* Values in place as a record's: copied as given, the site's places as
 * they are.  A string among them (TAG_OPAQUE) sends the caller to
 * record_fields, which looks only at the values of declared fields. */
static inline unsigned put_vals(_Atomic uint64_t *w, const struct sm__emit_vals *v, size_t n)
{
	uintptr_t strings = 0;
	const char *i = v->i, *s = v->s;
	size_t stride = v->stride;
	_Atomic uint64_t *end = w + n;
	for (; w < end; w++, i += stride, s += stride) {
		strings |= *(const uintptr_t *)(const void *)s;
		put(w, *(const uint64_t *)(const void *)i);
	}
	return strings ? TAG_OPAQUE : 0;
}

static uint64_t places_of(const struct sm__emit_vals *v)
{
	uint64_t places;
	memcpy(&places, v->arg_of, sizeof places);
	return places;
}

/* The step with its values in field order (slots, or values in place
 * that hold a string somewhere): an integer is kept at its field, a
 * string makes the record opaque. */
static void record_fields(const struct emit *e, struct ring *r, const struct inst *i,
			  uint64_t what, unsigned tag)
{
	size_t size = e->l->ring_size, n = e->l->ir->events[e->event].nfields;
	if (n > HIST_VALUES)
		n = 0, tag |= TAG_OPAQUE;
	uint64_t at, places = NO_PLACES;
	_Atomic uint64_t *w = rec_room(r, size, n, &at);
	for (size_t f = 0; f < n; f++) {
		int64_t v = 0;
		int kind = step_value(e, f, &v);
		tag |= kind < 0 ? TAG_OPAQUE : 0;
		if (kind > 0)
			places &= ~(0xffull << 8 * f) | (uint64_t)f << 8 * f;
		put(&w[f], (uint64_t)v);
	}
	rec_close(r, w, at, n, e->w->has_ts ? e->w->ts_ns : -1, places, what, i, tag);
}

/* The step of an emit's values in place in r: copied as a block, unless
 * there are too many or a value is a string (then record_fields). */
static void record_vals(const struct emit *e, struct ring *r, const struct inst *i,
			uint64_t what, unsigned tag)
{
	const struct sm__emit_vals *v = e->vals;
	size_t n = v->n;
	bool fits = n <= HIST_VALUES && e->l->ir->events[e->event].nfields <= HIST_VALUES;
	uint64_t at;
	_Atomic uint64_t *w = fits ? rec_room(r, e->l->ring_size, n, &at) : NULL;
	if (!w || put_vals(w, v, n))
		record_fields(e, r, i, what, tag); /* over it: the head did not move */
	else
		rec_close(r, w, at, n, e->w->has_ts ? e->w->ts_ns : -1, places_of(v), what, i,
			  tag);
}

/* The instance's step in this thread's ring: the event shown, from and
 * to as the engine's history has them (steplog.h), the integer values of
 * the first HIST_VALUES fields. */
static void remember(const struct emit *e, struct inst *i, int shown, int from, int to)
{
	struct ring *r = e->l->history ? my_ring(e->l, e->shared) : NULL;
	if (!r)
		return;
	mark_row(i, my_row);
	uint64_t what = what_of(shown, from, to);
	unsigned tag = i == e->created ? TAG_CREATED : 0;
	if (e->slots)
		record_fields(e, r, i, what, tag);
	else
		record_vals(e, r, i, what, tag);
}

/* A step as a report reads it, copied out of a ring: val[f], field f's
 * integer when bit f of given is set. */
struct seen_step {
	int64_t ts, val[HIST_VALUES];
	int32_t event;
	int16_t from, to;
	uint16_t given, gen;
	unsigned tag;
};

static uint64_t get(const _Atomic uint64_t *w)
{
	return atomic_load_explicit(w, memory_order_acquire);
}

/* The record that ends at pos in ring r: *start is where it begins, *last
 * its last word.  Returns its instance (NULL: a pad word), or sets *bad
 * when no record can end there. */
static const struct inst *record_at(const struct sm__lanes *l, const struct ring *r,
				    uint64_t pos, uint64_t *start, uint64_t *last, bool *bad)
{
	size_t size = l->ring_size;
	*last = get(&r->w[(pos - 1) & (size - 1)]);
	size_t n = *last & TAG_N;
	size_t len = n == TAG_PAD ? *last >> TAG_BITS : n + REC_FIXED;
	*bad = (n > HIST_VALUES && n != TAG_PAD) || !len || len > size;
	*start = pos - len;
	return n == TAG_PAD ? NULL : (const struct inst *)(uintptr_t)(*last & ~(uint64_t)63);
}

/* The record at start whose last word is last, copied to out.  The copy
 * is trusted only when the head, read after it, shows the writer was not
 * in it (gather_ring). */
static void copy_record(const struct sm__lanes *l, const struct ring *r, uint64_t start,
			uint64_t last, struct seen_step *out)
{
	size_t n = last & TAG_N;
	const _Atomic uint64_t *w = &r->w[start & (l->ring_size - 1)];
	int64_t vals[HIST_VALUES];
	for (size_t k = 0; k < n; k++)
		vals[k] = (int64_t)get(&w[k]);
	out->ts = time_of((int64_t)get(&w[n]));
	uint64_t places = get(&w[n + 1]), what = get(&w[n + 2]);
	out->event = (uint16_t)what;
	out->gen = (uint16_t)(what >> 16);
	out->from = (int16_t)(uint16_t)(what >> 32);
	out->to = (int16_t)(uint16_t)(what >> 48);
	out->tag = (unsigned)last & (TAG_CREATED | TAG_OPAQUE);
	out->given = 0;
	for (size_t f = 0; f < HIST_VALUES; f++) {
		size_t k = places >> 8 * f & 0xff;
		out->val[f] = k < n ? vals[k] : 0;
		out->given |= (uint16_t)(k < n) << f;
	}
}

/*
 * The steps of m instances that reports need: each one's newest `want` in
 * each ring that may hold them (their rows), back to the step that made
 * it at most, or to a step of an earlier generation of its room (those
 * are older: an emit that stepped it had ended before the room was
 * reused, struct reclaim), gathered in one walk of each ring for them all.  (A walk
 * per instance read a ring to its end for each one with fewer steps
 * there: the end of a run with many instances pending took minutes.)
 * Instance j's steps in the k-th ring read (the rings in row order):
 * per[(j * nr + k) * want ...], oldest first, got[j * nr + k] of them;
 * done[j * nr + k] when that is all there is.
 */
struct gather {
	const struct inst *const *inst;
	size_t m, want, nr;
	struct seen_step *per;
	size_t *got;
	bool *done;
	uint32_t *index; /* m > 1: by address, open addressing; j + 1, or 0 */
	size_t index_mask;
	uint16_t *gen;   /* each one's generation */
};

/* Bytes of steps a gather holds at most: the pending reports gather
 * their instances so many at a time. */
#define GATHER_BYTES ((size_t)4 << 20)

static size_t index_at(const struct gather *g, const struct inst *i)
{
	return (size_t)sm__mix((uint64_t)(uintptr_t)i) & g->index_mask;
}

/* Which of the gather's instances i is, or -1. */
static long gathered(const struct gather *g, const struct inst *i)
{
	if (g->m == 1)
		return i == g->inst[0] ? 0 : -1;
	for (size_t at = index_at(g, i);; at = (at + 1) & g->index_mask) {
		uint32_t v = g->index[at];
		if (!v || g->inst[v - 1] == i)
			return (long)v - 1;
	}
}

/* Ring r (the k-th read) walked from its newest record back, until each
 * instance has its `want` there, or the step that made it (none is older),
 * or the ring's oldest is reached. */
static void gather_ring(struct gather *g, const struct sm__lanes *l, const struct ring *r,
			size_t k)
{
	uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
	uint64_t oldest = head > l->ring_size ? head - l->ring_size : 0, start, last;
	size_t open = g->m, want = g->want;
	for (uint64_t pos = head; pos > oldest && open; pos = start) {
		bool bad;
		const struct inst *owner = record_at(l, r, pos, &start, &last, &bad);
		if (bad || start < oldest || start >= pos)
			break;
		long j = owner ? gathered(g, owner) : -1;
		if (j < 0)
			continue;
		size_t at = (size_t)j * g->nr + k;
		if (g->done[at])
			continue;
		copy_record(l, r, start, last, &g->per[at * want + want - 1 - g->got[at]]);
		/* A copy is trusted when the writer was not within reach of it
		 * after it was made (then it and older ones are gone).  A torn
		 * record of another instance may send the walk astray, but
		 * only into words the writer has reached: no copy from there
		 * passes this test. */
		if (atomic_load_explicit(&r->head, memory_order_acquire) + 2 * REC_MAX >
		    start + l->ring_size)
			break;
		bool mine = g->per[at * want + want - 1 - g->got[at]].gen == g->gen[j];
		g->got[at] += mine;
		g->done[at] = !mine || g->got[at] == want || (last & TAG_CREATED);
		open -= g->done[at];
	}
	for (size_t j = 0; j < g->m; j++) { /* each one's steps to the front */
		size_t n = g->got[j * g->nr + k];
		struct seen_step *steps = &g->per[(j * g->nr + k) * want];
		memmove(steps, steps + want - n, n * sizeof *steps);
	}
}

static void gather(struct gather *g, const struct sm__lanes *l, const struct inst *const *inst,
		   size_t m)
{
	*g = (struct gather){.inst = inst, .m = m, .want = l->history};
	const struct ring *rings[NROWS];
	uint64_t rows = 0;
	for (size_t j = 0; j < m; j++)
		rows |= atomic_load_explicit(&inst[j]->rows, memory_order_acquire) & ~QUEUED;
	for (int r = 0; r < NROWS; r++) {
		rings[g->nr] = rows >> r & 1
				       ? atomic_load_explicit(&l->ring[r], memory_order_acquire)
				       : NULL;
		g->nr += rings[g->nr] != NULL;
	}
	g->gen = sm__xcalloc(m + 1, sizeof *g->gen);
	for (size_t j = 0; j < m; j++)
		g->gen[j] = atomic_load_explicit(&inst[j]->born, memory_order_relaxed) & GEN_MASK;
	g->per = sm__xcalloc(m * g->nr * g->want + 1, sizeof *g->per);
	g->got = sm__xcalloc(m * g->nr + 1, sizeof *g->got);
	g->done = sm__xcalloc(m * g->nr + 1, sizeof *g->done);
	if (m > 1) {
		size_t cap = 2;
		while (cap < 2 * m)
			cap *= 2;
		g->index = sm__xcalloc(cap, sizeof *g->index);
		g->index_mask = cap - 1;
		for (size_t j = 0; j < m; j++) {
			size_t at = index_at(g, inst[j]);
			while (g->index[at])
				at = (at + 1) & g->index_mask;
			g->index[at] = (uint32_t)j + 1;
		}
	}
	for (size_t k = 0; k < g->nr; k++)
		gather_ring(g, l, rings[k], k);
}

static void gather_free(struct gather *g)
{
	free(g->per);
	free(g->got);
	free(g->done);
	free(g->index);
	free(g->gen);
}

/* What history_of made for a report, freed after it. */
struct found {
	struct sm__hist_entry *hist;
	struct sm__journal_rec **recs;
	size_t n;
};

static void found_free(struct found *f)
{
	for (size_t k = 0; k < f->n; k++)
		free(f->recs[k]);
	free(f->recs);
	free(f->hist);
}

/* A step as a history entry, with its values as a journal record (one
 * whose count matches no event when they were not kept: "(...)"). */
static void hist_entry(const struct sm__ir *ir, const struct seen_step *s,
		       struct sm__hist_entry *h, struct sm__journal_rec **rec)
{
	bool opaque = s->tag & TAG_OPAQUE;
	size_t n = opaque ? 0 : ir->events[ir->events[s->event].root].nfields;
	*rec = sm__xcalloc(1, sizeof **rec + n * sizeof (*rec)->values[0]);
	(*rec)->event = s->event;
	(*rec)->nvalues = opaque ? UINT32_MAX : n;
	for (size_t k = 0; k < n; k++)
		if (s->given & 1u << k)
			(*rec)->values[k] = (struct sm__value){SM__VAL_INT, 0, s->val[k], {0}};
	*h = (struct sm__hist_entry){{"<emit>", 0, s->ts >= 0, 9, s->ts, NULL}, 0, *rec,
				     s->event, s->from, s->to};
}

/*
 * The gathered instance j's last `history` steps, for a report (view):
 * each ring's newest, merged by time (a thread's own steps stay in its
 * order; a step without a time goes before one with).  Cut when fewer
 * were found than asked and the oldest found is not the step that made
 * the instance (nor is the instance new: made by the emit being
 * reported): a ring let earlier ones go.
 */
static void history_of(const struct sm__lanes *l, const struct gather *g, size_t j, bool fresh,
		       struct sm__lane_view *view, struct found *f)
{
	size_t want = g->want, nr = g->nr, total = 0, at[NROWS] = {0};
	const struct seen_step *per = &g->per[j * nr * want];
	const size_t *got = &g->got[j * nr];
	for (size_t k = 0; k < nr; k++)
		total += got[k];
	struct seen_step *merged = sm__xcalloc(total + 1, sizeof *merged);
	for (size_t t = 0; t < total; t++) {
		size_t best = nr;
		for (size_t k = 0; k < nr; k++)
			if (at[k] < got[k] &&
			    (best == nr || per[k * want + at[k]].ts < per[best * want + at[best]].ts))
				best = k;
		merged[t] = per[best * want + at[best]++];
	}
	size_t n = total < want ? total : want;
	const struct seen_step *kept = merged + total - n;
	view->cut = n < want && !fresh && !(n && kept[0].tag & TAG_CREATED);
	f->hist = sm__xcalloc(n + 1, sizeof *f->hist);
	f->recs = sm__xcalloc(n + 1, sizeof *f->recs);
	for (f->n = 0; f->n < n; f->n++)
		hist_entry(l->ir, &kept[f->n], &f->hist[f->n], &f->recs[f->n]);
	view->hist = f->hist;
	view->nhist = n;
	free(merged);
}

/* history_of for one instance (none with history off). */
static void find_history(struct sm__lanes *l, const struct inst *i, bool fresh,
			 struct sm__lane_view *view, struct found *f)
{
	*f = (struct found){0};
	if (!l->history)
		return;
	struct gather g;
	gather(&g, l, &i, 1);
	history_of(l, &g, 0, fresh, view, f);
	gather_free(&g);
}

static void report(const struct emit *e, struct lane *ln, struct inst *i, int shown,
		   int64_t state, bool ta, bool tb)
{
	const struct sm__ir_prop *p = ln->p;
	struct sm__lane_view view = {i->key, p->nkeys, state,
				     time_of(atomic_load_explicit(&i->last_ts, memory_order_relaxed)),
				     NULL, 0, false};
	struct found found;
	find_history(e->l, i, i == e->created, &view, &found);
	struct sm__instance inst = {.lane = &view};
	atomic_fetch_add_explicit(&ln->violations, 1, memory_order_relaxed);
	struct sm__value own[16 + SM__NBUILTINS];
	const struct sm__value *slots = slots_of(e, own);
	struct sm__violation v = {p, &inst, shown, slots, e->w, (int)state, state, ta, tb, NULL};
	e->l->hooks.violation(e->l->hooks.ud, &v);
	found_free(&found);
	*e->violated = true;
}

static void stepped(const struct emit *e, struct inst *i)
{
	atomic_store_explicit(&i->last_ts, e->w->has_ts ? e->w->ts_ns : -1, memory_order_relaxed);
}

/* The state word from *old to next: by CAS (false: another thread changed
 * it, *old is its value now), or, for a caller on one thread, a store. */
static inline bool swap_lead(const struct sm__lanes *l, struct inst *i, int64_t *old,
			     int64_t next)
{
	if (l->one_thread) {
		atomic_store_explicit(&i->state, next, memory_order_relaxed);
		return true;
	}
	/* sequentially consistent for consider (the same instruction on x86-64) */
	return atomic_compare_exchange_weak_explicit(&i->state, old, next, memory_order_seq_cst,
						     memory_order_relaxed);
}

/* A relation's step: lead + ta − tb when allowed (rules.h), by CAS.
 * False when the instance was reclaimed (DEAD): nothing done. */
static bool step_relation(const struct emit *e, struct lane *ln, struct inst *i, bool ta, bool tb,
			  int shown)
{
	const struct sm__ir_prop *p = ln->p;
	int64_t lead = atomic_load_explicit(&i->state, memory_order_relaxed);
	bool allowed;
	do {
		if (lead == DEAD)
			return false;
		allowed = sm__relation_allows(p, lead, ta, tb);
	} while (allowed && ta != tb && !swap_lead(e->l, i, &lead, lead + ta - tb));
	atomic_uint_fast64_t *c = &e->row[ln->row_at];
	add(&c[AT_STEPS], e->shared, 1);
	add(&c[AT_TICKS_A], e->shared, ta);
	add(&c[AT_TICKS_B], e->shared, tb);
	if (!allowed) {
		report(e, ln, i, shown, lead, ta, tb);
		remember(e, i, shown, SM__HIST_VIOLATION, SM__HIST_VIOLATION);
		return true;
	}
	stepped(e, i);
	remember(e, i, shown, -1, -1);
	if (ta != tb && lead + ta - tb == 0)
		became_idle(e->l, ln, i);
	return true;
}

/* What an edge is tried on: the instant's ticks, the event's values. */
struct trial {
	const struct emit *e;
	struct sm__env env;
	const struct sm__ir_prop *p;
};

static bool edge_takes(void *ud, int edge)
{
	const struct trial *tr = ud;
	const struct sm__ir_edge *ed = &tr->p->edges[edge];
	bool ticks = tr->e->t ? ticks_has(tr->e->t, ed->event) : ed->event == tr->e->event;
	return ticks && (!ed->guard || sm__eval_cond(ed->guard, &tr->env));
}

/* The state after a violation in `state`, by the `after violation` policy. */
static int64_t after_violation(const struct sm__ir_prop *p, int64_t state)
{
	return p->after == SM__AFTER_RESTART ? p->initial
	       : p->after == SM__AFTER_STOP  ? STOPPED
					     : state;
}

/* An automaton's step: the edge taken (rules.h), the state by CAS.
 * False when the instance was reclaimed (DEAD): nothing done. */
static bool step_automaton(const struct emit *e, struct lane *ln, struct inst *i)
{
	const struct sm__ir_prop *p = ln->p;
	struct trial tr = {e, {e->slots, NULL, NULL, e->w->has_ts, e->w->ts_ns}, p};
	int64_t state = atomic_load_explicit(&i->state, memory_order_relaxed), next;
	int edge;
	do {
		if (state == DEAD)
			return false;
		if (state == STOPPED)
			return true; /* `after violation stop`: nothing more */
		edge = sm__edge_choice(p, (int)state, e->event, -1, edge_takes, &tr);
		next = edge < 0 ? after_violation(p, state)
		       : p->edges[edge].to == SM__STAY ? state
						       : p->edges[edge].to;
	} while (next != state && !swap_lead(e->l, i, &state, next));
	atomic_uint_fast64_t *c = &e->row[ln->row_at];
	add(&c[AT_STEPS], e->shared, 1);
	if (edge < 0) {
		report(e, ln, i, e->event, state, false, false);
		remember(e, i, e->event, (int)state, SM__HIST_VIOLATION);
	} else {
		if (e->l->coverage)
			add(&c[AT_EDGES + edge], e->shared, 1);
		stepped(e, i);
		remember(e, i, e->event, p->edges[edge].from, (int)next);
	}
	if (next != state && idle_state(p, next))
		became_idle(e->l, ln, i);
	return true;
}

static bool step(const struct emit *e, struct lane *ln, struct inst *i, bool ta, bool tb,
		 int shown)
{
	if (ln->p->kind == SM__PROP_AUTOMATON)
		return step_automaton(e, ln, i);
	return step_relation(e, ln, i, ta, tb, shown);
}

/* A key the emit lacks a field of: every instance that agrees with the
 * rest steps (none is created), as in the engine: but not those reclaimed
 * (told once), and the lane reclaims no more. */
static void step_agreeing(const struct emit *e, struct lane *ln, const struct sm__value *key,
			  bool ta, bool tb, int shown)
{
	if (!atomic_exchange_explicit(&ln->partial_seen, true, memory_order_seq_cst)) {
		uint64_t reclaimed = summed(e->l, ln->row_at + AT_RECLAIMED);
		if (reclaimed && e->l->hooks.late_partial)
			e->l->hooks.late_partial(e->l->hooks.ud, ln->p, reclaimed, e->w);
	}
	/* Each table read under its lock (a removal moves cells: a read
	 * without it could meet an instance twice, or miss one), the steps
	 * after (they may report).  None is reclaimed since (retire). */
	struct inst **agree = NULL;
	size_t n = 0, cap = 0;
	for (size_t s = 0; s < NSTRIPES; s++) {
		lock(&ln->stripe[s].lock);
		struct table *t = atomic_load_explicit(&ln->stripe[s].table, memory_order_relaxed);
		for (size_t k = 0; t && k < t->cap; k++) {
			struct inst *i = inst_in(atomic_load_explicit(&t->cell[k], memory_order_relaxed));
			if (i && key_agrees(i, key, ln->p->nkeys))
				SM__PUSH(agree, n, cap, i);
		}
		unlock(&ln->stripe[s].lock);
	}
	for (size_t k = 0; k < n; k++)
		step(e, ln, agree[k], ta, tb, shown);
	free(agree);
}

/* A relation's sides and the event a report shows when derived events
 * tick too. */
static void sides(const struct emit *e, const struct sm__ir_prop *p, bool *ta, bool *tb,
		  int *shown)
{
	bool out[MAX_NODES];
	eval_sides(p, e->t, out);
	*ta = out[p->ca];
	*tb = out[p->cb];
	int node = sm__shown_node(p, out, *tb ? p->cb : *ta ? p->ca : -1);
	*shown = node >= 0 ? p->clock[node].a : e->event;
}

static void step_lane(struct emit *e, const struct target *to)
{
	struct lane *ln = to->ln;
	const struct sm__ir_prop *p = ln->p;
	bool ta = to->ta, tb = to->tb;
	int shown = e->event;
	if (e->t) { /* derived events may tick: only an event of the alphabet steps */
		bool reached = false;
		for (size_t k = 0; k < e->t->n; k++)
			reached |= p->alphabet[e->t->ev[k]];
		if (!reached)
			return;
		if (p->kind == SM__PROP_RELATION)
			sides(e, p, &ta, &tb, &shown);
	}
	struct sm__value key[SM__MAX_KEYS];
	bool whole = true;
	for (size_t k = 0; k < p->nkeys; k++) {
		key[k] = value_of(e, (size_t)p->key_slot[(size_t)e->event * p->nkeys + k]);
		whole &= key[k].kind != SM__VAL_NONE;
	}
	if (!whole) {
		step_agreeing(e, ln, key, ta, tb, shown);
		return;
	}
	/* again when the instance found was reclaimed: under the lock, where
	 * it is no longer */
	for (bool again = false;; again = true) {
		bool created = false;
		struct inst *i = instance_of(e, ln, key, again, &created);
		e->created = created ? i : NULL;
		if (!i || step(e, ln, i, ta, tb, shown))
			return;
	}
}

void sm__lanes_emit(struct sm__lanes *l, int event, const struct sm__value *slots,
		    uint64_t seen, const struct sm__where *w)
{
	bool began;
	int r = emit_begin(l, &began);
	bool violated = false;
	struct emit e = {.l = l, .event = event, .slots = slots, .w = w, .violated = &violated};
	e.row = my_counts(l, &e.shared);
	if (!e.shared && !l->cache[my_row])
		cache_new(l); /* here too: a thread's first emit of any kind makes it */
	add(&e.row[event], e.shared, 1);
	note_fields(l, event, seen);
	const struct plan *pl = &l->plan[event];
	struct ticks t;
	if (pl->derived) {
		mark_ticks(l, event, slots, &t);
		e.t = &t;
	}
	for (size_t k = 0; k < pl->n; k++)
		step_lane(&e, &pl->to[k]);
	emit_end(l, r, began);
}

/* The instance of a one-field integer key, or NULL: its hash and probe
 * for that key, without building it. */
static inline struct inst *lookup_int(const struct lane *ln, int64_t key)
{
	uint64_t hash = int_key_hash(key);
	const struct table *t = atomic_load_explicit(&ln->stripe[hash & (NSTRIPES - 1)].table,
						     memory_order_acquire);
	if (!t)
		return NULL;
	size_t mask = t->cap - 1;
	uintptr_t tag = tag_of(hash);
	for (size_t at = (hash >> STRIPE_BITS) & mask;; at = (at + 1) & mask) {
		uintptr_t c = atomic_load_explicit(&t->cell[at], memory_order_acquire);
		struct inst *i = inst_in(c);
		if (!c || ((c & CELL_TAG) == tag && i->key[0].kind == SM__VAL_INT && i->key[0].i == key))
			return i;
	}
}

/* An instance found in this emit, and its state (*lead). */
static inline struct inst *with_state(struct inst *i, int64_t *lead)
{
	if (i)
		*lead = atomic_load_explicit(&i->state, memory_order_relaxed);
	return i;
}

/* cached_int's way when the key is not in its slot (slot NULL: the
 * thread has no cache): lookup_int, then kept there. */
static __attribute__((noinline)) struct inst *lookup_cached(const struct target *to,
							  struct inst **slot, int64_t key,
							  int64_t *lead)
{
	struct inst *i = lookup_int(to->ln, key);
	if (i && slot) { /* a thread with a cache has its own row */
		mark_row(i, my_row);
		*slot = i;
	}
	return with_state(i, lead);
}

/* The instance of a one-field integer key by the thread's cache (NULL:
 * none, as for the shared row), else by lookup_cached; *lead its state,
 * read before its key (see the cache). */
static inline __attribute__((always_inline)) struct inst *
cached_int(const struct target *to, struct inst **cache, int64_t key, int64_t *lead)
{
	if (!cache)
		return lookup_cached(to, NULL, key, lead);
	struct inst **slot = &cache[to->cache_at + (((uint64_t)key * KEY_SEED) >> (64 - CACHE_BITS))];
	struct inst *i = *slot;
	if (i) { /* a reclaimed one's key may be rewritten: not read, and looked up anew */
		*lead = atomic_load_explicit(&i->state, memory_order_acquire);
		if (*lead != DEAD && i->key[0].i == key && i->key[0].kind == SM__VAL_INT)
			return i;
	}
	return lookup_cached(to, slot, key, lead);
}

/* The existing instance of a key of any kind for an emit's values in
 * place, or NULL; the thread's row marked in it (its step is recorded
 * next). */
static __attribute__((noinline)) struct inst *existing_key(const struct lane *ln, int event,
							   const struct sm__emit_vals *v)
{
	const struct sm__ir_prop *p = ln->p;
	struct sm__value key[SM__MAX_KEYS];
	for (size_t k = 0; k < p->nkeys; k++)
		key[k] = val_of(v, (size_t)p->key_slot[(size_t)event * p->nkeys + k]);
	uint64_t hash = key_hash(key, p->nkeys);
	struct inst *i = lookup(&ln->stripe[hash & (NSTRIPES - 1)], key, p->nkeys, hash);
	if (i && own_row(my_row))
		mark_row(i, my_row);
	return i;
}

/* The existing instance of a lane for an emit's values in place (every
 * key field given: sm__lanes_fast), or NULL; *lead its state. */
static inline __attribute__((always_inline)) struct inst *
existing(const struct target *to, int event, const struct sm__emit_vals *v, struct inst **cache,
	 int64_t *lead)
{
	if (to->lean == LEAN_GLOBAL)
		return with_state(atomic_load_explicit(&to->ln->global, memory_order_acquire), lead);
	if (to->lean == LEAN_ONE_KEY) {
		size_t at = (size_t)v->arg_of[to->key_field] * v->stride;
		if (!*(const char *const *)(const void *)(v->s + at))
			return cached_int(to, cache, *(const int64_t *)(const void *)(v->i + at),
					  lead);
	}
	return with_state(existing_key(to->ln, event, v), lead);
}

/* record_lean_cold's way when a value is a string: record_fields. */
static __attribute__((noinline)) void record_lean_fields(struct sm__lanes *l, struct ring *r,
							 int event, const struct target *to,
							 const struct inst *i,
							 const struct sm__emit_vals *v,
							 int64_t ts_ns)
{
	struct sm__where where = {"<emit>", 0, ts_ns >= 0, 9, time_of(ts_ns), NULL};
	struct emit e = {.l = l, .event = event, .vals = v, .w = &where};
	record_fields(&e, r, i, to->what, 0);
}

/* record_lean's way for what its short path leaves (the ring's end near,
 * too many values, a string): a record of the values as given after a pad
 * word, or else record_fields. */
static __attribute__((noinline)) void record_lean_cold(struct sm__lanes *l, struct ring *r,
						       int event, const struct target *to,
						       const struct inst *i,
						       const struct sm__emit_vals *v, int64_t ts_ns)
{
	size_t n = v->n;
	uint64_t at;
	_Atomic uint64_t *w = n <= to->hist_values ? rec_room(r, l->ring_size, n, &at) : NULL;
	if (!w || put_vals(w, v, n))
		record_lean_fields(l, r, event, to, i, v, ts_ns);
	else
		rec_close(r, w, at, n, ts_ns, places_of(v), to->what, i, 0);
}

/* Copy the first n values (at most HIST_VALUES) to w without a loop, the
 * stride a constant where the caller has one; returns their string
 * pointers or'ed (0: none is a string). */
static inline __attribute__((always_inline)) uintptr_t
copy_vals(_Atomic uint64_t *w, const char *i, const char *s, size_t stride, size_t n)
{
	uintptr_t strings = 0;
#define COPY(k)                                                                        \
	strings |= *(const uintptr_t *)(const void *)(s + (k) * stride);                \
	put(&w[k], *(const uint64_t *)(const void *)(i + (k) * stride))
	_Static_assert(HIST_VALUES == 8, "copy_vals copies up to 8 values");
	switch (n) {
	case 8: COPY(7); /* fall through */
	case 7: COPY(6); /* fall through */
	case 6: COPY(5); /* fall through */
	case 5: COPY(4); /* fall through */
	case 4: COPY(3); /* fall through */
	case 3: COPY(2); /* fall through */
	case 2: COPY(1); /* fall through */
	case 1: COPY(0); /* fall through */
	default: break;
	}
#undef COPY
	return strings;
}

/* The lean step's record, its short path: the n values at vals/strs (each
 * stride bytes on) as given, where they fit before the ring's end, none a
 * string.  False when it wrote nothing: record_lean_cold does the rest,
 * and writes the same words. */
static inline __attribute__((always_inline)) bool
record_short(struct sm__lanes *l, struct ring *r, const struct target *to, const struct inst *in,
	     size_t n, const char *vals, const char *strs, size_t stride, uint64_t places,
	     int64_t ts_ns)
{
	size_t size = l->ring_size;
	uint64_t at = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t off = at & (size - 1);
	if (n > to->hist_values || off + n + REC_FIXED > size)
		return false;
	_Atomic uint64_t *w = &r->w[off];
	if (copy_vals(w, vals, strs, stride, n))
		return false;
	rec_close(r, w, at, n, ts_ns, places, to->what, in, 0);
	return true;
}

/* The lean step's record: record_vals without an emit to describe. */
static inline __attribute__((always_inline)) void
record_lean(struct sm__lanes *l, struct ring *r, int event, const struct target *to,
	    const struct inst *i, const struct sm__emit_vals *v, int64_t ts_ns)
{
	if (!record_short(l, r, to, i, v->n, v->i, v->s, v->stride, places_of(v), ts_ns))
		record_lean_cold(l, r, event, to, i, v, ts_ns);
}

/*
 * The lean step of the fast path: a relation's existing instance, whose
 * sides' ticks the plan knows, moved by CAS when the rules allow it, one
 * count, the time (as given: negative is none), the history record.
 * False when it did nothing (no instance yet, or a violation to report):
 * then the general step does it all again, from the state as it is then.
 */
static inline __attribute__((always_inline)) bool
lean_step(struct sm__lanes *l, int event, const struct target *to,
	  const struct sm__emit_vals *v, int64_t ts_ns, atomic_uint_fast64_t *row, bool shared,
	  struct ring *ring, struct inst **cache)
{
	int64_t lead;
	struct inst *i = to->lean != LEAN_NO ? existing(to, event, v, cache, &lead) : NULL;
	if (!i)
		return false;
	do {
		if (lead < to->lo || lead > to->hi)
			return false;
	} while (to->delta && !swap_lead(l, i, &lead, lead + to->delta));
	add(&row[to->row_at], shared, 1);
	atomic_store_explicit(&i->last_ts, ts_ns, memory_order_relaxed);
	if (ring)
		record_lean(l, ring, event, to, i, v, ts_ns);
	queue_if_idle(l, to, i, lead + to->delta);
	return true;
}

/* The targets of an emit's values in place from the k-th on: each by the
 * lean step, or else by the general one.  Returns whether one made a
 * violation. */
static __attribute__((noinline)) bool emit_vals_from(struct sm__lanes *l, int event, size_t k,
						     const struct sm__emit_vals *v, int64_t ts_ns,
						     atomic_uint_fast64_t *row, bool shared)
{
	const struct plan *pl = &l->plan[event];
	struct ring *ring = l->history ? my_ring(l, shared) : NULL;
	struct inst **cache = shared ? NULL : l->cache[my_row] ? l->cache[my_row] : cache_new(l);
	struct sm__where w = {"<emit>", 0, ts_ns >= 0, 9, time_of(ts_ns), NULL};
	bool violated = false;
	for (; k < pl->n; k++) {
		if (lean_step(l, event, &pl->to[k], v, ts_ns, row, shared, ring, cache))
			continue;
		struct emit e = {.l = l, .event = event, .vals = v, .w = &w, .row = row,
				 .shared = shared, .violated = &violated};
		step_lane(&e, &pl->to[k]);
	}
	return violated;
}

/* An emit's values in place (sm__lanes_emit_vals, within emit_begin
 * and emit_end).  The path for a thread with its own row whose first
 * target steps leanly is kept short (few values live, the rest out of
 * line); any other goes to emit_vals_from. */
static bool emit_vals(struct sm__lanes *l, int event, const struct sm__emit_vals *v,
		      uint64_t seen, int64_t ts_ns)
{
	int r = my_row;
	if (!own_row(r)) {
		bool shared;
		atomic_uint_fast64_t *row = my_counts(l, &shared);
		add(&row[event], shared, 1);
		note_fields(l, event, seen);
		return emit_vals_from(l, event, 0, v, ts_ns, row, shared);
	}
	atomic_uint_fast64_t *row = row_at(l, r);
	add(&row[event], false, 1);
	note_fields(l, event, seen);
	const struct plan *pl = &l->plan[event];
	if (!pl->n)
		return false;
	struct ring *ring = NULL;
	struct inst **cache = l->cache[r];
	if ((l->history && !(ring = atomic_load_explicit(&l->ring[r], memory_order_relaxed))) ||
	    !cache)
		return emit_vals_from(l, event, 0, v, ts_ns, row, false);
	if (!lean_step(l, event, pl->to, v, ts_ns, row, false, ring, cache))
		return emit_vals_from(l, event, 0, v, ts_ns, row, false);
	return pl->n > 1 && emit_vals_from(l, event, 1, v, ts_ns, row, false);
}

bool sm__lanes_emit_vals(struct sm__lanes *l, int event, const struct sm__emit_vals *v,
			 uint64_t seen, int64_t ts_ns)
{
	bool began;
	int r = emit_begin(l, &began);
	bool violated = emit_vals(l, event, v, seen, ts_ns);
	emit_end(l, r, began);
	return violated;
}

/* sm__lanes_emit_site's values as emit_vals takes them. */
static struct sm__emit_vals site_vals(const sm_site *site, const char *i, const char *s,
				      size_t stride)
{
	return (struct sm__emit_vals){i, s, stride, (size_t)site->n, site->field, site->arg_of};
}

/* The site's emit by emit_vals, within the emit (begun: busy). */
static __attribute__((noinline)) bool emit_site_slow(struct sm__lanes *l, const sm_site *site,
						     const char *i, const char *s, size_t stride,
						     int64_t ts_ns)
{
	struct sm__emit_vals v = site_vals(site, i, s, stride);
	return emit_vals(l, site->event, &v, site->seen, ts_ns);
}

/* The site's emit as a whole one (emit_begin, emit_end): a thread
 * without a row of its own yet, or sharing the last. */
static __attribute__((noinline)) bool emit_site_whole(struct sm__lanes *l, const sm_site *site,
						      const char *i, const char *s, size_t stride,
						      int64_t ts_ns)
{
	struct sm__emit_vals v = site_vals(site, i, s, stride);
	return sm__lanes_emit_vals(l, site->event, &v, site->seen, ts_ns);
}

/* record_site's way for what its short path leaves: record_lean_cold. */
static __attribute__((noinline)) void record_site_cold(struct sm__lanes *l, struct ring *r,
						       const struct target *to,
						       const struct inst *in, const sm_site *site,
						       const char *i, const char *s, size_t stride,
						       int64_t ts_ns)
{
	struct sm__emit_vals v = site_vals(site, i, s, stride);
	record_lean_cold(l, r, site->event, to, in, &v, ts_ns);
}

/* record_lean for a site's values, the stride a constant. */
static inline __attribute__((always_inline)) void
record_site(struct sm__lanes *l, struct ring *r, const struct target *to, const struct inst *in,
	    const sm_site *site, const char *i, const char *s, size_t stride, int64_t ts_ns)
{
	uint64_t places;
	memcpy(&places, site->arg_of, sizeof places);
	if (!record_short(l, r, to, in, (size_t)site->n, i, s, stride, places, ts_ns))
		record_site_cold(l, r, to, in, site, i, s, stride, ts_ns);
}

/* The instance of the site's emit for a lean target, or NULL; *lead its
 * state. */
static inline __attribute__((always_inline)) struct inst *
site_instance(const struct target *to, const sm_site *site, const char *i, const char *s,
	      size_t stride, struct inst **cache, int64_t *lead)
{
	if (to->lean == LEAN_GLOBAL)
		return with_state(atomic_load_explicit(&to->ln->global, memory_order_acquire), lead);
	if (to->lean != LEAN_ONE_KEY)
		return NULL;
	size_t at = (size_t)site->arg_of[to->key_field] * stride;
	if (*(const char *const *)(const void *)(s + at))
		return NULL;
	return cached_int(to, cache, *(const int64_t *)(const void *)(i + at), lead);
}

/*
 * The lean step (lean_step) of the event's only target, everything
 * checked before anything is written: the thread's own row, cache and
 * ring (history on), the instance, a lead that allows the step.  Then the
 * step by CAS, the count, the time and the record, as sm__lanes_emit_vals
 * makes them, but for the count: one word (solo_at) for the emit and
 * its step, where sm__lanes_emit_vals adds to two (the event's, the
 * target's); the sums are the same.  (Its count comes first: counts are
 * relaxed and per thread, and nothing orders them against the step for
 * sm_monitor_counts.)
 */
static inline __attribute__((always_inline)) bool
emit_site(struct sm__lanes *l, atomic_uint_fast64_t *row, int r, const sm_site *site,
	  const char *i, const char *s, size_t stride, int64_t ts_ns)
{
	int event = site->event;
	const struct plan *pl = &l->plan[event];
	struct inst **cache = l->cache[r];
	struct ring *ring = cache && l->history
				    ? atomic_load_explicit(&l->ring[r], memory_order_relaxed)
				    : NULL;
	if (!cache || pl->n != 1 || (l->history && !ring))
		return emit_site_slow(l, site, i, s, stride, ts_ns);
	const struct target *to = pl->to;
	int64_t lead;
	struct inst *in = site_instance(to, site, i, s, stride, cache, &lead);
	if (!in)
		return emit_site_slow(l, site, i, s, stride, ts_ns);
	do {
		if (lead < to->lo || lead > to->hi)
			return emit_site_slow(l, site, i, s, stride, ts_ns);
	} while (to->delta && !swap_lead(l, in, &lead, lead + to->delta));
	add(&row[l->solo_at + (size_t)event], false, 1);
	note_fields(l, event, site->seen);
	atomic_store_explicit(&in->last_ts, ts_ns, memory_order_relaxed);
	if (ring)
		record_site(l, ring, to, in, site, i, s, stride, ts_ns);
	queue_if_idle(l, to, in, lead + to->delta);
	return false;
}

bool sm__lanes_emit_site(struct sm__lanes *l, const sm_site *site, const char *i, const char *s,
			 size_t stride, int64_t ts_ns)
{
	int r = my_row;
	if (!own_row(r)) /* the shared row's thread, or a thread's first emit */
		return emit_site_whole(l, site, i, s, stride, ts_ns);
	atomic_uint_fast64_t *row = row_at(l, r);
	bool began = busy_begin(&row[l->busy_at]), violated;
	/* The strides of sm_emit_vals' and sm_emit_site's values, constants. */
	if (stride == sizeof(sm_val))
		violated = emit_site(l, row, r, site, i, s, sizeof(sm_val), ts_ns);
	else if (stride == sizeof(sm_field))
		violated = emit_site(l, row, r, site, i, s, sizeof(sm_field), ts_ns);
	else
		violated = emit_site(l, row, r, site, i, s, stride, ts_ns);
	if (began)
		busy_end(&row[l->busy_at]);
	return violated;
}

/* ---- the end ---- */

static bool satisfied(const struct sm__ir_prop *p, const struct inst *i)
{
	int64_t state = atomic_load_explicit(&i->state, memory_order_relaxed);
	if (p->kind == SM__PROP_AUTOMATON)
		return state == STOPPED || p->final[state];
	return sm__relation_done(p, state);
}

static int by_serial(const void *a, const void *b)
{
	const struct inst *x = *(const struct inst *const *)a, *y = *(const struct inst *const *)b;
	uint64_t sx = atomic_load_explicit(&x->born, memory_order_relaxed) >> GEN_BITS;
	uint64_t sy = atomic_load_explicit(&y->born, memory_order_relaxed) >> GEN_BITS;
	return (sx > sy) - (sx < sy);
}

/* How many pending instances gather together: as many as GATHER_BYTES of
 * steps hold, with every ring read. */
static size_t gather_batch(const struct sm__lanes *l)
{
	size_t rings = 0;
	for (int r = 0; r < NROWS; r++)
		rings += atomic_load_explicit(&l->ring[r], memory_order_acquire) != NULL;
	size_t each = (rings ? rings : 1) * l->history * sizeof(struct seen_step);
	return GATHER_BYTES / each ? GATHER_BYTES / each : 1;
}

/* The lane's pending instances in the order they were made: each to fn
 * with its history, gathered a batch at a time. */
static void lane_pending(struct sm__lanes *l, struct lane *ln, const struct inst **all, size_t n,
			 void (*fn)(void *ud, const struct sm__pending *p), void *ud)
{
	size_t batch = l->history ? gather_batch(l) : n;
	for (size_t j = 0; j < n; j += batch) {
		size_t m = n - j < batch ? n - j : batch;
		struct gather g = {0};
		if (l->history)
			gather(&g, l, all + j, m);
		for (size_t t = 0; t < m; t++) {
			const struct inst *i = all[j + t];
			struct sm__lane_view view = {i->key, ln->p->nkeys, atomic_load(&i->state),
						     time_of(atomic_load(&i->last_ts)), NULL, 0, false};
			struct found found = {0};
			if (l->history)
				history_of(l, &g, t, false, &view, &found);
			struct sm__instance inst = {.lane = &view};
			struct sm__pending pend = {ln->p, &inst};
			fn(ud, &pend);
			found_free(&found);
		}
		gather_free(&g);
	}
}

void sm__lanes_pending(struct sm__lanes *l, void (*fn)(void *ud, const struct sm__pending *p),
		       void *ud)
{
	for (size_t k = 0; k < l->ir->nprops; k++) {
		struct lane *ln = l->of[k];
		if (!ln)
			continue;
		const struct inst **all = NULL;
		size_t n = 0, cap = 0;
		for (size_t s = 0; s < NSTRIPES; s++) {
			struct table *t = atomic_load(&ln->stripe[s].table);
			for (size_t c = 0; t && c < t->cap; c++) {
				const struct inst *i = inst_in(atomic_load(&t->cell[c]));
				if (i && !satisfied(ln->p, i))
					SM__PUSH(all, n, cap, i);
			}
		}
		if (n)
			qsort(all, n, sizeof *all, by_serial);
		ln->pending = n;
		lane_pending(l, ln, all, n, fn, ud);
		free(all);
	}
}

void sm__lanes_stats(const struct sm__lanes *l, size_t prop, struct sm__prop_stats *out)
{
	const struct lane *ln = l->of[prop];
	*out = (struct sm__prop_stats){0};
	if (!ln)
		return;
	out->instances = summed(l, ln->row_at + AT_MADE);
	out->refused = atomic_load(&ln->refused);
	out->violations = atomic_load(&ln->violations);
	out->reclaimed = summed(l, ln->row_at + AT_RECLAIMED);
	out->pending = ln->pending;
	out->steps = summed(l, ln->row_at + AT_STEPS);
	out->ticks_a = summed(l, ln->row_at + AT_TICKS_A);
	out->ticks_b = summed(l, ln->row_at + AT_TICKS_B);
	for (size_t e = 0; e < l->ir->nevents; e++) { /* lean_step's and emit_site's steps */
		for (size_t k = 0; k < l->plan[e].n; k++) {
			const struct target *to = &l->plan[e].to[k];
			uint64_t solo = l->plan[e].n == 1 ? summed(l, l->solo_at + e) : 0;
			uint64_t n = to->ln == ln ? summed(l, to->row_at) + solo : 0;
			out->steps += n;
			out->ticks_a += to->ta ? n : 0;
			out->ticks_b += to->tb ? n : 0;
		}
	}
	if (out->instances)
		out->keys_carried = (uint32_t)((1ull << ln->p->nkeys) - 1);
}

/* Coverage: the lane's edge hits added to hits (nedges of them). */
void sm__lanes_edge_hits(const struct sm__lanes *l, size_t prop, uint64_t *hits)
{
	const struct lane *ln = l->of[prop];
	for (size_t e = 0; ln && l->coverage && e < ln->p->nedges; e++)
		hits[e] += summed(l, ln->row_at + AT_EDGES + e);
}
