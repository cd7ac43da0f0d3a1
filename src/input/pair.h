/*
 * pair.h: a return record paired with the entry record of the same task
 * (language.md, "Returns and their entries").  An event bound `returning
 * ENTRY` takes the fields its record lacks from the latest ENTRY record of
 * the same task that has not returned yet: a kretprobe of Linux 6.1 cannot
 * read its function's arguments, its entry probe can.
 *
 * One table per input (a loss in one input says nothing of another).  Per
 * entry event and task, a stack: an entry pushes its declared fields, a
 * return pops the latest (recursion and nesting pair inside out).  Memory
 * is bounded: SM__PAIR_DEPTH entries per task, SM__PAIR_TASKS tasks with
 * open entries; what the bounds let go is counted and warned about, as are
 * returns with no open entry (not matched), entries whose record names no
 * task, entries a loss let go, and entries never returned (at the end).
 */
#ifndef SM_PAIR_H
#define SM_PAIR_H

#include "ir.h"
#include "report.h"

#define SM__PAIR_DEPTH 64
#define SM__PAIR_TASKS 4096

struct sm__pairs;

/* Warnings go to warn(ud, ...), placed in the input `input` (borrowed). */
struct sm__pairs *sm__pairs_new(const struct sm__ir *ir, const char *input, sm__warn_fn *warn,
				void *ud);
/* Frees the table; says nothing (sm__pairs_end does). */
void sm__pairs_free(struct sm__pairs *p);

/* A return of binding ib, of task `task` (SM__VAL_NONE: its record names
 * none), at input line `line`: its slots that hold no value take those of
 * the latest open entry of the task, which is closed.  False when no entry
 * is open: the event is not matched (counted, the first few warned). */
bool sm__pairs_return(struct sm__pairs *p, const struct sm__ir_binding *ib,
		      struct sm__value task, struct sm__value *slots, uint64_t line);
/* After the returns of a record, before its entries: the strings the
 * returns took point at copies that live until the next record. */
void sm__pairs_settle(struct sm__pairs *p);
/* An entry of event `event` (its declared fields in vals; strings are
 * copied), of task `task`, at `line`. */
void sm__pairs_enter(struct sm__pairs *p, int event, struct sm__value task,
		     const struct sm__value *vals, uint64_t line);
/* Events were lost at `line`: every open entry is let go. */
void sm__pairs_loss(struct sm__pairs *p, uint64_t line);
/* The end of the input: the entries never returned, and the counts of what
 * the first warnings did not show. */
void sm__pairs_end(struct sm__pairs *p);

#endif
