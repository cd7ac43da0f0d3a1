/*
 * test_steplog.c: the engine-wide ring of steps that histories are read
 * from (src/engine/steplog.h): links back per instance, one origin per
 * instant's tick, steps the ring has written over being gone, and refs
 * that are never 0.
 */
#include "harness.h"

#include "steplog.h"

/* The origin of an instant at `line` of event `event` (its journal
 * reference: line * 100), written once however many instances step. */
static uint32_t origin_at(struct sm__steplog *log, uint64_t line, int event)
{
	struct sm__place p = {.line = line, .ts = (int64_t)line * 1000, .has_ts = true};
	return sm__steplog_origin(log, &p, line * 100, event);
}

/* Append a step of instance (prop, slot) at origin o after the one of seq
 * prev (0: none). */
static uint64_t add_of(struct sm__steplog *log, uint32_t o, uint64_t prev, uint32_t prop,
		       uint32_t slot)
{
	struct sm__step step = {.origin = o, .prop = prop, .slot = slot, .from = -1, .to = -1};
	return sm__steplog_add(log, (uint32_t)prev, step);
}

/* The same for property 0. */
static uint64_t add(struct sm__steplog *log, uint32_t o, uint64_t prev, uint32_t slot)
{
	return add_of(log, o, prev, 0, slot);
}

/* Instance (prop, slot) without a keeper: its steps are its own. */
static struct sm__step_owner own(uint32_t prop, uint32_t slot)
{
	return (struct sm__step_owner){prop, prop, slot};
}

static const struct sm__origin *origin_of(const struct sm__steplog *log, uint64_t seq)
{
	return sm__steplog_origin_of(log, sm__steplog_get(log, seq));
}

TEST(steplog_links_each_instance_back)
{
	struct sm__steplog log;
	sm__steplog_init(&log, 5);
	/* instance X steps at instants 1 and 3, Y at 2 and 3 */
	uint64_t x = add(&log, origin_at(&log, 1, 10), 0, 1);
	uint64_t y = add(&log, origin_at(&log, 2, 20), 0, 2);
	uint32_t o3 = origin_at(&log, 3, 11);
	x = add(&log, o3, x, 1);
	y = add(&log, o3, y, 2);
	CHECK_INT(x, 3);
	CHECK_INT(y, 4);
	CHECK_INT(origin_of(&log, y)->event, 11);
	CHECK_INT(sm__steplog_prev(&log, y, own(0, 2)), 2);
	CHECK_INT(origin_of(&log, 2)->event, 20);
	CHECK_INT(origin_of(&log, 2)->record, 200);
	CHECK_INT(sm__steplog_prev(&log, 2, own(0, 2)), 0);
	CHECK_INT(sm__steplog_prev(&log, x, own(0, 1)), 1);
	/* both steps of instant 3 name one origin, kept once */
	CHECK_INT(log.norigins, 3);
	CHECK(sm__steplog_get(&log, 3)->origin == sm__steplog_get(&log, 4)->origin);
	CHECK_INT(origin_of(&log, 4)->place.line, 3);
	CHECK_INT(origin_of(&log, 1)->place.line, 1);
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
	uint64_t x = add(&log, origin_at(&log, 1, 1), 0, 1);
	uint64_t y = 0;
	for (uint64_t k = 0; k < log.cap; k++)
		y = add(&log, origin_at(&log, k + 2, 2), y, 2);
	CHECK(sm__steplog_get(&log, x) == NULL);
	/* all of Y's steps are held, the first one's origin too */
	size_t n = 0;
	uint64_t at = y;
	for (; sm__steplog_get(&log, at); at = sm__steplog_prev(&log, at, own(0, 2)))
		n++;
	CHECK_INT(n, log.cap);
	CHECK_INT(origin_of(&log, y)->place.line, log.cap + 1);
	CHECK_INT(origin_of(&log, 2)->place.ts, 2000);
	/* X steps again: its link back points at a step that is gone; and
	 * now Y's first step is gone too */
	x = add(&log, origin_at(&log, log.cap + 2, 1), x, 1);
	CHECK_INT(sm__steplog_prev(&log, x, own(0, 1)), 0);
	CHECK(sm__steplog_get(&log, 2) == NULL);
	sm__steplog_free(&log);
}

TEST(steplog_finds_a_step_by_its_32_bits_and_owner)
{
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	uint32_t o = origin_at(&log, 1, 1);
	uint64_t x = add(&log, o, 0, 1);
	uint64_t y = add(&log, o, 0, 2);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)x, own(0, 1)), x);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)y, own(0, 2)), y);
	/* the right seq, another owner: not this instance's step */
	CHECK_INT(sm__steplog_find(&log, (uint32_t)y, own(0, 1)), 0);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)y, own(1, 2)), 0);
	/* ref 0: no step at all */
	CHECK_INT(sm__steplog_find(&log, 0, own(0, 1)), 0);
	/* a step named as previous that is another instance's is no link */
	uint64_t z = add(&log, origin_at(&log, 2, 3), y, 1);
	CHECK_INT(sm__steplog_prev(&log, z, own(0, 1)), 0);
	sm__steplog_free(&log);
}

TEST(steplog_never_hands_out_a_ref_of_0)
{
	/* ref 0 says "no step": the seq whose low 32 bits are 0 is skipped,
	 * and the instance's link back crosses it */
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	log.seq = UINT32_MAX - 1;
	uint32_t o = origin_at(&log, 1, 1);
	uint64_t x = add(&log, o, 0, 1);
	CHECK_INT(x, UINT32_MAX);
	uint64_t x2 = add(&log, o, x, 1);
	CHECK_INT(x2, (uint64_t)UINT32_MAX + 2);
	CHECK_INT((uint32_t)x2, 1);
	CHECK_INT(sm__steplog_prev(&log, x2, own(0, 1)), x);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)x2, own(0, 1)), x2);
	sm__steplog_free(&log);
}

TEST(steplog_keeps_the_origin_of_interleaved_ticks)
{
	/* One instant at line 7 with two ticks: a step at tick 1 (event 1),
	 * one at tick 0 (event 0), then z at tick 1 again.  Then cap - 1
	 * one-step instants: z is the oldest step the ring still holds, and
	 * its origin must still be line 7, event 1 (without its copy, the
	 * origin ring, one origin ahead of the steps, had written over it). */
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	uint32_t o1 = origin_at(&log, 7, 1);
	add(&log, o1, 0, 1);
	add(&log, origin_at(&log, 7, 0), 0, 2);
	uint64_t z = add(&log, o1, 0, 3);
	CHECK_INT(log.norigins, 3); /* z's origin, copied as the last */
	for (size_t k = 0; k + 1 < log.cap; k++)
		add(&log, origin_at(&log, 1000 + k, 5), 0, 4);
	CHECK(sm__steplog_get(&log, z) != NULL);
	CHECK_INT(origin_of(&log, z)->place.line, 7);
	CHECK_INT(origin_of(&log, z)->event, 1);
	CHECK_INT(origin_of(&log, z)->record, 700);
	add(&log, origin_at(&log, 9999, 5), 0, 4);
	CHECK(sm__steplog_get(&log, z) == NULL); /* a ring behind: gone */
	sm__steplog_free(&log);
}

TEST(steplog_advances_as_many_seqs_as_asked)
{
	/* sm__steplog_advance(seq, n) is n sm__steplog_next, across the seq
	 * whose low 32 bits are 0 too */
	const uint64_t from[] = {0, 5, UINT32_MAX - 3, UINT32_MAX, (1ull << 32) + 7,
				 (2ull << 32) - 1};
	for (size_t i = 0; i < SM__ARRAY_LEN(from); i++) {
		uint64_t seq = from[i];
		for (uint32_t n = 1; n <= 10; n++) {
			seq = sm__steplog_next(seq);
			CHECK_INT(sm__steplog_advance(from[i], n), seq);
		}
	}
	CHECK_INT(sm__steplog_advance(UINT32_MAX - 1, 1), UINT32_MAX);
	CHECK_INT(sm__steplog_advance(UINT32_MAX - 1, 2), (uint64_t)UINT32_MAX + 2);
}

TEST(steplog_an_instance_holds_its_keepers_steps_in_its_slot)
{
	/* Property 1's instance in slot 3 shared the steps of its keeper,
	 * property 0, in slot 3 (k1, k2), then stepped apart (s3) */
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	uint64_t k1 = add_of(&log, origin_at(&log, 1, 1), 0, 0, 3);
	uint64_t other = add_of(&log, origin_at(&log, 2, 1), 0, 0, 4);
	uint64_t k2 = add_of(&log, origin_at(&log, 3, 1), k1, 0, 3);
	uint64_t s3 = add_of(&log, origin_at(&log, 4, 2), k2, 1, 3);
	const struct sm__step_owner sharer = {1, 0, 3};
	CHECK_INT(sm__steplog_find(&log, (uint32_t)s3, sharer), s3);
	CHECK_INT(sm__steplog_prev(&log, s3, sharer), k2);
	CHECK_INT(sm__steplog_prev(&log, k2, sharer), k1);
	CHECK_INT(sm__steplog_prev(&log, k1, sharer), 0);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)k2, sharer), k2);
	/* not the keeper's steps in another slot, nor anyone's but theirs */
	CHECK_INT(sm__steplog_find(&log, (uint32_t)other, sharer), 0);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)k2, own(2, 3)), 0);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)s3, own(0, 3)), 0);
	/* the keeper's own history is its own */
	CHECK_INT(sm__steplog_prev(&log, k2, own(0, 3)), k1);
	uint64_t bad = add_of(&log, origin_at(&log, 5, 2), other, 1, 3);
	CHECK_INT(sm__steplog_prev(&log, bad, sharer), 0); /* a link to slot 4: none */
	sm__steplog_free(&log);
}

TEST(steplog_finds_no_step_a_whole_ring_back_though_its_keepers_is_there)
{
	/* Property 1's instance in slot 3 (keeper: property 0) steps once, at
	 * s; others take cap - 1 steps; then its keeper steps in slot 3, at
	 * s + cap: the ring's place of s.  s is gone (written over), though
	 * the step now at its place is one the instance may hold. */
	struct sm__steplog log;
	sm__steplog_init(&log, 1);
	const struct sm__step_owner sharer = {1, 0, 3};
	uint64_t s = add_of(&log, origin_at(&log, 1, 1), 0, 1, 3);
	for (size_t k = 0; k + 1 < log.cap; k++)
		add_of(&log, origin_at(&log, 2 + k, 1), 0, 2, 4);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)s, sharer), s); /* the oldest held */
	uint64_t k = add_of(&log, origin_at(&log, log.cap + 1, 1), 0, 0, 3);
	CHECK_INT(k, s + log.cap);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)s, sharer), 0);
	CHECK(sm__steplog_get(&log, s) == NULL);
	CHECK_INT(sm__steplog_find(&log, (uint32_t)k, sharer), k);
	sm__steplog_free(&log);
}
