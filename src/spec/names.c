/* names.c: the hash map of names.h: FNV-1a over the parts, open addressing
 * with linear probing, at most half full. */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const struct sm__str *parts, size_t nparts)
{
	/* Missing parts hash as empty ones: a key looks the same when a
	 * slot is moved while growing. */
	uint64_t h = 14695981039346656037u;
	for (size_t k = 0; k < SM__NAMES_PARTS; k++) {
		struct sm__str part = k < nparts ? parts[k] : (struct sm__str){"", 0};
		for (size_t j = 0; j < part.len; j++)
			h = (h ^ (unsigned char)part.ptr[j]) * 1099511628211u;
		h = (h ^ 0xff) * 1099511628211u; /* ("ab","c") is not ("a","bc") */
	}
	return h;
}

static bool same(const struct sm__names_slot *s, const struct sm__str *parts, size_t nparts)
{
	for (size_t k = 0; k < SM__NAMES_PARTS; k++) {
		struct sm__str want = k < nparts ? parts[k] : (struct sm__str){"", 0};
		if (!sm__str_eq_str(s->part[k], want))
			return false;
	}
	return true;
}

/* The slot holding the key, or the empty slot where it would go. */
static struct sm__names_slot *probe(const struct sm__names *m, const struct sm__str *parts,
				    size_t nparts)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash(parts, nparts) & mask;; i = (i + 1) & mask) {
		struct sm__names_slot *s = &m->v[i];
		if (s->val < 0 || same(s, parts, nparts))
			return s;
	}
}

int sm__names_find(const struct sm__names *m, const struct sm__str *parts, size_t nparts)
{
	if (!m->cap)
		return -1;
	return probe(m, parts, nparts)->val;
}

static void grow(struct sm__names *m)
{
	struct sm__names bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 16;
	bigger.v = sm__xmalloc(bigger.cap * sizeof *bigger.v);
	for (size_t k = 0; k < bigger.cap; k++)
		bigger.v[k].val = -1;
	for (size_t k = 0; k < m->cap; k++)
		if (m->v[k].val >= 0)
			*probe(&bigger, m->v[k].part, SM__NAMES_PARTS) = m->v[k];
	bigger.n = m->n;
	free(m->v);
	*m = bigger;
}

int sm__names_add(struct sm__names *m, const struct sm__str *parts, size_t nparts, int val)
{
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	struct sm__names_slot *s = probe(m, parts, nparts);
	if (s->val >= 0)
		return s->val;
	for (size_t k = 0; k < SM__NAMES_PARTS; k++)
		s->part[k] = k < nparts ? parts[k] : (struct sm__str){"", 0};
	s->val = val;
	m->n++;
	return -1;
}

void sm__names_free(struct sm__names *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}

/* ---- did you mean ---- */

size_t sm__edit_distance(struct sm__str a, struct sm__str b)
{
	size_t row[65];
	if (a.len > 64 || b.len > 64)
		return 99;
	for (size_t j = 0; j <= b.len; j++)
		row[j] = j;
	for (size_t i = 1; i <= a.len; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= b.len; j++) {
			size_t up = row[j];
			size_t cost = a.ptr[i - 1] == b.ptr[j - 1] ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[b.len];
}

void sm__suggest(struct sm__str name, const struct sm__str *known, size_t n, char *out,
		    size_t cap)
{
	size_t best = 3;
	const struct sm__str *pick = NULL;
	for (size_t k = 0; k < n; k++) {
		size_t dist = sm__edit_distance(name, known[k]);
		if (dist > 0 && dist < best && dist < name.len) { /* not itself */
			best = dist;
			pick = &known[k];
		}
	}
	if (pick)
		snprintf(out, cap, " (did you mean '%.*s'?)", (int)pick->len, pick->ptr);
	else
		out[0] = '\0';
}
