/*
 * reader.c: lines from a file descriptor (see reader.h).  Bytes are read in
 * blocks into one buffer, and lines are handed out as spans of it; the only
 * copy is moving the unfinished tail of the buffer to its front before the
 * next read.
 */
#include "reader.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room to keep a cut line while the rest of it is read and thrown away. */
#define SKIP_CAP (SM__MAX_LINE + SM__READ_BLOCK)

void sm__reader_init(struct sm__reader *r, int fd)
{
	*r = (struct sm__reader){.fd = fd, .cap = SM__READ_BLOCK};
	r->buf = sm__xmalloc(r->cap);
}

void sm__reader_free(struct sm__reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = r->start = r->end = 0;
}

/*
 * read(2) into buf[at..cap): the byte count, 0 at end of input, -1 on error
 * (r->err).  A descriptor left non-blocking by whoever gave it to us is
 * waited on rather than taken for a failure.
 */
static ssize_t read_some(struct sm__reader *r, size_t at)
{
	for (;;) {
		ssize_t n = read(r->fd, r->buf + at, r->cap - at);
		if (n >= 0)
			return n;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		} else if (errno == EINTR) {
			continue;
		}
		r->err = errno;
		return -1;
	}
}

static void resize(struct sm__reader *r, size_t cap)
{
	r->buf = sm__xrealloc(r->buf, cap);
	r->cap = cap;
}

/* Move the unread bytes to the front of the buffer. */
static void compact(struct sm__reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
}

/*
 * Read more after the unread bytes, growing the buffer when one line fills
 * it all.  A full buffer is always smaller than SM__MAX_LINE + 1 here: a
 * longer line has been cut before more is read.  Once the long line is
 * gone, the buffer is a block again: reads of its size would leave the
 * core's cache (and a cut line's 64 MB would stay resident to the end).
 * Not while nothing is left to read: the last line handed out stays valid
 * at the end of the input.
 */
static bool fill(struct sm__reader *r)
{
	compact(r);
	if (r->end == r->cap)
		resize(r, r->cap * 2 < SM__MAX_LINE + 1 ? r->cap * 2 : SM__MAX_LINE + 1);
	else if (r->cap > SM__READ_BLOCK && r->end > 0 && r->end <= SM__READ_BLOCK / 2)
		resize(r, SM__READ_BLOCK);
	if (r->idle) {
		/* A signal (EINTR) asks the hook again: it may say stop (an
		 * interrupted `check`).  Another failing poll ends the
		 * waiting: the read waits, as it would without the hook. */
		struct pollfd pfd = {.fd = r->fd, .events = POLLIN};
		int ms = r->idle(r->idle_ud, false), ready;
		while (ms != 0 && ms != SM__IDLE_STOP &&
		       ((ready = poll(&pfd, 1, ms)) == 0 || (ready < 0 && errno == EINTR)))
			ms = r->idle(r->idle_ud, ready == 0);
		if (ms == SM__IDLE_STOP) {
			r->stopped = true;
			return true;
		}
	}
	ssize_t n = read_some(r, r->end);
	if (n < 0)
		return false;
	if (n == 0)
		r->eof = true;
	r->end += (size_t)n;
	return true;
}

/*
 * The unread bytes hold more than SM__MAX_LINE bytes and no newline: keep
 * the first SM__MAX_LINE and read the rest of the line into the space after
 * them, to throw it away up to its newline.
 */
static enum sm__line_status cut(struct sm__reader *r, struct sm__str *line,
				bool *no_newline)
{
	compact(r);
	if (r->cap < SKIP_CAP)
		resize(r, SKIP_CAP);
	uint64_t dropped = 0;
	for (;;) {
		dropped += r->end - SM__MAX_LINE;
		r->end = SM__MAX_LINE;
		ssize_t n = r->eof ? 0 : read_some(r, r->end);
		if (n <= 0) {
			/* End of input or a failed read (reported by the next
			 * call) both end the line here. */
			r->eof = n == 0;
			*no_newline = true;
			sm__reader_give(r, SM__MAX_LINE, SM__MAX_LINE, SM__LINE_TOO_LONG, line);
			break;
		}
		r->end += (size_t)n;
		char *nl = memchr(r->buf + SM__MAX_LINE, '\n', (size_t)n);
		if (nl) {
			sm__reader_give(r, SM__MAX_LINE, (size_t)(nl + 1 - r->buf),
			     SM__LINE_TOO_LONG, line);
			break;
		}
	}
	r->bytes += dropped;
	return SM__LINE_TOO_LONG;
}

enum sm__line_status sm__reader_more(struct sm__reader *r, struct sm__str *line,
				     bool *no_newline)
{
	*no_newline = false;
	size_t seen = 0; /* bytes after start already known to hold no '\n' */
	for (;;) {
		size_t avail = r->end - r->start;
		char *nl = memchr(r->buf + r->start + seen, '\n', avail - seen);
		if (nl) {
			size_t len = (size_t)(nl - (r->buf + r->start));
			return sm__reader_give(r, len, len + 1, SM__LINE_OK, line);
		}
		seen = avail;
		if (avail > SM__MAX_LINE)
			return cut(r, line, no_newline);
		if (r->err)
			return SM__LINE_ERROR;
		if (r->stopped)
			return SM__LINE_EOF;
		if (r->eof) {
			if (avail == 0)
				return SM__LINE_EOF;
			*no_newline = true;
			return sm__reader_give(r, avail, avail, SM__LINE_OK, line);
		}
		if (!fill(r))
			return SM__LINE_ERROR;
	}
}
