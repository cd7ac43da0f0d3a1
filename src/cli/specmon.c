/*
 * specmon.c: the command line (DESIGN.md §3).  It uses only the public API.
 *
 *   specmon check SPEC [TRACE ...]   exit 0 ok, 1 violations, 2 errors
 *   specmon lint SPEC
 *   specmon specs                    the rule library, with titles
 *   specmon graph SPEC [PROPERTY]    Graphviz DOT (or SVG) of the properties
 *   specmon --version | --help | COMMAND --help
 */
#include <specmon/specmon.h>

#include "tracefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_USAGE 2

static const char main_help[] =
	"usage: specmon COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  check SPEC [TRACE ...]  check traces against a spec: exit status 0 no\n"
	"                          violation, 1 violations, 2 usage, spec or input errors\n"
	"  lint SPEC               load a spec and print its diagnostics\n"
	"  specs                   list the rule library, with titles\n"
	"  graph SPEC [PROPERTY]   draw the automata and relations (Graphviz DOT)\n"
	"  gen c SPEC -o DIR       write a self-contained C monitor of the spec\n"
	"  gen kmod SPEC -o DIR    write a Linux kernel module that monitors the spec\n"
	"  probes SPEC             the kprobe_events lines of the spec's kernel probes\n"
	"  watch SPEC              arm those probes, check trace_pipe live, disarm on exit\n"
	"\n"
	"SPEC is a file, or the name of a spec in the rule library (NAME.sm in\n"
	"SPECMON_PATH, the source tree's specs/, the installed share/specmon/specs/).\n"
	"\n"
	"  specmon --version, -V   print the version\n"
	"  specmon --help, -h      this help\n"
	"  specmon COMMAND --help  a command's usage, options and an example\n";

static const char check_help[] =
	"usage: specmon check SPEC [TRACE ...] [options]\n"
	"\n"
	"Reads each TRACE ('-' or none: standard input) and reports every violation\n"
	"of the spec's properties, then the instances still pending and a summary.\n"
	"Exit status 0: no violation, 1: violations, 2: usage, spec or input errors.\n"
	"Interrupted (Ctrl-C, SIGTERM), it finishes the current record, reports what\n"
	"it read so far and exits with that verdict.\n"
	"\n"
	"options:\n"
	"  --format auto|ftrace|log|jsonl|qemu|dat  how to read the traces (default auto)\n"
	"  --json                  one JSON object per line, and a summary object\n"
	"  --strict                pending instances and warnings also fail\n"
	"  --history N             events of history in each report (default 5)\n"
	"  --coverage              list how often each automaton edge was taken\n"
	"  --max-violations N      stop after N violations\n"
	"  --max-instances N       at most N instances per property\n"
	"  --threads 1|2           threads to check a file with (default 2 where it may\n"
	"                          run on 2 CPUs: one reads and parses, one steps; the output\n"
	"                          is the same)\n"
	"  --quiet, -q             print only errors; the exit status tells\n"
	"  --html FILE             also write the report as one self-contained HTML page:\n"
	"                          a card per violation with the instance's timeline and\n"
	"                          the automaton or relation drawn, pending, warnings, counts\n"
	"                          (FILE '-': standard output, with --quiet)\n"
	"  --color auto|always|never  colour the first line of reports (default auto:\n"
	"                          on a terminal, unless NO_COLOR is set)\n"
	"  --help, -h              this help\n"
	"\n"
	"examples:\n"
	"  specmon check examples/virtio-status.sm examples/boot-cloud.trace\n"
	"  specmon check --html report.html \\\n"
	"      examples/virtio-status.sm examples/boot-cloud.trace\n";

static const char lint_help[] =
	"usage: specmon lint SPEC [options]\n"
	"\n"
	"Loads the spec, with its includes and DOT models, and prints every\n"
	"diagnostic on standard error.  Exit status 0: no error (warnings are\n"
	"allowed), 2: errors.\n"
	"\n"
	"options:\n"
	"  --color auto|always|never  colour the diagnostics' first lines (default auto:\n"
	"                          on a terminal, unless NO_COLOR is set)\n"
	"  --help, -h              this help\n"
	"\n"
	"example:\n"
	"  specmon lint examples/virtio-status.sm\n";

static const char specs_help[] =
	"usage: specmon specs\n"
	"\n"
	"Lists the specs of the rule library, folder by folder in search order\n"
	"(SPECMON_PATH, the source tree's specs/, the installed share/specmon/specs/):\n"
	"each spec's name, as `specmon check NAME` takes it, and its title.  Where two\n"
	"folders have the same name, check takes the first.\n"
	"\n"
	"options:\n"
	"  --help, -h              this help\n"
	"\n"
	"example:\n"
	"  SPECMON_PATH=$HOME/specs specmon specs\n";

static const char graph_help[] =
	"usage: specmon graph SPEC [PROPERTY] [options]\n"
	"\n"
	"Prints the spec's properties as one Graphviz DOT digraph, a cluster per\n"
	"property (only PROPERTY's when it is given): automata with their states\n"
	"(final ones doubled, the initial one with an arrow from nowhere, invariants\n"
	"under the name) and edges labelled `event [guard] / actions` (`*` edges\n"
	"dashed, from an \"any state\" node); relations as their two sides and an\n"
	"edge labelled with the relation.  Exit status 0, or 2: usage or spec\n"
	"errors, a PROPERTY the spec does not have.\n"
	"\n"
	"options:\n"
	"  --svg                   SVG instead, drawn by Graphviz's dot (which must be\n"
	"                          installed: Debian's graphviz)\n"
	"  --help, -h              this help\n"
	"\n"
	"examples:\n"
	"  specmon graph examples/virtio-status.sm | dot -Tpng -o spec.png\n"
	"  specmon graph --svg examples/virtio-status.sm device_init > device_init.svg\n";

static const char gen_help[] =
	"usage: specmon gen c SPEC -o DIR [options]\n"
	"       specmon gen kmod SPEC -o DIR [--name MOD] [--instances N] [--btf FILE]...\n"
	"\n"
	"Writes DIR/PREFIX.h and DIR/PREFIX.c: a monitor of the spec in freestanding\n"
	"C11 (only <stdint.h>, <stddef.h>, <stdbool.h>; no libc, no allocation) that\n"
	"gives the verdicts specmon check gives.  The caller binds records to events\n"
	"and calls PREFIX_instant (doc/gen.md).  Values are integers: a spec that\n"
	"compares strings is refused, with the place of each string.\n"
	"\n"
	"options:\n"
	"  -o DIR                  the folder to write to (it must exist)\n"
	"  --prefix NAME           a C identifier for the files and the API\n"
	"                          (default: the spec's name)\n"
	"  --instances N           instances per property with a key (default 64);\n"
	"                          new keys past it are refused and counted\n"
	"  --matches N             source events per instant (default 8)\n"
	"  --obligations N         open `within` obligations per instance (default 64)\n"
	"\n"
	"example:\n"
	"  specmon gen c examples/virtio-status.sm -o out --prefix vstatus\n"
	"  cc -c out/vstatus.c -o vstatus.o\n"
	"\n"
	"gen kmod writes a Linux kernel module (Kbuild, Makefile, MOD.c, MOD_mon.h,\n"
	"MOD_mon.c, shim/): the spec's kprobes and kretprobes, fetched as `specmon\n"
	"probes` fetches them (BTF: --btf as for probes), checked by the monitor of\n"
	"gen c under a spinlock; reports go to the kernel log (module parameter\n"
	"reactor=printk, the default) or panic (reactor=panic).\n"
	"  --name MOD              the module's name (default: specmon_ and the spec's)\n"
	"  specmon gen kmod virtio/driver -o kmod --btf vmlinux --btf virtio_pci.ko\n"
	"  make -C kmod KDIR=/lib/modules/$(uname -r)/build && insmod kmod/specmon_virtio_driver.ko\n";
static const char probes_help[] =
	"usage: specmon probes SPEC [options]\n"
	"\n"
	"Prints the kernel probes of the events the spec's properties use: a line\n"
	"for /sys/kernel/tracing/kprobe_events per `from kprobe` or `from kretprobe`\n"
	"probe, its fetches resolved with the kernel's BTF, and `# tracepoint SYS/NAME`\n"
	"per `from tracepoint`.  A function of a module is written MOD:FUNC: the\n"
	"kernel arms it when the module loads.  Exit status 0, or 2: usage or spec\n"
	"errors, no BTF, an unknown function, argument or member.\n"
	"\n"
	"options:\n"
	"  --btf FILE              BTF to read, again for each file: the kernel's (a\n"
	"                          vmlinux ELF or raw BTF; default /sys/kernel/btf/vmlinux,\n"
	"                          with the loaded modules' /sys/kernel/btf/MOD) and\n"
	"                          modules' FILE.ko (the module's name is the file's)\n"
	"  --group G               the probes' group (default specmon)\n"
	"  --color auto|always|never  colour the diagnostics' first lines\n"
	"  --help, -h              this help\n"
	"\n"
	"example:\n"
	"  specmon probes virtio/driver \\\n"
	"      --btf /lib/modules/$(uname -r)/kernel/drivers/virtio/virtio_pci.ko\n";

static const char watch_help[] =
	"usage: specmon watch SPEC [options]\n"
	"\n"
	"Arms the spec's kernel probes (as `specmon probes` prints them) in a tracefs\n"
	"instance of its own (instances/specmon-PID, probe group specmon_PID), reads\n"
	"that instance's trace_pipe and checks it live as `check` does, and on exit\n"
	"(Ctrl-C and SIGTERM included) disables the events, removes the instance and\n"
	"the kprobes.  Needs root.  Exit status as check's.\n"
	"\n"
	"options:\n"
	"  --btf FILE              BTF to read, as for probes (again for each file)\n"
	"  --group G               the kprobes' group (default specmon_PID)\n"
	"  --tracefs DIR           tracefs's folder (default $SPECMON_TRACEFS, then\n"
	"                          /sys/kernel/tracing, then /sys/kernel/debug/tracing)\n"
	"  --save FILE             also copy the text read from trace_pipe to FILE, to be\n"
	"                          checked again with `specmon check SPEC FILE`\n"
	"  and check's: --json --strict --history N --coverage --max-violations N\n"
	"  --max-instances N --quiet --color\n"
	"\n"
	"example:\n"
	"  specmon watch --save trace.txt virtio/driver \\\n"
	"      --btf /lib/modules/$(uname -r)/kernel/drivers/virtio/virtio_pci.ko\n";

/* A usage error of command cmd (NULL: of specmon itself). */
static int usage(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "specmon: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(specmon %s%s--help shows the usage)\n", cmd ? cmd : "", cmd ? " " : "");
	return EXIT_USAGE;
}

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
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

/* ---- colour ---- */

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

static int parse_color(const char *text, enum color_mode *out)
{
	static const char *const names[] = {"auto", "always", "never"};
	for (int k = 0; k < 3; k++)
		if (strcmp(text, names[k]) == 0) {
			*out = (enum color_mode)k;
			return 0;
		}
	return -1;
}

/* Colour on the stream fd?  auto: only on a terminal, as ls and grep do,
 * and not when NO_COLOR is set to anything (no-color.org) or the terminal
 * says it cannot (TERM=dumb). */
static bool color_on(enum color_mode mode, int fd)
{
	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	if ((no_color && *no_color) || (term && strcmp(term, "dumb") == 0))
		return false;
	return isatty(fd) == 1;
}

/* Diagnostics on standard error, their first line (file:line:col:
 * severity: message) coloured as compilers colour theirs. */
static void print_diag(void *ud, const sm_diag *d)
{
	const bool *color = ud;
	const char *text = d->rendered, *nl = strchr(text, '\n');
	if (*color) {
		const char *sgr = d->severity == SM_SEV_ERROR     ? "1;31"
				  : d->severity == SM_SEV_WARNING ? "1;35"
								  : "1;36";
		int first = nl ? (int)(nl - text) : (int)strlen(text);
		fprintf(stderr, "\033[%sm%.*s\033[0m", sgr, first, text);
		text += first;
	}
	fputs(text, stderr);
}

/* ---- finding a spec: a file, or a name in the rule library ---- */

static char *join_path(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *path = malloc(n);
	if (path)
		snprintf(path, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
	return path;
}

/* The library's folders, ", "-separated, for a name it does not have. */
static void list_tried(void *ud, const char *dir)
{
	char **tried = ud;
	size_t had = *tried ? strlen(*tried) : 0;
	char *t = realloc(*tried, had + strlen(dir) + 3);
	if (!t)
		return;
	sprintf(t + had, "%s%s", had ? ", " : "", dir);
	*tried = t;
}

/*
 * Load SPEC (DESIGN.md §3): a path that exists is the file, errors and
 * all (a folder: "Is a directory"); anything else is looked up as NAME.sm
 * in the rule library.  When that fails too, the message names both the
 * path's error and the folders searched.
 */
static int load_spec(const char *name, sm_spec **spec, bool *color, char **loaded)
{
	struct stat st;
	if (loaded)
		*loaded = NULL;
	if (stat(name, &st) == 0 || errno != ENOENT || name[0] == '/') {
		if (loaded)
			*loaded = strdup(name);
		return sm_spec_load(name, spec, print_diag, color);
	}
	char *found;
	if (sm_library_find(name, &found) == SM_OK) {
		int rc = sm_spec_load(found, spec, print_diag, color);
		if (loaded)
			*loaded = found;
		else
			free(found);
		return rc;
	}
	size_t n = strlen(name);
	bool has_ext = n > 3 && strcmp(name + n - 3, ".sm") == 0;
	char *tried = NULL;
	sm_library_folders(list_tried, &tried);
	fprintf(stderr, "specmon: error: cannot read spec '%s': %s, and the rule library "
		"has no %s%s (searched: %s)\n", name, strerror(ENOENT), name, has_ext ? "" : ".sm",
		tried ? tried : "no folder");
	free(tried);
	return SM_ERR_IO;
}

/* ---- check ---- */

/* Set by SIGINT and SIGTERM; the monitor stops reading when it is. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/*
 * SIGINT and SIGTERM end the reading, not the process.  No SA_RESTART: a
 * read or poll waiting for live input returns (EINTR) and the monitor sees
 * the flag.  A signal the shell had ignored (a background job of a
 * script) stays ignored, as it would for any other program.
 */
static void catch_interrupts(void)
{
	static const int sigs[] = {SIGINT, SIGTERM};
	for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
		/* SA_RESETHAND: a second Ctrl-C ends specmon at once. */
		struct sigaction old, sa = {.sa_handler = on_signal, .sa_flags = SA_RESETHAND};
		sigemptyset(&sa.sa_mask);
		if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[k], &sa, NULL);
	}
}

struct check_args {
	const char *spec;
	const char **traces;
	int ntraces;
	sm_format format;
	int quiet;
	enum color_mode color;
	const char *html; /* --html FILE */
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
		return parse_format(v, &a->format) ? usage("check", "unknown format '%s' (auto, "
							   "ftrace, log, jsonl, qemu or dat)", v) : 0;
	else if ((v = option_value(argc, argv, k, "--html")))
		return *v ? (a->html = v, 0) : usage("check", "%s", "--html needs a file name");
	else if ((v = option_value(argc, argv, k, "--color")))
		return parse_color(v, &a->color) ? usage("check", "--color takes auto, always "
							 "or never, not '%s'", v) : 0;
	else if ((v = option_value(argc, argv, k, "--history"))) {
		if (parse_count(v, &count) || count > 1000)
			return usage("check", "--history takes a number from 0 to 1000, not '%s'", v);
		a->opt.history = (unsigned)count;
	} else if ((v = option_value(argc, argv, k, "--max-violations"))) {
		if (parse_count(v, &a->opt.max_violations) || a->opt.max_violations == 0)
			return usage("check", "--max-violations takes a positive number, not '%s'", v);
	} else if ((v = option_value(argc, argv, k, "--threads"))) {
		if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0)
			return usage("check", "--threads takes 1 or 2, not '%s'", v);
		a->opt.threads = v[0] == '1';
	} else if ((v = option_value(argc, argv, k, "--max-instances"))) {
		if (parse_count(v, &a->opt.max_instances) || a->opt.max_instances == 0)
			return usage("check", "--max-instances takes a positive number, not '%s'", v);
	} else
		return usage("check", "unknown option '%s'", arg);
	return 0;
}

/* -1: --help was given (and printed). */
static int parse_check_args(int argc, char **argv, struct check_args *a)
{
	sm_options_init(&a->opt);
	a->traces = calloc((size_t)argc + 1, sizeof *a->traces);
	bool options_done = false;
	for (int k = 2; k < argc; k++) {
		if (!options_done && strcmp(argv[k], "--") == 0) {
			options_done = true;
		} else if (!options_done && is_help(argv[k])) {
			fputs(check_help, stdout);
			return -1;
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
		return usage("check", "%s", "check needs a spec");
	/* The page on standard output: nothing else may go there. */
	if (a->html && strcmp(a->html, "-") == 0 && !a->quiet)
		return usage("check", "%s", "--html - writes the page to standard output, where "
			     "the reports go: add --quiet");
	if (a->quiet) { /* errors still go to err */
		a->opt.out = NULL;
		a->opt.quiet = 1;
	}
	a->opt.color = (color_on(a->color, STDOUT_FILENO) ? SM_COLOR_OUT : 0) |
		       (color_on(a->color, STDERR_FILENO) ? SM_COLOR_ERR : 0);
	return 0;
}

static int read_trace(sm_monitor *mon, const char *path, sm_format format)
{
	if (strcmp(path, "-") == 0)
		return sm_monitor_read_fd(mon, 0, "-", format);
	int fd = open(path, O_RDONLY);
	struct stat st;
	/* A folder opens, then fails to read: say so as for any other
	 * trace that cannot be opened. */
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		fd = -1;
		errno = EISDIR;
	}
	if (fd < 0) {
		int err = errno;
		fprintf(stderr, "specmon: cannot open trace '%s': %s\n", path, strerror(err));
		sm_monitor_input_error(mon, path, err); /* for the --html page */
		return SM_ERR_IO;
	}
	int rc = sm_monitor_read_fd(mon, fd, path, format);
	close(fd);
	return rc;
}

/* ---- the --html page ---- */

/*
 * The page is written to a temporary file next to FILE (in the folder of
 * the file a symbolic link names), renamed over FILE once it is whole: a
 * run that fails, is killed, or whose page cannot be written leaves an
 * older page as it was, never an empty or half one.  FILE that exists and
 * is not a regular file (/dev/null, a FIFO, /dev/full) is written in place;
 * "-" is standard output.
 */
struct html_out {
	const char *path; /* as given */
	char *target;     /* the file renamed over: path, or where its link leads */
	char *tmp;        /* the temporary file, or NULL: written in place */
	FILE *f;
};

static bool html_stdout(const struct html_out *h)
{
	return strcmp(h->path, "-") == 0;
}

/* "'page.html'", or "to standard output", for messages. */
static void html_error(const struct html_out *h, const char *what, int err)
{
	if (html_stdout(h))
		fprintf(stderr, "specmon: %s HTML report to standard output: %s\n", what,
			strerror(err));
	else
		fprintf(stderr, "specmon: %s HTML report '%s': %s\n", what, h->path,
			strerror(err));
}

/* The start of an HTML page (or nothing at all): a file that is not one is
 * not for --html to overwrite (a trace named by mistake, `--html TRACE`). */
static bool looks_like_html(const char *path)
{
	char head[64];
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return true; /* cannot tell: opening it for writing will say */
	ssize_t n = read(fd, head, sizeof head - 1);
	close(fd);
	if (n <= 0)
		return true;
	head[n] = '\0';
	const char *p = head;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3; /* a UTF-8 byte order mark */
	p += strspn(p, " \t\r\n");
	return strncasecmp(p, "<!doctype html", 14) == 0 || strncasecmp(p, "<html", 5) == 0 ||
	       strncmp(p, "<!--", 4) == 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * Before anything is read or written: FILE must not be the spec, a trace
 * or standard input when it is read (--html naming one of them would
 * destroy it), nor an existing file that is not an HTML page.
 */
static bool html_allowed(const struct check_args *a, const char *spec_path)
{
	struct stat page, other;
	bool out = strcmp(a->html, "-") == 0;
	if (out ? fstat(STDOUT_FILENO, &page) != 0 : stat(a->html, &page) != 0)
		return true; /* a new file (or one that will fail to open) */
	if (!S_ISREG(page.st_mode))
		return true; /* /dev/null, a FIFO, a terminal; a folder fails to open */
	const char *clash = NULL, *input = NULL;
	if (spec_path && stat(spec_path, &other) == 0 && same_file(&page, &other))
		clash = "the spec";
	for (int k = 0; !clash && k < a->ntraces; k++)
		if (strcmp(a->traces[k], "-") != 0 && stat(a->traces[k], &other) == 0 &&
		    same_file(&page, &other))
			clash = "the trace", input = a->traces[k];
	bool reads_stdin = a->ntraces == 0;
	for (int k = 0; k < a->ntraces; k++)
		reads_stdin |= strcmp(a->traces[k], "-") == 0;
	if (!clash && reads_stdin && fstat(STDIN_FILENO, &other) == 0 &&
	    same_file(&page, &other))
		clash = "standard input";
	const char *name = out ? "standard output" : a->html;
	if (clash) {
		fprintf(stderr, "specmon: the HTML report '%s' would overwrite %s%s%s%s: refusing "
			"to write it\n", name, clash, input ? " '" : "", input ? input : "",
			input ? "'" : "");
		return false;
	}
	if (!out && !looks_like_html(a->html)) {
		fprintf(stderr, "specmon: '%s' exists and is not an HTML page: refusing to "
			"overwrite it with the HTML report (remove it first)\n", a->html);
		return false;
	}
	return true;
}

/* path with its last component replaced by "." NAME ".XXXXXX". */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t dir = (size_t)(base - path), n = strlen(path) + 10;
	char *t = malloc(n);
	if (t)
		snprintf(t, n, "%.*s.%s.XXXXXX", (int)dir, path, base);
	return t;
}

/* Opened once the spec has loaded, before any input is read, so that a
 * file that cannot be written stops the run at once. */
static bool open_html(struct html_out *h)
{
	struct stat st, lst;
	if (html_stdout(h)) {
		h->f = stdout;
		return true;
	}
	bool exists = stat(h->path, &st) == 0;
	int err = 0;
	if (exists && S_ISDIR(st.st_mode)) {
		err = EISDIR;
	} else if (exists && !S_ISREG(st.st_mode)) {
		h->f = fopen(h->path, "w"); /* in place: a device, a FIFO */
		err = h->f ? 0 : errno;
	} else {
		if (exists && lstat(h->path, &lst) == 0 && S_ISLNK(lst.st_mode))
			h->target = realpath(h->path, NULL); /* a link stays a link */
		if (!h->target)
			h->target = strdup(h->path);
		h->tmp = h->target ? temp_name(h->target) : NULL;
		int fd = h->tmp ? mkstemp(h->tmp) : -1;
		err = fd < 0 ? (h->tmp ? errno : ENOMEM) : 0;
		/* The mode a new file would get, or the old page's. */
		mode_t mask = umask(0);
		umask(mask);
		if (fd >= 0 && fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask) == 0)
			h->f = fdopen(fd, "w");
		if (fd >= 0 && !h->f) {
			err = errno;
			close(fd);
			unlink(h->tmp);
		}
		if (!h->f) {
			free(h->tmp);
			h->tmp = NULL;
		}
	}
	if (err)
		html_error(h, "cannot write", err);
	return err == 0;
}

/* The page is written by sm_monitor_finish; err is the errno it left.
 * Then the page replaces FILE.  False: it could not (said). */
static bool close_html(struct html_out *h, int err)
{
	bool failed = ferror(h->f);
	if (html_stdout(h)) {
		if (fflush(stdout) != 0 && !failed) {
			failed = true;
			err = errno;
		}
	} else if (fclose(h->f) != 0 && !failed) {
		failed = true;
		err = errno;
	}
	h->f = NULL;
	if (!failed && h->tmp && rename(h->tmp, h->target) != 0) {
		failed = true;
		err = errno;
	}
	if (failed) {
		html_error(h, "error writing", err ? err : EIO);
		if (h->tmp)
			unlink(h->tmp); /* FILE stays as it was */
		if (html_stdout(h))
			clearerr(stdout); /* said once */
	}
	free(h->tmp);
	h->tmp = NULL;
	return !failed;
}

/* Not written (the run stopped before it could be): FILE stays as it was. */
static void drop_html(struct html_out *h)
{
	if (h->f && !html_stdout(h))
		fclose(h->f);
	if (h->tmp)
		unlink(h->tmp);
	free(h->tmp);
	free(h->target);
	*h = (struct html_out){0};
}

static int cmd_check(int argc, char **argv)
{
	struct check_args a = {0};
	int rc = parse_check_args(argc, argv, &a);
	sm_spec *spec = NULL;
	sm_monitor *mon = NULL;
	char *spec_path = NULL;
	struct html_out html = {0};
	bool diag_color = color_on(a.color, STDERR_FILENO);
	if (rc)
		goto out;
	/* With a page to write, a reader that goes away (`| head`) is a write
	 * error (EPIPE: said, reading stops, exit status 2), not the end of
	 * specmon: the page is still written, of the input read so far.
	 * Without one, SIGPIPE ends specmon quietly, as it does `grep | head`. */
	if (a.html)
		signal(SIGPIPE, SIG_IGN);
	rc = EXIT_USAGE;
	if (load_spec(a.spec, &spec, &diag_color, &spec_path) != SM_OK)
		goto out;
	a.opt.interrupt = &interrupted;
	if (a.html) {
		html.path = a.html;
		if (!html_allowed(&a, spec_path) || !open_html(&html))
			goto out;
		a.opt.html = html.f;
	}
	if (sm_monitor_new(spec, &a.opt, &mon) != SM_OK)
		goto out;
	catch_interrupts();
	bool input_error = false;
	if (a.ntraces == 0)
		input_error = read_trace(mon, "-", a.format) != SM_OK;
	for (int k = 0; k < a.ntraces && !interrupted; k++)
		input_error |= read_trace(mon, a.traces[k], a.format) != SM_OK;
	rc = sm_monitor_finish(mon);
	int html_errno = errno;
	if (html.f && !close_html(&html, html_errno))
		rc = EXIT_USAGE;
	if (input_error || rc < 0) /* rc < 0: a report could not be written */
		rc = EXIT_USAGE;
	if (interrupted && !a.quiet)
		fprintf(stderr, "specmon: interrupted (%s): the verdict is of the input read "
			"so far\n", interrupted == SIGINT ? "SIGINT" : "SIGTERM");
out:
	drop_html(&html); /* after close_html: only the names are left */
	sm_monitor_free(mon);
	sm_spec_free(spec);
	free(spec_path);
	free(a.traces);
	return rc < 0 ? 0 : rc; /* -1: --help */
}

/* ---- lint ---- */

static int cmd_lint(int argc, char **argv)
{
	const char *path = NULL;
	enum color_mode mode = COLOR_AUTO;
	for (int k = 2; k < argc; k++) {
		const char *v;
		if (is_help(argv[k])) {
			fputs(lint_help, stdout);
			return 0;
		} else if ((v = option_value(argc, argv, &k, "--color"))) {
			if (parse_color(v, &mode))
				return usage("lint", "--color takes auto, always or never, not '%s'", v);
		} else if (argv[k][0] == '-' && argv[k][1] != '\0') {
			return usage("lint", "unknown option '%s'", argv[k]);
		} else if (path) {
			return usage("lint", "%s", "lint takes one spec");
		} else {
			path = argv[k];
		}
	}
	if (!path)
		return usage("lint", "%s", "lint needs a spec");
	bool color = color_on(mode, STDERR_FILENO);
	sm_spec *spec = NULL;
	int rc = load_spec(path, &spec, &color, NULL);
	sm_spec_free(spec);
	return rc == SM_OK ? 0 : EXIT_USAGE;
}

/* ---- probes ---- */

struct probe_args {
	const char **btf;
	size_t nbtf;
	const char *group;
};

/* --btf FILE, --group G; 1: taken, 0: not one of them, else a usage error. */
static int parse_probe_option(const char *cmd, int argc, char **argv, int *k,
			      struct probe_args *p)
{
	const char *v;
	if ((v = option_value(argc, argv, k, "--btf"))) {
		if (!*v)
			return usage(cmd, "%s", "--btf needs a file");
		p->btf[p->nbtf++] = v;
		return 1;
	}
	if ((v = option_value(argc, argv, k, "--group"))) {
		bool ok = (*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || *v == '_';
		for (const char *c = v; *c; c++)
			ok &= (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
			      (*c >= '0' && *c <= '9');
		if (!ok)
			return usage(cmd, "--group takes a name (letters, digits, '_'), not '%s'", v);
		p->group = v;
		return 1;
	}
	return 0;
}

static int cmd_probes(int argc, char **argv)
{
	const char *path = NULL;
	enum color_mode mode = COLOR_AUTO;
	struct probe_args p = {calloc((size_t)argc, sizeof(char *)), 0, NULL};
	int rc = 0;
	for (int k = 2; k < argc && !rc; k++) {
		const char *v;
		int taken;
		if (is_help(argv[k])) {
			fputs(probes_help, stdout);
			free(p.btf);
			return 0;
		} else if ((taken = parse_probe_option("probes", argc, argv, &k, &p))) {
			rc = taken == 1 ? 0 : taken;
		} else if ((v = option_value(argc, argv, &k, "--color"))) {
			if (parse_color(v, &mode))
				rc = usage("probes", "--color takes auto, always or never, not '%s'", v);
		} else if (argv[k][0] == '-' && argv[k][1] != '\0') {
			rc = usage("probes", "unknown option '%s'", argv[k]);
		} else if (path) {
			rc = usage("probes", "%s", "probes takes one spec");
		} else {
			path = argv[k];
		}
	}
	if (!rc && !path)
		rc = usage("probes", "%s", "probes needs a spec");
	bool color = color_on(mode, STDERR_FILENO);
	sm_spec *spec = NULL;
	if (!rc && load_spec(path, &spec, &color, NULL) != SM_OK)
		rc = EXIT_USAGE;
	if (!rc) {
		sm_probe_options o = {p.btf, p.nbtf, p.group};
		rc = sm_spec_probes(spec, &o, stdout, print_diag, &color) == SM_OK ? 0 : EXIT_USAGE;
	}
	sm_spec_free(spec);
	free(p.btf);
	return rc;
}

/* ---- watch ---- */

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* --save: a child copies trace_pipe to FILE and to a pipe the monitor
 * reads (the monitor reads a descriptor whole).  Returns the pipe's
 * reading end, or -1 after saying why. */
static int tee_to_file(int in, const char *save, pid_t *child)
{
	int out = open(save, O_WRONLY | O_CREAT | O_TRUNC, 0644), fds[2];
	if (out < 0) {
		fprintf(stderr, "specmon: error: cannot write '%s': %s\n", save, strerror(errno));
		return -1;
	}
	if (pipe(fds) != 0 || (*child = fork()) < 0) {
		fprintf(stderr, "specmon: error: cannot copy trace_pipe to '%s': %s\n", save,
			strerror(errno));
		close(out);
		return -1;
	}
	if (*child == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		close(fds[0]);
		char buf[1 << 16];
		ssize_t n;
		while ((n = read(in, buf, sizeof buf)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 || !write_all(out, buf, (size_t)n) || !write_all(fds[1], buf, (size_t)n))
				_exit(1);
		}
		_exit(close(out) == 0 ? 0 : 1);
	}
	close(fds[1]);
	close(out);
	return fds[0];
}

/* The probes' lines for the spec, as sm_spec_probes writes them; NULL
 * after saying why. */
static char *probe_lines(const sm_spec *spec, const struct probe_args *p, bool *color)
{
	char *lines = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&lines, &len);
	if (!mem)
		return NULL;
	sm_probe_options o = {p->btf, p->nbtf, p->group};
	int rc = sm_spec_probes(spec, &o, mem, print_diag, color);
	fclose(mem);
	if (rc == SM_OK && !strstr(lines, "p:") && !strstr(lines, "r:") &&
	    !strstr(lines, "# tracepoint ")) {
		fprintf(stderr, "specmon: error: nothing to watch: no property uses an event "
			"declared 'from kprobe', 'from kretprobe' or 'from tracepoint'\n");
		rc = SM_ERR_SPEC;
	}
	if (rc != SM_OK) {
		free(lines);
		return NULL;
	}
	return lines;
}

struct watch_args {
	struct check_args check;
	struct probe_args probes;
	const char *tracefs, *save;
};

static int parse_watch_args(int argc, char **argv, struct watch_args *w)
{
	struct check_args *a = &w->check;
	sm_options_init(&a->opt);
	for (int k = 2; k < argc; k++) {
		const char *v;
		int taken;
		if (is_help(argv[k])) {
			fputs(watch_help, stdout);
			return -1;
		} else if ((taken = parse_probe_option("watch", argc, argv, &k, &w->probes))) {
			if (taken != 1)
				return taken;
		} else if ((v = option_value(argc, argv, &k, "--tracefs"))) {
			if (!*v)
				return usage("watch", "%s", "--tracefs needs a folder");
			w->tracefs = v;
		} else if ((v = option_value(argc, argv, &k, "--save"))) {
			if (!*v)
				return usage("watch", "%s", "--save needs a file name");
			w->save = v;
		} else if (strcmp(argv[k], "--html") == 0 || strncmp(argv[k], "--html=", 7) == 0 ||
			   strncmp(argv[k], "--format", 8) == 0) {
			return usage("watch", "watch does not take %s", argv[k]);
		} else if (argv[k][0] == '-' && argv[k][1] != '\0') {
			int rc = parse_check_option(argc, argv, &k, a);
			if (rc)
				return rc;
		} else if (a->spec) {
			return usage("watch", "%s", "watch takes one spec (it reads trace_pipe, not "
				     "traces: `specmon check` reads those)");
		} else {
			a->spec = argv[k];
		}
	}
	if (!a->spec)
		return usage("watch", "%s", "watch needs a spec");
	if (a->quiet) {
		a->opt.out = NULL;
		a->opt.quiet = 1;
	}
	a->opt.color = (color_on(a->color, STDOUT_FILENO) ? SM_COLOR_OUT : 0) |
		       (color_on(a->color, STDERR_FILENO) ? SM_COLOR_ERR : 0);
	return 0;
}

/* Check trace_pipe live (through a --save copy when asked). */
static int watch_pipe(sm_monitor *mon, struct tfs *t, const char *save, pid_t *child)
{
	int fd = tfs_pipe(t);
	if (fd < 0)
		return interrupted ? SM_OK : SM_ERR_IO;
	int in = save ? tee_to_file(fd, save, child) : fd;
	int rc = in < 0 ? SM_ERR_IO : sm_monitor_read_fd(mon, in, "trace_pipe", SM_FORMAT_FTRACE);
	if (in >= 0 && in != fd)
		close(in);
	close(fd);
	return rc;
}

static int cmd_watch(int argc, char **argv)
{
	struct watch_args w = {{0}, {calloc((size_t)argc, sizeof(char *)), 0, NULL}, NULL, NULL};
	int rc = parse_watch_args(argc, argv, &w);
	bool color = color_on(w.check.color, STDERR_FILENO);
	sm_spec *spec = NULL;
	sm_monitor *mon = NULL;
	char *lines = NULL, group[64];
	struct tfs t = {0};
	pid_t child = -1;
	if (rc)
		goto out;
	rc = EXIT_USAGE;
	snprintf(group, sizeof group, "specmon_%ld", (long)getpid());
	if (!w.probes.group)
		w.probes.group = group;
	if (load_spec(w.check.spec, &spec, &color, NULL) != SM_OK ||
	    !(lines = probe_lines(spec, &w.probes, &color)) || !tfs_open(&t, w.tracefs))
		goto out;
	w.check.opt.interrupt = &interrupted;
	catch_interrupts(); /* from here, Ctrl-C still undoes what was armed */
	t.quiet = w.check.quiet;
	if (!tfs_arm(&t, lines) || interrupted || sm_monitor_new(spec, &w.check.opt, &mon) != SM_OK)
		goto out;
	if (!w.check.quiet)
		fprintf(stderr, "specmon: watching %zu event%s in %s (Ctrl-C ends)\n", t.nenabled,
			t.nenabled == 1 ? "" : "s", t.instance);
	bool input_error = watch_pipe(mon, &t, w.save, &child) != SM_OK;
	rc = sm_monitor_finish(mon);
	if (input_error || rc < 0)
		rc = EXIT_USAGE;
	if (interrupted && !w.check.quiet)
		fprintf(stderr, "specmon: interrupted (%s): the verdict is of the input read "
			"so far\n", interrupted == SIGINT ? "SIGINT" : "SIGTERM");
out:
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	if (t.root)
		tfs_close(&t);
	sm_monitor_free(mon);
	sm_spec_free(spec);
	free(lines);
	free(w.probes.btf);
	return rc < 0 ? 0 : rc;
}

/* ---- specs: the rule library ---- */

/*
 * The title of a spec file: the string of its `spec NAME "TITLE"` line,
 * which comes before any other declaration; only the comments and blank
 * lines before it are read.  Empty when there is none.
 */
static void spec_title(const char *path, char *title, size_t size)
{
	title[0] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof line, f)) {
		const char *p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
			continue;
		if (strncmp(p, "spec", 4) == 0 && (p[4] == ' ' || p[4] == '\t')) {
			const char *q = strchr(p, '"');
			size_t n = 0;
			/* The string's escapes (\" and \\) stand for the
			 * character after the backslash. */
			for (q = q ? q + 1 : ""; *q && *q != '"' && *q != '\n' && n + 1 < size; q++) {
				if (*q == '\\' && q[1])
					q++;
				title[n++] = *q;
			}
			title[n] = '\0';
		}
		break;
	}
	fclose(f);
}

struct names {
	char **v;
	size_t n, cap;
};

/* The *.sm files under dir/rel, as names relative to dir without ".sm". */
static void find_specs(const char *dir, const char *rel, struct names *out)
{
	char *path = rel[0] ? join_path(dir, rel) : strdup(dir);
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(rel) + strlen(e->d_name) + 2;
		char *name = malloc(len);
		if (!name)
			break;
		snprintf(name, len, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
		char *full = join_path(dir, name);
		struct stat st;
		size_t n = strlen(name);
		if (full && stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			find_specs(dir, name, out);
		} else if (n > 3 && strcmp(name + n - 3, ".sm") == 0) {
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 16;
				char **v = realloc(out->v, out->cap * sizeof *v);
				if (!v) {
					free(full);
					free(name);
					break;
				}
				out->v = v;
			}
			name[n - 3] = '\0';
			out->v[out->n++] = name;
			name = NULL;
		}
		free(full);
		free(name);
	}
	if (d)
		closedir(d);
	free(path);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One folder of the library: "FOLDER:" then a line per spec, when it has any. */
static void list_folder(void *ud, const char *dir)
{
	int *listed = ud;
	struct names names = {0};
	find_specs(dir, "", &names);
	if (names.n == 0)
		return;
	qsort(names.v, names.n, sizeof *names.v, by_name);
	int width = 0;
	for (size_t k = 0; k < names.n; k++)
		if ((int)strlen(names.v[k]) > width)
			width = (int)strlen(names.v[k]);
	printf("%s%s:\n", *listed ? "\n" : "", dir);
	for (size_t k = 0; k < names.n; k++) {
		char file[4096], title[512];
		snprintf(file, sizeof file, "%s/%s.sm", dir, names.v[k]);
		spec_title(file, title, sizeof title);
		if (title[0])
			printf("  %-*s  %s\n", width, names.v[k], title);
		else
			printf("  %s\n", names.v[k]);
		free(names.v[k]);
	}
	free(names.v);
	(*listed)++;
}

static void add_folder(void *ud, const char *dir)
{
	char **tried = ud;
	size_t len = *tried ? strlen(*tried) : 0;
	char *more = realloc(*tried, len + strlen(dir) + 3);
	if (!more)
		return;
	sprintf(more + len, "%s%s", len ? ", " : "", dir);
	*tried = more;
}

static int cmd_specs(int argc, char **argv)
{
	if (argc > 2 && is_help(argv[2])) {
		fputs(specs_help, stdout);
		return 0;
	}
	if (argc > 2)
		return usage("specs", argv[2][0] == '-' ? "unknown option '%s'"
							: "specs takes no argument, not '%s'", argv[2]);
	int listed = 0;
	sm_library_folders(list_folder, &listed);
	if (!listed) {
		char *tried = NULL;
		sm_library_folders(add_folder, &tried);
		fprintf(stderr, "specmon: the rule library is empty (searched: %s)\n",
			tried ? tried : "no folder");
		free(tried);
	}
	return 0;
}

/* ---- graph ---- */

/* Is `name` an executable file in a folder of PATH? */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	for (const char *d = path ? path : ""; *d;) {
		size_t len = strcspn(d, ":");
		char dir[4096];
		if (len && len < sizeof dir - 1) {
			memcpy(dir, d, len);
			dir[len] = '\0';
			char *file = join_path(dir, name);
			struct stat st;
			bool found = file && stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
				     access(file, X_OK) == 0;
			free(file);
			if (found)
				return true;
		}
		d += len + (d[len] == ':');
	}
	return false;
}

/* The property names, for an error about one the spec does not have. */
static void unknown_property(const sm_spec *spec, const char *spec_name, const char *property)
{
	fprintf(stderr, "specmon: error: spec '%s' has no property '%s' ", spec_name, property);
	const char *name = sm_spec_property(spec, 0);
	if (!name) {
		fprintf(stderr, "(it has none)\n");
		return;
	}
	fprintf(stderr, "(its properties: %s", name);
	for (size_t k = 1; (name = sm_spec_property(spec, k)); k++)
		fprintf(stderr, ", %s", name);
	fprintf(stderr, ")\n");
}

/* The DOT through `dot -Tsvg`, whose output goes to ours. */
static int graph_svg(const sm_spec *spec, const char *property)
{
	fflush(stdout);
	FILE *dot = popen("dot -Tsvg", "w");
	if (!dot) {
		fprintf(stderr, "specmon: cannot run dot: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	int rc = sm_spec_graph(spec, property, dot);
	int err = errno, status = pclose(dot);
	if (rc != SM_OK) {
		fprintf(stderr, "specmon: error writing to dot: %s\n", strerror(err));
		return EXIT_USAGE;
	}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "specmon: dot -Tsvg failed\n");
		return EXIT_USAGE;
	}
	return 0;
}

static int cmd_graph(int argc, char **argv)
{
	const char *path = NULL, *property = NULL;
	bool svg = false, options_done = false;
	for (int k = 2; k < argc; k++) {
		const char *arg = argv[k];
		if (!options_done && strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (!options_done && is_help(arg)) {
			fputs(graph_help, stdout);
			return 0;
		} else if (!options_done && strcmp(arg, "--svg") == 0) {
			svg = true;
		} else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
			return usage("graph", "unknown option '%s'", arg);
		} else if (!path) {
			path = arg;
		} else if (!property) {
			property = arg;
		} else {
			return usage("graph", "graph takes a spec and at most one property, not "
				     "also '%s'", arg);
		}
	}
	if (!path)
		return usage("graph", "%s", "graph needs a spec");
	/* Before the spec is read: a missing tool is said at once. */
	if (svg && !on_path("dot")) {
		fprintf(stderr, "specmon: error: dot is not on PATH: install graphviz (dot) "
			"for --svg\n");
		return EXIT_USAGE;
	}
	bool color = color_on(COLOR_AUTO, STDERR_FILENO);
	sm_spec *spec = NULL;
	int rc = EXIT_USAGE;
	if (load_spec(path, &spec, &color, NULL) != SM_OK)
		goto out;
	bool known = !property;
	const char *name;
	for (size_t k = 0; !known && (name = sm_spec_property(spec, k)); k++)
		known = strcmp(name, property) == 0;
	if (!known) {
		unknown_property(spec, path, property);
		goto out;
	}
	if (svg) {
		rc = graph_svg(spec, property);
	} else if (sm_spec_graph(spec, property, stdout) != SM_OK) {
		fprintf(stderr, "specmon: error writing standard output: %s\n", strerror(errno));
		clearerr(stdout); /* said once */
		rc = EXIT_USAGE;
	} else {
		rc = 0;
	}
out:
	sm_spec_free(spec);
	return rc;
}

/* ---- gen ---- */

/* The value of a size option: 1 to 1 << 20. */
static int gen_size(const char *opt, const char *text, unsigned *out)
{
	uint64_t v;
	if (!text)
		return usage("gen", "%s needs a number", opt);
	if (parse_count(text, &v) || v == 0 || v > 1u << 20) {
		fprintf(stderr, "specmon: %s takes a number from 1 to 1048576, not '%s'\n"
			"(specmon gen --help shows the usage)\n", opt, text);
		return EXIT_USAGE;
	}
	*out = (unsigned)v;
	return 0;
}

static bool is_c_identifier(const char *p)
{
	bool ident = p && *p && !(*p >= '0' && *p <= '9');
	for (; ident && *p; p++)
		ident = *p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9');
	return ident;
}

/* The folder gen writes into must exist. */
static bool gen_folder(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	fprintf(stderr, "specmon: error: cannot write into '%s': %s\n", dir,
		stat(dir, &st) != 0 ? strerror(errno) : "not a folder");
	return false;
}

/* gen kmod SPEC -o DIR [--name MOD] [--instances N] [--btf FILE]... */
static int cmd_gen_kmod(int argc, char **argv)
{
	const char *path = NULL, *dir = NULL;
	sm_kmod_options o = {0};
	const char **btf = calloc((size_t)argc, sizeof *btf);
	int rc = 0;
	for (int k = 3; k < argc && !rc; k++) {
		const char *arg = argv[k], *val = k + 1 < argc ? argv[k + 1] : NULL;
		if (is_help(arg)) {
			fputs(gen_help, stdout);
			free(btf);
			return 0;
		} else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--name") == 0 ||
			   strcmp(arg, "--btf") == 0) {
			if (!val) {
				rc = usage("gen", "%s needs a value", arg);
				break;
			}
			*(arg[1] == 'o' ? &dir : arg[2] == 'n' ? &o.name : &btf[o.nbtf++]) = argv[++k];
		} else if (strcmp(arg, "--instances") == 0) {
			rc = gen_size(arg, val, &o.instances);
			k++;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			rc = usage("gen", "unknown option '%s'", arg);
		} else if (!path) {
			path = arg;
		} else {
			rc = usage("gen", "gen kmod takes one spec, not also '%s'", arg);
		}
	}
	if (!rc && !path)
		rc = usage("gen", "%s", "gen kmod needs a spec");
	else if (!rc && !dir)
		rc = usage("gen", "%s", "gen kmod needs -o DIR, the folder to write to");
	else if (!rc && o.name && !is_c_identifier(o.name))
		rc = usage("gen", "--name takes a C identifier, not '%s'", o.name);
	if (rc) {
		free(btf);
		return rc;
	}
	o.btf = btf;
	bool color = color_on(COLOR_AUTO, STDERR_FILENO);
	sm_spec *spec = NULL;
	rc = EXIT_USAGE;
	if (load_spec(path, &spec, &color, NULL) == SM_OK && gen_folder(dir)) {
		int status = sm_spec_gen_kmod(spec, dir, &o, print_diag, &color);
		if (status == SM_ERR_IO)
			fprintf(stderr, "specmon: error: cannot write into '%s': %s\n", dir,
				strerror(errno));
		rc = status == SM_OK ? 0 : EXIT_USAGE;
	}
	sm_spec_free(spec);
	free(btf);
	return rc;
}

static int cmd_gen(int argc, char **argv)
{
	if (argc > 2 && is_help(argv[2])) {
		fputs(gen_help, stdout);
		return 0;
	}
	if (argc < 3)
		return usage("gen", "%s", "gen needs a target: gen c SPEC -o DIR");
	if (strcmp(argv[2], "kmod") == 0)
		return cmd_gen_kmod(argc, argv);
	if (strcmp(argv[2], "c") != 0)
		return usage("gen", "unknown target '%s' (known: c, kmod)", argv[2]);
	const char *path = NULL, *dir = NULL;
	sm_gen_options o = {0};
	for (int k = 3; k < argc; k++) {
		const char *arg = argv[k], *val = k + 1 < argc ? argv[k + 1] : NULL;
		int rc = 0;
		if (is_help(arg)) {
			fputs(gen_help, stdout);
			return 0;
		} else if (strcmp(arg, "-o") == 0) {
			if (!val)
				return usage("gen", "%s", "-o needs a folder");
			dir = argv[++k];
		} else if (strcmp(arg, "--prefix") == 0) {
			if (!val)
				return usage("gen", "%s", "--prefix needs a name");
			o.prefix = argv[++k];
		} else if (strcmp(arg, "--instances") == 0) {
			rc = gen_size(arg, val, &o.instances);
			k++;
		} else if (strcmp(arg, "--matches") == 0) {
			rc = gen_size(arg, val, &o.matches);
			k++;
		} else if (strcmp(arg, "--obligations") == 0) {
			rc = gen_size(arg, val, &o.obligations);
			k++;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			return usage("gen", "unknown option '%s'", arg);
		} else if (!path) {
			path = arg;
		} else {
			return usage("gen", "gen c takes one spec, not also '%s'", arg);
		}
		if (rc)
			return rc;
	}
	if (!path)
		return usage("gen", "%s", "gen c needs a spec");
	if (!dir)
		return usage("gen", "%s", "gen c needs -o DIR, the folder to write to");
	if (o.prefix && !is_c_identifier(o.prefix))
		return usage("gen", "--prefix takes a C identifier, not '%s'", o.prefix);
	bool color = color_on(COLOR_AUTO, STDERR_FILENO);
	sm_spec *spec = NULL;
	int rc = EXIT_USAGE;
	if (load_spec(path, &spec, &color, NULL) != SM_OK)
		goto out;
	if (!gen_folder(dir))
		goto out;
	int status = sm_spec_gen_c(spec, dir, &o, print_diag, &color);
	if (status == SM_ERR_IO)
		fprintf(stderr, "specmon: error: cannot write into '%s': %s\n", dir, strerror(errno));
	rc = status == SM_OK ? 0 : EXIT_USAGE;
out:
	sm_spec_free(spec);
	return rc;
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
		return usage(NULL, "%s", "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc, argv);
	if (strcmp(cmd, "lint") == 0)
		return cmd_lint(argc, argv);
	if (strcmp(cmd, "specs") == 0)
		return cmd_specs(argc, argv);
	if (strcmp(cmd, "graph") == 0)
		return cmd_graph(argc, argv);
	if (strcmp(cmd, "gen") == 0)
		return cmd_gen(argc, argv);
	if (strcmp(cmd, "probes") == 0)
		return cmd_probes(argc, argv);
	if (strcmp(cmd, "watch") == 0)
		return cmd_watch(argc, argv);
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("specmon %s\n", SPECMON_VERSION);
		return 0;
	}
	if (is_help(cmd) || strcmp(cmd, "help") == 0) {
		/* `specmon help check` is `specmon check --help`. */
		static const struct {
			const char *name, *text;
		} helps[] = {{"check", check_help}, {"lint", lint_help}, {"specs", specs_help},
			     {"graph", graph_help}, {"gen", gen_help}, {"probes", probes_help},
			     {"watch", watch_help}};
		if (argc < 3 || is_help(cmd)) {
			fputs(main_help, stdout);
			return 0;
		}
		for (size_t k = 0; k < sizeof helps / sizeof helps[0]; k++)
			if (strcmp(argv[2], helps[k].name) == 0) {
				fputs(helps[k].text, stdout);
				return 0;
			}
		return usage(NULL, "unknown command '%s'", argv[2]);
	}
	if (cmd[0] == '-')
		return usage(NULL, "unknown option '%s'", cmd);
	return usage(NULL, "unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	return flush_stdout(run(argc, argv));
}
