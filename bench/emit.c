/*
 * emit.c: the engine without input parsing, for `make bench` (bench/run.sh).
 * Linked against build/libspecmon.a, it feeds events to a monitor with the
 * public API's sm_emit, as instrumented code would, and prints the cost per
 * event (DESIGN.md §5: <= 5 ns on a global relation, <= 20 ns per key).
 *
 *     emit [-n EVENTS] [-r RUNS] [-b NAME]
 *
 * -b runs only the bench NAME (global, per-key, keys-1k, ...), e.g. under
 * `valgrind --tool=callgrind`, whose instruction counts per emit are stable
 * on a loaded machine where wall times are not.
 *
 * Two specs over the events of bench/w1.sm, virtio_req(dev, vq, id) and
 * virtio_done(dev, vq, id), each event given its three fields and a time:
 *
 *   global   `property io: virtio_req alternatesWith virtio_done`, one
 *            instance; the events are request-completion pairs, each pair
 *            on a random device of 64
 *   per-key  the same with `per dev`: 64 instances; the events are W1's
 *            (a random device of 64 submits a request, or completes the one
 *            it has in flight), so the instances are interleaved
 *
 * The events are made in memory before the clock starts (a cycle of about
 * 64 Ki events, replayed until EVENTS, rounded up to whole cycles), so only
 * sm_emit is timed.  Each run is a
 * new monitor; the median of RUNS counts.  Every run must end with no
 * violation and nothing pending, and must have counted every event, or emit
 * exits with status 1.  Output, one line per spec:
 *
 *     global events=10000000 runs=5 median_ns=4.21 min_ns=4.18 max_ns=4.40
 *
 * Each spec runs as sm_options_init makes a monitor (history 5, any
 * threads), with threads = 1 (plain stores for CAS), with history 0, and
 * the global one with both (global-one-thread-history-0: the lanes' own
 * cost, with neither the CAS nor the history record), and per-key as
 * SM_EMIT emits (per-key-emit-site: sm_emit_site, values by name in
 * sm_field, the site filled by the first emit).  Then
 * (bench_threads) per-key with 1 K and 1 M keys, the 1 M met in turn and
 * in a random order, and two threads on one monitor: on distinct keys,
 * and on one global relation.  Last (bench_reports), what reports cost
 * with the default history: a violation's, alone and beside another
 * thread's full ring, and an instance's pending at the end.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <specmon/specmon.h>

#define CYCLE (1u << 16)
#define DEVICES 64
#define MAX_RUNS 100

static const char spec_global[] =
	"event virtio_req(dev, vq, id)\n"
	"event virtio_done(dev, vq, id)\n"
	"property io: virtio_req alternatesWith virtio_done\n";

static const char spec_per_key[] =
	"event virtio_req(dev, vq, id)\n"
	"event virtio_done(dev, vq, id)\n"
	"property io per dev: virtio_req alternatesWith virtio_done\n";

struct event {
	int done; /* 0: virtio_req, 1: virtio_done */
	int64_t dev, vq, id;
};

static uint64_t rng = 0x5eedbe7c4e11ULL;

/* splitmix64 */
static uint64_t next64(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rnd(unsigned n)
{
	return (unsigned)(((next64() >> 32) * n) >> 32);
}

/* Up to CYCLE events that leave every device idle at the end, so they can
 * be replayed; per_key selects W1's interleaving, else pairs.  Returns how
 * many. */
static unsigned make_events(struct event *ev, int per_key)
{
	struct {
		int busy;
		int64_t vq, id;
	} dev[DEVICES] = {{0}};
	unsigned n = 0, busy = 0;
	/* Submit only while the completions owed still fit. */
	while (n + busy + 2 <= CYCLE) {
		unsigned d = rnd(DEVICES);
		if (dev[d].busy) {
			ev[n++] = (struct event){1, d, dev[d].vq, dev[d].id};
			dev[d].busy = 0;
			dev[d].id = (dev[d].id + 1) % 256;
			busy--;
		} else {
			dev[d].busy = 1;
			dev[d].vq = rnd(2);
			ev[n++] = (struct event){0, d, dev[d].vq, dev[d].id};
			busy++;
			if (!per_key) { /* pairs: complete it at once */
				ev[n++] = (struct event){1, d, dev[d].vq, dev[d].id};
				dev[d].busy = 0;
				dev[d].id = (dev[d].id + 1) % 256;
				busy--;
			}
		}
	}
	for (unsigned d = 0; d < DEVICES; d++)
		if (dev[d].busy)
			ev[n++] = (struct event){1, d, dev[d].vq, dev[d].id};
	return n;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void on_diag(void *ud, const sm_diag *d)
{
	(void)ud;
	fprintf(stderr, "%s\n", d->rendered);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* How a bench's monitor is made: sm_options.threads and .history; and
 * whether it emits as SM_EMIT does (sm_emit_site, the values in sm_field
 * by name, the site filled by the first emit) instead of sm_emit_vals. */
struct setup {
	unsigned threads, history;
	int as_macro;
};
static const struct setup usual = {0, 5, 0}; /* sm_options_init's */

/* One spec: RUNS runs of EVENTS events; prints its line.  0 or 1. */
static int bench(const char *name, const char *text, int per_key, struct setup setup,
		 uint64_t events, int runs)
{
	static struct event ev[CYCLE];
	sm_spec *spec;
	if (sm_spec_parse(name, text, strlen(text), &spec, on_diag, NULL) != SM_OK) {
		fprintf(stderr, "emit: the %s spec does not load\n", name);
		return 1;
	}
	int id[2] = {sm_spec_event_id(spec, "virtio_req"), sm_spec_event_id(spec, "virtio_done")};
	uint64_t cycle = make_events(ev, per_key);
	events = (events + cycle - 1) / cycle * cycle; /* whole cycles: nothing pending */
	double ns[MAX_RUNS];
	int bad = 0;
	for (int r = 0; r < runs && !bad; r++) {
		sm_options opt;
		sm_monitor *mon;
		sm_options_init(&opt);
		opt.out = opt.err = NULL;
		opt.threads = setup.threads;
		opt.history = setup.history;
		if (sm_monitor_new(spec, &opt, &mon) != SM_OK) {
			fprintf(stderr, "emit: sm_monitor_new failed\n");
			sm_spec_free(spec);
			return 1;
		}
		/* A site per event, resolved once, as SM_EMIT's are. */
		int fields[3] = {sm_spec_field_id(spec, id[0], "dev"),
				 sm_spec_field_id(spec, id[0], "vq"),
				 sm_spec_field_id(spec, id[0], "id")};
		sm_site site[2];
		sm_site_init(&site[0], spec, id[0], fields, 3);
		sm_site_init(&site[1], spec, id[1], fields, 3);
		sm_val f[3] = {SM_VI(0), SM_VI(0), SM_VI(0)};
		sm_site macro_site[2] = {{0}, {0}}; /* as SM_EMIT's: filled by the first emit */
		sm_field named[2][4] = {{{"virtio_req", 0, NULL}, {"dev", 0, NULL},
					  {"vq", 0, NULL}, {"id", 0, NULL}},
					 {{"virtio_done", 0, NULL}, {"dev", 0, NULL},
					  {"vq", 0, NULL}, {"id", 0, NULL}}};
		uint64_t emitted = 0, j = 0;
		double t0 = now_ns();
		for (uint64_t i = 0; i < events; i++) {
			const struct event *e = &ev[j];
			if (++j == cycle)
				j = 0;
			int rc;
			if (setup.as_macro) {
				sm_field *nf = named[e->done];
				nf[1].i = e->dev;
				nf[2].i = e->vq;
				nf[3].i = e->id;
				rc = sm_emit_site(mon, &macro_site[e->done], (int64_t)i * 1000, nf, 4);
			} else {
				f[0].i = e->dev;
				f[1].i = e->vq;
				f[2].i = e->id;
				rc = sm_emit_vals(mon, &site[e->done], (int64_t)i * 1000, f);
			}
			if (rc != SM_OK) {
				fprintf(stderr, "emit: sm_emit failed at event %llu\n",
					(unsigned long long)i);
				bad = 1;
				break;
			}
			emitted++;
		}
		double t1 = now_ns();
		ns[r] = (t1 - t0) / (double)(emitted ? emitted : 1);
		int verdict = sm_monitor_finish(mon);
		sm_counts c;
		sm_monitor_counts(mon, &c);
		if (!bad && (verdict != 0 || c.violations || c.pending || c.events != emitted)) {
			fprintf(stderr, "emit: %s: verdict %d, %llu violations, %llu pending, %llu of "
				"%llu events counted; expected 0, 0, all\n", name, verdict,
				(unsigned long long)c.violations, (unsigned long long)c.pending,
				(unsigned long long)c.events, (unsigned long long)emitted);
			bad = 1;
		}
		sm_monitor_free(mon);
	}
	if (!bad) {
		qsort(ns, (size_t)runs, sizeof *ns, cmp_double);
		printf("%s events=%llu runs=%d median_ns=%.2f min_ns=%.2f max_ns=%.2f\n", name,
		       (unsigned long long)events, runs,
		       runs % 2 ? ns[runs / 2] : (ns[runs / 2 - 1] + ns[runs / 2]) / 2, ns[0],
		       ns[runs - 1]);
	}
	sm_spec_free(spec);
	return bad;
}

/*
 * Keys and threads: THREADS threads emit req, done pairs on one monitor,
 * each on its own KEYS keys in turn (per dev), or all on one global
 * `causes` (each thread's req comes before its done, so no interleaving
 * violates it).  The cost is the wall time over all events: with two
 * threads that scale, half of one thread's.  Keys are created in a first
 * pass, not timed.
 */
static const char spec_causes[] =
	"event virtio_req(dev, vq, id)\n"
	"event virtio_done(dev, vq, id)\n"
	"property io: virtio_req causes virtio_done\n";

/* A thread's job, two cache-line pairs apart from the other's: each thread
 * reads its job at every emit (the call may change it, for all the
 * compiler knows), and a job sharing a line, or the pair of lines the
 * adjacent-line prefetcher moves together, with one the other thread
 * writes made this bench's figure depend on where the stack happened to
 * put them (16, 27 or 50 ns run to run). */
struct job {
	_Alignas(128) sm_monitor *mon;
	const sm_site *req, *done;
	int64_t first, keys;
	const uint32_t *order; /* the keys' order (first + order[k]); NULL: in turn */
	uint64_t pairs;
	int bad;
};

static void *pairs_job(void *arg)
{
	struct job *j = arg;
	sm_val f[1] = {SM_VI(0)};
	int64_t k = 0;
	int bad = 0; /* a local: no store to the job per emit */
	for (uint64_t i = 0; i < j->pairs; i++) {
		f[0].i = j->first + (j->order ? j->order[k] : k);
		if (++k == j->keys)
			k = 0;
		bad |= sm_emit_vals(j->mon, j->req, -1, f) != SM_OK;
		bad |= sm_emit_vals(j->mon, j->done, -1, f) != SM_OK;
	}
	j->bad = bad;
	return NULL;
}

static int run_jobs(sm_monitor *mon, const sm_spec *spec, int threads, int64_t keys,
		    const uint32_t *order, uint64_t pairs)
{
	pthread_t th[2];
	struct job jobs[2];
	sm_site site[2];
	int req = sm_spec_event_id(spec, "virtio_req");
	int dev = sm_spec_field_id(spec, req, "dev");
	sm_site_init(&site[0], spec, req, &dev, 1);
	sm_site_init(&site[1], spec, sm_spec_event_id(spec, "virtio_done"), &dev, 1);
	for (int t = 0; t < threads; t++) {
		jobs[t] = (struct job){mon, &site[0], &site[1], t * keys, keys, order, pairs, 0};
		if (pthread_create(&th[t], NULL, pairs_job, &jobs[t]) != 0)
			return 1;
	}
	int bad = 0;
	for (int t = 0; t < threads; t++) {
		pthread_join(th[t], NULL);
		bad |= jobs[t].bad;
	}
	return bad;
}

/* The closing half of fresh_split: each key's b once the other thread
 * has made the key LAG keys on. */
#define SPLIT_LAG 1000
struct closing {
	sm_monitor *mon;
	const sm_site *done;
	uint64_t pairs;
	_Atomic uint64_t made; /* keys the other thread has made */
	int bad;
};

static void *close_job(void *arg)
{
	struct closing *c = arg;
	for (uint64_t k = 0; k < c->pairs; k++) {
		uint64_t need = k + SPLIT_LAG < c->pairs ? k + SPLIT_LAG : c->pairs;
		while (atomic_load_explicit(&c->made, memory_order_acquire) < need)
			;
		sm_val f[1] = {SM_VI((int64_t)k)};
		c->bad |= sm_emit_vals(c->mon, c->done, -1, f) != SM_OK;
	}
	return NULL;
}

/* `pairs` fresh keys, split: this thread makes each key (its a), another
 * closes it (its b) SPLIT_LAG keys behind, and so reclaims it. */
static int fresh_split(sm_monitor *mon, const sm_spec *spec, uint64_t pairs)
{
	sm_site site[2];
	int req = sm_spec_event_id(spec, "virtio_req");
	int dev = sm_spec_field_id(spec, req, "dev");
	sm_site_init(&site[0], spec, req, &dev, 1);
	sm_site_init(&site[1], spec, sm_spec_event_id(spec, "virtio_done"), &dev, 1);
	static struct closing c;
	c = (struct closing){mon, &site[1], pairs, 0, 0};
	pthread_t th;
	if (pthread_create(&th, NULL, close_job, &c) != 0)
		return 1;
	int bad = 0;
	for (uint64_t k = 0; k < pairs; k++) {
		sm_val f[1] = {SM_VI((int64_t)k)};
		bad |= sm_emit_vals(mon, &site[0], -1, f) != SM_OK;
		atomic_store_explicit(&c.made, k + 1, memory_order_release);
	}
	pthread_join(th, NULL);
	return bad | c.bad;
}

/* A fresh key per request, events / 2 of them (each key's a, then its
 * b; on one thread, or split between two: fresh_split): asked for by
 * name alone (-b fresh-keys, fresh-keys-split), in a process of its own,
 * whose peak memory bench/run.sh compares at two sizes (the lanes
 * reclaim each instance once idle). */
static int bench_fresh(const char *name, uint64_t events, int split)
{
	sm_spec *spec;
	if (sm_spec_parse(name, spec_per_key, strlen(spec_per_key), &spec, on_diag,
			  NULL) != SM_OK)
		return 1;
	sm_options opt;
	sm_monitor *mon;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor_new(spec, &opt, &mon);
	uint64_t pairs = events / 2;
	double t0 = now_ns();
	int bad = split ? fresh_split(mon, spec, pairs)
			: run_jobs(mon, spec, 1, (int64_t)pairs, NULL, pairs);
	double ns = (now_ns() - t0) / (double)(2 * pairs);
	sm_monitor_finish(mon);
	sm_counts c;
	sm_monitor_counts(mon, &c);
	if (bad || c.violations || c.pending || c.instances != pairs || c.events != 2 * pairs) {
		fprintf(stderr, "emit: %s: %llu violations, %llu pending, %llu instances\n", name,
			(unsigned long long)c.violations, (unsigned long long)c.pending,
			(unsigned long long)c.instances);
		bad = 1;
	} else {
		printf("%s events=%llu runs=1 median_ns=%.2f min_ns=%.2f max_ns=%.2f\n", name,
		       (unsigned long long)(2 * pairs), ns, ns, ns);
	}
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return bad;
}

/* A random order of keys 0 .. n - 1 (Fisher-Yates). */
static uint32_t *shuffled(int64_t n)
{
	uint32_t *order = malloc((size_t)n * sizeof *order);
	if (!order)
		return NULL;
	for (int64_t k = 0; k < n; k++)
		order[k] = (uint32_t)k;
	for (int64_t k = n - 1; k > 0; k--) {
		uint32_t j = rnd((unsigned)k + 1), t = order[k];
		order[k] = order[j];
		order[j] = t;
	}
	return order;
}

/* RUNS runs of THREADS threads on KEYS keys each, created in turn and
 * met once more (not timed: a set of keys larger than a thread's reclaim
 * delay is reclaimed and made again at its first return, when the lanes
 * learn to keep it, lanes.c), then met in turn, or in a random order when
 * shuffle. */
static int bench_threads(const char *name, const char *text, int threads, int64_t keys,
			 int shuffle, struct setup setup, uint64_t events, int runs)
{
	sm_spec *spec;
	uint32_t *order = shuffle ? shuffled(keys) : NULL;
	if ((shuffle && !order) ||
	    sm_spec_parse(name, text, strlen(text), &spec, on_diag, NULL) != SM_OK) {
		free(order);
		return 1;
	}
	uint64_t pairs = events / 2 / (uint64_t)threads;
	if (pairs < (uint64_t)keys)
		pairs = (uint64_t)keys;
	double ns[MAX_RUNS];
	int bad = 0;
	for (int r = 0; r < runs && !bad; r++) {
		sm_options opt;
		sm_monitor *mon;
		sm_options_init(&opt);
		opt.out = opt.err = NULL;
		opt.threads = setup.threads;
		opt.history = setup.history;
		sm_monitor_new(spec, &opt, &mon);
		for (int warm = 0; warm < 2; warm++)
			bad |= run_jobs(mon, spec, threads, keys, NULL, (uint64_t)keys);
		double t0 = now_ns();
		bad |= run_jobs(mon, spec, threads, keys, order, pairs);
		double t1 = now_ns();
		uint64_t total = pairs * 2 * (uint64_t)threads;
		ns[r] = (t1 - t0) / (double)total;
		sm_monitor_finish(mon);
		sm_counts c;
		sm_monitor_counts(mon, &c);
		if (c.violations || c.pending ||
		    c.events != total + (uint64_t)keys * 4 * (uint64_t)threads) {
			fprintf(stderr, "emit: %s: %llu violations, %llu pending, %llu events\n",
				name, (unsigned long long)c.violations,
				(unsigned long long)c.pending, (unsigned long long)c.events);
			bad = 1;
		}
		sm_monitor_free(mon);
	}
	if (!bad) {
		qsort(ns, (size_t)runs, sizeof *ns, cmp_double);
		printf("%s events=%llu runs=%d median_ns=%.2f min_ns=%.2f max_ns=%.2f\n", name,
		       (unsigned long long)(pairs * 2 * (uint64_t)threads), runs,
		       runs % 2 ? ns[runs / 2] : (ns[runs / 2 - 1] + ns[runs / 2]) / 2, ns[0],
		       ns[runs - 1]);
	}
	sm_spec_free(spec);
	free(order);
	return bad;
}

/*
 * Reports: per dev, a then a on each of REPORT_KEYS keys, each second a a
 * violation, whose report shows its key's history (history 5); the cost
 * is per report, the two emits included.  report-alone: the thread's own
 * ring is the only one; report-beside-ring: another thread filled its
 * ring first (on keys of its own), which the reports have no need to
 * read.  pending-reports: REPORT_KEYS keys left pending by one a each,
 * with the other thread's ring full as before: sm_monitor_finish's time
 * per instance it reports.
 */
#define REPORT_KEYS 20000
#define RING_FILL 20000 /* pairs: 10 words each, past a ring of history 5 (65536 words) */

/* One run of the reports bench: ns per report; -1 on a wrong count. */
static double report_run(const sm_spec *spec, int beside, int pending)
{
	sm_options opt;
	sm_monitor *mon;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	if (sm_monitor_new(spec, &opt, &mon) != SM_OK)
		return -1;
	int req = sm_spec_event_id(spec, "virtio_req");
	int dev = sm_spec_field_id(spec, req, "dev");
	sm_site sa, sb;
	sm_site_init(&sa, spec, req, &dev, 1);
	sm_site_init(&sb, spec, sm_spec_event_id(spec, "virtio_done"), &dev, 1);
	/* this thread's row first: the filler's ring is another */
	sm_val f[1] = {SM_VI(-1)};
	int bad = sm_emit_vals(mon, &sa, -1, f) != SM_OK || sm_emit_vals(mon, &sb, -1, f) != SM_OK;
	if (beside) {
		struct job j = {mon, &sa, &sb, 1000000000, RING_FILL, NULL, RING_FILL, 0};
		pthread_t th;
		bad |= pthread_create(&th, NULL, pairs_job, &j) != 0 || pthread_join(th, NULL) != 0 ||
		       j.bad;
	}
	int violations = 0;
	double t0 = now_ns();
	for (int64_t k = 0; k < REPORT_KEYS; k++) {
		f[0].i = k;
		bad |= sm_emit_vals(mon, &sa, -1, f) != SM_OK;
		if (!pending)
			violations += sm_emit_vals(mon, &sa, -1, f) == SM_VIOLATION;
	}
	double t1 = now_ns();
	int verdict = sm_monitor_finish(mon);
	double t2 = now_ns();
	sm_counts c;
	sm_monitor_counts(mon, &c);
	sm_monitor_free(mon);
	if (bad || verdict != !pending || c.pending != REPORT_KEYS ||
	    c.violations != (uint64_t)(pending ? 0 : REPORT_KEYS) ||
	    violations != (pending ? 0 : REPORT_KEYS)) {
		fprintf(stderr, "emit: reports: %d violations returned, %llu counted, %llu pending; "
			"expected %d, %d\n", violations, (unsigned long long)c.violations,
			(unsigned long long)c.pending, pending ? 0 : REPORT_KEYS, REPORT_KEYS);
		return -1;
	}
	return ((pending ? t2 - t1 : t1 - t0)) / REPORT_KEYS;
}

static int bench_reports(const char *name, int beside, int pending, int runs)
{
	sm_spec *spec;
	if (sm_spec_parse(name, spec_per_key, strlen(spec_per_key), &spec, on_diag, NULL) != SM_OK)
		return 1;
	double ns[MAX_RUNS];
	int bad = 0;
	for (int r = 0; r < runs && !bad; r++)
		bad = (ns[r] = report_run(spec, beside, pending)) < 0;
	sm_spec_free(spec);
	if (bad)
		return 1;
	qsort(ns, (size_t)runs, sizeof *ns, cmp_double);
	printf("%s events=%d runs=%d median_ns=%.2f min_ns=%.2f max_ns=%.2f\n", name, REPORT_KEYS,
	       runs, runs % 2 ? ns[runs / 2] : (ns[runs / 2 - 1] + ns[runs / 2]) / 2, ns[0],
	       ns[runs - 1]);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t events = 10000000;
	int runs = 5;
	const char *only = NULL;
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "-n") == 0 && k + 1 < argc)
			events = strtoull(argv[++k], NULL, 10);
		else if (strcmp(argv[k], "-r") == 0 && k + 1 < argc)
			runs = atoi(argv[++k]);
		else if (strcmp(argv[k], "-b") == 0 && k + 1 < argc)
			only = argv[++k];
		else
			events = 0;
	}
	if (events == 0 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: emit [-n EVENTS] [-r RUNS] [-b NAME]\n");
		return 2;
	}
#define WANT(name) (!only || strcmp(only, name) == 0)
	int bad = 0;
	const struct setup one_thread = {1, 5, 0}, no_history = {0, 0, 0}, bare = {1, 0, 0},
			   as_macro = {0, 5, 1};
	if (WANT("global"))
		bad |= bench("global", spec_global, 0, usual, events, runs);
	if (WANT("global-one-thread"))
		bad |= bench("global-one-thread", spec_global, 0, one_thread, events, runs);
	if (WANT("global-one-thread-history-0"))
		bad |= bench("global-one-thread-history-0", spec_global, 0, bare, events, runs);
	if (WANT("global-history-0"))
		bad |= bench("global-history-0", spec_global, 0, no_history, events, runs);
	if (WANT("per-key"))
		bad |= bench("per-key", spec_per_key, 1, usual, events, runs);
	if (WANT("per-key-one-thread"))
		bad |= bench("per-key-one-thread", spec_per_key, 1, one_thread, events, runs);
	if (WANT("per-key-history-0"))
		bad |= bench("per-key-history-0", spec_per_key, 1, no_history, events, runs);
	if (WANT("per-key-emit-site"))
		bad |= bench("per-key-emit-site", spec_per_key, 1, as_macro, events, runs);
	if (WANT("keys-1k"))
		bad |= bench_threads("keys-1k", spec_per_key, 1, 1000, 0, usual, events, runs);
	if (WANT("keys-1m"))
		bad |= bench_threads("keys-1m", spec_per_key, 1, 1000000, 0, usual, events, runs);
	if (WANT("keys-1m-shuffled"))
		bad |= bench_threads("keys-1m-shuffled", spec_per_key, 1, 1000000, 1, usual, events,
				     runs);
	if (WANT("two-threads-keys"))
		bad |= bench_threads("two-threads-keys", spec_per_key, 2, 1000, 0, usual, events,
				     runs);
	if (WANT("two-threads-global"))
		bad |= bench_threads("two-threads-global", spec_causes, 2, 1, 0, usual, events,
				     runs);
	if (WANT("report-alone"))
		bad |= bench_reports("report-alone", 0, 0, runs);
	if (WANT("report-beside-ring"))
		bad |= bench_reports("report-beside-ring", 1, 0, runs);
	if (WANT("pending-reports"))
		bad |= bench_reports("pending-reports", 1, 1, runs);
	if (only && strcmp(only, "fresh-keys") == 0)
		bad |= bench_fresh(only, events, 0);
	if (only && strcmp(only, "fresh-keys-split") == 0)
		bad |= bench_fresh(only, events, 1);
	return bad;
}
