/*
 * gen-events.c: writes the all-bound traces of `make bench` (bench/run.sh).
 *
 *     gen-events [-j] [-g GROUPS] w1 SIZE_MB OUT
 *     gen-events [-j] keys COUNT OUT
 *     gen-events [-j] fresh SIZE_MB OUT
 *
 * OUT "-" is standard output.  Every line is an event of bench/w1.sm
 * (`virtio_req alternatesWith virtio_done` per dev), in kernel ftrace text:
 *
 *      kworker/1:1-131    [001] d..1. 1000.000003: virtio_req: (virtqueue_add_split+0x0/0x5a0) dev=31 vq=0 id=0
 *           <idle>-0       [001] d.h1. 1000.000005: virtio_done: (vring_interrupt+0x0/0xa0) dev=31 vq=0 id=0
 *
 * or, with -j, the same events as JSON Lines:
 *
 *     {"event":"virtio_req","ts":1000.000003,"dev":31,"vq":0,"id":0}
 *
 * Modes:
 *   w1     64 devices; a random device either submits a request (when it
 *          has none in flight) or completes the one it has.  Ends when the
 *          ftrace text reaches SIZE_MB, then completes what is in flight:
 *          no violation, nothing pending.  With -j the events are the same
 *          ones (the size still counts the ftrace text), so the two files
 *          hold one workload in two formats.
 *          -g GROUPS (1 to 100) names the events virtio_req_NN and
 *          virtio_done_NN instead, NN (two digits) the request's number
 *          modulo GROUPS, so that many relations each see their own events;
 *          a request and its completion share NN.  Lines have the same
 *          length for every GROUPS.
 *   keys   COUNT distinct devices, one virtio_req each, never completed:
 *          COUNT instances stay alive to the end, all pending.
 *   fresh  a fresh device per request, never reused: 64 requests in flight,
 *          each completed 64 requests later.  Ends past SIZE_MB with
 *          everything completed: no violation, nothing pending.
 *
 * Device numbers other than w1's are scattered over 32 bits (keys) or
 * 63 bits (fresh) by an odd multiplier, a bijection: distinct, not in order.
 * Timestamps grow by 1 to 4 us a line, so every line is an instant of its
 * own.  The PRNG seed is fixed: the same arguments give the same bytes.
 * A summary (lines, events, violations and pending instances to expect)
 * goes to standard error as "gen-events: ..." lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SEED 0x5eedbe7c4e11ULL
#define OUT_CAP (1u << 20)
#define MAX_LINE 256 /* far above the longest line written */
#define W1_DEVICES 64
#define FRESH_WINDOW 64 /* requests in flight in mode fresh */
#define NCPU 4
#define MAX_GROUPS 100

/* ---- output: one buffer, written with write(2) when nearly full ---- */

static int out_fd;
static const char *out_path;
static char out_buf[OUT_CAP];
static size_t out_len;

static void out_flush(void)
{
	size_t done = 0;
	while (done < out_len) {
		ssize_t n = write(out_fd, out_buf + done, out_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "gen-events: %s: %s\n", out_path, strerror(errno));
			exit(1);
		}
		done += (size_t)n;
	}
	out_len = 0;
}

/* A line is formatted into `line` first: its ftrace length counts toward
 * the size even when JSON Lines are written. */
struct line {
	char b[MAX_LINE];
	size_t n;
};

static void put(struct line *l, const char *s, size_t n)
{
	memcpy(l->b + l->n, s, n);
	l->n += n;
}
#define PUT(l, lit) put((l), (lit), sizeof(lit) - 1)

static void put_u(struct line *l, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		l->b[l->n++] = tmp[--n];
}

/* Right-aligned in WIDTH columns, padded with PAD. */
static void put_u_width(struct line *l, uint64_t v, int width, char pad)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = n; i < width; i++)
		l->b[l->n++] = pad;
	while (n)
		l->b[l->n++] = tmp[--n];
}

/* ---- the events ---- */

struct gen {
	uint64_t rng;
	uint64_t now_us;
	bool jsonl;
	unsigned groups;    /* 0: plain names, else virtio_req_NN */
	uint64_t lines, ftrace_bytes;
	uint64_t reqs, dones;
	char prefix[NCPU][2][40]; /* "comm-pid [cpu] flags " per CPU, req and done */
};

/* splitmix64 */
static uint64_t next64(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) without a division. */
static unsigned rnd(struct gen *g, unsigned n)
{
	return (unsigned)(((next64(g) >> 32) * n) >> 32);
}

static void gen_init(struct gen *g, bool jsonl, unsigned groups)
{
	memset(g, 0, sizeof *g);
	g->rng = SEED;
	g->now_us = 1000000000ULL; /* 1000.000000 s */
	g->jsonl = jsonl;
	g->groups = groups;
	for (unsigned c = 0; c < NCPU; c++) {
		char comm[16];
		snprintf(comm, sizeof comm, "kworker/%u:1", c);
		/* "comm-pid [cpu] flags ", as trace_pipe prints it. */
		snprintf(g->prefix[c][0], sizeof g->prefix[c][0], "%16s-%-6u [%03u] d..1. ", comm,
			 129 + c, c);
		snprintf(g->prefix[c][1], sizeof g->prefix[c][1], "%16s-%-6u [%03u] d.h1. ",
			 "<idle>", 0u, c);
	}
}

/* One event: done=false virtio_req, true virtio_done.  GROUP is used when
 * g->groups is set. */
static void emit(struct gen *g, bool done, uint64_t dev, unsigned vq, unsigned id,
		 unsigned group)
{
	struct line ft, js;
	ft.n = js.n = 0;
	unsigned cpu = (unsigned)(dev % NCPU);
	g->now_us += 1 + rnd(g, 4);
	uint64_t secs = g->now_us / 1000000, usecs = g->now_us % 1000000;
	char name[24];
	size_t nlen;
	if (g->groups)
		nlen = (size_t)snprintf(name, sizeof name, "%s_%02u",
					done ? "virtio_done" : "virtio_req", group);
	else
		nlen = (size_t)snprintf(name, sizeof name, "%s",
					done ? "virtio_done" : "virtio_req");

	/* ftrace text, always: its length is the size */
	put(&ft, g->prefix[cpu][done], strlen(g->prefix[cpu][done]));
	put_u(&ft, secs);
	PUT(&ft, ".");
	put_u_width(&ft, usecs, 6, '0');
	PUT(&ft, ": ");
	put(&ft, name, nlen);
	if (done)
		PUT(&ft, ": (vring_interrupt+0x0/0xa0) dev=");
	else
		PUT(&ft, ": (virtqueue_add_split+0x0/0x5a0) dev=");
	put_u(&ft, dev);
	PUT(&ft, " vq=");
	put_u(&ft, vq);
	PUT(&ft, " id=");
	put_u(&ft, id);
	PUT(&ft, "\n");
	g->ftrace_bytes += ft.n;

	const struct line *l = &ft;
	if (g->jsonl) {
		PUT(&js, "{\"event\":\"");
		put(&js, name, nlen);
		PUT(&js, "\",\"ts\":");
		put_u(&js, secs);
		PUT(&js, ".");
		put_u_width(&js, usecs, 6, '0');
		PUT(&js, ",\"dev\":");
		put_u(&js, dev);
		PUT(&js, ",\"vq\":");
		put_u(&js, vq);
		PUT(&js, ",\"id\":");
		put_u(&js, id);
		PUT(&js, "}\n");
		l = &js;
	}
	if (out_len + l->n > OUT_CAP)
		out_flush();
	memcpy(out_buf + out_len, l->b, l->n);
	out_len += l->n;
	g->lines++;
	if (done)
		g->dones++;
	else
		g->reqs++;
}

/* ---- modes ---- */

static void mode_w1(struct gen *g, uint64_t target)
{
	struct {
		bool busy;
		unsigned vq, id, group;
	} dev[W1_DEVICES] = {{0}};
	uint64_t nreq = 0;
	while (g->ftrace_bytes < target) {
		unsigned d = rnd(g, W1_DEVICES);
		if (dev[d].busy) {
			emit(g, true, d, dev[d].vq, dev[d].id, dev[d].group);
			dev[d].busy = false;
			dev[d].id = (dev[d].id + 1) % 256;
		} else {
			dev[d].busy = true;
			dev[d].vq = rnd(g, 2);
			dev[d].group = g->groups ? (unsigned)(nreq % g->groups) : 0;
			nreq++;
			emit(g, false, d, dev[d].vq, dev[d].id, dev[d].group);
		}
	}
	for (unsigned d = 0; d < W1_DEVICES; d++)
		if (dev[d].busy)
			emit(g, true, d, dev[d].vq, dev[d].id, dev[d].group);
}

/* A bijection of 64-bit integers (an odd multiplier), truncated to 32 bits
 * for keys: distinct device numbers that are not in order. */
static uint64_t scatter(uint64_t i)
{
	return i * 0x9e3779b97f4a7c15ULL;
}

static void mode_keys(struct gen *g, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++)
		emit(g, false, scatter(i) & 0xffffffffu, 0, 0, 0);
}

/* 63 bits: a positive 64-bit integer (the bijection holds modulo 2^63). */
static uint64_t fresh_key(uint64_t i)
{
	return scatter(i) & INT64_MAX;
}

static void mode_fresh(struct gen *g, uint64_t target)
{
	uint64_t i = 0;
	while (g->ftrace_bytes < target) {
		emit(g, false, fresh_key(i), (unsigned)(i & 1), 0, 0);
		if (i >= FRESH_WINDOW)
			emit(g, true, fresh_key(i - FRESH_WINDOW), (unsigned)((i - FRESH_WINDOW) & 1), 0, 0);
		i++;
	}
	for (uint64_t k = i > FRESH_WINDOW ? i - FRESH_WINDOW : 0; k < i; k++)
		emit(g, true, fresh_key(k), (unsigned)(k & 1), 0, 0);
}

/* ---- command line ---- */

static int usage(void)
{
	fprintf(stderr, "usage: gen-events [-j] [-g GROUPS] w1 SIZE_MB OUT\n"
			"       gen-events [-j] keys COUNT OUT\n"
			"       gen-events [-j] fresh SIZE_MB OUT\n"
			"  (OUT '-' for standard output; -j JSON Lines; -g 1 to 100, w1 only)\n");
	return 2;
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (errno || end == s || *end || x == 0 || x > max || s[0] == '-')
		return false;
	*v = x;
	return true;
}

int main(int argc, char **argv)
{
	static struct gen g;
	bool jsonl = false;
	uint64_t groups = 0;
	int k = 1;
	for (; k < argc && argv[k][0] == '-' && argv[k][1]; k++) {
		if (strcmp(argv[k], "-j") == 0) {
			jsonl = true;
		} else if (strcmp(argv[k], "-g") == 0 && k + 1 < argc) {
			if (!parse_u64(argv[++k], MAX_GROUPS, &groups))
				return usage();
		} else {
			return usage();
		}
	}
	if (argc - k != 3)
		return usage();
	const char *mode = argv[k], *path = argv[k + 2];
	uint64_t n;
	bool keys = strcmp(mode, "keys") == 0;
	if ((!keys && strcmp(mode, "w1") && strcmp(mode, "fresh")) ||
	    (groups && strcmp(mode, "w1")))
		return usage();
	if (!parse_u64(argv[k + 1], keys ? UINT64_C(1) << 32 : UINT64_C(1) << 22, &n)) {
		fprintf(stderr, "gen-events: %s must be a positive integer (at most %s), not '%s'\n",
			keys ? "COUNT" : "SIZE_MB", keys ? "2^32" : "4194304", argv[k + 1]);
		return 2;
	}
	out_path = path;
	out_fd = strcmp(path, "-") == 0 ? 1 : open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out_fd < 0) {
		fprintf(stderr, "gen-events: %s: %s\n", path, strerror(errno));
		return 1;
	}
	gen_init(&g, jsonl, (unsigned)groups);
	uint64_t pending = 0;
	if (keys) {
		mode_keys(&g, n);
		pending = n;
	} else if (strcmp(mode, "w1") == 0) {
		mode_w1(&g, n << 20);
	} else {
		mode_fresh(&g, n << 20);
	}
	out_flush();
	if (out_fd != 1 && close(out_fd) != 0) {
		fprintf(stderr, "gen-events: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(stderr, "gen-events: %s: %" PRIu64 " lines, %" PRIu64 " events (%" PRIu64
		" virtio_req, %" PRIu64 " virtio_done), %" PRIu64 " ftrace bytes\n",
		path, g.lines, g.lines, g.reqs, g.dones, g.ftrace_bytes);
	fprintf(stderr, "gen-events: expect 0 violations, %" PRIu64 " pending\n", pending);
	return 0;
}
