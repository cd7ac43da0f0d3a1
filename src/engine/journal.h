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

#define SM__JOURNAL_BYTES (4u << 20)
#define SM__JOURNAL_STRING_MAX 200 /* longer strings are cut, ending in "..." */

struct sm__journal_rec {
	int32_t event;
	uint32_t nvalues;
	uint32_t size; /* of the whole entry, strings included */
	struct sm__value values[];
};

struct sm__journal {
	char *ring; /* allocated at the first entry */
	uint64_t head; /* bytes written since the start, padding included */
};

/* Copy an event's values in; returns the reference to give sm__journal_get. */
uint64_t sm__journal_add(struct sm__journal *j, int event, const struct sm__value *values,
			 size_t n);
/* The entry, or NULL once the ring has written over it. */
const struct sm__journal_rec *sm__journal_get(const struct sm__journal *j, uint64_t ref);
void sm__journal_free(struct sm__journal *j);

#endif
