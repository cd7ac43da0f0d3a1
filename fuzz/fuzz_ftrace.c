/* fuzz_ftrace.c: libFuzzer target for sm__ftrace_parse, line by line, and
 * for the path the binder takes: the header alone, then sm__ftrace_pick of
 * some distinct names must find what splitting every field finds (the
 * first value of each name, nothing for a name the line lacks): with a
 * fresh pick, the same pick again on the same line (pick_again's path, then
 * the layout it learnt), and a pick of fixed names kept from line to line.
 * The record kept from line to line must split each line as a fresh one
 * does. */
#include "check_record.h"

static bool same_value(struct sm__value a, struct sm__value b)
{
	return a.kind == b.kind && a.hex == b.hex && a.i == b.i && a.s.ptr == b.s.ptr &&
	       a.s.len == b.s.len;
}

static struct sm__value first_field(const struct sm__record *rec, struct sm__str name)
{
	for (size_t k = 0; k < rec->nfields; k++)
		if (sm__str_eq_str(rec->fields[k].name, name))
			return rec->fields[k].value;
	return (struct sm__value){0};
}

/* Each name once, as in a binding plan. */
static void add_name(struct sm__str *names, size_t *n, struct sm__str name)
{
	for (size_t k = 0; k < *n; k++)
		if (sm__str_eq_str(names[k], name))
			return;
	names[(*n)++] = name;
}

/* A fresh pick of names, used three times on the record. */
static void pick_twice(const struct sm__record *rec, const struct sm__record *full,
		       const struct sm__str *names, size_t n)
{
	struct sm__value got[8];
	struct sm__pick pick;
	sm__pick_init(&pick, names, n);
	for (int again = 0; again < 3; again++) {
		sm__ftrace_pick(rec, &pick, got);
		for (size_t k = 0; k < n; k++)
			if (!same_value(got[k], first_field(full, names[k])))
				abort();
	}
	sm__pick_free(&pick);
}

static void check_pick(struct sm__str line, const struct sm__record *full)
{
	static struct sm__record rec;
	const char *why = NULL;
	size_t col = 0;
	if (sm__ftrace_parse_header(line, &rec, &why, &col) != SM__LINE_RECORD)
		abort();
	sm__ftrace_time(&rec);
	sm__ftrace_task(&rec);
	if (rec.has_ts != full->has_ts || rec.ts_ns != full->ts_ns ||
	    rec.ts_digits != full->ts_digits || rec.pid != full->pid || rec.cpu != full->cpu)
		abort();
	struct sm__str names[8];
	struct sm__value got[8];
	size_t n = 0;
	/* the last fields first (their names may repeat earlier ones); then
	 * with a name the line mostly lacks */
	for (size_t k = full->nfields; k > 0 && n < 7; k--)
		add_name(names, &n, full->fields[k - 1].name);
	pick_twice(&rec, full, names, n); /* all found: the second time, pick_again */
	add_name(names, &n, (struct sm__str){"\001", 1});
	pick_twice(&rec, full, names, n);
	/* picks kept from line to line (pick_again across records) */
	static const struct sm__str fixed[2][3] = {{{"dev", 3}, {"vq", 2}, {"id", 2}},
						   {{"dev", 3}, {"status", 6}, {"a", 1}}};
	static struct sm__pick kept[2];
	for (size_t p = 0; p < 2; p++) {
		if (!kept[p].head)
			sm__pick_init(&kept[p], fixed[p], 3);
		sm__ftrace_pick(&rec, &kept[p], got);
		for (size_t k = 0; k < 3; k++)
			if (!same_value(got[k], first_field(full, fixed[p][k])))
				abort();
	}
}

static bool same_span(struct sm__str a, struct sm__str b)
{
	return a.ptr == b.ptr && a.len == b.len;
}

/* A record kept from line to line finds line starts it has read before
 * (known_start): it must split the line as a fresh record does. */
static void check_known_start(struct sm__str line, enum sm__line_kind kind,
			      const struct sm__record *rec, const char *why, size_t col)
{
	struct sm__record fresh = {0};
	const char *fresh_why = NULL;
	size_t fresh_col = 0;
	enum sm__line_kind fresh_kind = sm__ftrace_parse(line, &fresh, &fresh_why, &fresh_col);
	if (fresh_kind != kind || fresh_why != why || fresh_col != col)
		abort();
	if (kind == SM__LINE_RECORD &&
	    (!same_span(fresh.comm, rec->comm) || !same_span(fresh.name, rec->name) ||
	     !same_span(fresh.rest, rec->rest) || fresh.pid != rec->pid ||
	     fresh.cpu != rec->cpu || fresh.ts_ns != rec->ts_ns || fresh.has_ts != rec->has_ts ||
	     fresh.nfields != rec->nfields))
		abort();
	sm__record_free(&fresh);
}

static void parse(struct sm__str line)
{
	static struct sm__record rec;
	const char *why = NULL;
	size_t col = 0;
	enum sm__line_kind kind = sm__ftrace_parse(line, &rec, &why, &col);
	check_result(kind, &rec, line, (struct sm__str){0}, why, col);
	check_known_start(line, kind, &rec, why, col);
	if (kind == SM__LINE_RECORD)
		check_pick(line, &rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for_each_line(data, size, parse);
	return 0;
}
