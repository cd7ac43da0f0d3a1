/*
 * test_bind.c: the binder's plans (src/input/bind.c): which record members
 * each binding reads, the first of a repeated member, built-ins filled only
 * where the spec reads them, and the vacuity books.  Records come from the
 * real parsers; expected values are read off the lines by hand.
 */
#include "harness.h"

#include "bind.h"
#include "parse.h"

static struct sm__source *src;
static struct sm__ir ir;
static struct sm__binder *binder;
static struct sm__record rec;
static struct sm__buf scratch;
static const struct sm__match *m;

static void compile(const char *text)
{
	struct sm__diags d = {0};
	struct sm__ast ast;
	src = sm__source_from_text("t.sm", text, strlen(text));
	CHECK(sm__parse(src, &ast, &d));
	CHECK(sm__resolve(&ast, &ir, &d));
	sm__diags_free(&d);
	binder = sm__binder_new(&ir);
}

static void done(void)
{
	sm__record_free(&rec);
	sm__buf_free(&scratch);
	sm__binder_free(binder);
	sm__ir_free(&ir);
	sm__source_free(src);
}

/* Bind one line of the given format; returns the number of events. */
static size_t bind(enum sm__format fmt, const char *line)
{
	struct sm__str s = {line, strlen(line)};
	const char *why;
	size_t col;
	enum sm__line_kind kind = fmt == SM__FMT_FTRACE ? sm__ftrace_parse_header(s, &rec, &why, &col)
				: fmt == SM__FMT_JSONL ? sm__jsonl_parse(s, &rec, &scratch, &why, &col)
						       : sm__qemu_parse(s, &rec, &why, &col);
	CHECK_INT(kind, SM__LINE_RECORD);
	rec.lineno = 42;
	return sm__bind(binder, &rec, fmt, &m);
}

static int event(const char *name)
{
	for (size_t k = 0; k < ir.nevents; k++)
		if (sm__str_eq(ir.events[k].name, name))
			return (int)k;
	FAIL("no event %s", name);
}

/* Slot `slot` of the match of event `name`; fails when it did not match. */
static struct sm__value slot(size_t n, const char *name, size_t at)
{
	for (size_t k = 0; k < n; k++)
		if (m[k].event == event(name))
			return m[k].slots[at];
	FAIL("event %s did not match", name);
}

#define CHECK_SLOT_INT(n, ev, at, value)                                      \
	do {                                                                   \
		struct sm__value v_ = slot(n, ev, at);                         \
		CHECK_INT(v_.kind, SM__VAL_INT);                               \
		CHECK_INT(v_.i, value);                                        \
	} while (0)

#define CHECK_SLOT_STR(n, ev, at, text)                                       \
	do {                                                                   \
		struct sm__value v_ = slot(n, ev, at);                         \
		CHECK_INT(v_.kind, SM__VAL_STR);                               \
		CHECK_SPAN(v_.s.ptr, v_.s.len, text);                          \
	} while (0)

#define CHECK_SLOT_NONE(n, ev, at) CHECK_INT(slot(n, ev, at).kind, SM__VAL_NONE)

#define TASK "  app-7 [003] ..... 5.000001: "

TEST(bind_repeated_member_first_wins)
{
	compile("event e(dev, name)\n");
	size_t n = bind(SM__FMT_FTRACE, TASK "e: (site dev=9) name=\"dev=8\" dev=1 dev=2 name=x");
	CHECK_INT(n, 1);
	CHECK_SLOT_INT(n, "e", 0, 1); /* not the group's, not the quoted text's, not the 2nd */
	CHECK_SLOT_STR(n, "e", 1, "dev=8");
	n = bind(SM__FMT_JSONL, "{\"event\": \"e\", \"dev\": 3, \"dev\": 4}");
	CHECK_SLOT_INT(n, "e", 0, 3);
	CHECK_SLOT_NONE(n, "e", 1);
	/* a JSON null is the first dev: it counts, as no value */
	n = bind(SM__FMT_JSONL, "{\"event\": \"e\", \"dev\": null, \"dev\": 4}");
	CHECK_SLOT_NONE(n, "e", 0);
	n = bind(SM__FMT_QEMU, "e dev 5 dev 6");
	CHECK_INT(n, 0); /* no `from qemu`: QEMU records bind only by it */
	done();
}

TEST(bind_absent_member_and_vacuity)
{
	compile("event e(dev, vq)\n");
	size_t n = bind(SM__FMT_FTRACE, TASK "e: dev=1");
	CHECK_SLOT_INT(n, "e", 0, 1);
	CHECK_SLOT_NONE(n, "e", 1);
	CHECK_INT(sm__binder_matched(binder, 0), 1);
	CHECK(sm__binder_field_seen(binder, 0, 0));
	CHECK(!sm__binder_field_seen(binder, 0, 1));
	/* the next record has vq but not dev: now both were carried */
	n = bind(SM__FMT_FTRACE, TASK "e: vq=4");
	CHECK_SLOT_NONE(n, "e", 0);
	CHECK_SLOT_INT(n, "e", 1, 4);
	CHECK(sm__binder_field_seen(binder, 0, 1));
	CHECK_INT(sm__binder_matched(binder, 0), 2);
	/* an unbound record is remembered for "did you mean" */
	CHECK_INT(bind(SM__FMT_FTRACE, TASK "other: dev=1"), 0);
	struct sm__str names[SM__UNBOUND_MAX];
	CHECK_INT(sm__binder_unbound(binder, names, SM__UNBOUND_MAX), 1);
	CHECK_SPAN(names[0].ptr, names[0].len, "other");
	done();
}

/* Records taken as they are (one binding each, its fields in order, no
 * built-in read) have their values picked into one place, whatever their
 * name: a record of two fields after one of three leaves the slot past its
 * fields (its first built-in's) empty, not holding the third value, an
 * integer or a string pointing into the earlier line. */
TEST(bind_fast_records_of_fewer_fields_leave_the_rest_empty)
{
	compile("event a(x, y, z)\nevent b(u, v)\n");
	size_t n = bind(SM__FMT_FTRACE, TASK "a: x=1 y=2 z=3");
	CHECK_SLOT_INT(n, "a", 2, 3);
	n = bind(SM__FMT_FTRACE, TASK "b: u=4 v=5");
	CHECK_INT(n, 1);
	CHECK_SLOT_INT(n, "b", 0, 4);
	CHECK_SLOT_INT(n, "b", 1, 5);
	CHECK_SLOT_NONE(n, "b", 2);
	n = bind(SM__FMT_FTRACE, TASK "a: x=1 y=2 z=word");
	CHECK_SLOT_STR(n, "a", 2, "word");
	n = bind(SM__FMT_FTRACE, TASK "b: u=6 v=7");
	CHECK_SLOT_INT(n, "b", 1, 7);
	CHECK_SLOT_NONE(n, "b", 2);
	done();
}

/* What a reader thread asks of a record (sm__binder_takes, from its memo
 * once the name was met), the same each time it is met, and as the table
 * says: names of 2 bytes (one with no byte after its ':' in the line), 10
 * and 22 bytes (past what the memo keeps), one no binding takes (noted
 * once for "did you mean"); sm__bind_taken binds what it says. */
TEST(bind_takes_answers_again)
{
	compile("event ab(dev)\nevent virtio_req(dev)\nevent virtqueue_kick_prepare(dev)\n");
	static const char *const lines[] = {
		TASK "ab: dev=1", TASK "virtio_req: dev=2", TASK "virtqueue_kick_prepare: dev=3",
		TASK "nobody: dev=4", TASK "ab:",
	};
	static const char *const events[] = {"ab", "virtio_req", "virtqueue_kick_prepare", NULL,
					     "ab"};
	size_t first[SM__ARRAY_LEN(lines)];
	for (int round = 0; round < 3; round++) {
		for (size_t k = 0; k < SM__ARRAY_LEN(lines); k++) {
			struct sm__str s = {lines[k], strlen(lines[k])};
			const char *why;
			size_t col;
			CHECK_INT(sm__ftrace_parse_header(s, &rec, &why, &col), SM__LINE_RECORD);
			size_t taken = sm__binder_takes(binder, &rec);
			if (round == 0)
				first[k] = taken;
			CHECK_INT(taken, first[k]);
			CHECK_INT(taken != 0, events[k] != NULL);
			if (!taken)
				continue;
			CHECK_INT(sm__bind_taken(binder, &rec, taken, &m), 1);
			CHECK_INT(m[0].event, event(events[k]));
		}
	}
	CHECK_INT(first[4], first[0]);
	struct sm__str names[SM__UNBOUND_MAX];
	CHECK_INT(sm__binder_unbound(binder, names, SM__UNBOUND_MAX), 1);
	CHECK_SPAN(names[0].ptr, names[0].len, "nobody");
	done();
}

TEST(bind_quoted_values)
{
	compile("event e(name, path, n)\n");
	size_t n = bind(SM__FMT_FTRACE,
			TASK "e: name=\"two words\" path=\"say \"hi\"\" n=0x10");
	CHECK_SLOT_STR(n, "e", 0, "two words");
	CHECK_SLOT_STR(n, "e", 1, "say \"hi\"");
	CHECK_SLOT_INT(n, "e", 2, 16);
	CHECK(slot(n, "e", 2).hex);
	done();
}

TEST(bind_members_some_bindings_want)
{
	compile("event a(dev) from ftrace rec\n"
		"event b(vq) from ftrace rec\n"
		"event c(d, id) from ftrace rec { d = dev }\n"
		"event a2(x) from ftrace other from ftrace rec { x = id }\n");
	size_t n = bind(SM__FMT_FTRACE, TASK "rec: id=7 vq=2 dev=5");
	CHECK_INT(n, 4);
	CHECK_SLOT_INT(n, "a", 0, 5);
	CHECK_SLOT_INT(n, "b", 0, 2);
	CHECK_SLOT_INT(n, "c", 0, 5);
	CHECK_SLOT_INT(n, "c", 1, 7);
	CHECK_SLOT_INT(n, "a2", 0, 7);
	n = bind(SM__FMT_FTRACE, TASK "other: id=9 x=3"); /* the rename is rec's alone */
	CHECK_INT(n, 1);
	CHECK_SLOT_INT(n, "a2", 0, 3);
	done();
}

/* Built-ins come after the declared fields: ts, line, comm, pid, cpu. */
enum { TS, LINE, COMM, PID, CPU };

TEST(bind_builtins_filled_where_read)
{
	compile("event e(dev)\n"
		"event f(dev)\n"
		"event g(dev)\n"
		"event late = g where ts > 1s\n"
		"automaton A per pid {\n"
		"  initial s\n"
		"  s -> s on e when cpu == 3 && line > 0\n"
		"  s -> s on f\n"
		"}\n");
	size_t n = bind(SM__FMT_FTRACE, TASK "e: dev=1");
	/* e: cpu and line in a guard, pid the key; not ts, not comm */
	CHECK_SLOT_INT(n, "e", 1 + CPU, 3);
	CHECK_SLOT_INT(n, "e", 1 + LINE, 42);
	CHECK_SLOT_INT(n, "e", 1 + PID, 7);
	CHECK_SLOT_NONE(n, "e", 1 + TS);
	CHECK_SLOT_NONE(n, "e", 1 + COMM);
	/* f: only the key */
	n = bind(SM__FMT_FTRACE, TASK "f: dev=1");
	CHECK_SLOT_INT(n, "f", 1 + PID, 7);
	CHECK_SLOT_NONE(n, "f", 1 + CPU);
	/* g: ts through the derived event's filter; the key is read of
	 * every event (the engine looks it up by event, not by alphabet) */
	n = bind(SM__FMT_FTRACE, TASK "g: dev=1");
	CHECK_SLOT_INT(n, "g", 1 + TS, 5000001000);
	CHECK_SLOT_INT(n, "g", 1 + PID, 7);
	CHECK_SLOT_NONE(n, "g", 1 + CPU);
	done();
}

TEST(bind_builtins_of_records_without_task_columns)
{
	compile("event e(dev) from json e from qemu e\n"
		"property p per (pid, comm): e precedes e\n");
	size_t n = bind(SM__FMT_JSONL, "{\"event\": \"e\", \"comm\": \"sh\", \"pid\": 12, \"pid\": 13}");
	CHECK_SLOT_INT(n, "e", 1 + PID, 12);
	CHECK_SLOT_STR(n, "e", 1 + COMM, "sh");
	n = bind(SM__FMT_QEMU, "e dev 1 pid 9");
	CHECK_SLOT_INT(n, "e", 1 + PID, 9);
	CHECK_SLOT_NONE(n, "e", 1 + COMM);
	done();
}

TEST(bind_field_named_after_a_builtin)
{
	compile("event e(pid, cpu)\n");
	/* a member of that name wins; else the task's column */
	size_t n = bind(SM__FMT_FTRACE, TASK "e: pid=100");
	CHECK_SLOT_INT(n, "e", 0, 100);
	CHECK_SLOT_INT(n, "e", 1, 3);
	/* JSON has no task columns: no member, no value */
	n = bind(SM__FMT_JSONL, "{\"event\": \"e\", \"cpu\": 1}");
	CHECK_SLOT_NONE(n, "e", 0);
	CHECK_SLOT_INT(n, "e", 1, 1);
	done();
}
