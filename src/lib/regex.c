/*
 * regex.c: `from log /.../` patterns.  POSIX extended regular expressions
 * (regcomp) have no named groups, so a pattern is rewritten before it is
 * compiled: `(?<name>` becomes `(` and the group's number is remembered,
 * `(?:` becomes a plain group, and `\d`/`\D` outside brackets become
 * `[0-9]`/`[^0-9]`.  Everything else is passed to regcomp as written.
 */
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rewrite {
	const char *pat;
	size_t pos;
	struct sm__buf out;
	struct sm__str *names;
	size_t ngroups, cap;
	char *err;
	size_t errcap;
};

static bool fail(struct rewrite *w, const char *msg)
{
	snprintf(w->err, w->errcap, "%s (at character %zu of the pattern)", msg, w->pos + 1);
	return false;
}

/* Copy a bracket expression [...] as is: '(' inside it is no group. */
static bool copy_bracket(struct rewrite *w)
{
	size_t start = w->pos++;
	if (w->pat[w->pos] == '^')
		w->pos++;
	if (w->pat[w->pos] == ']')
		w->pos++;
	while (w->pat[w->pos] && w->pat[w->pos] != ']') {
		if (w->pat[w->pos] == '[' && strchr(":.=", w->pat[w->pos + 1])) {
			char kind = w->pat[w->pos + 1];
			const char *close = w->pat + w->pos + 2;
			while (*close && !(close[0] == kind && close[1] == ']'))
				close++;
			if (!*close)
				return fail(w, "unterminated [: :] class");
			w->pos = (size_t)(close - w->pat) + 2;
		} else {
			w->pos++;
		}
	}
	if (!w->pat[w->pos]) {
		w->pos = start;
		return fail(w, "unterminated '['");
	}
	w->pos++;
	sm__buf_add(&w->out, w->pat + start, w->pos - start);
	return true;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* At '(': a plain, named or non-capturing group. */
static bool open_group(struct rewrite *w)
{
	struct sm__str name = {"", 0};
	if (w->pat[w->pos + 1] == '?') {
		if (w->pat[w->pos + 2] == ':') {
			/* ERE has no non-capturing group: it becomes an unnamed one. */
			w->pos += 3;
		} else if (w->pat[w->pos + 2] == '<' || w->pat[w->pos + 2] == 'P') {
			size_t at = w->pos + (w->pat[w->pos + 2] == 'P' ? 4 : 3);
			if (w->pat[w->pos + 2] == 'P' && w->pat[w->pos + 3] != '<')
				return fail(w, "expected '(?<name>' for a named group");
			size_t end = at;
			while (is_name_char(w->pat[end]))
				end++;
			if (end == at || w->pat[end] != '>')
				return fail(w, "expected '(?<name>' with a field name");
			name = (struct sm__str){w->pat + at, end - at};
			w->pos = end + 1;
		} else {
			return fail(w, "unsupported '(?' construct (only (?<name>...) and (?:...))");
		}
	} else {
		w->pos++;
	}
	sm__grow((void **)&w->names, &w->cap, w->ngroups + 1, sizeof *w->names);
	w->names[w->ngroups++] = name;
	sm__buf_addc(&w->out, '(');
	return true;
}

static bool rewrite(struct rewrite *w)
{
	while (w->pat[w->pos]) {
		char c = w->pat[w->pos];
		if (c == '\\' && (w->pat[w->pos + 1] == 'd' || w->pat[w->pos + 1] == 'D')) {
			sm__buf_adds(&w->out, w->pat[w->pos + 1] == 'd' ? "[0-9]" : "[^0-9]");
			w->pos += 2;
		} else if (c == '\\' && w->pat[w->pos + 1] == '/') {
			sm__buf_addc(&w->out, '/'); /* written \/ inside /.../ */
			w->pos += 2;
		} else if (c == '\\' && w->pat[w->pos + 1]) {
			sm__buf_add(&w->out, w->pat + w->pos, 2);
			w->pos += 2;
		} else if (c == '[') {
			if (!copy_bracket(w))
				return false;
		} else if (c == '(') {
			if (!open_group(w))
				return false;
		} else {
			sm__buf_addc(&w->out, c);
			w->pos++;
		}
	}
	return true;
}

bool sm__regex_compile(const char *pattern, regex_t *re, struct sm__str **names,
		       size_t *ngroups, char *err, size_t errcap)
{
	struct rewrite w = {.pat = pattern, .err = err, .errcap = errcap};
	sm__buf_adds(&w.out, "");
	bool ok = rewrite(&w);
	if (ok) {
		int rc = regcomp(re, w.out.data, REG_EXTENDED);
		if (rc != 0) {
			char msg[200];
			regerror(rc, re, msg, sizeof msg);
			snprintf(err, errcap, "invalid regular expression: %s", msg);
			ok = false;
		} else if (re->re_nsub != w.ngroups) {
			/* Our count and regcomp's must agree, or fields would
			 * come from the wrong groups. */
			regfree(re);
			snprintf(err, errcap, "cannot number the groups of this pattern");
			ok = false;
		}
	}
	sm__buf_free(&w.out);
	if (!ok) {
		free(w.names);
		return false;
	}
	*names = w.names;
	*ngroups = w.ngroups;
	return true;
}
