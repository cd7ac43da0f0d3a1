/*
 * pick.h: the common case of sm__ftrace_pick (record.h), inline for the
 * binder, which calls it for every record of a bound event: a record that
 * starts as the pick's last ones did (its before) and has one of the
 * layouts of its length (struct sm__pick_layout), whose values are read
 * with no scan.  Anything else goes to sm__ftrace_pick_rest
 * (source_ftrace.c).
 */
#ifndef SM_PICK_H
#define SM_PICK_H

#include "record.h"
#include "source.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Does the text at p start with the pick's `before`?  Its four blocks,
 * whatever its length (a switch on it, with the before of two names
 * of different lengths, went the wrong way for half of W1's records). */
static inline bool sm__pick_same_before(const char *p, const struct sm__pick *pick)
{
	if (__builtin_expect(pick->skip < 16, 0)) {
		uint64_t diff = (load_le64(p + pick->skip - 8) ^ pick->before_last) & pick->before_mask;
		if (pick->skip > 8)
			diff |= load_le64(p) ^ pick->before[0];
		return diff == 0;
	}
	const uint8_t *at = pick->before_at;
	const uint64_t *w = pick->before;
#ifdef __SSE2__
	const __m128i *b = (const __m128i *)(const void *)w;
	__m128i d = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + at[0])), b[0]);
	/* unrolled: at -O2 GCC keeps the loop, 16 instructions a record */
#pragma GCC unroll 3
	for (size_t k = 1; k < 4; k++)
		d = _mm_or_si128(d, _mm_xor_si128(
					    _mm_loadu_si128((const __m128i *)(const void *)(p + at[k])),
					    b[k]));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(d, _mm_setzero_si128())) == 0xffff;
#else
	uint64_t diff = 0;
	for (size_t k = 0; k < 4; k++)
		diff |= (load_le64(p + at[k]) ^ w[2 * k]) | (load_le64(p + at[k] + 8) ^ w[2 * k + 1]);
	return diff == 0;
#endif
}

/*
 * The number of the digits of z, a word of digit values (0 to 9) in its
 * top bytes, the first the lowest of them, and zeros below (leading
 * zeros, which add nothing).  Summed pairwise, each step one multiply: a
 * lane times (1 + 10 << 8) holds its pair's value in its upper byte, and
 * so on with 100 and 10000; in the upper half alone when the value has 4
 * digits at most, as most have.  (A branch on 2 digits at most went the
 * wrong way for one of W1's values in five, of 1 to 3 digits.)
 */
static inline uint64_t sm__pick_digits(uint64_t z)
{
	if (!(uint32_t)z) {
		uint64_t y = z >> 32;
		y = (y * 0xa01 >> 8) & 0x00ff00ffull;
		return (y * 0x640001 >> 16) & 0xffffull;
	}
	z = (z * 0xa01 >> 8) & 0x00ff00ff00ff00ffull;
	z = (z * 0x640001 >> 16) & 0x0000ffff0000ffffull;
	return (z * 0x271000000001ull >> 32) & 0xffffffffull;
}

/* A decimal integer, as sm__value_read makes it. */
static inline void sm__pick_put_int(struct sm__value *value, uint64_t i)
{
	value->kind = SM__VAL_INT;
	value->hex = 0;
	value->i = (int64_t)i;
	value->s = (struct sm__str){NULL, 0};
}

/* The n values of a record that has layout l, if it has (if not, some are
 * junk): into `values`, or as integers into `ints` when as_ints.  Always
 * inlined, and as_ints a constant: each case is compiled on its own. */
static inline __attribute__((always_inline)) bool
sm__pick_layout_fits(const struct sm__record *rec, const struct sm__pick_layout *l,
		     struct sm__value *values, int64_t *ints, bool as_ints, size_t n)
{
	if (l->len != rec->rest.len)
		return false;
	const char *text = rec->rest.ptr;
	const struct sm__layout_word *w = l->words, *end = w + l->nwords;
	uint64_t bad = 0;
	for (size_t k = 0; k < n; k++, w++) {
		uint64_t y = load_le64(text + w->at) - w->base;
		bad |= ((y + w->six) | y) & w->mask;
		uint64_t i = sm__pick_digits(y & w->keep);
		if (as_ints)
			ints[k] = (int64_t)i;
		else
			sm__pick_put_int(&values[k], i);
	}
	for (; w < end; w++) {
		uint64_t y = load_le64(text + w->at) - w->base;
		bad |= ((y + w->six) | y) & w->mask;
	}
	return bad == 0;
}

/*
 * The common case alone: the values of a record that starts as the pick's
 * last ones did and has one of the layouts of its length, all decimal
 * integers (pick->n of them, at most SM__LAYOUT_WORDS), put as
 * sm__pick_layout_fits puts them; false for any other record, of which
 * nothing is learnt (sm__ftrace_pick reads it).
 */
static inline __attribute__((always_inline)) bool
sm__pick_ints(const struct sm__record *rec, struct sm__pick *pick, struct sm__value *values,
	      int64_t *ints, bool as_ints)
{
	if (!pick->again || rec->rest.len <= pick->skip ||
	    !sm__pick_same_before(rec->rest.ptr, pick))
		return false;
	/* the layouts of its length, the one used last first */
	size_t pair = rec->rest.len % (SM__PICK_LAYOUTS / 2);
	struct sm__pick_layout *last = pick->used[pair];
	if (sm__pick_layout_fits(rec, last, values, ints, as_ints, pick->n))
		return true;
	struct sm__pick_layout *other = last == &pick->layouts[2 * pair] ? last + 1 : last - 1;
	if (!sm__pick_layout_fits(rec, other, values, ints, as_ints, pick->n))
		return false;
	pick->used[pair] = other;
	return true;
}

/* sm__ftrace_pick past sm__pick_ints (source_ftrace.c). */
void sm__ftrace_pick_rest(const struct sm__record *rec, struct sm__pick *pick,
			  struct sm__value *values);

/* sm__ftrace_pick, inline (always: a call of its own cost a record eleven
 * instructions of saved registers). */
static inline __attribute__((always_inline)) void
sm__ftrace_pick_inline(const struct sm__record *rec, struct sm__pick *pick,
		       struct sm__value *values)
{
	if (!sm__pick_ints(rec, pick, values, NULL, false))
		sm__ftrace_pick_rest(rec, pick, values);
}

#endif
