/*
 * test_resolve.c: what the resolver builds for the engine, checked on the
 * IR itself: the start event of an automaton joins its alphabet and is
 * listed by its source event with its key slot filled; the after-violation
 * policy; candidate edges per (state, source event) in the order they are
 * tried; and the name maps on many names.
 */
#include "harness.h"

#include "ir.h"
#include "names.h"
#include "parse.h"

struct loaded {
	struct sm__source *src;
	struct sm__ir ir;
	struct sm__diags d;
};

static void load(struct loaded *l, const char *text)
{
	memset(l, 0, sizeof *l);
	l->src = sm__source_from_text("t.sm", text, strlen(text));
	struct sm__ast ast;
	if (!sm__parse(l->src, &ast, &l->d)) {
		sm__ast_free(&ast);
		FAIL("parse failed: %s", l->d.n ? l->d.v[0].msg : "?");
	}
	if (!sm__resolve(&ast, &l->ir, &l->d))
		FAIL("resolve failed: %s", l->d.n ? l->d.v[0].msg : "?");
}

static void unload(struct loaded *l)
{
	sm__ir_free(&l->ir);
	sm__diags_free(&l->d);
	sm__source_free(l->src);
}

static int event(const struct sm__ir *ir, const char *name)
{
	for (size_t k = 0; k < ir->nevents; k++)
		if (sm__str_eq(ir->events[k].name, name))
			return (int)k;
	FAIL("no event %s", name);
}

TEST(resolve_start_event_joins_the_alphabet)
{
	struct loaded l;
	load(&l, "event wake(p)\nevent in(p)\nevent out(p)\n"
		 "automaton m per p {\n  start on wake\n  after violation stop\n"
		 "  initial idle\n  idle -> run on in\n  run -> idle on out\n}\n");
	const struct sm__ir_prop *p = &l.ir.props[0];
	int wake = event(&l.ir, "wake");
	CHECK_INT(p->start_event, wake);
	CHECK(!p->start_with);
	CHECK_INT(p->after, SM__AFTER_STOP);
	CHECK(p->alphabet[wake]);
	CHECK_INT(p->key_slot[(size_t)wake * p->nkeys], 0); /* p is wake's field 0 */
	/* wake is a source event: it lists the property, so it is dispatched */
	CHECK_INT(l.ir.events[wake].nprops, 1);
	CHECK_INT(l.ir.events[wake].props[0], 0);
	/* ...and no edge is a candidate for it */
	struct sm__cands c = sm__ir_candidates(p, p->initial, wake);
	CHECK_INT(c.nown + c.nany, 0);
	unload(&l);
}

TEST(resolve_defaults_without_start)
{
	struct loaded l;
	load(&l, "event a\nautomaton m {\n  initial s\n  s -> s on a\n}\n");
	CHECK_INT(l.ir.props[0].start_event, -1);
	CHECK_INT(l.ir.props[0].after, SM__AFTER_IGNORE);
	unload(&l);
}

TEST(resolve_candidates_own_then_any_in_source_order)
{
	struct loaded l;
	load(&l, "event a(x)\nevent b = a where x == 1\nevent c\n"
		 "automaton m {\n  initial s\n"
		 "  * -> s on a\n"      /* 0 */
		 "  s -> t on b\n"      /* 1 */
		 "  t -> s on c\n"      /* 2 */
		 "  s -> s on a\n"      /* 3 */
		 "  * -> * on b\n"      /* 4 */
		 "}\n");
	const struct sm__ir_prop *p = &l.ir.props[0];
	int a = event(&l.ir, "a"), c = event(&l.ir, "c");
	int s = 0, t = 1; /* initial first, then in order of mention */
	struct sm__cands k = sm__ir_candidates(p, s, a); /* b's root is a */
	CHECK_INT(k.nown, 2);
	CHECK_INT(k.own[0], 1);
	CHECK_INT(k.own[1], 3);
	CHECK_INT(k.nany, 2);
	CHECK_INT(k.any[0], 0);
	CHECK_INT(k.any[1], 4);
	k = sm__ir_candidates(p, t, c);
	CHECK_INT(k.nown, 1);
	CHECK_INT(k.own[0], 2);
	CHECK_INT(k.nany, 0);
	k = sm__ir_candidates(p, s, c);
	CHECK_INT(k.nown + k.nany, 0);
	unload(&l);
}

TEST(names_map_many_keys)
{
	struct sm__names m = {0};
	char (*text)[16] = malloc(100000 * sizeof *text);
	for (int k = 0; k < 100000; k++) {
		snprintf(text[k], sizeof text[k], "n%d", k);
		struct sm__str s = {text[k], strlen(text[k])};
		CHECK_INT(sm__names_put(&m, s, k), -1);
	}
	for (int k = 0; k < 100000; k += 997) {
		struct sm__str s = {text[k], strlen(text[k])};
		CHECK_INT(sm__names_get(&m, s), k);
		CHECK_INT(sm__names_put(&m, s, 5), k); /* already there: kept */
	}
	struct sm__str pair[2] = {{"ab", 2}, {"c", 1}}, other[2] = {{"a", 1}, {"bc", 1 + 1}};
	CHECK_INT(sm__names_add(&m, pair, 2, 7), -1);
	CHECK_INT(sm__names_find(&m, other, 2), -1);
	CHECK_INT(sm__names_find(&m, pair, 2), 7);
	sm__names_free(&m);
	free(text);
}
