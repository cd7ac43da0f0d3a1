/*
 * api.c: the public API (include/specmon/specmon.h), a thin surface over
 * the stages (DESIGN.md §1): spec text -> parser -> resolver -> IR; input
 * -> feed (src/input: reader, source parsers, binder) -> engine ->
 * reporters.  Here: argument checks, object lifetimes, the wiring of the
 * options and of each stage's callbacks to the next, and where reports go.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <specmon/specmon.h>

#include "c_gen.h"
#include "feed.h"
#include "graph.h"
#include "html.h"
#include "kmod.h"
#include "lanes.h"
#include "parse.h"
#include "probes.h"
#include "relay.h"
#include "report.h"
#include "vacuity.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	struct sm__relay *relay; /* the feed's sink: its reader thread (relay.h) */
	struct sm__reporter reporter;
	struct sm__html *html; /* the HTML page's cards so far (NULL: no page) */
	struct sm__totals totals;
	struct sm__buf out;   /* one report at a time */
	struct kept_input **inputs;
	size_t ninputs, capinputs;
	uint64_t strict_warnings; /* warnings that fail under --strict */
	bool finished;   /* sm_monitor_finish was called: no more input */
	atomic_int write_errno; /* the first failed write of a report (0: none) */
	/* Events from threads (sm_emit): the lanes, which step the properties
	 * they can without a monitor-wide lock; per event, whether the engine
	 * must see it too (under engine_lock); the first input decides whether
	 * emits use the lanes (EMIT_LANES) or all go to the engine (a monitor
	 * that read a file first).  Reports, warnings and the reactor run
	 * under report_lock.  big_slots: for an event with more slots than an
	 * emit keeps on its stack, under big_lock. */
	struct sm__lanes *lanes;
	bool *to_engine;
	uint64_t *fast_keys; /* per event: the key fields the fast path needs, or NOT_FAST */
	atomic_int mode;
	pthread_mutex_t engine_lock, report_lock, big_lock;
	struct sm__value *big_slots;
};

enum { MODE_NONE, MODE_LANES, MODE_ENGINE };

/* fast_keys: an event that never takes the fast path (no site gives bit 63). */
#define NOT_FAST (1ull << 63)

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

struct library_find {
	const char *want; /* NAME.sm */
	char *found;      /* the first folder's DIR/NAME.sm that is a file */
};

static void find_in_folder(void *ud, const char *dir)
{
	struct library_find *f = ud;
	if (f->found)
		return;
	struct sm__buf path = {0};
	size_t n = strlen(dir);
	sm__buf_printf(&path, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", f->want);
	struct stat st;
	if (stat(path.data, &st) == 0 && !S_ISDIR(st.st_mode))
		f->found = path.data;
	else
		sm__buf_free(&path);
}

int sm_library_find(const char *name, char **path)
{
	if (!name || !*name || !path)
		return SM_ERR_INVAL;
	*path = NULL;
	size_t n = strlen(name);
	bool has_ext = n > 3 && strcmp(name + n - 3, ".sm") == 0;
	struct sm__buf want = {0};
	sm__buf_printf(&want, "%s%s", name, has_ext ? "" : ".sm");
	struct library_find f = {want.data, NULL};
	sm_library_folders(find_in_folder, &f);
	sm__buf_free(&want);
	if (!f.found) {
		errno = ENOENT;
		return SM_ERR_IO;
	}
	*path = f.found;
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

/* ---- generated monitors ---- */

static bool is_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_identifier(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!is_ident_char(*s))
			return false;
	return true;
}

/* The spec's name as an identifier: other bytes as '_', "m_" before a digit. */
static char *default_prefix(const sm_spec *spec)
{
	struct sm__str name = spec_name(spec);
	char *p = sm__xmalloc(name.len + 3);
	size_t n = 0;
	if (!name.len || (name.ptr[0] >= '0' && name.ptr[0] <= '9')) {
		p[n++] = 'm';
		p[n++] = '_';
	}
	for (size_t k = 0; k < name.len; k++)
		p[n++] = is_ident_char(name.ptr[k]) ? name.ptr[k] : '_';
	p[n] = '\0';
	return p;
}

static bool write_file(const char *dir, const char *prefix, const char *ext,
		       const struct sm__buf *b)
{
	struct sm__buf path = {0};
	sm__buf_printf(&path, ext ? "%s/%s.%s" : "%s/%s", dir, prefix, ext);
	FILE *f = fopen(path.data, "w");
	sm__buf_free(&path);
	if (!f)
		return false;
	bool ok = fwrite(b->data, 1, b->len, f) == b->len;
	int err = errno;
	ok &= fclose(f) == 0;
	if (!ok && !errno)
		errno = err ? err : EIO;
	return ok;
}

int sm_spec_gen_c(const sm_spec *spec, const char *dir, const sm_gen_options *opt,
		  sm_diag_fn fn, void *ud)
{
	sm_gen_options none = {0};
	if (!opt)
		opt = &none;
	if (!spec || !dir || (opt->prefix && !is_identifier(opt->prefix)) ||
	    opt->instances > 1u << 20 || opt->matches > 1u << 20 || opt->obligations > 1u << 20)
		return SM_ERR_INVAL;
	struct sm__diags d = {0};
	bool ok = sm__gen_c_supported(&spec->ir, &d);
	deliver_diags(&d, fn, ud);
	sm__diags_free(&d);
	if (!ok)
		return SM_ERR_SPEC;
	char *prefix = opt->prefix ? sm__xstrndup(opt->prefix, strlen(opt->prefix))
				   : default_prefix(spec);
	struct sm__gen_c_options o = {prefix, opt->instances ? opt->instances : 64,
				      opt->matches ? opt->matches : 8,
				      opt->obligations ? opt->obligations : 64};
	struct sm__buf h = {0}, c = {0};
	sm__gen_c(&spec->ir, &o, &h, &c);
	errno = 0;
	ok = write_file(dir, prefix, "h", &h) && write_file(dir, prefix, "c", &c);
	sm__buf_free(&h);
	sm__buf_free(&c);
	free(prefix);
	return ok ? SM_OK : SM_ERR_IO;
}

int sm_spec_gen_kmod(const sm_spec *spec, const char *dir, const sm_kmod_options *opt,
		     sm_diag_fn fn, void *ud)
{
	sm_kmod_options none = {0};
	opt = opt ? opt : &none;
	if (!spec || !dir || (opt->name && !is_identifier(opt->name)) ||
	    opt->instances > 1u << 20 || (opt->nbtf && !opt->btf))
		return SM_ERR_INVAL;
	struct sm__buf name = {0};
	if (opt->name) {
		sm__buf_adds(&name, opt->name);
	} else {
		char *p = default_prefix(spec);
		sm__buf_printf(&name, "specmon_%s", p);
		free(p);
	}
	struct sm__gen_kmod_options o = {name.data, opt->instances ? opt->instances : 64,
					 opt->btf, opt->nbtf};
	struct sm__diags d = {0};
	struct sm__gen_file *files;
	size_t n;
	bool ok = sm__gen_kmod(&spec->ir, &o, &files, &n, &d);
	deliver_diags(&d, fn, ud);
	sm__diags_free(&d);
	int rc = ok ? SM_OK : SM_ERR_SPEC;
	struct sm__buf shim = {0};
	sm__buf_printf(&shim, "%s/shim", dir);
	errno = 0;
	if (ok && mkdir(shim.data, 0777) != 0 && errno != EEXIST)
		rc = SM_ERR_IO;
	for (size_t k = 0; rc == SM_OK && k < n; k++)
		if (!write_file(dir, files[k].name, NULL, &files[k].text))
			rc = SM_ERR_IO;
	sm__buf_free(&shim);
	sm__gen_files_free(files, n);
	sm__buf_free(&name);
	return rc;
}

/* ---- kernel probes ---- */

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

/* Violations this thread reported: an emit returns SM_VIOLATION when its
 * call made some. */
static _Thread_local uint64_t violations_here;

static void on_violation(void *ud, const struct sm__violation *v)
{
	sm_monitor *mon = ud;
	violations_here++;
	pthread_mutex_lock(&mon->report_lock);
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
	pthread_mutex_unlock(&mon->report_lock);
}

/* Print a warning where skipped-line notes go, and count it. */
static void warn(void *ud, const struct sm__warning *w, bool fails_strict)
{
	sm_monitor *mon = ud;
	pthread_mutex_lock(&mon->report_lock);
	mon->totals.warnings++;
	mon->strict_warnings += fails_strict;
	sm__report_warning(&mon->reporter, w, &mon->out);
	if (mon->html)
		sm__html_warning(mon->html, w);
	emit_colored(mon, notes(mon), SGR_WARNING);
	pthread_mutex_unlock(&mon->report_lock);
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

/* Instances of p are never reclaimed (DESIGN.md §2.5): membarrier(2) refused. */
static void on_no_reclaim(void *ud, const struct sm__ir_prop *p)
{
	sm__warn_no_reclaim(p, warn, ud);
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
	mon->big_slots = sm__xcalloc(most + 1, sizeof *mon->big_slots);
	struct sm__lane_hooks lane_hooks = {on_violation, on_refused, on_late_partial, on_no_reclaim,
					   mon};
	struct sm__lane_options lane_opt = {mon->opt.max_instances, mon->opt.coverage != 0,
					    mon->opt.history, mon->opt.threads == 1};
	mon->lanes = sm__lanes_new(&spec->ir, lane_opt, lane_hooks);
	mon->to_engine = sm__xcalloc(spec->ir.nevents + 1, sizeof *mon->to_engine);
	bool timed = false;
	for (size_t k = 0; k < spec->ir.nprops; k++) {
		const struct sm__ir_prop *p = &spec->ir.props[k];
		timed |= p->kind == SM__PROP_AUTOMATON ? p->has_invariants || p->nclocks
						       : p->rel == SM__REL_WITHIN;
	}
	/* Deadlines pass with any event's time: then every emit sees the engine. */
	for (size_t e = 0; e < spec->ir.nevents; e++) {
		const struct sm__ir_event *ev = &spec->ir.events[e];
		mon->to_engine[e] = timed;
		for (size_t j = 0; j < ev->nprops; j++)
			mon->to_engine[e] |= !sm__lanes_has(mon->lanes, (size_t)ev->props[j]);
	}
	mon->fast_keys = sm__xcalloc(spec->ir.nevents + 1, sizeof *mon->fast_keys);
	for (size_t e = 0; e < spec->ir.nevents; e++) {
		bool fast = sm__lanes_fast(mon->lanes, (int)e, &mon->fast_keys[e]);
		if (!fast || mon->to_engine[e] || spec->ir.events[e].base >= 0)
			mon->fast_keys[e] = NOT_FAST;
	}
	pthread_mutex_init(&mon->engine_lock, NULL);
	pthread_mutex_init(&mon->report_lock, NULL);
	pthread_mutex_init(&mon->big_lock, NULL);
	struct sm__feed_sink sink = {.totals = &mon->totals, .skipped = on_skipped, .warning = warn,
				     .instant = on_instant, .stop = stopped,
				     .next_deadline = on_next_deadline, .advance = on_advance,
				     .read_error = on_read_error, .ud = mon};
	mon->relay = sm__relay_new(&spec->ir, sink, mon->opt.interrupt, &mon->write_errno);
	mon->feed = sm__feed_new(&spec->ir, mon->binder, sm__relay_sink(mon->relay));
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
	sm__relay_free(mon->relay);
	sm__binder_free(mon->binder);
	sm__buf_free(&mon->out);
	sm__lanes_free(mon->lanes);
	free(mon->to_engine);
	free(mon->fast_keys);
	free(mon->big_slots);
	pthread_mutex_destroy(&mon->engine_lock);
	pthread_mutex_destroy(&mon->report_lock);
	pthread_mutex_destroy(&mon->big_lock);
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

/* The first input decides how emits are stepped (sm_emit: "Threads"):
 * true when it is `want`, or was decided so before. */
static bool first_input(sm_monitor *mon, int want)
{
	int mode = atomic_load_explicit(&mon->mode, memory_order_acquire);
	if (mode != MODE_NONE)
		return mode == want || want == MODE_LANES;
	pthread_mutex_lock(&mon->engine_lock);
	mode = atomic_load_explicit(&mon->mode, memory_order_relaxed);
	if (mode == MODE_NONE) {
		if (want == MODE_LANES) {
			sm__lanes_start(mon->lanes);
			for (size_t k = 0; k < mon->spec->ir.nprops; k++)
				if (sm__lanes_has(mon->lanes, k))
					sm__engine_hand_over(mon->engine, k);
		}
		mode = want;
		atomic_store_explicit(&mon->mode, mode, memory_order_release);
	}
	pthread_mutex_unlock(&mon->engine_lock);
	return mode == want || want == MODE_LANES;
}

static struct kept_input *keep_input(sm_monitor *mon, const char *name)
{
	size_t len = strlen(name);
	struct kept_input *kept = sm__xcalloc(1, sizeof *kept + len + 1);
	memcpy(kept->name, name, len);
	SM__PUSH(mon->inputs, mon->ninputs, mon->capinputs, kept);
	return kept;
}

/* The CPUs this thread may run on: its affinity mask counts (`taskset -c
 * 0`, a container's cpuset), not the machine's. */
static long usable_cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set);
	return sysconf(_SC_NPROCESSORS_ONLN);
}

/*
 * May a file be read on a reader thread while this one steps (relay.h)?
 * Not when the caller asked for one thread, nor where this thread may run
 * on one CPU only (the two would take turns on it: W1 64 MB pinned to one
 * CPU took 67 ms on two threads, 60 ms on one), nor when --max-violations
 * may stop the run: a reader running ahead would count lines the engine
 * never saw.
 */
static bool reader_thread(const sm_monitor *mon)
{
	return mon->opt.threads != 1 && !mon->opt.max_violations && usable_cpus() > 1;
}

int sm_monitor_read_fd(sm_monitor *mon, int fd, const char *name, sm_format format)
{
	if (!mon || fd < 0 || (unsigned)format > SM_FORMAT_DAT)
		return SM_ERR_INVAL;
	if (mon->finished || !first_input(mon, MODE_ENGINE))
		return SM_ERR_STATE;
	struct kept_input *kept = keep_input(mon, name ? name : "-");
	bool ok = sm__relay_feed_fd(mon->relay, mon->feed, fd, kept->name, &kept->loss,
				    internal_format(format), reader_thread(mon));
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

/* An emit keeps this many slots on its stack; an event with more uses
 * big_slots, under big_lock. */
#define STACK_SLOTS 48

/* The checks every emit makes: the event, then *out its declaration. */
static int emit_event(const sm_monitor *mon, int event, const struct sm__ir_event **out)
{
	if (!mon || event < 0 || (size_t)event >= mon->spec->ir.nevents)
		return SM_ERR_INVAL;
	*out = &mon->spec->ir.events[event];
	return (*out)->base >= 0 ? SM_ERR_INVAL : SM_OK; /* derived events tick by themselves */
}

static void set_slot(struct sm__value *slot, int64_t i, const char *str)
{
	slot->kind = str ? SM__VAL_STR : SM__VAL_INT;
	slot->i = i;
	if (str)
		slot->s = (struct sm__str){str, strlen(str)};
}

/* Bit f: field f (of the first 63) was given.  Bit 63 is NOT_FAST's, which
 * no site may have seen. */
static uint64_t field_bit(int field)
{
	return field < 63 ? 1ull << field : 0;
}

/* One instant of the event with its slots filled (seen: which fields, by
 * field_bit): the lanes step what they hold, the engine (under its lock)
 * the rest. */
static int emit_slots(sm_monitor *mon, int event, int64_t ts_ns, struct sm__value *slots,
		      uint64_t seen)
{
	const struct sm__ir_event *ev = &mon->spec->ir.events[event];
	struct sm__where w = {"<emit>", 0, ts_ns >= 0, 9, ts_ns, NULL};
	if (w.has_ts)
		slots[ev->nfields + SM__BI_TS] = (struct sm__value){SM__VAL_INT, 0, ts_ns, {0}};
	struct sm__match m = {event, slots};
	uint64_t before = violations_here;
	bool lanes = atomic_load_explicit(&mon->mode, memory_order_acquire) == MODE_LANES;
	if (lanes)
		sm__lanes_emit(mon->lanes, event, slots, seen, &w);
	if (!lanes || mon->to_engine[event]) {
		pthread_mutex_lock(&mon->engine_lock);
		if (!lanes) {
			mon->totals.events++;
			sm__binder_count(mon->binder, &m, 1);
		}
		sm__engine_instant(mon->engine, &m, 1, &w);
		pthread_mutex_unlock(&mon->engine_lock);
	}
	if (atomic_load_explicit(&mon->write_errno, memory_order_relaxed))
		return SM_ERR_IO;
	return violations_here != before ? SM_VIOLATION : SM_OK;
}

/* Slots for an emit of ev: on the stack (stack), or the monitor's big
 * ones, locked until emit_done. */
static struct sm__value *emit_begin(sm_monitor *mon, const struct sm__ir_event *ev,
				    struct sm__value *stack)
{
	size_t n = sm__ir_nslots(ev);
	struct sm__value *slots = stack;
	if (n > STACK_SLOTS) {
		pthread_mutex_lock(&mon->big_lock);
		slots = mon->big_slots;
	}
	memset(slots, 0, n * sizeof *slots);
	return slots;
}

static int emit_done(sm_monitor *mon, const struct sm__value *slots, int rc)
{
	if (slots == mon->big_slots)
		pthread_mutex_unlock(&mon->big_lock);
	return rc;
}

/* A monitor that read a file first steps emits in its engine; a finished
 * one takes none.  The mode, once decided, costs one load. */
static bool may_emit(sm_monitor *mon)
{
	if (mon->finished)
		return false;
	if (atomic_load_explicit(&mon->mode, memory_order_acquire) == MODE_NONE)
		first_input(mon, MODE_LANES);
	return true;
}

int sm_emit(sm_monitor *mon, int event, int64_t ts_ns, const sm_field *fields, size_t n)
{
	const struct sm__ir_event *ev;
	if (emit_event(mon, event, &ev) != SM_OK || (n && !fields))
		return SM_ERR_INVAL;
	for (size_t k = 0; k < n; k++)
		if (!fields[k].name)
			return SM_ERR_INVAL;
	if (!may_emit(mon))
		return SM_ERR_STATE;
	struct sm__value stack[STACK_SLOTS];
	struct sm__value *slots = emit_begin(mon, ev, stack);
	uint64_t seen = 0;
	for (size_t k = 0; k < n; k++) {
		struct sm__str name = {fields[k].name, strlen(fields[k].name)};
		int slot = sm__ir_field_slot(ev, name);
		if (slot < 0)
			continue;
		set_slot(&slots[slot], fields[k].i, fields[k].str);
		if ((size_t)slot < ev->nfields) /* not a built-in */
			seen |= field_bit(slot);
	}
	return emit_done(mon, slots, emit_slots(mon, event, ts_ns, slots, seen));
}

int sm_emit_args(sm_monitor *mon, int event, int64_t ts_ns, const sm_arg *args, size_t n)
{
	const struct sm__ir_event *ev;
	if (emit_event(mon, event, &ev) != SM_OK || (n && !args))
		return SM_ERR_INVAL;
	if (!may_emit(mon))
		return SM_ERR_STATE;
	struct sm__value stack[STACK_SLOTS];
	struct sm__value *slots = emit_begin(mon, ev, stack);
	uint64_t seen = 0;
	for (size_t k = 0; k < n; k++) {
		if (args[k].field < 0 || (size_t)args[k].field >= ev->nfields)
			return emit_done(mon, slots, SM_ERR_INVAL);
		set_slot(&slots[args[k].field], args[k].i, args[k].str);
		seen |= field_bit(args[k].field);
	}
	return emit_done(mon, slots, emit_slots(mon, event, ts_ns, slots, seen));
}

int sm_spec_field_id(const sm_spec *spec, int event, const char *name)
{
	if (!spec || !name || event < 0 || (size_t)event >= spec->ir.nevents)
		return SM_ERR_INVAL;
	const struct sm__ir_event *ev = &spec->ir.events[event];
	for (size_t k = 0; k < ev->nfields; k++)
		if (sm__str_eq(ev->fields[k], name))
			return (int)k;
	return SM_ERR_INVAL;
}

enum { SITE_EMPTY, SITE_FILLING, SITE_FILLED };

static void site_fill(sm_site *site, const sm_spec *spec, int event, const int *field, size_t n)
{
	site->spec = spec;
	site->event = event;
	site->n = (int)n;
	site->seen = 0;
	memset(site->arg_of, -1, sizeof site->arg_of);
	for (size_t k = 0; k < n; k++) {
		site->field[k] = field[k];
		if (field[k] < 0)
			continue;
		site->seen |= field_bit(field[k]);
		if (field[k] < SM_SITE_FIELDS)
			site->arg_of[field[k]] = (signed char)k;
	}
}

static bool site_filled(const sm_site *site, const sm_spec *spec)
{
	return __atomic_load_n(&site->state, __ATOMIC_ACQUIRE) == SITE_FILLED &&
	       site->spec == spec;
}

/* Fill the site for spec, by the names of a call site (f[0] the event's,
 * fields with no such name -1), unless another thread does it first;
 * args: the fields by number for this emit.  Returns the event or an
 * error. */
static int site_resolve(const sm_spec *spec, sm_site *site, const sm_field *f, size_t n,
			sm_arg *args)
{
	int event = sm_spec_event_id(spec, f[0].name);
	if (event < 0)
		return event;
	int field[SM_SITE_FIELDS] = {0}; /* all set below when n - 1 fits */
	for (size_t k = 1; k < n; k++) {
		args[k - 1] = (sm_arg){sm_spec_field_id(spec, event, f[k].name), f[k].i, f[k].str};
		if (k - 1 < SM_SITE_FIELDS)
			field[k - 1] = args[k - 1].field;
	}
	int empty = SITE_EMPTY;
	if (n - 1 <= SM_SITE_FIELDS &&
	    __atomic_compare_exchange_n(&site->state, &empty, SITE_FILLING, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		site_fill(site, spec, event, field, n - 1);
		__atomic_store_n(&site->state, SITE_FILLED, __ATOMIC_RELEASE);
	}
	return event;
}

/* An emit through a filled site by numbers, as sm_emit_args: when the
 * fast path (emit_through) cannot take it.  Out of line, so that its
 * arguments' room is not made on the fast path. */
static __attribute__((noinline)) int emit_by_args(sm_monitor *mon, const sm_site *site,
						  int64_t ts_ns, const char *i, const char *s,
						  size_t stride)
{
	sm_arg args[SM_SITE_FIELDS];
	size_t kept = 0;
	for (size_t k = 0; k < (size_t)site->n; k++)
		if (site->field[k] >= 0)
			args[kept++] = (sm_arg){site->field[k],
						*(const int64_t *)(const void *)(i + k * stride),
						*(const char *const *)(const void *)(s + k * stride)};
	return sm_emit_args(mon, site->event, ts_ns, args, kept);
}

/*
 * An emit through a filled site, its n values in place: value k's integer
 * at i + k * stride, its string at s + k * stride.  The fast path when the
 * event allows it (fast_keys: lanes only, no guard, no derived event) and
 * the site gives every key field; else emit_by_args.
 */
static inline int emit_through(sm_monitor *mon, const sm_site *site, int64_t ts_ns,
			       const char *i, const char *s, size_t stride)
{
	int event = site->event;
	if ((mon->fast_keys[event] & ~site->seen) || mon->finished ||
	    atomic_load_explicit(&mon->mode, memory_order_acquire) != MODE_LANES)
		return emit_by_args(mon, site, ts_ns, i, s, stride);
	bool violated = sm__lanes_emit_site(mon->lanes, site, i, s, stride, ts_ns);
	if (atomic_load_explicit(&mon->write_errno, memory_order_relaxed))
		return SM_ERR_IO;
	return violated ? SM_VIOLATION : SM_OK;
}

/* An emit through a site not (yet) filled for this call: its names looked
 * up, the site filled when it is empty.  Out of line, so that its room
 * (SM_SITE_FIELDS args) and its registers are not made on the filled
 * site's path. */
static __attribute__((noinline)) int emit_site_by_names(sm_monitor *mon, sm_site *site,
							int64_t ts_ns, const sm_field *fields,
							size_t n)
{
	if (!fields[0].name)
		return SM_ERR_INVAL;
	for (size_t k = 1; k < n; k++)
		if (!fields[k].name)
			return SM_ERR_INVAL;
	sm_arg stack[SM_SITE_FIELDS];
	sm_arg *args = n - 1 <= SM_SITE_FIELDS ? stack : sm__xmalloc(n * sizeof *args);
	int event = site_resolve(mon->spec, site, fields, n, args);
	/* A field the event does not have is left out, as sm_emit does. */
	size_t kept = 0;
	for (size_t k = 0; k + 1 < n; k++)
		if (args[k].field >= 0)
			args[kept++] = args[k];
	int rc = event < 0 ? SM_ERR_INVAL : sm_emit_args(mon, event, ts_ns, args, kept);
	if (args != stack)
		free(args);
	return rc;
}

int sm_emit_site(sm_monitor *mon, sm_site *site, int64_t ts_ns, const sm_field *fields,
		 size_t n)
{
	if (!mon || !site || !fields || !n)
		return SM_ERR_INVAL;
	if (!site_filled(site, mon->spec) || (size_t)site->n != n - 1)
		return emit_site_by_names(mon, site, ts_ns, fields, n);
	if (n == 1)
		return emit_through(mon, site, ts_ns, NULL, NULL, 0);
	return emit_through(mon, site, ts_ns, (const char *)&fields[1].i,
			    (const char *)&fields[1].str, sizeof *fields);
}

int sm_site_init(sm_site *site, const sm_spec *spec, int event, const int *fields, size_t n)
{
	if (!site || !spec || event < 0 || (size_t)event >= spec->ir.nevents ||
	    spec->ir.events[event].base >= 0 || n > SM_SITE_FIELDS || (n && !fields))
		return SM_ERR_INVAL;
	for (size_t k = 0; k < n; k++)
		if (fields[k] < 0 || (size_t)fields[k] >= spec->ir.events[event].nfields)
			return SM_ERR_INVAL;
	memset(site, 0, sizeof *site);
	site_fill(site, spec, event, fields, n);
	__atomic_store_n(&site->state, SITE_FILLED, __ATOMIC_RELEASE);
	return SM_OK;
}

int sm_emit_vals(sm_monitor *mon, const sm_site *site, int64_t ts_ns, const sm_val *vals)
{
	if (!mon || !site || !site_filled(site, mon->spec) || (site->n && !vals))
		return SM_ERR_INVAL;
	if (!site->n)
		return emit_through(mon, site, ts_ns, NULL, NULL, 0);
	return emit_through(mon, site, ts_ns, (const char *)&vals[0].i, (const char *)&vals[0].str,
			    sizeof *vals);
}

/* ---- ready reactors ---- */

void sm_reactor_print(void *file, const sm_violation_info *v)
{
	FILE *f = file ? file : stderr;
	fputs(v->report, f);
	fflush(f);
}

void sm_reactor_abort(void *ud, const sm_violation_info *v)
{
	(void)ud;
	fputs(v->report, stderr);
	fflush(stderr);
	abort();
}

void sm_reactor_count(void *counter, const sm_violation_info *v)
{
	(void)v;
	__atomic_fetch_add(&((sm_reactor_counter *)counter)->violations, 1, __ATOMIC_RELAXED);
}

uint64_t sm_reactor_count_get(const sm_reactor_counter *counter)
{
	return __atomic_load_n(&counter->violations, __ATOMIC_RELAXED);
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

/* What the lanes counted, given to the binder (events matched, fields
 * seen) and to the totals: once, at the end. */
static void lanes_counts(sm_monitor *mon)
{
	const struct sm__ir *ir = &mon->spec->ir;
	uint64_t *per_event = sm__xcalloc(ir->nevents + 1, sizeof *per_event);
	mon->totals.events += sm__lanes_events(mon->lanes, per_event);
	for (size_t e = 0; e < ir->nevents; e++) {
		if (!per_event[e])
			continue;
		uint64_t seen = sm__lanes_fields_seen(mon->lanes, (int)e);
		struct sm__value *slots = sm__xcalloc(sm__ir_nslots(&ir->events[e]) + 1,
						      sizeof *slots);
		for (size_t f = 0; f < ir->events[e].nfields; f++)
			slots[f].kind = f >= 64 || (seen >> f & 1) ? SM__VAL_INT : SM__VAL_NONE;
		struct sm__match m = {(int)e, slots};
		sm__binder_count(mon->binder, &m, 1);
		sm__binder_count_more(mon->binder, (int)e, per_event[e] - 1);
		free(slots);
	}
	free(per_event);
}

/* The lanes' statistics and the events that ticked there, into the engine,
 * where the summary, the vacuity warnings and the coverage read them. */
static void lanes_stats(sm_monitor *mon)
{
	const struct sm__ir *ir = &mon->spec->ir;
	bool *ticked = sm__xcalloc(ir->nevents + 1, sizeof *ticked);
	for (size_t e = 0; e < ir->nevents; e++)
		ticked[e] = sm__lanes_ticked(mon->lanes, (int)e);
	for (size_t k = 0; k < ir->nprops; k++) {
		if (!sm__lanes_has(mon->lanes, k))
			continue;
		struct sm__prop_stats st;
		sm__lanes_stats(mon->lanes, k, &st);
		sm__engine_add_lane(mon->engine, k, &st, ticked);
		sm__lanes_edge_hits(mon->lanes, k, sm__engine_edge_hits(mon->engine, k));
	}
	free(ticked);
}

int sm_monitor_finish(sm_monitor *mon)
{
	if (!mon)
		return SM_ERR_INVAL;
	if (mon->finished)
		return SM_ERR_STATE; /* counted and reported once */
	mon->finished = true;
	bool lanes = atomic_load(&mon->mode) == MODE_LANES;
	if (lanes)
		lanes_counts(mon);
	/* The last instant may reach --max-violations after the last line was
	 * read (a timestamp instant ends with its input): stopped all the same. */
	if (mon->opt.max_violations && mon->totals.violations >= mon->opt.max_violations)
		mon->totals.stopped = true;
	if (!mon->totals.stopped) {
		sm__engine_pending(mon->engine, on_pending, mon);
		if (lanes)
			sm__lanes_pending(mon->lanes, on_pending, mon);
	}
	if (lanes)
		lanes_stats(mon);
	if (!mon->totals.stopped) {
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
	/* Emits may run: the reports' counts are read under their lock, the
	 * lanes' events summed (they join the totals at the end). */
	pthread_mutex_t *report_lock = (pthread_mutex_t *)(uintptr_t)&mon->report_lock;
	pthread_mutex_lock(report_lock);
	const struct sm__totals *t = &mon->totals;
	*out = (sm_counts){t->lines, t->records, t->events, t->skipped, t->comments,
			   t->violations, t->pending, t->instances, t->warnings, t->losses,
			   t->lost_events, t->refused};
	pthread_mutex_unlock(report_lock);
	if (!mon->finished && atomic_load(&mon->mode) == MODE_LANES)
		out->events += sm__lanes_events(mon->lanes, NULL);
	return SM_OK;
}
