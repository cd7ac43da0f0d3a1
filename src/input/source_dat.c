/*
 * source_dat.c: trace-cmd's binary trace.dat (see source_dat.h), read
 * through libtracecmd and libtraceevent (Debian's libtracecmd-dev).
 *
 * libtracecmd merges the CPUs' (and any buffer instances') records by
 * time, as `trace-cmd report` does: each record becomes one struct
 * sm__record with the event's name, its fields by name (numbers as
 * integers, strings and char arrays as strings), the task (its comm from
 * the file's saved command lines), the CPU and the time in nanoseconds.
 * Where the kernel dropped events, the page that follows says how many:
 * that becomes a loss note before its first record, as `trace-cmd report`
 * prints `CPU:1 [12 EVENTS DROPPED]`.
 *
 * Nothing is copied per record: names point into libtraceevent's event
 * formats, values into the record, which stays alive until the next one.
 */
#include "source_dat.h"
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NO_TRACECMD "a trace-cmd trace.dat file, which this build of specmon cannot read: " \
	"it was built without libtracecmd. To read it, install libtracecmd-dev, " \
	"libtracefs-dev, libtraceevent-dev and pkg-config (Debian, Ubuntu: apt-get install " \
	"libtracecmd-dev libtracefs-dev libtraceevent-dev pkg-config) and " \
	"rebuild specmon; or check its text instead: trace-cmd report -N FILE | " \
	"specmon check SPEC"

#ifndef SM_HAVE_TRACECMD

const bool sm__dat_supported = false;

bool sm__dat_read(int fd, const char *head, size_t nhead, bool want_text,
		  struct sm__record *rec, struct sm__dat_sink sink, char *why, size_t cap)
{
	(void)fd, (void)head, (void)nhead, (void)want_text, (void)rec, (void)sink;
	snprintf(why, cap, "%s", NO_TRACECMD);
	return false;
}

#else

#include <trace-cmd.h>

const bool sm__dat_supported = true;

#define LOST_WHY "events were lost here (ring buffer overrun)"

/* What a record of one event type gives: its fields, as read from the
 * event's format once. */
struct field {
	struct sm__str name;
	int offset, size;
	unsigned long flags;
	bool string; /* a char array, fixed or __data_loc */
	bool hex;    /* the event prints it as 0x...: so do reports */
};

struct event_info {
	const struct tep_event *event; /* NULL: not looked at yet */
	struct field *fields;
	size_t nfields;
};

struct dat {
	struct sm__record *rec;
	struct sm__dat_sink sink;
	bool want_text, stopped;
	uint64_t lineno;
	struct event_info *events; /* by event id */
	size_t nevents;
	struct trace_seq seq;      /* want_text: the record's line */
};

/* Does the event's print format show NAME as `NAME=0x%...` or `NAME=%#...`? */
static bool printed_hex(const struct tep_event *ev, const char *name)
{
	const char *fmt = ev->print_fmt.format;
	size_t n = strlen(name);
	for (const char *p = fmt; p && (p = strstr(p, name)); p += n) {
		bool starts = p == fmt || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
					    (p[-1] >= 'A' && p[-1] <= 'Z') || is_digit(p[-1]));
		if (starts && p[n] == '=' &&
		    (strncmp(p + n + 1, "0x%", 3) == 0 || strncmp(p + n + 1, "%#", 2) == 0))
			return true;
	}
	return false;
}

static void describe(struct event_info *ei, const struct tep_event *ev)
{
	free(ei->fields);
	ei->event = ev;
	ei->nfields = 0;
	ei->fields = sm__xcalloc((size_t)(ev->format.nr_fields > 0 ? ev->format.nr_fields : 0) + 1,
				 sizeof *ei->fields);
	for (const struct tep_format_field *f = ev->format.fields;
	     f && ei->nfields < (size_t)ev->format.nr_fields + 1; f = f->next) {
		struct field *d = &ei->fields[ei->nfields++];
		d->name = (struct sm__str){f->name, strlen(f->name)};
		d->offset = f->offset;
		d->size = f->size;
		d->flags = f->flags;
		d->string = (f->flags & TEP_FIELD_IS_STRING) ||
			    ((f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_DYNAMIC)) &&
			     f->type && strstr(f->type, "char") && f->elementsize <= 1);
		d->hex = printed_hex(ev, f->name);
	}
}

static struct event_info *event_info(struct dat *d, const struct tep_event *ev)
{
	if (ev->id < 0 || ev->id > 0xffff)
		return NULL;
	size_t id = (size_t)ev->id;
	if (id >= d->nevents) {
		size_t n = id + 64;
		d->events = sm__xrealloc(d->events, n * sizeof *d->events);
		memset(d->events + d->nevents, 0, (n - d->nevents) * sizeof *d->events);
		d->nevents = n;
	}
	struct event_info *ei = &d->events[id];
	if (ei->event != ev)
		describe(ei, ev);
	return ei;
}

/* A string of at most n bytes at p, up to its first NUL. */
static struct sm__str bounded(const char *p, size_t n)
{
	const char *nul = memchr(p, '\0', n);
	return (struct sm__str){p, nul ? (size_t)(nul - p) : n};
}

/* The value of one field in the record, or false when the record does not
 * hold it (too short: a damaged record) or it is no scalar or string. */
static bool field_value(struct tep_handle *tep, const struct field *f,
			const struct tep_record *r, struct sm__value *v)
{
	const char *data = r->data;
	size_t size = r->size > 0 ? (size_t)r->size : 0;
	if (f->offset < 0 || f->size <= 0 || (size_t)f->offset > size ||
	    (size_t)f->size > size - (size_t)f->offset)
		return false;
	const char *p = data + f->offset;
	*v = (struct sm__value){0};
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		/* __data_loc: 16 bits of offset, 16 of length (the offset
		 * from the field's end when __rel_loc). */
		if (!f->string)
			return false;
		unsigned long long loc = tep_read_number(tep, p, f->size < 4 ? f->size : 4);
		size_t at = loc & 0xffff, len = (loc >> 16) & 0xffff;
		if (f->flags & TEP_FIELD_IS_RELATIVE)
			at += (size_t)f->offset + (size_t)f->size;
		if (at > size || len > size - at)
			return false;
		v->kind = SM__VAL_STR;
		v->s = bounded(data + at, len);
		return true;
	}
	if (f->string) {
		v->kind = SM__VAL_STR;
		v->s = bounded(p, (size_t)f->size);
		return true;
	}
	if (f->flags & TEP_FIELD_IS_ARRAY)
		return false; /* an array of numbers: no one value */
	if (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8)
		return false;
	uint64_t u = tep_read_number(tep, p, f->size);
	if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8) {
		uint64_t sign = (uint64_t)1 << (f->size * 8 - 1);
		u = (u ^ sign) - sign;
	}
	v->kind = SM__VAL_INT;
	v->i = (int64_t)u; /* the upper half of u64 as its two's complement */
	v->hex = f->hex;
	return true;
}

/* rec's task, CPU and time from the record. */
static void record_head(struct tep_handle *tep, struct tep_record *r, struct sm__record *rec)
{
	rec->has_task = true;
	rec->pid = tep_data_pid(tep, r);
	const char *comm = tep_data_comm_from_pid(tep, (int)rec->pid);
	rec->comm = (struct sm__str){comm, comm ? strlen(comm) : 0};
	rec->cpu = r->cpu;
	rec->has_ts = r->ts <= (unsigned long long)INT64_MAX;
	rec->ts_ns = rec->has_ts ? (int64_t)r->ts : 0;
	rec->ts_digits = 9;
}

/* The record as `trace-cmd report -N -t` prints it (trace-cmd's
 * trace_show_data), for the `from log` patterns. */
static struct sm__str report_line(struct dat *d, struct tep_handle *tep, struct tep_record *r,
				  const struct tep_event *ev)
{
	struct trace_seq *s = &d->seq;
	trace_seq_reset(s);
	tep_print_event(tep, s, r, "%16s-%-5d [%03d]", TEP_PRINT_COMM, TEP_PRINT_PID,
			TEP_PRINT_CPU);
	tep_print_event(tep, s, r, " %9.1d:", TEP_PRINT_TIME);
	const char *name = ev ? ev->name : "(NULL)";
	size_t n = strlen(name);
	trace_seq_printf(s, " %s: %.*s", name, n < 20 ? (int)(20 - n) : 0, "                    ");
	if (ev)
		tep_print_event(tep, s, r, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(s);
	size_t len = s->len;
	while (len && s->buffer[len - 1] == '\n')
		len--;
	return (struct sm__str){s->buffer, len};
}

static int on_record(struct tracecmd_input *h, struct tep_record *r, int cpu, void *ud)
{
	(void)cpu;
	struct dat *d = ud;
	struct sm__record *rec = d->rec;
	struct tep_handle *tep = tracecmd_get_tep(h);
	static const char empty[] = "";
	if (r->missed_events) {
		record_begin(rec, (struct sm__str){empty, 0});
		record_head(tep, r, rec);
		rec->lineno = ++d->lineno;
		rec->lost_known = r->missed_events > 0;
		rec->lost = rec->lost_known ? (uint64_t)r->missed_events : 0;
		if (!d->sink.record(d->sink.ud, rec, SM__LINE_LOSS, LOST_WHY))
			goto stop;
	}
	struct tep_event *ev = tep_find_event_by_record(tep, r);
	struct sm__str line = {empty, 0};
	if (d->want_text)
		line = report_line(d, tep, r, ev);
	record_begin(rec, line);
	record_head(tep, r, rec);
	rec->lineno = ++d->lineno;
	struct event_info *ei = ev ? event_info(d, ev) : NULL;
	if (ei) {
		rec->name = (struct sm__str){ev->name, strlen(ev->name)};
		for (size_t k = 0; k < ei->nfields; k++) {
			struct sm__value v;
			if (field_value(tep, &ei->fields[k], r, &v))
				record_add_field(rec, ei->fields[k].name, v);
		}
	}
	if (!d->sink.record(d->sink.ud, rec, SM__LINE_RECORD, NULL))
		goto stop;
	return 0;
stop:
	d->stopped = true;
	return -1; /* tracecmd_iterate_events_multi stops on a negative value */
}

/* ---- opening ---- */

/* Copy head and the rest of fd into a temporary file, deleted at once:
 * its descriptor, at offset 0; -1 with why set; -2 when the sink said stop
 * (an interrupt) while it waited for the pipe. */
static int copy_to_temp(int fd, const char *head, size_t nhead, struct sm__dat_sink sink,
			char *why, size_t cap)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	size_t n = strlen(dir) + sizeof "/specmon-dat-XXXXXX";
	char *path = sm__xmalloc(n);
	snprintf(path, n, "%s/specmon-dat-XXXXXX", dir);
	int tmp = mkstemp(path);
	if (tmp < 0) {
		snprintf(why, cap, "a trace.dat from a pipe is read from a temporary copy, and "
			 "none could be made in %s: %s (set TMPDIR, or give the file itself)",
			 dir, strerror(errno));
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	char *buf = sm__xmalloc(1 << 16);
	const char *p = head;
	ssize_t got = (ssize_t)nhead;
	for (;;) {
		if (!p) {
			got = read(fd, buf, 1 << 16);
			p = buf;
			if (got < 0 && errno == EINTR) {
				if (!sink.stop(sink.ud))
					continue;
				close(tmp);
				free(buf);
				return -2;
			}
			if (got < 0) {
				snprintf(why, cap, "read error: %s", strerror(errno));
				break;
			}
			if (got == 0)
				break;
		}
		while (got > 0) {
			ssize_t w = write(tmp, p, (size_t)got);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				snprintf(why, cap, "a trace.dat from a pipe is read from a temporary "
					 "copy in %s, and it could not be written: %s (set TMPDIR, "
					 "or give the file itself)", dir, strerror(errno));
				got = -1;
				break;
			}
			p += w;
			got -= w;
		}
		if (got < 0)
			break;
		p = NULL;
	}
	free(buf);
	if (got < 0 || lseek(tmp, 0, SEEK_SET) != 0) {
		if (got >= 0)
			snprintf(why, cap, "cannot read the temporary copy: %s", strerror(errno));
		close(tmp);
		return -1;
	}
	return tmp;
}

static int count_record(struct tracecmd_input *h, struct tep_record *r, int cpu, void *ud)
{
	(void)h, (void)r, (void)cpu, (void)ud;
	return 0;
}

/* Open the file at lfd's start, and its buffer instances: the number of
 * handles put in *out (the main one first), 0 when it could not be opened.
 * libtracecmd takes lfd (and closes it, but not when it gives up at the
 * very start: then the descriptor is still this file, ours to close). */
static int open_all(int lfd, struct tracecmd_input ***out)
{
	struct stat before, after;
	bool known = fstat(lfd, &before) == 0;
	*out = NULL;
	if (lseek(lfd, 0, SEEK_SET) != 0) {
		close(lfd); /* not handed to libtracecmd: ours to close */
		return 0;
	}
	/* Quiet: what went wrong is said once, naming the input. */
	tracecmd_set_loglevel(TEP_LOG_NONE);
	tep_set_loglevel(TEP_LOG_NONE);
	struct tracecmd_input *h = tracecmd_open_fd(lfd, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!h) {
		if (known && fstat(lfd, &after) == 0 && after.st_dev == before.st_dev &&
		    after.st_ino == before.st_ino)
			close(lfd);
		return 0;
	}
	/* The buffer instances (trace-cmd record -B) too, merged by time
	 * with the main buffer, as trace-cmd report prints them. */
	int ninst = tracecmd_buffer_instances(h);
	struct tracecmd_input **handles = sm__xcalloc((size_t)(ninst > 0 ? ninst : 0) + 1,
						      sizeof *handles);
	int nh = 0;
	handles[nh++] = h;
	for (int k = 0; k < ninst; k++) {
		struct tracecmd_input *ih = tracecmd_buffer_instance_handle(h, k);
		if (ih)
			handles[nh++] = ih;
	}
	*out = handles;
	return nh;
}

static void close_all(struct tracecmd_input **handles, int nh)
{
	for (int k = nh - 1; k >= 0; k--)
		tracecmd_close(handles[k]);
	free(handles);
}

/*
 * libtracecmd is not safe on a damaged file: on some truncated files its
 * open fails and then crashes cleaning up (a NULL dereference in
 * tracecmd_close, libtracecmd 1.3), on others it prints to standard output
 * (where specmon's reports go) and leaks.  So the file is first read
 * through once in a child process, its output caught: only a file the
 * child read to its end is opened here.  Returns true, or false with why.
 */
static bool readable(int lfd, char *why, size_t cap)
{
	int out[2];
	if (pipe(out) != 0) {
		snprintf(why, cap, "cannot check the file: pipe: %s", strerror(errno));
		return false;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, cap, "cannot check the file: fork: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		return false;
	}
	if (pid == 0) {
		/* The child: its stdout and stderr go to the pipe (with what
		 * the parent had buffered, if libtracecmd's output flushes
		 * it); _exit runs no atexit handlers. */
		signal(SIGPIPE, SIG_IGN);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(out[0]);
		close(out[1]);
		setvbuf(stdout, NULL, _IONBF, 0); /* said before any crash */
		struct tracecmd_input **handles;
		int nh = open_all(lfd, &handles);
		if (!nh)
			_exit(3);
		int rc = tracecmd_iterate_events_multi(handles, nh, count_record, NULL);
		_exit(rc < 0 ? 4 : 0);
	}
	close(out[1]);
	char said[1024];
	size_t len = 0;
	for (;;) {
		char buf[512];
		ssize_t n = read(out[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t take = (size_t)n < sizeof said - 1 - len ? (size_t)n : sizeof said - 1 - len;
		memcpy(said + len, buf, take);
		len += take;
	}
	said[len] = '\0';
	close(out[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(why, cap, "cannot check the file: waitpid: %s", strerror(errno));
			return false;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	unsigned long long need;
	size_t has;
	const char *trunc = strstr(said, "Need at least ");
	if (trunc && sscanf(trunc, "Need at least %llu, but file size is %zu", &need, &has) == 2)
		snprintf(why, cap, "this trace.dat is truncated: its CPU data needs %llu bytes, "
			 "the file has %zu (an interrupted recording, or an incomplete copy?)",
			 need, has);
	else if (WIFSIGNALED(status))
		snprintf(why, cap, "not a trace.dat that libtracecmd can read: truncated or corrupt "
			 "(reading it crashed libtracecmd: %s)", strsignal(WTERMSIG(status)));
	else
		snprintf(why, cap, "not a trace.dat that libtracecmd can read: truncated or corrupt");
	return false;
}

bool sm__dat_read(int fd, const char *head, size_t nhead, bool want_text,
		  struct sm__record *rec, struct sm__dat_sink sink, char *why, size_t cap)
{
	struct stat sb;
	int lfd;
	if (!head && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		lfd = dup(fd);
		if (lfd < 0 || lseek(lfd, 0, SEEK_SET) != 0) {
			snprintf(why, cap, "cannot read it: %s", strerror(errno));
			if (lfd >= 0)
				close(lfd);
			return false;
		}
	} else if ((lfd = copy_to_temp(fd, head, nhead, sink, why, cap)) < 0) {
		return lfd == -2; /* interrupted: nothing read, no error */
	}
	char magic[10];
	if (pread(lfd, magic, sizeof magic, 0) != (ssize_t)sizeof magic ||
	    !sm__dat_magic(magic, sizeof magic)) {
		snprintf(why, cap, "not a trace.dat: it does not start with trace-cmd's magic "
			 "bytes (\\027\\010Dtracing); without --format dat, the format is "
			 "told from the input");
		close(lfd);
		return false;
	}
	if (!readable(lfd, why, cap)) {
		close(lfd);
		return false;
	}
	struct tracecmd_input **handles;
	int nh = open_all(lfd, &handles);
	if (!nh) { /* it changed since the child read it */
		snprintf(why, cap, "not a trace.dat that libtracecmd can read: truncated or corrupt");
		return false;
	}
	struct dat d = {.rec = rec, .sink = sink, .want_text = want_text};
	if (want_text) {
		trace_seq_init(&d.seq);
		tep_set_flag(tracecmd_get_tep(handles[0]), TEP_NSEC_OUTPUT);
	}
	int rc = tracecmd_iterate_events_multi(handles, nh, on_record, &d);
	bool ok = rc >= 0 || d.stopped;
	if (!ok)
		snprintf(why, cap, "libtracecmd could not read its records (out of memory?)");
	close_all(handles, nh);
	for (size_t k = 0; k < d.nevents; k++)
		free(d.events[k].fields);
	free(d.events);
	if (want_text)
		trace_seq_destroy(&d.seq);
	return ok;
}

#endif
