/*
 * specmon.h: the C API of libspecmon.
 *
 * specmon checks streams of events against a protocol specification written
 * as CCSL clock relations and automata (see doc/language.md).  A program
 * loads a spec once (sm_spec_load), makes a monitor from it (sm_monitor_new),
 * feeds it events (sm_monitor_read_fd for trace text, sm_emit from
 * instrumented code), and ends the input (sm_monitor_finish).
 *
 * Ownership, once for the whole API:
 *  1. A constructor returns its object through its last parameter and sets
 *     it to NULL on failure.  The caller owns it and releases it with the
 *     matching *_free(), which accepts NULL.
 *  2. Pointers handed to callbacks are borrowed and valid only during the
 *     callback.
 *  3. Inputs are copied if kept: the caller may reuse its buffers as soon as
 *     a call returns.
 *  4. An sm_spec is immutable once loaded and may be shared between threads.
 *     The emit functions (sm_emit, sm_emit_args, sm_emit_site, SM_EMIT) may
 *     be called on one monitor from many threads at once; every other
 *     monitor function belongs to one thread at a time, and
 *     sm_monitor_finish and sm_monitor_free run after the emits are done.
 *  5. Status codes: 0 is success, negative values are errors (SM_ERR_*).
 *     Every function rejects a NULL handle or pointer, and other invalid
 *     arguments, with SM_ERR_INVAL (the *_free() functions accept NULL),
 *     before it changes anything.
 *  6. After sm_monitor_finish, a monitor takes no more input: sm_emit,
 *     sm_monitor_read_fd and sm_monitor_finish return SM_ERR_STATE and count
 *     nothing; sm_monitor_counts still answers.
 */
#ifndef SPECMON_H
#define SPECMON_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header; the Makefile reads it for the shared
 * library's name and specmon.pc, and `specmon --version` prints it. */
#define SPECMON_VERSION "0.1.0"

enum {
	SM_OK = 0,
	SM_VIOLATION = 1,  /* the emit was fine, and made a violation */
	SM_ERR_NOMEM = -1, /* out of memory */
	SM_ERR_INVAL = -2, /* invalid argument */
	SM_ERR_IO = -3,    /* a file could not be read, or a report not written */
	SM_ERR_SPEC = -4,  /* the spec has errors (see the diagnostics) */
	SM_ERR_STATE = -5, /* not now: the monitor is finished (sm_monitor_finish) */
};

/* A description of a status code; never NULL. */
const char *sm_status_str(int status);

typedef enum sm_severity { SM_SEV_ERROR, SM_SEV_WARNING, SM_SEV_NOTE } sm_severity;

/* A diagnostic about a spec, with its location (line and column 1-based,
 * 0 when there is none) and `rendered`: the full text as specmon prints it,
 * "file:line:col: error: message" then the line and a caret. */
typedef struct sm_diag {
	sm_severity severity;
	const char *file;
	unsigned line, column;
	const char *message;
	const char *rendered;
} sm_diag;

typedef void (*sm_diag_fn)(void *ud, const sm_diag *diag);

typedef struct sm_spec sm_spec;

/* Load and check a spec.  Every diagnostic (warnings too) goes to fn, which
 * may be NULL.  Returns SM_OK, SM_ERR_IO or SM_ERR_SPEC. */
int sm_spec_load(const char *path, sm_spec **out, sm_diag_fn fn, void *ud);
/* The same from text; `name` is used in diagnostics and to find models
 * imported with `from "x.dot"` (relative to its folder). */
int sm_spec_parse(const char *name, const char *text, size_t len, sm_spec **out,
		  sm_diag_fn fn, void *ud);
void sm_spec_free(sm_spec *spec);
/* The number of an event, for sm_emit; negative when the spec has none. */
int sm_spec_event_id(const sm_spec *spec, const char *name);
/* The number of a declared field of event `event`, its position in the
 * event's declaration (0-based), for sm_emit_args; SM_ERR_INVAL when the
 * event has no such field. */
int sm_spec_field_id(const sm_spec *spec, int event, const char *name);

/* The name of the spec's property k (0-based, in the spec's order), valid
 * while the spec lives; NULL when k is past the last one or spec is NULL. */
const char *sm_spec_property(const sm_spec *spec, size_t k);

/* Write the spec as Graphviz DOT to out (`specmon graph`): one digraph with
 * a cluster per property, or only for the property named `property` (NULL:
 * all).  Automata: states (final ones doublecircle, the initial one with an
 * arrow from an invisible node, as the kernel's rvgen draws it, invariants
 * on a second line), edges labelled `event [guard] / actions`, `*` edges
 * dashed, from one "any state" node.  Relations: their two sides and an edge
 * labelled by the relation (`precedes bound 2`, `within 100ms`).  The output
 * depends on the spec only.  Returns SM_OK; SM_ERR_INVAL for NULL or a
 * property the spec does not have; SM_ERR_IO when out could not be written
 * (errno tells why). */
int sm_spec_graph(const sm_spec *spec, const char *property, FILE *out);

/* ---- generated monitors (`specmon gen c`, doc/gen.md) ---- */

typedef struct sm_gen_options {
	const char *prefix;   /* a C identifier: the files' names (PREFIX.h, PREFIX.c)
			       * and the API's; NULL: the spec's name */
	unsigned instances;   /* instances per property with a key; 0: 64 */
	unsigned matches;     /* source events per instant; 0: 8 */
	unsigned obligations; /* open `within` obligations per instance; 0: 64 */
} sm_gen_options;

/* Write a self-contained C monitor of the spec into the folder dir (which
 * must exist): PREFIX.h and PREFIX.c, freestanding C11 (only <stdint.h>,
 * <stddef.h>, <stdbool.h>), fixed memory, the same verdicts as the engine.
 * A feature it does not support (string values) is an error diagnostic
 * at its place, given to fn.  opt may be NULL (defaults).  Returns SM_OK;
 * SM_ERR_SPEC; SM_ERR_INVAL (NULL, a prefix that is no C identifier, a
 * size of more than 1 << 20); SM_ERR_IO when a file could not be written
 * (errno tells why). */
int sm_spec_gen_c(const sm_spec *spec, const char *dir, const sm_gen_options *opt,
		  sm_diag_fn fn, void *ud);

/* A Linux kernel module of the spec (`specmon gen kmod`, doc/gen.md). */
typedef struct sm_kmod_options {
	const char *name;       /* the module's name, a C identifier; NULL: specmon_ and
				 * the spec's name */
	unsigned instances;     /* instances per property with a key; 0: 64 */
	const char *const *btf; /* BTF files, as sm_probe_options's */
	size_t nbtf;
} sm_kmod_options;

/* Write into the folder dir (which must exist) a kernel module that
 * attaches the spec's kprobes and kretprobes and checks their records with
 * the monitor of sm_spec_gen_c: Kbuild, Makefile, NAME.c (the glue),
 * NAME_mon.h and NAME_mon.c (the monitor), shim/ (<stdint.h>, <stddef.h>,
 * <stdbool.h> from the kernel's types).  Errors (what gen c refuses,
 * tracepoints, a string field a property reads, the probes' own errors)
 * and warnings (an event the module never sees, a string field left out)
 * go to fn.  Returns SM_OK; SM_ERR_SPEC; SM_ERR_INVAL (NULL, a name that
 * is no C identifier, a size of more than 1 << 20); SM_ERR_IO (errno). */
int sm_spec_gen_kmod(const sm_spec *spec, const char *dir, const sm_kmod_options *opt,
		     sm_diag_fn fn, void *ud);

/* Where sm_spec_probes finds the kernel's types (BTF). */
typedef struct sm_probe_options {
	/* BTF files (`--btf`): a file whose name ends in .ko is a module's
	 * (raw BTF or the .ko itself; the module is named by the file:
	 * virtio_pci.ko is virtio_pci); another is the kernel's (raw BTF or a
	 * vmlinux ELF), at most one.  Without one, the running kernel's
	 * /sys/kernel/btf/vmlinux, and its loaded modules' /sys/kernel/btf/MOD
	 * (the folder SPECMON_BTF_DIR, when that is set). */
	const char *const *btf;
	size_t nbtf;
	const char *group; /* the kprobe group; NULL: "specmon" */
} sm_probe_options;

/* Write to out the kernel probes of the events the spec's properties use
 * (`specmon probes`, doc/cli.md): one kprobe_events line per kprobe or
 * kretprobe (`p:GROUP/NAME [MOD:]FUNC field=FETCH:TYPE ...`; MOD: for a
 * function of a module, which the kernel arms when the module loads), a
 * line `# tracepoint SYS/NAME` per tracepoint, and comments, which begin
 * with '#'.  BTF is read only when some kprobe is used.  Errors (unknown
 * function, argument or member, no BTF...) go to fn with the spec's
 * locations.  Returns SM_OK; SM_ERR_SPEC after errors (nothing written);
 * SM_ERR_IO when out could not be written; SM_ERR_INVAL. */
int sm_spec_probes(const sm_spec *spec, const sm_probe_options *opt, FILE *out,
		   sm_diag_fn fn, void *ud);

/* The rule library's folders, in search order (DESIGN.md §3): each folder
 * of SPECMON_PATH (colon-separated), the source tree's specs/ when the
 * library was built in one, and the installed share/specmon/specs/.  The
 * same folders serve `include`.  fn is called once per folder.  Returns
 * SM_OK or SM_ERR_INVAL. */
int sm_library_folders(void (*fn)(void *ud, const char *dir), void *ud);
/* The path of a spec of the rule library by name ("virtio/driver", with or
 * without ".sm"), as `specmon check virtio/driver` finds it: DIR/NAME.sm in
 * the first of those folders that has it.  On SM_OK *path is the caller's
 * to free().  Returns SM_OK; SM_ERR_IO (errno ENOENT) when no folder has
 * it; SM_ERR_INVAL. */
int sm_library_find(const char *name, char **path);

typedef enum sm_format {
	SM_FORMAT_AUTO,   /* decided from the first record-like line */
	SM_FORMAT_FTRACE, /* kernel trace / trace_pipe text, trace-cmd report */
	SM_FORMAT_LOG,    /* any text lines; dmesg, syslog, journal, QEMU times */
	SM_FORMAT_JSONL,  /* JSON Lines (journalctl -o json too) */
	SM_FORMAT_QEMU,   /* QEMU -trace log (the "log" trace backend) */
	SM_FORMAT_DAT,    /* trace-cmd's binary trace.dat (through libtracecmd: an
			   * input error in a build without it) */
} sm_format;

/* What a reactor learns of a violation. */
typedef struct sm_violation_info {
	const char *property;
	const char *input; /* "-" for standard input */
	uint64_t line;     /* 0 for sm_emit */
	const char *report; /* the report as text, first line first */
} sm_violation_info;

typedef void (*sm_reactor_fn)(void *ud, const sm_violation_info *v);

typedef struct sm_options {
	FILE *out;               /* reports (violations, pending); NULL: none */
	FILE *err;               /* skipped-line notes and the summary; NULL: none */
	int json;                /* one JSON object per line instead of text */
	int strict;              /* pending instances, vacuity, losses and
				    --max-instances refusals count as failures */
	unsigned history;        /* events of history per report (default 5) */
	int coverage;            /* summary lists edge and relation coverage */
	uint64_t max_violations; /* stop after this many; 0: no limit */
	uint64_t max_instances;  /* per property; 0: no limit */
	sm_reactor_fn reactor;   /* called for each violation, may be NULL */
	void *reactor_ud;
	/* When it points to a nonzero flag, reading stops after the current
	 * record, as if the input had ended there; sm_monitor_finish then
	 * reports as usual.  For a signal handler (the flag is all it may
	 * touch): a handler installed without SA_RESTART also ends a wait
	 * for live input.  NULL: never. */
	const volatile sig_atomic_t *interrupt;
	int color;               /* SM_COLOR_* bits: ANSI colours, see below */
	/* A self-contained HTML page of the run (`check --html`), written to it
	 * by sm_monitor_finish: a card per violation (the first 1000, and no
	 * more once the cards reach 32 MB; the rest are counted) with the
	 * instance's history as a timeline (its last 40 rows at most) and the
	 * automaton or relation drawn with where it stood (inline SVG), then the
	 * pending instances, the warnings and the counts.  The caller opens and
	 * closes it.  NULL: none. */
	FILE *html;
	/* Nonzero: err gets only errors (an input that cannot be read, a
	 * report that cannot be written), not the skipped-line notes, the
	 * warnings or the summary (`check --quiet`). */
	int quiet;
	/* 1: the caller promises that emits on this monitor never run in
	 * parallel (one thread, or threads that take turns under a lock of
	 * their own): the lanes step an instance with a plain load and store
	 * instead of a compare-and-swap (doc/api.md); and sm_monitor_read_fd
	 * reads on the calling thread alone.  0: any number of threads, and a
	 * regular file is read, parsed and bound on a thread of the monitor's
	 * own while the calling thread steps and reports (the callbacks and the
	 * output stay on the calling thread, in the same order), where the
	 * calling thread may run on two CPUs or more (its affinity mask).
	 * Other values are as 0. */
	unsigned threads;
} sm_options;

/* sm_options.color: colour the first line of each violation and pending
 * report written to `out`, of each warning written to `err`. */
enum { SM_COLOR_OUT = 1, SM_COLOR_ERR = 2 };

/* Defaults: out = stdout, err = stderr, history 5, everything else off.
 * Returns SM_OK, or SM_ERR_INVAL for NULL. */
int sm_options_init(sm_options *opt);

typedef struct sm_monitor sm_monitor;

/* The spec must outlive the monitor. */
int sm_monitor_new(const sm_spec *spec, const sm_options *opt, sm_monitor **out);
/* Read a whole input (a file or a pipe; verdicts are reported as they are
 * found).  `name` is used in reports.  Returns SM_OK; SM_ERR_IO when the
 * input could not be read or a report could not be written (said on `err`;
 * reading stops there); SM_ERR_INVAL; SM_ERR_STATE after finish.
 * A trace.dat is read from its start, whatever fd's offset (which it moves);
 * from a pipe, it is copied to a temporary file first ($TMPDIR).  It is read
 * through once in a child process (fork) before it is read here, as
 * libtracecmd may crash on a damaged file (doc/cli.md §4). */
int sm_monitor_read_fd(sm_monitor *mon, int fd, const char *name, sm_format format);
/* An input the caller could not open (err: its errno), so that the `html`
 * page lists it among the inputs, and says why, with those that could not
 * be read.  Nothing is said on `err`: the caller says it.  Returns SM_OK;
 * SM_ERR_INVAL; SM_ERR_STATE after finish. */
int sm_monitor_input_error(sm_monitor *mon, const char *name, int err);

/* A field of an event given to sm_emit: a string when `str` is not NULL,
 * else the integer `i`. */
typedef struct sm_field {
	const char *name;
	int64_t i;
	const char *str;
} sm_field;

/*
 * One event from instrumented code; `ts_ns` is its time (negative: none).
 * Each emit is one instant (DESIGN.md §2.6).  The fields are looked up by
 * name on every call; sm_emit_args and SM_EMIT resolve them once.  Returns
 * SM_OK, or SM_VIOLATION when this event made a violation (reported and
 * given to the reactor before the call returns); SM_ERR_INVAL for an
 * unknown or derived event, or a field without a name; SM_ERR_IO when a
 * report could not be written; SM_ERR_STATE after finish, or when the
 * monitor read an input file first.
 *
 * Threads (doc/library.md, "Events from threads"): emits on one monitor
 * may run in parallel.  Relations between events (not `within`) and
 * automata without variables, clocks, invariants or `start`, when every
 * event carries the whole key, are stepped without a monitor-wide lock:
 * their instances sit in a table striped by key, one spin lock a stripe.
 * The other properties, and every property of a spec with deadlines, are
 * stepped under one lock per monitor.  Two emits that reach one instance
 * are stepped in the order of their compare-and-swaps.  Once an instance
 * exists, an emit allocates nothing (reports aside; a thread's first emit
 * makes its cache of keys, 8 KB per relation keyed by one field, and with
 * history on its first step makes its history ring).
 */
int sm_emit(sm_monitor *mon, int event, int64_t ts_ns, const sm_field *fields, size_t n);

/* A field by number (sm_spec_field_id): a string when `str` is not NULL,
 * else the integer `i`. */
typedef struct sm_arg {
	int field;
	int64_t i;
	const char *str;
} sm_arg;
#define SM_I(field, value) ((sm_arg){(field), (int64_t)(value), NULL})
#define SM_S(field, text) ((sm_arg){(field), 0, (text)})

/* sm_emit with fields by number: no name is looked up.  A field number the
 * event does not have is SM_ERR_INVAL. */
int sm_emit_args(sm_monitor *mon, int event, int64_t ts_ns, const sm_arg *args, size_t n);

/*
 * Instrumentation: one line per event, names resolved once per call site.
 *
 *     SM_EMIT(mon, set_status, SM_INT(dev, 3), SM_INT(status, 7));
 *     SM_EMIT_AT(mon, now_ns(), msg_send, SM_STR(queue, "tx"));
 *     SM_EMIT(mon, do_first);
 *
 * The event and field names are the spec's, written as identifiers.  Each
 * call site has a static sm_site that keeps the numbers the first call
 * found for its monitor's spec (thread-safe; a site used with another spec
 * looks its names up each time).  The value is what the emit returns.
 */
#define SM_INT(name, value) {#name, (int64_t)(value), NULL}
#define SM_STR(name, text) {#name, 0, (text)}
#define SM_EMIT_AT(mon, ts_ns, event, ...)                                             \
	__extension__({                                                                \
		static sm_site sm_site_;                                               \
		const sm_field sm_fields_[] = {{#event, 0, NULL}, __VA_ARGS__};        \
		sm_emit_site((mon), &sm_site_, (ts_ns), sm_fields_,                    \
			     sizeof sm_fields_ / sizeof sm_fields_[0]);                \
	})
#define SM_EMIT(mon, ...) SM_EMIT_AT(mon, -1, __VA_ARGS__)

#define SM_SITE_FIELDS 16
/*
 * A call site's plan: its event, and which field each of its values gives,
 * resolved once.  SM_EMIT keeps one per call site (zero-initialised, filled
 * by its first call); sm_site_init fills one from numbers.  An emit through
 * a filled site reads its values where the caller keeps them: when the
 * event reaches only properties stepped in lanes, without guards or derived
 * events to evaluate (doc/api.md, "The fast path"), it takes each key
 * straight from the values and steps by compare-and-swap; it fills the
 * event's slots only to report a violation.  Every other emit takes the
 * general path.  The verdicts are the same.
 */
typedef struct sm_site {
	const void *spec;
	int state; /* 0 empty, 1 being filled, 2 filled */
	int event;
	int n;                              /* values an emit gives */
	int field[SM_SITE_FIELDS];          /* per value: its field; -1: none */
	signed char arg_of[SM_SITE_FIELDS]; /* per field: its value; -1: none */
	uint64_t seen;                      /* bit f: field f is given */
} sm_site;

/* fields[0].name is the event's name, fields[1 .. n-1] its fields by name
 * (a site keeps at most SM_SITE_FIELDS; more are looked up each time).
 * Once the site is filled for mon's spec, and n is the same, no name is
 * read.  Returns as sm_emit. */
int sm_emit_site(sm_monitor *mon, sm_site *site, int64_t ts_ns, const sm_field *fields,
		 size_t n);

/* Fill a site from numbers: event (sm_spec_event_id, a source event) and
 * the fields (sm_spec_field_id) its emits give, in order; n at most
 * SM_SITE_FIELDS.  The site serves monitors of this spec; filled, it is
 * read-only and may be shared between threads.  Returns SM_OK or
 * SM_ERR_INVAL (a derived or unknown event, a field the event does not
 * have, n too large, NULL). */
int sm_site_init(sm_site *site, const sm_spec *spec, int event, const int *fields, size_t n);

/* A value of an emit through a site: a string when `str` is not NULL,
 * else the integer `i`. */
typedef struct sm_val {
	int64_t i;
	const char *str;
} sm_val;
#define SM_VI(value) ((sm_val){(int64_t)(value), NULL})
#define SM_VS(text) ((sm_val){0, (text)})

/* An emit through a site filled by sm_site_init: vals[k] is the value of
 * the site's field k (site->n of them).  Returns as sm_emit; SM_ERR_INVAL
 * when the site is not filled for mon's spec. */
int sm_emit_vals(sm_monitor *mon, const sm_site *site, int64_t ts_ns, const sm_val *vals);

/* Ready reactors (sm_options.reactor): print the report to the FILE *
 * given as reactor_ud (NULL: standard error); abort() at the first
 * violation, after printing it to standard error; count the violations in
 * the sm_reactor_counter given as reactor_ud (from any thread). */
void sm_reactor_print(void *file, const sm_violation_info *v);
void sm_reactor_abort(void *ud, const sm_violation_info *v);
typedef struct sm_reactor_counter {
	uint64_t violations; /* read it with sm_reactor_count_get while emits run */
} sm_reactor_counter;
void sm_reactor_count(void *counter, const sm_violation_info *v);
uint64_t sm_reactor_count_get(const sm_reactor_counter *counter);

/* End of input: reports pending instances, the vacuity warnings (events
 * that matched nothing, properties never checked...) and the summary.
 * Returns the verdict as an exit status: 0 all satisfied, 1 violations (or,
 * with `strict`, pending instances or warnings other than a missing final
 * newline); or SM_ERR_IO when a report could not be written (errno tells
 * why when it was the `html` page: ferror(html) is then set), SM_ERR_INVAL,
 * or SM_ERR_STATE for a second call. */
int sm_monitor_finish(sm_monitor *mon);
void sm_monitor_free(sm_monitor *mon);

typedef struct sm_counts {
	uint64_t lines, records, events, skipped, comments;
	uint64_t violations, pending, instances;
	uint64_t warnings;          /* all warnings reported */
	uint64_t losses, lost_events; /* loss notes in the inputs, events they counted */
	uint64_t refused;           /* events not checked: --max-instances */
} sm_counts;
/* The counts so far (zeros on error).  Returns SM_OK or SM_ERR_INVAL. */
int sm_monitor_counts(const sm_monitor *mon, sm_counts *out);

#ifdef __cplusplus
}
#endif

#endif
