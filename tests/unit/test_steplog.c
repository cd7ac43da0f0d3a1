/*
 * test_steplog.c: the engine-wide ring of steps that histories are read
 * from (src/engine/steplog.h): links back per instance, one place per
 * instant, and steps the ring has written over being gone.
 */
#include "harness.h"

#include "steplog.h"

static struct sm__place place_at(uint64_t line)
{
	return (struct sm__place){.line = line, .ts = (int64_t)line * 1000, .has_ts = true};
}

/* Append a step after the one of seq prev (0: none). */
static uint64_t add(struct sm__steplog *log, uint64_t instant, const struct sm__place *p,
		    uint64_t prev, struct sm__step step)
{
	return sm__steplog_add(log, instant, p, prev != 0, (uint32_t)prev, step);
}

/* A step of instance (0, slot). */
static struct sm__step step_of(uint32_t slot, int event)
{
	return (struct sm__step){.slot = slot, .event = event, .from = -1, .to = -1};
}

TEST(steplog_links_each_instance_back)
{
	struct sm__steplog log;
	sm__steplog_init(&log, 5);
	/* instance X steps at instants 1 and 3, Y at 2 and 3 */
	struct sm__place p1 = place_at(1), p2 = place_at(2), p3 = place_at(3);
	uint64_t x = add(&log, 1, &p1, 0, step_of(1, 10));
	uint64_t y = add(&log, 2, &p2, 0, step_of(2, 20));
	x = add(&log, 3, &p3, x, step_of(1, 11));
	y = add(&log, 3, &p3, y, step_of(2, 21));
	CHECK_INT(x, 3);
	CHECK_INT(y, 4);
	CHECK_INT(sm__steplog_get(&log, y)->event, 21);
	CHECK_INT(sm__steplog_prev(&log, y), 2);
	CHECK_INT(sm__steplog_get(&log, 2)->event, 20);
	CHECK_INT(sm__steplog_prev(&log, 2), 0);
	CHECK_INT(sm__steplog_prev(&log, x), 1);
	/* both steps of instant 3 name one place, kept once */
	CHECK_INT(log.nplaces, 3);
	CHECK(sm__steplog_get(&log, 3)->place == sm__steplog_get(&log, 4)->place);
	CHECK_INT(sm__steplog_place(&log, sm__steplog_get(&log, 4))->line, 3);
	CHECK_INT(sm__steplog_place(&log, sm__steplog_get(&log, 1))->line, 1);
	CHECK(sm__steplog_get(&log, 0) == NULL);
	CHECK(sm__steplog_get(&log, 5) == NULL);
	sm__steplog_free(&log);
}

TEST(steplog_forgets_what_the_ring_wrote_over)
{
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	CHECK_INT(log.cap, SM__STEPLOG_PER_HISTORY);
	/* X steps once, then Y steps cap times, one instant each: X's step
	 * is the oldest of cap + 1, so it alone is gone */
	struct sm__place p = place_at(1);
	uint64_t x = add(&log, 1, &p, 0, step_of(1, 1));
	uint64_t y = 0;
	for (uint64_t k = 0; k < log.cap; k++) {
		p = place_at(k + 2);
		y = add(&log, k + 2, &p, y, step_of(2, 2));
	}
	CHECK(sm__steplog_get(&log, x) == NULL);
	/* all of Y's steps are held, the first one's place too */
	size_t n = 0;
	uint64_t at = y;
	for (; sm__steplog_get(&log, at); at = sm__steplog_prev(&log, at))
		n++;
	CHECK_INT(n, log.cap);
	CHECK_INT(sm__steplog_place(&log, sm__steplog_get(&log, y))->line, log.cap + 1);
	CHECK_INT(sm__steplog_place(&log, sm__steplog_get(&log, 2))->ts, 2000);
	/* X steps again: its link back points at a step that is gone; and
	 * now Y's first step is gone too */
	p = place_at(log.cap + 2);
	x = add(&log, log.cap + 2, &p, x, step_of(1, 1));
	CHECK_INT(sm__steplog_prev(&log, x), 0);
	CHECK(sm__steplog_get(&log, 2) == NULL);
	sm__steplog_free(&log);
}

TEST(steplog_finds_a_step_by_its_32_bits_and_owner)
{
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	struct sm__place p = place_at(1);
	uint64_t x = add(&log, 1, &p, 0, step_of(1, 1));
	uint64_t y = add(&log, 1, &p, 0, step_of(2, 2));
	CHECK_INT(sm__steplog_find(&log, (uint32_t)x, 0, 1), x);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)y, 0, 2), y);
	/* the right seq, another owner: not this instance's step */
	CHECK_INT(sm__steplog_find(&log, (uint32_t)y, 0, 1), 0);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)y, 1, 2), 0);
	/* a step named as previous that is another instance's is no link */
	uint64_t z = add(&log, 2, &p, y, step_of(1, 3));
	CHECK_INT(sm__steplog_prev(&log, z), 0);
	sm__steplog_free(&log);
}
