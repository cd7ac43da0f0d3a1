/*
 * format.c: how events, values and times are written in reports: values as
 * the trace wrote them (hex stays hex), strings quoted when they would not
 * read back as one word, times in seconds with the input's own precision.
 */
#include "engine.h"

#include <inttypes.h>

static bool is_key_slot(const struct sm__ir_prop *p, const struct sm__ir_event *ev, size_t slot)
{
	if (!p)
		return false;
	for (size_t k = 0; k < p->nkeys; k++)
		if (sm__str_eq_str(p->keys[k], ev->fields[slot]))
			return true;
	return false;
}

static bool is_word(struct sm__str s)
{
	if (s.len == 0)
		return false;
	for (size_t k = 0; k < s.len; k++) {
		unsigned char c = (unsigned char)s.ptr[k];
		if (c <= ' ' || c >= 0x7f || c == '"' || c == ',' || c == ')' || c == '(' ||
		    c == '=' || c == '\\')
			return false;
	}
	return true;
}

void sm__format_value(struct sm__buf *b, struct sm__value v)
{
	switch (v.kind) {
	case SM__VAL_INT:
		if (v.hex)
			sm__buf_printf(b, "0x%" PRIx64, (uint64_t)v.i);
		else
			sm__buf_printf(b, "%" PRId64, v.i);
		break;
	case SM__VAL_STR:
		if (is_word(v.s)) {
			sm__buf_add(b, v.s.ptr, v.s.len);
		} else {
			sm__buf_addc(b, '"');
			sm__buf_add_escaped(b, v.s.ptr, v.s.len);
			sm__buf_addc(b, '"');
		}
		break;
	default:
		sm__buf_adds(b, "(none)");
		break;
	}
}

void sm__format_event(struct sm__buf *b, const struct sm__ir_event *ev,
		      const struct sm__value *slots, const struct sm__ir_prop *skip)
{
	sm__buf_add(b, ev->name.ptr, ev->name.len);
	sm__buf_addc(b, '(');
	bool first = true;
	for (size_t k = 0; k < ev->nfields; k++) {
		if (slots[k].kind == SM__VAL_NONE || is_key_slot(skip, ev, k))
			continue;
		if (!first)
			sm__buf_adds(b, ", ");
		first = false;
		sm__buf_add(b, ev->fields[k].ptr, ev->fields[k].len);
		sm__buf_addc(b, '=');
		sm__format_value(b, slots[k]);
	}
	sm__buf_addc(b, ')');
}

void sm__format_time(struct sm__buf *b, const struct sm__where *w)
{
	if (!w->has_ts)
		return;
	uint64_t ns = w->ts_ns < 0 ? (uint64_t)0 - (uint64_t)w->ts_ns : (uint64_t)w->ts_ns;
	uint64_t frac = ns % 1000000000u;
	int digits = w->ts_digits > 9 ? 9 : w->ts_digits;
	for (int k = digits; k < 9; k++)
		frac /= 10;
	sm__buf_printf(b, "%s%" PRIu64, w->ts_ns < 0 ? "-" : "", ns / 1000000000u);
	if (digits)
		sm__buf_printf(b, ".%0*" PRIu64, digits, frac);
}
