/*
 * journal.h: the records that instance histories point at.  When an instant
 * steps an instance, the engine copies the record's event (its declared
 * field values, strings included) into the journal once, however many
 * instances it steps; each instance's history keeps only a reference.  The
 * journal is a ring of fixed size: memory stays constant, and a history
 * entry older than the ring shows its event without values.  Text is made
 * only when a report is printed.
 */
#ifndef SM_JOURNAL_H
#define SM_JOURNAL_H

#include "base.h"

#include <string.h>

#define SM__JOURNAL_BYTES (4u << 20)
#define SM__JOURNAL_STRING_MAX 200 /* longer strings are cut, ending in "..." */

/* An entry as reports read it (sm__journal_get unpacks it). */
struct sm__journal_rec {
	int32_t event;
	uint32_t nvalues;
	struct sm__value values[];
};

struct sm__journal {
	char *ring; /* allocated at the first entry */
	uint64_t head; /* bytes written since the start, padding included */
	struct sm__journal_rec *unpacked; /* the last entry sm__journal_get read */
	size_t capvalues;                 /* its room */
};

/*
 * An entry is packed: its head, then a struct sm__journal_value per value,
 * then the text of its strings (each its first len bytes, in their order),
 * padded to 8 bytes; it is unpacked into a struct sm__journal_rec only
 * when a report reads it.
 */
struct sm__journal_head {
	int32_t event;
	uint32_t nvalues;
};

/* The first 16 bytes of a struct sm__value, copied whole (journal.c checks
 * the offsets), with a string's length where the value has padding. */
struct sm__journal_value {
	uint8_t kind, hex;
	uint32_t len; /* of a string's text; of other values, anything */
	int64_t i;
};

/* The most bytes an entry of n values takes: every string cut. */
static inline size_t sm__journal_worst(size_t n)
{
	return sizeof(struct sm__journal_head) +
	       n * (sizeof(struct sm__journal_value) + SM__JOURNAL_STRING_MAX);
}

/* Copy a string value's text to `to` (and its length to p), cut with "..."
 * when it is too long; returns the end. */
char *sm__journal_string(const struct sm__value *v, struct sm__journal_value *p, char *to);

/* Write the entry at the head, where it fits. */
static inline uint64_t sm__journal_put(struct sm__journal *j, int event,
				       const struct sm__value *values, size_t n)
{
	char *start = j->ring + j->head % SM__JOURNAL_BYTES;
	struct sm__journal_head *h = (struct sm__journal_head *)start;
	h->event = event;
	h->nvalues = (uint32_t)n;
	struct sm__journal_value *p = (struct sm__journal_value *)(h + 1);
	char *text = (char *)(p + n);
	for (const struct sm__value *v = values, *end = values + n; v < end; v++, p++) {
		memcpy(p, v, sizeof *p);
		if (v->kind == SM__VAL_STR)
			text = sm__journal_string(v, p, text);
	}
	uint64_t ref = j->head;
	j->head += ((size_t)(text - start) + 7) & ~(size_t)7;
	return ref;
}

/* Any entry, where it fits: what the inline sm__journal_add leaves to it
 * (the first entry, one with strings or many values, one that may not fit
 * before the ring's end; of so many fields that they may take more than a
 * quarter of it, the first that fit). */
uint64_t sm__journal_add_cold(struct sm__journal *j, int event, const struct sm__value *values,
			      size_t n);

/* Where the head may be for any entry of up to SM__JOURNAL_FAST values to
 * fit before the ring's end. */
#define SM__JOURNAL_FAST 4
#define SM__JOURNAL_FAST_END (SM__JOURNAL_BYTES - sm__journal_worst(SM__JOURNAL_FAST))

/* The entry of n values (at most SM__JOURNAL_FAST), none a string, at the
 * head, with room for it: each value copied without a look at its kind
 * (the caller looked at them all at once). */
static inline uint64_t sm__journal_put_plain(struct sm__journal *j, int event,
					     const struct sm__value *values, size_t n)
{
	uint64_t ref = j->head;
	struct sm__journal_head *h = (struct sm__journal_head *)(j->ring + ref % SM__JOURNAL_BYTES);
	struct sm__journal_value *p = (struct sm__journal_value *)(h + 1);
	h->event = event;
	h->nvalues = (uint32_t)n;
	switch (n) { /* the usual few, without a loop */
	case 4: memcpy(&p[3], &values[3], sizeof *p); /* fall through */
	case 3: memcpy(&p[2], &values[2], sizeof *p); /* fall through */
	case 2: memcpy(&p[1], &values[1], sizeof *p); /* fall through */
	case 1: memcpy(&p[0], &values[0], sizeof *p); /* fall through */
	default: break;
	}
	j->head += sizeof *h + n * sizeof *p;
	return ref;
}

/* Copy an event's values in; returns the reference to give
 * sm__journal_get.  Inline: every instant whose steps share an origin
 * (all but those whose one step's origin is its own, steplog.h) comes
 * here; most of their events have a few fields, none a string, and only
 * those are copied here. */
static inline uint64_t sm__journal_add(struct sm__journal *j, int event,
				       const struct sm__value *values, size_t n)
{
	if (n > SM__JOURNAL_FAST || !j->ring || j->head % SM__JOURNAL_BYTES > SM__JOURNAL_FAST_END)
		return sm__journal_add_cold(j, event, values, n);
	bool strings = false;
	switch (n) {
	case 4: strings |= values[3].kind == SM__VAL_STR; /* fall through */
	case 3: strings |= values[2].kind == SM__VAL_STR; /* fall through */
	case 2: strings |= values[1].kind == SM__VAL_STR; /* fall through */
	case 1: strings |= values[0].kind == SM__VAL_STR; /* fall through */
	default: break;
	}
	if (strings)
		return sm__journal_add_cold(j, event, values, n);
	return sm__journal_put_plain(j, event, values, n);
}

/* The entry, or NULL once the ring has written over it; valid until the
 * next call (its strings, until the ring writes over them). */
const struct sm__journal_rec *sm__journal_get(struct sm__journal *j, uint64_t ref);
void sm__journal_free(struct sm__journal *j);

#endif
