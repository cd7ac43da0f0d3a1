/* bind.c: records to events (see bind.h). */
#include "bind.h"

#include "pair.h"
#include "pick.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Binding plans, made once when the binder is created, so that binding a
 * record compares no names but those of the members its bindings read:
 *
 *   wants  := the record members a group of bindings reads, each named once
 *             (the bindings of one record name, or one `from log` binding)
 *   bound  := a binding, and per declared field its member's place in wants
 *   reads  := per binding: the built-ins the spec reads of its event
 *
 * A record is searched once for its wants (for ftrace, one scan of the
 * text after the name, converting only the values wanted); each binding
 * then copies them into its slots.  Where a member repeats, the first one
 * counts.  A built-in the spec never reads is never filled: its slot stays
 * empty.
 */
struct wants {
	/* the names compiled for sm__ftrace_pick: first, as a name's records
	 * read its first lines (struct sm__pick) */
	struct sm__pick pick;
	struct sm__str *name;
	struct sm__value *got; /* per name: the record's value (NONE: absent) */
	size_t n;
	bool got_slots; /* got is the slots of the group's one binding (direct) */
	/* JSON: where each name was found in the records of `shape`
	 * (record.h; 0: none yet), -1 where it was not. */
	uint64_t shape;
	int *at;
	/* Where `comm`, `pid` and `cpu` are in name, when some binding reads
	 * them as built-ins (else -1): a record without the task columns
	 * (JSON, QEMU) gives them as members of those names. */
	int task[SM__NBUILTINS - SM__BI_COMM];
};

struct bound {
	int binding;
	size_t nfields; /* its event's declared fields */
	int *from; /* per declared field: its place in wants, -1: none (a log group) */
	/* An entry or a return (pair.h): where the members that may name its
	 * task are in wants (-1: none), and the built-in the task falls back
	 * to (-1: none); see task_of. */
	bool paired, named_task;
	int task_at[2];
	int task_builtin;
	/* Its group's wants are its declared fields, in order, and nothing
	 * else: they are gathered straight into its slots (see direct);
	 * filled: and it reads no built-in, so fill has nothing to do. */
	bool direct, filled;
};

/* Bindings by record name: an open-addressing table of names, each with the
 * bindings that take records of that name and what they read. */
struct name_slot {
	/* The one binding of the name takes an ftrace record as it is (see
	 * direct): its event's values are picked into the binder's `picked`
	 * (picked_match), and `event` is that binding's.  With the name and
	 * the rest, on the slot's first cache line; its pick's first lines
	 * follow. */
	bool fast;
	int event;
	struct sm__str name;
	uint64_t hash; /* of name: most lookups end without comparing names */
	struct bound *bound;
	size_t n;
	struct wants wants;
};

/* Record names no binding takes, remembered for a "did you mean" when an
 * event matched nothing: a small direct-mapped cache, so that an unbound
 * record costs one comparison of the hash the lookup computed anyway. */
#define UNBOUND_SLOTS 64
#define UNBOUND_NAME 48

struct unbound {
	uint64_t hash;
	uint8_t len; /* 0: empty */
	char name[UNBOUND_NAME];
};

struct sm__binder {
	const struct sm__ir *ir;
	struct unbound unbound[UNBOUND_SLOTS];
	struct name_slot *ftrace, *json, *qemu; /* tables of `cap` slots */
	size_t cap;
	struct bound *log;               /* `from log` bindings ... */
	struct wants *log_wants;         /* ... and the members each reads */
	size_t nlog;
	struct sm__value *slots;         /* per binding: its event's slots */
	size_t *slot_at;
	/* Per binding: the built-ins its event's slots must hold (bit k:
	 * built-in k), and per declared field (at slot_at) the built-in its
	 * member is named after, or -1: a record without that member gives
	 * the built-in (`event e(pid)` reads the task's pid). */
	uint8_t *reads;
	int8_t *named_builtin;
	struct sm__match *matches;
	/* The values of a fast name's record (name_slot.fast), whatever its
	 * name: one place, in the core's cache, where each name's slots
	 * would be lines of their own; picked_n of them may hold values (the
	 * slots past an event's fields, its built-ins', must hold none). */
	struct sm__value *picked;
	size_t picked_n;
	/* Returns and entries (pair.h): the current input's table (NULL:
	 * returns are taken as they are), and the entries of the record being
	 * bound, kept once its returns are paired. */
	struct sm__pairs *pairs;
	/* No `from log` binding, no pairs table: a record's events are the
	 * bindings of its name, and nothing is kept of it (sm__bind). */
	bool names_only;
	struct entry { int event; struct sm__value task; const struct sm__value *vals; } *entries;
	size_t nentries;
	/* `from log` matching: created once, reused for every line (the
	 * compiled patterns in the IR are shared and never written). */
	pcre2_match_data *groups;
	pcre2_match_context *limits;
	pcre2_jit_stack *jit_stack;
	uint32_t maxgroups;
	/* The first pattern that gave up on the current line, and why. */
	int gave_up;
	int gave_up_rc;
	/* Vacuity: per source event, the matches handed out, and per declared
	 * field whether some match carried it (field_at[e] is event e's first
	 * entry in field_seen; counts[e].fields_unseen, the ones still missing,
	 * so a complete event costs one test).  An event's two counters share
	 * a cache line: a record reads both. */
	struct event_count { uint64_t matched; size_t fields_unseen; } *counts;
	size_t *field_at;
	bool *field_seen;
	/* What a reader on another thread reads for every record, on a cache
	 * line that the thread binding records does not write (the binder is
	 * allocated on lines of its own).  The ftrace table's names alone,
	 * where they sit there: what the reader asks (sm__binder_takes),
	 * apart from the slots that binding a record writes; and the JSON
	 * table's (sm__binder_takes_json). */
	alignas(64) struct take { struct sm__str name; uint64_t hash; } *takes;
	struct take *json_takes;
	/* The reader thread's alone, on cache lines of their own (takes_memo):
	 * the ftrace names' and the JSON ones'. */
	struct takes_memo *memo, *json_memo;
	/* The reader thread's own picks (sm__binder_prepick), per ftrace
	 * slot, each made as it first meets the slot's name. */
	struct prepick *prepicks;
};

/*
 * The answers of sm__binder_takes to the last names asked, by their words:
 * a trace has a few names, met again and again, and a name of up to 16
 * bytes is its first and last 8 bytes (overlapping, or the first alone,
 * zero-padded) and its length.  A name met again needs neither its hash
 * nor the table; nor the note of a name that binds nothing (made the
 * first time, which stands: remember_unbound keeps its first name).
 */
#define TAKES_MEMO 1024 /* a power of 2: room for a spec of a few hundred
			  * names (dist100's 200 evicted one another in 64);
			  * a trace of few names touches few of its lines */
#define TAKES_MEMO_LEN 16

_Static_assert((TAKES_MEMO & (TAKES_MEMO - 1)) == 0, "memo_of takes the top bits of a hash");

struct takes_memo {
	uint64_t first, last, len; /* len 0: empty */
	size_t taken;
};

/*
 * A reader thread's pick of the records of one ftrace name
 * (sm__binder_prepick): a pick of its own, as a pick learns the layouts
 * of the records it reads, and the stepping thread's is in use there.
 * A record that no layout it knows fits is read in full (to learn its
 * layout) and crosses as its line.  Once such records outnumber
 * PREPICK_MISSES and a quarter of those picked, the name's next
 * PREPICK_PAUSE records cross as lines without a try (a name whose
 * values are strings costs the reader little), and then it tries anew.
 */
#define PREPICK_MISSES 64
#define PREPICK_PAUSE 4096

struct prepick {
	bool made, fast; /* fast: its name's records are taken as they are */
	uint32_t paused; /* records still to let cross as lines */
	uint64_t picked, missed;
	struct sm__pick pick;
	struct sm__value *got;
};

/* The work one pattern may do on one line: a fixed allowance plus a share
 * per byte, so a linear match of a long line fits and a catastrophic one
 * (nested repetitions, backtracking over the whole line for each start)
 * stops after time proportional to the line, not exponential in it. */
#define MATCH_LIMIT_BASE 1000000u
#define MATCH_LIMIT_PER_BYTE 16u
#define DEPTH_LIMIT 100000u
#define JIT_STACK_MAX (1024 * 1024)

/* The bytes of a name of fewer than 8, as a word (the rest zero). */
static inline uint64_t short_word(const char *p, size_t n)
{
	uint64_t w = 0;
	for (size_t k = 0; k < n; k++)
		w |= (uint64_t)(unsigned char)p[k] << (8 * k);
	return w;
}

/* A record name's hash, inline and a word at a time (its first and last
 * eight bytes and its length): every record is looked up by its name.
 * `avail` bytes may be read from s.ptr: a short name followed by more of
 * its line is read as one word, masked. */
static inline uint64_t name_hash(struct sm__str s, size_t avail)
{
	uint64_t a, z = 0;
	if (s.len >= 8) {
		memcpy(&a, s.ptr, 8);
		memcpy(&z, s.ptr + s.len - 8, 8);
	} else if (avail >= 8) {
		memcpy(&a, s.ptr, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		a = __builtin_bswap64(a);
#endif
		a &= ~(~0ull << (8 * s.len));
	} else {
		a = short_word(s.ptr, s.len);
	}
	uint64_t h = ((a ^ s.len) * 0x9e3779b97f4a7c15ull) ^ (z * 0xc2b2ae3d27d4eb4full);
	/* A product's low bits see only its factor's low bytes, and names
	 * often differ in their last (`virtio_req_07`): mixed to the end
	 * (murmur's finalizer), as the table takes its slot from the low
	 * bits; a fold alone left 200 such names 7 probes each. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	return h ^ h >> 33;
}

/* Are the names equal?  Inline and a word at a time (the last word
 * overlapping the one before): no call, which would have the caller save
 * its registers around it. */
static inline bool same_name(struct sm__str a, struct sm__str b)
{
	if (a.len != b.len)
		return false;
	if (a.len < 8)
		return short_word(a.ptr, a.len) == short_word(b.ptr, b.len);
	uint64_t a0, a1, b0, b1;
	memcpy(&a0, a.ptr, 8);
	memcpy(&b0, b.ptr, 8);
	memcpy(&a1, a.ptr + a.len - 8, 8);
	memcpy(&b1, b.ptr + b.len - 8, 8);
	uint64_t diff = (a0 ^ b0) | (a1 ^ b1);
	for (size_t k = 8; k + 8 < a.len; k += 8) {
		memcpy(&a0, a.ptr + k, 8);
		memcpy(&b0, b.ptr + k, 8);
		diff |= a0 ^ b0;
	}
	return diff == 0;
}

static inline struct name_slot *find_slot(struct name_slot *t, size_t cap,
					 struct sm__str name, uint64_t hash)
{
	for (size_t at = hash & (cap - 1);; at = (at + 1) & (cap - 1))
		if (!t[at].name.ptr || (t[at].hash == hash && same_name(t[at].name, name)))
			return &t[at];
}

/* Keep the first name seen in its cache slot; longer names are not kept. */
static void remember_unbound(struct sm__binder *b, struct sm__str name, uint64_t hash)
{
	struct unbound *u = &b->unbound[hash >> 58];
	if (u->len || name.len >= UNBOUND_NAME)
		return;
	u->hash = hash;
	u->len = (uint8_t)name.len;
	memcpy(u->name, name.ptr, name.len);
}

size_t sm__binder_unbound(const struct sm__binder *b, struct sm__str *out, size_t cap)
{
	size_t n = 0;
	for (size_t k = 0; k < UNBOUND_SLOTS && n < cap; k++)
		if (b->unbound[k].len)
			out[n++] = (struct sm__str){b->unbound[k].name, b->unbound[k].len};
	return n;
}

/* ---- plans ---- */

static int builtin_of(struct sm__str name)
{
	for (int k = 0; k < SM__NBUILTINS; k++)
		if (sm__str_eq(name, sm__builtin_names[k]))
			return k;
	return -1;
}

/* The place of member `name` in w, added if new. */
static int want(struct wants *w, struct sm__str name)
{
	for (size_t k = 0; k < w->n; k++)
		if (sm__str_eq_str(w->name[k], name))
			return (int)k;
	w->name = sm__xrealloc(w->name, (w->n + 1) * sizeof *w->name);
	w->got = sm__xrealloc(w->got, (w->n + 1) * sizeof *w->got);
	w->at = sm__xrealloc(w->at, (w->n + 1) * sizeof *w->at);
	w->shape = 0;
	w->name[w->n] = name;
	return (int)w->n++;
}

static void wants_init(struct wants *w)
{
	*w = (struct wants){0};
	for (size_t k = 0; k < SM__ARRAY_LEN(w->task); k++)
		w->task[k] = -1;
}

static void wants_free(struct wants *w)
{
	sm__pick_free(&w->pick);
	free(w->name);
	free(w->at);
	if (!w->got_slots)
		free(w->got);
}

static struct sm__str cstr(const char *s)
{
	return (struct sm__str){s, strlen(s)};
}

/*
 * The task of an entry or a return (language.md, "Returns and their
 * entries"): with `per FIELD`, the member FIELD, else the built-in of that
 * name; without, an ftrace record's pid column, else a member `tid`, else
 * `pid`.  Entries and returns of one pairing name it alike (resolve.c).
 */
static void plan_task(const struct sm__binder *b, const struct sm__ir_binding *ib,
		      struct bound *bd, struct wants *w)
{
	const struct sm__ir_event *ev = &b->ir->events[ib->event];
	if (ib->entry < 0 && !ev->entry)
		return;
	struct sm__str task = ib->entry >= 0 ? b->ir->events[ib->entry].task : ev->task;
	bd->paired = true;
	bd->named_task = task.len > 0;
	bd->task_at[0] = want(w, task.len ? task : cstr("tid"));
	bd->task_at[1] = task.len ? -1 : want(w, cstr("pid"));
	bd->task_builtin = task.len ? builtin_of(task) : SM__BI_PID;
}

/* What binding k reads of a record: its declared fields' members (a log
 * binding's only where no group gives them), the task built-ins, and the
 * members that name its task if it pairs. */
static struct bound plan_binding(const struct sm__binder *b, size_t k, struct wants *w)
{
	const struct sm__ir_binding *ib = &b->ir->bindings[k];
	size_t nfields = b->ir->events[ib->event].nfields;
	struct bound bd = {(int)k, nfields, sm__xcalloc(nfields + 1, sizeof *bd.from),
			   false, false, {-1, -1}, -1};
	for (size_t f = 0; f < nfields; f++)
		bd.from[f] = ib->kind == SM__BIND_LOG && ib->group[f] ? -1 : want(w, ib->member[f]);
	for (int t = SM__BI_COMM; t < SM__NBUILTINS; t++)
		if (b->reads[k] & 1u << t)
			w->task[t - SM__BI_COMM] = want(w, cstr(sm__builtin_names[t]));
	plan_task(b, ib, &bd, w);
	return bd;
}

static void add_named(struct sm__binder *b, struct name_slot *t, struct sm__str name, size_t k)
{
	uint64_t hash = name_hash(name, name.len);
	struct name_slot *s = find_slot(t, b->cap, name, hash);
	if (!s->name.ptr) {
		s->name = name;
		s->hash = hash;
		wants_init(&s->wants);
	}
	s->bound = sm__xrealloc(s->bound, (s->n + 1) * sizeof *s->bound);
	s->bound[s->n++] = plan_binding(b, k, &s->wants);
}

/* The built-ins expression e, resolved for event ev, reads, as bits of
 * *mask: the names the resolver bound to slots past ev's declared fields. */
static void expr_reads(const struct sm__expr *e, const struct sm__ir_event *ev, uint8_t *mask)
{
	for (; e; e = e->b) {
		if (e->op == SM__E_NAME && e->slot >= (int)ev->nfields)
			*mask |= (uint8_t)(1u << (e->slot - (int)ev->nfields));
		expr_reads(e->a, ev, mask);
	}
}

/*
 * Per source event, the built-ins the spec reads of it anywhere: a derived
 * event's filter and the guards and actions of edges on it read the slots
 * of its root, and so do the keys of properties.  (Time itself, clocks and
 * deadlines, comes with the instant, not from a slot.)
 */
void sm__bind_builtins_read(const struct sm__ir *ir, uint8_t *mask)
{
	for (size_t e = 0; e < ir->nevents; e++) {
		const struct sm__ir_event *ev = &ir->events[e];
		expr_reads(ev->where, ev, &mask[ev->root]);
	}
	for (size_t k = 0; k < ir->nprops; k++) {
		const struct sm__ir_prop *p = &ir->props[k];
		for (size_t e = 0; e < ir->nevents; e++)
			for (size_t key = 0; key < p->nkeys; key++) {
				int slot = p->key_slot[e * p->nkeys + key];
				if (slot >= (int)ir->events[e].nfields)
					mask[ir->events[e].root] |=
						(uint8_t)(1u << (slot - (int)ir->events[e].nfields));
			}
		for (size_t g = 0; g < p->nedges; g++) {
			const struct sm__ir_edge *edge = &p->edges[g];
			const struct sm__ir_event *ev = &ir->events[edge->event];
			uint8_t *m = &mask[ev->root];
			expr_reads(edge->guard, ev, m);
			for (size_t a = 0; a < edge->nactions; a++)
				expr_reads(edge->actions[a].value, ev, m);
		}
	}
}

/* PCRE2's allocations fail the way sm__xcalloc's do. */
static void *nonnull(void *p)
{
	if (!p) {
		fprintf(stderr, "specmon: out of memory (regular expression matching)\n");
		abort();
	}
	return p;
}

/* What every `from log` match uses: one match data big enough for the
 * pattern with the most groups, and a match context with the limits (the
 * JIT stack is only a ceiling: PCRE2 grows it as a match needs). */
static void make_matcher(struct sm__binder *b)
{
	b->groups = nonnull(pcre2_match_data_create(b->maxgroups, NULL));
	b->limits = nonnull(pcre2_match_context_create(NULL));
	pcre2_set_depth_limit(b->limits, DEPTH_LIMIT);
	b->jit_stack = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
	if (b->jit_stack) /* else JIT matches use PCRE2's 32 KiB default */
		pcre2_jit_stack_assign(b->limits, NULL, b->jit_stack);
}

/* Per binding: the built-ins it fills and the ones its fields fall back to. */
static void plan_builtins(struct sm__binder *b, size_t nslots)
{
	const struct sm__ir *ir = b->ir;
	uint8_t *mask = sm__xcalloc(ir->nevents + 1, 1);
	sm__bind_builtins_read(ir, mask);
	b->reads = sm__xcalloc(ir->nbindings + 1, sizeof *b->reads);
	b->named_builtin = sm__xcalloc(nslots + 1, sizeof *b->named_builtin);
	for (size_t k = 0; k < ir->nbindings; k++) {
		const struct sm__ir_binding *ib = &ir->bindings[k];
		b->reads[k] = mask[ib->event];
		for (size_t f = 0; f < ir->events[ib->event].nfields; f++)
			b->named_builtin[b->slot_at[k] + f] = (int8_t)builtin_of(ib->member[f]);
	}
	free(mask);
}

/* Once every binding is planned (want may move the name arrays): the
 * wanted names of each group compiled for sm__ftrace_pick -- the groups
 * that ftrace records reach: by their names and by `from log` patterns.
 * (JSON and QEMU records come with their fields split: their groups need
 * none, and with 200 events theirs took 300 page faults a run.) */
static void compile_picks(struct sm__binder *b)
{
	for (size_t k = 0; k < b->cap; k++)
		if (b->ftrace[k].name.ptr)
			sm__pick_init(&b->ftrace[k].wants.pick, b->ftrace[k].wants.name,
				      b->ftrace[k].wants.n);
	for (size_t k = 0; k < b->nlog; k++)
		sm__pick_init(&b->log_wants[k].pick, b->log_wants[k].name, b->log_wants[k].n);
}

/* A record name that one binding takes, whose wants are its declared
 * fields in order (no task members, no fields from elsewhere): the values
 * are gathered into the binding's slots, with nothing to copy. */
static void direct(struct sm__binder *b)
{
	struct name_slot *tables[] = {b->ftrace, b->json, b->qemu};
	for (size_t t = 0; t < SM__ARRAY_LEN(tables); t++)
		for (size_t k = 0; k < b->cap; k++) {
			struct name_slot *s = &tables[t][k];
			if (!s->name.ptr || s->n != 1 || s->wants.n != s->bound[0].nfields)
				continue;
			bool in_order = true;
			for (size_t f = 0; f < s->bound[0].nfields; f++)
				in_order &= s->bound[0].from[f] == (int)f;
			if (!in_order)
				continue;
			size_t at = b->slot_at[s->bound[0].binding];
			free(s->wants.got);
			s->wants.got = &b->slots[at];
			s->wants.got_slots = true;
			s->bound[0].direct = true;
			s->bound[0].filled = !b->reads[s->bound[0].binding];
			for (size_t f = 0; f < s->bound[0].nfields; f++)
				s->bound[0].filled &= b->named_builtin[at + f] < 0;
			s->fast = s->bound[0].filled && !s->bound[0].paired;
			s->event = b->ir->bindings[s->bound[0].binding].event;
		}
}

struct sm__binder *sm__binder_new(const struct sm__ir *ir)
{
	struct sm__binder *b = sm__xlines(sizeof *b);
	b->ir = ir;
	b->cap = 16;
	while (b->cap < ir->nbindings * 2 + 2)
		b->cap *= 2;
	b->ftrace = sm__xlines(b->cap * sizeof *b->ftrace); /* aligned: struct sm__pick */
	b->json = sm__xlines(b->cap * sizeof *b->json);
	b->qemu = sm__xlines(b->cap * sizeof *b->qemu);
	b->log = sm__xcalloc(ir->nbindings + 1, sizeof *b->log);
	b->log_wants = sm__xlines((ir->nbindings + 1) * sizeof *b->log_wants);
	b->slot_at = sm__xcalloc(ir->nbindings + 1, sizeof *b->slot_at);
	size_t nslots = 0, widest = 0;
	for (size_t k = 0; k < ir->nbindings; k++) {
		size_t n = sm__ir_nslots(&ir->events[ir->bindings[k].event]);
		b->slot_at[k] = nslots;
		nslots += n;
		widest = n > widest ? n : widest;
	}
	b->picked = sm__xcalloc(widest + 1, sizeof *b->picked);
	plan_builtins(b, nslots);
	for (size_t k = 0; k < ir->nbindings; k++) {
		const struct sm__ir_binding *ib = &ir->bindings[k];
		if (ib->kind == SM__BIND_FTRACE || ib->kind == SM__BIND_DEFAULT)
			add_named(b, b->ftrace, ib->name, k);
		if (ib->kind == SM__BIND_JSON || ib->kind == SM__BIND_DEFAULT)
			add_named(b, b->json, ib->name, k);
		if (ib->kind == SM__BIND_QEMU)
			add_named(b, b->qemu, ib->name, k);
		if (ib->kind == SM__BIND_LOG && ib->re) {
			wants_init(&b->log_wants[b->nlog]);
			b->log[b->nlog] = plan_binding(b, k, &b->log_wants[b->nlog]);
			b->nlog++;
			if (ib->ngroups + 1 > b->maxgroups)
				b->maxgroups = (uint32_t)ib->ngroups + 1;
		}
	}
	compile_picks(b);
	b->takes = sm__xcalloc(b->cap, sizeof *b->takes);
	b->json_takes = sm__xcalloc(b->cap, sizeof *b->json_takes);
	b->prepicks = sm__xlines(b->cap * sizeof *b->prepicks);
	b->memo = sm__xlines(TAKES_MEMO * sizeof *b->memo);
	b->json_memo = sm__xlines(TAKES_MEMO * sizeof *b->json_memo);
	for (size_t k = 0; k < b->cap; k++) {
		b->takes[k] = (struct take){b->ftrace[k].name, b->ftrace[k].hash};
		b->json_takes[k] = (struct take){b->json[k].name, b->json[k].hash};
	}
	b->slots = sm__xcalloc(nslots + 1, sizeof *b->slots);
	direct(b);
	b->matches = sm__xcalloc(ir->nbindings + 1, sizeof *b->matches);
	b->entries = sm__xcalloc(ir->nbindings + 1, sizeof *b->entries);
	b->gave_up = -1;
	if (b->nlog)
		make_matcher(b);
	b->names_only = !b->nlog;
	size_t nfields = 0;
	b->counts = sm__xcalloc(ir->nevents + 1, sizeof *b->counts);
	b->field_at = sm__xcalloc(ir->nevents + 1, sizeof *b->field_at);
	for (size_t k = 0; k < ir->nevents; k++) {
		b->field_at[k] = nfields;
		b->counts[k].fields_unseen = ir->events[k].nfields;
		nfields += ir->events[k].nfields;
	}
	b->field_seen = sm__xcalloc(nfields + 1, sizeof *b->field_seen);
	return b;
}

static void free_table(struct name_slot *t, size_t cap)
{
	for (size_t k = 0; k < cap; k++) {
		for (size_t i = 0; i < t[k].n; i++)
			free(t[k].bound[i].from);
		free(t[k].bound);
		wants_free(&t[k].wants);
	}
	free(t);
}

void sm__binder_free(struct sm__binder *b)
{
	if (!b)
		return;
	free_table(b->ftrace, b->cap);
	free_table(b->json, b->cap);
	free_table(b->qemu, b->cap);
	for (size_t k = 0; k < b->nlog; k++) {
		free(b->log[k].from);
		wants_free(&b->log_wants[k]);
	}
	free(b->log);
	free(b->log_wants);
	free(b->slot_at);
	free(b->reads);
	free(b->named_builtin);
	free(b->slots);
	free(b->picked);
	free(b->matches);
	free(b->entries);
	pcre2_match_data_free(b->groups);
	pcre2_match_context_free(b->limits);
	pcre2_jit_stack_free(b->jit_stack);
	free(b->counts);
	free(b->field_at);
	free(b->field_seen);
	free(b->takes);
	free(b->json_takes);
	free(b->memo);
	free(b->json_memo);
	for (size_t k = 0; k < b->cap; k++) {
		sm__pick_free(&b->prepicks[k].pick);
		free(b->prepicks[k].got);
	}
	free(b->prepicks);
	free(b);
}

/* ---- binding a record ---- */

/* The declared fields of a match not seen before. */
static void see_fields(struct sm__binder *b, const struct sm__match *m)
{
	int e = m->event;
	bool *seen = &b->field_seen[b->field_at[e]];
	for (size_t f = 0; f < b->ir->events[e].nfields; f++)
		if (!seen[f] && m->slots[f].kind != SM__VAL_NONE) {
			seen[f] = true;
			b->counts[e].fields_unseen--;
		}
}

/* Count a match, and the declared fields it carries: once every field of
 * its event was seen, a count is all. */
static inline void count(struct sm__binder *b, const struct sm__match *m)
{
	struct event_count *c = &b->counts[m->event];
	c->matched++;
	if (c->fields_unseen)
		see_fields(b, m);
}

/* The values of w's members in rec: the first of each name.  An ftrace
 * record's text is scanned once, for these members only; its time is read
 * now that it binds. */
static void gather(struct wants *w, struct sm__record *rec)
{
	if (rec->time_pending)
		sm__ftrace_time(rec);
	if (rec->fields_pending) {
		sm__ftrace_pick(rec, &w->pick, w->got);
		return;
	}
	if (rec->shape && rec->shape == w->shape) {
		for (size_t k = 0; k < w->n; k++)
			w->got[k] = w->at[k] < 0 ? (struct sm__value){0} : rec->fields[w->at[k]].value;
		return;
	}
	for (size_t k = 0; k < w->n; k++) {
		w->got[k] = (struct sm__value){0};
		w->at[k] = -1;
		for (size_t f = 0; f < rec->nfields; f++)
			if (sm__str_eq_str(rec->fields[f].name, w->name[k])) {
				w->got[k] = rec->fields[f].value;
				w->at[k] = (int)f;
				break;
			}
	}
	w->shape = rec->shape;
}

static struct sm__value int_value(int64_t i)
{
	struct sm__value v = {0};
	v.kind = SM__VAL_INT;
	v.i = i;
	return v;
}

/* Built-in `which` from the record's own columns: its time and line, and
 * for ftrace the task's (its pid and CPU read when first wanted).  A record
 * without task columns has no comm, pid or cpu here (it may have members of
 * those names: see wants.task). */
static struct sm__value column(struct sm__record *rec, int which)
{
	struct sm__value v = {0};
	if (which >= SM__BI_COMM && !rec->has_task)
		return v;
	if (which >= SM__BI_COMM && rec->task_pending)
		sm__ftrace_task(rec);
	switch (which) {
	case SM__BI_TS:
		return rec->has_ts ? int_value(rec->ts_ns) : v;
	case SM__BI_LINE:
		return int_value((int64_t)rec->lineno);
	case SM__BI_COMM:
		v.kind = SM__VAL_STR;
		v.s = rec->comm;
		return v;
	case SM__BI_PID:
		return int_value(rec->pid);
	default:
		return int_value(rec->cpu);
	}
}

/* A binding's slots from the gathered values: declared fields, falling back
 * to the built-in a field is named after, then the built-ins it reads. */
static void fill(const struct sm__binder *b, const struct bound *bd, const struct wants *w,
		 struct sm__record *rec)
{
	size_t k = (size_t)bd->binding, nfields = bd->nfields;
	struct sm__value *slots = &b->slots[b->slot_at[k]];
	const int8_t *named = &b->named_builtin[b->slot_at[k]];
	for (size_t f = 0; f < nfields; f++) {
		if (bd->from[f] < 0)
			continue; /* a log group: set by the caller */
		if (!bd->direct)
			slots[f] = w->got[bd->from[f]];
		if (slots[f].kind == SM__VAL_NONE && named[f] >= 0)
			slots[f] = column(rec, named[f]);
	}
	for (unsigned read = b->reads[k]; read; read &= read - 1) {
		int t = __builtin_ctz(read);
		if (t >= SM__BI_COMM && !rec->has_task)
			slots[nfields + (size_t)t] = w->got[w->task[t - SM__BI_COMM]];
		else
			slots[nfields + (size_t)t] = column(rec, t);
	}
}

static bool already(const struct sm__binder *b, size_t n, int event)
{
	for (size_t k = 0; k < n; k++)
		if (b->matches[k].event == event)
			return true;
	return false;
}

/* The task that an entry's or a return's record names (see plan_task). */
static struct sm__value task_of(const struct bound *bd, const struct wants *w,
				struct sm__record *rec)
{
	if (!bd->named_task && rec->has_task)
		return column(rec, SM__BI_PID);
	for (size_t k = 0; k < 2; k++)
		if (bd->task_at[k] >= 0 && w->got[bd->task_at[k]].kind != SM__VAL_NONE)
			return w->got[bd->task_at[k]];
	if (bd->task_builtin >= SM__BI_COMM)
		return column(rec, bd->task_builtin);
	return (struct sm__value){0};
}

/*
 * Binding bd took the record (its slots are filled): its event ticks once
 * however many of its `from` clauses took it, unless it is a return whose
 * entry is not open (pair.h); an entry is kept, after the record's returns
 * took theirs (sm__bind).
 */
static size_t add_match(struct sm__binder *b, size_t n, const struct bound *bd,
			const struct wants *w, struct sm__record *rec)
{
	const struct sm__ir_binding *ib = &b->ir->bindings[bd->binding];
	struct sm__value *slots = &b->slots[b->slot_at[bd->binding]];
	if (already(b, n, ib->event))
		return n;
	if (bd->paired && b->pairs) {
		struct sm__value task = task_of(bd, w, rec);
		if (ib->entry >= 0 && !sm__pairs_return(b->pairs, ib, task, slots, rec->lineno))
			return n;
		if (b->ir->events[ib->event].entry)
			b->entries[b->nentries++] = (struct entry){ib->event, task, slots};
	}
	b->matches[n].event = ib->event;
	b->matches[n].slots = slots;
	return n + 1;
}

/* The bindings of a record name take the record. */
static size_t bind_slot(struct sm__binder *b, struct name_slot *s, struct sm__record *rec)
{
	size_t n = 0;
	gather(&s->wants, rec);
	for (size_t k = 0; k < s->n; k++) {
		if (!s->bound[k].filled)
			fill(b, &s->bound[k], &s->wants, rec);
		n = add_match(b, n, &s->bound[k], &s->wants, rec);
	}
	return n;
}

/* How many bytes may be read from s: to the end of the record's line when
 * s is in it (a JSON name may be decoded elsewhere), else its own. */
static inline size_t bytes_after(const struct sm__record *rec, struct sm__str s)
{
	uintptr_t at = (uintptr_t)s.ptr, line = (uintptr_t)rec->line.ptr;
	if (at >= line && at - line <= rec->line.len && s.len <= rec->line.len - (at - line))
		return rec->line.len - (at - line);
	return s.len;
}

/* The bindings by name of a format's records; NULL: it has no names. */
static inline struct name_slot *names_of(const struct sm__binder *b, enum sm__format fmt)
{
	if (fmt == SM__FMT_FTRACE)
		return b->ftrace;
	return fmt == SM__FMT_JSONL ? b->json : fmt == SM__FMT_QEMU ? b->qemu : NULL;
}

bool sm__binder_reads_task(const struct sm__binder *b)
{
	const struct sm__ir *ir = b->ir;
	for (size_t k = 0; k < ir->nbindings; k++) {
		if (b->reads[k] >> SM__BI_COMM)
			return true;
		for (size_t f = 0; f < ir->events[ir->bindings[k].event].nfields; f++)
			if (b->named_builtin[b->slot_at[k] + f] >= SM__BI_COMM)
				return true;
	}
	return false;
}

/* sm__binder_takes by the table `takes` (the ftrace or the JSON one). */
static size_t takes_lookup(struct sm__binder *b, const struct take *takes,
			   const struct sm__record *rec)
{
	uint64_t hash = name_hash(rec->name, bytes_after(rec, rec->name));
	for (size_t at = hash & (b->cap - 1); takes[at].name.ptr; at = (at + 1) & (b->cap - 1))
		if (takes[at].hash == hash && same_name(takes[at].name, rec->name))
			return at + 1;
	if (b->unbound[hash >> 58].hash != hash)
		remember_unbound(b, rec->name, hash);
	return 0;
}

/* A name's words as the memo keeps them (takes_memo): false for a name
 * it does not keep. */
static inline bool memo_words(const struct sm__record *rec, uint64_t *first, uint64_t *last)
{
	struct sm__str name = rec->name;
	*last = 0;
	if (name.len >= 8 && name.len <= TAKES_MEMO_LEN) {
		memcpy(first, name.ptr, 8);
		memcpy(last, name.ptr + name.len - 8, 8);
	} else if (name.len && name.len < 8 && bytes_after(rec, name) >= 8) {
		*first = load_le64(name.ptr) & ~(~0ull << (8 * name.len));
	} else {
		return false;
	}
	return true;
}

static inline struct takes_memo *memo_of(struct takes_memo *memo, uint64_t first, uint64_t last,
					 size_t len)
{
	uint64_t key = (first ^ (last << 1) ^ len) * 0x9e3779b97f4a7c15ull;
	return &memo[key >> (64 - __builtin_ctz(TAKES_MEMO))];
}

/* sm__binder_takes for a name the memo does not answer: by the table,
 * the answer kept in the memo (the JSON ones, or the ftrace ones). */
static __attribute__((noinline)) size_t takes_missed(struct sm__binder *b, bool json,
						     const struct sm__record *rec)
{
	const struct take *takes = json ? b->json_takes : b->takes;
	struct takes_memo *memo = json ? b->json_memo : b->memo;
	if (!rec->name.len)
		return 0;
	uint64_t first, last;
	if (!memo_words(rec, &first, &last))
		return takes_lookup(b, takes, rec);
	size_t taken = takes_lookup(b, takes, rec);
	*memo_of(memo, first, last, rec->name.len) =
		(struct takes_memo){first, last, rec->name.len, taken};
	return taken;
}

/* The memo's answer, in few registers (takes_missed does the rest). */
static inline size_t takes_answer(struct sm__binder *b, struct takes_memo *memo, bool json,
				  const struct sm__record *rec)
{
	uint64_t first, last;
	if (memo_words(rec, &first, &last)) {
		const struct takes_memo *m = memo_of(memo, first, last, rec->name.len);
		if (m->first == first && m->last == last && m->len == rec->name.len)
			return m->taken;
	}
	return takes_missed(b, json, rec);
}

size_t sm__binder_takes(struct sm__binder *b, const struct sm__record *rec)
{
	return takes_answer(b, b->memo, false, rec);
}

size_t sm__binder_takes_json(struct sm__binder *b, const struct sm__record *rec)
{
	return takes_answer(b, b->json_memo, true, rec);
}

size_t sm__binder_takes_bound(const struct sm__binder *b)
{
	return b->cap + 1; /* a slot of the tables, plus one */
}

static bool log_match(struct sm__binder *b, size_t k, struct sm__record *rec)
{
	size_t binding = (size_t)b->log[k].binding;
	const struct sm__ir_binding *ib = &b->ir->bindings[binding];
	size_t len = rec->text.len;
	uint32_t limit = len < (UINT32_MAX - MATCH_LIMIT_BASE) / MATCH_LIMIT_PER_BYTE
				 ? MATCH_LIMIT_BASE + MATCH_LIMIT_PER_BYTE * (uint32_t)len
				 : UINT32_MAX;
	pcre2_set_match_limit(b->limits, limit);
	int rc = pcre2_match(ib->re, (PCRE2_SPTR)rec->text.ptr, len, 0, 0, b->groups, b->limits);
	if (rc < 0) {
		if (rc != PCRE2_ERROR_NOMATCH && b->gave_up < 0) {
			b->gave_up = (int)binding;
			b->gave_up_rc = rc;
		}
		return false;
	}
	const PCRE2_SIZE *at = pcre2_get_ovector_pointer(b->groups);
	size_t nfields = b->ir->events[ib->event].nfields;
	struct sm__value *slots = &b->slots[b->slot_at[binding]];
	for (size_t f = 0; f < nfields; f++) {
		size_t g = (size_t)ib->group[f];
		slots[f] = (struct sm__value){0};
		/* A group that did not take part (or lies beyond rc) is unset. */
		if (g > 0 && g < (size_t)rc && at[2 * g] != PCRE2_UNSET)
			slots[f] = sm__value_from_text(rec->text.ptr + at[2 * g],
						       at[2 * g + 1] - at[2 * g]);
	}
	gather(&b->log_wants[k], rec);
	fill(b, &b->log[k], &b->log_wants[k], rec);
	return true;
}

bool sm__bind_gave_up(const struct sm__binder *b, char *why, size_t cap)
{
	if (b->gave_up < 0)
		return false;
	const struct sm__ir_binding *ib = &b->ir->bindings[b->gave_up];
	const struct sm__ir_event *ev = &b->ir->events[ib->event];
	unsigned char msg[120];
	pcre2_get_error_message(b->gave_up_rc, msg, sizeof msg);
	snprintf(why, cap, "the pattern of event '%.*s' gave up on this line (%s): that event is not matched here",
		 (int)ev->name.len, ev->name.ptr, (const char *)msg);
	return true;
}

/* The record's events past its name's: those of `from log` patterns; then
 * the entries are kept and the matches counted.  Out of sm__bind's line:
 * most records need none of it. */
static __attribute__((noinline)) size_t bind_rest(struct sm__binder *b, struct sm__record *rec,
						  enum sm__format fmt, size_t n)
{
	b->gave_up = -1;
	/* JSON records have a text only when they are journal entries. */
	if (b->nlog && (fmt != SM__FMT_JSONL || rec->text.ptr))
		for (size_t k = 0; k < b->nlog; k++)
			if (log_match(b, k, rec))
				n = add_match(b, n, &b->log[k], &b->log_wants[k], rec);
	if (b->pairs) {
		sm__pairs_settle(b->pairs);
		for (size_t k = 0; k < b->nentries; k++)
			sm__pairs_enter(b->pairs, b->entries[k].event, b->entries[k].task,
					b->entries[k].vals, rec->lineno);
	}
	b->nentries = 0;
	for (size_t k = 0; k < n; k++)
		count(b, &b->matches[k]);
	return n;
}

/* The match of a fast name's record, its n values just picked into
 * b->picked: an earlier record's of more fields are let go past them. */
static inline size_t picked_match(struct sm__binder *b, const struct name_slot *s, size_t n)
{
	if (__builtin_expect(b->picked_n > n, 0))
		memset(&b->picked[n], 0, (b->picked_n - n) * sizeof *b->picked);
	b->picked_n = n;
	b->matches[0] = (struct sm__match){s->event, b->picked};
	count(b, &b->matches[0]);
	return 1;
}

/* The events of a record whose name the table has, at s.  Inlined whole
 * into its two callers: a frame of its own costs a deferred record ten
 * instructions of saved registers. */
static inline __attribute__((always_inline)) size_t
bind_found(struct sm__binder *b, struct name_slot *s, struct sm__record *rec,
	   enum sm__format fmt)
{
	if (s->fast && rec->fields_pending && b->names_only) {
		sm__ftrace_pick_inline(rec, &s->wants.pick, b->picked);
		return picked_match(b, s, s->wants.pick.n);
	}
	size_t n = bind_slot(b, s, rec);
	return n || !b->names_only ? bind_rest(b, rec, fmt, n) : 0;
}

/*
 * Most records of a trace bind nothing: for them, a hash, a probe or two,
 * and a look at the cache of unbound names.  Most of the others, in a
 * spec without `from log` patterns or pairs (names_only), are the one
 * event of their name, taken as they are (name_slot.fast): picked
 * straight into b->picked.  Their time is read by the caller.
 */
size_t sm__bind(struct sm__binder *b, struct sm__record *rec, enum sm__format fmt,
		const struct sm__match **out)
{
	*out = b->matches;
	struct name_slot *table = names_of(b, fmt);
	if (table && rec->name.len) {
		uint64_t hash = name_hash(rec->name, rec->name.len >= 8 ? rec->name.len
									 : bytes_after(rec, rec->name));
		struct name_slot *s = find_slot(table, b->cap, rec->name, hash);
		if (s->name.ptr)
			return bind_found(b, s, rec, fmt);
		if (b->unbound[hash >> 58].hash != hash)
			remember_unbound(b, rec->name, hash);
	}
	return b->names_only ? 0 : bind_rest(b, rec, fmt, 0);
}

size_t sm__bind_taken(struct sm__binder *b, struct sm__record *rec, size_t taken,
		      const struct sm__match **out)
{
	*out = b->matches;
	return bind_found(b, &b->ftrace[taken - 1], rec, SM__FMT_FTRACE);
}

size_t sm__bind_taken_json(struct sm__binder *b, struct sm__record *rec, size_t taken,
			   const struct sm__match **out)
{
	*out = b->matches;
	return bind_found(b, &b->json[taken - 1], rec, SM__FMT_JSONL);
}

/* The reader's pick of a name's records, made as it first meets them:
 * for a name taken as it is (name_slot.fast), of the same names. */
static __attribute__((noinline)) void make_prepick(struct sm__binder *b, struct prepick *p,
						   size_t taken)
{
	const struct name_slot *s = &b->ftrace[taken - 1];
	p->made = true;
	p->fast = s->fast;
	if (p->fast) {
		sm__pick_init(&p->pick, s->wants.name, s->wants.n);
		p->got = sm__xcalloc(s->wants.n + 1, sizeof *p->got);
	}
}

/* A record the pick's layouts do not fit: read in full, to learn its
 * layout (PREPICK_MISSES above). */
static __attribute__((noinline)) void prepick_missed(struct prepick *p,
						     const struct sm__record *rec)
{
	sm__ftrace_pick_rest(rec, &p->pick, p->got);
	if (++p->missed > PREPICK_MISSES + p->picked / 4) {
		p->paused = PREPICK_PAUSE;
		p->missed = p->picked = 0;
	}
}

bool sm__binder_prepick(struct sm__binder *b, const struct sm__record *rec, size_t taken,
			int64_t *ints, size_t *n)
{
	struct prepick *p = &b->prepicks[taken - 1];
	if (__builtin_expect(!p->made, 0))
		make_prepick(b, p, taken);
	/* (deferred records have their fields pending and bind by name only:
	 * sm__feed_defer; asked all the same, as bind_found asks) */
	if (!p->fast || !rec->fields_pending || !b->names_only)
		return false;
	if (p->paused) {
		p->paused--;
		return false;
	}
	if (!sm__pick_ints(rec, &p->pick, NULL, ints, true)) {
		prepick_missed(p, rec);
		return false;
	}
	*n = p->pick.n;
	p->picked++;
	return true;
}

size_t sm__bind_picked(struct sm__binder *b, size_t taken, const int64_t *ints, size_t n,
		       const struct sm__match **out)
{
	for (size_t k = 0; k < n; k++)
		sm__pick_put_int(&b->picked[k], (uint64_t)ints[k]);
	*out = b->matches;
	return picked_match(b, &b->ftrace[taken - 1], n);
}

void sm__binder_pairs(struct sm__binder *b, struct sm__pairs *pairs)
{
	b->pairs = pairs;
	b->names_only = !b->nlog && !pairs;
}

void sm__binder_count(struct sm__binder *b, const struct sm__match *m, size_t n)
{
	for (size_t k = 0; k < n; k++)
		count(b, &m[k]);
}

void sm__binder_count_more(struct sm__binder *b, int event, uint64_t n)
{
	b->counts[event].matched += n;
}

uint64_t sm__binder_matched(const struct sm__binder *b, int event)
{
	return b->counts[event].matched;
}

bool sm__binder_field_seen(const struct sm__binder *b, int event, size_t field)
{
	return b->field_seen[b->field_at[event] + field];
}
