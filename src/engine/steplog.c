/* steplog.c: the ring of steps histories are read from (see steplog.h). */
#include "steplog.h"

#include <stdlib.h>

void sm__steplog_init(struct sm__steplog *log, unsigned history)
{
	*log = (struct sm__steplog){0};
	size_t want = (size_t)history * SM__STEPLOG_PER_HISTORY;
	log->cap = 1;
	while (log->cap < want && log->cap < SM__STEPLOG_MAX)
		log->cap *= 2;
	/* Allocated whole, so that stepping never allocates: the system gives
	 * the pages as they are first written, and a short run touches few. */
	log->steps = sm__xcalloc(log->cap, sizeof *log->steps);
	log->places = sm__xcalloc(log->cap, sizeof *log->places);
}

/*
 * The place ring needs no check of its own: a place is written with the
 * first step of its instant, so fewer places than steps come after it, and
 * while a step is held (less than a ring behind) so is its place.
 */
uint64_t sm__steplog_add(struct sm__steplog *log, uint64_t instant,
			 const struct sm__place *place, uint64_t prev, struct sm__step step)
{
	uint64_t seq = ++log->seq;
	if (log->place_instant != instant) { /* instants count from 1 */
		log->place_instant = instant;
		log->places[log->nplaces++ % log->cap] = *place;
	}
	step.place = (uint32_t)((log->nplaces - 1) % log->cap);
	/* A previous step a whole ring back is gone by the time anyone reads
	 * this one: say none, and `back` fits in 32 bits. */
	step.back = prev && seq - prev < log->cap ? (uint32_t)(seq - prev) : 0;
	log->steps[seq % log->cap] = step;
	return seq;
}

/*
 * The ring holds the last `cap` seqs, whose low 32 bits differ: ref names
 * at most one of them.  An instance whose last step is older than 2^32
 * steps would find the step of a later seq with the same low bits; that
 * step is not its own (it took none since), and the owner says so.
 */
uint64_t sm__steplog_find(const struct sm__steplog *log, uint32_t ref, uint32_t prop,
			  uint32_t slot)
{
	uint32_t behind = (uint32_t)log->seq - ref;
	if (behind >= log->cap || behind >= log->seq)
		return 0;
	uint64_t seq = log->seq - behind;
	const struct sm__step *s = &log->steps[seq % log->cap];
	return s->prop == prop && s->slot == slot ? seq : 0;
}

const struct sm__step *sm__steplog_doomed(const struct sm__steplog *log, uint64_t *seq)
{
	if (log->seq < log->cap)
		return NULL;
	*seq = log->seq + 1 - log->cap;
	return &log->steps[*seq % log->cap];
}

const struct sm__step *sm__steplog_get(const struct sm__steplog *log, uint64_t seq)
{
	if (!seq || seq > log->seq || log->seq - seq >= log->cap)
		return NULL;
	return &log->steps[seq % log->cap];
}

uint64_t sm__steplog_prev(const struct sm__steplog *log, uint64_t seq)
{
	const struct sm__step *s = sm__steplog_get(log, seq);
	return s && s->back ? seq - s->back : 0;
}

const struct sm__place *sm__steplog_place(const struct sm__steplog *log,
					  const struct sm__step *step)
{
	return &log->places[step->place];
}

void sm__steplog_free(struct sm__steplog *log)
{
	free(log->steps);
	free(log->places);
	*log = (struct sm__steplog){0};
}
