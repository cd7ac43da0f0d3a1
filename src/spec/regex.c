/*
 * regex.c: `from log /.../` patterns, compiled with PCRE2.
 *
 * PCRE2 rather than POSIX regcomp/regexec: glibc's regexec has no bound on
 * its work, so one long line against /(?<x>.*): error/ took seconds, and
 * its bounded repetitions expand at compile time.  PCRE2 has named groups
 * and \d natively, a JIT, and limits on the work of one match
 * (pcre2_set_match_limit, pcre2_set_depth_limit; see bind.c), so the cost
 * of a line is bounded and a line on which a pattern gives up is reported,
 * not silently unmatched.  Patterns are byte-oriented (no PCRE2_UTF): trace
 * lines are not always valid UTF-8.  Named groups become fields (resolve.c
 * asks for them by name); PCRE2 refuses duplicate names itself.
 */
#include "ir.h"

#include <stdio.h>
#include <string.h>

/* The name of each capture group (len 0: unnamed), pointing into the
 * compiled code's name table: an entry is the group number (two bytes,
 * big-endian) then the NUL-terminated name. */
static struct sm__str *group_names(const pcre2_code *re, size_t ngroups)
{
	struct sm__str *names = sm__xcalloc(ngroups + 1, sizeof *names);
	uint32_t count, size;
	PCRE2_SPTR table;
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t k = 0; k < count; k++) {
		const unsigned char *entry = table + (size_t)k * size;
		size_t group = (size_t)entry[0] << 8 | entry[1];
		const char *name = (const char *)entry + 2;
		if (group >= 1 && group <= ngroups)
			names[group - 1] = (struct sm__str){name, strlen(name)};
	}
	return names;
}

pcre2_code *sm__regex_compile(const char *pattern, struct sm__str **names, size_t *ngroups,
			      char *err, size_t errcap, size_t *err_at)
{
	*err_at = SIZE_MAX;
	/* The literal's text as written: `\/` (a slash inside /.../) is an
	 * escaped slash to PCRE2 too, and error offsets are offsets in it. */
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &code,
				       &offset, NULL);
	if (!re) {
		unsigned char msg[200];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errcap, "invalid regular expression: %s", (const char *)msg);
		*err_at = offset;
		return NULL;
	}
	/* JIT is an optimisation: where it is unavailable (or fails), the
	 * interpreter runs the same pattern under the same limits. */
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	uint32_t count;
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &count);
	*ngroups = count;
	*names = group_names(re, count);
	return re;
}
