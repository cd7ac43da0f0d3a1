/* bind.c: records to events (see bind.h). */
#include "bind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bindings by record name: an open-addressing table of names, each with the
 * list of bindings that take records of that name. */
struct name_slot {
	struct sm__str name;
	int *bindings;
	size_t n;
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
	int *log;                        /* `from log` bindings */
	size_t nlog;
	struct sm__value *slots;         /* per binding: its event's slots */
	size_t *slot_at;
	struct sm__match *matches;
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
	 * entry in field_seen; fields_unseen[e] counts the ones still missing,
	 * so a complete event costs one test). */
	uint64_t *matched;
	size_t *field_at, *fields_unseen;
	bool *field_seen;
};

/* The work one pattern may do on one line: a fixed allowance plus a share
 * per byte, so a linear match of a long line fits and a catastrophic one
 * (nested repetitions, backtracking over the whole line for each start)
 * stops after time proportional to the line, not exponential in it. */
#define MATCH_LIMIT_BASE 1000000u
#define MATCH_LIMIT_PER_BYTE 16u
#define DEPTH_LIMIT 100000u
#define JIT_STACK_MAX (1024 * 1024)

static struct name_slot *find_slot_hashed(struct name_slot *t, size_t cap, struct sm__str name,
					  uint64_t hash)
{
	size_t at = hash & (cap - 1);
	while (t[at].name.ptr && !sm__str_eq_str(t[at].name, name))
		at = (at + 1) & (cap - 1);
	return &t[at];
}

static struct name_slot *find_slot(struct name_slot *t, size_t cap, struct sm__str name)
{
	return find_slot_hashed(t, cap, name, sm__hash_bytes(name.ptr, name.len));
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

static void add_named(struct name_slot *t, size_t cap, struct sm__str name, int binding)
{
	struct name_slot *s = find_slot(t, cap, name);
	s->name = name;
	s->bindings = sm__xrealloc(s->bindings, (s->n + 1) * sizeof(int));
	s->bindings[s->n++] = binding;
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

struct sm__binder *sm__binder_new(const struct sm__ir *ir)
{
	struct sm__binder *b = sm__xcalloc(1, sizeof *b);
	b->ir = ir;
	b->cap = 16;
	while (b->cap < ir->nbindings * 2 + 2)
		b->cap *= 2;
	b->ftrace = sm__xcalloc(b->cap, sizeof *b->ftrace);
	b->json = sm__xcalloc(b->cap, sizeof *b->json);
	b->qemu = sm__xcalloc(b->cap, sizeof *b->qemu);
	b->log = sm__xcalloc(ir->nbindings + 1, sizeof *b->log);
	b->slot_at = sm__xcalloc(ir->nbindings + 1, sizeof *b->slot_at);
	size_t nslots = 0;
	for (size_t k = 0; k < ir->nbindings; k++) {
		const struct sm__ir_binding *ib = &ir->bindings[k];
		b->slot_at[k] = nslots;
		nslots += sm__ir_nslots(&ir->events[ib->event]);
		if (ib->kind == SM__BIND_FTRACE || ib->kind == SM__BIND_DEFAULT)
			add_named(b->ftrace, b->cap, ib->name, (int)k);
		if (ib->kind == SM__BIND_JSON || ib->kind == SM__BIND_DEFAULT)
			add_named(b->json, b->cap, ib->name, (int)k);
		if (ib->kind == SM__BIND_QEMU)
			add_named(b->qemu, b->cap, ib->name, (int)k);
		if (ib->kind == SM__BIND_LOG && ib->re) {
			b->log[b->nlog++] = (int)k;
			if (ib->ngroups + 1 > b->maxgroups)
				b->maxgroups = (uint32_t)ib->ngroups + 1;
		}
	}
	b->slots = sm__xcalloc(nslots + 1, sizeof *b->slots);
	b->matches = sm__xcalloc(ir->nbindings + 1, sizeof *b->matches);
	b->gave_up = -1;
	if (b->nlog)
		make_matcher(b);
	size_t nfields = 0;
	b->matched = sm__xcalloc(ir->nevents + 1, sizeof *b->matched);
	b->field_at = sm__xcalloc(ir->nevents + 1, sizeof *b->field_at);
	b->fields_unseen = sm__xcalloc(ir->nevents + 1, sizeof *b->fields_unseen);
	for (size_t k = 0; k < ir->nevents; k++) {
		b->field_at[k] = nfields;
		b->fields_unseen[k] = ir->events[k].nfields;
		nfields += ir->events[k].nfields;
	}
	b->field_seen = sm__xcalloc(nfields + 1, sizeof *b->field_seen);
	return b;
}

void sm__binder_free(struct sm__binder *b)
{
	if (!b)
		return;
	for (size_t k = 0; k < b->cap; k++) {
		free(b->ftrace[k].bindings);
		free(b->json[k].bindings);
		free(b->qemu[k].bindings);
	}
	free(b->ftrace);
	free(b->json);
	free(b->qemu);
	free(b->log);
	free(b->slot_at);
	free(b->slots);
	free(b->matches);
	pcre2_match_data_free(b->groups);
	pcre2_match_context_free(b->limits);
	pcre2_jit_stack_free(b->jit_stack);
	free(b->matched);
	free(b->field_at);
	free(b->fields_unseen);
	free(b->field_seen);
	free(b);
}

static struct sm__value int_value(int64_t i)
{
	struct sm__value v = {0};
	v.kind = SM__VAL_INT;
	v.i = i;
	return v;
}

static struct sm__value raw_member(const struct sm__record *rec, const char *name)
{
	for (size_t k = 0; k < rec->nfields; k++)
		if (sm__str_eq(rec->fields[k].name, name))
			return rec->fields[k].value;
	return (struct sm__value){0};
}

/* Built-in fields: the task columns of ftrace; elsewhere (JSON) a member of
 * the same name, when the record has one. */
static struct sm__value builtin(const struct sm__record *rec, int which)
{
	struct sm__value v = {0};
	if (which >= SM__BI_COMM && !rec->has_task)
		return raw_member(rec, sm__builtin_names[which]);
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

static int builtin_of(struct sm__str name)
{
	for (int k = 0; k < SM__NBUILTINS; k++)
		if (sm__str_eq(name, sm__builtin_names[k]))
			return k;
	return -1;
}

static struct sm__value member(const struct sm__record *rec, struct sm__str name)
{
	for (size_t k = 0; k < rec->nfields; k++)
		if (sm__str_eq_str(rec->fields[k].name, name))
			return rec->fields[k].value;
	int bi = builtin_of(name);
	return bi >= 0 ? builtin(rec, bi) : (struct sm__value){0};
}

static void fill_builtins(const struct sm__record *rec, struct sm__value *slots, size_t nfields)
{
	for (int k = 0; k < SM__NBUILTINS; k++)
		slots[nfields + (size_t)k] = builtin(rec, k);
}

static void fill_named(const struct sm__binder *b, size_t binding, const struct sm__record *rec)
{
	const struct sm__ir_binding *ib = &b->ir->bindings[binding];
	size_t nfields = b->ir->events[ib->event].nfields;
	struct sm__value *slots = &b->slots[b->slot_at[binding]];
	for (size_t f = 0; f < nfields; f++)
		slots[f] = member(rec, ib->member[f]);
	fill_builtins(rec, slots, nfields);
}

static bool already(const struct sm__binder *b, size_t n, int event)
{
	for (size_t k = 0; k < n; k++)
		if (b->matches[k].event == event)
			return true;
	return false;
}

static size_t add_match(struct sm__binder *b, size_t n, size_t binding)
{
	int event = b->ir->bindings[binding].event;
	if (already(b, n, event))
		return n; /* one event, two `from` clauses: it ticks once */
	b->matches[n].event = event;
	b->matches[n].slots = &b->slots[b->slot_at[binding]];
	return n + 1;
}

static size_t bind_named(struct sm__binder *b, struct sm__record *rec,
			 struct name_slot *table, size_t n)
{
	uint64_t hash = sm__hash_bytes(rec->name.ptr, rec->name.len);
	struct name_slot *s = find_slot_hashed(table, b->cap, rec->name, hash);
	if (!s->name.ptr && b->unbound[hash >> 58].hash != hash)
		remember_unbound(b, rec->name, hash);
	if (s->name.ptr && rec->fields_pending)
		sm__ftrace_fields(rec);
	for (size_t k = 0; s->name.ptr && k < s->n; k++) {
		size_t binding = (size_t)s->bindings[k];
		fill_named(b, binding, rec);
		n = add_match(b, n, binding);
	}
	return n;
}

static bool log_match(struct sm__binder *b, size_t binding, struct sm__record *rec)
{
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
	if (rec->fields_pending)
		sm__ftrace_fields(rec);
	for (size_t f = 0; f < nfields; f++) {
		size_t g = (size_t)ib->group[f];
		slots[f] = (struct sm__value){0};
		/* A group that did not take part (or lies beyond rc) is unset. */
		if (g > 0 && g < (size_t)rc && at[2 * g] != PCRE2_UNSET)
			slots[f] = sm__value_from_text(rec->text.ptr + at[2 * g],
						       at[2 * g + 1] - at[2 * g]);
		else if (g == 0)
			slots[f] = member(rec, ib->member[f]);
	}
	fill_builtins(rec, slots, nfields);
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

size_t sm__bind(struct sm__binder *b, struct sm__record *rec, enum sm__format fmt,
		const struct sm__match **out)
{
	size_t n = 0;
	b->gave_up = -1;
	if (fmt == SM__FMT_FTRACE && rec->name.len)
		n = bind_named(b, rec, b->ftrace, n);
	else if (fmt == SM__FMT_JSONL && rec->name.len)
		n = bind_named(b, rec, b->json, n);
	else if (fmt == SM__FMT_QEMU && rec->name.len)
		n = bind_named(b, rec, b->qemu, n);
	/* JSON records have a text only when they are journal entries. */
	if (fmt != SM__FMT_JSONL || rec->text.ptr)
		for (size_t k = 0; k < b->nlog; k++)
			if (log_match(b, (size_t)b->log[k], rec))
				n = add_match(b, n, (size_t)b->log[k]);
	sm__binder_count(b, b->matches, n);
	*out = b->matches;
	return n;
}

/* Count the matches of an instant, and the declared fields they carry. */
void sm__binder_count(struct sm__binder *b, const struct sm__match *m, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int e = m[k].event;
		b->matched[e]++;
		if (!b->fields_unseen[e])
			continue;
		bool *seen = &b->field_seen[b->field_at[e]];
		for (size_t f = 0; f < b->ir->events[e].nfields; f++)
			if (!seen[f] && m[k].slots[f].kind != SM__VAL_NONE) {
				seen[f] = true;
				b->fields_unseen[e]--;
			}
	}
}

uint64_t sm__binder_matched(const struct sm__binder *b, int event)
{
	return b->matched[event];
}

bool sm__binder_field_seen(const struct sm__binder *b, int event, size_t field)
{
	return b->field_seen[b->field_at[event] + field];
}
