/*
 * reader.c: lines from a file descriptor (see reader.h).  Bytes are read in
 * blocks into one buffer, or a regular file is mapped a window at a time,
 * and lines are handed out as spans of it; the only copy (read mode) is
 * moving the unfinished tail of the buffer to its front before the next
 * read.
 */
#include "reader.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Room to keep a cut line while the rest of it is read and thrown away. */
#define SKIP_CAP (SM__MAX_LINE + SM__READ_BLOCK)

/* A window the reader is done with: unmapped, or handed to the caller
 * that keeps its lines (sm__reader_keep_windows). */
static void let_go(struct sm__reader *r, char *map, size_t len)
{
	if (r->retire)
		r->retire(r->retire_ud, map, len);
	else
		munmap(map, len);
}

/* Lines are read from a window, or not: told to a caller that keeps them. */
static void set_mapped(struct sm__reader *r, bool mapped)
{
	r->mapped = mapped;
	if (r->in_window)
		*r->in_window = mapped;
}

size_t sm__map_window_test;

/* Map the window of the file that starts on the page holding file offset
 * `at` (from there to the end of the file, at most SM__MAP_WINDOW bytes).
 * False when that would not reach past what is mapped now, or mmap fails. */
static bool map_window(struct sm__reader *r, uint64_t at)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t from = at / page * page;
	uint64_t window = sm__map_window_test ? sm__map_window_test : SM__MAP_WINDOW;
	uint64_t len = r->size - from < window ? r->size - from : window;
	if (from + len <= (r->mapped ? r->map_at + r->end : at))
		return false;
	void *m = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, r->fd, (off_t)from);
	if (m == MAP_FAILED)
		return false;
	if (r->mapped)
		let_go(r, r->buf, r->cap);
	set_mapped(r, true);
	r->buf = m;
	r->cap = r->end = (size_t)len;
	r->start = (size_t)(at - from);
	r->map_at = from;
	return true;
}

/* Go on reading where the mapping ends: its unread bytes are copied to a
 * read buffer, and the file offset set after them. */
static void to_read_mode(struct sm__reader *r)
{
	size_t unread = r->end - r->start;
	size_t cap = SM__READ_BLOCK;
	while (cap < unread + SM__READ_BLOCK / 2)
		cap *= 2;
	char *buf = sm__xmalloc(cap);
	memcpy(buf, r->buf + r->start, unread);
	if (lseek(r->fd, (off_t)(r->map_at + r->end), SEEK_SET) < 0)
		r->err = errno;
	r->kept = r->buf;
	r->kept_len = r->cap;
	set_mapped(r, false);
	r->buf = buf;
	r->cap = cap;
	r->start = 0;
	r->end = unread;
}

void sm__reader_init(struct sm__reader *r, int fd)
{
	*r = (struct sm__reader){.fd = fd};
	struct stat sb;
	off_t at = lseek(fd, 0, SEEK_CUR);
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && at >= 0 && sb.st_size > at) {
		r->size = (uint64_t)sb.st_size;
		if (map_window(r, (uint64_t)at))
			return;
	}
	r->cap = SM__READ_BLOCK;
	r->buf = sm__xmalloc(r->cap);
}

void sm__reader_keep_windows(struct sm__reader *r, sm__retire_fn *retire, void *ud,
			     bool *in_window)
{
	r->retire = retire;
	r->retire_ud = ud;
	r->in_window = in_window;
	set_mapped(r, r->mapped);
}

void sm__reader_free(struct sm__reader *r)
{
	if (r->mapped)
		let_go(r, r->buf, r->cap);
	else
		free(r->buf);
	if (r->kept)
		let_go(r, r->kept, r->kept_len);
	r->buf = r->kept = NULL;
	set_mapped(r, false);
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

static void grow(struct sm__reader *r, size_t cap)
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
 * longer line has been cut before more is read.
 */
static bool fill(struct sm__reader *r)
{
	if (r->mapped) {
		if (map_window(r, r->map_at + r->start))
			return true;
		to_read_mode(r);
		return r->err == 0;
	}
	compact(r);
	if (r->end == r->cap)
		grow(r, r->cap * 2 < SM__MAX_LINE + 1 ? r->cap * 2 : SM__MAX_LINE + 1);
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
		grow(r, SKIP_CAP);
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
