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

#define MAX_DEPTH 64
#define MAX_SIZE 20000 /* pattern atoms after regcomp expands the bounds */

struct rewrite {
	const char *pat;
	size_t pos;
	/* Size estimate of the compiled pattern: the atoms of each open group
	 * and of the last atom, which a repetition would copy. */
	size_t size[MAX_DEPTH];
	int depth;
	size_t last;
	struct sm__buf out;
	struct sm__str *names;
	size_t ngroups, cap;
	char *err;
	size_t errcap;
	size_t *err_at;
};

static bool fail(struct rewrite *w, const char *msg)
{
	snprintf(w->err, w->errcap, "%s", msg);
	*w->err_at = w->pos;
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
		if (w->pat[w->pos] == '[' && w->pat[w->pos + 1] && strchr(":.=", w->pat[w->pos + 1])) {
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
			/* Two groups for one field: which one gives it? */
			for (size_t k = 0; k < w->ngroups; k++)
				if (sm__str_eq_str(w->names[k], name)) {
					char msg[160];
					snprintf(msg, sizeof msg, "a second group named '%.*s': each "
						 "field comes from one group", (int)name.len,
						 name.ptr);
					return fail(w, msg);
				}
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
	if (w->depth + 1 >= MAX_DEPTH)
		return fail(w, "groups nested too deeply");
	w->size[++w->depth] = 0;
	return true;
}

#define MAX_BOUND 255

static bool grow_size(struct rewrite *w, size_t atoms)
{
	w->size[w->depth] += atoms;
	if (w->size[w->depth] > MAX_SIZE)
		return fail(w, "this pattern expands too much (nested repetition counts)");
	return true;
}

static bool atom(struct rewrite *w)
{
	w->last = 1;
	return grow_size(w, 1);
}

/*
 * A repetition: '*', '+', '?' or a bound {n}, {n,}, {n,m}.  glibc's regcomp
 * expands bounds and stacked repetitions ("a++++", "a{200}{200}") by
 * copying trees, which can take gigabytes: POSIX leaves stacked
 * repetitions undefined, so they are refused, and bounds are kept small.
 */
static bool repetition(struct rewrite *w, bool after_repetition)
{
	if (after_repetition)
		return fail(w, "a repetition of a repetition (like '++'); use one");
	size_t start = w->pos;
	unsigned long copies = 1, n = 0;
	if (w->pat[w->pos] == '{') {
		size_t k = w->pos + 1;
		while ((w->pat[k] >= '0' && w->pat[k] <= '9') || w->pat[k] == ',') {
			n = w->pat[k] == ',' ? 0 : n * 10 + (unsigned long)(w->pat[k] - '0');
			if (n > MAX_BOUND)
				return fail(w, "a repetition count above 255");
			copies = n > copies ? n : copies;
			k++;
		}
		if (w->pat[k] != '}')
			return fail(w, "expected a bound like {2} or {1,3} after '{'");
		w->pos = k;
	}
	w->pos++;
	sm__buf_add(&w->out, w->pat + start, w->pos - start);
	return grow_size(w, w->last * copies);
}

static bool rewrite(struct rewrite *w)
{
	bool after_repetition = false;
	while (w->pat[w->pos]) {
		char c = w->pat[w->pos];
		bool repeats = c == '*' || c == '+' || c == '?' || c == '{';
		if (repeats) {
			if (!repetition(w, after_repetition))
				return false;
			after_repetition = true;
			continue;
		}
		after_repetition = false;
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
			continue; /* not an atom until it closes */
		} else if (c == ')' && w->depth > 0) {
			sm__buf_addc(&w->out, c);
			w->pos++;
			w->last = w->size[w->depth--] + 1;
			if (!grow_size(w, w->last))
				return false;
			continue;
		} else {
			sm__buf_addc(&w->out, c);
			w->pos++;
		}
		if (!atom(w))
			return false;
	}
	return true;
}

bool sm__regex_compile(const char *pattern, regex_t *re, struct sm__str **names,
		       size_t *ngroups, char *err, size_t errcap, size_t *err_at)
{
	struct rewrite w = {.pat = pattern, .err = err, .errcap = errcap, .err_at = err_at};
	*err_at = SIZE_MAX;
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
