/*
 * source_log.c: any text line is a log record.  A leading dmesg timestamp,
 * `[   15.611647] `, gives the record its time and is left out of the text
 * that `from log` regular expressions see.
 */
#include "record.h"
#include "source.h"

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

enum sm__line_kind sm__log_parse(struct sm__str line, struct sm__record *rec,
				 const char **why, size_t *col)
{
	(void)why;
	(void)col;
	const char *end = line.ptr + line.len;
	if (skip_blanks(line.ptr, end) == end)
		return SM__LINE_COMMENT;
	record_begin(rec, line);
	const char *text = take_dmesg_time(line.ptr, end, rec);
	if (text)
		rec->text = (struct sm__str){text, (size_t)(end - text)};
	return SM__LINE_RECORD;
}
