/*
 * source.h: helpers the trace-source parsers share (private to
 * source_*.c and the pick, pick.h).  Inline because they run once per
 * input line.
 */
#ifndef SM_SOURCE_H
#define SM_SOURCE_H

#include "record.h"

#include <string.h>

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

/* The end of the run of digits at p. */
static inline const char *digits_end(const char *p, const char *end)
{
	while (p < end && is_digit(*p))
		p++;
	return p;
}

/*
 * Eight bytes a step (SWAR): the bytes at p as a word whose lowest byte is
 * the first in memory; the bytes of a word below c (c <= 128) or equal to
 * c, as words with the high bit of those bytes set.  Both are exact up to
 * the first such byte (a byte after it may be set wrongly, never one
 * before), which is all first_byte looks at.
 */
static inline uint64_t load_le64(const char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t bytes_below(uint64_t w, unsigned char c)
{
	return (w - ONES * c) & ~w & HIGHS;
}

static inline uint64_t bytes_equal(uint64_t w, char c)
{
	return bytes_below(w ^ (ONES * (unsigned char)c), 1);
}

static inline size_t first_byte(uint64_t w)
{
	return (size_t)__builtin_ctzll(w) / 8;
}

/*
 * Start a record for `line`.  Only the scalar members are cleared: the
 * field array is kept for reuse and nfields says how much of it counts.
 * lineno belongs to the caller.  known_start (source_ftrace.c) does the
 * same member by member for the lines of a known start: a member added
 * here is set there too.
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
	rec->task_at = NULL;
	rec->comm = (struct sm__str){line.ptr, 0};
	rec->pid = rec->cpu = 0;
	rec->time_pending = rec->task_pending = false;
	rec->nfields = 0;
	rec->rest = (struct sm__str){line.ptr, 0};
	rec->fields_pending = false;
	rec->shape = 0;
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
 * The time of seconds written as digits [ip, iend) and fraction digits
 * [fp, fend), in nanoseconds and the fraction digits kept (up to 9: those
 * beyond nanoseconds are ignored).  False when the value is too large for
 * int64_t nanoseconds (*ns is then 0): up to 19 digits cannot wrap a
 * uint64_t, and more would not fit anyway (MAX_TS_SECONDS has 10), unless
 * they are leading zeros.
 */
static inline bool seconds_value(const char *ip, const char *iend, const char *fp,
				 const char *fend, int64_t *ns, uint8_t *digits)
{
	static const int64_t scale[10] = {1000000000, 100000000, 10000000, 1000000,
					  100000, 10000, 1000, 100, 10, 1};
	while (iend - ip > 19 && *ip == '0')
		ip++;
	bool fits = iend - ip <= 19;
	uint64_t sec = 0;
	for (; fits && ip < iend; ip++)
		sec = sec * 10 + (uint64_t)(*ip - '0');
	fits = fits && sec <= MAX_TS_SECONDS;
	uint8_t n = (uint8_t)(fend - fp < 9 ? fend - fp : 9);
	int64_t frac = 0;
	for (uint8_t k = 0; k < n; k++)
		frac = frac * 10 + (fp[k] - '0');
	*digits = n;
	*ns = fits ? (int64_t)sec * 1000000000 + frac * scale[n] : 0;
	return fits;
}

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
	const char *iend = digits_end(p, end), *fp = iend, *fend = iend;
	if (iend + 1 < end && *iend == '.' && is_digit(iend[1])) {
		fp = iend + 1;
		fend = digits_end(fp, end);
	}
	*fits = seconds_value(p, iend, fp, fend, ns, digits);
	return fend;
}

/*
 * QEMU's `-trace` log prefix, `PID@SEC.USEC:` (source_qemu.c): on a match,
 * the record's time is set and the end of the prefix returned; otherwise
 * NULL and rec untouched.  Log lines carry it too (source_log.c).
 */
const char *sm__qemu_stamp(const char *p, const char *end, struct sm__record *rec);

#endif
