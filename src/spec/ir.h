/*
 * ir.h: a resolved spec, ready to run.  Names are numbers here: events
 * (clocks) are indexes into ir->events, fields are slots of an event's value
 * array, properties are compiled into transition tables (automata) and
 * counters (relations).  Built by sm__resolve from the AST; immutable after.
 */
#ifndef SM_IR_H
#define SM_IR_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "ast.h"
#include "names.h" /* sm__edit_distance, sm__suggest */

/* Built-in fields come after an event's declared fields, in this order. */
enum sm__builtin { SM__BI_TS, SM__BI_LINE, SM__BI_COMM, SM__BI_PID, SM__BI_CPU, SM__NBUILTINS };
extern const char *const sm__builtin_names[SM__NBUILTINS];

struct sm__ir_event {
	struct sm__str name;
	struct sm__loc loc;
	int base;   /* -1: declared from a source; else the event it filters */
	int root;   /* the source event at the root of the `where` chain */
	size_t depth; /* of the `where` chain: 0 for a source event */
	struct sm__expr *where; /* derived events: the filter (resolved) */
	size_t nfields;         /* declared fields; slots nfields.. are built-ins */
	struct sm__str *fields;
	/* Source events only: */
	int *family;            /* derived events below it, parents first */
	size_t nfamily;
	int *props;             /* properties whose alphabet meets the family */
	size_t nprops;
	/* Some binding is `returning` this event (pair.c): its records are
	 * entries, kept per task until their return; task: the member that
	 * names the task (len 0: the format's own, pair.h). */
	bool entry;
	struct sm__str task;
};

/* How one `from` clause turns a record into an event. */
struct sm__ir_binding {
	enum sm__binding_kind kind;
	int event;
	struct sm__str name;      /* ftrace/json record name */
	/* For each declared field: the record member it comes from (renames
	 * applied), or for log bindings the regex group (0: none). */
	struct sm__str *member;
	int *group;
	pcre2_code *re;           /* log only (NULL: none); matched in bind.c */
	size_t ngroups;
	/* `returning ENTRY [per TASK]` (pair.c): the entry event (-1: the
	 * records are no returns) and, per declared field, the entry's field
	 * of the same name that gives it when the record lacks it (-1: none). */
	int entry;
	int *from_entry;
};

#define SM__MAX_KEYS 16

enum sm__edge_any { SM__ANY_STATE = -1, SM__STAY = -1 };

/* What a violation does to an automaton's instance (DESIGN.md §2.4). */
enum sm__after_violation {
	SM__AFTER_IGNORE,  /* report, ignore the event, stay in the state */
	SM__AFTER_RESTART, /* back to the initial state, or to waiting for the start event */
	SM__AFTER_STOP,    /* the instance reports nothing more */
};

/* An edge's action: `x = value` (var >= 0) or `reset(clk)` (var < 0). */
struct sm__ir_action {
	int var, clock;
	struct sm__expr *value;
};

struct sm__ir_edge {
	int from, to; /* SM__ANY_STATE, SM__STAY */
	int event;
	struct sm__expr *guard; /* NULL: always */
	struct sm__loc loc, guard_loc;
	struct sm__ir_action *actions; /* run in order, reading pre-step values */
	size_t nactions;
};

/*
 * One operator of a relation's clock expressions (DESIGN.md §2.3), compiled
 * flat: operands come before the node that reads them, so evaluating the
 * array in order each instant is bottom-up, with no recursion.  A node with
 * state keeps one int64 in the instance (`slot`): inf/sup the difference of
 * the counts, delayedFor the ticks seen (up to n), filteredBy the position
 * in its word, sampledOn whether a ticked since b's last tick.
 */
struct sm__clock_node {
	enum sm__clock_op op;
	int a, b;       /* operand nodes; SM__C_EVENT: a is the event */
	int first;      /* this subtree is nodes first..itself */
	int slot;       /* its state in the instance, or -1 */
	int64_t n;      /* delayedFor: the delay */
	const char *word; /* filteredBy: letters (owned by the AST), */
	uint32_t prefix, period; /* the first `prefix` once, then `period` forever */
	struct sm__str text; /* as written, for reports */
};

/* inf/sup: counts further apart than this are reported, once per instance. */
#define SM__CLOCK_DRIFT_LIMIT 65536

struct sm__ir_prop {
	enum sm__property_kind kind;
	struct sm__str name;
	struct sm__str title; /* len 0: none */
	struct sm__loc loc;
	size_t nkeys;
	struct sm__str *keys;
	/* key_slot[e * nkeys + k]: slot of key k in event e, or -1. */
	int *key_slot;
	bool *alphabet; /* per event */

	/* relations */
	enum sm__relation_kind rel;
	int a, b; /* the sides' events; -1: a clock expression */
	struct sm__str a_text, b_text; /* the sides as written, for reports */
	struct sm__clock_node *clock; /* both sides, compiled */
	size_t nclock, nclock_state;  /* nodes; int64 slots per instance */
	int ca, cb;                   /* the sides' root nodes */
	int64_t bound; /* 0: none */
	int64_t within; /* SM__REL_WITHIN: each a opens an obligation that a b
			 * meets by ts(a) + within (a: the event after `after`) */
	struct sm__loc rel_text;

	/* automata */
	size_t nstates;
	struct sm__str *states;
	bool *final;
	int initial;
	struct sm__ir_edge *edges;
	size_t nedges;
	/*
	 * Candidate edges, precomputed, sparse (linear in the edges, not
	 * states x events): for state s and source event r, the state's own
	 * edges whose event is in r's family, in source order, then the '*'
	 * edges of r's family.  Read them with sm__ir_candidates.
	 *   groups of s: grp[grp_at[s] .. grp_at[s + 1]), sorted by root;
	 *   group g: own[grp[g].begin .. grp[g + 1].begin) (one sentinel
	 *   group at the end);  '*' edges of r: any[any_at[r] .. any_at[r + 1]).
	 */
	int *grp_at;
	struct sm__cand_group { int root, begin; } *grp;
	int *own;
	int *any_at;
	int *any;
	struct sm__str model; /* the DOT file, when imported */
	/* How an instance starts: -1, in the initial state at its first event;
	 * else it waits for this event (`start on`: which only starts it;
	 * `start with`: which starts it and is then taken as a step). */
	int start_event;
	bool start_with;
	enum sm__after_violation after;
	/* Extended automata (DESIGN.md §2.4): per-instance integer variables
	 * with their initial values, and clocks. */
	size_t nvars, nclocks;
	struct sm__str *vars, *clocks;
	int64_t *var_init;
	/* Some guard reads a variable or a clock: the move of an instance then
	 * depends on more than its state (no memo across instances). */
	bool guards_read_instance;
	/* `invariant STATE: CLOCK < BOUND` (or <=), per state: the clock (-1:
	 * none), the largest value it may reach there (BOUND, less 1 ns for
	 * '<'), whether it was '<', and the text for reports. */
	int *inv_clock;
	int64_t *inv_limit;
	bool *inv_strict;
	struct sm__loc *inv_loc;
	bool has_invariants;
};

/* The edges to try, in order: own[0..nown) then any[0..nany). */
struct sm__cands {
	const int *own, *any;
	size_t nown, nany;
};

static inline struct sm__cands sm__ir_candidates(const struct sm__ir_prop *p, int state,
						 int root)
{
	struct sm__cands c = {NULL, p->any + p->any_at[root], 0,
			      (size_t)(p->any_at[root + 1] - p->any_at[root])};
	int lo = p->grp_at[state], hi = p->grp_at[state + 1];
	while (lo < hi) { /* a state has few groups: a binary search */
		int mid = lo + (hi - lo) / 2;
		if (p->grp[mid].root < root)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->grp_at[state + 1] && p->grp[lo].root == root) {
		c.own = p->own + p->grp[lo].begin;
		c.nown = (size_t)(p->grp[lo + 1].begin - p->grp[lo].begin);
	}
	return c;
}

struct sm__ir {
	struct sm__str name, title;
	struct sm__ir_event *events;
	size_t nevents;
	struct sm__ir_binding *bindings;
	size_t nbindings;
	struct sm__ir_prop *props;
	size_t nprops;
	bool has_log; /* some event comes from log lines */
	bool has_pairs; /* some binding is `returning` an entry (pair.c) */
	/* option instants = timestamp: consecutive records of an input with
	 * equal ts are one instant (src/input/feed.c groups them). */
	bool instants_timestamp;
	/* Some property has deadlines (`within`, invariants): every record's ts
	 * matters to the engine, not only the records that are events. */
	bool has_deadlines;
	/* The AST owns the names, expressions and sources the IR points at. */
	struct sm__ast ast;
	struct sm__source *src;
};

/* Resolve a parsed spec; takes ownership of *ast. Errors go to d. */
bool sm__resolve(struct sm__ast *ast, struct sm__ir *ir, struct sm__diags *d);
void sm__ir_free(struct sm__ir *ir);

/* Warnings about a resolved spec that loads but likely does not say what
 * was meant: unreachable or trapping states, unused initial/final names,
 * repeated states and edges, relations of an event with itself (lint.c). */
void sm__lint(const struct sm__ir *ir, struct sm__diags *d);

/* Slot of a field name in an event (declared first, then built-ins), or -1. */
int sm__ir_field_slot(const struct sm__ir_event *ev, struct sm__str name);
static inline size_t sm__ir_nslots(const struct sm__ir_event *ev)
{
	return ev->nfields + SM__NBUILTINS;
}

/* What an expression reads: an event's slots, an instance's variables and
 * clock reset times, and the instant's time (clock = ts - reset).  Any of
 * them may be absent (NULL, has_ts false); what is absent reads as no value.
 * SM__CLOCK_UNKNOWN: a clock reset (or started) by a record without `ts`. */
struct sm__env {
	const struct sm__value *slots;
	const int64_t *vars, *resets;
	bool has_ts;
	int64_t ts;
};
#define SM__CLOCK_UNKNOWN INT64_MIN

/* Expression evaluation (expr.c).  A missing field or a type mismatch gives
 * SM__VAL_NONE, which a condition reads as false. */
struct sm__value sm__eval(const struct sm__expr *e, const struct sm__env *env);
bool sm__eval_cond(const struct sm__expr *e, const struct sm__env *env);

/* Compile a `from log` pattern (PCRE2 syntax; `\/` is a slash); *names
 * gets one entry per capture group (len 0: unnamed), valid while the code
 * lives.  On failure returns NULL, writes a message to err and sets *err_at
 * to the offset in the pattern it is about (SIZE_MAX: the whole pattern).
 * (regex.c) */
pcre2_code *sm__regex_compile(const char *pattern, struct sm__str **names, size_t *ngroups,
			      char *err, size_t errcap, size_t *err_at);

#endif
