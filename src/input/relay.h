/*
 * relay.h: a feed on a thread of its own (DESIGN.md §1, between the source
 * reader and the binder).  Offline checking has two halves of about equal
 * cost: reading lines and parsing their headers, and binding records,
 * stepping the engine and writing reports.  For a regular file the relay
 * runs the feed on a reader thread while the caller's thread does the
 * rest, so the two halves use two cores.
 *
 * The relay is the feed's sink.  On the reader thread it copies each call
 * it gets (a record that may bind, with its line, or a JSON record's
 * members; a warning, a skipped line, a read error, the input's losses so
 * far) into batches; on the caller's thread it replays them, in order:
 * records are bound there (sm__feed_bind_deferred, sm__feed_bind_json)
 * and their instants stepped, the rest goes to
 * the real sink.  Verdicts, reports and their order are therefore those of
 * one thread: only the work moves.  A spec whose binding keeps state from
 * record to record (`from log` patterns, entries and returns to pair,
 * timestamp instants) binds on the reader thread, which then hands over
 * instants with their values.  Inputs that are not regular files (pipes,
 * terminals: their time follows the wall clock, which the engine answers
 * for), trace.dat files, and runs that may stop early (--max-violations)
 * are fed on the caller's thread, the calls passed straight through.
 */
#ifndef SM_RELAY_H
#define SM_RELAY_H

#include "feed.h"

#include <signal.h>
#include <stdatomic.h>

struct sm__relay;

/* down: the real sink, called on the caller's thread only.  interrupt
 * (may be NULL) is read by the reader thread: set, it stops reading, as
 * down.stop would.  failed (may be NULL): what down.stop says of a run
 * that is threaded (one --max-violations cannot stop) changes only when
 * this (a failed write) or interrupt is set, so the caller's side asks
 * down.stop after an item only then. */
struct sm__relay *sm__relay_new(const struct sm__ir *ir, struct sm__feed_sink down,
				const volatile sig_atomic_t *interrupt, const atomic_int *failed);
void sm__relay_free(struct sm__relay *r);

/*
 * Does the reader thread pick the fields of the records it hands over
 * (sm__binder_prepick), so that their values cross instead of their
 * lines?  By default (BEHIND, 0) while the caller's side is so far behind
 * that the reader would wait for it: the reader takes on some of its work.  ALWAYS and NEVER are for tests: the
 * output is the same either way.
 */
enum sm__prepick { SM__PREPICK_BEHIND, SM__PREPICK_ALWAYS, SM__PREPICK_NEVER };
void sm__relay_prepick(struct sm__relay *r, enum sm__prepick when);

/* Tests only: when not 0, the bits an item's step of the line counts may
 * take, instead of 32: a larger step goes in a counts item first, which a
 * test makes happen with a few lines.  Read when a threaded input begins. */
extern unsigned sm__relay_step_bits_test;

/* The sink to build the feed with (sm__feed_new). */
struct sm__feed_sink sm__relay_sink(struct sm__relay *r);

/*
 * sm__feed_fd through the relay: on a reader thread when `may_thread` and
 * the input is a regular file of text, otherwise on this thread.  Either
 * way the sink's calls reach `down` on this thread, and the feed's counts
 * are added to down.totals before it returns.
 */
bool sm__relay_feed_fd(struct sm__relay *r, struct sm__feed *f, int fd, const char *name,
		       struct sm__loss *loss, enum sm__format format, bool may_thread);

#endif
