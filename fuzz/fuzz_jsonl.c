/*
 * fuzz_jsonl.c: libFuzzer target for sm__jsonl_parse, line by line, with
 * one record and scratch buffer kept across lines as the CLI keeps them.
 * Each line is parsed a second time into a record that has learnt no
 * shape (known_shape in source_jsonl.c): the shape is only a shortcut, so
 * both must give the same result, field for field.  And records that say
 * they have the same shape (rec.shape, which the binder trusts) must have
 * the same member names in the same order.
 */
#include "check_record.h"

static struct sm__record rec, fresh;
static struct sm__buf scratch, fresh_scratch;

static bool same_str(struct sm__str a, struct sm__str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static bool same_value(const struct sm__value *a, const struct sm__value *b)
{
	if (a->kind != b->kind || a->hex != b->hex)
		return false;
	switch (a->kind) {
	case SM__VAL_INT:
		return a->i == b->i;
	case SM__VAL_STR:
		return same_str(a->s, b->s);
	default:
		return true;
	}
}

/* The spans of a record from a shape point at the same places in the line
 * as those of a fresh one, or at the same bytes of its scratch. */
static bool same_record(const struct sm__record *a, const struct sm__record *b)
{
	if (!same_str(a->name, b->name) || (a->text.ptr == NULL) != (b->text.ptr == NULL) ||
	    !same_str(a->text, b->text) || a->has_ts != b->has_ts || a->nfields != b->nfields)
		return false;
	if (a->has_ts && (a->ts_ns != b->ts_ns || a->ts_digits != b->ts_digits))
		return false;
	for (size_t k = 0; k < a->nfields; k++)
		if (!same_str(a->fields[k].name, b->fields[k].name) ||
		    !same_value(&a->fields[k].value, &b->fields[k].value))
			return false;
	return true;
}

/* The member names of the last records of a few shapes, by serial. */
#define SHAPES_KEPT 16
static struct kept {
	uint64_t shape;
	size_t n;
	char names[4096];
	size_t len;
} kept[SHAPES_KEPT];

/* The record's names, one after another, each ended by a zero byte;
 * false when they do not fit. */
static bool names_of(const struct sm__record *r, char *to, size_t cap, size_t *len)
{
	*len = 0;
	for (size_t k = 0; k < r->nfields; k++) {
		struct sm__str n = r->fields[k].name;
		if (n.len + 1 > cap - *len)
			return false;
		memcpy(to + *len, n.ptr, n.len);
		to[*len + n.len] = '\0';
		*len += n.len + 1;
	}
	return true;
}

static void check_shape(const struct sm__record *r)
{
	if (!r->shape)
		return;
	struct kept *k = &kept[r->shape % SHAPES_KEPT];
	char names[sizeof k->names];
	size_t len;
	if (!names_of(r, names, sizeof names, &len))
		return;
	if (k->shape == r->shape &&
	    (k->n != r->nfields || k->len != len || memcmp(k->names, names, len) != 0))
		abort();
	k->shape = r->shape;
	k->n = r->nfields;
	k->len = len;
	memcpy(k->names, names, len);
}

static void parse(struct sm__str line)
{
	const char *why = NULL, *fresh_why = NULL;
	size_t col = 0, fresh_col = 0;
	enum sm__line_kind kind = sm__jsonl_parse(line, &rec, &scratch, &why, &col);
	/* Decoding never lengthens a string, so all of them fit in the line's
	 * length: more would mean the scratch buffer was overrun. */
	if (scratch.len > line.len)
		abort();
	check_result(kind, &rec, line, (struct sm__str){scratch.data, scratch.len},
		     why, col);

	sm__record_free(&fresh);
	enum sm__line_kind fresh_kind =
		sm__jsonl_parse(line, &fresh, &fresh_scratch, &fresh_why, &fresh_col);
	if (fresh_kind != kind)
		abort();
	if (kind == SM__LINE_BAD && (col != fresh_col || strcmp(why, fresh_why) != 0))
		abort();
	if (kind == SM__LINE_RECORD && !same_record(&rec, &fresh))
		abort();
	if (kind == SM__LINE_RECORD)
		check_shape(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for_each_line(data, size, parse);
	return 0;
}
