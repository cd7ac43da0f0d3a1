/*
 * bind.h: the binder turns a record into the source events it stands for
 * (DESIGN.md §2.1): by name for ftrace, QEMU and JSON records, by regular
 * expression for text lines, each with its field values laid out in the
 * event's slots (declared fields, then built-ins).  Nothing is copied: the
 * values point into the record, valid until the next record.
 */
#ifndef SM_BIND_H
#define SM_BIND_H

#include "engine.h"
#include "record.h"

struct sm__binder;

struct sm__binder *sm__binder_new(const struct sm__ir *ir);
void sm__binder_free(struct sm__binder *b);
/* The events of one record; *out stays valid until the next call.  Of an
 * ftrace record whose fields are pending, only the fields some binding
 * reads are read (sm__ftrace_pick), and only when it binds; its time may
 * be left pending, for the caller to read (sm__ftrace_time). */
size_t sm__bind(struct sm__binder *b, struct sm__record *rec, enum sm__format fmt,
		const struct sm__match **out);
/* Might the ftrace record bind, by its name?  0: no; else, for
 * sm__bind_taken, where its name is.  Reads only a table of its own and
 * writes only a memo of the names asked (and notes a name that binds
 * nothing, as sm__bind does), so that one reader thread may ask while
 * another thread binds with sm__bind_taken, which binds as sm__bind does
 * without looking the name up again. */
size_t sm__binder_takes(struct sm__binder *b, const struct sm__record *rec);
/* Does binding read an ftrace record's task columns (comm, pid, cpu: a
 * built-in read, or a field that falls back to one), which come before
 * its name?  If not, it reads nothing of the line before the name. */
bool sm__binder_reads_task(const struct sm__binder *b);
size_t sm__bind_taken(struct sm__binder *b, struct sm__record *rec, size_t taken,
		      const struct sm__match **out);
/* The same for a JSON record, whose members the reader has parsed: by
 * its event name, in JSON's own table of names and memo. */
size_t sm__binder_takes_json(struct sm__binder *b, const struct sm__record *rec);
/* What either answers is below this: an array kept per binding beside
 * the binder, indexed by the answer, has this many entries. */
size_t sm__binder_takes_bound(const struct sm__binder *b);
size_t sm__bind_taken_json(struct sm__binder *b, struct sm__record *rec, size_t taken,
			   const struct sm__match **out);
/*
 * Binding split further: the reader thread picks the fields of a record
 * that sm__binder_takes took, with a pick of its own, into `ints` (*n of
 * them, at most SM__LAYOUT_WORDS), and the thread that binds takes the n
 * of them for the record with sm__bind_picked, which binds as
 * sm__bind_taken would have.  False (nothing picked) when the record's
 * event is not taken as it is (several bindings, built-ins, fields
 * renamed) or a value is not a decimal integer in a layout the pick knows
 * (then it learns the layout), and for a while after many such records:
 * then its line crosses, for sm__bind_taken.
 */
bool sm__binder_prepick(struct sm__binder *b, const struct sm__record *rec, size_t taken,
			int64_t *ints, size_t *n);
size_t sm__bind_picked(struct sm__binder *b, size_t taken, const int64_t *ints, size_t n,
		       const struct sm__match **out);
/* Returns and their entries (pair.h) are paired in the table given here,
 * the current input's (NULL, as at first: returns are taken as they are,
 * entries are not kept). */
struct sm__pairs;
void sm__binder_pairs(struct sm__binder *b, struct sm__pairs *pairs);
/* Some of the record names (ftrace, JSON) that no binding took, for a
 * "did you mean"; they stay valid until the binder is freed. */
#define SM__UNBOUND_MAX 64
size_t sm__binder_unbound(const struct sm__binder *b, struct sm__str *out, size_t cap);
/* After sm__bind: whether a `from log` pattern gave up on the record (its
 * match limit, depth limit or memory reached) instead of saying yes or no;
 * if so, why, in words, for a skipped-line report. */
bool sm__bind_gave_up(const struct sm__binder *b, char *why, size_t cap);

/* Per source event (mask has ir->nevents bytes, zeroed), the built-ins the
 * spec reads of it, one bit each (bit t: slot nfields + t): a match's
 * other built-in slots are never filled. */
void sm__bind_builtins_read(const struct sm__ir *ir, uint8_t *mask);

/*
 * Vacuity (DESIGN.md §2.6): the binder counts the matches it hands out,
 * per source event, and notes which declared fields some match carried;
 * the end of a run reports the events and fields that stayed empty.
 * sm__bind counts its own matches; events that enter past the records
 * (sm_emit) are counted with sm__binder_count.
 */
void sm__binder_count(struct sm__binder *b, const struct sm__match *m, size_t n);
uint64_t sm__binder_matched(const struct sm__binder *b, int event);
/* n more matches of the event (sm_emit's concurrent path counts them per
 * thread, and gives them to the binder at the end). */
void sm__binder_count_more(struct sm__binder *b, int event, uint64_t n);
bool sm__binder_field_seen(const struct sm__binder *b, int event, size_t field);

#endif
