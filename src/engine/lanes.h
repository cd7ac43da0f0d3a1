/*
 * lanes.h: the concurrent path of sm_emit (DESIGN.md §4).  A monitor fed by
 * sm_emit hands the properties that can be stepped without the engine's
 * shared scratch state to "lanes": relations between events or stateless
 * clock expressions (union, intersection, minus) other than `within`, and
 * automata without variables, clocks, invariants or `start`, whose events
 * carry the whole key.  Their instances live in a table striped by key
 * hash, each stripe under its own spin lock, so that threads emitting for
 * different keys rarely meet; a global property's one instance is found
 * without a lookup, and a one-field integer key that a thread met before
 * in a cache of its own.  Event counts are kept per thread.  Stepping an
 * existing instance allocates nothing; creating one takes a reclaimed
 * one's room, or allocates (and may grow its stripe's table).  An
 * instance back in its idle state is reclaimed later (DESIGN.md §2.5), its
 * room reused once no emit can be on it.  Violations are handed to a hook
 * with a copy of what the report needs, after the stripe's lock is
 * released.
 */
#ifndef SM_LANES_H
#define SM_LANES_H

#include "engine.h"

/* For sm_site: sm__lanes_emit_site reads a site and its values in place,
 * as sm_emit_site (SM_EMIT) gives them, with no copy made per emit. */
#include <specmon/specmon.h>

struct sm__lanes;

struct sm__lane_hooks {
	void (*violation)(void *ud, const struct sm__violation *v);
	/* --max-instances refused a new instance of p for the first time. */
	void (*refused)(void *ud, const struct sm__ir_prop *p, const struct sm__where *w);
	/* An emit lacked a key field of p after `reclaimed` of its instances
	 * were reclaimed (DESIGN.md §2.5): p reclaims no more. */
	void (*late_partial)(void *ud, const struct sm__ir_prop *p, uint64_t reclaimed,
			     const struct sm__where *w);
	/* Reclaiming p's instances needs membarrier(2), which the kernel
	 * refused, and more than one thread may emit: p reclaims none. */
	void (*no_reclaim)(void *ud, const struct sm__ir_prop *p);
	void *ud;
};

/* Reclaiming (lanes.c, struct reclaim): a thread looks at the instances
 * it queued as idle once it has SM__RECLAIM_QUEUE queued (more, up to
 * SM__RECLAIM_MOST, where reclaimed keys come back soon), the oldest
 * SM__RECLAIM_BATCH at a time. */
#define SM__RECLAIM_QUEUE 65536u
#define SM__RECLAIM_MOST (1u << 22)
#define SM__RECLAIM_BATCH 1024u
/* Tests only: when not 0, the queue of a thread's first sweep instead of
 * SM__RECLAIM_QUEUE (a short one makes reclaiming race the other
 * threads' steps all the time).  Read when a thread makes its queue. */
extern unsigned sm__reclaim_queue_test;
/* Tests only: when true, membarrier(2) is taken as refused (an old kernel,
 * a seccomp filter). */
extern bool sm__membarrier_refused_test;

struct sm__lane_options {
	uint64_t max_instances; /* per property; 0: no limit */
	bool coverage;          /* count edge hits */
	unsigned history;       /* steps a report shows (0: none kept) */
	bool one_thread;        /* the caller emits from one thread at a time:
				 * plain loads and stores instead of CAS */
};

/* Lanes for the properties of ir that fit them: their plans only. */
struct sm__lanes *sm__lanes_new(const struct sm__ir *ir, struct sm__lane_options opt,
				struct sm__lane_hooks hooks);
/* Their instance tables and counts, before the first emit (once, by one
 * thread): a monitor that reads inputs never uses them, and they are 64 KB
 * a property. */
void sm__lanes_start(struct sm__lanes *l);
void sm__lanes_free(struct sm__lanes *l);
/* Does property k step in the lanes? */
bool sm__lanes_has(const struct sm__lanes *l, size_t prop);
/* One instant of source event `event` with its slots (any thread); seen:
 * bit f, field f (the first 64) has a value. */
void sm__lanes_emit(struct sm__lanes *l, int event, const struct sm__value *slots,
		    uint64_t seen, const struct sm__where *w);
/*
 * The fast path of an emit through a call site (sm_site): the values stay
 * in the caller's array, read in place; no slots are filled unless a
 * violation is reported.  Value k's integer is at i + k * stride, its
 * string (NULL: an integer) at s + k * stride; arg_of[f]: the value of
 * declared field f (-1: none given).
 */
struct sm__emit_vals {
	const char *i, *s;
	size_t stride, n;
	const int *field;          /* per value: its field */
	const signed char *arg_of; /* per declared field */
};

/* Can an emit of the event take sm__lanes_emit_vals?  When no derived
 * event can tick with it and no lane it reaches reads a value but its key
 * (relations; automata without guards on its edges), and it has at most
 * 16 fields; then *key_fields: bit f, declared field f is some key's. */
bool sm__lanes_fast(const struct sm__lanes *l, int event, uint64_t *key_fields);
/* One instant of the event, its values in place (every key field given);
 * seen as for sm__lanes_emit.  Returns whether it made a violation. */
bool sm__lanes_emit_vals(struct sm__lanes *l, int event, const struct sm__emit_vals *v,
			 uint64_t seen, int64_t ts_ns);
/*
 * The way in of an emit through a site (sm_emit_vals, sm_emit_site) that
 * sm__lanes_emit_vals could take (the site gives every key field): the
 * site, and the caller's values in place as in struct sm__emit_vals (value
 * k's integer at i + k * stride, its string at s + k * stride); nothing is
 * copied to describe them.  When the event steps one relation whose
 * instance exists and allows the step, on a thread with its own row, it is
 * done here, with the same effects; any other emit goes on to
 * sm__lanes_emit_vals.  Returns as it.
 */
bool sm__lanes_emit_site(struct sm__lanes *l, const sm_site *site, const char *i, const char *s,
			 size_t stride, int64_t ts_ns);
/* Totals so far, summed over threads: events emitted, and per event (NULL:
 * not wanted) how many times it was emitted. */
uint64_t sm__lanes_events(const struct sm__lanes *l, uint64_t *per_event);
/* Fields (bit f: declared field f, the first 64) that some emit of the
 * event carried; whether the (source or derived) event ever ticked. */
uint64_t sm__lanes_fields_seen(const struct sm__lanes *l, int event);
bool sm__lanes_ticked(const struct sm__lanes *l, int event);
/* At the end (no emit running): the lane instances that are not satisfied,
 * in creation order per property, and a property's statistics. */
void sm__lanes_pending(struct sm__lanes *l, void (*fn)(void *ud, const struct sm__pending *p),
		       void *ud);
void sm__lanes_stats(const struct sm__lanes *l, size_t prop, struct sm__prop_stats *out);
/* Coverage: the lane's edge hits added to hits (one per edge). */
void sm__lanes_edge_hits(const struct sm__lanes *l, size_t prop, uint64_t *hits);

#endif
