/*
 * specmon.c: the command line (DESIGN.md §3).  It uses only the public API.
 *
 *   specmon check SPEC.sm [TRACE ...]   exit 0 ok, 1 violations, 2 errors
 *   specmon lint SPEC.sm
 */
#include <specmon/specmon.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

static const char usage_text[] =
	"usage: specmon check SPEC.sm [TRACE ...] [options]\n"
	"       specmon lint SPEC.sm\n"
	"\n"
	"check reads each TRACE ('-' or none: standard input) and reports every\n"
	"violation of the spec's properties; exit status 0: none, 1: violations,\n"
	"2: usage, spec or input errors.\n"
	"\n"
	"options of check:\n"
	"  --format auto|ftrace|log|jsonl|qemu|dat  how to read the traces (default auto)\n"
	"  --json                one JSON object per line, and a summary object\n"
	"  --strict              instances still pending at the end also fail\n"
	"  --history N           events of history in each report (default 5)\n"
	"  --coverage            list how often each automaton edge was taken\n"
	"  --max-violations N    stop after N violations\n"
	"  --max-instances N     at most N instances per property\n"
	"  --quiet               print nothing; the exit status tells\n";

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "specmon: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(specmon --help shows the usage)\n");
	return EXIT_USAGE;
}

static void print_diag(void *ud, const sm_diag *d)
{
	(void)ud;
	fputs(d->rendered, stderr);
}

struct check_args {
	const char *spec;
	const char **traces;
	int ntraces;
	sm_format format;
	int quiet;
	sm_options opt;
};

static int parse_count(const char *text, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_format(const char *text, sm_format *out)
{
	static const struct {
		const char *name;
		sm_format format;
	} formats[] = {{"auto", SM_FORMAT_AUTO},
		       {"ftrace", SM_FORMAT_FTRACE},
		       {"log", SM_FORMAT_LOG},
		       {"jsonl", SM_FORMAT_JSONL},
		       {"qemu", SM_FORMAT_QEMU},
		       {"dat", SM_FORMAT_DAT}};
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
		if (strcmp(text, formats[k].name) == 0) {
			*out = formats[k].format;
			return 0;
		}
	return -1;
}

/* Options that take a value: "--name VALUE" or "--name=VALUE". */
static const char *option_value(int argc, char **argv, int *k, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*k], name, n) != 0)
		return NULL;
	if (argv[*k][n] == '=')
		return argv[*k] + n + 1;
	if (argv[*k][n] != '\0')
		return NULL;
	if (*k + 1 >= argc)
		return "";
	return argv[++*k];
}

static int parse_check_option(int argc, char **argv, int *k, struct check_args *a)
{
	const char *arg = argv[*k], *v;
	uint64_t count;
	if (strcmp(arg, "--json") == 0)
		a->opt.json = 1;
	else if (strcmp(arg, "--strict") == 0)
		a->opt.strict = 1;
	else if (strcmp(arg, "--coverage") == 0)
		a->opt.coverage = 1;
	else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0)
		a->quiet = 1;
	else if ((v = option_value(argc, argv, k, "--format")))
		return parse_format(v, &a->format) ? usage("unknown format '%s' (auto, ftrace, "
							   "log, jsonl, qemu or dat)", v) : 0;
	else if ((v = option_value(argc, argv, k, "--history"))) {
		if (parse_count(v, &count) || count > 1000)
			return usage("--history takes a number from 0 to 1000, not '%s'", v);
		a->opt.history = (unsigned)count;
	} else if ((v = option_value(argc, argv, k, "--max-violations"))) {
		if (parse_count(v, &a->opt.max_violations) || a->opt.max_violations == 0)
			return usage("--max-violations takes a positive number, not '%s'", v);
	} else if ((v = option_value(argc, argv, k, "--max-instances"))) {
		if (parse_count(v, &a->opt.max_instances) || a->opt.max_instances == 0)
			return usage("--max-instances takes a positive number, not '%s'", v);
	} else
		return usage("unknown option '%s'", arg);
	return 0;
}

static int parse_check_args(int argc, char **argv, struct check_args *a)
{
	sm_options_init(&a->opt);
	a->traces = calloc((size_t)argc + 1, sizeof *a->traces);
	bool options_done = false;
	for (int k = 2; k < argc; k++) {
		if (!options_done && strcmp(argv[k], "--") == 0) {
			options_done = true;
		} else if (!options_done && argv[k][0] == '-' && argv[k][1] != '\0') {
			int rc = parse_check_option(argc, argv, &k, a);
			if (rc)
				return rc;
		} else if (!a->spec) {
			a->spec = argv[k];
		} else {
			a->traces[a->ntraces++] = argv[k];
		}
	}
	if (!a->spec)
		return usage("%s", "check needs a spec file");
	if (a->quiet)
		a->opt.out = a->opt.err = NULL;
	return 0;
}

static int read_trace(sm_monitor *mon, const char *path, sm_format format)
{
	if (strcmp(path, "-") == 0)
		return sm_monitor_read_fd(mon, 0, "-", format);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "specmon: cannot open trace '%s': %s\n", path, strerror(errno));
		return SM_ERR_IO;
	}
	int rc = sm_monitor_read_fd(mon, fd, path, format);
	close(fd);
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct check_args a = {0};
	int rc = parse_check_args(argc, argv, &a);
	sm_spec *spec = NULL;
	sm_monitor *mon = NULL;
	if (rc)
		goto out;
	rc = EXIT_USAGE;
	if (sm_spec_load(a.spec, &spec, print_diag, NULL) != SM_OK)
		goto out;
	if (sm_monitor_new(spec, &a.opt, &mon) != SM_OK)
		goto out;
	bool input_error = false;
	if (a.ntraces == 0)
		input_error = read_trace(mon, "-", a.format) != SM_OK;
	for (int k = 0; k < a.ntraces; k++)
		input_error |= read_trace(mon, a.traces[k], a.format) != SM_OK;
	rc = sm_monitor_finish(mon);
	if (input_error || rc < 0) /* rc < 0: a report could not be written */
		rc = EXIT_USAGE;
out:
	sm_monitor_free(mon);
	sm_spec_free(spec);
	free(a.traces);
	return rc;
}

static int cmd_lint(int argc, char **argv)
{
	if (argc != 3)
		return usage("%s", "lint takes one spec file");
	sm_spec *spec = NULL;
	int rc = sm_spec_load(argv[2], &spec, print_diag, NULL);
	sm_spec_free(spec);
	return rc == SM_OK ? 0 : EXIT_USAGE;
}

/* Whatever is still buffered for standard output must reach it: a full
 * disk or a closed pipe is an error (exit 2), said once (the library has
 * said so already if it met the error first). */
static int flush_stdout(int rc)
{
	bool had_error = ferror(stdout);
	errno = 0;
	if (fflush(stdout) != 0 && !had_error) {
		fprintf(stderr, "specmon: error writing standard output: %s\n",
			strerror(errno ? errno : EIO));
		return EXIT_USAGE;
	}
	return had_error ? EXIT_USAGE : rc;
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return usage("%s", "no command given");
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc, argv);
	if (strcmp(argv[1], "lint") == 0)
		return cmd_lint(argc, argv);
	if (strcmp(argv[1], "gen") == 0) {
		fprintf(stderr, "specmon: 'gen' (generated C monitors) is not available yet\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	return usage("unknown command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
	return flush_stdout(run(argc, argv));
}
