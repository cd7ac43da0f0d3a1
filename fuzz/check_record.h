/*
 * check_record.h: what the parser fuzz targets share: feeding an input to
 * a parser one line at a time, each line in its own exactly-sized heap
 * block so that AddressSanitizer sees any read past its end, and checking
 * that a parsed record only points where it may.
 */
#ifndef FUZZ_CHECK_RECORD_H
#define FUZZ_CHECK_RECORD_H

#include "record.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline bool span_within(struct sm__str s, const char *ptr, size_t len)
{
	return s.len == 0 ||
	       (s.ptr >= ptr && s.len <= len &&
		(size_t)(s.ptr - ptr) <= len - s.len);
}

/* Strings of a record lie in its line, or in `extra` (JSON's scratch). */
static inline bool in_record(struct sm__str s, struct sm__str line, struct sm__str extra)
{
	return span_within(s, line.ptr, line.len) || span_within(s, extra.ptr, extra.len);
}

/* Abort on what the interface rules out: a bad line without its reason or
 * with a column outside the line, or a record pointing anywhere else. */
static inline void check_result(enum sm__line_kind kind, const struct sm__record *rec,
				struct sm__str line, struct sm__str extra,
				const char *why, size_t col)
{
	if (kind == SM__LINE_BAD && (!why || col < 1 || col > line.len + 1))
		abort();
	if (kind != SM__LINE_RECORD)
		return;
	if (rec->line.ptr != line.ptr || rec->line.len != line.len ||
	    rec->nfields > rec->capfields || !in_record(rec->name, line, extra) ||
	    !in_record(rec->text, line, extra) || !in_record(rec->comm, line, extra))
		abort();
	for (size_t k = 0; k < rec->nfields; k++) {
		const struct sm__raw_field *f = &rec->fields[k];
		bool syslog_name = false; /* static names: see record.h */
		for (size_t n = 0; n < 3; n++)
			syslog_name |= f->name.ptr == sm__syslog_names[n].ptr &&
				       f->name.len == sm__syslog_names[n].len;
		if ((!syslog_name && !in_record(f->name, line, extra)) ||
		    (f->value.kind == SM__VAL_STR && !in_record(f->value.s, line, extra)))
			abort();
	}
}

/* Call parse() on each line of data, the last one included. */
static inline void for_each_line(const uint8_t *data, size_t size,
				 void (*parse)(struct sm__str line))
{
	const char *p = (const char *)data, *end = p + size;
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		char *copy = malloc(len ? len : 1);
		if (!copy)
			abort();
		memcpy(copy, p, len);
		parse((struct sm__str){copy, len});
		free(copy);
		if (!nl)
			break;
		p = nl + 1;
	}
}

#endif
