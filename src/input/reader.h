/*
 * reader.h: turns a file descriptor into lines, reading large blocks and
 * never copying a line that fits in the buffer.  Memory stays constant for
 * any input size; only a line longer than the buffer grows it (up to
 * SM__MAX_LINE, beyond which the line is cut and reported as too long).
 * Works the same for regular files and pipes: it returns each complete line
 * as soon as it has arrived, so live input gives live verdicts.
 *
 * A regular file is not read but mapped, a window of SM__MAP_WINDOW bytes at
 * a time (unmapped as the next is mapped, or handed to a caller that keeps
 * its lines: sm__reader_keep_windows): its lines are spans of the page
 * cache, with no copy.  Where a window cannot go on (the end of the file as
 * it was when opened, a line longer than a window, a failed mmap), the
 * reader goes on reading from that place, so a file that grows is read to
 * its end as read(2) would.  A file truncated while it is read is the one
 * hazard of mapping (SIGBUS), as for any program that maps files.
 */
#ifndef SM_READER_H
#define SM_READER_H

#include "base.h"

#include <string.h>

#define SM__READ_BLOCK (1u << 20)
/* 16 MB: each window's pages cost a first touch once mapped (and, in a
 * virtual machine, a shadow page table's), and its unmapping a TLB flush
 * on the relay's other core; with 4 MB windows W1 (bench/run.sh) ran 15%
 * slower on a 2-core VM.  The cost: up to 5 windows (RELAY_WINDOWS kept
 * and the one read) of the file's pages in the resident set. */
#define SM__MAP_WINDOW (16u << 20)
#define SM__MAX_LINE (64u << 20)

/* Takes a mapped window of len bytes that the reader is done with, to
 * unmap it once no line of it is used any more. */
typedef void sm__retire_fn(void *ud, char *map, size_t len);

struct sm__reader {
	int fd;
	char *buf;
	size_t cap, start, end; /* unread bytes are buf[start..end) */
	/* Mapped: buf is the window of the file at offset map_at, of cap
	 * (== end) bytes, out of `size` when the file was opened. */
	bool mapped;
	uint64_t map_at, size;
	/* The last window, once reading took over: its lines stay valid (the
	 * last line of the input too, after SM__LINE_EOF) until the reader is
	 * freed, as they would in a read buffer. */
	char *kept;
	size_t kept_len;
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
	/* Windows kept past the reader's use (sm__reader_keep_windows): NULL,
	 * they are unmapped as it moves on. */
	sm__retire_fn *retire;
	void *retire_ud;
	bool *in_window;
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

/* A test's window size (a multiple of the page size), so that a small file
 * crosses many windows; 0: SM__MAP_WINDOW. */
extern size_t sm__map_window_test;

void sm__reader_init(struct sm__reader *r, int fd);
void sm__reader_free(struct sm__reader *r);
/*
 * For a caller that uses lines after the next is read (relay.c, on
 * another thread): each window the reader is done with, when it maps the
 * next, goes on reading from a buffer, or is freed, is handed to retire
 * instead of being unmapped.  *in_window says, from now on, whether the
 * lines handed out lie in a window (then they stay valid until retire
 * unmaps it) or in the read buffer (valid until the next line).
 */
void sm__reader_keep_windows(struct sm__reader *r, sm__retire_fn *retire, void *ud,
			     bool *in_window);

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
