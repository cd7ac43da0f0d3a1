/*
 * test_helpers.c: the built-ins u8/u16/u32 (truncation to an unsigned
 * result, wrapping both ways, unknown staying unknown) and `def` helpers
 * inlined by the resolver, evaluated on a derived event's filter.
 */
#include "harness.h"

#include "ir.h"
#include "parse.h"

struct spec {
	struct sm__source *src;
	struct sm__ir ir;
	struct sm__diags d;
};

/* The filter of event d in `text`, resolved. */
static const struct sm__expr *filter(struct spec *s, const char *text)
{
	memset(s, 0, sizeof *s);
	s->src = sm__source_from_text("t.sm", text, strlen(text));
	struct sm__ast ast;
	if (!sm__parse(s->src, &ast, &s->d)) {
		sm__ast_free(&ast);
		FAIL("parse failed: %s", s->d.n ? s->d.v[0].msg : "?");
	}
	if (!sm__resolve(&ast, &s->ir, &s->d))
		FAIL("resolve failed: %s", s->d.n ? s->d.v[0].msg : "?");
	for (size_t k = 0; k < s->ir.nevents; k++)
		if (sm__str_eq(s->ir.events[k].name, "d"))
			return s->ir.events[k].where;
	FAIL("no event d");
}

static void release(struct spec *s)
{
	sm__ir_free(&s->ir);
	sm__diags_free(&s->d);
	sm__source_free(s->src);
}

/* The filter on x = v (slot 0). */
static struct sm__value at(const struct sm__expr *e, int64_t v)
{
	struct sm__value slots[1 + SM__NBUILTINS] = {{0}};
	slots[0].kind = SM__VAL_INT;
	slots[0].i = v;
	struct sm__env env = {.slots = slots};
	return sm__eval(e, &env);
}

static bool unknown(const struct sm__expr *e)
{
	struct sm__value slots[1 + SM__NBUILTINS] = {{0}}; /* x missing */
	struct sm__env env = {.slots = slots};
	return sm__eval(e, &env).kind == SM__VAL_NONE;
}

TEST(builtin_u8_truncates)
{
	struct spec s;
	const struct sm__expr *e = filter(&s, "event e(x)\nevent d = e where u8(x)\n");
	CHECK_INT(at(e, 0x1ff).i, 255);
	CHECK_INT(at(e, 256).i, 0);
	CHECK_INT(at(e, -1).i, 255);
	CHECK(unknown(e));
	release(&s);
}

TEST(builtin_u16_truncates_and_wraps)
{
	struct spec s;
	const struct sm__expr *e = filter(&s, "event e(x)\nevent d = e where "
					      "u16(0 - 1) == 65535 && u16(65535 + 1) == 0\n");
	CHECK_INT(at(e, 0).i, 1);
	release(&s);
	e = filter(&s, "event e(x)\nevent d = e where u16(x)\n");
	CHECK_INT(at(e, 70000).i, 4464);
	CHECK_INT(at(e, -1).i, 65535);
	CHECK_INT(at(e, 65536).i, 0);
	CHECK(unknown(e));
	release(&s);
}

TEST(builtin_u32_truncates)
{
	struct spec s;
	const struct sm__expr *e = filter(&s, "event e(x)\nevent d = e where u32(x)\n");
	CHECK_INT(at(e, -1).i, 4294967295);
	CHECK_INT(at(e, (int64_t)1 << 32).i, 0);
	CHECK_INT(at(e, ((int64_t)1 << 32) + 7).i, 7);
	CHECK(unknown(e));
	release(&s);
}

TEST(helper_parameters_shadow_fields)
{
	/* In f, `a` is the parameter (bound to x), not the field a. */
	struct spec s;
	const struct sm__expr *e = filter(&s, "def f(a) = a * 2 + x\n"
					      "event e(x, a)\nevent d = e where f(x)\n");
	CHECK_INT(at(e, 5).i, 15);
	release(&s);
}

TEST(durations_are_nanoseconds)
{
	struct spec s;
	const struct sm__expr *e = filter(&s, "const T = 100ms\nevent e(x)\n"
					      "event d = e where T + 4s + 1500us + 7ns\n");
	CHECK_INT(at(e, 0).i, 4101500007);
	release(&s);
}
