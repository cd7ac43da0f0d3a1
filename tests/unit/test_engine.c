/*
 * test_engine.c: the semantics of relations, automata, instances and
 * expressions, driven through the public API with sm_emit.  Each case runs
 * a sequence of events, one instant each, written "name" or
 * "name:f=1,g=2", and checks the 1-based positions of the violations.
 * Expected positions are worked out by hand from DESIGN.md §2.
 */
#include "harness.h"

#include <specmon/specmon.h>

static int current, violated[64], nviolated;

static void reactor(void *ud, const sm_violation_info *v)
{
	(void)ud;
	(void)v;
	if (nviolated < 64)
		violated[nviolated++] = current;
}

static sm_spec *compile(const char *text)
{
	sm_spec *spec = NULL;
	int rc = sm_spec_parse("t.sm", text, strlen(text), &spec, NULL, NULL);
	if (rc != SM_OK)
		FAIL("spec did not compile: %s\n%s", sm_status_str(rc), text);
	return spec;
}

/* "name:f=1,g=2" -> one sm_emit */
static void emit_token(sm_monitor *mon, const sm_spec *spec, char *tok)
{
	sm_field fields[8];
	size_t n = 0;
	char *colon = strchr(tok, ':');
	if (colon) {
		*colon = '\0';
		for (char *f = strtok(colon + 1, ","); f && n < 8; f = strtok(NULL, ",")) {
			char *eq = strchr(f, '=');
			*eq = '\0';
			fields[n++] = (sm_field){f, strtoll(eq + 1, NULL, 0), NULL};
		}
	}
	int id = sm_spec_event_id(spec, tok);
	if (id < 0)
		FAIL("no event '%s'", tok);
	int before = nviolated;
	int rc = sm_emit(mon, id, -1, fields, n);
	/* SM_VIOLATION exactly when the reactor heard of one from this emit. */
	CHECK_INT(rc, nviolated > before ? SM_VIOLATION : SM_OK);
}

/* Run the events; returns "p1 p2 ..." of the violations, then " | pending N". */
static const char *run(const char *spec_text, const char *events)
{
	static char result[512];
	sm_spec *spec = compile(spec_text);
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	opt.reactor = reactor;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	char buf[512];
	snprintf(buf, sizeof buf, "%s", events);
	current = 0;
	nviolated = 0;
	char *save = NULL;
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		current++;
		emit_token(mon, spec, tok);
	}
	sm_monitor_finish(mon);
	sm_counts counts;
	sm_monitor_counts(mon, &counts);
	result[0] = '\0';
	for (int k = 0; k < nviolated; k++)
		snprintf(result + strlen(result), sizeof result - strlen(result), "%s%d",
			 k ? " " : "", violated[k]);
	if (counts.pending)
		snprintf(result + strlen(result), sizeof result - strlen(result),
			 "%spending %llu", nviolated ? " | " : "| ",
			 (unsigned long long)counts.pending);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return result;
}

#define AB "event a(x)\nevent b(x)\n"
/* c ticks with a whenever a's x is 1: the two coincide in that instant. */
#define AC "event a(x)\nevent c = a where x == 1\n"

TEST(precedes_is_strict)
{
	CHECK_STR(run(AB "property p: a precedes b", "a b a b"), "");
	CHECK_STR(run(AB "property p: a precedes b", "b"), "1");
	CHECK_STR(run(AB "property p: a precedes b", "a b b"), "3");
	CHECK_STR(run(AB "property p: a precedes b", "a a b b b"), "5");
	/* a and c in one instant: c may not use the a of its own instant */
	CHECK_STR(run(AC "property p: a precedes c", "a:x=1"), "1");
	CHECK_STR(run(AC "property p: a precedes c", "a:x=0 a:x=1"), "");
}

TEST(precedes_is_never_pending)
{
	CHECK_STR(run(AB "property p: a precedes b", "a a a"), "");
}

TEST(causes_allows_the_same_instant)
{
	CHECK_STR(run(AC "property p: a causes c", "a:x=1 a:x=1"), "");
	CHECK_STR(run(AB "property p: a causes b", "b"), "1");
	CHECK_STR(run(AB "property p: a causes b", "a b b a"), "3");
}

TEST(precedes_bound_limits_the_lead)
{
	CHECK_STR(run(AB "property p: a precedes b bound 2", "a a b a b b"), "");
	CHECK_STR(run(AB "property p: a precedes b bound 2", "a a a"), "3");
	/* the refused a is ignored: the lead stays 2, one b brings it to 1 */
	CHECK_STR(run(AB "property p: a precedes b bound 2", "a a a b a"), "3");
}

TEST(alternates_starts_with_a)
{
	CHECK_STR(run(AB "property p: a alternatesWith b", "a b a b"), "");
	CHECK_STR(run(AB "property p: a alternatesWith b", "b"), "1");
	CHECK_STR(run(AB "property p: a alternatesWith b", "a a"), "2 | pending 1");
	CHECK_STR(run(AB "property p: a alternatesWith b", "a b b"), "3");
	/* a violating event is ignored: the round opened at 1 closes at 3 */
	CHECK_STR(run(AB "property p: a alternatesWith b", "a a b"), "2");
	/* both in one instant is no alternation */
	CHECK_STR(run(AC "property p: a alternatesWith c", "a:x=1"), "1");
}

TEST(alternates_left_open_is_pending)
{
	CHECK_STR(run(AB "property p: a alternatesWith b", "a b a"), "| pending 1");
}

TEST(subclock_excludes_coincides)
{
	CHECK_STR(run(AC "property p: c subclockOf a", "a:x=1 a:x=0"), "");
	CHECK_STR(run(AC "property p: a subclockOf c", "a:x=1 a:x=0"), "2");
	CHECK_STR(run(AC "property p: a excludes c", "a:x=0 a:x=1"), "2");
	CHECK_STR(run(AC "property p: a coincidesWith c", "a:x=1 a:x=0 a:x=1"), "2");
}

TEST(per_key_instances_are_independent)
{
	const char *spec = AB "property p per x: a alternatesWith b";
	CHECK_STR(run(spec, "a:x=1 a:x=2 b:x=1 b:x=2"), "");
	CHECK_STR(run(spec, "a:x=1 b:x=2"), "2 | pending 1");
}

#define CHANNELS                                                                \
	"event open(d, q)\nevent close(d, q)\nevent reset(d)\n"                 \
	"automaton chan per (d, q) {\n"                                         \
	"  initial closed\n  final closed, opened\n"                            \
	"  closed -> opened on open\n  opened -> closed on close\n"             \
	"  * -> closed on reset\n}\n"

TEST(partial_key_goes_to_every_agreeing_instance)
{
	/* reset(d=1) closes (1,1) and (1,2) but not (2,1) */
	CHECK_STR(run(CHANNELS, "open:d=1,q=1 open:d=1,q=2 open:d=2,q=1 reset:d=1 "
				"close:d=1,q=1 close:d=1,q=2 close:d=2,q=1"),
		  "5 6");
	/* it creates none: a reset before any open reaches nobody */
	CHECK_STR(run(CHANNELS, "reset:d=3 close:d=3,q=1"), "2");
}

TEST(automaton_edges_are_tried_in_order)
{
	const char *spec = "event e(v)\n"
			   "automaton m { initial s\n"
			   "  s -> t on e when v > 1\n"
			   "  s -> u on e when v > 0\n"
			   "  * -> s on e when v == 0\n"
			   "  t -> t on e when v == 9\n"
			   "}\n";
	/* v=2 takes s->t (the first true guard), v=1 in t: no t edge holds
	 * and the * edge needs v == 0: violation; v=0 returns to s */
	CHECK_STR(run(spec, "e:v=2 e:v=1 e:v=0 e:v=1"), "2 | pending 1");
}

TEST(an_operator_starting_a_line_starts_a_new_edge)
{
	/* `* -> s` after the guard `v == 0` must not read as `0 * ...` */
	const char *spec = "event e(v)\n"
			   "automaton m { initial s\n"
			   "  s -> t on e when v == 0\n"
			   "  * -> s on e when v == 1\n"
			   "}\n";
	CHECK_STR(run(spec, "e:v=0 e:v=1 e:v=2"), "3");
}

TEST(expressions_follow_the_precedence_table)
{
	/* bitwise binds tighter than comparison: == (1 | 2), not (== 1) | 2 */
	const char *spec = "const A = 1\nconst B = 2\nevent e(s)\n"
			   "automaton m { initial s\n  s -> s on e when s == A | B\n}\n";
	CHECK_STR(run(spec, "e:s=3 e:s=1"), "2");
	const char *arith = "event e(v)\n"
			    "automaton m { initial s\n"
			    "  s -> s on e when 1 + 2 * 3 == 7 && -1 < 0 && ~0 == -1 && "
			    "1 << 4 == 16 && 7 % 4 == 3 && (v ^ 5) == 1\n}\n";
	CHECK_STR(run(arith, "e:v=4 e:v=5"), "2");
}

TEST(a_missing_field_makes_a_condition_false)
{
	const char *spec = "event e(v, w)\n"
			   "automaton m { initial s\n  s -> s on e when !(w == 1)\n}\n";
	/* w missing: w == 1 has no value, and neither has its negation */
	CHECK_STR(run(spec, "e:v=1 e:w=2 e:w=1"), "1 3");
	const char *div = "event e(v)\nautomaton m { initial s\n  s -> s on e when 10 / v >= 0\n}\n";
	CHECK_STR(run(div, "e:v=2 e:v=0"), "2");
}

/* A guard that holds on e:v=..,k=..; the events say which instants break it. */
#define GUARD(g) "event e(v, k)\nautomaton m { initial s\n  s -> s on e when " g "\n}\n"

TEST(logic_is_three_valued)
{
	/* v missing: v == 0 is unknown, and so is its negation */
	CHECK_STR(run(GUARD("!(v == 0)"), "e:k=1 e:v=1 e:v=0"), "1 3");
	/* unknown || false is unknown, and its negation too: the two forms
	 * agree on a missing v (they disagreed when unknown read as false) */
	CHECK_STR(run(GUARD("!(v == 0 || k == 1)"), "e:k=2 e:v=1,k=2 e:k=1"), "1 3");
	/* unknown || true is true; unknown && false is false, negated true */
	CHECK_STR(run(GUARD("v == 0 || k == 1"), "e:k=1 e:k=2"), "2");
	CHECK_STR(run(GUARD("!(v == 0 && k == 1)"), "e:k=2 e:k=1"), "2");
	/* on either side of the operator */
	CHECK_STR(run(GUARD("k == 1 || v == 0"), "e:k=1 e:k=2"), "2");
	CHECK_STR(run(GUARD("!(k == 1 && v == 0)"), "e:k=2 e:k=1"), "2");
}

TEST(integers_wrap)
{
	/* INT64_MIN / -1 is INT64_MIN; x % -1 is 0; INT64_MAX + 1 is INT64_MIN */
	CHECK_STR(run(GUARD("(-9223372036854775807 - 1) / v == -9223372036854775807 - 1"),
		      "e:v=-1 e:v=1"), "");
	CHECK_STR(run(GUARD("(-9223372036854775807 - 1) % v == 0"), "e:v=-1 e:v=3"), "2");
	CHECK_STR(run(GUARD("9223372036854775807 + v < 0"), "e:v=1 e:v=0"), "2");
	CHECK_STR(run(GUARD("-(-9223372036854775807 - 1) == -9223372036854775807 - 1"), "e:v=0"),
		  "");
}
