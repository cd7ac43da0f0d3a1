/*
 * api.c: the public API (include/specmon/specmon.h), a thin surface over
 * the stages (DESIGN.md §1): spec text -> parser -> resolver -> IR; input
 * -> feed (src/input: reader, source parsers, binder) -> engine ->
 * reporters.  Here: argument checks, object lifetimes, the wiring of the
 * options and of each stage's callbacks to the next, and where reports go.
 */
#include <specmon/specmon.h>

#include "feed.h"
#include "graph.h"
#include "html.h"
#include "parse.h"
#include "probes.h"
#include "report.h"
#include "vacuity.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct sm_spec {
	struct sm__ir ir;
	struct sm__source *src;
	char **prop_names; /* NUL-terminated copies, for sm_spec_property */
};

/* An input read, kept while the monitor lives: reports point at its name
 * and at its losses.  The HTML page lists them, with why one could not be
 * opened or read. */
struct kept_input {
	struct sm__loss loss;
	char *error; /* "cannot open: ...", "read error: ...", the reader's why; or NULL */
	char name[];
};

struct sm_monitor {
	const sm_spec *spec;
	sm_options opt;
	struct sm__engine *engine;
	struct sm__binder *binder;
	struct sm__feed *feed;
	struct sm__reporter reporter;
	struct sm__html *html; /* the HTML page's cards so far (NULL: no page) */
	struct sm__totals totals;
	struct sm__buf out;   /* one report at a time */
	struct sm__value *emit_slots;
	struct kept_input **inputs;
	size_t ninputs, capinputs;
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
	bool parsed = sm__parse(src, &ast, &d);
	bool ok = parsed && sm__resolve(&ast, &spec->ir, &d);
	/* Diagnostics may point into a DOT model the AST owns: render them first. */
	deliver_diags(&d, fn, ud);
	sm__diags_free(&d);
	if (!parsed)
		sm__ast_free(&ast);
	if (!ok) {
		sm_spec_free(spec);
		return SM_ERR_SPEC;
	}
	/* Names are spans of the source text: terminated copies, made now, as
	 * a loaded spec is not changed again (it may be shared by threads). */
	spec->prop_names = sm__xcalloc(spec->ir.nprops + 1, sizeof *spec->prop_names);
	for (size_t k = 0; k < spec->ir.nprops; k++)
		spec->prop_names[k] = sm__xstrndup(spec->ir.props[k].name.ptr,
						   spec->ir.props[k].name.len);
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
			snprintf(msg, sizeof msg, "cannot read spec '%s': %s", path,
				 sm__source_strerror(errno));
			struct sm__diag in = {SM__SEV_ERROR, {0}, msg};
			struct sm__buf rendered = {0};
			sm__diag_render(&in, &rendered);
			sm_diag d = {SM_SEV_ERROR, path, 0, 0, msg, rendered.data};
			fn(ud, &d);
			sm__buf_free(&rendered);
		}
		return SM_ERR_IO;
	}
	return compile(src, out, fn, ud);
}

void sm_spec_free(sm_spec *spec)
{
	if (!spec)
		return;
	for (size_t k = 0; spec->prop_names && k < spec->ir.nprops; k++)
		free(spec->prop_names[k]);
	free(spec->prop_names);
	sm__ir_free(&spec->ir);
	sm__source_free(spec->src);
	free(spec);
}

int sm_library_folders(void (*fn)(void *ud, const char *dir), void *ud)
{
	if (!fn)
		return SM_ERR_INVAL;
	struct sm__buf dirs = {0};
	sm__library_folders(&dirs);
	for (char *d = dirs.data; d && *d;) {
		size_t len = strcspn(d, ":");
		bool last = d[len] == '\0';
		d[len] = '\0';
		if (len)
			fn(ud, d);
		d += len + !last;
	}
	sm__buf_free(&dirs);
	return SM_OK;
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

const char *sm_spec_property(const sm_spec *spec, size_t k)
{
	if (!spec || k >= spec->ir.nprops)
		return NULL;
	return spec->prop_names[k];
}

/* The spec's name: `spec NAME`, or else its file's, without folder and .sm. */
static struct sm__str spec_name(const sm_spec *spec)
{
	struct sm__str name = spec->ir.name;
	if (!name.len) {
		const char *path = spec->src->name, *slash = strrchr(path, '/');
		name.ptr = slash ? slash + 1 : path;
		name.len = strlen(name.ptr);
		if (name.len > 3 && strcmp(name.ptr + name.len - 3, ".sm") == 0)
			name.len -= 3;
	}
	return name;
}

int sm_spec_graph(const sm_spec *spec, const char *property, FILE *out)
{
	if (!spec || !out)
		return SM_ERR_INVAL;
	int only = -1;
	if (property) {
		for (size_t k = 0; k < spec->ir.nprops && only < 0; k++)
			if (sm__str_eq(spec->ir.props[k].name, property))
				only = (int)k;
		if (only < 0)
			return SM_ERR_INVAL;
	}
	struct sm__buf b = {0};
	sm__graph(&spec->ir, spec_name(spec), only, &b);
	errno = 0;
	bool ok = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0;
	if (!ok && !errno)
		errno = EIO;
	sm__buf_free(&b);
	return ok ? SM_OK : SM_ERR_IO;
}

int sm_spec_probes(const sm_spec *spec, const sm_probe_options *opt, FILE *out,
		   sm_diag_fn fn, void *ud)
{
	if (!spec || !opt || !out || (opt->nbtf && !opt->btf))
		return SM_ERR_INVAL;
	for (size_t k = 0; k < opt->nbtf; k++)
		if (!opt->btf[k])
			return SM_ERR_INVAL;
	struct sm__probe_opts o = {opt->btf, opt->nbtf, opt->group ? opt->group : "specmon"};
	struct sm__diags d = {0};
	struct sm__buf b = {0};
	bool ok = sm__probes(&spec->ir, &o, &b, &d);
	deliver_diags(&d, fn, ud);
	sm__diags_free(&d);
	int rc = SM_ERR_SPEC;
	if (ok) {
		errno = 0;
		rc = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0 ? SM_OK : SM_ERR_IO;
		if (rc && !errno)
			errno = EIO;
	}
	sm__buf_free(&b);
	return rc;
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

/* ANSI colours (SGR parameters) of a report's first line, as compilers
 * colour their errors and warnings. */
#define SGR_VIOLATION "1;31"
#define SGR_PENDING "1;33"
#define SGR_WARNING "1;35"

/* Write the report in mon->out to f, its first line in the colour sgr
 * (NULL: none) when the options ask for colour on f.  A report that cannot
 * be written (a full disk, a closed pipe) is not lost silently: the first
 * failure is said on the error stream, and reading stops (stopped()); the
 * calls then return SM_ERR_IO. */
static void emit_colored(sm_monitor *mon, FILE *f, const char *sgr)
{
	if (f && mon->out.len) {
		int bit = f == mon->opt.out ? SM_COLOR_OUT : SM_COLOR_ERR;
		size_t first = 0; /* bytes of the first line to colour */
		if (sgr && !mon->opt.json && (mon->opt.color & bit)) {
			const char *nl = memchr(mon->out.data, '\n', mon->out.len);
			first = nl ? (size_t)(nl - mon->out.data) : mon->out.len;
		}
		errno = 0;
		bool failed = false;
		if (first) {
			failed |= fprintf(f, "\033[%sm%.*s\033[0m", sgr, (int)first,
					  mon->out.data) < 0;
		}
		/* fflush: live input shows verdicts as they happen */
		failed |= fwrite(mon->out.data + first, 1, mon->out.len - first, f) !=
			  mon->out.len - first;
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

/* Where notes go (skipped lines, warnings, the summary): with the reports
 * in JSON, else err, unless quiet keeps err for errors alone. */
static FILE *notes(const sm_monitor *mon)
{
	return mon->opt.json ? mon->opt.out : mon->opt.quiet ? NULL : mon->opt.err;
}

static void emit_text(sm_monitor *mon, FILE *f)
{
	emit_colored(mon, f, NULL);
}

static void on_violation(void *ud, const struct sm__violation *v)
{
	sm_monitor *mon = ud;
	mon->totals.violations++;
	sm__report_violation(&mon->reporter, v, &mon->out);
	if (mon->html)
		sm__html_violation(mon->html, v);
	if (mon->opt.reactor) {
		sm_violation_info info = {NULL, v->where->input, v->where->lineno, mon->out.data};
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)v->prop->name.len, v->prop->name.ptr);
		info.property = name;
		mon->opt.reactor(mon->opt.reactor_ud, &info);
	}
	emit_colored(mon, mon->opt.out, SGR_VIOLATION);
}

/* Print a warning where skipped-line notes go, and count it. */
static void warn(void *ud, const struct sm__warning *w, bool fails_strict)
{
	sm_monitor *mon = ud;
	mon->totals.warnings++;
	mon->strict_warnings += fails_strict;
	sm__report_warning(&mon->reporter, w, &mon->out);
	if (mon->html)
		sm__html_warning(mon->html, w);
	emit_colored(mon, notes(mon), SGR_WARNING);
}

/* --max-instances refused an instance of p for the first time. */
static void on_refused(void *ud, const struct sm__ir_prop *p, const struct sm__where *where)
{
	sm_monitor *mon = ud;
	sm__warn_refused(p, where, mon->opt.max_instances, warn, mon);
}

/* A partial key came after instances were reclaimed (DESIGN.md §2.5). */
static void on_late_partial(void *ud, const struct sm__ir_prop *p, uint64_t reclaimed,
			    const struct sm__where *where)
{
	sm__warn_late_partial(p, reclaimed, where, warn, ud);
}

/* An inf/sup expression's counts drifted far apart in an instance. */
static void on_drift(void *ud, const struct sm__ir_prop *p, const struct sm__instance *inst,
		     const struct sm__clock_node *node, const struct sm__where *where)
{
	(void)inst;
	sm__warn_drift(p, node, where, warn, ud);
}

static bool stopped(void *ud)
{
	sm_monitor *mon = ud;
	if (mon->write_errno)
		return true; /* what follows could not be reported */
	if (mon->opt.max_violations && mon->totals.violations >= mon->opt.max_violations)
		mon->totals.stopped = true;
	/* Interrupted, the input read so far still gets its pending
	 * instances and summary: not `stopped`, which withholds them. */
	return mon->totals.stopped || (mon->opt.interrupt && *mon->opt.interrupt);
}

/* ---- reading input ---- */

static void on_skipped(void *ud, const char *input, uint64_t line, size_t col, const char *why)
{
	sm_monitor *mon = ud;
	sm__report_skipped(&mon->reporter, input, line, col, why, &mon->out);
	emit_text(mon, notes(mon));
}

static void on_instant(void *ud, const struct sm__match *m, size_t n, const struct sm__where *w)
{
	sm_monitor *mon = ud;
	sm__engine_instant(mon->engine, m, n, w);
}

static bool on_next_deadline(void *ud, int64_t *at)
{
	sm_monitor *mon = ud;
	return sm__engine_next_deadline(mon->engine, at);
}

static void on_advance(void *ud, const struct sm__where *w, enum sm__passed_by by)
{
	sm_monitor *mon = ud;
	sm__engine_advance(mon->engine, w, by);
}

/* The input being read, or one added, could not be opened or read. */
static void input_failed(struct kept_input *in, const char *prefix, const char *what)
{
	if (in->error)
		return; /* the first failure is the one that stopped it */
	struct sm__buf b = {0};
	sm__buf_printf(&b, "%s%s", prefix, what);
	in->error = b.data;
}

static void on_read_error(void *ud, const char *input, int err, const char *why)
{
	sm_monitor *mon = ud;
	struct kept_input *in = mon->ninputs ? mon->inputs[mon->ninputs - 1] : NULL;
	if (in && in->name == input)
		input_failed(in, why ? "" : "read error: ", why ? why : strerror(err));
	if (mon->opt.err && why)
		fprintf(mon->opt.err, "specmon: %s: %s\n", input, why);
	else if (mon->opt.err)
		fprintf(mon->opt.err, "specmon: %s: read error: %s\n", input, strerror(err));
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
	struct sm__engine_hooks hooks = {on_violation, on_refused, mon, on_drift, on_late_partial};
	mon->engine = sm__engine_new(&spec->ir, mon->opt.history, mon->opt.max_instances, hooks);
	mon->binder = sm__binder_new(&spec->ir);
	mon->reporter = (struct sm__reporter){&spec->ir, mon->engine, mon->opt.json != 0,
					      mon->opt.coverage != 0};
	if (mon->opt.html)
		mon->html = sm__html_new(&spec->ir, mon->engine);
	size_t most = 0;
	for (size_t k = 0; k < spec->ir.nevents; k++)
		if (sm__ir_nslots(&spec->ir.events[k]) > most)
			most = sm__ir_nslots(&spec->ir.events[k]);
	mon->emit_slots = sm__xcalloc(most + 1, sizeof *mon->emit_slots);
	struct sm__feed_sink sink = {.totals = &mon->totals, .skipped = on_skipped, .warning = warn,
				     .instant = on_instant, .stop = stopped,
				     .next_deadline = on_next_deadline, .advance = on_advance,
				     .read_error = on_read_error, .ud = mon};
	mon->feed = sm__feed_new(&spec->ir, mon->binder, sink);
	*out = mon;
	return SM_OK;
}

void sm_monitor_free(sm_monitor *mon)
{
	if (!mon)
		return;
	sm__html_free(mon->html);
	sm__engine_free(mon->engine);
	sm__feed_free(mon->feed);
	sm__binder_free(mon->binder);
	sm__buf_free(&mon->out);
	free(mon->emit_slots);
	for (size_t k = 0; k < mon->ninputs; k++) {
		free(mon->inputs[k]->error);
		free(mon->inputs[k]);
	}
	free(mon->inputs);
	free(mon);
}

static enum sm__format internal_format(sm_format f)
{
	switch (f) {
	case SM_FORMAT_FTRACE: return SM__FMT_FTRACE;
	case SM_FORMAT_LOG: return SM__FMT_LOG;
	case SM_FORMAT_JSONL: return SM__FMT_JSONL;
	case SM_FORMAT_QEMU: return SM__FMT_QEMU;
	case SM_FORMAT_DAT: return SM__FMT_DAT;
	default: return SM__FMT_AUTO;
	}
}

static struct kept_input *keep_input(sm_monitor *mon, const char *name)
{
	size_t len = strlen(name);
	struct kept_input *kept = sm__xcalloc(1, sizeof *kept + len + 1);
	memcpy(kept->name, name, len);
	SM__PUSH(mon->inputs, mon->ninputs, mon->capinputs, kept);
	return kept;
}

int sm_monitor_read_fd(sm_monitor *mon, int fd, const char *name, sm_format format)
{
	if (!mon || fd < 0 || (unsigned)format > SM_FORMAT_DAT)
		return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE;
	struct kept_input *kept = keep_input(mon, name ? name : "-");
	bool ok = sm__feed_fd(mon->feed, fd, kept->name, &kept->loss, internal_format(format));
	return mon->write_errno || !ok ? SM_ERR_IO : SM_OK;
}

int sm_monitor_input_error(sm_monitor *mon, const char *name, int err)
{
	if (!mon || !name)
		return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE;
	input_failed(keep_input(mon, name), "cannot open: ", strerror(err));
	return SM_OK;
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
	sm__binder_count(mon->binder, &m, 1);
	sm__engine_instant(mon->engine, &m, 1, &w);
	return mon->write_errno ? SM_ERR_IO : SM_OK;
}

/* ---- the end ---- */

static void on_pending(void *ud, const struct sm__pending *p)
{
	sm_monitor *mon = ud;
	mon->totals.pending++;
	if (mon->opt.out) /* text is made only for a report that is shown (not --quiet) */
		sm__report_pending(&mon->reporter, p, &mon->out);
	if (mon->html)
		sm__html_pending(mon->html, p);
	emit_colored(mon, mon->opt.out, SGR_PENDING);
}

/* The HTML page, at the end: 0, or the errno of the failed write (also
 * left in errno, for the caller's message). */
static int write_html(sm_monitor *mon)
{
	struct sm__html_input *inputs = sm__xcalloc(mon->ninputs + 1, sizeof *inputs);
	for (size_t k = 0; k < mon->ninputs; k++)
		inputs[k] = (struct sm__html_input){mon->inputs[k]->name, mon->inputs[k]->error};
	struct sm__html_run run = {mon->spec->src->name, spec_name(mon->spec), inputs,
				   mon->ninputs, &mon->totals,
				   mon->opt.interrupt && *mon->opt.interrupt, mon->write_errno};
	int err = sm__html_write(mon->html, &run, mon->opt.html);
	free(inputs);
	errno = err;
	return err;
}

int sm_monitor_finish(sm_monitor *mon)
{
	if (!mon)
		return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE; /* counted and reported once */
	mon->finished = true;
	/* The last instant may reach --max-violations after the last line was
	 * read (a timestamp instant ends with its input): stopped all the same. */
	if (mon->opt.max_violations && mon->totals.violations >= mon->opt.max_violations)
		mon->totals.stopped = true;
	if (!mon->totals.stopped) {
		sm__engine_pending(mon->engine, on_pending, mon);
		/* DESIGN.md §2.6: vacuity is never silent.  Not after
		 * --max-violations, which stopped the reading. */
		sm__vacuity(&mon->spec->ir, mon->binder, mon->engine, warn, mon);
	}
	for (size_t k = 0; k < mon->spec->ir.nprops; k++) {
		struct sm__prop_stats st;
		sm__engine_stats(mon->engine, k, &st);
		mon->totals.instances += st.instances;
		mon->totals.refused += st.refused;
		if (st.unknown_actions)
			sm__warn_unknown_actions(&mon->spec->ir.props[k], st.unknown_actions, warn,
						 mon);
		sm__warn_obligations(&mon->spec->ir.props[k], &st, warn, mon);
		if (st.coincident)
			sm__warn_coincident(&mon->spec->ir.props[k], st.coincident, warn, mon);
	}
	sm__warn_untimed(sm__engine_untimed(mon->engine), warn, mon);
	sm__report_summary(&mon->reporter, &mon->totals, &mon->out);
	emit_text(mon, notes(mon));
	if (mon->html && write_html(mon) != 0)
		return SM_ERR_IO; /* errno says why */
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
