/*
 * test_dot.c: the DOT model reader (src/spec/dot.c).  Every kernel model in
 * shared/linux-rv/models/ is read and compared with its states and
 * transitions as worked out by hand from the .dot text (initial and final
 * states as in PARSER-NOTES.md); inline texts cover the layouts rvgen's
 * own files do not use and every error, with its line and column.
 */
#include "harness.h"

#include "ast.h"

#include <stdbool.h>

/* Three lines that make a valid start: initial state "a". */
#define HEAD                                                                  \
	"digraph state_automaton {\n"                                          \
	"{node [shape = plaintext] \"__init_a\"};\n"                           \
	"{node [shape = circle] \"a\"};\n"

/* 48 bytes: as much of a name as a message quotes. */
#define A8 "aaaaaaaa"
#define A48 A8 A8 A8 A8 A8 A8


struct fixture {
	struct sm__source *src;
	struct sm__ast_automaton aut;
	struct sm__diags d;
	bool ok;
	struct sm__buf errors; /* "line:col: message\n" for each diagnostic */
};

static void fixture_read(struct fixture *f, struct sm__source *src)
{
	memset(f, 0, sizeof *f);
	f->src = src;
	f->ok = sm__dot_read(src, &f->aut, &f->d);
	for (size_t k = 0; k < f->d.n; k++) {
		uint32_t line, col;
		sm__source_linecol(src, f->d.v[k].loc.off, &line, &col);
		sm__buf_printf(&f->errors, "%u:%u: %s\n", line, col, f->d.v[k].msg);
	}
	/* an empty buffer reads as "" */
	sm__buf_add(&f->errors, "", 0);
}

static void fixture_text(struct fixture *f, const char *text)
{
	fixture_read(f, sm__source_from_text("t.dot", text, strlen(text)));
}

static void fixture_free(struct fixture *f)
{
	sm__ast_automaton_free(&f->aut);
	sm__diags_free(&f->d);
	sm__buf_free(&f->errors);
	sm__source_free(f->src);
}

static void add_text(struct sm__buf *b, const char *before, struct sm__str s)
{
	sm__buf_adds(b, before);
	sm__buf_add(b, s.ptr, s.len);
}

/*
 * The automaton as text, in declaration order:
 *   "state NAME[ final][ invariant TEXT]"
 *   "FROM -> TO on EVENT[ when GUARD][ RESET]"
 */
static void describe(const struct sm__ast_automaton *aut, struct sm__buf *out)
{
	for (size_t k = 0; k < aut->nstates; k++) {
		const struct sm__ast_state *st = &aut->states[k];
		add_text(out, "state ", st->name.name);
		if (st->final)
			sm__buf_adds(out, " final");
		if (st->invariant.len)
			add_text(out, " invariant ", sm__loc_text(st->invariant));
		sm__buf_addc(out, '\n');
	}
	for (size_t k = 0; k < aut->nedges; k++) {
		const struct sm__ast_edge *e = &aut->edges[k];
		add_text(out, "", e->from.name);
		add_text(out, " -> ", e->to.name);
		add_text(out, " on ", e->event.name);
		if (e->guard_text.len)
			add_text(out, " when ", sm__loc_text(e->guard_text));
		if (e->reset.len)
			add_text(out, " ", sm__loc_text(e->reset));
		sm__buf_addc(out, '\n');
	}
}

static void expect_automaton(struct fixture *f, const char *initial, size_t nstates,
			     const char *expected)
{
	if (!f->ok)
		FAIL("read failed:\n%s", f->errors.data);
	CHECK_STR(f->errors.data, "");
	CHECK_SPAN(f->aut.initial.name.ptr, f->aut.initial.name.len, initial);
	/* Names are spans of the text, not copies. */
	CHECK(f->aut.initial.name.ptr > f->src->text &&
	      f->aut.initial.name.ptr < f->src->text + f->src->len);
	CHECK_INT(f->aut.nstates, nstates);
	struct sm__buf got = {0};
	describe(&f->aut, &got);
	CHECK_STR(got.data, expected);
	sm__buf_free(&got);
}

/* A kernel model: every one has a final state (PARSER-NOTES.md table). */
static void check_kernel_model(const char *rel, const char *initial, size_t nstates,
			       const char *expected)
{
	const char *shared = harness_shared();
	if (!shared)
		SKIP("SHARED is not set: no kernel models to read");
	char path[4096];
	snprintf(path, sizeof path, "%s/linux-rv/models/%s", shared, rel);
	struct sm__source *src = sm__source_load(path);
	if (!src)
		SKIP("a kernel model is missing under SHARED/linux-rv/models");
	struct fixture f;
	fixture_read(&f, src);
	expect_automaton(&f, initial, nstates, expected);
	CHECK(f.aut.has_final);
	fixture_free(&f);
}

/* Read `text`; it must fail with exactly these diagnostics. */
static void expect_errors(const char *text, const char *expected)
{
	struct fixture f;
	fixture_text(&f, text);
	if (f.ok || strcmp(f.errors.data, expected) != 0)
		FAIL("reading\n%s\ngave (ok=%d)\n%sexpected\n%s", text, f.ok, f.errors.data,
		     expected);
	fixture_free(&f);
}

/* ---- the kernel's models ---- */

TEST(dot_kernel_wip)
{
	check_kernel_model("wip.dot", "preemptive", 2,
			   "state non_preemptive\n"
			   "state preemptive final\n"
			   "non_preemptive -> non_preemptive on sched_waking\n"
			   "non_preemptive -> preemptive on preempt_enable\n"
			   "preemptive -> non_preemptive on preempt_disable\n");
}

TEST(dot_kernel_wwnr)
{
	check_kernel_model("wwnr.dot", "not_running", 2,
			   "state not_running final\n"
			   "state running\n"
			   "not_running -> not_running on wakeup\n"
			   "not_running -> running on switch_in\n"
			   "running -> not_running on switch_out\n");
}

TEST(dot_kernel_stall)
{
	check_kernel_model("stall.dot", "dequeued", 3,
			   "state enqueued invariant clk < threshold_jiffies\n"
			   "state dequeued final\n"
			   "state running\n"
			   "running -> running on sched_switch_in\n"
			   "running -> running on sched_wakeup\n"
			   "enqueued -> enqueued on sched_wakeup\n"
			   "enqueued -> running on sched_switch_in\n"
			   "running -> dequeued on sched_switch_wait\n"
			   "dequeued -> enqueued on sched_wakeup reset(clk)\n"
			   "running -> enqueued on sched_switch_preempt reset(clk)\n");
}

TEST(dot_kernel_nomiss)
{
	check_kernel_model("deadline/nomiss.dot", "ready", 5,
			   "state idle\n"
			   "state ready final invariant clk < DEADLINE_NS()\n"
			   "state running invariant clk < DEADLINE_NS()\n"
			   "state sleeping\n"
			   "state throttled\n"
			   "idle -> idle on dl_server_idle\n"
			   "idle -> ready on dl_replenish reset(clk)\n"
			   "idle -> running on sched_switch_in\n"
			   "idle -> sleeping on dl_server_stop\n"
			   "idle -> throttled on dl_throttle\n"
			   "ready -> idle on dl_server_idle\n"
			   "ready -> ready on sched_wakeup\n"
			   "ready -> ready on dl_replenish reset(clk)\n"
			   "ready -> running on sched_switch_in\n"
			   "ready -> sleeping on dl_server_stop\n"
			   "ready -> throttled on dl_throttle when is_defer == 1\n"
			   "running -> idle on dl_server_idle\n"
			   "running -> running on dl_replenish reset(clk)\n"
			   "running -> running on sched_switch_in\n"
			   "running -> running on sched_wakeup\n"
			   "running -> sleeping on sched_switch_suspend\n"
			   "running -> sleeping on dl_server_stop\n"
			   "running -> throttled on dl_throttle\n"
			   "sleeping -> ready on sched_wakeup\n"
			   "sleeping -> ready on dl_replenish reset(clk)\n"
			   "sleeping -> running on sched_switch_in\n"
			   "sleeping -> sleeping on dl_server_stop\n"
			   "sleeping -> sleeping on dl_server_idle\n"
			   "sleeping -> throttled on dl_throttle when is_constr_dl == 1 || is_defer == 1\n"
			   "throttled -> ready on dl_replenish reset(clk)\n"
			   "throttled -> throttled on sched_switch_suspend\n"
			   "throttled -> throttled on sched_wakeup\n"
			   "throttled -> throttled on dl_server_idle\n"
			   "throttled -> throttled on dl_throttle\n");
}

TEST(dot_kernel_nrp)
{
	check_kernel_model("sched/nrp.dot", "preempt_irq", 4,
			   "state any_thread_running final\n"
			   "state nested_preempt\n"
			   "state preempt_irq\n"
			   "state rescheduling\n"
			   "any_thread_running -> any_thread_running on schedule_entry\n"
			   "any_thread_running -> any_thread_running on irq_entry\n"
			   "any_thread_running -> rescheduling on sched_need_resched\n"
			   "nested_preempt -> any_thread_running on schedule_entry_preempt\n"
			   "nested_preempt -> any_thread_running on schedule_entry\n"
			   "nested_preempt -> nested_preempt on irq_entry\n"
			   "nested_preempt -> preempt_irq on sched_need_resched\n"
			   "preempt_irq -> nested_preempt on schedule_entry_preempt\n"
			   "preempt_irq -> nested_preempt on schedule_entry\n"
			   "preempt_irq -> preempt_irq on irq_entry\n"
			   "preempt_irq -> preempt_irq on sched_need_resched\n"
			   "rescheduling -> any_thread_running on schedule_entry_preempt\n"
			   "rescheduling -> any_thread_running on schedule_entry\n"
			   "rescheduling -> preempt_irq on irq_entry\n"
			   "rescheduling -> rescheduling on sched_need_resched\n");
}

TEST(dot_kernel_opid)
{
	check_kernel_model("sched/opid.dot", "any", 1,
			   "state any final\n"
			   "any -> any on sched_need_resched when irq_off == 1\n"
			   "any -> any on sched_waking when irq_off == 1 && preempt_off == 1\n");
}

TEST(dot_kernel_sco)
{
	check_kernel_model("sched/sco.dot", "thread_context", 2,
			   "state scheduling_context\n"
			   "state thread_context final\n"
			   "scheduling_context -> thread_context on schedule_exit\n"
			   "thread_context -> scheduling_context on schedule_entry\n"
			   "thread_context -> thread_context on sched_set_state\n");
}

TEST(dot_kernel_scpd)
{
	check_kernel_model("sched/scpd.dot", "cant_sched", 2,
			   "state can_sched\n"
			   "state cant_sched final\n"
			   "can_sched -> can_sched on schedule_entry\n"
			   "can_sched -> can_sched on schedule_exit\n"
			   "can_sched -> cant_sched on preempt_enable\n"
			   "cant_sched -> can_sched on preempt_disable\n");
}

TEST(dot_kernel_sncid)
{
	check_kernel_model("sched/sncid.dot", "can_sched", 2,
			   "state can_sched final\n"
			   "state cant_sched\n"
			   "can_sched -> can_sched on schedule_entry\n"
			   "can_sched -> can_sched on schedule_exit\n"
			   "can_sched -> cant_sched on irq_disable\n"
			   "cant_sched -> can_sched on irq_enable\n");
}

TEST(dot_kernel_snroc)
{
	check_kernel_model("sched/snroc.dot", "other_context", 2,
			   "state other_context final\n"
			   "state own_context\n"
			   "other_context -> own_context on sched_switch_in\n"
			   "own_context -> other_context on sched_switch_out\n"
			   "own_context -> own_context on sched_set_state\n");
}

TEST(dot_kernel_sssw)
{
	check_kernel_model("sched/sssw.dot", "runnable", 4,
			   "state runnable final\n"
			   "state signal_wakeup\n"
			   "state sleepable\n"
			   "state sleeping\n"
			   "runnable -> runnable on sched_set_state_runnable\n"
			   "runnable -> runnable on sched_wakeup\n"
			   "runnable -> runnable on sched_switch_in\n"
			   "runnable -> runnable on sched_switch_yield\n"
			   "runnable -> runnable on sched_switch_preempt\n"
			   "runnable -> runnable on signal_deliver\n"
			   "runnable -> sleepable on sched_set_state_sleepable\n"
			   "runnable -> sleeping on sched_switch_blocking\n"
			   "signal_wakeup -> runnable on signal_deliver\n"
			   "signal_wakeup -> signal_wakeup on sched_switch_in\n"
			   "signal_wakeup -> signal_wakeup on sched_switch_preempt\n"
			   "signal_wakeup -> signal_wakeup on sched_switch_yield\n"
			   "signal_wakeup -> signal_wakeup on sched_wakeup\n"
			   "signal_wakeup -> sleepable on sched_set_state_sleepable\n"
			   "sleepable -> runnable on sched_set_state_runnable\n"
			   "sleepable -> runnable on sched_wakeup\n"
			   "sleepable -> signal_wakeup on sched_switch_yield\n"
			   "sleepable -> sleepable on sched_set_state_sleepable\n"
			   "sleepable -> sleepable on sched_switch_in\n"
			   "sleepable -> sleepable on sched_switch_preempt\n"
			   "sleepable -> sleepable on signal_deliver\n"
			   "sleepable -> sleeping on sched_switch_suspend\n"
			   "sleepable -> sleeping on sched_switch_blocking\n"
			   "sleeping -> runnable on sched_wakeup\n");
}

TEST(dot_kernel_sts)
{
	check_kernel_model("sched/sts.dot", "can_sched", 7,
			   "state can_sched final\n"
			   "state cant_sched\n"
			   "state disable_to_switch\n"
			   "state enable_to_exit\n"
			   "state in_irq\n"
			   "state scheduling\n"
			   "state switching\n"
			   "can_sched -> cant_sched on irq_disable\n"
			   "can_sched -> scheduling on schedule_entry\n"
			   "cant_sched -> can_sched on irq_enable\n"
			   "cant_sched -> cant_sched on irq_entry\n"
			   "disable_to_switch -> enable_to_exit on irq_enable\n"
			   "disable_to_switch -> in_irq on irq_entry\n"
			   "disable_to_switch -> switching on sched_switch\n"
			   "enable_to_exit -> can_sched on schedule_exit\n"
			   "enable_to_exit -> enable_to_exit on irq_disable\n"
			   "enable_to_exit -> enable_to_exit on irq_entry\n"
			   "enable_to_exit -> enable_to_exit on irq_enable\n"
			   "in_irq -> in_irq on irq_entry\n"
			   "in_irq -> scheduling on irq_enable\n"
			   "scheduling -> disable_to_switch on irq_disable\n"
			   "switching -> enable_to_exit on irq_enable\n");
}

TEST(dot_kernel_tss)
{
	check_kernel_model("sched/tss.dot", "thread", 2,
			   "state sched\n"
			   "state thread final\n"
			   "sched -> sched on sched_switch\n"
			   "sched -> thread on schedule_exit\n"
			   "thread -> sched on schedule_entry\n");
}

/* ---- layouts rvgen's files do not use ---- */

TEST(dot_free_layout_bare_ids_and_comments)
{
	struct fixture f;
	fixture_text(&f, "// a comment\n"
			 "/* a block\n   comment */\n"
			 "# a C preprocessor line\n"
			 "digraph g {\n"
			 "  node [shape = circle]; a; b\n"
			 "  Node [shape = ellipse] c\n"
			 "    # an indented one\n"
			 "  __init_a [shape = point]\n"
			 "  __init_a [shape = none]\n"
			 "  __init_a -> a\n"
			 "  b [shape = doublecircle]\n"
			 "  a -> b [label = go]\n"
			 "  b -> c [label = \"stop\"] [color = red]\n"
			 "  subgraph cluster_x { node [shape = doublecircle] d }\n"
			 "  \"node\" [shape = box]\n"
			 "  c -> a [label = back, fontsize = -1.5]\n"
			 "}\n");
	expect_automaton(&f, "a", 5,
			 "state a\n"
			 "state b final\n"
			 "state c final\n"
			 "state d final\n"
			 "state node\n"
			 "a -> b on go\n"
			 "b -> c on stop\n"
			 "c -> a on back\n");
	fixture_free(&f);
}

TEST(dot_without_final_state_and_hints_ignored)
{
	struct fixture f;
	fixture_text(&f, "digraph state_automaton {\n"
			 "\tcenter = true;\n"
			 "\tsize = \"7,\\\"11\\\"\";\n"
			 "\t{node [shape = plaintext, style=invis, label=\"\"] \"__init_x\"};\n"
			 "\t{node [shape = circle] \"x\" \"y\"};;\n"
			 "\t\"__init_x\" -> \"x\";\n"
			 "\t\"x\" -> \"y\" [ label = \"e\" ];\n"
			 "\t{ rank = min ; \"__init_x\"; \"x\"; \"drawn_only\"; }\n"
			 "}");
	expect_automaton(&f, "x", 2,
			 "state x\n"
			 "state y\n"
			 "x -> y on e\n");
	CHECK(!f.aut.has_final);
	fixture_free(&f);
}

TEST(dot_guards_resets_and_their_locations)
{
	struct fixture f;
	fixture_text(&f, HEAD "\"a\" -> \"a\" [label = \"e; reset ( clk ) ; g == 1 \\nf;reset_n > 1\"];\n}\n");
	expect_automaton(&f, "a", 1,
			 "state a\n"
			 "a -> a on e when g == 1 reset ( clk )\n"
			 "a -> a on f when reset_n > 1\n");
	const struct sm__ast_edge *e = f.aut.edges;
	struct sm__str piece = sm__loc_text(e[0].loc);
	CHECK_SPAN(piece.ptr, piece.len, "e; reset ( clk ) ; g == 1 ");
	uint32_t line, col;
	sm__source_linecol(f.src, e[1].event.loc.off, &line, &col);
	CHECK_INT(line, 4);
	CHECK_INT(col, 50);
	CHECK(e[0].guard == NULL);
	fixture_free(&f);
}

/* ---- errors: line:col and message ---- */

TEST(dot_syntax_errors)
{
	static const char *const cases[][2] = {
		{"", "1:1: expected 'digraph'\n"},
		{"graph g {}", "1:1: expected 'digraph'\n"},
		{"digraph g h {}", "1:11: expected '{' to open the graph\n"},
		{"digraph {", "1:10: expected '}' before the end of the input\n"},
		{"digraph { ] }", "1:11: expected a statement or '}'\n"},
		{"digraph { } x", "1:13: expected the end of the input after the graph\n"},
		{"digraph { subgraph x y }", "1:22: expected '{' after 'subgraph'\n"},
		{"digraph { node shape }", "1:16: expected '[' after 'node'\n"},
		{"digraph { a [= b] }", "1:14: expected an attribute name or ']'\n"},
		{"digraph { a -> b [ = ] }", "1:20: expected an attribute name or ']'\n"},
		{"digraph { node [shape] }", "1:22: expected '=' after attribute \"shape\"\n"},
		{"digraph { a [shape circle] }", "1:20: expected '=' after attribute \"shape\"\n"},
		{"digraph { size = ; }", "1:18: expected a value after '='\n"},
		{"digraph { a -> ; }", "1:16: expected a node name after '->'\n"},
		{"digraph { a -> b -> c }",
		 "1:18: chained edges are not supported: write one edge per statement\n"},
		{"digraph { \"x\" , }", "1:15: expected '->' or '[' after node \"x\"\n"},
		{"digraph { \"x }", "1:11: unterminated string\n"},
		{"digraph { a [label = \"x\\\"y] }", "1:22: unterminated string\n"},
		{"digraph { /* x }", "1:11: unterminated comment\n"},
		{"digraph { @ }", "1:11: unexpected character '@'\n"},
		{"digraph { \x01 }", "1:11: unexpected character '\\x01'\n"},
		{"digraph { a # b }", "1:13: unexpected character '#'\n"},
		{"digraph { a -- b }", "1:13: unexpected character '-'\n"},
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(cases); k++)
		expect_errors(cases[k][0], cases[k][1]);
}

TEST(dot_nesting_is_bounded)
{
	char text[200] = "digraph ";
	memset(text + 8, '{', 100);
	expect_errors(text, "1:73: braces nested more than 64 deep\n");
}

TEST(dot_label_errors)
{
	static const char *const cases[][2] = {
		{HEAD "\"a\" -> \"a\" [label = \"\"];\n}", "4:22: missing event name\n"},
		{HEAD "\"a\" -> \"a\" [label = \"x y\"];\n}",
		 "4:22: event name \"x y\" is not an identifier\n"},
		/* a long name is cut short in the message */
		{HEAD "\"a\" -> \"a\" [label = \"" A48 "a b\"];\n}",
		 "4:22: event name \"" A48 "...\" is not an identifier\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e,f\"];\n}",
		 "4:22: event name \"e,f\" is not supported: rvgen would turn ',' into '_'\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;g;reset(c);z\"];\n}",
		 "4:35: too many ';' parts: rvgen reads \"event;guard;reset(clock)\" at most\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;x == 1;y == 2\"];\n}",
		 "4:31: a second guard for event \"e\"\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;reset(c);reset(d)\"];\n}",
		 "4:33: a second reset for event \"e\"\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;\"];\n}",
		 "4:24: expected a guard or reset(clock) after ';'\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;reset(c\"];\n}",
		 "4:24: expected ')' to close 'reset('\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;reset()\"];\n}", "4:30: missing clock name\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e;reset(c d)\"];\n}",
		 "4:30: clock name \"c d\" is not an identifier\n"},
		{HEAD "\"a\" -> \"a\";\n}",
		 "4:1: edge \"a\" -> \"a\" has no label: expected [label = \"event\"]\n"},
		{HEAD "\"a\" [label = \"b\"];\n}",
		 "4:15: the label of state \"a\" must start with its name\n"},
		{HEAD "\"a\" [label = \"a\\nx < 1\\ny < 2\"];\n}",
		 "4:25: the label of state \"a\" has more than one invariant\n"},
		{HEAD "\"a\" [label = \"a\\n \"];\n}",
		 "4:18: expected an invariant after '\\n' in the label of state \"a\"\n"},
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(cases); k++)
		expect_errors(cases[k][0], cases[k][1]);
}

TEST(dot_model_errors)
{
	static const char *const cases[][2] = {
		{"digraph {\n{node [shape = circle] \"a\"}\n}",
		 "1:1: no initial state: expected a node named \"__init_STATE\"\n"},
		{"digraph {\n{node [shape = plaintext] \"__init_x\"}\n}",
		 "2:28: initial state \"x\" is never declared\n"},
		{HEAD "{node [shape = plaintext] \"__init_b\"};\n}",
		 "4:28: a second initial-state marker \"__init_b\" (\"__init_a\" is at line 2)\n"},
		{HEAD "\"__init_a\" -> \"b\";\n}",
		 "4:16: the edge from \"__init_a\" must lead to \"a\"\n"},
		{HEAD "\"__init_b\" -> \"b\";\n}",
		 "4:2: \"__init_b\" is not the initial-state marker \"__init_a\"\n"},
		{HEAD "{node [shape = circle] \"b,c\"};\n}",
		 "4:25: state name \"b,c\" is not supported: rvgen would turn ',' into '_'\n"},
		{HEAD "{node [shape = circle] \"b c\"};\n}",
		 "4:25: state name \"b c\" is not an identifier\n"},
		{HEAD "{node [shape = circle] \"1a\"};\n}",
		 "4:25: state name \"1a\" is not an identifier\n"},
		/* one error for both events of the edge */
		{HEAD "\"a\" -> \"b\" [label = \"e\\nf\"];\n}",
		 "4:9: state \"b\" is used in an edge but never declared\n"},
		{HEAD "\"b\" -> \"a\" [label = \"e\"];\n\"a\" -> \"c\" [label = \"e\"];\n}",
		 "4:2: state \"b\" is used in an edge but never declared\n"
		 "5:9: state \"c\" is used in an edge but never declared\n"},
		{HEAD "\"b\" [label = \"b\"];\n}",
		 "4:2: state \"b\" has a label but is never declared\n"},
		/* a `node` default ends with its braces */
		{HEAD "{node [shape = doublecircle]} \"b\" [label = \"b\"];\n}",
		 "4:32: state \"b\" has a label but is never declared\n"},
		{HEAD "\"a\" [label = \"a\\nclk < 1\"];\n\"a\" [label = \"a\\nclk < 2\"];\n}",
		 "5:18: state \"a\" has a second invariant (first at line 4)\n"},
		{HEAD "\"a\" -> \"a\" [label = \"e\"];\n"
		      "{node [shape = circle] \"b\"};\n"
		      "\"a\" -> \"b\" [label = \"f\\ne\"];\n}",
		 "6:25: event \"e\" appears twice on edges leaving state \"a\" (first at line 4)\n"},
	};
	for (size_t k = 0; k < SM__ARRAY_LEN(cases); k++)
		expect_errors(cases[k][0], cases[k][1]);
}

TEST(dot_model_too_large)
{
	/* The length alone is checked before any byte is read. */
	struct sm__source big = {"big.dot", "", (size_t)INT32_MAX + 1};
	struct sm__ast_automaton aut = {0};
	struct sm__diags d = {0};
	CHECK(!sm__dot_read(&big, &aut, &d));
	CHECK_INT(d.n, 1);
	CHECK_STR(d.v[0].msg, "model too large: over 2 GiB");
	sm__ast_automaton_free(&aut);
	sm__diags_free(&d);
}
