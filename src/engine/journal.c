/*
 * journal.c: the ring of records histories point at (see journal.h): what
 * the inline sm__journal_add leaves to it, and unpacking for reports.
 */
#include "journal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(offsetof(struct sm__value, kind) == offsetof(struct sm__journal_value, kind) &&
		       offsetof(struct sm__value, hex) == offsetof(struct sm__journal_value, hex) &&
		       offsetof(struct sm__value, i) == offsetof(struct sm__journal_value, i) &&
		       offsetof(struct sm__journal_value, len) + sizeof(uint32_t) <=
			       offsetof(struct sm__value, i) &&
		       sizeof(struct sm__journal_value) == 16,
	       "a journal value is the first 16 bytes of a value");

/* The bytes of a string value the ring keeps: at most SM__JOURNAL_STRING_MAX. */
static size_t stored_len(const struct sm__value *v)
{
	if (v->kind != SM__VAL_STR)
		return 0;
	return v->s.len > SM__JOURNAL_STRING_MAX ? SM__JOURNAL_STRING_MAX : v->s.len;
}

char *sm__journal_string(const struct sm__value *v, struct sm__journal_value *p, char *to)
{
	size_t n = stored_len(v);
	if (n)
		memcpy(to, v->s.ptr, n);
	if (n < v->s.len)
		memcpy(to + n - 3, "...", 3);
	p->len = (uint32_t)n;
	return to + n;
}

/* Cold: an event of so many fields that its entry could take more than a
 * quarter of the ring is kept with its values if they do fit, else alone. */
static size_t values_kept(const struct sm__value *values, size_t n)
{
	size_t size = sizeof(struct sm__journal_head) + n * sizeof(struct sm__journal_value);
	for (size_t k = 0; k < n; k++)
		size += stored_len(&values[k]);
	return size > SM__JOURNAL_BYTES / 4 ? 0 : n;
}

uint64_t sm__journal_add_cold(struct sm__journal *j, int event, const struct sm__value *values,
			      size_t n)
{
	size_t worst = sm__journal_worst(n);
	if (worst > SM__JOURNAL_BYTES / 4) {
		n = values_kept(values, n);
		worst = SM__JOURNAL_BYTES / 4;
	}
	if (!j->ring)
		j->ring = sm__xmalloc(SM__JOURNAL_BYTES);
	/* An entry never wraps around the end of the ring: where the largest
	 * it could be would not fit, it goes to the start. */
	size_t at = (size_t)(j->head % SM__JOURNAL_BYTES);
	if (at + worst > SM__JOURNAL_BYTES)
		j->head += SM__JOURNAL_BYTES - at;
	return sm__journal_put(j, event, values, n);
}

/* Room in the unpacking buffer for n values. */
static void room_for(struct sm__journal *j, size_t n)
{
	if (j->unpacked && n <= j->capvalues)
		return;
	j->capvalues = n;
	free(j->unpacked);
	j->unpacked = sm__xmalloc(sizeof *j->unpacked + n * sizeof j->unpacked->values[0]);
}

const struct sm__journal_rec *sm__journal_get(struct sm__journal *j, uint64_t ref)
{
	/* Valid while nothing written after it has come round to its bytes. */
	if (!j->ring || j->head - ref > SM__JOURNAL_BYTES)
		return NULL;
	const struct sm__journal_head *h =
		(const struct sm__journal_head *)(j->ring + ref % SM__JOURNAL_BYTES);
	const struct sm__journal_value *p = (const struct sm__journal_value *)(h + 1);
	const char *text = (const char *)(p + h->nvalues);
	room_for(j, h->nvalues);
	struct sm__journal_rec *rec = j->unpacked;
	rec->event = h->event;
	rec->nvalues = h->nvalues;
	for (size_t k = 0; k < h->nvalues; k++) {
		struct sm__value *v = &rec->values[k];
		*v = (struct sm__value){.kind = p[k].kind, .hex = p[k].hex, .i = p[k].i};
		if (v->kind == SM__VAL_STR) {
			v->s = (struct sm__str){text, p[k].len};
			text += p[k].len;
		}
	}
	return rec;
}

void sm__journal_free(struct sm__journal *j)
{
	free(j->ring);
	free(j->unpacked);
	*j = (struct sm__journal){0};
}
