/*
 * graph.h: a resolved spec as a Graphviz DOT picture (`specmon graph`,
 * sm_spec_graph): automata with their states, initial and final states,
 * guarded edges and invariants, relations as their two sides.
 */
#ifndef SM_GRAPH_H
#define SM_GRAPH_H

#include "ir.h"

/* One digraph named `name`, with a cluster per property of ir, or only of
 * property `only` (-1: all), appended to b. */
void sm__graph(const struct sm__ir *ir, struct sm__str name, int only, struct sm__buf *b);

/* A relation's edge label: "precedes bound 2", "within 100ms" (plain text). */
void sm__graph_relation_label(struct sm__buf *b, const struct sm__ir_prop *p);

#endif
