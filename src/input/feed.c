/*
 * feed.c: the read loop of an input (see feed.h).  Stage: src/input, on
 * top of the block reader (reader.c) and the source parsers
 * (source_*.c) it drives, and before the binder (bind.c), whose events it
 * hands to the sink, one instant per record, or per run of records with
 * equal ts under `option instants = timestamp`.
 */
#include "feed.h"

#include "pair.h"
#include "reader.h"
#include "source_dat.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_SKIPPED_SHOWN 5 /* per input; the rest are counted */

/* The input being read. */
struct input {
	const char *name;
	struct sm__loss *loss;
	enum sm__format format;
	uint64_t skipped_shown, gave_up_shown; /* notes shown, of the first few */
	uint64_t skipped, data_lines; /* lines neither blank nor comments */
	bool unreadable;              /* a format this build cannot read: stop, failed */
	bool defer_ftrace;            /* its ftrace text records may be deferred (settle_defer) */
	bool defer_json;              /* its JSON Lines records may */
	/* Live input (not a regular file: a pipe, a FIFO, a terminal): while
	 * it is idle, input time goes on by the wall clock (DESIGN.md §2.3),
	 * from the offset between the two at its last record with a ts.  The
	 * clock is read when the reader is about to wait, not per record:
	 * `fresh` says a record came since, so the offset is taken then (all
	 * that arrived is checked by then; the error makes time late, never
	 * early). */
	bool live, fresh;
	struct sm__where last;        /* the last record with a ts (has_ts: one came) */
	int64_t wall_last;            /* CLOCK_MONOTONIC ns matching last.ts_ns */
	int64_t wait_since;           /* CLOCK_MONOTONIC ns when the current wait began */
	struct sm__pairs *pairs;      /* its open entries (pair.h); NULL: the spec pairs none */
};

/*
 * `option instants = timestamp` (DESIGN.md §2.6): the instant being
 * gathered from consecutive records with equal ts.  The binder's values
 * live only until the next record, so each match's slots are copied here,
 * strings into `text`; the arrays grow to the largest instant seen and are
 * reused, so the steady state allocates nothing.  Positions are kept as
 * offsets while the arrays may still move, and turned into pointers when
 * the instant is handed on.
 */
struct group {
	struct input *in;           /* NULL: no instant open */
	struct sm__where where;     /* the first record's: reports name it */
	int *event;                 /* per match: its event ... */
	size_t *first;              /* ... and its first slot in vals */
	size_t n, capm;
	struct sm__value *vals;
	size_t *text_at;            /* per slot: offset of a string in text */
	size_t nvals, capvals;
	struct sm__buf text;
	struct sm__match *out;      /* capm of them, built by flush */
};

struct sm__feed {
	const struct sm__ir *ir;
	struct sm__binder *binder;
	struct sm__feed_sink sink;
	bool ftrace_names;      /* some event binds ftrace records by name */
	struct sm__record rec;
	struct sm__buf scratch; /* decoded JSON strings of the current record */
	struct group group;     /* option instants = timestamp only */
	struct input *in;       /* the input being read */
	/* Binding handed to another thread (sm__feed_defer): NULL, none;
	 * the input as that thread binds it. */
	sm__feed_defer_fn *defer, *defer_json;
	void *defer_ud;
	struct input deferred_in;
};

struct sm__feed *sm__feed_new(const struct sm__ir *ir, struct sm__binder *binder,
			      struct sm__feed_sink sink)
{
	struct sm__feed *f = sm__xcalloc(1, sizeof *f);
	f->ir = ir;
	f->binder = binder;
	f->sink = sink;
	for (size_t k = 0; k < ir->nbindings; k++)
		f->ftrace_names |= ir->bindings[k].kind == SM__BIND_FTRACE ||
				   ir->bindings[k].kind == SM__BIND_DEFAULT;
	return f;
}

void sm__feed_free(struct sm__feed *f)
{
	if (!f)
		return;
	sm__record_free(&f->rec);
	sm__buf_free(&f->scratch);
	struct group *g = &f->group;
	free(g->event);
	free(g->first);
	free(g->vals);
	free(g->text_at);
	sm__buf_free(&g->text);
	free(g->out);
	free(f);
}

static void skipped(struct sm__feed *f, struct input *in, uint64_t line, size_t col,
		    const char *why)
{
	f->sink.totals->skipped++;
	in->skipped++;
	in->data_lines++;
	if (in->skipped_shown++ < MAX_SKIPPED_SHOWN)
		f->sink.skipped(f->sink.ud, in->name, line, col, why);
}

/* A record that a `from log` pattern could not judge (its match limit):
 * the record itself was read, and other events may have bound it, so it is
 * not a skipped line; counted apart, and the first few shown as warnings. */
static void pattern_gave_up(struct sm__feed *f, struct input *in, uint64_t line,
			    const char *why)
{
	f->sink.totals->pattern_limit++;
	if (in->gave_up_shown++ >= MAX_SKIPPED_SHOWN)
		return;
	struct sm__warning w = {.kind = "pattern-limit", .input = in->name, .line = line,
				.message = why};
	f->sink.warning(f->sink.ud, &w, true);
}

/* A note that events were lost: always shown, counted, and remembered for
 * the violations that follow in this input. */
static void lost(struct sm__feed *f, struct input *in, uint64_t line, const char *why)
{
	struct sm__loss *l = in->loss;
	const struct sm__record *rec = &f->rec;
	if (!l->places++)
		l->first_line = line;
	l->events += rec->lost;
	l->some_unknown |= !rec->lost_known;
	f->sink.totals->losses++;
	f->sink.totals->lost_events += rec->lost;
	char msg[160];
	if (rec->lost_known)
		snprintf(msg, sizeof msg, "%s: %" PRIu64 " event%s", why, rec->lost,
			 rec->lost == 1 ? "" : "s");
	else
		snprintf(msg, sizeof msg, "%s", why);
	struct sm__warning w = {.kind = "loss", .input = in->name, .line = line,
				.has_count = rec->lost_known, .count = rec->lost,
				.message = msg};
	f->sink.warning(f->sink.ud, &w, true);
	if (in->pairs)
		sm__pairs_loss(in->pairs, line);
}

/* ---- returns and their entries ---- */

/* An input's table of open entries, when the spec pairs returns: the
 * binder pairs in it while the input is read (one table per input: a loss
 * in one says nothing of another's calls). */
static void pairs_begin(struct sm__feed *f, struct input *in)
{
	if (!f->ir->has_pairs)
		return;
	in->pairs = sm__pairs_new(f->ir, in->name, f->sink.warning, f->sink.ud);
	sm__binder_pairs(f->binder, in->pairs);
}

/* The input ended: the entries it left open are said. */
static void pairs_end(struct sm__feed *f, struct input *in)
{
	if (!in->pairs)
		return;
	sm__binder_pairs(f->binder, NULL);
	sm__pairs_end(in->pairs);
	sm__pairs_free(in->pairs);
	in->pairs = NULL;
}

/* ---- timestamp instants ---- */

/* Hand the open instant on, if any. */
static void flush(struct sm__feed *f)
{
	struct group *g = &f->group;
	if (!g->in)
		return;
	for (size_t k = 0; k < g->nvals; k++)
		if (g->vals[k].kind == SM__VAL_STR)
			g->vals[k].s.ptr = g->text.data + g->text_at[k];
	for (size_t k = 0; k < g->n; k++)
		g->out[k] = (struct sm__match){g->event[k], g->vals + g->first[k]};
	g->in = NULL;
	if (g->n)
		f->sink.instant(f->sink.ud, g->out, g->n, &g->where);
}

/* ---- live input: the wall clock ---- */

static int64_t wall_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Where input time is by the wall clock at `now`: the last record's place,
 * its ts moved on by the time since (shown to the microsecond at least:
 * the wall clock is finer than a trace that gives whole seconds). */
static struct sm__where wall_time(struct input *in, int64_t now)
{
	if (in->fresh) {
		in->wall_last = now;
		in->fresh = false;
	}
	struct sm__where w = in->last;
	int64_t since = now - in->wall_last;
	w.ts_ns = w.ts_ns > INT64_MAX - since ? INT64_MAX : w.ts_ns + since;
	if (w.ts_digits < 6)
		w.ts_digits = 6;
	return w;
}

/* Input time reached w: the open instant goes first (its events, at the
 * last record's ts, may meet a deadline), then every deadline before
 * w->ts_ns is missed. */
static void pass_time(struct sm__feed *f, const struct sm__where *w, enum sm__passed_by by)
{
	int64_t due;
	if (!f->sink.next_deadline(f->sink.ud, &due) || due >= w->ts_ns)
		return;
	flush(f);
	f->sink.advance(f->sink.ud, w, by);
}

/*
 * The reader is about to wait for a live input, or waited as long as it
 * was told (reader.h): close an instant silent for SM__IDLE_MS, pass the
 * deadlines the wall clock has reached, and tell how long to wait for the
 * next of these (ms, rounded up: never early), or -1 when none is to come.
 */
static int on_idle(void *ud, bool waited)
{
	struct sm__feed *f = ud;
	struct input *in = f->in;
	int64_t due;
	if (f->sink.stop(f->sink.ud))
		return SM__IDLE_STOP;
	bool timed = in->last.has_ts && f->sink.next_deadline(f->sink.ud, &due);
	if (!f->group.in && !timed)
		return -1; /* nothing to wait for: the clock is not read */
	int64_t now = wall_now(), wait = -1; /* ns */
	if (!waited)
		in->wait_since = now;
	if (f->group.in) {
		wait = in->wait_since + (int64_t)SM__IDLE_MS * 1000000 - now;
		if (wait <= 0) {
			flush(f);
			wait = -1;
		}
	}
	if (in->last.has_ts) {
		struct sm__where w = wall_time(in, now);
		pass_time(f, &w, SM__PASSED_BY_IDLE);
		if (f->sink.stop(f->sink.ud))
			return SM__IDLE_STOP;
		if (f->sink.next_deadline(f->sink.ud, &due)) {
			/* > 0: the rest were passed; in uint64 as due - ts may not fit */
			uint64_t gap = (uint64_t)due - (uint64_t)w.ts_ns;
			int64_t left = gap >= (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)gap + 1;
			wait = wait < 0 || left < wait ? left : wait;
		}
	}
	if (wait < 0)
		return -1;
	return wait / 1000000 >= INT_MAX ? INT_MAX : (int)((wait + 999999) / 1000000);
}

/* Copy one match into the open instant. */
static void group_add(struct group *g, const struct sm__ir *ir, const struct sm__match *m)
{
	size_t nslots = sm__ir_nslots(&ir->events[m->event]);
	if (g->n == g->capm) { /* cold: the widest instant so far */
		g->capm = g->capm ? 2 * g->capm : 16;
		g->event = sm__xrealloc(g->event, g->capm * sizeof *g->event);
		g->first = sm__xrealloc(g->first, g->capm * sizeof *g->first);
		g->out = sm__xrealloc(g->out, g->capm * sizeof *g->out);
	}
	if (g->nvals + nslots > g->capvals) {
		while (g->nvals + nslots > g->capvals)
			g->capvals = g->capvals ? 2 * g->capvals : 64;
		g->vals = sm__xrealloc(g->vals, g->capvals * sizeof *g->vals);
		g->text_at = sm__xrealloc(g->text_at, g->capvals * sizeof *g->text_at);
	}
	g->event[g->n] = m->event;
	g->first[g->n++] = g->nvals;
	for (size_t k = 0; k < nslots; k++) {
		struct sm__value v = m->slots[k];
		if (v.kind == SM__VAL_STR) {
			g->text_at[g->nvals] = g->text.len;
			sm__buf_add(&g->text, v.s.ptr, v.s.len);
		}
		g->vals[g->nvals++] = v;
	}
}

/*
 * A record under `option instants = timestamp`: it joins the open instant
 * when it has the same ts; otherwise that instant is over, and a record
 * with a ts opens the next one (one without a ts is an instant alone).  A
 * record that binds nothing still ends an instant, as time has moved on,
 * but opens none: an instant's reports name its first record with events.
 */
static void timestamp_instant(struct sm__feed *f, struct input *in, const struct sm__match *m,
			      size_t n, const struct sm__where *w)
{
	struct group *g = &f->group;
	if (g->in && !(w->has_ts && w->ts_ns == g->where.ts_ns))
		flush(f);
	if (!n) {
		/* No event, but the time (deadlines): unless it is the open
		 * group's time, which the group tells when it is handed on. */
		if (w->has_ts && !g->in)
			f->sink.instant(f->sink.ud, m, 0, w);
		return;
	}
	if (!w->has_ts) {
		f->sink.instant(f->sink.ud, m, n, w);
		return;
	}
	if (!g->in) {
		g->in = in;
		g->where = *w;
		g->n = g->nvals = 0;
		g->text.len = 0;
	}
	/* Every match: two records of one event may address different
	 * instances (the engine sees them apart, DESIGN.md §2.6). */
	for (size_t k = 0; k < n; k++)
		group_add(g, f->ir, &m[k]);
}

/* May this input's records be bound on another thread?  Plain ftrace
 * text (not trace.dat's records, whose parts are not in a line), or JSON
 * Lines: no `from log` patterns, entries or returns to pair, instants by
 * timestamp or wall clock, whose state the reading side keeps.  Settled
 * once its format is: hand_on asks it for every record. */
static void settle_defer(const struct sm__feed *f, struct input *in)
{
	bool may = f->defer && !f->ir->has_log && !f->ir->instants_timestamp && !in->pairs &&
		   !in->live;
	in->defer_ftrace = may && in->format == SM__FMT_FTRACE;
	in->defer_json = may && in->format == SM__FMT_JSONL && f->defer_json;
}

static bool blank_or_comment(struct sm__str line)
{
	size_t k = 0;
	while (k < line.len && (line.ptr[k] == ' ' || line.ptr[k] == '\t'))
		k++;
	return k == line.len || line.ptr[k] == '#';
}

/*
 * --format auto: the first line that says something decides.  Blank and
 * '#' lines and trace-cmd's preamble do not; loss notes are reported.
 * Plain text settles it only for a spec that reads text lines, and then as
 * ftrace when the spec also names ftrace records: the ftrace reader gives
 * every line that is not a record to the `from log` patterns too.  Returns
 * false when the line is used up.
 */
static bool detect(struct sm__feed *f, struct input *in, struct sm__str line, uint64_t lineno)
{
	const char *why;
	if (sm__ftrace_loss(line, &f->rec, &why)) {
		lost(f, in, lineno, why);
		return false;
	}
	if (blank_or_comment(line) || sm__ftrace_preamble(line)) {
		f->sink.totals->comments++;
		return false;
	}
	/* A trace.dat from a pipe (is_dat could not look): its magic opens the
	 * input, which goes to the .dat reader (sm__feed_fd); its bytes are no
	 * line.  The same bytes later on are a line like any other. */
	if (lineno == 1 && sm__dat_magic(line.ptr, line.len)) {
		f->sink.totals->lines--;
		in->format = SM__FMT_DAT;
		in->unreadable = true;
		return false;
	}
	enum sm__format fmt = sm__format_detect(line);
	if (fmt == SM__FMT_LOG && !f->ir->has_log) {
		skipped(f, in, lineno, 1, "neither an ftrace, a QEMU -trace nor a JSON record");
		return false;
	}
	in->format = fmt == SM__FMT_LOG && f->ftrace_names ? SM__FMT_FTRACE : fmt;
	settle_defer(f, in);
	return true;
}

static enum sm__line_kind parse_line(struct sm__feed *f, enum sm__format fmt,
				     struct sm__str line, const char **why, size_t *col)
{
	switch (fmt) {
	case SM__FMT_JSONL:
		return sm__jsonl_parse(line, &f->rec, &f->scratch, why, col);
	case SM__FMT_FTRACE:
		return sm__ftrace_parse_header(line, &f->rec, why, col);
	case SM__FMT_QEMU:
		return sm__qemu_parse(line, &f->rec, why, col);
	default:
		return sm__log_parse(line, &f->rec, why, col);
	}
}

/* Does every record's time count, not only an event's?  Deadlines pass
 * by it, timestamp instants end by it, a live input's wall clock follows it. */
static bool every_ts(const struct sm__feed *f, const struct input *in)
{
	return f->ir->has_deadlines || f->ir->instants_timestamp || in->live;
}

/*
 * A record's n events (m) handed on to `to` as an instant, with its place
 * and time.
 */
static void hand_on_events(struct sm__feed *f, struct input *in, struct sm__record *rec,
			   const struct sm__match *m, size_t n, const struct sm__feed_sink *to)
{
	to->totals->events += n;
	/* A record that is no event still tells the time, when deadlines
	 * wait for it or it may end an instant; otherwise it is done (most
	 * records of a trace end here). */
	if (!n && !every_ts(f, in))
		return;
	if (rec->time_pending)
		sm__ftrace_time(rec);
	struct sm__where w = {in->name, rec->lineno, rec->has_ts, rec->ts_digits,
			      rec->ts_ns, in->loss->places ? in->loss : NULL};
	if (in->live && w.has_ts) {
		in->last = w;
		in->fresh = true;
	}
	if (f->ir->instants_timestamp)
		timestamp_instant(f, in, m, n, &w);
	else if (n || (w.has_ts && f->ir->has_deadlines))
		to->instant(to->ud, m, n, &w);
}

/* A record bound on this thread, its events handed on. */
static __attribute__((noinline)) void bind_here(struct sm__feed *f, struct input *in,
						struct sm__record *rec, enum sm__format fmt)
{
	const struct sm__match *m;
	size_t n = sm__bind(f->binder, rec, fmt, &m);
	char gave_up[200];
	if (f->ir->has_log && sm__bind_gave_up(f->binder, gave_up, sizeof gave_up))
		pattern_gave_up(f, in, rec->lineno, gave_up);
	hand_on_events(f, in, rec, m, n, &f->sink);
}

/* A JSON record handed to the thread that binds, when it may bind (or
 * tells the time deadlines wait for). */
static __attribute__((noinline)) void hand_over_json(struct sm__feed *f, struct input *in,
						 struct sm__record *rec)
{
	size_t taken = sm__binder_takes_json(f->binder, rec);
	if (taken || every_ts(f, in))
		f->defer_json(f->defer_ud, rec, taken);
}

/* A record read (a line of text, or a trace.dat record): counted, and
 * bound here or, when it may bind, handed to the thread that binds.
 * Inline: on a reader thread it runs for nearly every line. */
static inline void hand_on(struct sm__feed *f, struct input *in, struct sm__record *rec,
			   enum sm__format fmt)
{
	f->sink.totals->records++;
	in->data_lines++;
	if (!in->defer_ftrace) {
		if (in->defer_json) /* its time is read, its members too */
			hand_over_json(f, in, rec);
		else
			bind_here(f, in, rec, fmt);
		return;
	}
	/* With deadlines, a record that binds nothing still tells the time.
	 * The time is read here, on the reading side. */
	size_t taken = sm__binder_takes(f->binder, rec);
	if (!taken && !every_ts(f, in))
		return;
	if (rec->time_pending)
		sm__ftrace_time(rec);
	f->defer(f->defer_ud, rec, taken);
}

bool sm__feed_defer(struct sm__feed *f, sm__feed_defer_fn *defer, sm__feed_defer_fn *defer_json,
		    void *ud, const char *input, struct sm__loss *loss)
{
	f->defer = defer;
	f->defer_json = defer_json;
	f->defer_ud = ud;
	f->deferred_in = (struct input){.name = input, .loss = loss, .format = SM__FMT_FTRACE};
	return sm__binder_reads_task(f->binder);
}

struct sm__deferred sm__feed_deferred(const struct sm__feed *f)
{
	return (struct sm__deferred){f->binder, f->ir->has_deadlines, f->deferred_in.name,
				     f->deferred_in.loss};
}

static void process_line(struct sm__feed *f, struct input *in, struct sm__str line,
			 uint64_t lineno)
{
	struct sm__totals *totals = f->sink.totals;
	totals->lines++;
	if (in->format == SM__FMT_AUTO && !detect(f, in, line, lineno))
		return;
	const char *why = "not a record";
	size_t col = 1;
	enum sm__line_kind kind = parse_line(f, in->format, line, &why, &col);
	/* most lines: a record, of a format whose records need no NUL check */
	if (kind == SM__LINE_RECORD && in->format != SM__FMT_LOG) {
		f->rec.lineno = lineno;
		hand_on(f, in, &f->rec, in->format);
		return;
	}
	/* Binary data, looked for only where it matters (not on every good
	 * record): a bad line says so, and log lines, which are never bad,
	 * are not fed to the patterns. */
	const char *nul = kind == SM__LINE_BAD || (in->format == SM__FMT_LOG &&
						   kind != SM__LINE_COMMENT)
				  ? memchr(line.ptr, '\0', line.len) : NULL;
	if (nul) {
		skipped(f, in, lineno, (size_t)(nul - line.ptr) + 1,
			"NUL byte in the line (binary data?)");
		return;
	}
	if (kind == SM__LINE_COMMENT) {
		totals->comments++;
		return;
	}
	if (kind == SM__LINE_LOSS) {
		flush(f); /* events were lost between its records: not one instant */
		lost(f, in, lineno, why);
		return;
	}
	bool named = in->format == SM__FMT_FTRACE || in->format == SM__FMT_QEMU;
	if (kind == SM__LINE_BAD && !(named && f->ir->has_log)) {
		skipped(f, in, lineno, col, why);
		return;
	}
	if (kind == SM__LINE_BAD) /* no record, but `from log` events may want it */
		sm__log_parse(line, &f->rec, &why, &col);
	f->rec.lineno = lineno;
	hand_on(f, in, &f->rec, in->format);
}

static const char *format_name(enum sm__format fmt)
{
	switch (fmt) {
	case SM__FMT_FTRACE: return "ftrace";
	case SM__FMT_LOG: return "log";
	case SM__FMT_JSONL: return "jsonl";
	case SM__FMT_QEMU: return "QEMU -trace log";
	default: return "ftrace or JSON (auto)";
	}
}

/* Most lines of the input could not be read: the wrong --format? */
static void format_failed(struct sm__feed *f, const struct input *in)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%" PRIu64 " of %" PRIu64 " lines could not be read as %s "
		 "(is it the right --format?)", in->skipped, in->data_lines,
		 format_name(in->format));
	struct sm__warning w = {.kind = "format", .input = in->name, .message = msg};
	f->sink.warning(f->sink.ud, &w, true);
}

/* (feed.h) It is read by source_dat.c (through libtracecmd), not as lines
 * (in a build without libtracecmd, that says what to do instead). */
bool sm__feed_is_dat(int fd, const struct stat *sb, enum sm__format format)
{
	char head[16];
	if (format == SM__FMT_DAT)
		return true;
	if (format != SM__FMT_AUTO || !S_ISREG(sb->st_mode))
		return false;
	ssize_t n = pread(fd, head, sizeof head, 0);
	return n > 0 && sm__dat_magic(head, (size_t)n);
}

/*
 * A record of a trace.dat, already split (source_dat.c): counted, bound
 * and handed on as a line of ftrace text is (the same `from ftrace`
 * bindings take it), a loss note as the ftrace
 * reader's.  Its number (rec->lineno) stands for the line.  Not live: a
 * pipe was read to its end before the first record.
 */
static bool dat_record(void *ud, struct sm__record *rec, enum sm__line_kind kind,
		       const char *why)
{
	struct sm__feed *f = ud;
	struct input *in = f->in;
	struct sm__totals *totals = f->sink.totals;
	if (f->sink.stop(f->sink.ud))
		return false;
	totals->lines++;
	if (kind == SM__LINE_LOSS) {
		flush(f); /* events were lost between its records: not one instant */
		lost(f, in, rec->lineno, why);
		return true;
	}
	hand_on(f, in, rec, SM__FMT_FTRACE);
	return true;
}

static bool dat_stop(void *ud)
{
	struct sm__feed *f = ud;
	return f->sink.stop(f->sink.ud);
}

/* Read a trace.dat input; head: its bytes the line reader already took. */
static bool feed_dat(struct sm__feed *f, struct input *in, int fd, const char *head,
		     size_t nhead)
{
	char why[512];
	struct sm__dat_sink sink = {dat_record, dat_stop, f};
	/* A .dat from a pipe was copied whole before its first record: its
	 * records are not live (the wall clock does not stand for their time). */
	in->live = false;
	f->in = in;
	bool ok = sm__dat_read(fd, head, nhead, f->ir->has_log, &f->rec, sink, why, sizeof why);
	flush(f);
	f->in = NULL;
	if (!ok)
		f->sink.read_error(f->sink.ud, in->name, 0, why);
	return ok;
}

/* Read one input, text or trace.dat. */
static bool feed_input(struct sm__feed *f, struct input *in, int fd, enum sm__format format)
{
	struct stat sb;
	bool stat_ok = fstat(fd, &sb) == 0;
	if (stat_ok && sm__feed_is_dat(fd, &sb, format))
		return feed_dat(f, in, fd, NULL, 0);
	in->live = stat_ok && !S_ISREG(sb.st_mode);
	f->in = in;
	struct sm__reader r;
	sm__reader_init(&r, fd);
	if (in->live) {
		r.idle = on_idle;
		r.idle_ud = f;
	}
	settle_defer(f, in);
	bool ok = true, ended = false;
	struct sm__str line;
	bool no_newline;
	/* A reader thread (binding deferred) asks every 64 lines: what it
	 * reads past a stop is not replayed (relay.h). */
	uint64_t ask = f->defer ? 63 : 0;
	while ((r.lineno & ask) || !f->sink.stop(f->sink.ud)) {
		enum sm__line_status st = sm__reader_line(&r, &line, &no_newline);
		if (st == SM__LINE_EOF) {
			ended = !r.stopped;
			break;
		}
		if (st == SM__LINE_ERROR) {
			f->sink.read_error(f->sink.ud, in->name, r.err, NULL);
			ok = false;
			break;
		}
		if (st == SM__LINE_TOO_LONG) {
			f->sink.totals->lines++;
			skipped(f, in, r.lineno, (size_t)SM__MAX_LINE + 1,
				"line longer than 64 MiB");
			continue;
		}
		process_line(f, in, line, r.lineno);
		if (in->unreadable) {
			ok = in->format == SM__FMT_DAT && feed_dat(f, in, fd, r.buf, r.end);
			break;
		}
		if (no_newline) {
			struct sm__warning w = {.kind = "no-newline", .input = in->name,
						.line = r.lineno, .message = "last line has no "
						"newline (it was read as a whole line)"};
			f->sink.warning(f->sink.ud, &w, false);
		}
	}
	flush(f); /* the end of the input ends its last instant */
	/* The end of a live input is input time too: the wall clock's then
	 * (a file's is its last record's, which has passed what it could). */
	if (ended && in->last.has_ts) {
		struct sm__where w = wall_time(in, wall_now());
		pass_time(f, &w, SM__PASSED_AT_END);
	}
	f->in = NULL;
	sm__reader_free(&r);
	if (in->skipped * 2 > in->data_lines)
		format_failed(f, in);
	return ok;
}

bool sm__feed_fd(struct sm__feed *f, int fd, const char *name, struct sm__loss *loss,
		 enum sm__format format)
{
	struct input in = {.name = name, .loss = loss, .format = format};
	pairs_begin(f, &in);
	bool ok = feed_input(f, &in, fd, format);
	pairs_end(f, &in);
	return ok;
}
