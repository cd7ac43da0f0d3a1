/*
 * source_log.c: any text line is a log record.  A leading time stamp gives
 * the record its time and is left out of the text that `from log` regular
 * expressions see (doc/cli.md "Logs and their times"):
 *
 *     [   15.611647] virtio_net virtio0: ...            dmesg
 *     <6>[   15.611647] virtio_net virtio0: ...         dmesg -r: the level goes too
 *     17431@1795243129.550402:virtio_set_status ...     QEMU -trace
 *     Nov 29 21:51:50.123456 host unit[42]: text        syslog, journalctl -o short[-precise]
 *     2023-11-29T21:51:50.123456+0100 host unit[42]: text   journalctl -o short-iso[-precise]
 *
 * A syslog line's host, identifier and pid become the fields `_HOSTNAME`,
 * `SYSLOG_IDENTIFIER` and `_PID`, the names journalctl -o json gives them,
 * so that one spec reads both; the text is the message after `unit[pid]: `.
 */
#include "record.h"
#include "source.h"

#include <string.h>

/* `[` blanks seconds.fraction blanks `]`: returns the end of the prefix
 * (one blank after the bracket included), or NULL. */
static const char *take_dmesg_time(const char *p, const char *end,
				   struct sm__record *rec)
{
	if (p == end || *p != '[')
		return NULL;
	int64_t ns;
	uint8_t digits;
	bool fits;
	const char *q = scan_seconds(skip_blanks(p + 1, end), end, &ns, &digits,
				     &fits);
	if (!q || digits == 0)
		return NULL;
	q = skip_blanks(q, end);
	if (q == end || *q != ']')
		return NULL;
	q++;
	rec->has_ts = fits;
	rec->ts_ns = ns;
	rec->ts_digits = digits;
	return q < end && *q == ' ' ? q + 1 : q;
}

/* `<6>`, the console log level `dmesg -r` and /proc/kmsg put first. */
static const char *skip_level(const char *p, const char *end)
{
	const char *q = p + 1;
	if (p == end || *p != '<')
		return p;
	while (q < end && q - p <= 3 && is_digit(*q))
		q++;
	return q > p + 1 && q < end && *q == '>' ? q + 1 : p;
}

/* Exactly n digits at p, as a number; -1 when they are not there. */
static int64_t fixed_digits(const char *p, const char *end, int n)
{
	int64_t v = 0;
	if (end - p < n)
		return -1;
	for (int k = 0; k < n; k++) {
		if (!is_digit(p[k]))
			return -1;
		v = v * 10 + (p[k] - '0');
	}
	return v;
}

/* `HH:MM:SS[.fraction]` at p: seconds of the day in *ns; the end, or NULL. */
static const char *take_clock(const char *p, const char *end, int64_t *ns, uint8_t *digits)
{
	int64_t h = fixed_digits(p, end, 2), m = -1, s = -1;
	if (h >= 0 && end - p >= 8 && p[2] == ':' && p[5] == ':') {
		m = fixed_digits(p + 3, end, 2);
		s = fixed_digits(p + 6, end, 2);
	}
	if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60)
		return NULL;
	p += 8;
	const char *fp = p, *fend = p;
	if (p + 1 < end && *p == '.' && is_digit(p[1])) {
		fp = p + 1;
		fend = digits_end(fp, end);
	}
	int64_t frac; /* no whole seconds: the fraction alone, in ns */
	seconds_value(fp, fp, fp, fend, &frac, digits);
	*ns = ((h * 60 + m) * 60 + s) * 1000000000 + frac;
	return fend;
}

/* Days before each month, in a leap year: a year-less date has a place for
 * February 29. */
static const int days_before[12] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};

/*
 * `Nov 29 21:51:50[.123456] ` (syslog, journalctl -o short[-precise]).  The
 * year is not written, so the time is counted from January 1 00:00 of the
 * line's year, as the clock time is written (local time, no time zone):
 * within a year, later lines have later times.  Returns the end, or NULL.
 */
static const char *take_syslog_time(const char *p, const char *end, struct sm__record *rec)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (end - p < 16 || p[3] != ' ')
		return NULL;
	int month = -1;
	for (int k = 0; k < 12; k++)
		if (memcmp(p, months + 3 * k, 3) == 0)
			month = k;
	/* The day is padded with a blank (`Nov  9`) or written with two digits. */
	int64_t day = p[4] == ' ' ? fixed_digits(p + 5, end, 1) : fixed_digits(p + 4, end, 2);
	if (month < 0 || day < 1 || day > 31 || p[6] != ' ')
		return NULL;
	int64_t ns;
	uint8_t digits;
	const char *q = take_clock(p + 7, end, &ns, &digits);
	if (!q || (q < end && *q != ' '))
		return NULL;
	rec->has_ts = true;
	rec->ts_ns = (days_before[month] + day - 1) * 86400 * 1000000000 + ns;
	rec->ts_digits = digits;
	return q;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * `2023-11-29T21:51:50[.123456](Z|+0100|+01:00) ` (journalctl -o
 * short-iso[-precise], RFC 3339 syslog): seconds since the Unix epoch, UTC.
 * Returns the end, or NULL.
 */
static const char *take_iso_time(const char *p, const char *end, struct sm__record *rec)
{
	int64_t y = fixed_digits(p, end, 4), mo = -1, d = -1;
	if (y >= 1970 && end - p >= 11 && p[4] == '-' && p[7] == '-' && p[10] == 'T') {
		mo = fixed_digits(p + 5, end, 2);
		d = fixed_digits(p + 8, end, 2);
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return NULL;
	int64_t ns;
	uint8_t digits;
	const char *q = take_clock(p + 11, end, &ns, &digits);
	if (!q || q == end)
		return NULL;
	int64_t offset = 0; /* seconds east of UTC */
	if (*q == 'Z') {
		q++;
	} else if (*q == '+' || *q == '-') {
		int64_t oh = fixed_digits(q + 1, end, 2), om;
		const char *m = q + 3 < end && q[3] == ':' ? q + 4 : q + 3;
		om = fixed_digits(m, end, 2);
		if (oh < 0 || om < 0)
			return NULL;
		offset = (oh * 60 + om) * 60 * (*q == '-' ? -1 : 1);
		q = m + 2;
	} else {
		return NULL;
	}
	if (q < end && *q != ' ')
		return NULL;
	/* Past 2262 nanoseconds overflow: a line without a time, as in
	 * scan_seconds. */
	int64_t sec = days_from_civil(y, mo, d) * 86400 - offset;
	rec->has_ts = sec <= MAX_TS_SECONDS - 86400;
	rec->ts_ns = rec->has_ts ? sec * 1000000000 + ns : 0;
	rec->ts_digits = digits;
	return q;
}

const struct sm__str sm__syslog_names[3] = {
	{"_HOSTNAME", 9}, {"SYSLOG_IDENTIFIER", 17}, {"_PID", 4}};

static struct sm__str span(const char *p, const char *q)
{
	return (struct sm__str){p, (size_t)(q - p)};
}

/*
 * After a syslog time: `host ident[pid]: message` (or `host ident: message`).
 * The fields are added and the message's start returned; when the tag is
 * not there, the text is what follows the time.
 */
static const char *take_syslog_tag(const char *p, const char *end, struct sm__record *rec)
{
	p = skip_blanks(p, end);
	const char *host = p;
	while (p < end && !is_blank(*p))
		p++;
	const char *host_end = p, *ident = skip_blanks(p, end);
	const char *colon = ident;
	while (colon < end && *colon != ':' && !is_blank(*colon))
		colon++;
	if (host_end == host || ident == host_end || colon == end || *colon != ':' ||
	    colon == ident)
		return host;
	const char *ident_end = colon, *pid = NULL;
	if (colon[-1] == ']') {
		pid = memchr(ident, '[', (size_t)(colon - ident));
		if (pid) {
			ident_end = pid;
			pid++;
		}
	}
	/* Names are strings even when they look like numbers. */
	struct sm__value v = {0};
	v.kind = SM__VAL_STR;
	v.s = span(host, host_end);
	record_add_field(rec, sm__syslog_names[0], v);
	v.s = span(ident, ident_end);
	record_add_field(rec, sm__syslog_names[1], v);
	if (pid)
		record_add_field(rec, sm__syslog_names[2],
				 sm__value_from_text(pid, (size_t)(colon - 1 - pid)));
	p = colon + 1;
	return p < end && *p == ' ' ? p + 1 : p;
}

enum sm__line_kind sm__log_parse(struct sm__str line, struct sm__record *rec,
				 const char **why, size_t *col)
{
	(void)why;
	(void)col;
	const char *end = line.ptr + line.len;
	if (skip_blanks(line.ptr, end) == end)
		return SM__LINE_COMMENT;
	record_begin(rec, line);
	const char *p = line.ptr, *text = NULL;
	if (*p == '[' || *p == '<') {
		const char *after_level = skip_level(p, end);
		text = take_dmesg_time(after_level, end, rec);
		if (!text && after_level != p)
			text = after_level; /* a level without a time */
	} else if (is_digit(*p)) {
		text = sm__qemu_stamp(p, end, rec);
		const char *q = text ? NULL : take_iso_time(p, end, rec);
		if (q)
			text = take_syslog_tag(q, end, rec);
	} else {
		const char *q = take_syslog_time(p, end, rec);
		if (q)
			text = take_syslog_tag(q, end, rec);
	}
	if (text)
		rec->text = span(text, end);
	return SM__LINE_RECORD;
}
