/*
 * tracefs.c: `specmon watch`'s tracefs session (tracefs.h).  Order of the
 * undoing: events disabled, the instance removed (which drops its
 * references to the events), then the kprobes removed (`-:GROUP/NAME`),
 * which the kernel refuses while an instance still uses them.
 */
#include "tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define TRACEFS_MAGIC 0x74726163
#define DEBUGFS_MAGIC 0x64626720

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

static void push(char ***v, size_t *n, char *s)
{
	char **w = realloc(*v, (*n + 1) * sizeof **v);
	if (!w || !s) {
		free(s);
		return;
	}
	*v = w;
	w[(*n)++] = s;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void not_permitted(const char *what, const char *path, int err)
{
	fprintf(stderr, "specmon: error: cannot %s %s: %s (watch needs root: tracefs and "
		"kprobe_events are root's)\n", what, path, strerror(err));
}

bool tfs_open(struct tfs *t, const char *dir)
{
	memset(t, 0, sizeof *t);
	const char *env = getenv("SPECMON_TRACEFS");
	const char *found = dir ? dir : env && *env ? env : NULL;
	if (!found) {
		if (is_dir("/sys/kernel/tracing/instances"))
			found = "/sys/kernel/tracing";
		else if (is_dir("/sys/kernel/debug/tracing/instances"))
			found = "/sys/kernel/debug/tracing";
	}
	if (!found) {
		fprintf(stderr, "specmon: error: no tracefs: neither /sys/kernel/tracing nor "
			"/sys/kernel/debug/tracing has one mounted (mount -t tracefs nodev "
			"/sys/kernel/tracing, as root), or give its folder with --tracefs DIR\n");
		return false;
	}
	if (!is_dir(found)) {
		fprintf(stderr, "specmon: error: no tracefs at %s: %s\n", found,
			strerror(errno ? errno : ENOTDIR));
		return false;
	}
	struct statfs fs;
	t->standin = statfs(found, &fs) != 0 ||
		     (fs.f_type != TRACEFS_MAGIC && fs.f_type != DEBUGFS_MAGIC);
	t->root = strdup(found);
	return t->root != NULL;
}

/* The last lines of tracefs's error_log: what the kernel had against a
 * probe definition. */
static void show_error_log(const struct tfs *t)
{
	char *path = join(t->root, "error_log");
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	if (!f)
		return;
	char lines[4][512] = {{0}};
	size_t n = 0;
	while (fgets(lines[n % 4], sizeof lines[0], f))
		n++;
	fclose(f);
	for (size_t k = n > 4 ? n - 4 : 0; k < n; k++)
		fprintf(stderr, "  error_log: %s", lines[k % 4]);
}

/* Write text to path, as `echo text >> path` does. */
static int write_file(const char *path, const char *text, bool append, bool create)
{
	int fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC) | (create ? O_CREAT : 0), 0644);
	if (fd < 0)
		return -1;
	size_t n = strlen(text);
	ssize_t w = write(fd, text, n);
	int err = errno;
	close(fd);
	errno = err;
	return w == (ssize_t)n ? 0 : -1;
}

static bool make_instance(struct tfs *t)
{
	char name[64];
	snprintf(name, sizeof name, "instances/specmon-%ld", (long)getpid());
	char *path = join(t->root, name);
	if (!path)
		return false;
	if (mkdir(path, 0755) != 0) {
		int err = errno;
		if (err == EACCES || err == EPERM)
			not_permitted("make the tracefs instance", path, err);
		else
			fprintf(stderr, "specmon: error: cannot make the tracefs instance %s: %s\n",
				path, strerror(err));
		free(path);
		return false;
	}
	t->instance = path;
	return true;
}

/* A stand-in's trace_pipe, made last: a test that waits for it finds the
 * rest in place. */
static bool make_standin_pipe(struct tfs *t)
{
	char *pipe = join(t->instance, "trace_pipe");
	if (!pipe || mkfifo(pipe, 0644) != 0) {
		fprintf(stderr, "specmon: error: cannot make %s: %s\n", pipe ? pipe : t->instance,
			strerror(errno));
		free(pipe);
		return false;
	}
	push(&t->made, &t->nmade, pipe);
	return true;
}

static bool define_kprobe(struct tfs *t, const char *line)
{
	char *path = join(t->root, "kprobe_events");
	char *text = malloc(strlen(line) + 2);
	if (!path || !text) {
		free(path);
		free(text);
		return false;
	}
	sprintf(text, "%s\n", line);
	bool ok = write_file(path, text, true, false) == 0;
	int err = errno;
	if (!ok && (err == EACCES || err == EPERM)) {
		not_permitted("write", path, err);
	} else if (!ok) {
		fprintf(stderr, "specmon: error: the kernel refused the probe (%s): %s\n  %s\n",
			strerror(err), path, line);
		show_error_log(t);
	} else {
		const char *name = line + 2, *end = strchr(name, ' ');
		push(&t->kprobes, &t->nkprobes, strndup(name, end ? (size_t)(end - name) : strlen(name)));
	}
	free(path);
	free(text);
	return ok;
}

/* A stand-in's events/SYS/NAME/enable, made (the kernel makes a real one). */
static void make_standin_event(struct tfs *t, const char *event)
{
	char *events = join(t->instance, "events");
	char *sys = NULL, *dir = NULL;
	const char *slash = strchr(event, '/');
	char *group = strndup(event, slash ? (size_t)(slash - event) : strlen(event));
	if (events && group && (sys = join(events, group)) && (dir = join(events, event))) {
		if (mkdir(events, 0755) == 0)
			push(&t->made, &t->nmade, strdup(events));
		if (mkdir(sys, 0755) == 0)
			push(&t->made, &t->nmade, strdup(sys));
		if (mkdir(dir, 0755) == 0)
			push(&t->made, &t->nmade, strdup(dir));
		char *enable = join(dir, "enable");
		if (enable && write_file(enable, "0", false, true) == 0)
			push(&t->made, &t->nmade, enable);
		else
			free(enable);
	}
	free(events);
	free(group);
	free(sys);
	free(dir);
}

/* event: "GROUP/NAME" or "SYS/NAME" */
static bool enable_event(struct tfs *t, const char *event)
{
	if (t->standin)
		make_standin_event(t, event);
	char *rel = malloc(strlen(event) + 16);
	if (!rel)
		return false;
	sprintf(rel, "events/%s/enable", event);
	char *path = join(t->instance, rel);
	free(rel);
	if (!path)
		return false;
	if (write_file(path, "1", false, false) != 0) {
		int err = errno;
		if (err == EACCES || err == EPERM)
			not_permitted("enable", path, err);
		else
			fprintf(stderr, "specmon: error: cannot enable %s: %s%s\n", path, strerror(err),
				err == ENOENT ? " (no such event in this kernel)" : "");
		free(path);
		return false;
	}
	push(&t->enabled, &t->nenabled, path);
	return true;
}

/* A comment of the probe lines that tells the user something (a field its
 * records will lack, probes left unarmed), as `specmon probes` shows it;
 * not the headers of its two lists. */
static bool is_probe_note(const char *line)
{
	return strncmp(line, "# ", 2) == 0 && strncmp(line, "# kprobe_events lines", 21) != 0 &&
	       strncmp(line, "# tracepoints to enable", 23) != 0;
}

bool tfs_arm(struct tfs *t, const char *lines)
{
	if (!make_instance(t))
		return false;
	bool ok = true;
	for (const char *l = lines; ok && *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		char *line = strndup(l, n);
		if (!line)
			return false;
		if ((line[0] == 'p' || line[0] == 'r') && line[1] == ':')
			ok = define_kprobe(t, line) && enable_event(t, t->kprobes[t->nkprobes - 1]);
		else if (strncmp(line, "# tracepoint ", 13) == 0)
			ok = enable_event(t, line + 13);
		else if (!t->quiet && is_probe_note(line))
			fprintf(stderr, "specmon: note: %s\n", line + 2);
		free(line);
		l += n + (nl != NULL);
	}
	return ok && (!t->standin || make_standin_pipe(t));
}

int tfs_pipe(struct tfs *t)
{
	char *path = join(t->instance, "trace_pipe");
	int fd = path ? open(path, O_RDONLY) : -1;
	if (fd < 0 && errno != EINTR)
		fprintf(stderr, "specmon: error: cannot open %s: %s\n", path ? path : "trace_pipe",
			strerror(errno));
	free(path);
	return fd;
}

static void free_all(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

void tfs_close(struct tfs *t)
{
	for (size_t k = 0; k < t->nenabled; k++)
		if (write_file(t->enabled[k], "0", false, false) != 0)
			fprintf(stderr, "specmon: warning: cannot disable %s: %s\n", t->enabled[k],
				strerror(errno));
	/* A stand-in's files, deepest first (they were made parents first). */
	for (size_t k = t->nmade; k-- > 0;)
		if (remove(t->made[k]) != 0)
			fprintf(stderr, "specmon: warning: cannot remove %s: %s\n", t->made[k],
				strerror(errno));
	if (t->instance && rmdir(t->instance) != 0)
		fprintf(stderr, "specmon: warning: cannot remove the tracefs instance %s: %s\n",
			t->instance, strerror(errno));
	char *events = t->root ? join(t->root, "kprobe_events") : NULL;
	for (size_t k = 0; events && k < t->nkprobes; k++) {
		char line[512];
		snprintf(line, sizeof line, "-:%s\n", t->kprobes[k]);
		if (write_file(events, line, true, false) != 0)
			fprintf(stderr, "specmon: warning: cannot remove the kprobe %s: %s\n",
				t->kprobes[k], strerror(errno));
	}
	free(events);
	free_all(t->enabled, t->nenabled);
	free_all(t->kprobes, t->nkprobes);
	free_all(t->made, t->nmade);
	free(t->instance);
	free(t->root);
	memset(t, 0, sizeof *t);
}
