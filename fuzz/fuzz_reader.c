/*
 * fuzz_reader.c: libFuzzer target for the line reader.  The input goes
 * through a SOCK_SEQPACKET socket in pieces of varied sizes (each read(2)
 * returns one piece, as a pipe does with a slow writer), and the lines read
 * back must put the input together again: each line, then the '\r' the
 * reader stripped, then its '\n' unless it was the unterminated last one.
 */
#include "reader.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Few and small enough pieces to fit the socket's buffer. */
#define MAX_PIECES 64
#define MAX_INPUT (32u << 10)

static void send_pieces(int fd, const uint8_t *data, size_t size)
{
	unsigned seed = size ? data[0] : 0;
	for (int k = 0; size > 0; k++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = k == MAX_PIECES - 1 ? size : 1 + (seed >> 16) % 300;
		if (n > size)
			n = size;
		if (write(fd, data, n) != (ssize_t)n)
			abort();
		data += n;
		size -= n;
	}
}

/* Match one line read back against the input at *at. */
static void match(struct sm__str line, bool no_newline, const char *in,
		  size_t size, size_t *at)
{
	if (line.len > size - *at || memcmp(in + *at, line.ptr, line.len) != 0 ||
	    memchr(line.ptr, '\n', line.len))
		abort();
	*at += line.len;
	if (*at < size && in[*at] == '\r' && (*at + 1 == size || in[*at + 1] == '\n'))
		(*at)++;
	if (no_newline) {
		if (*at != size)
			abort();
		return;
	}
	if (*at == size || in[*at] != '\n')
		abort();
	(*at)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* All pieces are written before reading: they must fit the socket. */
	if (size > MAX_INPUT)
		return 0;
	int fds[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds) != 0)
		abort();
	send_pieces(fds[1], data, size);
	shutdown(fds[1], SHUT_WR);

	struct sm__reader r;
	sm__reader_init(&r, fds[0]);
	struct sm__str line;
	bool no_newline;
	size_t at = 0;
	uint64_t lines = 0;
	enum sm__line_status st;
	while ((st = sm__reader_line(&r, &line, &no_newline)) == SM__LINE_OK) {
		match(line, no_newline, (const char *)data, size, &at);
		if (r.lineno != ++lines || r.bytes != at)
			abort();
	}
	if (st != SM__LINE_EOF || at != size)
		abort();
	sm__reader_free(&r);
	close(fds[0]);
	close(fds[1]);
	return 0;
}
