/*
 * report.h: the reporters.  They turn violations, pending instances,
 * skipped lines and the final counts into text (DESIGN.md §3: the first line
 * `FILE:LINE: TIME violation of PROPERTY[KEY]: ...`, then what was allowed
 * and the history) or into JSON Lines (--json).
 */
#ifndef SM_REPORT_H
#define SM_REPORT_H

#include "engine.h"

/* Reports are written into buffers; the caller decides where they go. */
struct sm__reporter {
	const struct sm__ir *ir;
	struct sm__engine *engine;
	bool json, coverage;
};

/* Write the report of a violation into b (text or JSON, with newline). */
void sm__report_violation(const struct sm__reporter *r, const struct sm__violation *v,
			  struct sm__buf *b);
void sm__report_pending(const struct sm__reporter *r, const struct sm__pending *p,
			struct sm__buf *b);
void sm__report_skipped(const struct sm__reporter *r, const char *input, uint64_t line,
			size_t column, const char *why, struct sm__buf *b);

/*
 * A warning: something that did not break the spec but leaves a verdict
 * weaker than it looks (DESIGN.md §2.6: nothing passes silently).  It is
 * placed in an input (input set), or else in the spec (spec.src set).
 */
struct sm__warning {
	const char *kind;    /* JSON "kind": "unmatched-event", "loss", ... */
	const char *input;   /* NULL: not about an input line */
	uint64_t line;       /* 0: the whole input */
	struct sm__loc spec;
	struct sm__str property, event, field, suggestion; /* len 0: none */
	bool has_count;
	uint64_t count;      /* "loss": the events lost, when known */
	const char *message;
};
void sm__report_warning(const struct sm__reporter *r, const struct sm__warning *w,
			struct sm__buf *b);
/* Where the stages hand their warnings (the public API prints and counts
 * them); fails_strict: the warning fails the run under --strict. */
typedef void sm__warn_fn(void *ud, const struct sm__warning *w, bool fails_strict);
/* The warning that --max-instances (max) refused a new instance of p, the
 * first time it did, at `where`; handed to warn. */
void sm__warn_refused(const struct sm__ir_prop *p, const struct sm__where *where, uint64_t max,
		      sm__warn_fn *warn, void *ud);
/* An event without a whole key reached p after `reclaimed` of its
 * instances were reclaimed, which it therefore did not reach. */
void sm__warn_late_partial(const struct sm__ir_prop *p, uint64_t reclaimed,
			   const struct sm__where *where, sm__warn_fn *warn, void *ud);
/* p's instances are never reclaimed: membarrier(2) was refused. */
void sm__warn_no_reclaim(const struct sm__ir_prop *p, sm__warn_fn *warn, void *ud);
/* An inf/sup node's counts drifted past SM__CLOCK_DRIFT_LIMIT (once per instance). */
void sm__warn_drift(const struct sm__ir_prop *p, const struct sm__clock_node *node,
		    const struct sm__where *where, sm__warn_fn *warn, void *ud);

/* Assignments of p that had no value (they kept their variables), at the end. */
void sm__warn_unknown_actions(const struct sm__ir_prop *p, uint64_t n, sm__warn_fn *warn,
			      void *ud);

/* Ticks of an event that addressed an instance its earlier tick in the
 * same instant had (option instants = timestamp): the first record's won. */
void sm__warn_coincident(const struct sm__ir_prop *p, uint64_t n, sm__warn_fn *warn, void *ud);
/* `within` obligations of p not kept: beyond the cap, or opened without a ts. */
void sm__warn_obligations(const struct sm__ir_prop *p, const struct sm__prop_stats *st,
			  sm__warn_fn *warn, void *ud);
/* Records without a `ts` in a spec with deadlines: they passed none. */
void sm__warn_untimed(uint64_t n, sm__warn_fn *warn, void *ud);

/*
 * Pieces of the text reports, for the HTML page (html.c), which says the
 * same things in the same words: plain text, which the page escapes.
 */
/* The first line of a violation's report (DESIGN.md §3), without newline. */
void sm__report_headline(const struct sm__reporter *r, const struct sm__violation *v,
			 struct sm__buf *b);
/* "spec.sm:14" for a location in a spec or model (nothing for none). */
void sm__report_spec_place(struct sm__buf *b, struct sm__loc loc);
/* "device_init[dev=1, vq=0]" */
void sm__report_instance(struct sm__buf *b, const struct sm__ir_prop *p,
			 const struct sm__instance *inst);
/* The edges an automaton allows in a state, as indexes into p->edges (out
 * has room for p->nedges): its own, or where it has none the '*' ones. */
size_t sm__report_allowed_edges(const struct sm__ir_prop *p, int state, int *out);
/* "set_status when status == 0x1" */
void sm__report_edge_text(struct sm__buf *b, const struct sm__ir *ir,
			  const struct sm__ir_edge *e);
/* The sides (as written) a relation would accept now, alone in an instant,
 * after `lead` (ticks of a less those of b); out has room for 2. */
size_t sm__report_allowed_clocks(const struct sm__ir_prop *p, int64_t lead,
				 struct sm__str *out);
/* What was allowed when nothing was, in words: for an automaton "nothing (no
 * edge leaves this state)"; for a relation "nothing", or "both together"
 * (coincidesWith: its sides only in the same instant). */
const char *sm__report_nothing_allowed(const struct sm__ir_prop *p);
/* A history entry's event with its values (key fields left out), or with
 * "..." when the journal has written over them. */
void sm__report_history_event(struct sm__buf *b, const struct sm__reporter *r,
			      const struct sm__ir_prop *p, const struct sm__hist_entry *h);
/* What a history entry did to the instance, in words ("acked -> driver",
 * "violation, ignored"), after sep; nothing for a relation's ordinary step. */
void sm__report_history_step(struct sm__buf *b, const struct sm__ir_prop *p,
			     const struct sm__hist_entry *h, const char *sep);
/* A missed deadline (v->miss): the record that opened it ("trace:4  1.5");
 * the deadline as a time and what passed it. */
void sm__report_miss_opened(struct sm__buf *b, const struct sm__violation *v);
void sm__report_miss_deadline(struct sm__buf *b, const struct sm__violation *v);
/* The losses before w (w->loss set): "12 events lost at trace:4". */
void sm__report_loss(struct sm__buf *b, const struct sm__where *w);

struct sm__totals {
	uint64_t lines, records, events, skipped, comments, violations, pending;
	uint64_t instances, refused;
	uint64_t warnings;          /* all of them */
	uint64_t losses, lost_events;
	uint64_t pattern_limit; /* lines a `from log` pattern gave up on (also skipped) */
	bool stopped; /* --max-violations reached */
};
void sm__report_summary(const struct sm__reporter *r, const struct sm__totals *t,
			struct sm__buf *b);

#endif
