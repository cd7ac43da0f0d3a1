/*
 * expr.c: evaluation of resolved expressions over an event's field slots,
 * an instance's variables and its clocks (struct sm__env in ir.h).
 * Integers are 64-bit and wrap; a missing field, a string where an integer
 * is needed, a division by zero or an out-of-range shift yields "no value",
 * which logic reads as unknown (Kleene's three-valued logic, DESIGN.md §2.2):
 * a condition holds only when it is true.  The built-ins u8/u16/u32 keep
 * the low bits (an unsigned result); unknown stays unknown.
 */
#include "ir.h"

#include <string.h>

static struct sm__value none(void)
{
	return (struct sm__value){0};
}

static struct sm__value integer(int64_t i)
{
	struct sm__value v = {0};
	v.kind = SM__VAL_INT;
	v.i = i;
	return v;
}

static int compare_strings(struct sm__str a, struct sm__str b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
	if (c)
		return c;
	return (a.len > b.len) - (a.len < b.len);
}

/* -1, 0, 1; *ok false when the two cannot be compared. */
static int compare(struct sm__value a, struct sm__value b, bool *ok)
{
	*ok = a.kind == b.kind && a.kind != SM__VAL_NONE;
	if (!*ok)
		return 0;
	if (a.kind == SM__VAL_STR)
		return compare_strings(a.s, b.s);
	return (a.i > b.i) - (a.i < b.i);
}

static struct sm__value comparison(enum sm__expr_op op, struct sm__value a, struct sm__value b)
{
	bool ok;
	int c = compare(a, b, &ok);
	if (!ok)
		return none();
	switch (op) {
	case SM__E_EQ: return integer(c == 0);
	case SM__E_NE: return integer(c != 0);
	case SM__E_LT: return integer(c < 0);
	case SM__E_LE: return integer(c <= 0);
	case SM__E_GT: return integer(c > 0);
	default: return integer(c >= 0);
	}
}

/* Arithmetic in uint64_t: wrapping is defined there, overflow is not. */
static struct sm__value arithmetic(enum sm__expr_op op, int64_t a, int64_t b)
{
	uint64_t x = (uint64_t)a, y = (uint64_t)b;
	switch (op) {
	case SM__E_MUL: return integer((int64_t)(x * y));
	case SM__E_ADD: return integer((int64_t)(x + y));
	case SM__E_SUB: return integer((int64_t)(x - y));
	case SM__E_BITAND: return integer((int64_t)(x & y));
	case SM__E_BITXOR: return integer((int64_t)(x ^ y));
	case SM__E_BITOR: return integer((int64_t)(x | y));
	case SM__E_DIV:
	case SM__E_MOD:
		if (b == 0)
			return none();
		if (b == -1) /* INT64_MIN / -1 wraps to INT64_MIN; x % -1 is 0 */
			return integer(op == SM__E_DIV ? (int64_t)(0 - x) : 0);
		return integer(op == SM__E_DIV ? a / b : a % b);
	case SM__E_SHL:
	case SM__E_SHR:
		if (b < 0 || b > 63)
			return none();
		return integer(op == SM__E_SHL ? (int64_t)(x << b) : a >> b);
	default:
		return none();
	}
}

/* Kleene's three truth values: a logical operand is true (a nonzero
 * integer), false (zero) or unknown (no value, or a string). */
enum truth { FALSE, TRUE, UNKNOWN };

static enum truth truth(struct sm__value v)
{
	if (v.kind != SM__VAL_INT)
		return UNKNOWN;
	return v.i != 0 ? TRUE : FALSE;
}

static struct sm__value from_truth(enum truth t)
{
	return t == UNKNOWN ? none() : integer(t == TRUE);
}

/* A clock reads the instant's time minus its last reset: unknown without
 * either.  The subtraction wraps like all arithmetic. */
static struct sm__value clock_value(const struct sm__env *env, int clock)
{
	if (!env->resets || !env->has_ts || env->resets[clock] == SM__CLOCK_UNKNOWN)
		return none();
	return integer((int64_t)((uint64_t)env->ts - (uint64_t)env->resets[clock]));
}

static struct sm__value unary(const struct sm__expr *e, const struct sm__env *env)
{
	struct sm__value a = sm__eval(e->a, env);
	if (e->op == SM__E_NOT) {
		enum truth t = truth(a);
		return from_truth(t == UNKNOWN ? UNKNOWN : t == TRUE ? FALSE : TRUE);
	}
	if (a.kind != SM__VAL_INT)
		return none();
	switch (e->op) {
	case SM__E_BITNOT: return integer((int64_t)~(uint64_t)a.i);
	case SM__E_U8: return integer((uint8_t)a.i);
	case SM__E_U16: return integer((uint16_t)a.i);
	case SM__E_U32: return integer((uint32_t)a.i);
	default: return integer((int64_t)(0 - (uint64_t)a.i));
	}
}

/* `unknown && false` is false and `unknown || true` is true: the operand
 * that decides wins over the one that is unknown, on either side. */
static struct sm__value logical(const struct sm__expr *e, const struct sm__env *env)
{
	enum truth decides = e->op == SM__E_AND ? FALSE : TRUE;
	enum truth a = truth(sm__eval(e->a, env));
	if (a == decides)
		return from_truth(decides);
	enum truth b = truth(sm__eval(e->b, env));
	if (b == decides)
		return from_truth(decides);
	return from_truth(a == UNKNOWN || b == UNKNOWN ? UNKNOWN : a);
}

struct sm__value sm__eval(const struct sm__expr *e, const struct sm__env *env)
{
	switch (e->op) {
	case SM__E_INT:
		return integer(e->i);
	case SM__E_STR: {
		struct sm__value v = {0};
		v.kind = SM__VAL_STR;
		v.s = e->s;
		return v;
	}
	case SM__E_NAME:
		return e->slot >= 0 && env->slots ? env->slots[e->slot] : none();
	case SM__E_VAR:
		return env->vars ? integer(env->vars[e->slot]) : none();
	case SM__E_CLOCK:
		return clock_value(env, e->slot);
	case SM__E_NOT:
	case SM__E_BITNOT:
	case SM__E_NEG:
	case SM__E_U8: case SM__E_U16: case SM__E_U32:
		return unary(e, env);
	case SM__E_AND:
	case SM__E_OR:
		return logical(e, env);
	case SM__E_EQ: case SM__E_NE: case SM__E_LT:
	case SM__E_LE: case SM__E_GT: case SM__E_GE:
		return comparison(e->op, sm__eval(e->a, env), sm__eval(e->b, env));
	default: {
		struct sm__value a = sm__eval(e->a, env), b = sm__eval(e->b, env);
		if (a.kind != SM__VAL_INT || b.kind != SM__VAL_INT)
			return none();
		return arithmetic(e->op, a.i, b.i);
	}
	}
}

bool sm__eval_cond(const struct sm__expr *e, const struct sm__env *env)
{
	return truth(sm__eval(e, env)) == TRUE;
}
