/*
 * test_relay.c: a file read on a reader thread (src/input/relay.c) gives
 * the output and the counts of one thread, byte for byte: the same trace
 * is checked with sm_options.threads = 1 and 0.  The trace spans many of
 * the relay's batches and has string values, records no event takes,
 * lines that are no record, losses, and violations after them.  Then a
 * relay on its own: records the reader thread picks bind as their lines
 * do.  `make check-tsan` builds this file too: the hand-over between the
 * threads is checked for races there.
 */
#include "harness.h"

#include "feed.h"
#include "parse.h"
#include "relay.h"

#include <specmon/specmon.h>
#include <unistd.h>

static const char spec_text[] =
	"event req(dev, name)\n"
	"event done(dev, name)\n"
	"property io per dev: req alternatesWith done\n"
	"property named per name: req precedes done\n";

/* The stepping thread binds what the reader hands over: here the whole
 * line (the command is a key) and, for the deadline, every record. */
static const char task_spec_text[] =
	"event req(dev, name)\n"
	"event done(dev, name)\n"
	"property bytask per comm: req alternatesWith done\n"
	"property quick per dev: done within 1ms after req\n";

#define REQUESTS 60000

/* The trace: REQUESTS requests over 8 devices, every 101st never done; a
 * record of another event every 7th request, a loss note every 20 000, a
 * line that is no record every 9 001. */
static FILE *make_trace(void)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	for (int i = 1; i <= REQUESTS; i++) {
		int d = i % 8;
		fprintf(f, "  kworker/%d:1-%d [000] d..1. 1000.%06d: req: (f+0x0/0x1) dev=%d "
			"name=\"disk %d\"\n", d, 100 + d, i, d, d);
		if (i % 101)
			fprintf(f, "  kworker/%d:1-%d [000] d..1. 1000.%06d: done: (f+0x0/0x1) "
				"dev=%d name=\"disk %d\"\n", d, 100 + d, i, d, d);
		if (i % 7 == 0)
			fprintf(f, "  kworker/%d:1-%d [000] d..1. 1000.%06d: sched_wakeup: "
				"comm=x pid=%d\n", d, 100 + d, i, i);
		if (i % 20000 == 0)
			fputs("CPU:0 [LOST 3 EVENTS]\n", f);
		if (i % 9001 == 0)
			fputs("no record here\n", f);
	}
	CHECK(fflush(f) == 0);
	return f;
}

struct result {
	char *text; /* reports and notes, in the order written */
	size_t len;
	sm_counts counts;
	int finished;
};

static struct result check_trace(const char *text, FILE *trace, unsigned threads)
{
	sm_spec *spec;
	CHECK_INT(sm_spec_parse("t.sm", text, strlen(text), &spec, NULL, NULL), SM_OK);
	struct result r = {0};
	FILE *out = open_memstream(&r.text, &r.len);
	CHECK(out != NULL);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = out;
	opt.threads = threads;
	sm_monitor *mon;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	rewind(trace);
	CHECK_INT(sm_monitor_read_fd(mon, fileno(trace), "trace", SM_FORMAT_AUTO), SM_OK);
	r.finished = sm_monitor_finish(mon);
	CHECK_INT(sm_monitor_counts(mon, &r.counts), SM_OK);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	CHECK(fclose(out) == 0);
	return r;
}

TEST(relay_output_equals_one_thread)
{
	FILE *trace = make_trace();
	struct result one = check_trace(spec_text, trace, 1), two = check_trace(spec_text, trace, 0);
	CHECK_INT(one.finished, 1); /* violations */
	CHECK_INT(two.finished, one.finished);
	/* Every record read and counted: the requests, the done events, the
	 * loss notes and the lines that are no record. */
	int dones = REQUESTS - REQUESTS / 101;
	CHECK_INT(one.counts.events, REQUESTS + dones);
	CHECK_INT(one.counts.lines,
		  REQUESTS + dones + REQUESTS / 7 + REQUESTS / 20000 + REQUESTS / 9001);
	CHECK_INT(one.counts.skipped, REQUESTS / 9001);
	CHECK_INT(two.counts.lines, one.counts.lines);
	CHECK_INT(two.counts.events, one.counts.events);
	CHECK_INT(two.counts.skipped, one.counts.skipped);
	CHECK_INT(two.counts.violations, one.counts.violations);
	/* Each request never done (every 101st) is followed by its device's
	 * next request, 8 later: a violation, except the last (59 994: no
	 * request comes after it on its device; it stays pending). */
	CHECK_INT(one.counts.violations, REQUESTS / 101 - 1);
	CHECK_INT(one.counts.pending, 1);
	CHECK_INT(two.len, one.len);
	CHECK(memcmp(one.text, two.text, one.len) == 0);
	CHECK(strstr(one.text, "after a loss") != NULL);
	free(one.text);
	free(two.text);
	fclose(trace);
}

TEST(relay_task_columns_and_deadline)
{
	FILE *trace = make_trace();
	struct result one = check_trace(task_spec_text, trace, 1),
		      two = check_trace(task_spec_text, trace, 0);
	int dones = REQUESTS - REQUESTS / 101;
	CHECK_INT(one.counts.events, REQUESTS + dones);
	CHECK_INT(one.counts.records, REQUESTS + dones + REQUESTS / 7);
	/* Each device has one command: per comm is per device, as io above. */
	CHECK(one.counts.violations >= REQUESTS / 101 - 1);
	CHECK_INT(two.finished, one.finished);
	CHECK_INT(two.counts.events, one.counts.events);
	CHECK_INT(two.counts.records, one.counts.records);
	CHECK_INT(two.counts.violations, one.counts.violations);
	CHECK_INT(two.counts.pending, one.counts.pending);
	CHECK_INT(two.len, one.len);
	CHECK(memcmp(one.text, two.text, one.len) == 0);
	free(one.text);
	free(two.text);
	fclose(trace);
}

/* ---- the reader's picks (sm__relay_prepick): a relay on its own ---- */

/* "line event: values" per instant, each value as kind/hex/int/text. */
static void log_instant(void *ud, const struct sm__match *m, size_t n, const struct sm__where *w)
{
	FILE *log = ud;
	for (size_t k = 0; k < n; k++) {
		fprintf(log, "%llu e%d:", (unsigned long long)w->lineno, m[k].event);
		for (size_t f = 0; f < 3; f++) {
			const struct sm__value *v = &m[k].slots[f];
			fprintf(log, " %d/%d/%lld/%.*s", v->kind, v->hex, (long long)v->i,
				(int)v->s.len, v->s.ptr ? v->s.ptr : "");
		}
		fputc('\n', log);
	}
}

static bool never_stop(void *ud)
{
	(void)ud;
	return false;
}

static bool no_deadline(void *ud, int64_t *at)
{
	(void)ud, (void)at;
	return false;
}

static void no_advance(void *ud, const struct sm__where *w, enum sm__passed_by by)
{
	(void)ud, (void)w, (void)by;
}

static void ignore_skipped(void *ud, const char *input, uint64_t line, size_t col, const char *why)
{
	(void)ud, (void)input, (void)line, (void)col, (void)why;
}

static void ignore_warning(void *ud, const struct sm__warning *w, bool fails_strict)
{
	(void)ud, (void)w, (void)fails_strict;
}

static void no_read_error(void *ud, const char *input, int err, const char *why)
{
	(void)ud, (void)input, (void)err, (void)why;
	FAIL("read error");
}

/* W1's records, with values of 1 to 4 digits (layouts of many lengths),
 * and records the reader cannot pick by a layout: a string (every 13th),
 * a hexadecimal (17th), a field missing (19th), another probe site
 * before the fields (23rd). */
static FILE *make_w1_trace(int records)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	for (int i = 1; i <= records; i++) {
		const char *site = i % 23 ? "virtqueue_add_split+0x0/0x5a0" : "vring_interrupt+0x0/0x80";
		fprintf(f, "  kworker/2:1-131 [002] d..1. 1000.%06d: virtio_%s: (%s) dev=%d ", i,
			i % 2 ? "req" : "done", site, i % 64);
		if (i % 19)
			fprintf(f, "vq=%d ", i % 3);
		if (i % 13 == 0)
			fputs("id=abc\n", f);
		else if (i % 17 == 0)
			fprintf(f, "id=0x%x\n", i % 4096);
		else
			fprintf(f, "id=%d\n", i % 4096);
	}
	CHECK(fflush(f) == 0);
	return f;
}

/* The instants of the trace, as log_instant writes them: fed on this
 * thread (threads 0), or through a relay whose reader picks as `when`. */
static char *instants_of(FILE *trace, bool threaded, enum sm__prepick when)
{
	struct sm__diags d = {0};
	struct sm__ast ast;
	struct sm__ir ir;
	static const char text[] = "event virtio_req(dev, vq, id)\nevent virtio_done(dev, vq, id)\n";
	struct sm__source *src = sm__source_from_text("t.sm", text, strlen(text));
	CHECK(sm__parse(src, &ast, &d));
	CHECK(sm__resolve(&ast, &ir, &d));
	sm__diags_free(&d);
	char *out;
	size_t len;
	FILE *log = open_memstream(&out, &len);
	CHECK(log != NULL);
	struct sm__totals totals = {0};
	struct sm__feed_sink down = {&totals, ignore_skipped, ignore_warning, log_instant,
				     never_stop, no_deadline, no_advance, no_read_error, log};
	struct sm__binder *b = sm__binder_new(&ir);
	struct sm__relay *r = sm__relay_new(&ir, down, NULL, NULL);
	sm__relay_prepick(r, when);
	struct sm__feed *f = sm__feed_new(&ir, b, sm__relay_sink(r));
	rewind(trace);
	struct sm__loss loss = {0};
	CHECK(sm__relay_feed_fd(r, f, fileno(trace), "t.trace", &loss, SM__FMT_AUTO, threaded));
	CHECK(fclose(log) == 0);
	sm__feed_free(f);
	sm__relay_free(r);
	sm__binder_free(b);
	sm__ir_free(&ir);
	sm__source_free(src);
	return out;
}

TEST(relay_picked_records_bind_as_their_lines)
{
	enum { RECORDS = 40000 }; /* some megabytes: several batches */
	FILE *trace = make_w1_trace(RECORDS);
	char *here = instants_of(trace, false, SM__PREPICK_NEVER);
	char *lines = instants_of(trace, true, SM__PREPICK_NEVER);
	char *picked = instants_of(trace, true, SM__PREPICK_ALWAYS);
	char *behind = instants_of(trace, true, SM__PREPICK_BEHIND);
	/* Worked out from make_w1_trace: record 1 is virtio_req (event 0)
	 * dev=1 vq=1 id=1, integers; 13, a string id; 17, 0x11 hex; 19, no vq. */
	CHECK(strncmp(here, "1 e0: 1/0/1/ 1/0/1/ 1/0/1/\n2 e1: 1/0/2/ 1/0/2/ 1/0/2/\n", 54) == 0);
	CHECK(strstr(here, "\n13 e0: 1/0/13/ 1/0/1/ 2/0/0/abc\n") != NULL);
	CHECK(strstr(here, "\n17 e0: 1/0/17/ 1/0/2/ 1/1/17/\n") != NULL);
	CHECK(strstr(here, "\n19 e0: 1/0/19/ 0/0/0/ 1/0/19/\n") != NULL);
	CHECK(strstr(here, "\n4096 e1: 1/0/0/ 1/0/1/ 1/0/0/\n") != NULL);
	CHECK_STR(lines, here);
	CHECK_STR(picked, here);
	CHECK_STR(behind, here);
	free(here);
	free(lines);
	free(picked);
	free(behind);
	fclose(trace);
}
