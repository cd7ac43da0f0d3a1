/*
 * test_feed.c: the read loop of src/input/feed.c on its own, without the
 * public monitor: a sink that records what the feed hands on (instants,
 * skipped lines, warnings) and the counts it keeps.  Expected values are
 * read off the input text by hand.
 */
#include "harness.h"

#include "feed.h"
#include "parse.h"

#include <unistd.h>

static struct sm__totals totals;
static uint64_t shown[16], instant_lines[16];
static size_t nshown, ninstants;
static char warnings[1024];
static bool stop_now;

static void on_skipped(void *ud, const char *input, uint64_t line, size_t col, const char *why)
{
	(void)ud, (void)input, (void)col, (void)why;
	if (nshown < 16)
		shown[nshown++] = line;
}

/* "kind:line:strict|" per warning */
static void on_warning(void *ud, const struct sm__warning *w, bool fails_strict)
{
	(void)ud;
	size_t at = strlen(warnings);
	snprintf(warnings + at, sizeof warnings - at, "%s:%llu:%d|", w->kind,
		 (unsigned long long)w->line, fails_strict);
}

static void on_instant(void *ud, const struct sm__match *m, size_t n, const struct sm__where *w)
{
	(void)ud;
	CHECK_INT(n, 1);
	CHECK_INT(m[0].event, 0);
	CHECK_STR(w->input, "t.trace");
	/* after the loss note on line 10, the instant carries the input's losses */
	CHECK_INT(w->loss != NULL, w->lineno > 10);
	if (ninstants < 16)
		instant_lines[ninstants++] = w->lineno;
}

static bool on_stop(void *ud)
{
	(void)ud;
	return stop_now;
}

/* The specs here have no deadlines: the pipe is live, but nothing is due. */
static bool on_next_deadline(void *ud, int64_t *at)
{
	(void)ud, (void)at;
	return false;
}

static void on_advance(void *ud, const struct sm__where *w, enum sm__passed_by by)
{
	(void)ud, (void)w, (void)by;
	FAIL("a deadline passed with none due");
}

static void on_read_error(void *ud, const char *input, int err, const char *why)
{
	(void)ud, (void)input, (void)err, (void)why;
	FAIL("read error");
}

static void compile(const char *text, struct sm__source **src, struct sm__ir *ir)
{
	struct sm__diags d = {0};
	struct sm__ast ast;
	*src = sm__source_from_text("t.sm", text, strlen(text));
	CHECK(sm__parse(*src, &ast, &d));
	CHECK(sm__resolve(&ast, ir, &d));
	sm__diags_free(&d);
}

/* A pipe that holds the whole of text, closed for writing. */
static int input_fd(const char *text)
{
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK(write(p[1], text, strlen(text)) == (ssize_t)strlen(text));
	close(p[1]);
	return p[0];
}

TEST(feed_books_an_input_without_a_monitor)
{
	struct sm__source *src;
	struct sm__ir ir;
	compile("event set_status(dev, status)\n", &src, &ir);
	struct sm__binder *b = sm__binder_new(&ir);
	struct sm__feed_sink sink = {&totals, on_skipped, on_warning, on_instant, on_stop,
				     on_next_deadline, on_advance, on_read_error, NULL};
	struct sm__feed *f = sm__feed_new(&ir, b, sink);
	int fd = input_fd("# tracer: nop\n"
			  "  app-1 [000] ..... 1.0: set_status: dev=0 status=1\n"
			  "x\nx\nx\nx\nx\nx\nx\n"
			  "CPU:0 [LOST 3 EVENTS]\n"
			  "  app-1 [000] ..... 1.2: set_status: dev=1");
	struct sm__loss loss = {0};
	CHECK(sm__feed_fd(f, fd, "t.trace", &loss, SM__FMT_AUTO));
	close(fd);
	CHECK_INT(totals.lines, 11);
	CHECK_INT(totals.comments, 1);
	CHECK_INT(totals.records, 2);
	CHECK_INT(totals.events, 2);
	CHECK_INT(totals.skipped, 7);
	CHECK_INT(totals.losses, 1);
	CHECK_INT(totals.lost_events, 3);
	CHECK_INT(loss.places, 1);
	CHECK_INT(loss.first_line, 10);
	/* the first five skipped lines are shown, all seven counted */
	CHECK_INT(nshown, 5);
	CHECK_INT(shown[0], 3);
	CHECK_INT(shown[4], 7);
	CHECK_INT(ninstants, 2);
	CHECK_INT(instant_lines[0], 2);
	CHECK_INT(instant_lines[1], 11);
	/* 7 of 9 data lines skipped: the format mostly failed */
	CHECK_STR(warnings, "loss:10:1|no-newline:11:0|format:0:1|");
	/* the binder counted both matches; only the first carried status */
	CHECK_INT(sm__binder_matched(b, 0), 2);
	CHECK(sm__binder_field_seen(b, 0, 0));
	CHECK(sm__binder_field_seen(b, 0, 1));
	sm__feed_free(f);
	sm__binder_free(b);
	sm__ir_free(&ir);
	sm__source_free(src);
}

TEST(feed_stops_when_the_sink_says_so)
{
	struct sm__source *src;
	struct sm__ir ir;
	compile("event set_status(dev, status)\n", &src, &ir);
	struct sm__binder *b = sm__binder_new(&ir);
	struct sm__feed_sink sink = {&totals, on_skipped, on_warning, on_instant, on_stop,
				     on_next_deadline, on_advance, on_read_error, NULL};
	struct sm__feed *f = sm__feed_new(&ir, b, sink);
	int fd = input_fd("  app-1 [000] ..... 1.0: set_status: dev=0 status=1\n");
	stop_now = true;
	CHECK(sm__feed_fd(f, fd, "t.trace", &(struct sm__loss){0}, SM__FMT_FTRACE));
	close(fd);
	CHECK_INT(totals.lines, 0);
	CHECK_INT(ninstants, 0);
	CHECK_STR(warnings, "");
	sm__feed_free(f);
	sm__binder_free(b);
	sm__ir_free(&ir);
	sm__source_free(src);
}
