/*
 * test_relay.c: a file read on a reader thread (src/input/relay.c) gives
 * the output and the counts of one thread, byte for byte: the same trace
 * is checked with sm_options.threads = 1 and 0.  The trace spans many of
 * the relay's batches and has string values, records no event takes,
 * lines that are no record, losses, and violations after them.  `make check-tsan` builds this file
 * too: the hand-over between the threads is checked for races there.
 */
#include "harness.h"

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
