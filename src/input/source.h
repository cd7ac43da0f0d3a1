/*
 * source.h: helpers the trace-source parsers share (private to
 * source_*.c).  Inline because they run once per input line.
 */
#ifndef SM_SOURCE_H
#define SM_SOURCE_H

#include "record.h"

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/*
 * Start a record for `line`.  Only the scalar members are cleared: the
 * field array is kept for reuse and nfields says how much of it counts.
 * lineno belongs to the caller.
 */
static inline void record_begin(struct sm__record *rec, struct sm__str line)
{
	rec->line = line;
	rec->name = (struct sm__str){line.ptr, 0};
	rec->text = line;
	rec->has_ts = false;
	rec->ts_ns = 0;
	rec->ts_digits = 0;
	rec->has_task = false;
	rec->comm = (struct sm__str){line.ptr, 0};
	rec->pid = rec->cpu = 0;
	rec->nfields = 0;
	rec->rest = (struct sm__str){line.ptr, 0};
	rec->fields_pending = false;
}

static inline void record_add_field(struct sm__record *rec, struct sm__str name,
				    struct sm__value value)
{
	if (rec->nfields == rec->capfields) { /* cold: the widest record so far */
		rec->capfields = rec->capfields ? rec->capfields * 2 : 16;
		rec->fields = sm__xrealloc(rec->fields, rec->capfields * sizeof *rec->fields);
	}
	rec->fields[rec->nfields].name = name;
	rec->fields[rec->nfields].value = value;
	rec->nfields++;
}

/* The largest whole number of seconds whose nanoseconds fit in int64_t. */
#define MAX_TS_SECONDS 9223372035ll

/*
 * Read a timestamp written as seconds, `digits[.digits]`, as the kernel and
 * dmesg print it.  Returns the end of the number, or NULL when p does not
 * start with a digit.  Fraction digits beyond nanoseconds are ignored; a
 * value too large for int64_t nanoseconds leaves the record without a time
 * (a counter clock is still a valid trace), so *fits says whether it fit.
 */
static inline const char *scan_seconds(const char *p, const char *end,
				       int64_t *ns, uint8_t *digits, bool *fits)
{
	if (p == end || !is_digit(*p))
		return NULL;
	int64_t sec = 0;
	*fits = true;
	for (; p < end && is_digit(*p); p++) {
		if (sec > MAX_TS_SECONDS / 10)
			*fits = false;
		else
			sec = sec * 10 + (*p - '0');
	}
	if (sec > MAX_TS_SECONDS)
		*fits = false;
	int64_t frac = 0;
	uint8_t n = 0;
	if (p + 1 < end && *p == '.' && is_digit(p[1])) {
		for (p++; p < end && is_digit(*p); p++) {
			if (n < 9) {
				frac = frac * 10 + (*p - '0');
				n++;
			}
		}
	}
	*digits = n;
	for (uint8_t k = n; k < 9; k++)
		frac *= 10;
	*ns = *fits ? sec * 1000000000 + frac : 0;
	return p;
}

/*
 * QEMU's `-trace` log prefix, `PID@SEC.USEC:` (source_qemu.c): on a match,
 * the record's time is set and the end of the prefix returned; otherwise
 * NULL and rec untouched.  Log lines carry it too (source_log.c).
 */
const char *sm__qemu_stamp(const char *p, const char *end, struct sm__record *rec);

#endif
