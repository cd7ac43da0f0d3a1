/*
 * graph.c: a resolved spec as Graphviz DOT (DESIGN.md §3, `specmon graph`).
 *
 * One digraph, one cluster per property, in the spec's order; everything in
 * a cluster comes in IR order, so the output is the same on every run.
 * Every ID is quoted; the property's name prefixes its nodes' IDs, as two
 * properties may have states of the same name.
 *
 * Automata are drawn as the kernel's rvgen draws its models: an invisible
 * "__init_STATE" node with an arrow to the initial state (labelled `start
 * on E` / `start with E` when the instance waits for E), final states as
 * doublecircle, the others as circle, a state's invariant on a second line
 * of its label.  Edges are labelled `event [guard] / actions`.  The `*`
 * edges (from any state) leave one dashed "any state" node, with dashed
 * edges; `* -> *` (stay) is a loop on it.  Drawn from every state instead
 * they were states x edges arrows: the VirtIO status automaton's two `*`
 * edges became 14 crossing ones, which hid its own 6; one node says what
 * the spec says, once.
 *
 * A relation is its two sides as written (box nodes, as they are clocks,
 * not states) and an edge from the first to the second labelled with the
 * relation: `precedes bound 2`; `b within 100ms after a` is an edge from a
 * (which opens the deadline) to b labelled `within 100ms`.
 */
#include "graph.h"

#include <inttypes.h>
#include <string.h>

/* Text inside a DOT string: '"' and '\' escaped, line breaks and tabs (a
 * guard written over several lines) as one space, other control bytes as
 * '?'.  Bytes from 0x80 (UTF-8) go as they are. */
static void add_text(struct sm__buf *b, struct sm__str s)
{
	for (size_t k = 0; k < s.len; k++) {
		unsigned char c = (unsigned char)s.ptr[k];
		if (c == '"' || c == '\\') {
			sm__buf_addc(b, '\\');
			sm__buf_addc(b, (char)c);
		} else if (c == '\n' || c == '\r' || c == '\t') {
			while (k + 1 < s.len && strchr("\n\r\t ", s.ptr[k + 1]))
				k++;
			if (b->len && b->data[b->len - 1] != ' ')
				sm__buf_addc(b, ' ');
		} else if (c < 0x20 || c == 0x7f) {
			sm__buf_addc(b, '?');
		} else {
			sm__buf_addc(b, (char)c);
		}
	}
}

static void add_cstr(struct sm__buf *b, const char *s)
{
	add_text(b, (struct sm__str){s, strlen(s)});
}

/* "PROP.NAME": a node's ID, quoted. */
static void add_id(struct sm__buf *b, const struct sm__ir_prop *p, const char *prefix,
		   struct sm__str name)
{
	sm__buf_addc(b, '"');
	add_text(b, p->name);
	sm__buf_addc(b, '.');
	add_cstr(b, prefix);
	add_text(b, name);
	sm__buf_addc(b, '"');
}

static void add_state_id(struct sm__buf *b, const struct sm__ir_prop *p, int s)
{
	add_id(b, p, "", p->states[s]);
}

/* A duration in the largest unit that says it exactly: 100ms, 1500us, 2s. */
static void add_duration(struct sm__buf *b, int64_t ns)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {{"s", 1000000000}, {"ms", 1000000}, {"us", 1000}, {"ns", 1}};
	for (size_t k = 0; k < SM__ARRAY_LEN(units); k++)
		if (ns % units[k].ns == 0 || units[k].ns == 1) {
			sm__buf_printf(b, "%" PRId64 "%s", ns / units[k].ns, units[k].unit);
			return;
		}
}

static void add_edge_label(struct sm__buf *b, const struct sm__ir *ir,
			   const struct sm__ir_prop *p, const struct sm__ir_edge *e)
{
	sm__buf_adds(b, " [label = \"");
	add_text(b, ir->events[e->event].name);
	if (e->guard) {
		sm__buf_adds(b, " [");
		add_text(b, sm__loc_text(e->guard_loc));
		sm__buf_addc(b, ']');
	}
	for (size_t k = 0; k < e->nactions; k++) {
		const struct sm__ir_action *a = &e->actions[k];
		sm__buf_adds(b, k ? ", " : " / ");
		if (a->var >= 0) {
			add_text(b, p->vars[a->var]);
			sm__buf_adds(b, " = ");
			add_text(b, sm__loc_text(a->value->loc));
		} else {
			sm__buf_adds(b, "reset(");
			add_text(b, p->clocks[a->clock]);
			sm__buf_addc(b, ')');
		}
	}
	sm__buf_addc(b, '"');
}

static void graph_edge(struct sm__buf *b, const struct sm__ir *ir, const struct sm__ir_prop *p,
		       const struct sm__ir_edge *e, int from)
{
	static const struct sm__str any = {"*", 1};
	sm__buf_adds(b, "\t\t");
	if (from == SM__ANY_STATE)
		add_id(b, p, "", any);
	else
		add_state_id(b, p, from);
	sm__buf_adds(b, " -> ");
	if (e->to != SM__STAY)
		add_state_id(b, p, e->to);
	else if (from == SM__ANY_STATE)
		add_id(b, p, "", any);
	else
		add_state_id(b, p, from);
	add_edge_label(b, ir, p, e);
	if (e->from == SM__ANY_STATE)
		sm__buf_adds(b, ", style = dashed");
	sm__buf_adds(b, "];\n");
}

static void graph_automaton(struct sm__buf *b, const struct sm__ir *ir,
			    const struct sm__ir_prop *p)
{
	for (size_t s = 0; s < p->nstates; s++) {
		sm__buf_adds(b, "\t\t");
		add_state_id(b, p, (int)s);
		sm__buf_printf(b, " [shape = %s, label = \"", p->final[s] ? "doublecircle" : "circle");
		add_text(b, p->states[s]);
		if (p->inv_clock && p->inv_clock[s] >= 0) {
			sm__buf_adds(b, "\\n");
			add_text(b, sm__loc_text(p->inv_loc[s]));
		}
		sm__buf_adds(b, "\"];\n");
	}
	/* The initial state, marked as rvgen marks it. */
	struct sm__str init = p->states[p->initial];
	sm__buf_adds(b, "\t\t");
	add_id(b, p, "__init_", init);
	sm__buf_adds(b, " [shape = point, style = invis, label = \"\"];\n\t\t");
	add_id(b, p, "__init_", init);
	sm__buf_adds(b, " -> ");
	add_state_id(b, p, p->initial);
	if (p->start_event >= 0) {
		sm__buf_printf(b, " [label = \"start %s ", p->start_with ? "with" : "on");
		add_text(b, ir->events[p->start_event].name);
		sm__buf_adds(b, "\"]");
	}
	sm__buf_adds(b, ";\n");
	bool any = false;
	for (size_t k = 0; k < p->nedges; k++)
		any |= p->edges[k].from == SM__ANY_STATE;
	if (any) {
		static const struct sm__str star = {"*", 1};
		sm__buf_adds(b, "\t\t");
		add_id(b, p, "", star);
		sm__buf_adds(b, " [shape = box, style = \"dashed,rounded\", label = \"any state\"];\n");
	}
	for (size_t k = 0; k < p->nedges; k++)
		if (p->edges[k].event >= 0)
			graph_edge(b, ir, p, &p->edges[k], p->edges[k].from);
}

static const char *relation_word(enum sm__relation_kind kind)
{
	switch (kind) {
	case SM__REL_PRECEDES: return "precedes";
	case SM__REL_CAUSES: return "causes";
	case SM__REL_ALTERNATES: return "alternatesWith";
	case SM__REL_SUBCLOCK: return "subclockOf";
	case SM__REL_EXCLUDES: return "excludes";
	case SM__REL_COINCIDES: return "coincidesWith";
	case SM__REL_WITHIN: return "within";
	}
	return "?";
}

void sm__graph_relation_label(struct sm__buf *b, const struct sm__ir_prop *p)
{
	sm__buf_adds(b, relation_word(p->rel));
	if (p->rel == SM__REL_WITHIN) {
		sm__buf_addc(b, ' ');
		add_duration(b, p->within);
	} else if (p->bound) {
		sm__buf_printf(b, " bound %" PRId64, p->bound);
	}
}

static void graph_relation(struct sm__buf *b, const struct sm__ir_prop *p)
{
	static const struct sm__str a = {"a", 1}, bn = {"b", 1};
	sm__buf_adds(b, "\t\t");
	add_id(b, p, "", a);
	sm__buf_adds(b, " [shape = box, label = \"");
	add_text(b, p->a_text);
	sm__buf_adds(b, "\"];\n\t\t");
	add_id(b, p, "", bn);
	sm__buf_adds(b, " [shape = box, label = \"");
	add_text(b, p->b_text);
	sm__buf_adds(b, "\"];\n\t\t");
	add_id(b, p, "", a);
	sm__buf_adds(b, " -> ");
	add_id(b, p, "", bn);
	sm__buf_adds(b, " [label = \"");
	sm__graph_relation_label(b, p);
	sm__buf_adds(b, "\"];\n");
}

/* The cluster's label: the property, its key, its title on a second line. */
static void graph_property(struct sm__buf *b, const struct sm__ir *ir,
			   const struct sm__ir_prop *p)
{
	sm__buf_adds(b, "\tsubgraph \"cluster_");
	add_text(b, p->name);
	sm__buf_adds(b, "\" {\n\t\tlabel = \"");
	sm__buf_adds(b, p->kind == SM__PROP_AUTOMATON ? "automaton " : "relation ");
	add_text(b, p->name);
	for (size_t k = 0; k < p->nkeys; k++) {
		sm__buf_adds(b, k ? ", " : p->nkeys > 1 ? " per (" : " per ");
		add_text(b, p->keys[k]);
	}
	if (p->nkeys > 1)
		sm__buf_addc(b, ')');
	if (p->title.len) {
		sm__buf_adds(b, "\\n");
		add_text(b, p->title);
	}
	sm__buf_adds(b, "\";\n");
	if (p->kind == SM__PROP_AUTOMATON)
		graph_automaton(b, ir, p);
	else
		graph_relation(b, p);
	sm__buf_adds(b, "\t}\n");
}

void sm__graph(const struct sm__ir *ir, struct sm__str name, int only, struct sm__buf *b)
{
	sm__buf_adds(b, "digraph \"");
	add_text(b, name);
	sm__buf_adds(b, "\" {\n");
	if (ir->title.len) {
		sm__buf_adds(b, "\tlabel = \"");
		add_text(b, ir->title);
		sm__buf_adds(b, "\";\n\tlabelloc = t;\n");
	}
	for (size_t k = 0; k < ir->nprops; k++)
		if (only < 0 || (size_t)only == k)
			graph_property(b, ir, &ir->props[k]);
	sm__buf_adds(b, "}\n");
}
