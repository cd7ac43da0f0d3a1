/*
 * reader.h: turns a file descriptor into lines, reading large blocks and
 * never copying a line that fits in the buffer.  Memory stays constant for
 * any input size; only a line longer than the buffer grows it (up to
 * SM__MAX_LINE, beyond which the line is cut and reported as too long),
 * and it shrinks back to a block once that line is gone.
 * Works the same for regular files and pipes: it returns each complete line
 * as soon as it has arrived, so live input gives live verdicts, and a file
 * that grows is read to its end.
 *
 * A regular file is read, not mapped, as grep reads it: the buffer's pages
 * are touched once, while each page of a mapping costs a first touch (a
 * fault; in a virtual machine, a shadow page table's too).  On a 2-core VM
 * (bench/run.sh, 256 MB each) mapping 16 MB at a time took 1.3x the time
 * on W1, 2x on a mostly unbound trace, 1.4x with --threads 1.
 */
#ifndef SM_READER_H
#define SM_READER_H

#include "base.h"

#include <string.h>

/* 256 KB: a block stays in a core's private cache (L2: 512 KB to 1 MB on
 * current x86) while its lines are parsed. */
#define SM__READ_BLOCK (256u << 10)
#define SM__MAX_LINE (64u << 20)

struct sm__reader {
	int fd;
	char *buf;
	size_t cap, start, end; /* unread bytes are buf[start..end) */
	bool eof;
	int err;       /* errno of a failed read, else 0 */
	uint64_t lineno;
	uint64_t bytes;
	bool stopped;  /* the idle hook said stop: no more lines */
	/*
	 * Live input (a pipe, a terminal; NULL for a regular file, whose
	 * reads never wait): called before each read with waited false, and
	 * again with waited true each time the input then stayed silent for
	 * as long as the last call asked.  Returns how long to wait for input
	 * (ms) before the next call, 0 to read now, -1 for no limit, or
	 * SM__IDLE_STOP to read no more (the lines after are not taken).
	 * The feed uses the silence to close an open instant and to pass
	 * deadlines by the wall clock, so live input does not hold its
	 * verdicts back.
	 */
	int (*idle)(void *ud, bool waited);
	void *idle_ud;
};

#define SM__IDLE_STOP (-2)

/* How long a live input must stay silent to count as idle: long enough
 * that a writer's pause between two blocks of one burst is not taken for
 * it, short enough not to be noticed by a person watching. */
#define SM__IDLE_MS 100

enum sm__line_status {
	SM__LINE_OK,
	SM__LINE_TOO_LONG, /* line cut: *line holds its first SM__MAX_LINE bytes */
	SM__LINE_EOF,
	SM__LINE_ERROR,    /* read error: see reader->err */
};

void sm__reader_init(struct sm__reader *r, int fd);
void sm__reader_free(struct sm__reader *r);
/* sm__reader_line where the next line is not whole in the buffer yet. */
enum sm__line_status sm__reader_more(struct sm__reader *r, struct sm__str *line,
				     bool *no_newline);

/* Hand out buf[start..start+len) and consume `used` bytes. */
static inline enum sm__line_status sm__reader_give(struct sm__reader *r, size_t len, size_t used,
						   enum sm__line_status status,
						   struct sm__str *line)
{
	*line = (struct sm__str){r->buf + r->start, len};
	if (status == SM__LINE_OK && len > 0 && line->ptr[len - 1] == '\r')
		line->len--;
	r->start += used;
	r->lineno++;
	r->bytes += used;
	return status;
}

/* Next line without its '\n' (and without a trailing '\r'); a last line
 * without a newline is returned too.  SM__LINE_EOF also after the idle hook
 * said stop.  Sets *no_newline when the input ended without a final
 * newline.  Inline for the common case: the line is whole in the buffer. */
static inline enum sm__line_status sm__reader_line(struct sm__reader *r, struct sm__str *line,
						   bool *no_newline)
{
	char *at = r->buf + r->start;
	char *nl = memchr(at, '\n', r->end - r->start);
	if (!nl)
		return sm__reader_more(r, line, no_newline);
	*no_newline = false;
	size_t len = (size_t)(nl - at);
	return sm__reader_give(r, len, len + 1, SM__LINE_OK, line);
}

#endif
