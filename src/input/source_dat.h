/*
 * source_dat.h: trace-cmd's binary trace.dat, read through libtracecmd
 * (source_dat.c).  The read loop (feed.c) hands a .dat input here and gets
 * its records back one by one, as struct sm__record, to bind and check as
 * it does ftrace text records.
 *
 * Without libtracecmd at build time (the Makefile's HAVE_TRACECMD), the
 * reader is there but says that this build cannot read trace.dat, what to
 * install to get one that can, and what to do instead.
 */
#ifndef SM_SOURCE_DAT_H
#define SM_SOURCE_DAT_H

#include "record.h"

/* Was this build made with libtracecmd? */
extern const bool sm__dat_supported;

struct sm__dat_sink {
	/*
	 * One record of the file, in the order `trace-cmd report` prints them
	 * (by time across the CPUs): an event (SM__LINE_RECORD), or a loss
	 * note (SM__LINE_LOSS: rec->lost and rec->lost_known, and `why` says
	 * what was lost) just before the first event after the loss.
	 * rec->lineno numbers them both from 1, as the lines of the report
	 * after its header.  Returns false to read no further.
	 */
	bool (*record)(void *ud, struct sm__record *rec, enum sm__line_kind kind,
		       const char *why);
	/* Checked while a pipe is copied: stop (interrupted)? */
	bool (*stop)(void *ud);
	void *ud;
};

/*
 * Read the trace.dat open on fd.  `head` is what was already read of fd
 * (nhead bytes, the start of the file: a pipe whose first line showed the
 * magic), or NULL.  libtracecmd seeks: anything but a regular file read from
 * its start is first copied to a temporary file (deleted at once, in
 * $TMPDIR or /tmp).  fd is left open.  With want_text, rec->line and
 * rec->text hold each record as `trace-cmd report -N -t` prints it, for the
 * `from log` patterns.  rec is the caller's, reused for every record.
 *
 * Returns true when the file was read, to its end or until the sink said
 * stop; false when it could not be read, and why[0..cap) says why.
 */
bool sm__dat_read(int fd, const char *head, size_t nhead, bool want_text,
		  struct sm__record *rec, struct sm__dat_sink sink, char *why, size_t cap);

#endif
