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

/* A `from log` event makes the reader thread bind: it hands instants
 * over, not records. */
static const char log_spec_text[] =
	"event req(dev, name)\n"
	"event done(dev, name)\n"
	"event odd from log /no record here/\n"
	"property io per dev: req alternatesWith done\n";

#define REQUESTS 60000

/* The trace: REQUESTS requests over 8 devices, every 101st never done; a
 * record of another event every 7th request, a loss note every 20 000, a
 * line that is no record every 9 001, a comment every 5 003.  (The lines
 * that make no item count too: a record's number crosses as the lines
 * counted up to it.) */
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
		if (i % 5003 == 0)
			fputs("# a comment\n", f);
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
	 * loss notes, the lines that are no record and the comments. */
	int dones = REQUESTS - REQUESTS / 101;
	CHECK_INT(one.counts.events, REQUESTS + dones);
	CHECK_INT(one.counts.lines, REQUESTS + dones + REQUESTS / 7 + REQUESTS / 20000 +
					    REQUESTS / 9001 + REQUESTS / 5003);
	CHECK_INT(one.counts.skipped, REQUESTS / 9001);
	CHECK_INT(one.counts.comments, REQUESTS / 5003);
	CHECK_INT(two.counts.lines, one.counts.lines);
	CHECK_INT(two.counts.comments, one.counts.comments);
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

/* Two runs of a trace, with one thread and with two, gave the same exit,
 * counts and output; both let go. */
static void check_same(struct result *one, struct result *two)
{
	CHECK_INT(two->finished, one->finished);
	CHECK_INT(two->counts.events, one->counts.events);
	CHECK_INT(two->counts.records, one->counts.records);
	CHECK_INT(two->counts.skipped, one->counts.skipped);
	CHECK_INT(two->counts.violations, one->counts.violations);
	CHECK_INT(two->counts.pending, one->counts.pending);
	CHECK_INT(two->len, one->len);
	CHECK(memcmp(one->text, two->text, one->len) == 0);
	free(one->text);
	free(two->text);
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
	check_same(&one, &two);
	fclose(trace);
}

/* The same requests as JSON Lines, bound on the stepping thread from the
 * members the reader parsed (relay.c, struct json_item): every 3rd
 * record's name has an escape, every 5th's `dev` member name too (both
 * decoded apart from the line), every 13th has its members in another
 * order (another shape), every 7th is of an event no property takes;
 * every 9 001st line is no JSON and every 10 007th has no event: both
 * skipped. */
static FILE *make_json_trace(void)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	for (int i = 1; i <= REQUESTS; i++) {
		int d = i % 8;
		const char *dev = i % 5 ? "dev" : "d\\u0065v";
		const char *name = i % 3 ? "disk %d" : "disk\\t%d";
		char named[32];
		snprintf(named, sizeof named, name, d);
		for (int done = 0; done < 2; done++) {
			if (done && !(i % 101))
				break;
			const char *ev = done ? "done" : "req";
			if (i % 13)
				fprintf(f, "{\"event\":\"%s\",\"ts\":1000.%06d,\"%s\":%d,"
					"\"name\":\"%s\"}\n", ev, i, dev, d, named);
			else
				fprintf(f, "{\"name\":\"%s\",\"%s\":%d,\"event\":\"%s\","
					"\"ts\":1000.%06d}\n", named, dev, d, ev, i);
		}
		if (i % 7 == 0)
			fprintf(f, "{\"event\":\"sched_wakeup\",\"ts\":1000.%06d,\"pid\":%d}\n",
				i, i);
		if (i % 9001 == 0)
			fputs("no record here\n", f);
		if (i % 10007 == 0)
			fprintf(f, "{\"ts\":1000.%06d,\"dev\":%d}\n", i, d);
	}
	CHECK(fflush(f) == 0);
	return f;
}

TEST(relay_json_output_equals_one_thread)
{
	FILE *trace = make_json_trace();
	const char *const specs[] = {spec_text, task_spec_text};
	for (size_t k = 0; k < 2; k++) {
		struct result one = check_trace(specs[k], trace, 1),
			      two = check_trace(specs[k], trace, 0);
		int dones = REQUESTS - REQUESTS / 101;
		CHECK_INT(one.counts.events, REQUESTS + dones);
		CHECK_INT(one.counts.records, REQUESTS + dones + REQUESTS / 7);
		CHECK_INT(one.counts.skipped, REQUESTS / 9001 + REQUESTS / 10007);
		if (k == 0) { /* as relay_output_equals_one_thread's */
			CHECK_INT(one.counts.violations, REQUESTS / 101 - 1);
			CHECK_INT(one.counts.pending, 1);
		}
		check_same(&one, &two);
	}
	fclose(trace);
}

/* Record k (from 1) of dev 1: a req when k is odd, a done when even, but
 * record 1001 is a done after a done; a comment first and after every
 * 10th record. */
static FILE *make_stopping_trace(void)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	fputs("# tracer: nop\n", f);
	for (int k = 1; k <= 60000; k++) {
		fprintf(f, "  kworker/1:1-101 [000] d..1. 1000.%06d: %s: (f+0x0/0x1) dev=1 "
			"name=\"disk 1\"\n", k, k % 2 && k != 1001 ? "req" : "done");
		if (k % 10 == 0)
			fputs("# a comment\n", f);
	}
	CHECK(fflush(f) == 0);
	return f;
}

/* The counts of a run whose first report could not be written (a full
 * disk): reading stops there. */
static sm_counts stopped_counts(const char *text, FILE *trace, unsigned threads)
{
	sm_spec *spec;
	CHECK_INT(sm_spec_parse("t.sm", text, strlen(text), &spec, NULL, NULL), SM_OK);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = fopen("/dev/full", "w");
	opt.err = NULL;
	opt.threads = threads;
	CHECK(opt.out != NULL);
	sm_monitor *mon;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	rewind(trace);
	CHECK_INT(sm_monitor_read_fd(mon, fileno(trace), "trace", SM_FORMAT_AUTO), SM_ERR_IO);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	fclose(opt.out);
	return c;
}

/* A run stopped at a report it could not write counts the lines it
 * stepped, not those the reader thread read ahead (several batches):
 * the steps of the line counts that the items say add up to where it
 * stopped, as one thread counts.  Worked out from make_stopping_trace:
 * record 1001 (the violation) is line 1 + 1001 + 100 (the comments
 * before it). */
TEST(relay_stopped_run_counts_what_it_stepped)
{
	if (access("/dev/full", W_OK) != 0)
		SKIP("no /dev/full");
	FILE *trace = make_stopping_trace();
	const char *const specs[] = {spec_text, log_spec_text}; /* records, instants */
	for (unsigned threads = 0; threads <= 1; threads++)
		for (size_t k = 0; k < 2; k++) {
			sm_counts c = stopped_counts(specs[k], trace, threads);
			CHECK_INT(c.lines, 1102);
			CHECK_INT(c.records, 1001);
			CHECK_INT(c.comments, 101);
			CHECK_INT(c.events, 1001);
		}
	fclose(trace);
}

/* With steps of 1 bit (sm__relay_step_bits_test), many items' steps of
 * the line counts do not fit, and a counts item goes first: the output
 * and the counts are still one thread's, with records and with instants
 * (a counts item then counts the instant's events, which the instant must
 * not count again), also where a run stops. */
TEST(relay_steps_too_large_go_in_counts_items)
{
	sm__relay_step_bits_test = 1;
	FILE *trace = make_trace();
	const char *const specs[] = {spec_text, log_spec_text};
	for (size_t k = 0; k < 2; k++) {
		struct result one = check_trace(specs[k], trace, 1),
			      two = check_trace(specs[k], trace, 0);
		int dones = REQUESTS - REQUESTS / 101;
		CHECK_INT(two.counts.events, REQUESTS + dones + (k ? REQUESTS / 9001 : 0));
		CHECK_INT(two.counts.lines, one.counts.lines);
		CHECK_INT(two.counts.comments, REQUESTS / 5003);
		check_same(&one, &two);
	}
	fclose(trace);
	if (access("/dev/full", W_OK) == 0) {
		trace = make_stopping_trace();
		for (size_t k = 0; k < 2; k++) {
			sm_counts c = stopped_counts(specs[k], trace, 0);
			CHECK_INT(c.lines, 1102);
			CHECK_INT(c.records, 1001);
			CHECK_INT(c.comments, 101);
			CHECK_INT(c.events, 1001);
		}
		fclose(trace);
	}
	sm__relay_step_bits_test = 0;
}

/* ---- the reader's picks (sm__relay_prepick): a relay on its own ---- */

/* Per instant "line event: values ts=T/DIGITS loss=L", each value as
 * kind/hex/int/text. */
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
		fprintf(log, " ts=%lld/%d loss=%d\n", w->has_ts ? (long long)w->ts_ns : -1,
			w->ts_digits, w->loss != NULL);
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

/* W1's records, fixed-width as the kernel prints many fields (the
 * reader picks nearly all of them by one layout), with a few it cannot:
 * a string (every 97th), a hexadecimal (89th), a field missing (83rd),
 * another probe site before the fields (79th); a loss note after the
 * 30 000th, a comment after every 10 000th. */
static FILE *make_w1_trace(int records)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	for (int i = 1; i <= records; i++) {
		const char *site = i % 79 ? "virtqueue_add_split+0x0/0x5a0" : "vring_interrupt+0x0/0x80";
		fprintf(f, "  kworker/2:1-131 [002] d..1. 1000.%06d: virtio_%s: (%s) dev=%02d ", i,
			i % 2 ? "req" : "done", site, i % 64);
		if (i % 83)
			fprintf(f, "vq=%d ", i % 3);
		if (i % 97 == 0)
			fputs("id=abc\n", f);
		else if (i % 89 == 0)
			fprintf(f, "id=0x%03x\n", i % 4096);
		else
			fprintf(f, "id=%04d\n", i % 4096);
		if (i == 30000)
			fputs("CPU:0 [LOST 3 EVENTS]\n", f);
		if (i % 10000 == 0)
			fputs("# a comment\n", f);
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
	fprintf(log, "lines %llu records %llu events %llu skipped %llu lost %llu\n",
		(unsigned long long)totals.lines, (unsigned long long)totals.records,
		(unsigned long long)totals.events, (unsigned long long)totals.skipped,
		(unsigned long long)totals.lost_events);
	for (int e = 0; e < 2; e++)
		fprintf(log, "e%d matched %llu seen %d%d%d\n", e,
			(unsigned long long)sm__binder_matched(b, e), sm__binder_field_seen(b, e, 0),
			sm__binder_field_seen(b, e, 1), sm__binder_field_seen(b, e, 2));
	CHECK(fclose(log) == 0);
	sm__feed_free(f);
	sm__relay_free(r);
	sm__binder_free(b);
	sm__ir_free(&ir);
	sm__source_free(src);
	return out;
}

/* The trace's instants fed on one thread, which must come out the same
 * through the relay in each prepick mode (the reader picks never, always,
 * or when behind): returned for the caller to check and free. */
static char *instants_every_way(FILE *trace)
{
	static const enum sm__prepick modes[] = {SM__PREPICK_NEVER, SM__PREPICK_ALWAYS,
						 SM__PREPICK_BEHIND};
	char *here = instants_of(trace, false, SM__PREPICK_NEVER);
	for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
		char *relayed = instants_of(trace, true, modes[k]);
		CHECK_STR(relayed, here);
		free(relayed);
	}
	return here;
}

TEST(relay_picked_records_bind_as_their_lines)
{
	enum { RECORDS = 60000 }; /* 6 MB: several batches */
	FILE *trace = make_w1_trace(RECORDS);
	char *here = instants_every_way(trace);
	/* Worked out from make_w1_trace: record i is line i, plus 1 past the
	 * loss note and (i - 1) / 10000 for the comments (record 30 001: line
	 * 30 005), virtio_req (event 0) when odd, at 1000 s + i us. */
	static const char first[] = "1 e0: 1/0/1/ 1/0/1/ 1/0/1/ ts=1000000001000/6 loss=0\n";
	CHECK(strncmp(here, first, strlen(first)) == 0);
	CHECK(strstr(here, "\n83 e0: 1/0/19/ 0/0/0/ 1/0/83/ ts=1000000083000/6 loss=0\n"));
	CHECK(strstr(here, "\n89 e0: 1/0/25/ 1/0/2/ 1/1/89/ ts=1000000089000/6 loss=0\n"));
	CHECK(strstr(here, "\n97 e0: 1/0/33/ 1/0/1/ 2/0/0/abc ts=1000000097000/6 loss=0\n"));
	CHECK(strstr(here, "\n4096 e1: 1/0/0/ 1/0/1/ 1/0/0/ ts=1000004096000/6 loss=0\n"));
	CHECK(strstr(here, "\n30005 e0: 1/0/49/ 1/0/1/ 1/0/1329/ ts=1000030001000/6 loss=1\n"));
	/* every record an event; each event saw all its fields */
	CHECK(strstr(here, "\nlines 60007 records 60000 events 60000 skipped 0 lost 3\n"
			   "e0 matched 30000 seen 111\ne1 matched 30000 seen 111\n"));
	free(here);
	fclose(trace);
}

/* A trace of `lines` lines of an event no binding takes, but every
 * 1000th, a virtio_req (line 1000k: dev k % 64, vq 1, id k): the records
 * of many read blocks of the file (reader.h) in one batch. */
static FILE *make_sparse_trace(int lines)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	for (int i = 1; i <= lines; i++) {
		fprintf(f, "  kworker/2:1-131 [002] d..1. 1000.%06d: ", i);
		if (i % 1000)
			fputs("sched_switch: prev_comm=kworker/2:1 prev_pid=131 prev_prio=120 "
			      "prev_state=R ==> next_comm=swapper/2 next_pid=0\n", f);
		else
			fprintf(f, "virtio_req: (virtqueue_add_split+0x0/0x5a0) dev=%d vq=1 id=%d\n",
				i / 1000 % 64, i / 1000);
	}
	CHECK(fflush(f) == 0);
	return f;
}

/* A deferred record's line crosses in the batch, not where the reader
 * read it: here the read buffer is filled again some 160 times before
 * the first batch is full. */
TEST(relay_records_outlive_the_read_buffer)
{
	enum { LINES = 330000 }; /* 42 MB */
	FILE *trace = make_sparse_trace(LINES);
	char *here = instants_every_way(trace);
	/* Worked out from make_sparse_trace: line 1000k at 1000 s + 1000k us. */
	static const char first[] = "1000 e0: 1/0/1/ 1/0/1/ 1/0/1/ ts=1000001000000/6 loss=0\n";
	CHECK(strncmp(here, first, strlen(first)) == 0);
	CHECK(strstr(here, "\n64000 e0: 1/0/0/ 1/0/1/ 1/0/64/ ts=1000064000000/6 loss=0\n"));
	CHECK(strstr(here, "\n330000 e0: 1/0/10/ 1/0/1/ 1/0/330/ ts=1000330000000/6 loss=0\n"
			   "lines 330000 records 330000 events 330 skipped 0 lost 0\n"
			   "e0 matched 330 seen 111\ne1 matched 0 seen 000\n"));
	free(here);
	fclose(trace);
}
