/*
 * test_instances.c: the engine's instances on their own (src/engine/):
 * histories read from the step log, instance storage, the partial-key
 * index and reclamation.  A rig compiles a spec, makes an engine and feeds
 * it instants written "a:x=1,y=2" (one record each, or several written
 * "a:x=1|b:x=2"; line N and ts N µs for the N-th); violations are rendered
 * by the text reporter.  Expected
 * results are worked out by hand from DESIGN.md §2.5-§2.6.
 */
#include "harness.h"

#include "engine_private.h"
#include "parse.h"
#include "report.h"

#include <inttypes.h>

static struct {
	struct sm__source *src;
	struct sm__ir ir;
	struct sm__engine *eng;
	struct sm__reporter rep;
	uint64_t line;         /* of the last instant given */
	char violated[256];    /* "3 5 ": the lines of the violations */
	struct sm__buf report; /* the last violation's report */
	struct sm__value *slots; /* RIG_TOGETHER records' */
	size_t nslots;
} rig;

static void on_violation(void *ud, const struct sm__violation *v)
{
	(void)ud;
	size_t at = strlen(rig.violated);
	snprintf(rig.violated + at, sizeof rig.violated - at, "%" PRIu64 " ", v->where->lineno);
	rig.report.len = 0;
	sm__report_violation(&rig.rep, v, &rig.report);
}

/* Records of one instant: at most this many. */
#define RIG_TOGETHER 4

static void rig_open(const char *spec, unsigned history, uint64_t max_instances)
{
	struct sm__diags d = {0};
	struct sm__ast ast;
	rig.src = sm__source_from_text("t.sm", spec, strlen(spec));
	CHECK(sm__parse(rig.src, &ast, &d));
	CHECK(sm__resolve(&ast, &rig.ir, &d));
	sm__diags_free(&d);
	struct sm__engine_hooks hooks = {.violation = on_violation};
	rig.eng = sm__engine_new(&rig.ir, history, max_instances, hooks);
	rig.rep = (struct sm__reporter){&rig.ir, rig.eng, false, false};
	size_t most = 0;
	for (size_t k = 0; k < rig.ir.nevents; k++)
		if (sm__ir_nslots(&rig.ir.events[k]) > most)
			most = sm__ir_nslots(&rig.ir.events[k]);
	rig.nslots = most + 1;
	rig.slots = calloc(RIG_TOGETHER * rig.nslots, sizeof *rig.slots);
}

static int event_id(const char *name, size_t len)
{
	for (size_t k = 0; k < rig.ir.nevents; k++)
		if (sm__str_eq_str(rig.ir.events[k].name, (struct sm__str){name, len}))
			return (int)k;
	FAIL("no event '%.*s'", (int)len, name);
}

/* "e:f=1,g=abc" (a value that is not a number is a string) as a match
 * whose values are in slots. */
static struct sm__match rig_match(const char *rec, size_t len, struct sm__value *slots)
{
	const char *colon = memchr(rec, ':', len);
	int id = event_id(rec, colon ? (size_t)(colon - rec) : len);
	const struct sm__ir_event *ev = &rig.ir.events[id];
	memset(slots, 0, sm__ir_nslots(ev) * sizeof *slots);
	for (const char *f = colon, *end = rec + len; f && f < end;) {
		const char *name = f + 1, *eq = memchr(name, '=', (size_t)(end - name));
		const char *comma = memchr(name, ',', (size_t)(end - name));
		const char *stop = comma ? comma : end;
		int slot = sm__ir_field_slot(ev, (struct sm__str){name, (size_t)(eq - name)});
		CHECK(slot >= 0);
		slots[slot] = sm__value_from_text(eq + 1, (size_t)(stop - eq - 1));
		f = comma;
	}
	return (struct sm__match){id, slots};
}

/* One instant at the next line: records separated by '|' tick together. */
static void rig_instant(const char *recs)
{
	struct sm__match m[RIG_TOGETHER];
	size_t n = 0;
	for (const char *r = recs; r; n++) {
		const char *bar = strchr(r, '|');
		CHECK(n < RIG_TOGETHER);
		size_t len = bar ? (size_t)(bar - r) : strlen(r);
		m[n] = rig_match(r, len, rig.slots + n * rig.nslots);
		r = bar ? bar + 1 : NULL;
	}
	rig.line++;
	struct sm__where w = {"t", rig.line, true, 6, (int64_t)rig.line * 1000, NULL};
	sm__engine_instant(rig.eng, m, n, &w);
}

/* Space-separated records, one instant each. */
static void rig_run(const char *records)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", records);
	char *save = NULL;
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		rig_instant(tok);
}

/* The same instant n times. */
static void rig_repeat(const char *recs, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++)
		rig_instant(recs);
}

/* Each key from `from` on, n of them, does "a:x=K" then "b:x=K". */
static void rig_requests(uint64_t from, uint64_t n)
{
	char rec[64];
	for (uint64_t k = from; k < from + n; k++) {
		snprintf(rec, sizeof rec, "a:x=%" PRIu64, k);
		rig_instant(rec);
		rec[0] = 'b';
		rig_instant(rec);
	}
}

static void rig_close(void)
{
	sm__engine_free(rig.eng);
	sm__ir_free(&rig.ir);
	sm__source_free(rig.src);
	sm__buf_free(&rig.report);
	free(rig.slots);
	memset(&rig, 0, sizeof rig);
}

#define AB_PER_X "event a(x)\nevent b(x)\nproperty p per x: a alternatesWith b\n"

/* The steps of history a report shows, oldest first, one line each. */
TEST(history_is_the_last_steps_of_the_instance)
{
	rig_open(AB_PER_X, 2, 0);
	rig_run("a:x=1 a:x=2 b:x=1 a:x=1 b:x=2 a:x=1");
	/* line 6: a second a of x=1 without its b; its last two steps shown */
	CHECK_STR(rig.violated, "6 ");
	CHECK(strstr(rig.report.data, "  history of p[x=1]:\n"
				      "    t:3  0.000003  b()\n"
				      "    t:4  0.000004  a()\n") != NULL);
	rig_close();
}

TEST(history_stops_where_the_step_log_wrote_over)
{
	struct sm__steplog probe;
	sm__steplog_init(&probe, 1);
	uint64_t cap = probe.cap;
	rig_open(AB_PER_X, 1, 0);
	rig_run("a:x=1 b:x=1");
	for (uint64_t k = 0; k < cap - 1; k++)
		rig_instant(k % 2 ? "b:x=2" : "a:x=2");
	/* history 1 keeps cap steps: x=1's b (line 2) is the oldest of them */
	rig_instant("b:x=1");
	CHECK(strstr(rig.report.data, "  history of p[x=1]:\n    t:2  0.000002  b()\n") != NULL);
	rig_close();
	/* one step more of x=2 and x=1's last step is gone: the report says
	 * its history was cut, and shows no step */
	rig_open(AB_PER_X, 1, 0);
	rig_run("a:x=1 b:x=1");
	for (uint64_t k = 0; k < cap; k++)
		rig_instant(k % 2 ? "b:x=2" : "a:x=2");
	rig_instant("b:x=1");
	char line[32]; /* x=1's second b: after its 2 steps and x=2's cap */
	snprintf(line, sizeof line, "%" PRIu64 " ", cap + 3);
	CHECK_STR(rig.violated, line);
	CHECK(strstr(rig.report.data, "  history of p[x=1]:\n    (earlier steps no longer kept: "
				      "the history log is bounded)\n") != NULL);
	CHECK(strstr(rig.report.data, "    t:") == NULL);
	rig_close();
	sm__steplog_free(&probe);
}

/* A history the step log cut short says so above the steps it still has. */
TEST(history_says_where_the_step_log_cut_it_short)
{
	struct sm__steplog probe;
	sm__steplog_init(&probe, 2);
	uint64_t cap = probe.cap;
	sm__steplog_free(&probe);
	rig_open(AB_PER_X, 2, 0);
	rig_run("a:x=1 b:x=1");
	for (uint64_t k = 0; k < cap - 1; k++)
		rig_instant(k % 2 ? "b:x=2" : "a:x=2");
	/* x=1's b (line 2) is the oldest step held, its a (line 1) is gone:
	 * of the 2 steps asked for, one is shown, after the note */
	rig_instant("b:x=1");
	CHECK(strstr(rig.report.data, "  history of p[x=1]:\n"
				      "    (earlier steps no longer kept: the history log is bounded)\n"
				      "    t:2  0.000002  b()\n") != NULL);
	rig_close();
}

/* The pending instances' keys at the end, in the order reported: "1 2 ". */
static char pending_keys[1 << 17];

static void on_pending(void *ud, const struct sm__pending *p)
{
	(void)ud;
	struct sm__buf b = {0};
	struct sm__value keys[SM__MAX_KEYS];
	sm__instance_keys(p->inst, keys);
	for (size_t k = 0; k < p->prop->nkeys; k++) {
		sm__format_value(&b, keys[k]);
		sm__buf_addc(&b, k + 1 < p->prop->nkeys ? ',' : ' ');
	}
	size_t at = strlen(pending_keys);
	snprintf(pending_keys + at, sizeof pending_keys - at, "%s", b.data ? b.data : "");
	sm__buf_free(&b);
}

static const char *rig_pending(void)
{
	pending_keys[0] = '\0';
	sm__engine_pending(rig.eng, on_pending, NULL);
	return pending_keys;
}

/* a:x=K for each key K from `from` on, n of them, one instant each. */
static void rig_opens(int from, int n)
{
	char rec[32];
	for (int k = from; k < from + n; k++) {
		snprintf(rec, sizeof rec, "a:x=%d", k);
		rig_instant(rec);
	}
}

TEST(instances_keep_their_place_across_chunks)
{
	/* three chunks of slots: x=0 is in the first, stepped again at the end */
	rig_open(AB_PER_X, 5, 0);
	rig_opens(0, 10000);
	rig_run("b:x=0 b:x=0 b:x=9999");
	/* line 10002: x=0's second b; its history: its a (line 1), its b */
	CHECK_STR(rig.violated, "10002 ");
	CHECK(strstr(rig.report.data, "  history of p[x=0]:\n"
				      "    t:1  0.000001  a()\n"
				      "    t:10001  0.010001  b()\n") != NULL);
	/* x=1 .. x=9998 still wait for their b, in the order they came */
	const char *pending = rig_pending();
	CHECK(!strncmp(pending, "1 2 3 ", 6));
	CHECK(strstr(pending, " 4095 4096 4097 ") != NULL);
	CHECK(!strcmp(pending + strlen(pending) - 10, "9997 9998 "));
	rig_close();
}

/* The table of keys: under 4096 cells at most a quarter full (a key is
 * mostly in its first cell), from then on three quarters.  Grown before
 * the instance that would pass that: 64 keys fill 256 cells a quarter,
 * the 513th key takes 4096 cells, the 3073rd 8192.  Every key is still
 * found after each growth: its b steps its instance, no violation. */
TEST(key_table_sparse_while_small)
{
	static const struct {
		int keys;
		size_t cap;
	} sizes[] = {{64, 256}, {512, 2048}, {513, 4096}, {3072, 4096}, {3073, 8192}};
	for (size_t k = 0; k < SM__ARRAY_LEN(sizes); k++) {
		rig_open(AB_PER_X, 5, 0);
		rig_opens(0, sizes[k].keys);
		const struct prop_rt *rt = &rig.eng->props[0];
		CHECK_INT(rt->count, (size_t)sizes[k].keys);
		CHECK_INT(rt->cap, sizes[k].cap);
		char rec[32];
		for (int x = 0; x < sizes[k].keys; x++) {
			snprintf(rec, sizeof rec, "b:x=%d", x);
			rig_instant(rec);
		}
		CHECK_INT(rt->count, (size_t)sizes[k].keys);
		CHECK_STR(rig.violated, "");
		rig_close();
	}
}

TEST(string_and_hex_keys_read_back_as_written)
{
	const char *spec = "event a(x)\nevent b(x)\n"
			   "property p per x: a alternatesWith b\n"
			   "property q per x: b precedes a\n";
	rig_open(spec, 5, 0);
	/* x=0x10 and x=16 are one key (16), shown as first written; the
	 * string "16" is another key; vda is interned once for p and q */
	rig_run("a:x=0x10 a:x=16 a:x=vda b:x=vda a:x=\"16\"");
	/* line 2: a second a for 16 in p; line 1: a with no b before in q
	 * (and lines 2, 3, 5 too: every a of q is early) */
	CHECK_STR(rig.violated, "1 2 2 3 5 ");
	/* the string 16 is one word: reports print it bare */
	CHECK(strstr(rig.report.data, "violation of q[x=16]: a(x=16)") != NULL);
	CHECK_STR(rig_pending(), "0x10 16 ");
	CHECK_INT(rig.eng->nstrings, 2);
	rig_close();
}

#define CHANNELS                                                              \
	"event open(d, q)\nevent close(d, q)\nevent reset(d)\nevent drain(q)\n"  \
	"automaton chan per (d, q) {\n"                                       \
	"  initial idle\n  final idle\n"                                      \
	"  idle -> busy on open\n  busy -> idle on close\n"                   \
	"  busy -> idle on reset\n  busy -> idle on drain\n}\n"

TEST(partial_keys_reach_the_agreeing_instances_only)
{
	rig_open(CHANNELS, 5, 0);
	/* nobody yet: reaches none, creates none */
	rig_run("drain:q=1");
	rig_run("open:d=1,q=1 open:d=1,q=2 open:d=2,q=1 open:d=2,q=2");
	/* line 6: (1,1) and (1,2) back to idle; line 7: (1,1), idle, has no
	 * drain edge (a violation) and (2,1) goes idle; d=9 and the string
	 * d=x agree with nobody */
	rig_run("reset:d=1 drain:q=1 reset:d=9 reset:d=x close:d=1,q=2");
	CHECK_STR(rig.violated, "7 10 ");
	CHECK(strstr(rig.report.data,
		     "violation of chan[d=1, q=2]: close(d=1, q=2) in state idle"));
	CHECK_STR(rig_pending(), "2,2 ");
	/* an index by d and one by q: nothing was scanned */
	CHECK_INT(rig.eng->props[0].nix, 2);
	rig_close();
}

TEST(partial_keys_reach_an_instance_created_in_the_same_instant)
{
	const char *spec = "event open(d, q)\nevent close(d, q)\nevent reset(d)\n"
			   "automaton chan per (d, q) {\n"
			   "  initial idle\n  final idle\n"
			   "  idle -> gone on reset\n  idle -> busy on open\n"
			   "  busy -> idle on close\n}\n";
	rig_open(spec, 5, 0);
	/* line 1: (1,1) is created by open and reached by reset in its one
	 * step: the first edge that ticks is reset's, to gone (the index by d
	 * is built after the open made it) */
	rig_instant("open:d=1,q=1|reset:d=1");
	rig_run("close:d=1,q=1");
	/* line 3: (1,2) the same (the index exists: it joins it); reset also
	 * reaches (1,1), in gone with no edge: a violation */
	rig_instant("open:d=1,q=2|reset:d=1");
	rig_run("close:d=1,q=2");
	CHECK_STR(rig.violated, "2 3 4 ");
	CHECK(strstr(rig.report.data, "close(d=1, q=2) in state gone"));
	rig_close();
}

/* ---- reclamation ---- */

/* `tick` is in no property: it only passes instants (and time). */
#define AB_TICK AB_PER_X "event tick\n"

TEST(reclaim_keeps_a_fresh_key_per_request_bounded)
{
	/* --history 0: key k's b (instant 2k + 2) leaves it as new, with no
	 * history: reclaimed SM__RECLAIM_AFTER (R) instants later.  After
	 * 100000 keys (instant 200000) keys up to (200000 - R - 2) / 2 are
	 * gone, the last R / 2 live; a slot is reused, never more than
	 * R / 2 + 1 at once (during a's instant, before the b) */
	rig_open(AB_TICK, 0, 0);
	rig_requests(0, 100000);
	const struct prop_rt *rt = &rig.eng->props[0];
	CHECK_INT(rt->count, SM__RECLAIM_AFTER / 2);
	CHECK_INT(rt->stats.reclaimed, 100000 - SM__RECLAIM_AFTER / 2);
	CHECK_INT(rt->stats.instances, 100000);
	CHECK_INT(rt->nslots, SM__RECLAIM_AFTER / 2 + 1);
	CHECK_STR(rig.violated, "");
	rig_close();
}

TEST(reclaim_relations_that_judge_each_instant_alone)
{
	/* a excludes b judges each instant alone: the count of a against b
	 * it keeps (1 after a lone a) is read by no verdict, so a key whose
	 * only event is a is as new after it, and goes R instants later (R =
	 * SM__RECLAIM_AFTER): after 100000 keys, about R are left */
	rig_open("event a(x)\nevent b(x)\nproperty p per x: a excludes b\n", 0, 0);
	char rec[64];
	for (uint64_t k = 0; k < 100000; k++) {
		snprintf(rec, sizeof rec, "a:x=%" PRIu64, k);
		rig_instant(rec);
	}
	const struct prop_rt *rt = &rig.eng->props[0];
	CHECK(rt->count <= SM__RECLAIM_AFTER + 1);
	CHECK(rt->stats.reclaimed + rt->count == 100000);
	CHECK_STR(rig.violated, "");
	rig_close();
}

TEST(reclaim_waits_for_the_step_log_to_forget)
{
	/* a log of 2R steps (R = SM__RECLAIM_AFTER): key k, as new after its
	 * b (instant and seq 2k + 2), is looked at R instants later, when
	 * the log still holds that step: it waits again, and goes R more
	 * instants later, its step 2R behind, gone.  So R keys live at the
	 * end, not R / 2 as without history */
	unsigned history = 2 * SM__RECLAIM_AFTER / SM__STEPLOG_PER_HISTORY;
	struct sm__steplog probe;
	sm__steplog_init(&probe, history);
	CHECK_INT(probe.cap, 2 * SM__RECLAIM_AFTER);
	sm__steplog_free(&probe);
	rig_open(AB_TICK, history, 0);
	rig_requests(0, 150000);
	const struct prop_rt *rt = &rig.eng->props[0];
	CHECK_INT(rt->count, SM__RECLAIM_AFTER);
	CHECK_INT(rt->stats.reclaimed, 150000 - SM__RECLAIM_AFTER);
	rig_close();
}

TEST(reclaim_waits_again_for_a_key_that_stepped_since)
{
	/* x=1 is a candidate at line 2, due at R + 2; it steps again at
	 * R + 1 and R + 2 and is as new again: not reclaimed then, but a
	 * candidate anew, due at 2R + 2 */
	rig_open(AB_TICK, 0, 0);
	rig_run("a:x=1 b:x=1");
	rig_repeat("tick", SM__RECLAIM_AFTER - 2);
	rig_run("a:x=1 b:x=1");
	CHECK_INT(rig.line, SM__RECLAIM_AFTER + 2);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 0);
	rig_repeat("tick", SM__RECLAIM_AFTER - 1);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 0);
	rig_run("tick");
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 1);
	rig_close();
}

TEST(reclaim_never_with_an_event_that_lacks_a_key_field)
{
	/* reset has no x: it would reach instances a reclaimed one misses */
	rig_open(AB_PER_X "event reset\nproperty q per x: a alternatesWith b\n"
		 "automaton m per x { initial i\n i -> j on a\n j -> i on b\n"
		 " * -> i on reset\n}\n", 0, 0);
	CHECK(rig.eng->props[0].reclaims);
	CHECK(!rig.eng->props[2].reclaims);
	/* a record without x: a partial key for p and q from then on */
	rig_run("a");
	rig_requests(0, 40000);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 0);
	CHECK_INT(rig.eng->props[1].stats.reclaimed, 0);
	CHECK_INT(rig.eng->props[2].stats.reclaimed, 0);
	CHECK_INT(rig.eng->props[0].count, 40000);
	rig_close();
}

TEST(reclaim_then_the_key_comes_back_as_new)
{
	rig_open(AB_TICK, 0, 1);
	/* x=1 is as new after line 2 and reclaimed R instants later */
	rig_run("a:x=1 b:x=1");
	rig_repeat("tick", SM__RECLAIM_AFTER);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 1);
	/* --max-instances 1 counts the live ones: x=2 is let in, and once it
	 * is reclaimed x=3, then x=1 again, which starts as new: its b is
	 * early (a violation, as it would be for the old one at lead 0), its
	 * second a too */
	rig_run("a:x=2 b:x=2");
	rig_repeat("tick", SM__RECLAIM_AFTER);
	rig_run("a:x=3");
	CHECK_STR(rig.violated, "");
	rig_run("a:x=1");
	CHECK_INT(rig.eng->props[0].stats.refused, 1);
	rig_close();

	rig_open(AB_TICK, 0, 0);
	rig_run("a:x=1 b:x=1 a:x=2");
	rig_repeat("tick", SM__RECLAIM_AFTER);
	/* line 65541: x=1's b with no a; 65543: its second a */
	rig_run("a:x=3 b:x=1 a:x=1 a:x=1");
	CHECK_STR(rig.violated, "65541 65543 ");
	/* x=1 reuses its old slot (the first), created after x=2 and x=3:
	 * pending reports keep the order of creation */
	CHECK_INT(rig.eng->props[0].nslots, 3);
	CHECK_STR(rig_pending(), "2 3 1 ");
	rig_close();
}

TEST(reclaim_only_what_a_new_instance_would_equal)
{
	/* x=1 is back in s after line 2 but n is 1, not 0: kept, and its
	 * second round breaks the guard (a new instance's would not) */
	const char *vars = "event a(x)\nevent b(x)\nevent tick\n"
			   "automaton m per x { var n = 0\n initial s\n"
			   " s -> t on a do n = n + 1\n t -> s on b when n < 2\n}\n";
	rig_open(vars, 0, 0);
	rig_run("a:x=1 b:x=1");
	rig_repeat("tick", SM__RECLAIM_AFTER + 1);
	rig_run("a:x=1 b:x=1");
	CHECK_STR(rig.violated, "65541 ");
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 0);
	rig_close();
	/* idle is initial but not final: pending at the end, so kept */
	const char *job = "event finish(x)\nevent poke(x)\nevent tick\n"
			  "automaton job per x { initial idle\n final done\n"
			  " idle -> done on finish\n done -> done on poke\n}\n";
	rig_open(job, 0, 0);
	rig_run("poke:x=1");
	rig_repeat("tick", SM__RECLAIM_AFTER + 1);
	CHECK_STR(rig_pending(), "1 ");
	rig_close();
	/* a missed obligation leaves x=1 with none open: reclaimed after */
	rig_open("event a(x)\nevent b(x)\nevent tick\n"
		 "property w per x: b within 1us after a\n", 0, 0);
	rig_run("a:x=1 tick tick");
	CHECK_STR(rig.violated, "3 ");
	rig_repeat("tick", SM__RECLAIM_AFTER);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 1);
	CHECK_INT(rig.eng->props[0].count, 0);
	rig_close();
}

TEST(reclaim_serials_numbered_again_when_they_run_out)
{
	/* as above, x=1 comes back in its old slot after x=2 and x=3; x=3
	 * takes the last serial but one, so x=1's finds them run out: the
	 * live ones are numbered again (x=2 0, x=3 1) and x=1 takes 2, x=4
	 * 3 (x=3 took x=1's old slot, x=1 and x=4 new ones): pending reports
	 * keep the order of creation */
	rig_open(AB_TICK, 0, 0);
	rig_run("a:x=1 b:x=1 a:x=2");
	rig_repeat("tick", SM__RECLAIM_AFTER);
	struct prop_rt *rt = &rig.eng->props[0];
	CHECK_INT(rt->stats.reclaimed, 1);
	rt->serial = UINT32_MAX - 1;
	rig_run("a:x=3 a:x=1 a:x=4");
	CHECK_INT(rt->nslots, 4);
	CHECK_INT(sm__slot_at(rt, 0)->serial, 1); /* x=3 */
	CHECK_INT(sm__slot_at(rt, 2)->serial, 2); /* x=1 */
	CHECK_INT(rt->serial, 4);
	CHECK_STR(rig_pending(), "2 3 1 4 ");
	rig_close();
}

/* The place an instance was last stepped at, as a report shows it. */
static struct sm__where last_place(uint32_t slot)
{
	struct sm__instance inst = sm__instance_at(&rig.eng->props[0], slot);
	return sm__instance_last(rig.eng, &inst);
}

TEST(instances_keep_a_line_or_input_past_their_word_aside)
{
	/* a slot keeps line, digits of ts and input in 64 bits (44 for the
	 * line): line 2^50 is kept in the engine's far places, let go when
	 * x=1 steps at a line that fits again, not taken by x=2 at the last
	 * line that fits, taken again by x=3 at the first past */
	rig_open(AB_PER_X, 0, 0);
	rig.line = (1ull << 50) - 1;
	rig_run("a:x=1");
	CHECK(last_place(0).lineno == 1ull << 50);
	CHECK_INT(rig.eng->nfar, 1);
	rig.line = 6;
	rig_run("b:x=1");
	CHECK(last_place(0).lineno == 7);
	CHECK_INT(rig.eng->far_free, 1);
	rig.line = (1ull << 44) - 2; /* 2^44 - 1: the last that fits */
	rig_run("a:x=2");
	CHECK(last_place(1).lineno == (1ull << 44) - 1);
	CHECK_INT(rig.eng->far_free, 1);
	rig.line = (1ull << 44) - 1; /* 2^44: the first past */
	rig_run("a:x=3");
	CHECK(last_place(2).lineno == 1ull << 44);
	CHECK_INT(rig.eng->nfar, 1);
	CHECK_INT(rig.eng->far_free, 0);
	rig_close();

	/* 16 bits of input: from the 65536th input on (index 65535) it is
	 * kept aside */
	rig_open(AB_PER_X, 0, 0);
	enum { INPUTS = 65537 };
	static char names[INPUTS][16];
	struct sm__match m = {event_id("a", 1), rig.slots};
	int x = sm__ir_field_slot(&rig.ir.events[m.event], (struct sm__str){"x", 1});
	for (int k = 0; k < INPUTS; k++) {
		snprintf(names[k], sizeof names[k], "i%d", k);
		struct sm__where w = {names[k], 3, false, 0, 0, NULL};
		rig.slots[x] = (struct sm__value){.kind = SM__VAL_INT, .i = k};
		sm__engine_instant(rig.eng, &m, 1, &w);
	}
	CHECK_STR(last_place(65534).input, "i65534");
	CHECK_STR(last_place(65535).input, "i65535");
	CHECK_STR(last_place(65536).input, "i65536");
	CHECK(last_place(65536).lineno == 3);
	CHECK_INT(rig.eng->nfar, 2);
	rig_close();
}

TEST(instances_let_a_far_place_go_by_any_step_and_when_reclaimed)
{
	/* x=1 steps at line 2^50 (kept aside), then at line 8 in an instant
	 * of two records (the general path, not a direct plan's): its place
	 * there fits, and the far one is let go.  x=2 takes it again at line
	 * 2^50 + 1, and is as new at 2^50 + 2: reclaimed R instants later
	 * (with x=1, as new since line 8), it lets it go too */
	rig_open(AB_TICK, 0, 0);
	rig.line = (1ull << 50) - 1;
	rig_run("a:x=1");
	CHECK_INT(rig.eng->nfar, 1);
	rig.line = 7;
	rig_run("a:x=3|b:x=1");
	CHECK(last_place(0).lineno == 8);
	CHECK_INT(rig.eng->far_free, 1);
	rig.line = 1ull << 50;
	rig_run("a:x=2 b:x=2");
	CHECK(last_place(2).lineno == (1ull << 50) + 2);
	CHECK_INT(rig.eng->nfar, 1);
	CHECK_INT(rig.eng->far_free, 0);
	rig.line = 100;
	rig_repeat("tick", SM__RECLAIM_AFTER);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 2);
	CHECK_INT(rig.eng->far_free, 1);
	CHECK_INT(rig.eng->nfar, 1);
	CHECK_STR(rig.violated, "");
	rig_close();
}

TEST(partial_keys_reach_instances_in_creation_order_after_a_reuse)
{
	/* x=1 is reclaimed; x=3, made after x=2, takes its slot (the first).
	 * An a without x then reaches both, each waiting for its b: two
	 * violations, in the order the instances were made, x=2's then x=3's
	 * (the last one reported) */
	rig_open(AB_TICK, 0, 0);
	rig_run("a:x=1 b:x=1 a:x=2");
	rig_repeat("tick", SM__RECLAIM_AFTER);
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 1);
	rig_run("a:x=3");
	CHECK_INT(rig.eng->props[0].nslots, 2);
	rig_run("a");
	char lines[64];
	snprintf(lines, sizeof lines, "%u %u ", SM__RECLAIM_AFTER + 5, SM__RECLAIM_AFTER + 5);
	CHECK_STR(rig.violated, lines);
	CHECK(strstr(rig.report.data, "violation of p[x=3]") != NULL);
	rig_close();
}

TEST(reclaim_sets_a_shape_apart)
{
	/* p and q see the same ticks (one shape): they create x=1 in slot 0
	 * each, and q finds its instance in the slot p found (no key read).
	 * p (excludes: as new after every instant) reclaims x=1, q (lead 1)
	 * does not: the shape is apart.  x=2 then takes p's slot 0 and q's
	 * slot 1, and b:x=1 reaches p's new x=1 in slot 1, q's x=1 in slot
	 * 0, by its key: q's x=1 closes its round, x=2 is left pending */
	rig_open("event a(x)\nevent b(x)\nevent tick\nproperty p per x: a excludes b\n"
		 "property q per x: a alternatesWith b\n", 0, 0);
	const struct prop_rt *p = &rig.eng->props[0], *q = &rig.eng->props[1];
	CHECK_INT(q->shape, 0);
	rig_run("a:x=1");
	CHECK(!p->apart);
	rig_repeat("tick", SM__RECLAIM_AFTER);
	CHECK_INT(p->stats.reclaimed, 1);
	CHECK(p->apart);
	rig_run("a:x=2 b:x=1");
	CHECK_INT(p->nslots, 2);
	CHECK_INT(q->nslots, 2);
	CHECK_STR(rig.violated, "");
	CHECK_STR(rig_pending(), "2 ");
	rig_close();
}

TEST(reclaim_of_a_keeper_leaves_its_sharer_its_own_history)
{
	/* q (excludes: each instant judged alone) shares p's history in x=1's
	 * slot.  q[x=1] is as new from line 1, p[x=1] from line 2: R
	 * instants of x=2 later, the log (history 1) holds neither's steps,
	 * and p[x=1] goes; q[x=1], due at R + 1, stepped since and waits.
	 * x=3 takes p's slot.  At line R + 4, a and b of x=1 together are
	 * q[x=1]'s violation: its history is its own, whose steps the log
	 * let go -- not x=3's, now in its keeper's slot */
	rig_open(AB_TICK "property q per x: a excludes b\n", 1, 0);
	CHECK(rig.eng->props[1].shares);
	rig_run("a:x=1 b:x=1");
	for (uint64_t k = 0; k < SM__RECLAIM_AFTER; k++)
		rig_instant(k % 2 ? "b:x=2" : "a:x=2");
	CHECK_INT(rig.eng->props[0].stats.reclaimed, 1);
	CHECK_INT(rig.eng->props[1].stats.reclaimed, 0);
	rig_run("a:x=3 a:x=1|b:x=1");
	char line[32];
	snprintf(line, sizeof line, "%u ", SM__RECLAIM_AFTER + 4);
	CHECK(strstr(rig.violated, line) != NULL);
	CHECK(strstr(rig.report.data, "violation of q[x=1]") != NULL);
	CHECK(strstr(rig.report.data, "  history of q[x=1]:\n    (earlier steps no longer kept: "
				      "the history log is bounded)\n") != NULL);
	CHECK(strstr(rig.report.data, "    t:") == NULL);
	rig_close();
}

TEST(shape_shares_blocks_of_slots_until_apart)
{
	/* p and q of one shape create x=K in the same instants: their slots
	 * of one key side by side, in a block per chunk that p (the shape's
	 * first) keeps, q's column after p's */
	rig_open("event a(x)\nevent b(x)\nevent tick\nproperty p per x: a excludes b\n"
		 "property q per x: a alternatesWith b\n", 0, 0);
	struct prop_rt *p = &rig.eng->props[0], *q = &rig.eng->props[1];
	rig_opens(0, 5000);
	CHECK_INT(p->nblocks, 2);
	CHECK_INT(p->width, p->slot_size + q->slot_size);
	CHECK_INT(p->nchunks, 2);
	CHECK_INT(q->nchunks, 2);
	for (uint32_t k = 0; k < 5000; k += 4999) {
		CHECK((char *)sm__slot_at(q, k) == (char *)sm__slot_at(p, k) + p->slot_size);
		CHECK((char *)sm__slot_at(p, k + 1) == (char *)sm__slot_at(p, k) + p->width);
	}
	CHECK(p->chunks[1].base == p->blocks[1] && !p->chunks[1].block);
	CHECK(q->chunks[1].base == p->blocks[1] + q->column && !q->chunks[1].block);
	/* p reclaims all 5000 (as new after every instant), q none: apart.
	 * 8000 keys more: p's fit in its slots; q's from 8192 on go in chunks
	 * of its own */
	rig_repeat("tick", SM__RECLAIM_AFTER);
	CHECK_INT(p->stats.reclaimed, 5000);
	CHECK(q->apart);
	rig_opens(5000, 8000);
	CHECK_INT(p->nslots, 8000);
	CHECK_INT(q->nslots, 13000);
	CHECK_INT(p->nblocks, 2);
	CHECK_INT(q->nchunks, 4);
	CHECK(q->chunks[2].block != NULL && q->chunks[2].stride == q->slot_size);
	/* each still finds its instances, wherever they are: x=0 (q's first
	 * block) and x=12999 (q's own chunk) end their rounds; x=12000 opens a
	 * second one (line 5000 + R + 8003) */
	rig_run("b:x=0 b:x=12999 a:x=12000");
	char line[32];
	snprintf(line, sizeof line, "%u ", 5000 + SM__RECLAIM_AFTER + 8003);
	CHECK_STR(rig.violated, line);
	const char *pending = rig_pending();
	CHECK(!strncmp(pending, "1 2 3 ", 6));
	CHECK(strstr(pending, " 8191 8192 8193 ") != NULL);
	CHECK(!strcmp(pending + strlen(pending) - 12, "12997 12998 "));
	rig_close();
}
