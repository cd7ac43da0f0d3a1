/*
 * resolve.c: from syntax to a runnable spec.  Checks every name (events,
 * fields, constants, states), folds constants, compiles `from log` patterns,
 * reads the guards of imported DOT models, and builds the tables the engine
 * steps with: each source event's family of derived events, the properties
 * that listen to it, key slots and per-state candidate edges.
 * Errors are collected (not just the first) with the spec's locations.
 */
#include "ir.h"

#include "names.h"
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sm__builtin_names[SM__NBUILTINS] = {"ts", "line", "comm", "pid", "cpu"};

enum type { T_UNKNOWN, T_INT, T_STR };

/* Inlined helpers: the nodes all expansions may copy (a chain of helpers
 * each calling the next twice would double at each step), and the height
 * an expanded expression may reach (the parser's limit, which bounds every
 * recursion over expressions). */
#define MAX_INLINED_NODES (1 << 16)
#define MAX_HEIGHT 1000

/* The parameters of the helper being expanded, bound to the call's
 * (resolved) arguments. */
struct scope {
	const struct sm__ast_def *def;
	struct sm__expr **args;
	const enum type *types;
};

struct resolver {
	struct sm__ir *ir;
	struct sm__diags *d;
	struct sm__ast *ast;
	struct sm__value *consts; /* per ast const, after folding */
	bool *const_ok;
	bool *noted; /* per event: the hint about model guards was given */
	/* Name lookups stay O(1), so loading is linear in the spec's size. */
	struct sm__names events;  /* name -> index in ir->events */
	struct sm__names const_names; /* name -> index of its first declaration */
	struct sm__names states;  /* of the automaton being resolved */
	/* The automaton whose guards and actions are being resolved (NULL
	 * elsewhere): its variables and clocks are names too.  read_instance:
	 * some name resolved to one of them. */
	const struct sm__ir_prop *aut;
	bool read_instance;
	struct sm__names clocks;  /* name -> index in ast->clocks */
	struct sm__names defs;    /* helper name -> index in ast->defs */
	bool *def_bad;            /* per helper: reported, not expanded */
	const struct scope *scope; /* NULL: not inside a helper's body */
	size_t inlined;           /* nodes copied by expansions (SIZE_MAX: too many) */
	int depth;                /* of resolve_expr's recursion */
	/* Capacities of the IR's growing arrays: they grow geometrically, not
	 * by one (realloc by one is quadratic, with ASan in particular). */
	size_t cap_events, cap_bindings, cap_props, cap_states, cap_final;
	size_t cap_clock; /* of the relation being resolved */
	/* The DOT model being resolved (NULL: none): its names that are no
	 * field, variable or clock are parameters bound by the spec.  asked:
	 * those names, for "did you mean"; bare: a parameter without a unit
	 * read since it was last cleared; read_clock: likewise, a clock. */
	struct sm__ast_automaton *model;
	struct sm__str *asked;
	size_t nasked, cap_asked;
	const struct sm__ast_param *bare;
	bool read_clock;
};

/* ---- names ---- */

static int find_event(const struct resolver *r, struct sm__str name)
{
	return sm__names_get(&r->events, name);
}

static int lookup_event(struct resolver *r, struct sm__ast_name n, const char *what)
{
	int e = find_event(r, n.name);
	if (e >= 0 || n.name.len == 0)
		return e;
	if (sm__names_get(&r->clocks, n.name) >= 0) {
		sm__error(r->d, n.loc, "'%.*s' is a clock expression, not an event: automata "
			  "take events, only relations use clocks", (int)n.name.len, n.name.ptr);
		return -1;
	}
	struct sm__str *names = sm__xmalloc(sizeof *names * (r->ir->nevents + 1));
	for (size_t k = 0; k < r->ir->nevents; k++)
		names[k] = r->ir->events[k].name;
	char hint[128];
	sm__suggest(n.name, names, r->ir->nevents, hint, sizeof hint);
	free(names);
	sm__error(r->d, n.loc, "unknown event '%.*s' %s%s", (int)n.name.len, n.name.ptr, what,
		  hint);
	return -1;
}

int sm__ir_field_slot(const struct sm__ir_event *ev, struct sm__str name)
{
	for (size_t k = 0; k < ev->nfields; k++)
		if (sm__str_eq_str(ev->fields[k], name))
			return (int)k;
	for (int k = 0; k < SM__NBUILTINS; k++)
		if (sm__str_eq(name, sm__builtin_names[k]))
			return (int)ev->nfields + k;
	return -1;
}

/* A constant declared before index `before`, or -1. */
static int find_const(struct resolver *r, struct sm__str name, size_t before)
{
	int c = sm__names_get(&r->const_names, name);
	return c >= 0 && (size_t)c < before ? c : -1;
}

/* ---- expressions ---- */

static void describe_fields(const struct sm__ir_event *ev, struct sm__buf *b)
{
	for (size_t k = 0; k < ev->nfields; k++)
		sm__buf_printf(b, "%s%.*s", k ? ", " : "", (int)ev->fields[k].len,
			       ev->fields[k].ptr);
	if (!ev->nfields)
		sm__buf_adds(b, "none declared");
	sm__buf_adds(b, "; built-in: ts, line, comm, pid, cpu");
}

/* A const reference becomes the constant's value in place. */
static void inline_const(struct sm__expr *e, struct sm__value v)
{
	if (v.kind == SM__VAL_STR) {
		e->op = SM__E_STR;
		e->s.ptr = sm__xstrndup(v.s.ptr, v.s.len);
		e->s.len = v.s.len;
	} else {
		e->op = SM__E_INT;
		e->i = v.i;
	}
}

static enum type resolve_expr(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts);

/* "did you mean" over the names visible here: the event's fields and
 * built-ins, and the constants declared before. */
static void suggest_name(struct resolver *r, struct sm__str name, const struct sm__ir_event *ev,
			 size_t nconsts, char *out, size_t cap)
{
	size_t nfields = ev ? sm__ir_nslots(ev) : 0, n = 0;
	struct sm__str *known = sm__xmalloc(sizeof *known * (nfields + nconsts + 1));
	for (size_t k = 0; ev && k < ev->nfields; k++)
		known[n++] = ev->fields[k];
	for (size_t k = 0; ev && k < SM__NBUILTINS; k++)
		known[n++] = (struct sm__str){sm__builtin_names[k], strlen(sm__builtin_names[k])};
	for (size_t k = 0; k < nconsts; k++)
		known[n++] = r->ast->consts[k].name.name;
	sm__suggest(name, known, n, out, cap);
	free(known);
}

/* Index of name in names[0..n), or -1: an automaton has few variables. */
static int index_of(const struct sm__str *names, size_t n, struct sm__str name)
{
	for (size_t k = 0; k < n; k++)
		if (sm__str_eq_str(names[k], name))
			return (int)k;
	return -1;
}

/* A variable or clock of the automaton being resolved: e becomes it. */
static bool instance_name(struct resolver *r, struct sm__expr *e)
{
	if (!r->aut)
		return false;
	int v = index_of(r->aut->vars, r->aut->nvars, e->s);
	int c = index_of(r->aut->clocks, r->aut->nclocks, e->s);
	if (v < 0 && c < 0)
		return false;
	e->op = v >= 0 ? SM__E_VAR : SM__E_CLOCK;
	e->slot = v >= 0 ? v : c;
	r->read_instance = true;
	r->read_clock |= c >= 0;
	return true;
}

static struct sm__expr *copy_expr(struct resolver *r, const struct sm__expr *e);

/* Inside a helper's body, a parameter becomes its argument (shadowing
 * fields and constants). */
static bool bind_param(struct resolver *r, struct sm__expr *e, enum type *t)
{
	for (size_t k = 0; r->scope && k < r->scope->def->nparams; k++)
		if (sm__str_eq_str(r->scope->def->params[k].name, e->s)) {
			struct sm__expr *arg = copy_expr(r, r->scope->args[k]);
			*e = *arg;
			free(arg);
			*t = r->scope->types[k];
			return true;
		}
	return false;
}

/* A name of the DOT model being resolved that is no field, variable or
 * clock: a parameter; e becomes its value when the spec binds it. */
static bool model_param(struct resolver *r, struct sm__expr *e)
{
	if (!r->model)
		return false;
	if (index_of(r->asked, r->nasked, e->s) < 0)
		SM__PUSH(r->asked, r->nasked, r->cap_asked, e->s);
	for (size_t k = 0; k < r->model->nparams; k++) {
		struct sm__ast_param *b = &r->model->params[k];
		if (!sm__str_eq_str(b->name.name, e->s))
			continue;
		b->used = true;
		if (!b->has_unit)
			r->bare = b;
		sm__expr_free(e->a); /* a call's arguments: none */
		e->a = NULL;
		e->op = SM__E_INT;
		e->i = b->ok ? b->i : 0; /* a bad value was reported */
		return true;
	}
	return false;
}

static void unbound_param(struct resolver *r, const struct sm__expr *e)
{
	int n = (int)e->s.len;
	sm__error(r->d, e->loc, "unbound parameter '%.*s' of model %s: give it a value after the "
		  "model: from \"...\" { %.*s = DURATION }", n, e->s.ptr, r->model->model->name, n,
		  e->s.ptr);
	sm__note(r->d, r->model->from_loc, "the model is imported here");
}

static enum type resolve_name(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts)
{
	enum type param;
	if (bind_param(r, e, &param))
		return param;
	if (ev && (e->slot = sm__ir_field_slot(ev, e->s)) >= 0)
		return T_UNKNOWN;
	if (instance_name(r, e) || model_param(r, e))
		return T_INT;
	int c = find_const(r, e->s, nconsts);
	if (c >= 0) {
		if (!r->const_ok[c])
			return T_UNKNOWN; /* already reported */
		inline_const(e, r->consts[c]);
		return e->op == SM__E_STR ? T_STR : T_INT;
	}
	if (r->model && !ev) {
		unbound_param(r, e);
		return T_UNKNOWN;
	}
	struct sm__buf b = {0};
	char hint[128];
	suggest_name(r, e->s, ev, nconsts, hint, sizeof hint);
	if (ev) {
		sm__buf_printf(&b, "'%.*s' is neither a constant nor a field of event '%.*s' (",
			       (int)e->s.len, e->s.ptr, (int)ev->name.len, ev->name.ptr);
		describe_fields(ev, &b);
		sm__buf_printf(&b, ")%s", hint);
	} else {
		sm__buf_printf(&b, "unknown constant '%.*s' (constants can use only constants "
				   "declared before them)%s", (int)e->s.len, e->s.ptr, hint);
	}
	sm__error(r->d, e->loc, "%s", b.data);
	sm__buf_free(&b);
	return T_UNKNOWN;
}

static const char *op_text(enum sm__expr_op op)
{
	static const char *text[] = {
		[SM__E_NOT] = "!", [SM__E_BITNOT] = "~", [SM__E_NEG] = "-",
		[SM__E_MUL] = "*", [SM__E_DIV] = "/", [SM__E_MOD] = "%",
		[SM__E_ADD] = "+", [SM__E_SUB] = "-", [SM__E_SHL] = "<<",
		[SM__E_SHR] = ">>", [SM__E_BITAND] = "&", [SM__E_BITXOR] = "^",
		[SM__E_BITOR] = "|",
	};
	return text[op] ? text[op] : "?";
}

/* ---- helpers and built-ins ---- */

static struct sm__expr *copy_expr(struct resolver *r, const struct sm__expr *e)
{
	if (!e)
		return NULL;
	struct sm__expr *c = sm__xmalloc(sizeof *c);
	*c = *e;
	r->inlined += r->inlined != SIZE_MAX;
	if (e->op == SM__E_STR)
		c->s.ptr = sm__xstrndup(e->s.ptr, e->s.len);
	c->a = copy_expr(r, e->a);
	c->b = copy_expr(r, e->b);
	return c;
}

static const struct {
	const char *name;
	enum sm__expr_op op;
} builtins[] = {{"u8", SM__E_U8}, {"u16", SM__E_U16}, {"u32", SM__E_U32}};

static int find_builtin(struct sm__str name)
{
	for (size_t k = 0; k < SM__ARRAY_LEN(builtins); k++)
		if (sm__str_eq(name, builtins[k].name))
			return (int)k;
	return -1;
}

/* The arguments of a call, from its SM__E_ARG chain. */
static size_t call_args(const struct sm__expr *call, struct sm__expr **args)
{
	size_t n = 0;
	for (const struct sm__expr *a = call->a; a && n < SM__MAX_ARGS; a = a->b)
		args[n++] = a->a;
	return n;
}

/* A call with the wrong number of arguments: an error, false. */
static bool check_arity(struct resolver *r, const struct sm__expr *call, size_t want)
{
	struct sm__expr *args[SM__MAX_ARGS];
	size_t n = call_args(call, args);
	if (n == want)
		return true;
	sm__error(r->d, call->loc, "'%.*s' takes %zu argument%s, not %zu", (int)call->s.len,
		  call->s.ptr, want, want == 1 ? "" : "s", n);
	return false;
}

static enum type resolve_expr(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts);

/* u8(x), u16(x), u32(x): the call becomes the truncation, in place. */
static enum type truncation(struct resolver *r, struct sm__expr *e, int builtin,
			    const struct sm__ir_event *ev, size_t nconsts)
{
	if (!check_arity(r, e, 1))
		return T_UNKNOWN;
	struct sm__expr *arg = e->a;
	e->op = builtins[builtin].op;
	e->a = arg->a;
	arg->a = NULL;
	sm__expr_free(arg);
	if (resolve_expr(r, e->a, ev, nconsts) == T_STR)
		sm__error(r->d, e->loc, "%s() needs an integer, not a string",
			  builtins[builtin].name);
	return T_INT;
}

/* Inline a helper: the call becomes a copy of the helper's body, resolved
 * where it is called, with the parameters bound to the arguments. */
static enum type expand_call(struct resolver *r, struct sm__expr *e,
			     const struct sm__ir_event *ev, size_t nconsts)
{
	int b = find_builtin(e->s);
	if (b >= 0)
		return truncation(r, e, b, ev, nconsts);
	int h = sm__names_get(&r->defs, e->s);
	/* The kernel's models call macros without arguments for their
	 * parameters (nomiss: `clk < DEADLINE_NS()`). */
	if (h < 0 && r->model && !e->a) {
		if (model_param(r, e))
			return T_INT;
		unbound_param(r, e);
		return T_UNKNOWN;
	}
	if (h < 0) {
		sm__error(r->d, e->loc, "unknown helper '%.*s' (declare it with 'def', or use "
			  "the built-ins u8, u16, u32)", (int)e->s.len, e->s.ptr);
		return T_UNKNOWN;
	}
	const struct sm__ast_def *def = &r->ast->defs[h];
	if (!check_arity(r, e, def->nparams) || r->def_bad[h])
		return T_UNKNOWN;
	struct sm__expr *args[SM__MAX_ARGS];
	enum type types[SM__MAX_ARGS];
	size_t n = call_args(e, args);
	int tallest = 0;
	for (size_t k = 0; k < n; k++) {
		types[k] = resolve_expr(r, args[k], ev, nconsts);
		tallest = args[k]->height > tallest ? args[k]->height : tallest;
	}
	if (r->depth + def->body->height + tallest > MAX_HEIGHT) {
		sm__error(r->d, e->loc, "helper '%.*s' expands into an expression nested too "
			  "deeply here (more than %d levels)", (int)e->s.len, e->s.ptr, MAX_HEIGHT);
		return T_UNKNOWN;
	}
	if (r->inlined > MAX_INLINED_NODES) {
		if (r->inlined != SIZE_MAX) /* said once */
			sm__error(r->d, e->loc, "helpers expand into more than %d nodes in this "
				  "spec", MAX_INLINED_NODES);
		r->inlined = SIZE_MAX;
		return T_UNKNOWN;
	}
	struct sm__expr *body = copy_expr(r, def->body);
	const struct scope *outer = r->scope, here = {def, args, types};
	r->scope = &here;
	size_t errors = r->d->nerrors;
	enum type t = resolve_expr(r, body, ev, nconsts);
	r->scope = outer;
	if (r->d->nerrors > errors)
		sm__note(r->d, e->loc, "in this call of helper '%.*s'", (int)e->s.len, e->s.ptr);
	sm__expr_free(e->a);
	*e = *body;
	free(body);
	return t;
}

static enum type resolve_node(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts)
{
	switch (e->op) {
	case SM__E_INT: case SM__E_VAR: case SM__E_CLOCK: return T_INT;
	case SM__E_STR: return T_STR;
	case SM__E_NAME: return resolve_name(r, e, ev, nconsts);
	case SM__E_CALL: return expand_call(r, e, ev, nconsts);
	default: break;
	}
	enum type a = resolve_expr(r, e->a, ev, nconsts);
	enum type b = e->b ? resolve_expr(r, e->b, ev, nconsts) : T_UNKNOWN;
	switch (e->op) {
	case SM__E_AND: case SM__E_OR: case SM__E_NOT:
		return T_INT;
	case SM__E_EQ: case SM__E_NE: case SM__E_LT:
	case SM__E_LE: case SM__E_GT: case SM__E_GE:
		if (a != T_UNKNOWN && b != T_UNKNOWN && a != b)
			sm__error(r->d, e->loc, "comparing a string with an integer is never true");
		return T_INT;
	default:
		if (a == T_STR || b == T_STR)
			sm__error(r->d, e->loc, "operator '%s' needs integers, not strings",
				  op_text(e->op));
		return T_INT;
	}
}

/* Heights are kept up to date as helpers expand: they bound evaluation. */
static enum type resolve_expr(struct resolver *r, struct sm__expr *e,
			      const struct sm__ir_event *ev, size_t nconsts)
{
	if (!e)
		return T_UNKNOWN;
	r->depth++;
	enum type t = resolve_node(r, e, ev, nconsts);
	r->depth--;
	int ha = e->a ? e->a->height : 0, hb = e->b ? e->b->height : 0;
	if (e->a)
		e->height = 1 + (ha > hb ? ha : hb);
	return t;
}

/* ---- helper declarations ---- */

/* A name in a helper's body: a parameter, a constant, or a field some event
 * has (which one is decided where the helper is called). */
static bool known_in_body(struct resolver *r, const struct sm__ast_def *def,
			  struct sm__str name)
{
	for (size_t k = 0; k < def->nparams; k++)
		if (sm__str_eq_str(def->params[k].name, name))
			return true;
	for (size_t k = 0; k < r->ast->nconsts; k++)
		if (sm__str_eq_str(r->ast->consts[k].name.name, name))
			return true;
	for (int k = 0; k < SM__NBUILTINS; k++)
		if (sm__str_eq(name, sm__builtin_names[k]))
			return true;
	for (size_t e = 0; e < r->ast->nevents; e++)
		for (size_t f = 0; f < r->ast->events[e].nfields; f++)
			if (sm__str_eq_str(r->ast->events[e].fields[f].name, name))
				return true;
	return false;
}

/* The names of a body, and the helpers it calls (into *calls). */
static void check_body(struct resolver *r, int h, const struct sm__expr *e,
		       const struct sm__expr ***calls, size_t *ncalls, size_t *cap)
{
	if (!e)
		return;
	const struct sm__ast_def *def = &r->ast->defs[h];
	if (e->op == SM__E_NAME && !known_in_body(r, def, e->s)) {
		sm__error(r->d, e->loc, "'%.*s' in helper '%.*s' is neither one of its "
			  "parameters, a constant nor a field of any event", (int)e->s.len,
			  e->s.ptr, (int)def->name.name.len, def->name.name.ptr);
		r->def_bad[h] = true;
	} else if (e->op == SM__E_CALL) {
		int b = find_builtin(e->s), g = sm__names_get(&r->defs, e->s);
		if (b < 0 && g < 0) {
			sm__error(r->d, e->loc, "unknown helper '%.*s' (declare it with 'def', "
				  "or use the built-ins u8, u16, u32)", (int)e->s.len, e->s.ptr);
			r->def_bad[h] = true;
		} else if (!check_arity(r, e, b >= 0 ? 1 : r->ast->defs[g].nparams)) {
			r->def_bad[h] = true;
		} else if (g >= 0) {
			SM__PUSH(*calls, *ncalls, *cap, e);
		}
	}
	check_body(r, h, e->a, calls, ncalls, cap);
	check_body(r, h, e->b, calls, ncalls, cap);
}

/* A helper that calls itself, directly or through others: an error at the
 * call that closes the cycle, naming the helpers on it.  Depth-first over
 * the call graph with an explicit stack (a long chain of helpers is no
 * deep recursion).  state: 0 not seen, 1 on the stack, 2 done. */
static void check_recursion(struct resolver *r, const struct sm__expr ***calls,
			    const size_t *ncalls)
{
	size_t n = r->ast->ndefs;
	char *state = sm__xcalloc(n + 1, 1);
	struct frame { int def; size_t next; } *stack = sm__xmalloc(sizeof *stack * (n + 1));
	for (size_t root = 0; root < n; root++) {
		if (state[root])
			continue;
		size_t top = 0;
		stack[top++] = (struct frame){(int)root, 0};
		state[root] = 1;
		while (top) {
			struct frame *f = &stack[top - 1];
			if (f->next == ncalls[f->def]) {
				state[f->def] = 2;
				top--;
				continue;
			}
			const struct sm__expr *call = calls[f->def][f->next++];
			int g = sm__names_get(&r->defs, call->s);
			if (state[g] == 0) {
				state[g] = 1;
				stack[top++] = (struct frame){g, 0};
			} else if (state[g] == 1) {
				struct sm__buf chain = {0};
				size_t from = top;
				while (stack[from - 1].def != g)
					from--;
				for (size_t k = from - 1; k < top; k++) {
					struct sm__str name = r->ast->defs[stack[k].def].name.name;
					sm__buf_printf(&chain, "%.*s -> ", (int)name.len, name.ptr);
					r->def_bad[stack[k].def] = true;
				}
				sm__error(r->d, call->loc, "helper '%.*s' calls itself (%s%.*s); "
					  "helpers may not recurse", (int)call->s.len, call->s.ptr,
					  chain.data, (int)call->s.len, call->s.ptr);
				sm__buf_free(&chain);
			}
		}
	}
	free(state);
	free(stack);
}

/* `def` helpers: names, parameters, the names in their bodies, calls. */
static void resolve_defs(struct resolver *r)
{
	size_t n = r->ast->ndefs;
	r->def_bad = sm__xcalloc(n + 1, sizeof *r->def_bad);
	for (size_t k = 0; k < n; k++) {
		const struct sm__ast_def *def = &r->ast->defs[k];
		struct sm__ast_name name = def->name;
		if (find_builtin(name.name) >= 0)
			sm__error(r->d, name.loc, "'%.*s' is a built-in", (int)name.name.len,
				  name.name.ptr);
		else if (sm__names_put(&r->defs, name.name, (int)k) >= 0)
			sm__error(r->d, name.loc, "helper '%.*s' is already defined",
				  (int)name.name.len, name.name.ptr);
		for (size_t p = 0; p < def->nparams; p++)
			for (size_t q = 0; q < p; q++)
				if (sm__str_eq_str(def->params[p].name, def->params[q].name))
					sm__error(r->d, def->params[p].loc,
						  "parameter '%.*s' is listed twice",
						  (int)def->params[p].name.len,
						  def->params[p].name.ptr);
	}
	const struct sm__expr ***calls = sm__xcalloc(n + 1, sizeof *calls);
	size_t *ncalls = sm__xcalloc(n + 1, sizeof *ncalls);
	for (size_t k = 0; k < n; k++) {
		size_t cap = 0;
		check_body(r, (int)k, r->ast->defs[k].body, &calls[k], &ncalls[k], &cap);
	}
	check_recursion(r, calls, ncalls);
	for (size_t k = 0; k < n; k++)
		free(calls[k]);
	free(calls);
	free(ncalls);
}

static void fold_consts(struct resolver *r)
{
	struct sm__ast *ast = r->ast;
	r->consts = sm__xcalloc(ast->nconsts, sizeof *r->consts);
	r->const_ok = sm__xcalloc(ast->nconsts, sizeof *r->const_ok);
	for (size_t k = 0; k < ast->nconsts; k++) {
		struct sm__ast_const *c = &ast->consts[k];
		if (sm__names_put(&r->const_names, c->name.name, (int)k) >= 0) {
			sm__error(r->d, c->name.loc, "constant '%.*s' is already defined",
				  (int)c->name.name.len, c->name.name.ptr);
			continue;
		}
		size_t errors = r->d->nerrors;
		resolve_expr(r, c->value, NULL, k);
		if (r->d->nerrors > errors)
			continue;
		struct sm__env none = {0};
		r->consts[k] = sm__eval(c->value, &none);
		if (r->consts[k].kind == SM__VAL_NONE) {
			sm__error(r->d, c->value->loc, "this constant has no value "
				  "(division by zero or a shift out of 0..63)");
			continue;
		}
		r->const_ok[k] = true;
	}
}

/* ---- events ---- */

static void add_event(struct resolver *r, struct sm__ast_event *ast_ev)
{
	if (sm__names_put(&r->events, ast_ev->name.name, (int)r->ir->nevents) >= 0) {
		sm__error(r->d, ast_ev->name.loc, "event '%.*s' is already declared",
			  (int)ast_ev->name.name.len, ast_ev->name.name.ptr);
		return;
	}
	struct sm__ir_event ev = {0};
	ev.name = ast_ev->name.name;
	ev.loc = ast_ev->name.loc;
	ev.base = -1;
	ev.nfields = ast_ev->nfields;
	ev.fields = sm__xcalloc(ev.nfields, sizeof *ev.fields);
	for (size_t k = 0; k < ast_ev->nfields; k++) {
		for (size_t j = 0; j < k; j++)
			if (sm__str_eq_str(ev.fields[j], ast_ev->fields[k].name))
				sm__error(r->d, ast_ev->fields[k].loc, "field '%.*s' is listed twice",
					  (int)ast_ev->fields[k].name.len,
					  ast_ev->fields[k].name.ptr);
		ev.fields[k] = ast_ev->fields[k].name;
	}
	SM__PUSH(r->ir->events, r->ir->nevents, r->cap_events, ev);
}

/*
 * The root and depth of event k's `where` chain, in one walk that stops at
 * the first event already done, so all events together cost linear time
 * (a 2000-deep chain is no 2000² walk).  state: 0 not seen, 1 on the walk,
 * 2 done.  A cycle is reported once, at the event where the walk closed it,
 * and cut there.
 */
static void walk_chain(struct resolver *r, int k, char *state, int *path)
{
	struct sm__ir *ir = r->ir;
	size_t n = 0;
	int e = k;
	while (state[e] == 0) {
		state[e] = 1;
		path[n++] = e;
		if (ir->events[e].base < 0)
			break;
		e = ir->events[e].base;
	}
	if (state[e] == 1 && ir->events[e].base >= 0) {
		sm__error(r->d, ir->events[e].loc, "event '%.*s' is derived from itself",
			  (int)ir->events[e].name.len, ir->events[e].name.ptr);
		ir->events[e].base = -1; /* e is now a root: decided before the unwind */
		ir->events[e].root = e;
		ir->events[e].depth = 0;
	}
	/* Unwind: each event's root and depth follow from its base's. */
	while (n--) {
		struct sm__ir_event *ev = &ir->events[path[n]];
		const struct sm__ir_event *base = ev->base >= 0 ? &ir->events[ev->base] : NULL;
		ev->root = base ? base->root : path[n];
		ev->depth = base ? base->depth + 1 : 0;
		state[path[n]] = 2;
	}
}

/* Derived events: find each base, reject cycles, inherit the fields. */
static void link_derived(struct resolver *r)
{
	struct sm__ir *ir = r->ir;
	for (size_t k = 0; k < r->ast->nevents; k++) {
		struct sm__ast_event *a = &r->ast->events[k];
		int e = find_event(r, a->name.name);
		if (!a->derived || e < 0 || ir->events[e].loc.off != a->name.loc.off)
			continue;
		ir->events[e].base = lookup_event(r, a->base, "after '='");
		ir->events[e].where = a->where;
	}
	char *state = sm__xcalloc(ir->nevents + 1, 1);
	int *path = sm__xmalloc(sizeof *path * (ir->nevents + 1));
	for (size_t k = 0; k < ir->nevents; k++)
		walk_chain(r, (int)k, state, path);
	free(state);
	free(path);
}

static void copy_root_fields(struct sm__ir *ir)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		struct sm__ir_event *ev = &ir->events[k];
		if (ev->base < 0)
			continue;
		const struct sm__ir_event *root = &ir->events[ev->root];
		free(ev->fields);
		ev->nfields = root->nfields;
		ev->fields = sm__xcalloc(root->nfields, sizeof *ev->fields);
		if (root->nfields)
			memcpy(ev->fields, root->fields, root->nfields * sizeof *ev->fields);
	}
}

/* family: every derived event under a root, shallower ones first, so that
 * a filter's own base has been decided when the filter is evaluated.  A
 * counting sort by depth keeps it linear. */
static void build_families(struct sm__ir *ir)
{
	size_t *count = sm__xcalloc(ir->nevents + 1, sizeof *count);
	for (size_t k = 0; k < ir->nevents; k++) {
		count[ir->events[k].depth]++;
		if (ir->events[k].depth > 0)
			ir->events[ir->events[k].root].nfamily++;
	}
	for (size_t k = 0; k < ir->nevents; k++) {
		struct sm__ir_event *ev = &ir->events[k];
		if (ev->base < 0 && ev->nfamily)
			ev->family = sm__xmalloc(ev->nfamily * sizeof *ev->family);
		ev->nfamily = 0;
	}
	/* start[d]: where the events of depth d begin in `order` */
	size_t *start = sm__xcalloc(ir->nevents + 1, sizeof *start);
	for (size_t d = 1; d < ir->nevents; d++)
		start[d] = start[d - 1] + count[d - 1];
	int *order = sm__xmalloc(sizeof *order * (ir->nevents + 1));
	for (size_t k = 0; k < ir->nevents; k++)
		order[start[ir->events[k].depth]++] = (int)k;
	for (size_t i = 0; i < ir->nevents; i++) {
		const struct sm__ir_event *ev = &ir->events[order[i]];
		if (ev->depth > 0) {
			struct sm__ir_event *root = &ir->events[ev->root];
			root->family[root->nfamily++] = order[i];
		}
	}
	free(count);
	free(start);
	free(order);
}

static void resolve_wheres(struct resolver *r)
{
	for (size_t k = 0; k < r->ir->nevents; k++) {
		struct sm__ir_event *ev = &r->ir->events[k];
		if (ev->where)
			resolve_expr(r, ev->where, ev, r->ast->nconsts);
	}
}

/* ---- bindings ---- */

static struct sm__str member_of(const struct sm__ast_binding *b, struct sm__str field,
				const struct sm__ast_rename **used)
{
	for (size_t k = 0; k < b->nrenames; k++)
		if (sm__str_eq_str(b->renames[k].field.name, field)) {
			*used = &b->renames[k];
			return b->renames[k].source.name;
		}
	*used = NULL;
	return field;
}

static void check_renames(struct resolver *r, const struct sm__ast_binding *b,
			  const struct sm__ir_event *ev)
{
	for (size_t k = 0; k < b->nrenames; k++) {
		struct sm__ast_name f = b->renames[k].field;
		bool declared = false;
		for (size_t j = 0; j < ev->nfields; j++)
			declared |= sm__str_eq_str(ev->fields[j], f.name);
		if (!declared)
			sm__error(r->d, f.loc, "'%.*s' is not a declared field of event '%.*s'",
				  (int)f.name.len, f.name.ptr, (int)ev->name.len, ev->name.ptr);
	}
}

static void compile_log(struct resolver *r, const struct sm__ast_binding *b,
			struct sm__ir_binding *ib, const struct sm__ir_event *ev)
{
	char err[256];
	size_t at;
	struct sm__str *names = NULL;
	ib->re = sm__regex_compile(b->regex, &names, &ib->ngroups, err, sizeof err, &at);
	if (!ib->re) {
		struct sm__loc loc = b->regex_loc;
		if (at != SIZE_MAX) /* the pattern is the literal's text, verbatim */
			loc = (struct sm__loc){loc.src, loc.off + 1 + (uint32_t)at, 1};
		sm__error(r->d, loc, "%s", err);
		return;
	}
	r->ir->has_log = true;
	for (size_t f = 0; f < ev->nfields; f++) {
		const struct sm__ast_rename *used;
		struct sm__str want = member_of(b, ev->fields[f], &used);
		for (size_t g = 0; g < ib->ngroups; g++)
			if (sm__str_eq_str(names[g], want))
				ib->group[f] = (int)g + 1;
		/* A field renamed to a name no group has comes from the record's
		 * own fields: a syslog tag's, a journal entry's members. */
		if (!ib->group[f] && !used && sm__ir_field_slot(ev, want) < (int)ev->nfields)
			sm__warning(r->d, b->regex_loc,
				    "no group (?<%.*s>...) gives field '%.*s' of event '%.*s'; "
				    "it will be missing", (int)want.len, want.ptr,
				    (int)ev->fields[f].len, ev->fields[f].ptr,
				    (int)ev->name.len, ev->name.ptr);
	}
	free(names);
}

/*
 * `returning ENTRY [per TASK]`: the entry is another source event, whose
 * fields of the same names the return takes when its record lacks them.
 * Every return of one entry names the same task member (the entries are
 * kept under it).  Sets ib->entry and ib->from_entry.
 */
static void resolve_returning(struct resolver *r, const struct sm__ast_binding *b,
			      struct sm__ir_binding *ib)
{
	const struct sm__ir_event *ev = &r->ir->events[ib->event];
	int entry = lookup_event(r, b->returns, "after 'returning'");
	if (entry < 0)
		return;
	struct sm__ir_event *en = &r->ir->events[entry];
	if (en->base >= 0) {
		struct sm__str base = r->ir->events[en->root].name;
		sm__error(r->d, b->returns.loc, "'%.*s' is a derived event: a return pairs "
			  "with the records of a source event (its root is '%.*s')",
			  (int)en->name.len, en->name.ptr, (int)base.len, base.ptr);
		return;
	}
	if (entry == ib->event) {
		sm__error(r->d, b->returns.loc, "event '%.*s' cannot be the return of itself",
			  (int)ev->name.len, ev->name.ptr);
		return;
	}
	if (en->entry && !sm__str_eq_str(en->task, b->task.name)) {
		char other[80] = "the format's own task (no 'per')";
		if (en->task.len)
			snprintf(other, sizeof other, "'per %.*s'", (int)en->task.len, en->task.ptr);
		sm__error(r->d, b->task.name.len ? b->task.loc : b->returns.loc,
			  "another return of '%.*s' has %s: every return of one entry "
			  "names the same task", (int)en->name.len, en->name.ptr, other);
		return;
	}
	en->entry = true;
	en->task = b->task.name;
	r->ir->has_pairs = true;
	ib->entry = entry;
	for (size_t f = 0; f < ev->nfields; f++)
		for (size_t g = 0; g < en->nfields; g++)
			if (sm__str_eq_str(ev->fields[f], en->fields[g]))
				ib->from_entry[f] = (int)g;
}

/* The fetch types of the kernel's kprobe_events (Documentation/trace/
 * kprobetrace.rst) a `: TYPE` suffix may name; bitfields are not offered. */
static bool is_fetch_type(struct sm__str t)
{
	static const char *const types[] = {
		"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "x8", "x16", "x32",
		"x64", "char", "string", "ustring", "symbol", "symstr",
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(types); k++)
		if (sm__str_eq(t, types[k]))
			return true;
	return false;
}

/* What can be checked of a fetch without BTF: its variables, and that a
 * return probe reads nothing but $retval (a 6.1 kretprobe has lost the
 * arguments when it fires). */
static void check_fetch(struct resolver *r, const struct sm__ast_binding *b,
			const struct sm__fetch *f)
{
	while (f && f->a)
		f = f->a;
	if (!f)
		return;
	bool ret = b->kind == SM__BIND_KRETPROBE;
	if (f->op == SM__F_VAR && !sm__str_eq(f->name.name, "$retval"))
		sm__error(r->d, f->loc, "unknown fetch variable '%.*s' (name the function's "
			  "arguments, or $retval in a kretprobe)", (int)f->name.name.len,
			  f->name.name.ptr);
	else if (f->op == SM__F_VAR && !ret)
		sm__error(r->d, f->loc, "$retval in a kprobe: the value is known when the "
			  "function returns (use 'from kretprobe')");
	else if (f->op == SM__F_ARG && ret)
		sm__error(r->d, f->loc, "a kretprobe reads only $retval, not the argument "
			  "'%.*s' (the entry's arguments are gone when the function returns; "
			  "take them with a 'from kprobe' event)", (int)f->name.name.len,
			  f->name.name.ptr);
}

static void check_fetches(struct resolver *r, const struct sm__ast_binding *b,
			  const struct sm__ir_event *ev)
{
	for (size_t k = 0; k < b->nfetches; k++) {
		const struct sm__ast_fetch *f = &b->fetches[k];
		int slot = sm__ir_field_slot(ev, f->field.name);
		if (slot < 0 || slot >= (int)ev->nfields)
			sm__error(r->d, f->field.loc, "'%.*s' is not a declared field of event '%.*s'",
				  (int)f->field.name.len, f->field.name.ptr, (int)ev->name.len,
				  ev->name.ptr);
		for (size_t j = 0; j < k; j++)
			if (sm__str_eq_str(b->fetches[j].field.name, f->field.name))
				sm__error(r->d, f->field.loc, "field '%.*s' is fetched twice",
					  (int)f->field.name.len, f->field.name.ptr);
		if (f->type.name.len && !is_fetch_type(f->type.name))
			sm__error(r->d, f->type.loc, "unknown fetch type '%.*s' (expected u8, u16, "
				  "u32, u64, s8 ... s64, x8 ... x64, char, string, ustring, symbol "
				  "or symstr)", (int)f->type.name.len, f->type.name.ptr);
		check_fetch(r, b, f->fetch);
	}
}

static void add_binding(struct resolver *r, const struct sm__ast_binding *b, int e)
{
	const struct sm__ir_event *ev = &r->ir->events[e];
	struct sm__ir_binding ib = {0};
	/* A probe's records are ftrace text named after the probe; its fields
	 * are named after the event's (the probe line says `field=FETCH`). */
	ib.kind = b->kind >= SM__BIND_KPROBE ? SM__BIND_FTRACE : b->kind;
	if (b->kind == SM__BIND_KPROBE || b->kind == SM__BIND_KRETPROBE)
		check_fetches(r, b, ev);
	ib.event = e;
	ib.name = b->name.name;
	ib.member = sm__xcalloc(ev->nfields, sizeof *ib.member);
	ib.group = sm__xcalloc(ev->nfields, sizeof *ib.group);
	check_renames(r, b, ev);
	for (size_t f = 0; f < ev->nfields; f++) {
		const struct sm__ast_rename *used;
		ib.member[f] = member_of(b, ev->fields[f], &used);
	}
	if (b->kind == SM__BIND_LOG)
		compile_log(r, b, &ib, ev);
	ib.entry = -1;
	ib.from_entry = sm__xcalloc(ev->nfields + 1, sizeof *ib.from_entry);
	for (size_t f = 0; f < ev->nfields; f++)
		ib.from_entry[f] = -1;
	if (b->returns.name.len)
		resolve_returning(r, b, &ib);
	SM__PUSH(r->ir->bindings, r->ir->nbindings, r->cap_bindings, ib);
}

static void resolve_bindings(struct resolver *r)
{
	for (size_t k = 0; k < r->ast->nevents; k++) {
		struct sm__ast_event *a = &r->ast->events[k];
		int e = find_event(r, a->name.name);
		if (a->derived || e < 0 || r->ir->events[e].loc.off != a->name.loc.off)
			continue;
		for (size_t b = 0; b < a->nbindings; b++)
			add_binding(r, &a->bindings[b], e);
	}
}

/* ---- properties ---- */

/* An instance is created by an event that carries its whole key: a start
 * event that lacks a key field could never start one. */
static void warn_keyless_start(struct resolver *r, const struct sm__ast_property *ap,
			       const struct sm__ir_prop *p)
{
	if (p->start_event < 0)
		return;
	const struct sm__ir_event *ev = &r->ir->events[p->start_event];
	for (size_t k = 0; k < p->nkeys; k++)
		if (p->key_slot[(size_t)p->start_event * p->nkeys + k] < 0)
			sm__warning(r->d, ap->aut.start.loc,
				    "start event '%.*s' has no key field '%.*s': it starts only the "
				    "instances of '%.*s' that other events create", (int)ev->name.len, ev->name.ptr,
				    (int)p->keys[k].len, p->keys[k].ptr, (int)p->name.len,
				    p->name.ptr);
}

static void resolve_keys(struct resolver *r, const struct sm__ast_property *ap,
			 struct sm__ir_prop *p)
{
	struct sm__ir *ir = r->ir;
	if (ap->nkeys > SM__MAX_KEYS) {
		sm__error(r->d, ap->keys[SM__MAX_KEYS].loc, "at most %d key fields", SM__MAX_KEYS);
		return;
	}
	p->nkeys = ap->nkeys;
	p->keys = sm__xcalloc(ap->nkeys, sizeof *p->keys);
	p->key_slot = sm__xmalloc(sizeof(int) * (ir->nevents * ap->nkeys + 1));
	for (size_t k = 0; k < ap->nkeys; k++) {
		p->keys[k] = ap->keys[k].name;
		for (size_t j = 0; j < k; j++)
			if (sm__str_eq_str(p->keys[j], p->keys[k]))
				sm__error(r->d, ap->keys[k].loc, "key field '%.*s' is listed twice",
					  (int)p->keys[k].len, p->keys[k].ptr);
		bool carried = false;
		for (size_t e = 0; e < ir->nevents; e++) {
			int slot = sm__ir_field_slot(&ir->events[e], p->keys[k]);
			p->key_slot[e * ap->nkeys + k] = slot;
			carried |= p->alphabet[e] && slot >= 0;
		}
		if (!carried)
			sm__error(r->d, ap->keys[k].loc,
				  "no event of '%.*s' has the key field '%.*s'",
				  (int)p->name.len, p->name.ptr, (int)p->keys[k].len,
				  p->keys[k].ptr);
	}
	warn_keyless_start(r, ap, p);
}

/* ---- clock expressions (DESIGN.md §2.3) ---- */

/* Bounds on a relation's compiled expressions, named clocks expanded: a
 * chain of clocks each used twice by the next doubles at every step. */
#define MAX_CLOCK_NODES 4096
#define MAX_CLOCK_DEPTH 1000

enum clock_check { CLOCK_FRESH, CLOCK_EXPANDING, CLOCK_OK, CLOCK_BAD };

static int compile_clock(struct resolver *r, struct sm__ir_prop *p,
			 const struct sm__clock_expr *c, int depth);

static void unknown_clock(struct resolver *r, struct sm__ast_name n)
{
	size_t nev = r->ir->nevents, nk = r->ast->nclocks;
	struct sm__str *names = sm__xmalloc(sizeof *names * (nev + nk + 1));
	for (size_t k = 0; k < nev; k++)
		names[k] = r->ir->events[k].name;
	for (size_t k = 0; k < nk; k++)
		names[nev + k] = r->ast->clocks[k].name.name;
	char hint[128];
	sm__suggest(n.name, names, nev + nk, hint, sizeof hint);
	free(names);
	sm__error(r->d, n.loc, "unknown event or clock '%.*s'%s", (int)n.name.len, n.name.ptr,
		  hint);
}

/* A named clock is expanded where it is used: each use has its own state. */
static int compile_named(struct resolver *r, struct sm__ir_prop *p, struct sm__ast_clock *k,
			 struct sm__ast_name use, int depth)
{
	if (k->busy == CLOCK_BAD)
		return -1; /* reported where it is declared */
	if (k->busy == CLOCK_EXPANDING) {
		sm__error(r->d, use.loc, "clock '%.*s' is defined through itself",
			  (int)use.name.len, use.name.ptr);
		return -1;
	}
	int fresh = k->busy == CLOCK_FRESH;
	k->busy = CLOCK_EXPANDING;
	int node = compile_clock(r, p, k->expr, depth + 1);
	k->busy = node >= 0 || !fresh ? CLOCK_OK : CLOCK_BAD;
	return node;
}

static int add_clock_node(struct resolver *r, struct sm__ir_prop *p, struct sm__clock_node node)
{
	SM__PUSH(p->clock, p->nclock, r->cap_clock, node);
	return (int)p->nclock - 1;
}

static int compile_name(struct resolver *r, struct sm__ir_prop *p,
			const struct sm__clock_expr *c, int depth)
{
	int e = find_event(r, c->name.name);
	if (e >= 0) {
		p->alphabet[e] = true;
		struct sm__clock_node node = {SM__C_EVENT, e, -1, (int)p->nclock, -1, 0, NULL, 0, 0,
					      c->name.name};
		return add_clock_node(r, p, node);
	}
	int k = sm__names_get(&r->clocks, c->name.name);
	if (k >= 0)
		return compile_named(r, p, &r->ast->clocks[k], c->name, depth);
	if (c->name.name.len)
		unknown_clock(r, c->name);
	return -1;
}

/* One operator after its operands (post-order); -1 after an error. */
static int compile_clock(struct resolver *r, struct sm__ir_prop *p,
			 const struct sm__clock_expr *c, int depth)
{
	if (depth > MAX_CLOCK_DEPTH || p->nclock >= MAX_CLOCK_NODES) {
		sm__error(r->d, c->loc, "clock expression too large (more than %d operators or "
			  "%d levels, named clocks expanded)", MAX_CLOCK_NODES, MAX_CLOCK_DEPTH);
		return -1;
	}
	if (c->op == SM__C_EVENT)
		return compile_name(r, p, c, depth);
	int first = (int)p->nclock;
	int a = compile_clock(r, p, c->a, depth + 1);
	int b = c->b ? compile_clock(r, p, c->b, depth + 1) : -1;
	if (a < 0 || (c->b && b < 0))
		return -1;
	bool stateful = c->op != SM__C_UNION && c->op != SM__C_INTER && c->op != SM__C_MINUS;
	struct sm__clock_node node = {c->op, a, b, first,
				      stateful ? (int)p->nclock_state++ : -1, c->n,
				      c->word, c->prefix, c->period, sm__loc_text(c->loc)};
	return add_clock_node(r, p, node);
}

/* Named clocks: unique names, not events', each checked once even if unused. */
static void declare_clocks(struct resolver *r)
{
	for (size_t k = 0; k < r->ast->nclocks; k++) {
		struct sm__ast_name n = r->ast->clocks[k].name;
		if (find_event(r, n.name) >= 0)
			sm__error(r->d, n.loc, "'%.*s' is already declared as an event",
				  (int)n.name.len, n.name.ptr);
		else if (sm__names_put(&r->clocks, n.name, (int)k) >= 0)
			sm__error(r->d, n.loc, "clock '%.*s' is already defined",
				  (int)n.name.len, n.name.ptr);
	}
	struct sm__ir_prop scratch = {0};
	r->cap_clock = 0;
	scratch.alphabet = sm__xcalloc(r->ir->nevents + 1, sizeof *scratch.alphabet);
	for (size_t k = 0; k < r->ast->nclocks; k++) {
		struct sm__ast_clock *c = &r->ast->clocks[k];
		scratch.nclock = scratch.nclock_state = 0;
		if (c->busy == CLOCK_FRESH)
			compile_named(r, &scratch, c, c->name, 0);
	}
	free(scratch.clock);
	free(scratch.alphabet);
	r->cap_clock = 0;
}

static void resolve_relation(struct resolver *r, const struct sm__ast_property *ap,
			     struct sm__ir_prop *p)
{
	p->rel = ap->rel.kind;
	p->bound = ap->rel.has_bound ? ap->rel.bound : 0;
	p->within = ap->rel.within;
	p->rel_text = ap->rel.text;
	p->a_text = sm__loc_text(ap->rel.ca->loc);
	p->b_text = sm__loc_text(ap->rel.cb->loc);
	p->ca = compile_clock(r, p, ap->rel.ca, 0);
	p->cb = compile_clock(r, p, ap->rel.cb, 0);
	p->a = p->ca >= 0 && p->clock[p->ca].op == SM__C_EVENT ? p->clock[p->ca].a : -1;
	p->b = p->cb >= 0 && p->clock[p->cb].op == SM__C_EVENT ? p->clock[p->cb].a : -1;
}

static int add_state(struct resolver *r, struct sm__ir_prop *p, struct sm__str name)
{
	int s = sm__names_put(&r->states, name, (int)p->nstates);
	if (s >= 0)
		return s;
	size_t n = p->nstates;
	SM__PUSH(p->final, n, r->cap_final, false);
	SM__PUSH(p->states, p->nstates, r->cap_states, name);
	return (int)p->nstates - 1;
}

/* `reset(clk)`: clk must be a clock of the automaton. */
static void resolve_reset(struct resolver *r, const struct sm__ast_action *aa,
			  const struct sm__ir_prop *p, struct sm__ir_action *ia)
{
	struct sm__ast_name t = aa->target;
	ia->clock = index_of(p->clocks, p->nclocks, t.name);
	if (ia->clock >= 0)
		return;
	char hint[128];
	sm__suggest(t.name, p->clocks, p->nclocks, hint, sizeof hint);
	if (index_of(p->vars, p->nvars, t.name) >= 0)
		sm__error(r->d, t.loc, "'%.*s' is a variable, not a clock: assign it with "
			  "'%.*s = EXPR'", (int)t.name.len, t.name.ptr, (int)t.name.len, t.name.ptr);
	else
		sm__error(r->d, t.loc, "unknown clock '%.*s' in reset() (declare it with "
			  "'clock %.*s')%s", (int)t.name.len, t.name.ptr, (int)t.name.len,
			  t.name.ptr, hint);
}

/* `x = value`: x must be a variable of the automaton, not a field, a
 * constant or a clock; value reads what guards read. */
static void resolve_assign(struct resolver *r, const struct sm__ast_action *aa,
			   const struct sm__ir_event *ev, const struct sm__ir_prop *p,
			   struct sm__ir_action *ia)
{
	struct sm__ast_name t = aa->target;
	int n = (int)t.name.len;
	ia->var = index_of(p->vars, p->nvars, t.name);
	if (ia->var >= 0) {
		/* fine */
	} else if (index_of(p->clocks, p->nclocks, t.name) >= 0) {
		sm__error(r->d, t.loc, "'%.*s' is a clock: it can only be reset, with "
			  "'reset(%.*s)'", n, t.name.ptr, n, t.name.ptr);
	} else if (ev && sm__ir_field_slot(ev, t.name) >= 0) {
		sm__error(r->d, t.loc, "cannot assign to '%.*s', a field of event '%.*s' "
			  "(actions assign variables: declare one with 'var')", n, t.name.ptr,
			  (int)ev->name.len, ev->name.ptr);
	} else if (find_const(r, t.name, r->ast->nconsts) >= 0) {
		sm__error(r->d, t.loc, "cannot assign to '%.*s', a constant", n, t.name.ptr);
	} else {
		char hint[128];
		sm__suggest(t.name, p->vars, p->nvars, hint, sizeof hint);
		sm__error(r->d, t.loc, "unknown variable '%.*s' (declare it with 'var %.*s = 0')%s",
			  n, t.name.ptr, n, t.name.ptr, hint);
	}
	resolve_expr(r, aa->value, ev, r->ast->nconsts);
}

static void resolve_actions(struct resolver *r, const struct sm__ast_edge *ae,
			    const struct sm__ir_prop *p, struct sm__ir_edge *ie)
{
	const struct sm__ir_event *ev = ie->event >= 0 ? &r->ir->events[ie->event] : NULL;
	ie->nactions = ae->nactions;
	ie->actions = sm__xcalloc(ae->nactions, sizeof *ie->actions);
	for (size_t k = 0; k < ae->nactions; k++) {
		struct sm__ir_action *ia = &ie->actions[k];
		ia->var = ia->clock = -1;
		ia->value = ae->actions[k].value;
		if (ia->value)
			resolve_assign(r, &ae->actions[k], ev, p, ia);
		else
			resolve_reset(r, &ae->actions[k], p, ia);
	}
}

/* A number written without a unit: a decimal or 0x-hex literal alone. */
static bool bare_number(struct sm__str t)
{
	bool hex = t.len > 2 && t.ptr[0] == '0' && (t.ptr[1] == 'x' || t.ptr[1] == 'X');
	size_t k = hex ? 2 : 0;
	if (k == t.len)
		return false;
	for (; k < t.len; k++) {
		int d = sm__hex_digit(t.ptr[k]);
		if (d < 0 || (!hex && d > 9))
			return false;
	}
	return true;
}

/* A model's clock is compared in nanoseconds (durations): a parameter it
 * is compared with must say its unit, whatever unit the kernel counts in
 * (stall's threshold_jiffies is in jiffies, nomiss's DEADLINE_NS in ns). */
static void check_unit(struct resolver *r)
{
	const struct sm__ast_param *b = r->bare;
	if (!b)
		return;
	int n = (int)b->name.name.len;
	sm__error(r->d, b->value->loc, "parameter '%.*s' is compared with a clock: give its "
		  "value a unit (ns, us, ms or s), e.g. %.*s = 4s", n, b->name.name.ptr, n,
		  b->name.name.ptr);
	r->bare = NULL; /* once per binding */
}

/* A DOT guard is an expression over the fields of the edge's event. */
static void parse_dot_guard(struct resolver *r, struct sm__ast_edge *ae)
{
	if (!ae->guard_text.len || ae->guard)
		return;
	ae->guard = sm__parse_expr_at(ae->guard_text, r->d);
	ae->guard_loc = ae->guard_text;
}

static void resolve_edge(struct resolver *r, struct sm__ast_edge *ae, struct sm__ir_prop *p,
			 struct sm__ir_edge *ie)
{
	ie->from = ae->from.name.len ? add_state(r, p, ae->from.name) : SM__ANY_STATE;
	ie->to = ae->to.name.len ? add_state(r, p, ae->to.name) : SM__STAY;
	ie->event = lookup_event(r, ae->event, "on this edge");
	ie->loc = ae->loc;
	parse_dot_guard(r, ae);
	ie->guard = ae->guard;
	ie->guard_loc = ae->guard_loc;
	resolve_actions(r, ae, p, ie);
	if (ie->event < 0)
		return;
	p->alphabet[ie->event] = true;
	size_t errors = r->d->nerrors;
	r->read_instance = r->read_clock = false;
	r->bare = NULL;
	resolve_expr(r, ie->guard, &r->ir->events[ie->event], r->ast->nconsts);
	p->guards_read_instance |= r->read_instance;
	if (r->read_clock)
		check_unit(r);
	if (r->d->nerrors > errors && p->model.len && !r->noted[ie->event]) {
		const struct sm__ir_event *ev = &r->ir->events[ie->event];
		r->noted[ie->event] = true;
		sm__note(r->d, ev->loc, "declare the fields this model's guards use, e.g. "
			 "'event %.*s(FIELD)', to check them", (int)ev->name.len, ev->name.ptr);
	}
}

struct own_edge {
	int from, root, edge;
};

static int cmp_own(const void *x, const void *y)
{
	const struct own_edge *a = x, *b = y;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->root != b->root)
		return a->root < b->root ? -1 : 1;
	return (a->edge > b->edge) - (a->edge < b->edge);
}

/* The '*' edges of each source event, in source order (a counting sort). */
static void build_any(struct sm__ir *ir, struct sm__ir_prop *p)
{
	p->any_at = sm__xcalloc(ir->nevents + 2, sizeof *p->any_at);
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from == SM__ANY_STATE && p->edges[k].event >= 0)
			p->any_at[ir->events[p->edges[k].event].root + 2]++;
	for (size_t r = 2; r < ir->nevents + 2; r++)
		p->any_at[r] += p->any_at[r - 1];
	p->any = sm__xmalloc(sizeof *p->any * (size_t)(p->any_at[ir->nevents + 1] + 1));
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from == SM__ANY_STATE && p->edges[k].event >= 0)
			p->any[p->any_at[ir->events[p->edges[k].event].root + 1]++] = (int)k;
}

/* Candidate edges per (state, source event), in the order they are tried:
 * the state's own edges grouped by (state, root), sorted, plus build_any. */
static void build_candidates(struct sm__ir *ir, struct sm__ir_prop *p)
{
	struct own_edge *v = sm__xmalloc(sizeof *v * (p->nedges + 1));
	size_t n = 0;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].from >= 0 && p->edges[k].event >= 0)
			v[n++] = (struct own_edge){p->edges[k].from,
						   ir->events[p->edges[k].event].root, (int)k};
	qsort(v, n, sizeof *v, cmp_own);
	p->own = sm__xmalloc(sizeof *p->own * (n + 1));
	p->grp = sm__xmalloc(sizeof *p->grp * (n + 1));
	p->grp_at = sm__xcalloc(p->nstates + 1, sizeof *p->grp_at);
	int ngroups = 0;
	for (size_t i = 0; i < n; i++) {
		p->own[i] = v[i].edge;
		if (i == 0 || v[i].from != v[i - 1].from || v[i].root != v[i - 1].root) {
			p->grp[ngroups++] = (struct sm__cand_group){v[i].root, (int)i};
			p->grp_at[v[i].from + 1] = ngroups;
		}
	}
	p->grp[ngroups] = (struct sm__cand_group){-1, (int)n}; /* sentinel */
	for (size_t s = 1; s <= p->nstates; s++) /* states without edges */
		if (p->grp_at[s] < p->grp_at[s - 1])
			p->grp_at[s] = p->grp_at[s - 1];
	free(v);
	build_any(ir, p);
}

/* `start on|with EVENT` and `after violation POLICY` (DESIGN.md §2.4).  The
 * start event joins the alphabet so that it is dispatched to the property
 * even when no edge uses it. */
static void resolve_start_after(struct resolver *r, const struct sm__ast_automaton *aut,
				struct sm__ir_prop *p)
{
	if (aut->start.name.len) {
		p->start_with = aut->start_with;
		p->start_event = lookup_event(r, aut->start, aut->start_with ? "after 'start with'"
									      : "after 'start on'");
		if (p->start_event >= 0)
			p->alphabet[p->start_event] = true;
	}
	struct sm__str policy = aut->after.name;
	p->after = sm__str_eq(policy, "restart") ? SM__AFTER_RESTART
		 : sm__str_eq(policy, "stop")    ? SM__AFTER_STOP
						 : SM__AFTER_IGNORE; /* the parser checked */
}

/* Is n already among the variables or clocks declared so far?  Says so. */
static bool declared_twice(struct resolver *r, struct sm__ast_name n, const struct sm__str *vars,
			   size_t nvars, const struct sm__str *clocks, size_t nclocks)
{
	bool var = index_of(vars, nvars, n.name) >= 0;
	if (!var && index_of(clocks, nclocks, n.name) < 0)
		return false;
	sm__error(r->d, n.loc, "'%.*s' is already declared as a %s of this automaton",
		  (int)n.name.len, n.name.ptr, var ? "variable" : "clock");
	return true;
}

/* `var x = EXPR, ...` (EXPR: constants only) and `clock c, ...`. */
static void resolve_vars(struct resolver *r, const struct sm__ast_automaton *aut,
			 struct sm__ir_prop *p)
{
	p->vars = sm__xcalloc(aut->nvars, sizeof *p->vars);
	p->var_init = sm__xcalloc(aut->nvars, sizeof *p->var_init);
	p->clocks = sm__xcalloc(aut->nclocks, sizeof *p->clocks);
	for (size_t k = 0; k < aut->nvars; k++) {
		const struct sm__ast_var *v = &aut->vars[k];
		declared_twice(r, v->name, p->vars, p->nvars, NULL, 0);
		p->vars[p->nvars++] = v->name.name;
		size_t errors = r->d->nerrors;
		if (resolve_expr(r, v->init, NULL, r->ast->nconsts) == T_STR)
			sm__error(r->d, v->init->loc, "variables are integers");
		if (r->d->nerrors > errors)
			continue;
		struct sm__env none = {0};
		struct sm__value val = sm__eval(v->init, &none);
		if (val.kind != SM__VAL_INT)
			sm__error(r->d, v->init->loc, "this initial value has no value "
				  "(division by zero or a shift out of 0..63)");
		p->var_init[k] = val.i;
	}
	for (size_t k = 0; k < aut->nclocks; k++) {
		declared_twice(r, aut->clocks[k], p->vars, p->nvars, p->clocks, p->nclocks);
		p->clocks[p->nclocks++] = aut->clocks[k].name;
	}
}

/* A variable or clock may not share its name with a field of the
 * automaton's events or with a constant: which one a guard meant would be
 * a guess. */
static void check_shadowing(struct resolver *r, struct sm__ast_name n, const struct sm__ir_prop *p)
{
	if (find_const(r, n.name, r->ast->nconsts) >= 0)
		sm__error(r->d, n.loc, "'%.*s' is already a constant; give the variable or "
			  "clock another name", (int)n.name.len, n.name.ptr);
	for (size_t e = 0; e < r->ir->nevents; e++) {
		const struct sm__ir_event *ev = &r->ir->events[e];
		if (!p->alphabet[e] || sm__ir_field_slot(ev, n.name) < 0)
			continue;
		sm__error(r->d, n.loc, "'%.*s' is already a field of event '%.*s'; give the "
			  "variable or clock another name", (int)n.name.len, n.name.ptr,
			  (int)ev->name.len, ev->name.ptr);
		return;
	}
}

/* An invariant's bound: a constant integer (a duration). */
static bool invariant_limit(struct resolver *r, struct sm__expr *e, int64_t *limit)
{
	size_t errors = r->d->nerrors;
	if (resolve_expr(r, e, NULL, r->ast->nconsts) == T_STR)
		sm__error(r->d, e->loc, "an invariant's bound is a duration, not a string");
	if (r->d->nerrors > errors)
		return false;
	struct sm__env none = {0};
	struct sm__value v = sm__eval(e, &none);
	if (v.kind != SM__VAL_INT) {
		sm__error(r->d, e->loc, "this bound has no value (division by zero or a shift "
			  "out of 0..63)");
		return false;
	}
	*limit = v.i;
	return true;
}

/*
 * `invariant STATE: CLOCK < BOUND` (or <=), BOUND a constant duration: the
 * instance may stay in STATE while CLOCK is below it (DESIGN.md §2.4).  It
 * becomes a deadline, so only that form is accepted.
 */
static void resolve_invariant(struct resolver *r, const struct sm__ast_invariant *ai,
			      struct sm__ir_prop *p)
{
	struct sm__expr *e = ai->cond;
	int s = sm__names_get(&r->states, ai->state.name); /* added before the edges */
	int c = -1;
	if ((e->op == SM__E_LT || e->op == SM__E_LE) && e->a->op == SM__E_NAME)
		c = index_of(p->clocks, p->nclocks, e->a->s);
	if (c < 0) {
		sm__error(r->d, e->loc, "expected an invariant of the form 'CLOCK < DURATION' "
			  "or 'CLOCK <= DURATION', with a clock declared by 'clock'");
		return;
	}
	if (p->inv_clock[s] >= 0) {
		sm__error(r->d, ai->state.loc, "state '%.*s' already has an invariant",
			  (int)ai->state.name.len, ai->state.name.ptr);
		return;
	}
	int64_t limit;
	r->bare = NULL;
	bool ok = invariant_limit(r, e->b, &limit);
	check_unit(r);
	if (!ok)
		return;
	if (limit < 0 || (limit == 0 && e->op == SM__E_LT)) {
		sm__error(r->d, e->b->loc, "this bound leaves no time in the state: an "
			  "invariant's bound must be %s 0", e->op == SM__E_LT ? "above" : "at least");
		return;
	}
	struct sm__str bound = sm__loc_text(e->b->loc);
	if (bare_number(bound)) {
		sm__warning(r->d, e->b->loc, "a bound without a unit is read as nanoseconds: "
			    "write %.*sns, or give it in us, ms or s", (int)bound.len, bound.ptr);
	}
	p->inv_clock[s] = c;
	/* the largest value the clock may reach: below the bound for '<' */
	p->inv_strict[s] = e->op == SM__E_LT;
	p->inv_limit[s] = p->inv_strict[s] ? limit - 1 : limit;
	p->inv_loc[s] = e->loc;
	p->has_invariants = true;
}

static void resolve_invariants(struct resolver *r, const struct sm__ast_automaton *aut,
			       struct sm__ir_prop *p)
{
	p->inv_clock = sm__xmalloc(sizeof *p->inv_clock * (p->nstates + 1));
	p->inv_limit = sm__xcalloc(p->nstates + 1, sizeof *p->inv_limit);
	p->inv_loc = sm__xcalloc(p->nstates + 1, sizeof *p->inv_loc);
	p->inv_strict = sm__xcalloc(p->nstates + 1, sizeof *p->inv_strict);
	for (size_t s = 0; s < p->nstates; s++)
		p->inv_clock[s] = -1;
	for (size_t k = 0; k < aut->ninvariants; k++)
		resolve_invariant(r, &aut->invariants[k], p);
}

/* `start with E` takes E as a step from the initial state: an E that no
 * edge uses could only be refused there.  `start on E` says what is meant. */
static void check_start_with(struct resolver *r, const struct sm__ast_automaton *aut,
			     const struct sm__ir_prop *p)
{
	if (!p->start_with || p->start_event < 0)
		return;
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].event == p->start_event)
			return;
	sm__error(r->d, aut->start.loc, "'start with %.*s' takes %.*s as a step, but no edge "
		  "uses it: write 'start on %.*s'", (int)aut->start.name.len, aut->start.name.ptr,
		  (int)aut->start.name.len, aut->start.name.ptr, (int)aut->start.name.len,
		  aut->start.name.ptr);
}

/* Does e say a unit (4s, or a constant that does)?  Constants are looked
 * up among those before `before`, so the search ends. */
static bool written_with_unit(struct resolver *r, const struct sm__expr *e, size_t before)
{
	if (!e)
		return false;
	struct sm__str t = sm__loc_text(e->loc);
	bool digit = t.len && t.ptr[0] >= '0' && t.ptr[0] <= '9';
	if (e->op == SM__E_NAME || (e->op == SM__E_INT && !digit)) { /* a constant, maybe inlined */
		int c = find_const(r, e->op == SM__E_NAME ? e->s : t, before);
		return c >= 0 && written_with_unit(r, r->ast->consts[c].value, (size_t)c);
	}
	if (e->op == SM__E_INT) /* units end in 's'; hex digits do not */
		return t.ptr[t.len - 1] == 's';
	return written_with_unit(r, e->a, before) || written_with_unit(r, e->b, before);
}

/* The values bound after a DOT model: constant integers, read once. */
static void resolve_params(struct resolver *r, struct sm__ast_automaton *aut)
{
	for (size_t k = 0; k < aut->nparams; k++) {
		struct sm__ast_param *b = &aut->params[k];
		b->has_unit = written_with_unit(r, b->value, r->ast->nconsts);
		size_t errors = r->d->nerrors;
		if (resolve_expr(r, b->value, NULL, r->ast->nconsts) == T_STR)
			sm__error(r->d, b->value->loc, "a parameter's value is a number or a "
				  "duration, not a string");
		if (r->d->nerrors > errors)
			continue;
		struct sm__env none = {0};
		struct sm__value v = sm__eval(b->value, &none);
		if (v.kind != SM__VAL_INT)
			sm__error(r->d, b->value->loc, "this value has none (division by zero or "
				  "a shift out of 0..63)");
		b->i = v.i;
		b->ok = v.kind == SM__VAL_INT;
	}
}

/* A binding the model never reads is a mistake: a misspelt name, most
 * likely, which would leave the real parameter unbound. */
static void check_params_used(struct resolver *r, const struct sm__ast_automaton *aut)
{
	for (size_t k = 0; k < aut->nparams; k++) {
		const struct sm__ast_param *b = &aut->params[k];
		if (b->used)
			continue;
		char hint[128];
		sm__suggest(b->name.name, r->asked, r->nasked, hint, sizeof hint);
		sm__error(r->d, b->name.loc, "model %s has no parameter '%.*s'%s", aut->model->name,
			  (int)b->name.name.len, b->name.name.ptr, hint);
	}
}

static void resolve_automaton(struct resolver *r, struct sm__ast_property *ap,
			      struct sm__ir_prop *p)
{
	struct sm__ast_automaton *aut = &ap->aut;
	sm__names_free(&r->states); /* each automaton has its own states */
	r->cap_states = r->cap_final = 0;
	if (aut->model) {
		p->model = (struct sm__str){aut->model->name, strlen(aut->model->name)};
		r->model = aut;
		r->nasked = 0;
		resolve_params(r, aut);
	}
	if (!aut->initial.name.len) {
		sm__error(r->d, ap->name.loc, "automaton '%.*s' has no 'initial' state",
			  (int)ap->name.name.len, ap->name.name.ptr);
		return;
	}
	resolve_start_after(r, aut, p);
	p->initial = add_state(r, p, aut->initial.name);
	for (size_t k = 0; k < aut->nstates; k++)
		add_state(r, p, aut->states[k].name.name);
	for (size_t k = 0; k < aut->ninvariants; k++) /* a state, as an edge names one */
		add_state(r, p, aut->invariants[k].state.name);
	resolve_vars(r, aut, p);
	p->edges = sm__xcalloc(aut->nedges, sizeof *p->edges);
	p->nedges = aut->nedges;
	r->aut = p;
	for (size_t k = 0; k < aut->nedges; k++)
		resolve_edge(r, &aut->edges[k], p, &p->edges[k]);
	r->aut = NULL;
	for (size_t k = 0; k < aut->nvars; k++)
		check_shadowing(r, aut->vars[k].name, p);
	for (size_t k = 0; k < aut->nclocks; k++)
		check_shadowing(r, aut->clocks[k], p);
	for (size_t k = 0; k < aut->nstates; k++)
		if (aut->states[k].final)
			p->final[sm__names_get(&r->states, aut->states[k].name.name)] = true;
	if (!aut->has_final)
		p->final[p->initial] = true; /* as in Linux RV */
	resolve_invariants(r, aut, p);
	if (p->nstates > INT16_MAX)
		sm__error(r->d, ap->name.loc, "automaton '%.*s' has more than %d states",
			  (int)ap->name.name.len, ap->name.name.ptr, INT16_MAX);
	check_start_with(r, aut, p);
	build_candidates(r->ir, p);
	if (r->model)
		check_params_used(r, aut);
}

static void resolve_property(struct resolver *r, struct sm__ast_property *ap)
{
	struct sm__ir *ir = r->ir;
	for (size_t k = 0; k < ir->nprops; k++)
		if (sm__str_eq_str(ir->props[k].name, ap->name.name))
			sm__error(r->d, ap->name.loc, "property '%.*s' is already defined",
				  (int)ap->name.name.len, ap->name.name.ptr);
	struct sm__ir_prop p = {0};
	p.kind = ap->kind;
	p.name = ap->name.name;
	if (ap->title)
		p.title = (struct sm__str){ap->title, strlen(ap->title)};
	p.loc = ap->name.loc;
	p.alphabet = sm__xcalloc(ir->nevents + 1, sizeof *p.alphabet);
	p.start_event = -1;
	r->cap_clock = 0;
	if (ap->kind == SM__PROP_RELATION)
		resolve_relation(r, ap, &p);
	else
		resolve_automaton(r, ap, &p);
	r->model = NULL;
	resolve_keys(r, ap, &p);
	SM__PUSH(ir->props, ir->nprops, r->cap_props, p);
}

/* Each source event lists the properties that any of its family moves. */
static void build_listeners(struct sm__ir *ir)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		struct sm__ir_event *root = &ir->events[ir->events[k].root];
		for (size_t pi = 0; pi < ir->nprops; pi++) {
			if (!ir->props[pi].alphabet[k])
				continue;
			bool listed = false;
			for (size_t j = 0; j < root->nprops; j++)
				listed |= root->props[j] == (int)pi;
			if (!listed) {
				root->props = sm__xrealloc(root->props,
							   (root->nprops + 1) * sizeof(int));
				root->props[root->nprops++] = (int)pi;
			}
		}
	}
}

/* DOT models name events the spec may not declare: those become plain
 * events bound by name, with the built-in fields only. */
static void declare_model_events(struct resolver *r)
{
	struct sm__ast *ast = r->ast;
	for (size_t k = 0; k < ast->nprops; k++) {
		struct sm__ast_automaton *aut = &ast->props[k].aut;
		if (!aut->model)
			continue;
		for (size_t e = 0; e < aut->nedges; e++) {
			struct sm__ast_name n = aut->edges[e].event;
			if (find_event(r, n.name) >= 0)
				continue;
			struct sm__ast_event ev = {0};
			ev.name = n;
			ev.implicit = true;
			struct sm__ast_binding b = {0};
			b.kind = SM__BIND_DEFAULT;
			b.name = n;
			SM__PUSH(ev.bindings, ev.nbindings, ev.capbindings, b);
			SM__PUSH(ast->events, ast->nevents, ast->capevents, ev);
			add_event(r, &ast->events[ast->nevents - 1]);
		}
	}
}

bool sm__resolve(struct sm__ast *ast, struct sm__ir *ir, struct sm__diags *d)
{
	memset(ir, 0, sizeof *ir);
	ir->ast = *ast;
	memset(ast, 0, sizeof *ast);
	struct resolver r = {.ir = ir, .d = d, .ast = &ir->ast};
	size_t errors = d->nerrors;
	ir->name = ir->ast.spec_name.name;
	ir->instants_timestamp = ir->ast.instants_timestamp;
	if (ir->ast.title)
		ir->title = (struct sm__str){ir->ast.title, strlen(ir->ast.title)};
	resolve_defs(&r);
	fold_consts(&r);
	for (size_t k = 0; k < ir->ast.nevents; k++)
		add_event(&r, &ir->ast.events[k]);
	declare_model_events(&r);
	link_derived(&r);
	copy_root_fields(ir);
	resolve_wheres(&r);
	build_families(ir);
	resolve_bindings(&r);
	declare_clocks(&r);
	r.noted = sm__xcalloc(ir->nevents + 1, sizeof *r.noted);
	for (size_t k = 0; k < ir->ast.nprops; k++)
		resolve_property(&r, &ir->ast.props[k]);
	build_listeners(ir);
	for (size_t k = 0; k < ir->nprops; k++)
		ir->has_deadlines |= ir->props[k].has_invariants ||
				     (ir->props[k].kind == SM__PROP_RELATION &&
				      ir->props[k].rel == SM__REL_WITHIN);
	if (d->nerrors == errors)
		sm__lint(ir, d);
	free(r.consts);
	free(r.const_ok);
	free(r.noted);
	free(r.def_bad);
	sm__names_free(&r.defs);
	sm__names_free(&r.events);
	sm__names_free(&r.const_names);
	sm__names_free(&r.states);
	sm__names_free(&r.clocks);
	free(r.asked);
	return d->nerrors == errors;
}

void sm__ir_free(struct sm__ir *ir)
{
	for (size_t k = 0; k < ir->nevents; k++) {
		free(ir->events[k].fields);
		free(ir->events[k].family);
		free(ir->events[k].props);
	}
	free(ir->events);
	for (size_t k = 0; k < ir->nbindings; k++) {
		free(ir->bindings[k].member);
		free(ir->bindings[k].group);
		free(ir->bindings[k].from_entry);
		pcre2_code_free(ir->bindings[k].re);
	}
	free(ir->bindings);
	for (size_t k = 0; k < ir->nprops; k++) {
		struct sm__ir_prop *p = &ir->props[k];
		free(p->keys);
		free(p->key_slot);
		free(p->alphabet);
		free(p->states);
		free(p->final);
		for (size_t e = 0; e < p->nedges; e++)
			free(p->edges[e].actions);
		free(p->edges);
		free(p->vars);
		free(p->var_init);
		free(p->inv_clock);
		free(p->inv_limit);
		free(p->inv_loc);
		free(p->inv_strict);
		free(p->clocks);
		free(p->grp_at);
		free(p->grp);
		free(p->own);
		free(p->any_at);
		free(p->any);
		free(p->clock);
	}
	free(ir->props);
	sm__ast_free(&ir->ast);
	memset(ir, 0, sizeof *ir);
}
