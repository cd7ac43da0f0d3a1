/*
 * source_detect.c: guesses the format of an input from one line, for
 * `--format auto`: JSON Lines start with '{', QEMU -trace lines with
 * `PID@SEC.USEC:NAME`, ftrace lines parse as ftrace, and any other text is
 * a log.
 */
#include "record.h"
#include "source.h"

#include <string.h>

bool sm__dat_magic(const char *p, size_t n)
{
	static const char magic[] = "\027\010Dtracing";
	return n >= sizeof magic - 1 && memcmp(p, magic, sizeof magic - 1) == 0;
}

enum sm__format sm__format_detect(struct sm__str first_line)
{
	const char *end = first_line.ptr + first_line.len;
	const char *p = skip_blanks(first_line.ptr, end);
	if (p < end && *p == '{')
		return SM__FMT_JSONL;
	struct sm__record rec = {0};
	const char *why;
	size_t col;
	if (sm__qemu_stamp(first_line.ptr, end, &rec) && sm__qemu_parse(first_line, &rec, &why, &col) ==
						     SM__LINE_RECORD) {
		sm__record_free(&rec);
		return SM__FMT_QEMU;
	}
	/* The header alone: the fields are not needed to decide. */
	enum sm__line_kind kind = sm__ftrace_parse_header(first_line, &rec, &why, &col);
	sm__record_free(&rec); /* the line starts it learnt */
	return kind == SM__LINE_RECORD ? SM__FMT_FTRACE : SM__FMT_LOG;
}
