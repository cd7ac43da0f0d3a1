/*
 * engine_private.h: what the engine's files share and nobody else sees:
 * the runtime of a property, the layout of its instances, the engine
 * itself, and the functions its files call in one another: engine.c
 * (instants, dispatch, history), instance.c (slots, the table of keys,
 * partial-key indexes, interned strings, reclamation), relation.c,
 * automaton.c, time.c (deadlines).
 */
#ifndef SM_ENGINE_PRIVATE_H
#define SM_ENGINE_PRIVATE_H

#include "engine.h"
#include "rules.h"
#include "steplog.h"

/* Where an automaton's instance is in its life (DESIGN.md §2.4); relations
 * are always RUNNING.  A slot that holds no instance is FREE. */
enum phase {
	SM__RUNNING, /* watching: every instant addressing it is a step */
	SM__WAITING, /* for its start event */
	SM__STOPPED, /* `after violation stop`: it reports nothing more */
	SM__FREE,
};

/* How a key value was written: reports print it back the same way. */
enum key_kind { SM__KEY_INT, SM__KEY_HEX, SM__KEY_STR };

/* A slot's stamp counts a property's instants in this many bits: when the
 * count runs out, every stamp is cleared and it starts again (a sweep per
 * 4 million instants the property sees). */
#define SM__STAMP_BITS 22

/* A slot's digits of last_ts when the record had no ts. */
#define SM__NO_TS 15

/*
 * An instance is a fixed-size slot in its property's chunked array
 * (instance.c): this 40-byte header, then a word per key field (an
 * integer, or an interned string's address), then only what the property
 * needs (struct layout).  The simple automaton or relation of DESIGN.md §5
 * (one int key) needs 48 bytes; a slot never moves while its instance
 * lives.
 */
struct slot {
	int64_t state;       /* automaton state, relation lead (ticks of a - b),
			      * or `within`: its open obligations */
	/* The record that created or last stepped it (sm__instance_last):
	 * kept here, not in the step log, which an idle instance outlives.
	 * Its line, input and digits of ts share a word (sm__slot_set_last). */
	int64_t last_ts;
	uint64_t last_at;
	uint32_t last_step;  /* its last step in the step log (the low 32 bits
			      * of its seq, never 0); 0: none */
	uint32_t kinds;      /* enum key_kind, 2 bits per key field */
	uint32_t serial;     /* the order of creation, when the property
			      * reclaims (slots are reused): see next_serial */
	unsigned stamp : SM__STAMP_BITS; /* the property's instant it last stepped in */
	unsigned queued : 1;       /* in the queue of candidates for reclamation */
	unsigned phase : 2;        /* enum phase */
	unsigned drift_warned : 1; /* inf/sup: the drift limit was reported */
	unsigned inv_done : 1;     /* this stay's invariant was reported: not armed
				    * again until the state changes or its clock
				    * is reset */
	unsigned shared : 1;       /* its history is its keeper's in the same slot
				    * (prop_rt.shares): none of its steps written */
	unsigned keeps : 1;        /* a keeper's: some sharer in its slot is shared */
};

/* A slot's last_at: the line in the low SM__LINE_BITS, the digits of
 * last_ts (or SM__NO_TS) in the 4 bits above, the input's index in the 16
 * bits above them; a step writes it whole, as the instant made it
 * (eng->place_at).  A place past either (a line from 2^44 on, an input
 * index from 65535, SM__FAR_INPUT, on) is kept in the engine's far places instead (sm__far_last):
 * the input bits say SM__FAR_INPUT, the line bits the index there. */
#define SM__LINE_BITS 44
#define SM__LINE_MASK ((1ull << SM__LINE_BITS) - 1)
#define SM__DIGITS_SHIFT SM__LINE_BITS
#define SM__INPUT_SHIFT (SM__LINE_BITS + 4)
#define SM__FAR_INPUT 0xffffu

static inline bool sm__last_is_far(uint64_t last_at)
{
	return last_at >> SM__INPUT_SHIFT == SM__FAR_INPUT;
}

/* The `within` obligations of an instance: a ring of their openers'
 * places, allocated when the first opens and freed when the last is met. */
struct obligations {
	struct sm__place *ring;
	uint16_t head, len, cap;
};

/* Where a property's slots keep what only some properties need: byte
 * offsets after the keys, 0 when the property does not have it. */
struct layout {
	size_t opened;  /* struct sm__place: the record that set an invariant's deadline */
	size_t obl;     /* struct obligations */
	size_t memory;  /* int64_t: variables, clock resets, clock-expression state */
	size_t heap_at; /* int32_t: the instance's entry in the deadline heap, -1: none */
};

/* Slots come in chunks of this many, each allocated once and never moved. */
#define SM__CHUNK_BITS 12
#define SM__CHUNK_SLOTS (1u << SM__CHUNK_BITS)

/* A chunk of a property's slots: its slot i at base + i * stride.  The
 * properties of a shape share blocks while they keep in step (instance.c,
 * chunk_new), each in a column of its own, and the shape's first property
 * frees them; block: a chunk of the property's own, which it frees (NULL:
 * its column of a block). */
struct slot_chunk {
	char *base;
	void *block;
	size_t stride;
};

/* A cell of a property's table of keys (open addressing, linear probing)
 * is one uint32_t: below the bits that place a cell (cap - 1), the slot's
 * index + 1 (0: empty); above them, the same bits of the key's hash, which
 * spare most key comparisons.  An index + 1 fits below: the table grows at
 * 3/4 full, and slots are never more than the most instances alive at
 * once.  (A table of 2^32 cells or more keeps no bits of the hash.) */
static inline uint32_t sm__cell_tag(size_t cap)
{
	return ~(uint32_t)(cap - 1);
}

/*
 * An index of a property's instances by some of their key fields (DESIGN.md
 * §2.5: partial keys are indexed, not scanned): the instances whose values
 * of those fields are equal make a bucket, chained in creation order.  An
 * event that carries those fields and lacks the others reaches its bucket.
 * Built the first time such an event comes, kept as instances are created.
 */
struct bucket {
	uint32_t head, tail; /* slot index + 1 */
	uint32_t hash;       /* of the fields' values; head 0: an empty bucket */
};

struct subindex {
	uint32_t fields;        /* bit k: key field k */
	struct bucket *buckets; /* open addressing, power-of-two size */
	size_t cap, count;
	uint32_t *next;         /* per slot: the next of its bucket, index + 1 (0: none) */
	size_t capnext;
};

/* What an automaton's instance does in this instant: whether it steps, the
 * edge it takes (-1: a violation) and the source event a report shows. */
struct move {
	bool step;
	int edge, shown; /* shown: an index into the instant's ticks (itick) */
	const struct sm__value *slots; /* the edge's tick's values */
};

/* A plain automaton's move from a state on a lone tick of an event
 * (engine.c, automaton_moves): the edge taken (-1: none, a violation), its
 * source as the history keeps it, and the state after. */
struct plain_move {
	int32_t edge;
	int16_t from, to;
};

struct prop_rt {
	/* What every step reads comes first, in the struct's first cache line
	 * (engine_new aligns the array of them): with a hundred properties,
	 * each instant touches its own's. */
	char *chunk0;       /* chunks[0].base, or NULL */
	uint32_t *table;    /* power-of-two size, cells as sm__cell_tag says */
	size_t cap;
	uint64_t steps;     /* stats.steps, but for the lanes' (sm__engine_stats) */
	uint32_t stride0;   /* chunks[0].stride */
	uint32_t index;     /* in eng->props */
	uint32_t nslots;    /* handed out so far */
	uint32_t epoch;     /* instants it was stepped in, counted in SM__STAMP_BITS */
	/* Properties of one shape (the lowest index among them) have the same
	 * alphabet and take the same key fields from each of its events: they
	 * see the same ticks in every instant, gathered once (gather_ticks). */
	uint32_t shape;
	uint32_t nkeys;     /* ir->nkeys */
	/* Reclamation (DESIGN.md §2.5): whether the property's instances may
	 * be reclaimed at all, and a partial key seen, which stops it. */
	bool reclaims, partial_seen;
	bool considers;     /* reclaims && !partial_seen: sm__consider looks */
	/* Some property of its shape has reclaimed or refused an instance
	 * (sm__set_apart): until then, they create the same keys' instances in
	 * the same instants, in the same slots. */
	bool apart;
	bool plain;         /* sm__relation_plain: then its events a and b */
	const struct sm__ir_prop *ir;
	bool lane;          /* stepped by the lanes (sm__engine_hand_over) */
	uint32_t carried;   /* stats.keys_carried, but for the lanes' */
	struct layout lay;
	struct sm__prop_stats stats;
	int plain_a, plain_b;
	uint32_t slot_size; /* bytes, a multiple of 8 (struct layout) */
	struct slot_chunk *chunks;
	size_t nchunks, capchunks;
	/* Where its slots go in its shape's blocks: the column's byte offset;
	 * and, kept and freed by the shape's first property (after the others:
	 * sm__engine_free), the blocks and their width (the columns' total, 0
	 * until the first is allocated). */
	size_t column;
	char **blocks;
	size_t nblocks, capblocks, width;
	uint32_t free;      /* reclaimed slots, a list through their state: index + 1 */
	bool reused;        /* some slot was reused: slot order is not creation order */
	uint32_t serial;    /* the next instance's (slot.serial) */
	size_t count;       /* instances */
	struct subindex *ix; /* one per set of fields that partial keys had */
	size_t nix, capix;
	uint64_t stamp;     /* the instant it was last stepped in */
	int start_only;     /* see start_only_event */
	struct move *memo;  /* per state: broadcast_keyless's moves */
	uint64_t *memo_at;  /* per state: the instant of its memo */
	uint64_t *edge_hits;
	/* An automaton without variables or clocks: its moves, per event and
	 * state (automaton_moves), which direct plans read; NULL for any
	 * other property. */
	struct plain_move *moves;
	/* History shared in a shape (engine.c, sm__unshare): a plain relation
	 * whose instances may take the steps of its keeper's (the shape's
	 * first property, a plain relation too) as theirs, while they step
	 * alike; and of a keeper, the properties that may. */
	bool shares;
	uint32_t *sharers, nsharers;
} __attribute__((aligned(64)));

/* An instance of a lane (lanes.h) as reports read it: a copy of its
 * state made when it was reported, its key, and its history as the lanes
 * found it (oldest first; cut: earlier steps may have been let go). */
struct sm__lane_view {
	const struct sm__value *keys;
	size_t nkeys;
	int64_t state;
	int64_t last_ts; /* negative: none */
	const struct sm__hist_entry *hist;
	size_t nhist;
	bool cut;
};

/* An instance as the engine hands it around, and reports receive it: its
 * property, its slot and the slot's index; or a lane's (lane not NULL). */
struct sm__instance {
	struct prop_rt *rt;
	struct slot *s;
	uint32_t at;
	const struct sm__lane_view *lane;
};

/* One tick of the instant: a match's source event, or a derived event that
 * ticks for that match; root is the index of the match's source event tick.
 * Its key as the last property that read it took it (key_row: that
 * property's key fields in this event): properties over the same events,
 * keyed alike, take the same key, which is then read and hashed once per
 * instant rather than once per property. */
struct itick {
	int event, root;
	const struct sm__value *slots;
	bool journaled;  /* its values are in the journal, and its origin in
			  * the step log: */
	uint32_t origin; /* the origin's index */
	size_t nfields;  /* the event's declared fields, which the journal keeps */
	const int *key_row; /* NULL: no key read yet */
	size_t key_n;
	bool key_whole;
	uint32_t key_hash, key_carried; /* carried: bit k, key field k has a value */
};

/*
 * One instant, as a property sees it (DESIGN.md §2.6): the events of its
 * alphabet that tick, each with the key it carries.  A whole key addresses
 * one instance (`target`); a partial key addresses every instance that
 * agrees on the fields it has.  Each addressed instance then takes one step
 * over the ticks that address it.
 */
struct tick {
	int event;
	int it;                      /* the instant's tick (itick) */
	int next;                    /* the next tick of the event, -1: none */
	int tail;                    /* the first of an event's: its last */
	bool whole;
	uint32_t target;             /* whole keys: the slot, SM__REFUSED if refused */
	const struct sm__value *key; /* nkeys values, into eng->keys */
};

#define SM__REFUSED UINT32_MAX

/* A pending deadline: the engine keeps them in a binary min-heap, so that a
 * record costs one comparison when nothing is due. */
struct deadline {
	int64_t at; /* the last time allowed: missed once input time passes it */
	uint32_t prop, slot;
};

/* An interned string: string keys are kept once, engine-wide, for as long
 * as an instance's key holds them (refs). */
struct istr {
	uint64_t hash;
	size_t len, refs;
	char text[];
};

/* An instance as if new, looked at again at instant `due`: reclaimed if
 * it has not stepped since (its stamp is the same), is still as if new,
 * and the log no longer holds its history; queued again if it is as if
 * new but one of those is not so.  Once at a time (slot.queued). */
struct candidate {
	uint64_t due;
	uint32_t prop, slot, stamp;
};

/* Instants a candidate waits: a key often comes back soon after its
 * instance went back to its initial state, and a record that lacks a key
 * field's value (which reclaimed instances would miss) is as likely soon. */
#define SM__RECLAIM_AFTER 65536u

/* What an instant of one record of an event that derives none (one_tick)
 * steps: the properties whose alphabet has the event, the lanes' left out
 * (their properties, in the order of the event's props); direct: see
 * engine_plans.  40 bytes, so that an event's plan and its first step
 * share a cache line (struct event_plan). */
struct plan_step {
	struct prop_rt *rt;
	/* direct plans: the leads at which the event allows the tick
	 * (sm__relation_range), and what the tick adds to the lead (a's: 1,
	 * b's: -1, an event that is both: 0; a violation asks the property
	 * which it is); a plain automaton's step: its moves, per state
	 * (engine.c, automaton_moves) */
	int64_t lo, hi;
	union {
		int64_t delta;
		const struct plain_move *moves;
	};
	/* the slot of its one key field in the event (nkeys 1: the usual key,
	 * then on the plan's line); more fields: the IR's key_slot (step_row) */
	int row_in;
	uint8_t nkeys;
	/* direct plans: what the step has in common with the one before
	 * (SM__SAME_*) and whether the event carried its key (SM__CARRIED):
	 * one byte, read once in the common case (SM__AGAIN_ALL) */
	uint8_t again;
	bool automaton; /* a plain automaton's step (moves) */
};

/* plan_step.again: the property takes the key fields the one before took
 * (then the key is read and hashed once); it is of its shape (then its
 * slot is the hint: sm__instance_for); rt->carried has the fields the
 * event carries. */
#define SM__SAME_KEY 1
#define SM__SAME_SHAPE 2
#define SM__CARRIED 4
#define SM__AGAIN_ALL 7

/* An event's plan, on a cache line of its own with its first step: with
 * a hundred properties on distinct events, an instant reads one line of
 * plans.  steps is &first for an event of one property at most, else an
 * array of its own. */
struct event_plan {
	struct plan_step *steps;
	uint32_t n;
	uint32_t nfields; /* the event's */
	bool one_tick, direct;
	/* not direct: every step a plain automaton's (plan_step.automaton)
	 * that takes its whole key from the event, stepped as direct ones
	 * are (engine.c, direct_moves) */
	bool automata;
	bool own; /* with history, one property, few fields: see own_origin */
	struct plan_step first;
} __attribute__((aligned(64)));

struct sm__engine {
	const struct sm__ir *ir;
	struct prop_rt *props;
	struct event_plan *plans; /* per event */
	unsigned history;
	uint64_t max_instances;
	struct sm__engine_hooks hooks;
	uint64_t instant;
	uint64_t *ticked;                    /* per event: the instant it ticked in */
	/* The instant being stepped: its ticks, per match (an event may tick
	 * for several matches: option instants = timestamp), and its distinct
	 * source events; mark: per event, the match (serial) it last ticked for. */
	struct itick *itick;
	size_t nitick, capitick;
	int *sources;
	size_t nsources;
	uint64_t *mark, serial;
	/* The ticks of the property being stepped: tick_at, per event, its
	 * first in tick, the others chained by tick.next; multi: some event
	 * has more than one. */
	struct tick *tick;
	size_t nticks, capticks;
	int *tick_at;
	bool multi;
	/* Whose ticks they are: the properties of shape ticks_shape in instant
	 * ticks_instant; whether some lacks a key field, the fields carried. */
	uint64_t ticks_instant;
	uint32_t ticks_shape;
	bool ticks_partial;
	uint32_t ticks_carried;
	struct sm__value *keys;              /* SM__MAX_KEYS per itick: its key */
	/* A relation's clock expressions for the instance being stepped: per
	 * node whether it ticks (and for an event's node, its tick in itick),
	 * per slot the state after this instant (kept only if the relation
	 * allows the instant), and an inf/sup node whose counts drifted past
	 * the limit (-1: none). */
	bool *clk_out;
	int *clk_it;
	int64_t *clk_next;
	int clk_drift;
	/* History: the events' values, the steps (with the instants' places),
	 * and room for one instance's history as reports read it. */
	struct sm__journal journal;
	struct sm__steplog log;
	uint64_t seq_before; /* the log's seq when the instant began */
	struct sm__hist_entry *hist;
	char *own_recs; /* per hist entry: the values of an own origin (engine.c) */
	/* The input names places refer to (by index), a hash table of their
	 * indexes by pointer, and the instant being stepped's place. */
	const char **inputs;
	size_t ninputs, capinputs;
	uint32_t *input_at;
	size_t capinput_at;
	struct sm__place place;
	const char *place_input; /* the name of place.input */
	uint64_t place_at; /* as a slot's last_at has it, when it fits */
	bool place_far;    /* it does not fit: a slot keeps it in far places */
	/* The far places of slots (sm__far_last), unused ones in a list
	 * through their line: index + 1. */
	struct sm__place *far;
	size_t nfar, capfar;
	uint64_t far_free;
	/* String keys, interned: open addressing by their hash. */
	struct istr **strings;
	size_t nstrings, capstrings;
	/* Candidates for reclamation, a FIFO ring (in order of `due`), and the
	 * first one's due (UINT64_MAX: none). */
	struct candidate *queue;
	size_t qhead, qlen, qcap;
	uint64_t next_due;
	int64_t *scratch; /* the next values of an instance's variables and clocks */
	struct deadline *heap; /* room for every instance that may have one */
	size_t nheap, capheap, timed_instances;
	bool timed;       /* some property has deadlines or clocks */
	uint64_t untimed; /* records without `ts`, when timed */
};

/* ---- instance.c: storage and reclamation ---- */

static inline struct slot *sm__slot_at(const struct prop_rt *rt, uint32_t at)
{
	/* The first chunk without reading the array of them (another cache
	 * line): most properties have no other. */
	size_t i = at & (SM__CHUNK_SLOTS - 1);
	if (at < SM__CHUNK_SLOTS)
		return (struct slot *)(rt->chunk0 + i * rt->stride0);
	const struct slot_chunk *c = &rt->chunks[at >> SM__CHUNK_BITS];
	return (struct slot *)(c->base + i * c->stride);
}

static inline struct sm__instance sm__instance_at(struct prop_rt *rt, uint32_t at)
{
	return (struct sm__instance){rt, sm__slot_at(rt, at), at};
}

static inline uint64_t *sm__slot_keys(const struct slot *s)
{
	return (uint64_t *)(uintptr_t)(s + 1);
}

/* A field of the layout, at byte offset off. */
static inline void *sm__slot_field(const struct slot *s, size_t off)
{
	return (char *)(uintptr_t)s + off;
}

/* The variables, then the clocks' reset times, then (relations) the clock
 * expressions' state. */
static inline int64_t *sm__slot_memory(const struct prop_rt *rt, const struct slot *s)
{
	return sm__slot_field(s, rt->lay.memory);
}

static inline int32_t *sm__slot_heap_at(const struct prop_rt *rt, const struct slot *s)
{
	return sm__slot_field(s, rt->lay.heap_at);
}

/* A slot's last place in the far places (engine.c): set to the instant's
 * (or back in last_at, when it fits); let go, when its instance goes. */
void sm__far_last(struct sm__engine *eng, struct slot *s);
void sm__far_forget(struct sm__engine *eng, struct slot *s);

/* The instance was created or stepped in this instant: its last place. */
static inline void sm__slot_set_last(struct sm__engine *eng, struct slot *s)
{
	if (__builtin_expect(eng->place_far || sm__last_is_far(s->last_at), 0))
		sm__far_last(eng, s);
	else
		s->last_at = eng->place_at;
	s->last_ts = eng->place.ts;
}

struct sm__place sm__slot_last(const struct sm__engine *eng, const struct slot *s);

static inline uint64_t sm__mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static inline bool sm__has_deadlines(const struct sm__ir_prop *p)
{
	return p->kind == SM__PROP_AUTOMATON ? p->has_invariants : p->rel == SM__REL_WITHIN;
}

/* The property's slot layout and empty storage. */
void sm__prop_storage_init(struct prop_rt *rt);
void sm__prop_storage_free(struct prop_rt *rt);
static inline enum key_kind sm__key_kind(const struct slot *s, size_t k)
{
	return (enum key_kind)((s->kinds >> (2 * k)) & 3);
}

static inline bool sm__word_is(const struct slot *s, size_t k, struct sm__value v)
{
	uint64_t w = sm__slot_keys(s)[k];
	if (v.kind == SM__VAL_STR) {
		const struct istr *i = (const struct istr *)(uintptr_t)w;
		return sm__key_kind(s, k) == SM__KEY_STR &&
		       sm__str_eq_str((struct sm__str){i->text, i->len}, v.s);
	}
	return sm__key_kind(s, k) != SM__KEY_STR && (int64_t)w == v.i;
}

/* Does the instance's key agree with key (nkeys values): equal on every
 * field key has (all of them, for a whole key)? */
static inline bool sm__slot_key_agrees(const struct prop_rt *rt, const struct slot *s,
				       const struct sm__value *key)
{
	if (rt->nkeys == 1 && key[0].kind == SM__VAL_INT) /* W1's: one integer */
		return sm__key_kind(s, 0) != SM__KEY_STR && (int64_t)sm__slot_keys(s)[0] == key[0].i;
	for (size_t k = 0, n = rt->nkeys; k < n; k++) /* n: read once */
		if (key[k].kind != SM__VAL_NONE && !sm__word_is(s, k, key[k]))
			return false;
	return true;
}
/* The hash of the values a key has (nkeys of them): a whole key's, or the
 * fields of a partial key (the same for the instances that agree with it).
 * Inline: every instant hashes a key. */
#define SM__HASH_SEED 0x243f6a8885a308d3ull
#define SM__HASH_INT 0x9e3779b97f4a7c15ull
static inline uint32_t sm__key_hash(const struct sm__value *key, size_t nkeys)
{
	if (nkeys == 1 && key[0].kind == SM__VAL_INT) /* the usual key, without the loop */
		return (uint32_t)sm__mix(SM__HASH_SEED ^ (uint64_t)key[0].i ^ SM__HASH_INT);
	uint64_t h = SM__HASH_SEED;
	for (size_t k = 0; k < nkeys; k++) {
		if (key[k].kind == SM__VAL_STR)
			h = sm__mix(h ^ sm__hash_bytes(key[k].s.ptr, key[k].s.len));
		else if (key[k].kind != SM__VAL_NONE)
			h = sm__mix(h ^ (uint64_t)key[k].i ^ SM__HASH_INT);
	}
	return (uint32_t)h;
}
/* A new instance of a whole key (of hash sm__key_hash), created by the
 * instant being stepped: its index, or SM__REFUSED when --max-instances
 * refused it. */
uint32_t sm__instance_new(struct sm__engine *eng, struct prop_rt *rt, const struct sm__value *key,
			  uint32_t hash, const struct sm__where *w);
/* The index of the instance of a whole key, created when new (see
 * sm__instance_new).  hint: where it may be, tried first (the slot of the
 * same key in a property of the same shape, which creates its instances
 * in the same order: the same slot unless one reclaimed), or SM__REFUSED.
 * Inline: every instant looks its instances up. */
__attribute__((always_inline)) static inline uint32_t
sm__instance_for(struct sm__engine *eng, struct prop_rt *rt, const struct sm__value *key,
		 uint32_t hash, uint32_t hint, const struct sm__where *w)
{
	/* A live instance whose key is key is key's instance: no probe; and
	 * while the shape's properties are not apart, the hint's is. */
	if (hint < rt->nslots) {
		const struct slot *s = sm__slot_at(rt, hint);
		if (!rt->apart ||
		    (s->phase != SM__FREE && sm__slot_key_agrees(rt, s, key)))
			return hint;
	}
	if (!rt->cap)
		return sm__instance_new(eng, rt, key, hash, w);
	const uint32_t *table = rt->table;
	size_t mask = rt->cap - 1;
	uint32_t tag = sm__cell_tag(rt->cap);
	for (size_t at = hash & mask; table[at]; at = (at + 1) & mask) {
		uint32_t cell = table[at], i = (cell & ~tag) - 1;
		if ((cell & tag) == (hash & tag) && sm__slot_key_agrees(rt, sm__slot_at(rt, i), key))
			return i;
	}
	return sm__instance_new(eng, rt, key, hash, w);
}

/* Some property of rt's shape reclaimed or refused an instance: they are
 * all apart. */
void sm__set_apart(struct sm__engine *eng, const struct prop_rt *rt);
/* Variables at their initial values, clocks started now (unknown without
 * a `ts`): when an instance is created, starts watching or restarts. */
void sm__fresh_memory(const struct prop_rt *rt, struct slot *s, const struct sm__where *w);
/* The instances that agree with a partial key, in creation order: walk
 * with `for (c = sm__agreeing(...); c.at; c.at = c.next[c.at - 1])`, a slot
 * index + 1 at a time.  Valid until the next instance is created. */
struct chain {
	const uint32_t *next;
	uint32_t at;
};
struct chain sm__agreeing(struct prop_rt *rt, const struct sm__value *key);
/* The slots of the instances in creation order: a malloc'd array of *n,
 * or NULL when it is slot order (0 .. nslots, *n = nslots, some FREE). */
uint32_t *sm__creation_order(const struct prop_rt *rt, size_t *n);
/* Clear every slot's stamp: the property's count of instants ran out. */
void sm__clear_stamps(struct prop_rt *rt);
void sm__strings_free(struct sm__engine *eng);
/* Reclamation (DESIGN.md §2.5): whether p's instances may be reclaimed at
 * all; an instance that has just stepped or missed a deadline; the end of
 * an instant; the property's stamps about to be cleared. */
bool sm__may_reclaim(const struct sm__ir *ir, const struct sm__ir_prop *p);
void sm__consider_unqueued(struct sm__engine *eng, const struct sm__instance *inst);
static inline void sm__consider(struct sm__engine *eng, const struct sm__instance *inst)
{
	/* queued: its turn comes, then it is looked at as it is */
	if (inst->rt->considers && !inst->s->queued)
		sm__consider_unqueued(eng, inst);
}
void sm__reclaim_due(struct sm__engine *eng);
void sm__restamp_candidates(struct sm__engine *eng, const struct prop_rt *rt);

/* ---- engine.c: instants, dispatch, history ---- */

/* The place of a record, and back (without its losses). */
struct sm__place sm__place_of(struct sm__engine *eng, const struct sm__where *w);
struct sm__where sm__where_of(const struct sm__engine *eng, const struct sm__place *p);
/* The seq of the instance's last step, or 0 when the log no longer holds it. */
uint64_t sm__last_step(const struct sm__engine *eng, const struct sm__instance *inst);
/* The origin of the steps shown at tick `it` of the instant: its values
 * copied into the journal, its place and event into the step log's origins,
 * at its first use (the ticks of an instant no step shows are never copied).
 * Always inlined where each instant comes (the direct instant's first
 * step: the call cost W1 28 instructions an instant); sm__journal_first
 * is the same out of line, for the rest. */
__attribute__((always_inline)) static inline uint32_t sm__journal_first_here(struct sm__engine *eng,
									   int it)
{
	struct itick *t = &eng->itick[it];
	uint64_t record = sm__journal_add(&eng->journal, t->event, t->slots, t->nfields);
	t->journaled = true;
	t->origin = sm__steplog_origin(&eng->log, &eng->place, record, t->event);
	return t->origin;
}

uint32_t sm__journal_first(struct sm__engine *eng, int it);

/* The origin of tick `it`, copied in first if need be. */
static inline uint32_t sm__origin_of(struct sm__engine *eng, int it)
{
	const struct itick *t = &eng->itick[it];
	return t->journaled ? t->origin : sm__journal_first(eng, it);
}

/* The instance's history is its own from now on (engine.c): it, or the
 * instances in its slot that shared its steps, steps apart. */
void sm__unshare(struct sm__engine *eng, const struct sm__instance *inst);

/* The instance's step in this instant, into its history, shown at tick it.
 * Inline: every step of every instance comes here. */
__attribute__((always_inline)) static inline void
sm__remember(struct sm__engine *eng, const struct sm__instance *inst, int it, int from, int to)
{
	if (!eng->history)
		return; /* --history 0: no log at all */
	struct slot *s = inst->s;
	if (__builtin_expect(s->shared || s->keeps, 0))
		sm__unshare(eng, inst); /* the step is its own */
	struct sm__step step = {.origin = sm__origin_of(eng, it), .prop = inst->rt->index,
				.slot = inst->at, .from = (int16_t)from, .to = (int16_t)to};
	s->last_step = (uint32_t)sm__steplog_add(&eng->log, s->last_step, step);
}
/* A violation of the instance in this instant, shown at tick it. */
void sm__violation(struct sm__engine *eng, const struct sm__instance *inst, int it,
		   const struct sm__where *w, bool ta, bool tb);

/* Does tick t address the instance: its whole key's, or a partial key it
 * agrees with? */
static inline bool sm__hits(const struct tick *t, const struct sm__instance *inst)
{
	return t->whole ? t->target == inst->at : sm__slot_key_agrees(inst->rt, inst->s, t->key);
}

/* The first of the property's ticks for `event` in this instant, or -1. */
static inline int sm__first_tick(const struct sm__engine *eng, int event)
{
	if (event < 0 || eng->ticked[event] != eng->instant)
		return -1;
	int at = eng->tick_at[event];
	if (at < 0 || (size_t)at >= eng->nticks || eng->tick[at].event != event)
		return -1; /* ticks, but not in this property's alphabet */
	return at;
}

/* The first tick of `event` in this instant that addresses the instance
 * (of the same event's, the first record's wins), or NULL. */
static inline const struct tick *sm__addressing(const struct sm__engine *eng, int event,
						const struct sm__instance *inst)
{
	for (int at = sm__first_tick(eng, event); at >= 0; at = eng->tick[at].next)
		if (sm__hits(&eng->tick[at], inst))
			return &eng->tick[at];
	return NULL;
}

/* ---- relation.c ---- */

void sm__step_relation(struct sm__engine *eng, const struct sm__instance *inst,
		       const struct sm__where *w);
/* A relation between two events, no clock expression (`a alternatesWith
 * b`): most are, and they step without evaluating clocks. */
bool sm__relation_plain(const struct sm__ir_prop *p);
/* A plain relation reached by one tick (of `event`, the instant's tick
 * `it`), which addresses the instance: whether it is a's or b's says all,
 * no clock is evaluated.  The common step, inline: engine.c takes every
 * property of the common instant here. */
static inline void sm__step_plain(struct sm__engine *eng, const struct sm__instance *inst,
				  int event, int it, const struct sm__where *w)
{
	struct prop_rt *rt = inst->rt;
	bool ta = rt->plain_a == event, tb = rt->plain_b == event;
	rt->steps++;
	if (!sm__relation_allows(rt->ir, inst->s->state, ta, tb)) {
		/* The instant is ignored for the instance. */
		sm__violation(eng, inst, it, w, ta, tb);
		sm__remember(eng, inst, it, SM__HIST_VIOLATION, SM__HIST_VIOLATION);
		return;
	}
	inst->s->state += (int64_t)ta - (int64_t)tb;
	sm__slot_set_last(eng, inst->s);
	sm__remember(eng, inst, it, -1, -1);
}
/* A `within` instance's obligations; the oldest met or missed; its
 * deadline, the oldest's. */
struct obligations *sm__obligations(const struct sm__instance *inst);
void sm__obligation_close(struct obligations *o);
void sm__arm_within(struct sm__engine *eng, const struct sm__instance *inst);

/* ---- automaton.c ---- */

void sm__step_automaton(struct sm__engine *eng, const struct sm__instance *inst,
			const struct sm__where *w);
/* The move a running instance makes in this instant, which depends on its
 * state only unless guards read its memory (broadcast_keyless's memo). */
struct move sm__automaton_move(const struct sm__engine *eng, const struct sm__instance *inst,
			       const struct sm__where *w);
void sm__apply_move(struct sm__engine *eng, const struct sm__instance *inst, struct move mv,
		    const struct sm__where *w);
void sm__after_violation(const struct sm__instance *inst, const struct sm__where *w);
/* The deadline of the invariant of the state the instance is in, after w. */
void sm__arm_invariant(struct sm__engine *eng, const struct sm__instance *inst,
		       const struct sm__where *w);

/* ---- time.c: deadlines ---- */

void sm__deadline_set(struct sm__engine *eng, const struct sm__instance *inst, int64_t at);
void sm__deadline_clear(struct sm__engine *eng, const struct sm__instance *inst);
/* The instance's pending deadline: true and *at when there is one. */
bool sm__deadline_of(const struct sm__engine *eng, const struct sm__instance *inst, int64_t *at);
int64_t sm__add_saturating(int64_t t, int64_t d);
/* Every deadline before input time `where` is missed (reported by by). */
void sm__pass_deadlines(struct sm__engine *eng, const struct sm__where *where,
			enum sm__passed_by by);

#endif
