/*
 * main.c: a split virtqueue (vq.c) driven by a driver and a device, checked
 * in-process by the rule library's `virtio/notifications` through SM_EMIT.
 *
 *     virtqueue [--single] [--seed N] [--queues N] [--size N] [--no-event-idx]
 *
 * Each queue starts a little before its indexes wrap at 65536, as a queue
 * that has already done that many uses; the driver submits buffers until
 * the indexes have crossed the wrap and gone 2 queue sizes past it, taking
 * them back as the device uses them.  The two sides take random steps
 * (seeded): the driver adds buffers, decides whether to kick and kicks,
 * takes used buffers back, and turns interrupts off and on; the device
 * pops, completes, decides whether to interrupt and interrupts, and turns
 * kicks off and on.  Each side waits for the other's notification only when
 * it has nothing left to do, as a real one sleeps.
 *
 * By default each side runs on its own thread (the interleaving is the
 * scheduler's); --single runs both on one thread, a seeded choice picking
 * which side steps next, so that a run is the same every time.
 *
 * Exit status: 0 when the monitor saw no violation, 1 when it reported one
 * (the print reactor writes each to standard output; the run stops at the
 * first of a MUST rule), 2 on a usage error or when the queue itself went
 * wrong (a corrupt ring, both sides waiting forever, no end in sight).
 *
 * Why the bug build (-DVQ_BUG_NEEDS_NOTIFICATION, vq.c) is caught: it
 * skips a mandatory interrupt when a decision's batch [old, new) holds the
 * driver's used_event while used_event + 1 <= old in u16: used_event is
 * 65535, or lies past 0 in a batch that crossed 0 (the driver moved it
 * there while taking buffers back, or turned interrupts off, which writes
 * used_event = 0 as Linux does).  Each queue crosses 0 once, in batches of
 * random sizes, with the driver turning interrupts off and on at random, so
 * each queue has a fair chance of such a decision.  With --single the run
 * is fixed by the seed: seed 1 is caught on queue 0, as are most seeds
 * (tests/golden/examples/virtqueue.t works two out by hand).  With threads,
 * over 2000 runs (two at a time) the bug was caught in every one, by the
 * 44th queue at worst; the default bound is 256 queues.  The bug also
 * interrupts where the driver did not ask (a SHOULD NOT rule reports it);
 * the run goes on after those reports and stops at the first MUST rule
 * broken.  The correct build never reports: it decides with the spec's
 * formula on the values it then emits, and each thread emits its decisions
 * and notifications in program order, so no interleaving can make it
 * report (tests/golden/examples/virtqueue.t runs it threaded).
 */
#include "vq.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct config {
	bool single, event_idx;
	uint64_t seed;
	unsigned queues, size;
};

/* One queue's run: the queue, each side's random numbers, the bells. */
struct run {
	struct vq q;
	const struct config *cfg;
	unsigned target, submitted; /* buffers the driver is to submit, and did */
	unsigned long ops, max_ops;
	uint64_t drv_rng, dev_rng, pick_rng;
	/* Bells: semaphores with threads; counters with --single. */
	sem_t kick_sem, irq_sem;
	unsigned kicks, irqs;
	atomic_bool driver_done;
};

enum step { STEP_DID, STEP_WAIT, STEP_DONE };

/* splitmix64: seeded, the same on every platform. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static unsigned below(uint64_t *state, unsigned n)
{
	return (unsigned)(next_random(state) % n);
}

static unsigned min_u(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

static void ring_bell(struct vq *q, enum vq_bell bell)
{
	struct run *r = q->user;
	if (!r->cfg->single)
		sem_post(bell == VQ_KICK ? &r->kick_sem : &r->irq_sem);
	else if (bell == VQ_KICK)
		r->kicks++;
	else
		r->irqs++;
}

/* The first report of a MUST rule stops the run; the name of its property
 * (copied: the reactor's strings live only during the call). */
static atomic_bool must_broken;
static char must_property[64];

static bool stopped(struct run *r)
{
	return atomic_load(&must_broken) || atomic_load(&r->q.broken);
}

/* ---- the driver: one operation per step ---- */

static void driver_add(struct run *r)
{
	unsigned room = min_u(r->q.drv.num_free, r->target - r->submitted);
	r->submitted += vq_driver_add(&r->q, 1 + below(&r->drv_rng, min_u(room, 8)));
}

/* When the random choice cannot be done, the first thing that makes
 * progress; nothing: wait for an interrupt (interrupts on, every added
 * buffer decided, none used that was not taken back). */
static enum step driver_progress(struct run *r)
{
	struct vq *q = &r->q;
	if (q->drv.num_added > 0)
		vq_driver_kick_if_needed(q);
	else if (q->drv.num_free > 0 && r->submitted < r->target)
		driver_add(r);
	else if (atomic_load_explicit(&q->used.idx, memory_order_acquire) != q->drv.last_used)
		vq_driver_reap(q);
	else if (!q->drv.cb_enabled)
		vq_driver_enable_cb(q);
	else
		return STEP_WAIT;
	return STEP_DID;
}

static enum step driver_step(struct run *r)
{
	struct vq *q = &r->q;
	if (r->submitted == r->target && vq_driver_outstanding(q) == 0 && q->drv.num_added == 0)
		return STEP_DONE;
	switch (below(&r->drv_rng, 4)) {
	case 0:
		if (q->drv.num_free == 0 || r->submitted == r->target)
			break;
		driver_add(r);
		return STEP_DID;
	case 1:
		if (q->drv.num_added == 0)
			break;
		vq_driver_kick_if_needed(q);
		return STEP_DID;
	case 2:
		if (vq_driver_reap(q) == 0)
			break;
		return STEP_DID;
	default:
		if (q->drv.cb_enabled)
			vq_driver_disable_cb(q);
		else
			vq_driver_enable_cb(q);
		return STEP_DID;
	}
	return driver_progress(r);
}

/* ---- the device: one operation per step ---- */

/* Nothing to do: wait for a kick (kicks on, nothing available). */
static enum step device_progress(struct run *r)
{
	struct vq *q = &r->q;
	if (q->dev.inflight_len > 0)
		vq_device_complete(q);
	else if (q->dev.num_added > 0)
		vq_device_interrupt_if_needed(q);
	else if (vq_device_has_avail(q))
		vq_device_pop(q, 1 + below(&r->dev_rng, 8));
	else if (!q->dev.kicks_enabled)
		vq_device_enable_kicks(q);
	else
		return atomic_load(&r->driver_done) ? STEP_DONE : STEP_WAIT;
	return STEP_DID;
}

static enum step device_step(struct run *r)
{
	struct vq *q = &r->q;
	switch (below(&r->dev_rng, 8)) {
	case 0:
	case 1:
		if (vq_device_pop(q, 1 + below(&r->dev_rng, 8)) == 0)
			break;
		return STEP_DID;
	case 2:
	case 3:
	case 4:
		if (!vq_device_complete(q))
			break;
		return STEP_DID;
	case 5:
		/* As rust-vmm's devices: decide once a batch is done, and now
		 * and then in the middle of one. */
		if (q->dev.num_added == 0 || (q->dev.inflight_len > 0 && below(&r->dev_rng, 4)))
			break;
		vq_device_interrupt_if_needed(q);
		return STEP_DID;
	default:
		if (q->dev.kicks_enabled)
			vq_device_disable_kicks(q);
		else
			vq_device_enable_kicks(q);
		return STEP_DID;
	}
	return device_progress(r);
}

/* ---- running a queue: two threads, or one with a seeded choice ---- */

/* Wait for a bell, 10 ms at most: a lost notification (the bug) would
 * hang a real driver; here the side looks again, and the run stops on the
 * monitor's report. */
static void wait_bell(sem_t *bell)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += 10 * 1000 * 1000;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (sem_timedwait(bell, &until) != 0 && errno == EINTR)
		;
}

static void *driver_thread(void *arg)
{
	struct run *r = arg;
	for (unsigned long ops = 0; !stopped(r) && ops < r->max_ops; ops++) {
		enum step s = driver_step(r);
		if (s == STEP_DONE)
			break;
		if (s == STEP_WAIT)
			wait_bell(&r->irq_sem);
	}
	atomic_store(&r->driver_done, true);
	sem_post(&r->kick_sem);
	return NULL;
}

static void *device_thread(void *arg)
{
	struct run *r = arg;
	for (unsigned long ops = 0; !stopped(r) && ops < r->max_ops; ops++) {
		enum step s = device_step(r);
		if (s == STEP_DONE)
			break;
		if (s == STEP_WAIT)
			wait_bell(&r->kick_sem);
	}
	return NULL;
}

static bool run_threads(struct run *r)
{
	pthread_t driver, device;
	sem_init(&r->kick_sem, 0, 0);
	sem_init(&r->irq_sem, 0, 0);
	bool ok = pthread_create(&driver, NULL, driver_thread, r) == 0;
	if (ok && pthread_create(&device, NULL, device_thread, r) != 0) {
		atomic_store(&r->q.broken, true);
		ok = false;
	}
	if (ok)
		pthread_join(device, NULL);
	pthread_join(driver, NULL);
	sem_destroy(&r->kick_sem);
	sem_destroy(&r->irq_sem);
	return ok;
}

/* One side's turn: a waiting side steps only once its bell rang. */
static bool take_turn(struct run *r, enum step (*step)(struct run *), enum step *last,
		      unsigned *bell)
{
	if (*last == STEP_DONE || (*last == STEP_WAIT && *bell == 0))
		return false;
	if (*last == STEP_WAIT)
		*bell = 0;
	*last = step(r);
	r->ops++;
	return true;
}

/* Both sides on this thread.  Returns false when both wait, which the
 * correct build never does (a notification was lost). */
static bool run_single(struct run *r)
{
	enum step drv = STEP_DID, dev = STEP_DID;
	while (!stopped(r) && r->ops < r->max_ops && !(drv == STEP_DONE && dev == STEP_DONE)) {
		bool driver_first = below(&r->pick_rng, 2);
		if (!(driver_first && take_turn(r, driver_step, &drv, &r->irqs)) &&
		    !take_turn(r, device_step, &dev, &r->kicks) &&
		    !take_turn(r, driver_step, &drv, &r->irqs)) {
			fprintf(stderr, "virtqueue: queue %d: both sides wait for a notification\n",
				r->q.vq_id);
			return false;
		}
		if (drv == STEP_DONE && !atomic_load(&r->driver_done)) {
			atomic_store(&r->driver_done, true);
			r->kicks++; /* as the driver thread does: the device sees it is done */
		}
	}
	return true;
}

/* A queue of cfg->size entries whose indexes start 1/2 to 3 1/2 queues
 * before the wrap; the driver submits until 2 queues past it. */
static int run_queue(const struct config *cfg, sm_monitor *mon, unsigned k)
{
	static struct run r; /* one at a time; too big for a thread's stack */
	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.drv_rng = cfg->seed * 3 + k * 0x10001u;
	r.dev_rng = r.drv_rng + 1;
	r.pick_rng = r.drv_rng + 2;
	uint16_t before_wrap = (uint16_t)(cfg->size / 2 + below(&r.pick_rng, 3 * cfg->size));
	r.target = before_wrap + 2 * cfg->size;
	r.max_ops = 1000ul * r.target;
	atomic_init(&r.driver_done, false);
	vq_init(&r.q, (uint16_t)cfg->size, cfg->event_idx, (uint16_t)(0 - before_wrap), mon, 0,
		(int)k, ring_bell, &r);
	bool ran = cfg->single ? run_single(&r) : run_threads(&r);
	if (atomic_load(&must_broken)) {
		printf("virtqueue: %s stopped queue %u\n", must_property, k);
		return 1;
	}
	if (!ran || atomic_load(&r.q.broken))
		return 2;
	if (!atomic_load(&r.driver_done)) {
		fprintf(stderr, "virtqueue: queue %u did not finish in %lu operations\n", k,
			r.max_ops);
		return 2;
	}
	return 0;
}

static int usage(void)
{
	fputs("usage: virtqueue [--single] [--seed N] [--queues N] [--size N] [--no-event-idx]\n"
	      "  --single        both sides on one thread, a seeded choice between them\n"
	      "  --seed N        the random steps (default 1)\n"
	      "  --queues N      queues run one after the other (default 256)\n"
	      "  --size N        entries per queue, a power of 2 from 2 to 256 (default 16)\n"
	      "  --no-event-idx  without VIRTIO_F_EVENT_IDX (the flags suppress)\n",
	      stderr);
	return 2;
}

static bool number(const char *text, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(text, &end, 10);
	if (errno || end == text || *end || v > max || text[0] == '-')
		return false;
	*out = v;
	return true;
}

static bool parse_args(int argc, char **argv, struct config *cfg)
{
	*cfg = (struct config){.event_idx = true, .seed = 1, .queues = 256, .size = 16};
	for (int i = 1; i < argc; i++) {
		unsigned long v;
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(arg, "--single") == 0)
			cfg->single = true;
		else if (strcmp(arg, "--no-event-idx") == 0)
			cfg->event_idx = false;
		else if (val && strcmp(arg, "--seed") == 0 && number(val, UINT32_MAX, &v))
			cfg->seed = v, i++;
		else if (val && strcmp(arg, "--queues") == 0 && number(val, 100000, &v) && v)
			cfg->queues = (unsigned)v, i++;
		else if (val && strcmp(arg, "--size") == 0 && number(val, VQ_MAX_SIZE, &v) &&
			 v >= 2 && !(v & (v - 1)))
			cfg->size = (unsigned)v, i++;
		else
			return false;
	}
	return true;
}

/* The rule library's `virtio/notifications`, found by name as `specmon
 * check virtio/notifications` finds it (SPECMON_PATH, the source tree's
 * specs/, the installed share/specmon/specs/). */
#define MONITOR_SPEC "virtio/notifications"

/* The SHOULD NOT rules of virtio/notifications.  The bug build breaks one
 * too: it interrupts when used_event lies past the batch (the driver moves
 * used_event to each entry it takes back, and may reach the device's
 * next_used before the device decides).  The run goes on after their
 * reports, to the missed interrupt, a MUST. */
static bool is_should_not(const char *property)
{
	return strcmp(property, "avail_notify_only_when_needed") == 0 ||
	       strcmp(property, "used_notify_only_when_needed") == 0;
}

/* The print reactor, and a stop at the first MUST rule broken. */
static void on_violation(void *ud, const sm_violation_info *v)
{
	static atomic_flag claimed = ATOMIC_FLAG_INIT;
	sm_reactor_print(ud, v);
	if (!is_should_not(v->property) && !atomic_flag_test_and_set(&claimed)) {
		snprintf(must_property, sizeof must_property, "%s", v->property);
		atomic_store(&must_broken, true);
	}
}

static void print_diag(void *ud, const sm_diag *d)
{
	(void)ud;
	fputs(d->rendered, stderr);
}

static sm_spec *load_monitor_spec(void)
{
	char *path;
	if (sm_library_find(MONITOR_SPEC, &path) != SM_OK) {
		fprintf(stderr, "virtqueue: the rule library has no %s (set SPECMON_PATH)\n",
			MONITOR_SPEC);
		return NULL;
	}
	sm_spec *spec;
	int rc = sm_spec_load(path, &spec, print_diag, NULL);
	free(path);
	return rc == SM_OK ? spec : NULL;
}

int main(int argc, char **argv)
{
	struct config cfg;
	if (!parse_args(argc, argv, &cfg))
		return usage();
	sm_spec *spec = load_monitor_spec();
	if (!spec)
		return 2;
	sm_options opt;
	sm_options_init(&opt);
	opt.out = NULL; /* the reactor prints each report */
	opt.err = NULL;
	opt.reactor = on_violation;
	opt.reactor_ud = stdout;
	sm_monitor *mon;
	if (sm_monitor_new(spec, &opt, &mon) != SM_OK) {
		sm_spec_free(spec);
		return 2;
	}
	int status = 0;
	for (unsigned k = 0; k < cfg.queues && status == 0; k++)
		status = run_queue(&cfg, mon, k);
	sm_monitor_finish(mon);
	sm_counts counts;
	sm_monitor_counts(mon, &counts);
	printf("virtqueue: %u queues of %u, %s, %s: %llu violation%s\n", cfg.queues, cfg.size,
	       cfg.event_idx ? "EVENT_IDX" : "no EVENT_IDX",
	       cfg.single ? "one thread" : "two threads", (unsigned long long)counts.violations,
	       counts.violations == 1 ? "" : "s");
	sm_monitor_free(mon);
	sm_spec_free(spec);
	if (status == 0 && counts.violations > 0)
		status = 1;
	return status;
}
