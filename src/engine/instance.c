/*
 * instance.c: where instances live (DESIGN.md §2.5, §5).  A property keeps
 * its instances in fixed-size slots (engine_private.h: struct slot, struct
 * layout) in chunks that are allocated once and never move, so an index or
 * a pointer to a slot stays valid for the instance's life; its table of
 * keys maps a whole key to a slot's index.  Nothing is allocated per
 * instance: a chunk every SM__CHUNK_SLOTS instances, the table when it
 * doubles, and a string key the first time it is seen (strings are
 * interned engine-wide, so every key field is one word).
 */
#include "engine_private.h"

#include <stdlib.h>
#include <string.h>

/* ---- interned strings ---- */

static void strings_grow(struct sm__engine *eng)
{
	size_t ncap = eng->capstrings ? eng->capstrings * 2 : 64;
	struct istr **t = sm__xcalloc(ncap, sizeof *t);
	for (size_t k = 0; k < eng->capstrings; k++) {
		struct istr *i = eng->strings[k];
		if (!i)
			continue;
		size_t at = i->hash & (ncap - 1);
		while (t[at])
			at = (at + 1) & (ncap - 1);
		t[at] = i;
	}
	free(eng->strings);
	eng->strings = t;
	eng->capstrings = ncap;
}

static struct sm__str istr_text(const struct istr *i)
{
	return (struct sm__str){i->text, i->len};
}

/* The one copy of s, made the first time it is seen; the caller holds it
 * until release. */
static const struct istr *intern(struct sm__engine *eng, struct sm__str s)
{
	if ((eng->nstrings + 1) * 2 > eng->capstrings)
		strings_grow(eng);
	uint64_t h = sm__hash_bytes(s.ptr, s.len);
	size_t at = h & (eng->capstrings - 1);
	for (struct istr *i; (i = eng->strings[at]); at = (at + 1) & (eng->capstrings - 1)) {
		if (i->hash == h && sm__str_eq_str(istr_text(i), s)) {
			i->refs++;
			return i;
		}
	}
	struct istr *i = sm__xmalloc(sizeof *i + s.len);
	i->hash = h;
	i->len = s.len;
	i->refs = 1;
	if (s.len)
		memcpy(i->text, s.ptr, s.len);
	eng->strings[at] = i;
	eng->nstrings++;
	return i;
}

/*
 * Take cell `at` out of an open-addressing table of linear probing without
 * leaving a hole in a probe sequence: each later cell of the run moves back
 * into the hole unless its home lies (cyclically) between the hole and it
 * (Knuth's Algorithm R, TAOCP 6.4).  Cells are `size` bytes; home(ctx, cell)
 * is the hash that placed it.
 */
static void unprobe(void *table, size_t size, size_t cap, size_t at, const void *ctx,
		    size_t (*home)(const void *ctx, const void *cell),
		    bool (*empty)(const void *cell))
{
	char *t = table;
	size_t mask = cap - 1;
	for (size_t next = (at + 1) & mask; !empty(t + next * size); next = (next + 1) & mask) {
		if (((next - home(ctx, t + next * size)) & mask) < ((next - at) & mask))
			continue; /* its home is between the hole and it: it stays */
		memcpy(t + at * size, t + next * size, size);
		at = next;
	}
	memset(t + at * size, 0, size);
}

static size_t string_home(const void *ctx, const void *cell)
{
	(void)ctx;
	return (*(struct istr *const *)cell)->hash;
}

static bool string_empty(const void *cell)
{
	return !*(struct istr *const *)cell;
}

/* An instance's key lets go of a string: the last one frees it. */
static void release(struct sm__engine *eng, const struct istr *str)
{
	size_t mask = eng->capstrings - 1, at = str->hash & mask;
	while (eng->strings[at] != str)
		at = (at + 1) & mask;
	if (--eng->strings[at]->refs)
		return;
	free(eng->strings[at]);
	eng->nstrings--;
	unprobe(eng->strings, sizeof *eng->strings, eng->capstrings, at, NULL, string_home,
		string_empty);
}

void sm__strings_free(struct sm__engine *eng)
{
	for (size_t k = 0; k < eng->capstrings; k++)
		free(eng->strings[k]);
	free(eng->strings);
}

/* ---- keys in slots ---- */

static void write_key(struct sm__engine *eng, const struct prop_rt *rt, struct slot *s,
		      const struct sm__value *key)
{
	uint64_t *words = sm__slot_keys(s);
	s->kinds = 0;
	for (size_t k = 0; k < rt->ir->nkeys; k++) {
		enum key_kind kind = key[k].hex ? SM__KEY_HEX : SM__KEY_INT;
		if (key[k].kind == SM__VAL_STR) {
			kind = SM__KEY_STR;
			words[k] = (uint64_t)(uintptr_t)intern(eng, key[k].s);
		} else {
			words[k] = (uint64_t)key[k].i;
		}
		s->kinds |= (uint32_t)kind << (2 * k);
	}
}

/* The values of the key fields in `fields` (bit k: field k), the others none. */
static void key_values(const struct prop_rt *rt, const struct slot *s, uint32_t fields,
		       struct sm__value *out)
{
	const uint64_t *words = sm__slot_keys(s);
	for (size_t k = 0; k < rt->ir->nkeys; k++) {
		enum key_kind kind = sm__key_kind(s, k);
		out[k] = (struct sm__value){.kind = SM__VAL_INT, .hex = kind == SM__KEY_HEX};
		if (!(fields >> k & 1)) {
			out[k].kind = SM__VAL_NONE;
		} else if (kind == SM__KEY_STR) {
			out[k].kind = SM__VAL_STR;
			out[k].s = istr_text((const struct istr *)(uintptr_t)words[k]);
		} else {
			out[k].i = (int64_t)words[k];
		}
	}
}

void sm__instance_keys(const struct sm__instance *inst, struct sm__value *out)
{
	if (inst->lane) {
		memcpy(out, inst->lane->keys, inst->lane->nkeys * sizeof *out);
		return;
	}
	key_values(inst->rt, inst->s, UINT32_MAX, out);
}

/* ---- slots ---- */

void sm__prop_storage_init(struct prop_rt *rt)
{
	const struct sm__ir_prop *p = rt->ir;
	struct layout *l = &rt->lay;
	size_t at = sizeof(struct slot) + p->nkeys * sizeof(uint64_t);
	if (p->kind == SM__PROP_AUTOMATON && p->has_invariants) {
		l->opened = at;
		at += sizeof(struct sm__place);
	}
	if (p->kind == SM__PROP_RELATION && p->rel == SM__REL_WITHIN) {
		l->obl = at;
		at += sizeof(struct obligations);
	}
	l->memory = at;
	at += (p->nvars + p->nclocks + p->nclock_state) * sizeof(int64_t);
	if (sm__has_deadlines(p)) {
		l->heap_at = at;
		at += sizeof(int32_t);
	}
	rt->slot_size = (uint32_t)((at + 7) & ~(size_t)7);
}

void sm__prop_storage_free(struct prop_rt *rt)
{
	for (size_t k = 0; k < rt->nix; k++) {
		free(rt->ix[k].buckets);
		free(rt->ix[k].next);
	}
	free(rt->ix);
	for (uint32_t k = 0; rt->lay.obl && k < rt->nslots; k++)
		free(((struct obligations *)sm__slot_field(sm__slot_at(rt, k), rt->lay.obl))->ring);
	for (size_t k = 0; k < rt->nchunks; k++)
		free(rt->chunks[k].block);
	free(rt->chunks);
	for (size_t k = 0; k < rt->nblocks; k++)
		free(rt->blocks[k]);
	free(rt->blocks);
	free(rt->table);
}

/* The columns of the blocks of lead's shape: one for each of its
 * properties that the engine steps (a lane keeps its instances itself),
 * side by side. */
static void shape_columns(struct sm__engine *eng, struct prop_rt *lead)
{
	for (size_t k = lead->index; k < eng->ir->nprops; k++) {
		struct prop_rt *rt = &eng->props[k];
		if (rt->shape == lead->index && !rt->lane) {
			rt->column = lead->width;
			lead->width += rt->slot_size;
		}
	}
}

/*
 * rt's next chunk.  The properties of a shape that keep in step (not
 * apart: the same key's instances in the same slots) share blocks, each in
 * its column, so that the instances of one key, which an instant steps
 * one after another, lie side by side.  With a chunk each (allocated
 * alike, one key's slots at the same offset of pages far apart), 100
 * relations on the same events spent a third of their time waiting for
 * the slot's first load, and took 1.45 times as long.  Once apart, new
 * blocks are of one property: a block is never wider than what its
 * columns had in common.
 */
static void chunk_new(struct sm__engine *eng, struct prop_rt *rt)
{
	struct prop_rt *lead = &eng->props[rt->shape];
	size_t j = rt->nchunks;
	struct slot_chunk c = {NULL, NULL, rt->slot_size};
	if (!lead->width)
		shape_columns(eng, lead);
	if (j == lead->nblocks && !rt->apart && lead->width <= UINT32_MAX) /* the first to need it */
		SM__PUSH(lead->blocks, lead->nblocks, lead->capblocks,
			 sm__xmalloc(SM__CHUNK_SLOTS * lead->width));
	if (j < lead->nblocks) { /* its column there is its own, even once apart */
		c.base = lead->blocks[j] + rt->column;
		c.stride = lead->width;
	} else {
		c.base = c.block = sm__xmalloc(SM__CHUNK_SLOTS * c.stride);
	}
	SM__PUSH(rt->chunks, rt->nchunks, rt->capchunks, c);
	rt->chunk0 = rt->chunks[0].base;
	rt->stride0 = (uint32_t)rt->chunks[0].stride;
}

/* A slot for a new instance: a reclaimed one first. */
static uint32_t slot_new(struct sm__engine *eng, struct prop_rt *rt)
{
	if (rt->free) {
		uint32_t at = rt->free - 1;
		rt->free = (uint32_t)sm__slot_at(rt, at)->state;
		rt->reused = true;
		return at;
	}
	if ((rt->nslots & (SM__CHUNK_SLOTS - 1)) == 0)
		chunk_new(eng, rt);
	return rt->nslots++;
}

void sm__fresh_memory(const struct prop_rt *rt, struct slot *s, const struct sm__where *w)
{
	const struct sm__ir_prop *p = rt->ir;
	int64_t *vars = sm__slot_memory(rt, s);
	for (size_t k = 0; k < p->nvars; k++)
		vars[k] = p->var_init[k];
	for (size_t k = 0; k < p->nclocks; k++)
		vars[p->nvars + k] = w->has_ts ? w->ts_ns : SM__CLOCK_UNKNOWN;
	s->inv_done = false;
}

/* A new instance of key, created by the instant being stepped. */
static void slot_fill(struct sm__engine *eng, const struct prop_rt *rt, struct slot *s,
		      const struct sm__value *key, uint32_t serial, const struct sm__where *w)
{
	const struct sm__ir_prop *p = rt->ir;
	memset(s, 0, rt->slot_size);
	write_key(eng, rt, s, key);
	s->state = p->kind == SM__PROP_AUTOMATON ? p->initial : 0;
	s->phase = p->kind == SM__PROP_AUTOMATON && p->start_event >= 0 ? SM__WAITING
									 : SM__RUNNING;
	sm__slot_set_last(eng, s);
	s->serial = serial;
	if (rt->lay.heap_at)
		*sm__slot_heap_at(rt, s) = -1;
	sm__fresh_memory(rt, s, w);
}

/* ---- the table of keys ---- */

/* The hash of a live instance's key, as sm__key_hash made it. */
static uint32_t slot_hash(const struct prop_rt *rt, const struct slot *s)
{
	struct sm__value key[SM__MAX_KEYS];
	key_values(rt, s, UINT32_MAX, key);
	return sm__key_hash(key, rt->ir->nkeys);
}

/* Cell `i + 1` for the key of hash h, in the first empty cell from h on. */
static void table_put(struct prop_rt *rt, uint32_t h, uint32_t i)
{
	size_t mask = rt->cap - 1, at = h & mask;
	while (rt->table[at])
		at = (at + 1) & mask;
	rt->table[at] = (h & sm__cell_tag(rt->cap)) | (i + 1);
}

/* A table of fewer cells is kept at most a quarter full, a larger one
 * three quarters: a key is then mostly in its first cell, and the probe's
 * branch is predicted (W1's 64 keys took 1.5 probes in 128 cells), for
 * 16 KB at most. */
#define SM__SPARSE_CELLS 4096

/* Slots whose hashes table_grow works out before it puts them. */
#define GROW_BATCH 16

/*
 * Twice the cells, every live instance's put again: a cell keeps too few
 * bits of its hash to be moved without its key.  Once the table outgrows
 * the caches, each put is a cache miss: the slots are put a batch at a
 * time, their cells fetched while the batch's hashes are worked out, so
 * that the misses overlap (1 M keys alive, each new: 14 % of the run was
 * these misses, one after the other).
 */
static void table_grow(struct prop_rt *rt)
{
	free(rt->table);
	rt->cap = rt->cap ? rt->cap * 2 : 16;
	rt->table = sm__xcalloc(rt->cap, sizeof *rt->table);
	for (uint32_t k = 0; k < rt->nslots; k += GROW_BATCH) {
		uint32_t hash[GROW_BATCH], slot[GROW_BATCH], n = 0;
		for (uint32_t j = k; j < rt->nslots && j < k + GROW_BATCH; j++) {
			const struct slot *s = sm__slot_at(rt, j);
			if (s->phase == SM__FREE)
				continue;
			hash[n] = slot_hash(rt, s);
			slot[n] = j;
			__builtin_prefetch(&rt->table[hash[n++] & (rt->cap - 1)], 1);
		}
		for (uint32_t j = 0; j < n; j++)
			table_put(rt, hash[j], slot[j]);
	}
}

/* ---- the partial-key indexes ---- */

/* The bucket of the instances that agree with key (hash h), or the empty
 * bucket where it would go. */
static size_t find_bucket(const struct prop_rt *rt, const struct subindex *ix,
			  const struct sm__value *key, uint32_t h)
{
	size_t mask = ix->cap - 1, at = h & mask;
	for (const struct bucket *b; (b = &ix->buckets[at])->head; at = (at + 1) & mask)
		if (b->hash == h && sm__slot_key_agrees(rt, sm__slot_at(rt, b->head - 1), key))
			break;
	return at;
}

static void buckets_grow(struct subindex *ix)
{
	size_t ncap = ix->cap ? ix->cap * 2 : 16;
	struct bucket *t = sm__xcalloc(ncap, sizeof *t);
	for (size_t k = 0; k < ix->cap; k++) {
		if (!ix->buckets[k].head)
			continue;
		size_t at = ix->buckets[k].hash & (ncap - 1);
		while (t[at].head)
			at = (at + 1) & (ncap - 1);
		t[at] = ix->buckets[k];
	}
	free(ix->buckets);
	ix->buckets = t;
	ix->cap = ncap;
}

/* Instance i joins the end of its bucket. */
static void index_add(struct prop_rt *rt, struct subindex *ix, uint32_t i)
{
	if (i >= ix->capnext) {
		size_t ncap = ix->capnext ? ix->capnext * 2 : SM__CHUNK_SLOTS;
		while (ncap <= i)
			ncap *= 2;
		ix->next = sm__xrealloc(ix->next, ncap * sizeof *ix->next);
		ix->capnext = ncap;
	}
	ix->next[i] = 0;
	if ((ix->count + 1) * 4 > ix->cap * 3)
		buckets_grow(ix);
	struct sm__value key[SM__MAX_KEYS];
	key_values(rt, sm__slot_at(rt, i), ix->fields, key);
	uint32_t h = sm__key_hash(key, rt->ir->nkeys);
	struct bucket *b = &ix->buckets[find_bucket(rt, ix, key, h)];
	if (!b->head) {
		*b = (struct bucket){i + 1, i + 1, h};
		ix->count++;
		return;
	}
	ix->next[b->tail - 1] = i + 1;
	b->tail = i + 1;
}

/* The index by these fields, built from the instances there are (in
 * creation order) the first time a partial key has just them. */
static const struct subindex *index_for(struct prop_rt *rt, uint32_t fields)
{
	for (size_t k = 0; k < rt->nix; k++)
		if (rt->ix[k].fields == fields)
			return &rt->ix[k];
	SM__PUSH(rt->ix, rt->nix, rt->capix, ((struct subindex){.fields = fields}));
	struct subindex *ix = &rt->ix[rt->nix - 1];
	size_t n;
	uint32_t *order = sm__creation_order(rt, &n);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = order ? order[k] : (uint32_t)k;
		if (sm__slot_at(rt, i)->phase != SM__FREE)
			index_add(rt, ix, i);
	}
	free(order);
	return ix;
}

struct chain sm__agreeing(struct prop_rt *rt, const struct sm__value *key)
{
	uint32_t fields = 0;
	for (size_t k = 0; k < rt->ir->nkeys; k++)
		if (key[k].kind != SM__VAL_NONE)
			fields |= 1u << k;
	const struct subindex *ix = index_for(rt, fields);
	if (!ix->count)
		return (struct chain){ix->next, 0};
	size_t at = find_bucket(rt, ix, key, sm__key_hash(key, rt->ir->nkeys));
	return (struct chain){ix->next, ix->buckets[at].head};
}

/* ---- creating instances ---- */

/* The most instances a property holds: a slot's index + 1 fits 32 bits. */
#define SM__MAX_LIVE (UINT32_MAX - 1)

void sm__set_apart(struct sm__engine *eng, const struct prop_rt *rt)
{
	if (rt->apart)
		return; /* once a shape's properties are apart, they stay so */
	for (size_t k = 0; k < eng->ir->nprops; k++)
		if (eng->props[k].shape == rt->shape)
			eng->props[k].apart = true;
}

static bool refuse(struct sm__engine *eng, struct prop_rt *rt, const struct sm__where *w)
{
	if (rt->count < SM__MAX_LIVE && (!eng->max_instances || rt->count < eng->max_instances))
		return false;
	if (rt->stats.refused++ == 0 && eng->hooks.refused)
		eng->hooks.refused(eng->hooks.ud, rt->ir, w);
	sm__set_apart(eng, rt);
	return true;
}

/*
 * The serial of a new instance of a property that reclaims: instances are
 * listed in creation order (sm__creation_order), which the slots' order is
 * not once a slot is reused.  32 bits: when they run out, the live
 * instances are numbered again from 0 in the order they have.
 */
static uint32_t next_serial(struct prop_rt *rt)
{
	if (rt->serial == UINT32_MAX) {
		size_t n;
		uint32_t *order = sm__creation_order(rt, &n);
		rt->serial = 0;
		for (size_t k = 0; k < n; k++) {
			struct slot *s = sm__slot_at(rt, order ? order[k] : (uint32_t)k);
			if (s->phase != SM__FREE)
				s->serial = rt->serial++;
		}
		free(order);
	}
	return rt->serial++;
}

uint32_t sm__instance_new(struct sm__engine *eng, struct prop_rt *rt, const struct sm__value *key,
			  uint32_t h, const struct sm__where *w)
{
	if (refuse(eng, rt, w))
		return SM__REFUSED;
	if ((rt->count + 1) * 4 > rt->cap * (rt->cap < SM__SPARSE_CELLS ? 1 : 3))
		table_grow(rt);
	uint32_t serial = rt->reclaims ? next_serial(rt) : 0;
	uint32_t i = slot_new(eng, rt);
	slot_fill(eng, rt, sm__slot_at(rt, i), key, serial, w);
	for (size_t k = 0; k < rt->nix; k++)
		index_add(rt, &rt->ix[k], i);
	if (sm__has_deadlines(rt->ir) && ++eng->timed_instances > eng->capheap) {
		/* the heap has room for all: arming a deadline never allocates */
		eng->capheap = eng->capheap ? eng->capheap * 2 : 16;
		eng->heap = sm__xrealloc(eng->heap, eng->capheap * sizeof *eng->heap);
	}
	table_put(rt, h, i);
	rt->count++;
	rt->stats.instances++;
	return i;
}

/* ---- reclamation ---- */

static size_t cell_home(const void *ctx, const void *cell)
{
	const struct prop_rt *rt = ctx;
	uint32_t i = (*(const uint32_t *)cell & ~sm__cell_tag(rt->cap)) - 1;
	return slot_hash(rt, sm__slot_at(rt, i));
}

static bool cell_empty(const void *cell)
{
	return !*(const uint32_t *)cell;
}

/*
 * The instance goes (the policy below says when): out of the table, its
 * strings let go, its slot on the free list.  No partial-key index has it:
 * a property stops reclaiming at its first partial key, before any index
 * is built.
 */
static void reclaim(struct sm__engine *eng, struct prop_rt *rt, uint32_t at)
{
	struct slot *s = sm__slot_at(rt, at);
	if (s->shared || s->keeps) /* those in its slot keep what it held */
		sm__unshare(eng, &(const struct sm__instance){rt, s, at, NULL});
	size_t mask = rt->cap - 1, cell = slot_hash(rt, s) & mask;
	while ((rt->table[cell] & ~sm__cell_tag(rt->cap)) != at + 1)
		cell = (cell + 1) & mask;
	unprobe(rt->table, sizeof *rt->table, rt->cap, cell, rt, cell_home, cell_empty);
	if (sm__last_is_far(s->last_at))
		sm__far_forget(eng, s);
	for (size_t k = 0; k < rt->ir->nkeys; k++)
		if (sm__key_kind(s, k) == SM__KEY_STR)
			release(eng, (const struct istr *)(uintptr_t)sm__slot_keys(s)[k]);
	eng->timed_instances -= sm__has_deadlines(rt->ir);
	sm__set_apart(eng, rt);
	s->phase = SM__FREE;
	s->state = rt->free;
	rt->free = at + 1;
	rt->count--;
	rt->stats.reclaimed++;
}

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
bool sm__may_reclaim(const struct sm__ir *ir, const struct sm__ir_prop *p)
{
	if (!p->nkeys || (p->kind == SM__PROP_AUTOMATON && p->start_event < 0 && p->nclocks))
		return false;
	for (size_t e = 0; e < ir->nevents; e++)
		for (size_t k = 0; p->alphabet[e] && k < p->nkeys; k++)
			if (p->key_slot[e * p->nkeys + k] < 0)
				return false;
	return true;
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
	if (sm__deadline_of(eng, inst, &at))
		return false;
	if (p->kind == SM__PROP_AUTOMATON && p->start_event >= 0)
		return s->phase == SM__WAITING;
	if (p->kind == SM__PROP_AUTOMATON)
		return s->phase == SM__RUNNING && s->state == p->initial && p->final[p->initial] &&
		       all_equal(memory, p->var_init, p->nvars);
	/* subclockOf, excludes and coincidesWith judge each instant alone:
	 * the count of a against b they keep is read by no verdict. */
	bool lead_read = p->rel == SM__REL_PRECEDES || p->rel == SM__REL_CAUSES ||
			 p->rel == SM__REL_ALTERNATES;
	return (!lead_read || s->state == 0) && !s->drift_warned &&
	       all_zero(memory, p->nclock_state);
}

/* Queue an instance that is not queued. */
static void candidate(struct sm__engine *eng, uint32_t prop, uint32_t slot)
{
	struct slot *s = sm__slot_at(&eng->props[prop], slot);
	s->queued = true;
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
	uint64_t due = eng->instant + SM__RECLAIM_AFTER;
	if (!eng->qlen)
		eng->next_due = due;
	eng->queue[(eng->qhead + eng->qlen++) & (eng->qcap - 1)] =
		(struct candidate){due, prop, slot, s->stamp};
}

/*
 * After a step or a missed deadline: an instance as if new is a candidate,
 * looked at again SM__RECLAIM_AFTER instants later.  It goes then if it
 * did not step meanwhile and the log no longer holds its history (so that
 * reclaiming it shows in no report, not even in a history); else, still
 * as if new, it waits again.
 */
void sm__consider_unqueued(struct sm__engine *eng, const struct sm__instance *inst)
{
	if (as_if_new(eng, inst))
		candidate(eng, inst->rt->index, inst->at);
}

/* At the end of an instant, when no instance is being stepped or reported:
 * the candidates due are looked at. */
void sm__reclaim_due(struct sm__engine *eng)
{
	while (eng->qlen && eng->queue[eng->qhead].due <= eng->instant) {
		struct candidate c = eng->queue[eng->qhead];
		eng->qhead = (eng->qhead + 1) & (eng->qcap - 1);
		eng->qlen--; /* before candidate() may push it again */
		struct sm__instance inst = sm__instance_at(&eng->props[c.prop], c.slot);
		inst.s->queued = false;
		if (!inst.rt->considers || !as_if_new(eng, &inst))
			continue; /* a step that makes it as if new queues it again */
		if (inst.s->stamp == c.stamp && !sm__last_step(eng, &inst))
			reclaim(eng, inst.rt, c.slot);
		else
			candidate(eng, c.prop, c.slot);
	}
	eng->next_due = eng->qlen ? eng->queue[eng->qhead].due : UINT64_MAX;
}

/* The property's stamps were cleared: so are its candidates', those that
 * had stepped since made never to match. */
void sm__restamp_candidates(struct sm__engine *eng, const struct prop_rt *rt)
{
	for (size_t k = 0; k < eng->qlen; k++) {
		struct candidate *c = &eng->queue[(eng->qhead + k) & (eng->qcap - 1)];
		if (c->prop == rt->index)
			c->stamp = c->stamp == sm__slot_at(rt, c->slot)->stamp ? 0 : UINT32_MAX;
	}
}

struct ordered {
	uint32_t serial;
	uint32_t slot;
};

static int by_serial(const void *a, const void *b)
{
	uint32_t x = ((const struct ordered *)a)->serial, y = ((const struct ordered *)b)->serial;
	return x < y ? -1 : x > y;
}

uint32_t *sm__creation_order(const struct prop_rt *rt, size_t *n)
{
	*n = rt->nslots;
	if (!rt->reused)
		return NULL;
	struct ordered *live = sm__xmalloc((rt->count + 1) * sizeof *live);
	*n = 0;
	for (uint32_t k = 0; k < rt->nslots; k++) {
		const struct slot *s = sm__slot_at(rt, k);
		if (s->phase != SM__FREE)
			live[(*n)++] = (struct ordered){s->serial, k};
	}
	qsort(live, *n, sizeof *live, by_serial);
	uint32_t *order = sm__xmalloc((*n + 1) * sizeof *order);
	for (size_t k = 0; k < *n; k++)
		order[k] = live[k].slot;
	free(live);
	return order;
}

void sm__clear_stamps(struct prop_rt *rt)
{
	for (uint32_t k = 0; k < rt->nslots; k++)
		sm__slot_at(rt, k)->stamp = 0;
}
