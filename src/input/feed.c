/*
 * feed.c: the read loop of an input (see feed.h).  Stage: src/input, on
 * top of the block reader (reader.c) and the source parsers
 * (source_*.c) it drives, and before the binder (bind.c), whose events it
 * hands to the sink, one instant per record.
 */
#include "feed.h"

#include "reader.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_SKIPPED_SHOWN 5 /* per input; the rest are counted */

struct sm__feed {
	const struct sm__ir *ir;
	struct sm__binder *binder;
	struct sm__feed_sink sink;
	bool ftrace_names;      /* some event binds ftrace records by name */
	struct sm__record rec;
	struct sm__buf scratch; /* decoded JSON strings of the current record */
};

/* The input being read. */
struct input {
	const char *name;
	struct sm__loss *loss;
	enum sm__format format;
	uint64_t skipped_shown, gave_up_shown; /* notes shown, of the first few */
	uint64_t skipped, data_lines; /* lines neither blank nor comments */
};

struct sm__feed *sm__feed_new(const struct sm__ir *ir, struct sm__binder *binder,
			      struct sm__feed_sink sink)
{
	struct sm__feed *f = sm__xcalloc(1, sizeof *f);
	f->ir = ir;
	f->binder = binder;
	f->sink = sink;
	for (size_t k = 0; k < ir->nbindings; k++)
		f->ftrace_names |= ir->bindings[k].kind == SM__BIND_FTRACE ||
				   ir->bindings[k].kind == SM__BIND_DEFAULT;
	return f;
}

void sm__feed_free(struct sm__feed *f)
{
	if (!f)
		return;
	sm__record_free(&f->rec);
	sm__buf_free(&f->scratch);
	free(f);
}

static void skipped(struct sm__feed *f, struct input *in, uint64_t line, size_t col,
		    const char *why)
{
	f->sink.totals->skipped++;
	in->skipped++;
	in->data_lines++;
	if (in->skipped_shown++ < MAX_SKIPPED_SHOWN)
		f->sink.skipped(f->sink.ud, in->name, line, col, why);
}

/* A record that a `from log` pattern could not judge (its match limit):
 * the record itself was read, and other events may have bound it, so it is
 * not a skipped line; counted apart, and the first few shown as warnings. */
static void pattern_gave_up(struct sm__feed *f, struct input *in, uint64_t line,
			    const char *why)
{
	f->sink.totals->pattern_limit++;
	if (in->gave_up_shown++ >= MAX_SKIPPED_SHOWN)
		return;
	struct sm__warning w = {.kind = "pattern-limit", .input = in->name, .line = line,
				.message = why};
	f->sink.warning(f->sink.ud, &w, true);
}

/* A note that events were lost: always shown, counted, and remembered for
 * the violations that follow in this input. */
static void lost(struct sm__feed *f, struct input *in, uint64_t line, const char *why)
{
	struct sm__loss *l = in->loss;
	const struct sm__record *rec = &f->rec;
	if (!l->places++)
		l->first_line = line;
	l->events += rec->lost;
	l->some_unknown |= !rec->lost_known;
	f->sink.totals->losses++;
	f->sink.totals->lost_events += rec->lost;
	char msg[160];
	if (rec->lost_known)
		snprintf(msg, sizeof msg, "%s: %" PRIu64 " event%s", why, rec->lost,
			 rec->lost == 1 ? "" : "s");
	else
		snprintf(msg, sizeof msg, "%s", why);
	struct sm__warning w = {.kind = "loss", .input = in->name, .line = line,
				.has_count = rec->lost_known, .count = rec->lost,
				.message = msg};
	f->sink.warning(f->sink.ud, &w, true);
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
static bool detect(struct sm__feed *f, struct input *in, struct sm__str line, uint64_t lineno)
{
	const char *why;
	if (sm__ftrace_loss(line, &f->rec, &why)) {
		lost(f, in, lineno, why);
		return false;
	}
	if (blank_or_comment(line) || sm__ftrace_preamble(line)) {
		f->sink.totals->comments++;
		return false;
	}
	enum sm__format fmt = sm__format_detect(line);
	if (fmt == SM__FMT_LOG && !f->ir->has_log) {
		skipped(f, in, lineno, 1, "neither an ftrace nor a JSON record");
		return false;
	}
	in->format = fmt == SM__FMT_LOG && f->ftrace_names ? SM__FMT_FTRACE : fmt;
	return true;
}

static enum sm__line_kind parse_line(struct sm__feed *f, enum sm__format fmt,
				     struct sm__str line, const char **why, size_t *col)
{
	switch (fmt) {
	case SM__FMT_JSONL:
		return sm__jsonl_parse(line, &f->rec, &f->scratch, why, col);
	case SM__FMT_FTRACE:
		return sm__ftrace_parse_header(line, &f->rec, why, col);
	default:
		return sm__log_parse(line, &f->rec, why, col);
	}
}

static void process_line(struct sm__feed *f, struct input *in, struct sm__str line,
			 uint64_t lineno)
{
	struct sm__totals *totals = f->sink.totals;
	totals->lines++;
	if (in->format == SM__FMT_AUTO && !detect(f, in, line, lineno))
		return;
	const char *why = "not a record";
	size_t col = 1;
	enum sm__line_kind kind = parse_line(f, in->format, line, &why, &col);
	/* Binary data, looked for only where it matters (not on every good
	 * record): a bad line says so, and log lines, which are never bad,
	 * are not fed to the patterns. */
	const char *nul = kind != SM__LINE_COMMENT && (kind == SM__LINE_BAD ||
						       in->format == SM__FMT_LOG)
				  ? memchr(line.ptr, '\0', line.len) : NULL;
	if (nul) {
		skipped(f, in, lineno, (size_t)(nul - line.ptr) + 1,
			"NUL byte in the line (binary data?)");
		return;
	}
	if (kind == SM__LINE_COMMENT) {
		totals->comments++;
		return;
	}
	if (kind == SM__LINE_LOSS) {
		lost(f, in, lineno, why);
		return;
	}
	if (kind == SM__LINE_BAD && !(in->format == SM__FMT_FTRACE && f->ir->has_log)) {
		skipped(f, in, lineno, col, why);
		return;
	}
	if (kind == SM__LINE_BAD) /* not ftrace, but `from log` events may want it */
		sm__log_parse(line, &f->rec, &why, &col);
	f->rec.lineno = lineno;
	totals->records++;
	in->data_lines++;
	const struct sm__match *m;
	size_t n = sm__bind(f->binder, &f->rec, in->format, &m);
	char gave_up[200];
	if (sm__bind_gave_up(f->binder, gave_up, sizeof gave_up))
		pattern_gave_up(f, in, lineno, gave_up);
	if (!n)
		return;
	totals->events += n;
	struct sm__where w = {in->name, lineno, f->rec.has_ts, f->rec.ts_digits,
			      f->rec.ts_ns, in->loss->places ? in->loss : NULL};
	f->sink.instant(f->sink.ud, m, n, &w);
}

static const char *format_name(enum sm__format fmt)
{
	switch (fmt) {
	case SM__FMT_FTRACE: return "ftrace";
	case SM__FMT_LOG: return "log";
	case SM__FMT_JSONL: return "jsonl";
	default: return "ftrace or JSON (auto)";
	}
}

/* Most lines of the input could not be read: the wrong --format? */
static void format_failed(struct sm__feed *f, const struct input *in)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%" PRIu64 " of %" PRIu64 " lines could not be read as %s "
		 "(is it the right --format?)", in->skipped, in->data_lines,
		 format_name(in->format));
	struct sm__warning w = {.kind = "format", .input = in->name, .message = msg};
	f->sink.warning(f->sink.ud, &w, true);
}

bool sm__feed_fd(struct sm__feed *f, int fd, const char *name, struct sm__loss *loss,
		 enum sm__format format)
{
	struct input in = {name, loss, format, 0, 0, 0};
	struct sm__reader r;
	sm__reader_init(&r, fd);
	bool ok = true;
	struct sm__str line;
	bool no_newline;
	while (!f->sink.stop(f->sink.ud)) {
		enum sm__line_status st = sm__reader_line(&r, &line, &no_newline);
		if (st == SM__LINE_EOF)
			break;
		if (st == SM__LINE_ERROR) {
			f->sink.read_error(f->sink.ud, in.name, r.err);
			ok = false;
			break;
		}
		if (st == SM__LINE_TOO_LONG) {
			f->sink.totals->lines++;
			skipped(f, &in, r.lineno, (size_t)SM__MAX_LINE + 1,
				"line longer than 64 MiB");
			continue;
		}
		process_line(f, &in, line, r.lineno);
		if (no_newline) {
			struct sm__warning w = {.kind = "no-newline", .input = in.name,
						.line = r.lineno, .message = "last line has no "
						"newline (it was read as a whole line)"};
			f->sink.warning(f->sink.ud, &w, false);
		}
	}
	sm__reader_free(&r);
	if (in.skipped * 2 > in.data_lines)
		format_failed(f, &in);
	return ok;
}
