/*
 * api.c: the public API (include/specmon/specmon.h) over the pipeline:
 * spec text -> parser -> resolver -> IR; input lines -> source readers ->
 * binder -> engine -> reporters.
 */
#include <specmon/specmon.h>

#include "bind.h"
#include "parse.h"
#include "reader.h"
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SKIPPED_SHOWN 5 /* per input; the rest are counted */

struct sm_spec {
	struct sm__ir ir;
	struct sm__source *src;
};

/* An input read, kept while the monitor lives: reports point at its name
 * and at its losses. */
struct kept_input {
	struct sm__loss loss;
	char name[];
};

struct sm_monitor {
	const sm_spec *spec;
	sm_options opt;
	struct sm__engine *engine;
	struct sm__binder *binder;
	struct sm__reporter reporter;
	struct sm__totals totals;
	struct sm__buf out;   /* one report at a time */
	struct sm__buf scratch; /* decoded JSON strings of the current record */
	struct sm__record rec;
	struct sm__value *emit_slots;
	struct kept_input **inputs;
	size_t ninputs, capinputs;
	bool ftrace_names; /* some event binds ftrace records by name */
	/* Vacuity (DESIGN.md §2.6): per source event, the records it matched,
	 * and per declared field whether some record carried it (field_at[e]
	 * is event e's first entry in field_seen; fields_unseen[e] counts the
	 * ones still missing, so a complete event costs one test). */
	uint64_t *matched;
	size_t *field_at, *fields_unseen;
	bool *field_seen;
	uint64_t strict_warnings; /* warnings that fail under --strict */
	bool finished;   /* sm_monitor_finish was called: no more input */
	int write_errno; /* the first failed write of a report (0: none) */
};

const char *sm_status_str(int status)
{
	switch (status) {
	case SM_OK: return "success";
	case SM_ERR_NOMEM: return "out of memory";
	case SM_ERR_INVAL: return "invalid argument";
	case SM_ERR_IO: return "input/output error";
	case SM_ERR_SPEC: return "the spec has errors";
	case SM_ERR_STATE: return "the monitor is finished";
	default: return "unknown status";
	}
}

/* ---- specs ---- */

static void deliver_diags(const struct sm__diags *d, sm_diag_fn fn, void *ud)
{
	if (!fn)
		return;
	for (size_t k = 0; k < d->n; k++) {
		const struct sm__diag *in = &d->v[k];
		struct sm__buf text = {0};
		sm__diag_render(in, &text);
		sm_diag out = {(sm_severity)in->severity, in->loc.src ? in->loc.src->name : NULL,
			       0, 0, in->msg, text.data};
		if (in->loc.src)
			sm__source_linecol(in->loc.src, in->loc.off, &out.line, &out.column);
		fn(ud, &out);
		sm__buf_free(&text);
	}
}

static int compile(struct sm__source *src, sm_spec **out, sm_diag_fn fn, void *ud)
{
	struct sm__diags d = {0};
	struct sm__ast ast;
	sm_spec *spec = sm__xcalloc(1, sizeof *spec);
	spec->src = src;
	bool ok = sm__parse(src, &ast, &d);
	if (ok)
		ok = sm__resolve(&ast, &spec->ir, &d);
	else
		sm__ast_free(&ast);
	deliver_diags(&d, fn, ud);
	sm__diags_free(&d);
	if (!ok) {
		sm_spec_free(spec);
		return SM_ERR_SPEC;
	}
	*out = spec;
	return SM_OK;
}

int sm_spec_parse(const char *name, const char *text, size_t len, sm_spec **out,
		  sm_diag_fn fn, void *ud)
{
	if (!out)
		return SM_ERR_INVAL;
	*out = NULL;
	if (!name || (!text && len))
		return SM_ERR_INVAL;
	return compile(sm__source_from_text(name, text ? text : "", len), out, fn, ud);
}

int sm_spec_load(const char *path, sm_spec **out, sm_diag_fn fn, void *ud)
{
	if (!out)
		return SM_ERR_INVAL;
	*out = NULL;
	if (!path)
		return SM_ERR_INVAL;
	struct sm__source *src = sm__source_load(path);
	if (!src) {
		if (fn) {
			char msg[512];
			snprintf(msg, sizeof msg, "cannot read spec '%s': %s", path, strerror(errno));
			char rendered[600];
			snprintf(rendered, sizeof rendered, "specmon: error: %s\n", msg);
			sm_diag d = {SM_SEV_ERROR, path, 0, 0, msg, rendered};
			fn(ud, &d);
		}
		return SM_ERR_IO;
	}
	return compile(src, out, fn, ud);
}

void sm_spec_free(sm_spec *spec)
{
	if (!spec)
		return;
	sm__ir_free(&spec->ir);
	sm__source_free(spec->src);
	free(spec);
}

int sm_spec_event_id(const sm_spec *spec, const char *name)
{
	if (!spec || !name)
		return SM_ERR_INVAL;
	for (size_t k = 0; k < spec->ir.nevents; k++)
		if (sm__str_eq(spec->ir.events[k].name, name))
			return (int)k;
	return SM_ERR_INVAL;
}

/* ---- monitors ---- */

int sm_options_init(sm_options *opt)
{
	if (!opt)
		return SM_ERR_INVAL;
	memset(opt, 0, sizeof *opt);
	opt->out = stdout;
	opt->err = stderr;
	opt->history = 5;
	return SM_OK;
}

static const char *stream_name(FILE *f)
{
	return f == stdout ? "standard output" : f == stderr ? "standard error" : "reports";
}

/* Write the report in mon->out to f.  A report that cannot be written (a
 * full disk, a closed pipe) is not lost silently: the first failure is
 * said on the error stream, and reading stops (stopped()); the calls then
 * return SM_ERR_IO. */
static void emit_text(sm_monitor *mon, FILE *f)
{
	if (f && mon->out.len) {
		errno = 0;
		/* fflush: live input shows verdicts as they happen */
		bool failed = fwrite(mon->out.data, 1, mon->out.len, f) != mon->out.len;
		failed |= fflush(f) != 0;
		if (failed && !mon->write_errno) {
			mon->write_errno = errno ? errno : EIO;
			if (mon->opt.err && mon->opt.err != f) {
				fprintf(mon->opt.err, "specmon: error writing %s: %s\n",
					stream_name(f), strerror(mon->write_errno));
				fflush(mon->opt.err);
			}
		}
	}
	mon->out.len = 0;
}

static void on_violation(void *ud, const struct sm__violation *v)
{
	sm_monitor *mon = ud;
	mon->totals.violations++;
	sm__report_violation(&mon->reporter, v, &mon->out);
	if (mon->opt.reactor) {
		sm_violation_info info = {NULL, v->where->input, v->where->lineno, mon->out.data};
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)v->prop->name.len, v->prop->name.ptr);
		info.property = name;
		mon->opt.reactor(mon->opt.reactor_ud, &info);
	}
	emit_text(mon, mon->opt.out);
}

/* Print a warning where skipped-line notes go, and count it. */
static void warn(sm_monitor *mon, const struct sm__warning *w, bool fails_strict)
{
	mon->totals.warnings++;
	mon->strict_warnings += fails_strict;
	sm__report_warning(&mon->reporter, w, &mon->out);
	emit_text(mon, mon->opt.json ? mon->opt.out : mon->opt.err);
}

/* --max-instances refused an instance of p for the first time. */
static void on_refused(void *ud, const struct sm__ir_prop *p, const struct sm__where *where)
{
	sm_monitor *mon = ud;
	char msg[512];
	snprintf(msg, sizeof msg, "--max-instances %" PRIu64 " reached for %.*s: from here on, "
		 "its events that need a new instance are not checked",
		 mon->opt.max_instances, (int)p->name.len, p->name.ptr);
	struct sm__warning w = {.kind = "max-instances", .input = where->input,
				.line = where->lineno, .property = p->name, .message = msg};
	warn(mon, &w, true);
}

static void vacuity_init(sm_monitor *mon)
{
	const struct sm__ir *ir = &mon->spec->ir;
	size_t nfields = 0;
	mon->matched = sm__xcalloc(ir->nevents + 1, sizeof *mon->matched);
	mon->field_at = sm__xcalloc(ir->nevents + 1, sizeof *mon->field_at);
	mon->fields_unseen = sm__xcalloc(ir->nevents + 1, sizeof *mon->fields_unseen);
	for (size_t k = 0; k < ir->nevents; k++) {
		mon->field_at[k] = nfields;
		mon->fields_unseen[k] = ir->events[k].nfields;
		nfields += ir->events[k].nfields;
	}
	mon->field_seen = sm__xcalloc(nfields + 1, sizeof *mon->field_seen);
	for (size_t k = 0; k < ir->nbindings; k++)
		mon->ftrace_names |= ir->bindings[k].kind == SM__BIND_FTRACE ||
				     ir->bindings[k].kind == SM__BIND_DEFAULT;
}

/* Count the matches of an instant, and the declared fields they carry. */
static void note_matches(sm_monitor *mon, const struct sm__match *m, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int e = m[k].event;
		mon->matched[e]++;
		if (!mon->fields_unseen[e])
			continue;
		bool *seen = &mon->field_seen[mon->field_at[e]];
		for (size_t f = 0; f < mon->spec->ir.events[e].nfields; f++)
			if (!seen[f] && m[k].slots[f].kind != SM__VAL_NONE) {
				seen[f] = true;
				mon->fields_unseen[e]--;
			}
	}
}

int sm_monitor_new(const sm_spec *spec, const sm_options *opt, sm_monitor **out)
{
	if (!out)
		return SM_ERR_INVAL;
	*out = NULL;
	if (!spec)
		return SM_ERR_INVAL;
	sm_monitor *mon = sm__xcalloc(1, sizeof *mon);
	mon->spec = spec;
	if (opt)
		mon->opt = *opt;
	else
		sm_options_init(&mon->opt);
	struct sm__engine_hooks hooks = {on_violation, on_refused, mon};
	mon->engine = sm__engine_new(&spec->ir, mon->opt.history, mon->opt.max_instances, hooks);
	mon->binder = sm__binder_new(&spec->ir);
	mon->reporter = (struct sm__reporter){&spec->ir, mon->engine, mon->opt.json != 0,
					      mon->opt.coverage != 0};
	size_t most = 0;
	for (size_t k = 0; k < spec->ir.nevents; k++)
		if (sm__ir_nslots(&spec->ir.events[k]) > most)
			most = sm__ir_nslots(&spec->ir.events[k]);
	mon->emit_slots = sm__xcalloc(most + 1, sizeof *mon->emit_slots);
	vacuity_init(mon);
	*out = mon;
	return SM_OK;
}

void sm_monitor_free(sm_monitor *mon)
{
	if (!mon)
		return;
	sm__engine_free(mon->engine);
	sm__binder_free(mon->binder);
	sm__buf_free(&mon->out);
	sm__buf_free(&mon->scratch);
	free(mon->emit_slots);
	for (size_t k = 0; k < mon->ninputs; k++)
		free(mon->inputs[k]);
	free(mon->inputs);
	free(mon->matched);
	free(mon->field_at);
	free(mon->fields_unseen);
	free(mon->field_seen);
	sm__record_free(&mon->rec);
	free(mon);
}

static bool stopped(sm_monitor *mon)
{
	if (mon->write_errno)
		return true; /* what follows could not be reported */
	if (mon->opt.max_violations && mon->totals.violations >= mon->opt.max_violations)
		mon->totals.stopped = true;
	return mon->totals.stopped;
}

/* ---- reading input ---- */

struct input {
	const char *name;
	struct sm__loss *loss;
	enum sm__format format;
	uint64_t skipped_shown;
	uint64_t skipped, data_lines; /* lines neither blank nor comments */
};

static void skipped(sm_monitor *mon, struct input *in, uint64_t line, size_t col, const char *why)
{
	mon->totals.skipped++;
	in->skipped++;
	in->data_lines++;
	if (in->skipped_shown++ < MAX_SKIPPED_SHOWN) {
		sm__report_skipped(&mon->reporter, in->name, line, col, why, &mon->out);
		emit_text(mon, mon->opt.json ? mon->opt.out : mon->opt.err);
	}
}

/* A note that events were lost: always shown, counted, and remembered for
 * the violations that follow in this input. */
static void lost(sm_monitor *mon, struct input *in, uint64_t line, const char *why)
{
	struct sm__loss *l = in->loss;
	if (!l->places++)
		l->first_line = line;
	l->events += mon->rec.lost;
	l->some_unknown |= !mon->rec.lost_known;
	mon->totals.losses++;
	mon->totals.lost_events += mon->rec.lost;
	char msg[160];
	if (mon->rec.lost_known)
		snprintf(msg, sizeof msg, "%s: %" PRIu64 " event%s", why, mon->rec.lost,
			 mon->rec.lost == 1 ? "" : "s");
	else
		snprintf(msg, sizeof msg, "%s", why);
	struct sm__warning w = {.kind = "loss", .input = in->name, .line = line,
				.has_count = mon->rec.lost_known, .count = mon->rec.lost,
				.message = msg};
	warn(mon, &w, true);
}

static bool blank_or_comment(struct sm__str line)
{
	size_t k = 0;
	while (k < line.len && (line.ptr[k] == ' ' || line.ptr[k] == '\t'))
		k++;
	return k == line.len || line.ptr[k] == '#';
}

/*
 * --format auto: the first line that says something decides.  Blank and
 * '#' lines and trace-cmd's preamble do not; loss notes are reported.
 * Plain text settles it only for a spec that reads text lines, and then as
 * ftrace when the spec also names ftrace records: the ftrace reader gives
 * every line that is not a record to the `from log` patterns too.  Returns
 * false when the line is used up.
 */
static bool detect(sm_monitor *mon, struct input *in, struct sm__str line, uint64_t lineno)
{
	const char *why;
	if (sm__ftrace_loss(line, &mon->rec, &why)) {
		lost(mon, in, lineno, why);
		return false;
	}
	if (blank_or_comment(line) || sm__ftrace_preamble(line)) {
		mon->totals.comments++;
		return false;
	}
	enum sm__format f = sm__format_detect(line);
	if (f == SM__FMT_LOG && !mon->spec->ir.has_log) {
		skipped(mon, in, lineno, 1, "neither an ftrace nor a JSON record");
		return false;
	}
	in->format = f == SM__FMT_LOG && mon->ftrace_names ? SM__FMT_FTRACE : f;
	return true;
}

static enum sm__line_kind parse_line(sm_monitor *mon, enum sm__format fmt, struct sm__str line,
				     const char **why, size_t *col)
{
	switch (fmt) {
	case SM__FMT_JSONL:
		return sm__jsonl_parse(line, &mon->rec, &mon->scratch, why, col);
	case SM__FMT_FTRACE:
		return sm__ftrace_parse_header(line, &mon->rec, why, col);
	default:
		return sm__log_parse(line, &mon->rec, why, col);
	}
}

static void process_line(sm_monitor *mon, struct input *in, struct sm__str line, uint64_t lineno)
{
	mon->totals.lines++;
	if (in->format == SM__FMT_AUTO && !detect(mon, in, line, lineno))
		return;
	const char *why = "not a record";
	size_t col = 1;
	enum sm__line_kind kind = parse_line(mon, in->format, line, &why, &col);
	/* Binary data, looked for only where it matters (not on every good
	 * record): a bad line says so, and log lines, which are never bad,
	 * are not fed to the patterns. */
	const char *nul = kind != SM__LINE_COMMENT && (kind == SM__LINE_BAD ||
						       in->format == SM__FMT_LOG)
				  ? memchr(line.ptr, '\0', line.len) : NULL;
	if (nul) {
		skipped(mon, in, lineno, (size_t)(nul - line.ptr) + 1,
			"NUL byte in the line (binary data?)");
		return;
	}
	if (kind == SM__LINE_COMMENT) {
		mon->totals.comments++;
		return;
	}
	if (kind == SM__LINE_LOSS) {
		lost(mon, in, lineno, why);
		return;
	}
	if (kind == SM__LINE_BAD && !(in->format == SM__FMT_FTRACE && mon->spec->ir.has_log)) {
		skipped(mon, in, lineno, col, why);
		return;
	}
	if (kind == SM__LINE_BAD) /* not ftrace, but `from log` events may want it */
		sm__log_parse(line, &mon->rec, &why, &col);
	mon->rec.lineno = lineno;
	mon->totals.records++;
	in->data_lines++;
	const struct sm__match *m;
	size_t n = sm__bind(mon->binder, &mon->rec, in->format, &m);
	char gave_up[200];
	if (sm__bind_gave_up(mon->binder, gave_up, sizeof gave_up)) {
		/* Not judged by that pattern: said, and counted apart. */
		mon->totals.pattern_limit++;
		skipped(mon, in, lineno, 1, gave_up);
	}
	if (!n)
		return;
	mon->totals.events += n;
	note_matches(mon, m, n);
	struct sm__where w = {in->name, lineno, mon->rec.has_ts, mon->rec.ts_digits,
			      mon->rec.ts_ns, in->loss->places ? in->loss : NULL};
	sm__engine_instant(mon->engine, m, n, &w);
}

static enum sm__format internal_format(sm_format f)
{
	switch (f) {
	case SM_FORMAT_FTRACE: return SM__FMT_FTRACE;
	case SM_FORMAT_LOG: return SM__FMT_LOG;
	case SM_FORMAT_JSONL: return SM__FMT_JSONL;
	default: return SM__FMT_AUTO;
	}
}

static const char *format_name(enum sm__format f)
{
	switch (f) {
	case SM__FMT_FTRACE: return "ftrace";
	case SM__FMT_LOG: return "log";
	case SM__FMT_JSONL: return "jsonl";
	default: return "ftrace or JSON (auto)";
	}
}

/* Most lines of the input could not be read: the wrong --format? */
static void format_failed(sm_monitor *mon, const struct input *in)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%" PRIu64 " of %" PRIu64 " lines could not be read as %s "
		 "(is it the right --format?)", in->skipped, in->data_lines,
		 format_name(in->format));
	struct sm__warning w = {.kind = "format", .input = in->name, .message = msg};
	warn(mon, &w, true);
}

int sm_monitor_read_fd(sm_monitor *mon, int fd, const char *name, sm_format format)
{
	if (!mon || fd < 0 || (unsigned)format > SM_FORMAT_JSONL)
		return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE;
	if (!name)
		name = "-";
	size_t len = strlen(name);
	struct kept_input *kept = sm__xcalloc(1, sizeof *kept + len + 1);
	memcpy(kept->name, name, len);
	SM__PUSH(mon->inputs, mon->ninputs, mon->capinputs, kept);
	struct input in = {kept->name, &kept->loss, internal_format(format), 0, 0, 0};
	struct sm__reader r;
	sm__reader_init(&r, fd);
	int status = SM_OK;
	struct sm__str line;
	bool no_newline;
	while (!stopped(mon)) {
		enum sm__line_status st = sm__reader_line(&r, &line, &no_newline);
		if (st == SM__LINE_EOF)
			break;
		if (st == SM__LINE_ERROR) {
			if (mon->opt.err)
				fprintf(mon->opt.err, "specmon: %s: read error: %s\n", in.name,
					strerror(r.err));
			status = SM_ERR_IO;
			break;
		}
		if (st == SM__LINE_TOO_LONG) {
			mon->totals.lines++;
			skipped(mon, &in, r.lineno, (size_t)SM__MAX_LINE + 1,
				"line longer than 64 MiB");
			continue;
		}
		process_line(mon, &in, line, r.lineno);
		if (no_newline) {
			struct sm__warning w = {.kind = "no-newline", .input = in.name,
						.line = r.lineno, .message = "last line has no "
						"newline (it was read as a whole line)"};
			warn(mon, &w, false);
		}
	}
	sm__reader_free(&r);
	if (in.skipped * 2 > in.data_lines)
		format_failed(mon, &in);
	return mon->write_errno ? SM_ERR_IO : status;
}

/* ---- in-process events ---- */

int sm_emit(sm_monitor *mon, int event, int64_t ts_ns, const sm_field *fields, size_t n)
{
	if (!mon || event < 0 || (size_t)event >= mon->spec->ir.nevents || (n && !fields))
		return SM_ERR_INVAL;
	const struct sm__ir_event *ev = &mon->spec->ir.events[event];
	if (ev->base >= 0)
		return SM_ERR_INVAL; /* derived events tick by themselves */
	for (size_t k = 0; k < n; k++)
		if (!fields[k].name)
			return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE;
	struct sm__value *slots = mon->emit_slots;
	memset(slots, 0, sm__ir_nslots(ev) * sizeof *slots);
	for (size_t k = 0; k < n; k++) {
		struct sm__str name = {fields[k].name, strlen(fields[k].name)};
		int slot = sm__ir_field_slot(ev, name);
		if (slot < 0)
			continue;
		slots[slot].kind = fields[k].str ? SM__VAL_STR : SM__VAL_INT;
		slots[slot].i = fields[k].i;
		if (fields[k].str)
			slots[slot].s = (struct sm__str){fields[k].str, strlen(fields[k].str)};
	}
	struct sm__where w = {"<emit>", 0, ts_ns >= 0, 9, ts_ns};
	if (w.has_ts)
		slots[ev->nfields + SM__BI_TS] = (struct sm__value){SM__VAL_INT, 0, ts_ns, {0}};
	struct sm__match m = {event, slots};
	mon->totals.events++;
	note_matches(mon, &m, 1);
	sm__engine_instant(mon->engine, &m, 1, &w);
	return mon->write_errno ? SM_ERR_IO : SM_OK;
}

/* ---- the end ---- */

static void on_pending(void *ud, const struct sm__pending *p)
{
	sm_monitor *mon = ud;
	mon->totals.pending++;
	sm__report_pending(&mon->reporter, p, &mon->out);
	emit_text(mon, mon->opt.out);
}

/* The record name a named binding of the event expects, if any. */
static struct sm__str record_name(const struct sm__ir *ir, size_t event)
{
	for (size_t k = 0; k < ir->nbindings; k++)
		if (ir->bindings[k].event == (int)event && ir->bindings[k].kind != SM__BIND_LOG)
			return ir->bindings[k].name;
	return (struct sm__str){"", 0};
}

/* A record name of the inputs close to the one the event expects. */
static struct sm__str near_record(const sm_monitor *mon, struct sm__str want)
{
	struct sm__str names[SM__UNBOUND_MAX], pick = {"", 0};
	size_t n = sm__binder_unbound(mon->binder, names, SM__UNBOUND_MAX), best = 3;
	for (size_t k = 0; want.len && k < n; k++) {
		size_t d = sm__edit_distance(want, names[k]);
		if (d < best && d < want.len) {
			best = d;
			pick = names[k];
		}
	}
	return pick;
}

/* A source event that matched no record, or none with some field. */
static void vacuous_source(sm_monitor *mon, size_t e)
{
	const struct sm__ir_event *ev = &mon->spec->ir.events[e];
	char msg[512];
	struct sm__warning w = {.kind = "unmatched-event", .spec = ev->loc, .event = ev->name,
				.message = msg};
	if (!mon->matched[e]) {
		struct sm__str want = record_name(&mon->spec->ir, e);
		w.suggestion = near_record(mon, want);
		int n = snprintf(msg, sizeof msg, "event %.*s matched no record", (int)ev->name.len,
				 ev->name.ptr);
		if (w.suggestion.len)
			snprintf(msg + n, sizeof msg - (size_t)n, " (did you mean '%.*s', "
				 "a record name in the input, instead of '%.*s'?)",
				 (int)w.suggestion.len, w.suggestion.ptr, (int)want.len, want.ptr);
		warn(mon, &w, true);
		return;
	}
	const bool *seen = &mon->field_seen[mon->field_at[e]];
	w.kind = "missing-field";
	for (size_t f = 0; f < ev->nfields; f++) {
		if (seen[f])
			continue;
		w.field = ev->fields[f];
		snprintf(msg, sizeof msg, "event %.*s matched %" PRIu64 " record%s, none with a "
			 "field %.*s (renamed in the trace?)", (int)ev->name.len, ev->name.ptr,
			 mon->matched[e], mon->matched[e] == 1 ? "" : "s",
			 (int)ev->fields[f].len, ev->fields[f].ptr);
		warn(mon, &w, true);
	}
}

/* A derived event that never ticked: its base never did, or its filter
 * never held. */
static void vacuous_derived(sm_monitor *mon, size_t e)
{
	const struct sm__ir *ir = &mon->spec->ir;
	const struct sm__ir_event *ev = &ir->events[e], *base = &ir->events[ev->base];
	char msg[512];
	bool base_ticked = sm__engine_ever_ticked(mon->engine, ev->base);
	snprintf(msg, sizeof msg, "event %.*s never ticked: %.*s %s", (int)ev->name.len,
		 ev->name.ptr, (int)base->name.len, base->name.ptr,
		 base_ticked ? "ticked but the filter never held" : "never ticked");
	struct sm__warning w = {.kind = base_ticked ? "filter-never-held" : "unmatched-event",
				.spec = ev->loc, .event = ev->name, .message = msg};
	warn(mon, &w, true);
}

/* A property that never stepped, and key fields no event carried. */
static void vacuous_property(sm_monitor *mon, size_t k)
{
	const struct sm__ir_prop *p = &mon->spec->ir.props[k];
	struct sm__prop_stats st;
	sm__engine_stats(mon->engine, k, &st);
	char msg[512];
	struct sm__warning w = {.kind = "key-never-carried", .spec = p->loc, .property = p->name,
				.message = msg};
	for (size_t f = 0; f < p->nkeys; f++) {
		if (st.keys_carried & (1u << f))
			continue;
		w.field = p->keys[f];
		snprintf(msg, sizeof msg, "no event of %.*s carried its key field %.*s",
			 (int)p->name.len, p->name.ptr, (int)p->keys[f].len, p->keys[f].ptr);
		warn(mon, &w, true);
	}
	if (st.steps)
		return;
	w.kind = "never-stepped";
	w.field = (struct sm__str){"", 0};
	snprintf(msg, sizeof msg, "property %.*s was never checked: no instance of it took a "
		 "step", (int)p->name.len, p->name.ptr);
	warn(mon, &w, true);
}

/* DESIGN.md §2.6: vacuity is never silent.  Not after --max-violations,
 * which stopped the reading. */
static void vacuity(sm_monitor *mon)
{
	const struct sm__ir *ir = &mon->spec->ir;
	for (size_t e = 0; e < ir->nevents; e++) {
		if (ir->events[e].base < 0)
			vacuous_source(mon, e);
		else if (!sm__engine_ever_ticked(mon->engine, (int)e))
			vacuous_derived(mon, e);
	}
	for (size_t k = 0; k < ir->nprops; k++)
		vacuous_property(mon, k);
}

int sm_monitor_finish(sm_monitor *mon)
{
	if (!mon)
		return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE; /* counted and reported once */
	mon->finished = true;
	if (!mon->totals.stopped) {
		sm__engine_pending(mon->engine, on_pending, mon);
		vacuity(mon);
	}
	for (size_t k = 0; k < mon->spec->ir.nprops; k++) {
		struct sm__prop_stats st;
		sm__engine_stats(mon->engine, k, &st);
		mon->totals.instances += st.instances;
		mon->totals.refused += st.refused;
	}
	sm__report_summary(&mon->reporter, &mon->totals, &mon->out);
	emit_text(mon, mon->opt.json ? mon->opt.out : mon->opt.err);
	if (mon->write_errno)
		return SM_ERR_IO;
	bool failed = mon->totals.violations ||
		      (mon->opt.strict && (mon->totals.pending || mon->strict_warnings));
	return failed ? 1 : 0;
}

int sm_monitor_counts(const sm_monitor *mon, sm_counts *out)
{
	if (!out)
		return SM_ERR_INVAL;
	*out = (sm_counts){0};
	if (!mon)
		return SM_ERR_INVAL;
	const struct sm__totals *t = &mon->totals;
	*out = (sm_counts){t->lines, t->records, t->events, t->skipped, t->comments,
			   t->violations, t->pending, t->instances, t->warnings, t->losses,
			   t->lost_events, t->refused};
	return SM_OK;
}
