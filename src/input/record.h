/*
 * record.h: what a trace source hands to the binder.  A record is one input
 * line, already split into its parts; nothing is copied: every span points
 * into the reader's buffer and is valid until the next record is read.
 */
#ifndef SM_RECORD_H
#define SM_RECORD_H

#include "base.h"

#include <stdalign.h>
#include <stdlib.h>

enum sm__format {
	SM__FMT_AUTO,
	SM__FMT_FTRACE, /* kernel trace / trace_pipe, trace-cmd report */
	SM__FMT_LOG,    /* any text; dmesg, syslog, journal, QEMU stamps recognised */
	SM__FMT_JSONL,  /* one JSON object per line (journalctl -o json too) */
	SM__FMT_QEMU,   /* QEMU `-trace` log lines: PID@SEC.USEC:NAME key value ... */
	SM__FMT_DAT,    /* trace-cmd's binary trace.dat (source_dat.c) */
};

/* What one input line turned out to be. */
enum sm__line_kind {
	SM__LINE_RECORD,  /* an event record: see struct sm__record */
	SM__LINE_COMMENT, /* '#' header lines, ' =>' stack lines, blank lines */
	SM__LINE_BAD,     /* not a record of the format: counted and reported */
	SM__LINE_LOSS,    /* a note that events were lost here: see rec->lost */
};

struct sm__raw_field {
	struct sm__str name;
	struct sm__value value;
};

struct sm__record {
	uint64_t lineno;     /* 1-based line of the input */
	struct sm__str line; /* the whole line, without its newline */

	/* ftrace, qemu: the event name; jsonl: the "event" member; log: empty. */
	struct sm__str name;
	/* The text `from log` regexes see: the line without its leading time
	 * stamp (dmesg, syslog, QEMU) and syslog tag; for JSON Lines only a
	 * journal entry's MESSAGE (text.ptr is NULL when there is none). */
	struct sm__str text;

	bool has_ts;
	int64_t ts_ns;
	uint8_t ts_digits; /* digits after the point as written (6 for ftrace) */

	/* ftrace only; has_task is false elsewhere. */
	bool has_task;
	struct sm__str comm;
	int64_t pid, cpu;

	/* ftrace: the columns sm__ftrace_parse_header checked but left as
	 * text, as most records bind nothing: sm__ftrace_time sets the time
	 * (has_ts, ts_ns, ts_digits), sm__ftrace_task comm, pid and cpu
	 * (sm__ftrace_task_text only comm, pid_text and cpu_text).  A line
	 * whose start was met before leaves the task where that start's
	 * entry says (task_at, else NULL), as few records read it. */
	bool time_pending, task_pending;
	struct sm__str pid_text, cpu_text, ts_text;
	const struct sm__ftrace_prefix *task_at;

	/* ftrace: the text after the event name, split into fields only when
	 * some event wants this record (sm__ftrace_fields). */
	struct sm__str rest;
	bool fields_pending;

	/* The fields, in an array that grows to the widest record seen and is
	 * reused for the next ones: no member is dropped, and the steady state
	 * allocates nothing.  Free it with sm__record_free. */
	size_t nfields, capfields;
	struct sm__raw_field *fields;

	/* ftrace: line starts already read (known_start in source_ftrace.c),
	 * kept from record to record; NULL until the first. */
	struct sm__ftrace_prefix *prefixes;
	size_t prefix_len; /* the length of the last start learnt */
	/* ftrace: the seconds of the last time read a word at a time (the
	 * digits as loaded, the other bytes 0; 0 until the first) and their
	 * value in ns: the seconds seldom change from line to line. */
	uint64_t sec_word;
	int64_t sec_ns;

	/* jsonl: not 0 when the record's members are those of the shape this
	 * names, in its order (the same names at the same places as in every
	 * record of that shape), so a binder may find them where it found
	 * them before; 0 for every other record. */
	uint64_t shape;

	/* jsonl: the members of flat lines, in order, per event (known_shape
	 * in source_jsonl.c), kept from record to record; NULL until the first. */
	struct sm__jsonl_shapes *jsonl_shapes;

	/* SM__LINE_LOSS: how many events were lost, when the note says. */
	uint64_t lost;
	bool lost_known;
};

static inline void sm__record_free(struct sm__record *rec)
{
	free(rec->fields);
	rec->fields = NULL;
	free(rec->prefixes);
	rec->prefixes = NULL;
	free(rec->jsonl_shapes);
	rec->jsonl_shapes = NULL;
	rec->nfields = rec->capfields = 0;
}

/*
 * Parse one line (without its newline) of the given format into *rec.
 * On SM__LINE_BAD, *why is set to a static phrase naming what was wrong and
 * *col to the 1-based byte column where it went wrong.  `scratch` holds
 * decoded JSON strings; it is reset by the call.
 */
enum sm__line_kind sm__ftrace_parse(struct sm__str line, struct sm__record *rec,
				    const char **why, size_t *col);
/* The same checks without the conversions: it leaves rec->task_pending and
 * fields_pending set, and time_pending unless the time was read with the
 * checks (the kernel's `seconds.micros` on a line start met before);
 * sm__ftrace_time reads the time, sm__ftrace_task the pid and CPU,
 * sm__ftrace_fields splits the fields, for the records that need them. */
enum sm__line_kind sm__ftrace_parse_header(struct sm__str line, struct sm__record *rec,
					   const char **why, size_t *col);
void sm__ftrace_time(struct sm__record *rec);
void sm__ftrace_task(struct sm__record *rec);
void sm__ftrace_task_text(struct sm__record *rec);
void sm__ftrace_fields(struct sm__record *rec);
/* The field names a reader picks out of records, compiled once: per name
 * its first bytes (up to 8) as a word, zero-padded, as load_key reads a
 * key, so that most keys are told apart by one compare. */
struct sm__pick_step {
	uint64_t key, mask; /* `name=` as a word, and the mask of its bytes */
	uint32_t len;       /* of `name=` */
	uint32_t name;      /* its place in the pick's names */
};
#define SM__PICK_BEFORE 64
/*
 * The layout of the text after `before` in a record that pick_again read,
 * with all its values decimals: its bytes but the digits (the skeleton:
 * names, '=', blanks), where the digits are, and the text's length.  A
 * record of that length whose skeleton is the same and whose digits are
 * digits holds its values at the same places: they are converted with no
 * scan.  Checked a word at a time: y, the word at `at` less `base` (the
 * skeleton's bytes, '0' at digits, 0 where masked), must be zero at the
 * skeleton and at most 9 at digits: ((y + six) | y) & mask == 0, six
 * being 6 at digits (mask 0xf0 there, 0xff at the skeleton, 0 for the
 * bytes before the text, which belong to the line's header).  Exact up to
 * the first byte that is not as expected (only such a byte borrows or
 * carries into the next), which is all it takes.
 */
#define SM__PICK_LAYOUTS 8
#define SM__LAYOUT_WORDS 8
/* Aligned, and its words 40 bytes: a record of three values reads two
 * cache lines of its layout (with a hundred events, the layouts of the
 * others have pushed them out of the core's cache). */
struct sm__pick_layout {
	alignas(64) uint32_t len; /* of the record's text; 0: none */
	uint32_t nwords;
	/* First, per picked name, the word that ends at the last digit of its
	 * value (keep: the bytes its digits take); then the words between. */
	struct sm__layout_word {
		int32_t at; /* from the text's start; >= -8, as the header is longer */
		uint64_t base, six, mask, keep; /* keep: the bytes of the value's digits */
	} words[SM__LAYOUT_WORDS];
};
/*
 * What a record of the pick's name reads first, on one cache line (the
 * struct is aligned), and its before on the next: with a hundred events,
 * a record finds the rest of its pick out of the core's cache, and each
 * line it touches costs.  The rest is read when a record is read in full.
 */
struct sm__pick {
	/* The text before the first picked field of the last record read in
	 * full (skip bytes, at most SM__PICK_BEFORE): records of one event
	 * mostly start alike (a probe site), so a record that starts with the
	 * same bytes is read from there on, its tokens being the same up to
	 * there.  Kept as four 16-byte blocks of it, at before_at (at 0, 16,
	 * 32, 48, none past skip: they overlap when it is shorter), so that
	 * every record compares the same; shorter than 16 bytes, as the word
	 * at 0 and the one that ends at skip, masked to the bytes of the text. */
	alignas(64) uint32_t skip; /* its own declaration: alignas binds to each declarator */
	uint32_t n; /* names */
	bool again; /* records are read as the last one read in full was (steps) */
	uint8_t before_at[4];
	uint64_t before_last, before_mask;
	/* Two layouts per text length modulo SM__PICK_LAYOUTS / 2, and of
	 * each two the one used last; all start anew when pick_all reads a
	 * record (its before and steps may change). */
	struct sm__pick_layout *used[SM__PICK_LAYOUTS / 2];
	alignas(16) uint64_t before[SM__PICK_BEFORE / 8]; /* the blocks, or the word at 0 */
	struct sm__pick_layout *layouts;
	const struct sm__str *names;
	uint64_t *head;
	/* Per name, when shorter than 8 bytes: `name=` as a word, its mask. */
	uint64_t *key, *key_mask;
	bool short_names; /* each `name=` fits a word */
	/* The picked fields in the order the last record read in full gave
	 * them, one after the other: sm__ftrace_pick reads a record so while
	 * it does (again). */
	struct sm__pick_step *steps;
};
void sm__pick_init(struct sm__pick *pick, const struct sm__str *names, size_t n);
void sm__pick_free(struct sm__pick *pick);
/* Of a record that sm__ftrace_parse_header read, only the fields the pick
 * names, without splitting the others: values[k] gets the first field
 * called names[k], or no value (SM__VAL_NONE).  The record is unchanged. */
void sm__ftrace_pick(const struct sm__record *rec, struct sm__pick *pick,
		     struct sm__value *values);
enum sm__line_kind sm__log_parse(struct sm__str line, struct sm__record *rec,
				 const char **why, size_t *col);
enum sm__line_kind sm__qemu_parse(struct sm__str line, struct sm__record *rec,
				  const char **why, size_t *col);
enum sm__line_kind sm__jsonl_parse(struct sm__str line, struct sm__record *rec,
				   struct sm__buf *scratch, const char **why,
				   size_t *col);

/* The names of the fields a syslog tag gives (source_log.c): `_HOSTNAME`,
 * `SYSLOG_IDENTIFIER`, `_PID`, as journalctl -o json names them.  The only
 * record strings that do not point into the line: they are static. */
extern const struct sm__str sm__syslog_names[3];

/* Do these bytes start a trace-cmd trace.dat file (its magic, "\027\010Dtracing")? */
bool sm__dat_magic(const char *p, size_t n);

/* Guess the format of an input from its first non-blank, non-'#' line. */
enum sm__format sm__format_detect(struct sm__str first_line);

/* The lines trace-cmd report prints before its records (`version = 6`,
 * `cpus=2`, `CPU 0 is empty`): they decide nothing about the format. */
bool sm__ftrace_preamble(struct sm__str line);
/* Is the line one of the notes the kernel or trace-cmd write where events
 * were lost (`CPU:0 [LOST 12 EVENTS]`, `CPU:1 [EVENTS DROPPED]`,
 * `##### CPU 2 buffer started ####`, a `# entries-in-buffer/entries-written:`
 * header that shows overwritten entries)?  Then rec->lost, rec->lost_known
 * and *why say what was lost. */
bool sm__ftrace_loss(struct sm__str line, struct sm__record *rec, const char **why);

#endif
