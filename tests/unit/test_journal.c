/*
 * test_journal.c: the ring of records that instance histories point at.
 */
#include "harness.h"

#include "journal.h"

static struct sm__value int_value(int64_t i)
{
	struct sm__value v = {0};
	v.kind = SM__VAL_INT;
	v.i = i;
	return v;
}

static struct sm__value str_value(const char *s, size_t len)
{
	struct sm__value v = {0};
	v.kind = SM__VAL_STR;
	v.s = (struct sm__str){s, len};
	return v;
}

TEST(journal_keeps_values_and_strings)
{
	struct sm__journal j = {0};
	char text[] = "vqname";
	struct sm__value in[3] = {int_value(7), str_value(text, 6), {0}};
	uint64_t ref = sm__journal_add(&j, 4, in, 3);
	text[0] = 'X'; /* the record's buffer is reused: the copy must not change */
	const struct sm__journal_rec *rec = sm__journal_get(&j, ref);
	CHECK(rec != NULL);
	CHECK_INT(rec->event, 4);
	CHECK_INT(rec->nvalues, 3);
	CHECK_INT(rec->values[0].i, 7);
	CHECK_SPAN(rec->values[1].s.ptr, rec->values[1].s.len, "vqname");
	CHECK_INT(rec->values[2].kind, SM__VAL_NONE);
	sm__journal_free(&j);
}

TEST(journal_cuts_long_strings)
{
	struct sm__journal j = {0};
	static char big[1000];
	memset(big, 'a', sizeof big);
	struct sm__value in = str_value(big, sizeof big);
	const struct sm__journal_rec *rec = sm__journal_get(&j, sm__journal_add(&j, 0, &in, 1));
	CHECK_INT(rec->values[0].s.len, SM__JOURNAL_STRING_MAX);
	CHECK(memcmp(rec->values[0].s.ptr + SM__JOURNAL_STRING_MAX - 3, "...", 3) == 0);
	sm__journal_free(&j);
}

TEST(journal_forgets_what_the_ring_wrote_over)
{
	struct sm__journal j = {0};
	struct sm__value v = int_value(1);
	uint64_t first = sm__journal_add(&j, 1, &v, 1);
	uint64_t last = first;
	/* Each entry is at least 16 bytes: this writes the ring over at least twice. */
	for (size_t k = 0; k < 2 * SM__JOURNAL_BYTES / 16; k++) {
		v.i = (int64_t)k;
		last = sm__journal_add(&j, 2, &v, 1);
	}
	CHECK(sm__journal_get(&j, first) == NULL);
	const struct sm__journal_rec *rec = sm__journal_get(&j, last);
	CHECK(rec != NULL);
	CHECK_INT(rec->values[0].i, (int64_t)(2 * SM__JOURNAL_BYTES / 16 - 1));
	sm__journal_free(&j);
}

/* After the first entry (the ring made), entries of a few values go the
 * inline way unless one is a string: a string at any place is kept. */
TEST(journal_keeps_a_string_at_any_place_of_a_few_values)
{
	struct sm__journal j = {0};
	struct sm__value none = {0};
	sm__journal_add(&j, 1, &none, 1);
	for (size_t n = 1; n <= 4; n++) {
		for (size_t at = 0; at < n; at++) {
			char text[] = "virtio0";
			struct sm__value in[4];
			for (size_t k = 0; k < n; k++)
				in[k] = k == at ? str_value(text, 7) : int_value((int64_t)k + 10);
			uint64_t ref = sm__journal_add(&j, 3, in, n);
			text[0] = 'X'; /* the record's buffer is reused */
			const struct sm__journal_rec *rec = sm__journal_get(&j, ref);
			CHECK(rec != NULL);
			CHECK_INT(rec->nvalues, n);
			CHECK_INT(rec->values[at].kind, SM__VAL_STR);
			CHECK_SPAN(rec->values[at].s.ptr, rec->values[at].s.len, "virtio0");
			for (size_t k = 0; k < n; k++)
				if (k != at)
					CHECK_INT(rec->values[k].i, (int64_t)k + 10);
		}
	}
	sm__journal_free(&j);
}

/* No entry runs past the ring's end: where the largest one could not
 * fit, the head goes round to the start first. */
TEST(journal_entries_never_run_past_the_rings_end)
{
	struct sm__journal j = {0};
	struct sm__value in[4] = {int_value(1), int_value(2), int_value(3), int_value(4)};
	size_t size = sizeof(struct sm__journal_head) + 4 * sizeof(struct sm__journal_value);
	bool inside = true;
	uint64_t ref = 0;
	while (ref < 2 * (uint64_t)SM__JOURNAL_BYTES) {
		ref = sm__journal_add(&j, 1, in, 4);
		inside = inside && ref % SM__JOURNAL_BYTES + size <= SM__JOURNAL_BYTES;
	}
	CHECK(inside);
	sm__journal_free(&j);
}

/* An entry of so many values that it would take more than a quarter of
 * the ring keeps its event alone. */
TEST(journal_keeps_an_event_alone_past_a_quarter_of_the_ring)
{
	struct sm__journal j = {0};
	enum { N = SM__JOURNAL_BYTES / 4 / 16 + 1 };
	static struct sm__value in[N];
	for (size_t k = 0; k < N; k++)
		in[k] = int_value((int64_t)k);
	const struct sm__journal_rec *rec = sm__journal_get(&j, sm__journal_add(&j, 3, in, N));
	CHECK(rec != NULL);
	CHECK_INT(rec->event, 3);
	CHECK_INT(rec->nvalues, 0);
	sm__journal_free(&j);
}

/* An entry is held until the entry that writes over its bytes: the first
 * written at the ring's start again (none wraps round its end). */
TEST(journal_holds_an_entry_until_the_ring_comes_round_to_it)
{
	struct sm__journal j = {0};
	struct sm__value v = int_value(-5);
	uint64_t first = sm__journal_add(&j, 1, &v, 1), ref = first;
	bool held = true;
	for (int64_t k = 0; ref < SM__JOURNAL_BYTES; k++) {
		const struct sm__journal_rec *rec = sm__journal_get(&j, first);
		held = held && rec && rec->event == 1 && rec->values[0].i == -5;
		v.i = k;
		ref = sm__journal_add(&j, 2, &v, 1);
	}
	CHECK(held);
	CHECK_INT(ref, SM__JOURNAL_BYTES); /* at the start of the ring, over the first */
	CHECK(sm__journal_get(&j, first) == NULL);
	CHECK(sm__journal_get(&j, ref) != NULL);
	sm__journal_free(&j);
}

TEST(journal_keeps_an_event_without_fields)
{
	struct sm__journal j = {0};
	const struct sm__journal_rec *rec = sm__journal_get(&j, sm__journal_add(&j, 9, NULL, 0));
	CHECK(rec != NULL);
	CHECK_INT(rec->event, 9);
	CHECK_INT(rec->nvalues, 0);
	sm__journal_free(&j);
}

TEST(journal_keeps_hex_and_the_integer_of_every_kind)
{
	struct sm__journal j = {0};
	struct sm__value in[2] = {int_value(-5), str_value("ab", 2)};
	in[0].hex = 1;
	in[1].i = 42; /* what a string's integer says is kept too */
	const struct sm__journal_rec *rec = sm__journal_get(&j, sm__journal_add(&j, 1, in, 2));
	CHECK_INT(rec->values[0].kind, SM__VAL_INT);
	CHECK_INT(rec->values[0].hex, 1);
	CHECK_INT(rec->values[0].i, -5);
	CHECK_INT(rec->values[1].kind, SM__VAL_STR);
	CHECK_INT(rec->values[1].i, 42);
	CHECK_SPAN(rec->values[1].s.ptr, rec->values[1].s.len, "ab");
	sm__journal_free(&j);
}

/* An event of thousands of fields: kept with its values when they fit in a
 * quarter of the ring (here they do: they are integers). */
TEST(journal_keeps_many_fields)
{
	struct sm__journal j = {0};
	enum { N = 5000 };
	static struct sm__value in[N];
	for (size_t k = 0; k < N; k++)
		in[k] = int_value((int64_t)k);
	const struct sm__journal_rec *rec = sm__journal_get(&j, sm__journal_add(&j, 3, in, N));
	CHECK_INT(rec->nvalues, N);
	CHECK_INT(rec->values[N - 1].i, N - 1);
	sm__journal_free(&j);
}
