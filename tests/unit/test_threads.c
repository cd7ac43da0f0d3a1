/*
 * test_threads.c: sm_emit on one monitor from 2 and 4 threads at once
 * (DESIGN.md §4).  Each pattern has a violation count that does not depend
 * on how the threads interleave, worked out by construction:
 *  - per key: each thread owns its keys, and emits a pattern on each with
 *    a known number of violations;
 *  - global `x causes y`: each thread emits its x before its y, so at any
 *    point of any serialization χy <= χx: no violation; `z subclockOf w`:
 *    every lone z is one.
 * `make check-tsan` (run by make check) builds this file and the library
 * with -fsanitize=thread.
 */
#include "harness.h"
#include "lanes.h"
#include "rules.h"

#include <pthread.h>
#include <specmon/specmon.h>

#define ROUNDS 2000
#define KEYS 16

static const char spec_text[] =
	"event req(dev, n)\n"
	"event done(dev, n)\n"
	"event open(id)\n"
	"event close(id)\n"
	"event x\n"
	"event y\n"
	"event z\n"
	"event w\n"
	"property io per dev: req alternatesWith done\n"
	"property order: x causes y\n"
	"property sub: z subclockOf w\n"
	"automaton door per id {\n"
	"    initial closed\n"
	"    closed -> opened on open\n"
	"    opened -> closed on close\n"
	"}\n";

struct run {
	sm_monitor *mon;
	const sm_spec *spec;
	int thread;
	int violations_returned; /* emits that returned SM_VIOLATION */
	int errors;
};

static void emit_checked(struct run *r, int event, const sm_arg *args, size_t n)
{
	int rc = sm_emit_args(r->mon, event, -1, args, n);
	if (rc == SM_VIOLATION)
		r->violations_returned++;
	else if (rc != SM_OK)
		r->errors++;
}

/*
 * Per round and owned key k: req, done (fine); every 10th round a second
 * done (a violation: nothing to complete).  Every 7th round open, open
 * (the second a violation, the door stays opened), close; else open,
 * close.  Then x, y and, every 5th round, a lone z (a violation).
 * Violations per thread: ROUNDS/10 * KEYS + ROUNDS/7 * KEYS (rounded up:
 * rounds 0, 7, ...) + ROUNDS/5.
 */
static void *worker(void *arg)
{
	struct run *r = arg;
	const sm_spec *s = r->spec;
	int req = sm_spec_event_id(s, "req"), done = sm_spec_event_id(s, "done");
	int open = sm_spec_event_id(s, "open"), close = sm_spec_event_id(s, "close");
	int x = sm_spec_event_id(s, "x"), y = sm_spec_event_id(s, "y");
	int z = sm_spec_event_id(s, "z");
	int dev = sm_spec_field_id(s, req, "dev"), id = sm_spec_field_id(s, open, "id");
	for (int round = 0; round < ROUNDS; round++) {
		for (int k = 0; k < KEYS; k++) {
			int64_t key = r->thread * 1000 + k;
			sm_arg d[] = {SM_I(dev, key)}, i[] = {SM_I(id, key)};
			emit_checked(r, req, d, 1);
			emit_checked(r, done, d, 1);
			if (round % 10 == 0)
				emit_checked(r, done, d, 1);
			emit_checked(r, open, i, 1);
			if (round % 7 == 0)
				emit_checked(r, open, i, 1);
			emit_checked(r, close, i, 1);
		}
		emit_checked(r, x, NULL, 0);
		emit_checked(r, y, NULL, 0);
		if (round % 5 == 0)
			emit_checked(r, z, NULL, 0);
	}
	return NULL;
}

static int per_thread_violations(void)
{
	return ROUNDS / 10 * KEYS + (ROUNDS + 6) / 7 * KEYS + ROUNDS / 5;
}

static int per_thread_events(void)
{
	return ROUNDS * KEYS * 4 + ROUNDS / 10 * KEYS + (ROUNDS + 6) / 7 * KEYS + ROUNDS * 2 +
	       ROUNDS / 5;
}

/* A monitor of text (*spec parsed here) with the options opt. */
static sm_monitor *monitor_of(const char *text, sm_spec **spec, const sm_options *opt)
{
	CHECK_INT(sm_spec_parse("t.sm", text, strlen(text), spec, NULL, NULL), SM_OK);
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(*spec, opt, &mon), SM_OK);
	return mon;
}

/* A monitor of spec_text (*spec parsed here) that writes nothing and
 * counts its violations in *counter. */
static sm_monitor *counting_monitor(sm_spec **spec, sm_reactor_counter *counter)
{
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	opt.reactor = sm_reactor_count;
	opt.reactor_ud = counter;
	return monitor_of(spec_text, spec, &opt);
}

static void run_threads(int nthreads)
{
	sm_spec *spec = NULL;
	sm_reactor_counter counter = {0};
	sm_monitor *mon = counting_monitor(&spec, &counter);
	pthread_t th[4];
	struct run runs[4];
	for (int t = 0; t < nthreads; t++) {
		runs[t] = (struct run){mon, spec, t, 0, 0};
		CHECK_INT(pthread_create(&th[t], NULL, worker, &runs[t]), 0);
	}
	int returned = 0;
	for (int t = 0; t < nthreads; t++) {
		CHECK_INT(pthread_join(th[t], NULL), 0);
		CHECK_INT(runs[t].errors, 0);
		CHECK_INT(runs[t].violations_returned, per_thread_violations());
		returned += runs[t].violations_returned;
	}
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT((int)c.events, nthreads * per_thread_events());
	CHECK_INT((int)c.violations, nthreads * per_thread_violations());
	CHECK_INT((int)sm_reactor_count_get(&counter), returned);
	CHECK_INT(sm_monitor_finish(mon), 1);
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT((int)c.events, nthreads * per_thread_events());
	CHECK_INT((int)c.instances, nthreads * KEYS * 2 + 2); /* io, door; order, sub */
	CHECK_INT((int)c.pending, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

TEST(threads_two_on_one_monitor_exact_counts)
{
	run_threads(2);
}

TEST(threads_four_on_one_monitor_exact_counts)
{
	run_threads(4);
}

/* A key shared by two threads, each emitting a, b pairs under its own
 * handshake (a mutex the test holds across the pair): the relation sees
 * whole pairs, in some order, and no violation. */
struct shared_run {
	sm_monitor *mon;
	pthread_mutex_t *pair;
	int a, b, errors;
};

static void *pairs(void *arg)
{
	struct shared_run *r = arg;
	for (int k = 0; k < ROUNDS * 4; k++) {
		pthread_mutex_lock(r->pair);
		r->errors += sm_emit_args(r->mon, r->a, -1, NULL, 0) != SM_OK;
		r->errors += sm_emit_args(r->mon, r->b, -1, NULL, 0) != SM_OK;
		pthread_mutex_unlock(r->pair);
	}
	return NULL;
}

TEST(threads_share_a_global_alternation_under_a_handshake)
{
	static const char text[] = "event a\nevent b\nproperty p: a alternatesWith b\n";
	sm_spec *spec = NULL;
	CHECK_INT(sm_spec_parse("t.sm", text, strlen(text), &spec, NULL, NULL), SM_OK);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	pthread_mutex_t pair = PTHREAD_MUTEX_INITIALIZER;
	struct shared_run r[2];
	pthread_t th[2];
	for (int t = 0; t < 2; t++) {
		r[t] = (struct shared_run){mon, &pair, sm_spec_event_id(spec, "a"),
					   sm_spec_event_id(spec, "b"), 0};
		CHECK_INT(pthread_create(&th[t], NULL, pairs, &r[t]), 0);
	}
	for (int t = 0; t < 2; t++) {
		CHECK_INT(pthread_join(th[t], NULL), 0);
		CHECK_INT(r[t].errors, 0);
	}
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_counts c;
	sm_monitor_counts(mon, &c);
	CHECK_INT((int)c.events, 2 * ROUNDS * 4 * 2);
	CHECK_INT((int)c.violations, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* A monitor of text that writes its reports to out and its warnings
 * and summary to err (either NULL: none). */
static sm_monitor *streamed_monitor(const char *text, sm_spec **spec, unsigned threads,
				    FILE *out, FILE *err)
{
	sm_options opt;
	sm_options_init(&opt);
	opt.out = out;
	opt.err = err;
	opt.threads = threads;
	return monitor_of(text, spec, &opt);
}

/* The sites of spec's events a and b, each given the same n fields. */
static void ab_sites(const sm_spec *spec, const int *fields, size_t n, sm_site *sa, sm_site *sb)
{
	CHECK_INT(sm_site_init(sa, spec, sm_spec_event_id(spec, "a"), fields, n), SM_OK);
	CHECK_INT(sm_site_init(sb, spec, sm_spec_event_id(spec, "b"), fields, n), SM_OK);
}

/* Two threads on one global `a causes b` through sites, with no
 * handshake: each emits a then b, so every interleaving keeps b's count
 * at most a's, and each step is a compare-and-swap on the one instance's
 * lead that may find the other thread's step there first (then it is
 * tried again, not lost).  A lost step of an a would make a later b a
 * violation. */
struct site_run {
	sm_monitor *mon;
	const sm_site *a, *b;
	pthread_barrier_t *start; /* both threads emit at once */
	int errors;
};

static void *site_pairs(void *arg)
{
	struct site_run *r = arg;
	int errors = 0;
	pthread_barrier_wait(r->start);
	for (int k = 0; k < ROUNDS * 200; k++) {
		errors += sm_emit_vals(r->mon, r->a, -1, NULL) != SM_OK;
		errors += sm_emit_vals(r->mon, r->b, -1, NULL) != SM_OK;
	}
	r->errors = errors;
	return NULL;
}

TEST(threads_site_steps_of_one_instance_are_never_lost)
{
	static const char text[] = "event a\nevent b\nproperty p: a causes b\n";
	sm_spec *spec = NULL;
	sm_monitor *mon = streamed_monitor(text, &spec, 0, NULL, NULL);
	sm_site sa, sb;
	ab_sites(spec, NULL, 0, &sa, &sb);
	struct site_run r[2];
	pthread_t th[2];
	pthread_barrier_t start;
	CHECK_INT(pthread_barrier_init(&start, NULL, 2), 0);
	for (int t = 0; t < 2; t++) {
		r[t] = (struct site_run){mon, &sa, &sb, &start, 0};
		CHECK_INT(pthread_create(&th[t], NULL, site_pairs, &r[t]), 0);
	}
	for (int t = 0; t < 2; t++) {
		CHECK_INT(pthread_join(th[t], NULL), 0);
		CHECK_INT(r[t].errors, 0);
	}
	pthread_barrier_destroy(&start);
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_counts c;
	sm_monitor_counts(mon, &c);
	CHECK_INT(c.events, 2 * ROUNDS * 200 * 2);
	CHECK_INT(c.violations, 0);
	CHECK_INT(c.pending, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* SM_EMIT resolves names once per call site, from any thread. */
static void *macro_worker(void *arg)
{
	sm_monitor *mon = arg;
	for (int k = 0; k < ROUNDS; k++) {
		SM_EMIT(mon, req, SM_INT(dev, k % 8), SM_INT(n, k));
		SM_EMIT(mon, done, SM_INT(dev, k % 8));
	}
	return NULL;
}

TEST(threads_emit_macro_per_call_site)
{
	sm_spec *spec = NULL;
	CHECK_INT(sm_spec_parse("t.sm", spec_text, strlen(spec_text), &spec, NULL, NULL), SM_OK);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	/* One thread alone: req, done per dev alternate, no violation. */
	pthread_t th;
	CHECK_INT(pthread_create(&th, NULL, macro_worker, mon), 0);
	CHECK_INT(pthread_join(th, NULL), 0);
	CHECK_INT(SM_EMIT(mon, done, SM_INT(dev, 3)), SM_VIOLATION); /* dev 3 idle */
	CHECK_INT(SM_EMIT(mon, x), SM_OK);
	CHECK_INT(SM_EMIT(mon, nosuch), SM_ERR_INVAL);
	sm_counts c;
	sm_monitor_counts(mon, &c);
	CHECK_INT((int)c.violations, 1);
	CHECK_INT((int)c.events, 2 * ROUNDS + 2);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

TEST(threads_field_ids_and_bad_args)
{
	sm_spec *spec = NULL;
	CHECK_INT(sm_spec_parse("t.sm", spec_text, strlen(spec_text), &spec, NULL, NULL), SM_OK);
	int req = sm_spec_event_id(spec, "req");
	CHECK_INT(sm_spec_field_id(spec, req, "dev"), 0);
	CHECK_INT(sm_spec_field_id(spec, req, "n"), 1);
	CHECK_INT(sm_spec_field_id(spec, req, "ts"), SM_ERR_INVAL); /* built-in, not declared */
	CHECK_INT(sm_spec_field_id(spec, 99, "dev"), SM_ERR_INVAL);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	sm_arg bad[] = {SM_I(2, 1)};
	CHECK_INT(sm_emit_args(mon, req, -1, bad, 1), SM_ERR_INVAL);
	CHECK_INT(sm_emit_args(mon, req, -1, NULL, 1), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_finish(mon), 0);
	CHECK_INT(sm_emit_args(mon, req, -1, NULL, 0), SM_ERR_STATE);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* ---- call sites, the fast path, one thread, lane history ---- */

static const char pair_text[] =
	"event a(dev, n)\n"
	"event b(dev, n)\n"
	"property pair per dev: a alternatesWith b\n";

/* The same with dev alone. */
static const char dev_pair_text[] =
	"event a(dev)\nevent b(dev)\nproperty p per dev: a alternatesWith b\n";

struct captured {
	int violations;
	char report[1024];
};

/* The report the reactor got last holds text; else the test fails,
 * showing both. */
#define CHECK_REPORTED(got, text)                                             \
	do {                                                                   \
		const char *t_ = (text);                                       \
		if (!strstr((got).report, t_))                                 \
			FAIL("not in the report:\n%s--- the report:\n%s", t_,      \
			     (got).report);                                     \
	} while (0)

static void capture(void *ud, const sm_violation_info *v)
{
	struct captured *c = ud;
	c->violations++;
	snprintf(c->report, sizeof c->report, "%s", v->report);
}

/* A monitor of text whose reactor captures the last report. */
static sm_monitor *captured_monitor(const char *text, sm_spec **spec, unsigned threads,
				    unsigned history, struct captured *got)
{
	memset(got, 0, sizeof *got);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	opt.threads = threads;
	opt.history = history;
	opt.reactor = capture;
	opt.reactor_ud = got;
	return monitor_of(text, spec, &opt);
}

/* a, b, a, b, b on dev 1 at 1..5 s, through sites: the last b has no a to
 * match.  Returns what the reactor got. */
static struct captured pair_run(unsigned threads, unsigned history)
{
	sm_spec *spec = NULL;
	static struct captured got;
	sm_monitor *mon = captured_monitor(pair_text, &spec, threads, history, &got);
	int a = sm_spec_event_id(spec, "a");
	int fields[2] = {sm_spec_field_id(spec, a, "dev"), sm_spec_field_id(spec, a, "n")};
	sm_site sa, sb;
	ab_sites(spec, fields, 2, &sa, &sb);
	const sm_site *order[] = {&sa, &sb, &sa, &sb, &sb};
	int64_t n[] = {1, 1, 2, 2, 3};
	for (int k = 0; k < 5; k++) {
		sm_val v[2] = {SM_VI(1), SM_VI(n[k])};
		CHECK_INT(sm_emit_vals(mon, order[k], (int64_t)(k + 1) * 1000000000, v),
			  k == 4 ? SM_VIOLATION : SM_OK);
	}
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return got;
}

/* What pair_run's violation shows with history 3 (and SM_EMIT's steps of
 * the same events): the three steps before the violating b, without the
 * key field (dev), with their times; relations show no state change. */
static const char pair_history_3[] = "  history of pair[dev=1]:\n"
				     "    <emit>:0  2.000000000  b(n=1)\n"
				     "    <emit>:0  3.000000000  a(n=2)\n"
				     "    <emit>:0  4.000000000  b(n=2)\n";

TEST(threads_site_history_of_a_lane_instance)
{
	/* History 3: pair_history_3. */
	struct captured got = pair_run(0, 3);
	CHECK_INT(got.violations, 1);
	const char *want = pair_history_3;
	CHECK_REPORTED(got, want);
	CHECK_REPORTED(got, "violation of pair[dev=1]: b(dev=1, n=3)");
	/* The same with a caller on one thread (plain stores). */
	got = pair_run(1, 3);
	CHECK_REPORTED(got, want);
	/* History 0: none. */
	got = pair_run(0, 0);
	CHECK_INT(got.violations, 1);
	CHECK(strstr(got.report, "history of") == NULL);
	/* History 9, more than there were: all four, and no "earlier steps"
	 * note, as the first step made the instance. */
	got = pair_run(0, 9);
	CHECK_REPORTED(got, "    <emit>:0  1.000000000  a(n=1)\n"
			    "    <emit>:0  2.000000000  b(n=1)\n");
	CHECK(strstr(got.report, "no longer kept") == NULL);
}

TEST(threads_site_init_checks)
{
	sm_spec *spec = NULL;
	CHECK_INT(sm_spec_parse("t.sm", spec_text, strlen(spec_text), &spec, NULL, NULL), SM_OK);
	int req = sm_spec_event_id(spec, "req");
	int ok[1] = {1}, bad[1] = {2};
	sm_site site;
	CHECK_INT(sm_site_init(&site, spec, req, bad, 1), SM_ERR_INVAL);
	CHECK_INT(sm_site_init(&site, spec, 99, ok, 1), SM_ERR_INVAL);
	CHECK_INT(sm_site_init(&site, spec, req, NULL, 1), SM_ERR_INVAL);
	CHECK_INT(sm_site_init(NULL, spec, req, ok, 1), SM_ERR_INVAL);
	/* A site without the key field (dev): the general path, which steps
	 * every instance that agrees (none here), creates none. */
	CHECK_INT(sm_site_init(&site, spec, req, ok, 1), SM_OK);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	sm_val v[1] = {SM_VI(7)};
	CHECK_INT(sm_emit_vals(mon, &site, -1, v), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &site, -1, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_counts c;
	sm_monitor_counts(mon, &c);
	CHECK_INT((int)c.instances, 0);
	CHECK_INT((int)c.events, 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* The fast path's allowed leads (sm__relation_range) and the rules'
 * verdict (sm__relation_allows) agree for every relation, bound, tick and
 * lead near the edges. */
TEST(threads_relation_range_agrees_with_the_rules)
{
	enum sm__relation_kind rels[] = {SM__REL_PRECEDES, SM__REL_CAUSES, SM__REL_ALTERNATES,
				    SM__REL_SUBCLOCK, SM__REL_EXCLUDES, SM__REL_COINCIDES};
	for (size_t r = 0; r < sizeof rels / sizeof rels[0]; r++) {
		for (int64_t bound = 0; bound <= 3; bound++) {
			struct sm__ir_prop p;
			memset(&p, 0, sizeof p);
			p.rel = rels[r];
			p.bound = bound;
			for (int t = 0; t < 4; t++) {
				bool ta = t & 1, tb = t & 2;
				int64_t lo, hi;
				sm__relation_range(&p, ta, tb, &lo, &hi);
				for (int64_t lead = -6; lead <= 6; lead++)
					if (sm__relation_allows(&p, lead, ta, tb) !=
					    (lead >= lo && lead <= hi))
						FAIL("relation %d bound %lld ta %d tb %d lead %lld",
						     (int)rels[r], (long long)bound, ta, tb,
						     (long long)lead);
			}
		}
	}
}

/* ---- lane history: raw records, rebuilt for the report ---- */

static void emit_triple(sm_monitor *mon, const sm_site *site, int64_t ts_s, int64_t dev,
			int64_t n, int64_t m, int want)
{
	/* The site gives m, dev, n: not the declared order. */
	sm_val v[3] = {SM_VI(m), SM_VI(dev), SM_VI(n)};
	CHECK_INT(sm_emit_vals(mon, site, ts_s * 1000000000, v), want);
}

TEST(threads_history_values_in_declared_order)
{
	/* A site that gives its fields out of order: the record keeps them as
	 * given, the report shows them as declared (dev, the key, left out). */
	static const char text[] = "event a(dev, n, m)\n"
				   "event b(dev, n, m)\n"
				   "property pair per dev: a alternatesWith b\n"
				   "property all: a alternatesWith b\n";
	for (unsigned threads = 0; threads <= 1; threads++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(text, &spec, threads, 2, &got);
		int fields[3] = {2, 0, 1}; /* m, dev, n */
		sm_site sa, sb;
		ab_sites(spec, fields, 3, &sa, &sb);
		emit_triple(mon, &sa, 1, 1, 10, 20, SM_OK);
		emit_triple(mon, &sb, 2, 1, 11, 21, SM_OK);
		emit_triple(mon, &sb, 3, 1, 12, 22, SM_VIOLATION);
		/* The report of `all` (the global one) comes second. */
		CHECK_INT(got.violations, 2);
		const char *want = "  history of all:\n"
				   "    <emit>:0  1.000000000  a(dev=1, n=10, m=20)\n"
				   "    <emit>:0  2.000000000  b(dev=1, n=11, m=21)\n";
		CHECK_REPORTED(got, want);
		CHECK_INT(sm_monitor_finish(mon), 1);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

TEST(threads_history_strings_and_wide_events_are_not_kept)
{
	/* A step with a string value, or of an event with more than 8
	 * fields, shows its event without values; a string given for a name
	 * the event lacks (sm_emit_site) is no value of it. */
	static const char text[] = "event a(dev, n)\n"
				   "event b(dev, n)\n"
				   "event w(dev, f1, f2, f3, f4, f5, f6, f7, f8)\n"
				   "property pair per dev: a alternatesWith b\n"
				   "property wide per dev: w alternatesWith b\n";
	sm_spec *spec;
	struct captured got;
	sm_monitor *mon = captured_monitor(text, &spec, 0, 4, &got);
	int a = sm_spec_event_id(spec, "a"), w = sm_spec_event_id(spec, "w");
	int fa[2] = {0, 1}, fw[1] = {0};
	sm_site sa, sw, sb = {0};
	CHECK_INT(sm_site_init(&sa, spec, a, fa, 2), SM_OK);
	CHECK_INT(sm_site_init(&sw, spec, w, fw, 1), SM_OK);
	sm_val s[2] = {SM_VI(1), SM_VS("x")}, v[1] = {SM_VI(1)};
	CHECK_INT(sm_emit_vals(mon, &sa, 1000000000, s), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sw, 2000000000, v), SM_OK);
	sm_field f[] = {{"b", 0, NULL}, {"dev", 1, NULL}, {"nosuch", 0, "y"}, {"n", 5, NULL}};
	CHECK_INT(sm_emit_site(mon, &sb, 3000000000, f, 4), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sa, 4000000000, s), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sa, 5000000000, s), SM_VIOLATION);
	const char *want = "  history of pair[dev=1]:\n"
			   "    <emit>:0  1.000000000  a(...)\n"
			   "    <emit>:0  3.000000000  b(n=5)\n"
			   "    <emit>:0  4.000000000  a(...)\n";
	CHECK_REPORTED(got, want);
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	/* wide: w then b is fine; its pending report at the end would show
	 * w(...), but it is satisfied.  A second w is a violation. */
	mon = captured_monitor(text, &spec, 1, 4, &got);
	CHECK_INT(sm_site_init(&sw, spec, w, fw, 1), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sw, 1000000000, v), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sw, 2000000000, v), SM_VIOLATION);
	CHECK_REPORTED(got, "  history of wide[dev=1]:\n"
			    "    <emit>:0  1.000000000  w(...)\n");
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* The same on an instance that exists (the site's short path writes the
 * record there): each step of a wide event shows it without values, even
 * with no value but its key (`w()` if kept) or one of a field past the
 * 8th (f8).  Both ways of stepping (compare-and-swap, one thread). */
TEST(threads_history_wide_events_on_a_lane_instance)
{
	static const char text[] = "event w(dev, f1, f2, f3, f4, f5, f6, f7, f8)\n"
				   "event b(dev)\n"
				   "property wide per dev: w alternatesWith b\n";
	for (unsigned threads = 0; threads <= 1; threads++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(text, &spec, threads, 4, &got);
		int w = sm_spec_event_id(spec, "w"), b = sm_spec_event_id(spec, "b");
		int fkey[1] = {0}, fwide[2] = {0, 8};
		sm_site skey, swide, sb;
		CHECK_INT(sm_site_init(&skey, spec, w, fkey, 1), SM_OK);
		CHECK_INT(sm_site_init(&swide, spec, w, fwide, 2), SM_OK);
		CHECK_INT(sm_site_init(&sb, spec, b, fkey, 1), SM_OK);
		sm_val dev[1] = {SM_VI(1)}, dev_f8[2] = {SM_VI(1), SM_VI(7)};
		/* the first w makes the instance; the others step it */
		CHECK_INT(sm_emit_vals(mon, &skey, 1000000000, dev), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sb, 2000000000, dev), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &skey, 3000000000, dev), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sb, 4000000000, dev), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &swide, 5000000000, dev_f8), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &skey, 6000000000, dev), SM_VIOLATION);
		CHECK_REPORTED(got, "  history of wide[dev=1]:\n"
				    "    <emit>:0  2.000000000  b()\n"
				    "    <emit>:0  3.000000000  w(...)\n"
				    "    <emit>:0  4.000000000  b()\n"
				    "    <emit>:0  5.000000000  w(...)\n");
		CHECK_INT(sm_monitor_finish(mon), 1);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

/* The fields an emit carries count where the site's short path steps an
 * instance too: a field that only such emits gave is no missing field at
 * the end, while one that no emit gave is (the warning is there). */
TEST(threads_fields_given_on_a_lane_instance_count)
{
	static const char text[] = "event a(dev, n)\n"
				   "event b(dev)\n"
				   "event c(dev, m)\n"
				   "event d(dev)\n"
				   "property p per dev: a alternatesWith b\n"
				   "property q per dev: c alternatesWith d\n";
	char *warnings = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&warnings, &len);
	CHECK(err != NULL);
	sm_spec *spec;
	sm_monitor *mon = streamed_monitor(text, &spec, 0, NULL, err);
	int a = sm_spec_event_id(spec, "a"), b = sm_spec_event_id(spec, "b"),
	    c = sm_spec_event_id(spec, "c"), d = sm_spec_event_id(spec, "d");
	int fdev[1] = {0}, fboth[2] = {0, 1};
	sm_site sa, san, sb, sc, sd;
	CHECK_INT(sm_site_init(&sa, spec, a, fdev, 1), SM_OK);
	CHECK_INT(sm_site_init(&san, spec, a, fboth, 2), SM_OK);
	CHECK_INT(sm_site_init(&sb, spec, b, fdev, 1), SM_OK);
	CHECK_INT(sm_site_init(&sc, spec, c, fdev, 1), SM_OK);
	CHECK_INT(sm_site_init(&sd, spec, d, fdev, 1), SM_OK);
	sm_val dev[1] = {SM_VI(1)}, dev_n[2] = {SM_VI(1), SM_VI(5)};
	CHECK_INT(sm_emit_vals(mon, &sa, -1, dev), SM_OK); /* makes p's instance */
	CHECK_INT(sm_emit_vals(mon, &sb, -1, dev), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &san, -1, dev_n), SM_OK); /* steps it: n given */
	CHECK_INT(sm_emit_vals(mon, &sb, -1, dev), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sc, -1, dev), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sd, -1, dev), SM_OK);
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	fclose(err);
	if (!strstr(warnings, "event c matched 1 record, none with a field m"))
		FAIL("no warning of c's field m in:\n%s", warnings);
	if (strstr(warnings, "field n"))
		FAIL("a warning of a's field n in:\n%s", warnings);
	free(warnings);
}

/* An instance left pending is reported at the time of its last step, also
 * when the site's short path took it: a at 1 s (which makes the instance),
 * b at 2 s, a at 3 s, then the end.  Both ways of stepping. */
TEST(threads_pending_at_the_last_step_of_a_lane_instance)
{
	for (unsigned threads = 0; threads <= 1; threads++) {
		char *reports = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&reports, &len);
		CHECK(out != NULL);
		sm_spec *spec;
		sm_monitor *mon = streamed_monitor(pair_text, &spec, threads, out, NULL);
		int fields[2] = {0, 1};
		sm_site sa, sb;
		ab_sites(spec, fields, 2, &sa, &sb);
		const sm_site *order[] = {&sa, &sb, &sa};
		for (int k = 0; k < 3; k++) {
			sm_val v[2] = {SM_VI(1), SM_VI(k)};
			CHECK_INT(sm_emit_vals(mon, order[k], (int64_t)(k + 1) * 1000000000, v),
				  SM_OK);
		}
		CHECK_INT(sm_monitor_finish(mon), 0);
		sm_monitor_free(mon);
		sm_spec_free(spec);
		fclose(out);
		if (!strstr(reports, "<emit>:0: 3.000000000 pending pair[dev=1]: "))
			FAIL("threads %u: no pending report at 3 s in:\n%s", threads, reports);
		free(reports);
	}
}

/* A key given as a string through a site is a key of its own, never the
 * integer its value's word holds (0 for SM_VS): a and b on dev 0, then a
 * on dev "x" (a new instance) and a on dev 0 (its second round), then the
 * b of each: no violation.  Both ways of stepping. */
TEST(threads_string_key_through_a_site_is_its_own)
{
	for (unsigned threads = 0; threads <= 1; threads++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(pair_text, &spec, threads, 2, &got);
		int fields[1] = {0};
		sm_site sa, sb;
		ab_sites(spec, fields, 1, &sa, &sb);
		sm_val zero[1] = {SM_VI(0)}, x[1] = {SM_VS("x")};
		const sm_site *order[] = {&sa, &sb, &sa, &sa, &sb, &sb};
		const sm_val *vals[] = {zero, zero, x, zero, x, zero};
		for (int k = 0; k < 6; k++)
			if (sm_emit_vals(mon, order[k], -1, vals[k]) != SM_OK)
				FAIL("threads %u: emit %d is no SM_OK:\n%s", threads, k, got.report);
		CHECK_INT(sm_monitor_finish(mon), 0);
		CHECK_INT(got.violations, 0);
		sm_counts c;
		sm_monitor_counts(mon, &c);
		CHECK_INT(c.events, 6);
		CHECK_INT(c.pending, 0);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

TEST(threads_history_across_the_ring_end)
{
	/* History 2: a ring of 16384 words, a record of two values 6 words.
	 * Key 1 steps 5001 times (30006 words: the ring wraps, with a pad
	 * word) and its last two steps are still found.  Key 2's `a` is
	 * followed by 3000 steps of key 3 (18000 words): when key 2 then
	 * fails, its `a` is gone and the report says earlier steps are not
	 * kept. */
	sm_spec *spec;
	struct captured got;
	sm_monitor *mon = captured_monitor(pair_text, &spec, 0, 2, &got);
	int fields[2] = {0, 1};
	sm_site sa, sb;
	ab_sites(spec, fields, 2, &sa, &sb);
	for (int64_t k = 0; k <= 5000; k++) {
		sm_val v[2] = {SM_VI(1), SM_VI(k)};
		CHECK_INT(sm_emit_vals(mon, k % 2 ? &sb : &sa, k, v), SM_OK);
	}
	sm_val last[2] = {SM_VI(1), SM_VI(7)};
	CHECK_INT(sm_emit_vals(mon, &sa, 5001, last), SM_VIOLATION);
	CHECK_REPORTED(got, "  history of pair[dev=1]:\n"
			    "    <emit>:0  0.000004999  b(n=4999)\n"
			    "    <emit>:0  0.000005000  a(n=5000)\n");
	CHECK(strstr(got.report, "no longer kept") == NULL);
	sm_val two[2] = {SM_VI(2), SM_VI(0)};
	CHECK_INT(sm_emit_vals(mon, &sa, 6000, two), SM_OK);
	for (int64_t k = 0; k < 3000; k++) {
		sm_val v[2] = {SM_VI(3), SM_VI(k)};
		CHECK_INT(sm_emit_vals(mon, k % 2 ? &sb : &sa, 7000 + k, v), SM_OK);
	}
	CHECK_INT(sm_emit_vals(mon, &sb, 20000, two), SM_OK);
	CHECK_INT(sm_emit_vals(mon, &sb, 20001, two), SM_VIOLATION);
	CHECK_REPORTED(got, "  history of pair[dev=2]:\n"
			    "    (earlier steps no longer kept: the history log is bounded)\n"
			    "    <emit>:0  0.000020000  b(n=0)\n");
	CHECK_INT(got.violations, 2);
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* The same right at the ring's end, where the test above has no report: a
 * ring starts again before a record would run past its end.  With records
 * of one value (5 words), the 3277th step's, at word 16380, is the first
 * that would.  Around it, the report after each number of steps shows the
 * last two, in order. */
TEST(threads_history_reported_right_at_the_ring_end)
{
	for (int steps = 3270; steps <= 3290; steps++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(dev_pair_text, &spec, 1, 2, &got);
		int fdev[1] = {0};
		sm_site s[2];
		ab_sites(spec, fdev, 1, &s[0], &s[1]);
		sm_val dev[1] = {SM_VI(1)};
		for (int k = 1; k <= steps; k++)
			CHECK_INT(sm_emit_vals(mon, &s[(k - 1) % 2], (int64_t)k * 1000000000, dev),
				  SM_OK);
		/* the last event again: an a while an a waits, or a b with none */
		int last = (steps - 1) % 2;
		CHECK_INT(sm_emit_vals(mon, &s[last], (int64_t)(steps + 1) * 1000000000, dev),
			  SM_VIOLATION);
		char want[160];
		snprintf(want, sizeof want,
			 "  history of p[dev=1]:\n    <emit>:0  %d.000000000  %s()\n"
			 "    <emit>:0  %d.000000000  %s()\n",
			 steps - 1, last ? "a" : "b", steps, last ? "b" : "a");
		CHECK_REPORTED(got, want);
		CHECK_INT(sm_monitor_finish(mon), 1);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

/* The monitor finished (verdict: sm_monitor_finish's answer) has these
 * counts; then it and its spec are freed. */
static void finish_with(sm_monitor *mon, sm_spec *spec, int verdict, uint64_t instances,
			uint64_t violations, uint64_t pending, uint64_t events)
{
	CHECK_INT(sm_monitor_finish(mon), verdict);
	sm_counts c;
	sm_monitor_counts(mon, &c);
	CHECK_INT(c.instances, instances);
	CHECK_INT(c.violations, violations);
	CHECK_INT(c.pending, pending);
	CHECK_INT(c.events, events);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* Keys emitted in a pass over 3000 of them, spread over the whole range:
 * key k is k * 7919 - 3000000000 (negatives and positives).  More keys
 * than a thread's cache of one-field keys has slots (1024): several share
 * each slot, one after the other. */
static int64_t spread_key(int k)
{
	return (int64_t)k * 7919 - 3000000000;
}

TEST(threads_keys_sharing_a_cache_slot)
{
	/* a on the even keys, then b on all: each odd key's b comes with no a
	 * before it, a violation (1500); then a on all: every key is left at
	 * lead 1, pending (3000).  A key found as another's instance would
	 * move the counts.  The last report is of the last odd key, 2999.  On
	 * any thread (CAS) and on one (plain stores), history 5 and 0. */
	for (unsigned setup = 0; setup < 4; setup++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(pair_text, &spec, setup & 1, setup & 2 ? 0 : 5,
						   &got);
		int fields[2] = {0, 1};
		sm_site sa, sb;
		ab_sites(spec, fields, 2, &sa, &sb);
		int returned = 0;
		for (int k = 0; k < 3000; k += 2) {
			sm_val v[2] = {SM_VI(spread_key(k)), SM_VI(1)};
			CHECK_INT(sm_emit_vals(mon, &sa, -1, v), SM_OK);
		}
		for (int k = 0; k < 3000; k++) {
			sm_val v[2] = {SM_VI(spread_key(k)), SM_VI(2)};
			returned += sm_emit_vals(mon, &sb, -1, v) == SM_VIOLATION;
		}
		for (int k = 0; k < 3000; k++) {
			sm_val v[2] = {SM_VI(spread_key(k)), SM_VI(3)};
			CHECK_INT(sm_emit_vals(mon, &sa, -1, v), SM_OK);
		}
		CHECK_INT(returned, 1500);
		CHECK_REPORTED(got, "violation of pair[dev=-2976250919]: b(dev=-2976250919, "
				    "n=2)");
		finish_with(mon, spec, 1, 3000, 1500, 3000, 7500);
	}
}

/* Keys as programs have them, 6516 in all: a run (0..2999, whole runs of
 * 8 that share a stripe and a line of cells), a stride of 8 and one of 64 from a
 * pointer's base (their low bits all alike), a run below zero, and the
 * ends of the range. */
static size_t key_kinds(int64_t *key)
{
	size_t n = 0;
	for (int64_t k = 0; k < 3000; k++)
		key[n++] = k;
	for (int64_t k = 0; k < 1000; k++)
		key[n++] = ((int64_t)1 << 40) + 8 * k;
	for (int64_t k = 0; k < 1000; k++)
		key[n++] = (int64_t)(0xffff888000000000ull + 64 * (uint64_t)k);
	for (int64_t k = -1500; k < 0; k++)
		key[n++] = k;
	for (int64_t k = 0; k < 8; k++) {
		key[n++] = INT64_MIN + k;
		key[n++] = INT64_MAX - k;
	}
	return n;
}

TEST(threads_keys_in_runs_strides_and_at_the_ends)
{
	/* a on every key but each third (i % 3 == 2); then b on all: exactly
	 * those thirds violate (a b with no a), one emit each; then a on the
	 * even ones, left pending.  A key that found another's instance, or
	 * none where it had one, would change an emit's answer or the
	 * counts.  Through sites (the lean step's lookup) and sm_emit_args
	 * (the general one's) by turns, on any thread and on one. */
	static int64_t key[7000];
	size_t n = key_kinds(key);
	CHECK_INT(n, 6516);
	for (unsigned threads = 0; threads < 2; threads++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(dev_pair_text, &spec, threads, 5, &got);
		int dev = 0;
		sm_site sa, sb;
		ab_sites(spec, &dev, 1, &sa, &sb);
		int a = sm_spec_event_id(spec, "a");
		size_t thirds = 0, evens = 0;
		for (size_t i = 0; i < n; i++) {
			sm_val v[1] = {SM_VI(key[i])};
			sm_arg arg = {0, key[i], NULL};
			if (i % 3 != 2)
				CHECK_INT(i % 2 ? sm_emit_vals(mon, &sa, -1, v)
						: sm_emit_args(mon, a, -1, &arg, 1), SM_OK);
		}
		for (size_t i = 0; i < n; i++) {
			sm_val v[1] = {SM_VI(key[i])};
			thirds += i % 3 == 2;
			CHECK_INT(sm_emit_vals(mon, &sb, -1, v), i % 3 == 2 ? SM_VIOLATION : SM_OK);
		}
		for (size_t i = 0; i < n; i += 2, evens++) {
			sm_val v[1] = {SM_VI(key[i])};
			CHECK_INT(sm_emit_vals(mon, &sa, -1, v), SM_OK);
		}
		CHECK_INT(thirds, 2172);
		CHECK_INT(evens, 3258);
		CHECK_REPORTED(got, "violation of p[dev=9223372036854775800]");
		finish_with(mon, spec, 1, 6516, 2172, 3258, 6516 - 2172 + 6516 + 3258);
	}
}

#define NEIGHBOURS 200000

struct neighbours {
	sm_monitor *mon;
	const sm_site *site;
	int64_t first;
	int bad; /* emits that did not return SM_OK */
};

static void *neighbour_keys(void *arg)
{
	struct neighbours *n = arg;
	for (int64_t k = n->first; k < NEIGHBOURS; k += 2) {
		sm_val v[1] = {SM_VI(k)};
		n->bad += sm_emit_vals(n->mon, n->site, -1, v) != SM_OK;
	}
	return NULL;
}

TEST(threads_neighbouring_keys_made_at_once)
{
	/* Two threads make new keys side by side: one a on the even keys,
	 * the other on the odd ones, so that each probes cells of the run's
	 * stripe as the other fills them.  Every a is a new key's first step:
	 * none may violate, and there are as many instances as keys.  (A
	 * lookup that read a cell empty and then read it again took the
	 * other thread's new instance for its own key's: one a run in five
	 * or so saw a false violation and an instance too few.)  Four runs. */
	for (int run = 0; run < 4; run++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(dev_pair_text, &spec, 0, 0, &got);
		int dev = 0;
		sm_site sa, sb;
		ab_sites(spec, &dev, 1, &sa, &sb);
		struct neighbours job[2] = {{mon, &sa, 0, 0}, {mon, &sa, 1, 0}};
		pthread_t th[2];
		for (int t = 0; t < 2; t++)
			CHECK_INT(pthread_create(&th[t], NULL, neighbour_keys, &job[t]), 0);
		for (int t = 0; t < 2; t++)
			CHECK_INT(pthread_join(th[t], NULL), 0);
		CHECK_INT(job[0].bad, 0);
		CHECK_INT(job[1].bad, 0);
		finish_with(mon, spec, 0, NEIGHBOURS, 0, NEIGHBOURS, NEIGHBOURS);
	}
}

TEST(threads_emit_macro_history_in_declared_order)
{
	/* threads_site_history_of_a_lane_instance's emits through SM_EMIT_AT,
	 * the values given n first: the history shows them in declared
	 * order, the same lines.  Then dev x, a string key (not the lean
	 * step's): a, b fine, the second b a violation. */
	sm_spec *spec;
	struct captured got;
	sm_monitor *mon = captured_monitor(pair_text, &spec, 0, 3, &got);
	const int64_t s = 1000000000;
	CHECK_INT(SM_EMIT_AT(mon, 1 * s, a, SM_INT(n, 1), SM_INT(dev, 1)), SM_OK);
	CHECK_INT(SM_EMIT_AT(mon, 2 * s, b, SM_INT(n, 1), SM_INT(dev, 1)), SM_OK);
	CHECK_INT(SM_EMIT_AT(mon, 3 * s, a, SM_INT(n, 2), SM_INT(dev, 1)), SM_OK);
	CHECK_INT(SM_EMIT_AT(mon, 4 * s, b, SM_INT(n, 2), SM_INT(dev, 1)), SM_OK);
	CHECK_INT(SM_EMIT_AT(mon, 5 * s, b, SM_INT(n, 3), SM_INT(dev, 1)), SM_VIOLATION);
	const char *want = pair_history_3;
	CHECK_REPORTED(got, want);
	CHECK_REPORTED(got, "violation of pair[dev=1]: b(dev=1, n=3)");
	CHECK_INT(SM_EMIT_AT(mon, 6 * s, a, SM_INT(n, 4), SM_STR(dev, "x")), SM_OK);
	CHECK_INT(SM_EMIT_AT(mon, 7 * s, b, SM_INT(n, 4), SM_STR(dev, "x")), SM_OK);
	CHECK_INT(SM_EMIT_AT(mon, 8 * s, b, SM_INT(n, 5), SM_STR(dev, "x")), SM_VIOLATION);
	/* A string value is not kept in the history: "(...)" (see
	 * threads_history_strings_and_wide_events_are_not_kept). */
	CHECK_REPORTED(got, "violation of pair[dev=x]: b(dev=x, n=5)");
	CHECK_REPORTED(got, "  history of pair[dev=x]:\n"
			    "    <emit>:0  6.000000000  a(...)\n"
			    "    <emit>:0  7.000000000  b(...)\n");
	CHECK_INT(got.violations, 2);
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* Two relations keyed by one field each, whose keys take the same values:
 * neither steps the other's instance (each has its own part of a thread's
 * cache of keys).  On the same events (the general step) and on events of
 * their own (the lean step); worked out by hand in the comments. */
static const char two_keys_same_events[] =
	"event a(dev, q)\n"
	"event b(dev, q)\n"
	"property byd per dev: a alternatesWith b\n"
	"property byq per q: a precedes b\n";

static const char two_keys_own_events[] =
	"event a(dev)\n"
	"event b(dev)\n"
	"event c(q)\n"
	"event d(q)\n"
	"property byd per dev: a alternatesWith b\n"
	"property byq per q: c precedes d\n";

/* Emit `n` events named by names[k] with values vals[k] (one or two), on
 * each setup; expect the returns, violations, instances. */
static void emit_two_keyed(const char *text, const char *const *names, const int64_t (*vals)[2],
			   size_t nvals, size_t n, int violating, int violations, int instances)
{
	for (unsigned setup = 0; setup < 4; setup++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(text, &spec, setup & 1, setup & 2 ? 0 : 5, &got);
		for (size_t k = 0; k < n; k++) {
			int e = sm_spec_event_id(spec, names[k]);
			int fields[2] = {0, 1};
			sm_site site;
			CHECK_INT(sm_site_init(&site, spec, e, fields, nvals), SM_OK);
			sm_val v[2] = {SM_VI(vals[k][0]), SM_VI(vals[k][1])};
			CHECK_INT(sm_emit_vals(mon, &site, -1, v),
				  (int)k == violating ? SM_VIOLATION : SM_OK);
		}
		CHECK_INT(got.violations, violations);
		sm_monitor_finish(mon);
		sm_counts c;
		sm_monitor_counts(mon, &c);
		CHECK_INT(c.events, n);
		CHECK_INT(c.violations, violations);
		CHECK_INT(c.instances, instances);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

TEST(threads_two_relations_keep_their_own_keys)
{
	/* byd[1]: a, b, then b: a violation; byd[2]: a, b.  byq[1]: a, a,
	 * b, b, then b, a third b after two a: a violation.  The last event
	 * violates both: 2 violations, 3 instances. */
	const char *const same[] = {"a", "a", "b", "b", "b"};
	const int64_t same_vals[][2] = {{1, 1}, {2, 1}, {1, 1}, {2, 1}, {1, 1}};
	emit_two_keyed(two_keys_same_events, same, same_vals, 2, 5, 4, 2, 3);
	/* byq[1]: c, d.  byd[1]: a, b (the instance of byd's key 1, not of
	 * byq's, which is at lead 0, where byd's a would be allowed too).
	 * byq[1]: d, with no c before it: 1 violation, 2 instances. */
	const char *const own[] = {"c", "d", "a", "b", "d"};
	const int64_t own_vals[][2] = {{1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}};
	emit_two_keyed(two_keys_own_events, own, own_vals, 1, 5, 4, 1, 2);
}

/*
 * Rows come back.  A thread's counts, cache and history ring are its row's,
 * and there are 63 rows for threads (the rest share a 64th, which keeps no
 * history).  A thread that ends gives its row back, so that the hundredth
 * of threads made one after the other still has a row of its own: each of
 * them runs pair_run and its report has the history pair_history_3 (with
 * rows used up, the later threads' reports would have none).
 */
#define ONE_AFTER_ANOTHER 100

static void *pair_run_job(void *arg)
{
	*(struct captured *)arg = pair_run(0, 3);
	return NULL;
}

TEST(threads_rows_come_back_when_threads_end)
{
	for (int t = 0; t < ONE_AFTER_ANOTHER; t++) {
		pthread_t th;
		struct captured got;
		CHECK_INT(pthread_create(&th, NULL, pair_run_job, &got), 0);
		CHECK_INT(pthread_join(th, NULL), 0);
		CHECK_INT(got.violations, 1);
		CHECK_REPORTED(got, pair_history_3);
	}
}

/*
 * Threads that come and go on one monitor, WAVES waves of WAVE_THREADS at
 * once, the threads of a wave taking the rows (counts, caches, rings) the
 * threads of the waves before gave back, while the others of their wave
 * emit.  Thread number id (0 .. WAVES * WAVE_THREADS - 1) emits, through
 * sites, SPAN_ROUNDS rounds of req, done on each of its KEYS keys
 * (id * 100 + k: fine), then x, y (fine: its x before its y) and a lone z
 * (a violation of `z subclockOf w`).  Per thread: SPAN_ROUNDS * KEYS * 2 + 3
 * events, 1 violation; KEYS instances of io; nothing pending.
 */
#define WAVES 12
#define WAVE_THREADS 6
#define SPAN_ROUNDS 50

struct wave_run {
	sm_monitor *mon;
	const sm_spec *spec;
	int id, violations, errors;
};

static void *wave_worker(void *arg)
{
	struct wave_run *r = arg;
	const sm_spec *s = r->spec;
	int req = sm_spec_event_id(s, "req"), done = sm_spec_event_id(s, "done");
	int dev = sm_spec_field_id(s, req, "dev");
	sm_site sreq, sdone, sx, sy, sz;
	r->errors += sm_site_init(&sreq, s, req, &dev, 1) != SM_OK;
	r->errors += sm_site_init(&sdone, s, done, &dev, 1) != SM_OK;
	r->errors += sm_site_init(&sx, s, sm_spec_event_id(s, "x"), NULL, 0) != SM_OK;
	r->errors += sm_site_init(&sy, s, sm_spec_event_id(s, "y"), NULL, 0) != SM_OK;
	r->errors += sm_site_init(&sz, s, sm_spec_event_id(s, "z"), NULL, 0) != SM_OK;
	for (int round = 0; round < SPAN_ROUNDS; round++) {
		for (int k = 0; k < KEYS; k++) {
			sm_val v[1] = {SM_VI(r->id * 100 + k)};
			r->errors += sm_emit_vals(r->mon, &sreq, -1, v) != SM_OK;
			r->errors += sm_emit_vals(r->mon, &sdone, -1, v) != SM_OK;
		}
	}
	r->errors += sm_emit_vals(r->mon, &sx, -1, NULL) != SM_OK;
	r->errors += sm_emit_vals(r->mon, &sy, -1, NULL) != SM_OK;
	int rc = sm_emit_vals(r->mon, &sz, -1, NULL);
	r->violations += rc == SM_VIOLATION;
	r->errors += rc != SM_VIOLATION;
	return NULL;
}

TEST(threads_that_come_and_go_keep_exact_counts)
{
	sm_spec *spec = NULL;
	sm_reactor_counter counter = {0};
	sm_monitor *mon = counting_monitor(&spec, &counter);
	for (int w = 0; w < WAVES; w++) {
		pthread_t th[WAVE_THREADS];
		struct wave_run runs[WAVE_THREADS];
		for (int t = 0; t < WAVE_THREADS; t++) {
			runs[t] = (struct wave_run){mon, spec, w * WAVE_THREADS + t, 0, 0};
			CHECK_INT(pthread_create(&th[t], NULL, wave_worker, &runs[t]), 0);
		}
		for (int t = 0; t < WAVE_THREADS; t++) {
			CHECK_INT(pthread_join(th[t], NULL), 0);
			CHECK_INT(runs[t].errors, 0);
			CHECK_INT(runs[t].violations, 1);
		}
	}
	const int threads = WAVES * WAVE_THREADS;
	CHECK_INT((int)sm_reactor_count_get(&counter), threads);
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT((int)c.events, threads * (SPAN_ROUNDS * KEYS * 2 + 3));
	CHECK_INT((int)c.violations, threads);
	CHECK_INT((int)c.instances, threads * KEYS + 2); /* io; order, sub */
	CHECK_INT((int)c.pending, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/*
 * More threads at once than there are rows: CROWD threads each take a row
 * by a first emit (w: fine), wait until all have, then run wave_worker.
 * The 63 rows go to the first threads, the others share the last row.
 * The instances of a thread with a row of its own are carved from its own
 * chunks, those of the threads sharing the last row from their stripes'
 * chunks, under the stripe's lock: either way every key has one instance,
 * stepped exactly (wave_worker's counts: one violation a thread, nothing
 * pending).
 */
#define CROWD 70

struct crowd_run {
	struct wave_run run;
	pthread_barrier_t *all_have_rows;
};

static void *crowd_worker(void *arg)
{
	struct crowd_run *c = arg;
	sm_site sw;
	c->run.errors += sm_site_init(&sw, c->run.spec, sm_spec_event_id(c->run.spec, "w"), NULL,
				      0) != SM_OK;
	c->run.errors += sm_emit_vals(c->run.mon, &sw, -1, NULL) != SM_OK;
	pthread_barrier_wait(c->all_have_rows);
	return wave_worker(&c->run);
}

TEST(threads_beyond_the_rows_make_their_instances_too)
{
	sm_spec *spec = NULL;
	sm_reactor_counter counter = {0};
	sm_monitor *mon = counting_monitor(&spec, &counter);
	pthread_barrier_t all_have_rows;
	CHECK_INT(pthread_barrier_init(&all_have_rows, NULL, CROWD), 0);
	pthread_t th[CROWD];
	struct crowd_run runs[CROWD];
	for (int t = 0; t < CROWD; t++) {
		runs[t] = (struct crowd_run){{mon, spec, t, 0, 0}, &all_have_rows};
		CHECK_INT(pthread_create(&th[t], NULL, crowd_worker, &runs[t]), 0);
	}
	for (int t = 0; t < CROWD; t++) {
		CHECK_INT(pthread_join(th[t], NULL), 0);
		CHECK_INT(runs[t].run.errors, 0);
		CHECK_INT(runs[t].run.violations, 1);
	}
	pthread_barrier_destroy(&all_have_rows);
	CHECK_INT((int)sm_reactor_count_get(&counter), CROWD);
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT((int)c.events, CROWD * (1 + SPAN_ROUNDS * KEYS * 2 + 3));
	CHECK_INT((int)c.violations, CROWD);
	CHECK_INT((int)c.instances, CROWD * KEYS + 2); /* io; order, sub */
	CHECK_INT((int)c.pending, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* A field an emit does not give is not in the history of a lane instance
 * (as the engine's records leave it out): the site gives dev and id of
 * req(dev, vq, id), so its steps read req(id=9), not req(vq=0, id=9). */
TEST(threads_history_leaves_out_fields_not_given)
{
	static const char text[] = "event req(dev, vq, id)\n"
				   "event done(dev)\n"
				   "property p per dev: req alternatesWith done\n";
	for (unsigned threads = 0; threads <= 1; threads++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(text, &spec, threads, 4, &got);
		int req = sm_spec_event_id(spec, "req"), done = sm_spec_event_id(spec, "done");
		int fdev_id[2] = {0, 2}, fdev[1] = {0};
		sm_site sreq, sdone;
		CHECK_INT(sm_site_init(&sreq, spec, req, fdev_id, 2), SM_OK);
		CHECK_INT(sm_site_init(&sdone, spec, done, fdev, 1), SM_OK);
		sm_val dev_id[2] = {SM_VI(1), SM_VI(9)}, dev[1] = {SM_VI(1)};
		CHECK_INT(sm_emit_vals(mon, &sreq, 1000000000, dev_id), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sdone, 2000000000, dev), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sreq, 3000000000, dev_id), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sreq, 4000000000, dev_id), SM_VIOLATION);
		CHECK_REPORTED(got, "  history of p[dev=1]:\n"
				    "    <emit>:0  1.000000000  req(id=9)\n"
				    "    <emit>:0  2.000000000  done()\n"
				    "    <emit>:0  3.000000000  req(id=9)\n");
		CHECK_INT(sm_monitor_finish(mon), 1);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

/* --max-instances on a lane property: dev=1 and dev=2 are made, dev=3's
 * a is refused (an event not checked), twice; dev=1's b steps its own. */
TEST(threads_max_instances_refuses_the_one_past_on_a_lane)
{
	for (unsigned threads = 0; threads <= 1; threads++) {
		sm_spec *spec;
		CHECK_INT(sm_spec_parse("t.sm", dev_pair_text, strlen(dev_pair_text), &spec, NULL, NULL),
			  SM_OK);
		sm_options opt;
		sm_options_init(&opt);
		opt.out = opt.err = NULL;
		opt.threads = threads;
		opt.max_instances = 2;
		sm_monitor *mon = NULL;
		CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
		int fdev[1] = {0};
		sm_site sa, sb;
		ab_sites(spec, fdev, 1, &sa, &sb);
		sm_val d1[1] = {SM_VI(1)}, d2[1] = {SM_VI(2)}, d3[1] = {SM_VI(3)};
		CHECK_INT(sm_emit_vals(mon, &sa, 1, d1), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sa, 2, d2), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sa, 3, d3), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sb, 4, d1), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sa, 5, d3), SM_OK);
		CHECK_INT(sm_monitor_finish(mon), 0); /* dev=2 pending: no violation */
		sm_counts c; /* the lanes' counts join the totals at the end */
		CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
		CHECK_INT(c.instances, 2);
		CHECK_INT(c.refused, 2);
		CHECK_INT(c.pending, 1);
		sm_monitor_free(mon);
		sm_spec_free(spec);
	}
}

/* Two threads, both alive, take turns on one instance: their steps are in
 * two rings (a row each), and a report merges them by time.  Four steps:
 * a at 1 s, b at 2 s, a at 3 s and 4 s, each by the thread whose mine
 * has its bit. */
struct turns {
	sm_monitor *mon;
	const sm_site *a, *b;
	const sm_val *vals; /* each emit's */
	pthread_barrier_t *turn;
	unsigned mine;  /* bit k: step k is this thread's */
	int results[4]; /* of its steps */
};

static void *take_turns(void *arg)
{
	struct turns *t = arg;
	for (int k = 0; k < 4; k++) {
		if (t->mine >> k & 1)
			t->results[k] = sm_emit_vals(t->mon, k == 1 ? t->b : t->a,
						     (int64_t)(k + 1) * 1000000000, t->vals);
		pthread_barrier_wait(t->turn);
	}
	return NULL;
}

/* Two threads, both alive, take their turns (take_turns) on mon, the
 * first's steps those of first_mine; their results, valid until the next
 * call. */
static struct turns *run_turns(sm_monitor *mon, const sm_site *a, const sm_site *b,
			       const sm_val *vals, unsigned first_mine)
{
	static struct turns t[2];
	pthread_barrier_t turn;
	CHECK_INT(pthread_barrier_init(&turn, NULL, 2), 0);
	for (int k = 0; k < 2; k++)
		t[k] = (struct turns){mon, a, b, vals, &turn, k ? ~first_mine & 15 : first_mine,
				      {-1, -1, -1, -1}};
	pthread_t th[2];
	for (int k = 0; k < 2; k++)
		CHECK_INT(pthread_create(&th[k], NULL, take_turns, &t[k]), 0);
	for (int k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	pthread_barrier_destroy(&turn);
	return t;
}

TEST(threads_history_merges_two_threads_rings_by_time)
{
	sm_spec *spec;
	struct captured got;
	sm_monitor *mon = captured_monitor(dev_pair_text, &spec, 0, 4, &got);
	int fdev[1] = {0};
	sm_site sa, sb;
	ab_sites(spec, fdev, 1, &sa, &sb);
	sm_val dev[1] = {SM_VI(1)};
	struct turns *t = run_turns(mon, &sa, &sb, dev, 5); /* the first: 1 s, 3 s */
	/* a at 1 s, b at 2 s, a at 3 s; a at 4 s while that a waits */
	CHECK_INT(t[0].results[0], SM_OK);
	CHECK_INT(t[1].results[1], SM_OK);
	CHECK_INT(t[0].results[2], SM_OK);
	CHECK_INT(t[1].results[3], SM_VIOLATION);
	CHECK_REPORTED(got, "  history of p[dev=1]:\n"
			    "    <emit>:0  1.000000000  a()\n"
			    "    <emit>:0  2.000000000  b()\n"
			    "    <emit>:0  3.000000000  a()\n");
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* The text of a monitor streamed to memory, with the history asked:
 * open with streamed_open, read after streamed_close. */
struct streamed {
	char *text;
	size_t len;
	FILE *out;
};

static sm_monitor *streamed_open(struct streamed *st, const char *text, sm_spec **spec,
				 unsigned history)
{
	*st = (struct streamed){NULL, 0, NULL};
	st->out = open_memstream(&st->text, &st->len);
	CHECK(st->out != NULL);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = st->out;
	opt.err = NULL;
	opt.history = history;
	return monitor_of(text, spec, &opt);
}

static void streamed_close(struct streamed *st, sm_monitor *mon, sm_spec *spec)
{
	sm_monitor_free(mon);
	sm_spec_free(spec);
	fclose(st->out);
}

/* A report's history is read from the ring of every thread that stepped
 * the instance, on each way a step finds it: the only instance of a
 * property without `per` (every thread's), a key of two fields (looked
 * up in the stripe's table), an automaton's (the general step).  Two
 * threads take turns (take_turns): the first's a at 1 s, the second's b
 * at 2 s (its only step, by the lean way where one is), the first's a at
 * 3 s and at 4 s, which each property finds a second a after an a: three
 * violations, each with the three steps before it, the second's b among
 * them. */
TEST(threads_history_gathers_every_thread_that_stepped)
{
	static const char text[] = "event a(dev, q)\nevent b(dev, q)\n"
				   "property g: a alternatesWith b\n"
				   "property k per (dev, q): a alternatesWith b\n"
				   "automaton m per dev {\n"
				   "    initial idle\n"
				   "    idle -> busy on a\n"
				   "    busy -> idle on b\n"
				   "}\n";
	struct streamed st;
	sm_spec *spec;
	sm_monitor *mon = streamed_open(&st, text, &spec, 5);
	int fields[2] = {0, 1};
	sm_site sa, sb;
	ab_sites(spec, fields, 2, &sa, &sb);
	sm_val vals[2] = {SM_VI(1), SM_VI(2)};
	struct turns *t = run_turns(mon, &sa, &sb, vals, 13); /* the first: 1, 3, 4 s */
	CHECK_INT(t[0].results[0], SM_OK);
	CHECK_INT(t[1].results[1], SM_OK);
	CHECK_INT(t[0].results[2], SM_OK);
	CHECK_INT(t[0].results[3], SM_VIOLATION);
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT(c.violations, 3);
	streamed_close(&st, mon, spec);
	/* the key's fields are left out of each step: all of them for k */
	const char *want[] = {"  history of g:\n"
			      "    <emit>:0  1.000000000  a(dev=1, q=2)\n"
			      "    <emit>:0  2.000000000  b(dev=1, q=2)\n"
			      "    <emit>:0  3.000000000  a(dev=1, q=2)\n",
			      "  history of k[dev=1, q=2]:\n"
			      "    <emit>:0  1.000000000  a()\n"
			      "    <emit>:0  2.000000000  b()\n"
			      "    <emit>:0  3.000000000  a()\n",
			      "  history of m[dev=1]:\n"
			      "    <emit>:0  1.000000000  a(q=2)   idle -> busy\n"
			      "    <emit>:0  2.000000000  b(q=2)   busy -> idle\n"
			      "    <emit>:0  3.000000000  a(q=2)   idle -> busy\n"};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
		if (!strstr(st.text, want[k]))
			FAIL("not in the reports:\n%s--- the reports:\n%s", want[k], st.text);
	free(st.text);
}

/* Keys 0 .. PENDING_KEYS - 1 of pair_text, each left pending: the test
 * thread's a (n=k) at 10k + 1 s and b (n=k + 1) at 10k + 2 s, then a
 * (n=k + 2) at 10 PENDING_KEYS + k s, the test thread's on even keys,
 * another thread's on odd ones: the instances of a gather have their
 * steps in one ring or in two (the first of each gather, an even key, in
 * one).  History 9: the test thread's ring (2^17 words at 9 steps, 8192
 * words a step) keeps its 12500 records of 6 words; more instances than
 * a gather takes (lanes.c: GATHER_BYTES / (2 rings x 9 steps x 88 bytes)
 * = 2648). */
#define PENDING_KEYS 5000
#define PENDING_HISTORY 9

static int64_t secs(int64_t s)
{
	return s * 1000000000;
}

struct third {
	sm_monitor *mon;
	const sm_site *a;
	int odd; /* the keys: 0 even, 1 odd */
	int bad;
};

static void *third_steps(void *arg)
{
	struct third *t = arg;
	for (int64_t k = t->odd; k < PENDING_KEYS; k += 2) {
		sm_val v[2] = {SM_VI(k), SM_VI(k + 2)};
		t->bad |= sm_emit_vals(t->mon, t->a, secs(10 * PENDING_KEYS + k), v) != SM_OK;
	}
	return NULL;
}

/* The pending reports at the end show each instance its own history, its
 * steps from the rings that hold them in time order, in the order the
 * instances were made. */
TEST(threads_pending_histories_of_many_instances)
{
	struct streamed st;
	sm_spec *spec;
	sm_monitor *mon = streamed_open(&st, pair_text, &spec, PENDING_HISTORY);
	int fields[2] = {0, 1};
	sm_site sa, sb;
	ab_sites(spec, fields, 2, &sa, &sb);
	for (int64_t k = 0; k < PENDING_KEYS; k++) {
		sm_val a[2] = {SM_VI(k), SM_VI(k)}, b[2] = {SM_VI(k), SM_VI(k + 1)};
		CHECK_INT(sm_emit_vals(mon, &sa, secs(10 * k + 1), a), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sb, secs(10 * k + 2), b), SM_OK);
	}
	struct third even = {mon, &sa, 0, 0}, t = {mon, &sa, 1, 0};
	third_steps(&even);
	CHECK_INT(even.bad, 0);
	pthread_t th;
	CHECK_INT(pthread_create(&th, NULL, third_steps, &t), 0);
	CHECK_INT(pthread_join(th, NULL), 0);
	CHECK_INT(t.bad, 0);
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT(c.pending, PENDING_KEYS);
	CHECK_INT(c.violations, 0);
	streamed_close(&st, mon, spec);
	const char *at = st.text;
	for (int64_t k = 0; k < PENDING_KEYS; k++) {
		char want[512];
		snprintf(want, sizeof want,
			 "  history of pair[dev=%lld]:\n"
			 "    <emit>:0  %lld.000000000  a(n=%lld)\n"
			 "    <emit>:0  %lld.000000000  b(n=%lld)\n"
			 "    <emit>:0  %lld.000000000  a(n=%lld)\n",
			 (long long)k, (long long)(10 * k + 1), (long long)k,
			 (long long)(10 * k + 2), (long long)k + 1,
			 (long long)(10 * PENDING_KEYS + k), (long long)k + 2);
		const char *found = strstr(at, want);
		if (!found)
			FAIL("key %lld: not next in the reports:\n%s--- from:\n%.600s", (long long)k,
			     want, at);
		at = found + strlen(want);
	}
	free(st.text);
}

/* Keys of two fields, and string keys, in tables that grow: a table that
 * doubles puts each instance again by its key's hash, worked out anew
 * (instances do not keep it).  GROW_KEYS keys of each, 78 a stripe of
 * 1024, so each stripe's table doubles from 8 cells to 256; a on each
 * key, then b on each: every b finds its key's own instance (or it would
 * make one, and a violation), while those that b made idle are
 * reclaimed and taken out of the tables around them (more keys than
 * SM__RECLAIM_QUEUE: some 15000 go). */
#define GROW_KEYS 80000

TEST(threads_keys_found_again_after_their_tables_grow)
{
	static const char *texts[] = {
		"event a(dev, q)\nevent b(dev, q)\nproperty p per (dev, q): a alternatesWith b\n",
		"event a(dev, q)\nevent b(dev, q)\nproperty p per dev: a alternatesWith b\n"};
	static char names[GROW_KEYS][16];
	for (int k = 0; k < GROW_KEYS; k++)
		snprintf(names[k], sizeof names[k], "k%d", k);
	for (int strings = 0; strings < 2; strings++) {
		sm_spec *spec;
		struct captured got;
		sm_monitor *mon = captured_monitor(texts[strings], &spec, 0, 0, &got);
		int fields[2] = {0, 1};
		sm_site sa, sb;
		ab_sites(spec, fields, 2, &sa, &sb);
		for (int round = 0; round < 2; round++)
			for (int k = 0; k < GROW_KEYS; k++) {
				sm_val v[2] = {SM_VI(k / 7), SM_VI(k % 7)};
				if (strings)
					v[0] = SM_VS(names[k]);
				CHECK_INT(sm_emit_vals(mon, round == 1 ? &sb : &sa, -1, v), SM_OK);
			}
		finish_with(mon, spec, 0, GROW_KEYS, 0, 0, 2 * GROW_KEYS);
	}
}

/* ---- reclaiming ---- */

/* Instances the single thread of a test reclaims when it has made
 * `made` (each queued when made, and idle when looked at): a sweep when
 * the queue is full at a push, the first at push SM__RECLAIM_QUEUE + 1,
 * then every SM__RECLAIM_BATCH pushes, each reclaiming SM__RECLAIM_BATCH
 * (lanes.c, struct reclaim). */
static uint64_t reclaimed_after(uint64_t made)
{
	if (made <= SM__RECLAIM_QUEUE)
		return 0;
	return ((made - SM__RECLAIM_QUEUE - 1) / SM__RECLAIM_BATCH + 1) * SM__RECLAIM_BATCH;
}

/* A key per request (a, then b) through sm_emit: instances back in their
 * idle state are reclaimed, and a key met again is as new.  FRESH_KEYS
 * keys, then keys 0 .. 9 again, b first (a violation, as it is for an
 * instance left idle) and then a (each left pending).  Then a b without
 * the key reaches the live instances but not those reclaimed (the
 * warning says how many went): it closes the ten pending, and is a
 * violation in each of the others, idle. */
#define FRESH_KEYS 100000

/* A monitor of dev_pair_text, and FRESH_KEYS keys through it: a, then b,
 * each key its own (*sa, *sb: the sites of a and b). */
static sm_monitor *fresh_keys_run(sm_options *opt, sm_spec **spec, sm_site *sa, sm_site *sb)
{
	sm_monitor *mon = monitor_of(dev_pair_text, spec, opt);
	int fdev[1] = {0};
	ab_sites(*spec, fdev, 1, sa, sb);
	for (int64_t k = 0; k < FRESH_KEYS; k++) {
		sm_val v[1] = {SM_VI(k)};
		CHECK_INT(sm_emit_vals(mon, sa, secs(1) + 2 * k, v), SM_OK);
		CHECK_INT(sm_emit_vals(mon, sb, secs(1) + 2 * k + 1, v), SM_OK);
	}
	return mon;
}

TEST(threads_fresh_keys_reclaimed_and_met_again_as_new)
{
	char *text = NULL, *err = NULL;
	size_t len = 0, err_len = 0;
	FILE *out = open_memstream(&text, &len), *err_out = open_memstream(&err, &err_len);
	CHECK(out && err_out);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = out;
	opt.err = err_out;
	opt.json = 1;
	opt.history = 0; /* the many reports short */
	sm_spec *spec;
	sm_site sa, sb;
	sm_monitor *mon = fresh_keys_run(&opt, &spec, &sa, &sb);
	for (int64_t k = 0; k < 10; k++) {
		sm_val v[1] = {SM_VI(k)};
		CHECK_INT(sm_emit_vals(mon, &sb, secs(2) + 2 * k, v), SM_VIOLATION);
		CHECK_INT(sm_emit_vals(mon, &sa, secs(2) + 2 * k + 1, v), SM_OK);
	}
	CHECK_INT(sm_emit(mon, sm_spec_event_id(spec, "b"), secs(3), NULL, 0), SM_VIOLATION);
	CHECK_INT(sm_monitor_finish(mon), 1);
	uint64_t gone = reclaimed_after(FRESH_KEYS + 10), live = FRESH_KEYS + 10 - gone;
	CHECK_INT(gone, 34816); /* 34 sweeps: worked out by hand from the rule */
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT(c.instances, FRESH_KEYS + 10);
	CHECK_INT(c.violations, live); /* the 10 first b's, the last b in the live but 10 */
	CHECK_INT(c.pending, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	fclose(out);
	fclose(err_out);
	char want[200];
	snprintf(want, sizeof want, "\"reclaimed\":%" PRIu64, gone);
	if (!strstr(text, want))
		FAIL("no %s in the output:\n%s", want, text);
	snprintf(want, sizeof want, "but not the %" PRIu64 " reclaimed before", gone);
	if (!strstr(err, want) && !strstr(text, want))
		FAIL("no warning with %s:\n%s%s", want, err, text);
	free(text);
	free(err);
}

/* Where the kernel refuses membarrier(2) (sm__membarrier_refused_test),
 * threads emitting at once cannot reclaim: the monitor says so once, for
 * the property with a key, and keeps every instance.  With options.threads
 * = 1 it needs no membarrier: it says nothing, and reclaims. */
static void fresh_keys_without_membarrier(unsigned threads, const char *want_warning,
					  uint64_t want_reclaimed)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	CHECK(out != NULL);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = out;
	opt.json = 1;
	opt.history = 0;
	opt.threads = threads;
	sm__membarrier_refused_test = true;
	sm_spec *spec;
	sm_site sa, sb;
	sm_monitor *mon = fresh_keys_run(&opt, &spec, &sa, &sb);
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT(c.instances, FRESH_KEYS);
	CHECK_INT(c.warnings, want_warning ? 1 : 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	fclose(out);
	if (want_warning && !strstr(text, want_warning))
		FAIL("no warning with %s:\n%s", want_warning, text);
	char want[64];
	snprintf(want, sizeof want, "\"reclaimed\":%" PRIu64, want_reclaimed);
	if (want_reclaimed ? !strstr(text, want) : strstr(text, "\"reclaimed\"") != NULL)
		FAIL("reclaimed: expected %" PRIu64 " in the output:\n%s", want_reclaimed, text);
	free(text);
}

TEST(threads_refused_membarrier_warns_and_keeps_instances)
{
	fresh_keys_without_membarrier(0, "\"kind\":\"no-reclaim\",\"property\":\"p\"", 0);
}

TEST(threads_one_thread_reclaims_without_membarrier)
{
	fresh_keys_without_membarrier(1, NULL, reclaimed_after(FRESH_KEYS));
}

/* A room reused keeps the rings of the threads that stepped its earlier
 * instances (rows), whose steps a report must not take for the new
 * instance's.  History 128: each thread's ring (2^20 words) keeps every
 * step it makes here (5 words each).  The test thread makes OLD_KEYS
 * keys (a at 1 s + k ns, each queued when made), another thread closes
 * them (b at 2 s + k ns), then the test thread runs FRESH_RUN fresh keys
 * (a, b at 3 s + 2j and + 2j + 1 ns).  Its queue is full at fresh key j =
 * SM__RECLAIM_QUEUE - OLD_KEYS = 53536, and each SM__RECLAIM_BATCH
 * keys on: each sweep reclaims the next 1024 old keys and lets the
 * previous sweep's go, whose rooms the next fresh keys take (from j =
 * 54561 on), last in first out.  Last, an a on each of the SHOWN_KEYS
 * fresh keys from j = SHOWN_FROM at 4 s + 2i ns, and another at + 2i +
 * 1: a violation whose history is the key's a, b and a, none of the
 * other thread's b's at 2 s. */
#define OLD_KEYS 12000
#define FRESH_RUN 60000
#define SHOWN_FROM 56000
#define SHOWN_KEYS 200
#define REUSED_HISTORY 128

struct closer {
	sm_monitor *mon;
	const sm_site *b;
	int bad;
};

static void *close_keys(void *arg)
{
	struct closer *c = arg;
	for (int64_t k = 0; k < OLD_KEYS; k++) {
		sm_val v[1] = {SM_VI(k)};
		c->bad |= sm_emit_vals(c->mon, c->b, secs(2) + k, v) != SM_OK;
	}
	return NULL;
}

TEST(threads_reused_room_shows_no_earlier_instance_steps)
{
	struct streamed st;
	sm_spec *spec;
	sm_monitor *mon = streamed_open(&st, dev_pair_text, &spec, REUSED_HISTORY);
	int fdev[1] = {0};
	sm_site sa, sb;
	ab_sites(spec, fdev, 1, &sa, &sb);
	for (int64_t k = 0; k < OLD_KEYS; k++) {
		sm_val v[1] = {SM_VI(k)};
		CHECK_INT(sm_emit_vals(mon, &sa, secs(1) + k, v), SM_OK);
	}
	struct closer c = {mon, &sb, 0};
	pthread_t th;
	CHECK_INT(pthread_create(&th, NULL, close_keys, &c), 0);
	pthread_join(th, NULL);
	CHECK_INT(c.bad, 0);
	for (int64_t j = 0; j < FRESH_RUN; j++) {
		sm_val v[1] = {SM_VI(OLD_KEYS + j)};
		CHECK_INT(sm_emit_vals(mon, &sa, secs(3) + 2 * j, v), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sb, secs(3) + 2 * j + 1, v), SM_OK);
	}
	for (int64_t i = 0; i < SHOWN_KEYS; i++) {
		sm_val v[1] = {SM_VI(OLD_KEYS + SHOWN_FROM + i)};
		CHECK_INT(sm_emit_vals(mon, &sa, secs(4) + 2 * i, v), SM_OK);
		CHECK_INT(sm_emit_vals(mon, &sa, secs(4) + 2 * i + 1, v), SM_VIOLATION);
	}
	CHECK_INT(sm_monitor_finish(mon), 1);
	streamed_close(&st, mon, spec);
	for (int64_t i = 0; i < SHOWN_KEYS; i++) {
		int64_t j = SHOWN_FROM + i;
		char want[300];
		snprintf(want, sizeof want,
			 "  history of p[dev=%" PRId64 "]:\n"
			 "    <emit>:0  3.%09" PRId64 "  a()\n"
			 "    <emit>:0  3.%09" PRId64 "  b()\n"
			 "    <emit>:0  4.%09" PRId64 "  a()\n",
			 OLD_KEYS + j, 2 * j, 2 * j + 1, 2 * i);
		if (!strstr(st.text, want))
			FAIL("not in the reports:\n%s--- the reports:\n%.3000s", want, st.text);
	}
	const char *other = strstr(st.text, "  2.0");
	if (other)
		FAIL("another instance's step in a history:\n%.300s", other);
	free(st.text);
}

/* Four threads at once, each with fresh keys of its own (a, b; every
 * 97th key a second b, a violation; every 1009th its a alone, left
 * pending; and c, d), and between them the hot keys of `c precedes d`,
 * which all four step (c, then d: no interleaving makes a violation, and
 * each is idle again often): each thread reclaims the instances it
 * queued while the others step them, and reuses their rooms for its
 * fresh keys.  A step lost, or taken by another key's instance, would
 * make a violation or leave one pending, where a run meets the race (its
 * windows are narrow: a run need not; ThreadSanitizer runs it too). */
#define STRESS_THREADS 4
#define STRESS_KEYS 60000
#define HOT_KEYS 8

#define STRESS_SPEC                                                                        \
	"event a(n)\nevent b(n)\nevent c(n)\nevent d(n)\n"                                    \
	"property p per n: a alternatesWith b\n"                                               \
	"property h per n: c precedes d\n"
static const char stress_text[] = STRESS_SPEC;
/* The same with an automaton over a and b too: its steps take the
 * general way (instance_of, step_automaton), as a relation's lean step
 * does not. */
static const char stress_automaton_text[] = STRESS_SPEC "automaton m per n {\n"
							"    initial idle\n"
							"    idle -> busy on a\n"
							"    busy -> idle on b\n"
							"}\n";

/* An automaton over all four events, whose state also says whether the
 * key's c's and d's so far are even (i0, b0) or odd (i1, b1): the hot
 * keys, which only it and h share between the threads, end even (each
 * thread gives each 2 * STRESS_KEYS / HOT_KEYS steps), the fresh keys
 * too (a c and a d each).  Only i0 is final: a step lost, or taken by
 * another key's instance (a hot key's step in a reused room, say), leaves
 * a key odd, pending at the end.  a and b as in m: a second b is a
 * violation, an a alone pending. */
static const char stress_parity_text[] = STRESS_SPEC "automaton g per n {\n"
						     "    initial i0\n"
						     "    final i0\n"
						     "    i0 -> b0 on a\n"
						     "    b0 -> i0 on b\n"
						     "    i1 -> b1 on a\n"
						     "    b1 -> i1 on b\n"
						     "    i0 -> i1 on c\n"
						     "    i1 -> i0 on c\n"
						     "    i0 -> i1 on d\n"
						     "    i1 -> i0 on d\n"
						     "    b0 -> b1 on c\n"
						     "    b1 -> b0 on c\n"
						     "    b0 -> b1 on d\n"
						     "    b1 -> b0 on d\n"
						     "}\n";

struct stresser {
	sm_monitor *mon;
	sm_site site[4]; /* a, b, c, d */
	int64_t base;
	int violations, bad;
};

static void stress_emit(struct stresser *t, int site, int64_t key)
{
	sm_val v[1] = {SM_VI(key)};
	int rc = sm_emit_vals(t->mon, &t->site[site], -1, v);
	t->violations += rc == SM_VIOLATION;
	t->bad |= rc != SM_OK && rc != SM_VIOLATION;
}

static void *stress(void *arg)
{
	struct stresser *t = arg;
	for (int64_t k = 0; k < STRESS_KEYS; k++) {
		stress_emit(t, 0, t->base + k);
		if (k % 1009)
			stress_emit(t, 1, t->base + k);
		if (k % 97 == 0 && k % 1009)
			stress_emit(t, 1, t->base + k);
		stress_emit(t, 2, t->base + k);
		stress_emit(t, 3, t->base + k);
		stress_emit(t, 2, k % HOT_KEYS);
		stress_emit(t, 3, k % HOT_KEYS);
	}
	return NULL;
}

/* The four threads of `stress` on a monitor of text, in which a key's
 * violations and pending instances are `props` (its properties over a
 * and b). */
static void run_stress(const char *text, int props)
{
	sm_spec *spec;
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	sm_monitor *mon = monitor_of(text, &spec, &opt);
	static struct stresser t[STRESS_THREADS];
	static const char *names[4] = {"a", "b", "c", "d"};
	int field[1] = {0};
	pthread_t th[STRESS_THREADS];
	for (int j = 0; j < STRESS_THREADS; j++) {
		t[j] = (struct stresser){.mon = mon, .base = HOT_KEYS + (int64_t)j * STRESS_KEYS};
		for (int e = 0; e < 4; e++)
			CHECK_INT(sm_site_init(&t[j].site[e], spec, sm_spec_event_id(spec, names[e]),
					       field, 1),
				  SM_OK);
		CHECK_INT(pthread_create(&th[j], NULL, stress, &t[j]), 0);
	}
	int doubled = 0, open = 0; /* per thread: keys with a second b, left open */
	for (int64_t k = 0; k < STRESS_KEYS; k++) {
		doubled += k % 97 == 0 && k % 1009;
		open += k % 1009 == 0;
	}
	for (int j = 0; j < STRESS_THREADS; j++) {
		pthread_join(th[j], NULL);
		CHECK_INT(t[j].bad, 0);
		CHECK_INT(t[j].violations, doubled);
	}
	CHECK_INT(sm_monitor_finish(mon), 1);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT(c.violations, STRESS_THREADS * doubled * props);
	CHECK_INT(c.pending, STRESS_THREADS * open * props);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

TEST(threads_reclaim_while_others_step)
{
	run_stress(stress_text, 1);
}

/* The same with a queue of 64 (sm__reclaim_queue_test): every thread
 * sweeps every 64 idle instances, so that retiring races the other
 * threads' steps all the time (hot keys made DEAD under a step, found
 * DEAD in a table or a cache, their rooms reused), on the lean way and
 * the general one (the automaton). */
TEST(threads_reclaim_races_with_a_short_queue)
{
	sm__reclaim_queue_test = 64;
	run_stress(stress_automaton_text, 2);
	sm__reclaim_queue_test = 0;
}

/* The same on keys the threads share, stepped the general way: the hot
 * keys' instances of g are reclaimed while other threads step them, and
 * their rooms reused for fresh keys. */
TEST(threads_reclaim_races_on_shared_automaton_keys)
{
	sm__reclaim_queue_test = 64;
	run_stress(stress_parity_text, 2);
	sm__reclaim_queue_test = 0;
}
