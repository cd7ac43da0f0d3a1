/* journal.c: the ring of records histories point at (see journal.h). */
#include "journal.h"

#include <stdlib.h>
#include <string.h>

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t stored_len(struct sm__value v)
{
	return v.kind == SM__VAL_STR ? (v.s.len > SM__JOURNAL_STRING_MAX ? SM__JOURNAL_STRING_MAX
									  : v.s.len)
				     : 0;
}

/* Copy a string value into the entry, cut with "..." when it is too long. */
static char *copy_string(struct sm__value *v, char *to)
{
	size_t n = stored_len(*v);
	if (n)
		memcpy(to, v->s.ptr, n);
	if (n < v->s.len)
		memcpy(to + n - 3, "...", 3);
	v->s = (struct sm__str){to, n};
	return to + n;
}

uint64_t sm__journal_add(struct sm__journal *j, int event, const struct sm__value *values,
			 size_t n)
{
	size_t size = sizeof(struct sm__journal_rec) + n * sizeof *values;
	for (size_t k = 0; k < n; k++)
		size += stored_len(values[k]);
	if (size > SM__JOURNAL_BYTES / 4) { /* thousands of fields: keep the event alone */
		n = 0;
		size = sizeof(struct sm__journal_rec);
	}
	size = align8(size);
	if (!j->ring)
		j->ring = sm__xmalloc(SM__JOURNAL_BYTES);
	/* An entry never wraps around the end of the ring: skip to its start. */
	size_t at = (size_t)(j->head % SM__JOURNAL_BYTES);
	if (at + size > SM__JOURNAL_BYTES) {
		j->head += SM__JOURNAL_BYTES - at;
		at = 0;
	}
	struct sm__journal_rec *rec = (struct sm__journal_rec *)(j->ring + at);
	rec->event = event;
	rec->nvalues = (uint32_t)n;
	rec->size = (uint32_t)size;
	char *text = (char *)&rec->values[n];
	for (size_t k = 0; k < n; k++) {
		rec->values[k] = values[k];
		if (values[k].kind == SM__VAL_STR)
			text = copy_string(&rec->values[k], text);
	}
	uint64_t ref = j->head;
	j->head += size;
	return ref;
}

const struct sm__journal_rec *sm__journal_get(const struct sm__journal *j, uint64_t ref)
{
	/* Valid while nothing written after it has come round to its bytes. */
	if (!j->ring || j->head - ref > SM__JOURNAL_BYTES)
		return NULL;
	return (const struct sm__journal_rec *)(j->ring + ref % SM__JOURNAL_BYTES);
}

void sm__journal_free(struct sm__journal *j)
{
	free(j->ring);
	j->ring = NULL;
}
