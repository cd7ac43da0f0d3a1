/*
 * test_readers.c: the trace-source stage: the line reader on files and
 * pipes, and the ftrace, log and JSON Lines parsers.  Expected values are
 * read off the input text by hand.
 */
#include "harness.h"
#include "reader.h"
#include "record.h"
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sm__record rec;
static const char *why;
static size_t col;

static struct sm__str span(const char *s)
{
	return (struct sm__str){s, strlen(s)};
}

static enum sm__line_kind ftrace(const char *line)
{
	why = NULL;
	col = 0;
	return sm__ftrace_parse(span(line), &rec, &why, &col);
}

static enum sm__line_kind logline(const char *line)
{
	return sm__log_parse(span(line), &rec, &why, &col);
}

static struct sm__buf scratch;

static enum sm__line_kind jsonl(const char *line)
{
	why = NULL;
	col = 0;
	return sm__jsonl_parse(span(line), &rec, &scratch, &why, &col);
}

/* The value of the field called `name`; fails the test when absent. */
static struct sm__value field(const char *name)
{
	for (size_t k = 0; k < rec.nfields; k++)
		if (sm__str_eq(rec.fields[k].name, name))
			return rec.fields[k].value;
	FAIL("no field %s", name);
}

#define CHECK_FIELD_INT(name, value, is_hex)                                 \
	do {                                                                   \
		struct sm__value v_ = field(name);                             \
		CHECK_INT(v_.kind, SM__VAL_INT);                               \
		CHECK_INT(v_.i, value);                                        \
		CHECK_INT(v_.hex, is_hex);                                     \
	} while (0)

#define CHECK_FIELD_STR(name, text)                                          \
	do {                                                                   \
		struct sm__value v_ = field(name);                             \
		CHECK_INT(v_.kind, SM__VAL_STR);                               \
		CHECK_SPAN(v_.s.ptr, v_.s.len, text);                          \
	} while (0)

#define CHECK_BAD(kind, message, column)                                     \
	do {                                                                   \
		CHECK_INT(kind, SM__LINE_BAD);                                 \
		CHECK_STR(why, message);                                       \
		CHECK_INT(col, column);                                        \
	} while (0)

/* ---- ftrace ------------------------------------------------------------ */

TEST(ftrace_trace_pipe_line)
{
	const char *line = "          insmod-107     [000] .N...     3.912481: set_status: "
			   "(vp_modern_set_status+0x0/0x20 [virtio_pci_modern_dev]) "
			   "dev=0 devid=5 status=0x1";
	CHECK_INT(ftrace(line), SM__LINE_RECORD);
	CHECK(rec.line.ptr == line && rec.line.len == strlen(line));
	CHECK(rec.text.ptr == line && rec.text.len == strlen(line));
	CHECK_SPAN(rec.name.ptr, rec.name.len, "set_status");
	CHECK(rec.has_task);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "insmod");
	CHECK_INT(rec.pid, 107);
	CHECK_INT(rec.cpu, 0);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 3912481000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_INT(rec.nfields, 3);
	CHECK_SPAN(rec.fields[0].name.ptr, rec.fields[0].name.len, "dev");
	CHECK_SPAN(rec.fields[2].name.ptr, rec.fields[2].name.len, "status");
	CHECK_FIELD_INT("dev", 0, 0);
	CHECK_FIELD_INT("devid", 5, 0);
	CHECK_FIELD_INT("status", 1, 1);
}

/* The header alone leaves the columns and fields for later, for records
 * no event binds. */
TEST(ftrace_header_then_fields)
{
	const char *line = "a-1 [002] ..... 1.0: ev: (probe site) dev=0 status=0x1";
	CHECK_INT(sm__ftrace_parse_header(span(line), &rec, &why, &col), SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "ev");
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "a");
	CHECK(rec.time_pending && rec.task_pending);
	CHECK(!rec.has_ts);
	sm__ftrace_time(&rec);
	CHECK(!rec.time_pending);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 1000000000);
	CHECK_INT(rec.ts_digits, 1);
	sm__ftrace_task(&rec);
	CHECK(!rec.task_pending);
	CHECK_INT(rec.pid, 1);
	CHECK_INT(rec.cpu, 2);
	CHECK(rec.fields_pending);
	CHECK_INT(rec.nfields, 0);
	CHECK_SPAN(rec.rest.ptr, rec.rest.len, " (probe site) dev=0 status=0x1");
	sm__ftrace_fields(&rec);
	CHECK(!rec.fields_pending);
	CHECK_INT(rec.nfields, 2);
	CHECK_FIELD_INT("dev", 0, 0);
	CHECK_FIELD_INT("status", 1, 1);
}

/* A line whose start was met before leaves its task columns where that
 * start's entry says: comm, pid and cpu read from its own line, once
 * wanted. */
TEST(ftrace_known_start_task_later)
{
	const char *a = "   bash-12     [001] ..... 5.000001: ev: x=1";
	const char *b = "   bash-12     [001] ..... 5.000002: ev: x=2";
	CHECK_INT(sm__ftrace_parse_header(span(a), &rec, &why, &col), SM__LINE_RECORD);
	CHECK_INT(sm__ftrace_parse_header(span(b), &rec, &why, &col), SM__LINE_RECORD);
	CHECK(rec.task_pending && rec.has_task);
	CHECK_INT(rec.ts_ns, 5000002000);
	sm__ftrace_task_text(&rec);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "bash");
	CHECK(rec.comm.ptr == b + 3);
	CHECK_SPAN(rec.pid_text.ptr, rec.pid_text.len, "12");
	CHECK_SPAN(rec.cpu_text.ptr, rec.cpu_text.len, "001");
	CHECK(rec.cpu_text.ptr == b + 16);
	sm__ftrace_task(&rec);
	CHECK(!rec.task_pending);
	CHECK_INT(rec.pid, 12);
	CHECK_INT(rec.cpu, 1);
}

/* Lines that start as an earlier record did (task, CPU, flags: the bytes
 * up to the time) are split from what that record left, and must read as
 * any line does: their own time and name, a bad time said at its place. */
TEST(ftrace_known_start)
{
	const char *a = "     kworker/2:1-131    [002] d..1. 1000.000002: virtio_req: "
			"(site+0x0/0x5a0) dev=46 vq=1 id=0";
	const char *b = "     kworker/2:1-131    [002] d..1. 1000.123456: virtio_done: dev=3";
	const char *c = "     kworker/2:1-131    [002] d..1. 99.5: x: a=1";
	const char *d = "     kworker/2:1-131    [002] d..1. 1000.00000x: virtio_req: dev=1";
	const char *e = "     kworker/2:1-131    [002] d..1. 1000.000009:virtio_req:";
	const char *f = "     kworker/2:1-131    [002] d..1. 1001.000003: virtio_req: dev=1";
	const char *g = "     kworker/2:1-131    [002] d..1. 1000.000004: virtio_req: dev=1";
	const char *h = "     kworker/2:1-131    [002] d..1. 100a.000005: virtio_req: dev=1";
	const char *i = "     kworker/2:1-131    [002] d..1. 12345678.000001: virtio_req: dev=1";
	for (int round = 0; round < 2; round++) {
		CHECK_INT(ftrace(a), SM__LINE_RECORD);
		CHECK_SPAN(rec.comm.ptr, rec.comm.len, "kworker/2:1");
		CHECK_INT(rec.pid, 131);
		CHECK_INT(rec.cpu, 2);
		CHECK_INT(rec.ts_ns, 1000000002000);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_req");
		CHECK_FIELD_INT("id", 0, 0);
		CHECK_INT(ftrace(b), SM__LINE_RECORD);
		CHECK_SPAN(rec.comm.ptr, rec.comm.len, "kworker/2:1");
		CHECK(rec.comm.ptr == b + 5);
		CHECK_INT(rec.pid, 131);
		CHECK_INT(rec.ts_ns, 1000123456000);
		CHECK_INT(rec.ts_digits, 6);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_done");
		CHECK_FIELD_INT("dev", 3, 0);
		CHECK_INT(ftrace(c), SM__LINE_RECORD);
		CHECK_INT(rec.ts_ns, 99500000000);
		CHECK_INT(rec.ts_digits, 1);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "x");
		/* the time starts at byte 36: "1000.00000" ends at the 'x' */
		CHECK_BAD(ftrace(d), "expected ':' after the timestamp", 47);
		CHECK_INT(ftrace(e), SM__LINE_RECORD);
		CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_req");
		CHECK_INT(rec.rest.len, 0);
		/* other seconds, read as such, then the first again (the time
		 * keeps the last seconds read); a letter among them; 8 digits */
		CHECK_INT(ftrace(f), SM__LINE_RECORD);
		CHECK_INT(rec.ts_ns, 1001000003000);
		CHECK_INT(ftrace(g), SM__LINE_RECORD);
		CHECK_INT(rec.ts_ns, 1000000004000);
		CHECK_BAD(ftrace(h), "expected ':' after the timestamp", 40);
		CHECK_INT(ftrace(i), SM__LINE_RECORD);
		CHECK_INT(rec.ts_ns, 12345678000001000);
		CHECK_INT(rec.ts_digits, 6);
	}
}

/* line, read by `rec` right after it learnt the start of `learnt`, and by
 * a record that never learnt one (the general path): the same kind,
 * message and column, or the same time, task and name. */
static void same_as_general(const char *learnt, const char *line)
{
	struct sm__record general = {0};
	const char *general_why = NULL;
	size_t general_col = 0;
	enum sm__line_kind want = sm__ftrace_parse(span(line), &general, &general_why,
						   &general_col);
	sm__record_free(&rec);
	CHECK_INT(ftrace(learnt), SM__LINE_RECORD);
	enum sm__line_kind got = ftrace(line);
	bool same = got == want;
	if (same && want == SM__LINE_BAD)
		same = !strcmp(why, general_why) && col == general_col;
	else if (same && want == SM__LINE_RECORD)
		same = rec.has_ts == general.has_ts && rec.ts_ns == general.ts_ns &&
		       rec.ts_digits == general.ts_digits && rec.pid == general.pid &&
		       rec.cpu == general.cpu && sm__str_eq_str(rec.name, general.name);
	if (!same)
		FAIL("`%s` reads as kind %d (%s, column %zu, time %lld), the general path's "
		     "as kind %d (%s, column %zu, time %lld)", line, (int)got, why ? why : "-", col,
		     (long long)rec.ts_ns, (int)want, general_why ? general_why : "-", general_col,
		     (long long)general.ts_ns);
	sm__record_free(&general);
}

/* Every byte of a known start's time, and the ':' after it, replaced by
 * each of a few others: the line reads as the general path reads it (a
 * time of the known form is read a word at a time, its digits, point and
 * ':' checked there).  Seconds of 1, 4 and 8 digits. */
TEST(ftrace_known_start_any_time)
{
	static const char *const learnt[] = {
		"     kworker/2:1-131    [002] d..1. 5.000002: virtio_req: dev=46 vq=1",
		"     kworker/2:1-131    [002] d..1. 1000.000002: virtio_req: dev=46 vq=1",
		"     kworker/2:1-131    [002] d..1. 12345678.000002: virtio_req: dev=46 vq=1",
	};
	const size_t time_at = 36; /* after "d..1. " */
	for (size_t k = 0; k < sizeof learnt / sizeof *learnt; k++) {
		size_t colon = (size_t)(strchr(learnt[k] + time_at, ':') - learnt[k]);
		harness_each_byte(learnt[k], time_at, colon, "x.:-/ 09", same_as_general);
	}
	sm__record_free(&rec);
}

/* A pick reads a record like the last one from where that one's picked
 * fields began, in their order; any other record is read in full. */
TEST(ftrace_pick_again)
{
	static const struct sm__str names[] = {{"vq", 2}, {"dev", 3}};
	struct sm__pick pick;
	struct sm__value got[2];
	sm__pick_init(&pick, names, 2);
	const char *lines[] = {
		"a-1 [000] ..... 1.000000: ev: (site) dev=46 vq=1 id=0",
		"a-1 [000] ..... 1.000001: ev: (site) dev=7 vq=0x10",
		"a-1 [000] ..... 1.000002: ev: (site) vq=2 dev=8",
		"a-1 [000] ..... 1.000003: ev: (site) vq=3 dev=\"x y\"",
		"a-1 [000] ..... 1.000004: ev: (other) dev=5",
		"a-1 [000] ..... 1.000005: ev: (other) dev=6 vq=-1",
	};
	int64_t vq[] = {1, 16, 2, 3, 0, -1}, dev[] = {46, 7, 8, 0, 5, 6};
	for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++) {
		CHECK_INT(sm__ftrace_parse_header(span(lines[k]), &rec, &why, &col),
			  SM__LINE_RECORD);
		sm__ftrace_pick(&rec, &pick, got);
		CHECK_INT(got[0].kind, k == 4 ? SM__VAL_NONE : SM__VAL_INT);
		CHECK_INT(got[0].i, vq[k]);
		CHECK_INT(got[0].hex, k == 1);
		if (k == 3) {
			CHECK_INT(got[1].kind, SM__VAL_STR);
			CHECK_SPAN(got[1].s.ptr, got[1].s.len, "x y");
		} else {
			CHECK_INT(got[1].kind, SM__VAL_INT);
			CHECK_INT(got[1].i, dev[k]);
		}
	}
	sm__pick_free(&pick);
}

/* A pick's values, each as expected: "46" an integer, "s:4x" a string,
 * "" none. */
static void check_picked(const struct sm__value *got, const char *const *want, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (!want[k][0]) {
			CHECK_INT(got[k].kind, SM__VAL_NONE);
		} else if (strncmp(want[k], "s:", 2) == 0) {
			CHECK_INT(got[k].kind, SM__VAL_STR);
			CHECK_SPAN(got[k].s.ptr, got[k].s.len, want[k] + 2);
		} else {
			CHECK_INT(got[k].kind, SM__VAL_INT);
			CHECK_INT(got[k].i, strtoll(want[k], NULL, 10));
			CHECK_INT(got[k].hex, 0);
			CHECK(got[k].s.ptr == NULL && got[k].s.len == 0);
		}
	}
}

/* Records of `ev` with the texts given, each picked for dev, vq and id by
 * one pick kept from record to record, as the binder keeps it. */
struct pick_case {
	const char *text, *want[3];
};

static void pick_each(const char *site, const struct pick_case *lines, size_t n)
{
	static const struct sm__str names[] = {{"dev", 3}, {"vq", 2}, {"id", 2}};
	struct sm__pick pick;
	struct sm__value got[3];
	sm__pick_init(&pick, names, 3);
	for (size_t k = 0; k < n; k++) {
		char line[128];
		snprintf(line, sizeof line, "a-1 [000] ..... 1.%06zu: ev: %s%s", k, site,
			 lines[k].text);
		CHECK_INT(sm__ftrace_parse_header(span(line), &rec, &why, &col), SM__LINE_RECORD);
		sm__ftrace_pick(&rec, &pick, got);
		check_picked(got, lines[k].want, 3);
	}
	sm__pick_free(&pick);
}

/* Records read again by their layout (the text's length, the bytes but
 * the digits, where the digits are): one of the same length but other
 * digit counts, bytes, or non-digits where digits were, is read field by
 * field; each value as splitting the record gives it. */
TEST(ftrace_pick_layout)
{
	static const struct pick_case lines[] = {
		{"dev=46 vq=1 id=0", {"46", "1", "0"}},   /* pick_all */
		{"dev=47 vq=2 id=5", {"47", "2", "5"}},   /* pick_again: a layout */
		{"dev=48 vq=3 id=6", {"48", "3", "6"}},   /* the layout */
		{"dev=,8 vq=3 id=6", {"s:,8", "3", "6"}}, /* bytes just below '0' */
		{"dev=4/ vq=3 id=6", {"s:4/", "3", "6"}},
		{"dev=4. vq=3 id=*", {"s:4.", "3", "s:*"}},
		{"dev=4 vq=3 id=67", {"4", "3", "67"}},   /* same length, other digits */
		{"dev=49 vq=3 id=7", {"49", "3", "7"}},   /* the first layout */
		{"dev=5 vq=3 id=68", {"5", "3", "68"}},   /* the second */
		{"dev=4x vq=3 id=6", {"s:4x", "3", "6"}}, /* a letter for a digit */
		{"dev=4 vq=3  id=6", {"4", "3", "6"}},    /* a blank for a digit */
		{"dev=50 vq=3 ix=6", {"50", "3", ""}},    /* a name changed */
		{"dev=51 vq=3 id=9", {"51", "3", "9"}},
		{"dev=52 vq=4 id=10 x=1", {"52", "4", "10"}},
		{"dev=53 vq=4 id=11 x=2", {"53", "4", "11"}},
		{"dev=53 vq=4 id=11-x=2", {"53", "4", "s:11-x=2"}}, /* no blank after */
		{"dev=53 vq=4 id=11\tx=2", {"53", "4", "11"}},
		{"dev=123456 vq=4 id=1", {"123456", "4", "1"}},
		{"dev=654321 vq=5 id=2", {"654321", "5", "2"}}, /* wide */
		{"dev=6543210 vq=5 id=", {"6543210", "5", "s:"}},
		{"dev=1234567 vq=5 id=9", {"1234567", "5", "9"}},
		{"dev=7654321 vq=5 id=8", {"7654321", "5", "8"}},
		{"dev=0000001 vq=05 id=0", {"1", "5", "0"}},
		{"dev=12345678 vq=5 id=9", {"12345678", "5", "9"}},
		{"dev=87654321 vq=6 id=8", {"87654321", "6", "8"}},
	};
	pick_each("(site) ", lines, SM__ARRAY_LEN(lines));
}

/* A `before` of 61 bytes (the record's text starts with a blank): ten
 * fields no one picks, then dev.  The pick compares it as four 16-byte
 * blocks (at 0, 16, 32 and 45): a record that differs from the last one
 * read in full only within one of them, the length the same, does not
 * start alike and is read in full.  Each such record here has a dev
 * there, which comes before the layout's dev. */
#define TEN_FIELDS "p0=00 p1=11 p2=22 p3=33 p4=44 p5=55 p6=66 p7=77 p8=88 p9=99 "
TEST(ftrace_pick_long_before)
{
	static const struct pick_case lines[] = {
		{TEN_FIELDS "dev=1 vq=2 id=3", {"1", "2", "3"}}, /* pick_all */
		{TEN_FIELDS "dev=4 vq=5 id=6", {"4", "5", "6"}}, /* pick_again: a layout */
		{TEN_FIELDS "dev=7 vq=8 id=9", {"7", "8", "9"}}, /* the layout */
		{"dev=5 p1=11 p2=22 p3=33 p4=44 p5=55 p6=66 p7=77 p8=88 p9=99 dev=7 vq=8 id=9",
		 {"5", "8", "9"}}, /* block 0 */
		{TEN_FIELDS "dev=7 vq=8 id=9", {"7", "8", "9"}},
		{"p0=00 p1=11 p2=22 dev=3 p4=44 p5=55 p6=66 p7=77 p8=88 p9=99 dev=7 vq=8 id=9",
		 {"3", "8", "9"}}, /* block 1 */
		{TEN_FIELDS "dev=7 vq=8 id=9", {"7", "8", "9"}},
		{"p0=00 p1=11 p2=22 p3=33 p4=44 p5=55 dev=6 p7=77 p8=88 p9=99 dev=7 vq=8 id=9",
		 {"6", "8", "9"}}, /* block 2 */
		{TEN_FIELDS "dev=7 vq=8 id=9", {"7", "8", "9"}},
		{"p0=00 p1=11 p2=22 p3=33 p4=44 p5=55 p6=66 p7=77 p8=88 dev=9 dev=7 vq=8 id=9",
		 {"9", "8", "9"}}, /* block 3 */
	};
	CHECK_INT(strlen(TEN_FIELDS), 60);
	pick_each("", lines, SM__ARRAY_LEN(lines));
}
#undef TEN_FIELDS

/* A record whose text before its first picked field left a group or a
 * quote open: the next record that starts alike may close it, and hold no
 * field there (it is read in full). */
TEST(ftrace_pick_after_open_group)
{
	static const struct pick_case lines[] = {
		{"(abc dev=1 vq=2 id=3", {"1", "2", "3"}},
		{"(abc dev=1 vq=2 id=3)", {"", "", ""}},
		{"msg=\"abc dev=4 vq=5 id=6", {"4", "5", "6"}},
		{"msg=\"abc dev=4 vq=5 id=6\"", {"", "", ""}},
	};
	pick_each("", lines, SM__ARRAY_LEN(lines));
}

/* A pick kept from record to record finds what splitting each record
 * finds (sm__ftrace_fields, the reference), on records made at random
 * from a few shapes whose digits, blanks and bytes change from one to the
 * next: layouts and pick_again meet records that are almost theirs. */
static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void random_shape(char *out, size_t cap, uint64_t *s)
{
	static const char *const names[] = {"dev", "vq", "id", "de", "x"};
	static const char *const odd[] = {"(site)", "(", ")", "m=\"a b\"", "m=\"a", "dev=0x1f", "vq="};
	int n = snprintf(out, cap, "a-1 [000] ..... 1.000000: ev:");
	if (xorshift(s) % 2)
		n += snprintf(out + n, cap - (size_t)n, " (site+0x0/0x10)");
	for (int k = 0, nk = 1 + (int)(xorshift(s) % 5); k < nk && (size_t)n < cap - 32; k++) {
		if (xorshift(s) % 4 == 0) {
			n += snprintf(out + n, cap - (size_t)n, " %s", odd[xorshift(s) % 7]);
			continue;
		}
		n += snprintf(out + n, cap - (size_t)n, "%s%s=%0*u", xorshift(s) % 16 ? " " : "  ",
			      names[xorshift(s) % 5], 1 + (int)(xorshift(s) % 7),
			      (unsigned)(xorshift(s) % 10000000));
	}
}

/* A byte of the line changed: mostly a digit for another (or one more, or
 * one less), else a byte that ends or breaks a value. */
static void mutate(char *line, uint64_t *s)
{
	static const char odd[] = "*+,-./:;=() \t\"x\033\377";
	size_t len = strlen(line), at = 27 + (size_t)(xorshift(s) % (len - 27));
	bool digit = line[at] >= '0' && line[at] <= '9';
	unsigned what = (unsigned)(xorshift(s) % 10);
	if (digit && what < 5)
		line[at] = (char)('0' + xorshift(s) % 10);
	else if (digit && what < 7 && len < 200)
		memmove(line + at + 1, line + at, len - at + 1);
	else if (digit && what < 8)
		memmove(line + at, line + at + 1, len - at);
	else
		line[at] = odd[xorshift(s) % (sizeof odd - 1)];
}

TEST(ftrace_pick_random)
{
	static const struct sm__str names[][3] = {{{"dev", 3}, {"vq", 2}, {"id", 2}},
						  {{"id", 2}, {"x", 1}, {"dev", 3}}};
	struct sm__pick pick[2];
	static struct sm__record full;
	char shapes[4][256], line[256];
	uint64_t s = 0x2545f4914f6cdd1dull;
	for (size_t p = 0; p < 2; p++)
		sm__pick_init(&pick[p], names[p], 3);
	for (size_t k = 0; k < 4; k++)
		random_shape(shapes[k], sizeof shapes[k], &s);
	for (int n = 0; n < 200000; n++) {
		if (xorshift(&s) % 500 == 0)
			random_shape(shapes[xorshift(&s) % 4], sizeof shapes[0], &s);
		strcpy(line, shapes[xorshift(&s) % 4]);
		for (unsigned m = (unsigned)(xorshift(&s) % 4); m > 0; m--)
			mutate(line, &s);
		if (sm__ftrace_parse(span(line), &full, &why, &col) != SM__LINE_RECORD)
			continue;
		CHECK_INT(sm__ftrace_parse_header(span(line), &rec, &why, &col), SM__LINE_RECORD);
		for (size_t p = 0; p < 2; p++) {
			struct sm__value got[3];
			sm__ftrace_pick(&rec, &pick[p], got);
			for (size_t k = 0; k < 3; k++) {
				struct sm__value want = {0};
				for (size_t f = 0; f < full.nfields; f++)
					if (sm__str_eq_str(full.fields[f].name, names[p][k])) {
						want = full.fields[f].value;
						break;
					}
				if (got[k].kind != want.kind || got[k].i != want.i ||
				    got[k].hex != want.hex || got[k].s.ptr != want.s.ptr ||
				    got[k].s.len != want.s.len)
					FAIL("line %d, %.*s: picked %d %lld, split %d %lld: %s", n,
					     (int)names[p][k].len, names[p][k].ptr, got[k].kind,
					     (long long)got[k].i, want.kind, (long long)want.i, line);
			}
		}
	}
	for (size_t p = 0; p < 2; p++)
		sm__pick_free(&pick[p]);
	sm__record_free(&full);
}

TEST(ftrace_without_flags_column)
{
	CHECK_INT(ftrace("  bash-1234  [001]  5.123456: sched_switch: prev_comm=bash "
			 "prev_pid=1234 prev_prio=120 prev_state=S ==> "
			 "next_comm=swapper/1 next_pid=0 next_prio=120"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "sched_switch");
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "bash");
	CHECK_INT(rec.pid, 1234);
	CHECK_INT(rec.cpu, 1);
	CHECK_INT(rec.ts_ns, 5123456000);
	CHECK_INT(rec.nfields, 7);
	CHECK_FIELD_STR("prev_comm", "bash");
	CHECK_FIELD_INT("prev_pid", 1234, 0);
	CHECK_FIELD_STR("prev_state", "S");
	CHECK_FIELD_STR("next_comm", "swapper/1");
	CHECK_FIELD_INT("next_pid", 0, 0);
}

TEST(ftrace_trace_cmd_tgid_column)
{
	CHECK_INT(ftrace("bash-1234  (1234) [001] d..2. 5.123456: sched_wakeup: "
			 "comm=foo pid=42 prio=120 target_cpu=001"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "bash");
	CHECK_INT(rec.pid, 1234);
	CHECK_INT(rec.cpu, 1);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "sched_wakeup");
	CHECK_FIELD_INT("pid", 42, 0);
	CHECK_FIELD_INT("target_cpu", 1, 0);

	/* The kernel prints dashes for a tgid it does not know. */
	CHECK_INT(ftrace("<idle>-0     (-------) [003] d..2. 1.000001: cpu_idle: "
			 "state=4294967295 cpu_id=3"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "<idle>");
	CHECK_INT(rec.pid, 0);
	CHECK_INT(rec.cpu, 3);
	CHECK_INT(rec.ts_ns, 1000001000);
	CHECK_FIELD_INT("state", 4294967295, 0);
}

TEST(ftrace_trace_cmd_compact)
{
	CHECK_INT(ftrace("bash-1234 [001] 5.123456: name: a=1"), SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "bash");
	CHECK_INT(rec.cpu, 1);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "name");
	CHECK_INT(rec.nfields, 1);
	CHECK_FIELD_INT("a", 1, 0);
	/* Four-character flags of older kernels. */
	CHECK_INT(ftrace("bash-1234 [001] d..2 5.123456: name:"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 5123456000);
	CHECK_INT(rec.nfields, 0);
}

TEST(ftrace_odd_comms)
{
	CHECK_INT(ftrace("     kworker/0:1H-35      [000] d.h1.    10.000100: irq: x=1"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "kworker/0:1H");
	CHECK_INT(rec.pid, 35);
	CHECK_INT(rec.ts_ns, 10000100000);

	CHECK_INT(ftrace("Web Content-4242 [002] ..... 7.5: ev: k=v"), SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "Web Content");
	CHECK_INT(rec.pid, 4242);
	CHECK_INT(rec.cpu, 2);
	CHECK_INT(rec.ts_ns, 7500000000);
	CHECK_INT(rec.ts_digits, 1);

	CHECK_INT(ftrace("a-b-12 [000] ..... 1.000000: ev:"), SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "a-b");
	CHECK_INT(rec.pid, 12);

	/* A '[' in the comm is not the CPU column. */
	CHECK_INT(ftrace("foo[1]-7 [001] ..... 1.000000: ev:"), SM__LINE_RECORD);
	CHECK_SPAN(rec.comm.ptr, rec.comm.len, "foo[1]");
	CHECK_INT(rec.pid, 7);
	CHECK_INT(rec.cpu, 1);
}

TEST(ftrace_quoted_values)
{
	CHECK_INT(ftrace("cat-1 [000] ..... 1.000000: ev: name=\"hello world\" "
			 "vq=\"input\" empty=\"\" n=3"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 4);
	CHECK_FIELD_STR("name", "hello world");
	CHECK_FIELD_STR("vq", "input");
	CHECK_FIELD_STR("empty", "");
	CHECK_FIELD_INT("n", 3, 0);

	/* A quote ends the value only before a blank or the end of line. */
	CHECK_INT(ftrace("cat-1 [000] ..... 1.000000: ev: s=\"a\"b\" c=1"),
		  SM__LINE_RECORD);
	CHECK_FIELD_STR("s", "a\"b");
	CHECK_FIELD_INT("c", 1, 0);

	/* Unterminated: a bare word up to the next blank. */
	CHECK_INT(ftrace("cat-1 [000] ..... 1.000000: ev: s=\"open word c=2"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 2);
	CHECK_FIELD_STR("s", "\"open");
	CHECK_FIELD_INT("c", 2, 0);
}

/* Integers as in JSON: up to 2^64 - 1 (two's complement above INT64_MAX),
 * down to -2^63; wider ones are kept as text, never wrapped. */
TEST(ftrace_wide_integers)
{
	CHECK_INT(ftrace("cat-1 [000] ..... 1.000000: ev: a=18446744073709551615 "
			 "b=18446744073709551616 c=0xffffffffffffffff d=0x10000000000000000 "
			 "e=-9223372036854775808 f=-9223372036854775809 g=000000000000000000000012"),
		  SM__LINE_RECORD);
	CHECK_FIELD_INT("a", -1, 0);
	CHECK_FIELD_STR("b", "18446744073709551616");
	CHECK_FIELD_INT("c", -1, 1);
	CHECK_FIELD_STR("d", "0x10000000000000000");
	CHECK_FIELD_INT("e", INT64_MIN, 0);
	CHECK_FIELD_STR("f", "-9223372036854775809");
	CHECK_FIELD_INT("g", 12, 0);
}

TEST(ftrace_skips_text_without_equals)
{
	CHECK_INT(ftrace("          insmod-107     [000] .N...     3.907787: get_status_ret: "
			 "(vp_reset+0x2f/0x40 [virtio_pci] <- vp_modern_get_status) "
			 "status=0x0"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "get_status_ret");
	CHECK_INT(rec.nfields, 1);
	CHECK_FIELD_INT("status", 0, 1);

	/* A group is skipped whole, even with '=' and groups inside. */
	CHECK_INT(ftrace("a-1 [000] ..... 1.0: ev: (f (g h) x=1) y=2"), SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 1);
	CHECK_FIELD_INT("y", 2, 0);

	/* An unclosed '(' is only a word. */
	CHECK_INT(ftrace("a-1 [000] ..... 1.0: ev: (oops z=3"), SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 1);
	CHECK_FIELD_INT("z", 3, 0);

	CHECK_INT(ftrace("         insmod-99      [000] .....     3.386507: "
			 "module_load: virtio_ring "),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "module_load");
	CHECK_INT(rec.nfields, 0);

	CHECK_INT(ftrace("init-1 [000] ..... 3.152162: tracing_mark_write: "
			 "@@PHASE load_modules t=3.08 =x"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 1);
	CHECK_FIELD_STR("t", "3.08");
}

TEST(ftrace_hex_and_negative_values)
{
	CHECK_INT(ftrace("a-1 [000] ..... 1.0: ev: ret=-22 token=0xff135d8804c4d510 "
			 "big=0xFFFFFFFFFFFFFFFF neg=-0x10 word=0xzz"),
		  SM__LINE_RECORD);
	CHECK_FIELD_INT("ret", -22, 0);
	struct sm__value token = field("token");
	CHECK_INT(token.kind, SM__VAL_INT);
	CHECK((uint64_t)token.i == 0xff135d8804c4d510u);
	CHECK_INT(token.hex, 1);
	CHECK_FIELD_INT("big", -1, 1);
	CHECK_FIELD_INT("neg", -16, 1);
	CHECK_FIELD_STR("word", "0xzz");
}

TEST(ftrace_timestamps)
{
	CHECK_INT(ftrace("a-1 [000] ..... 1.1234567891: ev:"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 1123456789);
	CHECK_INT(rec.ts_digits, 9);

	/* Counter clocks print whole numbers. */
	CHECK_INT(ftrace("a-1 [000] ..... 12345: ev:"), SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 12345000000000);
	CHECK_INT(rec.ts_digits, 0);

	CHECK_INT(ftrace("a-1 [000] ..... 9223372035.999999999: ev:"), SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 9223372035999999999);

	/* Too large for int64_t nanoseconds: still a record, without time. */
	CHECK_INT(ftrace("a-1 [000] ..... 9223372036.0: ev:"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
	CHECK_INT(ftrace("a-1 [000] ..... 99999999999999999999.000001: ev:"),
		  SM__LINE_RECORD);
	CHECK(!rec.has_ts);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "ev");
}

/* scan_seconds as first written, one digit at a time: the faster one
 * (source.h) must read every text the same. */
static const char *reference_seconds(const char *p, const char *end, int64_t *ns,
				     uint8_t *digits, bool *fits)
{
	if (p == end || !is_digit(*p))
		return NULL;
	int64_t sec = 0;
	*fits = true;
	for (; p < end && is_digit(*p); p++) {
		if (sec > MAX_TS_SECONDS / 10)
			*fits = false;
		else
			sec = sec * 10 + (*p - '0');
	}
	if (sec > MAX_TS_SECONDS)
		*fits = false;
	int64_t frac = 0;
	uint8_t n = 0;
	if (p + 1 < end && *p == '.' && is_digit(p[1])) {
		for (p++; p < end && is_digit(*p); p++) {
			if (n < 9) {
				frac = frac * 10 + (*p - '0');
				n++;
			}
		}
	}
	*digits = n;
	for (uint8_t k = n; k < 9; k++)
		frac *= 10;
	*ns = *fits ? sec * 1000000000 + frac : 0;
	return p;
}

TEST(scan_seconds_reads_as_first_written)
{
	static const char *const fixed[] = {
		"0", "1.5", "9223372035.999999999", "9223372036", "9223372035.9999999999",
		"00000000000000000000000009223372035.1", "0000000000000000000000000000001",
		"18446744073709551616.0", "99999999999999999999", "1.", "1.x", ".5", "12:3",
		"3.906915:", "1000.000003: ev", "1.0000000001234",
	};
	int64_t ns, ref_ns;
	uint8_t digits, ref_digits;
	bool fits, ref_fits;
	char text[48];
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	for (int round = 0; round < 100000 + (int)SM__ARRAY_LEN(fixed); round++) {
		size_t len;
		if (round < (int)SM__ARRAY_LEN(fixed)) {
			len = strlen(fixed[round]);
			memcpy(text, fixed[round], len);
		} else { /* digits, a few dots and colons, some long runs of zeros */
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			len = seed % sizeof text;
			for (size_t k = 0; k < len; k++) {
				seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
				unsigned r = (unsigned)(seed >> 20) % 16;
				text[k] = r < 10 ? (char)('0' + r) : r < 13 ? '0' : r < 15 ? '.' : ':';
			}
		}
		ns = ref_ns = -1;
		const char *end = text + len;
		const char *got = scan_seconds(text, end, &ns, &digits, &fits);
		const char *want = reference_seconds(text, end, &ref_ns, &ref_digits, &ref_fits);
		if (got != want || (want && (ns != ref_ns || digits != ref_digits || fits != ref_fits)))
			FAIL("'%.*s': end %td ns %lld digits %d fits %d, expected end %td ns %lld "
			     "digits %d fits %d", (int)len, text, got ? got - text : -1,
			     (long long)ns, digits, fits, want ? want - text : -1,
			     (long long)ref_ns, ref_digits, ref_fits);
	}
}

TEST(ftrace_comment_lines)
{
	const char *lines[] = {
		"",
		"   ",
		"\t",
		"# tracer: nop",
		"  #  entries-in-buffer/entries-written: 1277/1277   #P:1",
		" => kprobe_trace_func",
		"=> 0xffffffffc059f0c8",
		"          insmod-107     [000] .....     3.906756: <stack trace>",
		"          insmod-107     [000] .....     3.906756: <user stack trace>",
		/* trace-cmd report's preamble */
		"version = 6",
		"cpus=2",
		"CPU 0 is empty",
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++)
		if (ftrace(lines[k]) != SM__LINE_COMMENT)
			FAIL("\"%s\" is not a comment", lines[k]);
}

TEST(ftrace_bad_lines)
{
	CHECK_BAD(ftrace("hello world"), "expected a task 'comm-pid' at the start", 1);
	CHECK_BAD(ftrace("   hello"), "expected a task 'comm-pid' at the start", 4);
	CHECK_BAD(ftrace("[15.611647] handled event"),
		  "expected a task 'comm-pid' at the start", 1);
	CHECK_BAD(ftrace("-5 [000] ..... 1.0: ev:"),
		  "expected a task 'comm-pid' at the start", 1);
	CHECK_BAD(ftrace("bash-1234 5.123456: ev: x=1"),
		  "expected '[CPU]' after the task", 11);
	CHECK_BAD(ftrace("bash-1234 [0a1] ..... 5.1: ev:"),
		  "expected '[CPU]' after the task", 11);
	CHECK_BAD(ftrace("bash-1234"), "expected '[CPU]' after the task", 10);
	CHECK_BAD(ftrace("bash-1234 [001] ..... : ev:"), "expected a timestamp", 23);
	CHECK_BAD(ftrace("bash-1234 [001] ....."), "expected a timestamp", 22);
	CHECK_BAD(ftrace("bash-1234 [001] ..... 5.123456 ev: x"),
		  "expected ':' after the timestamp", 31);
	CHECK_BAD(ftrace("bash-1234 [001] ..... 5.: ev:"),
		  "expected ':' after the timestamp", 24);
	CHECK_BAD(ftrace("bash-1234 [001] ..... 5.123456: no colon here"),
		  "expected an event name followed by ':'", 33);
	CHECK_BAD(ftrace("bash-1234 [001] ..... 5.123456: ev x=1"),
		  "expected an event name followed by ':'", 33);
	CHECK_BAD(ftrace("bash-1234 [001] ..... 5.123456:"),
		  "expected an event name followed by ':'", 32);
	CHECK_BAD(ftrace("bash-1234 [001] ..... 5.123456: : x=1"),
		  "expected an event name followed by ':'", 33);
}

/* The kernel (trace, trace_pipe) and trace-cmd note lost events on a line
 * of their own, or in the `trace` header: a loss, with its count if given. */
#define CHECK_LOSS(line, n, known, reason)                                   \
	do {                                                                   \
		CHECK_INT(ftrace(line), SM__LINE_LOSS);                        \
		CHECK_INT(rec.lost, n);                                        \
		CHECK_INT(rec.lost_known, known);                              \
		CHECK_STR(why, reason);                                        \
	} while (0)

TEST(ftrace_lost_events)
{
	const char *lost = "events were lost here (ring buffer overrun)";
	CHECK_LOSS("CPU:0 [LOST 1234 EVENTS]", 1234, 1, lost);
	CHECK_INT(col, 1);
	CHECK_LOSS("[LOST 3 EVENTS]", 3, 1, lost);
	CHECK_LOSS("CPU:1 [57 EVENTS DROPPED]", 57, 1, lost);
	CHECK_LOSS("  CPU:1 [EVENTS DROPPED]", 0, 0, lost);
	CHECK_INT(col, 3);
	CHECK_LOSS("##### CPU 2 buffer started ####", 0, 0,
		   "a CPU buffer starts here: its earlier events were overwritten");
	CHECK_LOSS("# entries-in-buffer/entries-written: 123/456   #P:2", 333, 1,
		   "the ring buffer overwrote events before this trace was read");
	/* Nothing lost: a comment, as are near misses. */
	CHECK_INT(ftrace("# entries-in-buffer/entries-written: 456/456   #P:2"),
		  SM__LINE_COMMENT);
	CHECK_INT(ftrace("# CPU 2 buffer started"), SM__LINE_COMMENT);
	CHECK_BAD(ftrace("CPU:0 [LOST EVENTS]"), "expected a task 'comm-pid' at the start", 1);
	CHECK_BAD(ftrace("CPU:0 [LOST 12 EVENTS] x"), "expected a task 'comm-pid' at the start",
		  1);
}

/* No field is dropped: the store grows to the widest record. */
TEST(ftrace_many_fields)
{
	static char line[4096];
	int n = snprintf(line, sizeof line, "a-1 [000] ..... 1.0: many:");
	for (int k = 0; k < 200; k++)
		n += snprintf(line + n, sizeof line - (size_t)n, " f%d=%d", k, k);
	CHECK_INT(ftrace(line), SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 200);
	CHECK_SPAN(rec.fields[63].name.ptr, rec.fields[63].name.len, "f63");
	CHECK_INT(rec.fields[199].value.i, 199);
	CHECK_FIELD_INT("f150", 150, 0);
}

TEST(format_detect)
{
	CHECK_INT(sm__format_detect(span("{\"event\":\"x\"}")), SM__FMT_JSONL);
	CHECK_INT(sm__format_detect(span("  {")), SM__FMT_JSONL);
	CHECK_INT(sm__format_detect(span("  insmod-107 [000] ..... 3.9: set_status: dev=0")),
		  SM__FMT_FTRACE);
	CHECK_INT(sm__format_detect(span("[15.611647] set_vring_enable")), SM__FMT_LOG);
	CHECK_INT(sm__format_detect(span("hello")), SM__FMT_LOG);
}

/* ---- log --------------------------------------------------------------- */

TEST(log_dmesg_timestamp)
{
	CHECK_INT(logline("[15.611647] virtsnd_pcm_msg_send: adding buffer #1 to avail"),
		  SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 15611647000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_SPAN(rec.text.ptr, rec.text.len,
		   "virtsnd_pcm_msg_send: adding buffer #1 to avail");
	CHECK_SPAN(rec.line.ptr, rec.line.len,
		   "[15.611647] virtsnd_pcm_msg_send: adding buffer #1 to avail");
	CHECK_INT(rec.name.len, 0);
	CHECK_INT(rec.nfields, 0);
	CHECK(!rec.has_task);

	CHECK_INT(logline("[   15.611647] x"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 15611647000);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "x");

	CHECK_INT(logline("[    0.000000] Linux version"), SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 0);

	/* One blank after the bracket belongs to the prefix, not more. */
	CHECK_INT(logline("[15.6]  two"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 15600000000);
	CHECK_INT(rec.ts_digits, 1);
	CHECK_SPAN(rec.text.ptr, rec.text.len, " two");

	CHECK_INT(logline("[15.611647]text"), SM__LINE_RECORD);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "text");
}

TEST(log_without_timestamp)
{
	const char *lines[] = {"no timestamp here", "[15] x", "[15.5 x", "  [1.5] x",
			       "[abc] x", "# not a comment in a log"};
	for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++) {
		CHECK_INT(logline(lines[k]), SM__LINE_RECORD);
		CHECK(!rec.has_ts);
		CHECK_SPAN(rec.text.ptr, rec.text.len, lines[k]);
	}
	CHECK_INT(logline(""), SM__LINE_COMMENT);
	CHECK_INT(logline("  \t"), SM__LINE_COMMENT);
}

/* `dmesg -r` and /proc/kmsg: the level goes with the time. */
TEST(log_kernel_level)
{
	CHECK_INT(logline("<6>[   15.611647] virtio_net virtio0: up"), SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 15611647000);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "virtio_net virtio0: up");

	CHECK_INT(logline("<4>no time"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "no time");

	/* More than 3 digits, or no '>': not a level. */
	CHECK_INT(logline("<1234>[1.5] x"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "<1234>[1.5] x");
	CHECK_INT(logline("<6 x"), SM__LINE_RECORD);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "<6 x");
}

TEST(log_qemu_prefix)
{
	CHECK_INT(logline("17431@1795243129.550402:virtio_set_status vdev 0x55ed546b3df0 val 0"),
		  SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 1795243129550402000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "virtio_set_status vdev 0x55ed546b3df0 val 0");
	CHECK_INT(rec.nfields, 0);

	CHECK_INT(logline("17431@1795243129 x"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
}

/* Nov 29 is day 29 + 305 (January to October of a leap year) of the year:
 * 333 days, 28771200 s, and 21:51:50 is 78710 s more. */
TEST(log_syslog_time)
{
	CHECK_INT(logline("Nov 29 21:51:50.123456 vm1 virtio-mon[42]: ring 0 ready"),
		  SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 28849910123456000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "ring 0 ready");
	CHECK_INT(rec.nfields, 3);
	CHECK_FIELD_STR("_HOSTNAME", "vm1");
	CHECK_FIELD_STR("SYSLOG_IDENTIFIER", "virtio-mon");
	CHECK_FIELD_INT("_PID", 42, false);

	/* journalctl -o short: whole seconds, the day padded, no pid. */
	CHECK_INT(logline("Jan  1 00:00:01 vm1 kernel: virtio_net virtio0: up"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 1000000000);
	CHECK_INT(rec.ts_digits, 0);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "virtio_net virtio0: up");
	CHECK_INT(rec.nfields, 2);
	CHECK_FIELD_STR("SYSLOG_IDENTIFIER", "kernel");

	/* February 29 has its place: March 1 is day 61. */
	CHECK_INT(logline("Mar  1 00:00:00 h k: x"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 60ll * 86400 * 1000000000);

	/* A time without a tag: the text is what follows the time. */
	CHECK_INT(logline("Nov 29 21:51:50 -- MARK --"), SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "-- MARK --");
	CHECK_INT(rec.nfields, 0);

	const char *not_syslog[] = {"Nov 29 foo", "Foo 29 21:51:50 h u: x", "Nov 32 21:51:50 h u: x",
				    "Nov 29 24:00:00 h u: x", "Nov 29 21:51:50x h u: x"};
	for (size_t k = 0; k < SM__ARRAY_LEN(not_syslog); k++) {
		CHECK_INT(logline(not_syslog[k]), SM__LINE_RECORD);
		CHECK(!rec.has_ts);
		CHECK_SPAN(rec.text.ptr, rec.text.len, not_syslog[k]);
	}
}

/* Epoch seconds worked out with Python's datetime, not with this code. */
TEST(log_iso_time)
{
	CHECK_INT(logline("2023-11-29T21:51:50.123456+0100 vm1 virtio-mon[42]: ring 0 ready"),
		  SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 1701291110123456000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "ring 0 ready");
	CHECK_FIELD_INT("_PID", 42, false);

	CHECK_INT(logline("2023-11-29T21:51:50-05:30 h u: x"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 1701314510000000000);
	CHECK_INT(rec.ts_digits, 0);

	CHECK_INT(logline("2024-02-29T00:00:00Z h u: x"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 1709164800000000000);

	/* Beyond 2262 nanoseconds do not fit: no time, as for ftrace. */
	CHECK_INT(logline("2300-01-01T00:00:00Z h u: x"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "x");

	CHECK_INT(logline("2023-11-29T21:51:50 h u: x"), SM__LINE_RECORD); /* no zone */
	CHECK(!rec.has_ts);
	CHECK_INT(logline("2023-13-29T21:51:50Z h u: x"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
}

/* ---- QEMU -trace ------------------------------------------------------- */

static enum sm__line_kind qemu(const char *line)
{
	why = NULL;
	col = 0;
	return sm__qemu_parse(span(line), &rec, &why, &col);
}

TEST(qemu_trace_line)
{
	CHECK_INT(qemu("17431@1795243129.550402:virtio_set_status vdev 0x55ed546b3df0 val 7"),
		  SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 1795243129550402000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_set_status");
	CHECK_SPAN(rec.text.ptr, rec.text.len, "virtio_set_status vdev 0x55ed546b3df0 val 7");
	CHECK_INT(rec.nfields, 2);
	CHECK_FIELD_INT("vdev", 0x55ed546b3df0, true);
	CHECK_FIELD_INT("val", 7, false);
	CHECK(!rec.has_task);
}

/* Free text among the pairs: what pairs up is taken, the first of two
 * fields of one name comes first; trailing ':' and ',' go. */
TEST(qemu_free_text)
{
	CHECK_INT(qemu("17431@1795243129.552083:virtio_rng_vm_state_change rng 0x55ed54369eb0: "
		       "state change to running 1 state 9"),
		  SM__LINE_RECORD);
	CHECK_FIELD_INT("rng", 0x55ed54369eb0, true);
	CHECK_FIELD_STR("state", "change");
	CHECK_FIELD_STR("to", "running");
	CHECK_INT(rec.nfields, 4);
	CHECK_SPAN(rec.fields[3].name.ptr, rec.fields[3].name.len, "state");
	CHECK_INT(rec.fields[3].value.i, 9);

	CHECK_INT(qemu("1@2.000001:vhost_user_read fd=5, request 3,"), SM__LINE_RECORD);
	CHECK_FIELD_INT("fd", 5, false);
	CHECK_FIELD_INT("request", 3, false);

	CHECK_INT(qemu("1@2.5:nothing_else"), SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 0);
	CHECK_INT(qemu("1@2.5:odd key"), SM__LINE_RECORD); /* a key without a value */
	CHECK_INT(rec.nfields, 0);
}

TEST(qemu_without_time_and_bad_lines)
{
	/* -msg timestamp=off (QEMU 8.1 and later): the name alone. */
	CHECK_INT(qemu("virtio_set_status vdev 0x1 val 7"), SM__LINE_RECORD);
	CHECK(!rec.has_ts);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "virtio_set_status");
	CHECK_FIELD_INT("val", 7, false);

	CHECK_BAD(qemu("qemu-system-x86_64: -device foo: warning"),
		  "expected 'PID@SECONDS.MICROSECONDS:' and a trace event name", 1);
	CHECK_BAD(qemu("1@2.5:"), "expected a trace event name after the time", 7);
	CHECK_BAD(qemu("1@2.5:9abc x 1"), "expected a trace event name after the time", 7);
	CHECK_BAD(qemu("1@2:virtio x 1"), "expected 'PID@SECONDS.MICROSECONDS:' and a trace event name", 1);
	CHECK_INT(qemu("   "), SM__LINE_COMMENT);
	CHECK_INT(sm__format_detect(span("1@2.5:virtio_notify vdev 0x1 vq 0x2")), SM__FMT_QEMU);
	CHECK_INT(sm__format_detect(span("virtio_notify vdev 0x1 vq 0x2")), SM__FMT_LOG);
}

/* ---- JSON Lines -------------------------------------------------------- */

TEST(jsonl_record)
{
	CHECK_INT(jsonl("{\"event\":\"set_status\",\"ts\":8.372307,\"dev\":0,"
			"\"status\":1,\"name\":\"virtio1\"}"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "set_status");
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 8372307000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK(!rec.has_task);
	CHECK_INT(rec.nfields, 3);
	CHECK_FIELD_INT("dev", 0, 0);
	CHECK_FIELD_INT("status", 1, 0);
	CHECK_FIELD_STR("name", "virtio1");

	CHECK_INT(jsonl(" { \"event\" : \"e\" , \"ts_ns\" : 123456789012 }  \t"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "e");
	CHECK_INT(rec.ts_ns, 123456789012);
	CHECK_INT(rec.ts_digits, 9);
	CHECK_INT(rec.nfields, 0);
}

TEST(jsonl_ts_forms)
{
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts\":5}"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 5000000000);
	CHECK_INT(rec.ts_digits, 0);
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts\":1.5e-3}"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 1500000);
	CHECK_INT(rec.ts_digits, 4);
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts\":2E+2}"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 200000000000);
	CHECK_INT(rec.ts_digits, 0);
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts\":-0.5}"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, -500000000);
	CHECK_INT(rec.ts_digits, 1);
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts\":1.123456789123}"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 1123456789);
	CHECK_INT(rec.ts_digits, 9);
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts\":0e999999999}"), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 0);
	CHECK_INT(jsonl("{\"event\":\"e\",\"ts_ns\":-9223372036854775808}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, INT64_MIN);
	/* The last of duplicate members wins. */
	CHECK_INT(jsonl("{\"ts\":1,\"event\":\"a\",\"event\":\"b\",\"ts\":2,\"k\":1,\"k\":2}"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "b");
	CHECK_INT(rec.ts_ns, 2000000000);
	CHECK_INT(rec.nfields, 2);
	CHECK_INT(rec.fields[1].value.i, 2);
}

TEST(jsonl_value_kinds)
{
	CHECK_INT(jsonl("{\"event\":\"e\",\"t\":true,\"f\":false,\"n\":null,\"x\":1.5,"
			"\"big\":18446744073709551615,\"huge\":18446744073709551616,"
			"\"neg\":-42,\"o\":{\"a\":[1,2,{\"b\":null}]},\"arr\":[ ],"
			"\"s\":\"str\",\"e\":-1e3}"),
		  SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 11);
	CHECK_FIELD_INT("t", 1, 0);
	CHECK_FIELD_INT("f", 0, 0);
	CHECK_INT(field("n").kind, SM__VAL_NONE);
	CHECK_FIELD_STR("x", "1.5");
	CHECK_FIELD_INT("big", -1, 0);
	CHECK_FIELD_STR("huge", "18446744073709551616");
	CHECK_FIELD_INT("neg", -42, 0);
	CHECK_FIELD_STR("o", "{\"a\":[1,2,{\"b\":null}]}");
	CHECK_FIELD_STR("arr", "[ ]");
	CHECK_FIELD_STR("s", "str");
	CHECK_FIELD_INT("e", -1000, 0); /* an exact integer, whatever its notation */
}

/* JSON numbers as integers: exact integers from -2^63 to 2^64 - 1 (the top
 * half two's complement, as in ftrace); the others keep their text. */
TEST(jsonl_integers)
{
	CHECK_INT(jsonl("{\"event\":\"e\",\"a\":1.6e1,\"b\":12.50e1,\"c\":0.000,\"d\":-0.5,"
			"\"f\":1e400,\"g\":0e400,\"h\":-9223372036854775808,"
			"\"i\":-9223372036854775809,\"j\":1844674407370955161.5e1,"
			"\"k\":1e-400,\"l\":1844674407370955161.6e1}"),
		  SM__LINE_RECORD);
	CHECK_FIELD_INT("a", 16, 0);
	CHECK_FIELD_INT("b", 125, 0);
	CHECK_FIELD_INT("c", 0, 0);
	CHECK_FIELD_STR("d", "-0.5");
	CHECK_FIELD_STR("f", "1e400");
	CHECK_FIELD_INT("g", 0, 0);
	CHECK_FIELD_INT("h", INT64_MIN, 0);
	CHECK_FIELD_STR("i", "-9223372036854775809");
	CHECK_FIELD_INT("j", -1, 0); /* 2^64 - 1 */
	CHECK_FIELD_STR("l", "1844674407370955161.6e1"); /* 2^64 */
	CHECK_FIELD_STR("k", "1e-400");
}

TEST(jsonl_escapes)
{
	CHECK_INT(jsonl("{\"event\":\"e\",\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}"),
		  SM__LINE_RECORD);
	CHECK_FIELD_STR("s", "a\"b\\c/d\b\f\n\r\t");

	CHECK_INT(jsonl("{\"event\":\"\\u0065v\",\"s\":\"\\u00e9\\u20AC\\ud83d\\ude00\","
			"\"lone\":\"\\ud800x\",\"low\":\"\\udc00\",\"next\":\"\\ud800\\u0041\","
			"\"nul\":\"a\\u0000b\",\"raw\":\"\xff\xfe\"}"),
		  SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "ev");
	CHECK_FIELD_STR("s", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	CHECK_FIELD_STR("lone", "\xef\xbf\xbdx");
	CHECK_FIELD_STR("low", "\xef\xbf\xbd");
	CHECK_FIELD_STR("next", "\xef\xbf\xbd" "A");
	struct sm__value nul = field("nul");
	CHECK_INT(nul.s.len, 3);
	CHECK(memcmp(nul.s.ptr, "a\0b", 3) == 0);
	CHECK_FIELD_STR("raw", "\xff\xfe");

	/* Member names are decoded too, so an escaped "ts" is still "ts". */
	CHECK_INT(jsonl("{\"\\u0065vent\":\"x\",\"t\\u0073\":2}"), SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "x");
	CHECK_INT(rec.ts_ns, 2000000000);
	CHECK_INT(rec.nfields, 0);
}

/* Decoded strings share the scratch buffer: earlier ones must survive the
 * later ones, starting from an empty buffer. */
TEST(jsonl_decoded_strings_stay_put)
{
	struct sm__buf fresh = {0};
	const char *line = "{\"event\":\"e\\n\",\"a\":\"\\n1\",\"b\":\"\\n2\",\"c\":\"x\\u00e9\"}";
	CHECK_INT(sm__jsonl_parse(span(line), &rec, &fresh, &why, &col), SM__LINE_RECORD);
	CHECK_SPAN(rec.name.ptr, rec.name.len, "e\n");
	CHECK_FIELD_STR("a", "\n1");
	CHECK_FIELD_STR("b", "\n2");
	CHECK_FIELD_STR("c", "x\xc3\xa9");
	sm__buf_free(&fresh);
}

TEST(jsonl_nesting_limit)
{
	static char line[256];
	/* The record is level 1: 63 arrays inside it make 64 levels. */
	int n = snprintf(line, sizeof line, "{\"event\":\"e\",\"a\":");
	memset(line + n, '[', 63);
	memset(line + n + 63, ']', 63);
	strcpy(line + n + 126, "}");
	CHECK_INT(jsonl(line), SM__LINE_RECORD);
	CHECK_INT(field("a").s.len, 126);

	n = snprintf(line, sizeof line, "{\"event\":\"e\",\"a\":");
	memset(line + n, '[', 64);
	memset(line + n + 64, ']', 64);
	strcpy(line + n + 128, "}");
	/* The 64th '[' is at byte 17 + 63 = 80, column 81. */
	CHECK_BAD(jsonl(line), "nesting deeper than 64", 81);
}

TEST(jsonl_many_members)
{
	static char line[4096];
	int n = snprintf(line, sizeof line, "{\"event\":\"e\"");
	for (int k = 0; k < 100; k++)
		n += snprintf(line + n, sizeof line - (size_t)n, ",\"f%d\":%d", k, k);
	snprintf(line + n, sizeof line - (size_t)n, "}");
	CHECK_INT(jsonl(line), SM__LINE_RECORD);
	CHECK_INT(rec.nfields, 100);
	CHECK_FIELD_INT("f63", 63, 0);
	CHECK_FIELD_INT("f99", 99, 0);
}

TEST(jsonl_blank_lines)
{
	CHECK_INT(jsonl(""), SM__LINE_COMMENT);
	CHECK_INT(jsonl(" \t "), SM__LINE_COMMENT);
}

/* journalctl -o json: every value a string, the time in microseconds. */
TEST(jsonl_journal_entry)
{
	CHECK_INT(jsonl("{\"__REALTIME_TIMESTAMP\":\"1701291110123456\",\"_PID\":\"1\","
			"\"MESSAGE\":\"virtio_net virtio0: up\",\"SYSLOG_IDENTIFIER\":\"kernel\"}"),
		  SM__LINE_RECORD);
	CHECK(rec.has_ts);
	CHECK_INT(rec.ts_ns, 1701291110123456000);
	CHECK_INT(rec.ts_digits, 6);
	CHECK_INT(rec.name.len, 0);
	CHECK_SPAN(rec.text.ptr, rec.text.len, "virtio_net virtio0: up");
	CHECK_FIELD_STR("SYSLOG_IDENTIFIER", "kernel");
	CHECK_FIELD_STR("MESSAGE", "virtio_net virtio0: up");

	/* An ordinary record has no text for the patterns; "ts" wins. */
	CHECK_INT(jsonl("{\"event\":\"x\",\"ts\":1.5,\"__REALTIME_TIMESTAMP\":\"7\"}"),
		  SM__LINE_RECORD);
	CHECK(!rec.text.ptr);
	CHECK_INT(rec.ts_ns, 1500000000);

	CHECK_BAD(jsonl("{\"MESSAGE\":[104,105]}"),
		  "no \"event\" member (a string), nor a journal \"MESSAGE\"", 1);
	CHECK_BAD(jsonl("{\"MESSAGE\":\"m\",\"__REALTIME_TIMESTAMP\":\"12x\"}"),
		  "\"__REALTIME_TIMESTAMP\" must be microseconds (a string of digits)", 39);
}

TEST(jsonl_errors)
{
	CHECK_BAD(jsonl("[1,2]"), "expected a JSON object", 1);
	CHECK_BAD(jsonl(" \"x\""), "expected a JSON object", 2);
	CHECK_BAD(jsonl("{"), "expected a member name (a string)", 2);
	CHECK_BAD(jsonl("{\"event\":\"e\",}"), "expected a member name (a string)", 14);
	CHECK_BAD(jsonl("{event:1}"), "expected a member name (a string)", 2);
	CHECK_BAD(jsonl("{\"event\" \"e\"}"), "expected ':' after the member name", 10);
	CHECK_BAD(jsonl("{\"event\":\"e\" \"x\":1}"), "expected ',' or '}' after a member",
		  14);
	CHECK_BAD(jsonl("{\"event\":\"e\""), "expected ',' or '}' after a member", 13);
	CHECK_BAD(jsonl("{\"event\":\"e"), "unterminated string", 10);
	CHECK_BAD(jsonl("{\"event\":\"a\\qb\"}"), "invalid escape", 12);
	CHECK_BAD(jsonl("{\"event\":\"a\\"), "invalid escape", 12);
	CHECK_BAD(jsonl("{\"event\":\"\\u12G4\"}"), "expected 4 hex digits after \\u", 11);
	CHECK_BAD(jsonl("{\"event\":\"a\tb\"}"), "control character in a string", 12);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":01}"), "leading zeros are not allowed", 18);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":1.}"), "expected a digit", 20);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":-}"), "expected a digit", 19);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":1e}"), "expected a digit", 20);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":+1}"), "expected a value", 18);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":tru}"), "expected a value", 18);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":}"), "expected a value", 18);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":[1 2]}"),
		  "expected ',' or ']' after an element", 21);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"x\":[1,]}"), "expected a value", 21);
	CHECK_BAD(jsonl("{\"event\":\"e\"} x"), "trailing characters after the object", 15);
	CHECK_BAD(jsonl("{\"event\":\"e\"}{}"), "trailing characters after the object", 14);
	CHECK_BAD(jsonl("{\"dev\":1}"), "no \"event\" member (a string), nor a journal \"MESSAGE\"", 1);
	CHECK_BAD(jsonl("  {}"), "no \"event\" member (a string), nor a journal \"MESSAGE\"", 3);
	CHECK_BAD(jsonl("{\"event\":5}"), "\"event\" must be a string", 10);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"ts\":\"5\"}"), "\"ts\" must be a number", 19);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"ts\":1e10}"), "\"ts\" is out of range", 19);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"ts_ns\":1.5}"),
		  "\"ts_ns\" must be an integer (nanoseconds)", 22);
	CHECK_BAD(jsonl("{\"event\":\"e\",\"ts_ns\":9223372036854775808}"),
		  "\"ts_ns\" must be an integer (nanoseconds)", 22);
}

/* ---- reader ------------------------------------------------------------ */

/* A temporary file holding `n` bytes of `data`, open for reading. */
static int temp_file(const void *data, size_t n)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, n, f) == n);
	CHECK(fflush(f) == 0);
	int fd = dup(fileno(f));
	fclose(f);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

#define CHECK_LINE(r, expected, expect_no_newline)                           \
	do {                                                                   \
		struct sm__str got_;                                           \
		bool nn_;                                                      \
		CHECK_INT(sm__reader_line(r, &got_, &nn_), SM__LINE_OK);         \
		CHECK_SPAN(got_.ptr, got_.len, expected);                          \
		CHECK_INT(nn_, expect_no_newline);                             \
	} while (0)

static void check_eof(struct sm__reader *r)
{
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(r, &l, &nn), SM__LINE_EOF);
	CHECK_INT(sm__reader_line(r, &l, &nn), SM__LINE_EOF);
}

TEST(reader_lines_cr_and_last_line)
{
	static const char text[] = "a\nbb\r\n\nccc";
	struct sm__reader r;
	sm__reader_init(&r, temp_file(text, sizeof text - 1));
	CHECK_LINE(&r, "a", false);
	CHECK_INT(r.lineno, 1);
	CHECK_INT(r.bytes, 2);
	CHECK_LINE(&r, "bb", false);
	CHECK_INT(r.bytes, 6);
	CHECK_LINE(&r, "", false);
	CHECK_INT(r.lineno, 3);
	CHECK_LINE(&r, "ccc", true);
	CHECK_INT(r.lineno, 4);
	CHECK_INT(r.bytes, 10);
	check_eof(&r);
	CHECK_INT(r.lineno, 4);
	close(r.fd);
	sm__reader_free(&r);
}

TEST(reader_empty_and_tiny_files)
{
	struct sm__reader r;
	sm__reader_init(&r, temp_file("", 0));
	check_eof(&r);
	CHECK_INT(r.lineno, 0);
	CHECK_INT(r.bytes, 0);
	close(r.fd);
	sm__reader_free(&r);

	sm__reader_init(&r, temp_file("\n", 1));
	CHECK_LINE(&r, "", false);
	check_eof(&r);
	close(r.fd);
	sm__reader_free(&r);

	/* A last line of just "\r": the '\r' is stripped like any other. */
	sm__reader_init(&r, temp_file("x\r\n\r", 4));
	CHECK_LINE(&r, "x", false);
	CHECK_LINE(&r, "", true);
	check_eof(&r);
	CHECK_INT(r.bytes, 4);
	close(r.fd);
	sm__reader_free(&r);
}

TEST(reader_nul_byte_inside_a_line)
{
	struct sm__reader r;
	sm__reader_init(&r, temp_file("a\0b\nc\n", 6));
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	CHECK_INT(l.len, 3);
	CHECK(memcmp(l.ptr, "a\0b", 3) == 0);
	CHECK_LINE(&r, "c", false);
	check_eof(&r);
	close(r.fd);
	sm__reader_free(&r);
}

static char pattern_byte(size_t k)
{
	return (char)('a' + k % 26);
}

TEST(reader_line_longer_than_a_block)
{
	size_t n = 3u << 20;
	char *text = sm__xmalloc(n + 16);
	for (size_t k = 0; k < n; k++)
		text[k] = pattern_byte(k);
	memcpy(text + n, "\ntail\n", 6);
	struct sm__reader r;
	sm__reader_init(&r, temp_file(text, n + 6));
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	CHECK_INT(l.len, n);
	CHECK(memcmp(l.ptr, text, n) == 0);
	CHECK_LINE(&r, "tail", false);
	CHECK_INT(r.lineno, 2);
	CHECK_INT(r.bytes, n + 6);
	check_eof(&r);
	close(r.fd);
	sm__reader_free(&r);
	free(text);
}

/* Line k of a text made to cross read blocks at every kind of place: its
 * length varies from 0 to a few hundred bytes, its bytes tell k. */
static size_t varied_line(size_t k, char *out)
{
	size_t len = (k * 7919) % 331;
	for (size_t i = 0; i < len; i++)
		out[i] = (char)('a' + (k + i) % 26);
	return len;
}

/* Varied lines, about `size` bytes of them: the text (*n bytes, *lines
 * lines), to free. */
static char *varied_text(size_t size, size_t *n, size_t *lines)
{
	char *text = sm__xmalloc(size + 512);
	*n = *lines = 0;
	while (*n + 400 < size) {
		*n += varied_line((*lines)++, text + *n);
		text[(*n)++] = '\n';
	}
	return text;
}

/* The next `lines` lines of r are varied_text's, the first being line
 * number `first`. */
static void check_varied_lines(struct sm__reader *r, size_t lines, size_t first)
{
	char want[400];
	for (size_t k = 0; k < lines; k++) {
		struct sm__str l;
		bool nn;
		CHECK_INT(sm__reader_line(r, &l, &nn), SM__LINE_OK);
		size_t len = varied_line(k, want);
		if (l.len != len || memcmp(l.ptr, want, len) != 0)
			FAIL("line %zu differs", first + k);
	}
}

/* A regular file of three and a half blocks: every line comes whole,
 * across block ends, and the file offset ends at the end. */
TEST(reader_file_across_blocks)
{
	size_t n, lines;
	char *text = varied_text(SM__READ_BLOCK * 7 / 2, &n, &lines);
	int fd = temp_file(text, n);
	struct sm__reader r;
	sm__reader_init(&r, fd);
	check_varied_lines(&r, lines, 1);
	CHECK_INT(r.lineno, lines);
	CHECK_INT(r.bytes, n);
	check_eof(&r);
	CHECK_INT(lseek(fd, 0, SEEK_CUR), n);
	close(fd);
	sm__reader_free(&r);
	free(text);
}

#define LONG_LINE (3u << 20)

/* A reader of a file of a line of LONG_LINE 'x' bytes, then tail (n
 * bytes), that has read that line: its buffer grew to 4 MB.  Returns the
 * file's descriptor. */
static int after_a_long_line(struct sm__reader *r, const char *tail, size_t n)
{
	char *text = sm__xmalloc(LONG_LINE + 1 + n);
	memset(text, 'x', LONG_LINE);
	text[LONG_LINE] = '\n';
	memcpy(text + LONG_LINE + 1, tail, n);
	int fd = temp_file(text, LONG_LINE + 1 + n);
	sm__reader_init(r, fd);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(r, &l, &nn), SM__LINE_OK);
	CHECK_INT(l.len, LONG_LINE);
	CHECK(memcmp(l.ptr, text, LONG_LINE) == 0);
	CHECK(r->cap > LONG_LINE);
	free(text);
	return fd;
}

/* The lines after a long line, 2 MB, are read into its grown buffer until
 * what is left of it holds no whole line: then it is one block again
 * (reads stay in the core's cache), and the lines come whole across the
 * blocks. */
TEST(reader_buffer_shrinks_after_a_long_line)
{
	size_t n, lines;
	char *tail = varied_text(2u << 20, &n, &lines);
	struct sm__reader r;
	int fd = after_a_long_line(&r, tail, n);
	check_varied_lines(&r, lines, 2);
	CHECK_INT(r.cap, SM__READ_BLOCK);
	CHECK_INT(r.lineno, lines + 1);
	check_eof(&r);
	close(fd);
	sm__reader_free(&r);
	free(tail);
}

/* The last line after a long line, in the grown buffer, stays valid at
 * the end of the input (the buffer is not made a block again then). */
TEST(reader_last_line_after_a_long_line_stays_valid)
{
	struct sm__reader r;
	int fd = after_a_long_line(&r, "last\n", 5);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	check_eof(&r);
	CHECK_SPAN(l.ptr, l.len, "last");
	close(fd);
	sm__reader_free(&r);
}

/* Reading starts at the descriptor's offset, not at the start of the
 * file; lines appended after the file was opened are read too; the last
 * line stays valid after the end. */
TEST(reader_file_offset_growth_and_last_line)
{
	int fd = temp_file("skipped\none\ntwo\n", 16);
	CHECK(lseek(fd, 8, SEEK_SET) == 8);
	struct sm__reader r;
	sm__reader_init(&r, fd);
	CHECK_LINE(&r, "one", false);
	CHECK(pwrite(fd, "three\nfour", 10, 16) == 10);
	CHECK_LINE(&r, "two", false);
	CHECK_LINE(&r, "three", false);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	check_eof(&r);
	CHECK_SPAN(l.ptr, l.len, "four");
	CHECK(nn);
	close(fd);
	sm__reader_free(&r);
}

/* A regular file whose size says nothing (procfs, tracefs's `trace`) is
 * read to its end. */
TEST(reader_reads_files_of_size_zero)
{
	int fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0)
		SKIP("no /proc/self/stat");
	struct sm__reader r;
	sm__reader_init(&r, fd);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	CHECK(l.len > 0);
	check_eof(&r);
	close(fd);
	sm__reader_free(&r);
}

/* Write `n` bytes of byte `c` to fd. */
static void write_run(int fd, char c, size_t n)
{
	static char block[1 << 16];
	memset(block, c, sizeof block);
	while (n > 0) {
		size_t k = n < sizeof block ? n : sizeof block;
		ssize_t w = write(fd, block, k);
		if (w <= 0)
			_exit(1);
		n -= (size_t)w;
	}
}

static void check_run(struct sm__str l, char c, size_t n)
{
	CHECK_INT(l.len, n);
	for (size_t k = 0; k < n; k++)
		if (l.ptr[k] != c)
			FAIL("byte %zu is 0x%02x, expected '%c'", k, (unsigned char)l.ptr[k], c);
}

/* Through a pipe: a line of exactly SM__MAX_LINE bytes, one 10 bytes too
 * long (cut), a short one, and a too-long last line without newline. */
TEST(reader_too_long_lines)
{
	int fds[2];
	CHECK(pipe(fds) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		write_run(fds[1], 'x', SM__MAX_LINE);
		write_run(fds[1], '\n', 1);
		write_run(fds[1], 'y', SM__MAX_LINE + 10);
		if (write(fds[1], "\nnext\n", 6) != 6)
			_exit(1);
		write_run(fds[1], 'z', SM__MAX_LINE + 1);
		_exit(0);
	}
	close(fds[1]);
	struct sm__reader r;
	sm__reader_init(&r, fds[0]);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	check_run(l, 'x', SM__MAX_LINE);
	CHECK(!nn);
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_TOO_LONG);
	check_run(l, 'y', SM__MAX_LINE);
	CHECK(!nn);
	CHECK_INT(r.lineno, 2);
	CHECK_INT(r.bytes, 2 * (uint64_t)SM__MAX_LINE + 12);
	CHECK_LINE(&r, "next", false);
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_TOO_LONG);
	check_run(l, 'z', SM__MAX_LINE);
	CHECK(nn);
	CHECK_INT(r.lineno, 4);
	CHECK_INT(r.bytes, 3 * (uint64_t)SM__MAX_LINE + 18);
	check_eof(&r);
	sm__reader_free(&r);
	close(fds[0]);
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

/*
 * Live input: the writer sends the next piece only after the reader has
 * returned the previous line, so a reader that waited for more input than
 * one complete line would hang (and the alarm would fail the test).
 */
TEST(reader_pipe_returns_lines_as_they_arrive)
{
	static const char *lines[] = {"one", "two", "three"};
	int data[2], ack[2];
	CHECK(pipe(data) == 0 && pipe(ack) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		static const char *pieces[] = {"one\ntw", "o\nthr", "ee"};
		close(data[0]);
		close(ack[1]);
		for (size_t k = 0; k < SM__ARRAY_LEN(pieces); k++) {
			char c;
			if (k > 0 && read(ack[0], &c, 1) != 1)
				_exit(1);
			size_t n = strlen(pieces[k]);
			if (write(data[1], pieces[k], n) != (ssize_t)n)
				_exit(1);
		}
		_exit(0);
	}
	close(data[1]);
	close(ack[0]);
	alarm(10);
	struct sm__reader r;
	sm__reader_init(&r, data[0]);
	for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++) {
		CHECK_LINE(&r, lines[k], k == 2);
		if (k < 2)
			CHECK(write(ack[1], "k", 1) == 1);
	}
	check_eof(&r);
	sm__reader_free(&r);
	waitpid(pid, NULL, 0);
}

/* A writer that sends a text one byte per write(2). */
TEST(reader_pipe_byte_by_byte)
{
	static const char text[] = "first line\r\nsecond\n\nfourth, the last";
	int fds[2];
	CHECK(pipe(fds) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (size_t k = 0; k < sizeof text - 1; k++)
			if (write(fds[1], text + k, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	struct sm__reader r;
	sm__reader_init(&r, fds[0]);
	CHECK_LINE(&r, "first line", false);
	CHECK_LINE(&r, "second", false);
	CHECK_LINE(&r, "", false);
	CHECK_LINE(&r, "fourth, the last", true);
	check_eof(&r);
	CHECK_INT(r.bytes, sizeof text - 1);
	sm__reader_free(&r);
	close(fds[0]);
	waitpid(pid, NULL, 0);
}

/* A non-blocking descriptor with nothing to read yet is waited on. */
TEST(reader_nonblocking_pipe)
{
	int fds[2];
	CHECK(pipe(fds) == 0);
	CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		usleep(50000);
		if (write(fds[1], "late\n", 5) != 5)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	alarm(10);
	struct sm__reader r;
	sm__reader_init(&r, fds[0]);
	CHECK_LINE(&r, "late", false);
	check_eof(&r);
	sm__reader_free(&r);
	close(fds[0]);
	waitpid(pid, NULL, 0);
}

TEST(reader_read_error)
{
	int fd = open("/", O_RDONLY);
	CHECK(fd >= 0);
	struct sm__reader r;
	sm__reader_init(&r, fd);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_ERROR);
	CHECK_INT(r.err, EISDIR);
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_ERROR);
	close(fd);
	sm__reader_free(&r);
}

/* ---- the shared traces ------------------------------------------------- */

/* The whole file, NUL-terminated, read with stdio (not the reader). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		FAIL("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = sm__xmalloc((size_t)n + 1);
	CHECK(fread(text, 1, (size_t)n, f) == (size_t)n);
	text[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return text;
}

struct expected {
	size_t records, comments, set_status;
};

/* Count lines by their look, independently of the parser: comments start
 * with '#' or '=>' after blanks or end in "<stack trace>". */
static struct expected count_by_hand(const char *text)
{
	struct expected e = {0};
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p;
		while (*q == ' ')
			q++;
		bool stack = n >= 13 && memcmp(p + n - 13, "<stack trace>", 13) == 0;
		if (*q == '#' || (q[0] == '=' && q[1] == '>') || stack) {
			e.comments++;
		} else {
			e.records++;
			const char *hit = strstr(p, ": set_status: ");
			if (hit && hit < p + n)
				e.set_status++;
		}
		p += n + (nl != NULL);
	}
	return e;
}

static void check_trace_file(const char *shared, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/traces/lab/%s", shared, name);
	size_t len;
	char *text = slurp(path, &len);
	struct expected want = count_by_hand(text);
	free(text);

	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	struct sm__reader r;
	sm__reader_init(&r, fd);
	struct expected got = {0};
	struct sm__str l;
	bool nn;
	while (sm__reader_line(&r, &l, &nn) == SM__LINE_OK) {
		switch (sm__ftrace_parse(l, &rec, &why, &col)) {
		case SM__LINE_RECORD:
			got.records++;
			got.set_status += sm__str_eq(rec.name, "set_status");
			CHECK(rec.has_task && rec.has_ts && rec.ts_digits == 6);
			break;
		case SM__LINE_COMMENT:
			got.comments++;
			break;
		case SM__LINE_BAD:
		case SM__LINE_LOSS: /* the lab's traces lost nothing */
			FAIL("%s:%llu:%zu: %s", name, (unsigned long long)r.lineno, col, why);
		}
	}
	CHECK(r.err == 0);
	CHECK_INT(r.bytes, len);
	CHECK_INT(got.records, want.records);
	CHECK_INT(got.comments, want.comments);
	CHECK_INT(got.set_status, want.set_status);
	CHECK(got.records > 1000 && got.set_status > 0);
	sm__reader_free(&r);
	close(fd);
}

TEST(shared_live_pipes_parse)
{
	const char *shared = harness_shared();
	if (!shared)
		SKIP("no SHARED directory");
	check_trace_file(shared, "boot-cloud/live_pipe.txt");
	check_trace_file(shared, "legacy-rng/live_pipe.txt");
	check_trace_file(shared, "bad-driver/live_pipe.txt");
}

TEST(shared_trace_dump_parses)
{
	const char *shared = harness_shared();
	if (!shared)
		SKIP("no SHARED directory");
	check_trace_file(shared, "boot-cloud/trace.txt");
}

TEST(shared_dmesg_seed)
{
	const char *shared = harness_shared();
	if (!shared)
		SKIP("no SHARED directory");
	char path[4096];
	snprintf(path, sizeof path, "%s/traces/seeds/virtio-sound-dmesg.txt", shared);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	struct sm__reader r;
	sm__reader_init(&r, fd);
	struct sm__str l;
	bool nn;
	CHECK_INT(sm__reader_line(&r, &l, &nn), SM__LINE_OK);
	CHECK_INT(sm__log_parse(l, &rec, &why, &col), SM__LINE_RECORD);
	CHECK_INT(rec.ts_ns, 15611647000);
	CHECK_SPAN(rec.text.ptr, rec.text.len,
		   "virtsnd_pcm_msg_send: adding buffer #1 to avail");
	size_t lines = 1;
	while (sm__reader_line(&r, &l, &nn) == SM__LINE_OK) {
		CHECK_INT(sm__log_parse(l, &rec, &why, &col), SM__LINE_RECORD);
		CHECK(rec.has_ts);
		lines++;
	}
	CHECK_INT(lines, 6);
	CHECK_INT(rec.ts_ns, 15713371000);
	CHECK_SPAN(rec.text.ptr, rec.text.len,
		   "virtsnd_pcm_msg_complete: interruption, buffer #1 at consume");
	sm__reader_free(&r);
	close(fd);
}
