/*
 * test_jsonl.c: the JSON Lines parser's fast path (flat records of plain
 * strings and numbers) pinned against its general parser.  Each record is
 * written in a shape the fast path takes and in shapes that need the
 * general parser (an escape, a nested value, an exponent), and both must
 * give the same record; errors keep the general parser's messages and
 * columns wherever they come.  Expected values are worked out by hand.
 */
#include "harness.h"
#include "record.h"

#include <stdint.h>

static struct sm__record rec;
static struct sm__buf scratch;
static const char *why;
static size_t col;
static const char *text; /* the line last parsed */

static enum sm__line_kind parse(const char *line)
{
	why = NULL;
	col = 0;
	text = line;
	return sm__jsonl_parse((struct sm__str){line, strlen(line)}, &rec, &scratch, &why, &col);
}

/* The k-th field, which must be called `name`. */
static struct sm__value nth(size_t k, const char *name)
{
	if (k >= rec.nfields)
		FAIL("%s: no field %zu (%zu fields)", text, k, rec.nfields);
	CHECK_SPAN(rec.fields[k].name.ptr, rec.fields[k].name.len, name);
	return rec.fields[k].value;
}

#define CHECK_INT_FIELD(k, name, value)                                      \
	do {                                                                   \
		struct sm__value v_ = nth(k, name);                            \
		CHECK_INT(v_.kind, SM__VAL_INT);                               \
		CHECK_INT(v_.i, value);                                        \
	} while (0)

#define CHECK_STR_FIELD(k, name, str)                                        \
	do {                                                                   \
		struct sm__value v_ = nth(k, name);                            \
		CHECK_INT(v_.kind, SM__VAL_STR);                               \
		CHECK_SPAN(v_.s.ptr, v_.s.len, str);                           \
	} while (0)

#define CHECK_TS(ns, digits)                                                 \
	do {                                                                   \
		CHECK(rec.has_ts);                                             \
		CHECK_INT(rec.ts_ns, ns);                                      \
		CHECK_INT(rec.ts_digits, digits);                              \
	} while (0)

#define CHECK_BAD(line, message, column)                                     \
	do {                                                                   \
		CHECK_INT(parse(line), SM__LINE_BAD);                          \
		CHECK_STR(why, message);                                       \
		CHECK_INT(col, column);                                        \
	} while (0)

/* Does the span lie in the line, as an undecoded string does? */
static bool in_line(struct sm__str s)
{
	return s.ptr >= text && s.ptr + s.len <= text + strlen(text);
}

/* The W1 record, {"event":"virtio_req","ts":1000.000003,"dev":31,"vq":0,"id":0}. */
static void check_w1(void)
{
	CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_req");
	CHECK_TS(1000000003000, 6);
	CHECK(!rec.text.ptr);
	CHECK_INT(rec.nfields, 3);
	CHECK_INT_FIELD(0, "dev", 31);
	CHECK_INT_FIELD(1, "vq", 0);
	CHECK_INT_FIELD(2, "id", 0);
}

TEST(jsonl_fast_record_and_its_general_twins)
{
	/* Flat and plain: every span points into the line. */
	const char *flat = "{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}";
	CHECK_INT(parse(flat), SM__LINE_RECORD);
	check_w1();
	CHECK(rec.name.ptr == flat + 10);
	CHECK(rec.fields[0].name.ptr == flat + 40);
	CHECK_INT(scratch.len, 0);

	/* An escape in the event name: decoded into scratch. */
	CHECK_INT(parse("{\"event\":\"virtio\\u005freq\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}"),
		  SM__LINE_RECORD);
	check_w1();
	CHECK(!in_line(rec.name));
	CHECK_INT(scratch.len, 10);

	/* Escaped member names are the same names. */
	CHECK_INT(parse("{\"\\u0065vent\":\"virtio_req\",\"t\\u0073\":1000.000003,\"d\\u0065v\":31,"
			"\"vq\":0,\"id\":0}"),
		  SM__LINE_RECORD);
	check_w1();
	CHECK_INT(scratch.len, 5 + 2 + 3);

	/* Exponent forms of the same numbers (general parser). */
	CHECK_INT(parse("{\"event\":\"virtio_req\",\"ts\":1.000000003e3,\"dev\":3.1e1,\"vq\":0e5,"
			"\"id\":0.0}"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_req");
	CHECK_TS(1000000003000, 6); /* 9 fraction digits less the exponent's 3 */
	CHECK_INT_FIELD(0, "dev", 31);
	CHECK_INT_FIELD(1, "vq", 0);
	CHECK_INT_FIELD(2, "id", 0);
}

TEST(jsonl_fast_whitespace)
{
	static const char *const lines[] = {
		"{\"event\": \"virtio_req\", \"ts\": 1000.000003, \"dev\": 31, \"vq\": 0, \"id\": 0}",
		"  { \"event\" : \"virtio_req\" ,\t\"ts\" :1000.000003,\"dev\"\t:\t31 , \"vq\":0,"
		"\"id\":0 }  ",
		"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}\r",
		"\t{\r\n\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0\n}",
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++) {
		CHECK_INT(parse(lines[k]), SM__LINE_RECORD);
		check_w1();
	}
	CHECK_INT(parse(" \t\r\n"), SM__LINE_COMMENT);
	CHECK_INT(parse("{ }"), SM__LINE_BAD);
}

/* "ts" seconds with 0 to 9 and more fraction digits, negative, and past
 * the 9 integer digits the fast path takes. */
TEST(jsonl_fast_seconds)
{
	static const struct {
		const char *ts;
		int64_t ns;
		int digits;
	} cases[] = {
		{"5", 5000000000, 0},
		{"5.1", 5100000000, 1},
		{"5.12", 5120000000, 2},
		{"5.123", 5123000000, 3},
		{"5.1234", 5123400000, 4},
		{"5.12345", 5123450000, 5},
		{"5.123456", 5123456000, 6},
		{"5.1234567", 5123456700, 7},
		{"5.12345678", 5123456780, 8},
		{"5.123456789", 5123456789, 9},
		{"5.1234567891", 5123456789, 9}, /* below a nanosecond: dropped */
		{"0.000000001", 1, 9},
		{"0", 0, 0},
		{"-0", 0, 0},
		{"-1.5", -1500000000, 1},
		{"999999999.999999999", 999999999999999999, 9},
		{"1000000000.5", 1000000000500000000, 1},          /* 10 integer digits */
		{"9223372036.854775807", INT64_MAX, 9},            /* the largest */
		{"1.5e3", 1500000000000, 0},                       /* 1 digit less 3 */
		{"15e-1", 1500000000, 1},
	};
	char line[128];
	for (size_t k = 0; k < SM__ARRAY_LEN(cases); k++) {
		snprintf(line, sizeof line, "{\"event\":\"e\",\"ts\":%s}", cases[k].ts);
		CHECK_INT(parse(line), SM__LINE_RECORD);
		CHECK_TS(cases[k].ns, cases[k].digits);
	}
	/* 2^63 ns does not fit. */
	CHECK_BAD("{\"event\":\"e\",\"ts\":9223372036.854775808}", "\"ts\" is out of range", 19);

	CHECK_INT(parse("{\"event\":\"e\",\"ts_ns\":123456789012}"), SM__LINE_RECORD);
	CHECK_TS(123456789012, 9);
	CHECK_INT(parse("{\"event\":\"e\",\"ts_ns\":-1}"), SM__LINE_RECORD);
	CHECK_TS(-1, 9);
	CHECK_INT(parse("{\"event\":\"e\",\"ts_ns\":9223372036854775807}"), SM__LINE_RECORD);
	CHECK_TS(INT64_MAX, 9);
	CHECK_BAD("{\"event\":\"e\",\"ts_ns\":9223372036854775808}",
		  "\"ts_ns\" must be an integer (nanoseconds)", 22);
	CHECK_BAD("{\"event\":\"e\",\"ts_ns\":1.0}", "\"ts_ns\" must be an integer (nanoseconds)", 22);
	CHECK_BAD("{\"event\":\"e\",\"ts_ns\":1e3}", "\"ts_ns\" must be an integer (nanoseconds)", 22);
}

/* Field integers from -2^63 to 2^64 - 1 (the top half as two's
 * complement); other numbers keep their text. */
TEST(jsonl_fast_integers)
{
	/* Up to 19 digits, as the fast path reads them. */
	CHECK_INT(parse("{\"event\":\"e\",\"a\":-42,\"b\":-0,\"c\":9999999999999999999,"
			"\"d\":-9223372036854775808,\"e\":9223372036854775807}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 5);
	CHECK_INT_FIELD(0, "a", -42);
	CHECK_INT_FIELD(1, "b", 0);
	CHECK_INT_FIELD(2, "c", -8446744073709551617); /* 9999999999999999999 - 2^64 */
	CHECK_INT_FIELD(3, "d", INT64_MIN);
	CHECK_INT_FIELD(4, "e", INT64_MAX);

	/* The general parser's: wider, fractions and exponents. */
	CHECK_INT(parse("{\"event\":\"e\",\"d\":18446744073709551615,\"e\":18446744073709551616,"
			"\"g\":-9223372036854775809,\"h\":1.5,\"i\":16.0,\"j\":1e2,\"k\":2.5e-1}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 7);
	CHECK_INT_FIELD(0, "d", -1);
	CHECK_STR_FIELD(1, "e", "18446744073709551616");
	CHECK(in_line(rec.fields[1].value.s));
	CHECK_STR_FIELD(2, "g", "-9223372036854775809");
	CHECK_STR_FIELD(3, "h", "1.5");
	CHECK_INT_FIELD(4, "i", 16);
	CHECK_INT_FIELD(5, "j", 100);
	CHECK_STR_FIELD(6, "k", "2.5e-1");
}

TEST(jsonl_fast_literals_and_strings)
{
	CHECK_INT(parse("{\"event\":\"e\",\"t\":true,\"f\":false,\"n\":null,\"s\":\"\",\"u\":\"\xc3\xa9\","
			"\"raw\":\"\xff\xfe\"}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 6);
	CHECK_INT_FIELD(0, "t", 1);
	CHECK_INT_FIELD(1, "f", 0);
	CHECK_INT(nth(2, "n").kind, SM__VAL_NONE);
	CHECK_STR_FIELD(3, "s", "");
	CHECK_STR_FIELD(4, "u", "\xc3\xa9");
	CHECK_STR_FIELD(5, "raw", "\xff\xfe"); /* not UTF-8: kept as it is */
	CHECK_BAD("{\"event\":true}", "\"event\" must be a string", 10);
	CHECK_BAD("{\"event\":\"e\",\"ts\":null}", "\"ts\" must be a number", 19);
	CHECK_BAD("{\"event\":\"e\",\"ts\":\"5\"}", "\"ts\" must be a number", 19);
	CHECK_BAD("{\"event\":\"e\",\"x\":nul}", "expected a value", 18);
}

/* The last "event" and "ts" win; every field is kept. */
TEST(jsonl_fast_duplicates)
{
	static const char *const lines[] = {
		"{\"event\":\"a\",\"ts\":1,\"event\":\"b\",\"ts\":2.5,\"k\":1,\"k\":\"two\"}",
		"{\"event\":\"a\",\"ts\":1,\"event\":\"\\u0062\",\"ts\":2.5,\"k\":1,\"k\":\"two\"}",
		"{\"event\":\"a\",\"ts\":1,\"event\":\"b\",\"ts\":25e-1,\"k\":1,\"k\":\"two\"}",
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++) {
		CHECK_INT(parse(lines[k]), SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "b");
		CHECK_TS(2500000000, 1);
		CHECK_INT(rec.nfields, 2);
		CHECK_INT_FIELD(0, "k", 1);
		CHECK_STR_FIELD(1, "k", "two");
	}
}

/* A line the fast path leaves halfway is read again from its start: what
 * it had taken does not stay twice, nor does a time it had set. */
TEST(jsonl_fast_gives_up_cleanly)
{
	CHECK_INT(parse("{\"event\":\"a\",\"ts\":1.5,\"k\":1,\"x\":[1,{\"y\":2}]}"), SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "a");
	CHECK_TS(1500000000, 1);
	CHECK_INT(rec.nfields, 2);
	CHECK_INT_FIELD(0, "k", 1);
	CHECK_STR_FIELD(1, "x", "[1,{\"y\":2}]");

	CHECK_BAD("{\"event\":\"a\",\"ts\":1.5,\"k\":1,\"x\":[}", "expected a value", 34);

	CHECK_INT(parse("{\"MESSAGE\":\"m\",\"__REALTIME_TIMESTAMP\":\"7\",\"o\":{}}"), SM__LINE_RECORD);
	CHECK_TS(7000, 6);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "m");
	CHECK_INT(rec.nfields, 3);
	CHECK_STR_FIELD(2, "o", "{}");
}

/* journalctl -o json, all plain strings: the fast path takes it whole. */
TEST(jsonl_fast_journal)
{
	const char *line = "{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1701291110123456\","
			   "\"PRIORITY\":\"6\",\"MESSAGE\":\"virtio_net virtio0: up\",\"_PID\":\"1\"}";
	CHECK_INT(parse(line), SM__LINE_RECORD);
	CHECK_TS(1701291110123456000, 6);
	CHECK_INT(rec.name.len, 0);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "virtio_net virtio0: up");
	CHECK(in_line(rec.text));
	CHECK_INT(rec.nfields, 5);
	CHECK_STR_FIELD(1, "__REALTIME_TIMESTAMP", "1701291110123456");
	CHECK_STR_FIELD(3, "MESSAGE", "virtio_net virtio0: up");

	/* Not strings, they are only fields: no text, no time. */
	CHECK_INT(parse("{\"event\":\"e\",\"MESSAGE\":5,\"__REALTIME_TIMESTAMP\":true}"),
		  SM__LINE_RECORD);
	CHECK(!rec.text.ptr);
	CHECK(!rec.has_ts);
	CHECK_INT_FIELD(0, "MESSAGE", 5);
	CHECK_INT_FIELD(1, "__REALTIME_TIMESTAMP", 1);

	CHECK_BAD("{\"MESSAGE\":\"m\",\"__REALTIME_TIMESTAMP\":\"-1\"}",
		  "\"__REALTIME_TIMESTAMP\" must be microseconds (a string of digits)", 39);
	CHECK_BAD("{\"_PID\":\"1\"}", "no \"event\" member (a string), nor a journal \"MESSAGE\"", 1);
}

/* The W1 line cut short at each kind of place, and wrong in each kind of
 * way after a fast start: the columns are the general parser's. */
TEST(jsonl_fast_errors)
{
	/* {"event":"virtio_req","ts":1000.000003,"dev":31,"vq":0,"id":0}
	 * columns: "event" 2-8, "virtio_req" 10-21, "ts" 23-26, the time
	 * 28-38, "dev" 40-44, 31 at 46-47, "vq" 49-52, 0 at 54, "id" 56-59,
	 * 0 at 61, '}' at 62. */
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0",
		  "expected ',' or '}' after a member", 62);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":",
		  "expected a value", 61);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\"",
		  "expected ':' after the member name", 60);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id",
		  "unterminated string", 56);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,", "expected a member name (a string)",
		  40);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.", "expected a digit", 33);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":-", "expected a digit", 29);
	CHECK_BAD("{\"event\":\"virtio_r", "unterminated string", 10);

	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":031}",
		  "leading zeros are not allowed", 46);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":3 1}",
		  "expected ',' or '}' after a member", 48);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":\"a\\qb\"}", "invalid escape", 48);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31}x",
		  "trailing characters after the object", 49);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,}",
		  "expected a member name (a string)", 49);
	CHECK_BAD("{\"event\":\"virtio_req\",\"dev\":\"a\tb\"}", "control character in a string", 31);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1e}", "expected a digit", 30);
	CHECK_BAD("{\"event\":\"virtio_req\",\"ts\":1.e3}", "expected a digit", 30);
}

/*
 * The known shape: a line read whole teaches the next ones its members'
 * order and glue (known_shape in source_jsonl.c).  Lines after it are
 * read against it and must give what a parser that learnt nothing gives:
 * each record below is worked out by hand from the line itself.
 */
TEST(jsonl_shape_reads_the_next_lines)
{
	sm__record_free(&rec); /* no shape learnt by the tests before */
	CHECK_INT(parse("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}"),
		  SM__LINE_RECORD);
	check_w1();

	/* Same shape, other values: spans in this line, not the one before. */
	const char *next = "{\"event\":\"virtio_done\",\"ts\":1000.000011,\"dev\":4,\"vq\":0,\"id\":17}";
	CHECK_INT(parse(next), SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_done");
	CHECK(rec.name.ptr == next + 10);
	CHECK_TS(1000000011000, 6);
	CHECK(!rec.text.ptr);
	CHECK_INT(rec.nfields, 3);
	CHECK(rec.fields[0].name.ptr == next + 41);
	CHECK_INT_FIELD(0, "dev", 4);
	CHECK_INT_FIELD(1, "vq", 0);
	CHECK_INT_FIELD(2, "id", 17);

	/* Negative, 18, 19 and 20 digits; a time below zero. */
	CHECK_INT(parse("{\"event\":\"a\",\"ts\":-2.5,\"dev\":-9223372036854775808,"
			"\"vq\":999999999999999999,\"id\":18446744073709551615}"),
		  SM__LINE_RECORD);
	CHECK_TS(-2500000000, 1);
	CHECK_INT_FIELD(0, "dev", INT64_MIN);
	CHECK_INT_FIELD(1, "vq", 999999999999999999);
	CHECK_INT_FIELD(2, "id", -1); /* 2^64 - 1 */

	/* Values of other kinds where the learnt line had integers. */
	CHECK_INT(parse("{\"event\":\"a\",\"ts\":7,\"dev\":\"31\",\"vq\":true,\"id\":null}"),
		  SM__LINE_RECORD);
	CHECK_TS(7000000000, 0);
	CHECK_STR_FIELD(0, "dev", "31");
	CHECK_INT_FIELD(1, "vq", 1);
	CHECK_INT(nth(2, "id").kind, SM__VAL_NONE);
	CHECK_INT(parse("{\"event\":\"a\",\"ts\":1.1234567891,\"dev\":1.5,\"vq\":1e2,\"id\":-0}"),
		  SM__LINE_RECORD);
	CHECK_TS(1123456789, 9);
	CHECK_STR_FIELD(0, "dev", "1.5");
	CHECK_INT_FIELD(1, "vq", 100);
	CHECK_INT_FIELD(2, "id", 0);

	/* An escaped event name: decoded, as the general parser does. */
	CHECK_INT(parse("{\"event\":\"virtio\\u005freq\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}"),
		  SM__LINE_RECORD);
	check_w1();
	CHECK(!in_line(rec.name));

	/* Other glue, members added and left out. */
	CHECK_INT(parse("{\"event\": \"virtio_req\", \"ts\": 1000.000003, \"dev\": 31, \"vq\": 0, \"id\": 0} "),
		  SM__LINE_RECORD);
	check_w1();
	CHECK_INT(parse("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0,\"x\":5}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 4);
	CHECK_INT_FIELD(3, "x", 5);
	CHECK_INT(parse("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 2);
	CHECK_INT(parse("{\"event\":\"virtio_req\",\"dev\":31,\"ts\":1000.000003,\"vq\":0,\"id\":0}"),
		  SM__LINE_RECORD);
	CHECK_TS(1000000003000, 6);
	CHECK_INT_FIELD(0, "dev", 31);
}

/* Errors after a shape was learnt: the general parser's, at its columns
 * (see jsonl_fast_errors for the columns of the W1 line). */
TEST(jsonl_shape_errors)
{
	sm__record_free(&rec);
	static const struct {
		const char *line, *why;
		size_t col;
	} cases[] = {
		{"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":031,\"vq\":0,\"id\":0}",
		 "leading zeros are not allowed", 46},
		{"{\"event\":\"virtio_req\",\"ts\":01.5,\"dev\":31,\"vq\":0,\"id\":0}",
		 "leading zeros are not allowed", 28},
		{"{\"event\":\"virtio_req\",\"ts\":1000.,\"dev\":31,\"vq\":0,\"id\":0}",
		 "expected a digit", 33},
		{"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":-,\"vq\":0,\"id\":0}",
		 "expected a digit", 47},
		{"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}x",
		 "trailing characters after the object", 63},
		{"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0",
		 "expected ',' or '}' after a member", 62},
		{"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":}",
		 "expected a value", 61},
		{"{\"event\":\"virtio_req\",\"ts\":\"1\",\"dev\":31,\"vq\":0,\"id\":0}",
		 "\"ts\" must be a number", 28},
		{"{\"event\":5,\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}",
		 "\"event\" must be a string", 10},
		{"{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":\"a\tb\",\"vq\":0,\"id\":0}",
		 "control character in a string", 48},
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(cases); k++) {
		/* Each after a good line, so that the shape is there. */
		CHECK_INT(parse("{\"event\":\"virtio_req\",\"ts\":1000.000003,\"dev\":31,\"vq\":0,\"id\":0}"),
			  SM__LINE_RECORD);
		CHECK_BAD(cases[k].line, cases[k].why, cases[k].col);
	}

	/* No opening quote where the shape has a string. */
	CHECK_INT(parse("{\"event\": \"virtio_done\", \"ts\": 1000.000005, \"dev\": 31}"),
		  SM__LINE_RECORD);
	CHECK_BAD("{\"event\": &virtio_done\", \"ts\": 1000.000005, \"dev\": 31}", "expected a value", 11);
	CHECK_INT(parse("{\"event\":\"e\",\"s\":\"x\"}"), SM__LINE_RECORD);
	CHECK_BAD("{\"event\":\"e\",\"s\":&x\"}", "expected a value", 18);
}

/* Lines that end inside the shape's glue, short lines, and shapes too
 * large to keep (more than 32 members, glue longer than 512 bytes). */
TEST(jsonl_shape_edges)
{
	sm__record_free(&rec);
	/* The glue `{"abcde}":` is 10 bytes; a line of its first 8 ends with
	 * the '}' the learnt line ends with. */
	CHECK_INT(parse("{\"abcde}\":1,\"event\":\"e\"}"), SM__LINE_RECORD);
	CHECK_INT_FIELD(0, "abcde}", 1);
	CHECK_BAD("{\"abcde}", "unterminated string", 2);

	/* Lines shorter than a word. */
	CHECK_BAD("{\"a\":1}", "no \"event\" member (a string), nor a journal \"MESSAGE\"", 1);
	CHECK_BAD("{\"a\":2}", "no \"event\" member (a string), nor a journal \"MESSAGE\"", 1);
	CHECK_BAD("{\"a\":}", "expected a value", 6);
	CHECK_BAD("{}", "no \"event\" member (a string), nor a journal \"MESSAGE\"", 1);

	/* Names longer than two words, compared whole. */
	for (int k = 0; k < 2; k++) {
		CHECK_INT(parse("{\"event\":\"e\",\"a_very_long_member_name_indeed\":42}"),
			  SM__LINE_RECORD);
		CHECK_INT_FIELD(0, "a_very_long_member_name_indeed", 42);
	}
	CHECK_INT(parse("{\"event\":\"e\",\"a_very_long_member_name_indeeD\":43}"), SM__LINE_RECORD);
	CHECK_INT_FIELD(0, "a_very_long_member_name_indeeD", 43);

	/* 33 members, then a name of 600 bytes: read, as twice in a row. */
	char line[1024];
	int n = snprintf(line, sizeof line, "{\"event\":\"e\"");
	for (int k = 0; k < 32; k++)
		n += snprintf(line + n, sizeof line - (size_t)n, ",\"m%d\":%d", k, k * 3);
	snprintf(line + n, sizeof line - (size_t)n, "}");
	for (int k = 0; k < 2; k++) {
		CHECK_INT(parse(line), SM__LINE_RECORD);
		CHECK_INT(rec.nfields, 32);
		CHECK_INT_FIELD(0, "m0", 0);
		CHECK_INT_FIELD(31, "m31", 93);
	}
	n = snprintf(line, sizeof line, "{\"event\":\"e\",\"");
	memset(line + n, 'n', 600);
	snprintf(line + n + 600, sizeof line - (size_t)n - 600, "\":7}");
	for (int k = 0; k < 2; k++) {
		CHECK_INT(parse(line), SM__LINE_RECORD);
		CHECK_INT(rec.nfields, 1);
		CHECK_INT(rec.fields[0].name.len, 600);
		CHECK_INT(rec.fields[0].value.i, 7);
	}
}

/* Events of different members, one after the other: each keeps its own
 * shape (by its name), and a name the shapes' guess cannot see whole
 * (16 bytes or more, escaped) is read all the same. */
TEST(jsonl_shape_per_event)
{
	sm__record_free(&rec);
	for (int round = 0; round < 3; round++) {
		CHECK_INT(parse("{\"event\":\"notify\",\"ts\":2.000001,\"dev\":3,\"vq\":1}"),
			  SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "notify");
		CHECK_TS(2000001000, 6);
		CHECK_INT(rec.nfields, 2);
		CHECK_INT_FIELD(0, "dev", 3);
		CHECK_INT_FIELD(1, "vq", 1);

		CHECK_INT(parse("{\"event\":\"set_status\",\"ts\":2.5,\"dev\":3,\"status\":15}"),
			  SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "set_status");
		CHECK_TS(2500000000, 1);
		CHECK_INT(rec.nfields, 2);
		CHECK_INT_FIELD(0, "dev", 3);
		CHECK_INT_FIELD(1, "status", 15);

		const char *longer = "{\"event\":\"virtio_queue_notify\",\"ts\":3,\"dev\":\"a b\"}";
		CHECK_INT(parse(longer), SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_queue_notify");
		CHECK(rec.name.ptr == longer + 10);
		CHECK_TS(3000000000, 0);
		CHECK_STR_FIELD(0, "dev", "a b");

		CHECK_INT(parse("{\"event\":\"sixteen_bytes_ab\",\"ts\":4}"), SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "sixteen_bytes_ab");
		CHECK_INT(parse("{\"event\":\"fifteen_bytes_a\",\"ts\":4}"), SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "fifteen_bytes_a");

		/* "notify" again, its name escaped: decoded, not a span. */
		CHECK_INT(parse("{\"event\":\"noti\\u0066y\",\"ts\":2.000001,\"dev\":3,\"vq\":1}"),
			  SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "notify");
		CHECK(!in_line(rec.name));
		CHECK_INT_FIELD(1, "vq", 1);
		CHECK_BAD("{\"event\":\"noti\tfy\",\"ts\":2.000001,\"dev\":3,\"vq\":1}",
			  "control character in a string", 15);
	}
}

/* Do two records say the same: kind, message and column, or name, time
 * and members (names, kinds, values)? */
static bool same_record(enum sm__line_kind ka, const struct sm__record *a, const char *wa,
			size_t ca, enum sm__line_kind kb, const struct sm__record *b,
			const char *wb, size_t cb)
{
	if (ka != kb)
		return false;
	if (ka == SM__LINE_BAD)
		return !strcmp(wa, wb) && ca == cb;
	if (ka != SM__LINE_RECORD)
		return true;
	if (!sm__str_eq_str(a->name, b->name) || a->has_ts != b->has_ts ||
	    a->ts_ns != b->ts_ns || a->ts_digits != b->ts_digits || a->nfields != b->nfields)
		return false;
	for (size_t k = 0; k < a->nfields; k++) {
		const struct sm__value *x = &a->fields[k].value, *y = &b->fields[k].value;
		if (!sm__str_eq_str(a->fields[k].name, b->fields[k].name) || x->kind != y->kind ||
		    x->hex != y->hex || (x->kind == SM__VAL_INT && x->i != y->i) ||
		    (x->kind == SM__VAL_STR && !sm__str_eq_str(x->s, y->s)))
			return false;
	}
	return true;
}

/* line, read by `rec` right after it learnt the shape of `learnt`, and by
 * a record that never learnt one (the general parser): the same. */
static void same_as_general(const char *learnt, const char *line)
{
	struct sm__record general = {0};
	struct sm__buf general_scratch = {0};
	const char *general_why = NULL;
	size_t general_col = 0;
	enum sm__line_kind want = sm__jsonl_parse((struct sm__str){line, strlen(line)}, &general,
						  &general_scratch, &general_why, &general_col);
	sm__record_free(&rec);
	CHECK_INT(parse(learnt), SM__LINE_RECORD);
	enum sm__line_kind got = parse(line);
	if (!same_record(got, &rec, why, col, want, &general, general_why, general_col))
		FAIL("`%s` after `%s` reads as kind %d (%s, column %zu), the general parser's as "
		     "kind %d (%s, column %zu), or their records differ", line, learnt, (int)got,
		     why ? why : "-", col, (int)want, general_why ? general_why : "-",
		     general_col);
	sm__record_free(&general);
	sm__buf_free(&general_scratch);
}

/*
 * Every byte of a line in a learnt shape replaced by each of a few others
 * (a quote, a digit, a blank, a brace, ...): the line reads as the general
 * parser reads it.  The shapes have a glue longer than 8 bytes (`,"status_
 * word":`), a time, a string, and a blank before the closing brace; then
 * lines in a learnt shape with values that its short reads must leave to
 * the general parser: 19 digits (one of them negative, past int64_t), past
 * 2^64, a fraction of 10 digits, a leading zero.
 */
TEST(jsonl_shape_any_byte)
{
	static const char *const learnt[] = {
		"{\"event\":\"set_status\",\"ts\":2.000001,\"status_word\":15,\"name\":\"vd\" }",
		"{\"event\":\"virtio_req\",\"dev\":31,\"vq\":0}",
	};
	for (size_t k = 0; k < sizeof learnt / sizeof *learnt; k++)
		harness_each_byte(learnt[k], 0, strlen(learnt[k]) - 1, "\"9 }{,:.-\\xa",
				  same_as_general);
	static const char *const pairs[][2] = {
		{"{\"event\":\"e\",\"n\":-999999999999999999}",
		 "{\"event\":\"e\",\"n\":-9999999999999999999}"},
		{"{\"event\":\"e\",\"n\":999999999999999999}",
		 "{\"event\":\"e\",\"n\":9999999999999999999}"},
		{"{\"event\":\"e\",\"n\":1}", "{\"event\":\"e\",\"n\":18446744073709551616}"},
		{"{\"event\":\"e\",\"ts\":1.5}", "{\"event\":\"e\",\"ts\":1.1234567891}"},
		{"{\"event\":\"e\",\"ts\":1.5}", "{\"event\":\"e\",\"ts\":01.5}"},
	};
	for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
		same_as_general(pairs[k][0], pairs[k][1]);
	sm__record_free(&rec);
}
