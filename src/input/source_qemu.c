/*
 * source_qemu.c: QEMU's `-trace` log (the "log" trace backend), one trace
 * event per line:
 *
 *     17431@1795243129.550402:virtio_set_status vdev 0x55ed546b3df0 val 0
 *
 * The thread id, `@`, the wall-clock time in seconds and microseconds, `:`,
 * the event name, then the event's format string as QEMU printed it.  Those
 * are mostly `key value` pairs, which become the fields; some formats say
 * `key=value`, which is taken too.  A format is free text, though: a token
 * that cannot be a key is passed over, and the fields are what pairs up
 * (doc/cli.md "QEMU -trace logs").  Without `-msg timestamp=on`, newer QEMUs
 * leave the prefix out: such a line is a record without a time.
 *
 * Values are read as the trace wrote them: `0x55ed546b3df0` (a host pointer,
 * the device model's identity for the run) is an integer shown in hex.
 */
#include "record.h"
#include "source.h"

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

/* A C identifier, as QEMU's trace-events names and format keys are. */
static bool is_identifier(const char *p, const char *end)
{
	if (p == end || is_digit(*p))
		return false;
	for (; p < end; p++)
		if (!is_name_char(*p))
			return false;
	return true;
}

const char *sm__qemu_stamp(const char *p, const char *end, struct sm__record *rec)
{
	const char *q = p;
	while (q < end && is_digit(*q))
		q++;
	if (q == p || q == end || *q != '@')
		return NULL;
	int64_t ns;
	uint8_t digits;
	bool fits;
	q = scan_seconds(q + 1, end, &ns, &digits, &fits);
	if (!q || digits == 0 || q == end || *q != ':')
		return NULL;
	rec->has_ts = fits;
	rec->ts_ns = ns;
	rec->ts_digits = digits;
	return q + 1;
}

static const char *token_end(const char *p, const char *end)
{
	while (p < end && !is_blank(*p))
		p++;
	return p;
}

/* Punctuation a format puts after a value (`rng %p: ...`, `a %d, b %d`). */
static bool is_trailer(char c)
{
	return c == ',' || c == ':' || c == ';';
}

/* The value loses the punctuation after it, unless that is all it is. */
static void add_field(struct sm__record *rec, const char *key, const char *key_end,
		      const char *v, const char *vend)
{
	while (vend - v > 1 && is_trailer(vend[-1]))
		vend--;
	record_add_field(rec, (struct sm__str){key, (size_t)(key_end - key)},
			 sm__value_from_text(v, (size_t)(vend - v)));
}

/*
 * The arguments: `key value` pairs and `key=value` tokens, left to right.
 * A token that is neither a key with its value nor `key=value` is free text
 * and passed over; the first of two fields with one name is the one a
 * binding sees (bind.c takes the first).
 */
static void take_fields(const char *p, const char *end, struct sm__record *rec)
{
	for (p = skip_blanks(p, end); p < end; p = skip_blanks(p, end)) {
		const char *tok = p, *tend = token_end(p, end);
		const char *eq = tok;
		while (eq < tend && *eq != '=')
			eq++;
		if (eq < tend && is_identifier(tok, eq)) {
			add_field(rec, tok, eq, eq + 1, tend);
			p = tend;
			continue;
		}
		const char *v = skip_blanks(tend, end), *vend = token_end(v, end);
		if (!is_identifier(tok, tend) || v == end) {
			p = tend;
			continue;
		}
		add_field(rec, tok, tend, v, vend);
		p = vend;
	}
}

enum sm__line_kind sm__qemu_parse(struct sm__str line, struct sm__record *rec,
				  const char **why, size_t *col)
{
	const char *end = line.ptr + line.len;
	if (skip_blanks(line.ptr, end) == end)
		return SM__LINE_COMMENT;
	record_begin(rec, line);
	const char *name = sm__qemu_stamp(line.ptr, end, rec);
	if (!name)
		name = line.ptr;
	const char *p = token_end(name, end);
	if (!is_identifier(name, p)) {
		*why = name == line.ptr ? "expected 'PID@SECONDS.MICROSECONDS:' and a trace event name"
					: "expected a trace event name after the time";
		*col = (size_t)(name - line.ptr) + 1;
		return SM__LINE_BAD;
	}
	rec->name = (struct sm__str){name, (size_t)(p - name)};
	/* `from log` patterns see the event as QEMU printed it. */
	rec->text = (struct sm__str){name, (size_t)(end - name)};
	take_fields(p, end, rec);
	return SM__LINE_RECORD;
}
