/*
 * feed.h: the read loop of an input (DESIGN.md §1: records -> source
 * reader -> binder).  A feed reads an input's lines with the block reader,
 * settles its format (--format auto), parses each line into a record, binds
 * it, and hands the events of each record on as one instant.  It keeps the
 * books a reader of the verdicts needs: lines skipped (the first few shown,
 * all counted), events lost, a last line without a newline, an input that
 * was mostly not of its format.
 *
 * It knows nothing of the public monitor: what it finds goes to a sink,
 * which the public API wires to the engine and the reporter.
 */
#ifndef SM_FEED_H
#define SM_FEED_H

#include "bind.h"
#include "reader.h"
#include "report.h"

struct sm__feed_sink {
	/* The run's counts; a feed adds lines, records, events, skipped,
	 * comments, losses, lost_events and pattern_limit. */
	struct sm__totals *totals;
	/* A skipped line to show: the first few of each input (all count). */
	void (*skipped)(void *ud, const char *input, uint64_t line, size_t col, const char *why);
	/* Events lost, a missing last newline, a format that mostly failed. */
	sm__warn_fn *warning;
	/* The events of one record: one instant for the engine.  n is 0 for
	 * a record with a `ts` that is no event: it still tells the time. */
	void (*instant)(void *ud, const struct sm__match *m, size_t n, const struct sm__where *w);
	/* Checked before each line: stop reading (--max-violations reached,
	 * reports that cannot be written)? */
	bool (*stop)(void *ud);
	/* Live input (DESIGN.md §2.3): the engine's earliest deadline (true
	 * and *at), and input time passing by the wall clock while the input
	 * is idle or at its end (w names the last record with a ts, w->ts_ns
	 * is the trace time reached). */
	bool (*next_deadline)(void *ud, int64_t *at);
	void (*advance)(void *ud, const struct sm__where *w, enum sm__passed_by by);
	/* The input could not be read further; err is the errno, or 0 and
	 * `why` says it in words. */
	void (*read_error)(void *ud, const char *input, int err, const char *why);
	void *ud;
};

struct sm__feed;

/* The binder is borrowed: it must outlive the feed. */
struct sm__feed *sm__feed_new(const struct sm__ir *ir, struct sm__binder *binder,
			      struct sm__feed_sink sink);
void sm__feed_free(struct sm__feed *f);
/*
 * Read fd to its end, or until the sink says stop, as the input `name` in
 * `format` (SM__FMT_AUTO: the first line that says something decides).
 * Its losses are added to *loss, which the caller keeps while reports may
 * point at it.  Returns false after a read error (told to the sink).
 */
bool sm__feed_fd(struct sm__feed *f, int fd, const char *name, struct sm__loss *loss,
		 enum sm__format format);
/*
 * Binding on another thread (relay.h): while `defer` is set, a record of
 * plain ftrace text (no `from log` patterns, nothing to pair, instants not
 * by timestamp) that may bind is handed to defer with its time read and
 * the rest still text, instead of being bound; the thread that steps binds
 * it with sm__feed_bind_deferred, which hands its instant to `to` and adds
 * its events to to->totals.  Records no binding takes are only counted,
 * unless deadlines wait for time: then they are handed over too.
 * A JSON Lines record, under the same conditions, is handed to defer_json
 * with its members read (its fields, their strings maybe the feed's own:
 * copied before the next record), for sm__feed_bind_json.
 * input and loss: the input's name and losses as the stepping side has
 * them.  Returns whether binding reads a record's line before its name
 * (its task columns); if not, the bytes from its name on are all it needs.
 */
typedef void sm__feed_defer_fn(void *ud, struct sm__record *rec, size_t taken);
bool sm__feed_defer(struct sm__feed *f, sm__feed_defer_fn *defer, sm__feed_defer_fn *defer_json,
		    void *ud, const char *input, struct sm__loss *loss);
/*
 * What binding a deferred record needs of the feed, got once per input
 * (sm__feed_deferred, after sm__feed_defer) by the thread that steps:
 * sm__feed_bind_deferred is inline, as it runs for nearly every record.
 */
struct sm__deferred {
	struct sm__binder *binder;
	bool has_deadlines;
	const char *input;
	const struct sm__loss *loss;
};
struct sm__deferred sm__feed_deferred(const struct sm__feed *f);
/*
 * The n events m of a deferred record, bound, handed on to `to` as one
 * instant (its time is read, its input neither live nor in timestamp
 * instants: see sm__feed_defer), as the feed hands on the events of a
 * record it binds.
 */
static inline void sm__feed_hand_on(const struct sm__deferred *d, const struct sm__record *rec,
				    const struct sm__match *m, size_t n,
				    const struct sm__feed_sink *to)
{
	to->totals->events += n;
	/* a record that is no event tells the time only to deadlines */
	if (!n && !(rec->has_ts && d->has_deadlines))
		return;
	struct sm__where w = {d->input, rec->lineno, rec->has_ts, rec->ts_digits, rec->ts_ns,
			      d->loss->places ? d->loss : NULL};
	to->instant(to->ud, m, n, &w);
}

/* A deferred record bound and handed on.  taken: what sm__binder_takes
 * said of the record, passed on (0: it binds nothing, and is only a
 * time). */
static inline void sm__feed_bind_deferred(const struct sm__deferred *d, struct sm__record *rec,
					  size_t taken, const struct sm__feed_sink *to)
{
	const struct sm__match *m = NULL;
	size_t n = taken ? sm__bind_taken(d->binder, rec, taken, &m) : 0;
	sm__feed_hand_on(d, rec, m, n, to);
}

/* A deferred JSON record (defer_json) bound and handed on. */
static inline void sm__feed_bind_json(const struct sm__deferred *d, struct sm__record *rec,
				      size_t taken, const struct sm__feed_sink *to)
{
	const struct sm__match *m = NULL;
	size_t n = taken ? sm__bind_taken_json(d->binder, rec, taken, &m) : 0;
	sm__feed_hand_on(d, rec, m, n, to);
}

/* A deferred record that its reader picked (sm__binder_prepick), bound
 * and handed on as sm__feed_bind_deferred would: of rec, only its place
 * and time are read. */
static inline void sm__feed_bind_picked(const struct sm__deferred *d, const struct sm__record *rec,
					size_t taken, const int64_t *ints, size_t nints,
					const struct sm__feed_sink *to)
{
	const struct sm__match *m;
	size_t n = sm__bind_picked(d->binder, taken, ints, nints, &m);
	sm__feed_hand_on(d, rec, m, n, to);
}

/* Is fd (sb: its fstat) trace-cmd's binary trace.dat: --format dat, or a
 * regular file that starts with its magic? */
struct stat;
bool sm__feed_is_dat(int fd, const struct stat *sb, enum sm__format format);

#endif
