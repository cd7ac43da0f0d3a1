/*
 * relay.h: a feed on a thread of its own (DESIGN.md §1, at the edge between
 * the binder and the engine).  Offline checking has two halves of about
 * equal cost: reading, parsing and binding lines, and stepping the engine
 * and writing reports.  For a regular file the relay runs the feed on a
 * reader thread while the caller's thread steps, so the two halves use two
 * cores.
 *
 * The relay is the feed's sink.  On the reader thread it copies each call
 * it gets (an instant with its values, a warning, a skipped line, a read
 * error, the input's losses so far) into batches; on the caller's thread it
 * replays them, in order, into the real sink.  Verdicts, reports and their
 * order are therefore those of one thread: only the feed's work moves.
 * Inputs that are not regular files (pipes, terminals: their time follows
 * the wall clock, which the engine answers for), trace.dat files, and runs
 * that may stop early (--max-violations) are fed on the caller's thread,
 * the calls passed straight through.
 */
#ifndef SM_RELAY_H
#define SM_RELAY_H

#include "feed.h"

#include <signal.h>

struct sm__relay;

/* down: the real sink, called on the caller's thread only.  interrupt
 * (may be NULL) is read by the reader thread: set, it stops reading, as
 * down.stop would. */
struct sm__relay *sm__relay_new(const struct sm__ir *ir, struct sm__feed_sink down,
				const volatile sig_atomic_t *interrupt);
void sm__relay_free(struct sm__relay *r);

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
