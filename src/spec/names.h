/*
 * names.h: a hash map from names to small integers, for the lookups of the
 * resolver and the DOT reader (events, constants, states, edges), so that
 * loading stays linear in the size of the spec.  A key is one to three
 * spans (a state, or a state, an event and a guard text); the map points
 * at the spans, it does not copy them.
 */
#ifndef SM_NAMES_H
#define SM_NAMES_H

#include "base.h"

#define SM__NAMES_PARTS 3

struct sm__names_slot {
	struct sm__str part[SM__NAMES_PARTS];
	int val; /* -1: empty */
};

struct sm__names {
	struct sm__names_slot *v;
	size_t cap, n; /* cap: 0 or a power of two */
};

/* The value of a key, or -1. */
int sm__names_find(const struct sm__names *m, const struct sm__str *parts, size_t nparts);
/* Insert key -> val (val >= 0) unless the key is there: returns the value
 * already there, or -1 when val was inserted. */
int sm__names_add(struct sm__names *m, const struct sm__str *parts, size_t nparts, int val);
void sm__names_free(struct sm__names *m);

static inline int sm__names_get(const struct sm__names *m, struct sm__str name)
{
	return sm__names_find(m, &name, 1);
}

static inline int sm__names_put(struct sm__names *m, struct sm__str name, int val)
{
	return sm__names_add(m, &name, 1, val);
}

/* Levenshtein distance, for "did you mean" (99 beyond 64 bytes). */
size_t sm__edit_distance(struct sm__str a, struct sm__str b);

/* " (did you mean 'x'?)" when one of the n known names is within two
 * edits of name (and closer than its length), else "". */
void sm__suggest(struct sm__str name, const struct sm__str *known, size_t n, char *out,
		 size_t cap);

#endif
