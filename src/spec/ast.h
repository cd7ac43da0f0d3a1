/*
 * ast.h: the syntax tree of a spec, as the parser (parse.c) and the DOT
 * reader (dot.c) build it.  Names are spans into the source text; nothing
 * is resolved yet.  The resolver (resolve.c) checks it and turns it into
 * the IR (ir.h).  Every node is freed by sm__ast_free.
 */
#ifndef SM_AST_H
#define SM_AST_H

#include "diag.h"

/* ---- expressions (DESIGN.md §2.2) ---- */

enum sm__expr_op {
	SM__E_INT, SM__E_STR, SM__E_NAME, /* leaves */
	SM__E_NOT, SM__E_BITNOT, SM__E_NEG, /* unary: a */
	SM__E_MUL, SM__E_DIV, SM__E_MOD, SM__E_ADD, SM__E_SUB, SM__E_SHL,
	SM__E_SHR, SM__E_BITAND, SM__E_BITXOR, SM__E_BITOR, SM__E_EQ, SM__E_NE,
	SM__E_LT, SM__E_LE, SM__E_GT, SM__E_GE, SM__E_AND, SM__E_OR, /* a op b */
	SM__E_VAR, SM__E_CLOCK, /* names the resolver found to be an automaton's
				 * variable or clock: slot is its index */
	/* `name(args)`, as parsed: s the name, a a chain of SM__E_ARG nodes
	 * (a: the argument, b: the next one).  The resolver inlines helpers
	 * and turns built-ins into the truncations below; no call is left. */
	SM__E_CALL, SM__E_ARG,
	SM__E_U8, SM__E_U16, SM__E_U32, /* unary: a truncated, unsigned */
};

/* Arguments of one call at most: the parser keeps the chain that short. */
#define SM__MAX_ARGS 64

struct sm__expr {
	enum sm__expr_op op;
	struct sm__loc loc;  /* the whole subexpression */
	int64_t i;           /* SM__E_INT */
	struct sm__str s;    /* SM__E_STR (decoded, owned) and SM__E_NAME */
	struct sm__expr *a, *b;
	int height; /* of this subtree; the parser bounds it, and so every
		     * recursion over expressions (resolver, evaluation) */
	/* Filled by the resolver for SM__E_NAME: a field slot, or the name
	 * was a const and the node was rewritten into SM__E_INT/SM__E_STR. */
	int slot;
};

/* ---- declarations ---- */

struct sm__ast_name {
	struct sm__str name;
	struct sm__loc loc;
};

struct sm__ast_rename {
	struct sm__ast_name field;  /* the event's field */
	struct sm__ast_name source; /* the record's member it comes from */
};

enum sm__binding_kind {
	SM__BIND_DEFAULT, /* no `from`: ftrace and JSON records of the same name */
	SM__BIND_FTRACE,
	SM__BIND_JSON,
	SM__BIND_LOG,
	SM__BIND_QEMU,    /* `from qemu NAME`: QEMU -trace log records */
	/* Where the kernel makes the record (src/gen/probes.c arms it); matched
	 * in ftrace text as `from ftrace` with the probe's event name. */
	SM__BIND_KPROBE, SM__BIND_KRETPROBE, SM__BIND_TRACEPOINT,
};

/* A FETCH of `from kprobe`: a C-like path over the probed function's
 * arguments, resolved against BTF by src/gen/probes.c. */
enum sm__fetch_op {
	SM__F_ARG,          /* name: an argument of the function */
	SM__F_VAR,          /* name: `$retval` (or another $name, refused later) */
	SM__F_ARROW,        /* a->name */
	SM__F_DOT,          /* a.name */
	SM__F_INDEX,        /* a[index] */
	SM__F_CONTAINER_OF, /* container_of(a, struct name, path...) */
};

struct sm__fetch {
	enum sm__fetch_op op;
	struct sm__loc loc;        /* the whole fetch up to here */
	struct sm__ast_name name;
	struct sm__fetch *a;
	int64_t index;
	struct sm__ast_name *path; /* container_of: the member path, owned */
	size_t npath, cappath;
	int height;                /* bounded by the parser */
};

/* `field = FETCH [: TYPE]` */
struct sm__ast_fetch {
	struct sm__ast_name field;
	struct sm__fetch *fetch;
	struct sm__ast_name type; /* len 0: from BTF */
};

struct sm__ast_binding {
	enum sm__binding_kind kind;
	/* ftrace/json event name; kprobes: `as NAME` or the event's name;
	 * tracepoints: the NAME of SYS:NAME */
	struct sm__ast_name name;
	struct sm__ast_name func;   /* kprobe, kretprobe: the function */
	struct sm__ast_name system; /* tracepoint: SYS */
	struct sm__ast_fetch *fetches; /* kprobe, kretprobe */
	size_t nfetches, capfetches;
	struct sm__loc regex_loc; /* log: the /.../ literal */
	char *regex;              /* log: the pattern between the slashes, owned */
	struct sm__ast_rename *renames;
	size_t nrenames, caprenames;
	/* `returning ENTRY [per FIELD]` (pair.c): the record is the return of
	 * an ENTRY record of the same task; name.len 0: not a return.  task:
	 * the member that names the task (len 0: the format's own). */
	struct sm__ast_name returns, task;
};

struct sm__ast_event {
	struct sm__ast_name name;
	struct sm__ast_name *fields;
	size_t nfields, capfields;
	struct sm__ast_binding *bindings;
	size_t nbindings, capbindings;
	/* derived events: `event NAME = BASE where EXPR` */
	bool derived;
	struct sm__ast_name base;
	struct sm__expr *where;
	bool implicit; /* declared by a DOT model, not by the spec */
};

struct sm__ast_const {
	struct sm__ast_name name;
	struct sm__expr *value;
};

enum sm__relation_kind {
	SM__REL_PRECEDES, SM__REL_CAUSES, SM__REL_ALTERNATES,
	SM__REL_SUBCLOCK, SM__REL_EXCLUDES, SM__REL_COINCIDES,
	SM__REL_WITHIN, /* `b within D after a`: rel.a is a (it opens), rel.b is b */
};

/* ---- clock expressions (DESIGN.md §2.3) ---- */

enum sm__clock_op {
	SM__C_EVENT,    /* a name: an event, or a named clock (`clock c = ...`) */
	SM__C_UNION, SM__C_INTER, SM__C_MINUS, /* a + b, a * b, a - b */
	SM__C_INF, SM__C_SUP,                  /* inf(a, b), sup(a, b) */
	SM__C_DELAYED,  /* a delayedFor n */
	SM__C_FILTERED, /* a filteredBy "word" */
	SM__C_SAMPLED,  /* a sampledOn b */
};

struct sm__clock_expr {
	enum sm__clock_op op;
	struct sm__loc loc;        /* the whole subexpression, for reports */
	struct sm__ast_name name;  /* SM__C_EVENT */
	struct sm__clock_expr *a, *b;
	int64_t n;                 /* SM__C_DELAYED: the delay in ticks */
	/* SM__C_FILTERED: letters '0'/'1' (owned), the first `prefix` once,
	 * the `period` after them repeated forever (0: none, no more ticks) */
	char *word;
	uint32_t prefix, period;
	int height; /* of this subtree; the parser bounds it, and the resolver's recursion */
};

/* `clock NAME = clock_expr` */
struct sm__ast_clock {
	struct sm__ast_name name;
	struct sm__clock_expr *expr;
	int busy; /* resolver: 1 while being expanded (a cycle), 2 reported */
};

struct sm__ast_relation {
	enum sm__relation_kind kind;
	/* a, b: the side's name when it is a single name (len 0: an expression) */
	struct sm__ast_name a, b;
	struct sm__clock_expr *ca, *cb; /* each side as a clock expression */
	bool has_bound;
	int64_t bound;
	int64_t within; /* SM__REL_WITHIN: the duration, in nanoseconds */
	struct sm__loc text; /* "a precedes b bound 2", for reports */
};

/* One action of an edge's `do` list (DESIGN.md §2.4). */
struct sm__ast_action {
	struct sm__ast_name target; /* the variable assigned, or the clock reset */
	struct sm__expr *value;     /* `x = value`; NULL: `reset(clk)` */
	struct sm__loc loc;         /* the whole action */
};

struct sm__ast_edge {
	struct sm__ast_name from; /* name.len == 0: '*' (any state) */
	struct sm__ast_name to;   /* name.len == 0: '*' (stay) */
	struct sm__ast_name event;
	struct sm__expr *guard;   /* NULL: none */
	struct sm__loc guard_loc; /* the guard's text, for reports */
	struct sm__loc loc;       /* the whole edge */
	/* DOT hybrid automata: `reset(clk)` on the edge (len 0: none) */
	struct sm__loc reset;
	/* DOT: guard text not yet parsed into `guard` (len 0: none) */
	struct sm__loc guard_text;
	struct sm__ast_action *actions; /* `do a, b` */
	size_t nactions, capactions;
};

struct sm__ast_state {
	struct sm__ast_name name;
	bool final;
	struct sm__loc invariant; /* DOT: "clk < N" (len 0: none) */
};

/* `var NAME = EXPR` (an instance variable) */
struct sm__ast_var {
	struct sm__ast_name name;
	struct sm__expr *init;
};

/* `invariant STATE: EXPR` (a bound on a clock while in STATE) */
struct sm__ast_invariant {
	struct sm__ast_name state;
	struct sm__expr *cond;
};

/* `NAME = EXPR` in the block after a DOT model: a value for a name that
 * the model's invariants and guards use but do not define (DESIGN.md §2.4). */
struct sm__ast_param {
	struct sm__ast_name name;
	struct sm__expr *value;
	/* Filled by the resolver: the value, whether it was written with a
	 * unit (a duration), whether it had one, and whether it was used. */
	int64_t i;
	bool has_unit, ok, used;
};

struct sm__ast_automaton {
	struct sm__ast_name initial; /* len 0: not declared */
	struct sm__ast_var *vars;
	size_t nvars, capvars;
	struct sm__ast_name *clocks;
	size_t nclocks, capclocks;
	struct sm__ast_invariant *invariants;
	size_t ninvariants, capinvariants;
	struct sm__ast_state *states; /* declared by `final`, DOT nodes */
	size_t nstates, capstates;
	struct sm__ast_edge *edges;
	size_t nedges, capedges;
	bool has_final; /* a `final` line, or a final shape in DOT */
	/* `start on|with EVENT` (start.name.len 0: none) and
	 * `after violation POLICY` (the policy word; len 0: none), DESIGN.md §2.4 */
	struct sm__ast_name start;
	bool start_with;
	struct sm__ast_name after;
	struct sm__source *model; /* `from "x.dot"`: the loaded model, owned */
	struct sm__loc from_loc;
	struct sm__ast_param *params; /* bound in the block after the model */
	size_t nparams, capparams;
};

enum sm__property_kind { SM__PROP_RELATION, SM__PROP_AUTOMATON };

struct sm__ast_property {
	enum sm__property_kind kind;
	struct sm__ast_name name;
	char *title; /* `property NAME "TITLE":`, owned, or NULL */
	struct sm__ast_name *keys; /* per KEY or per (K1, K2) */
	size_t nkeys, capkeys;
	struct sm__ast_relation rel;
	struct sm__ast_automaton aut;
};

/* `def NAME(PARAMS) = BODY`: a pure helper, inlined where it is called. */
struct sm__ast_def {
	struct sm__ast_name name;
	struct sm__ast_name *params;
	size_t nparams, capparams;
	struct sm__expr *body;
};

struct sm__ast {
	struct sm__ast_name spec_name; /* len 0: none */
	char *title;                   /* owned, or NULL */
	struct sm__ast_const *consts;
	size_t nconsts, capconsts;
	struct sm__ast_event *events;
	size_t nevents, capevents;
	struct sm__ast_property *props;
	size_t nprops, capprops;
	/* option instants (DESIGN.md §2.6): set where, and to timestamp? */
	bool instants_set, instants_timestamp;
	struct sm__loc instants_loc;
	struct sm__ast_clock *clocks;
	size_t nclocks, capclocks;
	struct sm__ast_def *defs;
	size_t ndefs, capdefs;
	const struct sm__source *src;
	/* The files `include` read, owned: the tree points into them. */
	struct sm__source **includes;
	size_t nincludes, capincludes;
};

void sm__expr_free(struct sm__expr *e);
void sm__fetch_free(struct sm__fetch *f);
void sm__clock_expr_free(struct sm__clock_expr *c);
void sm__ast_automaton_free(struct sm__ast_automaton *aut);
void sm__ast_free(struct sm__ast *ast);

/*
 * Read a Linux RV DOT model (the subset rvgen reads) into *aut: states
 * (the __init_ marker gives `initial`, doublecircle/ellipse shapes mark
 * final states), edges (one per event of a "\n"-separated label, with the
 * ";guard" part kept as text, parsed by the resolver), and the hybrid parts
 * as an inline automaton has them: ";reset(clk)" becomes the edge's action,
 * a state's "\nclk < N" an invariant, and each clock they name is declared.
 * Edges whose guards the spec cannot evaluate are rejected by the resolver,
 * not here.  Returns false after adding an error to *d.
 */
bool sm__dot_read(const struct sm__source *src, struct sm__ast_automaton *aut,
		  struct sm__diags *d);

#endif
