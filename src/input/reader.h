/*
 * reader.h: turns a file descriptor into lines, reading large blocks and
 * never copying a line that fits in the buffer.  Memory stays constant for
 * any input size; only a line longer than the buffer grows it (up to
 * SM__MAX_LINE, beyond which the line is cut and reported as too long).
 * Works the same for regular files and pipes: it returns each complete line
 * as soon as it has arrived, so live input gives live verdicts.
 */
#ifndef SM_READER_H
#define SM_READER_H

#include "base.h"

#define SM__READ_BLOCK (1u << 20)
#define SM__MAX_LINE (64u << 20)

struct sm__reader {
	int fd;
	char *buf;
	size_t cap, start, end; /* unread bytes are buf[start..end) */
	bool eof;
	int err;       /* errno of a failed read, else 0 */
	uint64_t lineno;
	uint64_t bytes;
	/* Called before a read that would wait: the input (a pipe, a
	 * terminal) has been idle for SM__IDLE_MS.  The feed closes an open
	 * instant there, so live input does not hold its verdicts back.
	 * NULL: no call, and no wait is looked for. */
	void (*idle)(void *ud);
	void *idle_ud;
};

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
/* Next line without its '\n' (and without a trailing '\r'); a last line
 * without a newline is returned too.  Sets *no_newline when the input
 * ended without a final newline. */
enum sm__line_status sm__reader_line(struct sm__reader *r, struct sm__str *line,
				     bool *no_newline);
void sm__reader_free(struct sm__reader *r);

#endif
