/*
 * test_api.c: the public API's guard rails (include/specmon/specmon.h,
 * ownership notes 5 and 6): NULL and other invalid arguments give
 * SM_ERR_INVAL and change nothing; after sm_monitor_finish a monitor takes
 * no more input (SM_ERR_STATE) and counts nothing twice; a report that
 * cannot be written gives SM_ERR_IO, the HTML page (sm_options.html) too.
 * A file is read on a thread of the monitor's own only where the caller
 * may run on two CPUs.
 */
#define _GNU_SOURCE /* sched_setaffinity, CPU_COUNT */
#include "harness.h"

#include <specmon/specmon.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

static const char spec_text[] = "event a(x)\nevent b(x)\nevent c = a where x == 1\n"
				"property p: a alternatesWith b\n";

static sm_spec *spec_ok(void)
{
	sm_spec *spec = NULL;
	CHECK_INT(sm_spec_parse("t.sm", spec_text, strlen(spec_text), &spec, NULL, NULL), SM_OK);
	return spec;
}

/* A monitor that prints nothing. */
static sm_monitor *quiet_monitor(const sm_spec *spec)
{
	sm_options opt;
	CHECK_INT(sm_options_init(&opt), SM_OK);
	opt.out = opt.err = NULL;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	return mon;
}

TEST(api_status_strings)
{
	CHECK_STR(sm_status_str(SM_ERR_STATE), "the monitor is finished");
	CHECK_STR(sm_status_str(SM_ERR_INVAL), "invalid argument");
	CHECK_STR(sm_status_str(12345), "unknown status");
}

TEST(api_spec_functions_reject_null)
{
	sm_spec *spec = (sm_spec *)1;
	CHECK_INT(sm_spec_parse(NULL, "", 0, &spec, NULL, NULL), SM_ERR_INVAL);
	CHECK(spec == NULL); /* set to NULL on failure, as every constructor */
	CHECK_INT(sm_spec_parse("t.sm", NULL, 3, &spec, NULL, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_spec_parse("t.sm", "", 0, NULL, NULL, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_spec_load(NULL, &spec, NULL, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_spec_load("t.sm", NULL, NULL, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_spec_event_id(NULL, "a"), SM_ERR_INVAL);
	spec = spec_ok();
	CHECK_INT(sm_spec_event_id(spec, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_spec_event_id(spec, "b"), 1);
	sm_spec_free(spec);
	sm_spec_free(NULL);
}

TEST(api_monitor_functions_reject_null)
{
	sm_spec *spec = spec_ok();
	sm_monitor *mon = (sm_monitor *)1;
	CHECK_INT(sm_options_init(NULL), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_new(NULL, NULL, &mon), SM_ERR_INVAL);
	CHECK(mon == NULL);
	CHECK_INT(sm_monitor_new(spec, NULL, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_read_fd(NULL, 0, "-", SM_FORMAT_AUTO), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_input_error(NULL, "x", ENOENT), SM_ERR_INVAL);
	CHECK_INT(sm_emit(NULL, 0, -1, NULL, 0), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_finish(NULL), SM_ERR_INVAL);
	sm_counts counts = {.lines = 7};
	CHECK_INT(sm_monitor_counts(NULL, &counts), SM_ERR_INVAL);
	CHECK_INT((int)counts.lines, 0);

	mon = quiet_monitor(spec);
	CHECK_INT(sm_monitor_counts(mon, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_input_error(mon, NULL, ENOENT), SM_ERR_INVAL);
	sm_monitor_free(mon);
	sm_monitor_free(NULL);
	sm_spec_free(spec);
}

TEST(api_invalid_arguments_change_nothing)
{
	sm_spec *spec = spec_ok();
	sm_monitor *mon = quiet_monitor(spec);
	sm_field unnamed = {NULL, 1, NULL};
	sm_field x = {"x", 1, NULL};
	CHECK_INT(sm_monitor_read_fd(mon, -1, "-", SM_FORMAT_AUTO), SM_ERR_INVAL);
	CHECK_INT(sm_monitor_read_fd(mon, 0, "-", (sm_format)99), SM_ERR_INVAL);
	CHECK_INT(sm_emit(mon, -1, -1, NULL, 0), SM_ERR_INVAL);
	CHECK_INT(sm_emit(mon, 3, -1, NULL, 0), SM_ERR_INVAL);   /* no such event */
	CHECK_INT(sm_emit(mon, 2, -1, &x, 1), SM_ERR_INVAL);     /* c is derived */
	CHECK_INT(sm_emit(mon, 0, -1, NULL, 1), SM_ERR_INVAL);   /* fields missing */
	CHECK_INT(sm_emit(mon, 0, -1, &unnamed, 1), SM_ERR_INVAL);
	sm_counts counts;
	CHECK_INT(sm_monitor_counts(mon, &counts), SM_OK);
	CHECK_INT((int)counts.events, 0);
	CHECK_INT((int)counts.lines, 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

TEST(api_calls_after_finish_are_errors)
{
	sm_spec *spec = spec_ok();
	sm_monitor *mon = quiet_monitor(spec);
	sm_field x = {"x", 1, NULL};
	CHECK_INT(sm_emit(mon, 0, -1, &x, 1), SM_OK);
	CHECK_INT(sm_monitor_finish(mon), 0); /* a's round is open: pending, not strict */
	sm_counts before;
	CHECK_INT(sm_monitor_counts(mon, &before), SM_OK);
	CHECK_INT((int)before.events, 1);
	CHECK_INT((int)before.pending, 1);

	CHECK_INT(sm_emit(mon, 0, -1, &x, 1), SM_ERR_STATE);
	int fd = open("/dev/null", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_INT(sm_monitor_read_fd(mon, fd, "null", SM_FORMAT_AUTO), SM_ERR_STATE);
	close(fd);
	CHECK_INT(sm_monitor_input_error(mon, "gone", ENOENT), SM_ERR_STATE);
	CHECK_INT(sm_monitor_finish(mon), SM_ERR_STATE);

	sm_counts after;
	CHECK_INT(sm_monitor_counts(mon, &after), SM_OK);
	CHECK(memcmp(&before, &after, sizeof before) == 0); /* nothing counted twice */
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* A report to a stream that fails (/dev/full): said on `err`, SM_ERR_IO
 * from the call that met it and from finish, and no more input read. */
TEST(api_write_error_is_reported)
{
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		SKIP("no /dev/full");
	FILE *err = tmpfile();
	CHECK(err != NULL);
	sm_spec *spec = spec_ok();
	sm_options opt;
	sm_options_init(&opt);
	opt.out = full;
	opt.err = err;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	sm_field x = {"x", 1, NULL};
	CHECK_INT(sm_emit(mon, 1, -1, &x, 1), SM_ERR_IO); /* b first: a violation */
	CHECK_INT(sm_monitor_finish(mon), SM_ERR_IO);
	rewind(err);
	char line[200] = "";
	CHECK(fgets(line, sizeof line, err) != NULL);
	CHECK_STR(line, "specmon: error writing reports: No space left on device\n");
	sm_monitor_free(mon);
	sm_spec_free(spec);
	fclose(err);
	fclose(full);
}

/* sm_options.interrupt: a flag already set stops the reading before the
 * first record (nothing is counted), and finish still gives a verdict. */
TEST(api_interrupt_flag_stops_reading)
{
	sm_spec *spec = spec_ok();
	static volatile sig_atomic_t flag = 1;
	sm_options opt;
	CHECK_INT(sm_options_init(&opt), SM_OK);
	opt.out = opt.err = NULL;
	opt.interrupt = &flag;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	int fds[2];
	CHECK_INT(pipe(fds), 0);
	CHECK(write(fds[1], "{\"event\":\"b\",\"x\":1}\n", 20) == 20);
	close(fds[1]);
	CHECK_INT(sm_monitor_read_fd(mon, fds[0], "p", SM_FORMAT_JSONL), SM_OK);
	close(fds[0]);
	sm_counts c;
	CHECK_INT(sm_monitor_counts(mon, &c), SM_OK);
	CHECK_INT((int)c.records, 0);
	CHECK_INT(sm_monitor_finish(mon), 0);
	sm_monitor_free(mon);
	sm_spec_free(spec);
}

/* The threads of this process now, as /proc/self/task lists them. */
static int threads_now(void)
{
	DIR *d = opendir("/proc/self/task");
	CHECK(d != NULL);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A reactor that keeps the most threads the process had at a violation. */
static void note_threads(void *ud, const sm_violation_info *v)
{
	(void)v;
	int *most = ud, n = threads_now();
	if (n > *most)
		*most = n;
}

/* The most threads alive at the violations of a read of `trace`: the
 * first line breaks p (b before a), the 60 000 after it do not. */
static int threads_reading(FILE *trace)
{
	sm_spec *spec = spec_ok();
	int most = 0;
	sm_options opt;
	CHECK_INT(sm_options_init(&opt), SM_OK);
	opt.out = opt.err = NULL;
	opt.reactor = note_threads;
	opt.reactor_ud = &most;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	CHECK_INT(sm_monitor_read_fd(mon, fileno(trace), "t.trace", SM_FORMAT_FTRACE), SM_OK);
	sm_monitor_finish(mon);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	return most;
}

/* By default a regular file is read on a thread of the monitor's own, but
 * not where the calling thread may run on one CPU only (`taskset -c 0`):
 * the two would take turns on it.  The trace is long enough (4 MB) that
 * the reader is still at work when the first line's violation is reported
 * (it may run at most four batches ahead). */
TEST(api_one_cpu_reads_on_the_calling_thread)
{
	cpu_set_t all;
	CHECK_INT(sched_getaffinity(0, sizeof all, &all), 0);
	if (CPU_COUNT(&all) < 2)
		SKIP("needs two CPUs to tell one from two");
	FILE *trace = tmpfile();
	CHECK(trace != NULL);
	fputs("  t-1 [000] .... 1.000000: b: x=1\n", trace);
	for (int k = 1; k <= 60000; k++)
		fprintf(trace, "  t-1 [000] .... 1.%06d: %s: x=%d pad=%040d\n", k, k % 2 ? "a" : "b",
			k % 7, k);
	CHECK(fflush(trace) == 0);
	int alone = threads_now();
	rewind(trace);
	CHECK_INT(threads_reading(trace), alone + 1);
	cpu_set_t one;
	CPU_ZERO(&one);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &all)) {
			CPU_SET(cpu, &one);
			break;
		}
	CHECK_INT(sched_setaffinity(0, sizeof one, &one), 0);
	rewind(trace);
	CHECK_INT(threads_reading(trace), alone);
	fclose(trace);
}

/* The reports of property p (blocks that start with "...violation of p["
 * or "...pending p[") in a check of `trace` against `spec_text`, history 3. */
static char *reports_of_p(const char *text_of_spec, FILE *trace)
{
	sm_spec *spec = NULL;
	CHECK_INT(sm_spec_parse("t.sm", text_of_spec, strlen(text_of_spec), &spec, NULL, NULL),
		  SM_OK);
	char *text = NULL, *kept = NULL;
	size_t len = 0, kept_len = 0;
	FILE *out = open_memstream(&text, &len);
	CHECK(out != NULL);
	sm_options opt;
	CHECK_INT(sm_options_init(&opt), SM_OK);
	opt.out = out;
	opt.err = NULL;
	opt.history = 3;
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	rewind(trace);
	CHECK_INT(sm_monitor_read_fd(mon, fileno(trace), "t.trace", SM_FORMAT_FTRACE), SM_OK);
	sm_monitor_finish(mon);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	CHECK(fclose(out) == 0);
	FILE *p = open_memstream(&kept, &kept_len);
	CHECK(p != NULL);
	bool in_p = false;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] != ' ')
			in_p = strstr(line, "violation of p[") || strstr(line, "pending p[");
		if (in_p)
			fprintf(p, "%s\n", line);
	}
	CHECK(fclose(p) == 0);
	free(text);
	return kept;
}

/* A step of a direct instant whose event has a few decimal fields keeps
 * its place and values beside it (struct sm__own); any other step, the
 * journal's entry and a shared origin.  Reports read the same either way:
 * with a second property on the events every step is of the second kind,
 * and p's reports must not change.  The trace mixes steps of both kinds
 * in one instance's history (a string and a hexadecimal id, a missing
 * field), and breaks p now and then (a req twice). */
TEST(api_own_origins_report_as_shared_ones)
{
	static const char one[] = "event req(dev, vq, id)\nevent done(dev, vq, id)\n"
				  "property p per dev: req alternatesWith done\n";
	static const char two[] = "event req(dev, vq, id)\nevent done(dev, vq, id)\n"
				  "property p per dev: req alternatesWith done\n"
				  "property q per vq: req alternatesWith done\n";
	FILE *trace = tmpfile();
	CHECK(trace != NULL);
	for (int k = 1; k <= 400; k++) {
		int dev = k % 5, req = k % 2 || k % 37 == 0;
		fprintf(trace, "  t-1 [000] .... 1.%06d: %s: dev=%d ", k, req ? "req" : "done", dev);
		if (k % 29)
			fprintf(trace, "vq=%d ", k % 3);
		if (k % 13 == 0)
			fprintf(trace, "id=x%d\n", k);
		else if (k % 7 == 0)
			fprintf(trace, "id=0x%x\n", k);
		else
			fprintf(trace, "id=%d\n", k);
	}
	CHECK(fflush(trace) == 0);
	char *own = reports_of_p(one, trace), *shared = reports_of_p(two, trace);
	CHECK(strstr(own, "violation of p[") != NULL && strstr(own, "pending p[") != NULL);
	CHECK(strstr(own, "id=x") != NULL && strstr(own, "id=0x") != NULL);
	CHECK_STR(own, shared);
	free(own);
	free(shared);
	fclose(trace);
}

static void count_folder(void *ud, const char *dir)
{
	(void)dir;
	++*(int *)ud;
}

/* The library's folders: each SPECMON_PATH folder (empty ones passed
 * over), then the built-in ones. */
TEST(api_library_folders)
{
	CHECK_INT(sm_library_folders(NULL, NULL), SM_ERR_INVAL);
	int builtin = 0, with_path = 0;
	setenv("SPECMON_PATH", "", 1);
	CHECK_INT(sm_library_folders(count_folder, &builtin), SM_OK);
	setenv("SPECMON_PATH", "/a::/b", 1);
	CHECK_INT(sm_library_folders(count_folder, &with_path), SM_OK);
	unsetenv("SPECMON_PATH");
	CHECK_INT(with_path, builtin + 2);
}

/* sm_library_find: a name, with or without ".sm", is the first folder's
 * DIR/NAME.sm that is a file; SPECMON_PATH comes first; a folder is no
 * spec; no folder has it: SM_ERR_IO with ENOENT. */
TEST(api_library_find)
{
	char *path = (char *)1;
	CHECK_INT(sm_library_find(NULL, &path), SM_ERR_INVAL);
	CHECK_INT(sm_library_find("virtio/driver", NULL), SM_ERR_INVAL);
	char dir[] = "/tmp/smlibXXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char file[64], folder[64];
	snprintf(file, sizeof file, "%s/mine.sm", dir);
	snprintf(folder, sizeof folder, "%s/virtio", dir);
	FILE *f = fopen(file, "w");
	CHECK(f != NULL);
	fclose(f);
	CHECK_INT(mkdir(folder, 0755), 0);
	setenv("SPECMON_PATH", dir, 1);
	CHECK_INT(sm_library_find("mine", &path), SM_OK);
	CHECK_STR(path, file);
	free(path);
	CHECK_INT(sm_library_find("mine.sm", &path), SM_OK);
	CHECK_STR(path, file);
	free(path);
	/* dir/virtio is a folder, not virtio.sm; the built-in library's
	 * virtio/driver.sm is found after SPECMON_PATH. */
	CHECK_INT(sm_library_find("virtio", &path), SM_ERR_IO);
	CHECK_INT(errno, ENOENT);
	CHECK(path == NULL);
	CHECK_INT(sm_library_find("virtio/driver", &path), SM_OK);
	size_t n = strlen(path);
	CHECK(n >= 17 && strcmp(path + n - 17, "/virtio/driver.sm") == 0);
	free(path);
	unsetenv("SPECMON_PATH");
	rmdir(folder);
	remove(file);
	rmdir(dir);
}

/* sm_spec_property names the properties in order; sm_spec_graph rejects
 * NULL and a property the spec does not have, writes one digraph, and says
 * when it could not write. */
TEST(api_spec_graph)
{
	sm_spec *spec = spec_ok();
	CHECK(sm_spec_property(NULL, 0) == NULL);
	CHECK_STR(sm_spec_property(spec, 0), "p");
	CHECK(sm_spec_property(spec, 1) == NULL);
	FILE *out = tmpfile();
	CHECK(out != NULL);
	CHECK_INT(sm_spec_graph(NULL, NULL, out), SM_ERR_INVAL);
	CHECK_INT(sm_spec_graph(spec, NULL, NULL), SM_ERR_INVAL);
	CHECK_INT(sm_spec_graph(spec, "q", out), SM_ERR_INVAL);
	CHECK_INT(ftell(out), 0); /* nothing written */
	CHECK_INT(sm_spec_graph(spec, "p", out), SM_OK);
	rewind(out);
	char line[200] = "";
	CHECK(fgets(line, sizeof line, out) != NULL);
	CHECK_STR(line, "digraph \"t\" {\n");
	fclose(out);
	FILE *full = fopen("/dev/full", "w");
	if (full) {
		CHECK_INT(sm_spec_graph(spec, NULL, full), SM_ERR_IO);
		fclose(full);
	}
	sm_spec_free(spec);
}

/* The whole page as a string (NUL-terminated), read back from f. */
static char *read_back(FILE *f)
{
	long n = ftell(f);
	CHECK(n > 0);
	char *text = calloc(1, (size_t)n + 1);
	CHECK(text != NULL);
	rewind(f);
	CHECK(fread(text, 1, (size_t)n, f) == (size_t)n);
	return text;
}

/* sm_options.html: finish writes one page, a card for the violation, the
 * trace's string escaped (a `<script>` value is text); a page that cannot
 * be written gives SM_ERR_IO, errno saying why. */
TEST(api_html_page)
{
	sm_spec *spec = spec_ok();
	sm_options opt;
	sm_options_init(&opt);
	opt.out = opt.err = NULL;
	opt.html = tmpfile();
	CHECK(opt.html != NULL);
	sm_monitor *mon = NULL;
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	sm_field x = {"x", 0, "<script>alert(1)</script>"};
	CHECK_INT(sm_emit(mon, 1, 1000, &x, 1), SM_VIOLATION); /* b first: a violation */
	CHECK_INT(sm_monitor_finish(mon), 1);
	char *page = read_back(opt.html);
	CHECK(strncmp(page, "<!DOCTYPE html>\n", 16) == 0);
	CHECK(strcmp(page + strlen(page) - 8, "</html>\n") == 0);
	CHECK(strstr(page, "<article class=\"card violation\" id=\"v1\">") != NULL);
	CHECK(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	CHECK(strstr(page, "<script") == NULL);
	free(page);
	fclose(opt.html);
	sm_monitor_free(mon);

	/* An input that could not be opened: listed, and said in a banner. */
	opt.html = tmpfile();
	CHECK(opt.html != NULL);
	CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
	CHECK_INT(sm_monitor_input_error(mon, "gone.trace", ENOENT), SM_OK);
	CHECK_INT(sm_monitor_finish(mon), 0);
	page = read_back(opt.html);
	CHECK(strstr(page, "<code class=\"failed\">gone.trace</code>") != NULL);
	CHECK(strstr(page, "<li><code>gone.trace</code>: cannot open: No such file or "
			   "directory</li>") != NULL);
	free(page);
	fclose(opt.html);
	sm_monitor_free(mon);

	opt.html = fopen("/dev/full", "w");
	if (opt.html) {
		CHECK_INT(sm_monitor_new(spec, &opt, &mon), SM_OK);
		errno = 0;
		CHECK_INT(sm_monitor_finish(mon), SM_ERR_IO);
		CHECK_INT(errno, ENOSPC);
		CHECK(ferror(opt.html));
		fclose(opt.html);
		sm_monitor_free(mon);
	}
	sm_spec_free(spec);
}
