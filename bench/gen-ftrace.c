/*
 * gen-ftrace.c: writes the synthetic ftrace text that `make bench` checks.
 *
 *     gen-ftrace SIZE_MB OUT        (OUT "-" is standard output)
 *
 * The lines have the shape of real trace_pipe output from kprobes on the
 * virtio transport and ring (see traces/lab/boot-cloud/live_pipe.txt).
 * 8 to 16 virtio devices go through the VirtIO initialisation sequence
 * (reset, ACKNOWLEDGE, DRIVER, FEATURES_OK, status re-read, DRIVER_OK), then
 * do virtqueue I/O; now and then one is unbound (reset) and probed again,
 * and now and then a re-probe fails (FAILED) and is retried.  Scheduler,
 * interrupt, timer, workqueue and block lines are mixed in, so most lines
 * are events that bench/virtio.sm ignores, as in a real trace.
 *
 * The driver is correct except for INJECTED notifies sent before
 * DRIVER_OK, spread evenly through the file: each is exactly one violation
 * of device_init.  Their count and line numbers go to standard error.
 * The PRNG seed is fixed, so a given SIZE_MB always gives the same bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INJECTED 10
#define SEED 0x5eedf7ace0ddULL
#define OUT_CAP (1u << 20)
#define MAX_LINE_BYTES 1024 /* far above the longest line written */
#define MAX_DEV 16
#define REPROBE_EVERY 2500  /* a live device is unbound once per this many I/O steps */
#define FAIL_EVERY 8        /* one re-probe in this many fails feature negotiation */

/* ---- output: one big buffer, written with write(2) when nearly full ---- */

struct out {
	int fd;
	const char *path;
	char *buf;
	size_t len;
	uint64_t flushed;
	uint64_t lines;
};

static void out_flush(struct out *o)
{
	size_t done = 0;
	while (done < o->len) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "gen-ftrace: %s: %s\n", o->path, strerror(errno));
			exit(1);
		}
		done += (size_t)n;
	}
	o->flushed += o->len;
	o->len = 0;
}

static uint64_t out_bytes(const struct out *o)
{
	return o->flushed + o->len;
}

static void put(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* String literals are copied with their known length: no strlen per field. */
#define PUT(o, lit) put((o), (lit), sizeof(lit) - 1)

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_char(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

static void put_u(struct out *o, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_char(o, tmp[--n]);
}

/* Right-aligned in WIDTH columns, padded with PAD (' ' or '0'). */
static void put_u_width(struct out *o, uint64_t v, int width, char pad)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (int i = n; i < width; i++)
		put_char(o, pad);
	while (n)
		put_char(o, tmp[--n]);
}

/* "0x" and lower-case hex without leading zeros, as kprobe x8/x64 print. */
static void put_x(struct out *o, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	PUT(o, "0x");
	while (n)
		put_char(o, tmp[--n]);
}

/* Sixteen hex digits, as %p-style hashed pointers print. */
static void put_x16(struct out *o, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	for (int sh = 60; sh >= 0; sh -= 4)
		put_char(o, hex[(v >> sh) & 15]);
}

/* ---- model ---- */

/* A task as trace_pipe shows it; the "comm-pid [cpu] " prefix never
 * changes, so it is formatted once. */
struct task {
	char comm[16];
	unsigned pid, cpu;
	char prefix[48];
	size_t len;
};

struct devtype {
	unsigned devid;
	const char *probe_ret;  /* who re-reads the status just before DRIVER_OK */
	const char *done;       /* interrupt callback that calls virtqueue_get_buf */
	const char *add;        /* the virtqueue_add_* kprobe its I/O goes through */
	bool sgs;               /* blk-style: add_sgs, kick_prepare, vq_notify */
	const char *io_comm;
	unsigned qsize, nvq;
	const char *vq[4];
};

static const struct devtype types[] = {
	{5, "virtballoon_probe+0x2c6/0x460 [virtio_balloon]",
	 "balloon_ack+0x1c/0x40 [virtio_balloon]",
	 "vq_add_outbuf: (virtqueue_add_outbuf+0x0/0x60 [virtio_ring])", false,
	 "kworker/0:1", 128, 3, {"inflate", "deflate", "stats"}},
	{4, "probe_common+0x157/0x250 [virtio_rng]",
	 "random_recv_done+0x3c/0x80 [virtio_rng]",
	 "vq_add_inbuf: (virtqueue_add_inbuf+0x0/0x58 [virtio_ring])", false,
	 "hwrng", 8, 1, {"input"}},
	{1, "virtnet_probe+0x8f7/0xca0 [virtio_net]",
	 "free_old_xmit_skbs+0x5e/0xd0 [virtio_net]",
	 "vq_add_inbuf_ctx: (virtqueue_add_inbuf_ctx+0x0/0x60 [virtio_ring])", false,
	 "ksoftirqd/1", 256, 3, {"input.0", "output.0", "control"}},
	{2, "virtblk_probe+0x5bb/0xa70 [virtio_blk]",
	 "virtblk_done+0x87/0x100 [virtio_blk]",
	 "vq_add_sgs: (virtqueue_add_sgs+0x0/0xd0 [virtio_ring])", true,
	 "kworker/1:1H", 256, 1, {"req.0"}},
	{3, "virtcons_probe+0x140/0x330 [virtio_console]",
	 "port_has_data+0x7b/0xc0 [virtio_console]",
	 "vq_add_inbuf: (virtqueue_add_inbuf+0x0/0x58 [virtio_ring])", false,
	 "khvcd", 128, 4, {"input", "output", "control-i", "control-o"}},
	{8, "virtscsi_probe+0x2a4/0x3c0 [virtio_scsi]",
	 "virtscsi_req_done+0x4b/0x90 [virtio_scsi]",
	 "vq_add_sgs: (virtqueue_add_sgs+0x0/0xd0 [virtio_ring])", true,
	 "kworker/0:1H", 128, 3, {"control", "event", "request.0"}},
};
#define NTYPES (sizeof types / sizeof types[0])

/* Where each device is in its life; each step emits one phase's lines. */
enum phase {
	PH_RESET,    /* virtio_pci loading: status 0 */
	PH_REGISTER, /* register_virtio_device: ACKNOWLEDGE */
	PH_REMOVE,   /* driver unbound: dev_remove, reset, status 0 */
	PH_READD,    /* virtio_dev_remove's closing ACKNOWLEDGE */
	PH_PROBE,    /* virtio_dev_probe: DRIVER */
	PH_FEATURES, /* feature negotiation: FEATURES_OK (or FAILED) */
	PH_CHECK,    /* virtio_features_ok re-reads the status */
	PH_READY,    /* the driver's probe: DRIVER_OK */
	PH_PROBED,   /* virtio_dev_probe returns */
	PH_LIVE,     /* virtqueue I/O */
};

struct device {
	unsigned idx, irq, probes;
	const struct devtype *type;
	enum phase phase;
	bool inject; /* the next PH_READY notifies before DRIVER_OK */
	struct task ctl; /* insmod/rmmod task driving the current (re)initialisation */
	struct task io;
	uint64_t token_base;
};

/* Tasks that appear in the scheduler and interrupt noise. */
static const struct {
	const char *comm;
	unsigned pid, cpu, prio;
} noise_tasks[] = {
	{"<idle>", 0, 0, 120},          {"<idle>", 0, 1, 120},
	{"<idle>", 0, 2, 120},          {"<idle>", 0, 3, 120},
	{"kworker/0:2", 45, 0, 120},    {"ksoftirqd/2", 27, 2, 120},
	{"rcu_preempt", 14, 1, 120},    {"systemd-journal", 178, 3, 120},
	{"sshd", 412, 1, 120},          {"bash", 530, 0, 120},
	{"fio", 611, 2, 120},           {"kworker/u8:1", 52, 3, 120},
	{"migration/1", 20, 1, 0},      {"jbd2/vda1-8", 311, 2, 120},
	{"systemd", 1, 0, 120},         {"cc1", 7201, 3, 120},
};
#define NNOISE (sizeof noise_tasks / sizeof noise_tasks[0])

struct gen {
	uint64_t rng;
	uint64_t now_us;
	struct out out;
	struct device dev[MAX_DEV];
	unsigned ndev, next_pid;
	struct task noise[NNOISE];
	uint64_t target;
	unsigned scheduled, injected;
	uint64_t inject_line[INJECTED];
	uint64_t spec_lines; /* set_status, get_status, notify: what the spec reads */
	uint64_t reprobes, failures;
};

/* splitmix64: tiny, fast, and good enough to shuffle a trace. */
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

static void task_set(struct task *t, const char *comm, unsigned pid, unsigned cpu)
{
	snprintf(t->comm, sizeof t->comm, "%s", comm);
	t->pid = pid;
	t->cpu = cpu;
	/* The kernel's "%16s-%-7d [%03d] " (print_trace_fmt). */
	snprintf(t->prefix, sizeof t->prefix, "%16s-%-7u [%03u] ", t->comm, pid, cpu);
	t->len = strlen(t->prefix);
}

static void task_new(struct gen *g, struct task *t, const char *comm)
{
	task_set(t, comm, g->next_pid++, rnd(g, 4));
}

/* ---- lines ---- */

/* "comm-pid [cpu] flags  secs.usecs: " then TEXT (event name and the
 * probe's "(symbol)" part); the caller appends fields and calls line_end. */
static void line_start(struct gen *g, const struct task *t, const char *flags,
		       const char *text, size_t text_len)
{
	struct out *o = &g->out;
	if (o->len > OUT_CAP - MAX_LINE_BYTES)
		out_flush(o);
	g->now_us += 1 + rnd(g, 24);
	put(o, t->prefix, t->len);
	put(o, flags, 5);
	put_char(o, ' ');
	put_u_width(o, g->now_us / 1000000, 5, ' ');
	put_char(o, '.');
	put_u_width(o, g->now_us % 1000000, 6, '0');
	PUT(o, ": ");
	put(o, text, text_len);
}
#define START(g, t, flags, lit) line_start((g), (t), (flags), (lit), sizeof(lit) - 1)

static void line_end(struct gen *g)
{
	put_char(&g->out, '\n');
	g->out.lines++;
}

static const char *task_flags(struct gen *g)
{
	static const char *const f[] = {".....", ".N...", "d..1.", "...1."};
	return f[rnd(g, 4)];
}

static void put_dev(struct gen *g, const struct device *d)
{
	PUT(&g->out, " dev=");
	put_u(&g->out, d->idx);
	PUT(&g->out, " devid=");
	put_u(&g->out, d->type->devid);
}

static void put_vq(struct gen *g, const struct device *d, unsigned vq, bool name)
{
	PUT(&g->out, " dev=");
	put_u(&g->out, d->idx);
	PUT(&g->out, " vq=");
	put_u(&g->out, vq);
	if (name) {
		PUT(&g->out, " vqname=\"");
		put_str(&g->out, d->type->vq[vq]);
		put_char(&g->out, '"');
	}
}

/* ---- virtio transport events ---- */

static void ev_set_status(struct gen *g, struct device *d, unsigned status)
{
	START(g, &d->ctl, task_flags(g),
	      "set_status: (vp_modern_set_status+0x0/0x20 [virtio_pci_modern_dev])");
	put_dev(g, d);
	PUT(&g->out, " status=");
	put_x(&g->out, status);
	line_end(g);
	g->spec_lines++;
}

/* get_status and its return probe; CALLER is who read it. */
static void ev_get_status(struct gen *g, struct device *d, const struct task *t,
			  const char *caller, unsigned status)
{
	START(g, t, task_flags(g),
	      "get_status: (vp_modern_get_status+0x0/0x20 [virtio_pci_modern_dev])");
	put_dev(g, d);
	line_end(g);
	g->spec_lines++;
	START(g, t, task_flags(g), "get_status_ret: (");
	put_str(&g->out, caller);
	PUT(&g->out, " <- vp_modern_get_status) status=");
	put_x(&g->out, status);
	line_end(g);
}

static void ev_dev_line(struct gen *g, struct device *d, const char *text)
{
	line_start(g, &d->ctl, task_flags(g), text, strlen(text));
	put_dev(g, d);
	line_end(g);
}

static void ev_ret(struct gen *g, struct device *d, const char *text, const char *field,
		   uint64_t v, bool hex)
{
	line_start(g, &d->ctl, task_flags(g), text, strlen(text));
	put_str(&g->out, field);
	if (hex)
		put_x(&g->out, v);
	else
		put_u(&g->out, v);
	line_end(g);
}

/* ---- virtqueue events ---- */

static void ev_notify(struct gen *g, struct device *d, const struct task *t,
		      const char *flags, unsigned vq)
{
	START(g, t, flags, "notify: (vp_notify+0x0/0x20 [virtio_pci])");
	put_vq(g, d, vq, true);
	line_end(g);
	g->spec_lines++;
}

static void ev_add(struct gen *g, struct device *d, const struct task *t,
		   const char *flags, unsigned vq, uint64_t token)
{
	struct out *o = &g->out;
	line_start(g, t, flags, d->type->add, strlen(d->type->add));
	put_vq(g, d, vq, true);
	if (d->type->sgs) {
		PUT(o, " out_sgs=1 in_sgs=");
		put_u(o, 1 + rnd(g, 2));
	} else {
		PUT(o, " num=1");
	}
	PUT(o, " token=");
	put_x(o, token);
	PUT(o, " num_free=");
	put_u(o, d->type->qsize - rnd(g, d->type->qsize));
	line_end(g);
}

/* Adds a buffer and kicks; returns whether the device was notified. */
static bool io_submit(struct gen *g, struct device *d, const struct task *t,
		      const char *flags, unsigned vq, uint64_t token, bool must_kick)
{
	bool kick = must_kick || rnd(g, 4) != 0;
	ev_add(g, d, t, flags, vq, token);
	if (d->type->sgs) {
		START(g, t, flags, "vq_add_ret: (virtblk_add_req+0xed/0x150 [virtio_blk] <- virtqueue_add_sgs) ret=0");
		line_end(g);
	} else {
		START(g, t, flags, "kick: (virtqueue_kick+0x0/0x50 [virtio_ring])");
		put_vq(g, d, vq, false);
		line_end(g);
	}
	START(g, t, flags, "kick_prepare: (virtqueue_kick_prepare+0x0/0xd0 [virtio_ring])");
	put_vq(g, d, vq, false);
	line_end(g);
	START(g, t, flags, "kick_prepare_ret: (virtqueue_kick+0xe/0x50 [virtio_ring] <- virtqueue_kick_prepare) needs_kick=");
	put_u(&g->out, kick);
	line_end(g);
	if (kick && d->type->sgs) {
		START(g, t, flags, "vq_notify: (virtqueue_notify+0x0/0x40 [virtio_ring])");
		put_vq(g, d, vq, false);
		line_end(g);
	}
	if (kick)
		ev_notify(g, d, t, flags, vq);
	return kick;
}

/* The device used the buffer: interrupt, get_buf until empty. */
static void io_complete(struct gen *g, struct device *d, const struct task *t,
			unsigned vq, uint64_t token)
{
	const char *flags = rnd(g, 2) ? "dNh.." : "d.h1.";
	START(g, t, flags, "vring_interrupt: (vring_interrupt+0x0/0xd0 [virtio_ring]) irq=");
	put_u(&g->out, d->irq);
	put_vq(g, d, vq, true);
	line_end(g);
	for (int i = 0; i < 2; i++) {
		START(g, t, flags, "get_buf: (virtqueue_get_buf+0x0/0x20 [virtio_ring])");
		put_vq(g, d, vq, false);
		line_end(g);
		START(g, t, flags, "get_buf_ret: (");
		put_str(&g->out, d->type->done);
		PUT(&g->out, " <- virtqueue_get_buf) token=");
		put_x(&g->out, i == 0 ? token : 0);
		line_end(g);
	}
	START(g, t, flags, "vring_interrupt_ret: (__handle_irq_event_percpu+0x46/0x190 <- vring_interrupt) handled=1");
	line_end(g);
}

/* ---- device phases ---- */

static void ph_reset(struct gen *g, struct device *d)
{
	task_new(g, &d->ctl, "insmod");
	ev_set_status(g, d, 0);
	ev_get_status(g, d, &d->ctl, "vp_reset+0x2f/0x40 [virtio_pci]", 0);
	d->phase = PH_REGISTER;
}

static void ph_register(struct gen *g, struct device *d)
{
	ev_get_status(g, d, &d->ctl, "register_virtio_device+0xb8/0x120 [virtio]", 0);
	ev_set_status(g, d, 0x1);
	d->phase = PH_PROBE;
}

static void ph_remove(struct gen *g, struct device *d)
{
	task_new(g, &d->ctl, "rmmod");
	ev_dev_line(g, d, "dev_remove: (virtio_dev_remove+0x0/0x90 [virtio])");
	ev_dev_line(g, d, "reset: (virtio_reset_device+0x0/0x20 [virtio])");
	ev_set_status(g, d, 0);
	ev_get_status(g, d, &d->ctl, "vp_reset+0x2f/0x40 [virtio_pci]", 0);
	d->phase = PH_READD;
}

static void ph_readd(struct gen *g, struct device *d)
{
	ev_get_status(g, d, &d->ctl, "virtio_dev_remove+0x50/0x90 [virtio]", 0);
	ev_get_status(g, d, &d->ctl, "virtio_dev_remove+0x70/0x90 [virtio]", 0);
	ev_set_status(g, d, 0x1);
	d->phase = PH_PROBE;
}

static void ph_probe(struct gen *g, struct device *d)
{
	task_new(g, &d->ctl, d->probes ? "modprobe" : "insmod");
	d->probes++;
	ev_dev_line(g, d, "dev_probe: (virtio_dev_probe+0x0/0x25f [virtio])");
	ev_get_status(g, d, &d->ctl, "virtio_dev_probe+0x34/0x25f [virtio]", 0x1);
	ev_set_status(g, d, 0x3);
	d->phase = PH_FEATURES;
}

static void ph_features(struct gen *g, struct device *d)
{
	uint64_t features = 0x100000000ULL | ((uint64_t)d->type->devid << 20) | 0x30000000;
	bool fail = d->probes > 1 && rnd(g, FAIL_EVERY) == 0;
	ev_dev_line(g, d, "get_dev_features: (vp_modern_get_features+0x0/0x50 [virtio_pci_modern_dev])");
	ev_ret(g, d, "get_dev_features_ret: (virtio_dev_probe+0x56/0x25f [virtio] <- vp_modern_get_features)",
	       " features=", features, true);
	ev_dev_line(g, d, "set_drv_features: (vp_modern_set_features+0x0/0x50 [virtio_pci_modern_dev])");
	START(g, &d->ctl, ".N...", "features_ok: (virtio_features_ok+0x0/0xa0 [virtio])");
	PUT(&g->out, " dev=");
	put_u(&g->out, d->idx);
	line_end(g);
	ev_get_status(g, d, &d->ctl, "virtio_features_ok+0x5b/0xa0 [virtio]", 0x3);
	if (fail) {
		/* The probe gives up: virtio_add_status(FAILED); a later reset retries. */
		g->failures++;
		ev_set_status(g, d, 0x83);
		ev_ret(g, d, "dev_probe_ret: (really_probe+0xcc/0x390 <- virtio_dev_probe)", " ret=", 5, false);
		d->phase = PH_RESET;
		return;
	}
	ev_set_status(g, d, 0xb);
	d->phase = PH_CHECK;
}

static void ph_check(struct gen *g, struct device *d)
{
	ev_get_status(g, d, &d->ctl, "virtio_features_ok+0x7c/0xa0 [virtio]", 0xb);
	ev_ret(g, d, "features_ok_ret: (virtio_dev_probe+0x198/0x25f [virtio] <- virtio_features_ok)",
	       " ret=", 0, false);
	d->phase = PH_READY;
}

/* The deliberate bug: a queue kicked before DRIVER_OK, as the balloon
 * driver does with its stats queue in traces/lab/boot-cloud. */
static void inject_early_notify(struct gen *g, struct device *d)
{
	unsigned vq = d->type->nvq - 1;
	io_submit(g, d, &d->ctl, ".N...", vq, d->token_base, true);
	g->inject_line[g->injected++] = g->out.lines;
	d->inject = false;
}

static void ph_ready(struct gen *g, struct device *d)
{
	if (d->inject)
		inject_early_notify(g, d);
	ev_get_status(g, d, &d->ctl, d->type->probe_ret, 0xb);
	ev_set_status(g, d, 0xf);
	d->phase = PH_PROBED;
}

static void ph_probed(struct gen *g, struct device *d)
{
	ev_get_status(g, d, &d->ctl, "virtio_dev_probe+0x1c9/0x25f [virtio]", 0xf);
	ev_ret(g, d, "dev_probe_ret: (really_probe+0xcc/0x390 <- virtio_dev_probe)", " ret=", 0, false);
	d->phase = PH_LIVE;
}

static void ph_live(struct gen *g, struct device *d)
{
	unsigned vq = rnd(g, d->type->nvq);
	uint64_t token = d->token_base + ((uint64_t)rnd(g, 1u << 16) << 6);
	const char *flags = task_flags(g);
	if (rnd(g, REPROBE_EVERY) == 0) {
		g->reprobes++;
		d->phase = PH_REMOVE;
		return;
	}
	if (rnd(g, 64) == 0) {
		/* Someone reads /sys/bus/virtio/devices/virtioN/status. */
		struct task cat;
		task_new(g, &cat, "cat");
		ev_get_status(g, d, &cat, "status_show+0x20/0x40 [virtio]", 0xf);
		return;
	}
	if (io_submit(g, d, &d->io, flags, vq, token, false))
		io_complete(g, d, &d->io, vq, token);
}

static void step_device(struct gen *g, struct device *d)
{
	switch (d->phase) {
	case PH_RESET: ph_reset(g, d); break;
	case PH_REGISTER: ph_register(g, d); break;
	case PH_REMOVE: ph_remove(g, d); break;
	case PH_READD: ph_readd(g, d); break;
	case PH_PROBE: ph_probe(g, d); break;
	case PH_FEATURES: ph_features(g, d); break;
	case PH_CHECK: ph_check(g, d); break;
	case PH_READY: ph_ready(g, d); break;
	case PH_PROBED: ph_probed(g, d); break;
	case PH_LIVE: ph_live(g, d); break;
	}
}

/* ---- noise: lines no virtio spec mentions ---- */

static void noise_sched(struct gen *g)
{
	struct out *o = &g->out;
	unsigned a = rnd(g, NNOISE), b = (a + 1 + rnd(g, NNOISE - 1)) % NNOISE;
	static const char *const states[] = {"R", "S", "D", "I", "R+"};
	START(g, &g->noise[a], "d..2.", "sched_switch: prev_comm=");
	put_str(o, noise_tasks[a].comm);
	PUT(o, " prev_pid=");
	put_u(o, noise_tasks[a].pid);
	PUT(o, " prev_prio=");
	put_u(o, noise_tasks[a].prio);
	PUT(o, " prev_state=");
	put_str(o, states[rnd(g, 5)]);
	PUT(o, " ==> next_comm=");
	put_str(o, noise_tasks[b].comm);
	PUT(o, " next_pid=");
	put_u(o, noise_tasks[b].pid);
	PUT(o, " next_prio=");
	put_u(o, noise_tasks[b].prio);
	line_end(g);
}

static void noise_wakeup(struct gen *g)
{
	struct out *o = &g->out;
	unsigned a = rnd(g, NNOISE), b = 4 + rnd(g, NNOISE - 4); /* idle never wakes */
	START(g, &g->noise[a], "dNh4.", "sched_wakeup: comm=");
	put_str(o, noise_tasks[b].comm);
	PUT(o, " pid=");
	put_u(o, noise_tasks[b].pid);
	PUT(o, " prio=");
	put_u(o, noise_tasks[b].prio);
	PUT(o, " target_cpu=");
	put_u_width(o, noise_tasks[b].cpu, 3, '0');
	line_end(g);
}

static void noise_irq(struct gen *g)
{
	static const struct { unsigned irq; const char *name; } irqs[] = {
		{4, "ttyS0"}, {1, "i8042"}, {12, "i8042"}, {9, "acpi"},
	};
	unsigned a = rnd(g, NNOISE), i = rnd(g, 4);
	START(g, &g->noise[a], "d.h..", "irq_handler_entry: irq=");
	put_u(&g->out, irqs[i].irq);
	PUT(&g->out, " name=");
	put_str(&g->out, irqs[i].name);
	line_end(g);
	START(g, &g->noise[a], "d.h..", "irq_handler_exit: irq=");
	put_u(&g->out, irqs[i].irq);
	PUT(&g->out, " ret=handled");
	line_end(g);
}

static void noise_softirq(struct gen *g)
{
	static const struct { unsigned vec; const char *name; } v[] = {
		{1, "TIMER"}, {3, "NET_RX"}, {7, "SCHED"}, {9, "RCU"}, {4, "BLOCK"},
	};
	unsigned a = rnd(g, NNOISE), i = rnd(g, 5);
	static const char *const ev[] = {"softirq_raise: vec=", "softirq_entry: vec=",
					 "softirq_exit: vec="};
	for (int k = 0; k < 3; k++) {
		line_start(g, &g->noise[a], k ? "..s1." : "d.h1.", ev[k], strlen(ev[k]));
		put_u(&g->out, v[i].vec);
		PUT(&g->out, " [action=");
		put_str(&g->out, v[i].name);
		put_char(&g->out, ']');
		line_end(g);
	}
}

static void noise_timer(struct gen *g)
{
	struct out *o = &g->out;
	unsigned a = rnd(g, 4); /* an idle CPU's tick */
	uint64_t timer = 0xffff9a3c7fc1e0c0ULL + ((uint64_t)noise_tasks[a].cpu << 18);
	START(g, &g->noise[a], "d.h1.", "hrtimer_expire_entry: hrtimer=");
	put_x16(o, timer);
	PUT(o, " function=tick_nohz_highres_handler now=");
	put_u(o, g->now_us * 1000 + rnd(g, 1000));
	line_end(g);
	START(g, &g->noise[a], "d.h1.", "hrtimer_expire_exit: hrtimer=");
	put_x16(o, timer);
	line_end(g);
}

static void noise_work(struct gen *g)
{
	static const char *const fn[] = {"vmstat_update", "flush_to_ldisc",
					 "blk_mq_run_work_fn", "psi_avgs_work"};
	struct out *o = &g->out;
	unsigned i = rnd(g, 4);
	uint64_t work = 0x00000000b9e3f2a1ULL + i * 0x1d40;
	START(g, &g->noise[4], "....1", "workqueue_execute_start: work struct ");
	put_x16(o, work);
	PUT(o, ": function ");
	put_str(o, fn[i]);
	line_end(g);
	START(g, &g->noise[4], "....1", "workqueue_execute_end: work struct ");
	put_x16(o, work);
	PUT(o, ": function ");
	put_str(o, fn[i]);
	line_end(g);
}

/* Block layer lines have no key=value fields at all: "254,0 W 4096 () ...". */
static void noise_block(struct gen *g)
{
	struct out *o = &g->out;
	uint64_t sector = 2048 + ((uint64_t)rnd(g, 1u << 24) << 3);
	unsigned len = 8u << rnd(g, 5);
	bool w = rnd(g, 2);
	START(g, &g->noise[10], "d..1.", "block_rq_issue: 254,0 ");
	put_str(o, w ? "W " : "R ");
	put_u(o, len * 512);
	PUT(o, " () ");
	put_u(o, sector);
	PUT(o, " + ");
	put_u(o, len);
	PUT(o, " [fio]");
	line_end(g);
	START(g, &g->noise[10], "d.h1.", "block_rq_complete: 254,0 ");
	put_str(o, w ? "W " : "R ");
	PUT(o, "() ");
	put_u(o, sector);
	PUT(o, " + ");
	put_u(o, len);
	PUT(o, " [0]");
	line_end(g);
}

static void step_noise(struct gen *g)
{
	unsigned r = rnd(g, 16);
	if (r < 6)
		noise_sched(g);
	else if (r < 9)
		noise_wakeup(g);
	else if (r < 11)
		noise_timer(g);
	else if (r < 12)
		noise_irq(g);
	else if (r < 13)
		noise_softirq(g);
	else if (r < 14)
		noise_work(g);
	else
		noise_block(g);
}

/* ---- injection schedule and main loop ---- */

/* Marks one device to notify early in its next PH_READY, unbinding it first
 * if it is live.  Returns false if every device already carries a mark. */
static bool schedule_injection(struct gen *g)
{
	unsigned start = rnd(g, g->ndev);
	for (unsigned k = 0; k < g->ndev; k++) {
		struct device *d = &g->dev[(start + k) % g->ndev];
		if (d->inject)
			continue;
		d->inject = true;
		if (d->phase == PH_LIVE) {
			g->reprobes++;
			d->phase = PH_REMOVE;
		}
		g->scheduled++;
		return true;
	}
	return false;
}

static void gen_init(struct gen *g, uint64_t target, int fd, const char *path)
{
	memset(g, 0, sizeof *g);
	g->rng = SEED;
	g->now_us = 3906891; /* where the real boot trace starts */
	g->target = target;
	g->next_pid = 107;
	g->out.fd = fd;
	g->out.path = path;
	g->out.buf = malloc(OUT_CAP);
	if (!g->out.buf) {
		fprintf(stderr, "gen-ftrace: out of memory\n");
		exit(1);
	}
	for (unsigned i = 0; i < NNOISE; i++)
		task_set(&g->noise[i], noise_tasks[i].comm, noise_tasks[i].pid, noise_tasks[i].cpu);
	g->ndev = 8 + rnd(g, MAX_DEV - 8 + 1);
	for (unsigned i = 0; i < g->ndev; i++) {
		struct device *d = &g->dev[i];
		d->idx = i;
		d->irq = 24 + 2 * i;
		/* The first devices mirror the real boot; the rest are random. */
		d->type = &types[i < NTYPES ? i : rnd(g, NTYPES)];
		d->phase = PH_RESET;
		d->token_base = 0xff2b3e2b40000000ULL + ((uint64_t)i << 24);
		task_new(g, &d->io, d->type->io_comm);
	}
}

static void generate(struct gen *g)
{
	while (out_bytes(&g->out) < g->target) {
		/* Injection k is due once k/(INJECTED+1) of the file is written. */
		if (g->scheduled < INJECTED &&
		    out_bytes(&g->out) >= g->target / (INJECTED + 1) * (g->scheduled + 1))
			schedule_injection(g);
		if (rnd(g, 100) < 55)
			step_noise(g);
		else
			step_device(g, &g->dev[rnd(g, g->ndev)]);
	}
	/* Past the size: finish every pending injection and leave every device
	 * live, so no instance ends pending. */
	while (g->scheduled < INJECTED || g->injected < g->scheduled) {
		if (g->scheduled < INJECTED)
			schedule_injection(g);
		for (unsigned i = 0; i < g->ndev; i++)
			if (g->dev[i].phase != PH_LIVE)
				step_device(g, &g->dev[i]);
	}
	for (unsigned i = 0; i < g->ndev; i++)
		while (g->dev[i].phase != PH_LIVE)
			step_device(g, &g->dev[i]);
	out_flush(&g->out);
}

static void report(const struct gen *g)
{
	const struct out *o = &g->out;
	fprintf(stderr, "gen-ftrace: %s: %llu bytes, %llu lines, %u devices, "
		"%llu re-probes (%llu failed), %.1f%% lines are set_status/get_status/notify\n",
		o->path, (unsigned long long)o->flushed, (unsigned long long)o->lines, g->ndev,
		(unsigned long long)g->reprobes, (unsigned long long)g->failures,
		o->lines ? 100.0 * (double)g->spec_lines / (double)o->lines : 0.0);
	fprintf(stderr, "gen-ftrace: injected %u violations (notify before DRIVER_OK) at lines",
		g->injected);
	for (unsigned i = 0; i < g->injected; i++)
		fprintf(stderr, " %llu", (unsigned long long)g->inject_line[i]);
	fputc('\n', stderr);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long mb = strtoull(s, &end, 10);
	if (errno || end == s || *end || mb == 0 || mb > (1ULL << 20)) {
		fprintf(stderr, "gen-ftrace: SIZE_MB must be an integer from 1 to %llu, not '%s'\n",
			1ULL << 20, s);
		exit(2);
	}
	return (uint64_t)mb << 20;
}

int main(int argc, char **argv)
{
	static struct gen g;
	if (argc != 3) {
		fprintf(stderr, "usage: gen-ftrace SIZE_MB OUT   (OUT '-' for standard output)\n");
		return 2;
	}
	uint64_t target = parse_size(argv[1]);
	int fd = strcmp(argv[2], "-") == 0 ? 1 : open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "gen-ftrace: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	gen_init(&g, target, fd, argv[2]);
	generate(&g);
	if (fd != 1 && close(fd) != 0) {
		fprintf(stderr, "gen-ftrace: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	report(&g);
	free(g.out.buf);
	return 0;
}
