/*
 * engine.h: the monitors.  The engine receives instants (the events one
 * record produced, with their field values), works out which derived events
 * tick, finds or creates the instance of each interested property (JavaMOP's
 * parametric dispatch, DESIGN.md §2.5) and steps it: a transition-table
 * lookup for automata, a counter update for relations.  Stepping does not
 * allocate, but to open a `within` obligation (its instance's ring) and
 * to grow the queue of instances to reclaim; creating an instance may
 * (a chunk of slots, the table).  Violations go to a callback.
 */
#ifndef SM_ENGINE_H
#define SM_ENGINE_H

#include "ir.h"
#include "journal.h"

/* Events an input lost before a record (ring buffer overruns), for
 * reports: verdicts after a loss may be wrong. */
struct sm__loss {
	uint64_t places;     /* loss notes seen */
	uint64_t first_line; /* the first of them */
	uint64_t events;     /* events they counted */
	bool some_unknown;   /* some note did not say how many */
};

/* Where an instant came from, for reports.  The engine passes it through. */
struct sm__where {
	const char *input; /* "trace.txt", "-" */
	uint64_t lineno;
	bool has_ts;
	uint8_t ts_digits;
	int64_t ts_ns;
	const struct sm__loss *loss; /* the input's losses so far; NULL: none */
};

/* One source event recognised in a record, with its slot values. */
struct sm__match {
	int event;
	const struct sm__value *slots;
};

struct sm__instance;

/* A step in an instance's history, as reports read it: where, and the
 * record's event in the journal (sm__engine_record), formatted only when a
 * report shows it.  The engine keeps steps compactly (steplog.h). */
struct sm__hist_entry {
	struct sm__where where;
	uint64_t record;     /* journal reference */
	const struct sm__journal_rec *rec; /* or the values themselves (lanes.c), or NULL */
	int32_t event;
	int16_t from, to;    /* automata: states (from -1: a '*' edge), or: */
};

enum sm__hist_mark {
	SM__HIST_VIOLATION = -2, /* to: the step was a violation */
	SM__HIST_STARTED = -3,   /* from: `start on` began watching (to: initial) */
};

/* A deadline that input time passed (an invariant, a `within` obligation).
 * By the wall clock (live input), where names the last record with a ts
 * and where->ts_ns is the trace time the wall clock had reached. */
enum sm__passed_by {
	SM__PASSED_BY_RECORD, /* the `ts` of a record (where) */
	SM__PASSED_BY_IDLE,   /* live: the wall clock while the input was idle */
	SM__PASSED_AT_END,    /* live: the wall clock at the end of input */
};

struct sm__miss {
	int64_t deadline;               /* the last time allowed, ns */
	const struct sm__where *opened; /* the record that set it */
	enum sm__passed_by by;
};

struct sm__violation {
	const struct sm__ir_prop *prop;
	const struct sm__instance *inst;
	int event;                       /* the event the report shows */
	const struct sm__value *slots;   /* its values */
	const struct sm__where *where;
	int state;                       /* automata: the state it was in */
	int64_t lead;                    /* relations: ticks of a minus b before */
	bool ta, tb;                     /* relations: which side ticked */
	const struct sm__miss *miss;     /* a missed deadline (event -1), or NULL */
};

struct sm__pending {
	const struct sm__ir_prop *prop;
	const struct sm__instance *inst;
};

struct sm__engine_hooks {
	void (*violation)(void *ud, const struct sm__violation *v);
	/* --max-instances refused a new instance of p for the first time. */
	void (*refused)(void *ud, const struct sm__ir_prop *p, const struct sm__where *w);
	void *ud;
	/* The counts under an inf/sup node of an instance drifted more than
	 * SM__CLOCK_DRIFT_LIMIT apart, for the first time (NULL: not told). */
	void (*drift)(void *ud, const struct sm__ir_prop *p, const struct sm__instance *inst,
		      const struct sm__clock_node *node, const struct sm__where *w);
	/* An event that lacks a key field's value reached p for the first
	 * time after `reclaimed` of its instances were reclaimed: those it
	 * does not reach (DESIGN.md §2.5; NULL: not told). */
	void (*late_partial)(void *ud, const struct sm__ir_prop *p, uint64_t reclaimed,
			     const struct sm__where *w);
};

struct sm__engine;

struct sm__engine *sm__engine_new(const struct sm__ir *ir, unsigned history,
				  uint64_t max_instances, struct sm__engine_hooks hooks);
void sm__engine_free(struct sm__engine *eng);
/* Process one instant; matches share the instant (CCSL coincidence).  n
 * may be 0: a record that is no event still tells the time (deadlines). */
void sm__engine_instant(struct sm__engine *eng, const struct sm__match *m, size_t n,
			const struct sm__where *where);
/* Input time is now where->ts_ns: every deadline before it is missed. */
void sm__engine_advance(struct sm__engine *eng, const struct sm__where *where,
			enum sm__passed_by by);
/* The earliest pending deadline: true and *at when there is one (input
 * time past *at misses it).  Live input waits for it by the wall clock. */
bool sm__engine_next_deadline(const struct sm__engine *eng, int64_t *at);
/* Records without a `ts` pass no deadline, and clocks are unknown at
 * them: how many there were (counted when the spec has deadlines or
 * clocks). */
uint64_t sm__engine_untimed(const struct sm__engine *eng);
/* End of input: call fn for each instance that is not satisfied. */
void sm__engine_pending(struct sm__engine *eng,
			void (*fn)(void *ud, const struct sm__pending *p), void *ud);

/* Reading instances, for reports (an instance handed to a hook or to the
 * pending callback is valid during the call). */
/* The key's values, nkeys of them, into out. */
void sm__instance_keys(const struct sm__instance *inst, struct sm__value *out);
int64_t sm__instance_state(const struct sm__instance *inst);
/* The instance's pending deadline: true and *at when there is one. */
bool sm__instance_deadline(const struct sm__engine *eng, const struct sm__instance *inst,
			   int64_t *at);
/* The record that created or last stepped the instance (without losses). */
struct sm__where sm__instance_last(const struct sm__engine *eng, const struct sm__instance *inst);
/* History: the instance's last `history` steps that the engine's step log
 * still holds, oldest first, in *out (valid until the next call); returns
 * how many.  *cut: fewer than `history`, as the log let earlier steps go
 * (it is shared by all instances and bounded). */
size_t sm__instance_history(struct sm__engine *eng, const struct sm__instance *inst,
			    const struct sm__hist_entry **out, bool *cut);
/* The event of a history entry with its values, or NULL when the journal no
 * longer holds them (then only h->event is known); valid until the next call. */
const struct sm__journal_rec *sm__engine_record(struct sm__engine *eng,
						const struct sm__hist_entry *h);

struct sm__prop_stats {
	uint64_t steps;             /* instance steps taken (vacuity: 0) */
	uint32_t keys_carried;      /* bit k: some event carried key field k */
	uint64_t instances;         /* created (a key reclaimed and back counts again) */
	uint64_t violations, pending, refused;
	uint64_t reclaimed;         /* instances reclaimed (DESIGN.md §2.5) */
	uint64_t ticks_a, ticks_b;  /* relations */
	const uint64_t *edge_hits;  /* automata: per edge */
	uint64_t unknown_actions;   /* assignments without a value: variable kept */
	uint64_t dropped;           /* `within`: obligations beyond the cap, not kept */
	uint64_t untimed;           /* `within`: openers without a `ts`, not kept */
	uint64_t coincident;        /* ticks of an event that addressed an instance
				     * its earlier tick in the instant had: not seen */
};
void sm__engine_stats(const struct sm__engine *eng, size_t prop, struct sm__prop_stats *out);
/* Property k is stepped by the lanes (lanes.h), not by the engine; at the
 * end, what the lanes counted is added (ticked: per event, whether it
 * ticked in the lanes; NULL: none), and the lanes add their edge hits to
 * the engine's array. */
void sm__engine_hand_over(struct sm__engine *eng, size_t prop);
void sm__engine_add_lane(struct sm__engine *eng, size_t prop, const struct sm__prop_stats *st,
			 const bool *ticked);
uint64_t *sm__engine_edge_hits(struct sm__engine *eng, size_t prop);
/* Did the event (source or derived) tick in some instant? */
bool sm__engine_ever_ticked(const struct sm__engine *eng, int event);

/* "name(f=v, g=w)" for an event's declared fields; keys of `skip` left out. */
void sm__format_event(struct sm__buf *b, const struct sm__ir_event *ev,
		      const struct sm__value *slots, const struct sm__ir_prop *skip);
void sm__format_value(struct sm__buf *b, struct sm__value v);
void sm__format_time(struct sm__buf *b, const struct sm__where *w);

#endif
