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
	log->mask = log->cap - 1;
	/* Allocated whole, so that stepping never allocates: the system gives
	 * the pages as they are first written, and a short run touches few. */
	log->steps = sm__xcalloc(log->cap, sizeof *log->steps);
	log->own = sm__xcalloc(log->cap, sizeof *log->own);
	log->origins = sm__xcalloc(log->cap, sizeof *log->origins);
}

const struct sm__step *sm__steplog_get(const struct sm__steplog *log, uint64_t seq)
{
	if (!seq || seq > log->seq || log->seq - seq >= log->cap)
		return NULL;
	return &log->steps[seq & log->mask];
}

uint64_t sm__steplog_prev(const struct sm__steplog *log, uint64_t seq, struct sm__step_owner o)
{
	const struct sm__step *s = sm__steplog_get(log, seq);
	if (!s || !s->prev)
		return 0;
	uint32_t back = (uint32_t)seq - s->prev;
	if (!back || back >= log->cap)
		return 0; /* written over, or a multiple of 2^32 steps back */
	const struct sm__step *p = sm__steplog_get(log, seq - back);
	return p && sm__step_owned(p, o) ? seq - back : 0;
}

const struct sm__origin *sm__steplog_origin_of(const struct sm__steplog *log,
					       const struct sm__step *step)
{
	return &log->origins[step->origin];
}

void sm__steplog_free(struct sm__steplog *log)
{
	free(log->steps);
	free(log->own);
	free(log->origins);
	*log = (struct sm__steplog){0};
}
