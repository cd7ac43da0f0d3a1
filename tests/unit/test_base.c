/*
 * test_base.c: what src/base.c gives every stage.  Trace values: the inline
 * fast path of sm__value_from_text must give exactly what the general
 * sm__value_parse gives, on the usual numbers, on every edge of the fast
 * path, and on many strings made up at random from the characters numbers
 * are written with.  The byte hash: its values must not change with its
 * speed (tables keep their order, and with it reports theirs).
 */
#include "harness.h"

#include "base.h"

#include <stdint.h>

static bool same(struct sm__value a, struct sm__value b)
{
	return a.kind == b.kind && a.hex == b.hex && a.i == b.i && a.s.ptr == b.s.ptr &&
	       a.s.len == b.s.len;
}

static void check_same(const char *text, size_t len)
{
	struct sm__value fast = sm__value_from_text(text, len);
	struct sm__value general = sm__value_parse(text, len);
	if (!same(fast, general))
		FAIL("'%.*s': fast kind %d hex %d i %lld, general kind %d hex %d i %lld",
		     (int)len, text, fast.kind, fast.hex, (long long)fast.i, general.kind,
		     general.hex, (long long)general.i);
}

static struct sm__value value(const char *text)
{
	check_same(text, strlen(text));
	return sm__value_from_text(text, strlen(text));
}

#define CHECK_VALUE_INT(text, value_, is_hex)                                 \
	do {                                                                   \
		struct sm__value v_ = value(text);                             \
		CHECK_INT(v_.kind, SM__VAL_INT);                               \
		CHECK(v_.i == (int64_t)(value_));                              \
		CHECK_INT(v_.hex, is_hex);                                     \
	} while (0)

#define CHECK_VALUE_STR(text, inside)                                        \
	do {                                                                   \
		struct sm__value v_ = value(text);                             \
		CHECK_INT(v_.kind, SM__VAL_STR);                               \
		CHECK_SPAN(v_.s.ptr, v_.s.len, inside);                        \
	} while (0)

TEST(value_decimal_and_hex)
{
	CHECK_VALUE_INT("0", 0, 0);
	CHECK_VALUE_INT("31", 31, 0);
	CHECK_VALUE_INT("007", 7, 0);
	CHECK_VALUE_INT("0x1f", 31, 1);
	CHECK_VALUE_INT("0X1F", 31, 1);
	CHECK_VALUE_INT("0x0", 0, 1);
	CHECK_VALUE_INT("-5", -5, 0);
	CHECK_VALUE_INT("-0", 0, 0);
	CHECK_VALUE_INT("-0x10", -16, 1);
}

TEST(value_edges_of_the_fast_path)
{
	/* 19 digits: the longest fast decimal; the upper half wraps */
	CHECK_VALUE_INT("9223372036854775807", INT64_MAX, 0);
	CHECK_VALUE_INT("9223372036854775808", INT64_MIN, 0);
	CHECK_VALUE_INT("9999999999999999999", (int64_t)9999999999999999999ull, 0);
	/* 20 digits and more: the general routine */
	CHECK_VALUE_INT("18446744073709551615", -1, 0);
	CHECK_VALUE_STR("18446744073709551616", "18446744073709551616");
	CHECK_VALUE_INT("00000000000000000000001", 1, 0);
	/* 16 hex digits: the longest fast hex */
	CHECK_VALUE_INT("0xffffffffffffffff", -1, 1);
	CHECK_VALUE_INT("0x7fffffffffffffff", INT64_MAX, 1);
	CHECK_VALUE_STR("0x10000000000000000", "0x10000000000000000");
	CHECK_VALUE_INT("0x00000000000000001", 1, 1);
	CHECK_VALUE_INT("-9223372036854775808", INT64_MIN, 0);
	CHECK_VALUE_STR("-9223372036854775809", "-9223372036854775809");
}

TEST(value_not_numbers)
{
	CHECK_VALUE_STR("", "");
	CHECK_VALUE_STR("+5", "+5");
	CHECK_VALUE_STR("-", "-");
	CHECK_VALUE_STR("0x", "0x");
	CHECK_VALUE_STR("0xg", "0xg");
	CHECK_VALUE_STR("0x-1", "0x-1");
	CHECK_VALUE_STR("--1", "--1");
	CHECK_VALUE_STR("12a", "12a");
	CHECK_VALUE_STR("1.5", "1.5");
	CHECK_VALUE_STR(" 1", " 1");
	CHECK_VALUE_STR("\"42\"", "42");
	CHECK_VALUE_STR("\"", "\"");
	CHECK_VALUE_STR("virtio0", "virtio0");
	/* bytes above 0x7f and below '0' are no digits */
	CHECK_VALUE_STR("1\xb1", "1\xb1");
	CHECK_VALUE_STR("0x1\xc1", "0x1\xc1");
	CHECK_VALUE_STR("1/", "1/");
}

TEST(value_fast_equals_general_at_random)
{
	static const char alphabet[] = "0123456789abcdefABCDEFxX-+\" g\xff";
	uint64_t seed = 0x2545f4914f6cdd1dull;
	char text[32];
	for (int round = 0; round < 200000; round++) {
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		size_t len = seed % 25;
		uint64_t r = seed;
		for (size_t k = 0; k < len; k++) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			/* mostly digits, so that long numbers come up */
			size_t pick = (seed >> 8) % 4 ? (seed >> 16) % 10
						      : (seed >> 16) % (sizeof alphabet - 1);
			text[k] = alphabet[pick];
		}
		if (len > 2 && r % 3 == 0) /* many 0x prefixes */
			text[0] = '0', text[1] = r % 2 ? 'x' : 'X';
		check_same(text, len);
	}
}

/* The byte hash as it was first written: a word at a time, the tail
 * copied into a zeroed word. */
static uint64_t reference_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
		h ^= h >> 29;
		s += 8;
		n -= 8;
	}
	uint64_t tail = 0;
	if (n)
		memcpy(&tail, s, n);
	h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 32);
}

TEST(hash_bytes_keeps_its_values)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	unsigned char text[64];
	for (size_t k = 0; k < sizeof text; k++)
		text[k] = (unsigned char)(k * 37 + 11);
	for (size_t at = 0; at < 8; at++)
		for (size_t n = 0; at + n <= sizeof text; n++)
			CHECK(sm__hash_bytes(text + at, n) == reference_hash(text + at, n));
#else
	SKIP("the reference values are those of a little-endian machine");
#endif
}
