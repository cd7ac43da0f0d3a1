/*
 * emit.c: the differential test's driver for in-process events (run.py
 * with VIA=emit).  It feeds a case to a monitor through the public API as
 * instrumented code would: event and field numbers resolved, then one
 * emit per record (sm_emit_args, or through a call site: see emit()),
 * with the record's ts.
 *
 *     ref-emit SPEC EMITS
 *
 * EMITS is JSON Lines, one object per record that binds an event, written
 * by run.py from the case's trace (run.py did the binding, as the trace's
 * `from` clauses say):
 *
 *     {"line": 3, "ts": 5000, "event": "swout", "fields": {"k": 1, "w": "abc"}}
 *
 * Reports go to stdout as JSON (the reporters of `specmon check --json`);
 * before each emit a line `#line N` says which record the reports after it
 * belong to, as an emit has no input line of its own.  Exit status: the
 * monitor's verdict (0, 1), or 2 when the case cannot be read.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <specmon/specmon.h>

#define MAX_FIELDS 16
#define MAX_TEXT 256

struct cursor {
	const char *at;
	const char *line; /* for errors */
};

static void skip_space(struct cursor *c)
{
	while (isspace((unsigned char)*c->at))
		c->at++;
}

static int expect(struct cursor *c, char ch)
{
	skip_space(c);
	if (*c->at != ch)
		return -1;
	c->at++;
	return 0;
}

/* A JSON string without \u escapes (run.py writes none) into out. */
static int string(struct cursor *c, char *out)
{
	if (expect(c, '"'))
		return -1;
	size_t n = 0;
	for (; *c->at && *c->at != '"'; c->at++) {
		if (*c->at == '\\' && c->at[1])
			c->at++;
		if (n + 1 >= MAX_TEXT)
			return -1;
		out[n++] = *c->at;
	}
	out[n] = 0;
	return expect(c, '"');
}

static int integer(struct cursor *c, long long *out)
{
	skip_space(c);
	char *end;
	errno = 0;
	*out = strtoll(c->at, &end, 10);
	if (end == c->at || errno)
		return -1;
	c->at = end;
	return 0;
}

struct record {
	long long line, ts;
	char event[MAX_TEXT];
	size_t n;
	char name[MAX_FIELDS][MAX_TEXT];
	char text[MAX_FIELDS][MAX_TEXT];
	long long i[MAX_FIELDS];
	int is_str[MAX_FIELDS];
};

/* "fields": {"name": value, ...} */
static int fields(struct cursor *c, struct record *r)
{
	if (expect(c, '{'))
		return -1;
	skip_space(c);
	if (*c->at == '}')
		return c->at++, 0;
	do {
		if (r->n == MAX_FIELDS || string(c, r->name[r->n]) || expect(c, ':'))
			return -1;
		skip_space(c);
		r->is_str[r->n] = *c->at == '"';
		if (r->is_str[r->n] ? string(c, r->text[r->n]) : integer(c, &r->i[r->n]))
			return -1;
		r->n++;
	} while (!expect(c, ','));
	return expect(c, '}');
}

/* One line of EMITS: an object of line, ts, event and fields. */
static int parse(const char *text, struct record *r)
{
	struct cursor c = {text, text};
	char key[MAX_TEXT];
	memset(r, 0, sizeof *r);
	r->ts = -1;
	if (expect(&c, '{'))
		return -1;
	do {
		if (string(&c, key) || expect(&c, ':'))
			return -1;
		int bad = strcmp(key, "line") == 0    ? integer(&c, &r->line)
			  : strcmp(key, "ts") == 0     ? integer(&c, &r->ts)
			  : strcmp(key, "event") == 0  ? string(&c, r->event)
			  : strcmp(key, "fields") == 0 ? fields(&c, r)
						       : -1;
		if (bad)
			return -1;
	} while (!expect(&c, ','));
	return expect(&c, '}');
}

static void on_diag(void *ud, const sm_diag *d)
{
	(void)ud;
	fprintf(stderr, "%s\n", d->rendered);
}

/* The record's emit: its event and fields by number (a field the event
 * does not declare is left out, as SM_EMIT does); by sm_emit_args for
 * odd records, through a site (sm_site_init, sm_emit_vals: the fast path
 * where it applies) for even ones, so that both paths meet every case. */
static int emit(sm_monitor *mon, const sm_spec *spec, const struct record *r, unsigned long n)
{
	int event = sm_spec_event_id(spec, r->event);
	if (event < 0)
		return event;
	sm_arg args[MAX_FIELDS];
	int fields[MAX_FIELDS];
	sm_val vals[MAX_FIELDS];
	size_t k2 = 0;
	for (size_t k = 0; k < r->n; k++) {
		int f = sm_spec_field_id(spec, event, r->name[k]);
		if (f < 0)
			continue;
		args[k2] = r->is_str[k] ? (sm_arg)SM_S(f, r->text[k]) : (sm_arg)SM_I(f, r->i[k]);
		vals[k2] = r->is_str[k] ? SM_VS(r->text[k]) : SM_VI(r->i[k]);
		fields[k2++] = f;
	}
	if (n % 2)
		return sm_emit_args(mon, event, r->ts, args, k2);
	sm_site site;
	int rc = sm_site_init(&site, spec, event, fields, k2);
	return rc < 0 ? rc : sm_emit_vals(mon, &site, r->ts, vals);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: ref-emit SPEC EMITS\n");
		return 2;
	}
	sm_spec *spec;
	if (sm_spec_load(argv[1], &spec, on_diag, NULL) != SM_OK)
		return 2;
	FILE *in = fopen(argv[2], "r");
	if (!in) {
		fprintf(stderr, "ref-emit: %s: %s\n", argv[2], strerror(errno));
		sm_spec_free(spec);
		return 2;
	}
	sm_options opt;
	sm_monitor *mon;
	sm_options_init(&opt);
	opt.json = 1;
	sm_monitor_new(spec, &opt, &mon);
	char text[4096];
	static struct record r;
	int status = 0;
	for (unsigned long n = 1; status == 0 && fgets(text, sizeof text, in); n++) {
		if (parse(text, &r)) {
			fprintf(stderr, "ref-emit: %s:%lu: not an emit: %s", argv[2], n, text);
			status = 2;
			break;
		}
		printf("#line %lld\n", r.line);
		int rc = emit(mon, spec, &r, n);
		if (rc < 0) {
			fprintf(stderr, "ref-emit: %s:%lu: %s\n", argv[2], n, sm_status_str(rc));
			status = 2;
		}
	}
	fclose(in);
	int verdict = sm_monitor_finish(mon);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return status ? status : verdict;
}
