/*
 * fuzz_dot.c: libFuzzer target for the DOT model reader (src/spec/dot.c).
 * Any bytes are read as a model; besides the sanitizers' checks, every
 * span the reader hands out must lie inside the text, and it must return
 * true exactly when it reported no error.
 */
#include "ast.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void check_inside(const struct sm__source *src, struct sm__loc loc)
{
	if (loc.src && (loc.src != src || (size_t)loc.off + loc.len > src->len))
		abort();
}

/* A name's text is the text of its location, not a copy. */
static void check_name(const struct sm__source *src, struct sm__ast_name name)
{
	check_inside(src, name.loc);
	if (name.loc.src && (name.name.ptr != src->text + name.loc.off ||
			     name.name.len != name.loc.len))
		abort();
}

static void check_spans(const struct sm__source *src, const struct sm__ast_automaton *aut)
{
	check_name(src, aut->initial);
	for (size_t k = 0; k < aut->nstates; k++) {
		check_name(src, aut->states[k].name);
		check_inside(src, aut->states[k].invariant);
	}
	for (size_t k = 0; k < aut->nedges; k++) {
		const struct sm__ast_edge *e = &aut->edges[k];
		check_name(src, e->from);
		check_name(src, e->to);
		check_name(src, e->event);
		check_inside(src, e->loc);
		check_inside(src, e->reset);
		check_inside(src, e->guard_text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sm__source *src = sm__source_from_text("fuzz.dot", (const char *)data, size);
	struct sm__ast_automaton aut = {0};
	struct sm__diags d = {0};
	bool ok = sm__dot_read(src, &aut, &d);
	if (ok != (d.nerrors == 0))
		abort();
	check_spans(src, &aut);
	/* Rendering reads the text around each location: exercise it too. */
	struct sm__buf out = {0};
	for (size_t k = 0; k < d.n; k++) {
		check_inside(src, d.v[k].loc);
		sm__diag_render(&d.v[k], &out);
	}
	sm__buf_free(&out);
	sm__diags_free(&d);
	sm__ast_automaton_free(&aut);
	sm__source_free(src);
	return 0;
}
