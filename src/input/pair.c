/*
 * pair.c: returns paired with their entries (see pair.h).  Stage:
 * src/input, between the binder, which hands it the entries and returns
 * of each record, and the feed, which owns one table per input.
 *
 * Why a loss lets go of every open entry, not only those of its CPU: a
 * task may move to another CPU between its entry and its return, so the
 * return lost on CPU 1 may close an entry recorded on CPU 0.  Left open,
 * that entry would give its fields to a later return of the task whose own
 * entry is missing: a read attributed to the wrong device.  Let go, the
 * returns after the loss that lack their entry are not matched, and said:
 * a check missed, never a wrong one.
 */
#include "pair.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SHOWN_MAX 5                  /* returns without entry shown per input */
#define TABLE_SLOTS (2 * SM__PAIR_TASKS) /* a power of two */

/* One open entry: its declared fields, strings copied into text. */
struct frame {
	uint64_t line;
	struct sm__value *vals;
	struct sm__buf text;
};

/* The open entries of one task, for one entry event: frames[0] the
 * outermost, frames[depth - 1] the latest. */
struct task {
	int event;
	struct sm__value id;   /* a string points into idtext */
	struct sm__buf idtext;
	uint64_t hash;
	uint64_t last;         /* when it last entered: the oldest is let go first */
	struct frame *frames;
	size_t depth, cap;
};

/* A string a return took: the slot, and where its copy is in `taken`. */
struct fix {
	struct sm__value *v;
	size_t at;
};

struct sm__pairs {
	const struct sm__ir *ir;
	const char *input;
	sm__warn_fn *warn;
	void *ud;
	/* tasks with open entries: index[h] is a task's place in tasks + 1
	 * (0: empty), by open addressing; tasks[0..ntasks) are allocated,
	 * those with depth 0 free */
	int32_t index[TABLE_SLOTS];
	struct task *tasks;
	size_t ntasks, used;
	uint64_t clock;
	/* The strings the returns of the current record took (settle). */
	struct sm__buf taken;
	struct fix *fix;
	size_t nfix, capfix;
	/* What was not paired, and what the warnings have shown of it. */
	uint64_t unpaired, untasked, too_deep, too_many;
	bool shown_deep, shown_many;
};

struct sm__pairs *sm__pairs_new(const struct sm__ir *ir, const char *input, sm__warn_fn *warn,
				void *ud)
{
	struct sm__pairs *p = sm__xcalloc(1, sizeof *p);
	p->ir = ir;
	p->input = input;
	p->warn = warn;
	p->ud = ud;
	return p;
}

void sm__pairs_free(struct sm__pairs *p)
{
	if (!p)
		return;
	for (size_t k = 0; k < p->ntasks; k++) {
		struct task *t = &p->tasks[k];
		for (size_t f = 0; f < t->cap; f++) {
			free(t->frames[f].vals);
			sm__buf_free(&t->frames[f].text);
		}
		free(t->frames);
		sm__buf_free(&t->idtext);
	}
	free(p->tasks);
	sm__buf_free(&p->taken);
	free(p->fix);
	free(p);
}

/* ---- warnings ---- */

static void warn(struct sm__pairs *p, const char *kind, uint64_t line, uint64_t count,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void warn(struct sm__pairs *p, const char *kind, uint64_t line, uint64_t count,
		 const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct sm__warning w = {.kind = kind, .input = p->input, .line = line,
				.has_count = count > 0, .count = count, .message = msg};
	p->warn(p->ud, &w, true);
}

static const char *event_name(const struct sm__pairs *p, int e, int *len)
{
	*len = (int)p->ir->events[e].name.len;
	return p->ir->events[e].name.ptr;
}

/* Why a record of a pairing with entry event `entry` names no task. */
static void no_task_why(const struct sm__pairs *p, int entry, char *out, size_t cap)
{
	struct sm__str task = p->ir->events[entry].task;
	if (task.len)
		snprintf(out, cap, "it has no member '%.*s'", (int)task.len, task.ptr);
	else
		snprintf(out, cap, "it has no task column, no member 'tid' and no member 'pid'");
}

/* "task 107", "task 'worker'": a task's name in a message. */
static void task_text(struct sm__value id, char *out, size_t cap)
{
	if (id.kind == SM__VAL_STR)
		snprintf(out, cap, "task '%.*s'", (int)(id.s.len > 64 ? 64 : id.s.len), id.s.ptr);
	else
		snprintf(out, cap, "task %" PRId64, id.i);
}

/* ---- the table of tasks ---- */

static uint64_t task_hash(int event, struct sm__value id)
{
	uint64_t h = id.kind == SM__VAL_STR ? sm__hash_bytes(id.s.ptr, id.s.len)
					    : sm__hash_bytes(&id.i, sizeof id.i);
	return (h ^ (uint64_t)event * 0x9e3779b97f4a7c15u) * 0xff51afd7ed558ccdu;
}

static bool same_task(const struct task *t, int event, struct sm__value id)
{
	if (t->event != event || t->id.kind != id.kind)
		return false;
	return id.kind == SM__VAL_STR ? sm__str_eq_str(t->id.s, id.s) : t->id.i == id.i;
}

/* The index slot of (event, id): its task's, or the empty one to fill. */
static size_t find(const struct sm__pairs *p, int event, struct sm__value id, uint64_t hash)
{
	size_t at = hash & (TABLE_SLOTS - 1);
	while (p->index[at] && !same_task(&p->tasks[p->index[at] - 1], event, id))
		at = (at + 1) & (TABLE_SLOTS - 1);
	return at;
}

/* A task without open entries leaves the index (backward shift: the
 * tasks after it in its run move up, so every lookup still finds them). */
static void unlink_task(struct sm__pairs *p, size_t at)
{
	const size_t mask = TABLE_SLOTS - 1;
	p->tasks[p->index[at] - 1].depth = 0;
	p->used--;
	for (size_t next = (at + 1) & mask; p->index[next]; next = (next + 1) & mask) {
		size_t home = p->tasks[p->index[next] - 1].hash & mask;
		if (((next - home) & mask) >= ((next - at) & mask)) {
			p->index[at] = p->index[next];
			at = next;
		}
	}
	p->index[at] = 0;
}

/* The task that entered least recently goes, with its open entries. */
static void evict_oldest(struct sm__pairs *p, uint64_t line)
{
	struct task *oldest = NULL;
	for (size_t k = 0; k < p->ntasks; k++)
		if (p->tasks[k].depth && (!oldest || p->tasks[k].last < oldest->last))
			oldest = &p->tasks[k];
	p->too_many += oldest->depth;
	if (!p->shown_many) {
		p->shown_many = true;
		char who[100];
		int len;
		const char *name = event_name(p, oldest->event, &len);
		task_text(oldest->id, who, sizeof who);
		warn(p, "pair-limit", line, 0, "more than %d tasks have open entries: the %.*s "
		     "entries of %s (the one that entered least recently) are let go; their "
		     "returns will not be matched", SM__PAIR_TASKS, len, name, who);
	}
	unlink_task(p, find(p, oldest->event, oldest->id, oldest->hash));
}

/* A free task record (depth 0), made when none is left.  A scan: tasks
 * come and go at entries only, and few are open at once. */
static struct task *free_task(struct sm__pairs *p)
{
	for (size_t k = 0; k < p->ntasks; k++)
		if (!p->tasks[k].depth)
			return &p->tasks[k];
	p->tasks = sm__xrealloc(p->tasks, (p->ntasks + 1) * sizeof *p->tasks);
	memset(&p->tasks[p->ntasks], 0, sizeof *p->tasks);
	return &p->tasks[p->ntasks++];
}

/* The task of (event, id), made (and indexed) when it has no open entry. */
static struct task *task_for(struct sm__pairs *p, int event, struct sm__value id, uint64_t line)
{
	uint64_t hash = task_hash(event, id);
	size_t at = find(p, event, id, hash);
	if (p->index[at])
		return &p->tasks[p->index[at] - 1];
	if (p->used == SM__PAIR_TASKS) {
		evict_oldest(p, line);
		at = find(p, event, id, hash);
	}
	struct task *t = free_task(p);
	t->event = event;
	t->hash = hash;
	t->id = id;
	if (id.kind == SM__VAL_STR) {
		t->idtext.len = 0;
		sm__buf_add(&t->idtext, id.s.ptr, id.s.len);
		t->id.s.ptr = t->idtext.data;
	}
	p->index[at] = (int32_t)(t - p->tasks) + 1;
	p->used++;
	return t;
}

/* ---- entries and returns ---- */

/* The next frame of t; past the depth bound, the outermost is let go and
 * its storage reused. */
static struct frame *push_frame(struct sm__pairs *p, struct task *t, size_t nvals,
				uint64_t line)
{
	if (t->depth == SM__PAIR_DEPTH) {
		p->too_deep++;
		if (!p->shown_deep) {
			p->shown_deep = true;
			char who[100];
			int len;
			const char *name = event_name(p, t->event, &len);
			task_text(t->id, who, sizeof who);
			warn(p, "pair-limit", line, 0, "more than %d %.*s entries of %s are open: "
			     "the outermost is let go; its return will not be matched",
			     SM__PAIR_DEPTH, len, name, who);
		}
		struct frame outermost = t->frames[0];
		memmove(t->frames, t->frames + 1, (t->depth - 1) * sizeof *t->frames);
		t->frames[--t->depth] = outermost;
	}
	if (t->depth == t->cap) {
		t->frames = sm__xrealloc(t->frames, (t->cap + 1) * sizeof *t->frames);
		t->frames[t->cap] = (struct frame){0, sm__xcalloc(nvals + 1, sizeof(struct sm__value)),
						   {0}};
		t->cap++;
	}
	return &t->frames[t->depth++];
}

void sm__pairs_enter(struct sm__pairs *p, int event, struct sm__value task,
		     const struct sm__value *vals, uint64_t line)
{
	if (task.kind == SM__VAL_NONE) {
		/* Said once: the message is made only then. */
		if (!p->untasked++) {
			int len;
			const char *name = event_name(p, event, &len);
			char why[100];
			no_task_why(p, event, why, sizeof why);
			warn(p, "no-task", line, 0, "this %.*s record names no task (%s): its "
			     "return will not find it", len, name, why);
		}
		return;
	}
	struct task *t = task_for(p, event, task, line);
	t->last = ++p->clock;
	size_t nvals = p->ir->events[event].nfields;
	struct frame *f = push_frame(p, t, nvals, line);
	f->line = line;
	f->text.len = 0;
	for (size_t k = 0; k < nvals; k++)
		if (vals[k].kind == SM__VAL_STR)
			sm__buf_add(&f->text, vals[k].s.ptr, vals[k].s.len);
	const char *s = f->text.data ? f->text.data : "";
	for (size_t k = 0; k < nvals; k++) {
		f->vals[k] = vals[k];
		if (vals[k].kind == SM__VAL_STR) {
			f->vals[k].s.ptr = s;
			s += vals[k].s.len;
		}
	}
}

static void unpaired(struct sm__pairs *p, const struct sm__ir_binding *ib,
		     struct sm__value task, uint64_t line)
{
	if (p->unpaired++ >= SHOWN_MAX)
		return;
	int len, elen;
	const char *name = event_name(p, ib->event, &len);
	const char *entry = event_name(p, ib->entry, &elen);
	char who[100] = "";
	if (task.kind == SM__VAL_NONE) {
		no_task_why(p, ib->entry, who, sizeof who);
		warn(p, "unpaired-return", line, 0, "this %.*s record names no task (%s): it "
		     "cannot be paired with its %.*s; not matched", len, name, who, elen, entry);
		return;
	}
	task_text(task, who, sizeof who);
	warn(p, "unpaired-return", line, 0, "%.*s is a return of %.*s, but no %.*s of %s is "
	     "open (the trace began inside the call, or its entry was lost): not matched",
	     len, name, elen, entry, elen, entry, who);
}

bool sm__pairs_return(struct sm__pairs *p, const struct sm__ir_binding *ib,
		      struct sm__value task, struct sm__value *slots, uint64_t line)
{
	size_t at = 0;
	if (task.kind != SM__VAL_NONE)
		at = find(p, ib->entry, task, task_hash(ib->entry, task));
	if (task.kind == SM__VAL_NONE || !p->index[at]) {
		unpaired(p, ib, task, line);
		return false;
	}
	struct task *t = &p->tasks[p->index[at] - 1];
	const struct frame *f = &t->frames[t->depth - 1];
	size_t nfields = p->ir->events[ib->event].nfields;
	for (size_t k = 0; k < nfields; k++) {
		if (slots[k].kind != SM__VAL_NONE || ib->from_entry[k] < 0)
			continue;
		slots[k] = f->vals[ib->from_entry[k]];
		if (slots[k].kind != SM__VAL_STR || !slots[k].s.len)
			continue;
		/* The frame's storage is reused by the next entry, maybe of this
		 * very record: the string is copied (settle points at it). */
		struct fix fx = {&slots[k], p->taken.len};
		SM__PUSH(p->fix, p->nfix, p->capfix, fx);
		sm__buf_add(&p->taken, slots[k].s.ptr, slots[k].s.len);
	}
	if (--t->depth == 0)
		unlink_task(p, at);
	return true;
}

void sm__pairs_settle(struct sm__pairs *p)
{
	for (size_t k = 0; k < p->nfix; k++)
		p->fix[k].v->s.ptr = p->taken.data + p->fix[k].at;
	p->nfix = 0;
	p->taken.len = 0;
}

/* ---- losses and the end ---- */

void sm__pairs_loss(struct sm__pairs *p, uint64_t line)
{
	uint64_t open = 0;
	for (size_t k = 0; k < p->ntasks; k++)
		open += p->tasks[k].depth;
	if (!open)
		return;
	for (size_t k = 0; k < p->ntasks; k++)
		p->tasks[k].depth = 0;
	memset(p->index, 0, sizeof p->index);
	p->used = 0;
	warn(p, "pair-loss", line, open, "events were lost: the %" PRIu64 " open entr%s (of "
	     "calls not returned yet) %s let go, as their returns may be among the lost; a "
	     "return after this with no entry is not matched", open, open == 1 ? "y" : "ies",
	     open == 1 ? "is" : "are");
}

/* Per entry event: its entries never returned, placed at the oldest. */
static void unreturned(struct sm__pairs *p)
{
	for (size_t e = 0; e < p->ir->nevents; e++) {
		if (!p->ir->events[e].entry)
			continue;
		uint64_t n = 0;
		const struct frame *first = NULL;
		const struct task *who = NULL;
		for (size_t k = 0; k < p->ntasks; k++) {
			const struct task *t = &p->tasks[k];
			if (t->event != (int)e || !t->depth)
				continue;
			n += t->depth;
			if (!first || t->frames[0].line < first->line) {
				first = &t->frames[0];
				who = t;
			}
		}
		if (!n)
			continue;
		char task[100];
		int len;
		const char *name = event_name(p, (int)e, &len);
		task_text(who->id, task, sizeof task);
		if (n == 1)
			warn(p, "unreturned-entry", first->line, n, "this %.*s entry (%s) never "
			     "returned", len, name, task);
		else
			warn(p, "unreturned-entry", first->line, n, "%" PRIu64 " %.*s entries never "
			     "returned; the first is this one (%s)", n, len, name, task);
	}
}

void sm__pairs_end(struct sm__pairs *p)
{
	unreturned(p);
	if (p->unpaired > SHOWN_MAX)
		warn(p, "unpaired-return", 0, p->unpaired, "%" PRIu64 " returns in all had no "
		     "open entry and were not matched (the first %d shown)", p->unpaired,
		     SHOWN_MAX);
	if (p->untasked > 1)
		warn(p, "no-task", 0, p->untasked, "%" PRIu64 " entries in all named no task "
		     "and were not kept", p->untasked);
	if (p->too_deep + p->too_many > 1)
		warn(p, "pair-limit", 0, p->too_deep + p->too_many, "%" PRIu64 " open entries "
		     "in all were let go for the bounds on nesting (%d) and tasks (%d)",
		     p->too_deep + p->too_many, SM__PAIR_DEPTH, SM__PAIR_TASKS);
}
